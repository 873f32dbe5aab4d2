//! The OIDC claims about a user that each scope releases (`profile`, `email`, `phone`), as
//! the `id_token` and `/userinfo` carry them.

use serde_json::{Map, Value};

use crate::domain::email_address::local_part;
use crate::domain::iso8601;
use crate::domain::model::{RecipientKind, User};
use crate::domain::oauth::scope::Scope;

/// The OIDC claims about `user` that `scope` asks for (`sub` always).
pub fn profile_claims(user: &User, scope: &Scope) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("sub".into(), user.user_id.clone().into());
    if scope.has("profile") {
        let nickname = match user.strategy.recipient_kind() {
            RecipientKind::Email => local_part(&user.recipient),
            RecipientKind::PhoneNumber => &user.name,
        };
        c.insert("name".into(), user.name.clone().into());
        c.insert("nickname".into(), nickname.into());
        c.insert("updated_at".into(), iso8601(user.updated_at).into());
    }
    match user.strategy.recipient_kind() {
        RecipientKind::PhoneNumber if scope.has("phone") => {
            c.insert("phone_number".into(), user.recipient.clone().into());
            c.insert("phone_number_verified".into(), true.into());
        }
        RecipientKind::Email if scope.has("email") => {
            c.insert("email".into(), user.recipient.clone().into());
            c.insert("email_verified".into(), true.into());
        }
        _ => {}
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Strategy;

    #[test]
    fn claims_follow_the_scope() {
        let user = User {
            user_id: "sms|abc".into(),
            connection: "sms".into(),
            strategy: Strategy::Sms,
            recipient: "+14155550100".into(),
            name: "+14155550100".into(),
            blocked: false,
            created_at: 0,
            updated_at: 0,
            last_login: None,
            logins_count: 1,
        };
        let c = profile_claims(&user, &Scope::parse("openid"));
        assert_eq!(c.len(), 1);
        let c = profile_claims(&user, &Scope::parse("openid profile phone email"));
        assert_eq!(c["phone_number"], "+14155550100");
        assert_eq!(c["phone_number_verified"], true);
        assert_eq!(c["name"], "+14155550100");
        assert!(c.get("email").is_none());
    }
}
