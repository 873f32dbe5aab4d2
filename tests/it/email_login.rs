//! Email login against a real SMTP server (aiosmtpd): codes, magic links through
//! `verify_redirect` with its scanner-proof confirm step, the authorization-code exchange
//! with PKCE, native app links, and what happens when the mail server refuses or is down.

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

use crate::support::smtp::SmtpSink;
use crate::support::users::operators;
use crate::support::web::{Browser, form_of};
use crate::support::{
    IOS_BUNDLE, LINK_APP, LINK_CALLBACK, MIN_GAP, NATIVE_APP, OTP_GRANT, SMTP_PASS, SMTP_USER,
    TestApp, WEB_APP, WEB_SECRET, email, email_config, read, spawn_app_with, spawn_email_app,
};

/// RFC 7636 Appendix B's verifier and its S256 challenge: an independent known answer.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

async fn start(app: &TestApp, body: Value) -> (StatusCode, Value) {
    app.post_json("/passwordless/start", body).await
}

/// A code by email for `address`, with the native app.
async fn start_code(app: &TestApp, address: &str) -> (StatusCode, Value) {
    start(
        app,
        json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"}),
    )
    .await
}

/// A magic link for the public link app, with PKCE and the given extra authParams.
async fn start_link(app: &TestApp, address: &str, extra: Value) -> (StatusCode, Value) {
    let mut auth_params = json!({
        "redirect_uri": LINK_CALLBACK,
        "response_type": "code",
        "scope": "openid email profile offline_access",
        "state": "st-42",
        "nonce": "n-0S6_WzA2Mj",
        "code_challenge": CHALLENGE,
        "code_challenge_method": "S256",
    });
    if let (Some(base), Some(more)) = (auth_params.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            base.insert(k.clone(), v.clone());
        }
    }
    start(
        app,
        json!({"client_id": LINK_APP, "connection": "email", "email": address, "send": "link",
               "authParams": auth_params}),
    )
    .await
}

fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let query = query.split('#').next().unwrap_or("");
    serde_urlencoded::from_str(query).unwrap()
}

fn param(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

/// An app sending email with these connection options, and a magic link it sent (with
/// [`start_link`]'s defaults): (app, sink, address, link).
async fn app_with_a_link(options: &str) -> Option<(TestApp, SmtpSink, String, String)> {
    let (app, mut sink) = spawn_email_app(options).await?;
    let address = email();
    start_link(&app, &address, json!({})).await;
    let link = sink.next_message().await.url_under(&app.issuer);
    Some((app, sink, address, link))
}

/// Opens a magic link's confirm page and presses its button: the callback URL it ends at.
async fn follow_link(
    app: &TestApp,
    link: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut browser = Browser::new();
    let (status, headers, page) = browser.get(link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        headers[reqwest::header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let (action, fields) = form_of(&page);
    browser.post(&app.url(&action), &fields).await
}

async fn redeem(
    app: &TestApp,
    client_id: &str,
    code: &str,
    verifier: Option<&str>,
) -> (StatusCode, Value) {
    let mut body = json!({"grant_type": "authorization_code", "client_id": client_id,
                          "code": code, "redirect_uri": LINK_CALLBACK});
    if let Some(v) = verifier {
        body["code_verifier"] = v.into();
    }
    app.post_json("/oauth/token", body).await
}

/// The OTP grant for an email code, with `scope` when given.
async fn otp_grant(
    app: &TestApp,
    client_id: &str,
    address: &str,
    code: &str,
    scope: Option<&str>,
) -> (StatusCode, Value) {
    let mut body = json!({"grant_type": OTP_GRANT, "client_id": client_id, "username": address,
                          "otp": code, "realm": "email"});
    if let Some(scope) = scope {
        body["scope"] = scope.into();
    }
    app.post_json("/oauth/token", body).await
}

#[tokio::test]
async fn an_email_code_logs_in_and_the_message_is_well_formed() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = email();
    let (status, body) = start_code(&app, &address.to_uppercase()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email"], address, "addresses are stored lower-cased");
    assert_eq!(body["email_verified"], false);
    assert!(body.get("phone_number").is_none());

    let m = sink.next_message().await;
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));
    assert_eq!(m.rcpt_tos, vec![address.clone()]);
    assert_eq!(m.header("from"), Some("Acme Login <login@acme.example>"));
    assert_eq!(m.header("to"), Some(address.as_str()));
    assert!(
        m.header("subject").unwrap().contains("Acme Native"),
        "{m:?}"
    );
    let id = m.header("message-id").unwrap();
    assert!(
        id.starts_with('<') && id.ends_with('>') && id.contains('@'),
        "{id}"
    );
    assert!(m.header("date").is_some());
    assert_eq!(m.content_types[0], "multipart/alternative");
    assert!(m.content_types.contains(&"text/plain".to_string()));
    assert!(m.content_types.contains(&"text/html".to_string()));
    let code = m.code();
    assert!(m.html.as_deref().unwrap().contains(&code));
    assert!(
        !m.raw.contains("verify_redirect"),
        "a code email carries no link"
    );

    let (status, tokens) = otp_grant(
        &app,
        NATIVE_APP,
        &address,
        &code,
        Some("openid profile email"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app.verified_claims(&tokens, NATIVE_APP).await;
    let sub = claims["sub"].as_str().unwrap();
    let id = sub.strip_prefix("email|").unwrap();
    assert!(
        id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{sub}"
    );
    assert_eq!(claims["email"], address);
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["name"], address);
    assert_eq!(claims["nickname"], address.split('@').next().unwrap());

    // single use
    let (status, again) = otp_grant(&app, NATIVE_APP, &address, &code, Some("openid")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        again["error_description"],
        "Wrong email or verification code."
    );
}

#[tokio::test]
async fn email_codes_follow_the_code_rules() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = email();
    start_code(&app, &address).await;
    let first = sink.next_message().await.code();
    app.clock.advance(MIN_GAP);
    start_code(&app, &address).await;
    let second = sink.next_message().await.code();
    let try_code = async |code: &str| otp_grant(&app, NATIVE_APP, &address, code, None).await;
    let wrong = if second == "000000" {
        "111111"
    } else {
        "000000"
    };
    // the older code is now just a wrong one (it counts as a try)
    let older = if first != second {
        first
    } else {
        wrong.to_string()
    };
    for guess in [older, wrong.into(), wrong.into()] {
        let (status, body) = try_code(&guess).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(
            body["error_description"],
            "Wrong email or verification code."
        );
    }
    let (status, body) = try_code(&second).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "three wrong tries kill the code: {body}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("maximum number of attempts"),
        "{body}"
    );

    // an expired code
    app.clock.advance(MIN_GAP);
    start_code(&app, &address).await;
    let third = sink.next_message().await.code();
    app.clock.advance(300);
    let (status, body) = try_code(&third).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{body}"
    );
}

#[tokio::test]
async fn bad_start_requests_get_auth0_errors() {
    let Some((app, _sink)) = spawn_email_app("").await else {
        return;
    };
    for (body, error) in [
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "send": "code"}),
            "bad.email",
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "email": "not-an-address"}),
            "bad.email",
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "email": "a@b.example", "send": "fax"}),
            "bad.request",
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "email": "a@b.example", "phone_number": "+14155550100"}),
            "bad.request",
        ),
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "email": "a@b.example", "authParams": "x"}),
            "bad.authParams",
        ),
        // a link needs a callback the client allows
        (
            json!({"client_id": LINK_APP, "connection": "email", "email": "a@b.example", "send": "link",
                "authParams": {"redirect_uri": "https://evil.example/cb", "response_type": "code"}}),
            "bad.authParams",
        ),
        // the native app has no callbacks at all
        (
            json!({"client_id": NATIVE_APP, "connection": "email", "email": "a@b.example"}),
            "bad.authParams",
        ),
    ] {
        let (status, answer) = start(&app, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
        assert_eq!(answer["error"], error, "{body} -> {answer}");
    }
}

#[tokio::test]
async fn a_magic_link_survives_scanners_and_ends_at_the_callback_with_a_pkce_code() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = email();
    let (status, body) = start_link(&app, &address, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m = sink.next_message().await;
    let link = m.url_under(&format!("{}passwordless/verify_redirect?", app.issuer));
    let html = m.html.clone().unwrap();
    assert!(
        html.contains(&link.replace('&', "&amp;")),
        "the HTML part carries the same link"
    );
    let link_params = query_pairs(&link);
    assert_eq!(param(&link_params, "client_id").as_deref(), Some(LINK_APP));
    assert_eq!(param(&link_params, "email"), Some(address.clone()));
    assert_eq!(
        param(&link_params, "redirect_uri").as_deref(),
        Some(LINK_CALLBACK)
    );
    assert_eq!(param(&link_params, "verification_code").unwrap().len(), 6);

    // a scanner: HEAD and GET, twice, from a client without cookies
    let mut scanner = Browser::new();
    for _ in 0..2 {
        assert_eq!(scanner.head(&link).await, StatusCode::OK);
        let (status, headers, page) = scanner.get(&link).await;
        assert_eq!(status, StatusCode::OK);
        assert!(headers.get(LOCATION).is_none());
        assert!(page.contains(&address), "{page}");
    }

    // the person, on another device: the button logs in once
    let (status, headers, page) = follow_link(&app, &link).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let location = headers[LOCATION].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&format!("{LINK_CALLBACK}?")),
        "{location}"
    );
    let back = query_pairs(&location);
    assert_eq!(param(&back, "state").as_deref(), Some("st-42"));
    let code = param(&back, "code").unwrap();

    // PKCE: without the verifier, or with the wrong one, the code does not redeem (nor die)
    let (status, body) = redeem(&app, LINK_APP, &code, None).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_request")),
        "{body}"
    );
    let (status, body) = redeem(&app, LINK_APP, &code, Some(&VERIFIER.replace('d', "e"))).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invalid_grant")),
        "{body}"
    );
    let (status, tokens) = redeem(&app, LINK_APP, &code, Some(VERIFIER)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app.verified_claims(&tokens, LINK_APP).await;
    assert_eq!(claims["email"], address);
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(
        claims["auth_time"],
        latchkey::domain::Clock::now(&app.clock)
    );
    let refresh = tokens["refresh_token"].as_str().unwrap().to_string();

    // the stolen code used again (later than a duplicate of the first request could):
    // refused, and the refresh token it gave is revoked
    app.clock
        .advance(latchkey::domain::tokens::refresh_rule::DUPLICATE_WINDOW);
    let (status, body) = redeem(&app, LINK_APP, &code, Some(VERIFIER)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("invalid_grant")),
        "{body}"
    );
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "refresh_token", "client_id": LINK_APP, "refresh_token": refresh}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    // the link itself is spent: opening it says so at once (no button to press first),
    // offers a new one, and redirects nowhere
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(headers.get(LOCATION).is_none());
    assert!(page.contains("expired or was already used"), "{page}");
    assert!(page.contains("Send me a new link"), "{page}");
}

#[tokio::test]
async fn an_expired_link_offers_a_new_one_that_works() {
    let Some((app, mut sink, _address, link)) = app_with_a_link("").await else {
        return;
    };
    app.clock.advance(301);
    // opening the expired link says at once that it expired, and offers a new one
    let mut browser = Browser::new();
    let (status, _, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("expired or was already used"), "{page}");
    let (action, fields) = form_of(&page);
    assert_eq!(action, "/passwordless/verify_redirect/resend");
    assert!(
        fields.iter().all(|(k, _)| k != "verification_code"),
        "{fields:?}"
    );
    // without the browser's cookie the form is refused
    let (status, _, _) = Browser::new().post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Check your email"), "{page}");
    let fresh = sink.next_message().await.url_under(&app.issuer);
    assert_ne!(fresh, link);
    let (status, headers, page) = follow_link(&app, &fresh).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    assert!(headers[LOCATION].to_str().unwrap().contains("state=st-42"));
}

#[tokio::test]
async fn the_link_pages_speak_the_browsers_language() {
    let Some((app, _sink, _address, link)) = app_with_a_link("").await else {
        return;
    };
    let mut browser = Browser::new();
    browser.language = Some("fr-FR,fr;q=0.9,en;q=0.5");
    let (status, _, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains("Continuer en tant que"), "{page}");
    // Expired: the page and its button in French, then the new link's notice.
    app.clock.advance(301);
    let (action, fields) = form_of(&page);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("Ce lien a expiré ou a déjà servi"), "{page}");
    assert!(page.contains("M’envoyer un nouveau lien"), "{page}");
    let (action, fields) = form_of(&page);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Consultez vos e-mails"), "{page}");
    // A native link opened in a French browser; the same link in an English one.
    let native = app.url("/ios/com.acme.app/email?code=123456");
    let (_, _, page) = browser.get(&native).await;
    assert!(page.contains("Ouvrir com.acme.app"), "{page}");
    let (_, _, page) = Browser::new().get(&native).await;
    assert!(page.contains("Open com.acme.app"), "{page}");
}

#[tokio::test]
async fn a_forged_confirm_post_is_refused_and_does_not_use_the_link() {
    let Some((app, _sink, _address, link)) = app_with_a_link("").await else {
        return;
    };
    let mut browser = Browser::new();
    let (_, _, page) = browser.get(&link).await;
    let (action, fields) = form_of(&page);
    // another site's form: no cookie, or a foreign Origin
    let (status, _, _) = Browser::new().post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = browser
        .http
        .post(app.url(&action))
        .header(COOKIE, browser.cookie().unwrap())
        .header("origin", "https://evil.example")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // the real button still works
    let (status, _, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_link_with_a_foreign_redirect_uri_never_redirects() {
    let Some((app, _sink, _address, link)) = app_with_a_link("").await else {
        return;
    };
    for evil in [
        "https://evil.example/callback",
        "https://spa.acme.example/callback/../evil",
        "https://spa.acme.example/callback?x=1",
    ] {
        let tampered = link.replace(
            &serde_urlencoded::to_string([("redirect_uri", LINK_CALLBACK)]).unwrap(),
            &serde_urlencoded::to_string([("redirect_uri", evil)]).unwrap(),
        );
        assert_ne!(tampered, link);
        let (status, headers, page) = Browser::new().get(&tampered).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{evil}");
        assert!(headers.get(LOCATION).is_none());
        assert!(
            page.contains("not in the list of allowed callback URLs"),
            "{page}"
        );
    }
    // the untouched link still works: nothing was used up
    let (status, _, _) = follow_link(&app, &link).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_link_for_an_implicit_client_returns_tokens_in_the_fragment() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = email();
    let (status, body) = start_link(
        &app,
        &address,
        json!({"response_type": "id_token token", "code_challenge": "", "code_challenge_method": ""}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link = sink.next_message().await.url_under(&app.issuer);
    let (status, headers, _) = follow_link(&app, &link).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[LOCATION].to_str().unwrap();
    let (base, fragment) = location.split_once('#').unwrap();
    assert_eq!(base, LINK_CALLBACK, "tokens never travel in the query");
    let back: Vec<(String, String)> = serde_urlencoded::from_str(fragment).unwrap();
    let access = param(&back, "access_token").unwrap();
    let claims = app
        .verified_claims(&param(&back, "id_token").unwrap(), LINK_APP)
        .await;
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    // at_hash: left half of SHA-256 of the access token, computed here independently
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, access.as_bytes());
    use base64::Engine;
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16]);
    assert_eq!(claims["at_hash"], expected);
    assert_eq!(param(&back, "state").as_deref(), Some("st-42"));
    let (status, profile) = crate::support::read(
        app.http
            .get(app.url("/userinfo"))
            .bearer_auth(&access)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["email"], address);
}

#[tokio::test]
async fn auth0s_single_get_behaviour_is_an_option_and_head_never_uses_a_link() {
    let Some((app, _sink, _address, link)) = app_with_a_link("confirm_magic_link = false").await
    else {
        return;
    };
    let mut browser = Browser::new();
    assert_eq!(browser.head(&link).await, StatusCode::OK);
    let (status, headers, _) = browser.get(&link).await;
    assert_eq!(status, StatusCode::FOUND);
    let code = param(&query_pairs(headers[LOCATION].to_str().unwrap()), "code").unwrap();
    let (status, _) = redeem(&app, LINK_APP, &code, Some(VERIFIER)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
}

#[tokio::test]
async fn a_confidential_web_app_redeems_a_link_code_with_its_secret() {
    let Some(sink) = SmtpSink::start(Some((SMTP_USER, crate::support::SMTP_PASS))).await else {
        return;
    };
    let mut sink = sink;
    // the web app's callback (from the base configuration)
    let app = spawn_app_with(&email_config(
        sink.port,
        "authParams = '{\"scope\": \"openid email\", \"response_type\": \"code\"}'",
    ))
    .await;
    let address = email();
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "email",
                   "email": address, "send": "link",
                   "authParams": {"redirect_uri": "https://acme.example/callback", "state": "s1"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link = sink.next_message().await.url_under(&app.issuer);
    assert_eq!(
        param(&query_pairs(&link), "scope").as_deref(),
        Some("openid email"),
        "the connection's authParams apply"
    );
    let (status, headers, _) = follow_link(&app, &link).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let code = param(&query_pairs(headers[LOCATION].to_str().unwrap()), "code").unwrap();
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "https://acme.example/callback"),
    ];
    let (status, body) = read(
        app.http
            .post(app.url("/oauth/token"))
            .basic_auth(WEB_APP, Some("wrong-secret-0123456789"))
            .form(&form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // another redirect URI than the code was issued for
    let (status, _) = read(
        app.http
            .post(app.url("/oauth/token"))
            .basic_auth(WEB_APP, Some(WEB_SECRET))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", LINK_CALLBACK),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = read(
        app.http
            .post(app.url("/oauth/token"))
            .basic_auth(WEB_APP, Some(WEB_SECRET))
            .form(&form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.get("refresh_token").is_none(),
        "no offline_access asked"
    );
    // another client cannot redeem the same kind of code
    app.clock.advance(MIN_GAP);
    start(&app, json!({"client_id": WEB_APP, "client_secret": WEB_SECRET, "connection": "email",
                       "email": address, "authParams": {"redirect_uri": "https://acme.example/callback"}})).await;
    let link = sink.next_message().await.url_under(&app.issuer);
    let (_, headers, _) = follow_link(&app, &link).await;
    let code = param(&query_pairs(headers[LOCATION].to_str().unwrap()), "code").unwrap();
    let (status, _) = redeem(&app, LINK_APP, &code, Some(VERIFIER)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn passwordless_verify_checks_a_code_without_using_it() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(&(email_config(sink.port, "") + &operators())).await;
    let address = email();
    start_code(&app, &address).await;
    let code = sink.next_message().await.code();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = app
        .post_json(
            "/passwordless/verify",
            json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                   "verification_code": wrong}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(body["error"], "invalid_user_password");
    assert_eq!(
        body["error_description"],
        "Wrong email or verification code."
    );
    // The wrong check cost a try, and the log shows it as a failed login under the app.
    let failed = app.failed_logins("email", &address).await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0]["client_id"], NATIVE_APP);
    assert!(
        failed[0]["description"]
            .as_str()
            .unwrap()
            .ends_with("(checked at /passwordless/verify)"),
        "{}",
        failed[0]
    );
    for _ in 0..2 {
        let (status, body) = app
            .post_json(
                "/passwordless/verify",
                json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                       "verification_code": code}),
            )
            .await;
        assert_eq!((status, body), (StatusCode::OK, json!({})));
    }
    let failed = app.failed_logins("email", &address).await;
    assert_eq!(failed.len(), 1, "a right check logs no failure: {failed:?}");
    let (status, body) = otp_grant(&app, NATIVE_APP, &address, &code, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the checked code still works: {body}"
    );
}

#[tokio::test]
async fn native_links_open_the_app_and_the_domain_vouches_for_it() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = email();
    let (status, body) = start(
        &app,
        json!({"client_id": LINK_APP, "connection": "email", "email": address, "send": "link_ios"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link = sink
        .next_message()
        .await
        .url_under(&format!("{}ios/", app.issuer));
    // what Lock.swift checks: the bundle id in the path, a numeric `code` in the query
    let path = link.split('?').next().unwrap();
    assert!(
        path.to_lowercase().contains(&IOS_BUNDLE.to_lowercase()),
        "{link}"
    );
    let code = param(&query_pairs(&link), "code").unwrap();
    assert!(code.parse::<u64>().is_ok());
    // opened in a browser instead: a page with the code, which nothing uses up
    let (status, _, page) = Browser::new().get(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&code) && page.contains("Acme Notes"),
        "{page}"
    );
    // the app logs in with the code, as Lock.swift does
    let (status, tokens) = otp_grant(&app, LINK_APP, &address, &code, Some("openid")).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");

    let (status, aasa) = app
        .get_json("/.well-known/apple-app-site-association")
        .await;
    assert_eq!(status, StatusCode::OK);
    let details = &aasa["applinks"]["details"];
    assert_eq!(details.as_array().unwrap().len(), 1, "{aasa}");
    assert_eq!(details[0]["appID"], format!("ABCDE12345.{IOS_BUNDLE}"));
    assert_eq!(details[0]["paths"][0], format!("/ios/{IOS_BUNDLE}/*"));
    assert_eq!(
        aasa["webcredentials"]["apps"],
        json!([format!("ABCDE12345.{IOS_BUNDLE}")]),
        "passkeys shared with the iOS app"
    );
    let (status, links) = app.get_json("/.well-known/assetlinks.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(links[0]["target"]["package_name"], "com.acme.notes");
    assert_eq!(
        links[0]["relation"][0],
        "delegate_permission/common.handle_all_urls"
    );

    // a client without an Android app cannot ask for an Android link
    let (status, body) = start(
        &app,
        json!({"client_id": NATIVE_APP, "connection": "email", "email": email(), "send": "link_android"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad.request"))
    );
}

#[tokio::test]
async fn the_request_language_picks_the_template() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    for (header, value, expect) in [
        ("x-request-language", "fr-FR", "fr"),
        ("accept-language", "fr-CA,fr;q=0.9,en;q=0.5", "fr"),
        ("accept-language", "de-DE,en;q=0.5", "de"),
        ("accept-language", "sw-KE,en;q=0.5", "en"),
        ("x-request-language", "ar", "ar"),
    ] {
        let r = app
            .http
            .post(app.url("/passwordless/start"))
            .header(header, value)
            .json(&json!({"client_id": NATIVE_APP, "connection": "email", "email": email(), "send": "code"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let m = sink.next_message().await;
        let html = m.html.unwrap();
        assert!(
            html.contains(&format!("lang=\"{expect}\"")),
            "{value}: {html}"
        );
    }
}

#[tokio::test]
async fn a_custom_liquid_template_is_used() {
    let Some((app, mut sink)) = spawn_email_app(
        "email = { from = \"{{ application.name }} <hello@acme.example>\", subject = \"Hi {{ email }}\", body = \"<p>{% if request_language contains 'fr' %}Votre code{% else %}Your code{% endif %}{% if send == 'code' %}: <b>{{ code }}</b>{% else %}: <a href='{{ link }}'>link</a>{% endif %} ({{ send }})</p>\" }",
    )
    .await
    else {
        return;
    };
    let address = email();
    let r = app
        .http
        .post(app.url("/passwordless/start"))
        .header("x-request-language", "fr")
        .json(&json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let m = sink.next_message().await;
    assert_eq!(m.header("subject").unwrap(), format!("Hi {address}"));
    assert_eq!(
        m.header("from").unwrap(),
        "Acme Native <hello@acme.example>"
    );
    let code = m.code();
    assert_eq!(
        m.text.as_deref().unwrap().trim(),
        format!("Votre code: {code} (code)")
    );
}

#[tokio::test]
async fn a_refusing_mail_server_leaves_no_code_behind() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let address = "refuse.me@mail.example";
    let (status, body) = start_code(&app, address).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "email_provider_error");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("refused"),
        "{body}"
    );
    sink.assert_no_message().await;
    // no code is waiting: a right-looking guess meets "no code", and /passwordless/verify agrees
    let (status, body) = app
        .post_json(
            "/passwordless/verify",
            json!({"client_id": NATIVE_APP, "connection": "email", "email": address,
                   "verification_code": "123456"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

#[tokio::test]
async fn a_mail_server_that_is_down_is_a_clear_error() {
    // a port with nothing listening: bind, note it, close it
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = spawn_app_with(&email_config(port, "")).await;
    let (status, body) = start_code(&app, &email()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "email_provider_error");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("could not be reached"),
        "{body}"
    );
}

#[tokio::test]
async fn without_signup_only_known_addresses_get_codes() {
    let Some((app, mut sink)) = spawn_email_app("disable_signup = true").await else {
        return;
    };
    let (status, body) = start_code(&app, &email()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "bad.connection");
    // an unknown address got no email
    sink.assert_no_message().await;
}

/// Issue 12 item 7: Lock's email magic link with `responseType: 'code'`, as Lock sends the
/// start call from a page (`authParams` with `response_type: "code"`, no secret, no PKCE).
/// A public client is refused before any email: a code without PKCE could be redeemed by
/// anyone holding the link. A confidential one is refused for want of its secret, which a
/// page cannot hold (Auth0's rule too: call the start from the backend, with the secret,
/// as the test above does). Neither sends anything.
#[tokio::test]
async fn locks_code_magic_link_from_a_page_is_refused_before_any_email() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, crate::support::SMTP_PASS))).await else {
        return;
    };
    let app = spawn_app_with(&email_config(sink.port, "")).await;
    let lock_start = |client_id: &str, redirect_uri: &str| {
        json!({"client_id": client_id, "connection": "email", "email": email(), "send": "link",
               "authParams": {"response_type": "code", "redirect_uri": redirect_uri,
                              "scope": "openid profile email", "state": "lock-state",
                              "_csrf": "", "_instate": "deprecated"}})
    };
    let (status, body) = start(&app, lock_start(LINK_APP, LINK_CALLBACK)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad.authParams")),
        "{body}"
    );
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| d.contains("PKCE")),
        "{body}"
    );
    let (status, body) = start(&app, lock_start(WEB_APP, "https://acme.example/callback")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client")),
        "{body}"
    );
    // Nothing was sent: the next message is the one a good start sends.
    let address = email();
    let (status, body) = start_code(&app, &address).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        sink.next_message().await.header("To"),
        Some(address.as_str())
    );
}
