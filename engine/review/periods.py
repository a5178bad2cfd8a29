"""The periods a draft decision is subject to: those running on the review date, and those the decision
starts. Every length and end is an expression over the profile's own facts, parameters and derived
classifications (the numbers the rules use); a period whose parameter the profile does not define is not
the profile's period and is left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..casefile import PenaltyCaseFile
from ..errors import Undecidable
from ..expr import Context, ExprError, compile_expression
from ..facts import FREEZE
from ..rulebook import Rulebook
from .model import Period

WORKDAYS, DAYS = "工作日", "日"
SEIZURE_BASIS = "《行政强制法》第25条第1款、第3款"


@dataclass(frozen=True)
class _Spec:
    title: str
    start: str  # expressions over the rulebook's facts
    start_label: str
    length: str
    unit: str
    end: str
    basis_param: str | None  # the parameter whose basis the period cites
    basis: str = ""  # or the citation itself (a period the law leaves to the notice)
    when: str = "True"
    done: str | None = None  # the date of the act that closes the period
    done_label: str = ""
    shows_extension: bool = False  # the 办案期限: name the approved extension and the days not counted
    always: bool = False  # shown even when the file does not give its start (else a period that has not begun)


CASE_DEADLINE = "derived.case_deadline_days + derived.case_excluded_days"
RUNNING = (
    _Spec(
        "办案期限",
        "date.立案",
        "立案日期",
        CASE_DEADLINE,
        DAYS,
        f"deadline(date.立案, {CASE_DEADLINE})",
        "case_deadline_days",
        when='case.procedure == "普通程序" and derived.case_deadline_applies',
        shows_extension=True,
        always=True,
    ),
    _Spec(
        "先行调查取证后补办立案手续",
        "investigation.first_evidence_date",
        "首次调查取证日期",
        "param.late_filing_days",
        DAYS,
        "deadline(investigation.first_evidence_date, param.late_filing_days)",
        "late_filing_days",
        when="investigation.first_evidence_date < coalesce(date.立案, as_of)",
        done="date.立案",
        done_label="立案",
    ),
    _Spec(
        "立案核查期限",
        "violation.discovered_on",
        "发现线索日期",
        "derived.opening_check_workdays",
        WORKDAYS,
        "add_workdays(violation.discovered_on, derived.opening_check_workdays)",
        "opening_check_workdays",
        done="date.立案",
        done_label="立案",
    ),
    _Spec(
        "先行登记保存后作出处理决定",
        "date.先行登记保存",
        "先行登记保存日期",
        "param.registration_preservation_workdays",
        WORKDAYS,
        "add_workdays(date.先行登记保存, param.registration_preservation_workdays)",
        "registration_preservation_workdays",
        done="date.先行登记保存处理",
        done_label="处理决定",
    ),
    _Spec(
        "陈述申辩期限",
        "date.告知",
        "告知日期",
        "notice.period_days",
        DAYS,
        "deadline(date.告知, notice.period_days)",
        None,
        basis="《行政处罚法》第45条第1款、第62条（法律未规定期限，以告知书载明的为准）",
        done="date.陈述申辩",
        done_label="陈述申辩或放弃",
    ),
    _Spec(
        "听证申请期限",
        "date.听证权利告知",
        "告知听证权利日期",
        "param.hearing_request_workdays",
        WORKDAYS,
        "derived.hearing_request_deadline",
        "hearing_request_workdays",
        when="exists(date.听证权利告知)",
        done="date.听证申请",
        done_label="申请听证或放弃",
    ),
)
AFTER_DECISION = (
    _Spec(
        "决定书送达（当事人不在场的）",
        "date.决定",
        "拟作出决定日期",
        "param.service_workdays",
        WORKDAYS,
        "add_workdays(date.决定, param.service_workdays)",
        "service_workdays",
        when='case.procedure == "普通程序"',
    ),
    _Spec(
        "行政处罚决定公示",
        "date.决定",
        "拟作出决定日期",
        "param.publicity_workdays",
        WORKDAYS,
        "add_workdays(date.决定, param.publicity_workdays)",
        "publicity_workdays",
        when='decision.outcome == "给予行政处罚"',
    ),
    _Spec(
        "推送当事人登记地机关公示（外省登记的）",
        "date.决定",
        "拟作出决定日期",
        "param.cross_province_push_workdays",
        WORKDAYS,
        "add_workdays(date.决定, param.cross_province_push_workdays)",
        "cross_province_push_workdays",
        when="coalesce(party.registered_elsewhere, False)",
    ),
    _Spec(
        "缴纳罚款",
        "date.决定书送达",
        "收到决定书之日",
        "param.payment_days",
        DAYS,
        "deadline(date.决定书送达, param.payment_days)",
        "payment_days",
        when='"罚款" in decision.kinds',
        always=True,
    ),
)


def running_periods(case: PenaltyCaseFile, rulebook: Rulebook, ctx: Context) -> tuple[Period, ...]:
    """The periods of the profile that run before the decision, and each 查封、扣押、冻结."""
    return _periods(RUNNING, rulebook, ctx, running=True) + _measures(case, ctx)


def periods_after_decision(rulebook: Rulebook, ctx: Context) -> tuple[Period, ...]:
    """The periods the intended decision starts, with their dates computed from it (none runs yet: no days left)."""
    return _periods(AFTER_DECISION, rulebook, ctx, running=False)


def _periods(specs: tuple[_Spec, ...], rulebook: Rulebook, ctx: Context, running: bool) -> tuple[Period, ...]:
    found = []
    for spec in specs:
        try:
            compiled = [compile_expression(text, rulebook.facts) for text in (spec.when, spec.start, spec.length)]
        except ExprError:
            continue  # a parameter or classification the profile does not define: not its period
        when, start, length = (_value(c.run, ctx) for c in compiled)
        if when is False or (start is None and not spec.always):
            continue
        found.append(_period(spec, rulebook, ctx, start, length, running))
    return tuple(found)


def _period(spec: _Spec, rulebook: Rulebook, ctx: Context, start: Any, length: Any, running: bool) -> Period:
    note = ""
    try:
        end = compile_expression(spec.end, rulebook.facts).run(ctx)
    except Undecidable as gap:
        end, note = None, str(gap)
    if end is None and not note:
        note = "起算日或期限长度未载明，无法计算届满日" if start is None or length is None else "无法计算届满日"
    done = _value(compile_expression(spec.done, rulebook.facts).run, ctx) if spec.done else None
    if spec.shows_extension and note == "":
        note = _extension_note(ctx)
    as_of: dt.date = ctx.facts["as_of"]
    left = (end - as_of).days if running and isinstance(end, dt.date) and done is None else None
    return Period(
        title=spec.title,
        start=start,
        start_label=spec.start_label,
        length=None if length is None else int(length),
        unit=spec.unit,
        end=end,
        basis=_basis(rulebook, spec, ctx),
        done_on=done,
        done_label=spec.done_label,
        days_left=left,
        note=note,
    )


def _value(run: Any, ctx: Context) -> Any:
    try:
        return run(ctx)
    except Undecidable:
        return None


def _extension_note(ctx: Context) -> str:
    facts = ctx.facts
    parts = []
    if facts.get("extension.days") is not None:
        parts.append(
            f"含{facts['extension.approved_by'] or ''}于 {facts['extension.approved_on']} 批准的延期（至 {facts['extension.days']} 日）"
        )
    excluded = facts.get("derived.case_excluded_days")
    if excluded:
        parts.append(f"另加不计入办案期限的 {int(excluded)} 日")
    return "；".join(parts)


def _basis(rulebook: Rulebook, spec: _Spec, ctx: Context) -> str:
    """The basis of the version of the parameter that applies on its date (as the rules read it)."""
    if spec.basis_param is None:
        return spec.basis
    parameter = rulebook.parameters[spec.basis_param]
    day = ctx.facts.get(parameter.on) if parameter.on else None
    for version in parameter.versions:
        if day is not None and (
            (version.since is not None and day < version.since) or (version.until is not None and day > version.until)
        ):
            continue
        return version.basis
    return parameter.versions[-1].basis


def _measures(case: PenaltyCaseFile, ctx: Context) -> tuple[Period, ...]:
    """查封、扣押 (30 days, one extension of up to 30) and 冻结 (the same), each as the rules count it: calendar
    days from the day it began, less the days of testing the file records as notified, not moved past rest days."""
    facts = ctx.facts
    as_of: dt.date = facts["as_of"]
    found = []
    for measure in case.seizures:
        prefix = "freeze" if measure.kind == FREEZE else "seizure"
        maximum, extension = facts[f"param.{prefix}_max_days"], facts[f"param.{prefix}_extension_max_days"]
        if maximum is None or extension is None:
            continue
        length = int(maximum + min(measure.extended_days or 0, extension))
        excluded = measure.excluded_days or 0
        end = measure.started_on + dt.timedelta(days=length + excluded)
        notes = [f"含批准延长 {measure.extended_days} 日" if measure.extended_days else ""]
        notes.append(f"另加不计入的检测等期间 {excluded} 日" if excluded else "")
        found.append(
            Period(
                title=f"{measure.kind}期限",
                start=measure.started_on,
                start_label=f"{measure.kind}日期",
                length=length,
                unit=DAYS,
                end=end,
                basis=SEIZURE_BASIS if measure.kind != FREEZE else "《行政强制法》第32条第1款",
                done_on=measure.released_on,
                done_label="解除或处理",
                days_left=None if measure.released_on else (end - as_of).days,
                note="；".join(n for n in notes if n) + "（日历日，末日不顺延）",
            )
        )
    return tuple(found)
