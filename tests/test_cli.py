"""The command line as a researcher meets it: exit codes, formats, one-line messages."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main

from conftest import CA_MAU, KON_TUM, SEED_DIR, THANH_HOA


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_corpus_command_csv(capsys):
    code, out, err = run(["corpus", "--format", "csv"], capsys)
    assert code == 0
    table = pd.read_csv(__import__("io").StringIO(out), keep_default_na=False)
    for column in ["doc_id", "path", "status", "reason", "province", "year", "date", "number", "issuer", "n_tokens"]:
        assert column in table.columns
    assert sorted(table["doc_id"]) == sorted([KON_TUM, CA_MAU, THANH_HOA])
    assert set(table["status"]) == {"ok"}


def test_kwic_command_json_and_counts(capsys):
    code, out, err = run(["kwic", "nước thải", "--format", "json", "--window", "4"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 11 and {"doc_id", "province", "year", "section", "left", "match", "right"} <= set(rows[0])
    assert f"{KON_TUM} 4" in err


def test_table_format_prints_a_readable_table(capsys):
    code, out, _ = run(["kwic", "đê biển"], capsys)
    assert code == 0 and "doc_id" in out.splitlines()[0]


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["kwic"], ["kwic", "x", "--window", "many"],
                                  ["corpus", "--format", "xml"], ["kwic", "   "], ["kwic", "x", "--window", "-1"]])
def test_bad_arguments_exit_2_with_one_line(args, capsys):
    code, out, err = run(args, capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ")


def test_missing_corpus_folder(capsys, tmp_path):
    code, _, err = run(["corpus", "--corpus", str(tmp_path / "nope")], capsys)
    assert code == 2 and "does not exist" in err and err.count("\n") == 1


def test_no_usable_plan_exits_1(capsys, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run(["corpus", "--corpus", str(tmp_path)], capsys)
    assert code == 1
    assert "skipped empty.txt: this file is empty" in err and "no usable plan" in err
    code, _, _ = run(["kwic", "nước", "--corpus", str(tmp_path)], capsys)
    assert code == 1


# `run` on the seed corpus (exit code, summary, corpus.csv, corpus/ untouched, identical files):
# tests/outputs/test_run_date.py, which compares it with the shared seed run.


@pytest.mark.parametrize("command", [[], ["corpus"], ["kwic"], ["run"], ["commitments"]])
def test_help_on_every_command(command):
    result = subprocess.run([sys.executable, "-m", "analysis", *command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "usage:" in result.stdout and "--" in result.stdout


def test_no_traceback_for_a_bad_file(tmp_path):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "plan.txt").write_bytes((SEED_DIR / f"{CA_MAU}.txt").read_bytes())
    result = subprocess.run([sys.executable, "-m", "analysis", "corpus", "--corpus", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == "skipped binary.txt: this file contains binary data, not text; replace it with the plan's text, .docx or .pdf"


def test_themes_command(capsys):
    code, out, _ = run(["themes", "--format", "csv", "--bootstrap", "50"], capsys)
    assert code == 0
    table = pd.read_csv(__import__("io").StringIO(out))
    assert {"doc_id", "province", "year", "theme", "hits", "rate_per_1k", "share", "rank", "ci_low", "ci_high"} <= set(table.columns)
    code, out, _ = run(["themes", "--evidence", "--format", "json", "--bootstrap", "10"], capsys)
    rows = json.loads(out)
    assert code == 0 and {"segment_text", "section_path", "left", "right"} <= set(rows[0])


def test_the_public_measure_and_the_command_count_the_same_hits_beside_a_citation(capsys, tmp_path):
    from analysis.measure.themes.codebook import load_codebook
    from analysis.measure.themes.measures import theme_hits, theme_measures
    from analysis.read.corpus import build_corpus

    # "xử lý nước thải" twice: inside the citation of Decree 80 (reported, not counted), then a task.
    (tmp_path / "plan.txt").write_text(
        "KẾ HOẠCH\nBảo vệ môi trường\n\nI. NỘI DUNG\nThực hiện Nghị định số 80/2014/NĐ-CP về thoát nước và "
        "xử lý nước thải.\nXây dựng nhà máy xử lý nước thải.\n", encoding="utf-8")
    code, out, _ = run(["themes", "--corpus", str(tmp_path), "--format", "csv", "--bootstrap", "5"], capsys)
    assert code == 0
    command = pd.read_csv(__import__("io").StringIO(out)).set_index("theme")["hits"]
    corpus = build_corpus(tmp_path)
    codebook = load_codebook()
    measured = theme_measures(corpus, theme_hits(corpus, codebook), codebook, n_boot=5).set_index("theme")["hits"]
    assert command["wastewater"] == measured["wastewater"] == 1
    assert command.to_dict() == measured.to_dict()


def test_bad_codebook_is_one_line(capsys, tmp_path):
    bad = tmp_path / "themes.yml"
    bad.write_text("themes:\n  - id: x\n", encoding="utf-8")
    code, _, err = run(["themes", "--codebook", str(bad)], capsys)
    assert code == 2 and err.count("\n") == 1 and "theme 'x' has no label_en" in err


def test_keyness_command(capsys):
    code, out, _ = run(["keyness", "--target", "Cà Mau", "--format", "csv", "--top", "5"], capsys)
    assert code == 0
    table = pd.read_csv(__import__("io").StringIO(out))
    assert list(table.columns) == ["feature", "G2", "chi2", "p", "p_adj", "p_chi2", "log_ratio", "n_target", "n_reference"]
    assert len(table) == 10 and (table["G2"].head(5) > 0).all() and (table["G2"].tail(5) < 0).all()
    code, _, err = run(["keyness", "--target", "Atlantis"], capsys)
    assert code == 2 and err.count("\n") == 1 and "Atlantis" in err


def test_topics_command(capsys):
    code, out, err = run(["topics", "--k", "5", "--show", "prevalence", "--format", "csv"], capsys)
    assert code == 0
    table = pd.read_csv(__import__("io").StringIO(out))
    assert table.groupby("doc_id")["prevalence"].sum().round(6).eq(1).all()
    assert "k = 5" in err and "stability" in err
    code, _, err = run(["topics", "--k-range", "9-4"], capsys)
    assert code == 2 and err.count("\n") == 1
    # --k 5: the check comes after the search over k (a whole LDA search without it)
    code, _, err = run(["topics", "--method", "lda", "--guided", "wastewater", "--k", "5"], capsys)
    assert code == 2 and "nmf" in err


@pytest.mark.slow
def test_run_quiet_prints_only_problems(capsys, tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "plan.txt").write_bytes((SEED_DIR / f"{CA_MAU}.txt").read_bytes())
    (tmp_path / "corpus" / "empty.txt").write_bytes(b"")
    args = ["run", "--corpus", str(tmp_path / "corpus"), "--out", str(tmp_path / "out"), "--seed", "7", "--topic-seed", "11"]
    code, _, err = run(args, capsys)
    lines = err.strip().splitlines()
    # Progress is a tqdm bar on a terminal only: a log (as here) holds just the summary.
    assert code == 0 and len(lines) == 4 and lines[1] == f"codebook: {config.CODEBOOK_PATH} (19 themes)"
    assert lines[0] == "skipped empty.txt: this file is empty; replace it with the plan's text or remove it"
    assert lines[2].startswith("topics: NMF k = ")
    assert lines[3].startswith("analysed 1 plan, 1 file skipped or duplicate; ")
    # Each seed reaches its own step.
    parameters = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    assert parameters["theme_bootstrap_seed"] == 7 and parameters["topic_seed"] == 11
    # --quiet: the problem alone (the rerun finds the outputs up to date, so it costs nothing).
    code, out, err = run(args + ["--quiet"], capsys)
    assert code == 0 and out == ""
    assert err.strip().splitlines() == ["skipped empty.txt: this file is empty; replace it with the plan's text or remove it"]


def test_message_for_each_expected_problem(capsys, tmp_path, monkeypatch):
    """Issue 8: one plain line each, never a traceback."""
    from analysis.read.formats import OLE2_SIGNATURE, word

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_bytes((SEED_DIR / f"{CA_MAU}.txt").read_bytes())
    (corpus / "old.doc").write_bytes(OLE2_SIGNATURE + b"\x00" * 512)
    (corpus / "plans.csv").write_text("file,province\nplan.txt,Ca Mao\n", encoding="utf-8")
    monkeypatch.setattr(word.shutil, "which", lambda name: None)
    code, _, err = run(["corpus", "--corpus", str(corpus)], capsys)
    lines = err.strip().splitlines()
    assert code == 0 and "Traceback" not in err
    assert "warning: plans.csv line 2: unknown province 'Ca Mao', using the detected one; spell it as in analysis/data/provinces.csv" in lines
    assert ("skipped old.doc: this file is an old Word .doc and LibreOffice is not installed; install it "
            "(apt-get install libreoffice-writer) or save the file as .docx") in lines
    blocked = tmp_path / "a-file"
    blocked.write_text("x", encoding="utf-8")
    code, _, err = run(["run", "--quiet", "--corpus", str(corpus), "--out", str(blocked / "out")], capsys)
    assert code == 2 and err.strip().splitlines()[-1].startswith("error: could not write") and "--out" in err


def test_a_bug_is_one_line_with_the_details_saved(capsys, monkeypatch, tmp_path):
    from analysis import cli

    monkeypatch.setattr(cli.config, "CACHE_DIR", tmp_path)

    def broken(args):
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "cmd_corpus", broken)
    code, _, err = run(["corpus"], capsys)
    assert code == 3 and err.count("\n") == 1 and "this is a bug" in err
    assert "KeyError" in (tmp_path / "last-error.txt").read_text(encoding="utf-8")


def test_the_corpus_folder_owns_its_codebook(capsys, tmp_path):
    """--corpus DIR uses DIR/themes.yml; a broken one is an error naming it; --codebook overrides."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_bytes((SEED_DIR / f"{CA_MAU}.txt").read_bytes())
    (corpus / "themes.yml").write_text(
        "themes:\n  - id: plastic\n    label_en: Plastic\n    label_vi: Nhựa\n    phrases: [rác thải nhựa]\n",
        encoding="utf-8")
    code, out, err = run(["themes", "--corpus", str(corpus), "--format", "csv"], capsys)
    table = pd.read_csv(__import__("io").StringIO(out))
    # Hand-checked: Cà Mau 2020 writes "rác thải nhựa" twice (lines 53 and 147 of the plan).
    assert code == 0 and list(table["theme"]) == ["plastic"] and list(table["hits"]) == [2]
    code, _, err = run(["themes", "--corpus", str(corpus), "--codebook", str(config.CODEBOOK_PATH)], capsys)
    assert code == 0 and "wastewater" in _ and err == ""
    (corpus / "themes.yml").write_text("themes: []\n", encoding="utf-8")
    code, _, err = run(["run", "--quiet", "--corpus", str(corpus), "--out", str(tmp_path / "out")], capsys)
    assert code == 2 and err.strip().splitlines()[-1].startswith(f"error: {corpus / 'themes.yml'} has no 'themes:' list")


def test_the_dask_backend_needs_a_scheduler_address(capsys):
    code, _, err = run(["corpus", "--backend", "dask"], capsys)
    assert code == 2 and err.strip() == ("error: --backend dask needs --scheduler ADDRESS (the dask scheduler, "
                                         "e.g. tcp://10.0.0.5:8786)")


def test_commitments_command_prints_each_table_with_its_sentences(capsys):
    code, out, _ = run(["commitments", "--format", "csv"], capsys)
    table = pd.read_csv(__import__("io").StringIO(out), keep_default_na=False)
    assert code == 0 and {"doc_id", "kind", "value", "unit", "object", "deadline", "text"} <= set(table.columns)
    # Kon Tum's "đạt loại A ... trong năm 2017": a standard due in 2017, quoted with its sentence.
    row = table[(table["doc_id"] == KON_TUM) & (table["kind"] == "standard") & (table["deadline"] == "2017")]
    assert len(row) == 1 and "đạt loại A trong năm 2017" in row["text"].iloc[0]
    code, out, _ = run(["commitments", "--show", "agencies", "--format", "json"], capsys)
    rows = json.loads(out)
    assert code == 0 and {r["role"] for r in rows} == {"lead", "coordinate", "partner"}
    code, out, _ = run(["commitments", "--show", "directives", "--format", "csv"], capsys)
    assert code == 0 and f"{CA_MAU},Cà Mau,Cà Mau,2020,56-KL/TW,kết luận,Central Party,implements" in out


# --- names as a researcher types them (issue 24) --------------------------------------------------


def test_a_province_typed_without_tone_marks_is_a_keyness_target(capsys):
    code, out, err = run(["keyness", "--target", "Ca Mau", "--format", "csv", "--top", "3"], capsys)
    assert code == 0 and "Did you mean" not in err
    typed = pd.read_csv(__import__("io").StringIO(out))
    code, out, _ = run(["keyness", "--target", "Cà Mau", "--format", "csv", "--top", "3"], capsys)
    assert typed.equals(pd.read_csv(__import__("io").StringIO(out)))
    # Tone marks that are given must be right, as in kwic: a suggestion, not a guess.
    code, _, err = run(["keyness", "--target", "Cá Mau"], capsys)
    assert code == 2 and "Did you mean 'Cà Mau'?" in err


def _two_plans_of_one_province_year(folder):
    """Two Cà Mau 2020 plans (116/KH-UBND and 117/KH-UBND) beside Kon Tum 2016."""
    folder.mkdir()
    text = (SEED_DIR / f"{CA_MAU}.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text.replace("bảo vệ môi trường", "bảo vệ tài nguyên"), encoding="utf-8")
    (folder / "kon-tum.txt").write_bytes((SEED_DIR / f"{KON_TUM}.txt").read_bytes())
    (folder / "plans.csv").write_text("file,number\na.txt,116/KH-UBND\nb.txt,117/KH-UBND\n", encoding="utf-8")
    return folder


def test_plans_names_a_province_year_with_two_plans_and_says_so(tmp_path):
    from types import SimpleNamespace

    from analysis.measure.plans import plan_labels
    from analysis.outputs.plan_selection import resolve_plans
    from analysis.read.corpus import build_corpus

    plans = build_corpus(_two_plans_of_one_province_year(tmp_path / "corpus"), progress=False).usable
    analysis = SimpleNamespace(plans=plans, plan_labels=lambda: plan_labels(plans))
    both = sorted(plans.loc[plans["province"] == "Cà Mau", "doc_id"])
    notes = []
    assert sorted(resolve_plans(analysis, ["ca mau 2020"], notes=notes)) == both
    assert len(notes) == 1 and "'ca mau 2020' names 2 plans" in notes[0]
    assert "Cà Mau 2020 (116/KH-UBND)" in notes[0] and "Cà Mau 2020 (117/KH-UBND)" in notes[0]
    # One of them by its label: that one alone, and nothing to say.
    notes = []
    assert len(resolve_plans(analysis, ["Cà Mau 2020 (117/KH-UBND)"], notes=notes)) == 1 and notes == []


def test_guided_theme_ids_suggest_the_one_meant(capsys):
    code, _, err = run(["topics", "--k", "5", "--guided", "wastewatr"], capsys)
    assert code == 2 and err.count("\n") == 1 and "Did you mean 'wastewater'?" in err


def test_kwic_without_a_match_says_so_in_one_line(capsys):
    code, out, err = run(["kwic", "nước thai"], capsys)  # "thai" without its tone mark
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("no match for 'nước thai' in 3 plans") and "try 'nuoc thai'" in err
    code, out, err = run(["kwic", "zzyzx"], capsys)
    assert code == 1 and err.strip() == "no match for 'zzyzx' in 3 plans"


def test_keyness_takes_a_plan_by_its_label_or_its_province_year(capsys, tmp_path):
    corpus = str(_two_plans_of_one_province_year(tmp_path / "corpus"))
    code, one, err = run(["keyness", "--corpus", corpus, "--target", "Cà Mau 2020 (117/KH-UBND)", "--format", "csv"], capsys)
    assert code == 0, err
    code, both, err = run(["keyness", "--corpus", corpus, "--target", "ca mau 2020", "--format", "csv"], capsys)
    assert code == 0, err
    # "bảo vệ tài nguyên" stands where the other plan says "bảo vệ môi trường": the two readings differ.
    one, both = (pd.read_csv(__import__("io").StringIO(t)).set_index("feature") for t in (one, both))
    assert one.loc["tài_nguyên", "n_target"] < both.loc["tài_nguyên", "n_target"]


def test_kwic_counts_the_plans_that_match_and_the_rest_in_one_number(capsys):
    # "đê biển" is written twice in Cà Mau 2020 and once in Thanh Hóa 2024, never in inland Kon Tum.
    code, _, err = run(["kwic", "đê biển"], capsys)
    assert code == 0 and f"{CA_MAU} 2" in err and f"{THANH_HOA} 1" in err
    assert "none in 1 other plan" in err and KON_TUM not in err
