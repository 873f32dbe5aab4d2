//! Tokens: signing and checking them ([`issuer`]), the claims each scope releases
//! ([`claims`]), the signing keys ([`keys`]), refresh tokens ([`refresh`]) and `/userinfo`
//! ([`userinfo`]).

pub mod claims;
pub mod issuer;
pub mod key_reload;
pub mod keys;
pub mod refresh;
pub mod refresh_rule;
pub mod userinfo;

pub use claims::profile_claims;
pub use issuer::{
    ACCESS_TOKEN_LIFETIME, AccessClaims, ID_TOKEN_LIFETIME, IdTokenExtras, IssuedTokens,
    TokenIssuer, at_hash,
};
