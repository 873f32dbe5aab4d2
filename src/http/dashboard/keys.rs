//! Keys: the token signing keys (current, previous, retired), rotation, and revocation of
//! the previous key.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::{Chrome, done, form, internal, page, query_fields, record, show, when};
use crate::domain::model::KeyState;
use crate::http::AppState;

struct KeyRow {
    kid: String,
    alg: String,
    created: String,
    state: &'static str,
    previous: bool,
}

#[derive(Template)]
#[template(path = "admin/keys.html")]
struct KeysPage {
    chrome: Chrome,
    keys: Vec<KeyRow>,
}

/// `GET /admin/keys`.
pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "keys", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut keys = match state.core.store.signing_keys().await {
        Ok(k) => k,
        Err(e) => return internal(e.into()),
    };
    keys.sort_by_key(|k| std::cmp::Reverse(k.created_at));
    let body = KeysPage {
        chrome,
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                kid: k.kid,
                alg: k.alg,
                created: when(k.created_at),
                previous: k.state == KeyState::Previous,
                state: match k.state {
                    KeyState::Current => "current: signs new tokens",
                    KeyState::Previous => "previous: still in the JWKS",
                    KeyState::Retired => "retired",
                },
            })
            .collect(),
    };
    let rendered = body.render();
    show(&state, jar, &body.chrome, StatusCode::OK, rendered)
}

/// `POST /admin/keys/rotate`.
pub async fn rotate(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match crate::domain::management::signing_keys::rotate_signing_key(&state.core).await {
        Ok(kid) => {
            record(&state, &who, &format!("Rotate the signing key to {kid}")).await;
            done("/admin/keys", &format!("New signing key {kid}"))
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/keys/{kid}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(kid): Path<String>,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match crate::domain::management::signing_keys::revoke_signing_key(&state.core, &kid).await {
        Ok(true) => {
            record(&state, &who, &format!("Revoke the signing key {kid}")).await;
            done(
                "/admin/keys",
                &format!("Key {kid} revoked: it left the JWKS"),
            )
        }
        Ok(false) => done("/admin/keys", "Only the previous key can be revoked"),
        Err(e) => internal(e),
    }
}
