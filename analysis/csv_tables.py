"""CSV files a spreadsheet opens safely: the one writer of every CSV the project writes, and its reader.

Passages come from plans and web pages, which are hostile: a cell starting ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is run by Excel or LibreOffice as a formula when
the CSV is double-clicked (``=HYPERLINK(...)`` sends data away; a bullet "- Quán triệt ..."
shows as ``#NAME?``). As OWASP advises (https://owasp.org/www-community/attacks/CSV_Injection),
such a text cell is written with a single quote before it, which spreadsheets show and never
run. A text cell that itself starts with a quote gets one more, so the guard is undone
exactly: ``read_csv`` (``analysis.read_table``) gives back the text as it was (a carriage
return, which normalised plan text never holds, comes back as a line break). Numbers are
never touched: -5 in a numeric column stays -5; only text cells (and headers) are guarded.

Without this package: pandas
``pd.read_csv(path).replace(r"^'(?=[=+\\-@\\t\\r'])", "", regex=True)``; R
``df[] <- lapply(df, function(x) if (is.character(x)) sub("^'(?=[-=+@\\t\\r'])", "", x, perl = TRUE) else x)``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.atomic import replace_into

# The first characters that make a spreadsheet read a cell as a formula (OWASP), and the guard's own.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_GUARDED = re.compile(r"^'(?=[=+\-@\t\r'])")
_GUARDED_STARTS = FORMULA_STARTS + (GUARD,)


def guard(value):
    """A text that a spreadsheet would run, or that starts with the guard, with the guard before
    it; anything else (numbers, missing values, other text) as it is."""
    if isinstance(value, str) and value.startswith(_GUARDED_STARTS):
        return GUARD + value
    return value


def unguard(value):
    """The text ``guard`` was given (the inverse of ``guard``)."""
    return _GUARDED.sub("", value, count=1) if isinstance(value, str) else value


def _is_text(values: pd.Series) -> bool:
    """A column that may hold text (numbers' columns are never guarded: -5 stays a number)."""
    return (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)
            or isinstance(values.dtype, pd.CategoricalDtype))


def _cell(value):
    """A text cell as written: carriage returns as line breaks (Python's csv module quotes a cell
    holding a line break but not one holding a bare carriage return, at which readers split the
    row), then guarded."""
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return guard(value)


def guarded(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell and header guarded (a copy; numeric columns untouched)."""
    table = table.copy()
    for index in range(table.shape[1]):
        values = table.iloc[:, index]
        if _is_text(values):
            table.isetitem(index, _guarded_column(values))
    table.columns = [guard(c) for c in table.columns]
    return table


def _guarded_column(values: pd.Series) -> pd.Series:
    """``_cell`` of every cell, as objects. Only the few cells it changes are passed to it: a check in a
    generator costs a seventh of a Python call per cell (4.3 s of a run at 1,000 plans went to those calls)."""
    cells = values.to_numpy(dtype=object)
    changed = np.fromiter((isinstance(v, str) and (v.startswith(_GUARDED_STARTS) or "\r" in v) for v in cells),
                          dtype=bool, count=len(cells))
    if changed.any():
        cells = cells.copy()
        cells[changed] = [_cell(v) for v in cells[changed]]
    return pd.Series(cells, index=values.index, name=values.name, dtype=object)


# Files: six significant digits, so equal tables give equal bytes on every machine.
FILE_FLOAT_FORMAT = "%.6g"


def csv_text(table: pd.DataFrame, float_format: str | None = None) -> str:
    """``table`` as CSV text, guarded (the CLI's ``--format csv``: numbers in full by default)."""
    return guarded(table).to_csv(index=False, float_format=float_format, lineterminator="\n")


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` to ``path``, guarded, atomically, numbers with ``FILE_FLOAT_FORMAT``."""
    replace_into(path, lambda tmp: guarded(table).to_csv(tmp, index=False, float_format=FILE_FLOAT_FORMAT,
                                                           lineterminator="\n"))
    return path


def read_csv(path: Path | str, **options) -> pd.DataFrame:
    """A CSV this package wrote, with every text cell and header exactly as it was before the
    guard (``options`` go to ``pandas.read_csv``)."""
    table = pd.read_csv(path, **options)
    for index in range(table.shape[1]):
        if _is_text(table.iloc[:, index]):
            table.isetitem(index, table.iloc[:, index].map(unguard))
    table.columns = [unguard(c) for c in table.columns]
    return table
