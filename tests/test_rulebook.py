"""Loading a rulebook: every error names file:line and what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.errors import RulebookError
from engine.rulebook import ecma_pattern, load_rulebook

RULE = """rules:
  - id: sample-rule
    title: 示例
    family: 时限
    category: 内容
    severity: minor
    points: 1
    basis:
      - {law: 行政处罚法, article: 60}
    require: %s
    message: 示例
"""


def _write_rule(profile: Path, expression: str) -> Path:
    path = profile / "zz-extra.rules.yaml"
    path.write_text(RULE % expression, encoding="utf-8")
    return path


def _error(profile: Path) -> RulebookError:
    with pytest.raises(RulebookError) as raised:
        load_rulebook(str(profile))
    return raised.value


def test_bundled_profiles_load() -> None:
    national = load_rulebook("national")
    emergency = load_rulebook("emergency")
    assert national.chain == ("national",)
    assert emergency.chain == ("national", "emergency")
    assert len({r.family for r in national.rules}) == 6
    assert "investigation-after-opening" not in {r.id for r in emergency.rules}


def test_unknown_fact_is_a_load_error_with_suggestion(profile_copy) -> None:
    profile = profile_copy("national")
    path = _write_rule(profile, "decision.fines > 0")
    error = _error(profile)
    assert error.file == str(path)
    assert error.line == 10
    assert error.render() == (
        f"{path}:10: expression: 未知事实 `decision.fines` (unknown fact)\n"
        "    decision.fines > 0\n"
        "    ^\n"
        "  help: did you mean `decision.fine`?"
    )


def test_enum_value_typo_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    _write_rule(profile, 'case.procedure == "普通程式"')
    error = _error(profile)
    assert error.code == "expression"
    assert error.message.startswith("`普通程式` 不是该事实的取值之一")
    assert error.help == "did you mean `普通程序`?"


def test_type_mismatch_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    _write_rule(profile, "date.立案 > 90")
    assert _error(profile).message.startswith("不能比较 date 与 number")


def test_arbitrary_python_is_refused(profile_copy) -> None:
    profile = profile_copy("national")
    _write_rule(profile, "__import__('os').system('true')")
    assert _error(profile).message.startswith("不支持的调用 `__import__('os').system('true')`")


def test_schema_error_points_at_the_line(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz-extra.rules.yaml"
    path.write_text((RULE % "decision.exists").replace("severity: minor", "severity: fatal"), encoding="utf-8")
    error = _error(profile)
    assert (error.file, error.line, error.code) == (str(path), 6, "schema")
    assert error.message == "$.rules[0].severity: 'fatal' is not one of ['veto', 'major', 'minor']"


def test_duplicate_yaml_key_is_refused(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz-extra.rules.yaml"
    path.write_text((RULE % "decision.exists") + "    title: 又一个标题\n", encoding="utf-8")
    error = _error(profile)
    assert (error.line, error.code) == (12, "duplicate-key")
    assert error.message == "键 `title` 重复出现（首次在第 3 行）"


def test_duplicate_rule_id_across_files(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz-extra.rules.yaml"
    path.write_text((RULE % "decision.exists").replace("sample-rule", "decision-sealed"), encoding="utf-8")
    error = _error(profile)
    assert error.code == "duplicate-id"
    assert "规则编号 `decision-sealed` 重复（已在" in error.message


def test_child_profile_overrides_numbers_without_copying_rules(profile_copy, tmp_path: Path) -> None:
    profile_copy("national")
    child = tmp_path / "province"
    child.mkdir()
    (child / "profile.yaml").write_text(
        "name: province\ntitle: 某省\nversion: '1'\nextends: national\n"
        "scoring:\n  grades:\n    - {name: 优秀, min: 90}\n    - {name: 合格, min: 60}\n    - {name: 不合格, min: 0}\n"
        "parameters:\n  hearing_fine_threshold:\n    title: 听证标准\n    value: {个人: 5000, 单位: 50000}\n",
        encoding="utf-8",
    )
    book = load_rulebook(str(child))
    national = load_rulebook(str(tmp_path / "national"))
    assert [r.id for r in book.rules] == [r.id for r in national.rules]
    assert book.parameters["hearing_fine_threshold"].resolve("单位", None) == 50000
    assert [g["name"] for g in book.scoring["grades"]] == ["优秀", "合格", "不合格"]
    assert book.scoring["categories"] == {"卷面": 20, "内容": 80}
    assert book.content_hash != national.content_hash


def test_unknown_profile_lists_bundled_ones() -> None:
    with pytest.raises(RulebookError) as raised:
        load_rulebook("no-such-profile")
    assert raised.value.message == "没有找到规则集 `no-such-profile`"
    assert "national" in (raised.value.help or "")


def test_department_and_province_profiles_load() -> None:
    market = load_rulebook("market")
    liaoning = load_rulebook("liaoning")
    emergency = load_rulebook("emergency")
    assert market.chain == ("national", "market")
    assert liaoning.chain == ("national", "emergency", "liaoning")
    assert "penalty-decision-published" not in {r.id for r in market.rules}
    # numbers only, no rules of its own; it drops the rules of requirements its region does not have (issue 19)
    online_systems = {
        "inspection-entered-in-supervision-system",
        "penalty-entered-in-supervision-system",
        "penalty-pushed-to-credit-platform",
    }
    assert {r.id for r in liaoning.rules} == {r.id for r in emergency.rules} - online_systems
    jiangxi = load_rulebook("jiangxi")
    assert jiangxi.chain == ("national", "emergency", "jiangxi") and jiangxi.region == "江西省"
    assert {r.id for r in jiangxi.rules} == {r.id for r in emergency.rules}  # parameters only
    assert (
        jiangxi.parameters["supervision_system_required"].versions[0].value,
        jiangxi.parameters["credit_push_required"].versions[0].value,
    ) == (1, 1)
    assert market.tables.default_scheme == "m1-30-percent"
    assert market.tables.schemes["m1-30-percent"].fractions["从轻"] == (0.0, 0.3)


def test_every_rules_file_has_tests_beside_it() -> None:
    from engine import resources

    for path in resources.rules_dir().glob("*/*.rules.yaml"):
        assert path.with_name(path.name.replace(".rules.yaml", ".tests.yaml")).is_file(), path


def test_every_rule_cites_a_provision_and_shows_values() -> None:
    for name in ("national", "emergency", "market"):
        for rule in load_rulebook(name).rules:
            assert rule.basis and all(c.article or c.section for c in rule.basis), rule.id
            assert rule.severity == "veto" or rule.points >= 0, rule.id
            if rule.require is not None:  # a finding's message shows at least one actual value
                assert rule.message.parts, rule.id


def test_province_overrides_points_and_grades() -> None:
    liaoning = load_rulebook("liaoning")
    rule = next(r for r in liaoning.rules if r.id == "baseline-cited")
    assert (rule.severity, rule.points) == ("major", 2.0)
    assert next(r for r in load_rulebook("emergency").rules if r.id == "baseline-cited").points == 1.0
    assert [g["min"] for g in liaoning.scoring["grades"]] == [90, 60, 0]
    assert liaoning.parameters["hearing_fine_threshold"].unconfirmed


def test_override_of_unknown_rule_is_a_load_error(profile_copy, tmp_path: Path) -> None:
    profile_copy("national")
    child = tmp_path / "province"
    child.mkdir()
    (child / "profile.yaml").write_text(
        "name: province\ntitle: 某省\nversion: '1'\nextends: national\noverrides:\n  no-such-rule: {points: 3}\n",
        encoding="utf-8",
    )
    error = _error(child)
    assert (error.code, error.line) == ("unknown-rule", 6)


def test_fraction_table_naming_an_unknown_scheme_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    path.write_text(
        "discretion:\n  - id: t1\n    title: 示例\n    item_code: X-1\n    basis: 示例\n    model: fraction\n"
        "    scheme: no-such-scheme\n    statutory: {单位: [0, 10000]}\n",
        encoding="utf-8",
    )
    error = _error(profile)
    assert (error.file, error.line, error.code) == (str(path), 2, "unknown-scheme")


def test_list_entries_apply_only_where_issued() -> None:
    tables = load_rulebook("emergency").tables
    assert tables.list_entry("不予处罚", "AQ-41-2", "山东省威海市环翠区威海市环翠区应急管理局").id.startswith("weihai")
    assert tables.list_entry("不予处罚", "AQ-41-2", "河北省保定市莲池区保定市莲池区应急管理局").id.startswith("lianchi")
    assert tables.list_entry("不予处罚", "AQ-41-2", "辽宁省开原市开原市应急管理局") is None


def test_table_in_force_follows_the_violation_date() -> None:
    import datetime as dt

    table = load_rulebook("emergency").tables.discretion["AQ-BF-45-1"]
    assert table.in_force(dt.date(2026, 1, 31)) is True
    assert table.in_force(dt.date(2026, 2, 1)) is False
    assert table.in_force(None) is None


@pytest.mark.parametrize("scalar", ["|", ">"], ids=["literal-block", "folded-block"])
def test_a_rule_id_keeping_a_newline_is_refused(profile_copy, scalar: str) -> None:
    # `id: |` keeps the newline after the name; Python's `$` matched before it, ECMA's does not
    profile = profile_copy("national")
    path = profile / "zz-extra.rules.yaml"
    path.write_text((RULE % "decision.exists").replace("id: sample-rule", f"id: {scalar}\n      sample-rule"), "utf-8")
    error = _error(profile)
    assert (error.file, error.line, error.code) == (str(path), 2, "schema")
    assert error.message == (
        "$.rules[0].id: 'sample-rule\\n' 不符合格式 ^[a-z][a-z0-9]*(-[a-z0-9]+)*$（稳定的规则编号（ASCII kebab-case））"
        "；末尾有换行：YAML 的 | 或 > 写法会保留换行，请写在同一行"
    )


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^[a-z]+$", "abc", True),
        ("^[a-z]+$", "abc\n", False),
        (r"^\$", "$.a", True),  # an escaped dollar is a character
        ("^[$]x$", "$x", True),  # so is a dollar in a class
        ("^a$|^b$", "b\n", False),
    ],
)
def test_schema_patterns_anchor_at_the_very_end(pattern: str, text: str, matches: bool) -> None:
    assert bool(re.search(ecma_pattern(pattern), text)) is matches


def test_a_statutory_range_upside_down_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    path.write_text(
        "discretion:\n  - id: t1\n    title: 示例\n    item_code: X-1\n    basis: 示例\n    model: fraction\n"
        "    scheme: m1-30-percent\n    statutory: {单位: [10000, 0]}\n",
        encoding="utf-8",
    )
    error = _error(profile)
    assert (error.file, error.line, error.code, error.message) == (
        str(path),
        2,
        "bad-range",
        "单位 幅度 [10000, 0] 下限大于上限",
    )


def test_a_scheme_given_twice_in_one_file_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    scheme = "  - id: s1\n    title: 示例\n    basis: 示例\n    fractions: {从轻: [0, 0.3]}\n"
    path.write_text("schemes:\n" + scheme + scheme, encoding="utf-8")
    error = _error(profile)
    assert (error.file, error.line, error.code, error.message) == (
        str(path),
        6,
        "duplicate-row",
        "裁量模式 `s1` 重复（已在第 2 行定义）",
    )


def test_a_fraction_table_with_both_fractions_and_a_scheme_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    path.write_text(
        "discretion:\n  - id: t1\n    title: 示例\n    item_code: X-1\n    basis: 示例\n    model: fraction\n"
        "    scheme: m1-30-percent\n    fractions: {从轻: [0, 0.3]}\n    statutory: {单位: [0, 10000]}\n",
        encoding="utf-8",
    )
    error = _error(profile)
    assert (error.file, error.line, error.code) == (str(path), 2, "table-model")


def test_an_industry_given_twice_for_key_items_in_one_file_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    row = "  - id: k{n}\n    title: 示例\n    industries: [化工]\n    items: [事项]\n    basis: 示例\n"
    path.write_text("key_items:\n" + row.format(n=1) + row.format(n=2), encoding="utf-8")
    error = _error(profile)
    assert (error.file, error.line, error.code, error.message) == (
        str(path),
        7,
        "duplicate-row",
        "重点检查事项的行业 `化工` 重复（已在第 2 行定义）",
    )


def test_an_undefined_default_scheme_is_a_load_error(profile_copy) -> None:
    profile = profile_copy("national")
    path = profile / "zz.tables.yaml"
    path.write_text("# 默认裁量模式\ndefault_scheme: no-such-scheme\n", encoding="utf-8")
    error = _error(profile)
    assert (error.file, error.line, error.code, error.message) == (
        str(path),
        2,
        "unknown-scheme",
        "默认裁量模式 `no-such-scheme` 未定义",
    )


def test_a_file_edited_between_two_loads_is_read_again(profile_copy) -> None:
    """A process keeps each parsed file while its text stays the same (the profiles of a batch share
    national's files): an edit — valid, then not, then valid again — is seen on the next load."""
    profile = profile_copy("national")
    path = _write_rule(profile, "decision.fine > 0")
    first = {r.id: r for r in load_rulebook(str(profile)).rules}["sample-rule"]
    assert first.title == "示例"
    path.write_text((RULE % "decision.fine > 0").replace("title: 示例", "title: 改过的示例"), encoding="utf-8")
    assert {r.id: r for r in load_rulebook(str(profile)).rules}["sample-rule"].title == "改过的示例"
    path.write_text((RULE % "decision.fine > 0").replace("points: 1", "points: many"), encoding="utf-8")
    assert _error(profile).code == "schema"
    path.write_text(RULE % "decision.fine > 0", encoding="utf-8")
    assert {r.id: r for r in load_rulebook(str(profile)).rules}["sample-rule"].title == "示例"
