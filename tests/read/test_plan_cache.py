"""What reading a file yields is cached per file content (parquet) and read in parallel;
results never depend on the cache or on where the work ran."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import parallel
from analysis.read import files as files_module
from analysis.read import kept_reading, plan_cache
from analysis.read.corpus import build_corpus

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


def _same(first, second):
    pd.testing.assert_frame_equal(first.documents, second.documents)
    pd.testing.assert_frame_equal(first.segments, second.segments)
    pd.testing.assert_frame_equal(first.tokens, second.tokens)
    assert first.texts == second.texts


def test_a_rerun_reads_nothing_again_and_a_new_plan_alone_is_read(two_plans, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = build_corpus(two_plans, cache_dir=cache)
    assert len(list((cache / "plans").glob("*.parquet"))) == 2
    read = []
    real = files_module.read_file
    monkeypatch.setattr(files_module, "read_file", lambda job: read.append(Path(job[0]).name) or real(job))
    _same(build_corpus(two_plans, cache_dir=cache), first)
    assert read == []
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", two_plans)
    (two_plans / f"{KON_TUM}.txt").rename(two_plans / "renamed.txt")  # same bytes: still cached
    assert len(build_corpus(two_plans, cache_dir=cache).usable) == 3
    assert read == [f"{THANH_HOA}.txt"]


@pytest.mark.parametrize("damage", [b"", b"not parquet at all", "other"])
def test_a_damaged_or_foreign_entry_is_rebuilt_not_trusted(two_plans, tmp_path, damage):
    cache = tmp_path / "cache"
    first = build_corpus(two_plans, cache_dir=cache)
    entries = sorted((cache / "plans").glob("*.parquet"))
    if damage == "other":  # a valid entry stored under the wrong key
        entries[0].write_bytes(entries[1].read_bytes())
    else:
        entries[0].write_bytes(damage)
    shutil.rmtree(cache / kept_reading.KIND)  # else the folder's kept reading gives the plans (test_kept_reading)
    _same(build_corpus(two_plans, cache_dir=cache), first)
    assert plan_cache.load(cache, entries[0].stem) is not None  # rewritten


def test_the_key_changes_with_the_code_and_the_forced_encoding(monkeypatch):
    key = plan_cache.cache_key("abc", None)
    assert plan_cache.cache_key("abc", "cp1258") != key
    monkeypatch.setattr(plan_cache, "CACHE_VERSION", "999")
    assert plan_cache.cache_key("abc", None) != key


def test_worker_processes_give_the_same_corpus_as_one_process(tmp_path, seed_corpus):
    with parallel.backend("loky", n_jobs=2, min_items=0):  # parallel even for three files
        in_workers = build_corpus(SEED_DIR.parent, cache_dir=tmp_path / "cache")
    _same(in_workers, seed_corpus)


def test_a_dask_cluster_gives_the_same_corpus_as_one_process(tmp_path, seed_corpus):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with parallel.backend("dask", scheduler=cluster.scheduler_address, min_items=0):
            on_cluster = build_corpus(SEED_DIR.parent, cache_dir=tmp_path / "cache")
    _same(on_cluster, seed_corpus)
