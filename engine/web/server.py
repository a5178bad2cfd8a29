"""Start the workbench with uvicorn: on localhost unless told otherwise, and never on another address
without an API token."""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import sys

from ..errors import StageError, os_reason
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


def _check_free(host: str, port: int) -> None:
    """The address can be listened on (uvicorn's own failure is an English line and exit 1)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            taken = exc.errno == errno.EADDRINUSE
            reason = f"端口 {port} 已被占用（请用 --port 换一个端口）" if taken else os_reason(exc)
            raise ServeError(f"无法在 {host}:{port} 上监听：{reason}") from None


def serve(host: str, port: int, settings: Settings) -> None:
    """Serve until interrupted. The access log names method, path and status only (requests carry case data
    in their bodies, never in their addresses)."""
    if not is_local(host) and not settings.token:
        raise ServeError(f"在 {host} 上监听会让其他计算机访问：请同时用 --token 设置 API 访问令牌")
    _check_free(host, port)
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
