//! Signing and checking what Latchkey hands out after a login: the OIDC `id_token`, the
//! access token (opaque to clients unless an `audience` asks for a JWT), machine tokens, and
//! the checks of tokens presented back (APIs, `/userinfo`, logout hints).

use std::sync::{Arc, RwLock};

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::claims::profile_claims;
use super::keys::{KeyRing, jose_alg};
use crate::domain::crypto::ServerKeys;
use crate::domain::model::{Client, KeyState, ResourceServer, SigningAlg, User};
use crate::domain::oauth::api_scope::ApiAccess;
use crate::domain::oauth::scope::Scope;
use crate::domain::ports::Store;
use crate::domain::{DomainError, UnixTime};

/// Auth0's default lifetimes.
pub use crate::domain::model::ID_TOKEN_LIFETIME;
pub const ACCESS_TOKEN_LIFETIME: i64 = 86_400;

/// What a redirect-based login adds to the `id_token` (OIDC Core §2, §3.2.2.10).
#[derive(Debug, Clone, Default)]
pub struct IdTokenExtras<'a> {
    pub nonce: Option<&'a str>,
    pub auth_time: Option<UnixTime>,
    /// Whether to bind the access token returned beside the `id_token` (implicit flow).
    pub at_hash: bool,
    /// Whether the tokens go back from `/authorize` (the implicit flow): an API's access
    /// token then lives its `token_lifetime_for_web`.
    pub for_web: bool,
}

/// OIDC's `at_hash`: the left half of the access token's hash, base64url. The hash is the
/// one of the `id_token`'s algorithm: SHA-256 for RS256, PS256 and ES256, SHA-512 for
/// Ed25519 (as OpenID's libraries take it for EdDSA).
pub fn at_hash(access_token: &str, alg: SigningAlg) -> String {
    use aws_lc_rs::digest;
    use base64::Engine;
    let hash = match alg {
        SigningAlg::EdDsa => &digest::SHA512,
        _ => &digest::SHA256,
    };
    let digest = digest::digest(hash, access_token.as_bytes());
    let digest = digest.as_ref();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
}

/// Claims of an access token, as `/userinfo` reads them back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: String,
    pub aud: Value,
    pub azp: String,
    pub iat: UnixTime,
    pub exp: UnixTime,
    pub scope: String,
    /// With an API's `access_token_authz` dialect: every permission the user holds on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
}

/// Signs and checks tokens for one issuer.
pub struct TokenIssuer {
    issuer: String,
    ring: RwLock<Arc<KeyRing>>,
    access_encoding: EncodingKey,
    access_decoding: DecodingKey,
}

/// Tokens for one login or refresh.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    /// Whom the tokens are for (a user id, or `<client_id>@clients`).
    pub subject: String,
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    pub scope: String,
}

impl TokenIssuer {
    /// `issuer` must end with `/`; `access_key` is the server's HS256 key for opaque tokens.
    pub fn new(issuer: String, ring: KeyRing, access_key: &[u8]) -> Result<Self, DomainError> {
        Ok(Self {
            issuer,
            ring: RwLock::new(Arc::new(ring)),
            access_encoding: EncodingKey::from_secret(access_key).map_err(DomainError::internal)?,
            access_decoding: DecodingKey::from_secret(access_key).map_err(DomainError::internal)?,
        })
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn userinfo_audience(&self) -> String {
        format!("{}userinfo", self.issuer)
    }

    pub fn ring(&self) -> Arc<KeyRing> {
        match self.ring.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swaps in a reloaded key ring (after a rotation).
    pub fn replace_ring(&self, ring: KeyRing) {
        let mut guard = match self.ring.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(ring);
    }

    /// Picks up keys rotated in the database (by `latchkey keys rotate` or another
    /// instance), or made there for an algorithm a client was switched to: the new current
    /// keys sign from now on, and the JWKS lists what the database lists.
    pub async fn reload(&self, store: &dyn Store, keys: &ServerKeys) -> Result<(), DomainError> {
        let records = store.signing_keys().await?;
        let ring = self.ring();
        let mut stored: Vec<&str> = records
            .iter()
            .filter(|r| r.state != KeyState::Retired)
            .map(|r| r.kid.as_str())
            .collect();
        let mut published: Vec<&str> = ring.published.iter().map(|k| k.kid.as_str()).collect();
        let mut current: Vec<&str> = records
            .iter()
            .filter(|r| r.state == KeyState::Current)
            .map(|r| r.kid.as_str())
            .collect();
        let mut signing = ring.current_kids();
        for list in [&mut stored, &mut published, &mut current, &mut signing] {
            list.sort_unstable();
        }
        if stored != published || current != signing {
            let fresh = KeyRing::load(&records, keys)?;
            tracing::info!(kid = %fresh.current.kid, "signing keys reloaded");
            self.replace_ring(fresh);
        }
        Ok(())
    }

    /// Signs what a login or refresh returns. An RS256 signature costs about half a
    /// millisecond of CPU, so only the tokens the client needs are signed: the `id_token`
    /// only with `openid` (with the client's `jwt_configuration.alg`), a JWT access token
    /// only for an `audience` (RS256, as Auth0 signs its APIs' tokens). Signing runs inline:
    /// measured with the shared benchmark on 2 cores, handing it to the blocking pool cost
    /// about 12 % of logins per second (604 against 675 at concurrency 16) in thread hand-offs.
    ///
    /// `extras` are the claims a redirect-based login adds to the `id_token` (none for the
    /// others). The scope is what the user asked for; the tokens carry what the audience's
    /// rule ([`ApiAccess::grant`], the one place it is decided) allows of it, and the
    /// access token lives as long as the API says.
    pub fn issue(
        &self,
        user: &User,
        client: &Client,
        scope: &Scope,
        api: &ApiAccess,
        now: UnixTime,
        extras: &IdTokenExtras<'_>,
    ) -> Result<IssuedTokens, DomainError> {
        let client_id = client.client_id.as_str();
        let audience = api.audience();
        let scope = &api.grant(scope);
        let scope_text = scope.to_string();
        let lifetime = api.lifetime(extras.for_web, ACCESS_TOKEN_LIFETIME);
        let access = AccessClaims {
            iss: self.issuer.clone(),
            sub: user.user_id.clone(),
            aud: match audience {
                Some(a) => Value::from(vec![a.to_string(), self.userinfo_audience()]),
                None => Value::from(self.userinfo_audience()),
            },
            azp: client_id.into(),
            iat: now,
            exp: now + lifetime,
            scope: scope_text.clone(),
            permissions: api.permissions_claim().map(<[String]>::to_vec),
        };
        let ring = self.ring();
        let access_token = if let Some(api) = api.api.as_deref() {
            ring.signer(api.settings.signing_alg)?.sign(&access)?
        } else {
            jsonwebtoken::encode(
                &Header::new(Algorithm::HS256),
                &access,
                &self.access_encoding,
            )
            .map_err(DomainError::internal)?
        };
        let id_token = if scope.has("openid") {
            let signer = ring.signer(client.jwt_configuration.alg)?;
            let mut c = profile_claims(user, scope);
            c.insert("iss".into(), self.issuer.clone().into());
            c.insert("aud".into(), client_id.into());
            c.insert("iat".into(), now.into());
            let lifetime = client.jwt_configuration.lifetime_in_seconds;
            c.insert("exp".into(), (now + lifetime).into());
            if let Some(nonce) = extras.nonce {
                c.insert("nonce".into(), nonce.into());
            }
            if let Some(auth_time) = extras.auth_time {
                c.insert("auth_time".into(), auth_time.into());
            }
            if extras.at_hash {
                c.insert("at_hash".into(), at_hash(&access_token, signer.alg).into());
            }
            Some(signer.sign(&c)?)
        } else {
            None
        };
        Ok(IssuedTokens {
            subject: user.user_id.clone(),
            access_token,
            id_token,
            refresh_token: None,
            expires_in: lifetime,
            scope: scope_text,
        })
    }

    /// A `client_credentials` token: a JWT for one API (signed with its algorithm, living
    /// its `token_lifetime`), with the subject `<client_id>@clients` as Auth0 names machine
    /// callers.
    pub fn issue_machine(
        &self,
        client_id: &str,
        api: &ResourceServer,
        scope: &Scope,
        now: UnixTime,
    ) -> Result<IssuedTokens, DomainError> {
        let audience = api.identifier.as_str();
        let lifetime = api.settings.token_lifetime;
        let mut claims = Map::new();
        claims.insert("iss".into(), self.issuer.clone().into());
        claims.insert("sub".into(), format!("{client_id}@clients").into());
        claims.insert("aud".into(), audience.into());
        claims.insert("azp".into(), client_id.into());
        claims.insert("iat".into(), now.into());
        claims.insert("exp".into(), (now + lifetime).into());
        claims.insert("scope".into(), scope.to_string().into());
        claims.insert("gty".into(), "client-credentials".into());
        let access_token = self
            .ring()
            .signer(api.settings.signing_alg)?
            .sign(&claims)?;
        Ok(IssuedTokens {
            subject: format!("{client_id}@clients"),
            access_token,
            id_token: None,
            refresh_token: None,
            expires_in: lifetime,
            scope: scope.to_string(),
        })
    }

    /// Decodes a JWT signed by one of our published keys (found by `kid`) with that key's
    /// own algorithm, never another (an RS256 key does not check a PS256 token, nor an HMAC
    /// one), with the issuer and the other checks `v` asks for; expiry is the caller's, on
    /// its clock.
    fn decode_ours<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        header: &Header,
        mut v: Validation,
    ) -> Result<T, DomainError> {
        let bad = |why: &str| DomainError::InvalidToken(why.to_string());
        let kid = header
            .kid
            .as_deref()
            .ok_or_else(|| bad("token has no kid"))?;
        let ring = self.ring();
        let verifier = ring
            .verifier(kid)
            .ok_or_else(|| bad("unknown signing key"))?;
        let alg = jose_alg(verifier.alg);
        if header.alg != alg {
            return Err(bad("the token's algorithm is not its key's"));
        }
        v.algorithms = vec![alg];
        v.set_issuer(&[&self.issuer]);
        v.validate_exp = false;
        v.leeway = 0;
        jsonwebtoken::decode::<T>(token, &verifier.key, &v)
            .map(|d| d.claims)
            .map_err(|_| bad("invalid token"))
    }

    /// [`Self::decode_ours`] of a token whose header is read here.
    fn decode_signed<T: serde::de::DeserializeOwned>(
        &self,
        token: &str,
        v: Validation,
    ) -> Result<T, DomainError> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| DomainError::InvalidToken("malformed token".into()))?;
        self.decode_ours(token, &header, v)
    }

    /// Checks a JWT access token presented to one of our APIs (`audience`): signed by a
    /// published key with its algorithm, our issuer, the audience among its `aud`, not expired.
    pub fn verify_api_token(
        &self,
        token: &str,
        audience: &str,
        now: UnixTime,
    ) -> Result<AccessClaims, DomainError> {
        let mut v = Validation::new(Algorithm::RS256);
        v.set_audience(&[audience]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims: AccessClaims = self.decode_signed(token, v)?;
        if claims.exp <= now {
            return Err(DomainError::InvalidToken("token expired".into()));
        }
        Ok(claims)
    }

    /// Checks an `id_token` presented as a credential (Lock v1's legacy public-key API):
    /// signed by a published key with its algorithm, our issuer, not expired. Returns
    /// `(sub, aud)`.
    pub fn verify_id_token(
        &self,
        token: &str,
        now: UnixTime,
    ) -> Result<(String, String), DomainError> {
        let bad = |why: &str| DomainError::InvalidToken(why.to_string());
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_aud = false;
        v.set_required_spec_claims(&["iss", "aud", "sub", "exp"]);
        let claims: Value = self.decode_signed(token, v)?;
        if claims
            .get("exp")
            .and_then(Value::as_i64)
            .is_none_or(|exp| exp <= now)
        {
            return Err(bad("token expired"));
        }
        let text = |k: &str| claims.get(k).and_then(Value::as_str).map(str::to_string);
        Ok((
            text("sub").ok_or_else(|| bad("no sub"))?,
            text("aud").ok_or_else(|| bad("no aud"))?,
        ))
    }

    /// The client an `id_token_hint` was issued to (OIDC logout): the signature, algorithm
    /// and issuer must check out; expiry does not matter, since hints are often old.
    pub fn id_token_audience(&self, token: &str) -> Option<String> {
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_aud = false;
        v.set_required_spec_claims(&["iss", "aud"]);
        let claims: Value = self.decode_signed(token, v).ok()?;
        claims.get("aud")?.as_str().map(str::to_string)
    }

    /// Checks an access token presented to `/userinfo`: algorithm pinned per kind (HS256
    /// for our opaque tokens, a published key's own algorithm for JWTs), issuer, audience,
    /// expiry.
    pub fn verify_access_token(
        &self,
        token: &str,
        now: UnixTime,
    ) -> Result<AccessClaims, DomainError> {
        let bad = |why: &str| DomainError::InvalidToken(why.to_string());
        let header = jsonwebtoken::decode_header(token).map_err(|_| bad("malformed token"))?;
        let mut v = Validation::new(Algorithm::HS256);
        v.set_audience(&[self.userinfo_audience()]);
        v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let claims: AccessClaims = if header.alg == Algorithm::HS256 {
            v.set_issuer(&[&self.issuer]);
            // We check expiry against the injected clock below, not the system clock.
            v.validate_exp = false;
            v.leeway = 0;
            jsonwebtoken::decode::<AccessClaims>(token, &self.access_decoding, &v)
                .map_err(|_| bad("invalid token"))?
                .claims
        } else {
            self.decode_ours(token, &header, v)?
        };
        if claims.exp <= now {
            return Err(bad("token expired"));
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_hash_takes_the_left_half_of_the_algorithms_hash() {
        use base64::Engine;
        let decoded = |alg| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(at_hash("token", alg))
                .unwrap()
        };
        let sha256 = crate::domain::crypto::sha256(b"token");
        for alg in [SigningAlg::Rs256, SigningAlg::Ps256, SigningAlg::Es256] {
            assert_eq!(decoded(alg), sha256[..16]);
        }
        let sha512 = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA512, b"token");
        assert_eq!(decoded(SigningAlg::EdDsa), sha512.as_ref()[..32]);
    }
}
