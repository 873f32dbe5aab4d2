//! Users, whole (issue 14 item 1), through the Management API: created with the id an
//! import brings, names, picture and both metadata objects; changed with Auth0's rules
//! (metadata merged one level deep, `null` clears, a new login unproved and unique in its
//! connection); found by email; their log entries listed; and their profile in the
//! `id_token` and `/userinfo` of their next login.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{OPS, READER, TestApp, email, email_config, operators, phone, spawn_app_with};

fn path(user_id: &str) -> String {
    format!("/api/v2/users/{}", user_id.replace('|', "%7C"))
}

async fn create(app: &TestApp, token: &str, body: Value) -> (StatusCode, Value) {
    app.post_as(token, "/api/v2/users", body).await
}

#[tokio::test]
async fn a_user_is_created_whole_and_logs_in_under_the_id_it_was_given() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let number = phone();
    let (status, user) = create(
        &app,
        &t,
        json!({"connection": "sms", "phone_number": number, "user_id": "5f0c8f2e9b1d4a0012345678",
               "name": "Ann Lee", "given_name": "Ann", "family_name": "Lee", "nickname": "annie",
               "picture": "https://cdn.example/ann.png", "phone_verified": false,
               "app_metadata": {"plan": "gold", "roles": ["admin"]},
               "user_metadata": {"theme": "dark", "lang": "en"}}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["user_id"], "sms|5f0c8f2e9b1d4a0012345678");
    assert_eq!(user["identities"][0]["user_id"], "5f0c8f2e9b1d4a0012345678");
    for (k, v) in [
        ("name", "Ann Lee"),
        ("given_name", "Ann"),
        ("family_name", "Lee"),
        ("nickname", "annie"),
        ("picture", "https://cdn.example/ann.png"),
    ] {
        assert_eq!(user[k], v, "{k}: {user}");
    }
    assert_eq!(user["phone_verified"], false);
    assert_eq!(
        user["app_metadata"],
        json!({"plan": "gold", "roles": ["admin"]})
    );
    assert_eq!(
        user["user_metadata"],
        json!({"theme": "dark", "lang": "en"})
    );

    // The id is taken now, whatever the login; a bad id part or value is refused by name.
    for (body, want) in [
        (
            json!({"connection": "sms", "phone_number": phone(), "user_id": "5f0c8f2e9b1d4a0012345678"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"connection": "sms", "phone_number": phone(), "user_id": "auth0|x"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"connection": "sms", "phone_number": phone(), "picture": "javascript:alert(1)"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"connection": "sms", "phone_number": phone(), "app_metadata": "gold"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"connection": "sms", "phone_number": phone(),
                "user_metadata": {"blob": "x".repeat(17 * 1024)}}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let (status, answer) = create(&app, &t, body.clone()).await;
        assert_eq!(status, want, "{body} -> {answer}");
    }

    // The first login is this user: the old id is the `sub`, the profile is in the tokens
    // for the `profile` scope, and the login is proved now. app_metadata is not.
    let login = app
        .sms_user()
        .phone(&number)
        .scope("openid profile phone")
        .await;
    assert_eq!(login.user_id, "sms|5f0c8f2e9b1d4a0012345678");
    let claims = app
        .verified_claims(&login.id_token, crate::support::NATIVE_APP)
        .await;
    assert_eq!(claims["sub"], "sms|5f0c8f2e9b1d4a0012345678");
    assert_eq!(
        (
            &claims["given_name"],
            &claims["family_name"],
            &claims["nickname"],
            &claims["picture"]
        ),
        (
            &json!("Ann"),
            &json!("Lee"),
            &json!("annie"),
            &json!("https://cdn.example/ann.png")
        )
    );
    assert_eq!(claims["phone_number_verified"], true);
    assert!(
        claims.get("app_metadata").is_none() && claims.get("plan").is_none(),
        "{claims}"
    );
    let (status, info) = app.get_as(&login.access_token, "/userinfo").await;
    assert_eq!(status, StatusCode::OK, "{info}");
    assert_eq!(
        (&info["given_name"], &info["name"]),
        (&json!("Ann"), &json!("Ann Lee"))
    );
    let (_, now) = app.get_as(&t, &path(&login.user_id)).await;
    assert_eq!(now["phone_verified"], true, "{now}");
    assert_eq!(now["logins_count"], 1);

    // Its log: the login is there, for this user only.
    let (status, logs) = app
        .get_as(
            &t,
            &format!("{}/logs?include_totals=true", path(&login.user_id)),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{logs}");
    let entries = logs["logs"].as_array().unwrap();
    assert!(!entries.is_empty(), "{logs}");
    assert!(
        entries
            .iter()
            .all(|e| e["user_id"] == login.user_id.as_str()),
        "{logs}"
    );
    // The reader may read users, not logs.
    let reader = app.machine_token(&READER).await;
    let (status, _) = app
        .get_as(&reader, &format!("{}/logs", path(&login.user_id)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_user_is_changed_with_auth0s_rules() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let (number, other) = (phone(), phone());
    let (_, user) = create(
        &app,
        &t,
        json!({"connection": "sms", "phone_number": number, "given_name": "Ann",
               "user_metadata": {"theme": "dark", "prefs": {"a": 1, "b": 2}}, "phone_verified": true}),
    )
    .await;
    let id = user["user_id"].as_str().unwrap().to_string();
    create(
        &app,
        &t,
        json!({"connection": "sms", "phone_number": other}),
    )
    .await;

    let (status, changed) = app
        .patch_as(
            &t,
            &path(&id),
            json!({"given_name": null, "family_name": "Lee",
                   "user_metadata": {"theme": null, "prefs": {"a": 3}, "lang": "fr"},
                   "app_metadata": {"plan": "silver"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert!(changed.get("given_name").is_none(), "{changed}");
    assert_eq!(changed["family_name"], "Lee");
    assert_eq!(
        changed["user_metadata"],
        json!({"prefs": {"a": 3}, "lang": "fr"})
    );
    assert_eq!(changed["app_metadata"], json!({"plan": "silver"}));
    assert_eq!(changed["phone_number"], number.as_str(), "unchanged");

    // Refusals change nothing: an unknown field, a bad value, another user's number.
    for (body, want) in [
        (json!({"password": "hunter2"}), StatusCode::BAD_REQUEST),
        (json!({"picture": "ftp://x"}), StatusCode::BAD_REQUEST),
        (json!({"blocked": "yes"}), StatusCode::BAD_REQUEST),
        (json!({"phone_number": other}), StatusCode::CONFLICT),
        (json!({"phone_number": "12"}), StatusCode::BAD_REQUEST),
        (json!({"email": "ann@example.com"}), StatusCode::BAD_REQUEST),
    ] {
        let (status, answer) = app.patch_as(&t, &path(&id), body.clone()).await;
        assert_eq!(status, want, "{body} -> {answer}");
    }
    let (_, same) = app.get_as(&t, &path(&id)).await;
    assert_eq!(same["family_name"], "Lee");
    assert_eq!(same["phone_number"], number.as_str());

    // A new number: unproved until used, and the user logs in with it under the same id.
    let new_number = phone();
    let (status, moved) = app
        .patch_as(&t, &path(&id), json!({"phone_number": new_number}))
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(
        (&moved["phone_number"], &moved["phone_verified"]),
        (&json!(new_number), &json!(false))
    );
    let login = app.sms_user().phone(&new_number).scope("openid").await;
    assert_eq!(login.user_id, id);
    // The old number is nobody's now: its first login makes a new user.
    let fresh = app.sms_user().phone(&number).scope("openid").await;
    assert_ne!(fresh.user_id, id);

    let (status, _) = app
        .patch_as(&t, "/api/v2/users/sms%7Cnobody", json!({"name": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Two operators move two users to one number at once: exactly one wins; the other is
/// refused as a conflict, and no number has two users.
#[tokio::test]
async fn racing_changes_to_one_number_have_one_winner() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let mut ids = Vec::new();
    for _ in 0..6 {
        let (_, u) = create(
            &app,
            &t,
            json!({"connection": "sms", "phone_number": phone()}),
        )
        .await;
        ids.push(u["user_id"].as_str().unwrap().to_string());
    }
    let target = phone();
    let mut tasks = Vec::new();
    for id in &ids {
        let (http, url, t) = (app.http.clone(), app.url(&path(id)), t.clone());
        let body = json!({"phone_number": target});
        tasks.push(tokio::spawn(async move {
            http.patch(url)
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .map(|r| r.status())
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().unwrap());
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let lost = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((won, lost), (1, ids.len() - 1), "{statuses:?}");
    let q = serde_urlencoded::to_string([("q", format!("phone_number:\"{target}\""))]).unwrap();
    let (_, found) = app.get_as(&t, &format!("/api/v2/users?{q}")).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn users_are_found_by_email_in_any_case() {
    // No email is sent here, so the relay's port is never dialled.
    let app = spawn_app_with(&(operators() + &email_config(9, ""))).await;
    let t = app.machine_token(&OPS).await;
    let address = format!("Mary-Jane.{}", email());
    let (status, user) = create(&app, &t, json!({"connection": "email", "email": address})).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["email"], address.to_lowercase());
    assert_eq!(user["email_verified"], false, "Auth0's default on create");
    let q = serde_urlencoded::to_string([("email", address.to_uppercase())]).unwrap();
    let (status, found) = app.get_as(&t, &format!("/api/v2/users-by-email?{q}")).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["user_id"], user["user_id"]);
    let (status, none) = app
        .get_as(&t, "/api/v2/users-by-email?email=nobody%40example.com")
        .await;
    assert_eq!((status, none), (StatusCode::OK, json!([])));
    let (status, body) = app.get_as(&t, "/api/v2/users-by-email?email=nobody").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Auth0's search syntax over HTTP: a hyphenated prefix, an escaped number, OR; a query it
    // cannot read is a 400 that says why, never a silent [].
    let number = phone();
    create(
        &app,
        &t,
        json!({"connection": "sms", "phone_number": number, "name": "Mary Jane"}),
    )
    .await;
    let search = |q: String| {
        let app = &app;
        let t = &t;
        async move {
            let q = serde_urlencoded::to_string([("q", q)]).unwrap();
            app.get_as(t, &format!("/api/v2/users?{q}")).await
        }
    };
    let (status, found) = search("email:\"mary-jane*\"".into()).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    let (_, found) = search(format!("phone_number:\\{number}")).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    let (_, found) = search(format!(
        "name:\"mary jane\" OR email:\"{}\"",
        address.to_lowercase()
    ))
    .await;
    assert_eq!(found.as_array().map(Vec::len), Some(2), "{found}");
    let (status, refused) = search("logins_count:3".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("searching by logins_count is not supported")),
        "{refused}"
    );
}

/// Issue 14 item 5's shapes: an unknown `/api/v2` path answers in the Management API's
/// error shape, and device credentials honour `include_totals` and paging.
#[tokio::test]
async fn management_shapes_are_auth0s() {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    for path in ["/api/v2/organizations", "/api/v2/nowhere/at/all"] {
        let (status, body) = app.get_as(&t, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            (&body["statusCode"], &body["error"], &body["message"]),
            (&json!(404), &json!("Not Found"), &json!("Not Found")),
            "{path}: {body}"
        );
    }

    let user = app.sms_user().scope("openid offline_access").await;
    let path = |q: &str| {
        format!(
            "/api/v2/device-credentials?user_id={}{q}",
            user.user_id.replace('|', "%7C")
        )
    };
    let (status, bare) = app.get_as(&t, &path("")).await;
    assert_eq!(status, StatusCode::OK, "{bare}");
    assert_eq!(
        bare.as_array().map(Vec::len),
        Some(1),
        "the refresh token: {bare}"
    );
    let (status, page) = app.get_as(&t, &path("&include_totals=true")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        (&page["total"], &page["length"]),
        (&json!(1), &json!(1)),
        "{page}"
    );
    assert_eq!(page["device_credentials"], bare);
    let (_, past) = app
        .get_as(&t, &path("&include_totals=true&page=1&per_page=1"))
        .await;
    assert_eq!(
        (&past["total"], &past["device_credentials"]),
        (&json!(1), &json!([])),
        "{past}"
    );
    let (status, _) = app.get_as(&t, &path("&per_page=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
