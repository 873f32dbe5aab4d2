// Auth0's Node SDK v7 `ManagementClient` (client-credentials token from
// https://<domain>/oauth/token for the audience https://<domain>/api/v2/, which it builds
// itself) against Latchkey serving its own TLS: users whole (an id kept from Auth0, names,
// metadata), a user_metadata merge, a user's logs, and an email user found by address in
// another case. Prints {"ok": true, ...}; a mismatch throws (exit 1).
//
// Env: LATCHKEY_DOMAIN (host:port), LATCHKEY_OPS_ID, LATCHKEY_OPS_SECRET (a machine client
// granted the Management API), PHONE_NUMBER; NODE_EXTRA_CA_CERTS trusts the certificate.
import { ManagementClient } from 'auth0';

const {
  LATCHKEY_DOMAIN: domain,
  LATCHKEY_OPS_ID: clientId,
  LATCHKEY_OPS_SECRET: clientSecret,
  PHONE_NUMBER: phone,
} = process.env;
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};
const management = new ManagementClient({ domain, clientId, clientSecret });

const created = await management.users.create({
  connection: 'sms',
  phone_number: phone,
  user_id: '5f0c8f2e9b1d4a0012345678',
  given_name: 'Ann',
  family_name: 'Lee',
  app_metadata: { plan: 'gold' },
  user_metadata: { theme: 'dark' },
});
check(created.user_id === 'sms|5f0c8f2e9b1d4a0012345678', `user_id ${created.user_id}`);
check(created.given_name === 'Ann' && created.family_name === 'Lee', `names ${JSON.stringify(created)}`);
check(JSON.stringify(created.app_metadata) === '{"plan":"gold"}', `app_metadata ${JSON.stringify(created.app_metadata)}`);

const merged = await management.users.update(created.user_id, { user_metadata: { lang: 'fr' } });
const { theme, lang, ...rest } = merged.user_metadata;
check(theme === 'dark' && lang === 'fr' && Object.keys(rest).length === 0, `merged ${JSON.stringify(merged.user_metadata)}`);

const fetched = await management.users.get(created.user_id);
check(fetched.user_metadata.lang === 'fr' && fetched.phone_number === phone, `get ${JSON.stringify(fetched)}`);

const logs = await management.users.logs.list(created.user_id, { include_totals: true });
check(Array.isArray(logs.data), `logs ${JSON.stringify(logs)}`);

const conflict = await management.users
  .create({ connection: 'sms', phone_number: phone })
  .then(() => null, (e) => e.statusCode);
check(conflict === 409, `a taken number: ${conflict}`);

await management.connections.create({ name: 'email-node', strategy: 'email', options: { totp: { length: 6, time_step: 300 } } });
const mary = await management.users.create({ connection: 'email-node', email: 'Mary-Jane@Example.com' });
const byEmail = await management.users.listUsersByEmail({ email: 'MARY-JANE@example.com' });
check(byEmail.length === 1 && byEmail[0].user_id === mary.user_id, `by email ${JSON.stringify(byEmail)}`);

console.log(JSON.stringify({ ok: true, user_id: created.user_id, logs: logs.data.length }));
process.exit(0);
