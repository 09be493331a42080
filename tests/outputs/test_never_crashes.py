"""A run never crashes on a corpus with at least one usable plan (property test).

Random valid corpora are built from seed passages: tiny plans (a header and nothing to
measure), headerless plans, plans sharing province and year, a single plan. Whatever the
mix, ``run`` writes its outputs, and what could not be computed is named in ``omitted``.
"""

import json

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from analysis.outputs import write
from analysis.read.corpus import build_corpus

from conftest import SEED_DIR

pytestmark = pytest.mark.slow  # each test is a whole run (or five)

PASSAGES = [line for path in sorted(SEED_DIR.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 80]
PROVINCES = ["Cà Mau", "Kon Tum", "Bến Tre"]


def header(province: str, year: int, number: int) -> list[str]:
    return [f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", f"Số: {number}/KH-UBND",
            f"{province}, ngày 3 tháng 4 năm {year}", "KẾ HOẠCH", "Bảo vệ môi trường"]


plan = st.fixed_dictionaries({
    "kind": st.sampled_from(["tiny", "headerless", "full"]),
    "province": st.sampled_from(PROVINCES),
    "year": st.sampled_from([2016, 2021]),
    "passages": st.lists(st.integers(0, len(PASSAGES) - 1), min_size=1, max_size=25),
})


def plan_text(spec: dict, number: int) -> str:
    passages = [PASSAGES[i] for i in spec["passages"]]
    if spec["kind"] == "tiny":
        lines = header(spec["province"], spec["year"], number)
    elif spec["kind"] == "headerless":
        lines = passages
    else:
        lines = header(spec["province"], spec["year"], number) + ["I. MỤC TIÊU"] + passages
    return "\n".join(lines) + "\n"


# Each example is a whole run (seconds): no shrinking, which would rerun a failure dozens of times;
# the failing corpus is printed as generated.
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(plans=st.lists(plan, min_size=1, max_size=4))
def test_run_never_raises(tmp_path_factory, plans):
    folder = tmp_path_factory.mktemp("corpus")
    for number, spec in enumerate(plans, start=1):
        (folder / f"plan-{number}.txt").write_text(plan_text(spec, number), encoding="utf-8")
    corpus = build_corpus(folder)
    if corpus.usable.empty:  # every file a duplicate of nothing usable: exit 1, not our case
        return
    out = tmp_path_factory.mktemp("out")
    result = write.run_all(out_dir=out, corpus=corpus, topic_k_range=range(2, 4))
    names = {p.name for p in result.written}
    assert {"theme_measures.csv", "briefing.en.html", "manifest.json", "tables.xlsx"} <= names
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert all(set(o) == {"measure", "doc_id", "reason"} and o["reason"] for o in manifest["omitted"])


def test_tiny_plans_are_left_out_of_keyness_with_a_reason(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    full = {"kind": "full", "province": "Cà Mau", "year": 2021, "passages": list(range(20))}
    other = {"kind": "full", "province": "Bến Tre", "year": 2021, "passages": list(range(20, 40))}
    tiny = {"kind": "tiny", "province": "Kon Tum", "year": 2016, "passages": [0]}
    (folder / "full.txt").write_text(plan_text(full, 1), encoding="utf-8")
    (folder / "other.txt").write_text(plan_text(other, 2), encoding="utf-8")
    # A body of function words only: words to count (n_tokens), none that keyness compares.
    (folder / "tiny.txt").write_text(plan_text(tiny, 3) + "I. CÁC\nVà của các.\n", encoding="utf-8")
    # A header alone is no plan: its own status, out of every comparison (issue 24).
    (folder / "header.txt").write_text(plan_text({**tiny, "province": "Gia Lai"}, 4), encoding="utf-8")
    result = write.run_all(corpus_dir=folder, out_dir=tmp_path / "out", topic_k_range=range(2, 4))
    omitted = result.analysis.omitted
    assert {"measure": "keyness", "doc_id": "tiny",
            "reason": "the target and the reference must each contain words"} in omitted
    statuses = result.corpus.documents.set_index("doc_id")["status"]
    assert statuses["tiny"] == "ok" and statuses["header"] == "no_body"
    assert "header" not in set(result.tables["theme_measures"]["doc_id"])
    assert not (tmp_path / "out" / "keyness_tiny.png").exists() and (tmp_path / "out" / "keyness_full.png").exists()
    assert any(line.startswith("left out of keyness: tiny") for line in result.summary)
