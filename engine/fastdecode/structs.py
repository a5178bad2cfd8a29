"""msgspec Structs generated, at import time, from the pydantic case-file model (engine.casefile).

The pydantic model stays the one definition of a case file: its JSON Schema, its Chinese problems and
every reader of a model name it. The Structs are made from it field by field — same names, defaults,
constraints, unknown fields forbidden, `case_type` as the tag of the union — so that a model change
reaches the fast path without a second model kept by hand. What msgspec cannot check exactly as
pydantic does is either narrowed to a subset both accept alike (a date known to the day; a time
without a zone) or refused when the module is imported (`Unmirrored`), never approximated: a file
outside the subset fails the fast decode and takes the pydantic path.

A Struct carries its model's own plain methods (`Source.complete_parts`) and after-validators
(`Decision` checks that a made decision is dated). It is no instance of its model: readers tell the
case types apart by `case_type`, which both forms have.
"""

from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

import annotated_types
import msgspec
from pydantic import BaseModel, StringConstraints
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .. import casefile, casejson
from ..casejson import MAX_MAGNITUDE

# Annotations whose pydantic validator accepts more than msgspec can mirror, narrowed to a type msgspec
# decodes to the same value: a DayOrMonth known to the day (the month form, "2019-05", takes the pydantic
# path); a time without a zone (pydantic and msgspec give an offset different tzinfo objects).
_SUBSETS: dict[Any, Any] = {
    casefile.DayOrMonth: dt.date,
    dt.time: Annotated[dt.time, msgspec.Meta(tz=False)],
}
_PLAIN = (str, int, float, bool, dt.date)
TEXT_PATTERN = f"^[^{casejson.FORBIDDEN_CHARS}]*$"  # engine.casefile.Text


class Unmirrored(TypeError):
    """A part of the case-file model the generator cannot mirror exactly (raised at import: a model
    change that needs a decision here, not a silent difference between the two paths)."""


class _Info:
    """What an after-validator reads of pydantic's ValidationInfo: the fields validated before its own, and
    its own name."""

    def __init__(self, data: dict[str, Any], field_name: str) -> None:
        self.data = data
        self.field_name = field_name


class Mirror:
    """The Structs of one set of pydantic models, each made once."""

    def __init__(self) -> None:
        self.structs: dict[type[BaseModel], type[msgspec.Struct]] = {}

    def union(self, models: tuple[type[BaseModel], ...], tag_field: str) -> Any:
        """The tagged union of top-level models, told apart by `tag_field` (a Literal of one value each)."""
        return Union[tuple(self.struct(model, tag_field) for model in models)]  # noqa: UP007 - built at run time

    def struct(self, model: type[BaseModel], tag_field: str | None = None) -> type[msgspec.Struct]:
        made = self.structs.get(model)
        if made is not None:
            return made
        fields: list[tuple[str, Any, Any]] = []
        namespace: dict[str, Any] = {**_methods(model), "source_model": model}
        options: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            if name == tag_field:
                (tag,) = typing.get_args(info.annotation)
                namespace[name] = tag  # a class attribute: msgspec keeps the tag out of the fields
                options = {"tag_field": tag_field, "tag": tag}
                continue
            if info.alias not in (None, name):
                raise Unmirrored(f"{model.__name__}.{name}: alias {info.alias!r}")
            where = f"{model.__name__}.{name}"
            fields.append((name, self._type(info.annotation, info.metadata, where), self._default(info, where)))
        validators = _after_validators(model)
        if validators:
            namespace["__post_init__"] = _post_init(validators, [name for name, _, _ in fields])
        made = msgspec.defstruct(
            model.__name__,
            fields,
            namespace=namespace,
            module=__name__,
            frozen=True,
            forbid_unknown_fields=True,
            kw_only=True,
            **options,
        )
        self.structs[model] = made
        return made

    def _type(self, annotation: Any, constraints: list[Any], where: str) -> Any:
        if annotation in _SUBSETS:
            if constraints:
                raise Unmirrored(f"{where}: constraints on {annotation!r}")
            return _SUBSETS[annotation]
        origin, arguments = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is Annotated:
            return self._type(arguments[0], [*constraints, *annotation.__metadata__], where)
        if origin in (Union, types.UnionType):
            return Union[tuple(self._type(a, [] if a is type(None) else constraints, where) for a in arguments)]  # noqa: UP007
        if annotation is type(None):
            return None
        if constraints and origin in (list, dict, Literal):
            raise Unmirrored(f"{where}: constraints on {annotation!r}")
        if origin is list:
            return list[self._type(arguments[0], [], where)]  # type: ignore[misc]
        if origin is dict:
            return dict[self._type(arguments[0], [], where), self._type(arguments[1], [], where)]  # type: ignore[misc]
        if origin is Literal:
            return annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if constraints:
                raise Unmirrored(f"{where}: constraints on a model")
            return self.struct(annotation)
        if annotation in _PLAIN:
            meta = _meta(annotation, constraints, where)
            return Annotated[annotation, msgspec.Meta(**meta)] if meta else annotation
        raise Unmirrored(f"{where}: {annotation!r}")

    def _default(self, info: FieldInfo, where: str) -> Any:
        factory = info.default_factory
        if factory is not None:
            if inspect.isclass(factory) and issubclass(factory, BaseModel):
                # an empty block (Circumstances()): one frozen empty Struct, shared
                return self.struct(factory)()
            if factory not in (list, dict):
                raise Unmirrored(f"{where}: default factory {factory!r}")
            return msgspec.field(default_factory=factory)
        if info.default is PydanticUndefined:
            return msgspec.NODEFAULT
        if not isinstance(info.default, str | int | float | bool | None):
            raise Unmirrored(f"{where}: default {info.default!r}")
        return info.default


def _meta(kind: type, constraints: list[Any], where: str) -> dict[str, Any]:
    """msgspec.Meta arguments for pydantic's constraints on a plain type; numbers also within the bound
    the strict JSON reading puts on every number (engine.casejson)."""
    meta: dict[str, Any] = {}
    for constraint in constraints:
        if isinstance(constraint, annotated_types.MinLen):
            meta["min_length"] = constraint.min_length
        elif isinstance(constraint, annotated_types.MaxLen):
            meta["max_length"] = constraint.max_length
        elif isinstance(constraint, annotated_types.Ge):
            meta["ge"] = constraint.ge
        elif isinstance(constraint, annotated_types.Le):
            meta["le"] = constraint.le
        elif isinstance(constraint, StringConstraints):
            given = {k: v for k, v in vars(constraint).items() if v is not None}
            if set(given) - {"pattern", "min_length", "max_length"}:
                raise Unmirrored(f"{where}: {constraint!r}")
            if given.get("pattern") == TEXT_PATTERN:
                del given["pattern"]  # checked once on the whole text (engine.fastdecode), not string by string
            meta.update(given)
        else:
            raise Unmirrored(f"{where}: {constraint!r}")
    if kind in (int, float):
        bound = kind(MAX_MAGNITUDE)
        meta["ge"] = max(meta.get("ge", -bound), -bound)
        meta["le"] = min(meta.get("le", bound), bound)
    return meta


def _methods(model: type[BaseModel]) -> dict[str, Any]:
    """The model's own plain methods (not pydantic's, not validators)."""
    return {
        name: value for name, value in vars(model).items() if inspect.isfunction(value) and not name.startswith("__")
    }


def _after_validators(model: type[BaseModel]) -> list[tuple[str, Callable[[Any, _Info], Any]]]:
    decorators = model.__pydantic_decorators__
    if decorators.model_validators or decorators.validators or decorators.root_validators:
        raise Unmirrored(f"{model.__name__}: model validators")
    found: list[tuple[str, Callable[[Any, _Info], Any]]] = []
    for decorator in decorators.field_validators.values():
        if decorator.info.mode != "after":
            raise Unmirrored(f"{model.__name__}: {decorator.info.mode} validator")
        found.extend((field, decorator.func) for field in decorator.info.fields)
    return found


def _post_init(validators: list[tuple[str, Callable[[Any, _Info], Any]]], order: list[str]) -> Callable[[Any], None]:
    """Run the model's after-validators on the decoded Struct; a refusal fails the fast decode."""

    def post_init(self: Any) -> None:
        for field, check in validators:
            before = order[: order.index(field)]
            value = getattr(self, field)
            # a refusal is a PydanticCustomError, a ValueError: msgspec makes it a ValidationError
            checked = check(value, _Info({name: getattr(self, name) for name in before}, field))
            if checked is not value:
                msgspec.structs.force_setattr(self, field, checked)

    return post_init
