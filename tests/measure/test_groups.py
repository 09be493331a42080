"""One grouping policy: a plan with no value for an attribute is kept, named "unknown"/"không rõ".

The corpus: Cà Mau 2020, Kon Tum 2016 and a short plan that names no province, year or
issuer ("plan": 9 body words, one wastewater and one plastic-waste hit).
"""

import shutil

import pandas as pd
import pytest

from analysis.measure.topics import effects as topic_effects
from analysis.measure.topics import model as topics
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.groups import group_order, group_values
from analysis.measure.themes.measures import theme_groups, theme_hits, theme_measures
from analysis.read.corpus import build_corpus

from conftest import CA_MAU, KON_TUM, SEED_DIR

UNKNOWN = {"en": "unknown", "vi": "không rõ"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unplaced")
    for doc_id in (CA_MAU, KON_TUM):
        shutil.copy(SEED_DIR / f"{doc_id}.txt", folder / f"{doc_id}.txt")
    (folder / "plan.txt").write_text("KẾ HOẠCH\nBảo vệ môi trường\n\nI. NỘI DUNG\n"
                                     "Xây dựng hệ thống xử lý nước thải. Giảm rác thải nhựa.\n", encoding="utf-8")
    built = build_corpus(folder, cache_dir=folder / ".cache")
    assert built.usable.set_index("doc_id").loc["plan", "year"] is pd.NA
    return built


@pytest.fixture(scope="module")
def plans(corpus):
    # As plans.csv leaves it when the issuer cell is empty: missing (NA), not "".
    usable = corpus.usable
    return usable.assign(issuer=usable["issuer"].where(usable["doc_id"] != "plan", pd.NA))


@pytest.fixture(scope="module")
def measures(corpus):
    codebook = load_codebook()
    return theme_measures(corpus, theme_hits(corpus, codebook), codebook, n_boot=20)


@pytest.fixture(scope="module")
def model_and_units(corpus):
    units = topics.topic_units(corpus)
    return topics.fit_topics(units, 2, "nmf", seed=1), units


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("by", ["year", "issuer", "province"])
def test_theme_groups_keep_a_plan_without_the_attribute(measures, plans, by, lang):
    grouped = theme_groups(measures, by, plans, lang=lang)
    unknown = grouped[grouped["group"] == UNKNOWN[lang]]
    assert set(unknown["n_plans"]) == {1} and set(unknown["n_tokens"]) == {9}
    assert unknown.set_index("theme").loc["wastewater", "hits"] == 1
    assert grouped.drop_duplicates("group")["n_plans"].sum() == 3  # every plan, once


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_topic_prevalence_by_year_keeps_a_plan_without_a_year(model_and_units, lang):
    model, units = model_and_units
    by_year = topics.topic_prevalence(model, units, "year", lang=lang)
    assert list(by_year.drop_duplicates("group")["group"]) == [2016, 2020, UNKNOWN[lang]]
    assert by_year.groupby("group", sort=False)["prevalence"].sum().tolist() == pytest.approx([1, 1, 1])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_topic_effects_keep_a_plan_without_an_issuer_as_group_by_and_group(model_and_units, plans, lang):
    model, units = model_and_units
    effects = topic_effects.topic_effects(model, units, "issuer", plans, n_boot=20, lang=lang)
    assert list(effects.columns[:2]) == ["group_by", "group"] and set(effects["group_by"]) == {"issuer"}
    assert "attribute" not in effects.columns and "level" not in effects.columns
    unknown = effects[effects["group"] == UNKNOWN[lang]]
    assert len(unknown) == model.k and set(unknown["n_plans"]) == {1}
    by_year = topic_effects.topic_effects(model, units, "year", n_boot=20, lang=lang)
    assert list(by_year.drop_duplicates("group")["group"]) == [2016, 2020, UNKNOWN[lang]]
    # The unknown group's interval does not depend on the language it is named in.
    other = topic_effects.topic_effects(model, units, "year", n_boot=20, lang="vi" if lang == "en" else "en")
    assert by_year["ci_low"].tolist() == other["ci_low"].tolist()


def test_the_policy_names_missing_values_and_keeps_known_ones():
    values = pd.Series([2020, pd.NA, 2016], dtype="Int64")
    assert group_values(values, "vi").tolist() == [2020, "không rõ", 2016]
    assert group_order(values, "en") == [2016, 2020, "unknown"]
    assert group_values(pd.Series(["Cà Mau", "", None]), "en").tolist() == ["Cà Mau", "unknown", "unknown"]


def test_analyse_keeps_the_plan_in_theme_by_year_in_the_runs_language(corpus):
    from analysis.outputs.analyse import analyse

    study = analyse(corpus, include_topics=False, n_boot=20, lang="vi")
    by_year = study.tables["theme_by_year"]
    assert "không rõ" in set(by_year["group"])
    assert by_year.drop_duplicates("group")["n_plans"].sum() == 3


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("by", ["year", "province"])
def test_tfidf_by_group_keeps_a_plan_without_the_attribute(corpus, by, lang):
    from analysis.measure.vocabulary.tfidf import tfidf_top_terms

    table = tfidf_top_terms(corpus, by, lang=lang)
    unknown = table[table["group"] == UNKNOWN[lang]]
    # The unplaced plan's words ("rác_thải" "nhựa" ...) are the only ones in its group.
    assert len(unknown) and any("nhựa" in term or "nước_thải" in term for term in unknown["term"])
    assert table["group"].notna().all() and not table["group"].astype(str).eq("").any()


def test_a_page_in_the_other_language_names_the_unknown_group_in_its_own(measures, plans):
    """Tables are written in the run's language ("unknown"); the Vietnamese page draws the same
    tables and must say "không rõ", never the English word (issue 24)."""
    from types import SimpleNamespace

    from analysis.measure.groups import in_language, is_unknown_group
    from analysis.outputs.figure_views import group_name

    grouped = theme_groups(measures, "year", plans, lang="en")
    assert set(in_language(grouped["group"], "vi")) >= {"không rõ"}
    assert "unknown" not in set(in_language(grouped["group"], "vi"))
    assert is_unknown_group("không rõ") and is_unknown_group(pd.NA) and not is_unknown_group(2020)
    assert group_name("year", "unknown", "vi") == "không rõ"
