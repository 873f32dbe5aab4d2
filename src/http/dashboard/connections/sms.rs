//! An SMS connection's page: its delivery (the provider and its settings, failover
//! providers, country routes and WhatsApp, see [`super::sms_delivery`]; secrets
//! write-only; the page's view of them in [`super::sms_delivery_view`]), template with a
//! preview, code rules, sign-up; and "send a test SMS", which goes through the saved
//! providers as a login's text does.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::Value;

use super::sms_delivery;
use super::sms_delivery_view::{DeliveryView, Views};
use super::{SAMPLE_CODE, set, store, totp};
use crate::domain::DomainError;
use crate::domain::channels::message::Outgoing;
use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::i18n::{Arg, Lang};
use crate::domain::template::{self, Syntax};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, not_found, show};
use crate::http::dashboard::field_error::{CONFIRM, FieldError};
use crate::http::dashboard::form::{Admin, AdminForm, Fields};

/// The SMS form's message and code values: as stored, or as the administrator typed them.
struct SmsForm {
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
    delivery: DeliveryView,
    preview: String,
    error: Option<FieldError>,
}

impl Page for SmsPage {
    /// A refusal of a delivery field (`failover[2].twilio_sid` too) is shown at it.
    fn refused(e: crate::domain::validation::FieldError) -> FieldError {
        let e = FieldError::from(e);
        if sms_delivery::is_field(&e.field) {
            e
        } else {
            e.on(Self::FIELDS)
        }
    }

    const FIELDS: &'static [&'static str] = &[
        "syntax",
        "template",
        "totp.length",
        "totp.time_step",
        "test_to",
        CONFIRM,
    ];

    /// The message half's labels; a delivery field's refusal is shown at its own input,
    /// named by the field's label there.
    const LABELS: &'static [(&'static str, &'static str, &'static str)] = &[
        ("syntax", "syntax", "dash-conn-syntax"),
        ("template", "template", "dash-conn-message"),
        ("totp.length", "totp-length", "dash-conn-code-length"),
        (
            "totp.time_step",
            "totp-time_step",
            "dash-conn-code-lifetime",
        ),
        ("test_to", "test_to", "dash-conn-phone"),
        (CONFIRM, "confirm-delete", "dash-conn-confirm-label"),
    ];

    fn refusal(&self) -> Option<&FieldError> {
        self.error.as_ref()
    }

    fn chrome(&self) -> &Chrome {
        &self.chrome
    }

    /// A delivery field's label is its spec's, wherever its entry stands.
    fn label_of(&self, field: &str) -> Option<String> {
        Self::LABELS
            .iter()
            .find(|(name, _, _)| *name == field)
            .map(|(_, _, key)| self.chrome.t.text(key))
            .or_else(|| sms_delivery::label_of(field).map(|key| self.chrome.t.text(key)))
    }

    /// A delivery field's input is named after the field (`failover-1-twilio_sid`).
    fn input_id(&self, field: &str) -> String {
        match Self::LABELS.iter().find(|(name, _, _)| *name == field) {
            Some((_, id, _)) => id.to_string(),
            None => sms_delivery::id_of(field),
        }
    }
}

impl SmsPage {
    /// The hint under the message: its macros, and Liquid's variables.
    fn macros_hint(&self) -> String {
        let args = [
            ("code", Arg::Text("{{ code }}")),
            ("app", Arg::Text("{{ application.name }}")),
        ];
        self.chrome.t.format("dash-conn-sms-macros-hint", &args)
    }
}

/// The form as stored.
fn form(o: &SmsOptions) -> SmsForm {
    SmsForm {
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
fn typed(fields: &Fields) -> SmsForm {
    SmsForm {
        syntax: fields.text("syntax"),
        template: fields.raw("template"),
        length: fields.text("totp.length"),
        time_step: fields.text("totp.time_step"),
        disable_signup: fields.checked("disable_signup"),
        test_to: fields.text("test_to"),
    }
}

/// The message with the sample code, or why it does not render (in `t`'s words around
/// the template's own).
fn preview(syntax: &str, text: &str, t: &Lang) -> String {
    let syntax = if syntax == "liquid" {
        Syntax::Liquid
    } else {
        Syntax::MdWithMacros
    };
    template::render(syntax, text, &Outgoing::sample("+14155550100", SAMPLE_CODE))
        .unwrap_or_else(|e| t.with("dash-conn-preview-failed", "error", &e.to_string()))
}

/// The page: `stored` is the connection's stored options, shown with the post over them
/// after a refusal (`typed`).
fn render(
    state: &AppState,
    admin: Admin,
    name: String,
    (form, stored, typed): (SmsForm, &Value, bool),
    error: Option<FieldError>,
) -> Response {
    let views = Views {
        t: admin.t,
        stored,
        error: error.as_ref(),
    };
    let body = SmsPage {
        chrome: admin.chrome("connections"),
        preview: preview(&form.syntax, &form.template, admin.t),
        delivery: views.build(typed.then_some(&admin.fields)),
        name,
        form,
        error,
    };
    show(state, admin.jar, &body)
}

/// The stored options with the form's changes, in Auth0's option names; a value that does
/// not read is refused in `t`'s words.
fn options(stored: &Value, fields: &Fields, t: &Lang) -> Result<Value, FieldError> {
    let mut map = stored.as_object().cloned().unwrap_or_default();
    sms_delivery::merge(&mut map, fields, t)?;
    set(&mut map, "syntax", fields.opt("syntax"));
    map.insert("template".into(), Value::String(fields.raw("template")));
    map.insert("totp".into(), totp(fields, t)?);
    map.insert(
        "disable_signup".into(),
        Value::Bool(fields.checked("disable_signup")),
    );
    Ok(Value::Object(map))
}

/// Saves an SMS connection from its form, in one store write; refused, the form comes back
/// as typed (but for its secrets).
pub(super) async fn save(state: &AppState, form: Admin, name: String, stored: &Value) -> Answer {
    let options = options(stored, &form.fields, form.t);
    store::<SmsPage>(state, form, name, options, |form, name, error| {
        let shown = (typed(&form.fields), stored, true);
        render(state, form, name, shown, Some(error))
    })
    .await
}

/// The page with the stored options, and the refusal to show, if any.
pub(super) fn edit(
    state: &AppState,
    admin: Admin,
    name: String,
    o: &SmsOptions,
    error: Option<FieldError>,
) -> Response {
    let stored = serde_json::to_value(o).unwrap_or_default();
    render(state, admin, name, (form(o), &stored, false), error)
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
                let notice = form.t.with("dash-conn-test-sms-sent", "to", &to);
                return done(&format!("/admin/connections/{name}"), &notice);
            }
            Err(DomainError::BadStartRequest { description, .. }) => description,
            Err(DomainError::DeliveryFailed(m) | DomainError::InvalidRequest(m)) => {
                form.t.with("dash-conn-not-sent", "reason", &m)
            }
            Err(e) => return internal(e),
        };
    let options = match state.core.connection_options(&name).await {
        Ok(Some(ConnectionOptions::Sms(o))) => o,
        Ok(Some(ConnectionOptions::Email(_)) | None) => return not_found("SMS connection"),
        Err(e) => return internal(e),
    };
    let shown = SmsForm {
        test_to: to,
        ..self::form(&options)
    };
    let stored = serde_json::to_value(&options).unwrap_or_default();
    render(
        &state,
        form,
        name,
        (shown, &stored, false),
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
        let en = crate::domain::i18n::english();
        let o = options(&stored, &fields, en).unwrap_or_default();
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
        let refused = options(&stored, &fields, en).err();
        assert_eq!(refused.map(|e| e.field), Some("totp.length".into()));
    }

    #[test]
    fn the_preview_shows_the_sample_code() {
        let en = crate::domain::i18n::english();
        assert!(preview("md_with_macros", "Code @@password@@", en).contains(SAMPLE_CODE));
        assert!(preview("liquid", "{{ code }}", en).contains(SAMPLE_CODE));
    }
}
