"""A device key, the way an iOS app with a Secure Enclave key would use it, written with the
`cryptography` package and plain HTTP (requests):

1. log in by SMS, asking for a Management API token (audience `{issuer}api/v2/`) with the
   scope `create:current_user_device_credentials`;
2. generate an EC P-256 key pair and register its public key (base64 of the PEM) with
   `POST /api/v2/device-credentials`;
3. sign a short-lived JWT (ES256, `kid` = the credential id, `iss` = the user id) and log in
   with `POST /oauth/token`, grant `urn:ietf:params:oauth:grant-type:jwt-bearer`;
4. verify the id_token on the JWKS (auth0-python's TokenVerifier).

Run by the Rust test `sdk::device_key_with_python_cryptography`, which answers the SMS code
request on stdin and gives the server's clock in DEVICE_NOW (the test server runs on a
hand-driven clock). Prints `{"ok": true}`; on a mismatch "FAIL: ..." and exit 1.
"""

from __future__ import annotations

import base64
import json
import os
import sys

import requests
from auth0.authentication.token_verifier import AsymmetricSignatureVerifier, TokenVerifier
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def es256_jwt(key: ec.EllipticCurvePrivateKey, header: dict, claims: dict) -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    der = key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return f"{signing_input}.{b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


def main() -> None:
    issuer = os.environ["ISSUER"]
    client_id = os.environ["CLIENT_ID"]
    phone = os.environ["PHONE"]
    now = int(os.environ["DEVICE_NOW"])
    http = requests.Session()

    r = http.post(f"{issuer}passwordless/start", json={"client_id": client_id, "connection": "sms", "phone_number": phone}, timeout=5)
    check(r.status_code == 200, f"start: {r.status_code} {r.text}")
    print(json.dumps({"need": "sms_code"}), flush=True)
    code = json.loads(sys.stdin.readline())["code"]
    r = http.post(
        f"{issuer}oauth/token",
        json={
            "grant_type": "http://auth0.com/oauth/grant-type/passwordless/otp",
            "client_id": client_id,
            "username": phone,
            "otp": code,
            "realm": "sms",
            "scope": "openid create:current_user_device_credentials",
            "audience": f"{issuer}api/v2/",
        },
        timeout=5,
    )
    check(r.status_code == 200, f"sms login: {r.status_code} {r.text}")
    login = r.json()
    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{issuer}.well-known/jwks.json"),
        issuer=issuer,
        audience=client_id,
    )
    user_id = verifier.verify(login["id_token"])["sub"]

    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    r = http.post(
        f"{issuer}api/v2/device-credentials",
        headers={"Authorization": f"Bearer {login['access_token']}"},
        json={
            "device_name": "Ana's iPhone",
            "device_id": "8C1E6C9A-3F2B-4E57-9E0D-7A1B2C3D4E5F",
            "type": "public_key",
            "value": base64.b64encode(pem).decode(),
            "client_id": client_id,
        },
        timeout=5,
    )
    check(r.status_code == 201, f"register: {r.status_code} {r.text}")
    kid = r.json()["id"]

    assertion = es256_jwt(
        key,
        {"alg": "ES256", "typ": "JWT", "kid": kid},
        {"iss": user_id, "device": "Ana's iPhone", "iat": now, "exp": now + 60},
    )
    r = http.post(
        f"{issuer}oauth/token",
        json={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "client_id": client_id, "assertion": assertion, "scope": "openid"},
        timeout=5,
    )
    check(r.status_code == 200, f"device login: {r.status_code} {r.text}")
    claims = verifier.verify(r.json()["id_token"])
    check(claims["sub"] == user_id, f"device login gave {claims['sub']}, expected {user_id}")
    print(json.dumps({"ok": True}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
