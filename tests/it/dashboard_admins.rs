//! The dashboard's administrators are not the tenant's users (as Auth0 keeps its dashboard's
//! accounts apart): signing in to `/admin` creates no user and touches none, not even an end
//! user with the same address; the Management API, the Users page and the overview never
//! see it; the log has it as a dashboard sign-in. Someone who is not an administrator gets
//! the same pages and a code, no user, and the callback's refusal. And the attacker's side:
//! the dashboard's authorization code redeems nowhere else, its client gets no tokens and
//! starts no end-user login, an end user's session does not open the dashboard (nor the other
//! way round), and a removed administrator's open session stops working. The dashboard
//! speaks the administrator's language, its notices and refusals too.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

use crate::dashboard::ADMIN;
use crate::support::smtp::SmtpSink;
use crate::support::users::{OPS, operators};
use crate::support::web::{Browser, forms_of};
use crate::support::{LINK_APP, LINK_CALLBACK, OTP_GRANT, TestApp, email_config};

const INTRUDER: &str = "someone-else@latchkey.test";
const SECOND: &str = "second@latchkey.test";

/// An app sending email through an SMTP sink, with `ADMIN` in the configuration and the
/// operators' machine clients.
async fn admin_app() -> Option<(TestApp, SmtpSink)> {
    let sink =
        SmtpSink::start(Some((crate::support::SMTP_USER, crate::support::SMTP_PASS))).await?;
    let config = email_config(sink.port, "")
        + &format!("\n[admin]\nemails = [\"{ADMIN}\"]\n")
        + &operators();
    Some((crate::support::spawn_app_with(&config).await, sink))
}

/// The hosted login's email form for `authorize` (a path and query), filled with `email`,
/// posted; the code page.
async fn send_code(
    app: &TestApp,
    browser: &mut Browser,
    authorize: &str,
    email: &str,
) -> (StatusCode, String) {
    let (status, headers, page) = browser.get(&app.url(authorize)).await;
    assert_eq!(status, StatusCode::OK, "{headers:?} {page}");
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, fields)| {
            action == "/authorize/identifier" && fields.iter().any(|(_, v)| v == "email")
        })
        .unwrap_or_else(|| panic!("an email form on the login page: {page}"));
    fields.push(("email".into(), email.into()));
    fields.push(("send".into(), "code".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    (status, page)
}

/// Types the code `sink` received on `page`; the answer (a redirect to the app).
async fn type_code(
    app: &TestApp,
    browser: &mut Browser,
    sink: &mut SmtpSink,
    page: &str,
    to: &str,
) -> (StatusCode, HeaderMap, String) {
    let message = sink.next_message().await;
    assert_eq!(message.rcpt_tos, vec![to.to_string()]);
    let (action, mut fields) = forms_of(page).into_iter().next().unwrap();
    fields.push(("code".into(), message.code()));
    browser.post(&app.url(&action), &fields).await
}

/// `/admin` in `browser` as `email`, up to the hosted login's redirect to the callback; the
/// callback's URL and the code page it came from.
async fn dashboard_code(
    app: &TestApp,
    browser: &mut Browser,
    sink: &mut SmtpSink,
    email: &str,
) -> (String, String) {
    let (status, headers, page) = browser.get(&app.url("/admin")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let authorize = headers["location"].to_str().unwrap().to_string();
    let (status, code_page) = send_code(app, browser, &authorize, email).await;
    assert_eq!(status, StatusCode::OK, "{code_page}");
    let (status, headers, page) = type_code(app, browser, sink, &code_page, email).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let callback = headers["location"].to_str().unwrap().to_string();
    assert!(
        callback.starts_with(&app.url("/admin/callback?")),
        "straight to the callback, no passkey offer: {callback}"
    );
    (callback, code_page)
}

/// Signs `email` in to the dashboard in a new browser.
async fn signed_in(app: &TestApp, sink: &mut SmtpSink, email: &str) -> Browser {
    signed_in_speaking(app, sink, email, None).await
}

/// [`signed_in`] in a browser that asks for `language` (`Accept-Language`).
async fn signed_in_speaking(
    app: &TestApp,
    sink: &mut SmtpSink,
    email: &str,
    language: Option<&'static str>,
) -> Browser {
    let mut browser = Browser::new();
    browser.language = language;
    let (callback, _) = dashboard_code(app, &mut browser, sink, email).await;
    let (status, headers, page) = browser.get(&callback).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    assert_eq!(headers["location"], "/admin/overview");
    browser
}

/// The Management API's users with `email` (the list and the lookup by email agree).
async fn users_with(app: &TestApp, token: &str, email: &str) -> Vec<Value> {
    let q = serde_urlencoded::to_string([("email", email)]).unwrap();
    let (status, found) = app
        .get_as(token, &format!("/api/v2/users-by-email?{q}"))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let (status, all) = app.get_as(token, "/api/v2/users?per_page=100").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    let listed: Vec<Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["email"] == email)
        .cloned()
        .collect();
    assert_eq!(listed.len(), found.as_array().unwrap().len(), "{all}");
    listed
}

/// The overview's "Logins" tile.
async fn overview_logins(app: &TestApp, browser: &mut Browser) -> String {
    let (status, _, page) = browser.get(&app.url("/admin/overview")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let end = page
        .find("</span> <span class=\"tile-label\">Logins</span>")
        .unwrap_or_else(|| panic!("a Logins tile: {page}"));
    let start = page[..end].rfind('>').unwrap() + 1;
    page[start..end].to_string()
}

/// An end user of the tenant's email connection signs in to the link app with the OTP
/// grant; their tokens.
async fn end_user_login(app: &TestApp, sink: &mut SmtpSink, email: &str) -> Value {
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": LINK_APP, "connection": "email", "email": email, "send": "code"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let code = sink.next_message().await.code();
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": LINK_APP, "username": email,
                   "otp": code, "realm": "email", "scope": "openid"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    tokens
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dashboard_sign_in_makes_no_user_and_counts_as_no_login() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let token = app.machine_token(&OPS).await;
    let mut browser = signed_in(&app, &mut sink, ADMIN).await;
    assert!(
        !browser.cookies.contains_key("latchkey_session"),
        "no end-user session: {:?}",
        browser.cookies.keys()
    );
    assert_eq!(users_with(&app, &token, ADMIN).await, Vec::<Value>::new());
    let (status, _, page) = browser
        .get(&app.url(&format!("/admin/users?q={}", ADMIN.replace('@', "%40"))))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let rows = &page[page.find("id=\"user-rows\"").unwrap()..];
    let rows = &rows[..rows.find("</tbody>").unwrap()];
    assert!(
        !rows.contains("<tr>"),
        "the Users page lists nobody: {rows}"
    );
    assert_eq!(overview_logins(&app, &mut browser).await, "0");

    // The log has a dashboard sign-in, and no end user's login or code exchange.
    let (status, logs) = app.get_as(&token, "/api/v2/logs?per_page=100").await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    let logs = logs.as_array().unwrap();
    let types: Vec<&str> = logs.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"sdash"), "{types:?}");
    for end_user in ["s", "f", "ss", "seacft"] {
        assert!(!types.contains(&end_user), "{end_user} in {types:?}");
    }
    let signed_in = logs.iter().find(|l| l["type"] == "sdash").unwrap();
    assert_eq!(signed_in["client_id"], "latchkey-dashboard");
    assert_eq!(signed_in["user_id"], Value::Null, "{signed_in}");
    assert!(
        signed_in["description"].as_str().unwrap().contains(ADMIN),
        "{signed_in}"
    );

    // A wrong code at the dashboard's login is a failed dashboard sign-in, not a failed login.
    app.clock.advance(120);
    let mut other = Browser::new();
    let (_, headers, _) = other.get(&app.url("/admin")).await;
    let authorize = headers["location"].to_str().unwrap().to_string();
    let (_, code_page) = send_code(&app, &mut other, &authorize, ADMIN).await;
    let sent = sink.next_message().await.code();
    let wrong = if sent == "000000" { "111111" } else { "000000" };
    let (action, mut fields) = forms_of(&code_page).into_iter().next().unwrap();
    fields.push(("code".into(), wrong.into()));
    let (status, _, page) = other.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert_eq!(overview_logins(&app, &mut browser).await, "0");
    let (_, logs) = app.get_as(&token, "/api/v2/logs?per_page=100").await;
    let types: Vec<&str> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"fdash") && !types.contains(&"f"),
        "{types:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_end_user_with_an_administrators_address_is_left_as_they_were() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let token = app.machine_token(&OPS).await;
    end_user_login(&app, &mut sink, ADMIN).await;
    let before = users_with(&app, &token, ADMIN).await;
    assert_eq!(before.len(), 1);
    assert_eq!(before[0]["logins_count"], 1);
    let user_id = before[0]["user_id"].as_str().unwrap().to_string();
    app.clock.advance(120);

    let mut browser = signed_in(&app, &mut sink, ADMIN).await;
    assert_eq!(
        users_with(&app, &token, ADMIN).await,
        before,
        "logins_count, last_login and the rest unchanged"
    );
    assert_eq!(
        overview_logins(&app, &mut browser).await,
        "1",
        "theirs alone"
    );
    // They still log in as themselves, to their own account (after the gap between codes
    // for one address, which the dashboard's code counts in too: the inbox is the same).
    app.clock.advance(60);
    end_user_login(&app, &mut sink, ADMIN).await;
    let after = users_with(&app, &token, ADMIN).await;
    assert_eq!(
        (
            after[0]["user_id"].as_str(),
            after[0]["logins_count"].as_i64()
        ),
        (Some(user_id.as_str()), Some(2))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_who_is_not_an_administrator_is_answered_alike_and_refused_with_no_user() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let token = app.machine_token(&OPS).await;
    let mut admin = Browser::new();
    let (_, admin_page) = dashboard_code(&app, &mut admin, &mut sink, ADMIN).await;
    let mut intruder = Browser::new();
    let (callback, intruder_page) = dashboard_code(&app, &mut intruder, &mut sink, INTRUDER).await;
    // The email step says the same to both (a code was sent), but for the address.
    let shape = |page: &str, who: &str| {
        let body = &page[page.find("<h1").unwrap()..];
        body.replace(who, "ADDRESS")
            .split("name=\"tx\"")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(shape(&admin_page, ADMIN), shape(&intruder_page, INTRUDER));
    let (status, headers, page) = intruder.get(&callback).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert!(page.contains("Not an administrator"), "{page}");
    assert!(
        headers
            .get_all("set-cookie")
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("latchkey_admin=")),
        "{headers:?}"
    );
    assert!(!intruder.cookies.contains_key("latchkey_admin"));
    let (status, _, _) = intruder.get(&app.url("/admin/overview")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "back to sign in");
    assert_eq!(
        users_with(&app, &token, INTRUDER).await,
        Vec::<Value>::new()
    );
    let (_, logs) = app.get_as(&token, "/api/v2/logs?per_page=100").await;
    let refused = logs
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["type"] == "fdash")
        .unwrap_or_else(|| panic!("a failed dashboard sign-in: {logs}"));
    assert!(
        refused["description"]
            .as_str()
            .unwrap()
            .contains("Not an administrator"),
        "{refused}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboards_code_and_client_open_nothing_else() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let mut browser = Browser::new();
    let (callback, code_page) = dashboard_code(&app, &mut browser, &mut sink, ADMIN).await;
    // The code page's form sent again for the SMS connection: refused, no server error.
    let (action, mut fields) = forms_of(&code_page).into_iter().next().unwrap();
    fields.retain(|(k, _)| k != "connection");
    fields.push(("connection".into(), "sms".into()));
    fields.push(("code".into(), "123456".into()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    let query = callback.split_once('?').unwrap().1;
    let code = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1;
    let redirect_uri = format!("{}admin/callback", app.issuer);
    // The browser's sealed sign-in cookie, kept for a replay.
    let before_callback = browser.cookies.clone();
    // The code at the token endpoint: the dashboard's client does not authenticate there,
    // and another client's redemption is refused, with or without a verifier.
    for (client_id, verifier) in [
        (
            "latchkey-dashboard",
            Some("a-guessed-verifier-that-is-long-enough-00000"),
        ),
        ("latchkey-dashboard", None),
        (LINK_APP, None),
        (
            LINK_APP,
            Some("a-guessed-verifier-that-is-long-enough-00000"),
        ),
    ] {
        let mut body = json!({"grant_type": "authorization_code", "client_id": client_id,
                              "code": code, "redirect_uri": redirect_uri});
        if let Some(v) = verifier {
            body["code_verifier"] = json!(v);
        }
        let (status, answer) = app.post_json("/oauth/token", body).await;
        assert!(
            status.is_client_error() && answer.get("access_token").is_none(),
            "{client_id}: {status} {answer}"
        );
    }
    // Nor did those tries spend it: the dashboard's own callback still signs in.
    let (status, headers, page) = browser.get(&callback).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    assert_eq!(headers["location"], "/admin/overview");
    // Replayed at the callback, with the same sealed cookie and so the right verifier, the
    // spent code opens nothing.
    let mut replay = Browser::new();
    replay.cookies = before_callback;
    let (status, _, page) = replay.get(&callback).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("Sign-in failed"), "{page}");
    assert!(!replay.cookies.contains_key("latchkey_admin"));

    // The dashboard's client starts no end-user login and gets no tokens.
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": "latchkey-dashboard", "connection": "email", "email": ADMIN,
                   "send": "code"}),
        )
        .await;
    assert!(status.is_client_error(), "{status} {body}");
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": "latchkey-dashboard",
                   "username": ADMIN, "otp": "123456", "realm": "email"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    // Nor an implicit answer, nor a silent one.
    let dashboard_authorize = |extra: &str| {
        format!(
            "/authorize?client_id=latchkey-dashboard&redirect_uri={}&scope=openid\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
             &code_challenge_method=S256&{extra}",
            redirect_uri.replace(':', "%3A").replace('/', "%2F")
        )
    };
    let (status, headers, page) = browser
        .get(&app.url(&dashboard_authorize("response_type=code&prompt=none")))
        .await;
    assert!(status.is_redirection(), "{status} {page}");
    let location = headers["location"].to_str().unwrap();
    assert!(location.contains("error=login_required"), "{location}");
    assert!(!location.contains("code="), "{location}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_user_and_dashboard_sessions_do_not_open_each_other() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    // The same person signs in as an end user on the hosted login, to the link app.
    let mut end_user = Browser::new();
    let authorize = format!(
        "/authorize?client_id={LINK_APP}&redirect_uri={}&response_type=code&scope=openid\
         &connection=email&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM\
         &code_challenge_method=S256",
        LINK_CALLBACK.replace(':', "%3A").replace('/', "%2F")
    );
    let (status, page) = send_code(&app, &mut end_user, &authorize, ADMIN).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (status, _, answer) = type_code(&app, &mut end_user, &mut sink, &page, ADMIN).await;
    assert!(
        status == StatusCode::SEE_OTHER || status == StatusCode::OK,
        "{answer}"
    );
    let session = end_user
        .cookies
        .get("latchkey_session")
        .cloned()
        .expect("an end-user session");

    // With that session, /admin still asks for a sign-in, and its /authorize shows the page.
    let (status, headers, _) = end_user.get(&app.url("/admin/overview")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/authorize?"), "{to}");
    let (status, _, page) = end_user.get(&app.url(&to)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the login page, not an answer: {page}"
    );
    assert!(page.contains("/authorize/identifier"), "{page}");
    assert!(
        !page.contains("value=\"link\""),
        "the dashboard offers no magic link: {page}"
    );
    assert!(
        !page.contains("passkey-signin"),
        "nor an end user's passkeys: {page}"
    );
    // Its value as the dashboard's cookie opens nothing.
    let mut forged = Browser::new();
    forged
        .cookies
        .insert("latchkey_admin".into(), session.clone());
    let (status, _, _) = forged.get(&app.url("/admin/overview")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    // The other way round: an administrator's session is no end user's.
    app.clock.advance(60);
    let admin = signed_in(&app, &mut sink, ADMIN).await;
    let admin_session = admin.cookies.get("latchkey_admin").cloned().unwrap();
    let mut forged = Browser::new();
    forged
        .cookies
        .insert("latchkey_session".into(), admin_session);
    let (status, headers, page) = forged
        .get(&app.url(&format!("{authorize}&prompt=none")))
        .await;
    assert!(status.is_redirection(), "{status} {page}");
    let location = headers["location"].to_str().unwrap();
    assert!(location.contains("error=login_required"), "{location}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_administrators_open_session_stops_working() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let mut first = signed_in(&app, &mut sink, ADMIN).await;
    // The first administrator adds a second, who signs in.
    let (_, _, page) = first.get(&app.url("/admin/administrators")).await;
    let (action, mut fields) = forms_of(&page)
        .into_iter()
        .find(|(action, _)| action == "/admin/administrators")
        .unwrap_or_else(|| panic!("the add form: {page}"));
    fields.retain(|(k, _)| k != "email");
    fields.push(("email".into(), SECOND.into()));
    let (status, _, page) = first.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let mut second = signed_in(&app, &mut sink, SECOND).await;
    let (status, _, page) = second.get(&app.url("/admin/users")).await;
    assert_eq!(status, StatusCode::OK, "{page}");

    // Removed by the first, the second's open session opens nothing more.
    let (_, _, page) = first.get(&app.url("/admin/administrators")).await;
    let (action, fields) = forms_of(&page)
        .into_iter()
        .find(|(action, fields)| {
            action == "/admin/administrators/remove" && fields.iter().any(|(_, v)| v == SECOND)
        })
        .unwrap_or_else(|| panic!("a remove form for {SECOND}: {page}"));
    let (status, _, page) = first.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    for path in ["/admin/users", "/admin/overview"] {
        let (status, headers, _) = second.get(&app.url(path)).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            headers["location"]
                .to_str()
                .unwrap()
                .starts_with("/authorize?"),
            "{path}"
        );
    }
    let (status, _, _) = first.get(&app.url("/admin/users")).await;
    assert_eq!(status, StatusCode::OK, "the first is still signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrators_code_goes_through_the_tenants_provider_in_their_language() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let mut browser = Browser::new();
    browser.language = Some("fr-FR,fr;q=0.9,en;q=0.5");
    let (_, headers, _) = browser.get(&app.url("/admin")).await;
    let authorize = headers["location"].to_str().unwrap().to_string();
    let (status, page) = send_code(&app, &mut browser, &authorize, ADMIN).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let message = sink.next_message().await;
    assert_eq!(message.rcpt_tos, vec![ADMIN.to_string()]);
    assert_eq!(
        message.auth_user.as_deref(),
        Some(crate::support::SMTP_USER),
        "through the tenant's SMTP provider"
    );
    let text = message.text.clone().unwrap_or_default();
    assert!(
        text.contains("Votre code de vérification Latchkey dashboard est"),
        "in the administrator's language: {text}"
    );
}

/// `path`'s page in `browser`, which must answer 200.
async fn page_of(app: &TestApp, browser: &mut Browser, path: &str) -> String {
    let (status, _, page) = browser.get(&app.url(path)).await;
    assert_eq!(status, StatusCode::OK, "{path}: {page}");
    page
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_speaks_the_administrators_language() {
    let Some((app, mut sink)) = admin_app().await else {
        return;
    };
    let mut browser = signed_in_speaking(&app, &mut sink, ADMIN, Some("ja-JP,ja;q=0.9")).await;
    let keys = page_of(&app, &mut browser, "/admin/keys").await;
    assert!(keys.contains("<html lang=\"ja\">"), "{keys}");
    assert!(
        keys.contains("<h1>署名鍵</h1>") && keys.contains(">管理者</a>"),
        "the page and its menu in Japanese: {keys}"
    );
    assert!(
        !keys.contains("Signing keys") && !keys.contains("dash-"),
        "{keys}"
    );
    // A change's notice is in the same language.
    let (action, fields) = forms_of(&keys)
        .into_iter()
        .find(|(action, _)| action == "/admin/keys/rotate")
        .unwrap();
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let after = headers["location"].to_str().unwrap().to_string();
    let notice = page_of(&app, &mut browser, &after).await;
    assert!(notice.contains("新しい署名鍵"), "{notice}");
    // A form whose CSRF token is not this page's is refused in Japanese too.
    let forged: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| match k.as_str() {
            "csrf" => (k.clone(), "forged".to_string()),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    let (status, _, refused) = browser.post(&app.url(&action), &forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        refused.contains("lang=\"ja\"") && refused.contains("このページの有効期限が切れました"),
        "{refused}"
    );
    // The language follows each request, not the session: Arabic is right to left; a
    // language not shipped (Korean) gets English, as does a browser that names none.
    browser.language = Some("ar");
    let admins = page_of(&app, &mut browser, "/admin/administrators").await;
    assert!(
        admins.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{admins}"
    );
    assert!(admins.contains("<h1>المسؤولون</h1>"), "{admins}");
    for language in [Some("ko-KR,ko;q=0.9"), None] {
        browser.language = language;
        let keys = page_of(&app, &mut browser, "/admin/keys").await;
        assert!(
            keys.contains("<html lang=\"en\">") && keys.contains("<h1>Signing keys</h1>"),
            "{language:?}: {keys}"
        );
    }
    // Signing out says so in the browser's language.
    browser.language = Some("ja");
    let (action, fields) = forms_of(&keys)
        .into_iter()
        .find(|(action, _)| action == "/admin/logout")
        .unwrap();
    let (status, _, out) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        out.contains("lang=\"ja\"") && out.contains("サインアウトしました"),
        "{out}"
    );
}
