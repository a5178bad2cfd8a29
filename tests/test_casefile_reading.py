"""Reading a case file strictly (issue 13, items 3, 4, 16, 17, 18) and the `--calendar` file: what a
user is told about numbers, control characters, duplicate keys, encodings and the model's checks."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from engine.cli import main

COMPLIANT = EXAMPLES / "em-01-compliant.json"
TEXT = COMPLIANT.read_text(encoding="utf-8")
AS_OF = "2026-11-21"


def _check(runner: CliRunner, path: Path, *options: str) -> tuple[int, list[str]]:
    result = runner.invoke(main, ["check", str(path), "--as-of", AS_OF, *options])
    return result.exit_code, result.output.splitlines()


def _write(tmp_path: Path, text: str, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_fine(literal: str) -> str:
    assert '"fine": 20000' in TEXT
    return TEXT.replace('"fine": 20000', f'"fine": {literal}')


# --- item 3: non-finite and absurd numbers -----------------------------------------------------


@pytest.mark.parametrize(
    ("literal", "shown"),
    [
        ("1e999", "1e999"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("NaN", "NaN"),
        ("1" + "0" * 400, "10000000000000000000…（共 401 位）"),
        ("2e15", "2e15"),
    ],
    ids=["1e999", "Infinity", "-Infinity", "NaN", "10^400", "2e15"],
)
def test_a_number_that_is_not_finite_or_absurdly_large_is_refused(runner, tmp_path, literal, shown) -> None:
    code, lines = _check(runner, _write(tmp_path, _with_fine(literal)))
    assert code == 2
    assert lines[1] == (
        f"  $.decision.fine（第 284 行）：数值无效或过大；应为 有限的数，绝对值不超过 10^15（1000 万亿），实为 {shown}"
    )
    assert "inf" not in "\n".join(lines)


def test_batch_lines_stay_json_when_a_fine_is_infinite(runner, tmp_path) -> None:
    path = _write(tmp_path, _with_fine("Infinity"))
    result = runner.invoke(main, ["batch", str(path), "--as-of", AS_OF, "-q", "-j", "1"])
    [line] = result.stdout.splitlines()
    record = json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in a batch line"))
    assert (record["status"], record["json_path"]) == ("error", "$.decision.fine")
    assert record["message"] == (
        "案卷不符合格式（1 处问题）：$.decision.fine（第 284 行）：数值无效或过大；"
        "应为 有限的数，绝对值不超过 10^15（1000 万亿），实为 Infinity"
    )


# --- item 4: control characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("escaped", "code"),
    [("\\u0000", "U+0000"), ("\\u001b[31m", "U+001B"), ("\\u202e", "U+202E"), ("\\u0085", "U+0085")],
    ids=["NUL", "ESC", "RLO", "NEL"],
)
def test_a_control_character_in_a_text_field_is_refused(runner, tmp_path, escaped, code) -> None:
    path = _write(tmp_path, TEXT.replace('"开原市某机械制造有限公司"', f'"开原市{escaped}某公司"'))
    exit_code, lines = _check(runner, path)
    assert exit_code == 2
    assert lines[1].startswith(f"  $.party.name（第 19 行）：含有不可见的控制字符 {code}；应为 不含控制字符的文本")
    assert f'实为 "开原市{escaped}某公司"' in lines[1]  # shown escaped: nothing reaches the terminal raw


def test_a_raw_bidi_override_is_refused_and_shown_escaped(runner, tmp_path) -> None:
    path = _write(tmp_path, TEXT.replace('"开原市应急管理局"', '"开原市\u202e局"'))
    exit_code, lines = _check(runner, path)
    assert exit_code == 2
    assert lines[1].startswith("  $.agency.name（第 10 行）：含有不可见的控制字符 U+202E")
    assert "\u202e" not in "\n".join(lines)


def test_the_xlsx_report_is_written_when_an_input_has_control_characters(runner, tmp_path) -> None:
    bad = _write(tmp_path, TEXT.replace('"开原市应急管理局"', '"开原市\\u001b[31m局"'), "bad.json")
    results, xlsx = tmp_path / "out.jsonl", tmp_path / "out.xlsx"
    runner.invoke(main, ["batch", str(bad), str(COMPLIANT), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(results)])
    result = runner.invoke(main, ["report", str(results), "--xlsx", str(xlsx)])
    assert result.exit_code == 0, result.output
    cells = [c.value for sheet in openpyxl.load_workbook(xlsx) for row in sheet.iter_rows() for c in row]
    assert not any(isinstance(value, str) and "\x1b" in value for value in cells)


# --- item 16: duplicate keys ---------------------------------------------------------------------


def test_a_duplicate_key_is_refused_with_its_path_and_lines(runner, tmp_path) -> None:
    text = TEXT.replace('  "case_type"', '  "case_id": "另一个编号",\n  "case_type"', 1)
    exit_code, lines = _check(runner, _write(tmp_path, text))
    assert exit_code == 2
    assert lines[1] == (
        '  $.case_id（第 7 行）：字段 "case_id" 重复出现（首次在第 6 行）；'
        "应为 同一对象中每个字段只写一次（重复时只有最后一个生效，评查结果会不可靠）"
    )


def test_a_duplicate_key_in_a_jsonl_line_is_refused(runner, tmp_path) -> None:
    line = json.dumps(json.loads(TEXT), ensure_ascii=False).replace('"agency": {', '"agency": {"name": "甲", ', 1)
    path = _write(tmp_path, line + "\n", "cases.jsonl")
    result = runner.invoke(main, ["batch", str(path), "--as-of", AS_OF, "-q", "-j", "1"])
    record = json.loads(result.stdout.splitlines()[0])
    assert record["problems"][0]["json_path"] == "$.agency.name"
    assert record["problems"][0]["code"] == "duplicate-key"


# --- item 17: encodings --------------------------------------------------------------------------


def test_utf8_with_a_bom_is_read(runner, tmp_path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    exit_code, lines = _check(runner, path)
    assert exit_code == 0 and lines[0] == f"案卷 开应急罚〔2025〕7号  ({path})"


@pytest.mark.parametrize(
    ("encoding", "found"),
    [
        ("gbk", "GBK/GB18030（中文 Windows 的默认编码）"),
        ("utf-16", "UTF-16（带 BOM）"),
        ("utf-16-le", "UTF-16（无 BOM）"),
    ],
)
def test_another_encoding_is_named(runner, tmp_path, encoding, found) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(TEXT.encode(encoding))
    exit_code, lines = _check(runner, path)
    assert exit_code == 2
    assert lines[1].endswith(
        f"文件编码不是 UTF-8；应为 UTF-8 编码（可在记事本、WPS 中“另存为”，编码选 UTF-8），实为 {found}"
    )


# --- item 18: the model's checks in Chinese ----------------------------------------------------


def test_a_file_without_case_type_reports_every_problem(runner, tmp_path) -> None:
    data = json.loads(TEXT)
    del data["case_type"]
    data["party"]["kindd"] = data["party"].pop("kind")
    data["decision"]["date"] = "2025-04-31"
    exit_code, lines = _check(runner, _write(tmp_path, json.dumps(data, ensure_ascii=False, indent=2)))
    assert exit_code == 2
    assert lines == [
        f"{tmp_path / 'case.json'}: 案卷不符合格式（4 处问题）",
        (
            "  $.case_type（第 1 行）：缺少必填字段 case_type（案件类型）；"
            "应为 “行政处罚”、“行政检查”、“行政强制执行” 或 “行政许可”。其他字段已按“行政处罚”案卷检查"
        ),
        "  $.party.kind（第 16 行）：缺少必填字段 kind（当事人类型）；应为 “个人” 或 “单位”",
        (
            "  $.party.kindd（第 24 行）：案卷格式中没有这个字段；应为 $.party 中已有的字段"
            '（见 casefiles/casefile.schema.json），实为 "单位"。是否应为 kind（当事人类型）？'
        ),
        (
            "  $.decision.date（第 278 行）：不是有效日期（该月没有这一天）；"
            '应为 YYYY-MM-DD 格式的日期（如 2025-03-10），实为 "2025-04-31"'
        ),
    ]


def test_the_report_names_the_missing_field(runner, tmp_path) -> None:
    data = json.loads(TEXT)
    del data["party"]["name"]
    bad = _write(tmp_path, json.dumps(data, ensure_ascii=False, indent=2), "bad.json")
    results, markdown = tmp_path / "out.jsonl", tmp_path / "out.md"
    runner.invoke(main, ["batch", str(bad), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(results)])
    assert runner.invoke(main, ["report", str(results), "--md", str(markdown)]).exit_code == 0
    text = markdown.read_text(encoding="utf-8")
    assert "$.party.name（第 17 行）：缺少必填字段 name（姓名或名称）；应为 非空文本" in text
    assert "expected" not in text and "missing" not in text


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (
            ("decision", "fine", "两万"),
            '  $.decision.fine（第 284 行）：不是数字；应为 数字（不加引号、不带单位），实为 "两万"',
        ),
        (
            ("party", "high_risk_industry", "否"),
            '  $.party.high_risk_industry（第 22 行）：不是是否值；应为 true 或 false（不加引号），实为 "否"',
        ),
        (("agency", "name", ""), '  $.agency.name（第 10 行）：不能为空；应为 非空文本，实为 ""'),
        (("decision", "fine", -1), "  $.decision.fine（第 284 行）：数值过小；应为 不小于 0 的数，实为 -1"),
        (
            ("agency", "level", "区级"),
            '  $.agency.level（第 11 行）：取值不在可选范围内；应为 “国家级”、“省级”、“设区的市级”、“县级” 或 “乡镇街道”，实为 "区级"',
        ),
    ],
    ids=["float", "bool", "empty", "negative", "literal"],
)
def test_type_errors_are_told_in_chinese(runner, tmp_path, edit, line) -> None:
    data = json.loads(TEXT)
    block, key, value = edit
    data[block][key] = value
    exit_code, lines = _check(runner, _write(tmp_path, json.dumps(data, ensure_ascii=False, indent=2)))
    assert exit_code == 2 and lines[1] == line


# --- the --calendar file -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2027:\n  holidays: [2027-01-01]\n2027:\n  holidays: [2027-01-02]\n",
            "cal.yaml:3: duplicate-key: 键 `2027` 重复出现（首次在第 1 行）",
        ),
        (
            "2027:\n  holidays: [2027-01-01]\n  holidays: []\n",
            "cal.yaml:3: duplicate-key: 键 `holidays` 重复出现（首次在第 2 行）",
        ),
        (
            "2027:\n  holidays:\n    - 2027-01-01\n  workdays: [2027-13-01]\n",
            "cal.yaml:4: bad-date: `2027-13-01` 不是 YYYY-MM-DD 日期",
        ),
        (
            "2027:\n  holidays: [2026-10-01]\n",
            "cal.yaml:2: calendar-date: 2027.holidays 中的 '2026-10-01' 不是 2027 年的日期（应为 YYYY-MM-DD）",
        ),
        (
            "2027:\n  holidays: []\n  workday: []\n",
            "cal.yaml:3: calendar-shape: 2027 年下没有键 'workday'：只能有 holidays（放假日）和 workdays（调休上班日）",
        ),
    ],
    ids=["year-twice", "key-twice", "bad-date", "other-year", "unknown-key"],
)
def test_calendar_errors_give_the_line(runner, tmp_path, text, message) -> None:
    (tmp_path / "cal.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["check", str(COMPLIANT), "--calendar", str(tmp_path / "cal.yaml")])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"{tmp_path}/{message}"
