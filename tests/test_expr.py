"""The condition language: three-valued logic, so missing data is never a silent pass."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import operator
import random
from collections.abc import Callable

import pytest

from engine.errors import CalendarGap
from engine.expr import BOOL, DATE, LIST, NUMBER, TEXT, Context, ExprError, FactSpec, Open, compile_expression
from engine.workcal import WorkCalendar

FACTS = {
    "a": FactSpec(BOOL, "甲"),
    "b": FactSpec(BOOL, "乙"),
    "n": FactSpec(NUMBER, "数"),
    "d": FactSpec(DATE, "日"),
    "kinds": FactSpec(LIST, "种类", frozenset({"警告", "罚款"})),
}


def run(source: str, absent: frozenset[str] = frozenset(), **facts: object) -> object:
    values = dict.fromkeys(FACTS) | facts
    return compile_expression(source, FACTS).run(Context(values, WorkCalendar(), absent))


@pytest.mark.parametrize(
    ("source", "facts", "expected"),
    [
        ("a and b", {"a": True, "b": None}, None),
        ("a and b", {"a": False, "b": None}, False),
        ("a or b", {"a": True, "b": None}, True),
        ("a or b", {"a": False, "b": None}, None),
        ("not a", {"a": None}, None),
        ("n > 3", {"n": None}, None),
        ("exists(n)", {"n": None}, None),  # unknown: the file may not show it
        ("exists(n)", {"n": None, "absent": frozenset({"n"})}, False),  # its part is complete: not there
        ("not exists(n)", {"n": None}, None),
        ("exists(n)", {"n": 0}, True),
        ("coalesce(a, False)", {"a": None}, None),
        ("coalesce(a, False)", {"a": None, "absent": frozenset({"a"})}, False),
        ("coalesce(n > 3, False)", {"n": None, "absent": frozenset({"n"})}, False),
        ("coalesce(n > 3, False)", {"n": None}, None),
        ('"罚款" in kinds', {"kinds": ("警告",)}, False),
        ('"罚款" in kinds', {"kinds": Open(("警告",))}, None),  # the file shows only part of the list
        ('"警告" in kinds', {"kinds": Open(("警告",))}, True),
        ('"罚款" not in kinds', {"kinds": Open(("警告",))}, None),
        ("count(kinds) == 0", {"kinds": Open(())}, None),
        ('overlaps(kinds, ["罚款"])', {"kinds": Open(("警告",))}, None),
        ('overlaps(kinds, ["警告"])', {"kinds": Open(("警告",))}, True),
        ("choose(a, n, 0)", {"a": None, "n": 5}, None),
        ('workdays(d, date("2026-02-28"))', {"d": dt.date(2026, 2, 12)}, 7),
        ("n < 1e999", {"n": 5}, True),  # a literal Python would write as `inf`
        ("-n == -1e999", {"n": float("inf")}, True),
    ],
)
def test_evaluation(source: str, facts: dict[str, object], expected: object) -> None:
    assert run(source, **facts) == expected


def test_names_read_are_recorded_once() -> None:
    compiled = compile_expression("coalesce(n, 1) > 0 and n < 5", FACTS)
    assert compiled.names == ("n",)
    assert compiled.strict_names == ("n",)
    assert compile_expression("exists(n)", FACTS).strict_names == ()


def test_one_text_compiles_against_each_rulebooks_facts() -> None:
    """Profiles share rule texts, whose syntax trees are parsed once: each compile still reads its own facts."""
    as_date = {**FACTS, "n": FactSpec(DATE, "日")}
    assert (compile_expression("n", FACTS).type, compile_expression("n", as_date).type) == (NUMBER, DATE)
    with pytest.raises(ExprError, match="不能比较 date 与 number"):
        compile_expression("n > 3", as_date)
    assert compile_expression("n > 3", FACTS).run(Context({"n": 4}, WorkCalendar(), frozenset())) is True
    for _ in range(2):  # a syntax error is not remembered as a tree
        with pytest.raises(ExprError, match="语法错误"):
            compile_expression("n >", FACTS)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("n = 3", "表达式语法错误"),
        ("a is None", "不支持的比较运算"),
        ('"罚金" in kinds', "`罚金` 不是该事实的取值之一"),
        ("lambda: 1", "不支持的表达式语法"),
        ("n.__class__", "未知事实 `n.__class__`"),
        ("1 < n < 3", "每次只能比较两个值"),
        ("(" * 60 + "n" + " + 1)" * 60 + " > 0", "表达式嵌套超过 50 层"),
        ("not " * 1000 + "a", "表达式嵌套超过 50 层"),
    ],
)
def test_rejected(source: str, message: str) -> None:
    with pytest.raises(ExprError) as raised:
        compile_expression(source, FACTS)
    assert raised.value.message.startswith(message)


# --- the generated code against a plain interpreter of the same language -----------------------------

GAP_YEAR_DATE = dt.date(1999, 1, 4)  # before the calendar's first year: working days raise CalendarGap
CALENDAR = WorkCalendar()


def _reference(node: ast.expr, facts: dict[str, object], absent: frozenset[str] = frozenset()) -> object:
    """The language's meaning, written as directly as possible: operands left to right, all of them
    before the unknown check; Kleene and/or/not; an expression without a value is absent when every
    fact in it without a value is absent (exists() is then False, coalesce() goes on), else unknown;
    an open list holds its items and perhaps others."""

    def absent_(part: ast.expr) -> bool:
        names = [n.id for n in ast.walk(part) if isinstance(n, ast.Name) and n.id in facts]
        return all(facts[n] is not None or n in absent for n in names)

    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List):
        return tuple(_reference(e, facts, absent) for e in node.elts)
    if isinstance(node, ast.Name):
        return facts[node.id]
    if isinstance(node, ast.BoolOp):
        decisive = isinstance(node.op, ast.Or)
        values = []
        for part in node.values:
            value = _reference(part, facts, absent)
            if value is decisive:
                return decisive
            values.append(value)
        return None if None in values else not decisive
    if isinstance(node, ast.UnaryOp):
        value = _reference(node.operand, facts, absent)
        if value is None:
            return None
        return not value if isinstance(node.op, ast.Not) else -value  # type: ignore[operator]
    if isinstance(node, ast.BinOp | ast.Compare):
        right_node = node.right if isinstance(node, ast.BinOp) else node.comparators[0]
        a, b = _reference(node.left, facts, absent), _reference(right_node, facts, absent)
        if a is None or b is None:
            return None
        op = node.op if isinstance(node, ast.BinOp) else node.ops[0]
        return {
            ast.Add: operator.add,
            ast.Sub: operator.sub,
            ast.Mult: operator.mul,
            ast.Eq: operator.eq,
            ast.NotEq: operator.ne,
            ast.Lt: operator.lt,
            ast.Gt: operator.gt,
            ast.GtE: operator.ge,
            ast.In: lambda x, y: True if x in y else None if isinstance(y, Open) else False,
            ast.NotIn: lambda x, y: False if x in y else None if isinstance(y, Open) else True,
        }[type(op)](a, b)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    if name == "date":
        return dt.date.fromisoformat(node.args[0].value)  # type: ignore[attr-defined]
    if name == "coalesce":  # the first argument with a value, past absent ones; the ones after it are not evaluated
        for arg in node.args:
            value = _reference(arg, facts, absent)
            if value is not None:
                return value
            if not absent_(arg):
                return None
        return None
    args = [_reference(a, facts, absent) for a in node.args] if name != "choose" else []
    if name == "exists":
        return True if args[0] is not None else False if absent_(node.args[0]) else None
    if name == "choose":
        picked = _reference(node.args[0], facts, absent)
        return None if picked is None else _reference(node.args[1 if picked else 2], facts, absent)
    if None in args:
        return None
    implementations = {
        "workdays": lambda a, b: CALENDAR.workdays_between(a, b),
        "days": lambda a, b: (b - a).days,
        "count": lambda x: None if isinstance(x, Open) else len(x),
        "max": max,
    }
    return implementations[name](*args)


def _random_expression(rng: random.Random, kind: str, depth: int) -> str:
    if depth == 0 or rng.random() < 0.25:
        leaves = {
            BOOL: ["a", "b", "True", "False"],
            NUMBER: ["n", "m", "3", "0", "count(kinds)"],
            DATE: ["d", "e", 'date("2026-02-12")'],
        }[kind]
        return rng.choice(leaves)
    sub = depth - 1
    if kind == BOOL:
        forms = [
            lambda: (
                f"({_random_expression(rng, BOOL, sub)} {rng.choice(['and', 'or'])} {_random_expression(rng, BOOL, sub)})"
            ),
            lambda: (
                f"({_random_expression(rng, BOOL, sub)} and {_random_expression(rng, BOOL, sub)} and {_random_expression(rng, BOOL, sub)})"
            ),
            lambda: f"not {_random_expression(rng, BOOL, sub)}",
            lambda: (
                f"{_random_expression(rng, NUMBER, sub)} {rng.choice(['>', '>=', '<', '==', '!='])} {_random_expression(rng, NUMBER, sub)}"
            ),
            lambda: (
                f"{_random_expression(rng, DATE, sub)} {rng.choice(['>', '==', '<'])} {_random_expression(rng, DATE, sub)}"
            ),
            lambda: f"exists({rng.choice(['n', 'd', 'kinds', 'a'])})",
            lambda: f"not exists({rng.choice(['n', 'd'])})",
            lambda: f'"罚款" {rng.choice(["in", "not in"])} kinds',
            lambda: f'text {rng.choice(["in", "not in"])} ["甲{{", "乙"]',
            lambda: f"coalesce({_random_expression(rng, BOOL, sub)}, {_random_expression(rng, BOOL, sub)})",
        ]
    elif kind == NUMBER:
        forms = [
            lambda: (
                f"({_random_expression(rng, NUMBER, sub)} {rng.choice(['+', '-', '*'])} {_random_expression(rng, NUMBER, sub)})"
            ),
            lambda: f"-{_random_expression(rng, NUMBER, sub)}",
            lambda: f"days({_random_expression(rng, DATE, sub)}, {_random_expression(rng, DATE, sub)})",
            lambda: f"workdays({_random_expression(rng, DATE, sub)}, {_random_expression(rng, DATE, sub)})",
            lambda: f"max({_random_expression(rng, NUMBER, sub)}, {_random_expression(rng, NUMBER, sub)})",
            lambda: f"coalesce({_random_expression(rng, NUMBER, sub)}, {_random_expression(rng, NUMBER, sub)}, 7)",
            lambda: f"choose({_random_expression(rng, BOOL, sub)}, {_random_expression(rng, NUMBER, sub)}, n)",
        ]
    else:
        return rng.choice(["d", "e", 'date("2026-02-12")'])
    return rng.choice(forms)()


def _outcome(run: Callable[..., object], *args: object) -> object:
    try:
        return run(*args)
    except CalendarGap as gap:
        return ("CalendarGap", str(gap))


def test_generated_code_means_what_the_reference_interpreter_says() -> None:
    """3,000 random expressions × 4 fact sets (unknowns, a year the calendar lacks, an open list) × the
    unknowns unknown or known absent give the same value, or the same CalendarGap, as the interpreter above."""
    facts_spec = FACTS | {
        "m": FactSpec(NUMBER, "另一数"),
        "e": FactSpec(DATE, "另一日"),
        "text": FactSpec(TEXT, "文字"),
    }
    fact_sets = [
        {
            "a": True,
            "b": False,
            "n": 4,
            "m": 2.5,
            "d": dt.date(2026, 2, 2),
            "e": dt.date(2026, 3, 1),
            "kinds": ("罚款",),
            "text": "甲{",
        },
        {"a": None, "b": True, "n": None, "m": 0, "d": dt.date(2026, 1, 5), "e": None, "kinds": None, "text": None},
        {"a": False, "b": None, "n": 0, "m": None, "d": None, "e": dt.date(2025, 12, 31), "kinds": (), "text": "乙"},
        {
            "a": None,
            "b": None,
            "n": -1,
            "m": 1,
            "d": GAP_YEAR_DATE,
            "e": dt.date(2026, 1, 1),
            "kinds": Open(("警告",)),
            "text": "丙",
        },
    ]
    rng = random.Random(20261122)
    checked = 0
    for _ in range(3000):
        source = _random_expression(rng, BOOL, 4)
        compiled = compile_expression(source, facts_spec)
        tree = ast.parse(source, mode="eval").body
        for facts, absent in itertools.product(fact_sets, (frozenset(), frozenset(facts_spec))):
            expected = _outcome(_reference, tree, facts, absent)
            got = _outcome(compiled.run, Context(facts, CALENDAR, absent))
            assert got == expected and type(got) is type(expected), (source, facts, absent, compiled.code)
            checked += 1
    assert checked == 24_000


def test_an_operand_after_an_unknown_one_is_still_evaluated() -> None:
    """`n > workdays(...)` with n unknown: the working days are still counted, so a year the calendar
    lacks is reported (无法判定 with the reason) rather than hidden behind the unknown."""
    facts = dict.fromkeys(FACTS) | {"d": GAP_YEAR_DATE}
    compiled = compile_expression('n > workdays(d, date("2026-01-05"))', FACTS)
    with pytest.raises(CalendarGap):
        compiled.run(Context(facts, CALENDAR))
    assert compile_expression("n > count(kinds)", FACTS).run(Context(facts, CALENDAR)) is None


def test_the_deepest_expression_allowed_compiles_to_valid_code() -> None:
    deepest = "(" * 48 + "n" + " + 1)" * 48 + " > 0"  # 50 levels: the comparison, 48 additions, the fact
    assert compile_expression(deepest, FACTS).run(Context(dict.fromkeys(FACTS) | {"n": 1}, CALENDAR)) is True
    negations = "not " * 49 + "a"
    assert compile_expression(negations, FACTS).run(Context(dict.fromkeys(FACTS) | {"a": True}, CALENDAR)) is False


def test_literals_cannot_become_code() -> None:
    """Strings from rule text reach the generated code only as repr() constants."""
    facts = dict.fromkeys(FACTS) | {"kinds": ("x",)}
    source = "\"__import__('os').system('false')\" in kinds or \"}{\" in kinds"
    spec = FACTS | {"kinds": FactSpec(LIST, "种类")}
    assert compile_expression(source, spec).run(Context(facts, CALENDAR)) is False
