"""Comunica (the JavaScript SPARQL engine users run in notebooks and browsers) as a test engine.

scripts/install-test-deps.sh installs @comunica/query-sparql-file (VERSION, from npm) into
TOOLS, outside the repository. comunica-runner.js (beside this file) answers queries on an
N-Quads file with the union default graph, one Node process for all of them; ComunicaEngine
is an ssvkg Engine whose query() sends it the final text (parameters already bound as VALUES
blocks, as ssvkg sends them to a remote store) and reads the answer with rdflib's SPARQL JSON
and N-Triples parsers.
"""

from __future__ import annotations

import io
import json
import os
import selectors
import shutil
import subprocess
import time
from pathlib import Path

from rdflib import XSD, Graph, Literal
from rdflib.query import Result

from ssvkg.results import QueryResult
from ssvkg.store.base import Engine

VERSION = "4.5.0"  # the pinned version; keep in step with scripts/install-test-deps.sh
PACKAGE = "@comunica/query-sparql-file"
# Where the install script puts it. Read when this module is imported, before the test
# session points XDG_CACHE_HOME and HOME at throw-away folders (tests/conftest.py,
# tests/remote/conftest.py).
TOOLS = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ssvkg-test-tools" / "comunica"
RUNNER = Path(__file__).with_name("comunica-runner.js")
HINT = (f"Comunica is not installed: bash scripts/install-test-deps.sh (npm install {PACKAGE}@{VERSION} "
        f"into {TOOLS}; needs node and npm)")
QUERY_TIMEOUT = 120.0  # seconds for one answer; the slowest named query takes about 1 s


def installed_version() -> str | None:
    """The version of the package in TOOLS, or None when it (or node) is missing."""
    manifest = TOOLS / "node_modules" / PACKAGE / "package.json"
    if not shutil.which("node") or not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


class ComunicaError(RuntimeError):
    """Comunica refused a query or the runner stopped."""


class Runner:
    """One `node comunica-runner.js` process over one N-Quads file."""

    def __init__(self, nquads: Path):
        self.proc = subprocess.Popen(["node", str(RUNNER), str(TOOLS), str(nquads)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._buffer = b""

    def ask(self, text: str, timeout: float = QUERY_TIMEOUT) -> dict:
        """{"kind": ..., "text": ...} for one query; ComunicaError if Comunica refused it."""
        self.proc.stdin.write(json.dumps(text).encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        reply = json.loads(self._line(timeout))
        if "error" in reply:
            raise ComunicaError(reply["error"])
        return reply

    def _line(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(self.proc.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    self.stop()
                    raise ComunicaError(f"Comunica gave no answer within {timeout:.0f} s")
                chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
                if not chunk:
                    err = self.proc.stderr.read().decode("utf-8", "replace").strip()
                    raise ComunicaError(f"the Comunica runner stopped: {err[-2000:]}")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _plain(term):
    """RDF 1.1: "x"^^xsd:string is "x"; ssvkg's engines hand back the form without datatype."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def read_answer(reply: dict, namespaces: dict[str, str]) -> QueryResult:
    """A runner's reply as a QueryResult (rdflib's parsers: SPARQL JSON results, N-Triples)."""
    if reply["kind"] == "quads":
        graph = Graph(bind_namespaces="core").parse(data=reply["text"], format="nt")
        return QueryResult("graph", graph=graph, namespaces=namespaces)
    parsed = Result.parse(io.StringIO(reply["text"]), format="json")
    if parsed.type == "ASK":
        return QueryResult("ask", boolean=bool(parsed.askAnswer), namespaces=namespaces)
    names = [str(v) for v in parsed.vars]
    rows = [{str(k): _plain(v) for k, v in row.items() if v is not None} for row in parsed.bindings]
    return QueryResult("select", vars=names, rows=rows, namespaces=namespaces)


class ComunicaEngine(Engine):
    """Queries only: the data is the N-Quads file the runner was started on."""

    name = "comunica"

    def __init__(self, project, runner: Runner, namespaces: dict[str, str]):
        super().__init__(project)
        self.runner = runner
        self._namespaces = dict(namespaces)

    def query(self, text: str) -> QueryResult:
        return read_answer(self.runner.ask(text), self._namespaces)

    def namespaces(self) -> dict[str, str]:
        return dict(self._namespaces)

    def load(self, files) -> None:
        raise NotImplementedError("Comunica reads the exported N-Quads file it was started on")

    def triples_per_graph(self) -> dict[str, int]:
        raise NotImplementedError

    def serialize(self, format: str) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        self.runner.stop()
