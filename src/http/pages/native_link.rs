//! The page a `link_ios` / `link_android` link shows when it opens in a browser instead of
//! the app: where to open it, and the code to type if the app did not take over.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::magic_link::visitor_texts;
use super::{LinkParams, error_page, html};
use crate::domain::i18n::{Arg, Lang};
use crate::http::AppState;

#[derive(Template)]
#[template(path = "native_link.html")]
struct NativeLinkPage {
    t: &'static Lang,
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
    if platform != "ios" && platform != "android" {
        return error_page(StatusCode::NOT_FOUND, "Not found", "There is no page here.");
    }
    let params = match LinkParams::from_query(query.as_deref()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let Some(code) = params.get("code").filter(|c| is_code(c)) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "The link carries no code.",
        );
    };
    let app_name = match params.get("client_id") {
        Some(id) => match state.core.client(&id).await {
            Ok(Some(c)) => c.name,
            _ => app_id,
        },
        None => app_id,
    };
    let t = visitor_texts(&headers);
    html(
        StatusCode::OK,
        NativeLinkPage {
            t,
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
