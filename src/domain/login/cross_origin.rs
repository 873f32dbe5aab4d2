//! Cross-origin authentication (`/co/authenticate`): a login form embedded in the app's own
//! page (Lock, auth0.js `passwordlessLogin`) proves a one-time code, and gets a login ticket
//! for its browser to redeem at `/authorize`. The code is used under the rules of every other
//! way in (one store transaction, three wrong tries, single use). The ticket is short-lived,
//! single use, for this client only, and bound to the hosted-login session created with it,
//! so a ticket copied to another browser is worth nothing there.

use serde::{Deserialize, Serialize};

use super::code;
use super::hosted;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::model::{Client, LoginTicketRecord, User};
use crate::domain::oauth::redirect::AuthorizeParams;
use crate::domain::{UnixTime, random_token};

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

/// Where a ticket presented at `/authorize` leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presented {
    /// From the browser whose session it was issued with: the ticket is spent, and this is
    /// its user.
    Bound { user_id: String },
    /// From a browser without that session (its third-party cookies are blocked, so the
    /// cookie `/co/authenticate` set never landed), for a client with a fallback page
    /// (`cross_origin_loc`): ask that page for the verifier of `co_id`. The ticket stays
    /// unspent until `/co/verify`.
    AskVerifier { co_id: String },
    /// Unknown, used, expired or another client's; or presented without its session by a
    /// client with no fallback page, which spends it so it cannot be tried again elsewhere.
    Refused,
}

/// Judges `ticket` at `/authorize` for `client`, from the browser whose session cookie is
/// `session`.
pub async fn present(
    core: &Core,
    client: &Client,
    ticket: &str,
    session: Option<&str>,
) -> Result<Presented, DomainError> {
    let now = core.clock.now();
    let hash = sha256(ticket.as_bytes());
    let client_id = &client.client_id;
    let bound = |record: &LoginTicketRecord| {
        session.is_some_and(|s| {
            crate::domain::crypto::ct_eq(&hosted::SessionKind::Login.hash(s), &record.session_hash)
        })
    };
    if client.cross_origin.cross_origin_loc.is_some() {
        match core.store.login_ticket(&hash, client_id, now).await? {
            None => return Ok(Presented::Refused),
            Some(record) if !bound(&record) => {
                return Ok(Presented::AskVerifier {
                    co_id: record.co_id,
                });
            }
            Some(_) => {}
        }
    }
    Ok(
        match core
            .store
            .redeem_login_ticket(&hash, client_id, now)
            .await?
        {
            Some(record) if bound(&record) => Presented::Bound {
                user_id: record.user_id,
            },
            _ => Presented::Refused,
        },
    )
}

/// What the fallback page carries to `/co/verify`, sealed (Auth0's `state` field there): the
/// app's request and the ticket, so neither can be read or changed on the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyState {
    pub params: AuthorizeParams,
    pub ticket: String,
    pub expires_at: UnixTime,
}

const VERIFY_CONTEXT: &str = "co-verify state v1";

/// Seals the request and ticket for the fallback page; it lives as long as the ticket may.
pub fn seal_verify_state(
    core: &Core,
    params: &AuthorizeParams,
    ticket: &str,
) -> Result<String, DomainError> {
    let state = VerifyState {
        params: params.clone(),
        ticket: ticket.to_string(),
        expires_at: core.clock.now() + TICKET_LIFETIME,
    };
    let json = serde_json::to_vec(&state).map_err(DomainError::internal)?;
    core.keys.seal(VERIFY_CONTEXT, &json)
}

/// Opens what the fallback page posted; `None` if it was altered or is too old.
pub fn open_verify_state(core: &Core, sealed: &str) -> Option<VerifyState> {
    let plain = core.keys.open(VERIFY_CONTEXT, sealed).ok()?;
    let state: VerifyState = serde_json::from_slice(&plain).ok()?;
    (state.expires_at > core.clock.now()).then_some(state)
}

/// `/co/verify`: spends the ticket and returns its user and when they proved their code,
/// if `verifier` is the one `/co/authenticate` handed the app with it. A wrong verifier
/// spends the ticket all the same: it has one try.
pub async fn verify(
    core: &Core,
    client_id: &str,
    ticket: &str,
    verifier: &str,
) -> Result<Option<(String, UnixTime)>, DomainError> {
    let now = core.clock.now();
    let Some(record) = core
        .store
        .redeem_login_ticket(&sha256(ticket.as_bytes()), client_id, now)
        .await?
    else {
        return Ok(None);
    };
    Ok(verifier_matches(&record, verifier).then_some((record.user_id, record.created_at)))
}

/// Whether `verifier` is the ticket's, compared in constant time; an empty one never is.
fn verifier_matches(record: &LoginTicketRecord, verifier: &str) -> bool {
    !verifier.is_empty()
        && crate::domain::crypto::ct_eq(&sha256(verifier.as_bytes()), &record.verifier_hash)
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

    #[test]
    fn only_the_tickets_own_verifier_matches() {
        let record = LoginTicketRecord {
            ticket_hash: sha256(b"t"),
            client_id: "spa".into(),
            user_id: "sms|1".into(),
            connection: "sms".into(),
            session_hash: vec![],
            verifier_hash: sha256(b"the-verifier"),
            co_id: "c".into(),
            created_at: 0,
            expires_at: 120,
            used_at: None,
        };
        assert!(verifier_matches(&record, "the-verifier"));
        assert!(!verifier_matches(&record, "the-verifieR"));
        assert!(!verifier_matches(&record, "the-verifier "));
        assert!(!verifier_matches(&record, ""));
        let mut unset = record.clone();
        unset.verifier_hash = sha256(b"");
        assert!(
            !verifier_matches(&unset, ""),
            "an empty verifier is no verifier"
        );
    }
}
