"""Sending the store's named graphs to a SPARQL 1.1 server in bounded chunks.

Two ways in, the same for Oxigraph, Virtuoso, Fuseki, GraphDB...:
- the Graph Store Protocol: the first chunk of a graph is PUT (replacing what the server held),
  the next ones are POSTed (appended) to `URL?graph=IRI` (Virtuoso: `--graph-param graph-uri`);
- SPARQL Update: `DROP SILENT GRAPH`, then one `INSERT DATA` per chunk.

Blank nodes are skolemised (RDF 1.1 §3.5: `{base}.well-known/genid/...`) before chunking, since a
blank node in two requests would become two nodes on the server.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import PublishFailed

CHUNK = 20_000  # triples per request: well under the request limits of common servers
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class Target:
    """Where to publish: the Graph Store endpoint (protocol "gsp") or the update endpoint ("update")."""

    url: str
    protocol: str = "gsp"
    graph_param: str = "graph"
    user: str | None = None
    password: str | None = None


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


def chunks(lines: list[bytes], size: int = CHUNK) -> Iterator[bytes]:
    for start in range(0, len(lines), size):
        yield b"".join(lines[start:start + size])


def publish(graphs: Iterator[tuple[str, bytes]], target: Target, base: str, size: int = CHUNK,
            progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Send each (graph IRI, N-Triples) to the target, replacing the graph there; returns the
    number of triples sent per graph."""
    sent = {}
    for graph, ntriples in graphs:
        lines = skolemised(ntriples, graph, base)
        if target.protocol == "gsp":
            _send_gsp(target, graph, lines, size)
        else:
            _send_update(target, graph, lines, size)
        sent[graph] = len(lines)
        if progress:
            progress(graph, len(lines))
    return sent


def _send_gsp(target: Target, graph: str, lines: list[bytes], size: int) -> None:
    url = f"{target.url}?{urllib.parse.urlencode({target.graph_param: graph})}"
    parts = list(chunks(lines, size)) or [b""]
    for index, body in enumerate(parts):
        _request(target, url, "PUT" if index == 0 else "POST", body, NTRIPLES)


def _send_update(target: Target, graph: str, lines: list[bytes], size: int) -> None:
    _request(target, target.url, "POST", f"DROP SILENT GRAPH <{graph}>".encode(), "application/sparql-update")
    for body in chunks(lines, size):
        update = b"INSERT DATA { GRAPH <" + graph.encode() + b"> {\n" + body + b"} }"
        _request(target, target.url, "POST", update, "application/sparql-update")


def _opener(target: Target) -> urllib.request.OpenerDirector:
    """Answers the server's Basic or Digest challenge (Virtuoso's -auth endpoints use Digest)."""
    if target.user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, target.url, target.user, target.password or "")
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(passwords),
                                       urllib.request.HTTPDigestAuthHandler(passwords))


def _request(target: Target, url: str, method: str, body: bytes, content_type: str) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with _opener(target).open(request, timeout=300) as response:
            response.read()
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace").strip().splitlines()[:1]
        raise PublishFailed(url, f"{method} answered {error.code} {error.reason}: {' '.join(detail)[:200]}") from None
    except (urllib.error.URLError, OSError) as error:
        raise PublishFailed(url, f"{method} failed: {getattr(error, 'reason', error)}") from None
