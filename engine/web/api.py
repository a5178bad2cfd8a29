"""The HTTP API for 办案系统 and other platforms: a case file's JSON in, the document `pingcha check
--format json` / `pingcha review --format json` prints out, byte for byte; errors as stable JSON bodies
(`error` a machine name, `message` in Chinese, the JSON paths of a case file's problems)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .. import __version__, explain
from ..casefile import refuse_draft
from ..render import result_to_dict, to_json
from ..review import explain_review
from ..review.render import review_to_dict
from .common import engine_of, parse_day
from .limits import ApiError, run_limited
from .openapi import openapi_document

SOURCE = "请求正文"  # how messages name the case file a request carries


def json_response(document: Any, status: int = 200) -> Response:
    return Response(to_json(document) + "\n", status, media_type="application/json; charset=utf-8")


def _date(request: Request, name: str, required: bool = False) -> dt.date | None:
    day = parse_day(request.query_params.get(name) or "", name, f"查询参数 {name} ")
    if day is None and required:
        raise ApiError(400, {"error": "parameter", "parameter": name, "message": f"缺少查询参数 {name}"})
    return day


async def check(request: Request) -> Response:
    """POST /api/v1/check?as_of=&rulebook=&explain= — one decided case file, scored."""
    engine = engine_of(request)
    as_of = _date(request, "as_of") or dt.date.today()
    book = request.query_params.get("rulebook")
    rule_id = request.query_params.get("explain")
    body = await request.body()

    def work() -> Any:
        case = refuse_draft(engine.parse(body, SOURCE, as_of), SOURCE)
        if rule_id:
            return explain.explain_case(
                case, engine.rulebook_for(case, book), as_of, engine.calendar, rule_id, source=SOURCE
            )
        return result_to_dict(engine.check(case, as_of, SOURCE, book))

    return json_response(await run_limited(request, work))


async def review(request: Request) -> Response:
    """POST /api/v1/review?as_of=&decision_date=&rulebook=&explain= — one draft decision, reviewed."""
    engine = engine_of(request)
    as_of = _date(request, "as_of") or dt.date.today()
    decision_date = _date(request, "decision_date")
    book = request.query_params.get("rulebook")
    rule_id = request.query_params.get("explain")
    body = await request.body()

    def work() -> Any:
        case = engine.parse(body, SOURCE, as_of)
        result = engine.review(case, as_of, decision_date, SOURCE, book)
        if rule_id:
            return explain_review(result, case, engine.rulebook_for(case, book), engine.calendar, rule_id)
        return review_to_dict(result)

    return json_response(await run_limited(request, work))


async def rulebooks(request: Request) -> Response:
    """GET /api/v1/rulebooks — the bundled rulebooks, and the one the server uses."""
    engine = engine_of(request)
    return json_response({"pingcha": __version__, "default": engine.rulebooks.choice, "rulebooks": engine.listing()})


async def openapi(request: Request) -> Response:
    return json_response(openapi_document(engine_of(request).schema))


routes = [
    Route("/api/v1/check", check, methods=["POST"]),
    Route("/api/v1/review", review, methods=["POST"]),
    Route("/api/v1/rulebooks", rulebooks, methods=["GET"]),
    Route("/api/v1/openapi.json", openapi, methods=["GET"]),
]
