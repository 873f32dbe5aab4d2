//! A stand-in for a custom SMS gateway that holds every request to Auth0's contract for one
//! (`../shared/reference/auth0-passwordless.md`, §4.3, from Auth0's "Set up a custom SMS
//! gateway" page): a JSON POST whose body has `recipient`, `body`, `sender` and, only with
//! `forward_req_info`, `req` (`ip`, `user-agent`), and no other key; with
//! `gateway_authentication`, `Authorization: Bearer <JWT>` signed HS256 with the secret, whose
//! `sub` and `aud` are the configured subject and audience (verified with jsonwebtoken).
//! Only the status of the answer counts; the fake answers 200, or what a test queued.
//! Also here: [`Silent`], a server that accepts connections and never answers.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

pub const SUBJECT: &str = "urn:Auth0";
pub const AUDIENCE: &str = "urn:MySmsGateway";
pub const SECRET: &str = "gateway-shared-secret-0123456789";

#[derive(Debug, Clone)]
pub struct GatewayText {
    pub recipient: String,
    pub body: String,
    pub sender: Option<String>,
    pub req: Option<Value>,
}

#[derive(Default)]
struct Inner {
    sent: Vec<GatewayText>,
    violations: Vec<String>,
    answers: Vec<u16>,
    requests: usize,
}

/// What the fake expects of its requests.
#[derive(Clone)]
pub struct Expect {
    /// The HS256 key, or `None` for a gateway without authentication.
    pub secret: Option<Vec<u8>>,
    pub forward_req_info: bool,
}

#[derive(Clone)]
pub struct FakeGateway {
    inner: Arc<Mutex<Inner>>,
    expect: Expect,
    /// `http://127.0.0.1:PORT/sms`.
    pub url: String,
    /// `http://127.0.0.1:PORT`, where `/_test/last_code` answers.
    pub base: String,
}

impl FakeGateway {
    pub async fn start(expect: Expect) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let fake = Self {
            inner: Arc::default(),
            expect,
            url: format!("{base}/sms"),
            base,
        };
        let app = Router::new()
            .route("/sms", post(receive))
            .route("/_test/last_code", axum::routing::get(last_code))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    /// With Auth0's example authentication (the subject, audience and secret above).
    pub async fn with_bearer(forward_req_info: bool) -> Self {
        Self::start(Expect {
            secret: Some(SECRET.as_bytes().to_vec()),
            forward_req_info,
        })
        .await
    }

    pub fn sent(&self) -> Vec<GatewayText> {
        self.inner.lock().unwrap().sent.clone()
    }

    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// The next request is answered with `status` (and not sent).
    pub fn answer_next(&self, status: u16) {
        self.inner.lock().unwrap().answers.push(status);
    }

    /// The code in the newest text to `to`.
    pub fn last_code(&self, to: &str) -> Option<String> {
        let inner = self.inner.lock().unwrap();
        let text = inner.sent.iter().rev().find(|m| m.recipient == to)?;
        super::twilio::extract_code(&text.body)
    }
}

fn check_bearer(headers: &HeaderMap, key: &[u8]) -> Result<(), String> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or("no Authorization: Bearer header")?;
    super::log_check::secret("the SMS gateway's bearer token", token);
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&[AUDIENCE]);
    validation.sub = Some(SUBJECT.into());
    validation.set_required_spec_claims(&["sub", "aud"]);
    // The fake runs on the real clock; the server's token is dated by the test's clock,
    // which starts at the top of the current hour.
    validation.validate_exp = false;
    let key = jsonwebtoken::DecodingKey::from_secret(key).map_err(|e| e.to_string())?;
    jsonwebtoken::decode::<Value>(token, &key, &validation)
        .map(|_| ())
        .map_err(|e| format!("the bearer token does not verify: {e}"))
}

fn check_body(body: &Value, forward_req_info: bool) -> Vec<String> {
    let mut violations = Vec::new();
    let Some(object) = body.as_object() else {
        return vec!["the body is not a JSON object".into()];
    };
    for key in object.keys() {
        if !["recipient", "body", "sender", "req"].contains(&key.as_str()) {
            violations.push(format!("{key:?} is not in Auth0's gateway body"));
        }
    }
    match object.get("recipient").and_then(Value::as_str) {
        Some(r) if r.starts_with('+') && r[1..].bytes().all(|b| b.is_ascii_digit()) => {}
        other => violations.push(format!("recipient {other:?} is not an E.164 string")),
    }
    match object.get("body").and_then(Value::as_str) {
        Some(b) if !b.is_empty() => {}
        _ => violations.push("body is missing or empty".into()),
    }
    if let Some(sender) = object.get("sender")
        && !sender.is_string()
    {
        violations.push("sender is not a string".into());
    }
    match (object.get("req"), forward_req_info) {
        (None, false) => {}
        (Some(_), false) => violations.push("req sent without forward_req_info".into()),
        (None, true) => violations.push("req missing with forward_req_info".into()),
        (Some(req), true) => {
            let keys: Vec<&String> = req
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            if keys
                .iter()
                .any(|k| !["ip", "user-agent"].contains(&k.as_str()))
            {
                violations.push(format!("req has keys beyond ip and user-agent: {keys:?}"));
            }
        }
    }
    violations
}

async fn receive(
    State(fake): State<FakeGateway>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let mut violations = Vec::new();
    fake.inner.lock().unwrap().requests += 1;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/json") {
        violations.push(format!("content-type {content_type:?} is not JSON"));
    }
    if let Some(key) = &fake.expect.secret
        && let Err(e) = check_bearer(&headers, key)
    {
        fake.inner.lock().unwrap().violations.push(e);
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    violations.extend(check_body(&parsed, fake.expect.forward_req_info));
    let text = parsed["body"].as_str().unwrap_or_default().to_string();
    super::log_check::message("a code the SMS gateway received", &text);
    let mut inner = fake.inner.lock().unwrap();
    if !violations.is_empty() {
        inner.violations.extend(violations.clone());
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"violations": violations})),
        )
            .into_response();
    }
    if !inner.answers.is_empty() {
        let status = inner.answers.remove(0);
        return StatusCode::from_u16(status).unwrap().into_response();
    }
    inner.sent.push(GatewayText {
        recipient: parsed["recipient"].as_str().unwrap_or_default().into(),
        body: text,
        sender: parsed["sender"].as_str().map(str::to_string),
        req: parsed.get("req").cloned(),
    });
    StatusCode::OK.into_response()
}

#[derive(serde::Deserialize)]
struct LastCodeQuery {
    to: String,
}

/// The newest code to `to`, for a test in another process (as the fake Twilio has it).
async fn last_code(
    State(fake): State<FakeGateway>,
    axum::extract::Query(q): axum::extract::Query<LastCodeQuery>,
) -> Response {
    match fake.last_code(&q.to) {
        Some(code) => axum::Json(json!({"code": code})).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A server that accepts TCP connections and never reads or writes: over `https://` the TLS
/// handshake never finishes (no request byte is sent), over `http://` the request is written
/// and never answered.
pub struct Silent {
    pub addr: std::net::SocketAddr,
    /// How many connections it accepted.
    pub accepted: Arc<std::sync::atomic::AtomicUsize>,
}

impl Silent {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                held.push(socket);
            }
        });
        Self { addr, accepted }
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(std::sync::atomic::Ordering::SeqCst)
    }
}
