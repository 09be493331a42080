"""The briefing's date: ``--date``, else ``SOURCE_DATE_EPOCH`` (its UTC date), else today; with a
date given, reruns on other days write byte-identical files."""

import calendar
import datetime as dt
import hashlib
import time
import zipfile

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.errors import UserError
from analysis.outputs import briefing

from conftest import tree_digest


def clock(day: dt.date):
    """``briefing.date`` with its ``today()`` moved to ``day`` (the rest of ``date`` unchanged)."""
    class Moved(dt.date):
        @classmethod
        def today(cls):
            return cls(day.year, day.month, day.day)
    return Moved


@pytest.fixture
def in_hanoi(monkeypatch):
    """Local time UTC+7, so a UTC date and a local date can differ."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_date_is_given_else_source_date_epoch_else_today(monkeypatch, in_hanoi):
    monkeypatch.setattr(briefing, "date", clock(dt.date(2031, 7, 4)))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert briefing.run_date() == dt.date(2031, 7, 4)
    # 1699981200 s = 19675 days (1970-01-01 + 19675 days = 2023-11-14) and 61200 s (17:00) UTC,
    # which is already 15 November in Hanoi: the UTC date counts, as in reproducible builds.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1699981200")
    assert briefing.run_date() == dt.date(2023, 11, 14)
    assert briefing.run_date("2025-06-30") == dt.date(2025, 6, 30)  # --date wins over both


def test_a_bad_source_date_epoch_is_one_sentence(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UserError, match=r"^SOURCE_DATE_EPOCH must be .*'yesterday'\.$"):
        briefing.run_date()


def test_a_bad_date_flag_is_one_line(capsys, tmp_path):
    assert main(["run", "--quiet", "--date", "2025-02-30", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err == "error: --date '2025-02-30' is not a date like 2025-06-30 (year-month-day).\n"
    assert not (tmp_path / "out").exists()  # stopped before anything is written


def test_a_bad_date_stops_the_run_before_the_plans_are_read(tmp_path, monkeypatch, capsys):
    """A typo in --date must not cost a whole reading of the corpus (minutes at a national corpus)."""
    from analysis.read import corpus as corpus_module

    def never(*args, **kwargs):
        raise AssertionError("the corpus was read before the date was checked")

    monkeypatch.setattr(corpus_module, "build_corpus", never)
    assert main(["run", "--quiet", "--date", "2025-13-01", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.startswith("error: --date '2025-13-01' is not a date")


def test_without_a_date_the_briefing_says_today(seed_run):
    day = seed_run.day
    month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[day.month - 1]
    for lang, shown in [("en", f"run on {day.day} {month} {day.year}."),
                        ("vi", f"chạy ngày {day.day:02d}/{day.month:02d}/{day.year}.")]:
        assert shown in (seed_run.out_dir / f"briefing.{lang}.html").read_text(encoding="utf-8"), lang


def test_reruns_on_other_days_with_a_date_write_identical_files(seed_run, tmp_path, monkeypatch, capsys):
    """The shared seed run ran with no date given; ``run`` typed "four years later" (the clock
    moved) with that day's date as --date (which wins over SOURCE_DATE_EPOCH) writes the same
    bytes, the briefings included; it reads corpus/ and never changes it."""
    before = tree_digest(config.CORPUS_DIR)
    monkeypatch.setattr(briefing, "date", clock(seed_run.day.replace(year=seed_run.day.year + 4, day=1)))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((2001, 2, 3, 0, 0, 0))))
    out = tmp_path / "out"
    assert main(["run", "--date", seed_run.day.isoformat(), "--out", str(out)]) == 0
    assert "analysed 3 plans, 0 files skipped" in capsys.readouterr().err
    assert len(pd.read_csv(out / "corpus.csv")) == 3
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert {p.name: digest(p) for p in out.iterdir()} == {p.name: digest(p) for p in seed_run.written}
    assert tree_digest(config.CORPUS_DIR) == before


def test_only_the_briefings_carry_the_date(seed_run):
    """What the README says: no other output holds the run's date, in any form (the workbook's
    own dates are fixed; its parts are read unzipped)."""
    day = seed_run.day
    month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[day.month - 1]
    forms = [day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day} {month} {day.year}",
             day.strftime("%Y%m%d")]
    # A date the inputs carry is data, not the run's date: the shipped coding sheet's sampling date is
    # reported in validation.csv, its figure's table and the workbook. On the day equal to it, the
    # byte-identical rerun with another --date above shows the date reaches the briefings only.
    validation = seed_run.out_dir / "validation.csv"
    sampled = set(pd.read_csv(validation)["sampled_on"].dropna().astype(str)) if validation.exists() else set()
    # Those outputs report the sheet's date: when it is the run's date too, they are set aside.
    reporting_sheets = {"validation.csv", "codebook_validation.csv", "tables.xlsx"} if day.isoformat() in sampled else set()
    holding = []
    for path in seed_run.written:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                content = b"".join(book.read(name) for name in book.namelist())
        else:
            content = path.read_bytes()
        if any(form.encode() in content for form in forms) and path.name not in reporting_sheets:
            holding.append(path.name)
    assert sorted(holding) == ["briefing.en.html", "briefing.vi.html"]


def test_a_source_date_epoch_is_the_date_of_the_page(seed_run, tmp_path, monkeypatch):
    """Given another day through SOURCE_DATE_EPOCH (noon of 2 January 2020, UTC), both pages say it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(calendar.timegm((2020, 1, 2, 12, 0, 0))))
    pages = briefing.write_briefings(seed_run.analysis, {}, tmp_path)
    for page, shown in zip(pages, ["run on 2 Jan 2020.", "chạy ngày 02/01/2020."]):
        assert shown in page.read_text(encoding="utf-8"), page.name
