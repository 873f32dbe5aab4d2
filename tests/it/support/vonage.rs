//! A stand-in for Vonage's SMS API (`POST /sms/json`) that holds every request to Vonage's
//! published contract, as its OpenAPI description (Nexmo/api-specification,
//! `definitions/sms.yml`, `NewMessage`) states it, with the checks written out here: a
//! form-encoded body; only the contract's field names, none twice; `api_key`, `from` and
//! `to` required, and `api_secret` (there is no `sig` here); `api_key` 8 characters,
//! `api_secret` 6 to 32; `to` 7 to 15 digits (E.164 without the `+`); `type` one of the
//! listed formats; and `text` required (a missing one is Vonage's status 2). It answers as
//! Vonage does, with HTTP 200 whatever happens: each part's `status` `"0"` and a
//! `message-id`, or a failure status with its `error-text` (a queued one, or 4 for
//! credentials other than the test's).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

pub const API_KEY: &str = "abcd1234";
pub const API_SECRET: &str = "vonage-secret-0123";
pub const FROM: &str = "AcmeInc";

/// The request fields Vonage's `NewMessage` schema names.
const CONTRACT_FIELDS: &[&str] = &[
    "api_key",
    "api_secret",
    "sig",
    "from",
    "to",
    "text",
    "ttl",
    "status-report-req",
    "callback",
    "message-class",
    "type",
    "vcard",
    "vcal",
    "body",
    "udh",
    "protocol-id",
    "title",
    "url",
    "validity",
    "client-ref",
    "account-ref",
    "entity_id",
    "content_id",
];
const TYPES: &[&str] = &["text", "binary", "wappush", "unicode", "vcal", "vcard"];

/// Vonage's text for each status the tests ask for (its "SMS API error codes" table).
pub fn error_text(status: u8) -> &'static str {
    match status {
        1 => "Throttled",
        2 => "Missing Parameters",
        3 => "Invalid Parameters",
        4 => "Bad Credentials",
        5 => "Internal Error",
        6 => "Invalid Message",
        7 => "Number Barred",
        8 => "Partner Account Barred",
        9 => "Partner Quota Violation",
        _ => "Unknown",
    }
}

#[derive(Debug, Clone)]
pub struct VonageText {
    /// Digits, as sent (no `+`).
    pub to: String,
    pub from: String,
    pub text: String,
    pub unicode: bool,
}

#[derive(Default)]
struct Inner {
    sent: Vec<VonageText>,
    violations: Vec<String>,
    answers: Vec<u8>,
    requests: usize,
}

#[derive(Clone)]
pub struct FakeVonage {
    inner: Arc<Mutex<Inner>>,
    /// `http://127.0.0.1:PORT`, the `vonage_api_url`.
    pub url: String,
}

impl FakeVonage {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = Self {
            inner: Arc::default(),
            url: format!("http://{}", listener.local_addr().unwrap()),
        };
        let app = Router::new()
            .route("/sms/json", post(receive))
            .route("/_test/last_code", axum::routing::get(last_code))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn sent(&self) -> Vec<VonageText> {
        self.inner.lock().unwrap().sent.clone()
    }

    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// The next request is answered with this failure `status` (and not sent).
    pub fn answer_next(&self, status: u8) {
        self.inner.lock().unwrap().answers.push(status);
    }

    /// The code in the newest text to `e164`.
    pub fn last_code(&self, e164: &str) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        let digits = e164.trim_start_matches('+');
        let text = inner.sent.iter().rev().find(|m| m.to == digits)?;
        super::twilio::extract_code(&text.text)
    }
}

/// The contract's checks on one request's form; the violations found.
fn check(form: &[(String, String)]) -> Vec<String> {
    let mut violations = Vec::new();
    let mut seen = HashSet::new();
    for (k, _) in form {
        if !CONTRACT_FIELDS.contains(&k.as_str()) {
            violations.push(format!("field {k:?} is not in Vonage's NewMessage"));
        }
        if !seen.insert(k.as_str()) {
            violations.push(format!("field {k:?} sent twice"));
        }
    }
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    for required in ["api_key", "from", "to", "text"] {
        if get(required).is_none_or(str::is_empty) {
            violations.push(format!("{required} is required"));
        }
    }
    if let Some(key) = get("api_key")
        && key.chars().count() != 8
    {
        violations.push(format!(
            "api_key is {} characters, not 8",
            key.chars().count()
        ));
    }
    match get("api_secret") {
        None if get("sig").is_none() => violations.push("api_secret (or sig) is required".into()),
        Some(s) if !(6..=32).contains(&s.chars().count()) => violations.push(format!(
            "api_secret is {} characters, not 6 to 32",
            s.chars().count()
        )),
        _ => {}
    }
    if let Some(to) = get("to")
        && !((7..=15).contains(&to.len()) && to.bytes().all(|b| b.is_ascii_digit()))
    {
        violations.push(format!("to {to:?} is not 7 to 15 digits"));
    }
    if let Some(t) = get("type")
        && !TYPES.contains(&t)
    {
        violations.push(format!("type {t:?} is not one of {TYPES:?}"));
    }
    violations
}

fn failure(status: u8, text: &str) -> Response {
    axum::Json(json!({
        "message-count": "1",
        "messages": [{"status": status.to_string(), "error-text": text}],
    }))
    .into_response()
}

async fn receive(
    State(fake): State<FakeVonage>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    fake.inner.lock().unwrap().requests += 1;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut violations = Vec::new();
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        violations.push(format!("content-type {content_type:?} is not form-encoded"));
    }
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(e) => {
            violations.push(format!("the body is not form-encoded: {e}"));
            Vec::new()
        }
    };
    violations.extend(check(&form));
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if let Some((_, secret)) = form.iter().find(|(k, _)| k == "api_secret") {
        super::log_check::secret("the Vonage API secret", secret);
    }
    let text = get("text");
    super::log_check::message("a code Vonage received", &text);
    let mut inner = fake.inner.lock().unwrap();
    if !violations.is_empty() {
        inner.violations.extend(violations.clone());
        return failure(3, &violations.join("; "));
    }
    if get("api_key") != API_KEY || get("api_secret") != API_SECRET {
        return failure(4, error_text(4));
    }
    if !inner.answers.is_empty() {
        let status = inner.answers.remove(0);
        return failure(status, error_text(status));
    }
    let to = get("to");
    inner.sent.push(VonageText {
        to: to.clone(),
        from: get("from"),
        unicode: get("type") == "unicode",
        text,
    });
    axum::Json(json!({
        "message-count": "1",
        "messages": [{
            "to": to,
            "message-id": format!("0A{:014X}", inner.sent.len()),
            "status": "0",
            "remaining-balance": "15.53590000",
            "message-price": "0.03330000",
            "network": "23410",
        }],
    }))
    .into_response()
}

#[derive(serde::Deserialize)]
struct LastCodeQuery {
    to: String,
}

/// The newest code to `to`, for a test in another process (as the fake Twilio has it).
async fn last_code(
    State(fake): State<FakeVonage>,
    axum::extract::Query(q): axum::extract::Query<LastCodeQuery>,
) -> Response {
    match fake.last_code(&q.to) {
        Some(code) => axum::Json(json!({"code": code})).into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}
