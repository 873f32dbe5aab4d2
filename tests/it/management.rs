//! The operators' Management API: `client_credentials` tokens for machine clients granted
//! the API's scopes, and what they allow on clients, users, connections and signing keys.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    NATIVE_APP, OPS, READER, TestApp, management_client, operators, phone, spawn_app_with,
};

async fn app() -> TestApp {
    spawn_app_with(&operators()).await
}

#[tokio::test]
async fn machine_tokens_are_granted_per_client_and_audience() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let claims = app
        .verified_claims(&t, &format!("{}api/v2/", app.issuer))
        .await;
    assert_eq!(claims["sub"], format!("{}@clients", OPS.client_id));
    assert_eq!(claims["gty"], "client-credentials");
    // asked scopes are cut to the granted ones
    let (_, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "client_credentials", "client_id": READER.client_id, "client_secret": READER.secret,
                   "audience": format!("{}api/v2/", app.issuer), "scope": "read:users delete:users"}),
        )
        .await;
    assert_eq!(body["scope"], "read:users");
    for (body, status, error) in [
        (
            json!({"grant_type": "client_credentials", "client_id": OPS.client_id, "client_secret": OPS.secret}),
            StatusCode::FORBIDDEN,
            "access_denied",
        ),
        (
            json!({"grant_type": "client_credentials", "client_id": OPS.client_id, "client_secret": OPS.secret, "audience": "https://api.acme.example/"}),
            StatusCode::FORBIDDEN,
            "access_denied",
        ),
        (
            json!({"grant_type": "client_credentials", "client_id": OPS.client_id, "client_secret": "wrong-secret-0123456789"}),
            StatusCode::UNAUTHORIZED,
            "invalid_client",
        ),
        (
            json!({"grant_type": "client_credentials", "client_id": NATIVE_APP, "audience": format!("{}api/v2/", app.issuer)}),
            StatusCode::FORBIDDEN,
            "unauthorized_client",
        ),
    ] {
        let (got, answer) = app.post_json("/oauth/token", body.clone()).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(error)),
            "{body} -> {answer}"
        );
    }
    // a user's token is not an operator's
    let user = app.sms_user().scope("openid").await;
    let (status, _) = app.get_as(&user.access_token, "/api/v2/clients").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // a token without the scope
    let reader = app.machine_token(&READER).await;
    let (status, body) = app.get_as(&reader, "/api/v2/clients").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["errorCode"], "insufficient_scope");
}

#[tokio::test]
async fn clients_are_created_changed_rotated_and_deleted() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    use reqwest::Method;
    let (status, created) = app.post_as(&t, "/api/v2/clients", json!({"name": "Made by ops", "callbacks": ["https://ops.example/cb"], "app_type": "regular_web"})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["client_id"].as_str().unwrap().to_string();
    let secret = created["client_secret"].as_str().unwrap().to_string();
    // the new client works at once, with its secret
    let (status, _) = app
        .post_json("/passwordless/start", json!({"client_id": id, "client_secret": secret, "connection": "sms", "phone_number": phone()}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, listed) = app
        .get_as(&t, "/api/v2/clients?include_totals=true&per_page=2&page=0")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed["limit"], 2);
    assert_eq!(listed["clients"].as_array().unwrap().len(), 2);
    assert!(listed["total"].as_i64().unwrap() >= 6);
    // a page far past the end is empty, not an overflow
    let (status, far) = app
        .get_as(
            &t,
            "/api/v2/users?page=9223372036854775807&per_page=100&include_totals=true",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{far}");
    assert_eq!(far["users"], json!([]));
    let (status, _) = app
        .get_as(&t, "/api/v2/clients?page=9223372036854775807")
        .await;
    assert_eq!(status, StatusCode::OK);
    // OPS holds every scope, read:client_keys too, so secrets are listed (see
    // management_shapes for a token without it)
    assert!(
        listed["clients"].as_array().unwrap().iter().all(
            |c| c.get("client_secret").is_some() == (c["token_endpoint_auth_method"] != "none")
        ),
        "{listed}"
    );
    let (status, changed) = app.patch_as(&t, &format!("/api/v2/clients/{id}"), json!({"callbacks": ["https://ops.example/cb2"], "allowed_logout_urls": ["https://ops.example/"]})).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["callbacks"], json!(["https://ops.example/cb2"]));
    let (status, bad) = app
        .patch_as(
            &t,
            &format!("/api/v2/clients/{id}"),
            json!({"callbacks": "nope"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    // Auth0's `mobile`: the iOS app lands in apple-app-site-association; a bad Team ID is 400.
    let mobile = |team: &str| json!({"mobile": {"ios": {"team_id": team, "app_bundle_identifier": "com.ops.app"}}});
    let path = format!("/api/v2/clients/{id}");
    let (status, bad) = app.patch_as(&t, &path, mobile("SHORT")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    let (status, changed) = app.patch_as(&t, &path, mobile("OPSTEAM123")).await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["mobile"]["ios"]["team_id"], "OPSTEAM123");
    let (_, aasa) = app
        .get_json("/.well-known/apple-app-site-association")
        .await;
    assert!(
        aasa.to_string().contains("OPSTEAM123.com.ops.app"),
        "{aasa}"
    );
    let (status, rotated) = app
        .send_as(
            &t,
            Method::POST,
            &format!("/api/v2/clients/{id}/rotate-secret"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let new_secret = rotated["client_secret"].as_str().unwrap();
    assert_ne!(new_secret, secret);
    let (status, _) = app
        .post_json("/passwordless/start", json!({"client_id": id, "client_secret": secret, "connection": "sms", "phone_number": phone()}))
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the old secret stops working"
    );
    let (status, _) = app.delete_as(&t, &format!("/api/v2/clients/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get_as(&t, &format!("/api/v2/clients/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // gone at once on this instance, not after its 2-second memory of clients
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": id, "client_secret": new_secret, "connection": "sms", "phone_number": phone()}),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad.client_id")),
        "{body}"
    );
}

#[tokio::test]
async fn users_are_found_created_blocked_and_deleted() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let number = phone();
    let (status, user) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    let id = user["user_id"].as_str().unwrap().to_string();
    assert!(id.starts_with("sms|"));
    assert_eq!(user["logins_count"], 0);
    let (status, _) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": number}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": "12"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // the user's first login is the created user
    let user = app.sms_user().phone(&number).scope("openid").await;
    assert_eq!(user.user_id, id);

    let q = serde_urlencoded::to_string([
        ("q", format!("phone_number:\"{number}\"")),
        ("include_totals", "true".into()),
    ])
    .unwrap();
    let (status, found) = app.get_as(&t, &format!("/api/v2/users?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["total"], 1);
    assert_eq!(found["users"][0]["user_id"], id.as_str());
    assert_eq!(found["users"][0]["logins_count"], 1);
    // Auth0's trailing wildcard: the start of a number.
    let start = &number[..number.len() - 2];
    let q = serde_urlencoded::to_string([("q", format!("phone_number:\"{start}*\""))]).unwrap();
    let (status, found) = app.get_as(&t, &format!("/api/v2/users?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["user_id"] == id.as_str()),
        "{found}"
    );
    // Sorting, as Auth0's `sort=field:1|-1`: a second user who never logged in.
    let (status, _) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": phone()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (sort, first_logins) in [("logins_count:-1", 1), ("logins_count:1", 0)] {
        let (status, listed) = app.get_as(&t, &format!("/api/v2/users?sort={sort}")).await;
        assert_eq!(status, StatusCode::OK, "{listed}");
        assert_eq!(listed[0]["logins_count"], first_logins, "{sort}: {listed}");
    }
    let (status, body) = app.get_as(&t, "/api/v2/users?sort=password:1").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errorCode"], "invalid_query_string");
    let (status, _) = app
        .get_as(&t, "/api/v2/users?q=logins_count%3A%22x%22")
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "unsupported search fields are refused"
    );

    let path = format!("/api/v2/users/{}", id.replace('|', "%7C"));
    let (status, blocked) = app.patch_as(&t, &path, json!({"blocked": true})).await;
    assert_eq!(status, StatusCode::OK, "{blocked}");
    assert_eq!(blocked["blocked"], true);
    let (status, body) = app.start_sms(&number).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a blocked user gets no code: {body}"
    );
    let (status, _) = app.delete_as(&t, &path).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get_as(&t, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn connections_hide_secrets_and_keys_rotate() {
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    use reqwest::Method;
    let (status, list) = app.get_as(&t, "/api/v2/connections?strategy=sms").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let sms = &list[0];
    assert_eq!(sms["id"], "con_sms");
    assert!(
        sms["options"].get("twilio_token").is_none(),
        "secrets are write-only: {sms}"
    );
    assert!(sms["options"]["twilio_sid"].is_string());
    let (status, one) = app.get_as(&t, "/api/v2/connections/con_sms").await;
    assert_eq!(
        (status, one["name"].as_str()),
        (StatusCode::OK, Some("sms"))
    );

    let before = app.jwks().await;
    let (status, rotated) = app
        .send_as(&t, Method::POST, "/api/v2/keys/signing/rotate", None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rotated}");
    let kid = rotated["kid"].as_str().unwrap();
    let after = app.jwks().await;
    assert_ne!(before, after);
    assert_eq!(after["keys"][0]["kid"], kid, "the new key is current");
    let (_, keys) = app.get_as(&t, "/api/v2/keys/signing").await;
    assert!(
        keys.as_array()
            .unwrap()
            .iter()
            .any(|k| k["kid"] == kid && k["current"] == true),
        "{keys}"
    );
    // tokens are now signed with the new key
    let fresh = app.sms_user().scope("openid").await;
    let header = jsonwebtoken::decode_header(&fresh.id_token).unwrap();
    assert_eq!(header.kid.as_deref(), Some(kid));

    // the current key cannot be revoked; the previous one can, and leaves the JWKS
    let previous = before["keys"][0]["kid"].as_str().unwrap().to_string();
    let (status, _) = app
        .send_as(
            &t,
            Method::PUT,
            &format!("/api/v2/keys/signing/{kid}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .send_as(
            &t,
            Method::PUT,
            &format!("/api/v2/keys/signing/{previous}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let jwks = app.jwks().await;
    let kids = crate::support::kids(&jwks);
    assert_eq!(kids, vec![kid], "{jwks}");
}

#[tokio::test]
async fn an_sms_connection_is_set_up_through_the_api() {
    use crate::support::twilio::{ACCOUNT_SID, AUTH_TOKEN};
    use reqwest::Method;
    let app = app().await;
    let t = app.machine_token(&OPS).await;
    let options = |template: &str, with_token: bool| {
        let mut o = json!({"twilio_sid": ACCOUNT_SID, "from": "+15005550006",
                           "twilio_api_url": app.twilio.url, "syntax": "md_with_macros",
                           "template": template});
        if with_token {
            o["twilio_token"] = AUTH_TOKEN.into();
        }
        o
    };
    let (status, created) = app.post_as(&t, "/api/v2/connections", json!({"name": "sms-api", "strategy": "sms", "options": options("First @@password@@", true)})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(
        created["options"].get("twilio_token").is_none(),
        "{created}"
    );
    // a login through it: the fake Twilio checks the account's token on every send
    let number = phone();
    let start = |number: String| {
        let app = &app;
        async move {
            app.post_json(
                "/passwordless/start",
                json!({"client_id": NATIVE_APP, "connection": "sms-api", "phone_number": number}),
            )
            .await
        }
    };
    let (status, body) = start(number.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(app.twilio.last_body_for(&number).starts_with("First "));
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": crate::support::OTP_GRANT, "client_id": NATIVE_APP,
            "username": number, "otp": app.code_for(&number), "realm": "sms-api"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");

    // a new template, the token not sent again: the stored one is kept
    let (status, updated) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-api",
            json!({"options": options("Second @@password@@", false)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    let other = phone();
    let (status, body) = start(other.clone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(app.twilio.last_body_for(&other).starts_with("Second "));
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );

    for (method, path, body, want) in [
        (
            Method::POST,
            "/api/v2/connections",
            json!({"name": "sms-api", "strategy": "sms", "options": options("x @@password@@", true)}),
            StatusCode::CONFLICT,
        ),
        (
            Method::POST,
            "/api/v2/connections",
            json!({"name": "bad", "strategy": "sms", "options": {"twilio_sid": "nope"}}),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "/api/v2/connections",
            json!({"name": "mail", "strategy": "email", "options": {"email": {"body": "<p>no code here</p>"}}}),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::POST,
            "/api/v2/connections",
            json!({"name": "x", "strategy": "google-oauth2"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            Method::PATCH,
            "/api/v2/connections/con_nope",
            json!({"options": {}}),
            StatusCode::NOT_FOUND,
        ),
        (
            Method::PATCH,
            "/api/v2/connections/con_sms-api",
            json!({"strategy": "email", "options": {}}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, answer) = app.send_as(&t, method, path, Some(body.clone())).await;
        assert_eq!(status, want, "{body} -> {answer}");
    }

    // Deleting the connection takes its users with it, as in Auth0.
    let reader = app.machine_token(&READER).await;
    let (status, _) = app
        .delete_as(&reader, "/api/v2/connections/con_sms-api")
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "read:users is not delete:connections"
    );
    let (status, _) = app.delete_as(&t, "/api/v2/connections/con_sms-api").await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (status, found) = app
        .get_as(
            &t,
            &format!(
                "/api/v2/users?q=phone_number:%22{}%22",
                number.replace('+', "%2B")
            ),
        )
        .await;
    assert_eq!(
        (status, found),
        (StatusCode::OK, json!([])),
        "its users are gone"
    );
    let (status, body) = start(phone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, _) = app.delete_as(&t, "/api/v2/connections/con_sms-api").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_log_tells_operators_what_happened() {
    let app = app().await;
    let number = phone();
    let user = app.sms_user().phone(&number).scope("openid").await.user_id;
    app.clock.advance(crate::support::MIN_GAP);
    app.start_sms(&number).await;
    let code = app.code_for(&number);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, _) = app.exchange(NATIVE_APP, &number, wrong, "openid").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post_json("/oauth/token", json!({"grant_type": "refresh_token", "client_id": NATIVE_APP, "refresh_token": "nope"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let t = app.machine_token(&OPS).await;
    let (status, _) = app
        .post_as(&t, "/api/v2/clients", json!({"name": "Logged"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, logs) = app.get_as(&t, "/api/v2/logs?include_totals=true").await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    let kinds: Vec<&str> = logs["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["type"].as_str().unwrap())
        .collect();
    for kind in ["cs", "s", "f", "fertft", "seccft", "sapi"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    assert_eq!(kinds[0], "sapi", "newest first: {kinds:?}");
    let q = serde_urlencoded::to_string([("q", "type:\"s\"")]).unwrap();
    let (_, logins) = app.get_as(&t, &format!("/api/v2/logs?{q}")).await;
    let logins = logins.as_array().unwrap();
    assert_eq!(logins.len(), 1, "{logins:?}");
    assert_eq!(logins[0]["user_id"], user.as_str());
    assert_eq!(logins[0]["client_id"], NATIVE_APP);
    assert_eq!(logins[0]["connection"], "sms");
    // one entry by its id
    let id = logins[0]["log_id"].as_str().unwrap();
    let (status, one) = app.get_as(&t, &format!("/api/v2/logs/{id}")).await;
    assert_eq!((status, &one), (StatusCode::OK, &logins[0]));
    let (status, _) = app.get_as(&t, "/api/v2/logs/log_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // the reader client has no read:logs
    let reader = app.machine_token(&READER).await;
    let (status, _) = app.get_as(&reader, "/api/v2/logs").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn email_is_set_up_through_the_api() {
    use crate::support::smtp::SmtpSink;
    use crate::support::{SMTP_PASS, SMTP_USER};
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    // An email connection, and no provider in the file: mail goes to the log until set.
    let app = spawn_app_with(
        &(management_client(OPS.client_id, OPS.secret, &[])
            + "\n[[connections]]\nname = \"email\"\nstrategy = \"email\"\n"),
    )
    .await;
    let t = app.machine_token(&OPS).await;
    let (status, _) = app.get_as(&t, "/api/v2/emails/provider").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, set) = app
        .post_as(
            &t,
            "/api/v2/emails/provider",
            json!({
        "name": "smtp", "default_from_address": "Ops <ops@acme.example>",
        "credentials": {"smtp_host": "127.0.0.1", "smtp_port": sink.port, "smtp_user": SMTP_USER,
                        "smtp_pass": SMTP_PASS, "smtp_tls": "none"}}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{set}");
    assert!(set["credentials"].get("smtp_pass").is_none(), "{set}");

    let send = |address: String| {
        let app = &app;
        async move {
            app.post_json("/passwordless/start",
                json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"})).await
        }
    };
    let (status, body) = send(crate::support::email()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let m = sink.next_message().await;
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));
    assert_eq!(m.header("from"), Some("Ops <ops@acme.example>"));

    // a new sender, the password not sent again: the stored one is kept
    let (status, changed) = app
        .patch_as(
            &t,
            "/api/v2/emails/provider",
            json!({"default_from_address": "New <new@acme.example>"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (status, _) = send(crate::support::email()).await;
    assert_eq!(status, StatusCode::OK);
    let m = sink.next_message().await;
    assert_eq!(m.header("from"), Some("New <new@acme.example>"));
    assert_eq!(m.auth_user.as_deref(), Some(SMTP_USER));

    // at rest the password is sealed
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let stored = store.setting("email_provider").await.unwrap().unwrap();
    assert!(
        !stored.contains(SMTP_PASS) && stored.contains("sealed:v1:"),
        "{stored}"
    );

    for body in [
        json!({"name": "sendgrid", "default_from_address": "a@b.example"}),
        json!({"name": "smtp", "default_from_address": "a@b.example"}),
        json!({"name": "smtp", "default_from_address": "not an address", "credentials": {"smtp_host": "h"}}),
    ] {
        let (status, answer) = app
            .post_as(&t, "/api/v2/emails/provider", body.clone())
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
    }

    // Deleted (Auth0's DELETE /emails/provider): the stored provider and its sealed password
    // are gone, and mail goes back to the configuration's route (here the log).
    let (status, _) = app.delete_as(&t, "/api/v2/emails/provider").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(store.setting("email_provider").await.unwrap(), None);
    let (status, _) = app.get_as(&t, "/api/v2/emails/provider").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete_as(&t, "/api/v2/emails/provider").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "nothing left to delete");
}

/// schemathesis (from PyPI) generates requests from `/api/v2/openapi.json` and finds no
/// server error and no answer outside the description (status, content type, schema).
/// Rotating and revoking keys are left out: a second rotation retires the key that signed
/// schemathesis's own token.
#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_schema_violation() {
    let has_schemathesis = std::process::Command::new("python3")
        .args(["-c", "import schemathesis.cli"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_schemathesis {
        crate::support::skip_or_fail(
            "python3 with schemathesis is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = app().await;
    let (status, spec) = read_json(&app, "/api/v2/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(spec["paths"]["/api/v2/users"]["get"].is_object(), "{spec}");
    assert_eq!(
        spec["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let t = app.machine_token(&OPS).await;
    // A user (and their log entries), so user and log answers are held to their schemas too.
    app.login(&phone(), "openid").await;
    // schemathesis keeps a cache in its working directory; not in the checkout.
    let workdir = tempfile::tempdir().unwrap();
    let out = tokio::process::Command::new("python3")
        .current_dir(workdir.path())
        .args([
            "-c",
            "from schemathesis.cli import schemathesis; schemathesis()",
            "run",
            &app.url("/api/v2/openapi.json"),
            "-H",
            &format!("Authorization: Bearer {t}"),
            "-c",
            "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "-n",
            "25",
            "--seed",
            "1",
            "--no-color",
            "--exclude-path-regex",
            "keys/signing/(rotate|.*/revoke)",
        ])
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("passed"), "{stdout}");
}

async fn read_json(app: &TestApp, path: &str) -> (StatusCode, Value) {
    crate::support::read(app.http.get(app.url(path)).send().await.unwrap()).await
}
