"""Facts on demand (issue 21): a group of facts no rule of the rulebook reads is not computed. Skipping a
group may change only the facts it declares; a rulebook that reads one of them — directly, through a
derived classification, or as the date that picks a parameter's version — gets the group computed."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import AS_OF, EXAMPLES, ROOT
from minirulebook import rule, write_profile

from engine.casefile import CaseFile, load_case_file, parse_case_file
from engine.evaluate import build_context, evaluate_case
from engine.facts import base_facts
from engine.facts.penalty import OPTIONAL_GROUPS, skipped_groups
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus

TESTCASE = ROOT / "rules" / "testcases" / "penalty-emergency-2025.json"


@functools.cache
def _penalty_files() -> list[tuple[str, CaseFile]]:
    """The bundled examples, the rule tests' base files and a generated corpus: every penalty file."""
    found = []
    for path in [*sorted(EXAMPLES.glob("*.json")), *sorted(TESTCASE.parent.glob("*.json"))]:
        if not path.name.startswith("malformed-"):
            found.append((path.name, load_case_file(path)))
    for name, data in corpus.generate(300, seed=11, malformed_ratio=0.0):
        found.append((name, parse_case_file(data, name)))
    return [(name, case) for name, case in found if case.case_type == "行政处罚"]


@pytest.mark.parametrize("group", sorted(OPTIONAL_GROUPS))
def test_skipping_a_group_changes_only_the_facts_it_declares(group: str) -> None:
    """Over every penalty file at hand: the facts (value or JSON path) that differ when the group is
    skipped all begin with a name it declares, and for some file some do (the group is exercised)."""
    tables = load_rulebook("emergency").tables
    reads = frozenset(name for other, names in OPTIONAL_GROUPS.items() if other != group for name in names)
    assert skipped_groups(reads) == {group}
    changed: set[str] = set()
    for _, case in _penalty_files():
        every, every_origin, _ = base_facts(case, AS_OF, tables, WorkCalendar())
        some, some_origin, _ = base_facts(case, AS_OF, tables, WorkCalendar(), reads)
        changed |= {k for k in every if every[k] != some.get(k)}
        changed |= {k for k in every_origin.keys() | some_origin.keys() if every_origin.get(k) != some_origin.get(k)}
    assert changed
    assert {k for k in changed if not k.startswith(OPTIONAL_GROUPS[group])} == set()


def test_every_fact_is_computed_when_the_rules_are_not_given() -> None:
    assert skipped_groups(None) == frozenset()
    assert skipped_groups(frozenset()) == frozenset(OPTIONAL_GROUPS)


def _mini(tmp_path: Path, spec: str, derived: str = "") -> Any:
    """A one-rule profile with the bundled table of laws' full names and structure."""
    articles = (ROOT / "rules" / "national" / "articles.tables.yaml").read_text(encoding="utf-8")
    files = {"mini.rules.yaml": "rules:\n" + spec, "articles.tables.yaml": articles}
    return load_rulebook(str(write_profile(tmp_path, files, extra=derived)))


def _abbreviated() -> CaseFile:
    data = json.loads(TESTCASE.read_text(encoding="utf-8"))
    data["violation"]["provision_violated"] = [{"law": "《安全生产法》", "article": 28, "paragraph": 4}]
    return parse_case_file(json.dumps(data, ensure_ascii=False), "abbreviated.json")


def test_a_rule_reading_a_group_s_fact_gets_the_group_computed(tmp_path: Path) -> None:
    spec = rule(
        "full-names",
        "count(reasoning.abbreviated_laws) == 0",
        message="决定书以简称引用的法律：{reasoning.abbreviated_laws}",
    )
    book = _mini(tmp_path, spec)
    assert "reasoning" not in skipped_groups(book.reads_for("行政处罚"))
    assert {"filing", "standards", "property", "mitigation"} <= skipped_groups(book.reads_for("行政处罚"))
    result = evaluate_case(_abbreviated(), book, AS_OF, WorkCalendar())
    assert [(f.rule.id, f.message) for f in result.findings] == [
        ("full-names", "决定书以简称引用的法律：《安全生产法》（全称《中华人民共和国安全生产法》）")
    ]


def test_a_derived_classification_reading_a_group_s_fact_gets_the_group_computed(tmp_path: Path) -> None:
    derived = "derived:\n  abbreviated:\n    title: 以简称引用\n    expr: count(reasoning.abbreviated_laws) > 0\n"
    book = _mini(tmp_path, rule("no-abbreviation", "not derived.abbreviated"), derived)
    assert "reasoning" not in skipped_groups(book.reads_for("行政处罚"))
    result = evaluate_case(_abbreviated(), book, AS_OF, WorkCalendar())
    assert [f.rule.id for f in result.findings] == ["no-abbreviation"]


def test_a_derived_classification_no_rule_reads_still_gets_its_group_computed(tmp_path: Path) -> None:
    """build_context works out every derived classification, and a draft's review and an explanation show
    them: one that reads a group's fact has the group computed even when no rule reads it."""
    derived = "derived:\n  abbreviated:\n    title: 以简称引用\n    expr: count(reasoning.abbreviated_laws) > 0\n"
    book = _mini(tmp_path, rule("fine-cap", "decision.fine <= param.fine_cap"), derived)
    assert "reasoning" not in skipped_groups(book.reads_for("行政处罚"))
    ctx, _ = build_context(_abbreviated(), book, AS_OF, WorkCalendar())
    assert ctx.facts["derived.abbreviated"] is True


def test_a_rulebook_reading_none_of_a_group_s_facts_scores_as_if_it_were_computed(tmp_path: Path) -> None:
    book = _mini(tmp_path, rule("fine-cap", "decision.fine <= param.fine_cap"))
    assert skipped_groups(book.reads_for("行政处罚")) == frozenset(OPTIONAL_GROUPS)
    case = _abbreviated()
    on_demand = evaluate_case(case, book, AS_OF, WorkCalendar())
    book.reads_for = lambda case_type: None  # type: ignore[method-assign]
    assert evaluate_case(case, book, AS_OF, WorkCalendar()) == on_demand


def test_a_parameter_dated_by_a_group_s_fact_gets_the_group_computed(tmp_path: Path) -> None:
    """A rule reading a parameter whose version is chosen by a fact of an optional group: the group is
    computed, so the version of the day is chosen (here the day the 立案审批表 records receiving the case)."""
    parameter = (
        "  received_cap:\n    title: 上限\n    by: filing.received_on\n    versions:\n"
        '      - {until: "2024-12-31", value: 1, basis: 示例}\n'
        '      - {from: "2025-01-01", value: 100000, basis: 示例}\n'
    )
    folder = write_profile(
        tmp_path, {"mini.rules.yaml": "rules:\n" + rule("cap", "decision.fine <= param.received_cap")}
    )
    profile = folder / "profile.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("parameters:\n", "parameters:\n" + parameter))
    book = load_rulebook(str(folder))
    assert "filing" not in skipped_groups(book.reads_for("行政处罚"))
    data = json.loads(TESTCASE.read_text(encoding="utf-8"))
    data["opening"] = {"received_on": "2024-12-31"}
    case = parse_case_file(json.dumps(data, ensure_ascii=False), "received.json")
    assert [f.rule.id for f in evaluate_case(case, book, AS_OF, WorkCalendar()).findings] == ["cap"]
