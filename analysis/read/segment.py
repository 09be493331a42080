"""Split a normalised plan into its structural parts.

``segment_text(doc_id, text)`` takes normalised text (``normalize.normalize_text``)
and returns a table with one row per non-blank line (a paragraph, heading or list
item), in order:

=============  ============================================================================
column         meaning
=============  ============================================================================
doc_id         the plan
order          0, 1, 2, ... position of the segment in the plan
part           ``header`` | ``title`` | ``body`` | ``distribution`` | ``signature`` |
               ``repeat`` (a passage already seen in the document: counted once)
kind           ``header``, ``title``, ``preamble``, ``section`` (I. II.), ``item`` (1. 2.),
               ``subitem`` (1.1, a), b)), ``bullet`` (- + •), ``paragraph``, ``article``
               ("Điều 1." of a decision), ``distribution`` (the "Nơi nhận" list),
               ``signature``, ``repeat``
section        roman numeral of the enclosing section ("" before the first, and in an appendix)
section_title  that section's heading text (an appendix's: its "PHỤ LỤC" line; an appendix after
               the signature, often a table of tasks, is body again)
section_path   "II.3.b": section, item and sub-item numbers enclosing the segment
text           the segment's text
start, end     character offsets of the segment in the normalised text
is_body        True for the parts measures count (preamble and sections)
is_legal_basis True for the "Căn cứ" preamble: a body line, before the first section or
               item, that cites the document's legal bases ("Căn cứ Luật ...;", "Căn cứ
               Nghị định số ...;", "Theo đề nghị của ..."), the lines it wraps onto, and the
               all-caps lines that frame it (the issuing body above, "QUYẾT ĐỊNH:" below)
=============  ============================================================================

Only ``is_body`` rows feed measures; the header, title, distribution list and
signature are kept for metadata and for showing where a KWIC match sits. A decision that
issues a plan keeps its "Căn cứ" clauses and articles as preamble, and the attached plan's
title block as title. The "Căn cứ" preamble stays body (themes read it, counting apart the
citations in it; the word counts include it), but the vocabulary measures and topics leave
it out (``is_legal_basis``; ``measure.measured_words``): in a decision it is most
of the text, and the same decrees cited by two plans are not what the plans share.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.read.legal_references import LEGAL_BASIS, TITLE_LINE
from analysis.read.normalize import is_all_caps

SEGMENT_COLUMNS = [
    "doc_id", "order", "part", "kind", "section", "section_title", "section_path",
    "text", "start", "end", "is_body", "is_legal_basis",
]

_ROMAN = re.compile(r"^(?P<num>[IVXL]+)[\.\-–)]\s*(?P<title>.*)$")
_ITEM = re.compile(r"^(?P<num>\d{1,2})[\.)]\s*(?P<title>\D.*)$")
_SUBITEM = re.compile(r"^(?P<num>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?|[a-zđ])[\.)]\s+(?P<title>.*)$")
_BULLET = re.compile(r"^[-–—•+*·]\s*")
_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]")
# Headings and lead-ins recur in a real plan on purpose ("Ban cán sự đảng UBND tỉnh lãnh đạo
# UBND tỉnh chỉ đạo:" opens several task lists; the seed plans repeat lines of up to ~100
# characters); a repeated passage longer than this is a copy (a news page's lead, a pasted block).
_MIN_REPEAT_CHARACTERS = 120
_DISTRIBUTION = re.compile(r"^nơi nhận\b", re.IGNORECASE)
# An appendix after the signature ("PHỤ LỤC", often a table of tasks) is text again.
_APPENDIX = re.compile(r"^PHỤ LỤC\b")
_SIGNATURE = re.compile(
    r"^(T/M|TM\.?|KT\.?|Q\.|TL\.?|TUQ\.?)\s|^(PHÓ )?(BÍ THƯ|CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN)$"
)
# The title block and header are looked for near the top only.
_HEADER_SEARCH_LINES = 25
_CLOSING_SEARCH_LINES = 40


def _lines_with_offsets(text: str) -> list[tuple[str, int, int]]:
    rows, offset = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            rows.append((raw, offset, offset + len(raw)))
        offset += len(raw) + 1
    return rows


def _title_span(lines: list[str]) -> tuple[int, int]:
    """(first, last+1) line indices of the title block, or (0, 0) when there is none."""
    for i, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
        if TITLE_LINE.match(line) and len(line) < 120:  # the document's kind opens its title block
            end = i + 1
            while end < len(lines) and is_all_caps(lines[end]) and not _ROMAN.match(lines[end]):
                end += 1
            # One subtitle line ("thực hiện Kết luận số ..."), unless it already is the
            # preamble (which ends "... như sau:") or the first section.
            if end < len(lines) and not lines[end].rstrip().endswith(":") and not _ROMAN.match(lines[end]):
                end += 1
                # A subtitle wrapped before a capitalised word ("... của Bộ" / "Chính trị ...")
                # goes on while it ends without punctuation.
                while (end < len(lines) and lines[end - 1][-1:].isalpha() and len(lines[end]) < 200
                       and not lines[end].endswith(":") and not _ROMAN.match(lines[end])
                       and not LEGAL_BASIS.match(lines[end])):
                    end += 1
            return i, end
    return 0, 0


def _closing_start(lines: list[str]) -> tuple[int, int]:
    """Index of the distribution list and of the signature (len(lines) when absent)."""
    n = len(lines)
    first = max(0, n - _CLOSING_SEARCH_LINES)
    distribution = next((i for i in range(first, n) if _DISTRIBUTION.match(lines[i])), n)
    signature = next((i for i in range(first, n) if _SIGNATURE.match(lines[i])), n)
    return distribution, signature


def segment_text(doc_id: str, text: str) -> pd.DataFrame:
    """Segment one normalised plan; see the module docstring for the columns."""
    rows_in = _lines_with_offsets(text)
    lines = [line for line, _, _ in rows_in]
    title_first, title_end = _title_span(lines)
    if title_end == 0:
        # No title block: the header is whatever precedes the first section heading,
        # but only short all-caps/date lines count as header.
        title_first = title_end = 0
        for i, line in enumerate(lines[:_HEADER_SEARCH_LINES]):
            if _ROMAN.match(line) or len(line) > 120:
                break
            if is_all_caps(line) or re.search(r"ngày\s+\d", line) or line.startswith("Số"):
                title_first = title_end = i + 1
    distribution, signature = _closing_start(lines)
    closing = min(distribution, signature)
    appendix = next((i for i in range(closing, len(lines)) if _APPENDIX.match(lines[i])), len(lines))

    section = section_title = ""
    item = subitem = ""
    rows = []
    for order, (line, start, end) in enumerate(rows_in):
        if order < title_first:
            part, kind = "header", "header"
        elif order < title_end:
            part, kind = "title", "title"
        elif closing <= order < appendix:
            in_signature = order >= signature and (signature >= distribution or order < distribution)
            part = kind = "signature" if in_signature else "distribution"
        elif order == appendix:
            part, kind, section, section_title, item, subitem = "body", "section", "", line, "", ""
        else:
            part = "body"
            roman, numbered, sub = _ROMAN.match(line), _ITEM.match(line), _SUBITEM.match(line)
            if roman and len(roman.group("num")) <= 5:
                kind, section, section_title = "section", roman.group("num"), roman.group("title").strip()
                item = subitem = ""
            elif numbered:
                kind, item, subitem = "item", numbered.group("num"), ""
            elif sub:
                kind, subitem = "subitem", sub.group("num")
            elif _BULLET.match(line):
                kind = "bullet"
            else:
                kind = "paragraph" if section or order > appendix else "preamble"
        path = ".".join(p for p in (section, item, subitem) if p) if part == "body" else ""
        rows.append({
            "doc_id": doc_id, "order": order, "part": part, "kind": kind,
            "section": section if part == "body" else "",
            "section_title": section_title if part == "body" else "",
            "section_path": path, "text": line, "start": start, "end": end,
            "is_body": part == "body", "is_legal_basis": False,
        })
    _mark_attached_title(rows)
    _mark_legal_basis(rows)
    _mark_repeats(rows)
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def _mark_attached_title(rows: list[dict]) -> None:
    """A decision that issues a plan ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch ...")
    carries the plan after its articles: the plan's own title block ("KẾ HOẠCH", its subject,
    "(Ban hành kèm theo Quyết định số ...)") is a title, not text to measure."""
    for i, row in enumerate(rows):
        if row["part"] != "body":
            continue
        if row["kind"] == "section":
            return  # the attached title comes before the plan's first section
        if _ARTICLE.match(row["text"]):
            row["kind"] = "article"
        elif TITLE_LINE.match(row["text"]) and is_all_caps(row["text"]) and not row["text"].endswith(":"):
            for follower in rows[i:i + 4]:
                if follower["kind"] == "section" or follower["part"] != "body":
                    break
                follower.update(part="title", kind="title", is_body=False)
                if follower["text"].startswith("("):
                    break
            return


def _mark_legal_basis(rows: list[dict]) -> None:
    """Flag the "Căn cứ" preamble (``is_legal_basis``; see the module docstring): only before the
    first article, section or item (or an attached plan's), since "Căn cứ chức năng, nhiệm vụ ...,
    các sở ..." inside the body opens a task, not a citation."""
    previous = None  # the last line flagged, when it is the line just before
    opened = False  # past the preamble, until an attached plan's title block starts another
    for i, row in enumerate(rows):
        opened = (opened or row["kind"] == "article" or bool(row["section_path"])) and row["part"] != "title"
        if row["part"] != "body" or opened:
            previous = None
            continue
        text = row["text"].strip()
        wrapped = previous is not None and not previous["text"].rstrip().endswith((";", ".", ":")) and \
            (text[:1].islower() or text[:1].isdigit())
        if LEGAL_BASIS.match(text) or wrapped:
            row["is_legal_basis"] = True
            before = rows[i - 1] if i else None
            if previous is None and before is not None and before["part"] == "body" and not before["section_path"] \
                    and is_all_caps(before["text"]):
                before["is_legal_basis"] = True  # the issuing body: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM"
            previous = row
        elif previous is not None and is_all_caps(text) and text.endswith(":"):
            row["is_legal_basis"] = True  # the enacting word: "QUYẾT ĐỊNH:"
            previous = None
        else:
            previous = None


def _mark_repeats(rows: list[dict]) -> None:
    """A passage repeated word for word in one document (a news page's lead, a pasted block)
    counts once: later copies are kept, as part "repeat", but not measured."""
    seen: set[str] = set()
    for row in rows:
        if not row["is_body"] or len(row["text"]) < _MIN_REPEAT_CHARACTERS:
            continue
        key = " ".join(row["text"].lower().split())
        if key in seen:
            row.update(part="repeat", kind="repeat", is_body=False)
        seen.add(key)


def structure_summary(segments: pd.DataFrame) -> pd.DataFrame:
    """Per plan: number of sections, items, sub-items, bullets and paragraphs, and lines per part.

    Columns: ``doc_id, sections, items, subitems, bullets, paragraphs, header_lines, title_lines,
    body_lines, distribution_lines, signature_lines``.
    """
    kinds = segments.groupby(["doc_id", "kind"]).size().unstack(fill_value=0)
    parts = segments.groupby(["doc_id", "part"]).size().unstack(fill_value=0)
    table = pd.DataFrame(index=sorted(segments["doc_id"].unique()))
    for kind, column in [("section", "sections"), ("item", "items"), ("subitem", "subitems"), ("bullet", "bullets"),
                         ("paragraph", "paragraphs")]:
        table[column] = kinds.get(kind, pd.Series(dtype=int)).reindex(table.index, fill_value=0)
    for part in ["header", "title", "body", "distribution", "signature"]:
        table[f"{part}_lines"] = parts.get(part, pd.Series(dtype=int)).reindex(table.index, fill_value=0)
    return table.rename_axis("doc_id").reset_index()
