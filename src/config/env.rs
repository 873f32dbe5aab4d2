//! Environment variables: one list ([`KEYS`]) names every configuration key that is not part
//! of a list of tables, with its `LATCHKEY_*` variable and what it holds. The variables are
//! laid onto the file's TOML before it is read, so an environment value is checked exactly
//! as the same value written in the file, and the README's table is generated from the same
//! list (a test keeps the two equal). Secret values can also come from a file: `<VAR>_FILE`.

use super::{ConfigError, err};

/// How a variable's text becomes a TOML value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`).
    Flag,
    /// Comma-separated.
    List,
    /// A rate-limit rule: `<limit>/<window seconds>`, e.g. `50/3600`.
    Rule,
}

/// One configuration key as an environment variable.
#[derive(Debug, Clone, Copy)]
pub struct EnvKey {
    /// The key's dotted path in the file, e.g. `email_provider.credentials.smtp_host`.
    pub key: &'static str,
    pub kind: Kind,
    /// Its value may also be read from the file `<VAR>_FILE` names.
    pub secret: bool,
    pub meaning: &'static str,
}

const fn key(key: &'static str, kind: Kind, meaning: &'static str) -> EnvKey {
    EnvKey {
        key,
        kind,
        secret: false,
        meaning,
    }
}

const fn secret(key: &'static str, meaning: &'static str) -> EnvKey {
    EnvKey {
        key,
        kind: Kind::Text,
        secret: true,
        meaning,
    }
}

use Kind::{Flag, List, Number, Rule, Text};

/// Every key outside the lists of tables (`[[apis]]`, `[[clients]]`, `[[connections]]`,
/// `[[client_grants]]`, which are written in the file, the dashboard or the Management API).
pub const KEYS: &[EnvKey] = &[
    key("issuer", Text, "public base URL, the `iss` of every token"),
    key(
        "listen",
        Text,
        "address to listen on (`serve`, `healthcheck`)",
    ),
    secret("database_url", "`sqlite://…` or `postgres://…`"),
    key(
        "data_dir",
        Text,
        "folder for the SQLite database and the server secret",
    ),
    key(
        "server_secret_file",
        Text,
        "file holding the server secret (hex)",
    ),
    key("tls_cert_file", Text, "HTTPS certificate chain (PEM)"),
    key("tls_key_file", Text, "HTTPS private key (PEM)"),
    key(
        "http_redirect_listen",
        Text,
        "a plain-HTTP address that only redirects to the https issuer",
    ),
    key("log_format", Text, "`text` or `json`"),
    key(
        "shutdown_delay_seconds",
        Number,
        "seconds between SIGTERM (readiness off) and the drain",
    ),
    key("rate_limits.enabled", Flag, "the rate limits on or off"),
    key(
        "rate_limits.trusted_proxies",
        List,
        "proxies whose `X-Forwarded-For` is believed (CIDR)",
    ),
    key(
        "rate_limits.start_per_ip",
        Rule,
        "`/passwordless/start` per client IP",
    ),
    key(
        "rate_limits.start_per_recipient",
        Rule,
        "codes sent to one recipient",
    ),
    key(
        "rate_limits.start_min_gap",
        Number,
        "seconds between two codes to one recipient",
    ),
    key(
        "rate_limits.start_per_client",
        Rule,
        "`/passwordless/start` per application",
    ),
    key(
        "rate_limits.wrong_codes_per_recipient",
        Rule,
        "wrong codes for one recipient before logins lock",
    ),
    key(
        "rate_limits.token_per_ip",
        Rule,
        "`/oauth/token` and `/oauth/ro` per client IP",
    ),
    key(
        "rate_limits.passkey_per_ip",
        Rule,
        "passkey sign-in starts per client IP",
    ),
    key(
        "email_provider.name",
        Text,
        "`smtp`, or `log` (development)",
    ),
    key(
        "email_provider.default_from_address",
        Text,
        "the sender when a template names none",
    ),
    key(
        "email_provider.credentials.smtp_host",
        Text,
        "the SMTP relay's host",
    ),
    key(
        "email_provider.credentials.smtp_port",
        Number,
        "its port (default 587)",
    ),
    key(
        "email_provider.credentials.smtp_user",
        Text,
        "the SMTP login",
    ),
    secret("email_provider.credentials.smtp_pass", "the SMTP password"),
    key(
        "email_provider.credentials.smtp_tls",
        Text,
        "`starttls`, `tls` or `none`",
    ),
    key(
        "email_provider.credentials.smtp_ca_file",
        Text,
        "extra CA certificates to trust for the relay (PEM)",
    ),
    key("passkeys.enabled", Flag, "offer passkeys"),
    key(
        "passkeys.extra_origins",
        List,
        "more WebAuthn origins (Android apps)",
    ),
    key("admin.emails", List, "who may use the dashboard"),
    key(
        "tracing.otlp_endpoint",
        Text,
        "OTLP/HTTP collector to send traces to (off when unset)",
    ),
    key("tracing.service_name", Text, "`service.name` of the traces"),
    key(
        "metrics.listen",
        Text,
        "a plain-HTTP address serving only `GET /metrics`",
    ),
    key(
        "metrics.bearer_token_file",
        Text,
        "file holding the token `/metrics` on the main listener asks for",
    ),
];

/// The variable for a key: `LATCHKEY_` and the key in capitals, dots as underscores.
pub fn var_name(key: &str) -> String {
    format!("LATCHKEY_{}", key.replace('.', "_").to_ascii_uppercase())
}

/// Lays every variable `env` holds onto `table` (the file's TOML), replacing what the file
/// says. `env` reads one variable, so tests need not touch the process's environment.
pub fn apply(
    table: &mut toml::Table,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    for k in KEYS {
        let var = var_name(k.key);
        let direct = env(&var);
        let from_file = if k.secret {
            env(&format!("{var}_FILE"))
        } else {
            None
        };
        let text = match (direct, from_file) {
            (None, None) => continue,
            (Some(_), Some(_)) => {
                return Err(err(format!("{var} and {var}_FILE: give one or the other")));
            }
            (Some(text), None) => text,
            (None, Some(path)) => read_secret_file(&path)
                .map_err(|e| err(format!("{var}_FILE: cannot read {path}: {e}")))?,
        };
        let value = parse(k.kind, &text).map_err(|why| err(format!("{var}: {why}")))?;
        insert(table, k.key, value).map_err(|why| err(format!("{var}: {why}")))?;
    }
    Ok(())
}

/// A secret's file, without the line end editors and `echo` add.
pub fn read_secret_file(path: &str) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

fn parse(kind: Kind, text: &str) -> Result<toml::Value, String> {
    let text = text.trim();
    Ok(match kind {
        Kind::Text => toml::Value::String(text.to_string()),
        Kind::Number => toml::Value::Integer(
            text.parse()
                .map_err(|_| format!("{text:?} is not a whole number"))?,
        ),
        Kind::Flag => toml::Value::Boolean(match text.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => return Err(format!("{text:?} is not true or false")),
        }),
        Kind::List => toml::Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| toml::Value::String(s.to_string()))
                .collect(),
        ),
        Kind::Rule => {
            let (limit, window) = text
                .split_once('/')
                .and_then(|(l, w)| {
                    Some((l.trim().parse::<i64>().ok()?, w.trim().parse::<i64>().ok()?))
                })
                .ok_or_else(|| format!("{text:?} is not <limit>/<window seconds>, e.g. 50/3600"))?;
            let mut rule = toml::Table::new();
            rule.insert("limit".into(), limit.into());
            rule.insert("window".into(), window.into());
            toml::Value::Table(rule)
        }
    })
}

/// Sets `dotted` in `table`, making the tables on the way.
fn insert(table: &mut toml::Table, dotted: &str, value: toml::Value) -> Result<(), String> {
    let mut parts: Vec<&str> = dotted.split('.').collect();
    let last = parts.pop().unwrap_or(dotted);
    let mut at = table;
    for part in parts {
        let next = at
            .entry(part)
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        at = next
            .as_table_mut()
            .ok_or_else(|| format!("the file's {part} is not a table"))?;
    }
    at.insert(last.to_string(), value);
    Ok(())
}

/// The README's table of variables, generated from [`KEYS`].
pub fn markdown_table() -> String {
    let mut out = String::from("| Variable | Key | Value |\n|---|---|---|\n");
    out.push_str("| `LATCHKEY_CONFIG` | | the TOML configuration file |\n");
    for k in KEYS {
        let var = var_name(k.key);
        let name = if k.secret {
            format!("`{var}`, `{var}_FILE`")
        } else {
            format!("`{var}`")
        };
        let form = match k.kind {
            Kind::List => " (comma-separated)",
            Kind::Rule => " (`<limit>/<seconds>`)",
            _ => "",
        };
        out.push_str(&format!("| {name} | `{}` | {}{form} |\n", k.key, k.meaning));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{FileConfig, Overrides, Settings};
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    fn resolve(file: &str, pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut table: toml::Table = toml::from_str(file).map_err(|e| err(e.to_string()))?;
        apply(&mut table, &env_of(pairs))?;
        Settings::resolve(FileConfig::from_table(table)?, Overrides::default())
    }

    /// Every key of the list is one the file accepts: the list cannot name a key that is not
    /// there (a typo, a renamed field) without this failing.
    #[test]
    fn every_listed_key_is_a_key_the_file_accepts() {
        for k in KEYS {
            let sample = match k.kind {
                Kind::Text => "x",
                Kind::Number => "1",
                Kind::Flag => "true",
                Kind::List => "a,b",
                Kind::Rule => "5/60",
            };
            let mut table = toml::Table::new();
            apply(&mut table, &env_of(&[(&var_name(k.key), sample)])).unwrap();
            if let Err(e) = FileConfig::from_table(table)
                && e.0.contains("unknown field")
            {
                panic!("{}: {}", k.key, e.0);
            }
        }
    }

    #[test]
    fn variables_beat_the_file_and_are_checked_as_the_file_is() {
        let s = resolve(
            "log_format = \"text\"\nshutdown_delay_seconds = 3",
            &[
                ("LATCHKEY_LOG_FORMAT", "json"),
                ("LATCHKEY_RATE_LIMITS_START_PER_IP", "7/60"),
                ("LATCHKEY_ADMIN_EMAILS", "a@example.com, B@example.com"),
                ("LATCHKEY_PASSKEYS_ENABLED", "no"),
            ],
        )
        .unwrap();
        assert_eq!(s.log_format, super::super::LogFormat::Json);
        assert_eq!(s.shutdown_delay_seconds, 3);
        assert_eq!(s.rate_limits.start_per_ip.limit, 7);
        assert_eq!(s.admin_emails, ["a@example.com", "b@example.com"]);
        for (var, value, says) in [
            (
                "LATCHKEY_SHUTDOWN_DELAY_SECONDS",
                "soon",
                "LATCHKEY_SHUTDOWN_DELAY_SECONDS",
            ),
            (
                "LATCHKEY_SHUTDOWN_DELAY_SECONDS",
                "900",
                "shutdown_delay_seconds",
            ),
            ("LATCHKEY_LOG_FORMAT", "yaml", "yaml"),
            (
                "LATCHKEY_RATE_LIMITS_TOKEN_PER_IP",
                "lots",
                "LATCHKEY_RATE_LIMITS_TOKEN_PER_IP",
            ),
            (
                "LATCHKEY_PASSKEYS_ENABLED",
                "maybe",
                "LATCHKEY_PASSKEYS_ENABLED",
            ),
        ] {
            let e = resolve("", &[(var, value)]).unwrap_err().0;
            assert!(e.contains(says), "{var}={value}: {e}");
        }
    }

    #[test]
    fn a_secret_comes_from_its_file_without_the_line_end_but_not_from_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db-url");
        std::fs::write(&path, "postgres://u:pw@db.internal/latchkey\n").unwrap();
        let path = path.to_str().unwrap();
        let s = resolve("", &[("LATCHKEY_DATABASE_URL_FILE", path)]).unwrap();
        assert_eq!(s.database_url, "postgres://u:pw@db.internal/latchkey");
        let e = resolve(
            "",
            &[
                ("LATCHKEY_DATABASE_URL_FILE", path),
                ("LATCHKEY_DATABASE_URL", "sqlite://x"),
            ],
        )
        .unwrap_err()
        .0;
        assert!(e.contains("give one"), "{e}");
        let e = resolve("", &[("LATCHKEY_DATABASE_URL_FILE", "/nonexistent/url")])
            .unwrap_err()
            .0;
        assert!(
            e.contains("LATCHKEY_DATABASE_URL_FILE: cannot read /nonexistent/url"),
            "{e}"
        );
    }

    /// The README's table is this list's, so the two cannot drift.
    #[test]
    fn the_readme_lists_every_variable() {
        let readme = include_str!("../../README.md");
        let table = markdown_table();
        let start = readme.find("| Variable | Key | Value |").unwrap_or(0);
        let end = readme[start..]
            .find("\n\n")
            .map_or(readme.len(), |e| start + e + 1);
        assert!(
            readme[start..end] == table,
            "README.md's environment table is out of date; it should read:\n{table}"
        );
    }
}
