import pytest

import ssvkg
from ssvkg.queries.catalogue import parse_decorators, read_query
from ssvkg.errors import QueryError


def test_list_queries_reads_every_rq(mini_root):
    qs = {q.name: q for q in ssvkg.list_queries(mini_root)}
    assert sorted(qs) == ["has-label", "observations-in-year", "pillar-programs",
                          "program-by-name", "program-names", "programs-by-pillar"]
    assert {n: q.kind for n, q in qs.items()} == {
        "has-label": "ASK", "observations-in-year": "SELECT", "pillar-programs": "SELECT",
        "program-by-name": "SELECT", "program-names": "CONSTRUCT", "programs-by-pillar": "SELECT"}


def test_named_query_fields(mini_root):
    q = ssvkg.get_query("observations-in-year", mini_root)
    assert q.summary == "Observations of one reporting year"
    assert q.description.startswith("Beneficiaries per program")
    assert q.tags == ["observations"]
    assert q.path == mini_root / "queries" / "observations-in-year.rq"
    assert q.text.startswith("#+ summary:")
    assert sorted(q.params) == ["min", "year"]
    assert q.params["year"].default == "2022" and q.params["year"].type == "gyear"
    assert q.params["min"].required is False
    assert q.decorators["pagination"] == "100"


def test_flow_list_tags(mini_root):
    assert ssvkg.get_query("program-names", mini_root).tags == ["programs", "export"]


def test_decorator_subset():
    text = "\n".join([
        "#+ summary: 'Quoted: with colon'",
        "#+ method: GET",
        "#+ tags:",
        "#+   - a",
        "#+   - b c",
        "#+ defaults:",
        "#+   - year: 2023",
        "#+   - pillar: rural",
        "#+ enumerate:",
        "#+   - pillar: [rural, health]",
        "#+   - kind:",
        "#+     - a",
        "#+     - b",
        "# an ordinary comment",
        "SELECT * WHERE { ?s ?p ?o }",
        "#+ ignored: after the query starts",
    ])
    assert parse_decorators(text, "q.rq") == {
        "summary": "Quoted: with colon",
        "method": "GET",
        "tags": ["a", "b c"],
        "defaults": [{"year": "2023"}, {"pillar": "rural"}],
        "enumerate": [{"pillar": ["rural", "health"]}, {"kind": ["a", "b"]}],
    }


@pytest.mark.parametrize("line", ["#+ [unclosed", "#+ key: value: : [", "#+ - orphan item"])
def test_malformed_decorators_name_file_and_line(line):
    with pytest.raises(QueryError, match=r"^q\.rq line [12]: "):
        parse_decorators(f"#+ summary: x\n{line}\nSELECT * {{}}", "q.rq")


def test_query_with_syntax_error_names_its_file(mini_copy):
    path = mini_copy / "queries" / "broken.rq"
    path.write_text("#+ summary: broken\nSELECT ?s WHERE { ?s ?p }\n")
    with pytest.raises(QueryError, match=r"^queries/broken\.rq: syntax error at line 2"):
        read_query(path, ssvkg.project.Project.find(mini_copy))


def test_update_in_a_query_file_is_refused(mini_copy):
    (mini_copy / "queries" / "wipe.rq").write_text("#+ summary: no\nDROP ALL\n")
    with pytest.raises(QueryError, match="queries/wipe.rq: SPARQL Update is not allowed"):
        ssvkg.get_query("wipe", mini_copy)


def test_no_queries_folder(tmp_path):
    assert ssvkg.list_queries(tmp_path) == []
    with pytest.raises(QueryError, match="known queries: none"):
        ssvkg.get_query("x", tmp_path)


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_query_has_a_chinese_title_and_description(repo_root):
    """The web's 中文 pages show summary_zh / description_zh; a query without them would show English."""
    queries = ssvkg.list_queries(repo_root)
    assert len(queries) >= 20
    missing = [q.name for q in queries if not (_has_han(q.summary_zh) and _has_han(q.description_zh))]
    assert missing == []
    q = next(q for q in queries if q.name == "programs-by-pillar")
    assert q.summary_in("zh") == "按 CBS 支柱列出项目" and q.summary_in("en") == "Programs by CBS pillar"
    assert q.description_in("zh").startswith("每个项目及其 CBS 支柱")


def test_chinese_metadata_falls_back_to_english(mini_root):
    q = ssvkg.get_query("observations-in-year", mini_root)
    assert q.summary_zh == "" and q.summary_in("zh") == q.summary


def test_grlc_keys_stay_plain_yaml(tmp_path):
    """summary_zh is one more '#+ key: value' line: the YAML block grlc reads keeps its own keys."""
    deco = parse_decorators("#+ summary: Programs\n#+ summary_zh: 项目：全部\n#+ tags:\n#+   - x\n"
                            "SELECT * WHERE { ?s ?p ?o }", "q.rq")
    assert deco == {"summary": "Programs", "summary_zh": "项目：全部", "tags": ["x"]}
