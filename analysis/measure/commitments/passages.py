"""What the extractors of promises share (``measure.commitments.targets``, ``agencies``, ``directives``):
a plan's passages cut into sentences, the codebook themes of a span, one table over every plan.

``sentences(text)`` -> (offset, sentence) pairs. ``ThemeIndex(hits).of(doc_id, span, section_path)``
-> the themes of a span ("; "-joined), else of its numbered item. ``plan_rows(corpus, hits, rows_of,
columns)`` -> the rows ``rows_of(segments, themes, doc_id)`` yields for every usable plan, each with
the plan's ``doc_id, province, province_2025, year`` and ``ocr_low_quality`` (its text was read by OCR
below the quality thresholds: ``read.ocr_quality``), which a table keeps when its columns name it.
``by_theme(table)`` -> one row per row and theme of its ``themes`` ("" for none): what counts per
theme are made of. ``is_citation(sentence, section_path)``: a sentence of the legal basis or the
opening, which promises nothing.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.measure.commitments.agency_names import agency_list
from analysis.read.legal_references import IMPLEMENTS_OPENING, LEGAL_BASIS

# The issuer approving what others do, no task of its own: "Hội đồng nhân dân tỉnh thống nhất với các
# nhiệm vụ ...", "... nhất trí", "... quyết nghị".
APPROVES = re.compile(r"(?:đã\s+)?(?:thảo luận(?:\s+và)?\s+)?(?:(?:cơ bản|hoàn toàn)\s+)?(?:thống nhất(?:\s+(?:với|thông qua))?|quyết nghị|nhất trí|"
                      r"phân cấp|ủy quyền)\b", re.I)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of a passage: split after ". " before a capital or a bullet -- not after the
    number the passage opens with ("1.2. Đẩy mạnh ...", "II. Về nhiệm vụ ...")."""
    parts, start = [], 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[-–•*+]?\s*[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])", text):
        if _ITEM_NUMBER.match(text[start:match.start()]):
            continue
        parts.append((start, text[start:match.start()]))
        start = match.end()
    parts.append((start, text[start:]))
    return [(offset, sentence) for offset, sentence in parts if sentence.strip()]


_ITEM_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđA-Z])[.)]$")
# The bullet or number a passage or clause opens with ("-", "+", "1.2.", "a)"): one pattern, in every rule
# that reads past it.
# A number as Vietnamese plans write it ("1.000" a thousand, "2,5" two and a half): targets' and tables' cells alike.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
LIST_MARK = r"(?:[-–•*+]|\d+(?:\.\d+)*[.)]|[a-zđ][.)]|\((?:\d+|[a-zđ])\))"


def is_citation(sentence: str, section_path: str) -> bool:
    """A sentence that cites rather than assigns: the legal basis ("Căn cứ Quyết định số ...", "Theo
    đề nghị của ... tại Tờ trình số ..."), or, before the first section, the opening naming what
    the plan implements ("Thực hiện Kết luận số 56-KL/TW ..."). "Thực hiện tốt ..." and "Căn cứ
    chức năng, nhiệm vụ ..., các sở ..." inside the body are tasks."""
    opening = LEGAL_BASIS.match(sentence)
    if opening and not opening.group(1).lower().startswith("căn cứ"):
        return True  # "Theo đề nghị", "Xét Tờ trình": always the basis
    if IMPLEMENTS_OPENING.match(sentence):
        return not section_path or sentence.lstrip(" -–•+*").lower().startswith("căn cứ")
    return bool(opening) and not section_path


def approves(sentence: str) -> bool:
    """A sentence whose subject approves rather than does ("Hội đồng nhân dân tỉnh thống nhất với ...")."""
    end, agencies = agency_list(sentence, len(sentence) - len(sentence.lstrip(" -–•*+")))
    return bool(agencies) and bool(APPROVES.match(sentence[end:].lstrip(" ,")))


class ThemeIndex:
    """The codebook themes of a span of a plan, else of its numbered item (from theme hits).
    Plain numpy arrays per plan: a pandas filter per sentence cost more than the extraction."""

    def __init__(self, hits: pd.DataFrame):
        self.by_plan = {}
        for doc_id, group in (hits.groupby("doc_id") if len(hits) else []):
            self.by_plan[doc_id] = (group["start"].to_numpy(), group["end"].to_numpy(),
                                    group["theme"].to_numpy(dtype=str), group["section_path"].to_numpy(dtype=str))

    def of(self, doc_id: str, span: tuple[int, int], section_path: str) -> str:
        if doc_id not in self.by_plan:
            return ""
        starts, ends, themes, paths = self.by_plan[doc_id]
        inside = themes[(starts >= span[0]) & (ends <= span[1])]
        if not len(inside) and section_path:
            # its numbered item ("II.3" for "II.3.b"), the item and what it holds; a passage straight
            # under a section ("IV") takes that section's own passages only, not its items' themes
            item = section_path.rsplit(".", 1)[0] if section_path.count(".") > 1 else section_path
            within = (paths == item) | (np.char.startswith(paths, item + ".") if "." in item else False)
            inside = themes[within]
        return "; ".join(sorted(set(inside)))


def plan_rows(corpus, hits: pd.DataFrame, rows_of, columns: list[str]) -> pd.DataFrame:
    """One table of ``rows_of(segments, themes, doc_id)`` over every usable plan; see the module docstring."""
    plans = corpus.usable.set_index("doc_id")[["province", "province_2025", "year", "ocr_low_quality"]].to_dict("index")
    themes = ThemeIndex(hits)
    rows = []
    for doc_id, segments in corpus.per_plan("segments").items():
        if doc_id in plans:
            rows += [{"doc_id": doc_id, **plans[doc_id], **row} for row in rows_of(segments, themes, doc_id)]
    table = pd.DataFrame(rows, columns=columns)
    table["year"] = table["year"].astype("Int64")
    return table


def segment_rows(segments: pd.DataFrame):
    """``segments.itertuples(index=False)``, each column read into a Python list first: pandas reads a text
    column one value at a time through pyarrow, and the extractors walk each plan's passages six times
    (a tenth of measuring a plan)."""
    return map(_row_type(tuple(segments.columns))._make, zip(*(segments[c].tolist() for c in segments.columns)))


@lru_cache(maxsize=None)
def _row_type(columns: tuple[str, ...]):
    return namedtuple("Segment", columns, rename=True)


def by_theme(table: pd.DataFrame) -> pd.DataFrame:
    """One row per row and theme of ``themes`` (column ``theme``; "" when it has none)."""
    themes = table["themes"].fillna("").map(lambda s: [t for t in s.split("; ") if t] or [""])
    return table.assign(theme=themes).explode("theme").drop(columns="themes")


def read_number(text: str) -> float:
    """A number as Vietnamese plans write it: "1.000" is a thousand, "2,5" two and a half."""
    return float(text.replace(".", "").replace(",", "."))
