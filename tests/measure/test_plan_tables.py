"""Each plan's own measures kept per plan (measure.plan_tables): a plan added to a corpus is the only
one measured, and the joined tables are those of measuring every plan at once."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import config
from analysis.csv_tables import write_csv
from analysis.measure import plan_tables as module
from analysis.measure.plan_tables import PLAN_TABLES, measure_plans, plan_tables
from conftest import CA_MAU, KON_TUM, THANH_HOA

N_BOOT = 50  # intervals are compared, not read: fewer resamples keep the test quick


@pytest.fixture(scope="module")
def at_once(seed_corpus, codebook):
    return measure_plans(seed_corpus, codebook, n_boot=N_BOOT)


def _measured(monkeypatch) -> list[set[str]]:
    """The plans each call of measure_plans was given."""
    calls: list[set[str]] = []

    def counting(corpus, *args, **kwargs):
        calls.append(set(corpus.usable["doc_id"]))
        return measure_plans(corpus, *args, **kwargs)
    monkeypatch.setattr(module, "measure_plans", counting)
    return calls


def test_a_plan_added_is_the_only_one_measured_and_the_tables_are_as_measured_at_once(
        seed_corpus, codebook, at_once, tmp_path, monkeypatch):
    calls = _measured(monkeypatch)
    two = seed_corpus.subset(provinces=["Kon Tum", "Cà Mau"])
    plan_tables(two, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    joined = plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == [{KON_TUM, CA_MAU}, {THANH_HOA}]
    for name in PLAN_TABLES:
        pd.testing.assert_frame_equal(joined[name], at_once[name])
        write_csv(joined[name], tmp_path / "joined.csv")
        write_csv(at_once[name], tmp_path / "at_once.csv")
        assert (tmp_path / "joined.csv").read_bytes() == (tmp_path / "at_once.csv").read_bytes(), name


def test_nothing_is_measured_again_when_nothing_changed(seed_corpus, codebook, at_once, tmp_path, monkeypatch):
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    calls = _measured(monkeypatch)
    again = plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == []
    for name in PLAN_TABLES:
        pd.testing.assert_frame_equal(again[name], at_once[name])


def test_a_changed_plan_a_setting_or_the_seed_is_measured_again(seed_corpus, codebook, tmp_path, monkeypatch):
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    calls = _measured(monkeypatch)
    documents = seed_corpus.documents.copy()
    documents.loc[documents["doc_id"] == CA_MAU, "year"] = 2021  # plans.csv corrected: the rows carry the year
    changed = dataclasses.replace(seed_corpus, documents=documents, derived={})
    assert set(plan_tables(changed, codebook, n_boot=N_BOOT, cache_dir=tmp_path)["theme_measures"]
               .query("doc_id == @CA_MAU")["year"]) == {2021}
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, seed=7, cache_dir=tmp_path)
    monkeypatch.setattr(config, "CONTEXT_WINDOW", config.CONTEXT_WINDOW + 1)
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == [{CA_MAU}, {KON_TUM, CA_MAU, THANH_HOA}, {KON_TUM, CA_MAU, THANH_HOA}]


def test_a_damaged_entry_is_measured_again(seed_corpus, codebook, at_once, tmp_path):
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    for entry in (tmp_path / "plan_tables").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    again = plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again["theme_evidence"], at_once["theme_evidence"])


def test_the_entries_are_found_again_from_another_cache_folder(seed_corpus, codebook, tmp_path, monkeypatch):
    import shutil

    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path / "first")
    shutil.copytree(tmp_path / "first", tmp_path / "moved")
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "moved")
    calls = _measured(monkeypatch)
    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path / "moved")
    assert calls == []


def test_plans_measured_by_the_workers_that_read_them_are_not_measured_again(codebook, at_once, tmp_path, monkeypatch):
    """Issue 28's overlap: ``build_corpus(then=MeasureEachPlan(...))`` measures each plan right after reading it,
    under the key the run computes from the whole corpus, so the run only joins; the tables are the same."""
    from analysis.read.corpus import build_corpus

    measure = module.MeasureEachPlan(codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    corpus = build_corpus(config.CORPUS_DIR, cache_dir=tmp_path, then=measure)
    assert len(list((tmp_path / "plan_tables").iterdir())) == 3
    calls = _measured(monkeypatch)
    joined = plan_tables(corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == []
    for name in PLAN_TABLES:
        pd.testing.assert_frame_equal(joined[name], at_once[name])


def test_a_plan_the_workers_cannot_measure_is_read_all_the_same(seed_corpus, tmp_path):
    from analysis.read.corpus import build_corpus

    tried = []

    def fails(corpus):
        tried.extend(corpus.usable["doc_id"])
        raise RuntimeError("a measure that fails in a worker")
    corpus = build_corpus(config.CORPUS_DIR, cache_dir=tmp_path, then=fails)
    assert sorted(tried) == sorted(seed_corpus.usable["doc_id"])
    pd.testing.assert_frame_equal(corpus.documents, seed_corpus.documents)
    pd.testing.assert_frame_equal(corpus.tokens, seed_corpus.tokens)


def test_the_last_runs_joined_tables_serve_each_plan_whose_key_is_the_same(seed_corpus, codebook, at_once, tmp_path,
                                                                         monkeypatch):
    """One file to load instead of one per plan (a thousand loads fragment the heap: 0.12 GiB at 1,000 plans);
    rows are taken from it only under the plan's own key, and a damaged file is not trusted."""
    import shutil

    plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    shutil.rmtree(tmp_path / "plan_tables")  # only the joined tables are left
    calls = _measured(monkeypatch)
    again = plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == []
    for name in PLAN_TABLES:
        pd.testing.assert_frame_equal(again[name], at_once[name])
    documents = seed_corpus.documents.copy()
    documents.loc[documents["doc_id"] == CA_MAU, "year"] = 2021  # its key changes: not taken from the file
    changed = dataclasses.replace(seed_corpus, documents=documents, derived={})
    plan_tables(changed, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls == [{CA_MAU}]
    for entry in (tmp_path / "plan_tables_joined").iterdir():
        entry.write_bytes(entry.read_bytes()[:50])
    shutil.rmtree(tmp_path / "plan_tables")
    damaged = plan_tables(seed_corpus, codebook, n_boot=N_BOOT, cache_dir=tmp_path)
    assert calls[1:] == [{KON_TUM, CA_MAU, THANH_HOA}]
    pd.testing.assert_frame_equal(damaged["theme_evidence"], at_once["theme_evidence"])
