//! Auth0's own Python SDK (auth0-python) logs in, refreshes, verifies the id_token against
//! our JWKS and revokes, against a running Latchkey, from another process over HTTP.

use std::process::Command;

use crate::support::{NATIVE_APP, WEB_APP, WEB_SECRET, phone, skip_or_fail, spawn_app};

fn auth0_python_available() -> bool {
    Command::new("python3")
        .args(["-c", "import auth0.authentication"])
        .output()
        .is_ok_and(|o| o.status.success())
}

async fn run_flow(client_id: &str, secret: &str) {
    if !auth0_python_available() {
        skip_or_fail(
            "python3 with auth0-python is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = spawn_app().await;
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sdk/auth0_python_flow.py"
    );
    let output = tokio::process::Command::new("python3")
        .arg(script)
        .env("LATCHKEY_DOMAIN", app.base.trim_start_matches("http://"))
        .env("LATCHKEY_ISSUER", &app.issuer)
        .env("LATCHKEY_CLIENT_ID", client_id)
        .env("LATCHKEY_CLIENT_SECRET", secret)
        .env("TWILIO_FAKE_URL", &app.twilio.url)
        .env("PHONE_NUMBER", phone())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "auth0-python flow failed\nstdout: {stdout}\nstderr: {stderr}"
    );
    assert!(stdout.contains("\"ok\": true"), "{stdout}");
    assert!(app.twilio.violations().is_empty());
}

#[tokio::test]
async fn auth0_python_public_client() {
    run_flow(NATIVE_APP, "").await;
}

#[tokio::test]
async fn auth0_python_confidential_client() {
    run_flow(WEB_APP, WEB_SECRET).await;
}
