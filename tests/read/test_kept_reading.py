"""What a corpus folder's last run read, kept in one file (read.kept_reading): the next run takes each
plan from it under the plan's own key and gives the corpus reading every file again would give."""

import shutil

import pandas as pd
import pytest

from analysis.read import files as files_module
from analysis.read import kept_reading, plan_cache
from analysis.read.corpus import build_corpus

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


def _same(first, second):
    for name in ("documents", "segments", "tokens"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name), check_exact=True)
    assert list(first.texts) == list(second.texts) and first.texts == second.texts
    assert first.references == second.references


def _read_per_file(folder, cache):
    """The corpus as the per-file cache and the reader give it (the kept reading removed first)."""
    shutil.rmtree(cache / kept_reading.KIND, ignore_errors=True)
    return build_corpus(folder, cache_dir=cache)


def _counting(monkeypatch) -> dict[str, list]:
    """The files read and the per-file cache entries loaded from here on."""
    seen = {"read": [], "loaded": []}
    read, load = files_module.read_file, plan_cache.load
    monkeypatch.setattr(files_module, "read_file", lambda job: seen["read"].append(job[0]) or read(job))
    monkeypatch.setattr(plan_cache, "load", lambda folder, key: seen["loaded"].append(key) or load(folder, key))
    return seen


def test_a_rerun_takes_every_plan_from_the_one_kept_file(two_plans, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = build_corpus(two_plans, cache_dir=cache)
    kept = list((cache / kept_reading.KIND).iterdir())
    assert len(kept) == 1
    written = kept[0].stat().st_mtime_ns
    seen = _counting(monkeypatch)
    again = build_corpus(two_plans, cache_dir=cache)
    assert seen == {"read": [], "loaded": []}
    assert kept[0].stat().st_mtime_ns == written  # nothing changed: not written again
    _same(again, first)
    _same(again, _read_per_file(two_plans, cache))


def test_added_renamed_and_removed_plans_give_the_corpus_read_afresh(two_plans, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build_corpus(two_plans, cache_dir=cache)
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", two_plans)
    (two_plans / f"{KON_TUM}.txt").rename(two_plans / "renamed.txt")  # same bytes, another doc_id
    seen = _counting(monkeypatch)
    added = build_corpus(two_plans, cache_dir=cache)
    assert seen["read"] == [f"{THANH_HOA}.txt"] and len(seen["loaded"]) == 1  # only the new file looked up
    assert set(added.usable["doc_id"]) == {"renamed", CA_MAU, THANH_HOA}
    _same(added, _read_per_file(two_plans, cache))
    build_corpus(two_plans, cache_dir=cache)
    (two_plans / f"{CA_MAU}.txt").unlink()
    shutil.copy(two_plans / "renamed.txt", two_plans / "copy.txt")  # a duplicate of a kept plan
    fewer = build_corpus(two_plans, cache_dir=cache)
    statuses = fewer.documents.set_index("doc_id")["status"]
    assert statuses["copy"] == "ok" and statuses["renamed"] == "duplicate"  # of equal texts, the first by path
    _same(fewer, _read_per_file(two_plans, cache))


@pytest.mark.parametrize("damage", [b"", b"not a pickle", "truncated"])
def test_a_damaged_kept_file_is_not_trusted(two_plans, tmp_path, damage):
    cache = tmp_path / "cache"
    first = build_corpus(two_plans, cache_dir=cache)
    [kept] = (cache / kept_reading.KIND).iterdir()
    kept.write_bytes(kept.read_bytes()[:200] if damage == "truncated" else damage)
    _same(build_corpus(two_plans, cache_dir=cache), first)


def test_a_plan_is_taken_only_under_its_own_key(two_plans, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    build_corpus(two_plans, cache_dir=cache)
    monkeypatch.setattr(plan_cache, "CACHE_VERSION", "another")  # new reading code: every key changes
    seen = _counting(monkeypatch)
    build_corpus(two_plans, cache_dir=cache)
    assert sorted(seen["read"]) == sorted([f"{KON_TUM}.txt", f"{CA_MAU}.txt"])


def test_runs_need_each_plans_rows_together():
    assert kept_reading._runs(pd.Series(["a", "a", "b", "c", "c"])) == {"a": (0, 2), "b": (2, 3), "c": (3, 5)}
    assert kept_reading._runs(pd.Series(["a", "b", "a"])) is None
    assert kept_reading._runs(pd.Series([], dtype=str)) == {}


def test_rows_in_order_are_one_slice_and_others_a_take():
    table = pd.DataFrame({"n": range(10)})
    assert list(kept_reading._rows(table, [(2, 4), (4, 7)])["n"]) == [2, 3, 4, 5, 6]
    assert list(kept_reading._rows(table, [(7, 9), (0, 2), (4, 5)])["n"]) == [7, 8, 0, 1, 4]
