//! The tenant's settings through the Management API (issue 14 item 4): read with Auth0's
//! defaults, changed as Auth0 changes them (fields replaced, flags merged, `null` resetting,
//! auth0-deploy-cli's `*_in_minutes` lifetimes), a real tenant's export taken whole and
//! given back unchanged, bad values refused by name, only with the `*:tenant_settings`
//! scopes; and used: `default_audience` for token requests that name none, `friendly_name`
//! and `picture_url` on the hosted page, `friendly_name` and `support_email` in an email,
//! the session lifetimes for hosted-login sessions.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};
use serde_json::{Value, json};

use crate::support::smtp::SmtpSink;
use crate::support::web::{Browser, forms_of};
use crate::support::{
    NATIVE_APP, OPS, READER, SMTP_PASS, SMTP_USER, TestApp, WEB_APP, email, email_config,
    operators, phone, spawn_app_with,
};

const PATH: &str = "/api/v2/tenants/settings";
const API: &str = "https://api.acme.example/";
const CALLBACK: &str = "https://acme.example/callback";

/// What auth0-deploy-cli sent to a real tenant when importing its export (its e2e
/// recording `should-dump-and-deploy-without-throwing-an-error`).
fn deploy_cli_import() -> Value {
    json!({
        "allowed_logout_urls": ["https://mycompany.org/logoutCallback"],
        "client_id_metadata_document_supported": false,
        "enabled_locales": ["en"],
        "flags": {
            "allow_legacy_delegation_grant_types": true, "allow_legacy_ro_grant_types": true,
            "change_pwd_flow_v1": false, "enable_apis_section": false,
            "enable_client_connections": false, "enable_dynamic_client_registration": false,
            "enable_public_signup_user_exists_error": true,
            "use_scope_descriptions_for_consent": false, "revoke_refresh_token_grant": false,
            "disable_clickjack_protection_headers": false, "enable_pipeline2": false
        },
        "friendly_name": "My Test Tenant",
        "picture_url": "https://upload.wikimedia.org/wikipedia/commons/0/0d/Grandmas_marathon_finishers.png",
        "resource_parameter_profile": "audience",
        "sandbox_version": "12",
        "session_cookie": {"mode": "non-persistent"},
        "support_email": "support@mycompany.org",
        "support_url": "https://mycompany.org/support",
        "universal_login": {"colors": {"primary": "#F8F8F2", "page_background": "#222221"}},
        "session_lifetime_in_minutes": 181,
        "idle_session_lifetime_in_minutes": 60
    })
}

async fn settings(app: &TestApp, ops: &str) -> Value {
    let (status, body) = app.get_as(ops, PATH).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn settings_round_trip_and_merge_as_auth0s_do() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    let fresh = settings(&app, &ops).await;
    assert_eq!(
        fresh,
        json!({"session_lifetime": 168, "idle_session_lifetime": 72,
               "enabled_locales": ["en", "fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar"],
               "flags": {}})
    );

    let (status, saved) = app.patch_as(&ops, PATH, deploy_cli_import()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // The minutes come back as Auth0 shows them: hours, to the minute.
    assert_eq!(saved["session_lifetime"], json!(3.0166666666666666));
    assert_eq!(saved["idle_session_lifetime"], json!(1));
    assert!(saved.get("session_lifetime_in_minutes").is_none());
    let import = deploy_cli_import();
    for key in [
        "allowed_logout_urls",
        "enabled_locales",
        "flags",
        "friendly_name",
        "picture_url",
        "sandbox_version",
        "session_cookie",
        "support_email",
        "support_url",
        "universal_login",
        "resource_parameter_profile",
        "client_id_metadata_document_supported",
    ] {
        assert_eq!(saved[key], import[key], "{key}");
    }
    let read = settings(&app, &ops).await;
    assert_eq!(read, saved);
    // What a GET shows, given back whole (a naive export and import), changes nothing.
    let (status, again) = app.patch_as(&ops, PATH, read.clone()).await;
    assert_eq!((status, &again), (StatusCode::OK, &read));

    // Fields replace, flags merge one by one, null resets a field to its default.
    let (_, merged) = app
        .patch_as(
            &ops,
            PATH,
            json!({"flags": {"enable_sso": true, "change_pwd_flow_v1": true},
                   "support_url": null, "idle_session_lifetime": null,
                   "friendly_name": "Acme"}),
        )
        .await;
    assert_eq!(merged["flags"]["enable_sso"], true);
    assert_eq!(merged["flags"]["change_pwd_flow_v1"], true);
    assert_eq!(merged["flags"]["allow_legacy_ro_grant_types"], true);
    assert!(merged.get("support_url").is_none(), "{merged}");
    assert_eq!(merged["idle_session_lifetime"], 72);
    assert_eq!(merged["friendly_name"], "Acme");
    assert_eq!(merged["support_email"], "support@mycompany.org");
    // `fields` picks what is shown.
    let (_, picked) = app
        .get_as(
            &ops,
            &format!("{PATH}?fields=friendly_name,flags&include_fields=true"),
        )
        .await;
    assert_eq!(
        picked.as_object().unwrap().keys().collect::<Vec<_>>().len(),
        2,
        "{picked}"
    );
}

#[tokio::test]
async fn bad_settings_are_refused_by_name_and_only_the_scopes_reach_them() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    for (body, says) in [
        (json!({}), "Too few properties"),
        (
            json!({"friendly_name": ["Acme"]}),
            "friendly_name must be a string",
        ),
        (
            json!({"support_email": "support"}),
            "support_email must be an email address",
        ),
        (
            json!({"picture_url": "javascript:alert(1)"}),
            "picture_url must be an absolute",
        ),
        (
            json!({"session_lifetime": -3}),
            "session_lifetime must be 1 minute",
        ),
        (
            json!({"idle_session_lifetime_in_minutes": "60"}),
            "whole number of minutes",
        ),
        (
            json!({"enabled_locales": ["en", "sw"]}),
            "\"sw\" is not a language the hosted pages speak (en, fr, es, de, pt-BR, it, nl, ja, zh-CN, ar)",
        ),
        (
            json!({"flags": {"enable_sso": 1}}),
            "flags.enable_sso must be a boolean",
        ),
        (
            json!({"default_audience": "https://nowhere.example/"}),
            "is not the identifier of an API",
        ),
        (
            json!({"favourite_colour": "blue"}),
            "Additional properties not allowed: favourite_colour",
        ),
    ] {
        let (status, answer) = app.patch_as(&ops, PATH, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or_default()
                .contains(says),
            "{body} -> {answer}"
        );
    }
    // Nothing refused was kept.
    assert_eq!(
        settings(&app, &ops).await["enabled_locales"],
        json!([
            "en", "fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar"
        ])
    );

    let reader = app.machine_token(&READER).await;
    let (status, answer) = app.get_as(&reader, PATH).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(
        answer["message"],
        "Insufficient scope, expected any of: read:tenant_settings"
    );
    let (status, answer) = app
        .patch_as(&reader, PATH, json!({"friendly_name": "x"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_eq!(
        answer["message"],
        "Insufficient scope, expected any of: update:tenant_settings"
    );
}

#[tokio::test]
async fn the_default_audience_is_the_audience_of_a_request_that_names_none() {
    let m2m = "\n[[clients]]\nclient_id = \"m2m\"\nclient_secret = \"m2m-secret-0123456789abcdef\"\n\
               name = \"Acme M2M\"\ngrant_types = [\"client_credentials\"]\n\
               \n[[client_grants]]\nclient_id = \"m2m\"\naudience = \"https://api.acme.example/\"\nscope = [\"read:items\"]\n";
    let app = spawn_app_with(&(operators() + m2m)).await;
    let ops = app.machine_token(&OPS).await;
    let machine = json!({"grant_type": "client_credentials", "client_id": "m2m",
                         "client_secret": "m2m-secret-0123456789abcdef"});
    let (status, refused) = app.post_json("/oauth/token", machine.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(
        refused["error_description"],
        "No audience parameter was provided, and no default audience has been configured"
    );
    // Without a default, a login that names no audience gets a token for /userinfo only.
    let before = app.sms_user().scope("openid").await;
    let (status, _) = app.get_as(&before.access_token, "/userinfo").await;
    assert_eq!(status, StatusCode::OK);

    let (status, saved) = app
        .patch_as(&ops, PATH, json!({"default_audience": API}))
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, token) = app.post_json("/oauth/token", machine).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    let claims = app
        .verified_claims(token["access_token"].as_str().unwrap(), API)
        .await;
    assert_eq!(claims["scope"], "read:items");
    // A user's login that names no audience gets a token for the default API.
    let login = app.sms_user().scope("openid").await;
    let claims = app.verified_claims(login.access_token.as_str(), API).await;
    assert_eq!(claims["aud"][0], API, "{claims}");
    // One that names another keeps it.
    let management = format!("{}api/v2/", app.issuer);
    let login = app.sms_user().scope("openid").audience(&management).await;
    let claims = app
        .verified_claims(login.access_token.as_str(), &management)
        .await;
    assert_eq!(claims["aud"][0], management.as_str());
}

/// The hosted page's first form, filled with a fresh number and sent, then the code: where
/// the browser was sent.
async fn sign_in(app: &TestApp, browser: &mut Browser, url: &str) -> (StatusCode, String) {
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
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    let location = headers
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location)
}

fn authorize_url(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", WEB_APP),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid"),
        ("state", "st"),
    ];
    pairs.extend_from_slice(extra);
    format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(&pairs).unwrap()
    )
}

/// Whether a `prompt=none` request is answered from the browser's session.
async fn session_answers(app: &TestApp, browser: &mut Browser) -> bool {
    let (status, headers, _) = browser
        .get(&authorize_url(app, &[("prompt", "none")]))
        .await;
    assert_eq!(status, StatusCode::FOUND);
    let location = headers[LOCATION].to_str().unwrap();
    assert!(location.starts_with(CALLBACK), "{location}");
    location.contains("code=")
}

#[tokio::test]
async fn the_hosted_page_shows_the_tenant_and_its_sessions_last_as_the_tenant_says() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    let (status, saved) = app
        .patch_as(
            &ops,
            PATH,
            json!({"friendly_name": "Acme Corporation", "picture_url": "https://cdn.acme.example/logo.png",
                   "session_lifetime_in_minutes": 180, "idle_session_lifetime_in_minutes": 60,
                   "enabled_locales": ["fr"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let mut browser = Browser::new();
    browser.language = Some("en-US");
    let (status, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Acme Corporation"), "{page}");
    assert!(
        page.contains("src=\"https://cdn.acme.example/logo.png\""),
        "{page}"
    );
    // English is not enabled: the page speaks the tenant's first language.
    assert!(page.contains("<html lang=\"fr\""), "{page}");

    // The session cookie is kept for the whole session lifetime.
    let (status, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert_eq!(status, StatusCode::OK);
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    let number = phone();
    fields.push(("country".into(), "US".into()));
    fields.push(("phone".into(), number.clone()));
    let (_, _, page) = browser.post(&app.url(&action), &fields).await;
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), app.code_for(&number)));
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = headers
        .get_all(SET_COOKIE)
        .iter()
        .map(|c| c.to_str().unwrap())
        .find(|c| c.starts_with("latchkey_session="))
        .unwrap()
        .to_string();
    assert!(cookie.contains("Max-Age=10800"), "{cookie}");

    // Used every 50 minutes, the session lives past its idle hour, up to its three hours.
    for _ in 0..3 {
        app.clock.advance(50 * 60);
        assert!(session_answers(&app, &mut browser).await);
    }
    app.clock.advance(40 * 60);
    assert!(
        !session_answers(&app, &mut browser).await,
        "past the 3 hours"
    );

    // Unused for more than the idle hour, a new session ends.
    let (status, location) = sign_in(
        &app,
        &mut browser,
        &authorize_url(&app, &[("prompt", "login")]),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    app.clock.advance(59 * 60);
    assert!(session_answers(&app, &mut browser).await);
    app.clock.advance(61 * 60);
    assert!(
        !session_answers(&app, &mut browser).await,
        "idle for an hour"
    );
}

#[tokio::test]
async fn emails_may_show_the_tenants_name_and_support_address() {
    let template = "email = { syntax = \"liquid\", subject = \"Your {{ friendly_name }} code\", \
                    body = \"<p>{% if send == 'code' %}{{ code }}{% else %}{{ link }}{% endif %} for {{ application.name }} at {{ friendly_name }}; help: {{ support_email }} {{ support_url }}</p>\" }";
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(&(email_config(sink.port, template) + &operators())).await;
    let ops = app.machine_token(&OPS).await;
    let start = |address: String| json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"});
    let (status, _) = app.post_json("/passwordless/start", start(email())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        sink.next_message().await.header("subject"),
        Some("Your code")
    );

    let (status, saved) = app
        .patch_as(
            &ops,
            PATH,
            json!({"friendly_name": "Acme Corporation", "support_email": "help@acme.example",
                   "support_url": "https://acme.example/help"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, _) = app.post_json("/passwordless/start", start(email())).await;
    assert_eq!(status, StatusCode::OK);
    let message = sink.next_message().await;
    assert_eq!(
        message.header("subject"),
        Some("Your Acme Corporation code")
    );
    let html = message.html.clone().unwrap_or_default();
    assert!(
        html.contains(
            "for Acme Native at Acme Corporation; help: help@acme.example https://acme.example/help"
        ),
        "{html}"
    );
}
