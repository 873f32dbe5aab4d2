//! Attack tests for issue 13 (token side): scopes a user may not have, a replayed device-key
//! assertion with its ES256 signature rewritten, parallel wrong guesses past the lockout,
//! user enumeration through the start answer, retries that end sessions, and callbacks with
//! script, data or file schemes. Each test states what must hold once the fix is in.

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair,
    UnparsedPublicKey,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

use crate::device_keys::{DEVICE_SCOPES, b64};
use crate::support::web::{Browser, forms_of};
use crate::support::{
    MIN_GAP, NATIVE_APP, OPS, OTP_GRANT, TestApp, WEB_APP, WEB_SECRET, operators, phone, read,
    spawn_app, spawn_app_with,
};

const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const CALLBACK: &str = "https://acme.example/callback";
/// An API of the base configuration that defines no scopes.
const PLAIN_API: &str = "https://api.acme.example/";
/// An API that defines one scope, `read:items`.
const ITEMS_API: &str = "https://items.acme.example/";
const ITEMS_CONFIG: &str = r#"
[[apis]]
identifier = "https://items.acme.example/"
name = "Items API"
scopes = [{ value = "read:items", description = "Read your items" }]
"#;
/// What a user asks for: two OIDC scopes, the one scope the API defines, two it does not.
const GREEDY: &str = "openid offline_access read:items admin delete:everything";

fn scope_set(scope: &str) -> BTreeSet<String> {
    scope.split_whitespace().map(str::to_string).collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn claims_of(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// Starts and exchanges a code for a fresh number with this audience and scope: the token
/// endpoint's status and answer.
async fn otp_login(app: &TestApp, audience: &str, scope: &str) -> (StatusCode, Value) {
    let number = phone();
    app.clock.advance(MIN_GAP);
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.post_json(
        "/oauth/token",
        json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
               "otp": app.code_for(&number), "realm": "sms", "scope": scope,
               "audience": audience}),
    )
    .await
}

/// The `scope` claim of a verified access token for `audience`.
async fn access_scope(app: &TestApp, tokens: &Value, audience: &str) -> BTreeSet<String> {
    let at = tokens["access_token"].as_str().expect("an access token");
    let claims = app.verified_claims(at, audience).await;
    scope_set(claims["scope"].as_str().unwrap_or(""))
}

async fn refresh(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let mut body = body;
    body["grant_type"] = "refresh_token".into();
    app.post_json("/oauth/token", body).await
}

pub(crate) fn param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

pub(crate) fn authorize_url(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", WEB_APP),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid offline_access"),
        ("state", "st"),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push((k, v));
    }
    format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(&pairs).unwrap()
    )
}

/// Signs `browser` in by SMS through the hosted page; returns the code it was sent back with.
pub(crate) async fn hosted_sign_in(app: &TestApp, browser: &mut Browser, url: &str) -> String {
    let number = phone();
    let (status, _, page) = browser.get(url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), number.clone()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), app.code_for(&number)));
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let location = headers[LOCATION].to_str().unwrap();
    param(location, "code").unwrap_or_else(|| panic!("no code in {location}"))
}

/// Another code for the browser's session, without a new sign-in (`prompt=none`).
pub(crate) async fn silent_code(
    app: &TestApp,
    browser: &mut Browser,
    extra: &[(&str, &str)],
) -> String {
    let mut extra = extra.to_vec();
    extra.push(("prompt", "none"));
    let (status, headers, page) = browser.get(&authorize_url(app, &extra)).await;
    assert_eq!(status, StatusCode::FOUND, "{page}");
    let location = headers[LOCATION].to_str().unwrap();
    param(location, "code").unwrap_or_else(|| panic!("no code in {location}"))
}

pub(crate) fn code_exchange(code: &str) -> Value {
    json!({"grant_type": "authorization_code", "client_id": WEB_APP, "client_secret": WEB_SECRET,
           "code": code, "redirect_uri": CALLBACK})
}

/// Sends every body to `path` at once (all released by one barrier); the answers in order.
async fn race(app: &TestApp, path: &str, bodies: Vec<Value>) -> Vec<(StatusCode, Value)> {
    let barrier = Arc::new(tokio::sync::Barrier::new(bodies.len()));
    let url = app.url(path);
    let tasks: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let (http, url, barrier) = (app.http.clone(), url.clone(), barrier.clone());
            tokio::spawn(async move {
                let request = http.post(url).json(&body);
                barrier.wait().await;
                read(request.send().await.unwrap()).await
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    answers
}

// ---------------------------------------------------------------------------------------
// Item 1: API scopes.

#[tokio::test]
async fn user_tokens_carry_only_scopes_the_api_defines() {
    // An API that defines no scopes: a user gets only the OIDC scopes asked for.
    let app = spawn_app().await;
    let (status, tokens) = otp_login(&app, PLAIN_API, GREEDY).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        access_scope(&app, &tokens, PLAIN_API).await,
        set(&["openid", "offline_access"]),
        "an API with no scopes defined gives a user only the OIDC scopes asked for \
         (openid profile email phone offline_access), never `admin` or `delete:everything`"
    );

    // An API that defines `read:items` (Auth0's `scopes = [{ value, description }]`).
    let app = spawn_app_with(&format!(
        "{ITEMS_CONFIG}\n[rate_limits]\ntoken_per_ip = {{ limit = 10000, window = 60 }}\n"
    ))
    .await;
    let want = set(&["openid", "offline_access", "read:items"]);
    let why = "a user's access token carries only the scopes the API defines that were asked \
               (read:items) plus the OIDC scopes asked (openid offline_access); `admin` and \
               `delete:everything` are not defined by the API";

    // The OTP grant.
    let (status, tokens) = otp_login(&app, ITEMS_API, GREEDY).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        access_scope(&app, &tokens, ITEMS_API).await,
        want,
        "otp grant: {why}"
    );
    // Refresh keeps the narrowed scope.
    let rt = tokens["refresh_token"].as_str().expect("a refresh token");
    let (status, again) =
        refresh(&app, json!({"client_id": NATIVE_APP, "refresh_token": rt})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        access_scope(&app, &again, ITEMS_API).await,
        want,
        "refresh of an otp login: {why}"
    );

    // The authorization code grant, through /authorize and the hosted page.
    let mut browser = Browser::new();
    let code = hosted_sign_in(
        &app,
        &mut browser,
        &authorize_url(&app, &[("audience", ITEMS_API), ("scope", GREEDY)]),
    )
    .await;
    let (status, tokens) = app.post_json("/oauth/token", code_exchange(&code)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        access_scope(&app, &tokens, ITEMS_API).await,
        want,
        "authorization_code grant: {why}"
    );
    let rt = tokens["refresh_token"].as_str().expect("a refresh token");
    let (status, again) = refresh(
        &app,
        json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "refresh_token": rt}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        access_scope(&app, &again, ITEMS_API).await,
        want,
        "refresh of an authorization-code login: {why}"
    );

    // Only OIDC scopes asked: only those come back.
    let (status, tokens) = otp_login(&app, ITEMS_API, "openid profile admin").await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        access_scope(&app, &tokens, ITEMS_API).await,
        set(&["openid", "profile"]),
        "read:items was not asked, so it is not given; admin is not defined: {why}"
    );
}

#[tokio::test]
async fn user_tokens_for_the_management_api_carry_only_current_user_scopes() {
    let app = spawn_app_with(&operators()).await;
    let mgmt = format!("{}api/v2/", app.issuer);
    let why = "a user's token for the Management API carries only the current_user scopes Auth0 \
               allows (read:current_user, update:current_user_identities, \
               create/update/delete:current_user_metadata, create/delete:current_user_device_credentials, \
               and Latchkey's read/delete:me:authentication_methods), never read:users, \
               delete:users or create:clients";

    // Asking for operator scopes alone gives none of them.
    let (status, tokens) =
        otp_login(&app, &mgmt, "openid read:users delete:users create:clients").await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(
        access_scope(&app, &tokens, &mgmt).await,
        set(&["openid"]),
        "{why}"
    );
    let at = tokens["access_token"].as_str().unwrap();
    let (status, body) = app.get_as(at, "/api/v2/users").await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED,
        "a user's token must not list users: {status} {body}"
    );
    let (status, body) = app
        .post_as(at, "/api/v2/clients", json!({"name": "Made by a user"}))
        .await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::UNAUTHORIZED,
        "a user's token must not create clients: {status} {body}"
    );

    // Mixed with allowed ones: the allowed ones stay, the operator ones go.
    let asked = "openid offline_access read:current_user create:current_user_device_credentials \
                 delete:current_user_device_credentials read:me:authentication_methods \
                 read:users delete:users create:clients";
    let (status, tokens) = otp_login(&app, &mgmt, asked).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let want = set(&[
        "openid",
        "offline_access",
        "read:current_user",
        "create:current_user_device_credentials",
        "delete:current_user_device_credentials",
        "read:me:authentication_methods",
    ]);
    assert_eq!(
        access_scope(&app, &tokens, &mgmt).await,
        want,
        "otp grant: {why}"
    );
    // Refresh keeps the narrowed scope.
    let rt = tokens["refresh_token"].as_str().expect("a refresh token");
    let (status, again) =
        refresh(&app, json!({"client_id": NATIVE_APP, "refresh_token": rt})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        access_scope(&app, &again, &mgmt).await,
        want,
        "refresh: {why}"
    );
    // An operator's machine token still has its scopes (the rule is for user tokens).
    let ops = app.machine_token(&OPS).await;
    assert!(
        claims_of(&ops)["scope"]
            .as_str()
            .unwrap()
            .contains("read:users"),
        "machine tokens keep their granted scopes"
    );
}

// ---------------------------------------------------------------------------------------
// Item 4: a device-key assertion replayed with its ES256 signature rewritten.

/// The order n of the P-256 group, big-endian.
const P256_N: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
];

/// n − s for a big-endian s < n.
fn negate_mod_n(s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 32];
    let mut borrow = 0i16;
    for i in (0..32).rev() {
        let mut d = i16::from(P256_N[i]) - i16::from(s[i]) - borrow;
        borrow = 0;
        if d < 0 {
            d += 256;
            borrow = 1;
        }
        out[i] = d as u8;
    }
    assert_eq!(borrow, 0, "s must be below n");
    out
}

#[tokio::test]
async fn a_device_key_assertion_works_once_whatever_its_signature_looks_like() {
    let app = spawn_app().await;
    let user = app.sms_user().scope(DEVICE_SCOPES).management_api().await;
    let key = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let pem = pem::encode(&pem::Pem::new(
        "PUBLIC KEY",
        key.public_key().as_der().unwrap().as_ref().to_vec(),
    ));
    let (status, created) = app
        .post_as(
            &user.access_token,
            "/api/v2/device-credentials",
            json!({"device_name": "Ana's iPhone", "device_id": "phone-1", "type": "public_key",
                   "value": b64(pem.as_bytes()), "client_id": NATIVE_APP}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let kid = created["id"].as_str().unwrap();

    let now = latchkey::domain::Clock::now(&app.clock);
    let header = json!({"alg": "ES256", "typ": "JWT", "kid": kid});
    // A jti, so a fix that requires one still accepts the first use.
    let claims = json!({"iss": user.user_id, "sub": "AB:CD", "device": "Ana's iPhone",
                        "iat": now, "exp": now + 30,
                        "jti": latchkey::domain::random_hex(&latchkey::domain::OsRandom, 16)});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key
        .sign(&SystemRandom::new(), input.as_bytes())
        .unwrap()
        .as_ref()
        .to_vec();
    let assertion = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&signature));

    // The same signed content, signature (r, n − s): just as valid.
    let mut twin = signature[..32].to_vec();
    twin.extend(negate_mod_n(&signature[32..]));
    assert_ne!(twin, signature);
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key.public_key().as_ref())
        .verify(input.as_bytes(), &twin)
        .expect("(r, n−s) verifies as well as (r, s): that is the attack");
    let replay = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&twin));

    let login = |assertion: String| {
        let app = &app;
        async move {
            app.post_json(
                "/oauth/token",
                json!({"grant_type": JWT_BEARER, "client_id": NATIVE_APP, "assertion": assertion,
                       "scope": "openid offline_access"}),
            )
            .await
        }
    };
    let (status, body) = login(assertion.clone()).await;
    assert_eq!(status, StatusCode::OK, "the first use logs in: {body}");
    let (status, body) = login(replay).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invalid_grant")),
        "a used assertion presented again with its signature rewritten as (r, n−s) must be \
         refused as a replay (invalid_grant): replay protection must key on something the \
         signature does not change (jti, or header + payload): {body}"
    );
    let (status, _) = login(assertion).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the plain replay stays refused"
    );
}

// ---------------------------------------------------------------------------------------
// Item 8: the wrong-code limit under parallel guesses.

#[tokio::test]
async fn parallel_wrong_guesses_never_exceed_the_wrong_code_limit() {
    // The default limit: 10 wrong codes per number per hour. Starts and token calls are
    // opened up so only that limit is in play.
    let app = spawn_app_with(
        "[rate_limits]\nstart_per_ip = { limit = 10000, window = 3600 }\n\
         token_per_ip = { limit = 100000, window = 60 }\n",
    )
    .await;
    let limit = latchkey::domain::limits::RateLimits::default()
        .wrong_codes_per_recipient
        .limit;
    assert_eq!(limit, 10);
    let mut worst = 0;
    for round in 0..8 {
        // Each round in a number range of its own: 40 starts to one range would meet pumping
        // protection's cap of 30 texts per range an hour, which is not the limit under test.
        let number = format!("+1415{}{:04}", 380 + round, 1000 + round);
        let mut wrong = 0;
        let mut locked = 0;
        // Five codes (the per-number start limit in 900 s), three parallel guesses each (the
        // tries one code allows): 15 guesses against a limit of 10.
        for _ in 0..5 {
            app.clock.advance(MIN_GAP);
            let (status, body) = app.start_sms(&number).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let code = app.code_for(&number);
            // Every digit shifted by 1, 2 or 3: three different wrong codes.
            let bad: Vec<String> = (1..=3u32)
                .map(|shift| {
                    code.chars()
                        .map(|c| {
                            char::from_digit((c.to_digit(10).unwrap() + shift) % 10, 10).unwrap()
                        })
                        .collect()
                })
                .collect();
            let bodies = bad
                .iter()
                .map(|g| {
                    json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
                           "otp": g, "realm": "sms", "scope": "openid"})
                })
                .collect();
            for (status, body) in race(&app, "/oauth/token", bodies).await {
                match (status, body["error"].as_str()) {
                    (StatusCode::FORBIDDEN, Some("invalid_grant"))
                        if body["error_description"]
                            == "Wrong phone number or verification code." =>
                    {
                        wrong += 1
                    }
                    (StatusCode::TOO_MANY_REQUESTS, Some("too_many_attempts")) => locked += 1,
                    _ => panic!("round {round}: unexpected answer {status} {body}"),
                }
            }
        }
        worst = worst.max(wrong);
        assert!(
            wrong <= limit,
            "round {round}: {wrong} wrong guesses were judged (and {locked} locked out) against \
             the limit of {limit} wrong codes per number per hour: the lockout check and the \
             count must be one store operation, so parallel guesses cannot slip past it"
        );
        assert_eq!(wrong + locked, 15);
    }
    assert_eq!(worst, limit, "the limit itself is reached");
}

// ---------------------------------------------------------------------------------------
// Item 15: user enumeration through `_id`.

#[tokio::test]
async fn the_start_answer_does_not_tell_who_has_an_account() {
    let app = spawn_app().await;
    let user = app.sms_user().await;
    let hex = user.user_id.split_once('|').unwrap().1.to_string();
    let start = |number: String| {
        let app = &app;
        async move {
            app.clock.advance(MIN_GAP);
            let (status, body) = app.start_sms(&number).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body["_id"].as_str().expect("an _id").to_string()
        }
    };
    let known_1 = start(user.phone.clone()).await;
    let known_2 = start(user.phone.clone()).await;
    let unknown = start(phone()).await;
    let shape = |id: &str| {
        (
            id.len(),
            id.chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        )
    };
    assert_ne!(
        known_1, known_2,
        "the _id for an existing user's number must change from one start to the next, as an \
         unknown number's does; a stable _id tells an attacker the number has an account"
    );
    assert_eq!(
        shape(&known_1),
        shape(&unknown),
        "an existing user's _id ({known_1}) must look like an unknown number's ({unknown})"
    );
    assert_ne!(
        known_1, hex,
        "the start answer's _id must not be the existing user's id ({})",
        user.user_id
    );
}

// ---------------------------------------------------------------------------------------
// "Retries end sessions": refresh and code races.

const RETRYING_APP: &str = r#"
[[clients]]
client_id = "retrying-app"
name = "Acme Retrying"
[clients.refresh_token]
rotation_type = "rotating"
expiration_type = "expiring"

[rate_limits]
token_per_ip = { limit = 100000, window = 60 }
"#;

#[tokio::test]
async fn a_retried_refresh_does_not_log_the_user_out() {
    let app = spawn_app_with(RETRYING_APP).await;
    for round in 0..10 {
        let user = app.sms_user().client("retrying-app").await;
        let rt = user.refresh_token.unwrap();
        let body = json!({"grant_type": "refresh_token", "client_id": "retrying-app",
                          "refresh_token": rt});
        let answers = race(&app, "/oauth/token", vec![body; 20]).await;
        let winners: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .map(|(_, b)| b)
            .collect();
        assert!(
            !winners.is_empty(),
            "round {round}: a 20-way retry of one refresh token must get at least one 200: \
             {answers:?}"
        );
        for (i, won) in winners.iter().enumerate() {
            let new = won["refresh_token"]
                .as_str()
                .expect("a rotated refresh token");
            let (status, body) = app
                .post_json(
                    "/oauth/token",
                    json!({"grant_type": "refresh_token", "client_id": "retrying-app",
                           "refresh_token": new}),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::OK,
                "round {round}, winner {i} of {}: the new refresh token from a 200 must still \
                 refresh after the other retries of the same token (Auth0's reuse leeway: a \
                 token presented again within the leeway does not revoke its family): {body}",
                winners.len()
            );
        }
    }
}

#[tokio::test]
async fn a_retried_code_exchange_does_not_log_the_user_out() {
    let app =
        spawn_app_with("[rate_limits]\ntoken_per_ip = { limit = 100000, window = 60 }\n").await;
    let mut browser = Browser::new();
    let mut code = hosted_sign_in(&app, &mut browser, &authorize_url(&app, &[])).await;
    for round in 0..10 {
        if round > 0 {
            code = silent_code(&app, &mut browser, &[]).await;
        }
        let answers = race(&app, "/oauth/token", vec![code_exchange(&code); 20]).await;
        let winners: Vec<&Value> = answers
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .map(|(_, b)| b)
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: one authorization code raced 20 times gives exactly one 200: \
             {answers:?}"
        );
        let rt = winners[0]["refresh_token"]
            .as_str()
            .expect("a refresh token");
        let (status, body) = app
            .post_json(
                "/oauth/token",
                json!({"grant_type": "refresh_token", "client_id": WEB_APP,
                       "client_secret": WEB_SECRET, "refresh_token": rt}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "round {round}: the winner's refresh token must still work after the other 19 \
             retries of the same code (a plain retry must not log the user out): {body}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Callback schemes.

const BAD_CALLBACKS: &[&str] = &["javascript://x", "data://x", "file:///x", "JavaScript://x"];
const GOOD_CALLBACKS: &[&str] = &[
    "https://app.example/callback",
    "http://127.0.0.1:8080/callback",
    "http://localhost:3000/callback",
    "com.example.app://callback",
];

/// Resolves the base test client list plus one client with these callbacks.
fn load_config(callbacks: &[&str]) -> Result<(), String> {
    let list = callbacks
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let toml = format!(
        "[[clients]]\nclient_id = \"some-app\"\nname = \"Some App\"\ncallbacks = [{list}]\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = latchkey::config::FileConfig::from_toml(&toml).map_err(|e| e.0)?;
    latchkey::config::Settings::resolve(
        file,
        latchkey::config::Overrides {
            listen: Some("127.0.0.1:0".into()),
            issuer: Some("http://127.0.0.1:1".into()),
            data_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        },
    )
    .map(|_| ())
    .map_err(|e| e.0)
}

#[tokio::test]
async fn callbacks_refuse_script_data_and_file_schemes() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let (status, made) = app
        .post_as(
            &t,
            "/api/v2/clients",
            json!({"name": "Base", "callbacks": ["https://ops.example/cb"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let path = format!("/api/v2/clients/{}", made["client_id"].as_str().unwrap());
    for bad in BAD_CALLBACKS {
        let (status, body) = app
            .post_as(
                &t,
                "/api/v2/clients",
                json!({"name": "Bad", "callbacks": ["https://ok.example/cb", bad]}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "POST /api/v2/clients with callback {bad:?} must be refused (callbacks are https, \
             http on loopback, or an app's custom scheme; never javascript:, data: or file:): \
             {body}"
        );
        let (status, body) = app.patch_as(&t, &path, json!({"callbacks": [bad]})).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "PATCH /api/v2/clients/{{id}} with callback {bad:?} must be refused: {body}"
        );
        let err = load_config(&["https://ok.example/cb", bad])
            .err()
            .unwrap_or_else(|| panic!("the config loader must refuse callback {bad:?}"));
        assert!(
            err.contains("clients[0].callbacks[1]"),
            "the config loader's refusal of {bad:?} names the key clients[0].callbacks[1]: {err}"
        );
    }
    for good in GOOD_CALLBACKS {
        let (status, body) = app
            .post_as(
                &t,
                "/api/v2/clients",
                json!({"name": "Good", "callbacks": [good]}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "POST /api/v2/clients with callback {good:?} is accepted: {body}"
        );
        let (status, body) = app.patch_as(&t, &path, json!({"callbacks": [good]})).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "PATCH with callback {good:?} is accepted: {body}"
        );
        load_config(&[good]).unwrap_or_else(|e| {
            panic!("the config loader accepts callback {good:?} (https, http on loopback, or a custom scheme): {e}")
        });
    }
}
