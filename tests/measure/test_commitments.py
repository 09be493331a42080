"""Commitments against a hand-checked gold (tests/data/commitments/gold.yml): targets, deadlines,
lead and coordinating agencies, with precision and recall; and each form on its own."""

import shutil

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from analysis import config
from analysis.measure.commitments.agencies import agency_assignments
from analysis.measure.commitments.subjects import subject
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.commitments.deadlines import deadlines
from analysis.measure.commitments.targets import commitments, read_number, targets
from analysis.measure.themes.measures import theme_hits
from analysis.read.corpus import build_corpus

GOLD_DIR = config.PROJECT_DIR / "tests" / "data" / "commitments"
# Plans written for the gold: one of each form, then three annotated before the extractor saw them.
WRITTEN = ["ninh-thuan-2022-synthetic", "ben-tre-2023-heldout", "lao-cai-2025-heldout", "quang-tri-2021-heldout"]
GOLD = yaml.safe_load((GOLD_DIR / "gold.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Commitments and agencies of the three seed plans, the synthetic plan written for the gold
    and the held-out decision (tests/data/commitments/)."""
    folder = tmp_path_factory.mktemp("commitments") / "plans"
    folder.mkdir()
    written = [GOLD_DIR / f"{name}.txt" for name in WRITTEN]
    for path in sorted((config.CORPUS_DIR / "plans").glob("*.txt")) + written:
        shutil.copy(path, folder / path.name)
    corpus = build_corpus(folder.parent)
    hits = theme_hits(corpus, load_codebook())
    return commitments(corpus, hits), agency_assignments(corpus, hits)


def score(predicted: list[tuple], gold: list[tuple]) -> tuple[float, float]:
    """Precision and recall: a prediction matches a gold row with the same key whose words it
    quotes (the last field of each tuple); each gold row is matched once."""
    unmatched, hits = list(gold), 0
    for *key, text in predicted:
        match = next((g for g in unmatched if list(g[:-1]) == key and g[-1] in text), None)
        if match is not None:
            unmatched.remove(match)
            hits += 1
    return hits / max(1, len(predicted)), hits / max(1, len(gold))


def test_targets_reach_the_bar(extracted):
    found = extracted[0][extracted[0]["kind"].isin(["target", "standard"])]
    predicted = [(r.doc_id, r.kind, None if pd.isna(r.value) else r.value, r.unit, r.text) for r in found.itertuples()]
    gold = [(g["doc"], g["kind"], g["value"], g["unit"], g["text"]) for g in GOLD["targets"]]
    precision, recall = score(predicted, gold)
    print(f"targets: precision {precision:.2f}, recall {recall:.2f} ({len(predicted)} found, {len(gold)} in the gold)")
    assert precision >= 0.9 and recall >= 0.8


def test_deadlines_reach_the_bar(extracted):
    dated = extracted[0][extracted[0]["deadline"] != ""]
    predicted = [(r.doc_id, r.deadline, r.text) for r in dated.itertuples()]
    gold = [(g["doc"], g["deadline"], g["text"]) for g in GOLD["deadlines"]]
    precision, recall = score(predicted, gold)
    print(f"deadlines: precision {precision:.2f}, recall {recall:.2f} ({len(predicted)} found, {len(gold)} in the gold)")
    assert precision >= 0.9 and recall >= 0.8


@pytest.mark.parametrize("role, bar", [("lead", (0.9, 0.8)), ("coordinate", (0.8, 0.8))])
def test_agencies_reach_the_bar(extracted, role, bar):
    rows = extracted[1][extracted[1]["role"] == role]
    predicted = [(r.doc_id, r.agency, r.section_path, r.text) for r in rows.itertuples()]
    gold = [(doc, agency, where, text) for doc, assignments in GOLD["agencies"].items()
            for kind, agency, where, text in assignments if kind == role]
    precision, recall = score(predicted, gold)
    print(f"{role} agencies: precision {precision:.2f}, recall {recall:.2f} ({len(predicted)} found, {len(gold)} in the gold)")
    assert precision >= bar[0] and recall >= bar[1]


def test_the_seed_plans_hold_what_the_issue_describes(extracted):
    found, agencies = extracted
    seeds = found[~found["doc_id"].isin(WRITTEN)]
    # Kon Tum: grades ("đạt loại A") and tasks due in 2017; Cà Mau: no target; Thanh Hóa: tasks due 2025 and 2030.
    assert set(seeds.loc[seeds["kind"] != "task", "doc_id"]) == {"kon-tum-2016-plan-KL02"}
    kon_tum = seeds[seeds["doc_id"] == "kon-tum-2016-plan-KL02"]
    assert set(kon_tum["unit"]) >= {"loại A"} and "2017" in set(kon_tum["deadline"])
    assert set(seeds.loc[seeds["doc_id"] == "thanh-hoa-2024-plan-KL81", "deadline"]) == {"2025", "2030"}
    # Sở Tài nguyên và Môi trường is taken over by Sở Nông nghiệp và Môi trường after 2025.
    department = agencies[agencies["agency"] == "Sở Tài nguyên và Môi trường"]
    assert set(department["successor_2025"]) == {"Sở Nông nghiệp và Môi trường"}


@pytest.mark.parametrize("text, value", [("1.000", 1000.0), ("2,5", 2.5), ("20.000", 20000.0), ("95", 95.0)])
def test_numbers_read_as_vietnamese_writes_them(text, value):
    assert read_number(text) == value


@pytest.mark.parametrize("sentence", [
    "Thực hiện Kết luận số 02-KL/TW, ngày 26-4-2016 của Ban Bí thư tổng kết 10 năm thực hiện Nghị quyết số 41-NQ/TW.",
    "Triển khai Luật Bảo vệ môi trường năm 2020, Luật Tài nguyên nước năm 2023.",
    "Nghị quyết số 24-NQ/TW của Ban Chấp hành Trung ương Đảng (khóa XI) “Về chủ động ứng phó đến năm 2020”.",
    "Thực hiện Quy hoạch tỉnh, tầm nhìn đến năm 2045, định hướng đến năm 2050.",
    "Hội nghị lần thứ bảy Ban Chấp hành Trung ương khóa XI ngày 15 tháng 11 năm 2016.",
])
def test_years_that_are_not_deadlines(sentence):
    assert deadlines(sentence) == [] and targets(sentence) == []


@pytest.mark.parametrize("sentence, deadline, kind", [
    ("Hoàn thành việc nâng cấp trong năm 2017.", "2017", "in"),
    ("Trước năm 2027, nâng cấp đê biển.", "2027", "before"),
    ("Di dời các cơ sở gây ô nhiễm đến năm 2030.", "2030", "by"),
    ("Thực hiện Đề án ổn định dân cư giai đoạn 2021 - 2025.", "2025", "period"),
    ("Định kỳ hàng năm báo cáo kết quả.", "annual", "recurring"),
    ("Định kỳ trước ngày 30 tháng 11 hàng năm tổng kết.", "annual, by 30/11", "recurring"),
    ("Báo cáo hằng quý về Sở.", "quarterly", "recurring"),
    ("Hằng năm tổng hợp, báo cáo trước ngày 15 tháng 12.", "annual, by 15/12", "recurring"),
    ("Trồng mới 300 ha rừng mỗi năm.", "annual", "recurring"),
    ("Định kỳ 6 tháng báo cáo Ban Thường vụ.", "half-yearly", "recurring"),
    ("Hoàn thành trong quý II năm 2025.", "2025", "in"),
    ("Không sử dụng túi ni lông khó phân hủy từ năm 2023.", "2023", "from"),
    ("Nhà máy xử lý chất thải, hoàn thành năm 2023.", "2023", "by"),
])
def test_each_deadline_form(sentence, deadline, kind):
    (found,) = deadlines(sentence)
    assert (found["deadline"], found["deadline_kind"]) == (deadline, kind)


@pytest.mark.parametrize("sentence, value, unit, obj", [
    ("100% khu công nghiệp có hệ thống xử lý nước thải tập trung.", 100, "%",
     "khu công nghiệp có hệ thống xử lý nước thải tập trung"),
    ("Nâng cấp 25 km đê biển.", 25, "km", "đê biển"),
    ("Trồng 300 ha rừng ngập mặn.", 300, "ha", "rừng ngập mặn"),
    ("Chất thải rắn được thu gom, xử lý đạt 50%.", 50, "%", "Chất thải rắn được thu gom, xử lý"),
    ("Xử lý 40 điểm ô nhiễm tồn lưu.", 40, "điểm", "ô nhiễm tồn lưu"),
    ("Lò đốt công suất 150 tấn/ngày đêm.", 150, "tấn/ngày", "Lò đốt"),
    ("Hệ thống xử lý nước thải đạt loại A.", None, "loại A", "Hệ thống xử lý nước thải"),
])
def test_each_target_form(sentence, value, unit, obj):
    (found,) = targets(sentence)
    assert (found["value"], found["unit"], found["object"]) == (value, unit, obj)


def test_an_agency_list_leads_and_stops_at_the_verb():
    agencies, rest = subject("Giao Sở TN&MT, Sở Xây dựng và UBND các huyện chủ trì thực hiện.")
    assert [a.name for a, _ in agencies] == ["Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Ủy ban nhân dân các huyện"]
    assert {role for _, role in agencies} == {"lead"}
    assert rest.startswith("chủ trì")
    assert subject("Tăng cường phối hợp với Sở Xây dựng.")[0] == []


# Pieces plans are made of, shuffled into sentences nobody wrote: the extractors never raise.
_PIECES = ["Sở TN&MT", "chủ trì", "phối hợp với", "UBND các huyện", "100%", "2,5 tấn/ngày", "1.000 ha", "đạt loại A",
           "trong năm 2017", "giai đoạn 2021 -", "2025", "hàng năm", "trước ngày 30 tháng 11", "tầm nhìn đến năm",
           "Kết luận số 56-KL/TW", "“", "”", ";", ":", ".", ",", "- ", "a) ", "Luật", "năm", "quý II", "mỗi"]


@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=30))
@settings(max_examples=300, deadline=None)
def test_extractors_never_raise(pieces):
    sentence = " ".join(pieces)
    for found in deadlines(sentence):
        assert found["deadline_kind"] in ("in", "before", "by", "from", "period", "recurring")
    for found in targets(sentence):
        assert found["kind"] in ("target", "standard")
    subject(sentence)
