//! Vonage's SMS API as a provider, through the real server against a fake that holds each
//! request to Vonage's contract: a login, failover after a status that sent nothing, no
//! failover after a refusal of the message, and the API secret sealed and write-only.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::vonage::{self, FakeVonage};
use crate::support::{NATIVE_APP, OPS, TestApp, log_check, operators, phone, spawn_app_with};

/// A connection whose own provider is the fake Vonage, with more `options` after it.
fn vonage_connection(name: &str, fake: &FakeVonage, options: &str) -> String {
    log_check::secret("the Vonage API secret", vonage::API_SECRET);
    format!(
        "\n[[connections]]\nname = \"{name}\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"vonage\"\nvonage_api_key = \"{}\"\nvonage_api_secret = \"{}\"\n\
         vonage_api_url = \"{}\"\nfrom = \"{}\"\n{options}\n",
        vonage::API_KEY,
        vonage::API_SECRET,
        fake.url,
        vonage::FROM
    )
}

/// A Twilio failover provider pointing at the test app's fake Twilio.
pub(crate) fn failover_twilio(name: &str) -> String {
    format!(
        "[[connections.options.failover]]\nname = \"{name}\"\nprovider = \"twilio\"\n\
         twilio_sid = \"{}\"\ntwilio_token = \"{}\"\ntwilio_api_url = \"{{twilio}}\"\n\
         from = \"+15005550006\"\n",
        crate::support::twilio::ACCOUNT_SID,
        crate::support::twilio::AUTH_TOKEN
    )
}

pub(crate) async fn start(app: &TestApp, connection: &str, number: &str) -> (StatusCode, Value) {
    app.post_json(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": connection, "phone_number": number}),
    )
    .await
}

pub(crate) async fn log_in(
    app: &TestApp,
    connection: &str,
    number: &str,
    code: &str,
) -> (StatusCode, Value) {
    app.post_json(
        "/oauth/token",
        json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
               "username": number, "otp": code, "realm": connection, "scope": "openid"}),
    )
    .await
}

/// The descriptions of the event log's entries of `kind`, oldest first.
pub(crate) async fn events(app: &TestApp, kind: &str) -> Vec<String> {
    let t = app.machine_token(&OPS).await;
    let q =
        serde_urlencoded::to_string([("q", format!("type:\"{kind}\"")), ("sort", "date:1".into())])
            .unwrap();
    let (status, logs) = app.get_as(&t, &format!("/api/v2/logs?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    logs.as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn a_login_over_vonage_follows_its_contract() {
    let fake = FakeVonage::start().await;
    let config = vonage_connection("sms-vonage", &fake, "")
        + &vonage_connection(
            "sms-vonage-ru",
            &fake,
            "template = \"Ваш код: @@password@@\"",
        )
        + &operators();
    let app = spawn_app_with(&config).await;
    let number = phone();
    let (status, body) = start(&app, "sms-vonage", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    let sent = fake.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, number.trim_start_matches('+'));
    assert_eq!(sent[0].from, vonage::FROM);
    assert!(!sent[0].unicode, "a GSM text goes as text");
    let code = fake.last_code(&number).unwrap();
    let (status, body) = log_in(&app, "sms-vonage", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 0);
    assert_eq!(
        events(&app, "cs").await,
        ["Code sent by text message through vonage"]
    );
    // A text outside the GSM alphabet goes as unicode.
    let (status, body) = start(&app, "sms-vonage-ru", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let last = fake.sent().pop().unwrap();
    assert!(
        last.unicode && last.text.starts_with("Ваш код: "),
        "{last:?}"
    );
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn vonage_trouble_that_sent_nothing_fails_over_to_one_text_from_the_next() {
    let fake = FakeVonage::start().await;
    let config =
        vonage_connection("sms-vonage", &fake, &failover_twilio("twilio-backup")) + &operators();
    let app = spawn_app_with(&config).await;
    for (status, text) in [(1, "Throttled"), (5, "Internal Error")] {
        fake.answer_next(status);
        let number = phone();
        let (answer, body) = start(&app, "sms-vonage", &number).await;
        assert_eq!(answer, StatusCode::OK, "{body}");
        let to_number: Vec<_> = app
            .twilio
            .sent()
            .into_iter()
            .filter(|m| m.to == number)
            .collect();
        assert_eq!(
            to_number.len(),
            1,
            "exactly one text, from the second provider"
        );
        assert!(fake.sent().is_empty());
        let code = app.code_for(&number);
        let (s, body) = log_in(&app, "sms-vonage", &number, &code).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let failed = events(&app, "fn").await;
        assert_eq!(
            failed.last().map(String::as_str),
            Some(
                format!(
                    "SMS provider vonage did not send the text ({text} (Vonage status {status})); trying twilio-backup"
                )
                .as_str()
            )
        );
    }
    assert_eq!(fake.requests(), 2);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn a_number_vonage_refuses_gets_auth0s_error_and_no_second_provider() {
    let fake = FakeVonage::start().await;
    let config =
        vonage_connection("sms-vonage", &fake, &failover_twilio("twilio-backup")) + &operators();
    let app = spawn_app_with(&config).await;
    fake.answer_next(7);
    let (status, body) = start(&app, "sms-vonage", &phone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(body["error_description"], "Number Barred (Code: 7)");
    assert_eq!(fake.requests(), 1, "one attempt");
    assert_eq!(app.twilio.requests(), 0, "a refusal is final");
    let failed = events(&app, "fn").await;
    assert_eq!(
        failed,
        [
            "SMS provider vonage refused the text (Number Barred (Code: 7)); no other provider is tried"
        ]
    );
}

#[tokio::test]
async fn the_vonage_secret_is_sealed_write_only_and_bound_to_its_url_and_key() {
    log_check::secret("the Vonage API secret", vonage::API_SECRET);
    let fake = FakeVonage::start().await;
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let options = |url: &str, key: &str, secret: bool| {
        let mut o = json!({"provider": "vonage", "vonage_api_key": key,
                           "vonage_api_url": url, "from": vonage::FROM});
        if secret {
            o["vonage_api_secret"] = json!(vonage::API_SECRET);
        }
        o
    };
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "sms-vonage", "strategy": "sms",
                   "options": options(&fake.url, vonage::API_KEY, true)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(
        !created.to_string().contains(vonage::API_SECRET),
        "{created}"
    );
    let (_, read) = app.get_as(&t, "/api/v2/connections/con_sms-vonage").await;
    assert_eq!(read["options"]["vonage_api_key"], vonage::API_KEY);
    assert!(read["options"].get("vonage_api_secret").is_none(), "{read}");
    // Sent elsewhere, or for another key, without the secret: refused, naming the field.
    for (url, key, moved) in [
        ("https://rogue.example", vonage::API_KEY, "vonage_api_url"),
        (fake.url.as_str(), "zzzz9999", "vonage_api_key"),
    ] {
        let (status, answer) = app
            .patch_as(
                &t,
                "/api/v2/connections/con_sms-vonage",
                json!({"options": options(url, key, false)}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
        let text = answer.to_string();
        assert!(
            text.contains("vonage_api_secret must be entered again") && text.contains(moved),
            "{answer}"
        );
    }
    // Left out with both unchanged: kept, and texts go out with it.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-vonage",
            json!({"options": options(&fake.url, vonage::API_KEY, false)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(!answer.to_string().contains(vonage::API_SECRET));
    let number = phone();
    let (status, body) = start(&app, "sms-vonage", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(fake.sent().len(), 1);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    // A bad secret is refused when it is entered, not at the first login.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-vonage",
            json!({"options": {"provider": "vonage", "vonage_api_key": vonage::API_KEY,
                               "vonage_api_secret": "short", "from": vonage::FROM}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // At rest the secret is sealed.
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let stored = store
        .connection("sms-vonage")
        .await
        .unwrap()
        .unwrap()
        .options;
    assert!(!stored.to_string().contains(vonage::API_SECRET), "{stored}");
    assert!(stored["vonage_api_secret"].is_string());
}

/// The dashboard's SMS page shows a Vonage connection as such, and saving it keeps the
/// sealed Vonage secret it does not show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_keeps_a_vonage_connections_settings() {
    use crate::support::smtp::SmtpSink;
    use crate::support::web::forms_of;
    let Some(mut sink) =
        SmtpSink::start(Some((crate::support::SMTP_USER, crate::support::SMTP_PASS))).await
    else {
        return;
    };
    let fake = FakeVonage::start().await;
    let config = crate::support::email_config(sink.port, "")
        + &format!("\n[admin]\nemails = [\"{}\"]\n", crate::dashboard::ADMIN)
        + &vonage_connection("sms-vonage", &fake, "");
    let app = spawn_app_with(&config).await;
    let mut browser = crate::dashboard::dashboard_sign_in(&app, &mut sink).await;
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms-vonage")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("value=\"vonage\" selected"), "{page}");
    assert!(!page.contains(vonage::API_SECRET));
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/connections/sms-vonage")
        .unwrap_or_else(|| panic!("the SMS form: {page}"));
    for (key, value) in [
        ("provider", "vonage"),
        ("from", vonage::FROM),
        ("syntax", "md_with_macros"),
        ("template", "Your Acme code: @@password@@"),
        ("totp.length", "6"),
        ("totp.time_step", "300"),
    ] {
        fields.retain(|(k, _)| k != key);
        fields.push((key.into(), value.into()));
    }
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, body) = start(&app, "sms-vonage", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert!(
        fake.sent()[0].text.starts_with("Your Acme code: "),
        "{:?}",
        fake.sent()
    );
}
