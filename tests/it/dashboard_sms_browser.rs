//! The dashboard's SMS page edits every delivery setting, in headless Chromium
//! (`tests/browser/dashboard_sms.mjs`): the administrator sets up Auth0's SMS gateway with a
//! Twilio failover provider and a country route through the form alone; then real logins
//! go the configured way (checked here at the fakes): a US number through the gateway, and
//! after the gateway answers 503 through Twilio, once; an Indian number through Twilio only.
//! The test text goes through the saved providers too, and no secret is ever in a page or
//! readable in the database. And the attacker's case: a failover provider's stored token
//! follows neither a moved URL nor a new name unless typed again.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::json;

use crate::dashboard::ADMIN;
use crate::delivery_vonage::start;
use crate::support::gateway::{self, FakeGateway};
use crate::support::script::{converse, event};
use crate::support::smtp::SmtpSink;
use crate::support::{
    BROWSER_DIR, SMTP_PASS, SMTP_USER, browser_available, email_config, log_check, phone,
    skip_or_fail, spawn_app_with, twilio,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sms_page_sets_up_a_gateway_with_a_twilio_failover_and_a_country_route() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    log_check::secret("the gateway secret", gateway::SECRET);
    let gw = FakeGateway::with_bearer(false).await;
    let app = spawn_app_with(
        &(email_config(sink.port, "") + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")),
    )
    .await;
    let test_phone = phone();
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("dashboard_sms.mjs"))
        .env("ISSUER", &app.issuer)
        .env("ADMIN_EMAIL", ADMIN)
        .env("GATEWAY_URL", &gw.url)
        .env("GATEWAY_SUBJECT", gateway::SUBJECT)
        .env("GATEWAY_AUDIENCE", gateway::AUDIENCE)
        .env("GATEWAY_SECRET", gateway::SECRET)
        .env("TWILIO_URL", &app.twilio.url)
        .env("TWILIO_SID", twilio::ACCOUNT_SID)
        .env("TWILIO_TOKEN", twilio::AUTH_TOKEN)
        .env("TWILIO_FROM", twilio::FROM)
        .env("TEST_PHONE", &test_phone)
        .env("SCREENSHOT_DIR", &shots);
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("admin_code") => json!({"code": sink.next_message().await.code()}),
        Some("logins") => {
            // A US number: through the gateway, signed with the typed secret.
            let us = phone();
            let (status, body) = start(&app, "sms", &us).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(gw.sent().len(), 1, "through the gateway");
            assert_eq!(gw.sent()[0].recipient, us);
            assert_eq!(gw.sent()[0].sender.as_deref(), Some("Acme"));
            assert!(gw.violations().is_empty(), "{:?}", gw.violations());
            assert_eq!(app.twilio.requests(), 0);
            // The gateway did not send: one text, from the failover Twilio.
            gw.answer_next(503);
            let other = phone();
            let (status, body) = start(&app, "sms", &other).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let to_other = app.twilio.sent().into_iter().filter(|m| m.to == other);
            assert_eq!(to_other.count(), 1, "exactly one text, from twilio-backup");
            assert_eq!(gw.sent().len(), 1);
            // An Indian number: the route's provider only.
            let indian = "+919876543210";
            let (status, body) = start(&app, "sms", indian).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            assert_eq!(
                app.twilio.sent().last().map(|m| m.to.as_str()),
                Some(indian)
            );
            assert_eq!(gw.requests(), 2, "the route skips the gateway");
            assert!(
                app.twilio.violations().is_empty(),
                "{:?}",
                app.twilio.violations()
            );
            json!({})
        }
        Some("test_sms") => {
            let sent = gw.sent();
            let last = sent.last().expect("the test text");
            assert_eq!(last.recipient, test_phone, "through the saved gateway");
            assert!(gw.violations().is_empty(), "{:?}", gw.violations());
            json!({})
        }
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");
    // What was typed is in the database only sealed.
    let database = std::fs::read(app.data_dir.path().join("latchkey.sqlite")).unwrap();
    let wal = std::fs::read(app.data_dir.path().join("latchkey.sqlite-wal")).unwrap_or_default();
    for secret in [gateway::SECRET, twilio::AUTH_TOKEN] {
        for bytes in [&database, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is readable in the database"
            );
        }
    }
}

/// The attacker's case of a write-only secret on the page: a failover provider's stored
/// Twilio token follows neither a moved API URL nor a renamed provider unless typed again
/// (each refusal at that entry's token field), and the page never echoes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failover_token_stays_where_it_was_entered() {
    use crate::support::web::forms_of;
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let sms = "\n[[connections]]\nname = \"sms-fo\"\nstrategy = \"sms\"\n\
               [connections.options]\nprovider = \"log\"\n"
        .to_string()
        + &crate::delivery_vonage::failover_twilio("twilio-backup");
    let app = spawn_app_with(
        &(email_config(sink.port, "") + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n") + &sms),
    )
    .await;
    let mut browser = crate::dashboard::dashboard_sign_in(&app, &mut sink).await;
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms-fo")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("Failover provider 1: twilio-backup"),
        "{page}"
    );
    assert!(!page.contains(twilio::AUTH_TOKEN));
    let (action, csrf) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/connections/sms-fo")
        .unwrap_or_else(|| panic!("the SMS form: {page}"));
    let post = |name: &str, url: &str| {
        let mut fields = csrf.clone();
        for (k, v) in [
            ("provider", "log"),
            ("failover[0].name", name),
            ("failover[0].provider", "twilio"),
            ("failover[0].twilio_sid", twilio::ACCOUNT_SID),
            ("failover[0].twilio_token", ""),
            ("failover[0].from", twilio::FROM),
            ("failover[0].twilio_api_url", url),
            ("syntax", "md_with_macros"),
            ("template", "Code @@password@@"),
            ("totp.length", "6"),
            ("totp.time_step", "300"),
        ] {
            fields.push((k.to_string(), v.to_string()));
        }
        fields
    };
    let refusals = [
        (
            post("twilio-backup", "https://rogue.example"),
            "must be entered again",
        ),
        (
            post("renamed", &app.twilio.url),
            "is required for the twilio provider",
        ),
    ];
    for (fields, said) in refusals {
        let (status, _, page) = browser.post(&app.url(&action), &fields).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(
            page.contains("id=\"failover-0-twilio_token-error\">Twilio Auth Token ")
                && page.contains(said),
            "the refusal is at the entry's token: {page}"
        );
        // The summary at the top links to the entry's own input, naming it by its label.
        assert!(
            page.contains("<a href=\"#failover-0-twilio_token\">Twilio Auth Token "),
            "the summary links to the entry's token: {page}"
        );
        assert!(!page.contains(twilio::AUTH_TOKEN));
    }
    // Unmoved and under its name: the stored token is kept (and still not shown).
    let (status, _, page) = browser
        .post(&app.url(&action), &post("twilio-backup", &app.twilio.url))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms-fo")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(twilio::AUTH_TOKEN));
    assert!(page.contains("saved; leave empty to keep"), "{page}");
}
