//! TLS to the mail relay: with `smtp_tls = "starttls"` Latchkey upgrades the connection and
//! verifies the relay's certificate (a private CA can be trusted with `smtp_ca_file`), and it
//! never falls back to sending in clear.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::StatusCode;
use serde_json::json;

use crate::support::smtp::SmtpSink;
use crate::support::{
    NATIVE_APP, SMTP_PASS, SMTP_USER, TestApp, email, email_config, skip_or_fail, spawn_app_with,
};

/// A throwaway CA and a certificate it issued for 127.0.0.1, made with the openssl CLI.
struct Pki {
    _dir: tempfile::TempDir,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) -> bool {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn make_pki() -> Option<Pki> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("leaf.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let ok = openssl(
        p,
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Latchkey Test CA",
            ],
        ]
        .concat(),
    ) && openssl(
        p,
        &[
            &["req"][..],
            &ec,
            &[
                "-keyout",
                "leaf.key",
                "-out",
                "leaf.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        ]
        .concat(),
    ) && openssl(
        p,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "leaf.ext",
        ],
    );
    if !ok {
        skip_or_fail("the openssl command line tool is missing or failed");
        return None;
    }
    Some(Pki {
        ca: p.join("ca.pem"),
        cert: p.join("leaf.pem"),
        key: p.join("leaf.key"),
        _dir: dir,
    })
}

/// The email test configuration, switched to STARTTLS (and a trusted CA when given).
fn starttls_config(port: u16, ca: Option<&Path>) -> String {
    let tls = match ca {
        Some(ca) => format!(
            "smtp_tls = \"starttls\"\nsmtp_ca_file = \"{}\"",
            ca.display()
        ),
        None => "smtp_tls = \"starttls\"".into(),
    };
    email_config(port, "").replace("smtp_tls = \"none\"", &tls)
}

async fn start_code(app: &TestApp) -> (StatusCode, serde_json::Value) {
    app.post_json(
        "/passwordless/start",
        json!({"client_id": NATIVE_APP, "connection": "email", "email": email(), "send": "code"}),
    )
    .await
}

/// A throwaway CA, and a sink (with auth) offering STARTTLS with a certificate it issued.
async fn relay_with_starttls() -> Option<(Pki, SmtpSink)> {
    let pki = make_pki()?;
    let sink =
        SmtpSink::start_with_tls(Some((SMTP_USER, SMTP_PASS)), Some((&pki.cert, &pki.key))).await?;
    Some((pki, sink))
}

#[tokio::test]
async fn starttls_to_a_relay_with_a_private_ca() {
    let Some((pki, mut sink)) = relay_with_starttls().await else {
        return;
    };
    let app = spawn_app_with(&starttls_config(sink.port, Some(&pki.ca))).await;
    let (status, body) = start_code(&app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m = sink.next_message().await;
    assert!(m.tls, "the message came in clear");
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));
}

#[tokio::test]
async fn an_untrusted_certificate_stops_the_send() {
    let Some((_pki, mut sink)) = relay_with_starttls().await else {
        return;
    };
    let app = spawn_app_with(&starttls_config(sink.port, None)).await;
    let (status, body) = start_code(&app).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "email_provider_error");
    sink.assert_no_message().await;
}

#[tokio::test]
async fn a_relay_without_starttls_gets_nothing_in_clear() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(&starttls_config(sink.port, None)).await;
    let (status, body) = start_code(&app).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "email_provider_error");
    sink.assert_no_message().await;
}
