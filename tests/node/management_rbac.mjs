// Auth0's Node SDK v7 `ManagementClient` against Latchkey serving its own TLS: APIs
// (resourceServers create/get by identifier/update/list/delete), roles (create/list/get/
// update/delete), a role's permissions and users, and a user's roles and permissions.
// Prints {"ok": true, ...}; a mismatch throws (exit 1).
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
const show = (x) => JSON.stringify(x);
const management = new ManagementClient({ domain, clientId, clientSecret });
const identifier = 'https://items.node.example/';

const api = await management.resourceServers.create({
  identifier,
  name: 'Items',
  scopes: [
    { value: 'read:items', description: 'Read items' },
    { value: 'write:items', description: 'Write items' },
  ],
  enforce_policies: true,
  token_dialect: 'access_token_authz',
});
check(api.identifier === identifier && api.enforce_policies === true, `create ${show(api)}`);
check(api.allow_offline_access === false && api.token_lifetime === 86400, `defaults ${show(api)}`);
const byIdentifier = await management.resourceServers.get(identifier);
check(byIdentifier.id === api.id, `get by identifier ${show(byIdentifier)}`);
const updated = await management.resourceServers.update(api.id, { name: 'Items v2', token_lifetime: 3600 });
check(updated.name === 'Items v2' && updated.token_lifetime === 3600, `update ${show(updated)}`);
const apis = await management.resourceServers.list();
check(apis.data.some((a) => a.id === api.id), `list ${show(apis.data)}`);
check(apis.data.some((a) => a.is_system === true), `the system API ${show(apis.data)}`);

const role = await management.roles.create({ name: 'reader', description: 'Reads items' });
check(role.id.startsWith('rol_') && role.name === 'reader', `role ${show(role)}`);
const renamed = await management.roles.update(role.id, { description: 'Reads every item' });
check(renamed.description === 'Reads every item', `role update ${show(renamed)}`);
const fetched = await management.roles.get(role.id);
check(fetched.name === 'reader', `role get ${show(fetched)}`);
const roles = await management.roles.list({ name_filter: 'READ' });
check(roles.data.length === 1 && roles.data[0].id === role.id, `roles ${show(roles.data)}`);

await management.roles.permissions.add(role.id, {
  permissions: [{ resource_server_identifier: identifier, permission_name: 'read:items' }],
});
const rolePermissions = await management.roles.permissions.list(role.id);
check(
  rolePermissions.data.length === 1 && rolePermissions.data[0].permission_name === 'read:items'
    && rolePermissions.data[0].resource_server_name === 'Items v2',
  `role permissions ${show(rolePermissions.data)}`,
);

const user = await management.users.create({ connection: 'sms', phone_number: phone });
await management.roles.users.assign(role.id, { users: [user.user_id] });
const members = await management.roles.users.list(role.id);
check(members.data.length === 1 && members.data[0].user_id === user.user_id, `members ${show(members.data)}`);

const writer = await management.roles.create({ name: 'writer' });
await management.users.roles.assign(user.user_id, { roles: [writer.id] });
const userRoles = await management.users.roles.list(user.user_id);
check(userRoles.data.map((r) => r.name).sort().join() === 'reader,writer', `user roles ${show(userRoles.data)}`);
await management.users.roles.delete(user.user_id, { roles: [writer.id] });

await management.users.permissions.create(user.user_id, {
  permissions: [{ resource_server_identifier: identifier, permission_name: 'write:items' }],
});
const held = await management.users.permissions.list(user.user_id);
const names = held.data.map((p) => p.permission_name).sort().join();
check(names === 'read:items,write:items', `user permissions ${show(held.data)}`);

await management.roles.delete(writer.id);
await management.roles.delete(role.id);
const gone = await management.roles.get(role.id).then(() => null, (e) => e.statusCode);
check(gone === 404, `deleted role: ${gone}`);
await management.resourceServers.delete(api.id);
const after = await management.users.permissions.list(user.user_id);
check(after.data.length === 0, `permissions after the API went ${show(after.data)}`);

console.log(JSON.stringify({ ok: true, api: api.id, role: role.id }));
process.exit(0);
