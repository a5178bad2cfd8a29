"""Rule tests as data, beside the rules: `<name>.tests.yaml` next to `<name>.rules.yaml`.

Each case starts from a base case file, edits it with `set` / `delete` (JSON paths such as
`$.events[3].date`), and states the outcome of one rule: fire (with the exact message and, if
given, the evidence paths), pass, undetermined (optionally the exact reason) or not-applicable.
A case with `todo` is a known gap or unclear law: it is reported as TODO and not counted as a failure.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.casefile import parse_case_file
from engine.errors import CaseFileError, RulebookError
from engine.evaluate import evaluate_case
from engine.rulebook import Rulebook, validate_file
from engine.workcal import WorkCalendar
from engine.yamlsrc import Located, load_yaml

OUTCOMES = ("fire", "pass", "undetermined", "not-applicable")
_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True)
class CaseOutcome:
    file: str
    line: int
    name: str
    rule: str
    status: str  # PASS | FAIL | TODO
    expected: str
    actual: str
    detail: str = ""

    def header(self) -> str:
        return f"{self.status} {self.file}:{self.line} {self.rule}: {self.name}"


def _steps(path: str, display: str, line: int) -> list[str | int]:
    if not path.startswith("$"):
        raise RulebookError(display, line, "bad-path", f"路径 `{path}` 须以 $ 开头，如 $.decision.fine")
    steps: list[str | int] = []
    rest = path[1:]
    for match in _STEP.finditer(rest):
        steps.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    if "".join(m.group(0) for m in _STEP.finditer(rest)) != rest or not steps:
        raise RulebookError(display, line, "bad-path", f"无法解析路径 `{path}`")
    return steps


def _walk(document: Any, steps: list[str | int], display: str, line: int, path: str) -> Any:
    node = document
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise RulebookError(display, line, "bad-path", f"基础案卷中没有 `{path}` 的上级节点") from None
    return node


def apply_edits(document: Any, spec: Located, display: str) -> Any:
    """The base case file with the case's `set` and `delete` edits applied (the base is not changed)."""
    edited = copy.deepcopy(document)
    line = spec.line
    for path, value in (spec.get("set") or {}).items():
        steps = _steps(path, display, line)
        parent = _walk(edited, steps, display, line, path)
        last = steps[-1]
        if isinstance(parent, list) and isinstance(last, int) and last == len(parent):
            parent.append(value)
        else:
            try:
                parent[last] = value
            except (IndexError, TypeError):
                raise RulebookError(display, line, "bad-path", f"无法设置 `{path}`") from None
    for path in spec.get("delete") or []:
        steps = _steps(path, display, line)
        parent = _walk(edited, steps, display, line, path)
        try:
            del parent[steps[-1]]
        except (KeyError, IndexError, TypeError):
            raise RulebookError(display, line, "bad-path", f"基础案卷中没有 `{path}`") from None
    return edited


def _actual(result: Any, rule_id: str) -> tuple[str, Any]:
    for finding in result.findings:
        if finding.rule.id == rule_id:
            return "fire", finding
    for item in result.undetermined:
        if item.rule.id == rule_id:
            return "undetermined", item
    if rule_id in result.passed:
        return "pass", None
    return "not-applicable", None


def run_case(spec: Located, base: Any, rulebook: Rulebook, as_of: dt.date, calendar: WorkCalendar, display: str) -> CaseOutcome:
    rule_id = spec["rule"]
    name = spec["name"]
    expected = spec["expect"]

    def outcome(status: str, actual: str, detail: str = "") -> CaseOutcome:
        return CaseOutcome(display, spec.line, name, rule_id, status, expected, actual, detail)

    if rule_id not in {r.id for r in rulebook.rules}:
        raise RulebookError(display, spec.key_lines["rule"], "unknown-rule", f"规则 `{rule_id}` 不在规则集 {rulebook.name} 中")
    document = apply_edits(base, spec, display)
    try:
        case = parse_case_file(json.dumps(document, ensure_ascii=False, default=str), f"{display}:{spec.line}")
    except CaseFileError as exc:
        raise RulebookError(display, spec.line, "bad-case", exc.render()) from None
    result = evaluate_case(case, rulebook, as_of, calendar, f"{display}:{spec.line}")
    actual, item = _actual(result, rule_id)
    problems = []
    if actual != expected:
        problems.append(f"expected {expected}, got {actual}")
        if item is not None:
            problems.append(f"  actual: {getattr(item, 'message', None) or getattr(item, 'reason', '')}")
    elif actual == "fire":
        if "message" in spec and item.message != spec["message"]:
            problems.append(f"message differs\n  - expected: {spec['message']}\n  + actual:   {item.message}")
        if "evidence" in spec and list(item.evidence) != list(spec["evidence"]):
            problems.append(f"evidence differs\n  - expected: {list(spec['evidence'])}\n  + actual:   {list(item.evidence)}")
    elif actual == "undetermined" and "reason" in spec and item.reason != spec["reason"]:
        problems.append(f"reason differs\n  - expected: {spec['reason']}\n  + actual:   {item.reason}")
    if "todo" in spec:
        return outcome("TODO", actual, spec["todo"])
    return outcome("FAIL" if problems else "PASS", actual, "\n".join(problems))


def run_file(path: Path, display: str, rulebook: Rulebook, calendar: WorkCalendar) -> list[CaseOutcome]:
    data = load_yaml(path, display)
    validate_file(data, "ruletests.schema.json", display)
    base_path = (path.parent / data["base"]).resolve()
    try:
        base = json.loads(base_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RulebookError(display, data.key_lines["base"], "bad-base", f"无法读取基础案卷 {data['base']}: {exc}") from None
    as_of = dt.date.fromisoformat(data["as_of"])
    bases: dict[str, Any] = {data["base"]: base}
    outcomes = []
    for spec in data["cases"]:
        case_base = base
        if "base" in spec:
            key = spec["base"]
            if key not in bases:
                try:
                    bases[key] = json.loads((path.parent / key).read_text(encoding="utf-8"))
                except (OSError, ValueError) as exc:
                    raise RulebookError(display, spec.key_lines["base"], "bad-base", f"无法读取基础案卷 {key}: {exc}") from None
            case_base = bases[key]
        outcomes.append(run_case(spec, case_base, rulebook, as_of, calendar, display))
    return outcomes
