//! Connections > Passwordless: the SMS connection (provider, Twilio credentials with the
//! token write-only, sender, template with a preview, code rules, sign-up) with "send a test
//! SMS"; the email connection (sender, subject, body with a preview); and the email provider
//! (SMTP, password write-only) with "send a test email".

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::CookieJar;
use serde_json::{Map, Value, json};

use super::{
    Chrome, FieldError, Fields, FormPage, done, form, internal, not_found, page, query_fields,
    record, show,
};
use crate::domain::email::{EmailContext, EmailOptions, SendMode};
use crate::domain::management::email_provider::{EmailProvider, SmtpCredentials};
use crate::domain::model::Strategy;
use crate::domain::passwordless::{ConnectionOptions, SmsOptions, SmsProvider};
use crate::domain::ports::SmtpTls;
use crate::domain::template::{self, SmsContext, Syntax};
use crate::http::AppState;

const SAMPLE_CODE: &str = "123456";

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

impl FormPage for ListPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

/// The SMS form's values: as stored, or as the administrator typed them.
struct SmsForm {
    provider: String,
    twilio_sid: String,
    token_saved: bool,
    from: String,
    messaging_service_sid: String,
    twilio_api_url: String,
    syntax: String,
    template: String,
    length: String,
    time_step: String,
    disable_signup: bool,
    test_to: String,
}

#[derive(Template)]
#[template(path = "admin/connection_sms.html")]
struct SmsPage {
    chrome: Chrome,
    name: String,
    form: SmsForm,
    preview: String,
    error: Option<FieldError>,
}

impl FormPage for SmsPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

struct EmailForm {
    from: String,
    subject: String,
    body: String,
    text_body: String,
    length: String,
    time_step: String,
    disable_signup: bool,
    confirm_magic_link: bool,
}

#[derive(Template)]
#[template(path = "admin/connection_email.html")]
struct EmailPage {
    chrome: Chrome,
    name: String,
    form: EmailForm,
    preview_subject: String,
    preview_text: String,
    error: Option<FieldError>,
}

impl FormPage for EmailPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

struct ProviderForm {
    name: String,
    default_from_address: String,
    smtp_host: String,
    smtp_port: String,
    smtp_user: String,
    pass_saved: bool,
    smtp_tls: String,
    test_to: String,
}

#[derive(Template)]
#[template(path = "admin/email_provider.html")]
struct ProviderPage {
    chrome: Chrome,
    form: ProviderForm,
    error: Option<FieldError>,
}

impl FormPage for ProviderPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

const SMS_FIELDS: &[&str] = &[
    "provider",
    "twilio_sid",
    "twilio_token",
    "from",
    "messaging_service_sid",
    "twilio_api_url",
    "syntax",
    "template",
    "totp.length",
    "totp.time_step",
    "test_to",
];
const EMAIL_FIELDS: &[&str] = &[
    "email.from",
    "email.subject",
    "email.body",
    "email.text_body",
    "totp.length",
    "totp.time_step",
];
const PROVIDER_FIELDS: &[&str] = &[
    "default_from_address",
    "smtp_host",
    "smtp_port",
    "smtp_user",
    "smtp_pass",
    "test_to",
];

fn tls_name(tls: SmtpTls) -> &'static str {
    match tls {
        SmtpTls::None => "none",
        SmtpTls::Starttls => "starttls",
        SmtpTls::Tls => "tls",
    }
}

/// `GET /admin/connections`.
pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "connections", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    list_page(&state, jar, chrome, String::new(), None).await
}

async fn list_page(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    new_name: String,
    error: Option<FieldError>,
) -> Response {
    let records = match state.core.store.connections().await {
        Ok(r) => r,
        Err(e) => return internal(e.into()),
    };
    let mut connections = Vec::new();
    for record in records {
        let summary = match state.core.connection_options(&record.name).await {
            Ok(Some(ConnectionOptions::Sms(o))) => match o.provider {
                SmsProvider::Twilio => format!(
                    "Twilio, from {}",
                    o.from
                        .clone()
                        .or(o.messaging_service_sid.clone())
                        .unwrap_or_default()
                ),
                SmsProvider::Log => "Development: texts go to the server log".into(),
            },
            Ok(Some(ConnectionOptions::Email(o))) => {
                if o.email.body.is_some() {
                    "Custom template".into()
                } else {
                    "Built-in templates".into()
                }
            }
            Ok(None) => continue,
            Err(e) => return internal(e),
        };
        connections.push(ConnectionRow {
            strategy: match record.strategy {
                Strategy::Sms => "SMS",
                Strategy::Email => "Email",
            },
            name: record.name,
            summary,
        });
    }
    let email_provider =
        match crate::domain::management::email_provider::email_provider(&state.core).await {
            Ok(Some(p)) if p.name == "smtp" => p
                .credentials
                .map(|c| format!("SMTP {}:{}", c.smtp_host, c.smtp_port))
                .unwrap_or_default(),
            Ok(_) => "Development: email goes to the server log".into(),
            Err(e) => return internal(e),
        };
    let body = ListPage {
        connections,
        email_provider,
        passkeys: match crate::domain::login::passkey::passkeys_enabled(&state.core).await {
            Ok(on) => on,
            Err(e) => return internal(e),
        },
        passkeys_possible: crate::domain::login::passkey::passkeys_possible(&state.core),
        device_keys: match crate::domain::management::device_credentials::device_keys_enabled(
            &state.core,
        )
        .await
        {
            Ok(on) => on,
            Err(e) => return internal(e),
        },
        chrome,
        new_name,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

/// `POST /admin/connections` `{name, strategy}`: a new SMS connection starts on the
/// development log provider (to be pointed at Twilio on its page), an email one on the
/// built-in templates.
pub async fn create(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let name = fields.text("name");
    let (strategy, options) = match fields.text("strategy").as_str() {
        "email" => (Strategy::Email, json!({})),
        _ => (Strategy::Sms, json!({"provider": "log"})),
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
            record_change(&state, &who, &format!("Create the connection {name}")).await;
            done(&format!("/admin/connections/{name}"), "Connection created")
        }
        Err(
            crate::domain::DomainError::InvalidRequest(m) | crate::domain::DomainError::Conflict(m),
        ) => {
            let chrome = Chrome {
                admin: who.recipient,
                section: "connections",
                notice: None,
                csrf: fields.text("csrf"),
            };
            let error = FieldError {
                field: "name".into(),
                message: m,
            };
            list_page(&state, jar, chrome, name, Some(error)).await
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/passkeys` `{enabled: true | false}`: switches passkeys on or off for the
/// hosted login and the native API, at once on every instance.
pub async fn switch_passkeys(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let on = fields.text("enabled") == "true";
    match crate::domain::login::passkey::set_passkeys_enabled(&state.core, on).await {
        Ok(()) => {
            let what = if on {
                "Switch passkeys on"
            } else {
                "Switch passkeys off"
            };
            record_change(&state, &who, what).await;
            done(
                "/admin/connections",
                if on {
                    "Passkeys are on"
                } else {
                    "Passkeys are off"
                },
            )
        }
        Err(crate::domain::DomainError::InvalidRequest(m)) => done("/admin/connections", &m),
        Err(e) => internal(e),
    }
}

/// `POST /admin/device-keys` `{enabled: true | false}`: device-key (Touch ID) registration
/// and login on or off, at once on every instance.
pub async fn switch_device_keys(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let on = fields.text("enabled") == "true";
    if let Err(e) =
        crate::domain::management::device_credentials::set_device_keys_enabled(&state.core, on)
            .await
    {
        return internal(e);
    }
    let (what, notice) = if on {
        ("Switch device keys (Touch ID) on", "Touch ID is on")
    } else {
        ("Switch device keys (Touch ID) off", "Touch ID is off")
    };
    record_change(&state, &who, what).await;
    done("/admin/connections", notice)
}

/// `POST /admin/connections/{name}/delete`: the connection and its users.
pub async fn delete(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match crate::domain::management::connections::delete_connection(&state.core, &name).await {
        Ok(true) => {
            record_change(&state, &who, &format!("Delete the connection {name}")).await;
            done(
                "/admin/connections",
                &format!("Connection {name} deleted, with its users"),
            )
        }
        Ok(false) => not_found("connection"),
        Err(e) => internal(e),
    }
}

fn sms_form(o: &SmsOptions) -> SmsForm {
    SmsForm {
        provider: match o.provider {
            SmsProvider::Twilio => "twilio".into(),
            SmsProvider::Log => "log".into(),
        },
        twilio_sid: o.twilio_sid.clone().unwrap_or_default(),
        token_saved: o.twilio_token.is_some(),
        from: o.from.clone().unwrap_or_default(),
        messaging_service_sid: o.messaging_service_sid.clone().unwrap_or_default(),
        twilio_api_url: o.twilio_api_url.clone(),
        syntax: match o.syntax {
            Syntax::MdWithMacros => "md_with_macros".into(),
            Syntax::Liquid => "liquid".into(),
        },
        template: o.template.clone(),
        length: o.totp.length.to_string(),
        time_step: o.totp.time_step.to_string(),
        disable_signup: o.disable_signup,
        test_to: String::new(),
    }
}

fn sms_preview(syntax: &str, text: &str) -> String {
    let syntax = if syntax == "liquid" {
        Syntax::Liquid
    } else {
        Syntax::MdWithMacros
    };
    template::render(
        syntax,
        text,
        &SmsContext {
            code: SAMPLE_CODE,
            phone_number: "+14155550100",
            application_name: "My App",
            request_language: Some("en"),
        },
    )
    .unwrap_or_else(|e| format!("(the template does not render: {e})"))
}

fn email_form(o: &EmailOptions) -> EmailForm {
    EmailForm {
        from: o.email.from.clone().unwrap_or_default(),
        subject: o.email.subject.clone().unwrap_or_default(),
        body: o.email.body.clone().unwrap_or_default(),
        text_body: o.email.text_body.clone().unwrap_or_default(),
        length: o.totp.length.to_string(),
        time_step: o.totp.time_step.to_string(),
        disable_signup: o.disable_signup,
        confirm_magic_link: o.confirm_magic_link,
    }
}

fn email_preview(o: &EmailOptions) -> (String, String) {
    let ctx = EmailContext {
        code: SAMPLE_CODE,
        link: "",
        send: SendMode::Code,
        application_name: "My App",
        email: "someone@example.com",
        request_language: Some("en"),
        expires_in_minutes: (o.totp.time_step + 59) / 60,
    };
    match o.render(&ctx) {
        Ok(m) => (m.subject, m.text),
        Err(e) => (
            String::new(),
            format!("(the template does not render: {e})"),
        ),
    }
}

fn render_sms(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    name: String,
    form: SmsForm,
    error: Option<FieldError>,
) -> Response {
    let preview = sms_preview(&form.syntax, &form.template);
    let body = SmsPage {
        chrome,
        name,
        form,
        preview,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

fn render_email(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    name: String,
    form: EmailForm,
    preview: (String, String),
    error: Option<FieldError>,
) -> Response {
    let body = EmailPage {
        chrome,
        name,
        form,
        preview_subject: preview.0,
        preview_text: preview.1,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

/// `GET /admin/connections/{name}`.
pub async fn edit(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "connections", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match state.core.connection_options(&name).await {
        Ok(Some(ConnectionOptions::Sms(o))) => {
            render_sms(&state, jar, chrome, name, sms_form(&o), None)
        }
        Ok(Some(ConnectionOptions::Email(o))) => {
            let preview = email_preview(&o);
            render_email(&state, jar, chrome, name, email_form(&o), preview, None)
        }
        Ok(None) => not_found("connection"),
        Err(e) => internal(e),
    }
}

/// A number field, or the error to show next to it.
fn number(fields: &Fields, key: &str) -> Result<i64, FieldError> {
    fields.text(key).parse::<i64>().map_err(|_| FieldError {
        field: key.into(),
        message: format!("{key} must be a whole number"),
    })
}

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

/// The stored options with the form's changes, in Auth0's option names.
fn sms_options(stored: &Value, fields: &Fields) -> Result<Value, FieldError> {
    let mut map = stored.as_object().cloned().unwrap_or_default();
    // Left out, the sealed token stays; typed, it replaces it.
    map.remove("twilio_token");
    set(&mut map, "twilio_token", fields.opt("twilio_token"));
    set(&mut map, "provider", fields.opt("provider"));
    set(&mut map, "twilio_sid", fields.opt("twilio_sid"));
    set(&mut map, "from", fields.opt("from"));
    set(
        &mut map,
        "messaging_service_sid",
        fields.opt("messaging_service_sid"),
    );
    set(&mut map, "twilio_api_url", fields.opt("twilio_api_url"));
    set(&mut map, "syntax", fields.opt("syntax"));
    map.insert("template".into(), Value::String(fields.raw("template")));
    map.insert(
        "totp".into(),
        json!({"length": number(fields, "totp.length")?, "time_step": number(fields, "totp.time_step")?}),
    );
    map.insert(
        "disable_signup".into(),
        Value::Bool(fields.checked("disable_signup")),
    );
    Ok(Value::Object(map))
}

fn email_options(stored: &Value, fields: &Fields) -> Result<Value, FieldError> {
    let mut map = stored.as_object().cloned().unwrap_or_default();
    let mut email = map
        .get("email")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    set(&mut email, "from", fields.opt("email.from"));
    set(&mut email, "subject", fields.opt("email.subject"));
    set(
        &mut email,
        "body",
        Some(fields.raw("email.body")).filter(|b| !b.trim().is_empty()),
    );
    set(
        &mut email,
        "text_body",
        Some(fields.raw("email.text_body")).filter(|b| !b.trim().is_empty()),
    );
    map.insert("email".into(), Value::Object(email));
    map.insert(
        "totp".into(),
        json!({"length": number(fields, "totp.length")?, "time_step": number(fields, "totp.time_step")?}),
    );
    map.insert(
        "disable_signup".into(),
        Value::Bool(fields.checked("disable_signup")),
    );
    map.insert(
        "confirm_magic_link".into(),
        Value::Bool(fields.checked("confirm_magic_link")),
    );
    Ok(Value::Object(map))
}

fn typed_sms_form(fields: &Fields, token_saved: bool) -> SmsForm {
    SmsForm {
        provider: fields.text("provider"),
        twilio_sid: fields.text("twilio_sid"),
        token_saved,
        from: fields.text("from"),
        messaging_service_sid: fields.text("messaging_service_sid"),
        twilio_api_url: fields.text("twilio_api_url"),
        syntax: fields.text("syntax"),
        template: fields.raw("template"),
        length: fields.text("totp.length"),
        time_step: fields.text("totp.time_step"),
        disable_signup: fields.checked("disable_signup"),
        test_to: fields.text("test_to"),
    }
}

fn typed_email_form(fields: &Fields) -> EmailForm {
    EmailForm {
        from: fields.text("email.from"),
        subject: fields.text("email.subject"),
        body: fields.raw("email.body"),
        text_body: fields.raw("email.text_body"),
        length: fields.text("totp.length"),
        time_step: fields.text("totp.time_step"),
        disable_signup: fields.checked("disable_signup"),
        confirm_magic_link: fields.checked("confirm_magic_link"),
    }
}

/// `POST /admin/connections/{name}`: saves the connection; a refused value is shown next
/// to its field with everything else as typed.
pub async fn save(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let record = match state.core.store.connection(&name).await {
        Ok(Some(r)) => r,
        Ok(None) => return not_found("connection"),
        Err(e) => return internal(e.into()),
    };
    let chrome = Chrome {
        admin: who.recipient.clone(),
        section: "connections",
        notice: None,
        csrf: fields.text("csrf"),
    };
    let (options, allowed) = match record.strategy {
        Strategy::Sms => (sms_options(&record.options, &fields), SMS_FIELDS),
        Strategy::Email => (email_options(&record.options, &fields), EMAIL_FIELDS),
    };
    let outcome = match options {
        Ok(o) => crate::domain::management::connections::save_connection(
            &state.core,
            &name,
            None,
            o,
            false,
        )
        .await
        .map_err(|e| match e {
            crate::domain::DomainError::InvalidRequest(m) => Ok(FieldError::place(&m, allowed)),
            other => Err(other),
        }),
        Err(field_error) => Err(Ok(field_error)),
    };
    match outcome {
        Ok(_) => {
            record_change(&state, &who, &format!("Update the connection {name}")).await;
            done(&format!("/admin/connections/{name}"), "Saved")
        }
        Err(Err(e)) => internal(e),
        Err(Ok(error)) => match record.strategy {
            Strategy::Sms => {
                let saved = record.options.get("twilio_token").is_some();
                render_sms(
                    &state,
                    jar,
                    chrome,
                    name,
                    typed_sms_form(&fields, saved),
                    Some(error),
                )
            }
            Strategy::Email => {
                let typed = typed_email_form(&fields);
                let preview = (String::new(), String::new());
                render_email(&state, jar, chrome, name, typed, preview, Some(error))
            }
        },
    }
}

async fn record_change(state: &AppState, who: &crate::domain::model::User, what: &str) {
    record(state, who, what).await;
}

/// `POST /admin/connections/{name}/test`: one text with the saved template and a sample code.
pub async fn test_sms(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let to = fields.text("test_to");
    match crate::domain::management::checks::send_test_sms(&state.core, &name, &to).await {
        Ok(_) => {
            record_change(&state, &who, &format!("Send a test text through {name}")).await;
            done(
                &format!("/admin/connections/{name}"),
                &format!("Test text sent to {to}"),
            )
        }
        Err(e) => {
            let message = match &e {
                crate::domain::DomainError::BadStartRequest { description, .. } => {
                    description.clone()
                }
                crate::domain::DomainError::DeliveryFailed(m)
                | crate::domain::DomainError::InvalidRequest(m) => {
                    format!("Not sent: {m}")
                }
                _ => return internal(e),
            };
            let options = match state.core.connection_options(&name).await {
                Ok(Some(ConnectionOptions::Sms(o))) => o,
                Ok(_) => return not_found("SMS connection"),
                Err(e) => return internal(e),
            };
            let mut typed = sms_form(&options);
            typed.test_to = to;
            let chrome = Chrome {
                admin: who.recipient,
                section: "connections",
                notice: None,
                csrf: fields.text("csrf"),
            };
            render_sms(
                &state,
                jar,
                chrome,
                name,
                typed,
                Some(FieldError {
                    field: "test_to".into(),
                    message,
                }),
            )
        }
    }
}

fn provider_form(p: Option<EmailProvider>) -> ProviderForm {
    let c = p
        .as_ref()
        .and_then(|p| p.credentials.clone())
        .unwrap_or(SmtpCredentials {
            smtp_port: 587,
            ..Default::default()
        });
    ProviderForm {
        name: p
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "log".into()),
        default_from_address: p.map(|p| p.default_from_address).unwrap_or_default(),
        smtp_host: c.smtp_host,
        smtp_port: c.smtp_port.to_string(),
        smtp_user: c.smtp_user.unwrap_or_default(),
        pass_saved: false,
        smtp_tls: tls_name(c.smtp_tls).into(),
        test_to: String::new(),
    }
}

fn render_provider(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    form: ProviderForm,
    error: Option<FieldError>,
) -> Response {
    let body = ProviderPage {
        chrome,
        form,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

async fn current_provider(state: &AppState) -> Result<ProviderForm, crate::domain::DomainError> {
    let shown = crate::domain::management::email_provider::email_provider(&state.core).await?;
    let mut form = provider_form(shown);
    form.pass_saved =
        crate::domain::management::email_provider::email_provider_has_password(&state.core).await?;
    Ok(form)
}

/// `GET /admin/email-provider`.
pub async fn email_provider(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "connections", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match current_provider(&state).await {
        Ok(form) => render_provider(&state, jar, chrome, form, None),
        Err(e) => internal(e),
    }
}

/// `POST /admin/email-provider`.
pub async fn save_email_provider(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let chrome = Chrome {
        admin: who.recipient.clone(),
        section: "connections",
        notice: None,
        csrf: fields.text("csrf"),
    };
    let typed = |saved: bool| ProviderForm {
        name: fields.text("name"),
        default_from_address: fields.text("default_from_address"),
        smtp_host: fields.text("smtp_host"),
        smtp_port: fields.text("smtp_port"),
        smtp_user: fields.text("smtp_user"),
        pass_saved: saved,
        smtp_tls: fields.text("smtp_tls"),
        test_to: String::new(),
    };
    let saved =
        match crate::domain::management::email_provider::email_provider_has_password(&state.core)
            .await
        {
            Ok(s) => s,
            Err(e) => return internal(e),
        };
    let Ok(port) = fields.text("smtp_port").parse::<u16>() else {
        let error = FieldError {
            field: "smtp_port".into(),
            message: "smtp_port must be a port number (1 to 65535)".into(),
        };
        return render_provider(&state, jar, chrome, typed(saved), Some(error));
    };
    let tls = match fields.text("smtp_tls").as_str() {
        "none" => SmtpTls::None,
        "tls" => SmtpTls::Tls,
        _ => SmtpTls::Starttls,
    };
    let name = if fields.text("name") == "log" {
        "log"
    } else {
        "smtp"
    };
    let provider = EmailProvider {
        name: name.into(),
        default_from_address: fields.text("default_from_address"),
        credentials: (name == "smtp").then(|| SmtpCredentials {
            smtp_host: fields.text("smtp_host"),
            smtp_port: port,
            smtp_user: fields.opt("smtp_user"),
            smtp_pass: fields.opt("smtp_pass"),
            smtp_tls: tls,
        }),
        enabled: true,
    };
    match crate::domain::management::email_provider::set_email_provider(&state.core, provider).await
    {
        Ok(_) => {
            record_change(&state, &who, "Set the email provider").await;
            done("/admin/email-provider", "Saved")
        }
        Err(crate::domain::DomainError::InvalidRequest(m)) => {
            let error = FieldError::place(&m, PROVIDER_FIELDS);
            render_provider(&state, jar, chrome, typed(saved), Some(error))
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/email-provider/test`.
pub async fn test_email(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let to = fields.text("test_to");
    match crate::domain::management::checks::send_test_email(&state.core, &to).await {
        Ok(()) => {
            record_change(&state, &who, "Send a test email").await;
            done("/admin/email-provider", &format!("Test email sent to {to}"))
        }
        Err(
            crate::domain::DomainError::EmailDeliveryFailed(m)
            | crate::domain::DomainError::InvalidRequest(m),
        ) => {
            let mut form = match current_provider(&state).await {
                Ok(f) => f,
                Err(e) => return internal(e),
            };
            form.test_to = to;
            let chrome = Chrome {
                admin: who.recipient,
                section: "connections",
                notice: None,
                csrf: fields.text("csrf"),
            };
            let error = FieldError {
                field: "test_to".into(),
                message: format!("Not sent: {m}"),
            };
            render_provider(&state, jar, chrome, form, Some(error))
        }
        Err(e) => internal(e),
    }
}
