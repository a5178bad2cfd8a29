"""Rules at their edges: each boundary a user relies on, tested on the day (or value) itself and on both
sides — a rule's period of force, a parameter version's first day, the last valid day of an 执法证, the
party's birthday, publicity counted in working days across a holiday, a fine at a cap, a fact exactly on
a discretion band line, 减轻 above the statutory minimum."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF
from minirulebook import rule, write_profile

from engine import resources
from engine.casefile import parse_case_file
from engine.evaluate import evaluate_case
from engine.rulebook import Rulebook, load_rulebook
from engine.tables import Parameter
from engine.workcal import WorkCalendar

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def _rulebook(name: str) -> Rulebook:
    return load_rulebook(name)


def base(name: str) -> dict[str, Any]:
    """A rule-test base case file (rules/testcases/<name>.json), as a fresh dict."""
    return json.loads((resources.rules_dir() / "testcases" / f"{name}.json").read_text(encoding="utf-8"))


def shifted(case: dict[str, Any], days: int) -> dict[str, Any]:
    """The case with every date moved by `days`: the same story told on other days."""

    def move(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: move(item) for key, item in value.items()}
        if isinstance(value, list):
            return [move(item) for item in value]
        if isinstance(value, str) and _ISO_DAY.match(value):
            return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
        return value

    return move(case)  # type: ignore[no-any-return]


def decided_on(case: dict[str, Any], day: str) -> dict[str, Any]:
    """The case told so that its decision falls on `day`."""
    delta = (dt.date.fromisoformat(day) - dt.date.fromisoformat(case["decision"]["date"])).days
    return shifted(case, delta)


def edit(case: dict[str, Any], **paths: Any) -> dict[str, Any]:
    """The case with values set at paths written with `__` (`decision__fine`, `officers__0__certificate_valid_to`)."""
    edited = copy.deepcopy(case)
    for path, value in paths.items():
        *parents, last = path.split("__")
        target = edited
        for step in parents:
            target = target[int(step)] if isinstance(target, list) else target[step]
        target[int(last) if isinstance(target, list) else last] = value
    return edited


def outcome(case: dict[str, Any], rule_id: str, profile: str = "national") -> tuple[str, str | None]:
    """The rule's outcome on the case (fire, pass, undetermined, not-applicable) and its message or reason."""
    return _outcome_with(case, rule_id, _rulebook(profile))


def _outcome_with(case: dict[str, Any], rule_id: str, rulebook: Rulebook) -> tuple[str, str | None]:
    parsed = parse_case_file(json.dumps(case, ensure_ascii=False), "case.json")
    result = evaluate_case(parsed, rulebook, AS_OF, WorkCalendar(), "case.json")
    for finding in result.findings:
        if finding.rule.id == rule_id:
            return "fire", finding.message
    for item in result.undetermined:
        if item.rule.id == rule_id:
            return "undetermined", item.reason
    assert rule_id in {rule.id for rule in result.rulebook.rules}, rule_id
    return ("pass" if rule_id in result.passed else "not-applicable"), None


EMERGENCY_2025 = base("penalty-emergency-2025")


# --- a rule's period of force (`effective`) ---------------------------------------------------------


def test_a_rule_applies_from_the_first_day_of_its_period() -> None:
    """penalty-decision-published: 自2019-01-03起施行（按决定日期）; before it, 无法判定 with the reason."""
    unpublished = edit(EMERGENCY_2025, publicity=None)
    assert outcome(decided_on(unpublished, "2019-01-03"), "penalty-decision-published") == (
        "fire",
        "决定日期 2019-01-03，公示期限届满日 2019-01-14，公示日期 未载明",
    )
    assert outcome(decided_on(unpublished, "2019-01-02"), "penalty-decision-published") == (
        "undetermined",
        "本项规定自2019-01-03起施行，本案决定日期 2019-01-02 不在其施行期间：当时的规定未编入本规则集",
    )


def test_a_rule_applies_up_to_the_last_day_of_its_period() -> None:
    """simple-procedure-measures-cap (emergency): 2021-07-15 至 2026-01-31（按决定日期；期间外不适用）."""
    over_2015_cap = edit(base("simple-procedure-2025"), decision__fine=2000)
    undetermined = "2015年《安全生产违法行为行政处罚办法》的简易程序上限"
    for day, expected in [
        ("2021-07-14", "not-applicable"),
        ("2021-07-15", "undetermined"),
        ("2026-01-31", "undetermined"),
        ("2026-02-01", "not-applicable"),
    ]:
        kind, reason = outcome(decided_on(over_2015_cap, day), "simple-procedure-measures-cap", "emergency")
        assert kind == expected, day
        assert kind != "undetermined" or (reason or "").startswith(undetermined)


# --- a parameter version on its first day ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "stated", "expected"),
    [
        pytest.param("2015-04-30", 3, "pass", id="last day of 3 months"),
        pytest.param("2015-05-01", 6, "pass", id="first day of 6 months"),
        pytest.param("2015-05-01", 3, "fire", id="3 months stated on the first day of 6"),
    ],
)
def test_the_litigation_period_changes_on_its_first_day(day: str, stated: int, expected: str) -> None:
    case = edit(base("penalty-emergency-2018"), decision__remedies__litigation_period_months=stated)
    kind, message = outcome(decided_on(case, day), "decision-remedies-stated")
    assert kind == expected
    if kind == "fire":
        assert message is not None and message.endswith("应为复议期限 60 日、起诉期限 6 个月")


def test_a_parameter_version_is_chosen_by_its_from_and_until_days_inclusive() -> None:
    months = _rulebook("national").parameters["litigation_period_months"]
    assert isinstance(months, Parameter)
    assert [months.resolve("单位", dt.date(2015, 4, 30)), months.resolve("单位", dt.date(2015, 5, 1))] == [3, 6]


def test_the_court_window_counts_the_litigation_period_of_the_decision_day() -> None:
    """起诉期限届满日 from a decision served on 2015-05-02 (decided 2015-05-01): six months, not three, not unknown."""
    case = edit(
        base("penalty-emergency-2018"),
        enforcement={"mode": "申请人民法院强制执行", "reminder_served_on": "2018-05-01", "applied_on": "2018-06-10"},
    )
    kind, message = outcome(decided_on(case, "2015-05-01"), "court-application-window")
    assert kind == "fire"
    assert message is not None and message.startswith("起诉期限（或批准暂缓、分期缴纳的期限）届满日 2015-11-02，")


# --- the 执法证's validity and the party's age -------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "day", "expected"),
    [
        pytest.param("certificate_valid_to", "2025-03-26", "pass", id="valid to the last day he acts"),
        pytest.param("certificate_valid_to", "2025-03-25", "fire", id="expired the day before he serves"),
        pytest.param("certificate_valid_from", "2025-03-11", "pass", id="valid from the first day he acts"),
        pytest.param("certificate_valid_from", "2025-03-12", "fire", id="valid from the day after he opens the case"),
    ],
)
def test_an_officer_is_certified_on_each_end_day_of_his_certificate(field: str, day: str, expected: str) -> None:
    """张明 (o1) acts from the 立案 on 2025-03-11 (李华 alone inspects on 03-10, the file's first day) to the
    送达 on 2025-03-26."""
    case = edit(EMERGENCY_2025, events__0__actors=["o2"], **{f"officers__0__{field}": day})
    kind, message = outcome(case, "officer-certificate-valid")
    assert kind == expected
    if kind == "fire":
        assert message == "无执法证：无；执法时执法证不在有效期内：张明"


def _person_born(day: str) -> dict[str, Any]:
    """The 2025 case with a natural person (violation on 2025-02-20) born on `day`."""
    party = {**EMERGENCY_2025["party"], "kind": "个人", "name": "王某", "birth_date": day}
    return edit(EMERGENCY_2025, party=party)


@pytest.mark.parametrize(
    ("birth", "expected", "message"),
    [
        pytest.param("2011-02-19", "pass", None, id="14 the day before"),
        pytest.param("2011-02-20", "pass", None, id="14th birthday on the day"),
        pytest.param("2011-02-21", "fire", "当事人违法时 13 周岁", id="14 the day after"),
    ],
)
def test_the_party_is_14_on_the_14th_birthday(birth: str, expected: str, message: str | None) -> None:
    kind, text = outcome(_person_born(birth), "no-penalty-for-incapable")
    assert kind == expected
    assert message is None or (text or "").startswith(message)


# --- publicity in working days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        pytest.param("2025-10-14", "pass", id="working day 6"),
        pytest.param("2025-10-15", "pass", id="working day 7: the last day"),
        pytest.param("2025-10-16", "fire", id="working day 8"),
    ],
)
def test_publicity_counts_working_days_across_the_national_day_holiday(published: str, expected: str) -> None:
    """Decided Monday 2025-09-29: 9-30, 10-09, 10-10, 10-11 (a Saturday worked), 10-13, 10-14, 10-15.
    Seven calendar days would end on 10-06, in the middle of the holiday."""
    case = decided_on(EMERGENCY_2025, "2025-09-29")
    case["publicity"]["published_on"] = published
    kind, message = outcome(case, "penalty-decision-published")
    assert kind == expected
    if kind == "fire":
        assert message == f"决定日期 2025-09-29，公示期限届满日 2025-10-15，公示日期 {published}"


def test_publicity_on_the_seventh_calendar_day_over_a_weekend_is_in_time() -> None:
    """Decided Friday 2025-03-21: the 7th working day is Tuesday 04-01, four days after the 7th calendar day."""
    case = decided_on(EMERGENCY_2025, "2025-03-21")
    case["publicity"]["published_on"] = "2025-04-01"
    assert outcome(case, "penalty-decision-published") == ("pass", None)
    case["publicity"]["published_on"] = "2025-04-02"
    assert outcome(case, "penalty-decision-published") == (
        "fire",
        "决定日期 2025-03-21，公示期限届满日 2025-04-01，公示日期 2025-04-02",
    )


# --- fines at a cap ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fine", "expected"),
    [
        pytest.param(999, "not-applicable", id="under the 2015 cap"),
        pytest.param(1000, "not-applicable", id="exactly the 2015 cap (1000元以下 includes it)"),
        pytest.param(1001, "undetermined", id="one yuan over the 2015 cap"),
    ],
)
def test_a_simple_procedure_fine_exactly_at_the_2015_cap_is_within_it(fine: int, expected: str) -> None:
    case = edit(base("simple-procedure-2025"), decision__fine=fine)
    assert outcome(case, "simple-procedure-measures-cap", "emergency")[0] == expected


@pytest.mark.parametrize(
    ("fine", "expected"),
    [pytest.param(3000, "pass", id="exactly 3000"), pytest.param(3001, "fire", id="3001")],
)
def test_a_simple_procedure_fine_exactly_at_the_2021_cap_is_within_it(fine: int, expected: str) -> None:
    case = edit(base("simple-procedure-2025"), decision__fine=fine)
    assert outcome(case, "simple-procedure-eligible")[0] == expected


@pytest.mark.parametrize(
    ("fine", "expected"),
    [
        pytest.param(100000, "pass", id="exactly the statutory maximum"),
        pytest.param(100001, "fire", id="one yuan over it"),
    ],
)
def test_a_fine_exactly_at_the_statutory_maximum_is_within_the_range(fine: int, expected: str) -> None:
    case = edit(EMERGENCY_2025, decision__fine=fine)
    kind, message = outcome(case, "fine-within-statutory-range", "emergency")
    assert kind == expected
    if kind == "fire":
        assert message == ("罚款 100001 元，法定幅度 0—100000 元（未如实记录安全生产教育和培训情况），裁量阶次：从轻")


# --- discretion bands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        pytest.param(0.09, "pass", id="9%: 不足10%"),
        pytest.param(0.1, "fire", id="exactly 10%: 10%以上"),
        pytest.param(0.11, "fire", id="11%"),
    ],
)
def test_exactly_10_percent_is_in_the_10_percent_and_over_band(share: float, expected: str) -> None:
    case = edit(EMERGENCY_2025, violation__facts={"未如实记录人数占比": share})
    kind, message = outcome(case, "level-matches-facts", "emergency")
    assert kind == expected
    if kind == "fire":
        assert message == "依违法情节应适用“未如实记录人数占比10%以上不足30%”（一般），决定称“从轻”"


@pytest.mark.parametrize(
    ("fine", "expected"),
    [pytest.param(30000, "pass", id="the band's top"), pytest.param(30001, "fire", id="one yuan over")],
)
def test_a_fine_at_the_top_of_the_claimed_band_is_in_it(fine: int, expected: str) -> None:
    case = edit(EMERGENCY_2025, decision__fine=fine)
    assert outcome(case, "fine-within-claimed-band", "emergency")[0] == expected


MARKET_2025 = base("penalty-market-2025")  # GG-62-2: 5000—30000 元, the market's 30% scheme


@pytest.mark.parametrize(
    ("level", "fine", "expected"),
    [
        pytest.param("减轻", 4999, "pass", id="减轻 under the minimum"),
        pytest.param("减轻", 5000, "pass", id="减轻 at the minimum"),
        pytest.param("减轻", 5001, "fire", id="减轻 above the minimum"),
        pytest.param("从轻", 12500, "pass", id="从轻 at 30%"),
        pytest.param("从轻", 12501, "fire", id="从轻 above 30%"),
    ],
)
def test_a_claimed_level_in_a_fraction_table_bounds_the_fine(level: str, fine: int, expected: str) -> None:
    case = edit(MARKET_2025, decision__fine=fine)
    case["decision"]["discretion"]["level"] = level
    kind, message = outcome(case, "fine-within-claimed-band", "market")
    assert kind == expected
    if kind == "fire":
        top = {"减轻": "5000", "从轻": "12500"}[level]
        low = {"减轻": "0", "从轻": "5000"}[level]
        assert message == f"所称裁量阶次“{level}”的幅度为 {low}—{top} 元，实际罚款 {fine} 元"


# --- a rule whose `when` cannot be decided outside its period -------------------------------------

_LATER_LAW = """\
  later_cap:
    title: 新法的上限（元）
    by: date.决定
    versions:
      - {until: "2025-03-24", value: null, basis: 旧法没有此项}
      - {from: "2025-03-25", value: 10000, basis: 新法}
"""


def _later_law_rule(tmp_path: Path, outside: str) -> Rulebook:
    spec = rule("later-law", "decision.fine <= 0", when="decision.fine > param.later_cap")
    spec = spec.replace("    when:", f'    effective: {{from: "2025-03-25", by: date.决定{outside}}}\n    when:')
    return load_rulebook(str(write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + spec}, extra=_LATER_LAW)))


@pytest.mark.parametrize(
    ("outside", "expected"),
    [
        pytest.param(", outside: 不适用", ("not-applicable", None), id="not applicable before"),
        pytest.param(
            "",
            (
                "undetermined",
                "本项规定自2025-03-25起施行，本案决定日期 2025-03-24 不在其施行期间：当时的规定未编入本规则集",
            ),
            id="无法判定 before, for that reason",
        ),
    ],
)
def test_a_value_only_the_later_law_has_does_not_decide_a_rule_before_its_period(
    tmp_path: Path, outside: str, expected: tuple[str, str | None]
) -> None:
    """The rule's `when` reads a parameter the earlier law did not have: outside its period the rule is
    what its `outside` says, not 无法判定 for 缺少数据."""
    rulebook = _later_law_rule(tmp_path, outside)
    assert _outcome_with(decided_on(EMERGENCY_2025, "2025-03-24"), "later-law", rulebook) == expected
    assert _outcome_with(EMERGENCY_2025, "later-law", rulebook) == ("fire", "罚款 20000 元")


def test_a_when_undecided_within_the_period_names_the_missing_fact(tmp_path: Path) -> None:
    rulebook = _later_law_rule(tmp_path, "")
    unknown_fine = edit(EMERGENCY_2025, decision__fine=None)
    kind, reason = _outcome_with(unknown_fine, "later-law", rulebook)
    assert kind == "undetermined" and (reason or "").startswith("缺少数据：")
