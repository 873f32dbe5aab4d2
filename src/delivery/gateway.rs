//! Auth0's custom SMS gateway contract: a JSON POST of `recipient`, `body` and `sender` (and
//! `req` with `ip` and `user-agent` under `forward_req_info`) to `gateway_url`, with
//! `Authorization: Bearer <JWT>` (HS256, `sub` and `aud` from `gateway_authentication`)
//! when authentication is set. Only the status is read: a 2xx is sent (Auth0 names 200; a
//! 202 also means the gateway took it, and treating it as a failure would send twice after
//! failover). Any other answer is the gateway saying it did not send, with Auth0's texts.

use serde::Serialize;

use crate::domain::ports::{DeliveryError, GATEWAY_TIMEOUT, GatewayAuth, GatewayRoute, SmsMessage};

/// How long a gateway's token is good for: it is made for one request.
const TOKEN_LIFETIME: i64 = 300;

#[derive(Serialize)]
struct Claims<'a> {
    sub: &'a str,
    aud: &'a str,
    iat: i64,
    exp: i64,
}

#[derive(Serialize)]
struct Body<'a> {
    recipient: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sender: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    req: Option<Req<'a>>,
}

#[derive(Serialize)]
struct Req<'a> {
    ip: Option<&'a str>,
    #[serde(rename = "user-agent")]
    user_agent: Option<&'a str>,
}

fn bearer(auth: &GatewayAuth) -> Result<String, DeliveryError> {
    let claims = Claims {
        sub: &auth.subject,
        aud: &auth.audience,
        iat: auth.issued_at,
        exp: auth.issued_at + TOKEN_LIFETIME,
    };
    let cannot = |e: jsonwebtoken::errors::Error| {
        DeliveryError::NotSent(format!("cannot sign the SMS gateway's token: {e}"))
    };
    let key = jsonwebtoken::EncodingKey::from_secret(&auth.secret.0).map_err(cannot)?;
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &key,
    )
    .map_err(cannot)
}

pub async fn send(
    http: &reqwest::Client,
    route: &GatewayRoute,
    message: &SmsMessage,
) -> Result<(), DeliveryError> {
    let body = Body {
        recipient: &message.to,
        body: &message.body,
        sender: route.sender.as_deref(),
        req: route.forward_req_info.then_some(Req {
            ip: message.request.ip.as_deref(),
            user_agent: message.request.user_agent.as_deref(),
        }),
    };
    let mut request = http
        .post(&route.url)
        .timeout(route.timeouts.request)
        .json(&body);
    if let Some(auth) = &route.auth {
        request = request.bearer_auth(bearer(auth)?);
    }
    let response = super::attempt(request, "SMS gateway", GATEWAY_TIMEOUT).await?;
    let status = response.status().as_u16();
    match status {
        200..=299 => Ok(()),
        401 => Err(DeliveryError::NotSent(format!(
            "Authentication failed while calling the SMS gateway: {status}"
        ))),
        _ => Err(DeliveryError::NotSent(format!(
            "Unexpected response while calling the SMS gateway: {status}"
        ))),
    }
}
