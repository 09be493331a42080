"""Word documents: ``.docx`` read directly; ``.doc`` through LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from analysis import config
from analysis.read.formats import Reading, SkipFile, source as _source, table_lines

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


def read(data: bytes, encoding: str | None = None) -> Reading:
    return Reading(read_docx(data), "docx", "docx")


def read_old(data: bytes, encoding: str | None = None) -> Reading:
    return Reading(read_doc(data), "doc via LibreOffice", "doc")
