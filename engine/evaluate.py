"""Evaluate a compiled rulebook over one case: pass, finding, or 无法判定 for each applicable rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from engine.casefile import CaseFile
from engine.errors import CalendarGap
from engine.expr import Compiled, Context
from engine.facts import base_facts
from engine.rulebook import PLACEHOLDER, SEVERITIES, Message, Rule, Rulebook
from engine.scoring import Score, score
from engine.workcal import WorkCalendar


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Undetermined:
    rule: Rule
    reason: str


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    source: str
    as_of: dt.date
    rulebook: Rulebook
    findings: tuple[Finding, ...]
    undetermined: tuple[Undetermined, ...]
    passed: tuple[str, ...]
    not_applicable: int
    score: Score
    notices: tuple[str, ...]


def format_value(value: Any) -> str:
    if value is None:
        return "未载明"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, tuple | list):
        return "、".join(format_value(v) for v in value) if value else "无"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def render_message(message: Message, ctx: Context) -> str:
    values = iter([format_value(part.run(ctx)) for part in message.parts])
    return PLACEHOLDER.sub(lambda _: next(values), message.template)


def _unknown_reason(compiled: Compiled, ctx: Context, rulebook: Rulebook) -> str:
    facts = ctx.facts
    missing = [n for n in compiled.strict_names if facts.get(n) is None] or [
        n for n in compiled.names if facts.get(n) is None
    ]
    if not missing:
        return "条件无法判定"
    return "缺少数据：" + "、".join(f"{rulebook.facts[n].title}（{n}）" for n in missing)


def build_context(
    case: CaseFile, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar
) -> tuple[Context, dict[str, str]]:
    facts, origin = base_facts(case, as_of, rulebook.tables)
    ctx = Context(facts, calendar)
    for name, parameter in rulebook.parameters.items():
        on = facts.get(parameter.on) if parameter.on else None
        facts[f"param.{name}"] = parameter.resolve(case.party.kind, on)
    for derived in rulebook.derived:
        try:
            facts[f"derived.{derived.name}"] = derived.expr.run(ctx)
        except CalendarGap:
            facts[f"derived.{derived.name}"] = None
    return ctx, origin


def evaluate_case(
    case: CaseFile, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar, source: str = ""
) -> CaseResult:
    ctx, origin = build_context(case, rulebook, as_of, calendar)
    findings: list[Finding] = []
    undetermined: list[Undetermined] = []
    passed: list[str] = []
    not_applicable = 0
    for rule in rulebook.rules_for(case.case_type):
        try:
            if rule.when is not None:
                applies = rule.when.run(ctx)
                if applies is False:
                    not_applicable += 1
                    continue
                if applies is None:
                    undetermined.append(Undetermined(rule, _unknown_reason(rule.when, ctx, rulebook)))
                    continue
            if rule.effective_on is not None:
                on = rule.effective_on.run(ctx)
                if on is None:
                    undetermined.append(Undetermined(rule, _unknown_reason(rule.effective_on, ctx, rulebook)))
                    continue
                if (rule.effective_from and on < rule.effective_from) or (
                    rule.effective_until and on > rule.effective_until
                ):
                    not_applicable += 1
                    continue
            if rule.require is None:
                undetermined.append(Undetermined(rule, rule.undetermined or ""))
                continue
            ok = rule.require.run(ctx)
        except CalendarGap as gap:
            undetermined.append(Undetermined(rule, str(gap)))
            continue
        if ok is True:
            passed.append(rule.id)
        elif ok is None:
            undetermined.append(Undetermined(rule, _unknown_reason(rule.require, ctx, rulebook)))
        else:
            try:
                text = render_message(rule.message, ctx)
            except CalendarGap as gap:
                text = f"{rule.message.template}（{gap}）"
            evidence = tuple(dict.fromkeys(origin[n] for n in rule.reads if n in origin))
            findings.append(Finding(rule, text, evidence))
    notices = rulebook.unconfirmed_for(case.case_type)
    findings.sort(key=lambda f: -SEVERITIES.index(f.rule.severity))  # stable: rulebook order within a severity
    return CaseResult(
        case_id=case.case_id,
        source=source,
        as_of=as_of,
        rulebook=rulebook,
        findings=tuple(findings),
        undetermined=tuple(undetermined),
        passed=tuple(passed),
        not_applicable=not_applicable,
        score=score([f.rule for f in findings], rulebook.scoring),
        notices=notices,
    )
