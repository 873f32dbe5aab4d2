//! Headless Chromium (Debian's `chromium`, driven by playwright-core) on the hosted pages:
//! a magic link opened and confirmed with the keyboard on a phone-sized screen, the code at
//! the callback redeemed with PKCE, and the spent link's error page. Screenshots are kept
//! under `<target>/tmp/screenshots/`.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::smtp::SmtpSink;
use crate::support::web::relying_party;
use crate::support::{
    BROWSER_DIR, SMTP_PASS, SMTP_USER, browser_available, email, email_config, skip_or_fail,
    spawn_app_with,
};

const BROWSER_APP: &str = "browser-app";

#[tokio::test]
async fn a_magic_link_in_chromium_ends_at_the_callback() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    // The relying party: a page on 127.0.0.1 the browser lands on.
    let callback = format!("{}/callback", relying_party().await);
    let client = format!(
        "\n[[clients]]\nclient_id = \"{BROWSER_APP}\"\nname = \"Acme Browser\"\ncallbacks = [\"{callback}\"]\n"
    );
    let app = spawn_app_with(&(email_config(sink.port, "") + &client)).await;
    let address = email();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": BROWSER_APP, "connection": "email", "email": address, "send": "link",
                   "authParams": {"redirect_uri": callback, "response_type": "code",
                                  "scope": "openid email", "state": "browser-state",
                                  "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                  "code_challenge_method": "S256"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let message = sink.next_message().await;
    let link = message.url_under(&app.issuer);

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let output = tokio::process::Command::new("node")
        .arg(Path::new(BROWSER_DIR).join("magic_link.mjs"))
        .env("LINK", &link)
        .env("CALLBACK", &callback)
        .env("EMAIL", &address)
        .env("EMAIL_HTML", message.html.unwrap())
        .env("SCREENSHOT_DIR", &shots)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser run failed\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        report["problems"],
        json!([]),
        "console errors (CSP?): {report}"
    );
    assert_eq!(
        report["error_title"],
        "This link has expired or was already used"
    );
    assert_eq!(report["resend_buttons"], 1);
    let landed = report["callback"].as_str().unwrap();
    assert!(landed.starts_with(&format!("{callback}?")), "{landed}");
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(landed.split_once('?').unwrap().1).unwrap();
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("state").as_deref(), Some("browser-state"));
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "authorization_code", "client_id": BROWSER_APP,
                   "code": get("code").unwrap(), "redirect_uri": callback,
                   "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    for shot in ["email-link.png", "link-confirm.png", "link-used.png"] {
        assert!(shots.join(shot).exists(), "{shot}");
    }
}
