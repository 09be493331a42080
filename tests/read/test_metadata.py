"""Metadata of the three seed plans, as given in shared/seed-plans/README.md."""

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
