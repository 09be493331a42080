"""The notebooks run top to bottom on a fresh kernel, stay thin, and match their .py pairs."""

import ast
import json
import os
import re

import nbformat
import pytest

from analysis.config import PROJECT_DIR

NOTEBOOKS = sorted((PROJECT_DIR / "notebooks").glob("*.ipynb"))
NAMES = ["01-corpus", "02-themes", "03-vocabulary", "04-topics", "05-briefing", "06-commitments", "07-validation"]


def test_the_seven_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == NAMES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_paired(path):
    import jupytext

    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    paired = jupytext.read(path.with_suffix(".py"))
    sources = lambda nb: [(c["cell_type"], "".join(c["source"]).strip()) for c in nb["cells"]]  # noqa: E731
    assert sources(paired) == sources(notebook)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin(path):
    """A cell holds a question, one call into analysis, a table or figure: no logic."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert not re.search(r"^\s*(def|class|for|while|with)\b|lambda|import re\b|plt\.|\.apply\(", source, re.M), source
        assert "corpus/" not in source and "/work" not in source  # no path strings


@pytest.mark.parametrize("path", [p.with_suffix(".py") for p in NOTEBOOKS], ids=lambda p: p.stem)
def test_notebooks_import_only_the_public_api(path):
    """``from analysis import read_corpus, analyse, ...`` and nothing else: deep modules move,
    the public names (``analysis.__all__``) stay."""
    import analysis

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.name}:{getattr(node, 'lineno', '')}"
        if isinstance(node, ast.Import):
            assert [alias.name for alias in node.names] == ["analysis"], where
        elif isinstance(node, ast.ImportFrom):
            assert node.module == "analysis" and {a.name for a in node.names} <= set(analysis.__all__), where
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "analysis":
            assert node.attr in analysis.__all__, where


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_open_with_parameters_a_researcher_adapts(path):
    """The first code cell is tagged "parameters" (papermill's convention) and names the corpus
    folder; no variable shadows the package's name, and figures are shown by a named call."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert "CORPUS_DIR" in "".join(code[0]["source"])
    source = "\n".join("".join(cell["source"]) for cell in code)
    assert not re.search(r"^analysis\s*=", source, re.M)
    assert ")[0]" not in source


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "Agg")
    # The kernel refuses every non-loopback connection: the notebooks run offline.
    offline = str(PROJECT_DIR / "tests" / "offline")
    monkeypatch.setenv("PYTHONPATH", offline + os.pathsep + os.environ.get("PYTHONPATH", ""))
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    images = [o for c in notebook.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    if path.stem not in ("01-corpus",):
        assert images, "the notebook shows its figures"
    # Vietnamese labels never lose glyphs.
    warnings = [o.get("text", "") for c in notebook.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not any("Glyph" in w for w in warnings)
