//! The connections page: every passwordless connection with what it sends through, the
//! email provider in one line, passkeys and device keys switched on or off; creating and
//! deleting a connection.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

use crate::domain::DomainError;
use crate::domain::connections::{ConnectionOptions, SmsProvider};
use crate::domain::i18n::{Arg, Lang};
use crate::domain::model::{Strategy, UnknownStrategy};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, not_found, page, show};
use crate::http::dashboard::field_error::{CONFIRM, FieldError, NewName};
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage};

struct ConnectionRow {
    name: String,
    strategy: String,
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
    /// The create form's choices: each strategy's name and label.
    strategies: Vec<(&'static str, String)>,
    error: Option<FieldError>,
}

page!(
    ListPage,
    fields: &["name", "strategy"],
    labels: &[
        ("name", "new-name", "dash-conn-new-label"),
        ("strategy", "new-strategy", "dash-conn-new-type"),
    ]
);

/// `GET /admin/connections`.
pub(super) async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Answer {
    list_page(&state, admin, NewName::default()).await
}

/// A strategy as the dashboard names it, in `t`'s words.
fn label(strategy: Strategy, t: &Lang) -> String {
    t.text(match strategy {
        Strategy::Sms => "dash-conn-strategy-sms",
        Strategy::Email => "dash-conn-strategy-email",
    })
}

/// What a connection sends through, in a few of `t`'s words.
fn summary(options: ConnectionOptions, t: &Lang) -> String {
    let from = |provider: &str, from: Option<String>| {
        let from = from.unwrap_or_default();
        let args = [
            ("provider", Arg::Text(provider)),
            ("from", Arg::Text(&from)),
        ];
        t.format("dash-conn-sends-from", &args)
    };
    match options {
        ConnectionOptions::Sms(o) => match o.provider {
            SmsProvider::Twilio => from("Twilio", o.from.or(o.messaging_service_sid)),
            SmsProvider::Log => t.text("dash-conn-sends-log"),
            SmsProvider::SmsGateway => t.with(
                "dash-conn-sends-gateway",
                "url",
                &o.gateway_url.unwrap_or_default(),
            ),
            SmsProvider::Vonage => from("Vonage", o.from),
            SmsProvider::MessageBird => from("MessageBird", o.from),
            SmsProvider::TwilioVerify => t.with(
                "dash-conn-sends-verify",
                "sid",
                &o.verify_service_sid.unwrap_or_default(),
            ),
        },
        ConnectionOptions::Email(o) if o.email.body.is_some() => t.text("dash-conn-sends-custom"),
        ConnectionOptions::Email(_) => t.text("dash-conn-sends-built-in"),
    }
}

async fn rows(state: &AppState, t: &Lang) -> Result<Vec<ConnectionRow>, DomainError> {
    let mut connections = Vec::new();
    for record in state.core.store.connections().await? {
        let Some(options) = state.core.connection_options(&record.name).await? else {
            continue;
        };
        connections.push(ConnectionRow {
            strategy: label(record.strategy, t),
            name: record.name,
            summary: summary(options, t),
        });
    }
    Ok(connections)
}

async fn list_page(state: &AppState, admin: Admin, new: NewName) -> Answer {
    let connections = rows(state, admin.t).await.map_err(internal)?;
    let email_provider =
        match crate::domain::management::email_provider::email_provider(&state.core)
            .await
            .map_err(internal)?
        {
            Some(p) if p.name == "smtp" => p
                .credentials
                .map(|c| format!("SMTP {}:{}", c.smtp_host, c.smtp_port))
                .unwrap_or_default(),
            _ => admin.t.text("dash-conn-email-provider-log"),
        };
    let passkeys = crate::domain::login::passkey::passkeys_enabled(&state.core)
        .await
        .map_err(internal)?;
    let device_keys =
        crate::domain::management::device_credentials::device_keys_enabled(&state.core)
            .await
            .map_err(internal)?;
    let body = ListPage {
        chrome: admin.chrome("connections"),
        connections,
        email_provider,
        passkeys,
        passkeys_possible: crate::domain::login::passkey::passkeys_possible(&state.core),
        device_keys,
        new_name: new.name,
        strategies: Strategy::ALL
            .map(|s| (s.as_str(), label(s, admin.t)))
            .to_vec(),
        error: new.error,
    };
    Ok(show(state, admin.jar, &body))
}

/// The strategy the create form names and a new connection's options: SMS on the
/// development log provider, email on the built-in templates. An unknown name is refused.
fn new_connection(strategy: &str) -> Result<(Strategy, serde_json::Value), FieldError> {
    let strategy: Strategy = strategy
        .parse()
        .map_err(|e: UnknownStrategy| FieldError::at("strategy", e.to_string()))?;
    let options = match strategy {
        Strategy::Sms => json!({"provider": "log"}),
        Strategy::Email => json!({}),
    };
    Ok((strategy, options))
}

/// `POST /admin/connections` `{name, strategy}`: a new SMS connection starts on the
/// development log provider (to be pointed at Twilio on its page), an email one on the
/// built-in templates. An unknown strategy is refused (it once made an SMS connection).
pub(super) async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Answer {
    let name = form.fields.text("name");
    let (strategy, options) = match new_connection(&form.fields.text("strategy")) {
        Ok(new) => new,
        Err(error) => {
            let refused = NewName {
                name,
                error: Some(error),
            };
            return list_page(&state, form, refused).await;
        }
    };
    match crate::domain::management::connections::save_connection(
        &state.core,
        &name,
        Some(strategy),
        options,
        true,
    )
    .await
    {
        Ok(_) => {
            form.record(&state, &format!("Create the connection {name}"))
                .await;
            Ok(done(
                &format!("/admin/connections/{name}"),
                &form.t.text("dash-conn-created"),
            ))
        }
        Err(
            e @ (DomainError::InvalidRequest(_)
            | DomainError::InvalidField { .. }
            | DomainError::Conflict(_)),
        ) => list_page(&state, form, NewName::refused(name, e.to_string())).await,
        Err(e) => Err(internal(e)),
    }
}

/// An on/off switch of the page, for every instance at once.
#[derive(Clone, Copy)]
enum Switch {
    /// Passkeys on the hosted login and through the native API.
    Passkeys,
    /// Device-key (Touch ID) registration and login.
    DeviceKeys,
}

impl Switch {
    /// The change as the event log words it, and the message key of the notice after it.
    fn words(self, on: bool) -> (&'static str, &'static str) {
        match (self, on) {
            (Self::Passkeys, true) => ("Switch passkeys on", "dash-conn-passkeys-on"),
            (Self::Passkeys, false) => ("Switch passkeys off", "dash-conn-passkeys-off"),
            (Self::DeviceKeys, true) => (
                "Switch device keys (Touch ID) on",
                "dash-conn-device-keys-on",
            ),
            (Self::DeviceKeys, false) => (
                "Switch device keys (Touch ID) off",
                "dash-conn-device-keys-off",
            ),
        }
    }
}

/// `POST /admin/passkeys` `{enabled: true | false}`.
pub(super) async fn switch_passkeys(
    State(state): State<AppState>,
    AdminForm(form): AdminForm,
) -> Response {
    switch(&state, form, Switch::Passkeys).await
}

/// `POST /admin/device-keys` `{enabled: true | false}`.
pub(super) async fn switch_device_keys(
    State(state): State<AppState>,
    AdminForm(form): AdminForm,
) -> Response {
    switch(&state, form, Switch::DeviceKeys).await
}

async fn switch(state: &AppState, form: Admin, which: Switch) -> Response {
    let on = form.fields.text("enabled") == "true";
    let set = match which {
        Switch::Passkeys => {
            crate::domain::login::passkey::set_passkeys_enabled(&state.core, on).await
        }
        Switch::DeviceKeys => {
            crate::domain::management::device_credentials::set_device_keys_enabled(&state.core, on)
                .await
        }
    };
    match set {
        Ok(()) => {
            let (what, notice) = which.words(on);
            form.record(state, what).await;
            done("/admin/connections", &form.t.text(notice))
        }
        // Passkeys cannot be switched on without a host name in the issuer.
        Err(DomainError::InvalidRequest(m)) => done("/admin/connections", &m),
        Err(e) => internal(e),
    }
}

/// `POST /admin/connections/{name}/delete`: the connection and its users.
pub(super) async fn delete(
    State(state): State<AppState>,
    Path(name): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    if form.fields.text(CONFIRM) != name {
        // Worded in full: the message does not start with the field's name to relabel.
        let message = form.t.with("dash-conn-confirm-mismatch", "name", &name);
        let error = FieldError::at(CONFIRM, message);
        return super::refused(&state, form, name, error).await;
    }
    match crate::domain::management::connections::delete_connection(&state.core, &name).await {
        Ok(true) => {
            form.record(&state, &format!("Delete the connection {name}"))
                .await
        }
        Ok(false) => return not_found("connection"),
        Err(e) => return internal(e),
    }
    let notice = form.t.with("dash-conn-deleted", "name", &name);
    done("/admin/connections", &notice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_create_form_makes_the_strategy_it_names_or_none() {
        let (strategy, options) = new_connection("sms").unwrap();
        assert_eq!(
            (strategy, options),
            (Strategy::Sms, json!({"provider": "log"}))
        );
        assert_eq!(new_connection("email").unwrap().0, Strategy::Email);
        // Once, anything but "email" made an SMS connection.
        for unknown in ["", "fax", "SMS"] {
            let refused = new_connection(unknown).unwrap_err();
            assert_eq!(refused.field, "strategy", "{unknown:?}");
            assert!(
                refused.message.contains("is not served here"),
                "{refused:?}"
            );
        }
    }
}
