"""Sending the store's named graphs to a SPARQL 1.1 server, each graph replaced whole or not at all.

Two ways in, the same for Oxigraph, Virtuoso, Fuseki, GraphDB...:
- the Graph Store Protocol: a graph of at most one chunk is sent in one PUT to `URL?graph=IRI`
  (Virtuoso: `--graph-param graph-uri`), which replaces the server's graph in one step; a larger
  graph is PUT and POSTed chunk by chunk into a staging graph, then moved onto the target by
  SPARQL Update `MOVE` (so it needs the update endpoint too);
- SPARQL Update: `INSERT DATA` chunk by chunk into the staging graph, then `MOVE` it onto the target.
Until the last step the server's graph is untouched, so a failed publish leaves it as it was;
the staging graph is dropped again when a graph fails.

Each request is retried on a transient failure (no answer, a timeout, HTTP 429 or 5xx) with
exponential backoff. Before the first large body, one small request learns the server's
authentication challenge (Virtuoso's -auth endpoints use Digest), so that the large ones carry
their credentials at once: a server that answers 401 to a body it has not read closes the
connection while the client is still sending it ("Broken pipe").

Blank nodes are skolemised (RDF 1.1 §3.5: `{base}.well-known/genid/...`) before chunking, since a
blank node in two requests would become two nodes on the server.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import requests

from ..errors import PublishFailed

# Triples per request. Graph Store bodies are parsed as a stream; Virtuoso parses an INSERT DATA
# with its SPARQL compiler, which runs out of parser stack ("SP030 memory exhausted") near 5,000
# triples and refuses more than 10,000 lines (SP031).
CHUNK = {"gsp": 20_000, "update": 1_000}
NTRIPLES = "application/n-triples"
SPARQL_UPDATE = "application/sparql-update"
TRANSIENT = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Target:
    """Where to publish: the Graph Store endpoint (protocol "gsp") or the update endpoint
    ("update"); `update_url`, the update endpoint a GSP publish moves staged graphs with."""

    url: str
    protocol: str = "gsp"
    graph_param: str = "graph"
    user: str | None = None
    password: str | None = None
    update_url: str | None = None
    timeout: float = 300.0
    retries: int = 3
    backoff: float = 1.0


@dataclass(frozen=True)
class Sent:
    """What one graph's publication sent: triples, requests, retries."""

    graph: str
    triples: int
    requests: int
    retries: int


def skolemised(ntriples: bytes, graph: str, base: str) -> list[bytes]:
    """The graph's triples as N-Triples lines, each blank node made an IRI unique to the graph."""
    prefix = f"{base}.well-known/genid/{hashlib.sha1(graph.encode()).hexdigest()[:12]}/"

    def named(term):
        return ox.NamedNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term

    lines = []
    for triple in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        skolem = ox.Triple(named(triple.subject), triple.predicate, named(triple.object))
        lines.append(f"{skolem} .\n".encode())
    return lines


def chunks(lines: list[bytes], size: int) -> Iterator[bytes]:
    for start in range(0, len(lines), size):
        yield b"".join(lines[start:start + size])


def staging_graph(graph: str, base: str) -> str:
    return f"{base}.well-known/budgetkg/staging/{hashlib.sha1(graph.encode()).hexdigest()[:16]}"


def publish(graphs: Iterator[tuple[str, bytes]], target: Target, base: str, size: int | None = None,
            progress: Callable[[Sent], None] | None = None) -> list[Sent]:
    """Send each (graph IRI, N-Triples) to the target, replacing the graph there whole; returns
    what was sent per graph. PublishFailed names the graph that failed; the graphs before it are
    replaced, it and the ones after are as the server held them."""
    size = size or CHUNK[target.protocol]
    client = _Client(target)
    sent = []
    for graph, ntriples in graphs:
        lines = skolemised(ntriples, graph, base)
        client.reset_counts()
        try:
            if target.protocol == "gsp":
                _replace_by_gsp(client, graph, staging_graph(graph, base), lines, size)
            else:
                _replace_by_update(client, graph, staging_graph(graph, base), lines, size)
        except PublishFailed as error:
            raise PublishFailed(error.path, f"graph <{graph}> ({len(lines)} triples) not replaced, the server's "
                                            f"graph is as it was: {error.detail}") from None
        sent.append(Sent(graph, len(lines), client.requests, client.retries))
        if progress:
            progress(sent[-1])
    return sent


def _replace_by_gsp(client: "_Client", graph: str, staging: str, lines: list[bytes], size: int) -> None:
    target = client.target
    if len(lines) <= size:
        client.send("PUT", client.graph_url(graph), b"".join(lines), NTRIPLES)
        return
    if not target.update_url:
        raise PublishFailed(target.url, f"more than --chunk {size} triples: give --update-endpoint (to move a "
                                        "staged graph into place) or a larger --chunk")
    try:
        for index, body in enumerate(chunks(lines, size)):
            client.send("PUT" if index == 0 else "POST", client.graph_url(staging), body, NTRIPLES)
        client.send("POST", target.update_url, _move(staging, graph), SPARQL_UPDATE)
    except PublishFailed:
        client.discard(lambda: client.send("DELETE", client.graph_url(staging), b"", NTRIPLES))
        raise


def _replace_by_update(client: "_Client", graph: str, staging: str, lines: list[bytes], size: int) -> None:
    url = client.target.url
    if not lines:
        client.send("POST", url, f"DROP SILENT GRAPH <{graph}>".encode(), SPARQL_UPDATE)
        return
    try:
        client.send("POST", url, f"DROP SILENT GRAPH <{staging}>".encode(), SPARQL_UPDATE)
        for body in chunks(lines, size):
            client.send("POST", url, b"INSERT DATA { GRAPH <" + staging.encode() + b"> {\n" + body + b"} }", SPARQL_UPDATE)
        client.send("POST", url, _move(staging, graph), SPARQL_UPDATE)
    except PublishFailed:
        client.discard(lambda: client.send("POST", url, f"DROP SILENT GRAPH <{staging}>".encode(), SPARQL_UPDATE))
        raise


def _move(staging: str, graph: str) -> bytes:
    return f"MOVE <{staging}> TO <{graph}>".encode()


class _Client:
    """HTTP requests to the target with its credentials, timeout and retries."""

    def __init__(self, target: Target):
        self.target = target
        self.session = requests.Session()
        self.authenticated = target.user is None
        self.requests = self.retries = 0

    def reset_counts(self) -> None:
        self.requests = self.retries = 0

    def graph_url(self, graph: str) -> str:
        return requests.Request("GET", self.target.url, params={self.target.graph_param: graph}).prepare().url

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        self._authenticate(url)
        for attempt in range(self.target.retries + 1):
            self.requests += 1
            failure = self._attempt(method, url, body, content_type)
            if failure is None:
                return
            transient, reason = failure
            if not transient or attempt == self.target.retries:
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise PublishFailed(url, f"{method} {reason}{tries}")
            self.retries += 1
            time.sleep(self.target.backoff * 2 ** attempt)
            self._reauthenticate(url)

    def discard(self, cleanup: Callable[[], None]) -> None:
        """Best effort: drop the staging graph of a failed graph."""
        try:
            cleanup()
        except PublishFailed:
            pass

    def _attempt(self, method: str, url: str, body: bytes, content_type: str) -> tuple[bool, str] | None:
        try:
            response = self.session.request(method, url, data=body, headers={"Content-Type": content_type},
                                            timeout=self.target.timeout)
        except requests.Timeout:
            return True, f"had no answer within {self.target.timeout:g} s"
        except requests.RequestException as error:
            return True, f"failed: {_reason(error)}"
        if response.ok or (method == "DELETE" and response.status_code == 404):
            return None
        detail = " ".join(response.text.strip().splitlines()[:1])[:200]
        return response.status_code in TRANSIENT, f"answered {response.status_code} {response.reason}: {detail}"

    def _authenticate(self, url: str) -> None:
        """One small request to learn the server's challenge, then credentials of that scheme
        (Digest or Basic) on every request, sent before the body."""
        if self.authenticated:
            return
        user, password = self.target.user, self.target.password or ""
        self.session.auth = None
        try:
            challenge = self.session.head(url, timeout=self.target.timeout).headers.get("WWW-Authenticate", "")
            if challenge.lower().startswith("digest"):
                self.session.auth = requests.auth.HTTPDigestAuth(user, password)
                self.session.head(url, timeout=self.target.timeout)  # answers the challenge; later requests reuse its nonce
            else:
                self.session.auth = requests.auth.HTTPBasicAuth(user, password)
        except requests.RequestException as error:
            raise PublishFailed(url, f"HEAD failed: {_reason(error)}") from None
        self.authenticated = True

    def _reauthenticate(self, url: str) -> None:
        """A fresh challenge before a retry: an expired Digest nonce is answered 401 before the
        body is read, which breaks the connection like any other failure."""
        if self.target.user is None:
            return
        self.authenticated = False
        try:
            self._authenticate(url)
        except PublishFailed:
            self.authenticated = True  # the server is away: the next attempt says so


def _reason(error: requests.RequestException) -> str:
    text = str(error)
    for known in ("Connection refused", "Broken pipe", "Connection reset", "Name or service not known",
                  "Remote end closed connection", "timed out"):
        if known in text:
            return known
    return text.splitlines()[0][:200] if text else type(error).__name__
