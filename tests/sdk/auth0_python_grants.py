"""auth0-python's Management API client against Latchkey: client grants and tenant settings.

Run by the Rust test `client_grants::auth0_python_manages_grants_and_tenant_settings`. A machine
client gets a client_credentials token with `GetToken.client_credentials`, then
auth0-python 6.x's generated client (`Auth0(base_url="http://…/api/v2", token=…)`)
creates a client grant for another machine client (a second one for the same API is
refused with 409), lists grants with its checkpoint pager (`take`, then `from`), updates
the grant's scopes, checks the other client's token follows them, deletes the grant (the
token is refused after), then reads and updates the tenant settings. Prints
`{"ok": true}`; on a mismatch "FAIL: ..." and exit 1.
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


def status_of(call) -> int | None:
    try:
        call()
    except Exception as e:  # the SDK's ApiError
        return getattr(e, "status_code", None)
    return None


def main() -> None:
    domain = os.environ["LATCHKEY_DOMAIN"]
    issuer = os.environ["LATCHKEY_ISSUER"]
    m2m, m2m_secret, api_id = os.environ["M2M_ID"], os.environ["M2M_SECRET"], os.environ["API"]
    token = GetToken(
        domain, os.environ["CLIENT_ID"], client_secret=os.environ["CLIENT_SECRET"], protocol="http"
    ).client_credentials(audience=f"{issuer}api/v2/")["access_token"]
    api = Auth0(base_url=f"{issuer}api/v2", token=token)
    machine = GetToken(domain, m2m, client_secret=m2m_secret, protocol="http")

    created = api.client_grants.create(client_id=m2m, audience=api_id, scope=["read:items"])
    check(created.id.startswith("cgr_") and created.audience == api_id, f"created {created}")
    taken = status_of(lambda: api.client_grants.create(client_id=m2m, audience=api_id, scope=[]))
    check(taken == 409, f"a taken pair: {taken}")

    listed = [g.id for g in api.client_grants.list(take=1)]
    check(created.id in listed and len(listed) >= 2, f"listed {listed}")
    check(len(set(listed)) == len(listed), f"a grant listed twice {listed}")
    mine = [g.id for g in api.client_grants.list(client_id=m2m)]
    check(mine == [created.id], f"filtered {mine}")

    updated = api.client_grants.update(created.id, scope=["read:items", "write:items"])
    check(list(updated.scope) == ["read:items", "write:items"], f"updated {updated}")
    got = machine.client_credentials(audience=api_id)
    check(got["scope"] == "read:items write:items", f"the token follows the grant: {got['scope']}")

    api.client_grants.delete(created.id)
    refused = status_of(lambda: machine.client_credentials(audience=api_id))
    check(refused == 403, f"a deleted grant gives no token: {refused}")
    gone = status_of(lambda: api.client_grants.get(created.id))
    check(gone == 404, f"a deleted grant is gone: {gone}")

    settings = api.tenants.settings.get()
    check(settings.session_lifetime == 168, f"settings {settings}")
    changed = api.tenants.settings.update(
        friendly_name="Acme Python", support_url="https://acme.example/help", idle_session_lifetime=12
    )
    check(changed.friendly_name == "Acme Python" and changed.idle_session_lifetime == 12, f"changed {changed}")
    again = api.tenants.settings.get()
    check(again.support_url == "https://acme.example/help" and again.session_lifetime == 168, f"again {again}")
    bad = status_of(lambda: api.tenants.settings.update(support_email="not an address"))
    check(bad == 400, f"a bad support_email: {bad}")
    print(json.dumps({"ok": True, "grants": len(listed)}))


if __name__ == "__main__":
    try:
        main()
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
