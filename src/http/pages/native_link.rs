//! The page a `link_ios` / `link_android` link shows when it opens in a browser instead of
//! the app: where to open it, and the code to type if the app did not take over.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::magic_link::visitor_texts;
use super::{Brand, LinkParams, error_page_in, html};
use crate::domain::i18n::{Arg, Lang};
use crate::http::AppState;

#[derive(Template)]
#[template(path = "native_link.html")]
struct NativeLinkPage {
    t: &'static Lang,
    brand: Brand,
    title: String,
    code: String,
}

/// `GET /{platform}/{app_id}/email`.
pub async fn native_link(
    State(state): State<AppState>,
    Path((platform, app_id)): Path<(String, String)>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let t = visitor_texts(&headers);
    if platform != "ios" && platform != "android" {
        return error_page_in(
            t,
            StatusCode::NOT_FOUND,
            &t.text("not-found-title"),
            t.text("not-found"),
        );
    }
    let params = match LinkParams::from_query(query.as_deref(), t) {
        Ok(p) => p,
        Err(r) => return r,
    };
    // The app the link names, for its name and look; a link without one (or naming an app
    // this server does not know) still helps, under the app id it was opened for.
    let client = match params.get("client_id") {
        Some(id) => state.core.client(&id).await.ok().flatten(),
        None => None,
    };
    let brand = match &client {
        Some(c) => Brand::of(&state, c).await,
        None => Brand::NONE,
    };
    let Some(code) = params.get("code").filter(|c| is_code(c)) else {
        return super::error_page_branded(
            t,
            brand,
            StatusCode::BAD_REQUEST,
            &t.text("link-invalid-title"),
            t.text("link-no-code"),
        );
    };
    let app_name = client.map(|c| c.name).unwrap_or(app_id);
    html(
        StatusCode::OK,
        NativeLinkPage {
            t,
            brand,
            title: t.format("open-app", &[("app", Arg::Text(&app_name))]),
            code,
        }
        .render(),
        None,
    )
}

/// What a code looks like: digits only, and no longer than any channel sends.
fn is_code(c: &str) -> bool {
    c.len() <= 10 && c.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_code;

    #[test]
    fn a_code_is_up_to_ten_digits() {
        assert!(is_code("123456"));
        assert!(is_code("0123456789"));
        assert!(!is_code("01234567890"));
        assert!(!is_code("12a456"));
        assert!(!is_code("+12345"));
    }
}
