"""Limits and guards shared by the pages and the API: request size, time per case, the API token, and errors
as stable JSON bodies. Nothing here logs a request's content: a case file is personal data."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import PingchaError, RulebookError
from ..render import to_json

T = TypeVar("T")
LOG = logging.getLogger("pingcha.web")


class ApiError(Exception):
    """An answer other than 200: its status and its JSON body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.body = body
        super().__init__(body.get("message", ""))


def error_body(exc: PingchaError) -> tuple[int, dict[str, Any]]:
    """A PingchaError as the API answers it: 400 for a rulebook the request names, 422 for the case file."""
    body = exc.to_dict()
    body.setdefault("message", str(exc).splitlines()[0])
    json_path = getattr(exc, "json_path", None)
    if json_path:
        body.setdefault("json_path", json_path)
    return (400 if isinstance(exc, RulebookError) else 422), body


async def run_limited(request: Request, work: Callable[[], T]) -> T:
    """Run the engine's work in a worker thread within the server's time limit (504 beyond it); the engine's
    own errors become ApiError with their JSON body."""
    seconds: float = request.app.state.settings.time_limit
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        message = f"评查未在 {seconds:g} 秒内完成（服务器的时间上限）"
        raise ApiError(504, {"error": "timeout", "message": message, "limit_seconds": seconds}) from None
    except PingchaError as exc:
        raise ApiError(*error_body(exc)) from None


def api_error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return Response(to_json(exc.body) + "\n", exc.status, media_type="application/json; charset=utf-8")


class TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413, whether or not it states its length, before the
    application has read more than the limit."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit  # a batch (a zip or workbook of many case files)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] == "/batch" else self.limit
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except TooLarge:
            if not started:
                await _too_large(send, limit)


async def _too_large(send: Send, limit: int) -> None:
    body = {"error": "too-large", "message": f"请求超过大小上限 {limit} 字节", "limit_bytes": limit}
    data = (to_json(body) + "\n").encode()
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(data)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": data})


class TokenGuard:
    """With a token, every /api/ request must carry `Authorization: Bearer <token>` (401 otherwise)."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token and scope["type"] == "http" and scope["path"].startswith("/api/"):
            given = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
            if not hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode()):
                body = {"error": "token", "message": "缺少或错误的访问令牌：请求头应为 Authorization: Bearer <令牌>"}
                response = Response(to_json(body) + "\n", 401, media_type="application/json; charset=utf-8")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class Contained:
    """A bug in a request is answered in Chinese and logged by its kind and route only: nothing reaches the
    server's own error log, whose traceback would carry the exception's message (and with it, case data)."""

    def __init__(self, app: ASGIApp, answer: Callable[[Request, ApiError], Response]) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # noqa: BLE001 - a bug: answered and logged without the case data it may carry
            LOG.error("内部错误 %s 于 %s %s", type(exc).__name__, scope.get("method"), scope.get("path"))
            if not started:
                body = {"error": "internal", "message": "服务器内部错误（已记录错误类型，未记录案卷内容）"}
                await self.answer(Request(scope), ApiError(500, body))(scope, receive, send)
