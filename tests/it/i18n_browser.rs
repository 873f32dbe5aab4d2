//! Every end-user page in every shipped language, in headless Chromium (`i18n.mjs`): no
//! message key shows, Arabic is right to left and mirrored, nothing overflows at 320 px,
//! axe-core finds no violation in light and dark mode with a brand colour set, the country
//! search finds "fra" and "+33", and the country chosen survives an error. The magic link's
//! pages: a live link (sent by email, read from the sink) shows its confirm page in the
//! app's look, and the same link edited shows the used-link page at once. A mistake in the
//! app's request is explained in the visitor's language with the developer's detail in
//! English, and the cross-origin fallback page (a login ticket from `/co/authenticate` that
//! reaches `/authorize` without its cookie) is checked in the app's look with its clock paused. Screenshots at
//! desktop and phone width of every page in English, Arabic and Japanese are kept under
//! `<target>/tmp/screenshots/i18n/`, which the test prints.

use std::path::Path;

use serde_json::json;

use crate::support::script::{converse, event};
use crate::support::smtp::SmtpSink;
use crate::support::web::relying_party;
use crate::support::{
    BROWSER_DIR, SMTP_PASS, SMTP_USER, browser_available, email, email_config, phone, skip_or_fail,
    spawn_passkey_app,
};

const CLIENT: &str = "i18n-app";
const APP_NAME: &str = "Acme International";
/// The app's logo: an https URL (as branding requires) the browser run answers itself.
const LOGO: &str = "https://logo.acme.example/acme.svg";
/// The client's cross-origin verification page (`cross_origin_loc`), which the browser run
/// answers itself, and its origin, from which `/co/authenticate` is called.
const CO_PAGE: &str = "https://app.acme.example/co-verify";
const CO_ORIGIN: &str = "https://app.acme.example";
const LANGS: [&str; 10] = [
    "en", "fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar",
];

/// The pages the script checks in every language, by their screenshots' names.
const PAGES: [&str; 14] = [
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
    "request-error",
    "co-verify",
];

/// `link` with the last digit of its `verification_code` changed: a link someone edited.
fn edited(link: &str) -> String {
    let (base, query) = link.split_once('?').unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, mut v)| {
            if k == "verification_code" {
                let last = v.pop().unwrap().to_digit(10).unwrap();
                v.push(char::from_digit((last + 1) % 10, 10).unwrap());
            }
            (k, v)
        })
        .collect();
    format!("{base}?{}", serde_urlencoded::to_string(&pairs).unwrap())
}

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
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let callback = format!("{}/callback", relying_party().await);
    let client = format!(
        "\n[[clients]]\nclient_id = \"{CLIENT}\"\nname = \"{APP_NAME}\"\ncallbacks = [\"{callback}\"]\n\
         web_origins = [\"{CO_ORIGIN}\"]\ncross_origin_authentication = true\n\
         cross_origin_loc = \"{CO_PAGE}\"\n\
         [clients.branding]\nprimary_color = \"#0f766e\"\nlogo_uri = \"{LOGO}\"\n\
         [rate_limits]\nstart_per_ip = {{ limit = 200, window = 3600 }}\n"
    );
    // Passkeys on: a user with none is offered one after the code. Each language starts
    // six logins from this one address, more than the default hour's 50 in all.
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
    let link_params: serde_json::Map<String, serde_json::Value> = request
        .iter()
        .filter(|(k, _)| *k != "client_id")
        .map(|(k, v)| (k.to_string(), json!(v)))
        .chain([("state".to_string(), json!("link"))])
        .collect();
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
        .env("APP_NAME", APP_NAME)
        .env("LOGO", LOGO)
        .env("NATIVE", &native)
        .env("CO_PAGE", CO_PAGE)
        .env("LANGS", json!(LANGS).to_string())
        .env("KEYS", json!(message_keys()).to_string())
        .env("SCREENSHOT_DIR", &shots);
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("number") => {
            let number = phone();
            json!({"national": number.trim_start_matches("+1"), "e164": number})
        }
        Some("code") => json!({"code": app.code_for(msg["e164"].as_str().unwrap())}),
        // A live link of its own for each language, and the same link edited: the browser
        // only opens them (the button is never pressed), and the edit costs one try of three.
        Some("link") => {
            let address = email();
            let body = json!({"client_id": CLIENT, "connection": "email", "email": address,
                              "send": "link", "authParams": link_params.clone()});
            let (status, answer) = app.post_json("/passwordless/start", body).await;
            assert_eq!(status, reqwest::StatusCode::OK, "{answer}");
            // The hosted page's "check your email" sent a link too: skip to this one's.
            let message = loop {
                let m = sink.next_message().await;
                if m.rcpt_tos == [address.clone()] {
                    break m;
                }
            };
            let link = message.url_under(&format!("{}passwordless/verify_redirect?", app.issuer));
            json!({"confirm": link, "used": edited(&link)})
        }
        // A login ticket for a user signed in by code through `/co/authenticate`, its
        // session cookie kept here: the browser's request holds no cookie of it.
        Some("ticket") => {
            let number = phone();
            let start = json!({"client_id": CLIENT, "connection": "sms", "phone_number": number});
            let (status, answer) = app.post_json("/passwordless/start", start).await;
            assert_eq!(status, reqwest::StatusCode::OK, "{answer}");
            let login = json!({"client_id": CLIENT, "username": number, "otp": app.code_for(&number),
                               "credential_type": "http://auth0.com/oauth/grant-type/passwordless/otp",
                               "realm": "sms"});
            let answer = app
                .http
                .post(app.url("/co/authenticate"))
                .header(reqwest::header::ORIGIN, CO_ORIGIN)
                .json(&login)
                .send()
                .await
                .unwrap();
            let (status, answer) = crate::support::read(answer).await;
            assert_eq!(status, reqwest::StatusCode::OK, "{answer}");
            json!({"ticket": answer["login_ticket"]})
        }
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
