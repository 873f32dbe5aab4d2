//! Who the dashboard signs in, apart from the tenant's users: its client, where its codes
//! wait, and the identity its codes and sessions name (`dashboard|<email>`). A leaf the
//! login and OAuth rules ask "is this the dashboard's?" without depending on its flow
//! (`super::dashboard`).

use crate::domain::DomainError;

/// The client the dashboard signs in with (created when there is an administrator).
pub const DASHBOARD_CLIENT: &str = "latchkey-dashboard";

const SUBJECT_PREFIX: &str = "dashboard|";

/// Whether `client_id` is the dashboard's client.
pub fn is_dashboard(client_id: &str) -> bool {
    client_id == DASHBOARD_CLIENT
}

/// Where a dashboard code for `connection` waits (and its lockout is counted): a colon is
/// not allowed in a connection's name, so no tenant connection's code is ever this one.
pub fn code_namespace(connection: &str) -> String {
    format!("dashboard:{connection}")
}

/// An address the dashboard's sign-in proved; an administrator once the dashboard found it
/// in its list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardIdentity {
    /// Lower-cased, as the email connection keeps addresses.
    pub email: String,
}

impl DashboardIdentity {
    /// What an authorization code and a dashboard session name: never a tenant user's id.
    pub fn subject(&self) -> String {
        format!("{SUBJECT_PREFIX}{}", self.email)
    }

    /// The identity a code or session names, if it names one.
    pub fn from_subject(subject: &str) -> Option<Self> {
        subject
            .strip_prefix(SUBJECT_PREFIX)
            .filter(|e| e.contains('@'))
            .map(|email| Self {
                email: email.to_string(),
            })
    }
}

/// The refusal of the dashboard's client where only an app's users log in.
pub fn not_for_end_users() -> DomainError {
    DomainError::AccessDenied("the dashboard's client signs in administrators only".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_names_the_address_and_nothing_a_user_id_can_be_read_as() {
        let who = DashboardIdentity {
            email: "ops@example.com".into(),
        };
        assert_eq!(who.subject(), "dashboard|ops@example.com");
        assert_eq!(
            DashboardIdentity::from_subject(&who.subject()),
            Some(who.clone())
        );
        for user_id in ["email|0123456789ab", "sms|abc", "dashboard|", "dashboard"] {
            assert_eq!(DashboardIdentity::from_subject(user_id), None, "{user_id}");
        }
    }

    #[test]
    fn the_codes_namespace_is_no_connection_name() {
        let name = code_namespace("email");
        assert_eq!(name, "dashboard:email");
        assert!(
            !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
