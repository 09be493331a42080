"""The benchmark's generated corpora: deterministic, plan-sized, distinct, read like plans."""

from analysis.bench.generate import MAX_BYTES, MIN_BYTES, make_corpus
from analysis.read.corpus import build_corpus


def test_the_same_call_writes_the_same_distinct_plans(tmp_path):
    first = make_corpus(4, tmp_path / "a")
    second = make_corpus(4, tmp_path / "b")
    texts = [p.read_bytes() for p in first]
    assert texts == [p.read_bytes() for p in second]
    assert len(set(texts)) == 4
    # 15-30 KB of body, plus header and signature lines
    assert all(MIN_BYTES * 0.9 <= len(t) <= MAX_BYTES * 1.2 for t in texts)


def test_generated_plans_are_read_with_their_province_and_year(tmp_path):
    paths = make_corpus(3, tmp_path, seed=7)
    corpus = build_corpus(tmp_path, cache_dir=tmp_path / ".cache")
    assert (corpus.documents["status"] == "ok").all()
    for path, row in zip(paths, corpus.documents.sort_values("path").itertuples()):
        assert path.stem.endswith(str(row.year))  # the file name carries the year it was generated with
        assert row.date and row.number.endswith("/KH-UBND")
