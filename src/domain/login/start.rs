//! `/passwordless/start` (and the hosted page's start): the client and connection checked,
//! the per-IP and per-client limits, then a fresh code (or magic link) sent through the
//! connection's channel. Only the newest code works, and a failed send leaves none behind.
//!
//! Over 400 lines because it is one flow, start to answer (the request's checks, admission, the
//! code stored, delivery and the clean-up guard when delivery fails), shared by SMS and email.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::Serialize;

use super::link;
use crate::domain::channels::sms::test_number;
use crate::domain::channels::{Channel, DeliveryContext, Message, Outgoing};
use crate::domain::connections::email::SendMode;
use crate::domain::connections::{ConnectionOptions, EmailOptions, SmsOptions};
use crate::domain::core::Core;
use crate::domain::limits::{self, LimitKind};
use crate::domain::model::{Client, Contact, LogEvent, OtpRecord, RecipientKind, User};
use crate::domain::oauth::client::authenticate_client;
use crate::domain::ports::RequestInfo;
use crate::domain::{DomainError, UnixTime, audit, otp, random_hex};

/// A `/passwordless/start` request, already split into fields by the HTTP layer.
#[derive(Debug, Default, Clone)]
pub struct StartRequest {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub connection: Option<String>,
    pub phone_number: Option<String>,
    pub email: Option<String>,
    pub send: Option<String>,
    /// Ours and Auth0's phone provider's name: `text` (the default) or `whatsapp`.
    pub delivery_method: Option<String>,
    /// Magic-link parameters (`redirect_uri`, `response_type`, `state`…).
    pub auth_params: BTreeMap<String, String>,
    /// Made by Latchkey's own login page for a checked `/authorize` request: there is no
    /// client software to prove the client's secret, as with Auth0's Universal Login.
    pub hosted: bool,
    pub request_language: Option<String>,
    /// The caller's address, as the HTTP layer resolved it (trusted proxies applied).
    pub ip: Option<IpAddr>,
    /// `auth0-forwarded-for`: the end user's address, believed only from a confidential
    /// client that proved its secret (a backend calling on a user's behalf).
    pub forwarded_for: Option<IpAddr>,
    /// The caller's `User-Agent`, for an SMS gateway with `forward_req_info`.
    pub user_agent: Option<String>,
}

/// The start call's answer: Auth0 echoes the (future) user, `phone_*` or `email*` fields.
#[derive(Debug, Clone, Serialize)]
pub struct StartResponse {
    #[serde(rename = "_id")]
    pub id: String,
    /// Not verified yet: that is what the code is for.
    #[serde(flatten)]
    pub contact: Contact,
    pub request_language: Option<String>,
}

/// Sends a fresh code. Any older code for the same number stops working; if delivery
/// fails, the new code is deleted too, so no code is left that nobody received.
pub async fn start(core: &Core, req: StartRequest) -> Result<StartResponse, DomainError> {
    let client_id = required(req.client_id.as_deref(), "bad.client_id", "client_id")?;
    let client = match if req.hosted {
        core.client(client_id)
            .await?
            .ok_or(DomainError::ClientAuthFailed)
    } else {
        authenticate_client(core, Some(client_id), req.client_secret.as_deref()).await
    } {
        Err(DomainError::ClientAuthFailed) if core.client(client_id).await?.is_none() => {
            return Err(DomainError::bad_start(
                "bad.client_id",
                format!("Unknown client: {client_id}"),
            ));
        }
        other => other?,
    };
    let ip = match req.forwarded_for {
        Some(user_ip) if client.secret_hash.is_some() => Some(user_ip),
        _ => req.ip,
    };
    if let Some(ip) = ip {
        core.limit(
            LimitKind::Requests,
            "start:ip",
            &limits::address_key(ip),
            core.limits.start_per_ip,
        )
        .await?;
    }
    core.limit(
        LimitKind::Requests,
        "start:client",
        &client.client_id,
        core.limits.start_per_client,
    )
    .await?;
    let connection =
        required(req.connection.as_deref(), "bad.connection", "connection")?.to_string();
    let options = core
        .connection_options(&connection)
        .await?
        .ok_or_else(|| DomainError::bad_start("bad.connection", "Connection does not exist"))?;
    // A connection takes one kind of identifier; naming the other kind is a mistake.
    let foreign = match options.recipient_kind() {
        RecipientKind::PhoneNumber => req.email.is_some().then_some("email"),
        RecipientKind::Email => req.phone_number.is_some().then_some("phone_number"),
    };
    if let Some(property) = foreign {
        return Err(DomainError::bad_start(
            "bad.request",
            format!("the following properties are not allowed: {property}"),
        ));
    }
    // The dashboard's sign-in (only from the hosted login: elsewhere its client does not
    // authenticate) sends an email code that waits apart from the tenant's users' codes.
    let dashboard = super::dashboard_identity::is_dashboard(&client.client_id);
    if dashboard
        && (!matches!(options, ConnectionOptions::Email(_))
            || !matches!(req.send.as_deref(), None | Some("code")))
    {
        return Err(DomainError::bad_start(
            "bad.request",
            "the dashboard signs in with an email code",
        ));
    }
    let code_key = if dashboard {
        super::dashboard_identity::code_namespace(&connection)
    } else {
        connection.clone()
    };
    let tenant = crate::domain::management::tenant_settings::tenant(core).await?;
    let starting = Starting {
        core,
        enabled_locales: tenant.enabled_locales(),
        tenant: &tenant,
        req: &req,
        client: &client,
        connection: &connection,
        code_key: &code_key,
        dashboard,
        ip,
    };
    let sent = match &options {
        ConnectionOptions::Sms(o) => start_sms(&starting, o).await?,
        ConnectionOptions::Email(o) => start_email(&starting, o).await?,
    };
    core.events
        .log(LogEvent {
            kind: sent.kind.into(),
            description: sent.description,
            client_id: Some(client.client_id.clone()),
            connection: Some(connection.clone()),
            user_id: sent.existing.as_ref().map(|u| u.user_id.clone()),
            ip: req.ip.map(|i| i.to_string()),
            country: sent.country,
            ..Default::default()
        })
        .await;
    // Auth0 answers with the identity's id, which tells anyone who asks whether a number
    // or address has an account. Latchkey answers with a fresh id of the same form (24 hex
    // digits) for everyone, so the answer is the same whoever the recipient is.
    let id = random_hex(core.random.as_ref(), 12);
    Ok(StartResponse {
        id,
        contact: Contact::new(options.recipient_kind(), sent.recipient, false),
        request_language: req.request_language,
    })
}

/// A property of the start that must be present and not empty.
fn required<'a>(
    value: Option<&'a str>,
    code: &'static str,
    name: &str,
) -> Result<&'a str, DomainError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| DomainError::bad_start(code, format!("Missing required property: {name}")))
}

/// A start whose client and connection are known.
struct Starting<'a> {
    core: &'a Core,
    tenant: &'a crate::domain::model::TenantSettings,
    /// The tenant's languages, read once for every message of this start.
    enabled_locales: Vec<String>,
    req: &'a StartRequest,
    client: &'a Client,
    connection: &'a str,
    /// Where the code waits and its limits are counted: the connection, or the dashboard's
    /// namespace for it.
    code_key: &'a str,
    /// The dashboard's sign-in: no tenant user is looked up (nor blocked, nor signed up).
    dashboard: bool,
    /// The end user's address, as the limits count it.
    ip: Option<IpAddr>,
}

impl Starting<'_> {
    /// What a message of this start tells its recipient.
    fn outgoing<'b>(
        &'b self,
        recipient: &'b str,
        code: &'b str,
        send: SendMode,
        link: &'b str,
    ) -> Outgoing<'b> {
        Outgoing {
            recipient,
            code,
            application_name: &self.client.name,
            request_language: self.req.request_language.as_deref(),
            send,
            link,
            request: RequestInfo {
                ip: self.ip.map(|i| i.to_string()),
                user_agent: self.req.user_agent.clone(),
            },
            tenant: crate::domain::channels::message::TenantVars::of(
                self.tenant,
                &self.enabled_locales,
            ),
        }
    }

    /// Who asked, for the event log's lines about the delivery.
    fn delivery_context<'b>(&'b self, ip: &'b Option<String>) -> DeliveryContext<'b> {
        DeliveryContext {
            connection: self.connection,
            client_id: Some(&self.client.client_id),
            ip: ip.as_deref(),
            whatsapp: false,
            otp_id: None,
        }
    }
}

/// What was sent, for the log and the answer.
struct Sent {
    recipient: String,
    existing: Option<User>,
    kind: &'static str,
    description: String,
    /// A text's country, for the overview (not for a test number's code, never sent).
    country: Option<String>,
}

async fn start_sms(s: &Starting<'_>, options: &SmsOptions) -> Result<Sent, DomainError> {
    let core = s.core;
    let channel = Channel::Sms(options);
    let phone_input = s.req.phone_number.as_deref().ok_or_else(|| {
        DomainError::bad_start(
            "bad.phone_number",
            "Missing required property: phone_number",
        )
    })?;
    let phone_number = channel.recipient(phone_input)?;
    let whatsapp = match (s.req.send.as_deref(), s.req.delivery_method.as_deref()) {
        (Some("whatsapp"), None | Some("whatsapp")) | (None | Some("code"), Some("whatsapp")) => {
            true
        }
        (_, None | Some("text")) => false,
        (_, Some(_)) => {
            return Err(DomainError::bad_start(
                "bad.request",
                "delivery_method must be one of: text, whatsapp",
            ));
        }
    };
    if whatsapp && options.whatsapp.is_none() {
        return Err(DomainError::bad_start(
            "bad.request",
            "WhatsApp is not set up for this connection",
        ));
    }
    match s.req.send.as_deref() {
        None | Some("code" | "whatsapp") => {}
        Some("link" | "link_ios" | "link_android") => {
            return Err(DomainError::bad_start(
                "bad.request",
                "Magic links are not available for SMS connections; use send: \"code\"",
            ));
        }
        Some(_) => {
            return Err(DomainError::bad_start(
                "bad.request",
                "send must be one of: code, link, link_ios, link_android",
            ));
        }
    }
    let existing = existing_user(core, s.connection, &phone_number, options.disable_signup).await?;
    let now = core.clock.now();
    let test_number = test_number(options, &phone_number, now);
    if test_number.is_none() {
        channel
            .admit(core, s.connection, &phone_number, s.ip, now)
            .await?;
    }
    let code = match test_number {
        Some(t) => t.code.clone(),
        None => otp::generate(core.random.as_ref(), options.totp.length),
    };
    let message = channel.render(
        core.tokens.issuer(),
        &s.outgoing(&phone_number, &code, SendMode::Code, ""),
    )?;
    let code = Code {
        recipient: &phone_number,
        code: &code,
        lifetime: options.totp.time_step,
        now,
    };
    let country = test_number
        .is_none()
        .then(|| crate::domain::measures::region_of(&phone_number));
    let description = if test_number.is_some() {
        store_code(s, &code).await?;
        tracing::info!(connection = %s.connection, to = %phone_number, "test number: code stored, no text sent");
        "Code stored for a test number; no text sent".to_string()
    } else {
        let provider = send_code(s, &channel, &code, &message, whatsapp).await?;
        format!(
            "Code sent by text message through {}",
            provider.as_deref().unwrap_or("?")
        )
    };
    Ok(Sent {
        recipient: phone_number,
        existing,
        kind: audit::codes::CODE_SENT,
        description,
        country,
    })
}

/// Sends a code or a magic link by email.
async fn start_email(s: &Starting<'_>, options: &EmailOptions) -> Result<Sent, DomainError> {
    let core = s.core;
    let channel = Channel::Email(options);
    let address = channel.recipient(s.req.email.as_deref().unwrap_or(""))?;
    let send = SendMode::parse(s.req.send.as_deref()).ok_or_else(|| {
        DomainError::bad_start(
            "bad.request",
            "send must be one of: code, link, link_ios, link_android",
        )
    })?;
    let existing = if s.dashboard {
        None
    } else {
        existing_user(core, s.connection, &address, options.disable_signup).await?
    };
    let now = core.clock.now();
    // Where a link leads is checked before anything is stored or sent.
    let destination =
        link::Destination::check(core, s.client, options, send, &s.req.auth_params).await?;
    channel.admit(core, s.code_key, &address, s.ip, now).await?;
    let code = otp::generate(core.random.as_ref(), options.totp.length);
    let link = destination.link(
        core.tokens.issuer(),
        s.client,
        s.connection,
        &address,
        &code,
    )?;
    let message = channel.render(
        core.tokens.issuer(),
        &s.outgoing(&address, &code, send, &link),
    )?;
    let code = Code {
        recipient: &address,
        code: &code,
        lifetime: options.totp.time_step,
        now,
    };
    send_code(s, &channel, &code, &message, false).await?;
    let (kind, description) = match send {
        SendMode::Code => (audit::codes::CODE_SENT, "Code sent by email"),
        _ => (audit::codes::LINK_SENT, "Sign-in link sent by email"),
    };
    Ok(Sent {
        recipient: address,
        existing,
        kind,
        description: description.into(),
        country: None,
    })
}

/// The user who already logs in as `recipient`: a blocked one may not get a code, and
/// nobody new may when sign-up is off.
async fn existing_user(
    core: &Core,
    connection: &str,
    recipient: &str,
    disable_signup: bool,
) -> Result<Option<User>, DomainError> {
    let existing = core.store.user_by_recipient(connection, recipient).await?;
    match &existing {
        Some(user) if user.blocked => Err(DomainError::UserBlocked),
        None if disable_signup => Err(DomainError::SignupDisabled),
        _ => Ok(existing),
    }
}

/// A fresh code for one recipient.
struct Code<'a> {
    recipient: &'a str,
    code: &'a str,
    lifetime: i64,
    now: UnixTime,
}

/// Stores the code as the only live one for its recipient.
async fn store_code(s: &Starting<'_>, code: &Code<'_>) -> Result<OtpRecord, DomainError> {
    let core = s.core;
    let record = OtpRecord {
        id: random_hex(core.random.as_ref(), 12),
        connection: s.code_key.into(),
        recipient: code.recipient.to_string(),
        code_hash: core.keys.otp_hash(s.code_key, code.recipient, code.code),
        created_at: code.now,
        expires_at: code.now + code.lifetime,
        attempts: 0,
        verify_provider: None,
    };
    core.store.replace_otp(&record).await?;
    Ok(record)
}

/// Stores the code, then delivers its message; if delivery fails the code is deleted, so
/// no code is left that nobody received. That holds on every way out: an error, the
/// delivery deadline, and the request being dropped mid-send (a client gone, the request
/// timeout), where [`Unsent`] deletes the code from a task of its own. The SMS provider
/// that took a text.
async fn send_code(
    s: &Starting<'_>,
    channel: &Channel<'_>,
    code: &Code<'_>,
    message: &Message,
    whatsapp: bool,
) -> Result<Option<String>, DomainError> {
    let record = store_code(s, code).await?;
    let mut unsent = Unsent {
        store: Some(s.core.store.clone()),
        id: record.id.clone(),
    };
    let caller_ip = s.req.ip.map(|i| i.to_string());
    match channel
        .deliver(
            s.core,
            message,
            DeliveryContext {
                whatsapp,
                otp_id: Some(&record.id),
                ..s.delivery_context(&caller_ip)
            },
        )
        .await
    {
        Ok(provider) => {
            if let Channel::Sms(options) = channel {
                super::verify_code::mark_sent(s.core, options, &record, provider.as_deref())
                    .await?;
            }
            unsent.store = None;
            crate::domain::measures::code_sent(channel.name(), code.recipient);
            Ok(provider)
        }
        Err(e) => {
            // The guard stays armed until the delete is done: should this request be
            // dropped during it, or the delete fail, the guard tries again.
            if let Some(store) = unsent.store.clone() {
                store.delete_otp(&unsent.id).await?;
            }
            unsent.store = None;
            Err(e)
        }
    }
}

/// A stored code whose message has not gone out yet: dropped while still holding the
/// store (the send neither succeeded nor failed, because its future was dropped), it
/// deletes the code.
struct Unsent {
    store: Option<std::sync::Arc<dyn crate::domain::ports::Store>>,
    id: String,
}

impl Drop for Unsent {
    fn drop(&mut self) {
        let Some(store) = self.store.take() else {
            return;
        };
        let id = std::mem::take(&mut self.id);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(e) = store.delete_otp(&id).await {
                        tracing::error!(error = %e, "cannot delete the code of a cancelled send");
                    }
                });
            }
            Err(_) => tracing::error!("a cancelled send left its code: no runtime to delete it"),
        }
    }
}
