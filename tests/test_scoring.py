"""Scoring at its edges: the per-category cap (扣完为止), the floor at 0 (不计负分), a score exactly on a
grade line, and the range an undecided item opens — with the national profile's numbers
(卷面 20 + 内容 80, grades 90/80/60)."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from engine.rulebook import Rule, load_rulebook
from engine.scoring import DEFINITE, PROVISIONAL, TO_VERIFY, score

NATIONAL = load_rulebook("national")
TEMPLATE = NATIONAL.rules[0]


def item(category: str, points: float, severity: str = "minor") -> Rule:
    """A rule that deducts `points` in `category` (only these three fields count in scoring)."""
    return dataclasses.replace(TEMPLATE, id=f"{category}-{points}", category=category, points=points, severity=severity)


def scoring(**changes: Any) -> dict[str, Any]:
    result = copy.deepcopy(NATIONAL.scoring)
    result.update(changes)
    return result


def test_the_national_scoring_is_the_one_these_tests_assume() -> None:
    assert NATIONAL.scoring["total"] == 100
    assert NATIONAL.scoring["categories"] == {"卷面": 20, "内容": 80}
    assert [(g["name"], g["min"]) for g in NATIONAL.scoring["grades"]] == [
        ("优秀", 90),
        ("良好", 80),
        ("合格", 60),
        ("不合格", 0),
    ]


@pytest.mark.parametrize(
    ("content", "form", "expected", "deducted"),
    [
        pytest.param(79, 5, 16.0, {"卷面": 5, "内容": 79}, id="内容 one under its cap"),
        pytest.param(80, 5, 15.0, {"卷面": 5, "内容": 80}, id="内容 exactly at its cap"),
        pytest.param(85, 5, 15.0, {"卷面": 5, "内容": 80}, id="内容 over its cap: 扣完为止"),
        pytest.param(0, 25, 80.0, {"卷面": 20, "内容": 0}, id="卷面 over its cap"),
    ],
)
def test_a_category_loses_at_most_its_cap(content: float, form: float, expected: float, deducted: dict) -> None:
    result = score([item("内容", content), item("卷面", form)], NATIONAL.scoring)
    assert (result.score, result.deductions) == (expected, deducted)


def test_deductions_of_one_category_add_up_before_the_cap() -> None:
    result = score([item("内容", 50), item("内容", 40), item("卷面", 3)], NATIONAL.scoring)
    assert (result.score, result.grade, result.deductions) == (17.0, "不合格", {"卷面": 3, "内容": 80})


def test_caps_adding_up_to_more_than_the_total_floor_the_score_at_0() -> None:
    """A profile whose caps (60 + 60) exceed the total (100): everything deducted gives 0 and the lowest
    grade, never a negative score (and never a failure to find a grade)."""
    wide = scoring(categories={"卷面": 60, "内容": 60})
    result = score([item("内容", 60), item("卷面", 60)], wide)
    assert (result.score, result.grade, result.low, result.status) == (0.0, "不合格", 0.0, DEFINITE)
    one_short = score([item("内容", 60), item("卷面", 39)], wide)
    assert (one_short.score, one_short.grade) == (1.0, "不合格")


def test_an_undecided_item_cannot_take_the_bottom_of_the_range_below_0() -> None:
    wide = scoring(categories={"卷面": 60, "内容": 60})
    result = score([item("内容", 60)], wide, [item("卷面", 60)])
    assert (result.score, result.low, result.grade, result.low_grade) == (40.0, 0.0, "不合格", "不合格")


@pytest.mark.parametrize(
    ("deducted", "expected_grade"),
    [
        pytest.param(9, "优秀", id="91"),
        pytest.param(10, "优秀", id="90 exactly: 优秀"),
        pytest.param(10.5, "良好", id="89.5"),
        pytest.param(20, "良好", id="80 exactly: 良好"),
        pytest.param(21, "合格", id="79"),
        pytest.param(40, "合格", id="60 exactly: 合格"),
        pytest.param(40.5, "不合格", id="59.5"),
    ],
)
def test_a_score_on_a_grade_line_gets_that_grade(deducted: float, expected_grade: str) -> None:
    result = score([item("内容", deducted)], NATIONAL.scoring)
    assert (result.score, result.grade) == (100 - deducted, expected_grade)


def test_a_veto_item_gives_the_veto_score_and_grade_whatever_the_points() -> None:
    result = score([item("卷面", 1), item("内容", 0, severity="veto")], NATIONAL.scoring)
    assert (result.score, result.grade, result.vetoed) == (0.0, "不合格", True)


def test_an_undecided_item_that_could_cross_a_grade_line_makes_the_grade_provisional() -> None:
    on_the_line = score([item("内容", 10)], NATIONAL.scoring, [item("卷面", 1)])
    assert (on_the_line.score, on_the_line.grade, on_the_line.low, on_the_line.low_grade) == (
        90.0,
        "优秀",
        89.0,
        "良好",
    )
    assert on_the_line.status == PROVISIONAL
    same_grade = score([item("内容", 9)], NATIONAL.scoring, [item("卷面", 1)])
    assert (same_grade.low, same_grade.low_grade, same_grade.status) == (90.0, "优秀", DEFINITE)


def test_an_undecided_veto_item_leaves_the_file_to_verify() -> None:
    result = score([], NATIONAL.scoring, [item("内容", 0, severity="veto")])
    assert (result.score, result.grade, result.low, result.low_grade, result.status) == (
        100.0,
        "优秀",
        0.0,
        "不合格",
        TO_VERIFY,
    )
