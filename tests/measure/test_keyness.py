"""Keyness statistics against values computed by hand on a small fixture.

Fixture (quanteda's own test): target d1 = "b b b b b b b a a a", reference
d2 = "a a a a a a a b b". For feature "b": a = 7, b = 2, c = 3, d = 7, N = 19.
Expected counts: E11 = 9*10/19 = 4.7368, E12 = 9*9/19 = 4.2632, E21 = 10*10/19 = 5.2632,
E22 = 10*9/19 = 4.7368; |O - E| = 2.2632 in every cell.
- chi2, Yates: sum((2.2632 - 0.5)^2 / E) = 3.1088 * 0.84679 = 2.6325 (R chisq.test(correct=TRUE)).
- chi2 without correction: 2.2632^2 * 0.84679 = 4.3374.
- G2 = 2 * (7 ln(7/4.7368) + 2 ln(2/4.2632) + 3 ln(3/5.2632) + 7 ln(7/4.7368)) = 4.5350;
  Williams q = 1 + (19/9 + 19/10 - 1)^2 / (6*19) = 1.07953, so G2 / q = 4.2009.
- log ratio = log2((7/10) / (2/9)) = log2(3.15) = 1.6554.
Feature "a" is the mirror image: the same statistics with a negative sign.
"""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from analysis.measure.features import VietnameseAnalyzer, document_term_matrix
from analysis.measure.vocabulary.keyness import (
    COMPARISON_COLUMNS,
    chi2_yates,
    g2_williams,
    keyness,
    keyness_comparisons,
    keyness_vs_rest,
)

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


def test_hand_computed_fixture():
    table = keyness([7, 3], [2, 7], ["b", "a"], min_count=1).set_index("feature")
    assert table.at["b", "chi2"] == pytest.approx(2.6325, abs=1e-3)
    assert table.at["b", "G2"] == pytest.approx(4.2009, abs=1e-3)
    assert table.at["b", "log_ratio"] == pytest.approx(1.6554, abs=1e-3)
    assert (table.at["b", "n_target"], table.at["b", "n_reference"]) == (7, 2)
    assert table.at["a", "chi2"] == pytest.approx(-2.6325, abs=1e-3)
    assert table.at["a", "G2"] == pytest.approx(-4.2009, abs=1e-3)
    assert table.at["b", "p"] == pytest.approx(0.0404, abs=1e-3)  # 1 - pchisq(4.2009, 1)
    assert list(table.index) == ["b", "a"]  # sorted by G2, target-heavy first
    assert g2_williams(7, 2, 3, 7, williams=False) == pytest.approx(4.5350, abs=1e-3)
    uncorrected = 19 * (7 * 7 - 2 * 3) ** 2 / (9 * 10 * 10 * 9)
    assert uncorrected == pytest.approx(4.3374, abs=1e-3)


@pytest.mark.parametrize("cells", [(12, 3, 40, 80), (1, 9, 200, 150), (5, 5, 60, 61), (0, 7, 30, 25), (30, 0, 10, 40)])
def test_agrees_with_scipy(cells):
    a, b, c, d = cells
    table = np.array([[a, c], [b, d]])
    chi2, _, _, _ = chi2_contingency(table, correction=True)
    g2, _, _, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert abs(chi2_yates(a, b, c, d)) == pytest.approx(chi2)
    assert abs(g2_williams(a, b, c, d, williams=False)) == pytest.approx(g2)


def test_min_count_and_columns():
    table = keyness([5, 1, 0], [1, 1, 2], ["x", "y", "z"], min_count=3)
    assert list(table.columns) == ["feature", "G2", "chi2", "p", "p_adj", "p_chi2", "log_ratio", "n_target", "n_reference"]
    assert list(table["feature"]) == ["x"]


def test_plan_vs_rest_on_the_seeds(seed_corpus):
    matrix, features, documents = document_term_matrix(seed_corpus, analyzer=VietnameseAnalyzer(remove_boilerplate=True))
    table = keyness_vs_rest(matrix, features, documents, "Cà Mau")
    by_feature = table.set_index("feature")
    # "rác_thải" (garbage) occurs 6 times in Cà Mau and never in the other two plans.
    assert (by_feature.at["rác_thải", "n_target"], by_feature.at["rác_thải", "n_reference"]) == (6, 0)
    assert by_feature.at["rác_thải", "G2"] > 0
    # Stopwords and boilerplate are not features.
    assert not {"và", "các", "của", "thực_hiện", "tỉnh"} & set(table["feature"])
    # Same as naming the plan by doc_id; a year works too.
    pd.testing.assert_frame_equal(table, keyness_vs_rest(matrix, features, documents, CA_MAU))
    later = keyness_vs_rest(matrix, features, documents, "2024", "2016")
    # Thanh Hóa writes "biến đổi khí hậu" 23 times: once in its title, once inside the citation of
    # Kết luận 81-KL/TW ("... ứng phó với biến đổi khí hậu, ...") that opens it, 21 times in its own words.
    assert later.set_index("feature").at["biến_đổi", "n_target"] == 21


def test_unknown_or_overlapping_targets(seed_corpus):
    matrix, features, documents = document_term_matrix(seed_corpus)
    with pytest.raises(LookupError, match="neither a plan"):
        keyness_vs_rest(matrix, features, documents, "Atlantis")
    with pytest.raises(LookupError, match="share plans"):
        keyness_vs_rest(matrix, features, documents, "Cà Mau", "2020")


def test_a_fourth_plan_changes_the_reference(tmp_path):
    import shutil

    from analysis.config import PROJECT_DIR
    from analysis.read.corpus import build_corpus

    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", tmp_path / f"{doc_id}.txt")
    three = build_corpus(tmp_path)
    shutil.copy(PROJECT_DIR / "tests/data/quang-nam-2021-synthetic.txt", tmp_path / "quang-nam-2021.txt")
    four = build_corpus(tmp_path)
    before = keyness_vs_rest(*document_term_matrix(three), "Cà Mau").set_index("feature")
    after = keyness_vs_rest(*document_term_matrix(four), "Cà Mau").set_index("feature")
    # The synthetic Quảng Nam plan adds "nhựa" words to the reference.
    assert after.at["rác_thải", "n_reference"] == before.at["rác_thải", "n_reference"] + 1
    assert after.at["rác_thải", "G2"] < before.at["rác_thải", "G2"]


def test_comparisons_each_plan_against_the_rest_and_the_latest_year(seed_corpus):
    table, omitted = keyness_comparisons(seed_corpus)
    assert list(table.columns) == COMPARISON_COLUMNS and omitted == []
    assert list(dict.fromkeys(table["target"])) == [KON_TUM, CA_MAU, THANH_HOA, "year 2024"]
    latest = table[table["target"] == "year 2024"]
    assert set(latest["reference"]) == {"years 2016-2020"} and set(latest["target_label"]) == {"plans of 2024"}
    # The year comparison is Thanh Hóa (the only 2024 plan) against the rest: the same numbers.
    alone = table[table["target"] == THANH_HOA].drop(columns=["target", "target_label", "reference"])
    pd.testing.assert_frame_equal(alone.reset_index(drop=True),
                                  latest.drop(columns=["target", "target_label", "reference"]).reset_index(drop=True))


def test_two_plans_of_one_province_and_year_are_labelled_apart(tmp_path):
    from analysis.read.corpus import build_corpus

    text = (SEED_DIR / f"{CA_MAU}.txt").read_text(encoding="utf-8")
    (tmp_path / "first.txt").write_text(text, encoding="utf-8")
    # A second Cà Mau 2020 plan: another number, and words of its own to compare.
    (tmp_path / "second.txt").write_text("Số: 99/KH-UBND\n" + text.replace("bảo vệ", "giữ gìn"), encoding="utf-8")
    corpus = build_corpus(tmp_path, cache_dir=tmp_path / ".cache")
    table, _ = keyness_comparisons(corpus)
    labels = table.drop_duplicates("target").set_index("target")["target_label"]
    assert labels["second"] == "Cà Mau 2020 (99/KH-UBND)"
    assert labels["first"] == "Cà Mau 2020 (26/02/2020)"  # no number in its header: its issue date, as plans write it


def test_comparisons_need_two_plans(seed_corpus):
    one = seed_corpus.subset(provinces=["Cà Mau"])
    table, omitted = keyness_comparisons(one)
    assert table.empty and list(table.columns) == COMPARISON_COLUMNS and omitted == []


def test_p_values_are_adjusted_for_every_word_tested():
    """Benjamini-Hochberg by hand for p = 0.01, 0.02, 0.03, 0.5 (m = 4): p_(k) * m / k, then the
    running minimum from the largest: 0.04, 0.04, 0.04, 0.5; Holm: p_(k) * (m - k + 1), running
    maximum: 0.04, 0.06, 0.06, 0.5."""
    from analysis.measure.vocabulary.keyness import adjust_p

    p = [0.03, 0.5, 0.01, 0.02]
    assert adjust_p(p, "bh") == pytest.approx([0.04, 0.5, 0.04, 0.04])
    assert adjust_p(p, "holm") == pytest.approx([0.06, 0.5, 0.04, 0.06])
    assert adjust_p(p, "none") == pytest.approx(p)


def test_roman_numerals_and_stranded_syllables_are_not_features():
    analyzer = VietnameseAnalyzer()
    assert analyzer([["IX", "TỔ_CHỨC", "công_nghiệp", "hóa", "2025", "vi_phạm", "ii"]]) == ["tổ_chức", "công_nghiệp",
                                                                                            "vi_phạm"]


def test_comparisons_keep_the_rows_of_the_whole_table_that_pass(seed_corpus):
    """keyness_comparisons builds only the rows it keeps: they are the rows of ``keyness``'s whole
    table (sorted by G2) that are significant after adjustment or among the extremes, in its order."""
    from analysis import config
    from analysis.measure.vocabulary.keyness import KEYNESS_COLUMNS, keyness_extremes

    table, _ = keyness_comparisons(seed_corpus)
    matrix, features, documents = document_term_matrix(seed_corpus, analyzer=VietnameseAnalyzer(remove_boilerplate=True))
    for target in (KON_TUM, CA_MAU, THANH_HOA, "2024"):
        whole = keyness_vs_rest(matrix, features, documents, target)
        strong = whole["p_adj"].lt(0.05) | whole.index.isin(keyness_extremes(whole, config.KEYNESS_KEEP_TOP).index)
        name = target if target in (KON_TUM, CA_MAU, THANH_HOA) else f"year {target}"
        mine = table[table["target"] == name][KEYNESS_COLUMNS].reset_index(drop=True)
        assert len(mine) >= 2 * config.KEYNESS_KEEP_TOP
        pd.testing.assert_frame_equal(mine, whole[strong].reset_index(drop=True))
