"""Dumps of the store: every graph as N-Quads, each dataset (a disclosure with its validation
results; the reference data with the shapes) as N-Quads, Turtle and JSON-LD, and the DCAT/VoID
description of them all (catalog.ttl).

An export never deletes what it did not write: it is written into a new directory beside the
target and renamed into place at the end, and only over a directory that does not exist, is
empty, or holds a previous export (every file listed in its manifest, budgetkg-export.json).
Anything else is refused before a file is written."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from ..cube.publish import published_quads
from ..errors import ExportFailed, ExportRefused
from ..mapping import reference_graph_iri, shapes_graph_iri
from ..validate.report import validation_iri
from ..vocab import PREFIXES
from .catalogue import Dataset, Distribution, Publication, catalogue_graph, check_catalogue, source_files

FORMATS = (("nq", ox.RdfFormat.N_QUADS, "application/n-quads"),
           ("ttl", ox.RdfFormat.TURTLE, "text/turtle"),
           ("jsonld", ox.RdfFormat.JSON_LD, "application/ld+json"))
ALL_DUMP = "all.nq"
CATALOGUE_FILE = "catalog.ttl"
MANIFEST_FILE = "budgetkg-export.json"


def export(store, directory: Path, download_base: str | None = None, sparql_endpoint: str | None = None,
           progress: Callable[[str], None] | None = None, publication: Publication | None = None) -> list[Dataset]:
    """Write the dumps and the catalogue into `directory`, whole or not at all (they are written
    beside it first and renamed into place at the end); returns the datasets described."""
    target = export_target(Path(directory), store.path)
    download_base = download_base or target.as_uri() + "/"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise ExportFailed(target, f"cannot write beside it: {error.strerror}") from None
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
        _write_manifest(work)
        _put_in_place(work, target)
    except OSError as error:
        raise ExportFailed(target, error.strerror or str(error)) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [whole, *datasets]


def export_target(directory: Path, store_path: Path) -> Path:
    """The resolved directory to export into, or ExportRefused when replacing it could lose
    something export did not write."""
    target = directory.resolve()
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        raise ExportRefused(directory, "it is the current directory or one of its parents")
    store = Path(store_path).resolve()
    if target == store or target in store.parents:
        raise ExportRefused(directory, "it holds the store")
    if target.exists() and not target.is_dir():
        raise ExportRefused(directory, "it is not a directory")
    if target.is_dir() and any(target.iterdir()) and not _is_previous_export(target):
        raise ExportRefused(directory, f"it holds files that no budgetkg export wrote (no {MANIFEST_FILE} listing them); "
                                       "give a new or empty directory")
    return target


def _files_under(directory: Path) -> set[str]:
    return {path.relative_to(directory).as_posix() for path in directory.rglob("*") if not path.is_dir()}


def _write_manifest(work: Path) -> None:
    manifest = {"written-by": "budgetkg export", "files": sorted(_files_under(work))}
    (work / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _is_previous_export(directory: Path) -> bool:
    """Every file of the directory is one a previous export listed in its manifest."""
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        listed = set(manifest["files"]) | {MANIFEST_FILE}
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return manifest.get("written-by") == "budgetkg export" and _files_under(directory) <= listed


def _put_in_place(work: Path, target: Path) -> None:
    """Rename the new export onto the target; a previous export is moved aside first and put
    back if the rename fails, and deleted only once the new one is in place."""
    if not target.exists() or not any(target.iterdir()):
        os.replace(work, target)  # an empty directory is replaced by the rename itself
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.previous.", dir=target.parent))
    try:
        os.replace(target, aside)
    except OSError:
        aside.rmdir()  # still the empty placeholder
        raise
    try:
        os.replace(work, target)
    except OSError:
        os.replace(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


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
