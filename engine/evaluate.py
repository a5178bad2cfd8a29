"""Evaluate a compiled rulebook over one case: pass, finding, or 无法判定 for each applicable rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .casefile import CaseFile
from .errors import Undecidable
from .expr import Compiled, Context, Evaluator, Open, build_functions, date_constant, literal_code
from .facts import base_facts
from .laws import in_force
from .rulebook import PLACEHOLDER, SEVERITIES, Citation, Message, Rule, Rulebook
from .scoring import Score, score
from .tables import Parameter
from .workcal import WorkCalendar


@dataclass(frozen=True)
class Finding:
    rule: Rule
    message: str
    evidence: tuple[str, ...]
    basis: tuple[Citation, ...]  # the rule's citations in force on the day it looks at


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


def _unknown_reason(compiled: Compiled, ctx: Context, rulebook: Rulebook) -> str:
    """The facts the file does not show that left the condition undecided: those unknown (not known
    absent) or shown only in part first, read outside exists()/coalesce() first."""
    facts, absent = ctx.facts, ctx.absent

    def undecided(names: tuple[str, ...], allow_absent: bool) -> tuple[tuple[str, bool], ...]:
        return tuple(
            [
                (n, v is not None)  # (name, shown only in part)
                for n in names
                if ((v := facts.get(n)) is None and (allow_absent or n not in absent)) or v.__class__ is Open
            ]
        )

    missing = (
        undecided(compiled.strict_names, False)
        or undecided(compiled.names, False)
        or undecided(compiled.strict_names, True)
        or undecided(compiled.names, True)
    )
    reasons = _plan(rulebook).reasons  # the same few texts, case after case
    reason = reasons.get(missing)
    if reason is None:
        if len(reasons) > 10_000:
            reasons.clear()
        if not missing:
            reason = reasons[missing] = "条件无法判定"
        else:
            reason = reasons[missing] = "缺少数据：" + "、".join(
                f"{rulebook.facts[n].title}（{n}{'，卷内所见不完整' if partial else ''}）" for n, partial in missing
            )
    return reason


@dataclass(frozen=True)
class Outcomes:
    """What the rules said about one case, before scoring."""

    findings: tuple[Finding, ...]
    undetermined: tuple[Undetermined, ...]
    passed: tuple[str, ...]
    not_applicable: int


# --- the evaluation plan: what can be worked out once per rulebook rather than once per case -------


# Where an unknown result came from, as the generated code records it (see Program)
_WHEN, _EFFECTIVE_ON, _REQUIRE, _NO_REQUIRE, _OUTSIDE = range(5)


@dataclass(frozen=True)
class Program:
    """The rules of one case type as one generated Python function (engine.expr writes each condition's
    code): each distinct `when` is computed once, then every rule in rulebook order. It returns the ids
    of the rules passed, the positions of the rules found, (position, where, Undecidable or None) of
    the rules that could not be decided, and the number not applicable."""

    rules: tuple[Rule, ...]
    rank: tuple[tuple[int, int], ...]  # findings: most severe first, then rulebook order
    run: Callable[[Context], tuple[list[str], list[int], list[tuple[int, int, Undecidable | None]], int]]
    messages: tuple[Callable[[Context], str], ...]  # each rule's message with the case's values


@dataclass(frozen=True)
class _Plan:
    # parameters whose value depends on a date: (fact key, parameter), resolved case by case
    dated: tuple[tuple[str, Parameter], ...]
    # the others, resolved once per party kind: kind -> {fact key: value}
    undated: tuple[tuple[str, Parameter], ...]
    by_kind: dict[str, dict[str, Any]]
    derived: tuple[tuple[str, Evaluator], ...]
    programs: dict[str, Program]  # by case type
    reasons: dict[tuple[tuple[str, bool], ...], str]  # missing facts -> the 无法判定 reason naming them


_PLANS: dict[int, tuple[Rulebook, _Plan]] = {}


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
        programs={},
        reasons={},
    )
    if len(_PLANS) > 64:  # rules lint and rules diff load many rulebooks in one process
        _PLANS.clear()
    _PLANS[id(rulebook)] = (rulebook, plan)
    return plan


def program_for(rulebook: Rulebook, case_type: str) -> Program:
    """The rulebook's rules for one case type as generated code (built once, then cached)."""
    plan = _plan(rulebook)
    program = plan.programs.get(case_type)
    if program is None:
        rules = tuple(rulebook.rules_for(case_type))
        lines = _program_lines(rules)
        for index, rule in enumerate(rules):
            lines += [f"def message{index}(c):", " f, a = c.facts, c.absent", f" return {_message_code(rule.message)}"]
        functions = build_functions("\n".join(lines) + "\n", f"<rulebook {rulebook.name}: {case_type}>")
        program = plan.programs[case_type] = Program(
            rules,
            tuple((-SEVERITIES.index(rule.severity), index) for index, rule in enumerate(rules)),
            functions["evaluate"],
            tuple(functions[f"message{index}"] for index in range(len(rules))),
        )
    return program


def _message_code(message: Message) -> str:
    """The template's text with each {placeholder} replaced by its value as format_value shows it."""
    pieces = PLACEHOLDER.split(message.template)  # text, placeholder, text, …, text
    parts = iter(message.parts)
    code = [literal_code(piece) if n % 2 == 0 else f"_show({next(parts).code})" for n, piece in enumerate(pieces)]
    code = [c for c in code if c != "''"]
    if len(code) < 2:
        return code[0] if code else "''"
    # one flat join: a chain of `+` nests one level per piece, too deep to compile past a few thousand
    return f"''.join(({', '.join(code)}))"


def _program_lines(rules: tuple[Rule, ...]) -> list[str]:
    lines = ["def evaluate(c):", " f, a = c.facts, c.absent", " passed = []", " found = []", " unknown = []", " na = 0"]
    lines += [" pass_ = passed.append", " find = found.append", " cannot = unknown.append"]
    whens: dict[str, str] = {}  # a `when` text -> the local holding its value
    for rule in rules:
        if rule.when is not None and rule.when.source not in whens:
            when = whens[rule.when.source] = f"w{len(whens)}"
            lines += [
                " try:",
                f"  {when} = {rule.when.code}",
                f"  {when}_gap = None",
                " except _Undecidable as gap:",
                f"  {when} = None",
                f"  {when}_gap = gap",
            ]
    # consecutive rules with the same `when` share one test of it (rulebook order is kept)
    runs: list[tuple[str | None, list[int]]] = []
    for index, rule in enumerate(rules):
        source = rule.when.source if rule.when is not None else None
        if runs and source is not None and runs[-1][0] == source:
            runs[-1][1].append(index)
        else:
            runs.append((source, [index]))
    for source, indexes in runs:
        bodies = [line for index in indexes for line in _rule_lines(index, rules[index])]
        if source is None:
            lines += [" " + line for line in bodies]
            continue
        when = whens[source]
        lines += [f" if {when} is False:", f"  na += {len(indexes)}", f" elif {when} is None:"]
        for index in indexes:
            lines += ["  " + line for line in _unknown_when_lines(index, rules[index], when)]
        lines += [" else:"] + ["  " + line for line in bodies]
    lines.append(" return passed, found, unknown, na")
    return lines


def _rule_lines(index: int, rule: Rule) -> list[str]:
    """One rule once its `when` holds: effective date, then `require` (Undecidable, e.g. a CalendarGap: 无法判定 with its reason)."""
    if rule.require is None:
        body = [f"cannot(({index}, {_NO_REQUIRE}, None))"]
    else:
        body = [
            "try:",
            f" r = {rule.require.code}",
            "except _Undecidable as gap:",
            f" cannot(({index}, {_REQUIRE}, gap))",
            "else:",
            " if r is True:",
            f"  pass_({rule.id!r})",
            " elif r is None:",
            f"  cannot(({index}, {_REQUIRE}, None))",
            " else:",
            f"  find({index})",
        ]
    if rule.effective_on is None:
        return body
    lines = [
        "try:",
        f" on = {rule.effective_on.code}",
        "except _Undecidable as gap:",
        f" cannot(({index}, {_EFFECTIVE_ON}, gap))",
        "else:",
        " if on is None:",
        f"  cannot(({index}, {_EFFECTIVE_ON}, None))",
    ]
    lines += [" " + line for line in _outside_lines(index, rule)]
    return lines + [" else:"] + ["  " + line for line in body]


def _outside_lines(index: int, rule: Rule) -> list[str]:
    """`elif` branches for a day `on` outside the rule's period of force: 无法判定 or not applicable."""
    sides = [(f"on < {date_constant(rule.effective_from)}", rule.undetermined_before)] if rule.effective_from else []
    sides += [(f"on > {date_constant(rule.effective_until)}", rule.undetermined_after)] if rule.effective_until else []
    lines = []
    for test, undetermined in sides:
        lines += [f"elif {test}:", f" cannot(({index}, {_OUTSIDE}, None))" if undetermined else " na += 1"]
    return lines


def _unknown_when_lines(index: int, rule: Rule, when: str) -> list[str]:
    """A rule whose `when` cannot be decided: outside its period of force it is what it is there (a value
    its law of the day did not have, e.g. a parameter of a later law, must not make it 无法判定 for lack
    of data); otherwise, or when its day is unknown, 无法判定 for the `when`'s reason."""
    unknown = f"cannot(({index}, {_WHEN}, {when}_gap))"
    if rule.effective_on is None or not (rule.effective_from or rule.effective_until):
        return [unknown]
    lines = ["try:", f" on = {rule.effective_on.code}", "except _Undecidable:", " on = None", "if on is None:"]
    return lines + [" " + unknown, *_outside_lines(index, rule), "else:", " " + unknown]


def build_context(
    case: CaseFile, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar, decided_on: dt.date | None = None
) -> tuple[Context, dict[str, str]]:
    """The facts every rule reads: the case's own, the profile's parameters, the derived classifications.
    `decided_on` stands for the decision's date (a draft's intended one) before anything is derived from it."""
    plan = _plan(rulebook)
    facts, origin, absent = base_facts(case, as_of, rulebook.tables, calendar, rulebook.reads_for(case.case_type))
    if decided_on is not None:
        facts["date.决定"] = decided_on
    ctx = Context(facts, calendar, absent)
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
        except Undecidable:
            facts[key] = None
    return ctx, origin


def apply_rules(rulebook: Rulebook, case_type: str, ctx: Context, origin: dict[str, str]) -> Outcomes:
    """Each applicable rule of the case type: passed, a finding (most severe first), or 无法判定."""
    program = program_for(rulebook, case_type)
    passed, found, unknown, not_applicable = program.run(ctx)
    rules = program.rules
    if len(found) > 1:
        found.sort(key=program.rank.__getitem__)
    findings = []
    for index in found:
        rule = rules[index]
        try:
            text = program.messages[index](ctx)
        except Undecidable as gap:
            text = f"{rule.message.template}（{gap}）"
        evidence = tuple(dict.fromkeys([origin[n] for n in rule.reads if n in origin]))
        findings.append(Finding(rule, text, evidence, rule.basis_on(day_of(rule, ctx))))
    undetermined = tuple(
        Undetermined(rules[index], _reason(rules[index], where, gap, ctx, rulebook)) for index, where, gap in unknown
    )
    outcomes = Outcomes(tuple(findings), undetermined, tuple(passed), not_applicable)
    special = rulebook.special_laws.get(ctx.facts["agency.domain"])
    return outcomes if special is None else _displaced(outcomes, rules, *special)


def day_of(rule: Rule, ctx: Context) -> dt.date:
    """The date the rule's law looks at: its `effective` date, else the decision's, else the inspection's
    (an inspection file has no decision), else the review date (an open case)."""
    day: dt.date | None = None
    if rule.effective_on is not None:
        try:
            day = rule.effective_on.run(ctx)
        except Undecidable:
            day = None
    decided: dt.date | None = ctx.facts["date.决定"]
    return day or decided or ctx.facts.get("date.现场检查") or ctx.facts["as_of"]


def _displaced(outcomes: Outcomes, rules: tuple[Rule, ...], law: str, displaced: frozenset[str]) -> Outcomes:
    """The rules whose general-law answer a field's special law (not encoded) may displace: 无法判定,
    whatever they said — never the general law as if it were the special one, never silently not applicable."""
    reason = f"本领域特别规定未编入本规则集：{law}，不按一般法判定"
    decided = {f.rule.id for f in outcomes.findings} | set(outcomes.passed) | {u.rule.id for u in outcomes.undetermined}
    not_applicable = sum(1 for r in rules if r.id in displaced and r.id not in decided)
    return Outcomes(
        tuple(f for f in outcomes.findings if f.rule.id not in displaced),
        tuple(u for u in outcomes.undetermined if u.rule.id not in displaced)
        + tuple(Undetermined(r, reason) for r in rules if r.id in displaced),
        tuple(p for p in outcomes.passed if p not in displaced),
        outcomes.not_applicable - not_applicable,
    )


def _reason(rule: Rule, where: int, gap: Undecidable | None, ctx: Context, rulebook: Rulebook) -> str:
    if gap is not None:
        return str(gap)
    if where == _NO_REQUIRE:
        return rule.undetermined or ""
    if where == _OUTSIDE:
        return _outside_reason(rule, ctx, rulebook)
    compiled = {_WHEN: rule.when, _EFFECTIVE_ON: rule.effective_on, _REQUIRE: rule.require}[where]
    assert compiled is not None
    return _unknown_reason(compiled, ctx, rulebook)


def _outside_reason(rule: Rule, ctx: Context, rulebook: Rulebook) -> str:
    """本项规定自2021-07-15起施行，本案决定日期 2019-05-10 不在其施行期间：当时的规定未编入本规则集。"""
    assert rule.effective_on is not None
    period = in_force(rule.effective_from, rule.effective_until)
    on = rule.effective_on.run(ctx)
    return f"本项规定{period}，本案{rule.dated_by(rulebook.facts)} {on.isoformat()} 不在其施行期间：当时的规定未编入本规则集"


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
        score=score(
            [f.rule for f in outcomes.findings],
            rulebook.scoring,
            [u.rule for u in outcomes.undetermined],
            rulebook.caps,
        ),
        notices=rulebook.unconfirmed_for(case.case_type),
    )
