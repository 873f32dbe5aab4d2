//! A stand-in for MessageBird's SMS API (`POST /messages`, developers.messagebird.com,
//! "SMS Messaging API: send outbound SMS") that holds every request to MessageBird's
//! published contract, with the checks written out here: `Authorization: AccessKey <key>`;
//! a JSON object with only the documented request fields; `originator` required, a number
//! (an optional `+` and digits) or at most 11 letters, digits and spaces; `body` a
//! non-empty string; `recipients` a list of 1 to 50 msisdns (integers, or strings of
//! digits: international numbers without the `+`); `type`, `datacoding` and `mclass`
//! among their listed values. It answers as MessageBird does: `201 Created` with the
//! message resource (its `id`, `recipients.items` and counts), `401` with error 2 for
//! another key, `422` with error 9 or 10 for a request the contract refuses (naming the
//! `parameter`), or a failure queued by the test.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub const ACCESS_KEY: &str = "test_mbAccessKey0123456789xyz";
pub const ORIGINATOR: &str = "AcmeLogin";

/// The request fields MessageBird documents for `POST /messages`.
const CONTRACT_FIELDS: &[&str] = &[
    "type",
    "originator",
    "body",
    "recipients",
    "groupIds",
    "reference",
    "reportUrl",
    "validity",
    "gateway",
    "typeDetails",
    "datacoding",
    "mclass",
    "shortenUrls",
    "scheduledDatetime",
    "createdDatetime",
];

#[derive(Debug, Clone)]
pub struct MessageBirdText {
    /// The msisdn, as sent (no `+`).
    pub recipient: String,
    pub originator: String,
    pub body: String,
    pub datacoding: Option<String>,
}

/// A failure the next request is answered with, instead of sending.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// HTTP status with MessageBird's error `code` and the `parameter` it names.
    Error(u16, i64, &'static str),
    /// An answer that never comes (the request went out).
    Hang,
}

#[derive(Default)]
struct Inner {
    sent: Vec<MessageBirdText>,
    violations: Vec<String>,
    failures: Vec<Failure>,
    requests: usize,
}

#[derive(Clone)]
pub struct FakeMessageBird {
    inner: Arc<Mutex<Inner>>,
    /// `http://127.0.0.1:PORT`, the `messagebird.api_url`.
    pub url: String,
}

impl FakeMessageBird {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = Self {
            inner: Arc::default(),
            url: format!("http://{}", listener.local_addr().unwrap()),
        };
        let app = Router::new()
            .route("/messages", post(receive))
            .route("/_test/last_code", axum::routing::get(last_code))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn sent(&self) -> Vec<MessageBirdText> {
        self.inner.lock().unwrap().sent.clone()
    }

    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// The next request gets `failure` (and nothing is sent).
    pub fn fail_next(&self, failure: Failure) {
        self.inner.lock().unwrap().failures.push(failure);
    }

    /// The code in the newest text to `e164`.
    pub fn last_code(&self, e164: &str) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        let digits = e164.trim_start_matches('+');
        let text = inner.sent.iter().rev().find(|m| m.recipient == digits)?;
        super::twilio::extract_code(&text.body)
    }
}

fn is_originator(o: &str) -> bool {
    let digits = o.strip_prefix('+').unwrap_or(o);
    let number = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let name = (1..=11).contains(&o.chars().count())
        && o.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    number || name
}

/// A recipient as MessageBird reads one: an msisdn, as an integer or a string of digits.
fn msisdn(v: &Value) -> Option<String> {
    let digits = match v {
        Value::Number(n) => n.as_u64()?.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    ((7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some(digits)
}

/// The contract's checks on one request's JSON; each violation with the parameter it names.
fn check(body: &Value) -> Vec<(String, &'static str)> {
    let mut violations = Vec::new();
    let Some(object) = body.as_object() else {
        return vec![("the body is not a JSON object".into(), "body")];
    };
    for k in object.keys() {
        if !CONTRACT_FIELDS.contains(&k.as_str()) {
            violations.push((
                format!("field {k:?} is not in MessageBird's contract"),
                "body",
            ));
        }
    }
    match object.get("originator").and_then(Value::as_str) {
        None => violations.push(("originator is required".into(), "originator")),
        Some(o) if !is_originator(o) => violations.push((
            format!("originator {o:?} is neither a number nor 1 to 11 letters and digits"),
            "originator",
        )),
        Some(_) => {}
    }
    if object
        .get("body")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        violations.push(("body is required".into(), "body"));
    }
    match object.get("recipients").and_then(Value::as_array) {
        Some(list) if (1..=50).contains(&list.len()) => {
            if let Some(bad) = list.iter().find(|r| msisdn(r).is_none()) {
                violations.push((format!("recipient {bad} is not an msisdn"), "recipients"));
            }
        }
        _ => violations.push((
            "recipients must be a list of 1 to 50 msisdns".into(),
            "recipients",
        )),
    }
    for (field, allowed) in [
        ("type", &["sms", "binary", "flash"][..]),
        ("datacoding", &["plain", "unicode", "auto"][..]),
    ] {
        if let Some(v) = object.get(field)
            && !v.as_str().is_some_and(|s| allowed.contains(&s))
        {
            violations.push((format!("{field} {v} is not one of {allowed:?}"), field));
        }
    }
    if let Some(m) = object.get("mclass")
        && !matches!(m.as_u64(), Some(0 | 1))
    {
        violations.push((format!("mclass {m} is not 0 or 1"), "mclass"));
    }
    violations
}

fn error(status: u16, code: i64, description: &str, parameter: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap();
    let body =
        json!({"errors": [{"code": code, "description": description, "parameter": parameter}]});
    (status, axum::Json(body)).into_response()
}

async fn receive(
    State(fake): State<FakeMessageBird>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    fake.inner.lock().unwrap().requests += 1;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut violations = Vec::new();
    if !content_type.starts_with("application/json") {
        violations.push((format!("content-type {content_type:?} is not JSON"), "body"));
    }
    let key = authorization.strip_prefix("AccessKey ");
    if key.is_none() {
        violations.push((
            format!("the Authorization header is not `AccessKey <key>`: {authorization:?}"),
            "access_key",
        ));
    }
    if let Some(key) = key {
        super::log_check::secret("the MessageBird access key", key);
    }
    let json: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    violations.extend(check(&json));
    let text = json["body"].as_str().unwrap_or_default();
    super::log_check::message("a code MessageBird received", text);
    let answer = answer(&fake, &json, key, &violations);
    match answer {
        Some(response) => response,
        // The request went out and no answer comes: the sender's timeout decides.
        None => std::future::pending().await,
    }
}

/// The answer to a request that passed the header checks; `None` for one left hanging.
fn answer(
    fake: &FakeMessageBird,
    json: &Value,
    key: Option<&str>,
    violations: &[(String, &'static str)],
) -> Option<Response> {
    let mut inner = fake.inner.lock().unwrap();
    if let Some((_, parameter)) = violations.first() {
        let said: Vec<String> = violations.iter().map(|(v, _)| v.clone()).collect();
        inner.violations.extend(said.clone());
        let code = if said[0].contains("required") { 9 } else { 10 };
        return Some(error(422, code, &said.join("; "), parameter));
    }
    if key != Some(ACCESS_KEY) {
        return Some(error(
            401,
            2,
            "Request not allowed (incorrect access_key)",
            "access_key",
        ));
    }
    if !inner.failures.is_empty() {
        return match inner.failures.remove(0) {
            Failure::Error(status, code, parameter) => {
                Some(error(status, code, &format!("failure {code}"), parameter))
            }
            Failure::Hang => None,
        };
    }
    let text = json["body"].as_str().unwrap_or_default().to_string();
    let recipient = msisdn(&json["recipients"][0]).unwrap_or_default();
    let originator = json["originator"].as_str().unwrap_or_default().to_string();
    inner.sent.push(MessageBirdText {
        recipient: recipient.clone(),
        originator: originator.clone(),
        body: text.clone(),
        datacoding: json["datacoding"].as_str().map(str::to_string),
    });
    let id = format!("{:032x}", inner.sent.len());
    let created = json!({
        "id": id,
        "href": format!("https://rest.messagebird.com/messages/{id}"),
        "direction": "mt",
        "type": "sms",
        "originator": originator,
        "body": text,
        "reference": null,
        "validity": null,
        "gateway": 10,
        "typeDetails": {},
        "datacoding": json["datacoding"].as_str().unwrap_or("plain"),
        "mclass": 1,
        "scheduledDatetime": null,
        "createdDatetime": "2026-12-01T00:00:00+00:00",
        "recipients": {
            "totalCount": 1, "totalSentCount": 1, "totalDeliveredCount": 0,
            "totalDeliveryFailedCount": 0,
            "items": [{"recipient": recipient.parse::<u64>().unwrap_or(0), "status": "sent",
                       "statusDatetime": "2026-12-01T00:00:00+00:00", "messagePartCount": 1}],
        },
    });
    Some((StatusCode::CREATED, axum::Json(created)).into_response())
}

#[derive(serde::Deserialize)]
struct LastCodeQuery {
    to: String,
}

/// The newest code to `to`, for a test in another process (as the fake Twilio has it).
async fn last_code(
    State(fake): State<FakeMessageBird>,
    axum::extract::Query(q): axum::extract::Query<LastCodeQuery>,
) -> Response {
    match fake.last_code(&q.to) {
        Some(code) => axum::Json(json!({"code": code})).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
