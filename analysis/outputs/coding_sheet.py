"""Coding sheets: written for a person to code, read back however they were filled.

``write_sheet(sample, path, themes, coder, lang, about)`` writes ``path`` (.xlsx) and, beside it,
the same rows as ``.csv`` and the sample's design as ``.design.csv``. The workbook has three
sheets: ``passages`` (``SHEET_COLUMNS``: ``unit_id, plan, section, text, coder``, one column per
theme headed by its id, with a drop-down of the two allowed answers, and ``notes``), ``instructions``
(what to do, each theme's label and description, and ``about``: seed, unit, size, codebook,
date) and ``design``, hidden: each unit's stratum, N and n (``measure.themes.validation``). The
codebook's answer is in none of them, and the rows are in reading order (plan, position), so the
coder is not led; the strata are kept out of sight because they would say which units the
codebook found.

``read_sheet(path, theme_ids)`` reads a filled sheet (.xlsx or .csv) into a ``CodedSheet``:
``coder``, ``units`` (``unit_id, doc_id, section, text``), ``codes`` (``coder, unit_id, theme,
code``: 1 yes, 0 no, a row per answered cell), ``design`` (or None) and ``notes`` (what was
tolerated). It finds the header row and the columns by name, in any order, ignoring columns it
does not know; rows may be reordered, cells blank; answers are yes/no, có/không, 1/0, x, true/false
in any case; a theme column may be headed by the theme's id or label. A CSV's design is its
``.design.csv`` when present. A file that is not a coding sheet raises ``SheetError``: one sentence
naming the file and what to do.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import UserError
from analysis.read.normalize import fold
from analysis.resources import text

SHEET_COLUMNS = ["unit_id", "plan", "section", "text", "coder"]
DESIGN_COLUMNS = ["unit_id", "stratum", "stratum_size", "stratum_sampled"]
# Written on every design row: what the sample was drawn with (the annex says when and from what).
ABOUT_COLUMNS = ["unit", "seed", "sampled_on", "codebook_sha256"]
_YES = {"yes", "y", "1", "x", "true", "co", "c", "có", "1.0"}
_NO = {"no", "n", "0", "false", "khong", "k", "không", "0.0"}
SUFFIXES = (".xlsx", ".csv")


class SheetError(UserError):
    """The file is not a coding sheet; the message names it and says what to do."""


@dataclass
class CodedSheet:
    path: Path
    coder: str
    units: pd.DataFrame
    codes: pd.DataFrame
    design: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)


def design_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).stem + ".design.csv")


def answers(lang: str) -> list[str]:
    return [text("validation.answer_yes", lang), text("validation.answer_no", lang)]


def write_sheet(sample: pd.DataFrame, path: Path, themes: list[dict], coder: str = "",
                lang: str = config.DEFAULT_LANG, about: dict | None = None) -> list[Path]:
    """The .xlsx, .csv and .design.csv of a sample; ``themes``: dicts of id, label, description."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path).with_suffix(".xlsx")
    rows = sample.assign(coder=coder, notes="")[["unit_id", "plan", "section", "text", "coder"]]
    for theme in themes:
        rows.insert(len(rows.columns), theme["id"], "")
    rows["notes"] = ""
    book = Workbook()
    sheet = book.active
    sheet.title = "passages"
    sheet.append(list(rows.columns))
    for values in rows.itertuples(index=False):
        sheet.append(list(values))
    allowed = answers(lang)
    choice = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True,
                            showErrorMessage=True, error=text("validation.dropdown_error", lang, yes=allowed[0],
                                                              no=allowed[1]))
    sheet.add_data_validation(choice)
    for k in range(len(themes)):
        letter = sheet.cell(row=1, column=len(SHEET_COLUMNS) + 1 + k).column_letter
        choice.add(f"{letter}2:{letter}{len(rows) + 1}")
        sheet.column_dimensions[letter].width = 14
    for letter, width in zip("ABCDE", (26, 22, 18, 90, 12)):
        sheet.column_dimensions[letter].width = width
    for cell in sheet["D"][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "E2"
    _instructions(book.create_sheet("instructions"), themes, lang, about or {})
    design_rows = sample[DESIGN_COLUMNS].assign(**{k: str((about or {}).get(k, "")) for k in ABOUT_COLUMNS})
    design = book.create_sheet("design")
    design.append(list(design_rows.columns))
    for values in design_rows.itertuples(index=False):
        design.append([str(values[0]), str(values[1]), int(values[2]), int(values[3]), *values[4:]])
    design.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    rows.to_csv(path.with_suffix(".csv"), index=False, encoding="utf-8-sig")
    design_rows.to_csv(design_path(path), index=False)
    return [path, path.with_suffix(".csv"), design_path(path)]


def _instructions(sheet, themes: list[dict], lang: str, about: dict) -> None:
    from openpyxl.styles import Alignment, Font

    allowed = answers(lang)
    for line in text("validation.instructions", lang, yes=allowed[0], no=allowed[1]).split("\n"):
        sheet.append([line])
    sheet.append([])
    sheet.append([text("validation.theme_column", lang), text("validation.meaning_column", lang)])
    for theme in themes:
        sheet.append([theme["id"], f"{theme['label']}. {theme.get('description', '')}".strip()])
    sheet.append([])
    for key, value in about.items():
        sheet.append([key, str(value)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True)


# --- reading ----------------------------------------------------------------------------------


def _table(path: Path) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(the coding rows as text, the design or None), from either kind of file."""
    if path.suffix.lower() == ".csv":
        try:
            rows = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError):
            raise SheetError(f"{path} cannot be read as a CSV table; give the .csv or .xlsx file that "
                             "'validate sample' wrote") from None
        design = design_path(path)
        return rows, (pd.read_csv(design, dtype=str).astype({"stratum_size": float, "stratum_sampled": float})
                      if design.exists() else None)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SheetError(f"{path} cannot be opened as a spreadsheet; save it as .xlsx (or .csv) and try again") from None
    rows = sheets.get("passages", next(iter(sheets.values())) if sheets else pd.DataFrame())
    design = sheets.get("design")
    if design is not None and len(design):
        design = design.iloc[1:].set_axis(list(design.iloc[0]), axis=1)
        if set(DESIGN_COLUMNS) <= set(design.columns):
            design = design.astype({"stratum_size": float, "stratum_sampled": float})
        else:
            design = None
    return _with_header(rows.fillna("")), design if design is not None and len(design) else None


def _with_header(rows: pd.DataFrame) -> pd.DataFrame:
    """The table below its header row: the first of the first 10 rows that names ``unit_id``."""
    for i in range(min(10, len(rows))):
        if "unit_id" in [str(v).strip().lower() for v in rows.iloc[i]]:
            return rows.iloc[i + 1:].set_axis([str(v).strip() for v in rows.iloc[i]], axis=1)
    return rows.iloc[:0]


def _code(value: str) -> float | None:
    """1.0, 0.0, None for a blank; NaN for anything else (reported)."""
    value = str(value).strip().lower()
    if not value:
        return None
    if value in _YES or fold(value) in _YES:
        return 1.0
    if value in _NO or fold(value) in _NO:
        return 0.0
    return float("nan")


def _theme_columns(columns, themes: dict[str, str]) -> dict[str, str]:
    """Sheet column -> theme id, for columns headed by a theme's id or label (case and tone marks ignored)."""
    names = {fold(name): theme for name, theme in themes.items()}
    return {column: names[fold(column)] for column in columns if fold(column) in names}


def read_sheet(path: Path | str, themes: dict[str, str]) -> CodedSheet:
    """A filled coding sheet; ``themes`` maps every id and label a column may be headed by to its
    theme id. See the module docstring."""
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path} does not exist; give the path of a filled coding sheet (.xlsx or .csv)")
    if path.suffix.lower() not in SUFFIXES:
        raise SheetError(f"{path} is not a coding sheet (.xlsx or .csv); give the file 'validate sample' wrote")
    rows, design = _table(path)
    rows = rows.loc[:, ~rows.columns.duplicated()] if len(rows.columns) else rows
    lowered = {str(c).strip().lower(): c for c in rows.columns}
    if "unit_id" not in lowered:
        raise SheetError(f"{path} has no unit_id column, so it is not a coding sheet; code the sheet that "
                         "'python -m analysis validate sample' writes")
    columns = _theme_columns(rows.columns, themes)
    if not columns:
        raise SheetError(f"{path} has no column named after a theme of the codebook ({', '.join(sorted(set(themes.values())))}); "
                         "keep the theme columns of the sheet as written")
    rows = rows.rename(columns={lowered["unit_id"]: "unit_id"})
    rows = rows[rows["unit_id"].astype(str).str.strip() != ""]
    coder_column = lowered.get("coder")
    named = [c for c in rows[coder_column].astype(str).str.strip() if c] if coder_column else []
    coder = named[0] if named else path.stem
    return _coded(path, rows, columns, coder, design)


def _coded(path: Path, rows: pd.DataFrame, columns: dict[str, str], coder: str, design) -> CodedSheet:
    notes, records = [], []
    unreadable = 0
    for row in rows.to_dict("records"):
        for column, theme in columns.items():
            value = _code(row.get(column, ""))
            if value is None:
                continue
            if value != value:  # NaN: not an answer the sheet allows
                unreadable += 1
                continue
            records.append({"coder": coder, "unit_id": str(row["unit_id"]).strip(), "theme": theme, "code": value})
    if unreadable:
        notes.append(text("validation.note_unreadable", "en", path=path.name, n=unreadable))
    codes = pd.DataFrame(records, columns=["coder", "unit_id", "theme", "code"])
    codes = codes.drop_duplicates(["coder", "unit_id", "theme"], keep="last")  # a unit listed twice: its last answer
    units = pd.DataFrame({"unit_id": rows["unit_id"].astype(str).str.strip(),
                          "doc_id": rows["unit_id"].astype(str).str.split(":").str[0],
                          "section": rows.get("section", pd.Series("", index=rows.index)).astype(str),
                          "text": rows.get("text", pd.Series("", index=rows.index)).astype(str)})
    return CodedSheet(path, coder, units.drop_duplicates("unit_id", keep="last").reset_index(drop=True),
                      codes.reset_index(drop=True), design, notes)


def sheet_files(corpus_dir: Path | str | None) -> list[Path]:
    """The coding sheets of a corpus folder: ``<folder>/validation/*.xlsx`` and ``*.csv`` (not the
    ``.design.csv`` files, nor the lock files office programs leave)."""
    folder = Path(corpus_dir or config.CORPUS_DIR) / config.VALIDATION_DIR_NAME
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.endswith(".design.csv") and not p.name.startswith(("~$", ".")))
