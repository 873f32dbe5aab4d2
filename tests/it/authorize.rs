//! `/authorize` and the hosted page over plain HTTP: where errors go, page security headers,
//! the CSRF and transaction checks, `max_age`, `form_post`, logout's allowed URLs, OIDC
//! logout with `id_token_hint`, Lock's `/client/{id}.js`, and the origin-bound SMS line.
//! (The full flows run in Chromium in `hosted_login.rs`.)

use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, LOCATION, X_FRAME_OPTIONS};
use serde_json::{Value, json};

use crate::support::web::{Browser, form_of, forms_of};
use crate::support::{TestApp, WEB_APP, WEB_SECRET, phone, sms_connection, spawn_app_with};

const CALLBACK: &str = "https://acme.example/callback";
const BYE: &str = "https://acme.example/bye";

/// The web app of the base configuration, allowed a logout URL.
async fn app() -> TestApp {
    spawn_app_with(
        "[[clients]]\nclient_id = \"spa\"\nname = \"Acme SPA\"\ncallbacks = [\"https://spa.example/cb\"]\n\
         allowed_logout_urls = [\"https://acme.example/bye\"]\n",
    )
    .await
}

fn authorize_url(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", WEB_APP),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid phone"),
        ("state", "st"),
        ("nonce", "nn"),
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

fn query(url: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(url.split_once('?').map(|(_, q)| q).unwrap_or("")).unwrap()
}

fn param(url: &str, key: &str) -> Option<String> {
    query(url)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Signs `browser` in by SMS through the page; returns where it was sent.
async fn sign_in(
    app: &TestApp,
    browser: &mut Browser,
    url: &str,
    number: &str,
) -> (StatusCode, String, String) {
    let (status, _, page) = browser.get(url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), number.into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), app.code_for(number)));
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    let location = headers
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, page)
}

#[tokio::test]
async fn requests_that_cannot_be_trusted_get_a_page_and_the_rest_go_back_to_the_app() {
    let app = app().await;
    let mut browser = Browser::new();
    for (extra, text) in [
        (vec![("client_id", "nobody")], "Unknown client"),
        (
            vec![("redirect_uri", "https://evil.example/callback")],
            "not in the list of allowed callback URLs",
        ),
        (
            vec![("redirect_uri", "https://acme.example/callback/")],
            "not in the list of allowed callback URLs",
        ),
    ] {
        let (status, headers, page) = browser.get(&authorize_url(&app, &extra)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{extra:?}");
        assert!(headers.get(LOCATION).is_none(), "{extra:?}");
        assert!(page.contains(text), "{extra:?}: {page}");
    }
    for (extra, error) in [
        (vec![("response_type", "")], "invalid_request"),
        (
            vec![("response_type", "code id_token token thing")],
            "unsupported_response_type",
        ),
        (vec![("prompt", "none")], "login_required"),
        (vec![("prompt", "none login")], "invalid_request"),
        (vec![("connection", "nope")], "invalid_request"),
        (
            vec![("audience", "https://unknown.example/")],
            "access_denied",
        ),
        (
            vec![
                ("code_challenge", "abc"),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
        ),
        (vec![("max_age", "soon")], "invalid_request"),
    ] {
        let (status, headers, _) = browser.get(&authorize_url(&app, &extra)).await;
        assert_eq!(status, StatusCode::FOUND, "{extra:?}");
        let location = headers[LOCATION].to_str().unwrap();
        assert!(location.starts_with(&format!("{CALLBACK}?")), "{location}");
        assert_eq!(
            param(location, "error").as_deref(),
            Some(error),
            "{extra:?}: {location}"
        );
        assert_eq!(param(location, "state").as_deref(), Some("st"));
    }
    // a public client must use PKCE
    let url = format!(
        "{}authorize?client_id=spa&redirect_uri=https%3A%2F%2Fspa.example%2Fcb&response_type=code",
        app.issuer
    );
    let (_, headers, _) = browser.get(&url).await;
    assert_eq!(
        param(headers[LOCATION].to_str().unwrap(), "error").as_deref(),
        Some("invalid_request")
    );
}

#[tokio::test]
async fn the_login_page_forbids_framing_and_inline_script() {
    let app = app().await;
    let (status, headers, page) = Browser::new().get(&authorize_url(&app, &[])).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("form-action 'self' https://acme.example"),
        "{csp}"
    );
    assert_eq!(headers[X_FRAME_OPTIONS], "DENY");
    assert!(
        !page.contains("<script>") && !page.contains("style="),
        "inline script or style"
    );
    assert!(page.contains("autocomplete=\"tel\""));
}

#[tokio::test]
async fn forged_or_tampered_steps_are_refused() {
    let app = app().await;
    let mut browser = Browser::new();
    let (_, _, page) = browser.get(&authorize_url(&app, &[])).await;
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), phone()));
    // without the browser's cookie
    let (status, _, _) = Browser::new().post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // a transaction changed by one character
    let mut tampered = fields.clone();
    for (k, v) in tampered.iter_mut() {
        if k == "tx" {
            let last = v.pop().unwrap();
            v.push(if last == 'A' { 'B' } else { 'A' });
        }
    }
    let (status, _, page) = browser.post(&app.url(&action), &tampered).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    // an old page
    app.clock
        .advance(latchkey::domain::login::hosted::TRANSACTION_LIFETIME);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("expired"), "{page}");
}

#[tokio::test]
async fn a_session_answers_until_max_age_says_otherwise() {
    let app = app().await;
    let mut browser = Browser::new();
    let number = phone();
    let (status, location, page) =
        sign_in(&app, &mut browser, &authorize_url(&app, &[]), &number).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    assert!(param(&location, "code").is_some());
    // (the code is redeemed now, within its minute, to learn who signed in)
    let (_, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "authorization_code", "client_id": WEB_APP, "client_secret": WEB_SECRET,
                   "code": param(&location, "code").unwrap(), "redirect_uri": CALLBACK}),
        )
        .await;
    let sub = app.verified_claims(&tokens, WEB_APP).await["sub"]
        .as_str()
        .unwrap()
        .to_string();
    app.clock.advance(100);
    let (status, headers, _) = browser
        .get(&authorize_url(&app, &[("max_age", "1000")]))
        .await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(param(headers[LOCATION].to_str().unwrap(), "code").is_some());
    let (status, _, page) = browser
        .get(&authorize_url(&app, &[("max_age", "50")]))
        .await;
    assert_eq!(status, StatusCode::OK, "too old a login shows the page");
    assert!(page.contains("id=\"phone\""));
    let (_, headers, _) = browser
        .get(&authorize_url(
            &app,
            &[("max_age", "50"), ("prompt", "none")],
        ))
        .await;
    assert_eq!(
        param(headers[LOCATION].to_str().unwrap(), "error").as_deref(),
        Some("login_required")
    );
    // a blocked user's session no longer answers
    app.block(&sub).await;
    let (_, headers, _) = browser
        .get(&authorize_url(&app, &[("prompt", "none")]))
        .await;
    assert_eq!(
        param(headers[LOCATION].to_str().unwrap(), "error").as_deref(),
        Some("login_required")
    );
}

#[tokio::test]
async fn form_post_answers_with_a_form_and_implicit_with_the_fragment() {
    let app = app().await;
    let mut browser = Browser::new();
    let number = phone();
    let url = authorize_url(&app, &[("response_mode", "form_post")]);
    let (status, _, page) = sign_in(&app, &mut browser, &url, &number).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, fields) = form_of(&page);
    assert_eq!(action, CALLBACK);
    assert!(fields.iter().any(|(k, _)| k == "code"));
    assert!(fields.contains(&("state".into(), "st".into())));

    let (status, headers, _) = browser
        .get(&authorize_url(&app, &[("response_type", "id_token token")]))
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers[LOCATION].to_str().unwrap();
    let fragment = location.split_once('#').unwrap().1;
    let back: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
    assert!(back.iter().any(|(k, _)| k == "id_token"));
    assert!(back.iter().any(|(k, _)| k == "access_token"));
}

#[tokio::test]
async fn logout_goes_only_where_the_client_allows() {
    let app = app().await;
    let mut browser = Browser::new();
    // a token for the SPA, to use as id_token_hint
    let number = phone();
    let spa = format!(
        "{}authorize?client_id=spa&redirect_uri=https%3A%2F%2Fspa.example%2Fcb&response_type=id_token&nonce=x&state=s",
        app.issuer
    );
    let (status, location, _) = sign_in(&app, &mut browser, &spa, &number).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let fragment = location.split_once('#').unwrap().1;
    let id_token = serde_urlencoded::from_str::<Vec<(String, String)>>(fragment)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == "id_token")
        .unwrap()
        .1;

    let (status, headers, page) = browser
        .get(&format!(
            "{}v2/logout?client_id=spa&returnTo=https%3A%2F%2Fevil.example%2F",
            app.issuer
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(headers.get(LOCATION).is_none());
    // nothing was ended by the refused request
    let (status, _, _) = browser.get(&format!("{spa}&prompt=none")).await;
    assert_eq!(status, StatusCode::FOUND);

    let hint = serde_urlencoded::to_string([
        ("id_token_hint", id_token.as_str()),
        ("post_logout_redirect_uri", BYE),
        ("state", "bye-state"),
    ])
    .unwrap();
    let (status, headers, _) = browser
        .get(&format!("{}oidc/logout?{hint}", app.issuer))
        .await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(
        headers[LOCATION].to_str().unwrap(),
        format!("{BYE}?state=bye-state")
    );
    let (_, headers, _) = browser.get(&format!("{spa}&prompt=none")).await;
    let location = headers[LOCATION].to_str().unwrap();
    assert!(location.contains("error=login_required"), "{location}");
    // a forged hint names no client
    let forged = serde_urlencoded::to_string([
        ("id_token_hint", "e30.e30.AAAA"),
        ("post_logout_redirect_uri", BYE),
    ])
    .unwrap();
    let (status, _, _) = browser
        .get(&format!("{}oidc/logout?{forged}", app.issuer))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn lock_reads_the_client_script() {
    let app = app().await;
    let r = app
        .http
        .get(app.url(&format!("/client/{WEB_APP}.js")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    let body = r.text().await.unwrap();
    let json = body
        .strip_prefix("Auth0.setClient(")
        .and_then(|b| b.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{body}"));
    let config: Value = serde_json::from_str(json).unwrap();
    assert_eq!(config["id"], WEB_APP);
    assert_eq!(config["strategies"][0]["name"], "sms");
    assert_eq!(config["strategies"][0]["connections"][0]["name"], "sms");
    assert_eq!(config["callback"], CALLBACK);
    let r = app
        .http
        .get(app.url("/client/nobody.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn texts_can_end_with_the_origin_bound_line() {
    let app = spawn_app_with(&sms_connection(
        "sms-webotp",
        "{twilio}",
        "origin_bound_code = true",
    ))
    .await;
    let number = phone();
    let (status, _) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": crate::support::NATIVE_APP, "connection": "sms-webotp", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let body = app.twilio.last_body_for(&number);
    let code = app.code_for(&number);
    assert!(
        body.ends_with(&format!("\n\n@127.0.0.1 #{code}")),
        "{body:?}"
    );
    // the default Twilio connection does not add it
    let other = phone();
    app.start_sms(&other).await;
    assert!(!app.twilio.last_body_for(&other).contains('@'));
}
