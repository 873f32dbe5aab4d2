//! oidc-client-ts (its published browser build, unmodified) in headless Chromium, on a page
//! served from another origin (another port of 127.0.0.1) than Latchkey: signinRedirect
//! through the hosted SMS login and signinCallback, signinSilent with the refresh token (and
//! /userinfo) and by its hidden iframe (prompt=none on the app's silent_redirect_uri page),
//! signinPopup, signoutRedirect (revoking the tokens) through the discovered
//! end_session_endpoint back to post_logout_redirect_uri with its state, and `login_required`
//! in the iframe once logged out.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::log_check;
use crate::support::script::{converse, event};
use crate::support::{BROWSER_DIR, browser_available, phone, skip_or_fail, spawn_app_with};

const APP: &str = "acme-oidc-app";
const SDK: &str = "node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js";

/// A script answer.
fn js(body: String) -> impl axum::response::IntoResponse {
    ([("content-type", "text/javascript; charset=utf-8")], body)
}

/// The app's server on `listener`: every page loads oidc-client-ts from the browser tests'
/// node_modules and `/settings.js` (the UserManager settings, for `issuer`); `/silent`
/// and `/popup` also run `/callback.js`: signinCallback on the silent_redirect_uri and
/// popup_redirect_uri pages.
fn serve_app(listener: tokio::net::TcpListener, origin: String, issuer: String) {
    let sdk = std::fs::read_to_string(Path::new(BROWSER_DIR).join(SDK)).unwrap();
    let settings = json!({
        "authority": issuer,
        "client_id": APP,
        "redirect_uri": format!("{origin}/callback"),
        "silent_redirect_uri": format!("{origin}/silent"),
        "popup_redirect_uri": format!("{origin}/popup"),
        "post_logout_redirect_uri": format!("{origin}/logged-out"),
        "scope": "openid profile phone offline_access",
        "response_type": "code",
    });
    let settings = format!("window.SETTINGS = {settings};");
    let page = |extra: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Acme</title>\
             <script src=\"/oidc-client-ts.min.js\"></script><script src=\"/settings.js\"></script>\
             {extra}</head><body><h1>Acme</h1></body></html>"
        )
    };
    let (app_page, callback_page) = (page(""), page("<script src=\"/callback.js\"></script>"));
    let routes = axum::Router::new()
        .route(
            "/oidc-client-ts.min.js",
            axum::routing::get(move || async move { js(sdk) }),
        )
        .route(
            "/settings.js",
            axum::routing::get(move || async move { js(settings) }),
        )
        .route(
            "/callback.js",
            axum::routing::get(|| async {
                js("new oidc.UserManager(window.SETTINGS).signinCallback();".into())
            }),
        )
        .route(
            "/silent",
            axum::routing::get({
                let page = callback_page.clone();
                move || async move { axum::response::Html(page) }
            }),
        )
        .route(
            "/popup",
            axum::routing::get(move || async move { axum::response::Html(callback_page) }),
        )
        .fallback(axum::routing::get(move || async move {
            axum::response::Html(app_page)
        }));
    tokio::spawn(async move { axum::serve(listener, routes).await });
}

#[tokio::test]
async fn oidc_client_ts_signs_in_renews_by_refresh_token_and_iframe_and_signs_out() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    if !Path::new(BROWSER_DIR).join(SDK).exists() {
        skip_or_fail("oidc-client-ts is not installed (npm ci --prefix tests/browser)");
        return;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    // Public, and no web_origins: the iframe's answer is a plain redirect to the app's own
    // page (response_mode query), and CORS allows the callbacks' origin.
    let app = spawn_app_with(&format!(
        "[[clients]]\nclient_id = \"{APP}\"\nname = \"Acme\"\n\
         callbacks = [\"{origin}/callback\", \"{origin}/silent\", \"{origin}/popup\"]\n\
         allowed_logout_urls = [\"{origin}/logged-out\"]\n\
         grant_types = [\"authorization_code\", \"refresh_token\"]\n\
         [clients.refresh_token]\nrotation_type = \"rotating\"\n"
    ))
    .await;
    serve_app(listener, origin.clone(), app.issuer.clone());
    let (number, popup_number) = (phone(), phone());
    let national = |n: &str| n.trim_start_matches("+1").to_string();
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("oidc_client.mjs"))
        .env("APP", &origin)
        .env("ISSUER", &app.issuer)
        .env("PHONE_NATIONAL", national(&number))
        .env("POPUP_PHONE_NATIONAL", national(&popup_number));
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("sms_code") => {
            let e164 = format!("+1{}", msg["national"].as_str().unwrap());
            json!({"code": app.code_for(&e164)})
        }
        other => panic!("unknown request {other:?}"),
    })
    .await;
    // What the browser held (tokens, the callback's code, the refresh token at logout) must
    // not reach Latchkey's log either.
    for msg in &said {
        log_check::json(msg);
        if let Some(url) = msg["url"].as_str() {
            log_check::message("a URL the browser was sent to", url);
        }
    }
    if let Some(held) = event(&said, "refresh_token_at_logout").and_then(|m| m["ok"].as_str()) {
        log_check::secret("the refresh token at logout", held);
    }
    let all = Value::from(said.clone());
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors: {all}");
    assert!(
        event(&said, "login_page").unwrap()["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}authorize?", app.issuer)),
        "{all}"
    );

    let signed_in = &event(&said, "signin_callback").unwrap()["ok"];
    assert_eq!(
        signed_in["profile"]["phone_number"],
        number.as_str(),
        "{all}"
    );
    assert_eq!(signed_in["token_type"], "Bearer", "{all}");
    assert_eq!(signed_in["expired"], false, "{all}");
    assert_eq!(signed_in["has_refresh_token"], true, "{all}");
    let claims = app
        .verified_claims(signed_in["id_token"].as_str().unwrap(), APP)
        .await;
    assert_eq!(claims["phone_number"], number.as_str());
    let silent = |flow: &str| {
        said.iter()
            .find(|m| m["event"] == "silent" && m["flow"] == flow)
            .unwrap_or_else(|| panic!("no {flow} in {all}"))
            .clone()
    };
    for flow in ["refresh", "iframe"] {
        let got = &silent(flow)["ok"];
        assert_eq!(
            got["profile"]["phone_number"],
            number.as_str(),
            "{flow}: {all}"
        );
        assert_eq!(got["profile"]["sub"], claims["sub"], "{flow}: {all}");
        let renewed = app
            .verified_claims(got["id_token"].as_str().unwrap(), APP)
            .await;
        assert_eq!(renewed["sub"], claims["sub"], "{flow}");
        assert!(got["access_token"].is_string(), "{flow}: {all}");
    }
    // The iframe's code brings a refresh token again (offline_access).
    assert_eq!(silent("iframe")["ok"]["has_refresh_token"], true, "{all}");

    let popup = event(&said, "popup").unwrap();
    assert_eq!(popup["popup_closed"], true, "{all}");
    assert_eq!(
        popup["ok"]["profile"]["phone_number"],
        popup_number.as_str(),
        "{all}"
    );
    app.verified_claims(popup["ok"]["id_token"].as_str().unwrap(), APP)
        .await;

    // revokeTokensOnSignout revoked the refresh token the app held.
    let held = event(&said, "refresh_token_at_logout").unwrap()["ok"]
        .as_str()
        .unwrap_or_else(|| panic!("no refresh token at logout: {all}"));
    let (status, body) = app
        .post_form(
            "/oauth/token",
            &[
                ("grant_type", "refresh_token"),
                ("client_id", APP),
                ("refresh_token", held),
            ],
        )
        .await;
    assert_eq!(
        (status.as_u16(), &body["error"]),
        (403, &json!("invalid_grant")),
        "{body}"
    );
    // The state is oidc-client-ts's own id for its stored signout request.
    assert!(
        event(&said, "logged_out").unwrap()["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{origin}/logged-out?state=")),
        "{all}"
    );
    assert_eq!(
        event(&said, "signout_callback").unwrap()["ok"],
        json!({"user_state": "see you", "error": null, "user": null}),
        "{all}"
    );
    assert_eq!(
        silent("iframe-after-logout")["error"],
        "login_required",
        "{all}"
    );

    // What went over the wire, in order: the redirect login, the refresh and /userinfo, the
    // iframe (with the id_token as hint), the popup (PKCE every time, response_mode left to
    // the default), the revocations, the logout with the id_token as hint, the logged-out
    // iframe (no user left, so no hint).
    let callback = json!(format!("{origin}/callback"));
    let silent_uri = json!(format!("{origin}/silent"));
    let popup_uri = json!(format!("{origin}/popup"));
    let calls: Vec<Value> = done["calls"].as_array().unwrap().clone();
    let authorize = |uri: &Value, prompt: Value, hint: bool| {
        json!({"authorize": uri, "prompt": prompt, "hint": hint, "response_mode": null,
               "pkce": "S256"})
    };
    let scope = "openid profile phone offline_access";
    assert_eq!(
        calls,
        vec![
            authorize(&callback, Value::Null, false),
            json!({"token": "authorization_code", "scope": null}),
            json!({"token": "refresh_token", "scope": scope}),
            json!({"userinfo": "GET"}),
            authorize(&silent_uri, json!("none"), true),
            json!({"token": "authorization_code", "scope": null}),
            authorize(&popup_uri, json!("login"), false),
            json!({"token": "authorization_code", "scope": null}),
            json!({"revoke": "access_token"}),
            json!({"revoke": "refresh_token"}),
            json!({"logout": ["id_token_hint", "post_logout_redirect_uri", "state"]}),
            authorize(&silent_uri, json!("none"), false),
        ],
        "{all}"
    );
}
