// Auth0's Node SDK `ManagementClient`, v4 (as the `auth0-v4` alias) or v7, unmodified,
// against Latchkey serving its own TLS. One scenario for both majors (MAJOR=4 or 7); where
// their APIs differ (v4 returns `{data}` and takes `{id}` objects, v7 is Fern-generated
// with pagers) a small adapter calls each its own way, and every answer is checked:
// users (a kept id, get with `fields`, merge, search, by email), clients (the secret
// read with read:client_keys, rotation), connections (list, every checkpoint page in v7;
// get), signing keys (list, get), logs (searched by type: v4 sends `q`, v7 `search`; get
// one), device credentials, the email provider. Prints {"ok": true, ...}; a mismatch
// throws (exit 1).
//
// Env: MAJOR, LATCHKEY_DOMAIN (host:port), LATCHKEY_OPS_ID, LATCHKEY_OPS_SECRET (a machine
// client granted every Management scope), PHONE_NUMBER; NODE_EXTRA_CA_CERTS trusts the
// certificate.

const { MAJOR: major, LATCHKEY_DOMAIN: domain, LATCHKEY_OPS_ID: clientId, LATCHKEY_OPS_SECRET: clientSecret, PHONE_NUMBER: phone } = process.env;
const check = (ok, what) => {
  if (!ok) throw new Error(what);
};
const { ManagementClient } = await import(major === '4' ? 'auth0-v4' : 'auth0');
const m = new ManagementClient({ domain, clientId, clientSecret });

const all = async (page) => {
  const items = [];
  for await (const item of page) items.push(item);
  return items;
};
const sdk = major === '4'
  ? {
      createUser: async (b) => (await m.users.create(b)).data,
      getUser: async (id, fields) => (await m.users.get({ id, fields })).data,
      updateUser: async (id, b) => (await m.users.update({ id }, b)).data,
      searchUsers: async (q) => (await m.users.getAll({ q })).data,
      byEmail: async (email) => (await m.usersByEmail.getByEmail({ email })).data,
      createClient: async (b) => (await m.clients.create(b)).data,
      getClient: async (id, fields) => (await m.clients.get({ client_id: id, fields })).data,
      rotate: async (id) => (await m.clients.rotateClientSecret({ client_id: id })).data,
      deleteClient: (id) => m.clients.delete({ client_id: id }),
      connections: async () => (await m.connections.getAll()).data,
      connection: async (id) => (await m.connections.get({ id })).data,
      keys: async () => (await m.keys.getAll()).data,
      key: async (kid) => (await m.keys.get({ kid })).data,
      logs: async (search) => (await m.logs.getAll({ q: search })).data,
      log: async (id) => (await m.logs.get({ id })).data,
      devices: async (user_id) => (await m.deviceCredentials.getAll({ user_id })).data,
      setProvider: async (b) => (await m.emails.configure(b)).data,
      provider: async (fields) => (await m.emails.get({ fields })).data,
    }
  : {
      createUser: (b) => m.users.create(b),
      getUser: (id, fields) => m.users.get(id, { fields }),
      updateUser: (id, b) => m.users.update(id, b),
      searchUsers: async (q) => all(await m.users.list({ q })),
      byEmail: (email) => m.users.listUsersByEmail({ email }),
      createClient: (b) => m.clients.create(b),
      getClient: (id, fields) => m.clients.get(id, { fields }),
      rotate: (id) => m.clients.rotateSecret(id),
      deleteClient: (id) => m.clients.delete(id),
      // checkpoint paging, one connection a page, following `next`
      connections: async () => all(await m.connections.list({ take: 1 })),
      connection: (id) => m.connections.get(id),
      keys: () => m.keys.signing.list(),
      key: (kid) => m.keys.signing.get(kid),
      logs: async (search) => all(await m.logs.list({ search })),
      log: (id) => m.logs.get(id),
      devices: async (user_id) => all(await m.deviceCredentials.list({ user_id })),
      setProvider: (b) => m.emails.provider.create(b),
      provider: (fields) => m.emails.provider.get({ fields }),
    };

const user = await sdk.createUser({ connection: 'sms', phone_number: phone, user_id: `node${major}`, given_name: 'Ann', user_metadata: { theme: 'dark' } });
check(user.user_id === `sms|node${major}`, `user_id ${JSON.stringify(user)}`);
const few = await sdk.getUser(user.user_id, 'user_id,given_name');
check(few.given_name === 'Ann' && few.phone_number === undefined, `fields ${JSON.stringify(few)}`);
const merged = await sdk.updateUser(user.user_id, { user_metadata: { lang: 'fr' } });
const { theme, lang, ...others } = merged.user_metadata;
check(theme === 'dark' && lang === 'fr' && Object.keys(others).length === 0, `merged ${JSON.stringify(merged.user_metadata)}`);
const found = await sdk.searchUsers(`phone_number:"${phone}"`);
check(found.length === 1 && found[0].user_id === user.user_id, `search ${JSON.stringify(found)}`);
const mary = await sdk.createUser({ connection: 'email', email: `Mary${major}@Example.com` });
const byEmail = await sdk.byEmail(`MARY${major}@example.com`);
check(byEmail.length === 1 && byEmail[0].user_id === mary.user_id, `by email ${JSON.stringify(byEmail)}`);

const created = await sdk.createClient({ name: `Node ${major}`, app_type: 'regular_web', callbacks: ['https://node.example/cb'] });
check(typeof created.client_secret === 'string' && created.client_secret.length > 20, `created ${JSON.stringify(created)}`);
const read = await sdk.getClient(created.client_id);
check(read.client_secret === created.client_secret, `read:client_keys reads the secret ${JSON.stringify(read)}`);
const named = await sdk.getClient(created.client_id, 'name');
check(JSON.stringify(named) === JSON.stringify({ name: `Node ${major}` }), `fields ${JSON.stringify(named)}`);
const rotated = await sdk.rotate(created.client_id);
check(rotated.client_secret !== created.client_secret, 'a new secret');
check((await sdk.getClient(created.client_id)).client_secret === rotated.client_secret, 'the new secret is read back');
await sdk.deleteClient(created.client_id);

const connections = await sdk.connections();
const names = connections.map((c) => c.name).sort();
check(JSON.stringify(names) === '["email","sms"]', `connections ${names}`);
const sms = await sdk.connection('con_sms');
check(sms.strategy === 'sms', `connection ${JSON.stringify(sms)}`);

const keys = await sdk.keys();
const current = keys.find((k) => k.current);
check(current && current.cert.startsWith('-----BEGIN CERTIFICATE-----'), `keys ${JSON.stringify(keys)}`);
const key = await sdk.key(current.kid);
check(key.thumbprint === current.thumbprint && key.fingerprint.split(':').join('') === key.thumbprint, `key ${JSON.stringify(key)}`);

const logs = await sdk.logs('type:sapi');
check(logs.length >= 3 && logs.every((e) => e.type === 'sapi'), `logs ${JSON.stringify(logs)}`);
const one = await sdk.log(logs[0].log_id);
check(one.log_id === logs[0].log_id, `log ${JSON.stringify(one)}`);

const devices = await sdk.devices(user.user_id);
check(Array.isArray(devices) && devices.length === 0, `devices ${JSON.stringify(devices)}`);

await sdk.setProvider({ name: 'smtp', default_from_address: 'login@node.example', credentials: { smtp_host: 'smtp.node.example', smtp_port: 587, smtp_user: 'u', smtp_pass: 'not-shown-2' } });
const provider = await sdk.provider('name,default_from_address');
check(Object.keys(provider).sort().join() === 'default_from_address,name' && provider.name === 'smtp' && provider.default_from_address === 'login@node.example', `provider ${JSON.stringify(provider)}`);

console.log(JSON.stringify({ ok: true, major, user_id: user.user_id }));
process.exit(0);
