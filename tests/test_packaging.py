"""pyproject.toml declares what the generator imports, and its metadata is what packaging tools
read today (an SPDX licence, PEP 639, which needs setuptools 77)."""
from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import PROJECT


def pyproject() -> dict:
    with open(PROJECT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def imported_top_level_modules() -> set[str]:
    found = set()
    for path in (PROJECT / "sitegen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.partition(".")[0])
    return found - set(sys.stdlib_module_names) - {"sitegen", "__future__"}


def name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_library_the_generator_imports_is_a_declared_dependency():
    declared = {name(r) for r in pyproject()["project"]["dependencies"]}
    distributions = importlib.metadata.packages_distributions()
    missing = {module: distributions.get(module) for module in imported_top_level_modules()
               if not {name(d) for d in distributions.get(module, [module])} & declared}
    assert missing == {}


def test_every_declared_dependency_is_pinned_in_the_constraints():
    pinned = {name(line) for line in (PROJECT / "constraints.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    assert {name(r) for r in pyproject()["project"]["dependencies"]} <= pinned


def test_the_licence_is_an_spdx_expression_that_the_build_backend_can_read():
    data = pyproject()
    assert data["project"]["license"] == "MIT"
    assert "setuptools>=77" in data["build-system"]["requires"]
