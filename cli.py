"""The `pingcha` command: parse options, call engine, render. Nothing else lives here."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from engine import __version__
from engine.casefile import load_case_file
from engine.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, PingchaError
from engine.evaluate import evaluate_case
from engine.render import result_to_dict, to_json, to_text
from engine.resources import bundled_profiles
from engine.rulebook import SEVERITIES, RulebookCache, display_path, load_rulebook, resolve_profile
from engine.ruletest import run_file
from engine.workcal import WorkCalendar


def _calendar(path: Path | None) -> WorkCalendar:
    return WorkCalendar.from_file(path) if path else WorkCalendar()


@click.group()
@click.version_option(__version__, prog_name="pingcha")
def main() -> None:
    """pingcha 评查：行政执法案卷评查规则引擎。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--rulebook",
    "profile",
    default=RulebookCache.AUTO,
    show_default=True,
    help="规则集：内置名称或目录路径；auto 按执法领域选用（应急管理 → emergency，其他 → national）。",
)
@click.option(
    "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="评查基准日（默认今天），用于未结案件的期限计算。"
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="minor",
    show_default=True,
    help="有该严重程度及以上的问题时退出码为 1。",
)
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。")
def check(
    files: tuple[Path, ...],
    profile: str,
    as_of: dt.datetime | None,
    fmt: str,
    fail_on: str,
    calendar_file: Path | None,
) -> None:
    """评查案卷：列出问题、得分、等次。

    退出码：0 无问题；1 有 --fail-on 及以上的问题；2 案卷或规则集有误。
    """
    try:
        rulebooks = RulebookCache(profile)
        calendar = _calendar(calendar_file)
    except PingchaError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    day = as_of.date() if as_of else dt.date.today()
    threshold = SEVERITIES.index(fail_on)
    exit_code = EXIT_OK
    documents = []
    for path in files:
        try:
            case = load_case_file(path)
        except PingchaError as exc:
            click.echo(str(exc), err=True)
            exit_code = EXIT_BAD_INPUT
            continue
        result = evaluate_case(case, rulebooks.for_domain(case.agency.domain), day, calendar, str(path))
        if any(SEVERITIES.index(f.rule.severity) >= threshold for f in result.findings) and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
        if fmt == "json":
            documents.append(result_to_dict(result))
        else:
            click.echo(to_text(result))
            click.echo()
    if fmt == "json":
        click.echo(to_json(documents[0] if len(files) == 1 and documents else documents))
    sys.exit(exit_code)


@main.group()
def rules() -> None:
    """规则集维护：测试规则。"""


@rules.command("test")
@click.argument("profiles", nargs=-1)
def rules_test(profiles: tuple[str, ...]) -> None:
    """运行规则集目录中的规则测试（*.tests.yaml），默认全部内置规则集。"""
    names = profiles or tuple(p.name for p in bundled_profiles())
    counts = {"PASS": 0, "FAIL": 0, "TODO": 0}
    try:
        for name in names:
            rulebook = load_rulebook(name)
            folder = resolve_profile(name)
            for path in sorted(folder.glob("*.tests.yaml")):
                for outcome in run_file(path, display_path(path), rulebook, WorkCalendar()):
                    counts[outcome.status] += 1
                    click.echo(outcome.header())
                    if outcome.detail:
                        click.echo("    " + outcome.detail.replace("\n", "\n    "))
    except PingchaError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"{counts['PASS']} passed, {counts['FAIL']} failed, {counts['TODO']} todo")
    sys.exit(EXIT_FINDINGS if counts["FAIL"] else EXIT_OK)


if __name__ == "__main__":
    main()
