"""The `budgetkg` command."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
import unicodedata
from pathlib import Path

import click

from rdflib import Dataset

from . import __version__
from .errors import BudgetkgError, StoreMissing
from .claims import narrative_claims
from .demo.render import FORMATS as DEMO_FORMATS
from .demo.render import LAYOUTS as DEMO_LAYOUTS
from .demo.run import SHOWN_ROWS, demo_files, demo_findings, demo_queries, summary
from .ingest import read_document
from .mapping import base_iri, disclosure_graph
from .rdfinput import is_rdf, read_disclosure_graphs
from .publish import CHUNK, Publication, Target, export as export_store, publish as publish_graphs
from .queries import find_query, named_queries, parse_params, run_on_endpoint, run_on_store
from .recognise import Disclosure, documents_of_disclosures, recognise
from .resources import ONTOLOGY_DIR
from .store import Store, default_store_path
from .validate import record_results, validate_graphs, validate_stored
from .validate.catalogue import catalogue_markdown, load_rules, rule_markdown
from .validate.batch import BatchProgress, expand, read_batch
from .validate.formats import BINARY_FORMATS, FORMATS, render
from .validate.waivers import WAIVER_FILE, BadReport, apply_waivers, waiver_files
from .validate.waivers import waive as add_waivers
from .vocab import BK, PREFIXES

EXIT_VIOLATIONS = 1
EXIT_BAD_INPUT = 2


def _report_error(error: BudgetkgError) -> None:
    click.echo(f"budgetkg: error: {error.line()}", err=True)


def _progress(index: int, total: int, path: str, outcome: str) -> None:
    if total > 1:
        click.echo(f"[{index}/{total}] {path}: {outcome}", err=True)


def _write_atomically(target: Path, text: str | bytes) -> None:
    """Write the whole output or nothing: a half-written file never replaces a good one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with (os.fdopen(handle, "wb") if isinstance(text, bytes) else os.fdopen(handle, "w", encoding="utf-8")) as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def extract_all(paths: list[str]) -> tuple[list[Disclosure], list[BudgetkgError]]:
    """Read and recognise every file; a bad file is reported and the batch goes on. The two
    files of a disclosure published as narrative + tables are read as one disclosure."""
    documents, errors = [], []
    for index, path in enumerate(paths, 1):
        try:
            documents.append(read_document(path))
        except BudgetkgError as error:
            errors.append(error)
            _report_error(error)
            _progress(index, len(paths), path, f"failed [{error.code}]")
    joined, unpaired = documents_of_disclosures(documents)
    for error in unpaired:
        errors.append(error)
        _report_error(error)
    disclosures = []
    position = {path: index for index, path in enumerate(paths, 1)}
    for document in joined:
        index, names = position.get(document.source, 0), " + ".join(f.source for f in document.files)
        try:
            disclosure = recognise(document)
        except BudgetkgError as error:
            errors.append(error)
            _report_error(error)
            _progress(index, len(paths), names, f"failed [{error.code}]")
            continue
        disclosures.append(disclosure)
        cells = sum(len(t.amount_cells()) for t in disclosure.tables)
        _progress(index, len(paths), names, f"{len(disclosure.tables)} tables, {cells} figures ({disclosure.profile})")
    return disclosures, errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="budgetkg")
def main() -> None:
    """budgetkg reads Chinese government budget and final-accounts disclosures (部门预算 /
    部门决算公开), turns their tables and narrative into data, and checks them against the
    disclosure rules.

    Exit codes: 0 success, 1 rule violations found (validate), 2 bad input.
    """


def _dataset(disclosures: list[Disclosure], base: str | None) -> Dataset:
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for disclosure in disclosures:
        iri, graph = disclosure_graph(disclosure, base)
        named = dataset.graph(iri)
        for triple in graph:
            named.add(triple)
    return dataset


def _render(disclosures: list[Disclosure], output_format: str, base: str | None) -> str:
    if output_format == "json":
        return json.dumps([d.as_dict() for d in disclosures], ensure_ascii=False, indent=2) + "\n"
    dataset = _dataset(disclosures, base)
    if output_format == "nq":
        return dataset.serialize(format="nquads")
    if output_format == "jsonld":
        context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
        return dataset.serialize(format="json-ld", context=context, indent=1)
    union = dataset.graph()  # ttl: one graph; every disclosure's IRIs are distinct
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    for quad in dataset.quads():
        union.add(quad[:3])
    return union.serialize(format="turtle")


BASE_OPTION = click.option("--base", metavar="IRI", help="Base IRI of the data (default $BUDGETKG_BASE or https://w3id.org/budgetkg/id/).")
STORE_OPTION = click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
                            help="Store directory (default $BUDGETKG_STORE or ~/.local/share/budgetkg/store).")


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (written whole or not at all).")
@click.option("--format", "output_format", type=click.Choice(["json", "ttl", "nq", "jsonld"]), default="json",
              show_default=True,
              help="json: the recognised model for inspection; ttl, nq (one named graph per disclosure), "
                   "jsonld: the RDF graph, every figure with its provenance.")
@BASE_OPTION
def extract(files: tuple[str, ...], output: Path | None, output_format: str, base: str | None) -> None:
    """Read disclosures (PDF or text) and print what was recognised.

    Each FILE is read on its own; a file that cannot be read is reported on standard error with
    its reason, the others are still processed, and the exit code is 2.
    """
    disclosures, errors = extract_all(list(files))
    if disclosures:
        text = _render(disclosures, output_format, base)
        if output is None:
            click.echo(text, nl=False)
        else:
            _write_atomically(output, text)
    sys.exit(EXIT_BAD_INPUT if errors else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True)
def claims(files: tuple[str, ...], output_format: str) -> None:
    """List the claims of each disclosure's narrative (情况说明), then the sentences holding a
    figure (万元, 元, %) that yielded no claim for it, and the coverage: the share of such
    sentences whose every figure is in a claim."""
    disclosures, errors = extract_all(list(files))
    documents = []
    for disclosure in disclosures:
        found = narrative_claims(disclosure)
        documents.append((disclosure, found))
    if output_format == "json":
        click.echo(json.dumps([{
            "source": d.source, "coverage": round(n.coverage, 4), "sentences_with_figures": n.sentences_with_figures,
            "claims": [c.as_dict() for c in n.claims], "unparsed": [u.as_dict() for u in n.unparsed],
        } for d, n in documents], ensure_ascii=False, indent=2))
    else:
        for disclosure, found in documents:
            click.echo(_claims_table(disclosure, found))
    sys.exit(EXIT_BAD_INPUT if errors else 0)


def _claims_table(disclosure: Disclosure, found) -> str:
    header = ["page/line", "section", "kind", "metric/code", "figures", "whole", "direction", "comparison"]
    rows = [[
        str(c.location.page or c.location.line), c.section or "", c.kind, c.metric or c.code or "?",
        " ".join(f"{role}={f.text}" for role, f in c.figures.items()), c.whole or c.whole_code or "",
        c.direction or "", c.comparison or "",
    ] for c in found.claims]
    lines = [f"# {disclosure.source}: {len(found.claims)} claims; coverage {found.coverage:.1%} "
             f"of {found.sentences_with_figures} sentences with figures",
             format_rows(header, rows, "table").rstrip()]
    lines.append(f"## sentences with figures that yielded no claim: {len(found.unparsed)}")
    lines += [f"{u.location.page or u.location.line}: {u.sentence}  [left: {' '.join(u.leftover)}]" for u in found.unparsed]
    return "\n".join(lines) + "\n"


def graphs_of(paths: list[str], base: str | None) -> tuple[dict, dict[str, str], list[BudgetkgError]]:
    """Disclosure graphs (IRI -> graph) of documents and of RDF files, their sources, and the
    errors of files that could not be read (reported as they happen; the batch goes on)."""
    documents = [p for p in paths if not is_rdf(p)]
    disclosures, errors = extract_all(documents)
    graphs, sources = {}, {}
    for disclosure in disclosures:
        iri, graph = disclosure_graph(disclosure, base)
        graphs[iri], sources[str(iri)] = graph, disclosure.source
    for path in (p for p in paths if is_rdf(p)):
        try:
            found = read_disclosure_graphs(path)
        except BudgetkgError as error:
            errors.append(error)
            _report_error(error)
            continue
        graphs.update(found)
        sources.update({str(iri): path for iri in found})
    return graphs, sources, errors


def _open_existing_store(store_path: Path | None, base: str | None = None) -> Store:
    """The store to read from, opened read-only (readers run beside each other and beside a
    writer); a missing one is bad input rather than a new empty store."""
    path = store_path or default_store_path()
    if not (path / "CURRENT").is_file():
        _report_error(StoreMissing(path))
        sys.exit(EXIT_BAD_INPUT)
    store = _opened(lambda: Store(path, base, read_only=True))
    _warn_interrupted(store.pending_validations())
    return store


def _warn_interrupted(disclosures) -> None:
    """A reader of the store says which results a killed load left missing or out of date."""
    for disclosure in sorted(disclosures):
        click.echo(f"budgetkg: warning: validation of <{disclosure}> was interrupted, its results are missing "
                   "or out of date; run budgetkg load again", err=True)


def _open_store_for_writing(store_path: Path | None, base: str | None = None) -> Store:
    """The store to write to; another writer holding it is reported ("store in use by ...")."""
    return _opened(lambda: Store(store_path, base))


def _opened(open_store) -> Store:
    try:
        return open_store()
    except BudgetkgError as error:
        _report_error(error)
        sys.exit(EXIT_BAD_INPUT)


def _load_and_validate(store: Store, graphs: dict):
    """The graphs into the store, then they and their units' other disclosures validated there
    (a new year can change the others' cross-year results), the results kept in the store; so are
    the disclosures whose validation an earlier load left pending. Each of them is marked pending
    in the transaction that stores its data (or before, for the others), the mark cleared by the
    one that writes its results. Returns the disclosures validated and the report."""
    store.ensure_reference()
    interrupted = store.pending_validations()
    for disclosure in interrupted:
        click.echo(f"validation of <{disclosure}> was interrupted: validating it again", err=True)
    loaded = {str(iri) for iri in graphs}
    store.replace_graphs({}, pending=sorted(set(store.disclosures_of(_organisations(graphs)) + interrupted) - loaded))
    for iri, graph in graphs.items():
        store.replace_graphs({iri: graph}, pending=[str(iri)])
    affected = sorted(set(store.disclosures_of(_organisations(graphs))) | set(interrupted))
    report = validate_stored(store, affected)
    record_results(store, report)
    return affected, report


def _organisations(graphs: dict) -> set[str]:
    return {str(o) for iri, graph in graphs.items() for o in graph.objects(iri, BK.organization)}


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE|DIR...")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text",
              show_default=True, help="text: readable, by document and severity; json: the report of "
              "DESIGN.md (schema in schemas/report.schema.json); ttl: the sh:ValidationReport; html: one "
              "self-contained page with the page pictures; csv, xlsx: one row per finding (xlsx needs -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (written whole or not at all).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--store", "store_path", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Bring in the units' other years and documents from this store (read only), so that the "
                   "cross-year and cross-document rules (Y, D) can run; without it they stay silent.")
@click.option("--waivers", "waiver_paths", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help=f"A waiver file to apply besides the {WAIVER_FILE} next to each document (repeatable).")
@click.option("--workers", type=click.IntRange(min=1), help="Processes for extraction (default: all cores).")
@BASE_OPTION
def validate(files: tuple[str, ...], output_format: str, output: Path | None, lang: str, store_path: Path | None,
             waiver_paths: tuple[Path, ...], workers: int | None, base: str | None) -> None:
    """Check disclosures against the rules of RULES.md. FILE is a document (PDF or text) or RDF
    that `budgetkg extract` wrote (.nq, .trig, .jsonld; .ttl or .nt with one disclosure); DIR is
    read recursively. Documents are extracted on all cores, with a progress bar for batches.

    A file that cannot be read is listed in the report as not checked, with its reason. Findings
    accepted with `budgetkg waive` are listed as waived.

    Exit code 0: no open violation; 1: violations found; 2: bad input (the readable files are still
    checked and reported).
    """
    if output_format in BINARY_FORMATS and output is None:
        raise click.UsageError(f"--format {output_format} needs -o FILE")
    paths = expand(list(files))
    if not paths:
        raise click.UsageError("no document or RDF file in " + " ".join(files))
    with BatchProgress(len(paths), enabled=len(paths) > 1) as progress:
        batch = read_batch(paths, base, progress, workers)
        for unreadable in batch.not_checked:
            click.echo(f"budgetkg: error: {unreadable['source']}: {unreadable['reason']} [{unreadable['code']}]", err=True)
        context = {}
        if store_path is not None:
            with _open_existing_store(store_path, base) as store:
                context = {iri: store.graph_ntriples(iri) for iri in store.disclosures_of(_organisations(batch.graphs))}
        progress.validating(len(batch.graphs))
        report = validate_graphs(batch.graphs, base, batch.sources, context, progress.validated)
    report.not_checked = batch.not_checked
    try:
        stale = apply_waivers(report, waiver_files(list(batch.sources.values()), list(waiver_paths)))
    except BudgetkgError as error:
        _report_error(error)
        sys.exit(EXIT_BAD_INPUT)
    for waiver in stale:
        click.echo(f"budgetkg: waiver {waiver['fingerprint']} ({waiver.get('rule')}, {waiver.get('source')}) no longer "
                   "matches a finding: the document changed, so the finding is open again", err=True)
    text = render(report, output_format, lang, output)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write_atomically(output, text)
    if batch.not_checked:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(0 if report.conforms else EXIT_VIOLATIONS)


@main.command()
@click.argument("report_file", metavar="REPORT", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("fingerprints", nargs=-1, required=True, metavar="FINGERPRINT...")
@click.option("--reason", required=True, help="Why the finding is accepted (kept with the waiver).")
@click.option("--by", help="Who accepted it.")
def waive(report_file: Path, fingerprints: tuple[str, ...], reason: str, by: str | None) -> None:
    """Accept findings of a JSON report (`budgetkg validate --format json -o REPORT`) by their
    fingerprints (or unique beginnings of at least 6 characters). Each waiver is written to the
    budgetkg-waivers.json next to the finding's document; later runs list the finding as waived,
    until the document changes.
    """
    try:
        report = json.loads(report_file.read_text(encoding="utf-8"))
        written = add_waivers(report, list(fingerprints), reason.strip(), by)
    except (ValueError, KeyError) as error:
        _report_error(BadReport(report_file, type(error).__name__))
        sys.exit(EXIT_BAD_INPUT)
    except BudgetkgError as error:
        _report_error(error)
        sys.exit(EXIT_BAD_INPUT)
    for path in written:
        click.echo(f"waivers written to {path}", err=True)


@main.command()
@click.argument("directory", required=False, default="budgetkg-demo", type=click.Path(file_okay=False, path_type=Path))
@click.option("--regenerate", is_flag=True, help="Write a fresh district instead of using the bundled one (data/demo).")
@click.option("--layout", "layouts", multiple=True, type=click.Choice(sorted(DEMO_LAYOUTS)),
              help="Write a fresh district in this layout (repeatable; default national-2020).")
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(DEMO_FORMATS)),
              help="Write a fresh district in this format (repeatable; default txt).")
def demo(directory: Path, regenerate: bool, layouts: tuple[str, ...], formats: tuple[str, ...]) -> None:
    """Run the whole pipeline on a fictional district (10 departments, 3 years of 决算, and for
    three of them each year's 部门预算 and 单位预算, one year with two budget units; a few planted
    defects recorded in its truth.json): read, load into a store under DIRECTORY,
    validate, print a summary, the findings and three comparisons, and write the reports
    (report.html, report.json, report.txt) to DIRECTORY."""
    files = demo_files(directory, regenerate, layouts, formats)
    click.echo(f"demo district: {len(files)} disclosures from {files[0].parent}", err=True)
    graphs, _, errors = graphs_of([str(f) for f in files], None)
    with _open_store_for_writing(directory / "store") as store:
        _, report = _load_and_validate(store, graphs)
        for name, output_format in (("report.html", "html"), ("report.json", "json"), ("report.txt", "text")):
            _write_atomically(directory / name, render(report, output_format, "zh", directory / name))
        click.echo("\n".join(summary(report.as_dict())))
        click.echo("\n".join(demo_findings(report.as_dict())))
        for named in demo_queries():
            variables, rows = run_on_store(store, named.bind({}), named.path)
            click.echo(f"\n# {named.name}: {named.title}")
            click.echo(format_rows(variables, rows[:SHOWN_ROWS], "table"), nl=False)
            if len(rows) > SHOWN_ROWS:
                click.echo(f"({len(rows) - SHOWN_ROWS} more rows not shown: budgetkg query {named.name} "
                           f"--store {directory / 'store'})")
    click.echo(f"\nreport: {(directory / 'report.html').resolve()} (open it in a browser); "
               f"also {directory / 'report.json'}, {directory / 'report.txt'}; store: {directory / 'store'}")
    sys.exit(EXIT_BAD_INPUT if errors else 0)


@main.command()
@click.argument("rule_id", metavar="[ID]", required=False)
def rules(rule_id: str | None) -> None:
    """Print the rule catalogue (Markdown), made from the shapes in shapes/rules/; with an ID
    (e.g. A-01), that rule in full: severities, messages, source and its SPARQL query."""
    if rule_id is None:
        click.echo(catalogue_markdown(), nl=False)
        return
    found = [rule for rule in load_rules() if rule.id == rule_id.upper()]
    if not found:
        raise click.BadParameter(f"no rule {rule_id} (budgetkg rules lists them)", param_hint="ID")
    click.echo(rule_markdown(found[0]), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@STORE_OPTION
@BASE_OPTION
def load(files: tuple[str, ...], store_path: Path | None, base: str | None) -> None:
    """Read disclosures (documents or RDF) into the embedded store, one named graph each, and
    validate them there with their units' other years and documents.

    Loading a disclosure again replaces its graph (nothing is duplicated). Each disclosure's
    validation results are kept in the graph <DISCLOSURE/validation>; the other disclosures of the
    same units are validated again, since a new year can change their cross-year results. The
    ontology and the code lists are kept in a reference graph, rebuilt with their OWL 2 RL closure
    when they change.
    """
    graphs, _, errors = graphs_of(list(files), base)
    with _open_store_for_writing(store_path, base) as store:
        if store.ensure_reference():
            click.echo("reference graph (ontology, code lists, OWL 2 RL closure) loaded", err=True)
        for iri, graph in graphs.items():
            click.echo(f"loading <{iri}>: {len(graph)} triples", err=True)
        affected, report = _load_and_validate(store, graphs)
        counts = report.summary
        click.echo(f"validated {len(affected)} disclosures: {counts['violation']} violations, "
                   f"{counts['warning']} warnings, {counts['info']} infos", err=True)
        click.echo(f"store {store.path}: {len(store.disclosure_graphs())} disclosures, {store.quad_count()} quads", err=True)
    sys.exit(EXIT_BAD_INPUT if errors else 0)


@main.command()
@click.argument("name", metavar="NAME", required=False)
@click.option("--param", "params", multiple=True, metavar="K=V", help="A query parameter (repeatable); see --list.")
@STORE_OPTION
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL 1.1 query endpoint instead of the embedded store.")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries, their questions and parameters.")
def query(name: str | None, params: tuple[str, ...], store_path: Path | None, endpoint: str | None,
          output_format: str, list_queries: bool) -> None:
    """Run a named query of queries/ (NAME, e.g. sangong-by-unit-year) or any SELECT query file.

    Queries see all graphs as one (the store's union; on a server, its default graph).
    Examples: budgetkg query --list; budgetkg query sangong-by-unit-year --param year=2025;
    budgetkg query my.rq --endpoint http://127.0.0.1:7878/query
    """
    if list_queries:
        click.echo(_query_list(), nl=False)
        return
    if name is None:
        raise click.UsageError("give a query NAME or file, or --list")
    if store_path and endpoint:
        raise click.UsageError("--store and --endpoint exclude each other")
    try:
        named = find_query(name)
        sparql = named.bind(parse_params(params))
        if endpoint:
            variables, rows = run_on_endpoint(endpoint, sparql, named.path)
        else:
            with _open_existing_store(store_path) as store:
                variables, rows = run_on_store(store, sparql, named.path)
    except BudgetkgError as error:
        _report_error(error)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(format_rows(variables, rows, output_format), nl=False)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store endpoint (Oxigraph: http://HOST:7878/store; Virtuoso: "
                   "http://HOST:8890/sparql-graph-crud-auth), or its update endpoint with --protocol update "
                   "(Oxigraph: http://HOST:7878/update; Virtuoso: http://HOST:8890/sparql-auth).")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="gsp: SPARQL 1.1 Graph Store Protocol (one PUT per graph; a graph larger than a chunk is "
                   "staged and moved with --update-endpoint); update: INSERT DATA per chunk into a staging "
                   "graph, then MOVE.")
@click.option("--update-endpoint", metavar="URL",
              help="With gsp: the server's update endpoint, to MOVE a graph staged in chunks onto its target.")
@click.option("--graph-param", default="graph", show_default=True, help="The graph parameter of the GSP endpoint (Virtuoso: graph-uri).")
@click.option("--user", help="User name, if the server asks (Basic or Digest).")
@click.option("--password", envvar="BUDGETKG_PASSWORD", help="Password (or $BUDGETKG_PASSWORD).")
@click.option("--chunk", type=click.IntRange(min=1),
              help=f"Triples per request (default {CHUNK['gsp']:,} with gsp, {CHUNK['update']:,} with update: "
                   "Virtuoso's SPARQL parser fails near 5,000 triples per INSERT DATA).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a request that failed on the way (no answer, timeout, HTTP 429 or 5xx), "
                   "waiting 1, 2, 4... s.")
@STORE_OPTION
def publish(endpoint: str, protocol: str, update_endpoint: str | None, graph_param: str, user: str | None,
            password: str | None, chunk: int | None, timeout: float, retries: int, store_path: Path | None) -> None:
    """Send the store to a SPARQL 1.1 server: one named graph per disclosure, its validation
    results, the reference graph (ontology, code lists) and the shapes. Each graph replaces the
    server's graph of the same name whole, in one step at the end (a failed graph leaves the
    server's as it was); blank nodes are skolemised. Query the server afterwards with
    `budgetkg query NAME --endpoint URL` (the server must query the union of its graphs by default:
    oxigraph serve --union-default-graph; Virtuoso does).
    """
    target = Target(endpoint, protocol, graph_param, user, password, update_endpoint, timeout, retries)
    with _open_existing_store(store_path) as store:
        graphs = ((g, store.graph_ntriples(g)) for g in store.named_graphs())
        try:
            sent = publish_graphs(graphs, target, store.base, chunk, _report_sent)
        except BudgetkgError as error:
            _report_error(error)
            sys.exit(EXIT_BAD_INPUT)
    click.echo(f"published {len(sent)} graphs, {sum(s.triples for s in sent)} triples to {endpoint}", err=True)


def _report_sent(sent) -> None:
    retried = f", {sent.retries} retried" if sent.retries else ""
    click.echo(f"published <{sent.graph}>: {sent.triples} triples in {sent.requests} requests{retried}", err=True)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--download-base", metavar="URL", help="Where DIRECTORY will be served (the catalogue's download URLs); default: its file: URI.")
@click.option("--sparql-endpoint", metavar="URL", help="The public SPARQL endpoint to name in the VoID description.")
@click.option("--license", "licence", metavar="URL",
              help="The licence of the dumps (default $BUDGETKG_LICENSE, else CC BY 4.0).")
@click.option("--publisher", metavar="NAME", help="Who publishes the dumps (default $BUDGETKG_PUBLISHER, else budgetkg).")
@STORE_OPTION
def export(directory: Path, download_base: str | None, sparql_endpoint: str | None, licence: str | None,
           publisher: str | None, store_path: Path | None) -> None:
    """Write the store as dumps into DIRECTORY: all.nq (every graph), datasets/NAME.{nq,ttl,jsonld}
    (one dataset per disclosure with its validation results, and the reference data with the
    shapes), and catalog.ttl (DCAT catalogue and VoID description with licence, publisher and
    each disclosure's source document, checked against shapes/publication). The dumps carry the
    Data Cube values materialised (see budgetkg.cube.publish). DIRECTORY must be new, empty or a
    previous export (its manifest budgetkg-export.json lists every file in it); it is replaced
    whole, or left as it was on failure."""
    with _open_existing_store(store_path) as store:
        try:
            datasets = export_store(store, directory, download_base, sparql_endpoint,
                                    lambda text: click.echo(text, err=True),
                                    Publication.configured(licence, publisher))
        except BudgetkgError as error:
            _report_error(error)
            sys.exit(EXIT_BAD_INPUT)
    click.echo(f"exported {len(datasets) - 1} datasets, {datasets[0].triples} triples, to {directory}", err=True)



@main.command("check-cube")
@click.argument("dumps", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@STORE_OPTION
def check_cube(dumps: tuple[Path, ...], store_path: Path | None) -> None:
    """Check the W3C RDF Data Cube integrity constraints (IC-1 to IC-21): on DUMPS (N-Quads,
    as `budgetkg export` wrote them, checked as published) or, without DUMPS, on the store
    (after the specification's normalisation). Prints each constraint and a few offending nodes.
    Exit 0: all hold; 1: some fail; 2: bad input."""
    import pyoxigraph as ox

    from .cube.integrity import blank_observations, check, graph_of

    if dumps:
        quads = [q for path in dumps for q in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])
                                                        or ox.RdfFormat.N_QUADS)]
        graph = graph_of(quads, normalise=False)
    else:
        with _open_existing_store(store_path) as store:
            graph = graph_of([q for g in store.named_graphs() for q in store.quads_of(g)])
    outcomes = check(graph)
    for outcome in outcomes:
        click.echo(f"{outcome.constraint}: {'pass' if outcome.passed else 'FAIL ' + ' '.join(outcome.offending)}")
    click.echo(f"{sum(o.passed for o in outcomes)} of {len(outcomes)} constraints hold; "
               f"{blank_observations(graph)} blank cells are observations without a measure (bk:blank)", err=True)
    sys.exit(0 if all(o.passed for o in outcomes) else EXIT_VIOLATIONS)

@main.command()
@STORE_OPTION
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port (0: any free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback unless you mean to publish).")
@click.option("--base", help="The base of the IRIs the store holds, served under /id/ "
                             "(default $BUDGETKG_BASE or https://w3id.org/budgetkg/id/).")
@click.option("--dumps", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="An export directory (budgetkg export) to offer for download under /dumps/.")
@click.option("--documents", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A directory holding the original documents, sent at /source/SHA256 when name and digest match.")
def serve(store_path: Path | None, port: int, host: str, base: str | None, dumps: Path | None,
          documents: Path | None) -> None:
    """Serve the store as linked data: every IRI under the base dereferenced at /id/PATH (303 to
    /page/PATH for browsers, /data/PATH.ttl or .jsonld for clients, by the Accept header), pages
    per organisation, disclosure and figure, the named queries with a form, a table and a chart
    (/queries), a read-only SPARQL 1.1 endpoint (/sparql), the dumps (/dumps/) and the original
    documents (/source/SHA256). Stop with Ctrl-C."""
    import uvicorn

    from .serve import ReadOnlyStore, create_app
    from .serve.graph import pending_validations

    path = store_path or default_store_path()
    if not path.is_dir():
        _report_error(StoreMissing(path))
        sys.exit(EXIT_BAD_INPUT)
    store = ReadOnlyStore(path, base_iri(base))
    _warn_interrupted(pending_validations(store))
    app = create_app(store, dumps, documents)
    click.echo(f"budgetkg serve: http://{host}:{port}/ (store {path}); Ctrl-C stops it", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")

def _query_list() -> str:
    lines = []
    for named in named_queries():
        lines.append(f"{named.name}: {named.title}")
        if named.question:
            lines.append(f"    {named.question}")
        lines += [f"    --param {p.name}=<{p.type}>  {p.description}" + (f" (default {p.default})" if p.default else "")
                  for p in named.parameters]
    return "\n".join(lines) + "\n"


def format_rows(variables: list[str], rows: list[list[str]], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([dict(zip(variables, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows(rows)
        return buffer.getvalue()
    widths = [max([_width(v)] + [_width(r[i]) for r in rows]) for i, v in enumerate(variables)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(variables, widths))]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
