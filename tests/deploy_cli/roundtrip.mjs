// auth0-deploy-cli, unmodified, moving a tenant between two running Latchkeys: export the
// first (A) as YAML, import that folder into the second (B), export B, and compare the two
// exports file by file. Prints {"ok": true, "files": [...], "tenant": <A's tenant.yaml>} when
// they are identical; a difference or a failed step throws (exit 1) with what differed.
//
// Secrets are write-only in Latchkey, as an operator should expect: the export carries no
// Twilio auth token, so, as deploy-cli's documentation advises for secrets, the import adds
// `twilio_token: '##TWILIO_TOKEN##'` beside the exported `twilio_sid` and passes the token in
// AUTH0_KEYWORD_REPLACE_MAPPINGS. The comparison is with the export as it came out of A.
//
// Env: A_DOMAIN, B_DOMAIN (host:port, served over https), DEPLOY_ID, DEPLOY_SECRET (a machine
// client of each, granted the Management API), TWILIO_TOKEN, WORK_DIR (an empty folder);
// NODE_EXTRA_CA_CERTS trusts both servers' certificates.
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import cli from 'auth0-deploy-cli';

// The resource types Latchkey does not serve. Everything else deploy-cli knows is exported and
// imported: clients, client grants, connections (SMS and email), resource servers with their
// scopes, roles with their permissions, the email provider and the tenant settings.
export const NOT_SERVED = [
  'actionModules', 'actions', 'attackProtection', 'branding', 'connectionProfiles',
  'customDomains', 'databases', 'emailTemplates', 'eventStreams', 'flowVaultConnections',
  'flows', 'forms', 'guardianFactorProviders', 'guardianFactorTemplates', 'guardianFactors',
  'guardianPhoneFactorMessageTypes', 'guardianPhoneFactorSelectedProvider', 'guardianPolicies',
  'hooks', 'logStreams', 'networkACLs', 'organizations', 'pages', 'phoneProviders',
  'phoneTemplates', 'prompts', 'rateLimitPolicies', 'riskAssessment', 'rules', 'rulesConfigs',
  'selfServiceProfiles', 'supplementalSignals', 'themes', 'tokenExchangeProfiles', 'triggers',
  'userAttributeProfiles',
];

const env = process.env;
const config = (domain) => ({
  AUTH0_DOMAIN: domain,
  AUTH0_KEYWORD_REPLACE_MAPPINGS: { TWILIO_TOKEN: env.TWILIO_TOKEN },
  AUTH0_CLIENT_ID: env.DEPLOY_ID,
  AUTH0_CLIENT_SECRET: env.DEPLOY_SECRET,
  AUTH0_EXCLUDED: NOT_SERVED,
  AUTH0_ALLOW_DELETE: false,
});

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });

const first = join(env.WORK_DIR, 'from-a');
const toB = join(env.WORK_DIR, 'to-b');
const second = join(env.WORK_DIR, 'from-b');
await cli.dump({ output_folder: first, format: 'yaml', config: config(env.A_DOMAIN) });
cpSync(first, toB, { recursive: true });
const exported = readFileSync(join(toB, 'tenant.yaml'), 'utf8');
const withToken = exported.replace(
  /^( *)twilio_sid: (.*)$/m,
  (line, indent) => `${line}\n${indent}twilio_token: '##TWILIO_TOKEN##'`,
);
if (withToken === exported) throw new Error(`no twilio_sid in the export:\n${exported}`);
writeFileSync(join(toB, 'tenant.yaml'), withToken);
await cli.deploy({ input_file: join(toB, 'tenant.yaml'), config: config(env.B_DOMAIN) });
await cli.dump({ output_folder: second, format: 'yaml', config: config(env.B_DOMAIN) });

const listed = (dir) => files(dir).map((f) => relative(dir, f)).sort();
const names = listed(first);
if (JSON.stringify(names) !== JSON.stringify(listed(second))) {
  throw new Error(`the exports hold different files: ${names} vs ${listed(second)}`);
}
for (const name of names) {
  const a = readFileSync(join(first, name), 'utf8');
  const b = readFileSync(join(second, name), 'utf8');
  if (a !== b) throw new Error(`${name} differs:\n--- A\n${a}\n--- B\n${b}`);
}
console.log(
  JSON.stringify({ ok: true, files: names, tenant: readFileSync(join(first, 'tenant.yaml'), 'utf8') }),
);
