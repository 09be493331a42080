"""The bottom line says "higher" only where intervals do not overlap (hand-built theme tables).

Intervals are widened for the m intervals weighed (themes x plans compared): to level 1 - 0.05/m,
each side stretched by z(1 - 0.025/m) / z(0.975): 1.2214 for m = 3 (2.394 / 1.960), 1.5572 for
m = 22 (3.052 / 1.960); a zero count's upper end by ln(40 m) / ln(40): 1.8379 for m = 22.
"""

from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.outputs.briefing import bottom_line, bottom_line_claims, format_date, join_words


def _measures(rows, short=()):
    """rows: (doc_id, theme, hits, rate, ci_low, ci_high); 1,000 body words per plan, but the plans
    in ``short``: 21 words, flagged short."""
    return pd.DataFrame([{"doc_id": d, "theme": t, "hits": h, "n_tokens": 21 if d in short else 1000,
                          "rate_per_1k": r, "ci_low": lo, "ci_high": hi, "short": d in short}
                         for d, t, h, r, lo, hi in rows])


class _Study:
    """What ``briefing.bottom_line`` reads of an analysis, for a hand-built theme table."""

    def __init__(self, measures, featured):
        self.tables = {"theme_measures": measures}
        self.featured_themes = featured
        self.shown = None
        self.plans = pd.DataFrame({"doc_id": sorted(measures["doc_id"].unique()), "implements": "56-KL/TW",
                                   "resolution": "24-NQ/TW"})
        self.codebook = SimpleNamespace(labels=lambda lang: {t: t.title() for t in measures["theme"].unique()})

    def plan_labels(self):
        return {d: d.title() for d in self.plans["doc_id"]}


def _many(themes):
    """22 plans: 20 at 1.0 (0-2.5), "high" at 12 (8-16), "low" at 0 (0-0.5), on each theme."""
    rows = []
    for theme in themes:
        rows += [(f"p{i:02d}", theme, 1, 1.0, 0.0, 2.5) for i in range(20)]
        rows += [("high", theme, 12, 12.0, 8.0, 16.0), ("low", theme, 0, 0.0, 0.0, 0.5)]
    return _measures(rows)


PLANS = ["a", "b", "c"]


def test_overlapping_intervals_are_not_told_apart():
    # a has the highest rate, but its interval (2-9) overlaps b's (1-6): nobody is "highest".
    measures = _measures([("a", "water", 5, 5.0, 2.0, 9.0), ("b", "water", 3, 3.0, 1.0, 6.0),
                          ("c", "water", 2, 2.0, 0.5, 4.0)])
    claims = bottom_line_claims(measures, PLANS, ["water"])
    assert [c.kind for c in claims] == ["scope", "overlap", "basis"]
    assert claims[1].themes == ["water"] and claims[1].evidence == [("water", "a")]


def test_separated_intervals_name_the_highest_plan():
    # a's interval (8-15) lies above b's (1-6) and c's (0-5): clearly highest.
    measures = _measures([("a", "water", 11, 11.0, 8.0, 15.0), ("b", "water", 3, 3.0, 1.0, 6.0),
                          ("c", "water", 2, 2.0, 0.0, 5.0)])
    claims = bottom_line_claims(measures, PLANS, ["water"])
    assert [c.kind for c in claims] == ["scope", "highest", "basis"]
    # widened (m = 3): a's lower end 11 - 3 x 1.2214 = 7.34; b's upper end 3 + 3 x 1.2214 = 6.66
    assert claims[1].values["doc_id"] == "a" and claims[1].values["other_high"] == pytest.approx(6.66, abs=0.01)
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
                                                     ("none", ["sea", "air"]), ("basis", ["water"])]


def test_many_plans_are_compared_with_the_pooled_rate():
    rows = [(f"p{i}", "water", 1, 1.0, 0.0, 2.5) for i in range(20)]  # pooled rate: 20 hits / 20,000 words = 1.0
    rows += [("high", "water", 12, 12.0, 8.0, 16.0), ("low", "water", 0, 0.0, 0.0, 0.5)]
    measures = _measures(rows)
    plans = sorted(measures["doc_id"].unique())
    claims = bottom_line_claims(measures, plans, ["water"], max_plans=12)
    corpus = claims[1]
    assert corpus.kind == "above_corpus"
    assert corpus.values["rate"] == pytest.approx(1000 * 32 / 22000)
    # widened (m = 22): high's lower end 12 - 4 x 1.5572 = 5.77 lies above 1.45, and above every other
    # plan's upper end (1 + 1.5 x 1.5572 = 3.34); low's upper end 0.5 x 1.8379 = 0.92 lies below 1.45.
    assert (corpus.values["n_above"], corpus.values["n_below"], corpus.values["above"]) == (1, 1, ["high"])
    assert corpus.values["highest"] == "high"


def test_a_plan_too_short_to_compare_is_never_named():
    # s: 1 hit in 21 words (47.6, one passage: a point interval) tops every rate, but is flagged short.
    measures = _measures([("s", "water", 1, 47.6, 47.6, 47.6), ("a", "water", 5, 5.0, 2.0, 9.0),
                          ("b", "water", 3, 3.0, 1.0, 6.0), ("c", "water", 2, 2.0, 0.5, 4.0)], short={"s"})
    claims = bottom_line_claims(measures, ["s", "a", "b", "c"], ["water"])
    assert [c.kind for c in claims] == ["scope", "overlap", "basis"]
    assert all(doc_id != "s" for claim in claims[1:] for _, doc_id in claim.evidence)
    assert (claims[-1].values["n_short"], claims[-1].values["n_plans"]) == (1, 3)
    said = " ".join(s.striptags() for s in bottom_line(_Study(measures, ["water"])))
    assert "1 of the 4 plans, left out" in said and "47.6" not in said


def test_the_plans_clearly_above_the_pool_are_named_not_the_highest_point():
    # "wide" has the highest rate (27.5) but its interval (0-60) holds the pooled rate
    # (33 hits / 22,000 words = 1.5); "clear" (10, 8-12; widened 6.89-13.11) lies above it.
    rows = [(f"p{i:02d}", "sea", 1, 1.0, 0.0, 2.5) for i in range(20)]
    rows += [("clear", "sea", 10, 10.0, 8.0, 12.0), ("wide", "sea", 3, 27.5, 0.0, 60.0)]
    corpus = bottom_line_claims(_measures(rows), [r[0] for r in rows], ["sea"], max_plans=12)[1]
    assert corpus.values["above"] == ["clear"] and corpus.values["n_above"] == 1
    assert corpus.values["highest"] is None  # wide's interval reaches above clear's
    assert corpus.evidence == [("sea", "clear")]


def test_every_featured_theme_gets_its_sentence():
    said = [s.striptags() for s in bottom_line(_Study(_many(["wa", "pl", "se", "la"]), ["wa", "pl", "se", "la"]))]
    for label in ("Wa", "Pl", "Se", "La"):
        assert sum(s.startswith(f"On {label},") for s in said) == 1, said


def test_no_highest_at_scale_when_no_plan_stands_above_the_rest():
    measures = _measures([(f"p{i:02d}", "wa", 1, 1.0, 0.0, 2.5) for i in range(30)])
    said = " ".join(s.striptags() for s in bottom_line(_Study(measures, ["wa"])))
    assert "On Wa, 0 of 30 plans lie clearly above" in said and "highest" not in said


def test_the_bottom_line_says_how_many_comparisons_it_weighed():
    # 2 themes x 3 pairs of plans = 6 comparisons; 6 intervals, each at 1 - 0.05 / 6 = 99.2%
    measures = _measures([(d, t, 2, 2.0, 0.5, 4.0) for d in PLANS for t in ("wa", "pl")])
    said = " ".join(s.striptags() for s in bottom_line(_Study(measures, ["wa", "pl"])))
    assert "6 comparisons at once (themes: 2; plans long enough to compare: 3)" in said
    assert "widened from 95% to 99.2%" in said


def test_lists_and_dates_in_each_language():
    assert join_words(["a", "b", "c"], "en") == "a, b and c"
    assert join_words(["Đê biển, kè biển", "Nước thải"], "vi") == "Đê biển, kè biển; và Nước thải"
    assert format_date("2020-02-26", "vi") == "26/02/2020" and format_date("2020-02-26", "en") == "26 Feb 2020"
    assert format_date("", "en") == "" and format_date(None, "vi") == ""


VI_NAMES = {"water": "Nước thải", "wa": "Nước thải", "sea": "Đê biển, kè biển", "cm": "Cà Mau xanh", "co": "CO2"}


def _vi(measures, featured):
    """The bottom line in Vietnamese, themes named as a Vietnamese codebook names them."""
    study = _Study(measures, featured)
    study.codebook = SimpleNamespace(labels=lambda lang: {t: VI_NAMES[t] for t in measures["theme"].unique()})
    return [s.striptags() for s in bottom_line(study, "vi")]


def test_a_theme_is_lower_case_inside_a_vietnamese_sentence_and_capitalised_at_its_start():
    measures = _measures([("a", "water", 11, 11.0, 8.0, 15.0), ("b", "water", 3, 3.0, 1.0, 6.0),
                          ("c", "water", 2, 2.0, 0.0, 5.0)])
    said = _vi(measures, ["water"])
    assert said[0].startswith("Tính chung, 3 kế hoạch được so sánh (A, B và C) đề cập nhiều nhất đến nước thải (")
    assert any(s.startswith("Nước thải được đề cập nhiều nhất ở A: 11,0 lần trên 1.000 từ") for s in said), said
    assert not any("Nước thải" in s[1:] for s in said), said


def test_proper_nouns_and_abbreviations_keep_their_capitals():
    from analysis.outputs.claim_wording import in_sentence

    assert [in_sentence(n, "vi") for n in ("Nước thải", "Đê biển, kè biển", "Cà Mau xanh", "CO2", "Biển Đông")] == [
        "nước thải", "đê biển, kè biển", "Cà Mau xanh", "CO2", "Biển Đông"]
    assert in_sentence("Wastewater", "en") == "Wastewater"


def test_the_pooled_rate_sentence_in_vietnamese():
    # 30 plans, each 1 hit in 1,000 words (0-2.5): pooled 30 / 30,000 words = 1.0 per 1,000, none apart.
    measures = _measures([(f"p{i:02d}", "wa", 1, 1.0, 0.0, 2.5) for i in range(30)])
    said = " ".join(_vi(measures, ["wa"]))
    assert ("Về nước thải, so với tỷ lệ chung của cả 30 kế hoạch (1,0 lần trên 1.000 từ), số kế hoạch cao hơn "
            "rõ rệt là 0, thấp hơn rõ rệt là 0 (khoảng tin cậy 99,8% nằm hẳn trên hoặc hẳn dưới tỷ lệ chung).") in said
