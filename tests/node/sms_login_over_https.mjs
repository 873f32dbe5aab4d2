// Auth0's Node SDK (`auth0`, its `auth0/legacy` AuthenticationClient, which only speaks
// https://<domain>) logs in by SMS code against Latchkey serving its own TLS. The SDK
// checks the id_token itself (signature from the JWKS, iss, aud, exp).
//
// Env: LATCHKEY_DOMAIN (host:port), LATCHKEY_CLIENT_ID, LATCHKEY_CLIENT_SECRET (the SDK's
// passwordless calls need a confidential client), PHONE_NUMBER; NODE_EXTRA_CA_CERTS
// trusts the test's certificate. The code is asked for on stdout ({"need":"code"}) and read
// from stdin ({"code":"…"}): the test reads it from the server's development log.
import { createInterface } from 'node:readline';
import { AuthenticationClient } from 'auth0/legacy';

const {
  LATCHKEY_DOMAIN: domain,
  LATCHKEY_CLIENT_ID: clientId,
  LATCHKEY_CLIENT_SECRET: clientSecret,
  PHONE_NUMBER: phone,
} = process.env;
const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const ask = async (need) => {
  console.log(JSON.stringify({ need }));
  const { value } = await input.next();
  return JSON.parse(value);
};

const auth = new AuthenticationClient({ domain, clientId, clientSecret });
await auth.passwordless.sendSMS({ phone_number: phone });
const { code } = await ask('code');
const { data } = await auth.passwordless.loginWithSMS({
  phone_number: phone,
  code,
  scope: 'openid profile phone',
});
if (!data.id_token || !data.access_token) {
  throw new Error(`no tokens: ${JSON.stringify(data)}`);
}
const claims = JSON.parse(Buffer.from(data.id_token.split('.')[1], 'base64url'));
console.log(JSON.stringify({ ok: true, sub: claims.sub, iss: claims.iss, phone: claims.phone_number }));
process.exit(0);
