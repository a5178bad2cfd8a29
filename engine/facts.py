"""Derive the facts every rule reads, once per case: dates, counts, lookups in the rulebook's tables.

The registry below is the fact model rules are checked against at load time. A value of None means
the file does not show it: known absent where its part of the file is complete, unknown elsewhere
(engine.parts); a list of a part the file shows only in part is Open. Counts and lists that summarise
a part say "none" only when the part is complete.
"""

from __future__ import annotations

import datetime as dt
import operator
import typing
from collections.abc import Callable, Iterable
from typing import Any

from .casefile import (
    DRAFT,
    ApprovedBy,
    CaseFile,
    Circumstances,
    DecisionContents,
    DecisionOutcome,
    DiscretionLevel,
    DocumentType,
    Dossier,
    ElectronicMonitoring,
    Enforcement,
    EnforcementMode,
    EventType,
    ExcludedKind,
    ExecutionCaseFile,
    ExecutionDecisionItems,
    HazardGrade,
    InspectionCaseFile,
    InspectionKind,
    NoPenaltyGround,
    Notice,
    OnsiteReason,
    Party,
    PenaltyCaseFile,
    PenaltyKind,
    Procedure,
    RecheckResult,
    ReminderItems,
    ServiceMethod,
)
from .expr import BOOL, DATE, LIST, NUMBER, TEXT, FactSpec, Open
from .parts import absent_facts, complete_parts
from .tables import MITIGATED, ListEntry, Tables, fraction_range


def _values(literal: Any) -> frozenset[str]:
    return frozenset(typing.get_args(literal))


EVENT_TYPES = typing.get_args(EventType)
CIRCUMSTANCE_TITLES = {name: f.title or name for name, f in Circumstances.model_fields.items()}
PARTY_FLAG_TITLES = {
    name: Party.model_fields[name].title or name
    for name in ("high_risk_industry", "credit_blacklisted", "accident_within_3_years")
}
# what a list entry's scope exclusion requires the file to show, said positively
EXCLUSION_LABELS = {
    "high_risk_industry": "不属于高危行业",
    "credit_blacklisted": "未被列入严重失信主体名单",
    "accident_within_3_years": "近三年未发生人员死亡、重伤事故",
}
# words by which a decision's reasoning shows it explains the discretion, not only the facts and the basis
DISCRETION_WORDS = ("从轻", "从重", "减轻", "裁量", "情节")
INVESTIGATION_EVENTS = ("调查取证", "询问", "现场检查", "先行登记保存")
# 现场检查 is how a violation is usually discovered, before the case is opened; evidence gathering proper is not.
EVIDENCE_EVENTS = ("调查取证", "询问", "先行登记保存")
NOTICE_ITEMS = {
    "states_facts": "违法事实",
    "states_reasons": "处罚理由",
    "states_basis": "处罚依据",
    "states_rights": "陈述、申辩权利",
}
DECISION_ITEMS = {name: f.title or name for name, f in DecisionContents.model_fields.items()}
# 笔录 that the person concerned signs (行政处罚法 第55条第2款、第64条第8项；行政强制法 第18条第8项)
RECORD_TYPES = ("询问笔录", "现场检查笔录", "陈述申辩笔录", "听证笔录")
EXCLUDED_KINDS = typing.get_args(ExcludedKind)
DOSSIER_FLAGS = {name: f.title or name for name, f in Dossier.model_fields.items() if name != "form_defects"}
MONITORING_FLAGS = {name: f.title or name for name, f in ElectronicMonitoring.model_fields.items()}
ENFORCEMENT_FLAGS = {
    name: Enforcement.model_fields[name].title or name
    for name in (
        "reminder_complete",
        "statement_heard",
        "immediate",
        "decision_complete",
        "at_night",
        "urgent",
        "audio_video",
        "direct_service_failed",
    )
}
FREEZE = "冻结"
REMINDER_ITEMS = {name: f.title or name for name, f in ReminderItems.model_fields.items()}
EXECUTION_DECISION_ITEMS = {name: f.title or name for name, f in ExecutionDecisionItems.model_fields.items()}
MAJOR_HAZARD: HazardGrade = "重大事故隐患"
# what the missing-items lists say when the file records only that a document was incomplete
REMINDER_UNSPECIFIED = "第35条所列事项中的部分事项（案卷未逐项载明）"
DECISION_UNSPECIFIED = "第37条第2款所列事项中的部分事项（案卷未逐项载明）"


def _flag_facts(prefix: str, titles: dict[str, str]) -> Callable[[Any, dict[str, Any]], None]:
    """Registers the true/false facts `prefix.name` of a block of the case file (one per attribute, with
    its title) and gives the function that copies them out of a case (one C call reads them all)."""
    for name, title in titles.items():
        _STATIC[f"{prefix}.{name}"] = FactSpec(BOOL, title)
    assert len(titles) > 1  # attrgetter of one name returns the value, not a tuple
    keys = tuple(f"{prefix}.{name}" for name in titles)
    read = operator.attrgetter(*titles)

    def copy(source: Any, facts: dict[str, Any]) -> None:
        facts.update(zip(keys, read(source)))

    return copy


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
    "decision.reasons_discretion": FactSpec(BOOL, "决定书的说理说明了裁量（提及从轻、从重、减轻、裁量或情节）"),
    "remedies.review_body": FactSpec(TEXT, "告知的复议机关"),
    "remedies.review_body_local": FactSpec(BOOL, "告知的复议机关为执法机关所在地的本级人民政府"),
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
    "investigation.first_evidence_date": FactSpec(DATE, "首次调查取证、询问或先行登记保存的日期（不含现场检查）"),
    "notice.period_days": FactSpec(NUMBER, "告知书载明的陈述申辩期限（日）"),
    "statement.waived": FactSpec(BOOL, "当事人明确放弃陈述申辩"),
    "hearing.waived": FactSpec(BOOL, "当事人明确放弃听证"),
    "service.method": FactSpec(TEXT, "决定书送达方式", _values(ServiceMethod)),
    "extension.days": FactSpec(NUMBER, "批准延长后的办案期限（日）"),
    "extension.approved_by": FactSpec(TEXT, "延期批准人", _values(ApprovedBy)),
    "documents.types": FactSpec(LIST, "卷内文书", _values(DocumentType)),
    "documents.unsigned": FactSpec(LIST, "未签名的文书"),
    "documents.unsealed": FactSpec(LIST, "未盖章的文书"),
    "documents.decision_sealed": FactSpec(BOOL, "行政处罚决定书已加盖印章"),
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
_copy_circumstances = _flag_facts("circ", CIRCUMSTANCE_TITLES)
_copy_party_flags = _flag_facts("party", PARTY_FLAG_TITLES)
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
_STATIC.update(
    {
        # 主体
        "agency.name": FactSpec(TEXT, "执法机关名称"),
        "agency.province": FactSpec(TEXT, "执法机关所在省份"),
        "agency.competent": FactSpec(BOOL, "执法机关对该违法行为具有行政处罚权"),
        "agency.entrusted_by": FactSpec(TEXT, "委托行政机关"),
        "agency.entrustment_published": FactSpec(BOOL, "委托书已向社会公布"),
        "agency.expected_seal": FactSpec(TEXT, "决定书应盖印章的机关（受委托的为委托机关）"),
        "party.registered_province": FactSpec(TEXT, "当事人登记地所在省份"),
        "party.registered_elsewhere": FactSpec(BOOL, "当事人登记地与执法机关不在同一省份"),
        # 决定书
        "decision.sealed_by": FactSpec(TEXT, "决定书所盖印章的机关"),
        "decision.missing_contents": FactSpec(LIST, "决定书未载明的事项", frozenset(DECISION_ITEMS.values())),
        "decision.warning_only": FactSpec(BOOL, "仅给予警告"),
        "decision.at_max": FactSpec(BOOL, "罚款为法定最高额（顶格）"),
        # 告知书
        "notice.missing": FactSpec(LIST, "告知书未载明的事项", frozenset(NOTICE_ITEMS.values())),
        "notice.proposed_kinds": FactSpec(LIST, "告知书拟作出的处罚种类", _values(PenaltyKind)),
        "notice.proposed_fine": FactSpec(NUMBER, "告知书拟罚款数额（元）"),
        "notice.kinds_added": FactSpec(LIST, "决定中告知书未拟定的处罚种类", _values(PenaltyKind)),
        "date.听证权利告知": FactSpec(DATE, "告知听证权利的日期（听证告知书或载明听证权利的告知书）"),
        # 听证
        "hearing.presider": FactSpec(TEXT, "听证主持人"),
        "hearing.public": FactSpec(BOOL, "听证公开举行"),
        "hearing.confidential": FactSpec(BOOL, "听证依法不公开举行"),
        "hearing.presider_investigated": FactSpec(BOOL, "听证主持人参与了本案调查"),
        "hearing.record_signed": FactSpec(BOOL, "听证笔录经当事人核对签字或注明拒签"),
        # 笔录、送达
        "records.unsigned_unnoted": FactSpec(LIST, "未签名也未注明拒签的笔录", frozenset(RECORD_TYPES)),
        "service.consented": FactSpec(BOOL, "当事人同意电子送达并签订确认书"),
        "service.witnessed": FactSpec(BOOL, "留置送达有见证人签名"),
        "service.records": FactSpec(LIST, "决定书送达的记录形式", frozenset({"文字", "音像"})),
        "preservation.approved": FactSpec(BOOL, "先行登记保存经行政机关负责人批准"),
        # 期限
        "extension.approved_on": FactSpec(DATE, "延期批准日期"),
        "excluded.check_days": FactSpec(NUMBER, "立案核查期间不计入的日数"),
        "review.reviewer_since": FactSpec(DATE, "审核人员开始从事法制审核的日期"),
        # 公示
        "publicity.party_notified": FactSpec(BOOL, "送达时已书面告知当事人将公示"),
        "date.公示推送": FactSpec(DATE, "推送登记地机关公示的日期"),
        # 缴纳、执行
        "payment.onsite_reason": FactSpec(TEXT, "当场收缴的法定情形", _values(OnsiteReason)),
        "date.罚款交至机关": FactSpec(DATE, "当场收缴的罚款交至行政机关的日期"),
        "date.罚款缴付银行": FactSpec(DATE, "罚款缴付银行的日期"),
        "payment.surcharge": FactSpec(NUMBER, "加处罚款（元）"),
        "payment.suspended_days": FactSpec(NUMBER, "复议、诉讼期间（日）"),
        "enforcement.mode": FactSpec(TEXT, "强制执行方式", _values(EnforcementMode)),
        "date.催告书送达": FactSpec(DATE, "催告书送达日期"),
        "date.强制执行决定": FactSpec(DATE, "强制执行决定日期"),
        "date.强制执行": FactSpec(DATE, "实施强制执行日期"),
        "date.申请法院强制执行": FactSpec(DATE, "申请人民法院强制执行日期"),
        "date.暂缓分期届满": FactSpec(DATE, "批准暂缓或分期缴纳罚款的期限届满日"),
        # 查封扣押（冻结另计）
        "seizure.min_officers": FactSpec(NUMBER, "实施查封扣押的执法人员最少人数"),
        "seizure.without_record": FactSpec(NUMBER, "无合格现场笔录的查封扣押数"),
        "seizure.not_delivered": FactSpec(NUMBER, "决定书和清单未当场交付的查封扣押数"),
        "freeze.count": FactSpec(NUMBER, "冻结次数"),
        "date.冻结": FactSpec(DATE, "冻结日期（首次）"),
        "date.冻结决定书交付": FactSpec(DATE, "冻结决定书交付当事人日期"),
        "freeze.longest_days": FactSpec(NUMBER, "冻结最长持续日数"),
        "freeze.longest_extended_days": FactSpec(NUMBER, "该冻结批准延长的日数"),
        "freeze.extension_unnotified": FactSpec(NUMBER, "延长未书面告知的冻结数"),
        # 电子技术监控
        "monitoring.used": FactSpec(BOOL, "以电子技术监控设备记录作为证据"),
        # 卷面
        "dossier.present": FactSpec(BOOL, "案卷载明卷面情况"),
        "dossier.form_defects": FactSpec(NUMBER, "文书填写不规范的处数"),
        # 裁量基准
        "baseline.source": FactSpec(TEXT, "法定幅度的来源", frozenset({"裁量基准表", "案卷载明的罚则"})),
        "baseline.scheme": FactSpec(TEXT, "裁量模式（比例划分）"),
        "baseline.superseded": FactSpec(BOOL, "裁量基准所依据的规定在违法行为发生时或作出决定时不适用"),
        "baseline.in_force_until": FactSpec(DATE, "裁量基准所依据的规定施行至"),
        "baseline.in_force_from": FactSpec(DATE, "裁量基准所依据的规定施行自"),
        # 从轻、减轻清单
        "mitigation.listed": FactSpec(BOOL, "列入从轻或减轻处罚清单"),
        "mitigation.list": FactSpec(TEXT, "从轻、减轻清单", frozenset({"从轻处罚", "减轻处罚"})),
        "mitigation.entry": FactSpec(TEXT, "从轻、减轻清单事项"),
        "mitigation.effect": FactSpec(TEXT, "清单效力", frozenset({"应当", "可以"})),
        "mitigation.conditions_met": FactSpec(BOOL, "从轻、减轻清单条件均已证明"),
        "exemption.regions": FactSpec(LIST, "不予处罚清单施行地区"),
    }
)
for _kind in EXCLUDED_KINDS:
    _STATIC[f"excluded.{_kind}"] = FactSpec(NUMBER, f"办案期间不计入的{_kind}日数")
_copy_dossier_flags = _flag_facts("dossier", DOSSIER_FLAGS)
_copy_monitoring_flags = _flag_facts("monitoring", MONITORING_FLAGS)
_copy_enforcement_flags = _flag_facts("enforcement", ENFORCEMENT_FLAGS)
_STATIC.update(
    {
        # 行政检查 (InspectionCaseFile); None for the other case types
        "party.industry": FactSpec(TEXT, "当事人（被检查单位）行业"),
        "inspection.kind": FactSpec(TEXT, "检查类型", _values(InspectionKind)),
        "inspection.matter": FactSpec(TEXT, "检查事项"),
        "plan.exists": FactSpec(BOOL, "卷内有检查方案"),
        "plan.approved": FactSpec(BOOL, "检查方案经批准"),
        "plan.in_annual_plan": FactSpec(BOOL, "纳入年度监督检查计划"),
        "date.检查方案制定": FactSpec(DATE, "检查方案制定日期"),
        "date.检查方案批准": FactSpec(DATE, "检查方案批准日期"),
        "plan.items": FactSpec(LIST, "检查方案列明的检查事项"),
        "plan.key_items_listed": FactSpec(BOOL, "规则集列明了该行业的重点检查事项"),
        "plan.key_items": FactSpec(LIST, "规则集列明的该行业重点检查事项"),
        "plan.missing_key_items": FactSpec(LIST, "检查方案未列入的重点检查事项"),
        "onsite.exists": FactSpec(BOOL, "卷内有现场检查记录"),
        "onsite.officers": FactSpec(NUMBER, "现场检查的执法人员人数"),
        "onsite.uncertified": FactSpec(LIST, "现场检查人员中无执法证或检查时执法证不在有效期内的"),
        "onsite.certificates_shown": FactSpec(BOOL, "现场检查时出示执法证件"),
        "onsite.signed": FactSpec(BOOL, "现场检查记录经被检查单位负责人签字，或拒签已记录在案"),
        "onsite.recorded": FactSpec(BOOL, "卷内有现场检查笔录"),
        "hazards.count": FactSpec(NUMBER, "发现的事故隐患和违法行为数"),
        "hazards.major": FactSpec(NUMBER, "发现的重大事故隐患数"),
        "hazards.open": FactSpec(NUMBER, "未当场整改完毕的隐患和违法行为数"),
        "hazards.unordered": FactSpec(LIST, "未当场整改、也未责令限期整改的隐患和违法行为"),
        "hazards.requiring_case": FactSpec(LIST, "重大事故隐患和有罚则的违法行为"),
        "date.责令整改": FactSpec(DATE, "责令限期整改指令书下达日期"),
        "date.整改期限": FactSpec(DATE, "整改期限届满日"),
        "date.整改完成报告": FactSpec(DATE, "被检查单位报告整改完成的日期"),
        "date.复查": FactSpec(DATE, "整改复查日期"),
        "recheck.result": FactSpec(TEXT, "复查结论", _values(RecheckResult)),
        "recheck.officers": FactSpec(NUMBER, "复查的执法人员人数"),
        "inspection.penalty_case_id": FactSpec(TEXT, "立案查处的行政处罚案卷编号"),
        "inspection.no_penalty_ground": FactSpec(TEXT, "卷内载明的不予处罚理由", _values(NoPenaltyGround)),
        "inspection.no_penalty_documented": FactSpec(BOOL, "不予处罚理由有卷内文书（不予处罚决定书或不予立案审批表）"),
        # 行政强制执行: the decision executed (ExecutionCaseFile), and 催告书、强制执行决定书 item by item (both types)
        "executed.amount": FactSpec(NUMBER, "被执行决定的金钱给付义务数额（元）"),
        "date.履行期限": FactSpec(DATE, "被执行决定载明的履行期限届满日"),
        "date.催告履行期限": FactSpec(DATE, "催告书载明的履行期限届满日"),
        "enforcement.reminder_service": FactSpec(TEXT, "催告书送达方式", _values(ServiceMethod)),
        "enforcement.decision_service": FactSpec(TEXT, "强制执行决定书送达方式", _values(ServiceMethod)),
        "enforcement.reminder_missing": FactSpec(
            LIST, "催告书未载明的事项", frozenset(REMINDER_ITEMS.values()) | {REMINDER_UNSPECIFIED}
        ),
        "enforcement.decision_missing": FactSpec(
            LIST, "强制执行决定书未载明的事项", frozenset(EXECUTION_DECISION_ITEMS.values()) | {DECISION_UNSPECIFIED}
        ),
    }
)
STATIC_FACTS: dict[str, FactSpec] = _STATIC
# Every case starts from all facts unknown: copying this dict is cheaper than building it.
_ALL_UNKNOWN: dict[str, Any] = dict.fromkeys(STATIC_FACTS)
_ABSENT = absent_facts(tuple(STATIC_FACTS))


# what only a 裁量基准 table gives (not what the file states: the statutory range, the level claimed)
_NO_TABLE = frozenset(
    {
        "baseline.title",
        "baseline.in_force_from",
        "baseline.in_force_until",
        "baseline.superseded",
        "baseline.expected_level",
        "baseline.expected_band",
    }
)


def _day(value: dt.date | str | None) -> dt.date | None:
    """A date known to the day; a date known only to the month (DayOrMonth) cannot be compared with one."""
    return value if isinstance(value, dt.date) else None


def _flag(value: bool | None, closed: bool) -> bool | None:
    """A yes/no field whose absence means no where its part is complete (a model default of False would
    say no everywhere)."""
    return False if value is None and closed else value


def _listed(items: Iterable[Any], closed: bool) -> tuple[Any, ...]:
    """A list of what a part shows: all there is when the part is complete, else Open."""
    return tuple(items) if closed else Open(items)


def _tally(verdicts: Iterable[bool | None], closed: bool) -> int | None:
    """How many items are shown lacking (True); where the part is complete, an item that does not
    show the thing counts as lacking it (None), elsewhere such an item leaves the count unknown
    unless some item is shown lacking."""
    values = list(verdicts)
    lacking = sum(1 for v in values if v is True or (closed and v is None))
    return None if not closed and not lacking and None in values else lacking


_EVENT_KEYS = {event_type: (f"date.{event_type}", f"records.{event_type}") for event_type in EVENT_TYPES}


def _event_paths(index: int) -> tuple[str, str]:
    return f"$.events[{index}].date", f"$.events[{index}].records"


_EVENT_PATHS = tuple(_event_paths(index) for index in range(100))  # formatted once: most files have fewer events
_NOTHING_EXCLUDED = {**{f"excluded.{kind}": 0 for kind in EXCLUDED_KINDS}, "excluded.check_days": 0}
_RECORD_TYPES = frozenset(RECORD_TYPES)


class _Items:
    """The items a document must state: which of them the file shows missing."""

    def __init__(self, titles: dict[str, str]) -> None:
        assert len(titles) > 1
        self.titles = tuple(titles.values())
        self._read = operator.attrgetter(*titles)

    def missing(self, document: Any) -> tuple[str, ...] | None:
        """The titles of the items shown lacking; None when none is shown lacking but some are unknown."""
        values = self._read(document)
        missing = tuple([title for title, value in zip(self.titles, values) if value is False])
        if missing or all(value is True for value in values):
            return missing
        return None


_NOTICE_ITEMS = _Items(NOTICE_ITEMS)
_DECISION_ITEMS = _Items(DECISION_ITEMS)
_REMINDER_ITEMS = _Items(REMINDER_ITEMS)
_EXECUTION_DECISION_ITEMS = _Items(EXECUTION_DECISION_ITEMS)

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


def _certificate_valid(officer: Any, on: dt.date) -> bool:
    if officer.certificate_no is None:
        return False
    if officer.certificate_valid_from is not None and on < officer.certificate_valid_from:
        return False
    return not (officer.certificate_valid_to is not None and on > officer.certificate_valid_to)


def base_facts(case: CaseFile, as_of: dt.date, tables: Tables) -> tuple[dict[str, Any], dict[str, str], frozenset[str]]:
    """Every registered fact for one case (None: not shown), the JSON path each came from, and which of
    the facts without a value are known absent (the others are unknown)."""
    complete = complete_parts(case)
    unknown: set[str] = set()  # facts of a complete part the file still cannot give (a date known to the month)
    if case.case_type == "行政检查":
        facts, origin = _inspection_facts(case, as_of, tables, complete)
    elif case.case_type == "行政强制执行":
        facts, origin = _execution_facts(case, as_of, complete)
    else:
        facts, origin = _penalty_facts(case, as_of, tables, complete, unknown)
    absent = _ABSENT(case.case_type, complete) if complete else frozenset()
    if facts["baseline.found"] is False:  # the profile has no table for the item: whatever a table gives is absent
        absent = absent | _NO_TABLE
    return facts, origin, absent - unknown if unknown else absent


def _penalty_facts(
    case: PenaltyCaseFile, as_of: dt.date, tables: Tables, complete: frozenset[str], unknown: set[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    facts = _ALL_UNKNOWN.copy()
    origin: dict[str, str] = dict(_DIRECT_ORIGINS)
    decision = case.decision
    violation = case.violation
    closed_events = "events" in complete

    facts["as_of"] = as_of
    facts["case.id"] = case.case_id
    facts["case.procedure"] = case.procedure
    facts["agency.level"] = case.agency.level
    facts["agency.domain"] = case.agency.domain
    facts["agency.vertical"] = _flag(case.agency.vertical, "agency" in complete)
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
    _copy_party_flags(case.party, facts)
    occurred_on = _day(violation.occurred_on)
    facts["party.age_at_violation"] = _age(case.party.birth_date, occurred_on)

    facts["violation.item_code"] = violation.item_code
    for name in ("occurred_on", "ended_on", "discovered_on"):
        value = getattr(violation, name)
        facts[f"violation.{name}"] = _day(value)
        if isinstance(value, str):
            unknown.add(f"violation.{name}")
    facts["violation.endangers_life_health_or_finance"] = violation.endangers_life_health_or_finance
    if violation.provision_violated is not None:
        facts["violation.provisions_cited"] = len(violation.provision_violated)
    if violation.penalty_provision is not None:
        facts["violation.penalty_provisions_cited"] = len(violation.penalty_provision)
    _copy_circumstances(violation.circumstances, facts)

    # Events: the first of each type (the earliest; of two on one day, the one listed first), with its JSON path.
    # An event whose day the file does not give counts only as having happened: its type's date is unknown.
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
        facts[records_key] = _listed(event.records, closed_events)
        origin[date_key], origin[records_key] = (
            _EVENT_PATHS[index] if index < len(_EVENT_PATHS) else _event_paths(index)
        )

    closed_decision = "decision" in complete
    decided = firsts.get("决定")
    if decision is None and decided is not None:  # the events show a decision the file does not give
        facts["date.决定"] = decided[1].date
        origin["date.决定"] = f"$.events[{decided[0]}].date"
    decision_date = decision.date if decision else facts["date.决定"]
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

    services = [(i, e) for i, e in by_type.get("送达", []) if decision_date is not None and e.date >= decision_date]
    served = _first(services)
    if served is not None:
        facts["date.决定书送达"] = served[1].date
        facts["service.method"] = served[1].method
        facts["service.consented"] = served[1].consented
        facts["service.witnessed"] = served[1].witnessed
        facts["service.records"] = _listed(served[1].records, closed_events)
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

    # Officers and who acted when. An actor the officer list does not name shows no certificate.
    closed_officers = "officers" in complete
    officers = {o.id: o for o in case.officers}
    actors = dict.fromkeys(actor for event in case.events for actor in event.actors or ())
    if closed_officers:
        facts["officers.count"] = len(officers)
        uncertified = [o.name for o in case.officers if not o.certificate_no]
        uncertified += [actor for actor in actors if actor not in officers]
        facts["officers.without_certificate"] = _listed(uncertified, closed_events)
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
                    and not _certificate_valid(officer, event.date)
                ):
                    invalid[officer.name] = None
    facts["officers.certificate_invalid_when_acting"] = _listed(invalid, closed_officers and closed_events)
    investigations = [e for t in INVESTIGATION_EVENTS for _, e in by_type.get(t, [])]
    if investigations:
        facts["investigation.first_date"] = min(e.date for e in investigations)
    facts["investigation.min_officers"] = _fewest_officers(case, closed_events)
    gathering = [e for t in EVIDENCE_EVENTS for _, e in by_type.get(t, [])]
    if gathering:
        facts["investigation.first_evidence_date"] = min(e.date for e in gathering)

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
    closed_documents = "documents" in complete
    facts["documents.types"] = _listed(types, closed_documents)
    facts["documents.unsigned"] = _listed(unsigned, closed_documents)
    facts["documents.unsealed"] = _listed(unsealed, closed_documents)
    facts["records.unsigned_unnoted"] = _listed(unnoted, closed_documents)
    facts["documents.decision_sealed"] = _decision_sealed(case)
    _notice_facts(case, facts, firsts, origin, "notice" in complete)
    _hearing_facts(case, facts, by_type, closed_events)

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
    _enforcement_facts(case, facts, origin)
    _monitoring_facts(case, facts, "electronic_monitoring" in complete)
    _dossier_facts(case, facts, "dossier" in complete)

    closed_seizures = "seizures" in complete
    _seizure_facts(case, as_of, facts, closed_seizures)
    _freeze_facts(case, as_of, facts, closed_seizures)
    _baseline_facts(case, as_of, tables, facts)
    closed_violation = {"violation", "party"} <= complete
    _exemption_facts(case, tables, facts, closed_violation)
    _mitigation_facts(case, tables, facts, closed_violation)
    return facts, origin


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
    facts["notice.proposed_kinds"] = _listed(notice.proposed_kinds, closed)
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


def _enforcement_facts(
    case: PenaltyCaseFile | ExecutionCaseFile, facts: dict[str, Any], origin: dict[str, str]
) -> None:
    enforcement = case.enforcement
    if enforcement is None:
        return
    facts["enforcement.mode"] = enforcement.mode
    facts["date.催告书送达"] = enforcement.reminder_served_on
    facts["date.强制执行决定"] = enforcement.decision_on
    facts["date.强制执行"] = enforcement.executed_on
    facts["date.申请法院强制执行"] = enforcement.applied_on
    facts["date.暂缓分期届满"] = enforcement.deferred_until
    _copy_enforcement_flags(enforcement, facts)
    facts["date.催告履行期限"] = enforcement.reminder_deadline
    facts["enforcement.reminder_service"] = enforcement.reminder_service
    facts["enforcement.decision_service"] = enforcement.decision_service
    # Item by item where the file gives the items: they decide whether the document is complete. A file
    # that only says "incomplete" names no item: the missing list then says so in words.
    documents = (
        ("reminder", enforcement.reminder_items, enforcement.reminder_complete, _REMINDER_ITEMS, REMINDER_UNSPECIFIED),
        (
            "decision",
            enforcement.decision_items,
            enforcement.decision_complete,
            _EXECUTION_DECISION_ITEMS,
            DECISION_UNSPECIFIED,
        ),
    )
    for name, items, complete, required, unspecified in documents:
        if items is not None:
            missing = required.missing(items)
            facts[f"enforcement.{name}_missing"] = missing
            facts[f"enforcement.{name}_complete"] = None if missing is None else not missing
            origin[f"enforcement.{name}_complete"] = origin[f"enforcement.{name}_missing"] = (
                f"$.enforcement.{name}_items"
            )
        elif complete is False:
            facts[f"enforcement.{name}_missing"] = (unspecified,)
            origin[f"enforcement.{name}_missing"] = f"$.enforcement.{name}_complete"


def _monitoring_facts(case: PenaltyCaseFile, facts: dict[str, Any], closed: bool) -> None:
    monitoring = case.electronic_monitoring
    if monitoring is not None or closed:
        facts["monitoring.used"] = monitoring is not None
    if monitoring is None:
        return
    _copy_monitoring_flags(monitoring, facts)


def _dossier_facts(case: PenaltyCaseFile, facts: dict[str, Any], closed: bool) -> None:
    dossier = case.dossier
    if dossier is not None or closed:
        facts["dossier.present"] = dossier is not None
    if dossier is None:
        return
    facts["dossier.form_defects"] = dossier.form_defects
    _copy_dossier_flags(dossier, facts)


def _held_days(measure: Any, held_to: dt.date | None, closed: bool) -> int | None:
    """Days held, less the excluded days: to its release, or, while the case is open, to the review date."""
    end = measure.released_on or held_to
    excluded = measure.excluded_days if measure.excluded_days is not None else 0 if closed else None
    return None if end is None or excluded is None else int((end - measure.started_on).days - excluded)


def _longest(measures: list[Any], held_to: dt.date | None, closed: bool) -> tuple[int | None, int | None]:
    """The longest hold and its approved extension. A measure not shown released in a decided case was
    held for a time the file does not show, and outside a complete part an extension or excluded days
    not given are not known to be none: the longest is then unknown."""
    held = [(_held_days(m, held_to, closed), m.extended_days if m.extended_days or not closed else 0) for m in measures]
    if any(days is None or extended is None for days, extended in held):
        return None, None
    return max(held, key=lambda pair: pair[0] or 0)


def _count_present(facts: dict[str, Any], key: str, items: list[Any], closed: bool) -> bool:
    """Count a part's items; False when there is nothing to look at (none, or none shown in an incomplete part)."""
    if items or closed:
        facts[key] = len(items)
    return bool(items)


def _seizure_facts(case: PenaltyCaseFile, as_of: dt.date, facts: dict[str, Any], closed: bool) -> None:
    seizures = [s for s in case.seizures if s.kind != FREEZE]
    if not _count_present(facts, "seizure.count", seizures, closed):
        return
    facts["seizure.unapproved"] = _tally(
        (None if s.approved_on is None else (s.approved_on - s.started_on).days > 1 for s in seizures), closed
    )
    facts["seizure.without_audio_video"] = _tally((_lacks(s.audio_video) for s in seizures), closed)
    facts["seizure.without_documents"] = _tally(
        (None if s.decision_document is None or s.inventory_document is None else False for s in seizures), closed
    )
    facts["seizure.extension_unnotified"] = _tally(
        (_lacks(s.extension_notified) if s.extended_days else False for s in seizures), closed
    )
    facts["seizure.open"] = _tally((None if s.released_on is None else False for s in seizures), closed)
    if closed or all(s.actors for s in seizures):
        facts["seizure.min_officers"] = min(len(set(s.actors)) for s in seizures)
    facts["seizure.without_record"] = _tally((_lacks(s.on_site_record) for s in seizures), closed)
    facts["seizure.not_delivered"] = _tally(
        (None if s.delivered_on is None else s.delivered_on > s.started_on for s in seizures), closed
    )
    held_to = _held_to(case, facts, as_of)
    facts["seizure.longest_days"], facts["seizure.longest_extended_days"] = _longest(seizures, held_to, closed)


def _held_to(case: PenaltyCaseFile, facts: dict[str, Any], as_of: dt.date) -> dt.date | None:
    """To when a measure not shown released was held: the review date while no decision has been made
    (an open case, or a draft under review); unknown once a decision was made (its release is not shown)."""
    draft = case.decision is not None and case.decision.status == DRAFT
    return as_of if draft or facts["decision.exists"] is False else None


def _lacks(flag: bool | None) -> bool | None:
    return None if flag is None else not flag


def _freeze_facts(case: PenaltyCaseFile, as_of: dt.date, facts: dict[str, Any], closed: bool) -> None:
    freezes = [s for s in case.seizures if s.kind == FREEZE]
    if not _count_present(facts, "freeze.count", freezes, closed):
        return
    first = min(freezes, key=lambda s: s.started_on)
    facts["date.冻结"] = first.started_on
    facts["date.冻结决定书交付"] = first.delivered_on
    held_to = _held_to(case, facts, as_of)
    facts["freeze.longest_days"], facts["freeze.longest_extended_days"] = _longest(freezes, held_to, closed)
    facts["freeze.extension_unnotified"] = _tally(
        (_lacks(s.extension_notified) if s.extended_days else False for s in freezes), closed
    )


def _baseline_facts(case: PenaltyCaseFile, as_of: dt.date, tables: Tables, facts: dict[str, Any]) -> None:
    """The statutory range and the claimed 阶次's range: from the profile's 裁量基准 table for the item,
    or else from the range the case file states, placed by the profile's default scheme."""
    violation = case.violation
    code = violation.item_code
    table = tables.discretion.get(code) if code else None
    kind = case.party.kind
    decision = case.decision
    claim = decision.discretion if decision else None
    facts["baseline.found"] = table is not None
    if table is not None:
        facts["baseline.title"] = table.title
        facts["baseline.model"] = table.model
        facts["baseline.in_force_from"] = table.in_force_from
        facts["baseline.in_force_until"] = table.in_force_until
        if table.scheme is not None:
            facts["baseline.scheme"] = tables.schemes[table.scheme].title
        # 行政处罚法第37条：违法行为发生时的规定；作出决定时规定已修改且新规定较轻的适用新规定。
        # A table whose provisions were not in force at either date cannot be applied without the other text.
        at_violation = table.in_force(_day(violation.occurred_on))
        at_decision = table.in_force(decision.date if decision else as_of)
        if at_violation is None:
            return
        facts["baseline.superseded"] = not (at_violation and at_decision)
        if facts["baseline.superseded"]:
            return
        facts["baseline.source"] = "裁量基准表"
        statutory = table.statutory.get(kind)
        if statutory is not None:
            facts["baseline.statutory_min"], facts["baseline.statutory_max"] = statutory
        if claim is not None and claim.level is not None:
            claimed = table.claimed_range(kind, claim.level, claim.band, tables.schemes)
            if claimed is not None:
                facts["baseline.claimed_min"], facts["baseline.claimed_max"] = claimed
        if table.model == "fact-pattern":
            expected = table.expected_band(violation.facts)
            if expected:
                assert not isinstance(expected, bool)
                facts["baseline.expected_level"] = expected.level
                facts["baseline.expected_band"] = expected.name
    elif violation.statutory_fine is not None:
        stated = (violation.statutory_fine.min, violation.statutory_fine.max)
        facts["baseline.source"] = "案卷载明的罚则"
        facts["baseline.statutory_min"], facts["baseline.statutory_max"] = stated
        if tables.default_scheme is not None:
            scheme = tables.schemes[tables.default_scheme]
            facts["baseline.model"] = "fraction"
            facts["baseline.scheme"] = scheme.title
            if claim is not None and claim.level is not None:
                share = scheme.fractions.get(claim.level)
                if share is not None:
                    facts["baseline.claimed_min"], facts["baseline.claimed_max"] = fraction_range(stated, share)
                elif claim.level == MITIGATED:
                    facts["baseline.claimed_min"], facts["baseline.claimed_max"] = (0.0, stated[0])
    maximum = facts["baseline.statutory_max"]
    if decision is not None and maximum is not None and "罚款" in (decision.kinds or ()) and decision.fine is not None:
        facts["decision.at_max"] = decision.fine > 0 and decision.fine >= maximum


def _place(case: PenaltyCaseFile) -> str:
    agency = case.agency
    return f"{agency.province or ''}{agency.region or ''}{agency.name}"


def _conditions(case: PenaltyCaseFile, entry: ListEntry, closed: bool) -> tuple[tuple[str, ...], bool | None]:
    """The list entry's conditions not shown met, and whether all are met (None: some unknown, none failed).
    Where the file's violation and party are not complete, a condition it does not mention is not known
    unmet: the list of the unmet is then open."""
    circumstances = case.violation.circumstances
    shown = [(CIRCUMSTANCE_TITLES[c], getattr(circumstances, c)) for c in entry.conditions]
    shown += [(EXCLUSION_LABELS[x], None if (v := getattr(case.party, x)) is None else not v) for x in entry.exclusions]
    unmet = [title for title, met in shown if met is False or (closed and met is None)]
    met = False if any(m is False for _, m in shown) else None if any(m is None for _, m in shown) else True
    return _listed(unmet, closed), met


def _exemption_facts(case: PenaltyCaseFile, tables: Tables, facts: dict[str, Any], closed: bool) -> None:
    entry = tables.list_entry("不予处罚", case.violation.item_code, _place(case))
    facts["exemption.listed"] = entry is not None
    if entry is None:
        return
    facts["exemption.entry"] = entry.title
    facts["exemption.effect"] = entry.effect
    facts["exemption.regions"] = entry.regions
    facts["exemption.unmet"], facts["exemption.conditions_met"] = _conditions(case, entry, closed)


def _mitigation_facts(case: PenaltyCaseFile, tables: Tables, facts: dict[str, Any], closed: bool) -> None:
    place = _place(case)
    code = case.violation.item_code
    entry = tables.list_entry("减轻处罚", code, place) or tables.list_entry("从轻处罚", code, place)
    facts["mitigation.listed"] = entry is not None
    if entry is None:
        return
    facts["mitigation.list"] = entry.list
    facts["mitigation.entry"] = entry.title
    facts["mitigation.effect"] = entry.effect
    _, facts["mitigation.conditions_met"] = _conditions(case, entry, closed)


# --- 行政检查 and 行政强制执行 case files ------------------------------------------------------------

_INSPECTION_ORIGINS = {
    "inspection.kind": "$.kind",
    "inspection.matter": "$.matter",
    "plan.exists": "$.plan",
    "plan.approved": "$.plan.approved_on",
    "plan.in_annual_plan": "$.plan.in_annual_plan",
    "date.检查方案制定": "$.plan.drawn_on",
    "date.检查方案批准": "$.plan.approved_on",
    "plan.items": "$.plan.items",
    "plan.missing_key_items": "$.plan.items",
    "party.industry": "$.party.industry",
    "onsite.exists": "$.onsite",
    "date.现场检查": "$.onsite.date",
    "onsite.officers": "$.onsite.actors",
    "onsite.uncertified": "$.onsite.actors",
    "onsite.certificates_shown": "$.onsite.certificates_shown",
    "onsite.signed": "$.onsite.signed_by_party",
    "onsite.recorded": "$.onsite.document",
    "hazards.count": "$.hazards",
    "hazards.major": "$.hazards",
    "hazards.open": "$.hazards",
    "hazards.unordered": "$.hazards",
    "hazards.requiring_case": "$.hazards",
    "date.责令整改": "$.order.issued_on",
    "date.整改期限": "$.order.deadline",
    "date.整改完成报告": "$.order.completion_reported_on",
    "date.复查": "$.recheck.date",
    "recheck.result": "$.recheck.result",
    "recheck.officers": "$.recheck.actors",
    "inspection.penalty_case_id": "$.penalty_case_id",
    "inspection.no_penalty_ground": "$.no_penalty.ground",
    "inspection.no_penalty_documented": "$.no_penalty.document",
}


def _common_facts(
    case: InspectionCaseFile | ExecutionCaseFile, as_of: dt.date, facts: dict[str, Any], complete: frozenset[str]
) -> None:
    agency = case.agency
    facts["as_of"] = as_of
    facts["case.id"] = case.case_id
    facts["agency.name"] = agency.name
    facts["agency.level"] = agency.level
    facts["agency.domain"] = agency.domain
    facts["agency.vertical"] = _flag(agency.vertical, "agency" in complete)
    facts["agency.province"] = agency.province
    facts["agency.competent"] = agency.competent
    if agency.region is not None:
        facts["agency.people_government"] = f"{agency.region}人民政府"
    facts["party.kind"] = case.party.kind
    facts["party.industry"] = case.party.industry
    if "officers" in complete:
        facts["officers.count"] = len(case.officers)
    facts["documents.types"] = _listed(dict.fromkeys(d.type for d in case.documents), "documents" in complete)


def _acting(case: InspectionCaseFile, actors: list[str], on: dt.date, closed: bool) -> tuple[int, tuple[str, ...]]:
    """How many distinct officers acted, and those of them with no valid certificate on that day (an actor
    the file's officer list does not name counts as uncertified: the file cannot show a certificate;
    where the officer list is not complete, the list of the uncertified is open)."""
    officers = {o.id: o for o in case.officers}
    acting = list(dict.fromkeys(actors))
    uncertified = []
    for actor in acting:
        officer = officers.get(actor)
        if officer is None:
            uncertified.append(actor)
        elif not _certificate_valid(officer, on):
            uncertified.append(officer.name)
    return len(acting), _listed(uncertified, closed)


def _inspection_facts(
    case: InspectionCaseFile, as_of: dt.date, tables: Tables, complete: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    facts = _ALL_UNKNOWN.copy()
    origin = dict(_INSPECTION_ORIGINS)
    _common_facts(case, as_of, facts, complete)
    facts["inspection.kind"] = case.kind
    facts["inspection.matter"] = case.matter
    documents = {d.id: d for d in case.documents}

    plan = case.plan
    if plan is not None or "plan" in complete:
        facts["plan.exists"] = plan is not None
    row = tables.key_items.get(case.party.industry) if case.party.industry else None
    facts["plan.key_items_listed"] = row is not None
    if row is not None:
        facts["plan.key_items"] = row.items
    if plan is not None:
        if plan.approved_on is not None or "plan" in complete:
            facts["plan.approved"] = plan.approved_on is not None
        facts["plan.in_annual_plan"] = plan.in_annual_plan
        facts["date.检查方案制定"] = plan.drawn_on
        facts["date.检查方案批准"] = plan.approved_on
        closed_plan = "plan" in complete
        facts["plan.items"] = _listed(plan.items, closed_plan)
        if row is not None:
            facts["plan.missing_key_items"] = _listed(
                (item for item in row.items if item not in plan.items and closed_plan), closed_plan
            )

    onsite = case.onsite
    if onsite is not None or "onsite" in complete:
        facts["onsite.exists"] = onsite is not None
    if onsite is not None:
        facts["date.现场检查"] = onsite.date
        if onsite.actors is not None or "onsite" in complete:
            facts["onsite.officers"], facts["onsite.uncertified"] = _acting(
                case, onsite.actors or [], onsite.date, "officers" in complete
            )
        facts["onsite.certificates_shown"] = onsite.certificates_shown
        if onsite.signed_by_party is True or onsite.refusal_noted is True:
            facts["onsite.signed"] = True
        elif onsite.signed_by_party is False and (onsite.refusal_noted is False or "onsite" in complete):
            facts["onsite.signed"] = False
        document = documents.get(onsite.document) if onsite.document else None
        recorded = document is not None and document.type == "现场检查笔录"
        if recorded or "documents" in complete:
            facts["onsite.recorded"] = recorded

    hazards = case.hazards
    order = case.order
    closed_hazards = "hazards" in complete
    open_ = [h for h in hazards if h.corrected_on_site is not True]
    if hazards or closed_hazards:
        facts["hazards.count"] = len(hazards)
        facts["hazards.major"] = sum(1 for h in hazards if h.grade == MAJOR_HAZARD)
        facts["hazards.open"] = len(open_)
    covered = set(order.hazards) if order is not None and order.hazards else None
    if order is not None or "order" in complete:
        facts["hazards.unordered"] = _listed(
            (h.description for h in open_ if order is None or (covered is not None and h.id not in covered)),
            closed_hazards,
        )
    facts["hazards.requiring_case"] = _listed(
        (h.description for h in hazards if h.grade == MAJOR_HAZARD or h.penalty_provision), closed_hazards
    )
    if order is not None:
        facts["date.责令整改"] = order.issued_on
        facts["date.整改期限"] = order.deadline
        facts["date.整改完成报告"] = order.completion_reported_on
    recheck = case.recheck
    if recheck is not None:
        facts["date.复查"] = recheck.date
        facts["recheck.result"] = recheck.result
        facts["recheck.officers"] = len(set(recheck.actors))

    facts["inspection.penalty_case_id"] = case.penalty_case_id
    if "no_penalty" in complete:
        facts["inspection.no_penalty_documented"] = False  # no ground recorded: certainly no document of one
    if case.no_penalty is not None:
        facts["inspection.no_penalty_ground"] = case.no_penalty.ground
        document = documents.get(case.no_penalty.document) if case.no_penalty.document else None
        if document is not None or "documents" in complete:
            facts["inspection.no_penalty_documented"] = document is not None
    return facts, origin


def _execution_facts(
    case: ExecutionCaseFile, as_of: dt.date, complete: frozenset[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """A 行政强制执行 file: the executed decision stands in for a penalty file's decision (its date selects
    the versions of parameters, its service starts the 起诉期限), the Enforcement block is read as there."""
    facts = _ALL_UNKNOWN.copy()
    origin = {
        name: path
        for name, path in _DIRECT_ORIGINS.items()
        if path.startswith("$.enforcement.") or name == "agency.vertical"
    }
    _common_facts(case, as_of, facts, complete)
    executed = case.executed_decision
    facts["date.决定"] = executed.date
    facts["date.决定书送达"] = executed.served_on
    facts["executed.amount"] = executed.amount
    facts["date.履行期限"] = executed.performance_deadline
    origin.update(
        {
            "date.决定": "$.executed_decision.date",
            "date.决定书送达": "$.executed_decision.served_on",
            "executed.amount": "$.executed_decision.amount",
            "date.履行期限": "$.executed_decision.performance_deadline",
        }
    )
    _enforcement_facts(case, facts, origin)
    return facts, origin
