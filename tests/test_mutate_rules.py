"""tools/mutate_rules.py: which edits it makes in a rulebook, and how the rule tests judge them."""

from __future__ import annotations

import sys
from pathlib import Path

from minirulebook import case, rule, rule_tests, write_profile

from engine.workcal import WorkCalendar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import mutate_rules

RULES = "rules:\n" + rule("fine-under-cap", "decision.fine <= param.fine_cap", when="decision.fine > 0")


def _mutants(tmp_path: Path) -> list[mutate_rules.Mutant]:
    folder = write_profile(tmp_path, {"mini.rules.yaml": RULES})
    return mutate_rules.file_mutants(tmp_path, folder / "mini.rules.yaml") + mutate_rules.file_mutants(
        tmp_path, folder / "profile.yaml"
    )


def test_the_edits_of_a_rule_and_a_parameter(tmp_path: Path) -> None:
    """Citations (article 28, 23) and the scoring block are left alone; a parameter's value is a number."""
    assert [(m.where(), m.mutator, m.before, m.after) for m in _mutants(tmp_path)] == [
        ("rules/mini/mini.rules.yaml:6", "severity", "minor", "major"),
        ("rules/mini/mini.rules.yaml:7", "points", "1", "2"),
        ("rules/mini/mini.rules.yaml:7", "points", "1", "0"),
        ("rules/mini/mini.rules.yaml:12", "number", "0", "1"),
        ("rules/mini/mini.rules.yaml:12", "comparison", ">", ">="),
        ("rules/mini/mini.rules.yaml:13", "comparison", "<=", "<"),
        ("rules/mini/profile.yaml:13", "number", "100000", "100001"),
        ("rules/mini/profile.yaml:13", "number", "100000", "99999"),
    ]


def test_a_mutant_is_killed_by_a_boundary_case_and_survives_without_it(tmp_path: Path) -> None:
    at_cap = case("罚款正好等于上限", "fine-under-cap", "pass", "    set: {$.decision.fine: 100000}\n")
    far = case("罚款远超上限", "fine-under-cap", "fire", "    set: {$.decision.fine: 900000}\n")
    folder = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(far)})
    strict = next(m for m in mutate_rules.file_mutants(tmp_path, folder / "mini.rules.yaml") if m.after == "<")
    calendar = WorkCalendar()
    assert mutate_rules.run_mutant(tmp_path, strict, calendar) == ("survived", "")
    (folder / "mini.tests.yaml").write_text(rule_tests(far, at_cap), encoding="utf-8")
    outcome, why = mutate_rules.run_mutant(tmp_path, strict, calendar)
    assert (outcome, why) == ("killed", f"FAIL {folder}/mini.tests.yaml:8 fine-under-cap: 罚款正好等于上限")
    assert "decision.fine <= param.fine_cap" in (folder / "mini.rules.yaml").read_text(encoding="utf-8")  # restored
