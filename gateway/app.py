"""The gateway's composition root: ``create_app`` wires verifier, RPC pool and blueprints."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Flask, redirect
from flask.json.provider import DefaultJSONProvider

from . import errors
from .api import PREFIX
from .auth import TokenVerifier
from .endpoints import build_spec, register
from .health import health
from .openapi import docs
from .routes import ROUTES
from .rpc import RpcPool
from .settings import GatewaySettings
from .web import web


class IsoJSON(DefaultJSONProvider):
    """Dates and times in ISO 8601, as the document's formats say (Flask's own default is
    the HTTP date); a service's answer may carry them as values (kombu decodes them so)."""

    @staticmethod
    def default(value):
        if isinstance(value, date):  # datetime too
            return value.isoformat()
        return DefaultJSONProvider.default(value)


def create_app(
    settings: GatewaySettings,
    *,
    verifier: TokenVerifier,
    rpc_pool: RpcPool,
    dev_idp=None,
    routes=ROUTES,
) -> Flask:
    app = Flask(__name__, static_folder="static", static_url_path="/app")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SCAN_MAX_BYTES"] = settings.scan_max_bytes
    app.json = IsoJSON(app)
    app.json.ensure_ascii = False
    app.extensions["verifier"] = verifier
    app.extensions["rpc"] = rpc_pool
    app.extensions["routes"] = routes
    app.extensions["openapi"] = build_spec(routes)  # the views below are made from the same rows
    api = Blueprint("api", __name__, url_prefix=PREFIX)
    register(api, routes)
    errors.register(app)
    app.register_blueprint(health)
    app.register_blueprint(docs)
    app.register_blueprint(api)
    app.register_blueprint(web)
    if dev_idp is not None:
        app.register_blueprint(dev_idp.blueprint())
        app.extensions["dev_idp"] = dev_idp

    @app.get("/")
    def index():
        return redirect("/dev-idp/login" if dev_idp is not None else "/api/v1/docs")

    return app
