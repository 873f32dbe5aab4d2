//! The pages of the hosted login, the identifier form, the code form and "check your email"
//! after a magic link, with what they show: the app's branding, its connections, the country
//! list, what went wrong (and how long to wait), and the way back to a new `/authorize`.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::request_pairs;
use crate::domain::DomainError;
use crate::domain::i18n::{self, Lang};
use crate::domain::login::hosted::LoginTransaction;
use crate::domain::model::{RecipientKind, Strategy};
use crate::domain::oauth::redirect::{AuthorizeParams, ResponseMode};
use crate::http::AppState;
use crate::http::pages::{Brand, Checked, html, internal_in, with_csrf};

/// What went wrong, as a login page shows it above its form.
#[derive(Debug, PartialEq)]
pub(super) struct PageError {
    pub(super) message: String,
    /// A rate limit's wait, which the page counts down.
    pub(super) countdown: Option<Countdown>,
}

/// The seconds until a try may succeed, in words the page's script updates.
#[derive(Debug, PartialEq)]
pub(super) struct Countdown {
    pub(super) seconds: i64,
    /// The words now, for a browser without script.
    pub(super) now: String,
    /// The words with `{s}` where the seconds go.
    pub(super) text: String,
    /// The words once the wait is over.
    pub(super) done: String,
}

impl PageError {
    pub(super) fn new(message: String) -> Self {
        Self {
            message,
            countdown: None,
        }
    }

    /// A refusal that holds for `seconds` more.
    pub(super) fn waiting(t: &Lang, message: String, seconds: i64) -> Self {
        let seconds = seconds.max(1);
        let words = |s: i18n::Arg<'_>| t.format("retry-in", &[("seconds", s)]);
        Self {
            message,
            countdown: Some(Countdown {
                seconds,
                now: words(i18n::Arg::Number(seconds)),
                text: words(i18n::Arg::Text("{s}")),
                done: t.text("retry-now"),
            }),
        }
    }
}

/// "Too many attempts": how long to wait, counted down.
pub(super) fn rate_limited(t: &Lang, retry_after: i64) -> PageError {
    let seconds = retry_after.max(1);
    let message = t.format("rate-limited", &[("seconds", i18n::Arg::Number(seconds))]);
    PageError::waiting(t, message, seconds)
}

/// One option of the country picker.
struct CountryOption {
    region: String,
    code: u16,
    /// The name and the calling code, the code after a left-to-right mark so it reads `+33`
    /// on a right-to-left page too (a select's options ignore isolates).
    label: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    t: &'static Lang,
    title: String,
    /// The app's colour and logo, and the tenant's `friendly_name` above the title.
    brand: Brand,
    tx: String,
    csrf: String,
    error: Option<&'a PageError>,
    show_sms: bool,
    show_email: bool,
    sms_connection: String,
    email_connection: String,
    countries: Vec<CountryOption>,
    selected_country: String,
    phone_value: String,
    email_value: String,
    passkeys: bool,
    /// Whether "email me a link" is offered (not to the dashboard's administrators).
    links: bool,
}

#[derive(Template)]
#[template(path = "login_code.html")]
struct CodePage<'a> {
    t: &'static Lang,
    /// The app's colour and logo.
    brand: Brand,
    tx: String,
    csrf: String,
    error: Option<&'a PageError>,
    connection: String,
    username: String,
    /// "We sent a code to", before and after the recipient.
    sent_before: String,
    sent_after: String,
    identifier_field: &'static str,
    resend_wait: i64,
    /// The countdown's words, `{s}` where the seconds go (the script fills them in).
    resend_wait_text: String,
    restart: String,
}

#[derive(Template)]
#[template(path = "link_sent.html")]
struct LinkSentPage<'a> {
    t: &'static Lang,
    /// The app's colour and logo.
    brand: Brand,
    tx: String,
    csrf: String,
    error: Option<&'a PageError>,
    connection: String,
    email: String,
    /// "We sent a sign-in link to", before and after the address.
    sent_before: String,
    sent_after: String,
    resend_wait: i64,
    resend_wait_text: String,
    restart: String,
}

/// The picker's countries in the page's language (CLDR names, its collation order).
fn countries(t: &Lang) -> Vec<CountryOption> {
    i18n::countries(t)
        .iter()
        .map(|c| CountryOption {
            region: c.region.clone(),
            code: c.code,
            label: format!("{} \u{200E}+{}", c.name, c.code),
        })
        .collect()
}

/// The app's connections of each kind: the first of each strategy, or the one `/authorize`
/// named.
struct Connections {
    sms: Option<String>,
    email: Option<String>,
}

async fn connections(state: &AppState, only: Option<&str>) -> Result<Connections, DomainError> {
    let records = state.core.store.connections().await?;
    let pick = |kind: RecipientKind| {
        records
            .iter()
            .filter(|c| c.strategy.recipient_kind() == kind)
            .find(|c| only.is_none_or(|o| o == c.name))
            .map(|c| c.name.clone())
    };
    Ok(Connections {
        sms: pick(RecipientKind::PhoneNumber),
        email: pick(RecipientKind::Email),
    })
}

/// Everything a login page needs to render.
pub(super) struct PageContext<'a> {
    pub(super) state: &'a AppState,
    pub(super) jar: &'a CookieJar,
    pub(super) t: &'static Lang,
    pub(super) checked: &'a Checked,
    pub(super) tx: &'a LoginTransaction,
    pub(super) sealed: String,
    pub(super) accept_language: Option<String>,
    /// This browser's CSRF token: its cookie's, or a new one the page sets.
    pub(super) csrf: String,
    pub(super) tenant: std::sync::Arc<crate::domain::model::TenantSettings>,
}

impl PageContext<'_> {
    /// The app's colour and logo (else the tenant's): the title already names the app.
    fn brand(&self) -> Brand {
        Brand {
            app: None,
            tenant: None,
            ..Brand::with_tenant(&self.checked.client, &self.tenant)
        }
    }

    /// The resend button's countdown words, `{s}` where the seconds go.
    fn resend_wait_text(&self) -> String {
        self.t
            .format("resend-wait", &[("seconds", i18n::Arg::Text("{s}"))])
    }

    pub(super) fn finish(
        &self,
        status: StatusCode,
        body: Result<String, askama::Error>,
    ) -> Response {
        let r = html(status, body, Some(&self.checked.request.to.redirect_uri));
        with_csrf(self.state, self.jar, self.csrf.clone(), r)
    }

    /// The identifier page; `country` is the one the visitor chose (kept after an error),
    /// else the browser's.
    pub(super) async fn login_page(
        &self,
        status: StatusCode,
        error: Option<&PageError>,
        country: Option<&str>,
        phone_value: &str,
        email_value: &str,
    ) -> Response {
        let found = match connections(self.state, self.tx.connection.as_deref()).await {
            Ok(c) => c,
            Err(e) => return internal_in(self.t, e),
        };
        let hint = self.tx.login_hint.clone().unwrap_or_default();
        // The dashboard's sign-in is an email code alone: passkeys and links are end users'.
        let dashboard =
            crate::domain::login::dashboard::is_dashboard(&self.checked.client.client_id);
        let page = LoginPage {
            links: !dashboard,
            t: self.t,
            title: self.t.format(
                "sign-in-to",
                &[("app", i18n::Arg::Text(&self.checked.client.name))],
            ),
            brand: Brand {
                tenant: self.tenant.friendly_name().map(str::to_string),
                ..self.brand()
            },
            tx: self.sealed.clone(),
            csrf: self.csrf.clone(),
            error,
            show_sms: found.sms.is_some(),
            show_email: found.email.is_some(),
            sms_connection: found.sms.unwrap_or_default(),
            email_connection: found.email.unwrap_or_default(),
            countries: countries(self.t),
            selected_country: country
                .filter(|c| i18n::countries(self.t).iter().any(|k| k.region == *c))
                .map(str::to_string)
                .unwrap_or_else(|| i18n::default_region(self.accept_language.as_deref())),
            phone_value: if phone_value.is_empty() && hint.starts_with('+') {
                hint.clone()
            } else {
                phone_value.to_string()
            },
            email_value: if email_value.is_empty() && hint.contains('@') {
                hint
            } else {
                email_value.to_string()
            },
            // The passkey script answers by navigating, which a web_message answer is not.
            passkeys: !dashboard
                && self.checked.request.to.response_mode != ResponseMode::WebMessage
                && crate::domain::login::passkey::passkeys_enabled(&self.state.core)
                    .await
                    .unwrap_or_else(|e| {
                        tracing::error!(error = %e, "cannot read the passkeys switch");
                        false
                    }),
        };
        self.finish(status, page.render())
    }

    pub(super) fn code_page(
        &self,
        status: StatusCode,
        connection: &str,
        strategy: Strategy,
        username: &str,
        error: Option<&PageError>,
    ) -> Response {
        let key = match strategy {
            Strategy::Sms => "sent-by-sms",
            Strategy::Email => "sent-by-email",
        };
        let (sent_before, sent_after) = self.t.around(key, "recipient", username);
        let page = CodePage {
            t: self.t,
            sent_before,
            sent_after,
            resend_wait_text: self.resend_wait_text(),
            brand: self.brand(),
            tx: self.sealed.clone(),
            csrf: self.csrf.clone(),
            error,
            connection: connection.to_string(),
            username: username.to_string(),
            identifier_field: match strategy.recipient_kind() {
                RecipientKind::PhoneNumber => "phone",
                RecipientKind::Email => "email",
            },
            resend_wait: self.state.core.limits.start_min_gap,
            restart: restart_url(&self.tx.params, self.tx),
        };
        self.finish(status, page.render())
    }

    /// "Check your email" after a magic link was sent to `email`: the address, a new link
    /// (after the same wait as a new code), and the way back to another address.
    pub(super) fn link_sent_page(
        &self,
        status: StatusCode,
        connection: &str,
        email: &str,
        error: Option<&PageError>,
    ) -> Response {
        let (sent_before, sent_after) = self.t.around("link-sent", "email", email);
        let page = LinkSentPage {
            t: self.t,
            brand: self.brand(),
            tx: self.sealed.clone(),
            csrf: self.csrf.clone(),
            error,
            connection: connection.to_string(),
            email: email.to_string(),
            sent_before,
            sent_after,
            resend_wait: self.state.core.limits.start_min_gap,
            resend_wait_text: self.resend_wait_text(),
            restart: restart_url(&self.tx.params, self.tx),
        };
        self.finish(status, page.render())
    }
}

/// `/authorize` again with the same request: "use another number".
fn restart_url(p: &AuthorizeParams, tx: &LoginTransaction) -> String {
    let mut pairs = request_pairs(p);
    for (k, v) in [
        ("connection", &tx.connection),
        ("ui_locales", &tx.ui_locales),
    ] {
        if let Some(v) = v {
            pairs.push((k, v.clone()));
        }
    }
    pairs.push(("prompt", "login".into()));
    format!(
        "/authorize?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_country_option_names_the_country_and_its_code_with_no_flag() {
        let Some(fr) = i18n::by_tag("fr") else {
            panic!("French ships");
        };
        let list = countries(fr);
        let Some(france) = list.iter().find(|c| c.region == "FR") else {
            panic!("France is offered");
        };
        assert_eq!(france.label, "France \u{200E}+33");
        assert_eq!(france.code, 33);
        assert!(list.iter().all(|c| {
            !c.label
                .chars()
                .any(|ch| ('\u{1F1E6}'..='\u{1F1FF}').contains(&ch))
        }));
    }

    #[test]
    fn the_restart_url_asks_again_for_a_login_with_the_same_request() {
        let query = "client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s%201";
        let Ok(link) =
            crate::http::pages::LinkParams::from_query(Some(query), crate::domain::i18n::english())
        else {
            panic!("a plain query is read");
        };
        let tx = LoginTransaction {
            params: link.authorize(),
            connection: Some("sms".into()),
            login_hint: Some("+15550100".into()),
            ui_locales: None,
            expires_at: 0,
        };
        assert_eq!(
            restart_url(&tx.params, &tx),
            "/authorize?client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=s+1\
             &connection=sms&prompt=login"
        );
    }
}
