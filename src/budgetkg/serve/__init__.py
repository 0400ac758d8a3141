"""`budgetkg serve`: the store as linked data on the web (see `app` for the IRI conventions)."""

from .app import create_app, preferred
from .graph import ReadOnlyStore

__all__ = ["ReadOnlyStore", "create_app", "preferred"]
