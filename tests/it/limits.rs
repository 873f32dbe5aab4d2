//! Rate limits, hit and recovered on the test clock: starts per IP, per number (with the
//! minimum gap), wrong codes across codes, token requests per IP, and which address counts
//! behind trusted proxies.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    MIN_GAP, NATIVE_APP, TestApp, WEB_APP, WEB_SECRET, phone, read, spawn_app_with,
};

async fn start_from(
    app: &TestApp,
    number: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, Value, reqwest::header::HeaderMap) {
    let mut req = app
        .http
        .post(app.url("/passwordless/start"))
        .json(&json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": number}));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    let h = r.headers().clone();
    let (status, body) = read(r).await;
    (status, body, h)
}

#[tokio::test]
async fn starts_per_ip_are_limited_and_the_answer_says_when_to_retry() {
    let app = spawn_app_with("[rate_limits]\nstart_per_ip = { limit = 3, window = 60 }").await;
    for _ in 0..3 {
        assert_eq!(app.start_sms(&phone()).await.0, StatusCode::OK);
    }
    let (status, body, headers) = start_from(&app, &phone(), &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "too_many_requests");
    assert_eq!(headers["x-ratelimit-limit"], "3");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    let reset: i64 = headers["x-ratelimit-reset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let retry: i64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(
        app.twilio.requests(),
        3,
        "nothing sent for the refused start"
    );
    app.clock
        .advance(reset - latchkey::domain::Clock::now(&app.clock));
    assert_eq!(app.start_sms(&phone()).await.0, StatusCode::OK);
}

#[tokio::test]
async fn one_number_gets_codes_no_faster_than_the_gap_and_the_window_allow() {
    let app =
        spawn_app_with("[rate_limits]\nstart_per_recipient = { limit = 2, window = 900 }").await;
    let number = phone();
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    let (status, body, headers) = start_from(&app, &number, &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "too_many_requests");
    assert_eq!(headers["retry-after"], MIN_GAP.to_string().as_str());
    app.clock.advance(MIN_GAP - 1);
    assert_eq!(
        app.start_sms(&number).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    app.clock.advance(1);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    app.clock.advance(MIN_GAP);
    // third code inside the 900 s window
    assert_eq!(
        app.start_sms(&number).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // another number is not affected
    assert_eq!(app.start_sms(&phone()).await.0, StatusCode::OK);
    app.clock.advance(900);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    assert_eq!(
        app.twilio.sent().iter().filter(|m| m.to == number).count(),
        3
    );
}

#[tokio::test]
async fn a_used_code_ends_the_gap_so_signing_in_again_is_not_refused() {
    let app = spawn_app_with("").await;
    let number = phone();
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    // the code is still waiting: a second text within the gap is refused
    assert_eq!(
        app.start_sms(&number).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let code = app.code_for(&number);
    assert_eq!(
        app.exchange(NATIVE_APP, &number, &code, "openid").await.0,
        StatusCode::OK
    );
    // signed out and back in at once: nothing is waiting any more, so nothing to resend
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    assert_eq!(
        app.start_sms(&number).await.0,
        StatusCode::TOO_MANY_REQUESTS,
        "the new waiting code has its own gap"
    );
}

#[tokio::test]
async fn wrong_codes_count_across_codes_and_lock_the_number_out() {
    let app =
        spawn_app_with("[rate_limits]\nwrong_codes_per_recipient = { limit = 4, window = 3600 }")
            .await;
    let number = phone();
    app.start_sms(&number).await;
    for _ in 0..3 {
        assert_eq!(
            app.exchange(NATIVE_APP, &number, "000000", "openid")
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    app.clock.advance(MIN_GAP);
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        app.exchange(NATIVE_APP, &number, wrong, "openid").await.0,
        StatusCode::FORBIDDEN
    );
    // four misses: even the right code is refused now
    let (status, body) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "too_many_attempts");
    app.clock.advance(3600);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    let code = app.code_for(&number);
    assert_eq!(
        app.exchange(NATIVE_APP, &number, &code, "openid").await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn token_requests_per_ip_are_limited() {
    let app = spawn_app_with("[rate_limits]\ntoken_per_ip = { limit = 5, window = 60 }").await;
    for _ in 0..5 {
        assert_eq!(
            app.exchange(NATIVE_APP, &phone(), "123456", "openid")
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    let (status, body) = app.exchange(NATIVE_APP, &phone(), "123456", "openid").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["error"], "too_many_requests");
    let (status, _) = app
        .post_json(
            "/oauth/ro",
            json!({"client_id": NATIVE_APP, "grant_type": "password"}),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(60);
    assert_eq!(
        app.exchange(NATIVE_APP, &phone(), "123456", "openid")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_trusted_proxies() {
    let limit = "start_per_ip = { limit = 1, window = 60 }";
    // Behind a trusted proxy (the test client is 127.0.0.1): each forwarded address has its own count.
    let app = spawn_app_with(&format!(
        "[rate_limits]\n{limit}\ntrusted_proxies = [\"127.0.0.1\"]"
    ))
    .await;
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    assert_eq!(
        start_from(&app, &phone(), &from("203.0.113.1")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        start_from(&app, &phone(), &from("203.0.113.2")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        start_from(&app, &phone(), &from("203.0.113.1")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // a client-written entry left of the real one does not help
    assert_eq!(
        start_from(
            &app,
            &phone(),
            &[("x-forwarded-for", "198.51.100.9, 203.0.113.2")]
        )
        .await
        .0,
        StatusCode::TOO_MANY_REQUESTS
    );

    // No trusted proxy: the header is ignored and everything counts as 127.0.0.1.
    let app = spawn_app_with(&format!("[rate_limits]\n{limit}")).await;
    assert_eq!(
        start_from(&app, &phone(), &from("203.0.113.1")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        start_from(&app, &phone(), &from("203.0.113.2")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn auth0_forwarded_for_is_believed_only_from_confidential_clients() {
    let app = spawn_app_with("[rate_limits]\nstart_per_ip = { limit = 1, window = 60 }").await;
    let web = |number: String, user_ip: &'static str| {
        let app = &app;
        async move {
            app.http
                .post(app.url("/passwordless/start"))
                .header("auth0-forwarded-for", user_ip)
                .json(&json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "sms", "phone_number": number}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(web(phone(), "198.51.100.1").await, StatusCode::OK);
    assert_eq!(web(phone(), "198.51.100.2").await, StatusCode::OK);
    assert_eq!(
        web(phone(), "198.51.100.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // a public client's claim is ignored: it counts as 127.0.0.1, its first start passes,
    // the second is refused whatever it claims
    let public = [("auth0-forwarded-for", "198.51.100.3")];
    assert_eq!(start_from(&app, &phone(), &public).await.0, StatusCode::OK);
    assert_eq!(
        start_from(&app, &phone(), &[("auth0-forwarded-for", "198.51.100.4")])
            .await
            .0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn limits_can_be_switched_off() {
    let app =
        spawn_app_with("[rate_limits]\nenabled = false\nstart_per_ip = { limit = 1, window = 60 }")
            .await;
    let number = phone();
    for _ in 0..3 {
        assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    }
}
