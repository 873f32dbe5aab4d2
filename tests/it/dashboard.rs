//! The dashboard (`/admin`) on the real executable started with no configuration file:
//! `latchkey admins add`, then headless Chromium sets up SMS through Twilio (the stand-in),
//! email through SMTP (the aiosmtpd sink) and an application, blocks a user, follows the
//! log and rotates keys (`tests/browser/dashboard.mjs`); this side answers the browser's
//! questions from what the stand-ins received and what the server says over HTTP. Also:
//! the dashboard's refusals (no administrators, forged posts, other people), and, on an
//! in-process app, a moved endpoint saved without its secret typed again.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{Server, start_in};
use crate::support::script::{converse, event};
use crate::support::smtp::SmtpSink;
use crate::support::twilio::{self, FakeTwilio, extract_code};
use crate::support::{
    BROWSER_DIR, OTP_GRANT, SMTP_PASS, SMTP_USER, browser_available, phone, read, skip_or_fail,
};

pub(crate) const ADMIN: &str = "ops@latchkey.test";
const INTRUDER: &str = "someone-else@latchkey.test";

/// Runs `latchkey admins add <email>` in `dir`.
fn add_admin(dir: &Path, email: &str) -> String {
    admins(dir, &["add", email])
}

/// Runs `latchkey admins <args>` in `dir`; its standard output.
fn admins(dir: &Path, args: &[&str]) -> String {
    crate::support::process::cli(dir, &[&["admins"], args].concat())
        .succeeded()
        .stdout
}

/// The next development-log line for `to`, read without stalling the runtime.
pub(crate) fn logged_for(server: &Server, to: &str) -> String {
    tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY");
            if line.contains(to) {
                return line;
            }
        }
    })
}

async fn kids(http: &reqwest::Client, base: &str) -> Vec<String> {
    let jwks: Value = http
        .get(format!("{base}/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    crate::support::kids(&jwks)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A JSON POST to the server under test (which is not a `TestApp`: the real executable).
pub(crate) async fn post_json(
    http: &reqwest::Client,
    url: String,
    body: Value,
) -> (StatusCode, Value) {
    read(http.post(url).json(&body).send().await.unwrap()).await
}

/// Starts a login by SMS for `number` through `client_id`; the start's status and body.
pub(crate) async fn start(
    http: &reqwest::Client,
    base: &str,
    client_id: &str,
    number: &str,
) -> (StatusCode, Value) {
    post_json(
        http,
        format!("{base}/passwordless/start"),
        json!({"client_id": client_id, "connection": "sms", "phone_number": number}),
    )
    .await
}

pub(crate) async fn exchange(
    http: &reqwest::Client,
    base: &str,
    client_id: &str,
    number: &str,
    code: &str,
) -> (StatusCode, Value) {
    post_json(
        http,
        format!("{base}/oauth/token"),
        json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": number,
                          "otp": code, "realm": "sms", "scope": "openid"}),
    )
    .await
}

/// A user of the default app (SMS still on the development log) registers a device key and
/// logs in with it: refused while the dashboard's Touch ID switch is off, working when on.
async fn device_keys_as_switched(
    http: &reqwest::Client,
    base: &str,
    issuer: &str,
    server: &Server,
    client_id: &str,
    on: bool,
) {
    use crate::device_keys::{DEVICE_SCOPES, DeviceKey, b64};
    let number = phone();
    let (status, body) = start(http, base, client_id, &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = logged_for(server, &number);
    let code = extract_code(&line[line.find("body=").unwrap()..]).unwrap();
    let (status, tokens) = post_json(
        http,
        format!("{base}/oauth/token"),
        json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": number,
                          "otp": code, "realm": "sms", "scope": DEVICE_SCOPES,
                          "audience": format!("{issuer}api/v2/")}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap();
    let key = DeviceKey::p256();
    let (status, created) = read(
        http.post(format!("{base}/api/v2/device-credentials"))
            .bearer_auth(access)
            .json(
                &json!({"device_name": "Ana's iPhone", "device_id": number, "type": "public_key",
                          "value": b64(key.pem().as_bytes()), "client_id": client_id}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    if !on {
        assert_eq!(status, StatusCode::FORBIDDEN, "{created}");
        assert!(
            created["message"]
                .as_str()
                .unwrap()
                .contains("switched off"),
            "{created}"
        );
        return;
    }
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let user: Value = http
        .get(format!("{base}/userinfo"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now = latchkey::domain::Clock::now(&latchkey::domain::SystemClock);
    let assertion = key.assertion(
        created["id"].as_str(),
        user["sub"].as_str().unwrap(),
        now,
        now + 30,
    );
    let (status, tokens) = post_json(
        http,
        format!("{base}/oauth/token"),
        json!({"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                          "client_id": client_id, "assertion": assertion, "scope": "openid"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_sets_everything_up_from_the_dashboard_with_no_configuration() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let fake = FakeTwilio::start().await;
    let dir = tempfile::tempdir().unwrap();
    // Before any server ran, a command does not know the issuer, and says how to give it.
    let refused = crate::support::process::cli(dir.path(), &["admins", "add", ADMIN]);
    assert!(
        !refused.ok && refused.stderr.contains("--issuer"),
        "{}",
        refused.said()
    );
    assert!(
        !dir.path().join("latchkey-data").exists(),
        "a refused command made nothing"
    );
    // A host name, not an IP address, so passkeys can be switched on; port 0 in the
    // issuer becomes the port the server binds.
    let server = start_in(dir.path(), &["--issuer", "http://localhost:0/"]);
    let banner = tokio::task::block_in_place(|| server.wait_for("Latchkey listening on "));
    let base = crate::support::process::after(&banner, "listening on ").to_string();
    let issuer = crate::support::process::after(&banner, "(issuer ")
        .trim_end_matches(')')
        .to_string();
    assert!(
        issuer.starts_with("http://localhost:") && !issuer.ends_with(":0/"),
        "{issuer}"
    );
    // Added while the server runs: the command acts for the issuer the server stored.
    let said = add_admin(dir.path(), ADMIN);
    assert!(
        said.contains(&format!("Latchkey server {issuer}")),
        "{said}"
    );
    assert!(
        said.contains(&format!("may now sign in at {issuer}admin")),
        "{said}"
    );
    assert!(
        add_admin(dir.path(), ADMIN).contains("already"),
        "a second add changes nothing"
    );
    let default_app = tokio::task::block_in_place(|| {
        crate::support::process::after(&server.wait_for("Default App"), "client_id=").to_string()
    });
    let http = reqwest::Client::new();
    let (test_phone, user_phone) = (phone(), phone());

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("dashboard.mjs"))
        .env("ISSUER", &issuer)
        .env("ADMIN_EMAIL", ADMIN)
        .env("TWILIO_URL", &fake.url)
        .env("TWILIO_SID", twilio::ACCOUNT_SID)
        .env("TWILIO_TOKEN", twilio::AUTH_TOKEN)
        .env("TWILIO_FROM", twilio::FROM)
        .env("TEST_PHONE", &test_phone)
        .env("USER_PHONE", &user_phone)
        .env("INTRUDER_EMAIL", INTRUDER)
        .env("SMTP_PORT", sink.port.to_string())
        .env("SMTP_USER", SMTP_USER)
        .env("SMTP_PASS", SMTP_PASS)
        .env("SCREENSHOT_DIR", &shots);
    let mut blocked_user = None;
    let mut refresh_token: Option<String> = None;
    let said = converse(node, async |msg| match msg["need"].as_str() {
        // No email provider yet: the administrator's code is in the server's log.
        Some("admin_code") => {
            let line = logged_for(&server, ADMIN);
            let text = &line[line.find("text=").unwrap()..];
            json!({"code": extract_code(text).unwrap_or_else(|| panic!("{line}"))})
        }
        Some("test_sms") => {
            fake.wait_for_sent(1).await;
            let sent = fake.sent();
            assert_eq!(sent.len(), 1, "one test text");
            assert_eq!(sent[0].to, test_phone);
            assert_eq!(sent[0].from.as_deref(), Some(twilio::FROM));
            json!({"body": sent[0].body})
        }
        Some("test_email") => {
            let message = sink.next_message().await;
            assert_eq!(message.rcpt_tos, vec![ADMIN.to_string()]);
            assert_eq!(message.auth_user.as_deref(), Some(SMTP_USER));
            assert_eq!(message.header("subject"), Some("Latchkey test email"));
            assert!(
                message
                    .header("from")
                    .unwrap()
                    .contains("login@latchkey.test"),
                "{:?}",
                message.header("from")
            );
            json!({})
        }
        Some("user_login") => {
            let client_id = msg["client_id"].as_str().unwrap();
            let (status, body) = start(&http, &base, client_id, &user_phone).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            fake.wait_for_sent(2).await;
            let text = fake.last_body_for(&user_phone);
            assert!(
                text.starts_with("Acme iOS sign-in code: "),
                "the dashboard's template, with the app's name: {text}"
            );
            let code = fake.last_code(&user_phone).unwrap();
            let (status, tokens) = post_json(
                &http,
                format!("{base}/oauth/token"),
                json!({"grant_type": OTP_GRANT, "client_id": client_id,
                                  "username": user_phone, "otp": code, "realm": "sms",
                                  "scope": "openid offline_access"}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{tokens}");
            // The application's policy set in the dashboard: rotating refresh tokens.
            let first = tokens["refresh_token"].as_str().unwrap().to_string();
            let (status, rotated) = post_json(
                &http,
                format!("{base}/oauth/token"),
                json!({"grant_type": "refresh_token", "client_id": client_id,
                                  "refresh_token": first}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{rotated}");
            let second = rotated["refresh_token"].as_str().unwrap().to_string();
            assert_ne!(second, first, "a rotating client gets a new refresh token");
            refresh_token = Some(second);
            let user_id = http
                .get(format!("{base}/userinfo"))
                .bearer_auth(tokens["access_token"].as_str().unwrap())
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()["sub"]
                .as_str()
                .unwrap()
                .to_string();
            blocked_user = Some(user_id.clone());
            json!({"user_id": user_id})
        }
        Some("refresh_after_sign_out") => {
            let client_id = msg["client_id"].as_str().unwrap();
            let (status, body) = post_json(
                &http,
                format!("{base}/oauth/token"),
                json!({"grant_type": "refresh_token", "client_id": client_id,
                                  "refresh_token": refresh_token.as_deref().unwrap()}),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
            assert_eq!(body["error"], "invalid_grant", "{body}");
            json!({})
        }
        Some("login_after_block") => {
            // Auth0 refuses a blocked user's start at once, and sends nothing.
            let client_id = msg["client_id"].as_str().unwrap();
            let (status, body) = start(&http, &base, client_id, &user_phone).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
            assert_eq!(body["error"], "unauthorized", "{body}");
            assert_eq!(fake.sent().len(), 2, "no text for a blocked user");
            json!({"status": status.as_u16()})
        }
        Some("failed_login") => {
            let client_id = msg["client_id"].as_str().unwrap();
            let other = phone();
            let (status, body) = start(&http, &base, client_id, &other).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            let code = fake.last_code(&other).unwrap();
            let wrong = if code == "000000" { "111111" } else { "000000" };
            let (status, _) = exchange(&http, &base, client_id, &other, wrong).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            json!({})
        }
        Some("device_keys") => {
            let on = msg["expect"] == "on";
            device_keys_as_switched(&http, &base, &issuer, &server, &default_app, on).await;
            json!({})
        }
        Some("admin_code_by_smtp") => {
            let message = sink.next_message().await;
            assert_eq!(message.rcpt_tos, vec![ADMIN.to_string()]);
            json!({"code": extract_code(&message.text.unwrap()).unwrap()})
        }
        Some("intruder_code") => {
            let message = sink.next_message().await;
            assert_eq!(message.rcpt_tos, vec![INTRUDER.to_string()]);
            json!({"code": extract_code(&message.text.unwrap()).unwrap()})
        }
        Some("check_secrets") => {
            let client_id = msg["client_id"].as_str().unwrap();
            let mut statuses = Vec::new();
            for secret in [&msg["old"], &msg["new"]] {
                let answer = http
                    .post(format!("{base}/oauth/revoke"))
                    .form(&[
                        ("client_id", client_id),
                        ("client_secret", secret.as_str().unwrap()),
                        ("token", "not-a-refresh-token"),
                    ])
                    .send()
                    .await
                    .unwrap();
                statuses.push(answer.status());
            }
            assert_eq!(
                statuses,
                [StatusCode::UNAUTHORIZED, StatusCode::OK],
                "the old secret stops working, the new one works"
            );
            json!({})
        }
        Some("jwks") => json!({"kids": kids(&http, &base).await}),
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert!(blocked_user.is_some());
    for shot in done["shots"].as_array().unwrap() {
        let file = shots.join(format!("dashboard-{}.png", shot.as_str().unwrap()));
        assert!(file.exists(), "{}", file.display());
    }
    // What was typed into the dashboard is in the database only sealed.
    let database = std::fs::read(dir.path().join("latchkey-data/latchkey.sqlite")).unwrap();
    let wal =
        std::fs::read(dir.path().join("latchkey-data/latchkey.sqlite-wal")).unwrap_or_default();
    for secret in [twilio::AUTH_TOKEN, SMTP_PASS] {
        for bytes in [&database, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} is readable in the database"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_refuses_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_in(dir.path(), &[]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // No administrator yet: a page that says how to add one, not a sign-in.
    let answer = http.get(format!("{base}/admin")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    assert!(answer.text().await.unwrap().contains("latchkey admins add"));
    // Every page and form wants a signed-in administrator.
    for path in [
        "/admin/users",
        "/admin/keys",
        "/admin/logs",
        "/admin/connections/sms",
    ] {
        let answer = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        "/admin/keys/rotate",
        "/admin/users/sms%7Cx/block",
        "/admin/applications",
    ] {
        let answer = http
            .post(format!("{base}{path}"))
            .form(&[("csrf", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.headers()["location"], "/admin", "{path}");
    }
    let kids_before = kids(&http, &base).await;
    drop(server);

    // With an administrator: /admin starts a PKCE sign-in with the email connection.
    add_admin(dir.path(), ADMIN);
    assert!(admins(dir.path(), &["list"]).contains(ADMIN));
    let removed = admins(dir.path(), &["remove", "Someone@Else.test"]);
    assert!(removed.contains("nothing changed"), "{removed}");
    add_admin(dir.path(), INTRUDER);
    let removed = admins(dir.path(), &["remove", INTRUDER]);
    assert!(removed.contains("may no longer"), "{removed}");
    let listed = admins(dir.path(), &["list"]);
    assert!(
        listed.contains(ADMIN) && !listed.contains(INTRUDER),
        "{listed}"
    );
    let server = start_in(dir.path(), &[]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let answer = http.get(format!("{base}/admin")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    let location = answer.headers()["location"].to_str().unwrap().to_string();
    for part in [
        "client_id=latchkey-dashboard",
        "connection=email",
        "code_challenge_method=S256",
        "prompt=login",
    ] {
        assert!(location.contains(part), "{location}");
    }
    // A callback without the browser's sealed cookie opens nothing.
    let answer = http
        .get(format!("{base}/admin/callback?code=x&state=y"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert!(answer.headers().get("set-cookie").is_none());
    assert_eq!(kids(&http, &base).await, kids_before, "nothing rotated");
}

/// Signs `ADMIN` in to an in-process app's dashboard over HTTP, the code read from `sink`.
pub(crate) async fn dashboard_sign_in(
    app: &crate::support::TestApp,
    sink: &mut SmtpSink,
) -> crate::support::web::Browser {
    use crate::support::web::{Browser, forms_of};
    let mut browser = Browser::new();
    let (status, headers, page) = browser.get(&app.url("/admin")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let authorize = headers["location"].to_str().unwrap().to_string();
    let (status, _, page) = browser.get(&app.url(&authorize)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, fields)| {
            action == "/authorize/identifier" && fields.iter().any(|(_, v)| v == "email")
        })
        .unwrap_or_else(|| panic!("an email form on the login page: {page}"));
    fields.push(("email".into(), ADMIN.into()));
    fields.push(("send".into(), "code".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = sink.next_message().await.code();
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), code));
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let callback = headers["location"].to_str().unwrap().to_string();
    // The callback opens the session and goes straight on to the overview.
    let (status, headers, page) = browser.get(&callback).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    assert_eq!(headers["location"], "/admin/overview");
    let (status, _, page) = browser.get(&app.url("/admin/overview")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<h1>Overview</h1>"), "{page}");
    browser
}

/// The dashboard's SMS and email-provider forms refuse a moved endpoint with the stored
/// secret left empty, at the secret's field (400); with the secret typed again they save.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_refuses_a_moved_endpoint_without_its_secret() {
    use crate::support::web::forms_of;
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = crate::support::spawn_app_with(
        &(crate::support::email_config(sink.port, "")
            + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")),
    )
    .await;
    let mut browser = dashboard_sign_in(&app, &mut sink).await;
    let set = |fields: &mut Vec<(String, String)>, key: &str, value: &str| {
        fields.retain(|(k, _)| k != key);
        fields.push((key.into(), value.into()));
    };

    // SMS: the Twilio URL moved, the token left empty.
    let (status, _, page) = browser.get(&app.url("/admin/connections/sms")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/connections/sms")
        .unwrap_or_else(|| panic!("the SMS form: {page}"));
    // (The page's visible fields, as the form shows them; `forms_of` reads hidden ones.)
    for (key, value) in [
        ("provider", "twilio"),
        ("twilio_sid", twilio::ACCOUNT_SID),
        ("from", "+15005550006"),
        ("syntax", "md_with_macros"),
        ("template", "Code @@password@@"),
        ("totp.length", "6"),
        ("totp.time_step", "300"),
    ] {
        set(&mut fields, key, value);
    }
    set(&mut fields, "twilio_api_url", "https://rogue.example");
    set(&mut fields, "twilio_token", "");
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(
        page.contains("id=\"twilio_token-error\">Twilio Auth Token must be entered again"),
        "the refusal is at the token's field: {page}"
    );
    set(&mut fields, "twilio_token", twilio::AUTH_TOKEN);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "with the token typed again: {page}"
    );

    // The email provider: the port moved, the password left empty.
    let (status, _, page) = browser.get(&app.url("/admin/email-provider")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/email-provider")
        .unwrap_or_else(|| panic!("the provider form: {page}"));
    set(&mut fields, "name", "smtp");
    set(
        &mut fields,
        "default_from_address",
        "Acme Login <login@acme.example>",
    );
    set(&mut fields, "smtp_host", "127.0.0.1");
    set(&mut fields, "smtp_port", &sink.port.to_string());
    set(&mut fields, "smtp_tls", "none");
    set(&mut fields, "smtp_user", SMTP_USER);
    // The configuration's provider is not stored: the first save stores one with a password.
    set(&mut fields, "smtp_pass", SMTP_PASS);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    set(&mut fields, "smtp_port", "2525");
    set(&mut fields, "smtp_pass", "");
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(
        page.contains("id=\"smtp_pass-error\">Password must be entered again"),
        "the refusal is at the password's field: {page}"
    );
    set(&mut fields, "smtp_pass", SMTP_PASS);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "with the password typed again: {page}"
    );
}

/// A delete whose typed name is wrong deletes nothing and is refused at the name's field,
/// named by its label, with the summary linking to it (400), as any refused value is; the
/// right name then deletes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_typed_name_is_refused_at_its_field() {
    use crate::support::web::forms_of;
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = crate::support::spawn_app_with(
        &(crate::support::email_config(sink.port, "")
            + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")),
    )
    .await;
    let mut browser = dashboard_sign_in(&app, &mut sink).await;
    let path = format!("/admin/applications/{}", crate::support::LINK_APP);
    let (status, _, page) = browser.get(&app.url(&path)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action.ends_with("/delete"))
        .unwrap_or_else(|| panic!("the delete form: {page}"));
    // A look-alike: the name with a different case.
    fields.push(("confirm".into(), "ACME NOTES".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    // (As the page escapes it.)
    let message =
        "Application&#39;s name does not match: type Acme Notes to delete the application";
    assert!(
        page.contains(&format!("<a href=\"#confirm-delete\">{message}</a>")),
        "the summary links to the field: {page}"
    );
    assert!(
        page.contains(&format!(
            "<p class=\"field-error\" id=\"confirm-delete-error\">{message}</p>"
        )),
        "{page}"
    );
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    assert!(!page.contains("id=\"notice\""), "no notice: {page}");
    let (status, _, _) = browser.get(&app.url(&path)).await;
    assert_eq!(status, StatusCode::OK, "nothing was deleted");
    fields.retain(|(k, _)| k != "confirm");
    fields.push(("confirm".into(), "Acme Notes".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (status, _, _) = browser.get(&app.url(&path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "deleted with the right name");
}
