"""Generated corpora for the benchmark: N plans assembled from the seed plans' passages.

``make_corpus(n, folder, seed)`` writes ``n`` plans (15-30 KB of text each) that look like
what researchers collect: a header with issuer, number and place-date line, a title, four
to six numbered sections of passages drawn from the seed plans (shuffled, with the seed
provinces' names replaced by the generated plan's), a distribution list and a signature.
Province (all 63 before the 2025 mergers), year (2012-2026), number and passages vary
with the plan's index and ``seed``, so the same call always writes the same files, and no
two plans share a text. This is a load generator, not a corpus to draw conclusions from.
"""

from __future__ import annotations

import random
import unicodedata
from functools import lru_cache
from pathlib import Path

from analysis import config, resources
from analysis.read.normalize import normalize_text
from analysis.read.segment import segment_text

SEED_PROVINCES = ("Kon Tum", "Cà Mau", "Thanh Hóa")
SECTION_HEADINGS = ("MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ VÀ GIẢI PHÁP", "NHIỆM VỤ TRỌNG TÂM", "GIẢI PHÁP THỰC HIỆN",
                    "KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
MIN_BYTES, MAX_BYTES = 15_000, 30_000


@lru_cache(maxsize=1)
def seed_passages() -> tuple[str, ...]:
    """Body paragraphs and items of the seed plans (headings and short lines left out)."""
    passages = []
    for path in sorted((config.CORPUS_DIR / "plans").glob("*.txt")):
        segments = segment_text(path.stem, normalize_text(path.read_text(encoding="utf-8")))
        body = segments[segments["is_body"] & segments["kind"].isin(["paragraph", "item", "subitem", "bullet"])]
        passages += [t for t in body["text"] if len(t) >= 80]
    return tuple(dict.fromkeys(passages))  # each once, in order


def plan_text(index: int, seed: int = 0) -> tuple[str, str, int]:
    """The text of generated plan ``index``, its province and year."""
    rng = random.Random(f"{seed}:{index}")
    province = rng.choice(sorted(resources.province_names()))
    year = rng.randint(2012, 2026)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    target = rng.randint(MIN_BYTES, MAX_BYTES)
    passages = list(seed_passages())
    rng.shuffle(passages)
    lines = ["ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             f"TỈNH {province.upper()} | Độc lập - Tự do - Hạnh phúc",
             f"Số: {rng.randint(10, 9999)}/KH-UBND | {province}, ngày {day:02d} tháng {month:02d} năm {year}",
             "", "KẾ HOẠCH", _title(index, year), ""]
    n_sections = rng.randint(4, 6)
    size = sum(len(line.encode()) for line in lines)
    per_section = max(1, (target - size) // n_sections)
    cursor = 0
    for number in range(n_sections):
        lines += [f"{ROMAN[number]}. {SECTION_HEADINGS[number]}", ""]
        written, item = 0, 1
        while written < per_section and cursor < len(passages):
            passage = passages[cursor]
            for name in SEED_PROVINCES:
                passage = passage.replace(name, province)
            numbered = rng.random() < 0.3
            lines += [f"{item}. {passage.lstrip('-+• ')}" if numbered else passage, ""]
            written += len(passage.encode())
            cursor += 1
            item += 1
    lines += [f"Bản số {index} do Ủy ban nhân dân tỉnh {province} ban hành.", "",
              "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    return "\n".join(lines) + "\n", province, year


def _title(index: int, year: int) -> str:
    """A title naming the central conclusion in force in ``year`` (as real plans do), except one
    plan in five with a generic title: grouping by resolution then has groups and an unknown."""
    if index % 5 == 4:
        return ("Thực hiện các nhiệm vụ bảo vệ môi trường và ứng phó với biến đổi khí hậu "
                f"trên địa bàn tỉnh giai đoạn {year} - {year + 5}")
    if year < 2019:
        return ("Thực hiện Kết luận số 02-KL/TW tổng kết 10 năm thực hiện Nghị quyết số 41-NQ/TW "
                "về bảo vệ môi trường")
    conclusion = "56-KL/TW" if year < 2024 else "81-KL/TW"
    return (f"Thực hiện Kết luận số {conclusion} về tiếp tục thực hiện Nghị quyết Trung ương 7 khóa XI về chủ động "
            "ứng phó với biến đổi khí hậu, tăng cường quản lý tài nguyên và bảo vệ môi trường")


def make_corpus(n: int, folder: Path | str, seed: int = 0, start: int = 0) -> list[Path]:
    """Write plans ``start`` .. ``start + n - 1`` into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + n):
        text, province, year = plan_text(index, seed)
        folded = unicodedata.normalize("NFD", province.replace("Đ", "D").replace("đ", "d"))
        slug = "".join(c for c in folded.lower().replace(" ", "-") if c.isascii() and (c.isalnum() or c == "-"))
        path = folder / f"{index:05d}-{slug}-{year}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
