"""The facts of a 行政处罚 case file about how the case was opened and recorded (issue 19, second pass):
what the 立案审批表 shows, and which steps of the kinds a region or department requires to be recorded on
audio or video (音像记录) were recorded only in writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..casefile import CaseOpening, Event, PenaltyCaseFile

# what the 立案审批表 must show, by the title a finding names it with
OPENING_ITEMS: dict[str, Callable[[CaseOpening], object]] = {
    "收案日期": lambda form: form.received_on,
    "承办人意见": lambda form: form.handler_opinion,
    "建议立案日期": lambda form: form.proposed_on,
    "批准的负责人": lambda form: form.approver,
    "批准日期": lambda form: form.approved_on,
}
# the steps a profile may list as requiring 音像记录 (国办发〔2018〕118号's list of contentious steps), by
# event type, and for a 送达 by its method
AUDIO_VIDEO_STEPS = ("onsite", "investigation", "hearing", "lien_service", "notice_service")
_STEP_OF_TYPE = {"现场检查": "onsite", "调查取证": "investigation", "询问": "investigation", "听证举行": "hearing"}
_STEP_OF_SERVICE: dict[str | None, str] = {"留置送达": "lien_service", "公告送达": "notice_service"}


def filing_facts(
    case: PenaltyCaseFile, facts: dict[str, Any], origin: dict[str, str], complete: frozenset[str]
) -> None:
    _opening_facts(case.opening, facts, origin, "opening" in complete)
    steps: dict[str, list[tuple[int, Event]]] = {name: [] for name in AUDIO_VIDEO_STEPS}
    for indexed in enumerate(case.events):
        event = indexed[1]
        name = _STEP_OF_SERVICE.get(event.method) if event.type == "送达" else _STEP_OF_TYPE.get(event.type)
        if name is not None:
            steps[name].append(indexed)
    for name, of_kind in steps.items():
        _audio_video_facts(name, of_kind, facts, origin, "events" in complete)


def _opening_facts(form: CaseOpening | None, facts: dict[str, Any], origin: dict[str, str], closed: bool) -> None:
    """The 立案审批表's blanks: known where the file declares the form complete; elsewhere a blank may only be
    untranscribed, so the form is known to lack nothing only when nothing is blank. No form given: unknown."""
    if form is None:
        return
    blank = tuple(title for title, read in OPENING_ITEMS.items() if read(form) in (None, False, ""))
    if closed or not blank:
        facts["filing.missing"] = blank
    origin["filing.missing"] = "$.opening"
    for name in ("received_on", "proposed_on", "approved_on"):
        facts[f"filing.{name}"] = getattr(form, name)
        origin[f"filing.{name}"] = f"$.opening.{name}"


def _audio_video_facts(
    name: str, steps: list[tuple[int, Event]], facts: dict[str, Any], origin: dict[str, str], closed: bool
) -> None:
    """The steps of one kind recorded without 音像: known where the events are complete; elsewhere an event's
    list of record forms may be partial, so only a file whose every step of the kind shows 音像 is known."""
    lacking = [(index, event) for index, event in steps if "音像" not in event.records]
    key = f"audio_video.{name}"
    if closed or (steps and not lacking):
        facts[key] = tuple(_step(event) for _, event in lacking)
        origin[key] = f"$.events[{lacking[0][0]}].records" if lacking else "$.events"


def _step(event: Event) -> str:
    return f"{event.type}（{event.date.isoformat() if isinstance(event.date, dt.date) else '日期未载明'}）"
