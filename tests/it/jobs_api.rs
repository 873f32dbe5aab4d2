//! `/api/v2/jobs`: bulk imports (multipart, per-row errors, upsert), exports (gzipped JSON
//! lines or CSV behind a signed, expiring link, importable back), a job outliving the
//! instance it was submitted to, and the refusals.

use std::io::Read;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    OPS, READER, TestApp, log_check, operators, read, spawn_app_holding_jobs, spawn_app_with,
};

/// A multipart body (and its content type) of text fields and one `users` file.
pub fn multipart(fields: &[(&str, &str)], users: Option<&str>) -> (String, Vec<u8>) {
    let boundary = "latchkey-test-boundary-7f3a";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    if let Some(users) = users {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"users\"; filename=\"users.json\"\r\nContent-Type: text/json\r\n\r\n{users}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// `POST /api/v2/jobs/users-imports` with these form fields and file.
pub async fn submit_import(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    users: Option<&str>,
) -> (StatusCode, Value) {
    log_check::secret("a bearer token", token);
    let (content_type, body) = multipart(fields, users);
    let r = app
        .http
        .post(app.url("/api/v2/jobs/users-imports"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    read(r).await
}

/// Imports `users` (a file's text) into `connection` and waits for the job to end.
pub async fn import(app: &TestApp, token: &str, connection: &str, users: &str) -> Value {
    let (status, job) = submit_import(
        app,
        token,
        &[("connection_id", &format!("con_{connection}"))],
        Some(users),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    wait_for_job(app, token, job["id"].as_str().unwrap()).await
}

/// Polls `GET /api/v2/jobs/{id}` until the job has ended (a background job: no signal
/// reaches the test), within a deadline.
pub async fn wait_for_job(app: &TestApp, token: &str, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, job) = app.get_as(token, &format!("/api/v2/jobs/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if job["status"] == "completed" || job["status"] == "failed" {
            return job;
        }
        assert!(Instant::now() < deadline, "the job did not end: {job}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The file behind a completed export's `location`, un-gzipped.
async fn download(app: &TestApp, job: &Value) -> (StatusCode, String) {
    let location = job["location"].as_str().unwrap();
    let token = location.split("token=").nth(1).unwrap();
    log_check::secret("an export's download token", token);
    let r = app.http.get(location).send().await.unwrap();
    let status = r.status();
    if status != StatusCode::OK {
        return (status, String::new());
    }
    assert_eq!(r.headers()["content-type"], "application/gzip");
    let bytes = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    (status, text)
}

async fn app() -> (TestApp, String) {
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    (app, t)
}

#[tokio::test]
async fn an_import_lands_good_rows_and_refuses_bad_ones_each_with_its_reason() {
    let (app, t) = app().await;
    let (status, existing) = app
        .post_as(
            &t,
            "/api/v2/users",
            json!({"connection": "sms", "phone_number": "+14155550100"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{existing}");
    let users = json!([
        {"user_id": "sms|5f1a2b3c4d5e6f7a8b9c0d1e", "phone_number": "+14155550101",
         "phone_verified": true, "name": "Ann Lee", "app_metadata": {"plan": "gold"},
         "user_metadata": {"lang": "fr"}, "created_at": "2020-01-01T00:00:00.000Z"},
        {"user_id": "bare0001", "phone_number": "+14155550102"},
        {"phone_number": "+14155550103", "blocked": true},
        {"phone_number": "not a number"},
        {"phone_number": "+14155550104", "password_hash": "$2b$10$abcdefghijklmnopqrstuv"},
        {"phone_number": "+14155550100"},
        {"phone_number": "+14155550101"},
        {"user_id": "email|abc", "phone_number": "+14155550105"},
    ]);
    let job = import(&app, &t, "sms", &users.to_string()).await;
    assert_eq!(job["status"], "completed", "{job}");
    assert_eq!(job["type"], "users_import");
    assert_eq!(job["connection_id"], "con_sms");
    assert_eq!(
        job["summary"],
        json!({"failed": 5, "updated": 0, "inserted": 3, "total": 8})
    );
    let (status, ann) = app
        .get_as(&t, "/api/v2/users/sms%7C5f1a2b3c4d5e6f7a8b9c0d1e")
        .await;
    assert_eq!(status, StatusCode::OK, "{ann}");
    assert_eq!(ann["name"], "Ann Lee");
    assert_eq!(ann["phone_verified"], true);
    assert_eq!(ann["app_metadata"], json!({"plan": "gold"}));
    assert_eq!(ann["user_metadata"], json!({"lang": "fr"}));
    let (status, bare) = app.get_as(&t, "/api/v2/users/sms%7Cbare0001").await;
    assert_eq!(
        (status, &bare["phone_verified"]),
        (StatusCode::OK, &json!(false))
    );

    let (status, errors) = app
        .get_as(
            &t,
            &format!("/api/v2/jobs/{}/errors", job["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{errors}");
    let codes: Vec<(&str, &str)> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["errors"][0]["code"].as_str().unwrap(),
                e["errors"][0]["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("FORMAT", "phone_number"),
            ("UNSUPPORTED", "password_hash"),
            ("DUPLICATED_USER", ""),
            ("DUPLICATED_USER", ""),
            ("PATTERN", "user_id"),
        ],
        "{errors}"
    );
    assert_eq!(errors[2]["user"], json!({"phone_number": "+14155550100"}));
    let text = errors.to_string();
    assert!(!text.contains("$2b$"), "a password hash is echoed: {text}");
    assert!(text.contains("*****"), "{text}");
}

#[tokio::test]
async fn upsert_updates_the_user_holding_the_login_and_keeps_their_id() {
    let (app, t) = app().await;
    let first = json!([{"user_id": "keep01", "phone_number": "+14155550110",
                        "user_metadata": {"a": 1, "b": 2}}]);
    let job = import(&app, &t, "sms", &first.to_string()).await;
    assert_eq!(job["summary"]["inserted"], 1, "{job}");
    let again = json!([{"user_id": "other", "phone_number": "+14155550110", "name": "New",
                        "user_metadata": {"c": 3}},
                       {"phone_number": "+14155550111"}]);
    let (status, job) = submit_import(
        &app,
        &t,
        &[
            ("connection_id", "con_sms"),
            ("upsert", "true"),
            ("external_id", "run-2"),
        ],
        Some(&again.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert_eq!(
        (&job["status"], &job["upsert"], &job["external_id"]),
        (&json!("pending"), &json!(true), &json!("run-2"))
    );
    let job = wait_for_job(&app, &t, job["id"].as_str().unwrap()).await;
    assert_eq!(
        job["summary"],
        json!({"failed": 0, "updated": 1, "inserted": 1, "total": 2})
    );
    let (_, kept) = app.get_as(&t, "/api/v2/users/sms%7Ckeep01").await;
    assert_eq!(kept["name"], "New");
    // Auth0: an upsert overwrites the metadata, it does not merge it.
    assert_eq!(kept["user_metadata"], json!({"c": 3}));
    let (status, _) = app.get_as(&t, "/api/v2/users/sms%7Cother").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get_as(
            &t,
            &format!("/api/v2/jobs/{}/errors", job["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_export_is_a_gzipped_file_behind_an_expiring_link_and_imports_back() {
    let (app, t) = app().await;
    let users = json!([
        {"user_id": "sms|aaaaaaaaaaaaaaaaaaaaaaaa", "phone_number": "+14155550120",
         "phone_verified": true, "name": "Ann", "given_name": "Ann",
         "picture": "https://cdn.acme.example/ann.png", "app_metadata": {"plan": "gold"},
         "user_metadata": {"lang": "fr"}},
        {"user_id": "sms|bbbbbbbbbbbbbbbbbbbbbbbb", "phone_number": "+14155550121", "blocked": true},
    ]);
    import(&app, &t, "sms", &users.to_string()).await;
    let (status, job) = app
        .post_as(
            &t,
            "/api/v2/jobs/users-exports",
            json!({"connection_id": "con_sms", "format": "json"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    assert_eq!(
        (
            &job["type"],
            &job["status"],
            &job["format"],
            &job["connection"]
        ),
        (
            &json!("users_export"),
            &json!("pending"),
            &json!("json"),
            &json!("sms")
        )
    );
    assert!(
        job["fields"].as_array().is_some_and(|f| !f.is_empty()),
        "{job}"
    );
    let job = wait_for_job(&app, &t, job["id"].as_str().unwrap()).await;
    assert_eq!(job["status"], "completed", "{job}");
    let location = job["location"].as_str().unwrap();
    assert!(location.starts_with(&app.issuer), "{location}");
    assert!(location.contains("/users.json.gz?token="), "{location}");
    let (status, lines) = download(&app, &job).await;
    assert_eq!(status, StatusCode::OK);
    let exported: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(exported.len(), 2, "{lines}");
    assert_eq!(exported[0]["user_id"], "sms|aaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(exported[0]["user_metadata"], json!({"lang": "fr"}));
    assert_eq!(exported[1]["blocked"], true);

    // A link is this job's alone, and lasts a minute.
    let tampered = location.replace("token=", "token=x");
    let r = app.http.get(&tampered).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    app.clock.advance(61);
    assert_eq!(download(&app, &job).await.0, StatusCode::NOT_FOUND);

    // The export imports back whole into another server, ids and metadata kept.
    let (other, t2) = self::app().await;
    let job = import(&other, &t2, "sms", &lines).await;
    assert_eq!(job["summary"]["inserted"], 2, "{job}");
    let (_, ann) = other
        .get_as(&t2, "/api/v2/users/sms%7Caaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    for key in [
        "name",
        "given_name",
        "picture",
        "app_metadata",
        "user_metadata",
        "phone_verified",
    ] {
        assert_eq!(ann[key], exported[0][key], "{key}");
    }

    // CSV: the fields asked for, under their export names, formula-safe.
    let (status, job) = app
        .post_as(
            &t,
            "/api/v2/jobs/users-exports",
            json!({"format": "csv", "limit": 1, "fields": [{"name": "user_id"},
                   {"name": "phone_number", "export_as": "phone"},
                   {"name": "app_metadata.plan", "export_as": "plan"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let job = wait_for_job(&app, &t, job["id"].as_str().unwrap()).await;
    assert!(
        job["location"].as_str().unwrap().contains("/users.csv.gz?"),
        "{job}"
    );
    let (_, csv) = download(&app, &job).await;
    assert_eq!(
        csv,
        "user_id,phone,plan\nsms|aaaaaaaaaaaaaaaaaaaaaaaa,'+14155550120,gold\n"
    );
    // A live token is bound to its job: on the first export's path it opens nothing.
    let csv_location = job["location"].as_str().unwrap();
    let token = csv_location.split("token=").nth(1).unwrap();
    let first_path = location.split('?').next().unwrap();
    let replayed = app
        .http
        .get(format!("{first_path}?token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_job_outlives_the_instance_it_was_submitted_to() {
    let app = spawn_app_holding_jobs(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let users = json!([{"phone_number": "+14155550130"}, {"phone_number": "+14155550131"}]);
    let (status, job) = submit_import(
        &app,
        &t,
        &[("connection_id", "con_sms")],
        Some(&users.to_string()),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    let id = job["id"].as_str().unwrap().to_string();
    let (_, waiting) = app.get_as(&t, &format!("/api/v2/jobs/{id}")).await;
    assert_eq!(waiting["status"], "pending", "{waiting}");
    // The instance stops; a new one on the same database takes the job up.
    let app = app.restart().await;
    let t = app.machine_token(&OPS).await;
    let job = wait_for_job(&app, &t, &id).await;
    assert_eq!(job["status"], "completed", "{job}");
    assert_eq!(job["summary"]["inserted"], 2, "{job}");
}

#[tokio::test]
async fn jobs_refuse_bad_forms_unknown_connections_and_missing_scopes() {
    let (app, t) = app().await;
    let file = json!([{"phone_number": "+14155550140"}]).to_string();
    type Form<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Form, Option<&str>, &str); 5] = [
        (
            &[("connection_id", "con_sms")],
            None,
            "Must provide 'users' file as multipart part.",
        ),
        (
            &[],
            Some(&file),
            "Must provide 'connection_id' as multipart part.",
        ),
        (
            &[("connection_id", "con_nope")],
            Some(&file),
            "The connection does not exist.",
        ),
        (
            &[("connection_id", "con_sms")],
            Some("  "),
            "Users file must not be empty.",
        ),
        (
            &[("connection_id", "con_sms"), ("upsert", "yes")],
            Some(&file),
            "Payload validation error: upsert must be true or false",
        ),
    ];
    for (fields, users, message) in cases {
        let (status, body) = submit_import(&app, &t, fields, users).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["message"], message, "{body}");
        assert_eq!(body["errorCode"], "invalid_body");
    }
    let (status, body) = submit_import(&app, &t, &[("connection_id", "con_sms")], Some("[{")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, body) = app
        .post_as(
            &t,
            "/api/v2/jobs/users-imports",
            json!({"connection_id": "con_sms"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // read:users may export and read jobs, not import.
    let reader = app.machine_token(&READER).await;
    let (status, body) =
        submit_import(&app, &reader, &[("connection_id", "con_sms")], Some(&file)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        body["message"],
        "Insufficient scope, expected any of: create:users"
    );
    let (status, job) = app
        .post_as(
            &reader,
            "/api/v2/jobs/users-exports",
            json!({"format": "csv", "fields": [{"name": "user_metadata"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{job}");
    let (status, job) = app
        .post_as(&reader, "/api/v2/jobs/users-exports", json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let id = job["id"].as_str().unwrap();
    assert!(id.starts_with("job_") && id.len() == 20, "{id}");
    let (status, _) = app.get_as(&reader, &format!("/api/v2/jobs/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.get_as(&t, "/api/v2/jobs/job_0000000000000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["errorCode"], "inexistent_job");
}
