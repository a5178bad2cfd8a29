"""`pingcha rules test`: PASS/FAIL/TODO per case, diffs, coverage of rules and table rows, JUnit XML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from minirulebook import TABLE, case, rule, rule_tests, write_profile

from engine import resources
from engine.cli import main

FINE_IN_BAND = rule(
    "fine-in-band",
    "decision.fine >= baseline.claimed_min and decision.fine <= baseline.claimed_max",
    when="decision.exists and exists(baseline.claimed_min)",
    message="所称阶次幅度 {baseline.claimed_min}—{baseline.claimed_max} 元，罚款 {decision.fine} 元",
)
RULES = "rules:\n" + rule("fine-under-cap", "decision.fine <= param.fine_cap") + FINE_IN_BAND
OVER_CAP = case(
    "罚款超过上限", "fine-under-cap", "fire", "    set: {$.decision.fine: 200000}\n    message: 罚款 200000 元\n"
)
UNDER_CAP = case("罚款未超过上限", "fine-under-cap", "pass")
IN_BAND = case("罚款在所称阶次幅度内", "fine-in-band", "pass")
OUT_OF_BAND = case(
    "罚款超出所称阶次幅度",
    "fine-in-band",
    "fire",
    "    set: {$.decision.fine: 50000}\n    message: 所称阶次幅度 0—30000 元，罚款 50000 元\n"
    '    evidence: ["$.decision.fine"]\n',
)

# the same case as a 公示 record that does not give the fine: neither rule can be decided
FINE_UNKNOWN = (
    "    set: {$.source: {kind: 公示信息}}\n    delete: [$.decision.fine]\n"
    "    reason: 缺少数据：罚款（元）（decision.fine）\n"
)
CAP_UNKNOWN = case("公示信息未载明罚款数额", "fine-under-cap", "undetermined", FINE_UNKNOWN)
BAND_UNKNOWN = case("公示信息未载明罚款数额（阶次幅度）", "fine-in-band", "undetermined", FINE_UNKNOWN)


def _test(runner, *args: str):
    return runner.invoke(main, ["rules", "test", *args])


def test_shipped_rule_tests_pass(runner) -> None:
    result = _test(runner)
    summary = result.output.splitlines()[-1]
    assert re.fullmatch(r"\d+ passed, 0 failed, \d+ todo", summary), result.output
    assert result.exit_code == 0
    for profile in resources.bundled_profiles():
        assert re.search(
            rf"^coverage {profile.name} \S+: rules \d+/\d+, table rows \d+/\d+, total", result.output, re.MULTILINE
        )


def test_shipped_rule_tests_as_junit(runner, tmp_path: Path) -> None:
    junit = tmp_path / "rules.xml"
    result = _test(runner, "--junit", str(junit))
    assert result.exit_code == 0
    suites = ET.parse(junit).getroot()
    assert suites.tag == "testsuites" and suites.get("failures") == "0" and suites.get("errors") == "0"
    passed = int(result.output.splitlines()[-1].split()[0])
    cases = [c for c in suites.iter("testcase") if c.get("classname") != "coverage"]
    assert len([c for c in cases if c.find("skipped") is None]) == passed


def test_mini_profile_exact_output_and_coverage(runner, tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path,
        {
            "mini.rules.yaml": RULES,
            "mini.tables.yaml": TABLE,
            "mini.tests.yaml": rule_tests(OVER_CAP, UNDER_CAP, OUT_OF_BAND),
        },
    )
    result = _test(runner, str(profile))
    tests = f"{profile}/mini.tests.yaml"
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"PASS {tests}:4 fine-under-cap: 罚款超过上限",
        f"PASS {tests}:9 fine-under-cap: 罚款未超过上限",
        f"PASS {tests}:12 fine-in-band: 罚款超出所称阶次幅度",
        "coverage mini 1: rules 0/2, table rows 0/2, total 0/4 (0.0%)",
        f"  {profile}/mini.rules.yaml:2: rule fine-under-cap: 缺少数据未知用例",
        f"  {profile}/mini.rules.yaml:16: rule fine-in-band: 缺少不触发用例、数据未知用例",
        f"  {profile}/mini.tables.yaml:9: band training-records/未如实记录人数占比不足10%: 缺少不触发用例",
        f"  {profile}/mini.tables.yaml:13: band training-records/未如实记录人数占比10%以上: 缺少触发用例、不触发用例",
        "boundaries mini: rules 0/2 on both sides (0 boundary cases), scores stated 0/2",
        "3 passed, 0 failed, 0 todo",
    ]


def test_min_coverage_fails_the_run_below_the_threshold(runner, tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path,
        {
            "mini.rules.yaml": RULES,
            "mini.tables.yaml": TABLE,
            "mini.tests.yaml": rule_tests(OVER_CAP, UNDER_CAP, CAP_UNKNOWN, OUT_OF_BAND, IN_BAND, BAND_UNKNOWN),
        },
    )
    assert "coverage mini 1: rules 2/2, table rows 1/2, total 3/4 (75.0%)" in _test(runner, str(profile)).output
    assert _test(runner, str(profile), "--min-coverage", "75").exit_code == 0
    result = _test(runner, str(profile), "--min-coverage", "80")
    assert result.exit_code == 1
    assert result.output.splitlines()[-2:] == [
        "coverage 75.0% of mini is below --min-coverage 80%",
        "6 passed, 0 failed, 0 todo",
    ]


def test_a_rule_is_covered_by_the_tests_of_any_profile_that_shares_it(runner, tmp_path: Path) -> None:
    """The parent's tests run against the parent, the child's against the child; a rule counts as
    covered in either profile when a test of either covers it (the child's baseline table is what lets
    the parent's fine-in-band rule fire at all)."""
    parent = write_profile(
        tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(OVER_CAP, UNDER_CAP, CAP_UNKNOWN)}
    )
    child = write_profile(
        tmp_path,
        {"child.tables.yaml": TABLE, "child.tests.yaml": rule_tests(IN_BAND, OUT_OF_BAND, BAND_UNKNOWN)},
        name="child",
        extends="mini",
    )
    for profile in (child, parent):
        result = _test(runner, str(profile))
        assert result.exit_code == 0
        assert [line.split(" ", 2)[:2] for line in result.output.splitlines() if line.startswith("PASS")] == [
            ["PASS", f"{parent}/mini.tests.yaml:4"],
            ["PASS", f"{parent}/mini.tests.yaml:9"],
            ["PASS", f"{parent}/mini.tests.yaml:12"],
            ["PASS", f"{child}/child.tests.yaml:4"],
            ["PASS", f"{child}/child.tests.yaml:7"],
            ["PASS", f"{child}/child.tests.yaml:13"],
        ]
    assert "coverage child 1: rules 2/2, table rows 1/2, total 3/4 (75.0%)" in _test(runner, str(child)).output
    assert "coverage mini 1: rules 2/2, table rows 0/0, total 2/2 (100.0%)" in _test(runner, str(parent)).output
    alone = write_profile(
        tmp_path / "alone", {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(OVER_CAP, UNDER_CAP, CAP_UNKNOWN)}
    )
    assert "coverage mini 1: rules 1/2, table rows 0/0, total 1/2 (50.0%)" in _test(runner, str(alone)).output


def test_a_wrong_expectation_fails_with_a_diff(runner, tmp_path: Path) -> None:
    wrong = OUT_OF_BAND.replace("罚款 50000 元\n", "罚款 40000 元\n").replace('["$.decision.fine"]', '["$.decision"]')
    wrong += '    basis: ["《行政处罚法》（2017）第28条"]\n'
    profile = write_profile(
        tmp_path, {"mini.rules.yaml": RULES, "mini.tables.yaml": TABLE, "mini.tests.yaml": rule_tests(wrong, UNDER_CAP)}
    )
    result = _test(runner, str(profile))
    assert result.exit_code == 1
    assert result.output.splitlines()[:10] == [
        f"FAIL {profile}/mini.tests.yaml:4 fine-in-band: 罚款超出所称阶次幅度",
        "    message differs",
        "      - expected: 所称阶次幅度 0—30000 元，罚款 40000 元",
        "      + actual:   所称阶次幅度 0—30000 元，罚款 50000 元",
        "    evidence differs",
        "      - expected: ['$.decision']",
        "      + actual:   ['$.decision.fine']",
        "    basis differs",
        "      - expected: ['《行政处罚法》（2017）第28条']",
        "      + actual:   ['《行政处罚法》（2021）第28条']",
    ]
    assert result.output.splitlines()[-1] == "1 passed, 1 failed, 0 todo"


def test_wrong_outcome_shows_the_actual_message(runner, tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path,
        {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(OVER_CAP.replace("expect: fire", "expect: pass"))},
    )
    lines = _test(runner, str(profile)).output.splitlines()
    assert lines[:3] == [
        f"FAIL {profile}/mini.tests.yaml:4 fine-under-cap: 罚款超过上限",
        "    expected pass, got fire",
        "      actual: 罚款 200000 元",
    ]


def test_todo_cases_are_reported_not_failed(runner, tmp_path: Path) -> None:
    still_open = case(
        "上限待定", "fine-under-cap", "pass", "    set: {$.decision.fine: 200000}\n    todo: 上限尚未确定\n"
    )
    closed = case("已确定", "fine-under-cap", "pass", "    todo: 曾经不明确\n")
    profile = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(still_open, closed)})
    result = _test(runner, str(profile))
    assert result.exit_code == 0
    assert result.output.splitlines()[:5] == [
        f"TODO {profile}/mini.tests.yaml:4 fine-under-cap: 上限待定",
        "    上限尚未确定",
        f"TODO {profile}/mini.tests.yaml:9 fine-under-cap: 已确定",
        "    曾经不明确",
        "    (now meets its expectation: remove `todo`)",
    ]
    assert result.output.splitlines()[-1] == "0 passed, 0 failed, 2 todo"


def test_a_case_that_cannot_run_is_an_error_and_the_others_still_run(runner, tmp_path: Path) -> None:
    bad_path = case("路径有误", "fine-under-cap", "pass", "    set: {$.nowhere.fine: 1}\n")
    profile = write_profile(
        tmp_path,
        {
            "mini.rules.yaml": RULES,
            "mini.tests.yaml": rule_tests(bad_path, case("规则不存在", "no-such-rule", "fire"), UNDER_CAP),
        },
    )
    result = _test(runner, str(profile))
    assert result.exit_code == 2
    tests = f"{profile}/mini.tests.yaml"
    assert result.output.splitlines()[:5] == [
        f"ERROR {tests}:4 fine-under-cap: 路径有误",
        f"    {tests}:4: bad-path: 基础案卷中没有 `$.nowhere.fine` 的上级节点",
        f"ERROR {tests}:8 no-such-rule: 规则不存在",
        f"    {tests}:9: unknown-rule: 规则 `no-such-rule` 不在规则集 mini 中",
        f"PASS {tests}:11 fine-under-cap: 罚款未超过上限",
    ]
    assert result.output.splitlines()[-1] == "1 passed, 0 failed, 0 todo, 2 errors"


def test_junit_and_json_reports(runner, tmp_path: Path) -> None:
    wrong = UNDER_CAP.replace("expect: pass", "expect: fire")
    todo = case("待定", "fine-under-cap", "pass", "    todo: 待定\n")
    profile = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(OVER_CAP, wrong, todo)})
    junit = tmp_path / "out" / "rules.xml"
    junit.parent.mkdir()
    result = _test(runner, str(profile), "--junit", str(junit), "--min-coverage", "100", "--format", "json")
    assert result.exit_code == 1
    suites = ET.parse(junit).getroot()
    assert {k: suites.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4",
        "failures": "2",
        "errors": "0",
        "skipped": "1",
    }
    file_suite, coverage_suite = suites.findall("testsuite")
    assert file_suite.get("name") == f"{profile}/mini.tests.yaml"
    first, second, third = file_suite.findall("testcase")
    assert (first.get("classname"), first.get("name"), first.get("line")) == (
        "mini.mini",
        "fine-under-cap: 罚款超过上限",
        "4",
    )
    assert second.find("failure").get("message") == "expected fire, got pass"
    assert third.find("skipped").get("message") == "todo: 待定"
    assert coverage_suite.find("testcase/failure").get("message") == "coverage 0.0% is below 100%"
    document = json.loads(result.output)
    assert document["summary"] == {"passed": 1, "failed": 1, "todo": 1, "errors": 0}
    assert document["below_min_coverage"] == ["mini"]
    assert [(i["id"], i["fired"], i["not_fired"]) for i in document["coverage"][0]["items"]] == [
        ("fine-under-cap", [f"{profile}/mini.tests.yaml:4"], []),
        ("fine-in-band", [], []),
    ]


@pytest.mark.parametrize("flag", ["--min-coverage=101", "--min-coverage=-1"])
def test_min_coverage_is_a_percentage(runner, flag: str) -> None:
    assert _test(runner, "national", flag).exit_code == 2
