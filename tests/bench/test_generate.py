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


def test_generated_titles_name_the_conclusion_in_force(tmp_path):
    make_corpus(10, tmp_path, seed=3)
    corpus = build_corpus(tmp_path, cache_dir=tmp_path / ".cache")
    for row in corpus.documents.itertuples():
        index = int(row.path.split("-")[0])
        if index % 5 == 4:
            assert row.implements == ""
        elif row.year < 2019:
            assert row.resolution == "41-NQ/TW"
        else:
            assert row.resolution == "24-NQ/TW" and row.implements.startswith("81-KL/TW" if row.year >= 2024 else "56-KL/TW")


def test_the_benchmarks_segmentation_step_reads_files_as_the_corpus_does(tmp_path):
    """The benchmark calls the reader directly: it must send jobs as read_files does (it broke
    silently when workers began taking bytes instead of paths)."""
    from analysis import parallel
    from analysis.bench.__main__ import segmentation_throughput

    make_corpus(2, tmp_path, seed=5)
    with parallel.backend("serial"):
        measured = segmentation_throughput(tmp_path, n_files=2)
    assert measured["single_files_per_s"] > 0 and measured["parallel_files_per_s"] > 0


def test_the_benchmark_reports_the_outputs_total_and_largest_file(tmp_path):
    from analysis.bench.__main__ import output_sizes

    (tmp_path / "theme_evidence.csv").write_bytes(b"x" * 300)
    (tmp_path / "tables.xlsx").write_bytes(b"x" * 120)
    (tmp_path / "folder").mkdir()  # not an output file
    assert output_sizes(tmp_path) == {"output_bytes": 420, "largest_output": "theme_evidence.csv",
                                      "largest_output_bytes": 300}
    assert output_sizes(tmp_path / "missing")["output_bytes"] == 0
