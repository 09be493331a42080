"""Topic models: planted topics are recovered, runs are reproducible, prevalence sums to 1."""

import numpy as np
import pandas as pd
import pytest

from analysis.measure.measured_words import measured
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.topics.selection import jaccard, npmi_coherence, select_k, topic_stability
from analysis.measure.topics.model import fit_topics, heldout_score, topic_terms, topic_units, unit_matrix
from analysis.outputs.analyse import topic_tables

from conftest import CA_MAU, KON_TUM, THANH_HOA

PLANTED = {
    "water": ["nước_thải", "xử_lý", "thoát_nước", "trạm", "bùn", "cống", "kênh", "ô_nhiễm"],
    "coast": ["đê_biển", "sóng", "bờ_biển", "rừng_ngập_mặn", "kè", "triều", "bão", "cát"],
    "forest": ["rừng", "trồng", "cây", "đa_dạng", "loài", "bảo_tồn", "gỗ", "đồi"],
}


def planted_units(n_per_topic=30, words=18, seed=3):
    """Units each written mostly from one planted vocabulary, with a little noise."""
    rng = np.random.default_rng(seed)
    noise = ["kế_hoạch", "năm", "triển_khai_mới", "địa_bàn", "người_dân", "hiệu_quả_cao"]
    rows = []
    for name, vocabulary in PLANTED.items():
        for i in range(n_per_topic):
            tokens = list(rng.choice(vocabulary, size=words)) + list(rng.choice(noise, size=3))
            rows.append({"unit_id": f"{name}#{i}", "doc_id": f"plan-{i % 3}", "province": ["A", "B", "C"][i % 3],
                         "year": 2020 + i % 3, "section_path": "I", "orders": str(i), "text": " ".join(tokens),
                         "tokens": [tokens], "n_tokens": len(tokens)})
    units = pd.DataFrame(rows)
    units["year"] = units["year"].astype("Int64")
    return units


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # random starts on toy data
def test_k_selection_recovers_planted_topics():
    units = planted_units()
    matrix = unit_matrix(units, max_df=0.9)
    selection = select_k(matrix, range(2, 7), "nmf", n_seeds=5)
    assert int(selection.loc[selection["chosen"], "k"].iloc[0]) == 3
    model = fit_topics(matrix, 3, "nmf")
    found = [set(terms[:6]) for terms in model.top_terms(6)]
    for vocabulary in PLANTED.values():
        assert max(jaccard(set(vocabulary), topic) for topic in found) >= 0.6
    # Each unit's main topic is its planted one (units are written in blocks of 30).
    main = model.doc_topic.argmax(axis=1)
    for block in range(3):
        assert len(set(main[30 * block: 30 * (block + 1)])) == 1


def test_stability_and_coherence_helpers():
    assert topic_stability([[["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]]]) == 1.0
    assert topic_stability([[["a", "b"]], [["c", "d"]]]) == 0.0
    units = planted_units()
    matrix = unit_matrix(units, max_df=0.9)
    assert npmi_coherence([PLANTED["water"][:5]], matrix) > npmi_coherence([["nước_thải", "sóng", "rừng", "cống", "gỗ"]], matrix)


@pytest.fixture(scope="module")
def seed_topics(seed_corpus, tmp_path_factory):
    tables, model = topic_tables(seed_corpus, k_range=range(4, 9), cache_dir=tmp_path_factory.mktemp("fits"))
    return {**tables, "_model": model}


def test_units_merge_short_segments(seed_corpus):
    units = topic_units(seed_corpus)
    body = seed_corpus.segments[seed_corpus.segments["is_body"]]
    assert len(units) < len(body)
    assert (units.groupby("doc_id")["n_tokens"].min() >= 20).all()
    # Every measured body word (no "Căn cứ" preamble, none inside a citation) is in exactly one unit.
    words = measured(seed_corpus)
    assert units["n_tokens"].sum() == words["is_word"].sum()


def test_two_runs_give_identical_tables(seed_corpus, seed_topics, tmp_path):
    # An empty cache: every fit of the search is fitted again, not read back from the first run.
    again, _ = topic_tables(seed_corpus, k_range=range(4, 9), cache_dir=tmp_path)
    assert len(list((tmp_path / "topic_fits").glob("*.json"))) > 0
    for name, table in seed_topics.items():
        if not name.startswith("_"):
            pd.testing.assert_frame_equal(table, again[name])


def test_prevalence_sums_to_one_per_plan_province_and_year(seed_topics):
    for name, key in [("topic_prevalence", "doc_id"), ("topic_prevalence_by_province", "group"),
                      ("topic_prevalence_by_year", "group")]:
        sums = seed_topics[name].groupby(key)["prevalence"].sum()
        assert np.allclose(sums, 1.0), name
    # Grouped tables lead with group_by, group, like every grouped table.
    by_year = seed_topics["topic_prevalence_by_year"]
    assert list(by_year.columns[:2]) == ["group_by", "group"] and set(by_year["group_by"]) == {"year"}
    assert sorted(by_year["group"].unique()) == [2016, 2020, 2024]
    assert set(seed_topics["topic_prevalence_by_province"]["group"]) == {"Kon Tum", "Cà Mau", "Thanh Hóa"}
    assert set(seed_topics["topic_prevalence"]["doc_id"]) == {KON_TUM, CA_MAU, THANH_HOA}


def test_tables_describe_the_chosen_model(seed_topics):
    model, selection = seed_topics["_model"], seed_topics["topic_selection"]
    assert model.k == int(selection.loc[selection["chosen"], "k"].iloc[0])
    terms = seed_topics["topic_terms"]
    assert list(terms.columns[:5]) == ["topic", "label", "rank", "term", "weight"]
    assert terms.groupby("topic").size().eq(10).all()
    segments = seed_topics["topic_segments"]
    assert np.allclose(segments.groupby("unit_id")["weight"].sum(), 1.0)
    representative = seed_topics["topic_representative_segments"]
    assert representative.groupby("topic").size().eq(3).all() and representative["text"].str.len().gt(0).all()
    # Stopwords and boilerplate never define a topic.
    assert not {"và", "các", "thực_hiện", "tỉnh", "môi_trường"} & set(terms["term"])


def test_lda_and_a_fixed_k(seed_corpus):
    tables, model = topic_tables(seed_corpus, k=5, method="lda")
    assert model.k == 5 and model.method == "lda"
    assert len(tables["topic_selection"]) == 1


def test_guided_topics_follow_the_codebook_or_say_they_drifted(seed_corpus):
    units = topic_units(seed_corpus)
    codebook = load_codebook()
    guided = ["climate_change_ghg", "forests_biodiversity"]
    model = fit_topics(units, 6, "nmf", guided=guided, codebook=codebook)
    assert {"biến_đổi", "khí_hậu"} & set(model.top_terms(5)[0])
    terms = topic_terms(model)
    assert terms.loc[terms["topic"] == 1, "guided_theme"].iloc[0] == "climate_change_ghg"
    # Forests is a small theme in the three plans: guiding starts a topic there and fitting keeps
    # it in most starts (before the passages' side was started on the theme too: 6 of 24).
    fits = [fit_topics(units, 7, "nmf", seed=seed, guided=guided, codebook=codebook) for seed in range(8)]
    kept = [fit.guided_kept()[1] for fit in fits]
    assert sum(kept) >= 6, kept
    for fit, forest in zip(fits, kept):  # a topic carried away is never labelled as the theme's
        labelled = topic_terms(fit).query("topic == 2").iloc[0]
        assert (labelled["guided_theme"], labelled["guided_drifted"]) == (
            ("forests_biodiversity", "") if forest else ("", "forests_biodiversity"))
    with pytest.raises(ValueError, match="nmf method only"):
        fit_topics(units, 6, "lda", guided=["climate_change_ghg"])


def test_bad_k(seed_corpus):
    units = topic_units(seed_corpus)
    with pytest.raises(ValueError, match="k must be between"):
        fit_topics(units, 1000)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_heldout_scores_stand_beside_coherence_and_fits_are_cached(monkeypatch, tmp_path):
    units = planted_units()
    matrix = unit_matrix(units, max_df=0.9)
    selection = select_k(matrix, range(2, 5), "nmf", n_seeds=2, cache_dir=tmp_path)
    # Relative reconstruction error: between 0 and 1, and three planted topics describe unseen
    # passages better than two (one of the three vocabularies has no topic of its own).
    error = selection.set_index("k")["heldout"]
    assert ((error > 0) & (error < 1)).all() and error[3] < error[2]
    assert heldout_score(matrix, 3, "lda") > 1  # a perplexity: at least one word's worth of surprise
    # The same search again is read from the fit cache: nothing is refitted.
    monkeypatch.setattr("analysis.measure.topics.selection.fit_topics", _no_fit)
    monkeypatch.setattr("analysis.measure.topics.selection.heldout_score", _no_fit)
    again = select_k(matrix, range(2, 5), "nmf", n_seeds=2, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(selection, again)


def _no_fit(*args, **kwargs):
    raise AssertionError("a cached fit was refitted")


def test_representative_passages_are_the_heaviest_ties_by_unit_id():
    from analysis.measure.topics.model import TopicModel, representative_segments

    # Five passages, two topics: weights equal to 12 decimals tie and go by unit_id ("a-2" before "b-1").
    doc_topic = np.array([[0.5, 0.5], [0.9, 0.1], [0.5 + 1e-14, 0.5 - 1e-14], [0.2, 0.8], [0.0, 1.0]])
    units = pd.DataFrame({"unit_id": ["b-1", "c-9", "a-2", "d-4", "e-5"], "doc_id": ["b", "c", "a", "d", "e"],
                          "province": "X", "province_2025": "X", "year": 2020, "section_path": "I", "text": "t"})
    model = TopicModel("nmf", 2, 0, np.array(["x", "y"], dtype=object), np.eye(2), doc_topic)
    table = representative_segments(model, units, n=3)
    assert list(table.loc[table["topic"] == 1, "unit_id"]) == ["c-9", "a-2", "b-1"]
    assert list(table.loc[table["topic"] == 2, "unit_id"]) == ["e-5", "d-4", "a-2"]


def test_topic_intervals_drawn_in_chunks_are_the_draws_made_at_once(monkeypatch):
    """config.BOOTSTRAP_CHUNK_CELLS bounds the memory of the prevalence bootstrap (0.3 GiB at 1,000 plans):
    drawn in chunks from one generator, the resamples are the same draws (equal up to the last bits of
    the sums, whose order the matrix products may change)."""
    import numpy as np

    from analysis import config
    from analysis.measure.topics.effects import _boot_prevalence

    rng = np.random.default_rng(3)
    doc_topic, lengths = rng.random((500, 4)), rng.integers(1, 200, 500).astype(float)
    point, whole = _boot_prevalence(doc_topic, lengths, np.random.default_rng(11), 200)
    monkeypatch.setattr(config, "BOOTSTRAP_CHUNK_CELLS", 500 * 7)  # 7 resamples at a time, the last chunk short
    same_point, chunked = _boot_prevalence(doc_topic, lengths, np.random.default_rng(11), 200)
    assert np.array_equal(point, same_point) and chunked.shape == whole.shape
    np.testing.assert_allclose(chunked, whole, rtol=1e-12, atol=0)
