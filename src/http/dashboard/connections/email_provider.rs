//! The email provider's page: SMTP (host, port, user, the password write-only, TLS) or the
//! development log, and "send a test email".

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::domain::DomainError;
use crate::domain::i18n::Lang;
use crate::domain::management::email_provider::{EmailProvider, SmtpCredentials};
use crate::domain::ports::SmtpTls;
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, page, show};
use crate::http::dashboard::field_error::{FieldError, outcome};
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage, Fields};

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

page!(
    ProviderPage,
    fields: &[
        "default_from_address",
        "smtp_host",
        "smtp_port",
        "smtp_user",
        "smtp_pass",
        "test_to",
    ],
    labels: &[
        ("default_from_address", "default_from_address", "dash-conn-default-sender"),
        ("smtp_host", "smtp_host", "dash-conn-smtp-host"),
        ("smtp_port", "smtp_port", "dash-conn-smtp-port"),
        ("smtp_user", "smtp_user", "dash-conn-smtp-user"),
        ("smtp_pass", "smtp_pass", "dash-conn-smtp-password"),
        ("test_to", "test_to", "dash-conn-test-email-to"),
    ]
);

fn tls_name(tls: SmtpTls) -> &'static str {
    match tls {
        SmtpTls::None => "none",
        SmtpTls::Starttls => "starttls",
        SmtpTls::Tls => "tls",
    }
}

/// The form as stored (the password never shown, only whether there is one).
async fn stored(state: &AppState) -> Result<ProviderForm, DomainError> {
    let p = crate::domain::management::email_provider::email_provider(&state.core).await?;
    let c = p
        .as_ref()
        .and_then(|p| p.credentials.clone())
        .unwrap_or(SmtpCredentials {
            smtp_port: 587,
            ..Default::default()
        });
    Ok(ProviderForm {
        name: p
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_else(|| "log".into()),
        default_from_address: p.map(|p| p.default_from_address).unwrap_or_default(),
        smtp_host: c.smtp_host,
        smtp_port: c.smtp_port.to_string(),
        smtp_user: c.smtp_user.unwrap_or_default(),
        pass_saved: crate::domain::management::email_provider::email_provider_has_password(
            &state.core,
        )
        .await?,
        smtp_tls: tls_name(c.smtp_tls).into(),
        test_to: String::new(),
    })
}

fn typed(fields: &Fields, pass_saved: bool) -> ProviderForm {
    ProviderForm {
        name: fields.text("name"),
        default_from_address: fields.text("default_from_address"),
        smtp_host: fields.text("smtp_host"),
        smtp_port: fields.text("smtp_port"),
        smtp_user: fields.text("smtp_user"),
        pass_saved,
        smtp_tls: fields.text("smtp_tls"),
        test_to: String::new(),
    }
}

fn render(
    state: &AppState,
    admin: Admin,
    form: ProviderForm,
    error: Option<FieldError>,
) -> Response {
    let body = ProviderPage {
        chrome: admin.chrome("connections"),
        form,
        error,
    };
    show(state, admin.jar, &body)
}

/// `GET /admin/email-provider`.
pub(super) async fn show_page(
    State(state): State<AppState>,
    AdminPage(admin): AdminPage,
) -> Response {
    match stored(&state).await {
        Ok(form) => render(&state, admin, form, None),
        Err(e) => internal(e),
    }
}

/// The provider as typed, or the port that does not read (refused in `t`'s words).
fn provider(fields: &Fields, t: &Lang) -> Result<EmailProvider, FieldError> {
    let port = fields.text("smtp_port").parse::<u16>().map_err(|_| {
        let label = t.text("dash-conn-smtp-port");
        FieldError::at(
            "smtp_port",
            t.with("dash-conn-port-number", "field", &label),
        )
    })?;
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
    Ok(EmailProvider {
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
    })
}

/// `POST /admin/email-provider`.
pub(super) async fn save(State(state): State<AppState>, AdminForm(form): AdminForm) -> Answer {
    let has_password =
        crate::domain::management::email_provider::email_provider_has_password(&state.core).await;
    let pass_saved = has_password.map_err(internal)?;
    let saved = match provider(&form.fields, form.t) {
        Ok(p) => outcome::<ProviderPage, _>(
            crate::domain::management::email_provider::set_email_provider(&state.core, p).await,
        )?,
        Err(refused) => Err(refused),
    };
    if let Err(error) = saved {
        let typed = typed(&form.fields, pass_saved);
        return Ok(render(&state, form, typed, Some(error)));
    }
    form.record(&state, "Set the email provider").await;
    Ok(done(
        "/admin/email-provider",
        &form.t.text("dash-conn-saved"),
    ))
}

/// `POST /admin/email-provider/test`.
pub(super) async fn test(State(state): State<AppState>, AdminForm(form): AdminForm) -> Response {
    let to = form.fields.text("test_to");
    let m = match crate::domain::management::checks::send_test_email(&state.core, &to).await {
        Ok(()) => {
            form.record(&state, "Send a test email").await;
            let notice = form.t.with("dash-conn-test-email-sent", "to", &to);
            return done("/admin/email-provider", &notice);
        }
        Err(DomainError::EmailDeliveryFailed(m) | DomainError::InvalidRequest(m)) => m,
        Err(e) => return internal(e),
    };
    let stored = match stored(&state).await {
        Ok(f) => f,
        Err(e) => return internal(e),
    };
    let error = FieldError::at("test_to", form.t.with("dash-conn-not-sent", "reason", &m));
    render(
        &state,
        form,
        ProviderForm {
            test_to: to,
            ..stored
        },
        Some(error),
    )
}
