"""Case-file model v1: one administrative enforcement case file (行政执法案卷) as JSON.

The model is the contract: its JSON Schema is exported to casefiles/casefile.schema.json and
unknown fields are errors. A file says what it was made from (`source`): the whole 案卷 as filed,
a 决定书, a 公示 record, an export, a reviewer's summary, and which of its parts are complete. An
absent field inside a complete part means "not in the file"; anywhere else it means "not known"
(engine.facts draws that line, rules turn the unknown into 无法判定).

`case_type` discriminates four kinds of file, each its own model: 行政处罚 (PenaltyCaseFile, the
original v1 model, unchanged), 行政检查 (InspectionCaseFile: 检查方案, 现场检查记录, 隐患, 整改指令,
复查, the penalty case it led to), 行政强制执行 (ExecutionCaseFile: the decision executed and the
same Enforcement block a penalty file carries) and 行政许可 (LicensingCaseFile: 申请 → 补正 → 受理 →
审查、核查、听证 → 决定 → 发证、公开, with fees). `CaseFile` is the union of the four.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
import typing
from pathlib import Path
from typing import IO, Annotated, Any, Literal

import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import casedocs, casejson, caseproblems
from .errors import CaseFileError, DraftError, InputFileError, os_reason
from .futuredates import Allow, reject_future_dates

SCHEMA_ID = "https://pingcha.example/schemas/casefile-v1.json"

CaseType = Literal["行政处罚", "行政检查", "行政强制执行", "行政许可"]
CASE_TYPES: tuple[str, ...] = ("行政处罚", "行政检查", "行政强制执行", "行政许可")
Procedure = Literal["普通程序", "简易程序"]
AgencyLevel = Literal["国家级", "省级", "设区的市级", "县级", "乡镇街道"]
PartyKind = Literal["个人", "单位"]
RecordMedium = Literal["文字", "音像"]
EventType = Literal[
    "立案",
    "调查取证",
    "询问",
    "现场检查",
    "先行登记保存",
    "先行登记保存处理",
    "告知",
    "陈述申辩",
    "复核",
    "听证告知",
    "听证申请",
    "听证通知",
    "听证举行",
    "集体讨论",
    "决定",
    "送达",
    "缴纳",
    "强制执行",
    "教育",
    "移送",
    "结案",
    "延期批准",
    "核查延期批准",
    "备案",
]
DocumentType = Literal[
    "立案审批表",
    "询问笔录",
    "现场检查笔录",
    "证据材料",
    "调查终结报告",
    "行政处罚告知书",
    "陈述申辩笔录",
    "听证告知书",
    "听证通知书",
    "听证笔录",
    "法制审核意见书",
    "集体讨论记录",
    "行政处罚决定书",
    "不予行政处罚决定书",
    "送达回证",
    "缴款凭证",
    "查封扣押决定书",
    "查封扣押清单",
    "延期告知书",
    "解除查封扣押决定书",
    "教育记录",
    "结案审批表",
    "卷内目录",
    "备考表",
    "检查方案",
    "行政检查审批表",
    "责令限期整改指令书",
    "现场处理措施决定书",
    "整改复查意见书",
    "不予立案审批表",
    "催告书",
    "行政强制执行决定书",
    "强制执行申请书",
    "行政许可申请书",
    "申请材料接收凭证",
    "补正通知书",
    "受理通知书",
    "不予受理决定书",
    "现场核查笔录",
    "利害关系人告知书",
    "听证公告",
    "特别程序告知书",
    "延期审批表",
    "准予行政许可决定书",
    "不予行政许可决定书",
    "许可证件签收记录",
    "收费票据",
    "当事人身份证明",
    # 罚没物品 (issue 19, r19prop): the inventory, the disposal record and the treasury receipt (行政处罚法 第74条)
    "罚没物品清单",
    "罚没物品处置记录",
    "罚没款缴库凭证",
]
PenaltyKind = Literal[
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
]
DecisionOutcome = Literal["给予行政处罚", "不予行政处罚", "移送司法机关"]
# 拟作出: a draft decision awaiting 法制审核 and signature (pingcha review); check and batch refuse to score it.
DecisionStatus = Literal["已作出", "拟作出"]
DRAFT: DecisionStatus = "拟作出"
DiscretionLevel = Literal["不予处罚", "减轻", "从轻", "一般", "从重"]
ServiceMethod = Literal["当场交付", "直接送达", "留置送达", "邮寄送达", "电子送达", "委托送达", "公告送达"]
ReviewOpinion = Literal["同意", "修改后同意", "不同意"]
PaymentMethod = Literal["银行缴纳", "电子支付", "当场收缴"]
# where the 决定书 tells the party to pay the fine (行政处罚法 第67条: a bank or the electronic payment system, never the agency)
PaymentChannel = Literal["指定银行", "电子支付系统", "行政机关账户"]
SeizureKind = Literal["查封", "扣押", "冻结"]
# how a 行政强制措施 ended (行政强制法 第27条 处理决定, 第21条 移送; 冻结 第32条)
SeizureOutcome = Literal["解除", "没收", "销毁", "移送司法机关"]
OnsiteReason = Literal["依法给予小额罚款", "不当场收缴事后难以执行", "边远水上交通不便地区"]
EnforcementMode = Literal["行政机关强制执行", "申请人民法院强制执行"]
ExcludedKind = Literal["中止", "听证", "公告", "检测检验检疫鉴定", "权利人辨认鉴别", "责令退还多收价款"]
ExcludedStage = Literal["办案", "立案核查"]
ApprovedBy = Literal["本机关负责人", "上一级机关", "负责人集体讨论"]
NoPenaltyGround = Literal["轻微不罚", "首违不罚", "无主观过错", "未成年人", "精神病人", "超过时效"]
InspectionKind = Literal["计划检查", "专项检查", "双随机抽查", "举报投诉核查", "上级交办", "跟踪复查", "事故调查"]
# issue 19 (双随机、一公开): how an inspection's target was chosen, in the seeds' words (通川 方案 (三)、铁岭 任务清单 第22项)
TargetSelection = Literal[
    "双随机抽查", "年度计划", "日常巡查", "重点检查", "专项", "投诉举报", "转办交办", "事故", "跟踪复查"
]
# the kinds of inspection that say how the target was chosen (计划检查, 专项检查 do not: either may draw at random)
SELECTION_OF_KIND: dict[str, str] = {
    "双随机抽查": "双随机抽查",
    "举报投诉核查": "投诉举报",
    "上级交办": "转办交办",
    "事故调查": "事故",
    "跟踪复查": "跟踪复查",
}
HazardGrade = Literal["一般事故隐患", "重大事故隐患"]
RecheckResult = Literal["整改完成", "部分整改", "未整改"]
SourceKind = Literal["全卷", "决定书", "公示信息", "系统导出", "评查摘要"]
ApplicationKind = Literal["新办", "变更", "延续"]
AcceptanceOutcome = Literal["受理", "不予受理"]
LicensingOutcome = Literal["准予行政许可", "不予行政许可"]
# 行政许可法 第45条: the procedures whose time is not counted in the periods of 第四章第三节
SpecialProcedureKind = Literal["听证", "招标", "拍卖", "检验", "检测", "检疫", "鉴定", "专家评审"]
HearingGround = Literal["法定听证事项", "涉及公共利益的重大许可", "依申请"]
# The parts of a case file whose completeness a source can declare: the top-level blocks of the four
# case types ("case" stands for the top-level facts themselves: procedure, matter, kind).
Part = Literal[
    "case",
    "agency",
    "party",
    "officers",
    "violation",
    "events",
    "documents",
    "decision",
    "notice",
    "hearing",
    "legal_review",
    "publicity",
    "payment",
    "seizures",
    "enforcement",
    "excluded_periods",
    "electronic_monitoring",
    "dossier",
    "opening",  # issue 19 (filing): the 立案审批表
    "plan",
    "onsite",
    "hazards",
    "order",
    "recheck",
    "no_penalty",
    "executed_decision",
    "licence_item",
    "application",
    "corrections",
    "acceptance",
    "verification",
    "interested_parties",
    "licence_hearing",
    "special_procedures",
    "extension",
    "licence_decision",
    "fees",
    "systems",
]
PARTS: tuple[str, ...] = typing.get_args(Part)
# What a 全卷 declares complete: the dossier's parts. Entries in the agencies' online systems (systems) are
# outside the dossier; only a source that lists them says the reviewer checked the systems.
ALL_PARTS = frozenset(PARTS) - {"systems"}
WHOLE_FILE: SourceKind = "全卷"
# Every free text of a case file: no control or bidirectional-override character (they garble a terminal,
# and a spreadsheet refuses them), enforced by pydantic-core while it validates.
Text = Annotated[str, StringConstraints(pattern=f"^[^{casejson.FORBIDDEN_CHARS}]*$")]
_YEAR_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_DATE = TypeAdapter(dt.date)


def _day_or_month(value: Any) -> dt.date | str:
    """A date, or a date known only to the month ("2019-05": kept, but no rule can compare it with a day)."""
    if isinstance(value, str) and _YEAR_MONTH.fullmatch(value):
        return value
    try:
        return _DATE.validate_python(value)
    except pydantic.ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise PydanticCustomError(error["type"], error["msg"]) from None


DayOrMonth = Annotated[
    dt.date | str,
    PlainValidator(_day_or_month),
    PlainSerializer(lambda value: value if isinstance(value, str) else value.isoformat()),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "title": "只知月份的日期"},
            ]
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """What the case file was made from, and which of its parts are complete.

    Only a file that says so is read as a whole dossier: kind 全卷 with no `complete` list declares
    every part complete; any other kind declares only the parts it lists (none by default)."""

    kind: SourceKind = Field(title="来源")
    complete: list[Part] | None = Field(default=None, title="完整的部分")
    url: Text | None = Field(default=None, title="出处网址")
    title: Text | None = Field(default=None, title="出处标题")
    published_on: dt.date | None = Field(default=None, title="发布日期")
    retrieved_on: dt.date | None = Field(default=None, title="获取日期")
    note: Text | None = Field(default=None, title="说明")

    def complete_parts(self) -> frozenset[str]:
        if self.complete is None:
            return ALL_PARTS if self.kind == WHOLE_FILE else frozenset()
        return frozenset(self.complete)


class Citation(_Strict):
    """A legal provision: law, article, paragraph (款), item (项); local standards have no article."""

    law: Text = Field(min_length=1, title="法律文件名称", examples=["中华人民共和国安全生产法"])
    article: int | None = Field(default=None, ge=1, title="条（没有条文编号的文件为空）")
    paragraph: int | None = Field(default=None, ge=1, title="款")
    item: int | None = Field(default=None, ge=1, title="项")
    text: Text | None = Field(default=None, title="引用的原文（没有条文编号的文件）")


class Agency(_Strict):
    name: Text = Field(min_length=1, title="行政执法机关名称")
    level: AgencyLevel = Field(title="层级")
    domain: Text = Field(min_length=1, title="执法领域", examples=["应急管理", "市场监管"])
    region: Text | None = Field(default=None, title="所在地区", examples=["辽宁省铁岭市"])
    vertical: bool | None = Field(default=None, title="是否实行垂直领导（复议机关为上一级主管部门；未载明的为空）")
    province: Text | None = Field(default=None, title="所在省、自治区、直辖市", examples=["辽宁省"])
    competent: bool | None = Field(
        default=None,
        title="对该违法行为具有行政处罚权（法定职权、依法承接或依法受委托，评查人员核实后填写）",
    )
    jurisdiction: bool | None = Field(
        default=None,
        title="对本案有管辖权：违法行为发生地在其管辖区域内、属其级别管辖，或经依法指定、移送（评查人员核实后填写）",
    )
    entrusted_by: Text | None = Field(default=None, title="委托行政机关（受委托组织以其名义实施处罚时填写）")
    entrustment_published: bool | None = Field(default=None, title="委托书已向社会公布")


class Party(_Strict):
    kind: PartyKind = Field(title="当事人类型")
    name: Text = Field(min_length=1, title="姓名或名称")
    address: Text | None = Field(default=None, title="地址")
    birth_date: dt.date | None = Field(default=None, title="出生日期（个人）")
    industry: Text | None = Field(default=None, title="行业")
    high_risk_industry: bool | None = Field(
        default=None, title="是否高危行业（矿山、金属冶炼、建筑施工、道路运输、危险物品单位）"
    )
    credit_blacklisted: bool | None = Field(default=None, title="是否被列入严重失信主体名单")
    accident_within_3_years: bool | None = Field(default=None, title="近三年是否发生人员死亡、重伤事故")
    registered_province: Text | None = Field(default=None, title="登记地（住所地）所在省、自治区、直辖市")
    credit_code: Text | None = Field(
        default=None, title="统一社会信用代码（跨卷核对同一企业时优先于名称）", examples=["91211282MA0XXXXXX1"]
    )


class Officer(_Strict):
    id: Text = Field(min_length=1, title="卷内编号")
    name: Text = Field(min_length=1, title="姓名")
    certificate_no: Text | None = Field(default=None, title="执法证号")
    certificate_valid_from: dt.date | None = Field(default=None, title="执法证有效期起")
    certificate_valid_to: dt.date | None = Field(default=None, title="执法证有效期止")
    legal_professional_qualification: bool | None = Field(default=None, title="是否取得法律职业资格")


class Circumstances(_Strict):
    """Facts bearing on 不予/从轻/减轻/从重. Absent = the file does not say (unknown)."""

    violation_minor: bool | None = Field(default=None, title="违法行为轻微")
    first_violation: bool | None = Field(default=None, title="初次违法")
    harm_minor: bool | None = Field(default=None, title="危害后果轻微")
    no_harm: bool | None = Field(default=None, title="没有造成危害后果")
    corrected_in_time: bool | None = Field(default=None, title="及时改正（整改经复查验收）")
    actively_mitigated: bool | None = Field(default=None, title="主动消除或者减轻违法行为危害后果")
    coerced_or_induced: bool | None = Field(default=None, title="受他人胁迫或者诱骗实施违法行为")
    confessed_unknown_violation: bool | None = Field(default=None, title="主动供述行政机关尚未掌握的违法行为")
    meritorious_service: bool | None = Field(default=None, title="配合查处有立功表现")
    no_fault: bool | None = Field(default=None, title="有证据足以证明没有主观过错")
    mental_incapacity: bool | None = Field(
        default=None, title="精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为"
    )
    limited_capacity: bool | None = Field(
        default=None, title="尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人"
    )
    baseline_mitigating: bool | None = Field(default=None, title="有裁量基准规定的其他从轻、减轻情节")
    suspected_crime: bool | None = Field(default=None, title="涉嫌犯罪")
    aggravating: bool | None = Field(default=None, title="有从重处罚情节")
    complex_or_serious: bool | None = Field(default=None, title="情节复杂或者重大违法行为（依本机关规定须集体讨论）")
    major_public_interest: bool | None = Field(default=None, title="涉及重大公共利益")
    complex_legal: bool | None = Field(default=None, title="案件情况疑难复杂、涉及多个法律关系")


class FineRange(_Strict):
    """A fine range in yuan, both ends included (as 以上/以下 in most laws)."""

    min: float = Field(ge=0, title="下限（元）")
    max: float = Field(ge=0, title="上限（元）")


class Violation(_Strict):
    item_code: Text | None = Field(default=None, title="裁量基准事项编码")
    description: Text = Field(min_length=1, title="违法行为")
    occurred_on: DayOrMonth | None = Field(default=None, title="违法行为发生日期")
    ended_on: DayOrMonth | None = Field(default=None, title="连续或继续状态终了日期")
    discovered_on: DayOrMonth | None = Field(default=None, title="发现日期")
    endangers_life_health_or_finance: bool | None = Field(
        default=None, title="涉及公民生命健康安全、金融安全且有危害后果（追责时效5年）"
    )
    statutory_fine: FineRange | None = Field(
        default=None, title="罚则规定的罚款幅度（元，按当事人类型与情节已确定的一档）"
    )
    provision_violated: list[Citation] | None = Field(default=None, title="违反的法律规定（未载明的为空）")
    penalty_provision: list[Citation] | None = Field(default=None, title="处罚依据（未载明的为空）")
    violator: Text | None = Field(default=None, title="调查认定的违法行为实施者（姓名或名称）")
    facts: dict[Text, float] = Field(default_factory=dict, title="裁量情节数值")
    circumstances: Circumstances = Field(default_factory=Circumstances, title="情节")


class Event(_Strict):
    type: EventType = Field(title="程序环节")
    date: DayOrMonth | None = Field(default=None, title="日期（已知发生而日期未载明的为空）")
    time: dt.time | None = Field(default=None, title="时间")
    actors: list[Text] | None = Field(default=None, title="执法人员（卷内编号；未载明的为空）")
    records: list[RecordMedium] = Field(default_factory=list, title="记录形式")
    document: Text | None = Field(default=None, title="对应文书（卷内编号）")
    method: ServiceMethod | None = Field(default=None, title="送达方式")
    approved_by: ApprovedBy | None = Field(default=None, title="批准人")
    days: int | None = Field(default=None, ge=1, title="批准延长至（日）或告知的期限（日）")
    waived: bool | None = Field(default=None, title="当事人明确放弃")
    consented: bool | None = Field(default=None, title="当事人同意电子送达并签订确认书")
    witnessed: bool | None = Field(default=None, title="留置送达有见证人到场并签名或盖章")
    certificates_shown: bool | None = Field(default=None, title="调查、询问、检查时出示执法证件（笔录载明）")
    by_leaders: bool | None = Field(default=None, title="集体讨论由行政机关负责人集体讨论（不是科室、办案机构的会议）")
    note: Text | None = Field(default=None, title="备注")


class Document(_Strict):
    id: Text = Field(min_length=1, title="卷内编号")
    type: DocumentType = Field(title="文书种类")
    number: Text | None = Field(default=None, title="文号")
    date: dt.date | None = Field(default=None, title="日期")
    signed: bool | None = Field(default=None, title="已签名")
    sealed: bool | None = Field(default=None, title="已盖章")
    refusal_noted: bool | None = Field(default=None, title="当事人拒绝签名或盖章的，已在文书上注明")


class Remedies(_Strict):
    review_body: Text | None = Field(default=None, title="告知的行政复议机关")
    review_period_days: int | None = Field(default=None, title="告知的复议申请期限（日）")
    litigation_period_months: int | None = Field(default=None, title="告知的起诉期限（月）")


class Discretion(_Strict):
    level: DiscretionLevel | None = Field(default=None, title="裁量阶次（引用基准而未载明阶次的为空）")
    band: Text | None = Field(default=None, title="基准中的适用情形（阶次名称）")
    reasons: Text | None = Field(default=None, title="裁量说理")
    cited_in_notice: bool | None = Field(default=None, title="告知书载明裁量基准")
    cited_in_decision: bool | None = Field(default=None, title="决定书载明裁量基准")
    # 裁量基准 stated in the internal documents too (issue 19; 通川 方案 四(四)1): absent = not checked
    cited_in_report: bool | None = Field(default=None, title="调查终结报告载明裁量基准的适用")
    cited_in_discussion: bool | None = Field(default=None, title="集体讨论记录载明裁量基准的适用")


class DecisionContents(_Strict):
    """Whether the 决定书 states each item of 行政处罚法 第59条第1款 (remedies: see Remedies). Absent = not checked."""

    party_identity: bool | None = Field(default=None, title="当事人的姓名或者名称、地址")
    facts_and_evidence: bool | None = Field(default=None, title="违反法律、法规、规章的事实和证据")
    kind_and_basis: bool | None = Field(default=None, title="行政处罚的种类和依据")
    performance: bool | None = Field(default=None, title="行政处罚的履行方式和期限")
    agency_and_date: bool | None = Field(default=None, title="作出决定的行政机关名称和作出决定的日期")


class Decision(_Strict):
    status: DecisionStatus = Field(
        default="已作出",
        title="决定状态：已作出；拟作出（决定草案，尚未签发：用 pingcha review 审核，check、batch 不评查）",
    )
    # required unless the decision is a draft (拟作出): _made_decision_is_dated
    date: dt.date | None = Field(default=None, title="决定日期", validate_default=True)
    outcome: DecisionOutcome = Field(title="决定类型")
    kinds: list[PenaltyKind] | None = Field(default=None, title="处罚种类（未载明的为空）")
    fine: float | None = Field(default=None, ge=0, title="罚款（元）")
    confiscation: float | None = Field(default=None, ge=0, title="没收违法所得、非法财物（元）")
    no_penalty_ground: NoPenaltyGround | None = Field(default=None, title="不予处罚理由")
    reasoning: Text | None = Field(default=None, title="决定说理")
    sealed_by: Text | None = Field(default=None, title="决定书所盖印章的机关名称")
    contents: DecisionContents = Field(default_factory=DecisionContents, title="决定书载明事项")
    remedies: Remedies = Field(default_factory=Remedies, title="救济途径")
    discretion: Discretion | None = Field(default=None, title="裁量")
    payment_to: PaymentChannel | None = Field(default=None, title="决定书指定的罚款缴纳渠道")

    @pydantic.field_validator("date")
    @classmethod
    def _made_decision_is_dated(cls, date: dt.date | None, info: pydantic.ValidationInfo) -> dt.date | None:
        # status is declared before date, so it is validated first and in info.data
        if date is None and info.data.get("status", "已作出") != DRAFT:
            raise PydanticCustomError("decision_date_missing", "已作出的决定须载明决定日期")
        return date


class Notice(_Strict):
    """The 行政处罚告知书 served before the decision (the last one, if the notice was repeated)."""

    proposed_kinds: list[PenaltyKind] = Field(default_factory=list, title="拟作出的处罚种类")
    proposed_fine: float | None = Field(default=None, ge=0, title="拟罚款数额（元）")
    states_facts: bool | None = Field(default=None, title="载明违法事实")
    states_reasons: bool | None = Field(default=None, title="载明处罚理由")
    states_basis: bool | None = Field(default=None, title="载明处罚依据")
    states_rights: bool | None = Field(default=None, title="告知陈述、申辩权利")
    states_hearing_right: bool | None = Field(default=None, title="告知要求听证的权利")


class Hearing(_Strict):
    presider: Text = Field(min_length=1, title="听证主持人姓名")
    public: bool | None = Field(default=None, title="公开举行")
    confidential: bool | None = Field(default=None, title="涉及国家秘密、商业秘密或者个人隐私，依法不公开举行")
    record_signed: bool | None = Field(default=None, title="听证笔录经当事人或其代理人核对签字盖章，或由主持人注明拒签")


class LegalReview(_Strict):
    reviewer: Text = Field(min_length=1, title="审核人员")
    qualified: bool | None = Field(default=None, title="取得法律职业资格")
    reviewer_since: dt.date | None = Field(default=None, title="审核人员开始从事行政处罚决定法制审核的日期")
    date: dt.date = Field(title="审核日期")
    opinion: ReviewOpinion = Field(title="审核意见")


class Publicity(_Strict):
    published_on: dt.date | None = Field(default=None, title="公示日期")
    platform: Text | None = Field(default=None, title="公示平台")
    decision_changed_on: dt.date | None = Field(default=None, title="决定被变更、撤销、确认违法或无效的日期")
    withdrawn_on: dt.date | None = Field(default=None, title="撤回公示日期")
    pushed_on: dt.date | None = Field(default=None, title="推送当事人登记地机关公示的日期（跨省）")
    party_notified: bool | None = Field(default=None, title="送达决定书时已书面告知当事人将公示")


class Payment(_Strict):
    paid_on: dt.date = Field(title="缴纳日期")
    amount: float = Field(ge=0, title="缴纳金额（元）")
    method: PaymentMethod = Field(title="缴纳方式")
    receipt: bool | None = Field(default=None, title="有财政票据或银行凭证")
    onsite_reason: OnsiteReason | None = Field(default=None, title="当场收缴的法定情形")
    handed_over_on: dt.date | None = Field(default=None, title="当场收缴的罚款交至行政机关的日期")
    deposited_on: dt.date | None = Field(default=None, title="行政机关将罚款缴付银行的日期")
    surcharge: float | None = Field(default=None, ge=0, title="加处罚款（元）")
    suspended_days: int = Field(default=0, ge=0, title="复议、诉讼期间（日，不计算加处罚款）")


class Seizure(_Strict):
    """A 行政强制措施: 查封、扣押 (行政强制法 第二节) or 冻结存款、汇款 (第三节)."""

    kind: SeizureKind = Field(title="措施")
    started_on: dt.date = Field(title="实施日期")
    actors: list[Text] = Field(default_factory=list, title="实施的执法人员（卷内编号）")
    approved_on: dt.date | None = Field(default=None, title="负责人批准日期")
    extended_days: int | None = Field(default=None, ge=1, title="批准延长（日）")
    extension_notified: bool | None = Field(default=None, title="延长已书面告知")
    excluded_days: int | None = Field(default=None, ge=0, title="检测检验检疫鉴定期间（日，已书面告知；没有的为0）")
    released_on: dt.date | None = Field(default=None, title="解除或处理日期")
    audio_video: bool | None = Field(default=None, title="全程音像记录")
    decision_document: Text | None = Field(default=None, title="查封扣押决定书（卷内编号）")
    inventory_document: Text | None = Field(default=None, title="查封扣押清单（卷内编号）")
    on_site_record: bool | None = Field(
        default=None, title="制作现场笔录，由当事人和执法人员签名或注明拒签；当事人不到场的有见证人签名"
    )
    delivered_on: dt.date | None = Field(default=None, title="决定书（及清单）交付当事人的日期")
    # 罚没物品 and 行政强制措施 (issue 19, r19prop): the basis, how the measure ended, the property's fate
    basis_cited: Text | None = Field(default=None, title="决定书载明的采取措施的法律依据（法律、法规的条款）")
    authorised: bool | None = Field(default=None, title="所引法律、法规设定了该措施并授权本机关实施（评查人员核实）")
    outcome: SeizureOutcome | None = Field(default=None, title="处理结果：解除、没收、销毁或者移送司法机关")
    outcome_document: Text | None = Field(
        default=None, title="处理决定（解除决定书，没收、销毁的决定，移送书）（卷内编号）"
    )
    returned_on: dt.date | None = Field(default=None, title="解除后退还财物（或者拍卖、变卖所得款项）的日期")
    transfer_notified: bool | None = Field(default=None, title="财物随案移送司法机关，并书面告知当事人")
    used_or_damaged: bool | None = Field(default=None, title="查封、扣押的财物被使用或者损毁（卷内有记载）")
    storage_fee_charged: bool | None = Field(default=None, title="保管费用由当事人承担（卷内有记载）")


class ReminderItems(_Strict):
    """Whether the 催告书 states each item of 行政强制法 第35条. Absent = not checked."""

    deadline: bool | None = Field(default=None, title="履行义务的期限")
    manner: bool | None = Field(default=None, title="履行义务的方式")
    amount: bool | None = Field(default=None, title="涉及金钱给付的，明确的金额和给付方式")
    statement_rights: bool | None = Field(default=None, title="当事人依法享有的陈述权和申辩权")


class ExecutionDecisionItems(_Strict):
    """Whether the 强制执行决定书 states each item of 行政强制法 第37条第2款. Absent = not checked."""

    party_identity: bool | None = Field(default=None, title="当事人的姓名或者名称、地址")
    reasons_and_basis: bool | None = Field(default=None, title="强制执行的理由和依据")
    manner_and_time: bool | None = Field(default=None, title="强制执行的方式和时间")
    remedies: bool | None = Field(default=None, title="申请行政复议或者提起行政诉讼的途径和期限")
    agency_seal_date: bool | None = Field(default=None, title="行政机关的名称、印章和日期")


class Enforcement(_Strict):
    """强制执行 of a decision: by the agency itself (行政强制法 第四章) or by application to a court (第五章)."""

    mode: EnforcementMode = Field(title="方式")
    reminder_served_on: dt.date | None = Field(default=None, title="催告书送达日期")
    reminder_complete: bool | None = Field(
        default=None, title="催告书载明履行期限、方式，金钱给付的金额和给付方式，陈述权和申辩权"
    )
    reminder_items: ReminderItems | None = Field(
        default=None, title="催告书逐项载明的事项（给出时据此判定 reminder_complete）"
    )
    reminder_deadline: dt.date | None = Field(default=None, title="催告书载明的履行期限届满日")
    statement_heard: bool | None = Field(default=None, title="听取陈述申辩并记录、复核")
    immediate: bool | None = Field(default=None, title="催告期间有转移或者隐匿财物迹象，立即强制执行")
    decision_on: dt.date | None = Field(default=None, title="强制执行决定日期")
    decision_complete: bool | None = Field(
        default=None, title="强制执行决定书载明当事人、理由依据、方式时间、救济途径、机关名称印章日期"
    )
    decision_items: ExecutionDecisionItems | None = Field(
        default=None, title="强制执行决定书逐项载明的事项（给出时据此判定 decision_complete）"
    )
    executed_on: dt.date | None = Field(default=None, title="实施强制执行日期")
    at_night: bool | None = Field(default=None, title="夜间实施")
    urgent: bool | None = Field(default=None, title="情况紧急")
    audio_video: bool | None = Field(default=None, title="现场强制执行全程音像记录")
    reminder_service: ServiceMethod | None = Field(default=None, title="催告书送达方式")
    decision_service: ServiceMethod | None = Field(default=None, title="强制执行决定书送达方式")
    direct_service_failed: bool | None = Field(
        default=None, title="当事人拒绝接收或者无法直接送达，依民事诉讼法的规定送达（卷内有记载）"
    )
    applied_on: dt.date | None = Field(default=None, title="申请人民法院强制执行日期")
    deferred_until: dt.date | None = Field(default=None, title="批准暂缓或分期缴纳罚款的期限届满日")
    deferral_approved: bool | None = Field(
        default=None, title="暂缓或分期缴纳罚款有当事人的申请和行政机关的批准（卷内有申请书和批准文书）"
    )


class ExcludedPeriod(_Strict):
    """A period that a sector rule says is not counted in a time limit; the file must document it."""

    kind: ExcludedKind = Field(title="不计入期限的事项")
    stage: ExcludedStage = Field(default="办案", title="所涉期限")
    start: dt.date = Field(title="起始日")
    end: dt.date = Field(title="终止日（含）")


class ElectronicMonitoring(_Strict):
    """Evidence from 电子技术监控设备 (行政处罚法 第41条)."""

    device_reviewed: bool | None = Field(default=None, title="设备经过法制和技术审核")
    location_published: bool | None = Field(default=None, title="设置地点已向社会公布")
    record_reviewed: bool | None = Field(default=None, title="记录内容经审核符合要求")
    sole_evidence: bool | None = Field(default=None, title="为认定违法事实的唯一证据")
    party_informed: bool | None = Field(default=None, title="已及时告知当事人违法事实并提供查询、陈述申辩便利")


class Dossier(_Strict):
    """卷面: how the paper file is assembled (评查标准的卷面部分). Absent = not reviewed."""

    standard_forms: bool | None = Field(default=None, title="使用统一的执法文书格式文本")
    form_defects: int | None = Field(default=None, ge=0, title="文书填写漏项、不完整、表述不清、用语不规范的处数")
    one_case_one_file: bool | None = Field(default=None, title="一案一卷")
    cover: bool | None = Field(default=None, title="使用统一的卷宗封面")
    index_correct: bool | None = Field(default=None, title="卷内目录按顺序填写、页码正确")
    ordered: bool | None = Field(default=None, title="按立案、调查取证、审查、决定、送达、执行顺序组卷")
    pages_numbered: bool | None = Field(default=None, title="逐页编号（封面、卷内目录、备考表不编号）")


# --- 立案审批表 and 归档 (issue 19, second pass: filing) ------------------------------------------


class CaseOpening(_Strict):
    """What the 立案审批表 shows: the handler's proposal and the leader's approval, with their dates. Where
    this part is complete a field left empty is one the form leaves blank; elsewhere unknown."""

    received_on: dt.date | None = Field(default=None, title="收案日期（发现案件线索、收到材料或登记案件来源之日）")
    handler_opinion: bool | None = Field(default=None, title="承办人填写了立案意见")
    proposed_on: dt.date | None = Field(default=None, title="承办人提出立案建议的日期")
    approver: Text | None = Field(default=None, title="批准立案的行政机关负责人")
    approved_on: dt.date | None = Field(default=None, title="负责人批准立案的日期")


# --- end of filing block ----------------------------------------------------------------------

_SCHEMA_VERSION_TITLE = "案卷格式版本"
_SOURCE_TITLE = "来源与完整性（未载明的不视为全卷）"


# --- issue 19: entries in the 互联网+监管 system and the credit platform (江西 赣应急字〔2020〕168号 (四)(七)) ---


class SystemEntries(_Strict):
    """What the agency entered in the “互联网+监管” system and pushed to the credit information platform; a
    date shows the entry was made, `false` that it was not."""

    supervision_system: bool | None = Field(default=None, title="执法信息已录入“互联网+监管”系统")
    supervision_system_on: dt.date | None = Field(default=None, title="录入“互联网+监管”系统的日期")
    credit_platform: bool | None = Field(default=None, title="行政处罚信息已推送信用信息平台")
    credit_platform_on: dt.date | None = Field(default=None, title="推送信用信息平台的日期")

    # each flag (`x`) is declared before its date (`x_on`), so it is validated first and in info.data
    @pydantic.field_validator("supervision_system_on", "credit_platform_on")
    @classmethod
    def _made_if_dated(cls, date: dt.date | None, info: pydantic.ValidationInfo) -> dt.date | None:
        if date is not None and info.data.get(str(info.field_name).removesuffix("_on")) is False:
            raise PydanticCustomError("entry_date_without_entry", "载明未录入（未推送），却有录入（推送）日期")
        return date


class PenaltyCaseFile(_Strict):
    """One 行政处罚案卷 (case_type 行政处罚): the original case-file model v1."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="行政处罚案卷")

    schema_version: Literal["1"] = Field(title=_SCHEMA_VERSION_TITLE)
    source: Source | None = Field(default=None, title=_SOURCE_TITLE)
    case_id: Text = Field(min_length=1, title="案卷编号")
    case_type: Literal["行政处罚"] = Field(title="案件类型")
    procedure: Procedure | None = Field(default=None, title="程序（未载明的为空）")
    agency: Agency = Field(title="行政执法机关")
    party: Party = Field(title="当事人")
    officers: list[Officer] = Field(default_factory=list, title="执法人员")
    violation: Violation = Field(title="违法行为")
    events: list[Event] = Field(default_factory=list, title="程序环节")
    documents: list[Document] = Field(default_factory=list, title="卷内文书")
    decision: Decision | None = Field(default=None, title="决定（尚未作出决定的为空）")
    notice: Notice | None = Field(default=None, title="行政处罚告知书的内容")
    hearing: Hearing | None = Field(default=None, title="听证")
    legal_review: LegalReview | None = Field(default=None, title="法制审核")
    publicity: Publicity | None = Field(default=None, title="公示")
    payment: Payment | None = Field(default=None, title="缴纳")
    seizures: list[Seizure] = Field(default_factory=list, title="查封、扣押、冻结")
    enforcement: Enforcement | None = Field(default=None, title="强制执行")
    excluded_periods: list[ExcludedPeriod] = Field(default_factory=list, title="依规定不计入期限的期间")
    electronic_monitoring: ElectronicMonitoring | None = Field(default=None, title="电子技术监控证据")
    dossier: Dossier | None = Field(default=None, title="卷面")
    systems: SystemEntries | None = Field(default=None, title="信息系统录入和推送")
    opening: CaseOpening | None = Field(default=None, title="立案审批表的内容")  # issue 19 (filing)


# --- 行政检查 ------------------------------------------------------------------------------------


class InspectionPlan(_Strict):
    """The 检查方案 drawn up (and approved) before the inspection, with the items it lists."""

    id: Text = Field(min_length=1, title="方案编号")
    title: Text | None = Field(default=None, title="方案名称")
    in_annual_plan: bool | None = Field(default=None, title="纳入年度监督检查计划")
    drawn_on: dt.date | None = Field(default=None, title="制定日期")
    approved_on: dt.date | None = Field(default=None, title="批准日期（未经批准的为空）")
    approved_by: Text | None = Field(default=None, title="批准人")
    items: list[Text] = Field(default_factory=list, title="检查事项")


class OnsiteRecord(_Strict):
    """The 现场检查记录 (现场检查笔录): who inspected, when, what, and who signed."""

    date: dt.date = Field(title="检查日期")
    actors: list[Text] | None = Field(default=None, title="检查人员（卷内执法人员编号；未载明的为空）")
    certificates_shown: bool | None = Field(default=None, title="出示执法证件")
    items_checked: list[Text] = Field(default_factory=list, title="实际检查的事项")
    document: Text | None = Field(default=None, title="现场检查笔录（卷内编号）")
    signed_by_party: bool | None = Field(default=None, title="被检查单位负责人签字")
    refusal_noted: bool | None = Field(default=None, title="拒绝签字的，已记录在案并报告")
    audio_video: bool | None = Field(default=None, title="音像记录")


class Hazard(_Strict):
    """A problem the inspection found: an 事故隐患 (with its grade) and/or a violation with a penalty provision."""

    id: Text = Field(min_length=1, title="卷内编号")
    description: Text = Field(min_length=1, title="隐患或违法行为")
    grade: HazardGrade | None = Field(default=None, title="隐患等级（不属于事故隐患的违法行为为空）")
    item_code: Text | None = Field(default=None, title="裁量基准事项编码")
    provision_violated: list[Citation] = Field(default_factory=list, title="违反的法律规定")
    penalty_provision: list[Citation] = Field(default_factory=list, title="罚则（有罚则的，是应当立案查处的违法行为）")
    corrected_on_site: bool | None = Field(default=None, title="当场整改完毕（当场予以纠正）")


class RectificationOrder(_Strict):
    """The 责令限期整改指令书 (or 现场处理措施决定书) issued for the hazards found."""

    number: Text | None = Field(default=None, title="文号")
    issued_on: dt.date = Field(title="下达日期")
    deadline: dt.date | None = Field(default=None, title="整改期限届满日（责令立即整改的为下达日期）")
    hazards: list[Text] = Field(default_factory=list, title="所涉隐患（卷内编号；为空表示全部）")
    document: Text | None = Field(default=None, title="指令书（卷内编号）")
    completion_reported_on: dt.date | None = Field(default=None, title="被检查单位报告整改完成（申请复查）的日期")


class Recheck(_Strict):
    """The 整改复查 and its result (整改复查意见书)."""

    date: dt.date = Field(title="复查日期")
    actors: list[Text] = Field(default_factory=list, title="复查人员（卷内执法人员编号）")
    result: RecheckResult = Field(title="复查结论")
    document: Text | None = Field(default=None, title="整改复查意见书（卷内编号）")


class NoPenalty(_Strict):
    """Why a violation found on inspection was not taken to a penalty case, as the file documents it."""

    ground: NoPenaltyGround = Field(title="不予处罚（不予立案）的理由")
    decided_on: dt.date | None = Field(default=None, title="决定日期")
    document: Text | None = Field(default=None, title="不予处罚决定书或不予立案审批表（卷内编号）")


class InspectionCaseFile(_Strict):
    """One 行政检查案卷 (case_type 行政检查): plan → 现场检查 → 隐患 → 责令整改 → 复查, and the case it led to."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="行政检查案卷")

    schema_version: Literal["1"] = Field(title=_SCHEMA_VERSION_TITLE)
    source: Source | None = Field(default=None, title=_SOURCE_TITLE)
    case_id: Text = Field(min_length=1, title="案卷编号（检查记录编号）")
    case_type: Literal["行政检查"] = Field(title="案件类型")
    kind: InspectionKind = Field(title="检查类型")
    selection: TargetSelection | None = Field(default=None, title="检查对象的确定方式（未载明的为空）")
    matter: Text = Field(
        min_length=1,
        title="检查事项（同一事项的检查计入年度频次）",
        examples=["粉尘防爆", "危险化学品储存"],
    )
    agency: Agency = Field(title="行政执法机关")
    party: Party = Field(title="被检查单位")
    officers: list[Officer] = Field(default_factory=list, title="执法人员")
    plan: InspectionPlan | None = Field(default=None, title="检查方案（卷内没有的为空）")
    onsite: OnsiteRecord | None = Field(default=None, title="现场检查记录（卷内没有的为空）")
    hazards: list[Hazard] = Field(default_factory=list, title="发现的事故隐患和违法行为")
    order: RectificationOrder | None = Field(default=None, title="责令限期整改指令书")
    recheck: Recheck | None = Field(default=None, title="整改复查")
    penalty_case_id: Text | None = Field(default=None, title="立案查处的行政处罚案卷编号")
    no_penalty: NoPenalty | None = Field(default=None, title="未立案查处的，卷内载明的不予处罚理由")
    documents: list[Document] = Field(default_factory=list, title="卷内文书")
    dossier: Dossier | None = Field(default=None, title="卷面")
    systems: SystemEntries | None = Field(default=None, title="信息系统录入和推送")

    def target_selection(self) -> str | None:
        """How the target was chosen: as the file says, else as its kind implies; None when neither says."""
        return self.selection or SELECTION_OF_KIND.get(self.kind)

    @pydantic.field_validator("selection")
    @classmethod
    def _selection_fits_kind(cls, selection: str | None, info: pydantic.ValidationInfo) -> str | None:
        # kind is declared before selection, so it is validated first and in info.data
        implied = SELECTION_OF_KIND.get(info.data.get("kind", ""))
        if selection is not None and implied is not None and selection != implied:
            raise PydanticCustomError(
                "selection_contradicts_kind",
                "检查类型为{kind}，检查对象的确定方式应为{implied}，案卷写的是{selection}",
                {"kind": info.data["kind"], "implied": implied, "selection": selection},
            )
        return selection


# --- 行政强制执行 ----------------------------------------------------------------------------------


class ExecutedDecision(_Strict):
    """The 行政决定 whose obligations are being executed (a penalty decision, an order to stop production…)."""

    title: Text = Field(min_length=1, title="决定名称", examples=["行政处罚决定", "责令停产停业整顿决定"])
    number: Text | None = Field(default=None, title="决定书文号")
    case_id: Text | None = Field(default=None, title="原案卷编号")
    date: dt.date = Field(title="决定日期")
    served_on: dt.date | None = Field(default=None, title="决定书送达日期")
    obligation: Text = Field(min_length=1, title="当事人应履行的义务")
    amount: float | None = Field(default=None, ge=0, title="金钱给付义务数额（元）")
    performance_deadline: dt.date | None = Field(default=None, title="决定载明的履行期限届满日")


class ExecutionCaseFile(_Strict):
    """One 行政强制执行案卷 (case_type 行政强制执行): 催告 → 陈述申辩 → 强制执行决定 → 执行, or 申请人民法院强制执行."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="行政强制执行案卷")

    schema_version: Literal["1"] = Field(title=_SCHEMA_VERSION_TITLE)
    source: Source | None = Field(default=None, title=_SOURCE_TITLE)
    case_id: Text = Field(min_length=1, title="案卷编号")
    case_type: Literal["行政强制执行"] = Field(title="案件类型")
    agency: Agency = Field(title="行政执法机关")
    party: Party = Field(title="当事人")
    officers: list[Officer] = Field(default_factory=list, title="执法人员")
    executed_decision: ExecutedDecision = Field(title="被执行的行政决定")
    enforcement: Enforcement = Field(title="强制执行")
    documents: list[Document] = Field(default_factory=list, title="卷内文书")
    dossier: Dossier | None = Field(default=None, title="卷面")


# --- 行政许可 ----------------------------------------------------------------------------------------


class LicenceItem(_Strict):
    """The 行政许可事项 applied for: its name, what it rests on, and what the law says of its procedure."""

    name: Text = Field(min_length=1, title="事项名称", examples=["食品经营许可"])
    basis: list[Citation] | None = Field(default=None, title="实施依据（未载明的为空）")
    listed: bool | None = Field(default=None, title="列入本机关公布的行政许可事项清单")
    hearing_required: bool | None = Field(default=None, title="法律、法规、规章规定实施该许可应当听证")
    special_deadline: bool | None = Field(default=None, title="法律、法规对该许可的办理期限另有规定")
    deadline_workdays: int | None = Field(default=None, ge=1, title="法律、法规另行规定的办理期限（工作日）")


class Application(_Strict):
    """The application: when the materials were received, what they were, who received them."""

    kind: ApplicationKind = Field(default="新办", title="申请类型")
    received_on: dt.date = Field(title="收到申请材料日期")
    materials: list[Text] = Field(default_factory=list, title="申请材料清单")
    received_by: Text | None = Field(default=None, title="收件人")
    receipt_given: bool | None = Field(default=None, title="出具申请材料接收凭证")
    renewal_of_expiry: dt.date | None = Field(default=None, title="申请延续的，原许可有效期届满日")


class CorrectionNotice(_Strict):
    """One 补正告知 (申请材料补正通知书): 行政许可法 第32条第1款第4项 wants one, telling everything."""

    notified_on: dt.date = Field(title="告知日期")
    items: list[Text] = Field(default_factory=list, title="需要补正的内容")
    document: Text | None = Field(default=None, title="补正通知书（卷内编号）")
    completed_on: dt.date | None = Field(default=None, title="申请人提交全部补正材料的日期")


class Acceptance(_Strict):
    """The 受理 or 不予受理 decision and its written voucher (受理通知书、不予受理决定书)."""

    outcome: AcceptanceOutcome = Field(title="受理决定")
    decided_on: dt.date = Field(title="受理（不予受理）日期")
    document: Text | None = Field(default=None, title="受理通知书或不予受理决定书（卷内编号）")
    sealed: bool | None = Field(default=None, title="凭证加盖本行政机关专用印章")
    dated: bool | None = Field(default=None, title="凭证注明日期")
    reasons: bool | None = Field(default=None, title="不予受理的，说明理由并告知向有关行政机关申请")


class Verification(_Strict):
    """The 实质审查 on site (现场核查): who verified, when, and the record."""

    date: dt.date = Field(title="核查日期")
    actors: list[Text] | None = Field(default=None, title="核查人员（卷内执法人员编号；未载明的为空）")
    document: Text | None = Field(default=None, title="核查笔录（卷内编号）")


class InterestedParties(_Strict):
    """Whether the licence bears on others' major interests (行政许可法 第36条、第47条), and what they were told."""

    major_interest: bool = Field(title="许可事项直接关系他人重大利益")
    notified_on: dt.date | None = Field(default=None, title="告知利害关系人的日期")
    heard: bool | None = Field(default=None, title="听取了申请人、利害关系人的意见")
    hearing_right_notified_on: dt.date | None = Field(
        default=None, title="告知申请人、利害关系人享有要求听证权利的日期"
    )


class LicensingHearing(_Strict):
    """The 听证 of a licence: required by law, held by the agency's choice, or requested."""

    ground: HearingGround = Field(title="听证的缘由")
    announced_on: dt.date | None = Field(default=None, title="向社会公告的日期")
    requested_on: dt.date | None = Field(default=None, title="申请人、利害关系人提出听证申请的日期")
    notified_on: dt.date | None = Field(default=None, title="通知听证时间、地点的日期")
    held_on: dt.date | None = Field(default=None, title="举行听证的日期（未举行的为空）")
    record_signed: bool | None = Field(default=None, title="听证笔录经听证参加人确认并签字或盖章")


class SpecialPeriod(_Strict):
    """A 听证、招标、拍卖、检验、检测、检疫、鉴定 or 专家评审 whose time is not counted (行政许可法 第45条)."""

    kind: SpecialProcedureKind = Field(title="事项")
    start: dt.date = Field(title="起始日")
    end: dt.date = Field(title="终止日（含）")
    notified_in_writing: bool | None = Field(default=None, title="所需时间已书面告知申请人")


class Extension(_Strict):
    """The extension of the 20-day limit by ten days (行政许可法 第42条第1款)."""

    approved_on: dt.date = Field(title="批准延长日期")
    approved_by: ApprovedBy | None = Field(default=None, title="批准人")
    days: int = Field(default=10, ge=1, title="延长（工作日）")
    reasons_notified: bool | None = Field(default=None, title="已将延长期限的理由告知申请人")


class LicensingDecision(_Strict):
    """The 准予 or 不予行政许可 decision, its service, the licence issued and the decision's publication."""

    outcome: LicensingOutcome = Field(title="决定类型")
    date: dt.date = Field(title="决定日期")
    on_the_spot: bool | None = Field(default=None, title="当场作出决定")
    document: Text | None = Field(default=None, title="决定书（卷内编号）")
    reasons: bool | None = Field(default=None, title="不予许可的，说明理由")
    remedies_notified: bool | None = Field(default=None, title="不予许可的，告知申请行政复议或者提起行政诉讼的权利")
    served_on: dt.date | None = Field(default=None, title="决定书送达日期")
    licence_issued_on: dt.date | None = Field(default=None, title="颁发、送达许可证件的日期（准予许可的）")
    licence_number: Text | None = Field(default=None, title="许可证件编号")
    licence_sealed: bool | None = Field(default=None, title="许可证件加盖本行政机关印章")
    published_on: dt.date | None = Field(default=None, title="准予许可决定公开的日期")
    publicity_platform: Text | None = Field(default=None, title="公开的平台")


class Fee(_Strict):
    """A fee charged for the licence (行政许可法 第58条、第59条)."""

    item: Text = Field(min_length=1, title="收费项目")
    amount: float = Field(ge=0, title="金额（元）")
    basis: list[Citation] | None = Field(default=None, title="收费依据（未载明的为空）")
    basis_is_law: bool | None = Field(default=None, title="收费依据为法律或者行政法规")
    published_standard: bool | None = Field(default=None, title="按照公布的法定项目和标准收取")
    receipt: bool | None = Field(default=None, title="出具财政部门统一印制的票据")


class LicensingCaseFile(_Strict):
    """One 行政许可案卷 (case_type 行政许可): 申请 → 补正 → 受理 → 审查 → 决定 → 发证、公开."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="行政许可案卷")

    schema_version: Literal["1"] = Field(title=_SCHEMA_VERSION_TITLE)
    source: Source | None = Field(default=None, title=_SOURCE_TITLE)
    case_id: Text = Field(min_length=1, title="案卷编号")
    case_type: Literal["行政许可"] = Field(title="案件类型")
    agency: Agency = Field(title="行政许可机关")
    party: Party = Field(title="申请人")
    officers: list[Officer] = Field(default_factory=list, title="工作人员")
    licence_item: LicenceItem = Field(title="许可事项")
    application: Application = Field(title="申请")
    corrections: list[CorrectionNotice] = Field(default_factory=list, title="补正告知")
    acceptance: Acceptance | None = Field(default=None, title="受理（不予受理）")
    verification: Verification | None = Field(default=None, title="现场核查")
    interested_parties: InterestedParties | None = Field(default=None, title="利害关系人")
    licence_hearing: LicensingHearing | None = Field(default=None, title="许可听证")
    special_procedures: list[SpecialPeriod] = Field(default_factory=list, title="不计入期限的特别程序")
    extension: Extension | None = Field(default=None, title="延长期限")
    licence_decision: LicensingDecision | None = Field(default=None, title="许可决定（尚未作出的为空）")
    fees: list[Fee] = Field(default_factory=list, title="收费")
    documents: list[Document] = Field(default_factory=list, title="卷内文书")
    dossier: Dossier | None = Field(default=None, title="卷面")


CaseFile = Annotated[
    PenaltyCaseFile | InspectionCaseFile | ExecutionCaseFile | LicensingCaseFile, Field(discriminator="case_type")
]
_ADAPTER: TypeAdapter[PenaltyCaseFile | InspectionCaseFile | ExecutionCaseFile | LicensingCaseFile] = TypeAdapter(
    CaseFile
)


def casefile_json_schema() -> dict[str, Any]:
    """The JSON Schema exported to casefiles/casefile.schema.json: one model per case type."""
    schema = casedocs.describe_schema(_ADAPTER.json_schema())  # every field's description: engine.casedocs
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pingcha 行政执法案卷",
        "description": "case_type 决定案卷的种类：行政处罚、行政检查、行政强制执行、行政许可，各有其字段。",
        **schema,
    }


_MODELS: dict[str, type[BaseModel]] = {
    "行政处罚": PenaltyCaseFile,
    "行政检查": InspectionCaseFile,
    "行政强制执行": ExecutionCaseFile,
    "行政许可": LicensingCaseFile,
}


def parse_case_file(
    data: bytes | str, source: str, as_of: dt.date | None = None, allow: Allow | None = None
) -> CaseFile:
    """Read and validate one case file's JSON; every problem is reported in Chinese with its JSON path
    and line (encoding, syntax, duplicate keys, numbers out of range, then the model's checks). Read
    for a review on `as_of`, a date of the file after it is an error too (engine.futuredates)."""
    text = casejson.decode(data)
    if not isinstance(text, str):
        raise CaseFileError(source, [text])
    document, problems = casejson.load(text)
    if problems:
        raise CaseFileError(source, problems)
    try:
        case = _ADAPTER.validate_json(text)
    except pydantic.ValidationError as exc:
        raise CaseFileError(source, caseproblems.explain(exc, document, text, _MODELS)) from None
    if as_of is not None:
        reject_future_dates(case, as_of, source, text, _intended_decision_allowed(case, allow))
    return case


def _intended_decision_allowed(case: CaseFile, allow: Allow | None) -> Allow | None:
    """A draft's decision date is the intended one, not a day that has happened: it may lie ahead."""
    if not (case.case_type == "行政处罚" and case.decision is not None and case.decision.status == DRAFT):
        return allow
    return lambda date: date.json_path == "$.decision.date" or (allow is not None and allow(date))


def is_draft(case: CaseFile) -> bool:
    """Whether the case is a draft decision (拟作出), for pingcha review only."""
    return case.case_type == "行政处罚" and case.decision is not None and case.decision.status == DRAFT


def refuse_draft(case: CaseFile, source: str) -> CaseFile:
    """The case, if its decision has been made."""
    if is_draft(case):
        raise DraftError(source)
    return case


STDIN = "-"
NOT_REGULAR = "不是普通文件（设备、管道等），不能作为案卷读取"
FOLDER = "是文件夹，不是案卷文件；评查文件夹中的全部案卷请用 pingcha batch"


def source_name(path: Path) -> str:
    """How results and messages name a case file given as `path` (`-` is standard input)."""
    return "<stdin>" if str(path) == STDIN else str(path)


def load_case_file(
    path: Path, stdin: IO[bytes] | None = None, as_of: dt.date | None = None, allow: Allow | None = None
) -> CaseFile:
    """One case file by path, or from standard input when the path is `-` (`as_of`, `allow`: as parse_case_file)."""
    data = (stdin or sys.stdin.buffer).read() if str(path) == STDIN else read_case_bytes(str(path))
    return parse_case_file(data, source_name(path), as_of, allow)


def read_case_bytes(path: str, limit: int | None = None) -> bytes:
    """A case file's bytes (at most limit + 1 of them). InputFileError for a missing or unreadable file, a
    folder, a device or a pipe: opened without blocking and checked before reading, so that a pipe named
    *.json cannot hang the reader and /dev/zero cannot fill the memory."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputFileError(path, os_reason(exc)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise InputFileError(path, FOLDER if stat.S_ISDIR(mode) else NOT_REGULAR)
        return _read_up_to(descriptor, limit)
    except OSError as exc:
        raise InputFileError(path, os_reason(exc)) from None
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, limit: int | None) -> bytes:
    """os.read in a loop: half the cost of a Python file object per file (batch reads millions)."""
    chunks = []
    size = 0
    while limit is None or size <= limit:
        chunk = os.read(descriptor, 1 << 20 if limit is None else limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
