"""Theme measurement on the seed plans, with counts checked by hand.

Hand-checked hits (reading each plan; a span counts once, longest phrase first):
- wastewater: Kon Tum 6 (II.3: "hoạt động xả thải", two "hệ thống xử lý nước thải",
  "[hệ] thống xử lý nước thải" (typo in the plan), "quy mô xả thải"; II.4: "xử lý nước thải
  đô thị"), Cà Mau 5 ("nguồn nước thải", "ô nhiễm nước thải", "thoát nước thải",
  "hệ thống xử lý nước thải", "xử lý nước thải"), Thanh Hóa 3.
- plastic waste: Cà Mau 4 (twice "rác thải nhựa" + "sản phẩm nhựa dùng một lần"), Thanh Hóa 1
  ("chất thải nhựa"), Kon Tum 0.
- coastal: Cà Mau 10 (II.4: đê biển, đê bao chắn sóng, bờ bao, sạt lở [ven sông], rừng ngập
  mặn, sạt lở bờ sông; III.2: đê biển, đê bao chắn sóng, sạt lở [ven sông], sạt lở bờ sông),
  Thanh Hóa 4 (đê sông, đê biển, sạt lở [ven sông], rừng ngập mặn; "Luật Đê điều" excluded),
  Kon Tum 0.
- landslides: Thanh Hóa 6 (twice "lũ ống, lũ quét, sạt lở đất"), others 0.
"""

import shutil

import numpy as np
import pandas as pd
import pytest

from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import (
    GROUP_COLUMNS,
    HIT_COLUMNS,
    MEASURE_COLUMNS,
    theme_groups,
    theme_hits,
    theme_measures,
    theme_salience_order,
    unmatched_phrases,
)
from analysis.read.corpus import build_corpus

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA

# Counted by reading the passages (issue 12 rules): the sea coast and rivers are two themes;
# conjuncts with an elided head or tail count for their own theme. Cà Mau II.4 and III.2 each
# write "đê biển, đê bao chắn sóng", "chống sạt lở ven sông, ven biển" and "nguy cơ cao sạt lở
# bờ sông, bờ biển" (coastal: đê biển, đê bao chắn sóng, [sạt lở] ven biển, [sạt lở] bờ biển),
# II.4 adds "rừng ngập mặn" and "gia cố bờ bao" (riverbank): coastal 4 + 4 + 1 = 9, riverbank
# 2 + 2 + 1 = 5. Thanh Hóa II.3 "đê sông, đê biển, ... chống sạt lở ven sông, ven biển, ...
# rừng ngập mặn": coastal 3, riverbank 2. Cà Mau's "hệ thống thu gom, thoát nước thải" is two
# wastewater activities (5 before the coordination rule, 6 now).
HAND_CHECKED = {
    KON_TUM: {"wastewater": 6, "plastic_waste": 0, "coastal_protection": 0, "riverbank_protection": 0,
              "landslides_flash_floods": 0},
    CA_MAU: {"wastewater": 6, "plastic_waste": 4, "coastal_protection": 9, "riverbank_protection": 5,
             "landslides_flash_floods": 0},
    THANH_HOA: {"wastewater": 3, "plastic_waste": 1, "coastal_protection": 3, "riverbank_protection": 2,
                "landslides_flash_floods": 6},
}
GOLD = "tests/data/gold_themes.csv"


@pytest.fixture(scope="module")
def measures(seed_corpus, hits, codebook):
    return theme_measures(seed_corpus, hits, codebook, n_boot=400)


def test_hand_checked_counts_for_the_named_themes(measures):
    table = measures.set_index(["doc_id", "theme"])["hits"]
    for doc_id, counts in HAND_CHECKED.items():
        for theme, expected in counts.items():
            assert table[(doc_id, theme)] == expected, (doc_id, theme)


def test_gold_precision_and_recall(seed_corpus, hits):
    """Passages (body segments) coded by hand vs passages where the codebook finds the theme."""
    from analysis.config import PROJECT_DIR

    gold = pd.read_csv(PROJECT_DIR / GOLD, comment="#")
    segments = seed_corpus.segments[seed_corpus.segments["is_body"]]
    gold_passages = set()
    for row in gold.itertuples():
        found = segments[(segments["doc_id"] == row.doc_id) & segments["text"].str.contains(row.quote, regex=False)]
        assert len(found) == 1, row.quote
        gold_passages.add((row.doc_id, row.theme, int(found["order"].iloc[0])))
    themes = set(gold["theme"])
    found = {(h.doc_id, h.theme, h.order) for h in hits.itertuples() if h.theme in themes}
    true_positive = len(gold_passages & found)
    precision, recall = true_positive / len(found), true_positive / len(gold_passages)
    print(f"gold passages {len(gold_passages)}, codebook passages {len(found)}, "
          f"precision {precision:.2f}, recall {recall:.2f}")
    assert precision >= 0.95 and recall >= 0.95


def test_kon_tum_is_inland_zero_not_missing(measures):
    row = measures.set_index(["doc_id", "theme"]).loc[(KON_TUM, "coastal_protection")]
    assert row["hits"] == 0 and row["rate_per_1k"] == 0.0 and row["share"] == 0.0
    # A zero count is not certainty: its interval reaches the Poisson bound for no event
    # (3.689 hits at 95%) in Kon Tum's body words.
    assert row["ci_low"] == 0.0
    assert row["ci_high"] == pytest.approx(1000 * 3.6889 / row["n_tokens"], rel=1e-4)


def test_one_hit_is_never_surer_than_none(measures):
    # Kon Tum 2016 names climate change once ("ứng phó biến đổi khí hậu", II.1); the bootstrap over a
    # handful of passages made its interval narrower than that of a theme it never names.
    plan = measures[measures["doc_id"] == KON_TUM].set_index("theme")
    assert plan.at["climate_change_ghg", "hits"] == 1
    assert plan.at["climate_change_ghg", "ci_high"] >= plan.loc[plan["hits"] == 0, "ci_high"].max()
    # At least Garwood's exact upper end for one event: 5.5716 hits in the plan's words.
    assert plan.at["climate_change_ghg", "ci_high"] >= 1000 * 5.5716 / plan.at["climate_change_ghg", "n_tokens"]


def test_measure_table_shape_and_arithmetic(seed_corpus, measures, codebook):
    assert list(measures.columns) == MEASURE_COLUMNS
    assert len(measures) == 3 * len(codebook.themes)  # every theme for every plan
    n_tokens = seed_corpus.documents.set_index("doc_id")["n_tokens"]
    for row in measures.itertuples():
        assert row.rate_per_1k == pytest.approx(1000 * row.hits / n_tokens[row.doc_id])
        assert row.ci_low <= row.rate_per_1k <= row.ci_high
    assert np.allclose(measures.groupby("doc_id")["share"].sum(), 1.0)
    # Cà Mau 2020: climate change is the most frequent theme: 28 mentions, of which 2 name the
    # subject of Conclusion 56-KL/TW inside its citation ("Kết luận số 56-KL/TW ... về chủ động
    # ứng phó với biến đổi khí hậu", in the preamble and in I.1): 26 counted.
    top = measures[(measures["doc_id"] == CA_MAU) & (measures["rank"] == 1)]
    assert list(top["theme"]) == ["climate_change_ghg"] and int(top["hits"].iloc[0]) == 26


def test_bootstrap_is_seeded(seed_corpus, hits, codebook, measures):
    again = theme_measures(seed_corpus, hits, codebook, n_boot=400)
    pd.testing.assert_frame_equal(again, measures)
    other = theme_measures(seed_corpus, hits, codebook, n_boot=400, seed=7)
    assert not np.allclose(other["ci_high"], measures["ci_high"])


def test_evidence_points_at_the_text(seed_corpus, hits):
    assert list(hits.columns) == HIT_COLUMNS
    for row in hits.itertuples():
        text = seed_corpus.texts[row.doc_id]
        assert text[row.start:row.end] == row.match
        assert row.match in row.segment_text and 0 <= row.position < 1
    body = seed_corpus.segments[seed_corpus.segments["is_body"]]
    assert set(zip(hits["doc_id"], hits["order"])) <= set(zip(body["doc_id"], body["order"]))


def _tiny_corpus(tmp_path, body):
    (tmp_path / "plan.txt").write_text("KẾ HOẠCH\nBảo vệ môi trường\n\nI. NỘI DUNG\n" + body + "\n", encoding="utf-8")
    return build_corpus(tmp_path, cache_dir=tmp_path / ".cache")


@pytest.mark.parametrize("body, expected", [
    ("Xây dựng hệ thống xử lý nước thải.", [("wastewater", "hệ thống xử lý nước thải")]),  # longest, once
    ("Chống sạt lở ven biển.", [("coastal_protection", "sạt lở ven biển")]),
    ("Chống sạt lở vùng ven biển.", [("coastal_protection", "sạt lở")]),  # context rule, window 3
    # Coordination: an elided head or tail counts for the conjunct's own theme.
    ("Phòng, chống sạt lở bờ sông, bờ biển.", [("riverbank_protection", "sạt lở bờ sông"),
                                             ("coastal_protection", "sạt lở bờ biển")]),
    ("Nâng cấp đê sông, đê biển.", [("riverbank_protection", "đê sông"), ("coastal_protection", "đê biển")]),
    ("Thu gom, xử lý nước thải.", [("wastewater", "thu gom nước thải"), ("wastewater", "xử lý nước thải")]),
    ("Thoát nước và xử lý nước thải.", [("wastewater", "xử lý nước thải")]),  # never a split compound
    # Bare citations name the cited document's subject: not counted.
    ("Căn cứ Luật Tài nguyên nước ngày 21/6/2012.", []),
    ("Thực hiện Nghị định số 80/2014/NĐ-CP về thoát nước và xử lý nước thải.", []),
    ("Thực hiện Kết luận số 81-KL/TW của Bộ Chính trị, nhằm nâng cao nhận thức.",
     [("public_awareness", "nâng cao nhận thức")]),
    ("Phòng chống sạt lở đồi núi.", [("landslides_flash_floods", "sạt lở")]),
    ("Nguy cơ sạt lở, cần chú ý.", []),  # "sạt lở" alone: no theme
    ("Thực hiện Luật Đê điều.", []),  # excluded in the context of "Luật"
    ("Củng cố hệ thống đê điều.", [("riverbank_protection", "đê điều")]),
    ("Thu gom nước, thải ra sông.", []),  # punctuation splits a phrase
    ("Giảm RÁC THẢI NHỰA và túi ni-lông.", [("plastic_waste", "rác thải nhựa"), ("plastic_waste", "túi ni lông")]),
    ("Theo dõi, kiểm tra, đôn đốc việc thực hiện.", []),
    ("Tăng cường kiểm tra các cơ sở.", [("inspection_enforcement", "kiểm tra")]),
])
def test_matching_rules(tmp_path, codebook, body, expected):
    corpus = _tiny_corpus(tmp_path, body)
    found = theme_hits(corpus, codebook)
    found = found[(found["theme"] != "industry_craft_villages") & ~found["citation"]]  # "cơ sở sản xuất" is not the point
    assert list(zip(found["theme"], found["phrase"])) == expected


def test_header_and_closing_are_not_counted(tmp_path, codebook):
    corpus = _tiny_corpus(tmp_path, "Nội dung.\nNơi nhận:\n- Ban chỉ đạo nước thải;\nKT. CHỦ TỊCH")
    assert theme_hits(corpus, codebook).empty


def test_groups_pool_hits_over_tokens(measures):
    by_province = theme_groups(measures, "province")
    assert list(by_province.columns) == GROUP_COLUMNS
    row = by_province.set_index(["group", "theme"]).loc[("Cà Mau", "coastal_protection")]
    assert row["hits"] == 9 and row["n_plans"] == 1
    assert row["rate_per_1k"] == pytest.approx(1000 * 9 / row["n_tokens"])
    by_year = theme_groups(measures, "year")
    assert sorted(by_year["group"].unique()) == [2016, 2020, 2024]


def test_salience_order_and_unmatched(measures, codebook, hits):
    order = theme_salience_order(measures)
    assert order[0] == "climate_change_ghg" and sorted(order) == sorted(codebook.theme_ids)
    unmatched = unmatched_phrases(codebook, hits)
    assert "túi ni lông" in set(unmatched["phrase"]) and "nước thải" not in set(unmatched["phrase"])


def test_a_fourth_plan_changes_nothing_for_the_others(tmp_path, measures, codebook):
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", tmp_path / f"{doc_id}.txt")
    from analysis.config import PROJECT_DIR

    shutil.copy(PROJECT_DIR / "tests/data/quang-nam-2021-synthetic.txt", tmp_path / "quang-nam-2021.txt")
    corpus = build_corpus(tmp_path)
    bigger = theme_measures(corpus, theme_hits(corpus, codebook), codebook, n_boot=400)
    assert set(bigger["province"]) == {"Kon Tum", "Cà Mau", "Thanh Hóa", "Quảng Nam"}
    old = bigger[bigger["doc_id"] != "quang-nam-2021"].reset_index(drop=True)
    pd.testing.assert_frame_equal(old.sort_values(["doc_id", "theme"]).reset_index(drop=True),
                                  measures.sort_values(["doc_id", "theme"]).reset_index(drop=True))
    new = bigger[bigger["doc_id"] == "quang-nam-2021"].set_index("theme")["hits"]
    assert new["plastic_waste"] == 3 and new["landslides_flash_floods"] == 2


def test_gold_forms_precision_and_recall(tmp_path, codebook):
    """Passages written in the coordination and citation forms: passage-level precision and recall ≥ 0.95."""
    from analysis.config import PROJECT_DIR

    gold = pd.read_csv(PROJECT_DIR / "tests/data/gold_forms.csv", comment="#", keep_default_na=False)
    coded = ["wastewater", "plastic_waste", "coastal_protection", "riverbank_protection", "landslides_flash_floods"]
    corpus = _tiny_corpus(tmp_path, "\n".join(gold["passage"]))
    found = theme_hits(corpus, codebook)
    found = found[~found["citation"] & found["theme"].isin(coded)]
    order = {text: order for text, order in zip(corpus.segments["text"], corpus.segments["order"])}
    truth = {(order[p], t) for p, themes in zip(gold["passage"], gold["themes"]) for t in themes.split(";") if t}
    predicted = set(zip(found["order"], found["theme"]))
    true_positive = len(truth & predicted)
    assert true_positive / len(predicted) >= 0.95 and true_positive / len(truth) >= 0.95, (truth ^ predicted)


def test_a_coastal_hit_in_an_inland_province_is_flagged_for_review(tmp_path, codebook):
    from analysis.resources import text

    for name, province in (("kon-tum-2020.txt", "KON TUM"), ("ca-mau-2020.txt", "CÀ MAU")):
        (tmp_path / name).write_text(f"ỦY BAN NHÂN DÂN\nTỈNH {province}\n\nKẾ HOẠCH\nBảo vệ môi trường\n\nI. NỘI DUNG\n"
                                     "Nâng cấp đê biển; xây dựng hệ thống xử lý nước thải.\n", encoding="utf-8")
    found = theme_hits(build_corpus(tmp_path, cache_dir=tmp_path / ".cache"), codebook)
    review = found.set_index(["province", "theme"])["review"]
    assert review[("Kon Tum", "coastal_protection")] == text("theme_review.coastal_inland") != ""
    assert review[("Cà Mau", "coastal_protection")] == ""
    assert review[("Kon Tum", "wastewater")] == ""  # not a coastal theme
    assert [t.id for t in codebook.themes if t.coastal] == ["coastal_protection"]


def test_a_phrase_never_runs_from_one_table_cell_into_the_next():
    """A table row is one line with its cells apart (" | "): "xử lý | nước thải" is two cells, so the
    longer phrase "hệ thống xử lý nước thải" is not there; "nước thải" in its own cell still is."""
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.phrases import PhraseMatcher

    matcher = PhraseMatcher(load_codebook())
    found = {entry["phrase"] for entry, _, _ in matcher.match("1 | Lắp đặt hệ thống xử lý | nước thải khu dân cư")}
    assert "hệ thống xử lý nước thải" not in found and "nước thải" in found
    whole = {entry["phrase"] for entry, _, _ in matcher.match("1 | Lắp đặt hệ thống xử lý nước thải | Sở Xây dựng")}
    assert "hệ thống xử lý nước thải" in whole


def test_hits_are_the_same_with_the_references_found_when_reading_or_found_now(seed_corpus, codebook, hits):
    import dataclasses

    import pandas as pd

    from analysis.measure.themes.measures import theme_hits

    assert seed_corpus.references  # the session's corpus was read with them
    without = dataclasses.replace(seed_corpus, references={}, derived={})
    pd.testing.assert_frame_equal(theme_hits(without, codebook), hits)
