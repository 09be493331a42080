"""PDF files with a text layer (pypdf)."""

from __future__ import annotations

import logging

from analysis import config
from analysis.read.formats import Reading, SkipFile, source as _source

# A PDF page with fewer characters than this has no usable text layer.
MIN_PDF_CHARS_PER_PAGE = 40


def read_pdf(data: bytes | Path) -> str:
    """The text layer of each page, pages joined by a form feed (``data``: the file's bytes or its path)."""
    from pypdf import PdfReader  # imported here, like python-docx, so text-only runs start fast
    from pypdf.errors import PdfReadError

    # pypdf logs warnings for every small defect; the skip reason says what matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(_source(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:
                opened = 0
            if not opened:
                raise SkipFile("is a password-protected PDF; save an unprotected copy and put that in the corpus")
        if len(reader.pages) > config.MAX_PDF_PAGES:
            raise SkipFile(f"has {len(reader.pages)} pages, more than the {config.MAX_PDF_PAGES}-page limit for one plan; "
                           "split it into the plans it contains")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as error:
        raise SkipFile(f"is a damaged or truncated PDF ({type(error).__name__}); download or export it again") from None
    except Exception as error:  # pypdf raises a wide range on malformed input
        raise SkipFile(f"is a PDF that could not be read ({type(error).__name__}); download or export it again") from None
    characters = sum(len(p.strip()) for p in pages)
    if not pages or characters < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise SkipFile("is a PDF without a text layer (a scan); run OCR on it first (e.g. ocrmypdf -l vie) and use the result")
    # A form feed marks each page break; normalisation repairs sentences split by it.
    return "\f".join(pages)


def read(data: bytes, encoding: str | None = None) -> Reading:
    return Reading(read_pdf(data), "pdf", "pdf")
