"""Dates a case file gives that lie after the review date (as-of): an input error, never accepted silently.

A case file records what has happened — events, documents, the decision, 送达, payment, the officers'
acts. A date after the day the file is reviewed is a typing error or a draft read as if decided: the
rules would measure deadlines from a day that has not come. That is a fault in the data, not in the
agency's conduct, so it is reported like any other defect of the file (exit 2, an error record in a
batch), naming every such date with its JSON path. Dates that state a period to come — a 履行期限,
an 整改期限, a certificate's validity — may lie after it and are not checked.

`future_dates` takes an `allow` hook: a draft's review lets exactly the intended decision date lie
after the review date.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from .casejson import Path, json_path, line_finder, shown
from .errors import CaseFileError, Problem

# (model, field) whose date states a period to come, not something that happened
_MAY_LIE_AHEAD = frozenset(
    {
        ("Officer", "certificate_valid_from"),
        ("Officer", "certificate_valid_to"),
        ("Enforcement", "reminder_deadline"),
        ("Enforcement", "deferred_until"),
        ("RectificationOrder", "deadline"),
        ("ExecutedDecision", "performance_deadline"),
        ("Application", "renewal_of_expiry"),  # a licence to be renewed runs until then
    }
)
_ASIDE = re.compile(r"（[^（）]*）$")  # a title's parenthetical note: 日期（已知发生而日期未载明的为空）


@dataclass(frozen=True)
class FutureDate:
    """A date of the file after the review date: where it is, what it is the date of, and its value
    (a date, or "YYYY-MM" for a date known only to the month)."""

    path: Path
    title: str
    value: dt.date | str

    @property
    def json_path(self) -> str:
        return json_path(self.path)


Allow = Callable[[FutureDate], bool]


class FutureDateError(CaseFileError):
    """A case file with dates after the review date (an input error: exit 2, an error record in a batch)."""

    code = "future-date"

    def __init__(self, source: str, as_of: dt.date, problems: list[Problem]) -> None:
        self.as_of = as_of
        super().__init__(source, problems)

    def headline(self) -> str:
        return (
            f"案卷中有 {len(self.problems)} 个日期晚于评查基准日 {self.as_of.isoformat()}"
            "（案卷记载的是已经发生的事项；请核对这些日期，或用 --as-of 给出评查基准日）"
        )


# Per model class: its date fields to check (name, title) and the fields holding further models that
# have such dates. Worked out once per class: a batch checks thousands of files a second.
_Plan = tuple[tuple[tuple[str, str], ...], tuple[str, ...]]
_PLANS: dict[type[BaseModel], _Plan] = {}


def _plan(model: type[BaseModel]) -> _Plan:
    plan = _PLANS.get(model)
    if plan is None:
        dates, nested = [], []
        # a Struct of engine.fastdecode names the model it was made from
        for name, info in getattr(model, "source_model", model).model_fields.items():
            kinds = _types_in(info.annotation)
            if dt.date in kinds:
                if (model.__name__, name) not in _MAY_LIE_AHEAD:
                    dates.append((name, _ASIDE.sub("", info.title or name)))
            elif any(isinstance(k, type) and issubclass(k, BaseModel) and _has_dates(k) for k in kinds):
                nested.append(name)
        plan = _PLANS[model] = (tuple(dates), tuple(nested))
    return plan


def _has_dates(model: type[BaseModel]) -> bool:
    dates, nested = _plan(model)
    return bool(dates or nested)


def _types_in(annotation: Any) -> set[Any]:
    """The classes an annotation may hold, through Optional, unions, lists and Annotated."""
    found: set[Any] = set()
    pending = [annotation]
    while pending:
        current = pending.pop()
        arguments = typing.get_args(current)
        if arguments:
            pending.extend(arguments)
        else:
            found.add(current)
    return found


def _any_after(model: BaseModel, as_of: dt.date, month: str) -> bool:
    """Whether any date to check lies after `as_of`: the cheap look every file gets (paths are made
    only for a file that has one)."""
    dates, nested = _plan(type(model))
    if _dates_after(model, dates, as_of, month):
        return True
    for name in nested:
        value = getattr(model, name)
        if value.__class__ is not list:
            if value is not None and _any_after(value, as_of, month):
                return True
        elif value:  # the events, documents, …: one model class, looked at in one loop
            item_dates, item_nested = _plan(type(value[0]))
            if item_nested:
                if any(_any_after(item, as_of, month) for item in value):
                    return True
            elif len(item_dates) == 1:  # an event's or a document's one date
                name = item_dates[0][0]
                for item in value:
                    day = getattr(item, name)
                    if day is not None and (day > month if day.__class__ is str else day > as_of):
                        return True
            elif any(_dates_after(item, item_dates, as_of, month) for item in value):
                return True
    return False


def any_after(case: BaseModel, as_of: dt.date) -> bool:
    """Whether any date of the case file (the model, or a Struct of engine.fastdecode) lies after `as_of`."""
    return _any_after(case, as_of, as_of.strftime("%Y-%m"))


def _dates_after(model: BaseModel, dates: tuple[tuple[str, str], ...], as_of: dt.date, month: str) -> bool:
    for name, _ in dates:
        value = getattr(model, name)
        if value is not None and (value > month if value.__class__ is str else value > as_of):
            return True
    return False


def future_dates(case: BaseModel, as_of: dt.date, allow: Allow | None = None) -> list[FutureDate]:
    """Every date of the case file after `as_of`, in the file's order, except those `allow` accepts
    (a date known only to the month counts when the whole month is after `as_of`)."""
    month = as_of.strftime("%Y-%m")
    if not _any_after(case, as_of, month):
        return []
    found: list[FutureDate] = []
    pending: list[tuple[BaseModel, Path]] = [(case, ())]
    while pending:
        model, path = pending.pop()
        dates, nested = _plan(type(model))
        for name, title in dates:
            value = getattr(model, name)
            if value is not None and (value > month if isinstance(value, str) else value > as_of):
                found.append(FutureDate((*path, name), _described(model, title), value))
        for name in reversed(nested):  # depth first, in the file's order
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                pending.append((value, (*path, name)))
            elif isinstance(value, list):
                pending.extend((item, (*path, name, i)) for i, item in reversed(list(enumerate(value))))
    return [date for date in found if allow is None or not allow(date)]


def _described(model: BaseModel, title: str) -> str:
    """What a date is the date of: an event's or a document's type before its title (“送达”日期)."""
    kind = getattr(model, "type", None)
    return f"“{kind}”{title}" if isinstance(kind, str) else title


def reject_future_dates(case: BaseModel, as_of: dt.date, source: str, text: str, allow: Allow | None = None) -> None:
    """Raise FutureDateError naming every date of the file (JSON path, line in `text`) after `as_of`."""
    found = future_dates(case, as_of, allow)
    if not found:
        return
    line_of = line_finder(text)
    problems = [
        Problem(
            date.json_path,
            FutureDateError.code,
            f"{date.title}晚于评查基准日",
            f"不晚于评查基准日 {as_of.isoformat()} 的日期",
            shown(date.value if isinstance(date.value, str) else date.value.isoformat()),
            line_of(date.path),
        )
        for date in found
    ]
    raise FutureDateError(source, as_of, problems)
