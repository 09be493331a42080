"""Tables in .docx: one line per row with the cells apart (``formats.table_lines``, as for web pages).

The Word file is written from the hand-written source of the web fixtures
(tests/data/web/sources/quang-ngai-2022-kh145.txt) the way Word plans are laid out: the header a
two-column table whose cells stack several paragraphs, the signature a table, the appendix a task table.
"""

import pytest

from analysis.config import PROJECT_DIR
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import theme_hits
from analysis.read.corpus import build_corpus
from analysis.read.formats import table_lines, word

SOURCE = PROJECT_DIR / "tests" / "data" / "web" / "sources" / "quang-ngai-2022-kh145.txt"
TASK_ROW = ("2 | Nâng cấp đê biển Đức Phổ và kè chống xói lở bờ biển Mỹ Á | Sở Nông nghiệp và Phát triển nông thôn | "
            "Sở Kế hoạch và Đầu tư; Sở Tài chính | Năm 2025")


def _write_plan_docx(path) -> None:
    import docx

    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    header = [line.split("\t") for line in lines[:3]]
    table = document.add_table(rows=1, cols=2)
    for column in range(2):  # each cell stacks three paragraphs: "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: ..."
        cell = table.cell(0, column)
        cell.text = header[0][column]
        for row in header[1:]:
            cell.add_paragraph(row[column])
    run: list[list[str]] = []
    for line in lines[3:] + [""]:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        if run:
            table = document.add_table(rows=len(run), cols=len(run[0]))
            for r, cells in enumerate(run):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            run = []
        if line:
            document.add_paragraph(line)
    document.save(str(path))


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    _write_plan_docx(folder / "plan.docx")
    (folder / "source.txt").write_text(SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return build_corpus(folder)


def test_a_header_table_with_stacked_paragraphs_gives_the_metadata(plans):
    row = plans.documents.set_index("doc_id").loc["plan"]
    assert (row["province"], row["date"], row["number"], row["issuer"]) == (
        "Quảng Ngãi", "2022-09-14", "145/KH-UBND", "People's Committee")
    assert row["number_source"] == "header line 'Số: 145/KH-UBND'"
    # The source's header is laid out row by row, the docx's cell by cell: the same document otherwise.
    assert row["status"] == "ok" and row["n_tokens"] == plans.documents.set_index("doc_id").at["source", "n_tokens"]


def test_task_rows_are_one_line_and_count_as_the_source(plans):
    assert TASK_ROW in plans.texts["plan"].splitlines()
    assert plans.texts["plan"].startswith("ỦY BAN NHÂN DÂN | TỈNH QUẢNG NGÃI | Số: 145/KH-UBND | CỘNG HÒA")
    hits = theme_hits(plans, load_codebook())
    by_plan = {doc_id: rows.groupby(["theme", "phrase"]).size().to_dict() for doc_id, rows in hits.groupby("doc_id")}
    assert by_plan["plan"] == by_plan["source"]


def test_docx_reader_writes_rows_through_the_one_table_rule(tmp_path):
    path = tmp_path / "plan.docx"
    _write_plan_docx(path)
    text = word.read_docx(path.read_bytes())
    expected = table_lines([[["Nơi nhận:"], ["TM. ỦY BAN NHÂN DÂN"]], [["- Bộ Tài nguyên và Môi trường;"], ["KT. CHỦ TỊCH"]]])
    assert "\n".join(expected) in text


def test_table_lines():
    assert table_lines([[["STT"], ["Nội dung"]], [["1"], ["Xử lý", "nước thải"]], [[""], [" "]]]) == [
        "STT\tNội dung", "1\tXử lý\tnước thải"]
    assert table_lines([[["Một ô", "hai dòng"]]]) == ["Một ô", "hai dòng"]  # a box around text stays lines
