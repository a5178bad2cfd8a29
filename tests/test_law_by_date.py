"""The law that applied on the day, and the sectors' own laws: a special law the rulebook does not encode
makes the general-law rules it may displace 无法判定, never a silent not-applicable."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from conftest import AS_OF, EXAMPLES

from engine import resources
from engine.casefile import parse_case_file
from engine.evaluate import CaseResult, evaluate_case
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

OVERDUE = json.loads((EXAMPLES / "nat-07-overdue-97-days.json").read_text(encoding="utf-8"))
POLICE_LAW = (
    "本领域特别规定未编入本规则集：《治安管理处罚法》（2012）第22条、第97条至第100条，（2025，2026-01-01施行）"
    "第25条、第116条至第119条：追究时效六个月，送达、听证、办案期限和当场处罚另有规定，不按一般法判定"
)


def _police_case() -> dict:
    """A 治安 case opened in 2022 and decided 340 days later."""
    case = copy.deepcopy(OVERDUE)
    case["agency"] = {**case["agency"], "name": "某市公安局某分局", "domain": "公安"}
    for event in case["events"]:
        if event["type"] == "立案":
            event["date"] = "2022-01-10"
    case["decision"]["date"] = "2022-12-16"
    return case


def _check(data: dict, rulebook: str | Path = "national") -> CaseResult:
    case = parse_case_file(json.dumps(data, ensure_ascii=False), "case.json")
    return evaluate_case(case, load_rulebook(str(rulebook)), AS_OF, WorkCalendar(), "case.json")


def test_a_police_case_is_not_judged_by_the_general_law_the_special_law_displaces() -> None:
    result = _check(_police_case())
    reasons = {u.rule.id: u.reason for u in result.undetermined}
    for rule_id in (
        "decision-within-deadline",
        "decision-served-in-time",
        "hearing-right-notified",
        "limitation-period",
    ):
        assert reasons[rule_id] == POLICE_LAW, rule_id
    assert not {f.rule.id for f in result.findings} & set(reasons)
    # the same file of a market regulator is judged by the general law: 340 days is over the 90
    market = _check({**_police_case(), "agency": OVERDUE["agency"]})
    assert "decision-within-deadline" in {f.rule.id for f in market.findings}


def test_a_profile_that_encodes_the_field_judges_it_itself(tmp_path: Path) -> None:
    """A 公安 profile (domains: [公安]) extending national: the national list of uncoded laws does not apply."""
    (tmp_path / "national").symlink_to(resources.rules_dir() / "national")
    (tmp_path / "police").mkdir()
    (tmp_path / "police" / "profile.yaml").write_text(
        'name: police\ntitle: 公安\nversion: "1"\nextends: national\ndomains: [公安]\n', encoding="utf-8"
    )
    result = _check(_police_case(), tmp_path / "police")
    assert "decision-within-deadline" in {f.rule.id for f in result.findings}


def test_rules_facts_shows_each_rules_period_and_the_versions_it_cites(runner) -> None:
    from engine.cli import main

    output = runner.invoke(main, ["rules", "facts", "national"]).output
    assert (
        "  collective-discussion-2017  施行至2021-07-14（按决定日期；期间外不适用）；依据：《行政处罚法》（2017）第38条第2款"
        "（2018-01-01至2021-07-14施行）；《行政处罚法》（2009）第38条第2款（2009-08-27至2017-12-31施行）\n"
    ) in output
    assert (
        "  legal-reviewer-qualified  自2021-07-15起施行（按法制审核日期；期间外无法判定）；依据：《行政处罚法》（2021）第58条第2款"
        in output
    )


def test_every_rule_is_counted_once_when_the_special_law_displaces_some() -> None:
    """Findings, 无法判定, passed and not applicable add up to the rules checked: a displaced rule that would
    have been not applicable is counted 无法判定 instead, not twice."""
    rulebook = load_rulebook("national")
    police, market = _check(_police_case()), _check({**_police_case(), "agency": OVERDUE["agency"]})
    for result in (police, market):
        counted = len({f.rule.id for f in result.findings}) + len(result.undetermined) + len(result.passed)
        assert counted + result.not_applicable == len(rulebook.rules_for("行政处罚"))
    assert (police.not_applicable, market.not_applicable) == (
        84,
        85,
    )  # one displaced rule the general law found not applicable


def test_a_finding_cites_the_law_of_the_day_its_rule_looks_at_not_the_decision_day(tmp_path: Path) -> None:
    """A rule judged by the filing date (effective … by: date.立案) cites the version in force when the case was
    filed: filed 2021-07-10, decided 2021-08-02, the 行政处罚法 of 2017 (第23条), not of 2021 (第28条)."""
    from minirulebook import rule, write_profile

    text = rule("filed-rule", "decision.fine < 0").replace(
        "    when:", '    effective: {from: "2009-08-27", by: date.立案}\n    when:'
    )
    folder = write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + text})
    data = json.loads((resources.rules_dir() / "testcases" / "penalty-emergency-2025.json").read_text(encoding="utf-8"))
    data["events"][1]["date"] = "2021-07-10"
    data["events"][5]["date"] = data["decision"]["date"] = "2021-08-02"
    (finding,) = _check(data, folder).findings
    assert [c.text() for c in finding.basis] == ["《行政处罚法》（2017）第23条"]
    data["events"][1]["date"] = "2021-07-15"  # filed under the 2021 law
    (finding,) = _check(data, folder).findings
    assert [c.text() for c in finding.basis] == ["《行政处罚法》（2021）第28条"]
