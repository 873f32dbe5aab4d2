"""auth0-python's Management API client against Latchkey.

Run by the Rust test `sdk::auth0_python_management_client`. A machine client gets a
client_credentials token with `GetToken.client_credentials`, then auth0-python 6.x's
generated client (`Auth0(base_url="http://…/api/v2", token=…)`) lists, creates, updates,
rotates and deletes clients, lists, creates and updates connections, creates, finds and
blocks a user, creates one whole (an id kept from Auth0, names, metadata), merges its
user_metadata, lists its logs, and finds an email user by address in another case.
Prints `{"ok": true}`; on a mismatch "FAIL: ..." and exit 1.
"""

from __future__ import annotations

import json
import os
import sys

from auth0.authentication import GetToken
from auth0.management import Auth0


class Failure(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise Failure(msg)


def main() -> None:
    domain = os.environ["LATCHKEY_DOMAIN"]
    issuer = os.environ["LATCHKEY_ISSUER"]
    phone = os.environ["PHONE"]
    token = GetToken(
        domain, os.environ["CLIENT_ID"], client_secret=os.environ["CLIENT_SECRET"], protocol="http"
    ).client_credentials(audience=f"{issuer}api/v2/")["access_token"]
    api = Auth0(base_url=f"{issuer}api/v2", token=token)

    names = [c.name for c in api.clients.list(per_page=2)]
    check("Acme Native" in names, f"clients listed: {names}")

    created = api.clients.create(name="Made by auth0-python", callbacks=["https://py.example/cb"], app_type="regular_web")
    check(bool(created.client_secret), "a created client shows its secret once")
    updated = api.clients.update(created.client_id, callbacks=["https://py.example/cb2"])
    check(list(updated.callbacks) == ["https://py.example/cb2"], f"callbacks {updated.callbacks}")
    rotated = api.clients.rotate_secret(created.client_id)
    check(rotated.client_secret != created.client_secret, "rotation gives a new secret")
    api.clients.delete(created.client_id)

    connections = [c.name for c in api.connections.list()]
    check("sms" in connections, f"connections: {connections}")
    made = api.connections.create(name="email-py", strategy="email", options={"totp": {"length": 6, "time_step": 300}})
    check(made.name == "email-py" and made.strategy == "email", f"created {made}")
    changed = api.connections.update(made.id, options={"totp": {"length": 8, "time_step": 600}})
    totp = changed.options["totp"] if isinstance(changed.options, dict) else changed.options.totp
    length = totp["length"] if isinstance(totp, dict) else totp.length
    check(length == 8, f"options after update: {changed.options}")

    user = api.users.create(connection="sms", phone_number=phone)
    check(user.user_id.startswith("sms|"), f"user_id {user.user_id}")
    found = list(api.users.list(q=f'phone_number:"{phone}"'))
    check([u.user_id for u in found] == [user.user_id], f"search found {found}")
    blocked = api.users.update(user.user_id, blocked=True)
    check(blocked.blocked is True, "blocked")

    # A user moved from Auth0 keeps its id part; names and metadata come along.
    whole = api.users.create(
        connection="sms", phone_number=os.environ["PHONE2"], user_id="5f0c8f2e9b1d4a0012345678",
        given_name="Ann", family_name="Lee", app_metadata={"plan": "gold"},
        user_metadata={"theme": "dark"},
    )
    check(whole.user_id == "sms|5f0c8f2e9b1d4a0012345678", f"user_id {whole.user_id}")
    check((whole.given_name, whole.family_name) == ("Ann", "Lee"), f"names {whole}")
    check(dict(whole.app_metadata or {}) == {"plan": "gold"}, f"app_metadata {whole.app_metadata}")
    merged = api.users.update(whole.user_id, user_metadata={"lang": "fr"})
    check(dict(merged.user_metadata or {}) == {"theme": "dark", "lang": "fr"}, f"merged {merged.user_metadata}")
    logs = list(api.users.logs.list(whole.user_id))
    check(all(getattr(e, "user_id", None) in (None, whole.user_id) for e in logs), f"logs {logs}")

    mary = api.users.create(connection="email-py", email="Mary-Jane@Example.com")
    by_email = api.users.list_users_by_email(email="MARY-JANE@example.com")
    check([u.user_id for u in by_email] == [mary.user_id], f"by email {by_email}")
    print(json.dumps({"ok": True}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
