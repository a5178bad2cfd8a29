"""The sections of a 评查通报: 基本情况 (how many files, how they were drawn, grades), 主要问题 by family
with counts and typical cases, 各单位情况 with the ranking, 整改要求 with the deadlines, and an annex
with each file's result and its 无法判定 items. Written in the officials' language: rule titles, never
rule ids, JSON paths or parameter names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..report import GRADES, SEVERITY_ORDER, FileRow, Report, ReportError, headline, plain
from ..sampling import STRATA_FIELDS
from .document import OfficialDocument

TYPICAL_RULES = 3  # per family, the rules named with a typical case
UNSCORED = "无法评分"


def to_docx(report: Report, drawn: str | None = None) -> bytes:
    """The 通报 as .docx bytes; `drawn` says how the files were drawn (`drawn_text`), if known."""
    doc = OfficialDocument()
    title = f"关于{report.title.removesuffix('报告')}情况的通报"
    doc.title(title)
    doc.addressee("各有关执法机关：")
    doc.text(
        f"按照行政执法案卷评查工作安排，以{_dates(report.as_of)}为评查基准日，对{len(report.agencies)}个执法机关的"
        f"{report.inputs}件行政执法案卷进行了评查。现将评查情况通报如下："
    )
    doc.heading("一、基本情况")
    doc.text(drawn or NOT_DRAWN)
    doc.text(_grades(report))
    doc.heading("二、主要问题")
    _problems(doc, report)
    doc.heading("三、各单位情况")
    _agencies(doc, report)
    doc.heading("四、整改要求")
    _requirements(doc, report)
    doc.right("（评查组织单位）")
    doc.right(_day(report.date) if report.date else "　年　月　日")
    _annex(doc, report)
    return doc.save(report.date or dt.date(1980, 1, 1), title)


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _dates(days: list[str]) -> str:
    return "、".join(_day(dt.date.fromisoformat(d)) for d in days) or "（未载明）"


NOT_DRAWN = "本次评查的案卷未附抽样记录，抽取方式在此不作说明。"


def drawn_text(record: dict[str, Any], path: Path) -> str:
    """How the files were drawn, from a `pingcha sample --record` file (read by engine.sampling)."""
    try:
        by = "、".join(STRATA_FIELDS.get(name, str(name)) for name in record["method"]["by"])
        quota = record["quota"]
        met = "满足" if quota["met"] else "未满足"
        drawn_on = _day(dt.date.fromisoformat(record["drawn_on"]))
        return (
            f"评查案卷从总体{record['population']['size']}件中按{by}分层随机抽取，抽取比例{quota['ratio_text']}，"
            f"共抽取{record['sample_size']}件（随机种子{record['seed']}，{drawn_on}抽取），"
            f"{met}抽查数量要求（应抽不少于{quota['required']}件）。抽样记录可重新抽取核对。"
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportError(
            f"{path}: 抽样记录不完整或被改动（{type(exc).__name__}: {exc}）：请用 pingcha sample --record 重新生成"
        ) from None


def _grades(report: Report) -> str:
    g = report.grades
    text = (
        f"共评查案卷{report.inputs}件，其中评分{report.scored}件，因案卷材料不符合格式无法评分{len(report.errors)}件。"
        f"评分案卷平均{_num(report.average)}分，其中优秀{g['优秀']}件、良好{g['良好']}件、合格{g['合格']}件、"
        f"不合格{g['不合格']}件（其中存在否决项的不合格卷{report.vetoed}件）。"
    )
    if report.provisional:
        text += (
            f"有{report.provisional}件案卷的部分评查事项因案卷未载明所需情况无法判定，得分为区间、以最高分计，"
            f"其中等次暂定{report.unsure['暂定']}件、待核实（无法判定事项中有否决项）{report.unsure['待核实']}件，"
            "无法判定的事项及原因见附件。"
        )
    return text


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _first_with(files: Iterable[FileRow], rule_id: str) -> tuple[FileRow, dict[str, Any]]:
    for row in files:
        for finding in row.findings:
            if finding["rule_id"] == rule_id:
                return row, finding
    raise LookupError(rule_id)  # a counted rule has a finding: never reached


def _problems(doc: OfficialDocument, report: Report) -> None:
    if not report.findings:
        doc.text("本次评查未发现问题。")
    else:
        doc.text(f"评查共发现问题{report.findings}项，按类别分述如下。")
    for number, (family, count) in enumerate(report.families, 1):
        rules = [r for r in report.rules if r.family == family]
        listed = "；".join(f"{r.title}（{r.files}件）" for r in rules)
        doc.text(f"共{count}项，主要是：{listed}。", lead=f"（{_chinese(number)}）{family}方面。")
        for rule in rules[:TYPICAL_RULES]:
            row, finding = _first_with(report.files, rule.rule_id)
            doc.text(f"如{row.agency}{row.case_id}案卷，{rule.title}：{plain(finding['message'])}。")
    if report.crossfile is not None and report.crossfile.findings:
        number = len(report.families) + 1
        doc.text("跨卷检查发现：", lead=f"（{_chinese(number)}）检查与处罚衔接方面。")
        for x in report.crossfile.findings:
            doc.text(f"{x.agency}：{x.title}。{plain(x.message)}。")


def _chinese(number: int) -> str:
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    return ("" if number < 20 else digits[number // 10]) + "十" + (digits[number % 10] if number % 10 else "")


def _agencies(doc: OfficialDocument, report: Report) -> None:
    doc.text(
        "各执法机关评查结果按平均分排名（得分为区间的按最高分计，平均分相同的按否决率），否决率为存在否决项的不合格卷占该机关评查案卷的比例："
    )
    header = ["排名", "执法机关", "层级", "案卷数", "平均分", *GRADES, "否决率", "否决率排名"]
    rows = [
        [
            str(a.rank),
            a.name,
            a.level or "—",
            str(a.files),
            _num(a.average),
            *(str(a.grades[g]) for g in GRADES),
            f"{100 * a.veto_rate:.1f}%",
            str(a.veto_rank),
        ]
        for a in report.agencies
    ]
    doc.table(header, rows, [10, 38, 16, 12, 14, 10, 10, 10, 12, 14, 10])


def _requirements(doc: OfficialDocument, report: Report) -> None:
    latest: dict[str, str] = {}
    for row in report.ledger:
        if row.deadline and row.deadline > latest.get(row.severity, ""):
            latest[row.severity] = row.deadline
    if latest:
        parts = [
            f"{ {'veto': '否决项问题', 'major': '严重问题', 'minor': '一般问题'}[severity] }于{_deadline(latest[severity])}"
            for severity in sorted(latest, key=SEVERITY_ORDER.__getitem__)
        ]
        doc.text(
            f"各单位要对照本通报和整改台账逐案逐项整改，{'，'.join(parts)}整改到位。",
            lead="（一）限期整改。",
        )
        doc.text(
            f"请于{_deadline(max(latest.values()))}将整改情况和填写完整的整改台账书面报送评查组织单位。",
            lead="（二）报送整改情况。",
        )
    else:
        doc.text("本次评查未发现须整改的问题。", lead="（一）")
    if report.provisional:
        doc.text(
            "对附件所列无法判定的事项，各单位要补充相关案卷材料，随整改情况一并报送核实。", lead="（三）补充材料。"
        )
    doc.text(
        "各单位要举一反三，对同类案件开展自查，完善执法制度和文书格式，组织执法人员培训，防止同类问题再次发生。",
        lead=f"（{'四' if report.provisional else '三'}）举一反三。",
    )


def _deadline(text: str) -> str:
    """A ledger deadline (2026-12-21前) as a 通报 writes it (2026年12月21日前)."""
    return _day(dt.date.fromisoformat(text.removesuffix("前"))) + "前"


def _annex(doc: OfficialDocument, report: Report) -> None:
    doc.addressee("附件", new_page=True)
    doc.title("各案卷评查结果")
    rows = [
        [
            str(n),
            f.case_id,
            f.agency,
            f"{_num(f.low)}—{_num(f.score)}" if f.low != f.score else _num(f.score),
            f.verdict + ("" if f.status == "确定" else f"（{f.status}）"),
            "；".join(x["title"] for x in f.findings) or "未发现问题",
            "；".join(f"{u['title']}：{plain(u['reason'])}" for u in f.undetermined) or "无",
        ]
        for n, f in enumerate(report.files, 1)
    ]
    rows += [
        # what is wrong, without the JSON paths (they are in the HTML report's technical appendix)
        [str(len(rows) + n), e["file"], "", "", UNSCORED, headline(e["message"]), ""]
        for n, e in enumerate(report.errors, 1)
    ]
    doc.table(
        ["序号", "案卷编号", "执法机关", "得分", "等次", "问题", "无法判定的事项及原因"],
        rows,
        [8, 22, 22, 13, 13, 36, 42],
    )
