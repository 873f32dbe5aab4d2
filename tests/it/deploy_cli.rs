//! auth0-deploy-cli against two real `latchkey serve` processes over their own TLS: a tenant
//! set up through the Management API on the first (applications, SMS and email connections,
//! an API with scopes, roles with permissions, a client grant, the email provider and the
//! tenant settings) is exported, imported into the second, and exported again; the two exports
//! must be identical file by file, and the second server must then hold what was moved.

use std::path::Path;
use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::process::{Server, start_listening_in};
use crate::support::skip_or_fail;
use crate::support::twilio::{self, FakeTwilio};

const DEPLOY_ID: &str = "deploy-cli";
const DEPLOY_SECRET: &str = "deploy-cli-secret-5d02b7a9";
const API: &str = "https://orders.acme.example/";

/// One Latchkey serving https on a port chosen first, so its configuration can name the
/// Management API's audience; with a machine client granted every Management scope.
struct TlsLatchkey {
    issuer: String,
    http: reqwest::Client,
    _server: Server,
}

impl TlsLatchkey {
    fn start(dir: &Path, cert: &Path, key: &Path, pem: &str) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let issuer = format!("https://localhost:{port}/");
        let config = dir.join("latchkey.toml");
        std::fs::write(
            &config,
            format!(
                "issuer = \"{issuer}\"\ntls_cert_file = {:?}\ntls_key_file = {:?}\n{}",
                cert.display().to_string(),
                key.display().to_string(),
                crate::support::management_client(DEPLOY_ID, DEPLOY_SECRET, &[])
                    .replace("{issuer}", &issuer),
            ),
        )
        .unwrap();
        let server = start_listening_in(
            dir,
            &format!("127.0.0.1:{port}"),
            &["--config", config.to_str().unwrap()],
        );
        let banner = server.wait_for("Latchkey listening on ");
        assert!(banner.contains(&issuer), "{banner}");
        let http = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(pem.as_bytes()).unwrap())
            .build()
            .unwrap();
        Self {
            issuer,
            http,
            _server: server,
        }
    }

    fn domain(&self) -> &str {
        self.issuer
            .trim_start_matches("https://")
            .trim_end_matches('/')
    }

    async fn token(&self) -> String {
        let answer: Value = self
            .http
            .post(format!("{}oauth/token", self.issuer))
            .json(
                &json!({"grant_type": "client_credentials", "client_id": DEPLOY_ID,
                          "client_secret": DEPLOY_SECRET,
                          "audience": format!("{}api/v2/", self.issuer)}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["access_token"].as_str().unwrap().to_string()
    }

    /// A Management API call that must succeed; its answer.
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .http
            .request(method.clone(), format!("{}api/v2/{path}", self.issuer))
            .bearer_auth(self.token().await);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        if status == StatusCode::NO_CONTENT || text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        }
    }
}

/// The tenant an operator would move: set up through the Management API, as an Auth0 tenant
/// would have been.
async fn set_up_tenant(a: &TlsLatchkey, fake: &FakeTwilio) {
    use reqwest::Method;
    let spa = a
        .call(
            Method::POST,
            "clients",
            Some(json!({"name": "Orders SPA", "app_type": "spa",
                        "callbacks": ["https://orders.acme.example/callback"],
                        "web_origins": ["https://orders.acme.example"]})),
        )
        .await;
    assert!(spa["client_id"].is_string(), "{spa}");
    let worker = a
        .call(
            Method::POST,
            "clients",
            Some(
                json!({"name": "Orders worker", "app_type": "non_interactive",
                        "grant_types": ["client_credentials"]}),
            ),
        )
        .await;
    a.call(
        Method::POST,
        "resource-servers",
        Some(json!({"name": "Orders API", "identifier": API,
                    "scopes": [{"value": "read:orders", "description": "Read orders"},
                               {"value": "ship:orders", "description": "Ship orders"}],
                    "enforce_policies": true, "token_dialect": "access_token_authz",
                    "token_lifetime": 3600})),
    )
    .await;
    let role = a
        .call(
            Method::POST,
            "roles",
            Some(json!({"name": "Shipper", "description": "Ships orders"})),
        )
        .await;
    let role_id = role["id"].as_str().unwrap();
    a.call(
        Method::POST,
        &format!("roles/{role_id}/permissions"),
        Some(json!({"permissions": [
            {"resource_server_identifier": API, "permission_name": "ship:orders"},
            {"resource_server_identifier": API, "permission_name": "read:orders"}]})),
    )
    .await;
    a.call(
        Method::POST,
        "client-grants",
        Some(json!({"client_id": worker["client_id"], "audience": API,
                    "scope": ["read:orders"]})),
    )
    .await;
    let connections = a.call(Method::GET, "connections", None).await;
    let sms = connections
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sms")
        .unwrap();
    a.call(
        Method::PATCH,
        &format!("connections/{}", sms["id"].as_str().unwrap()),
        Some(
            json!({"options": {"provider": "twilio", "twilio_sid": twilio::ACCOUNT_SID,
                                "twilio_token": twilio::AUTH_TOKEN, "from": twilio::FROM,
                                "twilio_api_url": fake.url,
                                "template": "Your Orders code is @@password@@",
                                "totp": {"length": 6, "time_step": 300}}}),
        ),
    )
    .await;
    a.call(
        Method::POST,
        "emails/provider",
        Some(json!({"name": "smtp", "enabled": true,
                    "default_from_address": "login@orders.acme.example",
                    "credentials": {"smtp_host": "smtp.orders.acme.example", "smtp_port": 587}})),
    )
    .await;
    a.call(
        Method::PATCH,
        "tenants/settings",
        Some(json!({"friendly_name": "Acme Orders",
                    "support_email": "help@orders.acme.example",
                    "support_url": "https://orders.acme.example/help"})),
    )
    .await;
}

/// Export → import → export with auth0-deploy-cli, every type Latchkey serves included: the
/// two exports are identical, and the second server then answers for what was moved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_deploy_cli_moves_a_tenant_between_two_latchkeys_unchanged() {
    let modules = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/deploy_cli/node_modules/auth0-deploy-cli"
    );
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) || !Path::new(modules).exists() {
        skip_or_fail("node or auth0-deploy-cli is missing (npm ci --prefix tests/deploy_cli)");
        return;
    }
    crate::support::log_check::secret("the deploy client's secret", DEPLOY_SECRET);
    let dir = tempfile::tempdir().unwrap();
    let (cert, key, pem) = crate::tls::certificate(dir.path(), "server");
    let a = TlsLatchkey::start(&dir.path().join("a"), &cert, &key, &pem);
    let b = TlsLatchkey::start(&dir.path().join("b"), &cert, &key, &pem);
    let fake = FakeTwilio::start().await;
    set_up_tenant(&a, &fake).await;

    let work = dir.path().join("exports");
    std::fs::create_dir_all(&work).unwrap();
    let done = Command::new("node")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/deploy_cli/roundtrip.mjs"
        ))
        .env("A_DOMAIN", a.domain())
        .env("B_DOMAIN", b.domain())
        .env("DEPLOY_ID", DEPLOY_ID)
        .env("DEPLOY_SECRET", DEPLOY_SECRET)
        .env("WORK_DIR", &work)
        .env("TWILIO_TOKEN", twilio::AUTH_TOKEN)
        .env("NODE_EXTRA_CA_CERTS", &cert)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let ok: Value = serde_json::from_str(said.lines().last().unwrap()).unwrap();
    let tenant = ok["tenant"].as_str().unwrap();
    // The export is not trivially equal: it holds each resource that was set up.
    for expected in [
        "Orders SPA",
        "Orders worker",
        API,
        "ship:orders",
        "Shipper",
        "Your Orders code is @@password@@",
        "login@orders.acme.example",
        "friendly_name: Acme Orders",
    ] {
        assert!(tenant.contains(expected), "{expected} not in\n{tenant}");
    }

    // And B now serves what came over.
    use reqwest::Method;
    let apis = b.call(Method::GET, "resource-servers", None).await;
    let orders = apis
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["identifier"] == API)
        .unwrap_or_else(|| panic!("{apis}"));
    assert_eq!(orders["enforce_policies"], true, "{orders}");
    assert_eq!(orders["token_dialect"], "access_token_authz", "{orders}");
    let roles = b.call(Method::GET, "roles", None).await;
    let shipper = roles
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Shipper")
        .unwrap_or_else(|| panic!("{roles}"));
    let permissions = b
        .call(
            Method::GET,
            &format!("roles/{}/permissions", shipper["id"].as_str().unwrap()),
            None,
        )
        .await;
    let mut names: Vec<&str> = permissions
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["permission_name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["read:orders", "ship:orders"], "{permissions}");
    let settings = b.call(Method::GET, "tenants/settings", None).await;
    assert_eq!(settings["friendly_name"], "Acme Orders", "{settings}");
    let grants = b
        .call(
            Method::GET,
            &format!("client-grants?audience={}", urlencode(API)),
            None,
        )
        .await;
    assert_eq!(grants.as_array().map(Vec::len), Some(1), "{grants}");
    assert_eq!(grants[0]["scope"], json!(["read:orders"]), "{grants}");

    // The Twilio token came over through the keyword: B texts a code with A's account.
    let clients = b.call(Method::GET, "clients", None).await;
    let spa = clients
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Orders SPA")
        .unwrap_or_else(|| panic!("{clients}"));
    let number = crate::support::phone();
    let started = b
        .http
        .post(format!("{}passwordless/start", b.issuer))
        .json(&json!({"client_id": spa["client_id"], "connection": "sms",
                      "phone_number": number, "send": "code"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        started.status(),
        StatusCode::OK,
        "{}",
        started.text().await.unwrap()
    );
    fake.wait_for_sent(1).await;
    assert!(
        fake.last_body_for(&number)
            .starts_with("Your Orders code is "),
        "{}",
        fake.last_body_for(&number)
    );
    assert_eq!(fake.violations(), Vec::<String>::new());
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
