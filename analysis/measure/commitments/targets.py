"""What a plan promises: targets (a number, its unit and its object, or a standard to reach)
and deadlines, attached to the sentence, the themes and the plan they come from.

**Targets** -- a number with a unit from ``UNITS`` ("100% khu công nghiệp có hệ thống xử lý
nước thải tập trung", "25 km đê biển", "300 ha rừng ngập mặn", "thu gom, xử lý đạt 50%", "40
điểm"): ``value`` (Vietnamese digits read: "1.000" is a thousand, "2,5" two and a half),
``unit`` normalised ("m3/ngày đêm" -> "m³/ngày đêm"), ``object``: the words after the unit up
to the clause's end, or -- when the unit ends the clause ("đạt 50%") -- the clause before the
number. A standard to reach ("đạt loại A", "đạt chuẩn nông thôn mới", "đạt quy chuẩn kỹ
thuật") is a qualitative target: empty value, the standard as its unit. Numbers that name
documents ("02-KL/TW", "số 2216/QĐ-UBND"), dates and durations ("10 năm") are not targets.

**Deadlines**: ``measure.commitments.deadlines``. A deadline governs the targets of its clause (the text between semicolons: a deadline closing
"xây dựng A, nâng cấp B, hoàn thành C trước năm 2027" governs all three); one that closes the
sentence ("đến năm", "trước năm", a period) governs the targets before it that have no timing of
their own ("Nâng cấp 25 km đê biển; trồng mới 300 ha rừng đến năm 2030": both due 2030; a clause's
own "trong năm 2017" stays its own); a heading that holds a
deadline and no target ("Đến năm 2025:", "1. Mục tiêu đến năm 2025") governs the passages under
it, up to the next passage at its own level. A decision's articles ("Điều 1. Ban hành kèm theo
... Kế hoạch ... giai đoạn 2023 - 2030") promise nothing: their period is the plan's title. A sentence with a deadline and no target is
a dated **task**.

**Task tables** (``measure.commitments.task_tables``): every row is a commitment, its targets or
else one task, dated by its deadline column ("Năm 2025", "Quý II/2025", "2024-2025": the last year;
"Hằng năm": annual), with its output column.

Numbers: "41,2 triệu cây xanh" is 41.2 (unit "triệu", object "cây xanh"); the object after a unit
is a common noun phrase in lower case ("80 % Đảng bộ tỉnh ... lần thứ XI" names no object: the
clause before the number is read instead).

``commitments(corpus, hits)`` -> ``COMMITMENT_COLUMNS``: one row per target or dated task:
``doc_id, province, province_2025, year, kind`` (target | standard | task), ``themes`` (the
codebook themes of the sentence, "; "-separated), ``value, unit, object, deadline,
deadline_year, deadline_kind, order, section_path, text`` (the sentence, or a table row's task),
``output`` (a table row's output column, else ""), ``read_from`` (text | table | card) and ``ocr_low_quality``
(True when the plan's text was read by OCR below the quality thresholds, ``read.ocr_quality``: its
numbers and years may be misread; check them on the scan).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.measure.commitments.deadlines import deadlines, table_deadline
from analysis.measure.commitments.passages import (LIST_MARK, NUMBER, approves, is_citation, plan_rows, read_number,
                                                   segment_rows, sentences)
from analysis.measure.commitments.task_tables import card_tasks, is_table_row, table_tasks
from analysis.measure.commitments.value_tables import value_cells, value_of
from analysis.read.citations import ISSUING_ARTICLE, citation_spans

COMMITMENT_COLUMNS = ["doc_id", "province", "province_2025", "year", "kind", "themes", "value", "unit", "object",
                      "deadline", "deadline_year", "deadline_kind", "order", "section_path", "text", "output", "read_from",
                      "ocr_low_quality"]

# Units as plans write them -> as tables show them. Longest first, so "tấn/ngày" beats "tấn".
UNITS = {
    "%/năm": "%/năm", "%": "%", "phần trăm": "%", "triệu usd": "triệu USD", "tỷ usd": "tỷ USD", "usd": "USD", "km2": "km²", "km²": "km²", "km": "km", "ha": "ha", "héc-ta": "ha", "hécta": "ha",
    "điểm": "điểm", "tấn/ngày đêm": "tấn/ngày", "tấn/ngày": "tấn/ngày", "tấn/năm": "tấn/năm", "tấn": "tấn",
    "m3/ngày đêm": "m³/ngày đêm", "m³/ngày đêm": "m³/ngày đêm", "m3/ngày.đêm": "m³/ngày đêm",
    "m3/ngày": "m³/ngày đêm", "m³/ngày": "m³/ngày đêm", "m3": "m³", "m³": "m³", "mw": "MW", "kwh": "kWh",
    "tỷ đồng": "tỷ đồng", "triệu đồng": "triệu đồng", "triệu": "triệu", "nghìn": "nghìn", "ngàn": "nghìn",
    "cây": "cây", "m2/người": "m²/người", "m²/người": "m²/người", "m2": "m²", "m²": "m²", "m": "m",
    "lít/người/ngày đêm": "lít/người/ngày đêm", "lít/người/ngày": "lít/người/ngày đêm", "khẩu": "khẩu",
    "hồ chứa": "hồ chứa", "hồ": "hồ", "đập": "đập", "khu vực": "khu vực", "nguồn nước": "nguồn nước",
    "cơ sở": "cơ sở", "trạm": "trạm", "hộ": "hộ", "xã": "xã", "làng nghề": "làng nghề", "bãi": "bãi",
    "lần/năm": "lần/năm", "lần": "lần", "công trình": "công trình", "mô hình": "mô hình",
    "doanh nghiệp": "doanh nghiệp", "người": "người",
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# A number not part of a document number, a date or a section number ("02-KL/TW", "16/12/2019"), perhaps
# the upper end of a range whose lower end is the target ("đạt từ 15 - 20%", "1%-1,5%": 15, 1; ">120 lít": 120).
_TARGET = re.compile(rf"(?<![\w/.,\-])(?:(?P<low>{NUMBER})\s*%?\s*[-–]\s*)?(?P<number>{NUMBER})\s*(?P<unit>{_UNIT})(?![\w/\-])",
                     re.I)
# Clauses that state no target: what exists now ("Hiện nay, tổng số trạm ... 180 trạm"), what it costs or
# where the money comes from ("Kinh phí thực hiện: 75,5 tỷ đồng", "Nguồn vốn ..."), where it applies
# ("Phạm vi thực hiện: ... 142 xã").
# What a number costs ("Tổng số 1.033 hộ, kinh phí 20.229,8 triệu đồng") and how a target breaks down
# ("trong đó ..."): no target of their own.
_FUNDS = re.compile(r"\b(?:kinh phí|vốn|dự toán|tổng mức đầu tư)\s*(?:(?:khoảng|là|dự kiến|:)\s*)*$", re.I)
_OF_WHICH = re.compile(r"\btrong đó\b", re.I)
_NO_TARGET = re.compile(rf"^\s*(?:{LIST_MARK}\s*)?(?:hiện nay|hiện tại|kinh phí|"
                        r"nguồn vốn|vốn\b|phạm vi|tổng (?:mức|kinh phí|vốn))", re.I)
# A sentence on money ("Kinh phí thực hiện: 75,5 tỷ đồng") states no amount to reach, though a share of it
# may be one ("Kinh phí chi cho nghiên cứu phát triển (R&D)/GRDP tối thiểu 2%").
_REACHES = re.compile(r"\bđạt\s*(?:khoảng|trên|tối thiểu|ít nhất)?\s*$", re.I)
_MONEY = {"tỷ đồng", "triệu đồng", "triệu", "nghìn", "triệu USD", "tỷ USD", "USD"}
_STANDARD = re.compile(r"\bđạt\s+((?:loại|mức)\s+[A-C]\b|(?:quy chuẩn|tiêu chuẩn|chuẩn)\b[^,;.()]{0,40})", re.I)
_LIST_MARK = re.compile(rf"^\s*{LIST_MARK}\s+")
_ANNOUNCES_LIST = re.compile(r"\b(?:(?:với|gồm|có)\s+(?:các|những)\s+(?:mục tiêu|chỉ tiêu|nhiệm vụ)(?:\s+(?:sau|cụ thể))?"
                             r"|như sau|sau đây)\s*:?$", re.I)
_HEADING_NUMBER = re.compile(rf"^\s*(?:{LIST_MARK}|[IVXLC]+[.)])\s+")
# A passage that opens with its deadline ("+ Đến năm 2025 đảm bảo xử lý 80% ... . Kiểm soát chặt chẽ ...",
# "+ Bảo vệ miền cấp nước dưới đất: Đến năm 2025 bảo vệ ..."): it dates the passage's later sentences too.
_OPENS_WITH = re.compile(rf"^\s*(?:{LIST_MARK}\s*)?(?:[^.:;]{{1,80}}:\s*)?$")
_NAMES_FOLLOW = re.compile(r"\s*:\s*[A-ZĐÂĂÊÔƠƯ]")
_CAPACITY = re.compile(r"\b(?:công suất|quy mô)\s*(?:khoảng|trên|tối thiểu)?\s*$", re.I)
_OBJECT_FILLER = re.compile(r"^(?:trở lên|trở lại|so với|trên tổng|tổng số|số)\b", re.I)
_BEFORE_FILLER = re.compile(r"\s*\b(?:đạt|đạt từ|trên|khoảng|tối thiểu|ít nhất|là|bằng|từ|lên|còn|dưới)\s*$", re.I)
# How deep a passage sits: a deadline heading governs the deeper passages after it.
_DEPTH = {"preamble": 0, "section": 0, "item": 1, "subitem": 2, "paragraph": 3, "bullet": 4}
_HEADING_WORDS = 10
_CLOSING = ("by", "before", "period")  # deadlines that, closing a sentence, date the whole sentence
_DATED_HEADING_WORDS = 20
_TASK = {"kind": "task", "value": None, "unit": "", "object": ""}
_OBJECT_WORDS = 25


def targets(sentence: str) -> list[dict]:
    """The targets of a sentence: ``start, kind, value, unit, object``."""
    about_money = bool(_NO_TARGET.match(sentence))
    if about_money and not re.match(r"^\W*(?:\S+\s+){0,3}?(?:kinh phí|vốn)", sentence, re.I):
        return []  # what exists now, where it applies
    blocked = citation_spans(sentence)
    found = []
    for match in _TARGET.finditer(sentence):
        if any(a <= match.start() < b for a, b in blocked) or _NAMES_FOLLOW.match(sentence, match.end()):
            continue  # "Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền, ...": a count introducing the names
        if found and _in_brackets(sentence, match.start()):
            continue  # "xử lý 80% tổng lượng nước thải (74,56 triệu m3/năm)": the size of the target before
        if _FUNDS.search(sentence, 0, match.start()) or (found and _breaks_down(sentence, found[-1]["start"],
                                                                                  match.start())):
            continue  # "kinh phí 20.229,8 triệu đồng"; "255.053,9ha, trong đó diện tích có rừng 196.114,2ha"
        unit = UNITS.get(match.group("unit").lower(), match.group("unit"))
        if about_money and unit in _MONEY and not _REACHES.search(sentence, 0, match.start()):
            continue  # what it costs; but "Tổng vốn đầu tư xã hội đạt khoảng 270.000 tỷ đồng" is a level to reach
        value = read_number(match.group("low") or match.group("number"))
        found.append({"start": match.start(), "kind": "target", "value": value, "unit": unit,
                      "object": _object(sentence, match.start(), match.end())})
    for match in _STANDARD.finditer(sentence):
        if any(_same_clause(sentence, match.start(), f["start"]) for f in found):
            continue  # "100% khu công nghiệp ... đạt quy chuẩn": the standard is part of the number's target
        found.append({"start": match.start(), "kind": "standard", "value": None,
                      "unit": match.group(1).strip(), "object": _before(sentence, match.start())})
    return sorted(found, key=lambda f: f["start"])


def _breaks_down(sentence: str, target: int, position: int) -> bool:
    """Whether the number at ``position`` breaks the target at ``target`` down ("255.053,9ha, trong đó diện
    tích có rừng 196.114,2ha; chưa có rừng 58.939,7ha"), up to a clause dated anew ("; đến năm 2030 ...")."""
    of_which = _OF_WHICH.search(sentence, target, position)
    return bool(of_which) and not re.search(r"\bnăm\s+(?:19|20)\d{2}", sentence[of_which.end():position])


def _in_brackets(sentence: str, position: int) -> bool:
    return sentence.rfind("(", 0, position) > sentence.rfind(")", 0, position)


def _same_clause(sentence: str, a: int, b: int) -> bool:
    low, high = min(a, b), max(a, b)
    return ";" not in sentence[low:high]


def _object(sentence: str, start: int, end: int) -> str:
    if _CAPACITY.search(sentence[:start]):  # "Nhà máy ... công suất 20.000 m3/ngày đêm": the plant
        return _before(sentence, _CAPACITY.search(sentence[:start]).start())
    after = re.split(r"[,;:.()]|\s(?:trong|trước|đến|vào|đến hết) (?:năm|giai đoạn|thời kỳ)\b|\s(?:mỗi|hàng|hằng) năm\b",
                     sentence[end:], maxsplit=1)[0].strip()
    # the object is a common noun phrase ("khu công nghiệp", "đê biển"): a capital opens a name or a
    # document ("80 % Đảng bộ tỉnh Lâm Đồng lần thứ XI ..."), not what the number counts
    if after and after[0].islower() and not _OBJECT_FILLER.match(after):
        return " ".join(after.split()[:_OBJECT_WORDS])
    return _before(sentence, start)


def _before(sentence: str, start: int) -> str:
    """The clause before ``start`` (from the last semicolon, colon or bullet), its last words."""
    clause = re.split(r"[;:]|^\s*[-–•*+]\s*", sentence[:start])[-1]
    clause = _LIST_MARK.sub("", clause)  # "a) Tỷ lệ che phủ rừng" -> "Tỷ lệ che phủ rừng"
    clause = _BEFORE_FILLER.sub("", clause).strip(" ,")
    return " ".join(clause.split()[-_OBJECT_WORDS:])


def commitments(corpus, hits: pd.DataFrame) -> pd.DataFrame:
    """Every target and dated task in the body of every usable plan; see the module docstring."""
    table = plan_rows(corpus, hits, _plan_commitments, COMMITMENT_COLUMNS)
    table["deadline_year"] = table["deadline_year"].astype("Int64")
    table["value"] = table["value"].astype(float)
    table["ocr_low_quality"] = table["ocr_low_quality"].fillna(False).astype(bool)
    return table


def _plan_commitments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    rows, headings = [], _Headings()
    # A decision's article issuing or adopting a document ("Điều 1. Ban hành kèm theo ... giai đoạn 2023 -
    # 2030") promises nothing: the period it names is the document's title. Nor does its legal basis.
    issuing = (segments["kind"] == "article") & segments["text"].str.match(ISSUING_ARTICLE)
    body = segments[segments["is_body"] & ~issuing & ~segments["is_legal_basis"]]
    cards = card_tasks(body)
    # a card's label lines and its tasks' passages: read card by card below (dated by their labels)
    carded = {order for card in cards for order in card["lines"]} | {card["order"] for card in cards}
    for segment in segment_rows(body):
        headings.enter(segment)
        if not is_table_row(segment.text) and segment.order not in carded:  # tables and cards: read below
            rows += _passage_rows(segment, headings, themes, doc_id)
    return rows + _table_commitments(table_tasks(segments) + cards, themes, doc_id) + _value_commitments(
        value_cells(segments), themes, doc_id)


class _Headings:
    """The dated heading whose list a passage is in ("Đến năm 2025:", "1. Mục tiêu đến năm 2025", "II. Về
    nhiệm vụ, công tác 6 tháng cuối năm 2017"): its deadline, how deep it governs, its bullet mark, and
    whether it dates the tasks listed under it or only their targets (a long heading -- "Giao Sở X ... Đề án
    “... đến năm 2030”; tổ chức thực hiện các nhiệm vụ sau:" -- names a title more often than a date)."""

    def __init__(self):
        self.deadline, self.depth, self.mark, self.dates_tasks = None, 0, "", False
        self.numbered = 0  # the depth of the last numbered passage

    def enter(self, segment) -> None:
        depth, mark = _DEPTH.get(segment.kind, _DEPTH["paragraph"]), _mark(segment.text)
        self.numbered = depth if segment.kind in ("section", "item", "subitem") else self.numbered
        if self.deadline and depth <= self.depth and not (segment.kind == "bullet" and self.depth == _DEPTH["paragraph"]) \
                and not (mark and self.mark and mark != self.mark):
            self.deadline = None  # the next item at the heading's level ("- Đến năm 2030:" after "+" items)

    def open(self, sentence: str, deadline: dict, segment) -> None:
        # an unnumbered lead-in ("Cụ thể trong 6 tháng cuối năm 2017 cần thực hiện ... sau:") heads the rest of
        # its numbered passage; the same date said again in full keeps the heading's reach
        depth = self.numbered if segment.kind == "paragraph" else _DEPTH.get(segment.kind, _DEPTH["paragraph"])
        dates_tasks = len(sentence.split()) <= _DATED_HEADING_WORDS
        if self.deadline and self.deadline["deadline"] == deadline["deadline"]:
            depth, dates_tasks = min(depth, self.depth), dates_tasks or self.dates_tasks
        self.deadline, self.depth, self.mark, self.dates_tasks = deadline, depth, _mark(segment.text), dates_tasks


def _passage_rows(segment, headings: _Headings, themes, doc_id: str) -> list[dict]:
    """The rows of one passage: each sentence's targets and dated tasks (``_sentence_rows``); a passage that
    opens with its deadline dates its later sentences too ("+ Đến năm 2025 đảm bảo xử lý 80% ... . Kiểm soát
    chặt chẽ ..."); a passage under a heading that dates tasks and dating nothing itself is one task of that
    date, quoted whole."""
    rows, opening, where = [], None, {"order": segment.order, "section_path": segment.section_path}
    for offset, sentence in sentences(segment.text):
        if is_citation(sentence, segment.section_path) or approves(sentence):
            continue  # the legal basis, the issuer approving
        found = targets(sentence)
        if _NO_TARGET.match(sentence) and not found:
            continue  # what exists now or what it costs
        span = (segment.start + offset, segment.start + offset + len(sentence))
        theme_of = lambda span=span: themes.of(doc_id, span, segment.section_path)  # noqa: E731
        due = deadlines(sentence)
        if offset == 0 and due and _OPENS_WITH.match(sentence[:due[0]["start"]]):
            opening = due[0]
        elif opening and not due:
            rows += _sentence_rows(sentence, found, [], opening, theme_of, where) or [
                _row(_TASK, opening, theme_of(), where, sentence)]
            continue
        if due and not found and _is_heading(sentence):
            headings.open(sentence, due[-1], segment)
            continue
        rows += _sentence_rows(sentence, found, due, headings.deadline, theme_of, where)
    if not rows and headings.deadline and headings.dates_tasks and not _is_heading(segment.text):
        span = (segment.start, segment.start + len(segment.text))
        rows = [_row(_TASK, headings.deadline, themes.of(doc_id, span, segment.section_path), where, segment.text)]
    return rows


def _mark(text: str) -> str:
    """The bullet a passage opens with ("-", "+", "•"), "" for none: "+" items under a "- Đến năm 2025:"."""
    stripped = text.lstrip()
    return stripped[0] if stripped[:1] in ("-", "–", "•", "*", "+") else ""


def _sentence_rows(sentence: str, found: list[dict], due: list[dict], heading: dict | None, theme_of,
                   where: dict) -> list[dict]:
    """The rows of a sentence's targets (``found``), each dated by its clause, the sentence's closing
    deadline or the heading it is listed under, and of its deadlines with no target in their clause, each a
    dated task."""
    if not found and not due:
        return []
    theme = theme_of()
    rows = [_row(t, _governing(sentence, t["start"], due) or heading, theme, where, sentence) for t in found]
    # A deadline with no target in its clause dates the task the clause describes.
    undated = [d for d in due if not any(_same_clause(sentence, d["start"], t["start"]) for t in found)]
    return rows + [_row(_TASK, d, theme, where, sentence) for d in _distinct(undated)]


def _table_commitments(tasks: list[dict], themes, doc_id: str) -> list[dict]:
    """One commitment per row of a task table or task card: its targets, else one task; see the module
    docstring."""
    rows = []
    for task in tasks:
        deadline = table_deadline(task["deadline_text"])
        theme = themes.of(doc_id, (task["start"], task["end"]), task["section_path"])
        where = {"order": task["order"], "section_path": task["section_path"]}
        found = targets(task["task"]) or [_TASK]
        for target in found:
            own = _governing(task["task"], target["start"], deadlines(task["task"])) if "start" in target else None
            rows.append({**_row(target, own or deadline, theme, where, task["task"]), "output": task["output"],
                         "read_from": task["read_from"]})
    return rows


def _value_commitments(found: list[dict], themes, doc_id: str) -> list[dict]:
    """One target per cell of a yearly-values table, due its column's year; the row as written is its text."""
    rows = []
    for cell in found:
        theme = themes.of(doc_id, (cell["start"], cell["end"]), cell["section_path"])
        target = {"kind": "target", "value": value_of(cell["cell"]), "object": cell["indicator"],
                  "unit": UNITS.get(cell["unit"].lower(), cell["unit"])}
        where = {"order": cell["order"], "section_path": cell["section_path"]}
        rows.append({**_row(target, table_deadline(cell["year"]), theme, where, cell["row"]), "read_from": "table"})
    return rows


def _is_heading(sentence: str) -> bool:
    """A line that heads a list: it ends with a colon, or is a few words without a full stop."""
    stripped = _HEADING_NUMBER.sub("", sentence.strip())  # "II. Về nhiệm vụ ...": its number is no word
    if _ANNOUNCES_LIST.search(stripped):  # "2. Phát triển xã hội số đến năm 2030 với các mục tiêu"
        return True
    # a numbered title may be longer ("1. Dự báo các chỉ tiêu kinh tế - xã hội đến năm 2026")
    words = _DATED_HEADING_WORDS if stripped != sentence.strip() else _HEADING_WORDS
    return stripped.endswith(":") or (len(stripped.split()) <= words and not stripped.endswith((".", ";")))


def _governing(sentence: str, position: int, due: list[dict]) -> dict | None:
    """The deadline of the clause (between semicolons) holding ``position``: in "A đạt loại A;
    B đạt loại A trong năm 2017" only B is due in 2017."""
    clause_start = sentence.rfind(";", 0, position) + 1
    clause_end = sentence.find(";", position)
    clause_end = len(sentence) if clause_end < 0 else clause_end
    inside = [d for d in due if clause_start <= d["start"] < clause_end]
    before = [d for d in inside if d["start"] < position]
    if before:  # "đến năm 2030 đạt 400 triệu USD, ...": the deadline nearest before the number
        return before[-1]
    if inside:
        return inside[-1]
    # "Nâng cấp 25 km đê biển; trồng mới 300 ha rừng đến năm 2030.": the deadline closing the
    # sentence dates the targets before it that have none of their own
    closing = [d for d in due if d["deadline_kind"] in _CLOSING and d["start"] > position
               and not sentence[d["end"]:].strip(" .;")]
    return closing[-1] if closing else None


def _distinct(due: list[dict]) -> list[dict]:
    """One deadline per value: "thời kỳ 2021 - 2030 ... giai đoạn 2021 - 2030" is one task due in 2030."""
    return list({d["deadline"]: d for d in due}.values())


def _row(target: dict, deadline: dict | None, theme: str, where: dict, sentence: str) -> dict:
    deadline = deadline or {"deadline": "", "deadline_year": None, "deadline_kind": ""}
    return {"kind": target["kind"], "themes": theme, "value": target["value"], "unit": target["unit"],
            "object": target["object"], "deadline": deadline["deadline"], "deadline_year": deadline["deadline_year"],
            "deadline_kind": deadline["deadline_kind"], **where, "text": sentence.strip(), "output": "",
            "read_from": "text"}
