"""Rule text that cannot work is refused at load time with file:line, in a message of readable
length: constant arithmetic with no answer, expressions too big to compile, integers of thousands of
digits, half characters, YAML aliases (issue 13, items 9 and 10)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from minirulebook import RULE, rule, write_profile

from engine.cli import main
from engine.errors import RulebookError
from engine.rulebook import load_rulebook
from engine.yamlsrc import load_yaml

TOO_COMPLEX = "表达式过于复杂（and/or 连接的条件过多或嵌套过深），请拆成派生事实（derived）或几条规则"


def _load_error(tmp_path: Path, rules_text: str) -> RulebookError:
    folder = write_profile(tmp_path, {"x.rules.yaml": rules_text})
    with pytest.raises(RulebookError) as raised:
        load_rulebook(str(folder))
    return raised.value


@pytest.mark.parametrize(
    ("require", "message"),
    [
        ("decision.fine / 0 > 1", "除数 0 为 0，无法计算"),
        ("decision.fine / (2 - 2) > 1", "除数 2 - 2 为 0，无法计算"),
        (
            'add_months(date("9999-12-31"), 1) > date("2020-01-01")',
            "`add_months(date('9999-12-31'), 1)` 无法计算：9999-12-31 起 1 个月超出可计算的日期范围（0001-01-01 至 9999-12-31）",
        ),
        (
            'deadline(date.决定, 1e18) > date("2020-01-01")',
            "期限长度 1000000000000000000 超出可计算的范围（日期只能在 0001-01-01 至 9999-12-31 之间）",
        ),
        (
            'add_workdays(date.决定, -1e999) > date("2020-01-01")',
            "期限长度 不是有限的数 超出可计算的范围（日期只能在 0001-01-01 至 9999-12-31 之间）",
        ),
        (" or ".join(f"decision.fine > {n}" for n in range(3000)), TOO_COMPLEX),
        ("decision.fine > 0x" + "f" * 5000, "整数过大（超过 10^18），不是数额或日数"),
        ('case.id == "\\ud800"', "文字中有无法保存的字符 \\ud800（单独的代理码位）"),
        ("not " * 100_000 + "decision.exists", "表达式嵌套超过 50 层，请拆成派生事实（derived）或几条规则"),
    ],
    ids=[
        "divide-by-zero",
        "divide-by-constant-zero",
        "month-after-9999",
        "deadline-1e18",
        "infinite-period",
        "flat-or-of-3000",
        "hex-of-5000-digits",
        "lone-surrogate-in-literal",
        "not-100000-times",
    ],
)
def test_expression_that_cannot_work_is_a_load_error(tmp_path: Path, require: str, message: str) -> None:
    error = _load_error(tmp_path, "rules:\n" + rule("r-1", require))
    assert (error.code, error.line) == ("expression", 13)
    assert error.message.split("\n")[0] == message
    assert len(error.render()) < 600  # the expression is shown around the error, not whole


@pytest.mark.parametrize("field", ["title", "message"])
def test_a_lone_surrogate_in_rule_text_is_a_load_error(tmp_path: Path, field: str) -> None:
    spec = {field: '"\\ud800 {decision.fine}"'}
    error = _load_error(tmp_path, "rules:\n" + rule("r-1", "decision.fine < 0", **spec))
    line = {"title": 3, "message": 14}[field]
    assert error.render() == (
        f"{error.file}:{line}: bad-character: 文字中有无法保存的字符 \\ud800（单独的代理码位）\n"
        "  help: \\ud800-\\udfff 的转义只是半个字符，请直接写出字符本身"
    )


def test_lint_reports_each_broken_expression_and_goes_on(tmp_path: Path) -> None:
    rules_text = "rules:\n" + "".join(
        [
            rule("by-zero", "decision.fine / 0 > 1"),
            rule("too-many", " or ".join(f"decision.fine > {n}" for n in range(3000))),
            rule("fine", "decision.fine < 0"),
        ]
    )
    folder = write_profile(tmp_path, {"x.rules.yaml": rules_text})
    result = CliRunner().invoke(main, ["rules", "lint", str(folder)])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert f"{folder / 'x.rules.yaml'}:13: error[expression]: 除数 0 为 0，无法计算" in result.output
    assert f"{folder / 'x.rules.yaml'}:27: error[expression]: {TOO_COMPLEX}" in result.output
    assert len(result.output) < 3000


def _alias_tree(levels: int) -> str:
    """`levels` lists of 9 aliases each: a few hundred bytes that expand to 9^levels strings."""
    lines = ['x0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"x{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", [["check", "--as-of", "2026-11-21"], ["rules", "lint"]])
def test_an_alias_tree_is_refused_at_once_where_the_alias_is_written(tmp_path: Path, command: list[str]) -> None:
    title = "*a8"  # a checked field: its schema error used to quote all 9^8 strings
    rules_text = (
        _alias_tree(8)
        + "rules:\n"
        + RULE.format(id="r-1", title=title, when="decision.exists", require="decision.fine > 0", message="x")
    )
    folder = write_profile(tmp_path, {"x.rules.yaml": rules_text})
    if command[0] == "check":
        args = [*command, "--rulebook", str(folder), str(folder.parent / "testcases" / "penalty-emergency-2025.json")]
    else:
        args = [*command, str(folder)]
    started = time.perf_counter()
    result = CliRunner().invoke(main, args)
    assert time.perf_counter() - started < 5
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == {"check": 2, "rules": 1}[command[0]]
    where = f"{folder / 'x.rules.yaml'}:2"
    assert f"{where}: {'error[yaml-alias]' if command[0] == 'rules' else 'yaml-alias'}: " in result.output
    assert "规则集文件不接受 YAML 别名 `*a0`：请把所引用的内容直接写在这里" in result.output
    assert len(result.output) < 1000


def test_an_alias_is_named_at_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("first: &name 一\nlist:\n  - 二\n  - *name\n", encoding="utf-8")
    with pytest.raises(RulebookError) as raised:
        load_yaml(path, "a.yaml")
    assert raised.value.render() == (
        "a.yaml:4: yaml-alias: 规则集文件不接受 YAML 别名 `*name`：请把所引用的内容直接写在这里\n"
        "  help: 别名不写出内容而重复引用它，几行就能展开成数 GB；规则集的每个值都要直接写出"
    )


def test_a_long_value_is_cut_in_a_schema_error(tmp_path: Path) -> None:
    huge = "[" + ", ".join(["标题"] * 50_000) + "]"
    error = _load_error(
        tmp_path,
        "rules:\n"
        + RULE.format(id="r-1", title=huge, when="decision.exists", require="decision.fine > 0", message="x"),
    )
    assert (error.code, error.line) == ("schema", 3)
    assert error.message.startswith("$.rules[0].title: ['标题', '标题'")
    assert error.message.endswith("个字符）")
    assert len(error.message) < 300
