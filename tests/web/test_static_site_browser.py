"""The static site of a release of the repository's graph in the real headless Chromium, served by
nothing but a plain static file server (python -m http.server): no ssvkg running.

Screenshots in build/screenshots/: static-home, static-program-en, static-program-zh,
static-figures, static-query, static-ontology, static-search."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from test_browser import click_and_load, wait_for


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def static_url(real_release):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(real_release)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("python -m http.server did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_home_and_a_program_in_both_languages(browser, static_url, screenshot):
    browser.get(static_url + "/")
    assert wait_for(browser, "h1").text == "Sustainable Social Value Knowledge Graph"
    assert browser.find_element(By.ID, "pillars").text.strip()
    screenshot("static-home")
    click_and_load(browser, browser.find_element(By.LINK_TEXT, "99 Giving Day"))
    assert browser.current_url.endswith("/id/program-99-giving-day.html")
    assert wait_for(browser, "#entity-label").text == "99 Giving Day"
    assert "99公益日" in browser.find_element(By.ID, "labels").text
    assert browser.find_element(By.ID, "figures").find_elements(By.CSS_SELECTOR, "blockquote.quote")
    assert browser.find_element(By.ID, "incoming").text.strip()
    screenshot("static-program-en")
    click_and_load(browser, browser.find_element(By.ID, "lang-zh"))
    assert browser.current_url.endswith("/id/program-99-giving-day.zh.html")
    assert wait_for(browser, "#entity-label").text == "99公益日"
    assert browser.execute_script("return document.documentElement.lang") == "zh-Hans"
    assert "数据" in browser.find_element(By.ID, "figures").text
    screenshot("static-program-zh")
    # its data beside it
    turtle = browser.find_element(By.LINK_TEXT, "Turtle").get_attribute("href")
    assert turtle == static_url + "/id/program-99-giving-day.ttl"


def test_figures_overview(browser, static_url, screenshot):
    browser.get(static_url + "/figures.html")
    table = wait_for(browser, "#figures-results table")
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) > 10
    screenshot("static-figures")
    click_and_load(browser, table.find_element(By.CSS_SELECTOR, "a.fig"))
    assert wait_for(browser, "#figure").find_elements(By.CSS_SELECTOR, "blockquote.quote")


def test_a_query_page(browser, static_url, screenshot):
    browser.get(static_url + "/queries.html")
    click_and_load(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "programs-by-pillar"))
    results = wait_for(browser, "#results")
    assert "Tianlai Action" in results.text
    assert not browser.find_elements(By.ID, "query-form")  # a form needs a server: not here
    assert "pillar" in browser.find_element(By.ID, "query-params").text
    screenshot("static-query")


def test_the_ontology_docs(browser, static_url, screenshot):
    browser.get(static_url + "/id/program-99-giving-day.html")
    click_and_load(browser, browser.find_element(By.CSS_SELECTOR, "nav.nav a[href$='ontology/index.html']"))
    program = wait_for(browser, "div#Program")
    assert program.find_element(By.TAG_NAME, "h3").text.startswith("program")
    screenshot("static-ontology")


@pytest.mark.parametrize("words,wanted", [("99公益日", "99 Giving Day"), ("Tianlai", "Tianlai Action")])
def test_search_without_a_server(browser, static_url, screenshot, words, wanted):
    browser.get(static_url + "/index.html")
    box = wait_for(browser, "form.search input[name=q]")
    box.send_keys(words)
    click_and_load(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"))
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.ID, "search-count").text)
    shown = [li for li in browser.find_elements(By.CSS_SELECTOR, "#hits > li") if li.is_displayed()]
    assert shown and shown[0].find_element(By.TAG_NAME, "a").text == wanted
    assert len(shown) < 50  # filtered, not the whole list
    assert browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]").get_attribute("value") == words
    if words == "Tianlai":
        screenshot("static-search")
