"""Caches never go stale: a result is cached only when it succeeded, under a key that holds
everything that changes it, written whole or not at all, and cache folders are passed in
from the entry points, never read from config by workers."""

import ast
import inspect
import shutil

import pytest

from analysis import cache, config, parallel
from analysis.config import PACKAGE_DIR
from analysis.measure.topics import model as topics
from analysis.measure.themes.codebook import load_codebook
from analysis.outputs.analyse import analyse, topic_tables
from analysis.outputs.write import RunOptions
from analysis.read import ingest, plan_cache
from analysis.read.corpus import build_corpus

from conftest import KON_TUM, SEED_DIR

READING_LIMITS = ["MAX_FILE_BYTES", "MAX_DOCX_UNCOMPRESSED_BYTES", "MAX_DOCX_COMPRESSION_RATIO", "MAX_PDF_PAGES",
                  "MAX_TEXT_CHARACTERS"]


@pytest.fixture
def one_plan(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copy(SEED_DIR / f"{KON_TUM}.txt", folder)
    return folder


def test_the_key_holds_content_code_libraries_and_settings(monkeypatch):
    key = cache.cache_key("plans", b"abc", ("pypdf",), {"limit": 1})
    assert key == cache.cache_key("plans", b"abc", ("pypdf",), {"limit": 1})
    assert key != cache.cache_key("topics", b"abc", ("pypdf",), {"limit": 1})
    assert key != cache.cache_key("plans", b"abd", ("pypdf",), {"limit": 1})
    assert key != cache.cache_key("plans", b"abc", ("pypdf",), {"limit": 2})
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: "0.0-other" if name == "pypdf" else real(name))
    assert key != cache.cache_key("plans", b"abc", ("pypdf",), {"limit": 1})
    key = cache.cache_key("plans", b"abc", (), {})
    monkeypatch.setattr(cache, "code_digest", lambda *parts: "other code")
    assert cache.cache_key("plans", b"abc", (), {}) != key


def test_a_file_skipped_for_a_passing_reason_is_read_once_the_reason_is_gone(one_plan, tmp_path, monkeypatch):
    def unreadable(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:  # e.g. permissions, or LibreOffice not installed yet
        patch.setitem(ingest.READERS, ".txt", unreadable)
        skipped = build_corpus(one_plan, cache_dir=tmp_path / "cache")
    assert list(skipped.documents["status"]) == ["skipped"]
    assert list(build_corpus(one_plan, cache_dir=tmp_path / "cache").documents["status"]) == ["ok"]


@pytest.mark.parametrize("library", ["pypdf", "python-docx", "lxml", "charset-normalizer", "underthesea"])
def test_the_plan_key_changes_with_the_readers_versions(library, monkeypatch):
    key = plan_cache.cache_key("abc", None)
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: "0.0-other" if name == library else real(name))
    assert plan_cache.cache_key("abc", None) != key


@pytest.mark.parametrize("limit", READING_LIMITS)
def test_the_plan_key_changes_with_a_reading_limit(limit, monkeypatch):
    key = plan_cache.cache_key("abc", None)
    monkeypatch.setattr(config, limit, getattr(config, limit) + 1)
    assert plan_cache.cache_key("abc", None) != key


def test_workers_get_the_files_bytes_not_their_paths(one_plan, tmp_path, monkeypatch):
    """A remote worker cannot see the corpus folder: the main process sends what it read."""
    real = parallel.map_items

    def elsewhere(function, items, progress=None, count=None):
        items = list(items)  # what the main process sends (it reads each file as workers take them)
        for path in one_plan.iterdir():  # gone from where the workers run
            path.unlink()
        return real(function, items, progress)

    monkeypatch.setattr(parallel, "map_items", elsewhere)
    corpus = build_corpus(one_plan, cache_dir=tmp_path / "cache")
    assert list(corpus.documents["status"]) == ["ok"]


def test_an_oversized_file_is_refused_without_reaching_the_workers(one_plan, tmp_path, monkeypatch):
    monkeypatch.setattr(config, "MAX_FILE_BYTES", 100)
    sent = []
    real = parallel.map_items
    monkeypatch.setattr(parallel, "map_items", lambda f, items, progress=None, count=None: sent.extend(items) or real(f, sent, progress))
    corpus = build_corpus(one_plan, cache_dir=tmp_path / "cache")
    assert list(corpus.documents["status"]) == ["skipped"] and "limit" in corpus.documents["reason"][0]
    assert sent == []


def test_a_truncated_topic_state_is_refitted_not_a_crash(seed_corpus, tmp_path):
    first, model = topic_tables(seed_corpus, k_range=range(3, 5), warm_start=True, cache_dir=tmp_path)
    (state,) = (tmp_path / "topics").glob("*.npz")
    state.write_bytes(state.read_bytes()[: state.stat().st_size // 2])
    again, _ = topic_tables(seed_corpus, k_range=range(3, 5), warm_start=True, cache_dir=tmp_path)
    assert list(again["topic_selection"]["k"]) == list(first["topic_selection"]["k"])
    assert topics.load_state(state) is not None  # rewritten whole


def test_the_topic_state_key_changes_with_the_codebook(seed_corpus, tmp_path):
    shipped = load_codebook(None)
    other = tmp_path / "themes.yml"
    other.write_text(shipped.path.read_text(encoding="utf-8").replace("featured: true", "featured: false"),
                     encoding="utf-8")
    for codebook in (shipped, load_codebook(other)):
        topic_tables(seed_corpus, k_range=range(3, 5), warm_start=True, codebook=codebook, cache_dir=tmp_path)
    assert len(list((tmp_path / "topics").glob("*.npz"))) == 2


def test_a_notebook_and_a_run_choose_k_the_same_way():
    default = inspect.signature(analyse).parameters["reselect_topics"].default
    assert default == RunOptions().reselect_topics == config.TOPIC_RESELECT


@pytest.mark.parametrize("path", sorted(p for folder in ("read", "measure") for p in (PACKAGE_DIR / folder).glob("*.py")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_reading_and_measuring_never_look_up_the_cache_folder_themselves(path):
    """The folder is an argument from the entry points (build_corpus, analyse): a worker on
    another machine, or a notebook with its own folder, never falls back to config's."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert "CACHE_DIR" not in names


def test_an_empty_cache_setting_is_no_setting(tmp_path):
    """ANALYSIS_CACHE_DIR= (empty) once put a run's cache in the folder it ran in (three entries were
    committed from a worktree's root)."""
    import os
    import subprocess
    import sys

    from analysis import config

    environment = dict(os.environ, ANALYSIS_CACHE_DIR="")
    shown = subprocess.run([sys.executable, "-c", "from analysis import config; print(config.CACHE_DIR)"],
                           capture_output=True, text=True, env=environment, cwd=tmp_path, check=True).stdout.strip()
    assert shown == str(config.PROJECT_DIR / ".cache")


def test_pickled_parts_come_back_in_order_and_a_short_or_damaged_entry_is_none(tmp_path):
    import pandas as pd

    path = tmp_path / "kind" / "entry.pickle"
    table = pd.DataFrame({"year": pd.array([2016, None], dtype="Int64"), "name": ["Kon Tum", "Cà Mau"]})
    cache.save_pickled(path, {"a": 1}, table)
    first, second = cache.load_pickled(path, 2)
    assert first == {"a": 1}
    pd.testing.assert_frame_equal(second, table)  # the nullable integers come back as they were
    assert cache.load_pickled(path, 3) is None  # fewer parts than asked: not trusted
    path.write_bytes(path.read_bytes()[:30])
    assert cache.load_pickled(path, 2) is None
    assert cache.load_pickled(tmp_path / "absent.pickle", 1) is None
