//! What Lock and the login pages load from us: `/client/{id}.js` (Lock's discovery of an
//! app's connections), `/user/geoloc/country` (where Lock's phone field starts), the app's
//! brand stylesheet, and the login page's script.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::domain::model::{RecipientKind, Strategy};
use crate::http::AppState;
use crate::http::pages::{CACHE_HOUR, CACHE_MINUTE, internal, served};

/// `GET /client/{client_id}.js`: `Auth0.setClient({...})`, which Lock (web, with
/// `configurationBaseUrl`) and Lock.swift read to find the passwordless connections.
pub async fn client_script(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(client_id) = file.strip_suffix(".js") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let client = match state.core.client(client_id).await {
        Ok(Some(c)) => c,
        // What Auth0's CDN answers for an unknown client, and what Lock.swift expects.
        Ok(None) => return StatusCode::FORBIDDEN.into_response(),
        Err(e) => return internal(e),
    };
    let records = match state.core.store.connections().await {
        Ok(r) => r,
        Err(e) => return internal(e.into()),
    };
    let mut strategies: Vec<serde_json::Value> = Vec::new();
    // Email first, then the phone strategies, as the script has always listed them.
    let mut order = Strategy::ALL;
    order.sort_by_key(|s| s.recipient_kind() != RecipientKind::Email);
    for strategy in order {
        let names: Vec<serde_json::Value> = records
            .iter()
            .filter(|c| c.strategy == strategy)
            .map(|c| json!({"name": c.name}))
            .collect();
        if !names.is_empty() {
            strategies.push(json!({"name": strategy.as_str(), "connections": names}));
        }
    }
    let issuer = state.core.tokens.issuer();
    let config = json!({
        "id": client.client_id,
        "tenant": "latchkey",
        "subscription": "free",
        "authorize": format!("{issuer}authorize"),
        "callback": client.callbacks.first().cloned().unwrap_or_default(),
        "hasAllowedOrigins": false,
        "strategies": strategies,
    });
    served(
        format!("Auth0.setClient({config});"),
        "application/javascript; charset=utf-8",
        CACHE_MINUTE,
    )
}

/// `GET /user/geoloc/country`: `{"country_code": "US"}`, which Lock reads for the country
/// its phone field starts on. Auth0 answers from the caller's IP address; Latchkey has no
/// address database, so it answers what the hosted login page's phone field starts on: the
/// region of the browser's `Accept-Language`.
pub async fn geoloc_country(headers: HeaderMap) -> Response {
    let accept_language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let country = crate::domain::i18n::default_region(accept_language);
    (
        [
            (header::CACHE_CONTROL, "private, no-store"),
            (header::VARY, "Accept-Language"),
        ],
        axum::Json(json!({ "country_code": country })),
    )
        .into_response()
}

/// `GET /assets/brand/{client_id}.css`: the app's primary colour as a stylesheet, since the
/// pages' CSP allows no inline style.
pub async fn brand_stylesheet(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let client = match file.strip_suffix(".css") {
        Some(id) => state.core.client(id).await.ok().flatten(),
        None => None,
    };
    let Some(color) = client.and_then(|c| c.branding.primary_color) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The colour was checked to be #rrggbb when the client was saved.
    served(brand_css(&color), "text/css; charset=utf-8", CACHE_MINUTE)
}

/// `GET /assets/login.js`: the login pages' script (no inline script is allowed).
pub async fn login_script() -> Response {
    served(
        include_str!("../../../assets/login.js"),
        "text/javascript; charset=utf-8",
        CACHE_HOUR,
    )
}

/// The stylesheet that gives the pages an app's colour.
fn brand_css(color: &str) -> String {
    format!(":root {{ --accent: {color}; --accent-hover: {color}; --focus: {color}; }}\n")
}

#[cfg(test)]
mod tests {
    use super::brand_css;

    #[test]
    fn the_brand_colour_sets_every_accent() {
        assert_eq!(
            brand_css("#112233"),
            ":root { --accent: #112233; --accent-hover: #112233; --focus: #112233; }\n"
        );
    }
}
