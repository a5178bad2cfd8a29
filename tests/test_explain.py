"""check --explain: the exact explanation of a finding, a pass, a 无法判定 and a not-applicable rule on the
example case files; the JSON document; --explain all against the check's own outcomes; an unknown rule id."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import AS_OF, EXAMPLES

from engine.casefile import load_case_file
from engine.cli import main
from engine.evaluate import evaluate_case
from engine.explain import UnknownRuleError, explain_case, to_text
from engine.rulebook import RulebookCache
from engine.workcal import WorkCalendar


def _explain(runner, name: str, *args: str) -> tuple[int, str]:
    """Exit code and output, the example's path written as from the repository root."""
    result = runner.invoke(main, ["check", str(EXAMPLES / f"{name}.json"), "--as-of", "2026-11-21", "--explain", *args])
    return result.exit_code, result.output.replace(f"{EXAMPLES}/", "casefiles/examples/")


def test_a_finding_names_the_failed_requirement_the_facts_and_their_paths(runner) -> None:
    exit_code, output = _explain(runner, "em-03-discretion-and-deadlines", "decision-within-deadline")
    assert exit_code == 1  # as check: the file's findings
    assert output == (
        """\
案卷 开应急罚〔2025〕15号  (casefiles/examples/em-03-discretion-and-deadlines.json)
规则集 emergency 2026.11.0  评查基准日 2026-11-21

【decision-within-deadline】超过办案期限作出处罚决定
  结果：发现问题 — 立案至作出决定用时 36 日，超过法定期限 30 日
  证据：$.events[1].date、$.decision.date
  时限 · 内容 · 严重，扣 5 分（rules/national/deadlines.rules.yaml:4）
  依据（2025-03-11 施行的版本）：《行政处罚法》（2021）第60条；《安全生产违法行为行政处罚办法》（2015）第31条
  施行期间：自2015-05-01起施行（此前无法判定）；按立案日期（首次）判断：本案 2025-03-11，在施行期间内
  适用条件（when）：成立
    case.procedure == "普通程序" and exists(date.立案) and derived.case_deadline_applies
    各项（均须成立）：
      成立    case.procedure == "普通程序"
      成立    exists(date.立案)
      成立    derived.case_deadline_applies
  要求（require）：不成立
    days(date.立案, coalesce(date.决定, as_of)) - derived.case_excluded_days <= derived.case_deadline_days or coalesce(date.决定, as_of) <= deadline(date.立案, derived.case_deadline_days + derived.case_excluded_days)
    各项（任一成立即可）：
      不成立  days(date.立案, coalesce(date.决定, as_of)) - derived.case_excluded_days <= derived.case_deadline_days
      不成立  coalesce(date.决定, as_of) <= deadline(date.立案, derived.case_deadline_days + derived.case_excluded_days)
  读取的事实：
    date.立案（立案日期（首次））= 2025-03-11  ← $.events[1].date
    case.procedure（程序）= 普通程序  ← $.procedure
    date.决定（决定日期）= 2025-04-16  ← $.decision.date
    as_of（评查基准日）= 2026-11-21
    extension.days（批准延长后的办案期限（日））= 无（卷内已知没有）
    extension.approved_by（延期批准人）= 无（卷内已知没有）
    extension.approved_on（延期批准日期）= 无（卷内已知没有）
  派生事实：
    derived.case_deadline_applies（办案期限规定适用于本案）= 是
      = True
    derived.case_excluded_days（不计入办案期限的日数）= 0
      = 0
    derived.case_deadline_days（适用的办案期限（日））= 30
      = choose(coalesce(date.决定, as_of) >= date("2026-02-01") and days(date.立案, date("2026-02-01")) <= choose(exists(extension.days), max(extension.days, param.case_deadline_days), param.case_deadline_days), param.case_deadline_days_2026, choose(exists(extension.days) and extension.approved_by == "上一级机关" and days(date.立案, extension.approved_on) <= param.case_deadline_extended_days, min(extension.days, param.case_deadline_superior_days), choose(exists(extension.days) and extension.approved_by == "本机关负责人" and days(date.立案, extension.approved_on) <= param.case_deadline_days, min(extension.days, param.case_deadline_extended_days), param.case_deadline_days)))
  规则集参数：
    param.case_deadline_days（办案期限（日，自立案之日起））= 30
      按 date.立案 2025-03-11 适用的版本：施行至2026-01-31；依据 《安全生产违法行为行政处罚办法》（2015）第31条（条号未核实）
    param.case_deadline_days_2026（应急管理部令第18号的办案期限（日））= 未设定（规则集中没有数值）
      依据 应急管理部令第18号（2026-02-01施行）的办案期限及过渡规定尚未编入（facts §7.2、§12 第1项）
    param.case_deadline_extended_days（经本机关负责人批准延长后的办案期限（日））= 90
      依据 《安全生产违法行为行政处罚办法》（2015）第31条（条号未核实）
    param.case_deadline_superior_days（经上一级机关批准延长后的办案期限（日））= 180
      依据 《安全生产违法行为行政处罚办法》（2015）第31条（条号未核实）
  函数的含义：
    choose(条件, 甲, 乙)：条件成立取甲，否则取乙
    coalesce(a, b, …)：a 有记载取 a；a 已知没有才取 b；a 未知则结果未知
    date("YYYY-MM-DD")：日期常量
    days(a, b)：a 至 b 的日历日数
    deadline(d, n)：自 d 起 n 日期限的末日（末日为休息日的顺延）
    exists(x)：x 卷内有记载为是；x 所在部分完整而没有记载（已知没有）为否；否则未知
    max(a, b)：较大值
    min(a, b)：较小值

"""
    )


def test_a_pass_shows_which_part_of_the_requirement_held(runner) -> None:
    exit_code, output = _explain(runner, "em-01-compliant", "statement-period-respected")
    assert exit_code == 0  # as check: the file's findings
    assert output == (
        """\
案卷 开应急罚〔2025〕7号  (casefiles/examples/em-01-compliant.json)
规则集 emergency 2026.11.0  评查基准日 2026-11-21

【statement-period-respected】陈述申辩期限未届满即作出处罚决定
  结果：通过 — 要求成立
  评查标准 · 内容 · 严重，扣 4 分（rules/national/procedure.rules.yaml:188）
  依据（2025-03-25 施行的版本）：《行政处罚法》（2021）第45条第1款；《行政处罚法》（2021）第62条
  适用条件（when）：成立
    case.procedure == "普通程序" and decision.exists and decision.outcome == "给予行政处罚" and exists(date.告知)
    各项（均须成立）：
      成立    case.procedure == "普通程序"
      成立    decision.exists
      成立    decision.outcome == "给予行政处罚"
      成立    exists(date.告知)
  要求（require）：成立
    coalesce(statement.waived, False) or exists(date.陈述申辩) or date.决定 > deadline(date.告知, notice.period_days)
    各项（任一成立即可）：
      成立    coalesce(statement.waived, False)
      成立    exists(date.陈述申辩)
      成立    date.决定 > deadline(date.告知, notice.period_days)
  读取的事实：
    case.procedure（程序）= 普通程序  ← $.procedure
    decision.exists（已作出决定）= 是
    decision.outcome（决定类型）= 给予行政处罚  ← $.decision.outcome
    date.告知（告知日期（首次））= 2025-03-20  ← $.events[3].date
    statement.waived（当事人明确放弃陈述申辩）= 是
    date.陈述申辩（陈述申辩日期（首次））= 2025-03-21  ← $.events[4].date
    date.决定（决定日期）= 2025-03-25  ← $.decision.date
    notice.period_days（告知书载明的陈述申辩期限（日））= 3
  函数的含义：
    coalesce(a, b, …)：a 有记载取 a；a 已知没有才取 b；a 未知则结果未知
    deadline(d, n)：自 d 起 n 日期限的末日（末日为休息日的顺延）
    exists(x)：x 卷内有记载为是；x 所在部分完整而没有记载（已知没有）为否；否则未知

"""
    )


def test_undetermined_names_the_parameter_without_a_value(runner) -> None:
    exit_code, output = _explain(runner, "em-06-open-2026", "decision-within-deadline")
    assert exit_code == 0  # as check: the file's findings
    assert output == (
        """\
案卷 开应急罚〔2026〕4号  (casefiles/examples/em-06-open-2026.json)
规则集 emergency 2026.11.0  评查基准日 2026-11-21

【decision-within-deadline】超过办案期限作出处罚决定
  结果：无法判定 — 缺少数据：适用的办案期限（日）（derived.case_deadline_days）
  未知的事实与参数：param.case_deadline_days（办案期限（日，自立案之日起））、param.case_deadline_days_2026（应急管理部令第18号的办案期限（日））
  时限 · 内容 · 严重，扣 5 分（rules/national/deadlines.rules.yaml:4）
  依据（2026-02-11 施行的版本）：《行政处罚法》（2021）第60条
  施行期间：自2015-05-01起施行（此前无法判定）；按立案日期（首次）判断：本案 2026-02-11，在施行期间内
  适用条件（when）：成立
    case.procedure == "普通程序" and exists(date.立案) and derived.case_deadline_applies
    各项（均须成立）：
      成立    case.procedure == "普通程序"
      成立    exists(date.立案)
      成立    derived.case_deadline_applies
  要求（require）：未知
    days(date.立案, coalesce(date.决定, as_of)) - derived.case_excluded_days <= derived.case_deadline_days or coalesce(date.决定, as_of) <= deadline(date.立案, derived.case_deadline_days + derived.case_excluded_days)
    各项（任一成立即可）：
      未知    days(date.立案, coalesce(date.决定, as_of)) - derived.case_excluded_days <= derived.case_deadline_days
      未知    coalesce(date.决定, as_of) <= deadline(date.立案, derived.case_deadline_days + derived.case_excluded_days)
  读取的事实：
    date.立案（立案日期（首次））= 2026-02-11  ← $.events[1].date
    case.procedure（程序）= 普通程序  ← $.procedure
    date.决定（决定日期）= 无（卷内已知没有）
    as_of（评查基准日）= 2026-11-21
    extension.days（批准延长后的办案期限（日））= 无（卷内已知没有）
    extension.approved_by（延期批准人）= 无（卷内已知没有）
    extension.approved_on（延期批准日期）= 无（卷内已知没有）
  派生事实：
    derived.case_deadline_applies（办案期限规定适用于本案）= 是
      = True
    derived.case_excluded_days（不计入办案期限的日数）= 0
      = 0
    derived.case_deadline_days（适用的办案期限（日））= 未知（所依的事实或参数未知）
      = choose(coalesce(date.决定, as_of) >= date("2026-02-01") and days(date.立案, date("2026-02-01")) <= choose(exists(extension.days), max(extension.days, param.case_deadline_days), param.case_deadline_days), param.case_deadline_days_2026, choose(exists(extension.days) and extension.approved_by == "上一级机关" and days(date.立案, extension.approved_on) <= param.case_deadline_extended_days, min(extension.days, param.case_deadline_superior_days), choose(exists(extension.days) and extension.approved_by == "本机关负责人" and days(date.立案, extension.approved_on) <= param.case_deadline_days, min(extension.days, param.case_deadline_extended_days), param.case_deadline_days)))
  规则集参数：
    param.case_deadline_days（办案期限（日，自立案之日起））= 未设定（规则集中没有数值）
      按 date.立案 2026-02-11 适用的版本：自2026-02-01起施行；依据 应急管理部令第18号的办案期限尚未编入
    param.case_deadline_days_2026（应急管理部令第18号的办案期限（日））= 未设定（规则集中没有数值）
      依据 应急管理部令第18号（2026-02-01施行）的办案期限及过渡规定尚未编入（facts §7.2、§12 第1项）
    param.case_deadline_extended_days（经本机关负责人批准延长后的办案期限（日））= 90
      依据 《安全生产违法行为行政处罚办法》（2015）第31条（条号未核实）
    param.case_deadline_superior_days（经上一级机关批准延长后的办案期限（日））= 180
      依据 《安全生产违法行为行政处罚办法》（2015）第31条（条号未核实）
  函数的含义：
    choose(条件, 甲, 乙)：条件成立取甲，否则取乙
    coalesce(a, b, …)：a 有记载取 a；a 已知没有才取 b；a 未知则结果未知
    date("YYYY-MM-DD")：日期常量
    days(a, b)：a 至 b 的日历日数
    deadline(d, n)：自 d 起 n 日期限的末日（末日为休息日的顺延）
    exists(x)：x 卷内有记载为是；x 所在部分完整而没有记载（已知没有）为否；否则未知
    max(a, b)：较大值
    min(a, b)：较小值

"""
    )


def test_not_applicable_names_the_condition_that_failed(runner) -> None:
    exit_code, output = _explain(runner, "em-03-discretion-and-deadlines", "seizure-duration")
    assert exit_code == 1  # as check: the file's findings
    assert output == (
        """\
案卷 开应急罚〔2025〕15号  (casefiles/examples/em-03-discretion-and-deadlines.json)
规则集 emergency 2026.11.0  评查基准日 2026-11-21

【seizure-duration】查封扣押超过法定期限
  结果：不适用 — 适用条件不成立：seizure.count > 0
  时限 · 内容 · 否决（rules/national/deadlines.rules.yaml:104）
  依据（2025-03-11 施行的版本）：《行政强制法》第25条第1款；《行政强制法》第25条第3款
  施行期间：自2012-01-01起施行（此前无法判定）；按立案日期（首次）或决定日期判断：本案 2025-03-11，在施行期间内
  适用条件（when）：不成立
    seizure.count > 0
  要求（require）：未判断（本项不适用或其适用尚不确定）
    seizure.longest_extended_days <= param.seizure_extension_max_days and seizure.longest_days <= param.seizure_max_days + seizure.longest_extended_days
  读取的事实：
    date.立案（立案日期（首次））= 2025-03-11  ← $.events[1].date
    date.决定（决定日期）= 2025-04-16  ← $.decision.date
    seizure.count（查封扣押次数）= 0
    seizure.longest_extended_days（该查封扣押批准延长的日数）= 无（卷内已知没有）
    seizure.longest_days（查封扣押最长持续日数（扣除检测期间））= 无（卷内已知没有）  ← $.seizures
  规则集参数：
    param.seizure_extension_max_days（查封扣押可延长的期限（日））= 30
      依据 行政强制法 第25条第1款
    param.seizure_max_days（查封扣押期限（日））= 30
      依据 行政强制法 第25条第1款
  函数的含义：
    coalesce(a, b, …)：a 有记载取 a；a 已知没有才取 b；a 未知则结果未知

"""
    )


def test_not_applicable_outside_the_period_of_force(runner) -> None:
    exit_code, output = _explain(runner, "env-02-same-case-2022-overdue", "review-body-after-2024")
    assert exit_code == 1  # as check: the file's findings
    assert output == (
        """\
案卷 铁环罚〔2022〕29号  (casefiles/examples/env-02-same-case-2022-overdue.json)
规则集 ecology 2026.11.0  评查基准日 2026-11-21

【review-body-after-2024】2024年1月1日后的决定书告知的复议机关错误
  结果：不适用 — 本项规定自2024-01-01起施行，本案决定日期 2022-07-05 不在其施行期间，此前本项不适用
  评查标准 · 内容 · 严重，扣 2 分（rules/national/procedure.rules.yaml:504）
  依据（本项所引，2022-07-05 均未施行）：《行政复议法》（2023）第24条第1款第1项；《行政复议法》（2023）第27条
  施行期间：自2024-01-01起施行（此前不适用）；按决定日期判断：本案 2022-07-05，不在施行期间内
  适用条件（when）：成立
    decision.exists and decision.outcome == "给予行政处罚" and not agency.vertical and exists(remedies.review_body)
    各项（均须成立）：
      成立    decision.exists
      成立    decision.outcome == "给予行政处罚"
      成立    not agency.vertical
      成立    exists(remedies.review_body)
  要求（require）：未判断（本项不适用或其适用尚不确定）
    remedies.review_body_local
  读取的事实：
    date.决定（决定日期）= 2022-07-05  ← $.decision.date
    decision.exists（已作出决定）= 是
    decision.outcome（决定类型）= 给予行政处罚  ← $.decision.outcome
    agency.vertical（垂直领导机关）= 否  ← $.agency.vertical
    remedies.review_body（告知的复议机关）= 铁岭市人民政府  ← $.decision.remedies.review_body
    remedies.review_body_local（告知的复议机关为执法机关所在地的本级人民政府）= 是  ← $.decision.remedies.review_body
    agency.people_government（执法机关所在地的本级人民政府）= 铁岭市人民政府  ← $.agency.region
  函数的含义：
    exists(x)：x 卷内有记载为是；x 所在部分完整而没有记载（已知没有）为否；否则未知

"""
    )


def test_not_applicable_names_the_false_part_beside_an_unknown_one(runner) -> None:
    """A part the file does not show does not stop a `when` from failing on a part it shows false."""
    exit_code, output = _explain(runner, "em-01-compliant", "enforcement-statement-heard")
    assert exit_code == 0
    assert output.splitlines()[3:16] == [
        "【enforcement-statement-heard】催告后未听取当事人的陈述申辩",
        "  结果：不适用 — 适用条件不成立：exists(date.强制执行决定)",
        "  评查标准 · 内容 · 严重，扣 2 分（rules/national/enforcement.rules.yaml:143）",
        "  依据（2025-03-25 施行的版本）：《行政强制法》第36条",
        "  施行期间：自2012-01-01起施行（此前无法判定）；按强制执行决定日期判断，本案没有该日期（卷内已知没有）",
        "  适用条件（when）：不成立",
        '    enforcement.mode == "行政机关强制执行" and exists(date.强制执行决定) and not coalesce(enforcement.immediate, False)',
        "    各项（均须成立）：",
        '      未知    enforcement.mode == "行政机关强制执行"',
        "      不成立  exists(date.强制执行决定)",
        "      成立    not coalesce(enforcement.immediate, False)",
        "  要求（require）：未判断（本项不适用或其适用尚不确定）",
        "    enforcement.statement_heard",
    ]


def test_json_is_stable_and_plain_data(runner) -> None:
    args = ["check", str(EXAMPLES / "em-06-open-2026.json"), "--as-of", "2026-11-21", "--format", "json"]
    first = runner.invoke(main, [*args, "--explain", "decision-within-deadline"])
    assert first.output == runner.invoke(main, [*args, "--explain", "decision-within-deadline"]).output
    document = json.loads(first.output)
    assert first.output == json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    assert sorted(document) == ["as_of", "case_id", "not_applicable", "rulebook", "rules", "source"]
    (rule,) = document["rules"]
    assert rule["outcome"] == "undetermined"
    assert rule["reason"] == "缺少数据：适用的办案期限（日）（derived.case_deadline_days）"
    assert rule["unknown"] == ["param.case_deadline_days", "param.case_deadline_days_2026"]
    assert rule["effective"] == {
        "absent": False,
        "after": "not_applicable",
        "before": "undetermined",
        "by": "date.立案",
        "by_title": "立案日期（首次）",
        "from": "2015-05-01",
        "gap": None,
        "in_period": True,
        "on": "2026-02-11",
        "period": "自2015-05-01起施行",
        "until": None,
    }
    assert rule["facts"][0] == {
        "name": "date.立案",
        "path": "$.events[1].date",
        "state": "present",
        "title": "立案日期（首次）",
        "value": "2026-02-11",
    }
    assert {"name": "date.决定", "path": None, "state": "absent", "title": "决定日期", "value": None} in rule["facts"]
    assert rule["parameters"][0] == {
        "by": "date.立案",
        "name": "param.case_deadline_days",
        "on": "2026-02-11",
        "title": "办案期限（日，自立案之日起）",
        "unconfirmed": None,
        "value": None,
        "version": {"basis": "应急管理部令第18号的办案期限尚未编入", "period": "自2026-02-01起施行"},
    }
    assert [p["value"] for p in rule["when"]["parts"]] == [True, True, True]
    assert rule["require"]["evaluated"] is True and rule["require"]["value"] is None


def test_explain_all_matches_the_check_on_every_example() -> None:
    """--explain all lists exactly the rules the check found, passed and could not decide, with the same
    message or reason, and counts the rest as not applicable — each with a reason the explanation gives."""
    rulebooks, calendar = RulebookCache("auto"), WorkCalendar()
    explained = 0
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name.startswith("malformed"):
            continue
        case = load_case_file(path, as_of=AS_OF)
        rulebook = rulebooks.for_domain(case.agency.domain)
        result = evaluate_case(case, rulebook, AS_OF, calendar)
        document = explain_case(case, rulebook, AS_OF, calendar)
        said = {rule["rule_id"]: rule for rule in document["rules"]}
        assert {f.rule.id: f.message for f in result.findings} == {
            i: r["message"] for i, r in said.items() if r["outcome"] == "finding"
        }
        assert {u.rule.id: u.reason for u in result.undetermined} == {
            i: r["reason"] for i, r in said.items() if r["outcome"] == "undetermined"
        }
        assert set(result.passed) == {i for i, r in said.items() if r["outcome"] == "pass"}
        assert len(document["not_applicable"]) == result.not_applicable
        order = [rule.id for rule in rulebook.rules_for(case.case_type)]
        assert list(said) == [i for i in order if i in said]  # rulebook order
        for rule_id in document["not_applicable"]:
            (rule,) = explain_case(case, rulebook, AS_OF, calendar, rule_id)["rules"]
            assert rule["outcome"] == "not_applicable" and rule["reason"].startswith(("适用条件不成立：", "本项规定"))
            explained += 1
    assert explained > 1000


def test_explain_all_text_counts_and_lists_applicable_rules_only(runner) -> None:
    exit_code, output = _explain(runner, "em-03-discretion-and-deadlines", "all")
    assert exit_code == 1
    lines = output.splitlines()
    assert lines[:3] == [
        "案卷 开应急罚〔2025〕15号  (casefiles/examples/em-03-discretion-and-deadlines.json)",
        "规则集 emergency 2026.11.0  评查基准日 2026-11-21",
        "适用的规则 51 条：发现问题 4，通过 45，无法判定 2；不适用 78 条",
    ]
    assert lines[-2:] == ["不适用的规则 78 条（未列出；用 --explain 规则编号 查看原因）", ""]
    assert sum(line.startswith("【") for line in lines) == 51
    assert "【seizure-duration】" not in output
    # a block of `all` gives the outcome and what was read, without the expressions
    start = lines.index("【decision-served-in-time】决定书未在七个工作日内送达")
    assert lines[start : start + 16] == [
        "【decision-served-in-time】决定书未在七个工作日内送达",
        "  结果：发现问题 — 决定日期 2025-04-16，送达期限届满日 2025-04-25，实际送达日期 2025-04-29",
        "  证据：$.events[6].method、$.events[6].date、$.decision.date",
        "  时限 · 内容 · 严重，扣 2 分（rules/national/deadlines.rules.yaml:44）",
        "  依据（2025-04-16 施行的版本）：《行政处罚法》（2021）第61条第1款；《行政处罚法》（2021）第85条",
        "  施行期间：自2021-07-15起施行（此前无法判定）；按决定日期判断：本案 2025-04-16，在施行期间内",
        "  读取的事实：",
        "    date.决定（决定日期）= 2025-04-16  ← $.decision.date",
        "    decision.exists（已作出决定）= 是",
        "    decision.outcome（决定类型）= 给予行政处罚  ← $.decision.outcome",
        "    case.procedure（程序）= 普通程序  ← $.procedure",
        "    service.method（决定书送达方式）= 直接送达  ← $.events[6].method",
        "    date.决定书送达（决定书送达日期）= 2025-04-29  ← $.events[6].date",
        "    as_of（评查基准日）= 2026-11-21",
        "  规则集参数：",
        "    param.service_workdays（决定书送达期限（工作日））= 7",
    ]


def test_unknown_rule_id_exits_two_naming_the_nearest_ids(runner) -> None:
    result = runner.invoke(
        main,
        [
            "check",
            str(EXAMPLES / "em-01-compliant.json"),
            "--as-of",
            "2026-11-21",
            "--explain",
            "decision-within-dedline",
        ],
    )
    assert result.exit_code == 2
    assert result.output == (
        "规则集 emergency 中没有规则 “decision-within-dedline”；相近的规则编号：decision-within-deadline、"
        "decision-deadline-before-2021、decision-served-in-time、decision-matches-notice、late-filing-within-window\n"
    )
    far = runner.invoke(
        main, ["check", str(EXAMPLES / "em-01-compliant.json"), "--as-of", "2026-11-21", "--explain", "zzz"]
    )
    assert far.exit_code == 2
    assert far.output == "规则集 emergency 中没有规则 “zzz”；全部规则编号见 pingcha rules facts emergency\n"


def test_a_rule_of_another_case_type_is_not_looked_at(runner) -> None:
    exit_code, output = _explain(runner, "em-01-compliant", "inspection-plan-approved")
    assert exit_code == 0
    assert output.splitlines()[3:5] == [
        "【inspection-plan-approved】实施检查无经批准的检查方案",
        "  结果：不适用 — 本规则适用于行政检查案卷，本案为行政处罚案卷",
    ]
    assert "读取的事实" not in output


def test_the_intended_decision_date_stands_for_the_decision() -> None:
    """The review's day override: the same file decided on another day is explained as of that day."""
    case = load_case_file(EXAMPLES / "em-03-discretion-and-deadlines.json")
    rulebook, calendar = RulebookCache("auto").for_domain(case.agency.domain), WorkCalendar()
    on_time = explain_case(case, rulebook, AS_OF, calendar, "decision-within-deadline", dt.date(2025, 4, 10))
    (rule,) = on_time["rules"]
    assert rule["outcome"] == "pass"
    assert next(f for f in rule["facts"] if f["name"] == "date.决定")["value"] == "2025-04-10"
    (late,) = explain_case(case, rulebook, AS_OF, calendar, "decision-within-deadline")["rules"]
    assert late["message"] == "立案至作出决定用时 36 日，超过法定期限 30 日"
    with pytest.raises(UnknownRuleError):
        explain_case(case, rulebook, AS_OF, calendar, "no-such-rule")
    assert to_text(on_time, "decision-within-deadline").splitlines()[4] == "  结果：通过 — 要求成立"
