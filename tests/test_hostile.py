"""Hostile or broken input: ingestion never crashes, stays within memory limits, and
reports each such file as skipped with one sentence; outputs never leave their folder."""

import shutil
import tracemalloc
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.read import formats
from analysis.outputs import write
from analysis.read import ingest
from analysis.read.corpus import build_corpus

from builders import write_docx, write_pdf, write_zip
from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA, seed_text

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(decoded):
    """The contract every file meets, whatever it contains."""
    if decoded.ok:
        assert decoded.text.strip() and decoded.reason == ""
    else:
        assert decoded.text is None and decoded.reason
        assert "\n" not in decoded.reason and ";" in decoded.reason  # what is wrong; what to do


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(sorted(config.PLAN_SUFFIXES | {".xlsx", ""})))
def test_random_bytes_never_crash(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"plan{suffix}"
    path.write_bytes(data)
    decoded = ingest.read_plan(path)
    check(decoded)
    if suffix != ".txt":
        assert not decoded.ok


# What each kind of file starts with: random bytes after it reach the reader of that kind (the
# converter too, with LibreOffice installed), not the first check that the bytes are no such file.
SIGNATURES = [formats.OLE2_SIGNATURE, formats.RTF_SIGNATURE + b"1\\ansi ", formats.ZIP_SIGNATURE, b"<html><body>",
              b"%PDF-1.4\n", b""]
TEXT_SIGNATURES = {SIGNATURES[1]: "rtf", b"<html><body>": "html"}  # the formats whose text is in the clear


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from(SIGNATURES), data=st.binary(max_size=2000),
       suffix=st.sampled_from([".doc", ".docx", ".odt", ".rtf"]))
@example(start=b"<html><body>", data=b"0\xf4", suffix=".doc")  # found by a CI run: "0ô" is a page's text
@example(start=SIGNATURES[1], data=b"\xf4}", suffix=".docx")  # and "ô" an RTF document's
def test_random_office_files_never_crash(tmp_path_factory, libreoffice, start, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"plan{suffix}"
    path.write_bytes(start + data)
    check(decoded := ingest.read_plan(path))
    # Random bytes are never a plan, but after a web page's tags or an RTF header, formats that keep their
    # text in the clear, they are that document's text: a file is read as what its bytes are, whatever its
    # suffix (portals serve .doc files that are HTML or RTF), and bytes that decode to a Vietnamese word
    # make a document of one word. Binary formats (Word 97, zip, PDF) never make one of random bytes.
    assert not decoded.ok or decoded.format == TEXT_SIGNATURES.get(start)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.dictionaries(st.text(min_size=1, max_size=30), st.binary(max_size=300), max_size=4),
       cut=st.integers(min_value=0, max_value=3000), garbage=st.binary(max_size=20))
def test_random_zip_archives_never_crash(tmp_path_factory, members, cut, garbage):
    """Archives of random members, then broken at a random place: each file gets its row, with a reason
    when it is skipped, and the plan beside them is read."""
    folder = tmp_path_factory.mktemp("zips")
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", folder / "plan.txt")
    write_zip(folder / "archive.zip", {name.replace("\x00", "_"): content for name, content in members.items()})
    data = bytearray((folder / "archive.zip").read_bytes())
    position = cut % len(data)
    data[position:position + len(garbage)] = garbage
    (folder / "archive.zip").write_bytes(bytes(data))
    documents = build_corpus(folder, cache_dir=folder / ".cache").documents
    assert documents.set_index("path").at["plan.txt", "status"] == "ok"
    for row in documents[documents["path"] != "plan.txt"].itertuples():
        assert row.path.startswith("archive.zip") and row.status in ("skipped", "ok")
        if row.status == "skipped":
            assert "\n" not in row.reason and ";" in row.reason


@FUZZ
@given(text=st.text(max_size=3000), encoding=st.sampled_from(["utf-8", "utf-16", "cp1258", "utf-8-sig"]))
def test_random_unicode_never_crashes(tmp_path_factory, text, encoding):
    path = tmp_path_factory.mktemp("fuzz") / "plan.txt"
    path.write_bytes(text.encode(encoding, errors="ignore"))
    check(ingest.read_plan(path))


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory) -> bytes:
    """A readable PDF of the start of a seed plan, written once (the examples only break copies of it)."""
    source = tmp_path_factory.mktemp("good-pdf") / "good.pdf"
    write_pdf(source, seed_text(CA_MAU)[:3000])
    return source.read_bytes()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6),
       garbage=st.binary(min_size=1, max_size=40))
def test_malformed_pdfs_never_crash(tmp_path_factory, good_pdf, cuts, garbage):
    folder = tmp_path_factory.mktemp("pdf")
    data = bytearray(good_pdf)
    for cut in cuts:  # overwrite bytes at random places: xref, streams, trailer
        position = cut % len(data)
        data[position:position + len(garbage)] = garbage
    broken = folder / "broken.pdf"
    broken.write_bytes(bytes(data))
    check(ingest.read_plan(broken))


def _docx_with_document_xml(path, document_xml: bytes):
    """A real .docx whose main part is replaced by ``document_xml``."""
    write_docx(path, "Kế hoạch bảo vệ môi trường\nXử lý nước thải")
    source = zipfile.ZipFile(path)
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    source.close()
    parts["word/document.xml"] = document_xml
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


def test_zip_bomb_docx_is_skipped_without_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    _docx_with_document_xml(path, b"<w:document>" + b" " * (80 * 2**20) + b"</w:document>")
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    decoded = ingest.read_plan(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not decoded.ok and "times its size" in decoded.reason
    assert peak < 20 * 2**20  # the 80 MB inside were never unpacked


def test_deeply_nested_docx_is_skipped(tmp_path):
    namespace = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    depth = 50_000
    xml = b"<w:document " + namespace + b"><w:body>" + b"<w:p>" * depth + b"</w:p>" * depth + b"</w:body></w:document>"
    path = tmp_path / "nested.docx"
    _docx_with_document_xml(path, xml)
    check(decoded := ingest.read_plan(path))
    assert not decoded.ok


def test_oversized_docx_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_DOCX_UNCOMPRESSED_BYTES", 5000)
    path = tmp_path / "big.docx"
    write_docx(path, seed_text(CA_MAU))
    decoded = ingest.read_plan(path)
    assert not decoded.ok and "limit" in decoded.reason


def test_huge_line_is_segmented_and_too_much_text_is_skipped(tmp_path, monkeypatch):
    one_line = " ".join(seed_text(CA_MAU).split()) * 6  # ~120,000 characters without a line break
    (tmp_path / "one-line.txt").write_text(one_line, encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=tmp_path / ".cache")
    row = corpus.documents.iloc[0]
    assert row["status"] == "ok" and row["n_tokens"] > 10_000
    monkeypatch.setattr(config, "MAX_TEXT_CHARACTERS", 50_000)
    decoded = ingest.read_plan(tmp_path / "one-line.txt")
    assert not decoded.ok and "more than the 50,000 limit" in decoded.reason


def test_a_hostile_file_does_not_stop_the_others(tmp_path):
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", tmp_path / "plan.txt")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 100)
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>")
    corpus = build_corpus(tmp_path)
    status = corpus.documents.set_index("path")["status"].to_dict()
    assert status == {"fake.pdf": "skipped", "noise.txt": "skipped", "plan.txt": "ok"}


@pytest.mark.slow
def test_file_names_never_write_outside_the_output_folder(tmp_path):
    corpus_dir, out = tmp_path / "corpus", tmp_path / "deep" / "out"
    corpus_dir.mkdir()
    # Each name on a plan of its own, all in one run (a run takes half a minute).
    names = ["Kế hoạch Cà Mau 2020.txt", "..plan with dots.txt", "a..b....txt", "tên (bản sao) #2.txt"]
    plans = [SEED_DIR / f"{doc_id}.txt" for doc_id in (CA_MAU, KON_TUM, THANH_HOA)] + [
        config.PROJECT_DIR / "tests" / "data" / "quang-nam-2021-synthetic.txt"]
    for name, plan in zip(names, plans):
        shutil.copy(plan, corpus_dir / name)
    result = write.run_all(corpus_dir=corpus_dir, out_dir=out, topic_k_range=range(4, 5))
    assert result.written and all(p.resolve().parent == out.resolve() for p in result.written)
    # Each plan's own figure, named after its file ("..plan with dots.txt" is a hidden file: not read).
    read = sorted(result.corpus.usable["doc_id"])
    assert read == ["Kế hoạch Cà Mau 2020", "a..b...", "tên (bản sao) #2"]
    assert sorted(p.name for p in out.glob("keyness_*.png")) == [f"keyness_{doc_id}.png" for doc_id in read]
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and out not in p.parents and corpus_dir not in p.parents]
    assert outside == []
