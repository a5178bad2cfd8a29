"""The condition language: three-valued logic, so missing data is never a silent pass."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.expr import BOOL, DATE, LIST, NUMBER, Context, ExprError, FactSpec, compile_expression
from engine.workcal import WorkCalendar

FACTS = {
    "a": FactSpec(BOOL, "甲"),
    "b": FactSpec(BOOL, "乙"),
    "n": FactSpec(NUMBER, "数"),
    "d": FactSpec(DATE, "日"),
    "kinds": FactSpec(LIST, "种类", frozenset({"警告", "罚款"})),
}


def run(source: str, **facts: object) -> object:
    values = dict.fromkeys(FACTS) | facts
    return compile_expression(source, FACTS).run(Context(values, WorkCalendar()))


@pytest.mark.parametrize(
    ("source", "facts", "expected"),
    [
        ("a and b", {"a": True, "b": None}, None),
        ("a and b", {"a": False, "b": None}, False),
        ("a or b", {"a": True, "b": None}, True),
        ("a or b", {"a": False, "b": None}, None),
        ("not a", {"a": None}, None),
        ("n > 3", {"n": None}, None),
        ("exists(n)", {"n": None}, False),
        ("coalesce(a, False)", {"a": None}, False),
        ('"罚款" in kinds', {"kinds": ("警告",)}, False),
        ("choose(a, n, 0)", {"a": None, "n": 5}, None),
        ('workdays(d, date("2026-02-28"))', {"d": dt.date(2026, 2, 12)}, 7),
    ],
)
def test_evaluation(source: str, facts: dict[str, object], expected: object) -> None:
    assert run(source, **facts) == expected


def test_names_read_are_recorded_once() -> None:
    compiled = compile_expression("coalesce(n, 1) > 0 and n < 5", FACTS)
    assert compiled.names == ("n",)
    assert compiled.strict_names == ("n",)
    assert compile_expression("exists(n)", FACTS).strict_names == ()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("n = 3", "表达式语法错误"),
        ("a is None", "不支持的比较运算"),
        ('"罚金" in kinds', "`罚金` 不是该事实的取值之一"),
        ("lambda: 1", "不支持的表达式语法"),
        ("n.__class__", "未知事实 `n.__class__`"),
        ("1 < n < 3", "每次只能比较两个值"),
    ],
)
def test_rejected(source: str, message: str) -> None:
    with pytest.raises(ExprError) as raised:
        compile_expression(source, FACTS)
    assert raised.value.message.startswith(message)
