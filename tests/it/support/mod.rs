//! Test support: start Latchkey in-process on 127.0.0.1:0 with a fresh data folder, a fake
//! Twilio and a hand-driven clock, and talk to it over real HTTP.

pub mod db;
pub mod gateway;
pub mod log_check;
pub mod node;
pub mod process;
pub mod script;
pub mod smtp;
pub mod twilio;
pub mod users;
pub mod vonage;
pub mod web;
// Twilio Verify
pub mod twilio_verify;

pub mod messagebird;

use std::path::PathBuf;
use std::sync::Arc;

use latchkey::app::{App, Deps};
use latchkey::config::{FileConfig, Overrides, Settings};
use latchkey::domain::{Clock, ManualClock, OsRandom, SystemClock};
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use twilio::FakeTwilio;
pub use users::{OPS, READER, operators};

/// A public native app (no secret), as an iOS app is.
pub const NATIVE_APP: &str = "native-app";
/// A confidential (server-side) app.
pub const WEB_APP: &str = "web-app";
pub const WEB_SECRET: &str = "web-app-secret-0123456789";
/// A public app with rotating, expiring refresh tokens.
pub const ROTATING_APP: &str = "rotating-app";
pub const OTP_GRANT: &str = "http://auth0.com/oauth/grant-type/passwordless/otp";
/// The default `rate_limits.start_min_gap`.
pub const MIN_GAP: i64 = 30;

/// The configuration every test starts from; `{twilio}` is the fake's URL.
const BASE_CONFIG: &str = r#"
[[apis]]
identifier = "https://api.acme.example/"
name = "Acme API"

[[clients]]
client_id = "native-app"
name = "Acme Native"

[[clients]]
client_id = "web-app"
client_secret = "web-app-secret-0123456789"
name = "Acme Web"
callbacks = ["https://acme.example/callback"]

[[clients]]
client_id = "rotating-app"
name = "Acme Rotating"
[clients.refresh_token]
rotation_type = "rotating"
expiration_type = "expiring"
token_lifetime = 86400
idle_token_lifetime = 3600
leeway = 0

"#;

/// An SMS connection through the fake Twilio (`api_url` "{twilio}") or another URL, with more
/// option lines; `from` is added unless the options name a messaging service.
pub fn sms_connection(name: &str, api_url: &str, options: &str) -> String {
    let from = if options.contains("messaging_service_sid") {
        ""
    } else {
        "from = \"+15005550006\""
    };
    format!(
        "\n[[connections]]\nname = \"{name}\"\nstrategy = \"sms\"\n[connections.options]\n\
         twilio_sid = \"{}\"\ntwilio_token = \"{}\"\ntwilio_api_url = \"{api_url}\"\n{from}\n{options}\n",
        twilio::ACCOUNT_SID,
        twilio::AUTH_TOKEN
    )
}

pub struct TestApp {
    pub base: String,
    pub issuer: String,
    pub http: reqwest::Client,
    pub twilio: FakeTwilio,
    pub clock: ManualClock,
    pub data_dir: Arc<tempfile::TempDir>,
    config: String,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

/// What every test app starts from: a fake Twilio, the base configuration with its `sms`
/// connection and then `extra` TOML, a fresh data folder and a test clock.
async fn fresh(extra: &str) -> (String, FakeTwilio, ManualClock, Arc<tempfile::TempDir>) {
    let sms = sms_connection(
        "sms",
        "{twilio}",
        "syntax = \"md_with_macros\"\ntemplate = \"@@application.name@@: your code is @@password@@\"",
    );
    fresh_with(&sms, extra).await
}

/// [`fresh`] with `sms` as the `sms` connection's TOML instead of the fake Twilio's.
async fn fresh_with(
    sms: &str,
    extra: &str,
) -> (String, FakeTwilio, ManualClock, Arc<tempfile::TempDir>) {
    let twilio = FakeTwilio::start().await;
    let config = format!("{BASE_CONFIG}{sms}\n{extra}").replace("{twilio}", &twilio.url);
    let data_dir = Arc::new(tempfile::tempdir().unwrap());
    // Rate-limit windows are aligned to the clock (a 900 s window starts at a multiple of
    // 900). Starting at the top of an hour keeps every window a test uses (all divide 3600)
    // from ending part-way through the test, while tokens stay valid for verifiers that read
    // the real clock. The hour is that of 15 minutes ago, so a test can move the clock on
    // by that much (a login waits out the 30 s gap on it) without issuing tokens that the
    // real clock finds issued in the future; started at the current hour a few minutes past
    // it, four logins did. So the clock is 15 to 75 minutes behind the real one.
    let now = SystemClock.now();
    let earlier = now - 15 * 60;
    let clock = ManualClock::new(earlier - earlier.rem_euclid(3600));
    (config, twilio, clock, data_dir)
}

/// Starts an app with the base configuration plus `extra` TOML appended.
pub async fn spawn_app_with(extra: &str) -> TestApp {
    let (config, twilio, clock, data_dir) = fresh(extra).await;
    launch(config, twilio, clock, data_dir).await
}

/// Starts an app whose `sms` connection is `sms` (TOML, a whole `[[connections]]` entry).
pub async fn spawn_app_with_sms(sms: &str, extra: &str) -> TestApp {
    let (config, twilio, clock, data_dir) = fresh_with(sms, extra).await;
    launch(config, twilio, clock, data_dir).await
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with("").await
}

async fn launch(
    config: String,
    twilio: FakeTwilio,
    clock: ManualClock,
    data_dir: Arc<tempfile::TempDir>,
) -> TestApp {
    launch_at(config, twilio, clock, data_dir, None).await
}

/// Starts an app whose issuer is `http://localhost:PORT/` (WebAuthn needs a host name as
/// its relying party id; an IP address cannot be one), with passkeys on.
pub async fn spawn_passkey_app(extra: &str) -> TestApp {
    spawn_passkey_app_at(extra, None).await
}

/// Like [`spawn_passkey_app`], with the given issuer (e.g. a load balancer's URL).
pub async fn spawn_passkey_app_at(extra: &str, issuer: Option<&str>) -> TestApp {
    let (config, twilio, clock, data_dir) =
        fresh(&format!("[passkeys]\nenabled = true\n{extra}")).await;
    launch_at(
        config,
        twilio,
        clock,
        data_dir,
        Some(issuer.unwrap_or("localhost")),
    )
    .await
}

impl TestApp {
    /// Another server on the same database and secret, with the same issuer: the second
    /// instance behind a load balancer.
    pub async fn twin(&self) -> TestApp {
        launch_at(
            self.config.clone(),
            self.twilio.clone(),
            self.clock.clone(),
            self.data_dir.clone(),
            Some(&self.issuer),
        )
        .await
    }
}

async fn launch_at(
    config: String,
    twilio: FakeTwilio,
    clock: ManualClock,
    data_dir: Arc<tempfile::TempDir>,
    issuer: Option<&str>,
) -> TestApp {
    launch_with_jobs(config, twilio, clock, data_dir, issuer, true).await
}

/// Starts an app with the base configuration plus `extra` whose job runner is held back:
/// jobs submitted to it wait (for [`TestApp::restart`], whose app runs them).
pub async fn spawn_app_holding_jobs(extra: &str) -> TestApp {
    let (config, twilio, clock, data_dir) = fresh(extra).await;
    launch_with_jobs(config, twilio, clock, data_dir, None, false).await
}

async fn launch_with_jobs(
    config: String,
    twilio: FakeTwilio,
    clock: ManualClock,
    data_dir: Arc<tempfile::TempDir>,
    issuer: Option<&str>,
    run_jobs: bool,
) -> TestApp {
    if log_check::install() {
        register_fixed_secrets();
        log_check::config(&config);
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    // `Some("localhost")`: this port on localhost; a full URL: that issuer as it is.
    let issuer_url = match issuer {
        Some(i) if i.starts_with("http") => i.trim_end_matches('/').to_string(),
        Some(host) => format!("http://{host}:{}", addr.port()),
        None => base.clone(),
    };
    // `{issuer}` in a test's configuration is this server's issuer (e.g. for client grants).
    let settings = Settings::resolve(
        FileConfig::from_toml(&config.replace("{issuer}", &format!("{issuer_url}/"))).unwrap(),
        Overrides {
            listen: Some(addr.to_string()),
            issuer: Some(issuer_url),
            data_dir: Some(PathBuf::from(data_dir.path())),
            database_url: None,
            server_secret_file: None,
        },
    )
    .unwrap();
    let issuer = settings.issuer.clone();
    let deps = Deps {
        clock: Arc::new(clock.clone()),
        random: Arc::new(OsRandom),
        run_jobs,
    };
    let app = App::build_on(listener, settings, deps).await.unwrap();
    let (tx, rx) = oneshot::channel();
    let server = tokio::spawn(app.run(async {
        let _ = rx.await;
    }));
    TestApp {
        base,
        issuer,
        http: reqwest::Client::new(),
        twilio,
        clock,
        data_dir,
        config,
        shutdown: Some(tx),
        server: Some(server),
    }
}

/// The secrets the support itself configures, and the forms they take on the wire.
fn register_fixed_secrets() {
    use base64::Engine as _;
    let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s);
    log_check::secret("the Twilio auth token", twilio::AUTH_TOKEN);
    log_check::secret(
        "Twilio's Basic credentials",
        &b64(format!("{}:{}", twilio::ACCOUNT_SID, twilio::AUTH_TOKEN)),
    );
    log_check::secret("the SMTP password", SMTP_PASS);
    log_check::secret(
        "the SMTP password as AUTH PLAIN carries it",
        &b64(format!("\0{SMTP_USER}\0{SMTP_PASS}")),
    );
    log_check::secret(
        "the SMTP password as AUTH LOGIN carries it",
        &b64(SMTP_PASS.to_string()),
    );
    log_check::secret("the web app's client secret", WEB_SECRET);
    log_check::secret("the operators' client secret", OPS.secret);
    log_check::secret("the reader's client secret", READER.secret);
}

impl TestApp {
    /// Stops the server (graceful shutdown) and starts a new one on the same data folder and
    /// database, with a new port.
    pub async fn restart(mut self) -> TestApp {
        self.stop().await;
        let config = self.config.clone();
        launch(
            config,
            self.twilio.clone(),
            self.clock.clone(),
            self.data_dir.clone(),
        )
        .await
    }

    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap().unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post_json(&self, path: &str, body: Value) -> (StatusCode, Value) {
        log_check::json(&body);
        let r = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        log_check::form(form);
        let r = self
            .http
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap();
        read(r).await
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        read(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    /// `/passwordless/start` for `phone` with the native app.
    pub async fn start_sms(&self, phone: &str) -> (StatusCode, Value) {
        self.post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": phone}),
        )
        .await
    }

    /// The OTP grant for `client_id`.
    pub async fn exchange(
        &self,
        client_id: &str,
        phone: &str,
        code: &str,
        scope: &str,
    ) -> (StatusCode, Value) {
        self.post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": phone,
                   "otp": code, "realm": "sms", "scope": scope}),
        )
        .await
    }

    /// Blocks a user straight in the database (there is no management API yet).
    pub async fn block(&self, user_id: &str) {
        let url = format!(
            "sqlite://{}",
            self.data_dir.path().join("latchkey.sqlite").display()
        );
        let store = latchkey::store::connect(&url).await.unwrap();
        assert!(store.set_user_blocked(user_id, true, 0).await.unwrap());
    }

    /// The code in the newest text to `phone`.
    pub fn code_for(&self, phone: &str) -> String {
        self.twilio.last_code(phone).expect("a text was sent")
    }

    /// A whole login with the native app: start, read the text, exchange the code.
    pub async fn login(&self, phone: &str, scope: &str) -> Value {
        self.login_as(NATIVE_APP, phone, scope).await
    }

    /// Waits out the minimum gap between two codes to one number (on the test clock) first,
    /// so a test can log the same number in again.
    pub async fn login_as(&self, client_id: &str, phone: &str, scope: &str) -> Value {
        self.clock.advance(MIN_GAP);
        let (status, body) = self.start_sms(phone).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let code = self.code_for(phone);
        let (status, tokens) = self.exchange(client_id, phone, &code, scope).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        tokens
    }

    pub async fn jwks(&self) -> Value {
        let (status, body) = self.get_json("/.well-known/jwks.json").await;
        assert_eq!(status, StatusCode::OK);
        body
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // With `LATCHKEY_LOG` set: nothing any test registered may be in the log so far.
        log_check::check();
    }
}

pub async fn read(r: reqwest::Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    log_check::json(&body);
    if let Value::String(text) = &body {
        log_check::message("a page's link", text);
    }
    (status, body)
}

/// Verifies an RS256 token with jsonwebtoken (not our signer) against the published JWKS,
/// checking alg, kid, iss, aud and exp.
pub fn verify_rs256(
    token: &str,
    jwks: &Value,
    issuer: &str,
    audience: &str,
) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
    if header.alg != jsonwebtoken::Algorithm::RS256 {
        return Err(format!("alg {:?}", header.alg));
    }
    verify_signed(token, jwks, issuer, audience)
}

/// Like [`verify_rs256`], for any algorithm: the JWKS entry the token's `kid` names must
/// carry the token's `alg`, and jsonwebtoken checks the signature with that one algorithm.
pub fn verify_signed(
    token: &str,
    jwks: &Value,
    issuer: &str,
    audience: &str,
) -> Result<Value, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| e.to_string())?;
    let kid = header.kid.ok_or("no kid")?;
    let set: jsonwebtoken::jwk::JwkSet =
        serde_json::from_value(jwks.clone()).map_err(|e| e.to_string())?;
    let jwk = set.find(&kid).ok_or("kid not in the JWKS")?;
    let listed = jwk.common.key_algorithm.ok_or("the JWK has no alg")?;
    if format!("{listed:?}") != format!("{:?}", header.alg) {
        return Err(format!("alg {:?} for a {listed:?} key", header.alg));
    }
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?;
    let mut v = jsonwebtoken::Validation::new(header.alg);
    v.set_issuer(&[issuer]);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    jsonwebtoken::decode::<Value>(token, &key, &v)
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
}

/// The key ids a JWKS lists, in its order.
pub fn kids(jwks: &Value) -> Vec<&str> {
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect()
}

/// Whether tests that need an outside tool must run: set by `.ci/run`, where a skip is a failure.
pub fn skip_or_fail(reason: &str) {
    if std::env::var_os("LATCHKEY_REQUIRE_ALL").is_some() {
        panic!("LATCHKEY_REQUIRE_ALL is set, so this may not skip: {reason}");
    }
    eprintln!("SKIPPED: {reason}");
}

/// A fresh, valid US number per call, so tests never share a recipient by accident.
pub fn phone() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    format!("+1415555{:04}", 1000 + n % 9000)
}

/// The SMTP account the email tests' sink requires.
pub const SMTP_USER: &str = "mailer";
pub const SMTP_PASS: &str = "mailer-pass-0123";
/// A public single-page app with a callback and native apps, for magic links.
pub const LINK_APP: &str = "link-app";
pub const LINK_CALLBACK: &str = "https://spa.acme.example/callback";
pub const IOS_BUNDLE: &str = "com.acme.notes";

/// Configuration for an app that sends email through an SMTP server on `smtp_port`, with an
/// `email` connection carrying `options` (TOML lines) and the link test client.
pub fn email_config(smtp_port: u16, options: &str) -> String {
    format!(
        r#"
[email_provider]
name = "smtp"
default_from_address = "Acme Login <login@acme.example>"
[email_provider.credentials]
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
smtp_user = "{SMTP_USER}"
smtp_pass = "{SMTP_PASS}"
smtp_tls = "none"

[[clients]]
client_id = "{LINK_APP}"
name = "Acme Notes"
callbacks = ["{LINK_CALLBACK}"]
[clients.mobile.ios]
team_id = "ABCDE12345"
app_bundle_identifier = "{IOS_BUNDLE}"
[clients.mobile.android]
app_package_name = "com.acme.notes"
sha256_cert_fingerprints = ["14:6D:E9:83:C5:73:06:50:D8:EE:B9:95:2F:34:FC:64:16:A0:83:42:E6:1D:BE:A8:8A:04:96:B2:3F:CF:44:E5"]

[[connections]]
name = "email"
strategy = "email"
[connections.options]
{options}
"#
    )
}

/// A fresh address per call, so tests never share a recipient by accident.
pub fn email() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("user{}@mail.example", NEXT.fetch_add(1, Ordering::SeqCst))
}

/// Starts an SMTP sink (with auth) and an app sending through it; `None` when the sink
/// cannot run here (after `skip_or_fail`).
pub async fn spawn_email_app(options: &str) -> Option<(TestApp, smtp::SmtpSink)> {
    let sink = smtp::SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await?;
    let app = spawn_app_with(&email_config(sink.port, options)).await;
    Some((app, sink))
}

/// Where the playwright-core scripts (and their node_modules) live.
pub const BROWSER_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser");

/// Whether the browser tests can run: Debian's Chromium and playwright-core installed.
pub fn browser_available() -> Result<(), String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !std::path::Path::new(&chromium).exists() {
        return Err(format!("{chromium} is missing (apt-get install chromium)"));
    }
    if !std::path::Path::new(BROWSER_DIR)
        .join("node_modules/playwright-core")
        .exists()
    {
        return Err("playwright-core is missing (npm ci --prefix tests/browser)".into());
    }
    Ok(())
}

/// A load balancer for two instances: passkey ceremonies start on the first and finish on
/// the second (so the second must find the first's state in the database); every other
/// request alternates. Returns the list of (path, instance) it routed.
pub async fn ceremony_splitting_proxy(
    listener: tokio::net::TcpListener,
    first: String,
    second: String,
) -> Arc<std::sync::Mutex<Vec<(String, usize)>>> {
    use axum::body::Body;
    use axum::extract::Request;
    use axum::response::Response;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let routed: Arc<std::sync::Mutex<Vec<(String, usize)>>> = Arc::default();
    let log = routed.clone();
    let turn = Arc::new(AtomicUsize::new(0));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let backends = Arc::new([first, second]);
    let forward = move |req: Request| {
        let (http, backends, log, turn) =
            (http.clone(), backends.clone(), log.clone(), turn.clone());
        async move {
            let path = req.uri().path().to_string();
            let index = if path.ends_with("/start") {
                0
            } else if path.ends_with("/finish") {
                1
            } else {
                turn.fetch_add(1, Ordering::SeqCst) % 2
            };
            log.lock().unwrap().push((path, index));
            let target = format!(
                "{}{}",
                backends[index],
                req.uri()
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/")
            );
            let (parts, body) = req.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
            let mut out = http.request(parts.method, &target).body(bytes);
            for (name, value) in parts.headers.iter() {
                if name != "host" && name != "content-length" {
                    out = out.header(name, value);
                }
            }
            let answer = out.send().await.unwrap();
            let mut response = Response::builder().status(answer.status());
            for (name, value) in answer.headers() {
                if name != "transfer-encoding" && name != "content-length" {
                    response = response.header(name, value);
                }
            }
            response
                .body(Body::from(answer.bytes().await.unwrap()))
                .unwrap()
        }
    };
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(forward)).await });
    routed
}

/// A machine client allowed the Management API's scopes (all, or `scopes`).
pub fn management_client(client_id: &str, secret: &str, scopes: &[&str]) -> String {
    let scopes: Vec<String> = if scopes.is_empty() {
        latchkey::domain::management::MANAGEMENT_SCOPES
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect()
    } else {
        scopes.iter().map(|s| format!("\"{s}\"")).collect()
    };
    format!(
        "\n[[clients]]\nclient_id = \"{client_id}\"\nclient_secret = \"{secret}\"\nname = \"Ops {client_id}\"\n\
         grant_types = [\"client_credentials\"]\n\n[[client_grants]]\nclient_id = \"{client_id}\"\n\
         audience = \"{{issuer}}api/v2/\"\nscope = [{}]\n",
        scopes.join(", ")
    )
}
