//! The connections page: every passwordless connection with what it sends through, the
//! email provider in one line, passkeys and device keys switched on or off; creating and
//! deleting a connection.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

use crate::domain::DomainError;
use crate::domain::model::Strategy;
use crate::domain::passwordless::{ConnectionOptions, SmsProvider};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Chrome, Page, done, internal, not_found, page, show};
use crate::http::dashboard::field_error::FieldError;
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage};

struct ConnectionRow {
    name: String,
    strategy: &'static str,
    summary: String,
}

#[derive(Template)]
#[template(path = "admin/connections.html")]
struct ListPage {
    chrome: Chrome,
    connections: Vec<ConnectionRow>,
    email_provider: String,
    passkeys: bool,
    passkeys_possible: bool,
    device_keys: bool,
    new_name: String,
    error: Option<FieldError>,
}

page!(ListPage, fields: &["name"]);

/// `GET /admin/connections`.
pub(super) async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Response {
    list_page(&state, admin, String::new(), None).await
}

/// What a connection sends through, in a few words.
fn summary(options: ConnectionOptions) -> String {
    match options {
        ConnectionOptions::Sms(o) => match o.provider {
            SmsProvider::Twilio => format!(
                "Twilio, from {}",
                o.from.or(o.messaging_service_sid).unwrap_or_default()
            ),
            SmsProvider::Log => "Development: texts go to the server log".into(),
        },
        ConnectionOptions::Email(o) if o.email.body.is_some() => "Custom template".into(),
        ConnectionOptions::Email(_) => "Built-in templates".into(),
    }
}

async fn rows(state: &AppState) -> Result<Vec<ConnectionRow>, DomainError> {
    let mut connections = Vec::new();
    for record in state.core.store.connections().await? {
        let Some(options) = state.core.connection_options(&record.name).await? else {
            continue;
        };
        connections.push(ConnectionRow {
            strategy: match record.strategy {
                Strategy::Sms => "SMS",
                Strategy::Email => "Email",
            },
            name: record.name,
            summary: summary(options),
        });
    }
    Ok(connections)
}

async fn list_page(
    state: &AppState,
    admin: Admin,
    new_name: String,
    error: Option<FieldError>,
) -> Response {
    let connections = match rows(state).await {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    let email_provider = match state.core.email_provider().await {
        Ok(Some(p)) if p.name == "smtp" => p
            .credentials
            .map(|c| format!("SMTP {}:{}", c.smtp_host, c.smtp_port))
            .unwrap_or_default(),
        Ok(_) => "Development: email goes to the server log".into(),
        Err(e) => return internal(e),
    };
    let (passkeys, device_keys) = match (
        state.core.passkeys_enabled().await,
        state.core.device_keys_enabled().await,
    ) {
        (Ok(p), Ok(d)) => (p, d),
        (Err(e), _) | (_, Err(e)) => return internal(e),
    };
    let body = ListPage {
        chrome: admin.chrome("connections"),
        connections,
        email_provider,
        passkeys,
        passkeys_possible: state.core.passkeys_possible(),
        device_keys,
        new_name,
        error,
    };
    show(state, admin.jar, &body)
}

/// `POST /admin/connections` `{name, strategy}`: a new SMS connection starts on the
/// development log provider (to be pointed at Twilio on its page), an email one on the
/// built-in templates.
pub(super) async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let name = form.fields.text("name");
    let (strategy, options) = match form.fields.text("strategy").as_str() {
        "email" => (Strategy::Email, json!({})),
        _ => (Strategy::Sms, json!({"provider": "log"})),
    };
    match state
        .core
        .save_connection(&name, Some(strategy), options, true)
        .await
    {
        Ok(_) => {
            form.record(&state, &format!("Create the connection {name}"))
                .await;
            done(&format!("/admin/connections/{name}"), "Connection created")
        }
        Err(DomainError::InvalidRequest(m) | DomainError::Conflict(m)) => {
            let error = FieldError::at("name", m);
            list_page(&state, form, name, Some(error)).await
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/passkeys` `{enabled: true | false}`: switches passkeys on or off for the
/// hosted login and the native API, at once on every instance.
pub(super) async fn switch_passkeys(
    State(state): State<AppState>,
    AdminForm(form): AdminForm,
) -> Response {
    let on = form.fields.text("enabled") == "true";
    let (what, notice) = if on {
        ("Switch passkeys on", "Passkeys are on")
    } else {
        ("Switch passkeys off", "Passkeys are off")
    };
    match state.core.set_passkeys_enabled(on).await {
        Ok(()) => switched(&state, &form, what, notice).await,
        Err(DomainError::InvalidRequest(m)) => done("/admin/connections", &m),
        Err(e) => internal(e),
    }
}

/// `POST /admin/device-keys` `{enabled: true | false}`: device-key (Touch ID) registration
/// and login on or off, at once on every instance.
pub(super) async fn switch_device_keys(
    State(state): State<AppState>,
    AdminForm(form): AdminForm,
) -> Response {
    let on = form.fields.text("enabled") == "true";
    let (what, notice) = if on {
        ("Switch device keys (Touch ID) on", "Touch ID is on")
    } else {
        ("Switch device keys (Touch ID) off", "Touch ID is off")
    };
    match state.core.set_device_keys_enabled(on).await {
        Ok(()) => switched(&state, &form, what, notice).await,
        Err(e) => internal(e),
    }
}

async fn switched(state: &AppState, form: &Admin, what: &str, notice: &str) -> Response {
    form.record(state, what).await;
    done("/admin/connections", notice)
}

/// `POST /admin/connections/{name}/delete`: the connection and its users.
pub(super) async fn delete(
    State(state): State<AppState>,
    Path(name): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    match state.core.delete_connection(&name).await {
        Ok(true) => {
            form.record(&state, &format!("Delete the connection {name}"))
                .await
        }
        Ok(false) => return not_found("connection"),
        Err(e) => return internal(e),
    }
    let notice = format!("Connection {name} deleted, with its users");
    done("/admin/connections", &notice)
}
