//! Auth0's custom SMS gateway settings: `gateway_url`, `gateway_authentication` (an HS256
//! JWT bearer) and `forward_req_info`.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::is_http_url;
use crate::domain::crypto::is_sealed;
use crate::domain::validation::FieldError;

/// Auth0's `gateway_authentication`: an HS256 JWT bearer with these claims and key. It has
/// no `Debug`, which could print the secret: its provider's settings print it redacted.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayAuthentication {
    /// Auth0 knows `bearer` only.
    pub method: String,
    pub subject: String,
    pub audience: String,
    /// Write-only, sealed at rest. Left out of an update, the stored one is kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    #[serde(default)]
    pub secret_base64_encoded: bool,
}

/// The key a gateway's token is signed with.
pub fn gateway_key(auth: &GatewayAuthentication) -> Option<Vec<u8>> {
    let secret = auth.secret.as_deref()?;
    if !auth.secret_base64_encoded {
        return Some(secret.as_bytes().to_vec());
    }
    // Auth0's base64 secrets were URL-safe, often unpadded; the standard alphabet is accepted too.
    use base64::engine::general_purpose::{STANDARD, URL_SAFE, URL_SAFE_NO_PAD};
    [URL_SAFE_NO_PAD, URL_SAFE, STANDARD]
        .iter()
        .find_map(|engine| engine.decode(secret.trim_end_matches('=')).ok())
        .or_else(|| STANDARD.decode(secret).ok())
}

/// Checks a gateway's URL and authentication; `at` prefixes field names.
pub fn validate(
    at: &str,
    url: Option<&str>,
    auth: Option<&GatewayAuthentication>,
) -> Result<(), FieldError> {
    let field = |name: &str| format!("{at}{name}");
    match url {
        Some(url) if is_http_url(url) => {}
        Some(_) => {
            return Err(FieldError::new(
                field("gateway_url"),
                "must be an http(s) URL",
            ));
        }
        None => {
            return Err(FieldError::new(
                field("gateway_url"),
                "is required for the sms_gateway provider",
            ));
        }
    }
    let Some(auth) = auth else {
        return Ok(());
    };
    let auth_field = |name: &str| field(&format!("gateway_authentication.{name}"));
    if auth.method != "bearer" {
        return Err(FieldError::new(auth_field("method"), "must be \"bearer\""));
    }
    if auth.subject.is_empty() {
        return Err(FieldError::new(auth_field("subject"), "must not be empty"));
    }
    if auth.audience.is_empty() {
        return Err(FieldError::new(auth_field("audience"), "must not be empty"));
    }
    match &auth.secret {
        None => Err(FieldError::new(auth_field("secret"), "is required")),
        Some(s) if s.is_empty() => Err(FieldError::new(auth_field("secret"), "must not be empty")),
        // A sealed secret was checked when it was entered.
        Some(s) if is_sealed(s) => Ok(()),
        Some(_) if gateway_key(auth).is_none() => Err(FieldError::new(
            auth_field("secret"),
            "is not base64, but secret_base64_encoded is true",
        )),
        Some(_) => Ok(()),
    }
}
