"""Parameters and query texts with characters no store takes: exit 2 with one sentence.

In-process (CliRunner) for what Python code can pass (a lone surrogate like U+D800); through the
real `ssvkg` executable for what only a command line or a file can carry (bytes that are not UTF-8).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

SSVKG = shutil.which("ssvkg")

IRI = "parameter pillar must be an IRI, got "


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("args, message", [
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/a\x7fb"],
     IRI + r"'http://x/a\x7fb' (it contains U+007F)."),
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/a\x85b"],
     IRI + r"'http://x/a\x85b' (it contains U+0085)."),
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/a\ufffeb"],
     IRI + r"'http://x/a\ufffeb' (it contains U+FFFE)."),
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/a%zzb"],
     IRI + "'http://x/a%zzb' (it is not well-formed (look at its %-escapes, '#' and host))."),
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/\ud800"],
     r"--param 'pillar=http://x/\ud800' is not valid text: it has a lone surrogate (U+D800) at character 17."),
    (["query", "run", "program-by-name", "-p", "name=\ud800"],
     r"--param 'name=\ud800' is not valid text: it has a lone surrogate (U+D800) at character 6."),
    (["query", "run", "program-by-name", "-p", "na\ud800me=x"],
     r"--param 'na\ud800me=x' is not valid text: it has a lone surrogate (U+D800) at character 3."),
    (["sparql", 'SELECT * WHERE { ?s ?p "\ud800" }'],
     "the query is not valid text: it has a lone surrogate (U+D800) at character 25."),
])
def test_bad_characters_in_process(cli, mini_root, engine, args, message):
    r = cli("--root", mini_root, "--engine", engine, *args)
    assert (r.exit_code, r.stderr, r.stdout) == (2, f"Error: {message}\n", "")


def test_api_refuses_a_surrogate_in_a_parameter(mini_root):
    from ssvkg.api import run_query
    from ssvkg.errors import QueryError

    with pytest.raises(QueryError, match=r"^parameter name is not valid text: byte 0xff at character 2 "):
        run_query("program-by-name", {"name": "x\udcff"}, root=mini_root, engine="rdflib")


def run(args: list[bytes], cwd, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SSVKG_ROOT"}
    env["LC_ALL"] = "C.UTF-8"  # argv is decoded as UTF-8, an undecodable byte as a surrogate (PEP 383)
    return subprocess.run([os.fsencode(SSVKG), *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, timeout=120)


@pytest.mark.skipif(SSVKG is None, reason="the ssvkg command is not installed (pip install -e .)")
@pytest.mark.parametrize("args, stdin, message", [
    ([b"query", b"run", b"programs-by-pillar", b"--param", b"pillar=http://x/\xff"], None,
     rb"--param 'pillar=http://x/\udcff' is not valid text: byte 0xff at character 17 is not UTF-8."),
    ([b"query", b"run", b"program-by-name", b"--param", b"name=caf\xe9"], None,
     rb"--param 'name=caf\udce9' is not valid text: byte 0xe9 at character 9 is not UTF-8."),
    ([b"query", b"run", b"programs-by-pillar", b"--param", b"pillar=http://x/a\x7fb"], None,
     rb"parameter pillar must be an IRI, got 'http://x/a\x7fb' (it contains U+007F)."),
    ([b"sparql", b'SELECT * WHERE { ?s ?p "\xff" }'], None,
     b"the query is not valid text: byte 0xff at character 25 is not UTF-8."),
    ([b"sparql", b"-f", b"q.rq"], None,
     b"q.rq line 2: invalid UTF-8 (byte 0xff at column 25); SPARQL queries must be UTF-8."),
    ([b"sparql", b"-f", b"-"], b'SELECT * WHERE { ?s ?p "\xed\xa0\x80" }',  # U+D800 encoded: not UTF-8
     b"standard input line 1: invalid UTF-8 (byte 0xed at column 25); SPARQL queries must be UTF-8."),
])
def test_bad_bytes_through_the_real_command(mini_root, tmp_path, args, stdin, message):
    (tmp_path / "q.rq").write_bytes(b'# a query\nSELECT * WHERE { ?s ?p "\xff" }\n')
    r = run([b"--root", os.fsencode(mini_root), *args], tmp_path, stdin)
    assert (r.returncode, r.stderr, r.stdout) == (2, b"Error: " + message + b"\n", b"")
