//! Auth0's shapes on the Management API (issue 14): the whole signing-key object (checked
//! by an independent X.509 / PKCS#7 parser, Python's `cryptography`), `fields` /
//! `include_fields`, checkpoint paging (`from` / `take`), client secrets readable with
//! `read:client_keys`, Auth0's log search, and an email connection that re-imports.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::log_check;
use crate::support::{OPS, TestApp, management_client, operators, skip_or_fail, spawn_app_with};

async fn app() -> TestApp {
    spawn_app_with(&operators()).await
}

/// Whether python3 can import `module`.
fn python_has(module: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Python's `cryptography` reads a key's `cert` and `pkcs7`: the SHA-1 of the certificate,
/// the certificates in the PKCS#7, and the public key's RSA numbers (base64url, as in a JWK).
fn parsed_by_cryptography(key: &Value) -> Value {
    const SCRIPT: &str = r#"
import base64, json, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
key = json.load(sys.stdin)
cert = x509.load_pem_x509_certificate(key["cert"].encode())
in_pkcs7 = pkcs7.load_pem_pkcs7_certificates(key["pkcs7"].encode())
der = lambda c: c.public_bytes(serialization.Encoding.DER)
b64 = lambda n: base64.urlsafe_b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()
numbers = cert.public_key().public_numbers()
print(json.dumps({
    "sha1": cert.fingerprint(hashes.SHA1()).hex().upper(),
    "pkcs7_is_the_cert": [der(c) for c in in_pkcs7] == [der(cert)],
    "n": b64(numbers.n), "e": b64(numbers.e),
    "subject": cert.subject.rfc4514_string(),
    "self_signed": cert.issuer == cert.subject,
}))
"#;
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(key.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn signing_keys_are_auth0s_whole_object_with_a_stable_certificate() {
    if !python_has("cryptography.hazmat.primitives.serialization.pkcs7") {
        skip_or_fail(
            "python3 with cryptography is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let (status, keys) = app.get_as(&t, "/api/v2/keys/signing").await;
    assert_eq!(status, StatusCode::OK, "{keys}");
    let first = keys[0].clone();
    assert_eq!(
        (
            first["current"].clone(),
            first["next"].clone(),
            first["previous"].clone(),
            first["revoked"].clone()
        ),
        (json!(true), json!(false), json!(false), json!(false)),
        "{first}"
    );
    let kid = first["kid"].as_str().unwrap().to_string();
    let cert = first["cert"].as_str().unwrap();
    assert!(
        cert.starts_with("-----BEGIN CERTIFICATE-----\r\n")
            && cert.ends_with("\r\n-----END CERTIFICATE-----"),
        "{cert}"
    );
    assert!(
        first["pkcs7"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PKCS7-----\r\n")
    );
    assert!(first["current_since"].as_str().unwrap().ends_with('Z'));
    assert!(
        first.get("current_until").is_none() && first.get("revoked_at").is_none(),
        "{first}"
    );

    // An independent parser agrees: the fingerprints are the certificate's SHA-1, the
    // PKCS#7 holds the certificate, whose key is the one the JWKS publishes.
    let parsed = parsed_by_cryptography(&first);
    assert_eq!(first["thumbprint"], parsed["sha1"]);
    let pairs: Vec<String> = parsed["sha1"]
        .as_str()
        .unwrap()
        .as_bytes()
        .chunks(2)
        .map(|p| String::from_utf8(p.to_vec()).unwrap())
        .collect();
    assert_eq!(first["fingerprint"], json!(pairs.join(":")));
    assert_eq!(parsed["pkcs7_is_the_cert"], true);
    assert_eq!(parsed["self_signed"], true);
    assert_eq!(parsed["subject"], format!("CN={kid}"));
    let jwks = app.jwks().await;
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == kid.as_str())
        .unwrap();
    assert_eq!((&jwk["n"], &jwk["e"]), (&parsed["n"], &parsed["e"]));

    // The same on every call, and one by one.
    let (_, again) = app.get_as(&t, "/api/v2/keys/signing").await;
    assert_eq!(again, keys);
    let (status, one) = app.get_as(&t, &format!("/api/v2/keys/signing/{kid}")).await;
    assert_eq!((status, &one), (StatusCode::OK, &first));
    let (status, missing) = app.get_as(&t, "/api/v2/keys/signing/no-such-kid").await;
    assert_eq!(
        (status, missing["message"].as_str()),
        (StatusCode::NOT_FOUND, Some("Signing key not found"))
    );

    // A rotation answers the new key's {cert, kid}; the old one was current until then.
    let (status, rotated) = app
        .send_as(&t, Method::POST, "/api/v2/keys/signing/rotate", None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rotated}");
    let new_kid = rotated["kid"].as_str().unwrap().to_string();
    assert_ne!(new_kid, kid);
    let (_, new_key) = app
        .get_as(&t, &format!("/api/v2/keys/signing/{new_kid}"))
        .await;
    assert_eq!(new_key["cert"], rotated["cert"]);
    assert_eq!(new_key["current"], true);
    let (_, old) = app.get_as(&t, &format!("/api/v2/keys/signing/{kid}")).await;
    assert_eq!(
        (old["current"].clone(), old["previous"].clone()),
        (json!(false), json!(true))
    );
    assert_eq!(old["current_until"], new_key["current_since"]);
    assert_eq!(old["cert"], first["cert"], "a key keeps its certificate");

    // Only the previous key is revoked; it answers {cert, kid} and then shows when.
    let (status, refused) = app
        .send_as(
            &t,
            Method::PUT,
            &format!("/api/v2/keys/signing/{new_kid}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    let (status, _) = app
        .send_as(
            &t,
            Method::PUT,
            "/api/v2/keys/signing/no-such-kid/revoke",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, revoked) = app
        .send_as(
            &t,
            Method::PUT,
            &format!("/api/v2/keys/signing/{kid}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{revoked}");
    assert_eq!(
        (&revoked["kid"], &revoked["cert"]),
        (&json!(kid), &first["cert"])
    );
    // the token signed by the revoked key stops working; a new one is signed by the new key
    let (status, _) = app.get_as(&t, "/api/v2/keys/signing").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let t = app.machine_token(&OPS).await;
    let (_, old) = app.get_as(&t, &format!("/api/v2/keys/signing/{kid}")).await;
    assert_eq!(
        (old["revoked"].clone(), old["previous"].clone()),
        (json!(true), json!(false)),
        "{old}"
    );
    assert!(old["revoked_at"].as_str().unwrap().ends_with('Z'), "{old}");

    // read:signing_keys is needed to read one
    let reader = app.machine_token(&crate::support::READER).await;
    let (status, _) = app
        .get_as(&reader, &format!("/api/v2/keys/signing/{new_kid}"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn fields_keep_or_drop_the_listed_fields_on_every_get() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let (_, client) = app
        .get_as(&t, "/api/v2/clients/web-app?fields=client_id,name")
        .await;
    assert_eq!(client, json!({"client_id": "web-app", "name": "Acme Web"}));
    let (_, client) = app
        .get_as(
            &t,
            "/api/v2/clients/web-app?fields=callbacks,jwt_configuration.alg&include_fields=true",
        )
        .await;
    assert_eq!(
        client,
        json!({"callbacks": ["https://acme.example/callback"], "jwt_configuration": {"alg": "RS256"}})
    );
    let (_, client) = app
        .get_as(
            &t,
            "/api/v2/clients/web-app?fields=callbacks,client_secret&include_fields=false",
        )
        .await;
    assert!(
        client.get("callbacks").is_none() && client.get("client_secret").is_none(),
        "{client}"
    );
    assert_eq!(client["name"], "Acme Web");
    let (_, all) = app.get_as(&t, "/api/v2/clients/web-app?fields=").await;
    assert!(
        all["callbacks"].is_array(),
        "an empty list is every field: {all}"
    );

    let (_, made) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": crate::support::phone()}),
        )
        .await;
    let user_id = made["user_id"].as_str().unwrap();
    let (_, page) = app
        .get_as(&t, "/api/v2/users?fields=user_id&include_totals=true")
        .await;
    assert_eq!(page["total"], 1, "the page keeps its totals: {page}");
    assert_eq!(page["users"], json!([{"user_id": user_id}]));
    let (_, user) = app
        .get_as(
            &t,
            &format!("/api/v2/users/{user_id}?fields=identities,app_metadata&include_fields=false"),
        )
        .await;
    assert!(
        user.get("identities").is_none() && user["phone_number"] == made["phone_number"],
        "{user}"
    );
    let (_, connection) = app
        .get_as(&t, "/api/v2/connections/con_sms?fields=name,strategy")
        .await;
    assert_eq!(connection, json!({"name": "sms", "strategy": "sms"}));
    let (_, logs) = app.get_as(&t, "/api/v2/logs?fields=type").await;
    assert!(
        logs.as_array()
            .unwrap()
            .iter()
            .all(|e| e.as_object().unwrap().keys().eq(["type"])),
        "{logs}"
    );
    let (_, devices) = app
        .get_as(
            &t,
            &format!("/api/v2/device-credentials?user_id={user_id}&fields=id"),
        )
        .await;
    assert_eq!(devices, json!([]));
}

/// Follows `next` through a checkpoint list, `take` at a time; returns the pages.
async fn checkpoint_pages(
    app: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    take: u32,
) -> Vec<Value> {
    let mut pages = vec![];
    let mut from: Option<String> = None;
    loop {
        let url = match &from {
            None => format!("{path}?take={take}&include_totals=true&per_page=1"),
            Some(from) => format!("{path}?take={take}&from={from}"),
        };
        let (status, page) = app.get_as(token, &url).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            page.get("total").is_none(),
            "checkpoint pages have no totals: {page}"
        );
        assert!(page[key].as_array().unwrap().len() <= take as usize);
        from = page.get("next").and_then(Value::as_str).map(str::to_string);
        pages.push(page);
        if from.is_none() {
            return pages;
        }
        assert!(pages.len() < 10, "{pages:?}");
    }
}

#[tokio::test]
async fn connections_and_clients_page_by_checkpoint() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    for name in ["email-a", "email-b", "email-c"] {
        let (status, body) = app
            .post_as(
                &t,
                "/api/v2/connections",
                json!({"name": name, "strategy": "email"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let pages = checkpoint_pages(&app, &t, "/api/v2/connections", "connections", 2).await;
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|p| p["connections"].as_array().unwrap())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["email-a", "email-b", "email-c", "sms"]);
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["next"], "con_email-c");
    let (_, filtered) = app
        .get_as(&t, "/api/v2/connections?take=5&strategy=sms&fields=name")
        .await;
    assert_eq!(filtered, json!({"connections": [{"name": "sms"}]}));
    let (_, by_name) = app.get_as(&t, "/api/v2/connections?name=email-b").await;
    assert_eq!(by_name.as_array().map(Vec::len), Some(1));

    let pages = checkpoint_pages(&app, &t, "/api/v2/clients", "clients", 3).await;
    let ids: Vec<&str> = pages
        .iter()
        .flat_map(|p| p["clients"].as_array().unwrap())
        .map(|c| c["client_id"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
    assert!(
        ids.contains(&"web-app") && ids.contains(&"ops-client"),
        "{ids:?}"
    );
    for bad in ["take=0", "take=101", "take=x"] {
        let (status, body) = app.get_as(&t, &format!("/api/v2/connections?{bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

#[tokio::test]
async fn logs_are_searched_with_auth0s_syntax_and_read_by_checkpoint() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    for name in ["email-a", "email-b", "email-c"] {
        app.post_as(
            &t,
            "/api/v2/connections",
            json!({"name": name, "strategy": "email"}),
        )
        .await;
    }
    // node `auth0` v7 sends `search`, older clients `q`; both read the same syntax
    let (status, by_search) = app.get_as(&t, "/api/v2/logs?search=type:sapi").await;
    assert_eq!(status, StatusCode::OK, "{by_search}");
    let (_, by_q) = app
        .get_as(
            &t,
            "/api/v2/logs?q=type%3A%22sapi%22%20AND%20client_id%3Aops-client",
        )
        .await;
    assert_eq!(by_search, by_q);
    let entries = by_search.as_array().unwrap();
    assert_eq!(entries.len(), 3, "{by_search}");
    assert!(entries.iter().all(|e| e["type"] == "sapi"));
    let (_, seccft) = app.get_as(&t, "/api/v2/logs?search=type:seccft").await;
    assert!(
        !seccft.as_array().unwrap().is_empty(),
        "the token's own entry"
    );
    let day = &entries[0]["date"].as_str().unwrap()[..10];
    let (_, today) = app
        .get_as(&t, &format!("/api/v2/logs?search=type:sapi%20date:{day}"))
        .await;
    assert_eq!(today, by_search);
    let (_, before) = app
        .get_as(
            &t,
            &format!("/api/v2/logs?search=date:%5B*%20TO%20{day}%7D"),
        )
        .await;
    assert_eq!(before, json!([]));
    for bad in [
        "ip:127.0.0.1",
        "type:s%20OR%20type:f",
        "alice",
        "type:s*",
        "date:%5B2026-01-01",
    ] {
        let (status, body) = app.get_as(&t, &format!("/api/v2/logs?search={bad}")).await;
        assert_eq!(
            (status, body["errorCode"].as_str()),
            (StatusCode::BAD_REQUEST, Some("invalid_query_string")),
            "{bad}: {body}"
        );
    }

    // checkpoint: the entries after `from`, oldest first, as a bare array; `q` is ignored
    let (_, all) = app.get_as(&t, "/api/v2/logs?sort=date:1").await;
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["log_id"].as_str().unwrap())
        .collect();
    assert!(ids.len() >= 4, "{all}");
    let (status, page) = app
        .get_as(
            &t,
            &format!("/api/v2/logs?from={}&take=2&q=type:nothing", ids[0]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let got: Vec<&str> = page
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["log_id"].as_str().unwrap())
        .collect();
    assert_eq!(got, ids[1..3]);
}

#[tokio::test]
async fn client_secrets_are_read_with_read_client_keys_only() {
    let config = operators()
        + &management_client(
            "lister",
            "lister-secret-0123456789",
            &["read:clients", "update:clients"],
        );
    let app = spawn_app_with(&config).await;
    let t = app.machine_token(&OPS).await;
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/clients",
            json!({"name": "Keys", "app_type": "regular_web"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["client_id"].as_str().unwrap().to_string();
    let secret = created["client_secret"].as_str().unwrap().to_string();
    log_check::secret("a created client's secret", &secret);
    let (_, read) = app.get_as(&t, &format!("/api/v2/clients/{id}")).await;
    assert_eq!(read["client_secret"], secret.as_str());
    let (_, listed) = app.get_as(&t, "/api/v2/clients").await;
    let mine = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client_id"] == id.as_str())
        .unwrap();
    assert_eq!(mine["client_secret"], secret.as_str());
    // a configured client's secret too
    let (_, web) = app.get_as(&t, "/api/v2/clients/web-app").await;
    assert_eq!(web["client_secret"], crate::support::WEB_SECRET);

    // without read:client_keys: never
    let lister = app
        .machine_token(&crate::support::users::Machine {
            client_id: "lister",
            secret: "lister-secret-0123456789",
        })
        .await;
    let (status, read) = app.get_as(&lister, &format!("/api/v2/clients/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(read.get("client_secret").is_none(), "{read}");
    let (_, listed) = app.get_as(&lister, "/api/v2/clients").await;
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("client_secret").is_none())
    );
    let (_, patched) = app
        .patch_as(
            &lister,
            &format!("/api/v2/clients/{id}"),
            json!({"name": "Keys 2"}),
        )
        .await;
    assert!(patched.get("client_secret").is_none(), "{patched}");

    // a rotation's new secret is what is read back, and the old one stops working
    let (status, rotated) = app
        .send_as(
            &t,
            Method::POST,
            &format!("/api/v2/clients/{id}/rotate-secret"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let new_secret = rotated["client_secret"].as_str().unwrap().to_string();
    log_check::secret("a rotated client's secret", &new_secret);
    assert_ne!(new_secret, secret);
    let (_, read) = app.get_as(&t, &format!("/api/v2/clients/{id}")).await;
    assert_eq!(read["client_secret"], new_secret.as_str());
}

#[tokio::test]
async fn an_email_connection_without_templates_shows_the_built_in_ones_and_re_imports() {
    let config = operators()
        + "\n[[connections]]\nname = \"email\"\nstrategy = \"email\"\n[connections.options]\n";
    let app = spawn_app_with(&config).await;
    let t = app.machine_token(&OPS).await;
    let (status, exported) = app.get_as(&t, "/api/v2/connections/con_email").await;
    assert_eq!(status, StatusCode::OK, "{exported}");
    let email = &exported["options"]["email"];
    assert!(
        email["body"].as_str().unwrap().contains("{{ code"),
        "{email}"
    );
    assert!(
        email["subject"].is_string() && email["text_body"].is_string(),
        "{email}"
    );
    // what auth0-deploy-cli does on import: the exported options sent back whole
    let (status, imported) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_email",
            json!({"options": exported["options"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{imported}");
    assert_eq!(imported, exported);
    let (_, again) = app.get_as(&t, "/api/v2/connections/con_email").await;
    assert_eq!(again, exported);
}
