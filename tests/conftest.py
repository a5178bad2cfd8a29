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
    """Copy bundled profiles into tmp_path so a test can break one without touching the repo."""

    def copy(*names: str) -> Path:
        for name in names:
            shutil.copytree(resources.rules_dir() / name, tmp_path / name)
        return tmp_path / names[-1]

    return copy
