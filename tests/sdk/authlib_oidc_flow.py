"""An independent OpenID Connect client (authlib) signs in through Latchkey's hosted page,
knowing nothing but the issuer: everything else comes from discovery.

Run by the Rust test `sdk::authlib_code_flow_through_discovery`. The hosted page is driven
over plain HTTP (requests): the login form, then the code. The SMS code is not readable from
here, so the program prints `{"need": "sms_code"}` and reads `{"code": ...}` on stdin.

Checks: discovery names the endpoints; authlib builds the authorization URL with PKCE
(S256), a state and a nonce; the browser ends at the callback; authlib redeems the code with
client_secret_basic, and validates the id_token against the discovered JWKS (iss, aud, exp,
nonce). Prints `{"ok": true}`; on a mismatch prints "FAIL: ..." and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
from html.parser import HTMLParser

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


class Forms(HTMLParser):
    """Every form on a page: its action and its inputs' names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action"), "fields": {}})
        elif tag in ("input", "select") and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""


def forms_of(html: str) -> list[dict]:
    p = Forms()
    p.feed(html)
    return p.forms


def main() -> None:
    issuer = os.environ["ISSUER"]
    client_id = os.environ["CLIENT_ID"]
    secret = os.environ["CLIENT_SECRET"]
    callback = os.environ["CALLBACK"]
    phone = os.environ["PHONE"]

    meta = requests.get(f"{issuer}.well-known/openid-configuration", timeout=5).json()
    check(meta["issuer"] == issuer, f"issuer {meta['issuer']}")
    check("S256" in meta["code_challenge_methods_supported"], "no S256 in discovery")

    client = OAuth2Session(
        client_id,
        secret,
        scope="openid profile phone",
        redirect_uri=callback,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    verifier = generate_token(64)
    nonce = generate_token(20)
    url, state = client.create_authorization_url(
        meta["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )

    # The browser's part, over HTTP: the login page, the phone form, the code form.
    browser = requests.Session()
    page = browser.get(url, timeout=5)
    check(page.status_code == 200, f"authorize: HTTP {page.status_code}")
    phone_form = next(f for f in forms_of(page.text) if "phone" in f["fields"])
    fields = dict(phone_form["fields"])
    fields.update({"country": "US", "phone": phone})
    page = browser.post(urllib.parse.urljoin(url, phone_form["action"]), data=fields, timeout=5)
    check(page.status_code == 200, f"identifier: HTTP {page.status_code}: {page.text[:300]}")
    code_form = next(f for f in forms_of(page.text) if "code" in f["fields"])
    print(json.dumps({"need": "sms_code"}), flush=True)
    code = json.loads(sys.stdin.readline())["code"]
    fields = dict(code_form["fields"])
    fields["code"] = code
    answer = browser.post(
        urllib.parse.urljoin(url, code_form["action"]), data=fields, allow_redirects=False, timeout=5
    )
    check(answer.status_code == 303, f"code: HTTP {answer.status_code}: {answer.text[:300]}")
    location = answer.headers["Location"]
    check(location.startswith(callback + "?"), f"went to {location}")

    # authlib's part: the code for tokens, then the id_token against the discovered keys.
    token = client.fetch_token(
        meta["token_endpoint"], authorization_response=location, code_verifier=verifier, state=state
    )
    keys = JsonWebKey.import_key_set(requests.get(meta["jwks_uri"], timeout=5).json())
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_options={
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": client_id},
            "nonce": {"essential": True, "value": nonce},
        },
    )
    claims.validate()
    check(claims["phone_number"] == phone, f"phone_number {claims.get('phone_number')}")
    userinfo = client.get(meta["userinfo_endpoint"], timeout=5).json()
    check(userinfo["sub"] == claims["sub"], f"userinfo sub {userinfo.get('sub')}")
    print(json.dumps({"ok": True}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
