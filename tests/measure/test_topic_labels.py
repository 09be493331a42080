"""FREX against a hand-computed example; names from the codebook; a planted topic's effect."""

import numpy as np
import pandas as pd
import pytest

from analysis.measure.topics import model as topics
from analysis.measure.topics.effects import topic_contrast, topic_effects
from analysis.measure.topics.labels import frex_scores, suggest_names, topic_words


def test_frex_as_stm_computes_it():
    """Two topics, three words. beta = [.6 .3 .1], [.1 .1 .8]; exclusivity = beta / column sum =
    [.857 .75 .111], [.143 .25 .889]. Ranks / V (ties averaged): topic 1 F = E = [1 2/3 1/3], so
    FREX = [1 2/3 1/3]; topic 2 F = [.5 .5 1], E = [1/3 2/3 1]: FREX = 1/(.5/F + .5/E) =
    [1/(1 + 1.5), 1/(1 + .75), 1] = [.4, .5714, 1]. FREX breaks topic 2's tie between words 0
    and 1 by exclusivity: word 1 is less shared with topic 1."""
    scores = frex_scores(np.array([[6.0, 3.0, 1.0], [1.0, 1.0, 8.0]]))
    assert scores[0] == pytest.approx([1.0, 2 / 3, 1 / 3])
    assert scores[1] == pytest.approx([0.4, 1 / 1.75, 1.0])
    # weight 1: frequency ranks only; weight 0: exclusivity ranks only
    assert frex_scores(np.array([[6.0, 3.0, 1.0], [1.0, 1.0, 8.0]]), weight=1.0)[1] == pytest.approx([0.5, 0.5, 1.0])


FOREST = ["rừng_ngập_mặn", "trồng_rừng", "đa_dạng_sinh_học", "hệ_sinh_thái", "khoanh_nuôi", "rừng_phòng_hộ",
          "động_vật", "thực_vật", "vườn_quốc_gia", "bảo_tồn", "rừng_đặc_dụng", "cây_xanh"]
WATER = ["nước_thải", "xử_lý", "nhà_máy", "khu_công_nghiệp", "quan_trắc", "trạm_xử_lý", "đường_ống", "bùn_thải",
         "xả_thải", "cụm_công_nghiệp", "hóa_chất", "thu_gom"]


def _units(seed=0):
    """Forty passages: twenty in plans implementing A mostly about mangroves, twenty in plans
    implementing B mostly about wastewater, a little of the other topic in each."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(40):
        group = "A" if i < 20 else "B"
        main, other = (FOREST, WATER) if group == "A" else (WATER, FOREST)
        # each word in about a third of its group's passages: under max_df (half of all passages)
        words = list(rng.choice(main, size=5, replace=False)) + list(rng.choice(other, size=1))
        doc = f"{group}-{i % 4}"
        rows.append({"unit_id": f"{doc}#{i}", "doc_id": doc, "province": "X", "province_2025": "X", "year": 2020,
                     "section_path": "I", "orders": str(i), "text": " ".join(words), "tokens": [words],
                     "n_tokens": len(words)})
    return pd.DataFrame(rows)


def test_a_planted_topic_is_found_with_an_effect_that_excludes_zero():
    units = _units()
    plans = pd.DataFrame({"doc_id": sorted(units["doc_id"].unique())})
    plans["resolution"] = plans["doc_id"].str[0].map({"A": "24-NQ/TW", "B": "41-NQ/TW"})
    model = topics.fit_topics(units, 2, "nmf", seed=1)
    words = topic_words(model, top=3)
    forest_topic = int(words[(words["rank"] == 1) & words["prob"].isin(FOREST)]["topic"].iloc[0])
    effects = topic_effects(model, units, "resolution", plans, n_boot=300, seed=5)
    forest = effects[effects["topic"] == forest_topic].set_index("group")
    assert forest.loc["24-NQ/TW", "ci_low"] > forest.loc["41-NQ/TW", "ci_high"]
    assert forest.loc["24-NQ/TW", "n_plans"] == 4 and forest.loc["24-NQ/TW", "n_passages"] == 20
    contrast = topic_contrast(model, units, "resolution", "24-NQ/TW", "41-NQ/TW", plans, n_boot=300, seed=5)
    row = contrast[contrast["topic"] == forest_topic].iloc[0]
    assert row["difference"] > 0 and row["ci_low"] > 0  # the interval excludes zero
    # seeded: the same call gives the same table
    pd.testing.assert_frame_equal(effects, topic_effects(model, units, "resolution", plans, n_boot=300, seed=5))
    # Group names as typed on the command line: case (and tone marks, when none are given) optional.
    pd.testing.assert_frame_equal(contrast, topic_contrast(model, units, "resolution", "24-nq/tw", "41-NQ/TW", plans,
                                                           n_boot=300, seed=5))
    with pytest.raises(ValueError, match="no plan has resolution = 99-NQ/TW"):
        topic_contrast(model, units, "resolution", "24-NQ/TW", "99-NQ/TW", plans)


def test_topics_are_named_after_the_codebook_theme_they_share_words_with():
    from analysis.measure.themes.codebook import load_codebook

    codebook = load_codebook()
    units = _units()
    model = topics.fit_topics(units, 2, "nmf", seed=1)
    names = suggest_names(model, codebook, top=5)
    top = topic_words(model, top=1)["prob"].tolist()
    expected = ["forests_biodiversity" if w in FOREST else "wastewater" for w in top]
    assert names == expected
    assert suggest_names(model, codebook, top=5, min_overlap=99) == ["", ""]  # nothing shares 99 words: unnamed


def test_a_chosen_k_at_the_edge_searches_on_and_warns(monkeypatch):
    """On the toy corpus (40 passages, cap 40 // 10 = 4 topics), searching only k = 2..3
    puts k at the top of the range; the search goes on to k = 4 and, still at the top at the cap,
    the run summary warns."""
    from analysis import config
    from analysis.measure.topics import selection as topic_selection
    from analysis.outputs.analyse import topic_summary

    matrix = topics.unit_matrix(_units())
    monkeypatch.setattr(topic_selection, "_choose", _always_largest)
    narrow = topic_selection.select_k(matrix, range(2, 4), n_seeds=2, extend=False)
    assert list(narrow["k"]) == [2, 3] and topic_selection.at_edge(narrow)
    wider = topic_selection.select_k(matrix, range(2, 4), n_seeds=2)
    assert list(wider["k"]) == [2, 3, 4] and topic_selection.at_edge(wider)  # 4 = 40 passages / 10
    model = topics.fit_topics(matrix, 4, "nmf", seed=1)
    assert "Warning: k = 4 is the largest number of topics searched" in topic_summary(wider, model)
    assert config.TOPIC_UNITS_PER_TOPIC == 10


def _always_largest(table, min_stability):
    """A choice rule that always prefers more topics: forces the edge case."""
    table = table.copy()
    table["stable"] = True
    table["chosen"] = table["k"] == table["k"].max()
    return table


def test_a_topic_made_of_citation_words_is_flagged_as_procedural():
    from analysis import config
    from analysis.measure.topics.labels import procedural_share

    citing = ["ngày", "số", "khóa_xi", "hội_nghị", "ban_chấp_hành", "trung_ương", "bộ_chính_trị", "chỉ_thị",
              "đảng_bộ", "tỉnh_ủy", "quyết_định", "văn_bản"]
    rng = np.random.default_rng(2)
    units = _units()
    extra = []
    for i in range(20):  # twenty passages that only cite documents
        words = list(rng.choice(citing, size=5, replace=False))
        extra.append({**units.iloc[0].to_dict(), "unit_id": f"C#{i}", "doc_id": f"C-{i % 4}", "tokens": [words],
                      "text": " ".join(words), "n_tokens": 5})
    model = topics.fit_topics(pd.concat([units, pd.DataFrame(extra)], ignore_index=True), 3, "nmf", seed=1)
    shares = procedural_share(model)
    top = topic_words(model, top=1)["prob"].tolist()
    for word, share in zip(top, shares):
        assert (share >= 0.5) == (word in citing)  # the citing topic, and only it
        assert (share >= config.TOPIC_PROCEDURAL_SHARE) == (word in citing)
