"""Figures: every one renders Vietnamese without missing glyphs, saves PNG+SVG+CSV, is stable."""

import base64
import re
import shutil

import pandas as pd
import pytest

from analysis import figures
from analysis.config import PROJECT_DIR
from analysis.outputs import catalogue, write

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA

FIGURE_STEMS = ["theme_heatmap", "theme_trajectories", "theme_shares", "theme_dispersion", "tfidf_top_terms_bars",
                "similarity_heatmap", f"keyness_{KON_TUM}", f"keyness_{CA_MAU}", f"keyness_{THANH_HOA}",
                "topic_terms_bars", "topic_prevalence_bars", "topic_trends", "topic_model_selection"]


@pytest.fixture(params=["en", "vi"])
def run(request):
    """The shared seed run (tests/conftest.py) in each language."""
    return request.getfixturevalue({"en": "seed_run", "vi": "seed_run_vi"}[request.param])


@pytest.mark.slow
def test_no_missing_glyphs(run):
    assert not [m for m in run.warnings if "Glyph" in m or "missing from" in m]


@pytest.mark.slow
def test_each_figure_has_png_svg_and_its_data(run):
    result = run
    for stem in FIGURE_STEMS:
        for suffix in (".png", ".svg", ".csv"):
            path = result.out_dir / f"{stem}{suffix}"
            assert path.exists() and path.stat().st_size > 0, path
        assert (result.out_dir / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    heatmap = pd.read_csv(result.out_dir / "theme_heatmap.csv")
    assert set(heatmap["group"]) == {"Kon Tum", "Cà Mau", "Thanh Hóa"}
    # Kon Tum's coastal cell is drawn as 0 (zero, not missing).
    assert heatmap.set_index(["group", "theme"]).loc[("Kon Tum", "coastal_protection"), "rate_per_1k"] == 0


@pytest.mark.slow
def test_png_is_at_least_150_dpi(run):
    from PIL import Image

    result = run
    with Image.open(result.out_dir / "theme_heatmap.png") as image:
        assert round(image.info["dpi"][0]) >= 150


# The heatmap's legend title and a theme, in each language (labels.yml: figure.rate, wastewater).
OWN_WORDS = {"en": ["hits per 1,000 words", "Wastewater"], "vi": ["số lần xuất hiện trên 1.000 từ", "Nước thải"]}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_labels_follow_the_language(lang, request):
    result = request.getfixturevalue({"en": "seed_run", "vi": "seed_run_vi"}[lang])
    # svg.fonttype none keeps text as text, so the labels can be checked.
    svg = (result.out_dir / "theme_heatmap.svg").read_text(encoding="utf-8")
    other = "vi" if lang == "en" else "en"
    assert [w for w in OWN_WORDS[lang] if w not in svg] == []
    assert [w for w in OWN_WORDS[other] if w in svg] == []


def test_the_second_language_page_draws_its_own_figures(seed_run):
    """The page in the run's language embeds the PNGs the run wrote; the other page draws every
    figure again: each holds words (title, axes, source line, numbers as the language writes
    them: "4.1" / "4,1"), so no English PNG may stand in the Vietnamese page."""
    def embedded(lang):
        page = (seed_run.out_dir / f"briefing.{lang}.html").read_text(encoding="utf-8")
        return [base64.b64decode(data) for data in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]

    written = {p.read_bytes() for p in seed_run.out_dir.glob("*.png")}
    assert len(written) == len(catalogue.figure_stems(seed_run.analysis))
    assert set(embedded("en")) == written
    assert len(embedded("vi")) == len(written) and not set(embedded("vi")) & written


def test_province_colours_are_stable():
    """Paul Tol's muted palette (9 colours) in provinces.csv order: Cà Mau is the 12th province
    (index 11, 11 % 9 = 2), Kon Tum the 34th (33 % 9 = 6), Thanh Hóa the 56th (55 % 9 = 1); a
    name not in the list goes by the sum of its code points ("Atlantis": 832 % 9 = 4)."""
    assert [figures.province_colour(p) for p in ["Cà Mau", "Kon Tum", "Thanh Hóa", "Atlantis"]] == [
        "#44AA99", "#CC6677", "#88CCEE", "#999933"]


def test_save_figure_stays_in_its_folder(tmp_path):
    import matplotlib.pyplot as plt

    figure = plt.figure()
    paths = figures.save_figure(figure, pd.DataFrame({"a": [1]}), "../../escape", tmp_path / "out")
    assert all(p.parent == tmp_path / "out" for p in paths)


@pytest.mark.slow
def test_a_new_plan_appears_in_every_table_and_figure(tmp_path):
    corpus_dir = tmp_path / "corpus"
    (corpus_dir / "plans").mkdir(parents=True)
    for doc_id in (KON_TUM, CA_MAU, THANH_HOA):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", corpus_dir / "plans" / f"{doc_id}.txt")
    shutil.copy(PROJECT_DIR / "tests/data/quang-nam-2021-synthetic.txt", corpus_dir / "plans" / "quang-nam-2021.txt")
    # One k: the topic tables only need to hold the new plan, whatever the number of topics.
    result = write.run_all(corpus_dir=corpus_dir, out_dir=tmp_path / "out", topic_k_range=range(4, 5))
    for path in result.written:
        # Corpus-level tables have no row per plan; per-plan keyness figures are about
        # one plan each (the new plan gets its own).
        corpus_level = {"theme_unmatched_phrases", "theme_citations", "topic_selection", "topic_model_selection", "topic_terms", "topic_terms_bars",
                        "topic_representative_segments", "topic_labels", "topic_boilerplate", "topic_names",
                        # one row per promise or cited document: Quảng Nam's body dates nothing and cites nothing
                        "commitments", "commitment_timeline", "directives", "directive_matrix",
                        # the shipped coding sheet reads the seeds' passages only: a new plan is not coded
                        "validation", "codebook_validation", "validation_disagreements",
                        # counts per agency and theme (issue 27), summed over the plans
                        "agency_theme_matrix"}
        if path.suffix != ".csv" or path.stem in corpus_level or path.stem.startswith("keyness_"):
            continue
        content = path.read_text(encoding="utf-8")
        table = pd.read_csv(path, keep_default_na=False, dtype=str)
        if "group_by" in table and set(table["group_by"]) == {"year"}:
            # Tables per issue year: Quảng Nam is the only plan of 2021 (the seeds are 2016, 2020, 2024).
            assert "2021" in set(table["group"]), path.name
            continue
        # By name or by doc_id.
        # Quảng Nam is part of today's Đà Nẵng (tables by province_2025); its title names no central
        # resolution, so tables pooled by resolution hold it in the "unknown" group, the only plan there.
        assert ("Quảng Nam" in content or "quang-nam-2021" in content
                or ("province_2025" in path.stem and "Đà Nẵng" in content)
                or ("by_group" in path.stem and re.search(r"^resolution,unknown,\w+,.*?,1,", content, re.M))
                or (path.stem.startswith("topic_effects") and re.search(r"^resolution,unknown,.*?,1,", content, re.M))), path.name
    assert (tmp_path / "out" / "keyness_quang-nam-2021.png").exists()
    # Hand-checked in tests/data/quang-nam-2021-synthetic.txt: wastewater "hệ thống xử lý nước thải",
    # "thu gom nước thải", "xả thải"; plastic "rác thải nhựa", "túi ni lông", "sản phẩm nhựa dùng một lần".
    by_year = pd.read_csv(tmp_path / "out" / "theme_by_year.csv").query("group == 2021").set_index("theme")
    assert by_year.loc[["wastewater", "plastic_waste"], ["n_plans", "hits"]].values.tolist() == [[1, 3], [1, 3]]


def _trajectory_measures() -> pd.DataFrame:
    """Two plans on one theme: Kon Tum 2016, 4.0 per 1,000 words (interval 3.0 to 5.0), and a
    Bến Tre plan of 18 body words with no hit, whose exact Poisson 95% upper end for 0 hits is
    3.689 / 18 words = 205 per 1,000 (the interval that ran the axis to 205)."""
    return _wastewater_rows(("kt", "bt"), ("Kon Tum", "Bến Tre"), rate=(4.0, 0.0), low=(3.0, 0.0),
                            high=(5.0, 1000 * 3.689 / 18), hits=(60, 0))


def _wastewater_rows(doc_ids, provinces, rate, low, high, hits, short=None) -> pd.DataFrame:
    """Two plans' wastewater rows of theme_measures (2016 and 2020), built by hand."""
    rows = pd.DataFrame({
        "doc_id": list(doc_ids), "theme": ["wastewater"] * 2, "label_en": ["Wastewater"] * 2,
        "label_vi": ["Nước thải"] * 2, "province": list(provinces), "year": [2016, 2020],
        "rate_per_1k": list(rate), "ci_low": list(low), "ci_high": list(high), "hits": list(hits),
    })
    return rows if short is None else rows.assign(short=list(short))


def test_a_tiny_plan_cannot_blow_up_the_trajectory_axis():
    from analysis import config

    figure = figures.plot_theme_trajectories(_trajectory_measures(), ["wastewater"])
    axes = figure.axes[0]
    limit = config.FIGURE_CLIP_FACTOR * 4.0  # the stated limit: the highest rate shown x the factor
    assert axes.get_ylim()[1] <= limit * 1.05 < 205
    # The cut interval is marked: a caret at the limit in Bến Tre's year, and a note says so.
    carets = [line for line in axes.get_lines() if line.get_marker() == "^"]
    assert [(x, y) for line in carets for x, y in zip(line.get_xdata(), line.get_ydata())] == [(2020, limit)]
    assert any("cut where the axis stops" in t.get_text() for t in figure.texts)


def test_provinces_whose_palette_index_collide_get_different_colours():
    # Bến Tre and Kon Tum fall on the same colour of the 9 (their provinces.csv index modulo 9).
    assert figures.province_colour("Bến Tre") == figures.province_colour("Kon Tum")
    figure = figures.plot_theme_trajectories(_trajectory_measures(), ["wastewater"])
    colours = {bars.get_label(): bars.lines[0].get_color() for bars in figure.axes[0].containers}
    assert set(colours) == {"Bến Tre", "Kon Tum"} and colours["Bến Tre"] != colours["Kon Tum"]


def test_province_colours_never_repeat_and_group_the_rest_beyond_the_palette():
    from analysis.figures.style import OTHER_PROVINCES_COLOUR, PROVINCE_PALETTE, province_colours

    few = province_colours(["Kon Tum", "Bến Tre", "Kon Tum"])
    assert few == {"Bến Tre": PROVINCE_PALETTE[0], "Kon Tum": PROVINCE_PALETTE[1]}  # sorted order
    names = [f"Province {i:02d}" for i in range(12)]
    many = province_colours(names)
    coloured = [c for c in many.values() if c != OTHER_PROVINCES_COLOUR]
    assert len(coloured) == len(set(coloured)) == len(PROVINCE_PALETTE) - 1
    assert [n for n, c in many.items() if c == OTHER_PROVINCES_COLOUR] == names[8:]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_group_heatmap_is_big_enough_for_its_labels(seed_corpus, lang, tmp_path):
    """Issue 24: the Vietnamese title was wider than the figure, so matplotlib collapsed the cells
    ("constrained_layout not applied because axes sizes collapsed to zero") at every run."""
    import warnings

    from analysis.figures.save import save_figure
    from analysis.outputs.analyse import analyse

    analysis = analyse(seed_corpus, include_topics=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure, data = catalogue.draw(analysis, "theme_heatmap_by_group", lang)
        save_figure(figure, data, "theme_heatmap_by_group", tmp_path)
    cells = figure.axes[0].get_window_extent()
    assert cells.width > 100 and cells.height > 100  # pixels: cells with room for their numbers


def _bar_colours(figure) -> list[str]:
    """The face colour of the first bar in each panel, as #rrggbb."""
    from matplotlib.colors import to_hex

    return [to_hex(axes.patches[0].get_facecolor()) for axes in figure.axes if axes.patches]


def test_every_figure_colouring_provinces_tells_ben_tre_from_kon_tum():
    """Bến Tre and Kon Tum share a colour of the 9 (index modulo 9): every figure that colours
    provinces draws them in two colours (trajectories: above; here shares, comparison, top terms)."""
    measures = _trajectory_measures().assign(share=[0.5, 0.0], share_ci_low=[0.4, 0.0], share_ci_high=[0.6, 0.0])
    shares = figures.plot_theme_shares(measures, ["wastewater"])
    assert len(set(_bar_colours(shares))) == 2
    comparison = figures.plot_theme_comparison(measures, ["wastewater"], ["kt", "bt"])
    interval_colours = {line.get_color() for line in comparison.axes[0].get_lines()}
    assert len(interval_colours) == 2
    top_terms = pd.DataFrame({"doc_id": ["kt", "bt"], "province": ["Kon Tum", "Bến Tre"], "year": [2016, 2020],
                              "term": ["nước_thải", "rác_thải"], "tfidf": [0.3, 0.2]})
    assert len(set(_bar_colours(figures.plot_top_terms(top_terms)))) == 2


def test_a_short_plan_cannot_blow_up_the_comparison_axis():
    """Bến Tre, a 20-word excerpt with 3 hits (150 per 1,000 words, interval to 440), beside Kon Tum
    (4.0, 3.0-5.0, long enough): the axis stops at 2 x 4.0 = 8 (x 1.35 room for the numbers), and
    Bến Tre's rate and interval end in a caret at the limit, with a note under the figure."""
    measures = _wastewater_rows(("kt", "bt"), ("Kon Tum", "Bến Tre"), rate=(4.0, 150.0), low=(3.0, 30.0),
                                high=(5.0, 440.0), hits=(60, 3), short=(False, True))
    figure = figures.plot_theme_comparison(measures, ["wastewater"], ["kt", "bt"])
    axes = figure.axes[0]
    assert axes.get_xlim()[1] == pytest.approx(8.0 * 1.35)
    carets = [line for line in axes.get_lines() if line.get_marker() == ">"]
    assert [tuple(line.get_xdata()) for line in carets] == [(8.0,)]
    assert any("cut where the axis stops" in t.get_text() for t in figure.texts)


def test_a_long_plans_interval_is_never_cut():
    """Kon Tum (4.0, interval 3.0-11.0, long enough) beside Cà Mau (5.0, 4.0-6.0): the axis reaches
    Kon Tum's 11.0 although it is more than 2 x the highest rate (10): only short plans are cut."""
    measures = _wastewater_rows(("kt", "cm"), ("Kon Tum", "Cà Mau"), rate=(4.0, 5.0), low=(3.0, 4.0),
                                high=(11.0, 6.0), hits=(6, 10), short=(False, False))
    figure = figures.plot_theme_comparison(measures, ["wastewater"], ["kt", "cm"])
    assert figure.axes[0].get_xlim()[1] == pytest.approx(11.0 * 1.35)
    assert not [line for line in figure.axes[0].get_lines() if line.get_marker() == ">"]
    assert not any("cut where the axis stops" in t.get_text() for t in figure.texts)


def test_the_seeds_comparison_draws_every_interval_whole(seed_run):
    """The three seed plans are long enough to compare (over 1,000 words, 10 passages): no caret, no
    note; the figure's data carries the ``short`` flag the axis limit reads."""
    from analysis.outputs import catalogue

    figure, data = catalogue.draw(seed_run.analysis, "theme_comparison")
    assert "short" in data and not data["short"].any()
    assert not [line for axes in figure.axes for line in axes.get_lines() if line.get_marker() == ">"]


def test_a_short_group_cannot_darken_the_whole_heatmap():
    """Bến Tre, a 20-word excerpt (plastic waste 150 per 1,000 words), beside Cà Mau (1,997 words,
    plastic 2.0, wastewater 3.0): the colour scale ends at Cà Mau's 3.0, not 150."""
    groups = pd.DataFrame({
        "group_by": "province", "group": ["Bến Tre", "Bến Tre", "Cà Mau", "Cà Mau"],
        "theme": ["plastic_waste", "wastewater"] * 2, "label_en": ["Plastic waste", "Wastewater"] * 2,
        "label_vi": ["Rác thải nhựa", "Nước thải"] * 2, "n_plans": 1, "hits": [3, 0, 4, 6],
        "n_tokens": [20, 20, 1997, 1997], "rate_per_1k": [150.0, 0.0, 2.0, 3.0], "share": 0.5,
    })
    figure = figures.plot_theme_heatmap(groups, ["plastic_waste", "wastewater"])
    cells = figure.axes[0].collections[0]  # the quads of _cells
    assert cells.get_clim() == (0, 3.0)


def test_a_runs_colours_hold_in_every_figure_and_never_repeat_within_one():
    from analysis.figures.style import OTHER_PROVINCES_COLOUR, PROVINCE_PALETTE, province_colours

    names = [f"Province {i:02d}" for i in range(12)]
    run = province_colours(names)  # 8 own colours, 4 provinces beyond the palette
    # A figure of three provinces keeps their run colours, whatever it shows beside them.
    shown = province_colours(["Province 05", "Province 01", "Province 07"], run)
    assert shown == {n: run[n] for n in ["Province 01", "Province 05", "Province 07"]}
    # Provinces the run had no colour for take the colours no shown province holds (here the 9th,
    # then 01's and 02's, which are not shown), never one of another province in the figure.
    beyond = province_colours(["Province 00", "Province 08", "Province 09", "Province 10"], run)
    assert beyond["Province 00"] == run["Province 00"] == PROVINCE_PALETTE[0]
    assert [beyond[n] for n in names[8:11]] == [PROVINCE_PALETTE[1], PROVINCE_PALETTE[2], PROVINCE_PALETTE[3]]
    assert len(set(beyond.values())) == len(beyond) and OTHER_PROVINCES_COLOUR not in beyond.values()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_keyness_legend_never_covers_a_bar(lang):
    """The legend shares the axes with the bars: in either language its box touches no bar (the
    Vietnamese "not significant" label once ran over the first over-used bar)."""
    from matplotlib.patches import Rectangle

    from analysis.figures.vocabulary import plot_keyness

    words = [f"từ {i}" for i in range(30)]
    g2 = [40 - 2 * i for i in range(15)] + [-(8 + i) for i in range(15)]
    table = pd.DataFrame({"feature": words, "G2": g2, "p_adj": [0.001] * 10 + [0.2] * 15 + [0.001] * 5})
    figure = plot_keyness(table, "Kon Tum 2016", "các kế hoạch khác", lang=lang)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    axes = figure.axes[0]
    renderer = canvas.get_renderer()
    legend = axes.get_legend().get_window_extent(renderer)
    bars = [patch.get_window_extent(renderer) for patch in axes.patches if isinstance(patch, Rectangle)]
    assert bars and not any(legend.overlaps(bar) for bar in bars)


def test_a_heatmap_lists_provinces_in_vietnamese_alphabetical_order():
    from analysis.figures.themes import plot_theme_heatmap
    provinces = ["Yên Bái", "Điện Biên", "Đà Nẵng", "Gia Lai", "Cao Bằng", "Cà Mau", "An Giang", "Bắc Ninh", "Bạc Liêu",
                 "Hà Nội", "Hải Phòng", "Huế", "Hưng Yên", "Thanh Hóa", "Thái Nguyên", "Lào Cai"]
    groups = pd.DataFrame([{"group_by": "province", "group": p, "theme": "air", "label_en": "Air", "label_vi": "Không khí",
                            "hits": 1, "n_tokens": 5000, "n_plans": 1, "rate_per_1k": 0.2, "share": 1.0} for p in provinces])
    figure = plot_theme_heatmap(groups, ["air"], max_columns=3)
    labels = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    # checked by hand: đ after d, ă after a, ư after u, a space before a letter
    assert labels == ["An Giang", "Bạc Liêu", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Đà Nẵng", "Điện Biên", "Gia Lai",
                      "Hà Nội", "Hải Phòng", "Huế", "Hưng Yên", "Lào Cai", "Thái Nguyên", "Thanh Hóa", "Yên Bái"]
