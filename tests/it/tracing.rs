//! OpenTelemetry tracing through the real binary: with `[tracing]` set, an SMS login and its
//! token exchange reach a small OTLP/HTTP receiver (decoded with the messages generated from
//! the official OTLP `.proto` files) as server spans with store and provider children, sent
//! by the flush on SIGTERM, with no code, token, number or secret in any of them; without
//! `[tracing]`, nothing is sent, even with the standard OTLP variables pointing at one.

use std::process::Command;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus, header};
use axum::response::{IntoResponse, Response};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::common::v1::{AnyValue as Any, KeyValue};
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::security_support::{Spawned, spawn};
use crate::support::process::after;
use crate::support::{OTP_GRANT, email, phone, read};

const CLIENT_ID: &str = "traced-app";
const CLIENT_SECRET: &str = "traced-app-secret-0123456789";
const SERVICE_NAME: &str = "latchkey-under-test";
const WAIT: Duration = Duration::from_secs(30);

/// One exported span with the service its resource named.
struct Exported {
    service: Option<String>,
    span: Span,
}

/// An OTLP/HTTP receiver on 127.0.0.1: its base URL and the spans it decodes, in order.
async fn receiver() -> (String, mpsc::UnboundedReceiver<Exported>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new()
        .route("/v1/traces", axum::routing::post(receive))
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

async fn receive(
    State(tx): State<mpsc::UnboundedSender<Exported>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        != Some("application/x-protobuf")
    {
        return AxumStatus::UNSUPPORTED_MEDIA_TYPE.into_response();
    }
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return AxumStatus::BAD_REQUEST.into_response();
    };
    for resource_spans in request.resource_spans {
        let service = resource_spans
            .resource
            .iter()
            .flat_map(|r| &r.attributes)
            .find(|kv| kv.key == "service.name")
            .and_then(|kv| text(kv.value.as_ref()));
        for scope_spans in resource_spans.scope_spans {
            for span in scope_spans.spans {
                let _ = tx.send(Exported {
                    service: service.clone(),
                    span,
                });
            }
        }
    }
    // The answer is sent after the spans are on the channel: once the server has exited
    // (its exporter waits for each answer), every span it sent is there.
    (
        [(header::CONTENT_TYPE, "application/x-protobuf")],
        ExportTraceServiceResponse::default().encode_to_vec(),
    )
        .into_response()
}

fn text(value: Option<&Any>) -> Option<String> {
    match value?.value.as_ref()? {
        AnyValue::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

fn attribute<'a>(span: &'a Span, key: &str) -> Option<&'a AnyValue> {
    span.attributes
        .iter()
        .find(|kv| kv.key == key)
        .and_then(|kv| kv.value.as_ref()?.value.as_ref())
}

fn string_attribute(span: &Span, key: &str) -> Option<String> {
    match attribute(span, key)? {
        AnyValue::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

/// Every text a span carries: its name, status message, attribute keys and values, its
/// events' and links' too; integers as their digits, where a code could hide.
fn texts_of(span: &Span) -> Vec<String> {
    fn push_all(out: &mut Vec<String>, attributes: &[KeyValue]) {
        for kv in attributes {
            out.push(kv.key.clone());
            if let Some(value) = kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                out.push(match value {
                    AnyValue::StringValue(s) => s.clone(),
                    AnyValue::IntValue(i) => i.to_string(),
                    other => format!("{other:?}"),
                });
            }
        }
    }
    let mut out = vec![span.name.clone()];
    out.extend(span.status.iter().map(|s| s.message.clone()));
    push_all(&mut out, &span.attributes);
    for event in &span.events {
        out.push(event.name.clone());
        push_all(&mut out, &event.attributes);
    }
    for link in &span.links {
        push_all(&mut out, &link.attributes);
    }
    out
}

/// `latchkey serve` in `dir` with its configuration file and `env`; its base URL.
fn serve(dir: &std::path::Path, config: &str, env: &[(&str, &str)]) -> (Spawned, String) {
    std::fs::write(dir.join("latchkey.toml"), config).unwrap();
    let args = [
        "serve",
        "--config",
        "latchkey.toml",
        "--listen",
        "127.0.0.1:0",
    ];
    let mut server = spawn(dir, &args, env);
    let banner = server.wait_for("Latchkey listening on ", WAIT).unwrap();
    let base = after(&banner, "listening on ").to_string();
    (server, base)
}

/// A confidential client's SMS login through the development provider: the number, the code
/// and the tokens.
async fn login(server: &mut Spawned, base: &str) -> (String, String, Value) {
    let http = reqwest::Client::new();
    let number = phone();
    let (status, body) = read(
        http.post(format!("{base}/passwordless/start"))
            .json(
                &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                          "connection": "sms", "phone_number": number}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let line = tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY", WAIT).unwrap();
            if line.contains(&number) {
                break line;
            }
        }
    });
    let code = crate::support::twilio::extract_code(&line[line.find("body=").unwrap()..]).unwrap();
    let (status, tokens) = read(
        http.post(format!("{base}/oauth/token"))
            .json(&json!({"grant_type": OTP_GRANT, "client_id": CLIENT_ID,
                          "client_secret": CLIENT_SECRET, "username": number, "otp": code,
                          "realm": "sms", "scope": "openid offline_access"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    (number, code, tokens)
}

/// SIGTERM, and the exit status 0 of a clean stop (after which the exporter has flushed).
fn stop(server: &mut Spawned) {
    let pid = server.child.id().to_string();
    let term = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(term.success());
    let status = tokio::task::block_in_place(|| server.child.wait()).unwrap();
    assert!(status.success(), "{status:?}");
}

fn client_config() -> String {
    format!(
        "[[clients]]\nclient_id = \"{CLIENT_ID}\"\nclient_secret = \"{CLIENT_SECRET}\"\n\
         name = \"Traced app\"\n"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_is_exported_as_server_spans_with_store_and_provider_children_and_no_secret() {
    let (url, mut received) = receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "{}\n[tracing]\notlp_endpoint = \"{url}\"\nservice_name = \"{SERVICE_NAME}\"\n",
        client_config()
    );
    // At info, where the request's log span is off: the exported spans do not depend on it.
    let (mut server, base) = serve(dir.path(), &config, &[("LATCHKEY_LOG", "info")]);
    let (number, code, tokens) = login(&mut server, &base).await;
    let address = email();
    let (status, body) = read(
        reqwest::Client::new()
            .post(format!("{base}/passwordless/start"))
            .json(
                &json!({"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                          "connection": "email", "email": address, "send": "code"}),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let email_line = tokio::task::block_in_place(|| {
        loop {
            let line = server.wait_for("DEVELOPMENT DELIVERY", WAIT).unwrap();
            if line.contains(&address) {
                break line;
            }
        }
    });
    let email_code =
        crate::support::twilio::extract_code(&email_line[email_line.find("text=").unwrap()..])
            .unwrap();
    stop(&mut server);

    let mut exported = Vec::new();
    while let Ok(span) = received.try_recv() {
        exported.push(span);
    }
    let names: Vec<&str> = exported.iter().map(|e| e.span.name.as_str()).collect();
    assert!(
        exported
            .iter()
            .all(|e| e.service.as_deref() == Some(SERVICE_NAME)),
        "{names:?}"
    );
    let server_spans = |name: &str| -> Vec<&Span> {
        exported
            .iter()
            .map(|e| &e.span)
            .filter(|s| s.name == name && s.kind == SpanKind::Server as i32)
            .collect()
    };
    let children = |parent: &Span| -> Vec<&Span> {
        exported
            .iter()
            .map(|e| &e.span)
            .filter(|s| s.trace_id == parent.trace_id && s.parent_span_id == parent.span_id)
            .collect()
    };

    let tokens_spans = server_spans("POST /oauth/token");
    assert_eq!(tokens_spans.len(), 1, "{names:?}");
    let token = tokens_spans[0];
    assert_eq!(
        string_attribute(token, "http.route").as_deref(),
        Some("/oauth/token")
    );
    assert_eq!(
        string_attribute(token, "http.request.method").as_deref(),
        Some("POST")
    );
    assert_eq!(
        attribute(token, "http.response.status_code"),
        Some(&AnyValue::IntValue(200))
    );
    assert!(
        token.parent_span_id.is_empty(),
        "a request is a trace's root"
    );
    let token_children = children(token);
    let store_children: Vec<&str> = token_children
        .iter()
        .filter(|s| s.name.starts_with("store."))
        .map(|s| s.name.as_str())
        .collect();
    assert!(
        store_children.contains(&"store.consume_otp"),
        "the code is spent in the request's trace: {store_children:?} of {names:?}"
    );

    // The two starts, one per channel: each has its provider's span, and store spans.
    let starts = server_spans("POST /passwordless/start");
    assert_eq!(starts.len(), 2, "{names:?}");
    for channel in ["delivery.sms", "delivery.email"] {
        let with_channel: Vec<&Span> = starts
            .iter()
            .copied()
            .filter(|start| children(start).iter().any(|c| c.name == channel))
            .collect();
        assert_eq!(
            with_channel.len(),
            1,
            "one start sent by {channel}: {names:?}"
        );
        let start = with_channel[0];
        assert_eq!(
            attribute(start, "http.response.status_code"),
            Some(&AnyValue::IntValue(200))
        );
        assert_ne!(start.trace_id, token.trace_id, "each request its own trace");
        let start_children = children(start);
        let delivery: Vec<&&Span> = start_children
            .iter()
            .filter(|s| s.name == channel)
            .collect();
        assert_eq!(delivery.len(), 1, "{names:?}");
        assert_eq!(
            string_attribute(delivery[0], "provider").as_deref(),
            Some("log")
        );
        assert!(
            start_children.iter().any(|s| s.name.starts_with("store.")),
            "{names:?}"
        );
    }

    // Nothing secret, anywhere: not in a name, an attribute or an event.
    let mut secrets = vec![
        ("the phone number", number.clone()),
        (
            "the phone number's digits",
            number.trim_start_matches('+').to_string(),
        ),
        ("the code", code.clone()),
        ("the email address", address.clone()),
        ("the email code", email_code.clone()),
        ("the client secret", CLIENT_SECRET.to_string()),
    ];
    for kind in ["access_token", "id_token", "refresh_token"] {
        let token = tokens[kind].as_str().unwrap().to_string();
        // A JWT's signature on its own, too: the part no one else could have made.
        if let Some(signature) = token.rsplit('.').next().filter(|s| s.len() >= 16) {
            secrets.push((kind, signature.to_string()));
        }
        secrets.push((kind, token));
    }
    for e in &exported {
        for text in texts_of(&e.span) {
            for (what, secret) in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{what} in span {:?}: {text:?}",
                    e.span.name
                );
            }
            assert!(!text.contains("body="), "a message in {:?}", e.span.name);
        }
        assert!(e.span.events.is_empty(), "log events stay in the log");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_tracing_table_nothing_is_sent() {
    let (url, mut received) = receiver().await;
    let dir = tempfile::tempdir().unwrap();
    // The standard variables do not switch exporting on: only the configuration file does.
    let traces_url = format!("{url}/v1/traces");
    let env = [
        ("LATCHKEY_LOG", "trace"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", url.as_str()),
        ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces_url.as_str()),
    ];
    let (mut server, base) = serve(dir.path(), &client_config(), &env);
    login(&mut server, &base).await;
    stop(&mut server);
    assert!(
        received.try_recv().is_err(),
        "a span was sent with no [tracing] table"
    );
}
