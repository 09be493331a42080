"""Shipped data every stage may read: the user-facing words and the province list.

``text(key, lang, **fields)`` -- the words for ``key`` in ``labels.yml`` (English or
Vietnamese), with ``{fields}`` filled in. Every title, axis, legend, reading, briefing
sentence and CLI summary comes from there, so code holds no translated string and a
translator edits one file. A key missing in one language is an error when the file is
loaded, not a blank on a figure.

``number(value, lang, decimals)`` -- a number as each language writes it: 1,000.5 in
English, 1.000,5 in Vietnamese. ``percent(share, lang)`` likewise (12% / 12%).
``count(n, noun, lang)`` -- "1 plan", "3 plans"; ``year_span(years, lang)`` -- "2016–2024",
or "2017" when the first year is the last; ``format_date(iso, lang)`` -- "26/02/2020" in
Vietnamese, "26 Feb 2020" in English.

``province_names()`` -- the canonical province names in ``provinces.csv`` order (their
colours follow that order); ``province_spellings()`` -- each name and alias as written;
``coastal_provinces()`` -- the provinces with a sea coast (``provinces.csv``, ``coastal``);
``directive_rows()`` -- the central documents plans implement (``directives.csv``: code,
the resolution it continues, other names a title uses); ``agency_rows()`` -- the provincial
agencies plans assign tasks to (``agencies.csv``: name, aliases, successor after 2025);
``province_2025(name)`` -- the unit a province belongs to since the 1 July 2025 merger
(``provinces_2025.csv``, which names its source).

``matching_names(name, choices)`` -- the choices a typed name means (case and, when none are
typed, tone marks optional); ``suggestion(name, choices)`` -- " Did you mean 'Cà Mau'?" for an
error message.

Sits below every stage (it imports only ``config``), so reading, measuring, drawing and
writing can all use it.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import hashlib
import re
import unicodedata
from functools import lru_cache

import yaml

from analysis import config


class LabelsError(Exception):
    """labels.yml is damaged: a packaging problem, not a user's."""


def _flatten(node: dict, prefix: str, out: dict[str, dict[str, str]]) -> None:
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) == set(config.LANGUAGES):
            out[name] = {lang: str(value[lang]) for lang in config.LANGUAGES}
        elif isinstance(value, dict):
            _flatten(value, f"{name}.", out)
        else:
            raise LabelsError(f"{config.LABELS_FILE}: '{name}' needs one entry per language "
                              f"({', '.join(config.LANGUAGES)})")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Every key of labels.yml (dotted: ``figure.rate``) -> {language: words}."""
    with open(config.LABELS_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    out: dict[str, dict[str, str]] = {}
    _flatten(data, "", out)
    return out


def text(key: str, lang: str = config.DEFAULT_LANG, **fields) -> str:
    """The words for ``key`` in ``lang`` (English for an unknown language), fields filled in."""
    entry = labels()[key]
    words = entry.get(lang, entry[config.DEFAULT_LANG])
    return words.format(**fields) if fields else words


def number(value: float, lang: str = config.DEFAULT_LANG, decimals: int = 0) -> str:
    """``value`` with thousands and decimal separators as ``lang`` writes them."""
    written = f"{value:,.{decimals}f}"
    if lang == "vi":  # Vietnamese swaps the two separators: 1.000,5
        written = written.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return written


def count(n: int, noun: str, lang: str = config.DEFAULT_LANG) -> str:
    """"1 plan", "2 plans" ("2 kế hoạch": Vietnamese nouns have no plural): ``n`` written as ``lang``
    writes numbers, with the ``count.<noun>.one`` or ``.other`` words of labels.yml."""
    return text(f"count.{noun}.{'one' if n == 1 else 'other'}", lang, n=number(n, lang))


def year_span(years, lang: str = config.DEFAULT_LANG) -> str:
    """The years from the first to the last of ``years`` (any iterable; missing ones left out):
    "2016–2024", a single "2017" when they are all one year, "?" when there is none."""
    known = []
    for year in years:
        try:
            known.append(int(year))
        except (TypeError, ValueError):  # None, NaN, pandas' NA: a plan whose year is unknown
            pass
    known.sort()
    if not known:
        return "?"
    return str(known[0]) if known[0] == known[-1] else text("count.years", lang, first=known[0], last=known[-1])


def format_date(value, lang: str = config.DEFAULT_LANG) -> str:
    """An ISO date (2016-12-22) as each language writes it: 22/12/2016 (day and month of two
    digits, as Vietnamese documents date themselves); 22 Dec 2016. Anything else (None, "") -> ""."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ""
    day = datetime.date.fromisoformat(value)
    if lang == "vi":
        return f"{day.day:02d}/{day.month:02d}/{day.year}"
    return f"{day.day} {text(f'month.{day.month}', lang)} {day.year}"


def percent(share: float, lang: str = config.DEFAULT_LANG, decimals: int = 0) -> str:
    return f"{number(100 * share, lang, decimals)}%"


@lru_cache(maxsize=1)
def _province_table() -> tuple[dict, ...]:
    with open(config.PROVINCES_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple(csv.DictReader(lines))


@lru_cache(maxsize=1)
def _province_rows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((row["province"], tuple(filter(None, row["aliases"].split("|")))) for row in _province_table())


@lru_cache(maxsize=1)
def coastal_provinces() -> frozenset[str]:
    """Canonical names of the provinces with a sea coast (``coastal`` true in provinces.csv)."""
    return frozenset(row["province"] for row in _province_table() if row["coastal"].strip().lower() == "true")


def province_names() -> list[str]:
    """Canonical province names, in the order of provinces.csv."""
    return [name for name, _ in _province_rows()]


def province_spellings() -> list[tuple[str, str]]:
    """(spelling, canonical name) for every name and alias in provinces.csv."""
    return [(spelling, name) for name, aliases in _province_rows() for spelling in (name, *aliases)]


@lru_cache(maxsize=1)
def _mergers() -> dict[str, str]:
    with open(config.PROVINCES_2025_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {row["province"]: row["province_2025"] for row in csv.DictReader(lines)}


def province_2025(province: str) -> str:
    """The province-level unit ``province`` (a canonical name) belongs to since 1 July 2025; "" if unknown."""
    return _mergers().get(province or "", "")


@lru_cache(maxsize=1)
def directive_rows() -> tuple[dict, ...]:
    """``directives.csv`` rows: code, continues, aliases (a tuple), name_vi, name_en."""
    with open(config.DIRECTIVES_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple({**row, "aliases": tuple(filter(None, row["aliases"].split("|")))} for row in csv.DictReader(lines))


@lru_cache(maxsize=1)
def agency_rows() -> tuple[dict, ...]:
    """``agencies.csv`` rows: name, aliases (a tuple), successor_2025."""
    with open(config.AGENCIES_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return tuple({**row, "aliases": tuple(filter(None, row["aliases"].split("|")))} for row in csv.DictReader(lines))


@lru_cache(maxsize=8)
def code_digest(*parts: str) -> str:
    """A hash of the package's own files (code, labels, word lists, templates): what a cached
    result (outputs, a kept topic model) was computed by, so that a change of code or word
    list is never hidden behind an old result even when the version number did not change.
    ``parts`` (folders or files of the package, e.g. "read", "data") narrow it to the files a
    result depends on; none: the whole package."""
    digest = hashlib.sha256()
    roots = [config.PACKAGE_DIR / part for part in parts] or [config.PACKAGE_DIR]
    files = sorted({p for root in roots for p in ([root] if root.is_file() else root.rglob("*"))})
    for path in files:
        if path.is_file() and path.suffix in {".py", ".yml", ".csv", ".txt", ".j2", ".js"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(config.PACKAGE_DIR).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


# --- names as people type them: without tone marks, slightly misspelt -----------------------


@lru_cache(maxsize=1)
def _tone_table() -> dict[int, str]:
    """Each accented Latin letter -> its base letter (one character for one, so offsets hold)."""
    table = {}
    for code in list(range(0x00C0, 0x0250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base != char:
            table[code] = base
    table.update({ord("đ"): "d", ord("Đ"): "D"})
    return table


def strip_tones(text: str) -> str:
    """``text`` without diacritics ("Cà Mau" -> "Ca Mau"), the same length."""
    return text.translate(_tone_table())


def matching_names(name: str, choices) -> list[str]:
    """The ``choices`` that ``name`` names as people type it, in ``choices`` order ([] when none):
    the same letters whatever the case; and, when ``name`` has no tone mark at all, whatever the
    tone marks ("ca mau" names "Cà Mau"). Tone marks that are given must be right ("Cá Mau" names
    nothing), as in a kwic search. The one rule for plan, province, group and theme names."""
    key = unicodedata.normalize("NFC", str(name)).strip().casefold()
    choices = [str(c) for c in dict.fromkeys(choices)]
    folded = {choice: unicodedata.normalize("NFC", choice).casefold() for choice in choices}
    same = [choice for choice, f in folded.items() if f == key]
    if same or strip_tones(key) != key:
        return same
    return [choice for choice, f in folded.items() if strip_tones(f) == key]


def did_you_mean(name: str, choices, limit: int = 3) -> list[str]:
    """The ``choices`` ``name`` may have meant: equal once tone marks and case are set aside,
    else the closest by spelling (difflib, ratio >= 0.75)."""
    choices = [str(c) for c in dict.fromkeys(choices)]
    key = strip_tones(name).casefold().strip()
    folded = {choice: strip_tones(choice).casefold() for choice in choices}
    same = [choice for choice, f in folded.items() if f == key]
    if same:
        return same[:limit]
    close = difflib.get_close_matches(key, list(folded.values()), n=limit, cutoff=0.75)
    return [choice for f in close for choice, g in folded.items() if g == f][:limit]


def suggestion(name: str, choices) -> str:
    """" Did you mean 'Cà Mau'?" (or "" when nothing is close), to end an error message."""
    found = did_you_mean(name, choices)
    return f" Did you mean {' or '.join(repr(f) for f in found)}?" if found else ""


# Vietnamese alphabetical order, the order a reader expects in a list of provinces ("Đà Nẵng" after "Cà Mau" and before
# "Gia Lai", "Đà Nẵng" before "Điện Biên"): letters first (ă, â after a; đ after d; ê after e; ô, ơ after o; ư after
# u), then the tones (none, huyền, hỏi, ngã, sắc, nặng). Code-point order puts every "Đ" name after "Yên Bái".
# Written by hand: locale.strxfrm needs a vi_VN locale the machine rarely has, and PyICU is a system library.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_RANK = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def _letter(base: str, marks: str) -> str:
    for mark in marks:
        if mark == "\u0306" and base == "a":
            return "ă"
        if mark == "\u0302" and base in "aeo":
            return {"a": "â", "e": "ê", "o": "ô"}[base]
        if mark == "\u031b" and base in "ou":
            return {"o": "ơ", "u": "ư"}[base]
    return base


@lru_cache(maxsize=4096)
def collation_key(text: str) -> str:
    """A key that sorts Vietnamese text in alphabetical order (see above); ties broken by the text itself."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", str(text)).lower():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = "đ" if base == "ð" else _letter(base, marks)  # "Ð" (eth), đ's look-alike in legacy and OCR text
        rank = _ALPHABET.find(letter)
        letters.append(chr(0x2000 + rank) if rank >= 0 else char)
        tones.append(next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), "0"))
    return "".join(letters) + "\x00" + "".join(tones) + "\x00" + str(text)


def collated(column):
    """A pandas ``sort_values(key=...)`` key: text columns in Vietnamese order (``collation_key``), others as they are."""
    if column.dtype == object or str(column.dtype) in ("string", "category"):
        return column.map(lambda value: collation_key(value) if isinstance(value, str) else value)
    return column


def group_sort_key(value) -> tuple:
    """Sorts a column's groups: numbers (years) in order before names, names in Vietnamese order."""
    return (True, collation_key(value)) if isinstance(value, str) else (False, value)
