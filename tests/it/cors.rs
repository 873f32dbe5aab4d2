//! CORS for browser apps (issue 12): preflights answered for origins a client allows (its
//! lists, its callbacks' origins, Auth0's one-label wildcard) and refused for look-alikes; a
//! request from an origin that is not allowed refused before anything happens (no text
//! sent), also through the real binary; one client's origin useless for another client;
//! discovery and the JWKS open to all; the four client settings through the Management API
//! and the dashboard. Chromium itself runs in `cors_browser.rs`.

use reqwest::header::{HeaderMap, ORIGIN};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::process::start_in;
use crate::support::users::OPS;
use crate::support::{TestApp, operators, phone, read, spawn_app_with};

pub const SPA: &str = "spa-app";
pub const OTHER: &str = "other-app";

/// A browser app with all three ways in (a callback, a wildcard, a web origin) and another
/// app with an origin of its own.
pub const BROWSER_CLIENTS: &str = r#"
[[clients]]
client_id = "spa-app"
name = "Acme SPA"
callbacks = ["https://spa.acme.example/callback", "com.acme.spa://callback"]
allowed_origins = ["https://*.preview.acme.example"]
web_origins = ["http://localhost:4200/"]

[[clients]]
client_id = "other-app"
name = "Other"
allowed_origins = ["https://other.example"]
"#;

const ALLOWED_HEADERS: &str = "content-type, auth0-client, authorization, x-request-language, dpop";

async fn app() -> TestApp {
    spawn_app_with(&format!("{BROWSER_CLIENTS}{}", operators())).await
}

async fn preflight(app: &TestApp, path: &str, origin: &str) -> (StatusCode, HeaderMap) {
    let r = app
        .http
        .request(Method::OPTIONS, app.url(path))
        .header(ORIGIN, origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,auth0-client",
        )
        .send()
        .await
        .unwrap();
    (r.status(), r.headers().clone())
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|k| k.as_str().to_string())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

/// A JSON POST with an `Origin` header (when given); the status, CORS origin and body.
async fn post_from(
    app: &TestApp,
    origin: Option<&str>,
    path: &str,
    body: Value,
) -> (StatusCode, HeaderMap, Value) {
    let mut request = app.http.post(app.url(path)).json(&body);
    if let Some(origin) = origin {
        request = request.header(ORIGIN, origin);
    }
    let r = request.send().await.unwrap();
    let headers = r.headers().clone();
    let (status, body) = read(r).await;
    (status, headers, body)
}

fn allowed_origin(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn preflights_name_the_origin_a_client_allows_and_refuse_look_alikes() {
    let app = app().await;
    for origin in [
        "http://localhost:4200",              // web_origins (saved without its `/`)
        "https://spa.acme.example",           // a callback's origin
        "https://pr-17.preview.acme.example", // the wildcard
        "https://other.example",              // another client's list
    ] {
        for path in [
            "/oauth/token",
            "/passwordless/start",
            "/oauth/revoke",
            "/userinfo",
        ] {
            let (status, h) = preflight(&app, path, origin).await;
            assert_eq!(status, StatusCode::NO_CONTENT, "{origin} {path}");
            assert_eq!(allowed_origin(&h), Some(origin), "{path}");
            assert_eq!(h["vary"], "Origin");
            assert_eq!(h["access-control-allow-methods"], "GET, POST");
            assert_eq!(h["access-control-allow-headers"], ALLOWED_HEADERS);
            assert_eq!(h["access-control-max-age"], "600");
            assert!(h.get("access-control-allow-credentials").is_none());
        }
    }
    for look_alike in [
        "https://spa.acme.example.evil.test",
        "https://evilspa.acme.example",
        "http://spa.acme.example",
        "https://spa.acme.example:8443",
        "https://a.b.preview.acme.example",
        "https://preview.acme.example",
        "http://localhost:4201",
        "https://localhost:4200",
        "com.acme.spa://callback",
        "null",
    ] {
        let (status, h) = preflight(&app, "/oauth/token", look_alike).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{look_alike}");
        assert_eq!(cors_headers(&h), Vec::<String>::new(), "{look_alike}");
    }
}

#[tokio::test]
async fn a_start_from_an_origin_not_allowed_sends_nothing_and_is_logged() {
    let app = app().await;
    let number = phone();
    let start = json!({"client_id": SPA, "connection": "sms", "phone_number": number});
    let evil = "https://spa.acme.example.evil.test";
    let (status, h, body) = post_from(&app, Some(evil), "/passwordless/start", start.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body,
        json!({"error": "access_denied",
               "error_description": format!("Origin {evil} is not allowed.")})
    );
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    // Another client's origin does not do for this one either.
    let (status, _, _) = post_from(
        &app,
        Some("https://other.example"),
        "/passwordless/start",
        start.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.twilio.sent().len(), 0, "a refused start sent a text");

    // The same request with no Origin (a native app) and from the app's own origin work.
    let (status, h, body) = post_from(&app, None, "/passwordless/start", start.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    app.twilio.wait_for_sent(1).await;
    app.clock.advance(crate::support::MIN_GAP);
    let origin = "https://spa.acme.example";
    let (status, h, body) = post_from(&app, Some(origin), "/passwordless/start", start).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(allowed_origin(&h), Some(origin));
    assert_eq!(h["vary"], "Origin");
    app.twilio.wait_for_sent(2).await;
    assert_eq!(app.twilio.sent().len(), 2);

    let t = app.machine_token(&OPS).await;
    let q = serde_urlencoded::to_string([("q", "type:\"fco\"")]).unwrap();
    let (status, logs) = app.get_as(&t, &format!("/api/v2/logs?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    let logs = logs.as_array().unwrap();
    assert_eq!(logs.len(), 2, "{logs:?}");
    assert!(logs.iter().all(|l| l["client_id"] == SPA), "{logs:?}");
}

#[tokio::test]
async fn one_clients_origin_cannot_be_used_for_another_clients_token() {
    let app = app().await;
    let other = "https://other.example";
    let grant = |client: &str| {
        json!({"grant_type": "http://auth0.com/oauth/grant-type/passwordless/otp",
               "client_id": client, "username": "+14155550100", "otp": "000000", "realm": "sms"})
    };
    let (status, h, body) = post_from(&app, Some(other), "/oauth/token", grant(SPA)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "access_denied");
    assert_eq!(cors_headers(&h), Vec::<String>::new());
    // Its own client: the handler runs (a wrong code here) and the page may read why.
    let (status, h, body) = post_from(&app, Some(other), "/oauth/token", grant(OTHER)).await;
    assert_ne!(status, StatusCode::OK, "{body}");
    assert_ne!(body["error"], "access_denied", "{body}");
    assert_eq!(allowed_origin(&h), Some(other));
    // The client named by a Basic header counts as much as the body's, and a form body
    // is read as the handler reads it.
    let r = app
        .http
        .post(app.url("/oauth/token"))
        .header(ORIGIN, other)
        .basic_auth(SPA, Some("x"))
        .form(&[("grant_type", "refresh_token"), ("refresh_token", "r")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .http
        .post(app.url("/oauth/revoke"))
        .header(ORIGIN, other)
        .form(&[("client_id", SPA), ("token", "r")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A request that names no client cannot be checked against one.
    let (status, _, _) = post_from(
        &app,
        Some(other),
        "/oauth/token",
        json!({"grant_type": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // The issuer's own pages pass as they are, with no CORS headers.
    let own = app.issuer.trim_end_matches('/').to_string();
    let (status, h, body) = post_from(&app, Some(&own), "/oauth/token", grant(SPA)).await;
    assert_ne!(status, StatusCode::OK, "{body}");
    assert_ne!(body["error"], "access_denied", "{body}");
    assert_eq!(cors_headers(&h), Vec::<String>::new());
}

#[tokio::test]
async fn discovery_and_jwks_are_open_and_userinfo_wants_an_allowed_origin() {
    let app = app().await;
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/jwks.json",
    ] {
        for origin in [Some("https://anyone.example"), Some("null"), None] {
            let mut request = app.http.get(app.url(path));
            if let Some(o) = origin {
                request = request.header(ORIGIN, o);
            }
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            assert_eq!(allowed_origin(r.headers()), Some("*"), "{path} {origin:?}");
        }
        let (status, h) = preflight(&app, path, "https://anyone.example").await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        assert_eq!(allowed_origin(&h), Some("*"));
        assert_eq!(h["access-control-allow-methods"], "GET");
    }
    let user = app.sms_user().client(SPA).await;
    let userinfo = |origin: &'static str| {
        app.http
            .get(app.url("/userinfo"))
            .bearer_auth(&user.access_token)
            .header(ORIGIN, origin)
            .send()
    };
    let r = userinfo("https://pr-1.preview.acme.example").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        allowed_origin(r.headers()),
        Some("https://pr-1.preview.acme.example")
    );
    let r = userinfo("https://evil.example").await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(cors_headers(r.headers()), Vec::<String>::new());
}

#[tokio::test]
async fn the_four_settings_go_through_the_management_api() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/clients",
            json!({"name": "Web", "app_type": "spa", "callbacks": ["https://web.example/cb"],
                   "web_origins": ["https://web.example/"],
                   "allowed_origins": ["https://*.web.example"],
                   "cross_origin_authentication": true,
                   "cross_origin_loc": "https://web.example/co"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["web_origins"], json!(["https://web.example"]));
    assert_eq!(created["allowed_origins"], json!(["https://*.web.example"]));
    assert_eq!(created["cross_origin_authentication"], true);
    assert_eq!(created["cross_origin_loc"], "https://web.example/co");
    let path = format!("/api/v2/clients/{}", created["client_id"].as_str().unwrap());
    let (status, patched) = app
        .patch_as(
            &t,
            &path,
            json!({"allowed_origins": ["http://localhost:3000"], "cross_origin_loc": null,
                   "cross_origin_authentication": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    let (status, read_back) = app.get_as(&t, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(read_back, patched);
    assert_eq!(read_back["web_origins"], json!(["https://web.example"]));
    assert_eq!(
        read_back["allowed_origins"],
        json!(["http://localhost:3000"])
    );
    assert_eq!(read_back["cross_origin_authentication"], false);
    assert!(read_back.get("cross_origin_loc").is_none(), "{read_back}");
    // The new origin works at once (the update drops the cached client).
    let (status, h) = preflight(&app, "/oauth/token", "http://localhost:3000").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(allowed_origin(&h), Some("http://localhost:3000"));

    for (body, field) in [
        (
            json!({"web_origins": ["https://web.example/app"]}),
            "web_origins",
        ),
        (
            json!({"allowed_origins": ["https://*.com"]}),
            "allowed_origins",
        ),
        (
            json!({"cross_origin_loc": "javascript:alert(1)"}),
            "cross_origin_loc",
        ),
    ] {
        let (status, refused) = app.patch_as(&t, &path, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
        let message = refused["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(&format!("{field}: ")), "{refused}");
    }
    let (_, unchanged) = app.get_as(&t, &path).await;
    assert_eq!(unchanged, read_back, "a refused change changes nothing");
}

/// Through the real binary with the development SMS provider: a start from an origin that
/// is not allowed writes no text to the log; the next one, with no Origin, does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_binary_sends_no_text_for_a_refused_origin() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latchkey.toml"),
        "[[clients]]\nclient_id = \"spa-app\"\nname = \"Acme SPA\"\nallowed_origins = [\"https://spa.acme.example\"]\n",
    )
    .unwrap();
    let server = start_in(dir.path(), &["--config", "latchkey.toml"]);
    let base = server.base_url();
    let http = reqwest::Client::new();
    let (refused_number, sent_number) = (phone(), phone());
    let start =
        |number: &str| json!({"client_id": SPA, "connection": "sms", "phone_number": number});
    let (status, body) = read(
        http.post(format!("{base}/passwordless/start"))
            .header(ORIGIN, "https://evil.example")
            .header("auth0-client", "eyJuYW1lIjoiYXV0aDAuanMifQ")
            .json(&start(&refused_number))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "access_denied");
    let (status, body) = read(
        http.post(format!("{base}/passwordless/start"))
            .json(&start(&sent_number))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The refused request was answered before the second was made, so a text for it would
    // be in the log before this one.
    let before = tokio::task::block_in_place(|| {
        let mut before = Vec::new();
        loop {
            let line = server.wait_for("");
            if line.contains("DEVELOPMENT DELIVERY") && line.contains(&sent_number) {
                return before;
            }
            before.push(line);
        }
    });
    assert!(
        !before.iter().any(|l| l.contains(&refused_number)),
        "the refused start reached the log: {before:?}"
    );
}

/// The application page saves the four settings and shows them again; a bad origin comes
/// back next to its field.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_page_saves_and_shows_them() {
    use crate::dashboard::{ADMIN, dashboard_sign_in};
    use crate::support::smtp::SmtpSink;
    use crate::support::web::forms_of;
    use crate::support::{SMTP_PASS, SMTP_USER, email_config};
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(
        &(email_config(sink.port, "")
            + BROWSER_CLIENTS
            + &operators()
            + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")),
    )
    .await;
    let mut browser = dashboard_sign_in(&app, &mut sink).await;
    let page_url = app.url(&format!("/admin/applications/{OTHER}"));
    let (status, _, page) = browser.get(&page_url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains(">https://other.example</textarea>"), "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == &format!("/admin/applications/{OTHER}"))
        .unwrap_or_else(|| panic!("the application form: {page}"));
    for (key, value) in [
        ("name", "Other"),
        ("refresh_token.rotation_type", "non-rotating"),
        ("refresh_token.expiration_type", "non-expiring"),
        ("refresh_token.token_lifetime", "2592000"),
        ("refresh_token.idle_token_lifetime", "1296000"),
        ("refresh_token.leeway", "0"),
        (
            "web_origins",
            "https://web.other.example/\r\nhttp://localhost:5173",
        ),
        ("allowed_origins", "https://*.other.example"),
        ("cross_origin_authentication", "on"),
        ("cross_origin_loc", "https://web.other.example/co"),
    ] {
        fields.push((key.into(), value.into()));
    }
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, _, page) = browser.get(&page_url).await;
    assert!(
        page.contains(">https://web.other.example\nhttp://localhost:5173</textarea>"),
        "{page}"
    );
    assert!(
        page.contains(">https://*.other.example</textarea>"),
        "{page}"
    );
    assert!(
        page.contains("id=\"cross_origin_authentication\" checked"),
        "{page}"
    );
    assert!(
        page.contains("value=\"https://web.other.example/co\""),
        "{page}"
    );
    let t = app.machine_token(&OPS).await;
    let (_, client) = app.get_as(&t, &format!("/api/v2/clients/{OTHER}")).await;
    assert_eq!(
        client["web_origins"],
        json!(["https://web.other.example", "http://localhost:5173"])
    );
    assert_eq!(client["cross_origin_authentication"], true);

    fields.retain(|(k, _)| k != "allowed_origins");
    fields.push(("allowed_origins".into(), "https://*.com".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(
        crate::support::web::unescape(&page)
            .contains("id=\"allowed_origins-error\">Allowed origins (CORS) \"https://*.com\" is not an allowed origin"),
        "{page}"
    );
}
