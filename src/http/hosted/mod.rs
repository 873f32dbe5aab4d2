//! The hosted login (our Lock): `GET /authorize` and its two steps (who you are, then the
//! code), sessions that let a later `/authorize` skip the prompt, logout (`/v2/logout`,
//! OIDC's `/oidc/logout`), and the files Lock and the pages load (`lock`). One file a flow;
//! `page` renders the login and code pages, `step` reads and checks a step's form.
//!
//! The request travels between steps sealed in a hidden field, so the browser can neither
//! read nor change it and any instance can serve the next step. Every form carries the CSRF
//! token of the browser's cookie; every page forbids framing and inline script.

// Page checks return the finished error page as their `Err` (see `pages`).
#![allow(clippy::result_large_err)]

mod authorize;
mod co_verify;
mod code;
mod identifier;
mod lock;
mod logout;
mod page;
mod step;

use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::AppState;
use super::pages::{Checked, check_authorization, redirect};
use crate::domain::oauth::redirect::{AuthorizationResponse, AuthorizeParams, OAuthError};

pub use authorize::authorize;
pub use co_verify::{co_verify, co_verify_script};
pub use code::code;
pub use identifier::identifier;
pub use lock::{
    brand_stylesheet, client_script, geoloc_country, login_script, phone_formatter_script,
};
pub use logout::logout;

async fn check(
    state: &AppState,
    p: &AuthorizeParams,
    t: &'static crate::domain::i18n::Lang,
) -> Result<Checked, Response> {
    check_authorization(state, p, t).await
}

/// An OAuth error back to the app; a `form_post` app gets it through a page in `t`.
fn oauth_error(
    checked: &Checked,
    t: &'static crate::domain::i18n::Lang,
    error: &'static str,
    description: &str,
) -> Response {
    redirect(
        t,
        &AuthorizationResponse::error(
            &checked.request.to,
            &OAuthError {
                error,
                description: description.into(),
            },
        ),
        &checked.client,
        false,
    )
}

fn accept_language(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The app's request as query pairs, those it set, in `/authorize`'s order.
fn request_pairs(p: &AuthorizeParams) -> Vec<(&'static str, String)> {
    [
        ("client_id", &p.client_id),
        ("redirect_uri", &p.redirect_uri),
        ("response_type", &p.response_type),
        ("response_mode", &p.response_mode),
        ("scope", &p.scope),
        ("state", &p.state),
        ("nonce", &p.nonce),
        ("audience", &p.audience),
        ("code_challenge", &p.code_challenge),
        ("code_challenge_method", &p.code_challenge_method),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_pairs_are_the_set_parameters_in_order() {
        let p = AuthorizeParams {
            client_id: Some("app".into()),
            scope: Some("openid".into()),
            state: Some("s".into()),
            ..Default::default()
        };
        assert_eq!(
            request_pairs(&p),
            [
                ("client_id", "app".to_string()),
                ("scope", "openid".into()),
                ("state", "s".into())
            ]
        );
    }
}
