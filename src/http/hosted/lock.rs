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

/// `GET /assets/libphonenumber-min.js`: libphonenumber-js's browser bundle, unmodified (a
/// test compares it with the npm release), for the login page's as-you-type formatting.
pub async fn phone_formatter_script() -> Response {
    served(
        include_str!("../../../assets/vendor/libphonenumber-min.js"),
        "text/javascript; charset=utf-8",
        CACHE_HOUR,
    )
}

/// `GET /assets/login.js`: the login pages' script (no inline script is allowed).
pub async fn login_script() -> Response {
    served(
        include_str!("../../../assets/login.js"),
        "text/javascript; charset=utf-8",
        CACHE_HOUR,
    )
}

/// The stylesheet that gives the pages an app's colour: buttons in the colour with black or
/// white text, whichever reads better, and links in the colour darkened (light mode) or
/// lightened (dark mode) until they read at 4.5:1 (WCAG AA) on the page's backgrounds.
fn brand_css(color: &str) -> String {
    let Some(rgb) = parse_hex(color) else {
        return String::new();
    };
    let on = if contrast(rgb, BLACK) >= contrast(rgb, WHITE) {
        "#000000"
    } else {
        "#ffffff"
    };
    // The darkest background text sits on in each mode (--bg in light, --card in dark).
    let light = readable(rgb, BLACK, [0xf4, 0xf4, 0xf5]);
    let dark = readable(rgb, WHITE, [0x27, 0x27, 0x2a]);
    format!(
        ":root {{ --accent: {color}; --accent-hover: {color}; --accent-text: {on}; --focus: {light}; --link: {light}; }}\n\
         @media (prefers-color-scheme: dark) {{ :root {{ --accent-text: {on}; --focus: {dark}; --link: {dark}; }} }}\n",
        light = hex(light),
        dark = hex(dark),
    )
}

const BLACK: [u8; 3] = [0, 0, 0];
const WHITE: [u8; 3] = [0xff, 0xff, 0xff];

fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let h = color.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

/// WCAG's relative luminance.
fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

/// WCAG's contrast ratio of two colours (1 to 21).
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` mixed toward `toward` by the least step that reads at 4.5:1 on `background`.
fn readable(c: [u8; 3], toward: [u8; 3], background: [u8; 3]) -> [u8; 3] {
    (0..=20)
        .map(|step| {
            let t = f64::from(step) / 20.0;
            let mix =
                |i: usize| (f64::from(c[i]) * (1.0 - t) + f64::from(toward[i]) * t).round() as u8;
            [mix(0), mix(1), mix(2)]
        })
        .find(|m| contrast(*m, background) >= 4.5)
        .unwrap_or(toward)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brand_colour_sets_every_accent() {
        let css = brand_css("#112233");
        assert!(
            css.starts_with(
                ":root { --accent: #112233; --accent-hover: #112233; --accent-text: #ffffff;"
            ),
            "{css}"
        );
        assert!(brand_css("#fde047").contains("--accent-text: #000000"));
        assert_eq!(brand_css("not a colour"), "");
    }

    #[test]
    fn derived_colours_read_at_4_5_to_1_for_any_brand_colour() {
        for r in (0..=255).step_by(51) {
            for g in (0..=255).step_by(51) {
                for b in (0..=255).step_by(51) {
                    let c = [r as u8, g as u8, b as u8];
                    let on = if contrast(c, BLACK) >= contrast(c, WHITE) {
                        BLACK
                    } else {
                        WHITE
                    };
                    assert!(contrast(c, on) >= 4.5, "{c:?}");
                    let light = readable(c, BLACK, [0xf4, 0xf4, 0xf5]);
                    assert!(contrast(light, [0xff, 0xff, 0xff]) >= 4.5, "{c:?}");
                    assert!(contrast(light, [0xf4, 0xf4, 0xf5]) >= 4.5, "{c:?}");
                    let dark = readable(c, WHITE, [0x27, 0x27, 0x2a]);
                    assert!(contrast(dark, [0x27, 0x27, 0x2a]) >= 4.5, "{c:?}");
                    assert!(contrast(dark, [0x18, 0x18, 0x1b]) >= 4.5, "{c:?}");
                }
            }
        }
        // A brand colour that already reads is kept as it is.
        assert_eq!(
            readable([0x1d, 0x4e, 0xd8], BLACK, [0xf4, 0xf4, 0xf5]),
            [0x1d, 0x4e, 0xd8]
        );
    }
}
