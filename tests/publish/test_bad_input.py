"""ssvkg publish on bad input: one sentence, exit code 2, nothing half-written (the mini project)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssvkg.errors import InputError
from ssvkg.project import Project
from ssvkg.publish import release

from .conftest import build

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"


def one_sentence_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), result.output
    assert "Traceback" not in result.output
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_release_of_the_mini_project_is_written(tmp_path):
    result = build(MINI, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "void.ttl").is_file() and (tmp_path / "out" / "ssvkg.nq.gz").is_file()
    assert leftovers(tmp_path) == ["out"]  # no temporary folder left beside it


def test_out_dir_is_a_file(tmp_path):
    target = tmp_path / "release"
    target.write_text("keep me")
    msg = one_sentence_error(build(MINI, target))
    assert "is not a folder" in msg
    assert target.read_text() == "keep me" and leftovers(tmp_path) == ["release"]


def test_out_dir_not_empty(tmp_path):
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "old.txt").write_text("x")
    msg = one_sentence_error(build(MINI, tmp_path / "release"))
    assert "not empty" in msg and leftovers(tmp_path / "release") == ["old.txt"]


def test_out_dir_not_writable(tmp_path):
    # /proc refuses new folders even to root (for whom a chmod'ed folder stays writable)
    msg = one_sentence_error(build(MINI, Path("/proc/ssvkg-release-test")))
    assert "/proc" in msg
    assert not Path("/proc/ssvkg-release-test").exists()


def test_out_dir_under_a_missing_folder(tmp_path):
    msg = one_sentence_error(build(MINI, tmp_path / "no" / "such" / "release"))
    assert "no such folder" in msg and leftovers(tmp_path) == []


@pytest.mark.parametrize("make", ["missing", "not-a-release"])
def test_previous_missing_or_not_a_release(tmp_path, make):
    prev = tmp_path / "prev"
    if make == "not-a-release":
        prev.mkdir()
    msg = one_sentence_error(build(MINI, tmp_path / "out", "--previous", str(prev)))
    assert "--previous" in msg
    assert not (tmp_path / "out").exists()


def test_previous_release_is_recorded(tmp_path):
    assert build(MINI, tmp_path / "v1").exit_code == 0
    from ssvkg.cli import main
    from click.testing import CliRunner

    res = CliRunner().invoke(main, ["--root", str(MINI), "publish", str(tmp_path / "v2"), "--version", "10.0",
                                    "--date", "2026-12-02", "--previous", str(tmp_path / "v1")])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "v2" / "void.ttl").read_text()
    assert "<https://w3id.org/ssvkg/dataset/9.9.9>" in text and "dcterms:replaces" in text


@pytest.mark.parametrize("option,value,words", [
    ("--date", "yesterday", "YYYY-MM-DD"),
    ("--version", "1.0/../x", "--version"),
    ("--base-url", "ftp://example.org/", "http(s) URL"),
    ("--sparql-url", "not a url", "http(s) URL"),
])
def test_bad_options(tmp_path, option, value, words):
    msg = one_sentence_error(build(MINI, tmp_path / "out", option, value))
    assert words in msg and leftovers(tmp_path) == []


def test_no_git_and_no_date(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    with pytest.raises(InputError, match="--date"):
        release.publish(Project(root), tmp_path / "out")
    assert leftovers(tmp_path) == ["project"]


def test_a_failing_step_leaves_nothing(tmp_path):
    def broken_step(build):
        raise InputError("a later step failed.")

    with pytest.raises(InputError, match="later step"):
        release.publish(Project(MINI), tmp_path / "out", issued="2026-12-01", steps=[broken_step])
    assert leftovers(tmp_path) == []


def test_issued_date_is_the_data_commit_date():
    root = MINI.parent.parent.parent
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")
    day = release.data_commit_date(root)
    assert day is not None and len(day) == 10 and day[4] == "-"
