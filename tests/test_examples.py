"""Every example case file is scored exactly as its golden file says (regenerate: python tests/regenerate.py).

A province profile is chosen explicitly (`--rulebook liaoning`), not by domain, so a few examples are also
scored with it against tests/golden/profiles/<profile>--<example>.json
(regenerate those: python tests/test_examples.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from regenerate import GOLDEN, GOLDEN_AS_OF, golden_text, schema_text

from engine.casefile import load_case_file
from engine.evaluate import evaluate_case
from engine.render import result_to_dict, to_json
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
PROFILE_GOLDEN = GOLDEN / "profiles"
# (profile, example): examples also scored with a profile that --rulebook auto does not pick
PROFILE_EXAMPLES = [("liaoning", "em-01-compliant.json"), ("liaoning", "ln-15-tieling-max-fine.json")]


def profile_golden_text(profile: str, example: str) -> str:
    path = EXAMPLES / example
    result = evaluate_case(
        load_case_file(path), load_rulebook(profile), GOLDEN_AS_OF, WorkCalendar(), path.relative_to(ROOT).as_posix()
    )
    return to_json(result_to_dict(result)) + "\n"


def _profile_golden_path(profile: str, example: str) -> Path:
    return PROFILE_GOLDEN / f"{profile}--{example}"


def test_there_are_compliant_defective_and_malformed_examples() -> None:
    documents = [json.loads((GOLDEN / p.name).read_text(encoding="utf-8")) for p in EXAMPLE_FILES]
    results = [d for d in documents if "error" not in d]
    assert len(results) >= 12
    assert {d["rulebook"]["name"] for d in results} >= {"national", "emergency", "market"}
    assert any(not d["findings"] and not d["undetermined"] for d in results)
    assert any(d["score"]["vetoed"] for d in results)
    assert sum(1 for d in documents if d.get("error") == "casefile") >= 2


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[p.stem for p in EXAMPLE_FILES])
def test_golden(example: Path) -> None:
    expected = (GOLDEN / example.name).read_text(encoding="utf-8")
    assert golden_text(example) == expected, "findings changed: run `python tests/regenerate.py` and review the diff"


def test_no_stale_golden_files() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.json")) == [p.name for p in EXAMPLE_FILES]


def test_casefile_schema_matches_model() -> None:
    assert (ROOT / "casefiles" / "casefile.schema.json").read_text(encoding="utf-8") == schema_text()


def _result(name: str) -> dict:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def test_overdue_decision_message_shows_actual_days() -> None:
    result = _result("nat-07-overdue-97-days.json")
    finding = next(f for f in result["findings"] if f["rule_id"] == "decision-within-deadline")
    assert finding["message"] == "立案至作出决定用时 97 日，超过法定期限 90 日"
    assert finding["basis"] == ["《行政处罚法》第60条"]
    assert finding["points"] == 5
    assert finding["evidence"] == ["$.events[1].date", "$.decision.date"]


def test_compliant_file_scores_full_marks() -> None:
    result = _result("em-01-compliant.json")
    assert result["score"] == {
        "total": 100.0,
        "score": 100.0,
        "grade": "优秀",
        "vetoed": False,
        "provisional": False,
        "deductions": {"卷面": 0.0, "内容": 0.0},
    }
    assert result["rulebook"]["name"] == "emergency"
    assert len(result["rulebook"]["content_hash"]) == 64


def test_veto_gives_unqualified_file() -> None:
    result = _result("em-02-hearing-not-notified.json")
    assert result["score"]["vetoed"] is True
    assert result["score"]["score"] == 0
    assert result["score"]["grade"] == "不合格"
    assert [f["rule_id"] for f in result["findings"]] == ["hearing-right-notified", "baseline-cited"]


def test_deductions_add_up_per_category() -> None:
    result = _result("em-03-discretion-and-deadlines.json")
    assert {f["rule_id"]: f["points"] for f in result["findings"]} == {
        "decision-within-deadline": 5,
        "decision-served-in-time": 2,
        "level-matches-facts": 4,
        "baseline-cited": 1,
        "discretion-reasoned": 2,
    }
    assert result["score"]["score"] == 86
    assert result["score"]["grade"] == "良好"


def test_simple_procedure_caps_follow_the_law_in_force() -> None:
    before = _result("nat-08-simple-procedure-2020.json")
    after = _result("nat-09-simple-procedure-over-cap.json")
    assert "simple-procedure-eligible" in before["passed"]
    veto = next(f for f in after["findings"] if f["rule_id"] == "simple-procedure-eligible")
    assert veto["message"] == "简易程序作出 警告、罚款、罚款 3500 元，超出简易程序上限 3000 元或处罚种类"


def test_new_emergency_measures_are_reported_not_guessed() -> None:
    result = _result("em-06-open-2026.json")
    reasons = {u["rule_id"]: u["reason"] for u in result["undetermined"]}
    assert reasons["new-measures-not-encoded"].startswith("应急管理部令第18号（2026-02-01施行）")
    assert reasons["decision-within-deadline"] == ("缺少数据：适用的办案期限（日）（derived.case_deadline_days）")
    assert result["score"]["provisional"] is True


@pytest.mark.parametrize(("profile", "example"), PROFILE_EXAMPLES, ids=[f"{p}-{e[:-5]}" for p, e in PROFILE_EXAMPLES])
def test_profile_golden(profile: str, example: str) -> None:
    expected = _profile_golden_path(profile, example).read_text(encoding="utf-8")
    assert profile_golden_text(profile, example) == expected, "findings changed: run `python tests/test_examples.py`"


def test_province_overrides_numbers_not_rules() -> None:
    emergency = _result("ln-15-tieling-max-fine.json")
    liaoning = json.loads(_profile_golden_path("liaoning", "ln-15-tieling-max-fine.json").read_text(encoding="utf-8"))
    assert [f["rule_id"] for f in emergency["findings"]] != []
    assert sorted(f["rule_id"] for f in emergency["findings"]) == sorted(f["rule_id"] for f in liaoning["findings"])
    points = {
        r: {f["rule_id"]: (f["severity"], f["points"]) for f in d["findings"]}
        for r, d in (("emergency", emergency), ("liaoning", liaoning))
    }
    assert points["emergency"]["baseline-cited"] == ("minor", 1)
    assert points["liaoning"]["baseline-cited"] == ("major", 2)
    assert points["liaoning"]["max-fine-reasoned"] == ("major", 4)
    assert (emergency["score"]["score"], emergency["score"]["grade"]) == (89, "良好")
    assert (liaoning["score"]["score"], liaoning["score"]["grade"]) == (87, "合格")  # 90/60: no 良好 band


def test_new_emergency_measures_are_not_replaced_by_2015_numbers() -> None:
    result = _result("em-18-measures-switch-2026.json")  # violation 2026-01-15, decided 2026-03-05
    reasons = {u["rule_id"]: u["reason"] for u in result["undetermined"]}
    assert set(reasons) == {
        "decision-within-deadline",
        "baseline-superseded",
        "hearing-right-notified",
        "new-measures-not-encoded",
    }
    assert "从旧兼从轻" in reasons["baseline-superseded"]
    assert "decision-within-deadline" not in result["passed"]


def test_market_30_percent_band_and_publicity() -> None:
    result = _result("mk-13-overdue-wrong-platform.json")
    messages = {f["rule_id"]: f["message"] for f in result["findings"]}
    assert result["rulebook"]["name"] == "market"
    assert messages["fine-within-claimed-band"] == "所称裁量阶次“从轻”的幅度为 5000—12500 元，实际罚款 18000 元"
    assert messages["market-decision-published"].endswith("公示平台 信用中国（辽宁沈阳）")
    assert messages["decision-within-deadline"] == "立案至作出决定用时 128 日，超过法定期限 90 日"
    extended = _result("mk-14-hearing-extension-cross-province.json")  # 135 days: 120 approved + 20 testing days
    assert "decision-within-deadline" in extended["passed"]


def test_review_body_rule_follows_the_2024_switch() -> None:
    before = _result("nat-17-port-minor-violation-2023.json")  # 2023: 上一级主管部门 was still allowed
    after = _result("nat-07-overdue-97-days.json")
    assert "review-body-after-2024" not in before["passed"] + [f["rule_id"] for f in before["findings"]]
    assert "review-body-after-2024" in [f["rule_id"] for f in after["findings"]]


def main() -> None:
    """Regenerate the explicit-profile golden files."""
    PROFILE_GOLDEN.mkdir(exist_ok=True)
    for stale in PROFILE_GOLDEN.glob("*.json"):
        stale.unlink()
    for profile, example in PROFILE_EXAMPLES:
        _profile_golden_path(profile, example).write_text(profile_golden_text(profile, example), encoding="utf-8")
    print(f"wrote {len(PROFILE_EXAMPLES)} profile golden files in {PROFILE_GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
