//! Bad input gets Auth0's error shape and status, never a 5xx.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{NATIVE_APP, OTP_GRANT, WEB_APP, WEB_SECRET, phone, spawn_app};

fn assert_error(
    status: StatusCode,
    body: &Value,
    want_status: StatusCode,
    error: &str,
    description: &str,
) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_description"], description, "{body}");
}

#[tokio::test]
async fn passwordless_start_errors_match_auth0() {
    let app = spawn_app().await;
    let p = phone();
    let cases: Vec<(Value, &str, String)> = vec![
        (
            json!({"connection": "sms", "phone_number": p}),
            "bad.client_id",
            "Missing required property: client_id".into(),
        ),
        (
            json!({"client_id": "nope", "connection": "sms", "phone_number": p}),
            "bad.client_id",
            "Unknown client: nope".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "phone_number": p}),
            "bad.connection",
            "Missing required property: connection".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "fax", "phone_number": p}),
            "bad.connection",
            "Connection does not exist".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms"}),
            "bad.phone_number",
            "Missing required property: phone_number".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": "4155550100"}),
            "bad.phone_number",
            r"String does not match pattern: ^\+[0-9]{1,15}$".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": "+1 415 555 0100"}),
            "bad.phone_number",
            r"String does not match pattern: ^\+[0-9]{1,15}$".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": "+10005550100"}),
            "bad.phone_number",
            "The phone number +10005550100 is not a valid phone number".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": p, "favourite": 1, "colour": "red"}),
            "bad.request",
            "the following properties are not allowed: colour, favourite".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": p, "authParams": "scope=openid"}),
            "bad.authParams",
            "error in authParams - invalid type: string (expected object)".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": p, "send": "link"}),
            "bad.request",
            "Magic links are not available for SMS connections; use send: \"code\"".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": p, "send": "pigeon"}),
            "bad.request",
            "send must be one of: code, link, link_ios, link_android".into(),
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": ["+14155550100"]}),
            "bad.phone_number",
            "phone_number must be a string".into(),
        ),
    ];
    for (body, error, description) in cases {
        let (status, answer) = app.post_json("/passwordless/start", body.clone()).await;
        assert_error(
            status,
            &answer,
            StatusCode::BAD_REQUEST,
            error,
            &description,
        );
    }
    assert_eq!(app.twilio.requests(), 0, "no text for a refused request");
}

#[tokio::test]
async fn confidential_clients_must_authenticate() {
    let app = spawn_app().await;
    let p = phone();
    for secret in [None, Some("wrong-secret-wrong-secret")] {
        let mut body = json!({"client_id": WEB_APP, "connection": "sms", "phone_number": p});
        if let Some(s) = secret {
            body["client_secret"] = s.into();
        }
        let (status, answer) = app.post_json("/passwordless/start", body).await;
        assert_error(
            status,
            &answer,
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    }
    let (status, _) = app
        .post_json("/passwordless/start", json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "sms", "phone_number": p}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let code = app.code_for(&p);
    // the token endpoint checks the secret too; HTTP Basic works as well as the body
    let (status, answer) = app.exchange(WEB_APP, &p, &code, "openid").await;
    assert_error(
        status,
        &answer,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Client authentication failed.",
    );
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .basic_auth(WEB_APP, Some(WEB_SECRET))
        .json(&json!({"grant_type": OTP_GRANT, "username": p, "otp": code, "realm": "sms", "scope": "openid"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn token_endpoint_errors_match_auth0() {
    let app = spawn_app().await;
    let p = phone();
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (
            json!({"client_id": NATIVE_APP}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: grant_type",
        ),
        (
            json!({"grant_type": "password", "client_id": NATIVE_APP}),
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type: password",
        ),
        (
            json!({"grant_type": OTP_GRANT}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: client_id",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": "nope", "username": p, "otp": "123456", "realm": "sms"}),
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "otp": "123456", "realm": "sms"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: username",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": p, "realm": "sms"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: otp",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": p, "otp": "123456"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: realm",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": p, "otp": "123456", "realm": "fax"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the connection was not found",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": "not-a-phone", "otp": "123456", "realm": "sms"}),
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Wrong phone number or verification code.",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": p, "otp": "123456", "realm": "sms"}),
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Wrong phone number or verification code.",
        ),
        (
            json!({"grant_type": "refresh_token", "client_id": NATIVE_APP}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing required parameter: refresh_token",
        ),
        (
            json!({"grant_type": "refresh_token", "client_id": NATIVE_APP, "refresh_token": "made-up"}),
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Unknown or invalid refresh token.",
        ),
        (
            json!({"grant_type": OTP_GRANT, "client_id": {"x": 1}}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "client_id must be a string",
        ),
    ];
    for (body, want, error, description) in cases {
        let (status, answer) = app.post_json("/oauth/token", body.clone()).await;
        assert_error(status, &answer, want, error, description);
    }
}

#[tokio::test]
async fn malformed_bodies_are_refused_in_auth0s_shape() {
    let app = spawn_app().await;
    for path in [
        "/passwordless/start",
        "/oauth/token",
        "/oauth/revoke",
        "/oauth/ro",
    ] {
        for (content_type, body) in [
            ("application/json", "{not json".to_string()),
            ("application/json", "[1,2,3]".to_string()),
            ("application/x-www-form-urlencoded", "a=%ZZ".to_string()),
        ] {
            let r = app
                .http
                .post(app.url(path))
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
            let answer: Value = r.json().await.unwrap();
            assert!(
                answer["error"].is_string() && answer["error_description"].is_string(),
                "{path}: {answer}"
            );
        }
        let r = app
            .http
            .post(app.url(path))
            .header("content-type", "application/json")
            .body(format!("{{\"client_id\":\"{}\"}}", "x".repeat(100_000)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        let answer: Value = r.json().await.unwrap();
        assert!(answer["error_description"].is_string());
    }
    let (status, body) = app.get_json("/no/such/thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn revoke_and_userinfo_errors() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_json("/oauth/revoke", json!({"client_id": NATIVE_APP}))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "Missing required parameter: token",
    );
    let (status, body) = app
        .post_json("/oauth/revoke", json!({"client_id": WEB_APP, "token": "x"}))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Client authentication failed.",
    );
    // unknown tokens are revoked "successfully" (RFC 7009)
    let (status, _) = app
        .post_json(
            "/oauth/revoke",
            json!({"client_id": NATIVE_APP, "token": "made-up"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let r = app.http.get(app.url("/userinfo")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        r.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    for token in ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."] {
        let r = app
            .http
            .get(app.url("/userinfo"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{token}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"], "invalid_token");
    }
}

#[tokio::test]
async fn resource_owner_errors_match_auth0() {
    let app = spawn_app().await;
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (
            json!({"grant_type": "password", "connection": "sms", "username": "+14155550100", "password": "1"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing client_id parameter",
        ),
        (
            json!({"client_id": "nope", "grant_type": "password"}),
            StatusCode::FORBIDDEN,
            "unauthorized_client",
            "invalid client",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "password", "username": "+14155550100", "password": "1"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing connection parameter",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "password", "connection": "sms", "password": "1"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing username parameter",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "password", "connection": "sms", "username": "+14155550100"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing password parameter",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing id_token parameter",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "id_token": "x"}),
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "missing device parameter",
        ),
        (
            json!({"client_id": NATIVE_APP, "grant_type": "client_credentials"}),
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant type: client_credentials",
        ),
    ];
    for (body, want, error, description) in cases {
        let (status, answer) = app.post_json("/oauth/ro", body.clone()).await;
        assert_error(status, &answer, want, error, description);
    }
}

#[tokio::test]
async fn clients_without_a_grant_are_refused() {
    let app = crate::support::spawn_app_with(
        r#"
[[clients]]
client_id = "refresh-only"
name = "Refresh Only"
grant_types = ["refresh_token"]
"#,
    )
    .await;
    let (status, body) = app
        .post_json("/oauth/token", json!({"grant_type": OTP_GRANT, "client_id": "refresh-only", "username": phone(), "otp": "1", "realm": "sms"}))
        .await;
    assert_error(
        status,
        &body,
        StatusCode::FORBIDDEN,
        "unauthorized_client",
        "Grant type 'http://auth0.com/oauth/grant-type/passwordless/otp' not allowed for the client.",
    );
}
