"""Legal references in Vietnamese official documents: kinds, numbers, issuers, citations, dates.

Every rule about how a document names another lives here, built from ONE table of kinds
(``DOCUMENT_KINDS``), so segmentation, metadata, theme counting, commitments and directives
agree on what a "Chỉ thị", a "13-CT/TW" or a "450/QĐ-TTg" is.

- ``title_kind(line)`` -- the kind a title line in capitals opens ("KẾ HOẠCH" -> "kế hoạch");
  ``kind_of_number("13-CT/TW")`` -> "chỉ thị"; ``kind_name(kind, lang)`` its English or
  Vietnamese name (``labels.yml``, ``doc_type``).
- ``party_numbers(text)`` -- central Party documents ("24-NQ/TW", "13-CT/TW", "02-TB/TW"),
  first mention first; ``central_documents(sentence)`` -> ``(document, kind)`` for Party
  (party), Government and National Assembly (government) documents and laws (law), including
  those ``data/directives.csv`` names in words; ``issuer_of_number("116/KH-UBND")``;
  ``kind_and_issuer("957/QĐ-TTg")`` -> quyết định, Prime Minister.
- ``implemented_directives(title)`` / ``root_resolutions(codes)`` -- implemented (named in the
  title: Party, Government, Prime Minister and ministry documents, with the resolutions they
  continue) as against merely cited; the root Party resolutions of those.
- Citations and references (spans of text naming a document): ``read.citations``.
- ``parse_date(written)`` -> ``(ISO date or None, ambiguous)``: ISO or day first, as
  Vietnamese write dates; ``FULL_DATE`` finds "ngày 3 tháng 6 năm 2013" / "ngày 03/6/2013" in
  text and ``cited_document_dates(text)`` those that date a cited document (never a deadline).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from analysis.resources import agency_rows, directive_rows, text


class Kind(NamedTuple):
    kind: str  # the key: Vietnamese, lower case, as labels.yml's doc_type names it
    codes: tuple[str, ...]  # its code inside a document number ("NQ" in 24-NQ/TW)
    title: bool  # opens the title block of a provincial document ("KẾ HOẠCH", "CHỈ THỊ")


# Longest words first where one starts another ("kế hoạch hành động" before "kế hoạch").
DOCUMENT_KINDS = (
    Kind("kế hoạch hành động", (), True), Kind("kế hoạch", ("KH",), True), Kind("chương trình", ("CTr",), True),
    Kind("quyết định", ("QĐ",), True), Kind("đề án", ("ĐA",), True), Kind("phương án", ("PA",), True),
    Kind("nghị quyết", ("NQ",), True), Kind("chỉ thị", ("CT",), True), Kind("báo cáo", ("BC",), True),
    Kind("hướng dẫn", ("HD",), True), Kind("công văn", ("CV",), True), Kind("thông báo", ("TB",), True),
    Kind("kết luận", ("KL",), False), Kind("quy định", ("QĐi",), False), Kind("quy chế", ("QC",), False),
    Kind("nghị định", ("NĐ",), False), Kind("thông tư", ("TT",), False), Kind("luật", (), False),
)
DOC_TYPES = [k.kind for k in DOCUMENT_KINDS if k.title] + ["other"]
_TITLE_WORDS = "|".join(k.kind.upper() for k in DOCUMENT_KINDS if k.title)
# A title line in capitals: "KẾ HOẠCH", "KẾ HOẠCH HÀNH ĐỘNG", "QUYẾT ĐỊNH".
TITLE_LINE = re.compile(rf"^({_TITLE_WORDS})\b")
TITLE_ANYWHERE = re.compile(rf"\b({_TITLE_WORDS})\b")
_CODES = "|".join(sorted((c for k in DOCUMENT_KINDS for c in k.codes), key=len, reverse=True))
# A central Party document: "24-NQ/TW", "13 - CT/TW"; "25-KH/TU" is a provincial one.
PARTY_NUMBER = re.compile(rf"\b(\d{{1,4}})\s*-\s*({_CODES})\s*/\s*TW\b")
# Government, National Assembly, ministries and provinces: "08/2022/NĐ-CP", "450/QĐ-TTg", "122/NQ-CP",
# "02/2022/TT-BTNMT", "116/KH-UBND", "72/2020/QH14".
STATE_NUMBER = re.compile(r"\b(\d{1,5})\s*/\s*((?:19|20)\d{2}\s*/\s*)?((?:[A-ZĐ][A-Za-zĐđ]*-)?(?:[A-ZĐ][A-Za-zĐđ]*\d{0,2}))\b")
_PROVINCIAL_PARTY_NUMBER = re.compile(rf"\b\d{{1,5}}\s*-\s*(?:{_CODES})\s*/\s*[A-ZĐ]{{2,5}}\b")
# Ministries by their code ("02/2022/TT-BTNMT"); "KH-BCĐ" is a provincial steering committee.
_MINISTRIES = "TNMT|NNMT|NNPTNT|TC|XD|YT|CT|GTVT|KHĐT|NV|GDĐT|CA|QP|TP|LĐTBXH|VHTTDL|KHCN|TTTT|NG"
_CENTRAL_STATE = re.compile(rf"^(?:[A-ZĐa-zđ]+-)?(?:CP|TTg|QH\d{{2}}|UBTVQH\d{{2}}|B(?:{_MINISTRIES}))$")
LAW = re.compile(r"\b(Luật|Bộ luật)\s+((?:[A-ZĐ][^,;.()“”\d]{2,45}?)(?:,\s*chống[^,;.()“”\d]{2,30}?)?)\s+(?:năm\s+)?"
                 r"((?:19|20)\d{2})\b")
# Who issues a document, from the last part of its number.
ISSUERS = [(re.compile(p), issuer) for p, issuer in [
    (r"/TW$", "Central Party"), (r"-CP$", "Government"), (r"-TTg$", "Prime Minister"),
    (r"/UBTVQH\d{2}$", "National Assembly Standing Committee"), (r"/QH\d{2}$", "National Assembly"),
    (r"-B[A-ZĐ]+$", "Ministry"), (r"-UBND$", "People's Committee"), (r"-HĐND$", "People's Council"),
    (r"/(?:TU|TƯ|ĐU)$", "Party Committee"),
]]


def title_kind(line: str) -> str | None:
    """The kind a title line in capitals opens ("KẾ HOẠCH HÀNH ĐỘNG ..." -> "kế hoạch hành động")."""
    match = TITLE_LINE.match(line)
    return match.group(1).lower() if match else None


def kind_of_number(number: str) -> str | None:
    """The kind a document number's code names: "13-CT/TW" -> "chỉ thị", "27-CTr/TU" -> "chương trình"."""
    for kind in DOCUMENT_KINDS:
        if any(re.search(rf"(?:^|[-/\d]){re.escape(code)}(?=$|[-/])", number) for code in kind.codes):
            return kind.kind
    return None


def kind_name(kind: str, lang: str = "en") -> str:
    """A kind in English or Vietnamese (``labels.yml``: ``doc_type``)."""
    return text(f"doc_type.{kind}", lang)


def issuer_of_number(number: str) -> str | None:
    """Who issued a document, from its number: "450/QĐ-TTg" -> "Prime Minister"."""
    compact = re.sub(r"\s+", "", number)
    return next((issuer for pattern, issuer in ISSUERS if pattern.search(compact)), None)


def party_numbers(text: str) -> list[str]:
    """Central Party documents a text names by number, first mention first ("24-NQ/TW")."""
    return list(dict.fromkeys(f"{n}-{code}/TW" for n, code in PARTY_NUMBER.findall(text)))


def central_documents(sentence: str) -> list[tuple[str, str]]:
    """(document, kind) for each central document a sentence names: party | government | law."""
    found = [(code, "party") for code in party_numbers(sentence)]
    found += [(number, "government") for _, number in _state_numbers(sentence)]
    # "Luật sửa đổi ... của Luật Phòng, chống thiên tai và Luật Đê điều 2020": the last law named
    found += [(f"Luật {name.split('Luật ')[-1].strip()} {year}", "law") for _, name, year in LAW.findall(sentence)]
    folded = sentence.casefold()
    for row in directive_rows():
        if any(alias.casefold() in folded for alias in row["aliases"]):
            found.append((row["code"], "party"))
    return found


def _state_numbers(text: str) -> list[tuple[int, str]]:
    """(offset, number) of each Government, Prime Minister, National Assembly or ministry document
    a text names ("957/QĐ-TTg", "08/2022/NĐ-CP"); provincial ones ("116/KH-UBND") are left out."""
    return [(m.start(), f"{n}/{(year or '').replace(' ', '')}{code}") for m in STATE_NUMBER.finditer(text)
            for n, year, code in [m.groups()] if _CENTRAL_STATE.match(code)]


def kind_and_issuer(document: str) -> dict[str, str]:
    """``kind`` and ``issuer`` of a document as ``central_documents`` names it: "957/QĐ-TTg" ->
    quyết định, Prime Minister; "Luật Đê điều 2006" -> luật, National Assembly ("" if unknown)."""
    if document.startswith("Luật "):
        return {"kind": "luật", "issuer": "National Assembly"}
    return {"kind": kind_of_number(document) or "", "issuer": issuer_of_number(document) or ""}


def implemented_directives(title: str) -> list[str]:
    """The central documents a plan implements: those its title names (by number: the Party's,
    the Government's, the Prime Minister's, a ministry's; or by a name in ``directives.csv`` such
    as "Nghị quyết Trung ương 7 khóa XI" for 24-NQ/TW), in the order written, then the
    resolutions they continue. A document cited only in the text is not implemented.
    """
    title = title or ""
    named = [(m.start(), f"{n}-{kind}/TW") for m in PARTY_NUMBER.finditer(title) for n, kind in [m.groups()]]
    named += _state_numbers(title)
    folded = title.casefold()
    for row in directive_rows():
        for alias in row["aliases"]:
            at = folded.find(alias.casefold())
            if at >= 0:
                named.append((at, row["code"]))
    codes = list(dict.fromkeys(code for _, code in sorted(named)))
    parents = {row["code"]: row["continues"] for row in directive_rows()}
    for code in list(codes):
        parent = parents.get(code)
        while parent and parent not in codes:
            codes.append(parent)
            parent = parents.get(parent)
    return codes


def root_resolutions(codes: list[str]) -> list[str]:
    """The Party resolutions at the root of ``codes`` (a conclusion counts as the resolution it
    continues); a root of another kind ("13-CT/TW", a directive) or issuer ("122/NQ-CP", the
    Government's) is no Party line and is left out."""
    parents = {row["code"]: row["continues"] for row in directive_rows()}
    roots = []
    for code in codes:
        seen = set()
        while parents.get(code) and code not in seen:
            seen.add(code)
            code = parents[code]
        if kind_of_number(code) == "nghị quyết" and PARTY_NUMBER.fullmatch(code):
            roots.append(code)
    return list(dict.fromkeys(roots))


# --- dates ----------------------------------------------------------------------------------------
_DAY_MONTH_YEAR = r"(\d{1,2})\s*(?:tháng\s+|[/\-.]\s*)(\d{1,2})\s*(?:năm\s+|[/\-.]\s*)((?:19|20)\d{2})"
FULL_DATE = re.compile(r"ngày\s+" + _DAY_MONTH_YEAR, re.IGNORECASE)
WRITTEN_DATE = re.compile(r"(?:ngày\s+)?" + _DAY_MONTH_YEAR, re.IGNORECASE)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")


def iso_date(day, month, year) -> str | None:
    """"2013-06-03" for day 3, month 6, year 2013; None for a day that does not exist."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(written: str) -> tuple[str | None, bool]:
    """(ISO date, ambiguous) of a date as written: ISO "2013-06-03", or day first as Vietnamese
    write it ("03/06/2013", "3-6-2013", "3.6.2013", "ngày 3 tháng 6 năm 2013" are 3 June).
    Ambiguous: not ISO, and day and month both 12 or less and different (a reader used to
    month-first dates would read another day). (None, False) when it is no date."""
    written = " ".join(written.split())
    if match := _ISO_DATE.fullmatch(written):
        return iso_date(match.group(3), match.group(2), match.group(1)), False
    if match := WRITTEN_DATE.fullmatch(written):
        day, month, year = match.groups()
        iso = iso_date(day, month, year)
        return iso, bool(iso) and int(day) <= 12 and int(month) <= 12 and int(day) != int(month)
    return None, False


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the dates a text writes ("22 tháng 11 năm 2019", "ngày 16/12/2019", "2013-06-03"):
    a day, not a year something is due in."""
    return sorted(m.span() for pattern in (WRITTEN_DATE, _ISO_DATE) for m in pattern.finditer(text))


# A document named by its number or a law by its name, then its date: "Quyết định số 450/QĐ-TTg
# ngày 13/4/2022", "Kết luận số 02-KL/TW, ngày 26-4-2016", "Luật Tài nguyên nước ngày 21/6/2012".
_ANY_NUMBER = rf"(?:{PARTY_NUMBER.pattern}|{_PROVINCIAL_PARTY_NUMBER.pattern}|{STATE_NUMBER.pattern})"
_CITED_DATE = re.compile(rf"(?:{_ANY_NUMBER}|\b(?:Luật|Bộ luật|Pháp lệnh)\s+[^\d,;.()]{{2,60}}?)\s*,?\s*"
                         rf"(?P<date>[Nn]gày\s+{_DAY_MONTH_YEAR})")


def cited_document_dates(text: str) -> list[tuple[str, str]]:
    """(ISO date, as written) of each date that dates a document the text cites by number or
    name; never a deadline ("trước ngày 31 tháng 12 năm 2030" follows no document)."""
    found = []
    for match in _CITED_DATE.finditer(text):
        iso, _ = parse_date(match.group("date"))
        if iso:
            found.append((iso, " ".join(match.group(0).split())))
    return found


# --- legal basis and opening ----------------------------------------------------------------------
# What opens a line citing a legal basis, after any bullet or bold marker (segment flags those lines).
LEGAL_BASIS = re.compile(r"^[-–•+*\s]*(Căn cứ|Theo đề nghị|Xét đề nghị|Xét Tờ trình)\b", re.IGNORECASE)
_KIND_WORDS = "|".join(k.kind.capitalize() for k in DOCUMENT_KINDS)
# The opening that names what a plan implements or rests on: "Thực hiện Kết luận số 56-KL/TW ...",
# "Căn cứ Quyết định số 3676/QĐ-UBND ..." ("Thực hiện tốt ...", "Căn cứ Kế hoạch này, ..." are tasks).
IMPLEMENTS_OPENING = re.compile(rf"^[-–•+*\s]*(?:Thực hiện|Triển khai(?: thực hiện)?|Căn cứ)\s+(?:các\s+)?"
                                rf"(?:{_KIND_WORDS})\b(?!\s+này)")
