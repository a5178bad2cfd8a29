"""What every workbench page shares: the templates, the options above a case (评查基准日, 拟作出决定日期,
规则集), the error page, downloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .limits import ApiError
from .service import Engine

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_TEMPLATES.get_template(name).render(**context), status)


def part_limit(request: Request) -> int:
    """A form field may hold a whole case file's JSON (up to the request's own limit)."""
    limit: int = request.app.state.settings.body_limit
    return limit


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


class Options:
    """The choices above a case: 评查基准日 (审核日), the intended decision date, the rulebook."""

    def __init__(self, values: FormData) -> None:
        self.as_of = parse_day(str(values.get("_as_of") or ""), "_as_of", "评查基准日（审核日）") or dt.date.today()
        self.decision_date = parse_day(str(values.get("_decision_date") or ""), "_decision_date", "拟作出决定日期")
        self.rulebook = str(values.get("_rulebook") or "") or None

    def hidden(self) -> dict[str, str]:
        return {
            "_as_of": self.as_of.isoformat(),
            "_decision_date": self.decision_date.isoformat() if self.decision_date else "",
            "_rulebook": self.rulebook or "",
        }


def parse_day(text: str, name: str, label: str) -> dt.date | None:
    """A YYYY-MM-DD date a person typed (none when empty); else a 400 naming the field and what was found."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        message = f"{label}应为 YYYY-MM-DD 格式的日期，实为“{text}”"
        raise ApiError(400, {"error": "parameter", "parameter": name, "message": message}) from None


def error_page(exc: ApiError) -> HTMLResponse:
    return page("error.html.j2", exc.status, message=exc.body.get("message", ""), problems=problem_lines(exc.body))


def problem_lines(body: dict[str, Any]) -> list[str]:
    """Each problem as the command line prints it: where (cell, or JSON path and line), then what."""
    lines = []
    for problem in body.get("problems", []):
        where = problem.get("cell") or problem["json_path"]
        if problem.get("line") is not None:
            where += f"（第 {problem['line']} 行）"
        lines.append(f"{where}：{problem['message']}")
    return lines


def attachment(data: bytes, media_type: str, name: str) -> Response:
    disposition = (
        f"attachment; filename=\"{quote(name.encode('ascii', 'replace').decode())}\"; filename*=UTF-8''{quote(name)}"
    )
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})
