//! The log filter: `LATCHKEY_LOG` chooses the levels, and third-party crates' protocol
//! logging stays capped at `info` whatever it says, because at `debug` and `trace` those
//! crates write what goes over the wire: lettre the whole SMTP dialogue (the `AUTH` line with
//! the password, every email with its code or link), sqlx its statements, hyper and rustls
//! their connection events. `LATCHKEY_LOG_PROTOCOL=1` lifts the cap for debugging a provider,
//! and the server then warns at start that its log may carry secrets.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Directive;

/// The variable holding the log filter (`info`, `debug`, `debug,latchkey=trace`…).
pub const LOG_VAR: &str = "LATCHKEY_LOG";
/// Set to `1` to let the crates in [`PROTOCOL_CRATES`] log below `info`.
pub const PROTOCOL_VAR: &str = "LATCHKEY_LOG_PROTOCOL";

/// Targets (prefixes of module paths) whose `debug` and `trace` lines are protocol traffic:
/// SMTP, SQL, HTTP/1 and HTTP/2, TLS, QUIC, WebAuthn and OTLP export internals (which can log
/// a collector's response). `info` and above (their warnings and errors) always pass.
pub const PROTOCOL_CRATES: &[&str] = &[
    "lettre",
    "sqlx",
    "hyper",
    "h2",
    "reqwest",
    "rustls",
    "tokio_rustls",
    "quinn",
    "axum",
    "webauthn",
    "crypto_glue",
    "opentelemetry",
];

/// Whether `LATCHKEY_LOG_PROTOCOL` opts in to protocol logging (`1`, `true`, `yes`, `on`).
pub fn protocol_opted_in(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

/// The filter for `spec` (the value of `LATCHKEY_LOG`, `info` when unset or unreadable):
/// unless `protocol`, each protocol crate is capped at `info`, even where `spec` names it.
pub fn filter(spec: Option<&str>, protocol: bool) -> EnvFilter {
    let mut filter = spec
        .and_then(|s| EnvFilter::try_new(s).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    if !protocol {
        for target in PROTOCOL_CRATES {
            // Added after the spec's own directives, so it replaces any for the same target.
            if let Ok(cap) = format!("{target}=info").parse::<Directive>() {
                filter = filter.add_directive(cap);
            }
        }
    }
    filter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_crates_are_capped_unless_opted_in() {
        let capped = filter(Some("trace,lettre=trace"), false).to_string();
        assert!(capped.contains("lettre=info"), "{capped}");
        assert!(capped.contains("sqlx=info"), "{capped}");
        assert!(!capped.contains("lettre=trace"), "{capped}");
        let open = filter(Some("trace,lettre=trace"), true).to_string();
        assert!(open.contains("lettre=trace"), "{open}");
        assert!(!open.contains("sqlx=info"), "{open}");
    }

    #[test]
    fn an_unreadable_spec_falls_back_to_info() {
        let f = filter(Some("=[not a filter"), false).to_string();
        assert!(f.contains("info"), "{f}");
    }

    #[test]
    fn opting_in_takes_a_clear_yes() {
        assert!(protocol_opted_in(Some("1")));
        assert!(protocol_opted_in(Some(" TRUE ")));
        assert!(!protocol_opted_in(Some("0")));
        assert!(!protocol_opted_in(Some("")));
        assert!(!protocol_opted_in(None));
    }
}
