"""What counts as a plan: a file with no body, a plan with no province, a folder with nothing to compare.

A decision that only issues a plan kept in another file has a header, a title and a signature
but not one body word: it is reported (status ``no_body``) and left out of every count of
compared plans. A plan whose province nothing names is called by its file name and pooled as
"unknown". A folder with nothing usable says what it found.
"""

import json
import shutil

import pytest

from analysis.config import PROJECT_DIR
from analysis.measure.plans import plan_labels
from analysis.measure.themes.codebook import load_codebook
from analysis.outputs.analyse import Analysis, theme_tables
from analysis.outputs.briefing import run_line, skip_reason
from analysis.outputs.manifest import write_manifest
from analysis.outputs.write import run_all
from analysis.read.corpus import NEWS_REPORT, NO_BODY, CorpusError, build_corpus
from conftest import CA_MAU, SEED_DIR

LAYOUTS = PROJECT_DIR / "tests" / "data" / "layouts"
DECISION = "decision-without-plan"


@pytest.fixture(scope="module")
def plan_and_decision(tmp_path_factory):
    """One seed plan and a decision (header, title, distribution list, signature: 0 body words)."""
    folder = tmp_path_factory.mktemp("plan-and-decision")
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", folder / "ca-mau.txt")
    shutil.copy(LAYOUTS / f"{DECISION}.txt", folder / "decision.txt")
    return build_corpus(folder)


def test_a_file_with_no_body_is_reported_not_compared(plan_and_decision):
    row = plan_and_decision.documents.set_index("doc_id").loc["decision"]
    assert row["status"] == "no_body" and row["reason"] == NO_BODY and row["n_tokens"] == 0
    # Its metadata is still read: the reader sees which decision it is.
    assert row["number"] == "1521/QĐ-UBND" and row["province"] == "Bạc Liêu"
    assert list(plan_and_decision.usable["doc_id"]) == ["ca-mau"]
    assert set(plan_and_decision.texts) == {"ca-mau"}
    assert set(plan_and_decision.tokens["doc_id"]) == {"ca-mau"}


def test_a_province_only_a_file_with_no_body_is_from_has_no_plan(plan_and_decision):
    with pytest.raises(CorpusError, match="no plan in .* is from the province 'Bạc Liêu'. The provinces are: Cà Mau."):
        plan_and_decision.subset(provinces=["Bạc Liêu"])


def test_the_briefing_and_manifest_count_one_plan(plan_and_decision, tmp_path):
    analysis = Analysis(plan_and_decision, load_codebook(), tables={}, topic_model=None, similarity_order=[])
    assert run_line(analysis, "en").startswith("1 plan of 1 province,")
    assert analysis.source_line("en").startswith("1 provincial plan (")
    manifest = json.loads(write_manifest(analysis, [], tmp_path / "manifest.json", "en").read_text(encoding="utf-8"))
    assert manifest["used_files"] == ["ca-mau.txt"]
    assert {f["path"]: f["status"] for f in manifest["corpus_files"]}["decision.txt"] == "no_body"


def test_the_briefing_says_why_in_its_language():
    assert skip_reason(NO_BODY, "vi").startswith("không có phần nội dung chính")
    assert skip_reason(NEWS_REPORT.format(lead="Ngày 23/8/2017,"), "vi").startswith("bản tin báo chí về một văn bản")


def test_the_run_summary_names_a_file_with_no_body(tmp_path):
    shutil.copy(LAYOUTS / f"{DECISION}.txt", tmp_path / "decision.txt")
    result = run_all(corpus=build_corpus(tmp_path), out_dir=tmp_path / "out", lang="en")
    assert any("decision.txt" in line and "no body" in line for line in result.summary)
    vi = run_all(corpus=build_corpus(tmp_path), out_dir=tmp_path / "out", lang="vi")
    assert any("decision.txt" in line and "không có phần nội dung" in line for line in vi.summary)


def test_a_plan_with_no_province_is_named_by_its_file_and_grouped_as_unknown(tmp_path):
    shutil.copy(LAYOUTS / "repost.txt", tmp_path / "repost.txt")
    shutil.copy(SEED_DIR / f"{CA_MAU}.txt", tmp_path / "ca-mau.txt")
    corpus = build_corpus(tmp_path)
    assert corpus.documents.set_index("doc_id").at["repost", "province"] == ""
    labels = plan_labels(corpus.usable)
    assert labels["repost"] == "repost" and labels["ca-mau"] == "Cà Mau 2020"
    by_province = theme_tables(corpus, load_codebook(), n_boot=10)["theme_by_province"]
    assert set(by_province["group"]) == {"Cà Mau", "unknown"}
    assert by_province.loc[by_province["group"] == "unknown", "n_plans"].eq(1).all()
    # The briefing counts the provinces it knows: an unknown one is not a province.
    analysis = Analysis(corpus, load_codebook(), tables={}, topic_model=None, similarity_order=[])
    assert run_line(analysis, "en").startswith("2 plans of 1 province,")


def test_an_empty_folder_says_it_has_no_plan_files(tmp_path):
    corpus = build_corpus(tmp_path)
    message = corpus.no_plans_message()
    assert "no plan files" in message and ".docx" in message and "skipped files above" not in message


def test_a_folder_with_nothing_usable_names_what_it_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    shutil.copy(LAYOUTS / f"{DECISION}.txt", tmp_path / "decision.txt")
    message = build_corpus(tmp_path).no_plans_message()
    assert "2 files" in message and "empty.txt" in message and "decision.txt" in message
    assert "skipped files above" not in message
