"""Detect a plan's metadata from its text, saying how each field was found.

``detect_metadata(segments)`` takes one plan's segment table (``segment.segment_text``)
and returns a dict with, for each field, its value and a ``<field>_source`` sentence:

==========  ====================================================================
province    canonical name from ``data/provinces.csv``: from a header line
            ("TỈNH ỦY KON TUM"), else the place-date line ("Cà Mau, ngày ..."),
            else the province the text names most often
date        ISO date of issue, from the place-date line
year        issue year: from ``date``, else the latest full date the text cites
            (a plan cannot be older than a document it cites)
number      document number from the header ("Số 25-KH/TU" -> "25-KH/TU")
issuer      ``Party Committee`` | ``People's Committee`` | ``People's Council``
directives  central documents cited (41-NQ/TW; 02-KL/TW; ...), first mention first
title       the title block ("KẾ HOẠCH thực hiện Kết luận số ...")
==========  ====================================================================

``apply_overrides`` lets a row of ``corpus/plans.csv`` win over detection; the source
then says so and keeps what was detected when the two differ.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pandas as pd

from analysis.read.normalize import fold
from analysis.resources import province_spellings

METADATA_FIELDS = ["province", "date", "year", "number", "issuer", "directives", "title"]

_FULL_DATE = re.compile(
    r"ngày\s+(\d{1,2})\s*(?:tháng\s+|[/\-.])(\d{1,2})\s*(?:năm\s+|[/\-.])((?:19|20)\d{2})", re.IGNORECASE
)
_PLACE_DATE = re.compile(r"^(?P<place>[^\W\d][^,\n]{1,40}),\s*" + _FULL_DATE.pattern, re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:?\s*(\d+[\w\-/.]*\w)", re.IGNORECASE)
_DIRECTIVE = re.compile(r"\b(\d{1,3})\s*-\s*(NQ|KL|CT|QĐ|HD|TB)\s*/\s*TW\b")


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


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def detect_metadata(segments: pd.DataFrame) -> dict[str, object]:
    """Detect each metadata field of one plan; see the module docstring."""
    top = segments[segments["part"].isin(["header", "title"])]
    top_lines = list(top["text"])
    # Plans without a header block still put the place-date line near the top.
    first_lines = list(segments["text"].head(12))
    full_text = "\n".join(segments["text"])
    body = "\n".join(segments.loc[segments["is_body"], "text"])
    meta: dict[str, object] = {f: None for f in METADATA_FIELDS}
    meta.update({f"{f}_source": "" for f in METADATA_FIELDS})

    # Province --------------------------------------------------------------------
    for line in top_lines:
        if _PLACE_DATE.match(line):
            continue
        found = _find_provinces(line)
        if found:
            meta["province"], meta["province_source"] = found[0], f"header line '{line}'"
            break
    place_date = next((m for m in map(_PLACE_DATE.match, first_lines) if m), None)
    if meta["province"] is None and place_date:
        name = canonical_province(place_date.group("place"))
        if name:
            meta["province"], meta["province_source"] = name, f"place-date line '{place_date.group(0)}'"
    if meta["province"] is None:
        counts = _count_proper_mentions(body or full_text)
        if counts:
            name, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            meta["province"] = name
            meta["province_source"] = f"the province the text names most ({n} mentions)"

    # Date and year ---------------------------------------------------------------
    if place_date:
        iso = _iso(*place_date.group(2, 3, 4))
        if iso:
            meta["date"], meta["date_source"] = iso, f"place-date line '{place_date.group(0)}'"
            meta["year"], meta["year_source"] = int(iso[:4]), "issue date"
    if meta["year"] is None:
        cited = [(iso, m.group(0)) for m in _FULL_DATE.finditer(full_text) if (iso := _iso(*m.groups()))]
        if cited:
            latest, written = max(cited)
            meta["year"] = int(latest[:4])
            meta["year_source"] = f"latest date the text cites ('{written}'): issued that year or later"

    # Number, issuer, directives, title ------------------------------------------
    for line in first_lines:
        number = _NUMBER.match(line)
        if number:
            meta["number"], meta["number_source"] = number.group(1), f"header line '{line}'"
            break
    meta["issuer"], meta["issuer_source"] = _detect_issuer(segments, top_lines)
    directives = list(dict.fromkeys(f"{n}-{kind}/TW" for n, kind in _DIRECTIVE.findall(full_text)))
    if directives:
        meta["directives"] = "; ".join(directives)
        meta["directives_source"] = "document numbers ending /TW cited in the text"
    titles = segments.loc[segments["part"] == "title", "text"]
    if len(titles):
        meta["title"], meta["title_source"] = " ".join(titles), "title block"
    return meta


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
    r"\s+(ban hành|xây dựng)\s+(kế hoạch|chương trình)"
)


def _detect_issuer(segments: pd.DataFrame, top_lines: list[str]) -> tuple[str | None, str]:
    header = segments.loc[segments["part"] == "header", "text"]
    for line in header:
        for pattern, issuer in _ISSUER_CLUES:
            if re.search(pattern, fold(line)):
                return issuer, f"header line '{line}'"
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
