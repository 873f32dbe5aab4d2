//! The tenant's settings as operators change them (`/api/v2/tenants/settings`, Auth0's
//! shape): which fields a `PATCH` may carry and what each must be (the rule, [`merge`], is
//! pure), kept as one JSON object in the settings store, and read back (through a short
//! memory) by what uses them: the token requests that name no audience, the hosted-login
//! session, the hosted page and the message templates.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::model::{PAGE_LOCALES, TenantSettings};

/// The settings store's key.
const KEY: &str = "tenant_settings";
/// The most the stored object may weigh, in bytes of JSON.
const MAX_BYTES: usize = 64 * 1024;
/// A session lifetime, in minutes: at least one, at most a year.
const MAX_MINUTES: f64 = 365.0 * 24.0 * 60.0;

/// What a field of the settings must be.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    /// An absolute http(s) URL, or empty.
    Url,
    /// An absolute https URL, or empty.
    HttpsUrl,
    /// An email address, or empty.
    Email,
    /// At most 8 characters (Auth0's `sandbox_version`).
    Short,
    OneOf(&'static [&'static str]),
    /// A lifetime in hours (a number: Auth0 shows fractions of hours).
    Hours,
    /// The same lifetime in whole minutes: what auth0-deploy-cli sends instead of hours,
    /// stored as the hours field it names.
    Minutes(&'static str),
    Strings,
    /// Auth0's `enabled_locales`: languages the pages speak.
    Locales,
    Flag,
    /// Auth0's `flags`: an object of booleans, merged flag by flag.
    Flags,
    /// An object Latchkey keeps but does not act on (page settings, cookie and logout
    /// options, …), replaced whole.
    Object,
}

/// Every field a `PATCH` may carry: Auth0's `UpdateTenantSettingsRequestContent`, plus what
/// Auth0's own answers and tools carry beyond it (`universal_login`, the `*_in_minutes`
/// lifetimes of auth0-deploy-cli).
const FIELDS: &[(&str, Kind)] = &[
    ("friendly_name", Kind::Text),
    ("picture_url", Kind::Url),
    ("support_email", Kind::Email),
    ("support_url", Kind::Url),
    ("default_audience", Kind::Text),
    ("default_directory", Kind::Text),
    ("default_redirection_uri", Kind::HttpsUrl),
    ("sandbox_version", Kind::Short),
    ("legacy_sandbox_version", Kind::Short),
    ("session_lifetime", Kind::Hours),
    ("idle_session_lifetime", Kind::Hours),
    ("ephemeral_session_lifetime", Kind::Hours),
    ("idle_ephemeral_session_lifetime", Kind::Hours),
    (
        "session_lifetime_in_minutes",
        Kind::Minutes("session_lifetime"),
    ),
    (
        "idle_session_lifetime_in_minutes",
        Kind::Minutes("idle_session_lifetime"),
    ),
    (
        "ephemeral_session_lifetime_in_minutes",
        Kind::Minutes("ephemeral_session_lifetime"),
    ),
    (
        "idle_ephemeral_session_lifetime_in_minutes",
        Kind::Minutes("idle_ephemeral_session_lifetime"),
    ),
    ("enabled_locales", Kind::Locales),
    ("allowed_logout_urls", Kind::Strings),
    ("acr_values_supported", Kind::Strings),
    ("flags", Kind::Flags),
    (
        "resource_parameter_profile",
        Kind::OneOf(&["audience", "compatibility"]),
    ),
    (
        "dynamic_client_registration_security_mode",
        Kind::OneOf(&["strict", "permissive"]),
    ),
    ("allow_organization_name_in_authentication_api", Kind::Flag),
    ("customize_mfa_in_postlogin_action", Kind::Flag),
    ("pushed_authorization_requests_supported", Kind::Flag),
    ("authorization_response_iss_parameter_supported", Kind::Flag),
    (
        "skip_non_verifiable_callback_uri_confirmation_prompt",
        Kind::Flag,
    ),
    ("client_id_metadata_document_supported", Kind::Flag),
    ("enable_ai_guide", Kind::Flag),
    ("phone_consolidated_experience", Kind::Flag),
    ("change_password", Kind::Object),
    ("guardian_mfa_page", Kind::Object),
    ("error_page", Kind::Object),
    ("device_flow", Kind::Object),
    ("default_token_quota", Kind::Object),
    ("session_cookie", Kind::Object),
    ("sessions", Kind::Object),
    ("oidc_logout", Kind::Object),
    ("mtls", Kind::Object),
    ("universal_login", Kind::Object),
];

/// Read-only fields a client may send back from a `GET` (they are computed): ignored.
const READ_ONLY: &[&str] = &["sandbox_versions_available"];

fn refused(field: &str, why: impl std::fmt::Display) -> String {
    format!("Payload validation error: {field} {why}")
}

fn absolute_url(v: &str, https_only: bool) -> bool {
    let https = v
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"));
    crate::domain::model::origin_of(v).is_some()
        && (https || !https_only)
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A lifetime of whole minutes as Auth0 shows it: whole hours as an integer, else the
/// fraction (181 minutes are 3.0166666666666666 hours).
fn hours_value(minutes: i64) -> Value {
    if minutes % 60 == 0 {
        Value::from(minutes / 60)
    } else {
        Value::from(minutes as f64 / 60.0)
    }
}

/// The stored value of `field` given as `value` (`None` removes it), or why it is refused.
fn checked(field: &str, kind: Kind, value: &Value) -> Result<Value, String> {
    let text = || {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| refused(field, "must be a string"))
    };
    match kind {
        Kind::Text => {
            let t = text()?;
            if t.chars().count() > 255 || t.chars().any(char::is_control) {
                return Err(refused(
                    field,
                    "must be at most 255 characters, on one line",
                ));
            }
            Ok(Value::String(t))
        }
        Kind::Url | Kind::HttpsUrl => {
            let t = text()?;
            let https = matches!(kind, Kind::HttpsUrl);
            if !t.is_empty() && (t.len() > 2048 || !absolute_url(&t, https)) {
                let what = if https { "https" } else { "http(s)" };
                return Err(refused(
                    field,
                    format!("must be an absolute {what} URL or empty"),
                ));
            }
            Ok(Value::String(t))
        }
        Kind::Email => {
            let t = text()?;
            if !t.is_empty() && crate::domain::email_address::parse_address(&t).is_err() {
                return Err(refused(field, "must be an email address or empty"));
            }
            Ok(Value::String(t))
        }
        Kind::Short => {
            let t = text()?;
            if t.chars().count() > 8 {
                return Err(refused(field, "must be at most 8 characters"));
            }
            Ok(Value::String(t))
        }
        Kind::OneOf(allowed) => {
            let t = text()?;
            if !allowed.contains(&t.as_str()) {
                return Err(refused(
                    field,
                    format!("must be one of {}", allowed.join(", ")),
                ));
            }
            Ok(Value::String(t))
        }
        Kind::Hours => {
            let hours = value
                .as_f64()
                .ok_or_else(|| refused(field, "must be a number of hours"))?;
            let minutes = (hours * 60.0).round();
            if !(1.0..=MAX_MINUTES).contains(&minutes) {
                return Err(refused(field, "must be 1 minute to 8760 hours"));
            }
            Ok(hours_value(minutes as i64))
        }
        Kind::Minutes(_) => {
            let minutes = value
                .as_i64()
                .ok_or_else(|| refused(field, "must be a whole number of minutes"))?;
            if !(1..=MAX_MINUTES as i64).contains(&minutes) {
                return Err(refused(field, "must be 1 to 525600 minutes"));
            }
            Ok(hours_value(minutes))
        }
        Kind::Strings | Kind::Locales => {
            let items = value
                .as_array()
                .ok_or_else(|| refused(field, "must be an array of strings"))?;
            for (i, item) in items.iter().enumerate() {
                let Some(s) = item.as_str() else {
                    return Err(refused(field, "must be an array of strings"));
                };
                if matches!(kind, Kind::Locales) && !PAGE_LOCALES.contains(&s) {
                    return Err(refused(
                        &format!("{field}[{i}]"),
                        format!(
                            "{s:?} is not a language the hosted pages speak ({})",
                            PAGE_LOCALES.join(", ")
                        ),
                    ));
                }
            }
            if matches!(kind, Kind::Locales) && items.is_empty() {
                return Err(refused(field, "must name at least one language"));
            }
            Ok(value.clone())
        }
        Kind::Flag => match value {
            Value::Bool(_) => Ok(value.clone()),
            _ => Err(refused(field, "must be a boolean")),
        },
        Kind::Flags | Kind::Object => {
            let object = value
                .as_object()
                .ok_or_else(|| refused(field, "must be an object"))?;
            if matches!(kind, Kind::Flags)
                && let Some((name, _)) = object.iter().find(|(_, v)| !v.is_boolean())
            {
                return Err(refused(&format!("{field}.{name}"), "must be a boolean"));
            }
            Ok(value.clone())
        }
    }
}

/// Auth0's `PATCH`: each field given replaces the stored one (`null` removes it, so its
/// default shows again); `flags` are merged one by one; a `*_in_minutes` lifetime sets its
/// hours field. An unknown field, or a value of the wrong type or out of range, refuses
/// the whole change, naming the field.
pub fn merge(
    stored: &TenantSettings,
    patch: &Map<String, Value>,
) -> Result<TenantSettings, String> {
    let mut out = stored.0.clone();
    for (field, value) in patch {
        if READ_ONLY.contains(&field.as_str()) {
            continue;
        }
        let Some((_, kind)) = FIELDS.iter().find(|(name, _)| name == field) else {
            return Err(format!(
                "Payload validation error: 'Additional properties not allowed: {field}'."
            ));
        };
        let target = match kind {
            Kind::Minutes(hours_field) => *hours_field,
            _ => field.as_str(),
        };
        if value.is_null() {
            out.remove(target);
            continue;
        }
        let value = checked(field, *kind, value)?;
        match (kind, out.get_mut(target), value) {
            (Kind::Flags, Some(Value::Object(current)), Value::Object(given)) => {
                current.extend(given);
            }
            (_, _, value) => {
                out.insert(target.to_string(), value);
            }
        }
    }
    let size = serde_json::to_vec(&out)
        .map(|v| v.len())
        .unwrap_or(usize::MAX);
    if size > MAX_BYTES {
        return Err(format!(
            "Payload validation error: the settings may weigh at most {MAX_BYTES} bytes"
        ));
    }
    Ok(TenantSettings(out))
}

/// The stored settings, read through the core's short memory (a change made on another
/// instance shows within seconds; one made here, at once).
pub async fn tenant(core: &Core) -> Result<Arc<TenantSettings>, DomainError> {
    let now = core.clock.now();
    if let Some(settings) = core.recent_tenant.get("", now) {
        return Ok(settings);
    }
    let settings = Arc::new(read(core).await?);
    core.recent_tenant.put("", now, settings.clone());
    Ok(settings)
}

async fn read(core: &Core) -> Result<TenantSettings, DomainError> {
    let Some(json) = core.store.setting(KEY).await? else {
        return Ok(TenantSettings::default());
    };
    object(&json)
        .ok_or_else(|| DomainError::internal("the stored tenant settings are not an object"))
}

/// Stored settings as written: a JSON object, or nothing when it is not one.
fn object(json: &str) -> Option<TenantSettings> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => Some(TenantSettings(map)),
        _ => None,
    }
}

/// Applies an operator's `PATCH` in one store transaction and returns the settings.
pub async fn update(
    core: &Core,
    patch: &Map<String, Value>,
) -> Result<TenantSettings, DomainError> {
    if patch.is_empty() {
        return Err(DomainError::InvalidRequest(
            "Payload validation error: 'Too few properties defined (0), minimum 1'.".into(),
        ));
    }
    let default_audience = patch
        .get("default_audience")
        .and_then(Value::as_str)
        .filter(|a| !a.is_empty());
    if let Some(audience) = default_audience
        && !super::client_grants::known_audience(core, audience).await?
    {
        return Err(DomainError::InvalidRequest(format!(
            "Payload validation error: default_audience {audience:?} is not the identifier of an API"
        )));
    }
    let rule = |stored: &str| -> Result<String, String> {
        let stored = object(stored).unwrap_or_default();
        let merged = merge(&stored, patch)?;
        serde_json::to_string(&Value::Object(merged.0)).map_err(|e| e.to_string())
    };
    let saved = core
        .store
        .edit_setting(KEY, "{}", &rule, core.clock.now())
        .await?
        .map_err(DomainError::InvalidRequest)?;
    core.recent_tenant.forget("");
    object(&saved)
        .ok_or_else(|| DomainError::internal("the saved tenant settings are not an object"))
}

/// The audience of a token request: the one it names, else the tenant's `default_audience`
/// (Auth0's rule), as long as that still names an API.
pub async fn audience_or_default(
    core: &Core,
    asked: Option<String>,
) -> Result<Option<String>, DomainError> {
    if let Some(a) = asked.filter(|a| !a.is_empty()) {
        return Ok(Some(a));
    }
    let settings = tenant(core).await?;
    let Some(default) = settings.default_audience() else {
        return Ok(None);
    };
    if super::client_grants::known_audience(core, default).await? {
        Ok(Some(default.to_string()))
    } else {
        // The API was removed after it was made the default: the request goes on as one
        // without an audience rather than failing every login.
        tracing::warn!(audience = %default, "the tenant's default_audience names no API; ignored");
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn a_patch_replaces_fields_merges_flags_and_null_removes() {
        let stored = merge(
            &TenantSettings::default(),
            &patch(json!({
                "friendly_name": "Acme",
                "flags": {"enable_sso": true, "universal_login": true},
                "universal_login": {"colors": {"primary": "#F8F8F2"}},
                "support_url": "https://acme.example/help",
            })),
        )
        .unwrap();
        let next = merge(
            &stored,
            &patch(json!({
                "flags": {"enable_sso": false},
                "universal_login": {"colors": {"page_background": "#222221"}},
                "support_url": null,
                "sandbox_versions_available": ["22"],
            })),
        )
        .unwrap();
        assert_eq!(
            Value::Object(next.0),
            json!({
                "friendly_name": "Acme",
                "flags": {"enable_sso": false, "universal_login": true},
                "universal_login": {"colors": {"page_background": "#222221"}},
            })
        );
    }

    #[test]
    fn minutes_set_the_hours_field_as_auth0_shows_it() {
        let s = merge(
            &TenantSettings::default(),
            &patch(json!({"session_lifetime_in_minutes": 181, "idle_session_lifetime": 1})),
        )
        .unwrap();
        assert_eq!(s.0["session_lifetime"], json!(3.0166666666666666));
        assert_eq!(s.0["idle_session_lifetime"], json!(1));
        assert!(!s.0.contains_key("session_lifetime_in_minutes"));
        assert_eq!(s.session_lifetime(), 181 * 60);
    }

    #[test]
    fn wrong_values_are_refused_with_the_field_named() {
        let cases = [
            (
                json!({"friendly_name": 3}),
                "friendly_name must be a string",
            ),
            (
                json!({"picture_url": "not a url"}),
                "picture_url must be an absolute http(s) URL",
            ),
            (
                json!({"default_redirection_uri": "http://a.example/"}),
                "must be an absolute https URL",
            ),
            (
                json!({"support_email": "nobody"}),
                "support_email must be an email address",
            ),
            (
                json!({"session_lifetime": 0}),
                "session_lifetime must be 1 minute",
            ),
            (
                json!({"session_lifetime": "168"}),
                "must be a number of hours",
            ),
            (
                json!({"idle_session_lifetime_in_minutes": 2.5}),
                "whole number of minutes",
            ),
            (
                json!({"enabled_locales": ["en", "sw"]}),
                "enabled_locales[1] \"sw\" is not a language",
            ),
            (json!({"enabled_locales": []}), "at least one language"),
            (
                json!({"flags": {"enable_sso": "yes"}}),
                "flags.enable_sso must be a boolean",
            ),
            (json!({"flags": true}), "flags must be an object"),
            (
                json!({"sandbox_version": "123456789"}),
                "at most 8 characters",
            ),
            (
                json!({"resource_parameter_profile": "x"}),
                "must be one of audience, compatibility",
            ),
            (
                json!({"tenant_color": "red"}),
                "Additional properties not allowed: tenant_color",
            ),
        ];
        for (body, expected) in cases {
            let err = merge(&TenantSettings::default(), &patch(body.clone())).unwrap_err();
            assert!(err.contains(expected), "{body}: {err}");
        }
    }

    /// A whole export of a real tenant (auth0-deploy-cli's PATCH, from its recordings) is
    /// taken as it is.
    #[test]
    fn a_deploy_cli_import_is_taken_whole() {
        let body = json!({
            "allowed_logout_urls": ["https://mycompany.org/logoutCallback"],
            "client_id_metadata_document_supported": false,
            "enabled_locales": ["en"],
            "flags": {"allow_legacy_ro_grant_types": true, "change_pwd_flow_v1": false},
            "friendly_name": "My Test Tenant",
            "picture_url": "https://upload.wikimedia.org/wikipedia/commons/0/0d/Grandmas_marathon_finishers.png",
            "resource_parameter_profile": "audience",
            "sandbox_version": "12",
            "session_cookie": {"mode": "non-persistent"},
            "support_email": "support@mycompany.org",
            "support_url": "https://mycompany.org/support",
            "universal_login": {"colors": {"primary": "#F8F8F2", "page_background": "#222221"}},
            "session_lifetime_in_minutes": 181,
            "idle_session_lifetime_in_minutes": 60
        });
        let s = merge(&TenantSettings::default(), &patch(body)).unwrap();
        assert_eq!(s.friendly_name(), Some("My Test Tenant"));
        assert_eq!(s.idle_session_lifetime(), 3600);
        assert_eq!(s.0["session_cookie"], json!({"mode": "non-persistent"}));
    }
}
