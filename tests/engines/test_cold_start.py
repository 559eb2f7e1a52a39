"""Cold start: what `ssvkg --help` and a repeated `ssvkg query run` import, and the
on-disk memo (ssvkg.memo) that lets a known query skip rdflib's SPARQL grammar and PyYAML
while staying exactly as strict."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import ssvkg
from ssvkg import memo
from ssvkg.gate import sparql
from ssvkg.errors import QueryError
from ssvkg.gate.sparql import check

REPO = Path(__file__).resolve().parents[2]
# Imported only to parse a query, or to validate / reach an endpoint. (PyYAML is imported on
# every run: its memo saved under 3 %, BENCHMARKS.md "Caches", and went.)
NOT_ON_QUERY_RUN = {"pyshacl", "SPARQLWrapper", "pyparsing", "rdflib.plugins.sparql",
                    "rdflib.plugins.sparql.parser", "oxrdflib", "requests"}


def _run(args, env):
    code = ("import sys, json\nfrom ssvkg.cli import main\ntry:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\nsys.stdout.flush()\n"
            "sys.stderr.write('\\n' + json.dumps(sorted(sys.modules)))\n")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                       timeout=120, env=env)
    return p.stdout, set(json.loads(p.stderr.strip().splitlines()[-1]))


def test_second_query_run_skips_the_sparql_parser(mini_root, _private_cache):
    env = {**os.environ, "SSVKG_CACHE_DIR": str(_private_cache)}
    args = ["--root", str(mini_root), "query", "run", "programs-by-pillar"]
    first_out, first = _run(args, env)  # parses the query, records the verdict
    assert "rdflib.plugins.sparql.parser" in first
    second_out, second = _run(args, env)
    assert second_out == first_out and "Smart Farming" in second_out
    assert not NOT_ON_QUERY_RUN & second, NOT_ON_QUERY_RUN & second


def test_help_imports_neither_rdflib_nor_metadata(_private_cache):
    env = {**os.environ, "SSVKG_CACHE_DIR": str(_private_cache)}
    out, mods = _run(["--help"], env)
    assert "Commands" in out
    assert not {"rdflib", "pyoxigraph", "importlib.metadata", "yaml"} & mods


def test_version_constant_matches_pyproject():
    meta = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert ssvkg.__version__ == meta["project"]["version"]


QUERY = "PREFIX ex: <http://example.org/>\nSELECT ?s ?label WHERE { ?s ex:label ?label }"


@pytest.fixture(autouse=True)
def _nothing_passed_yet():
    """Another test in this worker may have checked QUERY: its in-process verdict would
    answer before the memo is read or written."""
    sparql._PASSED.clear()


def test_memoised_verdict_equals_a_fresh_parse(_private_cache):
    kept = memo.Memo(_private_cache)
    fresh = check(QUERY, "", kept)
    assert list((_private_cache / "memo").glob("check-*.json"))
    sparql._PASSED.clear()  # the next call reads the memo instead of parsing
    again = check(QUERY, "", kept)
    assert (again.kind, again.variables, again.has_dataset) == \
        (fresh.kind, fresh.variables, fresh.has_dataset) == ("SELECT", frozenset({"s", "label"}), False)
    assert again.parsed.algebra.name == "SelectQuery"  # the rdflib engine still gets its Query
    with_from = check("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }")
    assert with_from.has_dataset


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "Update is not allowed"),
    ("SELECT * WHERE { ?s ?p }", "syntax error"),
])
def test_refusals_are_never_memoised(_private_cache, text, message):
    kept = memo.Memo(_private_cache)
    for _ in range(2):  # the second time must fail the same way, not pass from a memo
        sparql._PASSED.clear()
        with pytest.raises(QueryError, match=message):
            check(text, "", kept)
    assert not list((_private_cache / "memo").glob("check-*.json"))


def test_a_stray_or_damaged_memo_entry_is_a_miss(_private_cache):
    kept = memo.Memo(_private_cache)
    check(QUERY, "", kept)
    (entry,) = (_private_cache / "memo").glob("check-*.json")
    # A file claiming another text (or a hash collision) must not answer for this one.
    entry.write_text(json.dumps({"text": "other", "value": {"kind": "ASK", "variables": [],
                                                            "has_dataset": False}}))
    sparql._PASSED.clear()
    assert check(QUERY, "", kept).kind == "SELECT"
    entry.write_text("{not json")
    sparql._PASSED.clear()
    assert check(QUERY).variables == frozenset({"s", "label"})


def test_nothing_is_written_with_the_cache_off(_private_cache):
    off = memo.Memo(None)
    off.put("check", "x", {"kind": "SELECT"})
    assert off.get("check", "x") is None and not _private_cache.exists()
    sparql._PASSED.clear()
    assert check(QUERY, "", off).kind == "SELECT"


def test_the_memo_keeps_only_the_newest_entries(_private_cache, monkeypatch):
    monkeypatch.setattr(memo, "MAX_ENTRIES", 4)
    kept = memo.Memo(_private_cache)
    for i in range(5):
        kept.put("check", f"text {i}", {"i": i})
    left = list((_private_cache / "memo").glob("*.json"))
    assert len(left) == 2 and kept.get("check", "text 4") == {"i": 4}


def test_checked_texts_kept_in_memory_are_bounded(monkeypatch):
    """3,000 distinct queries (a long `ssvkg serve` taking ad hoc /sparql texts) leave at
    most the bound in memory: the text -> result map behind check(), and rdflib's parse trees."""
    parsed = []

    def parse(text, where):  # rdflib's parser stands aside: 3,000 real parses take ~10 s
        parsed.append(text)
        return sparql.CheckedQuery(text, "SELECT", frozenset({"s"}), False)

    monkeypatch.setattr(sparql, "_parse_and_check", parse)
    sparql._PASSED.clear()
    texts = [f"SELECT ?s WHERE {{ ?s ?p {i} }}" for i in range(3000)]
    for text in texts:
        assert sparql.checked(text).text == text
    assert len(parsed) == 3000
    assert len(sparql._PASSED) <= sparql.PASSED_SIZE
    assert sparql._prepare.cache_info().maxsize == sparql.PREPARED_SIZE <= 32  # rdflib's parse trees
    # Still a cache: the texts checked last are answered without parsing again.
    assert sparql.check(texts[-1]).text == texts[-1] and len(parsed) == 3000
    assert sparql.checked(texts[0]).text == texts[0] and len(parsed) == 3001  # long gone: parsed again
    sparql._PASSED.clear()
