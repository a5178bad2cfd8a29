"""A maintainer inside a checkout checks the rules being edited, not an installed copy (issue 13, item 21)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

from engine import resources
from engine.cli import main
from engine.rulebook import load_rulebook


def _checkout(tmp_path: Path) -> Path:
    """A copy of the checkout's rules/ under a pyproject.toml naming the project, as a clone would have."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "pingcha"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_inside_a_checkout_its_rules_are_read(tmp_path: Path, monkeypatch) -> None:
    checkout = _checkout(tmp_path)
    rules = checkout / "rules" / "national" / "procedure.rules.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("title: 询问或者检查未制作笔录", "title: 改过的标题"),
        encoding="utf-8",
    )
    monkeypatch.chdir(checkout / "sub")  # anywhere below the checkout
    assert resources.rules_dir() == checkout / "rules"
    assert next(r for r in load_rulebook("national").rules if r.id == "inquiry-records-made").title == "改过的标题"


def test_rules_test_says_which_folder_it_read(runner, tmp_path: Path, monkeypatch) -> None:
    checkout = _checkout(tmp_path)
    tests = checkout / "rules" / "national" / "dossier.tests.yaml"
    tests.write_text(tests.read_text(encoding="utf-8").replace("expect: fire", "expect: pass", 1), encoding="utf-8")
    monkeypatch.chdir(checkout)
    result = runner.invoke(main, ["rules", "test", "national"])
    assert result.exit_code == 1  # the edited test fails: the working tree was checked
    assert f"读取规则集目录：{checkout / 'rules'}（源码目录中正在编辑的规则集）\n" in result.stderr


def test_outside_a_checkout_the_installed_rules_are_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resources.source_checkout(tmp_path) is None
    assert resources.rules_dir() == ROOT / "rules"  # the source layout's own; installed: pingcha.rules
    assert resources.rules_read(("national",)) == f"读取规则集目录：{resources.rules_dir()}（安装的规则集副本）"
    assert resources.rules_read((str(ROOT / "rules" / "national"),)) is None  # a path says where it is
