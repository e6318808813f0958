"""R80 at the HTTP edge: every forged or stale token is a JSON 401 before any RPC is made."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from cryptography.hazmat.primitives import serialization
from jwt.algorithms import ECAlgorithm

from gateway.app import create_app
from gateway.auth import TokenVerifier
from gateway.devidp import DevIdentityProvider
from gateway.rpc import RpcPool
from gateway.settings import GatewaySettings
from tests.conftest import AUDIENCE, ISSUER


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict, claims: dict, signature: bytes = b"") -> str:
    return ".".join(
        [b64(json.dumps(header).encode()), b64(json.dumps(claims).encode()), b64(signature)]
    )


class NoRpc(RpcPool):
    def call(self, *args):
        raise AssertionError("an unauthenticated request reached the bus")


@pytest.fixture(scope="module")
def client(idp):
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=idp.jwks_file)
    app = create_app(GatewaySettings(), verifier=verifier, rpc_pool=NoRpc("amqp://unused//"))
    return app.test_client()


def claims_of(idp, who="holder"):
    payload = idp.issue(who).split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def forged(idp, tmp_path_factory, kind: str) -> str:
    claims = claims_of(idp)
    if kind == "alg_none":
        return unsigned({"alg": "none", "typ": "JWT"}, claims)
    if kind == "hs256_with_public_key":
        jwk = idp.jwks()["keys"][0]
        header = {"alg": "HS256", "typ": "JWT", "kid": jwk["kid"]}
        public_pem = ECAlgorithm.from_jwk(json.dumps(jwk)).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
        signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64(signature)}"
    if kind == "expired":
        return idp.issue("holder", now=time.time() - 7200)
    key_file = str(idp_key_file(idp))
    users = [{"key": "holder", "pid": claims["pid"], "name": "Hanne Holder"}]
    if kind == "wrong_aud":
        return DevIdentityProvider(
            key_file=key_file, issuer=ISSUER, audience="someone-else", users=users
        ).issue("holder")
    if kind == "wrong_iss":
        return DevIdentityProvider(
            key_file=key_file, issuer="https://evil.test/", audience=AUDIENCE, users=users
        ).issue("holder")
    if kind == "unknown_key":
        other = tmp_path_factory.mktemp("other-idp") / "key.pem"
        return DevIdentityProvider(
            key_file=str(other), issuer=ISSUER, audience=AUDIENCE, users=users
        ).issue("holder")
    raise ValueError(kind)


def idp_key_file(idp):
    from pathlib import Path

    return Path(idp.jwks_file).with_name("key.pem")


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("alg_none", "token.alg_not_allowed"),
        ("hs256_with_public_key", "token.alg_not_allowed"),
        ("expired", "token.expired"),
        ("wrong_aud", "token.bad_audience"),
        ("wrong_iss", "token.bad_issuer"),
        ("unknown_key", "token.unknown_key"),
    ],
)
def test_R80_forged_or_stale_tokens_are_401(client, idp, tmp_path_factory, kind, code):
    token = forged(idp, tmp_path_factory, kind)
    response = client.get("/api/v1/logs/any", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json["error"]["code"] == code
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_R80_no_token_is_401(client):
    response = client.post("/api/v1/logs", json={})
    assert (response.status_code, response.json["error"]["code"]) == (401, "token.missing")
