"""Derive the facts every rule reads, once per case: dates, counts, lookups in the rulebook's tables.

The registry below is the fact model rules are checked against at load time. A value of None means
unknown (the file does not show it); rules turn unknown into 无法判定.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterable
from typing import Any

from engine.casefile import (
    CaseFile,
    Circumstances,
    DecisionOutcome,
    DiscretionLevel,
    DocumentType,
    EventType,
    Party,
    PenaltyKind,
    Procedure,
    ServiceMethod,
)
from engine.expr import BOOL, DATE, LIST, NUMBER, TEXT, FactSpec
from engine.tables import Tables


def _values(literal: Any) -> frozenset[str]:
    return frozenset(typing.get_args(literal))


EVENT_TYPES = typing.get_args(EventType)
CIRCUMSTANCE_TITLES = {name: f.title or name for name, f in Circumstances.model_fields.items()}
PARTY_FLAG_TITLES = {
    name: Party.model_fields[name].title or name
    for name in ("high_risk_industry", "credit_blacklisted", "accident_within_3_years")
}
INVESTIGATION_EVENTS = ("调查取证", "询问", "现场检查", "先行登记保存")

_STATIC: dict[str, FactSpec] = {
    "as_of": FactSpec(DATE, "评查基准日"),
    "case.id": FactSpec(TEXT, "案卷编号"),
    "case.procedure": FactSpec(TEXT, "程序", _values(Procedure)),
    "agency.level": FactSpec(TEXT, "执法机关层级"),
    "agency.domain": FactSpec(TEXT, "执法领域"),
    "agency.vertical": FactSpec(BOOL, "垂直领导机关"),
    "agency.people_government": FactSpec(TEXT, "执法机关所在地的本级人民政府"),
    "party.kind": FactSpec(TEXT, "当事人类型", frozenset({"个人", "单位"})),
    "party.age_at_violation": FactSpec(NUMBER, "违法时年龄（周岁）"),
    "violation.item_code": FactSpec(TEXT, "裁量基准事项编码"),
    "violation.occurred_on": FactSpec(DATE, "违法行为发生日期"),
    "violation.ended_on": FactSpec(DATE, "违法行为终了日期（连续或继续状态）"),
    "violation.discovered_on": FactSpec(DATE, "发现日期"),
    "violation.endangers_life_health_or_finance": FactSpec(BOOL, "涉及生命健康安全、金融安全且有危害后果"),
    "violation.provisions_cited": FactSpec(NUMBER, "引用的违反条款数"),
    "violation.penalty_provisions_cited": FactSpec(NUMBER, "引用的处罚依据数"),
    "decision.exists": FactSpec(BOOL, "已作出决定"),
    "decision.outcome": FactSpec(TEXT, "决定类型", _values(DecisionOutcome)),
    "decision.kinds": FactSpec(LIST, "处罚种类", _values(PenaltyKind)),
    "decision.fine": FactSpec(NUMBER, "罚款（元）"),
    "decision.confiscation": FactSpec(NUMBER, "没收金额（元）"),
    "decision.no_penalty_ground": FactSpec(TEXT, "不予处罚理由"),
    "decision.reasoned": FactSpec(BOOL, "决定书有说理"),
    "remedies.review_body": FactSpec(TEXT, "告知的复议机关"),
    "remedies.review_period_days": FactSpec(NUMBER, "告知的复议期限（日）"),
    "remedies.litigation_period_months": FactSpec(NUMBER, "告知的起诉期限（月）"),
    "discretion.level": FactSpec(TEXT, "裁量阶次", _values(DiscretionLevel)),
    "discretion.band": FactSpec(TEXT, "适用情形（阶次名称）"),
    "discretion.reasoned": FactSpec(BOOL, "裁量有说理"),
    "discretion.cited_in_notice": FactSpec(BOOL, "告知书载明裁量基准"),
    "discretion.cited_in_decision": FactSpec(BOOL, "决定书载明裁量基准"),
    "officers.count": FactSpec(NUMBER, "执法人员人数"),
    "officers.without_certificate": FactSpec(LIST, "无执法证的执法人员"),
    "officers.certificate_invalid_when_acting": FactSpec(LIST, "执法时执法证不在有效期的执法人员"),
    "investigation.min_officers": FactSpec(NUMBER, "调查取证、询问、检查中执法人员最少人数"),
    "investigation.first_date": FactSpec(DATE, "首次调查取证日期"),
    "notice.period_days": FactSpec(NUMBER, "告知书载明的陈述申辩期限（日）"),
    "statement.waived": FactSpec(BOOL, "当事人明确放弃陈述申辩"),
    "hearing.waived": FactSpec(BOOL, "当事人明确放弃听证"),
    "service.method": FactSpec(TEXT, "决定书送达方式", _values(ServiceMethod)),
    "extension.days": FactSpec(NUMBER, "批准延长后的办案期限（日）"),
    "extension.approved_by": FactSpec(TEXT, "延期批准人", frozenset({"本机关负责人", "上一级机关"})),
    "documents.types": FactSpec(LIST, "卷内文书", _values(DocumentType)),
    "documents.unsigned": FactSpec(LIST, "未签名的文书"),
    "documents.unsealed": FactSpec(LIST, "未盖章的文书"),
    "review.qualified": FactSpec(BOOL, "审核人员取得法律职业资格"),
    "review.opinion": FactSpec(TEXT, "法制审核意见", frozenset({"同意", "修改后同意", "不同意"})),
    "publicity.platform": FactSpec(TEXT, "公示平台"),
    "payment.method": FactSpec(TEXT, "缴纳方式", frozenset({"银行缴纳", "电子支付", "当场收缴"})),
    "payment.amount": FactSpec(NUMBER, "缴纳金额（元）"),
    "payment.receipt": FactSpec(BOOL, "有缴款凭证"),
    "seizure.count": FactSpec(NUMBER, "查封扣押次数"),
    "seizure.unapproved": FactSpec(NUMBER, "未经负责人批准（或超过24小时补批）的查封扣押数"),
    "seizure.without_audio_video": FactSpec(NUMBER, "无全程音像记录的查封扣押数"),
    "seizure.without_documents": FactSpec(NUMBER, "无决定书或清单的查封扣押数"),
    "seizure.longest_days": FactSpec(NUMBER, "查封扣押最长持续日数（扣除检测期间）"),
    "seizure.longest_extended_days": FactSpec(NUMBER, "该查封扣押批准延长的日数"),
    "seizure.extension_unnotified": FactSpec(NUMBER, "延长未书面告知的查封扣押数"),
    "seizure.open": FactSpec(NUMBER, "尚未解除或处理的查封扣押数"),
    "baseline.found": FactSpec(BOOL, "裁量基准中有该事项"),
    "baseline.title": FactSpec(TEXT, "裁量基准事项"),
    "baseline.model": FactSpec(TEXT, "裁量模式", frozenset({"fact-pattern", "fraction"})),
    "baseline.statutory_min": FactSpec(NUMBER, "法定罚款下限（元）"),
    "baseline.statutory_max": FactSpec(NUMBER, "法定罚款上限（元）"),
    "baseline.claimed_min": FactSpec(NUMBER, "所称阶次罚款下限（元）"),
    "baseline.claimed_max": FactSpec(NUMBER, "所称阶次罚款上限（元）"),
    "baseline.expected_level": FactSpec(TEXT, "依情节应适用的阶次", _values(DiscretionLevel)),
    "baseline.expected_band": FactSpec(TEXT, "依情节应适用的情形"),
    "exemption.listed": FactSpec(BOOL, "列入不予处罚清单"),
    "exemption.entry": FactSpec(TEXT, "不予处罚清单事项"),
    "exemption.effect": FactSpec(TEXT, "清单效力", frozenset({"应当", "可以"})),
    "exemption.conditions_met": FactSpec(BOOL, "清单条件均已证明"),
    "exemption.unmet": FactSpec(LIST, "未证明的清单条件"),
}
for _event in EVENT_TYPES:
    _STATIC[f"date.{_event}"] = FactSpec(DATE, f"{_event}日期（首次）")
    _STATIC[f"records.{_event}"] = FactSpec(LIST, f"{_event}的记录形式", frozenset({"文字", "音像"}))
for _name, _title in CIRCUMSTANCE_TITLES.items():
    _STATIC[f"circ.{_name}"] = FactSpec(BOOL, _title)
for _name, _title in PARTY_FLAG_TITLES.items():
    _STATIC[f"party.{_name}"] = FactSpec(BOOL, _title)
_STATIC.update(
    {
        "date.决定": FactSpec(DATE, "决定日期"),
        "date.决定书送达": FactSpec(DATE, "决定书送达日期"),
        "date.法制审核": FactSpec(DATE, "法制审核日期"),
        "date.公示": FactSpec(DATE, "公示日期"),
        "date.决定变更": FactSpec(DATE, "决定被变更、撤销、确认违法或无效的日期"),
        "date.公示撤回": FactSpec(DATE, "撤回公示日期"),
        "date.缴纳": FactSpec(DATE, "缴纳日期"),
    }
)
STATIC_FACTS: dict[str, FactSpec] = _STATIC

# Facts read straight from one place in the case file: their JSON path is the evidence of a finding.
_DIRECT_ORIGINS = {
    "case.procedure": "$.procedure",
    "agency.vertical": "$.agency.vertical",
    "agency.people_government": "$.agency.region",
    "party.kind": "$.party.kind",
    "violation.item_code": "$.violation.item_code",
    "violation.occurred_on": "$.violation.occurred_on",
    "violation.ended_on": "$.violation.ended_on",
    "violation.discovered_on": "$.violation.discovered_on",
    "violation.endangers_life_health_or_finance": "$.violation.endangers_life_health_or_finance",
    "decision.outcome": "$.decision.outcome",
    "decision.kinds": "$.decision.kinds",
    "decision.fine": "$.decision.fine",
    "decision.no_penalty_ground": "$.decision.no_penalty_ground",
    "remedies.review_body": "$.decision.remedies.review_body",
    "remedies.review_period_days": "$.decision.remedies.review_period_days",
    "remedies.litigation_period_months": "$.decision.remedies.litigation_period_months",
    "discretion.level": "$.decision.discretion.level",
    "discretion.band": "$.decision.discretion.band",
    "discretion.reasoned": "$.decision.discretion.reasons",
    "discretion.cited_in_notice": "$.decision.discretion.cited_in_notice",
    "discretion.cited_in_decision": "$.decision.discretion.cited_in_decision",
    "officers.without_certificate": "$.officers",
    "officers.certificate_invalid_when_acting": "$.officers",
    "documents.types": "$.documents",
    "documents.unsealed": "$.documents",
    "documents.unsigned": "$.documents",
    "review.qualified": "$.legal_review.qualified",
    "review.opinion": "$.legal_review.opinion",
    "date.公示": "$.publicity.published_on",
    "date.决定变更": "$.publicity.decision_changed_on",
    "date.公示撤回": "$.publicity.withdrawn_on",
    "payment.method": "$.payment.method",
    "baseline.expected_level": "$.violation.facts",
    "baseline.expected_band": "$.violation.facts",
    "exemption.unmet": "$.violation.circumstances",
    **{f"circ.{name}": f"$.violation.circumstances.{name}" for name in CIRCUMSTANCE_TITLES},
    **{f"party.{name}": f"$.party.{name}" for name in PARTY_FLAG_TITLES},
    **{
        f"seizure.{name}": "$.seizures"
        for name in ("unapproved", "without_audio_video", "without_documents", "longest_days", "extension_unnotified")
    },
}


def _first(events: Iterable[tuple[int, Any]]) -> tuple[int, Any] | None:
    best = None
    for index, event in events:
        if best is None or event.date < best[1].date:
            best = (index, event)
    return best


def _age(birth: dt.date | None, on: dt.date | None) -> int | None:
    if birth is None or on is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _certificate_valid(officer: Any, on: dt.date) -> bool:
    if officer.certificate_no is None:
        return False
    if officer.certificate_valid_from is not None and on < officer.certificate_valid_from:
        return False
    return not (officer.certificate_valid_to is not None and on > officer.certificate_valid_to)


def base_facts(case: CaseFile, as_of: dt.date, tables: Tables) -> tuple[dict[str, Any], dict[str, str]]:
    """Every registered fact for one case (None = unknown) and the JSON path each came from."""
    facts: dict[str, Any] = dict.fromkeys(STATIC_FACTS)
    origin: dict[str, str] = dict(_DIRECT_ORIGINS)
    decision = case.decision
    violation = case.violation

    facts["as_of"] = as_of
    facts["case.id"] = case.case_id
    facts["case.procedure"] = case.procedure
    facts["agency.level"] = case.agency.level
    facts["agency.domain"] = case.agency.domain
    facts["agency.vertical"] = case.agency.vertical
    facts["party.kind"] = case.party.kind
    for name in PARTY_FLAG_TITLES:
        facts[f"party.{name}"] = getattr(case.party, name)
    facts["party.age_at_violation"] = _age(case.party.birth_date, violation.occurred_on)

    facts["violation.item_code"] = violation.item_code
    facts["violation.occurred_on"] = violation.occurred_on
    facts["violation.ended_on"] = violation.ended_on
    facts["violation.discovered_on"] = violation.discovered_on
    facts["violation.endangers_life_health_or_finance"] = violation.endangers_life_health_or_finance
    facts["violation.provisions_cited"] = len(violation.provision_violated)
    facts["violation.penalty_provisions_cited"] = len(violation.penalty_provision)
    for name in CIRCUMSTANCE_TITLES:
        facts[f"circ.{name}"] = getattr(violation.circumstances, name)

    # Events: the first of each type, with its JSON path.
    by_type: dict[str, list[tuple[int, Any]]] = {}
    for index, event in enumerate(case.events):
        by_type.setdefault(event.type, []).append((index, event))
    for event_type, indexed in by_type.items():
        first = _first(indexed)
        assert first is not None
        facts[f"date.{event_type}"] = first[1].date
        facts[f"records.{event_type}"] = tuple(first[1].records)
        origin[f"date.{event_type}"] = f"$.events[{first[0]}].date"
        origin[f"records.{event_type}"] = f"$.events[{first[0]}].records"

    decision_date = decision.date if decision else None
    facts["decision.exists"] = decision is not None
    if decision is not None:
        facts["date.决定"] = decision.date
        origin["date.决定"] = "$.decision.date"
        facts["decision.outcome"] = decision.outcome
        facts["decision.kinds"] = tuple(decision.kinds)
        facts["decision.fine"] = decision.fine if "罚款" in decision.kinds else 0
        facts["decision.confiscation"] = decision.confiscation
        facts["decision.no_penalty_ground"] = decision.no_penalty_ground
        facts["decision.reasoned"] = bool(decision.reasoning and decision.reasoning.strip())
        remedies = decision.remedies
        facts["remedies.review_body"] = remedies.review_body
        facts["remedies.review_period_days"] = remedies.review_period_days
        facts["remedies.litigation_period_months"] = remedies.litigation_period_months
        if decision.discretion is not None:
            claim = decision.discretion
            facts["discretion.level"] = claim.level
            facts["discretion.band"] = claim.band
            facts["discretion.reasoned"] = bool(claim.reasons and claim.reasons.strip())
            facts["discretion.cited_in_notice"] = claim.cited_in_notice
            facts["discretion.cited_in_decision"] = claim.cited_in_decision
    if case.agency.region is not None:
        facts["agency.people_government"] = f"{case.agency.region}人民政府"

    services = [(i, e) for i, e in by_type.get("送达", []) if decision_date is not None and e.date >= decision_date]
    served = _first(services)
    if served is not None:
        facts["date.决定书送达"] = served[1].date
        facts["service.method"] = served[1].method
        origin["date.决定书送达"] = f"$.events[{served[0]}].date"

    # Officers and who acted when.
    officers = {o.id: o for o in case.officers}
    facts["officers.count"] = len(officers)
    facts["officers.without_certificate"] = tuple(o.name for o in case.officers if not o.certificate_no)
    invalid: dict[str, None] = {}
    for event in case.events:
        for actor in event.actors:
            officer = officers.get(actor)
            if officer is not None and officer.certificate_no and not _certificate_valid(officer, event.date):
                invalid[officer.name] = None
    facts["officers.certificate_invalid_when_acting"] = tuple(invalid)
    investigations = [e for t in INVESTIGATION_EVENTS for _, e in by_type.get(t, [])]
    if investigations:
        facts["investigation.min_officers"] = min(len(set(e.actors)) for e in investigations)
        facts["investigation.first_date"] = min(e.date for e in investigations)

    notice = _first(by_type.get("告知", []))
    if notice is not None:
        facts["notice.period_days"] = notice[1].days
    statement = _first(by_type.get("陈述申辩", []))
    if statement is not None:
        facts["statement.waived"] = statement[1].waived
    hearing_request = _first(by_type.get("听证申请", []))
    if hearing_request is not None:
        facts["hearing.waived"] = hearing_request[1].waived
    extensions = by_type.get("延期批准", [])
    if extensions:
        _, longest = max(extensions, key=lambda pair: pair[1].days or 0)
        facts["extension.days"] = longest.days
        facts["extension.approved_by"] = longest.approved_by

    facts["documents.types"] = tuple(dict.fromkeys(d.type for d in case.documents))
    facts["documents.unsigned"] = tuple(d.type for d in case.documents if d.signed is False)
    facts["documents.unsealed"] = tuple(d.type for d in case.documents if d.sealed is False)

    if case.legal_review is not None:
        facts["date.法制审核"] = case.legal_review.date
        origin["date.法制审核"] = "$.legal_review.date"
        facts["review.qualified"] = case.legal_review.qualified
        facts["review.opinion"] = case.legal_review.opinion
    if case.publicity is not None:
        facts["date.公示"] = case.publicity.published_on
        facts["date.决定变更"] = case.publicity.decision_changed_on
        facts["date.公示撤回"] = case.publicity.withdrawn_on
        facts["publicity.platform"] = case.publicity.platform
    if case.payment is not None:
        facts["date.缴纳"] = case.payment.paid_on
        facts["payment.method"] = case.payment.method
        facts["payment.amount"] = case.payment.amount
        facts["payment.receipt"] = case.payment.receipt

    _seizure_facts(case, as_of, facts)
    _baseline_facts(case, tables, facts)
    _exemption_facts(case, tables, facts)
    return facts, origin


def _seizure_facts(case: CaseFile, as_of: dt.date, facts: dict[str, Any]) -> None:
    seizures = case.seizures
    facts["seizure.count"] = len(seizures)
    if not seizures:
        return
    facts["seizure.unapproved"] = sum(
        1 for s in seizures if s.approved_on is None or (s.approved_on - s.started_on).days > 1
    )
    facts["seizure.without_audio_video"] = sum(1 for s in seizures if s.audio_video is not True)
    facts["seizure.without_documents"] = sum(
        1 for s in seizures if s.decision_document is None or s.inventory_document is None
    )
    facts["seizure.extension_unnotified"] = sum(1 for s in seizures if s.extended_days and not s.extension_notified)
    facts["seizure.open"] = sum(1 for s in seizures if s.released_on is None)
    longest = max(seizures, key=lambda s: ((s.released_on or as_of) - s.started_on).days - s.excluded_days)
    facts["seizure.longest_days"] = ((longest.released_on or as_of) - longest.started_on).days - longest.excluded_days
    facts["seizure.longest_extended_days"] = longest.extended_days or 0


def _baseline_facts(case: CaseFile, tables: Tables, facts: dict[str, Any]) -> None:
    code = case.violation.item_code
    table = tables.discretion.get(code) if code else None
    facts["baseline.found"] = table is not None
    if table is None:
        return
    kind = case.party.kind
    facts["baseline.title"] = table.title
    facts["baseline.model"] = table.model
    statutory = table.statutory.get(kind)
    if statutory is not None:
        facts["baseline.statutory_min"], facts["baseline.statutory_max"] = statutory
    claim = case.decision.discretion if case.decision else None
    if claim is not None:
        claimed = table.claimed_range(kind, claim.level, claim.band)
        if claimed is not None:
            facts["baseline.claimed_min"], facts["baseline.claimed_max"] = claimed
    if table.model == "fact-pattern":
        expected = table.expected_band(case.violation.facts)
        if expected:
            assert not isinstance(expected, bool)
            facts["baseline.expected_level"] = expected.level
            facts["baseline.expected_band"] = expected.name


def _exemption_facts(case: CaseFile, tables: Tables, facts: dict[str, Any]) -> None:
    code = case.violation.item_code
    entry = tables.lists.get(("不予处罚", code)) if code else None
    facts["exemption.listed"] = entry is not None
    if entry is None:
        return
    circumstances = case.violation.circumstances
    unmet = [CIRCUMSTANCE_TITLES[c] for c in entry.conditions if getattr(circumstances, c) is not True]
    unmet += [f"非{PARTY_FLAG_TITLES[x]}" for x in entry.exclusions if getattr(case.party, x) is not False]
    facts["exemption.entry"] = entry.title
    facts["exemption.effect"] = entry.effect
    facts["exemption.unmet"] = tuple(unmet)
    values = [getattr(circumstances, c) for c in entry.conditions]
    values += [None if (v := getattr(case.party, x)) is None else not v for x in entry.exclusions]
    if any(v is False for v in values):
        facts["exemption.conditions_met"] = False
    elif any(v is None for v in values):
        facts["exemption.conditions_met"] = None
    else:
        facts["exemption.conditions_met"] = True
