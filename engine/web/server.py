"""Start the workbench with uvicorn: on localhost unless told otherwise, and never on another address
without an API token."""

from __future__ import annotations

import ipaddress
import logging
import sys

from ..errors import StageError
from .app import Settings, create_app

LOCAL_NAMES = {"localhost"}


class ServeError(StageError):
    stage = "serve"


def is_local(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(host: str, port: int, settings: Settings) -> None:
    """Serve until interrupted. The access log names method, path and status only (requests carry case data
    in their bodies, never in their addresses)."""
    if not is_local(host) and not settings.token:
        raise ServeError(f"在 {host} 上监听会让其他计算机访问：请同时用 --token 设置 API 访问令牌")
    import uvicorn

    app = create_app(settings)  # the rulebooks are compiled here, before the first request
    shown = f"[{host}]" if ":" in host else host
    guarded = "（API 须带访问令牌）" if settings.token else ""
    print(
        f"评查工作台：http://{shown}:{port}/  API 说明：http://{shown}:{port}/api/v1/openapi.json{guarded}；按 Ctrl+C 停止",
        file=sys.stderr,
        flush=True,
    )
    logging.getLogger("pingcha.web").setLevel(logging.INFO)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
