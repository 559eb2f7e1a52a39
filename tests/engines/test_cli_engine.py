"""The global --engine option, and what a command imports."""

from __future__ import annotations

import json
import subprocess
import sys


def test_both_engines_print_the_same_table(cli, mini_root):
    a = cli("--root", mini_root, "query", "run", "programs-by-pillar")
    b = cli("--root", mini_root, "--engine", "rdflib", "query", "run", "programs-by-pillar")
    assert a.exit_code == b.exit_code == 0
    assert a.output == b.output and "Smart Farming" in a.output


def test_unknown_engine_is_a_usage_error(cli, mini_root):
    r = cli("--root", mini_root, "--engine", "nope", "query", "list")
    assert r.exit_code == 2 and "nope" in r.output


def _modules_after(args, env_extra=None):
    code = ("import sys, json\nfrom ssvkg.cli import main\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\nsys.stdout.flush()\n"
            "sys.stderr.write(json.dumps(sorted(sys.modules)))\n")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=120, env=env_extra)
    return set(json.loads(p.stderr.strip().splitlines()[-1]))


def test_help_and_query_run_import_only_what_they_need(mini_root, _private_cache):
    import os

    env = {**os.environ, "SSVKG_CACHE_DIR": str(_private_cache)}
    heavy = {"pyshacl", "SPARQLWrapper", "oxrdflib", "matplotlib", "flask", "requests"}
    on_help = _modules_after(["--help"], env)
    assert not heavy & on_help and "rdflib" not in on_help
    on_query = _modules_after(["--root", str(mini_root), "query", "run", "programs-by-pillar"], env)
    assert not heavy & on_query
