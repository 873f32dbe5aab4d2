//! Tokens: signing and checking them ([`issuer`]), the claims each scope releases
//! ([`claims`]), the signing keys ([`keys`]), refresh tokens ([`refresh`]) and `/userinfo`
//! ([`userinfo`]).

pub mod api_access;
pub mod claims;
pub mod issuer;
pub mod key_reload;
pub mod keys;
pub mod keys_cert;
pub mod refresh;
pub mod refresh_rule;
pub mod userinfo;

pub use claims::profile_claims;

use crate::domain::oauth::scope::Scope;

/// What a login asks its tokens for, whatever proved the user: the scope, the API
/// (`audience`) and the device its refresh token is bound to.
#[derive(Debug, Clone, Copy)]
pub struct TokenRequest<'a> {
    pub scope: &'a Scope,
    pub audience: Option<&'a str>,
    pub device: Option<&'a str>,
}
pub use issuer::{
    ACCESS_TOKEN_LIFETIME, AccessClaims, ID_TOKEN_LIFETIME, IdTokenExtras, IssuedTokens,
    TokenIssuer, at_hash,
};
