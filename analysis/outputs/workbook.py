"""The Excel workbook: every table of a run as a sheet a researcher can use as it is.

``write_workbook(tables, path, lang, measures=None, max_rows=config.WORKBOOK_MAX_ROWS)`` writes, in the run's language:

* a first sheet ("about") naming every sheet and every column (its header, its name in
  the CSV files and what it means: ``describe_column``, from labels.yml);
* with ``measures`` (the ``theme_measures`` table), a wide "plans x themes" sheet: one row
  per plan, one column per theme, rates per 1,000 words, ready for a pivot table;
* one sheet per table (a name longer than Excel's 31 characters shortened at words, kept
  unique, with the full name in the "about" sheet), with readable
  headers, numbers rounded and formatted by kind (percent for shares, two decimals for
  rates and statistics, four for p-values), real dates, a frozen header row, filters and
  column widths that fit the content;
* a table longer than ``max_rows`` (``config.WORKBOOK_MAX_ROWS``: theme evidence, passages, topic
  weights at a large corpus) as its first ``max_rows`` rows, a note after them and in the "about"
  sheet saying how many rows there are and which CSV file beside the workbook holds them all
  (``<table name>.csv``), so the workbook stays small whatever the corpus.

Document dates and zip entry times are fixed, so equal tables give byte-identical files.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from analysis import config
from analysis.atomic import write_bytes
from analysis.resources import labels, number, text

# Any fixed date will do: the workbook's content does not depend on when it was written.
_FIXED_DATE = datetime(2000, 1, 1)
_MAX_WIDTH = 60
# How a column's numbers are shown: by its name (the CSV keeps full precision).
_PERCENT = re.compile(r"^(share|share_ci_low|share_ci_high|prevalence)$")
_P_VALUE = re.compile(r"^p(_adj|_chi2)?$")
_WHOLE = re.compile(r"^(hits|n_tokens|n_plans|rank|order|start|end|count|n_target|n_reference|k|topic|year.*)$")


def _short_name(name: str, limit: int) -> str:
    """``name`` within ``limit`` characters, cut at words: the longest words first shortened to
    four letters and a full stop ("topic_prev._by_province_2025"), whole words dropped from the
    end only when that is not enough."""
    parts = re.split(r"([_ ])", name)  # words at even places, separators between them
    while len("".join(parts)) > limit:
        long_words = [i for i in range(0, len(parts), 2) if len(parts[i]) > 5 and not parts[i].endswith(".")]
        if not long_words:
            break
        longest = max(long_words, key=lambda i: len(parts[i]))  # the first of the longest
        parts[longest] = parts[longest][:4] + "."
    while len(parts) > 2 and len("".join(parts)) > limit:
        parts = parts[:-2]
    return "".join(parts)[:limit]


def _sheet_names(names: list[str]) -> list[str]:
    """A sheet name for each table name: the name itself when Excel's 31 characters hold it, else
    shortened at words (``_short_name``; the "about" sheet gives the full name); a number where two
    would read the same (Excel ignores case)."""
    used: set[str] = set()
    sheets = []
    for name in names:
        sheet, number = _short_name(name, 31), 2
        while sheet.casefold() in used:
            sheet = f"{_short_name(name, 31 - len(f' ({number})'))} ({number})"
            number += 1
        used.add(sheet.casefold())
        sheets.append(sheet)
    return sheets


def describe_column(code: str, lang: str = config.DEFAULT_LANG) -> tuple[str, str]:
    """(header, meaning) of a column in ``lang``; "" meaning when labels.yml does not describe it."""
    entries = labels()
    key = f"workbook.column.{code}"
    if key in entries:
        header, _, meaning = text(key, lang).partition("|")
        return header, meaning
    for suffix, pattern in (("_source", "workbook.source_of"), ("_a", "workbook.first_of"), ("_b", "workbook.second_of")):
        if code.endswith(suffix) and f"workbook.column.{code[: -len(suffix)]}" in entries:
            field, _ = describe_column(code[: -len(suffix)], lang)
            return text(pattern, lang, field=field), text(pattern, lang, field=field)
    topic = re.fullmatch(r"topic_(\d+)", code)
    if topic:
        return code, text("workbook.topic_weight", lang, n=topic.group(1))
    return code, ""


def plans_by_themes(measures: pd.DataFrame, lang: str = config.DEFAULT_LANG) -> pd.DataFrame:
    """One row per plan (doc_id, province, province_2025, year), one column per theme label: rate per 1,000 words."""
    label = "label_vi" if lang == "vi" else "label_en"
    names = measures.drop_duplicates("theme").set_index("theme")[label]
    wide = measures.pivot(index="doc_id", columns="theme", values="rate_per_1k")[list(names.index)]
    wide.columns = [names[t] for t in wide.columns]
    keys = measures.drop_duplicates("doc_id").set_index("doc_id")[["province", "province_2025", "year"]]
    return keys.join(wide).reset_index()


def _cell_values(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        # Lists and tuples are not cell values. A column holds one kind of value, so a sample
        # tells (testing every cell of a national corpus's evidence sheet costs seconds).
        sample = values.dropna().head(100) if values.dtype == object else values.iloc[:0]
        if sample.map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = values.map(str)
        elif column == "date":  # real dates, so that Excel sorts and filters them as dates
            frame[column] = pd.to_datetime(values.replace("", None), format="%Y-%m-%d", errors="coerce")
        elif pd.api.types.is_float_dtype(values):
            # Rounded: 1.000000000000002 is 1, and 2.503755633450175 reads as 2.5038.
            frame[column] = values.round(6 if _P_VALUE.match(str(column)) else 4)
    return frame


def _format_for(book, code: str, formats: dict):
    if code == "date":
        kind = "date"
    elif _PERCENT.match(code):
        kind = "percent"
    elif _P_VALUE.match(code):
        kind = "p"
    elif _WHOLE.match(code):
        kind = None
    else:
        kind = "decimal"
    if kind and kind not in formats:
        formats[kind] = book.add_format({"num_format": {"date": "yyyy-mm-dd", "percent": "0.0%", "p": "0.0000",
                                                         "decimal": "0.00"}[kind]})
    return formats.get(kind)


def _cells(worksheet, frame: pd.DataFrame, headers: list[str], formats: dict) -> None:
    """The header row and every value, as ``DataFrame.to_excel`` writes them (missing values left
    empty, dates in the date format, infinities as "inf"), one row of
    values at a time: pandas' writer builds a styled cell object per value, which took most of the
    workbook's time (6 s of adding one plan to 300)."""
    for index, header in enumerate(headers):
        worksheet.write_string(0, index, str(header))
    # Column by column, each in the one way its type allows (the workbook keeps cells in any order): a
    # numbers' or a text column's cells need no test of their kind, the rest go through ``_write_value``.
    for index in range(frame.shape[1]):
        values = frame.iloc[:, index]
        cells = enumerate(values.tolist(), start=1)  # Python values: fast to walk
        if values.dtype == bool:
            for row, value in cells:
                worksheet.write_boolean(row, index, value)
        elif isinstance(values.dtype, np.dtype) and values.dtype.kind in "iuf":
            for row, value in cells:
                if value in _INFINITIES:
                    _write_value(worksheet, row, index, value, formats)  # written as text, "inf"
                elif value == value:  # not NaN
                    worksheet.write_number(row, index, value)
        elif isinstance(values.dtype, pd.StringDtype):
            for row, value in cells:
                if value.__class__ is str and value:  # a missing value is NaN
                    worksheet.write_string(row, index, value)
        else:
            for row, value in cells:
                _write_value(worksheet, row, index, value, formats)


_INFINITIES = (math.inf, -math.inf)


def _write_value(worksheet, row: int, column: int, value, formats: dict) -> None:
    if isinstance(value, (bool, np.bool_)):
        worksheet.write_boolean(row, column, bool(value))
    elif isinstance(value, (int, float, np.integer, np.floating)):
        if math.isnan(value):
            return
        if math.isinf(value):
            worksheet.write_string(row, column, "inf" if value > 0 else "-inf")
        else:
            worksheet.write_number(row, column, value)
    elif isinstance(value, (pd.Timestamp, datetime)):
        if not pd.isna(value):
            worksheet.write_datetime(row, column, value.to_pydatetime() if isinstance(value, pd.Timestamp) else value,
                                     formats["datetime"])
    elif value is not None and value is not pd.NA and value is not pd.NaT and value != "":
        worksheet.write_string(row, column, str(value))


def _write_sheet(book, sheet: str, frame: pd.DataFrame, headers: list[str], codes: list[str], formats: dict,
                 note: str = "") -> None:
    worksheet = book.add_worksheet(sheet)
    _cells(worksheet, frame, headers, formats)
    if note:  # after a blank row, outside the filter's range: sorting never moves it into the data
        worksheet.write_string(len(frame) + 2, 0, note)
    worksheet.freeze_panes(1, 0)
    if len(frame.columns):
        worksheet.autofilter(0, 0, max(1, len(frame)), len(frame.columns) - 1)
    sample = frame.head(200)
    for index, (header, code) in enumerate(zip(headers, codes)):
        column = sample.iloc[:, index]
        numeric = pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column)
        # Missing values (None, NaN, <NA>) count as empty, whatever the column's type.
        longest = 12 if numeric else max((0 if _missing(v) else len(str(v)) for v in column), default=0)
        width = min(_MAX_WIDTH, max(len(str(header)) + 2, longest + 2, 8))
        shown_as = _format_for(book, code, formats) if numeric else None  # text stays text
        worksheet.set_column(index, index, width, shown_as)


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is a value, not missing
        return False


def capped_note(name: str, n_rows: int, max_rows: int, lang: str = config.DEFAULT_LANG) -> str:
    """What a sheet cut to ``max_rows`` says after its rows and in the "about" sheet ("" for a whole table)."""
    if n_rows <= max_rows:
        return ""
    return text("workbook.capped", lang, shown=number(max_rows, lang, 0), total=number(n_rows, lang, 0),
                file=f"{name}.csv")


def write_workbook(tables: dict[str, pd.DataFrame], path: Path, lang: str = config.DEFAULT_LANG,
                   measures: pd.DataFrame | None = None, max_rows: int = config.WORKBOOK_MAX_ROWS) -> Path:
    """The workbook; see the module docstring."""
    sheets = dict(tables)
    wide_name = None
    if measures is not None and len(measures):
        wide_name = text("workbook.wide_sheet", lang)
        sheets = {wide_name: plans_by_themes(measures, lang), **sheets}
    names = _sheet_names([text("workbook.about_sheet", lang)] + list(sheets))
    about_rows = []
    for sheet, (name, table) in zip(names[1:], sheets.items()):
        description = (text("workbook.wide", lang) if name == wide_name
                       else text(f"workbook.sheet.{name}", lang) if f"workbook.sheet.{name}" in labels() else "")
        source = "theme_measures" if name == wide_name else name  # the CSV file holding every row
        description = " ".join(filter(None, [description, capped_note(source, len(table), max_rows, lang)]))
        about_rows.append([sheet, "", name if sheet != name else "", description])  # a shortened sheet: its table
        if name == wide_name:
            continue
        for code in table.columns:
            header, meaning = describe_column(str(code), lang)
            about_rows.append(["", header, str(code), meaning])
    columns = [text(f"workbook.about_columns.{c}", lang) for c in ("sheet", "column", "code", "meaning")]
    about = pd.DataFrame([[text("workbook.about_title", lang), "", "", ""]] + about_rows, columns=columns)
    buffer = io.BytesIO()
    # xlsxwriter: writes a sheet about twice as fast as openpyxl, which matters at a national
    # corpus (hundreds of thousands of evidence rows); openpyxl still reads it back in tests.
    book = xlsxwriter.Workbook(buffer, {"strings_to_urls": False, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "in_memory": True})
    book.set_properties({"created": _FIXED_DATE})
    formats: dict = {"datetime": book.add_format({"num_format": "yyyy-mm-dd"})}
    _write_sheet(book, names[0], about, columns, ["about"] * 4, formats)
    for sheet, (name, table) in zip(names[1:], sheets.items()):
        codes = [str(c) for c in table.columns]
        headers = [describe_column(c, lang)[0] if name != wide_name or c in table.columns[:4] else c for c in codes]
        headers = _unique(headers)
        _write_sheet(book, sheet, _cell_values(table.head(max_rows)), headers, codes, formats,
                     capped_note("theme_measures" if name == wide_name else name, len(table), max_rows, lang))
    book.close()
    return write_bytes(path, _fixed_zip_times(buffer.getvalue()))


def _unique(headers: list[str]) -> list[str]:
    """Headers as written, a number added where two would read the same (filters need distinct names)."""
    seen: dict[str, int] = {}
    out = []
    for header in headers:
        seen[header] = seen.get(header, 0) + 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack a zip (an .xlsx) with fixed entry dates, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as "modified" whatever we set.
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()
