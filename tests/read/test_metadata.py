"""Metadata of the three seed plans, as given in shared/seed-plans/README.md."""

import pandas as pd
import pytest

from analysis.read.corpus import build_corpus

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


def test_detected_without_plans_csv(seed_corpus_detected):
    docs = seed_corpus_detected.documents.set_index("doc_id")
    assert docs.at[KON_TUM, "province"] == "Kon Tum"
    assert docs.at[KON_TUM, "province_source"] == "header line 'TỈNH ỦY KON TUM'"
    assert docs.at[KON_TUM, "date"] == "2016-12-22" and docs.at[KON_TUM, "year"] == 2016
    assert docs.at[KON_TUM, "number"] == "25-KH/TU"
    assert docs.at[KON_TUM, "issuer"] == "Party Committee"
    assert docs.at[KON_TUM, "directives"] == "02-KL/TW; 41-NQ/TW"

    assert docs.at[CA_MAU, "province"] == "Cà Mau"
    assert docs.at[CA_MAU, "province_source"].startswith("place-date line")
    assert docs.at[CA_MAU, "date"] == "2020-02-26" and docs.at[CA_MAU, "year"] == 2020
    assert docs.at[CA_MAU, "issuer"] == "People's Committee"
    assert docs.at[CA_MAU, "directives"] == "56-KL/TW; 24-NQ/TW"
    assert docs.at[CA_MAU, "number"] == ""

    # No header and no date line: the province the body names, the year of the latest
    # date it cites (Kết luận 81-KL/TW of 04/6/2024).
    assert docs.at[THANH_HOA, "province"] == "Thanh Hóa"
    assert docs.at[THANH_HOA, "province_source"].startswith("the province the text names most")
    assert docs.at[THANH_HOA, "date"] == "" and docs.at[THANH_HOA, "year"] == 2024
    assert "04/6/2024" in docs.at[THANH_HOA, "year_source"]
    assert docs.at[THANH_HOA, "issuer"] == "Party Committee"
    assert docs.at[THANH_HOA, "directives"].split("; ")[:2] == ["81-KL/TW", "24-NQ/TW"]


def test_plans_csv_wins_and_says_so(seed_corpus):
    docs = seed_corpus.documents.set_index("doc_id")
    assert docs.at[KON_TUM, "province_source"] == "plans.csv"
    assert docs.at[THANH_HOA, "year"] == 2024 and docs.at[THANH_HOA, "year_source"] == "plans.csv"
    assert docs.at[CA_MAU, "year_source"] == "plans.csv date"


def test_plans_csv_disagreement_keeps_the_detected_value_in_the_source(tmp_path):
    (tmp_path / "plan.txt").write_bytes((SEED_DIR / f"{KON_TUM}.txt").read_bytes())
    (tmp_path / "plans.csv").write_text("file,year,number\nplan.txt,2017,99-KH/TU\n", encoding="utf-8")
    row = build_corpus(tmp_path).documents.iloc[0]
    assert row["year"] == 2017 and row["number"] == "99-KH/TU"
    assert row["number_source"] == "plans.csv (detected 25-KH/TU from header line 'Số 25-KH/TU')"


def test_plans_csv_problems_are_warnings_not_failures(tmp_path):
    (tmp_path / "plan.txt").write_bytes((SEED_DIR / f"{CA_MAU}.txt").read_bytes())
    (tmp_path / "plans.csv").write_text(
        "file,province,year,colour\nplan.txt,Ca Mao,20x0,red\nmissing.txt,Kon Tum,,\n", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    row = corpus.documents.iloc[0]
    assert row["province"] == "Cà Mau" and row["year"] == 2020  # detected values kept
    text = " | ".join(corpus.warnings)
    assert "unknown province 'Ca Mao'" in text and "'20x0' is not a number" in text
    assert "colour" in text and "'missing.txt', which is not in the corpus folder" in text


def test_a_new_plan_without_a_row_is_analysed_from_detected_metadata(tmp_path):
    text = ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM\nSố: 12/KH-UBND\nQuảng Nam, ngày 5 tháng 3 năm 2021\n\nKẾ HOẠCH\n"
            "Bảo vệ môi trường giai đoạn 2021-2025\n\nI. MỤC ĐÍCH\nXử lý nước thải và rác thải nhựa tại các khu "
            "công nghiệp, làng nghề; bảo vệ rừng và đa dạng sinh học của tỉnh.\n")
    (tmp_path / "quang-nam.txt").write_text(text, encoding="utf-8")
    row = build_corpus(tmp_path).documents.iloc[0]
    assert row["status"] == "ok"
    assert (row["province"], row["year"], row["date"]) == ("Quảng Nam", 2021, "2021-03-05")
    assert row["issuer"] == "People's Committee" and row["number"] == "12/KH-UBND"


def test_a_place_named_with_a_dash_dates_the_plan():
    from analysis.read.metadata import _place_date

    place, date, _ = _place_date("TỈNH BÀ RỊA - VŨNG TÀU\nSố: 12/KH-UBND\nBà Rịa - Vũng Tàu, ngày 19 tháng 10 năm 2022")
    assert (place, date) == ("Bà Rịa - Vũng Tàu", "2022-10-19")


def test_the_directives_a_plan_implements_come_from_its_title():
    from analysis.read.metadata import implemented_directives, root_resolutions

    kon_tum = ("Kế hoạch của Ban Thường vụ Tỉnh ủy thực hiện Kết luận số 02-KL/TW tổng kết 10 năm thực hiện "
               "Nghị quyết số 41-NQ/TW về bảo vệ môi trường")
    assert implemented_directives(kon_tum) == ["02-KL/TW", "41-NQ/TW"]
    # a resolution named, not numbered; the conclusion's resolution added after it
    thanh_hoa = "Kế hoạch thực hiện Kết luận số 81-KL/TW về tiếp tục thực hiện Nghị quyết Trung ương 7 khóa XI về ..."
    assert implemented_directives(thanh_hoa) == ["81-KL/TW", "24-NQ/TW"]
    assert root_resolutions(implemented_directives(thanh_hoa)) == ["24-NQ/TW"]
    decision = "QUYẾT ĐỊNH Ban hành Kế hoạch thực hiện Kết luận số 56 - KL/TW của Bộ Chính trị"
    assert implemented_directives(decision) == ["56-KL/TW", "24-NQ/TW"]
    assert implemented_directives("") == [] and implemented_directives("Kế hoạch bảo vệ môi trường năm 2023") == []


def test_themes_pool_by_any_plan_attribute(seed_corpus):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_groups, theme_hits, theme_measures

    codebook = load_codebook()
    hits = theme_hits(seed_corpus, codebook)
    measures = theme_measures(seed_corpus, hits[~hits["citation"]], codebook, n_boot=50)
    grouped = theme_groups(measures, "resolution", seed_corpus.usable).set_index(["group", "theme"])
    # Cà Mau 2020 (1,997 body words) and Thanh Hóa 2024 (1,913) both implement 24-NQ/TW.
    climate = grouped.loc[("24-NQ/TW", "climate_change_ghg")]
    assert climate["n_plans"] == 2 and climate["n_tokens"] == 1997 + 1913
    assert climate["hits"] == measures.query("theme == 'climate_change_ghg' and doc_id != @KON_TUM")["hits"].sum()
    assert grouped.loc[("41-NQ/TW", "climate_change_ghg"), "n_plans"] == 1


@pytest.mark.parametrize("written, iso, warned", [
    ("03/06/2013", "2013-06-03", True),  # Vietnamese write the day first: 3 June, not 6 March
    ("2013-06-03", "2013-06-03", False),  # ISO
    ("25/12/2020", "2020-12-25", False),  # no month 25: nothing to mistake
])
def test_plans_csv_dates_are_read_day_first(tmp_path, written, iso, warned):
    (tmp_path / "plan.txt").write_bytes((SEED_DIR / f"{KON_TUM}.txt").read_bytes())
    (tmp_path / "plans.csv").write_text(f"file,date\nplan.txt,{written}\n", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    row = corpus.documents.iloc[0]
    assert row["date"] == iso and row["year"] == int(iso[:4])
    ambiguous = [w for w in corpus.warnings if "plans.csv line 2" in w and written in w]
    assert len(ambiguous) == (1 if warned else 0)
    if warned:
        assert "3 June 2013" in ambiguous[0] and "2013-06-03" in ambiguous[0]


def _headerless(tmp_path, body: str):
    (tmp_path / "plan.txt").write_text("KẾ HOẠCH\nBảo vệ môi trường tỉnh Quảng Nam\n\nI. NỘI DUNG\n" + body + "\n",
                                       encoding="utf-8")
    (tmp_path / "plans.csv").write_text("file,province\nplan.txt,Quảng Nam\n", encoding="utf-8")
    return build_corpus(tmp_path).documents.iloc[0]


def test_a_deadline_never_dates_a_plan(tmp_path):
    row = _headerless(tmp_path, "Hoàn thành xử lý nước thải trước ngày 31 tháng 12 năm 2030; giai đoạn 2021-2025, "
                                "hoàn thành trong năm 2025, đến năm 2030, tầm nhìn đến năm 2050.")
    assert pd.isna(row["year"]) and "2030" not in str(row["year_source"])


def test_a_cited_documents_date_dates_a_plan_without_a_header(tmp_path):
    row = _headerless(tmp_path, "Thực hiện Quyết định số 450/QĐ-TTg ngày 13/4/2022 của Thủ tướng Chính phủ, "
                                "hoàn thành trước ngày 31 tháng 12 năm 2030.")
    assert row["year"] == 2022 and "450/QĐ-TTg ngày 13/4/2022" in row["year_source"]
