"""Each kind of input file, good and bad, built from the seed texts."""

import shutil
import unicodedata

import pytest

from analysis.measure.concordance.kwic import kwic
from analysis.read import ingest
from analysis.read.formats import OLE2_SIGNATURE, word
from analysis.read.corpus import build_corpus
from analysis.read.normalize import fold, normalize_text

from builders import (
    cp1258_bytes,
    tcvn3_bytes,
    vn1_bytes,
    vni_bytes,
    write_docx,
    write_encrypted_pdf,
    write_pdf,
    write_scanned_pdf,
)
from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA, seed_text, tree_digest


def read(path, **kwargs):
    return ingest.read_plan(path, **kwargs)


@pytest.fixture
def folder(tmp_path):
    return tmp_path


# --- text files that must decode to exactly the seed text ------------------------------

GOOD_TEXT_VARIANTS = {
    "utf8.txt": lambda t: t.encode("utf-8"),
    "nfd_crlf_bom.txt": lambda t: b"\xef\xbb\xbf" + unicodedata.normalize("NFD", t).replace("\n", "\r\n").encode("utf-8"),
    "utf16_bom.txt": lambda t: t.encode("utf-16"),
    "utf16be_bom.txt": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf16_no_bom.txt": lambda t: t.encode("utf-16-le"),
    "windows1258.txt": cp1258_bytes,
}


@pytest.mark.parametrize("name", sorted(GOOD_TEXT_VARIANTS))
@pytest.mark.parametrize("doc_id", [KON_TUM, CA_MAU])
def test_text_encodings_decode_to_the_seed_text(folder, name, doc_id):
    original = seed_text(doc_id)
    path = folder / name
    path.write_bytes(GOOD_TEXT_VARIANTS[name](original))
    decoded = read(path)
    assert decoded.ok, decoded.reason
    assert normalize_text(decoded.text) == normalize_text(original)


def test_encoding_names_are_reported(folder):
    text = seed_text(CA_MAU)
    expected = {"nfd_crlf_bom.txt": "utf-8 (BOM)", "utf16_bom.txt": "utf-16 (BOM)",
                "utf16_no_bom.txt": "utf-16 (no BOM)", "windows1258.txt": "cp1258", "utf8.txt": "utf-8"}
    for name, encoding in expected.items():
        (folder / name).write_bytes(GOOD_TEXT_VARIANTS[name](text))
        assert read(folder / name).encoding == encoding


@pytest.mark.parametrize("encode, legacy", [(tcvn3_bytes, "TCVN3"), (vni_bytes, "VNI")])
def test_legacy_font_encodings_are_converted(folder, encode, legacy):
    original = seed_text(THANH_HOA)
    path = folder / "legacy.txt"
    path.write_bytes(encode(original))
    decoded = read(path)
    assert decoded.ok, decoded.reason
    assert legacy in decoded.encoding
    # TCVN3 stores toned capitals in lower case; compare case-folded.
    assert fold(normalize_text(decoded.text)) == fold(normalize_text(original))


def test_tcvn5712_vn1_keeps_its_capitals(folder):
    """VN1 (iconv's TCVN5712-1) stores "Ủ" and friends in bytes TCVN3 leaves free: decoded, case kept."""
    original = seed_text(CA_MAU)
    data = vn1_bytes(original)
    assert b"\x9ey ban nh\xa9n d\xa9n" in data  # "Ủy ban nhân dân" as VN1 writes it (Ủ = 0x9E, â = 0xA9)
    path = folder / "vn1.txt"
    path.write_bytes(data)
    decoded = read(path)
    assert decoded.ok and decoded.encoding.startswith("TCVN 5712 VN1")
    assert normalize_text(decoded.text) == normalize_text(original)
    # Hand-checked: the Cà Mau plan writes "Ủy ban nhân dân" 3 times (lines 9, 155, 159); every one survives.
    assert normalize_text(original).count("Ủy ban nhân dân") == 3
    assert normalize_text(decoded.text).count("Ủy ban nhân dân") == 3


def test_tcvn3_mojibake_inside_a_utf8_file_is_converted(folder):
    path = folder / "copied-from-vntime.txt"
    path.write_text(tcvn3_bytes(seed_text(KON_TUM)).decode("cp1252"), encoding="utf-8")
    decoded = read(path)
    assert decoded.ok and "TCVN3" in decoded.encoding
    assert "bảo vệ môi trường" in decoded.text


def test_known_legacy_spellings():
    from analysis.read.legacy_fonts import tcvn3_to_unicode, vni_to_unicode

    assert vni_to_unicode("Vieät Nam") == "Việt Nam"
    assert vni_to_unicode("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert tcvn3_to_unicode("B¶o Th¾ng, B¸t X¸t, ViÖt Nam") == "Bảo Thắng, Bát Xát, Việt Nam"


def test_plain_unicode_vietnamese_is_never_converted():
    from analysis.read.legacy_fonts import detect_and_convert

    text = normalize_text(seed_text(CA_MAU))
    assert detect_and_convert(text) == (text, None)


def test_forced_encoding_from_plans_csv(folder):
    path = folder / "plan.txt"
    path.write_bytes(cp1258_bytes(seed_text(KON_TUM)))
    assert read(path, encoding="cp1258").encoding == "cp1258"
    wrong = read(path, encoding="utf-8")
    assert not wrong.ok and "plans.csv" in wrong.reason
    unknown = read(path, encoding="klingon-8")
    assert not unknown.ok and "unknown encoding" in unknown.reason


# --- Word and PDF ----------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(folder, seed_corpus):
    path = folder / "kon-tum.docx"
    write_docx(path, seed_text(KON_TUM))
    corpus = build_corpus(folder)
    row = corpus.documents.iloc[0]
    assert row["status"] == "ok", row["reason"]
    assert row["province"] == "Kon Tum" and row["province_source"].startswith("header line")
    assert row["number"] == "25-KH/TU" and row["date"] == "2016-12-22"
    text = corpus.texts["kon-tum"]
    assert text.index("TỈNH ỦY KON TUM") < text.index("KẾ HOẠCH") < text.index("Nơi nhận")
    assert len(kwic(corpus, "nước thải")) == 4
    assert row["n_tokens"] == seed_corpus.documents.set_index("doc_id").at[KON_TUM, "n_tokens"]


def test_pdf_with_text_layer(folder):
    path = folder / "ca-mau.pdf"
    write_pdf(path, seed_text(CA_MAU))
    corpus = build_corpus(folder)
    row = corpus.documents.iloc[0]
    assert row["status"] == "ok", row["reason"]
    assert row["format"] == "pdf-text" and row["province"] == "Cà Mau" and row["year"] == 2020
    # Line wraps and page breaks must not lose matches.
    assert len(kwic(corpus, "nước thải")) == 5
    assert len(kwic(corpus, "biến đổi khí hậu")) == 24


# --- bad files: each skipped with a reason, never an exception --------------------------


def _bad_files(folder):
    pdf = folder / "_source.pdf"
    write_pdf(pdf, seed_text(CA_MAU))
    data = pdf.read_bytes()
    files = {
        "empty.txt": (b"", "is empty"),
        "blank.txt": (b"  \n\t\r\n  \n", "no text"),
        "binary.txt": (bytes(range(256)) * 64, "binary data"),
        "english.txt": (b"The province shall protect the environment and treat wastewater. " * 40,
                        "does not look like Vietnamese"),
        "truncated.pdf": (data[: len(data) // 2], "damaged or truncated PDF"),
        "not-really.pdf": (b"%PDF-1.4\nthis is not a pdf", "damaged or truncated PDF"),
        "broken.docx": (b"PK\x03\x04 not a zip", "not a valid .docx"),
        "spreadsheet.xlsx": (b"PK\x03\x04", "unsupported file type"),
    }
    for name, (content, _) in files.items():
        (folder / name).write_bytes(content)
    write_encrypted_pdf(pdf, folder / "locked.pdf")
    write_scanned_pdf(folder / "scan.pdf")
    pdf.unlink()
    expected = {name: reason for name, (_, reason) in files.items()}
    expected.update({"locked.pdf": "password-protected", "scan.pdf": "without a text layer"})
    return expected


def test_each_bad_file_is_skipped_with_its_reason(folder):
    expected = _bad_files(folder)
    for name, reason in expected.items():
        decoded = read(folder / name)
        assert not decoded.ok, name
        assert reason in decoded.reason, (name, decoded.reason)
        # One plain sentence that says what to do.
        assert "\n" not in decoded.reason and ";" in decoded.reason


def test_old_doc_without_libreoffice_says_how_to_install_it(folder, monkeypatch):
    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    path = folder / "old.doc"
    path.write_bytes(OLE2_SIGNATURE + b"\x00" * 600)  # the compound-file signature, nothing more
    decoded = read(path)
    assert not decoded.ok and "LibreOffice" in decoded.reason and "install" in decoded.reason


def test_bad_files_do_not_stop_the_run_and_duplicates_count_once(folder):
    _bad_files(folder)
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", folder / f"{doc_id}.txt")
    # The same Cà Mau text again, under another name and encoding, in a subfolder.
    (folder / "more").mkdir()
    (folder / "more" / "ca-mau-copy.txt").write_bytes(seed_text(CA_MAU).encode("utf-16"))
    before = tree_digest(folder)
    corpus = build_corpus(folder)
    assert tree_digest(folder) == before  # nothing in the corpus folder was written
    status = corpus.documents.set_index("doc_id")["status"]
    assert sorted(status[status == "ok"].index) == sorted([KON_TUM, CA_MAU, THANH_HOA])
    assert (status == "skipped").sum() == 10
    duplicate = corpus.documents.set_index("doc_id").loc["ca-mau-copy"]
    assert duplicate["status"] == "duplicate" and duplicate["duplicate_of"] == CA_MAU
    assert set(corpus.texts) == {KON_TUM, CA_MAU, THANH_HOA}
    assert len(kwic(corpus, "nước thải")) == 4 + 5 + 2


def test_discover_skips_hidden_and_config_files(folder):
    for name in ["plans.csv", "themes.yml", ".hidden.txt", "~$lock.docx", "README.md", "plan.txt"]:
        (folder / name).write_text("x", encoding="utf-8")
    assert [p.name for p in ingest.discover(folder)] == ["plan.txt"]


def test_size_limit(folder, monkeypatch):
    monkeypatch.setattr(ingest.config, "MAX_FILE_BYTES", 1000)
    path = folder / "big.txt"
    path.write_text(seed_text(KON_TUM), encoding="utf-8")
    decoded = read(path)
    assert not decoded.ok and "limit" in decoded.reason


def test_old_doc_through_libreoffice(folder):
    """Runs where LibreOffice is installed (it is optional: without it .doc files are skipped with a reason)."""
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed here; the missing-LibreOffice path is tested above")
    source = folder / "source.docx"
    write_docx(source, seed_text(CA_MAU))
    subprocess.run([soffice, "--headless", "--convert-to", "doc", "--outdir", str(folder / "doc"), str(source)],
                   check=True, capture_output=True, timeout=180)
    decoded = read(folder / "doc" / "source.doc")
    assert decoded.ok and decoded.encoding == "doc via LibreOffice"
    assert "biến đổi khí hậu" in normalize_text(decoded.text)


def test_the_copy_not_the_described_plan_is_the_duplicate(folder):
    """A copy whose name sorts first must not displace the plan that plans.csv describes."""
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", folder / f"{CA_MAU}.txt")
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", folder / "Cà Mau bản sao.txt")  # "C" sorts before "c"
    (folder / "plans.csv").write_text(f"file,number\n{CA_MAU}.txt,99/KH-UBND\n", encoding="utf-8")
    documents = build_corpus(folder).documents.set_index("doc_id")
    assert documents.at[CA_MAU, "status"] == "ok" and documents.at[CA_MAU, "number"] == "99/KH-UBND"
    assert documents.at["Cà Mau bản sao", "status"] == "duplicate"
    assert documents.at["Cà Mau bản sao", "duplicate_of"] == CA_MAU


def test_every_supported_suffix_has_one_reader():
    # config.PLAN_SUFFIXES is what messages list; ingest.READERS is what reads: the same set.
    assert set(ingest.READERS) == set(ingest.config.PLAN_SUFFIXES)
