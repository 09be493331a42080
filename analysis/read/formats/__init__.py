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
