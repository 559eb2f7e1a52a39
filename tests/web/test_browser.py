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


# -- the site in the reader's language (issue 15) -------------------------------------------------

def english_ui_strings() -> list[str]:
    """Every English text of the interface (the i18n catalogue, so the list cannot go stale), as
    the fixed parts of each entry (placeholders cut out), leaving out the few that are the same in
    Chinese (SPARQL, API (OpenAPI)) and fragments too short to mean anything."""
    import re

    from ssvkg.web import i18n

    out = set()
    for key, text in i18n.UI["en"].items():
        if text == i18n.UI["zh"][key]:
            continue
        out.update(part.strip(" :·") for part in re.split(r"\{[^}]*\}", text))
    return sorted(p for p in out if len(p) >= 3)


# The page's own text: what a reader sees, minus what the graph says in English (marked lang="en").
PAGE_UI_TEXT = """
const copy = document.body.cloneNode(true);
copy.querySelectorAll('[lang]:not([lang^="zh"])').forEach(e => e.remove());
copy.querySelectorAll('pre, code, script, style').forEach(e => e.remove());
return copy.innerText;
"""


def assert_no_english_ui(browser, page: str):
    import re

    text = browser.execute_script(PAGE_UI_TEXT)
    found = [s for s in english_ui_strings()
             if re.search(r"(?<![A-Za-z])" + re.escape(s) + r"(?![A-Za-z])", text)]
    assert found == [], f"{page}: English interface text on the 中文 page: {found}"


def test_english_ui_list_is_derived_from_the_catalogue():
    strings = english_ui_strings()
    assert "Latest figures" in strings and "Editors' notes" in strings and "Queries" in strings
    assert "SPARQL" not in strings  # the same word in both languages


def test_real_home_page_leads_with_cbs(browser, real_web_url, screenshot):
    browser.delete_all_cookies()
    browser.get(real_web_url + "/?lang=en")
    pillars = wait_for(browser, "#pillars")
    cards = pillars.find_elements(By.CSS_SELECTOR, "article.pillar")
    assert [c.get_attribute("id") for c in cards] == ["pillar-C", "pillar-B", "pillar-S"]
    assert "users" in cards[0].text and "industries" in cards[1].text and "society" in cards[2].text
    society = cards[2].text
    # 99 Giving Day 2022: more than 58.16 million donations (000/004), a headline of the S pillar
    assert "99 Giving Day" in society and "more than 58,160,000" in society
    headline = cards[2].find_element(By.CSS_SELECTOR, "a.headline")
    assert "/id/obs-" in headline.get_attribute("href")
    for section in ("focus-areas", "reports", "timeline", "find"):
        assert browser.find_element(By.ID, section).text
    assert "Founding of Tencent" in browser.find_element(By.ID, "timeline").text
    assert not browser.find_elements(By.CSS_SELECTOR, "ul.types")  # the type browser is elsewhere
    screenshot("home-en")
    click_and_load(browser, browser.find_element(By.CSS_SELECTOR, "nav a[href='/types']"))
    assert "program" in wait_for(browser, "ul.types").text
    browser.get(real_web_url + "/?lang=zh")
    cards = wait_for(browser, "#pillars").find_elements(By.CSS_SELECTOR, "article.pillar")
    assert "用户" in cards[0].text and "产业" in cards[1].text and "社会" in cards[2].text
    assert "超过5816万" in cards[2].text  # 超过5816万人次
    assert "最新数据" in cards[2].text
    assert_no_english_ui(browser, "/")
    screenshot("home-zh")


def test_real_figures_overview(browser, real_web_url, screenshot):
    browser.get(real_web_url + "/figures?lang=en")
    results = wait_for(browser, "#figures-results")
    heads = [th.text for th in results.find_elements(By.CSS_SELECTOR, "thead th")]
    assert heads[0] == "Metric" and "2021" in heads and "2022" in heads
    row = next(r for r in results.find_elements(By.CSS_SELECTOR, "tbody tr")
               if r.find_element(By.CSS_SELECTOR, "th").text == "R&D expenditure")
    text = row.text
    # 518.8亿 in 2021; more than 1200亿 over 2019–2021; more than 2200亿 over 2018–2022 (002, 000/004)
    assert "51,880,000,000 yuan" in text and "more than 120,000,000,000 yuan" in text
    assert "window 2019 – 2021" in text and "window 2018 – 2022" in text
    targets = browser.find_element(By.ID, "figures-targets")
    assert "committed investment" in targets.text and "committed investment" not in results.text
    link = row.find_element(By.CSS_SELECTOR, "a.fig")
    click_and_load(browser, link)
    card = wait_for(browser, "#figure")
    assert "R&D expenditure" in card.text and card.find_elements(By.CSS_SELECTOR, "blockquote.quote")
    figure_page = browser.current_url.split("#")[0].split("?")[0]
    browser.get(figure_page + "?lang=zh")
    assert "研发" in wait_for(browser, "#figure").text
    assert_no_english_ui(browser, figure_page)
    browser.get(real_web_url + "/figures?lang=zh")
    results = wait_for(browser, "#figures-results")
    assert "研发投入" in results.text or "研发" in results.text
    assert "518.8亿元" in results.text and "超过2200亿元" in results.text
    assert_no_english_ui(browser, "/figures")
    screenshot("figures-zh")
    browser.get(real_web_url + "/figures?lang=en")
    wait_for(browser, "#figures-results")
    screenshot("figures-en")


def test_real_program_page_keeps_editors_notes_apart(browser, real_web_url, screenshot):
    browser.get(real_web_url + "/id/program-99-giving-day?lang=en")
    wait_for(browser, "#figures")
    about = browser.find_elements(By.ID, "description")
    assert not about or "ssvd:" not in about[0].text and "(002)" not in about[0].text
    notes = browser.find_element(By.ID, "editors-notes")
    assert notes.tag_name == "details" and notes.get_attribute("open") is None  # collapsed
    assert "Editors' notes" in notes.text
    screenshot("program-en")
    browser.get(real_web_url + "/id/program-99-giving-day?lang=zh")
    WebDriverWait(browser, 15).until(lambda b: b.find_element(By.ID, "entity-label").text == "99公益日")
    assert "超过33亿" in browser.find_element(By.ID, "figures").text
    assert_no_english_ui(browser, "/id/program-99-giving-day")
    screenshot("program-zh")


def test_real_query_page_chart_is_honest(browser, real_web_url, screenshot):
    browser.get(real_web_url + "/queries/rd-spending-by-year?lang=en")
    chart = wait_for(browser, "#charts svg.chart")
    lines = chart.find_elements(By.CSS_SELECTOR, "path.line")
    assert len(lines) == 1  # the annual totals 2021–2022; the two cumulative windows are points
    assert len(chart.find_elements(By.CSS_SELECTOR, "circle.pt")) == 4
    assert len(chart.find_elements(By.CSS_SELECTOR, "circle.pt.open")) == 3  # three "more than" values
    legend = browser.find_element(By.CSS_SELECTOR, "#charts .legend").text
    assert "cumulative · 2019–2021" in legend and "cumulative · 2018–2022" in legend
    screenshot("query-rd-en")
    browser.get(real_web_url + "/queries/rd-spending-by-year?lang=zh")
    assert wait_for(browser, "h1").text == "历年研发投入"
    charts = browser.find_element(By.ID, "charts")
    assert "2200亿" in charts.text and "累计" in charts.text
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    assert heads[:4] == ["年份", "统计口径", "起始", "数值"]
    assert_no_english_ui(browser, "/queries/rd-spending-by-year")
    screenshot("query-rd-zh")
    browser.get(real_web_url + "/queries?lang=zh")
    listing = wait_for(browser, "#query-list").text
    assert "历年研发投入" in listing and "按 CBS 支柱列出项目" in listing
    assert_no_english_ui(browser, "/queries")
    screenshot("queries-zh")
