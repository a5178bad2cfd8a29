"""What to enter in every field of the case-file model, and where in the paper file to find it.

One Chinese description per field, by model and field name. They go into the exported JSON Schema
(engine.casefile.casefile_json_schema), the workbook's 说明 sheet and input messages, and
docs/case-file-fields.md: one text for all three. tests/test_casedocs.py fails when a field has none or
a description names a field the model does not have.

Words used throughout: 空 (left empty) means the file does not say — never "no"; 是/否 is what the file
shows. 卷内编号 is the number a reviewer gives a person or document within this case file (o1, d3).
"""

from __future__ import annotations

from typing import Any

_UNKNOWN = "卷内未载明的留空（视为未知，不视为“否”）。"
_CASE_ID = (
    "本案卷的编号：行政处罚案卷一般为决定书文号（尚未决定的用立案审批表编号），行政检查案卷为检查记录编号，"
    "行政强制执行案卷为强制执行决定书文号，行政许可案卷为许可决定书文号（尚未决定的用受理通知书编号）；"
    "工作簿各表以此把各行归入案卷。"
)
_CASE_TYPE = "案卷的种类：行政处罚、行政检查、行政强制执行或行政许可，决定本案卷有哪些部分（工作簿中填写哪些表）。"
_SCHEMA_VERSION = "案卷格式的版本，目前为 1；工作簿导入时自动填写。"
_SOURCE = "本案卷依据什么材料整理：全卷（案卷全部材料）、决定书、公示信息、系统导出或评查摘要，以及哪些部分完整。未填写的不视为全卷，卷内没有的一律视为未知。"
_AGENCY = "作出决定（实施检查、强制执行）的行政执法机关，见决定书落款和印章。"
_OFFICERS = "参与办案的执法人员，每人一行，见立案审批表、询问笔录、现场检查笔录的执法人员签名及执法证号。"
_DOCUMENTS = "卷内文书，每份一行，按卷内目录填写；卷内编号供程序环节、查封扣押等引用。"
_DOSSIER = "卷面评查：案卷的装订、目录、编号和文书格式，由评查人员翻阅案卷后填写；未评查的整块留空。"
_CITATION_LAW = (
    "法律、法规、规章或规范性文件的名称，照文书原文填写，如“中华人民共和国安全生产法”；原文用简称的照录简称"
    "（如“安全生产法”，规则据此检查法律依据是否写全称）；地方标准、裁量基准写文件名称。"
)

# 行政许可案卷 (LicensingCaseFile) and its parts
_WORKDAYS = "期限按工作日计算，不含法定节假日（行政许可法第82条）。"
LICENSING: dict[str, dict[str, str]] = {
    "LicensingCaseFile": {
        "schema_version": _SCHEMA_VERSION,
        "source": _SOURCE,
        "case_id": _CASE_ID,
        "case_type": _CASE_TYPE,
        "agency": "实施行政许可的行政机关（或法律、法规授权的组织），见受理通知书、许可决定书的落款和印章。",
        "party": "许可申请人，见申请书首部及营业执照、身份证复印件。",
        "officers": "审查、核查申请的工作人员，每人一行，见核查笔录、审查意见的签名及执法证号。",
        "licence_item": "申请的行政许可事项，见申请书、许可决定书和本机关公布的行政许可事项清单。",
        "application": "许可申请：收到申请材料的日期、材料清单和收件人，见申请材料接收凭证（收件清单）。",
        "corrections": "申请材料不齐全或不符合法定形式时的补正告知，每份补正通知书一行；没有补正的不填。",
        "acceptance": "受理或不予受理的决定及其书面凭证，见受理通知书或不予受理决定书；尚未决定受理的不填。",
        "verification": "需要核实申请材料实质内容时的现场核查，见核查笔录；未核查的不填。",
        "interested_parties": "许可事项是否直接关系他人重大利益，以及告知利害关系人、听取意见和告知听证权利的情况，见告知书和陈述申辩记录。",
        "licence_hearing": "许可听证（法定听证事项、机关认为需要听证的重大事项或依申请），见听证公告、听证通知书和听证笔录；未听证的不填。",
        "special_procedures": "依法需要听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审的，每项一行，其所需时间不计入办理期限（第45条）。",
        "extension": "二十日内不能作出决定而延长期限的，批准延长的情况，见延期审批表和延期告知书；未延长的不填。",
        "licence_decision": "准予或不予行政许可的决定、送达、发证和公开，见许可决定书、送达回证、许可证件存根和公开记录；尚未决定的不填。",
        "fees": "实施许可收取的费用，每项一行，见收费票据和收费依据；未收费的不填。",
        "documents": _DOCUMENTS,
        "dossier": _DOSSIER,
    },
    "LicenceItem": {
        "name": "许可事项的名称，以本机关公布的行政许可事项清单的写法为准（如“食品经营许可”）。",
        "basis": "设定和实施该许可的法律、法规、规章条款，见许可决定书引用的依据和事项清单。",
        "listed": "该事项是否列入本机关公布的行政许可事项清单（事项、依据、条件、期限等已公示），见事项清单或办事指南。"
        + _UNKNOWN,
        "hearing_required": "法律、法规、规章是否规定实施该许可应当听证（第46条），见实施依据。" + _UNKNOWN,
        "special_deadline": "法律、法规是否对该许可的办理期限另有规定（第42条第1款但书）；规章、规范性文件的承诺时限不算。"
        + _UNKNOWN,
        "deadline_workdays": "法律、法规另有规定的，规定的办理期限（工作日）；没有另行规定的留空。",
    },
    "Application": {
        "kind": "新办（首次申请）、变更或延续，见申请书。",
        "received_on": "行政机关收到申请材料的日期，见申请材料接收凭证（收件清单）上的收件日期。",
        "materials": "申请材料清单，每项一行，见收件清单。",
        "received_by": "收件人姓名，见收件清单。",
        "receipt_given": "是否向申请人出具了申请材料接收凭证（收件清单）。" + _UNKNOWN,
        "renewal_of_expiry": "申请延续的，原许可证件载明的有效期届满日。",
    },
    "CorrectionNotice": {
        "notified_on": "告知申请人补正的日期，见补正通知书落款或送达回证。" + _WORKDAYS,
        "items": "通知书列明的需要补正的内容，每项一行。",
        "document": "补正通知书在“卷内文书”表中的卷内编号。",
        "completed_on": "申请人提交全部补正材料的日期，见补正材料的收件记录。",
    },
    "Acceptance": {
        "outcome": "受理或不予受理，见受理通知书或不予受理决定书。",
        "decided_on": "受理或不予受理的日期，见凭证上注明的日期。",
        "document": "受理通知书或不予受理决定书在“卷内文书”表中的卷内编号。",
        "sealed": "凭证是否加盖本行政机关专用印章。" + _UNKNOWN,
        "dated": "凭证是否注明日期。" + _UNKNOWN,
        "reasons": "不予受理的，是否说明理由；不属于本机关职权的，是否告知向有关行政机关申请。" + _UNKNOWN,
    },
    "Verification": {
        "date": "现场核查的日期，见核查笔录。",
        "actors": "核查人员在“执法人员”表中的卷内编号，见核查笔录的签名；须两名以上（第34条第3款）。",
        "document": "核查笔录在“卷内文书”表中的卷内编号。",
    },
    "InterestedParties": {
        "major_interest": "许可事项是否直接关系他人重大利益（如相邻权人、同一资源的其他申请人），见审查意见。",
        "notified_on": "告知利害关系人的日期，见告知书及送达回证。",
        "heard": "是否听取了申请人、利害关系人的陈述和申辩，见陈述申辩记录。" + _UNKNOWN,
        "hearing_right_notified_on": "告知申请人、利害关系人享有要求听证权利的日期（第47条），见听证权利告知书。",
    },
    "LicensingHearing": {
        "ground": "听证的缘由：法律、法规、规章规定应当听证的事项，行政机关认为需要听证的涉及公共利益的重大许可，或申请人、利害关系人申请。",
        "announced_on": "向社会公告听证的日期，见听证公告。",
        "requested_on": "申请人、利害关系人提出听证申请的日期，见听证申请书的收件日期。",
        "notified_on": "通知听证时间、地点的日期，见听证通知书。",
        "held_on": "举行听证的日期，见听证笔录；未举行的留空。",
        "record_signed": "听证笔录是否交听证参加人确认无误后签字或盖章。" + _UNKNOWN,
    },
    "SpecialPeriod": {
        "kind": "特别程序的种类：听证、招标、拍卖、检验、检测、检疫、鉴定或专家评审。",
        "start": "该程序开始的日期，见委托书、通知书或评审记录。",
        "end": "该程序结束的日期（含当日），见检验检测报告、评审意见的日期。",
        "notified_in_writing": "是否将所需时间书面告知申请人（第45条），见告知书。" + _UNKNOWN,
    },
    "Extension": {
        "approved_on": "批准延长期限的日期，见延期审批表。",
        "approved_by": "批准人：本机关负责人、上一级机关或负责人集体讨论，见延期审批表的签批。",
        "days": "批准延长的工作日数，法定为十日（第42条第1款）。",
        "reasons_notified": "是否将延长期限的理由告知申请人，见延期告知书。" + _UNKNOWN,
    },
    "LicensingDecision": {
        "outcome": "准予行政许可或不予行政许可，见许可决定书。",
        "date": "作出许可决定的日期，见决定书落款。" + _WORKDAYS,
        "on_the_spot": "是否当场作出书面许可决定（申请材料齐全、符合法定形式，能够当场决定的）。" + _UNKNOWN,
        "document": "许可决定书在“卷内文书”表中的卷内编号。",
        "reasons": "不予许可的，决定书是否说明理由。" + _UNKNOWN,
        "remedies_notified": "不予许可的，是否告知申请人依法申请行政复议或者提起行政诉讼的权利。" + _UNKNOWN,
        "served_on": "决定书送达申请人的日期，见送达回证。",
        "licence_issued_on": "准予许可的，向申请人颁发、送达许可证件（或加贴标签、加盖印章）的日期，见证件领取签收记录。",
        "licence_number": "许可证件的编号。",
        "licence_sealed": "许可证件是否加盖本行政机关印章。" + _UNKNOWN,
        "published_on": "准予许可决定向社会公开的日期，见门户网站或信用平台的公开记录。",
        "publicity_platform": "公开的平台（如本机关门户网站、信用中国）。",
    },
    "Fee": {
        "item": "收费项目的名称，见收费票据。",
        "amount": "收费金额（元）。",
        "basis": "收费所依据的法律、行政法规条款。",
        "basis_is_law": "收费依据是否为法律或者行政法规（第58条第1款：其他依据不得收费）。" + _UNKNOWN,
        "published_standard": "是否按照公布的法定项目和标准收取（第59条）。" + _UNKNOWN,
        "receipt": "是否出具财政部门统一印制的票据。" + _UNKNOWN,
    },
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "PenaltyCaseFile": {
        "schema_version": _SCHEMA_VERSION,
        "source": _SOURCE,
        "case_id": _CASE_ID,
        "case_type": _CASE_TYPE,
        "procedure": "普通程序或简易程序（当场处罚），见决定书标题和立案审批表；简易程序案卷一般只有当场处罚决定书。"
        + _UNKNOWN,
        "agency": _AGENCY,
        "party": "被处罚的公民、法人或其他组织，见决定书首部“当事人”一栏及营业执照、身份证复印件。",
        "officers": _OFFICERS,
        "violation": "认定的违法行为及其情节，见调查终结报告、案件审批表和决定书“经查”部分。",
        "events": "办案程序的各个环节（立案、调查、告知、听证、决定、送达、执行……），每个环节一行，按卷内文书的日期填写。",
        "documents": _DOCUMENTS,
        "decision": "处罚决定（或不予处罚、移送决定），见行政处罚决定书；尚未作出决定的（如法制审核前的草稿）不填。",
        "notice": "行政处罚告知书（事先告知书）载明的内容；告知多次的填最后一次。",
        "hearing": "听证的举行情况，见听证通知书和听证笔录；未举行听证的不填。",
        "legal_review": "重大执法决定法制审核，见法制审核意见书（审核表）；卷内没有法制审核的不填。",
        "publicity": "行政处罚决定的公示，见公示截图、公示记录或国家企业信用信息公示系统页面。",
        "payment": "罚款的缴纳，见缴款书、银行回单或财政票据；未缴纳的不填。",
        "seizures": "查封、扣押、冻结等行政强制措施，每项措施一行，见查封扣押决定书、清单和现场笔录。",
        "enforcement": "当事人逾期不履行时的强制执行（行政机关自行执行或申请人民法院执行），见催告书、强制执行决定书或强制执行申请书。",
        "excluded_periods": "依部门规章不计入办案期限的期间（中止、听证、公告、检测检验检疫鉴定等），每段一行，须卷内有书面记载。",
        "electronic_monitoring": "以电子技术监控设备（如监控探头、在线监测）记录作为证据的，其审核、公布和告知情况；未使用的不填。",
        "dossier": _DOSSIER,
    },
    "InspectionCaseFile": {
        "schema_version": _SCHEMA_VERSION,
        "source": _SOURCE,
        "case_id": _CASE_ID,
        "case_type": _CASE_TYPE,
        "kind": "检查的类型：计划检查、专项检查、双随机抽查、举报投诉核查、上级交办、跟踪复查或事故调查，见检查方案或检查任务单。",
        "matter": "检查的事项（如“粉尘防爆”“危险化学品储存”），同一机关对同一企业同一事项的检查计入年度频次；按检查方案的名称或检查任务填写，同一事项各卷写法一致。",
        "agency": "实施检查的行政执法机关，见检查方案和现场检查记录的落款。",
        "party": "被检查的单位（或个人），见现场检查记录首部。",
        "officers": _OFFICERS,
        "plan": "检查前制定的检查方案（检查计划）及其审批，见检查方案和审批表；卷内没有检查方案的不填。",
        "onsite": "现场检查记录（现场检查笔录），见笔录首部和签名页；卷内没有的不填。",
        "hazards": "检查发现的事故隐患和违法行为，每项一行，见现场检查记录“检查情况”和责令限期整改指令书所列问题。",
        "order": "责令限期整改指令书（或现场处理措施决定书），见该文书；未下达的不填。",
        "recheck": "整改期限届满后的整改复查，见整改复查意见书；未复查的不填。",
        "penalty_case_id": "检查发现的违法行为已立案查处的，该行政处罚案卷的编号（决定书文号），见立案审批表或检查记录中的处理意见。",
        "no_penalty": "检查发现违法行为而未立案查处的，卷内载明的不予处罚（不予立案）理由及其文书。",
        "documents": _DOCUMENTS,
        "dossier": _DOSSIER,
    },
    "ExecutionCaseFile": {
        "schema_version": _SCHEMA_VERSION,
        "source": _SOURCE,
        "case_id": _CASE_ID,
        "case_type": _CASE_TYPE,
        "agency": "实施强制执行（或申请人民法院强制执行）的行政机关，见催告书、强制执行决定书的落款。",
        "party": "被执行人，见催告书、强制执行决定书首部。",
        "officers": _OFFICERS,
        "executed_decision": "被执行的行政决定（处罚决定、责令停产停业决定等），见该决定书及其送达回证。",
        "enforcement": "催告、陈述申辩、强制执行决定和实施（或申请人民法院强制执行）的情况，见催告书、强制执行决定书、执行笔录或申请书。",
        "documents": _DOCUMENTS,
        "dossier": _DOSSIER,
    },
    "Source": {
        "kind": "全卷：评查的是案卷全部材料；决定书、公示信息：只有公开的决定书或公示记录；系统导出：办案系统导出的数据；评查摘要：评查人员的摘要。",
        "complete": "哪些部分完整：完整的部分中没有的，视为卷内没有（如全卷中没有立案审批表）；其他部分中没有的，视为未知。全卷而未逐项填写的，全部部分视为完整。",
        "url": "材料取自网页的，网页地址（如公示网站上的决定书）。",
        "title": "材料的标题（如公示网页的标题、决定书名称）。",
        "published_on": "材料的公开（发布）日期，见网页的发布时间。",
        "retrieved_on": "评查人员获取材料的日期。",
        "note": "关于材料来源的其他说明（如只有决定书第一页、扫描件不清晰之处）。",
    },
    "Citation": {
        "law": _CITATION_LAW,
        "article": "条的序号，阿拉伯数字（第二十八条填 28）；没有条文编号的文件留空并填写原文。",
        "paragraph": "款的序号（第二款填 2）；只引到条的留空。",
        "item": "项的序号（第（四）项填 4）；只引到条、款的留空。",
        "text": "没有条文编号的文件（如地方标准、通知），所引用的原文。",
    },
    "Agency": {
        "name": "行政执法机关全称，以决定书落款和印章为准（如“开原市应急管理局”）。",
        "level": "机关的层级：国家级、省级、设区的市级、县级、乡镇街道。",
        "domain": "执法领域（如应急管理、市场监管、生态环境、公安），决定选用哪套评查规则。",
        "region": "机关所在地区（如“辽宁省铁岭市”）。",
        "vertical": "是否实行垂直领导（海关、金融、外汇、税务、国家安全等）：实行的，行政复议机关为上一级主管部门。"
        + _UNKNOWN,
        "province": "机关所在的省、自治区、直辖市（如“辽宁省”），用于选用地方清单和标准。",
        "competent": "该机关对本违法行为是否具有行政处罚权（法定职权、依法承接或依法受委托），由评查人员对照权责清单核实后填写。",
        "jurisdiction": "本机关对本案是否有管辖权：违法行为发生地在其管辖区域内（地域管辖），案件属其级别管辖，或经上级依法指定、"
        "移送管辖的为是；违法行为发生在外地且无指定、移送的为否。由评查人员对照立案审批表、现场检查笔录的地点和权责清单判定。"
        + _UNKNOWN,
        "entrusted_by": "受委托组织以委托机关名义实施处罚的，委托行政机关的名称，见委托书。",
        "entrustment_published": "委托书是否已向社会公布，见委托书的公布记录。" + _UNKNOWN,
    },
    "Party": {
        "kind": "个人或单位（法人或其他组织），见决定书首部“当事人”。",
        "name": "当事人姓名或单位名称，以营业执照、身份证复印件为准。",
        "address": "当事人住所或单位地址，见决定书首部。",
        "birth_date": "当事人为个人的，出生日期（判断是否未成年），见身份证复印件或询问笔录。",
        "industry": "当事人所属行业（如“粉尘涉爆”“危险化学品”），检查案卷据此确定重点检查事项。",
        "high_risk_industry": "是否属于矿山、金属冶炼、建筑施工、道路运输或危险物品的生产、经营、储存、装卸单位（首违不罚等清单据此排除）。"
        + _UNKNOWN,
        "credit_blacklisted": "是否被列入严重失信主体名单，见信用查询记录。" + _UNKNOWN,
        "accident_within_3_years": "近三年内是否发生过人员死亡或重伤的生产安全事故，见调查材料。" + _UNKNOWN,
        "registered_province": "当事人登记地（住所地）所在省份；与执法机关不在同一省的，公示须推送登记地。",
        "credit_code": "统一社会信用代码（18 位），见营业执照；跨卷核对同一企业时优先于名称。",
    },
    "Officer": {
        "id": "执法人员在本案卷中的编号（如 o1、o2），由填写人自定，供程序环节、查封扣押等“执法人员”一栏引用。",
        "name": "执法人员姓名，见笔录签名和执法证。",
        "certificate_no": "行政执法证件号码，见笔录中出示的证件号或执法证复印件（以文本填写，保留前导的 0）。",
        "certificate_valid_from": "执法证有效期的起始日，见执法证。",
        "certificate_valid_to": "执法证有效期的截止日，见执法证；办案时已过期的构成无证执法。",
        "legal_professional_qualification": "是否取得法律职业资格（从事法制审核的人员须具备）。" + _UNKNOWN,
    },
    "Circumstances": {
        "violation_minor": "违法行为是否轻微，见调查终结报告和决定书的情节认定。" + _UNKNOWN,
        "first_violation": "是否初次违法（首违），见调查材料中的违法记录查询。" + _UNKNOWN,
        "harm_minor": "危害后果是否轻微，见决定书的情节认定。" + _UNKNOWN,
        "no_harm": "是否没有造成危害后果，见决定书的情节认定。" + _UNKNOWN,
        "corrected_in_time": "是否及时改正（整改经复查验收），见整改复查意见书。" + _UNKNOWN,
        "actively_mitigated": "是否主动消除或者减轻违法行为危害后果（应当从轻或减轻处罚的情节）。" + _UNKNOWN,
        "coerced_or_induced": "是否受他人胁迫或者诱骗实施违法行为（应当从轻或减轻）。" + _UNKNOWN,
        "confessed_unknown_violation": "是否主动供述行政机关尚未掌握的违法行为（应当从轻或减轻）。" + _UNKNOWN,
        "meritorious_service": "是否配合查处违法行为有立功表现（应当从轻或减轻）。" + _UNKNOWN,
        "no_fault": "当事人是否有证据足以证明没有主观过错（不予处罚）。" + _UNKNOWN,
        "mental_incapacity": "是否为精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为（不予处罚）。"
        + _UNKNOWN,
        "limited_capacity": "是否为尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人（可以从轻或减轻）。"
        + _UNKNOWN,
        "baseline_mitigating": "是否有裁量基准规定的其他从轻、减轻情节，见决定书的裁量说理。" + _UNKNOWN,
        "suspected_crime": "违法行为是否涉嫌犯罪（应移送司法机关），见案件审批表或移送材料。" + _UNKNOWN,
        "aggravating": "是否有从重处罚情节，见决定书的裁量说理。" + _UNKNOWN,
        "complex_or_serious": "是否属于情节复杂或者重大违法行为（依本机关规定须负责人集体讨论），见集体讨论记录或本机关的标准。"
        + _UNKNOWN,
        "major_public_interest": "是否涉及重大公共利益（须法制审核的情形之一）。" + _UNKNOWN,
        "complex_legal": "是否案件情况疑难复杂、涉及多个法律关系（须法制审核的情形之一）。" + _UNKNOWN,
    },
    "FineRange": {
        "min": "所引罚则对本案当事人、本案情节规定的罚款下限（元）。",
        "max": "所引罚则对本案当事人、本案情节规定的罚款上限（元）。",
    },
    "Violation": {
        "item_code": "该违法行为在裁量基准中的事项编码（如 AQ-97-4），见决定书或案件审批表所引的裁量基准；规则集据此查找裁量阶次和罚款幅度。",
        "description": "认定的违法行为，按决定书“经查”部分概括（如“未如实记录安全生产教育和培训情况”）。",
        "occurred_on": "违法行为发生的日期，见调查终结报告、询问笔录；只知年月的写 YYYY-MM。",
        "ended_on": "违法行为有连续或者继续状态的，行为终了之日（追责时效自此起算）；只知年月的写 YYYY-MM。",
        "discovered_on": "执法机关发现违法行为的日期，见现场检查笔录、举报登记或线索移交材料；只知年月的写 YYYY-MM。",
        "endangers_life_health_or_finance": "违法行为是否涉及公民生命健康安全、金融安全且有危害后果（追责时效为五年）。"
        + _UNKNOWN,
        "statutory_fine": "规则集没有该事项的裁量基准时，所引罚则规定的罚款幅度（按当事人类型和情节已确定的一档），见罚则条文。",
        "provision_violated": "决定书认定违反的法律规定，每条一行。决定书未载明的整个表留空。",
        "penalty_provision": "决定书作出处罚所依据的条款（罚则），每条一行。决定书未载明的整个表留空。",
        "violator": "调查认定实施违法行为的公民、法人或其他组织的姓名或名称，见调查终结报告、询问笔录和决定书“经查”部分；"
        "与被处罚的当事人不是同一人的，照实填写。" + _UNKNOWN,
        "facts": "裁量基准按数值划分阶次时的情节数值（如 未如实记录人数占比=0.12），名称与规则集裁量基准表中的一致；见调查终结报告。",
        "circumstances": "认定的从轻、减轻、从重、不予处罚情节，见决定书的裁量说理和调查终结报告。",
    },
    "Event": {
        "type": "程序环节：立案、调查取证、询问、现场检查、告知、陈述申辩、听证告知、听证申请、听证举行、集体讨论、决定、送达、缴纳、延期批准等，按卷内文书确定。",
        "date": "该环节的日期，见对应文书的落款或签收日期（送达以送达回证上当事人签收的日期为准）；已知发生而日期未载明的留空，只知年月的写 YYYY-MM。",
        "time": "该环节的时刻（如 09:30），见笔录起止时间；用于判断夜间实施等。",
        "actors": "实施该环节的执法人员在“执法人员”表中的卷内编号，每行一个（如 o1）；卷内未载明的留空。",
        "records": "该环节的记录形式：文字（笔录、文书）、音像（执法记录仪、录音录像），可多选，每行一个。",
        "document": "该环节对应的文书在“卷内文书”表中的卷内编号（如 d3）。",
        "method": "送达的方式：当场交付、直接送达、留置送达、邮寄送达、电子送达、委托送达或公告送达，见送达回证。",
        "approved_by": "延期、先行登记保存等须经批准的，批准人：本机关负责人、上一级机关或负责人集体讨论，见审批表。",
        "days": "延期批准环节：批准延长后的办案期限（日）；告知环节：告知书给予的陈述、申辩期限（日）。",
        "waived": "陈述申辩、听证申请环节：当事人是否明确书面放弃该权利，见陈述申辩笔录或放弃听证声明。",
        "consented": "电子送达：当事人是否同意并签订送达地址确认书，见确认书。",
        "witnessed": "留置送达：是否有见证人到场并在送达回证上签名或盖章（或以拍照、录像记录），见送达回证。",
        "certificates_shown": "调查取证、询问、现场检查时执法人员是否出示执法证件，见询问笔录、现场检查笔录中"
        "“执法人员出示了执法证件”一类记载。" + _UNKNOWN,
        "by_leaders": "集体讨论：是否由行政机关负责人集体讨论（是），或只是科室、办案机构、案审会的会议（否），"
        "见集体讨论记录的参加人员。" + _UNKNOWN,
        "note": "关于该环节的其他说明。",
    },
    "Document": {
        "id": "文书在本案卷中的编号（如 d1、d2），由填写人自定，供其他表引用。",
        "type": "文书种类（立案审批表、询问笔录、行政处罚告知书、行政处罚决定书、送达回证等），按文书标题选择。",
        "number": "文书编号（文号），见文书首部。",
        "date": "文书落款日期。",
        "signed": "文书上应有的签名（执法人员、当事人）是否齐全。" + _UNKNOWN,
        "sealed": "文书上应有的印章是否加盖。" + _UNKNOWN,
        "refusal_noted": "当事人拒绝签名或盖章的，文书上是否注明拒签情况。" + _UNKNOWN,
    },
    "Remedies": {
        "review_body": "决定书告知的行政复议机关（如“开原市人民政府”），见决定书末段救济途径；2024年1月1日起县级以上地方政府工作部门的复议机关为本级人民政府。",
        "review_period_days": "决定书告知的申请行政复议期限（日），一般为 60 日。",
        "litigation_period_months": "决定书告知的提起行政诉讼期限（月），一般为 6 个月。",
    },
    "Discretion": {
        "level": "决定书所称的裁量阶次：不予处罚、减轻、从轻、一般、从重；引用了裁量基准而未载明阶次的留空。",
        "band": "决定书所引裁量基准中的适用情形（阶次名称或情形描述）。",
        "reasons": "决定书的裁量说理（为何适用该阶次、该数额），照录或概括。",
        "cited_in_notice": "行政处罚告知书是否载明了适用的裁量基准。" + _UNKNOWN,
        "cited_in_decision": "行政处罚决定书是否载明了适用的裁量基准。" + _UNKNOWN,
        # issue 19 (通川 方案 四(四)1): the internal documents state the baseline too
        "cited_in_report": "调查终结报告是否载明了适用的裁量基准（条款和阶次）。" + _UNKNOWN,
        "cited_in_discussion": "集体讨论记录是否载明了适用的裁量基准（条款和阶次）。" + _UNKNOWN,
    },
    "DecisionContents": {
        "party_identity": "决定书是否载明当事人的姓名或者名称、地址。" + _UNKNOWN,
        "facts_and_evidence": "决定书是否载明违反法律、法规、规章的事实和证据。" + _UNKNOWN,
        "kind_and_basis": "决定书是否载明行政处罚的种类和依据。" + _UNKNOWN,
        "performance": "决定书是否载明行政处罚的履行方式和期限（如罚款缴纳的银行、账号和期限）。" + _UNKNOWN,
        "agency_and_date": "决定书是否载明作出决定的行政机关名称和作出决定的日期。" + _UNKNOWN,
    },
    "Decision": {
        "date": "决定书落款日期（作出决定的日期）；拟作出的决定（法制审核草案）可留空，由 pingcha review 取拟定日期。",
        "status": "已作出：决定书已签发（评查对象）；拟作出：法制审核中的决定书草案，用 pingcha review 审核，不参加评查。",
        "outcome": "决定类型：给予行政处罚、不予行政处罚或移送司法机关，见决定书标题和主文。",
        "kinds": "决定的处罚种类（警告、罚款、没收违法所得、责令停产停业……），可多选，每行一个；决定书未载明的留空。",
        "fine": "罚款数额（元），见决定书主文；伍万元整填 50000。",
        "confiscation": "没收违法所得、非法财物的金额（元），见决定书主文。",
        "no_penalty_ground": "不予行政处罚的理由：轻微不罚、首违不罚、无主观过错、未成年人、精神病人、超过时效，见不予行政处罚决定书。",
        "reasoning": "决定书的说理（认定事实、采纳或不采纳陈述申辩意见的理由），照录或概括。",
        "sealed_by": "决定书所盖印章的机关名称，见落款处的印章。",
        "contents": "决定书是否逐项载明《行政处罚法》第五十九条规定的事项。",
        "remedies": "决定书告知的救济途径：复议机关和期限、诉讼期限。",
        "discretion": "决定书（及告知书）中的裁量：阶次、适用情形、说理和是否载明裁量基准。",
        "payment_to": "决定书指定的罚款缴纳渠道：指定银行、电子支付系统，或行政机关账户（由作出决定的机关或其执法人员"
        "自行收取，当场收缴的除外）；见决定书的履行方式一段。" + _UNKNOWN,
    },
    "Notice": {
        "proposed_kinds": "告知书拟作出的处罚种类，可多选，每行一个。",
        "proposed_fine": "告知书拟罚款的数额（元）。",
        "states_facts": "告知书是否载明违法事实。" + _UNKNOWN,
        "states_reasons": "告知书是否载明处罚理由。" + _UNKNOWN,
        "states_basis": "告知书是否载明处罚依据。" + _UNKNOWN,
        "states_rights": "告知书是否告知当事人陈述、申辩的权利。" + _UNKNOWN,
        "states_hearing_right": "告知书是否告知当事人要求听证的权利（拟较大数额罚款、吊销许可证件、责令停产停业等须告知）。"
        + _UNKNOWN,
    },
    "Hearing": {
        "presider": "听证主持人姓名，见听证笔录；主持人应为非本案调查人员。",
        "public": "听证是否公开举行，见听证公告或听证笔录。" + _UNKNOWN,
        "confidential": "是否因涉及国家秘密、商业秘密或者个人隐私而依法不公开举行。" + _UNKNOWN,
        "record_signed": "听证笔录是否经当事人或其代理人核对后签字或盖章（拒签的由主持人注明）。" + _UNKNOWN,
    },
    "LegalReview": {
        "reviewer": "法制审核人员姓名，见法制审核意见书（审核表）的签名。",
        "qualified": "审核人员是否取得法律职业资格（初次从事法制审核的须取得）。" + _UNKNOWN,
        "reviewer_since": "审核人员开始从事行政处罚决定法制审核工作的日期（判断是否初次从事）。",
        "date": "法制审核意见书的日期；审核应在负责人作出决定之前。",
        "opinion": "审核意见：同意、修改后同意或不同意。",
    },
    "Publicity": {
        "published_on": "处罚决定信息公示的日期，见公示截图或公示系统记录。",
        "platform": "公示的平台（如本机关门户网站、国家企业信用信息公示系统、信用中国）。",
        "decision_changed_on": "处罚决定被变更、撤销、确认违法或确认无效的日期（此后应撤回公示）。",
        "withdrawn_on": "撤回原公示信息的日期。",
        "pushed_on": "当事人登记地在其他省份的，推送其登记地机关公示的日期。",
        "party_notified": "送达决定书时是否已书面告知当事人该决定将被公示，见决定书或告知书中的相应文字。" + _UNKNOWN,
    },
    "Payment": {
        "paid_on": "缴纳罚款的日期，见银行回单、缴款书上的日期。",
        "amount": "缴纳的金额（元）。",
        "method": "缴纳方式：银行缴纳、电子支付或当场收缴。",
        "receipt": "卷内是否有财政部门统一制发的罚没票据或银行缴款凭证。" + _UNKNOWN,
        "onsite_reason": "当场收缴的，所依据的法定情形：依法给予小额罚款、不当场收缴事后难以执行、边远水上交通不便地区。",
        "handed_over_on": "执法人员将当场收缴的罚款交至行政机关的日期。",
        "deposited_on": "行政机关将当场收缴的罚款缴付指定银行的日期。",
        "surcharge": "逾期缴纳加处的罚款（元），见加处罚款决定或缴款凭证。",
        "suspended_days": "当事人申请复议、提起诉讼的期间（日），该期间不计算加处罚款；没有的填 0 或留空。",
    },
    "Seizure": {
        "kind": "措施种类：查封、扣押或冻结（存款、汇款），见决定书标题。",
        "started_on": "实施措施的日期，见现场笔录和查封扣押决定书。",
        "actors": "实施措施的执法人员在“执法人员”表中的卷内编号，每行一个。",
        "approved_on": "行政机关负责人批准实施的日期，见审批表；情况紧急当场实施后补办批准的，填补办批准的日期。",
        "extended_days": "经负责人批准延长的日数（查封扣押延长不超过 30 日），见延期审批表和延期告知书。",
        "extension_notified": "延长期限是否已书面告知当事人并说明理由，见延期告知书。" + _UNKNOWN,
        "excluded_days": "检测、检验、检疫或者技术鉴定的期间（日，不计入查封扣押期限，须书面告知）；没有的填 0。",
        "released_on": "解除措施或作出处理决定的日期，见解除决定书或处理决定。",
        "audio_video": "实施过程是否全程音像记录。" + _UNKNOWN,
        "decision_document": "查封扣押（冻结）决定书在“卷内文书”表中的卷内编号。",
        "inventory_document": "查封扣押清单在“卷内文书”表中的卷内编号。",
        "on_site_record": "是否制作现场笔录，并由当事人和执法人员签名或注明拒签；当事人不到场的，是否有见证人签名。"
        + _UNKNOWN,
        "delivered_on": "查封扣押决定书（及清单）交付当事人的日期，见送达回证。",
    },
    "ReminderItems": {
        "deadline": "催告书是否载明履行义务的期限。" + _UNKNOWN,
        "manner": "催告书是否载明履行义务的方式。" + _UNKNOWN,
        "amount": "涉及金钱给付的，催告书是否载明明确的金额和给付方式。" + _UNKNOWN,
        "statement_rights": "催告书是否载明当事人依法享有的陈述权和申辩权。" + _UNKNOWN,
    },
    "ExecutionDecisionItems": {
        "party_identity": "强制执行决定书是否载明当事人的姓名或者名称、地址。" + _UNKNOWN,
        "reasons_and_basis": "强制执行决定书是否载明强制执行的理由和依据。" + _UNKNOWN,
        "manner_and_time": "强制执行决定书是否载明强制执行的方式和时间。" + _UNKNOWN,
        "remedies": "强制执行决定书是否载明申请行政复议或者提起行政诉讼的途径和期限。" + _UNKNOWN,
        "agency_seal_date": "强制执行决定书是否载明行政机关的名称、印章和日期。" + _UNKNOWN,
    },
    "Enforcement": {
        "mode": "强制执行的方式：行政机关强制执行（有强制执行权的机关自行执行）或申请人民法院强制执行。",
        "reminder_served_on": "催告书送达当事人的日期，见送达回证。",
        "reminder_complete": "催告书是否载明履行期限、方式，金钱给付的金额和给付方式，陈述权和申辩权；逐项填写了下列“催告书逐项载明的事项”的，以逐项为准。"
        + _UNKNOWN,
        "reminder_items": "催告书逐项载明的事项（《行政强制法》第三十五条）；逐项核对过的填写，否则整组留空。",
        "reminder_deadline": "催告书载明的履行期限届满之日。",
        "statement_heard": "当事人陈述、申辩的，是否听取并记录、复核，见陈述申辩笔录。" + _UNKNOWN,
        "immediate": "催告期间是否因当事人有转移或者隐匿财物迹象而立即强制执行。" + _UNKNOWN,
        "decision_on": "强制执行决定书的日期。",
        "decision_complete": "强制执行决定书是否载明当事人、理由和依据、方式和时间、救济途径、机关名称印章和日期；逐项填写了下列“强制执行决定书逐项载明的事项”的，以逐项为准。"
        + _UNKNOWN,
        "decision_items": "强制执行决定书逐项载明的事项（《行政强制法》第三十七条第二款）；逐项核对过的填写，否则整组留空。",
        "executed_on": "实施强制执行的日期，见执行笔录。",
        "at_night": "是否在夜间实施强制执行，见执行笔录的起止时间。" + _UNKNOWN,
        "urgent": "夜间或法定节假日实施的，卷内是否载明情况紧急。" + _UNKNOWN,
        "audio_video": "现场强制执行是否全程音像记录。" + _UNKNOWN,
        "reminder_service": "催告书的送达方式，见送达回证（应直接送达，无法直接送达的依民事诉讼法的规定）。",
        "decision_service": "强制执行决定书的送达方式，见送达回证。",
        "direct_service_failed": "当事人拒绝接收或者无法直接送达，卷内是否有记载（此时方可依民事诉讼法的规定送达）。"
        + _UNKNOWN,
        "applied_on": "向人民法院申请强制执行的日期，见强制执行申请书和法院收件凭证。",
        "deferred_until": "经批准暂缓或分期缴纳罚款的，期限届满之日，见批准文书。",
        "deferral_approved": "暂缓或分期缴纳罚款的，卷内是否有当事人的书面申请和行政机关的批准文书（是），"
        "或没有申请、批准而径行暂缓、分期（否）。" + _UNKNOWN,
    },
    "ExcludedPeriod": {
        "kind": "不计入期限的事项：中止、听证、公告、检测检验检疫鉴定、权利人辨认鉴别、责令退还多收价款。",
        "stage": "所涉的期限：办案（立案至决定的办案期限）或立案核查（市场监管立案前的核查期限）；留空为办案。",
        "start": "该期间的起始日，见中止决定、检测委托书等文书。",
        "end": "该期间的终止日（含当日），见恢复办案通知、检测报告等文书。",
    },
    "ElectronicMonitoring": {
        "device_reviewed": "电子技术监控设备是否经过法制和技术审核。" + _UNKNOWN,
        "location_published": "设备设置地点是否已向社会公布。" + _UNKNOWN,
        "record_reviewed": "行政机关是否审核了记录内容并认为符合要求。" + _UNKNOWN,
        "sole_evidence": "电子技术监控记录是否为认定违法事实的唯一证据。" + _UNKNOWN,
        "party_informed": "是否及时告知当事人违法事实，并采取信息化手段等为当事人查询、陈述和申辩提供便利。" + _UNKNOWN,
    },
    "Dossier": {
        "standard_forms": "是否使用统一的执法文书格式文本。" + _UNKNOWN,
        "form_defects": "文书填写漏项、不完整、表述不清、用语不规范的处数，评查人员逐份清点后填写；没有的填 0。",
        "one_case_one_file": "是否一案一卷。" + _UNKNOWN,
        "cover": "是否使用统一的卷宗封面。" + _UNKNOWN,
        "index_correct": "卷内目录是否按顺序填写、页码正确。" + _UNKNOWN,
        "ordered": "是否按立案、调查取证、审查、决定、送达、执行的顺序组卷。" + _UNKNOWN,
        "pages_numbered": "是否逐页编号（封面、卷内目录、备考表不编号）。" + _UNKNOWN,
    },
    "InspectionPlan": {
        "id": "检查方案的编号，见方案首部；抽查检查方案时以此区分。",
        "title": "检查方案的名称。",
        "in_annual_plan": "该检查是否纳入年度监督检查计划。" + _UNKNOWN,
        "drawn_on": "检查方案的制定日期。",
        "approved_on": "检查方案经负责人批准的日期，见审批表或方案上的批准签字；未经批准的留空。",
        "approved_by": "批准检查方案的负责人。",
        "items": "检查方案列出的检查事项，每行一项；名称与规则集重点检查事项表（key_items）中的写法一致，以便核对是否避重就轻。",
    },
    "OnsiteRecord": {
        "date": "现场检查的日期，见现场检查记录。",
        "actors": "检查人员在“执法人员”表中的卷内编号，每行一个；记录未载明的留空。",
        "certificates_shown": "检查时是否出示执法证件，见现场检查记录中的相应记载。" + _UNKNOWN,
        "items_checked": "实际检查的事项，每行一项，见现场检查记录“检查情况”。",
        "document": "现场检查笔录在“卷内文书”表中的卷内编号。",
        "signed_by_party": "被检查单位负责人是否在记录上签字。" + _UNKNOWN,
        "refusal_noted": "被检查单位负责人拒绝签字的，是否已记录在案并向本机关报告。" + _UNKNOWN,
        "audio_video": "现场检查是否有音像记录。" + _UNKNOWN,
    },
    "Hazard": {
        "id": "隐患或违法行为在本案卷中的编号（如 h1），由填写人自定；其违反的规定和罚则在另两张表中以此归属。",
        "description": "发现的事故隐患或违法行为，按现场检查记录或整改指令书的表述填写。",
        "grade": "事故隐患的等级：一般事故隐患或重大事故隐患（按重大事故隐患判定标准）；不属于事故隐患的违法行为留空。",
        "item_code": "该违法行为在裁量基准中的事项编码。",
        "provision_violated": "该隐患或违法行为违反的法律规定，每条一行。",
        "penalty_provision": "该违法行为的罚则，每条一行；有罚则的，是应当立案查处的违法行为。",
        "corrected_on_site": "是否当场整改完毕（当场予以纠正）。" + _UNKNOWN,
    },
    "RectificationOrder": {
        "number": "责令限期整改指令书的文号。",
        "issued_on": "指令书下达的日期，见送达回证或指令书落款。",
        "deadline": "指令书规定的整改期限届满日；责令立即整改的填下达日期。",
        "hazards": "指令书涉及的隐患在“发现的事故隐患和违法行为”表中的卷内编号，每行一个；留空表示全部隐患。",
        "document": "指令书在“卷内文书”表中的卷内编号。",
        "completion_reported_on": "被检查单位报告整改完成（申请复查）的日期，见整改报告或复查申请。",
    },
    "Recheck": {
        "date": "整改复查的日期，见整改复查意见书。",
        "actors": "复查人员在“执法人员”表中的卷内编号，每行一个。",
        "result": "复查结论：整改完成、部分整改或未整改。",
        "document": "整改复查意见书在“卷内文书”表中的卷内编号。",
    },
    "NoPenalty": {
        "ground": "卷内载明的不予处罚（不予立案）理由：轻微不罚、首违不罚、无主观过错、未成年人、精神病人、超过时效。",
        "decided_on": "作出不予处罚（不予立案）决定的日期。",
        "document": "不予行政处罚决定书或不予立案审批表在“卷内文书”表中的卷内编号。",
    },
    "ExecutedDecision": {
        "title": "被执行决定的名称（如“行政处罚决定”“责令停产停业整顿决定”）。",
        "number": "被执行决定书的文号。",
        "case_id": "被执行决定所在原案卷的编号（处罚决定的，为其决定书文号）。",
        "date": "被执行决定的作出日期，见该决定书落款。",
        "served_on": "被执行决定书送达当事人的日期，见送达回证；申请法院强制执行的期限由此起算。",
        "obligation": "当事人应履行的义务（如“缴纳罚款 5 万元”“停产停业整顿”）。",
        "amount": "金钱给付义务的数额（元）。",
        "performance_deadline": "决定载明的履行期限届满之日。",
    },
    **LICENSING,
}


def describe_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The case-file JSON Schema with every field's description (its models are under $defs by name)."""
    for model, fields in DESCRIPTIONS.items():
        properties = schema["$defs"][model]["properties"]
        for name, text in fields.items():
            properties[name]["description"] = text
    return schema
