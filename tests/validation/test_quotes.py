"""The quotes meta-check: quotes are verbatim in the source texts they cite, the texts are intact.

Attacks on a copy of the repository's own data (a changed byte in a source text, a changed
quote, a missing text file, a source without its text, the texts moved elsewhere) and on a
small project of another repository validated as PATHs with --sources. The expected files
and lines are found by searching the copied files' text here, not taken from the check.
"""

from __future__ import annotations

import hashlib
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import ssvkg

REPO = Path(__file__).resolve().parents[2]
TEXT_004 = "graph/sources/004_588806172c67b95f.txt"
TEXT_001 = "graph/sources/001_5afe22c80a3ff190.txt"

# One xdist worker runs the tests on the copy: it is validated cold once, then from the cache.
pytestmark = pytest.mark.xdist_group("quotes-repo-copy")


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("repo")
    for d in ("ontology", "graph", "shapes"):
        shutil.copytree(REPO / d, root / d)
    return root


def validate(root, **options):
    return ssvkg.validate(root, skip=["isomorphism"], **options)


def where(result) -> set:
    """(file, line) of every result that fails the run."""
    return {(i.file, i.line) for i in result.failing()}


@contextmanager
def replaced(path: Path, old: str, new: str):
    """path with its one occurrence of old replaced by new, restored afterwards."""
    data = path.read_bytes()
    assert data.count(old.encode()) == 1, f"{old!r} occurs {data.count(old.encode())} times in {path}"
    path.write_bytes(data.replace(old.encode(), new.encode()))
    try:
        yield
    finally:
        path.write_bytes(data)


def line_of(path: Path, needle: str) -> int:
    [n] = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return n


def quotes_with(root: Path, needle: str) -> set:
    """(file, line) of the quotes (lines of a quote property) that hold needle, in graph/."""
    return {(p.relative_to(root).as_posix(), n) for p in sorted((root / "graph").rglob("*.ttl"))
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
            if needle in line and any(q in line for q in ("ssv:sourceQuote", "ssv:quoteText", "ssv:erroneousReading"))}


def test_the_copy_conforms_and_the_check_ran(repo_copy):
    r = validate(repo_copy)
    assert r.conforms, [i.message for i in r.issues]
    assert "quotes" in r.checks and "quotes" not in r.skipped


def test_a_changed_byte_in_a_source_text_fails_naming_the_file_and_the_quotes(repo_copy):
    text = repo_copy / TEXT_004
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    # 004: "2022年99公益日……公众筹集善款人民币总额超过33亿元。" (33 → 34: one byte)
    sentence = "公众筹集善款人民币总额超过33亿元"
    quoted_at = quotes_with(repo_copy, sentence)
    assert len(quoted_at) >= 3  # the observations, the event and the programme that quote it
    with replaced(text, sentence, sentence.replace("33", "34")):
        r = validate(repo_copy)
    checksum = ("graph/sources.ttl", line_of(repo_copy / "graph/sources.ttl", digest))
    assert where(r) == quoted_at | {checksum}
    [bad_sum] = [i for i in r.failing() if (i.file, i.line) == checksum]
    assert TEXT_004 in bad_sum.message and "SHA-256" in bad_sum.message
    assert bad_sum.focus == URIRef("https://w3id.org/ssvkg/id/source-004-text")
    assert all(i.check == "quotes" for i in r.failing())
    assert r.exit_code() == 1


@pytest.mark.parametrize("file, old, new", [
    # Lu Peng in 004: "呼唤一种商业模式的创新、一种社会生态的创建,甚至一种新的科技文明的创造"
    ("graph/quotations.ttl", '"呼唤一种商业模式的创新', '"呼唤一种商业模式的革新'),
    # 004's byline: "2023年08月14日 16:10"
    ("graph/sources.ttl", '"2023年08月14日 16:10"@zh-Hans', '"2023年08月15日 16:10"@zh-Hans'),
])
def test_a_changed_quote_fails_at_its_file_and_line(repo_copy, file, old, new):
    with replaced(repo_copy / file, old, new):
        at = (file, line_of(repo_copy / file, new))
        r = validate(repo_copy)
    assert where(r) == {at}
    [i] = r.failing()
    assert i.check == "quotes" and "is not in the text of ssvd:source-004 (" in i.message
    assert TEXT_004 in i.message and new.strip('"').split('"')[0][:20] in i.message


def test_a_missing_text_file_is_reported_once(repo_copy, tmp_path):
    text = repo_copy / TEXT_001
    shutil.move(text, tmp_path / text.name)
    try:
        r = validate(repo_copy)
    finally:
        shutil.move(tmp_path / text.name, text)
    # Not every quote of 001 again: the missing file, once, where it is described.
    assert where(r) == {("graph/sources.ttl", line_of(repo_copy / "graph/sources.ttl",
                                                      'schema:name "001_5afe22c80a3ff190.txt"'))}
    [i] = r.failing()
    assert TEXT_001 in i.message and "missing" in i.message


def test_a_source_without_its_text_is_reported(repo_copy):
    sources = repo_copy / "graph/sources.ttl"
    link = "ssvd:source-003 schema:encoding ssvd:source-003-text ;\n    ssv:referenceText ssvd:source-003-text ."
    with replaced(sources, link, "\n"):  # the lines stay, empty
        r = validate(repo_copy)
    assert where(r) == {("graph/sources.ttl", line_of(sources, "ssvd:source-003 a ssv:SourceDocument"))}
    [i] = r.failing()
    assert "ssvd:source-003 has no text" in i.message


def test_sources_in_another_folder(repo_copy, tmp_path, cli):
    elsewhere = tmp_path / "texts"
    shutil.move(repo_copy / "graph/sources", elsewhere)
    try:
        missing = validate(repo_copy)
        found = validate(repo_copy, sources=elsewhere)
        run = cli("--root", repo_copy, "validate", "--skip", "isomorphism", "--sources", elsewhere)
    finally:
        shutil.move(elsewhere, repo_copy / "graph/sources")
    # Without the folder every one of the six files is missing; given it, all is well.
    assert len([i for i in missing.failing() if "is missing" in i.message]) == 6 == len(missing.failing())
    assert {i.file for i in missing.failing()} == {"graph/sources.ttl"}
    assert found.conforms, [i.message for i in found.issues]
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("make", [lambda tmp: tmp / "nowhere", lambda tmp: _file(tmp / "a-file.txt")])
def test_a_bad_sources_path_is_one_sentence_and_exit_2(mini_root, tmp_path, cli, make):
    bad = make(tmp_path)
    r = cli("--root", mini_root, "validate", "--sources", bad)
    assert r.exit_code == 2
    assert r.output == f"Error: --sources {bad}: no such directory.\n"
    with pytest.raises(ssvkg.InputError, match=r"^--sources .*: no such directory\.$"):
        ssvkg.validate(mini_root, sources=bad)


def _file(path: Path) -> Path:
    path.write_text("not a folder", encoding="utf-8")
    return path


# ---------------------------------------------------------------- another repository, as PATHs

TEXT = "The first line\nof the text.\r\n\tA garbled ?!瘪 part stays as it is.\n"
SHAPES = ("@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n\n"
          "ex:S a sh:NodeShape ; sh:targetClass ex:Nothing ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n")
HEAD = """@prefix ssv: <https://w3id.org/ssvkg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix schema: <https://schema.org/> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

ex:doc a ssv:SourceDocument ;
    schema:encoding ex:doc-text ;
    ssv:referenceText ex:doc-text .
"""


def file_node(name: str = "doc.txt", digest: str | None = None, algorithm: str = "sha256") -> str:
    digest = digest if digest is not None else hashlib.sha256(TEXT.encode()).hexdigest()
    return (f'ex:doc-text a schema:MediaObject ;\n    schema:name "{name}" ;\n'
            f'    spdx:checksum [ spdx:algorithm spdx:checksumAlgorithm_{algorithm} ; '
            f'spdx:checksumValue "{digest}"^^xsd:hexBinary ] .\n')


def quote(text: str, prop: str = "ssv:sourceQuote", cites: bool = True) -> str:
    return (f"ex:fact{' prov:wasDerivedFrom ex:doc ;' if cites else ''}\n"
            f"    {prop} {text} .\n")


@pytest.fixture
def other_repo(tmp_path):
    (tmp_path / "shapes").mkdir()
    (tmp_path / "shapes" / "s.ttl").write_text(SHAPES, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "doc.txt").write_bytes(TEXT.encode())
    (tmp_path / "data").mkdir()
    return tmp_path


def run_on(repo: Path, body: str, cli, *options):
    (repo / "data" / "d.ttl").write_text(HEAD + body, encoding="utf-8")
    return cli("validate", repo / "data", "--shapes", repo / "shapes", "--skip", "isomorphism",
               "-F", "github", *options)


def test_with_paths_the_check_runs_only_when_sources_are_given(other_repo, cli):
    body = file_node() + quote('"not in the text"@en')
    assert run_on(other_repo, body, cli).exit_code == 0
    r = ssvkg.validate(data=[other_repo / "data"], shapes=[other_repo / "shapes"])
    assert "quotes" not in r.checks and "quotes" not in r.skipped  # not asked for, as queries/
    r = run_on(other_repo, body, cli, "--sources", other_repo / "texts")
    line = line_of(other_repo / "data" / "d.ttl", "not in the text")
    assert r.exit_code == 1 and f"/data/d.ttl,line={line}," in r.output
    assert 'ssv:sourceQuote "not in the text" is not in the text of ex:doc (' in r.output


@pytest.mark.parametrize("text", [
    '"The first line of the text. A garbled ?!瘪 part"@en',  # line ends and a tab: whitespace squashed
    '"""  first line\n  of the"""@en',  # leading and trailing whitespace trimmed
])
def test_quotes_differing_only_in_whitespace_are_verbatim(other_repo, cli, text):
    r = run_on(other_repo, file_node() + quote(text), cli, "--sources", other_repo / "texts")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("text", [
    '"The first line of the text. A garbled ?!马 part"@en',  # the garbled character "corrected"
    '"the first line"@en',  # case
    '"The first line, of the text"@en',  # punctuation
])
def test_nothing_but_whitespace_is_normalised(other_repo, cli, text):
    r = run_on(other_repo, file_node() + quote(text), cli, "--sources", other_repo / "texts")
    assert r.exit_code == 1 and "is not in the text of ex:doc" in r.output


def test_every_quote_property_and_its_sub_properties_are_checked(other_repo, cli):
    body = (file_node() + "ex:myQuote rdfs:subPropertyOf ssv:sourceQuote .\n"
            + quote('"invented 1"@en', "ssv:quoteText") + quote('"invented 2"@en', "ssv:erroneousReading")
            + quote('"invented 3"@en', "ex:myQuote"))
    r = run_on(other_repo, body, cli, "--sources", other_repo / "texts")
    assert r.exit_code == 1
    for n, prop in ((1, "ssv:quoteText"), (2, "ssv:erroneousReading"), (3, "ex:myQuote")):
        assert f'{prop} "invented {n}" is not in the text' in r.output


def test_a_quote_that_cites_nothing_cannot_pass(other_repo, cli):
    r = run_on(other_repo, file_node() + quote('"The first line"@en', cites=False), cli,
               "--sources", other_repo / "texts")
    assert r.exit_code == 1 and "ex:fact cites no source document (prov:wasDerivedFrom)" in r.output


def test_a_name_outside_the_folder_is_never_read(other_repo, cli):
    (other_repo / "secret.txt").write_bytes(TEXT.encode())  # would match, were it read
    r = run_on(other_repo, file_node(name="../secret.txt") + quote('"The first line"@en'), cli,
               "--sources", other_repo / "texts")
    assert r.exit_code == 1 and "'../secret.txt', not a plain file name" in r.output


@pytest.mark.parametrize("node, says", [
    (file_node(digest="0" * 64), "does not match its SHA-256 checksum"),
    (file_node(algorithm="md5"), "has no SHA-256 checksum"),
    (file_node().replace("    spdx:checksum", "    ex:noChecksum"), "has no SHA-256 checksum"),
])
def test_a_checksum_that_is_wrong_or_absent(other_repo, cli, node, says):
    r = run_on(other_repo, node + quote('"The first line"@en'), cli, "--sources", other_repo / "texts")
    assert r.exit_code == 1 and says in r.output
    assert "texts/doc.txt" in r.output


def test_text_that_is_not_utf8(other_repo, cli):
    data = TEXT.encode("utf-16")
    (other_repo / "texts" / "doc.txt").write_bytes(data)
    r = run_on(other_repo, file_node(digest=hashlib.sha256(data).hexdigest()) + quote('"The first line"@en'),
               cli, "--sources", other_repo / "texts")
    assert r.exit_code == 1 and "is not UTF-8" in r.output


def test_an_uppercase_checksum_is_the_same_checksum(other_repo, cli):
    r = run_on(other_repo, file_node(digest=hashlib.sha256(TEXT.encode()).hexdigest().upper())
               + quote('"The first line"@en'), cli, "--sources", other_repo / "texts")
    assert r.exit_code == 0, r.output


def test_a_graph_given_in_python_is_checked_with_sources(other_repo):
    g = Graph().parse(data=HEAD + file_node() + quote('"not in the text"@en'), format="turtle")
    shapes = Graph().parse(data=SHAPES, format="turtle")
    assert "quotes" not in ssvkg.validate(data=g, shapes=shapes).checks
    r = ssvkg.validate(data=g, shapes=shapes, sources=other_repo / "texts")
    [i] = r.failing()
    assert i.check == "quotes" and i.focus == URIRef("http://example.org/fact") and i.file is None
