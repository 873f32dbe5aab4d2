//! `latchkey config check`'s report: the configuration as the server would run it, defaults
//! and environment included, with every secret (the database password, the SMTP password,
//! Twilio tokens, client secrets) shown only as set.

use std::fmt::Write;

use super::Settings;
use crate::domain::connections::ConnectionOptions;
use crate::domain::ports::EmailRoute;

const MASK: &str = "********";

/// A URL with the password of its user part masked.
pub fn mask_url_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..authority_end].rfind('@') else {
        return url.to_string();
    };
    match rest[..at].split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:{MASK}{}", &rest[at..]),
        None => url.to_string(),
    }
}

fn set_or_not(value: Option<&str>) -> &'static str {
    match value {
        Some(v) if !v.is_empty() => MASK,
        _ => "(none)",
    }
}

/// The resolved configuration, one `key = value` a line.
pub fn describe(s: &Settings) -> String {
    let mut out = String::new();
    let issuer_from = if s.issuer_configured {
        "configured"
    } else {
        "from listen; other commands use the one the server last ran with"
    };
    let _ = writeln!(out, "issuer = {:?}   # {issuer_from}", s.issuer);
    let _ = writeln!(out, "listen = \"{}\"", s.listen);
    let _ = writeln!(
        out,
        "database_url = {:?}",
        mask_url_password(&s.database_url)
    );
    let _ = writeln!(out, "data_dir = {:?}", s.data_dir.display().to_string());
    let secret = s.secret_path();
    let secret_state = if secret.exists() {
        "present"
    } else {
        "absent: serve creates it on first run"
    };
    let _ = writeln!(
        out,
        "server_secret_file = {:?}   # {secret_state}",
        secret.display().to_string()
    );
    match &s.tls {
        Some(tls) => {
            let _ = writeln!(
                out,
                "tls_cert_file = {:?}\ntls_key_file = {:?}",
                tls.cert_file.display().to_string(),
                tls.key_file.display().to_string()
            );
        }
        None => out.push_str("# no TLS: plain HTTP\n"),
    }
    if let Some(redirect) = s.http_redirect_listen {
        let _ = writeln!(out, "http_redirect_listen = \"{redirect}\"");
    }
    let _ = writeln!(out, "log_format = {:?}", s.log_format);
    let _ = writeln!(out, "shutdown_delay_seconds = {}", s.shutdown_delay_seconds);
    let r = &s.rate_limits;
    let _ = writeln!(
        out,
        "rate_limits = {{ enabled = {}, start_per_ip = {}/{}, start_per_recipient = {}/{}, \
         token_per_ip = {}/{}, trusted_proxies = {:?} }}",
        r.enabled,
        r.start_per_ip.limit,
        r.start_per_ip.window,
        r.start_per_recipient.limit,
        r.start_per_recipient.window,
        r.token_per_ip.limit,
        r.token_per_ip.window,
        r.trusted_proxies
    );
    match &s.email_provider {
        EmailRoute::Log => {
            out.push_str("email_provider = \"log\"   # development: emails go to the log\n")
        }
        EmailRoute::Smtp(route) => {
            let _ = writeln!(
                out,
                "email_provider = {{ smtp_host = {:?}, smtp_port = {}, smtp_tls = {:?}, smtp_user = {:?}, smtp_pass = \"{}\", from = {:?} }}",
                route.host,
                route.port,
                route.tls,
                route.login.as_ref().map(|l| l.user.as_str()).unwrap_or(""),
                if route.login.is_some() {
                    MASK
                } else {
                    "(none)"
                },
                route.default_from
            );
        }
    }
    // Both Debug forms leave secrets out (the metrics token shows only as set).
    let _ = writeln!(out, "metrics = {:?}", s.metrics);
    let _ = writeln!(out, "tracing = {:?}", s.tracing);
    let _ = writeln!(out, "passkeys.enabled = {}", s.passkeys.enabled);
    let _ = writeln!(out, "admin.emails = {:?}", s.admin_emails);
    for api in &s.apis {
        let _ = writeln!(
            out,
            "[[apis]] identifier = {:?}, {} scopes",
            api.identifier,
            api.settings.scopes.as_ref().map_or(0, Vec::len)
        );
    }
    for c in &s.clients {
        let _ = writeln!(
            out,
            "[[clients]] client_id = {:?}, name = {:?}, client_secret = \"{}\", callbacks = {:?}",
            c.client_id,
            c.name,
            set_or_not(c.client_secret.as_deref()),
            c.callbacks
        );
    }
    for c in &s.connections {
        let line = match &c.options {
            ConnectionOptions::Sms(o) => format!(
                "strategy = \"sms\", provider = {:?}, twilio_sid = {:?}, twilio_token = \"{}\", from = {:?}, gateway_url = {:?}, gateway_authentication.secret = \"{}\", failover = {:?}",
                o.provider.as_str(),
                o.twilio_sid.as_deref().unwrap_or(""),
                set_or_not(o.twilio_token.as_deref()),
                o.from
                    .as_deref()
                    .or(o.messaging_service_sid.as_deref())
                    .unwrap_or(""),
                o.gateway_url.as_deref().unwrap_or(""),
                set_or_not(
                    o.gateway_authentication
                        .as_ref()
                        .and_then(|a| a.secret.as_deref())
                ),
                o.failover
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
            ),
            ConnectionOptions::Email(_) => "strategy = \"email\"".to_string(),
        };
        let _ = writeln!(out, "[[connections]] name = {:?}, {line}", c.name);
    }
    for g in &s.client_grants {
        let _ = writeln!(
            out,
            "[[client_grants]] client_id = {:?}, audience = {:?}, scope = {:?}",
            g.client_id, g.audience, g.scope
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_password_is_masked_and_nothing_else() {
        assert_eq!(
            mask_url_password("postgres://latchkey:s3cr%40t@db:5432/lk?sslmode=require"),
            "postgres://latchkey:********@db:5432/lk?sslmode=require"
        );
        assert_eq!(
            mask_url_password("postgres://latchkey@db/lk"),
            "postgres://latchkey@db/lk"
        );
        assert_eq!(
            mask_url_password("sqlite://data/latchkey.sqlite"),
            "sqlite://data/latchkey.sqlite"
        );
    }

    #[test]
    fn secrets_show_only_as_set() {
        let file = super::super::FileConfig::from_toml(
            r#"
            database_url = "postgres://u:db-password-1@db/lk"
            [email_provider]
            name = "smtp"
            default_from_address = "login@example.com"
            credentials = { smtp_host = "smtp.example.com", smtp_user = "u", smtp_pass = "smtp-password-2" }
            [[clients]]
            client_id = "app"
            name = "App"
            client_secret = "client-secret-3-long-enough"
            [[connections]]
            name = "sms"
            strategy = "sms"
            [connections.options]
            twilio_sid = "ACdeadbeefdeadbeefdeadbeefdeadbeef"
            twilio_token = "twilio-token-4"
            from = "+15005550006"
            "#,
        )
        .unwrap();
        let s = Settings::resolve(file, super::super::Overrides::default()).unwrap();
        let shown = describe(&s);
        for secret in [
            "db-password-1",
            "smtp-password-2",
            "client-secret-3",
            "twilio-token-4",
        ] {
            assert!(!shown.contains(secret), "{secret} in:\n{shown}");
        }
        assert_eq!(shown.matches(MASK).count(), 4, "{shown}");
        assert!(shown.contains("smtp.example.com"), "{shown}");
    }
}
