//! An export's file, as pure rules: a user in Auth0's names, the fields asked for (dotted
//! paths such as `user_metadata.country` or `identities[0].connection`), one JSON line or
//! CSV line per user, and the gzip Auth0's files come in.

use std::io::Write;

use serde_json::{Map, Value, json};

use crate::domain::model::{ExportField, ExportFormat, RecipientKind, User};

/// Auth0 does not publish its default field list; these are the user's own fields, so a
/// JSON export of them imports back whole (`identities` and the times are passed over by
/// the import).
pub const DEFAULT_FIELDS: &[&str] = &[
    "user_id",
    "email",
    "email_verified",
    "phone_number",
    "phone_verified",
    "name",
    "given_name",
    "family_name",
    "nickname",
    "picture",
    "blocked",
    "app_metadata",
    "user_metadata",
    "identities",
    "created_at",
    "updated_at",
    "last_login",
    "logins_count",
];

/// Fields whose values are objects or arrays: a CSV cell cannot hold them whole (Auth0's
/// rule: name the metadata's fields instead).
const WHOLE_OBJECTS: &[&str] = &["app_metadata", "user_metadata", "identities"];

/// Auth0's limit on a CSV export's columns.
pub const CSV_MAX_FIELDS: usize = 30;

/// The fields an export writes: those asked for, or the defaults (for CSV, without the
/// whole objects). `Err` says why the fields asked for cannot be written.
pub fn export_fields(
    format: ExportFormat,
    asked: Option<Vec<ExportField>>,
) -> Result<Vec<ExportField>, String> {
    let fields = match asked {
        Some(f) if !f.is_empty() => f,
        _ => DEFAULT_FIELDS
            .iter()
            .filter(|f| format == ExportFormat::Json || !WHOLE_OBJECTS.contains(f))
            .map(|f| ExportField {
                name: (*f).to_string(),
                export_as: None,
            })
            .collect(),
    };
    for f in &fields {
        if f.name.trim().is_empty() || f.name.len() > 200 {
            return Err("fields: each name must be 1 to 200 characters".into());
        }
        if format == ExportFormat::Csv && WHOLE_OBJECTS.contains(&f.name.as_str()) {
            return Err(format!(
                "fields: a CSV export cannot hold {} whole; name its fields ({}.<key>)",
                f.name, f.name
            ));
        }
    }
    if format == ExportFormat::Csv && fields.len() > CSV_MAX_FIELDS {
        return Err(format!(
            "fields: a CSV export holds at most {CSV_MAX_FIELDS} fields"
        ));
    }
    Ok(fields)
}

/// A user in Auth0's names, as the export reads fields from it.
pub fn user_object(u: &User) -> Value {
    let iso = crate::domain::iso8601;
    let mut o = Map::new();
    o.insert("user_id".into(), json!(u.user_id));
    match u.strategy.recipient_kind() {
        RecipientKind::Email => {
            o.insert("email".into(), json!(u.recipient));
            o.insert("email_verified".into(), json!(u.verified));
        }
        RecipientKind::PhoneNumber => {
            o.insert("phone_number".into(), json!(u.recipient));
            o.insert("phone_verified".into(), json!(u.verified));
        }
    }
    o.insert("name".into(), json!(u.name));
    o.insert("nickname".into(), json!(u.nickname()));
    let p = &u.profile;
    for (key, value) in [
        ("given_name", &p.given_name),
        ("family_name", &p.family_name),
        ("picture", &p.picture),
    ] {
        if let Some(v) = value {
            o.insert(key.into(), json!(v));
        }
    }
    o.insert("blocked".into(), json!(u.blocked));
    o.insert("app_metadata".into(), Value::Object(p.app_metadata.clone()));
    o.insert(
        "user_metadata".into(),
        Value::Object(p.user_metadata.clone()),
    );
    o.insert(
        "identities".into(),
        json!([{"user_id": u.identity_id(), "provider": u.strategy.as_str(),
                "connection": u.connection, "isSocial": false}]),
    );
    o.insert("created_at".into(), json!(iso(u.created_at)));
    o.insert("updated_at".into(), json!(iso(u.updated_at)));
    if let Some(t) = u.last_login {
        o.insert("last_login".into(), json!(iso(t)));
    }
    o.insert("logins_count".into(), json!(u.logins_count));
    Value::Object(o)
}

/// The value at a dotted path (`a.b`, `a[0].b`), if there is one.
pub fn field_value<'v>(object: &'v Value, path: &str) -> Option<&'v Value> {
    let mut at = object;
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            at = at.get(key)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let n: usize = index.strip_suffix(']')?.parse().ok()?;
            at = at.get(n)?;
        }
    }
    Some(at)
}

/// One user's JSON line: each field present under its `export_as` (or its name).
pub fn json_line(user: &Value, fields: &[ExportField]) -> String {
    let mut line = Map::new();
    for f in fields {
        if let Some(v) = field_value(user, &f.name).filter(|v| !v.is_null()) {
            let key = f.export_as.clone().unwrap_or_else(|| f.name.clone());
            line.insert(key, v.clone());
        }
    }
    let mut text = Value::Object(line).to_string();
    text.push('\n');
    text
}

/// A CSV cell: text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return first) is prefixed with `'` (OWASP's CSV injection rule, which Auth0's
/// exports follow), then quoted when it holds a comma, quote or line break.
fn csv_cell(value: Option<&Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => return String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The CSV header line.
pub fn csv_header(fields: &[ExportField]) -> String {
    let names: Vec<String> = fields
        .iter()
        .map(|f| {
            csv_cell(Some(&Value::String(
                f.export_as.clone().unwrap_or_else(|| f.name.clone()),
            )))
        })
        .collect();
    format!("{}\n", names.join(","))
}

/// One user's CSV line.
pub fn csv_line(user: &Value, fields: &[ExportField]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| csv_cell(field_value(user, &f.name)))
        .collect();
    format!("{}\n", cells.join(","))
}

/// A file being written gzipped, as Auth0 serves its exports.
pub struct GzipFile(flate2::write::GzEncoder<Vec<u8>>);

impl Default for GzipFile {
    fn default() -> Self {
        Self(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::default(),
        ))
    }
}

impl GzipFile {
    pub fn write(&mut self, text: &str) -> std::io::Result<()> {
        self.0.write_all(text.as_bytes())
    }

    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        self.0.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::{Profile, Strategy};

    fn user() -> User {
        let profile = Profile {
            user_metadata: json!({"country": "FR"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            ..Profile::default()
        };
        User {
            name: "Ann, \"A\"".into(),
            logins_count: 2,
            ..User::for_tests(Strategy::Sms, "+15550001", profile)
        }
    }

    fn field(name: &str, export_as: Option<&str>) -> ExportField {
        ExportField {
            name: name.into(),
            export_as: export_as.map(str::to_string),
        }
    }

    #[test]
    fn paths_reach_into_objects_and_arrays() {
        let u = user_object(&user());
        assert_eq!(field_value(&u, "user_metadata.country"), Some(&json!("FR")));
        assert_eq!(
            field_value(&u, "identities[0].connection"),
            Some(&json!("sms"))
        );
        assert_eq!(field_value(&u, "identities[3].connection"), None);
        assert_eq!(field_value(&u, "email"), None);
    }

    #[test]
    fn lines_take_their_export_names() {
        let u = user_object(&user());
        let fields = [
            field("user_id", None),
            field("user_metadata.country", Some("c")),
        ];
        assert_eq!(
            json_line(&u, &fields),
            "{\"c\":\"FR\",\"user_id\":\"sms|abc\"}\n"
        );
        let fields = [
            field("name", None),
            field("phone_number", Some("phone")),
            field("email", None),
        ];
        assert_eq!(csv_header(&fields), "name,phone,email\n");
        assert_eq!(csv_line(&u, &fields), "\"Ann, \"\"A\"\"\",'+15550001,\n");
    }

    #[test]
    fn default_fields_leave_whole_objects_out_of_csv() {
        let json = export_fields(ExportFormat::Json, None).unwrap_or_default();
        assert!(json.iter().any(|f| f.name == "app_metadata"));
        let csv = export_fields(ExportFormat::Csv, Some(vec![])).unwrap_or_default();
        assert!(!csv.iter().any(|f| f.name == "app_metadata"));
        assert!(
            export_fields(ExportFormat::Csv, Some(vec![field("user_metadata", None)])).is_err()
        );
        let many = (0..31).map(|i| field(&format!("f{i}"), None)).collect();
        assert!(export_fields(ExportFormat::Csv, Some(many)).is_err());
    }

    #[test]
    fn a_gzip_file_reads_back() {
        use std::io::Read;
        let mut f = GzipFile::default();
        let _ = f.write("a\n");
        let _ = f.write("b\n");
        let bytes = f.finish().unwrap_or_default();
        let mut text = String::new();
        let _ = flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text);
        assert_eq!(text, "a\nb\n");
    }
}
