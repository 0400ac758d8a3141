"""Where the project's data lives: the ontology, the shapes, the code lists and the queries sit at
the top of the repository (the design card's layout), beside `src/`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ROOT / "shapes"
CODES_DIR = ROOT / "data" / "codes"
QUERIES_DIR = ROOT / "queries"
ORGANIZATIONS_DIR = ROOT / "data" / "organizations"
