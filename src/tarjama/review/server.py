"""The editor's web application (Starlette): the page, its assets and the JSON API.

``GET /`` the page, ``GET /static/editor.js`` and ``/static/editor.css`` its script and
styles (package files: no CDN, no inline script); under ``/api/``:

* ``GET /api/run``: what the run is (kind, title, files, memory, whether QA runs);
* ``GET /api/segments``: every item (a segment, or an align run's link) with its texts in
  runs (:mod:`tarjama.review.display`), flags and status, and the counter;
* ``PUT /api/segments/{id}``: ``{"translation": …, "status": "reviewed"}`` confirms a
  translation (``"overwrite": true`` replaces one already reviewed); for a link,
  ``status`` ``reviewed`` (confirm), ``wrong`` or ``aligned`` (not reviewed);
* ``POST /api/segments/{id}/merge`` (with the next link), ``POST /api/segments/{id}/split``
  (``{"source": k, "target": m}``: how many segments of each side stay in the first link).

:class:`Guard` refuses, with 403, a request whose ``Host`` is not the server's own address
(DNS rebinding), whose ``Origin`` is another site's, or an API request without the token
in ``X-Tarjama-Token``; a body over :data:`BODY_LIMIT` is 413. Every answer carries a
``Content-Security-Policy`` that allows the package's own script and styles only.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tarjama.errors import TarjamaError
from tarjama.review.editor import EditorError, RunEditor

TOKEN_HEADER = "X-Tarjama-Token"
#: the largest request body taken (a segment's translation is far less)
BODY_LIMIT = 256 * 1024
STATIC = Path(__file__).parent / "static"
#: the assets the page loads, and their types
ASSETS = {"editor.js": "text/javascript", "editor.css": "text/css"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the page's URL holds the token
    "Cache-Control": "no-store",
}


class Guard:
    """ASGI middleware: the Host, Origin and token checks, and the security headers."""

    def __init__(self, app: Any, token: str, hosts: Iterable[str]):
        self.app = app
        self.token = token
        self.hosts = set(hosts)
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: dict) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        problem = self._refused(scope)
        if problem is not None:
            await JSONResponse({"error": problem}, 403)(scope, receive, secured)
            return
        await self.app(scope, receive, secured)

    def _refused(self, scope: dict) -> str | None:
        headers = Headers(scope=scope)
        if headers.get("host") not in self.hosts:
            return "the Host header is not this server's address"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return "requests from another site are refused"
        if scope["path"].startswith("/api/"):
            given = headers.get(TOKEN_HEADER, "")
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                return f"this API needs the token of the server's URL in {TOKEN_HEADER}"
        return None


async def read_json(request: Request) -> dict[str, Any]:
    """The request's JSON object, at most :data:`BODY_LIMIT` bytes (413 over it)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > BODY_LIMIT):
        raise HTTPException(413, f"the body is over {BODY_LIMIT} bytes")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send the body as application/json")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > BODY_LIMIT:
            raise HTTPException(413, f"the body is over {BODY_LIMIT} bytes")
    try:
        value = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        raise HTTPException(400, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise HTTPException(422, "the body must be a JSON object")
    return value


def create_app(editor: RunEditor, token: str, hosts: Iterable[str]) -> Guard:
    """The editor's ASGI application for ``editor``'s run; ``hosts``: the ``Host`` values
    that name this server (``127.0.0.1:8765``)."""

    async def page(request: Request) -> Response:
        return Response((STATIC / "editor.html").read_bytes(), media_type="text/html")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404, "no such file")
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name])

    async def run(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(editor.run_info))

    async def segments(request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(editor.items))

    async def update(request: Request) -> Response:
        body = await read_json(request)
        item = request.path_params["item"]
        return JSONResponse(await run_in_threadpool(editor.update, item, body))

    async def merge(request: Request) -> Response:
        await read_json(request)
        return JSONResponse(await run_in_threadpool(editor.merge, request.path_params["item"]))

    async def split(request: Request) -> Response:
        body = await read_json(request)
        item = request.path_params["item"]
        return JSONResponse(await run_in_threadpool(editor.split, item, body))

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, EditorError)
        return JSONResponse({"error": error.message, **error.extra}, error.status)

    async def failed(request: Request, error: Exception) -> Response:
        return JSONResponse({"error": str(error)}, 500)  # one catalogue line: what, where, fix

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return JSONResponse({"error": error.detail}, error.status_code)

    routes = [
        Route("/", page),
        Route("/static/{name}", asset),
        Route("/api/run", run),
        Route("/api/segments", segments),
        Route("/api/segments/{item}", update, methods=["PUT"]),
        Route("/api/segments/{item}/merge", merge, methods=["POST"]),
        Route("/api/segments/{item}/split", split, methods=["POST"]),
    ]
    handlers = {EditorError: refused, TarjamaError: failed, HTTPException: http_error}
    return Guard(Starlette(routes=routes, exception_handlers=handlers), token, hosts)
