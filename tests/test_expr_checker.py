"""The expression checker at its edges: what it refuses at load time (a text ordered with `<`, a
`coalesce()` of one argument) and where its pointer stands under a syntax error — also after Chinese
text, which takes three bytes a character in the columns Python's parser counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from minirulebook import rule, write_profile

from engine.errors import RulebookError
from engine.rulebook import load_rulebook


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
