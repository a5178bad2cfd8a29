"""Render case results: a stable JSON document, and a Chinese text report for the terminal."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

from .evaluate import CaseResult, Finding, Undetermined
from .expr import format_value
from .rulebook import Citation, Rule, Rulebook
from .scoring import DEFINITE, PROVISIONAL, TO_VERIFY, Score

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
            "grade_status": score.status,
            "low": score.low,
            "low_grade": score.low_grade,
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
                "basis": [c.text() for c in f.basis],
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


def score_from_dict(score: dict[str, Any]) -> Score:
    """The Score of a result document's `score` (result_to_dict's inverse for it)."""
    return Score(
        total=score["total"],
        score=score["score"],
        grade=score["grade"],
        vetoed=score["vetoed"],
        deductions=score["deductions"],
        low=score.get("low", score["score"]),
        low_grade=score.get("low_grade", score["grade"]),
        status=score.get("grade_status", DEFINITE),
    )


def to_json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)


# One JSON line per document (JSONL): sorted keys, no spaces, UTF-8 text. The encoder is built once:
# json.dumps with options builds a new one on every call.
compact_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def result_to_json(result: CaseResult) -> str:
    """`compact_json(result_to_dict(result))`, byte for byte, three times faster.

    What a rule contributes to a result (its id, title, family, points, legal basis) is the same in
    every case: it is encoded once per rule and the case's own values (messages, evidence, reasons)
    are put between the pieces. tests/test_benchmarks.py checks the equality on every example case
    file and a generated corpus; a field added to result_to_dict must be added here too.
    """
    score = result.score
    return "".join(
        [
            '{"as_of":"',
            result.as_of.isoformat(),
            '","case_id":',
            encode_basestring(result.case_id),
            ',"findings":[',
            ",".join([_finding(f) for f in result.findings]),
            '],"not_applicable":',
            str(result.not_applicable),
            ',"notices":',
            compact_json(list(result.notices)) if result.notices else "[]",
            ',"passed":',
            '["' + '","'.join(result.passed) + '"]' if result.passed else "[]",  # rule ids are ASCII kebab-case
            ',"rulebook":',
            _identity(result.rulebook),
            ',"score":{"deductions":',
            _deductions(score.deductions),
            ',"grade":',
            encode_basestring(score.grade),
            ',"grade_status":',
            encode_basestring(score.status),
            ',"low":',
            _number(score.low),
            ',"low_grade":',
            encode_basestring(score.low_grade),
            ',"provisional":',
            "true" if result.undetermined else "false",
            ',"score":',
            _number(score.score),
            ',"total":',
            _number(score.total),
            ',"vetoed":',
            "true" if score.vetoed else "false",
            '},"source":',
            encode_basestring(result.source),
            ',"undetermined":[',
            ",".join([_undetermined(u) for u in result.undetermined]),
            "]}",
        ]
    )


def _number(value: float) -> str:
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)  # what the encoder writes for a finite float
    return compact_json(value)


def _deductions(deductions: dict[str, float]) -> str:
    # categories in sorted order, as the encoder writes them (json sorts keys)
    return "{" + ",".join([encode_basestring(c) + ":" + _number(deductions[c]) for c in sorted(deductions)]) + "}"


_RULE_PIECES: dict[int, tuple[Rule, str, str, str, str]] = {}
_IDENTITIES: dict[int, tuple[Rulebook, str]] = {}


def _pieces(rule: Rule) -> tuple[Rule, str, str, str, str]:
    """A rule's finding, cut around its evidence and message, and its 无法判定 entry after the reason."""
    cached = _RULE_PIECES.get(id(rule))
    if cached is None or cached[0] is not rule:
        if len(_RULE_PIECES) > 20_000:  # rulebooks loaded one after another (rules diff, lint)
            _RULE_PIECES.clear()
        head = ',"category":' + encode_basestring(rule.category) + "}"
        middle = compact_json({"family": rule.family})
        tail = compact_json(
            {
                "points": 0 if rule.severity == "veto" else rule.points,
                "rule_id": rule.id,
                "severity": rule.severity,
                "title": rule.title,
            }
        )
        undetermined = compact_json({"rule_id": rule.id, "title": rule.title})
        cached = _RULE_PIECES[id(rule)] = (
            rule,
            head[:-1] + ',"evidence":',
            "," + middle[1:-1] + ',"message":',
            "," + tail[1:],
            "," + undetermined[1:],
        )
    return cached


_EVIDENCE: dict[tuple[str, ...], str] = {}  # evidence paths -> their JSON: the same few lists, case after case
_BASIS: dict[int, tuple[tuple[Citation, ...], str]] = {}  # a finding's basis (one of its rule's few) -> its JSON


def _finding(finding: Finding) -> str:
    _, head, middle, tail, _ = _pieces(finding.rule)
    basis = _BASIS.get(id(finding.basis))
    if basis is None or basis[0] is not finding.basis:
        if len(_BASIS) > 20_000:
            _BASIS.clear()
        basis = _BASIS[id(finding.basis)] = (finding.basis, compact_json([c.text() for c in finding.basis]))
    evidence = _EVIDENCE.get(finding.evidence)
    if evidence is None:
        if len(_EVIDENCE) > 20_000:
            _EVIDENCE.clear()
        evidence = _EVIDENCE[finding.evidence] = compact_json(list(finding.evidence))
    return '{"basis":' + basis[1] + head + evidence + middle + encode_basestring(finding.message) + tail


def _undetermined(item: Undetermined) -> str:
    return '{"reason":' + encode_basestring(item.reason) + _pieces(item.rule)[4]


def _identity(rulebook: Rulebook) -> str:
    cached = _IDENTITIES.get(id(rulebook))
    if cached is None or cached[0] is not rulebook:
        if len(_IDENTITIES) > 1000:
            _IDENTITIES.clear()
        cached = _IDENTITIES[id(rulebook)] = (rulebook, compact_json(rulebook.identity()))
    return cached[1]


def to_text(result: CaseResult, panel: Sequence[str] = ()) -> str:
    """The text report; `panel` the reviewers' part (engine.judgements.text), before the score."""
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
            lines.append(f"     依据：{'；'.join(c.text() for c in finding.basis)}")
    else:
        lines.append("未发现问题。")
    if result.undetermined:
        lines.append("")
        lines.append(f"无法判定 {len(result.undetermined)} 项（不视为合格）：")
        for item in result.undetermined:
            lines.append(f"  - {item.rule.title} <{item.rule.id}>：{item.reason}")
    for notice in result.notices:
        lines.append(f"提示：{notice}")
    lines += panel
    lines.append("")
    deducted = "，".join(f"{c} 扣 {format_value(p)} 分" for c, p in score.deductions.items() if p)
    lines.append(
        f"得分 {score_text(score)} / {format_value(score.total)}"
        f"{'，' + deducted if deducted else ''}  等次：{grade_text(score)}"
    )
    return "\n".join(lines)


def score_text(score: Score) -> str:
    """The score, or its range when undecided items could lower it: 82—86."""
    if score.low == score.score:
        return format_value(score.score)
    return f"{format_value(score.low)}—{format_value(score.score)}"


def grade_text(score: Score) -> str:
    """The grade and how sure it is: 待核实 (an undecided veto item), 暂定 (the range crosses a grade line)."""
    verdict = "不合格卷（存在否决项）" if score.vetoed else score.grade
    if score.status == TO_VERIFY:
        return f"{verdict}（待核实：无法判定项中有否决项，成立则为不合格卷）"
    if score.status == PROVISIONAL and score.low_grade == score.grade:  # the range stays in the grade
        return f"{verdict}（暂定：人工评查项未全部评定）"
    if score.status == PROVISIONAL:
        return f"{verdict}（暂定：无法判定项成立时为{score.low_grade}）"
    return verdict
