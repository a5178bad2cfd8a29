"""The shape of one line of `pingcha batch` output, as `pingcha report` reads it back.

A results file may have been edited by hand or cut short: every field the report reads is checked
here, so a damaged line is named with what is wrong (`$.result.score.score 应为非负数，实际为 "abc"`)
instead of ending the report in a traceback. Checked by hand rather than with a JSON Schema: a year's
batch is tens of thousands of lines, and this is a few dictionary look-ups per field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from .rulebook import SEVERITIES
from .scoring import DEFINITE, PROVISIONAL, TO_VERIFY

SHOWN_CHARS = 40  # of a wrong value, in a message
SHOWN_PROBLEMS = 3  # of one line


@dataclass(frozen=True)
class Expect:
    """A value's test and what it should be, in words."""

    test: Callable[[Any], bool]
    wanted: str


@dataclass(frozen=True)
class Items:
    """A list whose every item has this shape."""

    of: Spec


@dataclass(frozen=True)
class Maybe:
    """May be missing or null (the report reads it with a default)."""

    of: Spec


Spec: TypeAlias = "Expect | Items | Maybe | Mapping[str, Spec]"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(value: Any) -> bool:
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _one_of(*values: str) -> Expect:
    return Expect(lambda v: v in values, "其中之一：" + "、".join(f'"{v}"' for v in values))


TEXT = Expect(lambda v: type(v) is str, "文本")
TEXTS = Items(TEXT)
FLAG = Expect(lambda v: type(v) is bool, "布尔值 true 或 false")
AMOUNT = Expect(lambda v: type(v) in (int, float) and math.isfinite(v) and v >= 0, "非负数")
POSITION = Expect(lambda v: type(v) is int and v >= 1, "正整数")
DATE = Expect(_is_date, "日期（如 2026-11-21）")

FINDING: Spec = {
    "rule_id": TEXT,
    "title": TEXT,
    "family": TEXT,
    "category": TEXT,
    "severity": _one_of(*SEVERITIES),
    "points": AMOUNT,
    "basis": TEXTS,
    "message": TEXT,
    "evidence": Maybe(TEXTS),
    "by": Maybe(TEXT),  # 人工评查 (engine.judgements); a machine finding has none
}
RESULT: Spec = {
    "case_id": TEXT,
    "as_of": DATE,
    "rulebook": {"name": TEXT, "version": TEXT, "content_hash": TEXT},
    "score": {
        "score": AMOUNT,
        "low": Maybe(AMOUNT),
        "grade": TEXT,
        "grade_status": Maybe(_one_of(DEFINITE, PROVISIONAL, TO_VERIFY)),
        "vetoed": FLAG,
        "provisional": FLAG,
    },
    "findings": Items(FINDING),
    "undetermined": Maybe(Items({"rule_id": TEXT, "title": TEXT, "reason": TEXT})),
    "passed": Maybe(TEXTS),  # the rules that held: pingcha ledger recheck reads them
    # the panel's judgements merged in (engine.judgements): what the score sheets read
    "judgements": Maybe(
        {
            "items": Items({"id": TEXT, "name": TEXT, "verdict": TEXT, "reviewer": Maybe(TEXT), "date": Maybe(DATE)}),
            "pending": TEXTS,
        }
    ),
}
# the case summary engine.crossfile reads (engine.crossfile.summarize)
CROSSFILE: Spec = {
    "type": TEXT,
    "case_id": TEXT,
    "agency": TEXT,
    "domain": Maybe(TEXT),
    "party": {"key": TEXT, "name": TEXT},
    "date": Maybe(DATE),
    "opened_on": Maybe(DATE),
    "kind": Maybe(TEXT),
    "selection": Maybe(TEXT),  # how an inspection's target was chosen (issue 19: the 双随机 share)
    "matter": Maybe(TEXT),
    "penalty_case_id": Maybe(TEXT),
    "no_penalty_ground": Maybe(TEXT),
}
CASE: Spec = {
    "agency": {"name": TEXT, "domain": TEXT},
    "party_kind": TEXT,
    "item_code": Maybe(TEXT),
    "violation": Maybe(TEXT),
    "fine": Maybe(AMOUNT),
    "discretion_level": Maybe(TEXT),
    "discretion_band": Maybe(TEXT),
    "discretion_reasons": Maybe(TEXT),
    "reasoning": Maybe(TEXT),
    "crossfile": Maybe(CROSSFILE),
}
WHERE: dict[str, Spec] = {"index": POSITION, "file": TEXT, "line": Maybe(POSITION)}
OK_LINE: Spec = {**WHERE, "result": RESULT, "case": CASE}
ERROR_LINE: Spec = {**WHERE, "message": TEXT, "json_path": Maybe(TEXT)}
STATUS = _one_of("ok", "error")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _wanted(spec: Spec) -> str:
    if isinstance(spec, Expect):
        return spec.wanted
    if isinstance(spec, Items):
        return f"列表（每项为{_wanted(spec.of)}）" if isinstance(spec.of, Expect) else "列表"
    if isinstance(spec, Maybe):
        return _wanted(spec.of)
    return "对象（{…}）"


def _problems(value: Any, spec: Spec, where: str) -> Iterator[str]:
    if isinstance(spec, Maybe):
        if value is not None:
            yield from _problems(value, spec.of, where)
    elif isinstance(spec, Expect):
        if not spec.test(value):
            yield f"{where} 应为{spec.wanted}，实际为 {_shown(value)}"
    elif isinstance(spec, Items):
        if type(value) is not list:
            yield f"{where} 应为{_wanted(spec)}，实际为 {_shown(value)}"
        else:
            for n, item in enumerate(value):
                yield from _problems(item, spec.of, f"{where}[{n}]")
    elif type(value) is not dict:
        yield f"{where} 应为{_wanted(spec)}，实际为 {_shown(value)}"
    else:
        for key, field in spec.items():
            if key not in value and not isinstance(field, Maybe):
                yield f"缺少 {where}.{key}（应为{_wanted(field)}）"
            elif key in value:
                yield from _problems(value[key], field, f"{where}.{key}")


def line_problem(record: Any) -> str | None:
    """What is wrong with one parsed line of batch output, in words; None if the report can use it."""
    if type(record) is not dict:
        return f"不是 pingcha batch 的结果行：应为 JSON 对象，实际为 {_shown(record)}"
    if "status" not in record:
        return "不是 pingcha batch 的结果行：缺少 $.status"
    found = list(_problems(record["status"], STATUS, "$.status"))
    if not found:
        found = list(_problems(record, OK_LINE if record["status"] == "ok" else ERROR_LINE, "$"))
    if not found:
        return None
    more = [f"等 {len(found)} 处"] if len(found) > SHOWN_PROBLEMS else []
    return "；".join(found[:SHOWN_PROBLEMS] + more)


class NotJson(ValueError):
    """NaN, Infinity or -Infinity: Python's json reads them, JSON has no such numbers."""


def _no_constant(name: str) -> Any:
    raise NotJson(name)


def parse_line(text: str) -> tuple[Any, str | None]:
    """One line's JSON value, or why it is not JSON."""
    try:
        return json.loads(text, parse_constant=_no_constant), None
    except NotJson as exc:
        return None, f"含有 {exc}，不是 JSON 的数值（pingcha batch 不写这样的值）"
    except RecursionError:
        return None, "不是 pingcha batch 的结果行：JSON 嵌套过深"
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            return None, f"JSON 不完整：在第 {exc.colno} 列中断（可能是被中断的运行写下的半行）"
        return None, f"不是有效的 JSON：第 {exc.colno} 列有误"
