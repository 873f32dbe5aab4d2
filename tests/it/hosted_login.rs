//! The hosted login (`/authorize`) in headless Chromium, on a phone-sized and a desktop
//! screen: a relying party on 127.0.0.1 starts the code flow with PKCE; the browser signs in
//! by SMS (with a wrong code first), reuses its session, answers `prompt=none`, logs out,
//! signs in by email code (in French) and by email link opened in another browser, and is
//! refused a foreign `redirect_uri`. Every code that reaches the callback is redeemed here and
//! its `id_token` checked; a stolen code used twice is refused. Screenshots of every step are
//! kept under `<target>/tmp/screenshots/`.

use std::collections::HashMap;
use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::script::{callbacks, converse, event};
use crate::support::smtp::{ReceivedEmail, SmtpSink};
use crate::support::web::relying_party;
use crate::support::{
    BROWSER_DIR, SMTP_PASS, SMTP_USER, TestApp, browser_available, email, email_config, phone,
    skip_or_fail, spawn_app, spawn_app_with, verify_rs256,
};

const CLIENT: &str = "hosted-app";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const NONCE: &str = "n-hosted-0S6";

fn link_in(m: &ReceivedEmail, issuer: &str) -> String {
    m.url_under(&format!("{issuer}passwordless/verify_redirect"))
}

fn query(url: &str) -> HashMap<String, String> {
    let q = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(q)
        .unwrap()
        .into_iter()
        .collect()
}

async fn redeem(app: &TestApp, callback: &str, code: &str) -> (StatusCode, Value) {
    app.post_json(
        "/oauth/token",
        json!({"grant_type": "authorization_code", "client_id": CLIENT, "code": code,
               "redirect_uri": callback, "code_verifier": VERIFIER}),
    )
    .await
}

/// How the country asked for writes the digits asked for: the Rust `phonenumber` crate's
/// national format, an independent judge of what the page's formatter shows.
fn national_format(msg: &Value) -> String {
    let region: phonenumber::country::Id = msg["region"].as_str().unwrap().parse().unwrap();
    let number = phonenumber::parse(Some(region), msg["digits"].as_str().unwrap()).unwrap();
    number
        .format()
        .mode(phonenumber::Mode::National)
        .to_string()
}

async fn run(viewport: &str) {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let rp = relying_party().await;
    let callback = format!("{rp}/callback");
    let logged_out = format!("{rp}/logged-out");
    let client = format!(
        "\n[[clients]]\nclient_id = \"{CLIENT}\"\nname = \"Acme Hosted\"\ncallbacks = [\"{callback}\"]\n\
         allowed_logout_urls = [\"{logged_out}\"]\n[clients.branding]\nprimary_color = \"#0f766e\"\n"
    );
    let app = spawn_app_with(&(email_config(sink.port, "") + &client)).await;
    let number = phone();
    let national = number.trim_start_matches("+1").to_string();
    let authorize = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string([
            ("client_id", CLIENT),
            ("redirect_uri", callback.as_str()),
            ("response_type", "code"),
            ("scope", "openid profile email phone offline_access"),
            ("nonce", NONCE),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ])
        .unwrap()
    );
    let (email_code, email_link) = (email(), email());
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("hosted_login.mjs"))
        .env("AUTHORIZE", &authorize)
        .env("CALLBACK", &callback)
        .env("ISSUER", &app.issuer)
        .env("CLIENT_ID", CLIENT)
        .env("LOGOUT_RETURN", &logged_out)
        .env("PHONE_NATIONAL", &national)
        .env("EMAIL_CODE", &email_code)
        .env("EMAIL_LINK", &email_link)
        .env("VIEWPORT", viewport)
        .env("SCREENSHOT_DIR", &shots);
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("e164_of") => json!({"e164": number}),
        Some("national_of") => json!({"national": national_format(msg)}),
        Some("sms_code") => json!({"code": app.code_for(&number)}),
        Some("email_code") => json!({"code": sink.next_message().await.code()}),
        Some("email_link") => json!({"link": link_in(&sink.next_message().await, &app.issuer)}),
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let callbacks = callbacks(&said);
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");

    let jwks = app.jwks().await;
    let mut auth_times = HashMap::new();
    for (flow, subject_claim, expected) in [
        ("sms", "phone_number", number.clone()),
        ("session", "phone_number", number.clone()),
        ("prompt-none", "phone_number", number.clone()),
        ("email-code", "email", email_code.clone()),
        ("email-link", "email", email_link.clone()),
    ] {
        let url = &callbacks[flow];
        assert!(url.starts_with(&format!("{callback}?")), "{flow}: {url}");
        let q = query(url);
        let state = match flow {
            "session" => "again",
            "prompt-none" => "silent",
            "email-code" => "email",
            "email-link" => "link",
            other => other,
        };
        assert_eq!(q.get("state").map(String::as_str), Some(state), "{flow}");
        let (status, tokens) = redeem(&app, &callback, &q["code"]).await;
        assert_eq!(status, StatusCode::OK, "{flow}: {tokens}");
        let claims = verify_rs256(
            tokens["id_token"].as_str().unwrap(),
            &jwks,
            &app.issuer,
            CLIENT,
        )
        .unwrap_or_else(|e| panic!("{flow}: {e}"));
        assert_eq!(claims["nonce"], NONCE, "{flow}");
        assert_eq!(claims[subject_claim], expected.as_str(), "{flow}");
        auth_times.insert(flow, claims["auth_time"].as_i64().unwrap());
        assert!(
            tokens["refresh_token"].is_string(),
            "{flow}: offline_access was asked"
        );
    }
    // The session's answers carry the time the user actually signed in.
    assert_eq!(auth_times["session"], auth_times["sms"]);
    assert_eq!(auth_times["prompt-none"], auth_times["sms"]);

    let after = query(&callbacks["after-logout"]);
    assert_eq!(
        after.get("error").map(String::as_str),
        Some("login_required")
    );
    assert_eq!(after.get("state").map(String::as_str), Some("after-logout"));

    // A stolen code, used again: refused, and the refresh token its first use gave is revoked.
    let first = query(&callbacks["sms"]);
    let (status, body) = redeem(&app, &callback, &first["code"]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    for step in [
        "01-login",
        "01-login-typed",
        "02-sms-code",
        "02-sms-resend-too-soon",
        "03-sms-wrong-code",
        "04-login-email-fr",
        "05-email-code",
        "06-link-sent",
        "07-link-confirm",
        "08-foreign-redirect",
    ] {
        assert!(
            shots.join(format!("{viewport}-{step}.png")).exists(),
            "{step}"
        );
    }
}

#[tokio::test]
async fn hosted_login_on_a_phone() {
    run("phone").await;
}

#[tokio::test]
async fn hosted_login_on_a_desktop() {
    run("desktop").await;
}

/// The as-you-type formatter the login page loads is libphonenumber-js's own browser bundle,
/// byte for byte the npm release `tests/browser` installs (so updating one without the other
/// fails here).
#[tokio::test]
async fn the_phone_formatter_served_is_the_libphonenumber_js_release_unmodified() {
    let release =
        Path::new(BROWSER_DIR).join("node_modules/libphonenumber-js/bundle/libphonenumber-min.js");
    let Ok(expected) = std::fs::read(&release) else {
        skip_or_fail("libphonenumber-js is missing (npm ci --prefix tests/browser)");
        return;
    };
    let app = spawn_app().await;
    let response = reqwest::get(app.url("/assets/libphonenumber-min.js"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    let served = response.bytes().await.unwrap();
    assert!(
        served == expected,
        "the served bundle differs from {}",
        release.display()
    );
}
