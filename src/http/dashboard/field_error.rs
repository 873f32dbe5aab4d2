//! A refused value on a dashboard form: which field it goes next to and what to say. Built
//! from the domain's typed `validation::FieldError`, from the dashboard's own checks (a number
//! that does not read), or, while validators still return text, by reading the field's name
//! out of the message (`place`). `refusal` is the one place a domain error becomes one.

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

    /// The same refusal on a form with these fields: one it has no field for is shown above.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "`refusal` calls it once validators return typed errors"
        )
    )]
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
    /// provider's `credentials.*`, which its form shows bare. The message leads with the
    /// field's name, as the domain's text does.
    fn from(e: validation::FieldError) -> Self {
        let field = e.field.strip_prefix("credentials.").unwrap_or(&e.field);
        if field.is_empty() {
            Self::at("", e.message)
        } else {
            Self::at(field, format!("{field} {}", e.message))
        }
    }
}

/// A domain error as the refusal to show on page `P`, or the error itself when it is not a
/// refused value.
///
/// The switch to typed field errors happens here: validators still return text, so the
/// message is read for the field it names (`P::place`). Once they return
/// `validation::FieldError`, the typed arm is
/// `DomainError::<Invalid>(e) => Ok(FieldError::from(e).on(P::FIELDS))`, and the text arm
/// stays only for messages that name no field.
pub(super) fn refusal<P: Page>(e: DomainError) -> Result<FieldError, DomainError> {
    match e {
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
    use super::FieldError;
    use crate::domain::validation;

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
