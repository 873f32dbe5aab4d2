//! auth0-spa-js (its published UMD build, unmodified) in headless Chromium, on a page served
//! from another origin (another port of 127.0.0.1) than Latchkey: loginWithRedirect through
//! the hosted SMS login, getUser, getTokenSilently with refresh tokens (CORS) and without
//! (the web_message iframe) before and after a reload, loginWithPopup (web_message from a
//! popup), logout, and `login_required` in the iframe once logged out.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::script::{converse, event};
use crate::support::{BROWSER_DIR, browser_available, phone, skip_or_fail, spawn_app_with};

const SPA: &str = "acme-spa";

/// The SPA's server on 127.0.0.1: `/` loads auth0-spa-js from the browser tests'
/// node_modules, `/logged-out` is where logout returns. Its origin.
async fn spa_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let sdk = std::fs::read_to_string(
        Path::new(BROWSER_DIR)
            .join("node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js"),
    )
    .unwrap();
    tokio::spawn(async move {
        let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Acme SPA</title>\
                    <script src=\"/auth0-spa-js.production.js\"></script></head>\
                    <body><h1>Acme SPA</h1></body></html>";
        let routes = axum::Router::new()
            .route(
                "/",
                axum::routing::get(move || async move { axum::response::Html(page) }),
            )
            .route(
                "/auth0-spa-js.production.js",
                axum::routing::get(move || async move {
                    ([("content-type", "text/javascript; charset=utf-8")], sdk)
                }),
            )
            .route(
                "/logged-out",
                axum::routing::get(|| async { axum::response::Html("<h1>Bye</h1>") }),
            )
            .route(
                "/favicon.ico",
                axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT }),
            );
        axum::serve(listener, routes).await
    });
    origin
}

#[tokio::test]
async fn auth0_spa_js_logs_in_refreshes_silently_by_iframe_and_refresh_token_and_logs_out() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    if !Path::new(BROWSER_DIR)
        .join("node_modules/@auth0/auth0-spa-js")
        .exists()
    {
        skip_or_fail("@auth0/auth0-spa-js is not installed (npm ci --prefix tests/browser)");
        return;
    }
    let spa = spa_server().await;
    let app = spawn_app_with(&format!(
        "[[clients]]\nclient_id = \"{SPA}\"\nname = \"Acme SPA\"\n\
         callbacks = [\"{spa}/\"]\nallowed_logout_urls = [\"{spa}/logged-out\"]\n\
         web_origins = [\"{spa}\"]\n\
         grant_types = [\"authorization_code\", \"refresh_token\"]\n\
         [clients.refresh_token]\nrotation_type = \"rotating\"\n"
    ))
    .await;
    let (number, popup_number) = (phone(), phone());
    let national = |n: &str| n.trim_start_matches("+1").to_string();
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("auth0_spa.mjs"))
        .env("SPA", &spa)
        .env("DOMAIN", app.issuer.trim_end_matches('/'))
        .env("CLIENT_ID", SPA)
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
    let all = Value::from(said.clone());
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors: {all}");

    let login = event(&said, "login_page").unwrap();
    assert!(
        login["url"].as_str().unwrap().starts_with(&app.issuer),
        "{all}"
    );
    let back = &event(&said, "redirect_callback").unwrap()["ok"];
    assert_eq!(back["authenticated"], true, "{all}");
    assert_eq!(back["user"]["phone_number"], number.as_str(), "{all}");
    let silent = |flow: &str| {
        said.iter()
            .find(|m| m["event"] == "silent" && m["flow"] == flow)
            .unwrap_or_else(|| panic!("no {flow} in {all}"))
            .clone()
    };
    for flow in [
        "refresh",
        "iframe",
        "refresh-after-reload",
        "iframe-after-reload",
    ] {
        let got = silent(flow);
        assert!(got["ok"]["access_token"].is_string(), "{flow}: {got}");
        let claims = app
            .verified_claims(got["ok"]["id_token"].as_str().unwrap(), SPA)
            .await;
        assert_eq!(claims["phone_number"], number.as_str(), "{flow}");
    }
    assert_eq!(
        event(&said, "user_after_reload").unwrap()["ok"]["phone_number"],
        number.as_str()
    );
    let popup = event(&said, "popup").unwrap();
    assert_eq!(
        popup["ok"]["user"]["phone_number"],
        popup_number.as_str(),
        "{all}"
    );
    assert_eq!(
        event(&said, "logged_out").unwrap()["url"],
        format!("{spa}/logged-out")
    );
    assert_eq!(
        silent("iframe-after-logout"),
        json!({"event": "silent", "flow": "iframe-after-logout", "error": "login_required",
               "description": "Login required"}),
        "{all}"
    );

    // What went over the wire: the redirect login (`query`), then iframes (`prompt=none`,
    // web_message; createAuth0Client adds its own checkSession ones) and the popup
    // (`prompt=login`, web_message); the last iframe is the logged-out one. Every iframe but
    // that one brought a code that was redeemed; the two refresh calls used the refresh token.
    let calls = done["calls"].as_array().unwrap();
    let authorize: Vec<(Value, Value)> = calls
        .iter()
        .filter(|c| c.get("authorize").is_some())
        .map(|c| (c["authorize"].clone(), c["prompt"].clone()))
        .collect();
    let iframe = (json!("web_message"), json!("none"));
    let popup_call = (json!("web_message"), json!("login"));
    assert_eq!(authorize[0], (json!("query"), Value::Null), "{all}");
    assert_eq!(authorize.last(), Some(&iframe), "{all}");
    assert_eq!(
        authorize.iter().filter(|a| **a == popup_call).count(),
        1,
        "{all}"
    );
    let iframes = authorize.iter().filter(|a| **a == iframe).count();
    assert!(iframes >= 3, "{all}");
    assert_eq!(iframes + 2, authorize.len(), "{all}");
    let grants: Vec<&str> = calls
        .iter()
        .filter_map(|c| c.get("token").and_then(Value::as_str))
        .collect();
    let count = |grant: &str| grants.iter().filter(|g| **g == grant).count();
    assert_eq!(count("refresh_token"), 2, "{grants:?}");
    // the redirect login's code, one per answered iframe, and the popup's
    assert_eq!(
        count("authorization_code"),
        1 + (iframes - 1) + 1,
        "{grants:?}"
    );
    assert_eq!(
        grants.len(),
        count("refresh_token") + count("authorization_code")
    );
    // spa-js's states are base64 of 43 characters, so they end in `==`; each came back byte
    // for byte, or spa-js would have failed with state_mismatch above.
    let states: Vec<&str> = calls.iter().filter_map(|c| c["state"].as_str()).collect();
    assert_eq!(states.len(), authorize.len());
    assert!(states.iter().all(|s| s.ends_with("==")), "{states:?}");
}
