"""Rule tests on a rule's edges: boundary cases counted apart from fire/pass, and a `scores` table that
states each rule's severity and points, so that a severity changed by mistake in the rulebook fails."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from minirulebook import case, rule, rule_tests, write_profile

from engine import resources
from engine.cli import main

RULES = (
    "rules:\n" + rule("fine-under-cap", "decision.fine <= param.fine_cap") + rule("fine-positive", "decision.fine > 0")
)


def _test(runner, *args: str):
    return runner.invoke(main, ["rules", "test", *args])


def _fine(amount: int) -> str:
    return f"    set: {{$.decision.fine: {amount}}}\n"


def _with_scores(scores: str, *cases: str) -> str:
    header, body = rule_tests(*cases).split("cases:\n")
    return f"{header}scores:\n{scores}cases:\n{body}"


def test_a_scores_table_is_checked_against_the_profile(runner, tmp_path: Path) -> None:
    """Both mini rules are minor, 1 point: an entry that says major 2 fails at its own line."""
    tests = _with_scores(
        "  fine-under-cap: major 2\n  fine-positive: minor 1\n",
        case("罚款超过上限", "fine-under-cap", "fire", _fine(100001)),
    )
    profile = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": tests})
    result = _test(runner, str(profile))
    assert result.exit_code == 1
    display = f"{profile}/mini.tests.yaml"
    assert result.output.splitlines()[:5] == [
        f"FAIL {display}:4 fine-under-cap: 扣分",
        "    severity and points differ",
        "      - expected: major 2",
        "      + actual:   minor 1",
        f"PASS {display}:5 fine-positive: 扣分",
    ]
    assert "boundaries mini: rules 0/2 on both sides (0 boundary cases), scores stated 1/2" in result.output
    assert result.output.splitlines()[-1] == "2 passed, 1 failed, 0 todo"


def test_a_scores_entry_for_an_unknown_rule_is_an_error(runner, tmp_path: Path) -> None:
    tests = _with_scores("  fine-over-cap: minor 1\n", case("罚款超过上限", "fine-under-cap", "fire", _fine(100001)))
    profile = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": tests})
    result = _test(runner, str(profile))
    assert result.exit_code == 2
    display = f"{profile}/mini.tests.yaml"
    assert result.output.splitlines()[:2] == [
        f"ERROR {display}:4 fine-over-cap: 扣分",
        f"    {display}:4: unknown-rule: 规则 `fine-over-cap` 不在规则集 mini 中",
    ]


def test_a_scores_entry_is_written_as_severity_and_points(runner, tmp_path: Path) -> None:
    tests = _with_scores("  fine-under-cap: 一般 1\n", case("罚款超过上限", "fine-under-cap", "fire", _fine(100001)))
    profile = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": tests})
    result = _test(runner, str(profile))
    assert result.exit_code == 2
    assert f"{profile}/mini.tests.yaml:4: schema: $.scores.fine-under-cap: '一般 1' 不符合格式" in result.output


def test_boundary_cases_are_counted_per_rule_and_side(runner, tmp_path: Path) -> None:
    """fine-under-cap (上限 100000) on both sides of its threshold; fine-positive on one side only."""
    boundary = "    boundary: true\n"
    at_cap = case("罚款正好等于上限", "fine-under-cap", "pass", _fine(100000) + boundary)
    past_cap = case("罚款超过上限1元", "fine-under-cap", "fire", _fine(100001) + boundary)
    far_past_cap = case("罚款远超上限", "fine-under-cap", "fire", _fine(900000))
    zero = case("罚款为0", "fine-positive", "fire", _fine(0) + boundary)
    one = case("罚款1元", "fine-positive", "pass", _fine(1))
    profile = write_profile(
        tmp_path,
        {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(at_cap, past_cap, far_past_cap, zero, one)},
    )
    result = _test(runner, str(profile))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = lines.index("boundaries mini: rules 1/2 on both sides (3 boundary cases), scores stated 0/2")
    assert (
        lines[at + 1]
        == f"  {profile}/mini.rules.yaml:16: rule fine-positive: 界值用例只有触发一侧，缺少界值另一侧不触发的用例"
    )
    assert lines[at + 2] == "5 passed, 0 failed, 0 todo"

    document = json.loads(_test(runner, str(profile), "--format", "json").output)
    tests = f"{profile}/mini.tests.yaml"
    assert [c["boundary"] for c in document["cases"]] == [True, True, False, True, False]
    cov = document["coverage"][0]
    assert cov["boundaries"] == {"rules_both_sides": 1, "cases": 3, "scores_stated": 0, "rules": 2}
    assert [(i["id"], i["boundary_fired"], i["boundary_not_fired"]) for i in cov["items"]] == [
        ("fine-under-cap", [f"{tests}:9"], [f"{tests}:4"]),
        ("fine-positive", [f"{tests}:18"], []),
    ]


def _shipped_rules_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the shipped rules/ with one edit in one rules file (the edit must apply exactly once)."""
    copy = tmp_path / "rules"
    shutil.copytree(resources.rules_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return copy


PRESIDER = "  - id: hearing-presider-independent\n    title: 听证由本案调查人员主持\n    family: 评查标准\n    category: 内容\n"


def test_a_changed_severity_in_the_national_rulebook_fails_a_rule_test(runner, tmp_path: Path) -> None:
    """The survivor of issue 14: hearing-presider-independent changed from major to minor passed every test."""
    copy = _shipped_rules_with(
        tmp_path,
        "national/procedure.rules.yaml",
        PRESIDER + "    severity: major\n",
        PRESIDER + "    severity: minor\n",
    )
    result = _test(runner, str(copy / "national"))
    assert result.exit_code == 1
    failed = re.findall(r"^FAIL (\S+) (\S+): (.*)$", result.output, re.MULTILINE)
    assert failed == [(f"{copy}/national/procedure.tests.yaml:20", "hearing-presider-independent", "扣分")]
    assert "    severity and points differ\n      - expected: major 3\n      + actual:   minor 3\n" in result.output


def test_changed_points_in_the_national_rulebook_fail_a_rule_test(runner, tmp_path: Path) -> None:
    copy = _shipped_rules_with(
        tmp_path,
        "national/procedure.rules.yaml",
        PRESIDER + "    severity: major\n    points: 3\n",
        PRESIDER + "    severity: major\n    points: 2\n",
    )
    result = _test(runner, str(copy / "national"))
    assert result.exit_code == 1
    assert "    severity and points differ\n      - expected: major 3\n      + actual:   major 2\n" in result.output
