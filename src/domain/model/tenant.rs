//! The tenant's settings (Auth0's `/api/v2/tenants/settings`) as kept: one JSON object in
//! Auth0's shape, so what an export carries comes back as it went in, with typed readers
//! for the settings Latchkey acts on. What may be written is checked by
//! `domain::management::tenant_settings`.

use serde_json::{Map, Value};

/// Auth0's default `session_lifetime`: 7 days, in hours.
pub const DEFAULT_SESSION_HOURS: f64 = 168.0;
/// Auth0's default `idle_session_lifetime`: 3 days, in hours.
pub const DEFAULT_IDLE_SESSION_HOURS: f64 = 72.0;
/// The languages the hosted pages and the built-in emails speak, the default first.
pub const PAGE_LOCALES: &[&str] = &[
    "en", "fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar",
];

/// The stored settings object; absent keys have Auth0's (or Latchkey's) defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenantSettings(pub Map<String, Value>);

impl TenantSettings {
    /// A non-empty string setting.
    fn text(&self, key: &str) -> Option<&str> {
        self.0
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// The tenant's name for people (the hosted page, templates' `friendly_name`).
    pub fn friendly_name(&self) -> Option<&str> {
        self.text("friendly_name")
    }

    /// The tenant's logo, shown on the hosted page when the app has none of its own.
    pub fn picture_url(&self) -> Option<&str> {
        self.text("picture_url")
    }

    pub fn support_email(&self) -> Option<&str> {
        self.text("support_email")
    }

    pub fn support_url(&self) -> Option<&str> {
        self.text("support_url")
    }

    /// The API a token request that names no `audience` is for.
    pub fn default_audience(&self) -> Option<&str> {
        self.text("default_audience")
    }

    /// `session_lifetime` in seconds: how long a hosted-login session lives from the login.
    pub fn session_lifetime(&self) -> i64 {
        self.hours_in_seconds("session_lifetime", DEFAULT_SESSION_HOURS)
    }

    /// `idle_session_lifetime` in seconds: how long a session lives unused.
    pub fn idle_session_lifetime(&self) -> i64 {
        self.hours_in_seconds("idle_session_lifetime", DEFAULT_IDLE_SESSION_HOURS)
    }

    fn hours_in_seconds(&self, key: &str, default: f64) -> i64 {
        let hours = self
            .0
            .get(key)
            .and_then(Value::as_f64)
            .filter(|h| *h > 0.0)
            .unwrap_or(default);
        // Stored from whole minutes (see `tenant_settings`), so this is exact to the minute.
        ((hours * 60.0).round() as i64).max(1) * 60
    }

    /// The languages the hosted pages may speak, in the tenant's order (the first is the
    /// default); every language they speak when none is set.
    pub fn enabled_locales(&self) -> Vec<String> {
        let set: Vec<String> = self
            .0
            .get("enabled_locales")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .filter(|l| PAGE_LOCALES.contains(l))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if set.is_empty() {
            PAGE_LOCALES.iter().map(|l| l.to_string()).collect()
        } else {
            set
        }
    }

    /// The settings as `GET /api/v2/tenants/settings` shows them: what is stored, and the
    /// defaults of what Auth0 always shows.
    pub fn shown(&self) -> Map<String, Value> {
        let mut out = self.0.clone();
        let defaults = [
            (
                "session_lifetime",
                Value::from(DEFAULT_SESSION_HOURS as i64),
            ),
            (
                "idle_session_lifetime",
                Value::from(DEFAULT_IDLE_SESSION_HOURS as i64),
            ),
            ("enabled_locales", Value::from(self.enabled_locales())),
            ("flags", Value::Object(Map::new())),
        ];
        for (key, value) in defaults {
            out.entry(key).or_insert(value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn settings(v: Value) -> TenantSettings {
        match v {
            Value::Object(m) => TenantSettings(m),
            _ => TenantSettings::default(),
        }
    }

    #[test]
    fn absent_settings_have_auth0s_defaults() {
        let s = TenantSettings::default();
        assert_eq!(s.session_lifetime(), 168 * 3600);
        assert_eq!(s.idle_session_lifetime(), 72 * 3600);
        assert_eq!(s.enabled_locales(), PAGE_LOCALES);
        assert_eq!(s.friendly_name(), None);
        let shown = Value::Object(s.shown());
        assert_eq!(shown["session_lifetime"], json!(168));
        assert_eq!(shown["flags"], json!({}));
    }

    #[test]
    fn hours_are_read_to_the_minute_and_empty_texts_are_absent() {
        let s = settings(json!({
            "session_lifetime": 3.0166666666666666,
            "idle_session_lifetime": 1,
            "friendly_name": "",
            "support_email": "help@example.com",
            "enabled_locales": ["fr"],
        }));
        assert_eq!(s.session_lifetime(), 181 * 60);
        assert_eq!(s.idle_session_lifetime(), 3600);
        assert_eq!(s.friendly_name(), None);
        assert_eq!(s.support_email(), Some("help@example.com"));
        assert_eq!(s.enabled_locales(), vec!["fr"]);
        assert_eq!(
            Value::Object(s.shown())["session_lifetime"],
            json!(3.0166666666666666)
        );
    }
}
