"""The fast decode path (engine.fastdecode, issue 21): Structs generated from the pydantic model give the
same case, value for value and type for type, or the file takes the pydantic path and gets the same
problems; a model change reaches the Structs; a batch writes the same bytes either way."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any, Literal

import msgspec
import pytest
from click.testing import CliRunner
from conftest import AS_OF, EXAMPLES, ROOT
from pydantic import BaseModel, Field, model_validator

from engine import batch, casefile, fastdecode
from engine.casefile import Text
from engine.cli import main
from engine.errors import CaseFileError
from engine.fastdecode.structs import Mirror, Unmirrored

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus

COMPLIANT = (EXAMPLES / "em-01-compliant.json").read_text(encoding="utf-8")


def _same(model: Any, struct: Any, path: str = "$") -> None:
    """The Struct holds what the model holds: every field, the same value of the same type."""
    if isinstance(model, BaseModel):
        assert type(struct).__name__ == type(model).__name__, path
        assert struct.case_type == model.case_type if hasattr(model, "case_type") else True
        for name in type(model).model_fields:
            _same(getattr(model, name), getattr(struct, name), f"{path}.{name}")
    elif isinstance(model, list | dict):
        assert type(struct) is type(model) and len(struct) == len(model), path
        items = model.items() if isinstance(model, dict) else enumerate(model)
        assert list(struct) == list(model) if isinstance(model, dict) else True, path
        for key, value in items:
            _same(value, struct[key], f"{path}[{key!r}]")
    else:
        assert (type(struct), struct) == (type(model), model), path


def _outcome(read: Any, data: bytes, as_of: dt.date | None = AS_OF) -> Any:
    try:
        return read(data, "case.json", as_of)
    except CaseFileError as exc:
        return type(exc), exc.headline(), [problem.__dict__ for problem in exc.problems]


def _both(data: bytes, as_of: dt.date | None = AS_OF) -> tuple[Any, Any]:
    """The fast path's outcome (a case or an error) checked against the pydantic path's."""
    slow = _outcome(casefile.parse_case_file, data, as_of)
    fast = _outcome(fastdecode.parse_case_file, data, as_of)
    if isinstance(slow, tuple):
        assert fast == slow
    else:
        _same(slow, fast)
    return slow, fast


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_every_example_decodes_to_the_same_case_or_the_same_problems(path: Path) -> None:
    data = path.read_bytes()
    slow, _ = _both(data)
    # the valid examples are read by the fast path itself, not handed over
    assert (fastdecode.fast_case(data, AS_OF) is None) == isinstance(slow, tuple)


def test_a_generated_corpus_decodes_the_same_and_only_malformed_files_are_handed_over() -> None:
    handed_over = []
    for name, data in corpus.generate(400, seed=21, malformed_ratio=0.05):
        slow, _ = _both(data)
        if fastdecode.fast_case(data, AS_OF) is None:
            handed_over.append((name, isinstance(slow, tuple)))
    assert len(handed_over) == len(corpus.malformed_indices(400, 21, 0.05)) > 0
    assert all(malformed for _, malformed in handed_over)


def _edit(text: str, old: str, new: str) -> bytes:
    assert old in text
    return text.replace(old, new, 1).encode("utf-8")


# Each of these the strict reading refuses, or msgspec cannot decide alone: the fast path must hand the
# file over (None) and the result must be the pydantic path's.
HANDED_OVER = {
    "duplicate key, top level": _edit(COMPLIANT, '"case_type"', '"case_id": "重复", "case_type"'),
    "duplicate key, nested": _edit(COMPLIANT, '"fine": 20000', '"fine": 20000, "fine": 30000'),
    "duplicate key hidden by an escaped colon": _edit(
        COMPLIANT.replace('"reasoning": "', '"reasoning": "说明\\u003a'), '"fine": 20000', '"fine": 20000, "fine": 3'
    ),
    "NaN": _edit(COMPLIANT, '"fine": 20000', '"fine": NaN'),
    "too large": _edit(COMPLIANT, '"fine": 20000', '"fine": 2e15'),
    "written too long": _edit(COMPLIANT, '"fine": 20000', '"fine": 2.' + "0" * 45),
    "bidi override raw": _edit(COMPLIANT, '"reasoning": "', '"reasoning": "\u202e'),
    "C1 control escaped": _edit(COMPLIANT, '"reasoning": "', '"reasoning": "\\u0085'),
    "DEL raw": _edit(COMPLIANT, '"reasoning": "', '"reasoning": "\x7f'),
    "unknown field": _edit(COMPLIANT, '"fine": 20000', '"fine": 20000, "penalty_amount": 1'),
    "bad enum": _edit(COMPLIANT, '"procedure": "普通程序"', '"procedure": "普通程式"'),
    "no case_type": _edit(COMPLIANT, '"case_type": "行政处罚",', ""),
    "text as amount": _edit(COMPLIANT, '"fine": 20000', '"fine": "两万元"'),
    "made decision without a date": _edit(COMPLIANT, '"date": "2025-03-25",\n    "outcome"', '"outcome"'),
    "date after the review date": _edit(COMPLIANT, '"date": "2025-03-10"', '"date": "2027-03-10"'),
    "GBK": COMPLIANT.encode("gb18030"),
    "not JSON": COMPLIANT.encode()[:-3],
}


@pytest.mark.parametrize("data", HANDED_OVER.values(), ids=HANDED_OVER.keys())
def test_what_the_strict_reading_refuses_is_worded_by_the_pydantic_path(data: bytes) -> None:
    assert fastdecode.fast_case(data, AS_OF) is None
    slow, _ = _both(data)
    assert isinstance(slow, tuple)  # refused, with the same problems on both paths


def test_a_bom_a_month_only_date_and_a_time_without_seconds_are_valid_and_read_by_the_pydantic_path() -> None:
    case = json.loads(COMPLIANT)
    case["violation"]["occurred_on"] = "2024-11"
    case["events"][0]["time"] = "09:30"
    for data in (json.dumps(case, ensure_ascii=False).encode(), b"\xef\xbb\xbf" + COMPLIANT.encode()):
        assert fastdecode.fast_case(data, AS_OF) is None
        assert not isinstance(_both(data)[0], tuple)
    assert _both(json.dumps(case).encode())[1].violation.occurred_on == "2024-11"
    assert _both(json.dumps(case).encode())[1].events[0].time == dt.time(9, 30)


def test_explicit_defaults_nulls_and_escapes_stay_on_the_fast_path() -> None:
    case = json.loads(COMPLIANT)
    case["violation"]["facts"] = {}
    case["party"]["address"] = None
    case["decision"]["status"] = "已作出"
    data = json.dumps(case, ensure_ascii=True, indent=1).encode()  # every Chinese character escaped
    assert fastdecode.fast_case(data, AS_OF) is not None
    _both(data)


def test_a_draft_is_refused_by_batch_on_the_fast_path_too() -> None:
    case = json.loads(COMPLIANT)
    case["decision"]["status"] = casefile.DRAFT
    data = json.dumps(case, ensure_ascii=False).encode()
    assert fastdecode.fast_case(data, AS_OF) is not None
    with pytest.raises(casefile.DraftError):
        casefile.refuse_draft(fastdecode.parse_case_file(data, "case.json", AS_OF), "case.json")


# --- the Structs follow the model -----------------------------------------------------------------


class _Licence(BaseModel):
    """A case type the model does not have yet (issue 18 adds 行政许可): a new model, a new field type."""

    model_config = casefile.PenaltyCaseFile.model_config

    schema_version: Literal["1"]
    case_type: Literal["行政许可"]
    case_id: Text = Field(min_length=1)
    agency: casefile.Agency
    applied_on: dt.date
    items: list[Text] = Field(default_factory=list)
    fee: float | None = Field(default=None, ge=0)


def test_a_model_change_reaches_the_structs() -> None:
    union = Mirror().union((casefile.PenaltyCaseFile, _Licence), "case_type")
    agency = json.loads(COMPLIANT)["agency"]
    text = {"schema_version": "1", "case_type": "行政许可", "case_id": "许〔2026〕1号", "agency": agency}
    licence = msgspec.json.decode(json.dumps({**text, "applied_on": "2026-01-05"}).encode(), type=union)
    assert (licence.case_type, licence.applied_on, licence.items, licence.fee) == (
        "行政许可",
        dt.date(2026, 1, 5),
        [],
        None,
    )
    assert licence.agency.name == agency["name"]
    for wrong in ({"fee": -1}, {"items": [1]}, {"case_id": ""}, {"extra": 1}, {"applied_on": "2026-13-01"}):
        with pytest.raises(msgspec.ValidationError):
            msgspec.json.decode(json.dumps({**text, "applied_on": "2026-01-05", **wrong}).encode(), type=union)


def test_what_cannot_be_mirrored_exactly_is_refused_at_import() -> None:
    class Checked(BaseModel):
        a: int = 0

        @model_validator(mode="after")
        def _check(self) -> Checked:
            return self

    class Aliased(BaseModel):
        a: int = Field(default=0, alias="A")

    for model in (Checked, Aliased):
        with pytest.raises(Unmirrored, match=model.__name__):
            Mirror().struct(model)


def test_no_reader_of_a_batch_case_tells_case_types_apart_by_class() -> None:
    """A fast-decoded case is a Struct, no instance of the pydantic model (pydantic's metaclass allows
    no virtual subclasses): what a batch runs on must test `case_type`."""
    model_names = "|".join(name for name in vars(casefile) if name.endswith("CaseFile"))
    pydantic_only = {"casefile.py", "ruletest.py", "lint.py", "review", "intake", "extract"}
    found = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        if pydantic_only & {path.name, path.parent.name}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(rf"isinstance\([^)]*\b({model_names})\b", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_a_batch_writes_the_same_bytes_on_either_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in EXAMPLES.glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    for name, data in corpus.generate(150, seed=5, malformed_ratio=0.05):
        (folder / name).write_bytes(data)
    outputs = []
    for reader in (fastdecode.parse_case_file, casefile.parse_case_file):
        monkeypatch.setattr(batch.fastdecode, "parse_case_file", reader)
        out = tmp_path / f"{reader.__module__}.jsonl"
        result = runner.invoke(
            main, ["batch", str(folder), "--as-of", AS_OF.isoformat(), "-q", "-j", "1", "-o", str(out)]
        )
        assert result.exit_code in (0, 1), result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b'"status":"ok"') > 150
