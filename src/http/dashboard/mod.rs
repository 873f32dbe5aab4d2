//! The dashboard (`/admin`): administrators sign in through our own hosted login with an
//! email code, as any app would, but are no tenant's users (`session`), then configure connections and the email
//! provider, manage applications, users and signing keys, and read the event log: one module
//! a section, each registering its own routes. Pages are rendered on the server with no
//! inline script; every change is a form post checked against the CSRF cookie (`form`) and
//! written to the event log.

// A step that ends a handler early answers with the finished page as its `Err` (`Answer`).
#![allow(clippy::result_large_err)]

mod applications;
mod charts;
mod chrome;
mod connections;
mod field_error;
mod form;
mod keys;
mod logs;
mod session;
mod users;

mod administrators;
mod overview;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};

use super::AppState;
use super::pages::asset;

pub use crate::domain::login::dashboard::DASHBOARD_CLIENT;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(session::home))
        .route("/admin/callback", get(session::callback))
        .route("/admin/logout", post(session::logout))
        .merge(connections::routes())
        .merge(applications::routes())
        .merge(users::routes())
        .merge(logs::routes())
        .merge(keys::routes())
        .merge(overview::routes())
        .merge(administrators::routes())
        .route("/assets/admin.css", get(stylesheet))
        .route("/assets/admin.js", get(script))
}

async fn stylesheet() -> Response {
    asset(
        include_str!("../../../assets/admin.css"),
        "text/css; charset=utf-8",
    )
}

async fn script() -> Response {
    asset(
        include_str!("../../../assets/admin.js"),
        "text/javascript; charset=utf-8",
    )
}
