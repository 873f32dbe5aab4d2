//! The OIDC claims about a user that each scope releases (`profile`, `email`, `phone`), as
//! the `id_token` and `/userinfo` carry them.

use serde_json::{Map, Value};

use crate::domain::iso8601;
use crate::domain::model::{RecipientKind, User};
use crate::domain::oauth::scope::Scope;

/// The OIDC claims about `user` that `scope` asks for (`sub` always).
pub fn profile_claims(user: &User, scope: &Scope) -> Map<String, Value> {
    let mut c = Map::new();
    c.insert("sub".into(), user.user_id.clone().into());
    if scope.has("profile") {
        let p = &user.profile;
        c.insert("name".into(), user.name.clone().into());
        c.insert("nickname".into(), user.nickname().into());
        // OIDC Core §5.1's optional profile claims, when the user has them.
        for (claim, value) in [
            ("given_name", &p.given_name),
            ("family_name", &p.family_name),
            ("picture", &p.picture),
        ] {
            if let Some(v) = value {
                c.insert(claim.into(), v.clone().into());
            }
        }
        c.insert("updated_at".into(), iso8601(user.updated_at).into());
    }
    match user.strategy.recipient_kind() {
        RecipientKind::PhoneNumber if scope.has("phone") => {
            c.insert("phone_number".into(), user.recipient.clone().into());
            c.insert("phone_number_verified".into(), user.verified.into());
        }
        RecipientKind::Email if scope.has("email") => {
            c.insert("email".into(), user.recipient.clone().into());
            c.insert("email_verified".into(), user.verified.into());
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
            verified: true,
            profile: Default::default(),
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
        assert!(
            c.get("given_name").is_none(),
            "only the fields the user has"
        );

        let named = User {
            profile: Box::new(crate::domain::model::Profile {
                given_name: Some("Ann".into()),
                nickname: Some("annie".into()),
                picture: Some("https://cdn.example/ann.png".into()),
                ..Default::default()
            }),
            verified: false,
            ..user
        };
        let c = profile_claims(&named, &Scope::parse("openid profile phone"));
        assert_eq!(c["given_name"], "Ann");
        assert_eq!(c["nickname"], "annie");
        assert_eq!(c["picture"], "https://cdn.example/ann.png");
        assert!(c.get("family_name").is_none());
        assert_eq!(c["phone_number_verified"], false);
        let c = profile_claims(&named, &Scope::parse("openid"));
        assert!(
            c.get("given_name").is_none(),
            "profile claims need the profile scope"
        );
    }
}
