"""Build the scan fixtures in tests/data/scans/ from a known text (anyone can rebuild them).

    python tests/data/build_scan_fixtures.py

The text is an excerpt of the Kon Tum seed plan (corpus/plans/kon-tum-2016-plan-KL02.txt:
Số 25-KH/TU, Kon Tum, 22 December 2016): the two-column header, the title, the opening and
the wastewater and waste paragraphs, then the distribution list and the signature block.
It is laid out once on an A4 page (points) and drawn as an office would scan it: with
DejaVu Serif (Vietnamese glyphs; Debian package fonts-dejavu-core) at 200 or 300 dpi,
rotated by a degree or two, speckled with noise, the signature page signed in blue and
stamped in red. Written:

- ``source.txt``: the text of pages 1 and 2, one line per laid-out paragraph (what OCR should give back);
- ``kon-tum-300dpi.png``: page 1, 300 dpi, grey, rotated 1.5 degrees;
- ``kon-tum-200dpi.pdf``: pages 1-2, 200 dpi images only (no text layer; page 1 black and white, page 2 in
  colour), rotated -1.2 degrees;
- ``kon-tum-mixed.pdf``: page 1 with a text layer (as a word processor exports it), page 2 scanned at 300 dpi;
- ``kon-tum-scanner.tif``: pages 1-2, 300 dpi, black and white (CCITT G4, as office scanners save), rotated;
- ``blank-scan.tif``: a scanned page with no text (speckles only).

Random noise comes from a fixed seed and file dates are fixed, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent / "scans"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONT_DIR / "DejaVuSerif.ttf", FONT_DIR / "DejaVuSerif-Bold.ttf"
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
LEFT, RIGHT, TOP = 85.0, 57.0, 57.0  # margins of a Vietnamese administrative document (30 mm / 20 mm / 20 mm)
BODY = 12.0  # font size, points
SEED = 20161222

# Blocks: ("columns", left lines, right lines, size, bold), ("center", text, size, bold), ("para", text), ("gap", pt).
PAGE_1 = [
    ("columns", ["TỈNH UỶ KON TUM", "*", "Số 25-KH/TU"], ["ĐẢNG CỘNG SẢN VIỆT NAM", "Kon Tum, ngày 22 tháng 12 năm 2016"],
     11.0, True),
    ("gap", 18),
    ("center", "KẾ HOẠCH", 14.0, True),
    ("center", "CỦA BAN THƯỜNG VỤ TỈNH ỦY", 12.0, True),
    ("center", "thực hiện Kết luận số 02-KL/TW, ngày 26-4-2016 của Ban Bí thư", 12.0, True),
    ("center", "tổng kết 10 năm thực hiện Nghị quyết số 41-NQ/TW của Bộ Chính trị", 12.0, True),
    ("gap", 10),
    ("para", "Thực hiện Kết luận số 02-KL/TW, ngày 26-4-2016 của Ban Bí thư Trung ương Đảng về tổng kết 10 năm thực "
             "hiện Nghị quyết số 41-NQ/TW, ngày 15-11-2004 của Bộ Chính trị (khóa IX) về bảo vệ môi trường trong thời kỳ "
             "đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước, Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện như sau:"),
    ("para", "I. MỤC ĐÍCH VÀ YÊU CẦU"),
    ("para", "1. Mục đích"),
    ("para", "- Ngăn ngừa, giảm dần mức độ ô nhiễm, suy thoái và sự cố môi trường do hoạt động của con người và tác động "
             "của tự nhiên gây ra. Khắc phục có hiệu quả tình trạng ô nhiễm môi trường, trước hết là ở những nơi đã bị ô "
             "nhiễm nghiêm trọng, phục hồi các hệ sinh thái đã bị suy thoái."),
    ("para", "II. NỘI DUNG"),
    ("para", "- Thực hiện đánh giá, phân loại và có biện pháp kiểm soát các nguồn thải, nhất là các nguồn thải lớn, chất "
             "thải nguy hại; tập trung giải quyết các vấn đề môi trường ở đô thị, khu vực dân cư nông thôn, làng nghề, "
             "khu công nghiệp, cụm công nghiệp, cơ sở sản xuất phát sinh nhiều chất thải."),
    ("para", "- Tập trung kiểm soát chặt chẽ hoạt động xả thải; các khu công nghiệp, cụm công nghiệp trên địa bàn tỉnh "
             "phải xây dựng hoàn thành hệ thống xử lý nước thải tập trung trước khi đi vào hoạt động chính thức. Các dự "
             "án đầu tư mới phải xây dựng hệ thống xử lý nước thải đạt loại A theo quy chuẩn kỹ thuật trước khi thải ra "
             "môi trường; các dự án đã đi vào hoạt động thì phải hoàn thành việc đầu tư nâng cấp hệ thống xử lý nước "
             "thải đạt loại A trong năm 2017. Các cơ sở có quy mô xả thải lớn phải lắp đặt thiết bị quan trắc tự động."),
]
PAGE_2 = [
    ("para", "- Rà soát, phê duyệt quy hoạch quản lý chất thải rắn trên địa bàn tỉnh và tổ chức thực hiện quy hoạch "
             "theo quy định trong năm 2017; hạn chế và tiến tới không sử dụng túi ni lông, sản phẩm nhựa dùng một lần."),
    ("para", "- Tiếp tục đẩy mạnh xã hội hóa, huy động nguồn vốn đầu tư từ các doanh nghiệp, người dân trong công tác "
             "bảo vệ môi trường, nhất là các dự án cải thiện môi trường, xử lý ô nhiễm triệt để tại các bãi rác, xử lý "
             "nước thải đô thị, các cơ sở giết mổ gia súc, gia cầm gây ô nhiễm môi trường."),
    ("para", "III. TỔ CHỨC THỰC HIỆN"),
    ("para", "Văn phòng Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc, kiểm tra việc thực hiện "
             "Kế hoạch này, định kỳ báo cáo theo yêu cầu của Trung ương và Ban Thường vụ Tỉnh ủy."),
    ("gap", 14),
    ("columns", ["Nơi nhận:", "- Ban Bí thư Trung ương Đảng (b/c),", "- Các huyện ủy, thành ủy,", "- Lưu Văn phòng Tỉnh uỷ."],
     ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "", "", "", "", "Nguyễn Văn Hùng"], 11.0, False),
]


def font(size_pt: float, bold: bool, scale: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), max(1, round(size_pt * scale)))


def wrap(text: str, size: float, width: float) -> list[str]:
    """Words of ``text`` in lines no wider than ``width`` points (greedy, as word processors fill)."""
    measure = font(size, False, 10.0)
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and measure.getlength(trial) / 10.0 > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + [line] if line else lines


def layout(blocks) -> tuple[list[tuple[float, float, str, float, bool]], list[str], tuple[float, float]]:
    """Placed lines (x, baseline y in points, text, size, bold), the source text's lines, and where the
    signer's title sits (for the stamp and signature)."""
    placed, source, y, signer = [], [], TOP, (0.0, 0.0)
    half = (PAGE_W - LEFT - RIGHT) / 2
    for block in blocks:
        kind = block[0]
        if kind == "gap":
            y += block[1]
        elif kind == "center":
            _, text, size, bold = block
            width = font(size, bold, 10.0).getlength(text) / 10.0
            y += size * 1.35
            placed.append(((PAGE_W - width) / 2, y, text, size, bold))
            source.append(text)
        elif kind == "columns":
            _, left, right, size, bold = block
            top = y
            for column, lines in ((0, left), (1, right)):
                y = top
                for index, text in enumerate(lines):
                    y += size * 1.4
                    if not text:
                        continue
                    emphasis = bold and index == 0 or (column == 1 and index < 2 and not bold)
                    width = font(size, emphasis, 10.0).getlength(text) / 10.0
                    x = LEFT + column * half + (half - width) / 2 if bold or column == 1 else LEFT
                    placed.append((x, y, text, size, emphasis))
                    if column == 1 and index == 1 and not bold:  # the signature block's title
                        signer = (x + width / 2, y)
                source.extend(t for t in lines if t)
                bottom = y
            y = max(bottom, top + size * 1.4 * max(len(left), len(right)))
        else:
            lines = wrap(block[1], BODY, PAGE_W - LEFT - RIGHT)
            for index, text in enumerate(lines):
                y += BODY * 1.45
                placed.append((LEFT + (18 if index == 0 else 0), y, text, BODY, False))
            source.append(block[1])
            y += 3
    return placed, source, signer


def draw_page(blocks, dpi: int, colour: bool, rng: np.random.Generator) -> Image.Image:
    """The page as a scanner sees it: text, then (on the signature page) signature and stamp."""
    scale = dpi / 72.0
    placed, _, signer = layout(blocks)
    page = Image.new("RGB", (round(PAGE_W * scale), round(PAGE_H * scale)), "white")
    draw = ImageDraw.Draw(page)
    for x, y, text, size, bold in placed:
        draw.text((x * scale, y * scale), text, font=font(size, bold, scale), fill=(20, 20, 20), anchor="ls")
    if signer != (0.0, 0.0):
        cx, cy = signer[0] * scale, (signer[1] + 30) * scale
        ink = (30, 40, 160) if colour else (40, 40, 40)
        points = [(cx - 45 * scale + 9 * scale * i, cy + 8 * scale * np.sin(i * 1.7)) for i in range(11)]
        draw.line(points, fill=ink, width=max(2, round(1.2 * scale)))  # the signature: a scribble
        red = (200, 30, 30) if colour else (90, 90, 90)
        stamp_x, stamp_y, radius = cx - 40 * scale, cy - 8 * scale, 42 * scale
        for r in (radius, radius * 0.72):  # the red seal over the left of the signature, as offices stamp
            draw.ellipse((stamp_x - r, stamp_y - r, stamp_x + r, stamp_y + r), outline=red, width=round(1.6 * scale))
        draw.text((stamp_x, stamp_y), "TỈNH ỦY", font=font(7, True, scale), fill=red, anchor="mm")
    return speckle(page.convert("RGB" if colour else "L"), dpi, rng)


def speckle(page: Image.Image, dpi: int, rng: np.random.Generator) -> Image.Image:
    """Dust and toner specks, about 1 per square centimetre, up to 0.3 mm across."""
    draw = ImageDraw.Draw(page)
    count = int(page.width * page.height / (dpi / 2.54) ** 2)
    for x, y, r in zip(rng.integers(0, page.width, count), rng.integers(0, page.height, count),
                       rng.uniform(0.4, 1.2, count) * dpi / 150):
        draw.ellipse((x - r, y - r, x + r, y + r), fill="black" if page.mode == "L" else (30, 30, 30))
    return page


def rotate(page: Image.Image, degrees: float) -> Image.Image:
    white = 255 if page.mode == "L" else (255, 255, 255)
    return page.rotate(degrees, resample=Image.BICUBIC, fillcolor=white)


def black_and_white(page: Image.Image) -> Image.Image:
    return page.convert("L").point(lambda v: 255 if v > 140 else 0).convert("1", dither=Image.Dither.NONE)


def text_layer_pdf(blocks) -> bytes:
    """A page as a word processor exports it: real text (TrueType, extractable) drawn by matplotlib."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["pdf.fonttype"] = 42
    from matplotlib.figure import Figure

    figure = Figure(figsize=(PAGE_W / 72, PAGE_H / 72))
    for x, y, text, size, bold in layout(blocks)[0]:
        figure.text(x / PAGE_W, 1 - y / PAGE_H, text, fontsize=size, family="DejaVu Serif",
                    weight="bold" if bold else "normal")
    stream = io.BytesIO()
    figure.savefig(stream, format="pdf", metadata={"CreationDate": None, "Producer": None, "Creator": None})
    return stream.getvalue()


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """Pages that are images only (no text layer); one PDF per page, joined (Pillow passes a JPEG quality to
    the CCITT encoder of black and white pages, which refuses it)."""
    documents = []
    fixed = time.gmtime(1482364800)  # the plan's date: a rebuild writes the same bytes
    for page in pages:
        stream = io.BytesIO()
        quality = {} if page.mode == "1" else {"quality": 40}
        page.save(stream, format="PDF", resolution=dpi, creationDate=fixed, modDate=fixed, **quality)
        documents.append(stream.getvalue())
    return join_pdfs(*documents)


def join_pdfs(*documents: bytes) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document))
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def build(folder: Path = HERE) -> None:
    rng = np.random.default_rng(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    source = layout(PAGE_1)[1] + layout(PAGE_2)[1]
    (folder / "source.txt").write_text("\n".join(source) + "\n", encoding="utf-8")

    # Four grey levels (2 bits a pixel), as a phone app's "document" mode saves: a quarter of the size of 8 bits.
    grey = rotate(draw_page(PAGE_1, 300, False, rng), 1.5).quantize(4, dither=Image.Dither.NONE)
    grey.save(folder / "kon-tum-300dpi.png", dpi=(300, 300), optimize=True, bits=2)
    # Page 1 black and white (CCITT G4 in the PDF, as scanners write it), page 2 in colour (JPEG).
    pages = [black_and_white(rotate(draw_page(PAGE_1, 200, False, rng), -1.2)),
             rotate(draw_page(PAGE_2, 200, True, rng), -1.2)]
    (folder / "kon-tum-200dpi.pdf").write_bytes(image_pdf(pages, 200))
    scanned = rotate(draw_page(PAGE_2, 300, True, rng), 1.0)
    (folder / "kon-tum-mixed.pdf").write_bytes(join_pdfs(text_layer_pdf(PAGE_1), image_pdf([scanned], 300)))

    office = [black_and_white(rotate(draw_page(PAGE_1, 300, False, rng), -0.8)),
              black_and_white(rotate(draw_page(PAGE_2, 300, True, rng), 1.8))]
    office[0].save(folder / "kon-tum-scanner.tif", save_all=True, append_images=office[1:], compression="group4",
                   dpi=(300, 300))
    blank = black_and_white(speckle(Image.new("L", (2480, 3508), 255), 300, rng))
    blank.save(folder / "blank-scan.tif", compression="group4", dpi=(300, 300))


if __name__ == "__main__":
    build()
    for path in sorted(HERE.iterdir()):
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KB")
