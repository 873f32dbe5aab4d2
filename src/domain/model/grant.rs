//! What a login grants beyond its tokens: refresh tokens and redirect-based logins'
//! authorization codes, as stored, and what presenting one led to.

use crate::domain::UnixTime;

/// A refresh token to store; the store fills in `user_id` when the login creates the user.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshTokenRecord {
    pub id: String,
    /// SHA-256 of the token; the token itself is never stored.
    pub token_hash: Vec<u8>,
    /// All tokens descended by rotation from one login share a family.
    pub family_id: String,
    pub client_id: String,
    pub user_id: String,
    pub scope: String,
    pub audience: Option<String>,
    pub device: Option<String>,
    pub created_at: UnixTime,
    /// When the whole family stops working (`expiring` clients).
    pub family_expires_at: Option<UnixTime>,
    /// When this token stops working if unused (`expiring` clients).
    pub idle_expires_at: Option<UnixTime>,
    pub rotated_at: Option<UnixTime>,
    pub revoked_at: Option<UnixTime>,
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshUse {
    /// The token is good; with rotation, `replacement` is now stored in its place.
    Accepted(Box<RefreshTokenRecord>),
    /// A rotated token came back: the whole family has just been revoked.
    Reused,
    /// A rotated token came back within [`DUPLICATE_WINDOW`] of its rotation, a duplicate
    /// of the request that rotated it: refused, and nothing revoked.
    ///
    /// [`DUPLICATE_WINDOW`]: crate::domain::tokens::refresh_rule::DUPLICATE_WINDOW
    Duplicate,
    /// Unknown, revoked or expired.
    Invalid,
}

/// A code from a redirect-based login (`/authorize`, the hosted page, a magic link), waiting to
/// be redeemed once at `/oauth/token`. It is bound to the client, the redirect URI and the
/// PKCE challenge it was issued with.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationCodeRecord {
    /// SHA-256 of the code; the code itself is never stored.
    pub code_hash: Vec<u8>,
    pub client_id: String,
    pub user_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub audience: Option<String>,
    pub nonce: Option<String>,
    /// An S256 challenge, the only method accepted.
    pub code_challenge: Option<String>,
    /// When the user proved who they are (the OIDC `auth_time`).
    pub auth_time: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
    /// The refresh-token family the redemption started, revoked if the code comes back.
    pub refresh_family_id: Option<String>,
}

/// What presenting an authorization code led to.
#[derive(Debug, Clone, PartialEq)]
pub enum CodeRedemption {
    /// First use: the code is now spent (and the refresh token, if any, stored).
    Redeemed,
    /// The code was already used: whatever the first use issued has just been revoked.
    Replayed,
    /// The code was used less than [`DUPLICATE_WINDOW`] ago, by a duplicate of this very
    /// request: refused, and what the first use issued stays valid.
    ///
    /// [`DUPLICATE_WINDOW`]: crate::domain::tokens::refresh_rule::DUPLICATE_WINDOW
    Duplicate,
    /// Unknown or expired.
    Invalid,
}
