//! Typed validation failures: which field a refused value was in, and why. Forms show the
//! message next to the field it names; the configuration loader and the APIs print it whole.

/// A refused value: `field` is its dotted path in Auth0's option shape (`twilio_sid`,
/// `totp.length`, `credentials.smtp_port`), or empty when the refusal names no one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    /// Whether the whole text reads `<field>: <message>` rather than `<field> <message>`:
    /// some messages are sentences of their own ("refresh_token.leeway: must be 0 to 60
    /// seconds"), and the texts the configuration loader and the APIs print predate the type.
    labelled: bool,
}

impl FieldError {
    /// A refusal of `field`; `message` reads on its own ("must be between 4 and 10").
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
            labelled: false,
        }
    }

    /// A refusal whose text reads `<field>: <message>`.
    pub fn labelled(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            labelled: true,
            ..Self::new(field, message)
        }
    }

    /// A refusal that names no one field.
    pub fn general(message: impl Into<String>) -> Self {
        Self::new("", message)
    }

    /// The same refusal one level down: `email` + `from` is `email.from`.
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.is_empty() {
            parent.to_string()
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

/// `value` must lie in `range`; the refusal, `<field>: must be <start> to <end> <unit>`, is
/// written from the range itself, so the two cannot drift apart.
pub fn in_range<T: PartialOrd + std::fmt::Display>(
    field: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
    unit: &str,
) -> Result<(), FieldError> {
    if range.contains(&value) {
        return Ok(());
    }
    let message = format!("must be {} to {} {unit}", range.start(), range.end());
    Err(FieldError::labelled(field, message.trim_end()))
}

impl std::fmt::Display for FieldError {
    /// `<field> <message>`, the text the configuration loader and the APIs show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else if self.labelled {
            write!(f, "{}: {}", self.field, self.message)
        } else {
            write!(f, "{} {}", self.field, self.message)
        }
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_refusal_names_its_whole_path() {
        let e = FieldError::new("length", "must be between 4 and 10").within("totp");
        assert_eq!(e.field, "totp.length");
        assert_eq!(e.to_string(), "totp.length must be between 4 and 10");
        assert_eq!(FieldError::new("", "bad").within("email").field, "email");
        let e = FieldError::labelled("leeway", "must be 0 to 60 seconds").within("refresh_token");
        assert_eq!(
            e.to_string(),
            "refresh_token.leeway: must be 0 to 60 seconds"
        );
        assert_eq!(FieldError::general("bad").to_string(), "bad");
    }

    #[test]
    fn a_range_refusal_is_written_from_its_range() {
        assert!(in_range("leeway", 60, 0..=60, "seconds").is_ok());
        let e = in_range("refresh_token.leeway", 61, 0..=60, "seconds").unwrap_err();
        assert_eq!(e.field, "refresh_token.leeway");
        assert_eq!(
            e.to_string(),
            "refresh_token.leeway: must be 0 to 60 seconds"
        );
        let e = in_range("prefix_digits", 0, 1..=15, "").unwrap_err();
        assert_eq!(e.to_string(), "prefix_digits: must be 1 to 15");
    }
}
