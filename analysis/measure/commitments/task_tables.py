"""Task tables: the appendix of a plan that lists its tasks row by row, the most reliable source
of commitments in real plans ("Phụ lục: Danh mục nhiệm vụ ...").

A ``.docx`` or web-page table arrives after reading as one line per row, its cells separated by
" | ". A table starts at a header row whose cells name what the columns hold
(``config.TASK_TABLE_HEADERS``: "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp |
Thời gian hoàn thành | Sản phẩm", and the variants real plans write: "Đơn vị chủ trì", "Cơ quan
thực hiện", "Thời gian thực hiện", "Tiến độ", "Kết quả/sản phẩm") and runs while the lines are
rows. Each row is one task: its columns are read as task, lead, coordinators, deadline and
output. A row that only groups the ones below ("I | CÔNG TÁC TUYÊN TRUYỀN | | |") is none.

In a lead cell an agency followed by "phối hợp" coordinates ("Sở A chủ trì; Sở B phối hợp");
in a coordinating cell every agency coordinates.

``table_tasks(segments)`` -> one dict per row: ``order, section_path, start, end`` (of its line),
``task``, ``agencies`` ([(Agency, role)]), ``deadline_text`` and ``output`` (the cells as written),
``read_from`` ("table").
``is_table_row(text)``: a line holding table cells.

**Task cards**: the same columns written as labelled lines under a numbered task ("2. Tổ chức tập huấn
... / - Cơ quan chủ trì: Sở Nội vụ, Sở Tài chính. / - Cơ quan phối hợp: ... / - Thời gian thực hiện: Năm
2025 và các năm tiếp theo."), as plans that implement a law or a programme write them.
``card_tasks(segments)`` -> the same dicts, one per task of a card, its ``task`` the task's passage and its
labels, and ``lines`` the orders of the card's passages that hold only labels (read here, not as prose).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis import config
from analysis.measure.commitments.agency_names import Agency, agency_list, role_of
from analysis.measure.commitments.passages import segment_rows
from analysis.read.normalize import fold

_CELL = " | "
_NEXT_NAME = re.compile(r"[;,(/\n]\s*|\s+và\s+")
# A row grouping the tasks below it: a roman numeral or a letter, or a title in capitals.
_GROUP_NUMBER = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
# A header names its columns in a few words; a row's first cell is its number.
_HEADER_WORDS = 8
_ROW_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
_NOTE = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\))\s*$")
# A group's title copied as a line of its own, not as a row ("I. NÂNG CAO NHẬN THỨC VÀ ĐỔI MỚI TƯ DUY").
_GROUP_LINE = re.compile(r"^\s*(?:[IVXLC]+|[A-ZĐ])[.)]\s+\S")
_GROUP_WORDS = 12
# A card's label: at the start of a passage or of a sentence, words naming a table's column, a colon.
_CARD_LABEL = re.compile(r"(?:^|(?<=[.;]\s))\s*[-–•*+]?\s*((?:cơ quan|đơn vị|thời gian|thời hạn|tiến độ|nội dung|sản phẩm|"
                         r"kết quả)(?:\s+[^\s:]+){0,5}?)\s*:", re.I)


def is_table_row(text: str) -> bool:
    """A line holding table cells ("1 | Xây dựng ... | Sở TN&MT | ...")."""
    return _CELL in text


def cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split(_CELL.strip())]


def header_columns(row: list[str]) -> dict[str, int] | None:
    """What each column of a header row holds ({"task": 1, "lead": 2, ...}), or None when the row is
    not the header of a task table."""
    columns: dict[str, int] = {}
    if any(len(cell.split()) > _HEADER_WORDS for cell in row) or _ROW_NUMBER.match(row[0] if row else ""):
        return None  # a row of the table ("1 | Triển khai thực hiện một số nội dung chi ... | Cơ quan ...")
    for index, cell in enumerate(row):
        if kind := column_kind(cell):
            columns.setdefault(kind, index)
    if len(row) < config.TASK_TABLE_MIN_COLUMNS or "task" not in columns:
        return None
    return columns if {"lead", "deadline"} & set(columns) else None


def column_kind(words: str, number: bool = True) -> str | None:
    """What a table's header cell, or a card's label, names (``config.TASK_TABLE_HEADERS``): "Cơ quan chủ
    trì" -> lead, "Thời gian thực hiện" -> deadline; None for none. The number column ("STT") only when
    ``number``: its words must be the whole cell."""
    folded = fold(" ".join(words.split()))
    for kind, names in config.TASK_TABLE_HEADERS:
        if kind == "number":
            if number and folded in {fold(name) for name in names}:
                return kind
        elif any(fold(name) in folded for name in names):
            return kind
    return None


def cell_agencies(cell: str, default: str) -> list[tuple[Agency, str]]:
    """The agencies a cell names, each with the role its own verb gives it, else ``default``."""
    found, position = [], 0
    while position < len(cell):
        while position < len(cell) and cell[position] in " ,;()/":
            position += 1
        end, agencies = agency_list(cell, position)
        if agencies:
            role = role_of(cell[end:], default) if default == "lead" else default
            found += [(agency, role) for agency in agencies]
            position = end
            continue
        following = _NEXT_NAME.search(cell, position + 1)
        position = following.end() if following else len(cell)
    return found


def table_tasks(segments: pd.DataFrame) -> list[dict]:
    """Every row of every task table of a plan's segments; see the module docstring. A table may open
    the text (an appendix read on its own, taken for the letterhead): its rows count all the same."""
    tasks, columns, width = [], None, 0
    for segment in segment_rows(segments):
        if not is_table_row(segment.text):
            if not (_NOTE.match(segment.text) or _group_line(segment.text)):
                columns = None  # a line that is no row ends the table; a note in brackets or a group's title does not
            continue
        row = cells(segment.text)
        if columns is None or header_columns(row):
            columns, width = header_columns(row), len(row)
            continue
        # "| 2 | Triển khai ...": a row written with an outer bar has an empty cell before its number
        if len(row) > 1 and row[0] == "" and _ROW_NUMBER.match(row[1]) and columns.get("number") == 0:
            row = row[1:]
        # a header repeated on a new page without its "STT" cell ("Nội dung | Đơn vị thực hiện | ..."),
        # over rows that keep their number ("1.1 | Xây dựng ... | Sở ..."): the number is one cell more
        if "number" not in columns and len(row) == width + 1 and _ROW_NUMBER.match(row[0]):
            row = row[1:]
        task = _task(row, columns)
        if task:
            tasks.append({"order": segment.order, "section_path": segment.section_path, "start": segment.start,
                          "end": segment.start + len(segment.text), **task})
    return tasks


def card_tasks(segments: pd.DataFrame) -> list[dict]:
    """Every task of every task card of a plan's segments; see the module docstring. A card is a numbered
    title, the tasks listed under it, and labelled lines: after each task (its own: "- Tham mưu triển khai
    ... / Thời gian hoàn thành: Tháng 11 - 12/2025"), or after the title or the last task only (shared by
    all the card's tasks). Labels may run on in one passage ("Đơn vị chủ trì thực hiện: ... Đơn vị phối
    hợp: ... Thời gian thực hiện: Thường xuyên.") or close a task's own passage. A card without tasks listed
    is one task, its title's."""
    tasks, card = [], None  # card: the title, its shared fields, and [task segment, its fields] per task
    for segment in segment_rows(segments):
        if is_table_row(segment.text):
            continue
        body, fields = _labelled(segment)
        if segment.kind in ("section", "item", "subitem") and body:
            tasks += _card_rows(card)
            card = {"title": segment, "fields": fields, "items": [], "lines": []}
        elif card is not None and body:
            card["items"].append([segment, fields])
        elif card is not None:
            (card["items"][-1][1] if card["items"] else card["fields"]).extend(fields)
            card["lines"].append(segment.order)
    return tasks + _card_rows(card)


def _labelled(segment) -> tuple[str, list[tuple[str, str, int, str]]]:
    """A passage's own words before its first label, and its labelled fields: (kind, value, end offset in the
    plan, the label as written) per label ("Cơ quan chủ trì: Sở Nội vụ." -> ("lead", "Sở Nội vụ.", ...))."""
    labels = [m for m in _CARD_LABEL.finditer(segment.text) if column_kind(m.group(1), number=False)]
    fields = []
    for i, label in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(segment.text)
        fields.append((column_kind(label.group(1), number=False), segment.text[label.end():stop].strip(),
                       segment.start + stop,
                       segment.text[label.start():stop].strip()))
    body = segment.text[:labels[0].start()] if labels else segment.text
    return body.strip(" -–•*+\t"), fields


def _card_rows(card: dict | None) -> list[dict]:
    if card is None:
        return []
    items, shared = card["items"], list(card["fields"])
    if len(items) > 1 and items[-1][1] and not any(fields for _, fields in items[:-1]):
        shared, items[-1][1] = shared + items[-1][1], []  # lines after the last task only: the card's
    rows = []
    for segment, own in items or [[card["title"], []]]:
        kinds = {field[0] for field in own}
        fields = own + [field for field in shared if field[0] not in kinds]
        if {"lead", "coordinate", "deadline"} & {field[0] for field in fields}:
            rows.append({**_card_task(segment, fields), "lines": card["lines"]})
    return rows


def _card_task(segment, fields: list) -> dict:
    def value(kind: str) -> str:
        return "; ".join(text for k, text, _, _ in fields if k == kind)

    agencies = cell_agencies(value("lead"), "lead") + cell_agencies(value("coordinate"), "coordinate")
    own_end = segment.start + len(segment.text)
    end = max([own_end] + [stop for _, _, stop, _ in fields])
    labels = " ".join(written for _, _, stop, written in fields if not segment.start < stop <= own_end)
    return {"order": segment.order, "section_path": segment.section_path, "start": segment.start, "end": end,
            "task": " ".join(part for part in (segment.text, labels) if part), "agencies": agencies,
            "deadline_text": value("deadline"), "output": value("output"), "read_from": "card"}


def _group_line(text: str) -> bool:
    """A group's title between rows: a roman numeral or a letter and a few words ("I. Kinh tế số"), or capitals."""
    return bool(_GROUP_LINE.match(text)) and (text == text.upper() or len(text.split()) <= _GROUP_WORDS)


def _task(row: list[str], columns: dict[str, int]) -> dict | None:
    def cell(kind: str) -> str:
        index = columns.get(kind)
        return row[index] if index is not None and index < len(row) else ""

    task = cell("task")
    others = [cell(kind) for kind in ("lead", "coordinate", "deadline", "output")]
    grouping = _GROUP_NUMBER.match(cell("number")) or (task.isupper() and not any(others))
    if not task or grouping:
        return None
    agencies = cell_agencies(cell("lead"), "lead") + cell_agencies(cell("coordinate"), "coordinate")
    return {"task": task, "agencies": agencies, "deadline_text": cell("deadline"), "output": cell("output"),
            "read_from": "table"}
