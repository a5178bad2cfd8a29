"""Every example case file is scored exactly as its golden file says (regenerate: python tests/regenerate.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from regenerate import GOLDEN, golden_text, schema_text

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def test_there_are_compliant_defective_and_malformed_examples() -> None:
    documents = [json.loads((GOLDEN / p.name).read_text(encoding="utf-8")) for p in EXAMPLE_FILES]
    results = [d for d in documents if "error" not in d]
    assert len(EXAMPLE_FILES) >= 8
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
    assert reasons["decision-within-deadline"] == (
        "缺少数据：适用的办案期限（日）（derived.case_deadline_days）"
    )
    assert result["score"]["provisional"] is True
