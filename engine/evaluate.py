"""Evaluate a compiled rulebook over one case: pass, finding, or 无法判定 for each applicable rule."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any

from engine.casefile import CaseFile
from engine.errors import CalendarGap
from engine.expr import Compiled, Context, Evaluator
from engine.facts import base_facts
from engine.rulebook import PLACEHOLDER, SEVERITIES, Message, Rule, Rulebook
from engine.scoring import Score, score
from engine.tables import Parameter
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
    missing = tuple([n for n in compiled.strict_names if facts.get(n) is None]) or tuple(
        [n for n in compiled.names if facts.get(n) is None]
    )
    reasons = _plan(rulebook).reasons  # the same few texts, case after case
    reason = reasons.get(missing)
    if reason is None:
        if len(reasons) > 10_000:
            reasons.clear()
        if not missing:
            reason = reasons[missing] = "条件无法判定"
        else:
            reason = reasons[missing] = "缺少数据：" + "、".join(f"{rulebook.facts[n].title}（{n}）" for n in missing)
    return reason


@dataclass(frozen=True)
class Outcomes:
    """What the rules said about one case, before scoring."""

    findings: tuple[Finding, ...]
    undetermined: tuple[Undetermined, ...]
    passed: tuple[str, ...]
    not_applicable: int


# --- the evaluation plan: what can be worked out once per rulebook rather than once per case -------


# A rule of a group: its position in the rulebook, its sort key among findings, effective_on, require.
_Member = tuple[int, tuple[int, int], Rule, Evaluator | None, Evaluator | None]
# Rules that share a `when` text (`seizure.count > 0`, `dossier.present`, …): the condition, compiled
# once for the group, is computed once per case and, when false, skips the whole group at once.
_Group = tuple[Evaluator | None, Compiled | None, int, tuple[_Member, ...]]


@dataclass(frozen=True)
class _Plan:
    # parameters whose value depends on a date: (fact key, parameter), resolved case by case
    dated: tuple[tuple[str, Parameter], ...]
    # the others, resolved once per party kind: kind -> {fact key: value}
    undated: tuple[tuple[str, Parameter], ...]
    by_kind: dict[str, dict[str, Any]]
    derived: tuple[tuple[str, Evaluator], ...]
    groups: dict[str, tuple[_Group, ...]]  # by case type
    reasons: dict[tuple[str, ...], str]  # missing facts -> the 无法判定 reason naming them


_PLANS: dict[int, tuple[Rulebook, _Plan]] = {}
_first = operator.itemgetter(0)


def _is_dated(parameter: Parameter) -> bool:
    """Whether the parameter's value depends on a date (else Parameter.resolve never reads it)."""
    return any(v.since is not None or v.until is not None for v in parameter.versions)


def _plan(rulebook: Rulebook) -> _Plan:
    cached = _PLANS.get(id(rulebook))
    if cached is not None and cached[0] is rulebook:
        return cached[1]
    plan = _Plan(
        dated=tuple((f"param.{n}", p) for n, p in rulebook.parameters.items() if _is_dated(p)),
        undated=tuple((f"param.{n}", p) for n, p in rulebook.parameters.items() if not _is_dated(p)),
        by_kind={},
        derived=tuple((f"derived.{d.name}", d.expr.run) for d in rulebook.derived),
        groups={},
        reasons={},
    )
    if len(_PLANS) > 64:  # rules lint and rules diff load many rulebooks in one process
        _PLANS.clear()
    _PLANS[id(rulebook)] = (rulebook, plan)
    return plan


def _groups(rulebook: Rulebook, plan: _Plan, case_type: str) -> tuple[_Group, ...]:
    groups = plan.groups.get(case_type)
    if groups is None:
        members: dict[str | None, list[_Member]] = {}
        whens: dict[str | None, Compiled | None] = {}
        for index, rule in enumerate(rulebook.rules_for(case_type)):
            key = rule.when.source if rule.when is not None else None
            whens.setdefault(key, rule.when)
            members.setdefault(key, []).append(
                (
                    index,
                    (-SEVERITIES.index(rule.severity), index),  # findings: most severe first, then rulebook order
                    rule,
                    rule.effective_on.run if rule.effective_on is not None else None,
                    rule.require.run if rule.require is not None else None,
                )
            )
        groups = plan.groups[case_type] = tuple(
            (when.run if when is not None else None, when, len(members[key]), tuple(members[key]))
            for key, when in whens.items()
        )
    return groups


def build_context(
    case: CaseFile, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar
) -> tuple[Context, dict[str, str]]:
    """The facts every rule reads: the case's own, the profile's parameters, the derived classifications."""
    plan = _plan(rulebook)
    facts, origin = base_facts(case, as_of, rulebook.tables)
    ctx = Context(facts, calendar)
    kind = case.party.kind
    undated = plan.by_kind.get(kind)
    if undated is None:
        undated = plan.by_kind[kind] = {key: p.resolve(kind, None) for key, p in plan.undated}
    facts.update(undated)
    for key, parameter in plan.dated:
        facts[key] = parameter.resolve(kind, facts.get(parameter.on) if parameter.on else None)
    for key, run in plan.derived:
        try:
            facts[key] = run(ctx)
        except CalendarGap:
            facts[key] = None
    return ctx, origin


def apply_rules(rulebook: Rulebook, case_type: str, ctx: Context, origin: dict[str, str]) -> Outcomes:
    """Each applicable rule of the case type: passed, a finding (most severe first), or 无法判定."""
    # Results are gathered group by group with their rulebook positions, then put in rulebook order.
    findings: list[tuple[tuple[int, int], Finding]] = []
    undetermined: list[tuple[int, Undetermined]] = []
    passed: list[tuple[int, str]] = []
    not_applicable = 0
    for when, when_compiled, size, members in _groups(rulebook, _plan(rulebook), case_type):
        if when is not None:
            try:
                applies = when(ctx)
            except CalendarGap as gap:
                reason = str(gap)
                undetermined += [(m[0], Undetermined(m[2], reason)) for m in members]
                continue
            if applies is False:
                not_applicable += size
                continue
            if applies is None:
                assert when_compiled is not None
                reason = _unknown_reason(when_compiled, ctx, rulebook)
                undetermined += [(m[0], Undetermined(m[2], reason)) for m in members]
                continue
        for index, rank, rule, effective_on, require in members:
            try:
                if effective_on is not None:
                    on = effective_on(ctx)
                    if on is None:
                        assert rule.effective_on is not None
                        reason = _unknown_reason(rule.effective_on, ctx, rulebook)
                        undetermined.append((index, Undetermined(rule, reason)))
                        continue
                    if (rule.effective_from and on < rule.effective_from) or (
                        rule.effective_until and on > rule.effective_until
                    ):
                        not_applicable += 1
                        continue
                if require is None:
                    undetermined.append((index, Undetermined(rule, rule.undetermined or "")))
                    continue
                ok = require(ctx)
            except CalendarGap as gap:
                undetermined.append((index, Undetermined(rule, str(gap))))
                continue
            if ok is True:
                passed.append((index, rule.id))
            elif ok is None:
                assert rule.require is not None
                undetermined.append((index, Undetermined(rule, _unknown_reason(rule.require, ctx, rulebook))))
            else:
                try:
                    text = render_message(rule.message, ctx)
                except CalendarGap as gap:
                    text = f"{rule.message.template}（{gap}）"
                evidence = tuple(dict.fromkeys(origin[n] for n in rule.reads if n in origin))
                findings.append((rank, Finding(rule, text, evidence)))
    findings.sort(key=_first)
    undetermined.sort(key=_first)
    passed.sort(key=_first)
    return Outcomes(
        tuple(f for _, f in findings), tuple(u for _, u in undetermined), tuple(p for _, p in passed), not_applicable
    )


def evaluate_case(
    case: CaseFile, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar, source: str = ""
) -> CaseResult:
    ctx, origin = build_context(case, rulebook, as_of, calendar)
    outcomes = apply_rules(rulebook, case.case_type, ctx, origin)
    return CaseResult(
        case_id=case.case_id,
        source=source,
        as_of=as_of,
        rulebook=rulebook,
        findings=outcomes.findings,
        undetermined=outcomes.undetermined,
        passed=outcomes.passed,
        not_applicable=outcomes.not_applicable,
        score=score([f.rule for f in outcomes.findings], rulebook.scoring),
        notices=rulebook.unconfirmed_for(case.case_type),
    )
