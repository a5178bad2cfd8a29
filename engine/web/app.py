"""The ASGI application: pages, API, the package's own static files; the rulebooks compiled at start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..rulebook import RulebookCache
from . import api, pages
from .jobs import Jobs
from .limits import ApiError, BodyLimit, TokenGuard, api_error_response, internal_error
from .service import Engine


@dataclass(frozen=True)
class Settings:
    rulebook: str = RulebookCache.AUTO
    calendar: Path | None = None
    token: str | None = None
    body_limit: int = 5 * 1024 * 1024  # a case file, a workbook or a 决定书
    upload_limit: int = 200 * 1024 * 1024  # a batch: a zip or a workbook of many case files
    time_limit: float = 30.0  # seconds for one case's check or review


def create_app(settings: Settings, engine: Engine | None = None) -> Starlette:
    """The workbench and the API; `engine` (rulebooks, calendar) is built from the settings when not given."""
    static = StaticFiles(directory=Path(__file__).parent / "static")
    app = Starlette(
        routes=[*api.routes, *pages.routes, Mount("/static", static, name="static")],
        middleware=[
            Middleware(BodyLimit, limit=settings.body_limit, upload_limit=settings.upload_limit),
            Middleware(TokenGuard, token=settings.token),
        ],
        exception_handlers={ApiError: api_error_response, Exception: internal_error},
    )
    app.state.settings = settings
    app.state.engine = engine or Engine(settings.rulebook, settings.calendar)
    app.state.jobs = Jobs()
    return app
