//! Device keys (the Touch ID model): keys generated here (RSA 2048 as PKCS#1 and SPKI, EC
//! P-256), registered through `/api/v2/device-credentials` with a user-bound token, and used
//! to log in through `/oauth/token` (jwt-bearer) and legacy `/oauth/ro`; every way a device
//! JWT can be wrong is refused. The JWTs are signed here with aws-lc-rs directly, not with the
//! server's code.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{NATIVE_APP, TestApp, spawn_app};

const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
pub(crate) const DEVICE_SCOPES: &str = "openid offline_access create:current_user_device_credentials delete:current_user_device_credentials";

fn b64url(data: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

pub(crate) fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A device's key pair, in one of the forms apps register.
pub(crate) enum DeviceKey {
    P256(EcdsaKeyPair),
    Rsa(aws_lc_rs::rsa::KeyPair, bool),
}

impl DeviceKey {
    pub(crate) fn p256() -> Self {
        Self::P256(EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap())
    }
    /// RSA 2048; `pkcs1` exports `RSA PUBLIC KEY` as Lock v1 did, else SPKI.
    fn rsa(pkcs1: bool) -> Self {
        Self::Rsa(
            aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap(),
            pkcs1,
        )
    }
    pub(crate) fn pem(&self) -> String {
        match self {
            Self::P256(k) => pem::encode(&pem::Pem::new(
                "PUBLIC KEY",
                k.public_key().as_der().unwrap().as_ref().to_vec(),
            )),
            Self::Rsa(k, true) => pem::encode(&pem::Pem::new(
                "RSA PUBLIC KEY",
                k.public_key().as_ref().to_vec(),
            )),
            Self::Rsa(k, false) => pem::encode(&pem::Pem::new(
                "PUBLIC KEY",
                k.public_key().as_der().unwrap().as_ref().to_vec(),
            )),
        }
    }
    fn alg(&self) -> &'static str {
        match self {
            Self::P256(_) => "ES256",
            Self::Rsa(..) => "RS256",
        }
    }
    /// A JWT with this header and these claims, signed with this key.
    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(claims.to_string().as_bytes())
        );
        let signature = match self {
            Self::P256(k) => k
                .sign(&SystemRandom::new(), input.as_bytes())
                .unwrap()
                .as_ref()
                .to_vec(),
            Self::Rsa(k, _) => {
                let mut sig = vec![0; k.public_modulus_len()];
                k.sign(
                    &aws_lc_rs::signature::RSA_PKCS1_SHA256,
                    &SystemRandom::new(),
                    input.as_bytes(),
                    &mut sig,
                )
                .unwrap();
                sig
            }
        };
        format!("{input}.{}", b64url(&signature))
    }
    pub(crate) fn assertion(&self, kid: Option<&str>, iss: &str, iat: i64, exp: i64) -> String {
        let mut header = json!({"alg": self.alg(), "typ": "JWT"});
        if let Some(kid) = kid {
            header["kid"] = kid.into();
        }
        self.sign(
            &header,
            &json!({"iss": iss, "sub": "AB:CD", "device": "Ana's iPhone", "iat": iat, "exp": exp}),
        )
    }
}

/// A user logged in by SMS with a token for the Management API: (user_id, access token).
async fn user_with_api_token(app: &TestApp) -> (String, String) {
    let user = app.sms_user().scope(DEVICE_SCOPES).management_api().await;
    (user.user_id, user.access_token)
}

async fn register(
    app: &TestApp,
    token: &str,
    key: &DeviceKey,
    device_id: &str,
) -> (StatusCode, Value) {
    app.post_as(
        token,
        "/api/v2/device-credentials",
        json!({"device_name": "Ana's iPhone", "device_id": device_id, "type": "public_key",
                          "value": b64(key.pem().as_bytes()), "client_id": NATIVE_APP}),
    )
    .await
}

async fn device_login(app: &TestApp, assertion: &str) -> (StatusCode, Value) {
    app.post_json(
        "/oauth/token",
        json!({"grant_type": JWT_BEARER, "client_id": NATIVE_APP, "assertion": assertion,
               "scope": "openid offline_access"}),
    )
    .await
}

fn now(app: &TestApp) -> i64 {
    latchkey::domain::Clock::now(&app.clock)
}

#[tokio::test]
async fn every_key_form_registers_and_logs_in_through_both_endpoints() {
    let app = spawn_app().await;
    let (user, token) = user_with_api_token(&app).await;
    for (i, key) in [
        DeviceKey::p256(),
        DeviceKey::rsa(true),
        DeviceKey::rsa(false),
    ]
    .iter()
    .enumerate()
    {
        let (status, created) = register(&app, &token, key, &format!("device-{i}")).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let kid = created["id"].as_str().unwrap();
        assert!(kid.starts_with("dcr_"));
        let t = now(&app);
        let (status, tokens) =
            device_login(&app, &key.assertion(Some(kid), &user, t, t + 30)).await;
        assert_eq!(status, StatusCode::OK, "{} {tokens}", key.alg());
        let claims = app.verified_claims(&tokens, NATIVE_APP).await;
        assert_eq!(claims["sub"], user.as_str());
        assert!(tokens["refresh_token"].is_string());

        // Lock v1's legacy call: the JWT as id_token, the key found by the device name
        if i == 0 {
            let legacy = key.assertion(None, &user, t, t + 30);
            let (status, tokens) = app
                .post_json(
                    "/oauth/ro",
                    json!({"grant_type": JWT_BEARER, "client_id": NATIVE_APP, "id_token": legacy,
                           "device": "Ana's iPhone", "connection": "sms", "scope": "openid"}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{tokens}");
            assert_eq!(tokens["token_type"], "bearer");
        }
    }
}

#[tokio::test]
async fn bad_device_tokens_are_refused() {
    let app = spawn_app().await;
    let (user, token) = user_with_api_token(&app).await;
    let (other_user, other_token) = user_with_api_token(&app).await;
    let key = DeviceKey::p256();
    let (_, created) = register(&app, &token, &key, "d1").await;
    let kid = created["id"].as_str().unwrap().to_string();
    let (_, other_created) = register(&app, &other_token, &DeviceKey::p256(), "d2").await;
    let other_kid = other_created["id"].as_str().unwrap().to_string();
    let t = now(&app);

    let good = key.assertion(Some(&kid), &user, t, t + 30);
    let none = format!(
        "{}.{}.",
        b64url(br#"{"alg":"none","typ":"JWT"}"#),
        b64url(
            json!({"iss": user, "iat": t, "exp": t + 30})
                .to_string()
                .as_bytes()
        )
    );
    for (assertion, why) in [
        (
            key.assertion(Some(&kid), &user, t - 400, t - 100),
            "expired",
        ),
        (
            key.assertion(Some(&kid), &user, t + 200, t + 230),
            "issued in the future",
        ),
        (
            key.assertion(Some(&kid), &user, t, t + 3600),
            "lifetime over 5 minutes",
        ),
        (
            DeviceKey::p256().assertion(Some(&kid), &user, t, t + 30),
            "signed by another key",
        ),
        (
            key.assertion(Some(&other_kid), &user, t, t + 30),
            "another user's key",
        ),
        (
            key.assertion(Some(&kid), &other_user, t, t + 30),
            "naming another user",
        ),
        (none, "alg none"),
        ("not.a.jwt".to_string(), "garbage"),
    ] {
        let (status, body) = device_login(&app, &assertion).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{why}: {body}");
        assert_eq!(body["error"], "invalid_grant", "{why}");
    }

    // once, not twice
    let (status, _) = device_login(&app, &good).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = device_login(&app, &good).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "replay: {body}");

    // a deleted device
    let (status, _) = app
        .delete_as(&token, &format!("/api/v2/device-credentials/{kid}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = device_login(&app, &key.assertion(Some(&kid), &user, t, t + 30)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "deleted device");
    // the other user cannot delete someone else's key
    let (status, _) = app
        .delete_as(&token, &format!("/api/v2/device-credentials/{other_kid}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // a blocked user
    let key2 = DeviceKey::p256();
    let (_, created) = register(&app, &other_token, &key2, "d3").await;
    app.block(&other_user).await;
    let (status, body) = device_login(
        &app,
        &key2.assertion(created["id"].as_str(), &other_user, t, t + 30),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

#[tokio::test]
async fn the_credentials_api_needs_the_right_token_and_lists_refresh_tokens() {
    let app = spawn_app().await;
    let (user, token) = user_with_api_token(&app).await;
    let key = DeviceKey::p256();
    // no token, an ordinary access token, a token without the scope
    let r = app
        .http
        .get(app.url("/api/v2/device-credentials"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let plain = app.sms_user().scope("openid").await.access_token;
    let (status, body) = register(&app, &plain, &key, "x").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["statusCode"], 401);
    let weak = app.sms_user().scope("openid").management_api().await;
    let (status, body) = register(&app, &weak.access_token, &key, "x").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["errorCode"], "insufficient_scope");

    // bad bodies
    for value in [
        "",
        "bm90IGEga2V5",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
    ] {
        let (status, body) = app
            .post_as(
                &token,
                "/api/v2/device-credentials",
                json!({"device_name": "d", "device_id": "d", "type": "public_key", "value": value}),
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{value}: {body}");
    }

    // the same device_id again replaces the key
    let (_, first) = register(&app, &token, &key, "phone-1").await;
    let (_, second) = register(&app, &token, &DeviceKey::p256(), "phone-1").await;
    let (status, list) = app
        .get_as(
            &token,
            &format!("/api/v2/device-credentials?user_id={}", urlencode(&user)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let keys: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "public_key")
        .collect();
    assert_eq!(keys.len(), 1, "{list}");
    assert_eq!(keys[0]["id"], second["id"]);
    assert_ne!(first["id"], second["id"]);
    // the login's refresh token is listed, and deleting it revokes it
    let refresh: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "refresh_token")
        .collect();
    assert_eq!(refresh.len(), 1, "{list}");
    let (status, _) = app
        .delete_as(
            &token,
            &format!(
                "/api/v2/device-credentials/{}",
                refresh[0]["id"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app
        .get_as(&token, "/api/v2/device-credentials?type=refresh_token")
        .await;
    assert_eq!(list, json!([]));
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .unwrap()
        .trim_start_matches('=')
        .to_string()
}

#[tokio::test]
async fn lock_v1_registers_with_its_id_token() {
    let app = spawn_app().await;
    let signed_in = app.sms_user().scope("openid").await;
    let (id_token, user) = (signed_in.id_token.as_str(), signed_in.user_id.as_str());
    let key = DeviceKey::rsa(true);
    let path = format!("/api/users/{}/publickey", urlencode(user));
    let (status, body) = app
        .post_as(
            id_token,
            &path,
            json!({"public_key": key.pem(), "device": "Ana's iPhone"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let t = now(&app);
    let (status, _) = app
        .post_json(
            "/oauth/ro",
            json!({"grant_type": JWT_BEARER, "client_id": NATIVE_APP, "device": "Ana's iPhone",
                   "id_token": key.assertion(None, user, t, t + 30), "connection": "sms"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // another user's path is refused
    let (status, _) = app
        .post_as(
            id_token,
            "/api/users/sms%7Cnobody/publickey",
            json!({"public_key": key.pem(), "device": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .send_as(
            id_token,
            Method::DELETE,
            &path,
            Some(json!({"device": "Ana's iPhone"})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // /oauth/ro without the device is Auth0's error
    let (status, body) = app
        .post_json(
            "/oauth/ro",
            json!({"grant_type": JWT_BEARER, "client_id": NATIVE_APP, "id_token": "x", "connection": "sms"}),
        )
        .await;
    assert_eq!(
        (status, body["error_description"].as_str()),
        (StatusCode::BAD_REQUEST, Some("missing device parameter"))
    );
}

#[tokio::test]
async fn an_operator_lists_and_deletes_any_users_device_keys() {
    use crate::support::{OPS, READER, operators, spawn_app_with};
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    let reader = app.machine_token(&READER).await;
    let (user, token) = user_with_api_token(&app).await;
    let key = DeviceKey::p256();
    let (status, created) = register(&app, &token, &key, "phone-1").await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let kid = created["id"].as_str().unwrap().to_string();
    let by_user = format!(
        "/api/v2/device-credentials?user_id={}&type=public_key",
        urlencode(&user)
    );
    let (status, listed) = app.get_as(&ops, &by_user).await;
    assert_eq!(status, StatusCode::OK, "{listed}");
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], kid.as_str());
    let (status, body) = app.get_as(&ops, "/api/v2/device-credentials").await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a machine must name the user: {body}"
    );
    let (status, body) = app.get_as(&reader, &by_user).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let delete = format!("/api/v2/device-credentials/{kid}");
    // A device-key login counts as a login, as a code login does.
    let t = now(&app);
    let (status, body) = device_login(&app, &key.assertion(Some(&kid), &user, t, t + 30)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, profile) = app
        .get_as(&ops, &format!("/api/v2/users/{}", urlencode(&user)))
        .await;
    assert_eq!(
        profile["logins_count"], 2,
        "the code login and the key's: {profile}"
    );
    let (status, _) = app.delete_as(&reader, &delete).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.delete_as(&ops, &delete).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.delete_as(&ops, &delete).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let t = now(&app);
    let (status, body) = device_login(&app, &key.assertion(Some(&kid), &user, t, t + 30)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a deleted key logs nobody in: {body}"
    );
    let (_, listed) = app.get_as(&ops, &by_user).await;
    assert_eq!(listed, json!([]));
}
