"""A national corpus: bounded figures, named plans, outputs not redrawn, warm-started topics.

Beyond ``config.FIGURE_MAX_PLANS`` plans the catalogue switches to corpus-wide figures; the
limit is lowered here so the three seed plans stand in for a large corpus.
"""

import pandas as pd
import pytest

from analysis import config
from analysis.errors import UserError
from analysis.measure.vocabulary import keyness as keyness_module
from analysis.measure.topics import model as topics
from analysis.measure.vocabulary.tfidf import plan_similarity
from analysis.outputs import catalogue
from analysis.outputs.analyse import analyse, topic_tables
from analysis.outputs.plan_selection import resolve_plans
from analysis.outputs.tables import written_tables

from conftest import CA_MAU, KON_TUM, THANH_HOA


@pytest.fixture(scope="module")
def quick_analysis(seed_corpus):
    return analyse(seed_corpus, include_topics=False)


def test_beyond_the_limit_no_plan_by_plan_figure_and_the_top_pairs_instead(quick_analysis, monkeypatch):
    monkeypatch.setattr(config, "FIGURE_MAX_PLANS", 2)
    quick_analysis.shown = None
    stems = catalogue.figure_stems(quick_analysis)
    assert not [s for s in stems if s.startswith("keyness_")]
    assert not {"theme_shares", "theme_dispersion", "similarity_heatmap", "tfidf_top_terms_bars"} & set(stems)
    assert {"similarity_top_pairs", "theme_heatmap", "theme_trajectories"} <= set(stems)
    pairs = catalogue.figure_data(quick_analysis, "similarity_top_pairs")
    assert len(pairs) == 3 and (pairs["doc_a"] < pairs["doc_b"]).all()  # each pair once, best first
    assert pairs["cosine"].is_monotonic_decreasing
    # the line under a figure counts plans instead of naming them
    assert quick_analysis.source_line() == "3 provincial plans of 3 provinces, issued 2016–2024"


def test_named_plans_get_their_plan_by_plan_figures(quick_analysis, monkeypatch):
    monkeypatch.setattr(config, "FIGURE_MAX_PLANS", 2)
    quick_analysis.shown = resolve_plans(quick_analysis, ["Cà Mau 2020", KON_TUM])
    try:
        stems = catalogue.figure_stems(quick_analysis)
        assert {f"keyness_{CA_MAU}", f"keyness_{KON_TUM}"} <= set(stems) and f"keyness_{THANH_HOA}" not in stems
        shares = catalogue.figure_data(quick_analysis, "theme_shares")
        assert set(shares["doc_id"]) == {CA_MAU, KON_TUM}
    finally:
        quick_analysis.shown = None


def test_an_unknown_plan_name_is_one_sentence(quick_analysis):
    with pytest.raises(UserError, match="no plan called 'Hà Giang 2030'"):
        resolve_plans(quick_analysis, ["Hà Giang 2030"])
    assert resolve_plans(quick_analysis, None) is None
    assert resolve_plans(quick_analysis, None, every=True) == list(quick_analysis.plans["doc_id"])


def test_a_heatmap_of_many_groups_turns_groups_into_rows(quick_analysis):
    from analysis import figures
    from analysis.measure.themes.measures import theme_salience_order

    groups = quick_analysis.tables["theme_by_province"]
    order = theme_salience_order(quick_analysis.tables["theme_measures"])
    tall = figures.plot_theme_heatmap(groups, order, max_columns=2)
    axes = tall.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == sorted(groups["group"].unique())
    assert len(axes.get_xticklabels()) == len(order)


def test_similarity_beyond_the_limit_keeps_each_plans_nearest(seed_corpus, monkeypatch):
    monkeypatch.setattr(config, "SIMILARITY_ALL_PAIRS_MAX", 2)
    monkeypatch.setattr(config, "SIMILARITY_NEIGHBOURS", 1)
    table, _ = plan_similarity(seed_corpus)
    assert len(table) == 3 and (table["doc_a"] != table["doc_b"]).all()
    for row in table.itertuples():  # the neighbour kept is the most similar other plan
        assert row.cosine == table[table["doc_a"] == row.doc_a]["cosine"].max()


def test_keyness_keeps_the_significant_and_the_strongest(quick_analysis):
    keyness = quick_analysis.tables["keyness"]
    for _, table in keyness.groupby("target"):
        weak = table[table["p_adj"] >= 0.05]
        # not significant after adjustment: kept only as one of the strongest in its direction
        assert (weak["G2"] > 0).sum() <= config.KEYNESS_KEEP_TOP and (weak["G2"] < 0).sum() <= config.KEYNESS_KEEP_TOP
        assert len(table[table["G2"] < 0]) > 0
    assert keyness_module.KEYNESS_COLUMNS[0] == "feature"


def test_passages_are_written_once_and_hits_point_to_them(quick_analysis):
    tables = written_tables(quick_analysis.tables, quick_analysis.corpus)
    evidence, passages = tables["theme_evidence"], tables["passages"]
    assert "segment_text" not in evidence and not passages.duplicated("passage_id").any()
    joined = evidence.merge(passages, on="passage_id", how="left", validate="many_to_one")
    assert joined["text"].notna().all()
    assert all(match in text for match, text in zip(joined["match"], joined["text"]))


def test_topic_weights_are_written_one_row_per_passage(seed_corpus):
    tables, model = topic_tables(seed_corpus, k=4)
    wide = written_tables(tables, seed_corpus)["topic_segments"]
    assert len(wide) == tables["topic_segments"]["unit_id"].nunique()
    assert [c for c in wide.columns if c.startswith("topic_")] == [f"topic_{t}" for t in range(1, 5)]


def test_a_changed_corpus_is_fitted_at_the_previous_k_as_a_run_given_that_k(seed_corpus, tmp_path, monkeypatch):
    first, model = topic_tables(seed_corpus, k_range=range(3, 6), warm_start=True, cache_dir=tmp_path)
    (state_file,) = (tmp_path / "topics").glob("*.npz")
    state = topics.load_state(state_file)
    assert state is not None and state["k"] == model.k
    pd.testing.assert_frame_equal(state["selection"], first["topic_selection"], check_dtype=False)
    fewer = seed_corpus.subset(provinces=["Cà Mau", "Thanh Hóa"])  # a third of the passages gone
    monkeypatch.setattr(config, "TOPIC_RESEARCH_CHANGE", 0.5)
    warm, warm_model = topic_tables(fewer, k_range=range(3, 6), warm_start=True, cache_dir=tmp_path)
    assert warm_model.k == model.k
    pd.testing.assert_frame_equal(warm["topic_selection"].reset_index(drop=True),
                                  first["topic_selection"].reset_index(drop=True), check_dtype=False)
    # every other table: those of a run from nothing told to fit that k
    given, _ = topic_tables(fewer, k=model.k, cache_dir=tmp_path / "other")
    for name in set(given) - {"topic_selection"}:
        pd.testing.assert_frame_equal(warm[name], given[name])
    # the same passages again: the kept model as it was, the same tables
    again, _ = topic_tables(fewer, k_range=range(3, 6), warm_start=True, cache_dir=tmp_path)
    for name in ("topic_terms", "topic_segments", "topic_prevalence"):
        pd.testing.assert_frame_equal(again[name], warm[name])


def test_a_kept_topic_model_is_not_reused_by_other_code(seed_corpus, tmp_path, monkeypatch):
    """A model fitted before a word list or the analyzer changed would reproduce the old topics
    (and selection table) for the same passages: the kept state is keyed by the package's code."""
    from analysis import cache
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.topics import analysis as analyse_module

    codebook = load_codebook(None)
    before = analyse_module._topic_state_path(tmp_path, seed_corpus, codebook, "nmf", 1, range(3, 6), True)
    monkeypatch.setattr(cache, "code_digest", lambda *parts: "another version of the code")
    assert analyse_module._topic_state_path(tmp_path, seed_corpus, codebook, "nmf", 1, range(3, 6), True) != before


def test_counts_and_years_read_right_for_one_plan(quick_analysis, monkeypatch):
    """Issue 24: "1 plan implements", not "1 plans implements"; "2016", not "2016–2016"."""
    from analysis.outputs.briefing import bottom_line, plan_table, run_line

    monkeypatch.setattr(config, "FIGURE_MAX_PLANS", 2)
    quick_analysis.shown = None
    # Counted per resolution beyond the limit: each of the three seed plans implements its own conclusion.
    sentence = " ".join(str(s) for s in bottom_line(quick_analysis, "en"))
    assert "1 plan implements" in sentence and "1 plans" not in sentence
    # Grouped by province: one plan each, so one year each (Kon Tum's plan is of 2016).
    table = plan_table(quick_analysis, "en")
    assert table["grouped"] and [row[3] for row in table["rows"] if row[2] == "Kon Tum"] == ["2016"]
    line = run_line(quick_analysis, "en")
    assert line.startswith("3 plans of 3 provinces, issued 2016–2024 (folder ") and "(19 themes)" in line


def test_a_corpus_changed_more_than_the_threshold_searches_k_again(seed_corpus, tmp_path, monkeypatch):
    from analysis.measure.topics import analysis as topic_analysis
    from analysis.measure.topics import selection

    topic_tables(seed_corpus, k_range=range(3, 6), warm_start=True, cache_dir=tmp_path)
    searches = []
    real = selection.select_k
    monkeypatch.setattr(selection, "select_k", lambda *a, **k: searches.append(1) or real(*a, **k))
    fewer = seed_corpus.subset(provinces=["Cà Mau", "Thanh Hóa"])
    units = topics.topic_units(fewer)
    share = topic_analysis.changed_share(topic_analysis.unit_digests(topics.topic_units(seed_corpus)),
                                         topic_analysis.unit_digests(units))
    # Kon Tum's units gone: the share is theirs, of the three plans' units
    assert share == pytest.approx((len(topics.topic_units(seed_corpus)) - len(units)) / len(topics.topic_units(seed_corpus)))
    monkeypatch.setattr(config, "TOPIC_RESEARCH_CHANGE", share - 0.01)
    topic_tables(fewer, k_range=range(3, 6), warm_start=True, cache_dir=tmp_path)
    assert searches == [1]
