//! Tokens: the id_token checked by an independent JOSE library against the JWKS, access
//! tokens at /userinfo, refresh with and without rotation, revocation, restarts and key
//! rotation, and discovery.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{NATIVE_APP, ROTATING_APP, TestApp, phone, spawn_app, verify_rs256};

async fn refresh(
    app: &TestApp,
    client_id: &str,
    token: &str,
    scope: Option<&str>,
) -> (StatusCode, Value) {
    let mut body =
        json!({"grant_type": "refresh_token", "client_id": client_id, "refresh_token": token});
    if let Some(s) = scope {
        body["scope"] = s.into();
    }
    app.post_json("/oauth/token", body).await
}

async fn userinfo(app: &TestApp, token: &str) -> (StatusCode, Value) {
    app.get_as(token, "/userinfo").await
}

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn id_tokens_verify_against_the_jwks_and_nothing_else() {
    let app = spawn_app().await;
    let user = app.sms_user().scope("openid profile").await;
    let (id_token, claims) = (user.id_token.as_str(), user.claims);
    let jwks = app.jwks().await;
    assert_eq!(claims["iss"], app.issuer.as_str());
    assert!(app.issuer.ends_with('/'));
    assert_eq!(claims["aud"], NATIVE_APP);
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        36_000
    );
    assert!(claims["updated_at"].as_str().unwrap().ends_with('Z'));
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(id_token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["kid"], jwks["keys"][0]["kid"]);

    assert!(verify_rs256(id_token, &jwks, &app.issuer, "another-app").is_err());
    assert!(verify_rs256(id_token, &jwks, "https://evil.example/", NATIVE_APP).is_err());
    // a changed claim breaks the signature
    let mut parts: Vec<String> = id_token.split('.').map(str::to_string).collect();
    let mut forged = claims.clone();
    forged["sub"] = "sms|000000000000000000000000".into();
    parts[1] = URL_SAFE_NO_PAD.encode(forged.to_string());
    assert!(verify_rs256(&parts.join("."), &jwks, &app.issuer, NATIVE_APP).is_err());
}

#[tokio::test]
async fn opaque_access_tokens_work_at_userinfo_until_they_expire() {
    let app = spawn_app().await;
    let user = app.sms_user().scope("openid phone").await;
    let (number, at) = (&user.phone, user.access_token.as_str());
    let (status, info) = userinfo(&app, at).await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(info["phone_number"], number.as_str());
    assert!(info["sub"].as_str().unwrap().starts_with("sms|"));
    assert!(info.get("name").is_none(), "no profile scope, no name");

    // tampering with the payload breaks it
    let mut parts: Vec<String> = at.split('.').map(str::to_string).collect();
    let mut c = claims_of(at);
    c["scope"] = "openid phone profile".into();
    parts[1] = URL_SAFE_NO_PAD.encode(c.to_string());
    assert_eq!(
        userinfo(&app, &parts.join(".")).await.0,
        StatusCode::UNAUTHORIZED
    );

    app.clock.advance(86_399);
    assert_eq!(userinfo(&app, at).await.0, StatusCode::OK);
    app.clock.advance(1);
    let (status, body) = userinfo(&app, at).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "invalid_token");

    // a token without openid cannot read the profile
    let tokens = app.login(&phone(), "phone").await;
    assert!(tokens.get("id_token").is_none());
    assert_eq!(
        userinfo(&app, tokens["access_token"].as_str().unwrap())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_audience_gets_a_jwt_access_token() {
    let app = spawn_app().await;
    let user = app
        .sms_user()
        .scope("openid")
        .audience("https://api.acme.example/")
        .await;
    let (number, at) = (user.phone.clone(), user.access_token.as_str());
    let claims = app.verified_claims(at, "https://api.acme.example/").await;
    assert_eq!(
        claims["aud"],
        json!([
            "https://api.acme.example/",
            format!("{}userinfo", app.issuer)
        ])
    );
    assert_eq!(claims["azp"], NATIVE_APP);
    assert_eq!(claims["scope"], "openid");
    assert_eq!(userinfo(&app, at).await.0, StatusCode::OK);

    // an API the server does not know gets no token, and the code is not spent on it
    app.clock.advance(crate::support::MIN_GAP);
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP, "username": number,
                   "otp": code, "realm": "sms", "scope": "openid", "audience": "https://evil.example/"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "access_denied");
    assert_eq!(
        body["error_description"],
        "Service not found: https://evil.example/"
    );
    assert_eq!(
        app.exchange(NATIVE_APP, &number, &code, "openid").await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn non_rotating_refresh_tokens_keep_working_and_can_narrow_the_scope() {
    let app = spawn_app().await;
    let user = app
        .sms_user()
        .scope("openid profile phone offline_access")
        .await;
    let (number, rt, sub) = (
        &user.phone,
        user.refresh_token.as_deref().unwrap(),
        &user.user_id,
    );
    for _ in 0..2 {
        // auth0-python sends an empty scope: it means "as granted"
        let (status, again) = refresh(&app, NATIVE_APP, rt, Some("")).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert!(again.get("refresh_token").is_none());
        let claims = app.verified_claims(&again, NATIVE_APP).await;
        assert_eq!(claims["sub"], sub.as_str());
        assert_eq!(claims["phone_number"], number.as_str());
        assert_eq!(again["scope"], "openid profile phone offline_access");
    }
    let (status, narrowed) = refresh(&app, NATIVE_APP, rt, Some("openid")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        claims_of(narrowed["id_token"].as_str().unwrap())
            .get("phone_number")
            .is_none()
    );
    let (status, body) = refresh(&app, NATIVE_APP, rt, Some("openid email")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_scope");
    // another client cannot use it
    let (status, body) = refresh(&app, ROTATING_APP, rt, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["error_description"],
        "Unknown or invalid refresh token."
    );
}

#[tokio::test]
async fn rotation_hands_out_a_new_token_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    let user = app.sms_user().client(ROTATING_APP).await;
    let first = user.refresh_token.unwrap();
    let (status, r1) = refresh(&app, ROTATING_APP, &first, None).await;
    assert_eq!(status, StatusCode::OK, "{r1}");
    let second = r1["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    let (status, r2) = refresh(&app, ROTATING_APP, &second, None).await;
    assert_eq!(status, StatusCode::OK);
    let third = r2["refresh_token"].as_str().unwrap().to_string();

    // the spent first token comes back (later than a duplicate of the request that spent
    // it could): refused, and the whole family dies with it
    app.clock
        .advance(latchkey::domain::tokens::refresh_rule::DUPLICATE_WINDOW);
    let (status, body) = refresh(&app, ROTATING_APP, &first, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "invalid_grant");
    let (status, _) = refresh(&app, ROTATING_APP, &third, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // a new login starts a new, healthy family
    let again = app.sms_user().client(ROTATING_APP).phone(&user.phone).await;
    let (status, _) = refresh(&app, ROTATING_APP, &again.refresh_token.unwrap(), None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn expiring_refresh_tokens_die_when_idle_and_at_the_absolute_limit() {
    let app = spawn_app().await;
    // idle lifetime 3600 s
    let user = app.sms_user().client(ROTATING_APP).await;
    let rt = user.refresh_token.unwrap();
    app.clock.advance(3600);
    assert_eq!(
        refresh(&app, ROTATING_APP, &rt, None).await.0,
        StatusCode::FORBIDDEN
    );

    // used every 3000 s it lives, but never past the 86400 s family lifetime
    let again = app.sms_user().client(ROTATING_APP).phone(&user.phone).await;
    let mut rt = again.refresh_token.unwrap();
    let mut elapsed = 0;
    while elapsed + 3000 < 86_400 {
        app.clock.advance(3000);
        elapsed += 3000;
        let (status, body) = refresh(&app, ROTATING_APP, &rt, None).await;
        assert_eq!(status, StatusCode::OK, "at {elapsed}s: {body}");
        rt = body["refresh_token"].as_str().unwrap().to_string();
    }
    app.clock.advance(86_400 - elapsed);
    assert_eq!(
        refresh(&app, ROTATING_APP, &rt, None).await.0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn revoked_refresh_tokens_stop_working() {
    let app = spawn_app().await;
    let user = app.sms_user().await;
    let rt = user.refresh_token.as_deref().unwrap();
    // another client's revoke does nothing
    let (status, _) = app
        .post_json(
            "/oauth/revoke",
            json!({"client_id": ROTATING_APP, "token": rt}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(refresh(&app, NATIVE_APP, rt, None).await.0, StatusCode::OK);
    let (status, body) = app
        .post_json(
            "/oauth/revoke",
            json!({"client_id": NATIVE_APP, "token": rt}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, Value::Null, "empty body");
    let (status, body) = refresh(&app, NATIVE_APP, rt, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body["error_description"],
        "Unknown or invalid refresh token."
    );
}

#[tokio::test]
async fn refresh_tokens_and_signing_keys_survive_a_restart() {
    let app = spawn_app().await;
    let user = app.sms_user().await;
    let (old_id_token, rt) = (user.id_token, user.refresh_token.unwrap());
    let app = app.restart().await;
    let (status, again) = refresh(&app, NATIVE_APP, &rt, None).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let jwks = app.jwks().await;
    // the issuer carries the port, which changed: check the signature and kid only
    let iss = claims_of(&old_id_token)["iss"]
        .as_str()
        .unwrap()
        .to_string();
    verify_rs256(&old_id_token, &jwks, &iss, NATIVE_APP).unwrap();
    app.verified_claims(&again, NATIVE_APP).await;
}

#[tokio::test]
async fn keys_rotate_publishes_a_new_key_and_keeps_the_old_one_verifying() {
    let mut app = spawn_app().await;
    let old_id_token = app.sms_user().scope("openid").await.id_token;
    let old_kid = app.jwks().await["keys"][0]["kid"]
        .as_str()
        .unwrap()
        .to_string();
    app.stop().await;

    let data = app.data_dir.path();
    crate::support::process::cli(
        data,
        &["keys", "rotate", "--data-dir", data.to_str().unwrap()],
    )
    .succeeded();

    let app = app.restart().await;
    let jwks = app.jwks().await;
    let kids = crate::support::kids(&jwks);
    assert_eq!(kids.len(), 2);
    assert_ne!(kids[0], old_kid, "the new key is listed first");
    assert_eq!(kids[1], old_kid);
    let iss = claims_of(&old_id_token)["iss"]
        .as_str()
        .unwrap()
        .to_string();
    verify_rs256(&old_id_token, &jwks, &iss, NATIVE_APP).unwrap();
    let fresh = app.sms_user().scope("openid").await;
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(fresh.id_token.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(header["kid"], kids[0]);
    verify_rs256(&fresh.id_token, &jwks, &app.issuer, NATIVE_APP).unwrap();
}

#[tokio::test]
async fn discovery_points_at_the_real_endpoints() {
    let app = spawn_app().await;
    let (status, doc) = app.get_json("/.well-known/openid-configuration").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["issuer"], app.issuer.as_str());
    for key in [
        "jwks_uri",
        "token_endpoint",
        "userinfo_endpoint",
        "revocation_endpoint",
    ] {
        let url = doc[key].as_str().unwrap();
        assert!(url.starts_with(&app.issuer), "{key}");
        let path = &url[app.issuer.len() - 1..];
        let r = app
            .http
            .request(
                if key == "jwks_uri" {
                    reqwest::Method::GET
                } else {
                    reqwest::Method::OPTIONS
                },
                app.url(path),
            )
            .send()
            .await
            .unwrap();
        assert_ne!(r.status(), StatusCode::NOT_FOUND, "{key} {path}");
    }
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        json!(["RS256", "PS256", "ES256", "EdDSA"])
    );
    let (status, health) = app.get_json("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["status"], "ok");
}
