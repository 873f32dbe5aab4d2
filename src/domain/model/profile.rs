//! What Auth0 keeps of a person beyond their login: the optional names and picture, and the
//! two metadata objects (`app_metadata` for the operator's own use, `user_metadata` for the
//! user's preferences), with Auth0's rule for changing metadata.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A metadata object: JSON keys to any JSON values.
pub type Metadata = Map<String, Value>;

/// The profile fields a user has beside their login (stored as one JSON value).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Set by an operator; without it, Auth0's default (see `User::nickname`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub app_metadata: Metadata,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub user_metadata: Metadata,
}

/// The most a metadata object may hold, as Auth0 limits it (16 KB of JSON for
/// `user_metadata`; Latchkey applies the same to `app_metadata`).
pub const METADATA_MAX_BYTES: usize = 16 * 1024;

/// Auth0's metadata update: the patch's top-level keys replace the stored ones (one level
/// deep: a nested object is replaced whole, not merged), and a key set to `null` is
/// removed. The result must stay within [`METADATA_MAX_BYTES`].
pub fn merge_metadata(stored: &Metadata, patch: &Metadata) -> Result<Metadata, String> {
    let mut merged = stored.clone();
    for (key, value) in patch {
        if value.is_null() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    check_metadata(&merged)?;
    Ok(merged)
}

/// A metadata object as given at creation: no `null` values kept, within the size.
pub fn new_metadata(given: &Metadata) -> Result<Metadata, String> {
    merge_metadata(&Metadata::new(), given)
}

fn check_metadata(m: &Metadata) -> Result<(), String> {
    let size = serde_json::to_vec(m).map(|v| v.len()).unwrap_or(usize::MAX);
    if size > METADATA_MAX_BYTES {
        return Err(format!(
            "metadata must be at most {METADATA_MAX_BYTES} bytes of JSON (got {size})"
        ));
    }
    Ok(())
}

/// Checks a profile text field (a name, nickname or picture URL): at most 300 characters,
/// no control characters. `None` and an empty text both clear the field.
pub fn profile_text(field: &str, value: Option<&str>) -> Result<Option<String>, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > 300 {
        return Err(format!("{field} must be at most 300 characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field} must not contain control characters"));
    }
    if field == "picture" && !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err("picture must be an http(s) URL".into());
    }
    Ok(Some(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Metadata {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn metadata_merges_one_level_deep_and_null_removes() {
        let stored = map(json!({"plan": "gold", "prefs": {"theme": "dark", "lang": "fr"}, "n": 1}));
        let patch = map(json!({"prefs": {"theme": "light"}, "n": null, "new": [1, 2]}));
        assert_eq!(
            merge_metadata(&stored, &patch),
            Ok(map(
                json!({"plan": "gold", "prefs": {"theme": "light"}, "new": [1, 2]})
            ))
        );
        assert_eq!(
            merge_metadata(&stored, &Metadata::new()),
            Ok(stored.clone())
        );
        assert_eq!(
            new_metadata(&map(json!({"a": null, "b": 2}))),
            Ok(map(json!({"b": 2})))
        );
    }

    #[test]
    fn metadata_stays_within_its_size() {
        let big = map(json!({"blob": "x".repeat(METADATA_MAX_BYTES)}));
        assert!(new_metadata(&big).is_err());
        let fits = map(json!({"blob": "x".repeat(METADATA_MAX_BYTES - 20)}));
        assert!(new_metadata(&fits).is_ok());
    }

    #[test]
    fn profile_texts_are_checked() {
        assert_eq!(
            profile_text("given_name", Some("  Ann ")),
            Ok(Some("Ann".into()))
        );
        assert_eq!(profile_text("given_name", Some("")), Ok(None));
        assert!(profile_text("given_name", Some("a\u{7}b")).is_err());
        assert!(profile_text("nickname", Some(&"n".repeat(301))).is_err());
        assert!(profile_text("picture", Some("javascript:alert(1)")).is_err());
        assert!(profile_text("picture", Some("https://cdn.example/a.png")).is_ok());
    }

    #[test]
    fn a_profile_round_trips_as_stored_json() {
        let p = Profile {
            given_name: Some("Ann".into()),
            app_metadata: map(json!({"plan": "gold"})),
            ..Profile::default()
        };
        let stored = serde_json::to_string(&p).unwrap_or_default();
        assert_eq!(
            stored,
            r#"{"given_name":"Ann","app_metadata":{"plan":"gold"}}"#
        );
        assert_eq!(serde_json::from_str::<Profile>(&stored).ok(), Some(p));
        assert_eq!(
            serde_json::from_str::<Profile>("{}").ok(),
            Some(Profile::default())
        );
    }
}
