from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import resources

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "casefiles" / "examples"
AS_OF = dt.date(2026, 11, 21)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def profile_copy(tmp_path: Path):
    """Copy bundled profiles (and the rule-test base cases) into tmp_path to break them safely."""

    def copy(*names: str) -> Path:
        if not (tmp_path / "testcases").exists():
            shutil.copytree(resources.rules_dir() / "testcases", tmp_path / "testcases")
        for name in names:
            shutil.copytree(resources.rules_dir() / name, tmp_path / name)
        return tmp_path / names[-1]

    return copy
