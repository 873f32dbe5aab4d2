//! Request bodies as the SDKs send them: JSON (Auth0.swift, auth0-python, auth0.js) or
//! form-encoded (node-auth0, curl), read into one map. Bad bodies are answered in Auth0's
//! error shape, not axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use base64::Engine;
use serde_json::{Map, Value};

use super::error::ApiError;

/// The request's parameters, whatever the encoding.
#[derive(Debug, Default)]
pub struct Params(pub Map<String, Value>);

/// Why a body could not be read; each endpoint words it in its own vocabulary.
#[derive(Debug)]
pub struct BodyRejection(pub axum::http::StatusCode, pub String);

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = BodyRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            BodyRejection(
                e.status(),
                format!("Cannot read the request body: {}", e.body_text()),
            )
        })?;
        if body.is_empty() {
            return Ok(Params::default());
        }
        let is_form = content_type.starts_with("application/x-www-form-urlencoded");
        if is_form || (!content_type.contains("json") && body.first() != Some(&b'{')) {
            let pairs: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).map_err(|_| {
                    BodyRejection(StatusCode::BAD_REQUEST, "Invalid form-encoded body".into())
                })?;
            return Ok(Params(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            ));
        }
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(map)) => Ok(Params(map)),
            Ok(_) => Err(BodyRejection(
                StatusCode::BAD_REQUEST,
                "The request body must be a JSON object".into(),
            )),
            Err(_) => Err(BodyRejection(
                StatusCode::BAD_REQUEST,
                "Invalid JSON body".into(),
            )),
        }
    }
}

impl Params {
    /// A string parameter; `null` and absent are the same, and empty strings count as absent.
    /// Numbers and booleans are read as their text (some clients send codes as numbers).
    pub fn str(&self, key: &str) -> Result<Option<String>, String> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(_) => Err(format!("{key} must be a string")),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
}

/// `client_secret_basic`: the client id and secret from an `Authorization: Basic` header.
/// RFC 6749 §2.3.1 has both form-urlencoded before base64 (openid-client sends `-` as
/// `%2D`), so they are decoded after the split on the first `:`, which encoding protects.
pub fn basic_client_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let (id, secret) = raw_basic_credentials(headers)?;
    Some((form_decode(&id)?, form_decode(&secret)?))
}

/// The Basic header's id and secret as sent, undecoded: many clients (curl `-u`, most HTTP
/// libraries) do not form-encode, and a secret with a `+` or `%` must still work for them.
pub fn raw_basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (id, secret) = text.split_once(':')?;
    Some((id.to_string(), secret.to_string()))
}

/// `application/x-www-form-urlencoded` decoding of one value: `+` is a space, `%XX` a byte.
fn form_decode(value: &str) -> Option<String> {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// The bearer token of an `Authorization` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))?
        .trim();
    (!token.is_empty()).then_some(token)
}

/// The language a message should be written in: `x-request-language`, else `accept-language`.
pub fn request_language(headers: &HeaderMap) -> Option<String> {
    ["x-request-language", "accept-language"]
        .iter()
        .find_map(|h| headers.get(*h).and_then(|v| v.to_str().ok()))
        .map(|s| s.chars().take(100).collect())
}

/// The caller's `User-Agent` (at most 256 characters), for an SMS gateway that is sent it.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(256).collect())
}

impl BodyRejection {
    pub fn into_api(self, endpoint: super::error::Endpoint) -> ApiError {
        let mut e = ApiError::bad_request(endpoint, self.1);
        e.status = self.0;
        e
    }
}

impl axum::response::IntoResponse for BodyRejection {
    fn into_response(self) -> axum::response::Response {
        self.into_api(super::error::Endpoint::Token).into_response()
    }
}

/// The address the request comes from, with trusted proxies' `X-Forwarded-For` applied.
pub fn caller_ip(
    socket: std::net::SocketAddr,
    headers: &HeaderMap,
    trusted: &[crate::domain::limits::Cidr],
) -> std::net::IpAddr {
    let forwarded: Vec<&[u8]> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    crate::domain::limits::client_ip(socket.ip(), &forwarded, trusted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(raw: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        );
        headers.insert(header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn basic_credentials_are_form_decoded_after_the_split() {
        // openid-client's encoding of "svc-1_a" and "s:e+c/r%t": the colon in the secret is
        // %3A, so the first raw colon is the separator.
        assert_eq!(
            basic_client_credentials(&basic("svc%2D1%5Fa:s%3Ae%2Bc%2Fr%25t")),
            Some(("svc-1_a".into(), "s:e+c/r%t".into()))
        );
        assert_eq!(
            basic_client_credentials(&basic("plain:with+space")),
            Some(("plain".into(), "with space".into()))
        );
        assert_eq!(basic_client_credentials(&basic("id:%FF%FE")), None);
        assert_eq!(
            raw_basic_credentials(&basic("id:%FF+x")),
            Some(("id".into(), "%FF+x".into()))
        );
        assert_eq!(basic_client_credentials(&basic("no-separator")), None);
    }
}
