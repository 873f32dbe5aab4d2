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

use crate::support::web::{Browser, form_of, unescape};
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
    let (answer, cookie) = co_login(app, number).await;
    (answer["login_ticket"].as_str().unwrap().to_string(), cookie)
}

/// `/co/authenticate`'s whole answer for `number` (ticket, verifier, co_id), and the cookie.
async fn co_login(app: &TestApp, number: &str) -> (Value, String) {
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
    (answer, cookie)
}

/// `/authorize?…&login_ticket=…` as auth0.js builds it after `/co/authenticate`.
fn authorize_url(app: &TestApp, ticket: &str, mode: Option<&str>) -> String {
    let mut query = vec![
        ("client_id", EMBEDDED),
        ("response_type", "id_token"),
        ("redirect_uri", "https://app.acme.example/callback"),
        ("scope", "openid"),
        ("nonce", "n-1"),
        ("state", "s-1"),
        ("realm", "sms"),
        ("login_ticket", ticket),
    ];
    if let Some(mode) = mode {
        query.push(("response_mode", mode));
    }
    let query = serde_urlencoded::to_string(query).unwrap();
    app.url(&format!("/authorize?{query}"))
}

/// `/authorize` with the ticket, as auth0.js sends it after `/co/authenticate`, with or
/// without the browser's cookie: where it redirects.
async fn authorize_with(app: &TestApp, ticket: &str, cookie: Option<&str>) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = http.get(authorize_url(app, ticket, None));
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

/// The client of `CLIENTS` with a verification fallback page (`cross_origin_loc`).
fn with_fallback_page() -> String {
    CLIENTS.replacen(
        "cross_origin_authentication = true",
        "cross_origin_authentication = true\ncross_origin_loc = \"https://app.acme.example/co-verify\"",
        1,
    )
}

/// What a fallback page carries: its form's fields, the framed page's address, the co_id it
/// asks for, and its CSP.
#[derive(Clone)]
struct Fallback {
    fields: Vec<(String, String)>,
    frame: String,
    co_id: String,
    csp: String,
}

async fn fallback_page(app: &TestApp, browser: &mut Browser, ticket: &str) -> Fallback {
    let (status, headers, html) = browser.get(&authorize_url(app, ticket, None)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let (action, fields) = form_of(&html);
    assert_eq!(action, "/co/verify");
    let attribute = |tag: &str, name: &str| {
        let html = &html[html.find(tag).unwrap_or_else(|| panic!("{tag}: {html}"))..];
        let at = html
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("{name}: {html}"));
        let rest = &html[at + name.len() + 3..];
        unescape(&rest[..rest.find('"').unwrap()])
    };
    Fallback {
        fields,
        frame: attribute("<iframe", "src"),
        co_id: attribute("<form", "data-co-id"),
        csp: headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string(),
    }
}

/// The fallback's form posted with `verifier`, as `/assets/co_verify.js` posts it: where the
/// answer sends the browser.
async fn post_verifier(
    app: &TestApp,
    browser: &mut Browser,
    page: &Fallback,
    verifier: &str,
) -> (StatusCode, String) {
    let mut fields = page.fields.clone();
    for (k, v) in fields.iter_mut() {
        if k == "verifier" {
            *v = verifier.to_string();
        }
    }
    let (status, headers, body) = browser.post(&app.url("/co/verify"), &fields).await;
    let location = headers
        .get(reqwest::header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    (status, location.unwrap_or(body))
}

/// Issue 12 item 4's fallback (`cross_origin_loc`): a ticket that reaches `/authorize`
/// without its session cookie (the browser blocked it as a third-party cookie) gets Auth0's
/// verification page instead of `access_denied`; `/co/verify` with the ticket's own
/// verifier signs the browser in and answers the app, once. A wrong verifier spends the
/// ticket; an altered state, a missing CSRF token, another ticket's verifier and a popup
/// (`web_message`) get no login.
#[tokio::test]
async fn without_its_cookie_a_ticket_is_proved_by_the_apps_verification_page() {
    let app = spawn_app_with(&with_fallback_page()).await;
    let (answer, _cookie) = co_login(&app, &phone()).await;
    let ticket = answer["login_ticket"].as_str().unwrap();
    let verifier = answer["co_verifier"].as_str().unwrap();

    let mut browser = Browser::new();
    let page = fallback_page(&app, &mut browser, ticket).await;
    let ours = app.url("/");
    let ours = ours.trim_end_matches('/');
    assert_eq!(
        page.frame,
        format!(
            "https://app.acme.example/co-verify#origin={}",
            ours.replace(':', "%3A")
                .replace('/', "%2F")
                .replace('.', "%2E")
        )
    );
    assert_eq!(page.co_id, answer["co_id"].as_str().unwrap());
    assert!(
        page.csp.contains("frame-src https://app.acme.example"),
        "{}",
        page.csp
    );
    assert!(page.csp.contains("frame-ancestors 'none'"), "{}", page.csp);
    // Shown twice (a reload): the ticket is still unspent.
    let page = fallback_page(&app, &mut browser, ticket).await;

    // Refused before the ticket is looked at: no CSRF token, an altered state.
    let mut stranger = Browser::new();
    let (status, _) = post_verifier(&app, &mut stranger, &page, verifier).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mut altered = page.clone();
    for (k, v) in altered.fields.iter_mut() {
        if k == "state" {
            v.pop();
            v.push('A');
        }
    }
    let (status, body) = post_verifier(&app, &mut browser, &altered, verifier).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, location) = post_verifier(&app, &mut browser, &page, verifier).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let (base, fragment) = location
        .split_once('#')
        .unwrap_or_else(|| panic!("{location}"));
    assert_eq!(base, "https://app.acme.example/callback");
    let back: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
    let got = |k: &str| back.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(got("state").as_deref(), Some("s-1"));
    let claims = app
        .verified_claims(&got("id_token").unwrap(), EMBEDDED)
        .await;
    assert!(
        claims["sub"].as_str().unwrap().starts_with("sms|"),
        "{claims}"
    );
    assert_eq!(claims["nonce"], "n-1");
    assert!(
        browser.cookies.contains_key("latchkey_session"),
        "the browser is signed in here now"
    );

    let denied =
        |location: &str| location.contains("error=access_denied") && !location.contains("id_token");
    let (_, again) = post_verifier(&app, &mut browser, &page, verifier).await;
    assert!(denied(&again), "single use: {again}");

    // A wrong verifier (here another ticket's) spends the ticket: it has one try.
    let (first, _) = co_login(&app, &phone()).await;
    let (second, _) = co_login(&app, &phone()).await;
    let mut browser = Browser::new();
    let page = fallback_page(&app, &mut browser, first["login_ticket"].as_str().unwrap()).await;
    let (_, wrong) = post_verifier(
        &app,
        &mut browser,
        &page,
        second["co_verifier"].as_str().unwrap(),
    )
    .await;
    assert!(denied(&wrong), "{wrong}");
    let (_, late) = post_verifier(
        &app,
        &mut browser,
        &page,
        first["co_verifier"].as_str().unwrap(),
    )
    .await;
    assert!(denied(&late), "spent by the wrong try: {late}");
    // No verifier at all (the app's page had none) is a wrong one.
    let mut browser = Browser::new();
    let page = fallback_page(&app, &mut browser, second["login_ticket"].as_str().unwrap()).await;
    let (_, empty) = post_verifier(&app, &mut browser, &page, "").await;
    assert!(denied(&empty), "{empty}");

    // The page's own session still answers at once, without the page.
    let (ticket, cookie) = ticket_for(&app, &phone()).await;
    let location = authorize_with(&app, &ticket, Some(&cookie)).await;
    assert!(location.contains("id_token="), "{location}");

    // In a popup's hidden frame (web_message) the app's page would be third-party too: no
    // page, Auth0's access_denied (posted to the app's registered origin).
    let (answer, _) = co_login(&app, &phone()).await;
    let mut browser = Browser::new();
    let url = authorize_url(
        &app,
        answer["login_ticket"].as_str().unwrap(),
        Some("web_message"),
    );
    let (status, _, html) = browser.get(&url).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("access_denied") && !html.contains("/co/verify"),
        "{html}"
    );
}

/// The verification page speaks the browser's language:
/// Japanese here, Arabic right to left.
#[tokio::test]
async fn the_verification_page_speaks_the_browsers_language() {
    let app = spawn_app_with(&with_fallback_page()).await;
    for (language, tag, title) in [
        ("ja", "<html lang=\"ja\">", "サインインしています"),
        ("ar", "<html lang=\"ar\" dir=\"rtl\">", "جارٍ تسجيل دخولك"),
    ] {
        let (answer, _cookie) = co_login(&app, &phone()).await;
        let ticket = answer["login_ticket"].as_str().unwrap();
        let mut browser = Browser::new();
        browser.language = Some(language);
        let (status, _, html) = browser.get(&authorize_url(&app, ticket, None)).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains(tag), "{language}: {}", &html[..300]);
        assert!(
            html.contains(&format!("<h1>{title}</h1>")),
            "{language}: {html}"
        );
        assert!(!html.contains("Signing you in"), "{language}: {html}");
    }
}
