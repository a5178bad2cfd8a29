"""The review report at its edges: files scoring 100 in the histogram, the Pareto table most frequent
first with its cumulative share, and a 同案不同罚 spread exactly at the profile's threshold (50%)."""

from __future__ import annotations

from typing import Any

import pytest

from engine import report

GRADE_OF = {100.0: "优秀", 95.0: "优秀", 90.0: "优秀", 89.5: "良好", 60.0: "合格", 0.0: "不合格"}


def _finding(rule_id: str) -> dict[str, Any]:
    return {
        "rule_id": rule_id,
        "title": f"问题{rule_id}",
        "family": "评查标准",
        "severity": "minor",
        "basis": ["《行政处罚法》第1条"],
    }


def _record(index: int, score: float = 100.0, rules: tuple[str, ...] = (), fine: float = 10000) -> dict[str, Any]:
    case_id = f"甲罚〔2025〕{index}号"
    return {
        "index": index,
        "file": f"{index}.json",
        "line": None,
        "status": "ok",
        "case": {
            "case_id": case_id,
            "agency": {"name": "甲局", "domain": "应急管理", "level": "县级", "region": "甲县"},
            "party_kind": "单位",
            "item_code": "AQ-97-4",
            "violation": "未如实记录安全生产教育和培训情况",
            "fine": fine,
            "discretion_level": "一般",
            "discretion_band": "",
            "discretion_reasons": f"理由{index}",
            "reasoning": None,
        },
        "result": {
            "case_id": case_id,
            "as_of": "2026-11-21",
            "rulebook": {"name": "emergency", "version": "x", "content_hash": "0" * 64},
            "score": {"score": score, "grade": GRADE_OF[score], "vetoed": False, "provisional": False},
            "findings": [_finding(r) for r in rules],
            "undetermined": [],
        },
    }


def test_files_scoring_100_are_in_the_top_bin_of_the_histogram() -> None:
    scores = [100.0, 100.0, 95.0, 90.0, 89.5, 60.0, 0.0]
    built = report.build([_record(n, s, fine=10000 + n) for n, s in enumerate(scores, 1)], [])
    assert built.histogram == [
        ("0–9", 1),
        ("10–19", 0),
        ("20–29", 0),
        ("30–39", 0),
        ("40–49", 0),
        ("50–59", 0),
        ("60–69", 1),
        ("70–79", 0),
        ("80–89", 1),
        ("90–100", 4),
    ]
    assert "<title>90–100：4</title>" in report.to_html(built)


def test_the_pareto_table_lists_the_most_frequent_problem_first() -> None:
    records = [
        _record(1, 95.0, ("b", "c")),
        _record(2, 95.0, ("a", "c")),
        _record(3, 95.0, ("a",)),
        _record(4, 95.0, ("a",)),
    ]
    built = report.build(records, [])
    assert [(r.rule_id, r.files, round(r.cumulative, 4)) for r in built.rules] == [
        ("a", 3, 0.5),
        ("c", 2, 0.8333),
        ("b", 1, 1.0),
    ]
    markdown = report.to_markdown(built)
    assert (
        "| 1 | 问题a | 评查标准 | 一般 | 3 | 50.0% |\n| 2 | 问题c | 评查标准 | 一般 | 2 | 83.3% |\n"
        "| 3 | 问题b | 评查标准 | 一般 | 1 | 100.0% |\n"
    ) in markdown


@pytest.mark.parametrize(
    ("high", "reported"),
    [
        pytest.param(14999, False, id="under 50%"),
        pytest.param(15000, False, id="exactly 50%: within the threshold"),
        pytest.param(15001, True, id="over 50%"),
    ],
)
def test_a_fine_spread_exactly_at_the_threshold_is_not_reported(high: float, reported: bool) -> None:
    built = report.build([_record(1, fine=10000), _record(2, fine=high)], [])
    assert [(g.low, g.high, g.threshold) for g in built.consistency] == ([(10000, high, 0.5)] if reported else [])
    markdown = report.to_markdown(built)
    assert ("未发现同一裁量基准事项、同一裁量阶次罚款差异超过阈值的案件。" in markdown) is not reported


def test_a_spread_just_over_the_threshold_does_not_read_as_equal_to_it() -> None:
    built = report.build([_record(1, fine=10000), _record(2, fine=15001)], [])
    assert "最高额高出最低额 50.01%（阈值 50%）" in report.to_markdown(built)
    assert report.spread_text(0.5001, 0.5) == "50.01%"
    assert report.spread_text(0.75, 0.5) == "75%"
    assert report.spread_text(0.504, 0.5) == "50.4%"
