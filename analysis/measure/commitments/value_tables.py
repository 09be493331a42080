"""Yearly-values tables: an appendix that sets an indicator's value for each year ("Mẫu biểu số 01: dự
báo một số chỉ tiêu ...", "Phụ lục 01: định hướng phát triển vùng nguyên liệu ..."):

    STT | Nội dung | Đơn vị tính | Năm hiện hành 2025 | Năm 2026 | Năm 2027 | Năm 2028
    Kế hoạch | Ước thực hiện
    1 | 2 | 3 | 4 | 5 | 6 | 7 | 8
    1 | Tổng sản phẩm trong nước của địa phương (GRDP) | Tỷ đồng | 172.033 | 172.033 | 193.549 | 218.628 | 247.907

Each cell under a year's column is one target, due that year, its unit the row's unit column and its
object the row's indicator. The header names its columns: an indicator column ("Nội dung", "Chỉ
tiêu"), a unit column ("Đơn vị tính", "ĐVT") and one column per year ("Năm 2026", "2027", "Kế hoạch
2030"), perhaps on a second header line under a period ("GIAI ĐOẠN 2026 - 2030" / "Năm 2026 | ...").
A year column that states what is, not what is to be (the baseline: "Năm hiện hành 2025", "ƯTH năm
2025", "Thực hiện 2024", "Hiện trạng") holds no target. Baseline columns may be split under their header
("Kế hoạch | Ước thực hiện") so that a row has more cells than its header: the years are read from the
right, where the targets are.

``value_cells(segments)`` -> one dict per target cell: ``order, section_path, start, end`` (of its row),
``row`` (the row as written), ``indicator``, ``unit``, ``cell`` (the value as written) and ``year`` (the
column's label).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.measure.commitments.passages import NUMBER, read_number, segment_rows
from analysis.measure.commitments.task_tables import cells, column_kind, is_table_row
from analysis.read.normalize import fold

# A column of one year ("Năm 2026", "2027", "Kế hoạch năm 2030"); a period ("2026 - 2030") is no year's column.
_YEAR_COLUMN = re.compile(r"^(?:\D{0,30}\s)?(?:năm\s+)?((?:19|20)\d{2})$", re.I)
# What is, not what is to be: a baseline column.
_BASELINE = re.compile(r"\b(?:hiện hành|ước|ưth|uth|thực hiện|hiện trạng|cơ sở|năm gốc)\b", re.I)
# A value cell: a number, perhaps a range whose lower end is the target ("1-1,5"), perhaps a unit sign.
_VALUE = re.compile(r"^\s*[>≥<≤]?\s*(?P<low>\d[\d.,]*)(?:\s*[-–]\s*\d[\d.,]*)?\s*%?\s*$")
_ROW_MARK = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[-+–•*]|[a-zđ]\)?|[IVXLC]+)$")


def value_cells(segments: pd.DataFrame) -> list[dict]:
    """Every target cell of every yearly-values table of a plan's segments; see the module docstring."""
    found, table, group = [], None, ""
    for segment in segment_rows(segments):
        if not is_table_row(segment.text):
            table = None if table is None or table["rows"] else table  # a title between header and rows
            continue
        row = cells(segment.text)
        header = _header(row)
        if header:
            table, group = {**header, "rows": 0}, ""
            continue
        if table is None:
            continue
        if not table["rows"] and _continues_header(row):
            table["years"] += _years(row)
            continue
        values = _values(row, table)
        if values is None:
            group = _title(row, table) or group  # "1 | Cà Phê": the group the rows below belong to
            continue
        table["rows"] += 1
        indicator = _title(row, table)
        if group and row[0] in ("-", "+", "–"):
            indicator = f"{group}: {indicator}"
        unit = row[table["unit"]] if table["unit"] < len(row) else ""
        end = segment.start + len(segment.text)
        found += [{"order": segment.order, "section_path": segment.section_path, "start": segment.start, "end": end,
                   "row": segment.text, "indicator": indicator, "unit": unit, "cell": cell, "year": year}
                  for cell, year in values]
    return found


def value_of(cell: str) -> float | None:
    """The target a value cell sets ("247.907" -> 247907, "1-1,5" -> 1), None for none ("-", "")."""
    match = _VALUE.match(cell)
    if not match:
        return None
    low = match.group("low")
    return read_number(low) if re.fullmatch(NUMBER, low) else None


def _header(row: list[str]) -> dict | None:
    """The columns of a yearly-values table's header row: indicator, unit and the years it names; None for
    another row."""
    kinds = [column_kind(cell) for cell in row]
    if "task" not in kinds or "unit" not in kinds or {"lead", "coordinate"} & set(kinds):
        return None
    years = _years(row)
    periods = [cell for cell in row if len(re.findall(r"(?:19|20)\d{2}", cell)) >= 2]
    if not years and not periods:
        return None
    return {"indicator": kinds.index("task"), "unit": kinds.index("unit"), "years": years}


def _years(row: list[str]) -> list[str]:
    """The labels of the row's year columns that set targets, in order (baselines left out)."""
    return [" ".join(cell.split()) for cell in row
            if _YEAR_COLUMN.match(" ".join(cell.split())) and not _BASELINE.search(fold(cell))]


def _continues_header(row: list[str]) -> bool:
    """A header's second line ("Năm 2026 | Năm 2027", "Kế hoạch | Ước thực hiện") or its column numbers
    ("1 | 2 | 3 | ... | 8"): before the first row with values."""
    numbers = [cell for cell in row if cell.isdigit()]
    if len(numbers) == len(row) and [int(n) for n in numbers] == list(range(1, len(row) + 1)):
        return True
    return not any(_VALUE.match(cell) for cell in row)


def _values(row: list[str], table: dict) -> list[tuple[str, str]] | None:
    """(cell, year) for the row's target cells, read from the right; None for a row with no values (a group's
    title)."""
    years = table["years"]
    if not years or len(row) < table["unit"] + 1 + len(years) or not _ROW_MARK.match(row[0]):
        return None
    tail = row[-len(years):]
    if not any(_VALUE.match(cell) for cell in tail):
        return None
    return [(cell, year) for cell, year in zip(tail, years) if value_of(cell) is not None]


def _title(row: list[str], table: dict) -> str:
    index = table["indicator"]
    return row[index] if index < len(row) else (row[1] if len(row) > 1 else "")
