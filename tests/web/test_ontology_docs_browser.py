"""The ontology pages (`ssvkg docs`) in the real headless Chromium, opened as files: no server.

Screenshots: build/screenshots/ontology-docs-en.png and ontology-docs-zh.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from test_browser import click_and_load, wait_for

pytest.importorskip("pylode", reason="the docs extra is not installed: pip install -e '.[docs]'")

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def docs_dir(tmp_path_factory):
    from ssvkg.docs import write_ontology_docs

    out = tmp_path_factory.mktemp("ontology-docs")
    write_ontology_docs(REPO, out)
    return out


def test_ontology_docs_in_both_languages(browser, screenshot, docs_dir):
    browser.get((docs_dir / "index.html").as_uri())
    program = wait_for(browser, "div#Program")
    assert program.find_element(By.TAG_NAME, "h3").text.startswith("program")
    shapes = program.find_element(By.CSS_SELECTOR, "td.shacl").text
    assert "ssvsh:ProgramShape" in shapes
    assert "ssv:pillar must be one of ssvc:cbs-C, ssvc:cbs-B, ssvc:cbs-S." in shapes
    assert browser.find_element(By.CSS_SELECTOR, "div#Observation td.shacl").is_displayed()
    screenshot("ontology-docs-en")
    click_and_load(browser, browser.find_element(By.LINK_TEXT, "中文"))
    program = wait_for(browser, "div#Program")
    assert program.find_element(By.TAG_NAME, "h3").text.startswith("项目")
    assert "适用的SHACL形状" in program.text
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"
    screenshot("ontology-docs-zh")
    # the language switch leads back
    click_and_load(browser, browser.find_element(By.LINK_TEXT, "English"))
    assert wait_for(browser, "div#Program h3").text.startswith("program")
