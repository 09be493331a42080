"""The house keeps its shape: imports point down the data flow, modules and functions stay small.

Read with ``ast`` from the source (nothing is imported), so a violation names the file and line.
"""

import ast

import pytest

import analysis
from analysis.config import PACKAGE_DIR

# Layers in data-flow order; a module may import its own layer or one listed before it.
# config, resources, errors, atomic, parallel, cache, csv_tables and memory sit below every stage; the package top
# (the public API, analysis.api) calls every stage, as cli does: "from analysis import config" is
# a base import, "import analysis" or "from analysis import read_corpus" a top one.
LAYERS = ["base", "read", "measure", "figures", "outputs", "cli"]
BASE = {"analysis.config", "analysis.resources", "analysis.errors", "analysis.atomic", "analysis.parallel",
        "analysis.cache", "analysis.csv_tables", "analysis.memory"}
MODULES = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Declarative tables, allowed to be long: the figure catalogue and the CLI's parser.
DECLARATIVE = {("catalogue.py", "<module>"), ("cli.py", "build_parser")}


def layer(module: str) -> str:
    parts = module.split(".") + [""]
    if parts[1] in ("read", "measure", "figures", "outputs"):
        return parts[1]
    # The benchmark drives the whole run, as the CLI does; cli_<command> modules hold a command's parsing.
    if parts[1] in ("cli", "__main__", "bench") or parts[1].startswith("cli_"):
        return "cli"
    if module == "analysis" or parts[1] == "api" or parts[1] in analysis.__all__:
        return "cli"
    assert module in BASE or module == "analysis.__version__", f"{module}: put it in a layer folder or in BASE"
    return "base"


def module_name(path) -> str:
    relative = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            names = [f"{node.module}.{a.name}" for a in node.names]
            # "from analysis import config" imports a module; "from analysis.x import f" a name.
            yield node.lineno, [n if n.rsplit(".", 1)[0] == "analysis" else node.module for n in names]
        elif isinstance(node, ast.Import):
            yield node.lineno, [a.name for a in node.names if a.name.startswith("analysis")]


def backward_imports(path, module: str) -> list[tuple[int, str]]:
    """(line, imported module) for each import of a later stage than ``module``'s own."""
    own = LAYERS.index(layer(module))
    return [(line, target) for line, targets in imports(path) for target in targets
            if LAYERS.index(layer(target)) > own]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_the_data_flow(path):
    for line, target in backward_imports(path, module_name(path)):
        raise AssertionError(f"{path.name}:{line} imports {target}, a later stage")


@pytest.mark.parametrize("path", sorted((PACKAGE_DIR / "figures").glob("*.py")), ids=lambda p: p.name)
def test_figures_import_nothing_from_read_or_measure(path):
    for line, targets in imports(path):
        assert not any(t.startswith(("analysis.read", "analysis.measure")) for t in targets), f"{path.name}:{line}"


def test_cli_imports_only_config_at_start_up():
    tree = ast.parse((PACKAGE_DIR / "cli.py").read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    modules = {n.module for n in top if isinstance(n, ast.ImportFrom)} | {a.name for n in top if isinstance(n, ast.Import)
                                                                         for a in n.names}
    assert modules <= {"__future__", "argparse", "os", "sys", "pathlib", "analysis", "analysis.errors"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_modules_and_functions_stay_small(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES or (path.name, "<module>") in DECLARATIVE, path.name
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (path.name, node.name) not in DECLARATIVE:
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{path.name}:{node.lineno} {node.name} has {length} lines"


def test_the_layer_rule_catches_a_backward_import(tmp_path):
    """The check above can fail: a measure importing the outputs is a later stage."""
    assert LAYERS.index(layer("analysis.outputs.write")) > LAYERS.index(layer("analysis.measure.themes.measures"))
    assert layer("analysis.config") == "base" and layer("analysis.cli") == "cli"
    reader = tmp_path / "reader.py"
    reader.write_text("from analysis import config, errors\nfrom analysis.read import segment\n"
                      "from analysis.outputs import write\nfrom analysis import read_corpus\nimport analysis\n"
                      "from analysis.api import kwic\n", encoding="utf-8")
    assert backward_imports(reader, "analysis.read.reader") == [(3, "analysis.outputs"), (4, "analysis.read_corpus"),
                                                                (5, "analysis"), (6, "analysis.api")]
    assert backward_imports(reader, "analysis.api") == backward_imports(reader, "analysis") == []


def test_the_measures_cache_key_holds_every_file_the_measures_can_import(tmp_path, monkeypatch):
    """Each plan's kept measures and the topic fits are keyed by ``cache.MEASURES_CODE``, not the whole package:
    the files of the layers read and measure import (the rule above), so that a change to a figure or a page
    never measures every plan again, and a change to anything a measure imports always does."""
    import shutil

    from analysis import config, resources
    from analysis.cache import MEASURES_CODE

    assert set(MEASURES_CODE) == {"read", "measure", "data", "__init__.py"} | {m.rsplit(".", 1)[1] + ".py" for m in BASE}
    copy = tmp_path / "analysis"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(config, "PACKAGE_DIR", copy)

    def digest() -> str:
        resources.code_digest.cache_clear()
        return resources.code_digest(*MEASURES_CODE)

    before = digest()
    with open(copy / "figures" / "themes.py", "a", encoding="utf-8") as handle:
        handle.write("\n# a figure drawn differently\n")
    assert digest() == before
    for changed in ("measure/themes/phrases.py", "read/normalize.py", "config.py", "data/stopwords_vi.txt"):
        with open(copy / changed, "a", encoding="utf-8") as handle:
            handle.write("\n# changed\n")
        assert digest() != before, changed
        before = digest()
    resources.code_digest.cache_clear()
