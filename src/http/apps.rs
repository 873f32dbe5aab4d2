//! What native apps need from the domain: Apple's `apple-app-site-association` and
//! Android's `assetlinks.json`, built from the clients' `mobile` settings, so `link_ios`
//! and `link_android` magic links open the app.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiError;

async fn clients(state: &AppState) -> Result<Vec<crate::domain::model::Client>, ApiError> {
    state
        .core
        .store
        .clients()
        .await
        .map_err(|e| ApiError::internal(e.to_string()))
}

fn json_response(body: Value) -> Response {
    let mut r = Json(body).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    r
}

/// Universal links: each iOS app handles the `/ios/<bundle id>/` paths its links use; and
/// shared web credentials, so those apps can use this domain's passkeys.
pub async fn apple_app_site_association(
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    let all = clients(&state).await?;
    let apps: Vec<String> = all
        .iter()
        .filter_map(|c| c.mobile.ios.as_ref())
        .map(|ios| format!("{}.{}", ios.team_id, ios.app_bundle_identifier))
        .collect();
    let details: Vec<Value> = all
        .iter()
        .filter_map(|c| c.mobile.ios.as_ref())
        .map(|ios| {
            let app_id = format!("{}.{}", ios.team_id, ios.app_bundle_identifier);
            let path = format!("/ios/{}/*", ios.app_bundle_identifier);
            // `appID`/`paths` for iOS 12 and older, `appIDs`/`components` for newer.
            json!({
                "appID": app_id,
                "appIDs": [app_id],
                "paths": [path],
                "components": [{"/": path}],
            })
        })
        .collect();
    Ok(json_response(json!({
        "applinks": {"apps": [], "details": details},
        "webcredentials": {"apps": apps},
    })))
}

/// Android App Links: each app with its signing-certificate fingerprints.
pub async fn asset_links(State(state): State<AppState>) -> Result<Response, ApiError> {
    let statements: Vec<Value> = clients(&state)
        .await?
        .iter()
        .filter_map(|c| c.mobile.android.as_ref())
        .map(|a| {
            json!({
                "relation": ["delegate_permission/common.handle_all_urls"],
                "target": {
                    "namespace": "android_app",
                    "package_name": a.app_package_name,
                    "sha256_cert_fingerprints": a.sha256_cert_fingerprints,
                },
            })
        })
        .collect();
    Ok(json_response(Value::Array(statements)))
}
