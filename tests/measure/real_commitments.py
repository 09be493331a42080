"""Score the commitments extractor on the real task passages of issue 27 (tests/data/commitments/real):
one split at a time (``dev`` | ``heldout-1`` ... ``heldout-5`` | ``final``, ``sources.csv``), against the gold
(``gold.yml``, and ``gold-<split>.yml`` for each held-out set annotated apart).

``measure(split)`` builds a corpus of that split's passages (their "# ..." source line dropped;
``plans.csv`` gives each its province, so the directives and letters among them are read as the
official texts they are), runs ``commitments`` and ``agency_assignments``, and returns per class
(``deadlines``, ``targets``, ``lead``, ``coordinate``) a ``Score``: hits, predicted, gold, and the
unmatched gold and predicted rows (to read the misses). ``report(scores)`` -> one line per class.
Run ``python tests/measure/real_commitments.py dev`` to print the dev numbers and every miss.

How rows are matched, and why (each is fair to the extractor and to the gold):

- a predicted row matches a gold row of the same plan and key whose words (the gold ``text``,
  lower-cased, punctuation aside, tone marks placed as the reader places them) it quotes: the gold quotes a few words of the task, the extractor
  the whole sentence, passage or table cell; one predicted row matches at most one gold row and
  the pairing is a maximum matching (a greedy first match could leave a gold row unmatched that
  another pairing finds -- the score must not depend on the order rows come in);
- deadlines compare what is due: the year ("2026-12-15", "2030", and "2026-2030", due at its
  end, are 2026, 2030, 2030), "from YYYY" only with a deadline of kind "from" (a rule taking effect is
  not a task due), and the recurrence or kind of an undated one ("annual, by 17/12" and "annual" are
  both annual; "daily, by 19:00" daily; "ongoing" for a table's "Thường xuyên"). The day and hour
  are not compared: the extractor keeps the year of a dated deadline;
- targets compare the value; agencies the name as written (``agency_as_written`` against the gold
  name: case and punctuation aside, so "chính trị-xã hội" and "chính trị - xã hội" are one), with
  generic sets ("... có liên quan", flagged on either side) left out of both.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import yaml

from analysis import config
from analysis.measure.commitments.agencies import agency_assignments
from analysis.measure.commitments.targets import commitments
from analysis.measure.themes.codebook import load_codebook
from analysis.measure.themes.measures import theme_hits
from analysis.read.corpus import build_corpus
from analysis.read.normalize import normalize_tone_marks

REAL = config.PROJECT_DIR / "tests" / "data" / "commitments" / "real"
CLASSES = ("deadlines", "targets", "lead", "coordinate")


class Score(NamedTuple):
    hits: int
    predicted: int
    gold: int
    missed: list  # gold rows no prediction matched
    spurious: list  # predicted rows matching no gold row

    @property
    def precision(self) -> float:
        return self.hits / max(1, self.predicted)

    @property
    def recall(self) -> float:
        return self.hits / max(1, self.gold)


def splits() -> dict[str, str]:
    """{passage name: its split} from sources.csv."""
    with open(REAL / "sources.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["file"].removesuffix(".txt"): row["split"] for row in rows}


def norm(text) -> str:
    # tone marks placed as the reader places them ("hoá" -> "hóa"): the passage is read, the gold is copied
    text = normalize_tone_marks(unicodedata.normalize("NFC", str(text))).lower()
    return re.sub(r"[^\w]+", " ", text).strip()


def gold_deadline(value) -> str:
    """What a gold deadline says is due: "2026", "from 2030", "annual", "daily", "ongoing"."""
    value = str(value)
    years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", value)
    if not years or re.match(r"^\d{4}-\d{2}-\d{2}$", value):  # a date: its year
        return years[0] if years else value.split(",")[0].strip()
    return ("from " if value.startswith("from") else "") + years[-1]  # a period: due at its end


def predicted_deadline(row) -> str:
    if pd.isna(row["deadline_year"]):
        return str(row["deadline"]).split(",")[0].strip()
    year = str(int(row["deadline_year"]))
    return f"from {year}" if row["deadline_kind"] == "from" else year


def score(predicted: list[tuple], gold: list[tuple]) -> Score:
    """Maximum one-to-one matching: a prediction (key..., text) matches a gold row (key..., words)
    with the same key whose words its text quotes (Kuhn's augmenting paths; the sets are small)."""
    fits = [[j for j, g in enumerate(gold) if tuple(g[:-1]) == tuple(p[:-1]) and norm(g[-1]) in norm(p[-1])]
            for p in predicted]
    owner: dict[int, int] = {}

    def place(i: int, seen: set) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(predicted)):
        place(i, set())
    matched = set(owner.values())
    return Score(len(owner), len(predicted), len(gold), [g for j, g in enumerate(gold) if j not in owner],
                 [p for i, p in enumerate(predicted) if i not in matched])


def corpus_of(split: str, folder: Path):
    """A corpus of the split's passages in ``folder``: each passage without its source line."""
    (folder / "plans").mkdir(parents=True, exist_ok=True)
    table = ["file,province,doc_type"]
    for name in sorted(d for d, s in splits().items() if s == split):
        lines = (REAL / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        province = lines[0].lstrip("# ").split("|")[0].strip()
        body = [line for line in lines if not line.startswith("# ")]
        (folder / "plans" / f"{name}.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        table.append(f"plans/{name}.txt,{province},kế hoạch")
    (folder / "plans.csv").write_text("\n".join(table) + "\n", encoding="utf-8")
    return build_corpus(folder, cache_dir=folder / "cache")


def load_gold() -> dict:
    """Every gold file of the set in one: ``targets``, ``not_targets``, ``deadlines``, ``not_deadlines``
    (lists) and ``agencies`` ({passage: rows})."""
    gold = {"targets": [], "not_targets": [], "deadlines": [], "not_deadlines": [], "agencies": {}}
    for path in sorted(REAL.glob("gold*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, value in part.items():
            if isinstance(value, dict):
                gold[key].update(value)
            else:
                gold[key] += value or []
    return gold


def _generic(row: list) -> bool:
    return len(row) > 4 and isinstance(row[4], dict) and bool(row[4].get("generic"))


def measure(split: str) -> dict[str, Score]:
    """The extractor's score on one split, per class; see the module docstring."""
    gold = load_gold()
    docs = {d for d, s in splits().items() if s == split}
    corpus = corpus_of(split, Path(tempfile.mkdtemp(prefix="real-commitments-")))
    hits = theme_hits(corpus, load_codebook())
    found, assigned = commitments(corpus, hits), agency_assignments(corpus, hits)
    dated = found[found["deadline"].astype(str) != ""]
    scores = {"deadlines": score(
        [(r["doc_id"], predicted_deadline(r), r["text"]) for _, r in dated.iterrows()],
        [(g["doc"], gold_deadline(g["deadline"]), g["text"]) for g in gold["deadlines"] if g["doc"] in docs])}
    numbers = found[found["kind"].isin(["target", "standard"])]
    scores["targets"] = score(
        [(r["doc_id"], None if pd.isna(r["value"]) else float(r["value"]), r["text"]) for _, r in numbers.iterrows()],
        [(g["doc"], None if g["value"] is None else float(g["value"]), g["text"])
         for g in gold["targets"] if g["doc"] in docs])
    for role in ("lead", "coordinate"):
        rows = assigned[(assigned["role"] == role) & ~assigned["generic"].astype(bool)]
        scores[role] = score(
            [(r["doc_id"], norm(r["agency_as_written"]), r["text"]) for _, r in rows.iterrows()],
            [(doc, norm(a[1]), a[3]) for doc, listed in gold["agencies"].items() if doc in docs
             for a in listed if a[0] == role and not _generic(a)])
    return scores


def report(split: str, scores: dict[str, Score]) -> str:
    return "\n".join(f"{split:7s} {name:11s} precision {s.precision:.2f} ({s.hits}/{s.predicted})  "
                     f"recall {s.recall:.2f} ({s.hits}/{s.gold})" for name, s in scores.items())


if __name__ == "__main__":  # python tests/measure/real_commitments.py dev [--misses]
    for split in [a for a in sys.argv[1:] if not a.startswith("--")]:
        measured = measure(split)
        print(report(split, measured))
        if "--misses" in sys.argv:
            for name, s in measured.items():
                for row in s.missed:
                    print(f"  missed   {name:10s} {row}")
                for row in s.spurious:
                    print(f"  spurious {name:10s} {tuple(str(x)[:100] for x in row)}")
