"""One search language for ``kwic``, the notebooks and the explorer.

A query is one or more alternatives separated by ``|`` ("rác thải nhựa | túi ni lông"); an
alternative is syllables, matched whole, with any spacing, line break or underscore between
them (so "nước_thải", as keyness and topics print words, finds "nước thải"); ``*`` stands for
any one syllable ("xử lý *") and a syllable ending in ``*`` for any syllable it begins
("nhựa*"). Case and tone-mark placement never matter ("hoà" finds "hòa"). A query written
without any Vietnamese diacritic ("nuoc thai", typed on a keyboard without a Vietnamese input
method) is matched without tone marks on both sides -- it finds "nước thải" -- and the result
says so (``Query.tone_insensitive``); a query with diacritics is matched as written, every
syllable, so "nươc thai" (some marks typed, others not) finds only text written "nươc thai".
We do not match such a query leniently, since "thiên tai" must not find "thiên tài"; instead,
when it finds nothing, the result says so and suggests the query without any diacritic
(``Query.untoned``: "nuoc thai") with what that finds (``untoned_hint``).

Every alternative needs at least one syllable that is not ``*``: "| *" or "* *" would match
every word of every plan, so it is refused (``QueryError``, one sentence), as is an empty
alternative ("nước thải |"). The explorer's JavaScript port (``outputs/templates/explorer.js``)
follows every rule here; a browser test checks both count the same.

``parse_query(text)`` -> ``Query``; ``Query.finditer(text)`` -> (start, end) of each match in
``text`` (offsets into ``text`` itself, whichever way it matched). ``did_you_mean(name,
choices)``: the choices a mistyped name may have meant (same letters without tone marks, or
close), for every place a name is accepted. ``no_match_sentence(text, n_plans)``: what to
tell a researcher whose query found nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.errors import UserError
from analysis.read.normalize import normalize_tone_marks
from analysis.resources import did_you_mean, strip_tones, suggestion  # noqa: F401  (part of this module's API)


def has_diacritics(text: str) -> bool:
    return strip_tones(text) != text


class QueryError(UserError, ValueError):
    """A query that cannot be searched; the message says why in one sentence."""


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

    @property
    def untoned(self) -> str | None:
        """The query typed without any diacritic ("nươc thai" -> "nuoc thai"); None when it has none."""
        return None if self.tone_insensitive else strip_tones(self.text)


def untoned_hint(query: Query, count: int) -> str:
    """The sentence shown when ``query`` (with diacritics) found nothing and its untoned form finds ``count``."""
    return (f"nothing matches '{query.text.strip()}' as written (tone marks are matched where given); "
            f"without tone marks, '{query.untoned.strip()}' finds {count}")


def _syllable(term: str) -> str:
    if term == "*":
        return r"\w+"
    if term.endswith("*"):
        return re.escape(term[:-1]) + r"\w*"
    return re.escape(term)


def parse_query(text: str) -> Query:
    """The query in ``text``; see the module docstring. ValueError when it holds no word."""
    insensitive = not has_diacritics(text)
    alternatives = [" ".join(normalize_tone_marks(part.replace("_", " ")).split()) for part in text.split("|")]
    if not any(alternatives):
        raise QueryError("the query is empty; give a word or phrase, e.g. \"nước thải\" or \"rác thải nhựa | túi ni lông\"")
    if not all(alternatives):
        raise QueryError(f"the query '{text.strip()}' has an empty alternative; write a word on each side of every '|'")
    if any(all(s == "*" for s in alternative.split()) for alternative in alternatives):
        raise QueryError(f"the query '{text.strip()}' has an alternative made only of '*', which would match every "
                         "word; give at least one word in each alternative, e.g. \"xử lý *\"")
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
