//! Attack tests for issue 13's delivery findings: stored secrets that followed a moved
//! endpoint (item 2), codes and secrets in debug logs (item 3), a silent SMTP relay that
//! left a code behind (item 9), unbounded template output (item 14) and the 30 s send gap
//! that was per connection (item 16). Each test says in its assertions what the fix must do.

use std::time::Duration;

use base64::Engine;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

use crate::security_support::{free_port, spawn};
use crate::support::smtp::SmtpSink;
use crate::support::twilio::{ACCOUNT_SID, AUTH_TOKEN, FakeTwilio};
use crate::support::web::{Browser, form_of};
use crate::support::{
    LINK_APP, LINK_CALLBACK, NATIVE_APP, OPS, OTP_GRANT, SMTP_PASS, SMTP_USER, WEB_APP, WEB_SECRET,
    email, email_config, management_client, operators, phone, read, sms_connection, spawn_app_with,
};

/// RFC 7636 Appendix B's verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// Longer than the server's 30 s request timeout would be too long: the fix answers first.
const BEFORE_REQUEST_TIMEOUT: Duration = Duration::from_secs(25);

/// The Management API's error shape: `statusCode`, `error`, `message`, `errorCode`.
fn assert_auth0_error(body: &Value, status: StatusCode) {
    assert_eq!(
        body["statusCode"],
        status.as_u16(),
        "an Auth0-shaped Management API error (statusCode, error, message, errorCode): {body}"
    );
    assert!(
        body["message"].is_string() && body["errorCode"].is_string(),
        "an Auth0-shaped Management API error (statusCode, error, message, errorCode): {body}"
    );
}

// ---------------------------------------------------------------------------------------
// Item 2: write-only secrets are bound to where they are sent.

/// Changing where a connection's Twilio token goes (`twilio_api_url`, or the account SID)
/// without re-entering the token is refused with 400, and the connection keeps sending to
/// the old URL; with the token re-entered the change is accepted.
#[tokio::test]
async fn the_twilio_token_does_not_follow_a_moved_api_url() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let rogue = FakeTwilio::start().await;
    let options = |url: &str, sid: &str, token: bool| {
        let mut o = json!({"twilio_sid": sid, "from": "+15005550006", "twilio_api_url": url,
                           "syntax": "md_with_macros", "template": "Code @@password@@"});
        if token {
            o["twilio_token"] = AUTH_TOKEN.into();
        }
        o
    };
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "moved", "strategy": "sms",
                   "options": options(&app.twilio.url, ACCOUNT_SID, true)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let start = |number: String| {
        let app = &app;
        async move {
            app.post_json(
                "/passwordless/start",
                json!({"client_id": NATIVE_APP, "connection": "moved", "phone_number": number}),
            )
            .await
        }
    };

    // The endpoint moved, the token left out: refused, saying the token must be re-entered.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_moved",
            json!({"options": options(&rogue.url, ACCOUNT_SID, false)}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "changing twilio_api_url without re-entering twilio_token must be refused with 400 \
         (the stored token would go to the new URL): {answer}"
    );
    assert_auth0_error(&answer, StatusCode::BAD_REQUEST);
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or("")
            .contains("twilio_token"),
        "the error says twilio_token must be entered again: {answer}"
    );
    // The account SID changed, the token left out: refused too.
    let other_sid = "ACfeedfacefeedfacefeedfacefeedface";
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_moved",
            json!({"options": options(&app.twilio.url, other_sid, false)}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "changing twilio_sid without re-entering twilio_token must be refused with 400: {answer}"
    );

    // The stored connection still sends to the old URL; the rogue got nothing.
    let number = phone();
    let (status, body) = start(number.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        app.twilio.last_code(&number).is_some(),
        "the text went to the connection's original Twilio URL"
    );
    assert_eq!(
        rogue.requests(),
        0,
        "the new (rogue) twilio_api_url received a request carrying the stored token"
    );

    // With the token re-entered, the move is accepted.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_moved",
            json!({"options": options(&rogue.url, ACCOUNT_SID, true)}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a moved twilio_api_url with the token re-entered is accepted: {answer}"
    );
    let (status, body) = start(phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(rogue.requests(), 1, "now the new URL is the connection's");
}

/// Changing the SMTP host, port or TLS mode of the email provider without re-entering
/// `smtp_pass` is refused with 400 and mail keeps going to the old relay; with the password
/// re-entered the change is accepted.
#[tokio::test]
async fn the_smtp_password_does_not_follow_a_moved_host() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let Some(mut rogue) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(
        &(management_client(OPS.client_id, OPS.secret, &[])
            + "\n[[connections]]\nname = \"email\"\nstrategy = \"email\"\n"),
    )
    .await;
    let t = app.machine_token(&OPS).await;
    let (status, set) = app
        .post_as(
            &t,
            "/api/v2/emails/provider",
            json!({"name": "smtp", "default_from_address": "Ops <ops@acme.example>",
                   "credentials": {"smtp_host": "127.0.0.1", "smtp_port": sink.port,
                                   "smtp_user": SMTP_USER, "smtp_pass": SMTP_PASS,
                                   "smtp_tls": "none"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{set}");
    let send = |address: String| {
        let app = &app;
        async move {
            app.post_json(
                "/passwordless/start",
                json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                       "send": "code"}),
            )
            .await
        }
    };

    for (what, credentials) in [
        ("smtp_port", json!({"smtp_port": rogue.port})),
        (
            "smtp_host",
            json!({"smtp_host": "localhost", "smtp_port": rogue.port}),
        ),
        ("smtp_tls", json!({"smtp_tls": "starttls"})),
    ] {
        let (status, answer) = app
            .patch_as(
                &t,
                "/api/v2/emails/provider",
                json!({"credentials": credentials}),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "changing {what} without re-entering smtp_pass must be refused with 400 \
             (the stored password would go to the new endpoint): {answer}"
        );
        assert_auth0_error(&answer, StatusCode::BAD_REQUEST);
        assert!(
            answer["message"]
                .as_str()
                .unwrap_or("")
                .contains("smtp_pass"),
            "the error says smtp_pass must be entered again: {answer}"
        );
    }

    // Mail still goes to the original relay; the rogue saw no AUTH and no message.
    let (status, body) = send(email()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m = sink.next_message().await;
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));
    rogue.assert_no_message().await;

    // With the password re-entered, the move is accepted.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/emails/provider",
            json!({"credentials": {"smtp_port": rogue.port, "smtp_pass": SMTP_PASS}}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a moved smtp_port with smtp_pass re-entered is accepted: {answer}"
    );
    let (status, body) = send(email()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        rogue.next_message().await.auth_user.as_deref(),
        Some(SMTP_USER)
    );
}

// ---------------------------------------------------------------------------------------
// Item 3: no code, token or secret in the logs at any level.

/// Whether `code` (digits) occurs in `log` as a number of its own: not part of a longer
/// number, nor the fraction of a timestamp or a duration (`.305202`).
fn contains_code(log: &str, code: &str) -> bool {
    let bytes = log.as_bytes();
    log.match_indices(code).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + code.len()).copied();
        !before.is_some_and(|b| b.is_ascii_digit() || b == b'.')
            && !after.is_some_and(|b| b.is_ascii_digit())
    })
}

/// Up to three places `needle` occurs in `log`, each with a little of its line either side.
fn lines_with(log: &str, needle: &str) -> Vec<String> {
    log.lines()
        .filter_map(|line| {
            let at = line.find(needle)?;
            let from = line.floor_char_boundary(at.saturating_sub(100));
            let to = line.ceil_char_boundary((at + needle.len() + 60).min(line.len()));
            Some(format!("…{}…", &line[from..to]))
        })
        .take(3)
        .collect()
}

/// What a test wrote with a secret in it, and the secrets to look for.
#[derive(Default)]
struct Secrets {
    /// (what, text) pairs looked for as plain substrings.
    text: Vec<(String, String)>,
    /// (what, digits) pairs looked for as numbers of their own.
    codes: Vec<(String, String)>,
}

impl Secrets {
    fn text(&mut self, what: &str, value: &str) {
        assert!(
            value.len() >= 8,
            "{what} is too short to look for: {value:?}"
        );
        self.text.push((what.into(), value.into()));
    }

    /// A token: the whole of it, and for a JWT its signature on its own.
    fn token(&mut self, what: &str, value: &str) {
        self.text(what, value);
        if let Some(signature) = value.rsplit('.').next().filter(|s| s.len() >= 16)
            && signature != value
        {
            self.text(&format!("{what} (its signature)"), signature);
        }
    }

    fn tokens(&mut self, what: &str, answer: &Value) {
        for kind in ["access_token", "id_token", "refresh_token"] {
            if let Some(t) = answer[kind].as_str() {
                self.token(&format!("{what} {kind}"), t);
            }
        }
    }

    fn code(&mut self, what: &str, value: &str) {
        self.codes.push((what.into(), value.into()));
    }

    /// Every secret found in `log`, with the first lines that show it.
    fn found_in(&self, log: &str) -> Vec<String> {
        let mut found = Vec::new();
        for (what, value) in &self.text {
            if log.contains(value.as_str()) {
                found.push(format!("{what}: {:?}", lines_with(log, value)));
            }
        }
        for (what, value) in &self.codes {
            if contains_code(log, value) {
                found.push(format!("{what} {value}: {:?}", lines_with(log, value)));
            }
        }
        found
    }
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let query = query.split('#').next().unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Lines of third-party protocol logging: lettre's SMTP dialogue, hyper's connection
/// events, sqlx's statements.
const PROTOCOL_MARKERS: &[&str] = &[
    "AUTH PLAIN",
    "AUTH LOGIN",
    "STARTTLS",
    "EHLO",
    "MAIL FROM",
    "RCPT TO",
    "db.statement",
    "rows_affected",
    "flushed ",
    "parsed ",
];

/// The real server at `LATCHKEY_LOG=trace` through a whole round of traffic: an SMS login
/// through Twilio with its auth token, an email code and a magic link through an SMTP relay
/// with AUTH, a refresh, a confidential client's secret and a Management API call. Not one
/// code, link code, token or secret (nor the SMTP password as AUTH PLAIN or LOGIN would
/// carry it in base64, nor Twilio's Basic credentials) may occur in its output; third-party
/// protocol logging stays off unless `LATCHKEY_LOG_PROTOCOL=1`, which prints a warning.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_code_token_or_secret_reaches_the_log_at_trace() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let twilio = FakeTwilio::start().await;
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}/");
    let config = format!(
        "[[clients]]\nclient_id = \"{NATIVE_APP}\"\nname = \"Acme Native\"\n\n\
         [[clients]]\nclient_id = \"{WEB_APP}\"\nclient_secret = \"{WEB_SECRET}\"\nname = \"Acme Web\"\n\
         callbacks = [\"https://acme.example/callback\"]\n{}{}{}",
        management_client(OPS.client_id, OPS.secret, &[]).replace("{issuer}", &issuer),
        sms_connection(
            "sms",
            &twilio.url,
            "syntax = \"md_with_macros\"\ntemplate = \"Your code is @@password@@\""
        ),
        email_config(sink.port, ""),
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latchkey.toml"), &config).unwrap();
    let listen = format!("127.0.0.1:{port}");
    let args = [
        "serve",
        "--config",
        "latchkey.toml",
        "--listen",
        &listen,
        "--issuer",
        &issuer,
    ];
    let mut server = spawn(dir.path(), &args, &[("LATCHKEY_LOG", "trace")]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        let request = http.post(format!("{base}{path}")).json(&body);
        async move { read(request.send().await.unwrap()).await }
    };
    let mut secrets = Secrets::default();
    secrets.text("the Twilio auth token", AUTH_TOKEN);
    secrets.text(
        "Twilio's Basic credentials",
        &base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}")),
    );
    secrets.text("the SMTP password", SMTP_PASS);
    secrets.text(
        "the SMTP password as AUTH PLAIN carries it",
        &base64::engine::general_purpose::STANDARD.encode(format!("\0{SMTP_USER}\0{SMTP_PASS}")),
    );
    secrets.text(
        "the SMTP password as AUTH LOGIN carries it",
        &base64::engine::general_purpose::STANDARD.encode(SMTP_PASS),
    );
    secrets.text("the web app's client secret", WEB_SECRET);
    secrets.text("the machine client's secret", OPS.secret);

    // An SMS login through Twilio, then a refresh.
    let number = phone();
    let (status, body) = post(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": number}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = twilio.last_code(&number).expect("a text was sent");
    secrets.code("the SMS code", &code);
    let (status, tokens) = post(
        "/oauth/token",
        json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
               "otp": code, "realm": "sms", "scope": "openid offline_access"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    secrets.tokens("the SMS login's", &tokens);
    let (status, refreshed) = post(
        "/oauth/token",
        json!({"grant_type": "refresh_token", "client_id": NATIVE_APP,
               "refresh_token": tokens["refresh_token"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    secrets.tokens("the refresh's", &refreshed);
    let (status, _) = read(
        http.get(format!("{base}/userinfo"))
            .bearer_auth(refreshed["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // An email code through the relay with AUTH.
    let address = email();
    let (status, body) = post(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mail = sink.next_message().await;
    assert_eq!(mail.auth_user.as_deref(), Some(SMTP_USER));
    let code = mail.code();
    secrets.code("the email code", &code);
    let (status, tokens) = post(
        "/oauth/token",
        json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": address,
               "otp": code, "realm": "email", "scope": "openid"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    secrets.tokens("the email login's", &tokens);

    // A magic link, opened and confirmed, its code redeemed with PKCE.
    let address = email();
    let (status, body) = post(
        "/passwordless/start",
        json!({"client_id": LINK_APP, "connection": "email", "email": address, "send": "link",
               "authParams": {"redirect_uri": LINK_CALLBACK, "response_type": "code",
                              "scope": "openid offline_access", "state": "st-42",
                              "code_challenge": CHALLENGE, "code_challenge_method": "S256"}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link = sink.next_message().await.url_under(&issuer);
    let link_code = query_param(&link, "verification_code").expect("the link has its code");
    secrets.code("the magic link's verification_code", &link_code);
    let mut browser = Browser::new();
    let (status, _, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, fields) = form_of(&page);
    let (status, headers, page) = browser.post(&format!("{base}{action}"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let callback = headers[LOCATION].to_str().unwrap().to_string();
    let auth_code = query_param(&callback, "code").expect("a code at the callback");
    secrets.text("the magic link's authorization code", &auth_code);
    let (status, tokens) = post(
        "/oauth/token",
        json!({"grant_type": "authorization_code", "client_id": LINK_APP, "code": auth_code,
               "redirect_uri": LINK_CALLBACK, "code_verifier": VERIFIER}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    secrets.tokens("the magic link's", &tokens);

    // A confidential client's secret, and a Management API call with a machine token.
    let answer = http
        .post(format!("{base}/oauth/revoke"))
        .form(&[
            ("client_id", WEB_APP),
            ("client_secret", WEB_SECRET),
            ("token", "not-a-refresh-token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let (status, machine) = read(
        http.post(format!("{base}/oauth/token"))
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", OPS.client_id),
                ("client_secret", OPS.secret),
                ("audience", &format!("{issuer}api/v2/")),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{machine}");
    secrets.tokens("the machine client's", &machine);
    let (status, users) = read(
        http.get(format!(
            "{base}/api/v2/users?q=phone_number%3A%22{}%22",
            number.replace('+', "%2B")
        ))
        .bearer_auth(machine["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{users}");

    let log = tokio::task::block_in_place(|| {
        server.drain(Duration::from_millis(500));
        server.kill_and_collect()
    });
    assert!(
        log.contains("Latchkey listening on ") && log.lines().count() > 20,
        "the server's whole output was read: {log}"
    );
    let kept = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("security-trace.log");
    std::fs::write(&kept, &log).unwrap();
    let found = secrets.found_in(&log);
    let protocol: Vec<String> = PROTOCOL_MARKERS
        .iter()
        .filter(|m| log.contains(**m))
        .map(|m| format!("{m:?}: {:?}", lines_with(&log, m)))
        .collect();
    assert!(
        found.is_empty() && protocol.is_empty(),
        "at LATCHKEY_LOG=trace no code, link code, token or secret may be logged, and without \
         LATCHKEY_LOG_PROTOCOL=1 third-party protocol logging (lettre, hyper, sqlx) stays below \
         debug (the whole log: {}).\nSecrets found:\n{}\nProtocol lines found:\n{}",
        kept.display(),
        found.join("\n"),
        protocol.join("\n")
    );

    // Opting in prints a loud warning when the server starts.
    let dir = tempfile::tempdir().unwrap();
    let mut server = spawn(
        dir.path(),
        &["serve", "--listen", "127.0.0.1:0"],
        &[("LATCHKEY_LOG", "trace"), ("LATCHKEY_LOG_PROTOCOL", "1")],
    );
    let said = tokio::task::block_in_place(|| {
        server.base_url();
        server.drain(Duration::from_secs(1));
        server.kill_and_collect()
    });
    let warned: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("LATCHKEY_LOG_PROTOCOL") && l.contains("WARN"))
        .collect();
    assert!(
        !warned.is_empty(),
        "with LATCHKEY_LOG_PROTOCOL=1 the server warns at start (a WARN line naming \
         LATCHKEY_LOG_PROTOCOL) that protocol logs may carry secrets; its first lines:\n{}",
        said.lines()
            .filter(|l| !l.contains("TRACE"))
            .take(15)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Item 9: delivery under a deadline, and no code left behind when it fails.

/// A relay that accepts the connection and never says a word: the start answers before the
/// request timeout with `email_provider_error` (400 or 503, with a body), and no code is
/// left waiting for the address.
#[tokio::test]
async fn a_silent_smtp_relay_ends_the_start_and_leaves_no_code() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let app = spawn_app_with(&email_config(port, "")).await;
    let address = email();
    let answer = app
        .http
        .post(app.url("/passwordless/start"))
        .timeout(BEFORE_REQUEST_TIMEOUT)
        .json(
            &json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                      "send": "code"}),
        )
        .send()
        .await;
    let answer = answer.unwrap_or_else(|e| {
        panic!(
            "the start must answer before the request timeout (within {BEFORE_REQUEST_TIMEOUT:?}) \
             when the relay never speaks: delivery runs under a shorter deadline; got {e}"
        )
    });
    let (status, body) = read(answer).await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::SERVICE_UNAVAILABLE,
        "a relay that never answers is a 400 or 503: {status} {body}"
    );
    assert_eq!(
        body["error"], "email_provider_error",
        "an Auth0-shaped error, not an empty body: {status} {body}"
    );

    // No code is waiting: a guess meets "no code", and the database holds no row for it.
    let (status, verified) = app
        .post_json(
            "/passwordless/verify",
            json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                   "verification_code": "123456"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{verified}");
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM otp_codes WHERE recipient = ?")
        .bind(&address)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(
        rows, 0,
        "the code row is removed when delivery fails (timeout, cancel or error)"
    );
}

/// The same silent relay, but the client gives up after a second and closes its connection:
/// the server drops the request mid-send, and the stored code is deleted then, long before
/// the delivery deadline would have ended the send.
#[tokio::test]
async fn a_start_dropped_mid_send_leaves_no_code() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let app = spawn_app_with(&email_config(port, "")).await;
    let address = email();
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let rows = || {
        let (url, address) = (url.clone(), address.clone());
        async move {
            let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
                .await
                .unwrap();
            let (rows,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM otp_codes WHERE recipient = ?")
                    .bind(&address)
                    .fetch_one(&mut db)
                    .await
                    .unwrap();
            rows
        }
    };
    let answer = reqwest::Client::new()
        .post(app.url("/passwordless/start"))
        .timeout(Duration::from_secs(1))
        .json(
            &json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                      "send": "code"}),
        )
        .send()
        .await;
    assert!(
        answer.is_err(),
        "the relay never speaks: the client gave up"
    );
    let mut left = 1;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        left = rows().await;
        if left == 0 {
            break;
        }
    }
    assert_eq!(
        left, 0,
        "a start dropped mid-send deletes its code at once, not at the delivery deadline"
    );
}

// ---------------------------------------------------------------------------------------
// Item 14: rendered templates are capped, and so is render time.

/// An SMS template whose output is over Twilio's 1,600 characters is refused when it is
/// saved (400), or else its start fails with nothing sent to Twilio; a 5,000,000-turn loop
/// is refused when saved, or its start comes back as an error.
#[tokio::test]
async fn sms_templates_cannot_render_past_twilios_limit_or_run_unbounded() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let with_template = |name: &str, template: &str| {
        json!({"name": name, "strategy": "sms", "options": {
            "twilio_sid": ACCOUNT_SID, "twilio_token": AUTH_TOKEN, "from": "+15005550006",
            "twilio_api_url": app.twilio.url, "syntax": "liquid", "template": template}})
    };
    let start = |connection: &str| {
        let request = app
            .http
            .post(app.url("/passwordless/start"))
            .timeout(BEFORE_REQUEST_TIMEOUT)
            .json(&json!({"client_id": NATIVE_APP, "connection": connection,
                          "phone_number": phone()}));
        async move { request.send().await }
    };

    // Both halves run (and report) on their own: a fix for one must not hide the other.
    let mut problems = Vec::new();

    // 5,000 x's and the code: over 1,600 characters.
    let long = "{% for i in (1..5000) %}x{% endfor %} {{ code }}";
    let (status, saved) = app
        .post_as(&t, "/api/v2/connections", with_template("long", long))
        .await;
    if status != StatusCode::BAD_REQUEST {
        assert_eq!(status, StatusCode::CREATED, "{saved}");
        let requests = app.twilio.requests();
        let answer = start("long")
            .await
            .expect("the start answers before the request timeout");
        let (status, body) = read(answer).await;
        if !(status.is_client_error() || status.is_server_error()) {
            problems.push(format!(
                "a template rendering over 1,600 characters was saved ({}) and its start \
                 succeeded: {status} {body}",
                saved["name"]
            ));
        }
        if app.twilio.requests() != requests {
            problems.push(format!(
                "a template rendering over 1,600 characters was accepted at save and its text \
                 reached Twilio (refuse it at save with 400, or refuse the start before \
                 sending); the stand-in saw {:?}",
                app.twilio.violations()
            ));
        }
    }
    if app
        .twilio
        .violations()
        .iter()
        .any(|v| v.contains("longer than 1600"))
    {
        problems.push("Twilio received a body over 1,600 characters".into());
    }

    // A loop of 5,000,000 turns with a small output: refused at save, or its render bounded.
    let slow = "{% for i in (1..5000000) %}{% endfor %}{{ code }}";
    let saved = app
        .http
        .post(app.url("/api/v2/connections"))
        .bearer_auth(&t)
        .timeout(BEFORE_REQUEST_TIMEOUT)
        .json(&with_template("slow", slow))
        .send()
        .await;
    match saved {
        Err(e) => problems.push(format!(
            "saving a 5,000,000-turn template did not answer within {BEFORE_REQUEST_TIMEOUT:?}: {e}"
        )),
        Ok(saved) => {
            let (status, saved) = read(saved).await;
            if status != StatusCode::BAD_REQUEST {
                assert_eq!(status, StatusCode::CREATED, "{saved}");
                match start("slow").await {
                    Err(e) => problems.push(format!(
                        "a start with a 5,000,000-turn template did not answer within \
                         {BEFORE_REQUEST_TIMEOUT:?}: {e}"
                    )),
                    Ok(answer) => {
                        let (status, body) = read(answer).await;
                        if !(status.is_client_error() || status.is_server_error()) {
                            problems.push(format!(
                                "a 5,000,000-turn loop was accepted at save and rendered in \
                                 full at the start (refuse it at save with 400, or bound the \
                                 render so the start fails): {status} {body}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "rendered SMS templates are capped at 1,600 characters and their render time is \
         bounded:\n{}",
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Item 16: the minimum gap between sends is per recipient, across connections.

/// Two SMS connections, and two email connections, to the same recipient: a start on the
/// second right after a start on the first is refused with 429.
#[tokio::test]
async fn the_send_gap_holds_across_connections() {
    let sink = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await;
    let email_part = match &sink {
        Some(sink) => {
            email_config(sink.port, "")
                + "\n[[connections]]\nname = \"email2\"\nstrategy = \"email\"\n"
        }
        None => String::new(),
    };
    let app = spawn_app_with(
        &(sms_connection(
            "sms2",
            "{twilio}",
            "syntax = \"md_with_macros\"\ntemplate = \"Second: @@password@@\"",
        ) + &email_part),
    )
    .await;

    let number = phone();
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": NATIVE_APP, "connection": "sms2", "phone_number": number}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a second SMS connection sends to the same number within the 30 s gap: the gap is per \
         recipient across connections; {body}"
    );
    assert_eq!(body["error"], "too_many_requests", "{body}");
    assert_eq!(
        app.twilio.sent().iter().filter(|m| m.to == number).count(),
        1,
        "one text within the gap"
    );

    let Some(mut sink) = sink else {
        return;
    };
    let address = email();
    let start = |connection: &'static str| {
        let app = &app;
        let address = address.clone();
        async move {
            app.post_json(
                "/passwordless/start",
                json!({"client_id": NATIVE_APP, "connection": connection, "email": address,
                       "send": "code"}),
            )
            .await
        }
    };
    let (status, body) = start("email").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sink.next_message().await;
    let (status, body) = start("email2").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a second email connection sends to the same address within the 30 s gap: the gap is \
         per recipient across connections; {body}"
    );
    sink.assert_no_message().await;
}
