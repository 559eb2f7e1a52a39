"""Exports hold the files' terms as written, language tags with their case (`@zh-Hant`).

Oxigraph lower-cases tags when it parses; ssvkg.store.langtags puts the written spelling back.
The reference is independent of ssvkg and of rdflib: Debian's serdi (a strict Turtle parser,
installed by scripts/install-test-deps.sh) reads each Turtle file of the repository into
N-Triples, put into the graph ssvkg names the file; `ssvkg export -F nq`, read by serdi as
well (so both sides are written by one writer), must hold the same quads, triple for triple.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

REPO = Path(__file__).resolve().parent.parent
SERDI_HINT = "serdi is not installed: apt-get install serdi (or bash scripts/install-test-deps.sh)"
_BNODE = re.compile(r"_:[A-Za-z0-9_.-]+")


def _serdi(*args: str) -> list[str]:
    done = subprocess.run(["serdi", "-q", *args], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


def _graph_of(line: str) -> str:
    return line.rsplit(" ", 2)[-2]


def _by_graph(lines) -> dict[str, tuple[set[str], set[str]]]:
    """graph -> (quad lines without blank nodes, those with blank nodes, labels blanked)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for line in lines:
        plain, blank = out.setdefault(_graph_of(line), (set(), set()))
        if "_:" in line:
            blank.add(_BNODE.sub("_:b", line))
        else:
            plain.add(line)
    return out


@pytest.mark.golden
def test_nq_export_is_the_files_as_serdi_reads_them(cli, tmp_path):
    """Triple for triple, with exact lexical forms and language tags (serdi writes both sides).
    Blank nodes (the checksums in graph/sources.ttl) compare with their labels blanked and,
    per graph, by rdflib's isomorphism."""
    if not shutil.which("serdi"):
        pytest.skip(SERDI_HINT)
    from ssvkg.project import Project
    from ssvkg.store.dataset import graph_iri

    project = Project(REPO)
    expected = []
    for path in project.data_files():
        graph = f"<{graph_iri(project, path)}>"
        expected += [line[:-1] + f"{graph} ." for line in
                     _serdi("-i", "turtle", "-o", "nquads", str(path), path.as_uri())]
    exported = tmp_path / "ssvkg.nq"
    result = cli("--root", REPO, "export", "-F", "nq", "-o", exported)
    assert result.exit_code == 0, result.output
    got = _serdi("-i", "nquads", "-o", "nquads", str(exported))

    assert len(got) == len(set(expected))
    theirs, ours = _by_graph(expected), _by_graph(got)
    assert sorted(ours) == sorted(theirs)
    for g in theirs:
        only_files, only_export = theirs[g][0] - ours[g][0], ours[g][0] - theirs[g][0]
        assert not only_files and not only_export, \
            f"{g}: only in the files: {sorted(only_files)[:3]}; only in the export: {sorted(only_export)[:3]}"
        assert ours[g][1] == theirs[g][1], g
    assert any("@zh-Hant" in line for line in got) and not any("@zh-hant" in line for line in got)


@pytest.mark.golden
def test_export_isomorphic_to_the_files_per_graph(cli, tmp_path):
    """The blank nodes that the comparison above blanks: rdflib's isomorphism, graph by graph."""
    from rdflib.compare import isomorphic

    from ssvkg.project import Project
    from ssvkg.store.dataset import graph_iri

    project = Project(REPO)
    exported = tmp_path / "ssvkg.nq"
    assert cli("--root", REPO, "export", "-F", "nq", "-o", exported).exit_code == 0
    export = Dataset()
    export.parse(exported, format="nquads")
    for path in project.data_files():
        iri = graph_iri(project, path)
        assert isomorphic(export.graph(iri), Graph().parse(path, format="turtle")), iri


# -- every format, on a small project that spells tags in every way -----------------------

TAGGED = """@prefix ex: <https://example.org/> .
ex:a ex:name "Hant"@zh-Hant , "Hans"@zh-Hans , "GB"@en-GB , "plain"@en ;
    ex:note "tag it @zh-hant, not zh-hant"@zh-Hant ;
    ex:long \"\"\"two
lines\"\"\"@de-CH .
"""

FORMATS = {"nq": "nquads", "trig": "trig", "jsonld": "json-ld", "nt": "nt", "ttl": "turtle"}


def _tags(data: bytes, fmt: str) -> set[tuple[str, str]]:
    g = (Dataset() if fmt in ("nq", "trig", "jsonld") else Graph()).parse(data=data, format=FORMATS[fmt])
    triples = g.quads((None, None, None, None)) if isinstance(g, Dataset) else ((*t, None) for t in g)
    return {(str(o), o.language) for _, _, o, _ in triples if getattr(o, "language", None)}


@pytest.fixture
def tagged(mini_copy):
    (mini_copy / "graph" / "tagged.ttl").write_text(TAGGED, encoding="utf-8")
    return mini_copy


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_keeps_tags_as_written(tagged, fmt):
    import ssvkg

    tags = _tags(ssvkg.export(fmt, root=tagged), fmt)
    assert {("Hant", "zh-Hant"), ("Hans", "zh-Hans"), ("GB", "en-GB"), ("plain", "en"),
            ("tag it @zh-hant, not zh-hant", "zh-Hant"), ("two\nlines", "de-CH")} <= tags
    assert not {t for _, t in tags if t in ("zh-hant", "zh-hans", "en-gb", "de-ch")}


def test_tag_spelled_two_ways_keeps_both(tagged):
    """Oxigraph cannot tell `@zh-Hant` from `@zh-hant` apart: the export goes through rdflib."""
    import ssvkg

    (tagged / "graph" / "lower.ttl").write_text(
        '<https://example.org/b> <https://example.org/name> "lower"@zh-hant .\n', encoding="utf-8")
    for fmt in sorted(FORMATS):
        tags = _tags(ssvkg.export(fmt, root=tagged), fmt)
        assert {("Hant", "zh-Hant"), ("lower", "zh-hant")} <= tags, fmt


def test_dataset_keeps_tags_as_written(tagged):
    import ssvkg

    with ssvkg.open(tagged) as kg:
        for ds in (ssvkg.load(tagged), kg.dataset()):
            langs = {o.language for o in ds.objects() if getattr(o, "language", None)}
            assert {"zh-Hant", "zh-Hans", "en-GB", "de-CH"} <= langs
            assert not langs & {"zh-hant", "zh-hans", "en-gb", "de-ch"}


def test_jsonld_export_is_still_json_ld(tagged):
    import ssvkg

    doc = json.loads(ssvkg.export("jsonld", root=tagged))
    langs = {n.get("@language") for g in doc for s in g.get("@graph", []) for v in s.values()
             if isinstance(v, list) for n in v if isinstance(n, dict)}
    assert "zh-Hant" in langs


@pytest.mark.parametrize("written, expected", [
    ('<a:s> <a:p> "x"@zh-hant <a:g> .', '<a:s> <a:p> "x"@zh-Hant <a:g> .'),
    # tag-like text inside strings stays as it is; only a string's own tag changes
    ('<a:s> <a:p> "say \\"hi\\"@zh-hant" .', '<a:s> <a:p> "say \\"hi\\"@zh-hant" .'),
    ('a:s a:p "x", "@zh-hant"@zh-hant, "y"@en .', 'a:s a:p "x", "@zh-hant"@zh-Hant, "y"@en .'),
    ('<a:s> <a:p> "\\\\"@zh-hant .', '<a:s> <a:p> "\\\\"@zh-Hant .'),
    # a long string (which Oxigraph does not write) goes through the full tokenizer
    ('a:s a:p """one " two\n"""@zh-hant , "z"@zh-hant .', 'a:s a:p """one " two\n"""@zh-Hant , "z"@zh-Hant .'),
])
def test_restore_touches_only_tags(written, expected):
    from ssvkg.store.langtags import restore

    assert restore(written.encode(), "ttl", {"zh-hant": "zh-Hant"}).decode() == expected
