"""Deadlines in a plan's sentences and in a task table's deadline cells (``measure.commitments.targets``
dates its targets and tasks with them).

**Deadlines** -- ``DEADLINE_KINDS``: "trong năm 2017" (in), "trước năm 2027" (before), "đến năm
2030", "hoàn thành năm 2023" (by), "từ năm 2023" (from: the year a rule takes effect), "giai đoạn 2021 - 2025" / "thời kỳ 2021-2030" (period, due at its end), "hàng
năm", "định kỳ trước ngày 30 tháng 11", "trước 19h00 hằng ngày" (recurring; no year), "đầu năm 2026"
(in), "vào ngày 19/12/2025" (by). ``deadline`` is the year (or "annual", "annual, by 30/11", "quarterly", "monthly",
"monthly, by day 1" ("trước ngày 01 của tháng tiếp theo"), "weekly" ("hàng tuần"), "daily, by
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

``deadlines(sentence)`` -> ``start, end, expression, deadline, deadline_year, deadline_kind`` per deadline;
``table_deadline(cell)`` -> one of those (without span) or None.
"""

from __future__ import annotations

import re

from analysis.read.citations import citation_spans, quoted_subject_spans
from analysis.read.legal_references import date_spans

DEADLINE_KINDS = ("in", "before", "by", "from", "period", "recurring", "ongoing")

_YEAR = r"((?:19|20)\d{2})"
_DEADLINES = [
    # "Thời gian thực hiện: Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và các năm tiếp theo", "Từ năm
    # 2025 trở đi", "Từ tháng 11/2025 đến khi kết thúc ...", "Từ 01/7/2025": from then on
    ("from", re.compile(rf"\b{_YEAR}\s+và\s+(?:các|những)\s+năm\s+tiếp theo", re.I)),
    ("from", re.compile(rf"\btừ\s+(?:tháng\s+\d{{1,2}}\s*/\s*|\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*){_YEAR}(?!\s*(?:-|–|đến\s+(?:tháng|ngày|năm|\d)))",
                        re.I)),
    # "trước ngày 31 tháng 12 năm 2025", "chậm nhất ngày 30/6/2025": a date is a deadline only after these
    ("before", re.compile(rf"\b(?:trước|đến(?: hết)?|chậm nhất(?: là)?(?: trước)?|hoàn thành trước)\s+ngày\s+\d{{1,2}}\s*"
                          rf"(?:tháng\s+|[/\-.]\s*)\d{{1,2}}\s*(?:năm\s+|[/\-.]\s*){_YEAR}", re.I)),
    # "khởi công xây dựng công trình vào ngày 19/12/2025": the day it is due
    ("by", re.compile(rf"\bvào\s+ngày\s+\d{{1,2}}\s*(?:tháng\s+|[/\-.]\s*)\d{{1,2}}\s*(?:năm\s+|[/\-.]\s*){_YEAR}", re.I)),
    ("period", re.compile(rf"\b(?:giai đoạn|thời kỳ)\s+(?:từ\s+)?(?:năm\s+)?{_YEAR}\s*(?:-|–|—|đến)\s*(?:năm\s+)?{_YEAR}",
                          re.I)),
    ("in", re.compile(rf"\btrong năm\s+{_YEAR}", re.I)),
    # "trong quý II năm 2025", "trong tháng 6 năm 2025": due within that year
    ("in", re.compile(rf"\b(?:trong\s+)?(?:quý\s+[IV1-4]+|tháng\s+\d{{1,2}}|6 tháng (?:đầu|cuối) năm)\s*(?:\s(?:năm\s+)?|/\s*){_YEAR}",
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
                             r"(?:hàng|hằng)\s+(năm|quý|tháng|tuần|ngày)\b", re.I)),
    # "trước ngày 01 của tháng tiếp theo": monthly, by that day of the next month
    ("recurring", re.compile(r"\b(?:trước|chậm nhất)\s+ngày\s+(\d{1,2})()\s+của\s+(tháng)\s+tiếp theo\b", re.I)),
    ("recurring", re.compile(r"\bđịnh kỳ\s+(?:(?:trước|vào)\s+ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2}))", re.I)),
    # "trước ngày 20 hằng tháng": monthly, by that day
    ("recurring", re.compile(r"\b(?:trước|vào|chậm nhất)\s+ngày\s+(\d{1,2})()\s+(?:hằng|hàng)\s+(tháng)\b", re.I)),
    ("recurring", re.compile(r"\b()()(?:mỗi|từng)\s+(năm|quý|tháng)\b", re.I)),
    ("recurring", re.compile(r"\b()()(?:định kỳ\s+)?(6 tháng)(?:\s+(?:một lần|1 lần))?(?!\s+(?:đầu|cuối))", re.I)),
]
# What every pattern above holds: a year, or the words of a recurring deadline (a test keeps the two in step).
_ANY_DEADLINE = re.compile(r"(?:19|20)\d{2}|hàng|hằng|mỗi|từng|6 tháng|định kỳ|tiếp theo", re.I)
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
_VISION = re.compile(r"(?:tầm nhìn|định hướng)\s*$", re.I)  # "tầm nhìn đến năm 2045": a horizon, not a deadline
_DAY = re.compile(r"ngày\s+\d{1,2}\s*$", re.I)  # "ngày 15 tháng 11 năm 2016": a date
# The date a document takes effect or applies from ("có hiệu lực kể từ ngày ...", "áp dụng từ ngày 01/01/2026"):
# the document's own date, no task's.
_IN_FORCE = re.compile(r"(?:hiệu lực|thi hành|áp dụng)\s*(?:thi hành\s*)?$", re.I)
_EVERY = {"năm": "annual", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly", "6 tháng": "half-yearly",
          "ngày": "daily"}
# "Thời gian báo cáo định kỳ hàng năm tính từ ngày 15 tháng 12 ...": the reporting period, no due date.
_PERIOD_DEFINED = re.compile(r"\s*tính từ\b", re.I)
_AVERAGE = re.compile(r"bình quân\s*$", re.I)
# The day or hour a recurring deadline falls on, written in its clause: "chậm nhất ngày 17 tháng 12",
# "trước ngày 20/12", "trước 19h00".
_RECURRING_DATE = re.compile(r"\b(?:trước|chậm nhất(?: là)?|vào)\s+ngày\s+(\d{1,2})\s*(?:tháng\s+|/\s*)(\d{1,2})\b(?!\s*/)",
                             re.I)
_RECURRING_HOUR = re.compile(r"\b(?:trước|chậm nhất(?: là)?|vào)\s+(\d{1,2})\s*(?:h|giờ)\s*(\d{2})?", re.I)
# A table's deadline cell that sets no date but says the task never ends.
_ONGOING = re.compile(r"^\s*(?:thường xuyên|hằng ngày|hàng ngày|liên tục)\b", re.I)


def deadlines(sentence: str) -> list[dict]:
    """The deadlines of a sentence: ``start, end, expression, deadline, deadline_year, deadline_kind``."""
    if not _ANY_DEADLINE.search(sentence):
        return []  # most sentences: none of the twenty patterns below can match
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
            if kind != "from" and (kind not in ("before", "by") or "ngày" not in match.group(0).lower()):
                if any(a <= start < b or start <= a < end for a, b in dates) or _in_title(sentence, start, kind):
                    continue  # "22 tháng 11 năm 2019;", "Quy hoạch tỉnh thời kỳ 2021 - 2030"
            if any(f["start"] <= start < f["end"] or start <= f["start"] < end for f in found):
                continue  # "định kỳ trước ngày 30 tháng 11 hàng năm" is one deadline
            if kind == "recurring" and (_PERIOD_DEFINED.match(sentence, end) or _AVERAGE.search(before)):
                continue  # "tính từ ngày ...": a reporting period; "tăng bình quân hàng năm": a rate
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
    by = (f", by {int(day)}/{int(month)}" if month else f", by day {int(day)}") if day else ""
    return {"deadline": every + by, "deadline_year": None, "deadline_kind": "recurring"}


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
