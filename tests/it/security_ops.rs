//! Attack tests for issue 13's operational findings: the dashboard after logout (item 7), two
//! processes on a fresh SQLite folder (item 10), file modes (item 12), `/healthz` on an
//! empty database and the form_post error page ("also seen"). Each test says in its
//! assertions what the fix must do.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::security_support::{Spawned, spawn};
use crate::support::twilio::extract_code;
use crate::support::web::{Browser, forms_of};
use crate::support::{WEB_APP, phone, spawn_app};

const ADMIN: &str = "ops@latchkey.test";

/// `latchkey serve` on 127.0.0.1 with a port of its own, in `dir` (no configuration file).
fn serve(dir: &Path) -> Spawned {
    spawn(dir, &["serve", "--listen", "127.0.0.1:0"], &[])
}

// ---------------------------------------------------------------------------------------
// Item 7: after /admin/logout nothing from that sign-in opens the dashboard.

/// An administrator signs in to the dashboard over plain HTTP (/admin → the hosted login →
/// an email code from the development log → /admin/callback), which leaves no hosted-login
/// session, and signs out; then the dashboard's session cookie from that sign-in, sent
/// again, must not open the dashboard (it redirects to sign in, or answers 401/403).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_logout_leaves_no_session_that_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = serve(dir.path());
    let base = tokio::task::block_in_place(|| server.base_url());
    crate::support::process::cli(dir.path(), &["admins", "add", ADMIN]).succeeded();
    let mut browser = Browser::new();

    let (status, headers, page) = browser.get(&format!("{base}/admin")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let authorize = headers[LOCATION].to_str().unwrap().to_string();
    let (status, _, page) = browser.get(&format!("{base}{authorize}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, fields)| {
            action == "/authorize/identifier" && fields.iter().any(|(_, v)| v == "email")
        })
        .unwrap_or_else(|| panic!("an email form on the login page: {page}"));
    fields.push(("email".into(), ADMIN.into()));
    fields.push(("send".into(), "code".into()));
    let (status, _, page) = browser.post(&format!("{base}{action}"), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let code = tokio::task::block_in_place(|| {
        loop {
            let line = server
                .wait_for("DEVELOPMENT DELIVERY", Duration::from_secs(30))
                .unwrap_or_else(|e| panic!("{e}"));
            if line.contains(ADMIN) {
                let text = &line[line.find("text=").unwrap_or(0)..];
                return extract_code(text).unwrap_or_else(|| panic!("{line}"));
            }
        }
    });
    let (action, mut fields) = forms_of(&page).into_iter().next().unwrap();
    fields.push(("code".into(), code));
    let (status, headers, page) = browser.post(&format!("{base}{action}"), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let callback = headers[LOCATION].to_str().unwrap().to_string();
    assert!(callback.contains("/admin/callback?"), "{callback}");
    let (status, _, page) = browser.get(&callback).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "on to the overview: {page}");
    assert!(
        browser.cookies.contains_key("latchkey_admin"),
        "{:?}",
        browser.cookies
    );
    // The dashboard's sign-in leaves no hosted-login session (administrators are no users).
    assert!(
        !browser.cookies.contains_key("latchkey_session"),
        "{:?}",
        browser.cookies
    );
    let signed_in = browser.cookies["latchkey_admin"].clone();
    let (status, _, page) = browser.get(&format!("{base}/admin/connections")).await;
    assert_eq!(status, StatusCode::OK, "signed in, the dashboard opens");

    let (action, fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/logout")
        .unwrap_or_else(|| panic!("a sign-out form: {page}"));
    let (status, _, page) = browser.post(&format!("{base}{action}"), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Signed out"), "{page}");

    // The dashboard's session value, kept and sent again after the sign-out.
    let mut replay = Browser::new();
    replay.cookies.insert("latchkey_admin".into(), signed_in);
    let (status, headers, _) = replay.get(&format!("{base}/admin/connections")).await;
    assert!(
        status != StatusCode::OK,
        "after /admin/logout, the dashboard's old session cookie must not open \
         /admin/connections (expected a redirect to sign in, or 401/403); got {status}"
    );
    let (status, headers_home, _) = replay.get(&format!("{base}/admin")).await;
    let to = headers_home
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    assert!(
        !to.starts_with("/admin/connections") && !to.starts_with("/admin/overview"),
        "after /admin/logout, /admin with the dashboard's old session cookie must not open \
         the dashboard; it answered {status} to {to:?} ({headers:?})"
    );
}

// ---------------------------------------------------------------------------------------
// Item 10: the start-up race on a fresh SQLite folder.

/// Two `latchkey serve` processes started at once on the same fresh folder, 20 times: both
/// must come up every time (the server secret is created with create-new and re-read, and
/// SQLite migrations take an exclusive lock).
#[test]
fn two_servers_starting_at_once_on_a_fresh_folder_both_come_up() {
    let mut failures = Vec::new();
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let mut first = serve(dir.path());
        let mut second = serve(dir.path());
        for (which, server) in [("first", &mut first), ("second", &mut second)] {
            if let Err(e) = server.wait_for("Latchkey listening on ", Duration::from_secs(60)) {
                failures.push(format!("round {round}, {which} server: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 40 servers failed to come up when started in pairs on a fresh folder \
         (no \"File exists\", no \"table … already exists\" may happen); the first:\n{}",
        failures.len(),
        failures.first().map(String::as_str).unwrap_or("")
    );
}

// ---------------------------------------------------------------------------------------
// Item 12: file modes.

/// After a first run (a login's writes included), the data folder is 0700 and every file in
/// it is 0600, the database's `-wal` and `-shm` companions among them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_folder_and_every_database_file_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = serve(dir.path());
    let base = tokio::task::block_in_place(|| server.base_url());
    let client_id = tokio::task::block_in_place(|| {
        let line = server
            .wait_for("client_id=", Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{e}"));
        crate::support::process::after(&line, "client_id=").to_string()
    });
    let answer = reqwest::Client::new()
        .post(format!("{base}/passwordless/start"))
        .json(
            &serde_json::json!({"client_id": client_id, "connection": "sms",
                                  "phone_number": phone()}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);

    let data = dir.path().join("latchkey-data");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let mut wrong = Vec::new();
    if mode(&data) != 0o700 {
        wrong.push(format!("{} is {:o}", data.display(), mode(&data)));
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        if mode(&path) != 0o600 {
            wrong.push(format!("{} is {:o}", path.display(), mode(&path)));
        }
    }
    for companion in ["latchkey.sqlite-wal", "latchkey.sqlite-shm"] {
        assert!(
            names.iter().any(|n| n == companion),
            "{companion} exists while the server runs: {names:?}"
        );
    }
    assert!(
        wrong.is_empty(),
        "the data folder must be 0700 and every file in it 0600 (the database, its -wal and \
         -shm, the server secret): {wrong:?}"
    );
}

// ---------------------------------------------------------------------------------------
// "Also seen": /healthz on an empty database, the form_post error page.

/// A running server whose database has lost its schema (every table dropped) answers
/// `/healthz` with 503, not 200: the check looks for the schema, not just a connection.
#[tokio::test]
async fn healthz_fails_when_the_schema_is_gone() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let mut db = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert!(tables.len() > 5, "{tables:?}");
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut db)
        .await
        .unwrap();
    for (table,) in &tables {
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP TABLE \"{table}\"")))
            .execute(&mut db)
            .await
            .unwrap();
    }
    drop(db);

    let (status, body) = app.get_json("/healthz").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "/healthz must answer 503 when the database is empty (every table dropped) \
         while every login would fail: {body}"
    );
    let (status, body) = app.get_json("/healthz/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let (status, _) = app.get_json("/healthz/live").await;
    assert_eq!(status, StatusCode::OK);
}

/// `/authorize` with `response_mode=form_post` that returns an error to the app
/// (`prompt=none` with no session: `login_required`) shows a page that does not say
/// "You are signed in".
#[tokio::test]
async fn a_form_post_error_page_does_not_say_signed_in() {
    let app = spawn_app().await;
    let url = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string([
            ("client_id", WEB_APP),
            ("redirect_uri", "https://acme.example/callback"),
            ("response_type", "code"),
            ("response_mode", "form_post"),
            ("scope", "openid"),
            ("state", "st"),
            ("nonce", "nn"),
            ("prompt", "none"),
        ])
        .unwrap()
    );
    let mut browser = Browser::new();
    let (status, _, page) = browser.get(&url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, fields) = forms_of(&page).into_iter().next().expect("a form");
    assert_eq!(action, "https://acme.example/callback");
    assert!(
        fields.contains(&("error".into(), "login_required".into())),
        "the form posts login_required back to the app: {fields:?}"
    );
    assert!(
        !page.contains("You are signed in"),
        "a form_post page carrying an error (login_required) must not say \"You are signed \
         in\": {page}"
    );
}
