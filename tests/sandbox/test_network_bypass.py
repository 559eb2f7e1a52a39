"""Untrusted SPARQL and SHACL never reach the network (issue 11).

Every file under corpus/ is one attempt to make ssvkg open a connection: a query
(corpus/queries/*.rq, run by `ssvkg sparql` and by the web /sparql endpoint) or a shapes
file (corpus/shapes/*.ttl, run by `ssvkg validate data.ttl --shapes shapes.ttl` on
corpus/data.ttl), each on both engines (the web also with --endpoint in front of an
Oxigraph server). %LISTENER% in an attempt becomes the address of a
socket listening on 127.0.0.1 (listener.py) that counts connections and answers like a
SPARQL endpoint, so a request that gets through shows as a count and as http://leak/ rows.
%CR%, %FF%, %VT% and %TAB% stand for characters an editor or git could change.

An attempt's leading '#' lines describe it; `# expect:` says what must come out:
  refused  the CLI exits 2 with one line `Error: ....` (validate: 1 or 2), the web says 4xx;
  no-leak  refused, or answered without the listener's rows;
  clean    a control that is no attack: answered (exit 0, 200).
In every case: no connection reaches the listener, no traceback, no 5xx.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from .listener import LEAK, Listener

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
MINI = HERE.parent / "fixtures" / "mini"
ENGINES = ("oxigraph", "rdflib")
SSVKG = [sys.executable, "-c", "from ssvkg.cli import main; main()"]
TOKENS = {"%CR%": "\r", "%FF%": "\f", "%VT%": "\v", "%TAB%": "\t"}
MARKERS = (LEAK, "LEAKED")  # only the listener's answers contain these
ONE_ERROR_LINE = re.compile(r"Error: [^\n]+\.")


@dataclass(frozen=True)
class Attempt:
    name: str
    expect: str  # refused / no-leak / clean
    template: str

    def text(self, listener: Listener) -> str:
        text = self.template.replace("%LISTENER%", listener.address)
        for token, char in TOKENS.items():
            text = text.replace(token, char)
        return text


def load(folder: str, suffix: str) -> list[Attempt]:
    out = []
    for path in sorted((CORPUS / folder).glob(f"*.{suffix}")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        head = 0
        while head < len(lines) and lines[head].startswith("#"):
            head += 1
        expect = [ln.split(":", 1)[1].strip() for ln in lines[:head] if ln.startswith("# expect:")]
        assert expect and expect[0] in ("refused", "no-leak", "clean"), f"{path.name}: no '# expect:' line"
        body = "".join(lines[head:]).strip() + "\n"
        assert "%LISTENER%" in body or expect[0] == "clean", f"{path.name}: never names the listener"
        assert not any(m in body for m in MARKERS), f"{path.name}: the text itself contains a leak marker"
        out.append(Attempt(path.stem, expect[0], body))
    return out


QUERIES = load("queries", "rq")
SHAPES = load("shapes", "ttl")


def ids(attempts):
    return [a.name for a in attempts]


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def test_corpus_has_at_least_30_attempts():
    attacks = [a for a in QUERIES + SHAPES if a.expect != "clean"]
    assert len(attacks) >= 30, len(attacks)


def test_listener_sees_a_direct_request(listener):
    # The harness can fail: Oxigraph itself, asked directly, does connect and gets the rows.
    pyoxigraph = pytest.importorskip("pyoxigraph")
    rows = list(pyoxigraph.Store().query(
        f"SELECT ?s WHERE {{ SERVICE <http://{listener.address}/x> {{ ?s ?p ?o }} }}"))
    assert listener.connections() == 1
    assert [r["s"].value for r in rows] == [LEAK + "s"]


# ---------------------------------------------------------------- checks


def problems_common(listener: Listener, output: str) -> list[str]:
    found = []
    n = listener.connections()
    if n:
        found.append(f"{n} connection(s) reached the listener: {listener.requests}")
    if any(m in output for m in MARKERS):
        found.append("the listener's rows are in the output")
    if "Traceback" in output:
        found.append("a traceback")
    return found


def cli_problems(proc: subprocess.CompletedProcess, expect: str, refused_codes: tuple[int, ...]) -> list[str]:
    found = []
    allowed = {"clean": (0,), "refused": refused_codes, "no-leak": (0, *refused_codes)}[expect]
    if proc.returncode not in allowed:
        found.append(f"exit {proc.returncode}, expected one of {allowed}")
    if proc.returncode == 2 and not ONE_ERROR_LINE.fullmatch(proc.stderr.rstrip("\n")):
        found.append("exit 2 without exactly one line 'Error: ....' on stderr")
    return found


def report(found: list[str], text: str, out: str) -> str:
    return "; ".join(found) + f"\n--- attempt:\n{text}\n--- output:\n{out[-3000:]}"


def run_cli(*args, cwd=None) -> subprocess.CompletedProcess:
    """`ssvkg ARGS` in this process, as click runs it (the untrusted text still goes to
    ssvkg's sandboxed worker process, which is what is attacked). An exception that
    escapes becomes its traceback in stderr, so that problems_common finds it."""
    from click.testing import CliRunner

    from ssvkg.cli import main

    here = os.getcwd()
    os.chdir(cwd or here)
    try:
        result = CliRunner().invoke(main, [str(a) for a in args], prog_name="ssvkg")
    finally:
        os.chdir(here)
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, err)


# ---------------------------------------------------------------- ssvkg sparql


@pytest.mark.parametrize("attempt", QUERIES, ids=ids(QUERIES))
@pytest.mark.parametrize("engine", ENGINES)
def test_sparql_cli(engine, attempt, listener):
    text = attempt.text(listener)
    proc = run_cli("--root", MINI, "--engine", engine, "sparql", text)
    out = proc.stdout + proc.stderr
    found = problems_common(listener, out) + cli_problems(proc, attempt.expect, (2,))
    assert not found, report(found, text, out)


# ---------------------------------------------------------------- web /sparql


# Under pytest-xdist (--dist loadgroup) each server's tests run on one worker: each `ssvkg serve`
# (and the Oxigraph server behind "endpoint") starts once, not once per worker.
@pytest.fixture(scope="module", params=[pytest.param(p, marks=pytest.mark.xdist_group(f"sandbox-serve-{p}"))
                                        for p in (*ENGINES, "endpoint")])
def web(request, tmp_path_factory):
    """`ssvkg serve --port 0` on the mini project, one process per engine for the whole module.

    "endpoint" is `ssvkg serve --endpoint` in front of a real Oxigraph server: there the
    store, not ssvkg, would make the request, so only a check before forwarding can stop it.
    """
    folder = tmp_path_factory.mktemp("serve")
    store = None
    if request.param == "endpoint":
        from remote import servers

        if not servers.oxigraph_binary():
            servers.missing(servers.OXIGRAPH_HINT)
        store = servers.start_oxigraph(folder / "oxigraph")
        loaded = run_cli("--root", MINI, "load", "--endpoint", store.url)
        assert loaded.returncode == 0, loaded.stderr
        engine = ["serve", "--endpoint", store.url]
    else:
        engine = ["--engine", request.param, "serve"]
    log = folder / "stderr.txt"
    with open(log, "w") as err:
        proc = subprocess.Popen([*SSVKG, "--root", str(MINI), *engine, "--port", "0"],
                                stdout=subprocess.PIPE, stderr=err, text=True)
    line = proc.stdout.readline()
    m = re.search(r"(http://\S+?)/?\s", line + " ")
    try:
        if not m:
            raise AssertionError(f"ssvkg serve printed no URL: {line!r} {log.read_text()}")
        yield m.group(1)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if store is not None:
            store.stop()


def post_query(url: str, text: str) -> tuple[int, str]:
    req = urllib.request.Request(url + "/sparql", data=text.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


@pytest.mark.parametrize("attempt", QUERIES, ids=ids(QUERIES))
def test_sparql_web(web, attempt, listener):
    text = attempt.text(listener)
    status, body = post_query(web, text)
    found = problems_common(listener, body)
    allowed = {"clean": (200,), "refused": range(400, 500), "no-leak": (200, *range(400, 500))}[attempt.expect]
    if status not in allowed:
        found.append(f"status {status}")
    assert not found, report(found, text, f"{status}\n{body}")


# ---------------------------------------------------------------- ssvkg validate


@pytest.mark.parametrize("attempt", SHAPES, ids=ids(SHAPES))
@pytest.mark.parametrize("engine", ENGINES)
def test_validate_cli(engine, attempt, listener, tmp_path):
    text = attempt.text(listener)
    (tmp_path / "data.ttl").write_text((CORPUS / "data.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(text, encoding="utf-8")
    proc = run_cli("--engine", engine, "validate", "data.ttl", "--shapes", "shapes.ttl", cwd=tmp_path)
    out = proc.stdout + proc.stderr
    # validate reports broken shapes as results (exit 1) or stops on bad input (exit 2).
    found = problems_common(listener, out) + cli_problems(proc, attempt.expect, (1, 2))
    assert not found, report(found, text, out)
