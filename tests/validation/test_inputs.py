"""`ssvkg validate PATH… --shapes DIR` on other people's data: formats, folders, thresholds."""

from __future__ import annotations

import json
import os

import pytest

import ssvkg

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .

ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
    sh:property [ sh:path ex:size ; sh:maxInclusive 10 ; sh:severity sh:Warning ] ;
    sh:property [ sh:path ex:colour ; sh:in ( "red" "blue" ) ; sh:severity sh:Info ] .
"""

FILES = {
    "a.ttl": '@prefix ex: <http://example.org/> .\n\nex:t1 a ex:Thing ;\n    ex:name "one" .\n'
             'ex:t2 a ex:Thing .\n',
    "b.nt": '<http://example.org/t3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .\n'
            '<http://example.org/t3> <http://example.org/name> "three" .\n'
            '<http://example.org/t3> <http://example.org/size> "11"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    "c.rdf": '<?xml version="1.0"?>\n'
             '<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n'
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n'
             '  <ex:Thing rdf:about="&ex;t4">\n'
             '    <ex:name>four</ex:name>\n'
             '    <ex:colour>green</ex:colour>\n'
             '  </ex:Thing>\n'
             '</rdf:RDF>\n',
    "d.jsonld": '{\n  "@context": {"ex": "http://example.org/"},\n  "@graph": [\n'
                '    {"@id": "ex:t5", "@type": "ex:Thing"}\n  ]\n}\n',
    "e.trig": '@prefix ex: <http://example.org/> .\nex:g {\n  ex:t6 a ex:Thing ;\n     ex:name "six" ;\n'
              '     ex:size 12 .\n}\n',
}


@pytest.fixture
def other_repo(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    for name, text in FILES.items():
        (data / ("sub" if name == "e.trig" else "") / name).write_text(text, encoding="utf-8")
    (data / ".hidden.ttl").write_text("this is not read", encoding="utf-8")
    (data / "notes.txt").write_text("neither is this", encoding="utf-8")
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "things.ttl").write_text(SHAPES, encoding="utf-8")
    return tmp_path


def located(result):
    return {(i.file, i.line, i.severity) for i in result.issues}


def test_every_format_in_a_folder_is_read_and_located(other_repo, monkeypatch):
    monkeypatch.chdir(other_repo)
    r = ssvkg.validate(data="data", shapes="shapes")
    assert sorted(r.inputs) == ["data/a.ttl", "data/b.nt", "data/c.rdf", "data/d.jsonld",
                                "data/sub/e.trig", "shapes/things.ttl"]
    assert located(r) == {
        ("data/a.ttl", 5, "Violation"),       # t2 has no name
        ("data/b.nt", 3, "Warning"),          # t3 size 11 > 10
        ("data/c.rdf", 6, "Info"),            # t4 colour green
        ("data/d.jsonld", 4, "Violation"),    # t5 has no name (found by searching the text)
        ("data/sub/e.trig", 5, "Warning"),    # t6 size 12
    }
    assert "queries" not in r.checks and "queries" not in r.skipped


@pytest.mark.parametrize("fail_on, code", [("violation", 1), ("warning", 1), ("info", 1)])
def test_fail_on_with_all_severities(cli, other_repo, monkeypatch, fail_on, code):
    monkeypatch.chdir(other_repo)
    assert cli("validate", "data", "--shapes", "shapes", "--fail-on", fail_on).exit_code == code


@pytest.mark.parametrize("fail_on, code", [("violation", 0), ("warning", 1), ("info", 1)])
def test_fail_on_with_only_a_warning(cli, other_repo, monkeypatch, fail_on, code):
    monkeypatch.chdir(other_repo)
    r = cli("validate", "data/b.nt", "--shapes", "shapes", "--fail-on", fail_on, "-F", "json")
    assert r.exit_code == code
    doc = json.loads(r.stdout)
    assert doc["conforms"] is False and doc["summary"]["warning"] == 1 and doc["failed"] is (code == 1)


def test_fail_on_info_only(cli, other_repo, monkeypatch):
    monkeypatch.chdir(other_repo)
    for fail_on, code in (("violation", 0), ("warning", 0), ("info", 1)):
        assert cli("validate", "data/c.rdf", "--shapes", "shapes", "--fail-on", fail_on).exit_code == code


def test_conforming_files_exit_0(cli, other_repo, monkeypatch):
    monkeypatch.chdir(other_repo)
    (other_repo / "ok.ttl").write_text('@prefix ex: <http://example.org/> .\nex:x a ex:Thing ; ex:name "x" .\n',
                                       encoding="utf-8")
    r = cli("validate", "ok.ttl", "--shapes", "shapes/things.ttl")
    assert (r.exit_code, r.stdout) == (0, "Conforms: yes\n")


def test_default_shapes_come_from_the_root(cli, mini_root, tmp_path):
    data = tmp_path / "p.ttl"
    data.write_text("@prefix ssv: <https://w3id.org/ssvkg/ontology#> .\n<urn:x:p> a ssv:Program .\n",
                    encoding="utf-8")
    r = cli("--root", mini_root, "validate", data, "-F", "json")
    assert r.exit_code == 1
    assert {i["focus"] for i in json.loads(r.stdout)["issues"]} == {"<urn:x:p>"}


def test_limits_are_options(cli, other_repo, monkeypatch):
    monkeypatch.chdir(other_repo)
    r = cli("validate", "data/a.ttl", "--shapes", "shapes", "--max-file-size", "0.00001")
    assert r.exit_code == 2 and "over the 1e-05 MB limit" in r.stderr
    r = cli("validate", "data", "--shapes", "shapes", "--timeout", "0.001")
    assert r.exit_code == 2
    assert r.stderr == "Error: validation took longer than 0.001 s and was stopped; raise --timeout or validate fewer files.\n"


def test_output_file_is_written_whole(cli, other_repo, monkeypatch):
    monkeypatch.chdir(other_repo)
    r = cli("validate", "data", "--shapes", "shapes", "-F", "sarif", "-o", "out.sarif")
    assert r.exit_code == 1 and r.stdout == ""
    assert json.loads((other_repo / "out.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert not [p for p in os.listdir(other_repo) if p.endswith(".tmp")]


def test_pre_commit_hook_is_declared(repo_root):
    text = (repo_root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: ssvkg-validate" in text and "entry: ssvkg validate" in text
    assert "pass_filenames: false" in text and "language: python" in text


def test_readme_documents_ci(repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    ci = readme.split("## Validation in CI", 1)[1].split("\n## ", 1)[0]
    assert readme.index("## Validation in CI") < readme.index("## CLI reference")
    for needle in ("--format github", "--format sarif", "--fail-on", "pre-commit", "upload-sarif"):
        assert needle in ci, needle


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_blank_node_focus_is_located(tmp_path, monkeypatch, store):
    (tmp_path / "d.ttl").write_text(
        '@prefix ex: <http://example.org/> .\n\nex:a ex:has [\n    a ex:Thing ;\n    ex:size 3\n] .\n',
        encoding="utf-8")
    (tmp_path / "s.ttl").write_text(SHAPES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = ssvkg.validate(data="d.ttl", shapes="s.ttl", engine=store)  # what --engine passes
    assert [(i.file, i.line, i.severity) for i in r.issues] == [("d.ttl", 4, "Violation")]
