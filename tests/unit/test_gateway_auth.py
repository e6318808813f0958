"""Access-token verification (gateway.auth) and the demo IdP (gateway.devidp).

Every token here is signed with a real key generated for the test run; PyJWT
is not mocked. The only network use is a JWKS server on 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import stat
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from flask import Flask

from gateway.auth import AuthError, TokenVerifier, bearer_token
from gateway.devidp import DevIdentityProvider

ISSUER = "https://idporten.example/"
AUDIENCE = "stafett-gateway"
PID = "01017012345"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
RSA_KID = "rsa-1"
EC_KID = "ec-1"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_json(obj: dict) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def public_jwk(key, kid: str, alg: str) -> dict:
    if isinstance(key, rsa.RSAPrivateKey):
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    else:
        jwk = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": alg, "use": "sig"}


@pytest.fixture
def jwks(rsa_key, ec_key) -> dict:
    return {
        "keys": [
            public_jwk(rsa_key, RSA_KID, "RS256"),
            public_jwk(ec_key, EC_KID, "ES256"),
        ]
    }


@pytest.fixture
def jwks_file(tmp_path, jwks) -> str:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(jwks))
    return str(path)


@pytest.fixture
def verifier(jwks_file) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=jwks_file)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW.timestamp()


def claims(**overrides) -> dict:
    """Valid claims at NOW; an override of None drops the claim."""
    now = int(NOW.timestamp())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "pairwise-subject",
        "pid": PID,
        "acr": "idporten-loa-high",
        "iat": now,
        "exp": now + 600,
    }
    base.update(overrides)
    return {name: value for name, value in base.items() if value is not None}


def sign(key, alg: str, kid: str | None, **overrides) -> str:
    headers = {"kid": kid} if kid is not None else {}
    return jwt.encode(claims(**overrides), key, algorithm=alg, headers=headers)


def auth_error(verifier: TokenVerifier, token: str) -> AuthError:
    with pytest.raises(AuthError) as caught:
        verifier.verify(token)
    return caught.value


# Accepted tokens


def test_valid_rs256_token_is_accepted_and_its_claims_returned(verifier, rsa_key, frozen):
    result = verifier.verify(sign(rsa_key, "RS256", RSA_KID))
    assert result == claims()


def test_valid_es256_token_is_accepted_and_its_claims_returned(verifier, ec_key, frozen):
    result = verifier.verify(sign(ec_key, "ES256", EC_KID))
    assert result["pid"] == PID
    assert result["iss"] == ISSUER


def test_audience_list_containing_ours_is_accepted(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, aud=["other-api", AUDIENCE])
    assert verifier.verify(token)["pid"] == PID


# Algorithm and key checks


def test_alg_none_token_is_rejected_as_alg_not_allowed(verifier, frozen):
    header = b64url_json({"alg": "none", "typ": "JWT", "kid": RSA_KID})
    token = f"{header}.{b64url_json(claims())}."
    assert auth_error(verifier, token).code == "token.alg_not_allowed"


def test_hs256_token_keyed_with_the_rsa_public_key_pem_is_rejected(verifier, rsa_key, frozen):
    # The classic key-confusion attack: the public key used as an HMAC secret.
    # PyJWT refuses to build this token, so it is built by hand.
    secret = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = (
        f"{b64url_json({'alg': 'HS256', 'typ': 'JWT', 'kid': RSA_KID})}.{b64url_json(claims())}"
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64url(signature)}"
    assert auth_error(verifier, token).code == "token.alg_not_allowed"


def test_algorithm_allowed_in_general_but_not_configured_is_rejected(jwks_file, ec_key, frozen):
    rs256_only = TokenVerifier(
        issuer=ISSUER, audience=AUDIENCE, algorithms=["RS256"], jwks_file=jwks_file
    )
    error = auth_error(rs256_only, sign(ec_key, "ES256", EC_KID))
    assert error.code == "token.alg_not_allowed"


def test_rsa_key_cannot_verify_an_es256_token(verifier, ec_key, frozen):
    # Header names ES256 but points at the RSA key.
    error = auth_error(verifier, sign(ec_key, "ES256", RSA_KID))
    assert error.code == "token.alg_not_allowed"


def test_rs256_key_cannot_verify_a_ps256_token(jwks_file, rsa_key, frozen):
    with_ps256 = TokenVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        algorithms=["RS256", "PS256"],
        jwks_file=jwks_file,
    )
    error = auth_error(with_ps256, sign(rsa_key, "PS256", RSA_KID))
    assert error.code == "token.alg_not_allowed"


@pytest.mark.parametrize("algorithms", [["HS256"], ["RS256", "HS256"], ["none"], ["ES512"], []])
def test_constructor_refuses_symmetric_none_unlisted_or_no_algorithms(jwks_file, algorithms):
    with pytest.raises(ValueError):
        TokenVerifier(
            issuer=ISSUER,
            audience=AUDIENCE,
            algorithms=algorithms,
            jwks_file=jwks_file,
        )


@pytest.mark.parametrize(
    "source",
    [{}, {"jwks_url": "https://idp.example/jwks", "jwks_file": "jwks.json"}],
)
def test_constructor_requires_exactly_one_jwks_source(source):
    with pytest.raises(ValueError):
        TokenVerifier(issuer=ISSUER, audience=AUDIENCE, **source)


# Key lookup


def test_token_from_a_key_not_in_the_jwks_is_unknown_key(verifier, frozen):
    stranger = ec.generate_private_key(ec.SECP256R1())
    error = auth_error(verifier, sign(stranger, "ES256", "not-in-jwks"))
    assert error.code == "token.unknown_key"


def test_token_without_kid_is_unknown_key(verifier, rsa_key, frozen):
    error = auth_error(verifier, sign(rsa_key, "RS256", kid=None))
    assert error.code == "token.unknown_key"


def test_changed_jwks_file_is_reread(verifier, jwks_file, jwks, frozen):
    rotated = ec.generate_private_key(ec.SECP256R1())
    token = sign(rotated, "ES256", "ec-2")
    assert auth_error(verifier, token).code == "token.unknown_key"

    jwks["keys"].append(public_jwk(rotated, "ec-2", "ES256"))
    with open(jwks_file, "w") as f:
        json.dump(jwks, f)
    later = os.stat(jwks_file).st_mtime + 5
    os.utime(jwks_file, (later, later))

    assert verifier.verify(token)["pid"] == PID


def test_missing_jwks_file_is_idp_unreachable_503(tmp_path, rsa_key, frozen):
    missing = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=str(tmp_path / "nope.json"))
    error = auth_error(missing, sign(rsa_key, "RS256", RSA_KID))
    assert (error.code, error.status) == ("idp.unreachable", 503)


# Time claims


def test_expired_token_is_rejected_as_expired(verifier, rsa_key):
    token = sign(rsa_key, "RS256", RSA_KID)
    with time_machine.travel(NOW.timestamp() + 600 + 31, tick=False):
        assert auth_error(verifier, token).code == "token.expired"


def test_token_expired_within_leeway_is_accepted(verifier, rsa_key):
    token = sign(rsa_key, "RS256", RSA_KID)
    with time_machine.travel(NOW.timestamp() + 600 + 29, tick=False):
        assert verifier.verify(token)["pid"] == PID


def test_nbf_in_the_future_is_not_yet_valid(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, nbf=int(frozen) + 120)
    assert auth_error(verifier, token).code == "token.not_yet_valid"


def test_iat_in_the_future_beyond_leeway_is_not_yet_valid(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, iat=int(frozen) + 120)
    assert auth_error(verifier, token).code == "token.not_yet_valid"


# Claims


def test_wrong_audience_is_bad_audience(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, aud="another-municipality")
    assert auth_error(verifier, token).code == "token.bad_audience"


def test_wrong_issuer_is_bad_issuer(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, iss="https://evil.example/")
    assert auth_error(verifier, token).code == "token.bad_issuer"


@pytest.mark.parametrize("claim", ["pid", "exp", "iat", "iss", "aud"])
def test_missing_required_claim_is_missing_claim_naming_it(verifier, rsa_key, frozen, claim):
    error = auth_error(verifier, sign(rsa_key, "RS256", RSA_KID, **{claim: None}))
    assert error.code == "token.missing_claim"
    assert claim in error.message


@pytest.mark.parametrize("pid", ["0101701234", "010170123456", "0101701234x", 1017012345])
def test_pid_that_is_not_11_digits_is_bad_pid(verifier, rsa_key, frozen, pid):
    error = auth_error(verifier, sign(rsa_key, "RS256", RSA_KID, pid=pid))
    assert error.code == "token.bad_pid"


# Signature and shape


def test_tampered_payload_is_bad_signature(verifier, rsa_key, frozen):
    header, _, signature = sign(rsa_key, "RS256", RSA_KID).split(".")
    forged = b64url_json(claims(pid="31129912345"))
    error = auth_error(verifier, f"{header}.{forged}.{signature}")
    assert error.code == "token.bad_signature"


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9"])
def test_garbage_is_malformed(verifier, token):
    assert auth_error(verifier, token).code == "token.malformed"


def test_errors_are_401_by_default(verifier, rsa_key, frozen):
    token = sign(rsa_key, "RS256", RSA_KID, aud="x")
    assert auth_error(verifier, token).status == 401


# Authorization header


@pytest.mark.parametrize(
    "header", ["Bearer abc.def.ghi", "bearer abc.def.ghi", "  Bearer   abc.def.ghi "]
)
def test_bearer_token_returns_the_token(header):
    assert bearer_token(header) == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "   "])
def test_absent_authorization_header_is_token_missing(header):
    with pytest.raises(AuthError) as caught:
        bearer_token(header)
    assert caught.value.code == "token.missing"


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer ",
        "Bearer a b",
        "Bearerabc",
        "Bearer a,b",
    ],
)
def test_non_bearer_authorization_header_is_token_malformed(header):
    with pytest.raises(AuthError) as caught:
        bearer_token(header)
    assert caught.value.code == "token.malformed"


# Configuration from the environment


def test_from_env_reads_the_stafett_variables(jwks_file, ec_key, frozen):
    verifier = TokenVerifier.from_env(
        {
            "STAFETT_JWT_ISSUER": ISSUER,
            "STAFETT_JWT_AUDIENCE": AUDIENCE,
            "STAFETT_JWKS_FILE": jwks_file,
            "STAFETT_JWT_ALGORITHMS": "ES256, RS256",
        }
    )
    assert verifier.algorithms == ("ES256", "RS256")
    assert verifier.verify(sign(ec_key, "ES256", EC_KID))["pid"] == PID


def test_from_env_refuses_an_empty_audience(jwks_file):
    with pytest.raises(ValueError, match="STAFETT_JWT_AUDIENCE"):
        TokenVerifier.from_env(
            {
                "STAFETT_JWT_ISSUER": ISSUER,
                "STAFETT_JWT_AUDIENCE": "",
                "STAFETT_JWKS_FILE": jwks_file,
            }
        )


def test_from_env_refuses_hs256(jwks_file):
    with pytest.raises(ValueError):
        TokenVerifier.from_env(
            {
                "STAFETT_JWT_ISSUER": ISSUER,
                "STAFETT_JWT_AUDIENCE": AUDIENCE,
                "STAFETT_JWKS_FILE": jwks_file,
                "STAFETT_JWT_ALGORITHMS": "RS256,HS256",
            }
        )


# JWKS over HTTP, from a real server on 127.0.0.1


@pytest.fixture
def jwks_server(jwks, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            if self.path != "/jwks.json":
                self.send_error(500)
                return
            body = json.dumps(jwks).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()
    thread.join()


def test_jwks_url_token_is_verified_and_the_jwks_cached(jwks_server, rsa_key, frozen):
    base, requests = jwks_server
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=f"{base}/jwks.json")
    token = sign(rsa_key, "RS256", RSA_KID)
    assert verifier.verify(token)["pid"] == PID
    assert verifier.verify(token)["pid"] == PID
    assert requests == ["/jwks.json"]


def test_jwks_url_unknown_kid_is_unknown_key(jwks_server, frozen):
    base, _ = jwks_server
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=f"{base}/jwks.json")
    stranger = ec.generate_private_key(ec.SECP256R1())
    error = auth_error(verifier, sign(stranger, "ES256", "not-in-jwks"))
    assert error.code == "token.unknown_key"


def test_jwks_url_failure_is_idp_unreachable_503(jwks_server, rsa_key, frozen):
    base, _ = jwks_server
    verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_url=f"{base}/500")
    error = auth_error(verifier, sign(rsa_key, "RS256", RSA_KID))
    assert (error.code, error.status) == ("idp.unreachable", 503)


# The demo identity provider

DEV_ISSUER = "http://127.0.0.1:8080/dev-idp"
DEV_AUDIENCE = "stafett-demo"
USERS = [
    {
        "key": "holder",
        "pid": "01017012345",
        "name": "Kari Nordmann",
        "role_hint": "Stafettholder, Eksempel skole",
    },
    {
        "key": "evil",
        "pid": "02027012345",
        "name": "<script>alert(1)</script>",
        "role_hint": "Forelder & <b>verge</b>",
    },
]


@pytest.fixture
def dev(tmp_path) -> DevIdentityProvider:
    return DevIdentityProvider(
        key_file=str(tmp_path / "keys" / "dev-idp.pem"),
        issuer=DEV_ISSUER,
        audience=DEV_AUDIENCE,
        users=USERS,
    )


@pytest.fixture
def dev_verifier(dev, tmp_path) -> TokenVerifier:
    path = tmp_path / "dev-jwks.json"
    path.write_text(json.dumps(dev.jwks()))
    return TokenVerifier(issuer=DEV_ISSUER, audience=DEV_AUDIENCE, jwks_file=str(path))


@pytest.fixture
def client(dev):
    app = Flask(__name__)
    app.register_blueprint(dev.blueprint())
    return app.test_client()


def test_dev_idp_token_verifies_against_its_own_jwks(dev, dev_verifier):
    token = dev.issue("holder")
    result = dev_verifier.verify(token)
    assert result["pid"] == "01017012345"
    assert result["acr"] == "idporten-loa-high"
    assert result["amr"] == ["dev"]
    assert result["sub"] and result["sub"] != result["pid"]
    assert result["exp"] - result["iat"] == 1800
    assert result["nbf"] == result["iat"]
    assert jwt.get_unverified_header(token) == {
        "alg": "ES256",
        "kid": dev.kid,
        "typ": "JWT",
    }


def test_dev_idp_sub_is_stable_and_jti_unique(dev):
    first = jwt.decode(dev.issue("holder"), options={"verify_signature": False})
    second = jwt.decode(dev.issue("holder"), options={"verify_signature": False})
    assert first["sub"] == second["sub"]
    assert first["jti"] != second["jti"]


def test_dev_idp_respects_now_and_lifetime(dev, dev_verifier):
    issued = time.time() - 3600
    token = dev.issue("holder", lifetime=60, now=issued)
    assert auth_error(dev_verifier, token).code == "token.expired"


def test_dev_idp_unknown_user_raises_key_error(dev):
    with pytest.raises(KeyError):
        dev.issue("nobody")


def test_dev_idp_kid_is_the_rfc7638_thumbprint(dev):
    (jwk,) = dev.jwks()["keys"]
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    assert jwk["kid"] == b64url(hashlib.sha256(canonical).digest())
    assert "d" not in jwk


def test_dev_idp_key_file_is_created_0600_and_reused(dev, tmp_path):
    key_file = tmp_path / "keys" / "dev-idp.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = DevIdentityProvider(
        key_file=str(key_file), issuer=DEV_ISSUER, audience=DEV_AUDIENCE, users=USERS
    )
    assert again.kid == dev.kid
    fresh = DevIdentityProvider(
        key_file=str(tmp_path / "other.pem"),
        issuer=DEV_ISSUER,
        audience=DEV_AUDIENCE,
        users=USERS,
    )
    assert fresh.kid != dev.kid


def test_dev_idp_refuses_a_non_p256_key_file(tmp_path):
    key_file = tmp_path / "rsa.pem"
    key_file.write_bytes(
        rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(TypeError):
        DevIdentityProvider(
            key_file=str(key_file),
            issuer=DEV_ISSUER,
            audience=DEV_AUDIENCE,
            users=USERS,
        )


def test_dev_idp_token_endpoint_issues_a_bearer_token(client, dev_verifier):
    response = client.post("/dev-idp/token", json={"user": "holder"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 1800
    assert dev_verifier.verify(body["access_token"])["pid"] == "01017012345"


def test_dev_idp_token_endpoint_unknown_user_is_404(client):
    response = client.post("/dev-idp/token", json={"user": "nobody"})
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "user.unknown"
    assert error["field"] == "user"
    assert error["message"]


@pytest.mark.parametrize("data", ["{not json", "[]", '{"user": 7}', "{}", ""], ids=repr)
def test_dev_idp_token_endpoint_malformed_json_is_400(client, data):
    response = client.post("/dev-idp/token", data=data, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["field"] == "user"
    assert error["code"] and error["message"]


def test_dev_idp_login_page_lists_users_escaped_in_norwegian(client):
    response = client.get("/dev-idp/login")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Kun for utvikling – ikke ID-porten" in page
    assert page.count('<form method="post"') == 2
    assert 'name="user" value="holder"' in page
    assert "Stafettholder, Eksempel skole" in page
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Forelder &amp; &lt;b&gt;verge&lt;/b&gt;" in page
    assert "http://" not in page and "https://" not in page  # self-contained


def test_dev_idp_login_post_shows_a_token_that_verifies(client, dev_verifier):
    response = client.post("/dev-idp/login", data={"user": "evil"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    start = page.index('<textarea id="token"')
    token = page[page.index(">", start) + 1 : page.index("</textarea>", start)]
    assert dev_verifier.verify(token)["pid"] == "02027012345"
    assert "curl" in page and "Bearer $TOKEN" in page


def test_dev_idp_login_post_unknown_user_is_404_and_escaped(client):
    response = client.post("/dev-idp/login", data={"user": "<img src=x>"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "<img" not in page
    assert "&lt;img src=x&gt;" in page


def test_dev_idp_publishes_jwks_and_openid_configuration(client, dev):
    assert client.get("/dev-idp/jwks.json").get_json() == dev.jwks()
    config = client.get("/dev-idp/.well-known/openid-configuration").get_json()
    assert config["issuer"] == DEV_ISSUER
    assert config["jwks_uri"] == "http://localhost/dev-idp/jwks.json"
