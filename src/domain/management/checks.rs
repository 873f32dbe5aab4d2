//! The checks an operator runs from the dashboard: a test email through the provider, and
//! signing a user out everywhere. (The test text is the SMS channel's: `channels::test_message`.)

use super::email_provider::email_route;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::ports::EmailMessage;

/// Sends one plain message through the email provider in use.
pub async fn send_test_email(core: &Core, to: &str) -> Result<(), DomainError> {
    let to = crate::domain::email_address::parse_address(to)
        .map_err(|_| DomainError::InvalidRequest(format!("{to:?} is not an email address")))?;
    let issuer = core.tokens.issuer();
    let text = format!(
        "This is a test message from Latchkey at {issuer}.\nIf you can read it, email delivery works.\n"
    );
    let message = EmailMessage {
        to,
        from: None,
        subject: "Latchkey test email".into(),
        html: format!(
            "<p>This is a test message from Latchkey at {}.</p><p>If you can read it, email delivery works.</p>",
            issuer.replace('&', "&amp;").replace('<', "&lt;")
        ),
        text,
    };
    let route = email_route(core).await?;
    core.email
        .send(&route, &message)
        .await
        .map_err(|e| DomainError::EmailDeliveryFailed(e.to_string()))
}

/// Ends every hosted-login session of a user and revokes their refresh tokens; how many
/// of each went.
pub async fn sign_out_everywhere(core: &Core, user_id: &str) -> Result<(u64, u64), DomainError> {
    Ok(core
        .store
        .end_user_sessions(user_id, core.clock.now())
        .await?)
}
