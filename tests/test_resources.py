"""Words in one labels file, both languages; numbers written as each language writes them."""

import re

import pytest

from analysis import config, resources
from analysis.resources import LabelsError, number, percent, province_names, text


def test_every_label_has_both_languages_and_the_same_fields():
    labels = resources.labels()
    assert len(labels) > 80
    for key, entry in labels.items():
        assert set(entry) == set(config.LANGUAGES), key
        fields = {lang: set(re.findall(r"{(\w+)}", words)) for lang, words in entry.items()}
        assert fields["en"] == fields["vi"], f"{key}: the two languages fill different fields"
        assert entry["en"].strip() and entry["vi"].strip(), key


def test_text_fills_fields_and_falls_back_to_english():
    assert text("figure.keyness_title", "vi", target="Cà Mau 2020", reference="các kế hoạch khác") == (
        "Từ đặc trưng: Cà Mau 2020 so với các kế hoạch khác")
    assert text("figure.rate", "fr") == text("figure.rate", "en") == "hits per 1,000 words"


def test_a_label_missing_a_language_is_refused(tmp_path, monkeypatch):
    broken = tmp_path / "labels.yml"
    broken.write_text("figure:\n  rate: {en: hits}\n", encoding="utf-8")
    monkeypatch.setattr(config, "LABELS_FILE", broken)
    resources.labels.cache_clear()
    try:
        with pytest.raises(LabelsError, match="figure.rate"):
            resources.labels()
    finally:
        resources.labels.cache_clear()


@pytest.mark.parametrize("value, lang, decimals, written", [
    (1000, "en", 0, "1,000"), (1000, "vi", 0, "1.000"), (1234.5, "en", 1, "1,234.5"), (1234.5, "vi", 1, "1.234,5"),
    (0.288, "vi", 3, "0,288"), (-2.5, "vi", 1, "-2,5"),
])
def test_numbers_in_each_language(value, lang, decimals, written):
    assert number(value, lang, decimals) == written


def test_percent():
    assert percent(0.95, "en") == "95%" and percent(0.125, "vi", 1) == "12,5%"


def test_province_names_keep_the_file_order():
    names = province_names()
    assert len(names) == 63 and names[0] == "An Giang" and "Cà Mau" in names and "Thanh Hóa" in names


def test_the_2025_map_names_its_source_and_covers_every_province():
    from analysis.resources import province_2025

    header = config.PROVINCES_2025_FILE.read_text(encoding="utf-8")
    assert "202/2025/QH15" in header  # the National Assembly resolution the map follows
    units = {province_2025(name) for name in province_names()}
    assert all(units) and len(units) == 34
    # The examples: Kon Tum is today's Quảng Ngãi, Bạc Liêu today's Cà Mau, Yên Bái today's
    # Lào Cai, Bình Thuận today's Lâm Đồng; Thanh Hóa is unchanged.
    assert [province_2025(p) for p in ["Kon Tum", "Quảng Ngãi", "Bạc Liêu", "Yên Bái", "Bình Thuận", "Thanh Hóa"]] == [
        "Quảng Ngãi", "Quảng Ngãi", "Cà Mau", "Lào Cai", "Lâm Đồng", "Thanh Hóa"]
    assert province_2025("") == ""


def test_counts_agree_with_their_number_and_a_single_year_is_not_a_range():
    import pandas as pd

    from analysis.resources import count, year_span

    assert [count(n, "plan", "en") for n in (0, 1, 2, 1000)] == ["0 plans", "1 plan", "2 plans", "1,000 plans"]
    assert [count(n, "plan", "vi") for n in (1, 1000)] == ["1 kế hoạch", "1.000 kế hoạch"]  # no plural in Vietnamese
    assert year_span([2017, 2017], "en") == "2017" and year_span(pd.Series([2024, None, 2016], dtype="Int64"), "vi") == "2016–2024"
    assert year_span([], "en") == "?"


def test_dates_as_each_language_writes_them():
    from analysis.resources import format_date

    # Vietnamese dates are day/month/year, two digits each (as the plans date themselves: 03/6/2013 -> 03/06/2013).
    assert format_date("2025-07-01", "vi") == "01/07/2025" and format_date("2016-12-22", "vi") == "22/12/2016"
    assert format_date("2025-07-01", "en") == "1 Jul 2025"
    assert format_date(None, "vi") == format_date("1 July 2025", "vi") == ""
    # Dates the labels write themselves follow the same rule.
    assert text("attribute.province_2025", "vi").endswith("01/07/2025)")


def test_vietnamese_labels_read_as_vietnamese():
    for key, entry in resources.labels().items():
        words = re.sub(r"{\w+}", "X", entry["vi"])  # the fields' names are the code's, not words
        assert "nguyên âm tiết" not in words, key  # "nguyên âm" is a vowel; whole syllables are "âm tiết trọn vẹn"
        assert not re.search(r"\bseeds?\b", words), key  # "giá trị khởi tạo ngẫu nhiên"
        assert "( " not in words and " )" not in words, key
        assert not re.search(r"\d{4}-\d{2}-\d{2}", words), key


def test_rewritten_vietnamese_sentences():
    from analysis.resources import count

    assert text("briefing.method_themes", "vi", n_themes=19, level="95%", n_boot="1.000", seed=20161222) == (
        "19 chủ đề trong bộ mã chủ đề (có thể chỉnh sửa); cụm từ được so khớp theo âm tiết trọn vẹn, ưu tiên cụm "
        "dài nhất, kèm quy tắc ngữ cảnh cho từ đa nghĩa (ví dụ “sạt lở”). Tỷ lệ là số lần xuất hiện trên 1.000 từ; "
        "khoảng tin cậy 95% được tính bằng cách lấy mẫu lại các đoạn văn của mỗi kế hoạch 1.000 lần (giá trị khởi "
        "tạo ngẫu nhiên 20161222).")
    said = text("reading.commitment_timeline", "vi", commitments=count(32, "commitment", "vi"), years="2017–2030",
                n_targets="5")
    assert said.startswith("32 chỉ tiêu và nhiệm vụ có ghi năm phải hoàn thành (2017–2030); số chỉ tiêu định lượng "
                           "(con số có đơn vị) trong đó là 5.")
    assert text("briefing.group_years", "vi") == "năm ban hành"  # a header over "2017" or "2016–2024"
