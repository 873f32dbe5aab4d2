//! The hosted login behind `/authorize`: the request as the page carries it from step to
//! step (sealed, so the browser can neither read nor change it, and any instance can pick it
//! up), browser sessions that let a later `/authorize` skip the prompt, and the dashboard's
//! sessions, which name an administrator's address instead of a user.

use serde::{Deserialize, Serialize};

use super::dashboard_identity::DashboardIdentity;
use crate::domain::core::Core;
use crate::domain::crypto::sha256;
use crate::domain::model::{SessionRecord, User};
use crate::domain::oauth::redirect::AuthorizeParams;
use crate::domain::{DomainError, UnixTime, random_token};

/// A login page may sit open this long before its forms stop working.
pub const TRANSACTION_LIFETIME: i64 = 30 * 60;
/// A dashboard session lasts this long (hosted-login sessions follow the tenant's settings).
pub const SESSION_LIFETIME: i64 = 3 * 86_400;
const TRANSACTION_CONTEXT: &str = "hosted-login transaction v1";

/// An `/authorize` request on its way through the login page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginTransaction {
    pub params: AuthorizeParams,
    /// `connection`: show only this connection.
    pub connection: Option<String>,
    pub login_hint: Option<String>,
    pub ui_locales: Option<String>,
    pub expires_at: UnixTime,
}

/// What `prompt` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// Use the session if there is one, else show the login page.
    Default,
    /// Always show the login page.
    Login,
    /// Never show a page: answer from the session, or `login_required`.
    None,
}

impl Prompt {
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let values: Vec<&str> = value.unwrap_or("").split_whitespace().collect();
        match values.as_slice() {
            [] => Ok(Self::Default),
            ["login"] => Ok(Self::Login),
            ["none"] => Ok(Self::None),
            // OIDC Core §3.1.2.1: `none` with anything else is an error.
            v if v.contains(&"none") => {
                Err("prompt=none cannot be combined with other values".into())
            }
            // `consent` and `select_account` have nothing to show here: a login is what they get.
            v if v.contains(&"login") => Ok(Self::Login),
            _ => Ok(Self::Default),
        }
    }
}

/// Seals a transaction for the page to carry; only this server can open it.
pub fn seal_transaction(core: &Core, tx: &LoginTransaction) -> Result<String, DomainError> {
    let json = serde_json::to_vec(tx).map_err(DomainError::internal)?;
    core.keys.seal(TRANSACTION_CONTEXT, &json)
}

/// Opens a transaction a page sent back; refuses one that was altered or is too old.
pub fn open_transaction(core: &Core, sealed: &str) -> Result<LoginTransaction, DomainError> {
    let altered = || {
        DomainError::InvalidRequest(
            "This login page is no longer valid. Go back to the app and start again.".into(),
        )
    };
    let plain = core
        .keys
        .open(TRANSACTION_CONTEXT, sealed)
        .map_err(|_| altered())?;
    let tx: LoginTransaction = serde_json::from_slice(&plain).map_err(|_| altered())?;
    if tx.expires_at <= core.clock.now() {
        return Err(DomainError::InvalidRequest(
            "This login page expired. Go back to the app and start again.".into(),
        ));
    }
    Ok(tx)
}

/// Which kind of browser session a cookie opens. Both live in one table, so each kind's
/// hash is taken over its own label as well: a hosted-login session's value, replayed as the
/// dashboard's cookie, matches nothing (and the other way round).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// The hosted login page's session (`/authorize` skips the prompt while it lives).
    Login,
    /// An administrator's dashboard session.
    Dashboard,
}

impl SessionKind {
    /// What the store keeps of a session cookie's value.
    pub fn hash(self, token: &str) -> Vec<u8> {
        match self {
            // Unlabelled, as hosted-login sessions were stored before the dashboard existed.
            Self::Login => sha256(token.as_bytes()),
            Self::Dashboard => sha256(format!("dashboard\0{token}").as_bytes()),
        }
    }
}

/// How long a session lives, in seconds: `absolute` from the login (Auth0's tenant
/// `session_lifetime`), `idle` from its last use (`idle_session_lifetime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLifetimes {
    pub absolute: i64,
    pub idle: i64,
}

/// An extension smaller than this is not written: a session used again and again within a
/// minute keeps one write.
const EXTEND_STEP: i64 = 60;

impl SessionLifetimes {
    /// The dashboard's, fixed.
    const DASHBOARD: Self = Self {
        absolute: SESSION_LIFETIME,
        idle: SESSION_LIFETIME,
    };

    /// When a session that began at `created_at` and was last used at `now` ends.
    pub fn deadline(self, created_at: UnixTime, now: UnixTime) -> UnixTime {
        now.saturating_add(self.idle)
            .min(created_at.saturating_add(self.absolute))
    }

    /// Whether `session` is alive at `now`: used recently enough (its stored expiry), and
    /// young enough under the lifetime in force now (a shortened lifetime applies at once).
    pub fn alive(self, session: &SessionRecord, now: UnixTime) -> bool {
        now < session.expires_at && now < session.created_at.saturating_add(self.absolute)
    }

    /// The new expiry of `session` used at `now`, when it moves far enough to be written.
    pub fn extension(self, session: &SessionRecord, now: UnixTime) -> Option<UnixTime> {
        let deadline = self.deadline(session.created_at, now);
        (deadline >= session.expires_at.saturating_add(EXTEND_STEP)).then_some(deadline)
    }
}

/// The lifetimes of hosted-login sessions, from the tenant's settings.
pub async fn session_lifetimes(core: &Core) -> Result<SessionLifetimes, DomainError> {
    let settings = crate::domain::management::tenant_settings::tenant(core).await?;
    Ok(SessionLifetimes {
        absolute: settings.session_lifetime(),
        idle: settings.idle_session_lifetime(),
    })
}

async fn lifetimes_of(core: &Core, kind: SessionKind) -> Result<SessionLifetimes, DomainError> {
    match kind {
        SessionKind::Login => session_lifetimes(core).await,
        SessionKind::Dashboard => Ok(SessionLifetimes::DASHBOARD),
    }
}

/// Starts a hosted-login session for `user`; returns the cookie value (only a hash is stored).
pub async fn create_session(core: &Core, user: &User) -> Result<String, DomainError> {
    create_session_of(core, SessionKind::Login, &user.user_id).await
}

/// Starts an administrator's dashboard session: it names the address the dashboard's
/// sign-in proved, never a tenant user.
pub async fn create_dashboard_session(
    core: &Core,
    who: &DashboardIdentity,
) -> Result<String, DomainError> {
    create_session_of(core, SessionKind::Dashboard, &who.subject()).await
}

/// Starts a session of `kind` for `subject`; returns the cookie value.
async fn create_session_of(
    core: &Core,
    kind: SessionKind,
    subject: &str,
) -> Result<String, DomainError> {
    let token = random_token(core.random.as_ref(), 32);
    let now = core.clock.now();
    let lifetimes = lifetimes_of(core, kind).await?;
    core.store
        .create_session(&SessionRecord {
            id_hash: kind.hash(&token),
            user_id: subject.to_string(),
            created_at: now,
            expires_at: lifetimes.deadline(now, now),
        })
        .await?;
    Ok(token)
}

/// The user of a live hosted-login session: unknown, expired and blocked users' sessions
/// count as none.
pub async fn session_user(
    core: &Core,
    token: &str,
) -> Result<Option<(User, SessionRecord)>, DomainError> {
    let Some(session) = live_session(core, SessionKind::Login, token).await? else {
        return Ok(None);
    };
    Ok(match core.store.user(&session.user_id).await? {
        Some(user) if !user.blocked => Some((user, session)),
        _ => None,
    })
}

/// The address of a live dashboard session (whether it is still an administrator's is the
/// dashboard's question, asked at every request). A session from before administrators
/// were kept apart names a user id, and counts as none.
pub async fn dashboard_session(
    core: &Core,
    token: &str,
) -> Result<Option<DashboardIdentity>, DomainError> {
    Ok(live_session(core, SessionKind::Dashboard, token)
        .await?
        .and_then(|s| DashboardIdentity::from_subject(&s.user_id)))
}

/// A live session of `kind`, its idle deadline moved by this use.
async fn live_session(
    core: &Core,
    kind: SessionKind,
    token: &str,
) -> Result<Option<SessionRecord>, DomainError> {
    let hash = kind.hash(token);
    let Some(session) = core.store.session(&hash).await? else {
        return Ok(None);
    };
    let now = core.clock.now();
    let lifetimes = lifetimes_of(core, kind).await?;
    if !lifetimes.alive(&session, now) {
        return Ok(None);
    }
    // A use moves the idle deadline; failing to write it costs only the extension.
    if let Some(expires_at) = lifetimes.extension(&session, now)
        && let Err(e) = core.store.extend_session(&hash, expires_at).await
    {
        tracing::error!(error = %e, "cannot extend a session");
    }
    Ok(Some(session))
}

/// Ends a hosted-login session.
pub async fn end_session(core: &Core, token: &str) -> Result<(), DomainError> {
    end_session_of(core, SessionKind::Login, token).await
}

pub async fn end_session_of(
    core: &Core,
    kind: SessionKind,
    token: &str,
) -> Result<(), DomainError> {
    core.store.delete_session(&kind.hash(token)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_value_opens_only_its_own_kind() {
        let token = "c2Vzc2lvbg";
        assert_eq!(SessionKind::Login.hash(token), sha256(token.as_bytes()));
        assert_ne!(
            SessionKind::Login.hash(token),
            SessionKind::Dashboard.hash(token)
        );
    }

    #[test]
    fn a_session_lives_while_used_until_its_absolute_end() {
        let lt = SessionLifetimes {
            absolute: 1000,
            idle: 300,
        };
        let at = |created_at, expires_at| SessionRecord {
            id_hash: vec![],
            user_id: "u".into(),
            created_at,
            expires_at,
        };
        assert_eq!(lt.deadline(0, 0), 300);
        assert_eq!(lt.deadline(0, 900), 1000);
        let s = at(0, 300);
        assert!(lt.alive(&s, 299));
        assert!(!lt.alive(&s, 300), "unused for the idle lifetime");
        assert_eq!(lt.extension(&s, 200), Some(500));
        assert_eq!(lt.extension(&s, 50), None, "moved less than a minute");
        let used = at(0, 1000);
        assert!(!lt.alive(&used, 1000), "past the absolute lifetime");
        let shorter = SessionLifetimes {
            absolute: 100,
            ..lt
        };
        assert!(
            !shorter.alive(&at(0, 300), 150),
            "a shortened lifetime applies at once"
        );
    }

    #[test]
    fn prompt_values() {
        assert_eq!(Prompt::parse(None), Ok(Prompt::Default));
        assert_eq!(Prompt::parse(Some("login")), Ok(Prompt::Login));
        assert_eq!(Prompt::parse(Some("none")), Ok(Prompt::None));
        assert_eq!(Prompt::parse(Some("consent login")), Ok(Prompt::Login));
        assert_eq!(Prompt::parse(Some("consent")), Ok(Prompt::Default));
        assert!(Prompt::parse(Some("none login")).is_err());
    }
}
