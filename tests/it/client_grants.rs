//! Client grants through the Management API (issue 14 item 4): created, listed (filters,
//! offset and checkpoint paging), read, changed and deleted in Auth0's shapes; refused with
//! Auth0's status for a taken pair, an unknown client or API, and bad bodies; only with the
//! `*:client_grants` scopes. A machine token follows the grants as they change, at its
//! next request.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{OPS, READER, TestApp, operators, spawn_app_with};

const API: &str = "https://api.acme.example/";
const M2M: &str = "m2m";
const M2M_SECRET: &str = "m2m-secret-0123456789abcdef";

/// Machine clients with no grant yet, besides the operators.
fn machines() -> String {
    let mut config = operators();
    for id in [M2M, "m2m-b", "m2m-c"] {
        config += &format!(
            "\n[[clients]]\nclient_id = \"{id}\"\nclient_secret = \"{M2M_SECRET}\"\nname = \"Acme {id}\"\n\
             grant_types = [\"client_credentials\"]\n"
        );
    }
    config
}

/// A `client_credentials` request of `client_id` (its secret is [`M2M_SECRET`]).
async fn machine_token(app: &TestApp, client_id: &str, extra: Value) -> (StatusCode, Value) {
    let mut body = json!({"grant_type": "client_credentials", "client_id": client_id,
                          "client_secret": M2M_SECRET});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post_json("/oauth/token", body).await
}

#[tokio::test]
async fn a_grant_is_created_read_changed_and_deleted_and_the_token_follows_it() {
    let app = spawn_app_with(&machines()).await;
    let ops = app.machine_token(&OPS).await;
    let (status, before) = machine_token(&app, M2M, json!({"audience": API})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{before}");

    let (status, grant) = app
        .post_as(
            &ops,
            "/api/v2/client-grants",
            json!({"client_id": M2M, "audience": API, "scope": ["read:items"]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{grant}");
    let id = grant["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("cgr_") && id.len() == 20, "{id}");
    assert_eq!(
        grant,
        json!({"id": id, "client_id": M2M, "audience": API, "scope": ["read:items"]})
    );
    let (status, token) = machine_token(&app, M2M, json!({"audience": API})).await;
    assert_eq!(status, StatusCode::OK, "{token}");
    assert_eq!(token["scope"], "read:items");
    let claims = app
        .verified_claims(token["access_token"].as_str().unwrap(), API)
        .await;
    assert_eq!(claims["sub"], format!("{M2M}@clients"));

    // One grant per client and API.
    let (status, taken) = app
        .post_as(
            &ops,
            "/api/v2/client-grants",
            json!({"client_id": M2M, "audience": API, "scope": []}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{taken}");
    assert_eq!(
        taken["message"],
        format!("A client grant already exists between {M2M} and {API}")
    );
    assert_eq!(taken["statusCode"], 409);

    let (status, read) = app
        .get_as(&ops, &format!("/api/v2/client-grants/{id}"))
        .await;
    assert_eq!((status, &read), (StatusCode::OK, &grant));

    // PATCH replaces the scopes; the next token carries them, and a token asking for
    // fewer gets those only.
    let (status, changed) = app
        .patch_as(
            &ops,
            &format!("/api/v2/client-grants/{id}"),
            json!({"scope": ["read:items", "write:items"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["scope"], json!(["read:items", "write:items"]));
    let (_, token) = machine_token(&app, M2M, json!({"audience": API})).await;
    assert_eq!(token["scope"], "read:items write:items");
    let (_, token) =
        machine_token(&app, M2M, json!({"audience": API, "scope": "write:items"})).await;
    assert_eq!(token["scope"], "write:items");

    // Deleted, the grant gives no more tokens.
    let (status, _) = app
        .delete_as(&ops, &format!("/api/v2/client-grants/{id}"))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, refused) = machine_token(&app, M2M, json!({"audience": API})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert_eq!(refused["error"], "access_denied");
    for (method, body) in [
        (reqwest::Method::GET, None),
        (reqwest::Method::PATCH, Some(json!({"scope": []}))),
        (reqwest::Method::DELETE, None),
    ] {
        let (status, gone) = app
            .send_as(
                &ops,
                method.clone(),
                &format!("/api/v2/client-grants/{id}"),
                body,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {gone}");
        assert_eq!(gone["message"], "The client grant does not exist");
    }
    // The configuration's grants were never touched: the operators still get tokens.
    app.machine_token(&OPS).await;
}

#[tokio::test]
async fn bad_grants_are_refused_with_auth0s_status() {
    let app = spawn_app_with(&machines()).await;
    let ops = app.machine_token(&OPS).await;
    let cases = [
        (
            json!({"client_id": "nobody", "audience": API}),
            StatusCode::NOT_FOUND,
            "Client not found",
        ),
        (
            json!({"client_id": M2M, "audience": "https://unknown.example/"}),
            StatusCode::NOT_FOUND,
            "No resource with identifier https://unknown.example/",
        ),
        (
            json!({"client_id": M2M}),
            StatusCode::BAD_REQUEST,
            "Missing required property: audience",
        ),
        (
            json!({"audience": API}),
            StatusCode::BAD_REQUEST,
            "Missing required property: client_id",
        ),
        (
            json!({"client_id": M2M, "audience": API, "scope": "read:items"}),
            StatusCode::BAD_REQUEST,
            "scope must be an array of strings",
        ),
        (
            json!({"client_id": M2M, "audience": API, "scope": ["a", "a"]}),
            StatusCode::BAD_REQUEST,
            "Array items are not unique (indexes 0 and 1)",
        ),
        (
            json!({"client_id": M2M, "audience": API, "scope": ["read items"]}),
            StatusCode::BAD_REQUEST,
            "scope[0]",
        ),
        (
            json!({"client_id": M2M, "audience": API, "colour": "blue"}),
            StatusCode::BAD_REQUEST,
            "Additional properties not allowed: colour",
        ),
        (
            json!({"client_id": M2M, "audience": API, "subject_type": "user"}),
            StatusCode::BAD_REQUEST,
            "subject_type \"user\" is not supported",
        ),
        (
            json!({"client_id": M2M, "audience": API, "organization_usage": "require"}),
            StatusCode::BAD_REQUEST,
            "organization_usage \"require\" is not supported",
        ),
    ];
    for (body, status, message) in cases {
        let (got, answer) = app
            .post_as(&ops, "/api/v2/client-grants", body.clone())
            .await;
        assert_eq!(got, status, "{body} -> {answer}");
        let text = answer["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{body} -> {answer}");
    }
    // Auth0's defaults for what is not built are taken.
    let (status, grant) = app
        .post_as(
            &ops,
            "/api/v2/client-grants",
            json!({"client_id": M2M, "audience": API, "scope": ["read:items"],
                   "subject_type": "client", "organization_usage": "deny",
                   "allow_any_organization": false, "authorization_details_types": [],
                   "allow_all_scopes": false}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{grant}");
    let path = format!("/api/v2/client-grants/{}", grant["id"].as_str().unwrap());
    for body in [json!({}), json!({"scope": [1]}), json!({"audience": "x"})] {
        let (status, answer) = app.patch_as(&ops, &path, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} -> {answer}");
    }
    // `null` leaves no scope, as on Auth0.
    let (_, cleared) = app.patch_as(&ops, &path, json!({"scope": null})).await;
    assert_eq!(cleared["scope"], json!([]));
    for query in ["per_page=0", "take=101", "page=-1", "subject_type=robot"] {
        let (status, answer) = app
            .get_as(&ops, &format!("/api/v2/client-grants?{query}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query} -> {answer}");
    }
}

#[tokio::test]
async fn every_grant_endpoint_needs_its_scope() {
    let app = spawn_app_with(&machines()).await;
    let reader = app.machine_token(&READER).await;
    let path = "/api/v2/client-grants/cgr_0000000000000000";
    for (method, path, body, scope) in [
        (
            reqwest::Method::GET,
            "/api/v2/client-grants",
            None,
            "read:client_grants",
        ),
        (reqwest::Method::GET, path, None, "read:client_grants"),
        (
            reqwest::Method::POST,
            "/api/v2/client-grants",
            Some(json!({"client_id": M2M, "audience": API})),
            "create:client_grants",
        ),
        (
            reqwest::Method::PATCH,
            path,
            Some(json!({"scope": []})),
            "update:client_grants",
        ),
        (reqwest::Method::DELETE, path, None, "delete:client_grants"),
    ] {
        let (status, answer) = app.send_as(&reader, method.clone(), path, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path} -> {answer}");
        assert_eq!(
            answer["message"],
            format!("Insufficient scope, expected any of: {scope}")
        );
        assert_eq!(answer["errorCode"], "insufficient_scope");
    }
}

#[tokio::test]
async fn grants_list_by_filter_by_offset_and_by_checkpoint() {
    let app = spawn_app_with(&machines()).await;
    let ops = app.machine_token(&OPS).await;
    let management = format!("{}api/v2/", app.issuer);
    for (client, audience) in [
        (M2M, API),
        ("m2m-b", API),
        ("m2m-c", API),
        (M2M, management.as_str()),
    ] {
        let (status, answer) = app
            .post_as(
                &ops,
                "/api/v2/client-grants",
                json!({"client_id": client, "audience": audience, "scope": ["read:items"]}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|g| g["id"].as_str().unwrap().to_string())
            .collect()
    };
    // The configuration's two operator grants and the four made here.
    let (_, all) = app.get_as(&ops, "/api/v2/client-grants").await;
    let all_ids = ids(&all);
    assert_eq!(all_ids.len(), 6, "{all}");
    let (_, of_m2m) = app
        .get_as(&ops, &format!("/api/v2/client-grants?client_id={M2M}"))
        .await;
    assert_eq!(of_m2m.as_array().unwrap().len(), 2, "{of_m2m}");
    let (_, for_api) = app
        .get_as(
            &ops,
            &format!(
                "/api/v2/client-grants?audience={API}&client_id=m2m-b&include_totals=true&per_page=50"
            ),
        )
        .await;
    assert_eq!(for_api["total"], 1, "{for_api}");
    assert_eq!(
        (&for_api["start"], &for_api["limit"]),
        (&json!(0), &json!(50))
    );
    assert_eq!(for_api["client_grants"][0]["client_id"], "m2m-b");
    let (_, page) = app
        .get_as(
            &ops,
            "/api/v2/client-grants?per_page=4&page=1&include_totals=true",
        )
        .await;
    assert_eq!(page["total"], 6, "{page}");
    assert_eq!(ids(&page["client_grants"]), all_ids[4..]);
    // Nothing here allows any organization or user access.
    for query in ["allow_any_organization=true", "subject_type=user"] {
        let (_, none) = app
            .get_as(&ops, &format!("/api/v2/client-grants?{query}"))
            .await;
        assert_eq!(none, json!([]), "{query}");
    }

    // Checkpoint paging: `take`, then each `next` as `from`, until no `next`.
    let mut seen = Vec::new();
    let mut from: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &from {
            Some(f) => format!("take=4&from={f}"),
            None => "take=4&include_totals=true".into(),
        };
        let (status, page) = app
            .get_as(&ops, &format!("/api/v2/client-grants?{query}"))
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            page.get("total").is_none(),
            "checkpoint pages have no totals: {page}"
        );
        seen.extend(ids(&page["client_grants"]));
        pages += 1;
        match page.get("next").and_then(Value::as_str) {
            Some(next) => from = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!((pages, seen), (2, all_ids));
}

/// Auth0's Node SDK v7 `ManagementClient`, unmodified, over the server's own TLS (it builds
/// `https://<domain>/` URLs only): client grants and tenant settings (see
/// tests/node/management_grants.mjs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0_node_management_client_manages_grants_and_tenant_settings() {
    const OPS_ID: &str = "node-grants-ops";
    const OPS_SECRET: &str = "node-grants-ops-secret-5d0a";
    if !crate::support::node::has_package("auth0") {
        return;
    }
    let server = crate::support::node::TlsServer::start(
        OPS_ID,
        OPS_SECRET,
        &format!(
            "\n[[apis]]\nidentifier = \"{API}\"\nname = \"Acme API\"\n\n\
             [[clients]]\nclient_id = \"{M2M}\"\nclient_secret = \"{M2M_SECRET}\"\nname = \"Acme M2M\"\n\
             grant_types = [\"client_credentials\"]\n"
        ),
    );
    let ok = server.run(
        "management_grants.mjs",
        &[
            ("LATCHKEY_OPS_ID", OPS_ID),
            ("LATCHKEY_OPS_SECRET", OPS_SECRET),
            ("LATCHKEY_M2M_ID", M2M),
            ("LATCHKEY_API", API),
        ],
    );
    assert_eq!(ok["friendly_name"], "Acme Node", "{ok}");
}

/// auth0-python 6.x's generated Management client, unmodified: client grants (its
/// checkpoint pager, a 409, the machine token following a change and refused after the
/// delete) and tenant settings (see tests/sdk/auth0_python_grants.py).
#[tokio::test]
async fn auth0_python_manages_grants_and_tenant_settings() {
    let python = std::process::Command::new("python3")
        .args(["-c", "import auth0.management"])
        .output();
    if !python.is_ok_and(|o| o.status.success()) {
        crate::support::skip_or_fail(
            "python3 with auth0-python is not installed (pip install -r tests/sdk/requirements.txt)",
        );
        return;
    }
    let app = spawn_app_with(&machines()).await;
    let mut command = tokio::process::Command::new("python3");
    command.arg(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sdk/auth0_python_grants.py"
    ));
    for (k, v) in [
        ("LATCHKEY_DOMAIN", app.base.trim_start_matches("http://")),
        ("LATCHKEY_ISSUER", app.issuer.as_str()),
        ("CLIENT_ID", OPS.client_id),
        ("CLIENT_SECRET", OPS.secret),
        ("M2M_ID", M2M),
        ("M2M_SECRET", M2M_SECRET),
        ("API", API),
    ] {
        command.env(k, v);
    }
    let said =
        crate::support::script::converse(command, async |msg| panic!("unexpected request {msg}"))
            .await;
    assert!(
        said.iter().any(|msg| msg["ok"] == true),
        "auth0_python_grants.py never printed {{\"ok\": true}}: {said:?}"
    );
}
