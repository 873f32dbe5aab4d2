//! An email connection's page: sender, subject, HTML and text bodies with a preview, code
//! rules, sign-up, and whether a magic link asks before it signs in.

use askama::Template;
use axum::response::Response;
use serde_json::Value;

use super::{SAMPLE_CODE, set, store, totp};
use crate::domain::channels::message::Outgoing;
use crate::domain::connections::email::EmailOptions;
use crate::domain::i18n::{Arg, Lang};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, page, show};
use crate::http::dashboard::field_error::{CONFIRM, FieldError};
use crate::http::dashboard::form::{Admin, Fields};

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

page!(
    EmailPage,
    fields: &[
        "email.from",
        "email.subject",
        "email.body",
        "email.text_body",
        "totp.length",
        "totp.time_step",
        CONFIRM,
    ],
    labels: &[
        ("email.from", "email-from", "dash-conn-email-from"),
        ("email.subject", "email-subject", "dash-conn-email-subject"),
        ("email.body", "email-body", "dash-conn-email-body"),
        ("email.text_body", "email-text_body", "dash-conn-email-text-body"),
        ("totp.length", "totp-length", "dash-conn-code-length"),
        ("totp.time_step", "totp-time_step", "dash-conn-code-lifetime"),
        (CONFIRM, "confirm-delete", "dash-conn-confirm-label"),
    ]
);

impl EmailPage {
    /// The hint under the body: Liquid's variables.
    fn body_hint(&self) -> String {
        let args = [
            ("code", Arg::Text("{{ code }}")),
            ("link", Arg::Text("{{ link }}")),
            ("app", Arg::Text("{{ application.name }}")),
            ("email", Arg::Text("{{ email }}")),
        ];
        self.chrome.t.format("dash-conn-email-body-hint", &args)
    }
}

fn form(o: &EmailOptions) -> EmailForm {
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

fn typed(fields: &Fields) -> EmailForm {
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

/// The subject and text of a code email with the stored templates, or why they do not
/// render (in `t`'s words around the template's own).
fn preview(o: &EmailOptions, t: &Lang) -> (String, String) {
    let ctx = Outgoing::sample("someone@example.com", SAMPLE_CODE);
    match o.render(&ctx) {
        Ok(m) => (m.subject, m.text),
        Err(e) => (
            String::new(),
            t.with("dash-conn-preview-failed", "error", &e.to_string()),
        ),
    }
}

fn render(
    state: &AppState,
    admin: Admin,
    name: String,
    form: EmailForm,
    (preview_subject, preview_text): (String, String),
    error: Option<FieldError>,
) -> Response {
    let body = EmailPage {
        chrome: admin.chrome("connections"),
        name,
        form,
        preview_subject,
        preview_text,
        error,
    };
    show(state, admin.jar, &body)
}

/// The page with the stored options, and the refusal to show, if any.
pub(super) fn edit(
    state: &AppState,
    admin: Admin,
    name: String,
    o: &EmailOptions,
    error: Option<FieldError>,
) -> Response {
    let preview = preview(o, admin.t);
    render(state, admin, name, form(o), preview, error)
}

/// A body field as typed, or none when it holds only white space.
fn body(fields: &Fields, key: &str) -> Option<String> {
    Some(fields.raw(key)).filter(|b| !b.trim().is_empty())
}

/// The stored options with the form's changes, in Auth0's option names; a value that does
/// not read is refused in `t`'s words.
fn options(stored: &Value, fields: &Fields, t: &Lang) -> Result<Value, FieldError> {
    let mut map = stored.as_object().cloned().unwrap_or_default();
    let mut email = map
        .get("email")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    set(&mut email, "from", fields.opt("email.from"));
    set(&mut email, "subject", fields.opt("email.subject"));
    set(&mut email, "body", body(fields, "email.body"));
    set(&mut email, "text_body", body(fields, "email.text_body"));
    map.insert("email".into(), Value::Object(email));
    map.insert("totp".into(), totp(fields, t)?);
    for key in ["disable_signup", "confirm_magic_link"] {
        map.insert(key.into(), Value::Bool(fields.checked(key)));
    }
    Ok(Value::Object(map))
}

/// Saves an email connection from its form; refused, the form comes back as typed, without
/// a preview.
pub(super) async fn save(state: &AppState, form: Admin, name: String, stored: &Value) -> Answer {
    let options = options(stored, &form.fields, form.t);
    store::<EmailPage>(state, form, name, options, |form, name, error| {
        let typed = typed(&form.fields);
        render(state, form, name, typed, Default::default(), Some(error))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_empty_body_means_the_built_in_one() {
        let stored = json!({"email": {"body": "<p>old</p>", "syntax": "liquid"}, "totp": {}});
        let fields = Fields::parse(b"email.body=+%0D%0A&email.subject=Hi&totp.length=6&totp.time_step=60&confirm_magic_link=on");
        let o = options(&stored, &fields, crate::domain::i18n::english()).unwrap_or_default();
        assert!(o["email"].get("body").is_none());
        assert_eq!(o["email"]["subject"], "Hi");
        assert_eq!(o["email"]["syntax"], "liquid", "not on the form: kept");
        assert_eq!(o["confirm_magic_link"], true);
        assert_eq!(o["disable_signup"], false);
    }
}
