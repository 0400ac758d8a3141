"""The web application of `budgetkg serve` (Starlette, Jinja2 templates).

IRIs under the data base are dereferenced by the 303 convention: `/id/{path}` stands for the
thing `{base}{path}` (an organisation, a disclosure, a table, a cell ...) and answers
`303 See Other` to a document about it, chosen by the Accept header:

    /page/{path}           HTML, for browsers (text/html; also */* and no Accept)
    /data/{path}.ttl       Turtle (text/turtle)
    /data/{path}.jsonld    JSON-LD (application/ld+json)
    /data/{path}.nt        N-Triples (application/n-triples)

An IRI the store knows nothing about is 404. The ontology's terms use the hash convention
(`https://w3id.org/budgetkg/ontology#Disclosure`): `/ontology` is the document that describes
them all, negotiated the same way.

`/source/{sha256}` sends the original document when `--documents DIR` holds a file of that name
and digest. `/sparql` is a read-only SPARQL 1.1 Protocol query endpoint on the store (GET or POST; no
update), with a limit on the query's size and on the time and rows of its answer. `/queries`
shows the named queries of queries/ with their parameters as a form, results as a table and a
chart drawn as SVG on the server. `/dumps/` serves an export directory (`--dumps`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import csv
import hashlib
import io
import json
import re
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, quote

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib.namespace import OWL, RDF, RDFS
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import BudgetkgError
from ..queries import named_queries, run_on_store
from ..vocab import BK, PREFIXES, ontology_graph
from . import graph as views
from .chart import line_chart, series_of

RDF_FORMATS = {  # suffix -> (media type, pyoxigraph format)
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
}
HTML = "text/html"
RESULT_FORMATS = {  # media type -> pyoxigraph results format (ASK answers)
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
MAX_QUERY_CHARS = 20_000
QUERY_SECONDS = 10.0
MAX_RESULT_ROWS = 10_000
ONTOLOGY_IRI = "https://w3id.org/budgetkg/ontology"
ZH = tomllib.loads((Path(__file__).parent / "queries-zh.toml").read_text(encoding="utf-8"))


def preferred(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header ranks highest (the first offered on a tie, and
    for a missing header); None if the header accepts none of them."""
    if not accept:
        return offered[0]
    best, best_q = None, 0.0
    for position, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = next((float(p[2:]) for p in params if p.startswith("q=") and _is_number(p[2:])), 1.0)
        for candidate in offered:
            if media in (candidate, "*/*") or (media.endswith("/*") and candidate.startswith(media[:-1])):
                exact = media == candidate
                score = q + (0.001 if exact else 0) - offered.index(candidate) * 1e-6
                if score > best_q:
                    best, best_q = candidate, score
    return best


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


class Site:
    """The application's state: the store, the bases, the templates."""

    def __init__(self, store: views.ReadOnlyStore, dumps: Path | None = None, documents: Path | None = None):
        self.store, self.base, self.dumps, self.documents = store, store.base, dumps, documents
        self.templates = Environment(loader=PackageLoader("budgetkg.serve", "templates"),
                                     autoescape=select_autoescape(["html"]))
        self.templates.globals.update(local=self.local, label=self.short_label)
        self.queries = {q.name: q for q in named_queries()}
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="sparql")

    def local(self, iri: str) -> str:
        """Where a browser reads about the IRI: its page here when it is under the base."""
        if iri.startswith(self.base):
            return "/page/" + quote(iri[len(self.base):], safe="/~")
        if iri.startswith(ONTOLOGY_IRI):
            return "/ontology" + iri[len(ONTOLOGY_IRI):]
        return iri

    @staticmethod
    def short_label(iri: str) -> str:
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(str(namespace)):
                return f"{prefix}:{iri[len(str(namespace)):]}"
        return iri

    def render(self, template: str, status: int = 200, **context) -> HTMLResponse:
        page = self.templates.get_template(template).render(base=self.base, has_dumps=self.dumps is not None,
                                                            has_documents=self.documents is not None, **context)
        return HTMLResponse(page, status_code=status)

    def not_found(self, what: str) -> HTMLResponse:
        return self.render("not-found.html", status=404, what=what)


def create_app(store: views.ReadOnlyStore, dumps: Path | None = None, documents: Path | None = None) -> Starlette:
    site = Site(store, dumps, documents)

    async def index(request: Request) -> Response:
        return site.render("index.html", organisations=views.organisations(site.store), queries=_query_list(site))

    async def identify(request: Request) -> Response:
        path = request.path_params["path"]
        if not site.store.exists(site.base + path):
            return site.not_found(site.base + path)
        media = preferred(request.headers.get("accept"), [HTML, *(m for m, _ in RDF_FORMATS.values())])
        if media is None:
            return PlainTextResponse("不可接受：可提供 text/html、text/turtle、application/ld+json、application/n-triples\n", 406)
        quoted = quote(path, safe="/~")
        target = f"/page/{quoted}" if media == HTML else f"/data/{quoted}.{_suffix(media)}"
        return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})

    async def data(request: Request) -> Response:
        path, _, suffix = request.path_params["path"].rpartition(".")
        if suffix not in RDF_FORMATS or not site.store.exists(site.base + path):
            return PlainTextResponse(f"未找到：{site.base}{path}\n", 404)
        media, rdf_format = RDF_FORMATS[suffix]
        triples = site.store.description(site.base + path)
        return Response(_serialise(triples, rdf_format), media_type=media)

    async def page(request: Request) -> Response:
        iri = site.base + request.path_params["path"]
        if not site.store.exists(iri):
            return site.not_found(iri)
        types = site.store.types(iri)
        if str(BK.Disclosure) in types:
            return _disclosure_page(site, iri)
        if "http://www.w3.org/ns/org#Organization" in types:
            return _organisation_page(site, iri)
        if str(BK.Observation) in types:
            return _observation_page(site, iri)
        return _resource_page(site, iri)

    async def ontology(request: Request) -> Response:
        media = preferred(request.headers.get("accept"), [HTML, *(m for m, _ in RDF_FORMATS.values())])
        if media is None or media == HTML:
            return _ontology_page(site)
        return Response(ontology_graph().serialize(format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                                           "application/n-triples": "nt"}[media]), media_type=media)

    async def sparql(request: Request) -> Response:
        return await _sparql(site, request)

    async def source(request: Request) -> Response:
        found = _document(site, request.path_params["sha256"])
        return FileResponse(found) if found else PlainTextResponse("未找到原文件。\n", 404)

    async def query_list(request: Request) -> Response:
        return site.render("queries.html", queries=_query_list(site))

    async def query_page(request: Request) -> Response:
        return await _named_query_page(site, request)

    routes = [
        Route("/", index),
        Route("/id/{path:path}", identify),
        Route("/page/{path:path}", page),
        Route("/data/{path:path}", data),
        Route("/ontology", ontology),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", query_list),
        Route("/queries/{name}", query_page),
        Route("/source/{sha256}", source),
    ]
    if dumps is not None:
        routes.append(Mount("/dumps", app=StaticFiles(directory=str(dumps), html=True)))
    app = Starlette(routes=routes)
    app.state.site = site
    return app


def _document(site: Site, sha256: str) -> Path | None:
    """The original file of that digest under --documents, found by the name the store records."""
    if site.documents is None or not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return None
    names = {row["name"] for row in site.store.rows(
        f'SELECT ?name WHERE {{ ?file bk:sha256 "{sha256}" ; rdfs:label ?name }}')}
    for name in names:
        for candidate in sorted(site.documents.rglob(Path(name).name)):
            if hashlib.sha256(candidate.read_bytes()).hexdigest() == sha256:
                return candidate
    return None


def _suffix(media: str) -> str:
    return next(s for s, (m, _) in RDF_FORMATS.items() if m == media)


def _serialise(triples: list[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    prefixes = {p: str(n) for p, n in PREFIXES.items()} if rdf_format is ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes)


def _query_list(site: Site) -> list[dict]:
    return [{"name": q.name, "title": ZH["queries"].get(q.name, {}).get("title", q.title)} for q in site.queries.values()]


# --- Pages --------------------------------------------------------------------------------------

def _organisation_page(site: Site, iri: str) -> HTMLResponse:
    disclosures = views.disclosures_of(site.store, iri)
    names = views.labels(site.store, {iri})
    found = {d["d"]: views.findings(site.store, d["d"]) for d in disclosures}
    return site.render("organisation.html", iri=iri, name=names.get(iri, iri), disclosures=disclosures, findings=found,
                       pending=views.pending_validations(site.store))


def _disclosure_page(site: Site, iri: str) -> HTMLResponse:
    head = site.store.rows(f"""SELECT ?label ?org ?orgName ?year ?kind ?scope ?profile ?file ?name ?sha WHERE {{
        GRAPH <{iri}> {{ <{iri}> rdfs:label ?label ; bk:organization ?org ; prov:wasDerivedFrom ?file .
          ?file a bk:SourceFile ; bk:sha256 ?sha . OPTIONAL {{ ?file rdfs:label ?name }}
          OPTIONAL {{ <{iri}> bk:fiscalYear ?year }} OPTIONAL {{ <{iri}> bk:profile ?profile }}
          OPTIONAL {{ ?org skos:prefLabel ?orgName }} }}
        OPTIONAL {{ <{iri}> bk:kind/skos:prefLabel ?kind FILTER(LANG(?kind) = "zh") }}
        OPTIONAL {{ <{iri}> bk:scope/skos:prefLabel ?scope FILTER(LANG(?scope) = "zh") }} }}""")
    return site.render("disclosure.html", iri=iri, head=head[0] if head else {}, files=head,
                       tables=views.tables_of(site.store, iri), findings=views.findings(site.store, iri),
                       pending=views.pending_validations(site.store))


def _observation_page(site: Site, iri: str) -> HTMLResponse:
    row = site.store.rows(f"""SELECT ?table ?title ?role ?d ?dlabel ?label ?column ?amount ?decimals ?unit ?blank ?rowConcept WHERE {{
        <{iri}> qb:dataSet ?table ; bk:rowLabel ?label ; bk:column ?column ; bk:row ?rowConcept .
        ?table bk:title ?title ; bk:role ?role ; bk:disclosure ?d . ?d rdfs:label ?dlabel .
        OPTIONAL {{ <{iri}> bk:amount ?amount }} OPTIONAL {{ <{iri}> bk:decimals ?decimals }} OPTIONAL {{ <{iri}> bk:blank ?blank }}
        OPTIONAL {{ <{iri}> bk:amountUnit/rdfs:label ?unit FILTER(LANG(?unit) = "zh") }} }} LIMIT 1""")
    head = row[0] if row else {}
    if "amount" in head:
        head["amount"] = views.displayed(head["amount"], head.get("decimals"))
    names = views.labels(site.store, {head.get("column", ""), head.get("rowConcept", "")} - {""})
    return site.render("observation.html", iri=iri, head=head, names=names, source=views.source_of(site.store, iri),
                       claims=views.claims_citing(site.store, iri), findings=views.findings_citing(site.store, iri))


def _resource_page(site: Site, iri: str) -> HTMLResponse:
    triples = site.store.description(iri)
    nodes = {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)} | {t.subject.value for t in triples}
    names = views.labels(site.store, nodes | {iri})
    outgoing = [t for t in triples if t.subject == ox.NamedNode(iri)]
    incoming = [t for t in triples if t.subject != ox.NamedNode(iri)]
    return site.render("resource.html", iri=iri, name=names.get(iri, ""), outgoing=outgoing, incoming=incoming, names=names)


def _ontology_page(site: Site) -> HTMLResponse:
    graph = ontology_graph()
    terms = []
    for kind, label in ((OWL.Class, "类"), (OWL.ObjectProperty, "对象属性"), (OWL.DatatypeProperty, "数据属性")):
        for term in sorted(graph.subjects(RDF.type, kind)):
            if str(term).startswith(str(BK)):
                zh = next((str(o) for o in graph.objects(term, RDFS.label) if getattr(o, "language", None) == "zh"), "")
                comment = next((str(o) for o in graph.objects(term, RDFS.comment) if getattr(o, "language", None) == "zh"), "")
                terms.append({"name": str(term)[len(str(BK)):], "kind": label, "label": zh, "comment": comment})
    return site.render("ontology.html", terms=terms)


# --- SPARQL ---------------------------------------------------------------------------------------

async def _sparql(site: Site, request: Request) -> Response:
    """The SPARQL 1.1 Protocol's query operation: `query` in the URL (GET) or a form (POST), or
    the query as the body (POST application/sparql-query). An update is refused."""
    content_type = request.headers.get("content-type", "")
    form = {}
    if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    if "update" in form or "update" in request.query_params:
        return PlainTextResponse("此端点只读，不接受 SPARQL Update。\n", 400)
    if request.method == "POST" and content_type.startswith("application/sparql-query"):
        text = (await request.body()).decode("utf-8", "replace")
    else:
        text = form.get("query") or request.query_params.get("query")
    if not text:
        return site.render("sparql.html", query="", limits=(MAX_QUERY_CHARS, QUERY_SECONDS, MAX_RESULT_ROWS))
    if len(text) > MAX_QUERY_CHARS:
        return PlainTextResponse(f"查询过长：{len(text)} 字符，上限 {MAX_QUERY_CHARS}。\n", 413)
    try:
        answer = await asyncio.wait_for(
            asyncio.get_running_loop().run_in_executor(site.pool, _answer, site.store, text, request.headers.get("accept")),
            timeout=QUERY_SECONDS)
    except asyncio.TimeoutError:
        return PlainTextResponse(f"查询超时：超过 {QUERY_SECONDS:g} 秒。\n", 503)
    except SyntaxError as error:
        return PlainTextResponse(f"查询有误：{error}\n", 400)
    if answer is None:
        return PlainTextResponse(f"结果过多：超过 {MAX_RESULT_ROWS} 行，请加 LIMIT。\n", 413)
    return Response(answer[0], media_type=answer[1])


def _answer(store: views.ReadOnlyStore, text: str, accept: str | None) -> tuple[bytes, str] | None:
    """The serialised answer and its media type; None when it has more rows than allowed.
    (Runs in a worker thread; pyoxigraph's results must not leave it, not even in a traceback.)"""
    results = store.query(text)
    if isinstance(results, ox.QueryBoolean):
        media = preferred(accept, list(RESULT_FORMATS)) or "application/sparql-results+json"
        return results.serialize(format=RESULT_FORMATS[media]), media
    items = _bounded(results)
    if items is None:
        return None
    if isinstance(results, ox.QueryTriples):
        media = preferred(accept, [m for m, _ in RDF_FORMATS.values()]) or "text/turtle"
        return _serialise(items, next(f for m, f in RDF_FORMATS.values() if m == media)), media
    media = preferred(accept, list(RESULT_FORMATS)) or "application/sparql-results+json"
    return RESULT_WRITERS[media]([v.value for v in results.variables], items), media


def _bounded(results) -> list | None:
    items = []
    for item in results:
        items.append(item)
        if len(items) > MAX_RESULT_ROWS:
            return None
    return items


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _json_results(variables: list[str], rows: list) -> bytes:
    bindings = [{v: _json_term(row[v]) for v in variables if row[v] is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()


def _separated_results(variables: list[str], rows: list, tab: bool) -> bytes:
    buffer = io.StringIO()
    if tab:  # TSV: terms in their SPARQL form
        buffer.write("\t".join(f"?{v}" for v in variables) + "\n")
        for row in rows:
            buffer.write("\t".join("" if row[v] is None else str(row[v]) for v in variables) + "\n")
    else:  # CSV: plain values
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if row[v] is None else row[v].value for v in variables])
    return buffer.getvalue().encode()


RESULT_WRITERS = {
    "application/sparql-results+json": _json_results,
    "text/csv": lambda variables, rows: _separated_results(variables, rows, tab=False),
    "text/tab-separated-values": lambda variables, rows: _separated_results(variables, rows, tab=True),
}


# --- Named queries ---------------------------------------------------------------------------------

async def _named_query_page(site: Site, request: Request) -> Response:
    named = site.queries.get(request.path_params["name"])
    if named is None:
        return site.not_found(request.path_params["name"])
    zh = ZH["queries"].get(named.name, {})
    given = {p.name: request.query_params[p.name] for p in named.parameters if request.query_params.get(p.name)}
    error, variables, rows = None, [], []
    try:
        sparql = named.bind(given)
        variables, rows = await asyncio.wait_for(
            asyncio.get_running_loop().run_in_executor(site.pool, run_on_store, site.store, sparql, named.path),
            timeout=QUERY_SECONDS)
    except BudgetkgError as failure:
        error = failure.detail if hasattr(failure, "detail") else str(failure)
    except asyncio.TimeoutError:
        error = f"查询超时：超过 {QUERY_SECONDS:g} 秒"
    measure = request.query_params.get("chart") or zh.get("chart", "")
    title = zh.get("title", named.title)
    chart = line_chart(series_of(variables, rows, measure), f"{title}：{ZH['columns'].get(measure, measure)}") if measure else ""
    headers = [ZH["columns"].get(v, v) for v in variables]
    numeric = [v for v in variables if v not in ("unitName", "fiscalYear", "item", "itemName", "code", "name", "status",
                                                 "kind", "profile", "role", "table", "family", "rules")]
    return site.render("query.html", named=named, title=title, given=given, error=error, headers=headers, rows=rows,
                       chart=chart, measure=measure, measures=[(v, ZH["columns"].get(v, v)) for v in numeric],
                       param_names=ZH["params"])
