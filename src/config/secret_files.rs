//! Secrets kept out of the configuration file: wherever the file may hold `database_url`,
//! `smtp_pass`, `twilio_token`, `client_secret`, an SMS gateway's `secret`, `vonage_api_secret`
//! or MessageBird's `access_key`, it may instead
//! name a file holding it,
//! with the same key and `_file` (`twilio_token_file = "/run/secrets/twilio"`), as systemd
//! credentials, Docker and Kubernetes secrets are mounted. The file is read when the
//! configuration is, and its value is then checked as if it had been written in place.

use super::env::read_secret_file;
use super::{ConfigError, err};

/// The keys whose value may come from a `<key>_file`.
pub const SECRET_KEYS: &[&str] = &[
    "database_url",
    "smtp_pass",
    "twilio_token",
    "client_secret",
    "secret",
    "vonage_api_secret",
    "access_key",
];

/// Replaces every `<secret>_file` in `table` (and the tables and lists of tables under it)
/// with `<secret>` and the file's content; `at` is the path so far, for messages.
pub fn read_into(table: &mut toml::Table, at: &str) -> Result<(), ConfigError> {
    for name in SECRET_KEYS {
        let file_key = format!("{name}_file");
        let Some(value) = table.remove(&file_key) else {
            continue;
        };
        let shown = format!("{at}{file_key}");
        let path = value
            .as_str()
            .ok_or_else(|| err(format!("{shown}: must be a file path")))?;
        if table.contains_key(*name) {
            return Err(err(format!("{shown}: give {name} or {file_key}, not both")));
        }
        let secret =
            read_secret_file(path).map_err(|e| err(format!("{shown}: cannot read {path}: {e}")))?;
        table.insert(name.to_string(), toml::Value::String(secret));
    }
    for (key, value) in table.iter_mut() {
        match value {
            toml::Value::Table(inner) => read_into(inner, &format!("{at}{key}."))?,
            toml::Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    if let toml::Value::Table(inner) = item {
                        read_into(inner, &format!("{at}{key}[{i}]."))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `{path}` naming a file that holds `secret`, read as the loader reads it.
    fn read_with_file(text: &str, secret: &str) -> toml::Table {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        std::fs::write(&path, secret).unwrap();
        let text = text.replace("{path}", &format!("{:?}", path.display()));
        let mut table: toml::Table = toml::from_str(&text).unwrap();
        read_into(&mut table, "").unwrap();
        table
    }

    #[test]
    fn a_secret_file_anywhere_in_the_file_is_read_in_place() {
        let table = read_with_file(
            "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\n\
             twilio_token_file = {path}\n",
            "tok-from-file\r\n",
        );
        let options = &table["connections"][0]["options"];
        assert_eq!(options["twilio_token"].as_str(), Some("tok-from-file"));
        assert!(options.get("twilio_token_file").is_none());
    }

    #[test]
    fn a_gateway_secret_may_come_from_a_file() {
        let table = read_with_file(
            "[[connections]]\n[connections.options]\n[[connections.options.failover]]\n\
             name = \"b\"\n[connections.options.failover.gateway_authentication]\n\
             secret_file = {path}\n",
            "gw-secret-from-file\n",
        );
        let auth = &table["connections"][0]["options"]["failover"][0]["gateway_authentication"];
        assert_eq!(auth["secret"].as_str(), Some("gw-secret-from-file"));
    }

    #[test]
    fn refusals_name_the_key_where_it_is() {
        for (text, says) in [
            (
                "[email_provider.credentials]\nsmtp_pass = \"a\"\nsmtp_pass_file = \"/x\"",
                "email_provider.credentials.smtp_pass_file: give smtp_pass or smtp_pass_file",
            ),
            (
                "[[clients]]\nclient_secret_file = \"/nonexistent/secret\"",
                "clients[0].client_secret_file: cannot read /nonexistent/secret",
            ),
            (
                "database_url_file = 3",
                "database_url_file: must be a file path",
            ),
        ] {
            let mut table: toml::Table = toml::from_str(text).unwrap();
            let e = read_into(&mut table, "").unwrap_err().0;
            assert!(e.contains(says), "{e}");
        }
    }

    /// Files that are files by nature (a certificate, the server secret) stay paths.
    #[test]
    fn other_file_keys_are_left_alone() {
        let mut table: toml::Table =
            toml::from_str("tls_cert_file = \"/c.pem\"\nserver_secret_file = \"/s\"").unwrap();
        read_into(&mut table, "").unwrap();
        assert_eq!(table["tls_cert_file"].as_str(), Some("/c.pem"));
    }
}
