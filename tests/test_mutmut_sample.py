"""tools/mutmut_sample.py: the same sample on every run, and a scratch copy that mutates one module with the tests named."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

pytest.importorskip("mutmut")  # the `mutation` extra
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import mutmut_sample


def test_the_sample_depends_only_on_the_source_and_the_seed() -> None:
    names = mutmut_sample.mutant_names("scoring")
    assert names == sorted(names) and all(n.startswith("engine.scoring.") for n in names)
    first = mutmut_sample.pick(names, 5, 1)
    assert first == mutmut_sample.pick(names, 5, 1) != mutmut_sample.pick(names, 5, 2)
    assert len(set(first)) == 5 and set(first) <= set(names)
    assert mutmut_sample.pick(names, len(names) + 1, 1) == names


def test_the_scratch_copy_mutates_one_module_with_the_tests_named(tmp_path: Path) -> None:
    mutmut_sample.prepare_scratch(tmp_path, "expr", ["tests/test_expr.py", "--deselect=tests/test_expr.py::x"])
    config = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    assert config["only_mutate"] == ["engine/expr.py"]
    assert config["pytest_add_cli_args_test_selection"] == ["tests/test_expr.py", "--deselect=tests/test_expr.py::x"]
    assert config["also_copy"] == ["rules/", "casefiles/", "benchmarks/", "docs/", "README.md"]
    assert (tmp_path / "engine" / "expr.py").read_bytes() == (mutmut_sample.ROOT / "engine" / "expr.py").read_bytes()
    assert "mypy" in tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["tool"]  # the rest kept


def test_a_package_is_sampled_over_all_its_modules(tmp_path: Path) -> None:
    files = mutmut_sample.sources("facts")
    assert Path("engine/facts/penalty.py") in files and Path("engine/facts/__init__.py") in files
    names = mutmut_sample.mutant_names("facts")
    assert {n.split(".x")[0] for n in names} >= {"engine.facts.penalty", "engine.facts.inspection"}
    mutmut_sample.prepare_scratch(tmp_path, "facts", ["tests/test_boundaries.py"])
    config = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    assert config["only_mutate"] == [path.as_posix() for path in files]
