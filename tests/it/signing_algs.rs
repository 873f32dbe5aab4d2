//! Per-client signing algorithms (`jwt_configuration.alg`: RS256, PS256, ES256, EdDSA): each
//! client's id_tokens are signed with its algorithm's key, the JWKS publishes every key with
//! its `alg`, `use` and `kid`, the tokens verify with jsonwebtoken and with joserfc (Python,
//! not the server's code), and tokens presented back are checked only with their key's
//! algorithm.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    NATIVE_APP, OPS, TestApp, operators, skip_or_fail, spawn_app_with, verify_signed,
};

const BYE: &str = "https://acme.example/bye";

/// A public client signing with `alg`, allowed to log out to [`BYE`].
fn client(id: &str, alg: &str) -> String {
    format!(
        "\n[[clients]]\nclient_id = \"{id}\"\nname = \"{alg} app\"\nallowed_logout_urls = [\"{BYE}\"]\n\
         [clients.jwt_configuration]\nalg = \"{alg}\"\n"
    )
}

/// The clients of [`app`] and their algorithms (the native app has none set: RS256).
const CLIENTS: [(&str, &str); 4] = [
    (NATIVE_APP, "RS256"),
    ("ps-app", "PS256"),
    ("es-app", "ES256"),
    ("ed-app", "EdDSA"),
];

async fn app() -> TestApp {
    let extra: String = CLIENTS[1..]
        .iter()
        .map(|(id, alg)| client(id, alg))
        .collect();
    spawn_app_with(&(extra + &operators())).await
}

fn header_of(jwt: &str) -> Value {
    let part = jwt.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// The JWKS entry with this `alg`, the one the server signs with first (current keys lead).
fn key_for<'a>(jwks: &'a Value, alg: &str) -> &'a Value {
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["alg"] == alg)
        .unwrap_or_else(|| panic!("no {alg} key in {jwks}"))
}

/// `jwt` with its header replaced by `header` (the signature left as it was).
fn reheaded(jwt: &str, header: Value) -> String {
    let mut parts: Vec<String> = jwt.split('.').map(str::to_string).collect();
    parts[0] = URL_SAFE_NO_PAD.encode(header.to_string());
    parts.join(".")
}

/// joserfc's verdict on `tokens` (`(token, alg, audience)`): all verify, and none does with
/// its payload changed. `false` when python3 with joserfc is missing (after a skip notice).
async fn joserfc_verifies(app: &TestApp, tokens: &[(String, &str, &str)]) -> bool {
    let has_joserfc = std::process::Command::new("python3")
        .args(["-c", "import joserfc"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_joserfc {
        skip_or_fail(
            "python3 with joserfc is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return false;
    }
    let request = json!({
        "jwks": app.jwks().await,
        "issuer": app.issuer,
        "tokens": tokens.iter().map(|(token, alg, audience)| json!({
            "token": token, "alg": alg, "audience": audience,
        })).collect::<Vec<_>>(),
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/sdk/verify_jwts.py");
    let mut child = tokio::process::Command::new("python3")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use tokio::io::AsyncWriteExt;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(request.to_string().as_bytes())
            .await
            .unwrap();
    }
    let out = child.wait_with_output().await.unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "joserfc: {said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: Value = serde_json::from_str(said.trim()).unwrap();
    let algs: Vec<&str> = tokens.iter().map(|(_, alg, _)| *alg).collect();
    assert_eq!(answer["verified"], json!(algs));
    true
}

#[tokio::test]
async fn each_client_gets_id_tokens_signed_with_its_algorithm() {
    let app = app().await;
    let jwks = app.jwks().await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 4, "{jwks}");
    assert_eq!(jwks["keys"][0]["alg"], "RS256", "Auth0's default leads");
    for (kty, alg, parts) in [
        ("RSA", "RS256", &["n", "e"][..]),
        ("RSA", "PS256", &["n", "e"]),
        ("EC", "ES256", &["crv", "x", "y"]),
        ("OKP", "EdDSA", &["crv", "x"]),
    ] {
        let key = key_for(&jwks, alg);
        assert_eq!(
            (key["kty"].as_str(), key["use"].as_str()),
            (Some(kty), Some("sig"))
        );
        assert!(key["kid"].is_string());
        for part in parts {
            assert!(key[part].is_string(), "{alg} {part}: {key}");
        }
        assert!(key.get("d").is_none(), "no private part: {key}");
    }
    assert_eq!(key_for(&jwks, "ES256")["crv"], "P-256");
    assert_eq!(key_for(&jwks, "EdDSA")["crv"], "Ed25519");

    let mut signed = Vec::new();
    for (client_id, alg) in CLIENTS {
        let user = app.sms_user().client(client_id).await;
        let header = header_of(&user.id_token);
        assert_eq!(header["alg"], alg);
        assert_eq!(header["kid"], key_for(&jwks, alg)["kid"]);
        // the sign-in builder verified it with jsonwebtoken already; this is the check alone
        verify_signed(&user.id_token, &jwks, &app.issuer, client_id).unwrap();
        // the opaque access token works at /userinfo whatever the id_token's algorithm
        let (status, info) = app.get_as(&user.access_token, "/userinfo").await;
        assert_eq!(
            (status, &info["sub"]),
            (StatusCode::OK, &user.claims["sub"])
        );
        // a refresh signs the new id_token with the same algorithm
        let body = json!({"grant_type": "refresh_token", "client_id": client_id,
                          "refresh_token": user.refresh_token.clone().unwrap()});
        let (status, again) = app.post_json("/oauth/token", body).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        let refreshed = again["id_token"].as_str().unwrap().to_string();
        assert_eq!(header_of(&refreshed)["alg"], alg);
        verify_signed(&refreshed, &jwks, &app.issuer, client_id).unwrap();
        signed.push((user.id_token, alg, client_id));
        signed.push((refreshed, alg, client_id));
    }
    joserfc_verifies(&app, &signed).await;
}

/// Logout's `id_token_hint` names the client whatever its algorithm, but only when the
/// token's `alg` is its key's: the same signature relabelled with another algorithm, or
/// pointed at another algorithm's key, names no one.
#[tokio::test]
async fn an_id_token_hint_is_checked_with_its_keys_algorithm_only() {
    let app = app().await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let logout = async |hint: &str| {
        let query = serde_urlencoded::to_string([
            ("id_token_hint", hint),
            ("post_logout_redirect_uri", BYE),
        ])
        .unwrap();
        let r = no_redirects
            .get(app.url(&format!("/oidc/logout?{query}")))
            .send()
            .await
            .unwrap();
        r.status()
    };
    let jwks = app.jwks().await;
    let mut tokens = Vec::new();
    for (client_id, _) in &CLIENTS[1..] {
        let token = app.sms_user().client(client_id).await.id_token;
        assert_eq!(logout(&token).await, StatusCode::FOUND, "{client_id}");
        tokens.push(token);
    }
    let (ps, es, ed) = (&tokens[0], &tokens[1], &tokens[2]);
    // (token, the alg its header will claim, the key whose kid it will name)
    let relabelled = [
        // a PS256 signature called RS256, with its own (PS256) key
        (ps, "RS256", Some("PS256")),
        // … or with the RS256 key (the same kind of key, the other padding)
        (ps, "RS256", Some("RS256")),
        (es, "ES256", Some("EdDSA")),
        (ed, "EdDSA", Some("ES256")),
        // an HMAC "signed" with nothing but a public key's id
        (es, "HS256", Some("ES256")),
        (es, "none", None),
    ];
    for (token, alg, key) in relabelled {
        let mut header = json!({"alg": alg, "typ": "JWT"});
        if let Some(key) = key {
            header["kid"] = key_for(&jwks, key)["kid"].clone();
        }
        let forged = reheaded(token, header);
        assert_eq!(logout(&forged).await, StatusCode::BAD_REQUEST, "{forged}");
    }
}

/// The Management API sets `jwt_configuration.alg`; the first client to use an algorithm
/// gets its key made and published at once; unknown algorithms are refused; a rotation
/// renews every algorithm's key and keeps the old ones verifying.
#[tokio::test]
async fn the_management_api_sets_the_algorithm_and_rotation_covers_every_key() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    assert_eq!(app.jwks().await["keys"].as_array().unwrap().len(), 1);
    let path = format!("/api/v2/clients/{NATIVE_APP}");
    let (status, client) = app.get_as(&t, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        client["jwt_configuration"],
        json!({"alg": "RS256", "lifetime_in_seconds": 36000})
    );
    for refused in [
        json!({"alg": "HS256"}),
        json!({"alg": "none"}),
        json!({"lifetime": 1}),
        json!({"lifetime_in_seconds": 0}),
        json!({"lifetime_in_seconds": 2_592_001}),
    ] {
        let body = json!({"jwt_configuration": refused});
        let (status, answer) = app.send_as(&t, Method::PATCH, &path, Some(body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    }
    // Auth0's whole object, as deploy-cli sends it back: the lifetime applies, and
    // secret_encoded is kept. (Two hours: the test clock runs up to 75 minutes behind the
    // wall clock, which the token is checked against.)
    let jwt = json!({"alg": "EdDSA", "lifetime_in_seconds": 7200, "secret_encoded": false});
    let body = json!({ "jwt_configuration": jwt });
    let (status, client) = app.send_as(&t, Method::PATCH, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{client}");
    assert_eq!(client["jwt_configuration"], jwt);
    let jwks = app.jwks().await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2, "{jwks}");
    let old = app.sms_user().await;
    assert_eq!(header_of(&old.id_token)["alg"], "EdDSA");
    let claims = verify_signed(&old.id_token, &jwks, &app.issuer, NATIVE_APP).unwrap();
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        7200
    );

    let (status, rotated) = app
        .send_as(&t, Method::POST, "/api/v2/keys/signing/rotate", None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rotated}");
    let after = app.jwks().await;
    let kids = crate::support::kids(&after);
    assert_eq!(kids.len(), 4, "two new keys, two previous: {after}");
    assert_eq!(
        after["keys"][0]["kid"], rotated["kid"],
        "the new RS256 key leads"
    );
    assert_eq!(after["keys"][0]["alg"], "RS256");
    let new = app.sms_user().await;
    let header = header_of(&new.id_token);
    assert_eq!(header["alg"], "EdDSA");
    assert_ne!(
        header["kid"],
        header_of(&old.id_token)["kid"],
        "the EdDSA key was renewed"
    );
    verify_signed(&old.id_token, &after, &app.issuer, NATIVE_APP).unwrap();
    verify_signed(&new.id_token, &after, &app.issuer, NATIVE_APP).unwrap();
}

/// The dashboard's application page shows the algorithm and saves another one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_page_chooses_the_algorithm() {
    use crate::dashboard::{ADMIN, dashboard_sign_in};
    use crate::support::smtp::SmtpSink;
    use crate::support::web::forms_of;
    use crate::support::{SMTP_PASS, SMTP_USER, email_config};
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(
        &(email_config(sink.port, "")
            + &operators()
            + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")),
    )
    .await;
    let mut browser = dashboard_sign_in(&app, &mut sink).await;
    let page_url = app.url(&format!("/admin/applications/{NATIVE_APP}"));
    let (status, _, page) = browser.get(&page_url).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<option value=\"RS256\" selected>"), "{page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == &format!("/admin/applications/{NATIVE_APP}"))
        .unwrap_or_else(|| panic!("the application form: {page}"));
    for (key, value) in [
        ("name", "Acme Native"),
        ("refresh_token.rotation_type", "non-rotating"),
        ("refresh_token.expiration_type", "non-expiring"),
        ("refresh_token.token_lifetime", "2592000"),
        ("refresh_token.idle_token_lifetime", "1296000"),
        ("refresh_token.leeway", "0"),
        // the passwordless-code and refresh-token grants, kept
        ("grant-0", "on"),
        ("grant-1", "on"),
    ] {
        fields.push((key.into(), value.into()));
    }
    let mut refused = fields.clone();
    refused.push(("jwt_configuration.alg".into(), "HS256".into()));
    let (status, _, page) = browser.post(&app.url(&action), &refused).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(
        page.contains("is not RS256, PS256, ES256 or EdDSA"),
        "{page}"
    );

    fields.push(("jwt_configuration.alg".into(), "ES256".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let (_, _, page) = browser.get(&page_url).await;
    assert!(page.contains("<option value=\"ES256\" selected>"), "{page}");
    let t = app.machine_token(&OPS).await;
    let (_, client) = app
        .get_as(&t, &format!("/api/v2/clients/{NATIVE_APP}"))
        .await;
    assert_eq!(client["jwt_configuration"]["alg"], "ES256");
    let user = app.sms_user().await;
    assert_eq!(header_of(&user.id_token)["alg"], "ES256");
}

/// A client switched to a new algorithm on one instance signs with it on the other at once
/// (the other loads the new key when it reads the changed client, not 30 s later).
#[tokio::test]
async fn another_instance_signs_with_a_key_made_on_the_first() {
    let app = spawn_app_with(&operators()).await;
    let twin = app.twin().await;
    let before = twin.sms_user().await;
    assert_eq!(header_of(&before.id_token)["alg"], "RS256");
    let t = app.machine_token(&OPS).await;
    let body = json!({"jwt_configuration": {"alg": "ES256"}});
    let path = format!("/api/v2/clients/{NATIVE_APP}");
    let (status, answer) = app.send_as(&t, Method::PATCH, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let user = twin.sms_user().await;
    assert_eq!(header_of(&user.id_token)["alg"], "ES256");
    verify_signed(&user.id_token, &twin.jwks().await, &twin.issuer, NATIVE_APP).unwrap();
}
