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

/// A cross-origin login's ticket (`/co/authenticate`), until `/authorize` redeems it. It is
/// bound to the session created with it, so a ticket copied into another browser is worth
/// nothing there.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginTicketRecord {
    /// SHA-256 of the ticket; the ticket itself is never stored.
    pub ticket_hash: Vec<u8>,
    pub client_id: String,
    pub user_id: String,
    pub connection: String,
    /// SHA-256 of the session cookie set with the ticket.
    pub session_hash: Vec<u8>,
    /// SHA-256 of the `co_verifier` handed to the app, for `/co/verify`.
    pub verifier_hash: Vec<u8>,
    pub co_id: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    pub used_at: Option<UnixTime>,
}
