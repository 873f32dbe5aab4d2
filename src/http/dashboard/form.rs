//! What a dashboard handler starts from: the signed-in administrator and the request's
//! fields. `AdminPage` opens a page (`GET`): without an administrator's session the browser
//! is sent to sign in. `AdminForm` opens a form post: without a session it goes back to
//! `/admin`, and a post whose CSRF token or `Origin` is not ours is refused before any
//! change.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::chrome::{Chrome, internal, redirect_to};
use super::session::{signed_in, start_login};
use crate::domain::i18n::{self, Lang};
use crate::domain::login::dashboard::DashboardIdentity;
use crate::http::AppState;
use crate::http::pages::{CSRF_FIELD, csrf_ok, csrf_token, error_page_in};

/// A form's or a query's fields; a repeated name keeps its last value.
#[derive(Debug, Default)]
pub(super) struct Fields(BTreeMap<String, String>);

impl Fields {
    pub fn parse(input: &[u8]) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(input).unwrap_or_default();
        Self(pairs.into_iter().collect())
    }
    /// The trimmed value, empty if absent.
    pub fn text(&self, key: &str) -> String {
        self.0
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }
    /// The trimmed value, `None` if absent or empty.
    pub fn opt(&self, key: &str) -> Option<String> {
        Some(self.text(key)).filter(|v| !v.is_empty())
    }
    /// The value as typed (a template keeps its spacing and line breaks).
    pub fn raw(&self, key: &str) -> String {
        self.0
            .get(key)
            .map(|v| v.replace("\r\n", "\n"))
            .unwrap_or_default()
    }
    pub fn checked(&self, key: &str) -> bool {
        matches!(self.0.get(key).map(String::as_str), Some("on" | "true"))
    }
    /// Whether the form sent `key` at all (empty or not).
    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }
    /// A page number from `page`, 0 when absent or unreadable.
    pub fn page(&self) -> i64 {
        self.text("page")
            .parse::<i64>()
            .unwrap_or(0)
            .clamp(0, 10_000)
    }
}

/// The administrator behind a request, with its fields (the query of a page, the body of a
/// form) and the browser's cookies.
pub(super) struct Admin {
    pub who: DashboardIdentity,
    /// The administrator's language: the browser's `Accept-Language` among every shipped
    /// one (the tenant's `enabled_locales` are for its users).
    pub t: &'static Lang,
    pub fields: Fields,
    pub jar: CookieJar,
    csrf: String,
    notice: Option<String>,
}

impl Admin {
    /// The frame of a page in `section`, showing the notice a change left in the query.
    pub fn chrome(&self, section: &'static str) -> Chrome {
        Chrome {
            t: self.t,
            admin: self.who.email.clone(),
            section,
            notice: self.notice.clone(),
            csrf: self.csrf.clone(),
        }
    }

    /// The same, with a line saying what just happened.
    pub fn with_notice(mut self, notice: &str) -> Self {
        self.notice = Some(notice.into());
        self
    }

    /// Writes the administrator's change to the event log (`sapi`, as Auth0 logs
    /// Management API operations), naming the administrator (who is no tenant user).
    pub async fn record(&self, state: &AppState, description: &str) {
        state
            .core
            .events
            .log(crate::domain::model::LogEvent {
                kind: crate::domain::audit::codes::API_OPERATION.into(),
                description: format!("{description} (dashboard, {})", self.who.email),
                client_id: Some(super::DASHBOARD_CLIENT.into()),
                ..Default::default()
            })
            .await;
    }
}

/// The dashboard's language for a request: its `Accept-Language` among every shipped one.
pub(super) fn language(headers: &axum::http::HeaderMap) -> &'static Lang {
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    i18n::pick(None, accept)
}

/// A dashboard page for a signed-in administrator; otherwise the way to sign in.
pub(super) struct AdminPage(pub Admin);

impl FromRequestParts<AppState> for AdminPage {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let jar = CookieJar::from_headers(&parts.headers);
        let who = match signed_in(state, &jar).await {
            Ok(Some(who)) => who,
            Ok(None) => return Err(start_login(state, jar, language(&parts.headers)).await),
            Err(e) => return Err(internal(e)),
        };
        let fields = Fields::parse(parts.uri.query().unwrap_or("").as_bytes());
        Ok(Self(Admin {
            who,
            t: language(&parts.headers),
            notice: fields.opt("notice"),
            csrf: csrf_token(state, &jar),
            fields,
            jar,
        }))
    }
}

/// A dashboard form post from a signed-in administrator, once the CSRF check passed.
pub(super) struct AdminForm(pub Admin);

impl FromRequest<AppState> for AdminForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let jar = CookieJar::from_headers(req.headers());
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let who = match signed_in(state, &jar).await {
            Ok(Some(u)) => u,
            Ok(None) => return Err(redirect_to("/admin")),
            Err(e) => return Err(internal(e)),
        };
        let fields = Fields::parse(&body);
        let t = language(&headers);
        if !csrf_ok(state, &jar, &headers, fields.opt(CSRF_FIELD).as_deref()) {
            return Err(error_page_in(
                t,
                StatusCode::FORBIDDEN,
                &t.text("dash-expired-title"),
                t.text("dash-expired"),
            ));
        }
        Ok(Self(Admin {
            who,
            t,
            notice: None,
            csrf: fields.text(CSRF_FIELD),
            fields,
            jar,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::Fields;

    #[test]
    fn fields_read_as_the_forms_send_them() {
        let f = Fields::parse(
            b"name=+sms-eu+&template=Hi%0D%0A%40%40password%40%40+&on=on&t=true&x=1&x=2&page=-3",
        );
        assert_eq!(f.text("name"), "sms-eu");
        assert_eq!(f.opt("name").as_deref(), Some("sms-eu"));
        assert_eq!(f.raw("template"), "Hi\n@@password@@ ", "typed as is");
        assert!(f.checked("on") && f.checked("t") && !f.checked("name") && !f.checked("none"));
        assert_eq!(f.text("x"), "2", "the last of a repeated name");
        assert_eq!(f.opt("missing"), None);
        assert_eq!(f.text("missing"), "");
        assert_eq!(f.page(), 0, "a negative page is the first");
        assert_eq!(Fields::parse(b"page=7").page(), 7);
        assert_eq!(Fields::parse(b"page=99999999").page(), 10_000);
        assert_eq!(Fields::parse(b"page=x").page(), 0);
    }
}
