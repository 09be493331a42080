"""Scans read by OCR (analysis/read/formats/scan.py; fixtures: tests/data/build_scan_fixtures.py).

Tests that need Tesseract and its Vietnamese model are skipped without them; the others hold either way.
"""

from __future__ import annotations

import importlib.util
import io
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from PIL import Image, ImageDraw, ImageFont

from analysis import config
from analysis.read import ingest
from analysis.read.corpus import build_corpus
from analysis.read.formats import scan
from analysis.read import ocr_quality
from analysis.read.ocr_quality import non_vietnamese_share

SCANS = Path(__file__).resolve().parents[1] / "data" / "scans"
needs_tesseract = pytest.mark.skipif(not scan.ocr_available(), reason="Tesseract with its vie model is not installed")
# Themes whose phrases the fixture text holds: the featured wastewater and plastic waste, and the waste themes.
NAMED_THEMES = ["wastewater", "plastic_waste", "solid_waste", "hazardous_medical_waste"]
QUALITY_KEYS = set(ocr_quality.QUALITY_KEYS)  # the reader gives every key ocr_quality reports


def _builder():
    spec = importlib.util.spec_from_file_location("build_scan_fixtures", SCANS.parent / "build_scan_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_sources() -> list[str]:
    """The text of fixture pages 1 and 2, as the builder laid them out."""
    builder = _builder()
    return ["\n".join(builder.layout(page)[1]) for page in (builder.PAGE_1, builder.PAGE_2)]


def character_accuracy(read: str, source: str) -> float:
    """1 - normalised Levenshtein distance, on NFC text with whitespace runs as one space."""
    from rapidfuzz.distance import Levenshtein

    def flat(text):
        return " ".join(unicodedata.normalize("NFC", text).split())

    return Levenshtein.normalized_similarity(flat(read), flat(source))


# --- without Tesseract --------------------------------------------------------------------------


def _pdf_content(data: bytes) -> list[tuple[str, list[bytes]]]:
    """Each page's text layer and scanned images: what a PDF fixture holds. Its bytes also hold the
    font matplotlib embeds for the text page, which differs with the DejaVu copy a machine has."""
    from pypdf import PdfReader

    return [(page.extract_text(), [image.data for image in page.images]) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_fixtures_are_what_the_builder_writes(tmp_path):
    _builder().build(tmp_path)
    for path in tmp_path.iterdir():
        built, shipped = path.read_bytes(), (SCANS / path.name).read_bytes()
        if path.suffix == ".pdf":
            built, shipped = _pdf_content(built), _pdf_content(shipped)
        assert built == shipped, f"rebuild {path.name}: python {SCANS.parent}/build_scan_fixtures.py"


def test_a_scan_without_tesseract_is_skipped_naming_the_debian_packages(monkeypatch):
    monkeypatch.setattr(scan, "_engine", lambda: "")
    for name in ("kon-tum-300dpi.png", "kon-tum-scanner.tif", "kon-tum-200dpi.pdf"):
        decoded = ingest.read_plan(SCANS / name)
        assert not decoded.ok
        assert "tesseract-ocr and tesseract-ocr-vie" in decoded.reason and "\n" not in decoded.reason


def test_a_mixed_pdf_without_tesseract_reads_its_text_layer(monkeypatch):
    monkeypatch.setattr(scan, "_engine", lambda: "")
    decoded = ingest.read_plan(SCANS / "kon-tum-mixed.pdf")
    assert decoded.ok and decoded.format == "pdf-text" and decoded.quality == {}
    assert "Số 25-KH/TU" in decoded.text and "Nguyễn Văn Hùng" not in decoded.text  # the scanned page 2 is not read


@pytest.mark.parametrize("name, data", [
    ("noise.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
    ("truncated.tif", (SCANS / "kon-tum-scanner.tif").read_bytes()[:3000]),
    ("text.jpg", "Kế hoạch số 25-KH/TU".encode()),
])
def test_a_damaged_image_is_skipped_with_a_reason(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    decoded = ingest.read_plan(tmp_path / name)
    assert not decoded.ok
    assert any(word in decoded.reason for word in ("damaged", "not an image", "tesseract-ocr-vie")), decoded.reason


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".png", ".jpg", ".tif", ".tiff", ".jpeg"]))
def test_random_bytes_under_an_image_name_never_crash(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    decoded = ingest.read_plan(path)
    assert decoded.ok or decoded.reason


def _lines_image(angle: float) -> Image.Image:
    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 36)
    for row in range(20):
        draw.text((120, 150 + row * 60), "bảo vệ môi trường và xử lý nước thải tập trung", font=font, fill=0)
    return page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)


@pytest.mark.skipif(not Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf").exists(), reason="fonts-dejavu-core")
@pytest.mark.parametrize("angle", [-3.0, 1.5, 4.2])
def test_skew_angle_levels_a_rotated_page(angle):
    # The page was turned by `angle` degrees (counter-clockwise): turning it back is -angle.
    assert scan.skew_angle(_lines_image(angle)) == pytest.approx(-angle, abs=0.15)


def test_coloured_ink_is_dropped_and_black_text_kept():
    page = Image.new("RGB", (30, 10), "white")
    page.putpixel((1, 1), (200, 30, 30))  # a red stamp
    page.putpixel((2, 1), (30, 40, 160))  # a blue signature
    page.putpixel((3, 1), (20, 20, 20))  # black text
    grey = scan._drop_colour(page)
    assert [grey.getpixel((x, 1)) for x in (1, 2, 3)] == [255, 255, 20]


def test_layout_puts_a_tab_at_a_column_gap_and_drops_specks():
    # Tesseract's words (image_to_data): the header line "TỈNH ỦY KON TUM" ... "ĐẢNG CỘNG SẢN VIỆT NAM",
    # 400 px apart at 50 px a line, a speck read as "¬" at confidence 12, and a bullet "-" at 92.
    words = [("TỈNH", 100, 90), ("ỦY", 230, 91), ("¬", 600, 12), ("ĐẢNG", 800, 93), ("-", 100, 92), ("Tập", 140, 88)]
    data = {"level": [5] * 6, "block_num": [1] * 6, "par_num": [1] * 6, "line_num": [1, 1, 1, 1, 2, 2],
            "left": [w[1] for w in words], "width": [110, 60, 10, 150, 20, 60], "height": [50] * 6,
            "conf": [w[2] for w in words], "text": [w[0] for w in words]}
    page = scan._lay_out(data)
    assert page.text == "TỈNH ỦY\tĐẢNG\n- Tập"
    assert page.words == 4 and page.confidence_sum == 90 + 91 + 93 + 88  # the bullet has no letter: not a word


def test_non_vietnamese_share_counts_words_outside_the_dictionary():
    # Words: kế, hoạch, số, kh, tu, thưc -- document codes (KH, TU) are known to the lexicon; OCR's
    # "thưc" (for "thực") is no Vietnamese syllable: 1 of 6.
    assert non_vietnamese_share("Kế hoạch số 25-KH/TU thưc") == pytest.approx(1 / 6)
    assert non_vietnamese_share("Ñgăn ngừa ô nhiễm") == pytest.approx(0.25)  # OCR's "Ñgăn" for "Ngăn": 1 of 4
    assert non_vietnamese_share("") == 0.0


def test_pages_flow_through_a_few_at_a_time_in_order(monkeypatch):
    """A 300-page scan: every page read, in order, with only a few page images alive at once."""
    monkeypatch.setattr(scan, "_engine", lambda: "tesseract test")
    monkeypatch.setattr(scan, "prepare", lambda image: image)
    monkeypatch.setattr(scan, "_tesseract", lambda image: {
        "level": [5], "block_num": [1], "par_num": [1], "line_num": [1], "left": [0], "width": [10],
        "height": [10], "conf": [90], "text": [f"trang{image.info['page']}"]})
    drawn, done = [], []

    def pages():
        for number in range(300):
            drawn.append(number)
            assert len(drawn) - len(done) <= 4 * scan.ocr_workers(), "pages drawn far ahead of OCR"
            image = Image.new("L", (8, 8), 255)
            image.info["page"] = number
            yield image

    real = scan.ocr_page
    monkeypatch.setattr(scan, "ocr_page", lambda image, cache_dir=None: done.append(1) or real(image, cache_dir))
    read = scan.ocr_pages(pages(), 300)
    assert [page.text for page in read] == [f"trang{n}" for n in range(300)]


def test_workers_share_the_cores_joblib_gives_them(monkeypatch):
    monkeypatch.setattr(config, "OCR_JOBS", -1)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert scan.ocr_workers() == 1
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert scan.ocr_workers() >= 1


# --- with Tesseract -----------------------------------------------------------------------------


@needs_tesseract
def test_a_300_dpi_page_image_reads_with_its_metadata_and_quality(tmp_path):
    decoded = ingest.read_plan(SCANS / "kon-tum-300dpi.png", cache_dir=tmp_path)
    assert decoded.ok and decoded.format == "image-ocr" and decoded.encoding.startswith("OCR (tesseract")
    assert set(decoded.quality) == QUALITY_KEYS and decoded.quality["ocr_pages"] == 1
    assert 80 <= decoded.quality["ocr_confidence"] <= 100
    assert 0 <= decoded.quality["non_vietnamese_share"] <= 0.06
    accuracy = character_accuracy(decoded.text, page_sources()[0])
    print(f"character accuracy, 300 dpi PNG: {accuracy:.3f}")
    assert accuracy >= 0.93
    # Read again: every page comes from the OCR cache, Tesseract is never asked.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scan, "_tesseract", lambda image: pytest.fail("OCR'd twice"))
        assert ingest.read_plan(SCANS / "kon-tum-300dpi.png", cache_dir=tmp_path).text == decoded.text


@needs_tesseract
def test_a_scan_with_no_text_is_skipped_with_that_reason():
    decoded = ingest.read_plan(SCANS / "blank-scan.tif")
    assert not decoded.ok and "found no text" in decoded.reason


@pytest.fixture(scope="module")
def scan_corpus(tmp_path_factory):
    """The scans beside their source text (pages 1-2 and page 1 alone), read as a corpus; and the cache folder."""
    folder, cache_dir = tmp_path_factory.mktemp("scans"), tmp_path_factory.mktemp("cache")
    for name in SCAN_FILES.values():
        shutil.copy(SCANS / name, folder / name)
    sources = page_sources()
    (folder / "source-pages-1-2.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
    (folder / "source-page-1.txt").write_text(sources[0] + "\n", encoding="utf-8")
    return build_corpus(folder, cache_dir=cache_dir), cache_dir


# Each scan, its file and the source text of the pages it holds.
SCAN_FILES = {"kon-tum-300dpi": "kon-tum-300dpi.png", "kon-tum-200dpi": "kon-tum-200dpi.pdf",
              "kon-tum-mixed": "kon-tum-mixed.pdf", "kon-tum-scanner": "kon-tum-scanner.tif"}
SCAN_SOURCES = {"kon-tum-300dpi": "source-page-1", "kon-tum-200dpi": "source-pages-1-2",
                "kon-tum-mixed": "source-pages-1-2", "kon-tum-scanner": "source-pages-1-2"}


@needs_tesseract
@pytest.mark.slow
def test_scans_read_with_their_formats_and_metadata(scan_corpus):
    rows = scan_corpus[0].documents.set_index("doc_id")
    assert rows.loc[list(SCAN_SOURCES), "status"].eq("ok").all(), rows["reason"].to_dict()
    assert rows.loc[list(SCAN_SOURCES), "format"].to_dict() == {
        "kon-tum-300dpi": "image-ocr", "kon-tum-200dpi": "pdf-ocr", "kon-tum-mixed": "pdf-mixed",
        "kon-tum-scanner": "image-ocr"}
    for doc_id in SCAN_SOURCES:  # the header as the source gives it: Số 25-KH/TU, Kon Tum, 22 December 2016
        assert rows.loc[doc_id, ["province", "date", "number"]].tolist() == ["Kon Tum", "2016-12-22", "25-KH/TU"], doc_id


@needs_tesseract
@pytest.mark.slow
def test_theme_phrase_counts_on_scans_reach_the_source_counts_and_never_exceed_them(scan_corpus):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits

    hits = theme_hits(scan_corpus[0], load_codebook())
    counts = hits[hits["theme"].isin(NAMED_THEMES)].groupby(["doc_id", "theme"]).size()
    # Hand-counted on the source: wastewater 6 (xả thải x2, hệ thống xử lý nước thải x3, xử lý nước thải),
    # plastic waste 2 (túi ni lông, sản phẩm nhựa dùng một lần), solid waste 2, hazardous waste 1 -- page 1
    # alone: wastewater 5, hazardous 1.
    assert counts["source-pages-1-2"].to_dict() == {"wastewater": 6, "plastic_waste": 2, "solid_waste": 2,
                                                    "hazardous_medical_waste": 1}
    assert counts["source-page-1"].to_dict() == {"wastewater": 5, "hazardous_medical_waste": 1}
    for doc_id, source in SCAN_SOURCES.items():
        for theme, expected in counts[source].items():
            read = counts.get((doc_id, theme), 0)
            print(f"{doc_id} {theme}: {read}/{expected}")
            assert 0.95 * expected <= read <= expected, (doc_id, theme, read, expected)


@needs_tesseract
@pytest.mark.slow
def test_character_accuracy_and_quality_of_each_scan(scan_corpus, monkeypatch):
    """Each page's character accuracy before and after post-correction (read again from the OCR
    cache with the corrector switched off): correction never makes a page worse."""
    sources = page_sources()
    for doc_id, name in SCAN_FILES.items():
        decoded = ingest.read_plan(SCANS / name, cache_dir=scan_corpus[1])  # pages from the OCR cache
        with monkeypatch.context() as patch:
            patch.setattr(scan, "post_correct", lambda text: (text, {"ocr_corrections": 0}))
            raw = ingest.read_plan(SCANS / name, cache_dir=scan_corpus[1])
        pages = zip(decoded.text.split("\f"), raw.text.split("\f"), sources)
        for number, (read, uncorrected, source) in enumerate(pages, start=1):
            accuracy, before = character_accuracy(read, source), character_accuracy(uncorrected, source)
            print(f"{doc_id} page {number}: character accuracy {before:.4f} -> {accuracy:.4f} after correction; "
                  f"{decoded.quality}")
            assert accuracy >= 0.9, (doc_id, number)
            assert accuracy >= before, (doc_id, number)
        assert set(decoded.quality) == QUALITY_KEYS
        assert decoded.quality["ocr_pages"] == (1 if doc_id in ("kon-tum-300dpi", "kon-tum-mixed") else 2)
    mixed = ingest.read_plan(SCANS / "kon-tum-mixed.pdf", cache_dir=scan_corpus[1])
    assert character_accuracy(mixed.text.split("\f")[0], sources[0]) == 1.0  # the text layer, as typed
