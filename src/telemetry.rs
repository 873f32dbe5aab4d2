//! OpenTelemetry traces over OTLP/HTTP (protobuf), off unless the `[tracing]` table names a
//! collector: its configuration, the exporter and the `tracing` layer that feeds it, and the
//! server span each request runs in.
//!
//! What is exported is an allow-list, so a span added later is not sent anywhere until it is
//! named into it (and its fields audited): only spans (never log events, which carry the
//! development codes), only Latchkey's own, and only those named `http.server` (one per
//! request: method, route template, status; never the path or the query), `store.<method>`
//! and `delivery.<channel>` (their provider's name; never the message, recipient or code).
//! The per-layer filter is independent of `LATCHKEY_LOG`, so spans export at any log level,
//! and no third-party protocol crate's span is ever exported.

use axum::http::{Method, Uri};
use opentelemetry::trace::{TraceContextExt as _, TracerProvider as _};
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::trace::SdkTracerProvider;
use serde::Deserialize;
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::Layer;
use tracing_subscriber::registry::LookupSpan;

use crate::config::ConfigError;

/// The service name traces carry unless `[tracing] service_name` says otherwise.
pub const DEFAULT_SERVICE_NAME: &str = "latchkey";
/// Where traces go under the configured endpoint (OTLP/HTTP's path for traces).
pub const TRACES_PATH: &str = "/v1/traces";
/// The span names exported (a name is exported when it is one of these or starts with one
/// ending in `.`).
const EXPORTED_SPANS: &[&str] = &["http.server", "store.", "delivery."];

/// `[tracing]` as written.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TracingConfig {
    /// The collector's OTLP/HTTP base URL (`http://127.0.0.1:4318`); traces are POSTed to
    /// `<otlp_endpoint>/v1/traces`. Absent: nothing is exported.
    pub otlp_endpoint: Option<String>,
    pub service_name: Option<String>,
}

/// Where traces go, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracingSettings {
    /// The full URL spans are POSTed to.
    pub traces_url: String,
    pub service_name: String,
}

impl TracingConfig {
    /// `None` when no endpoint is configured (tracing is off).
    pub fn resolve(self) -> Result<Option<TracingSettings>, ConfigError> {
        let service_name = match self.service_name {
            Some(name) if name.trim().is_empty() || name.len() > 255 => {
                return Err(ConfigError(
                    "tracing.service_name: must be 1 to 255 characters".into(),
                ));
            }
            Some(name) => name,
            None => DEFAULT_SERVICE_NAME.to_string(),
        };
        let Some(endpoint) = self.otlp_endpoint else {
            return Ok(None);
        };
        let traces_url = traces_url(&endpoint).map_err(|why| {
            ConfigError(format!(
                "tracing.otlp_endpoint: {endpoint:?} {why} (e.g. \"http://127.0.0.1:4318\")"
            ))
        })?;
        Ok(Some(TracingSettings {
            traces_url,
            service_name,
        }))
    }
}

/// `<endpoint>/v1/traces`, or why `endpoint` is not a collector's base URL.
fn traces_url(endpoint: &str) -> Result<String, &'static str> {
    let uri: Uri = endpoint.parse().map_err(|_| "is not a URL")?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) {
        return Err("must be an http:// or https:// URL");
    }
    let Some(authority) = uri.authority() else {
        return Err("has no host");
    };
    if authority.host().is_empty() {
        return Err("has no host");
    }
    // The URL is named in the start-up log: credentials go in OTEL_EXPORTER_OTLP_HEADERS.
    if authority.as_str().contains('@') {
        return Err("must not carry a user name or password");
    }
    if uri.query().is_some() || endpoint.contains('#') {
        return Err("must have no query or fragment");
    }
    Ok(format!("{}{TRACES_PATH}", endpoint.trim_end_matches('/')))
}

/// The exporter's handle: shutting it down sends the spans still queued.
pub struct Tracing {
    provider: SdkTracerProvider,
}

impl Tracing {
    /// Sends what is queued and stops the exporter; blocks until the collector answered
    /// (or the export timed out).
    pub fn shutdown(&self) {
        if let Err(e) = self.provider.shutdown() {
            tracing::warn!(error = %e, "traces not all sent at shutdown");
        }
    }
}

/// The layer exporting the allowed spans to `settings`' collector, and its handle.
pub fn layer<S>(settings: &TracingSettings) -> anyhow::Result<(impl Layer<S>, Tracing)>
where
    S: tracing::Subscriber + for<'span> LookupSpan<'span>,
{
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(settings.traces_url.clone())
        .build()?;
    let provider = SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(
            Resource::builder()
                .with_service_name(settings.service_name.clone())
                .build(),
        )
        .build();
    let tracer = provider.tracer("latchkey");
    let layer = tracing_opentelemetry::layer()
        .with_tracer(tracer)
        .with_filter(tracing_subscriber::filter::filter_fn(exported));
    Ok((layer, Tracing { provider }))
}

/// Whether a callsite is one of the spans this module exports.
fn exported(meta: &tracing::Metadata<'_>) -> bool {
    let ours = meta.target() == "latchkey" || meta.target().starts_with("latchkey::");
    let name = meta.name();
    meta.is_span()
        && ours
        && EXPORTED_SPANS
            .iter()
            .any(|e| name == *e || (e.ends_with('.') && name.starts_with(e)))
}

/// The span a request is served in, exported as OpenTelemetry's server span. At `trace`
/// level so the log shows it only when asked for everything; the exporter's filter takes it
/// whatever the log level. Its name becomes `METHOD /route/{template}` once the route is
/// known ([`record_response`]).
pub fn server_span(method: &Method) -> tracing::Span {
    let method = known_method(method);
    tracing::trace_span!(
        "http.server",
        otel.name = method,
        otel.kind = "server",
        otel.status_code = Empty,
        http.request.method = method,
        http.route = Empty,
        http.response.status_code = Empty,
    )
}

/// Names the server span after its route template (`None`: no route matched, and the name
/// stays the method) and records the response status.
pub fn record_response(span: &tracing::Span, method: &Method, route: Option<&str>, status: u16) {
    let method = known_method(method);
    if let Some(route) = route {
        span.record("http.route", route);
        // Not `otel.name`: the bridge reads that only until the span has started, which
        // it has (the request ran in it). Without an exporter this is a no-op.
        span.context()
            .span()
            .update_name(format!("{method} {route}"));
    }
    span.record("http.response.status_code", i64::from(status));
    if status >= 500 {
        span.record("otel.status_code", "ERROR");
    }
}

/// The method as OpenTelemetry's conventions name it: a client's own extension method is
/// `_OTHER`, so no text of its choosing reaches the collector.
fn known_method(method: &Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "_OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(endpoint: Option<&str>) -> Result<Option<TracingSettings>, ConfigError> {
        TracingConfig {
            otlp_endpoint: endpoint.map(str::to_string),
            service_name: None,
        }
        .resolve()
    }

    #[test]
    fn no_endpoint_means_no_tracing() {
        assert_eq!(resolve(None).ok(), Some(None));
    }

    #[test]
    fn traces_go_under_the_endpoint() {
        let settings = resolve(Some("http://127.0.0.1:4318/")).ok().flatten();
        assert_eq!(
            settings,
            Some(TracingSettings {
                traces_url: "http://127.0.0.1:4318/v1/traces".into(),
                service_name: "latchkey".into(),
            })
        );
        let prefixed = resolve(Some("https://collector.example/otlp"))
            .ok()
            .flatten();
        assert_eq!(
            prefixed.map(|s| s.traces_url).as_deref(),
            Some("https://collector.example/otlp/v1/traces")
        );
    }

    #[test]
    fn a_bad_endpoint_is_refused_naming_the_key() {
        for bad in [
            "127.0.0.1:4318",
            "ftp://collector",
            "http://",
            "http://user:pw@collector:4318",
            "http://collector:4318/?token=x",
            "not a url",
        ] {
            let e = resolve(Some(bad)).err().map(|e| e.0).unwrap_or_default();
            assert!(e.starts_with("tracing.otlp_endpoint: "), "{bad}: {e}");
        }
        let blank = TracingConfig {
            otlp_endpoint: None,
            service_name: Some(" ".into()),
        }
        .resolve();
        assert!(blank.is_err_and(|e| e.0.starts_with("tracing.service_name")));
    }

    #[test]
    fn extension_methods_are_not_named() {
        assert_eq!(known_method(&Method::POST), "POST");
        let custom = Method::from_bytes(b"SECRET123").ok();
        assert_eq!(custom.as_ref().map(known_method), Some("_OTHER"));
    }
}
