"""The fact model: every fact a rule may name, with its type, title and values (checked when a rulebook
loads), and the titles of the items a document must state."""

from __future__ import annotations

import operator
import typing
from collections.abc import Callable
from typing import Any

from ..casefile import (
    AcceptanceOutcome,
    ApplicationKind,
    ApprovedBy,
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
    ExecutionDecisionItems,
    HazardGrade,
    InspectionKind,
    LicensingOutcome,
    NoPenaltyGround,
    OnsiteReason,
    Party,
    PaymentChannel,
    PenaltyKind,
    Procedure,
    RecheckResult,
    ReminderItems,
    ServiceMethod,
    TargetSelection,
)
from ..expr import BOOL, DATE, LIST, NUMBER, TEXT, FactSpec
from ..parts import absent_facts


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
        "deferral_approved",
    )
}
FREEZE = "冻结"
REMINDER_ITEMS = {name: f.title or name for name, f in ReminderItems.model_fields.items()}
EXECUTION_DECISION_ITEMS = {name: f.title or name for name, f in ExecutionDecisionItems.model_fields.items()}
MAJOR_HAZARD: HazardGrade = "重大事故隐患"
# what the missing-items lists say when the file records only that a document was incomplete
# what a 受理 (不予受理) voucher must show (行政许可法 第32条第2款), and a refusal (第38条第2款)
ACCEPTANCE_VOUCHER_ITEMS = ("加盖本行政机关专用印章", "注明日期")
REFUSAL_ITEMS = ("说明不予许可的理由", "告知申请行政复议或者提起行政诉讼的权利")
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
copy_circumstances = _flag_facts("circ", CIRCUMSTANCE_TITLES)
copy_party_flags = _flag_facts("party", PARTY_FLAG_TITLES)
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
copy_dossier_flags = _flag_facts("dossier", DOSSIER_FLAGS)
copy_monitoring_flags = _flag_facts("monitoring", MONITORING_FLAGS)
copy_enforcement_flags = _flag_facts("enforcement", ENFORCEMENT_FLAGS)
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
_STATIC.update(
    {
        # 行政许可 (LicensingCaseFile); None for the other case types
        "item.name": FactSpec(TEXT, "许可事项名称"),
        "item.listed": FactSpec(BOOL, "许可事项列入本机关公布的行政许可事项清单"),
        "item.hearing_required": FactSpec(BOOL, "法律、法规、规章规定实施该许可应当听证"),
        "item.special_deadline": FactSpec(BOOL, "法律、法规对该许可的办理期限另有规定"),
        "item.deadline_workdays": FactSpec(NUMBER, "法律、法规另行规定的办理期限（工作日）"),
        "application.kind": FactSpec(TEXT, "申请类型", _values(ApplicationKind)),
        "date.申请": FactSpec(DATE, "收到申请材料日期"),
        "application.renewal_expires_on": FactSpec(DATE, "申请延续的原许可有效期届满日"),
        "correction.count": FactSpec(NUMBER, "补正告知次数"),
        "date.补正告知": FactSpec(DATE, "补正告知日期（首次）"),
        "acceptance.outcome": FactSpec(TEXT, "受理决定", _values(AcceptanceOutcome)),
        "date.受理": FactSpec(DATE, "受理（不予受理）日期"),
        "acceptance.voucher_missing": FactSpec(
            LIST, "受理（不予受理）凭证未做到的事项", frozenset(ACCEPTANCE_VOUCHER_ITEMS)
        ),
        "acceptance.reasons": FactSpec(BOOL, "不予受理的，说明理由并告知向有关行政机关申请"),
        "verification.exists": FactSpec(BOOL, "卷内有现场核查"),
        "date.现场核查": FactSpec(DATE, "现场核查日期"),
        "verification.officers": FactSpec(NUMBER, "现场核查的工作人员人数"),
        "interested.major_interest": FactSpec(BOOL, "许可事项直接关系他人重大利益"),
        "date.告知利害关系人": FactSpec(DATE, "告知利害关系人的日期"),
        "date.告知许可听证权利": FactSpec(DATE, "告知申请人、利害关系人享有要求听证权利的日期"),
        "date.许可听证公告": FactSpec(DATE, "许可听证向社会公告的日期"),
        "date.许可听证申请": FactSpec(DATE, "提出许可听证申请的日期"),
        "date.许可听证举行": FactSpec(DATE, "举行许可听证的日期"),
        "special.count": FactSpec(NUMBER, "不计入期限的特别程序（听证、检验、专家评审等）数"),
        "special.workdays": FactSpec(NUMBER, "特别程序所需时间（工作日，不计入办理期限）"),
        "special.unnotified": FactSpec(LIST, "所需时间未书面告知申请人的特别程序"),
        "extension.exists": FactSpec(BOOL, "办理期限经批准延长"),
        "extension.reasons_notified": FactSpec(BOOL, "已将延长期限的理由告知申请人"),
        "extension.granted_workdays": FactSpec(NUMBER, "经本机关负责人批准延长的期限（工作日）"),
        "licence.outcome": FactSpec(TEXT, "许可决定类型", _values(LicensingOutcome)),
        "licence.on_the_spot": FactSpec(BOOL, "当场作出许可决定"),
        "licence.refusal_missing": FactSpec(LIST, "不予许可决定未做到的事项", frozenset(REFUSAL_ITEMS)),
        "date.许可证件颁发": FactSpec(DATE, "颁发、送达许可证件的日期"),
        "date.许可决定公开": FactSpec(DATE, "准予许可决定公开的日期"),
        "fees.count": FactSpec(NUMBER, "收费项数"),
        "fees.without_legal_basis": FactSpec(LIST, "收费依据不是法律、行政法规的收费项目"),
        "fees.irregular": FactSpec(LIST, "未按公布的法定项目和标准收取或未出具财政票据的收费项目"),
        # 评查标准, second pass (issue 19): what the published review standards check and the law requires
        "decision.payment_to": FactSpec(TEXT, "决定书指定的罚款缴纳渠道", _values(PaymentChannel)),
        "investigation.certificates_not_shown": FactSpec(LIST, "未出示执法证件的调查、询问、检查（环节和日期）"),
        "discussion.by_leaders": FactSpec(BOOL, "集体讨论由行政机关负责人集体讨论"),
        "agency.jurisdiction": FactSpec(BOOL, "执法机关对本案有管辖权（地域、级别，或经指定、移送）"),
        "party.name": FactSpec(TEXT, "当事人姓名或者名称"),
        "violation.violator": FactSpec(TEXT, "调查认定的违法行为实施者"),
        "violation.violator_is_party": FactSpec(BOOL, "被处罚的当事人就是调查认定的违法行为实施者"),
        # 定性, 裁量基准 in the internal documents, 说理 (issue 19, engine/facts/reasoning.py): no part of the
        # file holds them, so a value the file does not give is unknown, never known absent
        "agency.region": FactSpec(TEXT, "执法机关所在地区（如“四川省达州市通川区”）"),
        "reasoning.violated_cited": FactSpec(TEXT, "决定书认定违反的法律规定"),
        "reasoning.penalty_expected": FactSpec(TEXT, "裁量基准（权责清单）中该违法事项的罚则"),
        "reasoning.penalty_mismatch": FactSpec(LIST, "决定书所引罚则中不处罚所认定违法条款的"),
        "reasoning.baseline_in_report": FactSpec(BOOL, "调查终结报告载明裁量基准的适用"),
        "reasoning.baseline_in_discussion": FactSpec(BOOL, "集体讨论记录载明裁量基准的适用"),
        "reasoning.abbreviated_laws": FactSpec(LIST, "决定书以简称引用的法律"),
        "reasoning.unspecific_citations": FactSpec(LIST, "决定书引用未具体到条、款、项（或所引款、项不存在）的条文"),
    }
)
_STATIC.update(
    {
        # 行政强制措施 (issue 19, r19prop; facts.property): each measure named by its kind and date
        "measure.basis_not_cited": FactSpec(LIST, "决定书未载明法律依据的查封、扣押、冻结"),
        "measure.unauthorised": FactSpec(LIST, "所引依据未设定该措施或者未授权本机关实施的查封、扣押、冻结"),
        "measure.not_transferred": FactSpec(LIST, "案件移送司法机关而未一并移送或者未书面告知当事人的查封、扣押、冻结"),
        "seizure.unhandled": FactSpec(LIST, "已届处理而卷内无处理决定（解除、没收、销毁、移送）的查封扣押"),
        "seizure.not_returned": FactSpec(LIST, "解除而未退还财物的查封扣押"),
        "seizure.misused": FactSpec(LIST, "财物被使用、损毁或者保管费用由当事人承担的查封扣押"),
        # issue 19: 双随机、一公开 (行政检查), and entries in the online systems (行政检查, 行政处罚)
        "selection.method": FactSpec(TEXT, "检查对象的确定方式", _values(TargetSelection)),
        "selection.routine": FactSpec(
            BOOL, "属于日常监管检查（不是投诉举报、转办交办、事故、跟踪复查、重点检查引起的）"
        ),
        "selection.listed": FactSpec(BOOL, "规则集的随机抽查事项清单列有该检查事项"),
        "supervision.entered": FactSpec(BOOL, "执法信息已录入“互联网+监管”系统"),
        "date.录入监管系统": FactSpec(DATE, "录入“互联网+监管”系统的日期"),
        "credit.pushed": FactSpec(BOOL, "行政处罚信息已推送信用信息平台"),
        "date.推送信用平台": FactSpec(DATE, "推送信用信息平台的日期"),
    }
)
_STATIC.update(
    {
        # issue 19, second pass (filing): the 立案审批表, and the steps recorded without 音像
        "filing.missing": FactSpec(LIST, "立案审批表未载明的事项"),
        "filing.received_on": FactSpec(DATE, "立案审批表载明的收案日期"),
        "filing.proposed_on": FactSpec(DATE, "立案审批表载明的承办人建议立案日期"),
        "filing.approved_on": FactSpec(DATE, "立案审批表载明的负责人批准日期"),
        "audio_video.onsite": FactSpec(LIST, "无音像记录的现场检查（环节和日期）"),
        "audio_video.investigation": FactSpec(LIST, "无音像记录的调查取证、询问（环节和日期）"),
        "audio_video.hearing": FactSpec(LIST, "无音像记录的听证（环节和日期）"),
        "audio_video.lien_service": FactSpec(LIST, "无音像记录的留置送达（环节和日期）"),
        "audio_video.notice_service": FactSpec(LIST, "无音像记录的公告送达（环节和日期）"),
    }
)
STATIC_FACTS: dict[str, FactSpec] = _STATIC
# Every case starts from all facts unknown: copying this dict is cheaper than building it.
ALL_UNKNOWN: dict[str, Any] = dict.fromkeys(STATIC_FACTS)
ABSENT = absent_facts(tuple(STATIC_FACTS))


# what only a 裁量基准 table gives (not what the file states: the statutory range, the level claimed)
NO_TABLE = frozenset(
    {
        "baseline.title",
        "baseline.in_force_from",
        "baseline.in_force_until",
        "baseline.superseded",
        "baseline.expected_level",
        "baseline.expected_band",
    }
)
