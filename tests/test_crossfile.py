"""Checks across case files (engine.crossfile): the per-case summaries, the three checks as pure
functions, and `pingcha batch` on the bundled examples asserting the cross-file findings exactly."""

from __future__ import annotations

import datetime as dt
import json
import random
import tracemalloc
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLES, ROOT
from hypothesis import given
from hypothesis import strategies as st

from engine import batch, crossfile
from engine.casefile import load_case_file
from engine.cli import main
from engine.crossfile import CrossCheck
from engine.rulebook import RulebookCache

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def _cap(limit: int | None) -> crossfile.CapLookup:
    return lambda domain, on: None if limit is None else (limit, "测试上限")


def _inspection(case_id: str, **fields: Any) -> dict[str, Any]:
    summary = {
        "type": "行政检查",
        "case_id": case_id,
        "agency": "甲局",
        "domain": "应急管理",
        "party": {"key": "911", "name": "某公司"},
        "date": "2025-03-01",
        "kind": "计划检查",
        "matter": "粉尘防爆",
        "plan_id": None,
        "violations": 0,
        "penalty_case_id": None,
        "no_penalty_ground": None,
    }
    summary.update(fields)
    return summary


def _penalty(case_id: str, opened_on: str | None = "2025-04-01", **fields: Any) -> dict[str, Any]:
    summary = {
        "type": "行政处罚",
        "case_id": case_id,
        "agency": "甲局",
        "domain": "应急管理",
        "party": {"key": "911", "name": "某公司"},
        "opened_on": opened_on,
    }
    summary.update(fields)
    return summary


def _codes(result: crossfile.CrossResult) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.agency, f.year) for f in result.findings]


def _everything(result: crossfile.CrossResult) -> tuple[bool, dict[str, int], list[dict[str, Any]]]:
    return result.complete, result.counts, [f.to_dict() for f in result.findings]


# --- summaries ---------------------------------------------------------------------------------------------


def test_summaries_of_the_three_case_types() -> None:
    inspection = crossfile.summarize(load_case_file(EXAMPLES / "insp-20-major-hazard-linked.json"))
    assert inspection == {
        "type": "行政检查",
        "case_id": "开应急检〔2025〕30号",
        "agency": "开原市应急管理局",
        "domain": "应急管理",
        "party": {"key": "91211282MA0K1AB21X", "name": "开原市某木制品有限公司"},
        "date": "2025-06-10",
        "kind": "专项检查",
        "selection": None,  # a 专项检查 may have drawn its target or named it: the file does not say
        "matter": "粉尘防爆",
        "plan_id": "开应急检方〔2025〕30号",
        "violations": 2,
        "penalty_case_id": "开应急罚〔2025〕41号",
        "no_penalty_ground": None,
    }
    penalty = crossfile.summarize(load_case_file(EXAMPLES / "em-21-linked-penalty.json"))
    assert penalty == {
        "type": "行政处罚",
        "case_id": "开应急罚〔2025〕41号",
        "agency": "开原市应急管理局",
        "domain": "应急管理",
        "party": {"key": "91211282MA0K1AB21X", "name": "开原市某木制品有限公司"},
        "opened_on": "2025-06-11",
        "fined": {"item": "AQ-97-4", "act_on": "2025-05-20", "decided_on": "2025-06-26", "fine": 20000.0},
    }
    execution = crossfile.summarize(load_case_file(EXAMPLES / "exec-25-power-cut-on-holiday.json"))
    assert execution["type"] == "行政强制执行" and execution["executed_case_id"] is None
    # a party without a credit code is known by its name
    no_code = crossfile.summarize(load_case_file(EXAMPLES / "em-01-compliant.json"))
    assert no_code["party"] == {"key": "开原市某机械制造有限公司", "name": "开原市某机械制造有限公司"}


# --- the checks as pure functions ---------------------------------------------------------------------------


def _fined(case_id: str, agency: str, decided_on: str, act_on: str = "2025-02-20", **fields: Any) -> dict[str, Any]:
    fined = {"item": "AQ-97-4", "act_on": act_on, "decided_on": decided_on, "fine": 20000.0}
    return _penalty(case_id, agency=agency, fined=fined, **fields)


def test_the_same_act_fined_twice_is_a_finding_for_the_later_decision() -> None:
    summaries = [
        (_fined("乙罚2", "乙局", "2025-05-06"), "b.json"),
        (_fined("甲罚1", "甲局", "2025-03-25"), "a.json"),
        (_fined("甲罚1", "甲局", "2025-03-25"), "a-copy.json"),  # the same file given twice is one fine
    ]
    result = crossfile.check(summaries, _cap(None), complete=False)
    assert [f.to_dict() for f in result.findings] == [
        {
            "code": "double-fine",
            "title": "对当事人的同一个违法行为给予两次以上罚款",
            "agency": "乙局",
            "year": 2025,
            "message": "对“某公司”2025-02-20 的同一违法行为（事项 AQ-97-4）罚款 2 次："
            "甲罚1（甲局，2025-03-25，罚款 20000 元）、乙罚2（乙局，2025-05-06，罚款 20000 元）",
            "basis": ["《行政处罚法》第29条（2021年7月15日前作出的决定：修订前第24条）"],
            "cases": ["甲罚1", "乙罚2"],
            "sources": ["a.json", "b.json"],
            "conclusive": True,
        }
    ]


def test_fines_for_another_day_item_or_party_are_not_the_same_act() -> None:
    summaries = [
        (_fined("罚1", "甲局", "2025-03-25"), "a.json"),
        (_fined("罚2", "甲局", "2025-05-06", act_on="2025-02-21"), "b.json"),
        (_fined("罚3", "甲局", "2025-05-06", party={"key": "912", "name": "另一公司"}), "c.json"),
        (_penalty("罚4", agency="甲局"), "d.json"),  # no fine, or no item code or day of the act: not compared
    ]
    assert not crossfile.check(summaries, _cap(None), complete=False).findings


def test_a_fine_is_summarised_only_with_its_item_and_the_day_of_the_act() -> None:
    case = load_case_file(EXAMPLES / "em-01-compliant.json")
    assert crossfile.summarize(case)["fined"] == {
        "item": "AQ-97-4",
        "act_on": "2025-02-20",
        "decided_on": "2025-03-25",
        "fine": 20000.0,
    }
    unknown_day = case.model_copy(update={"violation": case.violation.model_copy(update={"occurred_on": "2025-02"})})
    assert "fined" not in crossfile.summarize(unknown_day)
    warning = case.model_copy(update={"decision": case.decision.model_copy(update={"kinds": ["警告"]})})
    assert "fined" not in crossfile.summarize(warning)


def test_a_linked_case_missing_is_a_finding_only_when_the_batch_is_complete() -> None:
    summaries = [(_inspection("检1", violations=1, penalty_case_id="罚9"), "a.json")]
    sample = crossfile.check(summaries, _cap(2), complete=False)
    assert next(iter(sample.findings)).code == "zero-filing" and not next(iter(sample.findings)).conclusive
    assert [f.code for f in sample.findings] == ["zero-filing"]
    assert sample.counts["关联处罚案卷不在本批中"] == 1
    whole = crossfile.check(summaries, _cap(2), complete=True)
    assert _codes(whole) == [("linked-case-missing", "甲局", 2025), ("zero-filing", "甲局", 2025)]
    assert (
        next(iter(whole.findings)).message
        == "检查记录 检1（某公司）载明已立案查处，处罚案卷 罚9 不在本批案卷中（本批声明为全量）"
    )
    assert next(iter(whole.findings)).sources == ("a.json",)


def test_a_linked_case_about_another_enterprise() -> None:
    summaries = [
        (_penalty("罚9", party={"key": "922", "name": "另一公司"}), "p.json"),
        (_inspection("检1", violations=1, penalty_case_id="罚9"), "i.json"),
    ]
    result = crossfile.check(summaries, _cap(2), complete=False)
    assert _codes(result) == [("linked-case-other-party", "甲局", 2025)]
    assert (
        next(iter(result.findings)).message
        == "检查记录 检1 的被检查单位为“某公司”，所称处罚案卷 罚9 的当事人为“另一公司”"
    )
    assert result.counts["关联处罚案卷在本批中"] == 1


def test_frequency_counts_planned_checks_of_one_matter_in_one_year() -> None:
    visits = [
        _inspection("检1", date="2025-01-10"),
        _inspection("检2", date="2025-05-10", kind="专项检查"),
        _inspection("检3", date="2025-09-10", kind="双随机抽查"),
        _inspection("检4", date="2025-10-10", kind="跟踪复查"),  # follow-up: not counted
        _inspection("检5", date="2025-11-10", kind="举报投诉核查"),  # complaint: not counted
        _inspection("检6", date="2025-12-10", matter="危险化学品"),  # another matter
        _inspection("检7", date="2026-01-10"),  # another year
        _inspection("检8", date="2025-02-10", party={"key": "922", "name": "另一公司"}),  # another enterprise
    ]
    result = crossfile.check([(v, f"{v['case_id']}.json") for v in visits], _cap(2), complete=False)
    assert _codes(result) == [("inspection-over-cap", "甲局", 2025)]
    [finding] = result.findings
    assert finding.cases == ("检1", "检2", "检3")
    assert finding.message == (
        "2025年对“某公司”的“粉尘防爆”检查 3 次（2025-01-10、2025-05-10、2025-09-10），超过年度频次上限 2 次（测试上限）"
    )
    assert not crossfile.check([(v, "x") for v in visits], _cap(3), complete=False).findings
    assert not crossfile.check([(v, "x") for v in visits], _cap(None), complete=False).findings


def test_zero_filing_looks_at_the_agency_and_the_year() -> None:
    found = _inspection("检1", violations=2, no_penalty_ground="首违不罚")
    assert _codes(crossfile.check([(found, "i")], _cap(None), complete=True)) == [("zero-filing", "甲局", 2025)]
    message = next(iter(crossfile.check([(found, "i")], _cap(None), complete=True).findings)).message
    assert (
        message
        == "2025年检查发现违法行为或重大事故隐患 1 次，其中载明不予处罚理由的 1 次，该机关当年立案查处的处罚案卷 0 件"
    )
    same_year = [(found, "i"), (_penalty("罚1", opened_on="2025-12-01"), "p")]
    assert not crossfile.check(same_year, _cap(None), complete=True).findings
    other_year = [(found, "i"), (_penalty("罚1", opened_on="2024-12-01"), "p")]
    assert _codes(crossfile.check(other_year, _cap(None), complete=True)) == [("zero-filing", "甲局", 2025)]
    other_agency = [(found, "i"), (_penalty("罚1", agency="乙局"), "p")]
    assert _codes(crossfile.check(other_agency, _cap(None), complete=True)) == [("zero-filing", "甲局", 2025)]
    clean = _inspection("检2", violations=0)
    assert not crossfile.check([(clean, "i")], _cap(None), complete=True).findings


def test_the_order_of_the_inputs_does_not_matter() -> None:
    summaries = [
        (
            _inspection(f"检{n}", date=f"2025-0{n}-01", violations=n % 2, penalty_case_id="罚1" if n == 3 else None),
            f"{n}",
        )
        for n in range(1, 8)
    ] + [(_penalty("罚1", party={"key": "922", "name": "另一公司"}, opened_on="2024-01-01"), "p"), (None, "bad")]
    expected = _everything(crossfile.check(summaries, _cap(2), complete=True))
    for seed in range(5):
        shuffled = list(summaries)
        random.Random(seed).shuffle(shuffled)
        assert _everything(crossfile.check(shuffled, _cap(2), complete=True)) == expected


# Strings whose code point order (Python's, and SQLite's on UTF-8 bytes) differs from a UTF-16 order:
# ASCII, CJK, a full-width letter (U+FF5A) and a character beyond the BMP (U+20000).
MIXED_TEXT = ("A", "a", "检", "ｚ", "𠀀")

# (code, agency, year, cases, sources, conclusive)
Found = tuple[str, str, int | None, tuple[str, ...], tuple[str, ...], bool]


def _reference(
    summaries: list[tuple[dict[str, Any] | None, str]], caps: crossfile.CapLookup, complete: bool
) -> tuple[list[Found], int, int]:
    """The three checks done with Python dicts and sorts (as CrossCheck did before its state moved to
    SQLite): the findings as (code, agency, year, cases, sources, conclusive), and the linked cases
    in and not in the batch."""
    penalties: dict[str, str] = {}  # a case id given twice: the later one
    opened: set[tuple[str, int]] = set()
    domains: dict[str, str] = {}
    links: list[tuple[str, str, str, int | None, str, str]] = []
    visits: dict[tuple[str, str, str, int], list[tuple[str, str, str, str]]] = defaultdict(list)
    violations: dict[tuple[str, int], list[tuple[str, str, str, bool]]] = defaultdict(list)
    for summary, source in summaries:
        if not summary:
            continue
        agency, party = summary["agency"], summary["party"]
        if summary["type"] == crossfile.PENALTY:
            penalties[summary["case_id"]] = party["key"]
            if summary["opened_on"]:
                opened.add((agency, int(summary["opened_on"][:4])))
        if summary["type"] != crossfile.INSPECTION:
            continue
        when = summary["date"]
        year = int(when[:4]) if when else None
        domains.setdefault(agency, summary["domain"])
        if summary["penalty_case_id"]:
            links.append((summary["penalty_case_id"], party["key"], agency, year, summary["case_id"], source))
        if when is None or year is None:
            continue
        if summary["kind"] in crossfile.COUNTED_KINDS:
            key = (agency, party["key"], summary["matter"] or "", year)
            visits[key].append((when, summary["case_id"], source, party["name"]))
        if summary["violations"]:
            grounded = summary["no_penalty_ground"] is not None
            violations[(agency, year)].append((when, summary["case_id"], source, grounded))
    found: list[Found] = []
    for penalty_id, party_key, agency, year, case_id, source in links:
        if penalty_id not in penalties:
            if complete:
                found.append(("linked-case-missing", agency, year, (case_id,), (source,), True))
        elif penalties[penalty_id] != party_key:
            found.append(("linked-case-other-party", agency, year, (case_id,), (source,), True))
    for (agency, _, _, year), group in sorted(visits.items()):
        group.sort()
        cap = caps(domains[agency], dt.date.fromisoformat(group[0][0]))
        if cap is not None and len(group) > cap[0]:
            cases, sources = tuple(v[1] for v in group), tuple(v[2] for v in group)
            found.append(("inspection-over-cap", agency, year, cases, sources, True))
    for (agency, year), inspections in sorted(violations.items()):
        if (agency, year) not in opened:
            inspections.sort()
            cases, sources = tuple(i[1] for i in inspections), tuple(i[2] for i in inspections)
            found.append(("zero-filing", agency, year, cases, sources, complete))
    found.sort(key=lambda f: (f[1], crossfile.ORDER[f[0]], f[2] or 0, f[3]))
    linked = sum(1 for link in links if link[0] in penalties)
    return found, linked, len(links) - linked


def _mixed_summaries(seed: int, count: int) -> list[tuple[dict[str, Any] | None, str]]:
    """Summaries of every kind drawn from few values: same-date visits, Chinese and ASCII ids, names
    and agencies that sort differently by UTF-16, case ids given twice, undated inspections."""
    pick = random.Random(seed).choice
    agencies = [f"{t}局" for t in MIXED_TEXT]
    parties = [{"key": f"91{t}", "name": f"{t}公司"} for t in MIXED_TEXT] + [{"key": "某厂", "name": "某厂"}]
    penalty_ids = [f"{t}罚{n}" for t in MIXED_TEXT for n in (1, 2)]
    dates = ["2024-12-31", "2025-01-01", "2025-03-01", "2025-03-01", "2025-07-15", None]
    summaries: list[tuple[dict[str, Any] | None, str]] = []
    for n in range(count):
        source = pick([f"{n}.json", "a.json", "B.json", "乙.json", "𠀀.json"])
        drawn = pick([crossfile.INSPECTION] * 4 + [crossfile.PENALTY] * 2 + [crossfile.EXECUTION, None])
        if drawn is None:
            summaries.append((None, source))
        elif drawn == crossfile.PENALTY:
            penalty = _penalty(
                pick(penalty_ids), opened_on=pick(["2024-12-31", None]), agency=pick(agencies[:3]), party=pick(parties)
            )
            summaries.append((penalty, source))
        elif drawn == crossfile.EXECUTION:
            summaries.append(
                ({"type": drawn, "case_id": "执1", "agency": pick(agencies), "party": pick(parties)}, source)
            )
        else:
            inspection = _inspection(
                f"{pick(MIXED_TEXT)}检{pick(range(8))}",
                agency=pick(agencies),
                domain=pick(["应急管理", "市场监管"]),
                party=pick(parties),
                date=pick(dates),
                kind=pick(sorted(crossfile.COUNTED_KINDS) + ["跟踪复查"]),
                matter=pick(["粉尘防爆", "Dust", None]),
                violations=pick([0, 0, 1, 2]),
                penalty_case_id=pick([None, None, *penalty_ids, "不在本批"]),
                no_penalty_ground=pick([None, "首违不罚"]),
            )
            summaries.append((inspection, source))
    return summaries


@pytest.mark.parametrize("seed", range(6))
def test_the_findings_and_their_order_are_those_of_python_sorting(seed: int) -> None:
    def caps(domain: str, on: dt.date) -> tuple[int, str] | None:  # by domain and date: the first visit's
        return None if domain == "市场监管" else (1 if on.month < 6 else 2, "测试上限")

    summaries = _mixed_summaries(seed, 600)
    for complete in (False, True):
        result = crossfile.check(summaries, caps, complete)
        got = [(f.code, f.agency, f.year, f.cases, f.sources, f.conclusive) for f in result.findings]
        expected, linked, missing = _reference(summaries, caps, complete)
        assert got == expected
        assert (result.counts["关联处罚案卷在本批中"], result.counts["关联处罚案卷不在本批中"]) == (linked, missing)
        assert {f[0] for f in expected} >= {"linked-case-other-party", "inspection-over-cap", "zero-filing"}


def test_same_day_inspections_are_listed_by_case_id_in_code_point_order() -> None:
    visits = [_inspection(f"{t}检", date="2025-03-01") for t in reversed(MIXED_TEXT)]
    [finding] = crossfile.check([(v, f"{v['case_id']}.json") for v in visits], _cap(2), complete=False).findings
    assert finding.cases == ("A检", "a检", "检检", "ｚ检", "𠀀检") == tuple(sorted(v["case_id"] for v in visits))


def test_the_collector_does_not_hold_the_cases_in_memory() -> None:
    def summaries() -> Iterator[tuple[dict[str, Any], str]]:
        for n in range(200_000):
            party = {"key": f"91211282MA{n:08d}", "name": f"开原市某木制品有限公司{n}"}
            if n % 4:
                yield _penalty(f"开应急罚〔2025〕{n}号", party=party), f"cases/{n}.json"
            else:  # an inspection with a link, a counted visit and a violation: a row in each table
                yield (
                    _inspection(f"开应急检〔2025〕{n}号", party=party, penalty_case_id="罚", violations=1),
                    f"cases/{n}.json",
                )

    tracemalloc.start()
    try:
        collector = CrossCheck(_cap(2))
        before = tracemalloc.get_traced_memory()[0]
        for summary, source in summaries():
            collector.add(summary, source)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Kept in Python dicts and lists, these cases took 88 MB; the rows now wait in Python only until the
    # next few thousand go to SQLite (whose page cache, outside tracemalloc's view, is capped): < 2 MB.
    assert held < 5_000_000
    result = collector.result()
    assert (result.counts[crossfile.PENALTY], result.counts[crossfile.INSPECTION]) == (150_000, 50_000)
    assert result.counts["关联处罚案卷不在本批中"] == 50_000


def test_the_findings_are_written_to_disk_not_held_in_memory() -> None:
    """A batch can have findings by the hundred thousand: they go to the scratch database as found and
    are read back one at a time, in order."""
    collector = CrossCheck(_cap(None), complete=True)
    for n in range(20_000):  # each names a penalty case not in the batch: one finding each
        summary = _inspection(f"开应急检〔2025〕{n:05d}号", penalty_case_id=f"罚{n}", agency=f"局{n % 7}")
        collector.add(summary, f"cases/{n}.json")
    tracemalloc.start()
    try:
        result = collector.result()
        lines = sum(1 for _ in result.findings.lines())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Held as a list, these findings took 24 MB; written as found, a few thousand wait at a time.
    assert peak < 10_000_000  # the rows waiting to go to SQLite: a few MB
    assert lines == len(result.findings) == 20_000
    first, *_, last = result.findings
    assert (first.agency, first.cases, first.sources) == ("局0", ("开应急检〔2025〕00000号",), ("cases/0.json",))
    assert (last.agency, last.cases) == ("局6", ("开应急检〔2025〕19998号",))
    assert first.line() == next(result.findings.lines())


def test_the_summary_lists_the_first_findings_and_says_where_the_rest_are() -> None:
    visits = [_inspection(f"检{n}", penalty_case_id=f"罚{n}") for n in range(1, 5)]
    result = crossfile.check([(v, f"{v['case_id']}.json") for v in visits], _cap(None), complete=True)
    lines = crossfile.text(result, 2, "，全部见 cross.jsonl").splitlines()
    assert lines[1:] == [
        "跨卷问题 4 项：",
        "  1. [甲局] 检查记录所称立案查处的处罚案卷不在本批案卷中  <linked-case-missing>",
        "     检查记录 检1（某公司）载明已立案查处，处罚案卷 罚1 不在本批案卷中（本批声明为全量）",
        "     案卷：检1",
        "  2. [甲局] 检查记录所称立案查处的处罚案卷不在本批案卷中  <linked-case-missing>",
        "     检查记录 检2（某公司）载明已立案查处，处罚案卷 罚2 不在本批案卷中（本批声明为全量）",
        "     案卷：检2",
        "……另有 2 项未在此列出，全部见 cross.jsonl",
    ]
    assert len(crossfile.text(result, 4, "，全部见 cross.jsonl").splitlines()) == 2 + 4 * 3
    assert crossfile.text(result) == crossfile.text(result, 4, "（不会出现）")


@given(st.lists(st.lists(st.text(alphabet=st.sampled_from("\x00\x01aAb检ｚ𠀀"), max_size=3), max_size=3), max_size=12))
def test_case_lists_sort_in_the_database_as_python_sorts_them(lists: list[list[str]]) -> None:
    """The findings' order ends with their cases, a tuple of texts, which the database sorts as bytes."""
    tuples = [tuple(texts) for texts in lists]
    assert sorted(tuples, key=crossfile._tuple_bytes) == sorted(tuples)


# --- pingcha batch ------------------------------------------------------------------------------------------

# The emergency examples are variants of one case (the same company, the same act of 2025-02-20): fined five times.
FINED_CASES = [
    "开应急罚〔2025〕12号",
    "开应急罚〔2025〕21号",
    "开应急罚〔2025〕33号",
    "开应急罚〔2025〕7号",
    "开应急罚〔2025〕15号",
]
EXPECTED_COMPLETE = [
    {
        "agency": "开原市应急管理局",
        "basis": [
            "国办发〔2024〕54号（公布同一企业年度检查频次上限；同一企业同一事项避免重复检查）",
            "应急〔2025〕11号（发现问题后的跟踪复查除外）",
        ],
        "cases": ["开应急检〔2025〕8号", "开应急检〔2025〕30号", "开应急检〔2025〕52号"],
        "code": "inspection-over-cap",
        "conclusive": True,
        "message": (
            "2025年对“开原市某木制品有限公司”的“粉尘防爆”检查 3 次（2025-03-18、2025-06-10、2025-09-16），"
            "超过年度频次上限 2 次（规则集 emergency 参数 inspection_yearly_cap）"
        ),
        "sources": [
            "casefiles/examples/insp-19-dust-compliant.json",
            "casefiles/examples/insp-20-major-hazard-linked.json",
            "casefiles/examples/insp-22-rectification-instead-of-penalty.json",
        ],
        "title": "同一机关对同一企业同一事项的年度检查次数超过频次上限",
        "year": 2025,
    },
    {
        "agency": "开原市应急管理局",
        "basis": ["《行政处罚法》第29条（2021年7月15日前作出的决定：修订前第24条）"],
        "cases": FINED_CASES,
        "code": "double-fine",
        "conclusive": True,
        "message": (
            "对“开原市某机械制造有限公司”2025-02-20 的同一违法行为（事项 AQ-97-4）罚款 5 次："
            "开应急罚〔2025〕12号（开原市应急管理局，2025-03-25，罚款 50000 元）、"
            "开应急罚〔2025〕21号（开原市应急管理局，2025-03-25，罚款 20000 元）、"
            "开应急罚〔2025〕33号（开原市应急管理局，2025-03-25，罚款 20000 元）、"
            "开应急罚〔2025〕7号（开原市应急管理局，2025-03-25，罚款 20000 元）、"
            "开应急罚〔2025〕15号（开原市应急管理局，2025-04-16，罚款 20000 元）"
        ),
        "sources": [
            "casefiles/examples/em-02-hearing-not-notified.json",
            "casefiles/examples/em-05-seizure-overdue.json",
            "casefiles/examples/em-16-court-enforcement-early.json",
            "casefiles/examples/em-01-compliant.json",
            "casefiles/examples/em-03-discretion-and-deadlines.json",
        ],
        "title": "对当事人的同一个违法行为给予两次以上罚款",
        "year": 2025,
    },
    {
        "agency": "铁岭市银州区应急管理局",
        "basis": ["《行政处罚法》第54条第2款", "《安全生产法》第65条第1款第2项"],
        "cases": ["银应急检〔2025〕41号"],
        "code": "linked-case-missing",
        "conclusive": True,
        "message": (
            "检查记录 银应急检〔2025〕41号（铁岭市某化工物资经销有限公司）载明已立案查处，"
            "处罚案卷 银应急罚〔2025〕12号 不在本批案卷中（本批声明为全量）"
        ),
        "sources": ["casefiles/examples/insp-24-complaint-linked-case-elsewhere.json"],
        "title": "检查记录所称立案查处的处罚案卷不在本批案卷中",
        "year": 2025,
    },
    {
        "agency": "铁岭市银州区应急管理局",
        "basis": ["《行政处罚法》第54条第2款", "《行政处罚法》第76条第2款", "《安全生产法》第90条第1款第4项"],
        "cases": ["银应急检〔2025〕17号", "银应急检〔2025〕41号"],
        "code": "zero-filing",
        "conclusive": True,
        "message": "2025年检查发现违法行为或重大事故隐患 2 次，其中载明不予处罚理由的 1 次，该机关当年立案查处的处罚案卷 0 件",
        "sources": [
            "casefiles/examples/insp-23-first-violation-not-penalised.json",
            "casefiles/examples/insp-24-complaint-linked-case-elsewhere.json",
        ],
        "title": "检查发现违法行为而全年零立案、零处罚",
        "year": 2025,
    },
]

EXPECTED_TEXT = """跨卷检查（声明为全量（--complete））：行政检查 5 件，行政处罚 22 件，行政强制执行 1 件；检查所称处罚案卷在本批中 1 件、不在本批中 1 件
跨卷问题 4 项：
  1. [开原市应急管理局] 同一机关对同一企业同一事项的年度检查次数超过频次上限  <inspection-over-cap>
     2025年对“开原市某木制品有限公司”的“粉尘防爆”检查 3 次（2025-03-18、2025-06-10、2025-09-16），超过年度频次上限 2 次（规则集 emergency 参数 inspection_yearly_cap）
     案卷：开应急检〔2025〕8号、开应急检〔2025〕30号、开应急检〔2025〕52号
  2. [开原市应急管理局] 对当事人的同一个违法行为给予两次以上罚款  <double-fine>
     对“开原市某机械制造有限公司”2025-02-20 的同一违法行为（事项 AQ-97-4）罚款 5 次：开应急罚〔2025〕12号（开原市应急管理局，2025-03-25，罚款 50000 元）、开应急罚〔2025〕21号（开原市应急管理局，2025-03-25，罚款 20000 元）、开应急罚〔2025〕33号（开原市应急管理局，2025-03-25，罚款 20000 元）、开应急罚〔2025〕7号（开原市应急管理局，2025-03-25，罚款 20000 元）、开应急罚〔2025〕15号（开原市应急管理局，2025-04-16，罚款 20000 元）
     案卷：开应急罚〔2025〕12号、开应急罚〔2025〕21号、开应急罚〔2025〕33号、开应急罚〔2025〕7号、开应急罚〔2025〕15号
  3. [铁岭市银州区应急管理局] 检查记录所称立案查处的处罚案卷不在本批案卷中  <linked-case-missing>
     检查记录 银应急检〔2025〕41号（铁岭市某化工物资经销有限公司）载明已立案查处，处罚案卷 银应急罚〔2025〕12号 不在本批案卷中（本批声明为全量）
     案卷：银应急检〔2025〕41号
  4. [铁岭市银州区应急管理局] 检查发现违法行为而全年零立案、零处罚  <zero-filing>
     2025年检查发现违法行为或重大事故隐患 2 次，其中载明不予处罚理由的 1 次，该机关当年立案查处的处罚案卷 0 件
     案卷：银应急检〔2025〕17号、银应急检〔2025〕41号"""


def _run_batch(tmp_path: Path, *extra: str) -> tuple[Any, list[dict[str, Any]]]:
    out, crossed = tmp_path / "results.jsonl", tmp_path / "crossfile.jsonl"
    args = [
        "batch",
        "casefiles/examples",
        "-o",
        str(out),
        "--as-of",
        AS_OF.isoformat(),
        "-q",
        "--crossfile",
        str(crossed),
    ]
    result = CliRunner().invoke(main, args + list(extra))
    lines = crossed.read_text(encoding="utf-8").splitlines()
    return result, [json.loads(line) for line in lines]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the sources are the paths given, relative as in the README


def test_batch_cross_file_findings_on_the_examples(tmp_path: Path, in_root: None) -> None:
    result, findings = _run_batch(tmp_path, "--complete")
    assert result.exit_code == 0, result.output
    assert findings == EXPECTED_COMPLETE
    assert result.output[result.output.index("跨卷检查（") :].rstrip("\n") == EXPECTED_TEXT  # after the summary


def test_batch_without_complete_reports_no_missing_case_and_marks_zero_filing(tmp_path: Path, in_root: None) -> None:
    result, findings = _run_batch(tmp_path)
    assert result.exit_code == 0, result.output
    assert [(f["code"], f["conclusive"]) for f in findings] == [
        ("inspection-over-cap", True),
        ("double-fine", True),
        ("zero-filing", False),
    ]
    assert findings[2]["message"].endswith(
        "该机关当年立案查处的处罚案卷 0 件（本批案卷未声明为全量，仅据本批案卷，须核实）"
    )
    assert "未声明为全量：关联案卷缺失不作为问题，零立案须核实" in result.output


def test_a_penalty_only_batch_prints_no_cross_file_section(tmp_path: Path, in_root: None) -> None:
    out = tmp_path / "r.jsonl"
    args = ["batch", "casefiles/examples/em-01-compliant.json", "-o", str(out), "--as-of", AS_OF.isoformat(), "-q"]
    result = CliRunner().invoke(main, args)
    assert "跨卷检查" not in result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["case"]["crossfile"]["opened_on"] == "2025-03-11"


def test_resumed_lines_count_in_the_cross_file_checks(tmp_path: Path, in_root: None) -> None:
    out = tmp_path / "results.jsonl"
    settings = batch.Settings(as_of=AS_OF)
    seen = 0

    def crash(line: str) -> None:
        nonlocal seen
        seen += 1
        if seen == 12:
            raise RuntimeError("crash")

    caps = crossfile.caps_from(RulebookCache(RulebookCache.AUTO).for_domain)
    with pytest.raises(RuntimeError):
        batch.run(["casefiles/examples"], settings, out, jobs=1, on_line=crash, crosscheck=CrossCheck(caps))
    resumed = CrossCheck(caps, complete=True)
    batch.run(["casefiles/examples"], settings, out, jobs=1, resume=True, crosscheck=resumed)
    assert [f.to_dict() for f in resumed.result().findings] == EXPECTED_COMPLETE


def test_report_recomputes_the_cross_file_findings(tmp_path: Path, in_root: None) -> None:
    _, findings = _run_batch(tmp_path, "--complete")
    md = tmp_path / "report.md"
    args = ["report", str(tmp_path / "results.jsonl"), "--md", str(md), "--complete"]
    assert CliRunner().invoke(main, args).exit_code == 0
    text = md.read_text(encoding="utf-8")
    section = text.split("## 跨卷检查\n", 1)[1].split("\n## ", 1)[0]
    assert [line for line in section.splitlines() if line.startswith("- ")] == [
        f"- {f['agency']}：{f['title']}。{f['message']}（{'、'.join(f['cases'])}）" for f in findings
    ]


def test_an_undated_inspection_is_counted_not_placed_in_a_year() -> None:
    collector = CrossCheck(_cap(0))
    collector.add(_inspection("检1", date=None, violations=1), "x")
    result = collector.result()
    assert result.counts["检查日期未载明"] == 1
    assert not result.findings


def test_a_finding_names_the_jsonl_lines_and_files_it_came_from() -> None:
    collector = CrossCheck(_cap(2))
    days = ["2025-03-01", "2025-06-01", "2025-09-01"]
    for n, (day, line) in enumerate(zip(days, [3, None, 1], strict=True), 1):
        summary = _inspection(f"甲应急检〔2025〕{n}号", date=day)
        collector.add_record({"status": "ok", "file": f"检查{n}.jsonl", "line": line, "case": {"crossfile": summary}})
    collector.add_record({"status": "error", "file": "坏.json", "line": None})  # adds nothing
    for n in (4, 5):  # counted, then left out of the frequency check
        summary = _inspection(f"甲应急检〔2025〕{n}号", date=None)
        collector.add_record({"status": "ok", "file": f"检查{n}.json", "line": None, "case": {"crossfile": summary}})
    result = collector.result()
    assert result.counts == {
        "行政处罚": 0,
        "行政检查": 5,
        "行政强制执行": 0,
        "检查日期未载明": 2,
        "关联处罚案卷在本批中": 0,
        "关联处罚案卷不在本批中": 0,
    }
    [finding] = result.findings
    assert (finding.code, finding.cases) == (
        "inspection-over-cap",
        ("甲应急检〔2025〕1号", "甲应急检〔2025〕2号", "甲应急检〔2025〕3号"),
    )
    assert finding.sources == ("检查1.jsonl:3", "检查2.jsonl", "检查3.jsonl:1")
