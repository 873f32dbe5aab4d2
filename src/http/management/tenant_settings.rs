//! `/api/v2/tenants/settings`: the tenant's settings in Auth0's shape, read and changed by
//! operators. `fields` and `include_fields` filter the answer as on every Management GET.

use axum::Json;
use serde_json::Value;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{Operator, ReadTenantSettings, UpdateTenantSettings};
use super::error::{MgmtError, Refusals};
use super::fields::Fields;
use super::input::{Body, MgmtQuery};
use crate::domain::management::tenant_settings as domain;
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_settings, update_settings))
}

/// `GET /api/v2/tenants/settings`: what is set, with Auth0's defaults for the session
/// lifetimes, `enabled_locales` and `flags`.
#[utoipa::path(get, path = "/api/v2/tenants/settings", tag = "tenants", params(Fields), responses((status = 200, description = "The settings", body = Object), Refusals), security(("bearer" = [])))]
async fn get_settings(
    MgmtQuery(fields): MgmtQuery<Fields>,
    op: Operator<ReadTenantSettings>,
) -> Result<Json<Value>, MgmtError> {
    let settings = domain::tenant(op.core()).await?;
    fields.answer(&settings.shown())
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

    /// The settings go through the shared filter: top-level names kept or dropped.
    #[test]
    fn fields_keep_or_drop_the_named_top_level_fields() {
        let pick = |fields: Option<&str>, include| {
            let mut all = json!({"friendly_name": "A", "flags": {}, "session_lifetime": 168});
            Fields {
                fields: fields.map(str::to_string),
                include_fields: include,
            }
            .filter(&mut all);
            let mut keys: Vec<String> = all
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
                .collect();
            keys.sort();
            keys
        };
        assert_eq!(pick(None, None).len(), 3);
        assert_eq!(
            pick(Some("friendly_name, flags"), None),
            ["flags", "friendly_name"]
        );
        assert_eq!(
            pick(Some("flags"), Some(false)),
            ["friendly_name", "session_lifetime"]
        );
    }
}
