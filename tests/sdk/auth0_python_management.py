"""auth0-python's Management API client against Latchkey.

Run by the Rust test `sdk::auth0_python_management_client`. A machine client gets a
client_credentials token with `GetToken.client_credentials`, then auth0-python 6.x's
generated client (`Auth0(base_url="http://…/api/v2", token=…)`) lists, creates, updates,
rotates and deletes clients, lists, creates and updates connections, and creates, finds and
blocks a user.
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
    print(json.dumps({"ok": True}), flush=True)


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
