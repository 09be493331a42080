"""Normalise decoded plan text so that equal words are equal strings.

Takes a decoded ``str`` (from ``ingest``) and returns a ``str``:

1. Unicode NFC, odd spaces (NBSP, zero-width, soft hyphen, BOM) removed or made plain.
2. One tone-mark placement per syllable: the traditional convention that
   underthesea's ``text_normalize`` also produces (hoà -> hòa, uỷ -> ủy, khoá -> khóa,
   thuỷ -> thủy). Placement is computed from the syllable's vowel nucleus, so every
   variant of a word maps to one spelling.
3. CRLF/CR to LF, form feeds become paragraph breaks, repeated spaces become one
   space, lines are stripped, runs of blank lines collapse to one. A tab inside a line
   separates two cells of a table copied as text (the two-column header of an official
   document: "TỈNH CÀ MAU⇥Độc lập - Tự do - Hạnh phúc"), so it becomes " | ", the same
   separator web pages write; leading and trailing tabs are only indentation.
4. Markdown bold markers (``**``) are removed.
5. Page-break repair: a line that ends mid-sentence (a comma or a lower-case letter)
   followed, across line breaks, by a line starting with a lower-case letter is one
   sentence again ("Nghị quyết số 24-NQ/TW,\\n\\nngày 03/6/2013" -> one line).

``normalize_text`` is idempotent: normalising its output changes nothing.
``fold`` gives the case-folded key used for matching phrases.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining tone marks (NFD): grave, acute, hook above, tilde, dot below.
TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
# Letters that already carry a vowel-quality mark; the tone sits on them.
_MARKED_VOWELS = set("ăâêôơư")
_VOWELS = set("aăâeêioôơuưy")

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CELL_TAB = re.compile(r"[ \u00a0]*\t[\t \u00a0]*")
# Letters with any combining marks that NFC could not fold into them.
_SYLLABLE = re.compile(r"(?:[^\W\d_][\u0300-\u036f]*)+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _split_tone(syllable: str) -> tuple[str, str | None]:
    """Return the syllable without its tone mark, and the mark (None if 0 or >1 marks)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in TONE_MARKS]
    if len(tones) != 1:
        return syllable, None
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, tones[0]


def _tone_position(base: str) -> int | None:
    """Index in ``base`` (toneless, NFC) of the letter that should carry the tone.

    None when the syllable is not a well-formed Vietnamese syllable (foreign words,
    abbreviations), which are then left exactly as written.
    """
    lower = base.lower()
    if len(lower) != len(base):
        return None
    positions = [i for i, c in enumerate(lower) if c in _VOWELS]
    if not positions:
        return None
    # "qu" and "gi" + vowel: the u / i belongs to the initial consonant.
    if lower.startswith("qu") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    elif lower.startswith("gi") and len(positions) > 1 and positions[0] == 1:
        positions = positions[1:]
    start = positions[0]
    nucleus = positions
    if nucleus != list(range(start, start + len(nucleus))) or len(nucleus) > 3:
        return None
    end = nucleus[-1] + 1
    has_final_consonant = end < len(lower)
    marked = [i for i in nucleus if lower[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]
    if has_final_consonant:
        return nucleus[-1]
    if len(nucleus) == 3:
        return nucleus[1]
    return nucleus[0]


# A plan repeats a few thousand distinct syllables tens of thousands of times: remember them.
@lru_cache(maxsize=200_000)
def normalize_syllable(syllable: str) -> str:
    """Place the tone mark of one syllable by the traditional convention."""
    base, tone = _split_tone(syllable)
    if tone is None:
        return syllable
    position = _tone_position(base)
    if position is None:
        return syllable
    toned = unicodedata.normalize("NFC", base[position] + tone)
    return base[:position] + toned + base[position + 1 :]


def normalize_tone_marks(text: str) -> str:
    return _SYLLABLE.sub(lambda m: normalize_syllable(m.group(0)), text)


def is_all_caps(line: str) -> bool:
    """True for a line whose letters are all capitals (headings such as "KẾ HOẠCH")."""
    # str.isupper: every cased character upper case, and at least one (Vietnamese letters all have case).
    return line.isupper()


def _continues(previous: str, following: str) -> bool:
    """Does ``following`` continue the sentence that ``previous`` left open?"""
    if not previous or not following or is_all_caps(previous):
        return False
    if not following[0].islower():
        return False
    # "a) ..." / "b) ..." open list items even though they start in lower case.
    if re.match(r"[a-zđ][\)\.]\s", following):
        return False
    last = previous[-1]
    return last == "," or (last.isalpha() and last.islower())


def repair_breaks(text: str) -> str:
    """Join lines split mid-sentence by line or page breaks (see module docstring)."""
    out: list[str] = []
    for line in text.split("\n"):
        if line and out:
            # Find the last non-blank line already emitted.
            j = len(out) - 1
            while j >= 0 and not out[j]:
                j -= 1
            if j >= 0 and _continues(out[j], line):
                out[j] = out[j] + " " + line
                del out[j + 1 :]
                continue
        out.append(line)
    return "\n".join(out)


def normalize_text(text: str) -> str:
    """Apply every normalisation step; see the module docstring."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0b", "\n")
    text = text.replace("**", "")
    text = normalize_tone_marks(text)
    lines = [_SPACES.sub(" ", _CELL_TAB.sub(" | ", line.strip(_BLANKS))).strip() for line in text.split("\n")]
    text = repair_breaks("\n".join(lines))
    text = _BLANK_RUNS.sub("\n\n", text).strip("\n")
    return text + "\n" if text else ""


def fold(text: str) -> str:
    """Case-folded, tone-normalised key for matching ("Hoà" and "hòa" fold alike)."""
    return normalize_tone_marks(unicodedata.normalize("NFC", text)).lower()
