//! The Prometheus endpoint through the real binary: on its own listener, the counters move by
//! exactly the logins, failures, refreshes, reuse and rate-limit hits made, with their labels;
//! behind a bearer token on the main listener, only the right token reads them; and nothing
//! in them names a phone number, a code or a token.

use std::collections::HashMap;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{Server, after, cli, start_in};
use crate::support::{OTP_GRANT, phone, read};

const CLIENT: &str = "rotating-app";

/// A public app whose refresh tokens rotate with no leeway, so a replay is reuse at once.
const CLIENT_CONFIG: &str = r#"
[[clients]]
client_id = "rotating-app"
name = "Rotating"
[clients.refresh_token]
rotation_type = "rotating"
expiration_type = "expiring"
token_lifetime = 86400
idle_token_lifetime = 3600
leeway = 0
"#;

/// The server's base URL, and the metrics URL its log names (either line may come first:
/// the banner is on stdout, the log on stderr).
fn addresses(server: &Server) -> (String, Option<String>) {
    let (mut base, mut metrics) = (None, None);
    while base.is_none() {
        let line = server.wait_for("");
        if line.contains("metrics listening on ") {
            metrics = Some(after(&line, "metrics listening on ").to_string());
        }
        if line.contains("Latchkey listening on ") {
            base = Some(after(&line, "listening on ").to_string());
        }
    }
    let metrics = metrics.or_else(|| {
        let line = server.wait_for("metrics listening on ");
        Some(after(&line, "metrics listening on ").to_string())
    });
    (base.unwrap_or_default(), metrics)
}

/// Asks for a code for `number` and reads it from the development provider's log line.
async fn code_for(server: &Server, base: &str, number: &str) -> String {
    let (status, body) = read(
        reqwest::Client::new()
            .post(format!("{base}/passwordless/start"))
            .json(&json!({"client_id": CLIENT, "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY");
            if line.contains(number) {
                break line;
            }
        }
    });
    crate::support::twilio::extract_code(&line[line.find("body=").unwrap()..]).unwrap()
}

async fn token(base: &str, form: Value) -> (StatusCode, Value) {
    read(
        reqwest::Client::new()
            .post(format!("{base}/oauth/token"))
            .json(&form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn otp_login(base: &str, number: &str, code: &str) -> (StatusCode, Value) {
    token(
        base,
        json!({"grant_type": OTP_GRANT, "client_id": CLIENT, "username": number, "otp": code,
               "realm": "sms", "scope": "openid offline_access"}),
    )
    .await
}

async fn refresh(base: &str, refresh_token: &str) -> (StatusCode, Value) {
    token(
        base,
        json!({"grant_type": "refresh_token", "client_id": CLIENT, "refresh_token": refresh_token}),
    )
    .await
}

/// A scrape's samples, by metric name and label set.
struct Samples(HashMap<(String, Vec<(String, String)>), f64>);

impl Samples {
    fn parse(text: &str) -> Self {
        let mut samples = HashMap::new();
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let (series, value) = line.rsplit_once(' ').unwrap();
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => (name, rest.trim_end_matches('}')),
                None => (series, ""),
            };
            let mut labels: Vec<(String, String)> = labels
                .split("\",")
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap();
                    (k.to_string(), v.trim_matches('"').to_string())
                })
                .collect();
            labels.sort();
            samples.insert((name.to_string(), labels), value.parse().unwrap());
        }
        Self(samples)
    }

    /// The sample's value; 0 when the series is not there yet (a counter never incremented).
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let mut labels: Vec<(String, String)> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        labels.sort();
        self.0
            .get(&(name.to_string(), labels))
            .copied()
            .unwrap_or(0.0)
    }
}

async fn scrape(url: &str) -> (String, Samples) {
    let response = reqwest::get(url).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    let samples = Samples::parse(&text);
    (text, samples)
}

/// Neither a phone number nor a code appears as a run of digits, nor any token as text.
fn assert_names_no_secret(text: &str, numbers: &[&str], codes: &[&str], tokens: &[&str]) {
    let runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect();
    for secret in numbers
        .iter()
        .map(|n| n.trim_start_matches('+'))
        .chain(codes.iter().copied())
    {
        assert!(
            !runs.contains(&secret),
            "{secret} is in the metrics:\n{text}"
        );
    }
    for token in tokens {
        assert!(!text.contains(token), "a token is in the metrics:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_move_by_the_logins_made_with_their_labels() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("latchkey.toml");
    std::fs::write(
        &config,
        format!("{CLIENT_CONFIG}\n[metrics]\nlisten = \"127.0.0.1:0\"\n"),
    )
    .unwrap();
    let server = start_in(dir.path(), &["--config", config.to_str().unwrap()]);
    let (base, metrics) = tokio::task::block_in_place(|| addresses(&server));
    let metrics = metrics.unwrap();
    assert!(metrics.ends_with("/metrics"), "{metrics}");
    let (_, before) = scrape(&metrics).await;

    // One good login and its refresh; one wrong code, and a second code asked for too soon
    // (for the number whose code was not used: a used one ends the gap); then the rotated
    // token replayed.
    let (alice, bob) = (phone(), phone());
    let code = code_for(&server, &base, &alice).await;
    let (status, tokens) = otp_login(&base, &alice, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let first_refresh = tokens["refresh_token"].as_str().unwrap().to_string();
    let (status, refreshed) = refresh(&base, &first_refresh).await;
    assert_eq!(status, StatusCode::OK, "{refreshed}");
    let bobs_code = code_for(&server, &base, &bob).await;
    let wrong = format!(
        "{:0width$}",
        (bobs_code.parse::<u64>().unwrap() + 1) % 10u64.pow(bobs_code.len() as u32),
        width = bobs_code.len()
    );
    let (status, body) = otp_login(&base, &bob, &wrong).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = read(
        reqwest::Client::new()
            .post(format!("{base}/passwordless/start"))
            .json(&json!({"client_id": CLIENT, "connection": "sms", "phone_number": bob}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // Within DUPLICATE_WINDOW of its rotation a token coming back is a duplicate of the
    // rotating request: refused, and not counted as reuse (the binary runs on the wall
    // clock; reuse itself is counted in `refresh_token_reuse_is_counted`, on a test clock).
    let (status, body) = refresh(&base, &first_refresh).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (text, after) = scrape(&metrics).await;
    let moved =
        |name: &str, labels: &[(&str, &str)]| after.get(name, labels) - before.get(name, labels);
    let otp = [("connection", "sms"), ("grant", "otp")];
    assert_eq!(moved("latchkey_logins_total", &otp), 1.0, "{text}");
    let wrong_code = [
        ("connection", "sms"),
        ("grant", "otp"),
        ("reason", "wrong_code"),
    ];
    assert_eq!(
        moved("latchkey_login_failures_total", &wrong_code),
        1.0,
        "{text}"
    );
    let refreshes = [("connection", "none"), ("grant", "refresh_token")];
    assert_eq!(moved("latchkey_logins_total", &refreshes), 1.0, "{text}");
    let replay = [
        ("connection", "none"),
        ("grant", "refresh_token"),
        ("reason", "invalid_grant"),
    ];
    assert_eq!(
        moved("latchkey_login_failures_total", &replay),
        1.0,
        "{text}"
    );
    assert_eq!(
        moved("latchkey_refresh_token_reuse_detected_total", &[]),
        0.0,
        "a duplicate is not reuse: {text}"
    );
    let us = [("channel", "sms"), ("country", "US")];
    assert_eq!(moved("latchkey_codes_sent_total", &us), 2.0, "{text}");
    let log = [("provider", "log")];
    assert_eq!(
        moved("latchkey_delivery_duration_seconds_count", &log),
        2.0,
        "{text}"
    );
    let recipient = [("limit", "start_per_recipient")];
    assert_eq!(
        moved("latchkey_rate_limited_total", &recipient),
        1.0,
        "{text}"
    );
    let token_ok = [
        ("method", "POST"),
        ("route", "/oauth/token"),
        ("status", "200"),
    ];
    assert_eq!(
        moved("latchkey_http_request_duration_seconds_count", &token_ok),
        2.0,
        "{text}"
    );
    // SQLite's writer: this test's two codes stored and two code logins at least (other
    // tests' servers in this process add theirs).
    assert!(
        moved("latchkey_sqlite_writes_per_commit_sum", &[]) >= 4.0,
        "{text}"
    );
    assert!(
        text.contains("# TYPE latchkey_http_request_duration_seconds histogram"),
        "{text}"
    );
    assert!(
        text.contains("latchkey_http_request_duration_seconds_bucket{"),
        "{text}"
    );
    // SQLite: one writer connection and up to four readers, sampled at the scrape.
    assert_eq!(
        after.get("latchkey_db_pool_max_connections", &[("pool", "writer")]),
        1.0
    );
    assert_eq!(
        after.get("latchkey_db_pool_max_connections", &[("pool", "reader")]),
        4.0
    );
    let open = after.get(
        "latchkey_db_pool_connections",
        &[("pool", "writer"), ("state", "idle")],
    ) + after.get(
        "latchkey_db_pool_connections",
        &[("pool", "writer"), ("state", "in_use")],
    );
    assert_eq!(open, 1.0, "{text}");

    assert_names_no_secret(
        &text,
        &[&alice, &bob],
        &[&code, &bobs_code, &wrong],
        &[
            &first_refresh,
            tokens["access_token"].as_str().unwrap(),
            refreshed["refresh_token"].as_str().unwrap(),
        ],
    );

    // The metrics listener serves nothing else, and the main one has no /metrics without a
    // token configured.
    let other = reqwest::get(metrics.replace("/metrics", "/healthz/live"))
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let main = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(main.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_bearer_token_only_the_right_token_reads_the_metrics() {
    const TOKEN: &str = "scrape-token-4f7c1e9a2b";
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("metrics-token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let config = dir.path().join("latchkey.toml");
    std::fs::write(
        &config,
        format!("[metrics]\nbearer_token_file = {token_file:?}\n"),
    )
    .unwrap();
    let server = start_in(dir.path(), &["--config", config.to_str().unwrap()]);
    let base = tokio::task::block_in_place(|| server.base_url());
    let http = reqwest::Client::new();
    let url = format!("{base}/metrics");

    let (status, body) = read(http.get(&url).send().await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"], "unauthorized", "{body}");
    for wrong in ["Bearer scrape-token-4f7c1e9a2c", "Bearer ", TOKEN] {
        let refused = http
            .get(&url)
            .header("authorization", wrong)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "{wrong}");
    }
    let allowed = http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(allowed.status(), StatusCode::OK);
    let kind = allowed.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/plain"), "{kind}");
    let text = allowed.text().await.unwrap();
    // The refused scrapes went through the access log, so the latency histogram has them.
    assert!(
        text.contains("# TYPE latchkey_http_request_duration_seconds histogram"),
        "{text}"
    );
    let refused = [("method", "GET"), ("route", "/metrics"), ("status", "401")];
    let samples = Samples::parse(&text);
    assert_eq!(
        samples.get("latchkey_http_request_duration_seconds_count", &refused),
        4.0,
        "{text}"
    );
    assert_names_no_secret(&text, &[], &[], &[TOKEN]);
    drop(server);

    // A short token is refused at start, with the key named.
    std::fs::write(&token_file, "too-short\n").unwrap();
    let ran = cli(
        dir.path(),
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--config",
            config.to_str().unwrap(),
        ],
    );
    assert!(!ran.ok, "{}", ran.said());
    assert!(
        ran.said().contains("metrics.bearer_token_file"),
        "{}",
        ran.said()
    );
}

/// Refresh-token reuse is counted once detected: in-process, with the test clock moved past
/// the duplicate window, and with a recorder of this test's own (on a one-thread runtime,
/// so every task of the app records into it and no other test's counts mix in).
#[test]
fn refresh_token_reuse_is_counted() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let app = crate::support::spawn_app().await;
            let app_id = crate::support::ROTATING_APP;
            let user = app.sms_user().client(app_id).await;
            let first = user.refresh_token.unwrap();
            let grant = |token: &str| {
                json!({"grant_type": "refresh_token", "client_id": app_id, "refresh_token": token})
            };
            let (status, _) = app.post_json("/oauth/token", grant(&first)).await;
            assert_eq!(status, StatusCode::OK);
            app.clock
                .advance(latchkey::domain::tokens::refresh_rule::DUPLICATE_WINDOW);
            let (status, body) = app.post_json("/oauth/token", grant(&first)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        })
    });
    let text = handle.render();
    assert!(
        text.lines()
            .any(|l| l == "latchkey_refresh_token_reuse_detected_total 1"),
        "{text}"
    );
}
