"""The workbench's case-file form, generated from the case-file JSON Schema: fields by kind, every example
round-tripped through the form unchanged, a new case type followed without code, and what a user types
read back as the command line would read the same JSON (with the same messages)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT

from engine.casefile import casefile_json_schema, parse_case_file
from engine.cli import main
from engine.errors import CaseFileError
from engine.web import form
from engine.web.server import is_local

SCHEMA = casefile_json_schema()


def _fields(node: form.Node) -> list[form.Field]:
    if isinstance(node, form.Field):
        return [node]
    children = node.rows if isinstance(node, form.Repeat) else node.children
    return [item for child in children for item in _fields(child)]


def _by_name(root: form.Section) -> dict[str, form.Field]:
    return {item.name: item for item in _fields(root)}


def _submitted(root: form.Section, document: dict) -> dict[str, list[str]]:
    """What a browser sends for a form showing `document`."""
    values = {}
    for item in _fields(root):
        shown = form.shown(item, document)
        values[item.name] = shown if isinstance(shown, list) else [shown if item.kind != "fixed" else str(item.fixed)]
    return values


def test_fields_follow_the_schema_kinds() -> None:
    root = form.build(SCHEMA, "行政处罚", {"events": 1})
    fields = _by_name(root)
    assert root.title == "行政处罚案卷"
    kind = fields["party.kind"]
    assert (kind.title, kind.kind, kind.choices, kind.required) == ("当事人类型", "choice", ("个人", "单位"), True)
    assert kind.help == "个人或单位（法人或其他组织），见决定书首部“当事人”。"
    assert (fields["events[0].date"].kind, fields["events[0].date"].month_ok) == ("date", True)
    assert (fields["party.birth_date"].kind, fields["party.birth_date"].month_ok) == ("date", False)
    assert fields["events[0].time"].kind == "time"
    assert fields["events[0].records"].kind == "choices" and fields["events[0].records"].choices == ("文字", "音像")
    assert fields["party.high_risk_industry"].kind == "yesno"
    assert fields["violation.facts"].kind == "pairs"
    assert fields["events[0].days"].kind == "integer"
    assert (fields["case_type"].kind, fields["case_type"].fixed) == ("fixed", "行政处罚")
    repeats = [child for child in root.children if isinstance(child, form.Repeat)]
    assert [r.name for r in repeats] == ["officers", "events", "documents", "seizures", "excluded_periods"]
    assert [len(r.rows) for r in repeats] == [0, 1, 0, 0, 0]


def _examples() -> list[Path]:
    paths = sorted(EXAMPLES.glob("*.json")) + sorted((ROOT / "casefiles" / "drafts").glob("*.json"))
    usable = []
    for path in paths:
        try:
            parse_case_file(path.read_bytes(), str(path))
        except CaseFileError:
            continue
        usable.append(path)
    return usable


def test_every_valid_example_round_trips_through_the_form() -> None:
    examples = _examples()
    assert len(examples) >= 30
    for path in examples:
        document = json.loads(path.read_text(encoding="utf-8"))
        root = form.build(SCHEMA, document["case_type"], form.rows_of(document))
        assert form.read(root, _submitted(root, document)) == document, path.name


def test_a_new_case_type_appears_in_the_form_by_itself() -> None:
    schema = copy.deepcopy(SCHEMA)
    licence = {
        "title": "行政许可案卷",
        "type": "object",
        "required": ["case_type", "applicant"],
        "properties": {
            "case_type": {"const": "行政许可", "title": "案件类型", "type": "string"},
            "applicant": {"$ref": "#/$defs/Party", "title": "申请人"},
            "accepted_on": {"anyOf": [{"format": "date", "type": "string"}, {"type": "null"}], "title": "受理日期"},
        },
    }
    schema["$defs"]["LicenceCaseFile"] = licence
    schema["discriminator"]["mapping"]["行政许可"] = "#/$defs/LicenceCaseFile"
    assert form.case_types(schema) == ["行政处罚", "行政强制执行", "行政检查", "行政许可"]
    fields = _by_name(form.build(schema, "行政许可", {}))
    assert [(f.name, f.title, f.kind) for f in fields.values()][:3] == [
        ("case_type", "案件类型", "fixed"),
        ("applicant.kind", "当事人类型", "choice"),
        ("applicant.name", "姓名或名称", "text"),
    ]
    assert fields["accepted_on"].kind == "date"


def test_what_a_user_types_is_read_as_json() -> None:
    root = form.build(SCHEMA, "行政处罚", {"events": 3})
    values = {
        "case_id": [" 测试罚〔2026〕1号 "],
        "party.kind": ["单位"],
        "party.high_risk_industry": ["否"],
        "party.credit_blacklisted": [""],  # 未载明: left out, unknown
        "events[0].type": ["立案"],
        "events[0].date": ["2026-03-02"],
        "events[0].records": ["文字", "音像"],
        "events[1].type": [""],  # an empty row: left out
        "events[2].type": ["告知"],
        "events[2].days": ["5"],
        "violation.facts": ["未如实记录人数占比=0.12\n"],
    }
    document = form.read(root, values)
    assert document == {
        "schema_version": "1",
        "case_id": "测试罚〔2026〕1号",
        "case_type": "行政处罚",
        "agency": {},
        "party": {"kind": "单位", "high_risk_industry": False},
        "violation": {"facts": {"未如实记录人数占比": 0.12}},
        "events": [
            {"type": "立案", "date": "2026-03-02", "records": ["文字", "音像"]},
            {"type": "告知", "days": 5},
        ],
    }


@pytest.mark.parametrize(
    ("typed", "read"),
    [("20000", 20000), ("20,000", 20000), ("12.5", 12.5), ("五千", "五千"), ("1e400", "1e400"), ("", None)],
    ids=["whole", "thousands", "decimal", "chinese-kept-for-the-check", "overflow-kept", "empty"],
)
def test_numbers(typed: str, read: object) -> None:
    root = form.build(SCHEMA, "行政处罚", {})
    document = form.read(root, {"decision.fine": [typed]})
    assert document.get("decision", {}).get("fine") == read


def test_a_value_the_form_cannot_convert_gets_the_command_line_message(tmp_path: Path) -> None:
    document = json.loads((EXAMPLES / "em-03-discretion-and-deadlines.json").read_text(encoding="utf-8"))
    root = form.build(SCHEMA, "行政处罚", form.rows_of(document))
    values = _submitted(root, document)
    values["decision.fine"] = ["五千"]
    read = form.read(root, values)
    with pytest.raises(CaseFileError) as raised:
        parse_case_file(json.dumps(read, ensure_ascii=False), "表单", dt.date(2026, 11, 21))
    (problem,) = raised.value.problems
    path = tmp_path / "typed.json"
    path.write_text(json.dumps(read, ensure_ascii=False, indent=2), encoding="utf-8")
    printed = CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-11-21"]).stderr
    assert problem.json_path == "$.decision.fine"
    assert f"{problem.json_path}（第 " in printed and problem.message() in printed


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("example", False),
    ],
)
def test_which_hosts_are_local(host: str, local: bool) -> None:
    assert is_local(host) is local
