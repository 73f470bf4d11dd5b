"""The web layer's one error boundary: Centric errors become status codes, as JSON under
``/api`` and as pages elsewhere (a page that needs a sign-in redirects to it).

Validation errors of request parameters become 422 with the offending field named. Messages and
hints are shown as text (autoescaped). This module must not decide anything about the domain.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from centric.access import AuthenticationError, PermissionDeniedError
from centric.errors import (
    BackendError,
    CentricError,
    ConfigurationError,
    InvalidInputError,
    MissingExtraError,
    NotFoundError,
)
from centric.web.rendering import render

log = logging.getLogger("centric.web")

STATUS: tuple[tuple[type[CentricError], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (InvalidInputError, 422),
    (MissingExtraError, 501),
    (BackendError, 503),
    (ConfigurationError, 500),
)


def status_of(error: CentricError) -> int:
    """The HTTP status of a Centric error."""
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(CentricError, _centric_error)  # type: ignore[arg-type]  # Starlette types handlers loosely
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]  # same
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]  # same
    app.add_exception_handler(ValidationError, _model_error)  # type: ignore[arg-type]  # same


async def _centric_error(request: Request, error: CentricError) -> Response:
    status = status_of(error)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, error.message)
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(
            {"error": type(error).__name__, "message": error.message, "hint": error.hint},
            status_code=status,
            headers=headers,
        )
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        response = RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        response.delete_cookie("centric_session", path="/")
        return response
    return render(
        request,
        "error.html",
        status_code=status,
        title=_TITLES.get(status, "Something went wrong"),
        message=error.message,
        hint=error.hint,
    )


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems = [
        {"field": ".".join(str(p) for p in item.get("loc", ())[1:]), "message": item.get("msg")}
        for item in error.errors()
    ]
    text = "; ".join(f"{p['field'] or 'request'}: {p['message']}" for p in problems)
    if is_api(request):
        return JSONResponse(
            {
                "error": "InvalidInputError",
                "message": f"Invalid request: {text}",
                "hint": "Correct the fields named and send it again.",
                "problems": problems,
            },
            status_code=422,
        )
    return render(
        request,
        "error.html",
        status_code=422,
        title="That did not work",
        message=f"Invalid input: {text}",
        hint="Go back, correct the fields named and try again.",
    )


async def _model_error(request: Request, error: ValidationError) -> Response:
    # Input validated inside a handler (form fields turned into a domain model).
    problems = "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or 'value'}: {item['msg']}"
        for item in error.errors()
    )
    return await _centric_error(
        request,
        InvalidInputError(
            f"Invalid input: {problems}", hint="Correct the fields named and try again."
        ),
    )


async def _http_error(request: Request, error: HTTPException) -> Response:
    if is_api(request):
        return JSONResponse(
            {"error": "HTTPError", "message": str(error.detail), "hint": None},
            status_code=error.status_code,
            headers=error.headers,
        )
    return render(
        request,
        "error.html",
        status_code=error.status_code,
        title=_TITLES.get(error.status_code, "Something went wrong"),
        message=str(error.detail),
        hint="Check the address, or go back to the dashboard.",
    )


_TITLES = {
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    422: "That did not work",
    500: "Something went wrong",
    501: "Not installed",
    503: "Temporarily unavailable",
}
