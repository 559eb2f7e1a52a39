"""The CLI in-process, through click's CliRunner, against the fixture project."""

import csv
import io
import json
import os

import pytest
from rdflib import Graph
from rdflib.query import Result

from ssvkg.cli import COMMANDS


def ok(r):
    assert r.exit_code == 0, r.output
    return r.stdout


def fails(r, code=2):
    assert r.exit_code == code, r.output
    assert r.stderr.startswith("Error: ")
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr  # one sentence
    assert "Traceback" not in r.output
    return r.stderr


def test_every_command_has_help_with_an_example(cli):
    for path in [[], *[[c] for c in COMMANDS], ["query", "list"], ["query", "show"], ["query", "run"]]:
        out = ok(cli(*path, "--help"))
        assert "Example" in out and "ssvkg " in out.split("Example", 1)[1]


def test_version(cli):
    assert ok(cli("--version")).startswith("ssvkg ")


def test_query_list(cli, mini_root):
    out = ok(cli("--root", mini_root, "query", "list"))
    assert "programs-by-pillar" in out and "CONSTRUCT" in out and "([min] year)" in out


def test_query_show(cli, mini_root):
    out = ok(cli("--root", mini_root, "query", "show", "observations-in-year"))
    assert "year  gyear  (required; default 2022)" in out
    assert "SELECT ?obs" in out


def test_query_run_table(cli, mini_root):
    out = ok(cli("--root", mini_root, "query", "run", "programs-by-pillar"))
    assert out.splitlines()[0].split() == ["program", "name", "pillar"]
    # the presentation layer shows a labelled program by its label, not its CURIE
    assert "Rural Teachers" in out and "id:p1" not in out and "(3 rows)" in out


def test_query_run_params_and_formats(cli, mini_root):
    out = ok(cli("--root", mini_root, "query", "run", "programs-by-pillar",
                 "--param", "pillar=id:health", "--format", "csv"))
    assert list(csv.reader(io.StringIO(out))) == [
        ["program", "name", "pillar"],
        ["https://w3id.org/ssvkg/id/p2", "Village Clinics", "https://w3id.org/ssvkg/id/health"]]
    out = ok(cli("--root", mini_root, "query", "run", "observations-in-year", "-p", "year=2023",
                 "-F", "json"))
    back = Result.parse(io.StringIO(out), format="json")
    assert [str(r["obs"]) for r in back] == ["https://w3id.org/ssvkg/id/o2"]
    for fmt in ("tsv", "md"):
        assert "Rural Teachers" in ok(cli("--root", mini_root, "query", "run",
                                         "programs-by-pillar", "-F", fmt))


def test_query_run_construct(cli, mini_root):
    out = ok(cli("--root", mini_root, "query", "run", "program-names"))
    assert len(Graph().parse(data=out, format="turtle")) == 3
    out = ok(cli("--root", mini_root, "query", "run", "program-names", "-F", "json-ld"))
    assert len(Graph().parse(data=out, format="json-ld")) == 3


def test_ask(cli, mini_root):
    assert ok(cli("--root", mini_root, "query", "run", "has-label", "-p", "label=Health")) == "true\n"


@pytest.mark.parametrize("args, needle", [
    (["query", "run", "nope"], "no query named 'nope'; known queries:"),
    (["query", "show", "nope"], "no query named 'nope'"),
    (["query", "run", "program-by-name", "-p", "nme=x"], "has no parameter nme; its parameters: name."),
    (["query", "run", "program-by-name"], "needs parameter name"),
    (["query", "run", "observations-in-year", "-p", "year=abc"], "parameter year must be a year"),
    (["query", "run", "observations-in-year", "-p", "min=abc"],
     "parameter min must be an integer, got 'abc'."),
    (["query", "run", "programs-by-pillar", "-p", "pillar"], "--param needs NAME=VALUE"),
    (["query", "run", "programs-by-pillar", "-p", "pillar=http://x/> } ; DROP ALL ; #"],
     "must be an IRI"),
    (["query", "run", "program-names", "-F", "csv"], "does not fit a CONSTRUCT/DESCRIBE result"),
    (["sparql", "DROP ALL"], "SPARQL Update is not allowed: this command is read-only."),
    (["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "SPARQL Update is not allowed"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"],
     "SERVICE is not allowed"),
    (["sparql", "SELECT ?s WHERE { ?s ?p }"], "syntax error at line 1, column"),
    (["sparql"], "give the query either as an argument or with -f FILE"),
])
def test_errors_exit_2_with_one_sentence(cli, mini_root, args, needle):
    assert needle in fails(cli("--root", mini_root, *args))


def test_injection_as_string_param_returns_nothing(cli, mini_root):
    before = ok(cli("--root", mini_root, "export", "-F", "nq"))
    out = ok(cli("--root", mini_root, "query", "run", "program-by-name",
                 "-p", 'name=x" } ; DROP ALL ; #', "-F", "json"))
    assert json.loads(out)["results"]["bindings"] == []
    assert ok(cli("--root", mini_root, "export", "-F", "nq")) == before


def test_sparql_inline_file_and_stdin(cli, mini_root, tmp_path):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?o a <http://purl.org/linked-data/cube#Observation> }"
    assert "3" in ok(cli("--root", mini_root, "sparql", q, "-F", "csv")).splitlines()[1]
    f = tmp_path / "q.rq"
    f.write_text(q)
    assert ok(cli("--root", mini_root, "sparql", "-f", f, "-F", "csv")).splitlines()[1] == "3"
    assert ok(cli("--root", mini_root, "sparql", "-f", "-", "-F", "csv", input=q)).splitlines()[1] == "3"


def test_bad_turtle_exit_2_names_file_and_line(cli, mini_copy):
    (mini_copy / "graph" / "x.ttl").write_text("@prefix ex: <http://ex/> .\n\nex:a ex:b .\n")
    for args in (["query", "run", "programs-by-pillar"], ["validate"], ["stats"], ["export"]):
        err = fails(cli("--root", mini_copy, *args))
        assert err.startswith("Error: graph/x.ttl line 3: "), err


def test_validate_exit_codes(cli, mini_root, mini_copy):
    assert ok(cli("--root", mini_root, "validate")) == "Conforms: yes\n"
    (mini_copy / "graph" / "bad.ttl").write_text(
        "@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n<urn:p> a ssv:Program .\n")
    r = cli("--root", mini_copy, "validate")
    assert r.exit_code == 1
    assert r.stdout.startswith("Conforms: no (2 violations)")
    assert "focus:" in r.stdout and "<urn:p>" in r.stdout
    doc = json.loads(cli("--root", mini_copy, "validate", "-F", "json").stdout)
    assert doc["conforms"] is False and len(doc["issues"]) == 2
    assert {i["focus"] for i in doc["issues"]} == {"<urn:p>"}
    r = cli("--root", mini_copy, "validate", "-F", "turtle")
    assert r.exit_code == 1 and len(Graph().parse(data=r.stdout, format="turtle")) > 0
    for f in (mini_copy / "shapes").iterdir():
        f.unlink()
    assert "no SHACL shapes" in fails(cli("--root", mini_copy, "validate"))


def test_stats(cli, mini_root):
    out = ok(cli("--root", mini_root, "stats"))
    assert "https://w3id.org/ssvkg/graph/programs" in out
    assert "ssv:Program" in out and "2023" in out
    doc = json.loads(ok(cli("--root", mini_root, "stats", "-F", "json")))
    assert doc["observations_per_year"] == {"2020": 1, "2021": 1, "2022": 1, "2023": 2}


def test_export_to_file_and_stdout(cli, mini_root, tmp_path):
    out = tmp_path / "all.trig"
    assert ok(cli("--root", mini_root, "export", "-F", "trig", "-o", out)) == ""
    assert out.read_bytes() == cli("--root", mini_root, "export", "-F", "trig").stdout_bytes
    assert os.listdir(tmp_path) == ["all.trig"]  # no temporary file left


def test_export_failure_leaves_old_file_untouched(cli, mini_copy, tmp_path):
    out = tmp_path / "all.ttl"
    out.write_text("previous export\n")
    (mini_copy / "graph" / "x.ttl").write_text("this is not turtle\n")
    fails(cli("--root", mini_copy, "export", "-o", out))
    assert out.read_text() == "previous export\n"
    assert sorted(os.listdir(tmp_path)) == ["all.ttl", "mini"]


def test_atomic_write_cleans_up_on_failure(tmp_path, monkeypatch):
    from ssvkg.cli import common

    target = tmp_path / "out.nt"
    target.write_text("old\n")

    def boom(*a):
        raise OSError("disk full")

    monkeypatch.setattr(common.os, "replace", boom)
    with pytest.raises(OSError):
        common.atomic_write(target, b"new\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["out.nt"]


def test_export_to_missing_folder(cli, mini_root, tmp_path):
    assert "no such directory" in fails(cli("--root", mini_root, "export", "-o", tmp_path / "no" / "x.ttl"))


def test_root_pointing_elsewhere(cli, mini_root, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "Rural Teachers" in ok(cli("--root", mini_root, "query", "run", "programs-by-pillar"))
    monkeypatch.setenv("SSVKG_ROOT", str(mini_root))
    assert "Rural Teachers" in ok(cli("query", "run", "programs-by-pillar"))
    assert "no such directory" in fails(cli("--root", tmp_path / "nope", "stats"))


def test_usage_errors_are_click_errors(cli, mini_root):
    r = cli("--root", mini_root, "query", "run", "programs-by-pillar", "-F", "xml")
    assert r.exit_code == 2 and "Invalid value" in r.stderr and "Traceback" not in r.output
    r = cli("nonsense")
    assert r.exit_code == 2 and "No such command" in r.stderr


def test_keyboard_interrupt_exits_130(cli, mini_root, monkeypatch):
    import ssvkg.api

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(ssvkg.api.KnowledgeGraph, "queries", interrupted)
    r = cli("--root", mini_root, "query", "list")
    assert r.exit_code == 130 and "Traceback" not in r.output


def test_unexpected_error_is_one_line_exit_3(cli, mini_root, monkeypatch):
    import ssvkg.api

    def bug(*a, **k):
        raise ValueError("oops")

    monkeypatch.setattr(ssvkg.api.KnowledgeGraph, "queries", bug)
    r = cli("--root", mini_root, "query", "list")
    assert r.exit_code == 3 and r.stderr.startswith("Error: internal error (ValueError: oops)")


def test_commands_are_registered_lazily():
    import subprocess
    import sys

    code = ("import sys; from ssvkg.cli import main\n"
            "try: main(['--help'])\n"
            "except SystemExit: pass\n"
            "mods = [m for m in ('rdflib', 'pyshacl', 'ssvkg.cli.query', 'ssvkg.api') if m in sys.modules]\n"
            "print(mods, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip() == "[]"
