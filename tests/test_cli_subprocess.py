"""A few runs of the installed `ssvkg` command, as a user would type them."""

import json
import os
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.subprocess

SSVKG = shutil.which("ssvkg")
needs_install = pytest.mark.skipif(SSVKG is None, reason="the ssvkg command is not installed")


def run(*args, cwd=None, env=None):
    e = {k: v for k, v in os.environ.items() if k != "SSVKG_ROOT"}
    e.update(env or {})
    return subprocess.run([SSVKG, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=e, timeout=120)


@needs_install
def test_help_and_version():
    r = run("--help")
    assert r.returncode == 0 and "query" in r.stdout and r.stderr == ""
    assert run("--version").stdout.startswith("ssvkg ")


@needs_install
def test_query_run_json(mini_root, tmp_path):
    r = run("--root", mini_root, "query", "run", "programs-by-pillar", "-F", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 3


@needs_install
def test_root_from_current_directory(mini_root):
    r = run("query", "list", cwd=mini_root)
    assert r.returncode == 0 and "programs-by-pillar" in r.stdout


@needs_install
def test_error_is_one_line_without_traceback(mini_root):
    r = run("--root", mini_root, "query", "run", "observations-in-year", "-p", "year=abc")
    assert r.returncode == 2
    assert r.stderr == "Error: parameter year must be a year (YYYY), got 'abc'.\n"
    assert r.stdout == ""


@needs_install
def test_validate_exit_1(mini_copy):
    (mini_copy / "graph" / "bad.ttl").write_text(
        "@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n<urn:p> a ssv:Program .\n")
    r = run("validate", cwd=mini_copy)
    assert r.returncode == 1 and r.stdout.startswith("Conforms: no")


@needs_install
def test_bad_turtle_exit_2(mini_copy):
    (mini_copy / "graph" / "bad.ttl").write_text("@prefix ex: <http://ex/> .\nex:a ex:b\n")
    r = run("--root", mini_copy, "stats")
    assert r.returncode == 2 and r.stderr.startswith("Error: graph/bad.ttl line ")
    assert "Traceback" not in r.stderr


@needs_install
def test_broken_pipe_is_quiet(mini_root):
    p = subprocess.run(f"'{SSVKG}' --root '{mini_root}' export -F nt | head -n 1",
                       shell=True, capture_output=True, text=True, timeout=120)
    assert p.stdout.startswith("<") and "Traceback" not in p.stderr
