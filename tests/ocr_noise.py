"""A development set for OCR post-correction: clean plan text with Tesseract's documented
Vietnamese confusions injected by a seeded random generator, and the measures of a correction.

``inject(text, seed, rate)`` -> (noisy text, number of syllables changed). Each syllable (a run
of letters not touching a document number) is misread with probability ``rate``, by one of the
confusions that apply to it, chosen uniformly: its initial l read as t, as a capital I or as the
digit 1; its tone mark dropped, or hook above and tilde swapped, or acute and grave swapped; a
breve, circumflex, horn or the bar of đ dropped. Only substitutions inside a syllable, so the
noisy text has the clean text's tokens at the same places and can be compared token by token.

``measure(clean, noisy, corrected)`` -> ``character_accuracy_before``, ``_after`` (1 - edit
distance / characters of the clean syllables), ``errors``, ``fixed``, ``still_wrong``,
``correct_changed`` (syllables right in the noisy text that the correction made wrong).

Run ``python tests/ocr_noise.py`` to print the measures on the three seed plans.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

_SYLLABLE = re.compile(r"(?<![\w/\-.])(?:[^\W\d_][\u0300-\u036f]*)+(?![\w/\-])")
_DROPPED_MARK = {"ă": "a", "â": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d",
                 "Ă": "A", "Â": "A", "Ê": "E", "Ô": "O", "Ơ": "O", "Ư": "U", "Đ": "D"}
_TONE_SWAP = {"\u0309": "\u0303", "\u0303": "\u0309", "\u0301": "\u0300", "\u0300": "\u0301"}


def _tone_variants(syllable: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"]
    if not tones:
        return []
    dropped = unicodedata.normalize("NFC", decomposed.replace(tones[0], ""))
    swapped = [unicodedata.normalize("NFC", decomposed.replace(tones[0], _TONE_SWAP[tones[0]]))] \
        if tones[0] in _TONE_SWAP else []
    return [dropped] + swapped


def misreadings(syllable: str) -> list[str]:
    """Every way the documented confusions misread ``syllable``."""
    found = []
    if syllable[:1] == "l":
        found += ["t" + syllable[1:], "I" + syllable[1:], "1" + syllable[1:]]
    elif syllable[:1] == "L":
        found.append("T" + syllable[1:])
    found += _tone_variants(syllable)
    for i, letter in enumerate(unicodedata.normalize("NFC", syllable)):
        if letter in _DROPPED_MARK:
            found.append(syllable[:i] + _DROPPED_MARK[letter] + syllable[i + 1:])
    return [f for f in dict.fromkeys(found) if f != syllable]


def inject(text: str, seed: int = 0, rate: float = 0.05) -> tuple[str, int]:
    rng = random.Random(seed)
    changed = 0

    def misread(match: re.Match) -> str:
        nonlocal changed
        options = misreadings(match.group(0))
        if not options or rng.random() >= rate:
            return match.group(0)
        changed += 1
        return rng.choice(options)

    return _SYLLABLE.sub(misread, unicodedata.normalize("NFC", text)), changed


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (tokens are a few letters: the plain dynamic programme is enough)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _tokens(text: str) -> list[str]:
    return text.split()


def measure(clean: str, noisy: str, corrected: str) -> dict:
    clean_t, noisy_t, fixed_t = _tokens(unicodedata.normalize("NFC", clean)), _tokens(noisy), _tokens(corrected)
    assert len(clean_t) == len(noisy_t) == len(fixed_t), "injection and correction keep the tokens"
    characters = sum(len(t) for t in clean_t)
    before = sum(_distance(c, n) for c, n in zip(clean_t, noisy_t) if c != n)
    after = sum(_distance(c, f) for c, f in zip(clean_t, fixed_t) if c != f)
    errors = sum(c != n for c, n in zip(clean_t, noisy_t))
    return {"character_accuracy_before": 1 - before / characters, "character_accuracy_after": 1 - after / characters,
            "errors": errors, "fixed": sum(c != n and c == f for c, n, f in zip(clean_t, noisy_t, fixed_t)),
            "still_wrong": sum(c != f for c, f in zip(clean_t, fixed_t)),
            "correct_changed": sum(c == n != f for c, n, f in zip(clean_t, noisy_t, fixed_t))}


def main() -> None:
    from analysis.read.normalize import normalize_text
    from analysis.read.ocr_correction import correct_ocr_text

    folder = Path(__file__).resolve().parents[1] / "corpus" / "plans"
    for path in sorted(folder.glob("*.txt")):
        clean = normalize_text(path.read_text(encoding="utf-8"))
        on_clean = len(correct_ocr_text(clean)[1])
        for rate in (0.02, 0.05, 0.10):
            noisy, _ = inject(clean, seed=1, rate=rate)
            corrected, changes = correct_ocr_text(noisy)
            numbers = measure(clean, noisy, corrected)
            print(f"{path.stem} rate={rate}: changes on clean text {on_clean}; "
                  + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in numbers.items()))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
