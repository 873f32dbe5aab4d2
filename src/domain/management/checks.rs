//! The checks an operator runs from the dashboard: a test text through an SMS connection, a
//! test email through the provider, and signing a user out everywhere.

use super::email_provider::email_route;
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::otp;
use crate::domain::passwordless::ConnectionOptions;
use crate::domain::ports::{EmailMessage, SmsMessage};
use crate::domain::template::{self, SmsContext};

/// Sends one text through an SMS connection, with its template and a sample code, so an
/// operator sees what users will get. No code is stored: the text cannot sign anyone in.
/// Returns the text sent.
pub async fn send_test_sms(core: &Core, connection: &str, to: &str) -> Result<String, DomainError> {
    let Some(ConnectionOptions::Sms(options)) = core.connection_options(connection).await? else {
        return Err(DomainError::InvalidRequest(format!(
            "{connection} is not an SMS connection"
        )));
    };
    let to = crate::domain::phone::parse_e164(to)?;
    let code = otp::generate(core.random.as_ref(), options.totp.length);
    let body = template::render(
        options.syntax,
        &options.template,
        &SmsContext {
            code: &code,
            phone_number: &to,
            application_name: "Latchkey test",
            request_language: None,
        },
    )?;
    core.sms
        .send(
            &options.route(),
            &SmsMessage {
                to,
                body: body.clone(),
            },
        )
        .await
        .map_err(|e| DomainError::DeliveryFailed(e.to_string()))?;
    Ok(body)
}

/// Sends one plain message through the email provider in use.
pub async fn send_test_email(core: &Core, to: &str) -> Result<(), DomainError> {
    let to = crate::domain::email::parse_address(to)
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
