"""auth0-python's Management API client, major 4, 5 or 6, unmodified, against Latchkey.

Run by the Rust tests `sdk::auth0_python_4_management`, `…_5_…` and `…_6_…`, each with
PYTHONPATH pointing at that major (AUTH0_MAJOR says which; the script checks the import is
that one). One scenario for all three: where their APIs differ (4.x takes dicts and has
`all`/`search`, 5.x and 6.x are Fern-generated with keyword arguments, pagers and pydantic
models) a small adapter calls each its own way, and every answer is read back as a dict
and checked:

- users: create with a kept user_id, get (also with `fields`), update (metadata merge),
  search with `q`, users-by-email;
- clients: create (the secret shown), get with the secret (`read:client_keys`), `fields`,
  list, update, rotate (the new secret read back), delete;
- connections: list (checkpoint paging in 5.x and 6.x), get;
- signing keys (5.x and 6.x; 4.x has no such API): list, get by kid, cert/fingerprint;
- logs: search by type, get one;
- device credentials: a user's (an empty list, in the list shape);
- email provider: set, read (no password), with `fields`.

4.x's `Auth0` only speaks https; its resource classes take `protocol="http"`, which is
how this test reaches the plain-http test server. Prints `{"ok": true}`; a mismatch
prints "FAIL: ..." and exits 1.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


def plain(value):
    """A pydantic model (5.x, 6.x) or a dict (4.x) as plain JSON-like data."""
    if hasattr(value, "model_dump"):
        return value.model_dump(exclude_none=True, by_alias=True)
    if hasattr(value, "dict") and not isinstance(value, dict):
        return value.dict(exclude_none=True, by_alias=True)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class V4:
    """auth0-python 4.x: one class per resource, dict bodies."""

    def __init__(self, domain: str, token: str):
        from auth0.management.clients import Clients
        from auth0.management.connections import Connections
        from auth0.management.device_credentials import DeviceCredentials
        from auth0.management.emails import Emails
        from auth0.management.logs import Logs
        from auth0.management.users import Users
        from auth0.management.users_by_email import UsersByEmail

        args = dict(domain=domain, token=token, protocol="http")
        self.users, self.by_email = Users(**args), UsersByEmail(**args)
        self.clients, self.connections = Clients(**args), Connections(**args)
        self.logs, self.devices, self.emails = Logs(**args), DeviceCredentials(**args), Emails(**args)
        self.has_signing_keys = False

    def create_user(self, **body):
        return self.users.create(body)

    def get_user(self, user_id, fields=None):
        return self.users.get(user_id, fields=fields)

    def update_user(self, user_id, **body):
        return self.users.update(user_id, body)

    def search_users(self, q):
        page = self.users.list(q=q)
        check(isinstance(page, dict) and "total" in page, f"4.x asks for totals: {page}")
        return page["users"]

    def users_by_email(self, email):
        return self.by_email.search_users_by_email(email)

    def create_client(self, **body):
        return self.clients.create(body)

    def get_client(self, client_id, fields=None):
        return self.clients.get(client_id, fields=fields)

    def list_clients(self):
        return self.clients.all(per_page=50, page=0)

    def update_client(self, client_id, **body):
        return self.clients.update(client_id, body)

    def rotate_secret(self, client_id):
        return self.clients.rotate_secret(client_id)

    def delete_client(self, client_id):
        self.clients.delete(client_id)

    def list_connections(self):
        return self.connections.all()

    def get_connection(self, connection_id):
        return self.connections.get(connection_id)

    def search_logs(self, q):
        page = self.logs.search(q=q)
        return page["logs"] if isinstance(page, dict) else page

    def get_log(self, log_id):
        return self.logs.get(log_id)

    def devices_of(self, user_id, client_id):
        return self.devices.get(user_id, client_id, "public_key")

    def set_email_provider(self, **body):
        return self.emails.config(body)

    def get_email_provider(self, fields=None):
        return self.emails.get(fields=fields)


class Fern:
    """auth0-python 5.x and 6.x: the generated `Auth0` client."""

    def __init__(self, issuer: str, token: str):
        from auth0.management import Auth0

        self.api = Auth0(base_url=f"{issuer}api/v2", token=token)
        self.has_signing_keys = True

    def create_user(self, **body):
        return self.api.users.create(**body)

    def get_user(self, user_id, fields=None):
        return self.api.users.get(user_id, fields=fields and ",".join(fields))

    def update_user(self, user_id, **body):
        return self.api.users.update(user_id, **body)

    def search_users(self, q):
        return list(self.api.users.list(q=q))

    def users_by_email(self, email):
        return self.api.users.list_users_by_email(email=email)

    def create_client(self, **body):
        return self.api.clients.create(**body)

    def get_client(self, client_id, fields=None):
        return self.api.clients.get(client_id, fields=fields and ",".join(fields))

    def list_clients(self):
        return list(self.api.clients.list())

    def update_client(self, client_id, **body):
        return self.api.clients.update(client_id, **body)

    def rotate_secret(self, client_id):
        return self.api.clients.rotate_secret(client_id)

    def delete_client(self, client_id):
        self.api.clients.delete(client_id)

    def list_connections(self):
        # checkpoint paging: take=50, then from=<next> while there is a next
        return list(self.api.connections.list(take=1))

    def get_connection(self, connection_id):
        return self.api.connections.get(connection_id)

    def search_logs(self, q):
        return list(self.api.logs.list(search=q))

    def get_log(self, log_id):
        return self.api.logs.get(log_id)

    def devices_of(self, user_id, client_id):
        return list(self.api.device_credentials.list(user_id=user_id, client_id=client_id, type="public_key"))

    def set_email_provider(self, **body):
        return self.api.emails.provider.create(**body)

    def get_email_provider(self, fields=None):
        return self.api.emails.provider.get(fields=fields and ",".join(fields))

    def signing_keys(self):
        return self.api.keys.signing.list()

    def signing_key(self, kid):
        return self.api.keys.signing.get(kid)


def main() -> None:
    from auth0.authentication import GetToken

    major = os.environ["AUTH0_MAJOR"]
    version = importlib.metadata.version("auth0-python")
    check(version.split(".")[0] == major, f"auth0-python {version} imported, {major}.x wanted")
    domain, issuer = os.environ["LATCHKEY_DOMAIN"], os.environ["LATCHKEY_ISSUER"]
    phone = os.environ["PHONE"]
    token = GetToken(
        domain, os.environ["CLIENT_ID"], client_secret=os.environ["CLIENT_SECRET"], protocol="http"
    ).client_credentials(audience=f"{issuer}api/v2/")["access_token"]
    sdk = V4(domain, token) if major == "4" else Fern(issuer, token)

    # Users: an id kept from Auth0, names and metadata, a merge, a search, by email.
    made = plain(sdk.create_user(
        connection="sms", phone_number=phone, user_id=f"kept{major}", given_name="Ann",
        app_metadata={"plan": "gold"}, user_metadata={"theme": "dark"},
    ))
    user_id = made["user_id"]
    check(user_id == f"sms|kept{major}", f"user_id {made}")
    got = plain(sdk.get_user(user_id))
    check(got["phone_number"] == phone and got["given_name"] == "Ann", f"get {got}")
    check(got["identities"][0]["connection"] == "sms", f"identities {got}")
    few = plain(sdk.get_user(user_id, fields=["user_id", "app_metadata"]))
    check(few.get("user_id") == user_id and "phone_number" not in few, f"fields {few}")
    merged = plain(sdk.update_user(user_id, user_metadata={"lang": "fr"}))
    check(merged["user_metadata"] == {"theme": "dark", "lang": "fr"}, f"merged {merged}")
    found = [plain(u)["user_id"] for u in sdk.search_users(f'phone_number:"{phone}"')]
    check(found == [user_id], f"search {found}")
    mail = plain(sdk.create_user(connection="email", email=f"Mary{major}@Example.com"))
    by_email = [plain(u)["user_id"] for u in sdk.users_by_email(f"mary{major}@example.COM")]
    check(by_email == [mail["user_id"]], f"by email {by_email}")

    # Clients: the secret comes with read:client_keys, fields filter the answer.
    created = plain(sdk.create_client(name=f"Made by {major}.x", callbacks=["https://py.example/cb"], app_type="regular_web"))
    client_id, secret = created["client_id"], created.get("client_secret")
    check(bool(secret), f"a created client shows its secret: {created}")
    read = plain(sdk.get_client(client_id))
    check(read.get("client_secret") == secret, f"read:client_keys reads the secret: {read}")
    check(read["callbacks"] == ["https://py.example/cb"], f"callbacks {read}")
    few = plain(sdk.get_client(client_id, fields=["client_id", "name"]))
    check(few.get("name") == f"Made by {major}.x" and "callbacks" not in few, f"fields {few}")
    listed = [plain(c)["client_id"] for c in sdk.list_clients()]
    check(client_id in listed and "native-app" in listed, f"clients {listed}")
    updated = plain(sdk.update_client(client_id, callbacks=["https://py.example/cb2"]))
    check(updated["callbacks"] == ["https://py.example/cb2"], f"updated {updated}")
    rotated = plain(sdk.rotate_secret(client_id))
    check(rotated["client_secret"] not in (None, secret), "rotation gives a new secret")
    check(plain(sdk.get_client(client_id)).get("client_secret") == rotated["client_secret"], "the new secret is read back")
    sdk.delete_client(client_id)

    # Connections: every page of the list, and one by id.
    connections = [plain(c) for c in sdk.list_connections()]
    names = sorted(c["name"] for c in connections)
    check({"sms", "email"} <= set(names), f"connections {names}")
    sms = plain(sdk.get_connection("con_sms"))
    check(sms["strategy"] == "sms" and sms["name"] == "sms", f"connection {sms}")
    email = next(c for c in connections if c["name"] == "email")
    check("{{ code" in email["options"]["email"]["body"], f"the email body is shown: {email}")

    # Signing keys: Auth0's whole object.
    if sdk.has_signing_keys:
        keys = [plain(k) for k in sdk.signing_keys()]
        current = [k for k in keys if k.get("current")]
        check(len(current) >= 1, f"keys {keys}")
        key = plain(sdk.signing_key(current[0]["kid"]))
        check(key["cert"].startswith("-----BEGIN CERTIFICATE-----\r\n"), f"cert {key}")
        check(key["pkcs7"].startswith("-----BEGIN PKCS7-----"), f"pkcs7 {key}")
        check(key["fingerprint"].replace(":", "") == key["thumbprint"] and len(key["thumbprint"]) == 40, f"prints {key}")

    # Logs: the operator's changes, searched by type, and one of them.
    logs = [plain(e) for e in sdk.search_logs("type:sapi")]
    check(len(logs) >= 3 and all(e["type"] == "sapi" for e in logs), f"logs {logs}")
    one = plain(sdk.get_log(logs[0]["log_id"]))
    check(one["log_id"] == logs[0]["log_id"] and one["type"] == "sapi", f"log {one}")

    # Device credentials: none yet, in the list's shape.
    devices = [plain(d) for d in sdk.devices_of(user_id, "native-app")]
    check(devices == [], f"devices {devices}")

    # The email provider: set, read back without its password, filtered.
    sdk.set_email_provider(
        name="smtp", default_from_address="login@py.example",
        credentials={"smtp_host": "smtp.py.example", "smtp_port": 587, "smtp_user": "u", "smtp_pass": "not-shown-1"},
    )
    provider = plain(sdk.get_email_provider())
    check(provider["name"] == "smtp" and provider["default_from_address"] == "login@py.example", f"provider {provider}")
    check("smtp_pass" not in json.dumps(provider), f"the password is not returned: {provider}")
    few = plain(sdk.get_email_provider(fields=["name", "enabled"]))
    check(few.get("name") == "smtp" and "credentials" not in few, f"provider fields {few}")
    print(json.dumps({"ok": True, "auth0-python": version}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
