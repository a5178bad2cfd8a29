"""`pingcha rules lint`: the shipped profiles lint clean, and each kind of problem is reported exactly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from minirulebook import TABLE, case, rule, rule_tests, write_profile

from engine import resources
from engine.cli import main
from engine.expr import FUNCTION_NAMES
from engine.lint import Interval, _gaps

AS_OF = ["--as-of", "2026-11-21"]
NO_BASIS = (
    "    basis:\n      - {law: 行政处罚法, article: 28}\n"
    '      - {law: 行政处罚法, article: 23, version: "2017"}\n      - {law: 行政处罚法, article: 23, version: "2009"}\n'
)


def _lint(runner, *args: str):
    return runner.invoke(main, ["rules", "lint", *args, *AS_OF])


def test_shipped_profiles_have_no_errors(runner) -> None:
    result = _lint(runner)
    assert result.exit_code == 0, result.output
    summary = result.output.splitlines()[-1]
    assert re.fullmatch(r"0 errors, \d+ warnings? \(\d+ profiles: .*national.*; \d+ files\)", summary), summary
    assert "error[" not in result.output


@pytest.mark.parametrize("profile", [p.name for p in resources.bundled_profiles()])
def test_each_shipped_profile_lints_without_errors(runner, profile: str) -> None:
    document = json.loads(_lint(runner, profile, "--format", "json").stdout)  # stderr names the folder read
    assert document["summary"]["errors"] == 0, [d for d in document["diagnostics"] if d["severity"] == "error"]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A rule naming a fact that does not exist, a message with an unclosed brace, a placeholder with a
    typo, and (in a file of its own, since a schema error sets its file aside) a rule with no legal basis."""
    return write_profile(
        tmp_path,
        {
            "broken.rules.yaml": "rules:\n"
            + rule("fine-positive", "decision.exists", when="decision.exists and decision.fin > 0")
            + rule("braces", "decision.exists", message="罚款 {decision.fine 元")
            + rule("placeholder-typo", "decision.exists", message="上限 {param.fine_caps} 元"),
            "nobasis.rules.yaml": "rules:\n" + rule("no-basis", "decision.exists").replace(NO_BASIS, ""),
        },
    )


def test_broken_rules_exact_output(runner, broken: Path) -> None:
    result = _lint(runner, str(broken))
    assert result.exit_code == 1
    assert result.output == (
        f"{broken}/broken.rules.yaml:12: error[unknown-fact]: 未知事实 `decision.fin` (unknown fact)\n"
        "    decision.exists and decision.fin > 0\n"
        "                        ^\n"
        "  help: did you mean `decision.fine`?\n"
        f"{broken}/broken.rules.yaml:28: error[bad-placeholder]: 规则 `braces` 的 message 中有不成对或空的花括号："
        "罚款 {decision.fine 元\n"
        "  help: a placeholder is {expression}, e.g. {decision.fine}; braces cannot be nested or empty\n"
        f"{broken}/broken.rules.yaml:42: error[bad-placeholder]: message 占位符：未知事实 `param.fine_caps` (unknown fact)\n"
        "    param.fine_caps\n"
        "    ^\n"
        "  help: did you mean `param.fine_cap`?\n"
        f"{broken}/nobasis.rules.yaml:2: error[no-basis]: $.rules[0]: 'basis' is a required property\n"
        "  help: see rules/schemas/rules.schema.json\n"
        "4 errors, 0 warnings (1 profile: mini; 3 files)\n"
    )


def test_json_format_carries_the_same_problems(runner, broken: Path) -> None:
    result = _lint(runner, str(broken), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert document["summary"] == {"errors": 4, "warnings": 0, "profiles": ["mini"], "files": 3}
    assert [(Path(d["file"]).name, d["line"], d["severity"], d["code"]) for d in document["diagnostics"]] == [
        ("broken.rules.yaml", 12, "error", "unknown-fact"),
        ("broken.rules.yaml", 28, "error", "bad-placeholder"),
        ("broken.rules.yaml", 42, "error", "bad-placeholder"),
        ("nobasis.rules.yaml", 2, "error", "no-basis"),
    ]
    assert document["diagnostics"][0]["help"] == "did you mean `decision.fine`?"


def test_github_format_annotates_file_and_line(runner, broken: Path) -> None:
    lines = _lint(runner, str(broken), "--format", "github").output.splitlines()
    assert lines[0] == (
        f"::error file={broken}/broken.rules.yaml,line=12,title=unknown-fact::未知事实 `decision.fin` (unknown fact)"
        "%0A    decision.exists and decision.fin > 0%0A                        ^%0Ahelp: did you mean `decision.fine`?"
    )
    assert lines[-1] == "4 errors, 0 warnings (1 profile: mini; 3 files)"


def test_tables_overlaps_gaps_and_statutory_range(runner, tmp_path: Path) -> None:
    tables = """\
discretion:
  - id: overlap-table
    title: 示例事项
    item_code: X-1
    basis: 示例
    model: fact-pattern
    complete: true
    statutory: {单位: [0, 100000]}
    bands:
      - level: 从轻
        name: 占比不足10%
        when: {占比: {lt: 0.1}}
        fine: {单位: [0, 30000]}
      - level: 一般
        name: 占比5%以上不足30%
        when: {占比: {gte: 0.05, lt: 0.3}}
        fine: {单位: [30000, 70000]}
      - level: 从重
        name: 占比50%以上
        when: {占比: {gte: 0.5}}
        fine: {单位: [70000, 120000]}
  - id: fraction-table
    title: 示例事项二
    item_code: X-2
    basis: 示例
    model: fraction
    complete: true
    statutory: {个人: [1000, 10000]}
    fractions:
      从轻: [0, 0.4]
      一般: [0.3, 0.6]
      从重: [0.7, 1]
"""
    profile = write_profile(tmp_path, {"t.tables.yaml": tables})
    result = _lint(runner, str(profile))
    assert result.exit_code == 1
    file = f"{profile}/t.tables.yaml"
    assert result.output.splitlines() == [
        f"{file}:7: error[band-gap]: 裁量基准 `overlap-table` 声明 complete，但单位的以下情节没有对应情形：占比 ∈ [0.3, 0.5)",
        "  help: add a band for these facts, or drop `complete: true` if the baseline really leaves them open",
        (
            f"{file}:14: error[band-overlap]: 裁量基准 `overlap-table` 的情形“占比5%以上不足30%”与“占比不足10%”（第 10 行）"
            "对单位适用于相同的情节：占比 ∈ [0.05, 0.1)"
        ),
        (
            "  help: a case with these facts gets the first band that matches; make the conditions exclusive "
            "(e.g. lt: 0.1 in one band, gte: 0.1 in the next)"
        ),
        (
            f"{file}:18: error[band-outside-statutory]: 裁量基准 `overlap-table` 情形“占比50%以上”的单位罚款幅度 "
            "70000—120000 元超出法定幅度 0—100000 元"
        ),
        "  help: only a 减轻 band may go below the statutory minimum, and none above the maximum",
        f"{file}:27: error[band-gap]: 裁量基准 `fraction-table` 声明 complete，但法定幅度的以下比例没有对应阶次：0.6—0.7",
        "  help: 从轻、一般、从重 together must cover the statutory range from 0 to 1",
        f"{file}:31: error[band-overlap]: 裁量基准 `fraction-table` 阶次“一般”与“从轻”（第 30 行）的比例区间重叠：0.3—0.4",
        "  help: fraction levels may share an end point but not a stretch of the statutory range",
        "5 errors, 0 warnings (1 profile: mini; 2 files)",
    ]


def test_adjacent_bands_sharing_a_bound_do_not_overlap(runner, tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path, {"t.tables.yaml": TABLE.replace("model: fact-pattern", "model: fact-pattern\n    complete: true")}
    )
    result = _lint(runner, str(profile), "--examples", str(tmp_path / "testcases"))
    assert "error[" not in result.output, result.output


@pytest.fixture
def smelly(tmp_path: Path) -> tuple[Path, Path]:
    """A profile that loads but has an unused parameter and derived classification, a rule that never
    fires and one that never passes; one example case file."""
    examples = tmp_path / "examples"
    examples.mkdir()
    shutil.copy(resources.rules_dir() / "testcases" / "penalty-emergency-2025.json", examples)
    profile = write_profile(
        tmp_path,
        {
            "mini.rules.yaml": "rules:\n"
            + rule("fine-under-cap", "decision.fine <= param.fine_cap")
            + rule("always-passes", "exists(case.id)")
            + rule("never-passes", "not exists(case.id)"),
            "mini.tests.yaml": rule_tests(
                case("罚款超过上限", "fine-under-cap", "fire", "    set: {$.decision.fine: 200000}\n"),
                case("罚款未超过上限", "fine-under-cap", "pass"),
            ),
        },
        extra=(
            "  spare:\n    title: 备用\n    value: 1\n"
            "  quota:\n    title: 抽查比例\n    value: 0.3\n    used_by: sampling\n"
            "derived:\n  unused_flag:\n    title: 未用\n    expr: decision.fine > 0\n"
        ),
    )
    return profile, examples


def test_unused_definitions_and_rules_that_never_or_always_fire(runner, smelly: tuple[Path, Path]) -> None:
    profile, examples = smelly
    result = _lint(runner, str(profile), "--examples", str(examples))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        (
            f"{profile}/mini.rules.yaml:16: warning[never-fires]: 规则 `always-passes` 在 1 份示例案卷和 2 个规则测试用例中"
            "从未产生问题（规则集 mini）"
        ),
        "  help: add a rule test with `expect: fire`; if none can be written, the rule cannot fire in this profile (check when and require, or list it under disable)",
        (
            f"{profile}/mini.rules.yaml:30: warning[always-fires]: 规则 `never-passes` 在 1 份示例案卷和 2 个规则测试用例中"
            "只要适用就产生问题，从未通过（规则集 mini）"
        ),
        "  help: add a rule test with `expect: pass`; if none can be written, the requirement can never be met",
        (
            f"{profile}/mini.rules.yaml:30: warning[remedy-missing]: 规则 `never-passes` 在 1 份示例案卷中产生了问题，"
            "但没有整改措施（remedy），整改台账只能用规则族的通用措施（规则集 mini）"
        ),
        "  help: add `remedy:` (Chinese: what the agency does to correct this problem and prevent it), right after `points:`",
        f"{profile}/profile.yaml:15: warning[unused-parameter]: 参数 `spare` 没有被任何规则或派生分类使用（规则集 mini）",
        (
            "  help: use it as param.spare in a rule, delete it, or — if an engine feature such as sampling or the report "
            "reads it — declare `used_by: <feature>`"
        ),
        f"{profile}/profile.yaml:23: warning[unused-derived]: 派生分类 `unused_flag` 没有被任何规则或其他派生分类使用（规则集 mini）",
        "  help: use it as derived.unused_flag in a rule's when or require, or delete it",
        "0 errors, 5 warnings (1 profile: mini; 3 files)",
    ]
    assert _lint(runner, str(profile), "--examples", str(examples), "--strict").exit_code == 1
    # its own 整改措施 silences it (fine-under-cap fires only in the rule tests: no remedy is asked of it)
    rules = profile / "mini.rules.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("    points: 1\n", "    points: 1\n    remedy: 示例整改措施\n"), encoding="utf-8")
    result = _lint(runner, str(profile), "--examples", str(examples))
    assert "remedy-missing" not in result.output and result.output.splitlines()[-1].startswith("0 errors, 4 warnings")


def test_a_problem_in_an_inherited_file_is_reported_once(runner, smelly: tuple[Path, Path]) -> None:
    profile, examples = smelly
    child = write_profile(profile.parent, {}, name="child", extends="mini")
    result = _lint(runner, str(profile), str(child), "--examples", str(examples))
    assert result.output.count("warning[unused-parameter]: 参数 `spare`") == 1
    assert "（规则集 mini、child）" in result.output
    assert result.output.splitlines()[-1] == "0 errors, 5 warnings (2 profiles: mini, child; 4 files)"


def test_rule_test_problems_are_lint_errors(runner, tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path,
        {
            "mini.rules.yaml": "rules:\n" + rule("fine-under-cap", "decision.fine <= param.fine_cap"),
            "mini.tests.yaml": rule_tests(case("不存在的规则", "no-such-rule", "fire")),
            "stray.tests.yaml": rule_tests(case("罚款未超过上限", "fine-under-cap", "pass")),
            "profile.tests.yaml": rule_tests(case("罚款未超过上限", "fine-under-cap", "pass")),  # the profile's own
        },
    )
    result = _lint(runner, str(profile))
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        f"{profile}/mini.tests.yaml:5: error[unknown-rule]: 规则 `no-such-rule` 不在规则集 mini 中",
        f"{profile}/stray.tests.yaml:1: warning[orphan-tests]: 规则测试文件旁没有 stray.rules.yaml 或 stray.tables.yaml",
        "  help: name a tests file after the rules (or tables) file it tests, in the same folder",
    ]


def test_a_rule_id_with_a_trailing_newline_is_a_lint_error(runner, tmp_path: Path) -> None:
    block_id = rule("fine-under-cap", "decision.exists").replace("id: fine-under-cap", "id: |\n      fine-under-cap")
    profile = write_profile(tmp_path, {"mini.rules.yaml": "rules:\n" + block_id})
    result = _lint(runner, str(profile))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{profile}/mini.rules.yaml:2: error[schema]: $.rules[0].id: 'fine-under-cap\\n' 不符合格式 "
        "^[a-z][a-z0-9]*(-[a-z0-9]+)*$（稳定的规则编号（ASCII kebab-case））；末尾有换行：YAML 的 | 或 > 写法会保留换行，请写在同一行"
    )


def test_unknown_profile_is_an_error(runner) -> None:
    result = _lint(runner, "no-such-profile")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "no-such-profile: error[no-profile]: 没有找到规则集 `no-such-profile`"


def test_gaps_merge_neighbouring_pieces() -> None:
    below = {"x": Interval(hi=0.1)}
    above = {"x": Interval(lo=0.5, lo_closed=True)}
    assert [g["x"].text("x") for g in _gaps([below, above])] == ["x ∈ [0.1, 0.5)"]
    assert _gaps([below, {"x": Interval(lo=0.1, lo_closed=True)}]) == []
    two_facts = [{"a": Interval(hi=1), "b": Interval(hi=1)}, {"a": Interval(lo=1, lo_closed=True)}]
    assert [(g["a"].text("a"), g["b"].text("b")) for g in _gaps(two_facts)] == [("a < 1", "b ≥ 1")]


def test_facts_lists_what_a_rule_may_name(runner, smelly: tuple[Path, Path]) -> None:
    profile, _ = smelly
    result = runner.invoke(main, ["rules", "facts", str(profile)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert re.fullmatch(r"规则集 mini 1 的事实（\d+ 项），规则中按名称引用：", lines[0])
    assert re.search(r"^  case\.procedure +text    程序  取值：普通程序、简易程序$", result.output, re.MULTILINE)
    assert re.search(r"^  param\.spare +number  备用$", result.output, re.MULTILINE)
    assert re.search(r"^  derived\.unused_flag +bool    未用$", result.output, re.MULTILINE)
    facts = json.loads(runner.invoke(main, ["rules", "facts", str(profile), "--format", "json"]).output)
    assert {"name": "param.fine_cap", "type": "number", "title": "罚款上限（元）", "values": None} in facts["facts"]


def test_facts_json_gives_each_rules_period_and_the_period_of_each_version_cited(runner) -> None:
    rules = json.loads(runner.invoke(main, ["rules", "facts", "ecology", "--format", "json"]).output)["rules"]
    rule = next(r for r in rules if r["id"] == "eco-decision-within-deadline-2010")
    assert rule == {
        "id": "eco-decision-within-deadline-2010",
        "from": "2010-03-01",
        "until": "2023-06-30",
        "dated_by": "立案日期（首次）",
        "before": "无法判定",
        "after": "不适用",
        "basis": [
            {"text": "《环境行政处罚办法》（2010）第55条", "in_force": "2010-03-01至2023-06-30施行"},
            {"text": "《环境行政处罚办法》（2010）第79条", "in_force": "2010-03-01至2023-06-30施行"},
        ],
    }
    dossier = next(r for r in rules if r["id"] == "standard-forms")
    assert dossier["from"] is None and dossier["dated_by"] is None


def test_the_maintainers_guide_covers_every_function_and_command() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "maintaining-a-rulebook.md").read_text(encoding="utf-8")
    for name in FUNCTION_NAMES:
        assert f"`{name}(" in guide, name
    for command in ("rules lint", "rules test", "rules diff", "rules facts", "python tests/regenerate.py"):
        assert command in guide, command
    for schema in (resources.rules_dir() / "schemas").glob("*.schema.json"):
        if schema.name != "citation.schema.json":  # a part of the others ($ref), not a file of its own
            assert f"$schema=../schemas/{schema.name}" in guide, schema.name


def test_a_rule_that_fires_on_data_the_file_does_not_give_is_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads each example as a summary declaring nothing complete, then leaves out one part at a
    time. With the facts layer broken to read an incomplete document list as complete, the rules that
    then fire on the missing documents are named."""
    from engine import lint
    from engine.facts import discretion, inspection, penalty

    assert [d for d in lint.lint(["national"]).diagnostics if d.code == "fires-on-unknown"] == []
    for module in (penalty, inspection, discretion):
        monkeypatch.setattr(module, "listed", lambda items, closed: tuple(items))
    found = {d.message for d in lint.lint(["national"]).diagnostics if d.code == "fires-on-unknown"}
    assert (
        "规则 `case-opening-approved` 在案卷未载明的数据上产生问题（em-01-compliant.json 去掉 $.documents，来源未声明完整）"
        "：未载明的不应视为未做" in found
    )
    assert len(found) == 12  # with investigation-report-made, party-identity-evidenced, dossier-note-sheet (issue 19)


CITING = """\
rules:
  - id: {id}
    title: 示例规则
    family: 评查标准
    category: 内容
    severity: minor
    points: 1
    basis:
      - {basis}
{effective}    when: decision.exists
    require: decision.fine <= 100000
    message: 罚款 {{decision.fine}} 元
"""


def _citing(rule_id: str, basis: str, effective: str | None = '{from: "2021-07-15", by: date.决定}') -> str:
    return CITING.format(id=rule_id, basis=basis, effective=f"    effective: {effective}\n" if effective else "")


def test_every_citation_is_checked_against_the_laws_table(runner, tmp_path: Path) -> None:
    rules = "\n".join(
        [
            _citing("unknown-law", "{law: 行政处罚条例, article: 28}"),
            _citing("unknown-version", "{law: 行政处罚法, article: 28, version: '2019'}"),
            _citing("no-such-article", "{law: 行政处罚法, article: 90}"),
            _citing("other-province", "{law: 赣应急字〔2020〕168号, section: （一）严格执法程序}"),
            _citing(
                "other-province-as-reference",
                "{law: 赣应急字〔2020〕168号, section: （一）严格执法程序, reference: true}",
            ),
            _citing(
                "old-law-period", "{law: 行政处罚法, article: 38, paragraph: 2}", '{until: "2021-07-14", by: date.决定}'
            ),
            _citing("undated", "{law: 行政处罚法, article: 28}", effective=None),
            _citing(
                "undated-all-versions",
                "{law: 行政处罚法, article: 28}\n      - {law: 行政处罚法, article: 23, version: '2017'}\n      - {law: 行政处罚法, article: 23, version: '2009'}",
                effective=None,
            ),
            _citing(
                "old-law-cited",
                "{law: 行政处罚法, article: 38, paragraph: 2, version: '2017'}",
                '{from: "2018-01-01", until: "2021-07-14", by: date.决定}',
            ),
        ]
    ).replace("\nrules:\n", "\n")
    profile = write_profile(tmp_path, {"mini.rules.yaml": rules})
    result = runner.invoke(main, ["rules", "lint", str(profile), "--format", "json"])
    found = sorted(
        (d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"] if d["code"].startswith("basis")
    )
    assert found == [
        ("basis-no-article", "规则 `no-such-article`：《行政处罚法》（2021）只有86条，所引为第90条"),
        (
            "basis-not-binding",
            "规则 `other-province`：《赣应急字〔2020〕168号》只约束江西省应急管理的执法机关，规则集 mini 的执法机关不受其约束",
        ),
        (
            "basis-out-of-period",
            "规则 `old-law-period`：施行期间有的日子没有一项所引规定在施行（所引：《行政处罚法》（2021）自2021-07-15起施行）",
        ),
        (
            "basis-out-of-period",
            "规则 `undated`：施行期间有的日子没有一项所引规定在施行（所引：《行政处罚法》（2021）自2021-07-15起施行）",
        ),
        ("basis-unknown-law", "规则 `unknown-law`：所引《行政处罚条例》不在法律文件表中"),
        ("basis-unknown-version", "规则 `unknown-version`：《行政处罚法》没有版本 `2019`"),
    ]
    assert result.exit_code == 1


def test_a_finding_names_the_version_of_the_law_it_cites(runner) -> None:
    result = runner.invoke(
        main, ["check", str(ROOT / "casefiles/examples/nat-07-overdue-97-days.json"), "--as-of", "2026-11-21"]
    )
    assert "     依据：《行政处罚法》（2021）第60条\n" in result.output


def test_an_ancestors_definition_unused_where_a_descendant_replaced_its_reader_is_not_the_descendants_warning(
    runner,
) -> None:
    # ecology replaces derived.hearing_applicable, the only reader of national's hearing_listed_2017
    diagnostics = json.loads(_lint(runner, "ecology", "--format", "json").stdout)["diagnostics"]
    assert [d for d in diagnostics if d["code"].startswith("unused")] == []
    national = json.loads(_lint(runner, "national", "--format", "json").stdout)["diagnostics"]
    assert [d for d in national if d["code"].startswith("unused")] == []
