"""Detect a plan's metadata from its text, saying how each field was found.

``detect_metadata(segments)`` takes one plan's segment table (``segment.segment_text``)
and returns a dict with, for each field, its value and a ``<field>_source`` sentence:

==========  ====================================================================
province    canonical name from ``data/provinces.csv``: from a header line
            ("TỈNH ỦY KON TUM"), else the place-date line ("Cà Mau, ngày ..."),
            else the province the text names most often
date        ISO date of issue, from the place-date line
year        issue year: from ``date``, else the latest date of a document the text
            cites ("Quyết định số 450/QĐ-TTg ngày 13/4/2022": a plan cannot be older than
            a document it cites); never a deadline ("trước ngày 31 tháng 12 năm 2030")
number      document number from the header ("Số 25-KH/TU" -> "25-KH/TU")
doc_type    ``legal_references.DOC_TYPES``: from the title line, else the number's code
issuer      ``Party Committee`` | ``People's Committee`` | ``People's Council``
directives  central documents cited (41-NQ/TW; 02-KL/TW; ...), first mention first
title       the title block ("KẾ HOẠCH thực hiện Kết luận số ...")
==========  ====================================================================

``apply_overrides`` lets a row of ``corpus/plans.csv`` win over detection; the source
then says so and keeps what was detected when the two differ.

``official_signals(meta, segments)`` lists what marks a text as an official document and
``news_lead(text, signals)`` the dateline of a news report about one; a file with neither
signals nor a row in plans.csv, or with a news lead, is skipped (``corpus``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis.read.legal_references import (  # noqa: F401 (implemented_directives, root_resolutions: corpus's)
    DOC_TYPES,
    FULL_DATE,
    TITLE_ANYWHERE,
    TITLE_LINE,
    WRITTEN_DATE,
    cited_document_dates,
    implemented_directives,
    kind_of_number,
    parse_date,
    party_numbers,
    root_resolutions,
    title_kind,
)
from analysis.read.normalize import fold
from analysis.resources import province_spellings

METADATA_FIELDS = ["province", "date", "year", "number", "doc_type", "issuer", "directives", "title"]
# The header zone: the lines before the text proper starts, split into cells where a web
# page flattened the two-column header into one line (pipes, tabs, runs of spaces).
_ZONE_LINES = 15
_ZONE_END = re.compile(r"^(Căn cứ|Thực hiện|Theo đề nghị|[IVX]+[.\-–)]\s)", re.IGNORECASE)
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+| {3,}")
# "Kon⏎Tum, ngày 17 tháng 5 năm 2019": the place (one to five words, never a document number
# such as "13-CT/TW") starts a cell; place and date may each be wrapped over lines.
# A place is up to five words, joined by spaces, line breaks or a dash ("Bà Rịa - Vũng Tàu").
_PLACE_DATE = re.compile(r"(?:^|\n)(?P<place>[^\W\d_][\w.]*(?:(?:[ \n]|[ ]?[-–][ ]?)[^\W\d_][\w.]*){0,4})\s*,\s*"
                         + FULL_DATE.pattern, re.IGNORECASE)
# A copy without its header may open by naming itself: "Kế hoạch số 112/KH-UBND ngày 20/5/2021
# của ..." at the very start of the text (a cited document follows "Thực hiện", "Căn cứ", ...).
_SELF_NAMED = re.compile(
    rf"^(?:{'|'.join(k.capitalize() for k in DOC_TYPES[:-1])})\s+số\s+"
    rf"(?P<number>\d+[\w/.\-]*[^\W_])\s*,?\s+(?P<date>{FULL_DATE.pattern})")
# A portal's intro before the document it embeds ("Ngày 23/8/2017, Tỉnh ủy Thừa Thiên Huế đã ban hành
# Chương trình số 27-CTr/TU về ..."): it dates, numbers and names the issuer of a copy without its header.
_PORTAL_INTRO = re.compile(
    rf"^(?P<date>{WRITTEN_DATE.pattern})\s*,\s*(?P<issuer>[^,;:]{{3,80}}?)\s+(?:đã\s+|vừa\s+)?(?:ký\s+)?ban hành\s+"
    rf"(?:{'|'.join(DOC_TYPES[:-1])})\s+số\s+(?P<number>\d+[\w/.\-]*[^\W_])", re.IGNORECASE)
# The embedded document's title follows the intro within this many lines.
_INTRO_TITLE_LINES = 3
_NOT_A_PLACE = {"thực", "căn", "theo", "ngày", "về", "số", "kính", "nơi"}
# "Số: 1234/KH-UBND", "Số⏎1234/KH-UBND", "Số 27-CTr/TU": a number starts a cell. OCR reads the colon,
# or a speck of dust, as a point or an apostrophe ("Số.25-KH/TU", "Số'25-KH/TU").
_NUMBER = re.compile(r"(?:^|\n)Số\s*[:.'’]?\s*(\d+\s*[-/]\s*[^\s|,;]*[^\W_])", re.IGNORECASE)


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Folded spelling (name or alias) -> canonical province name."""
    return {fold(spelling): name for spelling, name in province_spellings()}


def canonical_province(name: str) -> str | None:
    return provinces().get(fold(name.strip()))


@lru_cache(maxsize=1)
def _province_pattern() -> re.Pattern:
    """Any province spelling, on folded (lower-case) text, longest spelling first."""
    names = sorted(provinces(), key=len, reverse=True)
    body = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)({body})(?!\w)")


def _find_provinces(text: str) -> list[str]:
    """Canonical names of every province named in ``text`` (case-insensitive)."""
    return [provinces()[m.group(1)] for m in _province_pattern().finditer(fold(text))]


def _count_proper_mentions(text: str) -> dict[str, int]:
    """Province names written as proper nouns (capitalised), e.g. "Cà Mau".

    Lower-case spellings are common words ("hòa bình" = peace), so they don't count.
    """
    counts: dict[str, int] = {}
    folded = fold(text)
    for match in _province_pattern().finditer(folded):
        original = text[match.start(): match.end()]
        if original[:1].isupper():
            name = provinces()[match.group(1)]
            counts[name] = counts.get(name, 0) + 1
    return counts


def header_cells(lines: list[str]) -> list[str]:
    """The header zone's cells: the first lines up to where the text proper starts, split at
    pipes, tabs and wide gaps (a two-column header flattened by a web page)."""
    cells = []
    for line in lines[:_ZONE_LINES]:
        in_line = [cell.strip() for cell in _CELL_SPLIT.split(line) if cell.strip()]
        # A long cell is the text proper; a header table's row written as one line is long but its cells are not.
        if _ZONE_END.match(line) or any(len(cell) > 200 for cell in in_line):
            break
        cells += in_line
    return cells


def portal_intro(lines: list[str]) -> re.Match | None:
    """A portal's intro sentence on one of the first two lines, when the document it announces
    follows (its title in capitals within ``_INTRO_TITLE_LINES`` lines); a news report, which only
    summarises the document, has no such title."""
    for i, line in enumerate(lines[:2]):
        if (intro := _PORTAL_INTRO.match(line)) and any(
                TITLE_LINE.match(after) and after.isupper() for after in lines[i + 1:i + 1 + _INTRO_TITLE_LINES]):
            return intro
    return None


def _place_date(zone: str) -> tuple[str, str | None, str] | None:
    """(place, ISO date, as written) of the first place-date in the header zone, or None."""
    for match in _PLACE_DATE.finditer(zone):
        words = match.group("place").split()
        # The place is the last words before the comma: what precedes it on the lines above may be
        # another cell, or specks OCR read as letters ("xo⏎l⏎Kon Tum, ngày ...").
        for start in range(len(words)):
            place = " ".join(words[start:])
            is_place = canonical_province(place) or (
                len(words) - start <= 4 and all(w[0].isupper() for w in words[start:])
                and fold(words[start]) not in _NOT_A_PLACE)
            if is_place:
                written = " ".join(match.group(0).split()[start:])
                return place, parse_date("/".join(match.group(2, 3, 4)))[0], written
    return None


def _doc_type(cells: list[str], number: str | None) -> tuple[str, str]:
    for cell in cells:
        kind = title_kind(cell)
        if kind and not cell.rstrip().endswith(":"):  # a title is in capitals
            return kind, f"title line '{cell[:60]}'"
    kind = kind_of_number(number) if number else None
    if kind in DOC_TYPES:
        return kind, f"document number '{number}'"
    return "other", "no title line or number says what kind of document it is"


def detect_metadata(segments: pd.DataFrame) -> dict[str, object]:
    """Detect each metadata field of one plan; see the module docstring."""
    lines = list(segments["text"])
    intro = portal_intro(lines)
    cells = header_cells(lines[lines.index(intro.string) + 1:] if intro else lines)
    zone = "\n".join(cells)
    full_text = "\n".join(segments["text"])
    body = "\n".join(segments.loc[segments["is_body"], "text"])
    meta: dict[str, object] = {f: None for f in METADATA_FIELDS}
    meta.update({f"{f}_source": "" for f in METADATA_FIELDS})
    place_date = _place_date(zone)

    # Province: a header cell naming it, else the place-date, else the province named most.
    for cell in cells:
        if TITLE_LINE.match(cell):
            break  # the header ends at the document's title
        found = [] if FULL_DATE.search(cell) else _find_provinces(cell)  # a place-date is not a header name
        if found:
            meta["province"], meta["province_source"] = found[0], f"header line '{cell}'"
            break
    if meta["province"] is None and place_date and canonical_province(place_date[0]):
        meta["province"] = canonical_province(place_date[0])
        meta["province_source"] = f"place-date line '{place_date[2]}'"
    if meta["province"] is None and intro and (named := _find_provinces(intro.group("issuer"))):
        meta["province"], meta["province_source"] = named[0], f"portal intro '{_said(intro)}'"
    if meta["province"] is None:
        counts = _count_proper_mentions(body or full_text)
        if counts:
            name, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            meta["province"] = name
            meta["province_source"] = f"the province the text names most ({n} mentions)"

    opening = _SELF_NAMED.match(" ".join(segments["text"].head(1)))
    _detect_date(meta, place_date, opening, full_text)

    # Number, document type, issuer, directives, title ----------------------------------
    number = _NUMBER.search(zone)
    if number:
        meta["number"] = re.sub(r"\s+", "", number.group(1))
        meta["number_source"] = f"header line '{' '.join(number.group(0).split())}'"
    elif opening:
        meta["number"] = opening.group("number")
        meta["number_source"] = f"opening sentence '{' '.join(opening.group(0).split())}'"
    meta["issuer"], meta["issuer_source"] = _detect_issuer(segments, cells)
    if intro:
        _from_portal_intro(meta, intro)
    meta["doc_type"], meta["doc_type_source"] = _doc_type(cells, meta["number"])
    directives = party_numbers(full_text)
    if directives:
        meta["directives"] = "; ".join(directives)
        meta["directives_source"] = "document numbers ending /TW cited in the text"
    first_block = segments["part"].eq("title") & segments["part"].ne("title").cumsum().eq(
        segments["part"].ne("title").cumsum()[segments["part"].eq("title")].min())
    if first_block.any():  # the document's own title, not that of a plan it attaches
        meta["title"], meta["title_source"] = " ".join(segments.loc[first_block, "text"]), "title block"
    return meta


def _from_portal_intro(meta: dict, intro: re.Match) -> None:
    """Number, issue date and issuer from a portal's intro, where the embedded document's header gave none."""
    source = f"portal intro '{_said(intro)}'"
    if meta["number"] is None:
        meta["number"], meta["number_source"] = intro.group("number"), source
    if meta["date"] is None and (iso := parse_date(intro.group("date"))[0]):
        meta["date"], meta["date_source"] = iso, source
        meta["year"], meta["year_source"] = int(iso[:4]), "issue date"
    if meta["issuer"] is None:
        issuer = next((who for pattern, who in _ISSUER_CLUES if re.search(pattern, fold(intro.group("issuer")))), None)
        meta["issuer"], meta["issuer_source"] = issuer, source if issuer else ""


def _said(intro: re.Match) -> str:
    """The intro as far as it names the document ("Ngày 23/8/2017, Tỉnh ủy ... ban hành Chương trình số 27-CTr/TU")."""
    return " ".join(intro.group(0).split())


def _detect_date(meta: dict, place_date, opening, full_text: str) -> None:
    """Date and year: the issue date only from the place-date line (or, for a copy without its
    header, an opening sentence naming the document itself), never from a cited document."""
    if place_date and place_date[1]:
        meta["date"], meta["date_source"] = place_date[1], f"place-date line '{place_date[2]}'"
        meta["year"], meta["year_source"] = int(place_date[1][:4]), "issue date"
    if opening and not place_date and (iso := parse_date(opening.group("date"))[0]):
        sentence = " ".join(opening.group(0).split())
        meta["date"], meta["date_source"] = iso, f"opening sentence '{sentence}'"
        meta["year"], meta["year_source"] = int(iso[:4]), "issue date"
    if meta["year"] is None:  # never a deadline's date: only one that dates a cited document
        cited = cited_document_dates(full_text)
        if cited:
            latest, written = max(cited)
            meta["year"] = int(latest[:4])
            meta["year_source"] = (f"latest date of a document the text cites ('{written}'): "
                                   "issued that year or later")


def official_signals(meta: dict[str, object], segments: pd.DataFrame) -> list[str]:
    """What marks a text as an official document: a title naming its kind, a number, a
    place-date line, numbered sections or items. A news report about a plan has none."""
    signals = []
    if meta.get("doc_type") not in (None, "", "other"):
        signals.append("title")
    if meta.get("number"):
        signals.append("number")
    if meta.get("date"):
        signals.append("place-date line")
    if segments["kind"].isin(["section", "item", "article"]).any():
        signals.append("numbered sections")
    # A document flattened into one long line still opens with its kind in capitals.
    opening = " ".join(segments["text"].head(3))[:400]
    if TITLE_ANYWHERE.search(opening):
        signals.append("title in capitals")
    return signals


# A news report opens with its dateline ("Ngày 23/8/2017, Tỉnh ủy ... đã ban hành Chương trình số ...",
# "Sáng 12/5, ...", "(TTXVN) - Chiều ngày 5/6, ..."), perhaps under a headline; a plan opens with its
# header, its title, or "Căn cứ" / "Thực hiện".
_NEWS_DATELINE = re.compile(r"^(?:\([^()\n]{1,40}\)\s*[-–]\s*)?(?:(?:sáng|trưa|chiều|tối|đêm)\s+(?:nay\s+)?)?"
                            r"(?:ngày\s+)?\(?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d{2})?\)?\s*,", re.IGNORECASE)
# "UBND tỉnh vừa ban hành Kế hoạch số 1548/KH-UBND về ...": a report that a document was just issued.
_NEWS_JUST_ISSUED = re.compile(r"^.{0,150}?\bvừa\s+(?:ký\s+)?(?:ban hành|phê duyệt)\b", re.IGNORECASE)
# The signals a report about a document never has of its own, however it lists that document's tasks.
_OWN_SIGNALS = {"title", "number", "place-date line"}


def news_lead(text: str, signals: list[str]) -> str | None:
    """The dateline a news report opens with ("Ngày 23/8/2017,"), or its "... vừa ban hành" (a
    document was just issued), on its first line or under a headline that is not a document's title; None when the text opens otherwise or has a title,
    number or place-date line of its own (``signals``: ``official_signals``). Numbered items do not
    make a report a plan: reports list a plan's tasks. A headerless copy of a plan that opens with
    a dateline of its own preamble reads as a report too: plans.csv keeps it (its row wins)."""
    if _OWN_SIGNALS & set(signals):
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()][:2]
    if lines and title_kind(lines[0].upper()):  # the document's own title, in any case: a repost
        return None
    for line in lines:
        if match := _NEWS_DATELINE.match(line) or _NEWS_JUST_ISSUED.match(line):
            return " ".join(match.group(0).split())
    return None


_ISSUER_CLUES = [
    # (pattern on folded text, issuer); first match wins within each place looked at.
    (r"\b(tỉnh ủy|thành ủy|ban thường vụ tỉnh ủy|đảng bộ tỉnh)\b", "Party Committee"),
    (r"\b(ủy ban nhân dân|ubnd)\b", "People's Committee"),
    (r"\b(hội đồng nhân dân|hđnd)\b", "People's Council"),
]
_SIGNATURE_CLUES = [
    (r"ban thường vụ|bí thư|ban chấp hành", "Party Committee"),
    (r"chủ tịch|ủy ban nhân dân", "People's Committee"),
]
_PREAMBLE_CLUE = re.compile(
    r"(ban thường vụ tỉnh ủy|ban chấp hành đảng bộ tỉnh|ủy ban nhân dân tỉnh|ubnd tỉnh)"
    r"((?:\s+[^\s,]+){0,3}?)\s+(ban hành|xây dựng)\s+(kế hoạch|chương trình)"  # "... Tỉnh ủy Bến Tre ban hành"
)


def _detect_issuer(segments: pd.DataFrame, cells: list[str]) -> tuple[str | None, str]:
    for cell in cells:
        if TITLE_LINE.match(cell):
            break  # past the header: issuers named in the title or text are not the issuer
        for pattern, issuer in _ISSUER_CLUES:
            if re.search(pattern, fold(cell)):
                return issuer, f"header line '{cell}'"
    signature = " ".join(segments.loc[segments["part"] == "signature", "text"])
    for pattern, issuer in _SIGNATURE_CLUES:
        if re.search(pattern, fold(signature)):
            return issuer, f"signature '{signature[:60]}'"
    body = fold(" ".join(segments.loc[segments["is_body"], "text"].head(5)))
    clue = _PREAMBLE_CLUE.search(body)
    if clue:
        issuer = "People's Committee" if "nhân dân" in clue.group(1) or "ubnd" in clue.group(1) else "Party Committee"
        return issuer, f"preamble '{clue.group(0)}'"
    return None, ""


def apply_overrides(meta: dict[str, object], row: dict[str, str] | None) -> dict[str, object]:
    """Let the non-empty cells of a ``plans.csv`` row win over detected values."""
    meta = dict(meta)
    if not row:
        return meta
    for field in METADATA_FIELDS:
        value = (row.get(field) or "").strip()
        if not value:
            continue
        if field == "year":
            value = int(value)
        detected = meta.get(field)
        source = "plans.csv"
        if detected not in (None, "") and str(detected) != str(value):
            source += f" (detected {detected!s} from {meta.get(field + '_source') or 'the text'})"
        meta[field], meta[field + "_source"] = value, source
    # A date in plans.csv fixes the year unless the row gives the year itself.
    if (row.get("date") or "").strip() and not (row.get("year") or "").strip():
        meta["year"], meta["year_source"] = int(str(meta["date"])[:4]), "plans.csv date"
    return meta
