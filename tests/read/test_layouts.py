"""One hand-written fixture per document layout (tests/data/layouts/), metadata and structure checked by hand.

Layouts as plans arrive from legal-document websites: a two-column header flattened into
pipes or tabs, place-date line and "Số:" wrapped over lines, a programme numbered
"27-CTr/TU", a decision that issues a plan, a decision without the plan it issues (no body),
a plan with no header whose only dates are those of the documents it cites, a copy whose
opening sentence names the document itself, a web repost (title and numbered sections, no
province), and a portal's news report about a programme (not an official document).
"""

import shutil

import pytest

from analysis.config import PROJECT_DIR
from analysis.read.corpus import NEWS_REPORT, NOT_OFFICIAL, build_corpus

LAYOUTS = PROJECT_DIR / "tests" / "data" / "layouts"

# doc_id: (province, province_2025, date, year, number, doc_type, issuer), read off each fixture by hand.
EXPECTED = {
    "wrapped-header": ("Kon Tum", "Quảng Ngãi", "2019-05-17", 2019, "1234/KH-UBND", "kế hoạch", "People's Committee"),
    "pipe-header": ("Bình Thuận", "Lâm Đồng", "2018-11-21", 2018, "4994/KH-UBND", "kế hoạch", "People's Committee"),
    "split-date": ("Cà Mau", "Cà Mau", "2020-10-20", 2020, "210/KH-UBND", "kế hoạch", "People's Committee"),
    "programme": ("Yên Bái", "Lào Cai", "2021-03-05", 2021, "27-CTr/TU", "chương trình", "Party Committee"),
    "decision": ("Bạc Liêu", "Cà Mau", "2022-09-08", 2022, "1520/QĐ-UBND", "quyết định", "People's Committee"),
    # No header, no place-date line: the year is the latest cited date's (Chỉ thị 13-CT/TW of 12/01/2017),
    # never labelled an issue date.
    "cited-only": ("Bến Tre", "Vĩnh Long", "", 2017, "", "kế hoạch", "Party Committee"),
    # Copied without its header: the opening sentence names the document itself.
    "intro-sentence": ("Bến Tre", "Vĩnh Long", "2021-05-20", 2021, "112/KH-UBND", "kế hoạch", "People's Committee"),
    # A decision whose "Căn cứ" preamble is longer than its body.
    "long-preamble": ("Quảng Nam", "Đà Nẵng", "2021-07-12", 2021, "2145/QĐ-UBND", "quyết định", "People's Committee"),
}


@pytest.fixture(scope="module")
def layouts():
    return build_corpus(LAYOUTS)


@pytest.mark.parametrize("doc_id", list(EXPECTED))
def test_metadata_of_each_layout(layouts, doc_id):
    row = layouts.documents.set_index("doc_id").loc[doc_id]
    fields = ["province", "province_2025", "date", "year", "number", "doc_type", "issuer"]
    assert tuple(row[f] for f in fields) == EXPECTED[doc_id]
    assert row["status"] == "ok"


def test_sources_say_where_each_value_came_from(layouts):
    docs = layouts.documents.set_index("doc_id")
    assert docs.at["wrapped-header", "date_source"] == "place-date line 'Kon Tum, ngày 17 tháng 5 năm 2019'"
    assert docs.at["wrapped-header", "number_source"] == "header line 'Số: 1234/KH-UBND'"
    assert docs.at["pipe-header", "province_source"] == "header line 'ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN'"
    assert docs.at["split-date", "date_source"] == "place-date line 'Cà Mau, ngày 20 tháng 10 năm 2020'"
    assert docs.at["cited-only", "date_source"] == ""
    assert docs.at["cited-only", "year_source"].startswith(
        "latest date of a document the text cites ('13-CT/TW, ngày 12/01/2017')")
    assert docs.at["programme", "doc_type_source"] == "title line 'CHƯƠNG TRÌNH HÀNH ĐỘNG'"
    assert docs.at["intro-sentence", "date_source"] == "opening sentence 'Kế hoạch số 112/KH-UBND ngày 20/5/2021'"
    assert docs.at["intro-sentence", "doc_type_source"] == "document number '112/KH-UBND'"
    # The file without an issue date is named in the warnings the run prints.
    assert any(w.startswith("cited-only.txt: no issue date found; year 2017") for w in layouts.warnings)


def test_a_decision_measures_the_attached_plan_and_its_preamble(layouts):
    segments = layouts.segments[layouts.segments["doc_id"] == "decision"].set_index("order")
    kinds = dict(zip(segments["text"].str[:12], segments["kind"]))
    assert kinds["Căn cứ Luật "] == "preamble" and kinds["Điều 1. Ban "] == "article"
    # The attached plan's title block is a title (not measured); its sections are the body.
    attached = segments[segments["text"].isin(["KẾ HOẠCH", "Phòng, chống sạt lở bờ biển tỉnh Bạc Liêu giai đoạn 2022 - 2025"])]
    assert (attached["part"] == "title").all() and not attached["is_body"].any()
    assert segments.loc[segments["text"].str.startswith("1. Bảo vệ đê biển Đông"), "section_path"].tolist() == ["I.1"]
    title = layouts.documents.set_index("doc_id").at["decision", "title"]
    assert title.startswith("QUYẾT ĐỊNH Về việc ban hành") and "(Ban hành kèm theo" not in title


def test_the_legal_bases_of_a_decision_are_its_preamble(layouts):
    segments = layouts.segments[layouts.segments["doc_id"] == "decision"]
    # Read off decision.txt: the issuing body, two "Căn cứ" lines, the proposal and "QUYẾT ĐỊNH:".
    assert list(segments.loc[segments["is_legal_basis"], "order"]) == [4, 5, 6, 7, 8]
    assert segments.loc[segments["is_legal_basis"], "is_body"].all()
    long = layouts.segments[layouts.segments["doc_id"] == "long-preamble"]
    assert long["is_legal_basis"].sum() == 10  # lines 5 to 14 of long-preamble.txt


def test_tabs_and_pipes_become_cells(layouts):
    segments = layouts.segments[layouts.segments["doc_id"] == "split-date"]
    assert "TỈNH CÀ MAU | Độc lập - Tự do - Hạnh phúc" in set(segments["text"])
    assert set(segments.loc[segments["part"] == "header", "order"]) == {0, 1, 2, 3}


def test_a_news_report_is_skipped_unless_plans_csv_names_it(tmp_path):
    news = ("Sáng 12/5, tại thành phố Cà Mau, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai kế hoạch phòng, "
            "chống sạt lở bờ biển năm 2023.\n"
            "Theo báo cáo, năm qua toàn tỉnh xảy ra nhiều điểm sạt lở bờ biển, ảnh hưởng đến đời sống người dân.\n"
            "Sáng 12/5, tại thành phố Cà Mau, Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai kế hoạch phòng, "
            "chống sạt lở bờ biển năm 2023.\n")
    (tmp_path / "news.txt").write_text(news, encoding="utf-8")
    shutil.copy(LAYOUTS / "pipe-header.txt", tmp_path / "plan.txt")
    row = build_corpus(tmp_path).documents.set_index("doc_id").loc["news"]
    # No title, number or place-date line, and a news dateline: marked as news, not only "not official".
    assert row["status"] == "skipped" and row["reason"] == NEWS_REPORT.format(lead="Sáng 12/5,")
    (tmp_path / "plans.csv").write_text("file,province,year\nnews.txt,Cà Mau,2023\n", encoding="utf-8")
    corpus = build_corpus(tmp_path)
    row = corpus.documents.set_index("doc_id").loc["news"]
    assert row["status"] == "ok" and row["doc_type"] == "other"
    # The repeated lead sentence is counted once: its second copy is kept but not measured.
    segments = corpus.segments[corpus.segments["doc_id"] == "news"]
    assert segments["part"].tolist() == ["body", "body", "repeat"]


def test_a_news_item_about_a_plan_is_skipped_even_with_numbered_tasks(layouts):
    # A portal's report ("Ngày 23/8/2017, Tỉnh ủy ... đã ban hành Chương trình số 27-CTr/TU ...") lists
    # the programme's tasks as "1." and "2.", but has no title, number or place-date line of its own.
    row = layouts.documents.set_index("doc_id").loc["news-report"]
    assert row["status"] == "skipped" and row["reason"] == NEWS_REPORT.format(lead="Ngày 23/8/2017,")
    assert "news-report" not in set(layouts.usable["doc_id"])


def test_a_repost_without_header_is_kept(layouts):
    # A web repost: the title in sentence case, then numbered sections; no header, no province.
    row = layouts.documents.set_index("doc_id").loc["repost"]
    assert row["status"] == "ok" and row["province"] == "" and row["n_tokens"] > 0


@pytest.mark.slow
def test_a_corpus_of_every_layout_runs_through(tmp_path, capsys):
    from analysis.cli import main

    code = main(["run", "--quiet", "--corpus", str(LAYOUTS), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0 and "error" not in err
    assert (tmp_path / "out" / "briefing.en.html").exists()


def test_plans_csv_can_set_the_document_type(tmp_path):
    shutil.copy(LAYOUTS / "pipe-header.txt", tmp_path / "plan.txt")
    (tmp_path / "plans.csv").write_text("file,doc_type\nplan.txt,đề án\n", encoding="utf-8")
    row = build_corpus(tmp_path).documents.iloc[0]
    assert row["doc_type"] == "đề án"
    assert row["doc_type_source"] == "plans.csv (detected kế hoạch from title line 'KẾ HOẠCH')"
