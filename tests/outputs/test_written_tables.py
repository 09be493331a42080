"""Outputs that stay small: each passage's text in one file (passages.csv), tables pointing to it by
passage id, long workbook sheets cut with a pointer to their CSV, and the briefing and explorer still
quoting the evidence (they read the tables in memory, which keep every passage)."""

import html
import json
import re

import openpyxl
import pandas as pd

from analysis import config
from analysis.csv_tables import read_csv
from analysis.outputs.briefing import evidence_quotes
from analysis.outputs.tables import quote, written_tables
from analysis.outputs.workbook import write_workbook


def _text_cells(path) -> list[str]:
    table = read_csv(path, keep_default_na=False, dtype=str)
    return [cell for column in table.columns for cell in table[column] if cell]


def test_no_passage_text_is_written_in_more_than_one_csv(seed_run):
    out = seed_run.out_dir
    passages = read_csv(out / "passages.csv", keep_default_na=False)
    # A passage of more words than a quote holds can only be written whole; a shorter one may be its own quote.
    long = {t for t in passages["text"] if len(t.split()) > config.QUOTE_WORDS}
    # The test can fail: before, the seed run's evidence, commitments and agency tables wrote these passages.
    in_memory = set(seed_run.tables["theme_evidence"]["segment_text"]) | set(seed_run.tables["agency_assignments"]["text"])
    assert len(long & in_memory) > 20
    # validation_disagreements shows the text each coder read, from their sheet (perhaps of an older
    # corpus): what the coders disagree on, not this run's passages.
    for path in sorted(out.rglob("*.csv")):
        if path.name not in ("passages.csv", "validation_disagreements.csv"):
            assert not long & set(_text_cells(path)), path.name
    assert not passages.duplicated("passage_id").any()


def test_no_csv_holds_the_same_sentence_twice(seed_run):
    """A sentence naming several agencies was written once per agency; now it is one passage, quoted."""
    repeated = seed_run.tables["agency_assignments"]["text"]
    assert repeated.duplicated().any()  # the test can fail: the table in memory repeats sentences
    for path in sorted(seed_run.out_dir.rglob("*.csv")):  # a quote is at most QUOTE_WORDS words and "…"
        long = [cell for cell in _text_cells(path) if len(cell.split()) > config.QUOTE_WORDS + 1]
        assert len(long) == len(set(long)), path.name


def test_every_row_points_to_a_written_passage(seed_run):
    out = seed_run.out_dir
    ids = set(read_csv(out / "passages.csv")["passage_id"])
    for name in ("theme_evidence", "theme_citations", "commitments", "agency_assignments", "directives",
                 "topic_representative_segments"):
        pointed = read_csv(out / f"{name}.csv")["passage_id"].dropna()
        assert len(pointed) and set(pointed) <= ids, name
    evidence = read_csv(out / "theme_evidence.csv").merge(read_csv(out / "passages.csv"), on="passage_id")
    assert len(evidence) == len(seed_run.tables["theme_evidence"])
    assert all(match in text for match, text in zip(evidence["match"], evidence["text"]))


def test_a_commitment_keeps_a_readable_quote_and_its_passage(seed_run):
    written = read_csv(seed_run.out_dir / "commitments.csv", keep_default_na=False)
    measured = seed_run.tables["commitments"]
    assert "text" not in written and list(written["quote"]) == [quote(t) for t in measured["text"]]
    passages = read_csv(seed_run.out_dir / "passages.csv").set_index("passage_id")["text"]
    for passage_id, sentence in zip(written["passage_id"], measured["text"]):
        assert sentence in passages[passage_id]  # the whole sentence is in its passage


def test_quote_cuts_at_words():
    words = " ".join(f"từ{i}" for i in range(30))
    assert quote(words, 25) == " ".join(f"từ{i}" for i in range(25)) + " …"
    assert quote("Xử lý nước thải.", 25) == "Xử lý nước thải."
    assert quote(None) is None


def test_a_long_sheet_is_cut_and_says_where_every_row_is(tmp_path):
    evidence = pd.DataFrame({"doc_id": [f"plan-{i:02d}" for i in range(25)], "hits": range(25)})
    path = write_workbook({"theme_evidence": evidence, "corpus": evidence.head(3)}, tmp_path / "t.xlsx", "en",
                          max_rows=10)
    book = openpyxl.load_workbook(path)
    rows = list(book["theme_evidence"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:11]] == [f"plan-{i:02d}" for i in range(10)]
    assert rows[11] == (None, None)  # a blank row, then the note outside the filter
    assert "first 10 of 25 rows" in rows[12][0] and "theme_evidence.csv" in rows[12][0]
    assert book["theme_evidence"].auto_filter.ref == "A1:B11"
    assert book["corpus"].max_row == 4  # a short table whole, no note
    about = {row[0]: row[3] for row in book["about"].iter_rows(values_only=True) if row[0]}
    assert "theme_evidence.csv" in about["theme_evidence"] and ".csv" not in about["corpus"]


def test_the_cut_is_said_in_vietnamese_too(tmp_path):
    table = pd.DataFrame({"hits": range(1500)})
    book = openpyxl.load_workbook(write_workbook({"passages": table}, tmp_path / "t.xlsx", "vi", max_rows=1200))
    note = book["passages"].cell(1200 + 3, 1).value
    assert "1.200" in note and "1.500" in note and "passages.csv" in note


def test_the_briefing_and_the_explorer_still_quote_the_evidence(seed_run):
    quotes = evidence_quotes(seed_run.analysis)
    assert quotes
    passages = set(read_csv(seed_run.out_dir / "passages.csv")["text"])
    page = (seed_run.out_dir / "briefing.en.html").read_text(encoding="utf-8")
    shown = html.unescape(re.sub(r"</?mark>", "", page))
    for entry in quotes:
        assert entry["text"] in passages  # every quote is a passage of passages.csv
        assert " ".join(entry["text"].split()[:12]) in " ".join(shown.split())
    explorer = (seed_run.out_dir / "explorer.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', explorer, re.S)
                      .group(1).replace("<\\/", "</"))
    assert sum(len(plan["hits"]) for plan in data["plans"]) == len(seed_run.tables["theme_evidence"])
