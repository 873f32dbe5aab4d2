//! SMS pumping protection, test numbers and blocked users: refusals that cost no text.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{
    MIN_GAP, NATIVE_APP, TestApp, phone, sms_connection, spawn_app, spawn_app_with,
};

/// An SMS connection named `guarded` with these extra options (TOML lines). The test
/// client is the trusted proxy, so a start can say which client address it carries.
fn guarded(options: &str) -> String {
    let connection = sms_connection("guarded", "{twilio}", options);
    format!(
        "{connection}\n[rate_limits]\ntrusted_proxies = [\"127.0.0.1\"]\n\
         start_per_ip = {{ limit = 1000, window = 3600 }}\n"
    )
}

async fn start(app: &TestApp, number: &str) -> (StatusCode, serde_json::Value) {
    app.post_json(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": "guarded", "phone_number": number}),
    )
    .await
}

/// A start from the client at `address` (forwarded by the trusted proxy).
async fn start_from(app: &TestApp, address: &str, number: &str) -> StatusCode {
    app.http
        .post(app.url("/passwordless/start"))
        .header("x-forwarded-for", address)
        .json(&json!({"client_id": NATIVE_APP, "connection": "guarded", "phone_number": number}))
        .send()
        .await
        .unwrap()
        .status()
}

/// The `i`th client of a distributed burst, and a number in a range of its own.
fn source(i: u32) -> (String, String) {
    (
        format!("198.51.100.{}", i + 1),
        format!("+1415{}{:04}", 320 + i, 2000 + i),
    )
}

#[tokio::test]
async fn only_allowed_countries_and_kinds_of_number_get_texts() {
    let app = spawn_app_with(&guarded(
        "pumping_protection = { allowed_countries = [1, 44] }",
    ))
    .await;
    let (status, body) = start(&app, "+33612345678").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "bad.phone_number");
    assert_eq!(
        body["error_description"],
        "Phone numbers with country code +33 are not accepted"
    );
    let (status, body) = start(&app, "+19005550100").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error_description"],
        "This kind of phone number (premium_rate) is not accepted"
    );
    assert_eq!(app.twilio.requests(), 0);
    assert_eq!(start(&app, "+447400123456").await.0, StatusCode::OK);
    assert_eq!(start(&app, &phone()).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_number_range_gets_a_few_texts_an_hour() {
    let app = spawn_app_with(&guarded(
        "pumping_protection = { max_per_prefix_per_hour = 3, prefix_digits = 7 }",
    ))
    .await;
    for n in ["+14155550101", "+14155550102", "+14155550103"] {
        assert_eq!(start(&app, n).await.0, StatusCode::OK);
    }
    let (status, body) = start(&app, "+14155550104").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "too_many_requests");
    // another range is untouched
    assert_eq!(start(&app, "+14155560101").await.0, StatusCode::OK);
    app.clock.advance(3600);
    assert_eq!(start(&app, "+14155550104").await.0, StatusCode::OK);
    assert_eq!(app.twilio.sent().len(), 5);
}

#[tokio::test]
async fn a_burst_of_codes_nobody_uses_closes_the_country() {
    let app = spawn_app_with(&guarded(
        "pumping_protection = { min_sample = 10, min_conversion_rate = 0.5, max_per_prefix_per_hour = 1000 }",
    ))
    .await;
    // Pumping: ten texts to US numbers from ten addresses, each to a range of its own, none
    // ever verified. (One address or one range weighs one text however much it sends, so
    // the burst must come from many; see security_limits.rs.)
    for i in 0..10 {
        let (address, number) = source(i);
        assert_eq!(start_from(&app, &address, &number).await, StatusCode::OK);
    }
    let (address, number) = source(10);
    assert_eq!(
        start_from(&app, &address, &number).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // another country is judged on its own
    assert_eq!(start(&app, "+447400123456").await.0, StatusCode::OK);
    assert_eq!(app.twilio.sent().len(), 11);
    // the next hour starts afresh
    app.clock.advance(3600);
    assert_eq!(start(&app, "+14155553000").await.0, StatusCode::OK);
}

#[tokio::test]
async fn codes_that_get_used_keep_the_country_open() {
    let app = spawn_app_with(&guarded(
        "pumping_protection = { min_sample = 10, min_conversion_rate = 0.5, max_per_prefix_per_hour = 1000 }",
    ))
    .await;
    for i in 0..10 {
        let (address, number) = source(i);
        assert_eq!(start_from(&app, &address, &number).await, StatusCode::OK);
        if i % 10 < 6 {
            let code = app.code_for(&number);
            let (status, _) = app
                .post_json(
                    "/oauth/token",
                    json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
                           "username": number, "otp": code, "realm": "guarded"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK);
        }
    }
    let (address, number) = source(10);
    assert_eq!(start_from(&app, &address, &number).await, StatusCode::OK);
}

#[tokio::test]
async fn test_numbers_log_in_with_their_fixed_code_and_get_no_text() {
    let app = spawn_app_with(&guarded(
        r#"
[[connections.options.test_numbers]]
phone_number = "+14155550188"
code = "424242"
expires = "2099-12-31"
[[connections.options.test_numbers]]
phone_number = "+14155550189"
code = "434343"
expires = "2020-01-01"
"#,
    ))
    .await;
    for _ in 0..2 {
        // no minimum gap and no text for a test number
        assert_eq!(start(&app, "+14155550188").await.0, StatusCode::OK);
    }
    assert_eq!(app.twilio.requests(), 0);
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
                   "username": "+14155550188", "otp": "424242", "realm": "guarded", "scope": "openid"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    // an expired test number is an ordinary number again
    assert_eq!(start(&app, "+14155550189").await.0, StatusCode::OK);
    assert_eq!(app.twilio.requests(), 1);
}

#[tokio::test]
async fn blocked_users_get_no_code_and_a_clear_error() {
    let app = spawn_app().await;
    let number = phone();
    let tokens = app.login(&number, "openid offline_access").await;
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let user = store
        .user_by_recipient("sms", &number)
        .await
        .unwrap()
        .unwrap();
    assert!(
        store
            .set_user_blocked(&user.user_id, true, 0)
            .await
            .unwrap()
    );
    let sent = app.twilio.requests();

    app.clock.advance(MIN_GAP);
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "unauthorized");
    assert_eq!(body["error_description"], "user is blocked");
    assert_eq!(app.twilio.requests(), sent);
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "refresh_token", "client_id": NATIVE_APP,
                   "refresh_token": tokens["refresh_token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error_description"], "user is blocked");
    // a code sent before the block does not log them in either
    assert!(
        store
            .set_user_blocked(&user.user_id, false, 0)
            .await
            .unwrap()
    );
    app.clock.advance(MIN_GAP);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    assert!(
        store
            .set_user_blocked(&user.user_id, true, 0)
            .await
            .unwrap()
    );
    let code = app.code_for(&number);
    let (status, body) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error_description"], "user is blocked");
}

#[tokio::test]
async fn without_pumping_protection_twilio_judges_the_number() {
    let app = spawn_app_with(&guarded("pumping_protection = { enabled = false }")).await;
    // +1 000 … cannot exist; unguarded, the text goes to Twilio, whose refusal comes back
    app.twilio.fail_next(crate::support::twilio::Failure::Error(
        400,
        21211,
        "The 'To' number +10005550100 is not a valid phone number.".into(),
    ));
    let (status, body) = start(&app, "+10005550100").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(app.twilio.requests(), 1);
    // guarded (the default), it is refused before Twilio is paid
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": "+10005550100"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error_description"],
        "The phone number +10005550100 is not a valid phone number"
    );
    assert_eq!(app.twilio.requests(), 1);
}
