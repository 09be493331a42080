"""Detect and convert the legacy Vietnamese font encodings TCVN3 (ABC), TCVN 5712 VN1 and VNI.

Government files written with .VnTime (TCVN3) or VNI-Times fonts store Vietnamese
letters in Latin-1 code points, so a normal decoding shows mojibake such as
"ViÖt Nam" (TCVN3) or "Vieät Nam" (VNI) for "Việt Nam". This module takes a
decoded ``str`` and returns Unicode text plus the name of the encoding it found.

The tables follow the published TCVN 5712:1993 "VN3" (ABC) layout and the VNI-Windows
layout. TCVN3 keeps upper-case toned letters in a separate font that reuses the
lower-case codes, so those come back in lower case: harmless here, because matching
is case-insensitive. TCVN 5712 VN1 (what ``iconv -t TCVN5712-1`` writes) is TCVN3 with the
toned capitals in otherwise unused bytes; ``vn1_to_unicode`` decodes it from the bytes,
keeping "Ủy ban" whole.

How it decides: each candidate reading (as is, TCVN3, VNI) is scored by the share of
its words that are common Vietnamese syllables (``data/common_syllables_vi.txt``);
a legacy reading must beat the text as is clearly before it is used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from analysis.config import DATA_DIR

# --- TCVN3 (ABC): one code point per letter -----------------------------------------
_TCVN3_LOWER = {
    "a": "µ¸¶·¹", "ă": "»¾¼½Æ", "â": "ÇÊÈÉË", "e": "ÌÐÎÏÑ", "ê": "ÒÕÓÔÖ",
    "i": "×ÝØÜÞ", "o": "ßãáâä", "ô": "åèæçé", "ơ": "êíëìî", "u": "ïóñòô",
    "ư": "õøö÷ù", "y": "úýûüþ",
}
# Tones in the order the TCVN3 rows above use: grave, acute, hook, tilde, dot below.
_TONES = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


TCVN3_TO_UNICODE: dict[str, str] = {
    "¨": "ă", "©": "â", "ª": "ê", "«": "ô", "¬": "ơ", "\u00ad": "ư", "®": "đ",
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}
for _base, _codes in _TCVN3_LOWER.items():
    for _code, _tone in zip(_codes, _TONES):
        TCVN3_TO_UNICODE[_code] = _toned(_base, _tone)

# --- TCVN 5712 VN1: TCVN3 plus the toned capitals --------------------------------------
# VN1 keeps TCVN3's lower-case codes and stores the toned capitals in byte positions TCVN3
# leaves free: C0 controls, 0x80-0x9F and a few Latin-1 places; 0xB0-0xB4 are combining
# tones. Written by hand because Python has no TCVN 5712 codec; the table is what glibc's
# iconv decodes from TCVN5712-1 (`iconv -f TCVN5712-1 -t UTF-8`, checked byte by byte).
VN1_CAPITALS: dict[int, str] = {
    0x01: "Ú",
    0x02: "Ụ",
    0x04: "Ừ",
    0x05: "Ử",
    0x06: "Ữ",
    0x11: "Ứ",
    0x12: "Ự",
    0x13: "Ỳ",
    0x14: "Ỷ",
    0x15: "Ỹ",
    0x16: "Ý",
    0x17: "Ỵ",
    0x80: "À",
    0x81: "Ả",
    0x82: "Ã",
    0x83: "Á",
    0x84: "Ạ",
    0x85: "Ặ",
    0x86: "Ậ",
    0x87: "È",
    0x88: "Ẻ",
    0x89: "Ẽ",
    0x8A: "É",
    0x8B: "Ẹ",
    0x8C: "Ệ",
    0x8D: "Ì",
    0x8E: "Ỉ",
    0x8F: "Ĩ",
    0x90: "Í",
    0x91: "Ị",
    0x92: "Ò",
    0x93: "Ỏ",
    0x94: "Õ",
    0x95: "Ó",
    0x96: "Ọ",
    0x97: "Ộ",
    0x98: "Ờ",
    0x99: "Ở",
    0x9A: "Ỡ",
    0x9B: "Ớ",
    0x9C: "Ợ",
    0x9D: "Ù",
    0x9E: "Ủ",
    0x9F: "Ũ",
    0xAF: "Ằ",
    0xB0: "\u0300",
    0xB1: "\u0309",
    0xB2: "\u0303",
    0xB3: "\u0301",
    0xB4: "\u0323",
    0xBA: "Ẳ",
    0xBF: "Ẵ",
    0xC0: "Ắ",
    0xC1: "Ầ",
    0xC2: "Ẩ",
    0xC3: "Ẫ",
    0xC4: "Ấ",
    0xC5: "Ề",
    0xCD: "Ể",
    0xD9: "Ễ",
    0xDA: "Ế",
    0xDB: "Ồ",
    0xE0: "Ổ",
    0xF0: "Ỗ",
    0xFF: "Ố"
}
# Every byte of a VN1 file -> Unicode: the capitals above, else TCVN3 on the byte's Latin-1 character.
_VN1_TABLE = {b: VN1_CAPITALS.get(b, TCVN3_TO_UNICODE.get(chr(b), chr(b))) for b in range(256)}


def vn1_to_unicode(data: bytes) -> str:
    """Decode the bytes of a TCVN 5712 VN1 file (TCVN3 with its toned capitals)."""
    return unicodedata.normalize("NFC", data.decode("latin-1").translate(_VN1_TABLE))


def has_vn1_capitals(data: bytes) -> bool:
    """True when the bytes use VN1's capital positions, which TCVN3 (ABC) files never do."""
    return any(byte in data for byte in b"\x01\x02\x04\x05\x06\x11\x12\x13\x14\x15\x16\x17") or any(
        0x80 <= byte <= 0x9F for byte in data)


# --- VNI-Windows: base letter followed by a mark character --------------------------
# Mark characters (lower-case forms; the upper-case forms work the same on capitals).
_VNI_TONE = {"ø": "\u0300", "ù": "\u0301", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "à": "\u0300", "á": "\u0301", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(sequence: str, letter: str) -> None:
        table[sequence] = letter
        table[sequence.upper()] = letter.upper()
        # Title case ("Vieät" starts a word as "Vieät", but "Aùnh" as "Aùnh").
        table[sequence[0].upper() + sequence[1:]] = letter.upper()

    for vowel in "aeiouy":
        for mark, tone in _VNI_TONE.items():
            add(vowel + mark, _toned(vowel, tone))
    for vowel, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(vowel + mark, _toned(hat, tone))
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, _toned("ă", tone))
    # ơ and ư are single characters in VNI, optionally followed by a tone mark.
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        add(single, letter)
        for mark, tone in _VNI_TONE.items():
            add(single + mark, _toned(letter, tone))
    # i with a tone and dot-below y are single characters.
    for single, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
        add(single, letter)
    add("ñ", "đ")
    return table


VNI_TO_UNICODE = _build_vni()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)


def tcvn3_to_unicode(text: str) -> str:
    return text.translate(_TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


@lru_cache(maxsize=1)
def common_syllables() -> frozenset[str]:
    path = DATA_DIR / "common_syllables_vi.txt"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.extend(line.split())
    return frozenset(unicodedata.normalize("NFC", w).lower() for w in words)


_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_score(text: str, sample_chars: int = 200_000) -> float:
    """Share of the words in ``text`` that are common Vietnamese syllables (0..1)."""
    words = _WORD.findall(text[:sample_chars].lower())
    if not words:
        return 0.0
    common = common_syllables()
    return sum(1 for w in words if w in common) / len(words)



# Characters that cannot occur in Unicode Vietnamese but are frequent in legacy text.
_LEGACY_MARKERS = re.compile("[\u00a1-\u00bf\u00c6\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00dc\u00de\u00df"
                             "\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe]")


def detect_and_convert(text: str) -> tuple[str, str | None]:
    """Return (text in Unicode, legacy encoding found or None).

    Text without legacy marker characters is returned unchanged, so ordinary
    Unicode Vietnamese is never touched.
    """
    sample = text[:200_000]
    letters = sum(len(w) for w in _WORD.findall(sample))
    if not letters or len(_LEGACY_MARKERS.findall(sample)) < max(3, 0.01 * letters):
        return text, None
    as_is = vietnamese_score(sample)
    candidates = [
        (vietnamese_score(tcvn3_to_unicode(sample)), "TCVN3"),
        (vietnamese_score(vni_to_unicode(sample)), "VNI"),
    ]
    best_score, best = max(candidates)
    if best_score > max(0.15, as_is + 0.10):
        convert = tcvn3_to_unicode if best == "TCVN3" else vni_to_unicode
        return convert(text), best
    return text, None
