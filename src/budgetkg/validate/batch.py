"""Batches for `budgetkg validate`: folders read recursively, documents extracted on all cores
(one process per file) with a progress bar (file, pages/s, findings so far), and every file that
could not be read kept for the report as "not checked" with its reason."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import BudgetkgError
from ..ingest import Document, read_document
from ..mapping import disclosure_graph
from ..rdfinput import FORMATS as RDF_FORMATS
from ..rdfinput import is_rdf, read_disclosure_graphs
from ..recognise import Disclosure, documents_of_disclosures, recognise

DOCUMENT_SUFFIXES = {".pdf", ".txt", ".text"}


def expand(paths: list[str]) -> list[str]:
    """The files to check: each FILE as given, each folder's documents and RDF files (recursively,
    in name order; hidden files and folders skipped)."""
    files = []
    for path in paths:
        if not Path(path).is_dir():
            files.append(path)
            continue
        for found in sorted(Path(path).rglob("*")):
            parts = found.relative_to(path).parts
            if found.is_file() and not any(p.startswith(".") for p in parts) and \
                    found.suffix.lower() in DOCUMENT_SUFFIXES | set(RDF_FORMATS):
                files.append(str(found))
    return files


@dataclass
class Batch:
    graphs: dict = field(default_factory=dict)  # disclosure IRI -> graph
    sources: dict[str, str] = field(default_factory=dict)  # disclosure IRI -> file
    not_checked: list[dict] = field(default_factory=list)  # source, code, reason
    pages: int = 0


def _unreadable(error: BudgetkgError) -> dict:
    reason = error.reason + (f" ({error.detail})" if error.detail else "")
    return {"source": error.path, "code": error.code, "reason": reason}


def _extract(path: str) -> tuple[Document | None, Disclosure | dict | None, int]:
    """One document read and recognised (in a worker process): the document, its disclosure or
    why it is not one on its own (it may be half of a two-file publication), and its pages."""
    try:
        document = read_document(path)
    except BudgetkgError as error:
        return None, _unreadable(error), 0
    try:
        return document, recognise(document), len(document.pages)
    except BudgetkgError as error:
        return document, _unreadable(error), len(document.pages)


def _disclosures(paths: list[str], extracted: dict[str, tuple], batch: "Batch") -> list[Disclosure]:
    """The disclosures of the documents read: one per document, or one per pair of files published
    together (narrative + tables), which is recognised here once the pair is joined."""
    documents = [extracted[p][0] for p in paths if extracted[p][0] is not None]
    batch.not_checked += [extracted[p][1] for p in paths if extracted[p][0] is None]
    recognised = {id(extracted[p][0]): extracted[p][1] for p in paths if extracted[p][0] is not None}
    joined, unpaired = documents_of_disclosures(documents)
    batch.not_checked += [_unreadable(error) for error in unpaired]
    disclosures = []
    for document in joined:
        try:
            found = recognised.get(id(document)) or recognise(document)
        except BudgetkgError as error:
            found = _unreadable(error)
        if isinstance(found, Disclosure):
            disclosures.append(found)
        else:
            batch.not_checked.append(found)
    return disclosures


class BatchProgress:
    """The rich progress bar on standard error: file, pages/s, findings so far."""

    def __init__(self, total: int, enabled: bool):
        self._started = time.monotonic()
        self.pages = 0
        self.findings = 0
        console = Console(stderr=True)
        if not console.is_terminal:
            console.width = 140  # a log keeps whole lines
        self._progress = Progress(
            TextColumn("{task.description:<8}"), BarColumn(bar_width=24), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>14}"), TextColumn("{task.fields[findings]:>13}"),
            TimeElapsedColumn(), TextColumn("{task.fields[file]}"),
            console=console, disable=not enabled, transient=False,
        )
        self._task = self._progress.add_task("extract", total=total, rate="", findings="", file="")

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def read(self, path: str, pages: int) -> None:
        self.pages += pages
        rate = self.pages / max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, advance=1, file=Path(path).name, rate=f"{rate:.1f} pages/s")

    def validating(self, total: int) -> None:
        self._task = self._progress.add_task("validate", total=total, rate="", findings="findings 0", file="")

    def validated(self, disclosure: str, findings: int) -> None:
        self.findings += findings
        self._progress.update(self._task, advance=1, file=disclosure.rsplit("/disclosure/", 1)[-1],
                              findings=f"findings {self.findings}")


def read_batch(paths: list[str], base: str | None, progress: BatchProgress, workers: int | None = None) -> Batch:
    """Every file read: documents in worker processes (all cores), RDF files here."""
    batch = Batch()
    documents = [p for p in paths if not is_rdf(p)]
    workers = max(1, min(workers or os.cpu_count() or 1, len(documents)))
    extracted: dict[str, tuple] = {}
    if workers == 1:
        for path in documents:
            extracted[path] = _extract(path)
            progress.read(path, extracted[path][2])
    else:
        with ProcessPoolExecutor(workers) as pool:
            futures = {pool.submit(_extract, path): path for path in documents}
            for future in as_completed(futures):
                extracted[futures[future]] = future.result()
                progress.read(futures[future], extracted[futures[future]][2])
    batch.pages = sum(extracted[path][2] for path in documents)
    for disclosure in _disclosures(documents, extracted, batch):
        iri, graph = disclosure_graph(disclosure, base)
        batch.graphs[iri], batch.sources[str(iri)] = graph, disclosure.source
    for path in (p for p in paths if is_rdf(p)):
        try:
            found = read_disclosure_graphs(path)
        except BudgetkgError as error:
            batch.not_checked.append(_unreadable(error))
            continue
        batch.graphs.update(found)
        batch.sources.update({str(iri): path for iri in found})
        progress.read(path, 0)
    return batch
