"""Zip archives of plans: read in place (nothing unpacked), each plan named archive.zip/inner-name;
a bad archive is skipped with one sentence and the rest of the run goes on."""

import re
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from analysis.read.formats import supported_types

from analysis import config
from analysis.read import files as files_module
from analysis.read import ingest
from analysis.read.corpus import build_corpus

from builders import write_docx, write_zip
from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA, seed_text, tree_digest


def _status(corpus) -> dict[str, tuple[str, str]]:
    return {row.path: (row.status, row.reason) for row in corpus.documents.itertuples()}


@pytest.fixture
def attachments(tmp_path) -> Path:
    """A corpus folder holding a portal's attachments zipped: two plans (one in a folder, named in
    Vietnamese), a picture, and one loose plan beside the archive."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    docx = tmp_path / "plan.docx"
    write_docx(docx, seed_text(KON_TUM))
    write_zip(folder / "dinh-kem.zip", {
        "Kế hoạch/ca-mau.txt": (SEED_DIR / f"{CA_MAU}.txt").read_bytes(),
        "kon-tum.docx": docx.read_bytes(),
        "so-do.dwg": b"AC1032 a drawing",
        "__MACOSX/._kon-tum.docx": b"resource fork",  # what a Mac adds: never a plan
    })
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", folder / f"{THANH_HOA}.txt")
    return folder


def test_plans_inside_a_zip_are_read_in_place(attachments, tmp_path):
    before = tree_digest(tmp_path)
    corpus = build_corpus(attachments, cache_dir=tmp_path / "cache")
    after = {name: digest for name, digest in tree_digest(tmp_path).items() if not name.startswith("cache/")}
    assert after == before  # nothing unpacked: not in the corpus folder, not beside it
    documents = corpus.documents.set_index("path")
    assert list(documents.index) == ["dinh-kem.zip/Kế hoạch/ca-mau.txt", "dinh-kem.zip/kon-tum.docx",
                                     "dinh-kem.zip/so-do.dwg", f"{THANH_HOA}.txt"]
    assert list(documents["doc_id"]) == ["ca-mau", "kon-tum", "so-do", THANH_HOA]
    assert list(documents["status"]) == ["ok", "ok", "skipped", "ok"]
    assert documents.at["dinh-kem.zip/so-do.dwg", "reason"].startswith("has an unsupported file type '.dwg'")
    assert documents.at["dinh-kem.zip/kon-tum.docx", "province"] == "Kon Tum"
    assert corpus.texts["ca-mau"] == build_corpus(SEED_DIR.parent, cache_dir=tmp_path / "cache").texts[CA_MAU]


def test_plans_csv_describes_a_plan_inside_a_zip(attachments, tmp_path):
    (attachments / "plans.csv").write_text("file,number\ndinh-kem.zip/Kế hoạch/ca-mau.txt,99/KH-UBND\n",
                                           encoding="utf-8")
    corpus = build_corpus(attachments, cache_dir=tmp_path / "cache")
    assert not [w for w in corpus.warnings if "plans.csv" in w]  # the row names a file in the corpus
    documents = corpus.documents.set_index("doc_id")
    assert documents.at["ca-mau", "number"] == "99/KH-UBND" and documents.at["ca-mau", "number_source"] == "plans.csv"


def test_the_plan_cache_keys_on_the_members_bytes(attachments, tmp_path, monkeypatch):
    build_corpus(attachments, cache_dir=tmp_path / "cache")
    read = []
    real = files_module.read_file
    monkeypatch.setattr(files_module, "read_file", lambda job: read.append(job[0]) or real(job))
    # The same bytes under another archive's name: read from the cache, not again.
    shutil.move(attachments / "dinh-kem.zip", attachments / "tai-lieu.zip")
    corpus = build_corpus(attachments, cache_dir=tmp_path / "cache")
    assert read == ["so-do.dwg"]  # only the skipped file (skips are never cached)
    assert corpus.documents["status"].tolist() == ["ok", "ok", "skipped", "ok"]


def _one_row(folder, tmp_path) -> tuple[str, str, str]:
    corpus = build_corpus(folder, cache_dir=tmp_path / "cache")
    assert len(corpus.documents) == 1, corpus.documents
    row = corpus.documents.iloc[0]
    assert "\n" not in row["reason"] and ";" in row["reason"]  # what is wrong; what to do
    return row["path"], row["status"], row["reason"]


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "corpus"
    path.mkdir()
    return path


def test_password_protected_zip(folder, tmp_path):
    write_zip(folder / "mat-khau.zip", {"ke-hoach.txt": (SEED_DIR / f"{CA_MAU}.txt").read_bytes()}, protected=True)
    assert _one_row(folder, tmp_path) == (
        "mat-khau.zip", "skipped",
        "is a password-protected zip archive; unpack it into the corpus folder instead with its password")


def test_damaged_zip(folder, tmp_path):
    write_zip(tmp_path / "whole.zip", {"ke-hoach.txt": (SEED_DIR / f"{CA_MAU}.txt").read_bytes()})
    data = (tmp_path / "whole.zip").read_bytes()
    (folder / "tai-do-dang.zip").write_bytes(data[: len(data) // 2])  # a download cut off halfway
    path, status, reason = _one_row(folder, tmp_path)
    assert (path, status) == ("tai-do-dang.zip", "skipped")
    assert reason.startswith("is a damaged or incomplete zip archive; download it again")


def test_damaged_member_of_a_sound_zip(folder, tmp_path):
    plan = (SEED_DIR / f"{CA_MAU}.txt").read_bytes()
    write_zip(folder / "hong.zip", {"ke-hoach.txt": plan})
    data = bytearray((folder / "hong.zip").read_bytes())
    middle = data.find(b"PK\x01\x02") // 2  # inside the compressed text, before the central directory
    data[middle:middle + 8] = b"\x00" * 8
    (folder / "hong.zip").write_bytes(bytes(data))
    path, status, reason = _one_row(folder, tmp_path)
    assert (path, status) == ("hong.zip/ke-hoach.txt", "skipped")
    assert reason.startswith("could not be unpacked from hong.zip")


def test_zip_bomb_is_skipped_without_unpacking(folder, tmp_path):
    with zipfile.ZipFile(folder / "bom.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ke-hoach.txt", b" " * (200 * 2**20))  # 200 MB of spaces in 200 KB
    assert (folder / "bom.zip").stat().st_size < 1_000_000
    tracemalloc.start()
    path, status, reason = _one_row(folder, tmp_path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (path, status) == ("bom.zip", "skipped")
    # Deflate packs at most 1032 bytes into one (a 258-byte match in about 2 bits): 200 MB of spaces come close.
    assert re.match(r"is a zip archive with a file that unpacks to 10[23]\d times its size", reason)
    assert peak < 20 * 2**20  # the 200 MB were never unpacked


def test_archive_limits(folder, tmp_path, monkeypatch):
    write_zip(folder / "lon.zip", {f"phu-luc-{n}.txt": seed_text(CA_MAU).encode("utf-8") for n in range(3)})
    monkeypatch.setattr(config, "MAX_ARCHIVE_UNPACKED_BYTES", 50_000)  # three plans of 21 KB: 64 KB
    reason = _one_row(folder, tmp_path)[2]
    assert reason.startswith("is a zip archive of ") and "MB unpacked, more than the" in reason
    monkeypatch.setattr(config, "MAX_ARCHIVE_UNPACKED_BYTES", 10**9)
    monkeypatch.setattr(config, "MAX_ARCHIVE_MEMBERS", 2)
    assert _one_row(folder, tmp_path)[2].startswith("is a zip archive of 3 files, more than the 2 limit")


def test_empty_zip(folder, tmp_path):
    write_zip(folder / "rong.zip", {})
    assert _one_row(folder, tmp_path) == ("rong.zip", "skipped",
                                          "is a zip archive with no files in it; download it again or remove it")


def test_zip_with_only_unsupported_files(folder, tmp_path):
    write_zip(folder / "anh.zip", {"ban-do.dwg": b"AC10", "bang.xlsx": b"PK", "__MACOSX/._x.txt": b"x"})
    assert _one_row(folder, tmp_path) == (
        "anh.zip", "skipped", "is a zip archive with no plan file in it (only .dwg, .xlsx); put the plans in the "
        f"corpus folder as {supported_types(frozenset({'.zip'}))} files")


def test_zip_inside_a_zip_is_not_opened(folder, tmp_path):
    write_zip(tmp_path / "inner.zip", {"ke-hoach.txt": (SEED_DIR / f"{CA_MAU}.txt").read_bytes()})
    write_zip(folder / "outer.zip", {"inner.zip": (tmp_path / "inner.zip").read_bytes(),
                                     "ke-hoach.txt": (SEED_DIR / f"{KON_TUM}.txt").read_bytes()})
    corpus = build_corpus(folder, cache_dir=tmp_path / "cache")
    assert _status(corpus) == {
        "outer.zip/inner.zip": ("skipped", "is a zip archive inside outer.zip, and archives inside archives are "
                                           "not opened; unpack it into the corpus folder instead"),
        "outer.zip/ke-hoach.txt": ("ok", "")}


def test_member_names_are_only_labels(folder, tmp_path):
    """Names that climb out of the archive name nothing on disk: nothing is written anywhere."""
    plan = (SEED_DIR / f"{CA_MAU}.txt").read_bytes()
    write_zip(folder / "a.zip", {"../../../ngoai.txt": plan, "C:\\Users\\x\\..\\ke-hoach.txt": plan + b"\n"})
    before = tree_digest(tmp_path)
    corpus = build_corpus(folder, cache_dir=tmp_path / "cache")
    assert sorted(corpus.documents["path"]) == ["a.zip/C:/Users/x/ke-hoach.txt", "a.zip/ngoai.txt"]
    assert {k: v for k, v in tree_digest(tmp_path).items() if not k.startswith("cache/")} == before


def test_a_zip_given_alone_to_read_plan_says_what_reads_it(folder):
    write_zip(folder / "a.zip", {"ke-hoach.txt": (SEED_DIR / f"{CA_MAU}.txt").read_bytes()})
    decoded = ingest.read_plan(folder / "a.zip")
    assert not decoded.ok and decoded.reason.startswith("is a zip archive, which holds files rather than a plan;")
