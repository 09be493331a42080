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

**Deadlines** -- ``DEADLINE_KINDS``: "trong năm 2017" (in), "trước năm 2027" (before), "đến năm
2030", "hoàn thành năm 2023" (by), "từ năm 2023" (from: the year a rule takes effect), "giai đoạn 2021 - 2025" / "thời kỳ 2021-2030" (period, due at its end), "hàng
năm", "định kỳ trước ngày 30 tháng 11", "trước 19h00 hằng ngày" (recurring; no year), "đầu năm 2026"
(in). ``deadline`` is the year (or "annual", "annual, by 30/11", "quarterly", "monthly", "daily, by
19:00"; "ongoing" for a task table's "Thường xuyên"), ``deadline_year`` the year as a number. A
reporting period ("Thời gian báo cáo ... tính từ ngày ...") is no deadline.
A date is a deadline only after "trước", "đến", "chậm nhất" ("trước ngày 31 tháng 12 năm 2025":
by 2025). Never deadlines: a horizon ("tầm nhìn đến năm 2045", "định hướng đến năm 2030"), years
inside a citation of a numbered document or law ("Kết luận số 02-KL/TW, ngày 26-4-2016", "Luật Bảo
vệ môi trường năm 2020"), the quoted subject of a numbered document, any other date ("22 tháng 11
năm 2019;"), "khóa XI", and the horizon in the title of a cited strategy, master plan or plan
(``TITLED``: "Chiến lược quốc gia về tăng trưởng xanh thời kỳ 2011-2020", "Quy hoạch tỉnh thời kỳ
2021 - 2030", "cập nhật Kế hoạch hành động ... đến năm 2025": they date the document, not the
task). The period in the name of a scheme or programme the plan carries out ("thực hiện Đề án ...
giai đoạn 2021 - 2025") *is* the period of that task, so it counts. Sentences of the legal basis
and the opening ("Căn cứ ...", "Theo đề nghị ...", "Thực hiện Kết luận số ...") promise nothing
(``passages.is_citation``).

A deadline governs the targets of its clause (the text between semicolons: a deadline closing
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
``output`` (a table row's output column, else ""), ``read_from`` (text | table) and ``ocr_low_quality``
(True when the plan's text was read by OCR below the quality thresholds, ``read.ocr_quality``: its
numbers and years may be misread; check them on the scan).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.measure.commitments.passages import approves, is_citation, plan_rows, sentences
from analysis.measure.commitments.task_tables import is_table_row, table_tasks
from analysis.read.citations import ISSUING_ARTICLE, citation_spans, quoted_subject_spans
from analysis.read.legal_references import date_spans

COMMITMENT_COLUMNS = ["doc_id", "province", "province_2025", "year", "kind", "themes", "value", "unit", "object",
                      "deadline", "deadline_year", "deadline_kind", "order", "section_path", "text", "output", "read_from",
                      "ocr_low_quality"]
DEADLINE_KINDS = ("in", "before", "by", "from", "period", "recurring", "ongoing")

# Units as plans write them -> as tables show them. Longest first, so "tấn/ngày" beats "tấn".
UNITS = {
    "%": "%", "phần trăm": "%", "km2": "km²", "km²": "km²", "km": "km", "ha": "ha", "héc-ta": "ha", "hécta": "ha",
    "điểm": "điểm", "tấn/ngày đêm": "tấn/ngày", "tấn/ngày": "tấn/ngày", "tấn/năm": "tấn/năm", "tấn": "tấn",
    "m3/ngày đêm": "m³/ngày đêm", "m³/ngày đêm": "m³/ngày đêm", "m3/ngày.đêm": "m³/ngày đêm",
    "m3/ngày": "m³/ngày đêm", "m³/ngày": "m³/ngày đêm", "m3": "m³", "m³": "m³", "mw": "MW", "kwh": "kWh",
    "tỷ đồng": "tỷ đồng", "triệu đồng": "triệu đồng", "triệu": "triệu", "nghìn": "nghìn", "ngàn": "nghìn",
    "cây": "cây", "m2/người": "m²/người", "m²/người": "m²/người", "m2": "m²", "m²": "m²", "m": "m",
    "lít/người/ngày đêm": "lít/người/ngày đêm", "lít/người/ngày": "lít/người/ngày đêm", "khẩu": "khẩu",
    "hồ chứa": "hồ chứa", "hồ": "hồ", "đập": "đập", "khu vực": "khu vực", "nguồn nước": "nguồn nước",
    "cơ sở": "cơ sở", "trạm": "trạm", "hộ": "hộ", "xã": "xã", "làng nghề": "làng nghề", "bãi": "bãi",
    "lần/năm": "lần/năm", "lần": "lần", "công trình": "công trình", "mô hình": "mô hình",
}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
# A number not part of a document number, a date or a section number ("02-KL/TW", "16/12/2019"), perhaps
# the upper end of a range whose lower end is the target ("đạt từ 15 - 20%": 15; ">120 lít": 120).
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_TARGET = re.compile(rf"(?<![\w/.,\-])(?:(?P<low>{_NUMBER})\s*[-–]\s*)?(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})(?![\w/\-])",
                     re.I)
# Clauses that state no target: what exists now ("Hiện nay, tổng số trạm ... 180 trạm"), what it costs or
# where the money comes from ("Kinh phí thực hiện: 75,5 tỷ đồng", "Nguồn vốn ..."), where it applies
# ("Phạm vi thực hiện: ... 142 xã").
# What a number costs ("Tổng số 1.033 hộ, kinh phí 20.229,8 triệu đồng") and how a target breaks down
# ("trong đó ..."): no target of their own.
_FUNDS = re.compile(r"\b(?:kinh phí|vốn|dự toán|tổng mức đầu tư)\s*(?:(?:khoảng|là|dự kiến|:)\s*)*$", re.I)
_OF_WHICH = re.compile(r"\btrong đó\b", re.I)
_NO_TARGET = re.compile(r"^\s*(?:[-–•*+]\s*|\d+(?:\.\d+)*[.)]\s*|[a-zđ][.)]\s*)?(?:hiện nay|hiện tại|kinh phí|"
                        r"nguồn vốn|vốn\b|phạm vi|tổng (?:mức|kinh phí|vốn))", re.I)
_STANDARD = re.compile(r"\bđạt\s+((?:loại|mức)\s+[A-C]\b|(?:quy chuẩn|tiêu chuẩn|chuẩn)\b[^,;.()]{0,40})", re.I)
_YEAR = r"((?:19|20)\d{2})"
_DEADLINES = [
    # "trước ngày 31 tháng 12 năm 2025", "chậm nhất ngày 30/6/2025": a date is a deadline only after these
    ("before", re.compile(rf"\b(?:trước|đến(?: hết)?|chậm nhất(?: là)?(?: trước)?|hoàn thành trước)\s+ngày\s+\d{{1,2}}\s*"
                          rf"(?:tháng\s+|[/\-.]\s*)\d{{1,2}}\s*(?:năm\s+|[/\-.]\s*){_YEAR}", re.I)),
    ("period", re.compile(rf"\b(?:giai đoạn|thời kỳ)\s+(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*(?:-|–|—|đến)\s*(?:năm\s+)?{_YEAR}",
                          re.I)),
    ("in", re.compile(rf"\btrong năm\s+{_YEAR}", re.I)),
    # "trong quý II năm 2025", "trong tháng 6 năm 2025": due within that year
    ("in", re.compile(rf"\b(?:trong\s+)?(?:quý\s+[IV1-4]+|tháng\s+\d{{1,2}}|6 tháng (?:đầu|cuối) năm)\s+(?:năm\s+)?{_YEAR}",
                      re.I)),
    # "trong dự toán đầu năm 2026": at the start (end, middle) of that year
    ("in", re.compile(rf"\b(?:(?:trong|vào)\s+)?(?:đầu|cuối|giữa)\s+năm\s+{_YEAR}", re.I)),
    ("before", re.compile(rf"\btrước\s+năm\s+{_YEAR}", re.I)),
    ("by", re.compile(rf"\b(?:đến|tới|vào|đến hết|hết|hoàn thành(?: trong| vào)?|xong(?: trong)?)\s+năm\s+{_YEAR}", re.I)),
    ("from", re.compile(rf"\b(?:từ|kể từ|bắt đầu từ)\s+năm\s+{_YEAR}(?!\s*(?:-|–|đến))", re.I)),
    # "Năm 2018: Tổng số 1.033 hộ": a year heading what follows on its line
    ("in", re.compile(rf"^\s*(?:[-–•*+]\s*|[a-zđ\d]+[.)]\s*)?năm\s+{_YEAR}\s*:", re.I)),
    # "Kể từ ngày 01 tháng 01 năm 2031: ... phải thực hiện": from a date on ("kể từ ngày ... đến hết ngày
    # ...": a period, due at its end, read by "đến hết ngày" above)
    ("from", re.compile(rf"\b(?:từ|kể từ|bắt đầu từ)\s+ngày\s+\d{{1,2}}\s*(?:tháng\s+|[/\-.]\s*)\d{{1,2}}\s*"
                        rf"(?:năm\s+|[/\-.]\s*){_YEAR}(?!\s*(?:-|–|đến))", re.I)),
    ("recurring", re.compile(r"\b(?:định kỳ\s+)?(?:(?:trước|vào)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+)?"
                             r"(?:hàng|hằng)\s+(năm|quý|tháng|ngày)\b", re.I)),
    ("recurring", re.compile(r"\bđịnh kỳ\s+(?:(?:trước|vào)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2}))", re.I)),
    ("recurring", re.compile(r"\b()()(?:mỗi|từng)\s+(năm|quý|tháng)\b", re.I)),
    ("recurring", re.compile(r"\b()()(?:định kỳ\s+)?(6 tháng)(?:\s+(?:một lần|1 lần))?(?!\s+(?:đầu|cuối))", re.I)),
]
# The title of a cited strategy, master plan or plan: its horizon dates the document, not a task.
# No clause break between the title word and the year, and a title is short.
TITLED = re.compile(r"\b(?:Chiến lược|Quy hoạch|Kế hoạch|Chương trình hành động|Nghị quyết|[Cc]hiến lược|[Qq]uy hoạch)\b")
# A horizon followed by the title's vision ("đến năm 2020, tầm nhìn đến năm 2030", "đến năm 2020 và định
# hướng đến năm 2030") names a document, whatever the title word; and so does the horizon of a document
# being issued or approved ("ban hành Quyết định phê duyệt Chương trình ... đến năm 2020").
_VISION_FOLLOWS = re.compile(r"\s*(?:,|và)?\s*(?:tầm nhìn|định hướng)\b", re.I)
_ISSUED_TITLE = re.compile(r"\b(?:ban hành|phê duyệt|thông qua)\s+(?:(?:Quyết định|Nghị quyết)\s+(?:phê duyệt\s+)?)?"
                           r"(?:Chương trình|Đề án|Kế hoạch|Quy hoạch|Chiến lược|Dự án)\b", re.I)
_TITLE_WORDS = 25
_CLOSING = ("by", "before", "period")  # deadlines that, closing a sentence, date the whole sentence
_VISION = re.compile(r"(?:tầm nhìn|định hướng)\s*$", re.I)  # "tầm nhìn đến năm 2045": a horizon, not a deadline
_DAY = re.compile(r"ngày\s+\d{1,2}\s*$", re.I)  # "ngày 15 tháng 11 năm 2016": a date
_IN_FORCE = re.compile(r"(?:hiệu lực|thi hành)\s*(?:thi hành\s*)?$", re.I)
_EVERY = {"năm": "annual", "quý": "quarterly", "tháng": "monthly", "6 tháng": "half-yearly", "ngày": "daily"}
# "Thời gian báo cáo định kỳ hàng năm tính từ ngày 15 tháng 12 ...": the reporting period, no due date.
_PERIOD_DEFINED = re.compile(r"\s*tính từ\b", re.I)
# The day or hour a recurring deadline falls on, written in its clause: "chậm nhất ngày 17 tháng 12",
# "trước ngày 20/12", "trước 19h00".
_RECURRING_DATE = re.compile(r"\b(?:trước|chậm nhất(?: là)?|vào)\s+ngày\s+(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})\b(?!\s*/)",
                             re.I)
_RECURRING_HOUR = re.compile(r"\b(?:trước|chậm nhất(?: là)?|vào)\s+(\d{1,2})\s*(?:h|giờ)\s*(\d{2})?", re.I)
# A table's deadline cell that sets no date but says the task never ends.
_ONGOING = re.compile(r"^\s*(?:thường xuyên|hằng ngày|hàng ngày|liên tục)\b", re.I)
_LIST_MARK = re.compile(r"^\s*(?:[-–•*+]|\d+(?:\.\d+)*[.)]|[a-zđ][.)])\s+")
_NAMES_FOLLOW = re.compile(r"\s*:\s*[A-ZĐÂĂÊÔƠƯ]")
_CAPACITY = re.compile(r"\b(?:công suất|quy mô)\s*(?:khoảng|trên|tối thiểu)?\s*$", re.I)
_OBJECT_FILLER = re.compile(r"^(?:trở lên|trở lại|so với|trên tổng|tổng số|số)\b", re.I)
_BEFORE_FILLER = re.compile(r"\s*\b(?:đạt|đạt từ|trên|khoảng|tối thiểu|ít nhất|là|bằng|từ|lên|còn|dưới)\s*$", re.I)
# How deep a passage sits: a deadline heading governs the deeper passages after it.
_DEPTH = {"preamble": 0, "section": 0, "item": 1, "subitem": 2, "paragraph": 3, "bullet": 4}
_HEADING_WORDS = 10
_DATED_HEADING_WORDS = 20
_TASK = {"kind": "task", "value": None, "unit": "", "object": ""}
_OBJECT_WORDS = 25


def read_number(text: str) -> float:
    """A number as Vietnamese plans write it: "1.000" is a thousand, "2,5" two and a half."""
    return float(text.replace(".", "").replace(",", "."))


def deadlines(sentence: str) -> list[dict]:
    """The deadlines of a sentence: ``start, end, expression, deadline, deadline_year, deadline_kind``."""
    blocked = citation_spans(sentence) + quoted_subject_spans(sentence)
    dates = date_spans(sentence)
    found = []
    for kind, pattern in _DEADLINES:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            before = sentence[max(0, start - 14):start]
            if any(a <= start < b for a, b in blocked) or _VISION.search(before) or _DAY.search(before):
                continue
            if _IN_FORCE.search(before):
                continue  # "Quyết định này có hiệu lực kể từ ngày ...": the document's own date, no task
            if kind not in ("before", "from") or "ngày" not in match.group(0).lower():
                if any(a <= start < b or start <= a < end for a, b in dates) or _in_title(sentence, start, kind):
                    continue  # "22 tháng 11 năm 2019;", "Quy hoạch tỉnh thời kỳ 2021 - 2030"
            if any(f["start"] <= start < f["end"] or start <= f["start"] < end for f in found):
                continue  # "định kỳ trước ngày 30 tháng 11 hàng năm" is one deadline
            if kind == "recurring" and _PERIOD_DEFINED.match(sentence, end):
                continue
            entry = {"start": start, "end": end, "expression": match.group(0), **_normalise(kind, match)}
            if kind == "recurring" and ", by " not in entry["deadline"]:
                _date_later_in_clause(sentence, entry)  # "hằng năm tổng hợp, báo cáo ... trước ngày 15 tháng 12"
            found.append(entry)
    return sorted(found, key=lambda f: f["start"])


def _in_title(sentence: str, start: int, kind: str) -> bool:
    """A horizon ("thời kỳ 2021 - 2030", "đến năm 2025") inside the title of a cited strategy, master
    plan or plan ("Quy hoạch tỉnh Thanh Hóa thời kỳ 2021 - 2030"). "trong năm", "trước năm" and
    "hoàn thành năm" date a task even after a plan's name ("Ban hành Kế hoạch ... trong năm 2025")."""
    if kind not in ("by", "period") or not re.match(r"(?:giai đoạn|thời kỳ|đến|tới)\b", sentence[start:], re.I):
        return False
    end = re.match(r"[^,;:]*?(?:19|20)\d{2}", sentence[start:])
    if end and _VISION_FOLLOWS.match(sentence, start + end.end()):
        return True
    titles = list(TITLED.finditer(sentence, 0, start)) + list(_ISSUED_TITLE.finditer(sentence, 0, start))
    titles.sort(key=lambda m: m.start())
    name = sentence[titles[-1].start():start] if titles else ""  # from the nearest title word
    return bool(name) and not re.search(r"[;:.()]", name) and len(name.split()) <= _TITLE_WORDS


def _date_later_in_clause(sentence: str, entry: dict) -> None:
    clause_start = max(sentence.rfind(";", 0, entry["start"]), sentence.rfind(".", 0, entry["start"])) + 1
    clause = sentence[clause_start:entry["start"]] + " " + re.split(r"[;.]", sentence[entry["end"]:], maxsplit=1)[0]
    if entry["deadline"] == "daily":
        hour = _RECURRING_HOUR.search(clause)
        if hour:
            entry["deadline"] += f", by {int(hour.group(1)):02d}:{hour.group(2) or '00'}"
        return
    date = _RECURRING_DATE.search(clause)
    if date:
        entry["deadline"] += f", by {int(date.group(1))}/{int(date.group(2))}"


def _normalise(kind: str, match: re.Match) -> dict:
    if kind != "recurring":
        year = int(match.groups()[-1])
        return {"deadline": str(year), "deadline_year": year, "deadline_kind": kind}
    groups = match.groups()
    every = _EVERY[groups[2].lower()] if len(groups) > 2 and groups[2] else "annual"
    day, month = groups[0], groups[1]
    return {"deadline": f"{every}, by {int(day)}/{int(month)}" if day else every, "deadline_year": None,
            "deadline_kind": "recurring"}


def targets(sentence: str) -> list[dict]:
    """The targets of a sentence: ``start, kind, value, unit, object``."""
    if _NO_TARGET.match(sentence):
        return []
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
    # header: (deadline, depth, bullet mark, dates tasks) of the heading whose list we are in
    rows, header, numbered = [], None, 0  # numbered: the depth of the last numbered passage
    # A decision's article issuing or adopting a document ("Điều 1. Ban hành kèm theo ... giai đoạn 2023 -
    # 2030") promises nothing: the period it names is the document's title. Nor does its legal basis.
    issuing = (segments["kind"] == "article") & segments["text"].str.match(ISSUING_ARTICLE)
    body = segments[segments["is_body"] & ~issuing & ~segments["is_legal_basis"]]
    for segment in body.itertuples(index=False):
        depth, mark = _DEPTH.get(segment.kind, _DEPTH["paragraph"]), _mark(segment.text)
        numbered = depth if segment.kind in ("section", "item", "subitem") else numbered
        if header and depth <= header[1] and not (segment.kind == "bullet" and header[1] == _DEPTH["paragraph"]) \
                and not (mark and header[2] and mark != header[2]):
            header = None  # the next item at the heading's level ("- Đến năm 2030:" after "+" items) ends its list
        if is_table_row(segment.text):
            continue  # task tables: read row by row below
        where = {"order": segment.order, "section_path": segment.section_path}
        for offset, sentence in sentences(segment.text):
            if is_citation(sentence, segment.section_path) or approves(sentence):
                continue
            due = deadlines(sentence)
            if due and not targets(sentence) and _is_heading(sentence):
                # "Đến năm 2025:", "1. Mục tiêu đến năm 2025" -- the list under it; a long one ("Giao Sở X ...
                # Đề án “... đến năm 2030”; tổ chức thực hiện các nhiệm vụ sau:") dates its targets, not its tasks
                # an unnumbered lead-in ("Cụ thể trong 6 tháng cuối năm 2017 cần thực hiện ... sau:") heads the
                # rest of its numbered passage
                scope = numbered if segment.kind == "paragraph" else depth
                dates_tasks = len(sentence.split()) <= _DATED_HEADING_WORDS
                if header and header[0]["deadline"] == due[-1]["deadline"]:  # the same date said again, in full
                    scope, dates_tasks = min(scope, header[1]), dates_tasks or header[3]
                header = (due[-1], scope, mark, dates_tasks)
                continue
            span = (segment.start + offset, segment.start + offset + len(sentence))
            rows += _sentence_rows(sentence, due, header, lambda: themes.of(doc_id, span, segment.section_path), where)
    return rows + _table_commitments(segments, themes, doc_id)


def _mark(text: str) -> str:
    """The bullet a passage opens with ("-", "+", "•"), "" for none: "+" items under a "- Đến năm 2025:"."""
    stripped = text.lstrip()
    return stripped[0] if stripped[:1] in ("-", "–", "•", "*", "+") else ""


def _sentence_rows(sentence: str, due: list[dict], header: tuple | None, theme_of, where: dict) -> list[dict]:
    """The targets of a sentence, each dated by its clause, the sentence's closing deadline or the heading
    it is listed under; its deadlines with no target in their clause, each a dated task; and, under a
    dated heading, the sentence itself as a task of that date when it dates nothing of its own."""
    if _NO_TARGET.match(sentence):
        return []  # "Nguồn vốn ... bình quân mỗi năm ...", "Hiện nay, ...": what exists or what it costs
    found, heading = targets(sentence), header[0] if header else None
    if not found and not due:
        if heading is None or not header[3] or _is_heading(sentence):
            return []
        return [_row(_TASK, heading, theme_of(), where, sentence)]  # "- Đến năm 2026:" / "- Hoàn thành ..."
    theme = theme_of()
    rows = [_row(t, _governing(sentence, t["start"], due) or heading, theme, where, sentence) for t in found]
    # A deadline with no target in its clause dates the task the clause describes.
    undated = [d for d in due if not any(_same_clause(sentence, d["start"], t["start"]) for t in found)]
    return rows + [_row(_TASK, d, theme, where, sentence) for d in _distinct(undated)]


def _table_commitments(segments: pd.DataFrame, themes, doc_id: str) -> list[dict]:
    """One commitment per row of a task table: its targets, else one task; see the module docstring."""
    rows = []
    for task in table_tasks(segments):
        deadline = table_deadline(task["deadline_text"])
        theme = themes.of(doc_id, (task["start"], task["end"]), task["section_path"])
        where = {"order": task["order"], "section_path": task["section_path"]}
        found = targets(task["task"]) or [_TASK]
        for target in found:
            own = _governing(task["task"], target["start"], deadlines(task["task"])) if "start" in target else None
            rows.append({**_row(target, own or deadline, theme, where, task["task"]), "output": task["output"],
                         "read_from": "table"})
    return rows


def table_deadline(cell: str) -> dict | None:
    """The deadline a table's deadline cell writes: a deadline form ("Hằng năm", "trước năm 2026"),
    else its last year ("Năm 2025", "Quý II/2025", "2024-2025": 2025); "ongoing" (kind ongoing) for
    "Thường xuyên"; None for a timing that sets no date ("Theo Kế hoạch riêng", "Sau khi có Quy chế của TW")."""
    due = deadlines(cell)
    if due:
        return due[-1]
    if _ONGOING.match(cell):  # "Thường xuyên"
        return {"deadline": "ongoing", "deadline_year": None, "deadline_kind": "ongoing"}
    years = re.findall(_YEAR, cell)
    if not years:
        return None
    return {"deadline": years[-1], "deadline_year": int(years[-1]), "deadline_kind": "by"}


def _is_heading(sentence: str) -> bool:
    """A line that heads a list: it ends with a colon, or is a few words without a full stop."""
    stripped = sentence.strip()
    return stripped.endswith(":") or (len(stripped.split()) <= _HEADING_WORDS and not stripped.endswith((".", ";")))


def _governing(sentence: str, position: int, due: list[dict]) -> dict | None:
    """The deadline of the clause (between semicolons) holding ``position``: in "A đạt loại A;
    B đạt loại A trong năm 2017" only B is due in 2017."""
    clause_start = sentence.rfind(";", 0, position) + 1
    clause_end = sentence.find(";", position)
    clause_end = len(sentence) if clause_end < 0 else clause_end
    inside = [d for d in due if clause_start <= d["start"] < clause_end]
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
