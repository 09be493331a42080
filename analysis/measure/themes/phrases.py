"""Find codebook phrases in a passage: whole syllables, longest first, with coordination.

``PhraseMatcher(codebook).match(text)`` returns ``(entry, start, end)`` for each accepted
match in one passage (``entry`` is a row of ``codebook.phrases``; ``start, end`` character
offsets in ``text``):

- words are compared folded (case and tone placement ignored), whole syllables only, and a
  match never crosses clause punctuation nor a table's cell separator (" | ");
- all candidates are collected, then accepted longest first (ties: earlier position, then
  codebook order), so a span counts once: "hệ thống xử lý nước thải" is one hit;
- **coordination**: Vietnamese elides a head or a tail shared by coordinated phrases.
  "sạt lở bờ sông, bờ biển" is "sạt lở bờ sông" and "sạt lở [bờ] biển"; "thu gom, xử lý
  nước thải" is "thu gom [nước thải]" and "xử lý nước thải". A conjunct joined by a comma,
  "và" or "hoặc" counts as the codebook phrase it completes (the match is the words
  written, the phrase the full codebook entry), so each conjunct counts for its own theme.

Citations of legal documents, whose subject a phrase may name without being the plan's
attention, are found by ``read.citations.citation_spans``.
"""

from __future__ import annotations

import operator
import re
from collections import defaultdict
from itertools import accumulate, compress
from typing import NamedTuple

from analysis.measure.themes.codebook import Codebook
from analysis.read.normalize import fold

# "|" separates two cells of a table row (read.normalize): a phrase never runs from one cell into the next.
_TOKEN = re.compile(r"[^\W_]+|[.,;:!?()\[\]{}\"“”‘’…|]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_BREAKS = set(".,;:!?()[]{}\"“”‘’…|")


class _FoldedWords(dict):
    """word -> ``fold(word)``, folded on first sight. Words repeat across a corpus millions of times;
    folding each once is enough, and a dict's own lookup (``map(folded.__getitem__, words)``) runs
    without a Python call per word. Emptied when it grows past ``limit`` words (numbers, names)."""

    limit = 500_000

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        self[word] = folded = fold(word)
        return folded


_fold_word = _FoldedWords().__getitem__


class Words(NamedTuple):
    """The words of a segment, one list per attribute (word k is ``folded[k]``, ``starts[k]`` ...)."""
    folded: list[str]
    starts: list[int]  # character offsets in the segment
    ends: list[int]
    clauses: list[int]  # clause number: the clause punctuation before the word; never decreases


def _words(text: str, openings=None) -> Words | None:
    """The folded words of a segment with their offsets and clause numbers; None when ``openings``
    (words that begin a phrase) is given and no word of the segment is one of them."""
    # One split into [gap, token, gap, token, ..., gap] and running lengths give every token's offsets
    # at C speed, kept as lists (no tuple per word): a match object per word (re.finditer) cost
    # more than all the rest of matching.
    parts = _TOKEN_SPLIT.split(text)
    tokens = parts[1::2]
    breaks = list(map(_BREAKS.__contains__, tokens))
    keep = list(map(operator.not_, breaks))
    folded = list(map(_fold_word, compress(tokens, keep)))
    if openings is not None and not any(map(openings.__contains__, folded)):
        return None  # a third of a corpus's passages: their offsets would never be read
    bounds = list(accumulate(map(len, parts)))  # token k spans bounds[2k] .. bounds[2k + 1]
    return Words(folded, list(compress(bounds[0::2], keep)), list(compress(bounds[1::2], keep)),
                 list(compress(accumulate(breaks), keep)))


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(sequence[j:j + n]) == phrase for j in range(len(sequence) - n + 1))


class PhraseMatcher:
    def __init__(self, codebook: Codebook):
        self.entries = codebook.phrases.to_dict("records")
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for index, entry in enumerate(self.entries):
            self.by_first[entry["key"][0]].append(index)
            self.by_key[entry["key"]].append(index)
        # A quarter of a plan's words begin some phrase: what each such word opens is looked up once,
        # (number of words, key as a list, entry index, has rules), to compare list slices without
        # building tuples, and to skip the context of the phrases without rules.
        self.openings = {word: [(len(self.entries[i]["key"]), list(self.entries[i]["key"]), i,
                                 bool(self.entries[i]["requires"] or self.entries[i]["excludes"])) for i in indices]
                         for word, indices in self.by_first.items()}
        # What a conjunct can be: the end (or the start) of some key; most words after a comma are neither.
        self.key_ends = {key[k:] for key in self.by_key for k in range(len(key))}
        self.key_starts = {key[:k] for key in self.by_key for k in range(1, len(key) + 1)}
        self.key_words = {word for key in self.by_key for word in key}  # a conjunct's first and last are among them

    def _rules_pass(self, entry: dict, folded: list[str], i: int, n: int) -> bool:
        window = entry["window"]
        context = (folded[max(0, i - window):i], folded[i + n:i + n + window])
        if entry["requires"] and not any(_contains(side, p) for p in entry["requires"] for side in context):
            return False
        return not any(_contains(side, p) for p in entry["excludes"] for side in context)

    def candidates(self, words: Words) -> list[tuple[int, int, int]]:
        """(-number of words, first word, entry index) of every phrase found whole within a clause
        whose rules pass, before any is accepted."""
        openings, found, folded, clauses = self.openings, [], words.folded, words.clauses
        for i in compress(range(len(folded)), map(openings.__contains__, folded)):
            for n, key, index, ruled in openings[folded[i]]:
                if folded[i:i + n] != key or clauses[i] != clauses[i + n - 1]:
                    continue
                if not ruled or self._rules_pass(self.entries[index], folded, i, n):
                    found.append((-n, i, index))
        return found

    def match(self, text: str) -> list[tuple[dict, int, int]]:
        """(entry, char start, char end) of the accepted matches in one segment."""
        words = _words(text, self.openings)
        return self.accept(text, words, self.candidates(words)) if words is not None else []

    def accept(self, text: str, words: Words, candidates: list[tuple[int, int, int]]):
        """The ``candidates`` accepted longest first, with the conjuncts they complete, in text order."""
        taken = [False] * len(words.folded)
        accepted = []  # (entry index, first word, number of words)
        for negative_length, i, index in sorted(candidates):
            if self._free(taken, i, -negative_length):
                accepted.append((index, i, -negative_length))
        for index, i, n in list(accepted):
            accepted += self._conjuncts(text, words, taken, self.entries[index]["key"], i, n)
        return sorted(((self.entries[index], words.starts[i], words.ends[i + n - 1]) for index, i, n in accepted),
                      key=lambda a: a[1])

    @staticmethod
    def _free(taken: list[bool], i: int, n: int) -> bool:
        """Claim words i..i+n-1 if no accepted match has them yet."""
        if i < 0 or i + n > len(taken) or any(taken[i:i + n]):
            return False
        taken[i:i + n] = [True] * n
        return True

    def _completing(self, key: tuple[str, ...], folded, taken, start: int, n: int, head: bool):
        """The codebook entry that ``folded[start:start+n]`` completes with a head (or tail) of ``key``."""
        written = tuple(folded[max(0, start):start + n])
        if written not in (self.key_ends if head else self.key_starts):
            return None  # no key ends (or starts) with these words, so none is completed
        # Shared parts are words of two syllables or more ("sạt lở", "nước thải"): one syllable
        # would split a compound ("thoát nước và xử lý nước thải" is not "thoát nước thải").
        for shared in range(len(key) - 1, 1, -1):  # the longest shared part first
            full = key[:shared] + written if head else written + key[len(key) - shared:]
            found = [i for i in self.by_key.get(full, ()) if self._rules_pass(self.entries[i], folded, start, n)]
            if found and full != key:
                return found[0]
        return None

    def _conjuncts(self, text, words: Words, taken, key, i: int, n: int) -> list[tuple[int, int, int]]:
        """Coordinated conjuncts that share ``key``'s head (to the right) or tail (to the left)."""
        found, folded, clauses = [], words.folded, words.clauses
        end = i + n  # to the right: "sạt lở bờ sông, bờ biển, cửa biển"
        while (start := _after_conjunction(text, words, end)) is not None and folded[start] in self.key_words:
            hit = next(((index, start, size) for size in (3, 2, 1) if start + size <= len(folded)
                        and (index := self._completing(key, folded, taken, start, size, head=True)) is not None
                        and clauses[start] == clauses[start + size - 1]), None)
            if not hit or not self._free(taken, hit[1], hit[2]):
                break
            found.append(hit)
            end = start + hit[2]
        last = _before_conjunction(text, words, i)  # to the left: "thu gom, xử lý nước thải"
        if last is not None and folded[last] in self.key_words:
            for size in (3, 2, 1):
                start = last - size + 1
                if start < 0 or clauses[start] != clauses[last]:
                    continue
                index = self._completing(key, folded, taken, start, size, head=False)
                if index is not None and self._free(taken, start, size):
                    found.append((index, start, size))
                    break
        return found


_CONJUNCTIONS = {"và", "hoặc"}


def _after_conjunction(text: str, words: Words, end: int) -> int | None:
    """First word of a conjunct that follows word ``end - 1`` after ", " or "và"/"hoặc", else None."""
    folded, starts, ends, clauses = words
    if end >= len(folded):
        return None
    # Words of one clause have no punctuation between them, so no comma: the gap is read only between clauses.
    if clauses[end] != clauses[end - 1] and text[ends[end - 1]:starts[end]].strip() == ",":
        return end + 1 if folded[end] in _CONJUNCTIONS else end
    if folded[end] in _CONJUNCTIONS and end + 1 < len(folded) and clauses[end] == clauses[end + 1]:
        return end + 1
    return None


def _before_conjunction(text: str, words: Words, i: int) -> int | None:
    """Last word of a conjunct that precedes word ``i`` before ", " or "và"/"hoặc", else None."""
    folded, starts, ends, clauses = words
    if i < 1:
        return None
    if folded[i - 1] in _CONJUNCTIONS and i >= 2:
        return i - 2 if clauses[i - 2] == clauses[i - 1] or text[ends[i - 2]:starts[i - 1]].strip() == "," else None
    if clauses[i] != clauses[i - 1] and text[ends[i - 1]:starts[i]].strip() == ",":
        return i - 1
    return None
