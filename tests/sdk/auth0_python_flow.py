"""SMS passwordless flow against Latchkey, driven by the real auth0-python SDK.

Run by the Rust integration test `sdk_auth0_python`, which starts Latchkey and a
fake Twilio, then runs this file with the environment variables below. Steps:
/passwordless/start (sms), a wrong code (must fail), the right code, ID token
verification against /.well-known/jwks.json, refresh, /userinfo, revoke, and a
refresh with the revoked token (must fail). Prints one JSON line and exits 0 on
success; on any mismatch prints "FAIL [step]: ..." to stderr and exits 1.

By hand (with Latchkey and the fake Twilio already running):

    python3 -m pip install -r tests/sdk/requirements.txt
    LATCHKEY_DOMAIN=127.0.0.1:43123 LATCHKEY_ISSUER=http://127.0.0.1:43123/ \
    LATCHKEY_CLIENT_ID=... LATCHKEY_CLIENT_SECRET=... \
    TWILIO_FAKE_URL=http://127.0.0.1:40001 PHONE_NUMBER=+14155550123 \
    python3 tests/sdk/auth0_python_flow.py

LATCHKEY_CLIENT_SECRET may be empty or unset (public client: no secret is sent).

auth0-python 6.8.0 notes (what Latchkey has to accept):
- There is no `auth0.exceptions` module; Auth0Error and TokenValidationError
  live in `auth0.authentication.exceptions`. Auth0Error exposes `.status_code`,
  `.error_code` (from the body's "errorCode", else "error", else "code") and
  `.message` (from "error_description", else "message", else "error").
- `GetToken.passwordless_login` has no default for `audience`; we pass None,
  which is sent as JSON `"audience": null`.
- `GetToken.refresh_token` always sends `"scope": ""` when no scope is given.
- Every request body is JSON (Content-Type: application/json), not a form.
- `Users(domain, protocol=...)` takes no client_id; `.userinfo(token)` exists.
- `TokenVerifier` defaults to leeway=0, RS256, and needs a `kid` in the JWT
  header that matches a key in the JWKS; `exp` and `iat` must be integers.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

from auth0.authentication import GetToken, Passwordless, RevokeToken, Users
from auth0.authentication.exceptions import Auth0Error, TokenValidationError
from auth0.authentication.token_verifier import (
    AsymmetricSignatureVerifier,
    TokenVerifier,
)

SCOPE = "openid profile phone offline_access"
WRONG_CODE_MESSAGE = "Wrong phone number or verification code."


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


def env(name: str) -> str:
    value = os.environ.get(name)
    check(bool(value), f"environment variable {name} is required")
    return value


def last_code(fake_url: str, phone: str) -> str:
    """Newest code the fake Twilio saw for `phone`. Latchkey sends the text before it
    answers /passwordless/start, so the code is there as soon as that call returns."""
    url = f"{fake_url.rstrip('/')}/_test/last_code?to={urllib.parse.quote(phone, safe='')}"
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return json.load(resp)["code"]
    except urllib.error.HTTPError as e:
        raise Failure(f"GET {url} -> HTTP {e.code}") from e


def expect_auth0_error(call, error_code: str, message: str | None = None) -> Auth0Error:
    try:
        result = call()
    except Auth0Error as e:
        check(e.error_code == error_code,
              f"expected error_code {error_code!r}, got {e.error_code!r} ({e})")
        check(message is None or e.message == message,
              f"expected message {message!r}, got {e.message!r}")
        return e
    raise Failure(f"expected Auth0Error {error_code!r}, call succeeded with {result!r}")


def main() -> dict:
    domain = env("LATCHKEY_DOMAIN")
    issuer = env("LATCHKEY_ISSUER")
    client_id = env("LATCHKEY_CLIENT_ID")
    secret = os.environ.get("LATCHKEY_CLIENT_SECRET") or None
    fake_url = env("TWILIO_FAKE_URL")
    phone = env("PHONE_NUMBER")

    creds = dict(client_secret=secret, protocol="http")
    get_token = GetToken(domain, client_id, **creds)
    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"http://{domain}/.well-known/jwks.json"),
        issuer=issuer,
        audience=client_id,
    )

    def verify(id_token: str) -> dict:
        claims = verifier.verify(id_token)
        check(claims["sub"].startswith("sms|"), f"sub {claims['sub']!r} lacks 'sms|' prefix")
        check(claims.get("phone_number") == phone, f"phone_number claim is {claims.get('phone_number')!r}")
        check(claims.get("phone_number_verified") is True,
              f"phone_number_verified claim is {claims.get('phone_number_verified')!r}")
        return claims

    global step
    step = "a. passwordless start"
    Passwordless(domain, client_id, **creds).sms(phone_number=phone)

    step = "b. wrong code"
    code = last_code(fake_url, phone)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    expect_auth0_error(
        lambda: get_token.passwordless_login(
            username=phone, otp=wrong, realm="sms", scope=SCOPE, audience=None),
        "invalid_grant", WRONG_CODE_MESSAGE)

    step = "c. right code"
    tokens = get_token.passwordless_login(
        username=phone, otp=code, realm="sms", scope=SCOPE, audience=None)
    for key in ("access_token", "id_token", "refresh_token", "token_type", "expires_in"):
        check(key in tokens, f"token response lacks {key!r}: {sorted(tokens)}")
    check(tokens["token_type"] == "Bearer", f"token_type is {tokens['token_type']!r}")
    check(isinstance(tokens["expires_in"], int) and tokens["expires_in"] > 0,
          f"expires_in is {tokens['expires_in']!r}")

    step = "d. verify id_token"
    sub = verify(tokens["id_token"])["sub"]

    step = "e. refresh"
    refreshed = get_token.refresh_token(refresh_token=tokens["refresh_token"])
    check("id_token" in refreshed and "access_token" in refreshed,
          f"refresh response lacks id_token/access_token: {sorted(refreshed)}")
    check(verify(refreshed["id_token"])["sub"] == sub, "refreshed id_token has a different sub")
    refresh_token = refreshed.get("refresh_token") or tokens["refresh_token"]

    step = "g. userinfo"
    info = Users(domain, protocol="http").userinfo(refreshed["access_token"])
    check(info.get("sub") == sub, f"userinfo sub {info.get('sub')!r} != {sub!r}")

    step = "f. revoke"
    RevokeToken(domain, client_id, **creds).revoke_refresh_token(refresh_token)
    expect_auth0_error(lambda: get_token.refresh_token(refresh_token=refresh_token), "invalid_grant")

    return {"ok": True, "sub": sub, "rotated": "refresh_token" in refreshed}


step = "setup"

if __name__ == "__main__":
    try:
        summary = main()
    except (Failure, Auth0Error, TokenValidationError) as e:
        print(f"FAIL [{step}]: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(summary))
