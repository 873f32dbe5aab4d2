//! Users as operators create and search them.

use super::bad;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{NewUser, User, UserQuery};
use crate::domain::random_hex;

/// A user an operator creates (`POST /api/v2/users`'s body).
#[derive(Debug, Clone, utoipa::ToSchema)]
pub struct UserCreate {
    /// An `sms` or `email` connection's name.
    pub connection: String,
    pub phone_number: Option<String>,
    pub email: Option<String>,
}

/// Creates a user in an SMS or email connection before their first login.
pub async fn create_user(core: &Core, new: UserCreate) -> Result<User, DomainError> {
    let connection = new.connection.as_str();
    let options = core
        .connection_options(connection)
        .await?
        .ok_or_else(|| bad(format!("The connection does not exist: {connection}")))?;
    let login = new
        .phone_number
        .as_deref()
        .or(new.email.as_deref())
        .ok_or_else(|| bad("Payload validation error: phone_number or email is required"))?;
    let (strategy, recipient) = options
        .strategy_and_recipient(login)
        .ok_or_else(|| bad(format!("{login:?} is not valid for this connection")))?;
    let new = NewUser {
        user_id: format!(
            "{}|{}",
            strategy.as_str(),
            random_hex(core.random.as_ref(), 12)
        ),
        connection: connection.into(),
        strategy,
        recipient: recipient.clone(),
        name: recipient,
    };
    if !core.store.insert_user(&new, core.clock.now()).await? {
        return Err(DomainError::Conflict("The user already exists.".into()));
    }
    core.store
        .user(&new.user_id)
        .await?
        .ok_or_else(|| DomainError::internal("a created user is missing"))
}

/// A page of users, and the total.
pub async fn find_users(core: &Core, query: UserQuery) -> Result<(Vec<User>, i64), DomainError> {
    let query = UserQuery {
        recipient: match (&query.connection, &query.recipient) {
            // Stored forms: E.164 and lower-case addresses.
            (Some(c), Some(r)) => match core.connection_options(c).await? {
                Some(o) => o.strategy_and_recipient(r).map(|(_, r)| r),
                None => Some(r.clone()),
            },
            (None, Some(r)) if r.contains('@') => Some(r.to_lowercase()),
            (None, Some(r)) => Some(r.replace([' ', '-', '(', ')'], "")),
            (_, None) => None,
        },
        recipient_contains: query.recipient_contains.as_deref().map(login_part),
        recipient_prefix: query.recipient_prefix.as_deref().map(login_part),
        ..query
    };
    Ok(core.store.users(&query).await?)
}

/// A piece of a login as stored: addresses lower-case, numbers without spacing.
fn login_part(part: &str) -> String {
    if part.contains('@') {
        part.trim().to_lowercase()
    } else {
        part.replace([' ', '-', '(', ')'], "")
    }
}
