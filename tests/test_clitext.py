"""The command line speaks Chinese, click's own words included: usage lines, help headings, the errors
for a bad command line; every option says what it does."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner, Result

from engine import cli, resources
from engine.cli import main
from engine.yamlsrc import load_yaml

ENGLISH = ("Usage", "Options", "Commands", "Show this message", "Show the version", "default:", "Error", "Try ")


def _commands(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, (*path, name))


COMMANDS = [path for path, _ in _commands(main)]


def _run(args: list[str]) -> Result:
    return CliRunner().invoke(main, args, prog_name="pingcha")  # as the console command names itself


def test_top_level_help_is_chinese() -> None:
    result = _run(["--help"])
    assert result.exit_code == 0
    assert result.output.startswith("用法： pingcha [选项] 命令 [参数]...\n")
    assert "选项:" in result.output and "命令:" in result.output
    assert "  -h, --help  显示本帮助并退出。" in result.output
    assert "  --version   显示版本并退出。" in result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pingcha")
def test_every_help_is_chinese(path: tuple[str, ...]) -> None:
    result = _run([*path, "-h"])
    assert result.exit_code == 0
    assert result.output.startswith(f"用法： {' '.join(('pingcha', *path))} [选项]")
    assert [word for word in ENGLISH if word in result.output] == []


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "pingcha")
def test_every_option_says_what_it_does(path: tuple[str, ...]) -> None:
    command = dict(_commands(main))[path]
    undescribed = [p.opts for p in command.params if isinstance(p, click.Option) and not p.help]
    assert undescribed == []


def test_a_bad_date_is_explained_in_chinese() -> None:
    result = _run(["check", "x.json", "--as-of", "2026-13-01"])
    assert result.exit_code == 2
    assert result.output == (
        "用法： pingcha check [选项] 案卷文件...\n"
        "用 'pingcha check --help' 查看帮助。\n\n"
        "错误：'--as-of' 的取值无效：'2026-13-01' 不是有效的日期：应写成 年-月-日，如 2026-11-21\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check"], "错误：缺少参数 '案卷文件...'."),
        (
            ["check", "x.json", "--format", "xml"],
            "错误：'--format' 的取值无效：'xml' 不是可用的值（可用：'text', 'json'）。",
        ),
        (["batch", "x", "-j", "0"], "错误：'-j' / '--jobs' 的取值无效：0 不在允许的范围 x>=1 内。"),
        (["check", "x.json", "--as-of"], "错误：选项 '--as-of' 后面需要给出一个值。"),
        (["chek"], "错误：没有命令 'chek'。 是不是要用 'check'？"),
        (["check", "--bogus"], "错误：没有选项 '--bogus'。"),
        (
            ["rules", "diff", "a", "b", "--corpus", "/no/such/folder"],
            "错误：'--corpus' 的取值无效：路径 '/no/such/folder' 不存在。",
        ),
    ],
    ids=[
        "missing-argument",
        "bad-choice",
        "out-of-range",
        "option-without-value",
        "no-such-command",
        "no-such-option",
        "missing-path",
    ],
)
def test_command_line_errors_are_chinese(args: list[str], message: str) -> None:
    result = _run(args)
    assert result.exit_code == 2
    assert message in result.output.splitlines()[-1]


def test_auto_rulebook_help_names_every_bundled_domain() -> None:
    declared = [
        f"{domain} → {folder.name}"
        for folder in resources.bundled_profiles()
        for domain in load_yaml(folder / "profile.yaml", str(folder)).get("domains") or []
    ]
    assert sorted(cli.AUTO_PROFILES.split("，")) == sorted([*declared, "其他领域 → national"])
