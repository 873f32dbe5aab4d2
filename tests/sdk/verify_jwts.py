"""Checks Latchkey's signed tokens with joserfc, a JOSE library that is not the server's
(nor jsonwebtoken, which the Rust tests use): each token against the published JWKS, with
the one algorithm the test expects, and its issuer and audience. A token whose payload was
changed must fail, so the check can fail.

Reads one JSON object on stdin: {"jwks": {...}, "issuer": "...",
"tokens": [{"token": "...", "alg": "ES256", "audience": "client-id"}, ...]}.
Prints {"ok": true, "verified": [alg, ...]} and exits 0, or says what failed and exits 1.
Run by tests/it/signing_algs.rs.
"""

import base64
import json
import sys
import warnings

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# joserfc warns that "EdDSA" is deprecated by RFC 9864 (in favour of "Ed25519"); Auth0's and
# our name for the algorithm is still "EdDSA".
warnings.simplefilter("ignore")


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def tampered(token):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return ".".join([header, forged, signature])


def main():
    request = json.load(sys.stdin)
    keys = KeySet.import_key_set(request["jwks"])
    verified = []
    for item in request["tokens"]:
        token, alg = item["token"], item["alg"]
        try:
            decoded = jwt.decode(token, keys, algorithms=[alg])
        except JoseError as e:
            fail(f"{alg}: {e!r}")
        if decoded.header.get("alg") != alg:
            fail(f"header says {decoded.header.get('alg')}, expected {alg}")
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": request["issuer"]},
            aud={"essential": True, "value": item["audience"]},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(decoded.claims)
        except JoseError as e:
            fail(f"{alg} claims: {e!r}")
        try:
            jwt.decode(tampered(token), keys, algorithms=[alg])
            fail(f"{alg}: a changed payload still verified")
        except JoseError:
            pass
        verified.append(alg)
    print(json.dumps({"ok": True, "verified": verified}))


main()
