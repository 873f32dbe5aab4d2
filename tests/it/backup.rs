//! `latchkey backup` and `latchkey restore` through the real binary: a backup taken while
//! logins are being written, restored into another folder with its secret, keeps old refresh
//! tokens working; a restore is refused while a server runs, and with another secret.

use std::path::Path;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{Server, after, cli, start_in};
use crate::support::{OTP_GRANT, phone, read};

/// `latchkey <args>` in `dir`: whether it exited 0, and what it said.
fn latchkey(dir: &Path, args: &[&str]) -> (bool, String) {
    let ran = cli(dir, args);
    (ran.ok, ran.said())
}

/// A served SMS login with `offline_access`: its refresh token.
async fn refresh_token_of_a_login(server: &Server, base: &str, client_id: &str) -> String {
    let http = reqwest::Client::new();
    let number = phone();
    let (status, body) = read(
        http.post(format!("{base}/passwordless/start"))
            .json(&json!({"client_id": client_id, "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY");
            if line.contains(&number) {
                break line;
            }
        }
    });
    let code = crate::support::twilio::extract_code(&line[line.find("body=").unwrap()..]).unwrap();
    let (status, tokens) = read(
        http.post(format!("{base}/oauth/token"))
            .json(
                &json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": number,
                          "otp": code, "realm": "sms", "scope": "openid offline_access"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    tokens["refresh_token"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_with_its_secret_and_old_refresh_tokens_work() {
    let first = tempfile::tempdir().unwrap();
    let server = start_in(first.path(), &[]);
    let base = after(&server.wait_for("Latchkey listening on "), "listening on ").to_string();
    let client_id = after(&server.wait_for("client_id="), "client_id=").to_string();
    let refresh = refresh_token_of_a_login(&server, &base, &client_id).await;

    // Writes go on while the copy is taken: codes are stored for ever new numbers.
    let load = {
        let (base, client_id) = (base.clone(), client_id.clone());
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            loop {
                // Answers are not the point here (past the start rate limit they are 429s).
                let _ = http
                    .post(format!("{base}/passwordless/start"))
                    .json(&json!({"client_id": client_id, "connection": "sms", "phone_number": phone()}))
                    .send()
                    .await;
            }
        })
    };
    let copy = first.path().join("backup.sqlite");
    let (ok, said) =
        tokio::task::block_in_place(|| latchkey(first.path(), &["backup", copy.to_str().unwrap()]));
    load.abort();
    assert!(ok, "{said}");
    assert!(
        said.contains("server-secret"),
        "the secret is named: {said}"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (ok, said) = latchkey(first.path(), &["backup", copy.to_str().unwrap()]);
    assert!(!ok && said.contains("must not exist"), "{said}");

    // Not under a running server.
    let (ok, said) = latchkey(first.path(), &["restore", copy.to_str().unwrap()]);
    assert!(!ok && said.contains("a server is running"), "{said}");

    // Not with another secret: nothing is replaced.
    let other = tempfile::tempdir().unwrap();
    latchkey(other.path(), &["migrate", "apply"]);
    let (ok, said) = latchkey(other.path(), &["restore", copy.to_str().unwrap()]);
    assert!(!ok && said.contains("another server secret"), "{said}");

    // With its secret, in a fresh folder: the old refresh token works there.
    let second = tempfile::tempdir().unwrap();
    let data = second.path().join("latchkey-data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let secret = data.join("server-secret");
    std::fs::copy(first.path().join("latchkey-data/server-secret"), &secret).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (ok, said) = latchkey(second.path(), &["restore", copy.to_str().unwrap()]);
    assert!(ok, "{said}");
    drop(server);
    let restored = start_in(second.path(), &[]);
    let base = after(
        &restored.wait_for("Latchkey listening on "),
        "listening on ",
    )
    .to_string();
    let (status, tokens): (StatusCode, Value) = read(
        reqwest::Client::new()
            .post(format!("{base}/oauth/token"))
            .json(
                &json!({"grant_type": "refresh_token", "client_id": client_id,
                          "refresh_token": refresh}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert!(tokens["id_token"].is_string(), "{tokens}");
}
