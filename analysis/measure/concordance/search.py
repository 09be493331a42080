"""One search language for ``kwic``, the notebooks and the explorer.

A query is one or more alternatives separated by ``|`` ("rác thải nhựa | túi ni lông"); an
alternative is syllables, matched whole, with any spacing, line break or underscore between
them (so "nước_thải", as keyness and topics print words, finds "nước thải"); ``*`` stands for
any one syllable ("xử lý *") and a syllable ending in ``*`` for any syllable it begins
("nhựa*"). Case and tone-mark placement never matter ("hoà" finds "hòa"). A query written
without any Vietnamese diacritic ("nuoc thai", typed on a keyboard without a Vietnamese input
method) is matched without tone marks on both sides -- it finds "nước thải" -- and the result
says so (``Query.tone_insensitive``); a query with diacritics is matched as written.

``parse_query(text)`` -> ``Query``; ``Query.finditer(text)`` -> (start, end) of each match in
``text`` (offsets into ``text`` itself, whichever way it matched). ``did_you_mean(name,
choices)``: the choices a mistyped name may have meant (same letters without tone marks, or
close), for every place a name is accepted. ``no_match_sentence(text, n_plans)``: what to
tell a researcher whose query found nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.read.normalize import normalize_tone_marks
from analysis.resources import did_you_mean, strip_tones, suggestion  # noqa: F401  (part of this module's API)


def has_diacritics(text: str) -> bool:
    return strip_tones(text) != text


@dataclass(frozen=True)
class Query:
    text: str
    alternatives: tuple[str, ...]
    pattern: re.Pattern
    tone_insensitive: bool

    def finditer(self, text: str):
        """(start, end) of every match in ``text``."""
        haystack = strip_tones(text) if self.tone_insensitive else text
        for match in self.pattern.finditer(haystack):
            yield match.start(), match.end()


def _syllable(term: str) -> str:
    if term == "*":
        return r"\w+"
    if term.endswith("*"):
        return re.escape(term[:-1]) + r"\w*"
    return re.escape(term)


def parse_query(text: str) -> Query:
    """The query in ``text``; see the module docstring. ValueError when it holds no word."""
    insensitive = not has_diacritics(text)
    alternatives = []
    for part in text.split("|"):
        syllables = normalize_tone_marks(part.replace("_", " ")).split()
        if syllables:
            alternatives.append(" ".join(syllables))
    if not alternatives:
        raise ValueError("the query is empty; give a word or phrase, e.g. \"nước thải\" or \"rác thải nhựa | túi ni lông\"")
    bodies = []
    for alternative in alternatives:
        syllables = strip_tones(alternative).split() if insensitive else alternative.split()
        bodies.append(r"[\s_]+".join(_syllable(s) for s in syllables))
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{b})" for b in bodies) + r")(?!\w)", re.IGNORECASE)
    return Query(text, tuple(alternatives), pattern, insensitive)


def no_match_sentence(text: str, n_plans: int) -> str:
    """One sentence for a query ``text`` that matched nothing in ``n_plans`` plans; when it has tone
    marks (matched as written), the untoned query to try, which matches whatever the tone marks."""
    sentence = f"no match for '{text}' in {n_plans} plan{'' if n_plans == 1 else 's'}"
    if has_diacritics(text):
        sentence += (f"; tone marks must match exactly when they are given, so try '{strip_tones(text)}' "
                     "to match whatever the tone marks")
    return sentence
