//! Every end-user page in every shipped language, in headless Chromium (`i18n.mjs`): no
//! message key shows, Arabic is right to left and mirrored, nothing overflows at 320 px,
//! axe-core finds no violation in light and dark mode with a brand colour set, the country
//! search finds "fra" and "+33", and the country chosen survives an error. Screenshots at
//! desktop and phone width of every page in English, Arabic and Japanese are kept under
//! `<target>/tmp/screenshots/i18n/`, which the test prints.

use std::path::Path;

use serde_json::json;

use crate::support::script::{converse, event};
use crate::support::smtp::SmtpSink;
use crate::support::web::relying_party;
use crate::support::{
    BROWSER_DIR, SMTP_PASS, SMTP_USER, browser_available, email_config, phone, skip_or_fail,
    spawn_passkey_app,
};

const CLIENT: &str = "i18n-app";
const LANGS: [&str; 10] = [
    "en", "fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar",
];

/// The pages the script checks in every language, by their screenshots' names.
const PAGES: [&str; 12] = [
    "login",
    "login-error",
    "code",
    "code-error",
    "code-wait",
    "passkey-offer",
    "form-post",
    "link-sent",
    "logout",
    "link-confirm",
    "link-used",
    "native-link",
];

/// The English messages' keys, from the reference file.
fn message_keys() -> Vec<String> {
    include_str!("../../src/domain/i18n/locales/en.ftl")
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
        .collect()
}

#[tokio::test]
async fn every_page_in_every_language_reads_right_fits_a_phone_and_passes_axe() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let Some(sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let callback = format!("{}/callback", relying_party().await);
    let client = format!(
        "\n[[clients]]\nclient_id = \"{CLIENT}\"\nname = \"Acme International\"\ncallbacks = [\"{callback}\"]\n\
         [clients.branding]\nprimary_color = \"#0f766e\"\n"
    );
    // Passkeys on: a user with none is offered one after the code.
    let app = spawn_passkey_app(&(email_config(sink.port, "") + &client)).await;
    let request = [
        ("client_id", CLIENT),
        ("redirect_uri", callback.as_str()),
        ("response_type", "code"),
        ("scope", "openid"),
        (
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        ),
        ("code_challenge_method", "S256"),
    ];
    let authorize = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(request).unwrap()
    );
    // A magic link whose code was never sent: its confirm page shows, its use fails.
    let mut link = request.to_vec();
    link.extend([
        ("connection", "email"),
        ("email", "ana@example.com"),
        ("verification_code", "123456"),
        ("state", "link"),
    ]);
    let confirm = format!(
        "{}passwordless/verify_redirect?{}",
        app.issuer,
        serde_urlencoded::to_string(&link).unwrap()
    );
    let native = format!(
        "{}ios/com.acme.app/email?code=123456&client_id={CLIENT}",
        app.issuer
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("screenshots")
        .join("i18n");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("i18n.mjs"))
        .env("AUTHORIZE", &authorize)
        .env("CALLBACK", &callback)
        .env("ISSUER", &app.issuer)
        .env("CONFIRM", &confirm)
        .env("NATIVE", &native)
        .env("LANGS", json!(LANGS).to_string())
        .env("KEYS", json!(message_keys()).to_string())
        .env("SCREENSHOT_DIR", &shots);
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("number") => {
            let number = phone();
            json!({"national": number.trim_start_matches("+1"), "e164": number})
        }
        Some("code") => json!({"code": app.code_for(msg["e164"].as_str().unwrap())}),
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");
    assert_eq!(done["pages"], json!(LANGS.len() * PAGES.len()));
    let axe = done["axe"].as_object().unwrap();
    assert_eq!(axe.len(), PAGES.len() * 2, "{axe:?}");
    assert!(axe.values().all(|v| v.as_u64() == Some(0)), "{axe:?}");
    println!("axe violations per page and mode (every language): {axe:?}");
    println!("screenshots: {}", shots.display());
    for lang in ["en", "ar", "ja"] {
        for page in PAGES {
            for width in ["desktop", "phone"] {
                let shot = shots.join(format!("{lang}-{page}-{width}.png"));
                assert!(shot.exists(), "{}", shot.display());
            }
        }
    }
}
