"""Email passwordless flows against Latchkey, driven by the real auth0-python SDK.

Run by the Rust integration test `sdk::auth0_python_email`, which starts an SMTP server,
Latchkey sending through it, and this program. The program cannot read the mailbox itself,
so when it needs the email just sent it prints `{"need": "email"}` and reads the message
(`{"text": ..., "html": ...}`) as one JSON line on stdin.

1. Code: `Passwordless.email(send="code")`, then `GetToken.passwordless_login(realm="email")`;
   the id_token is verified against /.well-known/jwks.json.
2. Magic link: `Passwordless.email(send="link", auth_params=...)`; the link is followed over
   HTTP like a browser (the confirm page, then its button), ends at the callback with
   `?code=...&state=...`, and `GetToken.authorization_code` redeems the code.

Prints `{"ok": true}` and exits 0 on success; on a mismatch prints "FAIL: ..." and exits 1.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.parse
from html.parser import HTMLParser

import requests
from auth0.authentication import GetToken, Passwordless
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


def need_email() -> dict:
    print(json.dumps({"need": "email"}), flush=True)
    line = sys.stdin.readline()
    check(bool(line), "no email came back on stdin")
    return json.loads(line)


class FormReader(HTMLParser):
    """The page's form: its action and hidden inputs, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = a.get("action")
        if tag == "input" and a.get("type") == "hidden":
            self.fields.append((a.get("name") or "", a.get("value") or ""))


def main() -> None:
    domain = os.environ["LATCHKEY_DOMAIN"]
    issuer = os.environ["LATCHKEY_ISSUER"]
    client_id = os.environ["LATCHKEY_CLIENT_ID"]
    secret = os.environ["LATCHKEY_CLIENT_SECRET"]
    callback = os.environ["CALLBACK"]
    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{issuer}.well-known/jwks.json"),
        issuer=issuer,
        audience=client_id,
    )
    passwordless = Passwordless(domain, client_id, client_secret=secret, protocol="http")
    get_token = GetToken(domain, client_id, client_secret=secret, protocol="http")

    # 1. a code by email
    address = os.environ["EMAIL_FOR_CODE"]
    passwordless.email(email=address, send="code")
    message = need_email()
    match = re.search(r"\b(\d{6})\b", message["text"])
    check(match is not None, f"no code in the email: {message['text']!r}")
    tokens = get_token.passwordless_login(
        username=address, otp=match.group(1), realm="email", scope="openid profile email", audience=None
    )
    claims = verifier.verify(tokens["id_token"])
    check(claims["email"] == address, f"id_token email {claims.get('email')!r}")
    check(claims["sub"].startswith("email|"), f"sub {claims['sub']!r}")

    # 2. a magic link, followed like a browser, then the code exchange
    address = os.environ["EMAIL_FOR_LINK"]
    passwordless.email(
        email=address,
        send="link",
        auth_params={"redirect_uri": callback, "response_type": "code", "scope": "openid email", "state": "py-state"},
    )
    message = need_email()
    links = re.findall(re.escape(issuer) + r"passwordless/verify_redirect\?\S+", message["text"])
    check(len(links) == 1, f"expected one link in the email: {message['text']!r}")
    browser = requests.Session()
    page = browser.get(links[0], allow_redirects=False, timeout=5)
    check(page.status_code == 200, f"link page: HTTP {page.status_code}")
    form = FormReader()
    form.feed(page.text)
    check(form.action is not None, "the link page has no form")
    answer = browser.post(
        urllib.parse.urljoin(links[0], form.action), data=form.fields, allow_redirects=False, timeout=5
    )
    check(answer.status_code == 303, f"confirm: HTTP {answer.status_code}: {answer.text[:300]}")
    location = answer.headers["Location"]
    check(location.startswith(callback + "?"), f"redirected to {location}")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    check(query.get("state") == ["py-state"], f"state {query.get('state')}")
    tokens = get_token.authorization_code(code=query["code"][0], redirect_uri=callback)
    claims = verifier.verify(tokens["id_token"])
    check(claims["email"] == address, f"id_token email {claims.get('email')!r}")
    print(json.dumps({"ok": True}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
