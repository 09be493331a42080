"""Shared fixtures: the seed corpus, a private token cache, and builders of odd files."""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path

# A private cache, so tests never depend on (or disturb) a researcher's cache.
os.environ.setdefault("ANALYSIS_CACHE_DIR", tempfile.mkdtemp(prefix="analysis-test-cache-"))
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

from analysis import config  # noqa: E402
from analysis.read.corpus import build_corpus  # noqa: E402

SEED_DIR = config.CORPUS_DIR / "plans"
KON_TUM = "kon-tum-2016-plan-KL02"
CA_MAU = "ca-mau-2020-plan-KL56"
THANH_HOA = "thanh-hoa-2024-plan-KL81"
SEEDS = {KON_TUM: "Kon Tum", CA_MAU: "Cà Mau", THANH_HOA: "Thanh Hóa"}


def seed_text(doc_id: str) -> str:
    return (SEED_DIR / f"{doc_id}.txt").read_text(encoding="utf-8")


def tree_digest(folder: Path) -> dict[str, str]:
    """Hash of every file under ``folder`` (with its modification time)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mtime_ns}"
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def two_plans(tmp_path):
    """A corpus folder of two seed plans (Kon Tum 2016, Cà Mau 2020), to add to, rename and damage."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for doc_id in (KON_TUM, CA_MAU):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", folder)
    return folder


@pytest.fixture(scope="session")
def seed_corpus():
    """The project's corpus/ as shipped (three seed plans and plans.csv)."""
    return build_corpus(config.CORPUS_DIR)


@pytest.fixture(scope="session")
def codebook():
    """The shipped codebook (corpus/themes.yml)."""
    from analysis.measure.themes.codebook import load_codebook

    return load_codebook()


@pytest.fixture(scope="session")
def hits(seed_corpus, codebook):
    """The shipped codebook's hits on the seed plans, matched once for every test that reads them."""
    from analysis.measure.themes.measures import theme_hits

    return theme_hits(seed_corpus, codebook)


@pytest.fixture(scope="session")
def seed_corpus_detected(tmp_path_factory):
    """The three seed plans without plans.csv: metadata as detected from the text."""
    folder = tmp_path_factory.mktemp("detected")
    for doc_id in SEEDS:
        shutil.copy(SEED_DIR / f"{doc_id}.txt", folder / f"{doc_id}.txt")
    return build_corpus(folder)


def _seed_run(corpus, out_dir, lang):
    from analysis.outputs.write import run_all

    with warnings.catch_warnings(record=True) as caught, pytest.MonkeyPatch.context() as patch:
        warnings.simplefilter("always")
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)  # no date given: the briefing says today
        day = datetime.date.today()
        result = run_all(out_dir=out_dir, corpus=corpus, lang=lang)
    result.warnings = [str(w.message) for w in caught]  # e.g. a glyph missing from the font
    result.day = day  # the date its briefings show: reruns compared with it pass --date
    return result


@pytest.fixture(scope="session")
def seed_run(seed_corpus, tmp_path_factory):
    """One whole run on the seed corpus with every default (English, no --date), shared by every
    test that only reads its outputs: a run takes half a minute. Never write into its folder."""
    return _seed_run(seed_corpus, tmp_path_factory.mktemp("seed-run-en"), "en")


@pytest.fixture(scope="session")
def seed_run_vi(seed_corpus, tmp_path_factory):
    """The same run in Vietnamese (figures, workbook and summary in Vietnamese)."""
    return _seed_run(seed_corpus, tmp_path_factory.mktemp("seed-run-vi"), "vi")


def pytest_collection_modifyitems(items):
    """A test reading a shared whole run is slow (the run is): ``-m "not slow"`` skips them all."""
    for item in items:
        if {"seed_run", "seed_run_vi"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


_WHICH = shutil.which


@pytest.fixture(params=["installed", "absent"])
def libreoffice(request, monkeypatch) -> bool:
    """Runs a test with LibreOffice as installed here (skipped where it is not: True) and hidden
    (``shutil.which``, which formats.word asks, finds no soffice: False)."""
    if request.param == "installed" and not (_WHICH("soffice") or _WHICH("libreoffice")):
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (see .ci/run)")
        pytest.skip("LibreOffice is not installed here (apt-get install libreoffice-writer)")
    if request.param == "absent":
        from analysis.read.formats import word

        monkeypatch.setattr(word.shutil, "which", lambda name, *args, **kwargs: None
                            if name in ("soffice", "libreoffice") else _WHICH(name, *args, **kwargs))
    return request.param == "installed"


def headless_chromium():
    """Debian's headless Chromium through selenium (skipped where it is not installed, failed in CI)."""
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
