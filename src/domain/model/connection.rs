//! A connection as stored (its options are JSON; the typed view is
//! [`crate::domain::connections::ConnectionOptions`]), the strategies a connection has, and
//! the kind of identifier each takes.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A connection's strategy. Its name (`sms`, `email`) is written in one place,
/// [`Strategy::as_str`]; the config file, the store, the Management API and the dashboard
/// all read it back with [`str::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    Sms,
    Email,
}

/// Which identifier a passwordless connection uses; Auth0's error texts name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientKind {
    PhoneNumber,
    Email,
}

impl Strategy {
    /// Every strategy, in the order the Management API's errors and the dashboard list them.
    pub const ALL: [Strategy; 2] = [Strategy::Sms, Strategy::Email];

    /// Every strategy's name, in the order of [`Strategy::ALL`].
    pub const NAMES: [&'static str; Strategy::ALL.len()] = {
        let mut names = [""; Strategy::ALL.len()];
        let mut i = 0;
        while i < names.len() {
            names[i] = Strategy::ALL[i].as_str();
            i += 1;
        }
        names
    };

    pub const fn as_str(self) -> &'static str {
        match self {
            Strategy::Sms => "sms",
            Strategy::Email => "email",
        }
    }

    /// The identifier its users sign in with: what decides the claims, the profile fields
    /// and the login form's field, whatever way the code travels.
    pub fn recipient_kind(self) -> RecipientKind {
        match self {
            Strategy::Sms => RecipientKind::PhoneNumber,
            Strategy::Email => RecipientKind::Email,
        }
    }

    /// Signs in with a phone number.
    pub fn is_phone(self) -> bool {
        self.recipient_kind() == RecipientKind::PhoneNumber
    }

    /// Signs in with an email address.
    pub fn is_email(self) -> bool {
        self.recipient_kind() == RecipientKind::Email
    }

    /// The known names, comma-separated: `sms, email`.
    pub fn names() -> String {
        Self::NAMES.join(", ")
    }

    /// Where `self` is in [`Strategy::ALL`]: a match, so a new strategy is not compiled until
    /// it has a place there (checked below, when the crate compiles).
    const fn position(self) -> usize {
        match self {
            Strategy::Sms => 0,
            Strategy::Email => 1,
        }
    }
}

const _: () = {
    let mut i = 0;
    while i < Strategy::ALL.len() {
        assert!(
            Strategy::ALL[i].position() == i,
            "Strategy::ALL is out of step"
        );
        i += 1;
    }
};

/// A strategy name that is not one of [`Strategy::ALL`]; its text is the Management API's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStrategy(pub String);

impl std::fmt::Display for UnknownStrategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "strategy {:?} is not served here ({})",
            self.0,
            Strategy::names()
        )
    }
}

impl std::error::Error for UnknownStrategy {}

impl std::str::FromStr for Strategy {
    type Err = UnknownStrategy;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownStrategy(s.to_string()))
    }
}

impl Serialize for Strategy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read with [`str::parse`]; an unknown name is refused in serde's words for an unknown
/// variant, as when the enum's deserializer was derived.
impl<'de> Deserialize<'de> for Strategy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse()
            .map_err(|_| serde::de::Error::unknown_variant(&name, &Self::NAMES))
    }
}

/// A connection as stored: its options are JSON with secrets sealed (see
/// [`crate::domain::connections::SmsOptions`] for the typed view).
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionRecord {
    pub name: String,
    pub strategy: Strategy,
    pub options: serde_json::Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strategy_reads_back_its_own_name_and_no_other() {
        for s in Strategy::ALL {
            assert_eq!(s.as_str().parse(), Ok(s));
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json, s.as_str());
            assert_eq!(serde_json::from_value::<Strategy>(json).unwrap(), s);
        }
        assert_eq!(
            "SMS".parse::<Strategy>(),
            Err(UnknownStrategy("SMS".into()))
        );
        let refused = serde_json::from_value::<Strategy>("whatsapp".into()).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "unknown variant `whatsapp`, expected `sms` or `email`"
        );
        assert_eq!(Strategy::names(), "sms, email");
        assert_eq!(
            UnknownStrategy("fax".into()).to_string(),
            "strategy \"fax\" is not served here (sms, email)"
        );
        assert!(Strategy::Sms.is_phone() && Strategy::Email.is_email());
    }
}
