"""Build the odd input files the ingestion tests need, from the seed texts; and the commitments of plans
written for a test (``extract_commitments``)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from analysis.read.legacy_fonts import TCVN3_TO_UNICODE, VN1_CAPITALS, VNI_TO_UNICODE
from analysis.read.normalize import TONE_MARKS


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters + combining tone marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def tcvn3_bytes(text: str) -> bytes:
    """TCVN3 (ABC) as a .VnTime document saved as plain text (Windows-1252 bytes)."""
    inverse = {u: code for code, u in TCVN3_TO_UNICODE.items()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char not in inverse and char.lower() in inverse and char != char.lower():
            char = char.lower()  # TCVN3 keeps toned capitals in a separate font
        out.append(inverse.get(char, char))
    return "".join(out).encode("cp1252")


def vn1_bytes(text: str) -> bytes:
    """TCVN 5712 VN1, as `iconv -t TCVN5712-1` writes it: TCVN3 with toned capitals in their own bytes."""
    capitals = {letter: bytes([byte]) for byte, letter in VN1_CAPITALS.items() if letter.isupper()}
    lower = {u: code.encode("latin-1") for code, u in TCVN3_TO_UNICODE.items()}
    out = []
    for char in unicodedata.normalize("NFC", text):
        out.append(capitals.get(char) or lower.get(char) or char.encode("latin-1", errors="replace"))
    return b"".join(out)


def vni_bytes(text: str) -> bytes:
    """VNI-Windows: each Vietnamese letter as a base letter plus a mark character."""
    inverse = {}
    for sequence, letter in VNI_TO_UNICODE.items():
        # Prefer the all-lower/all-upper spelling VNI fonts produce.
        if letter not in inverse or sequence == sequence.lower() or sequence == sequence.upper():
            inverse[letter] = sequence
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text)).encode("cp1252")


def write_docx(path: Path, text: str) -> None:
    """A Word file like real plans: the header in a two-column table, then paragraphs."""
    import docx

    lines = text.split("\n")
    document = docx.Document()
    header, rest = lines[:6], lines[6:]
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "\n".join(header[:3])
    table.cell(0, 1).text = "\n".join(header[3:])
    for line in rest:
        document.add_paragraph(line)
    document.save(str(path))


def write_pdf(path: Path, text: str, lines_per_page: int = 45, width: int = 110) -> None:
    """A PDF with a real text layer (TrueType-embedded), several pages."""
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    wrapped = []
    for line in text.split("\n"):
        wrapped.extend(textwrap.wrap(line, width) or [""])
    with plt.rc_context({"pdf.fonttype": 42}), PdfPages(str(path)) as pdf:
        for first in range(0, len(wrapped), lines_per_page):
            figure = plt.figure(figsize=(8.27, 11.69))
            figure.text(0.05, 0.97, "\n".join(wrapped[first:first + lines_per_page]), fontsize=7, va="top")
            pdf.savefig(figure)
            plt.close(figure)


def write_encrypted_pdf(source: Path, path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="mat-khau", algorithm="AES-128")
    with open(path, "wb") as handle:
        writer.write(handle)


def write_scanned_pdf(path: Path) -> None:
    """Pages with no text layer, as a scanner produces (here: blank pages)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)


def rtf_bytes(text: str) -> bytes:
    """RTF as word processors save it: ASCII only, each other character as \\uN? (N signed
    16-bit), one paragraph per line. Written by hand: the format needs no library."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char == "\n":
            out.append("\\par\n")
        elif char in "\\{}":
            out.append("\\" + char)
        elif ord(char) < 128:
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\u{code - 65536 if code > 32767 else code}?")
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs26\n" + "".join(out)
            + "\\par\n}").encode("ascii")


def write_odt(path: Path, text: str) -> None:
    """The smallest OpenDocument text LibreOffice opens: the media type stored first, a manifest
    and one paragraph per line (odfpy would add a dependency for three XML parts)."""
    import zipfile
    from xml.sax.saxutils import escape

    office = "urn:oasis:names:tc:opendocument:xmlns"
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}:office:1.0" '
               f'xmlns:text="{office}:text:1.0" office:version="1.2"><office:body><office:text>{paragraphs}'
               "</office:text></office:body></office:document-content>")
    manifest = (f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="{office}:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def write_zip(path: Path, members: dict[str, bytes], protected: bool = False) -> None:
    """A zip archive of ``members`` (name -> bytes). ``protected``: every member flagged as
    encrypted, as a password-protected archive is (zipfile cannot encrypt; readers see the flag
    and ask for the password, as they do for a real one)."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    if protected:
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
            start = data.find(signature)
            while start >= 0:
                data[start + offset] |= 0x01
                start = data.find(signature, start + 4)
        path.write_bytes(bytes(data))


def extract_commitments(folder: Path, plans: dict[str, str], plans_csv: str | None = None):
    """Commitments and agency assignments of plans written for a test: ``plans`` maps a file name to its
    text (written to ``folder/plans``), ``plans_csv`` the corpus's plans.csv when the test needs one.
    -> (commitments table, agency assignments table), as the run computes them."""
    from analysis.measure.commitments.agencies import agency_assignments
    from analysis.measure.commitments.targets import commitments
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits
    from analysis.read.corpus import build_corpus

    (folder / "plans").mkdir(parents=True, exist_ok=True)
    for name, text in plans.items():
        (folder / "plans" / name).write_text(text, encoding="utf-8")
    if plans_csv is not None:
        (folder / "plans.csv").write_text(plans_csv, encoding="utf-8")
    corpus = build_corpus(folder)
    hits = theme_hits(corpus, load_codebook())
    return commitments(corpus, hits), agency_assignments(corpus, hits)
