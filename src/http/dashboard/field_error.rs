//! A refused value on a dashboard form: which field it goes next to and what to say. Built
//! from the domain's typed `validation::FieldError`, from the dashboard's own checks (a number
//! that does not read), or, for a refusal in words, by reading the field's name out of the
//! message (`place`). `refusal` is the one place a domain error becomes one.

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

    /// Places a domain validation message ("connection sms: twilio_sid must be …",
    /// "totp.length must be …") at the field it names, if the form has one.
    pub fn place(message: &str, fields: &[&str]) -> Self {
        let message = match message.split_once(": ") {
            Some((head, rest)) if head.starts_with("connection ") => rest,
            _ => message,
        };
        let message = message.strip_prefix("credentials.").unwrap_or(message);
        let field = fields
            .iter()
            .copied()
            .filter(|f| {
                message.starts_with(f)
                    && message[f.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == ' ' || c == ':')
            })
            .max_by_key(|f| f.len())
            .unwrap_or("");
        Self::at(field, message)
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
/// left out, as the page is that thing's. A refusal in words is read for the field it names
/// (`P::place`).
pub(super) fn refusal<P: Page>(e: DomainError) -> Result<FieldError, DomainError> {
    match e {
        DomainError::InvalidField { error, .. } => Ok(P::refused(error)),
        DomainError::InvalidRequest(m) => Ok(P::place(&m)),
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

    #[test]
    fn a_domain_message_lands_on_the_field_it_names() {
        let fields = ["twilio_sid", "totp.length", "template", "from"];
        let e = FieldError::place(
            "connection sms: twilio_sid must be AC followed by 32 hex digits",
            &fields,
        );
        assert_eq!(e.field, "twilio_sid");
        assert_eq!(e.message, "twilio_sid must be AC followed by 32 hex digits");
        let e = FieldError::place("totp.length must be between 4 and 10", &fields);
        assert_eq!(e.field, "totp.length");
        let e = FieldError::place("template: unknown variable", &fields);
        assert_eq!(e.field, "template");
        // A field whose name only starts the message's first word is not it.
        let e = FieldError::place("from_address is wrong", &fields);
        assert_eq!(e.field, "");
        let e = FieldError::place("credentials.smtp_host must not be empty", &["smtp_host"]);
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("smtp_host", "smtp_host must not be empty")
        );
        let e = FieldError::place("something else went wrong", &fields);
        assert_eq!(e.field, "", "shown above the form");
    }

    #[test]
    fn the_longest_field_a_message_names_wins() {
        let e = FieldError::place("totp.length must be a number", &["totp", "totp.length"]);
        assert_eq!(e.field, "totp.length");
    }

    #[test]
    fn a_typed_refusal_reads_as_the_text_one_did() {
        let fields = ["twilio_sid", "totp.length", "smtp_host"];
        for (typed, text) in [
            (
                validation::FieldError::new("twilio_sid", "must be AC followed by 32 hex digits"),
                "connection sms: twilio_sid must be AC followed by 32 hex digits",
            ),
            (
                validation::FieldError::new("length", "must be between 4 and 10").within("totp"),
                "totp.length must be between 4 and 10",
            ),
            (
                validation::FieldError::new("smtp_host", "must not be empty").within("credentials"),
                "credentials.smtp_host must not be empty",
            ),
            (
                validation::FieldError::new("", "something else went wrong"),
                "something else went wrong",
            ),
        ] {
            assert_eq!(
                FieldError::from(typed).on(&fields),
                FieldError::place(text, &fields)
            );
        }
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
