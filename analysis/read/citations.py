"""Citations and references: the spans of a text that name a document rather than say what the
plan does (split from ``legal_references``, whose kinds, numbers and dates they are built on).

- ``citation_spans(text, start, end)`` -- character spans of citations with their subject
  ("Nghị định số 80/2014/NĐ-CP ngày 06/08/2014 của Chính phủ về thoát nước và xử lý nước
  thải", "Quyết định số 957/QĐ-TTg ... phê duyệt Đề án phòng, chống sạt lở bờ sông, bờ biển
  đến năm 2030"), to the end of their clause, also when wrapped over line breaks;
  ``quoted_subject_spans(sentence)``.
- ``reference_spans(text, start, end)`` -- those citations and every other span that names a
  document rather than says what the plan does: a document named bare ("Chỉ thị số 13-CT/TW,
  ngày 12/01/2017 của Ban Bí thư"), a decision's article about itself ("Điều 2. Quyết định này
  có hiệu lực kể từ ngày ký."). Themes list a hit inside one apart; the vocabulary measures
  leave its words out (``measure.measured_words``).
- ``wrapped_passage(text, start, end)`` -- the span of a line's whole sentence when it is
  wrapped over line breaks (what a quoted passage shows).
"""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.read.legal_references import (
    DOCUMENT_KINDS,
    _ANY_NUMBER,
    _KIND_WORDS,
)
from analysis.resources import agency_rows


# --- citations and their subjects -----------------------------------------------------------------
_CITED_KINDS = _KIND_WORDS
_LAW_START = re.compile(r"\b(?:Luật|Bộ luật|Pháp lệnh)\s+(?=[A-ZĐÂĂÊÔƠƯ])")
# Who acts in a plan's own clause: after a comma or at the start of a line, it ends a citation.
_ACTORS = (r"Ủy ban|UBND|Ban Thường vụ|Ban thường vụ|Tỉnh ủy|Ban Chấp hành|Hội đồng|HĐND|Ban Cán sự|Ban cán sự|Sở|"
           r"các sở|tỉnh ta|chúng ta")
# Where a citation's subject ends: the sentence, or the clause naming who acts or why. A line break does
# not end it: portals wrap a long subject ("... phê duyệt⏎Đề án phòng, chống sạt lở ...").
_CITATION_END = re.compile(rf"[;:()”]|\.(?:\s|$)|,\s*(?:{_ACTORS}|nhằm|để|góp phần|"
                           r"đồng thời|trong đó|qua đó|từ đó|theo đó|bảo đảm|đảm bảo|cụ thể)\b|$")
# A line that opens a new clause: a list or heading mark, a preamble word, who acts.
_NEW_CLAUSE_LINE = re.compile(rf"\n\s*(?:[-+•–*]|\d+(?:\.\d+)*[.)]|[IVXLC]+\.|[a-zđ][.)]\s|"
                              rf"(?:Căn cứ|Thực hiện|Triển khai|Theo|Xét|{_ACTORS})\b)")
# A legal document cited by its kind and number ("Nghị định số 80/2014/NĐ-CP", "Kết luận số 56-KL/TW,
# ngày ...") and then its subject ("về ...", "quy định ...", "hướng dẫn ..."), or a law by its name.
# a number written as one ("số 24", "24-NQ/TW"): "Báo cáo 6 tháng về ..." cites nothing
# (a full stop after it ends the sentence: "Quyết định số 957/QĐ-TTg. Tỉnh ..." cites no subject)
_KIND_NUMBER = r"\s+(?:số\s*\d+(?:[\w/\-]|\.(?=\w))*|\d+(?:\w|\.(?=\w))*[-/](?:[\w/\-]|\.(?=\w))*)"
_NUMBER_DATE = r"(?:,?\s+ngày\s+[\d/.\-]+|,?\s+ngày\s+\d+\s+tháng\s+\d+\s+năm\s+\d+)?"
_NUMBERED = re.compile(
    rf"\b(?:{_CITED_KINDS}){_KIND_NUMBER}{_NUMBER_DATE}"
    # then who issued it, without a comma (a comma ends the citation: ", nhằm nâng cao ..." is the plan's own),
    # then its subject, or the scheme, strategy or plan it approves ("phê duyệt Đề án phòng, chống sạt lở ...")
    # it, within its sentence and over a wrapped line ("của⏎Thủ tướng Chính phủ"), not into a new clause
    rf"(?:[^;:(),.\n]|\.(?!\s)|(?!{_NEW_CLAUSE_LINE.pattern})\n)*?"
    r"\s[“\"]?(?:[Vv]ề|quy định|hướng dẫn|phê duyệt|ban hành)\s")
_LAW_NAME_WORDS = 6  # "Luật Bảo vệ môi trường", "Luật Phòng, chống thiên tai": a law's name is short
# A line break inside a sentence: the next line goes on in lower case ("...NĐ-CP⏎ngày 06/08/2014 ..."),
# unless it opens a list item ("a) ...").
_WRAPPED = re.compile(r"\n(?=[^\W\d_])(?![a-zđ][.)]\s)")


def _unwrapped(text: str) -> str:
    """``text`` with each line break inside a sentence (``_WRAPPED``, the next line going on in lower
    case) made a space: the same length, so offsets stay those of the text given."""
    return _WRAPPED.sub(lambda m: " " if text[m.end()].islower() else "\n", text)


def wrapped_passage(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the passage ``text[start:end]`` (a line) belongs to when its sentence is
    wrapped over line breaks ("Căn cứ Nghị định số 80/2014/NĐ-CP⏎ngày 06/8/2014 ... nước thải;"):
    the lines before and after it joined by a wrapped line break (``_WRAPPED``), whole."""
    while start > 0 and (before := text.rfind("\n", 0, start)) >= 0 and not text[before + 1:start].strip() \
            and _is_wrap(text, before):
        start = text.rfind("\n", 0, before) + 1
    while (after := text.find("\n", end)) >= 0 and not text[end:after].strip() and _is_wrap(text, after):
        following = text.find("\n", after + 1)
        end = len(text) if following < 0 else following
    return start, end


def _is_wrap(text: str, at: int) -> bool:
    return bool(_WRAPPED.match(text, at)) and text[at + 1].islower()


def citation_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of citations (a document and its subject, a law's name) that reach ``text[start:end]``,
    as offsets from ``start``. A phrase inside one names the cited document's subject, not the plan's
    attention. Give the whole plan text with a segment's offsets to catch a citation wrapped over a
    line break; a text without line breaks is read on its own."""
    end = len(text) if end is None else end
    return [(a - start, b - start) for a, b in _all_citation_spans(text) if a < end and b > start]


@lru_cache(maxsize=8)  # theme counting asks once per segment of the same plan text
def _all_citation_spans(text: str) -> tuple[tuple[int, int], ...]:
    # same length: offsets stay those of the text given
    text = _unwrapped(text)
    spans = []
    for match in _NUMBERED.finditer(text):
        spans.append((match.start(), _clause_end(text, match.end())))
    for match in _LAW_START.finditer(text):
        words = list(re.finditer(r"\S+", text[match.end():match.end() + 200]))[:_LAW_NAME_WORDS]
        # a law's name is all it cites: a line that goes on in capitals is the plan's own
        line_end = text.find("\n", match.end())
        spans.append((match.start(), min(match.end() + (words[-1].end() if words else 0),
                                         _clause_end(text, match.end()), len(text) if line_end < 0 else line_end)))
    return tuple(sorted(spans))


def _clause_end(text: str, at: int) -> int:
    """Where the clause that goes on at ``at`` ends: its ";" or full stop, the clause naming who
    acts, or a line that opens a new clause (a line in capitals is a heading)."""
    stop = _CITATION_END.search(text, at)
    end = stop.start() if stop else len(text)
    line = text.find("\n", at, end)
    while line >= 0:
        next_line = text[line + 1:].partition("\n")[0]
        if _NEW_CLAUSE_LINE.match(text, line) or next_line.isupper():
            return line
        line = text.find("\n", line + 1, end)
    return end


# The quoted subject of a numbered document: "Nghị quyết số 58-NQ/TW ... “Về ... đến năm 2030”".
_NUMBERED_BEFORE_QUOTE = re.compile(r"(?:số\s*\d|\d+-[A-ZĐ]+/|/\d{4}/)[^“\"]{0,90}$")


def quoted_subject_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of quoted subjects that follow a document number (a cited document's title)."""
    return [match.span() for match in re.finditer(r"[“\"]([^”\"]*)[”\"]", sentence)
            if _NUMBERED_BEFORE_QUOTE.search(sentence[:match.start()])]


# --- references: every span that names a document rather than says what the plan does ----------
# Who issued a cited document: "của Thủ tướng Chính phủ", "của Ban Bí thư Trung ương Đảng", "của Ban
# Chấp hành Trung ương Đảng khóa XI", "của UBND tỉnh Kon Tum", "của Bộ Tài nguyên và Môi trường".
# Vietnamese capitalises only the first syllable of a name's words, so where a name ends cannot be told
# by case ("Bộ Xây dựng trong năm"): the heads are listed, and a ministry is named as its provincial
# department is ("Sở Tài nguyên và Môi trường", agencies.csv), else by its first word ("Bộ Y tế").
_ISSUER_HEADS = (r"Thủ tướng Chính phủ|Chính phủ|Ban Bí thư|Bộ Chính trị|Ban Chấp hành Trung ương|"
                 r"Ủy ban Thường vụ Quốc hội|Quốc hội|Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Tỉnh ủy|Thành ủy")
_ISSUER_TAIL = r"(?: +(?:tỉnh|thành phố|Trung ương|Đảng|khóa [IVXLC]+|[A-ZĐ][\w-]*))*"


@lru_cache(maxsize=1)
def _issuer() -> str:
    departments = sorted((row["name"].removeprefix("Sở ") for row in agency_rows() if row["name"].startswith("Sở ")),
                         key=len, reverse=True)
    ministries = "|".join(re.escape(name) for name in departments)
    return (rf"(?:(?:Chủ tịch|Bộ trưởng|Ban Thường vụ|Thường trực|Ban [Cc]án sự đảng)\s+)?"
            rf"(?:{_ISSUER_HEADS}|Bộ\s+(?:{ministries}|[A-ZĐ]\w*(?:\s+[a-zđ]\w*)?)){_ISSUER_TAIL}")


_REFERENCE_KINDS = "|".join(f"{k.kind.capitalize()}|{k.kind}" for k in DOCUMENT_KINDS)
# A document named without its subject, with its date and issuer when given: "Chỉ thị số 13-CT/TW,
# ngày 12/01/2017 của Ban Bí thư"; or its number alone ("thực hiện 24-NQ/TW").
_BARE_REFERENCE = rf"\b(?:(?:{_REFERENCE_KINDS}){_KIND_NUMBER}|{_ANY_NUMBER}){_NUMBER_DATE}"


@lru_cache(maxsize=1)
def _bare_reference() -> re.Pattern:
    return re.compile(rf"{_BARE_REFERENCE}(?:,?\s+của\s+{_issuer()})?")


# A decision's articles about the decision itself: the plan it issues ("Điều 1. Ban hành kèm theo
# Quyết định này Kế hoạch ..."), its entry into force, who executes it ("Điều 3. Chánh Văn phòng ...
# chịu trách nhiệm thi hành Quyết định này"). An article giving a task ("Điều 2. Sở Nông nghiệp ... tổ
# chức trồng rừng") names no "Quyết định này" and stays the plan's own.
_SELF_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:][^\n]*\b(?:Quyết định|Chỉ thị|Nghị quyết) này\b[^\n]*", re.MULTILINE)
# The article of a decision or resolution that issues, approves or adopts a document ("Điều 1. Ban hành kèm
# theo Quyết định này Kế hoạch ...", "Điều 1. Thống nhất thông qua Chương trình ... đến năm 2030"): the
# period it names is that document's title, not a task's deadline.
ISSUING_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]\s*(?:Ban hành|Phê duyệt|(?:Thống nhất\s+)?thông qua)\b", re.I)


def reference_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of whatever names a document rather than says what the plan does, merged, that reach
    ``text[start:end]``, as offsets from ``start``: citations with their subject (``citation_spans``),
    documents named bare by kind and number with their date and issuer ("Quyết định số 957/QĐ-TTg ngày
    19/7/2019 của Thủ tướng Chính phủ"), and a decision's articles about itself ("Điều 2. Quyết định này
    có hiệu lực kể từ ngày ký."). The one rule themes (a hit inside is listed, not counted) and the
    vocabulary measures (a word inside is not read) share. Give the whole plan text with a segment's
    offsets, as for ``citation_spans``: a reference wrapped over a line break is whole."""
    end = len(text) if end is None else end
    return [(a - start, b - start) for a, b in _all_reference_spans(text) if a < end and b > start]


@lru_cache(maxsize=8)  # asked once per segment of the same plan text
def _all_reference_spans(text: str) -> tuple[tuple[int, int], ...]:
    unwrapped = _unwrapped(text)
    spans = sorted([*_all_citation_spans(text), *(m.span() for m in _bare_reference().finditer(unwrapped)),
                    *(m.span() for m in _SELF_ARTICLE.finditer(unwrapped))])
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return tuple((a, b) for a, b in merged)
