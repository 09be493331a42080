"""The workbook writer on awkward tables: empty, missing values of every kind, lists."""

import openpyxl
import pandas as pd

from analysis.outputs.workbook import describe_column, write_workbook


def test_empty_tables_missing_values_and_lists_are_written(tmp_path):
    tables = {
        "keyness": pd.DataFrame(columns=["feature", "G2", "p_adj"]),  # no row at all
        "tfidf_top_terms_by_year": pd.DataFrame({"group_by": ["year", "year"],
                                                 "group": pd.array([pd.NA, 2020], dtype="Int64"),
                                                 "term": [None, "nước_thải"], "tfidf": [float("nan"), 0.123456789],
                                                 "count": [1, 2]}),
        "topic_segments": pd.DataFrame({"unit_id": ["a#1"], "orders": [[1, 2]], "date": [""]}),
    }
    path = write_workbook(tables, tmp_path / "tables.xlsx", "vi")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["giới thiệu", "keyness", "tfidf_top_terms_by_year", "topic_segments"]
    sheet = workbook["tfidf_top_terms_by_year"]
    assert [c.value for c in sheet[1]] == ["gộp theo", "nhóm", "từ", "TF-IDF", "số lần"]
    assert sheet.cell(3, 4).value == 0.1235 and sheet.cell(2, 3).value is None
    assert workbook["topic_segments"].cell(2, 2).value == "[1, 2]"


def test_every_column_pattern_has_a_meaning():
    assert describe_column("province_source", "en")[1] == "how province was found"
    assert describe_column("doc_a", "en")[0] == "first plan"
    assert describe_column("topic_3", "vi")[1] == "trọng số của chủ đề ẩn 3 trong đoạn văn"
    assert describe_column("no_such_column", "en") == ("no_such_column", "")
