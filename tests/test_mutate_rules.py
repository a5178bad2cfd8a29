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


def test_a_listed_equivalent_is_left_out_of_the_score_and_a_killed_one_is_reported(tmp_path: Path, capsys) -> None:
    """The score leaves listed survivors out (the raw score counts them); a listed mutant that is killed is named."""
    at_cap = case("罚款正好等于上限", "fine-under-cap", "pass", "    set: {$.decision.fine: 100000}\n")
    far = case("罚款远超上限", "fine-under-cap", "fire", "    set: {$.decision.fine: 900000}\n")
    folder = write_profile(tmp_path, {"mini.rules.yaml": RULES, "mini.tests.yaml": rule_tests(far, at_cap)})
    severity, _, _, above_one, _, strict = mutate_rules.file_mutants(tmp_path, folder / "mini.rules.yaml")
    listed = {severity.describe(): "示例：没有 scores 表", strict.describe(): "示例：以为无法区分"}
    mutate_rules._run(tmp_path, [severity, above_one, strict], listed, None, None)
    assert capsys.readouterr().out.splitlines() == [
        "EQUIVALENT rules/mini/mini.rules.yaml:6:15 severity: minor → major",
        "    示例：没有 scores 表",
        "SURVIVED rules/mini/mini.rules.yaml:12:27 number: 0 → 1",
        "KILLED rules/mini/mini.rules.yaml:13:28 comparison: <= → <",
        "    listed as equivalent in equivalent_rule_mutants.yaml: remove the entry",
        "severity: killed 0, survived 0, equivalent 1, rejected 0 — score 100.0% (raw 0.0%)",
        "number: killed 0, survived 1, equivalent 0, rejected 0 — score 0.0% (raw 0.0%)",
        "comparison: killed 1, survived 0, equivalent 0, rejected 0 — score 100.0% (raw 100.0%)",
        "all: killed 1, survived 1, equivalent 1, rejected 0 — score 50.0% (raw 33.3%)",
    ]


def test_the_shipped_list_of_equivalent_mutants_names_generated_mutants() -> None:
    """Each entry names a mutant the tool still generates: a moved line must be renamed, not silently ignored."""
    rules = Path(__file__).resolve().parents[1] / "rules"
    profiles = sorted({name.split("/")[1] for name in mutate_rules.load_equivalents(mutate_rules.EQUIVALENTS)})
    generated = {m.describe() for m in mutate_rules.all_mutants(rules, profiles, list(mutate_rules.MUTATORS))}
    assert set(mutate_rules.load_equivalents(mutate_rules.EQUIVALENTS)) <= generated
