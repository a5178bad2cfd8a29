"""The facts of 双随机、一公开 and of the agencies' online systems (issue 19): how an inspection's target was
chosen and whether the profile's 随机抽查事项清单 lists its matter; whether the inspection or the penalty was
entered in the “互联网+监管” system and the penalty pushed to the credit information platform."""

from __future__ import annotations

from typing import Any

from ..casefile import InspectionCaseFile, SystemEntries
from ..tables import Tables

DRAWN = "双随机抽查"
# Routine supervision, which the 双随机 draw replaces (国发〔2019〕5号: 取代日常监管原有的巡查制和随意检查).
ROUTINE = frozenset({DRAWN, "年度计划", "日常巡查"})
# Targeted: a complaint, a referral, an accident, a follow-up of problems found, 重点监管 of a special field.
# 专项 is in neither: whether a 专项 campaign must draw its targets at random is not settled (routine unknown).
TARGETED = frozenset({"重点检查", "投诉举报", "转办交办", "事故", "跟踪复查"})


def selection_facts(case: InspectionCaseFile, tables: Tables, facts: dict[str, Any], origin: dict[str, str]) -> None:
    method = case.target_selection()
    if method is not None:
        facts["selection.method"] = method
        facts["selection.routine"] = True if method in ROUTINE else False if method in TARGETED else None
        origin["selection.method"] = origin["selection.routine"] = "$.selection" if case.selection else "$.kind"
    if tables.random_checks:  # no 清单 in the profile: whether it lists the matter is unknown
        facts["selection.listed"] = case.matter in tables.random_checks
        origin["selection.listed"] = "$.matter"


def system_facts(systems: SystemEntries | None, facts: dict[str, Any], origin: dict[str, str]) -> None:
    """An entry is shown made by its date or its flag, and not made only by the flag."""
    if systems is None:
        return
    entries = (
        ("supervision.entered", "date.录入监管系统", "supervision_system"),
        ("credit.pushed", "date.推送信用平台", "credit_platform"),
    )
    for flag, date, field in entries:
        made_on = getattr(systems, f"{field}_on")
        facts[flag] = True if made_on is not None else getattr(systems, field)
        facts[date] = made_on
        origin[flag] = f"$.systems.{field}_on" if made_on is not None else f"$.systems.{field}"
        origin[date] = f"$.systems.{field}_on"
