"""Coding sheets written for a person and read back however they were filled; the seeds' sheet the
project ships; the command line; the run's annex."""

import dataclasses
import shutil

import pandas as pd
import pytest
import yaml
from openpyxl import Workbook, load_workbook

from analysis import cli, config
from analysis.outputs import briefing
from analysis.outputs.coding_sheet import SheetError, read_sheet, sheet_files
from analysis.outputs.validation import _names, sample_sheet, validate

SHIPPED = config.CORPUS_DIR / config.VALIDATION_DIR_NAME / "seeds-reader-1.xlsx"


@pytest.fixture(scope="module")
def sheet(seed_corpus, codebook, hits, tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet") / "coding_sheet.xlsx"
    sample, written = sample_sheet(seed_corpus, codebook, hits, out, size=30, coder="An", day="2025-06-30")
    return sample, written


def test_the_sheet_has_drop_downs_instructions_a_hidden_design_and_no_answer(sheet, codebook):
    sample, (xlsx, csv, design) = sheet
    book = load_workbook(xlsx)
    assert book.sheetnames == ["passages", "instructions", "design"] and book["design"].sheet_state == "hidden"
    header = [c.value for c in book["passages"][1]]
    assert header == ["unit_id", "plan", "section", "text", "coder", *codebook.featured, "notes"]
    (rule,) = book["passages"].data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"yes,no"'
    covered = {str(r).split(":")[0][0] for r in rule.sqref.ranges}
    assert covered == {"F", "G", "H", "I"} and len(sample) == 30
    # The coder sees no answer of the codebook: the theme columns are empty, no stratum shows.
    rows = pd.read_csv(csv, keep_default_na=False)
    assert (rows[codebook.featured] == "").all().all() and "stratum" not in rows
    assert set(pd.read_csv(design)["stratum"]) >= {"none", "wastewater"}
    assert "coder" in "".join(str(c.value) for c in book["instructions"]["A"])


def test_vietnamese_drop_downs(seed_corpus, codebook, hits, tmp_path):
    sample_sheet(seed_corpus, codebook, hits, tmp_path / "vi.xlsx", size=5, lang="vi")
    (rule,) = load_workbook(tmp_path / "vi.xlsx")["passages"].data_validations.dataValidation
    assert rule.formula1 == '"có,không"'


def test_the_same_seed_gives_the_same_sheet(seed_corpus, codebook, hits, sheet, tmp_path):
    _, (_, csv, design) = sheet
    _, again = sample_sheet(seed_corpus, codebook, hits, tmp_path / "again.xlsx", size=30, coder="An", day="2025-06-30")
    assert again[1].read_bytes() == csv.read_bytes() and again[2].read_bytes() == design.read_bytes()
    other, _ = sample_sheet(seed_corpus, codebook, hits, None, size=30, seed=1)
    assert set(other["unit_id"]) != set(pd.read_csv(csv)["unit_id"])


def test_reading_tolerates_reordered_rows_blanks_extra_columns_and_other_spellings(sheet, codebook, tmp_path):
    _, (xlsx, _, _) = sheet
    source = load_workbook(xlsx)["passages"]
    rows = [[c.value for c in r] for r in source.iter_rows()]
    header, body = rows[0], rows[1:][::-1]  # reordered
    filled = Workbook()
    out = filled.active
    out.append(["extra", *header[::-1]])  # columns reordered, one added
    answers = ["Có", "x", "NO", "", "maybe"]
    for k, row in enumerate(body):
        values = dict(zip(header, row))
        values["wastewater"] = answers[k % 5]
        out.append(["?", *[values[h] for h in header[::-1]]])
    filled.save(tmp_path / "filled.xlsx")
    read = read_sheet(tmp_path / "filled.xlsx", _names(codebook))
    assert read.coder == "An" and read.design is None  # this copy lost its design sheet
    assert read.codes["code"].value_counts().to_dict() == {1.0: 12, 0.0: 6}  # 6 x "Có" + 6 x "x", 6 x "NO"
    assert read.notes and "6 answers" in read.notes[0]  # "maybe", 6 times: left out and said
    # An older sheet: a CSV headed by a theme's label, no coder, section or design.
    older = pd.DataFrame({"unit_id": body[0][0:1] + body[1][0:1], "Wastewater": ["yes", "no"], "text": ["a", "b"]})
    older.to_csv(tmp_path / "older.csv", index=False)
    read = read_sheet(tmp_path / "older.csv", _names(codebook))
    assert read.coder == "older" and list(read.codes["code"]) == [1.0, 0.0] and read.design is None


@pytest.mark.parametrize("name, content", [
    ("notes.txt", b"not a sheet"), ("plan.csv", "province,year\nCa Mau,2020\n".encode()),
    ("broken.xlsx", b"PK\x03\x04 not really a zip"), ("missing.xlsx", None),
    ("no_themes.csv", b"unit_id,text\nx:1,a\n"),
])
def test_a_file_that_is_not_a_sheet_gets_one_line(tmp_path, codebook, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SheetError) as error:
        read_sheet(path, _names(codebook))
    assert "\n" not in str(error.value) and name in str(error.value)


def test_the_seeds_sheet_shows_the_sea_level_rise_passages_as_misses(seed_corpus, codebook, hits):
    """The project's own reading of all 151 passages (corpus/validation/seeds-reader-1.xlsx)."""
    assert sheet_files(config.CORPUS_DIR) == [SHIPPED]
    result = validate(seed_corpus, codebook, hits, [SHIPPED])
    scores = result.scores.set_index("theme")
    assert list(scores.index) == codebook.featured and (scores["n_coded"] == 151).all()
    assert (scores["precision"] == 1.0).all()
    # Coastal: 6 passages coded, 3 found (Cà Mau II.4, III.2; Thanh Hóa II.3): recall 3/6, Wilson
    # at p = 0.5, n = 6 (every passage coded, weight 1): (0.820122 ± 0.512387) / 1.640243.
    coastal = scores.loc["coastal_protection"]
    assert (coastal.tp, coastal.fn, coastal.recall) == (3, 3, 0.5)
    assert (coastal.recall_low, coastal.recall_high) == pytest.approx((0.18762, 0.81238), abs=1e-5)
    assert scores.loc["wastewater", "tp"] == 9 and scores.loc["plastic_waste", "tp"] == 3
    missed = result.disagreements
    assert set(missed["kind"]) == {"false_negative"} and set(missed["theme"]) == {"coastal_protection"}
    assert all("nước biển dâng" in passage for passage in missed["text"])
    assert "nước biển dâng" in {e["phrase"] for e in yaml.safe_load(result.suggestions)["coastal_protection"]}


def test_the_command_scores_and_shows_the_change_after_a_codebook_edit(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(config, "CACHE_DIR", tmp_path / "cache")
    assert cli.main(["validate", "score", str(SHIPPED), "--format", "csv"]) == 0
    first = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert "recall_change" not in first
    edited = tmp_path / "themes.yml"
    book = yaml.safe_load(config.CODEBOOK_PATH.read_text(encoding="utf-8"))
    next(t for t in book["themes"] if t["id"] == "coastal_protection")["phrases"].append("mô hình nhà ở")
    edited.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    assert cli.main(["validate", "score", str(SHIPPED), "--codebook", str(edited), "--format", "csv"]) == 0
    again = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out)).set_index("theme")
    # One more of the 6 coastal passages found (Cà Mau III.3's housing model): recall 3/6 -> 4/6.
    assert again.loc["coastal_protection", "recall"] == pytest.approx(4 / 6)
    assert again.loc["coastal_protection", "recall_change"] == pytest.approx(4 / 6 - 0.5)
    assert again.loc["wastewater", "recall_change"] == 0


def test_the_command_gives_one_line_for_a_bad_sheet(tmp_path, capsys):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli.main(["validate", "score", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no unit_id column" in err
    assert cli.main(["validate", "sample", "--size", "0"]) == 2


def test_the_run_reports_the_validation(seed_run):
    out = seed_run.out_dir
    table = pd.read_csv(out / "validation.csv").set_index("theme")
    assert table.loc["coastal_protection", "recall"] == 0.5
    assert "nước biển dâng" in (out / "validation_suggestions.yml").read_text(encoding="utf-8")
    english = (out / "briefing.en.html").read_text(encoding="utf-8")
    assert "How well the codebook reads these plans" in english and "0.50 (0.19–0.81)" in english
    assert "reader-1" in english and "Not yet checked" not in english  # every featured theme was coded
    vietnamese = (out / "briefing.vi.html").read_text(encoding="utf-8")
    assert "Bộ mã đọc các kế hoạch này chính xác đến đâu" in vietnamese and "0,50 (0,19–0,81)" in vietnamese


def test_the_bottom_line_names_featured_themes_no_one_has_checked(seed_run):
    analysis = seed_run.analysis
    table = analysis.tables["validation"]
    partial = dataclasses.replace(analysis, tables={**analysis.tables, "validation": table[table["theme"] != "wastewater"]})
    said = [s.striptags() for s in briefing.bottom_line(partial, "en")]
    assert said[-1].startswith("Not yet checked against a person's reading of these plans: Wastewater")
    assert len(said) <= config.BOTTOM_LINE_MAX_SENTENCES
    none = dataclasses.replace(analysis, tables={**analysis.tables, "validation": table.iloc[:0]})
    assert "chưa được đối chiếu" in briefing.bottom_line(none, "vi")[-1].striptags().lower()


def test_sheets_outside_the_folder_are_not_plans(tmp_path):
    from analysis.read.ingest import discover

    (tmp_path / "validation").mkdir()
    shutil.copy(SHIPPED, tmp_path / "validation" / "a.xlsx")
    (tmp_path / "plan.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in discover(tmp_path)] == ["plan.txt"]


def _calc_installed() -> bool:
    # LibreOffice Calc (Debian libreoffice-calc-nogui) puts its spreadsheet library beside soffice.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return False
    from pathlib import Path

    program = Path(soffice).resolve().parent
    return any((folder / "libsclo.so").exists() for folder in (program, Path("/usr/lib/libreoffice/program")))


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed (libreoffice-calc-nogui)")
def test_the_sheet_opens_in_libreoffice_calc(sheet, tmp_path):
    """Researchers code in Excel or LibreOffice: Calc opens the sheet and finds every passage in it."""
    import subprocess

    sample, (xlsx, _, _) = sheet
    profile = tmp_path / "profile"  # a profile of its own, as the .doc reader uses
    subprocess.run([shutil.which("soffice") or shutil.which("libreoffice"), f"-env:UserInstallation=file://{profile}",
                    "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=180)
    exported = sorted(tmp_path.glob("coding_sheet*.csv"))
    assert exported, "Calc wrote nothing"
    text = "\n".join(path.read_text(encoding="utf-8") for path in exported)
    ids = sample["unit_id"].astype(str)
    assert all(passage_id in text for passage_id in ids), "a passage of the sheet is missing in Calc"
