//! Client grants as listed and created through the Management API (`/api/v2/client-grants`):
//! which ones a listing asks for, and what a creation came to. The grant itself,
//! [`ClientGrant`](super::ClientGrant), sits with the clients.

use super::Slice;

/// Which grants a listing wants: those of a client, for an audience, or both; from the
/// grant id `from` on (checkpoint paging) or a page of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GrantQuery {
    pub client_id: Option<String>,
    pub audience: Option<String>,
    /// The first grant id of the answer (checkpoint paging: the `next` of the page before).
    pub from: Option<String>,
    pub slice: Slice,
}

/// What storing a new grant came to: the unique pair (client, audience) and the client's
/// existence are checked by the one statement that inserts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantCreation {
    Created,
    /// The client already has a grant for this audience.
    Taken,
    /// There is no such client.
    NoClient,
}
