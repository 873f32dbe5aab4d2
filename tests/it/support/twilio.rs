//! A stand-in for Twilio's Messages API that holds every request to Twilio's published
//! contract (`tests/fixtures/twilio_messages_subset.json`, Twilio's own OpenAPI text) and
//! answers as Twilio does: 201 with a message resource, or Twilio's error bodies. WhatsApp
//! messages (`whatsapp:` channel addresses, a `ContentSid` template with `ContentVariables`)
//! are held to the same contract. A message sent with a `StatusCallback` (a URI with a host
//! name and no underscore in it, as the contract's description says) can be reported on:
//! [`FakeTwilio::report`] posts a status callback to that URL as Twilio does, form-encoded
//! and signed with `X-Twilio-Signature`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};

pub const ACCOUNT_SID: &str = "ACdeadbeefdeadbeefdeadbeefdeadbeef";
pub const AUTH_TOKEN: &str = "twilio-test-auth-token";
pub const FROM: &str = "+15005550006";

#[derive(Debug, Clone)]
pub struct SentMessage {
    /// E.164, without a `whatsapp:` prefix.
    pub to: String,
    /// Sent as a WhatsApp template message.
    pub whatsapp: bool,
    pub from: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub body: String,
    /// The message resource's `sid`.
    pub sid: String,
    pub status_callback: Option<String>,
}

/// One status callback, as Twilio posts it.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub status: &'a str,
    pub error_code: Option<i64>,
    /// The auth token it is signed with (Twilio uses the account's).
    pub token: &'a str,
    /// Posted here instead of the message's own `StatusCallback`.
    pub url: Option<&'a str>,
    /// Sent as `X-Twilio-Signature` instead of the real signature.
    pub signature: Option<&'a str>,
}

impl Report<'_> {
    pub fn status(status: &str) -> Report<'_> {
        Report {
            status,
            error_code: None,
            token: AUTH_TOKEN,
            url: None,
            signature: None,
        }
    }
}

/// Twilio's signature: base64 HMAC-SHA1, keyed by the auth token, over the URL and each
/// parameter's name and value, sorted by name (Twilio's "Webhooks security" page).
pub fn sign(token: &str, url: &str, params: &[(String, String)]) -> String {
    use aws_lc_rs::hmac;
    let mut sorted = params.to_vec();
    sorted.sort();
    let mut data = url.to_string();
    for (k, v) in &sorted {
        data.push_str(k);
        data.push_str(v);
    }
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, token.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, data.as_bytes()))
}

/// What the next request gets instead of success.
#[derive(Debug, Clone)]
pub enum Failure {
    /// A Twilio error answer: status, code, message.
    Error(u16, i64, String),
}

#[derive(Default)]
struct Inner {
    sent: Vec<SentMessage>,
    violations: Vec<String>,
    fail_next: Vec<Failure>,
    requests: usize,
}

#[derive(Clone)]
pub struct FakeTwilio {
    inner: Arc<Mutex<Inner>>,
    /// Woken whenever a text is accepted.
    sent_signal: Arc<tokio::sync::Notify>,
    allowed_fields: Arc<HashSet<String>>,
    pub url: String,
}

fn contract_fields() -> HashSet<String> {
    let text = include_str!("../../fixtures/twilio_messages_subset.json");
    let spec: Value = serde_json::from_str(text).expect("the Twilio spec parses");
    spec["paths"]["/2010-04-01/Accounts/{AccountSid}/Messages.json"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"]["schema"]["properties"]
        .as_object()
        .expect("the spec lists the form fields")
        .keys()
        .cloned()
        .collect()
}

fn is_sid(v: &str, prefix: &str) -> bool {
    v.len() == 34 && v.starts_with(prefix) && v[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl FakeTwilio {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = Self {
            inner: Arc::default(),
            sent_signal: Arc::default(),
            allowed_fields: Arc::new(contract_fields()),
            url,
        };
        let app = Router::new()
            .route(
                "/2010-04-01/Accounts/{sid}/Messages.json",
                post(create_message),
            )
            .route("/_test/last_code", get(last_code))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn sent(&self) -> Vec<SentMessage> {
        self.inner.lock().unwrap().sent.clone()
    }

    /// Returns once at least `n` texts have been accepted.
    pub async fn wait_for_sent(&self, n: usize) {
        loop {
            let notified = self.sent_signal.notified();
            if self.sent().len() >= n {
                return;
            }
            notified.await;
        }
    }

    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    /// Contract violations seen so far; every test that sends texts asserts this is empty.
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// Posts a status callback for the message `sid` as Twilio does; the answer's status.
    pub async fn report(&self, sid: &str, report: Report<'_>) -> u16 {
        let message = self
            .sent()
            .into_iter()
            .find(|m| m.sid == sid)
            .expect("a message with this sid");
        let url = report
            .url
            .map(str::to_string)
            .or(message.status_callback.clone())
            .expect("the message asked for status callbacks");
        let (to, from) = match message.whatsapp {
            true => (
                format!("whatsapp:{}", message.to),
                message.from.clone().unwrap_or_default(),
            ),
            false => (message.to.clone(), message.from.clone().unwrap_or_default()),
        };
        let mut params: Vec<(String, String)> = [
            ("AccountSid", ACCOUNT_SID.to_string()),
            ("ApiVersion", "2010-04-01".into()),
            ("From", from),
            ("MessageSid", sid.to_string()),
            ("MessageStatus", report.status.to_string()),
            ("SmsSid", sid.to_string()),
            ("SmsStatus", report.status.to_string()),
            ("To", to),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        if let Some(code) = report.error_code {
            params.push(("ErrorCode".into(), code.to_string()));
        }
        let signature = report
            .signature
            .map(str::to_string)
            .unwrap_or_else(|| sign(report.token, &url, &params));
        reqwest::Client::new()
            .post(&url)
            .header("X-Twilio-Signature", signature)
            .form(&params)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    pub fn fail_next(&self, failure: Failure) {
        self.inner.lock().unwrap().fail_next.push(failure);
    }

    /// The body of the newest text to `to`, if one was sent.
    fn last_body(&self, to: &str) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        inner
            .sent
            .iter()
            .rev()
            .find(|m| m.to == to)
            .map(|m| m.body.clone())
    }

    /// The newest text to `to`, whole.
    pub fn last_body_for(&self, to: &str) -> String {
        self.last_body(to).expect("a text was sent")
    }

    /// The code in the newest text to `to`.
    pub fn last_code(&self, to: &str) -> Option<String> {
        self.last_body(to).as_deref().and_then(extract_code)
    }
}

/// The first run of 4 to 10 digits in a message body.
pub fn extract_code(body: &str) -> Option<String> {
    body.split(|c: char| !c.is_ascii_digit())
        .find(|run| (4..=10).contains(&run.len()))
        .map(str::to_string)
}

fn twilio_error(status: u16, code: i64, message: &str) -> Response {
    let body = json!({
        "code": code,
        "message": message,
        "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
        "status": status,
    });
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

async fn create_message(
    State(fake): State<FakeTwilio>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let mut violations = Vec::new();
    fake.inner.lock().unwrap().requests += 1;
    if !is_sid(&sid, "AC") {
        violations.push(format!(
            "AccountSid {sid:?} does not match ^AC[0-9a-fA-F]{{32}}$"
        ));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        violations.push(format!("content-type {content_type:?} is not form-encoded"));
    }
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let expected = format!("{ACCOUNT_SID}:{AUTH_TOKEN}");
    if auth.as_deref() != Some(expected.as_str()) || sid != ACCOUNT_SID {
        // What Twilio answers to bad credentials.
        fake.inner
            .lock()
            .unwrap()
            .violations
            .push("bad HTTP Basic credentials".into());
        return twilio_error(401, 20003, "Authenticate");
    }
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    for (k, _) in &form {
        if !fake.allowed_fields.contains(k) {
            violations.push(format!("field {k:?} is not in Twilio's contract"));
        }
    }
    let mut seen = HashSet::new();
    for (k, _) in &form {
        if !seen.insert(k) {
            violations.push(format!("field {k:?} sent twice"));
        }
    }
    let whatsapp = get("To").is_some_and(|t| t.starts_with("whatsapp:"));
    let to = get("To").map(|t| t.trim_start_matches("whatsapp:").to_string());
    match &to {
        None => violations.push("To is required".into()),
        Some(t) if !(t.starts_with('+') && t[1..].bytes().all(|b| b.is_ascii_digit())) => {
            violations.push(format!("To {t:?} is not E.164"))
        }
        _ => {}
    }
    let from = get("From");
    let content_sid = get("ContentSid");
    if whatsapp && !from.as_deref().is_some_and(|f| f.starts_with("whatsapp:+")) {
        violations.push(format!(
            "a WhatsApp message needs a whatsapp: From, got {from:?}"
        ));
    }
    if let Some(sid) = &content_sid
        && !is_sid(sid, "HX")
    {
        violations.push(format!(
            "ContentSid {sid:?} does not match ^HX[0-9a-fA-F]{{32}}$"
        ));
    }
    if let Some(vars) = get("ContentVariables") {
        if content_sid.is_none() {
            violations.push("ContentVariables without ContentSid".into());
        }
        if !serde_json::from_str::<Value>(&vars).is_ok_and(|v| v.is_object()) {
            violations.push(format!("ContentVariables {vars:?} is not a JSON object"));
        }
    }
    let status_callback = get("StatusCallback");
    if let Some(callback) = &status_callback {
        let host = reqwest::Url::parse(callback)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string));
        match host {
            Some(h) if !h.contains('_') => {}
            _ => violations.push(format!(
                "StatusCallback {callback:?} is not a URI with a valid host name"
            )),
        }
    }
    let mg = get("MessagingServiceSid");
    if from.is_none() && mg.is_none() {
        violations.push("From or MessagingServiceSid is required".into());
    }
    if let Some(mg) = &mg
        && !is_sid(mg, "MG")
    {
        violations.push(format!(
            "MessagingServiceSid {mg:?} does not match ^MG[0-9a-fA-F]{{32}}$"
        ));
    }
    let body_text = get("Body")
        .or_else(|| get("ContentVariables"))
        .unwrap_or_default();
    super::log_check::message("a code Twilio received", &body_text);
    if body_text.is_empty() {
        violations.push("Body (or ContentSid with ContentVariables) is required".into());
    }
    if body_text.chars().count() > 1600 {
        violations.push("Body is longer than 1600 characters".into());
    }
    let mut inner = fake.inner.lock().unwrap();
    if !violations.is_empty() {
        inner.violations.extend(violations.clone());
        drop(inner);
        return twilio_error(400, 21604, &violations.join("; "));
    }
    if !inner.fail_next.is_empty() {
        let Failure::Error(status, code, message) = inner.fail_next.remove(0);
        return twilio_error(status, code, &message);
    }
    let to = to.unwrap_or_default();
    let sid = format!("SM{:032x}", inner.sent.len() + 1);
    inner.sent.push(SentMessage {
        sid: sid.clone(),
        status_callback,
        to: to.clone(),
        whatsapp,
        from: from.clone(),
        messaging_service_sid: mg.clone(),
        body: body_text.clone(),
    });
    fake.sent_signal.notify_waiters();
    let status = if from.is_none() { "accepted" } else { "queued" };
    let resource = json!({
        "account_sid": ACCOUNT_SID,
        "api_version": "2010-04-01",
        "body": body_text,
        "direction": "outbound-api",
        "from": from,
        "messaging_service_sid": mg,
        "num_segments": "1",
        "sid": sid,
        "status": status,
        "to": to,
    });
    (StatusCode::CREATED, axum::Json(resource)).into_response()
}

#[derive(serde::Deserialize)]
struct LastCodeQuery {
    to: String,
}

async fn last_code(State(fake): State<FakeTwilio>, Query(q): Query<LastCodeQuery>) -> Response {
    match fake.last_code(&q.to) {
        Some(code) => axum::Json(json!({"code": code})).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
