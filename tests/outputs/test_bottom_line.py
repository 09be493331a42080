"""The bottom line says "higher" only where intervals do not overlap (hand-built theme tables)."""

import pandas as pd
import pytest

from analysis.outputs.briefing import bottom_line_claims, format_date, join_words


def _measures(rows):
    """rows: (doc_id, theme, hits, rate, ci_low, ci_high); 1,000 body words per plan."""
    return pd.DataFrame([{"doc_id": d, "theme": t, "hits": h, "n_tokens": 1000, "rate_per_1k": r, "ci_low": lo,
                          "ci_high": hi} for d, t, h, r, lo, hi in rows])


PLANS = ["a", "b", "c"]


def test_overlapping_intervals_are_not_told_apart():
    # a has the highest rate, but its interval (2-9) overlaps b's (1-6): nobody is "highest".
    measures = _measures([("a", "water", 5, 5.0, 2.0, 9.0), ("b", "water", 3, 3.0, 1.0, 6.0),
                          ("c", "water", 2, 2.0, 0.5, 4.0)])
    claims = bottom_line_claims(measures, PLANS, ["water"])
    assert [c.kind for c in claims] == ["scope", "overlap"]
    assert claims[1].themes == ["water"] and claims[1].evidence == [("water", "a")]


def test_separated_intervals_name_the_highest_plan():
    # a's interval (8-15) lies above b's (1-6) and c's (0-5): clearly highest.
    measures = _measures([("a", "water", 11, 11.0, 8.0, 15.0), ("b", "water", 3, 3.0, 1.0, 6.0),
                          ("c", "water", 2, 2.0, 0.0, 5.0)])
    claims = bottom_line_claims(measures, PLANS, ["water"])
    assert [c.kind for c in claims] == ["scope", "highest"]
    assert claims[1].values["doc_id"] == "a" and claims[1].values["other_high"] == 6.0
    assert claims[1].evidence == [("water", "a")]


def test_a_pair_apart_when_no_plan_stands_above_all():
    # a (6-12) and b (5-11) overlap each other but both lie above c (0-3); a and b are not apart.
    measures = _measures([("a", "water", 9, 9.0, 6.0, 12.0), ("b", "water", 8, 8.0, 5.0, 11.0),
                          ("c", "water", 1, 1.0, 0.0, 3.0)])
    claims = bottom_line_claims(measures, PLANS, ["water"])
    pair = claims[1]
    assert pair.kind == "pair" and pair.values["above"] == ["a", "b"] and pair.values["other"] == "c"
    assert pair.values["more_pairs"] == 0


def test_themes_no_plan_mentions_are_said_once():
    measures = _measures([(d, "sea", 0, 0.0, 0.0, 3.7) for d in PLANS] + [(d, "air", 0, 0.0, 0.0, 3.7) for d in PLANS]
                         + [("a", "water", 1, 1.0, 0.0, 3.0), ("b", "water", 0, 0.0, 0.0, 3.7),
                            ("c", "water", 0, 0.0, 0.0, 3.7)])
    claims = bottom_line_claims(measures, PLANS, ["sea", "air", "water"])
    assert [(c.kind, c.themes) for c in claims] == [("scope", ["water"]), ("overlap", ["water"]),
                                                     ("none", ["sea", "air"])]


def test_many_plans_are_compared_with_the_pooled_rate():
    rows = [(f"p{i}", "water", 1, 1.0, 0.0, 2.5) for i in range(20)]  # pooled rate: 20 hits / 20,000 words = 1.0
    rows += [("high", "water", 12, 12.0, 8.0, 16.0), ("low", "water", 0, 0.0, 0.0, 0.5)]
    measures = _measures(rows)
    plans = sorted(measures["doc_id"].unique())
    claims = bottom_line_claims(measures, plans, ["water"], max_plans=12)
    corpus = claims[1]
    assert corpus.kind == "above_corpus"
    assert corpus.values["rate"] == pytest.approx(1000 * 32 / 22000)
    assert (corpus.values["n_above"], corpus.values["n_below"], corpus.values["doc_id"]) == (1, 1, "high")


def test_lists_and_dates_in_each_language():
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert join_words(["Đê biển, kè biển", "Nước thải"], "vi") == "Đê biển, kè biển; và Nước thải"
    assert format_date("2020-02-26", "vi") == "26/02/2020" and format_date("2020-02-26", "en") == "26 Feb 2020"
    assert format_date("", "en") == "" and format_date(None, "vi") == ""
