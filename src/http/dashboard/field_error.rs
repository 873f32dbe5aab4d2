//! A refused value on a dashboard form: which field it goes next to and what to say. Built
//! from the domain's typed `validation::FieldError` (a refusal in words names no field) or
//! from the dashboard's own checks (a number that does not read). `refusal` is the one place
//! a domain error becomes one.

use axum::response::Response;

use super::chrome::{Page, internal};
use crate::domain::DomainError;
use crate::domain::validation;

/// A field's error, shown next to it: the field's form name (empty: above the form) and
/// the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn at(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A domain refusal worded `<field> <message>`, even where the domain's text labels it
    /// `<field>: <message>`.
    pub fn unlabelled(e: validation::FieldError) -> Self {
        let field = e.field.strip_prefix("credentials.").unwrap_or(&e.field);
        if field.is_empty() {
            Self::at("", e.message)
        } else {
            Self::at(field, format!("{field} {}", e.message))
        }
    }

    /// The same refusal on a form with these fields: one it has no field for is shown above.
    pub fn on(mut self, fields: &[&str]) -> Self {
        if !fields.contains(&self.field.as_str()) {
            self.field.clear();
        }
        self
    }
}

/// The form name of a delete's confirmation, the name typed again (its input is
/// `confirm-delete` on every page that has one).
pub(super) const CONFIRM: &str = "confirm";

/// The "create" form under a list: empty, or after a refusal the name as typed and why.
#[derive(Default)]
pub(super) struct NewName {
    pub name: String,
    pub error: Option<FieldError>,
}

impl NewName {
    pub fn refused(name: String, message: impl Into<String>) -> Self {
        let error = Some(FieldError::at("name", message));
        Self { name, error }
    }
}

impl From<validation::FieldError> for FieldError {
    /// The path in Auth0's option shape is the form's field name, but for the email
    /// provider's `credentials.*`, which its form shows bare (in the message too). The
    /// message is the domain's text, which leads with the field's name.
    fn from(e: validation::FieldError) -> Self {
        let text = e.to_string();
        match e.field.strip_prefix("credentials.") {
            Some(field) => Self::at(field, text.strip_prefix("credentials.").unwrap_or(&text)),
            None => Self::at(&e.field, text),
        }
    }
}

/// A domain error as the refusal to show on page `P`, or the error itself when it is not a
/// refused value.
///
/// A typed refusal goes where `P::refused` puts it: at the field it names, or above the form
/// when the form has no such field. What it belongs to (`connection sms: …` on the wire) is
/// left out, as the page is that thing's. A refusal in words names no field of these forms
/// (every check that does is typed), so it is shown above the form.
pub(super) fn refusal<P: Page>(e: DomainError) -> Result<FieldError, DomainError> {
    match e {
        DomainError::InvalidField { error, .. } => Ok(P::refused(error)),
        DomainError::InvalidRequest(m) => Ok(FieldError::at("", m)),
        other => Err(other),
    }
}

/// The outcome of a change asked on page `P`: made (`Ok(Ok)`), or refused with the value to
/// show (`Ok(Err)`); anything else is the error page.
pub(super) fn outcome<P: Page, T>(
    result: Result<T, DomainError>,
) -> Result<Result<T, FieldError>, Response> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) => refusal::<P>(e).map(Err).map_err(internal),
    }
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use super::{FieldError, refusal};
    use crate::domain::DomainError;
    use crate::domain::validation;
    use crate::http::dashboard::chrome::{Chrome, page};

    #[derive(Template)]
    #[template(source = "", ext = "html")]
    struct FormPage {
        chrome: Chrome,
        error: Option<FieldError>,
    }

    page!(FormPage, fields: &["twilio_sid", "totp.length", "template", "smtp_host"]);

    fn shown(e: DomainError) -> Option<(String, String)> {
        refusal::<FormPage>(e).ok().map(|e| (e.field, e.message))
    }

    #[test]
    fn a_typed_domain_refusal_lands_on_the_field_it_names() {
        let sid = validation::FieldError::new("twilio_sid", "must be AC followed by 32 hex digits");
        assert_eq!(
            shown(DomainError::invalid_field_of("connection sms", sid)),
            Some((
                "twilio_sid".into(),
                "twilio_sid must be AC followed by 32 hex digits".into()
            )),
            "the page is the connection's: the message does not name it"
        );
        let length = validation::FieldError::new("length", "must be between 4 and 10");
        assert_eq!(
            shown(length.within("totp").into()),
            Some((
                "totp.length".into(),
                "totp.length must be between 4 and 10".into()
            ))
        );
        let template = validation::FieldError::labelled("template", "unknown variable");
        assert_eq!(
            shown(template.into()),
            Some(("template".into(), "template: unknown variable".into()))
        );
        let host = validation::FieldError::new("smtp_host", "must not be empty");
        assert_eq!(
            shown(host.within("credentials").into()),
            Some(("smtp_host".into(), "smtp_host must not be empty".into()))
        );
    }

    #[test]
    fn a_refusal_of_a_field_the_page_lacks_is_shown_above_the_form() {
        let caps =
            validation::FieldError::labelled("pumping_protection.prefix_digits", "must be 1 to 15");
        assert_eq!(
            shown(DomainError::invalid_field_of("connection sms", caps)),
            Some((
                String::new(),
                "pumping_protection.prefix_digits: must be 1 to 15".into()
            ))
        );
        let general = validation::FieldError::general("something else went wrong");
        assert_eq!(
            shown(general.into()),
            Some((String::new(), "something else went wrong".into()))
        );
        assert_eq!(
            shown(DomainError::InvalidRequest(
                "the strategy of a connection cannot change".into()
            )),
            Some((
                String::new(),
                "the strategy of a connection cannot change".into()
            ))
        );
    }

    #[test]
    fn an_error_that_is_no_refused_value_is_not_shown_on_the_form() {
        assert!(refusal::<FormPage>(DomainError::internal("disk full")).is_err());
    }

    #[test]
    fn an_unlabelled_refusal_reads_field_then_message() {
        let e = FieldError::unlabelled(validation::FieldError::labelled(
            "callbacks",
            "\"x\" is not a URL",
        ));
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("callbacks", "callbacks \"x\" is not a URL")
        );
    }

    #[derive(Template)]
    #[template(source = "", ext = "html")]
    struct DeletePage {
        chrome: Chrome,
        error: Option<FieldError>,
    }

    page!(
        DeletePage,
        fields: &[super::CONFIRM],
        labels: &[(super::CONFIRM, "confirm-delete", "dash-conn-confirm-label")]
    );

    #[test]
    fn a_refusal_at_a_field_is_named_by_its_label_in_the_pages_language() {
        use crate::http::dashboard::chrome::Page;
        for tag in ["en", "ja", "ar"] {
            let t = crate::domain::i18n::by_tag(tag).unwrap();
            let page = DeletePage {
                chrome: Chrome {
                    t,
                    admin: "ops@example.com".into(),
                    section: "connections",
                    notice: None,
                    csrf: String::new(),
                },
                error: Some(FieldError::at(super::CONFIRM, "confirm does not match")),
            };
            let summary = page.summary().unwrap();
            assert_eq!(summary.href.as_deref(), Some("#confirm-delete"));
            let label = t.text("dash-conn-confirm-label");
            assert_eq!(summary.message, format!("{label} does not match"), "{tag}");
            assert_eq!(page.error("confirm"), Some(summary.message));
            assert_eq!(page.general(), None, "at the field, not above the form");
            assert_eq!(page.status(), axum::http::StatusCode::BAD_REQUEST);
        }
        let english = crate::domain::i18n::english().text("dash-conn-confirm-label");
        assert_eq!(english, "Connection's name");
    }

    #[test]
    fn a_typed_refusal_of_a_field_the_form_lacks_goes_above_it() {
        let e = FieldError::from(validation::FieldError::new("options", "must be an object"))
            .on(&["twilio_sid"]);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("", "options must be an object")
        );
    }
}
