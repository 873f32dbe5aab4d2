//! The SMS login end to end: codes sent through the Twilio stand-in, the code rules
//! (newest only, single use, three wrong tries, expiry, atomic use), users created on
//! first login, and Twilio failures.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::twilio::{self, Failure};
use crate::support::{
    MIN_GAP, NATIVE_APP, OTP_GRANT, TestApp, phone, sms_connection, spawn_app, spawn_app_with,
};

fn assert_wrong_code(status: StatusCode, body: &serde_json::Value) {
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(
        body["error_description"],
        "Wrong phone number or verification code."
    );
}

#[tokio::test]
async fn first_login_creates_the_user_and_later_logins_find_it() {
    let app = spawn_app().await;
    let number = phone();
    let (status, started) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(started["phone_number"], number.as_str());
    let text = &app.twilio.sent()[0];
    assert_eq!(text.to, number);
    assert_eq!(text.from.as_deref(), Some(twilio::FROM));
    let code = app.code_for(&number);
    assert_eq!(code.len(), 6);
    assert_eq!(text.body, format!("Acme Native: your code is {code}"));

    let (status, tokens) = app
        .exchange(
            NATIVE_APP,
            &number,
            &code,
            "openid profile phone offline_access",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 86400);
    assert!(
        tokens["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 40)
    );
    let claims = app.verified_claims(&tokens, NATIVE_APP).await;
    let sub = claims["sub"].as_str().unwrap().to_string();
    let hex = sub.strip_prefix("sms|").expect("sms| user id");
    assert_eq!(hex.len(), 24);
    assert!(hex.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(claims["phone_number"], number.as_str());
    assert_eq!(claims["phone_number_verified"], true);
    assert_eq!(claims["name"], number.as_str());

    // The second login authenticates the same user. The start answer does not say so: its
    // `_id` is a fresh one of the same form, as for a number without an account.
    app.clock.advance(MIN_GAP);
    let (_, again) = app.start_sms(&number).await;
    let again_id = again["_id"].as_str().expect("an _id");
    assert_eq!(again_id.len(), 24);
    assert!(again_id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(again_id, hex);
    let user = app.sms_user().phone(&number).scope("openid").await;
    assert_eq!(user.claims["sub"], sub.as_str());
    // openid alone carries no profile claims
    assert!(user.claims.get("phone_number").is_none());
    assert!(user.tokens.get("refresh_token").is_none());
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );
}

#[tokio::test]
async fn a_code_works_once() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    let (status, _) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_wrong_code(status, &body);
}

#[tokio::test]
async fn only_the_newest_code_is_valid() {
    let app = spawn_app().await;
    let number = phone();
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    let first = app.code_for(&number);
    app.clock.advance(MIN_GAP);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    assert_eq!(app.twilio.sent().len(), 2);
    let second = app.code_for(&number);
    if first != second {
        let (status, body) = app.exchange(NATIVE_APP, &number, &first, "openid").await;
        assert_wrong_code(status, &body);
    }
    let (status, _) = app.exchange(NATIVE_APP, &number, &second, "openid").await;
    assert_eq!(status, StatusCode::OK);
}

fn wrong(code: &str) -> String {
    let last = code.as_bytes()[code.len() - 1];
    format!(
        "{}{}",
        &code[..code.len() - 1],
        if last == b'9' {
            '0'
        } else {
            (last + 1) as char
        }
    )
}

#[tokio::test]
async fn the_third_wrong_try_kills_the_code() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    for _ in 0..3 {
        let (status, body) = app
            .exchange(NATIVE_APP, &number, &wrong(&code), "openid")
            .await;
        assert_wrong_code(status, &body);
    }
    let (status, body) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(
        body["error_description"],
        "You've reached the maximum number of attempts. Please request a new code."
    );
    // A new code starts a new count.
    app.clock.advance(MIN_GAP);
    assert_eq!(app.start_sms(&number).await.0, StatusCode::OK);
    let fresh = app.code_for(&number);
    let (status, _) = app.exchange(NATIVE_APP, &number, &fresh, "openid").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn two_wrong_tries_still_leave_the_right_code_usable() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    for _ in 0..2 {
        app.exchange(NATIVE_APP, &number, &wrong(&code), "openid")
            .await;
    }
    let (status, _) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn codes_expire_after_the_time_step() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    app.clock.advance(179);
    let (status, _) = app
        .exchange(NATIVE_APP, &number, &wrong(&code), "openid")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app.clock.advance(1);
    let (status, body) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "invalid_grant");
    assert_eq!(
        body["error_description"],
        "The verification code has expired. Please request a new one."
    );

    app.start_sms(&number).await;
    let code = app.code_for(&number);
    app.clock.advance(179);
    let (status, _) = app.exchange(NATIVE_APP, &number, &code, "openid").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn twenty_racing_requests_with_the_right_code_get_one_set_of_tokens() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    let body = json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
                      "otp": code, "realm": "sms", "scope": "openid offline_access"});
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (http, url, body, barrier) = (
            app.http.clone(),
            app.url("/oauth/token"),
            body.clone(),
            barrier.clone(),
        );
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            http.post(url).json(&body).send().await.unwrap().status()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::OK => ok += 1,
            StatusCode::FORBIDDEN => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn liquid_templates_follow_the_request_language() {
    let app = spawn_app_with(&sms_connection(
        "sms-liquid",
        "{twilio}",
        r#"messaging_service_sid = "MG0123456789abcdef0123456789abcdef"
syntax = "liquid"
template = "{% if request_language contains 'fr' %}Votre code {{ application.name }} : {{ code }}{% else %}Your {{ application.name }} code is {{ password }} ({{ phone_number }}){% endif %}"
totp = { length = 8, time_step = 300 }"#,
    ))
    .await;
    let number = phone();
    let send = |lang_header: &'static str, lang: &'static str| {
        let app = &app;
        let number = number.clone();
        async move {
            app.http
                .post(app.url("/passwordless/start"))
                .header(lang_header, lang)
                .json(&json!({"client_id": NATIVE_APP, "connection": "sms-liquid", "phone_number": number}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(send("x-request-language", "fr-FR").await, StatusCode::OK);
    let sent = app.twilio.sent();
    let code = app.code_for(&number);
    assert_eq!(code.len(), 8);
    assert_eq!(sent[0].body, format!("Votre code Acme Native : {code}"));
    assert_eq!(sent[0].from, None);
    assert_eq!(
        sent[0].messaging_service_sid.as_deref(),
        Some("MG0123456789abcdef0123456789abcdef")
    );

    app.clock.advance(MIN_GAP);
    assert_eq!(
        send("accept-language", "en-GB,en;q=0.8").await,
        StatusCode::OK
    );
    let code = app.code_for(&number);
    assert_eq!(
        app.twilio.sent()[1].body,
        format!("Your Acme Native code is {code} ({number})")
    );
    // the 8-digit code from this connection logs in, valid for 300 s
    app.clock.advance(299);
    let (status, body) = app.post_json(
        "/oauth/token",
        json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number, "otp": code, "realm": "sms-liquid"}),
    ).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );
}

async fn assert_no_code_is_left(app: &TestApp, number: &str, old_code: &str) {
    let (status, body) = app.exchange(NATIVE_APP, number, old_code, "openid").await;
    assert_wrong_code(status, &body);
}

#[tokio::test]
async fn a_twilio_refusal_is_an_sms_provider_error_and_leaves_no_code() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let old_code = app.code_for(&number);
    app.clock.advance(MIN_GAP);
    app.twilio.fail_next(Failure::Error(
        400,
        21211,
        format!("The 'To' number {number} is not a valid phone number."),
    ));
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(
        body["error_description"],
        format!("The 'To' number {number} is not a valid phone number. (Code: 21211)")
    );
    // neither the failed code nor the one before it works
    assert_no_code_is_left(&app, &number, &old_code).await;
}

#[tokio::test]
async fn twilio_server_errors_are_retried_a_bounded_number_of_times() {
    let app = spawn_app().await;
    let number = phone();
    app.twilio
        .fail_next(Failure::Error(503, 20500, "Service unavailable".into()));
    let (status, _) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.twilio.requests(), 2);
    assert_eq!(app.twilio.sent().len(), 1);

    app.clock.advance(MIN_GAP);
    for _ in 0..3 {
        app.twilio
            .fail_next(Failure::Error(500, 20500, "Internal error".into()));
    }
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(
        body["error_description"],
        "Unexpected response while calling the SMS provider: 500"
    );
    assert_eq!(app.twilio.requests(), 5);
}

#[tokio::test]
async fn an_unreachable_twilio_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let app = spawn_app_with(&sms_connection("sms-down", &dead, "")).await;
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms-down", "phone_number": phone()}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(
        body["error_description"],
        "Could not connect to the SMS provider"
    );
}

#[tokio::test]
async fn disable_signup_refuses_unknown_numbers_and_sends_nothing() {
    let app = spawn_app_with(&sms_connection(
        "sms-closed",
        "{twilio}",
        "disable_signup = true",
    ))
    .await;
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms-closed", "phone_number": phone()}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "bad.connection");
    assert_eq!(body["error_description"], "Public signup is disabled");
    assert_eq!(app.twilio.requests(), 0);
}

#[tokio::test]
async fn the_legacy_resource_owner_endpoint_logs_in_with_the_code_as_password() {
    let app = spawn_app().await;
    let number = phone();
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    // Lock v1 for iOS: JSON, scope with offline_access, and a device name.
    let (status, body) = app
        .post_json(
            "/oauth/ro",
            json!({"client_id": NATIVE_APP, "connection": "sms", "grant_type": "password",
                   "username": number, "password": wrong(&code), "scope": "openid offline_access", "device": "iPhone"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_user_password");
    assert_eq!(
        body["error_description"],
        "Wrong phone number or verification code."
    );
    let (status, body) = app
        .post_json(
            "/oauth/ro",
            json!({"client_id": NATIVE_APP, "connection": "sms", "grant_type": "password",
                   "username": number, "password": code, "scope": "openid offline_access"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "missing device parameter");
    let (status, body) = app
        .post_json(
            "/oauth/ro",
            json!({"client_id": NATIVE_APP, "connection": "sms", "grant_type": "password",
                   "username": number, "password": code, "scope": "openid offline_access", "device": "iPhone"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert!(body["refresh_token"].is_string());
    let claims = app.verified_claims(&body, NATIVE_APP).await;
    assert!(claims["sub"].as_str().unwrap().starts_with("sms|"));
}

#[tokio::test]
async fn form_encoded_bodies_work_like_json() {
    let app = spawn_app().await;
    let number = phone();
    let (status, _) = app
        .post_form(
            "/passwordless/start",
            &[
                ("client_id", NATIVE_APP),
                ("connection", "sms"),
                ("phone_number", &number),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let code = app.code_for(&number);
    let (status, body) = app
        .post_form(
            "/oauth/token",
            &[
                ("client_id", NATIVE_APP),
                ("username", &number),
                ("otp", &code),
                ("realm", "sms"),
                ("scope", "openid"),
                ("grant_type", OTP_GRANT),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["id_token"].is_string());
}

/// auth0.js `passwordlessVerify` for SMS: `/passwordless/verify` checks the code without
/// using it, then the browser goes to `/passwordless/verify_redirect` with the phone number,
/// which uses the code at once (no confirm step: the user typed it) and ends at the callback
/// with an authorization code the app redeems. The same URL again is refused and redirects
/// nowhere: the code was single use; a wrong code never reaches the callback.
#[tokio::test]
async fn passwordless_verify_redirect_logs_in_with_an_sms_code_once() {
    use crate::support::{WEB_APP, WEB_SECRET};
    use reqwest::header::LOCATION;
    let app = spawn_app().await;
    let number = phone();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "sms",
                   "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = app.code_for(&number);
    let (status, body) = app
        .post_json(
            "/passwordless/verify",
            json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "sms",
                   "phone_number": number, "verification_code": code}),
        )
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));

    let callback = "https://acme.example/callback";
    let landing = |code: &str| {
        let query = serde_urlencoded::to_string([
            ("client_id", WEB_APP),
            ("response_type", "code"),
            ("redirect_uri", callback),
            ("scope", "openid phone"),
            ("state", "st+/=1"),
            ("connection", "sms"),
            ("phone_number", number.as_str()),
            ("verification_code", code),
        ])
        .unwrap();
        app.url(&format!("/passwordless/verify_redirect?{query}"))
    };
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut browser = crate::support::web::Browser::new();
    let (status, headers, page) = browser.get(&landing(wrong)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(headers.get(LOCATION).is_none());

    let (status, headers, page) = browser.get(&landing(&code)).await;
    assert!(status.is_redirection(), "{status}: {page}");
    let location = headers[LOCATION].to_str().unwrap().to_string();
    let (base, query) = location.split_once('?').unwrap();
    assert_eq!(base, callback);
    let back: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    let get = |k: &str| back.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(
        get("state").as_deref(),
        Some("st+/=1"),
        "state comes back byte for byte"
    );
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "authorization_code", "client_id": WEB_APP,
                   "client_secret": WEB_SECRET, "code": get("code").unwrap(),
                   "redirect_uri": callback}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app
        .verified_claims(tokens["id_token"].as_str().unwrap(), WEB_APP)
        .await;
    assert_eq!(claims["phone_number"], number.as_str());

    let (status, headers, page) = browser.get(&landing(&code)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "used once: {page}");
    assert!(headers.get(LOCATION).is_none());
    assert!(page.contains("expired or was already used"), "{page}");
}
