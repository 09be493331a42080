"""The Excel workbook: every table of a run as a sheet.

``write_workbook(tables, path)`` writes one sheet per table (names cut to Excel's 31
characters, kept unique), with fixed document dates and zip entry times so that equal
tables give byte-identical files.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.atomic import write_bytes

# Any fixed date will do: the workbook's content does not depend on when it was written.
_FIXED_DATE = datetime(2000, 1, 1)


def _sheet_names(names: list[str]) -> list[str]:
    used: set[str] = set()
    sheets = []
    for name in names:
        sheet, suffix = name[:31], 2
        while sheet in used:
            sheet = f"{name[:28]}~{suffix}"
            suffix += 1
        used.add(sheet)
        sheets.append(sheet)
    return sheets


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """Every table as a sheet; see the module docstring."""
    buffer = io.BytesIO()
    # xlsxwriter: writes a sheet about twice as fast as openpyxl, which matters at a national
    # corpus (hundreds of thousands of evidence rows); openpyxl still reads it back in tests.
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_urls": False, "strings_to_formulas": False}}) as writer:
        writer.book.set_properties({"created": _FIXED_DATE})
        for sheet, table in zip(_sheet_names(list(tables)), tables.values()):
            frame = table.copy()
            for column in frame.columns:  # lists and tuples are not cell values
                if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
                    frame[column] = frame[column].map(str)
            frame.to_excel(writer, sheet_name=sheet, index=False)
    return write_bytes(path, _fixed_zip_times(buffer.getvalue()))


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
