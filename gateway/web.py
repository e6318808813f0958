"""The pages people open from their e-mail: a consent to read and sign, a log to read.

Server-side this is only a shell; the page's script talks to the same API as every
other client, with the person's own token (kept in the browser tab's session storage).
"""

from __future__ import annotations

from html import escape

from flask import Blueprint, Response, current_app

web = Blueprint("web", __name__)

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'"
)


def _shell(kind: str, item_id: str) -> Response:
    login = "/dev-idp/login" if current_app.extensions.get("dev_idp") else ""
    page = (
        '<!doctype html>\n<html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Stafettlogg</title>"
        '<link rel="stylesheet" href="/app/app.css"></head><body>'
        f'<main id="app" data-kind="{kind}" data-id="{escape(item_id)}" '
        f'data-login="{escape(login)}"><p>Laster …</p></main>'
        '<script src="/app/app.js"></script></body></html>'
    )
    response = Response(page, mimetype="text/html")
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    return response


@web.get("/consents/<consent_id>")
def consent_page(consent_id: str):
    return _shell("consent", consent_id)


@web.get("/logs/<log_id>")
def log_page(log_id: str):
    return _shell("log", log_id)
