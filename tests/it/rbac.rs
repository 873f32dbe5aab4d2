//! APIs with scopes, and roles (issue 14 item 3): resource servers and roles kept through
//! the Management API decide what a user's token carries: the scopes an API defines (and
//! only those), with RBAC only what the user's roles and direct permissions grant, a
//! `permissions` claim with the `access_token_authz` dialect, the API's lifetime, and no
//! refresh token without `allow_offline_access`. Also the API's refusals, and Auth0's Node
//! SDK managing all of it.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    NATIVE_APP, OPS, OTP_GRANT, READER, TestApp, operators, phone, spawn_app_with,
};

const ITEMS: &str = "https://items.rbac.example/";

fn set(scope: &Value) -> BTreeSet<String> {
    scope
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn words(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn user_path(user_id: &str, rest: &str) -> String {
    format!("/api/v2/users/{}{rest}", user_id.replace('|', "%7C"))
}

/// The items API: `read:items` and `write:items`, refresh tokens allowed.
async fn items_api(app: &TestApp, ops: &str) -> Value {
    let (status, api) = app
        .post_as(
            ops,
            "/api/v2/resource-servers",
            json!({"identifier": ITEMS, "name": "Items",
                   "scopes": [{"value": "read:items", "description": "Read items"},
                              {"value": "write:items", "description": "Write items"}],
                   "allow_offline_access": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{api}");
    api
}

/// A DELETE with a JSON body (Auth0's way to take roles and permissions away).
async fn delete_with(app: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    app.send_as(token, reqwest::Method::DELETE, path, Some(body))
        .await
}

async fn refresh(app: &TestApp, refresh_token: &str) -> Value {
    let (status, tokens) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "refresh_token", "client_id": NATIVE_APP,
                   "refresh_token": refresh_token}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    tokens
}

#[tokio::test]
async fn a_users_token_carries_what_the_api_defines_and_with_rbac_what_they_hold() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    items_api(&app, &ops).await;
    let asked = "openid offline_access read:items write:items admin";

    // Without RBAC: the scopes the API defines that were asked for, not `admin`.
    let ann = app.sms_user().scope(asked).audience(ITEMS).await;
    let claims = app.verified_claims(&ann.access_token, ITEMS).await;
    assert_eq!(
        set(&claims["scope"]),
        words(&["openid", "offline_access", "read:items", "write:items"]),
        "a scope the API defines is granted, one it does not (admin) is dropped"
    );
    assert!(claims.get("permissions").is_none(), "{claims}");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        86_400
    );

    // RBAC on, permissions in the token, a shorter lifetime.
    let (status, api) = app
        .patch_as(
            &ops,
            &format!("/api/v2/resource-servers/{}", urlencoding(ITEMS)),
            json!({"enforce_policies": true, "token_dialect": "access_token_authz",
                   "token_lifetime": 7200}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{api}");
    assert_eq!(api["enforce_policies"], true);
    let (status, role) = app
        .post_as(
            &ops,
            "/api/v2/roles",
            json!({"name": "reader", "description": "Reads"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{role}");
    let role_id = role["id"].as_str().unwrap().to_string();
    let (status, added) = app
        .post_as(
            &ops,
            &format!("/api/v2/roles/{role_id}/permissions"),
            json!({"permissions": [{"resource_server_identifier": ITEMS, "permission_name": "read:items"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{added}");

    // No role yet: none of the API's scopes.
    let again = app
        .sms_user()
        .phone(&ann.phone)
        .scope(asked)
        .audience(ITEMS)
        .await;
    let claims = app.verified_claims(&again.access_token, ITEMS).await;
    assert_eq!(set(&claims["scope"]), words(&["openid", "offline_access"]));
    assert_eq!(claims["permissions"], json!([]));

    // The role: its scope only.
    let (status, _) = app
        .post_as(
            &ops,
            &user_path(&ann.user_id, "/roles"),
            json!({"roles": [role_id]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let with_role = app
        .sms_user()
        .phone(&ann.phone)
        .scope(asked)
        .audience(ITEMS)
        .await;
    let claims = app.verified_claims(&with_role.access_token, ITEMS).await;
    assert_eq!(
        set(&claims["scope"]),
        words(&["openid", "offline_access", "read:items"]),
        "with RBAC only the role's scope"
    );
    assert_eq!(claims["permissions"], json!(["read:items"]));
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        7200
    );
    assert_eq!(with_role.tokens["expires_in"], 7200);

    // A direct permission adds to it; the claim lists every permission, asked or not.
    let (status, _) = app
        .post_as(
            &ops,
            &user_path(&ann.user_id, "/permissions"),
            json!({"permissions": [{"resource_server_identifier": ITEMS, "permission_name": "write:items"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let direct = app
        .sms_user()
        .phone(&ann.phone)
        .scope("openid offline_access write:items")
        .audience(ITEMS)
        .await;
    let claims = app.verified_claims(&direct.access_token, ITEMS).await;
    assert_eq!(
        set(&claims["scope"]),
        words(&["openid", "offline_access", "write:items"])
    );
    assert_eq!(claims["permissions"], json!(["read:items", "write:items"]));

    // The role taken away: gone from the token of the next refresh.
    let rt = with_role.refresh_token.clone().expect("a refresh token");
    let (status, _) = delete_with(
        &app,
        &ops,
        &user_path(&ann.user_id, "/roles"),
        json!({"roles": [role_id]}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let refreshed = refresh(&app, &rt).await;
    let claims = app
        .verified_claims(refreshed["access_token"].as_str().unwrap(), ITEMS)
        .await;
    assert_eq!(
        set(&claims["scope"]),
        words(&["openid", "offline_access", "write:items"]),
        "read:items came from the role, which is gone; write:items is held directly now"
    );
    assert_eq!(claims["permissions"], json!(["write:items"]));

    // The user's permissions, with their sources.
    let (status, held) = app
        .get_as(&ops, &user_path(&ann.user_id, "/permissions"))
        .await;
    assert_eq!(status, StatusCode::OK, "{held}");
    assert_eq!(held[0]["permission_name"], "write:items");
    assert_eq!(held[0]["resource_server_name"], "Items");
    assert_eq!(held[0]["description"], "Write items");
    assert_eq!(held[0]["sources"][0]["source_type"], "DIRECT");

    // The scope deleted from the API: nobody holds it any more.
    let (status, _) = app
        .patch_as(
            &ops,
            &format!("/api/v2/resource-servers/{}", urlencoding(ITEMS)),
            json!({"scopes": [{"value": "read:items", "description": "Read items"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, held) = app
        .get_as(&ops, &user_path(&ann.user_id, "/permissions"))
        .await;
    assert_eq!(held, json!([]));
}

fn urlencoding(s: &str) -> String {
    s.replace(':', "%3A").replace('/', "%2F")
}

#[tokio::test]
async fn an_api_without_offline_access_gets_no_refresh_token_and_a_deleted_one_no_token() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    let (status, api) = app
        .post_as(
            &ops,
            "/api/v2/resource-servers",
            json!({"identifier": ITEMS, "scopes": [{"value": "read:items"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{api}");
    // Auth0's defaults.
    assert_eq!(api["allow_offline_access"], false);
    assert_eq!(api["signing_alg"], "RS256");
    assert_eq!(api["token_lifetime"], 86_400);
    assert_eq!(api["token_lifetime_for_web"], 7200);
    assert_eq!(api["token_dialect"], "access_token");
    let user = app
        .sms_user()
        .scope("openid offline_access read:items")
        .audience(ITEMS)
        .await;
    assert!(user.refresh_token.is_none(), "{}", user.tokens);
    assert_eq!(set(&user.tokens["scope"]), words(&["openid", "read:items"]));

    // Deleted (by id): its audience is unknown again.
    let id = api["id"].as_str().unwrap();
    let (status, _) = app
        .delete_as(&ops, &format!("/api/v2/resource-servers/{id}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let number = phone();
    app.start_sms(&number).await;
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
                   "otp": app.code_for(&number), "realm": "sms", "scope": "openid",
                   "audience": ITEMS}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "access_denied");
    assert_eq!(
        body["error_description"],
        format!("Service not found: {ITEMS}")
    );
}

#[tokio::test]
async fn the_management_api_refuses_what_auth0_refuses() {
    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    items_api(&app, &ops).await;

    // The Management API is listed, as a system API, and cannot be changed.
    let (status, page) = app
        .get_as(
            &ops,
            "/api/v2/resource-servers?include_totals=true&per_page=50",
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        page["total"], 3,
        "the Management API, Acme's and the items API"
    );
    let system = &page["resource_servers"][0];
    assert_eq!(system["identifier"], format!("{}api/v2/", app.issuer));
    assert_eq!(system["is_system"], true);
    let mgmt = format!(
        "/api/v2/resource-servers/{}",
        system["id"].as_str().unwrap()
    );
    let (status, body) = app
        .patch_as(&ops, &mgmt, json!({"token_lifetime": 60}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(app.delete_as(&ops, &mgmt).await.0, StatusCode::FORBIDDEN);
    let (status, only) = app
        .get_as(
            &ops,
            &format!(
                "/api/v2/resource-servers?identifiers={}",
                urlencoding(ITEMS)
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(only.as_array().unwrap().len(), 1, "{only}");

    for (body, want) in [
        (json!({"identifier": ITEMS}), StatusCode::CONFLICT),
        (
            json!({"identifier": format!("{}api/v2/", app.issuer)}),
            StatusCode::CONFLICT,
        ),
        (json!({"name": "no identifier"}), StatusCode::BAD_REQUEST),
        (
            json!({"identifier": "https://x.example/", "token_dialect": "rfc9068_profile"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"identifier": "https://x.example/", "signing_alg": "HS256"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"identifier": "https://x.example/", "scopes": [{"value": "openid"}]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"identifier": "https://x.example/", "unknown": 1}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"identifier": "https://x.example/", "allow_online_access": true}),
            StatusCode::BAD_REQUEST,
        ),
        // Auth0's properties Latchkey does not implement, with the value it behaves by.
        (
            json!({"identifier": "https://y.example/", "allow_online_access": false,
                   "token_encryption": null, "subject_type_authorization":
                   {"user": {"policy": "allow_all"}, "client": {"policy": "require_client_grant"}}}),
            StatusCode::CREATED,
        ),
    ] {
        let (status, answer) = app
            .post_as(&ops, "/api/v2/resource-servers", body.clone())
            .await;
        assert_eq!(status, want, "{body} → {answer}");
    }
    let (status, body) = app.get_as(&ops, "/api/v2/resource-servers/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["errorCode"], "inexistent_resource_server");

    // Roles.
    let (_, role) = app
        .post_as(&ops, "/api/v2/roles", json!({"name": "editor"}))
        .await;
    let role_id = role["id"].as_str().unwrap().to_string();
    assert!(role_id.starts_with("rol_"), "{role}");
    let (status, body) = app
        .post_as(&ops, "/api/v2/roles", json!({"name": "editor"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = app.get_as(&ops, "/api/v2/roles/rol_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let permissions = format!("/api/v2/roles/{role_id}/permissions");
    for bad in [
        json!({"permissions": [{"resource_server_identifier": ITEMS, "permission_name": "admin"}]}),
        json!({"permissions": [{"resource_server_identifier": "https://nope.example/", "permission_name": "read:items"}]}),
        json!({"permissions": []}),
        json!({"permissions": [{"resource_server_identifier": ITEMS}]}),
    ] {
        let (status, body) = app.post_as(&ops, &permissions, bad.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad} → {body}");
        assert_eq!(body["statusCode"], 400);
    }
    let (status, _) = app
        .post_as(
            &ops,
            "/api/v2/roles/rol_nope/permissions",
            json!({"permissions": [{"resource_server_identifier": ITEMS, "permission_name": "read:items"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let user = app.sms_user().await;
    let (status, _) = app
        .post_as(
            &ops,
            &user_path(&user.user_id, "/roles"),
            json!({"roles": ["rol_nope"]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .post_as(
            &ops,
            &format!("/api/v2/roles/{role_id}/users"),
            json!({"users": ["sms|nobody"]}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get_as(&ops, &user_path("sms|nobody", "/roles")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Scopes are enforced: read:users alone reads no roles and changes nothing.
    let reader = app.machine_token(&READER).await;
    let (status, body) = app.get_as(&reader, "/api/v2/roles").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body["message"],
        "Insufficient scope, expected any of: read:roles"
    );
    let (status, _) = app.get_as(&reader, "/api/v2/resource-servers").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post_as(&reader, "/api/v2/roles", json!({"name": "sneaky"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Auth0 lets read:users list a role's users and a user's roles.
    let (status, _) = app
        .get_as(&reader, &user_path(&user.user_id, "/roles"))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Deleting the role answers Auth0's `{}`; it is gone.
    let (status, body) = app
        .delete_as(&ops, &format!("/api/v2/roles/{role_id}"))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({})));
    assert_eq!(
        app.get_as(&ops, &format!("/api/v2/roles/{role_id}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_client_grant_for_an_unknown_api_gets_no_machine_token() {
    let app = spawn_app_with(
        &(operators()
            + "\n[[clients]]\nclient_id = \"svc\"\nclient_secret = \"svc-secret-0123456789\"\n\
               name = \"Service\"\ngrant_types = [\"client_credentials\"]\n\n\
               [[client_grants]]\nclient_id = \"svc\"\naudience = \"https://gone.example/\"\n\
               scope = [\"read:items\"]\n"),
    )
    .await;
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": "client_credentials", "client_id": "svc",
                   "client_secret": "svc-secret-0123456789", "audience": "https://gone.example/"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "access_denied");
}

/// Auth0's Node SDK v7 `ManagementClient`, unmodified, over the server's own TLS: APIs,
/// roles, their permissions and users, a user's roles and permissions (management_rbac.mjs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_management_client_manages_apis_and_roles() {
    const OPS_ID: &str = "node-rbac-ops";
    const OPS_SECRET: &str = "node-rbac-ops-secret-0123456789";
    if !crate::support::node::has_package("auth0") {
        return;
    }
    let server = crate::support::node::TlsServer::start(OPS_ID, OPS_SECRET, "");
    let ok = server.run(
        "management_rbac.mjs",
        &[
            ("LATCHKEY_OPS_ID", OPS_ID),
            ("LATCHKEY_OPS_SECRET", OPS_SECRET),
            ("PHONE_NUMBER", &phone()),
        ],
    );
    assert_eq!(ok["ok"], true, "{ok}");
}

/// The hosted login's grants go through the same rule: the authorization code (its scope
/// follows the role given between two sign-ins of one browser session) and the implicit
/// flow, whose access token lives the API's `token_lifetime_for_web` (90 minutes: the test
/// clock runs up to 75 minutes behind the wall clock, which tokens are verified against).
#[tokio::test]
async fn the_hosted_logins_tokens_follow_the_role_and_the_web_lifetime() {
    use crate::security_tokens::{authorize_url, code_exchange, hosted_sign_in, silent_code};
    use crate::support::web::Browser;

    let app = spawn_app_with(&operators()).await;
    let ops = app.machine_token(&OPS).await;
    items_api(&app, &ops).await;
    let (status, _) = app
        .patch_as(
            &ops,
            &format!("/api/v2/resource-servers/{}", urlencoding(ITEMS)),
            json!({"enforce_policies": true, "token_lifetime_for_web": 5400}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, role) = app
        .post_as(&ops, "/api/v2/roles", json!({"name": "reader"}))
        .await;
    let role_id = role["id"].as_str().unwrap().to_string();
    app.post_as(
        &ops,
        &format!("/api/v2/roles/{role_id}/permissions"),
        json!({"permissions": [{"resource_server_identifier": ITEMS, "permission_name": "read:items"}]}),
    )
    .await;
    let asked = [
        ("audience", ITEMS),
        ("scope", "openid offline_access read:items"),
    ];

    let mut browser = Browser::new();
    let code = hosted_sign_in(&app, &mut browser, &authorize_url(&app, &asked)).await;
    let (status, tokens) = app.post_json("/oauth/token", code_exchange(&code)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(set(&tokens["scope"]), words(&["openid", "offline_access"]));
    let user_id = app.verified_claims(&tokens, crate::support::WEB_APP).await["sub"]
        .as_str()
        .unwrap()
        .to_string();

    let (status, _) = app
        .post_as(
            &ops,
            &user_path(&user_id, "/roles"),
            json!({"roles": [role_id]}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let code = silent_code(&app, &mut browser, &asked).await;
    let (status, tokens) = app.post_json("/oauth/token", code_exchange(&code)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app
        .verified_claims(tokens["access_token"].as_str().unwrap(), ITEMS)
        .await;
    assert_eq!(
        set(&claims["scope"]),
        words(&["openid", "offline_access", "read:items"]),
        "the authorization code grant applies the role"
    );
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        86_400
    );

    // The implicit flow: the web lifetime.
    let implicit = [
        ("audience", ITEMS),
        ("scope", "read:items"),
        ("response_type", "token"),
        ("prompt", "none"),
    ];
    let (status, headers, page) = browser.get(&authorize_url(&app, &implicit)).await;
    assert_eq!(status, StatusCode::FOUND, "{page}");
    let location = headers[reqwest::header::LOCATION].to_str().unwrap();
    let fragment = location.split_once('#').map(|(_, f)| f).unwrap_or("");
    let answer: std::collections::BTreeMap<String, String> =
        serde_urlencoded::from_str(fragment).unwrap();
    assert_eq!(
        answer.get("expires_in").map(String::as_str),
        Some("5400"),
        "{location}"
    );
    assert_eq!(answer.get("scope").map(String::as_str), Some("read:items"));
    let claims = app.verified_claims(&answer["access_token"], ITEMS).await;
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        5400
    );
}
