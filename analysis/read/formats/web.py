"""Saved web pages (``.html``, ``.htm``, and single-file ``.mhtml``/``.mht`` archives): the
document a legal-document or provincial portal's page holds, without the portal.

``read(data, encoding)`` returns a ``Reading`` (format ``html``) whose text has one line per
paragraph, heading, list item or ``<br>``, and one line per table row with its cells apart
(``formats.table_lines``), or raises ``SkipFile``: not a web page, binary bytes, a page with
no text, a page of links (search results, an index) holding no document.

Steps, each a rule below:

1. **Bytes to text as browsers decode them** (the WHATWG encoding-sniffing order): a BOM; the
   archive part's charset (MHTML, the saved copy's transport); ``<meta charset>`` or the
   ``http-equiv`` Content-Type in the first 1024 bytes; then UTF-8 if valid, else detection
   (charset-normalizer). ``encoding`` (from plans.csv) overrides all. The HTML parser (lxml)
   decodes entities and numeric character references (``&#7871;`` is "ế").
2. **Drop the portal**: scripts, styles, the page's ``<head>``, navigation, asides, footers,
   forms' controls, iframes; hidden elements (``hidden``, ``aria-hidden``, ``display:none``);
   elements whose class or id names a portal part (menu, breadcrumb, sidebar, related, share,
   print, comment, search, footer, ...); blocks that are mostly links (lists of related or new
   documents). An element holding most of the page's text is never dropped for its name.
3. **Keep the document**: the deepest element that still holds ``CONTENT_SHARE`` of what is
   left; lines that only date or count the page ("Ngày đăng: ...", "Lượt xem: 1.520") go.

Hand-written on lxml rather than a main-content extractor: trafilatura (tried on the pages of
``tests/data/web``) keeps a legal portal's attribute box ("Ngày ban hành: 14/09/2022", "Lĩnh vực:
... biến đổi khí hậu") and the portal's headline above the document's header, joins the lines a
header cell stacks ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI -------"), and returns a search-results
page as if it were text; it also brings a dozen dependencies (dateparser, htmldate, courlan).
The rules here are few, each a sentence in the docstring above, and tested page by page.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re

from analysis.read.formats import Reading, SkipFile, table_lines
from analysis.read.formats.text import decode_forced, looks_binary
from analysis.read.legal_references import DOCUMENT_KINDS, TITLE_LINE
from analysis.read.normalize import is_all_caps

# The deepest element holding this share of the text left after the portal is dropped is the document.
CONTENT_SHARE = 0.8
# A block with at least this many links, of which this share of its text, is a list of links.
LINK_LIST_MIN_LINKS = 3
LINK_LIST_SHARE = 0.6
# A page whose text is this share links to documents (at least SEARCH_MIN_LINKS), with no title line, holds no document.
SEARCH_MIN_LINKS = 5
SEARCH_LINK_SHARE = 0.25
# A table with a cell of more lines than this lays out a page (a column of text), not rows of data.
LAYOUT_CELL_LINES = 25
# Browsers look for <meta charset> in the first 1024 bytes (WHATWG "prescan").
_PRESCAN_BYTES = 1024

_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# WHATWG maps these labels to windows-1252, and a page that says utf-16 in ASCII bytes to utf-8.
_LABELS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "ascii": "cp1252",
           "us-ascii": "cp1252", "windows-1252": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}
_TAGS = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|table|br|span|meta|title|h[1-6]|ul|ol|li|a)\b", re.IGNORECASE)

# Elements that are never the document.
_PORTAL_TAGS = ["script", "style", "noscript", "template", "head", "nav", "aside", "footer", "iframe", "object",
                "embed", "svg", "canvas", "input", "select", "option", "button", "textarea", "dialog", "menu", "map"]
# Words of class and id names that name a portal part (Vietnamese portals too: "lienquan", "timkiem").
_PORTAL_WORDS = {
    "menu", "menubar", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "sidebar", "widget", "related",
    "lienquan", "share", "sharing", "social", "print", "toolbar", "comment", "comments", "binhluan", "footer",
    "copyright", "banner", "ads", "advert", "quangcao", "search", "timkiem", "login", "tags", "pagination",
    "paging", "popup", "modal", "cookie", "notice", "thongbao", "rating", "tabs", "meta", "attributes",
    "thuoctinh", "views", "luotxem", "hidden", "hide", "invisible", "sr", "topbar",
}
_DOCUMENT_LINK = re.compile("|".join(kind.kind for kind in DOCUMENT_KINDS), re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NAME_WORDS = re.compile(r"[a-z]+")
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote",
           "section", "article", "main", "header", "dd", "dt", "dl", "pre", "address", "center", "figure",
           "figcaption", "caption", "hr", "body", "html", "form", "fieldset", "legend", "details", "summary"}
# A line that only dates or counts the page: never the document's, never its issue date.
PAGE_DATE_LINE = re.compile(r"^(?:ngày\s+(?:đăng|cập\s+nhật|xuất\s+bản)|cập\s+nhật(?:\s+lúc)?|đăng\s+(?:ngày|lúc)"
                            r"|lượt\s+xem|số\s+lượt\s+xem|lượt\s+truy\s+cập)\s*:?\s*[\d(]", re.IGNORECASE)

NOT_A_PAGE = "is named as a web page but holds no HTML; if it is plain text, rename it to .txt"
NO_TEXT = ("is a web page with no text (empty, or its text is loaded by scripts a saved copy does not run); "
           "save the page again once it has loaded, or save the document itself")
LINKS_ONLY = ("is a page of links (search results or an index), not a document; open the document's own page "
              "and save that")


def decode_html(data: bytes, forced: str | None = None, transport: str | None = None) -> tuple[str, str]:
    """(text, how it was decoded): ``forced`` (plans.csv), a BOM, ``transport`` (an MHTML part's
    charset), ``<meta>`` in the first 1024 bytes, UTF-8, then detection; see the module docstring."""
    if forced:
        return decode_forced(data, forced)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), f"{codec} (BOM)"
    for label, source in ((transport, "archive part"), (_meta_charset(data), "<meta charset>")):
        codec = _codec(label)
        if codec:
            return data.decode(codec, errors="replace"), f"{codec} ({source})"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported here: only pages that declare nothing need it

    best = from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best else None
    codec = codec or "cp1258"  # the Vietnamese Windows code page, when nothing else is known
    return data.decode(codec, errors="replace"), f"{codec} (detected)"


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii", errors="ignore") if match else None


def _codec(label: str | None) -> str | None:
    """Python's codec for an encoding label (WHATWG's mapping first), or None when unknown."""
    if not label:
        return None
    label = label.strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def mhtml_part(data: bytes) -> tuple[bytes, str | None]:
    """The page of an MHTML archive ("Save page as ... single file"): the bytes of its first
    text/html part, its transfer encoding (quoted-printable, base64) undone, and its charset."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return payload, part.get_content_charset()
    raise SkipFile("is an .mhtml archive without a web page in it; save the page again as a single file or as .html")


def read(data: bytes, encoding: str | None = None) -> Reading:
    """A saved web page (.html, .htm; an MHTML archive is recognised by its headers too)."""
    try:
        if _is_mhtml(data):
            return _read_page(*mhtml_part(data), encoding)
        return _read_page(data, None, encoding)
    except SkipFile:
        raise
    except RecursionError:
        raise SkipFile("is a web page nested too deeply to read (damaged or malicious); save the page again") from None
    except Exception as error:  # lxml and the email parser raise many types on malformed input
        raise SkipFile(f"is a web page that could not be read ({type(error).__name__}); save the page again") from None


def read_archive(data: bytes, encoding: str | None = None) -> Reading:
    """A single-file web archive (.mhtml, .mht); a plain page saved under that name is read too."""
    return read(data, encoding)


def _is_mhtml(data: bytes) -> bool:
    head = data[:2000].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def _read_page(data: bytes, transport: str | None, forced: str | None) -> Reading:
    if data.startswith(b"%PDF"):
        raise SkipFile("is a PDF saved under a web page's name; rename it to .pdf")
    if data.startswith(b"PK\x03\x04"):
        raise SkipFile("is a Word or zip file saved under a web page's name; give it its real extension (.docx)")
    text, used = decode_html(data, forced, transport)
    if looks_binary(text):
        raise SkipFile("contains binary data, not a web page; replace it with the saved page, or the plan's .docx or .pdf")
    if not _TAGS.search(text):
        raise SkipFile(NOT_A_PAGE)
    lines = page_lines(text)
    if not lines:
        raise SkipFile(NO_TEXT)
    return Reading("\n".join(lines), used, "html")


def page_lines(html: str) -> list[str]:
    """The document's lines in a page's HTML (steps 2 and 3 of the module docstring); raises
    ``SkipFile`` for a page of links."""
    import lxml.html  # imported here, like python-docx, so text-only runs start fast

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses a str that declares its encoding
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    body = root.find("body")
    if body is None:
        return []
    _drop_portal_tags(body)
    if _is_link_page(body):  # before parts are dropped by name: a results list may be named "search-results"
        raise SkipFile(LINKS_ONLY)
    _drop_portal_parts(body)
    _drop_link_lists(body)
    return [line for line in _lines(_content(body)) if not PAGE_DATE_LINE.match(line)]


def _chars(element) -> int:
    return len("".join(element.text_content().split()))


def _link_chars(element) -> int:
    return sum(_chars(a) for a in element.iter("a"))


def _drop(element) -> None:
    """Remove an element but keep the text after it (its tail belongs to the parent)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _drop_portal_tags(body) -> None:
    """Elements that are never the document, and hidden ones."""
    for element in list(body.iter(*_PORTAL_TAGS)):
        if element.getparent() is not None:
            _drop(element)
    for element in list(body.iter("header")):  # an article's own header holds its headline
        if not any(a.tag in ("article", "main") for a in element.iterancestors()):
            _drop(element)
    for element in list(body.iter()):
        if isinstance(element.tag, str) and element.getparent() is not None and (
                element.get("hidden") is not None or element.get("aria-hidden") == "true"
                or _HIDDEN_STYLE.search(element.get("style") or "")):
            _drop(element)


def _drop_portal_parts(body) -> None:
    """Elements whose class or id names a portal part, unless they hold most of the text."""
    total = _chars(body)
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        words = set(_NAME_WORDS.findall(f"{element.get('class') or ''} {element.get('id') or ''}".lower()))
        # A wrapper named "page-with-sidebar" that holds the document is not the sidebar.
        if words & _PORTAL_WORDS and _chars(element) < 0.5 * total:
            _drop(element)


def _is_link_page(body) -> bool:
    """Search results and index pages: many links naming documents ("Kế hoạch phòng, chống ..."), a
    large share of the text, and no title line (a document's page lists related documents too)."""
    links = [a for a in body.iter("a") if _DOCUMENT_LINK.match(a.text_content().strip())]
    total = _chars(body)
    if len(links) < SEARCH_MIN_LINKS or not total or sum(map(_chars, links)) < SEARCH_LINK_SHARE * total:
        return False
    return not any(TITLE_LINE.match(line) and is_all_caps(line) for line in _lines(body))


def _drop_link_lists(body) -> None:
    total = _chars(body)
    for element in list(body.iter("ul", "ol", "div", "section", "table", "p", "dl")):
        if element.getparent() is None:
            continue
        links = sum(1 for a in element.iter("a") if _chars(a))
        chars = _chars(element)
        if links >= LINK_LIST_MIN_LINKS and chars < 0.5 * total and _link_chars(element) >= LINK_LIST_SHARE * chars:
            _drop(element)


def _content(body):
    """The deepest element still holding ``CONTENT_SHARE`` of the text: the document's container."""
    element, total = body, _chars(body)
    while True:
        inner = next((child for child in element if isinstance(child.tag, str)
                      and _chars(child) >= CONTENT_SHARE * total), None)
        if inner is None or inner.tag == "table":
            return element
        element = inner


def _lines(element) -> list[str]:
    """The lines a browser shows: blocks and ``<br>`` break lines, whitespace runs (NBSP too)
    are one space, a table gives one line per row (``formats.table_lines``)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())  # str.split() also splits at NBSP
        if text:
            lines.append(text)
        current.clear()

    def visit(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None:  # a comment or processing instruction: only its tail is text
            pass
        elif tag == "br":
            flush()
        elif tag == "table":
            flush()
            lines.extend(_table(node))
        else:
            block = tag in _BLOCKS
            if block:
                flush()
            current.append(node.text or "")
            for child in node:
                visit(child)
            if block:
                flush()
        current.append(node.tail or "")

    current.append(element.text or "")
    for child in element:
        visit(child)
    flush()
    return lines


def _table(table) -> list[str]:
    """A table's lines: one per row, or, for a layout table (one holding tables), its cells' lines."""
    rows = [row for row in table.iter("tr") if _nearest_table(row) is table]
    cells = [[cell for cell in row if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")] for row in rows]
    if any(cell.find(".//table") is not None for row in cells for cell in row):
        return [line for row in cells for cell in row for line in _lines(cell)]
    rendered = [[_lines(cell) for cell in row] for row in cells]
    if any(len(cell) > LAYOUT_CELL_LINES for row in rendered for cell in row):
        return [line for row in rendered for cell in row for line in cell]
    return table_lines(rendered)


def _nearest_table(row):
    return next((a for a in row.iterancestors() if isinstance(a.tag, str) and a.tag.lower() == "table"), None)
