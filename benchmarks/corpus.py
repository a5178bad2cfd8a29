"""A seeded synthetic corpus of case files (行政执法案卷) for end-to-end tests and benchmarks.

    generate(n, seed, malformed_ratio) -> iterator of (name, bytes)

Case i depends only on (seed, i), so the first 500 files of a 5,000-file corpus are the 500-file
corpus. The cases follow case-file model v1 and the bundled rulebooks: several agencies in three
domains (应急管理 → emergency profile; 市场监管 and 生态环境 → national), the paperwork a reviewer
reads (卷面, the items of the 告知书 and 决定书), and defects injected at assumed rates set against the
grade spreads published in 评查通报 (see DEFECT_RATES, PAPERWORK_RATES and benchmarks/RESULTS.md). A fixed share of files is malformed, in
the ways files from real systems break: cut-off JSON, a wrong enum, a missing field, an impossible
date, a field the model does not know, a text amount, an empty file. `malformed_indices` tells
which; `describe(n, seed, malformed_ratio)` gives the manifest without building the files.

Command line:  python benchmarks/corpus.py --count 500 --seed 7 --out /tmp/corpus [--malformed 0.05]
                                           [--jsonl]   (one corpus.jsonl instead of one file per case)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# name, short name, level, domain, region, file-name slug, share of the corpus, defect-rate multiplier
# (agencies differ: a county office with few legal staff shows several times the defects of a province's)
AGENCIES: tuple[tuple[str, str, str, str, str, str, int, float], ...] = (
    ("江西省应急管理厅", "赣应急", "省级", "应急管理", "江西省", "jx-yj", 2, 0.4),
    ("南昌市应急管理局", "洪应急", "设区的市级", "应急管理", "南昌市", "nc-yj", 4, 1.0),
    ("九江市应急管理局", "浔应急", "设区的市级", "应急管理", "九江市", "jj-yj", 3, 1.5),
    ("赣州市章贡区应急管理局", "章应急", "县级", "应急管理", "赣州市章贡区", "zg-yj", 3, 2.5),
    ("上饶市广丰区应急管理局", "丰应急", "县级", "应急管理", "上饶市广丰区", "gf-yj", 2, 3.0),
    ("南昌市市场监督管理局", "洪市监", "设区的市级", "市场监管", "南昌市", "nc-sj", 3, 1.0),
    ("宜春市袁州区市场监督管理局", "袁市监", "县级", "市场监管", "宜春市袁州区", "yz-sj", 2, 2.0),
    ("九江市生态环境局", "浔环", "设区的市级", "生态环境", "九江市", "jj-hb", 1, 1.2),
)

# Probability that a well-formed case shows each defect (independently), before the agency's and the
# file's sloppiness multipliers (mean ≈ 1.8, capped at 0.9). No published 评查通报 at hand gives the
# rate of each defect, so every rate here is an ASSUMPTION; what is published is the spread of grades
# (../shared/domain/facts.md §8.2): 天水市 2018-19, 1,141 files drawn: 优秀 27.2%, 合格 72.6%,
# 不合格 0.3% (自查 of 18,844: 22.7 / 76.7 / 0.7%); 东山县 2015, 65 files: ≥90 24.6%, 80-89 36.9%,
# 60-79 32.3%, <60 6.2%. The rates are set so that the corpus, scored with the bundled profiles, falls
# in that spread (benchmarks/RESULTS.md shows the corpus's own grades beside these). The defects are
# those 通报 name as common: 超期, 送达, 公示, 听证告知, 法制审核, 裁量说理, 文书与卷面.
DEFECT_RATES: dict[str, float] = {
    "overdue_decision": 0.10,  # 超过办案期限
    "late_service": 0.10,  # 决定书超过七个工作日送达
    "late_publicity": 0.12,  # 处罚决定超期公示
    "no_hearing_notice": 0.012,  # 适用听证未告知听证权利 (否决项: rare in published grades)
    "missing_legal_review": 0.05,  # of cases that held a hearing (重大执法决定): no 法制审核 (否决项)
    "unreasoned_discretion": 0.12,  # 从轻/从重未说理
    "baseline_not_cited": 0.10,  # 告知书未载明裁量基准
    "level_mismatch": 0.04,  # 所称阶次与情节不符
    "fine_outside_band": 0.02,  # 罚款不在所称阶次幅度内
    "fine_outlier": 0.03,  # 同一阶次罚款明显偏离同类案件（同案不同罚）
    "wrong_review_body": 0.04,  # 2024 年后仍告知向上一级主管部门申请复议
    "old_remedy_periods": 0.02,  # 复议期限写成 15 日
    "single_officer": 0.004,  # 询问仅一名执法人员 (否决项)
    "unqualified_reviewer": 0.03,  # 法制审核人员无法律职业资格
    "unsealed_decision": 0.02,  # 决定书未盖章
    "no_case_approval": 0.05,  # 无立案审批表
    "statement_not_reviewed": 0.05,  # 陈述申辩后未复核
    "expired_certificate": 0.002,  # 执法证已过期 (否决项)
    "investigated_before_opening": 0.05,  # 先调查后立案（应急管理部门为超过五日补办立案）
    "unfounded_mitigation": 0.04,  # 从轻处罚而案卷未载明从轻情形
}

# 卷面 and document contents (the 卷面 20 points of a 评查标准 and the items of 告知书/决定书), drawn from
# a random stream of their own so that the draws above stay what they were. ASSUMPTIONS, as above:
# 卷面 problems (文书填写不规范, 目录、页码、组卷顺序) are what 通报 list first and what keeps most files
# under 90.
PAPERWORK_RATES: dict[str, float] = {
    "form_defects": 0.60,  # 文书填写漏项、不完整、用语不规范 (one or more)
    "nonstandard_forms": 0.15,  # 未使用统一文书格式
    "no_cover": 0.10,  # 未使用统一卷宗封面
    "bad_index": 0.40,  # 卷内目录缺失或页码不符
    "disordered": 0.35,  # 未按程序顺序组卷
    "pages_unnumbered": 0.40,  # 未逐页编号
    "mixed_files": 0.03,  # 非一案一卷
    "notice_incomplete": 0.12,  # 告知书漏载事实、理由、依据或权利
    "decision_incomplete": 0.10,  # 决定书漏载第59条所列事项
    "not_competent": 0.001,  # 作出处罚的机关无处罚权 (否决项)
}
# Documents the published 评查标准 look for in the file (issue 19), missing at these rates (ASSUMPTIONS as
# above); drawn from a stream of their own, so that the files drawn before them stay the same.
DOCUMENT_GAP_RATES: dict[str, float] = {
    "调查终结报告": 0.08,  # 普通程序 only
    "当事人身份证明": 0.05,
    "备考表": 0.15,
}
OPENING_BLANK_RATE = 0.08  # 立案审批表 without the 承办人意见 (ASSUMPTION, same stream as the documents)

# Files differ too: most are careful, some were put together in a hurry (weights of the file
# multipliers 0.4, 1.5 and 5.0; an ASSUMPTION, set with the rates above against the published grades).
FILE_CARE = (35, 45, 20)

MALFORMED_KINDS = ("truncated", "bad-enum", "missing-field", "bad-date", "unknown-field", "text-amount", "empty")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "明华静伟芳娜敏强磊军洋勇艳杰娟涛超秀霞平刚桂英建文辉玲丽萍红鹏飞斌宇浩凯健俊帆亮成波宁"
COMPANY_WORDS = ("恒达", "鑫源", "华泰", "宏远", "金盛", "安泰", "瑞丰", "博创", "永昌", "天成", "联合", "兴旺")


@dataclass(frozen=True)
class Item:
    """One item a case can be about: the baseline item code, the law, the fine bands by level."""

    code: str
    description: str
    violated: dict[str, Any]
    penalty: dict[str, Any]
    fact: str | None  # the numeric fact the discretion table keys on
    bands: tuple[tuple[str, str, float, float, float, float], ...]  # level, band name, fact lo/hi, fine lo/hi


EMERGENCY_ITEMS = (
    Item(
        "AQ-97-4",
        "未如实记录安全生产教育和培训情况",
        {"law": "中华人民共和国安全生产法", "article": 28, "paragraph": 4},
        {"law": "中华人民共和国安全生产法", "article": 97, "item": 4},
        "未如实记录人数占比",
        (
            ("从轻", "未如实记录人数占比不足10%", 0.02, 0.1, 0, 30000),
            ("一般", "未如实记录人数占比10%以上不足30%", 0.1, 0.3, 30000, 70000),
            ("从重", "未如实记录人数占比30%以上", 0.3, 0.6, 70000, 100000),
        ),
    ),
    Item(
        "AQ-BF-45-1",
        "违反操作规程或者安全管理规定作业",
        {"law": "安全生产违法行为行政处罚办法", "article": 45, "item": 1},
        {"law": "安全生产违法行为行政处罚办法", "article": 45},
        "主要负责人或安全管理人员或特种作业人员",
        (
            ("一般", "普通从业人员违反操作规程", 0, 0.5, 10000, 20000),
            ("从重", "主要负责人、安全管理人员、特种作业人员违反操作规程", 1, 1, 20000, 30000),
        ),
    ),
    Item(
        "AQ-99-2",
        "安全设备的安装、使用、检测、改造和报废不符合国家标准或者行业标准",
        {"law": "中华人民共和国安全生产法", "article": 36, "paragraph": 1},
        {"law": "中华人民共和国安全生产法", "article": 99, "item": 2},
        None,
        (("从轻", "", 0, 0, 10000, 20000), ("一般", "", 0, 0, 20000, 35000), ("从重", "", 0, 0, 35000, 50000)),
    ),
)
NATIONAL_ITEMS = {
    "市场监管": (
        Item(
            "SC-SP-124-1-5",
            "生产经营超过保质期的食品",
            {"law": "中华人民共和国食品安全法", "article": 34, "item": 10},
            {"law": "中华人民共和国食品安全法", "article": 124, "paragraph": 1, "item": 5},
            None,
            (("从轻", "", 0, 0, 50000, 60000), ("一般", "", 0, 0, 60000, 100000), ("从重", "", 0, 0, 100000, 150000)),
        ),
        Item(
            "SC-JG-60",
            "未按规定标明商品价格",
            {"law": "明码标价和禁止价格欺诈规定", "article": 6},
            {"law": "中华人民共和国价格法", "article": 42},
            None,
            (("从轻", "", 0, 0, 1000, 2000), ("一般", "", 0, 0, 2000, 4000), ("从重", "", 0, 0, 4000, 5000)),
        ),
    ),
    "生态环境": (
        Item(
            "HB-DQ-99-2",
            "超过大气污染物排放标准排放大气污染物",
            {"law": "中华人民共和国大气污染防治法", "article": 18},
            {"law": "中华人民共和国大气污染防治法", "article": 99, "item": 2},
            None,
            (
                ("从轻", "", 0, 0, 100000, 200000),
                ("一般", "", 0, 0, 200000, 500000),
                ("从重", "", 0, 0, 500000, 1000000),
            ),
        ),
    ),
}
HEARING_THRESHOLD = {"单位": 30000, "个人": 10000}  # emergency profile, before 2026-02-01


def malformed_indices(n: int, seed: int, malformed_ratio: float) -> set[int]:
    """Which of the n files are malformed: exactly round(n × ratio) of them, chosen by the seed."""
    count = min(n, round(n * malformed_ratio))
    return set(random.Random(f"{seed}:malformed").sample(range(n), count))


def _weighted_agency(rng: random.Random) -> tuple[str, str, str, str, str, str, int, float]:
    return rng.choices(AGENCIES, weights=[a[6] for a in AGENCIES])[0]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _add(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day = _add(day, 1)
    return day


def build_case(i: int, seed: int) -> dict[str, Any]:
    """The well-formed case file number i of the corpus, as a dict (the defects it carries included)."""
    rng = random.Random(f"{seed}:{i}")
    name, short, level, domain, region, _, _, sloppiness = _weighted_agency(rng)
    # Files differ too: most are careful, some were put together in a hurry.
    sloppiness *= rng.choices((0.4, 1.5, 5.0), weights=FILE_CARE)[0]
    defect = {name: rng.random() < min(rate * sloppiness, 0.9) for name, rate in DEFECT_RATES.items()}
    emergency = domain == "应急管理"
    item = rng.choice(EMERGENCY_ITEMS if emergency else NATIONAL_ITEMS[domain])
    party_kind = "个人" if item.code == "AQ-BF-45-1" and rng.random() < 0.3 else "单位"

    # A few cases in 2026 (after the new emergency measures took effect), most in 2024-2025.
    start = dt.date(2024, 1, 8) + dt.timedelta(days=rng.randrange(0, 690 if rng.random() < 0.93 else 900))
    inspected = _weekday(start)
    opened = inspected  # 立案 the day the violation is found; emergency offices may file within five days
    if emergency:
        opened = _weekday(_add(inspected, rng.choice((0, 1, 1, 2))))
    if defect["investigated_before_opening"]:
        opened = _weekday(_add(inspected, 9))
    year = opened.year
    case_id = f"{short}罚〔{year}〕{i + 1}号"

    officers = []
    for number in range(rng.choice((2, 2, 3))):
        since = dt.date(rng.randrange(2017, 2024), rng.randrange(1, 13), 1)
        if defect["expired_certificate"] and number == 1:
            since = dt.date(2013, 1, 1)
        officers.append(
            {
                "id": f"o{number + 1}",
                "name": _person(rng),
                "certificate_no": f"36{rng.randrange(10**11, 10**12)}",
                "certificate_valid_from": since.isoformat(),
                "certificate_valid_to": _add(since, 365 * 10 - 1).isoformat(),
            }
        )
    pair = ["o1", "o2"]

    # Discretion: the facts select a band; the fine sits near the band's usual value.
    band_index = rng.randrange(len(item.bands))
    level_name, band_name, fact_lo, fact_hi, fine_lo, fine_hi = item.bands[band_index]
    facts: dict[str, float] = {}
    if item.fact is not None:
        value = round(rng.uniform(fact_lo, fact_hi), 2) if fact_hi > fact_lo else fact_lo
        if item.fact == "未如实记录人数占比":
            value = min(max(value, fact_lo), fact_hi - 0.01)
        facts[item.fact] = float(value)
    usual = fine_lo + (fine_hi - fine_lo) * 0.5
    fine = round(rng.uniform(usual * 0.9, usual * 1.1) / 1000) * 1000 or 1000
    fine = min(max(fine, fine_lo or 1000), fine_hi)
    if defect["fine_outlier"]:
        fine = fine_hi if rng.random() < 0.5 else max(fine_lo, 1000)
    claimed_level, claimed_band = level_name, band_name
    if defect["level_mismatch"] and len(item.bands) > 1:
        other = item.bands[(band_index + 1) % len(item.bands)]
        claimed_level, claimed_band = other[0], other[1]
    if defect["fine_outside_band"]:
        fine = fine_hi + 5000
    if party_kind == "个人":
        fine = round(fine / 4 / 100) * 100

    no_penalty = emergency and item.code == "AQ-97-4" and band_index == 0 and rng.random() < 0.08
    simple = not no_penalty and rng.random() < 0.05
    open_case = not simple and rng.random() < 0.03
    hearing_applicable = emergency and opened < dt.date(2026, 2, 1) and fine >= HEARING_THRESHOLD[party_kind]
    hearing_held = hearing_applicable and not defect["no_hearing_notice"] and rng.random() < 0.35
    seizure = not simple and rng.random() < 0.04

    events: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []

    def event(kind: str, day: dt.date, **extra: Any) -> None:
        events.append({"type": kind, "date": day.isoformat(), **extra})

    def document(kind: str, day: dt.date, **extra: Any) -> str:
        doc_id = f"d{len(documents) + 1}"
        documents.append({"id": doc_id, "type": kind, "date": day.isoformat(), "signed": True, "sealed": True, **extra})
        return doc_id

    review_body = f"{region}人民政府"
    if defect["wrong_review_body"]:
        review_body = name.replace(region, region[:3]) if level != "省级" else "应急管理部"
    remedies = {
        "review_body": review_body,
        "review_period_days": 15 if defect["old_remedy_periods"] else 60,
        "litigation_period_months": 6,
    }
    reviewer_qualified = not defect["unqualified_reviewer"]
    case: dict[str, Any] = {
        "schema_version": "1",
        "source": {"kind": "全卷"},
        "case_id": case_id,
        "case_type": "行政处罚",
        "procedure": "简易程序" if simple else "普通程序",
        "agency": {"name": name, "level": level, "domain": domain, "region": region},
    }
    if party_kind == "单位":
        party = {
            "kind": "单位",
            "name": f"{region[:3]}{rng.choice(COMPANY_WORDS)}{rng.choice(('机械', '化工', '食品', '建材', '物流'))}有限公司",
            "industry": rng.choice(("机械制造", "化工", "食品", "建材", "物流")),
            "high_risk_industry": rng.random() < 0.2,
            "credit_blacklisted": False,
            "accident_within_3_years": rng.random() < 0.05,
        }
    else:
        party = {
            "kind": "个人",
            "name": _person(rng),
            "birth_date": f"{rng.randrange(1965, 2000)}-0{rng.randrange(1, 10)}-15",
        }
    circumstances: dict[str, Any] = {
        "first_violation": rng.random() < 0.8,
        "harm_minor": True,
        "corrected_in_time": rng.random() < 0.9,
    }
    if claimed_level == "从轻" and item.fact is None and not defect["unfounded_mitigation"]:
        circumstances["actively_mitigated"] = True  # 行政处罚法第32条第1项: the file states its ground
    case["party"] = party
    case["officers"] = officers
    case["violation"] = {
        "item_code": item.code,
        "description": item.description,
        "occurred_on": _add(inspected, -rng.randrange(1, 60)).isoformat(),
        "discovered_on": inspected.isoformat(),
        "provision_violated": [item.violated],
        "penalty_provision": [item.penalty],
        "facts": facts,
        "circumstances": circumstances,
    }

    if simple:
        fine = 1000 if party_kind == "单位" else 100
        if rng.random() < 0.1:
            fine = 5000 if party_kind == "单位" else 500  # over the simple-procedure cap
        event(
            "现场检查", inspected, actors=pair, records=["文字", "音像"], document=document("现场检查笔录", inspected)
        )
        decision_doc = document("行政处罚决定书", inspected, number=case_id)
        event("决定", inspected, actors=pair, records=["文字"], document=decision_doc)
        event("送达", inspected, actors=pair, records=["文字"], document=decision_doc, method="当场交付")
        event("备案", _weekday(_add(inspected, 1)), records=["文字"])  # 行政处罚法第52条第3款
        case["events"] = events
        case["documents"] = documents
        case["decision"] = {
            "date": inspected.isoformat(),
            "outcome": "给予行政处罚",
            "kinds": ["警告", "罚款"],
            "fine": fine,
            "reasoning": f"当事人{item.description}，事实清楚，依法当场作出处罚。",
            "remedies": remedies,
        }
        _paperwork(case, i, seed, sloppiness, name)
        return case

    # 普通程序
    event("现场检查", inspected, actors=pair, records=["文字", "音像"], document=document("现场检查笔录", inspected))
    if defect["no_case_approval"]:
        event("立案", opened, actors=["o1"], records=["文字"])
    else:
        event("立案", opened, actors=["o1"], records=["文字"], document=document("立案审批表", opened))
    asked = _weekday(_add(opened, rng.randrange(1, 4)))
    askers = ["o1"] if defect["single_officer"] else pair
    event("询问", asked, actors=askers, records=["文字", "音像"], document=document("询问笔录", asked))
    document("证据材料", asked)
    if seizure:
        seized_decision = document("查封扣押决定书", inspected)
        seized_list = document("查封扣押清单", inspected)
        released = _add(inspected, rng.randrange(10, 28) if rng.random() < 0.8 else rng.randrange(35, 50))
        case["seizures"] = [
            {
                "kind": "扣押",
                "started_on": inspected.isoformat(),
                "actors": pair,
                "approved_on": inspected.isoformat(),
                "released_on": released.isoformat(),
                "audio_video": rng.random() < 0.85,
                "decision_document": seized_decision,
                "inventory_document": seized_list,
                "on_site_record": True,
                "delivered_on": inspected.isoformat(),
            }
        ]
    if open_case:
        case["events"] = events
        case["documents"] = documents
        return case

    notified = _weekday(_add(asked, rng.randrange(5, 12)))
    notice_no = case_id.replace("罚", "告")
    event(
        "告知",
        notified,
        actors=pair,
        records=["文字"],
        document=document("行政处罚告知书", notified, number=notice_no),
        days=3,
    )
    after = _add(notified, 4)
    if hearing_applicable and not defect["no_hearing_notice"]:
        event("听证告知", notified, actors=pair, records=["文字"], document=document("听证告知书", notified))
    if hearing_held:
        requested = _weekday(_add(notified, 2))
        summoned = _weekday(_add(requested, 2))
        held = _weekday(_add(summoned, 12))
        event("听证申请", requested, records=["文字"])
        event("听证通知", summoned, actors=pair, records=["文字"], document=document("听证通知书", summoned))
        event("听证举行", held, actors=pair, records=["文字", "音像"], document=document("听证笔录", held))
        after = _add(held, 2)
    elif hearing_applicable and not defect["no_hearing_notice"]:
        event("听证申请", _add(notified, 1), records=["文字"], waived=True)
    if defect["statement_not_reviewed"]:
        event("陈述申辩", _add(notified, 2), records=["文字"])
    elif rng.random() < 0.3:
        event("陈述申辩", _add(notified, 2), records=["文字"])
        event("复核", _add(notified, 3), records=["文字"])
    else:
        event("陈述申辩", _add(notified, 1), records=["文字"], waived=True)
    deliberated = _weekday(after)
    event("集体讨论", deliberated, records=["文字"], document=document("集体讨论记录", deliberated))
    decided = _weekday(_add(deliberated, 1))
    limit = 30 if emergency and opened < dt.date(2026, 2, 1) else 90
    if (decided - opened).days > limit:
        event("延期批准", _add(opened, limit - 2), records=["文字"], approved_by="本机关负责人", days=90)
    if defect["overdue_decision"]:
        decided = _weekday(_add(opened, limit + rng.randrange(3, 40)))
    if not (hearing_held and defect["missing_legal_review"]):
        reviewed = _add(decided, -1)
        document("法制审核意见书", reviewed)
        case["legal_review"] = {
            "reviewer": _person(rng),
            "qualified": reviewer_qualified,
            "date": reviewed.isoformat(),
            "opinion": "同意",
        }
    decision_doc = document("行政处罚决定书", decided, number=case_id)
    if defect["unsealed_decision"]:
        documents[-1]["sealed"] = False
    event("决定", decided, records=["文字"], document=decision_doc)
    served = _add(decided, rng.randrange(12, 25) if defect["late_service"] else rng.randrange(0, 4))
    event(
        "送达", served, actors=pair, records=["文字", "音像"], document=document("送达回证", served), method="直接送达"
    )
    level_reasons = {
        "从轻": "主动消除违法行为危害后果，依基准从轻处罚",
        "从重": "违法情节较重，依基准从重处罚",
        "一般": "",
        "减轻": "",
    }
    if no_penalty:
        educated = _add(decided, 0)
        event("教育", educated, actors=pair, records=["文字"], document=document("教育记录", educated))
        document("不予行政处罚决定书", decided)
        case["decision"] = {
            "date": decided.isoformat(),
            "outcome": "不予行政处罚",
            "no_penalty_ground": "首违不罚",
            "reasoning": "当事人初次违法，危害后果轻微并及时改正，依法不予行政处罚。",
            "remedies": remedies,
        }
    else:
        paid = _add(served, rng.randrange(3, 14))
        event("缴纳", paid, records=["文字"], document=document("缴款凭证", paid))
        discretion: dict[str, Any] = {
            "level": claimed_level,
            "cited_in_notice": not defect["baseline_not_cited"],
            "cited_in_decision": True,
        }
        if claimed_band:
            discretion["band"] = claimed_band
        reasons = level_reasons[claimed_level]
        if reasons and not defect["unreasoned_discretion"]:
            discretion["reasons"] = reasons
        case["decision"] = {
            "date": decided.isoformat(),
            "outcome": "给予行政处罚",
            "kinds": ["罚款"],
            "fine": fine,
            "reasoning": f"当事人{item.description}，违反了有关规定，依法予以处罚。",
            "remedies": remedies,
            "discretion": discretion,
        }
        case["payment"] = {"paid_on": paid.isoformat(), "amount": fine, "method": "银行缴纳", "receipt": True}
    closed = _add(decided, 20)
    event("结案", closed, records=["文字"], document=document("结案审批表", closed))
    published = _add(decided, rng.randrange(15, 30) if defect["late_publicity"] else rng.randrange(1, 5))
    platform = "国家企业信用信息公示系统" if domain == "市场监管" else f"{region}人民政府网站"
    case["publicity"] = {"published_on": published.isoformat(), "platform": platform}
    case["events"] = events
    case["documents"] = documents
    _paperwork(case, i, seed, sloppiness, name)
    return case


def _paperwork(case: dict[str, Any], i: int, seed: int, sloppiness: float, agency: str) -> None:
    """What a reviewer reads off the paper file of a decided case: 卷面, the items the 告知书 and the
    决定书 state, the agency's competence and seal (PAPERWORK_RATES; a random stream of its own)."""
    rng = random.Random(f"{seed}:{i}:paperwork")
    # Paperwork is sloppy nearly everywhere: a careful file still shows some of it (a flatter multiplier).
    weight = 0.6 + 0.4 * sloppiness
    flaw = {name: rng.random() < min(rate * weight, 0.9) for name, rate in PAPERWORK_RATES.items()}
    defects = 0
    if flaw["form_defects"]:
        defects = 1 + int(rng.expovariate(0.7))
    case["dossier"] = {
        "standard_forms": not flaw["nonstandard_forms"],
        "form_defects": defects,
        "one_case_one_file": not flaw["mixed_files"],
        "cover": not flaw["no_cover"],
        "index_correct": not flaw["bad_index"],
        "ordered": not flaw["disordered"],
        "pages_numbered": not flaw["pages_unnumbered"],
    }
    documents = case["documents"]
    documents.append(
        {"id": f"d{len(documents) + 1}", "type": "卷内目录", "date": case["decision"]["date"], "signed": True}
    )
    gaps = random.Random(f"{seed}:{i}:documents")
    for kind, rate in DOCUMENT_GAP_RATES.items():
        missing = gaps.random() < min(rate * weight, 0.9)
        if not missing and (kind != "调查终结报告" or case["procedure"] == "普通程序"):
            documents.append({"id": f"d{len(documents) + 1}", "type": kind, "date": case["decision"]["date"]})
    if any(d["type"] == "立案审批表" for d in documents):
        opened = next(e["date"] for e in case["events"] if e["type"] == "立案")
        case["opening"] = {
            "received_on": case["events"][0]["date"],
            "handler_opinion": gaps.random() >= min(OPENING_BLANK_RATE * weight, 0.9),
            "proposed_on": opened,
            "approver": "局长",
            "approved_on": opened,
        }
    items = ("party_identity", "facts_and_evidence", "kind_and_basis", "performance", "agency_and_date")
    contents = dict.fromkeys(items, True)
    if flaw["decision_incomplete"]:
        contents[rng.choice(items)] = False
    case["decision"]["contents"] = contents
    case["decision"]["sealed_by"] = agency
    case["agency"]["competent"] = not flaw["not_competent"]
    if case["procedure"] == "普通程序":
        notice: dict[str, Any] = {
            "proposed_kinds": case["decision"].get("kinds", []),
            "states_facts": True,
            "states_reasons": True,
            "states_basis": True,
            "states_rights": True,
            "states_hearing_right": any(e["type"] == "听证告知" for e in case["events"]),
        }
        if "罚款" in notice["proposed_kinds"]:
            notice["proposed_fine"] = case["decision"]["fine"]
        if flaw["notice_incomplete"]:
            notice[rng.choice(("states_facts", "states_reasons", "states_basis", "states_rights"))] = False
        case["notice"] = notice


def _dump(case: Any, compact: bool) -> bytes:
    if compact:
        return json.dumps(case, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return json.dumps(case, ensure_ascii=False, indent=2).encode("utf-8")


def _malform(case: dict[str, Any], kind: str, compact: bool) -> bytes:
    if kind == "empty":
        return b'""' if compact else b""  # a JSONL line cannot be empty without vanishing
    if kind == "truncated":
        text = _dump(case, compact)
        return text[: len(text) // 2].decode("utf-8", errors="ignore").encode("utf-8")
    broken = json.loads(json.dumps(case))
    if kind == "bad-enum":
        broken["procedure"] = "普通程式"
    elif kind == "missing-field":
        del broken["party"]["kind"]
    elif kind == "bad-date":
        broken["events"][0]["date"] = "2025-02-30"
    elif kind == "unknown-field":
        broken["violation"]["penalty_amount"] = 20000
    elif kind == "text-amount":
        if broken.get("decision"):
            broken["decision"]["fine"] = "两万元"
        else:
            broken["agency"]["level"] = "区级"
    return _dump(broken, compact)


@dataclass(frozen=True)
class Entry:
    index: int
    name: str
    agency: str
    malformed: str | None  # the kind of breakage, None for a well-formed file


def _name(i: int, seed: int) -> str:
    slug = _weighted_agency(random.Random(f"{seed}:{i}"))[5]
    return f"{slug}-{i + 1:06d}.json"


def describe(n: int, seed: int, malformed_ratio: float = 0.0) -> list[Entry]:
    """The corpus's manifest: each file's name, agency and malformation, without building the files."""
    bad = malformed_indices(n, seed, malformed_ratio)
    entries = []
    for i in range(n):
        agency = _weighted_agency(random.Random(f"{seed}:{i}"))[0]
        kind = MALFORMED_KINDS[i % len(MALFORMED_KINDS)] if i in bad else None
        entries.append(Entry(i, _name(i, seed), agency, kind))
    return entries


def generate(n: int, seed: int, malformed_ratio: float = 0.0, compact: bool = False) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, JSON bytes) for n case files; exactly round(n × ratio) of them malformed.

    compact=True gives one-line JSON (for JSONL), else indented JSON as case-file systems export it.
    """
    bad = malformed_indices(n, seed, malformed_ratio)
    for i in range(n):
        case = build_case(i, seed)
        if i in bad:
            data = _malform(case, MALFORMED_KINDS[i % len(MALFORMED_KINDS)], compact)
        else:
            data = _dump(case, compact)
        yield _name(i, seed), data


def write(out: Path, n: int, seed: int, malformed_ratio: float = 0.0, jsonl: bool = False) -> list[Entry]:
    """Write the corpus into `out` (one file per case, or one corpus.jsonl) and MANIFEST.tsv beside it."""
    out.mkdir(parents=True, exist_ok=True)
    if jsonl:
        with (out / "corpus.jsonl").open("wb") as stream:
            for _, data in generate(n, seed, malformed_ratio, compact=True):
                stream.write(data + b"\n")
    else:
        for name, data in generate(n, seed, malformed_ratio):
            (out / name).write_bytes(data)
    entries = describe(n, seed, malformed_ratio)
    lines = ["index\tname\tagency\tmalformed"]
    lines += [f"{e.index}\t{e.name}\t{e.agency}\t{e.malformed or ''}" for e in entries]
    (out / "MANIFEST.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a seeded synthetic corpus of pingcha case files.")
    parser.add_argument("--count", type=int, required=True, help="number of case files")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True, help="output folder (created)")
    parser.add_argument("--malformed", type=float, default=0.05, help="share of malformed files (default 0.05)")
    parser.add_argument("--jsonl", action="store_true", help="write one corpus.jsonl instead of one file per case")
    args = parser.parse_args(argv)
    entries = write(args.out, args.count, args.seed, args.malformed, args.jsonl)
    bad = sum(1 for e in entries if e.malformed)
    print(f"wrote {len(entries)} case files ({bad} malformed) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
