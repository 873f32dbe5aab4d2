//! A delivery receipt from Twilio, from the request to its effects: the signature checked
//! against the connection's Twilio accounts (over the URL Latchkey gave Twilio for this
//! connection, so a receipt replayed to another connection's URL fails), the status stored
//! by the rule in [`super::receipts`], and for a WhatsApp message that failed, one text
//! with the same code through the connection's SMS providers while the code still waits.

use super::context::DeliveryContext;
use super::failover;
use super::receipts;
use crate::domain::DomainError;
use crate::domain::connections::{ConnectionOptions, SmsOptions};
use crate::domain::core::Core;
use crate::domain::model::DeliveryRecord;
use crate::domain::ports::SmsMessage;

/// Why a receipt was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    /// No such connection, no Twilio account of its with this `AccountSid`, or a signature
    /// none of them made: the same answer for each, so a caller learns nothing.
    #[error("the request is not signed by this connection's Twilio account")]
    Forbidden,
    #[error(transparent)]
    Failed(#[from] DomainError),
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Takes one status callback for connection `connection`: `params` is the form Twilio
/// posted, `signature` its `X-Twilio-Signature`.
pub async fn twilio_status(
    core: &Core,
    connection: &str,
    params: &[(String, String)],
    signature: Option<&str>,
) -> Result<(), ReceiptError> {
    let Some(ConnectionOptions::Sms(options)) = core.connection_options(connection).await? else {
        return Err(ReceiptError::Forbidden);
    };
    let (Some(signature), Some(account)) = (signature, param(params, "AccountSid")) else {
        return Err(ReceiptError::Forbidden);
    };
    let url = receipts::callback_url(core.tokens.issuer(), connection);
    let signed = receipts::twilio_accounts(&options, account)
        .iter()
        .any(|p| {
            receipts::signature_matches(
                p.twilio_token.as_deref().unwrap_or(""),
                &url,
                params,
                signature,
            )
        });
    if !signed {
        tracing::warn!(%connection, "a Twilio status callback with a bad signature was refused");
        return Err(ReceiptError::Forbidden);
    }
    let (Some(message_id), Some(status)) = (
        param(params, "MessageSid").or_else(|| param(params, "SmsSid")),
        param(params, "MessageStatus").or_else(|| param(params, "SmsStatus")),
    ) else {
        return Ok(());
    };
    let error_code = param(params, "ErrorCode").and_then(|c| c.parse().ok());
    let pumping = &options.pumping_protection;
    let rule = |before: &DeliveryRecord| {
        // A message of another connection is not this one's to report on.
        if before.connection != connection {
            return None;
        }
        let cell = pumping.undelivered_cell(connection, &before.recipient, before.created_at);
        receipts::receipt_change(before, status, error_code, cell)
    };
    let now = core.clock.now();
    let recorded = core
        .store
        .record_receipt(message_id, now, &rule)
        .await
        .map_err(DomainError::from)?;
    let Some((before, change)) = recorded else {
        return Ok(());
    };
    let Some(change) = change else {
        return Ok(());
    };
    tracing::info!(%connection, provider = %before.provider, status = %change.status, error_code = ?change.error_code, "delivery receipt");
    // The receipt is taken whatever follows: a fallback that fails is logged (by the
    // failover, with each provider's decision), and Twilio has nothing to retry.
    if before.whatsapp
        && let Err(e) = whatsapp_outcome(core, &options, &before, &change.status).await
    {
        tracing::warn!(%connection, error = %e, "the SMS fallback after a WhatsApp receipt failed");
    }
    Ok(())
}

/// After a WhatsApp message's receipt: on a failure, one text through SMS with the same
/// code, if it is still the one waiting; on delivery, the fallback is dropped.
async fn whatsapp_outcome(
    core: &Core,
    options: &SmsOptions,
    record: &DeliveryRecord,
    status: &str,
) -> Result<(), DomainError> {
    let failed = receipts::is_failure(status);
    if !failed && !matches!(status, "delivered" | "read") {
        return Ok(());
    }
    // Taken once: of two receipts racing here, one sends.
    let Some(sealed) = core.store.take_fallback_text(&record.message_id).await? else {
        return Ok(());
    };
    if !failed {
        return Ok(());
    }
    let waiting = core
        .store
        .latest_otp(&record.connection, &record.recipient)
        .await?;
    if !receipts::still_waiting(record, waiting.as_ref(), core.clock.now()) {
        return Ok(());
    }
    let body = core
        .keys
        .open(&receipts::fallback_context(&record.message_id), &sealed)?;
    let message = SmsMessage {
        to: record.recipient.clone(),
        body: String::from_utf8(body).map_err(DomainError::internal)?,
        code: String::new(),
        request: Default::default(),
        language: None,
    };
    let mut providers = options.providers_for(&record.recipient, false);
    // Twilio Verify would send its own code, not the one waiting.
    providers.retain(|p| !p.is_verify());
    let context = DeliveryContext {
        connection: &record.connection,
        otp_id: Some(&record.otp_id),
        ..Default::default()
    };
    let provider = failover::send(core, &providers, &message, context).await?;
    core.events
        .log(crate::domain::model::LogEvent {
            kind: crate::domain::audit::codes::CODE_SENT.into(),
            description: format!(
                "Code sent by text message through {provider}: WhatsApp reported the message {status}"
            ),
            connection: Some(record.connection.clone()),
            ..Default::default()
        })
        .await;
    Ok(())
}
