"""End-to-end tests in a real headless Chromium: click through the site like a reader would.

Screenshots of the main pages land in build/screenshots/ (git-ignored), as CI artefacts.
"""

from __future__ import annotations

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

def wait_for(browser, css: str, timeout: float = 15):
    return WebDriverWait(browser, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_link(browser, text: str):
    link = WebDriverWait(browser, 15).until(EC.element_to_be_clickable((By.PARTIAL_LINK_TEXT, text)))
    click_and_load(browser, link)


def click_and_load(browser, element):
    """Click element and wait until the next page has replaced this one and loaded.

    The old page is marked on its window object, which the next page does not inherit.
    (Selenium's staleness_of polls the old <html> element; mid-navigation chromedriver may
    answer that poll with "unhandled inspector error" instead of "stale".) Errors while the
    browser navigates are ignored until the new page answers."""
    browser.execute_script("window.__ssvkgOldPage = true;")
    element.click()
    WebDriverWait(browser, 15, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.execute_script(
            "return window.__ssvkgOldPage === undefined && document.readyState === 'complete';"))


def test_browse_from_company_to_source_sentence(browser, site_url, screenshot):
    browser.delete_all_cookies()
    browser.get(site_url + "/?lang=en")
    assert "Sustainable Social Value Knowledge Graph" in browser.find_element(By.TAG_NAME, "h1").text
    screenshot("fixture-home")
    click_link(browser, "Tencent")
    assert wait_for(browser, "#entity-label").text == "Tencent"
    click_link(browser, "Sustainable Social Value Organization")
    assert wait_for(browser, "#entity-label").text == "Sustainable Social Value Organization"
    incoming = browser.find_element(By.ID, "incoming").text
    assert "operated by" in incoming and "Rural Teachers" in incoming
    click_link(browser, "Rural Teachers")
    assert wait_for(browser, "#entity-label").text == "Rural Teachers"
    figures = browser.find_element(By.ID, "figures")
    assert "1,200" in figures.text and "more than" in figures.text and "3,300,000,000" in figures.text
    screenshot("fixture-program")
    # a figure, then its source document
    row = next(r for r in figures.find_elements(By.CSS_SELECTOR, "tbody tr")
               if "teachers trained" in r.text and "2022" in r.text)
    click_and_load(browser, row.find_element(By.LINK_TEXT, "2022"))
    card = wait_for(browser, "#figure")
    assert "2,100" in card.text and "teachers trained" in card.text
    assert "2022年培训乡村教师超过2100人。" in card.find_element(By.CSS_SELECTOR, "blockquote.quote").text
    screenshot("fixture-figure")
    click_and_load(browser, card.find_element(By.PARTIAL_LINK_TEXT, "Annual report article"))
    assert wait_for(browser, "#entity-label").text == "Annual report article"


def test_language_switch(browser, site_url, screenshot):
    browser.delete_all_cookies()
    browser.get(site_url + "/id/program-rural-teachers?lang=en")
    assert wait_for(browser, "#entity-label").text == "Rural Teachers"
    click_and_load(browser, browser.find_element(By.ID, "lang-zh"))
    WebDriverWait(browser, 15).until(
        lambda b: b.find_element(By.ID, "entity-label").text == "乡村教师计划")
    assert "数据" in browser.find_element(By.ID, "figures").text  # interface words too
    assert "33亿" in browser.find_element(By.ID, "figures").text
    screenshot("fixture-program-zh")
    # the choice sticks (cookie) on the next page
    browser.get(site_url + "/id/org-tencent")
    assert wait_for(browser, "#entity-label").text == "腾讯"
    click_and_load(browser, browser.find_element(By.ID, "lang-en"))
    WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "entity-label").text == "Tencent")


def test_run_named_query_from_form(browser, site_url, screenshot):
    browser.delete_all_cookies()
    browser.get(site_url + "/queries?lang=en")
    click_link(browser, "program-figures-by-year")
    picker = wait_for(browser, "select#param-program")  # a list of the programs, by name
    Select(picker).select_by_visible_text("Rural Teachers")
    click_and_load(browser, browser.find_element(By.ID, "run"))
    table = wait_for(browser, "#results")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 5
    assert "teachers trained" in table.text and "4,100,000,000" in table.text
    charts = browser.find_elements(By.CSS_SELECTOR, "#charts svg.chart")
    assert len(charts) == 2  # funding (2 years) and teachers trained (3 years)
    points = [len(c.find_elements(By.CSS_SELECTOR, "circle.pt")) for c in charts]
    assert sorted(points) == [2, 3]
    assert charts[0].size["width"] > 200 and charts[0].size["height"] > 100  # drawn, not empty
    downloads = browser.find_element(By.ID, "downloads").text
    assert "CSV" in downloads and "JSON" in downloads and "Turtle" in downloads
    screenshot("fixture-query")


def test_query_form_with_choice_and_bad_value(browser, site_url):
    browser.get(site_url + "/queries/metric-in-year?lang=en")
    select = wait_for(browser, "select#param-year")
    select.find_element(By.CSS_SELECTOR, "option[value='2022']").click()
    browser.find_element(By.ID, "param-min").send_keys("not a number")
    click_and_load(browser, browser.find_element(By.ID, "run"))
    assert "must be an integer" in wait_for(browser, "#error").text
    field = browser.find_element(By.ID, "param-min")
    field.clear()
    field.send_keys("2000")
    click_and_load(browser, browser.find_element(By.ID, "run"))
    rows = wait_for(browser, "#results").find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) == 2  # 2022: 2100 teachers and 4.1 billion yuan


def test_sparql_page(browser, site_url, screenshot):
    browser.get(site_url + "/sparql?lang=en")
    box = wait_for(browser, "textarea#query")
    box.clear()
    box.send_keys("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                  "SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(lang(?label) = 'zh') } ORDER BY ?s")
    click_and_load(browser, browser.find_element(By.ID, "run"))
    table = wait_for(browser, "#results")
    assert "腾讯" in table.text
    screenshot("fixture-sparql")


def test_hostile_label_is_text(browser, site_url):
    browser.get(site_url + "/id/org-evil")
    label = wait_for(browser, "#entity-label")
    assert label.text == "<script>window.pwned=1</script><b>Evil</b> & Co"
    assert browser.execute_script("return window.pwned === undefined")
    assert not browser.find_elements(By.CSS_SELECTOR, "h1 b, h1 script")
    browser.get(site_url + "/search?q=evil")
    assert "<b>Evil</b>" in wait_for(browser, "#hits").text
    assert browser.execute_script("return window.pwned === undefined")


def test_search_box(browser, site_url):
    browser.get(site_url + "/?lang=en")
    box = browser.find_element(By.CSS_SELECTOR, "form.search input[name=q]")
    box.send_keys("乡村")
    click_and_load(browser, browser.find_element(By.CSS_SELECTOR, "form.search button"))
    hits = wait_for(browser, "#hits")
    assert "Rural Teachers" in hits.text and "Village Clinics" in hits.text


def test_real_graph_pages(browser, real_web_url, screenshot):
    """The repository's graph: Tencent, a program with figures, a named query with a chart."""
    browser.delete_all_cookies()
    browser.get(real_web_url + "/?lang=en")
    screenshot("home")
    browser.get(real_web_url + "/id/org-tencent")
    assert wait_for(browser, "#entity-label").text == "Tencent"
    assert "operated by" in browser.find_element(By.ID, "incoming").text
    screenshot("tencent")
    browser.get(real_web_url + "/id/program-99-giving-day")
    wait_for(browser, "#figures")
    screenshot("program-99-giving-day")
    click_and_load(browser, browser.find_element(By.ID, "lang-zh"))
    WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "entity-label").text == "99公益日")
    screenshot("program-99-giving-day-zh")
    click_and_load(browser, browser.find_element(By.ID, "lang-en"))
    browser.get(real_web_url + "/queries")
    screenshot("queries")
    browser.get(real_web_url + "/queries/giving-day-by-year")
    wait_for(browser, "#results")
    assert browser.find_elements(By.CSS_SELECTOR, "#charts svg.chart")
    screenshot("query-giving-day-by-year")
    browser.get(real_web_url + "/sparql")
    click_and_load(browser, browser.find_element(By.ID, "run"))
    wait_for(browser, "#results")
    screenshot("sparql")
