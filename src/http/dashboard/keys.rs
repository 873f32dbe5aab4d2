//! Keys: the token signing keys (current, previous, retired), rotation, and revocation of
//! the previous key.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};

use super::chrome::{Chrome, Page, done, internal, page, show, when};
use super::form::{AdminForm, AdminPage};
use crate::domain::model::KeyState;
use crate::http::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/keys", get(list))
        .route("/admin/keys/rotate", post(rotate))
        .route("/admin/keys/{kid}/revoke", post(revoke))
}

struct KeyRow {
    kid: String,
    alg: String,
    created: String,
    /// The state's message key.
    state: &'static str,
    previous: bool,
}

#[derive(Template)]
#[template(path = "admin/keys.html")]
struct KeysPage {
    chrome: Chrome,
    keys: Vec<KeyRow>,
}

page!(KeysPage);

/// `GET /admin/keys`.
async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Response {
    let mut keys = match state.core.store.signing_keys().await {
        Ok(k) => k,
        Err(e) => return internal(e),
    };
    keys.sort_by_key(|k| std::cmp::Reverse(k.created_at));
    let body = KeysPage {
        chrome: admin.chrome("keys"),
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                kid: k.kid,
                alg: k.alg.to_string(),
                created: when(k.created_at),
                previous: k.state == KeyState::Previous,
                state: match k.state {
                    KeyState::Current => "dash-keys-current",
                    KeyState::Previous => "dash-keys-previous",
                    KeyState::Retired => "dash-keys-retired",
                },
            })
            .collect(),
    };
    show(&state, admin.jar, &body)
}

/// `POST /admin/keys/rotate`.
async fn rotate(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let kid = match crate::domain::management::signing_keys::rotate_signing_key(&state.core).await {
        Ok(key) => key.record.kid,
        Err(e) => return internal(e),
    };
    form.record(&state, &format!("Rotate the signing key to {kid}"))
        .await;
    done(
        "/admin/keys",
        &form.t.with("dash-keys-rotated", "kid", &kid),
    )
}

/// `POST /admin/keys/{kid}/revoke`: only the previous key can be.
async fn revoke(
    State(state): State<AppState>,
    Path(kid): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let notice = match crate::domain::management::signing_keys::revoke_signing_key(
        &state.core,
        &kid,
    )
    .await
    {
        Ok(Err(_)) => form.t.text("dash-keys-only-previous"),
        Ok(Ok(_)) => {
            form.record(&state, &format!("Revoke the signing key {kid}"))
                .await;
            form.t.with("dash-keys-revoked", "kid", &kid)
        }
        Err(e) => return internal(e),
    };
    done("/admin/keys", &notice)
}
