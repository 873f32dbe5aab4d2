//! Passkeys on the hosted pages in headless Chromium, with a CDP virtual authenticator
//! (ctap2, internal, resident keys, user verification: what Touch ID or Face ID present): a
//! user signs in by SMS and adds a passkey when offered, then signs out and signs in with the
//! passkey alone. It runs against two instances on one database behind a load balancer that
//! sends each ceremony's start to one and its finish to the other. Both callbacks' codes are
//! redeemed here and name the same user.

use std::collections::HashMap;
use std::path::Path;

use reqwest::StatusCode;
use serde_json::json;

use crate::support::script::{callbacks, converse, event};
use crate::support::web::relying_party;
use crate::support::{
    BROWSER_DIR, browser_available, ceremony_splitting_proxy, phone, skip_or_fail,
    spawn_passkey_app_at,
};

const CLIENT: &str = "passkey-app";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[tokio::test]
async fn a_passkey_is_added_after_a_code_login_and_signs_in_alone() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    // The relying party, on 127.0.0.1.
    let callback = format!("{}/callback", relying_party().await);
    // Two instances on one database behind a load balancer: the issuer is the balancer's.
    let balancer = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://localhost:{}", balancer.local_addr().unwrap().port());
    let app = spawn_passkey_app_at(
        &format!(
            "\n[[clients]]\nclient_id = \"{CLIENT}\"\nname = \"Acme Passkeys\"\ncallbacks = [\"{callback}\"]\n"
        ),
        Some(&issuer),
    )
    .await;
    let second = app.twin().await;
    let routed = ceremony_splitting_proxy(balancer, app.base.clone(), second.base.clone()).await;
    assert_eq!(app.issuer, format!("{issuer}/"));
    let number = phone();
    let authorize = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string([
            ("client_id", CLIENT),
            ("redirect_uri", callback.as_str()),
            ("response_type", "code"),
            ("scope", "openid phone"),
            ("code_challenge", CHALLENGE),
            ("code_challenge_method", "S256"),
        ])
        .unwrap()
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("passkeys.mjs"))
        .env("AUTHORIZE", &authorize)
        .env("CALLBACK", &callback)
        .env("ISSUER", &app.issuer)
        .env("PHONE_NATIONAL", number.trim_start_matches("+1"))
        .env("SCREENSHOT_DIR", &shots);
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("sms_code") => json!({"code": app.code_for(&number)}),
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let callbacks = callbacks(&said);
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");

    let mut subjects = Vec::new();
    for (flow, state) in [("register", "pk-register"), ("signin", "pk-signin")] {
        let url = &callbacks[flow];
        let q: HashMap<String, String> =
            serde_urlencoded::from_str(url.split_once('?').unwrap().1).unwrap();
        assert_eq!(q["state"], state);
        let (status, tokens) = app
            .post_json(
                "/oauth/token",
                json!({"grant_type": "authorization_code", "client_id": CLIENT, "code": q["code"],
                       "redirect_uri": callback, "code_verifier": VERIFIER}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{flow}: {tokens}");
        let claims = app.verified_claims(&tokens, CLIENT).await;
        assert_eq!(claims["phone_number"], number.as_str(), "{flow}");
        subjects.push(claims["sub"].as_str().unwrap().to_string());
    }
    assert_eq!(
        subjects[0], subjects[1],
        "the passkey signs in the user who added it"
    );
    // Both ceremonies (adding the passkey, signing in with it) began on the first instance
    // and were finished by the second.
    let routed = routed.lock().unwrap().clone();
    for path in [
        "/passkey/web/register/start",
        "/passkey/web/register/finish",
        "/authorize/passkey/start",
        "/authorize/passkey/finish",
    ] {
        let instance = if path.ends_with("start") { 0 } else { 1 };
        assert!(
            routed.contains(&(path.to_string(), instance)),
            "{path} did not go to instance {instance}: {routed:?}"
        );
    }
    for shot in ["passkey-01-login.png", "passkey-02-offer.png"] {
        assert!(shots.join(shot).exists(), "{shot}");
    }
}
