//! The parameters of a page request (a link's query or a form's body), one value per name:
//! a repeated name is refused rather than guessed at (parameter pollution).

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::Response;
use std::collections::BTreeMap;

use super::request_error;
use crate::domain::connections::email::LINK_PARAMS;
use crate::domain::i18n::Lang;
use crate::domain::oauth::redirect::AuthorizeParams;

pub struct LinkParams(pub(in crate::http) BTreeMap<String, String>);

impl LinkParams {
    /// `pairs` as one value per name; a repeated name is a page in `t` that says so.
    pub(in crate::http) fn parse(
        pairs: Vec<(String, String)>,
        t: &'static Lang,
    ) -> Result<Self, Response> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if map.insert(k.clone(), v).is_some() {
                return Err(request_error(
                    t,
                    StatusCode::BAD_REQUEST,
                    format!("The parameter {k} appears more than once."),
                ));
            }
        }
        Ok(Self(map))
    }

    /// A query string's parameters; one that cannot be read counts as none.
    pub(in crate::http) fn from_query(
        query: Option<&str>,
        t: &'static Lang,
    ) -> Result<Self, Response> {
        Self::parse(
            serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default(),
            t,
        )
    }

    /// A form body's parameters; one that cannot be read counts as none.
    pub(in crate::http) fn from_form(body: &[u8], t: &'static Lang) -> Result<Self, Response> {
        Self::parse(serde_urlencoded::from_bytes(body).unwrap_or_default(), t)
    }

    pub(in crate::http) fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).filter(|v| !v.is_empty()).cloned()
    }

    pub(in crate::http) fn authorize(&self) -> AuthorizeParams {
        AuthorizeParams {
            client_id: self.get("client_id"),
            redirect_uri: self.get("redirect_uri"),
            response_type: self.get("response_type"),
            response_mode: self.get("response_mode"),
            scope: self.get("scope"),
            state: self.get("state"),
            nonce: self.get("nonce"),
            audience: self.get("audience"),
            code_challenge: self.get("code_challenge"),
            code_challenge_method: self.get("code_challenge_method"),
        }
    }

    /// The parameters a link form carries on: the link's own, nothing else.
    pub(super) fn link_fields(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "client_id" | "connection" | "email" | "verification_code"
                ) || LINK_PARAMS.contains(&k.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The parameters a new link is sent with: those of the app's request.
    pub(super) fn auth_params(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .filter(|(k, _)| LINK_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// A page's query, as a handler's argument: a repeated name answers with the error page, in
/// the language of the query's `ui_locales` or the browser's.
impl<S: Send + Sync> FromRequestParts<S> for LinkParams {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let t = query_language(parts.uri.query(), &parts.headers);
        Self::from_query(parts.uri.query(), t)
    }
}

/// The language of a page for `query`, before its parameters are read: its (first)
/// `ui_locales`, then the browser's `Accept-Language`.
pub(in crate::http) fn query_language(
    query: Option<&str>,
    headers: &axum::http::HeaderMap,
) -> &'static Lang {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).unwrap_or_default();
    let ui_locales = pairs
        .iter()
        .find(|(k, _)| k == "ui_locales")
        .map(|(_, v)| v.as_str());
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    crate::domain::i18n::pick(ui_locales, accept)
}

#[cfg(test)]
mod tests {
    use super::LinkParams;
    use crate::domain::i18n::english;

    #[test]
    fn a_query_gives_one_value_per_name_and_empty_is_none() {
        let p =
            LinkParams::from_query(Some("client_id=abc&state=&scope=openid%20email"), english())
                .unwrap_or_else(|_| panic!("a plain query is read"));
        assert_eq!(p.get("client_id").as_deref(), Some("abc"));
        assert_eq!(p.get("state"), None);
        assert_eq!(p.authorize().scope.as_deref(), Some("openid email"));
        assert!(LinkParams::from_query(None, english()).is_ok_and(|p| p.0.is_empty()));
    }

    #[test]
    fn a_repeated_name_is_refused() {
        assert!(LinkParams::from_query(Some("a=1&a=2"), english()).is_err());
        assert!(LinkParams::from_form(b"a=1&a=1", english()).is_err());
    }

    #[test]
    fn link_forms_carry_only_the_links_own_parameters() {
        let p = LinkParams::from_form(
            b"client_id=c&email=a%40b&verification_code=1&csrf=x&tx=y",
            english(),
        )
        .unwrap_or_else(|_| panic!("a plain form is read"));
        let names: Vec<String> = p.link_fields().into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["client_id", "email", "verification_code"]);
        assert!(p.auth_params().is_empty());
    }
}
