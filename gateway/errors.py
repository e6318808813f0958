"""One table from error kind to HTTP status, and JSON error bodies everywhere."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from services.common.errors import DomainError

from .auth import AuthError

log = logging.getLogger(__name__)

STATUS_BY_KIND = {
    "invalid": 422,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "too_large": 413,
    "unsupported": 415,
    "unavailable": 503,
}


def error_body(code: str, message: str, field: str | None = None, details=None) -> dict:
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    if details:
        body["details"] = details
    return {"error": body}


class RequestError(Exception):
    """A request the gateway refuses before any service sees it (400, 413, 415)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        status = STATUS_BY_KIND.get(exc.kind, 422)
        response = jsonify({"error": exc.to_dict()})
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response, status

    @app.errorhandler(AuthError)
    def auth_error(exc: AuthError):
        response = jsonify(error_body(exc.code, exc.message))
        if exc.status == 401:
            response.headers["WWW-Authenticate"] = (
                f'Bearer error="invalid_token", error_description="{exc.code}"'
            )
        return response, exc.status

    @app.errorhandler(RequestError)
    def request_error(exc: RequestError):
        return jsonify(error_body(exc.code, exc.message, exc.field)), exc.status

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc):
        limit = request.max_content_length
        return jsonify(
            error_body("request.too_large", f"the body is larger than {limit} bytes", "body")
        ), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = {404: "route.not_found", 405: "method.not_allowed"}.get(exc.code, "http.error")
        response = jsonify(error_body(code, exc.description or exc.name))
        for name, value in exc.get_headers():  # a 405 says which methods are allowed
            if name != "Content-Type":
                response.headers[name] = value
        return response, exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error")
        return jsonify(error_body("server.error", "something went wrong on our side")), 500
