//! Cross-origin authentication (`/co/authenticate`): a login form embedded in the app's own
//! page (Lock, auth0.js `passwordlessLogin`) proves a one-time code, and gets a login ticket
//! for its browser to redeem at `/authorize`. The code is used under the rules of every other
//! way in (one store transaction, three wrong tries, single use). The ticket is short-lived,
//! single use, for this client only, and bound to the hosted-login session created with it,
//! so a ticket copied to another browser is worth nothing there.

use super::code;
use super::hosted;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::model::{Client, LoginTicketRecord, User};
use crate::domain::random_token;

/// The one credential type served: Auth0's passwordless OTP.
pub const OTP_CREDENTIAL: &str = "http://auth0.com/oauth/grant-type/passwordless/otp";
/// Seconds a ticket may wait for its `/authorize`: the page redirects at once.
pub const TICKET_LIFETIME: i64 = 120;

/// Why a cross-origin login is refused before any code is judged (Auth0's answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The client has `cross_origin_authentication` off (the default).
    NotAllowed,
    UnsupportedCredentialType,
}

/// What the page gets back, and the session cookie its browser keeps.
#[derive(Debug, Clone)]
pub struct Issued {
    pub login_ticket: String,
    pub co_verifier: String,
    pub co_id: String,
    /// The hosted-login session's cookie value, set on this response.
    pub session: String,
    pub user: User,
}

/// The checks that need no store: the client's switch and the credential type.
pub fn admissible(client: &Client, credential_type: &str) -> Result<(), Refusal> {
    if !client.cross_origin.cross_origin_authentication {
        return Err(Refusal::NotAllowed);
    }
    if credential_type != OTP_CREDENTIAL {
        return Err(Refusal::UnsupportedCredentialType);
    }
    Ok(())
}

/// Uses `otp` for `username` on the connection `realm`, then starts a session and issues
/// its ticket. The caller has checked [`admissible`].
pub async fn authenticate(
    core: &Core,
    client: &Client,
    realm: &str,
    username: &str,
    otp: &str,
) -> Result<Issued, DomainError> {
    let options = code::known_connection(core, realm).await?;
    let via = code::Via {
        client_id: &client.client_id,
        grant: crate::domain::measures::grant::CROSS_ORIGIN,
    };
    let user = code::login_with_code(core, via, realm, &options, username, otp, None).await?;
    // The code is spent; a crash before the ticket is stored leaves a session and no
    // ticket, which the page answers with an error and a new code.
    let session = hosted::create_session(core, &user).await?;
    let random = core.random.as_ref();
    let (login_ticket, co_verifier, co_id) = (
        random_token(random, 32),
        random_token(random, 32),
        random_token(random, 16),
    );
    let now = core.clock.now();
    core.store
        .create_login_ticket(&LoginTicketRecord {
            ticket_hash: sha256(login_ticket.as_bytes()),
            client_id: client.client_id.clone(),
            user_id: user.user_id.clone(),
            connection: realm.to_string(),
            session_hash: hosted::SessionKind::Login.hash(&session),
            verifier_hash: sha256(co_verifier.as_bytes()),
            co_id: co_id.clone(),
            created_at: now,
            expires_at: now + TICKET_LIFETIME,
            used_at: None,
        })
        .await?;
    Ok(Issued {
        login_ticket,
        co_verifier,
        co_id,
        session,
        user,
    })
}

/// Redeems `ticket` at `/authorize` for `client_id`, from the browser whose session cookie
/// is `session`: the ticket's user, or `None` (unknown, used, expired, another client's, or
/// presented without the session it was issued with; a ticket presented from the wrong
/// browser is spent all the same, so it cannot be tried again elsewhere).
pub async fn redeem(
    core: &Core,
    client_id: &str,
    ticket: &str,
    session: Option<&str>,
) -> Result<Option<String>, DomainError> {
    let now = core.clock.now();
    let Some(record) = core
        .store
        .redeem_login_ticket(&sha256(ticket.as_bytes()), client_id, now)
        .await?
    else {
        return Ok(None);
    };
    let bound = session.is_some_and(|s| {
        crate::domain::crypto::ct_eq(&hosted::SessionKind::Login.hash(s), &record.session_hash)
    });
    Ok(bound.then_some(record.user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(on: bool) -> Client {
        let mut c = Client::named("spa", "SPA", vec![]);
        c.cross_origin.cross_origin_authentication = on;
        c
    }

    #[test]
    fn only_an_allowed_client_and_the_otp_credential_pass() {
        assert_eq!(
            admissible(&client(false), OTP_CREDENTIAL),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            admissible(&client(true), "password"),
            Err(Refusal::UnsupportedCredentialType)
        );
        assert_eq!(admissible(&client(true), OTP_CREDENTIAL), Ok(()));
    }
}
