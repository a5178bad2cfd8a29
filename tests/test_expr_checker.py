"""The expression checker at its edges: what it refuses at load time (a text ordered with `<`, a
`coalesce()` of one argument) and where its pointer stands under a syntax error — also after Chinese
text, which takes three bytes a character in the columns Python's parser counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from minirulebook import rule, write_profile

from engine.errors import OutOfRange, RulebookError
from engine.expr import BOOL, LIST, NUMBER, TEXT, Context, ExprError, FactSpec, Open, compile_expression, format_value
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar


def _load_error(tmp_path: Path, require: str) -> str:
    """The rendered load error of a rule whose `require` is the given text (YAML-quoted)."""
    folder = write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + rule("sample-rule", repr(require))})
    with pytest.raises(RulebookError) as raised:
        load_rulebook(str(folder))
    error = raised.value
    assert (error.code, error.line) == ("expression", 13)  # the `require:` line
    return error.message


@pytest.mark.parametrize(
    ("require", "message"),
    [
        pytest.param(
            "case.procedure < case.procedure",
            "text 只能用 == 或 != 比较\n    case.procedure < case.procedure\n    ^",
            id="text < text",
        ),
        pytest.param(
            'case.procedure >= "简易程序"',
            'text 只能用 == 或 != 比较\n    case.procedure >= "简易程序"\n    ^',
            id="text >= literal",
        ),
        pytest.param(
            "coalesce(decision.fine)",
            "coalesce() 需要两个以上同类型的参数\n    coalesce(decision.fine)\n    ^",
            id="coalesce of one",
        ),
        pytest.param(
            "coalesce(decision.fine, case.id)",
            "coalesce() 需要两个以上同类型的参数\n    coalesce(decision.fine, case.id)\n    ^",
            id="coalesce of two types",
        ),
    ],
)
def test_the_checker_refuses_what_has_no_meaning(tmp_path: Path, require: str, message: str) -> None:
    assert _load_error(tmp_path, require) == message


def test_a_text_compared_with_equals_and_a_coalesce_of_two_load(tmp_path: Path) -> None:
    text = "coalesce(decision.fine, 0) > 0 and case.procedure != case.id"
    folder = write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + rule("sample-rule", repr(text))})
    assert [r.id for r in load_rulebook(str(folder)).rules] == ["sample-rule"]


@pytest.mark.parametrize(
    ("require", "pointer"),
    [
        pytest.param("decision.fine > > 3", "                    ^", id="at the second >"),
        pytest.param("> 3", "    ^", id="at the first character"),
        pytest.param(
            'case.procedure == "简易程序" and and decision.fine > 3',
            # 4 spaces of indent, then `case.procedure == "` (19), 简易程序 (4 wide characters: 8), `" and ` (6)
            " " * (4 + 19 + 8 + 6) + "^",
            id="after Chinese text",
        ),
    ],
)
def test_a_syntax_error_points_at_the_offending_token(tmp_path: Path, require: str, pointer: str) -> None:
    assert _load_error(tmp_path, require) == f"表达式语法错误: invalid syntax\n    {require}\n{pointer}"


# --- each refusal of compile_expression: the message, the column its pointer stands at, the help line ------------

FACTS = {
    "a": FactSpec(BOOL, "甲"),
    "n": FactSpec(NUMBER, "数"),
    "m": FactSpec(NUMBER, "另一数"),
    "procedure": FactSpec(TEXT, "程序"),
    "kinds": FactSpec(LIST, "种类", frozenset({"警告", "罚款"})),
}


@pytest.mark.parametrize(
    ("source", "message", "col", "help"),
    [
        ("nn > 1", "未知事实 `nn` (unknown fact)", 0, "did you mean `n`?"),
        ("zzz > 1", "未知事实 `zzz` (unknown fact)", 0, "see `pingcha rules facts` for the fact model"),
        ("cout(kinds) > 1", "未知函数 `cout()`", 0, "did you mean `count()`?"),
        ('"罚金" in kinds', "`罚金` 不是该事实的取值之一", 0, "did you mean `罚款`?"),
        ('"没收" in kinds', "`没收` 不是该事实的取值之一", 0, "allowed: 罚款、警告"),
        ("n % 2 > 0", "不支持的运算 `n % 2`", 0, None),
        ("count(kinds, kinds) > 0", "count() 需要 1 个参数，实际 2 个", 0, None),
        ("choose(n, 1, 2) > 0", "`n` 的类型是 number，此处需要 bool", 7, None),
        ('choose(a, 1, "1") > 0', "choose(条件, 甲, 乙) 的甲、乙须为同一类型", 0, None),
        ("date(procedure) > date(procedure)", 'date() 需要 "YYYY-MM-DD" 形式的文字', 0, None),
        ("count(n) > 0", "`n` 的类型是 number，此处需要 list", 6, None),
    ],
)
def test_each_refusal_says_what_where_and_how_to_fix_it(source: str, message: str, col: int, help: str | None) -> None:
    with pytest.raises(ExprError) as raised:
        compile_expression(source, FACTS)
    assert (raised.value.message, raised.value.col, raised.value.help) == (message, col, help)


def test_a_division_by_a_zero_fact_names_the_divisor_in_the_reason() -> None:
    compiled = compile_expression("n / m > 1", FACTS)
    facts = dict.fromkeys(FACTS) | {"n": 10, "m": 0}
    with pytest.raises(OutOfRange) as raised:
        compiled.run(Context(facts, WorkCalendar()))
    assert str(raised.value) == "除数 m 为 0，无法计算"
    assert compiled.run(Context(facts | {"m": 4}, WorkCalendar())) is True  # 2.5 > 1
    assert compiled.run(Context(facts | {"m": None}, WorkCalendar())) is None


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Open(("警告", "罚款")), "警告、罚款（卷内所见，不完整）"), (Open(()), "未载明"), (("警告",), "警告"), ((), "无")],
)
def test_a_list_in_a_message_says_when_the_file_shows_only_part_of_it(value: object, shown: str) -> None:
    assert format_value(value) == shown


@pytest.mark.parametrize(("procedure", "expected"), [("简易程序", True), ("普通程序", False), (None, None)])
def test_a_text_in_a_literal_list(procedure: str | None, expected: bool | None) -> None:
    compiled = compile_expression('procedure in ["简易程序", "快速办理"]', FACTS)
    assert compiled.run(Context(dict.fromkeys(FACTS) | {"procedure": procedure}, WorkCalendar())) is expected
