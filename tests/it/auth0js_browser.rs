//! auth0.js (its published browser build, unmodified) in headless Chromium, on a page served
//! from another origin than Latchkey, against the real binary over https (auth0.js builds
//! the id_token's expected issuer as `https://<domain>/`): passwordlessStart and
//! passwordlessLogin with an SMS code and with an email code (`/co/authenticate`, then
//! `/authorize` with the login ticket), the same on Latchkey's own origin (where auth0.js
//! takes the passwordlessVerify path: `/passwordless/verify`, then
//! `/passwordless/verify_redirect`), and `authorize()` through the hosted SMS login; each
//! ends in parseHash verifying the id_token against the JWKS, and checkSession (a hidden
//! iframe, `response_mode=web_message`) from the session the login left. A mistyped code
//! reaches passwordlessLogin's callback as Auth0's refusal, and checkSession in a browser
//! with no login answers `login_required`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::support::process::{Server, after, start_in};
use crate::support::script::converse;
use crate::support::smtp::SmtpSink;
use crate::support::{
    BROWSER_DIR, FakeTwilio, SMTP_PASS, SMTP_USER, browser_available, email, email_config, phone,
    skip_or_fail, sms_connection, verify_rs256,
};

pub(crate) const EMBEDDED: &str = "acme-embedded";
const AUTH0_JS: &str = "node_modules/auth0-js/dist/auth0.min.js";

/// The SPA's server, over https with `tls` at `https://<host>:<port>`. On `localhost` it is
/// another origin than Latchkey's on the same site (as an app and its custom login domain
/// are), so the session cookie `/co/authenticate` sets is not a third-party one; on
/// `127.0.0.1` it is another site, where a browser that blocks third-party cookies drops
/// that cookie. `/` and `/callback` load auth0.js from the browser tests' node_modules;
/// `/co-verify` is the app's cross-origin verification page, auth0.js's
/// `crossOriginVerification()` as Auth0's docs give it. Its origin.
async fn spa_server(tls: &Certificate, host: &str) -> String {
    let sdk = std::fs::read_to_string(Path::new(BROWSER_DIR).join(AUTH0_JS)).unwrap();
    let verification = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <script src=\"/auth0.min.js\"></script></head><body><script>\
         const origin = decodeURIComponent(location.hash.split('origin=')[1] || '');\
         new auth0.WebAuth({domain: new URL(origin).host, clientID: 'acme-embedded'})\
         .crossOriginVerification();</script></body></html>";
    let routes = app_pages("/auth0.min.js")
        .route(
            "/co-verify",
            axum::routing::get(move || async move { axum::response::Html(verification) }),
        )
        .route(
            "/auth0.min.js",
            axum::routing::get(move || async move {
                ([("content-type", "text/javascript; charset=utf-8")], sdk)
            }),
        );
    https_site(tls, host, routes).await
}

/// The app's `/` and `/callback` (one page that loads `script`) and an empty favicon.
pub(crate) fn app_pages(script: &str) -> axum::Router {
    let page: std::sync::Arc<str> = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Acme</title>\
         <script src=\"{script}\"></script></head><body><h1>Acme</h1></body></html>"
    )
    .into();
    let html = move || {
        let page = page.clone();
        async move { axum::response::Html(page.to_string()) }
    };
    axum::Router::new()
        .route("/", axum::routing::get(html.clone()))
        .route("/callback", axum::routing::get(html))
        .route(
            "/favicon.ico",
            axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}

/// Serves `routes` over https with `tls` at `https://<host>:<port>` (bound on 127.0.0.1);
/// its origin.
pub(crate) async fn https_site(tls: &Certificate, host: &str, routes: axum::Router) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let origin = format!("https://{host}:{}", listener.local_addr().unwrap().port());
    let config = axum_server::tls_rustls::RustlsConfig::from_pem(
        tls.cert.clone().into_bytes(),
        tls.key.clone().into_bytes(),
    )
    .await
    .unwrap();
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, config)
            .unwrap()
            .serve(routes.into_make_service())
            .await
    });
    origin
}

/// A self-signed certificate for `localhost`, as PEM: Latchkey's and the SPA's (Chromium
/// runs with `--ignore-certificate-errors`; the test's own client trusts it).
pub(crate) struct Certificate {
    pub(crate) cert: String,
    pub(crate) key: String,
}

pub(crate) fn certificate() -> Certificate {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    Certificate {
        cert: made.cert.pem(),
        key: made.signing_key.serialize_pem(),
    }
}

/// `latchkey serve` over https with `tls`, texts through the fake Twilio, the embedded-login
/// client for `spa` and `extra` configuration; the server and its issuer
/// (`https://localhost:<port>/`).
pub(crate) fn serve_tls(
    dir: &Path,
    tls: &Certificate,
    twilio: &FakeTwilio,
    spa: &str,
    extra: &str,
) -> (Server, String) {
    let (cert, key): (PathBuf, PathBuf) = (dir.join("tls.crt"), dir.join("tls.key"));
    std::fs::write(&cert, &tls.cert).unwrap();
    std::fs::write(&key, &tls.key).unwrap();
    let sms = sms_connection(
        "sms",
        &twilio.url,
        "syntax = \"md_with_macros\"\ntemplate = \"@@application.name@@: your code is @@password@@\"",
    );
    let config = dir.join("latchkey.toml");
    std::fs::write(
        &config,
        format!(
            "issuer = \"https://localhost:0/\"\ntls_cert_file = {:?}\ntls_key_file = {:?}\n{sms}\n\
             [[clients]]\nclient_id = \"{EMBEDDED}\"\nname = \"Acme Embedded\"\n\
             callbacks = [\"{spa}/callback\"]\nweb_origins = [\"{spa}\"]\n\
             cross_origin_authentication = true\n\
             grant_types = [\"implicit\", \"authorization_code\"]\n{extra}",
            cert.display().to_string(),
            key.display().to_string(),
        ),
    )
    .unwrap();
    let server = start_in(dir, &["--config", config.to_str().unwrap()]);
    let banner = server.wait_for("Latchkey listening on ");
    assert!(banner.contains("listening on https://"), "{banner}");
    let issuer = after(&banner, "(issuer ").trim_end_matches(')').to_string();
    (server, issuer)
}

fn missing_tools() -> Option<String> {
    if let Err(reason) = browser_available() {
        return Some(reason);
    }
    if !Path::new(BROWSER_DIR).join(AUTH0_JS).exists() {
        return Some("auth0-js is not installed (npm ci --prefix tests/browser)".into());
    }
    None
}

/// Latchkey over https, the SPA, and auth0js.mjs run through `logins`
/// (`{name, flow, connection, username}`), each code it asks for coming from `code`; the
/// issuer, its JWKS (fetched by a client that trusts the certificate) and what the script
/// said.
async fn run(
    extra: &str,
    twilio: &FakeTwilio,
    logins: Value,
    code: impl AsyncFnMut(&Value) -> String,
) -> (String, Value, Vec<Value>) {
    let tls = certificate();
    let spa = spa_server(&tls, "localhost").await;
    run_at(&tls, &spa, extra, twilio, logins, code).await
}

/// As [`run`], with the SPA at `spa`.
async fn run_at(
    tls: &Certificate,
    spa: &str,
    extra: &str,
    twilio: &FakeTwilio,
    logins: Value,
    code: impl AsyncFnMut(&Value) -> String,
) -> (String, Value, Vec<Value>) {
    let mut code = code;
    let embedded = Embedded {
        script: "auth0js.mjs",
        tls,
        spa,
        extra,
        twilio,
    };
    embedded
        .run(logins, async |msg, _| match msg["need"].as_str() {
            Some("code") => json!({"code": code(msg).await}),
            other => panic!("unknown request {other:?}"),
        })
        .await
}

/// An embedded-login browser script (auth0.js's, Lock's) against Latchkey over https with
/// `extra` configuration, its app served at `spa`.
pub(crate) struct Embedded<'a> {
    pub script: &'a str,
    pub tls: &'a Certificate,
    pub spa: &'a str,
    pub extra: &'a str,
    pub twilio: &'a FakeTwilio,
}

impl Embedded<'_> {
    /// Runs the script through `logins`, each of its requests answered by `answer` (given
    /// the issuer); the issuer, its JWKS and what the script said, which had no console
    /// errors.
    pub(crate) async fn run(
        &self,
        logins: Value,
        answer: impl AsyncFnMut(&Value, &str) -> Value,
    ) -> (String, Value, Vec<Value>) {
        let dir = tempfile::tempdir().unwrap();
        let (_server, issuer) = serve_tls(dir.path(), self.tls, self.twilio, self.spa, self.extra);
        let domain = issuer
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_string();
        let mut node = tokio::process::Command::new("node");
        node.arg(Path::new(BROWSER_DIR).join(self.script))
            .env("SPA", self.spa)
            .env("DOMAIN", &domain)
            .env("CLIENT_ID", EMBEDDED)
            .env("LOGINS", logins.to_string());
        let mut answer = answer;
        let said = converse(node, async |msg| answer(msg, &issuer).await).await;
        let done = said.iter().find(|m| m["event"] == "done").unwrap();
        assert_eq!(done["problems"], json!([]), "console errors: {said:?}");
        let jwks = reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(self.tls.cert.as_bytes()).unwrap())
            .build()
            .unwrap()
            .get(format!("{issuer}.well-known/jwks.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (issuer, jwks, said)
    }
}

/// What the script said about the login `name`: it ended at the callback with Latchkey's
/// session cookie (`SameSite=<same_site>; Secure` over https), parseHash verified an id_token for
/// `username` under `claim` (checked again here against `jwks`), and checkSession found
/// the session. The `/authorize` requests the login made (before checkSession's).
async fn check_login(
    said: &[Value],
    (name, same_site): (&str, &str),
    (issuer, jwks): (&str, &Value),
    (claim, username): (&str, &str),
) -> Vec<Value> {
    let all = Value::from(said.to_vec());
    let of = |event: &str| {
        said.iter()
            .find(|m| m["event"] == event && m["login"] == name)
            .unwrap_or_else(|| panic!("no {event} for {name} in {all}"))
            .clone()
    };
    let login = of("login");
    assert_eq!(login["ok"], true, "{all}");
    // `/co/authenticate` sets it for a cross-origin page to carry (`None`); the hosted page
    // keeps `Lax`. Cookies ignore ports, so auth0.js's own (the app's) are listed too.
    let session_cookie = login["cookies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "latchkey_session")
        .unwrap_or_else(|| panic!("no session cookie in {all}"));
    assert_eq!(
        session_cookie,
        &json!({"name": "latchkey_session", "sameSite": same_site, "secure": true, "httpOnly": true})
    );

    // parseHash verified the id_token (signature from the JWKS, iss, aud, nonce, state); the
    // same token verifies here, with another library, and is the user's.
    let parsed = of("parsed")["ok"].clone();
    assert_eq!(parsed["idTokenPayload"][claim], username, "{all}");
    assert_eq!(parsed["idTokenPayload"]["iss"], issuer, "{all}");
    assert!(parsed["accessToken"].is_string(), "{all}");
    let claims = verify_rs256(parsed["idToken"].as_str().unwrap(), jwks, issuer, EMBEDDED).unwrap();
    assert_eq!(claims[claim], username);
    assert_eq!(claims["sub"], parsed["idTokenPayload"]["sub"]);

    // checkSession: the iframe found the session the login started.
    let session = of("session")["ok"].clone();
    assert_eq!(session["idTokenPayload"]["sub"], claims["sub"], "{all}");
    assert!(session["accessToken"].is_string(), "{all}");
    let session_claims =
        verify_rs256(session["idToken"].as_str().unwrap(), jwks, issuer, EMBEDDED).unwrap();
    assert_eq!(session_claims[claim], username);

    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    let authorize: Vec<Value> = done["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["login"] == name && c["path"] == "/authorize")
        .map(|c| c["query"].clone())
        .collect();
    // The login's, then checkSession's iframe (prompt=none, web_message, no ticket).
    // The last is checkSession's iframe (prompt=none, web_message, no ticket); those before
    // it are the login's.
    let (session_call, login_calls) = authorize.split_last().unwrap();
    assert_eq!(session_call["prompt"], "none", "{all}");
    assert_eq!(session_call["response_mode"], "web_message", "{all}");
    assert!(session_call.get("login_ticket").is_none(), "{all}");
    for call in login_calls {
        assert_eq!(call["response_type"], "token id_token", "{all}");
    }
    login_calls.to_vec()
}

/// What reached Latchkey for the login `name`, as `(method, path)`, preflights left out.
pub(crate) fn requests_of(said: &[Value], name: &str) -> Vec<(String, String)> {
    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    done["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["login"] == name && c["method"] != "OPTIONS")
        .map(|c| {
            (
                c["method"].as_str().unwrap().to_string(),
                c["path"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `calls` include `expected` in that order.
pub(crate) fn assert_in_order(calls: &[(String, String)], expected: &[(&str, &str)]) {
    let mut at = 0;
    for (method, path) in expected {
        let found = calls[at..]
            .iter()
            .position(|(m, p)| m == method && p == path)
            .unwrap_or_else(|| panic!("no {method} {path} after #{at} in {calls:?}"));
        at += found + 1;
    }
}

/// The embedded login's wire for `name`: the code was asked for, then given to
/// /co/authenticate, and the top-level /authorize carried the login ticket and the realm.
fn check_embedded(said: &[Value], name: &str, connection: &str, authorize: &[Value]) {
    assert_in_order(
        &requests_of(said, name),
        &[
            ("POST", "/passwordless/start"),
            ("POST", "/co/authenticate"),
            ("GET", "/authorize"),
        ],
    );
    assert_eq!(authorize.len(), 1, "{authorize:?}");
    assert!(authorize[0]["login_ticket"].is_string(), "{authorize:?}");
    assert_eq!(authorize[0]["realm"], connection, "{authorize:?}");
    let started = said
        .iter()
        .find(|m| m["event"] == "started" && m["login"] == name)
        .unwrap();
    // auth0.js camel-cases Auth0's answer (`{_id, phone_number | email, …}`).
    assert!(started["ok"]["Id"].is_string(), "{started}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_js_sms_passwordless_login_and_authorize_end_in_parse_hash_and_check_session() {
    if let Some(reason) = missing_tools() {
        skip_or_fail(&reason);
        return;
    }
    let twilio = FakeTwilio::start().await;
    let (embedded, hosted, mistyped, verified) = (phone(), phone(), phone(), phone());
    let logins = json!([
        {"name": "embedded", "flow": "embedded", "connection": "sms", "username": embedded},
        {"name": "hosted", "flow": "hosted", "connection": "sms", "username": hosted},
        {"name": "mistyped", "flow": "embedded", "connection": "sms", "username": mistyped},
        {"name": "anonymous", "flow": "anonymous"},
        {"name": "verify", "flow": "verify", "connection": "sms", "username": verified},
    ]);
    let (issuer, jwks, said) = run("", &twilio, logins, async |msg| {
        let to = msg["username"].as_str().unwrap();
        let code = twilio.last_code(to).expect("a text was sent");
        if msg["name"] == "mistyped" {
            // The right code with its last digit changed.
            let (head, last) = code.split_at(5);
            let wrong = (last.parse::<u8>().unwrap() + 1) % 10;
            format!("{head}{wrong}")
        } else {
            code
        }
    })
    .await;
    let started = said.iter().find(|m| m["event"] == "started").unwrap();
    assert_eq!(started["ok"]["phoneNumber"], embedded.as_str(), "{started}");
    let claim = ("phone_number", embedded.as_str());
    let authorize = check_login(&said, ("embedded", "None"), (&issuer, &jwks), claim).await;
    check_embedded(&said, "embedded", "sms", &authorize);

    // authorize(): the hosted login page, no ticket; its session cookie stays Lax (the app is
    // on the same site, so checkSession's iframe still carries it).
    let claim = ("phone_number", hosted.as_str());
    let authorize = check_login(&said, ("hosted", "Lax"), (&issuer, &jwks), claim).await;
    assert_eq!(authorize.len(), 1, "{authorize:?}");
    assert!(authorize[0].get("login_ticket").is_none(), "{authorize:?}");
    assert!(
        !said
            .iter()
            .any(|m| m["event"] == "started" && m["login"] == "hosted")
    );

    // A wrong code: /co/authenticate's refusal body reaches passwordlessLogin's callback
    // (auth0.js passes the body on, without the status), and no ticket, so no /authorize.
    let refused = said
        .iter()
        .find(|m| m["event"] == "login" && m["login"] == "mistyped")
        .unwrap();
    assert_eq!(
        (&refused["error"], &refused["description"]),
        (
            &json!("access_denied"),
            &json!("Wrong phone number or verification code.")
        ),
        "{refused}"
    );
    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    let mistyped_calls: Vec<&Value> = done["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["login"] == "mistyped" && c["method"] != "OPTIONS")
        .map(|c| &c["path"])
        .collect();
    assert_eq!(
        mistyped_calls,
        [&json!("/passwordless/start"), &json!("/co/authenticate")]
    );

    // passwordlessLogin on Latchkey's own origin: the passwordlessVerify path (issue 12's
    // /passwordless/verify_redirect for SMS), with no ticket and no /authorize, and a
    // session the hosted way (Lax) that checkSession finds.
    let claim = ("phone_number", verified.as_str());
    let authorize = check_login(&said, ("verify", "Lax"), (&issuer, &jwks), claim).await;
    assert_eq!(authorize, Vec::<Value>::new());
    let verify_calls: Vec<(&Value, &Value)> = done["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["login"] == "verify" && c["method"] != "OPTIONS")
        .map(|c| (&c["method"], &c["path"]))
        .take(4)
        .collect();
    let (get, post) = (json!("GET"), json!("POST"));
    assert_eq!(
        verify_calls,
        [
            (&get, &json!("/.well-known/openid-configuration")),
            (&post, &json!("/passwordless/start")),
            (&post, &json!("/passwordless/verify")),
            (&get, &json!("/passwordless/verify_redirect")),
        ]
    );

    // No login in the browser: checkSession answers Auth0's login_required.
    let anonymous = said
        .iter()
        .find(|m| m["event"] == "session" && m["login"] == "anonymous")
        .unwrap();
    assert_eq!(
        (&anonymous["error"], &anonymous["description"]),
        (&json!("login_required"), &json!("Login required")),
        "{anonymous}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_js_email_passwordless_login_ends_in_parse_hash_and_check_session() {
    if let Some(reason) = missing_tools() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let twilio = FakeTwilio::start().await;
    let address = email();
    let logins = json!([
        {"name": "email", "flow": "embedded", "connection": "email", "username": address},
    ]);
    let extra = email_config(sink.port, "");
    let (issuer, jwks, said) = run(&extra, &twilio, logins, async |msg| {
        let message = sink.next_message().await;
        assert_eq!(message.header("To"), msg["username"].as_str());
        message.code()
    })
    .await;
    let started = said.iter().find(|m| m["event"] == "started").unwrap();
    assert_eq!(started["ok"]["email"], address.as_str(), "{started}");
    let authorize = check_login(
        &said,
        ("email", "None"),
        (&issuer, &jwks),
        ("email", &address),
    )
    .await;
    check_embedded(&said, "email", "email", &authorize);
}

/// Issue 12's cross-origin verification fallback: the app on another site than Latchkey, in
/// a browser that blocks third-party cookies but lets the app's own pages use theirs.
/// `/co/authenticate`'s session cookie never lands, so `/authorize` with the ticket answers
/// the verification page; it frames the app's `cross_origin_loc` (auth0.js's
/// `crossOriginVerification()`), gets the verifier auth0.js kept, and `/co/verify` signs
/// the browser in on Latchkey's site and answers the app, where parseHash verifies the
/// id_token. (checkSession's iframe is third-party there too, so it finds no session.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_js_login_without_third_party_cookies_is_proved_by_the_verification_page() {
    if let Some(reason) = missing_tools() {
        skip_or_fail(&reason);
        return;
    }
    let twilio = FakeTwilio::start().await;
    let tls = certificate();
    let spa = spa_server(&tls, "127.0.0.1").await;
    let number = phone();
    let logins = json!([
        {"name": "fallback", "flow": "fallback", "connection": "sms", "username": number},
    ]);
    let extra = format!("cross_origin_loc = \"{spa}/co-verify\"\n");
    let (issuer, jwks, said) = run_at(&tls, &spa, &extra, &twilio, logins, async |msg| {
        twilio
            .last_code(msg["username"].as_str().unwrap())
            .expect("a text was sent")
    })
    .await;
    let all = Value::from(said.clone());
    let of = |event: &str| {
        said.iter()
            .find(|m| m["event"] == event)
            .unwrap_or_else(|| panic!("no {event} in {all}"))
            .clone()
    };
    assert_eq!(of("login")["ok"], true, "{all}");
    let parsed = of("parsed")["ok"].clone();
    assert_eq!(
        parsed["idTokenPayload"]["phone_number"],
        number.as_str(),
        "{all}"
    );
    let claims = verify_rs256(
        parsed["idToken"].as_str().unwrap(),
        &jwks,
        &issuer,
        EMBEDDED,
    )
    .unwrap();
    assert_eq!(claims["phone_number"], number.as_str());
    assert_eq!(
        (&of("session")["error"], &of("session")["description"]),
        (&json!("login_required"), &json!("Login required")),
        "{all}"
    );

    // The wire: the ticket went to /authorize, which answered the page, and the page's
    // form went to /co/verify; Latchkey's session cookie is the one /co/verify set
    // (first-party there: Lax), not /co/authenticate's (None), which was blocked.
    assert_in_order(
        &requests_of(&said, "fallback"),
        &[
            ("POST", "/co/authenticate"),
            ("GET", "/authorize"),
            ("POST", "/co/verify"),
        ],
    );
    let cookies = of("login")["cookies"].clone();
    let session: Vec<&Value> = cookies
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "latchkey_session")
        .collect();
    assert_eq!(
        session,
        [&json!({"name": "latchkey_session", "sameSite": "Lax", "secure": true, "httpOnly": true})],
        "{all}"
    );
}
