//! `response_mode=web_message` over plain HTTP: the answer page (login_required without a
//! session, a code after a page login and from the session with `prompt=none`), framed only
//! by the app's origin; a redirect URI whose origin is no web origin gets a 400 page with no
//! message; discovery lists the mode; the same through the served binary, with its log line
//! for a refused origin. (auth0-spa-js runs it in Chromium in `web_message_browser.rs`.)

use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, X_FRAME_OPTIONS};
use serde_json::{Value, json};

use crate::support::web::{Browser, forms_of};
use crate::support::{TestApp, phone, spawn_app_with};

const SPA: &str = "acme-spa";
const ORIGIN: &str = "http://127.0.0.1:4000";
const CALLBACK: &str = "http://127.0.0.1:4000/";
/// One of the client's callbacks, on an origin it has not registered as a web origin.
const UNREGISTERED: &str = "https://acme.example/callback";
/// RFC 7636 Appendix B's verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/// auth0-spa-js's states are base64 of random bytes, so they carry `+`, `/` and `=`.
const STATE: &str = "aGk+/x=y==";

async fn app() -> TestApp {
    spawn_app_with(&format!(
        "[[clients]]\nclient_id = \"{SPA}\"\nname = \"Acme SPA\"\n\
         callbacks = [\"{CALLBACK}\", \"{UNREGISTERED}\"]\nweb_origins = [\"{ORIGIN}\"]\n"
    ))
    .await
}

fn authorize_url(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", SPA),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("response_mode", "web_message"),
        ("scope", "openid phone offline_access"),
        ("state", STATE),
        ("nonce", "bm9uY2U="),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v));
    }
    format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(&pairs).unwrap()
    )
}

/// The data the answer page posts, read as its script reads it (JSON.parse of the element's
/// text), or `None` when the page carries none.
fn posted(page: &str) -> Option<Value> {
    let data = page
        .split("<script type=\"application/json\" id=\"authorization-response\">")
        .nth(1)?
        .split("</script>")
        .next()?;
    Some(serde_json::from_str(data).unwrap())
}

/// An answer page for the app's origin: its CSP lets that origin alone frame it and runs only
/// our script file; returns the message.
fn answer_of(status: StatusCode, headers: &reqwest::header::HeaderMap, page: &str) -> Value {
    assert_eq!(status, StatusCode::OK, "{page}");
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains(&format!("frame-ancestors {ORIGIN};")), "{csp}");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(headers.get(X_FRAME_OPTIONS).is_none());
    assert!(page.contains("<script src=\"/assets/web_message.js\"></script>"));
    let data = posted(page).expect("an answer page");
    assert_eq!(data["target_origin"], ORIGIN);
    assert_eq!(data["message"]["type"], "authorization_response");
    data["message"]["response"].clone()
}

#[tokio::test]
async fn prompt_none_without_a_session_answers_login_required_to_the_app_origin() {
    let app = app().await;
    let mut browser = Browser::new();
    let (status, headers, page) = browser
        .get(&authorize_url(&app, &[("prompt", "none")]))
        .await;
    let response = answer_of(status, &headers, &page);
    assert_eq!(
        response,
        json!({"error": "login_required", "error_description": "Login required", "state": STATE})
    );
    // the script it loads is served, and other pages still forbid framing
    let script = app
        .http
        .get(app.url("/assets/web_message.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.text().await.unwrap().contains("postMessage"));
    let (status, headers, page) = browser
        .get(&authorize_url(&app, &[("response_mode", "query")]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"phone\""));
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(headers[X_FRAME_OPTIONS], "DENY");
}

#[tokio::test]
async fn a_redirect_uri_on_an_unregistered_origin_gets_a_400_page_and_no_message() {
    let app = app().await;
    let mut browser = Browser::new();
    for extra in [
        vec![("redirect_uri", UNREGISTERED), ("prompt", "none")],
        vec![("redirect_uri", UNREGISTERED)],
        // checked before the rest of the request, which could otherwise answer an error
        vec![("redirect_uri", UNREGISTERED), ("response_type", "bogus")],
    ] {
        let (status, headers, page) = browser.get(&authorize_url(&app, &extra)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{extra:?}: {page}");
        assert!(
            page.contains(
                "invalid_request: The specified redirect_uri &#39;https://acme.example/callback&#39; \
                 does not have a registered origin."
            ),
            "{page}"
        );
        assert!(posted(&page).is_none(), "{page}");
        assert!(!page.contains("web_message.js"));
        assert!(
            headers[CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
    }
    // a redirect URI that is no callback gets the usual page, before the origin is looked at
    let (status, _, page) = browser
        .get(&authorize_url(
            &app,
            &[("redirect_uri", "http://127.0.0.1:4000/elsewhere")],
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("not in the list of allowed callback URLs"),
        "{page}"
    );
    assert!(posted(&page).is_none());
    // the same redirect URI in another mode is still fine: only web_message needs the origin
    let (status, _, page) = browser
        .get(&authorize_url(
            &app,
            &[("redirect_uri", UNREGISTERED), ("response_mode", "query")],
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (_, discovery) = app.get_json("/.well-known/openid-configuration").await;
    assert!(
        discovery["response_modes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("web_message")),
        "{discovery}"
    );
}

async fn redeem(app: &TestApp, code: &str) -> (StatusCode, Value) {
    app.post_json(
        "/oauth/token",
        json!({"grant_type": "authorization_code", "client_id": SPA, "code": code,
               "redirect_uri": CALLBACK, "code_verifier": VERIFIER}),
    )
    .await
}

#[tokio::test]
async fn a_popup_login_and_then_the_session_answer_with_codes_that_redeem_with_pkce() {
    let app = app().await;
    let mut browser = Browser::new();
    let number = phone();
    // The popup: no prompt, so the login page, then the answer page.
    let (status, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), number.clone()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), app.code_for(&number)));
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    let response = answer_of(status, &headers, &page);
    assert_eq!(response["state"], STATE);
    let code = response["code"].as_str().unwrap();
    let (status, tokens) = redeem(&app, code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app.verified_claims(&tokens, SPA).await;
    assert_eq!(claims["phone_number"], number.as_str());

    // The hidden iframe: prompt=none, answered from the session at once.
    let (status, headers, page) = browser
        .get(&authorize_url(&app, &[("prompt", "none")]))
        .await;
    let response = answer_of(status, &headers, &page);
    assert_eq!(response["state"], STATE);
    let code = response["code"].as_str().unwrap().to_string();
    let (status, tokens) = redeem(&app, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        app.verified_claims(&tokens, SPA).await["sub"],
        claims["sub"]
    );
    assert!(tokens["refresh_token"].is_string(), "{tokens}");
    // a code is single use, here as everywhere
    let (status, _) = redeem(&app, &code).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The served binary: a page login in web_message mode with the code from its development
/// SMS log, the answer page's code redeemed with PKCE, then `prompt=none` from the session;
/// an unregistered origin gets the 400 page and the INFO line operators look for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_binary_answers_by_web_message_and_logs_a_refused_origin() {
    use crate::support::process::start_in;
    use crate::support::twilio::extract_code;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latchkey.toml"),
        format!(
            "[[clients]]\nclient_id = \"{SPA}\"\nname = \"Acme SPA\"\n\
             callbacks = [\"{CALLBACK}\", \"{UNREGISTERED}\"]\nweb_origins = [\"{ORIGIN}\"]\n"
        ),
    )
    .unwrap();
    let server = start_in(dir.path(), &["--config", "latchkey.toml"]);
    let base = server.base_url();
    let url = |extra: &[(&str, &str)]| {
        let mut pairs = vec![
            ("client_id", SPA),
            ("redirect_uri", CALLBACK),
            ("response_type", "code"),
            ("response_mode", "web_message"),
            ("scope", "openid phone"),
            ("state", STATE),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ];
        pairs.extend_from_slice(extra);
        format!(
            "{base}/authorize?{}",
            serde_urlencoded::to_string(&pairs).unwrap()
        )
    };
    let mut browser = Browser::new();
    let number = phone();
    let (status, _, page) = browser.get(&url(&[])).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), number.clone()));
    let (status, _, page) = browser.post(&format!("{base}{action}"), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let line = tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY");
            if line.contains(&number) {
                break line;
            }
        }
    });
    let code = extract_code(&line[line.find("body=").unwrap()..]).unwrap();
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), code));
    let (status, headers, page) = browser.post(&format!("{base}{action}"), &fields).await;
    let response = answer_of(status, &headers, &page);
    assert_eq!(response["state"], STATE);
    let http = reqwest::Client::new();
    let redeem = |code: String| {
        http.post(format!("{base}/oauth/token"))
            .json(
                &json!({"grant_type": "authorization_code", "client_id": SPA, "code": code,
                          "redirect_uri": CALLBACK, "code_verifier": VERIFIER}),
            )
            .send()
    };
    let tokens = redeem(response["code"].as_str().unwrap().into())
        .await
        .unwrap();
    assert_eq!(tokens.status(), StatusCode::OK);
    let (status, headers, page) = browser.get(&url(&[("prompt", "none")])).await;
    let response = answer_of(status, &headers, &page);
    let tokens = redeem(response["code"].as_str().unwrap().into())
        .await
        .unwrap();
    assert_eq!(tokens.status(), StatusCode::OK);

    let (status, _, page) = browser
        .get(&url(&[("prompt", "none")]).replace(
            &serde_urlencoded::to_string([("redirect_uri", CALLBACK)]).unwrap(),
            &serde_urlencoded::to_string([("redirect_uri", UNREGISTERED)]).unwrap(),
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(posted(&page).is_none());
    let logged = tokio::task::block_in_place(|| server.wait_for("web_message refused"));
    assert!(
        logged.contains(SPA) && logged.contains(UNREGISTERED),
        "{logged}"
    );
}
