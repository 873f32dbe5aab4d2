//! Redirect-based logins (`/authorize`, the hosted page, magic links): which redirect URIs
//! are trusted, what the app asked for (`response_type`, `response_mode`, PKCE, `nonce`),
//! and the answer the browser carries back. The codes such a login ends with are issued and
//! redeemed in [`super::authorization_code`].
//!
//! Over 400 lines only with its unit tests (the last ~190).

use serde::{Deserialize, Serialize};

use super::pkce::is_pkce_value;
use super::scope::Scope;
use crate::domain::model::{Client, GRANT_AUTHORIZATION_CODE, GRANT_IMPLICIT};

/// The authorization parameters of a request, as the browser brought them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthorizeParams {
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub response_type: Option<String>,
    pub response_mode: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub audience: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    Code,
    IdToken,
    Token,
    IdTokenToken,
}

impl ResponseType {
    fn parse(value: &str) -> Option<Self> {
        let mut parts: Vec<&str> = value.split_whitespace().collect();
        parts.sort_unstable();
        match parts.as_slice() {
            ["code"] => Some(Self::Code),
            ["id_token"] => Some(Self::IdToken),
            ["token"] => Some(Self::Token),
            ["id_token", "token"] => Some(Self::IdTokenToken),
            _ => None,
        }
    }
    pub fn returns_id_token(self) -> bool {
        matches!(self, Self::IdToken | Self::IdTokenToken)
    }
    pub fn returns_access_token(self) -> bool {
        matches!(self, Self::Token | Self::IdTokenToken)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
    /// A page that posts the answer to the window that opened or framed it (see
    /// [`super::web_message`]).
    WebMessage,
}

/// An OAuth error to send back to a trusted redirect URI (RFC 6749 §4.1.2.1).
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthError {
    pub error: &'static str,
    pub description: String,
}

fn oauth(error: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        error,
        description: description.into(),
    }
}

/// A checked request: the client and its redirect URI are trusted, the rest is coherent.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    pub client: Client,
    /// Where the answer goes, errors included.
    pub to: TrustedRedirect,
    pub response_type: ResponseType,
    pub scope: Scope,
    pub nonce: Option<String>,
    pub audience: Option<String>,
    pub code_challenge: Option<String>,
}

/// Where errors about this request may go: once the redirect URI is trusted, to the app.
#[derive(Debug, Clone)]
pub struct TrustedRedirect {
    pub redirect_uri: String,
    pub response_mode: ResponseMode,
    pub state: Option<String>,
}

impl TrustedRedirect {
    /// The answer carrying `params`, and the app's `state` back.
    pub fn answer(&self, mut params: Vec<(String, String)>) -> AuthorizationResponse {
        if let Some(state) = &self.state {
            params.push(("state".into(), state.clone()));
        }
        AuthorizationResponse {
            redirect_uri: self.redirect_uri.clone(),
            mode: self.response_mode,
            params,
        }
    }
}

/// The redirect URI the request may use: the one given if it is exactly one of the
/// client's callbacks, or the client's only callback when none is given. `None` means
/// the browser must not be sent anywhere.
pub fn trusted_redirect_uri(client: &Client, p: &AuthorizeParams) -> Result<String, String> {
    match p.redirect_uri.as_deref().filter(|r| !r.is_empty()) {
        Some(uri) if client.allows_callback(uri) => Ok(uri.to_string()),
        Some(uri) => Err(format!(
            "The redirect URI {uri:?} is not in the list of allowed callback URLs of {}.",
            client.name
        )),
        None => match client.callbacks.as_slice() {
            [only] => Ok(only.clone()),
            [] => Err(format!(
                "{} has no allowed callback URLs, so this request cannot be answered.",
                client.name
            )),
            _ => Err("The request names no redirect_uri.".into()),
        },
    }
}

/// The response mode a request asked for, or the default for its response type.
pub fn response_mode(p: &AuthorizeParams) -> ResponseMode {
    let implicit = p
        .response_type
        .as_deref()
        .and_then(ResponseType::parse)
        .is_some_and(|t| t != ResponseType::Code);
    match p.response_mode.as_deref() {
        Some("query") if !implicit => ResponseMode::Query,
        Some("fragment") => ResponseMode::Fragment,
        Some("form_post") => ResponseMode::FormPost,
        Some("web_message") => ResponseMode::WebMessage,
        // Tokens never go in a query string, where servers and proxies log them.
        _ if implicit => ResponseMode::Fragment,
        _ => ResponseMode::Query,
    }
}

/// Checks everything but the redirect URI (already trusted); a refusal goes back to the app.
pub fn check_request(
    client: &Client,
    redirect_uri: String,
    p: &AuthorizeParams,
    audiences: &[String],
) -> Result<AuthorizationRequest, OAuthError> {
    let response_type = match p.response_type.as_deref() {
        None | Some("") => {
            return Err(oauth(
                "invalid_request",
                "Missing required parameter: response_type",
            ));
        }
        Some(t) => ResponseType::parse(t).ok_or_else(|| {
            oauth(
                "unsupported_response_type",
                format!("Unsupported response type: {t}"),
            )
        })?,
    };
    if let Some(mode) = p.response_mode.as_deref()
        && !matches!(mode, "query" | "fragment" | "form_post" | "web_message")
    {
        return Err(oauth(
            "invalid_request",
            format!("Unsupported response mode: {mode}"),
        ));
    }
    if response_type != ResponseType::Code && p.response_mode.as_deref() == Some("query") {
        return Err(oauth(
            "invalid_request",
            "Tokens cannot be returned in the query string (use response_mode fragment or form_post)",
        ));
    }
    let grant = if response_type == ResponseType::Code {
        GRANT_AUTHORIZATION_CODE
    } else {
        GRANT_IMPLICIT
    };
    if !client.allows_grant(grant) {
        return Err(oauth(
            "unauthorized_client",
            format!("Grant type '{grant}' not allowed for the client."),
        ));
    }
    let scope = Scope::parse(p.scope.as_deref().unwrap_or("openid"));
    let nonce = p.nonce.clone().filter(|n| !n.is_empty());
    if response_type.returns_id_token() {
        if !scope.has("openid") {
            return Err(oauth(
                "invalid_request",
                "An id_token needs the openid scope",
            ));
        }
        if nonce.is_none() {
            // OIDC Core §3.2.2.1: without a nonce a stolen id_token could be replayed.
            return Err(oauth(
                "invalid_request",
                "Missing required parameter: nonce",
            ));
        }
    }
    if let Some(audience) = p.audience.as_deref().filter(|a| !a.is_empty())
        && !audiences.iter().any(|a| a == audience)
    {
        return Err(oauth(
            "access_denied",
            format!("Service not found: {audience}"),
        ));
    }
    let code_challenge = p.code_challenge.clone().filter(|c| !c.is_empty());
    if let Some(challenge) = &code_challenge {
        match p.code_challenge_method.as_deref() {
            Some("S256") => {}
            // RFC 7636 makes an absent method mean `plain`, which protects nothing
            // against an attacker who can read the authorization request.
            _ => {
                return Err(oauth(
                    "invalid_request",
                    "code_challenge_method must be S256",
                ));
            }
        }
        if !is_pkce_value(challenge) || challenge.len() != 43 {
            return Err(oauth(
                "invalid_request",
                "code_challenge must be the base64url SHA-256 of the code_verifier (43 characters)",
            ));
        }
    } else if response_type == ResponseType::Code && client.secret_hash.is_none() {
        // A public client cannot prove at the token endpoint that it is the app that
        // asked; PKCE is what stops an intercepted code from being redeemed.
        return Err(oauth(
            "invalid_request",
            "Public clients must use PKCE: code_challenge and code_challenge_method=S256 are required",
        ));
    }
    Ok(AuthorizationRequest {
        client: client.clone(),
        to: TrustedRedirect {
            redirect_uri,
            response_mode: response_mode(p),
            state: p.state.clone().filter(|s| !s.is_empty()),
        },
        response_type,
        scope,
        nonce,
        audience: p.audience.clone().filter(|a| !a.is_empty()),
        code_challenge,
    })
}

/// What the browser takes back to the app.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizationResponse {
    pub redirect_uri: String,
    pub mode: ResponseMode,
    pub params: Vec<(String, String)>,
}

impl AuthorizationResponse {
    pub fn error(to: &TrustedRedirect, e: &OAuthError) -> Self {
        to.answer(vec![
            ("error".to_string(), e.error.to_string()),
            ("error_description".to_string(), e.description.clone()),
        ])
    }

    /// The URL to send the browser to (for `query` and `fragment`).
    pub fn location(&self) -> String {
        let encoded = serde_urlencoded::to_string(&self.params).unwrap_or_default();
        match self.mode {
            // Never a redirect's answer, but if one were asked for, tokens stay out of the query.
            ResponseMode::Fragment | ResponseMode::WebMessage => {
                let base = self.redirect_uri.split('#').next().unwrap_or_default();
                format!("{base}#{encoded}")
            }
            ResponseMode::Query | ResponseMode::FormPost => {
                let (base, fragment) = match self.redirect_uri.split_once('#') {
                    Some((b, f)) => (b, Some(f)),
                    None => (self.redirect_uri.as_str(), None),
                };
                let sep = if base.contains('?') { '&' } else { '?' };
                match fragment {
                    Some(f) => format!("{base}{sep}{encoded}#{f}"),
                    None => format!("{base}{sep}{encoded}"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(secret: bool) -> Client {
        Client {
            secret_hash: secret.then(|| vec![1]),
            ..Client::sample()
        }
    }

    fn params(response_type: &str) -> AuthorizeParams {
        AuthorizeParams {
            client_id: Some("app".into()),
            redirect_uri: Some("https://app.example/cb".into()),
            response_type: Some(response_type.into()),
            ..Default::default()
        }
    }

    /// A code request that names `redirect_uri` (or none).
    fn asking_for(redirect_uri: Option<&str>) -> AuthorizeParams {
        AuthorizeParams {
            redirect_uri: redirect_uri.map(str::to_string),
            ..params("code")
        }
    }

    #[test]
    fn redirect_uris_match_exactly() {
        let c = client(true);
        for uri in ["https://app.example/cb", "com.example.app://cb"] {
            let p = asking_for(Some(uri));
            assert_eq!(trusted_redirect_uri(&c, &p).unwrap(), uri);
        }
        for uri in [
            "https://app.example/cb/",
            "https://app.example/cb?x=1",
            "https://APP.example/cb",
            "https://app.example/cb#",
            "https://app.example.evil.com/cb",
            "http://app.example/cb",
        ] {
            let p = asking_for(Some(uri));
            assert!(trusted_redirect_uri(&c, &p).is_err(), "{uri}");
        }
        let p = asking_for(None);
        assert!(
            trusted_redirect_uri(&c, &p).is_err(),
            "two callbacks, none chosen"
        );
    }

    #[test]
    fn without_a_redirect_uri_only_a_single_callback_is_used() {
        let mut c = client(true);
        c.callbacks = vec!["https://app.example/only".into()];
        for given in [None, Some("")] {
            let p = asking_for(given);
            assert_eq!(
                trusted_redirect_uri(&c, &p).unwrap(),
                "https://app.example/only"
            );
        }
        c.callbacks.clear();
        let p = asking_for(None);
        assert!(
            trusted_redirect_uri(&c, &p)
                .unwrap_err()
                .contains("has no allowed callback URLs")
        );
        // an untrusted URI is refused even when it is the client's only way out
        let p = asking_for(Some("https://evil.example/cb"));
        assert!(trusted_redirect_uri(&c, &p).is_err());
    }

    #[test]
    fn response_modes_default_by_response_type_and_tokens_never_go_in_a_query() {
        let mode = |response_type: &str, asked: Option<&str>| {
            response_mode(&AuthorizeParams {
                response_mode: asked.map(str::to_string),
                ..params(response_type)
            })
        };
        assert_eq!(mode("code", None), ResponseMode::Query);
        assert_eq!(mode("code", Some("fragment")), ResponseMode::Fragment);
        assert_eq!(mode("code", Some("form_post")), ResponseMode::FormPost);
        assert_eq!(mode("id_token", None), ResponseMode::Fragment);
        assert_eq!(
            mode("token id_token", Some("query")),
            ResponseMode::Fragment
        );
        assert_eq!(mode("token", Some("form_post")), ResponseMode::FormPost);
        assert_eq!(mode("code", Some("web_message")), ResponseMode::WebMessage);
        assert_eq!(
            mode("id_token token", Some("web_message")),
            ResponseMode::WebMessage
        );
    }

    #[test]
    fn an_error_goes_back_with_the_state() {
        let to = TrustedRedirect {
            redirect_uri: "https://app.example/cb".into(),
            response_mode: ResponseMode::Query,
            state: Some("xyz".into()),
        };
        let r = AuthorizationResponse::error(&to, &oauth("access_denied", "no"));
        assert_eq!(
            r.location(),
            "https://app.example/cb?error=access_denied&error_description=no&state=xyz"
        );
    }

    #[test]
    fn public_clients_need_s256_pkce_for_codes() {
        let c = client(false);
        let e =
            check_request(&c, "https://app.example/cb".into(), &params("code"), &[]).unwrap_err();
        assert_eq!(e.error, "invalid_request");
        let mut p = params("code");
        p.code_challenge = Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".into());
        p.code_challenge_method = Some("plain".into());
        assert!(check_request(&c, "https://app.example/cb".into(), &p, &[]).is_err());
        p.code_challenge_method = Some("S256".into());
        let r = check_request(&c, "https://app.example/cb".into(), &p, &[]).unwrap();
        assert_eq!(r.to.response_mode, ResponseMode::Query);
        assert!(
            check_request(
                &client(true),
                "https://app.example/cb".into(),
                &params("code"),
                &[]
            )
            .is_ok()
        );
    }

    #[test]
    fn implicit_requests_need_a_nonce_and_use_the_fragment() {
        let c = client(true);
        let e = check_request(
            &c,
            "https://app.example/cb".into(),
            &params("id_token token"),
            &[],
        )
        .unwrap_err();
        assert!(e.description.contains("nonce"));
        let mut p = params("token id_token");
        p.nonce = Some("n-0S6_WzA2Mj".into());
        let r = check_request(&c, "https://app.example/cb".into(), &p, &[]).unwrap();
        assert_eq!(r.response_type, ResponseType::IdTokenToken);
        assert_eq!(r.to.response_mode, ResponseMode::Fragment);
        p.response_mode = Some("query".into());
        assert!(check_request(&c, "https://app.example/cb".into(), &p, &[]).is_err());
        let e = check_request(
            &c,
            "https://app.example/cb".into(),
            &params("code token id"),
            &[],
        )
        .unwrap_err();
        assert_eq!(e.error, "unsupported_response_type");
    }

    #[test]
    fn responses_keep_the_redirect_uri_query_and_escape_values() {
        let r = AuthorizationResponse {
            redirect_uri: "https://app.example/cb?tenant=a".into(),
            mode: ResponseMode::Query,
            params: vec![
                ("code".into(), "x y".into()),
                ("state".into(), "a&b".into()),
            ],
        };
        assert_eq!(
            r.location(),
            "https://app.example/cb?tenant=a&code=x+y&state=a%26b"
        );
        let r = AuthorizationResponse {
            mode: ResponseMode::Fragment,
            ..r
        };
        assert_eq!(
            r.location(),
            "https://app.example/cb?tenant=a#code=x+y&state=a%26b"
        );
    }
}
