// Auth0's Node SDK v7 `ManagementClient` against Latchkey serving its own TLS: client grants
// created (and refused when taken), listed with the SDK's checkpoint pager, read, changed
// and deleted; the tenant settings read and changed. Prints {"ok": true, ...}; a mismatch
// throws (exit 1).
//
// Env: LATCHKEY_DOMAIN (host:port), LATCHKEY_OPS_ID, LATCHKEY_OPS_SECRET (a machine client
// granted the Management API), LATCHKEY_M2M_ID (a machine client with no grant yet),
// LATCHKEY_API (an API's identifier); NODE_EXTRA_CA_CERTS trusts the certificate.
import { ManagementClient } from 'auth0';

const {
  LATCHKEY_DOMAIN: domain,
  LATCHKEY_OPS_ID: clientId,
  LATCHKEY_OPS_SECRET: clientSecret,
  LATCHKEY_M2M_ID: m2m,
  LATCHKEY_API: api,
} = process.env;
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};
const management = new ManagementClient({ domain, clientId, clientSecret });

const created = await management.clientGrants.create({ client_id: m2m, audience: api, scope: ['read:items'] });
check(created.id.startsWith('cgr_') && created.client_id === m2m && created.audience === api, `created ${JSON.stringify(created)}`);
check(JSON.stringify(created.scope) === '["read:items"]', `scope ${JSON.stringify(created.scope)}`);

const conflict = await management.clientGrants
  .create({ client_id: m2m, audience: api, scope: [] })
  .then(() => null, (e) => e.statusCode);
check(conflict === 409, `a taken pair: ${conflict}`);

// The SDK pages by checkpoint (take, then from = next) and follows `next` itself.
const listed = [];
for await (const grant of await management.clientGrants.list({ take: 1 })) {
  listed.push(grant.id);
}
check(listed.includes(created.id) && listed.length >= 2, `listed ${JSON.stringify(listed)}`);
check(new Set(listed).size === listed.length, `a grant listed twice ${JSON.stringify(listed)}`);
const mine = [];
for await (const grant of await management.clientGrants.list({ client_id: m2m, audience: api })) {
  mine.push(grant.id);
}
check(JSON.stringify(mine) === JSON.stringify([created.id]), `filtered ${JSON.stringify(mine)}`);

const fetched = await management.clientGrants.get(created.id);
check(fetched.id === created.id, `get ${JSON.stringify(fetched)}`);
const updated = await management.clientGrants.update(created.id, { scope: ['read:items', 'write:items'] });
check(updated.scope.join(' ') === 'read:items write:items', `update ${JSON.stringify(updated)}`);
await management.clientGrants.delete(created.id);
const gone = await management.clientGrants.get(created.id).then(() => null, (e) => e.statusCode);
check(gone === 404, `deleted: ${gone}`);

const settings = await management.tenants.settings.get();
check(settings.session_lifetime === 168 && settings.idle_session_lifetime === 72, `settings ${JSON.stringify(settings)}`);
const changed = await management.tenants.settings.update({
  friendly_name: 'Acme Node',
  support_email: 'help@acme.example',
  session_lifetime: 24,
  flags: { enable_sso: true },
});
check(changed.friendly_name === 'Acme Node' && changed.session_lifetime === 24, `updated ${JSON.stringify(changed)}`);
check(changed.flags.enable_sso === true, `flags ${JSON.stringify(changed.flags)}`);
const again = await management.tenants.settings.get({ fields: 'friendly_name,support_email', include_fields: true });
check(again.friendly_name === 'Acme Node' && again.support_email === 'help@acme.example' && again.flags === undefined, `fields ${JSON.stringify(again)}`);
const refused = await management.tenants.settings
  .update({ enabled_locales: ['sw'] })
  .then(() => null, (e) => e.statusCode);
check(refused === 400, `a language the pages do not speak: ${refused}`);

console.log(JSON.stringify({ ok: true, grants: listed.length, friendly_name: again.friendly_name }));
process.exit(0);
