"""The ASGI application: pages, API, the package's own static files; the rulebooks compiled at start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..rulebook import RulebookCache
from . import api, batchpages, pages
from .common import error_page
from .jobs import Jobs
from .limits import ApiError, BodyLimit, Contained, TokenGuard, api_error_response
from .service import Engine


@dataclass(frozen=True)
class Settings:
    rulebook: str = RulebookCache.AUTO
    calendar: Path | None = None
    token: str | None = None
    body_limit: int = 5 * 1024 * 1024  # a case file, a workbook or a 决定书
    upload_limit: int = 200 * 1024 * 1024  # a batch: a zip or a workbook of many case files
    time_limit: float = 30.0  # seconds for one case's check or review


_HTTP_REASONS = {
    400: "请求无法处理（表单过大或格式有误）",
    404: "没有这个页面或接口",
    405: "该地址不接受这种请求方法",
}


def _answer(request: Request, error: ApiError) -> Response:
    """An error as JSON for the API, as a Chinese page for the workbench."""
    return api_error_response(request, error) if request.url.path.startswith("/api/") else error_page(error)


def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _answer(request, exc)


def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (unknown address, wrong method, a form over its limits) in Chinese."""
    assert isinstance(exc, HTTPException)
    message = _HTTP_REASONS.get(exc.status_code, "请求无法处理")
    return _answer(request, ApiError(exc.status_code, {"error": "request", "message": message}))


def create_app(settings: Settings, engine: Engine | None = None) -> Starlette:
    """The workbench and the API; `engine` (rulebooks, calendar) is built from the settings when not given."""
    static = StaticFiles(directory=Path(__file__).parent / "static")
    app = Starlette(
        routes=[*api.routes, *pages.routes, *batchpages.routes, Mount("/static", static, name="static")],
        middleware=[
            Middleware(BodyLimit, limit=settings.body_limit, upload_limit=settings.upload_limit),
            Middleware(TokenGuard, token=settings.token),
            Middleware(Contained, answer=_answer),
        ],
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
    )
    app.state.settings = settings
    app.state.engine = engine or Engine(settings.rulebook, settings.calendar)
    app.state.jobs = Jobs()
    return app
