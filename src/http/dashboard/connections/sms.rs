//! An SMS connection's page: provider, Twilio credentials (the token write-only), sender,
//! template with a preview, code rules, sign-up; and "send a test SMS".

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::{SAMPLE_CODE, set, store, totp};
use crate::domain::DomainError;
use crate::domain::channels::message::Outgoing;
use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::template::{self, Syntax};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, not_found, page, show};
use crate::http::dashboard::field_error::FieldError;
use crate::http::dashboard::form::{Admin, AdminForm, Fields};

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

page!(
    SmsPage,
    fields: &[
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
    ],
    labels: &[
        ("provider", "provider", "Provider"),
        ("twilio_sid", "twilio_sid", "Twilio Account SID"),
        ("twilio_token", "twilio_token", "Twilio Auth Token"),
        ("from", "from", "From"),
        ("messaging_service_sid", "messaging_service_sid", "Messaging Service SID"),
        ("twilio_api_url", "twilio_api_url", "Twilio API URL"),
        ("syntax", "syntax", "Template syntax"),
        ("template", "template", "Message"),
        ("totp.length", "totp-length", "Code length"),
        ("totp.time_step", "totp-time_step", "Code lifetime"),
        ("test_to", "test_to", "Phone number"),
    ]
);

/// The form as stored.
fn form(o: &SmsOptions) -> SmsForm {
    SmsForm {
        provider: o.provider.as_str().into(),
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

/// The form as typed.
fn typed(fields: &Fields, token_saved: bool) -> SmsForm {
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

fn preview(syntax: &str, text: &str) -> String {
    let syntax = if syntax == "liquid" {
        Syntax::Liquid
    } else {
        Syntax::MdWithMacros
    };
    template::render(syntax, text, &Outgoing::sample("+14155550100", SAMPLE_CODE))
        .unwrap_or_else(|e| format!("(the template does not render: {e})"))
}

fn render(
    state: &AppState,
    admin: Admin,
    name: String,
    form: SmsForm,
    error: Option<FieldError>,
) -> Response {
    let body = SmsPage {
        chrome: admin.chrome("connections"),
        preview: preview(&form.syntax, &form.template),
        name,
        form,
        error,
    };
    show(state, admin.jar, &body)
}

/// The stored options with the form's changes, in Auth0's option names.
fn options(stored: &Value, fields: &Fields) -> Result<Value, FieldError> {
    let mut map = stored.as_object().cloned().unwrap_or_default();
    // Left out, the sealed token stays; typed, it replaces it.
    map.remove("twilio_token");
    for key in [
        "twilio_token",
        "provider",
        "twilio_sid",
        "from",
        "messaging_service_sid",
        "twilio_api_url",
        "syntax",
    ] {
        set(&mut map, key, fields.opt(key));
    }
    map.insert("template".into(), Value::String(fields.raw("template")));
    map.insert("totp".into(), totp(fields)?);
    map.insert(
        "disable_signup".into(),
        Value::Bool(fields.checked("disable_signup")),
    );
    Ok(Value::Object(map))
}

/// Saves an SMS connection from its form; refused, the form comes back as typed.
pub(super) async fn save(state: &AppState, form: Admin, name: String, stored: &Value) -> Answer {
    let token_saved = stored.get("twilio_token").is_some();
    let options = options(stored, &form.fields);
    store::<SmsPage>(state, form, name, options, |form, name, error| {
        let typed = typed(&form.fields, token_saved);
        render(state, form, name, typed, Some(error))
    })
    .await
}

/// The page with the stored options.
pub(super) fn edit(state: &AppState, admin: Admin, name: String, o: &SmsOptions) -> Response {
    render(state, admin, name, form(o), None)
}

/// `POST /admin/connections/{name}/test`: one text with the saved template and a sample code.
pub(super) async fn test(
    State(state): State<AppState>,
    Path(name): Path<String>,
    AdminForm(form): AdminForm,
) -> Response {
    let to = form.fields.text("test_to");
    let message =
        match crate::domain::channels::test_message::send_test_sms(&state.core, &name, &to).await {
            Ok(_) => {
                form.record(&state, &format!("Send a test text through {name}"))
                    .await;
                let notice = format!("Test text sent to {to}");
                return done(&format!("/admin/connections/{name}"), &notice);
            }
            Err(DomainError::BadStartRequest { description, .. }) => description,
            Err(DomainError::DeliveryFailed(m) | DomainError::InvalidRequest(m)) => {
                format!("Not sent: {m}")
            }
            Err(e) => return internal(e),
        };
    let options = match state.core.connection_options(&name).await {
        Ok(Some(ConnectionOptions::Sms(o))) => o,
        Ok(Some(ConnectionOptions::Email(_)) | None) => return not_found("SMS connection"),
        Err(e) => return internal(e),
    };
    let typed = SmsForm {
        test_to: to,
        ..self::form(&options)
    };
    render(
        &state,
        form,
        name,
        typed,
        Some(FieldError::at("test_to", message)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_form_changes_what_it_shows_and_keeps_the_rest() {
        let stored = json!({"provider": "twilio", "twilio_token": "sealed", "brute_force_protection": true, "from": "+1"});
        let fields = Fields::parse(b"provider=log&from=&template=Hi+%40%40password%40%40&totp.length=6&totp.time_step=300&disable_signup=on");
        let o = options(&stored, &fields).unwrap_or_default();
        assert_eq!(o["provider"], "log");
        assert!(
            o.get("twilio_token").is_none(),
            "an empty token field keeps none"
        );
        assert!(o.get("from").is_none(), "an emptied field is removed");
        assert_eq!(o["brute_force_protection"], true, "not on the form: kept");
        assert_eq!(o["totp"], json!({"length": 6, "time_step": 300}));
        assert_eq!(o["disable_signup"], true);
        let fields = Fields::parse(b"totp.length=six&totp.time_step=300");
        let refused = options(&stored, &fields).err();
        assert_eq!(refused.map(|e| e.field), Some("totp.length".into()));
    }

    #[test]
    fn the_preview_shows_the_sample_code() {
        assert!(preview("md_with_macros", "Code @@password@@").contains(SAMPLE_CODE));
        assert!(preview("liquid", "{{ code }}").contains(SAMPLE_CODE));
    }
}
