"""pip install puts one package at top level, pingcha, with its rulebook and templates (issue 13, item 22):
not the generic names `engine` and `cli` that would collide with other packages in a user's environment."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "-q",
        "-w",
        str(out),
        str(ROOT),
    ]
    built = subprocess.run(command, check=False, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    return zipfile.ZipFile(next(Path(out).glob("pingcha-*.whl")))


def test_only_pingcha_is_installed_at_top_level(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"pingcha"}
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    assert "pingcha = pingcha.cli:main" in wheel.read(entry_points).decode()


def test_the_package_carries_its_rulebook_schema_examples_and_templates(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for needed in (
        "pingcha/cli.py",
        "pingcha/rules/laws.yaml",
        "pingcha/rules/national/profile.yaml",
        "pingcha/rules/schemas/rules.schema.json",
        "pingcha/casefiles/casefile.schema.json",
        "pingcha/casefiles/examples/em-01-compliant.json",
        "pingcha/ledger/db.py",
        "pingcha/ledger/migrations/0001_ledger.sql",
    ):
        assert needed in names, needed
    assert any(n.startswith("pingcha/templates/") and n.endswith(".j2") for n in names)


def test_every_subpackage_of_the_engine_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    """A subpackage missing from pyproject's package list installs without it: pingcha then fails to start."""
    names = set(wheel.namelist())
    engine = Path(__file__).resolve().parent.parent / "engine"
    for init in sorted(engine.glob("*/__init__.py")):
        assert f"pingcha/{init.parent.name}/__init__.py" in names, init.parent.name
