"""Plain text in any encoding: UTF-8 with/without BOM, UTF-16/32 with BOM, UTF-16 without
BOM, Windows-1258, legacy TCVN3/VNI font encodings, or an encoding forced by the caller."""

from __future__ import annotations

import codecs
import re
import unicodedata

from analysis.read.formats import Reading, SkipFile
from analysis.read.legacy_fonts import detect_and_convert, has_vn1_capitals, vietnamese_score, vn1_to_unicode

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


# Control characters (Unicode category Cc) other than tab, line and page breaks.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = len(_CONTROLS.findall(text[:100_000]))
    return controls > 0.01 * max(1, min(len(text), 100_000))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM shows as every other byte being NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0) / (len(data) / 2)
    odd_nuls = data[1::2].count(0) / (len(data) / 2)
    for share, codec in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if share > 0.3:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def decode_forced(data: bytes, forced: str) -> tuple[str, str]:
    """The bytes decoded with the encoding plans.csv names (text files and web pages alike)."""
    try:
        return data.decode(forced), forced
    except LookupError:
        raise SkipFile(f"plans.csv names an unknown encoding '{forced}'; use a name such as utf-8, utf-16 or cp1258") from None
    except UnicodeDecodeError:
        raise SkipFile(f"is not valid {forced} as plans.csv says; fix or remove its encoding in plans.csv") from None


def decode_text_bytes(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, encoding used)."""
    if forced:
        return decode_forced(data, forced)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError:
                raise SkipFile(f"starts with a {codec} byte-order mark but is not valid {codec}; re-save it as UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16 (no BOM)"
    if b"\x00" in data:
        raise SkipFile("contains binary data, not text; replace it with the plan's text, .docx or .pdf")
    # A single-byte legacy file: Windows-1258 (Vietnamese Windows code page) or a
    # TCVN3/VNI font file, whose bytes read as Windows-1252 before conversion.
    cp1258 = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    converted, legacy = detect_and_convert(western)
    if legacy == "TCVN3" and has_vn1_capitals(data):
        # VN1 is TCVN3 plus capitals in bytes where a TCVN3 file saved from Windows keeps its
        # curly quotes and dashes; the reading with more real syllables ("Ủy", not "žy") wins.
        vn1 = vn1_to_unicode(data)
        if vietnamese_score(vn1) > vietnamese_score(converted):
            converted, legacy = vn1, "TCVN 5712 VN1"
    if legacy and vietnamese_score(converted) > vietnamese_score(cp1258):
        return converted, f"{legacy} font encoding (Windows-1252 bytes)"
    return cp1258, "cp1258"


def read_text_file(data: bytes, forced: str | None = None) -> tuple[str, str]:
    text, encoding = decode_text_bytes(data, forced)
    if looks_binary(text):
        raise SkipFile("contains binary data, not text; replace it with the plan's text, .docx or .pdf")
    return text, encoding


def read(data: bytes, encoding: str | None = None) -> Reading:
    text, used = read_text_file(data, encoding)
    return Reading(text, used, "txt")
