"""Merge the panel's judgements into a result document: one score from the machine's findings (机器评查)
and the panel's (人工评查), each entry saying which it is.

A 不符合 becomes a finding (`"by": "人工评查"`) with the reviewer's reason; 符合 a passed item; 无法判定
and an item the record does not judge (or a case without a record) an undecided item: the score is then a
range and the grade at best 暂定 — a file whose substantive items are not all judged is never complete.
The machine's own score is kept as `machine_score`; merging again starts from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..render import score_from_dict
from ..rulebook import Rulebook
from ..scoring import DEFINITE, PROVISIONAL, Score, score
from .items import PANEL, JudgementItem
from .record import CaseJudgements, Judgement, JudgementError

NOT_JUDGED = "未评定"


@dataclass(frozen=True)
class _Weight:
    id: str
    severity: str
    category: str
    points: float


def merge(
    document: dict[str, Any], case: dict[str, Any], judged: CaseJudgements | None, book: Rulebook
) -> tuple[dict[str, Any], Score]:
    """The document with the judgements of its case merged in (a new dict), and the merged score. `case` is
    the case's summary in a batch line (engine.batch.case_summary): only the items of its type are judged (a
    行政检查 file has no 定性 to judge), and an item's basis is weighed against its decision date."""
    if document["rulebook"]["content_hash"] != book.content_hash:
        raise JudgementError(
            [
                (
                    document.get("source") or document["case_id"],
                    None,
                    (
                        f"结果由规则集 {book.name} 的另一版本评出（内容哈希 {document['rulebook']['content_hash'][:12]}，"
                        f"现为 {book.content_hash[:12]}）：请用现在的规则集重新运行 pingcha batch 再合并人工评查"
                    ),
                )
            ]
        )
    base = _machine_only(document)
    declared = [item for item in book.judgements if (case.get("case_type") or "行政处罚") in item.case_types]
    decided = dt.date.fromisoformat(case["decision_date"]) if case.get("decision_date") else None
    _check(judged, declared, book.name)
    if not declared:  # nothing of this kind of file for a panel to judge (a 行政检查 under a penalty standard)
        return base, score_from_dict(base["score"])
    items = [(item, judged.items.get(item.name) if judged else None) for item in declared]
    failed = [_Weight(f["rule_id"], f["severity"], f["category"], f["points"]) for f in base["findings"]]
    rules = {rule.id: rule for rule in book.rules}
    undecided: list[Any] = [rules[u["rule_id"]] for u in base["undetermined"]]
    findings, undetermined, passed, entries = [], [], [], []
    for item, judgement in items:
        entries.append(_entry(item, judgement))
        if judgement is None or judgement.verdict == "无法判定":
            undecided.append(item)
            undetermined.append(_undetermined(item, judgement))
        elif judgement.verdict == "不符合":
            points = 0.0 if item.severity == "veto" else judgement.deduct or item.points
            failed.append(_Weight(item.id, item.severity, item.category, points))
            findings.append(_finding(item, judgement, points, decided))
        else:
            passed.append(item.id)
    merged = score(failed, book.scoring, undecided, book.caps)
    pending = [item.name for item, judgement in items if judgement is None or judgement.verdict == "无法判定"]
    if pending and merged.status == DEFINITE:
        merged = Score(**{**merged.__dict__, "status": PROVISIONAL})
    out = dict(base)
    out["machine_score"] = base["score"]
    out["score"] = _score_dict(merged, bool(base["undetermined"] or undetermined))
    out["findings"] = base["findings"] + findings
    out["undetermined"] = base["undetermined"] + undetermined
    out["passed"] = list(base.get("passed", [])) + passed
    out["judgements"] = {"file": judged.file if judged else None, "items": entries, "pending": pending}
    return out, merged


def record_merger(
    records: Iterable[dict[str, Any]], judged: dict[str, CaseJudgements], books: Callable[[str], Rulebook]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """What merges the judgements into each batch result record as it is read (pingcha report/ledger
    --judgements); `books` gives the rulebook a result names. Tried once on every record first, so that
    every record that cannot take its judgements is named at once."""
    loaded: dict[str, Rulebook] = {}  # each profile once

    def merged(record: dict[str, Any]) -> dict[str, Any]:
        result = record["result"]
        name = result["rulebook"]["name"]
        book = loaded[name] if name in loaded else loaded.setdefault(name, books(name))
        record["result"], _ = merge(result, record["case"], judged.get(result["case_id"]), book)
        return record

    problems: list[tuple[str, int | None, str]] = []
    for record in records:
        try:
            merged(record)
        except JudgementError as exc:
            problems += [(record["file"], line, message) for _, line, message in exc.problems]
    if problems:
        raise JudgementError(problems)
    return merged


def _machine_only(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the machine scored it (a document merged before loses the panel's part)."""
    if "judgements" not in document:
        return document
    base = {k: v for k, v in document.items() if k not in ("judgements", "machine_score")}
    base["score"] = document.get("machine_score", document["score"])
    base["findings"] = [f for f in document["findings"] if f.get("by") != PANEL]
    base["undetermined"] = [u for u in document["undetermined"] if u.get("by") != PANEL]
    panel = {e["id"] for e in document["judgements"]["items"]}
    base["passed"] = [p for p in document.get("passed", []) if p not in panel]
    return base


def _check(judged: CaseJudgements | None, items: list[JudgementItem], profile: str) -> None:
    """What only the case's profile and type can tell: the items it declares, their points and vetoes."""
    if judged is None:
        return
    declared = {item.name: item for item in items}
    problems: list[tuple[str, int | None, str]] = []
    for name, judgement in judged.items.items():
        item = declared.get(name)
        if item is None:
            names = "、".join(declared) or "（无）"
            problems.append(
                (judged.file, judgement.line, f"规则集 {profile} 对此类案卷没有评查项“{name}”；其评查项为 {names}")
            )
        elif judgement.deduct is not None and item.severity == "veto":
            problems.append(
                (judged.file, judgement.line, f"“{name}”是否决项（不符合即为不合格卷），不扣分：请删去 deduct")
            )
        elif judgement.deduct is not None and judgement.deduct > item.points:
            problems.append(
                (
                    judged.file,
                    judgement.line,
                    f"“{name}”最多扣 {item.points:g} 分（规则集 {profile}），记录扣 {judgement.deduct:g} 分",
                )
            )
    if problems:
        raise JudgementError(problems)


def _entry(item: JudgementItem, judgement: Judgement | None) -> dict[str, Any]:
    if judgement is None:
        return {"id": item.id, "name": item.name, "title": item.title, "verdict": NOT_JUDGED}
    deducted = item.points if judgement.deduct is None else judgement.deduct
    return {
        "id": item.id,
        "name": item.name,
        "title": item.title,
        "verdict": judgement.verdict,
        "veto": judgement.verdict == "不符合" and item.severity == "veto",
        "points": deducted if judgement.verdict == "不符合" and item.severity != "veto" else 0,
        "reason": judgement.reason,
        "reviewer": judgement.reviewer,
        "date": judgement.date.isoformat(),
    }


def _finding(item: JudgementItem, judgement: Judgement, points: float, decided: dt.date | None) -> dict[str, Any]:
    basis = [c.text() for c in item.basis]
    if decided is not None and not all(c.covers(decided) for c in item.basis):
        basis.append(
            f"注：本案决定日期 {decided.isoformat()} 不在所引版本的施行期间，当时施行的版本的对应条文未编入本规则集"
        )
    return {
        "rule_id": item.id,
        "title": f"{item.defect}（{PANEL}）",
        "family": item.family,
        "category": item.category,
        "severity": item.severity,
        "points": points,
        "basis": basis,
        "message": f"{judgement.reason}（评查人 {judgement.reviewer}，{judgement.date.isoformat()}）",
        "evidence": [],
        "by": PANEL,
    }


def _undetermined(item: JudgementItem, judgement: Judgement | None) -> dict[str, Any]:
    if judgement is None:
        reason = f"{NOT_JUDGED}：没有本案卷对此项的人工评查记录" + ("（否决项）" if item.severity == "veto" else "")
    else:
        reason = f"评查人 {judgement.reviewer} 无法判定：{judgement.reason}"
    return {"rule_id": item.id, "title": f"{item.title}（{PANEL}）", "reason": reason, "by": PANEL}


def _score_dict(merged: Score, provisional: bool) -> dict[str, Any]:
    return {
        "total": merged.total,
        "score": merged.score,
        "grade": merged.grade,
        "grade_status": merged.status,
        "low": merged.low,
        "low_grade": merged.low_grade,
        "vetoed": merged.vetoed,
        "provisional": provisional,
        "deductions": merged.deductions,
    }
