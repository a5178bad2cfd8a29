"""Open world: which part of a case file each fact comes from, and so which facts a file shows absent.

A case file declares the parts it shows in full (`source`, engine.casefile.Source). A fact without a
value is known absent when its part is complete (the file would show it and does not), and unknown
otherwise. Facts of no part (the review date, the profile's parameters, derived classifications)
are never absent: a parameter the profile leaves empty is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .casefile import CaseFile

# (prefix, part) in order: the first prefix a fact name starts with gives its part
_PENALTY_PARTS: tuple[tuple[str, str], ...] = (
    ("case.id", ""),
    ("case.", "case"),
    # issue 19: entries in the online systems (outside the dossier), and how an inspection's target was chosen
    ("supervision.", "systems"),
    ("credit.", "systems"),
    ("date.录入监管系统", "systems"),
    ("date.推送信用平台", "systems"),
    ("selection.", ""),
    ("agency.", "agency"),
    ("party.", "party"),
    ("violation.", "violation"),
    ("circ.", "violation"),
    ("baseline.", "violation"),
    ("exemption.", "violation"),
    ("mitigation.", "violation"),
    ("date.决定书送达", "events"),
    ("date.决定变更", "publicity"),
    ("date.决定", "decision"),
    ("decision.", "decision"),
    ("remedies.", "decision"),
    ("discretion.", "decision"),
    ("officers.", "officers"),
    ("notice.period_days", "events"),
    ("notice.", "notice"),
    ("records.unsigned_unnoted", "documents"),
    ("documents.", "documents"),
    ("hearing.waived", "events"),
    ("hearing.", "hearing"),
    ("review.", "legal_review"),
    ("date.法制审核", "legal_review"),
    ("publicity.", "publicity"),
    ("date.公示", "publicity"),
    ("payment.", "payment"),
    ("date.缴纳", "payment"),
    ("date.罚款", "payment"),
    ("seizure.", "seizures"),
    ("freeze.", "seizures"),
    ("measure.", "seizures"),  # 查封、扣押、冻结 together (issue 19, r19prop)
    ("date.冻结", "seizures"),
    ("enforcement.", "enforcement"),
    ("date.催告", "enforcement"),
    ("date.强制执行", "enforcement"),
    ("date.申请法院强制执行", "enforcement"),
    ("date.暂缓分期届满", "enforcement"),
    ("excluded.", "excluded_periods"),
    ("monitoring.", "electronic_monitoring"),
    ("dossier.", "dossier"),
    # the rest of the events: dates and records of each procedural step, and what they show
    ("date.", "events"),
    ("records.", "events"),
    ("investigation.", "events"),
    ("statement.", "events"),
    ("service.", "events"),
    ("extension.", "events"),
    ("preservation.", "events"),
    ("discussion.", "events"),
    # issue 19 (filing): set by engine.facts.filing only where the file shows them, never absent by part
    ("filing.", ""),
    ("audio_video.", ""),
)
_INSPECTION_PARTS: tuple[tuple[str, str], ...] = (
    ("inspection.no_penalty", "no_penalty"),
    ("inspection.", "case"),
    ("plan.", "plan"),
    ("date.检查方案", "plan"),
    ("onsite.", "onsite"),
    ("date.现场检查", "onsite"),
    ("hazards.", "hazards"),
    ("date.责令整改", "order"),
    ("date.整改", "order"),
    ("date.复查", "recheck"),
    ("recheck.", "recheck"),
    *_PENALTY_PARTS,
)
_EXECUTION_PARTS: tuple[tuple[str, str], ...] = (
    ("executed.", "executed_decision"),
    ("date.履行期限", "executed_decision"),
    ("date.决定", "executed_decision"),  # the decision executed, and its service
    *_PENALTY_PARTS,
)
_LICENSING_PARTS: tuple[tuple[str, str], ...] = (
    ("item.", "licence_item"),
    ("application.", "application"),
    ("date.申请", "application"),
    ("correction.", "corrections"),
    ("date.补正告知", "corrections"),
    ("date.补正完成", "corrections"),
    ("acceptance.", "acceptance"),
    ("date.受理", "acceptance"),
    ("verification.", "verification"),
    ("date.现场核查", "verification"),
    ("interested.", "interested_parties"),
    ("date.告知利害关系人", "interested_parties"),
    ("date.告知许可听证权利", "interested_parties"),
    ("licence_hearing.", "licence_hearing"),
    ("date.许可听证", "licence_hearing"),
    ("special.", "special_procedures"),
    ("extension.", "extension"),
    ("date.延长批准", "extension"),
    ("licence.", "licence_decision"),
    ("date.决定", "licence_decision"),
    ("date.许可", "licence_decision"),
    ("fees.", "fees"),
    *_PENALTY_PARTS,
)
_BY_CASE_TYPE = {
    "行政处罚": _PENALTY_PARTS,
    "行政检查": _INSPECTION_PARTS,
    "行政强制执行": _EXECUTION_PARTS,
    "行政许可": _LICENSING_PARTS,
}


def part_of(fact: str, case_type: str) -> str:
    """The part of a case file of this type that a fact is read from ("" for none)."""
    for prefix, part in _BY_CASE_TYPE[case_type]:
        if fact.startswith(prefix):
            return part
    return ""


def absent_facts(facts: tuple[str, ...]) -> Callable[[str, frozenset[str]], frozenset[str]]:
    """For a fact model: the facts that, having no value, are known absent for a case type and a set
    of complete parts (those of the complete parts); worked out once per case type and set."""

    @lru_cache(maxsize=256)
    def absent(case_type: str, complete: frozenset[str]) -> frozenset[str]:
        return frozenset(fact for fact in facts if part_of(fact, case_type) in complete)

    return absent


# a block a file may leave out although its events show that the step was taken: its details are unknown
_STEP_BLOCKS = (("decision", "决定"), ("payment", "缴纳"), ("hearing", "听证举行"))


def complete_parts(case: CaseFile) -> frozenset[str]:
    """The parts of this file that are complete: as its source declares, less a block it leaves out
    although its events show the step (a file without its decision block but with a 决定 event does not
    show the decision: it is not known, not absent)."""
    complete = case.source.complete_parts() if case.source is not None else frozenset()
    if not complete or case.case_type != "行政处罚":
        return complete
    steps: set[str] | None = None
    for block, step in _STEP_BLOCKS:
        if block in complete and getattr(case, block) is None:
            steps = {e.type for e in case.events} if steps is None else steps
            if step in steps:
                complete = complete - {block}
    return complete
