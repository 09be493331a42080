"""Find plan files under a corpus folder and decode each into text, or say why not.

``discover(corpus_dir)`` lists candidate files (recursively, sorted, hidden files and
the corpus's own configuration files left out). ``read_plan(path, encoding=None, data=None)``
returns a ``Decoded`` record: the text (not yet normalised) or a one-sentence
``reason`` why the file was skipped. Given ``data`` (the file's bytes, as a worker on
another machine gets them), ``path`` only names the file and is never opened. Files are
only ever opened for reading. ``reading_limits()``: the limits in ``config`` that change
what reading yields (part of the plan cache's key).

Supported: ``.txt`` (UTF-8 with/without BOM, UTF-16/32 with BOM, UTF-16 without BOM,
Windows-1258, legacy TCVN3/VNI font encodings, or an encoding forced by the caller),
``.docx`` (paragraphs and tables in document order), ``.pdf`` with a text layer, and
``.doc`` through LibreOffice when ``soffice`` is installed.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.read.legacy_fonts import detect_and_convert, has_vn1_capitals, vietnamese_score, vn1_to_unicode

# Below this share of common Vietnamese syllables a text is not Vietnamese prose.
MIN_VIETNAMESE_SCORE = 0.12
# A PDF page with fewer characters than this has no usable text layer.
MIN_PDF_CHARS_PER_PAGE = 40
# The limits in config that decide whether a file is read (their reasons are given there).
READING_LIMITS = ("MAX_FILE_BYTES", "MAX_DOCX_UNCOMPRESSED_BYTES", "MAX_DOCX_COMPRESSION_RATIO", "MAX_PDF_PAGES",
                  "MAX_TEXT_CHARACTERS")


@dataclass
class Decoded:
    path: Path
    format: str
    text: str | None = None
    encoding: str = ""
    reason: str = ""
    sha256: str = ""  # of the file's bytes: provenance, whatever the outcome

    @property
    def ok(self) -> bool:
        return self.text is not None


class SkipFile(Exception):
    """A file cannot be used; the message is the one-sentence reason shown to users."""


def reading_limits() -> dict[str, int]:
    """Each of ``READING_LIMITS`` with its value now (read when asked, so a changed limit shows)."""
    return {name: getattr(config, name) for name in READING_LIMITS}


def _source(data: bytes | Path):
    """What zipfile, python-docx and pypdf open: a fresh stream over bytes, or a path."""
    return io.BytesIO(data) if isinstance(data, bytes) else str(data)


def discover(corpus_dir: Path) -> list[Path]:
    """Every file under ``corpus_dir`` that may be a plan, in a stable order."""
    found = []
    for path in sorted(corpus_dir.rglob("*")):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") or part.startswith("~$") for part in relative.parts):
            continue
        if path.is_dir() or path.name.lower() in config.CORPUS_CONFIG_FILES:
            continue
        found.append(path)
    return found


# --- plain text ----------------------------------------------------------------------

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


# Control characters (Unicode category Cc) other than tab, line and page breaks.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _looks_binary(text: str) -> bool:
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


def decode_text_bytes(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, encoding used)."""
    if forced:
        try:
            return data.decode(forced), forced
        except LookupError:
            raise SkipFile(f"plans.csv names an unknown encoding '{forced}'; use a name such as utf-8, utf-16 or cp1258") from None
        except UnicodeDecodeError:
            raise SkipFile(f"is not valid {forced} as plans.csv says; fix or remove its encoding in plans.csv") from None
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
    if _looks_binary(text):
        raise SkipFile("contains binary data, not text; replace it with the plan's text, .docx or .pdf")
    return text, encoding


# --- Word ----------------------------------------------------------------------------


def _check_zip(data: bytes | Path) -> None:
    try:
        with zipfile.ZipFile(_source(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise SkipFile("is not a valid .docx (damaged or not a Word file); open and re-save it in Word or LibreOffice") from None
    total = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if total > 1_000_000 and total / packed > config.MAX_DOCX_COMPRESSION_RATIO:
        raise SkipFile(f"unpacks to {total // packed} times its size, which only damaged or malicious files do; "
                       "open and re-save it in Word or LibreOffice")
    if total > config.MAX_DOCX_UNCOMPRESSED_BYTES:
        raise SkipFile(
            f"unpacks to {total // 2**20} MB, more than the {config.MAX_DOCX_UNCOMPRESSED_BYTES // 2**20} MB limit; "
            "save the plan's text alone as a new .docx"
        )


def read_docx(data: bytes | Path) -> str:
    """Paragraphs and table cells in document order, one paragraph per line (``data``: the
    file's bytes or its path)."""
    import docx  # python-docx; imported here so text-only runs start fast
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    try:
        document = docx.Document(_source(data))
    except Exception as error:  # python-docx raises many types for broken packages
        raise SkipFile(f"could not be opened as .docx ({type(error).__name__}); open and re-save it in Word or LibreOffice") from None

    lines: list[str] = []

    def walk(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                lines.append(child.text)
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        # Merged cells repeat the same cell object across the row.
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)
                        lines.append("")

    walk(document)
    return "\n".join(lines)


def read_doc(data: bytes | Path) -> str:
    """Old binary .doc (its bytes or path): convert a copy to .docx with LibreOffice in a temporary folder."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SkipFile(
            "is an old Word .doc and LibreOffice is not installed; install it (apt-get install libreoffice-writer) "
            "or save the file as .docx"
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.doc"  # LibreOffice converts files, so the bytes become one here
        path.write_bytes(data if isinstance(data, bytes) else Path(data).read_bytes())
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True, capture_output=True, timeout=120,
            )
        except (subprocess.SubprocessError, OSError):
            raise SkipFile("could not be converted from .doc by LibreOffice; open it and save it as .docx") from None
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise SkipFile("could not be converted from .doc by LibreOffice; open it and save it as .docx")
        return read_docx(converted.read_bytes())


# --- PDF -----------------------------------------------------------------------------


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


# --- dispatch ------------------------------------------------------------------------


def read_plan(path: Path | str, encoding: str | None = None, data: bytes | None = None) -> Decoded:
    """Decode one file; never raises for a bad file, returns a skip reason instead.

    ``data``: the file's bytes when the caller has them (a worker that cannot see ``path``);
    ``path`` then only names the file (its type, the messages) and is never opened."""
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
        if suffix not in config.PLAN_SUFFIXES:
            raise SkipFile(f"has an unsupported file type '{suffix or 'none'}'; use .txt, .docx, .pdf or .doc")
        if size == 0:
            raise SkipFile("is empty; replace it with the plan's text or remove it")
        if size > config.MAX_FILE_BYTES:
            raise SkipFile(
                f"is {size // 2**20} MB, more than the {config.MAX_FILE_BYTES // 2**20} MB limit for one plan; "
                "split it or remove images"
            )
        if suffix == ".txt":
            text, record.encoding = read_text_file(data, encoding)
        elif suffix == ".docx":
            text, record.encoding = read_docx(data), "docx"
        elif suffix == ".pdf":
            text, record.encoding = read_pdf(data), "pdf"
        else:
            text, record.encoding = read_doc(data), "doc via LibreOffice"
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
