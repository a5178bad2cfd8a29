"""YAML that remembers where each value came from and refuses duplicate keys, aliases and text no
file can hold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .errors import RulebookError, lone_surrogate, shorten


class Located(dict[str, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class LocatedList(list[Any]):
    line: int = 0


ALIAS_HELP = "别名不写出内容而重复引用它，几行就能展开成数 GB；规则集的每个值都要直接写出"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text: the schemas and the rulebook parse them explicitly."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Aliases (`*name`) are refused where they are written: nothing is shared or expanded."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise RulebookError(
                self.name,
                event.start_mark.line + 1,
                "yaml-alias",
                f"规则集文件不接受 YAML 别名 `*{shorten(event.anchor, 40)}`：请把所引用的内容直接写在这里",
                ALIAS_HELP,
            )
        return super().compose_node(parent, index)


class _AliasFound(yaml.YAMLError):
    """libyaml composes aliases before Python sees them: the file is parsed again by _Loader, which
    names the line of the alias."""


# The same loader on libyaml's parser, where PyYAML was built with it: seven times faster (a profile is
# parsed by every process of a batch), the same values and lines. Its syntax errors are worded
# differently, so a file it rejects is parsed again by the pure-Python loader for the message.
_FastLoader: Any = _Loader
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):
        """CSafeLoader that keeps dates as text."""

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.constructed_objects or node in self.recursive_objects:  # reached a second time: an alias
                raise _AliasFound()
            return super().construct_object(node, deep)

    _FastLoader = _CLoader

_LOADERS: tuple[Any, ...] = (_Loader,) if _FastLoader is _Loader else (_Loader, _FastLoader)
for _loader in _LOADERS:
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    mapping = Located()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise RulebookError(
                loader.name,
                key_node.start_mark.line + 1,
                "duplicate-key",
                f"键 `{shorten(str(key), 80)}` 重复出现（首次在第 {mapping.key_lines[key]} 行）",
                "YAML keeps only the last value of a repeated key; remove one of them",
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    items = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    return items


def _construct_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    text: str = loader.construct_scalar(node)
    bad = lone_surrogate(text)
    if bad is not None:
        raise RulebookError(
            loader.name,
            node.start_mark.line + 1,
            "bad-character",
            f"文字中有无法保存的字符 {bad}（单独的代理码位）",
            "\\ud800-\\udfff 的转义只是半个字符，请直接写出字符本身",
        )
    return text


for _loader in _LOADERS:
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, display: str) -> Any:
    """Parse a YAML file; errors name `display` (the path as the user knows it) and the line."""
    return parse_yaml(read_text(path, display), display)


def read_text(path: Path, display: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulebookError(display, None, "unreadable", exc.strerror or str(exc)) from None


def parse_yaml(text: str, display: str) -> Any:
    """Parse the text of a YAML file named `display`."""
    if _FastLoader is not _Loader:
        try:
            return _parse(_FastLoader, text, display)
        except yaml.YAMLError:
            pass  # parsed again below, for the pure-Python loader's wording of the error
    try:
        return _parse(_Loader, text, display)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulebookError(display, line, "yaml-syntax", f"{exc.problem or exc}") from None


def _parse(loader_class: Any, text: str, display: str) -> Any:
    loader = loader_class(text)
    loader.name = display
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def parse_date(value: Any, display: str, line: int | None) -> dt.date | None:
    """A YYYY-MM-DD value of a rulebook file (kept as text by the loader), or None when absent."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RulebookError(display, line, "bad-date", f"`{value}` 不是 YYYY-MM-DD 日期") from None


def line_of(data: Any, path: list[str | int]) -> int | None:
    """The line of the value at `path` inside loaded YAML (the nearest known line)."""
    line = getattr(data, "line", None)
    node = data
    for part in path:
        if isinstance(node, Located) and isinstance(part, str) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LocatedList) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line
