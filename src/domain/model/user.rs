//! Users: the record, the one a first login writes, and how listings ask for them.

use serde::Serialize;

use super::connection::{RecipientKind, Strategy};
use super::profile::Profile;
use crate::domain::UnixTime;

/// A person who has logged in at least once through a connection.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// `sms|<24 hex>`.
    pub user_id: String,
    pub connection: String,
    pub strategy: Strategy,
    /// The phone number (E.164) or email address the user logs in with.
    pub recipient: String,
    pub name: String,
    pub blocked: bool,
    /// Whether the login is proved: always after a login; an operator may create a user whose
    /// number or address is not yet.
    pub verified: bool,
    /// Out of line: most users have none, and a `User` travels in many results.
    pub profile: Box<Profile>,
    pub created_at: UnixTime,
    pub updated_at: UnixTime,
    pub last_login: Option<UnixTime>,
    pub logins_count: i64,
}

#[cfg(test)]
impl User {
    /// A verified user of the connection named after `strategy`, id `<connection>|abc`,
    /// who has never logged in, for unit tests.
    pub fn for_tests(strategy: Strategy, recipient: &str, profile: Profile) -> Self {
        let connection = match strategy.recipient_kind() {
            RecipientKind::Email => "email",
            RecipientKind::PhoneNumber => "sms",
        };
        Self {
            user_id: format!("{connection}|abc"),
            connection: connection.into(),
            strategy,
            recipient: recipient.into(),
            name: recipient.into(),
            blocked: false,
            verified: true,
            profile: Box::new(profile),
            created_at: 0,
            updated_at: 0,
            last_login: None,
            logins_count: 0,
        }
    }
}

impl User {
    /// The nickname an operator set, else Auth0's default: an address's local part, or the
    /// user's name.
    pub fn nickname(&self) -> String {
        if let Some(n) = &self.profile.nickname {
            return n.clone();
        }
        match self.strategy.recipient_kind() {
            RecipientKind::Email => {
                crate::domain::email_address::local_part(&self.recipient).to_string()
            }
            RecipientKind::PhoneNumber => self.name.clone(),
        }
    }

    /// The part after `strategy|`, as Auth0 puts it in `identities[].user_id`.
    pub fn identity_id(&self) -> &str {
        self.user_id
            .split_once('|')
            .map(|(_, id)| id)
            .unwrap_or(&self.user_id)
    }
}

/// A user's phone number or email address as Auth0's user objects show it: `phone_number`
/// and `phone_verified`, or `email` and `email_verified`, never both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Contact {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
}

impl Contact {
    pub fn new(kind: RecipientKind, recipient: String, verified: bool) -> Self {
        match kind {
            RecipientKind::PhoneNumber => Self {
                phone_number: Some(recipient),
                phone_verified: Some(verified),
                ..Self::default()
            },
            RecipientKind::Email => Self {
                email: Some(recipient),
                email_verified: Some(verified),
                ..Self::default()
            },
        }
    }

    /// The one that is set.
    pub fn recipient(&self) -> Option<&str> {
        self.phone_number.as_deref().or(self.email.as_deref())
    }
}

/// A user as the login that creates them would write it.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub user_id: String,
    pub connection: String,
    pub strategy: Strategy,
    pub recipient: String,
    pub name: String,
    /// What an operator (or an import) gives beside the login; a login gives nothing.
    pub profile: Box<Profile>,
    pub verified: bool,
    pub blocked: bool,
}

impl NewUser {
    /// The user a first login creates: verified by that login, with no profile.
    pub fn from_login(
        user_id: String,
        connection: String,
        strategy: Strategy,
        recipient: String,
        name: String,
    ) -> Self {
        Self {
            user_id,
            connection,
            strategy,
            recipient,
            name,
            profile: Box::default(),
            verified: true,
            blocked: false,
        }
    }
}

/// What [`crate::domain::ports::UserStore::edit_user`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum UserEdited {
    Done(User),
    Missing,
    /// The rule refused the change, for this reason.
    Refused(String),
    /// The new phone number or address is another user's in the connection.
    Taken,
}

/// Which users a listing asks for (Management API `GET /users`).
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    pub connection: Option<String>,
    /// A phone number or email address, matched exactly as stored.
    pub recipient: Option<String>,
    /// A part of a phone number or email address (any case).
    pub recipient_contains: Option<String>,
    /// The start of a phone number or email address (any case); Auth0's `value*`.
    pub recipient_prefix: Option<String>,
    /// Auth0's `q`, parsed (values in stored form).
    pub search: Option<super::UserSearch>,
    pub sort: UserSort,
    pub slice: super::Slice,
}

/// The orders a user listing may ask for (Auth0's `sort=<field>:1|-1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserSort {
    #[default]
    CreatedAsc,
    CreatedDesc,
    UpdatedAsc,
    UpdatedDesc,
    LastLoginAsc,
    LastLoginDesc,
    LoginsCountAsc,
    LoginsCountDesc,
}

impl UserSort {
    /// Auth0's `field:1` (ascending) or `field:-1` (descending); `None` for anything else.
    pub fn parse(value: &str) -> Option<Self> {
        let (field, direction) = value.split_once(':')?;
        let ascending = match direction {
            "1" => true,
            "-1" => false,
            _ => return None,
        };
        Some(match (field, ascending) {
            ("created_at", true) => Self::CreatedAsc,
            ("created_at", false) => Self::CreatedDesc,
            ("updated_at", true) => Self::UpdatedAsc,
            ("updated_at", false) => Self::UpdatedDesc,
            ("last_login", true) => Self::LastLoginAsc,
            ("last_login", false) => Self::LastLoginDesc,
            ("logins_count", true) => Self::LoginsCountAsc,
            ("logins_count", false) => Self::LoginsCountDesc,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::UserSort;

    #[test]
    fn auth0_sort_values_read_and_others_do_not() {
        assert_eq!(UserSort::parse("created_at:1"), Some(UserSort::CreatedAsc));
        assert_eq!(
            UserSort::parse("last_login:-1"),
            Some(UserSort::LastLoginDesc)
        );
        assert_eq!(
            UserSort::parse("logins_count:-1"),
            Some(UserSort::LoginsCountDesc)
        );
        for bad in [
            "created_at",
            "created_at:2",
            "email:1",
            "",
            ":1",
            "created_at:-1;drop",
        ] {
            assert_eq!(UserSort::parse(bad), None, "{bad}");
        }
    }
}
