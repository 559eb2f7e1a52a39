"""`ssvkg diff`: a copy of the real graph with one figure changed, one entity added and one removed.

The expected words are read off the sources and the files by hand: the figure is 99 Giving Day
2022's public donations, "公众筹集善款人民币总额超过33亿元" (source 004), 3,300,000,000 yuan.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ssvkg.changes import apply_patch, changes_markdown, compare, rdf_patch, read_version
from ssvkg.changes.compare import canonical_quads
from ssvkg.cli import main

REPO = Path(__file__).resolve().parents[2]
SSV = Namespace("https://w3id.org/ssvkg/ontology#")
SSVD = Namespace("https://w3id.org/ssvkg/id/")
FIGURE = SSVD["obs-99-giving-day-2022-donation-amount"]
REMOVED = SSVD["person-lu-jianzhong"]
ADDED = SSVD["program-test-reading-rooms"]

pytestmark = pytest.mark.golden


def _copy(dst: Path) -> Path:
    for d in ("ontology", "graph"):
        shutil.copytree(REPO / d, dst / d, ignore=shutil.ignore_patterns("sources"))
    return dst


def _edit(path: Path, change) -> None:
    g = Graph()
    g.parse(path)
    change(g)
    path.write_text(g.serialize(format="turtle"), encoding="utf-8")


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    old = _copy(tmp_path_factory.mktemp("old"))
    new = _copy(tmp_path_factory.mktemp("new"))

    def change_figure(g):
        assert (FIGURE, SSV.value, Literal(3300000000)) in g
        g.set((FIGURE, SSV.value, Literal(3400000000)))

    def remove_person(g):
        assert (REMOVED, RDF.type, None) in g
        g.remove((REMOVED, None, None))

    def add_program(g):
        g.add((ADDED, RDF.type, SSV.Program))
        g.add((ADDED, RDFS.label, Literal("Test reading rooms", lang="en")))
        g.add((ADDED, RDFS.label, Literal("测试阅读室", lang="zh")))

    _edit(new / "graph" / "figures-giving.ttl", change_figure)
    _edit(new / "graph" / "people.ttl", remove_person)
    _edit(new / "graph" / "programs.ttl", add_program)
    return old, new


def test_words_name_exactly_the_changes(versions):
    old, new = versions
    text = changes_markdown(compare(read_version(old), read_version(new)), "old", "new")
    sections = {}
    for block in text.split("\n## ")[1:]:
        title, *rows = block.strip().splitlines()
        sections[title] = [r for r in rows if r.startswith("- ")]
    assert set(sections) == {"Figures changed", "Entities added", "Entities removed"}, text
    [figure] = sections["Figures changed"]
    assert "ssvd:obs-99-giving-day-2022-donation-amount" in figure
    assert "3,300,000,000 cur:CNY" in figure and "3,400,000,000 cur:CNY" in figure
    assert "ssv:value 3,300,000,000 → 3,400,000,000" in figure
    assert "公众筹集善款人民币总额超过33亿元" in text  # its source sentence, under it
    assert sections["Entities added"] == [
        "- ssv:Program: **Test reading rooms / 测试阅读室** (`ssvd:program-test-reading-rooms`)"]
    assert sections["Entities removed"] == ["- foaf:Person: **Lu Jianzhong** (`ssvd:person-lu-jianzhong`)"]


def test_patch_names_exactly_the_changes_and_turns_old_into_new(versions):
    old, new = versions
    old_ds, new_ds = read_version(old), read_version(new)
    patch = rdf_patch(compare(old_ds, new_ds))
    lines = patch.splitlines()
    assert lines[0].startswith("H id <urn:sha256:") and lines[1] == "TX ." and lines[-1] == "TC ."
    rows = lines[2:-1]
    deleted = [r for r in rows if r.startswith("D ")]
    added = [r for r in rows if r.startswith("A ")]
    assert len(deleted) + len(added) == len(rows)
    person = f"<{REMOVED}>"
    graph_people = "<https://w3id.org/ssvkg/graph/people>"
    # the person had 9 statements (type, label, marker, name, post, source, two quotes, comment)
    assert len([r for r in deleted if r.startswith(f"D {person} ")]) == 9
    assert all(r.endswith(f"{graph_people} .") for r in deleted if r.startswith(f"D {person} "))
    value = f"<{FIGURE}> <{SSV.value}>"
    assert [r for r in deleted if not r.startswith(f"D {person} ")] == [
        f'D {value} "3300000000"^^<{XSD.integer}> <https://w3id.org/ssvkg/graph/figures-giving> .']
    assert sorted(r for r in added if not r.startswith(f"A <{ADDED}> ")) == [
        f'A {value} "3400000000"^^<{XSD.integer}> <https://w3id.org/ssvkg/graph/figures-giving> .']
    assert len([r for r in added if r.startswith(f"A <{ADDED}> ")]) == 3

    apply_patch(old_ds, patch)
    assert canonical_quads(old_ds) == canonical_quads(new_ds)  # quad for quad


def test_same_version_as_folder_and_as_dump_has_no_differences(tmp_path):
    """A TriG dump of the folder: the same quads, its blank nodes (owl:unionOf lists) relabelled."""
    ds = read_version(REPO)
    dump = tmp_path / "ssvkg.trig"
    dump.write_text(ds.serialize(format="trig"), encoding="utf-8")
    changes = compare(ds, read_version(dump))
    assert not changes and not changes.added and not changes.removed
    assert "No differences" in changes_markdown(changes)


def test_cli_exit_codes(versions, tmp_path, capsys):
    old, new = versions
    patch_file = tmp_path / "changes.rdfp"
    with pytest.raises(SystemExit) as e:
        main(["diff", str(old), str(new), "--patch", str(patch_file)], standalone_mode=True)
    assert e.value.code == 1
    assert "## Figures changed" in capsys.readouterr().out
    assert patch_file.read_text().count("\nA ") == 4
    with pytest.raises(SystemExit) as e:
        main(["diff", str(old), str(old)])
    assert e.value.code == 0


@pytest.mark.parametrize("spec, words", [
    ("no-such-revision-or-file", "neither a folder, a dump file nor a git revision"),
    ("broken.nq", "not valid nquads"),
    ("notes.txt", "not a dump ssvkg can read"),
    ("empty-folder", "a folder without ontology/ or graph/"),
])
def test_cli_bad_input_is_one_sentence_and_exit_2(spec, words, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.nq").write_text("<a> <b> .\n")
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(SystemExit) as e:
        main(["--root", str(REPO), "diff", spec, str(REPO), "--repo", str(tmp_path)])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_two_git_revisions(tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    files = sorted((repo / "graph").rglob("*.ttl"))
    g = Graph()
    g.parse(files[0])
    g.add((URIRef("https://w3id.org/ssvkg/id/org-test-added"), RDF.type, SSV.Lab))
    g.add((URIRef("https://w3id.org/ssvkg/id/org-test-added"), RDFS.label, Literal("Added lab", lang="en")))
    files[0].write_text(g.serialize(format="turtle"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    with pytest.raises(SystemExit) as e:
        main(["diff", "HEAD~1", "HEAD", "--repo", str(repo)])
    assert e.value.code == 1
    out = capsys.readouterr().out
    assert "## Entities added\n\n- ssv:Lab: **Added lab** (`" in out and "org-test-added`)\n" in out
    assert "2 statements added and 0 removed" in out
