"""Verification of ID-porten (OpenID Connect) access tokens.

Only asymmetric signatures are accepted. The signing key is looked up by the
token's ``kid`` in a JWKS that comes either from the identity provider's URL
or from a local file, and the key must be bound to the algorithm the token
header names.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping
from typing import Any

import jwt

# Algorithm the token header names -> the JWK key type that can verify it.
_KEY_TYPES = {
    "RS256": "RSA",
    "RS384": "RSA",
    "RS512": "RSA",
    "PS256": "RSA",
    "ES256": "EC",
    "ES384": "EC",
}
ALLOWED_ALGORITHMS = frozenset(_KEY_TYPES)
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "pid"]

_PID = re.compile(r"[0-9]{11}")
_BEARER = re.compile(r"Bearer +([A-Za-z0-9\-._~+/]+=*)", re.IGNORECASE)
_JWKS_TIMEOUT_SECONDS = 5


class AuthError(Exception):
    """A request could not be authenticated; ``code`` is stable, for clients."""

    def __init__(self, code: str, message: str, status: int = 401) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        algorithms: Iterable[str] = ("RS256", "ES256"),
        jwks_url: str | None = None,
        jwks_file: str | None = None,
        leeway: int = 30,
        jwks_cache_seconds: int = 300,
    ) -> None:
        algorithms = tuple(algorithms)
        if not algorithms:
            raise ValueError("at least one algorithm is required")
        refused = [alg for alg in algorithms if alg not in ALLOWED_ALGORITHMS]
        if refused:
            raise ValueError(
                f"algorithms not allowed: {', '.join(map(str, refused))}; "
                f"choose from {', '.join(sorted(ALLOWED_ALGORITHMS))}"
            )
        if not issuer or not audience:
            raise ValueError("issuer and audience are required")
        if (jwks_url is None) == (jwks_file is None):
            raise ValueError("give exactly one of jwks_url and jwks_file")
        if leeway < 0:
            raise ValueError("leeway must not be negative")

        self.issuer = issuer
        self.audience = audience
        self.algorithms = algorithms
        self.leeway = leeway
        self.jwks_file = jwks_file
        self._file_keys: tuple[tuple[int, int, int], jwt.PyJWKSet] | None = None
        self._client: jwt.PyJWKClient | None = None
        if jwks_url is not None:
            try:
                self._client = jwt.PyJWKClient(
                    jwks_url,
                    cache_jwk_set=True,
                    lifespan=jwks_cache_seconds,
                    timeout=_JWKS_TIMEOUT_SECONDS,
                    headers={"User-Agent": "stafettlogg-gateway"},
                )
            except jwt.PyJWKClientError as exc:
                raise ValueError(str(exc)) from exc

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> TokenVerifier:
        env = os.environ if environ is None else environ
        missing = [
            name for name in ("STAFETT_JWT_ISSUER", "STAFETT_JWT_AUDIENCE") if not env.get(name)
        ]
        if missing:
            raise ValueError(f"missing environment variable(s): {', '.join(missing)}")
        algorithms = env.get("STAFETT_JWT_ALGORITHMS") or "RS256,ES256"
        return cls(
            issuer=env["STAFETT_JWT_ISSUER"],
            audience=env["STAFETT_JWT_AUDIENCE"],
            algorithms=[a.strip() for a in algorithms.split(",") if a.strip()],
            jwks_url=env.get("STAFETT_JWKS_URL") or None,
            jwks_file=env.get("STAFETT_JWKS_FILE") or None,
        )

    def verify(self, token: str) -> dict[str, Any]:
        """Return the token's claims, or raise AuthError."""
        if not isinstance(token, str) or not token:
            raise AuthError("token.malformed", "The token is not a JWT.")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("token.malformed", "The token is not a JWT.") from exc

        alg = header.get("alg")
        if alg not in self.algorithms:
            raise AuthError("token.alg_not_allowed", f"The algorithm {alg!r} is not allowed.")
        kid = header.get("kid")
        if not kid:
            raise AuthError("token.unknown_key", "The token has no key id (kid).")
        key = self._key(kid)
        if key is None:
            raise AuthError("token.unknown_key", f"No signing key with kid {kid!r}.")
        if key.key_type != _KEY_TYPES[alg] or key.algorithm_name != alg:
            raise AuthError(
                "token.alg_not_allowed",
                f"The key {kid!r} cannot be used with the algorithm {alg}.",
            )

        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": REQUIRED_CLAIMS, "verify_nbf": True},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("token.expired", "The token has expired.") from exc
        except jwt.ImmatureSignatureError as exc:
            raise AuthError("token.not_yet_valid", "The token is not yet valid.") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthError("token.bad_audience", "The token has the wrong audience.") from exc
        except jwt.InvalidIssuerError as exc:
            raise AuthError("token.bad_issuer", "The token has the wrong issuer.") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise AuthError(
                "token.missing_claim", f"The token lacks the claim {exc.claim!r}."
            ) from exc
        except jwt.InvalidSignatureError as exc:
            raise AuthError("token.bad_signature", "The token signature is invalid.") from exc
        except jwt.PyJWTError as exc:
            raise AuthError("token.malformed", "The token is malformed.") from exc

        iat = claims["iat"]
        if isinstance(iat, bool) or not isinstance(iat, int | float):
            raise AuthError("token.malformed", "The iat claim is not a number.")
        # PyJWT already rejects this; kept so the rule does not depend on it.
        if iat > time.time() + self.leeway:
            raise AuthError("token.not_yet_valid", "The token is issued in the future.")
        pid = claims["pid"]
        if not isinstance(pid, str) or not _PID.fullmatch(pid):
            raise AuthError("token.bad_pid", "The pid claim is not an 11-digit number.")
        return claims

    def _key(self, kid: str) -> jwt.PyJWK | None:
        if self._client is not None:
            return self._url_key(self._client, kid)
        return self._file_key(kid)

    def _url_key(self, client: jwt.PyJWKClient, kid: str) -> jwt.PyJWK | None:
        try:
            client.get_signing_keys()  # fetched once, then cached
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError) as exc:
            raise _unreachable() from exc
        try:
            # Refetches once if the kid is unknown (at most every 30 s).
            return client.get_signing_key(kid)
        except jwt.PyJWKClientConnectionError as exc:
            raise _unreachable() from exc
        except (jwt.PyJWKClientError, jwt.PyJWKSetError, ValueError):
            return None

    def _file_key(self, kid: str) -> jwt.PyJWK | None:
        assert self.jwks_file is not None
        try:
            stat = os.stat(self.jwks_file)
            version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
            if self._file_keys is None or self._file_keys[0] != version:
                with open(self.jwks_file, encoding="utf-8") as f:
                    self._file_keys = (version, jwt.PyJWKSet.from_dict(json.load(f)))
        except (OSError, ValueError, AttributeError, jwt.PyJWTError) as exc:
            raise _unreachable() from exc
        for key in self._file_keys[1].keys:
            if key.key_id == kid and key.public_key_use in ("sig", None):
                return key
        return None


def bearer_token(authorization_header: str | None) -> str:
    """The token from an ``Authorization: Bearer <token>`` header value."""
    if authorization_header is None or not authorization_header.strip():
        raise AuthError("token.missing", "An Authorization: Bearer token is required.")
    match = _BEARER.fullmatch(authorization_header.strip())
    if match is None:
        raise AuthError("token.malformed", "The Authorization header must be 'Bearer <token>'.")
    return match.group(1)


def _unreachable() -> AuthError:
    return AuthError(
        "idp.unreachable",
        "The identity provider's signing keys could not be fetched.",
        status=503,
    )
