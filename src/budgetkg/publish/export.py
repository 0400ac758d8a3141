"""Dumps of the store: every graph as N-Quads, each dataset (a disclosure with its validation
results; the reference data with the shapes) as N-Quads, Turtle and JSON-LD, and the DCAT/VoID
description of them all (catalog.ttl)."""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..cube.publish import published_quads
from ..mapping import reference_graph_iri, shapes_graph_iri
from ..validate.report import validation_iri
from ..vocab import PREFIXES
from .catalogue import Dataset, Distribution, Publication, catalogue_graph, check_catalogue, source_files

FORMATS = (("nq", ox.RdfFormat.N_QUADS, "application/n-quads"),
           ("ttl", ox.RdfFormat.TURTLE, "text/turtle"),
           ("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json"))
ALL_DUMP = "all.nq"
CATALOGUE_FILE = "catalog.ttl"


def export(store, directory: Path, download_base: str | None = None, sparql_endpoint: str | None = None,
           progress: Callable[[str], None] | None = None, publication: Publication | None = None) -> list[Dataset]:
    """Write the dumps and the catalogue into `directory`, whole or not at all (they are written
    beside it first and moved in place at the end); returns the datasets described."""
    directory = Path(directory)
    download_base = download_base or directory.resolve().as_uri() + "/"
    work = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.resolve().parent))
    try:
        datasets = [_write_dataset(store, work, download_base, name, graphs, title)
                    for name, graphs, title in _dataset_plan(store)]
        if progress:
            progress(f"{len(datasets)} datasets written")
        whole = _write_whole(store, work, download_base, datasets, sparql_endpoint)
        catalogue = catalogue_graph(store.base, whole, datasets, publication=publication)
        conforms, text = check_catalogue(catalogue)
        if not conforms:
            raise AssertionError(f"the catalogue breaks shapes/publication:\n{text}")
        catalogue.serialize(work / CATALOGUE_FILE, format="turtle")
        if directory.exists():
            shutil.rmtree(directory)
        work.rename(directory)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return [whole, *datasets]


def _dataset_plan(store) -> list[tuple[str, list[str], str]]:
    """(file name, graphs, title) of each dataset: one per disclosure, and the reference data."""
    plan = []
    graphs = set(store.named_graphs())
    for disclosure in store.disclosure_graphs():
        validation = str(validation_iri(disclosure))
        members = [disclosure] + ([validation] if validation in graphs else [])
        plan.append((_file_name(store.base, disclosure), members, store.label_of(disclosure)))
    reference = [str(reference_graph_iri(store.base)), str(shapes_graph_iri(store.base))]
    plan.append(("reference", [g for g in reference if g in graphs], "本体、代码表与规则 / ontology, code lists and rules"))
    return plan


def _file_name(base: str, disclosure: str) -> str:
    """A readable, safe file name for a disclosure (its IRI path), unique by a short hash."""
    path = disclosure.removeprefix(f"{base}disclosure/")
    readable = re.sub(r"[^\w.-]+", "-", path).strip("-")
    return f"{readable}-{hashlib.sha1(disclosure.encode()).hexdigest()[:8]}"


def _quads(store, graphs: list[str]) -> list[ox.Quad]:
    return [quad for graph in graphs for quad in published_quads(store, graph)]


def _write_dataset(store, work: Path, download_base: str, name: str, graphs: list[str], title: str) -> Dataset:
    quads = _quads(store, graphs)
    distributions = []
    for suffix, rdf_format, media_type in FORMATS:
        relative = f"datasets/{name}.{suffix}"
        target = work / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        items = [ox.Triple(q.subject, q.predicate, q.object) for q in quads] if rdf_format is ox.RdfFormat.TURTLE else quads
        target.write_bytes(ox.serialize(items, format=rdf_format, prefixes=_prefixes() if rdf_format is not ox.RdfFormat.N_QUADS else None))
        distributions.append(Distribution(download_base + relative, media_type, target.stat().st_size))
    return Dataset(name, title, graphs, len(quads), distributions, sources=[s for g in graphs for s in source_files(store, g)])


def _write_whole(store, work: Path, download_base: str, datasets: list[Dataset], sparql_endpoint: str | None) -> Dataset:
    graphs = [g for d in datasets for g in d.graphs]
    with open(work / ALL_DUMP, "wb") as stream:
        for graph in graphs:
            stream.write(ox.serialize(published_quads(store, graph), format=ox.RdfFormat.N_QUADS))
    dump = Distribution(download_base + ALL_DUMP, "application/n-quads", (work / ALL_DUMP).stat().st_size)
    return Dataset("all", "budgetkg 预决算公开知识图谱 / budgetkg disclosure knowledge graph", graphs,
                   sum(d.triples for d in datasets), [dump], sparql_endpoint)


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
