//! `/api/v2/emails/provider`: the email provider, read and set by operators.

use axum::Json;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{
    Caller, CreateEmailProvider, DeleteEmailProvider, Operator, ReadEmailProvider,
    UpdateEmailProvider,
};
use super::error::{ErrorBody, MgmtError, Refusals};
use super::input::{Body, payload};
use crate::domain::management::email_provider::{self as domain, EmailProvider, SmtpCredentials};
use crate::http::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(
        get_email_provider,
        set_email_provider,
        delete_email_provider
    ))
}

/// A change to the provider: on `POST` the whole provider, on `PATCH` the fields to change.
#[derive(ToSchema)]
#[allow(dead_code)] // described only: the handler reads the body field by field
pub struct EmailProviderChange {
    pub name: Option<String>,
    pub default_from_address: Option<String>,
    pub credentials: Option<SmtpCredentials>,
    pub enabled: Option<bool>,
}

fn no_provider() -> MgmtError {
    MgmtError::not_found("inexistent_email_provider", "email provider")
}

/// `GET /api/v2/emails/provider`: the provider (never its password), 404 when email only
/// goes to the development log. `fields` / `include_fields` as Auth0's (without them the
/// whole object, where Auth0 answers only `name` and `enabled`: tools ask for the fields).
#[utoipa::path(get, path = "/api/v2/emails/provider", tag = "emails", params(super::fields::Fields), responses((status = 200, description = "The provider", body = EmailProvider), (status = 404, description = "No provider", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn get_email_provider(
    op: Operator<ReadEmailProvider>,
    super::input::MgmtQuery(fields): super::input::MgmtQuery<super::fields::Fields>,
) -> Result<Json<Value>, MgmtError> {
    let provider = domain::email_provider(op.core())
        .await?
        .ok_or_else(no_provider)?;
    fields.answer(&provider)
}

/// `POST /api/v2/emails/provider` (sets it) and `PATCH` (changes the fields given; a
/// password left out keeps the stored one).
#[utoipa::path(method(post, patch), path = "/api/v2/emails/provider", tag = "emails", request_body = EmailProviderChange, responses((status = 200, description = "Changed", body = EmailProvider), (status = 201, description = "Set", body = EmailProvider), (status = 404, description = "No provider to change", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn set_email_provider(
    State(state): State<AppState>,
    method: Method,
    who: Caller,
    body: Result<Body, MgmtError>,
) -> Result<(StatusCode, Json<EmailProvider>), MgmtError> {
    let creating = method == Method::POST;
    let who = if creating {
        who.operator::<CreateEmailProvider>()?
    } else {
        who.operator::<UpdateEmailProvider>()?
    };
    let body = body?;
    let mut merged = if creating {
        json!({})
    } else {
        let current = domain::email_provider(&state.core)
            .await?
            .ok_or_else(no_provider)?;
        serde_json::to_value(current).unwrap_or_else(|_| json!({}))
    };
    for (k, v) in body.0.0 {
        match (k.as_str(), merged.get_mut("credentials"), v) {
            ("credentials", Some(Value::Object(current)), Value::Object(given)) => {
                current.extend(given);
            }
            (_, _, v) => {
                merged[k] = v;
            }
        }
    }
    let provider: EmailProvider = payload(merged)?;
    let saved = domain::set_email_provider(&state.core, provider).await?;
    super::changed(&state, &who, "Set the email provider").await;
    let status = if creating {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(saved)))
}

/// `DELETE /api/v2/emails/provider`: forgets the provider set through the API (its sealed
/// password with it); email goes to the configuration's `[email_provider]`, or the
/// development log, again. 404 when none was set.
#[utoipa::path(delete, path = "/api/v2/emails/provider", tag = "emails", responses((status = 204, description = "Deleted"), (status = 404, description = "No provider was set through the API", body = ErrorBody), Refusals), security(("bearer" = [])))]
async fn delete_email_provider(op: Operator<DeleteEmailProvider>) -> Result<StatusCode, MgmtError> {
    let found = domain::delete_email_provider(op.core()).await?;
    op.deleted(found, no_provider, "Delete the email provider")
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
