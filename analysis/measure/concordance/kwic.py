"""Keyword in context: every occurrence of a phrase, with the section it sits in.

``kwic(corpus, phrase, window)`` returns one row per match (``KWIC_COLUMNS``):

============  ======================================================================
doc_id        the plan (with ``province`` and ``year``)
section       where the match is: the section path in the body ("II.3"), or the
              part outside it (``header``, ``title``, ``distribution``, ``signature``)
section_title the heading of the enclosing roman-numbered section
left, right   ``window`` syllables of context on each side (line breaks shown as spaces)
match         the matched text as written in the (normalised) plan
start         character offset of the match in the normalised text
is_body       whether the match is in the body (what measures count)
============  ======================================================================

The phrase is a query in the search language of ``measure.concordance.search`` (alternatives with
``|``, ``*`` for a syllable, underscores as spaces, tone marks ignored when the query has
none: ``table.attrs["tone_insensitive"]`` says so); a match is whole syllables, anywhere in
the normalised text, across line breaks. When a query with diacritics finds nothing,
``table.attrs["hint"]`` is the sentence suggesting it without them (``search.untoned_hint``),
else "".

Rows are every match, in the body or not; a rate counts only the rows with ``is_body`` (the
body is what a plan's words, ``n_tokens``, count), as the explorer does.
"""

from __future__ import annotations

import bisect

import pandas as pd

from analysis import config
from analysis.measure.concordance.search import parse_query, untoned_hint

KWIC_COLUMNS = ["doc_id", "province", "province_2025", "year", "section", "section_title", "left", "match", "right", "start", "is_body"]


def context_words(text: str, start: int, end: int, window: int) -> tuple[str, str]:
    """Up to ``window`` syllables (space-separated) left and right of ``text[start:end]``, line breaks as spaces."""
    if window <= 0:
        return "", ""
    # A window of words never needs more than a few hundred characters around the match; of those, only
    # the ``window`` nearest words are split off (a theme hit and a concordance line each ask for them).
    span = 40 * (window + 1)
    left_words = text[max(0, start - span):start].rsplit(None, window)
    if start - span > 0 or len(left_words) > window:
        left_words = left_words[1:]  # the first word may be cut, or holds the words beyond the window
    return " ".join(left_words), " ".join(text[end:end + span].split(None, window)[:window])


def kwic(corpus, phrase: str, window: int = config.CONTEXT_WINDOW) -> pd.DataFrame:
    """All matches of ``phrase`` in the usable plans of ``corpus``; see module docstring."""
    query = parse_query(phrase)
    # Plain dicts and lists: a pandas lookup per match costs more than finding it.
    meta = corpus.usable.set_index("doc_id")[["province", "province_2025", "year"]].to_dict("index")
    rows = []
    by_plan = corpus.per_plan("segments")
    for doc_id, text in corpus.texts.items():
        segments = by_plan.get(doc_id)
        matches = list(query.finditer(text))
        if segments is None or not matches:
            continue
        starts = segments["start"].tolist()
        parts, paths, titles, in_body = (segments[name].tolist() for name in ("part", "section_path", "section_title",
                                                                               "is_body"))
        plan = meta[doc_id]
        for start, end in matches:
            i = max(0, bisect.bisect_right(starts, start) - 1)
            where = paths[i] if in_body[i] and paths[i] else parts[i]
            if in_body[i] and not paths[i]:
                where = "preamble"
            left, right = context_words(text, start, end, window)
            rows.append((doc_id, plan["province"], plan["province_2025"], plan["year"], where, titles[i], left,
                         " ".join(text[start:end].split()), right, start, bool(in_body[i])))
    table = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    table["year"] = table["year"].astype("Int64")
    table.attrs["tone_insensitive"] = query.tone_insensitive  # the caller says so to the reader
    table.attrs["hint"] = _hint(corpus, query) if table.empty else ""
    return table


def _hint(corpus, query) -> str:
    """The untoned suggestion for a ``query`` that found nothing ("" for a query without diacritics)."""
    if query.untoned is None:
        return ""
    untoned = parse_query(query.untoned)
    return untoned_hint(query, sum(len(list(untoned.finditer(text))) for text in corpus.texts.values()))
