"""Validating the codebook: the sample, the weighted scores, their intervals, agreement, suggestions.

Numbers pinned here were worked out by hand (each test's comment shows how), not read off the code.
"""

from collections import Counter

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.validation import NO_HIT, allocate, sample_units
from analysis.measure.themes.validation_scores import alpha, effective_size, score_codes, wilson
from analysis.measure.themes.validation_suggestions import context_rules, phrase_suggestions, suggestions_yaml

# A small stratified sheet, coded by hand. The codebook finds wastewater in 4 passages of the
# corpus (stratum "wastewater", N = 4, all 4 drawn); 20 passages have no hit (stratum "none",
# N = 20, 5 drawn, so each stands for 20 / 5 = 4 passages).
#   found & coded:      u1 u2 u3            -> TP = 3 (weight 1 each)
#   found, not coded:   u4                  -> FP = 1
#   coded, not found:   u5 (a "none" unit)  -> FN = 4 (one drawn passage standing for 4)
#   neither:            u6 u7 u8 u9
# precision = 3 / (3 + 1) = 0.75; recall = 3 / (3 + 4) = 3/7 = 0.4286 (unweighted it would be
# 3/4: the sheet holds every hit passage but a quarter of the others); F1 = 2*3 / (2*3 + 1 + 4) = 6/11.
# Wilson, z = 1.959964: precision p = 0.75, n = 4: (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
#   = (1.230182 ± 0.640817) / 1.960365 = 0.30064 to 0.95441 (the tabled interval of 3/4).
# Recall: weights 1, 1, 1, 4: Kish n_eff = 7² / (1 + 1 + 1 + 16) = 49/19 = 2.578947; p = 3/7:
#   centre 0.428571 + 0.744773 = 1.173344, half 1.959964 * sqrt(0.094960 + 0.144395) = 0.958891,
#   denominator 2.489545: 0.08614 to 0.85648.
DESIGN = pd.DataFrame({"unit_id": [f"u{i}" for i in range(1, 10)],
                       "stratum": ["wastewater"] * 4 + [NO_HIT] * 5,
                       "stratum_size": [4] * 4 + [20] * 5, "stratum_sampled": [4] * 4 + [5] * 5})
FOUND = pd.DataFrame({"unit_id": ["u1", "u2", "u3", "u4"], "theme": "wastewater", "phrase": "nước thải",
                      "match": "nước thải", "left": "", "right": ""})
CODED = {"u1": 1, "u2": 1, "u3": 1, "u4": 0, "u5": 1, "u6": 0, "u7": 0, "u8": 0, "u9": 0}


def codes(coder: str, answers: dict) -> pd.DataFrame:
    return pd.DataFrame({"coder": coder, "unit_id": list(answers), "theme": "wastewater",
                         "code": [float(v) for v in answers.values()]})


def test_weighted_precision_recall_and_their_intervals_match_the_hand_computation():
    scores, disagreements = score_codes(codes("An", CODED), FOUND, DESIGN, ["wastewater"])
    row = scores.iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn, row.n_coded) == (3, 1, 1, 4, 9)
    assert row.precision == pytest.approx(0.75) and row.recall == pytest.approx(3 / 7)
    assert row.f1 == pytest.approx(6 / 11)
    assert (row.precision_low, row.precision_high) == pytest.approx((0.30064, 0.95441), abs=1e-5)
    assert (row.recall_low, row.recall_high) == pytest.approx((0.08614, 0.85648), abs=1e-5)
    assert row.f1_low <= row.f1 <= row.f1_high and row.weighted
    assert np.isnan(row.alpha) and row.n_coders == 1
    kinds = disagreements.set_index("unit_id")["kind"].to_dict()
    assert kinds == {"u4": "false_positive", "u5": "false_negative"}
    assert disagreements.set_index("unit_id").at["u4", "phrases"] == "nước thải"


def test_without_a_design_every_unit_weighs_one():
    scores, _ = score_codes(codes("An", CODED), FOUND, None, ["wastewater"])
    assert scores.iloc[0].recall == pytest.approx(0.75) and not scores.iloc[0].weighted


def test_a_blank_is_missing_within_its_stratum():
    # u9 left blank: the 4 coded "none" units now stand for 20 / 4 = 5 passages each: FN = 5.
    answers = {k: v for k, v in CODED.items() if k != "u9"}
    scores, _ = score_codes(codes("An", answers), FOUND, DESIGN, ["wastewater"])
    assert scores.iloc[0].recall == pytest.approx(3 / 8)


def test_wilson_on_known_cases():
    # 0 of 10: upper end z² / (n + z²) = 3.841459 / 13.841459 = 0.27753 (Brown, Cai & DasGupta 2001).
    assert wilson(0.0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson(0.5, 6) == pytest.approx((0.18762, 0.81238), abs=1e-5)
    assert effective_size(np.array([1, 1, 1, 4])) == pytest.approx(49 / 19)


def test_alpha_on_krippendorffs_own_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example C: four observers,
    # twelve units, values 1-5 with gaps; nominal alpha = 0.743.
    nan = np.nan
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    assert alpha(np.array(data)) == pytest.approx(0.743, abs=5e-4)
    assert np.isnan(alpha(np.array([[1, 1, 1]])))  # one coder: undefined


def test_two_coders_a_tie_is_no_answer_and_alpha_is_reported():
    # Bình agrees with An except on u4 (tie: listed, left out) and u6.
    other = {**CODED, "u4": 1, "u6": 1}
    both = pd.concat([codes("An", CODED), codes("Bình", other)])
    scores, disagreements = score_codes(both, FOUND, DESIGN, ["wastewater"])
    row = scores.iloc[0]
    assert row.n_coders == 2 and row.coders == "An; Bình" and row.n_coded == 7
    # Two coders, 9 units, binary, all pairable: n = 18 values; An has four 1s, Bình six: n_1 = 10,
    # n_0 = 8. Coincidences: u4 and u6 disagree, o_01 + o_10 = 4. Nominal alpha = 1 - (n - 1) *
    # sum_{c!=k} o_ck / sum_{c!=k} n_c n_k = 1 - 17 * 4 / (2 * 8 * 10) = 1 - 68/160 = 0.575.
    assert row.alpha == pytest.approx(0.575, abs=1e-9)
    assert set(disagreements.loc[disagreements["kind"] == "coders_disagree", "unit_id"]) == {"u4", "u6"}


def test_allocation_gives_half_to_the_passages_without_a_hit():
    # size 20: "none" takes 10; the three themes share 10: 3 each, the smallest (2) whole, its
    # spare unit to the others: 2 + 4 + 4 = 10.
    assert allocate({"a": 2, "b": 30, "c": 30, NO_HIT: 100}, 20) == {"a": 2, "b": 4, "c": 4, NO_HIT: 10}
    assert allocate({"a": 2, NO_HIT: 3}, 10) == {"a": 2, NO_HIT: 3}  # a census


def _units(n_plans=4, per_plan=30):
    rows = [{"unit_id": f"p{p}:{k:03d}", "doc_id": f"p{p}", "province": f"P{p % 2}", "year": 2020, "order": k,
             "sentence": 0, "section_path": "", "section_title": "", "start": 0, "end": 1, "text": "x"}
            for p in range(n_plans) for k in range(per_plan)]
    return pd.DataFrame(rows)


def test_sampling_is_stratified_spread_over_plans_and_seeded():
    units = _units()
    found = pd.DataFrame({"unit_id": [f"p{p}:00{k}" for p in range(4) for k in range(3)] + ["p0:010"],
                          "theme": ["wastewater"] * 12 + ["plastic_waste"]})
    sample = sample_units(units, found, ["wastewater", "plastic_waste"], size=40, seed=7)
    counts = sample.groupby("stratum").size().to_dict()
    # The rarest theme first: p0:010 is plastic; the 12 wastewater units are taken whole, "none" gets the rest.
    assert counts == {"plastic_waste": 1, "wastewater": 12, NO_HIT: 27}
    none = sample[sample["stratum"] == NO_HIT]
    assert (none["stratum_size"] == 120 - 13).all() and none["doc_id"].value_counts().min() >= 6  # spread
    again = sample_units(units, found, ["wastewater", "plastic_waste"], size=40, seed=7)
    pd.testing.assert_frame_equal(sample, again)
    other = sample_units(units, found, ["wastewater", "plastic_waste"], size=40, seed=8)
    assert set(other["unit_id"]) != set(sample["unit_id"])


def test_suggested_phrases_find_the_planted_one_and_parse_as_yaml():
    codebook = load_codebook()
    # Three missed passages share "nước_biển dâng"; the rest of the corpus never writes it.
    missed = [["nước_biển dâng", "công_trình", "nước_biển"], ["nước_biển dâng", "nhà_ở"], ["nước_biển dâng", "kế_hoạch"]]
    others = Counter({"công_trình": 20, "nhà_ở": 3, "kế_hoạch": 40, "nước_thải": 10})
    table = phrase_suggestions(missed, others, codebook, "coastal_protection")
    assert table["phrase"].iloc[0] == "nước biển dâng" and table["n_missed"].iloc[0] == 3
    assert "nước biển" not in set(table["phrase"])  # a piece of the phrase, with its count, is not listed again
    false = pd.DataFrame({"theme": "wastewater", "phrase": "xả thải", "left": ["khí", "bụi khí"], "right": "", "unit_id": "x"})
    true = pd.DataFrame({"theme": "wastewater", "phrase": "xả thải", "left": ["nước"], "right": "sông", "unit_id": "y"})
    rules = context_rules(false, true)
    assert rules.iloc[0]["excludes"] == "khí"
    parsed = yaml.safe_load(suggestions_yaml(table, rules))
    assert {"phrase": "nước biển dâng"} in parsed["coastal_protection"]
    assert {"phrase": "xả thải", "excludes": ["khí"]} in parsed["wastewater"]
    assert yaml.safe_load(suggestions_yaml(table.iloc[:0], rules.iloc[:0])) == {}
