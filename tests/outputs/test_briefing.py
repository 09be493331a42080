"""Briefing outputs: workbook, manifest, and the briefing page in a real headless browser."""

import hashlib
import json
import os
import re
import shutil

import openpyxl
import pytest

from analysis.outputs import briefing, catalogue, manifest, write
from analysis.outputs.tables import written_tables
from analysis.resources import text

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA, headless_chromium

pytestmark = pytest.mark.slow  # every test reads a whole run


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    corpus_dir = tmp_path_factory.mktemp("corpus")
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", corpus_dir / f"{doc_id}.txt")
    (corpus_dir / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    return write.run_all(corpus_dir=corpus_dir, out_dir=tmp_path_factory.mktemp("out"), topic_k_range=range(4, 6))


def test_workbook_has_every_table_explained_and_formatted(run):
    workbook = openpyxl.load_workbook(run.out_dir / "tables.xlsx")
    # a sheet explaining the others first, the wide plans x themes sheet, then every table, plus the
    # passages hits point to (written once: see outputs.tables.written_tables)
    assert workbook.sheetnames[:2] == ["about", "plans x themes"]
    about = list(workbook["about"].iter_rows(values_only=True))
    # A name too long for Excel's 31 characters: a shorter sheet name, the full one beside it in "about".
    full = {row[0]: row[2] for row in about[1:] if row[0] in workbook.sheetnames}
    assert {full[sheet] or sheet for sheet in workbook.sheetnames[2:]} == set(run.tables) | {"passages"}
    assert full["topic_prev._by_province_2025"] == "topic_prevalence_by_province_2025"
    described = {(row[2]) for row in about if row[2] and row[3]}
    for name, table in written_tables(run.tables, run.corpus).items():  # every column of every sheet has a meaning
        assert set(map(str, table.columns)) <= described, name
    sheet = workbook["theme_measures"]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["plan (file name)", "province", "province since 1 July 2025", "year", "theme"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    column = {name: index + 1 for index, name in enumerate(header)}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column["theme"]).value == "climate_change_ghg"
               and sheet.cell(r, 1).value == CA_MAU)
    share = sheet.cell(row, column["share"])
    rate = sheet.cell(row, column["per 1,000 words"])
    assert share.number_format == "0.0%" and rate.number_format == "0.00"
    assert rate.value == round(rate.value, 4) and rate.value == pytest.approx(1000 * 26 / 1997, abs=1e-4)
    assert sheet.column_dimensions["A"].width > 20  # fits "ca-mau-2020-plan-KL56"
    corpus = workbook["corpus"]
    date_column = [c.value for c in corpus[1]].index("issue date") + 1
    issued = {corpus.cell(r, 1).value: corpus.cell(r, date_column).value for r in range(2, corpus.max_row + 1)}
    assert issued[CA_MAU].date().isoformat() == "2020-02-26"  # a real date, not text
    assert corpus.cell(2, date_column).number_format == "yyyy-mm-dd"
    wide = workbook["plans x themes"]
    wide_header = [c.value for c in wide[1]]
    assert "Wastewater" in wide_header and wide.max_row == 1 + 3  # one row per plan
    similarity = workbook["similarity"]
    cosines = [r[-1] for r in similarity.iter_rows(min_row=2, values_only=True)]
    assert max(cosines) == 1  # self-similarity rounded, not 1.000000000000002


def test_manifest_records_inputs_parameters_and_outputs(run):
    recorded = json.loads((run.out_dir / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in recorded["corpus_files"]}
    assert files["scan.pdf"]["status"] == "skipped" and len(files[f"{CA_MAU}.txt"]["sha256"]) == 64
    assert recorded["codebook"]["sha256"] == run.analysis.codebook.sha256
    assert recorded["parameters"]["theme_bootstrap_seed"] == 20161222 and recorded["parameters"]["topic_seed"] == 2024
    assert {"python", "pandas", "scikit-learn", "underthesea"} <= set(recorded["versions"])
    outputs = {o["file"]: o for o in recorded["outputs"]}
    assert {"theme_heatmap.png", "briefing.en.html", "briefing.vi.html"} <= set(outputs)
    assert sorted(p.rsplit("/", 1)[-1] for p in recorded["used_files"]) == sorted(
        [f"{KON_TUM}.txt", f"{CA_MAU}.txt", f"{THANH_HOA}.txt"])
    used = hashlib.sha256("\n".join(recorded["used_files"]).encode("utf-8")).hexdigest()
    assert outputs["theme_measures.csv"]["used_files_sha256"] == used
    assert outputs["theme_measures.csv"]["sha256"] == manifest.sha256(run.out_dir / "theme_measures.csv")


def test_bottom_line_is_computed_from_the_tables(run):
    """Checked by hand on the seed plans' theme_measures: climate change is 13.1 (Thanh Hóa, interval
    7.0-19.7) and 13.0 (Cà Mau, 7.7-19.8) against Kon Tum's 0.7: 1 hit in 1,456 words, whose interval is
    at least the exact Poisson one, 0.0-3.83 (5.57 hits / 1,456 words). The sentences weigh 19 themes
    x 3 plans = 57 intervals, each widened to 1 - 0.05 / 57 = 99.9%: each side stretched by z(0.99956) /
    z(0.975) = 3.33 / 1.96 = 1.70, Cà Mau's lower end is 13.0 - 1.70 x 5.3 = 4.0 and Thanh Hóa's
    13.1 - 1.70 x 6.1 = 2.7, Kon Tum's upper end 0.7 + 1.70 x 3.14 = 6.0: no plan is clearly above
    another on any theme; the four featured themes' intervals all overlap. Every seed plan is long
    enough to compare."""
    sentences = [s.striptags() for s in briefing.bottom_line(run.analysis)]
    assert 3 <= len(sentences) <= 5
    assert sentences[0].startswith("The 3 plans compared (Kon Tum 2016, Cà Mau 2020 and Thanh Hóa 2024)")
    assert ("Kon Tum 2016 implements 02-KL/TW (continuing 41-NQ/TW); Cà Mau 2020 implements 56-KL/TW "
            "(continuing 24-NQ/TW); Thanh Hóa 2024 implements 81-KL/TW (continuing 24-NQ/TW)") in sentences[1]
    assert not any("clearly above" in s for s in sentences)
    assert ("On Wastewater; Plastic waste; Sea dikes & coastal protection; and Landslides & flash floods, the plans "
            "cannot be told apart: their 99.9% intervals overlap.") in sentences
    assert sentences[-2].startswith(
        "These sentences weigh 57 comparisons at once (themes: 19; plans long enough to compare: 3)")
    assert "too short" not in sentences[-2]
    # This corpus folder has no coding sheet: the featured themes are not validated on it (issue 26).
    assert sentences[-1].startswith("Not yet checked against a person's reading of these plans: Wastewater;")
    assert not any("highest" in s for s in sentences)
    quotes = briefing.evidence_quotes(run.analysis)
    assert all(any(m in q["text"] for m in q["matches"]) for q in quotes)
    # every linked number has its passages on the page
    anchors = {q["anchor"] for q in quotes}
    links = set(re.findall(r'href="#([^"]+)"', "".join(briefing.bottom_line(run.analysis))))
    assert links and links <= anchors


def test_briefing_content(run):
    page = (run.out_dir / "briefing.en.html").read_text(encoding="utf-8")
    stems = catalogue.figure_stems(run.analysis)
    assert page.count('<img src="data:image/png;base64,') == len(stems)
    main, annex = page.split('<section id="annex"')
    assert 'id="theme_comparison"' in main and 'id="topic_model_selection"' in annex  # method in the annex
    assert 'id="similarity_heatmap"' in annex and 'id="similarity_heatmap"' not in main
    assert "scan.pdf" in annex and "damaged or truncated PDF" in annex  # the skipped file and why
    assert "<mark>" in main and "Method notes" in annex
    # each topic with its FREX words and its most typical passage (stm's findThoughts), in the annex
    assert "Topics: their words and a typical passage" in annex
    assert annex.count('<td lang="vi">“') == 2 * run.analysis.topic_model.k
    assert "src=\"http" not in page and "href=\"http" not in page  # self-contained, offline
    assert "@media print" in page and "size:A4" in page
    # alt text says what the figure shows (its reading), not its file name
    alt = re.search(r'<img src="data:image/png;base64,[^"]*" alt="([^"]*)"', main).group(1)
    assert alt.startswith("Each row is one plan")
    # the plan table: every plan, its issuer, date and what it implements
    assert "<td>Kon Tum 2016</td><td>Quảng Ngãi</td><td>plan</td><td>25-KH/TU</td>" in page
    assert "<td>26 Feb 2020</td>" in page and "<td>56-KL/TW; 24-NQ/TW</td>" in page


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("width", [1280, 794])  # a screen, and an A4 page's width at 96 dpi
def test_briefing_opens_in_headless_chromium(run, lang, width):
    browser = headless_chromium()
    try:
        browser.set_window_size(width, 1000)
        browser.get((run.out_dir / f"briefing.{lang}.html").as_uri())
        # A page of several MB of embedded images can still be parsing when get() returns on a loaded
        # machine: wait (up to 60 s) until every figure is in the document and decoded.
        from selenium.webdriver.support.ui import WebDriverWait

        expected = len(catalogue.figure_stems(run.analysis))
        WebDriverWait(browser, 60).until(lambda b: b.execute_script(
            "return document.readyState === 'complete' && document.images.length === arguments[0] && "
            "Array.from(document.images).every(i => i.complete);", expected))
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt]);")
        assert all(complete and width > 0 for complete, width, _ in images), images
        # no figure wider than the page
        overflow = browser.execute_script(
            "return Array.from(document.images).filter(i => i.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 1).length;")
        assert overflow == 0
        # every evidence link of the bottom line lands on a passage
        missing = browser.execute_script(
            "return Array.from(document.querySelectorAll('a[href^=\"#\"]')).map(a => a.getAttribute('href').slice(1))"
            ".filter(id => !document.getElementById(id));")
        assert missing == []
        errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
        assert not errors, errors
        assert browser.title == text("briefing.title", lang)
    finally:
        browser.quit()


def test_outputs_of_removed_plans_are_cleaned_up(tmp_path, seed_run):
    corpus_dir, out = tmp_path / "corpus", tmp_path / "out"
    corpus_dir.mkdir()
    for doc_id in (CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", corpus_dir / f"{doc_id}.txt")
    shutil.copytree(seed_run.out_dir, out)  # a previous run on the three plans, Kon Tum's included
    assert (out / f"keyness_{KON_TUM}.png").exists()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: never touched
    write.run_all(corpus_dir=corpus_dir, out_dir=out, topic_k_range=range(4, 5))
    assert not (out / f"keyness_{KON_TUM}.png").exists() and (out / f"keyness_{CA_MAU}.png").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_run_that_fails_midway_leaves_the_previous_outputs(tmp_path, seed_corpus, seed_run, monkeypatch):
    from conftest import tree_digest

    out = tmp_path / "out"
    shutil.copytree(seed_run.out_dir, out)  # the previous outputs
    before = tree_digest(out)
    real_draw = catalogue.draw

    def failing(analysis, stem, lang="en"):
        if stem == "theme_heatmap":  # tables and the first figures are staged by then
            raise RuntimeError("simulated failure while drawing")
        return real_draw(analysis, stem, lang)

    monkeypatch.setattr(catalogue, "draw", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        write.run_all(out_dir=out, corpus=seed_corpus, lang="vi", topic_k_range=range(4, 5))
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_briefing_in_vietnamese_and_escaped(run, tmp_path):
    """The Vietnamese page: headings, bottom line, readings and method notes from the Vietnamese
    labels; every value escaped by the template (a file name is text, never markup)."""
    analysis = run.analysis
    documents = analysis.corpus.documents
    original = documents.at[documents.index[documents["path"] == "scan.pdf"][0], "path"]
    documents.loc[documents["path"] == "scan.pdf", "path"] = "<b>scan</b>.pdf"
    try:
        page = briefing.render_briefing(analysis, {}, "vi")
    finally:
        documents.loc[documents["path"] == "<b>scan</b>.pdf", "path"] = original
    assert '<html lang="vi">' in page and "&lt;b&gt;scan&lt;/b&gt;.pdf" in page and "<b>scan</b>" not in page
    assert "Kết luận chính" in page and "lần trên 1.000 từ" in page and "26/02/2020" in page
    # Four featured themes no plan tells apart, named lower-case inside the sentence; the method notes
    # say "whole syllables" and the seed in Vietnamese; the run's date is day/month/year.
    assert ("Không phân biệt được các kế hoạch với nhau về nước thải; rác thải nhựa; đê biển, kè biển và chống sạt "
            "lở bờ biển; và sạt lở đất, lũ quét, lũ ống:") in page
    assert "19 chủ đề trong bộ mã chủ đề (có thể chỉnh sửa); cụm từ được so khớp theo âm tiết trọn vẹn" in page
    assert "(giá trị khởi tạo ngẫu nhiên 20161222)" in page
    assert re.search(r"chạy ngày \d\d/\d\d/\d{4}\.", page)
    assert "tệp PDF bị hỏng" in page  # the skipped file's reason, in Vietnamese


# Words that only an English sentence has (the page's own words; quotations of the plans are lang="vi").
ENGLISH = re.compile(r"\b(the|of|and|per|words|plans?|with|which|are|is|not|from|in|by|on)\b", re.IGNORECASE)
# Letters only Vietnamese writes (and the province names, which are names in both pages).
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúý]", re.IGNORECASE)


def _page_text(path, drop_lang):
    """The page's visible text and alt texts, without the elements marked as quotations in ``drop_lang``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for element in soup.select(f'[lang="{drop_lang}"]'):
        if element.name != "html":
            element.decompose()
    for tag in soup(["style", "script", "title"]):
        tag.decompose()
    shown = soup.get_text(" ") + " " + " ".join(img.get("alt", "") for img in soup.find_all("img"))
    return re.sub(r"“[^”]*”", " ", shown)  # the plans' words, quoted in readings


def test_each_page_is_in_one_language(run):
    from analysis.resources import province_names

    vi = _page_text(run.out_dir / "briefing.vi.html", "en")
    found = sorted({m.group(0).lower() for m in ENGLISH.finditer(vi)})
    assert found == [], found
    en = _page_text(run.out_dir / "briefing.en.html", "vi")
    for name in sorted(province_names(), key=len, reverse=True):
        en = en.replace(name, "")
    en = en.replace(str(run.corpus.directory.name), "")
    words = sorted({w for w in re.findall(r"\w+", en) if VIETNAMESE.search(w)})
    assert words == [], words


def test_nothing_changed_nothing_redrawn(run):
    stamps = {p.name: p.stat().st_mtime_ns for p in run.out_dir.iterdir()}
    again = write.run_all(corpus_dir=run.corpus.directory, out_dir=run.out_dir, topic_k_range=range(4, 6))
    assert again.written == [] and "up to date" in again.summary[0]
    assert {p.name: p.stat().st_mtime_ns for p in run.out_dir.iterdir()} == stamps
    fingerprint = json.loads((run.out_dir / "manifest.json").read_text(encoding="utf-8"))["parameters"]["inputs_fingerprint"]
    assert manifest.up_to_date(run.out_dir / "manifest.json", fingerprint)
    assert not manifest.up_to_date(run.out_dir / "manifest.json", "another fingerprint")  # plans, codebook or options
    moved = run.out_dir / "theme_heatmap.png"
    moved.rename(moved.with_suffix(".bak"))  # an output missing: everything is drawn again
    try:
        assert not manifest.up_to_date(run.out_dir / "manifest.json", fingerprint)
    finally:
        moved.with_suffix(".bak").rename(moved)


def test_the_run_writes_the_explorer_beside_the_briefing(run):
    page = (run.out_dir / "explorer.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="data">' in page
    assert 'src="http' not in page and "<link" not in page and "fetch(" not in page  # nothing from a network


def test_the_grouped_plan_table_lists_provinces_in_vietnamese_order():
    from types import SimpleNamespace

    import pandas as pd

    from analysis import config
    from analysis.outputs.briefing import plan_table
    names = ["Yên Bái", "Điện Biên", "Đà Nẵng", "Gia Lai", "Cà Mau", "Cao Bằng", "An Giang"]
    n = config.FIGURE_MAX_PLANS + 1  # beyond, one row per province as merged in 2025
    plans = pd.DataFrame({"doc_id": [f"p{i}" for i in range(n)], "province_2025": [names[i % len(names)] for i in range(n)],
                          "province": [names[i % len(names)] for i in range(n)], "year": 2020, "resolution": "",
                          "n_tokens": 1000})
    analysis = SimpleNamespace(plans=plans, shown=None, plan_labels=lambda: {})
    rows = plan_table(analysis, "en")["rows"]
    # checked by hand: "Cà Mau" before "Cao Bằng", every Đ after D and before G, "Đà" before "Điện"
    assert [row[0] for row in rows] == ["An Giang", "Cà Mau", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Gia Lai", "Yên Bái"]
