//! Headless Chromium (Debian's `chromium`, driven by playwright-core) on a page served from
//! another origin than Latchkey: the browser lets `/passwordless/start` (after its
//! preflight) and the JWKS through for an origin the client allows, and blocks the start for
//! one it does not, which then sends no text.

use std::path::Path;

use serde_json::{Value, json};

use crate::cors::SPA;
use crate::support::{BROWSER_DIR, browser_available, phone, skip_or_fail, spawn_app_with};

/// A page server on 127.0.0.1 (a blank app page at `/`); its port. Reached as
/// `http://127.0.0.1:<port>` and as `http://localhost:<port>` it is two origins.
async fn app_page() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let routes = axum::Router::new()
            .route(
                "/",
                axum::routing::get(|| async { axum::response::Html("<h1>Acme SPA</h1>") }),
            )
            .route(
                "/favicon.ico",
                axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT }),
            );
        axum::serve(listener, routes).await
    });
    port
}

#[tokio::test]
async fn chromium_reads_answers_for_an_allowed_origin_and_is_blocked_for_another() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let port = app_page().await;
    let allowed = format!("http://127.0.0.1:{port}");
    let refused = format!("http://localhost:{port}");
    let app = spawn_app_with(&format!(
        "\n[[clients]]\nclient_id = \"{SPA}\"\nname = \"Acme SPA\"\nallowed_origins = [\"{allowed}\"]\n"
    ))
    .await;
    let (allowed_phone, refused_phone) = (phone(), phone());
    let pages = json!([{"origin": allowed, "phone": allowed_phone},
                       {"origin": refused, "phone": refused_phone}]);
    let output = tokio::process::Command::new("node")
        .arg(Path::new(BROWSER_DIR).join("cross_origin.mjs"))
        .env("PAGES", pages.to_string())
        .env("LATCHKEY", &app.base)
        .env("CLIENT_ID", SPA)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "browser run failed\nstdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(stdout.trim()).unwrap();
    let (ok, blocked) = (&report[0], &report[1]);
    assert_eq!(ok["page"], allowed.as_str(), "{report}");
    assert_eq!(ok["start"]["status"], 200, "{report}");
    assert_eq!(ok["start"]["body"]["phone_number"], allowed_phone.as_str());
    assert!(ok["jwks"]["keys"].as_u64().unwrap() >= 1, "{report}");
    assert_eq!(ok["console_errors"], json!([]), "{report}");

    assert_eq!(blocked["page"], refused.as_str(), "{report}");
    assert_eq!(
        blocked["start"]["error"], "TypeError: Failed to fetch",
        "{report}"
    );
    // The JWKS is public, as Auth0 serves it.
    assert_eq!(blocked["jwks"]["status"], 200, "{report}");
    let console = blocked["console_errors"].to_string();
    assert!(console.contains("CORS policy"), "{report}");

    app.twilio.wait_for_sent(1).await;
    let sent: Vec<String> = app.twilio.sent().into_iter().map(|m| m.to).collect();
    assert_eq!(
        sent,
        vec![allowed_phone],
        "only the allowed page's text went out"
    );
}
