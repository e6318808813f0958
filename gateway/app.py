"""The gateway's composition root: ``create_app`` wires verifier, RPC pool and blueprints."""

from __future__ import annotations

from flask import Flask, redirect

from . import errors
from .api import api
from .auth import TokenVerifier
from .health import health
from .openapi import docs
from .rpc import RpcPool
from .settings import GatewaySettings
from .web import web


def create_app(
    settings: GatewaySettings, *, verifier: TokenVerifier, rpc_pool: RpcPool, dev_idp=None
) -> Flask:
    app = Flask(__name__, static_folder="static", static_url_path="/app")
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SCAN_MAX_BYTES"] = settings.scan_max_bytes
    app.json.ensure_ascii = False
    app.extensions["verifier"] = verifier
    app.extensions["rpc"] = rpc_pool
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
