"""``plans.csv``: the researcher's table of plan metadata, read and checked.

``read_plans_table(corpus_dir, warnings)`` returns the table's rows keyed by the file path they
describe (relative to the corpus folder, posix: a plan inside a zip archive is
``archive.zip/inner-name``), each row a dict over ``PLANS_TABLE_COLUMNS`` with provinces
spelled as in ``data/provinces.csv`` and dates as ISO; a value that cannot be used is dropped
with a line in ``warnings``. ``match_row(relative, rows)`` is the row describing one file: by
its path, else by its name when only one row has that name. A table that cannot be read at all
raises ``CorpusError``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import UserError
from analysis.read.legal_references import parse_date
from analysis.read.metadata import canonical_province

PLANS_TABLE_COLUMNS = ["file", "province", "date", "year", "number", "doc_type", "issuer", "title", "encoding"]


class CorpusError(UserError):
    """A problem that stops the whole run; the message is one sentence for the user."""


def read_plans_table(corpus_dir: Path, warnings: list[str]) -> dict[str, dict[str, str]]:
    """Rows of ``plans.csv`` keyed by the file path they describe (relative, posix)."""
    path = corpus_dir / config.PLANS_TABLE_NAME
    if not path.exists():
        return {}
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise CorpusError(f"{path} could not be read as CSV ({error.__class__.__name__}); save it as UTF-8 CSV with a header row") from None
    table.columns = [c.strip().lower() for c in table.columns]
    if "file" not in table.columns:
        raise CorpusError(f"{path} has no 'file' column; its first row must name the columns: {', '.join(PLANS_TABLE_COLUMNS)}")
    unknown = [c for c in table.columns if c not in PLANS_TABLE_COLUMNS]
    if unknown:
        warnings.append(f"{path.name}: ignored unknown column(s) {', '.join(unknown)}; known columns are {', '.join(PLANS_TABLE_COLUMNS)}")
    rows = {}
    for number, row in enumerate(table.to_dict("records"), start=2):
        row = {k: str(v).strip() for k, v in row.items()}
        where = f"{path.name} line {number}"
        if row.get("province") and canonical_province(row["province"]) is None:
            warnings.append(f"{where}: unknown province '{row['province']}', using the detected one; spell it as in analysis/data/provinces.csv")
            row["province"] = ""
        elif row.get("province"):
            row["province"] = canonical_province(row["province"])
        if row.get("year") and not row["year"].isdigit():
            warnings.append(f"{where}: year '{row['year']}' is not a number, using the detected one; write it like 2024")
            row["year"] = ""
        if row.get("date"):
            _read_plans_date(row, where, warnings)
        if row.get("file"):
            rows[row["file"].replace("\\", "/").lstrip("./")] = row
    return rows


def _read_plans_date(row: dict[str, str], where: str, warnings: list[str]) -> None:
    """A plans.csv date, ISO or day first as Vietnamese write it (03/06/2013 is 3 June)."""
    written = row["date"]
    iso, ambiguous = parse_date(written)
    row["date"] = iso or ""
    if iso is None:
        warnings.append(f"{where}: date '{written}' is not a date, using the detected one; write it like 2020-02-26")
    elif ambiguous:
        day = date.fromisoformat(iso)
        warnings.append(f"{where}: date '{written}' is read day first, as {day.day} {day:%B} {day.year} ({iso}); "
                        f"if you meant {day.month} {date(day.year, day.day, 1):%B}, write it as "
                        f"{day.year}-{day.day:02d}-{day.month:02d}")


def match_row(relative: str, rows: dict[str, dict[str, str]]) -> dict[str, str] | None:
    if relative in rows:
        return rows[relative]
    name = relative.rsplit("/", 1)[-1]
    matches = [row for key, row in rows.items() if key.rsplit("/", 1)[-1] == name]
    return matches[0] if len(matches) == 1 else None
