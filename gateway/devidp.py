"""An embedded identity provider for the local demo. Never for production.

It signs ID-porten-shaped access tokens (ES256) for a fixed list of demo
users and publishes its public key as a JWKS, so the gateway verifies its
tokens exactly as it verifies ID-porten's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import time
import uuid
from html import escape
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Blueprint, Response, jsonify, request, url_for

ACR = "idporten-loa-high"
DEFAULT_LIFETIME = 1800

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; form-action 'self'"
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; }
.warning { background: #b00020; color: #fff; font-size: 1.6rem; font-weight: bold;
           padding: 1rem 1.25rem; border-radius: .5rem; }
ul { list-style: none; padding: 0; }
li { margin: .75rem 0; }
button { font-size: 1.1rem; padding: .75rem 1rem; width: 100%; text-align: left;
         cursor: pointer; }
.hint { display: block; font-size: .9rem; color: #555; }
textarea { width: 100%; height: 9rem; font-family: monospace; }
pre { background: #f4f4f4; padding: 1rem; overflow-x: auto; white-space: pre-wrap;
      word-break: break-all; }
"""


class DevIdentityProvider:
    def __init__(self, *, key_file: str, issuer: str, audience: str, users: list[dict]) -> None:
        self.issuer = issuer
        self.audience = audience
        self.users: dict[str, dict] = {}
        for user in users:
            if user["key"] in self.users:
                raise ValueError(f"duplicate demo user key: {user['key']!r}")
            if not re.fullmatch(r"[0-9]{11}", user["pid"]) or not user.get("name"):
                raise ValueError(f"demo user {user['key']!r} needs an 11-digit pid and a name")
            self.users[user["key"]] = user
        self._private_key = _load_or_create_key(key_file)
        self._public_jwk = _public_jwk(self._private_key)
        self.kid = _thumbprint(self._public_jwk)

    def jwks(self) -> dict:
        return {"keys": [{**self._public_jwk, "kid": self.kid, "use": "sig", "alg": "ES256"}]}

    def issue(
        self,
        user_key: str,
        *,
        lifetime: int = DEFAULT_LIFETIME,
        now: float | None = None,
    ) -> str:
        """An ES256 access token for a demo user; KeyError for an unknown user."""
        user = self.users[user_key]
        issued_at = int(time.time() if now is None else now)
        pid = user["pid"]
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": _b64url(hashlib.sha256(pid.encode()).digest()),
            "pid": pid,
            "acr": ACR,
            "amr": ["dev"],
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + lifetime,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, self._private_key, algorithm="ES256", headers={"kid": self.kid})

    def blueprint(self) -> Blueprint:
        bp = Blueprint("dev_idp", __name__, url_prefix="/dev-idp")

        @bp.get("/jwks.json")
        def jwks() -> Response:
            return jsonify(self.jwks())

        @bp.get("/.well-known/openid-configuration")
        def openid_configuration() -> Response:
            return jsonify(
                {
                    "issuer": self.issuer,
                    "jwks_uri": url_for(".jwks", _external=True),
                }
            )

        @bp.get("/login")
        def login_page() -> Response:
            return _html_page(
                "Logg inn (utvikling)", self._user_list_html(_local_path(request.args.get("next")))
            )

        @bp.post("/login")
        def login() -> Response:
            user_key = request.form.get("user", "")
            if user_key not in self.users:
                body = (
                    f"<p>Ukjent testbruker: <code>{escape(user_key)}</code>.</p>"
                    f'<p><a href="{escape(url_for(".login_page"))}">Tilbake</a></p>'
                )
                return _html_page("Ukjent bruker", body, status=404)
            token = self.issue(user_key)
            follow = _local_path(request.form.get("next"))
            if follow:  # back to the page that asked, with the token kept in this tab only
                body = (
                    f'<div id="handoff" data-next="{escape(follow)}" '
                    f'data-token="{escape(token)}"></div>'
                    '<script src="/app/handoff.js"></script>'
                    f'<p><a href="{escape(follow)}">Fortsett</a></p>'
                )
                response = _html_page("Logger inn …", body)
                response.headers["Cache-Control"] = "no-store"
                return response
            response = _html_page("Token utstedt", self._token_html(user_key, token))
            response.headers["Cache-Control"] = "no-store"
            return response

        @bp.post("/token")
        def token() -> Response:
            body = request.get_json(force=True, silent=True)
            user_key = body.get("user") if isinstance(body, dict) else None
            if not isinstance(user_key, str):
                return _json_error(
                    "user.invalid",
                    'Send JSON like {"user": "<key>"}.',
                    400,
                )
            if user_key not in self.users:
                return _json_error("user.unknown", "No demo user with that key.", 404)
            response = jsonify(
                {
                    "access_token": self.issue(user_key),
                    "token_type": "Bearer",
                    "expires_in": DEFAULT_LIFETIME,
                }
            )
            response.headers["Cache-Control"] = "no-store"
            return response

        return bp

    def _user_list_html(self, follow: str | None = None) -> str:
        action = escape(url_for(".login"))
        carry = f'<input type="hidden" name="next" value="{escape(follow)}">' if follow else ""
        items = "".join(
            f'<li><form method="post" action="{action}">'
            f'<input type="hidden" name="user" value="{escape(key)}">{carry}'
            f'<button type="submit">{escape(user["name"])}'
            f'<span class="hint">{escape(user.get("role_hint", ""))}</span>'
            f"</button></form></li>"
            for key, user in self.users.items()
        )
        return f"<p>Velg en testbruker for å få et token:</p><ul>{items}</ul>"

    def _token_html(self, user_key: str, token: str) -> str:
        user = self.users[user_key]
        base = request.host_url.rstrip("/")
        token_url = url_for(".token", _external=True)
        curl = (
            f"TOKEN='{token}'\n"
            f'curl -H "Authorization: Bearer $TOKEN" {base}/\n\n'
            f"# Nytt token fra kommandolinjen:\n"
            f"curl -X POST {token_url} -H 'Content-Type: application/json' "
            f"""-d '{{"user": "{user_key}"}}'"""
        )
        return (
            f"<p>Innlogget som <strong>{escape(user['name'])}</strong> "
            f"({escape(user.get('role_hint', ''))}). "
            f"Tokenet gjelder i {DEFAULT_LIFETIME // 60} minutter.</p>"
            f'<label for="token">Access token</label>'
            f'<textarea id="token" readonly>{escape(token)}</textarea>'
            f"<p>Eksempel med curl:</p><pre>{escape(curl)}</pre>"
            f'<p><a href="{escape(url_for(".login_page"))}">Velg en annen bruker</a></p>'
        )


def _html_page(title: str, body: str, status: int = 200) -> Response:
    page = (
        '<!doctype html>\n<html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Stafettlogg dev-IdP</title>"
        f"<style>{_STYLE}</style></head><body>"
        '<p class="warning" role="alert">Kun for utvikling – ikke ID-porten</p>'
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    )
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = _CSP
    return response


def _local_path(value: str | None) -> str | None:
    """Only a path on this site may be followed after login (no open redirect)."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return None


def _json_error(code: str, message: str, status: int) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "field": "user"}})
    response.status_code = status
    return response


def _load_or_create_key(key_file: str) -> ec.EllipticCurvePrivateKey:
    try:
        with open(key_file, "rb") as f:
            key = serialization.load_pem_private_key(f.read(), password=None)
    except FileNotFoundError:
        key = ec.generate_private_key(ec.SECP256R1())
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        directory = os.path.dirname(key_file)
        if directory:
            os.makedirs(directory, exist_ok=True)
        # O_EXCL: if another process won the race, use its key instead.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _load_or_create_key(key_file)
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        return key
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise TypeError(f"{key_file} does not hold an EC P-256 private key")
    return key


def _public_jwk(key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    numbers = key.public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": _b64url(numbers.x.to_bytes(32, "big")),
        "y": _b64url(numbers.y.to_bytes(32, "big")),
    }


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256) of an EC public key."""
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode()).digest())


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
