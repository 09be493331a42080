"""Adding a plan to a corpus already run: the run measures the new plan only (its own measures are
kept per plan, ``measure.plan_tables``) and writes what a run on an empty cache writes."""

from __future__ import annotations

import shutil

from analysis.measure import plan_features as features
from analysis.measure import plan_tables as module
from analysis.outputs.write import run_all
from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA

DAY = "2026-01-01"


def test_a_plan_added_gives_the_outputs_of_a_run_from_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for doc_id in (KON_TUM, CA_MAU):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", folder)
    # The topic search runs in full each time (reselect): a run from nothing has no model to start from.
    options = {"date": DAY, "reselect_topics": True}
    run_all(folder, tmp_path / "out", cache_dir=tmp_path / "cache", **options)
    shutil.copy(SEED_DIR / f"{THANH_HOA}.txt", folder)
    measured, counted = [], []
    real, real_dfm = module.measure_plans, features.dfm
    monkeypatch.setattr(module, "measure_plans",
                        lambda corpus, *a, **k: measured.append(set(corpus.usable["doc_id"])) or real(corpus, *a, **k))
    # the words' counts (keyness, TF-IDF, similarity, topics read them): the new plan's only
    monkeypatch.setattr(features, "dfm", lambda corpus: counted.append(set(corpus.usable["doc_id"])) or real_dfm(corpus))
    added = run_all(folder, tmp_path / "out", cache_dir=tmp_path / "cache", **options)
    assert measured == [{THANH_HOA}] and counted == [{THANH_HOA}]
    fresh = run_all(folder, tmp_path / "fresh", cache_dir=tmp_path / "empty-cache", **options)
    # From nothing, every plan is measured once (by the reading step, which measures each plan it reads).
    assert measured[1:] == [{KON_TUM, CA_MAU, THANH_HOA}] and counted[1:] == [{KON_TUM, CA_MAU, THANH_HOA}]
    assert sorted(p.name for p in added.written) == sorted(p.name for p in fresh.written)
    different = [p.name for p in added.written if p.read_bytes() != (tmp_path / "fresh" / p.name).read_bytes()]
    assert different == []
