"""House style shared by every figure: palettes, fonts, labels in English or Vietnamese,
one colour per province, and ``HouseFigure`` (a bare matplotlib Figure that shows itself
in Jupyter)."""

from __future__ import annotations

import matplotlib
import matplotlib.ticker  # noqa: F401  (PercentFormatter, used by the plot modules)
from matplotlib.figure import Figure

from analysis.metadata import provinces

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000"]
# Paul Tol's "muted" scheme (colour-blind safe, 9 colours): one per province.
PROVINCE_PALETTE = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "vn-plans",  # fixed ids: identical SVGs from identical data
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
}

TEXT = {
    "en": {
        "rate": "hits per 1,000 words",
        "share": "share of the plan's theme hits",
        "year": "issue year",
        "theme": "theme",
        "province": "province",
        "position": "position in the plan (start → end)",
        "source": "Source",
        "heatmap_title": "Theme salience by province",
        "trajectory_title": "Four named themes by plan and issue year, with 95% bootstrap intervals",
        "shares_title": "Theme shares per plan, with 95% bootstrap intervals",
        "dispersion_title": "Where each plan mentions the four named themes",
        "no_hits": "no hits",
        "tfidf": "TF-IDF weight",
        "top_terms_title": "Most distinctive terms of each plan (TF-IDF)",
        "keyness": "keyness (signed G², log-likelihood)",
        "keyness_title": "Words over-used in {target} compared with {reference}",
        "reference": "the other plans",
        "similarity_title": "How similar the plans' vocabularies are (cosine of TF-IDF vectors)",
        "similarity": "cosine similarity",
        "topic_terms_title": "Topics found in the plans' passages: top terms ({method}, k = {k})",
        "topic_weight": "weight in topic",
        "prevalence": "share of the plan's text",
        "prevalence_title": "Topic prevalence per plan (length-weighted passages)",
        "trend_title": "Topic prevalence across issue years",
        "selection_title": "Choosing the number of topics ({method})",
        "coherence": "coherence (NPMI)",
        "stability": "stability (Jaccard across seeds)",
        "topics_k": "number of topics k",
        "chosen": "chosen",
        "threshold": "stability threshold",
    },
    "vi": {
        "rate": "số lần xuất hiện / 1.000 từ",
        "share": "tỷ trọng trong các lần xuất hiện chủ đề của kế hoạch",
        "year": "năm ban hành",
        "theme": "chủ đề",
        "province": "tỉnh",
        "position": "vị trí trong kế hoạch (đầu → cuối)",
        "source": "Nguồn",
        "heatmap_title": "Mức độ quan tâm các chủ đề theo tỉnh",
        "trajectory_title": "Bốn chủ đề chính theo kế hoạch và năm ban hành, khoảng tin cậy 95%",
        "shares_title": "Tỷ trọng chủ đề trong mỗi kế hoạch, khoảng tin cậy 95% (bootstrap)",
        "dispersion_title": "Vị trí bốn chủ đề chính trong từng kế hoạch",
        "no_hits": "không có",
        "tfidf": "trọng số TF-IDF",
        "top_terms_title": "Các từ đặc trưng nhất của từng kế hoạch (TF-IDF)",
        "keyness": "mức độ đặc trưng (G² có dấu)",
        "keyness_title": "Các từ dùng nhiều hơn trong {target} so với {reference}",
        "reference": "các kế hoạch khác",
        "similarity_title": "Mức độ tương đồng từ vựng giữa các kế hoạch (cosin TF-IDF)",
        "similarity": "độ tương đồng cosin",
        "topic_terms_title": "Các chủ đề ẩn trong các đoạn văn: từ tiêu biểu ({method}, k = {k})",
        "topic_weight": "trọng số trong chủ đề",
        "prevalence": "tỷ trọng trong văn bản kế hoạch",
        "prevalence_title": "Tỷ trọng các chủ đề ẩn trong từng kế hoạch",
        "trend_title": "Tỷ trọng các chủ đề ẩn theo năm ban hành",
        "selection_title": "Chọn số chủ đề ({method})",
        "coherence": "độ mạch lạc (NPMI)",
        "stability": "độ ổn định (Jaccard giữa các seed)",
        "topics_k": "số chủ đề k",
        "chosen": "được chọn",
        "threshold": "ngưỡng ổn định",
    },
}


def text(key: str, lang: str = "en") -> str:
    return TEXT.get(lang, TEXT["en"])[key]


def province_colour(province: str) -> str:
    """The same colour for a province in every figure and every run."""
    names = list(dict.fromkeys(provinces().values()))
    index = names.index(province) if province in names else sum(map(ord, str(province)))
    return PROVINCE_PALETTE[index % len(PROVINCE_PALETTE)]


class HouseFigure(Figure):
    """A bare Figure, not pyplot's: nothing opens a window, nothing is shown twice in a
    notebook, and a figure is freed as soon as it is no longer used. It shows itself in
    Jupyter whatever the backend (``_repr_png_``)."""

    def _repr_png_(self) -> bytes:
        import io

        buffer = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return HouseFigure(figsize=(width, height), layout="constrained")


def _source_line(figure, source: str, lang: str) -> None:
    if source:
        figure.text(0.0, -0.01, f"{text('source', lang)}: {source}", ha="left", va="top", fontsize=8.5, color="#444444")


def _label_column(lang: str) -> str:
    return "label_vi" if lang == "vi" else "label_en"


def _display(term: str) -> str:
    """Words are shown with spaces, as Vietnamese is written; "_" only joins syllables."""
    return term.replace("_", " ")


def _topic_colours(n: int) -> list:
    # tab20 keeps up to 20 topics apart; topics are not provinces, so a separate palette.
    colours = matplotlib.colormaps["tab20"].colors
    return [colours[(2 * i) % 20 + (i // 10) % 2] for i in range(n)]
