//! An import's rows, as pure rules: the users file read (Auth0's import format, a JSON
//! array, or its export format, JSON lines), one row read into a [`UserCreate`] for the
//! connection, and a refused row's error in Auth0's shape. The user's own checks are the
//! users domain's ([`super::super::users::checked_user`]).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::management::users::UserCreate;
use crate::domain::model::{Metadata, Profile, Strategy};

/// One reason a row was refused (Auth0's `{code, message, path}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub code: &'static str,
    pub message: String,
    pub path: String,
}

impl RowError {
    fn new(code: &'static str, message: impl Into<String>, path: &str) -> Self {
        Self {
            code,
            message: message.into(),
            path: path.into(),
        }
    }
}

/// Auth0's code for a row whose id or login another user has.
pub const DUPLICATED_USER: &str = "DUPLICATED_USER";

/// Fields of Auth0's import format that carry passwords or other factors: a passwordless
/// server has nothing to do with them, so a row that has one is refused rather than
/// imported without it.
const REFUSED_FIELDS: &[&str] = &["password_hash", "custom_password_hash", "mfa_factors"];

/// The users of a file: a JSON array (Auth0's import format) or one JSON value per line
/// (Auth0's export format). `Err` says why the file is not one of them.
pub fn parse_users_file(text: &str) -> Result<Vec<Value>, String> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err("Users file must not be empty.".into());
    }
    if trimmed.starts_with('[') {
        return serde_json::from_str::<Vec<Value>>(trimmed)
            .map_err(|e| format!("Failed to parse users file JSON when importing users: {e}"));
    }
    trimmed
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str::<Value>(line).map_err(|e| {
                format!(
                    "Failed to parse users file JSON when importing users: line {}: {e}",
                    n + 1
                )
            })
        })
        .collect()
}

/// A string field, if present (`null` counts as absent).
fn text(row: &Map<String, Value>, key: &str, errors: &mut Vec<RowError>) -> Option<String> {
    match row.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            errors.push(type_error(key, "string", other));
            None
        }
    }
}

/// A boolean field; form-style `"true"` / `"false"` are read too.
fn flag(row: &Map<String, Value>, key: &str, errors: &mut Vec<RowError>) -> Option<bool> {
    match row.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "true" => Some(true),
        Some(Value::String(s)) if s == "false" => Some(false),
        Some(other) => {
            errors.push(type_error(key, "boolean", other));
            None
        }
    }
}

fn object(row: &Map<String, Value>, key: &str, errors: &mut Vec<RowError>) -> Metadata {
    match row.get(key) {
        None | Some(Value::Null) => Metadata::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(other) => {
            errors.push(type_error(key, "object", other));
            Metadata::new()
        }
    }
}

fn type_error(key: &str, expected: &str, found: &Value) -> RowError {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    RowError::new(
        "INVALID_TYPE",
        format!("Expected type {expected} but found type {found}"),
        key,
    )
}

/// The part of a row's `user_id` to keep: an Auth0 export carries the whole id
/// (`sms|5f…`), an import file the part after the bar; a whole id must be of this
/// connection's strategy, so the user's `sub` stays what it was.
fn id_part(user_id: &str, strategy: Strategy) -> Result<&str, RowError> {
    match user_id.split_once('|') {
        None => Ok(user_id),
        Some((provider, part)) if provider == strategy.as_str() => Ok(part),
        Some((provider, _)) => Err(RowError::new(
            "PATTERN",
            format!(
                "user_id is of provider {provider:?}, not of this {} connection",
                strategy.as_str()
            ),
            "user_id",
        )),
    }
}

/// Reads one row for a connection named `connection` of `strategy`: the login the
/// connection uses (`phone_number` for SMS, `email` for email), its `*_verified`, the
/// profile and `blocked`. Other fields an export carries (`created_at`, `identities`…) are
/// not the import's and are passed over.
pub fn read_row(
    row: &Value,
    connection: &str,
    strategy: Strategy,
) -> Result<UserCreate, Vec<RowError>> {
    let Value::Object(row) = row else {
        return Err(vec![RowError::new(
            "OBJECT_REQUIRED",
            "Each user must be a JSON object",
            "",
        )]);
    };
    let mut errors = Vec::new();
    for field in REFUSED_FIELDS {
        if row.get(*field).is_some_and(|v| !v.is_null()) {
            errors.push(RowError::new(
                "UNSUPPORTED",
                format!(
                    "{field} is not imported: Latchkey is passwordless (users log in with a code)"
                ),
                field,
            ));
        }
    }
    let (login_key, verified_key) = match strategy {
        Strategy::Sms => ("phone_number", "phone_verified"),
        Strategy::Email => ("email", "email_verified"),
    };
    let login = text(row, login_key, &mut errors);
    if login.is_none() && !errors.iter().any(|e| e.path == login_key) {
        errors.push(RowError::new(
            "OBJECT_REQUIRED",
            format!("Missing required property: {login_key}"),
            login_key,
        ));
    }
    let user_id = match text(row, "user_id", &mut errors) {
        Some(id) => match id_part(&id, strategy) {
            Ok(part) => Some(part.to_string()),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        None => None,
    };
    let create = UserCreate {
        connection: connection.to_string(),
        phone_number: login.clone().filter(|_| strategy == Strategy::Sms),
        email: login.filter(|_| strategy == Strategy::Email),
        user_id,
        name: text(row, "name", &mut errors),
        profile: Profile {
            given_name: text(row, "given_name", &mut errors),
            family_name: text(row, "family_name", &mut errors),
            nickname: text(row, "nickname", &mut errors),
            picture: text(row, "picture", &mut errors),
            app_metadata: object(row, "app_metadata", &mut errors),
            user_metadata: object(row, "user_metadata", &mut errors),
        },
        verified: flag(row, verified_key, &mut errors).unwrap_or(false),
        blocked: flag(row, "blocked", &mut errors).unwrap_or(false),
    };
    if errors.is_empty() {
        Ok(create)
    } else {
        Err(errors)
    }
}

/// A refusal of the users domain's checks, as a row error: its field when the message
/// names one, else the login's (`login_key`) when it quotes a value.
pub fn checked_error(message: &str, login_key: &str) -> RowError {
    const FIELDS: &[&str] = &[
        "phone_number",
        "email",
        "user_id",
        "name",
        "given_name",
        "family_name",
        "nickname",
        "picture",
        "app_metadata",
        "user_metadata",
    ];
    let text = message
        .strip_prefix("Payload validation error: ")
        .unwrap_or(message);
    let path = FIELDS
        .iter()
        .filter(|f| text.starts_with(*f) && !text[f.len()..].starts_with('_'))
        .max_by_key(|f| f.len())
        .copied()
        .or_else(|| text.starts_with('"').then_some(login_key))
        .unwrap_or("");
    RowError::new("FORMAT", text, path)
}

/// The row as an error echoes it: what was given, with any password or factor hidden.
pub fn echoed(row: &Value) -> Value {
    let mut row = row.clone();
    if let Value::Object(m) = &mut row {
        for field in REFUSED_FIELDS {
            if let Some(v) = m.get_mut(*field) {
                *v = Value::String("*****".into());
            }
        }
    }
    row
}

/// A refused row's error as stored and served: `{"user": …, "errors": [...]}`.
pub fn error_body(row: &Value, errors: &[RowError]) -> String {
    serde_json::json!({"user": echoed(row), "errors": errors}).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_file_is_an_array_or_json_lines() {
        assert_eq!(
            parse_users_file("[{\"a\":1},{\"b\":2}]").map(|v| v.len()),
            Ok(2)
        );
        assert_eq!(
            parse_users_file("{\"a\":1}\n\n{\"b\":2}\n").map(|v| v.len()),
            Ok(2)
        );
        assert!(parse_users_file("  ").is_err());
        assert!(parse_users_file("[{").is_err());
        let e = parse_users_file("{\"a\":1}\nnope")
            .err()
            .unwrap_or_default();
        assert!(e.contains("line 2"), "{e}");
    }

    #[test]
    fn a_whole_id_of_the_strategy_keeps_its_part() {
        let row = json!({"user_id": "sms|5f1a2b3c4d5e6f7a8b9c0d1e", "phone_number": "+15550001",
                         "phone_verified": true, "user_metadata": {"lang": "fr"},
                         "created_at": "2020-01-01T00:00:00.000Z", "identities": []});
        let c = read_row(&row, "sms", Strategy::Sms).unwrap_or_default();
        assert_eq!(c.user_id.as_deref(), Some("5f1a2b3c4d5e6f7a8b9c0d1e"));
        assert_eq!(c.phone_number.as_deref(), Some("+15550001"));
        assert!(c.verified);
        assert_eq!(c.profile.user_metadata.get("lang"), Some(&json!("fr")));
        let bare = read_row(
            &json!({"user_id": "abc", "email": "a@b.example"}),
            "email",
            Strategy::Email,
        );
        assert_eq!(bare.ok().and_then(|c| c.user_id).as_deref(), Some("abc"));
        let other = read_row(
            &json!({"user_id": "auth0|abc", "email": "a@b.example"}),
            "email",
            Strategy::Email,
        );
        assert_eq!(
            other.err().map(|e| e[0].path.clone()).as_deref(),
            Some("user_id")
        );
    }

    #[test]
    fn passwords_types_and_missing_logins_are_refused_per_field() {
        let row = json!({"email": "a@b.example", "password_hash": "$2b$10$x", "blocked": 3,
                         "app_metadata": "gold"});
        let errors = read_row(&row, "email", Strategy::Email)
            .err()
            .unwrap_or_default();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["password_hash", "app_metadata", "blocked"]);
        assert_eq!(errors[0].code, "UNSUPPORTED");
        assert_eq!(errors[1].code, "INVALID_TYPE");
        let missing = read_row(&json!({"email": "a@b.example"}), "sms", Strategy::Sms);
        assert_eq!(
            missing.err().map(|e| e[0].path.clone()).as_deref(),
            Some("phone_number")
        );
        assert!(read_row(&json!(5), "sms", Strategy::Sms).is_err());
    }

    #[test]
    fn an_echo_hides_passwords_and_factors() {
        let body = error_body(
            &json!({"email": "a@b.example", "password_hash": "$2b$10$secret",
                    "mfa_factors": [{"totp": {"secret": "ABC"}}]}),
            &[RowError::new(
                DUPLICATED_USER,
                "The user already exists.",
                "",
            )],
        );
        assert!(!body.contains("secret") && !body.contains("$2b$"), "{body}");
        let v: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(v["errors"][0]["code"], "DUPLICATED_USER");
        assert_eq!(v["user"]["email"], "a@b.example");
    }

    #[test]
    fn a_checks_refusal_names_its_field() {
        assert_eq!(
            checked_error("picture must be an http(s) URL", "email").path,
            "picture"
        );
        assert_eq!(
            checked_error("given_name must be at most 300 characters", "email").path,
            "given_name"
        );
        assert_eq!(
            checked_error("\"12\" is not valid for this connection", "phone_number").path,
            "phone_number"
        );
        assert_eq!(
            checked_error(
                "Payload validation error: user_id \"a b\" must be …",
                "email"
            )
            .path,
            "user_id"
        );
    }
}
