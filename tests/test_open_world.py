"""Silence is not a defect: what a case file does not show is 无法判定, never a pass and never a finding.

Each test starts from a bundled whole-dossier example and turns it into what a user really has — a
published 决定书, a 公示 record, an export missing a block — then asserts the exact outcome.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLES

from engine.casefile import parse_case_file
from engine.cli import main
from engine.evaluate import CaseResult, evaluate_case
from engine.render import to_text
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

CALENDAR = WorkCalendar()
COMPLIANT = json.loads((EXAMPLES / "em-01-compliant.json").read_text(encoding="utf-8"))
SEIZURE = json.loads((EXAMPLES / "em-05-seizure-overdue.json").read_text(encoding="utf-8"))


def _check(data: dict[str, Any], profile: str = "emergency") -> CaseResult:
    case = parse_case_file(json.dumps(data, ensure_ascii=False), "case.json")
    return evaluate_case(case, load_rulebook(profile), AS_OF, CALENDAR, "case.json")


def _outcome(result: CaseResult, rule_id: str) -> str:
    if any(f.rule.id == rule_id for f in result.findings):
        return "fire"
    if rule_id in result.passed:
        return "pass"
    reasons = [u.reason for u in result.undetermined if u.rule.id == rule_id]
    return f"undetermined: {reasons[0]}" if reasons else "not-applicable"


def _decision_extract(data: dict[str, Any], *keep_events: str) -> dict[str, Any]:
    """What a published 决定书 shows: the parties, the violation, the decision, the steps it recites."""
    extract = copy.deepcopy(data)
    extract["source"] = {"kind": "决定书", "complete": ["decision"]}
    for block in ("officers", "documents", "notice", "hearing", "legal_review", "publicity", "payment", "dossier"):
        extract.pop(block, None)
    extract["events"] = [
        {key: value for key, value in e.items() if key != "actors"} for e in data["events"] if e["type"] in keep_events
    ]
    return extract


def test_a_published_decision_gets_no_finding_and_its_score_is_a_range() -> None:
    result = _check(_decision_extract(COMPLIANT, "立案", "决定"))
    assert result.findings == ()
    # issue 19 added nine rules, r19prop six 行政强制措施 rules and r19file the 备考表, each undetermined on a
    # published decision
    assert len(result.undetermined) == 87
    assert (result.score.score, result.score.low, result.score.grade, result.score.status) == (100, 0, "优秀", "待核实")
    assert (
        to_text(result).splitlines()[-1]
        == "得分 0—100 / 100  等次：优秀（待核实：无法判定项中有否决项，成立则为不合格卷）"
    )


def test_a_file_that_does_not_declare_itself_a_dossier_is_not_read_as_one() -> None:
    undeclared = {key: value for key, value in COMPLIANT.items() if key != "source"}
    undeclared = {**undeclared, "documents": [d for d in COMPLIANT["documents"] if d["type"] != "立案审批表"]}
    assert _outcome(_check(undeclared), "case-opening-approved") == (
        "undetermined: 缺少数据：卷内文书（documents.types，卷内所见不完整）"
    )
    declared = {**undeclared, "source": {"kind": "全卷"}}
    assert _outcome(_check(declared), "case-opening-approved") == "fire"


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("notice-before-decision", "undetermined: 缺少数据：告知日期（首次）（date.告知）"),
        (
            "two-officers",
            "undetermined: 缺少数据：调查取证、询问、检查中执法人员最少人数（investigation.min_officers）",
        ),
        ("hearing-right-notified", "pass"),  # a fine below the emergency profile's 听证 thresholds: no hearing due
        (
            "decision-served-in-time",
            "undetermined: 缺少数据：决定书送达方式（service.method）、决定书送达日期（date.决定书送达）",
        ),
        ("penalty-decision-published", "undetermined: 缺少数据：公示日期（date.公示）"),
        ("seizure-duration", "undetermined: 缺少数据：查封扣押次数（seizure.count）"),
        ("decision-remedies-stated", "pass"),  # the 决定书 is complete and states them
    ],
)
def test_the_rules_that_vetoed_published_decisions_now_say_what_is_missing(rule_id: str, expected: str) -> None:
    assert _outcome(_check(_decision_extract(COMPLIANT, "立案", "决定")), rule_id) == expected


def test_a_complete_decision_that_does_not_state_remedies_is_a_finding_but_a_publicity_record_is_not() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["decision"] = {k: v for k, v in extract["decision"].items() if k != "remedies"}
    assert _outcome(_check(extract), "decision-remedies-stated") == "fire"
    extract["source"] = {"kind": "公示信息"}
    assert _outcome(_check(extract), "decision-remedies-stated") == (
        "undetermined: 缺少数据：告知的复议期限（日）（remedies.review_period_days）"
        "、告知的起诉期限（月）（remedies.litigation_period_months）"
    )


def test_officers_unknown_neither_fail_two_officers_nor_pass_certificates() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "询问", "决定")
    result = _check(extract)
    assert (
        _outcome(result, "two-officers")
        == "undetermined: 缺少数据：调查取证、询问、检查中执法人员最少人数（investigation.min_officers）"
    )
    assert _outcome(result, "officer-certificate-valid") == (
        "undetermined: 缺少数据：无执法证的执法人员（officers.without_certificate，卷内所见不完整）"
        "、执法时执法证不在有效期的执法人员（officers.certificate_invalid_when_acting，卷内所见不完整）"
    )


def test_an_actor_the_officer_list_does_not_name_shows_no_certificate() -> None:
    dossier = copy.deepcopy(COMPLIANT)
    dossier["officers"] = []
    result = _check(dossier)
    assert _outcome(result, "officer-certificate-valid") == "fire"
    assert next(f.message for f in result.findings if f.rule.id == "officer-certificate-valid").startswith(
        "无执法证：o1、o2；"
    )


def test_an_unknown_seal_is_not_a_sealed_decision() -> None:
    dossier = copy.deepcopy(COMPLIANT)
    for document in dossier["documents"]:
        if document["type"] == "行政处罚决定书":
            document.pop("sealed", None)
    dossier["decision"].pop("sealed_by", None)
    assert _outcome(_check(dossier), "decision-sealed") == (
        "undetermined: 缺少数据：行政处罚决定书已加盖印章（documents.decision_sealed）"
    )


def test_unknown_penalty_kinds_do_not_read_as_no_penalty() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "告知", "决定")
    del extract["decision"]["kinds"]
    assert _outcome(_check(extract, "national"), "hearing-right-notified").startswith("undetermined: 缺少数据：")


def test_a_file_without_its_decision_block_is_not_a_perfect_file() -> None:
    """The events still record 决定, 送达 and 缴纳: the decision was made, its contents are not known."""
    dossier = {key: value for key, value in COMPLIANT.items() if key != "decision"}
    result = _check(dossier)
    assert result.score.status != "确定" and result.score.low < 100
    assert _outcome(result, "decision-remedies-stated").startswith("undetermined: 缺少数据：")
    assert _outcome(result, "notice-before-decision") == "undetermined: 缺少数据：决定类型（decision.outcome）"


def test_a_seizure_not_shown_released_in_a_decided_case_is_not_measured_to_the_review_date() -> None:
    dossier = copy.deepcopy(SEIZURE)
    del dossier["seizures"][0]["released_on"]
    assert _outcome(_check(dossier), "seizure-duration") == (
        "undetermined: 缺少数据：该查封扣押批准延长的日数（seizure.longest_extended_days）"
        "、查封扣押最长持续日数（扣除检测期间）（seizure.longest_days）"
    )


def test_month_only_and_undated_events_are_known_to_have_happened_but_not_when() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "告知", "决定")
    for event in extract["events"]:
        if event["type"] == "立案":
            event["date"] = "2025-03"
        if event["type"] == "告知":
            del event["date"]
    result = _check(extract)
    assert _outcome(result, "notice-before-decision") == "undetermined: 缺少数据：告知日期（首次）（date.告知）"
    # the law it rests on is chosen by the 立案 date, known only to the month
    assert _outcome(result, "case-opening-approved") == "undetermined: 缺少数据：立案日期（首次）（date.立案）"


def test_a_partial_date_other_than_a_month_is_rejected_with_its_path(runner: CliRunner, tmp_path) -> None:
    bad = copy.deepcopy(COMPLIANT)
    bad["events"][0]["date"] = "2025-13"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["check", str(path), "--as-of", "2026-11-21"])
    assert result.exit_code == 2
    assert (
        '$.events[0].date：不是有效日期（位数不够）；应为 YYYY-MM-DD 格式的日期（如 2025-03-10），只知月份的写 YYYY-MM，实为 "2025-13"'
        in result.output
    )


REAL = sorted((EXAMPLES.parent / "real").glob("*.json"))


def _resolve(data: Any, path: str) -> Any:
    """The value at a finding's evidence path ($.a.b[0].c), or None where the file has nothing."""
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path[1:]):
        if data is None:
            return None
        data = data.get(name) if name else (data[int(index)] if int(index) < len(data) else None)
    return data


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_on_real_published_decisions_every_finding_rests_on_a_stated_fact(path) -> None:
    """Real 决定书 and 公示 records, encoded with only what they state (casefiles/real/README.md)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["source"]["kind"] != "全卷" and data["source"]["url"].startswith("http")
    profile = {"应急管理": "emergency", "市场监管": "market"}.get(data["agency"]["domain"], "national")
    result = _check(data, profile)
    assert not result.score.vetoed
    for finding in result.findings:
        assert finding.rule.severity != "veto"
        assert finding.evidence and all(_resolve(data, p) not in (None, [], {}) for p in finding.evidence), finding


def test_the_real_corpus_is_large_and_varied_enough_to_mean_something() -> None:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in REAL]
    assert len(records) >= 20
    assert len({r["agency"]["domain"] for r in records}) >= 6
    assert len({r["agency"]["province"] for r in records}) >= 6


def test_a_recital_of_preservation_without_its_approval_is_not_an_unapproved_preservation() -> None:
    """Seen on a real 决定书 (casefiles/real/cul-hebei-2019-01): it recites 先行登记保存 and says nothing of
    the approval; a whole dossier without the approval is a finding."""
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["events"].append({"type": "先行登记保存", "date": "2025-03-12"})
    assert _outcome(_check(extract), "preservation-approved") == (
        "undetermined: 缺少数据：先行登记保存经行政机关负责人批准（preservation.approved）"
    )
    dossier = copy.deepcopy(COMPLIANT)
    dossier["events"].append({"type": "先行登记保存", "date": "2025-03-12", "actors": ["o1", "o2"]})
    assert _outcome(_check(dossier), "preservation-approved") == "fire"


def test_a_notice_whose_proposed_penalty_is_not_shown_is_not_a_notice_proposing_nothing() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "告知", "决定")
    extract["notice"] = {"states_rights": True}
    assert _outcome(_check(extract), "notice-content-complete").startswith("undetermined: 缺少数据：")


def _seizure_extract(**seizure: Any) -> dict[str, Any]:
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["seizures"] = [{"kind": "扣押", "started_on": "2025-03-10", **seizure}]
    return extract


def test_a_seizure_extension_or_excluded_period_the_file_does_not_give_is_not_none() -> None:
    """Found by fuzzing single deletions over the rule tests: 45 days held read as 'extended 0 days'."""
    held = _seizure_extract(released_on="2025-04-24")
    assert _outcome(_check(held), "seizure-duration") == (
        "undetermined: 缺少数据：该查封扣押批准延长的日数（seizure.longest_extended_days）"
        "、查封扣押最长持续日数（扣除检测期间）（seizure.longest_days）"
    )
    shown = _seizure_extract(released_on="2025-04-24", extended_days=30, excluded_days=0)
    assert _outcome(_check(shown), "seizure-duration") == "pass"
    overdue = _seizure_extract(released_on="2025-06-24", extended_days=30, excluded_days=0)
    assert _outcome(_check(overdue), "seizure-duration") == "fire"


def test_a_seizure_of_a_decided_case_without_its_decision_block_is_not_held_to_the_review_date() -> None:
    extract = _seizure_extract(extended_days=30, excluded_days=0)
    del extract["decision"]
    assert _outcome(_check(extract), "seizure-duration").startswith("undetermined: ")


def test_an_agency_not_said_to_be_vertical_is_not_taken_for_a_local_one() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["decision"]["remedies"]["review_body"] = "国家税务总局铁岭市税务局"
    assert (
        _outcome(_check(extract), "review-body-after-2024") == "undetermined: 缺少数据：垂直领导机关（agency.vertical）"
    )
    extract["agency"]["vertical"] = True
    assert _outcome(_check(extract), "review-body-after-2024") == "not-applicable"


def test_a_seal_of_another_agency_is_a_finding_only_where_the_file_says_there_was_no_entrustment() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["agency"]["name"] = "开原市安全生产监督执法中心"
    extract["decision"]["sealed_by"] = "开原市应急管理局"
    assert _outcome(_check(extract), "decision-seal-agency").startswith("undetermined: 缺少数据：")
    extract["source"]["complete"] = ["decision", "agency"]
    assert _outcome(_check(extract), "decision-seal-agency") == "fire"


def test_how_a_lien_service_was_recorded_is_unknown_where_the_events_are_not_complete() -> None:
    extract = _decision_extract(COMPLIANT, "立案", "决定")
    extract["events"].append({"type": "送达", "date": "2025-03-26", "method": "留置送达", "witnessed": False})
    assert _outcome(_check(extract), "lien-service-witnessed") == (
        "undetermined: 缺少数据：决定书送达的记录形式（service.records，卷内所见不完整）"
    )


@pytest.mark.parametrize(
    ("inquiry", "expected"),
    [
        (
            {"date": "2025-03-12"},
            "undetermined: 缺少数据：调查取证、询问、检查中执法人员最少人数（investigation.min_officers）",
        ),
        ({"date": "2025-03-12", "actors": ["o1"]}, "fire"),  # one officer shown: two are required whatever else
        ({"date": "2025-03", "actors": ["o1"]}, "fire"),  # a step known only to the month still counts
        ({"date": "2025-03-12", "actors": ["o1", "o2"]}, "pass"),
    ],
)
def test_two_officers_rests_on_the_steps_whose_officers_the_file_gives(inquiry: dict, expected: str) -> None:
    extract = _decision_extract(COMPLIANT, "立案", "现场检查", "决定")
    extract["events"] = [e for e in extract["events"] if e["type"] != "现场检查"]
    extract["events"].append({"type": "询问", **inquiry})
    assert _outcome(_check(extract), "two-officers") == expected
