"""Discretion advice for a draft: the band of the profile's baseline table the stated facts select, whether
the proposed fine and level fit it, the grounds for not penalising or for a lighter penalty that could
apply (the law's and the four lists'), and what the decision's 说理 must contain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..casefile import PenaltyCaseFile
from ..expr import Context, format_value
from ..facts import CIRCUMSTANCE_TITLES, EXCLUSION_LABELS
from ..tables import MITIGATED, DiscretionTable, ListEntry, Tables, fraction_range
from .model import Advice, Band, ListCandidate

_OPERATORS = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
LEVEL_ORDER = ("减轻", "从轻", "一般", "从重")
# The law's own grounds (行政处罚法 第33条), whatever the lists say: (name, effect, basis, conditions).
STATUTORY_GROUNDS = (
    (
        "轻微不罚",
        "应当不予处罚",
        "《行政处罚法》（2021）第33条第1款",
        ("violation_minor", "corrected_in_time", "no_harm"),
    ),
    (
        "首违不罚",
        "可以不予处罚",
        "《行政处罚法》（2021）第33条第1款",
        ("first_violation", "harm_minor", "corrected_in_time"),
    ),
    ("无主观过错不罚", "应当不予处罚", "《行政处罚法》（2021）第33条第2款", ("no_fault",)),
)
LISTS = ("不予处罚", "减轻处罚", "从轻处罚")


def discretion_advice(case: PenaltyCaseFile, tables: Tables, ctx: Context) -> Advice:
    decision = case.decision
    assert decision is not None
    facts = ctx.facts
    kind = case.party.kind
    code = case.violation.item_code
    table = tables.discretion.get(code) if code else None
    level = decision.discretion.level if decision.discretion else None
    fine = decision.fine if "罚款" in (decision.kinds or ()) else None
    statutory = _statutory(facts)
    bands, selected, note = _bands(table, tables, kind, statutory, level, facts)
    fits = None
    if selected is not None and selected.fine is not None and fine is not None:
        fits = selected.fine[0] <= fine <= selected.fine[1]
    level_fits = (
        None
        if table is None or table.model != "fact-pattern" or selected is None or level is None
        else (level == selected.level)
    )
    candidates = _candidates(case, tables)
    return Advice(
        item_code=code,
        table=f"{table.title}（{table.basis.strip()}）" if table else None,
        model=facts["baseline.model"],
        statutory=statutory,
        bands=bands,
        selected=selected,
        selection_note=note,
        proposed_fine=fine,
        proposed_level=level,
        fits=fits,
        level_fits=level_fits,
        candidates=candidates,
        reasoning=_reasoning(table, selected, level, fine, statutory, candidates),
    )


def _statutory(facts: Mapping[str, Any]) -> tuple[float, float] | None:
    low, high = facts["baseline.statutory_min"], facts["baseline.statutory_max"]
    return (float(low), float(high)) if isinstance(low, int | float) and isinstance(high, int | float) else None


def _bands(
    table: DiscretionTable | None,
    tables: Tables,
    kind: str,
    statutory: tuple[float, float] | None,
    level: str | None,
    facts: Mapping[str, Any],
) -> tuple[tuple[Band, ...], Band | None, str]:
    """The table's bands for the party's kind, the one that applies, and why none does when none does."""
    if facts["baseline.superseded"]:
        return (), None, "裁量基准所依据的规定在违法行为发生时或拟作出决定时不适用，不据以提出裁量意见"
    if facts["baseline.model"] == "fraction" and statutory is not None:
        scheme = table.scheme if table is not None else tables.default_scheme
        shares = table.fractions if table is not None and table.fractions else tables.schemes[str(scheme)].fractions
        bands = tuple(Band(lv, lv, fraction_range(statutory, shares[lv]), "") for lv in LEVEL_ORDER if lv in shares)
        if MITIGATED not in shares:
            bands = (Band(MITIGATED, MITIGATED, (0.0, statutory[0]), "法定最低额以下"), *bands)
        chosen = next((b for b in bands if b.level == level), None)
        note = "" if chosen else "比例模式：阶次由情节和说理确定，草案未载明阶次"
        return bands, chosen, note
    if table is None:
        return (), None, "本规则集没有该事项的裁量基准，案卷也未载明法定罚款幅度"
    bands = tuple(Band(b.level, b.name, b.ranges.get(kind), _conditions_text(b.when)) for b in table.bands)
    expected = facts["baseline.expected_band"]
    chosen = next((b for b in bands if b.name == expected), None)
    if chosen is None:
        needed = sorted({key for b in table.bands for key, _, _ in b.when})
        note = f"情节事实未载明或不属任何一档，须查明：{'、'.join(needed)}（violation.facts）"
        return bands, None, note
    return bands, chosen, ""


def _conditions_text(when: tuple[tuple[str, str, float], ...]) -> str:
    return "，".join(f"{key} {_OPERATORS[op]} {format_value(bound)}" for key, op, bound in when)


def _candidates(case: PenaltyCaseFile, tables: Tables) -> tuple[ListCandidate, ...]:
    circumstances = case.violation.circumstances
    found = []
    for name, effect, basis, conditions in STATUTORY_GROUNDS:
        shown = [(CIRCUMSTANCE_TITLES[c], getattr(circumstances, c)) for c in conditions]
        found.append(_candidate(name, effect, basis, shown))
    place = f"{case.agency.province or ''}{case.agency.region or ''}{case.agency.name}"
    for list_name in LISTS:
        entry = tables.list_entry(list_name, case.violation.item_code, place)
        if entry is not None:
            found.append(_list_candidate(case, entry))
    return tuple(found)


def _list_candidate(case: PenaltyCaseFile, entry: ListEntry) -> ListCandidate:
    circumstances = case.violation.circumstances
    shown = [(CIRCUMSTANCE_TITLES[c], getattr(circumstances, c)) for c in entry.conditions]
    shown += [(EXCLUSION_LABELS[x], None if (v := getattr(case.party, x)) is None else not v) for x in entry.exclusions]
    return _candidate(f"{entry.list}清单：{entry.title}", f"{entry.effect}{entry.list}", entry.basis.strip(), shown)


def _candidate(name: str, effect: str, basis: str, shown: list[tuple[str, bool | None]]) -> ListCandidate:
    return ListCandidate(
        name=name,
        effect=effect,
        basis=basis,
        met=tuple(title for title, value in shown if value is True),
        unmet=tuple(title for title, value in shown if value is False),
        open=tuple(title for title, value in shown if value is None),
    )


def _reasoning(
    table: DiscretionTable | None,
    selected: Band | None,
    level: str | None,
    fine: float | None,
    statutory: tuple[float, float] | None,
    candidates: tuple[ListCandidate, ...],
) -> tuple[str, ...]:
    """What the decision's reasoning must say (行政处罚法 第5条第2款；国办发〔2022〕27号 说明裁量基准的适用)."""
    lines = []
    if table is not None:
        where = (
            f"（{selected.level}：{selected.name}）" if selected is not None and selected.name != selected.level else ""
        )
        lines.append(f"载明适用的裁量基准“{table.title}”{where}及其适用理由")
    if level in ("从轻", "减轻", "从重"):
        lines.append(f"说明{level}处罚所依据的情节、证据和理由")
    if fine is not None and statutory is not None and fine > 0 and fine >= statutory[1]:
        lines.append("顶格罚款的，说明为何适用法定最高额")
    for candidate in candidates:
        if candidate.status != "不符合" and candidate.met and fine is not None:
            lines.append(f"说明是否适用{candidate.name}（{candidate.effect}）及理由")
    return tuple(lines)
