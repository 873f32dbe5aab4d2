//! Auth0's `fields` / `include_fields` on Management GETs: the answer keeps only the listed
//! fields (`include_fields=true`, the default) or drops them (`false`). One filter over the
//! serialized answer serves every resource, a single object, a list, or a page whose items
//! sit under the resource's key. A dotted name (`jwt_configuration.alg`) reaches into an
//! object; an empty `fields` leaves the answer whole, as on Auth0.

use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::MgmtError;

/// The two query parameters, as every GET that takes them reads them.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Fields {
    /// Comma-separated fields to include or exclude; empty: all of them
    pub fields: Option<String>,
    /// Whether the fields are included (true, the default) or excluded
    pub include_fields: Option<bool>,
}

impl Fields {
    /// The listed names, trimmed, without empty ones.
    fn names(&self) -> Vec<&str> {
        self.fields
            .as_deref()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect()
    }

    /// One object's answer, filtered.
    pub fn answer(&self, item: &impl Serialize) -> Result<Json<Value>, MgmtError> {
        let mut value = to_value(item)?;
        self.filter(&mut value);
        Ok(Json(value))
    }

    /// A list's answer (an array, or a page with the items under `key`), each item
    /// filtered and the page's own fields kept.
    pub fn answer_list(&self, list: &impl Serialize, key: &str) -> Result<Json<Value>, MgmtError> {
        let mut value = to_value(list)?;
        match &mut value {
            Value::Array(items) => items.iter_mut().for_each(|i| self.filter(i)),
            Value::Object(page) => {
                if let Some(Value::Array(items)) = page.get_mut(key) {
                    items.iter_mut().for_each(|i| self.filter(i));
                }
            }
            _ => {}
        }
        Ok(Json(value))
    }

    /// Filters one object in place.
    pub fn filter(&self, value: &mut Value) {
        let names = self.names();
        if names.is_empty() {
            return;
        }
        let paths: Vec<Vec<&str>> = names.iter().map(|n| n.split('.').collect()).collect();
        if self.include_fields.unwrap_or(true) {
            keep(value, &paths);
        } else {
            for path in &paths {
                drop_path(value, path);
            }
        }
    }
}

/// The answers `fields` can cut: their description requires none of their properties,
/// since a GET may ask for any of them alone (as Auth0's own description does).
const FILTERED: &[&str] = &["Client", "Connection", "User", "LogEntry", "EmailProvider"];

/// Drops `required` from the [`FILTERED`] schemas of the description.
pub struct FieldsMayBeLeftOut;

impl utoipa::Modify for FieldsMayBeLeftOut {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        for name in FILTERED {
            if let Some(RefOr::T(schema)) = components.schemas.get_mut(*name) {
                require_nothing(schema);
            }
        }
    }
}

/// Clears `required` in an object schema, or in each part of an `allOf` (a struct with a
/// flattened part).
fn require_nothing(schema: &mut utoipa::openapi::schema::Schema) {
    use utoipa::openapi::{RefOr, schema::Schema};
    match schema {
        Schema::Object(object) => object.required.clear(),
        Schema::AllOf(all) => {
            for part in &mut all.items {
                if let RefOr::T(part) = part {
                    require_nothing(part);
                }
            }
        }
        _ => {}
    }
}

/// Whether a schema requires any property (for the test of [`FieldsMayBeLeftOut`]).
#[cfg(test)]
fn requires_something(schema: &utoipa::openapi::schema::Schema) -> bool {
    use utoipa::openapi::{RefOr, schema::Schema};
    match schema {
        Schema::Object(object) => !object.required.is_empty(),
        Schema::AllOf(all) => all
            .items
            .iter()
            .any(|p| matches!(p, RefOr::T(p) if requires_something(p))),
        _ => false,
    }
}

fn to_value(item: &impl Serialize) -> Result<Value, MgmtError> {
    serde_json::to_value(item)
        .map_err(|e| MgmtError::from_domain(crate::domain::DomainError::Internal(e.to_string())))
}

/// Keeps the fields `paths` name: a whole field for a one-part path, the named parts of an
/// object for a longer one.
fn keep(value: &mut Value, paths: &[Vec<&str>]) {
    let Value::Object(map) = value else {
        return;
    };
    let old = std::mem::take(map);
    let mut kept = Map::new();
    for (name, mut field) in old {
        let under: Vec<Vec<&str>> = paths
            .iter()
            .filter(|p| p.first() == Some(&name.as_str()))
            .map(|p| p[1..].to_vec())
            .collect();
        if under.is_empty() {
            continue;
        }
        if !under.iter().any(Vec::is_empty) {
            keep(&mut field, &under);
        }
        kept.insert(name, field);
    }
    *map = kept;
}

/// Removes the field at `path`.
fn drop_path(value: &mut Value, path: &[&str]) {
    let Value::Object(map) = value else {
        return;
    };
    match path {
        [] => {}
        [last] => {
            map.remove(*last);
        }
        [first, rest @ ..] => {
            if let Some(inner) = map.get_mut(*first) {
                drop_path(inner, rest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(list: &str, include: Option<bool>) -> Fields {
        Fields {
            fields: Some(list.into()),
            include_fields: include,
        }
    }

    fn client() -> Value {
        json!({"client_id": "c1", "name": "App", "callbacks": ["https://a"],
               "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000}})
    }

    #[test]
    fn included_fields_are_the_only_ones_left() {
        let mut c = client();
        fields("name, client_id", None).filter(&mut c);
        assert_eq!(c, json!({"client_id": "c1", "name": "App"}));
        let mut c = client();
        fields("jwt_configuration.alg,name", Some(true)).filter(&mut c);
        assert_eq!(
            c,
            json!({"name": "App", "jwt_configuration": {"alg": "RS256"}})
        );
        let mut c = client();
        fields("nothing_like_it", None).filter(&mut c);
        assert_eq!(c, json!({}));
    }

    #[test]
    fn excluded_fields_are_dropped_and_the_rest_kept() {
        let mut c = client();
        fields(
            "callbacks,jwt_configuration.lifetime_in_seconds",
            Some(false),
        )
        .filter(&mut c);
        assert_eq!(
            c,
            json!({"client_id": "c1", "name": "App", "jwt_configuration": {"alg": "RS256"}})
        );
    }

    #[test]
    fn the_description_requires_no_property_of_what_fields_can_cut() {
        let openapi = super::super::openapi();
        let schemas = &openapi.components.as_ref().unwrap().schemas;
        for name in FILTERED {
            let Some(utoipa::openapi::RefOr::T(schema)) = schemas.get(*name) else {
                panic!("{name} is not a schema of the description");
            };
            assert!(!requires_something(schema), "{name}");
        }
    }

    #[test]
    fn no_fields_leaves_the_answer_whole_and_lists_filter_each_item() {
        let mut c = client();
        Fields::default().filter(&mut c);
        fields(" , ", Some(false)).filter(&mut c);
        assert_eq!(c, client());
        let page = json!({"start": 0, "total": 2, "clients": [client(), client()]});
        let Json(page) = fields("name", None).answer_list(&page, "clients").unwrap();
        assert_eq!(
            page,
            json!({"start": 0, "total": 2, "clients": [{"name": "App"}, {"name": "App"}]})
        );
        let Json(list) = fields("name", Some(false))
            .answer_list(&json!([client()]), "clients")
            .unwrap();
        assert_eq!(list[0].get("name"), None);
        assert_eq!(list[0]["client_id"], "c1");
    }
}
