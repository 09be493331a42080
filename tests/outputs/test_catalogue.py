"""The figure catalogue: one list says what each figure draws, says and where it appears."""

import dataclasses
import re

import pytest

from analysis import config
from analysis.config import PROJECT_DIR
from analysis.outputs import briefing, catalogue
from analysis.outputs.analyse import analyse

from conftest import CA_MAU, KON_TUM, THANH_HOA


@pytest.fixture(scope="module")
def analysis(seed_corpus):
    return analyse(seed_corpus, topic_k_range=range(4, 7))


def test_stems_follow_the_catalogue(analysis):
    stems = catalogue.figure_stems(analysis)
    # Kon Tum is today's Quảng Ngãi, so the heatmap by province_2025 is drawn too; the plans
    # implement two resolutions (41-NQ/TW, 24-NQ/TW), so the heatmap by group has two columns.
    assert stems == ["theme_comparison", "theme_heatmap_by_group", "theme_heatmap", "theme_heatmap_province_2025", "theme_trajectories", "theme_shares", "theme_dispersion", "codebook_validation", "tfidf_top_terms_bars",
                     f"keyness_{KON_TUM}", f"keyness_{CA_MAU}", f"keyness_{THANH_HOA}", "similarity_heatmap",
                     "topic_terms_bars", "topic_prevalence_bars", "topic_trends", "topic_effects_intervals", "topic_model_selection",
                     "commitment_timeline", "agency_theme_matrix", "directive_matrix"]
    with pytest.raises(KeyError, match="choose one of theme_comparison"):
        catalogue.draw(analysis, "keyness_no-such-plan")


def test_one_plan_and_no_topics_leave_out_what_needs_them(seed_corpus):
    one = analyse(seed_corpus.subset(provinces=["Cà Mau"]), include_topics=False)
    # Cà Mau's plan has assignments and directives: those figures stay. Its only years were the
    # horizons of the strategies and plan it cites (line 37, issue 27): no timeline of nothing. The
    # shipped coding sheet's Cà Mau passages validate the codebook on it alone.
    assert catalogue.figure_stems(one) == ["theme_comparison", "theme_heatmap", "theme_trajectories", "theme_shares", "theme_dispersion",
                                           "codebook_validation", "tfidf_top_terms_bars", "agency_theme_matrix", "directive_matrix"]


def test_every_entry_names_a_real_table_section_and_notebook(analysis):
    for entry in catalogue.FIGURES:
        assert entry.table in analysis.tables, entry.stem
        assert entry.section in catalogue.SECTIONS
        notebook = (PROJECT_DIR / "notebooks" / f"{entry.notebook}.py").read_text(encoding="utf-8")
        shown = entry.stem.split("{")[0] if entry.per_plan else entry.stem
        # Per-plan figures are shown in the notebook through the table they draw.
        assert shown in notebook or entry.per_plan, f"{entry.stem} is not shown in {entry.notebook}"


def test_draw_returns_exactly_the_rows_drawn(analysis):
    _, data = catalogue.draw(analysis, "theme_trajectories")
    assert set(data["theme"]) == set(analysis.featured_themes) == set(analysis.codebook.featured)
    _, data = catalogue.draw(analysis, f"keyness_{CA_MAU}")
    assert (data["target"] == CA_MAU).all() and len(data) == 2 * config.FIGURE_KEYNESS_TOP


def test_readings_in_both_languages_use_the_tables_and_config(analysis):
    heatmap = catalogue.reading(analysis, "theme_heatmap", "en")
    # Climate change in Thanh Hóa (25 hits in 1,913 words; Cà Mau 26 in 1,997 is 13.0) is the highest
    # province-theme rate on the seeds once cited resolutions' titles are not counted.
    # A pooled cell has no interval: it is the largest, not shown to be higher (Cà Mau's 13.0 is next).
    assert heatmap.startswith("The largest cell is Climate change adaptation & greenhouse gases in Thanh Hóa "
                              "(13.1 per 1,000 words), a pooled rate with no interval: it is not shown to be higher")
    assert "highest" not in heatmap
    vi = catalogue.reading(analysis, "theme_heatmap", "vi")
    # The theme inside the sentence is written lower-case, as Vietnamese running text writes it.
    assert vi.startswith("Ô có giá trị lớn nhất là ứng phó biến đổi khí hậu, khí nhà kính ở Thanh Hóa "
                         "(13,1 lần trên 1.000 từ); đây là tỷ lệ gộp")
    shares = catalogue.reading(analysis, "theme_shares", "vi")
    assert "1.000 lần" in shares  # the bootstrap count, from config, written the Vietnamese way
    selection = catalogue.reading(analysis, "topic_model_selection", "en")
    assert f"≥ {config.TOPIC_MIN_STABILITY:.2f}" in selection
    for stem in catalogue.figure_stems(analysis):
        for lang in config.LANGUAGES:
            assert "{" not in catalogue.reading(analysis, stem, lang), stem


def test_readings_leave_plans_too_short_to_compare_out(analysis):
    """Flagged short, Kon Tum (most of the seeds' zero cells: it never names most themes) makes its
    zeros a short text, not a finding; Thanh Hóa (the highest rate) yields the top to Cà Mau (26 hits
    in 1,997 words: 13.0)."""
    measures = analysis.tables["theme_measures"]
    short = dataclasses.replace(analysis, tables={**analysis.tables, "theme_measures": measures.assign(
        short=measures["doc_id"].isin([KON_TUM, THANH_HOA]))})
    heatmap = catalogue.reading(short, "theme_heatmap", "en")
    assert "finding" not in heatmap and "where every plan is too short to compare" in heatmap
    assert heatmap.startswith("The largest cell is Climate change adaptation & greenhouse gases in Cà Mau (13.0 ")
    assert "phát hiện" not in catalogue.reading(short, "theme_heatmap", "vi")
    assert "finding" in catalogue.reading(analysis, "theme_heatmap", "en")  # every seed plan is long enough


def test_featured_themes_reach_the_figures_and_briefing(seed_corpus):
    chosen = analyse(seed_corpus, include_topics=False, featured=["climate_change_ghg", "solid_waste"])
    _, data = catalogue.draw(chosen, "theme_dispersion")
    assert set(data["theme"]) <= {"climate_change_ghg", "solid_waste"}
    assert "2 featured themes" in catalogue.reading(chosen, "theme_dispersion")
    _, data = catalogue.draw(chosen, "theme_comparison")
    assert set(data["theme"]) == {"climate_change_ghg", "solid_waste"}
    lines = [line.striptags() for line in briefing.bottom_line(chosen)]
    # 19 themes x 3 plans: each interval widened to 1 - 0.05 / 57 = 99.9%
    # Climate change too: Kon Tum's one hit has the exact Poisson interval (test_briefing's hand check).
    assert ("On Climate change adaptation & greenhouse gases; and Solid & household waste, the plans cannot be "
            "told apart: their 99.9% intervals overlap.") in lines
    assert not any("Wastewater" in line for line in lines[2:])


def test_a_codebook_without_featured_themes_features_the_most_salient(seed_corpus, tmp_path):
    shipped = config.CODEBOOK_PATH.read_text(encoding="utf-8")
    plain = tmp_path / "themes.yml"
    plain.write_text(re.sub(r"\n\s*featured: true", "", shipped), encoding="utf-8")
    result = analyse(seed_corpus, codebook_path=plain, include_topics=False)
    measures = result.tables["theme_measures"]
    pooled = measures.groupby("theme")["hits"].sum().sort_values(ascending=False)
    assert len(result.featured_themes) == config.FEATURED_THEMES_FALLBACK
    assert result.featured_themes[0] == pooled.index[0]


def test_plans_sharing_province_and_year_get_distinct_labels():
    import pandas as pd

    from analysis.measure.plans import plan_labels

    plans = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "province": ["Bến Tre", "Bến Tre", "Cà Mau", "Huế", "Huế"],
                          "year": pd.array([2021, 2021, 2020, 2019, 2019], dtype="Int64"),
                          "number": ["7822/KH-UBND", "12/KH-UBND", "", "", ""],
                          "date": ["", "", "", "2019-05-17", "2019-05-17"]})
    assert plan_labels(plans) == {"a": "Bến Tre 2021 (7822/KH-UBND)", "b": "Bến Tre 2021 (12/KH-UBND)",
                                  "c": "Cà Mau 2020", "d": "Huế 2019 (d)", "e": "Huế 2019 (e)"}


def test_two_plans_of_one_province_year_are_told_apart_in_figures(tmp_path):
    import shutil

    from analysis import figures
    from analysis.read.corpus import build_corpus

    folder = tmp_path / "corpus"
    folder.mkdir()
    text = (PROJECT_DIR / "corpus" / "plans" / f"{CA_MAU}.txt").read_text(encoding="utf-8")
    shutil.copy(PROJECT_DIR / "corpus" / "plans" / f"{CA_MAU}.txt", folder / "first.txt")
    # A second Cà Mau 2020 plan: the same text with another number and one more passage.
    (folder / "second.txt").write_text("Số: 99/KH-UBND\n" + text + "\nXử lý nước thải sinh hoạt.\n", encoding="utf-8")
    result = analyse(build_corpus(folder), include_topics=False)
    labels = set(result.plan_labels().values())
    assert len(labels) == 2 and all(label.startswith("Cà Mau 2020 (") for label in labels)
    # Drawn and saved as a run does (the SVG keeps its text as text).
    figures.save_figure(*catalogue.draw(result, "theme_shares"), "theme_shares", tmp_path / "out")
    svg = (tmp_path / "out" / "theme_shares.svg").read_text(encoding="utf-8")
    assert all(label in svg for label in labels)


def test_every_table_with_province_carries_province_2025(analysis):
    for name, table in analysis.tables.items():
        for column in [c for c in table.columns if c in ("province", "province_a", "province_b")]:
            assert column.replace("province", "province_2025", 1) in table.columns, (name, column)
    by_unit = analysis.tables["theme_by_province_2025"]
    # Kon Tum 2016 is counted under today's Quảng Ngãi.
    assert set(by_unit["group"]) == {"Quảng Ngãi", "Cà Mau", "Thanh Hóa"}
    kon_tum = analysis.tables["theme_by_province"].query("group == 'Kon Tum'").reset_index(drop=True)
    quang_ngai = by_unit.query("group == 'Quảng Ngãi'").reset_index(drop=True)
    assert kon_tum["hits"].tolist() == quang_ngai["hits"].tolist()
