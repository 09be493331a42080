"""Briefing outputs: workbook, manifest, and the briefing page in a real headless browser."""

import hashlib
import json
import os
import shutil

import openpyxl
import pytest

from analysis.outputs import briefing, catalogue, manifest, write

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    corpus_dir = tmp_path_factory.mktemp("corpus")
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", corpus_dir / f"{doc_id}.txt")
    (corpus_dir / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    return write.run_all(corpus_dir=corpus_dir, out_dir=tmp_path_factory.mktemp("out"), topic_k_range=range(4, 8))


def test_workbook_has_every_table(run):
    workbook = openpyxl.load_workbook(run.out_dir / "tables.xlsx", read_only=True)
    # every table, plus the passages hits point to (written once: see analyse.written_tables)
    assert set(workbook.sheetnames) == {name[:31] for name in run.tables} | {"theme_passages"}
    sheet = workbook["theme_measures"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[:5] == ["doc_id", "province", "province_2025", "year", "theme"]


def test_manifest_records_inputs_parameters_and_outputs(run):
    recorded = json.loads((run.out_dir / "manifest.json").read_text(encoding="utf-8"))
    files = {f["path"]: f for f in recorded["corpus_files"]}
    assert files["scan.pdf"]["status"] == "skipped" and len(files[f"{CA_MAU}.txt"]["sha256"]) == 64
    assert recorded["codebook"]["sha256"] == run.analysis.codebook.sha256
    assert recorded["parameters"]["theme_bootstrap_seed"] == 20161222 and recorded["parameters"]["topic_seed"] == 2024
    assert {"python", "pandas", "scikit-learn", "underthesea"} <= set(recorded["versions"])
    outputs = {o["file"]: o for o in recorded["outputs"]}
    assert "theme_heatmap.png" in outputs and "briefing.html" in outputs
    assert sorted(p.rsplit("/", 1)[-1] for p in recorded["used_files"]) == sorted(
        [f"{KON_TUM}.txt", f"{CA_MAU}.txt", f"{THANH_HOA}.txt"])
    used = hashlib.sha256("\n".join(recorded["used_files"]).encode("utf-8")).hexdigest()
    assert outputs["theme_measures.csv"]["used_files_sha256"] == used
    assert outputs["theme_measures.csv"]["sha256"] == manifest.sha256(run.out_dir / "theme_measures.csv")


def test_headline_is_computed_from_the_tables(run):
    lines = briefing.headline(run.analysis)
    assert any(line.startswith("Sea dikes & coastal protection: highest in Cà Mau 2020") and
               "not mentioned at all in Kon Tum 2016" in line for line in lines)
    assert any(line.startswith("Landslides & flash floods: highest in Thanh Hóa 2024") for line in lines)
    quotes = briefing.evidence_quotes(run.analysis)
    assert {q["theme"] for q in quotes} == {"wastewater", "plastic_waste", "coastal_protection", "landslides_flash_floods"}
    assert all(any(m in q["text"] for m in q["matches"]) for q in quotes)


def test_briefing_content(run):
    page = (run.out_dir / "briefing.html").read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') == len(catalogue.figure_stems(run.analysis))
    assert "scan.pdf" in page and "damaged or truncated PDF" in page  # the skipped file and why
    assert "<mark>" in page and "Method notes" in page
    assert "src=\"http" not in page and "href=\"http" not in page  # self-contained, offline


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    if not (chromium and driver):
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium and chromium-driver (see .ci/run)")
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def test_briefing_opens_in_headless_chromium(run):
    browser = _browser()
    try:
        browser.get((run.out_dir / "briefing.html").as_uri())
        # A page of several MB of embedded images can still be parsing when get() returns on a loaded
        # machine: wait (up to 60 s) until every figure is in the document and decoded.
        from selenium.webdriver.support.ui import WebDriverWait

        expected = len(catalogue.figure_stems(run.analysis))
        WebDriverWait(browser, 60).until(lambda b: b.execute_script(
            "return document.readyState === 'complete' && document.images.length === arguments[0] && "
            "Array.from(document.images).every(i => i.complete);", expected))
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt]);")
        assert len(images) == len(catalogue.figure_stems(run.analysis))
        assert all(complete and width > 0 for complete, width, _ in images), images
        errors = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
        assert not errors, errors
        assert browser.title.startswith("Environmental themes")
    finally:
        browser.quit()


def test_outputs_of_removed_plans_are_cleaned_up(tmp_path):
    corpus_dir, out = tmp_path / "corpus", tmp_path / "out"
    corpus_dir.mkdir()
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", corpus_dir / f"{doc_id}.txt")
    (out).mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: never touched
    write.run_all(corpus_dir=corpus_dir, out_dir=out, topic_k_range=range(4, 6))
    assert (out / f"keyness_{KON_TUM}.png").exists()
    (corpus_dir / f"{KON_TUM}.txt").unlink()
    write.run_all(corpus_dir=corpus_dir, out_dir=out, topic_k_range=range(4, 6))
    assert not (out / f"keyness_{KON_TUM}.png").exists() and (out / f"keyness_{CA_MAU}.png").exists()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_run_that_fails_midway_leaves_the_previous_outputs(tmp_path, seed_corpus, monkeypatch):
    from conftest import tree_digest

    out = tmp_path / "out"
    write.run_all(out_dir=out, corpus=seed_corpus, topic_k_range=range(4, 6))
    before = tree_digest(out)
    real_draw = catalogue.draw

    def failing(analysis, stem, lang="en"):
        if stem == "topic_terms_bars":
            raise RuntimeError("simulated failure while drawing")
        return real_draw(analysis, stem, lang)

    monkeypatch.setattr(catalogue, "draw", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        write.run_all(out_dir=out, corpus=seed_corpus, lang="vi", topic_k_range=range(4, 6))
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_briefing_in_vietnamese_and_escaped(run, tmp_path):
    """--lang vi: headings, headline, readings and method notes from the Vietnamese labels;
    every value escaped by the template (a file name is text, never markup)."""
    analysis = run.analysis
    documents = analysis.corpus.documents
    original = documents.at[documents.index[documents["path"] == "scan.pdf"][0], "path"]
    documents.loc[documents["path"] == "scan.pdf", "path"] = "<b>scan</b>.pdf"
    try:
        page = briefing.render_briefing(analysis, {}, "vi")
    finally:
        documents.loc[documents["path"] == "<b>scan</b>.pdf", "path"] = original
    assert '<html lang="vi">' in page and "&lt;b&gt;scan&lt;/b&gt;.pdf" in page and "<b>scan</b>" not in page
    for english in ("Headline", "Method notes", "Files not analysed", "per 1,000 words", "highest in"):
        assert english not in page, english
    assert "Điểm chính" in page and "lần/1.000 từ" in page and "1.000 lần" in page


def test_nothing_changed_nothing_redrawn(run):
    stamps = {p.name: p.stat().st_mtime_ns for p in run.out_dir.iterdir()}
    again = write.run_all(corpus_dir=run.corpus.directory, out_dir=run.out_dir, topic_k_range=range(4, 8))
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
