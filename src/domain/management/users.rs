//! Users as operators create and search them.

use serde::{Deserialize, Deserializer};

use super::bad;
use crate::domain::DomainError;
use crate::domain::connections::ConnectionOptions;
use crate::domain::core::Core;
use crate::domain::model::{
    Metadata, NewUser, Profile, SearchField, User, UserEdited, UserQuery, UserSearch,
    merge_metadata, new_metadata, profile_text,
};
use crate::domain::{Random, random_hex};

/// A user an operator creates (`POST /api/v2/users`'s body), in Auth0's names.
#[derive(Debug, Clone, Default, utoipa::ToSchema)]
pub struct UserCreate {
    /// An `sms` or `email` connection's name.
    pub connection: String,
    pub phone_number: Option<String>,
    pub email: Option<String>,
    /// The id's part after `sms|` or `email|` (Auth0's `user_id` on create: an import keeps
    /// the ids its apps know); a random one when absent.
    pub user_id: Option<String>,
    pub name: Option<String>,
    #[schema(value_type = Object)]
    pub profile: Profile,
    /// `phone_verified` / `email_verified` (Auth0's default: `false`); the first login proves
    /// the login either way.
    pub verified: bool,
    pub blocked: bool,
}

/// `PATCH /api/v2/users/{id}`'s body, in Auth0's names: what may change. `None`: unchanged;
/// a text field's `null` (`Some(None)`) clears it. `connection`, `client_id` and
/// `verify_email`, which Auth0's clients send with a new login, are accepted and not needed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChange {
    /// A new phone number (for an SMS user) or address (for an email user); not both.
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub given_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub family_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub nickname: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub picture: Option<Option<String>>,
    /// Merged into the stored object one level deep (Auth0's rule; `null` removes a key).
    #[schema(value_type = Option<Object>)]
    pub app_metadata: Option<Metadata>,
    #[schema(value_type = Option<Object>)]
    pub user_metadata: Option<Metadata>,
    pub phone_verified: Option<bool>,
    pub email_verified: Option<bool>,
    pub blocked: Option<bool>,
    pub connection: Option<String>,
    pub client_id: Option<String>,
    pub verify_email: Option<bool>,
}

/// A field given as `null` is `Some(None)`, told apart from one not given (`None`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl UserChange {
    /// The new login, if any (a change may not give both kinds).
    fn login(&self) -> Result<Option<&str>, DomainError> {
        match (&self.phone_number, &self.email) {
            (Some(_), Some(_)) => Err(bad(
                "Payload validation error: give phone_number or email, not both",
            )),
            (p, e) => Ok(p.as_deref().or(e.as_deref())),
        }
    }
}

/// The id part Auth0 accepts after `strategy|`: 1 to 255 printable characters, no `|`.
fn id_part(part: &str) -> Result<&str, DomainError> {
    let fine = |c: char| c.is_ascii_graphic() && c != '|';
    if part.is_empty() || part.len() > 255 || !part.chars().all(fine) {
        return Err(bad(format!(
            "Payload validation error: user_id {part:?} must be 1 to 255 printable characters without |"
        )));
    }
    Ok(part)
}

/// Creates a user in an SMS or email connection before their first login.
pub async fn create_user(core: &Core, new: UserCreate) -> Result<User, DomainError> {
    let connection = new.connection.as_str();
    let options = core
        .connection_options(connection)
        .await?
        .ok_or_else(|| bad(format!("The connection does not exist: {connection}")))?;
    let new = checked_user(&options, new, core.random.as_ref())?;
    if !core.store.insert_user(&new, core.clock.now()).await? {
        return Err(DomainError::Conflict("The user already exists.".into()));
    }
    core.store
        .user(&new.user_id)
        .await?
        .ok_or_else(|| DomainError::internal("a created user is missing"))
}

/// The user `new` makes in the connection with `options`, every value checked: what an
/// operator's create (and each row of an import) hands the store.
pub fn checked_user(
    options: &ConnectionOptions,
    new: UserCreate,
    random: &dyn Random,
) -> Result<NewUser, DomainError> {
    let login = new
        .phone_number
        .as_deref()
        .or(new.email.as_deref())
        .ok_or_else(|| bad("Payload validation error: phone_number or email is required"))?;
    let (strategy, recipient) = options
        .strategy_and_recipient(login)
        .ok_or_else(|| bad(format!("{login:?} is not valid for this connection")))?;
    let id = match &new.user_id {
        Some(part) => id_part(part)?.to_string(),
        None => random_hex(random, 12),
    };
    let name = profile_text("name", new.name.as_deref())
        .map_err(bad)?
        .unwrap_or_else(|| recipient.clone());
    Ok(NewUser {
        user_id: format!("{}|{id}", strategy.as_str()),
        connection: new.connection,
        strategy,
        recipient,
        name,
        profile: Box::new(checked_profile(new.profile)?),
        verified: new.verified,
        blocked: new.blocked,
    })
}

/// A profile given whole (at creation): each text checked, metadata without nulls.
fn checked_profile(p: Profile) -> Result<Profile, DomainError> {
    let text = |field: &str, v: &Option<String>| profile_text(field, v.as_deref()).map_err(bad);
    Ok(Profile {
        given_name: text("given_name", &p.given_name)?,
        family_name: text("family_name", &p.family_name)?,
        nickname: text("nickname", &p.nickname)?,
        picture: text("picture", &p.picture)?,
        app_metadata: new_metadata(&p.app_metadata)
            .map_err(|e| bad(format!("app_metadata: {e}")))?,
        user_metadata: new_metadata(&p.user_metadata)
            .map_err(|e| bad(format!("user_metadata: {e}")))?,
    })
}

/// Changes a user (`PATCH`): the new login is read in the user's connection's form, then
/// the change is applied to the stored user inside the store's transaction.
pub async fn update_user(
    core: &Core,
    user_id: &str,
    change: UserChange,
) -> Result<Option<User>, DomainError> {
    let Some(current) = core.store.user(user_id).await? else {
        return Ok(None);
    };
    let login = match change.login()? {
        None => None,
        Some(login) => {
            let options = core
                .connection_options(&current.connection)
                .await?
                .ok_or_else(|| DomainError::internal("a user's connection is missing"))?;
            let (_, recipient) = options
                .strategy_and_recipient(login)
                .ok_or_else(|| bad(format!("{login:?} is not valid for this connection")))?;
            Some(recipient)
        }
    };
    let rule = |stored: &User| apply_change(stored, &change, login.as_deref());
    match core
        .store
        .edit_user(user_id, &rule, core.clock.now())
        .await?
    {
        UserEdited::Done(user) => Ok(Some(user)),
        UserEdited::Missing => Ok(None),
        UserEdited::Refused(reason) => Err(bad(reason)),
        UserEdited::Taken => Err(DomainError::Conflict("The user already exists.".into())),
    }
}

/// The rule of a `PATCH`: `stored` changed by `change`, with `login` the new login already
/// in stored form. A name that was the old login follows a new one.
pub fn apply_change(
    stored: &User,
    change: &UserChange,
    login: Option<&str>,
) -> Result<User, String> {
    let mut user = stored.clone();
    if let Some(login) = login
        && login != stored.recipient
    {
        if stored.name == stored.recipient {
            user.name = login.to_string();
        }
        user.recipient = login.to_string();
        // A new login is not proved until it is used (unless the change says it is).
        user.verified = false;
    }
    if let Some(name) = &change.name {
        user.name = profile_text("name", Some(name))?.unwrap_or_else(|| user.recipient.clone());
    }
    let p = &mut user.profile;
    for (field, slot, given) in [
        ("given_name", &mut p.given_name, &change.given_name),
        ("family_name", &mut p.family_name, &change.family_name),
        ("nickname", &mut p.nickname, &change.nickname),
        ("picture", &mut p.picture, &change.picture),
    ] {
        if let Some(value) = given {
            *slot = profile_text(field, value.as_deref())?;
        }
    }
    if let Some(patch) = &change.app_metadata {
        p.app_metadata =
            merge_metadata(&p.app_metadata, patch).map_err(|e| format!("app_metadata: {e}"))?;
    }
    if let Some(patch) = &change.user_metadata {
        p.user_metadata =
            merge_metadata(&p.user_metadata, patch).map_err(|e| format!("user_metadata: {e}"))?;
    }
    if let Some(verified) = change.phone_verified.or(change.email_verified) {
        user.verified = verified;
    }
    if let Some(blocked) = change.blocked {
        user.blocked = blocked;
    }
    Ok(user)
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
        search: query.search.clone().map(stored_form),
        ..query
    };
    Ok(core.store.users(&query).await?)
}

/// A search's values in the form the store keeps them: addresses and names compared in
/// lower case, numbers without spacing.
fn stored_form(search: UserSearch) -> UserSearch {
    match search {
        UserSearch::All(parts) => UserSearch::All(parts.into_iter().map(stored_form).collect()),
        UserSearch::Any(parts) => UserSearch::Any(parts.into_iter().map(stored_form).collect()),
        UserSearch::Term(mut t) => {
            t.value = match t.field {
                SearchField::Email | SearchField::Name => t.value.trim().to_lowercase(),
                SearchField::PhoneNumber => t.value.replace([' ', '-', '(', ')'], ""),
                _ => t.value,
            };
            UserSearch::Term(t)
        }
    }
}

/// A piece of a login as stored: addresses lower-case, numbers without spacing.
fn login_part(part: &str) -> String {
    if part.contains('@') {
        part.trim().to_lowercase()
    } else {
        part.replace([' ', '-', '(', ')'], "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Strategy;
    use serde_json::json;

    fn stored() -> User {
        let profile = Profile {
            given_name: Some("Ann".into()),
            app_metadata: json!({"plan": "gold", "tags": ["a"]})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..Profile::default()
        };
        User::for_tests(Strategy::Email, "ann@example.com", profile)
    }

    #[test]
    fn a_change_sets_clears_and_merges() {
        let change = UserChange {
            given_name: Some(None),
            family_name: Some(Some("Lee".into())),
            app_metadata: json!({"tags": null, "seats": 3}).as_object().cloned(),
            blocked: Some(true),
            ..UserChange::default()
        };
        let u = apply_change(&stored(), &change, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.profile.given_name, None);
        assert_eq!(u.profile.family_name.as_deref(), Some("Lee"));
        assert_eq!(
            serde_json::Value::Object(u.profile.app_metadata),
            json!({"plan": "gold", "seats": 3})
        );
        assert!(u.blocked);
        assert_eq!((u.name.as_str(), u.verified), ("ann@example.com", true));
    }

    #[test]
    fn a_new_login_is_unproved_and_a_default_name_follows_it() {
        let u = apply_change(&stored(), &UserChange::default(), Some("ann@new.example"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (u.recipient.as_str(), u.name.as_str(), u.verified),
            ("ann@new.example", "ann@new.example", false)
        );
        let named = User {
            name: "Ann Lee".into(),
            ..stored()
        };
        let u = apply_change(&named, &UserChange::default(), Some("ann@new.example"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(u.name, "Ann Lee");
        let same = apply_change(&stored(), &UserChange::default(), Some("ann@example.com"));
        assert_eq!(
            same.map(|u| u.verified),
            Ok(true),
            "the same login is no change"
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_field() {
        let change = UserChange {
            picture: Some(Some("javascript:alert(1)".into())),
            ..UserChange::default()
        };
        assert_eq!(
            apply_change(&stored(), &change, None).map(|_| ()),
            Err("picture must be an http(s) URL".into())
        );
    }

    #[test]
    fn id_parts_are_printable_and_without_a_bar() {
        assert!(id_part("5f1a2b3c4d5e6f7a8b9c0d1e").is_ok());
        assert!(id_part("auth0|x").is_err());
        assert!(id_part("").is_err());
        assert!(id_part("a b").is_err());
        assert!(id_part(&"a".repeat(256)).is_err());
    }
}
