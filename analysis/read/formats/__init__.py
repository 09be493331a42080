"""Format readers: each turns one file's bytes into text, or raises ``SkipFile`` with the reason.

One module per family of formats: ``text`` (.txt in any encoding), ``word`` (.docx, and
.doc/.odt/.rtf through LibreOffice), ``pdf`` (text layer). ``ingest.read_plan`` picks the
reader by the file's suffix (``ingest.READERS``) and applies the checks common to all.

A reader is ``read(data: bytes, encoding: str | None) -> Reading``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field


class SkipFile(Exception):
    """A file cannot be used; the message is the one-sentence reason shown to users."""


@dataclass
class Reading:
    """What a reader got from a file: its text, how it was decoded (``encoding``), which
    reading it took (``format``: ``txt``, ``docx``, ``pdf-text``, ``html``, ``pdf-ocr`` ...)
    and measures of how trustworthy the text is (``quality``: e.g. OCR confidence)."""

    text: str
    encoding: str
    format: str
    quality: dict = field(default_factory=dict)


def supported_types(without: frozenset = frozenset()) -> str:
    """The suffixes read (``config.PLAN_SUFFIXES``, but ``without``), for messages: ".doc, .docx, ... or .zip"."""
    from analysis import config

    names = sorted(config.PLAN_SUFFIXES - without)
    return ", ".join(names[:-1]) + " or " + names[-1]


def too_large(size: int) -> SkipFile:
    """The reason a file of ``size`` bytes past ``config.MAX_FILE_BYTES`` is skipped (files and zip members alike)."""
    from analysis import config

    return SkipFile(f"is {size // 2**20} MB, more than the {config.MAX_FILE_BYTES // 2**20} MB limit for one plan; "
                    "split it or remove images")


def source(data):
    """What zipfile, python-docx and pypdf open: a fresh stream over bytes, or a path."""
    return io.BytesIO(data) if isinstance(data, bytes) else str(data)


# A cell separator: normalize turns a tab between two cells of a line into " | " (the pipe
# layout metadata reads headers from); a tab cannot occur inside a cell's text.
CELL_SEPARATOR = "\t"


def table_lines(rows: list[list[list[str]]]) -> list[str]:
    """The lines of a table (``rows``: each row's cells, each cell's lines, i.e. paragraphs or
    ``<br>``-separated lines): ONE line per row, cells and the lines within a cell kept apart
    by tabs, empty rows dropped. One line per row keeps a task ("STT | Nội dung nhiệm vụ | Cơ
    quan chủ trì | ...") together for themes and commitments; a cell's own lines are kept apart
    too, so the header's stacked cells ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 145/KH-UBND")
    each still start a cell for ``metadata``. A table of one cell is a box around text, not a
    table: its lines stay lines. Every reader of tables (.docx, web pages) writes them here."""
    cells_in = [cell for row in rows for cell in row]
    if len(cells_in) == 1:
        return [line for line in cells_in[0] if line.strip()]
    lines = []
    for row in rows:
        parts = [" ".join(line.replace(CELL_SEPARATOR, " ").split()) for cell in row for line in cell]
        line = CELL_SEPARATOR.join(part for part in parts if part)
        if line:
            lines.append(line)
    return lines


# What a file's first bytes say it is. Files downloaded from Vietnamese portals often carry a
# name that lies: a ".doc" that is RTF, a .docx, or a web page Word saved with a .doc name.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: Word 97-2003 .doc (also .xls, .ppt)
RTF_SIGNATURE = b"{\\rtf"
ZIP_SIGNATURE = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def sniff(data: bytes) -> str:
    """What ``data`` is by its content, whatever the file's name: ``ole2`` (old Word), ``rtf``,
    ``docx``, ``odt``, ``zip`` (another or a damaged zip), ``html`` (a web page or a
    single-file ``mhtml`` page), ``pdf``, or ``""`` (none of these)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    lowered = head.lower()
    if data.startswith(OLE2_SIGNATURE):
        return "ole2"
    if head.startswith(RTF_SIGNATURE):
        return "rtf"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(ZIP_SIGNATURE):
        return _zip_kind(data)
    if lowered.startswith((b"<!doctype html", b"<html")) or (lowered.startswith(b"<?xml") and b"<html" in lowered):
        return "html"
    if lowered.startswith(b"mime-version:") and b"multipart/related" in lowered:  # "Save as single file" (.mht)
        return "html"
    return ""


def _zip_kind(data: bytes) -> str:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            # The OpenDocument format puts its media type, uncompressed, in a first member "mimetype".
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                if archive.read("mimetype").strip() == ODT_MIMETYPE:
                    return "odt"
    except Exception:  # any damage: a zip it is not
        return "zip"
    return "docx" if "word/document.xml" in names else "zip"
