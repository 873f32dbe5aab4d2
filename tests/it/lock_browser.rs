//! Lock web's calls to Latchkey from an app's page: `/user/geoloc/country`.

use serde_json::{Value, json};

use crate::auth0js_browser::{certificate, serve_tls};
use crate::support::FakeTwilio;

/// `GET /user/geoloc/country`, as Lock calls it from the app's page: the region of the
/// browser's language (Latchkey has no address database), with CORS for an origin a client
/// allows, and nothing for another origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geoloc_country_answers_the_browsers_region_to_allowed_origins() {
    let dir = tempfile::tempdir().unwrap();
    let tls = certificate();
    let twilio = FakeTwilio::start().await;
    let spa = "https://app.example.test";
    let (_server, issuer) = serve_tls(dir.path(), &tls, &twilio, spa, "");
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(tls.cert.as_bytes()).unwrap())
        .build()
        .unwrap();
    let url = format!("{issuer}user/geoloc/country");
    let ask = |language: &str, origin: Option<&str>| {
        let mut request = http.get(&url).header("accept-language", language);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };

    let answer = ask("fr-CA,fr;q=0.8,en;q=0.5", Some(spa)).await.unwrap();
    assert_eq!(answer.status(), 200);
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(header("access-control-allow-origin").as_deref(), Some(spa));
    assert_eq!(
        header("cache-control").as_deref(),
        Some("private, no-store")
    );
    assert!(header("vary").unwrap().contains("Accept-Language"));
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body, json!({"country_code": "CA"}));

    // Another language, no Origin (not a page): the same rule as the hosted phone field.
    let body: Value = ask("en-GB", None).await.unwrap().json().await.unwrap();
    assert_eq!(body, json!({"country_code": "GB"}));
    let body: Value = ask("de", None).await.unwrap().json().await.unwrap();
    assert_eq!(body, json!({"country_code": "US"}));

    // An origin no client allows: refused, with no CORS header.
    let refused = ask("en-US", Some("https://evil.example.test"))
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
