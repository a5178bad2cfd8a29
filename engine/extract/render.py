"""What `pingcha extract` writes: the case file, the origins beside it, and the review text that shows
each value beside the sentence it came from."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from ..casefile import PenaltyCaseFile
from .build import Extraction


def case_json(extraction: Extraction) -> str:
    return json.dumps(extraction.case, ensure_ascii=False, indent=2) + "\n"


def origins_json(extraction: Extraction, source: str) -> str:
    document = {
        "source": source,
        "origins": {f"$.{path}": origin.as_dict() for path, origin in sorted(extraction.origins.items())},
        "notes": [{"what": what, "value": value, **origin.as_dict()} for what, value, origin in extraction.notes],
        "missing": {f"$.{path}": what for path, what in extraction.missing.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def review_text(extraction: Extraction, source: str) -> str:
    """Each value, its field's Chinese name and the sentence it came from, in the order of the text."""
    lines = [f"从 {source} 提取的内容（决定书；未载明的视为未知），请逐项对照原文核对：", ""]
    placed = sorted(extraction.origins.items(), key=lambda item: (item[1].paragraph, item[1].start, item[0]))
    for path, origin in placed:
        lines.append(f"{title_of(path)}：{_value_at(extraction.case, path)}")
        lines.append(f"    第{origin.paragraph}段：{origin.marked()}")
    for what, value, origin in extraction.notes:
        lines.append(f"{what}（案卷格式中没有此项，仅供核对）：{value}")
        lines.append(f"    第{origin.paragraph}段：{origin.marked()}")
    if extraction.missing:
        lines += ["", "未能从文本中提取，请核对原文后在案卷文件中补充："]
        lines += [f"  {what}（{path}）" for path, what in extraction.missing.items()]
    return "\n".join(lines) + "\n"


_INDEX = re.compile(r"\[(\d+)\]")
_ASIDE = re.compile(r"（[^）]*）$")  # 决定（尚未作出决定的为空） → 决定: the aside is for whoever fills in a file


def _value_at(case: dict[str, Any], path: str) -> str:
    node: Any = case
    for key in path.split("."):
        name, *indices = _INDEX.split(key)
        node = node.get(name) if isinstance(node, dict) else None
        for index in indices[::2]:
            node = node[int(index)] if isinstance(node, list) and int(index) < len(node) else None
    if isinstance(node, dict) and "law" in node:
        units = "".join(
            f"第{node[key]}{unit}"
            for key, unit in (("article", "条"), ("paragraph", "款"), ("item", "项"))
            if key in node
        )
        return f"《{node['law']}》{units}"
    if isinstance(node, bool):
        return "是" if node else "否"
    if isinstance(node, float) and node.is_integer():
        return f"{int(node)} 元"
    return str(node)


def title_of(path: str) -> str:
    """The model's Chinese title of a field: decision.remedies.review_body → 决定 / 救济途径 / 告知的行政复议机关."""
    model: type[BaseModel] | None = PenaltyCaseFile
    titles: list[str] = []
    for key in _INDEX.sub("", path).split("."):
        field = model.model_fields.get(key) if model is not None else None
        if field is None:
            titles.append(key)
            model = None
            continue
        titles.append(_ASIDE.sub("", field.title or key))
        model = next(
            (arg for arg in _types(field.annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)), None
        )
    return "／".join(titles)


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    return [inner for arg in args for inner in _types(arg)]
