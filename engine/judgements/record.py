"""The panel's record of one case file: a YAML sidecar in a folder of judgements.

    case_id: 开应急罚〔2025〕15号      # the case it judges (the file's name is free: name it after the case)
    reviewer: 王芳                    # 评查人 of every item that names none
    date: 2026-11-25                  # 评查日期, likewise
    items:
      主体: 符合
      证据:
        verdict: 不符合
        reason: 只有当事人陈述，无现场检查记录佐证
      裁量适当: {verdict: 不符合, deduct: 6, reason: …, reviewer: 李明}

Every problem of every file is collected and reported at once, each with its file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PingchaError, RulebookError, shorten
from ..yamlsrc import Located, load_yaml

VERDICTS = ("符合", "不符合", "无法判定")
NAMES = ("主体", "事实", "证据", "定性", "适用法律", "程序", "裁量适当", "文书")
SUFFIXES = (".yaml", ".yml")
_TOP = ("case_id", "reviewer", "date", "items")
_ITEM = ("verdict", "deduct", "reason", "reviewer", "date")


@dataclass(frozen=True)
class Judgement:
    name: str
    verdict: str
    deduct: float | None  # points the reviewer deducts (不符合 on a scored item); None: the item's points
    reason: str | None
    reviewer: str
    date: dt.date
    line: int


@dataclass(frozen=True)
class CaseJudgements:
    case_id: str
    file: str
    line: int
    items: dict[str, Judgement]


class JudgementError(PingchaError):
    """Judgements that cannot be used: every problem with its file and line."""

    def __init__(self, problems: list[tuple[str, int | None, str]]) -> None:
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"人工评查记录有 {len(self.problems)} 处问题："] if len(self.problems) > 1 else []
        for file, line, message in self.problems:
            lines.append(f"{file}（第 {line} 行）：{message}" if line else f"{file}：{message}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "error": "judgements",
            "message": self.render(),
            "problems": [{"file": f, "line": n, "message": m} for f, n, m in self.problems],
        }


def read_folder(folder: Path) -> dict[str, CaseJudgements]:
    """Every record in a folder (*.yaml, *.yml, sorted), by case id; a case judged twice is an error."""
    if not folder.is_dir():
        raise JudgementError([(str(folder), None, "不是文件夹；--judgements 应为存放人工评查记录（*.yaml）的文件夹")])
    problems: list[tuple[str, int | None, str]] = []
    records: dict[str, CaseJudgements] = {}
    for path in _records(folder):
        record = _read(path, problems)
        if record is None:
            continue
        first = records.setdefault(record.case_id, record)
        if first is not record:
            problems.append(
                (
                    record.file,
                    record.line,
                    f"案卷 {record.case_id} 已在 {first.file} 中评查；一份案卷只能有一份评查记录",
                )
            )
    if problems:
        raise JudgementError(problems)
    return records


def folder_digest(folder: Path) -> str:
    """The SHA-256 of a folder's records (names and contents): a resumed batch must merge the same ones."""
    digest = hashlib.sha256()
    for path in _records(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _records(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def _read(path: Path, problems: list[tuple[str, int | None, str]]) -> CaseJudgements | None:
    file = str(path)
    try:
        data = load_yaml(path, file)
    except RulebookError as exc:
        problems.append((file, exc.line, exc.message))
        return None
    if not isinstance(data, Located):
        problems.append((file, 1, f"应为评查记录（含 case_id、items 的键值表），实为 {_shown(data)}"))
        return None
    found = len(problems)

    def problem(key: str, message: str, within: Located = data) -> None:
        problems.append((file, within.key_lines.get(key, within.line), message))

    for key in data:
        if key not in _TOP:
            problem(key, f"评查记录中没有 `{key}` 这一项；应为 {'、'.join(_TOP)} 之一{_close(key, _TOP)}")
    case_id = data.get("case_id")
    if not isinstance(case_id, str) or not case_id.strip():
        problems.append(
            (file, data.key_lines.get("case_id", 1), f"缺少案卷编号 case_id（文本），实为 {_shown(case_id)}")
        )
    reviewer = _text(data, "reviewer", problem)
    date = _date(data, "date", problem)
    items = data.get("items")
    if not isinstance(items, Located):
        problem("items", f"items 应为各评查项的评查结论（如 证据: 符合），实为 {_shown(items)}")
        return None
    judged = {}
    for name, value in items.items():
        judgement = _item(name, value, items, reviewer, date, problem)
        if judgement is not None:
            judged[name] = judgement
    if len(problems) > found:
        return None
    assert isinstance(case_id, str)
    return CaseJudgements(case_id.strip(), file, data.line, judged)


def _item(
    name: Any, value: Any, items: Located, reviewer: str | None, date: dt.date | None, problem: Any
) -> Judgement | None:
    def here(message: str, key: str = name, within: Located = items) -> None:
        problem(key, message, within)

    if name not in NAMES:
        here(f"没有评查项“{name}”；应为 {'、'.join(NAMES)} 之一{_close(str(name), NAMES)}")
        return None
    spec = value if isinstance(value, Located) else Located({"verdict": value})
    if not isinstance(value, Located):
        spec.line, spec.key_lines = items.key_lines[name], {"verdict": items.key_lines[name]}
    for key in spec:
        if key not in _ITEM:
            here(f"评查项“{name}”中没有 `{key}`；应为 {'、'.join(_ITEM)} 之一{_close(str(key), _ITEM)}", key, spec)
    verdict = spec.get("verdict")
    if verdict not in VERDICTS:
        here(f"评查项“{name}”的结论应为 符合、不符合 或 无法判定，实为 {_shown(verdict)}", "verdict", spec)
        return None
    deduct: Any = spec.get("deduct")
    points = float(deduct) if isinstance(deduct, (int, float)) and not isinstance(deduct, bool) and deduct > 0 else None
    if deduct is not None and (verdict != "不符合" or points is None):
        here(
            f"评查项“{name}”的扣分 deduct 只用于“不符合”，应为大于 0 的数，实为 {_shown(deduct)}（结论 {verdict}）",
            "deduct",
            spec,
        )
    reason = _text(spec, "reason", lambda k, m: here(m, k, spec))
    if verdict != "符合" and reason is None:
        here(f"评查项“{name}”结论为{verdict}，须写明理由 reason", "verdict", spec)
    who = _text(spec, "reviewer", lambda k, m: here(m, k, spec)) or reviewer
    day = _date(spec, "date", lambda k, m: here(m, k, spec)) or date
    if who is None or day is None:
        missing = "、".join(w for w, v in (("评查人 reviewer", who), ("评查日期 date", day)) if v is None)
        here(f"评查项“{name}”缺少{missing}（写在该项中，或写在记录顶层供各项共用）")
        return None
    return Judgement(name, verdict, points, reason, who, day, spec.line)


def _text(data: Located, key: str, problem: Any) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problem(key, f"{key} 应为文本，实为 {_shown(value)}")
        return None
    return value.strip()


def _date(data: Located, key: str, problem: Any) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problem(key, f"{key} 应为 YYYY-MM-DD 格式的日期（如 2026-11-25），实为 {_shown(value)}")
        return None


def _close(word: str, choices: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.4)
    return f"（是否应为 {close[0]}？）" if close else ""


def _shown(value: Any) -> str:
    return "空" if value is None else f"“{shorten(str(value), 40)}”"
