//! The `web_message` answer page (Auth0's "Authorization Response"): its data in a JSON
//! script element, read by `/assets/web_message.js` (our CSP allows no inline script), which
//! posts it to the app's window; framed only by the app's registered origin. A redirect URI
//! whose origin the client has not registered gets a 400 page and no message: in the
//! visitor's language, with Auth0's English words as the developer's detail.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;

use super::{asset, html, request_error};
use crate::domain::i18n::Lang;
use crate::domain::model::Client;
use crate::domain::oauth::redirect::AuthorizationResponse;
use crate::domain::oauth::web_message::{page_data, registered_origin, script_json};

#[derive(Template)]
#[template(path = "web_message.html")]
struct WebMessagePage {
    /// JSON made safe for a script element ([`script_json`]).
    data: String,
}

/// The origin the answer to `redirect_uri` may be posted to, or the 400 page that answers
/// instead (Auth0's text as its detail; no message is posted, so the app's SDK times out as
/// on Auth0).
pub(super) fn target_origin(
    t: &'static Lang,
    client: &Client,
    redirect_uri: &str,
) -> Result<String, Response> {
    registered_origin(client, redirect_uri).map_err(|message| {
        tracing::info!(
            client_id = %client.client_id,
            redirect_uri,
            "web_message refused: the redirect URI's origin is not among the client's web_origins"
        );
        request_error(t, StatusCode::BAD_REQUEST, message)
    })
}

/// The page that posts `answer` to the app's window, framable by the app's origin alone.
pub(super) fn answer_page(
    t: &'static Lang,
    answer: &AuthorizationResponse,
    client: &Client,
) -> Response {
    let origin = match target_origin(t, client, &answer.redirect_uri) {
        Ok(o) => o,
        Err(page) => return page,
    };
    let page = WebMessagePage {
        data: script_json(&page_data(&origin, &answer.params)),
    };
    let mut r = html(StatusCode::OK, page.render(), None);
    let csp = format!(
        "default-src 'none'; script-src 'self'; form-action 'none'; frame-ancestors {origin}; base-uri 'none'"
    );
    let h = r.headers_mut();
    // `frame-ancestors` names who may frame it; X-Frame-Options cannot name an origin.
    h.remove(header::X_FRAME_OPTIONS);
    match HeaderValue::from_str(&csp) {
        Ok(v) => {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
        // `origin_of` admits only host, port and scheme characters; never reached.
        Err(_) => {
            return request_error(
                t,
                StatusCode::BAD_REQUEST,
                "The redirect URI's origin cannot be named in a header.",
            );
        }
    }
    r
}

/// `GET /assets/web_message.js`: the answer page's script.
pub async fn web_message_script() -> Response {
    asset(
        include_str!("../../../assets/web_message.js"),
        "text/javascript; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::english;
    use crate::domain::model::CrossOrigin;
    use crate::domain::oauth::redirect::ResponseMode;

    fn client() -> Client {
        Client {
            cross_origin: CrossOrigin {
                web_origins: vec!["https://app.example".into()],
                ..Default::default()
            },
            ..Client::sample()
        }
    }

    fn answer(redirect_uri: &str, state: &str) -> AuthorizationResponse {
        AuthorizationResponse {
            redirect_uri: redirect_uri.into(),
            mode: ResponseMode::WebMessage,
            params: vec![
                ("code".into(), "c0de".into()),
                ("state".into(), state.into()),
            ],
        }
    }

    fn csp_of(r: &Response) -> String {
        r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string()
    }

    async fn body(r: Response) -> String {
        let bytes = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_page_is_framed_only_by_the_app_and_its_data_stays_in_its_element() {
        let state = "x</script><script>alert(1)</script>";
        let r = answer_page(
            english(),
            &answer("https://app.example/cb", state),
            &client(),
        );
        assert_eq!(r.status(), StatusCode::OK);
        let csp = csp_of(&r);
        assert!(
            csp.contains("frame-ancestors https://app.example;"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(r.headers().get(header::X_FRAME_OPTIONS).is_none());
        let html = body(r).await;
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
        let data = html
            .split("id=\"authorization-response\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .unwrap();
        let data: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(data["target_origin"], "https://app.example");
        assert_eq!(data["message"]["response"]["state"], state);
        assert!(html.contains("<script src=\"/assets/web_message.js\"></script>"));
    }

    #[tokio::test]
    async fn an_unregistered_origin_gets_a_400_page_without_the_answer() {
        let japanese = crate::domain::i18n::by_tag("ja").unwrap();
        let r = answer_page(
            japanese,
            &answer("https://other.example/cb", "st"),
            &client(),
        );
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let csp = csp_of(&r);
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        let html = body(r).await;
        assert!(
            html.contains("does not have a registered origin."),
            "Auth0's words as the detail: {html}"
        );
        assert!(
            html.contains("lang=\"ja\"") && html.contains(&japanese.text("request-invalid")),
            "the visitor's language: {html}"
        );
        assert!(!html.contains("c0de") && !html.contains("web_message.js"));
    }
}
