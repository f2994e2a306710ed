"""Errors as HTTP answers: a problem document (RFC 9457) or an error page, never a traceback."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from fonds.errors import FondsError, NotAcceptable, QueryError, StoreError
from fonds.serve.negotiation import choose
from fonds.serve.pages import render


def problem(
    status: int, message: str, media: str | None = "application/json", **extra: object
) -> Response:
    """An error answer: an HTML error page when `media` is HTML, else problem details JSON."""
    if media == "text/html":
        title = {404: "Not found", 406: "Not acceptable"}.get(status, "Request refused")
        return HTMLResponse(render("error.html", title=title, message=message), status_code=status)
    body = {"status": status, "error": message, **extra}
    return Response(json.dumps(body), status_code=status, media_type="application/problem+json")


def add_error_handlers(app: FastAPI) -> None:
    """Map Fonds's exception tree to HTTP, in one place; never a traceback to the client."""

    @app.exception_handler(QueryError)
    async def query_error(_request: Request, error: QueryError) -> Response:
        response = problem(error.status, str(error))
        if error.status == 503:
            response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(NotAcceptable)
    async def not_acceptable(_request: Request, error: NotAcceptable) -> Response:
        return problem(406, str(error), offered=error.offered)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, error: StoreError) -> Response:
        return problem(503, f"the store is not available: {error}")

    @app.exception_handler(FondsError)
    async def fonds_error(request: Request, error: FondsError) -> Response:
        return problem(400, str(error), _preferred(request))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, error: RequestValidationError) -> Response:
        details = json.loads(json.dumps(error.errors(), default=str))
        if _preferred(request) == "text/html":
            said = "; ".join(f"{_parameter(d)}: {d.get('msg', 'not accepted')}" for d in details)
            return problem(400, f"invalid request parameters ({said})", "text/html")
        return problem(400, "invalid request parameters", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        response = problem(error.status_code, str(error.detail), _preferred(request))
        if error.headers:
            response.headers.update(error.headers)
        return response


def _preferred(request: Request) -> str:
    """An error page for a browser, problem details JSON for any other client."""
    return choose(request.headers.get("accept"), ["application/json", "text/html"]) or ""


def _parameter(detail: dict) -> str:
    """The name of the parameter a validation error is about (`page`, not `query.page`)."""
    location = [str(part) for part in detail.get("loc", [])]
    return ".".join(location[1:] or location) or "request"
