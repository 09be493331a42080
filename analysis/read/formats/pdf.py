"""PDF files: pages with a text layer read as text (pypdf); pages without one (scanned) read by
OCR (``formats.scan``), so a mixed PDF -- a typed plan with its signed, stamped last page
scanned in -- reads whole. Format ``pdf-text``, ``pdf-ocr`` (every page OCR'd) or ``pdf-mixed``."""

from __future__ import annotations

import logging
from pathlib import Path

from analysis import config
from analysis.read.formats import Reading, SkipFile, scan, source as _source

# A PDF page with fewer characters than this has no usable text layer.
MIN_PDF_CHARS_PER_PAGE = 40


def pdf_pages(data: bytes | Path) -> list[str]:
    """The text layer of each page ("" for a page without one); ``data``: the file's bytes or its path."""
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
        return [page.extract_text() or "" for page in reader.pages]
    except SkipFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError) as error:
        raise SkipFile(f"is a damaged or truncated PDF ({type(error).__name__}); download or export it again") from None
    except Exception as error:  # pypdf raises a wide range on malformed input
        raise SkipFile(f"is a PDF that could not be read ({type(error).__name__}); download or export it again") from None


def _enough_text(pages: list[str]) -> bool:
    """Does the text layer alone make a plan (what is read when OCR is not installed)?"""
    return bool(pages) and sum(len(p.strip()) for p in pages) >= MIN_PDF_CHARS_PER_PAGE * len(pages)


def _text_layer(pages: list[str]) -> str:
    if not _enough_text(pages):
        raise SkipFile(scan.MISSING)
    # A form feed marks each page break; normalisation repairs sentences split by it.
    return "\f".join(pages)


def read_pdf(data: bytes | Path) -> str:
    """The text layer of each page, pages joined by a form feed (no OCR)."""
    return _text_layer(pdf_pages(data))


def _ocr(data: bytes | Path, scanned: list[int], cache_dir: Path | None) -> list[scan.OcrPage]:
    import pypdfium2

    data = data if isinstance(data, bytes) else Path(data).read_bytes()
    try:
        return scan.ocr_pages(scan.pdf_page_images(data, scanned), len(scanned), cache_dir)
    except pypdfium2.PdfiumError:
        raise SkipFile("is a PDF whose scanned pages could not be rendered (damaged); download or export it again") from None


def read(data: bytes, encoding: str | None = None, cache_dir: Path | None = None) -> Reading:
    """Text layer where there is one, OCR for the pages without (see the module docstring)."""
    pages = pdf_pages(data)
    scanned = [index for index, text in enumerate(pages) if len(text.strip()) < MIN_PDF_CHARS_PER_PAGE]
    if scanned and len(scanned) > config.MAX_OCR_PAGES:
        raise SkipFile(f"has {len(scanned)} scanned pages, more than the {config.MAX_OCR_PAGES}-page limit for one "
                       "scan; split it into the plans it contains")
    if not scanned or (not scan.ocr_available() and _enough_text(pages)):
        # Without OCR a PDF whose text layer makes a plan is read as it always was (blank pages and all).
        return Reading(_text_layer(pages), "pdf", "pdf-text")
    read_pages = _ocr(data, scanned, cache_dir)
    if not any(page.words for page in read_pages):  # blank pages in a typed PDF: nothing was scanned
        if _enough_text(pages):
            return Reading(_text_layer(pages), "pdf", "pdf-text")
        raise SkipFile("is a PDF without a text layer in which OCR found no text; check that it is the plan's scan")
    for index, page in zip(scanned, read_pages):
        pages[index] = page.text
    mixed = len(scanned) < len(pages)
    return Reading("\f".join(pages), ("pdf, " if mixed else "") + f"OCR ({scan.engine_description()})",
                   "pdf-mixed" if mixed else "pdf-ocr", scan.ocr_quality(read_pages))
