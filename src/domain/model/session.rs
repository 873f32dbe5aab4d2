//! Hosted-login browser sessions as stored.

use crate::domain::UnixTime;

/// A browser's login session at the hosted page, so a second `/authorize` skips the prompt.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// SHA-256 of the cookie's value; the value itself is never stored.
    pub id_hash: Vec<u8>,
    pub user_id: String,
    /// When the user proved who they are: the `auth_time` of tokens from this session.
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}
