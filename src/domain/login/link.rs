//! Magic links: where a link may lead (the connection's and the start call's authorization
//! parameters, with a redirect URI that must be one of the client's callbacks), the link an
//! email carries (to `verify_redirect`, or a native app's universal link), what opening one
//! does (`landing`), looking at its code without using it, and using it.

use std::collections::BTreeMap;

use super::code;
use crate::domain::DomainError;
use crate::domain::connections::email::{LINK_PARAMS, SendMode};
use crate::domain::connections::{ConnectionOptions, EmailOptions};
use crate::domain::core::Core;
use crate::domain::model::{Client, User};
use crate::domain::oauth::authorization_code::authorization_response;
use crate::domain::oauth::redirect::{AuthorizationRequest, AuthorizationResponse};

/// A code being used at `verify_redirect`: an email's magic link, or the SMS code that
/// auth0.js `passwordlessVerify` checked and then sends the browser here with.
#[derive(Debug, Clone)]
pub struct LinkLogin {
    pub connection: String,
    /// The email address or the phone number.
    pub username: String,
    pub verification_code: String,
}

/// Where the link of an email start leads, checked before anything is stored or sent.
#[derive(Debug, Clone, PartialEq)]
pub enum Destination {
    /// A code was asked for: no link.
    NoLink,
    /// `verify_redirect`, with the authorization parameters the link carries.
    Browser(Vec<(String, String)>),
    /// A native app's universal link: `ios/<bundle id>/email` or `android/<package>/email`.
    Native(String),
}

impl Destination {
    pub async fn check(
        core: &Core,
        client: &Client,
        options: &EmailOptions,
        send: SendMode,
        requested: &BTreeMap<String, String>,
    ) -> Result<Self, DomainError> {
        let missing_app = |which: &str, setting: &str| {
            DomainError::bad_start(
                "bad.request",
                format!(
                    "send: {which} needs the client's {setting} to be configured for {}",
                    client.name
                ),
            )
        };
        Ok(match send {
            SendMode::Code => Self::NoLink,
            SendMode::Link => {
                Self::Browser(link_parameters(core, client, options, requested).await?)
            }
            SendMode::LinkIos => Self::Native(format!(
                "ios/{}/email",
                client
                    .mobile
                    .ios
                    .as_ref()
                    .ok_or_else(|| missing_app("link_ios", "iOS app (mobile.ios)"))?
                    .app_bundle_identifier
            )),
            SendMode::LinkAndroid => Self::Native(format!(
                "android/{}/email",
                client
                    .mobile
                    .android
                    .as_ref()
                    .ok_or_else(|| missing_app("link_android", "Android app (mobile.android)"))?
                    .app_package_name
            )),
        })
    }

    /// The link for `code`, or empty when a code was asked for.
    pub fn link(
        self,
        issuer: &str,
        client: &Client,
        connection: &str,
        address: &str,
        code: &str,
    ) -> Result<String, DomainError> {
        Ok(match self {
            Self::NoLink => String::new(),
            Self::Browser(mut params) => {
                params.push(("connection".into(), connection.to_string()));
                params.push(("email".into(), address.to_string()));
                params.push(("verification_code".into(), code.to_string()));
                let query = serde_urlencoded::to_string(&params).map_err(DomainError::internal)?;
                format!("{issuer}passwordless/verify_redirect?{query}")
            }
            Self::Native(path) => {
                // Lock.swift accepts a universal link whose path holds the bundle id and whose
                // query carries the numeric code; it then logs in with the OTP grant.
                let query = serde_urlencoded::to_string([
                    ("code", code),
                    ("email", address),
                    ("connection", connection),
                    ("client_id", client.client_id.as_str()),
                ])
                .map_err(DomainError::internal)?;
                format!("{issuer}{path}?{query}")
            }
        })
    }
}

/// The authorization parameters a magic link carries: the connection's defaults, then
/// the start call's, with `client_id` first. The redirect URI must already be one of
/// the client's callbacks, so a link can never lead anywhere else.
async fn link_parameters(
    core: &Core,
    client: &Client,
    options: &EmailOptions,
    requested: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, DomainError> {
    let mut merged = options.auth_params.clone();
    for (k, v) in requested {
        if LINK_PARAMS.contains(&k.as_str()) && !v.is_empty() {
            merged.insert(k.clone(), v.clone());
        }
    }
    merged
        .entry("response_type".into())
        .or_insert_with(|| "code".into());
    merged
        .entry("scope".into())
        .or_insert_with(|| "openid".into());
    let params = crate::domain::oauth::redirect::AuthorizeParams {
        client_id: Some(client.client_id.clone()),
        redirect_uri: merged.get("redirect_uri").cloned(),
        response_type: merged.get("response_type").cloned(),
        response_mode: merged.get("response_mode").cloned(),
        scope: merged.get("scope").cloned(),
        state: merged.get("state").cloned(),
        nonce: merged.get("nonce").cloned(),
        audience: merged.get("audience").cloned(),
        code_challenge: merged.get("code_challenge").cloned(),
        code_challenge_method: merged.get("code_challenge_method").cloned(),
    };
    let redirect_uri = crate::domain::oauth::redirect::trusted_redirect_uri(client, &params)
        .map_err(|e| {
            DomainError::bad_start("bad.authParams", format!("authParams.redirect_uri: {e}"))
        })?;
    let audiences =
        crate::domain::tokens::api_access::known_audiences(core, params.audience.as_deref())
            .await?;
    crate::domain::oauth::redirect::check_request(
        client,
        redirect_uri.clone(),
        &params,
        &audiences,
    )
    .map_err(|e| DomainError::bad_start("bad.authParams", e.description))?;
    merged.insert("redirect_uri".into(), redirect_uri);
    let mut out = vec![("client_id".to_string(), client.client_id.clone())];
    out.extend(merged);
    Ok(out)
}

/// The connection `name`, if there is one: `verify_redirect` serves email and SMS alike.
pub async fn code_connection(
    core: &Core,
    name: &str,
) -> Result<Option<ConnectionOptions>, DomainError> {
    core.connection_options(name).await
}

/// What opening a link does before anything is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landing {
    /// Log in at once (SMS codes, and email links with `confirm_magic_link` off).
    UseNow,
    /// Look at the code without using it, then show the confirm page, or at once the
    /// used-link page: a link that cannot work is never offered a button.
    Check,
    /// Show the confirm page and judge nothing: a HEAD, which must neither use a link nor
    /// count a try (scanners send them freely, and they show no page anyway).
    Confirm,
}

/// The rule for a `GET` (`head` false) or `HEAD` of a link, whose connection asks for the
/// confirm step or not.
pub fn landing(confirm: bool, head: bool) -> Landing {
    match (head, confirm) {
        (true, _) => Landing::Confirm,
        (false, false) => Landing::UseNow,
        (false, true) => Landing::Check,
    }
}

/// Looks at a link's code without using it ([`code::peek_code`]): a wrong code is a wrong
/// try, as at the button, so looking is no free guess; a right one stays for the button.
pub async fn check_link_code(
    core: &Core,
    client_id: &str,
    link: &LinkLogin,
) -> Result<code::Peeked, DomainError> {
    code::peek_code(
        core,
        client_id,
        &link.connection,
        &link.username,
        &link.verification_code,
    )
    .await
}

/// Uses the code of a `verify_redirect` and answers the authorization request it carried:
/// a code for the app to redeem, or tokens in the fragment. The code's rules are those of
/// every other way in (one transaction, three wrong tries, single use).
pub async fn complete_link_login(
    core: &Core,
    request: &AuthorizationRequest,
    link: &LinkLogin,
) -> Result<(AuthorizationResponse, User), DomainError> {
    let options = code::known_connection(core, &link.connection).await?;
    let grant = match options {
        ConnectionOptions::Email(_) => crate::domain::measures::grant::MAGIC_LINK,
        ConnectionOptions::Sms(_) => crate::domain::measures::grant::HOSTED_PAGE,
    };
    let via = code::Via {
        client_id: &request.client.client_id,
        grant,
    };
    let user = code::login_with_code(
        core,
        via,
        &link.connection,
        &options,
        &link.username,
        &link.verification_code,
        None,
    )
    .await?;
    let answer = authorization_response(core, request, &user, core.clock.now()).await?;
    Ok((answer, user))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link_for(destination: Destination) -> String {
        let client = Client::sample();
        let link = destination.link(
            "https://auth.example/",
            &client,
            "email",
            "ana@example.com",
            "123456",
        );
        link.unwrap()
    }

    #[test]
    fn a_browser_link_carries_its_parameters_then_whose_code_it_is() {
        let params = vec![
            ("client_id".to_string(), "app".to_string()),
            (
                "redirect_uri".to_string(),
                "https://app.example/cb?a=b".to_string(),
            ),
        ];
        let link = link_for(Destination::Browser(params));
        assert_eq!(
            link,
            "https://auth.example/passwordless/verify_redirect?client_id=app\
             &redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fa%3Db&connection=email\
             &email=ana%40example.com&verification_code=123456"
        );
    }

    #[test]
    fn only_a_get_with_the_confirm_step_judges_a_code_without_using_it() {
        assert_eq!(landing(true, false), Landing::Check);
        assert_eq!(landing(false, false), Landing::UseNow);
        // a HEAD never uses a link nor counts a try, whatever the connection says
        assert_eq!(landing(true, true), Landing::Confirm);
        assert_eq!(landing(false, true), Landing::Confirm);
    }

    #[test]
    fn a_native_link_is_a_universal_link_with_the_numeric_code() {
        let link = link_for(Destination::Native("ios/com.example.app/email".into()));
        assert_eq!(
            link,
            "https://auth.example/ios/com.example.app/email?code=123456\
             &email=ana%40example.com&connection=email&client_id=app"
        );
        assert_eq!(link_for(Destination::NoLink), "");
    }
}
