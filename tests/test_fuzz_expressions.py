"""Random rule expressions, loaded in a minimal rulebook and run on example case files (issue 13).

Hypothesis writes conditions and message placeholders from the whole condition language, with the
values that broke it before: zero divisors, 1e999, 10^18, dates at 0001-01-01 and 9999-12-31, a year
the calendar lacks, a lone surrogate. Whatever it writes:
- loading raises nothing but the project's RulebookError (as `rules lint` loads: each broken rule is
  reported and left out, the others load);
- evaluating, scoring and rendering a case raise nothing at all;
- a rule whose condition cannot be worked out for the case (Undecidable: OutOfRange, CalendarGap)
  is that rule's 无法判定 with the reason, and the case's other rules are still decided.
Derandomized and bounded: the same examples on every run, in well under 20 seconds.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from minirulebook import rule, write_profile

from engine import resources
from engine.casefile import load_case_file
from engine.errors import RulebookError, Undecidable
from engine.evaluate import build_context, evaluate_case
from engine.expr import Context
from engine.render import result_to_dict, to_json, to_text
from engine.rulebook import Rule, load_rulebook
from engine.workcal import WorkCalendar

PROFILES = itertools.count()
AS_OF = dt.date(2026, 11, 21)
CALENDAR = WorkCalendar()
CASES = [
    load_case_file(resources.rules_dir() / "testcases" / "penalty-emergency-2025.json"),
    load_case_file(EXAMPLES / "nat-07-overdue-97-days.json"),
    load_case_file(EXAMPLES / "em-03-discretion-and-deadlines.json"),
]

NUMBER_LEAVES = st.sampled_from(
    [
        "decision.fine",
        "notice.period_days",
        "extension.days",
        "excluded.check_days",
        "0",
        "1",
        "-1",
        "2.5",
        "90",
        "1e999",
        "1e18",
    ]
    + ["3652059", "999999999", "0x7fffffff", "1000000000000000000"]
) | st.integers(-(10**6), 10**6).map(str)
DATE_LEAVES = st.sampled_from(
    ["date.决定", "date.立案", "date.告知", "date.决定书送达", "as_of"]
    + ['date("9999-12-31")', 'date("0001-01-01")', 'date("2026-02-12")', 'date("1999-01-04")']
)
BOOL_LEAVES = st.sampled_from(
    ["decision.exists", "True", "False", "exists(decision.fine)", "exists(date.告知)", 'case.procedure == "普通程序"']
    + ['case.id == "甲"', 'case.id == "\\ud800"']
)


def _call(name: str, *parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map(lambda args: f"{name}({', '.join(args)})")


def _expressions(depth: int) -> dict[str, st.SearchStrategy[str]]:
    """Strategies for expressions of each type, at most `depth` operators deep (a leaf at any level)."""
    if depth == 0:
        return {"number": NUMBER_LEAVES, "date": DATE_LEAVES, "bool": BOOL_LEAVES}
    sub = _expressions(depth - 1)
    number, date, boolean = sub["number"], sub["date"], sub["bool"]
    comparison = st.sampled_from(["<", "<=", "==", "!=", ">", ">="])
    numbers = st.one_of(
        NUMBER_LEAVES,
        st.tuples(number, st.sampled_from(["+", "-", "*", "/"]), number).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        number.map(lambda n: f"-{n}"),
        _call("days", date, date),
        _call("workdays", date, date),
        _call("min", number, number),
        _call("max", number, number),
        _call("coalesce", number, number),
        _call("choose", boolean, number, number),
    )
    dates = st.one_of(
        DATE_LEAVES,
        *(_call(name, date, number) for name in ("add_workdays", "deadline", "add_months", "month_deadline")),
        _call("coalesce", date, date),
        _call("choose", boolean, date, date),
    )
    booleans = st.one_of(
        BOOL_LEAVES,
        st.tuples(boolean, st.sampled_from(["and", "or"]), boolean).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        boolean.map(lambda b: f"not {b}"),
        st.tuples(number, comparison, number).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(date, comparison, date).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        _call("coalesce", boolean, st.just("False")),
    )
    return {"number": numbers, "date": dates, "bool": booleans}


EXPRESSIONS = _expressions(3)
RULES = st.lists(
    st.tuples(EXPRESSIONS["bool"], EXPRESSIONS["bool"], EXPRESSIONS["number"], EXPRESSIONS["date"]),
    min_size=1,
    max_size=4,
)


def _rules_file(specs: list[tuple[str, str, str, str]]) -> str:
    """Each generated rule; every value a JSON string (a valid YAML scalar whatever the expression)."""

    def quoted(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    return "rules:\n" + "".join(
        rule(f"fuzz-{n}", quoted(require), quoted(when), quoted(f"值 {{{number}}}，日期 {{{date}}}"))
        for n, (when, require, number, date) in enumerate(specs)
    )


def _raised(rule_: Rule, ctx: Context) -> Undecidable | None:
    """The Undecidable a rule's `when`, then (once `when` holds) its `require`, raises for the case."""
    assert rule_.when is not None and rule_.require is not None
    try:
        if rule_.when.run(ctx) is True:
            rule_.require.run(ctx)
    except Undecidable as exc:
        return exc
    return None


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for every example's profile (the rule-test cases it holds are copied once)."""
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(specs=RULES)
@example(  # the arithmetic that used to crash every case, on values only the case file knows
    [
        ("decision.exists", "decision.fine / excluded.check_days > 1", "decision.fine", "date.决定"),
        ("decision.exists", "deadline(date.决定, decision.fine * 10000) > as_of", "1", 'date("2026-02-12")'),
        ("decision.exists", "decision.fine > 0", "decision.fine", "add_months(date.决定, decision.fine * 10000)"),
    ]
)
def test_random_expressions_load_or_are_refused_and_never_crash_a_case(
    root: Path, specs: list[tuple[str, str, str, str]]
) -> None:
    folder = write_profile(root, {"fuzz.rules.yaml": _rules_file(specs)}, name=f"fuzz{next(PROFILES)}")
    problems: list[RulebookError] = []
    try:
        book = load_rulebook(str(folder), problems)
    except RulebookError:
        return  # refused as a whole, with file:line: allowed
    finally:
        shutil.rmtree(folder)
    assert all(isinstance(p, RulebookError) and p.line for p in problems)
    event(f"{len(problems)} rule(s) refused at load time")
    for case in CASES:
        result = evaluate_case(case, book, AS_OF, CALENDAR, "fuzz")
        to_text(result)  # rendering each finding's message raises nothing either
        to_json(result_to_dict(result))
        ctx, _ = build_context(case, book, AS_OF, CALENDAR)
        undetermined = {u.rule.id: u.reason for u in result.undetermined}
        decided = {f.rule.id for f in result.findings} | set(result.passed) | set(undetermined)
        assert len(decided) + result.not_applicable == len(book.rules_for(case.case_type))
        for rule_ in book.rules:
            raised = _raised(rule_, ctx)
            if raised is not None:
                event(f"a rule 无法判定 on {type(raised).__name__}")
                assert undetermined.get(rule_.id) == str(raised), (rule_.when, rule_.require)
