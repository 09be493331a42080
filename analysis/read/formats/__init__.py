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
