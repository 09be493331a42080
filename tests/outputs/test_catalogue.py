"""The figure catalogue: one list says what each figure draws, says and where it appears."""

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
    assert stems == ["theme_heatmap", "theme_trajectories", "theme_shares", "theme_dispersion", "tfidf_top_terms_bars",
                     f"keyness_{KON_TUM}", f"keyness_{CA_MAU}", f"keyness_{THANH_HOA}", "similarity_heatmap",
                     "topic_terms_bars", "topic_prevalence_bars", "topic_trends", "topic_model_selection"]
    with pytest.raises(KeyError, match="choose one of theme_heatmap"):
        catalogue.draw(analysis, "keyness_no-such-plan")


def test_one_plan_and_no_topics_leave_out_what_needs_them(seed_corpus):
    one = analyse(seed_corpus.subset(provinces=["Cà Mau"]), include_topics=False)
    assert catalogue.figure_stems(one) == ["theme_heatmap", "theme_trajectories", "theme_shares", "theme_dispersion",
                                           "tfidf_top_terms_bars"]


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
    # Climate change in Cà Mau is the highest province-theme rate on the seeds; Kon Tum
    # (inland) never mentions coastal protection, one of the zero cells.
    assert heatmap.startswith("The highest rate is Climate change adaptation & greenhouse gases in Cà Mau (14.0 per 1,000 words)")
    vi = catalogue.reading(analysis, "theme_heatmap", "vi")
    assert vi.startswith("Tỷ lệ cao nhất là") and "Cà Mau" in vi
    shares = catalogue.reading(analysis, "theme_shares", "vi")
    assert "1.000 lần" in shares  # the bootstrap count, from config, written the Vietnamese way
    selection = catalogue.reading(analysis, "topic_model_selection", "en")
    assert f"≥ {config.TOPIC_MIN_STABILITY:.2f}" in selection
    for stem in catalogue.figure_stems(analysis):
        for lang in config.LANGUAGES:
            assert "{" not in catalogue.reading(analysis, stem, lang), stem


def test_featured_themes_reach_the_figures_and_briefing(seed_corpus):
    chosen = analyse(seed_corpus, include_topics=False, featured=["climate_change_ghg", "solid_waste"])
    _, data = catalogue.draw(chosen, "theme_dispersion")
    assert set(data["theme"]) <= {"climate_change_ghg", "solid_waste"}
    assert "2 featured themes" in catalogue.reading(chosen, "theme_dispersion")
    lines = briefing.headline(chosen)
    assert any(line.startswith("Climate change adaptation & greenhouse gases: highest in") for line in lines)
    assert not any(line.startswith("Wastewater:") for line in lines)


def test_a_codebook_without_featured_themes_features_the_most_salient(seed_corpus, tmp_path):
    shipped = config.CODEBOOK_PATH.read_text(encoding="utf-8")
    plain = tmp_path / "themes.yml"
    plain.write_text(re.sub(r"\n\s*featured: true", "", shipped), encoding="utf-8")
    result = analyse(seed_corpus, codebook_file=plain, include_topics=False)
    measures = result.tables["theme_measures"]
    pooled = measures.groupby("theme")["hits"].sum().sort_values(ascending=False)
    assert len(result.featured_themes) == config.FEATURED_THEMES_FALLBACK
    assert result.featured_themes[0] == pooled.index[0]
