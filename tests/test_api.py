"""The public API (``from analysis import ...``): its names exist, return the documented tables,
and keep ``import analysis`` cheap; one name per concept across the API and the CLI."""

import io
import re
import subprocess
import sys

import matplotlib.figure
import pandas as pd
import pytest

import analysis
from analysis import config
from analysis.cli import build_parser, main
from analysis.errors import UserError

from conftest import CA_MAU, KON_TUM, THANH_HOA

PUBLIC = ["read_corpus", "analyse", "run", "figure", "figure_names", "kwic", "themes", "evidence", "codebook",
          "keyness", "topics", "topic_contrast", "commitments", "structure", "bottom_line", "plan_table",
          "evidence_quotes", "write_explorer"]


@pytest.fixture(scope="module")
def study(seed_corpus):
    return analysis.analyse(seed_corpus, include_topics=False)


def test_import_analysis_loads_neither_pandas_nor_numpy():
    """The names are listed at once but imported on first use (the CLI reads config at start-up)."""
    code = ("import sys, analysis, analysis.config; heavy = lambda: sorted({'pandas', 'numpy'} & set(sys.modules)); "
            "print(heavy(), 'kwic' in analysis.__all__); analysis.kwic; print(heavy())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[] True", "['numpy', 'pandas']"]


def test_public_names_exist_with_docstrings():
    assert set(PUBLIC) <= set(analysis.__all__) <= set(dir(analysis))
    for name in PUBLIC:
        function = getattr(analysis, name)
        assert callable(function) and function.__doc__, name
    with pytest.raises(AttributeError):
        analysis.no_such_function  # noqa: B018


def test_read_corpus_keeps_the_provinces_asked_for():
    corpus = analysis.read_corpus(provinces=["Cà Mau"])
    assert list(corpus.usable["doc_id"]) == [CA_MAU]


def test_provinces_are_named_as_everywhere_else(seed_corpus):
    # Case and, when none are typed, tone marks optional (as keyness targets and --plans take them).
    assert list(seed_corpus.subset(provinces=["ca mau"]).usable["doc_id"]) == [CA_MAU]
    assert list(seed_corpus.subset(provinces=["THANH HOA"]).usable["doc_id"]) == [THANH_HOA]
    with pytest.raises(analysis.read.corpus.CorpusError, match="Did you mean 'Cà Mau'"):
        seed_corpus.subset(provinces=["Cá Mau"])  # tone marks that are typed must be right


def test_kwic_counts_matches_and_windows_syllables(seed_corpus):
    table = analysis.kwic(seed_corpus, "nước thải", window=3)
    # Hand-checked on the seeds (README, KWIC): 4 / 5 / 2 occurrences.
    assert table.groupby("doc_id").size().to_dict() == {KON_TUM: 4, CA_MAU: 5, THANH_HOA: 2}
    assert {"doc_id", "province", "year", "section", "left", "match", "right"} <= set(table.columns)
    # The window counts syllables (space-separated), not underthesea words.
    assert max(len(side.split()) for side in pd.concat([table["left"], table["right"]])) == 3


def test_themes_per_plan_and_grouped(study):
    plans = analysis.themes(study)
    assert list(plans.columns[:5]) == ["doc_id", "province", "province_2025", "year", "theme"]
    assert {"hits", "rate_per_1k", "share", "ci_low", "ci_high"} <= set(plans.columns)
    assert len(plans) == 3 * 19  # three plans x the 19 themes of the shipped codebook
    grouped = analysis.themes(study, group_by="province")
    assert list(grouped.columns[:3]) == ["group_by", "group", "theme"]
    assert set(grouped["group_by"]) == {"province"} and set(grouped["group"]) == {"Kon Tum", "Cà Mau", "Thanh Hóa"}
    with pytest.raises(UserError):
        analysis.themes(study, group_by="colour")


def test_themes_from_a_corpus_equal_the_analysis(seed_corpus, study):
    pd.testing.assert_frame_equal(analysis.themes(seed_corpus), analysis.themes(study))


def test_evidence_of_one_theme(study):
    hits = analysis.evidence(study, "wastewater")
    assert len(hits) and set(hits["theme"]) == {"wastewater"}
    assert {"doc_id", "section_path", "left", "match", "right"} <= set(hits.columns)


def test_codebook_lists_the_themes(study):
    table = analysis.codebook(study)
    assert list(table.columns) == ["theme", "label_en", "label_vi", "featured", "n_phrases", "phrases"]
    assert len(table) == 19 and "wastewater" in set(table["theme"])
    pd.testing.assert_frame_equal(analysis.codebook(), table)


def test_keyness_of_a_target_and_of_each_plan(seed_corpus, study):
    table = analysis.keyness(seed_corpus, "Cà Mau")
    assert list(table.columns) == ["feature", "G2", "chi2", "p", "p_adj", "p_chi2", "log_ratio", "n_target",
                                   "n_reference"]
    assert len(table) and (table["feature"] != "").all()
    assert set(analysis.keyness(study)["target"]) >= {KON_TUM, CA_MAU, THANH_HOA}
    with pytest.raises(UserError):
        analysis.keyness(seed_corpus, "Atlantis")


def test_commitments_tables(seed_corpus, study):
    targets = analysis.commitments(study)
    assert {"doc_id", "kind", "value", "unit", "object", "deadline", "text"} <= set(targets.columns)
    agencies = analysis.commitments(study, "agencies")
    assert {"doc_id", "agency", "successor_2025", "role", "text"} <= set(agencies.columns)
    assert {"doc_id", "directive", "relation"} <= set(analysis.commitments(study, "directives").columns)
    pd.testing.assert_frame_equal(analysis.commitments(seed_corpus, "agencies"), agencies)


def test_topics_need_a_topic_model(study, seed_corpus):
    with pytest.raises(UserError):
        analysis.topics(study)
    terms = analysis.topics(seed_corpus, "terms", k=3)
    assert {"topic", "term"} <= set(terms.columns) and sorted(terms["topic"].unique()) == [1, 2, 3]


def test_figure_returns_a_matplotlib_figure(study):
    assert "theme_comparison" in analysis.figure_names(study)
    assert isinstance(analysis.figure(study, "theme_comparison", "vi"), matplotlib.figure.Figure)


def test_structure_and_briefing_parts(seed_corpus, study):
    structure = analysis.structure(seed_corpus)
    assert list(structure.columns[:3]) == ["doc_id", "sections", "items"] and len(structure) == 3
    sentences = analysis.bottom_line(study, "en")
    assert sentences and all(isinstance(s, str) and "<" not in s for s in sentences)
    assert len(analysis.plan_table(study)) == 3
    assert list(analysis.evidence_quotes(study).columns) == ["anchor", "theme", "doc_id", "section", "matches", "text"]


def test_analyse_takes_codebook_path(seed_corpus, tmp_path):
    path = tmp_path / "one-theme.yml"
    path.write_text("themes:\n  - id: wastewater\n    label_en: Wastewater\n    label_vi: Nước thải\n"
                    "    phrases: [nước thải]\n", encoding="utf-8")
    study = analysis.analyse(seed_corpus, codebook_path=path, include_topics=False)
    assert study.codebook.theme_ids == ["wastewater"]
    assert study.tables["theme_measures"].groupby("doc_id")["hits"].sum().to_dict() == {KON_TUM: 4, CA_MAU: 5,
                                                                                       THANH_HOA: 2}


@pytest.mark.parametrize("option", ["--group-by", "--by"])
def test_cli_groups_by_with_either_spelling(option, capsys):
    assert main(["themes", option, "province", "--bootstrap", "10", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert set(table["group_by"]) == {"province"} and set(table["group"]) == {"Kon Tum", "Cà Mau", "Thanh Hóa"}
    for command in (["run"], ["topics"]):
        assert build_parser().parse_args(command + [option, "issuer"]).group_by == "issuer"


def test_cli_help_names_group_by_only(capsys):
    with pytest.raises(SystemExit):
        main(["themes", "--help"])
    out = capsys.readouterr().out
    assert "--group-by" in out and "--by " not in out


def test_the_readme_example_runs_and_lists_every_public_name():
    readme = (config.PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it from Python", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(example.strip().splitlines()) == 5
    exec(compile(example, "README.md", "exec"), {})  # noqa: S102 -- our own README
    listed = set(re.findall(r"`(\w+)`", section.split("```", 2)[2]))
    assert set(PUBLIC) <= listed


def test_run_takes_a_folder_or_a_corpus(seed_corpus, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr("analysis.api.run_all", lambda *args, **kwargs: calls.append((args, kwargs)))
    analysis.run(seed_corpus, tmp_path, lang="vi")
    analysis.run("my-plans", tmp_path, group_by="issuer")
    assert calls == [((), {"out_dir": tmp_path, "corpus": seed_corpus, "lang": "vi"}),
                     (("my-plans", tmp_path), {"group_by": "issuer"})]
