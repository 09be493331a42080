"""The project's set-up files agree with each other and with the README."""

import re
import tomllib

import yaml

from analysis import config

ROOT = config.PROJECT_DIR


def _requirement(spec: str) -> tuple[str, str]:
    name, constraint = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec).groups()
    return name.lower().replace("_", "-"), constraint.replace(" ", "").replace("==", "=")


def test_environment_yml_matches_package_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    wanted = dict(_requirement(s.split("#")[0]) for s in wanted)
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {}
    for entry in environment["dependencies"]:
        for spec in entry["pip"] if isinstance(entry, dict) else [entry]:
            name, constraint = _requirement(spec)
            if name not in {"python", "pip"}:
                listed[name] = constraint
    assert listed == wanted


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:\w+)?\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    commands = [c for c in commands if c]
    assert commands == ["make figures", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    assert "make test" in ci and "MPLBACKEND=Agg" in (ROOT / "Makefile").read_text(encoding="utf-8")
