"""The rule tests shipped beside the rules all pass (the same run `pingcha rules test` does)."""

from __future__ import annotations

import re

from cli import main


def test_shipped_rule_tests_pass(runner) -> None:
    result = runner.invoke(main, ["rules", "test"])
    summary = result.output.splitlines()[-1]
    assert re.fullmatch(r"\d+ passed, 0 failed, \d+ todo", summary), result.output
    assert result.exit_code == 0


def test_a_wrong_expectation_fails_with_a_diff(runner, profile_copy) -> None:
    profile = profile_copy("national")
    tests = profile / "deadlines.tests.yaml"
    tests.write_text(
        tests.read_text(encoding="utf-8").replace("超过法定期限 90 日\n    evidence", "超过法定期限 60 日\n    evidence"),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["rules", "test", str(profile)])
    assert result.exit_code == 1
    assert f"FAIL {tests}:5 decision-within-deadline: 立案后97日作出决定" in result.output
    assert "  - expected: 立案至作出决定用时 97 日，超过法定期限 60 日\n" in result.output
    assert "  + actual:   立案至作出决定用时 97 日，超过法定期限 90 日\n" in result.output
    assert result.output.splitlines()[-1] == "3 passed, 1 failed, 0 todo"
