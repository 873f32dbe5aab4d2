// openid-client (unmodified, from npm) against a running Latchkey over https: discovery, then a
// client_credentials grant authenticated with client_secret_basic, whose id and secret hold
// characters RFC 6749 §2.3.1 form-urlencodes inside the Basic header. Prints one JSON line.
// Env: ISSUER, CLIENT_ID, CLIENT_SECRET, AUDIENCE (and NODE_EXTRA_CA_CERTS for the test CA).
import * as client from 'openid-client';

const { ISSUER, CLIENT_ID, CLIENT_SECRET, AUDIENCE } = process.env;
try {
  const config = await client.discovery(
    new URL(ISSUER),
    CLIENT_ID,
    undefined,
    client.ClientSecretBasic(CLIENT_SECRET),
  );
  const tokens = await client.clientCredentialsGrant(config, { audience: AUDIENCE });
  const payload = JSON.parse(
    Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString(),
  );
  console.log(JSON.stringify({ ok: true, aud: payload.aud, azp: payload.azp ?? payload.client_id, token_type: tokens.token_type }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e), cause: e.cause ? String(JSON.stringify(e.cause)) : null }));
  process.exit(1);
}
