"""Publish: the store's graphs sent to a SPARQL 1.1 server (Graph Store Protocol or SPARQL
Update), or written as dumps with a DCAT catalogue and a VoID description."""

from .catalogue import Publication, catalogue_graph, check_catalogue
from .endpoint import CHUNK, Target, publish
from .export import export

__all__ = ["CHUNK", "Publication", "Target", "catalogue_graph", "check_catalogue", "export", "publish"]
