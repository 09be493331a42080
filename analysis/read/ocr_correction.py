"""Undo the systematic errors of Tesseract's Vietnamese model, one syllable at a time, only where
the context proves them.

``correct_ocr_text(text)`` -> (corrected text, changes). Each change is a dict: ``original``,
``corrected`` (the token as written, and as corrected), ``line`` (1-based), ``position`` (offset
of the token in ``text``, in NFC) and ``rule`` (one of ``RULES``).

What Tesseract's ``vie`` model gets wrong, and the rule that undoes it:

=================  =====================================================================
``l-read-as-t``    a syllable's initial l read as t: "quản tý" (quản lý), "Kết tuận" (Kết luận)
``l-read-as-I``    l read as a capital I: "quản Iý" (not in words written in capitals)
``l-read-as-1``    l read as the digit 1 inside a word: "quản 1ý" (only with a Vietnamese
                   letter beside it, so "1a", "12" and document numbers are never touched)
``tone``           a tone mark dropped ("quan lý") or read as its look-alike: hook above and
                   tilde ("quãn"), acute and grave; a tone mark is never taken away
``vowel-mark``     a breve, circumflex, horn or the bar of đ dropped ("moi trường", "dất")
=================  =====================================================================

A syllable changes only when (1) it makes no word with either neighbour: no entry of the
lexicon holds the pair ("quản tý"); (2) exactly one of its confusions does, with a neighbour
that is not already a word with its own other neighbour ("địa bàn tỉnh" is never "bàn tính":
"bàn" belongs to "địa bàn") and is not a function word ("có tính" is never "có tình": function
words pair with anything); where a letter confusion and a tone fit alike, the letter confusion;
(3) it is not a function word itself, nor a syllable the text writes at least ``REPEATED``
times and more often than the reading proposed (OCR misreads a word now and then, not most of
the time); (4) a syllable beside a token that is no syllable at all ("ñguy cơ")
stays: that neighbour says nothing; (5) a capitalised syllable inside a sentence or before another capitalised one is a
name ("Nguyễn Văn Hùng"): it keeps its marks. A token that is no Vietnamese syllable at all may
also become a function word, which needs no partner ("cũa" -> "của"). Never changed: a token with
any digit but the l-read-as-1 case, a part of a code ("116/KH-UBND", "02-KL/TW": a token touching
"/", "-", "–", "&", "." or ":" with no space), anything that is not letters.

Measured on the seed plans (tests/ocr_noise.py, tests/read/test_ocr_correction.py): on their clean
text nothing changes; with 5% of syllables misread by these confusions (seeds 2-11, the rules tuned
on seed 1), character accuracy rises from 98.8% to 99.7%, 72% of the misread syllables are restored
and 1 correct syllable of about 90,000 is changed.

The lexicon: underthesea's copy of Ho Ngoc Duc's Vietnamese dictionary (``Viet74K.txt``, 74,000
entries, shipped inside the package, read offline), the shipped codebook's phrases
(``config.CODEBOOK_PATH``; never a corpus's own, so that what a file reads as does not depend on
the codebook a run uses), the province names and the word lists in ``analysis/data``. Pairs
are compared folded (case and tone placement ignored, ``normalize.fold``).

Hand-written because no spelling corrector for Vietnamese OCR is packaged: general spell
checkers (SymSpell, hunspell's vi_VN) propose any close word and cannot tell "tý" (a word)
in "quản tý" from "tý" in "một tý"; only the confusions OCR makes, checked against the
neighbouring syllable, are safe to undo.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from analysis import config, resources
from analysis.read.normalize import TONE_MARKS, fold, normalize_syllable
from analysis.read import tokenize

RULES = ("l-read-as-t", "l-read-as-I", "l-read-as-1", "tone", "vowel-mark")
DICTIONARY = "Viet74K.txt"  # underthesea/corpus/data: Ho Ngoc Duc's dictionary, the largest it ships
# A token: letters (with their combining marks) and digits; "_" splits.
_TOKEN = re.compile(r"(?:[^\W_][\u0300-\u036f]*)+")
# Characters that join a token to a code ("116/KH-UBND", "02-KL/TW", "ISO-14001").
_CODE_JOINERS = "/-–.:&"
# A syllable written at least this often in the text, and more often than a reading proposed for
# it, is the text's own word: OCR misreads a word now and then, not in most of its occurrences.
REPEATED = 3
_SEPARATOR = re.compile(r"[ \t]+")  # only spaces between two syllables make them neighbours
# Dropped vowel marks: the plain letter -> the marked letters it may have lost its mark from.
_VOWEL_MARKS = {"a": "ăâ", "e": "ê", "o": "ôơ", "u": "ư", "d": "đ", "A": "ĂÂ", "E": "Ê", "O": "ÔƠ", "U": "Ư", "D": "Đ"}
# Tone marks OCR drops (any of the five may be restored to a syllable that has none) and the pairs
# it reads as each other: hook above and tilde, acute and grave. A mark is never taken away.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_SWAPS = {"\u0309": "\u0303", "\u0303": "\u0309", "\u0301": "\u0300", "\u0300": "\u0301"}
# Marked letters Vietnamese writes; a token with one of these beside a "1" is a misread word.
_VIETNAMESE_LETTER = re.compile("[ăâêôơưđĂÂÊÔƠƯĐ\u0300-\u036f]|[^\\x00-\\x7f]")


# --- the lexicon ------------------------------------------------------------------------


def _dictionary_path() -> Path:
    import underthesea

    return Path(underthesea.__file__).parent / "corpus" / "data" / DICTIONARY


def _codebook_phrases() -> list[str]:
    """The shipped codebook's phrases (read as plain YAML: reading sits below the measures' codebook)."""
    import yaml

    try:
        book = yaml.safe_load(Path(config.CODEBOOK_PATH).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    phrases = []
    for theme in book.get("themes") or []:
        for phrase in theme.get("phrases") or []:
            phrases.append(phrase.get("phrase", "") if isinstance(phrase, dict) else str(phrase))
    return phrases


def _entries() -> list[str]:
    words = _dictionary_path().read_text(encoding="utf-8").splitlines()
    words += _codebook_phrases() + [spelling for spelling, _ in resources.province_spellings()]
    for listed in (tokenize.stopwords(), tokenize.boilerplate(), tokenize.procedural_words()):
        words += [w.replace("_", " ") for w in listed]
    return words


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset[str], frozenset[tuple[str, str]], frozenset[tuple[str, str, str]]]:
    """(syllables, pairs and triples of neighbouring syllables in one entry), all folded."""
    syllables, pairs, triples = set(), set(), set()
    for entry in _entries():
        parts = fold(entry).split()
        syllables.update(parts)
        pairs.update(zip(parts, parts[1:]))
        triples.update(zip(parts, parts[1:], parts[2:]))
    return frozenset(syllables), frozenset(pairs), frozenset(triples)


# --- confusions -------------------------------------------------------------------------


def _with_tone(syllable: str, tone: str) -> str:
    """``syllable`` with its tone mark replaced by ``tone`` ("" for none), placed by the convention
    ``normalize.normalize_syllable`` follows ("quyêt" -> "quyết", not "qúyêt")."""
    decomposed = unicodedata.normalize("NFD", syllable)
    marked = [i for i, c in enumerate(decomposed) if c in TONE_MARKS]
    if marked:
        return normalize_syllable(unicodedata.normalize("NFC", decomposed[:marked[0]] + tone + decomposed[marked[0] + 1:]))
    vowels = [i for i, c in enumerate(decomposed) if c.lower() in "aeiouy"]
    if not vowels or not tone:
        return syllable
    end = vowels[0] + 1
    while end < len(decomposed) and unicodedata.combining(decomposed[end]):
        end += 1  # after the vowel's own marks (breve, circumflex, horn), or NFC cannot compose it
    return normalize_syllable(unicodedata.normalize("NFC", decomposed[:end] + tone + decomposed[end:]))


def confusions(token: str) -> list[tuple[str, str]]:
    """(candidate, rule) for each reading ``token`` may be a misreading of (rules in ``RULES``)."""
    if any(c.isdigit() for c in token.replace("1", "")):
        return []  # a number or a code, never a word
    if "1" in token:  # "1ý" is a word misread; "1a", "11" are not words
        letters = token.replace("1", "")
        return [(token.replace("1", "l"), "l-read-as-1")] if letters.isalpha() and _VIETNAMESE_LETTER.search(letters) else []
    found = []
    if token[:1] in "tT" and token[1:2].lower() not in ("h", "r", ""):  # th-, tr- are initials of their own
        found.append((("l" if token[0] == "t" else "L") + token[1:], "l-read-as-t"))
    if "I" in token and not token.isupper():  # in capitals, I is I ("KIỂM", "II.")
        found.append((token.replace("I", "l"), "l-read-as-I"))
    tones = [c for c in unicodedata.normalize("NFD", token) if c in TONE_MARKS]
    restored = _TONES if not tones else [_TONE_SWAPS[tones[0]]] if tones[0] in _TONE_SWAPS else []
    found += [(_with_tone(token, tone), "tone") for tone in restored]
    for i, letter in enumerate(token):
        found += [(token[:i] + marked + token[i + 1:], "vowel-mark") for marked in _VOWEL_MARKS.get(letter, "")]
    return [(candidate, rule) for candidate, rule in found if candidate != token]


# --- correcting -------------------------------------------------------------------------


def _tokens(line: str) -> list[dict]:
    """The tokens of a line: ``text``, ``start``, ``end``, and whether each may change (``free``)."""
    tokens = []
    for match in _TOKEN.finditer(line):
        start, end = match.span()
        # Joined to a code without a space: "116/KH-UBND"; a full stop or colon ending a sentence is not.
        touches_code = (start > 0 and line[start - 1] in _CODE_JOINERS) or \
                       (line[end:end + 1] in tuple(_CODE_JOINERS) and line[end + 1:end + 2].strip() != "")
        tokens.append({"text": match.group(0), "start": start, "end": end, "free": not touches_code})
    return tokens


def _context(tokens: list[dict], line: str, i: int) -> tuple[str | None, ...]:
    """The folded syllables two before, just before, just after and two after token ``i`` (None
    where punctuation or a line's end breaks the run of syllables)."""
    joined = [bool(_SEPARATOR.fullmatch(line[left["end"]:right["start"]])) for left, right in zip(tokens, tokens[1:])]

    def reach(j: int) -> str | None:
        low, high = min(i, j), max(i, j)
        inside = 0 <= j < len(tokens) and all(joined[low:high])
        return fold(tokens[j]["text"]) if inside else None

    return reach(i - 2), reach(i - 1), reach(i + 1), reach(i + 2)


def _fits(syllable: str, context: tuple[str | None, ...]) -> int:
    """On how many sides (0, 1, 2) ``syllable`` makes a word with its neighbour."""
    pairs = lexicon()[1]
    _, before, after, _ = context
    return ((before, syllable) in pairs) + ((syllable, after) in pairs)


def _free_fits(syllable: str, context: tuple[str | None, ...]) -> int:
    """Like ``_fits``, counting a side only when that neighbour is not already a word with its other
    neighbour ("địa bàn tỉnh" is not "bàn tính": "bàn" is taken by "địa bàn"), unless the three
    are one word ("biến đổi khí" of "biến đổi khí hậu")."""
    _, pairs, triples = lexicon()
    before2, before, after, after2 = context
    function_words = tokenize.stopwords()  # they join almost anything: "có tình" proves nothing about "có tính"
    left = (before, syllable) in pairs and before not in function_words and (
        (before2, before) not in pairs or (before2, before, syllable) in triples)
    right = (syllable, after) in pairs and after not in function_words and (
        (after, after2) not in pairs or (syllable, after, after2) in triples)
    return left + right


def correct_syllable(token: str, context: tuple[str | None, ...], counts: Counter | None = None,
                     name: bool = False) -> tuple[str, str] | None:
    """(correction, rule) for ``token`` in its ``context`` (``_context``), or None. ``counts``: how
    often each folded syllable occurs in the whole text; ``name``: the token is capitalised inside a
    sentence (a proper name), so its marks are kept. See the module docstring for the rules."""
    folded, counts = fold(token), counts or Counter()
    syllables, function_words = lexicon()[0], tokenize.stopwords()
    if _fits(folded, context) or folded in function_words:
        return None
    if folded in syllables and any(near is not None and near not in syllables for near in context[1:3]):
        return None  # a neighbour misread beyond recognition ("ñguy cơ"): no word could have been made with it
    scored = {}
    for candidate, rule in confusions(token):
        key = fold(candidate)
        if (name and rule in ("tone", "vowel-mark")) or key not in syllables or key in scored:
            continue
        if counts[folded] >= REPEATED and counts[folded] > counts[key]:
            continue  # the text's own word, written so more often than the reading proposed
        # A function word needs no partner: it replaces a token that is no syllable at all ("cũa").
        alone = folded not in syllables and key in function_words
        scored[key] = (max(_free_fits(key, context), alone), candidate, rule)
    best = max((score for score, _, _ in scored.values()), default=0)
    fitting = [(candidate, rule) for score, candidate, rule in scored.values() if score == best and best > 0]
    letters = [(candidate, rule) for candidate, rule in fitting if rule.startswith("l-read")]
    if len(fitting) == 1 or len(letters) == 1:  # two readings fit: the letter confusion, else nothing
        return (fitting if len(fitting) == 1 else letters)[0]
    return None


def _is_name(tokens: list[dict], line: str, i: int) -> bool:
    """A capitalised syllable (not a capitals heading) inside a sentence: part of a name ("Nguyễn Văn Hùng")."""
    def capitalised(j: int) -> bool:
        word = tokens[j]["text"] if 0 <= j < len(tokens) else ""
        return word[:1].isupper() and not word.isupper()

    if not capitalised(i):
        return False
    inside = i > 0 and not re.search(r"[.!?:;]\s*$|^\W*$", line[:tokens[i]["start"]])
    return inside or capitalised(i + 1)  # "Nguyễn Văn Hùng" at a line's start


def correct_line(line: str, line_number: int = 1, offset: int = 0, counts: Counter | None = None) -> tuple[str, list[dict]]:
    """One line corrected (see ``correct_ocr_text``); ``offset``: where the line starts in the text;
    ``counts``: the folded syllables of the whole text (default: of this line)."""
    counts = counts if counts is not None else syllable_counts(line)
    tokens = _tokens(line)
    changes = []
    for i, token in enumerate(tokens):
        if not token["free"]:
            continue
        corrected = correct_syllable(token["text"], _context(tokens, line, i), counts, _is_name(tokens, line, i))
        if corrected is None:
            continue
        token["text"] = corrected[0]  # the next syllable's context is the corrected one
        changes.append({"original": line[token["start"]:token["end"]], "corrected": corrected[0], "line": line_number,
                        "position": offset + token["start"], "rule": corrected[1]})
    pieces, last = [], 0
    for token in tokens:
        pieces += [line[last:token["start"]], token["text"]]
        last = token["end"]
    return "".join(pieces) + line[last:], changes


def syllable_counts(text: str) -> Counter:
    """How often each folded token occurs in ``text`` (``REPEATED``)."""
    return Counter(fold(token) for token in _TOKEN.findall(text))


def correct_ocr_text(text: str) -> tuple[str, list[dict]]:
    """``text`` (NFC) with the syllables OCR misread corrected, and the list of changes (module
    docstring). Positions are offsets in ``text`` in NFC, as readers return it."""
    text = unicodedata.normalize("NFC", text)
    counts = syllable_counts(text)
    lines, changes, offset = [], [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        corrected, found = correct_line(line, number, offset, counts)
        lines.append(corrected)
        changes += found
        offset += len(line) + 1
    return "\n".join(lines), changes
