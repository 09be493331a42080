"""Word documents: ``.docx`` read directly; ``.doc``, ``.odt`` and ``.rtf`` through LibreOffice when it is
installed. Each file is read by what its bytes are (``formats.sniff``), whatever its name says."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from analysis import config
from analysis.read.formats import Reading, SkipFile, sniff, source as _source, table_lines
from analysis.read.formats import web
from analysis.read.formats.pdf import read_pdf


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
    """Paragraphs and tables in document order, one paragraph per line and one line per table
    row (``formats.table_lines``) (``data``: the file's bytes or its path)."""
    import docx  # python-docx; imported here so text-only runs start fast
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data)
    try:
        document = docx.Document(_source(data))
    except Exception as error:  # python-docx raises many types for broken packages
        raise SkipFile(f"could not be opened as .docx ({type(error).__name__}); open and re-save it in Word or LibreOffice") from None

    def walk(parent) -> list[str]:
        lines: list[str] = []
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                lines.append(child.text)
            elif isinstance(child, Table):
                rows = []
                for row in child.rows:
                    seen, cells = set(), []
                    for cell in row.cells:
                        # Merged cells repeat the same cell object across the row.
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            cells.append(walk(cell))
                    rows.append(cells)
                lines += ["", *table_lines(rows), ""]
        return lines

    return "\n".join(walk(document))


# What each kind of file is called in a reason, and the suffix LibreOffice is given for it.
_KINDS = {"ole2": ("an old Word .doc", ".doc"), "rtf": ("an RTF document", ".rtf"),
          "odt": ("an OpenDocument text (.odt)", ".odt")}
# A file named with one of these suffixes but something else inside: what it should have been.
_NAMED = {".doc": "a Word file", ".docx": "a Word file", ".odt": "an OpenDocument text", ".rtf": "an RTF document"}


def convert(data: bytes | Path, kind: str = "ole2") -> str:
    """A .doc, .rtf or .odt (``kind`` as ``formats.sniff`` names it; its bytes or path): a copy
    converted to .docx by LibreOffice in a temporary folder, then read as .docx."""
    what, suffix = _KINDS[kind]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SkipFile(
            f"is {what} and LibreOffice is not installed; install it (apt-get install libreoffice-writer) "
            "or save the file as .docx"
        )
    failed = f"could not be converted from {suffix} by LibreOffice; open it and save it as .docx"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"plan{suffix}"  # LibreOffice converts files, so the bytes become one here
        path.write_bytes(data if isinstance(data, bytes) else Path(data).read_bytes())
        # A profile of its own: LibreOffice instances sharing one (parallel workers) hand their
        # files to the first and fail; a fresh profile costs a fraction of a second.
        profile = (Path(tmp) / "profile").as_uri()
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                 "--outdir", tmp, str(path)],
                check=True, capture_output=True, timeout=120,
            )
        except (subprocess.SubprocessError, OSError):
            raise SkipFile(failed) from None
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise SkipFile(failed)
        return read_docx(converted.read_bytes())


def read_doc(data: bytes | Path) -> str:
    """Old binary .doc (its bytes or path) through LibreOffice (``convert``)."""
    return convert(data, "ole2")


def _web_page(data: bytes, encoding: str | None, suffix: str) -> Reading:
    """A web page saved with an office name (Word's "save as web page", a portal's download): read
    as the web page it is."""
    return web.read(data, encoding)


def read_office(data: bytes, encoding: str | None, suffix: str) -> Reading:
    """A file named .doc, .docx, .odt or .rtf, read by what its bytes are (``formats.sniff``), not
    by its name: portals serve RTF, .docx, PDFs and web pages named .doc. Bytes that are none of
    these are skipped: LibreOffice would read anything as plain text (two bytes "DO" became a "plan")."""
    kind = sniff(data)
    if kind == "zip" and suffix == ".docx":  # a damaged .docx: its reader says what is wrong
        kind = "docx"
    if kind == "html":
        return _web_page(data, encoding, suffix)
    if kind not in _KINDS and kind not in ("docx", "pdf"):
        if suffix == ".docx":
            raise SkipFile("is not a valid .docx (damaged or not a Word file); open and re-save it in Word or LibreOffice")
        raise SkipFile(f"is named {suffix} but is not {_NAMED[suffix]}; open it to see what it is and save the plan "
                       "as .docx")
    real = _KINDS[kind][1].lstrip(".") if kind in _KINDS else kind
    named = "" if f".{real}" == suffix else f" (named {suffix})"
    if kind == "docx":
        return Reading(read_docx(data), f"docx{named}", "docx")
    if kind == "pdf":
        return Reading(read_pdf(data), f"pdf{named}", "pdf")
    return Reading(convert(data, kind), f"{real} via LibreOffice{named}", real)


def read(data: bytes, encoding: str | None = None) -> Reading:
    return read_office(data, encoding, ".docx")


def read_old(data: bytes, encoding: str | None = None) -> Reading:
    return read_office(data, encoding, ".doc")


def read_odt(data: bytes, encoding: str | None = None) -> Reading:
    return read_office(data, encoding, ".odt")


def read_rtf(data: bytes, encoding: str | None = None) -> Reading:
    return read_office(data, encoding, ".rtf")
