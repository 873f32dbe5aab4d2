//! Delivery through several providers: failover only after a failure that cannot have sent
//! the text (a provider down, answering 5xx, or not finishing the connection in time), never
//! after a request that went out and got no answer; Auth0's custom SMS gateway contract;
//! per-country routes; each decision in the event log with the provider's name.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::gateway::{self, FakeGateway, Silent};
use crate::support::{NATIVE_APP, OPS, TestApp, operators, phone, sms_connection, spawn_app_with};

/// A failover provider in TOML (after a connection's `[connections.options]`).
fn failover_gateway(name: &str, url: &str, extra: &str) -> String {
    format!(
        "[[connections.options.failover]]\nname = \"{name}\"\nprovider = \"sms_gateway\"\n\
         gateway_url = \"{url}\"\nfrom = \"Acme\"\n{extra}\n\
         [connections.options.failover.gateway_authentication]\nmethod = \"bearer\"\n\
         subject = \"{}\"\naudience = \"{}\"\nsecret = \"{}\"\n",
        gateway::SUBJECT,
        gateway::AUDIENCE,
        gateway::SECRET
    )
}

/// A connection whose own provider is an SMS gateway at `url`, then `failover`.
fn gateway_connection(name: &str, url: &str, options: &str, failover: &str) -> String {
    format!(
        "\n[[connections]]\nname = \"{name}\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"sms_gateway\"\ngateway_url = \"{url}\"\nfrom = \"Acme\"\n{options}\n\
         [connections.options.gateway_authentication]\nmethod = \"bearer\"\n\
         subject = \"{}\"\naudience = \"{}\"\nsecret = \"{}\"\n{failover}",
        gateway::SUBJECT,
        gateway::AUDIENCE,
        gateway::SECRET
    )
}

/// A Twilio failover provider pointing at the test app's fake Twilio (`{twilio}`).
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

/// The event log's entries of `kind`, oldest first.
async fn events(app: &TestApp, kind: &str) -> Vec<Value> {
    let t = app.machine_token(&OPS).await;
    let q =
        serde_urlencoded::to_string([("q", format!("type:\"{kind}\"")), ("sort", "date:1".into())])
            .unwrap();
    let (status, logs) = app.get_as(&t, &format!("/api/v2/logs?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    logs.as_array().unwrap().clone()
}

fn descriptions(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["description"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn dead_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

async fn assert_logs_in(app: &TestApp, connection: &str, number: &str, code: &str) {
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
                   "username": number, "otp": code, "realm": connection, "scope": "openid"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_provider_that_is_down_fails_over_to_the_next_and_one_text_goes_out() {
    let backup = FakeGateway::with_bearer(false).await;
    let config = sms_connection(
        "sms-multi",
        &dead_url(),
        &failover_gateway("backup", &backup.url, ""),
    ) + &operators();
    let app = spawn_app_with(&config).await;
    let number = phone();
    let (status, body) = start(&app, "sms-multi", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        backup.sent().len(),
        1,
        "exactly one text, from the second provider"
    );
    assert_eq!(backup.sent()[0].sender.as_deref(), Some("Acme"));
    assert!(backup.violations().is_empty(), "{:?}", backup.violations());
    assert_eq!(app.twilio.requests(), 0);
    let code = backup.last_code(&number).unwrap();
    assert_logs_in(&app, "sms-multi", &number, &code).await;

    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(
        failed,
        [
            "SMS provider twilio did not send the text (Could not connect to the SMS provider); trying backup"
        ]
    );
    let sent = descriptions(&events(&app, "cs").await);
    assert_eq!(sent, ["Code sent by text message through backup"]);
}

#[tokio::test]
async fn a_provider_answering_5xx_fails_over_and_one_text_goes_out() {
    let backup = FakeGateway::with_bearer(false).await;
    let config = sms_connection(
        "sms-multi",
        "{twilio}",
        &failover_gateway("backup", &backup.url, ""),
    ) + &operators();
    let app = spawn_app_with(&config).await;
    app.twilio.fail_next(crate::support::twilio::Failure::Error(
        503,
        20500,
        "Service unavailable".into(),
    ));
    let number = phone();
    let (status, body) = start(&app, "sms-multi", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 1);
    assert_eq!(app.twilio.sent().len(), 0);
    assert_eq!(
        backup.sent().len(),
        1,
        "exactly one text, from the second provider"
    );
    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(
        failed,
        [
            "SMS provider twilio did not send the text (Unexpected response while calling the SMS provider: 503); trying backup"
        ]
    );
}

/// A gateway that never answers over `scheme` (with its `options`) first, Twilio second: the
/// silent server, the app, the number and the start's answer.
async fn silent_first(
    scheme: &str,
    options: &str,
) -> (Silent, TestApp, String, (StatusCode, Value)) {
    let silent = Silent::start().await;
    let url = format!("{scheme}://{}/sms", silent.addr);
    let config = gateway_connection(
        "sms-multi",
        &url,
        options,
        &failover_twilio("twilio-backup"),
    ) + &operators();
    let app = spawn_app_with(&config).await;
    let number = phone();
    let answer = start(&app, "sms-multi", &number).await;
    (silent, app, number, answer)
}

#[tokio::test]
async fn a_provider_that_never_finishes_the_connection_fails_over_after_its_connect_timeout() {
    // Over https, the silent server never answers the TLS handshake: no byte of the request
    // was sent when the 200 ms connect timeout ends the attempt.
    let (silent, app, number, (status, body)) =
        silent_first("https", "connect_timeout_ms = 200").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(silent.accepted() >= 1, "the first provider was tried");
    assert_eq!(
        app.twilio.sent().len(),
        1,
        "exactly one text, from the second provider"
    );
    assert_eq!(app.twilio.sent()[0].to, number);
    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(
        failed,
        [
            "SMS provider sms_gateway did not send the text (Could not connect to the SMS gateway); trying twilio-backup"
        ]
    );
    let sent = descriptions(&events(&app, "cs").await);
    assert_eq!(sent, ["Code sent by text message through twilio-backup"]);
}

#[tokio::test]
async fn a_request_that_went_out_and_got_no_answer_is_not_sent_again_anywhere() {
    // Over http the request is written, then nothing comes back: the gateway may have sent
    // the text, so the second provider is not tried.
    let (silent, app, _, (status, body)) = silent_first("http", "timeout_ms = 300").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(
        body["error_description"],
        "Timeout while calling the SMS gateway: ETIMEDOUT"
    );
    assert_eq!(silent.accepted(), 1, "one attempt");
    assert_eq!(
        app.twilio.requests(),
        0,
        "no second provider after a maybe-sent text"
    );
    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(
        failed[0].starts_with("SMS provider sms_gateway may have sent the text"),
        "{failed:?}"
    );
}

#[tokio::test]
async fn an_sms_gateway_login_follows_auth0s_contract() {
    let gw = FakeGateway::with_bearer(true).await;
    let config = gateway_connection("sms-gw", &gw.url, "forward_req_info = true", "");
    let app = spawn_app_with(&config).await;
    let number = phone();
    let response = app
        .http
        .post(app.url("/passwordless/start"))
        .header("user-agent", "auth0-python-test/1.0")
        .json(&json!({"client_id": NATIVE_APP, "connection": "sms-gw", "phone_number": number}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(gw.violations().is_empty(), "{:?}", gw.violations());
    let sent = gw.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, number);
    assert_eq!(sent[0].sender.as_deref(), Some("Acme"));
    let req = sent[0].req.clone().unwrap();
    assert_eq!(req["ip"], "127.0.0.1");
    assert_eq!(req["user-agent"], "auth0-python-test/1.0");
    let code = gw.last_code(&number).unwrap();
    assert_logs_in(&app, "sms-gw", &number, &code).await;
}

#[tokio::test]
async fn an_sms_gateways_refusals_have_auth0s_texts() {
    let gw = FakeGateway::with_bearer(false).await;
    let app = spawn_app_with(&gateway_connection("sms-gw", &gw.url, "", "")).await;
    // The same gateway is the only provider: it is asked three times, as Twilio was.
    for (status, text) in [
        (
            401,
            "Authentication failed while calling the SMS gateway: 401",
        ),
        (
            500,
            "Unexpected response while calling the SMS gateway: 500",
        ),
        (
            404,
            "Unexpected response while calling the SMS gateway: 404",
        ),
    ] {
        for _ in 0..3 {
            gw.answer_next(status);
        }
        let before = gw.requests();
        let (answer, body) = start(&app, "sms-gw", &phone()).await;
        assert_eq!(answer, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"], "sms_provider_error");
        assert_eq!(body["error_description"], text);
        assert_eq!(gw.requests() - before, 3);
    }
    assert!(gw.sent().is_empty());
    // A gateway checking a token signed with another secret refuses it (401).
    let strict = FakeGateway::start(gateway::Expect {
        secret: Some(b"another-secret-entirely".to_vec()),
        forward_req_info: false,
    })
    .await;
    let app = spawn_app_with(&gateway_connection("sms-gw", &strict.url, "", "")).await;
    let (_, body) = start(&app, "sms-gw", &phone()).await;
    assert_eq!(
        body["error_description"],
        "Authentication failed while calling the SMS gateway: 401"
    );
    assert!(
        !strict.violations().is_empty(),
        "the fake saw the bad signature"
    );
}

#[tokio::test]
async fn a_country_route_sends_its_numbers_through_its_own_provider() {
    let india = FakeGateway::with_bearer(false).await;
    let config = sms_connection(
        "sms-routed",
        "{twilio}",
        &(failover_gateway("in-local", &india.url, "")
            + "[[connections.options.country_routes]]\ncountries = [\"IN\"]\nproviders = [\"in-local\"]\n"),
    );
    let app = spawn_app_with(&config).await;
    let indian = "+919876543210";
    let (status, body) = start(&app, "sms-routed", indian).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(india.sent().len(), 1);
    assert_eq!(india.sent()[0].recipient, indian);
    assert_eq!(app.twilio.requests(), 0);
    let us = phone();
    let (status, body) = start(&app, "sms-routed", &us).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.twilio.sent().len(),
        1,
        "other countries keep the connection's list"
    );
    assert_eq!(india.sent().len(), 1);
    // The route is the whole list for its numbers: with its provider failing, no other is used.
    india.answer_next(503);
    india.answer_next(503);
    india.answer_next(503);
    let (status, _) = start(&app, "sms-routed", "+919876543211").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(app.twilio.requests(), 1);
}

#[tokio::test]
async fn gateway_secrets_are_sealed_write_only_and_bound_to_the_gateway_url() {
    let gw = FakeGateway::with_bearer(false).await;
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let options = |url: &str, secret: bool| {
        let mut auth = json!({"method": "bearer", "subject": gateway::SUBJECT,
                              "audience": gateway::AUDIENCE, "secret_base64_encoded": false});
        if secret {
            auth["secret"] = json!(gateway::SECRET);
        }
        json!({"provider": "sms_gateway", "gateway_url": url, "from": "Acme",
               "gateway_authentication": auth})
    };
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "sms-gw", "strategy": "sms", "options": options(&gw.url, true)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let (_, read) = app.get_as(&t, "/api/v2/connections/con_sms-gw").await;
    assert_eq!(
        read["options"]["gateway_authentication"]["subject"],
        gateway::SUBJECT
    );
    assert!(
        read["options"]["gateway_authentication"]
            .get("secret")
            .is_none(),
        "{read}"
    );
    assert!(!read.to_string().contains(gateway::SECRET));
    // Moved without the secret: refused, naming the field.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-gw",
            json!({"options": options("https://rogue.example/sms", false)}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert!(
        answer
            .to_string()
            .contains("gateway_authentication.secret must be entered again"),
        "{answer}"
    );
    // Left out with the URL unchanged: the stored secret is kept, and texts go out.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-gw",
            json!({"options": options(&gw.url, false)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, body) = start(&app, "sms-gw", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(gw.sent().len(), 1);
    assert!(gw.violations().is_empty(), "{:?}", gw.violations());
    // At rest the secret is sealed.
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let stored = store.connection("sms-gw").await.unwrap().unwrap().options;
    assert!(!stored.to_string().contains(gateway::SECRET), "{stored}");
    assert!(stored["gateway_authentication"]["secret"].is_string());
}

/// The dashboard's SMS page saves a gateway connection without losing what it does not show:
/// the sealed gateway secret, the failover providers and the country routes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_keeps_a_gateway_connections_other_settings() {
    use crate::support::smtp::SmtpSink;
    use crate::support::web::forms_of;
    let Some(mut sink) =
        SmtpSink::start(Some((crate::support::SMTP_USER, crate::support::SMTP_PASS))).await
    else {
        return;
    };
    let gw = FakeGateway::with_bearer(false).await;
    let routes = "[[connections.options.country_routes]]\ncountries = [\"IN\"]\nproviders = [\"twilio-backup\"]\n";
    let config = crate::support::email_config(sink.port, "")
        + &format!("\n[admin]\nemails = [\"{}\"]\n", crate::dashboard::ADMIN)
        + &gateway_connection(
            "sms-gw",
            &gw.url,
            "",
            &(failover_twilio("twilio-backup") + routes),
        );
    let app = spawn_app_with(&config).await;
    let mut browser = crate::dashboard::dashboard_sign_in(&app, &mut sink).await;
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms-gw")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("value=\"sms_gateway\" selected"), "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/connections/sms-gw")
        .unwrap_or_else(|| panic!("the SMS form: {page}"));
    for (key, value) in [
        ("provider", "sms_gateway"),
        ("from", "Acme"),
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
    let (status, body) = start(&app, "sms-gw", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        gw.violations().is_empty(),
        "the stored secret still signs: {:?}",
        gw.violations()
    );
    assert!(gw.sent()[0].body.starts_with("Your Acme code: "));
    let (status, body) = start(&app, "sms-gw", "+919876543210").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        app.twilio.sent().len(),
        1,
        "the country route is still there"
    );
}

/// After three failed attempts in a row, a provider is skipped for 30 s (on the server's
/// clock), then tried again.
#[tokio::test]
async fn a_provider_that_keeps_failing_is_skipped_until_its_cooldown_ends() {
    let backup = FakeGateway::with_bearer(false).await;
    let config = sms_connection(
        "sms-multi",
        "{twilio}",
        &failover_gateway("backup", &backup.url, ""),
    ) + &operators();
    let app = spawn_app_with(&config).await;
    let failing = || {
        app.twilio.fail_next(crate::support::twilio::Failure::Error(
            503,
            20500,
            "Service unavailable".into(),
        ))
    };
    for _ in 0..3 {
        failing();
        let (status, body) = start(&app, "sms-multi", &phone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(app.twilio.requests(), 3);
    // Open: the next login goes straight to the backup.
    let (status, body) = start(&app, "sms-multi", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 3, "skipped while open");
    assert_eq!(backup.sent().len(), 4);
    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(failed.len(), 4, "{failed:?}");
    assert_eq!(
        failed[3],
        "SMS provider twilio skipped: 3 failed attempts in a row; tried again in 30 s"
    );
    // After the cooldown it is tried again, and a success closes the breaker.
    app.clock.advance(30);
    let (status, body) = start(&app, "sms-multi", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 4);
    assert_eq!(app.twilio.sent().len(), 1);
    assert_eq!(backup.sent().len(), 4);
}

const CONTENT_SID: &str = "HX0123456789abcdef0123456789abcdef";

fn whatsapp_connection() -> String {
    sms_connection(
        "sms-wa",
        "{twilio}",
        &format!(
            "[connections.options.whatsapp]\nfrom = \"+15005550007\"\ncontent_sid = \"{CONTENT_SID}\"\n"
        ),
    )
}

#[tokio::test]
async fn a_whatsapp_start_sends_the_template_with_the_code_as_its_variable() {
    let app = spawn_app_with(&(whatsapp_connection() + &operators())).await;
    for (number, start_body) in [
        (phone(), json!({"send": "whatsapp"})),
        (phone(), json!({"delivery_method": "whatsapp"})),
    ] {
        let mut body =
            json!({"client_id": NATIVE_APP, "connection": "sms-wa", "phone_number": number});
        body.as_object_mut()
            .unwrap()
            .extend(start_body.as_object().unwrap().clone());
        let (status, answer) = app.post_json("/passwordless/start", body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert!(
            app.twilio.violations().is_empty(),
            "{:?}",
            app.twilio.violations()
        );
        let sent = app.twilio.sent().pop().unwrap();
        assert!(sent.whatsapp, "{sent:?}");
        assert_eq!(sent.to, number);
        assert_eq!(sent.from.as_deref(), Some("whatsapp:+15005550007"));
        let vars: Value = serde_json::from_str(&sent.body).unwrap();
        let code = vars["1"].as_str().unwrap().to_string();
        assert_logs_in(&app, "sms-wa", &number, &code).await;
    }
    let sent = descriptions(&events(&app, "cs").await);
    assert_eq!(sent, ["Code sent by text message through whatsapp"; 2]);
    // Without send: "whatsapp", the same connection texts.
    let (status, _) = start(&app, "sms-wa", &phone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!app.twilio.sent().pop().unwrap().whatsapp);
    // A connection without WhatsApp refuses the request.
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": phone(), "send": "whatsapp"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error_description"],
        "WhatsApp is not set up for this connection"
    );
}

#[tokio::test]
async fn a_refused_whatsapp_message_falls_back_to_one_text() {
    let app = spawn_app_with(&(whatsapp_connection() + &operators())).await;
    app.twilio.fail_next(crate::support::twilio::Failure::Error(
        400,
        63007,
        "Twilio could not find a Channel with the specified From address".into(),
    ));
    let number = phone();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms-wa", "phone_number": number, "send": "whatsapp"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 2);
    let sent = app.twilio.sent();
    assert_eq!(sent.len(), 1, "one message reached the user");
    assert!(!sent[0].whatsapp, "the fallback is a text");
    let code = app.code_for(&number);
    assert_logs_in(&app, "sms-wa", &number, &code).await;
    let failed = descriptions(&events(&app, "fn").await);
    assert_eq!(
        failed,
        [
            "SMS provider whatsapp did not send the text (Twilio could not find a Channel with the specified From address (Code: 63007)); trying twilio"
        ]
    );
}
