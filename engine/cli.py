"""The `pingcha` command: parse options, call engine, render. Nothing else lives here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

# engine.lint, ruletest, rulediff and report are imported by the commands that use them: check and
# batch start sooner without them.
from . import __version__, clitext, crossfile, explain, outputs, sampling
from . import batch as batching
from .casefile import load_case_file, refuse_draft, source_name
from .errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, InputFileError, PingchaError
from .evaluate import evaluate_case
from .judgements.merge import merge as merge_judgements
from .judgements.merge import record_merger
from .judgements.record import read_folder as read_judgements
from .judgements.text import panel_lines, unjudged_lines
from .render import result_to_dict, to_json, to_text
from .resources import bundled_profiles, rules_read
from .review.model import AGREE
from .rulebook import SEVERITIES, RulebookCache, load_rulebook
from .workcal import WorkCalendar

clitext.install()  # before the commands below are declared: click reads some of its texts then
DATE = clitext.Date()
# The bundled profiles `--rulebook auto` picks by the case's domain (tests/test_clitext.py keeps it true).
AUTO_PROFILES = (
    "应急管理 → emergency，市场监管 → market，生态环境 → ecology，公安 → public-security，其他领域 → national"
)
RULEBOOK_OPTION = click.option(
    "--rulebook",
    "profile",
    default=RulebookCache.AUTO,
    show_default=True,
    help="规则集：内置名称或目录路径；auto 按案卷的执法领域选用内置规则集（" + AUTO_PROFILES + "）。",
)


def _calendar(path: Path | None) -> WorkCalendar:
    return WorkCalendar.from_file(path) if path else WorkCalendar()


@contextlib.contextmanager
def _bad_input_ends_command() -> Iterator[None]:
    """A case file, rulebook, calendar or results file that cannot be used ends the command: its error
    (file, line or JSON path, what was expected) on stderr, exit code 2."""
    try:
        yield
    except PingchaError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


def _format_option(described: str, *others: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--format: text (the default), or the other forms a command writes; `described` says what each is."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", *others]),
        default="text",
        show_default=True,
        help=f"输出格式：{described}",
    )


_EXPLAIN_OPTION = click.option(
    "--explain",
    "explain_id",
    metavar="规则编号|all",
    help="说明规则的结果：适用条件与要求、读取的每个事实及其出处（JSON 路径）、参数与表格、"
    "为何通过、发现问题、无法判定或不适用；all 列出全部适用规则。",
)


_JUDGEMENTS_OPTION = click.option(
    "--judgements",
    "judgements_dir",
    type=click.Path(path_type=Path),
    help="人工评查记录的文件夹（每份案卷一个 YAML，见 README）：与机器评查合并计分；未评定的评查项使等次暂定。",
)


@click.group(cls=clitext.Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pingcha")
def main() -> None:
    """pingcha 评查：行政执法案卷评查规则引擎。"""


@main.command()
@click.argument("files", nargs=-1, metavar="案卷文件...", required=True, type=click.Path(path_type=Path))
@RULEBOOK_OPTION
@click.option("--as-of", "as_of", type=DATE, help="评查基准日（默认今天），用于未结案件的期限计算。")
@_format_option("text 文字，json 结果文档（供其他程序读取）。", "json")
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="minor",
    show_default=True,
    help="有该严重程度及以上的问题时退出码为 1。",
)
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。")
@_EXPLAIN_OPTION
@_JUDGEMENTS_OPTION
def check(
    files: tuple[Path, ...],
    profile: str,
    as_of: dt.datetime | None,
    fmt: str,
    fail_on: str,
    calendar_file: Path | None,
    explain_id: str | None,
    judgements_dir: Path | None,
) -> None:
    """评查案卷：列出问题、得分、等次。案卷文件为 - 时从标准输入读取一份案卷。

    案卷中晚于评查基准日的日期（期限届满日、执法证有效期除外）视为案卷有误。
    退出码：0 无问题；1 有 --fail-on 及以上的问题；2 案卷或规则集有误（含晚于评查基准日的日期、未知的规则编号）。
    """
    with _bad_input_ends_command():
        rulebooks = RulebookCache(profile)
        calendar = _calendar(calendar_file)
        panel = read_judgements(judgements_dir) if judgements_dir else None
    day = as_of.date() if as_of else dt.date.today()
    threshold = SEVERITIES.index(fail_on)
    exit_code = EXIT_OK
    documents = []
    for path in files:
        try:
            case = refuse_draft(load_case_file(path, as_of=day), source_name(path))
        except PingchaError as exc:
            click.echo(str(exc), err=True)
            exit_code = EXIT_BAD_INPUT
            continue
        rulebook = rulebooks.for_domain(case.agency.domain)
        result = evaluate_case(case, rulebook, day, calendar, source_name(path))
        document, lines = result_to_dict(result), unjudged_lines(rulebook.judgements, case.case_type)
        if panel is not None:
            try:
                document, merged = merge_judgements(
                    document, batching.case_summary(case), panel.get(case.case_id), rulebook
                )
            except PingchaError as exc:
                click.echo(str(exc), err=True)
                exit_code = EXIT_BAD_INPUT
                continue
            result, lines = replace(result, score=merged), panel_lines(document)
        if any(SEVERITIES.index(f["severity"]) >= threshold for f in document["findings"]) and exit_code == EXIT_OK:
            exit_code = EXIT_FINDINGS
        if explain_id is not None:
            try:
                document = explain.explain_case(case, rulebook, day, calendar, explain_id, source=source_name(path))
            except PingchaError as exc:
                click.echo(str(exc), err=True)
                exit_code = EXIT_BAD_INPUT
                continue
            if fmt == "json":
                documents.append(document)
            else:
                click.echo(explain.to_text(document, explain_id))
                click.echo()
        elif fmt == "json":
            documents.append(document)
        else:
            click.echo(to_text(result, lines))
            click.echo()
    if fmt == "json":
        click.echo(to_json(documents[0] if len(files) == 1 and documents else documents))
    sys.exit(exit_code)


@main.command()
@click.argument("file", metavar="决定草案", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", type=DATE, help="审核日（默认今天；输出中写明所用日期）。")
@click.option(
    "--decision-date", "decision_date", type=DATE, help="拟作出决定的日期（默认：草案载明的日期，否则审核日）。"
)
@RULEBOOK_OPTION
@_format_option("text 文字，json 审核结果文档。", "json")
@click.option("--docx", "docx_path", type=click.Path(path_type=Path), help="另写一份法制审核意见书（Word .docx）。")
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。")
@_EXPLAIN_OPTION
def review(
    file: Path,
    as_of: dt.datetime | None,
    decision_date: dt.datetime | None,
    profile: str,
    fmt: str,
    docx_path: Path | None,
    calendar_file: Path | None,
    explain_id: str | None,
) -> None:
    """法制审核：审核尚未作出的行政处罚决定草案（decision.status 为“拟作出”）。

    列出不得作出决定的障碍、正在计算的期限及作出决定后开始的期限、裁量档次与四张清单、决定书应载明事项，
    给出审核意见（同意 / 修改后同意 / 不同意）。退出码：0 同意；1 修改后同意或不同意；2 草案或规则集有误。
    """
    from .review import explain_review, review_draft
    from .review.docx import opinion_document
    from .review.render import review_to_dict
    from .review.render import to_text as review_text

    with _bad_input_ends_command():
        outputs.check_targets({"--docx": docx_path})
        rulebooks = RulebookCache(profile)
        calendar = _calendar(calendar_file)
        review_day = as_of.date() if as_of else dt.date.today()
        # only the intended decision may lie after the review date (engine.futuredates)
        case = load_case_file(file, as_of=review_day)
        result = review_draft(
            case,
            rulebooks.for_domain(case.agency.domain),
            review_day,
            decision_date.date() if decision_date else None,
            calendar,
            source_name(file),
        )
        if docx_path is not None:
            outputs.write_atomic(docx_path, opinion_document(result))
        if explain_id is not None:
            rulebook = rulebooks.for_domain(case.agency.domain)
            document = explain_review(result, case, rulebook, calendar, explain_id)
            click.echo(to_json(document) if fmt == "json" else explain.to_text(document, explain_id))
    if explain_id is None:
        click.echo(to_json(review_to_dict(result)) if fmt == "json" else review_text(result))
    sys.exit(EXIT_OK if result.opinion == AGREE else EXIT_FINDINGS)


# --- supervision workflow: sample → batch → report (issue 4) ---------------------------------


@main.command()
@click.argument("inputs", nargs=-1, metavar="[输入]...")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="结果 JSONL 文件（原子写入）；省略则输出到标准输出。"
)
@click.option(
    "--files-from",
    type=click.Path(path_type=Path),
    help="从文件读取输入清单（每行一个路径，如 pingcha sample --list 的输出）。",
)
@RULEBOOK_OPTION
@click.option("--as-of", "as_of", type=DATE, help="评查基准日（默认今天）。")
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="并行进程数（默认全部 CPU 核）。")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=batching.DEFAULT_MAX_BYTES,
    show_default=True,
    help="单个案卷的大小上限（字节）。",
)
@click.option("--resume", is_flag=True, help="接着上次中断的运行（OUTPUT.partial）继续，已完成的案卷不再评分。")
@click.option("-q", "--quiet", is_flag=True, help="不显示进度。")
@click.option("--strict", is_flag=True, help="有输入无法评分时退出码为 2（默认只在摘要中计数）。")
@click.option(
    "--complete",
    is_flag=True,
    help="输入是该期间的全部案卷（不是样本）：检查记录所称的处罚案卷不在输入中的，作为跨卷问题报告。",
)
@click.option(
    "--crossfile",
    "crossfile_path",
    type=click.Path(path_type=Path),
    help="跨卷检查的问题（对执法机关，每行一项）写入此 JSONL 文件。",
)
@_JUDGEMENTS_OPTION
def batch(
    inputs: tuple[str, ...],
    output: Path | None,
    files_from: Path | None,
    profile: str,
    as_of: dt.datetime | None,
    calendar_file: Path | None,
    jobs: int | None,
    max_bytes: int,
    resume: bool,
    quiet: bool,
    strict: bool,
    complete: bool,
    crossfile_path: Path | None,
    judgements_dir: Path | None,
) -> None:
    """批量评查：目录、通配符、JSONL 或 -（标准输入），每件输入输出一行 JSONL。

    每行是评查结果（"status": "ok"）或错误记录（文件、JSONL 行号、JSON 路径、说明），顺序与输入一致。
    有行政检查案卷或跨卷问题时（或给出 --complete、--crossfile），摘要后列出跨卷检查：检查与所立处罚案卷的关联、
    同一企业同一事项的年度检查次数、检查发现违法行为而全年零立案的单位、同一违法行为两次以上罚款（一事不再罚）；
    问题多于 50 项的，摘要只列前 50 项，全部由 --crossfile 写出。
    退出码：0 每件输入都有一行结果（无法评分的是错误记录，摘要中计数）；2 运行无法进行（如输出路径无法写入、
    给出的路径都不存在），或用了 --strict 且有输入无法评分。
    """
    specs = list(inputs) + (list(batching.read_list(files_from)) if files_from else [])
    if not specs:
        raise click.UsageError("请给出输入：目录、文件、通配符、JSONL 或 -（标准输入），或 --files-from")
    if resume and output is None:
        raise click.UsageError("--resume 需要 -o/--output")
    settings = batching.Settings(
        as_of=as_of.date() if as_of else dt.date.today(),
        rulebook=profile,
        calendar=str(calendar_file) if calendar_file else None,
        max_bytes=max_bytes,
        judgements=str(judgements_dir) if judgements_dir else None,
    )
    if judgements_dir:
        with _bad_input_ends_command():
            read_judgements(judgements_dir)  # every problem of every record before any case is scored
    tty = sys.stderr.isatty()
    progress = None
    if not quiet:
        total = batching.count_inputs(specs, max_bytes) if tty else None
        progress = batching.Progress(sys.stderr, total, tty)
    with _bad_input_ends_command():
        outputs.check_targets({"-o/--output": output, "--crossfile": crossfile_path})
        rulebooks = RulebookCache(profile)  # a bad rulebook stops the run before any input is read
        if calendar_file:
            WorkCalendar.from_file(calendar_file)
        crosscheck = crossfile.CrossCheck(crossfile.caps_from(rulebooks.for_domain), complete)
        summary = batching.run(
            specs, settings, output, jobs or os.cpu_count() or 1, resume, progress=progress, crosscheck=crosscheck
        )
        crossed = crosscheck.result()
    click.echo(summary.text(), err=True)
    if crossed.counts.get(crossfile.INSPECTION) or crossed.findings or complete or crossfile_path:
        elsewhere = f"，全部见 {crossfile_path}" if crossfile_path else "；用 --crossfile 文件 可写出全部"
        click.echo(crossfile.text(crossed, crossfile.SUMMARY_SHOWN, elsewhere), err=True)
    if crossfile_path is not None:
        with _bad_input_ends_command():
            outputs.write_atomic(crossfile_path, (line.encode() for line in crossed.findings.lines()))
    sys.exit(EXIT_BAD_INPUT if summary.nothing_found() or (strict and summary.errors) else EXIT_OK)


@main.command()
@click.argument("population", nargs=-1, metavar="[总体]...")
@click.option("--seed", type=int, help="随机种子（必填；记录在抽样记录中）。")
@click.option(
    "--by",
    default="agency",
    show_default=True,
    help="分层依据，可用逗号组合：agency（执法机关）、case_type、domain、level。",
)
@click.option("--ratio", help="抽查比例，如 30%；省略则取规则集参数 sampling_case_ratio。")
@click.option("--min", "minimum", type=click.IntRange(min=0), help="抽查数量下限，如 40。")
@click.option(
    "--level",
    type=click.Choice(sorted(sampling.LEVEL_PARAMETERS)),
    help="按规则集参数取下限：province（省厅）或 city（设区市）。",
)
@click.option(
    "--of",
    "kind",
    type=click.Choice(["auto", "cases", "plans", "both"]),
    default="auto",
    show_default=True,
    help="抽查对象：cases 案卷、plans 检查方案（各用一个比例）；both 行政检查案卷按检查方案、其余按案卷，各按规则集的比例，"
    "下限只计案卷；auto 有行政检查案卷时为 both，否则为 cases。",
)
@click.option("--rulebook", "profile", default=RulebookCache.AUTO, show_default=True, help="取抽查配额的规则集。")
@click.option("--record", "record_path", type=click.Path(path_type=Path), help="抽样记录（JSON）写入此文件。")
@click.option(
    "--list",
    "list_path",
    type=click.Path(path_type=Path),
    help="样本清单（每行一个输入）写入此文件，供 pingcha batch --files-from。",
)
@click.option("--date", "drawn_on", type=DATE, help="抽样日期（默认今天），记入抽样记录。")
@click.option(
    "--replay", "replay_path", type=click.Path(path_type=Path), help="按抽样记录重抽并核对（总体默认取记录中的输入）。"
)
@click.option(
    "--check",
    "check_path",
    type=click.Path(path_type=Path),
    help="核对人工抽取的样本（案卷编号清单、CSV 或目录）是否满足配额。",
)
@_format_option("text 文字，json 抽样记录。", "json")
def sample(
    population: tuple[str, ...],
    seed: int | None,
    by: str,
    ratio: str | None,
    minimum: int | None,
    level: str | None,
    kind: str,
    profile: str,
    record_path: Path | None,
    list_path: Path | None,
    drawn_on: dt.datetime | None,
    replay_path: Path | None,
    check_path: Path | None,
    fmt: str,
) -> None:
    """分层抽样：可复现（种子 + 抽样记录），--replay 重抽核对，--check 核对人工样本。

    退出码：0 满足配额（或重抽与记录一致）；1 不满足配额（或不一致）；2 输入有误。
    """
    strata = tuple(part.strip() for part in by.split(",") if part.strip())
    unknown = [s for s in strata if s not in sampling.STRATA_FIELDS]
    if unknown or not strata:
        raise click.UsageError(f"--by 只能是 {', '.join(sampling.STRATA_FIELDS)} 的组合")
    with _bad_input_ends_command():
        outputs.check_targets({"--record": record_path, "--list": list_path})
        if replay_path is not None:
            outcome = sampling.replay(replay_path, list(population), profile)
            result = outcome.redrawn
            click.echo(to_json(result) if fmt == "json" else sampling.record_text(result))
            click.echo()
            for problem in outcome.problems:
                click.echo(f"不一致：{problem}")
            if outcome.identical:
                click.echo(f"复现一致：重抽的 {result['sample_size']} 件与记录 {replay_path} 完全相同")
            _write_sample_files(result, record_path, list_path)
            sys.exit(EXIT_OK if outcome.identical else EXIT_FINDINGS)
        if not population:
            raise click.UsageError("请给出总体：目录、JSONL、通配符或 CSV 索引")
        units = sampling.load_population(list(population))
        quota, rulebooks = sampling.resolve_quota(units, ratio, minimum, profile, level, kind)
        if quota.ratios and "kind" not in strata:  # 检查方案 and 案卷: the kind is the first stratum
            strata = ("kind", *strata)
        if check_path is not None:
            check = sampling.check_sample(units, sampling.read_sample_list(check_path), strata, quota)
            click.echo(sampling.check_text(check, quota))
            sys.exit(EXIT_OK if check.ok else EXIT_FINDINGS)
        if seed is None:
            raise click.UsageError("抽样需要 --seed（记录在抽样记录中，供复现）")
        day = drawn_on.date() if drawn_on else dt.date.today()
        record = sampling.make_record(units, strata, seed, quota, rulebooks, day)
    click.echo(to_json(record) if fmt == "json" else sampling.record_text(record))
    _write_sample_files(record, record_path, list_path)
    sys.exit(EXIT_OK if record["quota"]["met"] else EXIT_FINDINGS)


def _write_sample_files(record: dict[str, Any], record_path: Path | None, list_path: Path | None) -> None:
    with _bad_input_ends_command():
        if record_path is not None:
            outputs.write_atomic(record_path, sampling.record_json(record, record_path).encode())
            click.echo(f"抽样记录：{record_path}", err=True)
        if list_path is not None:
            outputs.write_atomic(list_path, "".join(s["source"] + "\n" for s in record["sample"]).encode())
            click.echo(f"样本清单：{list_path}", err=True)


@main.command()
@click.argument("results", nargs=-1, metavar="结果文件...", required=True, type=click.Path(path_type=Path))
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path),
    help="自包含的 HTML 报告（内联样式与 SVG 图表，可离线打开）。",
)
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(path_type=Path),
    help="XLSX 工作簿：整改台账、案卷得分、机关汇总、同案不同罚。",
)
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), help="逐卷得分 CSV（UTF-8 BOM）。")
@click.option(
    "--md",
    "md_path",
    type=click.Path(path_type=Path),
    help="Markdown 摘要（可粘贴进通报）；未给任何输出时打印到标准输出。",
)
@click.option(
    "--docx",
    "docx_path",
    type=click.Path(path_type=Path),
    help="评查通报（Word，公文格式）：基本情况、主要问题、各单位情况及排名、整改要求，附各案卷评查结果。",
)
@click.option(
    "--sample",
    "sample_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="pingcha sample --record 写出的抽样记录：通报据此说明案卷的抽取方式。",
)
@click.option(
    "--title", default="行政执法案卷评查报告", show_default=True, help="报告标题（HTML、Markdown 与工作簿中显示）。"
)
@click.option("--date", "report_date", type=DATE, help="报告日期（默认取评查基准日），整改时限由此起算。")
@click.option(
    "--rulebook",
    "profile",
    default=RulebookCache.AUTO,
    show_default=True,
    help="取同案不同罚阈值的规则集（默认按结果中的规则集）。",
)
@click.option(
    "--complete",
    is_flag=True,
    help="结果是该期间的全部案卷（不是样本）：跨卷检查把检查记录所称而不在结果中的处罚案卷作为问题。",
)
@_JUDGEMENTS_OPTION
@click.option(
    "--sheets",
    "sheets_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="一卷一表：每份案卷一张评查表（XLSX 与 DOCX，按规则集所采用的评查标准逐项列出分值、扣分和理由，附签名栏）写入此文件夹。",
)
def report(
    results: tuple[Path, ...],
    html_path: Path | None,
    xlsx_path: Path | None,
    csv_path: Path | None,
    md_path: Path | None,
    docx_path: Path | None,
    sample_path: Path | None,
    title: str,
    report_date: dt.datetime | None,
    profile: str,
    complete: bool,
    judgements_dir: Path | None,
    sheets_dir: Path | None,
) -> None:
    """由 pingcha batch 的结果生成评查报告：HTML、XLSX（整改台账）、CSV、Markdown，以及 Word 评查通报。

    结果中有行政检查案卷的，报告另有“跨卷检查”一节，其问题也列入整改台账。"""
    from . import bulletin, sampling
    from . import report as reporting
    from .sheets.files import write_sheets

    with _bad_input_ends_command():
        outputs.check_targets(
            {"--html": html_path, "--xlsx": xlsx_path, "--csv": csv_path, "--md": md_path, "--docx": docx_path}
        )
        drawn = bulletin.drawn_text(sampling.read_record(sample_path), sample_path) if sample_path else None
        records, errors = reporting.read_results(results)
        if judgements_dir:
            records.transformed(record_merger(records, read_judgements(judgements_dir), load_rulebook))
        day = report_date.date() if report_date else None
        built = reporting.build(records, errors, title, day, profile, complete, every_case=False)
    targets: list[tuple[Path | None, Any]] = [
        (html_path, lambda: (piece.encode() for piece in reporting.html_chunks(built))),
        (xlsx_path, lambda: reporting.to_xlsx(built)),
        (csv_path, lambda: reporting.to_csv(built)),
        (md_path, lambda: reporting.to_markdown(built).encode()),
        (docx_path, lambda: bulletin.to_docx(built, drawn)),
    ]
    if sheets_dir is not None:
        with _bad_input_ends_command():
            written, skipped = write_sheets(records, sheets_dir, load_rulebook)
        left = f"；{len(skipped)} 份不是行政处罚案卷，评查标准不适用，未写出" if skipped else ""
        click.echo(f"已写入 {sheets_dir}：评查表 {len(written) // 2} 份（XLSX、DOCX 各一）{left}", err=True)
    if not any(path for path, _ in targets) and sheets_dir is None:
        click.echo(reporting.to_markdown(built), nl=False)
    for path, render in targets:
        if path is not None:
            with _bad_input_ends_command():
                outputs.write_atomic(path, render())
            click.echo(f"已写入 {path}", err=True)


@main.command()
@click.argument("text_file", metavar="决定书文件", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    help="案卷文件（JSON）写入此文件，各项内容在原文中的位置另写入同名的 .origins.json；省略则输出到屏幕。",
)
@click.option("--review", is_flag=True, help="逐项列出提取的内容及其所在原文句子，供人工核对。")
def extract(text_file: Path, output: Path | None, review: bool) -> None:
    """从行政处罚决定书的文字（.txt、.docx、.pdf；扫描件和图片需安装 pingcha[ocr]）提取案卷文件（部分）。

    案卷来源记为“决定书”：原文未载明的视为未知，不视为没有。必填项未能提取的，列出待补充的项目，退出码为 1。"""
    from . import extract as extracting
    from .extract import render

    source = source_name(text_file)
    with _bad_input_ends_command():
        if output is not None:
            origins = output.with_suffix(".origins.json")
            outputs.check_targets({"-o": output, "origins": origins})
        if not text_file.is_file():
            raise InputFileError(source, "文件不存在或不是普通文件")
        extraction = extracting.extract(text_file)
        if output is not None:
            outputs.write_atomic(output, render.case_json(extraction).encode())
            outputs.write_atomic(origins, render.origins_json(extraction, source).encode())
            click.echo(f"已写入 {output}、{origins}", err=True)
    if review:
        click.echo(render.review_text(extraction, source), nl=False)
    elif output is None:
        click.echo(render.case_json(extraction), nl=False)
    if extraction.missing:
        missing = "、".join(extraction.missing.values())
        click.echo(f"未能从文本中提取（请核对原文后补充）：{missing}", err=True)
        sys.exit(EXIT_FINDINGS)


@main.group()
def rules() -> None:
    """规则集维护：检查（lint）、测试（test）、比较两个版本的评查结果（diff）。"""


def _as_of(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


_CALENDAR_OPTION = click.option(
    "--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。"
)


@rules.command("lint")
@click.argument("profiles", nargs=-1, metavar="[规则集]...")
@_format_option("text 文字，json，github（GitHub Actions 注释）。", "json", "github")
@click.option("--strict", is_flag=True, help="有警告时退出码也为 1。")
@click.option(
    "--examples",
    type=click.Path(path_type=Path, file_okay=False),
    help="检查规则是否从不触发、总是触发时使用的示例案卷目录（默认内置示例）。",
)
@click.option("--as-of", "as_of", type=DATE, help="评查示例案卷的基准日（默认今天）。")
@_CALENDAR_OPTION
def rules_lint(
    profiles: tuple[str, ...],
    fmt: str,
    strict: bool,
    examples: Path | None,
    as_of: dt.datetime | None,
    calendar_file: Path | None,
) -> None:
    """检查规则集：格式、编号、法律依据、事实名称、占位符、表格重叠与缺口、未使用的参数、从不或总是触发的规则。

    每个问题一行 `文件:行: error|warning[代码]: 说明`。退出码：0 无错误；1 有错误（--strict 时含警告）；
    2 规则集或日历无法读取。
    """
    with _bad_input_ends_command():
        calendar = _calendar(calendar_file)
    from . import lint as linting

    names = profiles or tuple(p.name for p in bundled_profiles())
    sample = linting.example_files(examples) if examples else None
    _say_rules_read(names)
    report = linting.lint(names, sample, _as_of(as_of), calendar)
    render = {"text": linting.render_text, "json": linting.render_json, "github": linting.render_github}[fmt]
    click.echo(render(report))
    failed = report.errors or (strict and report.warnings)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _say_rules_read(names: tuple[str, ...]) -> None:
    said = rules_read(names)
    if said:
        click.echo(said, err=True)


@rules.command("facts")
@click.argument("profile", default="national", metavar="[规则集]")
@_format_option("text 文字，json。", "json")
def rules_facts(profile: str, fmt: str) -> None:
    """列出规则可以引用的事实：名称、类型、说明、枚举取值（含该规则集的 param.* 与 derived.*）。"""
    from . import lint as linting

    with _bad_input_ends_command():
        rulebook = load_rulebook(profile)
    click.echo(to_json(linting.facts_document(rulebook)) if fmt == "json" else linting.render_facts(rulebook))


@rules.command("test")
@click.argument("profiles", nargs=-1, metavar="[规则集]...")
@click.option("--junit", type=click.Path(path_type=Path), help="另写一份 JUnit XML 报告（供 CI 使用）。")
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 100),
    help="覆盖率（既有触发用例又有不触发用例的规则与表格行所占百分比）低于该值时失败。",
)
@_format_option("text 文字，json。", "json")
@_CALENDAR_OPTION
def rules_test(
    profiles: tuple[str, ...], junit: Path | None, min_coverage: float | None, fmt: str, calendar_file: Path | None
) -> None:
    """运行规则集目录中的规则测试（*.tests.yaml）并报告覆盖率，默认全部内置规则集。

    规则集链上每个规则集的测试针对该规则集运行；继承来的规则只要链上任何一个规则集的测试覆盖即算覆盖。
    退出码：0 全部通过；1 有失败或覆盖率不足；2 规则集或测试文件无法读取。
    """
    with _bad_input_ends_command():
        outputs.check_targets({"--junit": junit})
        calendar = _calendar(calendar_file)
    from . import ruletest

    names = profiles or tuple(p.name for p in bundled_profiles())
    _say_rules_read(names)
    report = ruletest.run_tests(names, calendar, min_coverage)
    if fmt == "json":
        click.echo(to_json(ruletest.report_to_dict(report)))
    else:
        click.echo(ruletest.render_text(report))
    if junit is not None:
        with _bad_input_ends_command():
            outputs.write_atomic(junit, ruletest.to_junit(report).encode())
    counts = report.counts()
    if counts["ERROR"]:
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(EXIT_FINDINGS if counts["FAIL"] or report.below_minimum() else EXIT_OK)


@rules.command("diff")
@click.argument("old", metavar="旧规则集")
@click.argument("new", metavar="新规则集")
@click.option(
    "--corpus",
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help="案卷目录（递归读取 *.json），或一份案卷。",
)
@click.option("--as-of", "as_of", type=DATE, help="评查基准日（默认今天；CI 中请固定）。")
@_format_option("text 文字，json，markdown（可贴进合并请求）。", "json", "markdown")
@click.option("--exit-code", is_flag=True, help="结果有变化时退出码为 1（同 git diff --exit-code）。")
@_CALENDAR_OPTION
def rules_diff(
    old: str,
    new: str,
    corpus: Path,
    as_of: dt.datetime | None,
    fmt: str,
    exit_code: bool,
    calendar_file: Path | None,
) -> None:
    """用两个版本的规则集评查同一批案卷，列出新增、消除、变化的问题以及得分、等次的变化。

    OLD、NEW 为规则集目录、内置规则集名称，或 git 修订中的规则集 `REV:路径`（路径相对仓库根目录），
    如 `pingcha rules diff HEAD~1:rules/national rules/national --corpus casefiles/examples`。
    """
    from . import rulediff

    with _bad_input_ends_command():
        diff = rulediff.diff_rulebooks(old, new, corpus, _as_of(as_of), _calendar(calendar_file))
    render = {"text": rulediff.render_text, "json": rulediff.render_json, "markdown": rulediff.render_markdown}[fmt]
    click.echo(render(diff).rstrip("\n"))
    sys.exit(EXIT_FINDINGS if exit_code and diff.files else EXIT_OK)


# --- 整改台账 in a database: pingcha ledger (issue 20) ---------------------------------------------


@main.group(cls=clitext.Group)
def ledger() -> None:
    """整改台账：把评查发现的问题逐项录入台账（SQLite 文件或 PostgreSQL），跟踪整改直至销号，回头看。"""


_LEDGER_DB = click.option(
    "--db",
    default="ledger.db",
    show_default=True,
    envvar="PINGCHA_LEDGER",
    help="台账：SQLite 文件路径，或 postgresql://用户@主机/库 （多人共用）；也可由环境变量 PINGCHA_LEDGER 给出。",
)
_LEDGER_BY = click.option("--by", help="操作人（记入变更记录；默认为操作系统登录名）。")
_LEDGER_DATE = click.option("--date", "day", type=DATE, help="变更发生的日期（默认今天）。")


@contextlib.contextmanager
def _open_ledger(db: str, create: bool = False) -> Iterator[Any]:
    """The ledger, closed afterwards; any ledger error ends the command with its message (exit 2)."""
    from .ledger.db import open_ledger

    with _bad_input_ends_command():
        opened = open_ledger(db, create)
        try:
            yield opened
        finally:
            opened.close()


def _who(by: str | None) -> str:
    import getpass

    if by:
        return by
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        raise click.UsageError("无法取得操作系统登录名：请用 --by 指定操作人") from None


@ledger.command("add")
@click.argument("results", nargs=-1, required=True, metavar="结果文件...", type=click.Path(path_type=Path))
@click.option("--review", help="评查名称（默认“<报告日期>评查”）；同一评查的结果再次录入不会重复。")
@click.option("--date", "report_date", type=DATE, help="评查（报告）日期，整改时限由此起算（默认取评查基准日）。")
@_LEDGER_DB
@_LEDGER_BY
@click.option(
    "--judgements",
    "judgements_dir",
    type=click.Path(path_type=Path),
    help="人工评查记录的文件夹：评查人认定“不符合”的评查项也作为问题录入，以评查人的理由为问题说明。",
)
def ledger_add(
    results: tuple[Path, ...],
    review: str | None,
    report_date: dt.datetime | None,
    db: str,
    by: str | None,
    judgements_dir: Path | None,
) -> None:
    """把 pingcha batch 结果中的每个问题（含跨卷问题）录入台账，状态“待整改”。"""
    from . import ledger as ledgers
    from .ledger import items, views

    with _open_ledger(db, create=True) as opened:
        day = report_date.date() if report_date else None
        done = items.add(opened, results, review, day, _who(by), ledgers.recorded_now(), judgements_dir)
    click.echo(views.added(done), nl=False)


@ledger.command("assign")
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="编号...")
@click.option("--department", help="责任部门。")
@click.option("--leader", help="责任领导。")
@click.option("--deadline", type=DATE, help="整改时限（改定的日期）。")
@_LEDGER_DATE
@_LEDGER_DB
@_LEDGER_BY
def ledger_assign(
    ids: tuple[int, ...],
    department: str | None,
    leader: str | None,
    deadline: dt.datetime | None,
    day: dt.datetime | None,
    db: str,
    by: str | None,
) -> None:
    """指定事项的责任部门、责任领导或整改时限。"""
    from . import ledger as ledgers
    from .ledger import changes, views

    if not (department or leader or deadline):
        raise click.UsageError("请至少给出 --department、--leader、--deadline 之一")
    change = changes.Change(
        _as_of(day), department=department, leader=leader, deadline=deadline.date() if deadline else None
    )
    with _open_ledger(db) as opened:
        changed = changes.apply(opened, ids, change, _who(by), ledgers.recorded_now())
    click.echo(views.listing(changed), nl=False)


@ledger.command("update")
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(min=1), metavar="编号...")
@click.option("--status", type=click.Choice(["整改中", "已整改", "已销号", "不予销号"]), help="新的状态。")
@click.option("--note", help="整改情况或说明（不予销号须说明理由）。")
@click.option("--evidence", type=click.Path(path_type=Path), help="整改证明材料（记录文件名、大小和 SHA-256）。")
@_LEDGER_DATE
@_LEDGER_DB
@_LEDGER_BY
def ledger_update(
    ids: tuple[int, ...],
    status: str | None,
    note: str | None,
    evidence: Path | None,
    day: dt.datetime | None,
    db: str,
    by: str | None,
) -> None:
    """记录事项的整改进展：状态（整改中、已整改、已销号、不予销号）、说明、证明材料。"""
    from . import ledger as ledgers
    from .ledger import changes, views

    if not (status or note or evidence):
        raise click.UsageError("请至少给出 --status、--note、--evidence 之一")
    with _open_ledger(db) as opened:
        proof = changes.evidence(evidence) if evidence else None
        change = changes.Change(_as_of(day), status=status, note=note, evidence=proof)
        changed = changes.apply(opened, ids, change, _who(by), ledgers.recorded_now())
    click.echo(views.listing(changed), nl=False)


@ledger.command("list")
@click.option("--agency", help="只列此执法机关的事项。")
@click.option("--status", type=click.Choice(["待整改", "整改中", "已整改", "已销号", "不予销号"]), help="只列此状态。")
@click.option("--family", help="只列此规则类别（如 时限、三项制度、裁量基准、跨卷检查）。")
@click.option("--review", help="只列此评查的事项。")
@click.option("--overdue-on", type=DATE, help="只列到此日逾期未整改的事项（状态按此日计）。")
@_LEDGER_DB
def ledger_list(
    agency: str | None,
    status: str | None,
    family: str | None,
    review: str | None,
    overdue_on: dt.datetime | None,
    db: str,
) -> None:
    """列出台账中的事项（可按执法机关、状态、规则类别、评查、逾期筛选）。"""
    from .ledger import items, views

    day = overdue_on.date() if overdue_on else None
    with _open_ledger(db) as opened:
        chosen = views.select(items.read_all(opened), agency, status, family, review, day)
    click.echo(views.listing(chosen, day), nl=False)


@ledger.command("overdue")
@click.option("--as-of", "as_of", type=DATE, help="计算逾期的日期（默认今天）。")
@_LEDGER_DB
def ledger_overdue(as_of: dt.datetime | None, db: str) -> None:
    """逾期未整改的事项，按执法机关列出。"""
    from .ledger import items, views

    with _open_ledger(db) as opened:
        click.echo(views.overdue(items.read_all(opened), _as_of(as_of)), nl=False)


@ledger.command("show")
@click.argument("item_id", type=click.IntRange(min=1), metavar="编号")
@_LEDGER_DB
def ledger_show(item_id: int, db: str) -> None:
    """一个事项的全部内容和变更记录。"""
    from .ledger import items, views

    with _open_ledger(db) as opened:
        found = [t for t in items.read_all(opened) if t.item.id == item_id]
    if not found:
        click.echo(f"{db}: 台账中没有第 {item_id} 项", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(views.show(found[0]), nl=False)


@ledger.command("export")
@click.option("--xlsx", "xlsx_path", required=True, type=click.Path(path_type=Path), help="写入的 XLSX 文件。")
@click.option("--as-of", "as_of", type=DATE, help="台账截至的日期（默认今天）。")
@_LEDGER_DB
def ledger_export(xlsx_path: Path, as_of: dt.datetime | None, db: str) -> None:
    """导出整改台账（XLSX）：台账各栏及状态、变更记录。"""
    from .ledger import export, items

    with _open_ledger(db) as opened:
        outputs.check_targets({"--xlsx": xlsx_path})
        data = export.to_xlsx(items.read_all(opened), _as_of(as_of))
        outputs.write_atomic(xlsx_path, data)
    click.echo(f"已写入 {xlsx_path}", err=True)


@ledger.command("monthly")
@click.option("--month", required=True, help="月份，写成 年-月，如 2026-11。")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path), help="另写入 XLSX：月报及截至月末的台账。")
@_LEDGER_DB
def ledger_monthly(month: str, xlsx_path: Path | None, db: str) -> None:
    """月度台账与总结：各执法机关本月新增、销号、反弹，月末未销号、逾期。"""
    from .ledger import export, items, views

    with _open_ledger(db) as opened:
        tracked = items.read_all(opened)
        rows = views.monthly(tracked, month)
        if xlsx_path is not None:
            outputs.check_targets({"--xlsx": xlsx_path})
            outputs.write_atomic(xlsx_path, export.to_xlsx(tracked, views.month_days(month)[1], (month, rows)))
    click.echo(views.monthly_text(rows, month), nl=False)


@ledger.command("recheck")
@click.argument("results", nargs=-1, required=True, metavar="复查结果文件...", type=click.Path(path_type=Path))
@click.option("--review", help="回头看的名称（默认“<报告日期>回头看”）；同名回头看再次运行不会重复记录。")
@click.option("--date", "report_date", type=DATE, help="回头看的日期（默认取复查的评查基准日）。")
@_LEDGER_DB
@_LEDGER_BY
def ledger_recheck(
    results: tuple[Path, ...], review: str | None, report_date: dt.datetime | None, db: str, by: str | None
) -> None:
    """回头看：以后一次评查的结果对照台账，已销号又出现的问题重新打开（反弹），已不再出现的建议销号。"""
    from . import ledger as ledgers
    from .ledger import recheck, views

    with _open_ledger(db) as opened:
        day = report_date.date() if report_date else None
        done = recheck.recheck(opened, results, review, day, _who(by), ledgers.recorded_now())
    click.echo(views.rechecked(done), nl=False)


# --- case workbooks: template, import, export (issue 16) -------------------------------------


@main.command()
@click.argument("output", metavar="工作簿.xlsx", type=click.Path(path_type=Path))
def template(output: Path) -> None:
    """写出空白的案卷工作簿（Excel/WPS）：每个部分一张表，“说明”表逐列说明填写什么、在案卷何处查找。"""
    from .intake import writer

    with _bad_input_ends_command():
        outputs.check_targets({"工作簿": output})
        outputs.write_atomic(output, writer.template())
    click.echo(f"已写出空白工作簿 {output}；填写说明见其中的“说明”表")


@main.command("import")
@click.argument("workbook", metavar="工作簿.xlsx", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="写出案卷 JSON 文件的文件夹。")
def import_(workbook: Path, output: Path) -> None:
    """把工作簿中的案卷写成 JSON 案卷文件，每份一个；有问题的单元格全部列出（工作表!单元格）。

    退出码：0 全部写出；2 工作簿有问题（没有问题的案卷照常写出，有问题的不写）。
    """
    from .intake import casefiles

    with _bad_input_ends_command():
        imported, written = casefiles.import_workbook(workbook, output)
    click.echo(casefiles.import_summary(workbook, imported, written))
    problems = imported.all_problems()
    if problems:
        click.echo(f"{workbook}: 工作簿有 {len(problems)} 处问题：", err=True)
        click.echo("\n".join(f"  {problem.render()}" for problem in problems), err=True)
    sys.exit(EXIT_BAD_INPUT if problems else EXIT_OK)


@main.command()
@click.argument("inputs", nargs=-1, metavar="案卷...", required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="写出的工作簿（.xlsx）。")
def export(inputs: tuple[str, ...], output: Path) -> None:
    """把案卷 JSON 文件（文件夹、文件、通配符、JSONL）写成案卷工作簿，与 pingcha template 的格式相同。

    退出码：0 全部写入；2 有案卷无法读取或无法写入工作簿（逐一列出，其余照常写入）。
    """
    from .intake import casefiles, writer

    with _bad_input_ends_command():
        outputs.check_targets({"-o/--output": output})
        cases, unreadable = casefiles.read_case_files(inputs)
        data, problems = writer.write_cases(cases)
        outputs.write_atomic(output, data)
    messages = unreadable + [problem.render() for problem in problems]
    click.echo(casefiles.export_summary(output, cases, problems, len(unreadable)))
    if messages:
        click.echo("\n".join(messages), err=True)
    sys.exit(EXIT_BAD_INPUT if messages else EXIT_OK)


# --- the web workbench and the HTTP API (issue 22) --------------------------------------------


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址；本机以外的地址须同时给出 --token。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="监听的端口。")
@RULEBOOK_OPTION
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path), help="补充的法定节假日历（YAML）。")
@click.option(
    "--token",
    envvar="PINGCHA_TOKEN",
    help="API 访问令牌：/api/ 的请求须带 Authorization: Bearer <令牌>（也可由环境变量 PINGCHA_TOKEN 给出）。",
)
@click.option(
    "--time-limit",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="每份案卷评查的时间上限（秒）。",
)
def serve(host: str, port: int, profile: str, calendar_file: Path | None, token: str | None, time_limit: float) -> None:
    """评查工作台：在浏览器中上传或填写案卷、查看评查结果与法制审核意见、批量评查；并提供 HTTP API
    （POST /api/v1/check、/api/v1/review，GET /api/v1/rulebooks，说明见 /api/v1/openapi.json）。

    默认只在本机（127.0.0.1）监听；规则集在启动时编译一次。按 Ctrl+C 停止。"""
    from .web import Settings
    from .web.server import serve as serving

    with _bad_input_ends_command():
        settings = Settings(rulebook=profile, calendar=calendar_file, token=token, time_limit=time_limit)
        serving(host, port, settings)


if __name__ == "__main__":
    main()
