"""Find plan files under a corpus folder and decode each into text, or say why not.

``discover(corpus_dir)`` lists candidate files as ``archives.PlanFile`` (recursively, sorted,
hidden files and the corpus's own configuration files left out; the plans inside a zip
archive each as ``archive.zip/inner-name``). ``read_plan(path, encoding=None, data=None,
cache_dir=None)`` returns a ``Decoded`` record: the text (not yet normalised) or a one-sentence
``reason`` why the file was skipped. Given ``data`` (the file's bytes, as a worker on
another machine gets them), ``path`` only names the file and is never opened; ``cache_dir``
(from the entry point) is where OCR keeps each scanned page's text. Files are
only ever opened for reading. ``reading_limits()``: the limits in ``config`` that change
what reading yields (part of the plan cache's key).

The readers of each format live in ``analysis/read/formats``; ``READERS`` maps a suffix to
its reader. The checks common to every format (size, emptiness, length, legacy font
encodings, Vietnamese) are made here, once.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from analysis import config
from analysis.read import archives
from analysis.read.formats import SkipFile, pdf, scan, supported_types, text as plain_text, too_large, web, word
from analysis.read.legacy_fonts import detect_and_convert, vietnamese_score

# Below this share of common Vietnamese syllables a text is not Vietnamese prose.
MIN_VIETNAMESE_SCORE = 0.12
# The limits and settings in config that decide whether a file is read, and what OCR reads in a scan
# (their reasons are given there).
READING_LIMITS = ("MAX_FILE_BYTES", "MAX_DOCX_UNCOMPRESSED_BYTES", "MAX_DOCX_COMPRESSION_RATIO", "MAX_PDF_PAGES",
                  "MAX_TEXT_CHARACTERS", "MAX_OCR_PAGES", "MAX_IMAGE_PIXELS", "OCR_LANGUAGE", "OCR_DPI",
                  "OCR_DESKEW_MAX_DEGREES", "OCR_DESKEW_PRECISION", "OCR_INK_MAX_CHROMA",
                  "OCR_COLUMN_GAP_LINES", "OCR_MIN_MARK_CONFIDENCE")  # the archive limits decide what is listed, not what a file yields


@dataclass
class Decoded:
    path: Path
    format: str
    text: str | None = None
    encoding: str = ""
    reason: str = ""
    sha256: str = ""  # of the file's bytes: provenance, whatever the outcome
    quality: dict = field(default_factory=dict)  # the reader's measures of the text (formats.Reading)

    @property
    def ok(self) -> bool:
        return self.text is not None


def reading_limits() -> dict[str, int]:
    """Each of ``READING_LIMITS`` with its value now (read when asked, so a changed limit shows)."""
    return {name: getattr(config, name) for name in READING_LIMITS}


# The reader of each supported suffix (config.PLAN_SUFFIXES lists the same suffixes; a test holds them equal).
READERS = {
    ".txt": plain_text.read,
    ".docx": word.read,
    ".doc": word.read_old,
    ".odt": word.read_odt,
    ".rtf": word.read_rtf,
    ".pdf": pdf.read,
    ".html": web.read,
    ".htm": web.read,
    ".mhtml": web.read_archive,
    ".mht": web.read_archive,
    ".png": scan.read_image,
    ".jpg": scan.read_image,
    ".jpeg": scan.read_image,
    ".tif": scan.read_image,
    ".tiff": scan.read_image,
    ".zip": archives.read,  # alone, says why; build_corpus reads the plans inside (read.archives)
}
# Readers that may OCR pages; they keep each page's text in the cache folder the entry point names.
OCR_READERS = {pdf.read, scan.read_image}


def discover(corpus_dir: Path) -> list[archives.PlanFile]:
    """Every file under ``corpus_dir`` that may be a plan, in a stable order: the plans inside
    a zip archive in place of the archive (``archives.plan_files``)."""
    found = []
    for path in sorted(corpus_dir.rglob("*")):
        relative = path.relative_to(corpus_dir)
        if archives.hidden(relative.parts):
            continue
        if path.is_dir() or path.name.lower() in config.CORPUS_CONFIG_FILES:
            continue
        if relative.parts[0] == config.VALIDATION_DIR_NAME and len(relative.parts) > 1:  # coding sheets
            continue
        found += archives.plan_files(path, relative.as_posix())
    return found


# --- dispatch ------------------------------------------------------------------------


def read_plan(path: Path | str, encoding: str | None = None, data: bytes | None = None,
              cache_dir: Path | None = None) -> Decoded:
    """Decode one file; never raises for a bad file, returns a skip reason instead.

    ``data``: the file's bytes when the caller has them (a worker that cannot see ``path``);
    ``path`` then only names the file (its type, the messages) and is never opened.
    ``cache_dir``: where OCR keeps page texts (None: nothing kept)."""
    path = Path(path)
    suffix = path.suffix.lower()
    record = Decoded(path=path, format=suffix.lstrip("."))
    try:
        # Read once: the hash and the decoding share these bytes; an oversized file is hashed
        # in chunks and never held in memory.
        size = path.stat().st_size if data is None else len(data)
        if data is None and size > config.MAX_FILE_BYTES:
            with open(path, "rb") as stream:
                record.sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
        else:
            data = path.read_bytes() if data is None else data
            record.sha256 = hashlib.sha256(data).hexdigest()
        if suffix not in READERS:
            raise SkipFile(f"has an unsupported file type '{suffix or 'none'}'; use {supported_types()} "
                           "(a web page saved as .html or .mhtml)")
        if size == 0:
            raise SkipFile("is empty; replace it with the plan's text or remove it")
        if size > config.MAX_FILE_BYTES:
            raise too_large(size)
        reader = READERS[suffix]
        reading = reader(data, encoding, cache_dir=cache_dir) if reader in OCR_READERS else reader(data, encoding)
        text, record.encoding, record.format, record.quality = (reading.text, reading.encoding, reading.format,
                                                                reading.quality)
        if len(text) > config.MAX_TEXT_CHARACTERS:
            raise SkipFile(f"holds {len(text):,} characters, more than the {config.MAX_TEXT_CHARACTERS:,} limit for one "
                           "plan; split it into the plans it contains")
        text, legacy = detect_and_convert(text)
        if legacy and legacy not in record.encoding:
            record.encoding += f", {legacy} font encoding"
        if not text.strip():
            raise SkipFile("contains no text (only whitespace); replace it with the plan's text or remove it")
        if vietnamese_score(unicodedata.normalize("NFC", text)) < MIN_VIETNAMESE_SCORE:
            raise SkipFile("does not look like Vietnamese text; check the file, or its encoding in plans.csv")
        record.text = text
    except SkipFile as skip:
        record.reason = str(skip)
    except MemoryError:
        record.reason = "is too large to read in memory; split it into smaller files"
    except RecursionError:
        record.reason = "is nested too deeply to read (damaged or malicious); open and re-save it"
    except OSError as error:
        record.reason = f"could not be read ({error.strerror or type(error).__name__}); check the file's permissions"
    return record
