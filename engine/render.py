"""Render case results: a stable JSON document, and a Chinese text report for the terminal."""

from __future__ import annotations

import json
from typing import Any

from engine.evaluate import CaseResult, format_value

SEVERITY_LABEL = {"veto": "否决", "major": "严重", "minor": "一般"}


def result_to_dict(result: CaseResult) -> dict[str, Any]:
    score = result.score
    return {
        "case_id": result.case_id,
        "source": result.source,
        "as_of": result.as_of.isoformat(),
        "rulebook": result.rulebook.identity(),
        "score": {
            "total": score.total,
            "score": score.score,
            "grade": score.grade,
            "vetoed": score.vetoed,
            "provisional": bool(result.undetermined),
            "deductions": score.deductions,
        },
        "findings": [
            {
                "rule_id": f.rule.id,
                "title": f.rule.title,
                "family": f.rule.family,
                "category": f.rule.category,
                "severity": f.rule.severity,
                "points": 0 if f.rule.severity == "veto" else f.rule.points,
                "basis": [c.text() for c in f.rule.basis],
                "message": f.message,
                "evidence": list(f.evidence),
            }
            for f in result.findings
        ],
        "undetermined": [
            {"rule_id": u.rule.id, "title": u.rule.title, "reason": u.reason} for u in result.undetermined
        ],
        "passed": list(result.passed),
        "not_applicable": result.not_applicable,
        "notices": list(result.notices),
    }


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)


def to_text(result: CaseResult) -> str:
    score = result.score
    book = result.rulebook
    lines = [
        f"案卷 {result.case_id}  ({result.source})",
        f"规则集 {book.name} {book.version}  评查基准日 {result.as_of.isoformat()}",
        "",
    ]
    if result.findings:
        lines.append(f"发现问题 {len(result.findings)} 项：")
        for number, finding in enumerate(result.findings, 1):
            rule = finding.rule
            points = "否决项" if rule.severity == "veto" else f"扣 {format_value(rule.points)} 分（{rule.category}）"
            lines.append(f"{number:>3}. [{SEVERITY_LABEL[rule.severity]}] {rule.title}  {points}  <{rule.id}>")
            lines.append(f"     {finding.message}")
            lines.append(f"     依据：{'；'.join(c.text() for c in rule.basis)}")
    else:
        lines.append("未发现问题。")
    if result.undetermined:
        lines.append("")
        lines.append(f"无法判定 {len(result.undetermined)} 项（不视为合格）：")
        for item in result.undetermined:
            lines.append(f"  - {item.rule.title} <{item.rule.id}>：{item.reason}")
    for notice in result.notices:
        lines.append(f"提示：{notice}")
    lines.append("")
    deducted = "，".join(f"{c} 扣 {format_value(p)} 分" for c, p in score.deductions.items() if p)
    verdict = "不合格卷（存在否决项）" if score.vetoed else score.grade
    provisional = "（暂定：有无法判定项）" if result.undetermined else ""
    lines.append(
        f"得分 {format_value(score.score)} / {format_value(score.total)}"
        f"{'，' + deducted if deducted else ''}  等次：{verdict}{provisional}"
    )
    return "\n".join(lines)
