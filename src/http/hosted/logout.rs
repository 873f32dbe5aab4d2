//! Logout: `GET /v2/logout` (Auth0) and `GET /oidc/logout` (OIDC) end the browser's
//! session and go on only to a URL the app allows.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;

use super::accept_language;
use crate::domain::i18n;
use crate::http::AppState;
use crate::http::pages::{
    LinkParams, SESSION_COOKIE, internal_in, notice, redirect_to, request_error_titled,
};

/// `GET /v2/logout` (Auth0: `client_id`, `returnTo`) and `GET /oidc/logout` (OIDC:
/// `client_id` or `id_token_hint`, `post_logout_redirect_uri`, `state`). Ends the session;
/// goes on only to one of the client's `allowed_logout_urls`.
pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    params: LinkParams,
) -> Response {
    let t = i18n::pick(
        params.get("ui_locales").as_deref(),
        accept_language(&headers).as_deref(),
    );
    let target = params
        .get("returnTo")
        .or_else(|| params.get("post_logout_redirect_uri"));
    let client_id = params.get("client_id").or_else(|| {
        params
            .get("id_token_hint")
            .and_then(|hint| state.core.tokens.id_token_audience(&hint))
    });
    // Check where to go before ending anything: a refused request changes nothing.
    let destination = match (&target, &client_id) {
        (None, _) => None,
        (Some(_), None) => {
            return cannot_return(t, "A return URL needs client_id or id_token_hint.".into());
        }
        (Some(url), Some(id)) => match state.core.client(id).await {
            Ok(Some(c)) if c.allowed_logout_urls.iter().any(|u| u == url) => Some(url.clone()),
            Ok(_) => {
                return cannot_return(
                    t,
                    format!("{url} is not in the list of allowed logout URLs of this application."),
                );
            }
            Err(e) => return internal_in(t, e),
        },
    };
    if let Some(c) = jar.get(SESSION_COOKIE) {
        let user = crate::domain::login::hosted::session_user(&state.core, c.value())
            .await
            .ok()
            .flatten();
        if let Err(e) = crate::domain::login::hosted::end_session(&state.core, c.value()).await {
            return internal_in(t, e);
        }
        if let Some((user, _)) = user {
            state
                .core
                .events
                .log(crate::domain::model::LogEvent {
                    kind: crate::domain::audit::codes::LOGOUT.into(),
                    description: "Logout".into(),
                    client_id: client_id.clone(),
                    user_id: Some(user.user_id),
                    ..Default::default()
                })
                .await;
        }
    }
    let removal = Cookie::build((SESSION_COOKIE, "")).path("/").build();
    let jar = jar.remove(removal);
    let r = match destination {
        Some(url) => redirect_to(
            StatusCode::FOUND,
            &with_state(url, params.get("state").as_deref()),
        ),
        None => notice(t, &t.text("logged-out-title"), &t.text("logged-out")),
    };
    (jar, r).into_response()
}

/// The logout URL with the app's `state`, if it sent one, added to its query.
fn with_state(url: String, state: Option<&str>) -> String {
    match state {
        Some(s) => {
            let sep = if url.contains('?') { '&' } else { '?' };
            format!(
                "{url}{sep}{}",
                serde_urlencoded::to_string([("state", s)]).unwrap_or_default()
            )
        }
        None => url,
    }
}

/// A logout whose return address is refused: nothing was ended, and the page says so.
fn cannot_return(t: &'static i18n::Lang, detail: String) -> Response {
    request_error_titled(
        t,
        StatusCode::BAD_REQUEST,
        &t.text("logout-refused-title"),
        &t.text("logout-refused"),
        detail,
    )
}

#[cfg(test)]
mod tests {
    use super::with_state;

    #[test]
    fn state_is_added_to_the_query_encoded() {
        assert_eq!(
            with_state("https://a.example/bye".into(), None),
            "https://a.example/bye"
        );
        assert_eq!(
            with_state("https://a.example/bye".into(), Some("x y")),
            "https://a.example/bye?state=x+y"
        );
        assert_eq!(
            with_state("https://a.example/bye?lang=en".into(), Some("s&t")),
            "https://a.example/bye?lang=en&state=s%26t"
        );
    }
}
