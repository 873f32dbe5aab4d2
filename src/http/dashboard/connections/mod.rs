//! Connections > Passwordless: the list with passkeys and device keys switched on or off
//! (`list`), an SMS connection's page (`sms`), an email connection's (`email`), and the
//! email provider's (`email_provider`). Saving either kind of connection merges the form
//! into the stored options in Auth0's names, so options the form does not show stay.

mod email;
mod email_provider;
mod list;
mod sms;
mod sms_delivery;
mod sms_delivery_view;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::chrome::{Answer, Page, done, internal, not_found};
use super::field_error::{FieldError, outcome};
use super::form::{Admin, AdminForm, AdminPage, Fields};
use crate::domain::connections::ConnectionOptions;
use crate::domain::i18n::Lang;
use crate::domain::model::Strategy;
use crate::http::AppState;

/// The code a preview or a test message shows.
const SAMPLE_CODE: &str = "123456";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/connections", get(list::list).post(list::create))
        .route("/admin/connections/{name}", get(edit).post(save))
        .route("/admin/connections/{name}/test", post(sms::test))
        .route("/admin/connections/{name}/delete", post(list::delete))
        .route(
            "/admin/email-provider",
            get(email_provider::show_page).post(email_provider::save),
        )
        .route("/admin/email-provider/test", post(email_provider::test))
        .route("/admin/passkeys", post(list::switch_passkeys))
        .route("/admin/device-keys", post(list::switch_device_keys))
}

/// `GET /admin/connections/{name}`: the page of its kind.
async fn edit(
    State(state): State<AppState>,
    Path(name): Path<String>,
    AdminPage(admin): AdminPage,
) -> Response {
    match state.core.connection_options(&name).await {
        Ok(Some(ConnectionOptions::Sms(o))) => sms::edit(&state, admin, name, &o, None),
        Ok(Some(ConnectionOptions::Email(o))) => email::edit(&state, admin, name, &o, None),
        Ok(None) => not_found("connection"),
        Err(e) => internal(e),
    }
}

/// The connection's page again, with `error` at its field (a delete not confirmed).
async fn refused(state: &AppState, admin: Admin, name: String, error: FieldError) -> Response {
    match state.core.connection_options(&name).await {
        Ok(Some(ConnectionOptions::Sms(o))) => sms::edit(state, admin, name, &o, Some(error)),
        Ok(Some(ConnectionOptions::Email(o))) => email::edit(state, admin, name, &o, Some(error)),
        Ok(None) => not_found("connection"),
        Err(e) => internal(e),
    }
}

/// `POST /admin/connections/{name}`: saves the connection; a refused value is shown next
/// to its field with everything else as typed.
async fn save(
    State(state): State<AppState>,
    Path(name): Path<String>,
    AdminForm(form): AdminForm,
) -> Answer {
    let record = state.core.store.connection(&name).await.map_err(internal)?;
    let record = record.ok_or_else(|| not_found("connection"))?;
    match record.strategy {
        Strategy::Sms => sms::save(&state, form, name, &record.options).await,
        Strategy::Email => email::save(&state, form, name, &record.options).await,
    }
}

/// Stores a connection's new options and goes back to its page; when a value is refused
/// (by the form or by the domain), `again` shows the form with why.
async fn store<P: Page>(
    state: &AppState,
    form: Admin,
    name: String,
    options: Result<Value, FieldError>,
    again: impl FnOnce(Admin, String, FieldError) -> Response,
) -> Answer {
    let saved = match options {
        Ok(o) => outcome::<P, _>(
            crate::domain::management::connections::save_connection(
                &state.core,
                &name,
                None,
                o,
                false,
            )
            .await,
        )?,
        Err(refused) => Err(refused),
    };
    Ok(match saved {
        Ok(_) => {
            form.record(state, &format!("Update the connection {name}"))
                .await;
            done(
                &format!("/admin/connections/{name}"),
                &form.t.text("dash-conn-saved"),
            )
        }
        Err(error) => again(form, name, error),
    })
}

/// A number field, or the error to show next to it, naming the field by its label
/// (message `label`) in `t`'s words.
fn number(fields: &Fields, (key, label): (&str, &str), t: &Lang) -> Result<i64, FieldError> {
    fields.text(key).parse::<i64>().map_err(|_| {
        let label = t.text(label);
        FieldError::at(key, t.with("dash-conn-whole-number", "field", &label))
    })
}

/// The code rules both kinds share, as typed.
fn totp(fields: &Fields, t: &Lang) -> Result<Value, FieldError> {
    Ok(json!({
        "length": number(fields, ("totp.length", "dash-conn-code-length"), t)?,
        "time_step": number(fields, ("totp.time_step", "dash-conn-code-lifetime"), t)?,
    }))
}

/// Sets `key`, or removes it when the form left it empty.
fn set(map: &mut Map<String, Value>, key: &str, value: Option<String>) {
    match value {
        Some(v) => {
            map.insert(key.into(), Value::String(v));
        }
        None => {
            map.remove(key);
        }
    }
}
