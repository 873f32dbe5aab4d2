//! `/api/v2/tenants/settings`: the tenant's settings in Auth0's shape, read and changed by
//! operators. `fields` and `include_fields` pick the top-level fields of the answer.

use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Operator, ReadTenantSettings, UpdateTenantSettings};
use super::error::{MgmtError, Refusals};
use super::input::{Body, MgmtQuery};
use crate::domain::management::tenant_settings as domain;
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, update_settings))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FieldsQuery {
    /// Comma-separated top-level fields to include (or exclude)
    fields: Option<String>,
    /// Whether `fields` are included (true, the default) or excluded
    include_fields: Option<bool>,
}

/// The fields of `all` that `q` keeps.
fn pick(all: Map<String, Value>, q: &FieldsQuery) -> Map<String, Value> {
    let Some(fields) = q.fields.as_deref().filter(|f| !f.trim().is_empty()) else {
        return all;
    };
    let named: Vec<&str> = fields.split(',').map(str::trim).collect();
    let include = q.include_fields.unwrap_or(true);
    all.into_iter()
        .filter(|(k, _)| named.contains(&k.as_str()) == include)
        .collect()
}

/// `GET /api/v2/tenants/settings`: what is set, with Auth0's defaults for the session
/// lifetimes, `enabled_locales` and `flags`.
#[utoipa::path(get, path = "/api/v2/tenants/settings", tag = "tenants", params(FieldsQuery), responses((status = 200, description = "The settings", body = Object), Refusals), security(("bearer" = [])))]
async fn get_settings(
    MgmtQuery(q): MgmtQuery<FieldsQuery>,
    op: Operator<ReadTenantSettings>,
) -> Result<Json<Value>, MgmtError> {
    let settings = domain::tenant(op.core()).await?;
    Ok(Json(Value::Object(pick(settings.shown(), &q))))
}

/// `PATCH /api/v2/tenants/settings`: each field given replaces the stored one (`null`
/// resets it), `flags` merge one by one, `*_in_minutes` set the hour lifetimes; the answer
/// is the whole settings.
#[utoipa::path(patch, path = "/api/v2/tenants/settings", tag = "tenants", request_body = Object, responses((status = 200, description = "The settings", body = Object), Refusals), security(("bearer" = [])))]
async fn update_settings(
    op: Operator<UpdateTenantSettings>,
    body: Body,
) -> Result<Json<Value>, MgmtError> {
    let saved = domain::update(op.core(), &body.0.0).await?;
    op.changed("Update the tenant settings").await;
    Ok(Json(Value::Object(saved.shown())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_keep_or_drop_the_named_top_level_fields() {
        let all = match json!({"friendly_name": "A", "flags": {}, "session_lifetime": 168}) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let q = |fields: Option<&str>, include| FieldsQuery {
            fields: fields.map(str::to_string),
            include_fields: include,
        };
        assert_eq!(pick(all.clone(), &q(None, None)).len(), 3);
        let kept = pick(all.clone(), &q(Some("friendly_name, flags"), None));
        let mut kept: Vec<&String> = kept.keys().collect();
        kept.sort();
        assert_eq!(kept, ["flags", "friendly_name"]);
        let dropped = pick(all, &q(Some("flags"), Some(false)));
        let mut dropped: Vec<&String> = dropped.keys().collect();
        dropped.sort();
        assert_eq!(dropped, ["friendly_name", "session_lifetime"]);
    }
}
