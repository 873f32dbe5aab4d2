//! The dashboard's side of the domain: who its administrators are (named in the
//! configuration's `[admin] emails`, or added with `latchkey admins add` and kept in the
//! settings table, so a server with no configuration file can have one), and the checks an
//! operator runs from it: a test text through an SMS connection, a test email through the
//! provider, and signing a user out everywhere.

use super::DomainError;
use super::connections::ConnectionOptions;
use super::core::Core;
use super::ports::{EmailMessage, SmsMessage, Store};
use super::template::{self, SmsContext};
use super::{UnixTime, otp};

const ADMINS_KEY: &str = "dashboard_admins";

/// The administrators added from the command line (lower-cased addresses).
pub async fn stored_admins(store: &dyn Store) -> Result<Vec<String>, DomainError> {
    match store.setting(ADMINS_KEY).await? {
        Some(json) => serde_json::from_str(&json).map_err(DomainError::internal),
        None => Ok(Vec::new()),
    }
}

/// Adds an administrator; `false` if the address was one already.
pub async fn add_admin(store: &dyn Store, email: &str, now: UnixTime) -> Result<bool, DomainError> {
    let address = super::email_address::parse_address(email)
        .map_err(|_| DomainError::InvalidRequest(format!("{email:?} is not an email address")))?;
    let mut admins = stored_admins(store).await?;
    if admins.contains(&address) {
        return Ok(false);
    }
    admins.push(address);
    let json = serde_json::to_string(&admins).map_err(DomainError::internal)?;
    store.put_setting(ADMINS_KEY, &json, now).await?;
    Ok(true)
}

/// Removes an administrator added from the command line; `false` if the address was not one.
pub async fn remove_admin(
    store: &dyn Store,
    email: &str,
    now: UnixTime,
) -> Result<bool, DomainError> {
    let address = email.trim().to_lowercase();
    let mut admins = stored_admins(store).await?;
    let before = admins.len();
    admins.retain(|a| *a != address);
    if admins.len() == before {
        return Ok(false);
    }
    let json = serde_json::to_string(&admins).map_err(DomainError::internal)?;
    store.put_setting(ADMINS_KEY, &json, now).await?;
    Ok(true)
}

impl Core {
    /// Sends one text through an SMS connection, with its template and a sample code, so an
    /// operator sees what users will get. No code is stored: the text cannot sign anyone in.
    /// Returns the text sent.
    pub async fn send_test_sms(&self, connection: &str, to: &str) -> Result<String, DomainError> {
        let Some(ConnectionOptions::Sms(options)) = self.connection_options(connection).await?
        else {
            return Err(DomainError::InvalidRequest(format!(
                "{connection} is not an SMS connection"
            )));
        };
        let to = super::phone::parse_e164(to)?;
        let code = otp::generate(self.random.as_ref(), options.totp.length);
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
        self.sms
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
    pub async fn send_test_email(&self, to: &str) -> Result<(), DomainError> {
        let to = super::email_address::parse_address(to)
            .map_err(|_| DomainError::InvalidRequest(format!("{to:?} is not an email address")))?;
        let issuer = self.tokens.issuer();
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
        let route = self.email_route().await?;
        self.email
            .send(&route, &message)
            .await
            .map_err(|e| DomainError::EmailDeliveryFailed(e.to_string()))
    }

    /// Ends every hosted-login session of a user and revokes their refresh tokens; how many
    /// of each went.
    pub async fn sign_out_everywhere(&self, user_id: &str) -> Result<(u64, u64), DomainError> {
        Ok(self
            .store
            .end_user_sessions(user_id, self.clock.now())
            .await?)
    }
}
