"""Who is assigned what: lead and coordinating agencies of each task in a plan.

Plans assign tasks in two shapes, both handled here:

- **inline**: a sentence opens with the agencies and goes on with what they do -- "Ban Tuyên
  giáo Tỉnh uỷ chủ trì, phối hợp với Ban cán sự đảng Ủy ban nhân dân tỉnh, ... chỉ đạo triển
  khai thực hiện", "Giao Sở Tài nguyên và Môi trường là cơ quan đầu mối ...", "Ban cán sự đảng
  Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh chỉ đạo thực hiện thường xuyên";
- **heading**: a line naming the agencies ends with a colon ("1. Sở Tài nguyên và Môi
  trường:", "Ban Cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh chỉ đạo:") and the passages under it,
  up to the next numbered item, are its tasks: one assignment per passage.

The agencies a sentence opens with (its subject, after "Giao", "Đề nghị", "Yêu cầu", "Thủ
trưởng", "Chủ tịch") *lead*; the agencies after "phối hợp với" *coordinate*. A passage under a
heading that itself says "Phối hợp với Sở ..." is the heading agency's task (lead), with the
agency named after "phối hợp với" coordinating: the plan lists it among the heading agency's
tasks.

A task table's row ("1 | Xây dựng ... | Sở Tài nguyên và Môi trường | Ủy ban nhân dân các huyện |
Năm 2023") assigns the agencies of its "Cơ quan chủ trì" column (lead) and its "Cơ quan phối
hợp" column (coordinate), named by the table's header row.

Agencies are recognised by ``data/agencies.csv`` (name, aliases such as "Sở TN&MT" and
"UBND tỉnh", and the successor after the 2025 reorganisation: Sở Nông nghiệp và Môi trường
for both former departments), case- and tone-insensitively, longest name first; an agency
missing from the file is still found by its head word ("Sở", "Ban", "Chi cục", "Trung tâm"
followed by capitalised words) and kept as written.

``agency_assignments(corpus, hits)`` returns one row per agency and task
(``AGENCY_COLUMNS``): ``doc_id, province, province_2025, year, agency`` (the name in full),
``agency_as_written, successor_2025`` (the 2025 successor; the same name when unchanged),
``role`` (lead | coordinate), ``themes`` (the codebook themes of the task's text, else of
its numbered item; "; "-separated), ``order, section_path`` (where the task is) and ``text``
(the task).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import pandas as pd

from analysis import config
from analysis.measure.commitments.passages import plan_rows, sentences
from analysis.read.normalize import fold

AGENCY_COLUMNS = ["doc_id", "province", "province_2025", "year", "agency", "agency_as_written", "successor_2025",
                  "role", "themes", "order", "section_path", "text"]

# Words before the agencies of an assignment, and the bullet or number in front of them.
_LEAD_IN = re.compile(r"^(?:[-–•*+]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ][.)]\s*)?"
                      r"(?:(?:giao|đề nghị|yêu cầu|thủ trưởng|chủ tịch|giám đốc)\s+)*", re.I)
# What may stand between two agencies of one list.
_BETWEEN = re.compile(r"\s*(?:[,;]\s*|\s+và\s+|\s+)", re.I)
# Before an agency: an article or the title of its head ("Thủ trưởng các sở", "Chủ tịch Ủy ban").
_ARTICLE = re.compile(r"(?:(?:thủ trưởng|chủ tịch|giám đốc)\s+)?(?:(?:các|cơ quan)\s+)?", re.I)
# After an agency: its level ("... tỉnh", "cấp tỉnh") or its place ("UBND các huyện, thành phố Cà Mau").
_LEVEL = re.compile(r"(?:\s+(?:cấp\s+)?tỉnh\b)?(?:\s+[A-ZĐÂĂÊÔƠƯ]\w*(?:\s+[A-ZĐÂĂÊÔƠƯ]\w*){0,2}(?=[\s,;:]|$))?")
_COORDINATE = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)\s+", re.I)
# An agency no row of agencies.csv names: a head word and capitalised words ("Sở Du lịch").
_UNKNOWN = re.compile(r"\b(?:Sở|Chi cục|Trung tâm|Ban Quản lý|Bộ Chỉ huy|Hội|Liên đoàn|Đài)(?:\s+(?:và\s+)?[A-ZĐÂĂÊÔƠƯ][\w\-&]*)+")
_PLACE_HEADING = re.compile(r"^(?:[A-ZĐÂĂÊÔƠƯ]\w*\s*){1,4}:\s*$")
_STRUCTURAL = {"section", "item", "subitem", "article"}
# Between two cells of a table row (``read.normalize`` writes a tab between cells as this).
_CELL = " | "


@lru_cache(maxsize=1)
def gazetteer() -> tuple[tuple[str, str, str], ...]:
    """(folded alias, name, successor_2025) for every name and alias, longest first."""
    with open(config.DATA_DIR / "agencies.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    entries = {}
    for row in rows:
        for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
            entries.setdefault(fold(alias.strip()), (row["name"], row["successor_2025"] or row["name"]))
    for row in rows:  # a plan written after 2025 names the successor itself ("Đảng ủy Ủy ban nhân dân tỉnh")
        if row["successor_2025"]:
            entries.setdefault(fold(row["successor_2025"]), (row["successor_2025"], row["successor_2025"]))
    return tuple(sorted(((alias, *value) for alias, value in entries.items()), key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(alias) for alias, _, _ in gazetteer()) + r")(?!\w)")


@lru_cache(maxsize=1)
def _lookup() -> dict[str, tuple[str, str]]:
    return {alias: (name, successor) for alias, name, successor in gazetteer()}


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """``text`` folded for matching, the same length (one sentence is looked up at many positions)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()  # folding changed the length: plain lower case


def agency_at(text: str, start: int = 0) -> tuple[int, str, str, str] | None:
    """The agency beginning at ``start`` of ``text``: (end, name, as written, successor)."""
    match = _pattern().match(_folded(text), start)
    if match:
        name, successor = _lookup()[match.group(0)]
        return match.end(), name, text[start:match.end()], successor
    unknown = _UNKNOWN.match(text, start)
    if unknown:
        return unknown.end(), unknown.group(0), unknown.group(0), unknown.group(0)
    return None


def _agency_after_article(text: str, position: int):
    """The agency at ``position``, or after a "các" / "cơ quan" in front of it."""
    found = agency_at(text, position)
    if found is None:
        article = _ARTICLE.match(text, position)
        found = agency_at(text, article.end()) if article.end() > position else None
    return found


def agency_list(text: str, start: int = 0) -> tuple[int, list[tuple[str, str, str]]]:
    """The agencies listed from ``start`` ("A, B và các C tỉnh"): where the list ends, and each
    (name, as written, successor)."""
    found, position = [], start
    while (agency := _agency_after_article(text, position)) is not None:
        end, name, written, successor = agency
        found.append((name, written, successor))
        end += _LEVEL.match(text, end).end() - end  # "... chính trị - xã hội tỉnh", "cấp tỉnh"
        between = _BETWEEN.match(text, end)
        if between is None or _agency_after_article(text, between.end()) is None:
            return end, found
        position = between.end()
    return position, found


def subject(sentence: str) -> tuple[list[tuple[str, str, str]], str]:
    """The agencies a sentence opens with and the rest of it ("" rest when none lead)."""
    lead_in = _LEAD_IN.match(sentence)
    end, agencies = agency_list(sentence, lead_in.end() if lead_in else 0)
    rest = sentence[end:].lstrip(" ,")
    # A subject goes on with what it does (a lower-case verb) or a colon (a heading), perhaps
    # after a place name ("UBND các huyện, thành phố Cà Mau:").
    if agencies and _PLACE_HEADING.match(rest):
        return agencies, ":"
    if not agencies or not rest or not (rest[0].islower() or rest[0] == ":"):
        return [], sentence
    return agencies, rest


def coordinating(text: str) -> list[tuple[str, str, str]]:
    """The agencies named after each "phối hợp với" in ``text``."""
    found = []
    for match in _COORDINATE.finditer(text):
        found += agency_list(text, match.end())[1]
    return found


def agency_assignments(corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Every lead and coordinating assignment in the body of every usable plan; see the module docstring."""
    return plan_rows(corpus, hits, _all_assignments, AGENCY_COLUMNS)


def _all_assignments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    """A plan's assignments in sentences and in task tables, in text order."""
    rows = _plan_assignments(segments, themes, doc_id) + _table_assignments(segments, themes, doc_id)
    return sorted(rows, key=lambda row: row["order"])


def _table_assignments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    """Tasks listed as a table, one row a line with its cells apart ("1 | Xây dựng ... | Sở Tài nguyên và
    Môi trường | Ủy ban nhân dân các huyện | Năm 2023", ``read.formats.table_lines``), under a header row
    naming the lead ("Cơ quan chủ trì") and coordinating ("Cơ quan phối hợp") columns."""
    rows, columns = [], None
    for segment in segments[segments["is_body"]].itertuples(index=False):
        cells = [cell.strip() for cell in segment.text.split(_CELL)]
        folded = [fold(cell) for cell in cells]
        lead = next((i for i, cell in enumerate(folded) if "chủ trì" in cell and len(cell) < 40), None)
        coordinate = next((i for i, cell in enumerate(folded) if "phối hợp" in cell and len(cell) < 40), None)
        if lead is not None and coordinate is not None:
            columns = (len(cells), lead, coordinate)  # the header row of a task table
        elif columns is not None and len(cells) == columns[0]:
            span, where = (segment.start, segment.end), (segment.order, segment.section_path)
            theme = themes.of(doc_id, span, segment.section_path)
            rows += [_row(a, "lead", theme, where, segment.text) for a in agency_list(cells[columns[1]])[1]]
            rows += [_row(a, "coordinate", theme, where, segment.text) for a in agency_list(cells[columns[2]])[1]]
        else:
            columns = None  # the table has ended
    return rows


def _plan_assignments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    rows, heading = [], None
    for segment in segments[segments["is_body"]].itertuples(index=False):
        if segment.kind in _STRUCTURAL:
            heading = None  # a new numbered item ends the tasks of the heading above
        where = (segment.order, segment.section_path)
        inline = False
        for offset, sentence in sentences(segment.text):
            span = (segment.start + offset, segment.start + offset + len(sentence))
            leads, rest = subject(sentence)
            for more in _clause_subjects(sentence, len(sentence) - len(rest) if leads else 0):
                inline = True  # "...; Sở Nông nghiệp và Môi trường chủ trì tham mưu."
                rows += _assignment(more, sentence, themes.of(doc_id, span, segment.section_path), where)
            if not leads:
                continue
            inline = True
            if rest.rstrip().endswith(":") and offset + len(sentence) >= len(segment.text.rstrip()):
                heading = leads  # "1. Sở Tài nguyên và Môi trường:" -- the tasks follow
                continue
            rows += _assignment(leads, sentence, themes.of(doc_id, span, segment.section_path), where)
        if heading and not inline:  # a passage under a heading: one task of the heading's agencies
            span = (segment.start, segment.start + len(segment.text))
            rows += _assignment(heading, segment.text, themes.of(doc_id, span, segment.section_path), where)
    return rows


def _clause_subjects(sentence: str, after: int) -> list[list[tuple[str, str, str]]]:
    """The agencies that open a later clause of the sentence (after a semicolon beyond ``after``,
    where the sentence's own subject ends: "A; B, C lãnh đạo" is one list, not three clauses)."""
    found = []
    for match in re.finditer(r";\s*", sentence):
        if match.start() >= after:
            leads, rest = subject(sentence[match.end():].split(";")[0])
            if leads and not rest.rstrip().endswith(":"):
                found.append(leads)
    return found


def _assignment(leads, text: str, theme: str, where) -> list[dict]:
    """Rows of one task: its lead agencies, then those it coordinates with."""
    return [_row(a, "lead", theme, where, text) for a in leads] + \
        [_row(a, "coordinate", theme, where, text) for a in coordinating(text)]


def _row(agency, role, theme, where, text) -> dict:
    name, written, successor = agency
    return {"agency": name, "agency_as_written": written, "successor_2025": successor, "role": role,
            "themes": theme, "order": where[0], "section_path": where[1], "text": text.strip()}
