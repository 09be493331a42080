"""Issue 24, end to end: an uneven corpus gives a bottom line that claims nothing from a short plan,
a citation or a cited title, and names the right plans.

tests/data/uneven/ (hand-written, read by hand for every number below) plus the three seed plans:

* ben-tre-2021-plastic-excerpt: one sentence of body with 4 plastic phrases; short.
* soc-trang-2020-plastic-excerpt: about 150 words, 7 plastic phrases; short.
* gia-lai-2019-decision-citations: a decision whose body is six "Căn cứ" lines, one wrapped
  ("Căn cứ Nghị định số 80/2014/NĐ-CP" / "ngày 06/8/2014 ... về thoát nước và xử lý nước thải;"),
  and two own articles that name no theme.
* thua-thien-hue-2017-news: a news report ("Ngày 23/8/2017, Tỉnh ủy ... đã ban hành Chương trình").
* repost-wastewater-plan: a plan's title and numbered sections, no header, no province anywhere.
* lam-dong-2020-decision-empty: header, title and signature, not one line of body.
* kon-tum-2021-plan-957: an inland plan (over 1,000 body words) whose preamble cites Decision
  957/QĐ-TTg "phòng, chống sạt lở bờ sông, bờ biển"; its body never mentions a coast, a river bank
  or a landslide.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib.colors
import pytest

import analysis
from analysis.outputs.briefing import briefing_claims
from analysis.outputs.claim_wording import in_sentence
from analysis.outputs.claims import family_level, widen
from conftest import SEED_DIR

UNEVEN_DIR = Path(__file__).resolve().parents[1] / "data" / "uneven"
BEN_TRE, SOC_TRANG = "ben-tre-2021-plastic-excerpt", "soc-trang-2020-plastic-excerpt"
GIA_LAI, NEWS, REPOST = "gia-lai-2019-decision-citations", "thua-thien-hue-2017-news", "repost-wastewater-plan"
EMPTY, KON_TUM_957 = "lam-dong-2020-decision-empty", "kon-tum-2021-plan-957"


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("uneven")
    for path in [*UNEVEN_DIR.glob("*.txt"), *SEED_DIR.glob("*.txt")]:
        shutil.copy(path, folder / path.name)
    return analysis.analyse(analysis.read_corpus(folder), include_topics=False)


@pytest.fixture(scope="module")
def sentences(study):
    return {lang: analysis.bottom_line(study, lang) for lang in ("en", "vi")}


def _documents(study):
    return study.corpus.documents.set_index("doc_id")


def _measures(study):
    return study.tables["theme_measures"].set_index(["doc_id", "theme"])


def test_the_news_report_is_skipped(study):
    # It reports a Party programme in the third person ("đã ban hành"): no title, no number.
    documents = _documents(study)
    assert documents.at[NEWS, "status"] == "skipped"
    assert NEWS not in set(study.tables["theme_measures"]["doc_id"])


def test_the_empty_decision_is_no_body_and_in_no_count(study):
    documents = _documents(study)
    assert documents.at[EMPTY, "status"] == "no_body"
    assert EMPTY not in set(study.tables["theme_measures"]["doc_id"])
    # Lâm Đồng has no other file: no province table may count it as a plan.
    by_province = study.tables["theme_by_province"]
    assert "Lâm Đồng" not in set(by_province["group"])
    # 8 plans measured: 3 seeds, the two excerpts, Gia Lai's decision, the Kon Tum plan and the
    # repost; the news report and the empty decision are not plans.
    assert study.tables["theme_measures"]["doc_id"].nunique() == 8


def test_the_repost_is_named_by_its_file_and_grouped_as_unknown(study, sentences):
    assert study.plan_labels()[REPOST] == REPOST
    by_province = study.tables["theme_by_province"].drop_duplicates("group").set_index("group")
    assert by_province.at["unknown", "n_plans"] == 1
    # Its two body lines on wastewater: "hệ thống xử lý nước thải" and "Thu gom nước thải sinh
    # hoạt ... các điểm xả thải" (the longest phrase wins: "nước thải sinh hoạt", "điểm xả thải").
    assert _measures(study).at[(REPOST, "wastewater"), "hits"] == 3


def _short_labels(study):
    measures = study.tables["theme_measures"]
    labels = study.plan_labels()
    return {labels[d] for d in measures.loc[measures["short"].astype(bool), "doc_id"]}


def test_the_excerpts_and_small_texts_are_short(study):
    # Both excerpts, the decision (its body is mostly citations) and the repost have far fewer
    # than 1,000 body words; the seeds and the Kon Tum plan have more.
    measures = study.tables["theme_measures"].drop_duplicates("doc_id").set_index("doc_id")
    assert set(measures.index[measures["short"].astype(bool)]) == {BEN_TRE, SOC_TRANG, GIA_LAI, REPOST}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_sentence_names_a_short_plan(study, sentences, lang):
    """No sentence of the bottom line names a short plan: the first one ("the plans compared, taken
    together"), those on themes, and the one on central documents (before, it listed Gia Lai 2019,
    Sóc Trăng 2020, Bến Tre 2021 and the repost among the plans naming none in their title)."""
    short = _short_labels(study)
    assert {"Gia Lai 2019", "Sóc Trăng 2020", "Bến Tre 2021", REPOST} <= short
    for sentence in sentences[lang]:
        assert not [name for name in short if name in sentence], sentence
    implements = [s for s in sentences[lang] if re.match(r"^(Central documents|Văn bản Trung ương)", s)]
    assert len(implements) == 1 and "Kon Tum 2021" in implements[0]  # the long plans are still named


def test_the_vietnamese_bottom_line_names_the_flag_as_a_reader_sees_it(sentences):
    # The CSV column is "short"; a Vietnamese reader sees the workbook's header, "quá ngắn để so sánh".
    said = " ".join(sentences["vi"])
    assert "“short”" not in said and "short" not in said
    assert "đánh dấu ở cột “quá ngắn để so sánh”" in said
    assert "flagged “too short to compare”" in " ".join(sentences["en"])


def test_the_first_sentence_pools_the_four_long_plans(study):
    # Over 1,000 body words: the three seeds (1,456, 1,997 and 1,913) and the Kon Tum plan of 2021;
    # named oldest first, as the page lists plans.
    scope = briefing_claims(study)[0]
    assert scope.kind == "scope"
    assert scope.values["plans"] == ["kon-tum-2016-plan-KL02", "ca-mau-2020-plan-KL56", KON_TUM_957,
                                     "thanh-hoa-2024-plan-KL81"]
    assert {doc_id for _, doc_id in scope.evidence} <= set(scope.values["plans"])


def test_the_wrapped_citation_is_held_and_not_counted(study):
    citations = study.tables["theme_citations"]
    wrapped = citations[(citations["doc_id"] == GIA_LAI) & (citations["theme"] == "wastewater")]
    assert list(wrapped["match"]) == ["xử lý nước thải"]
    # The passage is the citation whole, both its lines, not the line the phrase sits on.
    assert list(wrapped["segment_text"]) == ["Căn cứ Nghị định số 80/2014/NĐ-CP\n"
                                             "ngày 06/8/2014 của Chính phủ về thoát nước và xử lý nước thải;"]
    # The decision's own articles name no theme: every phrase it holds is in a citation.
    assert study.tables["theme_measures"].query("doc_id == @GIA_LAI")["hits"].sum() == 0


def test_no_counted_hit_lies_in_a_citation(study):
    evidence = study.tables["theme_evidence"]
    assert not evidence["citation"].astype(bool).any()
    # Every counted hit has its passage; a cited one has none.
    counted = study.tables["theme_measures"].groupby("doc_id")["hits"].sum()
    passages = evidence.groupby("doc_id").size().reindex(counted.index, fill_value=0)
    assert passages.equals(counted)


def test_the_cited_coastal_scheme_is_not_counted_in_an_inland_plan(study):
    # 957/QĐ-TTg's title "phòng, chống sạt lở bờ sông, bờ biển" sits in Kon Tum's preamble;
    # the body speaks of forests, wastewater, waste, rain-fed disasters, never of a coast.
    measures = _measures(study)
    for theme in ("coastal_protection", "riverbank_protection", "landslides_flash_floods"):
        assert measures.at[(KON_TUM_957, theme), "hits"] == 0, theme
    citations = study.tables["theme_citations"].query("doc_id == @KON_TUM_957")
    assert set(citations["theme"]) == {"coastal_protection", "riverbank_protection"}
    assert citations["segment_text"].str.contains("957/QĐ-TTg").all()


def test_highest_only_where_the_interval_is_separated(study, sentences):
    claims = briefing_claims(study)
    measures = study.tables["theme_measures"]
    comparable = measures[~measures["short"].astype(bool)]
    level = next(c for c in claims if c.kind == "basis").values["level"]
    assert level == pytest.approx(family_level(19 * 4))  # 19 themes named, 4 plans long enough
    for claim in claims:
        if claim.kind != "highest":
            continue
        rows = widen(comparable[comparable["theme"] == claim.themes[0]], level).set_index("doc_id")
        top = claim.values["doc_id"]
        assert rows.at[top, "ci_low"] > rows.drop(top)["ci_high"].max()
    n_highest = sum(c.kind == "highest" for c in claims)
    assert sum("highest" in s for s in sentences["en"]) == n_highest


def test_every_featured_theme_has_its_sentence(study, sentences):
    labels = {lang: study.codebook.labels(lang) for lang in ("en", "vi")}
    for lang, said in sentences.items():
        measured = " ".join(said[2:])  # after the scope and the central documents
        for theme in study.featured_themes:
            # Inside a Vietnamese sentence a theme is written lower-case (claim_wording.in_sentence).
            assert in_sentence(labels[lang][theme], lang) in measured, (lang, theme)


def test_collecting_plastic_waste_counts_as_plastic(study):
    # Bến Tre's body: "Thu gom rác thải nhựa ...; hạn chế túi ni lông, sản phẩm nhựa dùng một lần và
    # rác thải nhựa ven sông": 2 x "rác thải nhựa", "túi ni lông", "sản phẩm nhựa dùng một lần".
    assert _measures(study).at[(BEN_TRE, "plastic_waste"), "hits"] == 4


def test_the_line_under_a_figure_names_the_plans_it_draws(study):
    """The trajectories draw the FIGURE_MAX_LINES (4) provinces with most plans: Kon Tum (2016 and
    2021), then, one plan each, alphabetically Bến Tre, Cà Mau, Gia Lai; never the repost, which
    names no province. The line under them names those plans, not the Sóc Trăng and Thanh Hóa plans
    (nor the repost) they leave out."""
    from analysis.outputs import catalogue

    figure, data = catalogue.draw(study, "theme_trajectories")
    drawn = set(data["province"])
    source = next(t.get_text() for t in figure.texts if "provincial plan" in t.get_text())
    assert drawn == {"Kon Tum", "Bến Tre", "Cà Mau", "Gia Lai"}
    for left_out in ("Sóc Trăng", "Thanh Hóa", "repost"):
        assert left_out not in source
    assert all(province in source for province in drawn)


def test_the_vietnamese_figures_name_the_unknown_group_in_vietnamese(study):
    """Plans implementing no resolution (the repost, the excerpts) pool as "unknown" in the tables,
    written in the run's language (English); the Vietnamese heatmap says "không rõ"."""
    from analysis.outputs import catalogue

    assert "unknown" in set(study.tables["theme_by_group"]["group"])
    _, data = catalogue.draw(study, "theme_heatmap_by_group", "vi")
    groups = {str(g).split("\n")[0] for g in data["group"]}
    assert "không rõ" in groups and "unknown" not in groups


def test_a_province_has_one_colour_in_every_figure_of_the_run(study):
    """The trajectories draw four provinces, the shares one panel per plan (seven provinces, the
    repost's "" among them): coloured each from its own provinces, Bến Tre took the first colour
    in one and the second in the other. The run's colours hold in both, and none repeats within one."""
    from analysis.outputs import catalogue

    labels = study.plan_labels()
    provinces = study.plans.set_index("doc_id")["province"].fillna("")
    figure, _ = catalogue.draw(study, "theme_trajectories")
    in_trajectories = {bars.get_label(): bars.lines[0].get_color() for axes in figure.axes
                       for bars in axes.containers if not bars.get_label().startswith("_")}
    figure, _ = catalogue.draw(study, "theme_shares")
    by_title = {axes.get_title(loc="left"): axes.patches[0].get_facecolor() for axes in figure.axes if axes.patches}
    in_shares = {provinces[d]: matplotlib.colors.to_hex(by_title[labels[d]]) for d in provinces.index
                 if labels[d] in by_title}
    assert set(in_trajectories) == {"Bến Tre", "Cà Mau", "Gia Lai", "Kon Tum"}
    for province, colour in in_trajectories.items():
        assert matplotlib.colors.to_hex(colour) == in_shares[province], province
    assert len(set(in_shares.values())) == len(in_shares) == 7


def test_a_quoted_passage_wrapped_over_lines_reads_whole(tmp_path):
    """A portal copy wraps an item over two lines after a number (normalising joins a line only
    when it ends in a comma or a lower-case letter); the counted phrase sits on the second. The
    evidence quote (and the passage in the tables) is the item whole, not its second line."""
    from analysis.outputs.briefing import evidence_quotes
    from analysis.outputs.claims import Claim

    (tmp_path / "ca-mau-2020.txt").write_text(
        "ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nSố: 12/KH-UBND\nCà Mau, ngày 5 tháng 3 năm 2020\nKẾ HOẠCH\nBảo vệ môi trường\n"
        "I. NHIỆM VỤ\n1. Trong năm 2021\nxây dựng hệ thống xử lý nước thải tập trung cho khu công nghiệp Khánh An.\n"
        "2. Trồng rừng ngập mặn ven biển.\n", encoding="utf-8")
    study = analysis.analyse(analysis.read_corpus(tmp_path), include_topics=False)
    quotes = evidence_quotes(study, [Claim("highest", ["wastewater"], evidence=[("wastewater", "ca-mau-2020")])])
    assert [q["text"] for q in quotes] == [
        "1. Trong năm 2021\nxây dựng hệ thống xử lý nước thải tập trung cho khu công nghiệp Khánh An."]
    assert quotes[0]["matches"] == ["hệ thống xử lý nước thải"]
