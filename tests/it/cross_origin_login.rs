//! `/co/authenticate` (cross-origin authentication, issue 12 item 4) over HTTP: refused for
//! a client with `cross_origin_authentication` off, for a body that is not exactly Auth0's,
//! for another credential type or realm, and from an origin the client does not allow (where
//! the code stays unused); a right code answers a login ticket with a session cookie, and the
//! page may send and read cookies (credentials allowed for its exact origin only). The
//! ticket is redeemed at `/authorize` once, only with the session cookie it came with, and
//! only before it expires.

use reqwest::StatusCode;
use reqwest::header::{ORIGIN, SET_COOKIE};
use serde_json::{Value, json};

use crate::support::{TestApp, phone, read, spawn_app_with};

const EMBEDDED: &str = "embedded-app";
const PAGE: &str = "https://app.acme.example";
const OTP: &str = "http://auth0.com/oauth/grant-type/passwordless/otp";

const CLIENTS: &str = r#"
[[clients]]
client_id = "embedded-app"
name = "Embedded"
callbacks = ["https://app.acme.example/callback"]
web_origins = ["https://app.acme.example"]
cross_origin_authentication = true

[[clients]]
client_id = "switched-off"
name = "Switched off"
web_origins = ["https://app.acme.example"]
"#;

async fn co(
    app: &TestApp,
    origin: &str,
    body: Value,
) -> (StatusCode, reqwest::header::HeaderMap, Value) {
    let answer = app
        .http
        .post(app.url("/co/authenticate"))
        .header(ORIGIN, origin)
        .json(&body)
        .send()
        .await
        .unwrap();
    let headers = answer.headers().clone();
    let (status, body) = read(answer).await;
    (status, headers, body)
}

fn login(client_id: &str, number: &str, code: &str) -> Value {
    json!({"client_id": client_id, "credential_type": OTP, "username": number, "otp": code,
           "realm": "sms"})
}

#[tokio::test]
async fn co_authenticate_follows_auth0s_rules_and_answers_a_ticket() {
    let app = spawn_app_with(CLIENTS).await;
    let number = phone();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": EMBEDDED, "connection": "sms", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = app.code_for(&number);

    let refusals = [
        (
            login("switched-off", &number, &code),
            StatusCode::UNAUTHORIZED,
            "unauthorized_client",
            "Cross origin login not allowed.",
        ),
        (
            json!({"client_id": EMBEDDED, "credential_type": OTP, "username": number, "otp": code,
                   "realm": "sms", "extra": "x"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Invalid request body. All and only of client_id, credential_type, username, otp, realm are required.",
        ),
        (
            json!({"client_id": EMBEDDED, "credential_type": "password", "username": number,
                   "otp": code, "realm": "sms"}),
            StatusCode::BAD_REQUEST,
            "unsupported_credential_type",
            "Unknown credential type parameter.",
        ),
        (
            json!({"client_id": EMBEDDED, "credential_type": OTP, "username": number, "otp": code,
                   "realm": "nowhere"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Unknown realm nowhere.",
        ),
    ];
    for (body, status, error, description) in refusals {
        let (got, _, answer) = co(&app, PAGE, body).await;
        assert_eq!(
            (
                got,
                answer["error"].as_str(),
                answer["error_description"].as_str()
            ),
            (status, Some(error), Some(description)),
            "{answer}"
        );
    }

    // From an origin the client does not allow: refused before the code is looked at.
    let (status, headers, _) = co(
        &app,
        "https://evil.example",
        login(EMBEDDED, &number, &code),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get("access-control-allow-origin").is_none());

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _, answer) = co(&app, PAGE, login(EMBEDDED, &number, wrong)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(answer["error"], "access_denied");
    assert_eq!(
        answer["error_description"],
        "Wrong phone number or verification code."
    );

    let (status, headers, answer) = co(&app, PAGE, login(EMBEDDED, &number, &code)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    for key in ["login_ticket", "co_verifier", "co_id"] {
        assert!(
            answer[key].as_str().is_some_and(|v| v.len() >= 16),
            "{key}: {answer}"
        );
    }
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    let cookie = headers[SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("latchkey_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );

    // The code was single use, here as everywhere.
    let (status, _, answer) = co(&app, PAGE, login(EMBEDDED, &number, &code)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");

    // The preflight lets the page send credentials; another origin gets nothing.
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, app.url("/co/authenticate"))
            .header(ORIGIN, origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, auth0-client",
            )
            .send()
    };
    let ok = preflight(PAGE).await.unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        refused
            .headers()
            .get("access-control-allow-credentials")
            .is_none()
    );
}

/// A code proved at `/co/authenticate` for `number`: the login ticket and the session cookie.
async fn ticket_for(app: &TestApp, number: &str) -> (String, String) {
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": EMBEDDED, "connection": "sms", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = app.code_for(number);
    let (status, headers, answer) = co(app, PAGE, login(EMBEDDED, number, &code)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let cookie = headers[SET_COOKIE].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    (answer["login_ticket"].as_str().unwrap().to_string(), cookie)
}

/// `/authorize` with the ticket, as auth0.js sends it after `/co/authenticate`, with or
/// without the browser's cookie: where it redirects.
async fn authorize_with(app: &TestApp, ticket: &str, cookie: Option<&str>) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let query = serde_urlencoded::to_string([
        ("client_id", EMBEDDED),
        ("response_type", "id_token"),
        ("redirect_uri", "https://app.acme.example/callback"),
        ("scope", "openid"),
        ("nonce", "n-1"),
        ("state", "s-1"),
        ("realm", "sms"),
        ("login_ticket", ticket),
    ])
    .unwrap();
    let mut request = http.get(app.url(&format!("/authorize?{query}")));
    if let Some(c) = cookie {
        request = request.header(reqwest::header::COOKIE, c);
    }
    let answer = request.send().await.unwrap();
    assert!(answer.status().is_redirection(), "{}", answer.status());
    answer.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_login_ticket_is_redeemed_once_by_its_own_browser_before_it_expires() {
    let app = spawn_app_with(CLIENTS).await;
    let number = phone();
    let (ticket, cookie) = ticket_for(&app, &number).await;
    let location = authorize_with(&app, &ticket, Some(&cookie)).await;
    let (base, fragment) = location
        .split_once('#')
        .unwrap_or_else(|| panic!("{location}"));
    assert_eq!(base, "https://app.acme.example/callback");
    let back: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
    let id_token = &back.iter().find(|(k, _)| k == "id_token").unwrap().1;
    let claims = app.verified_claims(id_token, EMBEDDED).await;
    assert!(
        claims["sub"].as_str().unwrap().starts_with("sms|"),
        "{claims}"
    );
    assert_eq!(claims["nonce"], "n-1");

    let denied =
        |location: &str| location.contains("error=access_denied") && !location.contains("id_token");
    let again = authorize_with(&app, &ticket, Some(&cookie)).await;
    assert!(denied(&again), "single use: {again}");

    // Copied to a browser without its session: refused, and spent there.
    let (ticket, cookie) = ticket_for(&app, &phone()).await;
    let elsewhere = authorize_with(&app, &ticket, None).await;
    assert!(denied(&elsewhere), "{elsewhere}");
    let after = authorize_with(&app, &ticket, Some(&cookie)).await;
    assert!(denied(&after), "a ticket tried elsewhere is spent: {after}");

    // Past its lifetime.
    let (ticket, cookie) = ticket_for(&app, &phone()).await;
    app.clock
        .advance(latchkey::domain::login::cross_origin::TICKET_LIFETIME);
    let late = authorize_with(&app, &ticket, Some(&cookie)).await;
    assert!(denied(&late), "{late}");
}
