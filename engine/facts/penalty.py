"""The facts of a 行政处罚 case file: party, violation, events, decision, officers, documents, notice,
hearing, legal review, publicity, payment (coercion and discretion in their own modules)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import Any

from ..casefile import (
    Notice,
    PenaltyCaseFile,
)
from ..expr import Open
from ..tables import Tables
from .coercion import enforcement_facts, freeze_facts, seizure_facts
from .common import RequiredItems, certificate_valid, closed_flag, exact_day, listed
from .discretion import baseline_facts, exemption_facts, mitigation_facts
from .filing import filing_facts
from .model import (
    ALL_UNKNOWN,
    CIRCUMSTANCE_TITLES,
    DECISION_ITEMS,
    DISCRETION_WORDS,
    DOSSIER_FLAGS,
    ENFORCEMENT_FLAGS,
    EVENT_TYPES,
    EVIDENCE_EVENTS,
    EXCLUDED_KINDS,
    INVESTIGATION_EVENTS,
    MONITORING_FLAGS,
    NOTICE_ITEMS,
    PARTY_FLAG_TITLES,
    RECORD_TYPES,
    copy_circumstances,
    copy_dossier_flags,
    copy_monitoring_flags,
    copy_party_flags,
)
from .property import property_facts
from .reasoning import reasoning_facts
from .standards import standards_facts
from .supervision import system_facts

_EVENT_KEYS = {event_type: (f"date.{event_type}", f"records.{event_type}") for event_type in EVENT_TYPES}


def _event_paths(index: int) -> tuple[str, str]:
    return f"$.events[{index}].date", f"$.events[{index}].records"


_EVENT_PATHS = tuple(_event_paths(index) for index in range(100))  # formatted once: most files have fewer events
_NOTHING_EXCLUDED = {**{f"excluded.{kind}": 0 for kind in EXCLUDED_KINDS}, "excluded.check_days": 0}
_RECORD_TYPES = frozenset(RECORD_TYPES)


_NOTICE_ITEMS = RequiredItems(NOTICE_ITEMS)
_DECISION_ITEMS = RequiredItems(DECISION_ITEMS)


# Facts read straight from one place in the case file: their JSON path is the evidence of a finding.
DIRECT_ORIGINS = {
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
    "decision.reasons_discretion": "$.decision.reasoning",
    "remedies.review_body": "$.decision.remedies.review_body",
    "remedies.review_body_local": "$.decision.remedies.review_body",
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
    "documents.decision_sealed": "$.documents",
    "review.qualified": "$.legal_review.qualified",
    "review.opinion": "$.legal_review.opinion",
    "date.公示": "$.publicity.published_on",
    "date.决定变更": "$.publicity.decision_changed_on",
    "date.公示撤回": "$.publicity.withdrawn_on",
    "payment.method": "$.payment.method",
    "baseline.expected_level": "$.violation.facts",
    "baseline.expected_band": "$.violation.facts",
    "exemption.unmet": "$.violation.circumstances",
    "agency.competent": "$.agency.competent",
    "agency.entrusted_by": "$.agency.entrusted_by",
    "agency.entrustment_published": "$.agency.entrustment_published",
    "party.registered_province": "$.party.registered_province",
    "decision.sealed_by": "$.decision.sealed_by",
    "decision.missing_contents": "$.decision.contents",
    "notice.missing": "$.notice",
    "notice.proposed_kinds": "$.notice.proposed_kinds",
    "notice.proposed_fine": "$.notice.proposed_fine",
    "hearing.presider": "$.hearing.presider",
    "hearing.public": "$.hearing.public",
    "hearing.confidential": "$.hearing.confidential",
    "hearing.presider_investigated": "$.hearing.presider",
    "hearing.record_signed": "$.hearing.record_signed",
    "records.unsigned_unnoted": "$.documents",
    "review.reviewer_since": "$.legal_review.reviewer_since",
    "publicity.party_notified": "$.publicity.party_notified",
    "date.公示推送": "$.publicity.pushed_on",
    "payment.onsite_reason": "$.payment.onsite_reason",
    "date.罚款交至机关": "$.payment.handed_over_on",
    "date.罚款缴付银行": "$.payment.deposited_on",
    "payment.surcharge": "$.payment.surcharge",
    "payment.receipt": "$.payment.receipt",
    "enforcement.mode": "$.enforcement.mode",
    "date.催告书送达": "$.enforcement.reminder_served_on",
    "date.强制执行决定": "$.enforcement.decision_on",
    "date.强制执行": "$.enforcement.executed_on",
    "date.申请法院强制执行": "$.enforcement.applied_on",
    "date.暂缓分期届满": "$.enforcement.deferred_until",
    "date.催告履行期限": "$.enforcement.reminder_deadline",
    "enforcement.reminder_service": "$.enforcement.reminder_service",
    "enforcement.decision_service": "$.enforcement.decision_service",
    **{f"enforcement.{name}": f"$.enforcement.{name}" for name in ENFORCEMENT_FLAGS},
    **{f"monitoring.{name}": f"$.electronic_monitoring.{name}" for name in MONITORING_FLAGS},
    **{f"dossier.{name}": f"$.dossier.{name}" for name in DOSSIER_FLAGS},
    "dossier.form_defects": "$.dossier.form_defects",
    "seizure.min_officers": "$.seizures",
    "seizure.without_record": "$.seizures",
    "seizure.not_delivered": "$.seizures",
    "freeze.longest_days": "$.seizures",
    "freeze.extension_unnotified": "$.seizures",
    **{f"excluded.{kind}": "$.excluded_periods" for kind in EXCLUDED_KINDS},
    "excluded.check_days": "$.excluded_periods",
    **{f"circ.{name}": f"$.violation.circumstances.{name}" for name in CIRCUMSTANCE_TITLES},
    **{f"party.{name}": f"$.party.{name}" for name in PARTY_FLAG_TITLES},
    **{
        f"seizure.{name}": "$.seizures"
        for name in ("unapproved", "without_audio_video", "without_documents", "longest_days", "extension_unnotified")
    },
}


# Groups of facts not every rulebook reads, by the facts each writes (a name stands for every fact it
# begins): a group is computed only for rules that read one of its facts (Rulebook.reads_for). The engine
# reads none of them outside the rules (engine.evaluate, engine.review, engine.explain).
OPTIONAL_GROUPS: dict[str, tuple[str, ...]] = {
    "reasoning": ("reasoning.", "agency.region"),
    "filing": ("filing.", "audio_video."),
    "standards": (
        "investigation.certificates_not_shown",
        "discussion.by_leaders",
        "agency.jurisdiction",
        "party.name",
        "violation.violator",
        "decision.payment_to",
    ),
    "property": ("measure.", "seizure.unhandled", "seizure.not_returned", "seizure.misused"),
    "mitigation": ("mitigation.",),
}


@functools.lru_cache(maxsize=64)
def skipped_groups(reads: frozenset[str] | None) -> frozenset[str]:
    """The optional groups none of whose facts `reads` names (None: every fact is read, none skipped)."""
    if reads is None:
        return frozenset()
    return frozenset(group for group, names in OPTIONAL_GROUPS.items() if not any(r.startswith(names) for r in reads))


def _same_government(named: str, government: str) -> bool:
    """Whether a 决定书 names this government: in full, or without the higher divisions its name begins with
    (宝坻区人民政府 for 天津市宝坻区人民政府)."""
    named = "".join(named.split())
    return named == government or (named.endswith("人民政府") and len(named) > 4 and government.endswith(named))


def _first(events: Iterable[tuple[int, Any]]) -> tuple[int, Any] | None:
    best = None
    for index, event in events:
        if best is None or event.date < best[1].date:
            best = (index, event)
    return best


def _fewest_officers(case: PenaltyCaseFile, closed: bool) -> int | None:
    """The fewest officers who took part in an investigative step (dated or not). In a complete file a
    step naming nobody had nobody named; elsewhere a step whose officers are not given leaves the fewest
    unknown, unless a step shows fewer than the two 行政处罚法 第42条 requires whatever the others show."""
    steps = [e for e in case.events if e.type in INVESTIGATION_EVENTS]
    if not steps:
        return None
    staffed = [len(set(e.actors or ())) for e in steps if closed or e.actors is not None]
    fewest = min(staffed, default=None)
    if fewest is None or (len(staffed) < len(steps) and fewest >= 2):
        return None
    return fewest


def _age(birth: dt.date | None, on: dt.date | None) -> int | None:
    if birth is None or on is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def penalty_facts(
    case: PenaltyCaseFile,
    as_of: dt.date,
    tables: Tables,
    complete: frozenset[str],
    unknown: set[str],
    skip: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, str]]:
    """The facts of a penalty file, but for the OPTIONAL_GROUPS in `skip` (their facts stay unknown)."""
    facts = ALL_UNKNOWN.copy()
    origin: dict[str, str] = dict(DIRECT_ORIGINS)
    closed_events = "events" in complete
    _party_facts(case, as_of, facts, complete)
    _violation_facts(case, facts, unknown)
    by_type, firsts = _first_events(case, facts, origin, unknown, closed_events)
    _decision_facts(case, facts, origin, "decision" in complete)
    _service_facts(facts, origin, by_type, firsts, complete)
    _officer_facts(case, facts, by_type, complete)
    _step_facts(case, facts, origin, by_type, firsts, complete)
    _document_facts(case, facts, "documents" in complete)
    _notice_facts(case, facts, firsts, origin, "notice" in complete)
    _hearing_facts(case, facts, by_type, closed_events)
    _record_facts(case, facts, origin)
    enforcement_facts(case, facts, origin)
    _monitoring_facts(case, facts, "electronic_monitoring" in complete)
    _dossier_facts(case, facts, "dossier" in complete)
    if "standards" not in skip:
        standards_facts(case, facts, origin, complete)
    system_facts(case.systems, facts, origin)
    if "reasoning" not in skip:
        reasoning_facts(case, facts, origin, tables, complete)
    if "filing" not in skip:
        filing_facts(case, facts, origin, complete)

    closed_seizures = "seizures" in complete
    seizure_facts(case, as_of, facts, closed_seizures)
    freeze_facts(case, as_of, facts, closed_seizures)
    if "property" not in skip:
        property_facts(case, facts, origin, complete)  # 行政强制措施 beyond their procedure (issue 19, r19prop)
    baseline_facts(case, as_of, tables, facts)
    closed_violation = {"violation", "party"} <= complete
    exemption_facts(case, tables, facts, closed_violation)
    if "mitigation" not in skip:
        mitigation_facts(case, tables, facts, closed_violation)
    return facts, origin


def _party_facts(case: PenaltyCaseFile, as_of: dt.date, facts: dict[str, Any], complete: frozenset[str]) -> None:
    """The case, the agency and the party (its age on the day of the violation)."""
    facts["as_of"] = as_of
    facts["case.id"] = case.case_id
    facts["case.procedure"] = case.procedure
    facts["agency.level"] = case.agency.level
    facts["agency.domain"] = case.agency.domain
    facts["agency.vertical"] = closed_flag(case.agency.vertical, "agency" in complete)
    agency = case.agency
    facts["agency.name"] = agency.name
    facts["agency.province"] = agency.province
    facts["agency.competent"] = agency.competent
    facts["agency.entrusted_by"] = agency.entrusted_by
    facts["agency.entrustment_published"] = agency.entrustment_published
    # an agency may act in its own name unless entrusted; whether it was is known only where the file says
    if agency.entrusted_by or "agency" in complete or (case.decision and case.decision.sealed_by == agency.name):
        facts["agency.expected_seal"] = agency.entrusted_by or agency.name
    facts["party.registered_province"] = case.party.registered_province
    if case.party.registered_province is not None and agency.province is not None:
        facts["party.registered_elsewhere"] = case.party.registered_province != agency.province
    facts["party.kind"] = case.party.kind
    facts["party.industry"] = case.party.industry
    copy_party_flags(case.party, facts)
    facts["party.age_at_violation"] = _age(case.party.birth_date, exact_day(case.violation.occurred_on))


def _violation_facts(case: PenaltyCaseFile, facts: dict[str, Any], unknown: set[str]) -> None:
    violation = case.violation
    facts["violation.item_code"] = violation.item_code
    for name in ("occurred_on", "ended_on", "discovered_on"):
        value = getattr(violation, name)
        facts[f"violation.{name}"] = exact_day(value)
        if isinstance(value, str):
            unknown.add(f"violation.{name}")
    facts["violation.endangers_life_health_or_finance"] = violation.endangers_life_health_or_finance
    if violation.provision_violated is not None:
        facts["violation.provisions_cited"] = len(violation.provision_violated)
    if violation.penalty_provision is not None:
        facts["violation.penalty_provisions_cited"] = len(violation.penalty_provision)
    copy_circumstances(violation.circumstances, facts)


def _first_events(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], unknown: set[str], closed_events: bool
) -> tuple[dict[str, list[tuple[int, Any]]], dict[str, tuple[int, Any]]]:
    """The dated events by type, and the first of each type (the earliest; of two on one day, the one listed
    first) with its JSON path. An event whose day the file does not give counts only as having happened: its
    type's date is unknown."""
    by_type: dict[str, list[tuple[int, Any]]] = {}
    firsts: dict[str, tuple[int, Any]] = {}
    for indexed in enumerate(case.events):
        event = indexed[1]
        of_type = event.type
        if not isinstance(event.date, dt.date):
            unknown.add(_EVENT_KEYS[of_type][0])
            continue
        group = by_type.get(of_type)
        if group is None:
            by_type[of_type] = [indexed]
            firsts[of_type] = indexed
        else:
            group.append(indexed)
            if event.date < firsts[of_type][1].date:
                firsts[of_type] = indexed
    for event_type, (index, event) in firsts.items():
        date_key, records_key = _EVENT_KEYS[event_type]
        facts[date_key] = event.date
        facts[records_key] = listed(event.records, closed_events)
        origin[date_key], origin[records_key] = (
            _EVENT_PATHS[index] if index < len(_EVENT_PATHS) else _event_paths(index)
        )
    return by_type, firsts


def _decision_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], closed_decision: bool
) -> None:
    """The decision block (its date over the first 决定 event's), the remedies told, the discretion claimed."""
    decision = case.decision
    if decision is not None or any(event.type == "决定" for event in case.events):
        facts["decision.exists"] = True
    elif closed_decision:
        facts["decision.exists"] = False
    if decision is not None:
        kinds = decision.kinds
        facts["date.决定"] = decision.date
        origin["date.决定"] = "$.decision.date"
        facts["decision.outcome"] = decision.outcome
        if kinds is not None:
            facts["decision.kinds"] = tuple(kinds)
            facts["decision.fine"] = decision.fine if "罚款" in kinds else 0
            facts["decision.warning_only"] = set(kinds) == {"警告"}
        elif decision.fine is not None:
            facts["decision.fine"] = decision.fine
        facts["decision.confiscation"] = decision.confiscation
        facts["decision.no_penalty_ground"] = decision.no_penalty_ground
        if decision.reasoning or closed_decision:
            facts["decision.reasoned"] = bool(decision.reasoning and decision.reasoning.strip())
        mentions = any(word in (decision.reasoning or "") for word in DISCRETION_WORDS)
        if mentions or closed_decision:
            facts["decision.reasons_discretion"] = mentions
        facts["decision.sealed_by"] = decision.sealed_by
        facts["decision.missing_contents"] = _DECISION_ITEMS.missing(decision.contents)
        remedies = decision.remedies
        facts["remedies.review_body"] = remedies.review_body
        facts["remedies.review_period_days"] = remedies.review_period_days
        facts["remedies.litigation_period_months"] = remedies.litigation_period_months
        if decision.discretion is not None:
            claim = decision.discretion
            facts["discretion.level"] = claim.level
            facts["discretion.band"] = claim.band
            if claim.reasons or closed_decision:
                facts["discretion.reasoned"] = bool(claim.reasons and claim.reasons.strip())
            facts["discretion.cited_in_notice"] = claim.cited_in_notice
            facts["discretion.cited_in_decision"] = claim.cited_in_decision
    if case.agency.region is not None:
        facts["agency.people_government"] = government = f"{case.agency.region}人民政府"
        body = facts["remedies.review_body"]
        if body is not None:
            facts["remedies.review_body_local"] = _same_government(body, government)


def _service_facts(
    facts: dict[str, Any],
    origin: dict[str, str],
    by_type: dict[str, list[tuple[int, Any]]],
    firsts: dict[str, tuple[int, Any]],
    complete: frozenset[str],
) -> None:
    """The decision's service (the first 送达 on or after the decision date) and the 先行登记保存's approval."""
    closed_events = "events" in complete
    services = [
        (i, e) for i, e in by_type.get("送达", []) if facts["date.决定"] is not None and e.date >= facts["date.决定"]
    ]
    served = _first(services)
    if served is not None:
        facts["date.决定书送达"] = served[1].date
        facts["service.method"] = served[1].method
        facts["service.consented"] = served[1].consented
        facts["service.witnessed"] = served[1].witnessed
        facts["service.records"] = listed(served[1].records, closed_events)
        origin["date.决定书送达"] = f"$.events[{served[0]}].date"
        origin["service.method"] = f"$.events[{served[0]}].method"
        origin["service.consented"] = f"$.events[{served[0]}].consented"
        origin["service.witnessed"] = f"$.events[{served[0]}].witnessed"
        origin["service.records"] = f"$.events[{served[0]}].records"
    preservation = firsts.get("先行登记保存")
    if preservation is not None:
        if preservation[1].approved_by is not None or "events" in complete:
            facts["preservation.approved"] = preservation[1].approved_by is not None
        origin["preservation.approved"] = f"$.events[{preservation[0]}].approved_by"


def _officer_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], by_type: dict[str, list[tuple[int, Any]]], complete: frozenset[str]
) -> None:
    closed_events = "events" in complete
    # Officers and who acted when. An actor the officer list does not name shows no certificate.
    closed_officers = "officers" in complete
    officers = {o.id: o for o in case.officers}
    actors = dict.fromkeys(actor for event in case.events for actor in event.actors or ())
    if closed_officers:
        facts["officers.count"] = len(officers)
        uncertified = [o.name for o in case.officers if not o.certificate_no]
        uncertified += [actor for actor in actors if actor not in officers]
        facts["officers.without_certificate"] = listed(uncertified, closed_events)
    else:
        facts["officers.without_certificate"] = Open(())
    # Only a certificate whose validity period does not cover every event's date can be invalid on the
    # day its officer acted: the others need no look at each event.
    dates = [event.date for event in case.events if isinstance(event.date, dt.date)]
    earliest, latest = (min(dates), max(dates)) if dates else (None, None)
    dated = {
        o.id: o
        for o in case.officers
        if o.certificate_no
        and (
            (o.certificate_valid_from is not None and earliest is not None and o.certificate_valid_from > earliest)
            or (o.certificate_valid_to is not None and latest is not None and o.certificate_valid_to < latest)
        )
    }
    invalid: dict[str, None] = {}
    if dated:
        for event in case.events:
            for actor in event.actors or ():
                officer = dated.get(actor)
                if (
                    officer is not None
                    and isinstance(event.date, dt.date)
                    and not certificate_valid(officer, event.date)
                ):
                    invalid[officer.name] = None
    facts["officers.certificate_invalid_when_acting"] = listed(invalid, closed_officers and closed_events)
    investigations = [e for t in INVESTIGATION_EVENTS for _, e in by_type.get(t, [])]
    if investigations:
        facts["investigation.first_date"] = min(e.date for e in investigations)
    facts["investigation.min_officers"] = _fewest_officers(case, closed_events)
    gathering = [e for t in EVIDENCE_EVENTS for _, e in by_type.get(t, [])]
    if gathering:
        facts["investigation.first_evidence_date"] = min(e.date for e in gathering)


def _step_facts(
    case: PenaltyCaseFile,
    facts: dict[str, Any],
    origin: dict[str, str],
    by_type: dict[str, list[tuple[int, Any]]],
    firsts: dict[str, tuple[int, Any]],
    complete: frozenset[str],
) -> None:
    """告知's period, waivers of 陈述申辩 and 听证, the longest approved extension, the days not counted."""
    notice = firsts.get("告知")
    if notice is not None:
        facts["notice.period_days"] = notice[1].days
    statement = firsts.get("陈述申辩")
    if statement is not None:
        facts["statement.waived"] = statement[1].waived
    hearing_request = firsts.get("听证申请")
    if hearing_request is not None:
        facts["hearing.waived"] = hearing_request[1].waived
    extensions = by_type.get("延期批准", [])
    if extensions:
        index, longest = max(extensions, key=lambda pair: pair[1].days or 0)
        facts["extension.days"] = longest.days
        facts["extension.approved_by"] = longest.approved_by
        facts["extension.approved_on"] = longest.date
        origin["extension.days"] = f"$.events[{index}].days"
        origin["extension.approved_by"] = f"$.events[{index}].approved_by"
        origin["extension.approved_on"] = f"$.events[{index}].date"
    if "excluded_periods" in complete or case.excluded_periods:
        facts.update(_NOTHING_EXCLUDED)
    for period in case.excluded_periods:
        key = f"excluded.{period.kind}" if period.stage == "办案" else "excluded.check_days"
        facts[key] += (period.end - period.start).days + 1


def _document_facts(case: PenaltyCaseFile, facts: dict[str, Any], closed_documents: bool) -> None:
    types: dict[str, None] = {}
    unsigned: list[str] = []
    unsealed: list[str] = []
    unnoted: dict[str, None] = {}  # 笔录 unsigned with no note of the refusal
    for document in case.documents:
        kind = document.type
        types[kind] = None
        if document.signed is False:
            unsigned.append(kind)
            if kind in _RECORD_TYPES and document.refusal_noted is not True:
                unnoted[kind] = None
        if document.sealed is False:
            unsealed.append(kind)
    facts["documents.types"] = listed(types, closed_documents)
    facts["documents.unsigned"] = listed(unsigned, closed_documents)
    facts["documents.unsealed"] = listed(unsealed, closed_documents)
    facts["records.unsigned_unnoted"] = listed(unnoted, closed_documents)
    facts["documents.decision_sealed"] = _decision_sealed(case)


def _record_facts(case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str]) -> None:
    """What the 法制审核, 公示 and 缴纳 blocks state."""
    if case.legal_review is not None:
        facts["date.法制审核"] = case.legal_review.date
        origin["date.法制审核"] = "$.legal_review.date"
        facts["review.qualified"] = case.legal_review.qualified
        facts["review.opinion"] = case.legal_review.opinion
        facts["review.reviewer_since"] = case.legal_review.reviewer_since
    if case.publicity is not None:
        facts["date.公示"] = case.publicity.published_on
        facts["date.决定变更"] = case.publicity.decision_changed_on
        facts["date.公示撤回"] = case.publicity.withdrawn_on
        facts["publicity.platform"] = case.publicity.platform
        facts["publicity.party_notified"] = case.publicity.party_notified
        facts["date.公示推送"] = case.publicity.pushed_on
    if case.payment is not None:
        facts["date.缴纳"] = case.payment.paid_on
        facts["payment.method"] = case.payment.method
        facts["payment.amount"] = case.payment.amount
        facts["payment.receipt"] = case.payment.receipt
        facts["payment.onsite_reason"] = case.payment.onsite_reason
        facts["date.罚款交至机关"] = case.payment.handed_over_on
        facts["date.罚款缴付银行"] = case.payment.deposited_on
        facts["payment.surcharge"] = case.payment.surcharge
        facts["payment.suspended_days"] = case.payment.suspended_days


def _decision_sealed(case: PenaltyCaseFile) -> bool | None:
    """Whether the 行政处罚决定书 bears a seal: as its document says, or as the seal named on the decision shows."""
    seals = [d.sealed for d in case.documents if d.type == "行政处罚决定书"]
    if not seals:
        return None
    if False in seals:
        return False
    if all(seals) or (case.decision is not None and case.decision.sealed_by):
        return True
    return None


def _notice_facts(
    case: PenaltyCaseFile,
    facts: dict[str, Any],
    firsts: dict[str, tuple[int, Any]],
    origin: dict[str, str],
    closed: bool,
) -> None:
    notice: Notice | None = case.notice
    hearing_notice = firsts.get("听证告知")
    if hearing_notice is not None:
        facts["date.听证权利告知"] = hearing_notice[1].date
        origin["date.听证权利告知"] = f"$.events[{hearing_notice[0]}].date"
    if notice is None:
        return
    facts["notice.missing"] = _NOTICE_ITEMS.missing(notice)
    facts["notice.proposed_kinds"] = listed(notice.proposed_kinds, closed)
    facts["notice.proposed_fine"] = (notice.proposed_fine or 0) if "罚款" in notice.proposed_kinds else 0
    if case.decision is not None and case.decision.kinds is not None:
        facts["notice.kinds_added"] = tuple(k for k in case.decision.kinds if k not in notice.proposed_kinds)
    notice_event = firsts.get("告知")
    earlier = notice_event is not None and (
        facts["date.听证权利告知"] is None or notice_event[1].date < facts["date.听证权利告知"]
    )
    if notice.states_hearing_right and notice_event is not None and earlier:
        facts["date.听证权利告知"] = notice_event[1].date
        origin["date.听证权利告知"] = f"$.events[{notice_event[0]}].date"


def _hearing_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], by_type: dict[str, list[tuple[int, Any]]], closed_events: bool
) -> None:
    hearing = case.hearing
    if hearing is None:
        return
    officers = {o.id: o.name for o in case.officers}
    investigators = {
        officers.get(actor, actor)
        for t in INVESTIGATION_EVENTS
        for _, e in by_type.get(t, [])
        for actor in e.actors or ()
    }
    facts["hearing.presider"] = hearing.presider
    facts["hearing.public"] = hearing.public
    facts["hearing.confidential"] = hearing.confidential
    if closed_events or hearing.presider in investigators:
        facts["hearing.presider_investigated"] = hearing.presider in investigators
    facts["hearing.record_signed"] = hearing.record_signed


def _monitoring_facts(case: PenaltyCaseFile, facts: dict[str, Any], closed: bool) -> None:
    monitoring = case.electronic_monitoring
    if monitoring is not None or closed:
        facts["monitoring.used"] = monitoring is not None
    if monitoring is None:
        return
    copy_monitoring_flags(monitoring, facts)


def _dossier_facts(case: PenaltyCaseFile, facts: dict[str, Any], closed: bool) -> None:
    dossier = case.dossier
    if dossier is not None or closed:
        facts["dossier.present"] = dossier is not None
    if dossier is None:
        return
    facts["dossier.form_defects"] = dossier.form_defects
    copy_dossier_flags(dossier, facts)
