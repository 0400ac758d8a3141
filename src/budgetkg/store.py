"""Store: the embedded pyoxigraph store on disk.

One named graph per disclosure (its IRI is the disclosure's), plus one reference graph with the
ontology, the concept schemes and the code lists under their OWL 2 RL closure. Loading a
disclosure again replaces its graph in one transaction; queries see the union of all graphs.

Default location: $BUDGETKG_STORE, else $XDG_DATA_HOME/budgetkg/store (~/.local/share/budgetkg/store).

One writer at a time, any number of readers beside it: a reader opens the store read-only
(RocksDB's read-only mode, pyoxigraph `Store.read_only`) and sees the store as it was when it
opened it. pyoxigraph warns that a writer may delete files under a reader being opened (the open
then fails with "No such file"), so a reader retries its open for a few seconds. A second writer
waits a few seconds for the first, then gives up with StoreBusy naming the process holding it
(written to OWNER_FILE in the store).
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from .codelists import code_list_graph
from .errors import StoreBusy, StoreUnreadable
from .mapping import base_iri, reference_graph_iri, shapes_graph_iri
from .reason import owl_rl_closure
from .resources import CODES_DIR, ONTOLOGY_DIR, SHAPES_DIR
from .structure import model_shapes, publication_shapes
from .validate.catalogue import shapes_graph
from .validate.report import validation_iri
from .vocab import BK, ontology_graph


def default_store_path() -> Path:
    if os.environ.get("BUDGETKG_STORE"):
        return Path(os.environ["BUDGETKG_STORE"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "budgetkg" / "store"


def _reference_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted(CODES_DIR.glob("*.csv")) + sorted(SHAPES_DIR.rglob("*.ttl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def all_shapes() -> Graph:
    """The rule shapes, the structural shapes and the shapes of the publication's catalogue, as
    published beside the data."""
    return shapes_graph() + model_shapes() + publication_shapes()


def _ntriples(graph: Graph) -> str:
    return graph.serialize(format="nt")


PENDING_VALIDATIONS = f"SELECT DISTINCT ?d WHERE {{ GRAPH ?v {{ ?d <{BK.validationPending}> true }} }}"
OWNER_FILE = "budgetkg-writer"
WAIT_SECONDS = 5.0


def _open_writer(path: Path, wait: float) -> ox.Store:
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store(str(path))
        except OSError as error:
            if "LOCK" not in str(error):
                raise StoreUnreadable(path, str(error).splitlines()[0]) from None
            if time.monotonic() >= deadline:
                raise StoreBusy(path, f"store in use by {_owner(path)}") from None
            time.sleep(0.2)


def _open_reader(path: Path, wait: float) -> ox.Store:
    if not (path / "CURRENT").is_file():
        raise StoreUnreadable(path, "not a store (no CURRENT file)")
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as error:  # a writer compacting under the open
            if time.monotonic() >= deadline:
                raise StoreUnreadable(path, str(error).splitlines()[0]) from None
            time.sleep(0.2)


def _owner(path: Path) -> str:
    try:
        return (path / OWNER_FILE).read_text(encoding="utf-8").strip() or "another process"
    except OSError:
        return "another process"


class Store:
    """A budgetkg store. Use as a context manager, or call close(). `read_only=True` for the
    commands that only read (query, validate --store, export, publish)."""

    def __init__(self, path: str | Path | None = None, base: str | None = None, read_only: bool = False,
                 wait: float = WAIT_SECONDS):
        self.path = Path(path) if path else default_store_path()
        self.base = base_iri(base)
        self.read_only = read_only
        if read_only:
            self._store = _open_reader(self.path, wait)
            return
        self.path.mkdir(parents=True, exist_ok=True)
        self._store = _open_writer(self.path, wait)
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]])
        (self.path / OWNER_FILE).write_text(f"process {os.getpid()} ({command})\n", encoding="utf-8")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
            (self.path / OWNER_FILE).unlink(missing_ok=True)
        del self._store

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        """Drop the named graph and insert the new triples, in one transaction."""
        self.replace_graphs({graph_iri: graph})

    def replace_graphs(self, graphs: dict[URIRef, Graph], pending: Iterable[str] = ()) -> None:
        """Replace each named graph by its new triples, all in one transaction (one update), and
        mark the validation of the `pending` disclosures as pending in the same transaction (their
        validation graph, replaced whole when the results are written, then holds no mark)."""
        updates = [f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{_ntriples(graph)}}} }}"
                   for iri, graph in graphs.items()]
        updates += [f"INSERT DATA {{ GRAPH <{validation_iri(d)}> {{ <{d}> <{BK.validationPending}> true }} }}"
                    for d in pending]
        if updates:
            self._store.update(" ;\n".join(updates))

    def pending_validations(self) -> list[str]:
        """The disclosures whose data was stored and whose validation results were not (a load
        interrupted in between), sorted."""
        return sorted(s["d"].value for s in self._store.query(PENDING_VALIDATIONS))

    def bulk_load(self, nquads_files: list[str | Path]) -> None:
        """N-Quads files (one disclosure graph each, as `extract --format nq` writes) loaded without
        a transaction: fast, for building a store; a graph already there is not replaced."""
        for path in nquads_files:
            self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    def compact(self) -> None:
        """Compact the store's files now rather than in the background. Bulk loading one file at a
        time leaves thousands of overlapping level-0 files that every index lookup has to merge
        (1,000 disclosures: about 4,000 files); compacted, the named queries run about a quarter
        faster."""
        self._store.optimize()

    def ensure_reference(self) -> bool:
        """(Re)load the reference graph (ontology and code lists under their OWL 2 RL closure) and
        the shapes graph (every rule and structural shape) when their files changed; True if loaded."""
        iri = reference_graph_iri(self.base)
        digest = _reference_digest()
        asked = f'ASK {{ GRAPH <{iri}> {{ <{iri}> <{BK.referenceDigest}> "{digest}" }} }}'
        if bool(self._store.query(asked)):
            return False
        closure = owl_rl_closure(ontology_graph() + code_list_graph(self.base))
        closure.graph.add((iri, BK.referenceDigest, Literal(digest)))
        # one transaction: the digest is never recorded without the shapes that go with it
        self.replace_graphs({shapes_graph_iri(self.base): all_shapes(), iri: closure.graph})
        return True

    def disclosure_graphs(self) -> list[str]:
        """The named graphs that hold a disclosure (not the reference graph, not validation results)."""
        return sorted(self.organisations())

    def organisations(self) -> dict[str, str]:
        """Every disclosure the store holds -> its organisation."""
        found = self._store.query(
            f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?g a <{BK.Disclosure}> ; <{BK.organization}> ?o }} }}")
        return {s["g"].value: s["o"].value for s in found}

    def disclosures_of(self, organisations: set[str]) -> list[str]:
        """The disclosures of these organisations the store holds, sorted."""
        return sorted(d for d, org in self.organisations().items() if org in organisations)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def quads_of(self, graph: str) -> list[ox.Quad]:
        return list(self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph))))

    def label_of(self, subject: str) -> str:
        """The subject's rdfs:label (its first, if several), or its IRI."""
        found = self._store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(str(RDFS.label)), None, None)
        return next((quad.object.value for quad in found), subject)

    def graph_ntriples(self, iri: str) -> bytes:
        return self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(iri)))

    def query(self, sparql: str):
        return self._store.query(sparql, use_default_graph_as_union=True)

    def quad_count(self) -> int:
        return len(self._store)
