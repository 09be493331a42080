"""OCR quality is data (read/ocr_quality.py): what a scan's reader measures reaches corpus.csv, the
manifest, the briefing's annex (both languages), the run's summary and commitments.csv.

The OCR reader is replaced by fakes registered for made-up suffixes, so these tests need no
Tesseract: each returns a seed plan's text with the quality a scan's reader reports.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.outputs.analyse import analyse
from analysis.outputs.briefing import render_briefing
from analysis.outputs.briefing_rows import ocr_rows
from analysis.outputs.manifest import write_manifest
from analysis.outputs.write import low_quality_lines
from analysis.read import ingest
from analysis.read.corpus import CORPUS_COLUMNS, build_corpus
from analysis.read.formats import Reading
from analysis.read.ocr_quality import OCR_COLUMNS, low_quality, post_correct
from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA

LOW = {"ocr_pages": 3, "ocr_confidence": 61.5, "non_vietnamese_share": 0.04, "ocr_corrections": 12}
GOOD = {"ocr_pages": 2, "ocr_confidence": 91.2, "non_vietnamese_share": 0.02, "ocr_corrections": 0}


def _fake_reader(quality: dict):
    def read(data: bytes, encoding: str | None) -> Reading:
        return Reading(data.decode("utf-8"), "OCR (fake)", "image-ocr", dict(quality))
    return read


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """Cà Mau as text; Kon Tum as a scan of low confidence; Thanh Hóa as a good scan."""
    folder = tmp_path_factory.mktemp("scans") / "corpus"
    folder.mkdir()
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", folder / f"{CA_MAU}.txt")
    shutil.copy(SEED_DIR / f"{KON_TUM}.txt", folder / f"{KON_TUM}.lowscan")
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", folder / f"{THANH_HOA}.goodscan")
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(ingest.READERS, ".lowscan", _fake_reader(LOW))
        patch.setitem(ingest.READERS, ".goodscan", _fake_reader(GOOD))
        corpus = build_corpus(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    return corpus, analyse(corpus, include_topics=False, n_boot=50)


@pytest.mark.parametrize("quality, flagged", [
    ({}, False),  # not read by OCR
    ({"ocr_confidence": 69.9, "non_vietnamese_share": 0.01}, True),
    ({"ocr_confidence": 70.0, "non_vietnamese_share": 0.15}, False),  # at the thresholds: not below, not above
    ({"ocr_confidence": 95.0, "non_vietnamese_share": 0.151}, True),
    ({"ocr_pages": 1, "ocr_confidence": None, "non_vietnamese_share": None}, False),  # nothing measured
])
def test_a_file_is_flagged_below_either_threshold(quality, flagged):
    assert low_quality(quality) is flagged


def test_post_correction_reports_how_many_syllables_it_changed():
    assert post_correct("Công tác quản tý môi trường; Kết tuận số 02-KL/TW") == (
        "Công tác quản lý môi trường; Kết luận số 02-KL/TW", {"ocr_corrections": 2})


def test_corpus_table_carries_the_quality_of_scans_only(scanned):
    corpus, _ = scanned
    documents = corpus.documents.set_index("doc_id")
    assert list(corpus.documents.columns) == CORPUS_COLUMNS and set(OCR_COLUMNS) <= set(CORPUS_COLUMNS)
    assert documents.loc[[CA_MAU, KON_TUM, THANH_HOA], "status"].tolist() == ["ok"] * 3
    assert documents.loc[KON_TUM, "format"] == "image-ocr"
    assert documents.loc[KON_TUM, ["ocr_pages", "ocr_confidence", "non_vietnamese_share", "ocr_corrections"]].tolist() \
        == [3, 61.5, 0.04, 12]
    assert documents["ocr_low_quality"].to_dict() == {CA_MAU: False, KON_TUM: True, THANH_HOA: False}
    # In corpus.csv a file read without OCR has these cells empty.
    written = pd.read_csv(pd.io.common.StringIO(corpus.documents.to_csv(index=False)), dtype=str,
                          keep_default_na=False).set_index("doc_id")
    assert written.loc[CA_MAU, ["ocr_pages", "ocr_confidence", "non_vietnamese_share", "ocr_corrections"]].tolist() \
        == ["", "", "", ""]
    assert written.loc[KON_TUM, "ocr_confidence"] == "61.5" and written.loc[KON_TUM, "ocr_low_quality"] == "True"


def test_commitments_of_a_flagged_plan_carry_the_flag(scanned):
    _, analysis = scanned
    table = analysis.tables["commitments"]
    assert table["ocr_low_quality"].dtype == bool
    flags = table.groupby("doc_id")["ocr_low_quality"].agg(["all", "any", "size"])
    assert flags.loc[KON_TUM, "all"] and flags.loc[KON_TUM, "size"] > 0
    assert not flags.loc[CA_MAU, "any"] and not flags.loc[THANH_HOA, "any"]


def test_manifest_records_each_scan_and_the_thresholds(scanned, tmp_path):
    _, analysis = scanned
    manifest = json.loads(write_manifest(analysis, [], tmp_path / "manifest.json", "en").read_text(encoding="utf-8"))
    files = {f["doc_id"]: f for f in manifest["corpus_files"]}
    assert files[KON_TUM]["format"] == "image-ocr"
    assert files[KON_TUM]["ocr"] == {**LOW, "ocr_low_quality": True}
    assert files[THANH_HOA]["ocr"] == {**GOOD, "ocr_low_quality": False}
    assert "ocr" not in files[CA_MAU] and files[CA_MAU]["format"] == "txt"
    assert manifest["ocr_thresholds"] == {"min_confidence": 70.0, "max_non_vietnamese_share": 0.15}


@pytest.mark.parametrize("lang, low, good, numbers, thresholds", [
    ("en", "low: check numbers and dates against the scan", "good", ["3", "61.5", "4.0%", "12"], ["below 70", "15%"]),
    ("vi", "thấp: cần đối chiếu số liệu, ngày tháng với bản quét", "đạt", ["3", "61,5", "4,0%", "12"],
     ["dưới 70", "15%"]),
])
def test_briefing_annex_lists_scans_with_their_quality(scanned, lang, low, good, numbers, thresholds):
    _, analysis = scanned
    page = BeautifulSoup(render_briefing(analysis, {}, lang), "html.parser")
    heading = page.find("h3", id="ocr")
    assert heading is not None
    note = heading.find_next("p").get_text(" ", strip=True)
    assert all(t in note for t in thresholds)
    rows = [[cell.get_text(strip=True) for cell in tr.find_all("td")] for tr in heading.find_next("table").find_all("tr")[1:]]
    assert rows == [[f"{KON_TUM}.lowscan", "image-ocr", *numbers, low],
                    [f"{THANH_HOA}.goodscan", "image-ocr", "2", "91.2" if lang == "en" else "91,2",
                     "2.0%" if lang == "en" else "2,0%", "0", good]]


def test_a_corpus_without_scans_has_no_ocr_table(scanned):
    corpus, _ = scanned
    assert ocr_rows(corpus.documents[corpus.documents["format"] == "txt"], "en")["rows"] == []


def test_the_summary_names_each_flagged_plan(scanned):
    corpus, _ = scanned
    lines = low_quality_lines(corpus.documents, "en")
    assert len(lines) == 1
    assert f"{KON_TUM}.lowscan" in lines[0] and "61.5" in lines[0] and "4.0%" in lines[0]
    assert "61,5" in low_quality_lines(corpus.documents, "vi")[0]
