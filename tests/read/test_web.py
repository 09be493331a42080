"""Saved web pages (tests/data/web/pages, built by tests/data/build_web_fixtures.py from the
hand-written texts in tests/data/web/sources): the document is kept, the portal dropped.

Each page's theme counts equal its source text's, phrase by phrase (the phrases planted in the
portal's menus, sidebars, scripts, hidden elements and footers never count), its metadata is the
document's, its tables are one line per row, and bad pages are skipped with one sentence.
"""

import shutil

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config import PROJECT_DIR
from analysis.measure.commitments.agencies import agency_assignments
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import theme_hits
from analysis.read import ingest
from analysis.read.corpus import NEWS_REPORT, build_corpus
from analysis.read.formats import SkipFile, web

WEB = PROJECT_DIR / "tests" / "data" / "web"
PAGES, SOURCES = WEB / "pages", WEB / "sources"
PLAN, PROGRAMME = "quang-ngai-2022-kh145", "thua-thien-hue-2017-ctr27"
# page -> the source text it was built from
DOCUMENT_PAGES = {
    f"tvpl-{PLAN}.html": PLAN,
    f"vbpl-{PLAN}.htm": PLAN,
    f"ncr-{PLAN}.html": PLAN,
    f"saved-{PLAN}.mhtml": PLAN,
    f"portal-{PROGRAMME}.html": PROGRAMME,
}
# Read off the sources by hand: (province, date, year, number, doc_type, issuer).
METADATA = {
    PLAN: ("Quảng Ngãi", "2022-09-14", 2022, "145/KH-UBND", "kế hoạch", "People's Committee"),
    # No header of its own: the portal's intro "Ngày 23/8/2017, Tỉnh ủy Thừa Thiên Huế đã ban hành
    # Chương trình số 27-CTr/TU" dates and numbers it; the title line says what kind it is.
    PROGRAMME: ("Thừa Thiên Huế", "2017-08-23", 2017, "27-CTr/TU", "chương trình", "Party Committee"),
}
TASK_ROW = ("1 | Xây dựng bản đồ phân vùng nguy cơ sạt lở bờ biển, bờ sông | Sở Tài nguyên và Môi trường | "
            "Ủy ban nhân dân các huyện, thị xã, thành phố | Năm 2023")


def _alone(tmp_path_factory, path):
    """A corpus of one file (the pages of one plan are duplicates of each other in one folder)."""
    folder = tmp_path_factory.mktemp("page")
    shutil.copy(path, folder / path.name)
    return build_corpus(folder)


@pytest.fixture(scope="module")
def sources():
    return build_corpus(SOURCES)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return {name: _alone(tmp_path_factory, PAGES / name) for name in DOCUMENT_PAGES}


def _counts(hits):
    return hits.groupby(["theme", "phrase"]).size().to_dict()


@pytest.fixture(scope="module")
def source_counts(sources):
    hits = theme_hits(sources, load_codebook())
    return {doc_id: _counts(hits[hits["doc_id"] == doc_id]) for doc_id in (PLAN, PROGRAMME)}


@pytest.mark.parametrize("page", list(DOCUMENT_PAGES))
def test_each_phrase_counts_as_in_the_source_text(pages, sources, source_counts, page):
    source = DOCUMENT_PAGES[page]
    assert source_counts[source] and _counts(theme_hits(pages[page], load_codebook())) == source_counts[source]
    row = pages[page].documents.iloc[0]
    assert row["format"] == "html" and row["n_tokens"] == sources.documents.set_index("doc_id").at[source, "n_tokens"]


def test_counts_read_by_hand(sources):
    # quang-ngai-2022-kh145.txt: "đê biển" in II.2, III.2 and the appendix's row 2; "sạt lở bờ biển" in I.1
    # ("sạt lở bờ sông, bờ biển"), III.2, the appendix's heading and its row 1; wastewater: "thu gom, xử lý nước
    # thải" (2), "không để nước thải" (1), row 3's "trạm xử lý nước thải" (1).
    hits = theme_hits(sources, load_codebook())
    plan = hits[hits["doc_id"] == PLAN]
    assert (plan["phrase"] == "đê biển").sum() == 3
    assert (plan["phrase"] == "sạt lở bờ biển").sum() == 4
    assert (plan["theme"] == "wastewater").sum() == 4


@pytest.mark.parametrize("page", list(DOCUMENT_PAGES))
def test_metadata_is_the_documents(pages, page):
    row = pages[page].documents.iloc[0]
    assert row["status"] == "ok", row["reason"]
    fields = ["province", "date", "year", "number", "doc_type", "issuer"]
    assert tuple(row[f] for f in fields) == METADATA[DOCUMENT_PAGES[page]]


def test_the_portal_is_dropped(pages):
    for page, corpus in pages.items():
        text = next(iter(corpus.texts.values()))
        for portal in ["Văn bản liên quan", "Từ khóa", "Lượt xem", "Ngày đăng", "keywords", "Trang chủ", "Đang tải",
                       "Số hiệu", "Ý kiến bạn đọc", "Ghi rõ nguồn", "THƯ VIỆN PHÁP LUẬT", "Tin liên quan", "In văn bản"]:
            assert portal not in text, (page, portal)


def test_intro_metadata_says_where_it_came_from(pages):
    row = pages[f"portal-{PROGRAMME}.html"].documents.iloc[0]
    intro = "portal intro 'Ngày 23/8/2017, Tỉnh ủy Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU'"
    assert row["date_source"] == row["number_source"] == row["issuer_source"] == intro
    assert row["doc_type_source"] == "title line 'CHƯƠNG TRÌNH HÀNH ĐỘNG'"


def test_table_rows_are_lines_with_cells_apart(pages):
    corpus = pages[f"tvpl-{PLAN}.html"]
    segments = corpus.segments.set_index("text")
    assert segments.at[TASK_ROW, "is_body"]  # in the appendix, after the signature: text again
    assert "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành" in segments.index
    # The header's stacked cells: one line, each cell apart.
    assert next(iter(corpus.texts.values())).startswith(
        "ỦY BAN NHÂN DÂN | TỈNH QUẢNG NGÃI | ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")


def test_agencies_of_a_task_table_are_read(pages):
    corpus = pages[f"vbpl-{PLAN}.htm"]
    assignments = agency_assignments(corpus, theme_hits(corpus, load_codebook()))
    # A table row's task is its task cell (measure.commitments.task_tables).
    rows = assignments[assignments["text"] == TASK_ROW.split(" | ")[1]]
    assert set(zip(rows["agency"], rows["role"])) == {("Sở Tài nguyên và Môi trường", "lead"),
                                                     ("Ủy ban nhân dân các huyện", "coordinate")}
    row_2 = assignments[assignments["text"].str.startswith("Nâng cấp đê biển Đức Phổ")]
    assert sorted(row_2.loc[row_2["role"] == "coordinate", "agency"]) == ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"]
    assert set(row_2["themes"]) == {"coastal_protection"}


# --- pages holding no document --------------------------------------------------------


def test_search_results_page_is_skipped():
    decoded = ingest.read_plan(PAGES / "search-results.html")
    assert not decoded.ok and decoded.reason == web.LINKS_ONLY


def test_news_report_is_marked_as_news_unless_plans_csv_keeps_it(tmp_path):
    name = f"news-{PLAN}.html"
    shutil.copy(PAGES / name, tmp_path / name)
    row = build_corpus(tmp_path).documents.iloc[0]
    assert row["status"] == "skipped"
    assert row["reason"] == NEWS_REPORT.format(lead="(Baoquangngai.vn) - UBND tỉnh vừa ban hành")
    (tmp_path / "plans.csv").write_text(f"file,province,year\n{name},Quảng Ngãi,2022\n", encoding="utf-8")
    assert build_corpus(tmp_path).documents.iloc[0]["status"] == "ok"


def test_a_page_date_is_never_the_issue_date(tmp_path):
    # A copied page keeps "Ngày cập nhật" above a repost without header: no issue date, and not 2024.
    repost = (PROJECT_DIR / "tests" / "data" / "layouts" / "repost.txt").read_text(encoding="utf-8")
    (tmp_path / "copied.txt").write_text("Ngày cập nhật: 15/09/2024 10:20\n" + repost, encoding="utf-8")
    row = build_corpus(tmp_path).documents.iloc[0]
    assert row["status"] == "ok" and row["date"] == "" and pd.isna(row["year"])  # repost.txt dates nothing it cites


# --- decoding -------------------------------------------------------------------------


def test_encodings_as_browsers_sniff_them():
    assert ingest.read_plan(PAGES / f"portal-{PROGRAMME}.html").encoding == "cp1258 (<meta charset>)"
    assert ingest.read_plan(PAGES / f"vbpl-{PLAN}.htm").encoding == "utf-8 (BOM)"
    page = "<p>Kế hoạch</p>".encode("cp1252", errors="ignore")
    assert web.decode_html(b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\xe9')[1] \
        == "cp1252 (<meta charset>)"  # WHATWG reads latin-1 labels as windows-1252
    assert web.decode_html("<p>Kế hoạch</p>".encode("utf-8"), transport="utf-8")[1] == "utf-8 (archive part)"
    assert web.decode_html(page, forced="cp1258")[1] == "cp1258"


def test_entities_references_and_non_breaking_spaces():
    html = "<p>Bi&#7871;n &#x111;&#7893;i kh&iacute;&nbsp;h&#7853;u</p><div>n&#432;&#7899;c<br>th&#7843;i</div>"
    assert web.page_lines(html) == ["Biến đổi khí hậu", "nước", "thải"]


# --- bad pages: one sentence each, never an exception ------------------------------------------


@pytest.mark.parametrize("name, data, reason", [
    ("notes.html", "Kế hoạch bảo vệ môi trường, xử lý nước thải\n".encode() * 20, web.NOT_A_PAGE),
    ("empty.html", "<!DOCTYPE html><html><head><title>Kế hoạch</title></head><body>  </body></html>".encode(), web.NO_TEXT),
    ("scripts.html", "<html><body><script>var t='nước thải';</script><nav>Trang chủ</nav></body></html>".encode(),
     web.NO_TEXT),
    ("binary.html", bytes(range(256)) * 16, "binary data"),
    ("renamed.htm", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "rename it to .pdf"),
    ("no-page.mhtml", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                      b"Content-Type: text/css\r\n\r\np{}\r\n--b--\r\n", "without a web page"),
])
def test_bad_pages_are_skipped_with_one_sentence(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    decoded = ingest.read_plan(tmp_path / name)
    assert not decoded.ok and reason in decoded.reason
    assert "\n" not in decoded.reason and ";" in decoded.reason


FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_TAGS = st.sampled_from(["<p>", "</p>", "<br>", "<table>", "<tr>", "<td>", "</td>", "</table>", "<div hidden>",
                         "<script>", "</script>", "<a href=x>", "</a>", "&#7871;", "&nbsp;", "<!--", "-->", "<?xml ?>",
                         "<meta charset=utf-16>", "<li>", "MIME-Version: 1.0\nContent-Type: multipart/related\n"])


def _only_skips(data: bytes) -> None:
    try:
        reading = web.read(data)
    except SkipFile as skip:
        assert str(skip) and "\n" not in str(skip)
    else:
        assert isinstance(reading.text, str) and reading.format == "html"


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_raise_nothing_but_skipfile(data):
    _only_skips(data)


@FUZZ
@given(parts=st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=60),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1258"]))
def test_random_markup_raises_nothing_but_skipfile(parts, encoding):
    _only_skips("".join(parts).encode(encoding, errors="ignore"))


def test_the_briefing_says_web_skip_reasons_in_vietnamese():
    from analysis.outputs.briefing import skip_reason

    assert skip_reason(web.LINKS_ONLY, "vi").startswith("trang danh sách liên kết")
    assert skip_reason(web.NO_TEXT, "vi").startswith("trang web không có nội dung")
    assert skip_reason(web.NOT_A_PAGE, "vi").startswith("tệp mang đuôi trang web")
