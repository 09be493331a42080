""".doc, .odt and .rtf (through LibreOffice), and office files whose name lies about what they are.

Most tests run twice (the ``libreoffice`` fixture of conftest): with LibreOffice as installed here
(skipped where it is not) and with it hidden, so every outcome holds on both kinds of machine.
"""

import pytest

from analysis.read import ingest
from analysis.read.formats import OLE2_SIGNATURE, sniff
from analysis.read.normalize import normalize_text

from builders import rtf_bytes, write_docx, write_odt, write_pdf
from conftest import CA_MAU, seed_text

def _plan_text():
    return seed_text(CA_MAU)[:4000]


def _words(text: str) -> list[str]:
    # The same words in the same order: a table row is one line with its cells apart (" | "), so
    # a header laid out as a table reads as cells where the plain text has lines.
    return normalize_text(text).replace(" | ", "\n").split()


def _assert_reads_the_plan(decoded):
    assert decoded.ok, decoded.reason
    assert _words(decoded.text) == _words(_plan_text())


def test_two_bytes_named_doc_are_not_a_plan(tmp_path, libreoffice):
    """LibreOffice read b'DO' as a text document and the run took it for a plan (issue 25)."""
    path = tmp_path / "plan.doc"
    path.write_bytes(b"DO")
    decoded = ingest.read_plan(path)
    assert not decoded.ok
    assert decoded.reason == ("is named .doc but is not a Word file; open it to see what it is and save the plan "
                              "as .docx")


@pytest.mark.parametrize("suffix, named", [(".odt", "an OpenDocument text"), (".rtf", "an RTF document")])
def test_text_named_odt_or_rtf_is_not_read_as_one(tmp_path, libreoffice, suffix, named):
    path = tmp_path / f"plan{suffix}"
    path.write_text(_plan_text(), encoding="utf-8")  # a plan's text, but not in the format its name says
    decoded = ingest.read_plan(path)
    assert not decoded.ok and decoded.reason.startswith(f"is named {suffix} but is not {named};")


def test_rtf_named_doc_is_read_as_rtf(tmp_path, libreoffice):
    path = tmp_path / "ke-hoach.doc"  # as portals serve it
    path.write_bytes(rtf_bytes(_plan_text()))
    decoded = ingest.read_plan(path)
    if libreoffice:
        _assert_reads_the_plan(decoded)
        assert (decoded.format, decoded.encoding) == ("rtf", "rtf via LibreOffice (named .doc)")
    else:
        assert decoded.reason == ("is an RTF document and LibreOffice is not installed; install it (apt-get install "
                                  "libreoffice-writer) or save the file as .docx")


@pytest.mark.parametrize("suffix, build", [(".rtf", lambda path, text: path.write_bytes(rtf_bytes(text))),
                                           (".odt", write_odt)])
def test_odt_and_rtf_through_libreoffice(tmp_path, libreoffice, suffix, build):
    path = tmp_path / f"plan{suffix}"
    build(path, _plan_text())
    decoded = ingest.read_plan(path)
    if libreoffice:
        _assert_reads_the_plan(decoded)
        assert (decoded.format, decoded.encoding) == (suffix[1:], f"{suffix[1:]} via LibreOffice")
    else:
        assert not decoded.ok and "LibreOffice is not installed" in decoded.reason


def test_docx_named_doc_needs_no_libreoffice(tmp_path, libreoffice):
    path = tmp_path / "plan.doc"
    write_docx(path, _plan_text())
    decoded = ingest.read_plan(path)
    _assert_reads_the_plan(decoded)
    assert (decoded.format, decoded.encoding) == ("docx", "docx (named .doc)")


def test_pdf_named_doc_is_read_as_pdf(tmp_path, libreoffice):
    path = tmp_path / "plan.doc"
    write_pdf(path, _plan_text())
    decoded = ingest.read_plan(path)
    assert decoded.ok and (decoded.format, decoded.encoding) == ("pdf", "pdf (named .doc)")
    assert "biến đổi khí hậu" in normalize_text(decoded.text)


def test_old_doc_named_docx_is_converted(tmp_path, libreoffice):
    """A compound file (Word 97-2003) renamed .docx: read as the .doc it is."""
    path = tmp_path / "plan.docx"
    path.write_bytes(OLE2_SIGNATURE + b"\x00" * 600)
    decoded = ingest.read_plan(path)
    assert not decoded.ok  # nothing inside: LibreOffice cannot convert it, or is absent
    assert decoded.reason.startswith("is an old Word .doc and LibreOffice is not installed" if not libreoffice
                                     else "could not be converted from .doc by LibreOffice")


def test_web_page_named_doc(tmp_path, libreoffice):
    """Word's "Save as web page" with a .doc name: read as the web page it is where this package
    reads web pages (formats.web), else skipped with what to do."""
    page = ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"></head><body>'
            + "".join(f"<p>{line}</p>" for line in _plan_text().split("\n")) + "</body></html>").encode("utf-8")
    (tmp_path / "plan.doc").write_bytes(page)
    decoded = ingest.read_plan(tmp_path / "plan.doc")
    if ".html" in ingest.READERS:
        (tmp_path / "plan.html").write_bytes(page)
        assert decoded.text == ingest.read_plan(tmp_path / "plan.html").text
    else:
        assert not decoded.ok and decoded.reason.startswith("is a web page saved with a .doc name; save the page "
                                                            "again as .html")


@pytest.mark.parametrize("data, kind", [
    (OLE2_SIGNATURE + b"\x00" * 8, "ole2"), (b"{\\rtf1\\ansi x}", "rtf"), (b"\xef\xbb\xbf{\\rtf1 x}", "rtf"),
    (b"%PDF-1.7\n", "pdf"), (b"  <!DOCTYPE html><html>", "html"), (b"<?xml version='1.0'?>\n<html>", "html"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x", "html"), (b"PK\x03\x04 damaged", "zip"),
    (b"DO", ""), (b"\xd0\xcf\x11\xe0", ""),  # half a signature is not one
])
def test_sniff_names_what_the_bytes_are(data, kind):
    assert sniff(data) == kind


def test_sniff_tells_odt_from_docx(tmp_path):
    write_odt(tmp_path / "a.odt", "Kế hoạch")
    write_docx(tmp_path / "a.docx", "Kế hoạch")
    assert (sniff((tmp_path / "a.odt").read_bytes()), sniff((tmp_path / "a.docx").read_bytes())) == ("odt", "docx")
