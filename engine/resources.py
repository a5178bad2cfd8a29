"""Where the bundled rulebook and case-file schema live, resolved in one place.

pyproject.toml installs rules/ as the package `pingcha_rules` and casefiles/ as `pingcha_casefiles`,
so the same lookup works in a source checkout, an editable install and a plain `pip install .`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def rules_dir() -> Path:
    return Path(str(resources.files("pingcha_rules")))


def casefiles_dir() -> Path:
    return Path(str(resources.files("pingcha_casefiles")))


def bundled_profiles() -> list[Path]:
    return sorted(p.parent for p in rules_dir().glob("*/profile.yaml"))
