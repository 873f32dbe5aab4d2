//! Write-only secrets (the Twilio token, the SMTP password) are bound to where they are
//! sent. A change that leaves the secret out keeps the stored one, because an operator who
//! read the settings never had it to send back; but only while it still goes where it was
//! entered. A change of endpoint (URL, host, port, TLS mode) or of the account it belongs
//! to must come with the secret typed again, or the stored secret would be handed to
//! whoever runs the new endpoint.

use crate::domain::validation::FieldError;

/// Where a secret is sent: the settings that pick the receiving endpoint and the account
/// the secret belongs to, each with its name in Auth0's option shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The secret's field (`twilio_token`, `credentials.smtp_pass`).
    pub secret: &'static str,
    /// The settings it is bound to, compared as they are given here (callers normalise:
    /// no trailing slash on a URL, host names in lower case).
    pub settings: Vec<(&'static str, String)>,
}

impl Destination {
    fn setting(&self, name: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Whether a change may keep the stored secret. `stored` is where the stored secret goes
/// now (`None`: none is stored, so nothing can follow), `new` where the changed settings
/// would send it, and `given` whether the change carries the secret itself.
///
/// Refused when the secret is left out and any setting it is bound to changed; the
/// refusal is at the secret's field and names what moved.
pub fn keep_stored_secret(
    stored: Option<&Destination>,
    new: &Destination,
    given: bool,
) -> Result<(), FieldError> {
    let Some(stored) = stored else {
        return Ok(());
    };
    if given {
        return Ok(());
    }
    let moved: Vec<&str> = new
        .settings
        .iter()
        .filter(|(name, value)| stored.setting(name) != Some(value.as_str()))
        .map(|(name, _)| *name)
        .collect();
    if moved.is_empty() {
        return Ok(());
    }
    let bare = new.secret.rsplit('.').next().unwrap_or(new.secret);
    Err(FieldError::new(
        new.secret,
        format!(
            "must be entered again: {} changed, and the stored {bare} is only sent where it \
             was entered",
            moved.join(" and ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twilio(url: &str, sid: &str) -> Destination {
        Destination {
            secret: "twilio_token",
            settings: vec![("twilio_api_url", url.into()), ("twilio_sid", sid.into())],
        }
    }

    #[test]
    fn an_unmoved_secret_is_kept() {
        let here = twilio("https://api.twilio.com", "AC1");
        assert_eq!(
            keep_stored_secret(Some(&here), &here.clone(), false),
            Ok(())
        );
    }

    #[test]
    fn a_moved_endpoint_needs_the_secret_again() {
        let here = twilio("https://api.twilio.com", "AC1");
        let e = keep_stored_secret(Some(&here), &twilio("https://rogue.example", "AC1"), false);
        let e = e.err();
        assert_eq!(e.as_ref().map(|e| e.field.as_str()), Some("twilio_token"));
        assert_eq!(
            e.map(|e| e.to_string()),
            Some(
                "twilio_token must be entered again: twilio_api_url changed, and the stored \
                 twilio_token is only sent where it was entered"
                    .into()
            )
        );
        let e = keep_stored_secret(Some(&here), &twilio("https://rogue.example", "AC2"), false);
        assert!(
            e.is_err_and(|e| e.message.contains("twilio_api_url and twilio_sid changed")),
            "every moved setting is named"
        );
    }

    #[test]
    fn a_moved_account_needs_the_secret_again() {
        let here = twilio("https://api.twilio.com", "AC1");
        assert!(
            keep_stored_secret(Some(&here), &twilio("https://api.twilio.com", "AC2"), false)
                .is_err()
        );
    }

    #[test]
    fn a_secret_entered_again_may_go_anywhere() {
        let here = twilio("https://api.twilio.com", "AC1");
        let there = twilio("https://rogue.example", "AC2");
        assert_eq!(keep_stored_secret(Some(&here), &there, true), Ok(()));
    }

    #[test]
    fn with_no_stored_secret_nothing_can_follow() {
        let there = twilio("https://rogue.example", "AC2");
        assert_eq!(keep_stored_secret(None, &there, false), Ok(()));
    }

    #[test]
    fn a_nested_secret_is_named_whole_and_bare() {
        let smtp = |host: &str, port: u16| Destination {
            secret: "credentials.smtp_pass",
            settings: vec![
                ("credentials.smtp_host", host.into()),
                ("credentials.smtp_port", port.to_string()),
            ],
        };
        let e = keep_stored_secret(
            Some(&smtp("a.example", 587)),
            &smtp("a.example", 2525),
            false,
        );
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err(
                "credentials.smtp_pass must be entered again: credentials.smtp_port changed, \
                 and the stored smtp_pass is only sent where it was entered"
                    .into()
            )
        );
    }

    #[test]
    fn a_setting_the_stored_destination_lacks_counts_as_moved() {
        let stored = Destination {
            secret: "twilio_token",
            settings: vec![("twilio_api_url", "https://api.twilio.com".into())],
        };
        let new = twilio("https://api.twilio.com", "AC1");
        assert!(keep_stored_secret(Some(&stored), &new, false).is_err());
    }
}
