from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

import ssvkg
from ssvkg.errors import InputError
from ssvkg.project import Project

G = "https://w3id.org/ssvkg/graph/"


def test_one_named_graph_per_file(mini_root):
    ds = ssvkg.load(mini_root)
    assert isinstance(ds, Dataset)
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert names == {
        G + "ontology/core",
        G + "programs",
        G + "observations",
        G + "curated/sdg-alignment",
    }


def test_default_graph_is_the_union(mini_root):
    ds = ssvkg.load(mini_root)
    rows = list(ds.query("SELECT ?n WHERE { ?p <https://w3id.org/ssvkg/ontology#name> ?n }"))
    assert len(rows) == 3
    # a triple from the ontology graph and one from a nested graph are both visible
    assert ds.query("ASK { ?c a <http://www.w3.org/2002/07/owl#Class> }").askAnswer
    assert ds.query("ASK { ?p <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?o }").askAnswer


def test_graph_iris_do_not_repeat_the_folder(mini_root):
    """A file under graph/ is named by its path inside graph/, any other by its path from the root."""
    from ssvkg.store.dataset import graph_iri

    p = Project.find(mini_root)
    assert str(graph_iri(p, mini_root / "graph" / "curated" / "sdg-alignment.ttl")) == G + "curated/sdg-alignment"
    assert str(graph_iri(p, mini_root / "ontology" / "core.ttl")) == G + "ontology/core"
    assert not [i for i in map(str, (graph_iri(p, f) for f in p.data_files())) if "/graph/graph/" in i]


@pytest.mark.parametrize("folder", ["ontology", "shapes"])
def test_a_graph_folder_named_like_a_top_folder_is_refused(mini_copy, folder):
    """graph/ontology/core.ttl would get the graph IRI of ontology/core.ttl and merge with it
    (and a load to a store would replace one with the other): one sentence, no load."""
    (mini_copy / "graph" / folder).mkdir()
    (mini_copy / "graph" / folder / "core.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(InputError) as e:
        ssvkg.load(mini_copy)
    assert str(e.value) == (f"graph/{folder}/core.ttl: a folder graph/{folder}/ would share its graph IRIs "
                            f"with {folder}/; move the file to another folder.")


def test_graph_keyword_sees_file_graphs(mini_root):
    ds = ssvkg.load(mini_root)
    q = "SELECT ?g WHERE { GRAPH ?g { ?s <https://w3id.org/ssvkg/ontology#beneficiaries> ?o } }"
    assert {str(r[0]) for r in ds.query(q)} == {G + "observations"}


def test_project_files_are_sorted_and_recursive(mini_root):
    p = Project.find(mini_root)
    rel = [p.relative(f) for f in p.data_files()]
    assert rel == [
        "ontology/core.ttl",
        "graph/curated/sdg-alignment.ttl",
        "graph/observations.ttl",
        "graph/programs.ttl",
    ]
    assert [p.relative(f) for f in p.shapes_files()] == ["shapes/shapes.ttl"]
    assert p.queries_dir == mini_root / "queries"


def test_bad_turtle_names_file_and_line(mini_copy):
    bad = mini_copy / "graph" / "broken.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    with pytest.raises(InputError) as e:
        ssvkg.load(mini_copy)
    msg = str(e.value)
    assert msg.startswith("graph/broken.ttl line 3: ")
    assert msg.endswith(".") and "\n" not in msg


def test_undeclared_prefix_is_reported(mini_copy):
    (mini_copy / "graph" / "x.ttl").write_text("\n\nfoo:a foo:b foo:c .\n")
    with pytest.raises(InputError, match=r"graph/x.ttl line 3: .*foo"):
        ssvkg.load(mini_copy)


def test_empty_project_is_an_input_error(tmp_path):
    (tmp_path / "ontology").mkdir()
    (tmp_path / "graph").mkdir()
    with pytest.raises(InputError, match="no Turtle files"):
        ssvkg.load(tmp_path)


def test_missing_root_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        ssvkg.load(tmp_path / "nope")


def test_root_from_environment(mini_root, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SSVKG_ROOT", str(mini_root))
    assert Project.find().root == mini_root.resolve()


def test_root_from_current_directory(mini_root, monkeypatch):
    monkeypatch.chdir(mini_root)
    assert Project.find().root == Path.cwd()


def test_explicit_root_wins_over_environment(mini_root, monkeypatch, tmp_path):
    monkeypatch.setenv("SSVKG_ROOT", str(tmp_path))
    assert Project.find(mini_root).root == mini_root.resolve()


def test_literals_keep_their_language(mini_root):
    ds = ssvkg.load(mini_root)
    labels = set(ds.objects(URIRef("https://w3id.org/ssvkg/id/rural"),
                            URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert Literal("乡村振兴", lang="zh") in labels


def test_import_ssvkg_is_cheap():
    import subprocess
    import sys

    code = "import sys, ssvkg; print('rdflib' in sys.modules, 'pyshacl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
