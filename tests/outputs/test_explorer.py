"""The explorer in headless Chromium: the search language counts what the CLI's kwic counts,
with and without diacritics, with a wildcard and an OR; a hit opens in the reader; the
interface switches language; the page needs no network."""

import json
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from analysis.cli import main
from analysis.measure.concordance.kwic import kwic
from analysis.outputs.analyse import analyse
from analysis.outputs.explorer import explorer_data, write_explorer

from conftest import CA_MAU, headless_chromium


@pytest.fixture(scope="module")
def study(seed_corpus):
    return analyse(seed_corpus, include_topics=False)


@pytest.fixture(scope="module")
def page(study, tmp_path_factory):
    path = write_explorer(study, tmp_path_factory.mktemp("explorer") / "explorer.html", "en")
    browser = headless_chromium()
    browser.get(path.as_uri())
    WebDriverWait(browser, 10).until(lambda b: b.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
    yield browser
    browser.quit()


def _submit(browser, query: str, wait_for: str) -> None:
    browser.execute_script("document.getElementById('results').innerHTML = ''")  # no stale answer to wait on
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)
    browser.find_element(By.CSS_SELECTOR, "#search-form button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, wait_for))


def _search(browser, query: str, attribute: str = "data-count") -> dict[str, int]:
    _submit(browser, query, "total")
    return {s.get_attribute("data-plan"): int(s.get_attribute(attribute))
            for s in browser.find_elements(By.CSS_SELECTOR, "#results section.plan")}


@pytest.mark.parametrize("query", ["nước thải", "nuoc thai", "nước_thải", "xử lý *", "rác thải nhựa | túi ni lông",
                                   "biến đổi khí hậu | thiên tai"])
def test_search_counts_equal_the_cli_kwic(page, seed_corpus, query, capsys):
    assert main(["kwic", query, "--format", "json"]) == 0  # the command a researcher types
    rows = json.loads(capsys.readouterr().out)
    expected = dict(Counter(row["doc_id"] for row in rows))
    assert expected == kwic(seed_corpus, query).groupby("doc_id").size().to_dict()
    assert _search(page, query) == expected and sum(expected.values()) > 0


def test_rates_count_body_matches_only_as_kwic_marks_them(page, seed_corpus, study):
    # "biến đổi khí hậu" is written 24 times in Cà Mau's plan, once in its title (test_kwic): the
    # rate counted all 24 over body words; it now counts the 23 in the body, as themes count.
    table = kwic(seed_corpus, "biến đổi khí hậu")
    expected = table[table["is_body"]].groupby("doc_id").size().to_dict()
    shown = _search(page, "biến đổi khí hậu", "data-body")
    assert shown == expected and shown[CA_MAU] == 23
    total = page.find_element(By.ID, "total")
    assert int(total.get_attribute("data-body")) == sum(expected.values()) < int(total.get_attribute("data-total"))
    words = int(study.plans.set_index("doc_id").at[CA_MAU, "n_tokens"])
    heading = page.find_element(By.CSS_SELECTOR, f'section.plan[data-plan="{CA_MAU}"] h4').text
    assert f"{1000 * 23 / words:,.2f}" in heading and "1 outside the body" in heading
    assert "body only" in page.find_element(By.CSS_SELECTOR, "#results .base").text  # the base is stated


@pytest.mark.parametrize("query", ["| *", "*", "nước thải |"])
def test_a_query_without_a_word_in_an_alternative_is_refused(page, query):
    _submit(page, query, "refused")
    assert "alternative" in page.find_element(By.ID, "refused").text or "side" in page.find_element(By.ID, "refused").text
    assert not page.find_elements(By.ID, "total")


def test_a_query_with_some_tone_marks_that_finds_nothing_suggests_the_untoned_form(page, seed_corpus):
    assert _search(page, "nươc thai") == {}
    hint = page.find_element(By.ID, "hint")
    expected = kwic(seed_corpus, "nươc thai").attrs["hint"]  # the CLI's sentence: "... 'nuoc thai' finds 11"
    assert hint.get_attribute("data-query") == "nuoc thai" and f"'nuoc thai' finds {hint.get_attribute('data-count')}" in expected
    assert int(hint.get_attribute("data-count")) == len(kwic(seed_corpus, "nuoc thai")) == 11


def test_a_query_without_tone_marks_says_so(page):
    _search(page, "nuoc thai")
    assert page.find_elements(By.CSS_SELECTOR, "#results .note.tones")
    _search(page, "nước thải")
    assert not page.find_elements(By.CSS_SELECTOR, "#results .note.tones")


def test_a_hit_opens_in_the_reader_with_themes_highlighted(page):
    _search(page, "rác thải nhựa")
    page.find_element(By.CSS_SELECTOR, "a.kwic").click()
    WebDriverWait(page, 10).until(lambda b: b.find_elements(By.ID, "focus"))
    assert page.find_element(By.ID, "focus").text.lower() == "rác thải nhựa"
    assert page.find_element(By.ID, "plan-select").get_attribute("value") == CA_MAU
    assert len(page.find_elements(By.CSS_SELECTOR, "#text .hit")) > 50  # theme hits in theme colours
    # ... with a key: one swatch per theme, named
    swatches = page.find_elements(By.CSS_SELECTOR, "#theme-legend .swatch")
    assert len(swatches) == page.execute_script("return DATA.themes.length") > 1 and swatches[0].text
    assert page.find_elements(By.CSS_SELECTOR, "#text .seg.signature") or page.find_elements(By.CSS_SELECTOR, "#text .seg.header")
    assert len(page.find_elements(By.CSS_SELECTOR, "#toc a")) > 5  # the section list


def test_the_interface_switches_language(page):
    page.find_element(By.ID, "btn-search").click()
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("Plans explorer")
    page.find_element(By.ID, "lang").click()
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("Tra cứu kế hoạch")
    assert page.find_element(By.ID, "btn-search").text == "Tìm kiếm"
    page.find_element(By.ID, "lang").click()


def test_the_data_holds_every_plan_and_hit(study):
    data = explorer_data(study)
    assert [p["id"] for p in data["plans"]] == list(study.plans["doc_id"])
    assert sum(len(p["hits"]) for p in data["plans"]) == len(study.tables["theme_evidence"])
    assert set(data["words"]) == {"en", "vi"} and data["words"]["vi"]["search"] == "Tìm kiếm"
    # Colour names a theme in the reader (with a key), so no two themes share one.
    assert len({t["colour"] for t in data["themes"]}) == len(data["themes"]) > 7


def test_a_plan_without_year_or_province_still_gets_an_explorer(tmp_path):
    # Found by the never-crashes property test: pandas' NA for a missing year cannot go into JSON.
    (tmp_path / "plans").mkdir()
    text = ("KẾ HOẠCH\nBảo vệ môi trường\n\nI. NHIỆM VỤ\n1. "
            + "Tăng cường xử lý nước thải và thu gom rác thải nhựa tại các khu dân cư ven biển. " * 12)
    (tmp_path / "plans" / "untitled.txt").write_text(text, encoding="utf-8")
    from analysis.read.corpus import build_corpus

    study = analyse(build_corpus(tmp_path), include_topics=False)
    (plan,) = explorer_data(study)["plans"]
    assert plan["year"] is None and plan["province"] == "" and plan["hits"]
    assert write_explorer(study, tmp_path / "explorer.html").stat().st_size > 1000
