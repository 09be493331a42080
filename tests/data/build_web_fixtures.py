"""Build the saved web pages of tests/data/web/pages from the hand-written texts in tests/data/web/sources.

Run ``python tests/data/build_web_fixtures.py``; the pages are committed, so tests never need this.

Each page is laid out the way portals lay out a document page (looked up on the portals):

- ``tvpl-*.html``: a legal-document library (thuvienphapluat.vn style): an ASP.NET form around the
  page, top menu, search box, breadcrumb, an attribute box ("Số hiệu", "Ngày ban hành", ...), a
  hidden "Đang tải văn bản..." notice, the document in ``#divContentDoc .content1`` with the header
  as a two-column table whose cells stack lines with ``<br>``, paragraphs hard-wrapped with ``<br>``
  as Word exports them, a "Văn bản liên quan" sidebar, comments, footer; UTF-8 ``<meta charset>``.
- ``vbpl-*.htm``: the national legal-document database (vbpl.vn style): left menu of document
  types, breadcrumb, tabs (Toàn văn, Thuộc tính, Lược đồ, Tải về), the document in
  ``#toanvancontent.fulltext``, header table one line per row; UTF-8 with a BOM and an
  ``http-equiv`` Content-Type.
- ``portal-*.html``: a provincial portal's "Văn bản chỉ đạo điều hành" article (a *.gov.vn
  news-style page): banner, menu, "Ngày đăng" and "Lượt xem", the portal's intro sentence before the
  embedded programme, print/share bar, "Tin liên quan" as a plain list of links, footer; Windows-1258.
- ``ncr-*.html``: a print view with every non-ASCII letter written as a numeric character
  reference (``&#7871;``) and no charset declared.
- ``saved-*.mhtml``: a provincial portal page saved by a browser as one file (MIME multipart,
  HTML part quoted-printable, a stylesheet and an image beside it).
- ``search-results.html``: a search-results page (links to documents, no document).
- ``news-*.html``: a news report about the plan (a summary, not its text).

Theme phrases ("biến đổi khí hậu", "nước thải", "sạt lở", "đê biển") are planted in menus,
sidebars, scripts, hidden elements, comments and footers: none may be counted.
"""

from __future__ import annotations

import html
import quopri
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for builders
from builders import cp1258_bytes  # noqa: E402

HERE = Path(__file__).parent / "web"
SOURCES, PAGES = HERE / "sources", HERE / "pages"

PLAN = "quang-ngai-2022-kh145"
PROGRAMME = "thua-thien-hue-2017-ctr27"

SCRIPT = """<script>
var keywords = ["biến đổi khí hậu", "nước thải", "sạt lở bờ biển", "đê biển"];
window.dataLayer = window.dataLayer || []; dataLayer.push({"chu_de": "Nước thải và biến đổi khí hậu"});
</script>
<style>.content1 p { margin: 0 } /* nước thải */</style>"""
MENU = """<ul class="menu-top">
<li><a href="/">Trang chủ</a></li><li><a href="/tai-nguyen-moi-truong">Tài nguyên - Môi trường</a></li>
<li><a href="/bien-doi-khi-hau">Biến đổi khí hậu</a></li><li><a href="/nuoc-thai">Nước thải</a></li>
<li><a href="/sat-lo">Sạt lở bờ biển, đê biển</a></li></ul>"""
HIDDEN = """<div style="display:none">Từ khóa: sạt lở bờ biển, đê biển, nước thải, biến đổi khí hậu</div>
<div hidden>Xử lý nước thải công nghiệp</div><span aria-hidden="true">biến đổi khí hậu</span>"""
RELATED = """<ul>
<li><a href="/vb/1">Kế hoạch phòng, chống sạt lở bờ biển tỉnh Quảng Nam năm 2021</a></li>
<li><a href="/vb/2">Quyết định phê duyệt đề án xử lý nước thải sinh hoạt đô thị</a></li>
<li><a href="/vb/3">Chương trình ứng phó với biến đổi khí hậu tỉnh Bình Định</a></li>
<li><a href="/vb/4">Kế hoạch nâng cấp đê biển giai đoạn 2021 - 2025</a></li></ul>"""
FOOTER_TEXT = ("Cổng thông tin văn bản về biến đổi khí hậu, nước thải và đê biển. "
               "Ghi rõ nguồn khi phát hành lại thông tin từ website này.")


def source_lines(name: str) -> list[str]:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def hard_wrap(text: str, width: int = 70) -> str:
    """Word's HTML export as portals show it: a line break where the line was full, but only
    between two lower-case words, where a reader (and normalisation) joins the sentence again."""
    words, out, length = text.split(" "), [], 0
    for i, word in enumerate(words):
        previous = words[i - 1] if i else ""
        if length > width and previous[-1:].isalpha() and previous[-1:].islower() and word[:1].islower():
            out.append("<br>\n" + esc(word))
            length = len(word)
        else:
            out.append((" " if i else "") + esc(word))
            length += len(word) + 1
    return "".join(out)


def groups(lines: list[str]):
    """(kind, lines): runs of tab-separated lines are tables, other lines paragraphs."""
    run: list[str] = []
    for line in lines:
        if "\t" in line:
            run.append(line)
            continue
        if run:
            yield "table", run
            run = []
        yield "p", [line]
    if run:
        yield "table", run


def table_html(rows: list[str], stacked: bool, css: str = "") -> str:
    """A table; ``stacked``: the header's rows stacked in one row of cells joined by <br> (tvpl),
    except the last row ("Số: ..." | place-date), as Word lays out the two-column header."""
    cells = [row.split("\t") for row in rows]
    if stacked and len(cells) > 2:
        top = [["<br>\n".join(esc(r[c]) for r in cells[:-1]) + "<br>\n-------" for c in range(2)]]
        body = top + [[esc(c) for c in cells[-1]]]
    else:
        body = [[esc(c) for c in row] for row in cells]
    trs = "\n".join("<tr>" + "".join(f'<td valign="top"><p align="center">{c}</p></td>' for c in row) + "</tr>"
                    for row in body)
    return f'<table border="0" cellspacing="0" cellpadding="0" width="100%"{css}>\n{trs}\n</table>'


def document_html(lines: list[str], stacked: bool, wrap: bool) -> str:
    out = []
    for kind, run in groups(lines):
        if kind == "table":
            task_table = run[0].startswith("STT")
            out.append(table_html(run, stacked and not task_table, ' border="1"' if task_table else ""))
        else:
            text = run[0]
            if text.isupper() or text.startswith("(Kèm theo"):
                out.append(f'<p align="center"><b>{esc(text)}</b></p>')
            else:
                out.append(f'<p style="text-align:justify">{hard_wrap(text) if wrap else esc(text)}</p>')
    return "\n".join(out)


def tvpl(lines: list[str]) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Kế hoạch 145/KH-UBND năm 2022 phòng chống sạt lở bờ biển, biến đổi khí hậu Quảng Ngãi</title>
{SCRIPT}</head>
<body><form method="post" action="./ke-hoach-145" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="nuoc thai">
<div id="header"><div class="logo"><a href="/">THƯ VIỆN PHÁP LUẬT</a></div>
<div class="search-box"><input type="text" placeholder="Tìm văn bản về nước thải, đê biển"><button>Tìm kiếm</button></div>
{MENU}</div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/van-ban">Văn bản pháp luật</a> &gt; <a href="/linh-vuc/tai-nguyen">Tài nguyên - Môi trường</a> &gt; Biến đổi khí hậu</div>
<div id="main"><div class="box-title"><h1>Kế hoạch 145/KH-UBND năm 2022 phòng, chống sạt lở bờ sông, bờ biển tỉnh Quảng Ngãi</h1></div>
<div id="vbInfo" class="thuoc-tinh">
<table><tr><td>Số hiệu:</td><td>145/KH-UBND</td><td>Loại văn bản:</td><td>Kế hoạch</td></tr>
<tr><td>Nơi ban hành:</td><td>Tỉnh Quảng Ngãi</td><td>Người ký:</td><td>Trần Phước Hiền</td></tr>
<tr><td>Ngày ban hành:</td><td>14/09/2022</td><td>Ngày hiệu lực:</td><td>Đã biết</td></tr>
<tr><td>Lĩnh vực:</td><td>Tài nguyên - Môi trường, biến đổi khí hậu</td><td>Tình trạng:</td><td>Đã biết</td></tr></table></div>
<div class="notice">Bản dịch này thuộc quyền sở hữu của THƯ VIỆN PHÁP LUẬT. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý là vi phạm pháp luật.</div>
<div id="loading" style="display: none">Đang tải văn bản...</div>
{HIDDEN}
<div id="divContentDoc"><div class="content1"><div><div>
{document_html(lines, stacked=True, wrap=True)}
</div></div></div></div>
<div class="toolbar-bottom"><a href="#">Lưu trữ</a> <a href="#">Ghi chú</a> <a href="#">Ý kiến</a> <a href="#">Email</a> <a href="javascript:print()">In</a></div>
<div class="comments"><h3>Ý kiến bạn đọc</h3><p>Cần xử lý nước thải và nâng cấp đê biển sớm hơn.</p></div>
</div>
<div class="sidebar-right"><h3>Văn bản liên quan</h3>{RELATED}
<h3>Văn bản mới</h3><ul><li><a href="/vb/9">Nghị định quy định về thoát nước và xử lý nước thải</a></li></ul></div>
<div class="footer"><p>{FOOTER_TEXT}</p><p>Giấy phép số 27/GP-TTĐT</p></div>
<script>var s = "Kế hoạch sạt lở bờ biển biến đổi khí hậu";</script>
</form></body></html>
"""


def vbpl(lines: list[str]) -> str:
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>CSDL Văn bản pháp luật - Toàn văn</title>{SCRIPT}</head>
<body class="page-with-sidebar">
<div id="top-banner"><img src="banner.png" alt="Cơ sở dữ liệu quốc gia về văn bản pháp luật"></div>
<div class="navigation"><a href="/">Trang chủ</a> | <a href="/vbqppl">Văn bản quy phạm pháp luật</a> | <a href="/hopnhat">Văn bản hợp nhất</a></div>
<table width="100%"><tr>
<td class="left-menu" valign="top"><div class="box-menu"><h4>Loại văn bản</h4>
<ul><li><a href="?t=1">Kế hoạch (nước thải)</a></li><li><a href="?t=2">Quyết định về đê biển</a></li>
<li><a href="?t=3">Chỉ thị về biến đổi khí hậu</a></li><li><a href="?t=4">Sạt lở</a></li></ul></div></td>
<td valign="top"><div class="breadcrumbs"><a href="/">Trang chủ</a> » <a href="/quangngai">Quảng Ngãi</a> » Văn bản pháp luật</div>
<div class="vbTabs tabs"><ul><li class="active"><a href="#">Toàn văn</a></li><li><a href="#">Thuộc tính</a></li>
<li><a href="#">Lịch sử</a></li><li><a href="#">Văn bản liên quan</a></li><li><a href="#">Lược đồ</a></li><li><a href="#">Tải về</a></li></ul></div>
<div id="toanvancontent" class="fulltext">
{document_html(lines, stacked=False, wrap=False)}
</div>
<div class="vbLienQuan related"><h4>Văn bản liên quan</h4>{RELATED}</div>
</td></tr></table>
<div id="footer">{FOOTER_TEXT}</div>
</body></html>
"""


def portal(lines: list[str], charset: str = "windows-1258") -> str:
    """The portal's intro sentence, when the source opens with one, goes before the document as the portal writes it."""
    intro, rest = (lines[0], lines[1:]) if lines[0].startswith("Ngày") else ("", lines)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Chương trình hành động 27-CTr/TU về biến đổi khí hậu - Cổng thông tin điện tử tỉnh</title>{SCRIPT}</head>
<body>
<header class="site-header"><div class="banner">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH THỪA THIÊN HUẾ</div>{MENU}</header>
<div class="container"><div class="row">
<div class="col-md-9 main-col">
<div class="breadcrumb"><a href="/">Trang chủ</a> / <a href="/van-ban">Văn bản chỉ đạo điều hành</a></div>
<article class="news-detail">
<h1 class="title">Chương trình hành động thực hiện Nghị quyết 24-NQ/TW về chủ động ứng phó với biến đổi khí hậu</h1>
<div>Ngày đăng: 25/08/2017 09:12</div>
<div>Lượt xem: 1.520</div>
<div class="share-tools"><a href="#">Chia sẻ Facebook</a> <a href="#">In bài</a> <a href="#">Gửi email</a></div>
<div class="news-content">
{f"<p><strong>{esc(intro)}</strong></p>" if intro else ""}
{document_html(rest, stacked=False, wrap=False)}
</div>
<div class="tin-lien-quan"><h3>Tin liên quan</h3></div>
<ul><li><a href="/tin/1">Hội nghị về sạt lở bờ biển và đê biển</a></li><li><a href="/tin/2">Xử lý nước thải tại khu công nghiệp Phú Bài</a></li>
<li><a href="/tin/3">Thích ứng với biến đổi khí hậu vùng đầm phá</a></li></ul>
</article></div>
<aside class="col-md-3"><h3>Thông báo</h3><p>Lịch tiếp công dân; cảnh báo sạt lở bờ biển; nước thải đô thị.</p></aside>
</div></div>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>
"""


def ncr(text: str) -> str:
    """Every non-ASCII character as a numeric character reference, a few as named entities."""
    named = {"à": "&agrave;", "á": "&aacute;", "ê": "&ecirc;", "ô": "&ocirc;", "\u00a0": "&nbsp;"}
    return "".join(named.get(c) or (c if ord(c) < 128 else f"&#{ord(c)};") for c in text)


def print_view(lines: list[str]) -> str:
    body = document_html(lines, stacked=True, wrap=False).replace("Kế hoạch này", "Kế\u00a0hoạch\u00a0này")
    return ncr(f"""<html><head><title>In văn bản</title>{SCRIPT}</head>
<body onload="window.print()"><div class="print-toolbar"><a href="javascript:print()">In văn bản về nước thải</a></div>
<div class="print-content">{body}</div></body></html>
""")


def mhtml(page: str) -> bytes:
    boundary = "----MultipartBoundary--a1b2c3d4e5----"
    encoded = quopri.encodestring(page.encode("utf-8")).decode("ascii")
    return f"""From: <Saved by Blink>
Snapshot-Content-Location: https://www.quangngai.gov.vn/van-ban/ke-hoach-145-kh-ubnd.html
Subject: =?utf-8?Q?K=E1=BA=BF_ho=E1=BA=A1ch_145/KH-UBND?=
Date: Tue, 10 Jan 2023 08:00:00 +0700
MIME-Version: 1.0
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="{boundary}"


--{boundary}
Content-Type: text/html
Content-ID: <frame-1@mhtml.blink>
Content-Transfer-Encoding: quoted-printable
Content-Location: https://www.quangngai.gov.vn/van-ban/ke-hoach-145-kh-ubnd.html

{encoded}
--{boundary}
Content-Type: text/css
Content-Transfer-Encoding: quoted-printable
Content-Location: https://www.quangngai.gov.vn/css/site.css

.menu {{ color: red }} /* nuoc thai */
--{boundary}
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Location: https://www.quangngai.gov.vn/logo.png

iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==
--{boundary}--
""".replace("\n", "\r\n").encode("ascii")


def search_results() -> str:
    items = [
        ("145/KH-UBND", "Kế hoạch phòng, chống sạt lở bờ sông, bờ biển và thích ứng với biến đổi khí hậu tỉnh Quảng Ngãi giai đoạn 2022 - 2025", "14/09/2022"),
        ("27-CTr/TU", "Chương trình hành động thực hiện Nghị quyết 24-NQ/TW về chủ động ứng phó với biến đổi khí hậu", "23/08/2017"),
        ("210/KH-UBND", "Kế hoạch thu gom, xử lý nước thải sinh hoạt đô thị tỉnh Cà Mau", "20/10/2020"),
        ("88/KH-UBND", "Kế hoạch nâng cấp đê biển, kè biển giai đoạn 2021 - 2025", "05/03/2021"),
        ("1548/KH-UBND", "Kế hoạch giảm thiểu rác thải nhựa trên địa bàn tỉnh", "12/05/2023"),
        ("56/QĐ-UBND", "Quyết định phê duyệt đề án phòng, chống sạt lở đất, lũ quét", "08/09/2022"),
    ]
    results = "\n".join(
        f'<div class="search-item"><p class="title"><a href="/vb/{i}">{esc(title)}</a></p>'
        f'<p class="info">Số hiệu: {number} | Ban hành: {day}</p></div>' for i, (number, title, day) in enumerate(items))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kết quả tìm kiếm: biến đổi khí hậu</title></head>
<body>{MENU}<div id="ketqua"><h2>Kết quả tìm kiếm</h2><p>Tìm thấy 6 văn bản phù hợp với từ khóa "biến đổi khí hậu".</p>
{results}</div><div class="pagination"><a href="?p=2">2</a> <a href="?p=3">3</a></div></body></html>
"""


def news() -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Báo Quảng Ngãi điện tử</title></head>
<body>{MENU}<div class="container"><div class="detail">
<h1>Quảng Ngãi ban hành kế hoạch phòng, chống sạt lở bờ sông, bờ biển</h1>
<div class="date">Cập nhật: 16/09/2022 10:20</div>
<div class="detail-content">
<p>(Baoquangngai.vn) - UBND tỉnh vừa ban hành Kế hoạch số 145/KH-UBND về phòng, chống sạt lở bờ sông, bờ biển và thích ứng với biến đổi khí hậu giai đoạn 2022 - 2025.</p>
<p>Theo kế hoạch, tỉnh sẽ rà soát, cắm mốc hành lang bảo vệ bờ biển; di dời các hộ dân ra khỏi vùng có nguy cơ sạt lở đất, lũ quét ở các huyện miền núi.</p>
<p>Tỉnh cũng nâng cấp đê biển, kè biển tại các xã ven biển, trồng rừng ngập mặn để chống xói lở bờ biển; thu gom, xử lý nước thải sinh hoạt tại các khu dân cư ven biển.</p>
<p>Sở Tài nguyên và Môi trường được giao chủ trì, theo dõi việc thực hiện kế hoạch.</p>
<p style="text-align:right"><b>Thanh Hà</b></p>
</div></div></div>{RELATED}<div class="footer">{FOOTER_TEXT}</div></body></html>
"""


def build() -> dict[str, bytes]:
    plan, programme = source_lines(PLAN), source_lines(PROGRAMME)
    return {
        f"tvpl-{PLAN}.html": tvpl(plan).encode("utf-8"),
        f"vbpl-{PLAN}.htm": b"\xef\xbb\xbf" + vbpl(plan).encode("utf-8"),
        f"ncr-{PLAN}.html": print_view(plan).encode("ascii"),
        f"saved-{PLAN}.mhtml": mhtml(portal(plan, "utf-8")),
        f"portal-{PROGRAMME}.html": cp1258_bytes(portal(programme)),
        "search-results.html": search_results().encode("utf-8"),
        f"news-{PLAN}.html": news().encode("utf-8"),
    }


if __name__ == "__main__":
    PAGES.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (PAGES / name).write_bytes(data)
        print(f"wrote {PAGES / name} ({len(data):,} bytes)")
