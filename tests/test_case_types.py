"""The 行政检查 and 行政强制执行 case types beside 行政处罚: the exported schema, error paths, rules kept to
their case type, and `pingcha sample` drawing 检查方案 and 案卷 with their own quotas in one run."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLES, ROOT

from engine import sampling
from engine.casefile import load_case_file, parse_case_file
from engine.cli import main
from engine.errors import CaseFileError
from engine.evaluate import evaluate_case
from engine.facts import base_facts
from engine.rulebook import load_rulebook
from engine.workcal import WorkCalendar

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def test_every_example_matches_the_exported_schema() -> None:
    schema = json.loads((ROOT / "casefiles" / "casefile.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for path in EXAMPLE_FILES:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            assert path.name.startswith("malformed-")
            continue
        errors = list(validator.iter_errors(document))
        assert bool(errors) == path.name.startswith("malformed-"), path.name


def test_case_types_are_three_models() -> None:
    kinds = {p.name: type(load_case_file(p)).__name__ for p in EXAMPLE_FILES if not p.name.startswith("malformed-")}
    assert kinds["insp-22-rectification-instead-of-penalty.json"] == "InspectionCaseFile"
    assert kinds["exec-25-power-cut-on-holiday.json"] == "ExecutionCaseFile"
    assert kinds["em-21-linked-penalty.json"] == "PenaltyCaseFile"
    assert kinds["lic-34-overdue.json"] == "LicensingCaseFile"


def test_a_bad_case_type_names_the_field_and_the_other_problems_are_still_reported() -> None:
    with pytest.raises(CaseFileError) as caught:
        parse_case_file('{"schema_version": "1", "case_id": "x", "case_type": "行政征收"}', "x.json")
    first, *others = caught.value.problems
    assert (first.json_path, first.code, first.found) == ("$.case_type", "literal_error", '"行政征收"')
    assert first.expected == "“行政处罚”、“行政检查”、“行政强制执行” 或 “行政许可”"
    assert first.help == "其他字段已按“行政处罚”案卷检查"
    assert [(p.json_path, p.code) for p in others] == [
        ("$.agency", "missing"),
        ("$.party", "missing"),
        ("$.violation", "missing"),
    ]
    with pytest.raises(CaseFileError) as caught:
        parse_case_file('{"schema_version": "1", "case_id": "x", "matter": "粉尘防爆"}', "x.json")
    problems = caught.value.problems
    assert [(p.json_path, p.code) for p in problems][:2] == [("$.case_type", "missing"), ("$.kind", "missing")]
    assert problems[0].render() == (
        "$.case_type：缺少必填字段 case_type（案件类型）；应为 “行政处罚”、“行政检查”、“行政强制执行” 或 “行政许可”。"
        "其他字段已按“行政检查”案卷检查"
    )


def test_rules_apply_only_to_their_case_type() -> None:
    book = load_rulebook("emergency")
    results = {
        name: evaluate_case(load_case_file(EXAMPLES / name), book, AS_OF, WorkCalendar(), name)
        for name in ("insp-19-dust-compliant.json", "exec-25-power-cut-on-holiday.json", "em-21-linked-penalty.json")
    }

    def seen(name: str) -> set[str]:
        result = results[name]
        return {*result.passed, *(f.rule.id for f in result.findings), *(u.rule.id for u in result.undetermined)}

    inspection_rules = {r.id for r in book.rules if r.case_types == ("行政检查",)}
    assert seen("insp-19-dust-compliant.json") <= inspection_rules
    assert not seen("em-21-linked-penalty.json") & inspection_rules
    assert seen("exec-25-power-cut-on-holiday.json") <= {r.id for r in book.rules if "行政强制执行" in r.case_types}
    # 行政检查 rules are not counted as not-applicable in a penalty file's result either
    assert results["insp-19-dust-compliant.json"].not_applicable == len(book.rules_for("行政检查")) - len(
        seen("insp-19-dust-compliant.json")
    )


def test_an_unconfirmed_parameter_is_noticed_only_where_its_rules_apply() -> None:
    book = load_rulebook("emergency")
    inspection = evaluate_case(load_case_file(EXAMPLES / "insp-19-dust-compliant.json"), book, AS_OF, WorkCalendar())
    penalty = evaluate_case(load_case_file(EXAMPLES / "em-21-linked-penalty.json"), book, AS_OF, WorkCalendar())
    assert [n for n in inspection.notices if "整改复查期限" in n] and not penalty.notices


# --- pingcha sample: 检查方案 and 案卷 in one run ------------------------------------------------------


def test_allocation_with_a_ratio_per_kind_and_the_minimum_for_cases() -> None:
    quota = sampling.Quota(Fraction(3, 10), 10, "", (("检查方案", Fraction(1, 5)), ("案卷", Fraction(3, 10))))
    sizes = {"案卷 / 甲": 20, "案卷 / 乙": 5, "检查方案 / 甲": 50}
    kinds = {"案卷 / 甲": "案卷", "案卷 / 乙": "案卷", "检查方案 / 甲": "检查方案"}
    allocation, notes = sampling.allocate(sizes, quota, kinds)
    assert allocation == {"案卷 / 甲": 8, "案卷 / 乙": 2, "检查方案 / 甲": 10} and notes == []


def _sample(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["sample", str(EXAMPLES), "--seed", "20261121", "--date", "2026-11-21", *args])
    return result.exit_code, result.output


def test_sample_draws_plans_and_cases_with_their_own_quotas(tmp_path: Path) -> None:
    record_path = tmp_path / "record.json"
    code, output = _sample("--rulebook", "emergency", "--record", str(record_path))
    assert code == 0, output
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["method"]["by"] == ["kind", "agency"]
    assert record["quota"]["ratios"] == {"检查方案": "1/5", "案卷": "3/10"}
    assert record["quota"]["required_by_kind"] == {"检查方案": 2, "案卷": 9}
    for stratum in record["strata"]:
        ratio = Fraction(1, 5) if stratum["stratum"].startswith("检查方案 / ") else Fraction(3, 10)
        assert stratum["sample"] == -(-stratum["population"] * ratio // 1)
    plans = [s for s in record["sample"] if s["stratum"].startswith("检查方案")]
    assert plans and all("insp-" in s["key"] or "malformed-26" in s["key"] for s in plans)
    assert "比例 检查方案 20%、案卷 30%" in output
    assert (
        "样本 14 件，满足配额（应抽不少于 检查方案 2 件（已抽 2 件）、案卷 9 件（已抽 12 件））" in output.splitlines()
    )
    replay = CliRunner().invoke(main, ["sample", "--replay", str(record_path)])
    assert replay.exit_code == 0 and "复现一致" in replay.output


def test_sample_with_one_ratio_is_as_before() -> None:
    code, output = _sample("--rulebook", "emergency", "--of", "cases")
    assert code == 0 and "按执法机关" in output and "检查方案 /" not in output
    code, output = _sample("--rulebook", "emergency", "--of", "both", "--ratio", "30%")
    assert code == 2 and "不能用 --ratio" in output


def test_check_a_hand_drawn_sample_against_both_quotas(tmp_path: Path) -> None:
    listing = tmp_path / "picked.txt"
    listing.write_text("开应急检〔2025〕8号\n银应急检〔2025〕17号\n开应急罚〔2025〕41号\n", encoding="utf-8")
    code, output = _sample("--rulebook", "emergency", "--check", str(listing))
    assert code == 1
    rows = {line.split()[2]: line.split()[3:] for line in output.splitlines() if " / " in line}
    assert rows["开原市应急管理局"] == ["4", "1", "1", "✓"]  # the 检查方案 row comes last
    assert [line.split()[3:] for line in output.splitlines() if line.startswith("案卷 / 开原市应急管理局")] == [
        ["10", "3", "1", "✗", "差", "2", "件"]
    ]
    assert "合计                                     34      11       3  ✗ 差 8 件" in output


def test_an_inspection_plan_gives_its_dates_as_facts() -> None:
    """date.检查方案制定 is read by no bundled rule: a rule a province writes may, and must get the plan's date."""
    case = load_case_file(EXAMPLES / "insp-19-dust-compliant.json")
    facts, origin, _ = base_facts(case, AS_OF, load_rulebook("emergency").tables, WorkCalendar())
    assert (facts["date.检查方案制定"], facts["date.检查方案批准"]) == (dt.date(2025, 3, 12), dt.date(2025, 3, 13))
    assert origin["date.检查方案制定"] == "$.plan.drawn_on"


def test_a_penalty_file_gives_the_party_s_industry_as_a_fact() -> None:
    """party.industry is read by no bundled rule of a penalty file: a rule a province writes may."""
    case = load_case_file(EXAMPLES / "em-01-compliant.json")
    facts = base_facts(case, AS_OF, load_rulebook("emergency").tables, WorkCalendar())[0]
    assert facts["party.industry"] == "机械制造"


def test_an_unsigned_document_is_listed_as_a_fact() -> None:
    """documents.unsigned is read by no bundled rule: a rule a province writes may."""
    data = json.loads((EXAMPLES / "em-01-compliant.json").read_text(encoding="utf-8"))
    data["documents"][2]["signed"] = False  # the 询问笔录
    case = parse_case_file(json.dumps(data, ensure_ascii=False), "em-01.json")
    facts = base_facts(case, AS_OF, load_rulebook("emergency").tables, WorkCalendar())[0]
    assert (facts["documents.unsigned"], facts["documents.unsealed"]) == (("询问笔录",), ())


@pytest.mark.parametrize(
    "name", ["exec-25-power-cut-on-holiday.json", "insp-19-dust-compliant.json", "em-01-compliant.json"]
)
def test_every_case_type_gives_the_review_date_as_a_fact(name: str) -> None:
    facts = base_facts(load_case_file(EXAMPLES / name), AS_OF, load_rulebook("emergency").tables, WorkCalendar())[0]
    assert facts["as_of"] == AS_OF
