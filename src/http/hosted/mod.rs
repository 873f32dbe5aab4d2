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
use crate::domain::redirect::{AuthorizationResponse, AuthorizeParams, OAuthError};

pub use authorize::authorize;
pub use code::code;
pub use identifier::identifier;
pub use lock::{brand_stylesheet, client_script, login_script};
pub use logout::logout;

async fn check(state: &AppState, p: &AuthorizeParams) -> Result<Checked, Response> {
    check_authorization(state, p, "This sign-in request is not valid").await
}

fn oauth_error(checked: &Checked, error: &'static str, description: &str) -> Response {
    redirect(
        &AuthorizationResponse::error(
            &checked.trusted,
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
