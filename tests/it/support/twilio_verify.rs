//! A stand-in for Twilio Verify v2 that holds every request to Twilio's published contract
//! (`tests/fixtures/twilio_verify_subset.json`, cut from Twilio's own OpenAPI text, see its
//! `info.description`): the path's `ServiceSid` pattern, HTTP Basic auth with the account SID
//! and auth token, a form-encoded body with only the operation's fields, its required ones
//! present, each once, `Channel` from the spec's enum. It answers as Twilio does: 201 with a
//! verification resource; a check 200 with `status` `approved` (after which the verification
//! is gone, as on Twilio) or `pending`; 404 (20404) when no verification is pending; 429
//! (60202) after five wrong checks; 404 for a `Locale` it has no translation for.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use base64::Engine;
use serde_json::{Value, json};

pub const ACCOUNT_SID: &str = "ACfeedfacefeedfacefeedfacefeedface";
pub const AUTH_TOKEN: &str = "twilio-verify-test-token-7f3a";
pub const SERVICE_SID: &str = "VA0123456789abcdef0123456789abcdef";

const VERIFICATIONS: &str = "/v2/Services/{ServiceSid}/Verifications";
const CHECK: &str = "/v2/Services/{ServiceSid}/VerificationCheck";
/// Locales the fake has a translation for (a few of Twilio's); others get Twilio's 404.
const LOCALES: &[&str] = &["en", "en-GB", "fr", "de", "es", "pt-BR"];
/// Twilio's limit of checks per verification.
const MAX_CHECKS: u32 = 5;

/// One verification Twilio started.
#[derive(Debug, Clone)]
pub struct Started {
    pub to: String,
    pub channel: String,
    pub locale: Option<String>,
    pub sid: String,
    pub code: String,
}

/// One `VerificationCheck` request as the fake received it.
#[derive(Debug, Clone)]
pub struct Checked {
    pub to: String,
    pub code: String,
    /// The `status` it answered, or the error's HTTP status.
    pub answer: String,
}

#[derive(Debug)]
struct Pending {
    sid: String,
    code: String,
    checks: u32,
}

#[derive(Default)]
struct Inner {
    started: Vec<Started>,
    checked: Vec<Checked>,
    pending: HashMap<String, Pending>,
    violations: Vec<String>,
    /// HTTP status, Twilio code and message for the next starts, in order.
    fail_starts: Vec<(u16, i64, String)>,
    /// HTTP status for the next checks, in order (an outage: no answer about the code).
    fail_checks: Vec<u16>,
    /// A Twilio that approves the right code again after approving it (as two checks in
    /// flight at once may both be), to show Latchkey alone decides who logs in.
    approve_repeatedly: bool,
    requests: usize,
}

#[derive(Clone)]
pub struct FakeTwilioVerify {
    inner: Arc<Mutex<Inner>>,
    spec: Arc<Value>,
    pub url: String,
}

fn spec() -> Value {
    let text = include_str!("../../fixtures/twilio_verify_subset.json");
    serde_json::from_str(text).expect("the Twilio Verify spec parses")
}

fn is_sid(v: &str, prefix: &str) -> bool {
    v.len() == 34 && v.starts_with(prefix) && v[2..].bytes().all(|b| b.is_ascii_hexdigit())
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

/// A six-digit code no test can predict.
fn fresh_code() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    );
    format!("{:06}", h.finish() % 1_000_000)
}

impl FakeTwilioVerify {
    pub async fn start() -> Self {
        super::log_check::secret("the Twilio Verify auth token", AUTH_TOKEN);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fake = Self {
            inner: Arc::default(),
            spec: Arc::new(spec()),
            url,
        };
        let app = Router::new()
            .route("/v2/Services/{sid}/Verifications", post(start_verification))
            .route(
                "/v2/Services/{sid}/VerificationCheck",
                post(check_verification),
            )
            // For the SDK scripts, as the other fakes: the code the phone shows.
            .route("/_test/last_code", axum::routing::get(last_code))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        fake
    }

    pub fn started(&self) -> Vec<Started> {
        self.inner.lock().unwrap().started.clone()
    }

    pub fn checked(&self) -> Vec<Checked> {
        self.inner.lock().unwrap().checked.clone()
    }

    /// Every request, whatever it was answered.
    pub fn requests(&self) -> usize {
        self.inner.lock().unwrap().requests
    }

    /// Contract violations seen so far; every test asserts this is empty.
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().unwrap().violations.clone()
    }

    /// The code of the verification pending for `to`, as the user's phone shows it.
    pub fn code_for(&self, to: &str) -> String {
        let inner = self.inner.lock().unwrap();
        inner
            .pending
            .get(to)
            .map(|p| p.code.clone())
            .expect("a verification is pending for this number")
    }

    /// The next start is answered with this Twilio error.
    pub fn fail_next_start(&self, status: u16, code: i64, message: &str) {
        let mut inner = self.inner.lock().unwrap();
        inner.fail_starts.push((status, code, message.into()));
    }

    /// The next check is answered with this HTTP status and Twilio's error body for it.
    pub fn fail_next_check(&self, status: u16) {
        self.inner.lock().unwrap().fail_checks.push(status);
    }

    pub fn approve_repeatedly(&self) {
        self.inner.lock().unwrap().approve_repeatedly = true;
    }

    /// The form fields `operation` (a path of the spec) takes, and those it requires.
    fn fields(&self, path: &str) -> (HashSet<String>, Vec<String>) {
        let schema = &self.spec["paths"][path]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
            ["schema"];
        let allowed = schema["properties"]
            .as_object()
            .expect("the spec lists the form fields")
            .keys()
            .cloned()
            .collect();
        let required = schema["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        (allowed, required)
    }

    /// Holds a request to the operation's contract; its form, or the answer to a request
    /// that breaks it (Twilio's errors). Violations are recorded.
    fn admit(
        &self,
        path: &str,
        service_sid: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<(String, String)>, Box<Response>> {
        let mut violations = Vec::new();
        self.inner.lock().unwrap().requests += 1;
        let pattern = self.spec["paths"][path]["post"]["parameters"][0]["schema"]["pattern"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if pattern != "^VA[0-9a-fA-F]{32}$" || !is_sid(service_sid, "VA") {
            violations.push(format!(
                "ServiceSid {service_sid:?} does not match {pattern}"
            ));
        }
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            violations.push(format!("content-type {content_type:?} is not form-encoded"));
        }
        if self.spec["components"]["securitySchemes"]["accountSid_authToken"]["scheme"] != "basic" {
            violations.push("the spec's security scheme is not HTTP Basic".into());
        }
        let auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Basic "))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .and_then(|b| String::from_utf8(b).ok());
        if auth.as_deref() != Some(format!("{ACCOUNT_SID}:{AUTH_TOKEN}").as_str()) {
            self.inner
                .lock()
                .unwrap()
                .violations
                .push("bad HTTP Basic credentials".into());
            return Err(Box::new(twilio_error(401, 20003, "Authenticate")));
        }
        let form: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
        let (allowed, required) = self.fields(path);
        let mut seen = HashSet::new();
        for (k, _) in &form {
            if !allowed.contains(k) {
                violations.push(format!("field {k:?} is not in Twilio's contract"));
            }
            if !seen.insert(k.clone()) {
                violations.push(format!("field {k:?} sent twice"));
            }
        }
        for r in &required {
            if !seen.contains(r) {
                violations.push(format!("{r} is required"));
            }
        }
        if !violations.is_empty() {
            self.inner
                .lock()
                .unwrap()
                .violations
                .extend(violations.clone());
            return Err(Box::new(twilio_error(400, 60200, &violations.join("; "))));
        }
        if service_sid != SERVICE_SID {
            return Err(Box::new(twilio_error(
                404,
                20404,
                &format!("The requested resource /Services/{service_sid} was not found"),
            )));
        }
        Ok(form)
    }

    fn violation(&self, text: String) -> Response {
        self.inner.lock().unwrap().violations.push(text.clone());
        twilio_error(400, 60200, &text)
    }
}

fn field<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn is_e164(to: &str) -> bool {
    to.strip_prefix('+')
        .is_some_and(|d| (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
}

async fn start_verification(
    State(fake): State<FakeTwilioVerify>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form = match fake.admit(VERIFICATIONS, &sid, &headers, &body) {
        Ok(form) => form,
        Err(answer) => return *answer,
    };
    let to = field(&form, "To").unwrap_or_default().to_string();
    let channel = field(&form, "Channel").unwrap_or_default().to_string();
    if !is_e164(&to) {
        return fake.violation(format!("To {to:?} is not E.164"));
    }
    let channels = fake.spec["components"]["schemas"]["verification_enum_channel"]["enum"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if !channels.iter().any(|c| c == channel.as_str()) {
        return fake.violation(format!("Channel {channel:?} is not one of {channels:?}"));
    }
    let locale = field(&form, "Locale").map(str::to_string);
    let mut inner = fake.inner.lock().unwrap();
    if !inner.fail_starts.is_empty() {
        let (status, code, message) = inner.fail_starts.remove(0);
        return twilio_error(status, code, &message);
    }
    if let Some(l) = &locale
        && !LOCALES.contains(&l.as_str())
    {
        return twilio_error(
            404,
            20404,
            &format!("The requested resource /Locales/{l} was not found"),
        );
    }
    // As Twilio: a number with a verification pending gets the same code again.
    let n = inner.started.len() + 1;
    let pending = inner.pending.entry(to.clone()).or_insert_with(|| Pending {
        sid: format!("VE{n:032x}"),
        code: fresh_code(),
        checks: 0,
    });
    let (verification_sid, code) = (pending.sid.clone(), pending.code.clone());
    super::log_check::code("a code Twilio Verify sent", &code);
    inner.started.push(Started {
        to: to.clone(),
        channel: channel.clone(),
        locale: locale.clone(),
        sid: verification_sid.clone(),
        code,
    });
    let resource = json!({
        "sid": verification_sid,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "to": to,
        "channel": channel,
        "status": "pending",
        "valid": false,
        "lookup": {},
        "amount": null,
        "payee": null,
        "send_code_attempts": [{"time": "2026-12-01T00:00:00Z", "channel": "SMS", "attempt_sid": format!("VL{n:032x}")}],
        "sna": null,
        "url": format!("https://verify.twilio.com/v2/Services/{SERVICE_SID}/Verifications/{verification_sid}"),
    });
    (StatusCode::CREATED, axum::Json(resource)).into_response()
}

async fn check_verification(
    State(fake): State<FakeTwilioVerify>,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form = match fake.admit(CHECK, &sid, &headers, &body) {
        Ok(form) => form,
        Err(answer) => return *answer,
    };
    let to = field(&form, "To").map(str::to_string);
    let code = field(&form, "Code").unwrap_or_default().to_string();
    // The contract: `To` or `VerificationSid`; Latchkey sends `To`, E.164.
    match &to {
        Some(t) if is_e164(t) => {}
        _ => return fake.violation(format!("To {to:?} is not an E.164 number")),
    }
    if !(4..=10).contains(&code.chars().count()) {
        return fake.violation(format!("Code {code:?} is not 4 to 10 characters"));
    }
    let to = to.unwrap_or_default();
    let mut inner = fake.inner.lock().unwrap();
    let record = |answer: &str, inner: &mut Inner| {
        inner.checked.push(Checked {
            to: to.clone(),
            code: code.clone(),
            answer: answer.into(),
        })
    };
    if !inner.fail_checks.is_empty() {
        let status = inner.fail_checks.remove(0);
        record(&status.to_string(), &mut inner);
        return twilio_error(status, 20500, "Internal Server Error");
    }
    let approve_repeatedly = inner.approve_repeatedly;
    let Some(pending) = inner.pending.get_mut(&to) else {
        record("404", &mut inner);
        return twilio_error(
            404,
            20404,
            &format!(
                "The requested resource /Services/{SERVICE_SID}/VerificationCheck was not found"
            ),
        );
    };
    pending.checks += 1;
    if pending.checks > MAX_CHECKS {
        record("429", &mut inner);
        return twilio_error(429, 60202, "Max check attempts reached");
    }
    let status = if pending.code == code {
        "approved"
    } else {
        "pending"
    };
    let verification_sid = pending.sid.clone();
    if status == "approved" && !approve_repeatedly {
        inner.pending.remove(&to);
    }
    record(status, &mut inner);
    let resource = json!({
        "sid": verification_sid,
        "service_sid": SERVICE_SID,
        "account_sid": ACCOUNT_SID,
        "to": to,
        "channel": "sms",
        "status": status,
        "valid": status == "approved",
        "amount": null,
        "payee": null,
        "sna_attempts_error_codes": [],
        "date_created": "2026-12-01T00:00:00Z",
        "date_updated": "2026-12-01T00:00:00Z",
    });
    (StatusCode::OK, axum::Json(resource)).into_response()
}

#[derive(serde::Deserialize)]
struct LastCodeQuery {
    to: String,
}

async fn last_code(
    State(fake): State<FakeTwilioVerify>,
    Query(q): Query<LastCodeQuery>,
) -> Response {
    // The newest code sent to the number, pending or not.
    let code = fake
        .started()
        .into_iter()
        .rev()
        .find(|s| s.to == q.to)
        .map(|s| s.code);
    match code {
        Some(code) => axum::Json(json!({"code": code})).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
