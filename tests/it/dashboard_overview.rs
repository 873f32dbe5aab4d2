//! The dashboard's overview, forms and tables on the real executable, in headless Chromium
//! (`tests/browser/dashboard_overview.mjs`): the administrator (added with `latchkey admins
//! add`) signs in and lands on the overview, whose charts and tables show the SMS logins,
//! failures and pumping refusals made here over HTTP first, and not the sign-in itself; a
//! refused save shows a focused error summary naming the field by its label, with and
//! without JavaScript; deleting a connection, an application or a user wants its name
//! typed; the Administrators page adds and removes, and refuses the last one removing
//! themself; tables scroll inside their box at phone width; every page passes axe-core in
//! light and dark mode with a brand colour set, and is screenshotted at 1280 and 390 px, in
//! English, Arabic and Japanese, each saying its language and showing no message key.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::dashboard::{ADMIN, exchange, logged_for, start};
use crate::support::process::start_in;
use crate::support::script::{converse, event};
use crate::support::twilio::extract_code;
use crate::support::{BROWSER_DIR, browser_available, phone, skip_or_fail};

const OTHER_ADMIN: &str = "second@latchkey.test";
/// A French mobile number, and a French premium-rate one (refused as pumping by default).
const FRENCH: &str = "+33612345678";
const PREMIUM: &str = "+33899123456";

/// The dashboard's message keys, from the English files: none may show on a page.
fn dashboard_message_keys() -> Vec<String> {
    [
        include_str!("../../src/domain/i18n/locales/dashboard/en/frame.ftl"),
        include_str!("../../src/domain/i18n/locales/dashboard/en/overview.ftl"),
        include_str!("../../src/domain/i18n/locales/dashboard/en/applications.ftl"),
        include_str!("../../src/domain/i18n/locales/dashboard/en/connections.ftl"),
    ]
    .iter()
    .flat_map(|source| source.lines())
    .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
    .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
    .collect()
}

/// A whole SMS login through `client_id` on the development log provider.
async fn sms_login(
    http: &reqwest::Client,
    server: &crate::support::process::Server,
    base: &str,
    client_id: &str,
    number: &str,
) {
    let (status, body) = start(http, base, client_id, number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = logged_for(server, number);
    let code =
        extract_code(&line[line.find("body=").unwrap()..]).unwrap_or_else(|| panic!("{line}"));
    let (status, tokens) = exchange(http, base, client_id, number, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_and_the_dashboards_forms_work_for_everyone() {
    if let Err(reason) = browser_available() {
        skip_or_fail(&reason);
        return;
    }
    let axe = Path::new(BROWSER_DIR).join("node_modules/axe-core/axe.min.js");
    if !axe.exists() {
        skip_or_fail("axe-core is not installed (npm ci --prefix tests/browser)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = start_in(dir.path(), &["--issuer", "http://localhost:0/"]);
    let banner = tokio::task::block_in_place(|| server.wait_for("Latchkey listening on "));
    let base = crate::support::process::after(&banner, "listening on ").to_string();
    let issuer = crate::support::process::after(&banner, "(issuer ")
        .trim_end_matches(')')
        .to_string();
    let default_app = tokio::task::block_in_place(|| {
        crate::support::process::after(&server.wait_for("Default App"), "client_id=").to_string()
    });
    crate::support::process::cli(dir.path(), &["admins", "add", ADMIN]).succeeded();
    let http = reqwest::Client::new();

    // What the overview will show: two US logins and a French one, a wrong code, and a
    // premium-rate French number refused by pumping protection.
    let (us_one, us_two) = (phone(), phone());
    for number in [&us_one, &us_two, &FRENCH.to_string()] {
        sms_login(&http, &server, &base, &default_app, number).await;
    }
    let (status, _) = exchange(&http, &base, &default_app, &us_one, "000000").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = start(&http, &base, &default_app, PREMIUM).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dashboard-overview");
    let mut node = tokio::process::Command::new("node");
    node.arg(Path::new(BROWSER_DIR).join("dashboard_overview.mjs"))
        .env("ISSUER", &issuer)
        .env("ADMIN_EMAIL", ADMIN)
        .env("OTHER_ADMIN", OTHER_ADMIN)
        .env("CLIENT_ID", &default_app)
        .env("USER_PHONE", &us_two)
        .env("LOGINS", "3")
        .env("AXE", &axe)
        .env("SCREENSHOT_DIR", &shots)
        .env("KEYS", json!(dashboard_message_keys()).to_string());
    let said = converse(node, async |msg| match msg["need"].as_str() {
        Some("admin_code") => {
            let line = logged_for(&server, ADMIN);
            let text = &line[line.find("text=").unwrap()..];
            json!({"code": extract_code(text).unwrap_or_else(|| panic!("{line}"))})
        }
        other => panic!("unknown request {other:?}"),
    })
    .await;
    let done = event(&said, "done").expect("the browser run ends with done");
    assert_eq!(done["problems"], json!([]), "console errors (CSP?)");
    let axe_runs = done["axe"].as_array().unwrap();
    assert!(
        axe_runs.len() >= 72,
        "axe ran on every page in both modes and three languages: {axe_runs:?}"
    );
    for run in axe_runs {
        println!(
            "axe-core {} {}: {} mode, {} rules passed, {} violations",
            run["page"], run["lang"], run["mode"], run["passes"], run["violations"]
        );
        assert!(
            run["passes"].as_u64() > Some(10),
            "axe ran its rules: {run}"
        );
    }
    let violations: Vec<&Value> = axe_runs
        .iter()
        .filter(|run| run["violations"].as_u64() != Some(0))
        .collect();
    assert!(violations.is_empty(), "axe-core violations: {violations:?}");
    for shot in done["shots"].as_array().unwrap() {
        let file = shots.join(format!("{}.png", shot.as_str().unwrap()));
        assert!(file.exists(), "{}", file.display());
    }
    println!("dashboard screenshots: {}", shots.display());
}
