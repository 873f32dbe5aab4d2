//! `POST /passwordless/start`: Auth0's body checked as strictly as Auth0 checks it, then a
//! code or link sent.

use axum::Json;
use axum::http::StatusCode;
use serde_json::Value;

use super::ApiRequest;
use crate::domain::login::start::StartRequest;
use crate::http::error::{ApiError, Endpoint};
use crate::http::extract::{caller_ip, request_language};

const START_FIELDS: &[&str] = &[
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
    "connection",
    "email",
    "phone_number",
    "send",
    "delivery_method",
    "authParams",
];

pub async fn start(request: ApiRequest) -> Result<Json<Value>, ApiError> {
    let ApiRequest {
        state,
        socket,
        headers,
        params,
    } = request;
    let ep = Endpoint::Start;
    let params = params.map_err(|r| r.into_api(ep))?;
    let mut unknown: Vec<&str> = params
        .keys()
        .map(String::as_str)
        .filter(|k| !START_FIELDS.contains(k))
        .collect();
    if !unknown.is_empty() {
        unknown.sort_unstable();
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad.request",
            format!(
                "the following properties are not allowed: {}",
                unknown.join(", ")
            ),
        ));
    }
    if let Some(v) = params.get("authParams")
        && !v.is_object()
        && !v.is_null()
    {
        let kind = match v {
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Number(_) => "number",
            _ => "boolean",
        };
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad.authParams",
            format!("error in authParams - invalid type: {kind} (expected object)"),
        ));
    }
    let bad = |code: &'static str, e: String| ApiError::new(StatusCode::BAD_REQUEST, code, e);
    let mut auth_params = std::collections::BTreeMap::new();
    if let Some(Value::Object(map)) = params.get("authParams") {
        for (k, v) in map {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => continue,
                _ => {
                    return Err(bad(
                        "bad.authParams",
                        format!("error in authParams.{k} - invalid type (expected string)"),
                    ));
                }
            };
            auth_params.insert(k.clone(), text);
        }
    }
    // A field of the wrong type is refused with the code Auth0 gives that field.
    let text = |key: &str, code: &'static str| params.str(key).map_err(|e| bad(code, e));
    let req = StartRequest {
        client_id: text("client_id", "bad.client_id")?,
        client_secret: text("client_secret", "bad.request")?,
        connection: text("connection", "bad.connection")?,
        phone_number: text("phone_number", "bad.phone_number")?,
        email: text("email", "bad.email")?,
        send: text("send", "bad.request")?,
        delivery_method: text("delivery_method", "bad.request")?,
        auth_params,
        hosted: false,
        request_language: request_language(&headers),
        ip: Some(caller_ip(socket, &headers, &state.trusted_proxies)),
        forwarded_for: headers
            .get("auth0-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok()),

        user_agent: crate::http::extract::user_agent(&headers),
    };
    let answer = crate::domain::login::start::start(&state.core, req)
        .await
        .map_err(|e| ApiError::from_domain(e, ep))?;
    Ok(Json(
        serde_json::to_value(answer).map_err(|e| ApiError::internal(e.to_string()))?,
    ))
}
