"""Where the bundled rulebook and case-file schema live, resolved in one place.

pyproject.toml installs engine/ as the package `pingcha`, rules/ as `pingcha.rules` and casefiles/ as
`pingcha.casefiles`; run from the source (package `engine`), they are the folders beside engine/.
Run inside a source checkout, the checkout's rules/ is read, not the installed copy: a maintainer's
`pingcha rules test` checks the rules being edited, whatever was installed.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

PROJECT_MARK = 'name = "pingcha"'


def rules_dir() -> Path:
    checkout = source_checkout(Path.cwd())
    return checkout / "rules" if checkout else _bundled("rules")


@lru_cache(maxsize=8)
def source_checkout(start: Path) -> Path | None:
    """The pingcha source checkout that `start` lies in (its pyproject.toml names the project and it has
    the rulebook), or None."""
    for folder in (start, *start.parents):
        pyproject = folder / "pyproject.toml"
        try:
            if (folder / "rules" / "laws.yaml").is_file() and PROJECT_MARK in pyproject.read_text(encoding="utf-8"):
                return folder
        except (OSError, UnicodeDecodeError):
            continue
    return None


def rules_read(names: tuple[str, ...]) -> str | None:
    """Which rulebook folder profile names were read from, as `rules lint`/`rules test` say it on stderr
    (None when every profile was given as a path)."""
    if all(Path(name).is_dir() for name in names):
        return None
    checkout = source_checkout(Path.cwd())
    where = "源码目录中正在编辑的规则集" if checkout else "安装的规则集副本"
    return f"读取规则集目录：{rules_dir()}（{where}）"


def casefiles_dir() -> Path:
    return _bundled("casefiles")


def _bundled(folder: str) -> Path:
    """rules/ or casefiles/ as installed (pingcha.rules), or beside engine/ in the source layout."""
    if __package__ == "pingcha":
        return Path(str(resources.files(f"pingcha.{folder}")))
    return Path(__file__).resolve().parent.parent / folder


def bundled_profiles() -> list[Path]:
    return sorted(p.parent for p in rules_dir().glob("*/profile.yaml"))
