//! The email provider as an operator sets it through the Management API
//! (`/api/v2/emails/provider`, Auth0's shape): kept in the database with the SMTP password
//! sealed, and preferred over the configuration file's.

use serde::{Deserialize, Serialize};

use super::secrets::{Destination, keep_stored_secret};
use crate::domain::DomainError;
use crate::domain::core::Core;
use crate::domain::ports::{Credential, EmailRoute, SmtpLogin, SmtpRoute, SmtpTls};
use crate::domain::validation::FieldError;

const KEY: &str = "email_provider";
const PASS_CONTEXT: &str = "email_provider:smtp_pass";

/// The provider's SMTP credentials; `smtp_pass` is sealed when stored and never shown.
// The Management API's wire object itself, so it derives its OpenAPI schema too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SmtpCredentials {
    pub smtp_host: String,
    #[serde(default = "default_port")]
    pub smtp_port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_user: Option<String>,
    /// Write-only: never in an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_pass: Option<String>,
    /// `starttls` (the default), `tls` or `none`.
    #[serde(default)]
    #[schema(value_type = String)]
    pub smtp_tls: SmtpTls,
}

fn default_port() -> u16 {
    587
}

impl SmtpCredentials {
    /// The relay these credentials name, `smtp_pass` in clear.
    pub fn into_route(self, default_from: String, ca_pem: Option<Vec<u8>>) -> SmtpRoute {
        let login = self.smtp_user.zip(self.smtp_pass);
        SmtpRoute {
            host: self.smtp_host,
            port: self.smtp_port,
            login: login.map(|(user, pass)| SmtpLogin {
                user,
                pass: Credential(pass),
            }),
            tls: self.smtp_tls,
            ca_pem,
            default_from,
        }
    }
}

/// Auth0's email provider object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EmailProvider {
    /// `smtp`, or `log` (development).
    pub name: String,
    #[serde(default)]
    pub default_from_address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<SmtpCredentials>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

impl EmailProvider {
    /// Checks a provider before it is kept; the refusal names the field it is about.
    pub fn validate(&self) -> Result<(), FieldError> {
        match self.name.as_str() {
            "log" => Ok(()),
            "smtp" => {
                let c = self.credentials.as_ref().ok_or_else(|| {
                    FieldError::new("credentials", "are required for the smtp provider")
                })?;
                if c.smtp_host.trim().is_empty() {
                    return Err(FieldError::new(
                        "credentials.smtp_host",
                        "must not be empty",
                    ));
                }
                if c.smtp_user.is_some() != c.smtp_pass.is_some() {
                    return Err(FieldError::new(
                        "credentials.smtp_user",
                        "and smtp_pass go together",
                    ));
                }
                let address = self
                    .default_from_address
                    .rsplit_once('<')
                    .map(|(_, a)| a.trim_end_matches('>'))
                    .unwrap_or(&self.default_from_address);
                crate::domain::email_address::parse_address(address)
                    .map(|_| ())
                    .map_err(|_| {
                        FieldError::new("default_from_address", "must be an email address")
                    })
            }
            other => Err(FieldError::new(
                "name",
                format!("{other:?} is not a provider served here (smtp, log)"),
            )),
        }
    }

    /// The view an operator gets: everything but the password.
    pub fn shown(mut self) -> Self {
        if let Some(c) = self.credentials.as_mut() {
            c.smtp_pass = None;
        }
        self
    }
}

async fn stored_email_provider(core: &Core) -> Result<Option<EmailProvider>, DomainError> {
    match core.store.setting(KEY).await? {
        Some(json) => Ok(Some(
            serde_json::from_str(&json).map_err(DomainError::internal)?,
        )),
        None => Ok(None),
    }
}

/// Where email goes now: the provider set through the API, else the configuration's.
pub async fn email_route(core: &Core) -> Result<EmailRoute, DomainError> {
    let Some(p) = stored_email_provider(core).await? else {
        return Ok(core.email_default.clone());
    };
    match (p.name.as_str(), p.credentials, p.enabled) {
        ("smtp", Some(mut c), true) => {
            c.smtp_pass = match &c.smtp_pass {
                Some(sealed) => Some(
                    String::from_utf8(core.keys.open(PASS_CONTEXT, sealed)?)
                        .map_err(DomainError::internal)?,
                ),
                None => None,
            };
            let route = c.into_route(p.default_from_address, None);
            Ok(EmailRoute::Smtp(Box::new(route)))
        }
        _ => Ok(EmailRoute::Log),
    }
}

/// The provider as an operator sees it (no password), or `None` when only the
/// development log is in use.
pub async fn email_provider(core: &Core) -> Result<Option<EmailProvider>, DomainError> {
    if let Some(p) = stored_email_provider(core).await? {
        return Ok(Some(p.shown()));
    }
    Ok(match &core.email_default {
        EmailRoute::Log => None,
        EmailRoute::Smtp(r) => Some(EmailProvider {
            name: "smtp".into(),
            default_from_address: r.default_from.clone(),
            credentials: Some(SmtpCredentials {
                smtp_host: r.host.clone(),
                smtp_port: r.port,
                smtp_user: r.login.as_ref().map(|l| l.user.clone()),
                smtp_pass: None,
                smtp_tls: r.tls,
            }),
            enabled: true,
        }),
    })
}

/// Whether a provider set through the API holds an SMTP password (it is never shown).
pub async fn email_provider_has_password(core: &Core) -> Result<bool, DomainError> {
    Ok(stored_email_provider(core)
        .await?
        .and_then(|p| p.credentials)
        .is_some_and(|c| c.smtp_pass.is_some()))
}

/// Where the SMTP password goes: the relay (host, port, TLS mode) and the user it is for.
pub fn pass_destination(c: &SmtpCredentials) -> Destination {
    let tls = match c.smtp_tls {
        SmtpTls::None => "none",
        SmtpTls::Starttls => "starttls",
        SmtpTls::Tls => "tls",
    };
    Destination {
        secret: "credentials.smtp_pass",
        settings: vec![
            (
                "credentials.smtp_host",
                c.smtp_host.trim().to_ascii_lowercase(),
            ),
            ("credentials.smtp_port", c.smtp_port.to_string()),
            ("credentials.smtp_tls", tls.into()),
            (
                "credentials.smtp_user",
                c.smtp_user.clone().unwrap_or_default(),
            ),
        ],
    }
}

/// Sets the provider. A password left out keeps the stored one (it is write-only, so an
/// operator who read the provider never had it to send back), unless it would go to
/// another relay or user than it was entered for (`secrets::keep_stored_secret`).
pub async fn set_email_provider(
    core: &Core,
    mut provider: EmailProvider,
) -> Result<EmailProvider, DomainError> {
    let stored = stored_email_provider(core)
        .await?
        .and_then(|s| s.credentials)
        .filter(|c| c.smtp_pass.is_some());
    if let Some(c) = provider.credentials.as_mut() {
        match c.smtp_pass.take() {
            Some(plain) if !plain.is_empty() => {
                c.smtp_pass = Some(core.keys.seal(PASS_CONTEXT, plain.as_bytes())?);
            }
            _ => {
                keep_stored_secret(
                    stored.as_ref().map(pass_destination).as_ref(),
                    &pass_destination(c),
                    false,
                )?;
                c.smtp_pass = stored.and_then(|c| c.smtp_pass);
            }
        }
    }
    provider.validate()?;
    let json = serde_json::to_string(&provider).map_err(DomainError::internal)?;
    core.store.put_setting(KEY, &json, core.clock.now()).await?;
    Ok(provider.shown())
}

/// Removes the provider set through the API: email goes to the configuration's provider
/// again (or the development log). `false` if none was set.
pub async fn delete_email_provider(core: &Core) -> Result<bool, DomainError> {
    Ok(core.store.delete_setting(KEY).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smtp(from: &str, credentials: Option<SmtpCredentials>) -> EmailProvider {
        EmailProvider {
            name: "smtp".into(),
            default_from_address: from.into(),
            credentials,
            enabled: true,
        }
    }

    #[test]
    fn a_refused_provider_names_its_field() {
        let host = |h: &str| SmtpCredentials {
            smtp_host: h.into(),
            ..Default::default()
        };
        assert_eq!(
            smtp("Acme <a@acme.example>", Some(host("smtp.acme.example"))).validate(),
            Ok(())
        );
        let refused =
            |p: EmailProvider| p.validate().err().map(|e| (e.field.clone(), e.to_string()));
        assert_eq!(
            refused(smtp("a@acme.example", None)),
            Some((
                "credentials".into(),
                "credentials are required for the smtp provider".into()
            ))
        );
        assert_eq!(
            refused(smtp("a@acme.example", Some(host(" ")))),
            Some((
                "credentials.smtp_host".into(),
                "credentials.smtp_host must not be empty".into()
            ))
        );
        assert_eq!(
            refused(smtp("nobody", Some(host("smtp.acme.example")))),
            Some((
                "default_from_address".into(),
                "default_from_address must be an email address".into()
            ))
        );
        let mut other = smtp("a@acme.example", None);
        other.name = "ses".into();
        assert_eq!(
            refused(other),
            Some((
                "name".into(),
                "name \"ses\" is not a provider served here (smtp, log)".into()
            ))
        );
    }
}
