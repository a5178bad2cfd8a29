"""Case-file model v1: one administrative enforcement case file (行政执法案卷) as JSON.

The model is the contract: its JSON Schema is exported to casefiles/casefile.schema.json and
unknown fields are errors. Absent optional facts mean "not shown in the file"; for the
circumstance flags, absent means "unknown" (the file does not say), which rules treat as 无法判定.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from engine.errors import CaseFileError, Problem

SCHEMA_ID = "https://pingcha.example/schemas/casefile-v1.json"

CaseType = Literal["行政处罚"]
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
DiscretionLevel = Literal["不予处罚", "减轻", "从轻", "一般", "从重"]
ServiceMethod = Literal["当场交付", "直接送达", "留置送达", "邮寄送达", "电子送达", "委托送达", "公告送达"]
ReviewOpinion = Literal["同意", "修改后同意", "不同意"]
PaymentMethod = Literal["银行缴纳", "电子支付", "当场收缴"]
SeizureKind = Literal["查封", "扣押"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """A legal provision: law, article, paragraph (款), item (项)."""

    law: str = Field(min_length=1, title="法律文件名称", examples=["中华人民共和国安全生产法"])
    article: int = Field(ge=1, title="条")
    paragraph: int | None = Field(default=None, ge=1, title="款")
    item: int | None = Field(default=None, ge=1, title="项")


class Agency(_Strict):
    name: str = Field(min_length=1, title="行政执法机关名称")
    level: AgencyLevel = Field(title="层级")
    domain: str = Field(min_length=1, title="执法领域", examples=["应急管理", "市场监管"])
    region: str | None = Field(default=None, title="所在地区", examples=["辽宁省铁岭市"])
    vertical: bool = Field(default=False, title="是否实行垂直领导（复议机关为上一级主管部门）")


class Party(_Strict):
    kind: PartyKind = Field(title="当事人类型")
    name: str = Field(min_length=1, title="姓名或名称")
    address: str | None = Field(default=None, title="地址")
    birth_date: dt.date | None = Field(default=None, title="出生日期（个人）")
    industry: str | None = Field(default=None, title="行业")
    high_risk_industry: bool | None = Field(
        default=None, title="是否高危行业（矿山、金属冶炼、建筑施工、道路运输、危险物品单位）"
    )
    credit_blacklisted: bool | None = Field(default=None, title="是否被列入严重失信主体名单")
    accident_within_3_years: bool | None = Field(default=None, title="近三年是否发生人员死亡、重伤事故")


class Officer(_Strict):
    id: str = Field(min_length=1, title="卷内编号")
    name: str = Field(min_length=1, title="姓名")
    certificate_no: str | None = Field(default=None, title="执法证号")
    certificate_valid_from: dt.date | None = Field(default=None, title="执法证有效期起")
    certificate_valid_to: dt.date | None = Field(default=None, title="执法证有效期止")
    legal_professional_qualification: bool | None = Field(default=None, title="是否取得法律职业资格")


class Circumstances(_Strict):
    """Facts bearing on 不予/从轻/减轻/从重. Absent = the file does not say (unknown)."""

    first_violation: bool | None = Field(default=None, title="初次违法")
    harm_minor: bool | None = Field(default=None, title="危害后果轻微")
    no_harm: bool | None = Field(default=None, title="没有造成危害后果")
    corrected_in_time: bool | None = Field(default=None, title="及时改正（整改经复查验收）")
    actively_mitigated: bool | None = Field(default=None, title="主动消除或者减轻违法行为危害后果")
    coerced_or_induced: bool | None = Field(default=None, title="受他人胁迫或者诱骗实施违法行为")
    confessed_unknown_violation: bool | None = Field(default=None, title="主动供述行政机关尚未掌握的违法行为")
    meritorious_service: bool | None = Field(default=None, title="配合查处有立功表现")
    no_fault: bool | None = Field(default=None, title="有证据足以证明没有主观过错")
    suspected_crime: bool | None = Field(default=None, title="涉嫌犯罪")
    aggravating: bool | None = Field(default=None, title="有从重处罚情节")


class Violation(_Strict):
    item_code: str | None = Field(default=None, title="裁量基准事项编码")
    description: str = Field(min_length=1, title="违法行为")
    occurred_on: dt.date | None = Field(default=None, title="违法行为发生日期")
    ended_on: dt.date | None = Field(default=None, title="连续或继续状态终了日期")
    discovered_on: dt.date | None = Field(default=None, title="发现日期")
    endangers_life_health_or_finance: bool | None = Field(
        default=None, title="涉及公民生命健康安全、金融安全且有危害后果（追责时效5年）"
    )
    provision_violated: list[Citation] = Field(default_factory=list, title="违反的法律规定")
    penalty_provision: list[Citation] = Field(default_factory=list, title="处罚依据")
    facts: dict[str, float] = Field(
        default_factory=dict,
        title="裁量情节数值",
        description='Numeric facts a discretion table keys on, e.g. {"未如实记录人数占比": 0.12}.',
    )
    circumstances: Circumstances = Field(default_factory=Circumstances, title="情节")


class Event(_Strict):
    type: EventType = Field(title="程序环节")
    date: dt.date = Field(title="日期")
    time: dt.time | None = Field(default=None, title="时间")
    actors: list[str] = Field(default_factory=list, title="执法人员（卷内编号）")
    records: list[RecordMedium] = Field(default_factory=list, title="记录形式")
    document: str | None = Field(default=None, title="对应文书（卷内编号）")
    method: ServiceMethod | None = Field(default=None, title="送达方式")
    approved_by: Literal["本机关负责人", "上一级机关"] | None = Field(default=None, title="批准人")
    days: int | None = Field(default=None, ge=1, title="批准延长至（日）或告知的期限（日）")
    waived: bool | None = Field(default=None, title="当事人明确放弃")
    note: str | None = Field(default=None, title="备注")


class Document(_Strict):
    id: str = Field(min_length=1, title="卷内编号")
    type: DocumentType = Field(title="文书种类")
    number: str | None = Field(default=None, title="文号")
    date: dt.date | None = Field(default=None, title="日期")
    signed: bool | None = Field(default=None, title="已签名")
    sealed: bool | None = Field(default=None, title="已盖章")


class Remedies(_Strict):
    review_body: str | None = Field(default=None, title="告知的行政复议机关")
    review_period_days: int | None = Field(default=None, title="告知的复议申请期限（日）")
    litigation_period_months: int | None = Field(default=None, title="告知的起诉期限（月）")


class Discretion(_Strict):
    level: DiscretionLevel = Field(title="裁量阶次")
    band: str | None = Field(default=None, title="基准中的适用情形（阶次名称）")
    reasons: str | None = Field(default=None, title="裁量说理")
    cited_in_notice: bool | None = Field(default=None, title="告知书载明裁量基准")
    cited_in_decision: bool | None = Field(default=None, title="决定书载明裁量基准")


class Decision(_Strict):
    date: dt.date = Field(title="决定日期")
    outcome: DecisionOutcome = Field(title="决定类型")
    kinds: list[PenaltyKind] = Field(default_factory=list, title="处罚种类")
    fine: float | None = Field(default=None, ge=0, title="罚款（元）")
    confiscation: float | None = Field(default=None, ge=0, title="没收违法所得、非法财物（元）")
    no_penalty_ground: Literal["轻微不罚", "首违不罚", "无主观过错", "未成年人", "精神病人", "超过时效"] | None = Field(
        default=None, title="不予处罚理由"
    )
    reasoning: str | None = Field(default=None, title="决定说理")
    remedies: Remedies = Field(default_factory=Remedies, title="救济途径")
    discretion: Discretion | None = Field(default=None, title="裁量")


class LegalReview(_Strict):
    reviewer: str = Field(min_length=1, title="审核人员")
    qualified: bool | None = Field(default=None, title="取得法律职业资格")
    date: dt.date = Field(title="审核日期")
    opinion: ReviewOpinion = Field(title="审核意见")


class Publicity(_Strict):
    published_on: dt.date | None = Field(default=None, title="公示日期")
    platform: str | None = Field(default=None, title="公示平台")
    decision_changed_on: dt.date | None = Field(default=None, title="决定被变更、撤销、确认违法或无效的日期")
    withdrawn_on: dt.date | None = Field(default=None, title="撤回公示日期")


class Payment(_Strict):
    paid_on: dt.date = Field(title="缴纳日期")
    amount: float = Field(ge=0, title="缴纳金额（元）")
    method: PaymentMethod = Field(title="缴纳方式")
    receipt: bool | None = Field(default=None, title="有财政票据或银行凭证")


class Seizure(_Strict):
    kind: SeizureKind = Field(title="措施")
    started_on: dt.date = Field(title="实施日期")
    approved_on: dt.date | None = Field(default=None, title="负责人批准日期")
    extended_days: int | None = Field(default=None, ge=1, title="批准延长（日）")
    extension_notified: bool | None = Field(default=None, title="延长已书面告知")
    excluded_days: int = Field(default=0, ge=0, title="检测检验检疫鉴定期间（日，已书面告知）")
    released_on: dt.date | None = Field(default=None, title="解除或处理日期")
    audio_video: bool | None = Field(default=None, title="全程音像记录")
    decision_document: str | None = Field(default=None, title="查封扣押决定书（卷内编号）")
    inventory_document: str | None = Field(default=None, title="查封扣押清单（卷内编号）")


class CaseFile(_Strict):
    """One 行政执法案卷."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="pingcha 行政执法案卷",
        json_schema_extra={"$id": SCHEMA_ID, "$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_version: Literal["1"] = Field(title="案卷格式版本")
    case_id: str = Field(min_length=1, title="案卷编号")
    case_type: CaseType = Field(title="案件类型")
    procedure: Procedure = Field(title="程序")
    agency: Agency
    party: Party
    officers: list[Officer] = Field(default_factory=list, title="执法人员")
    violation: Violation
    events: list[Event] = Field(default_factory=list, title="程序环节")
    documents: list[Document] = Field(default_factory=list, title="卷内文书")
    decision: Decision | None = Field(default=None, title="决定（尚未作出决定的为空）")
    legal_review: LegalReview | None = Field(default=None, title="法制审核")
    publicity: Publicity | None = Field(default=None, title="公示")
    payment: Payment | None = Field(default=None, title="缴纳")
    seizures: list[Seizure] = Field(default_factory=list, title="查封、扣押")


def casefile_json_schema() -> dict[str, Any]:
    """The JSON Schema exported to casefiles/casefile.schema.json."""
    return CaseFile.model_json_schema()


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _expected(error: Any) -> str:
    ctx = error.get("ctx") or {}
    if error["type"] == "extra_forbidden":
        return "no such field in case-file model v1"
    if error["type"] == "missing":
        return "required field"
    if "expected" in ctx:
        return f"one of {ctx['expected']}"
    return str(error["msg"])


def parse_case_file(data: bytes | str, source: str) -> CaseFile:
    """Validate one case file's JSON text; every problem is reported with its JSON path."""
    try:
        return CaseFile.model_validate_json(data)
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            if error["type"] == "json_invalid":
                raise CaseFileError(source, [Problem("$", "invalid JSON", str(error["ctx"]["error"]), None)]) from None
            found = error.get("input")
            shown = None if error["type"] == "missing" else json.dumps(found, ensure_ascii=False, default=str)
            problems.append(Problem(_json_path(error["loc"]), error["type"], _expected(error), shown))
        raise CaseFileError(source, problems) from None


def load_case_file(path: Path) -> CaseFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaseFileError(str(path), [Problem("$", "unreadable", exc.strerror or str(exc), None)]) from None
    return parse_case_file(data, str(path))
