//! Twilio Verify as an SMS provider, through the real server against a fake that holds each
//! request to Twilio's Verify v2 contract: a login (Twilio's code, checked by Twilio), a wrong
//! then a right code, three wrong tries that kill the code before Twilio is asked a fourth
//! time, racing and replayed uses, an outage that costs no try, Verify as one country's
//! route, failover to the Messages API (which sends Latchkey's own code), and the settings
//! through the Management API with the token sealed and bound to Verify's URL.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::twilio_verify::{self, FakeTwilioVerify};
use crate::support::{NATIVE_APP, OPS, TestApp, log_check, operators, phone, spawn_app_with};

const WRONG: &str = "Wrong phone number or verification code.";

/// The settings of a provider that is the fake Twilio Verify.
fn verify_settings(fake: &FakeTwilioVerify) -> String {
    format!(
        "twilio_sid = \"{}\"\ntwilio_token = \"{}\"\nverify_service_sid = \"{}\"\n\
         twilio_verify_api_url = \"{}\"\n",
        twilio_verify::ACCOUNT_SID,
        twilio_verify::AUTH_TOKEN,
        twilio_verify::SERVICE_SID,
        fake.url
    )
}

/// A connection whose own provider is the fake Twilio Verify, with more `options` after it.
fn verify_connection(name: &str, fake: &FakeTwilioVerify, options: &str) -> String {
    format!(
        "\n[[connections]]\nname = \"{name}\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"twilio_verify\"\n{}{options}\n",
        verify_settings(fake)
    )
}

/// A Twilio Messages failover provider pointing at the test app's fake Twilio.
fn failover_twilio(name: &str) -> String {
    format!(
        "[[connections.options.failover]]\nname = \"{name}\"\nprovider = \"twilio\"\n\
         twilio_sid = \"{}\"\ntwilio_token = \"{}\"\ntwilio_api_url = \"{{twilio}}\"\n\
         from = \"+15005550006\"\n",
        crate::support::twilio::ACCOUNT_SID,
        crate::support::twilio::AUTH_TOKEN
    )
}

async fn start(app: &TestApp, connection: &str, number: &str) -> (StatusCode, Value) {
    app.post_json(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": connection, "phone_number": number}),
    )
    .await
}

async fn log_in(app: &TestApp, connection: &str, number: &str, code: &str) -> (StatusCode, Value) {
    app.post_json(
        "/oauth/token",
        json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
               "username": number, "otp": code, "realm": connection, "scope": "openid"}),
    )
    .await
}

/// A code of the same length that is not `code`.
fn other_than(code: &str) -> String {
    if code == "000000" { "111111" } else { "000000" }.into()
}

/// The descriptions of the event log's entries of `kind`, oldest first.
async fn events(app: &TestApp, kind: &str) -> Vec<String> {
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

fn checks_for(fake: &FakeTwilioVerify, number: &str) -> Vec<String> {
    fake.checked()
        .into_iter()
        .filter(|c| c.to == number)
        .map(|c| c.answer)
        .collect()
}

#[tokio::test]
async fn a_login_over_twilio_verify_follows_its_contract() {
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&(verify_connection("sms-verify", &fake, "") + &operators())).await;
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let started = fake.started();
    assert_eq!(started.len(), 1);
    assert_eq!(
        (started[0].to.as_str(), started[0].channel.as_str()),
        (number.as_str(), "sms")
    );
    assert_eq!(started[0].locale, None);
    let code = fake.code_for(&number);
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id_token = body["id_token"].as_str().expect("an id_token");
    let claims = crate::support::verify_rs256(id_token, &app.jwks().await, &app.issuer, NATIVE_APP)
        .expect("an id_token signed by the server");
    assert!(
        claims["sub"].as_str().unwrap().starts_with("sms|"),
        "{claims}"
    );
    assert_eq!(checks_for(&fake, &number), ["approved"]);
    assert_eq!(
        fake.checked()[0].code,
        code,
        "Twilio is asked about the code typed"
    );
    assert!(started[0].sid.starts_with("VE") && started[0].code == code);
    assert_eq!(app.twilio.requests(), 0, "Messages is not used");
    assert_eq!(
        events(&app, "cs").await,
        ["Code sent by text message through twilio_verify"]
    );
    // The start's language is Twilio's Locale; one Twilio has no translation for is left
    // out on a second request, as Twilio advises.
    for (language, locale) in [
        ("fr-FR,fr;q=0.9", None),
        ("fr", Some("fr")),
        ("de", Some("de")),
    ] {
        let number = phone();
        let answer = app
            .http
            .post(app.url("/passwordless/start"))
            .header("accept-language", language)
            .json(&json!({"client_id": NATIVE_APP, "connection": "sms-verify", "phone_number": number}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let last = fake.started().pop().unwrap();
        assert_eq!(
            (last.to.as_str(), last.locale.as_deref()),
            (number.as_str(), locale)
        );
    }
    assert_eq!(fake.started().len(), 4, "one verification per start");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    // Twilio's auth token and its codes are in no log line.
    log_check::check();
}

#[tokio::test]
async fn wrong_codes_count_and_three_kill_the_code_before_twilio_is_asked_again() {
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&verify_connection("sms-verify", &fake, "")).await;
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = fake.code_for(&number);
    let (status, body) = log_in(&app, "sms-verify", &number, &other_than(&code)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(body["error_description"], WRONG);
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(checks_for(&fake, &number), ["pending", "approved"]);

    let number = phone();
    let (status, _) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK);
    let code = fake.code_for(&number);
    for _ in 0..3 {
        let (status, body) = log_in(&app, "sms-verify", &number, &other_than(&code)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["error_description"], WRONG);
    }
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body["error_description"],
        "You've reached the maximum number of attempts. Please request a new code."
    );
    assert_eq!(
        checks_for(&fake, &number),
        ["pending", "pending", "pending"],
        "Twilio is not asked a fourth time"
    );
    let number = phone();
    let (status, _) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK);
    // A code too short for Twilio is a wrong try too, never sent to Twilio.
    let (status, body) = log_in(&app, "sms-verify", &number, "12").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(checks_for(&fake, &number).is_empty());
    let code = fake.code_for(&number);
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_racing_uses_of_one_approved_code_one_logs_in_and_a_replay_reaches_no_one() {
    let fake = FakeTwilioVerify::start().await;
    // A Twilio that approves both checks in flight: Latchkey alone must decide.
    fake.approve_repeatedly();
    let app = spawn_app_with(&verify_connection("sms-verify", &fake, "")).await;
    for _ in 0..3 {
        let number = phone();
        let (status, _) = start(&app, "sms-verify", &number).await;
        assert_eq!(status, StatusCode::OK);
        let code = fake.code_for(&number);
        let (a, b) = tokio::join!(
            log_in(&app, "sms-verify", &number, &code),
            log_in(&app, "sms-verify", &number, &code)
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::FORBIDDEN],
            "{a:?} {b:?}"
        );
        let refused = if a.0 == StatusCode::OK { b.1 } else { a.1 };
        assert_eq!(refused["error_description"], WRONG);
        let asked = fake.requests();
        let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["error_description"], WRONG);
        assert_eq!(
            fake.requests(),
            asked,
            "a replay is refused without asking Twilio"
        );
    }
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn twilio_giving_no_answer_costs_no_try_and_says_so() {
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&verify_connection("sms-verify", &fake, "")).await;
    let number = phone();
    let (status, _) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK);
    let code = fake.code_for(&number);
    for outage in [503, 500] {
        fake.fail_next_check(outage);
        let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        assert_eq!(body["error"], "temporarily_unavailable");
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("this try was not counted"),
            "{body}"
        );
    }
    // Two wrong tries and the right one still fit in the three: the outages cost none.
    for _ in 0..2 {
        let (status, _) = log_in(&app, "sms-verify", &number, &other_than(&code)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn verify_for_us_numbers_and_messages_for_french_ones_in_one_connection() {
    let fake = FakeTwilioVerify::start().await;
    let routes = format!(
        "[[connections.options.failover]]\nname = \"verify-us\"\nprovider = \"twilio_verify\"\n{}\
         [[connections.options.country_routes]]\ncountries = [\"US\"]\nproviders = [\"verify-us\"]\n",
        verify_settings(&fake)
    );
    let config = crate::support::sms_connection("sms-routed", "{twilio}", &routes) + &operators();
    let app = spawn_app_with(&config).await;
    let us = phone();
    let fr = "+33612345678";
    for number in [us.as_str(), fr] {
        let (status, body) = start(&app, "sms-routed", number).await;
        assert_eq!(status, StatusCode::OK, "{number}: {body}");
    }
    let verified: Vec<_> = fake.started().into_iter().map(|s| s.to).collect();
    assert_eq!(verified, std::slice::from_ref(&us));
    let texts: Vec<_> = app.twilio.sent().into_iter().map(|m| m.to).collect();
    assert_eq!(texts, [fr]);
    let (status, body) = log_in(&app, "sms-routed", &us, &fake.code_for(&us)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = log_in(&app, "sms-routed", fr, &app.code_for(fr)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        checks_for(&fake, fr),
        Vec::<String>::new(),
        "Latchkey's code is checked by Latchkey"
    );
    assert_eq!(
        events(&app, "cs").await,
        [
            "Code sent by text message through verify-us",
            "Code sent by text message through twilio"
        ]
    );
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert!(app.twilio.violations().is_empty());
}

#[tokio::test]
async fn a_verify_start_that_sent_nothing_fails_over_to_one_text_with_latchkeys_code() {
    let fake = FakeTwilioVerify::start().await;
    let config =
        verify_connection("sms-verify", &fake, &failover_twilio("twilio-backup")) + &operators();
    let app = spawn_app_with(&config).await;
    fake.fail_next_start(503, 20503, "Service Unavailable");
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.started().is_empty(), "Twilio Verify sent nothing");
    let texts: Vec<_> = app
        .twilio
        .sent()
        .into_iter()
        .filter(|m| m.to == number)
        .collect();
    assert_eq!(texts.len(), 1, "exactly one text, from the second provider");
    let code = app.code_for(&number);
    // A wrong code first: Latchkey judges its own code itself.
    let (status, _) = log_in(&app, "sms-verify", &number, &other_than(&code)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        fake.checked().is_empty(),
        "Twilio Verify is not asked about Latchkey's code"
    );
    assert_eq!(
        events(&app, "fn").await,
        [
            "SMS provider twilio_verify did not send the text (Unexpected response while calling the SMS provider: 503); trying twilio-backup"
        ]
    );
    assert_eq!(
        events(&app, "cs").await,
        ["Code sent by text message through twilio-backup"]
    );
    // A refusal of the number (Twilio's 60200) is final: no text from the backup.
    fake.fail_next_start(400, 60200, "Invalid parameter `To`");
    let (status, body) = start(&app, "sms-verify", &phone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(
        body["error_description"],
        "Invalid parameter `To` (Code: 60200)"
    );
    assert_eq!(app.twilio.sent().len(), 1);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn the_verify_settings_are_checked_and_the_token_sealed_and_bound_to_verifys_url() {
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let options = |url: &str, token: bool| {
        let mut o = json!({"provider": "twilio_verify", "twilio_sid": twilio_verify::ACCOUNT_SID,
                           "verify_service_sid": twilio_verify::SERVICE_SID,
                           "twilio_verify_api_url": url});
        if token {
            o["twilio_token"] = json!(twilio_verify::AUTH_TOKEN);
        }
        o
    };
    let mut bad = options(&fake.url, true);
    bad["verify_service_sid"] = json!("MG0123456789abcdef0123456789abcdef");
    let (status, answer) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "sms-verify", "strategy": "sms", "options": bad}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer.to_string().contains("verify_service_sid"),
        "{answer}"
    );
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "sms-verify", "strategy": "sms", "options": options(&fake.url, true)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(
        !created.to_string().contains(twilio_verify::AUTH_TOKEN),
        "{created}"
    );
    let (_, read) = app.get_as(&t, "/api/v2/connections/con_sms-verify").await;
    assert_eq!(
        read["options"]["verify_service_sid"],
        twilio_verify::SERVICE_SID
    );
    assert!(read["options"].get("twilio_token").is_none(), "{read}");
    // Sent to another Verify URL without the token: refused, naming what moved.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-verify",
            json!({"options": options("https://rogue.example", false)}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let text = answer.to_string();
    assert!(
        text.contains("twilio_token must be entered again")
            && text.contains("twilio_verify_api_url"),
        "{answer}"
    );
    // Left out with the URL and account unchanged: kept, and logins go through with it.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-verify",
            json!({"options": options(&fake.url, false)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = log_in(&app, "sms-verify", &number, &fake.code_for(&number)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    // At rest the token is sealed.
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let stored = store
        .connection("sms-verify")
        .await
        .unwrap()
        .unwrap()
        .options;
    assert!(
        !stored.to_string().contains(twilio_verify::AUTH_TOKEN),
        "{stored}"
    );
    assert!(stored["twilio_token"].is_string());
}

/// auth0.js `passwordlessVerify`: the legacy `/passwordless/verify` checks a code without
/// using it. Twilio forgets a code it approved, so the approved code becomes one Latchkey
/// checks itself, and its use that follows asks Twilio nothing.
#[tokio::test]
async fn a_code_checked_by_the_legacy_verify_is_then_used_without_twilio() {
    use crate::support::{WEB_APP, WEB_SECRET};
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&verify_connection("sms-verify", &fake, "")).await;
    let number = phone();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": WEB_APP, "client_secret": WEB_SECRET,
                   "connection": "sms-verify", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = fake.code_for(&number);
    let check = |code: String| {
        app.post_json(
            "/passwordless/verify",
            json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "sms-verify",
                   "phone_number": number, "verification_code": code}),
        )
    };
    let (status, body) = check(other_than(&code)).await;
    assert_ne!(status, StatusCode::OK, "{body}");
    let (status, body) = check(code.clone()).await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    assert_eq!(checks_for(&fake, &number), ["pending", "approved"]);
    let (status, body) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        checks_for(&fake, &number).len(),
        2,
        "the use asked Twilio nothing"
    );
    let (status, _) = log_in(&app, "sms-verify", &number, &code).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "single use");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

/// Twilio Verify unreachable (nothing listens): the start cannot have sent, so the next
/// provider sends Latchkey's code, and the breaker's log names the provider.
#[tokio::test]
async fn an_unreachable_verify_fails_over_to_messages() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let config = format!(
        "\n[[connections]]\nname = \"sms-verify\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"twilio_verify\"\ntwilio_sid = \"{}\"\ntwilio_token = \"{}\"\n\
         verify_service_sid = \"{}\"\ntwilio_verify_api_url = \"{url}\"\n{}",
        twilio_verify::ACCOUNT_SID,
        twilio_verify::AUTH_TOKEN,
        twilio_verify::SERVICE_SID,
        failover_twilio("twilio-backup")
    ) + &operators();
    let app = spawn_app_with(&config).await;
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.sent().len(), 1);
    let (status, body) = log_in(&app, "sms-verify", &number, &app.code_for(&number)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        events(&app, "fn").await,
        [
            "SMS provider twilio_verify did not send the text (Could not connect to the SMS provider); trying twilio-backup"
        ]
    );
}

/// The dashboard's SMS page shows a Twilio Verify connection as such, and saving it keeps
/// its Verify settings and the sealed token it does not show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_keeps_a_verify_connections_settings() {
    use crate::support::smtp::SmtpSink;
    use crate::support::web::forms_of;
    let Some(mut sink) =
        SmtpSink::start(Some((crate::support::SMTP_USER, crate::support::SMTP_PASS))).await
    else {
        return;
    };
    let fake = FakeTwilioVerify::start().await;
    let config = crate::support::email_config(sink.port, "")
        + &format!("\n[admin]\nemails = [\"{}\"]\n", crate::dashboard::ADMIN)
        + &verify_connection("sms-verify", &fake, "");
    let app = spawn_app_with(&config).await;
    let mut browser = crate::dashboard::dashboard_sign_in(&app, &mut sink).await;
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms-verify")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("value=\"twilio_verify\" selected"), "{page}");
    assert!(!page.contains(twilio_verify::AUTH_TOKEN));
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/connections/sms-verify")
        .unwrap_or_else(|| panic!("the SMS form: {page}"));
    for (key, value) in [
        ("provider", "twilio_verify"),
        ("twilio_sid", twilio_verify::ACCOUNT_SID),
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
    let number = phone();
    let (status, body) = start(&app, "sms-verify", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = log_in(&app, "sms-verify", &number, &fake.code_for(&number)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn the_hosted_page_says_a_code_twilio_could_not_check_was_not_counted() {
    use crate::support::WEB_APP;
    use crate::support::web::{Browser, forms_of};
    let fake = FakeTwilioVerify::start().await;
    let app = spawn_app_with(&verify_connection("sms-verify", &fake, "")).await;
    let mut browser = Browser::new();
    browser.language = Some("en-US,en;q=0.8");
    let pairs = [
        ("client_id", WEB_APP),
        ("redirect_uri", "https://acme.example/callback"),
        ("response_type", "code"),
        ("scope", "openid phone"),
        ("state", "st"),
        ("connection", "sms-verify"),
    ];
    let authorize = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(pairs).unwrap()
    );
    let (status, _, page) = browser.get(&authorize).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let number = phone();
    let (action, mut form) = forms_of(&page).into_iter().next().unwrap();
    form.push(("country".into(), "US".into()));
    form.push(("phone".into(), number.clone()));
    let (status, _, page) = browser.post(&app.url(&action), &form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = fake.code_for(&number);
    let code_form = |page: &str| {
        let (action, mut fields) = forms_of(page)
            .into_iter()
            .find(|(action, _)| action.contains("/authorize/code"))
            .unwrap();
        fields.retain(|(k, _)| k != "code");
        fields.push(("code".into(), code.clone()));
        (action, fields)
    };
    // An outage: the code page again, saying so, not an error page; the try is not spent.
    fake.fail_next_check(503);
    let (action, fields) = code_form(&page);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{page}");
    assert!(page.contains("this try was not counted"), "{page}");
    let (action, fields) = code_form(&page);
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let location = headers["location"].to_str().unwrap();
    assert!(
        location.starts_with("https://acme.example/callback?code="),
        "{location}"
    );
}
