//! Delivery receipts (Twilio's `StatusCallback`): which texts ask for them, how a receipt is
//! proven to come from Twilio (`X-Twilio-Signature`), and what a reported status changes in
//! the stored record. Statuses only move forward (`queued` → `sent` → `delivered` →
//! `read`), and a failure (`undelivered`, `failed`) is final; a receipt that arrives late or
//! twice changes nothing. An SMS text's failure counts against its country (see
//! [`crate::domain::pumping`]); a WhatsApp message's failure is followed by one text through
//! SMS ([`super::status_callback`]).

use aws_lc_rs::hmac;
use base64::Engine;

use super::context::DeliveryContext;
use crate::domain::UnixTime;
use crate::domain::connections::sms_routes::ProviderSettings;
use crate::domain::connections::{SmsOptions, SmsProvider};
use crate::domain::core::Core;
use crate::domain::model::{CounterCell, DeliveryChange, DeliveryRecord};
use crate::domain::ports::{Sent, SmsMessage, SmsRoute};

/// How long a sent text's record is kept for its receipts: Twilio reports within hours,
/// WhatsApp within days.
pub const RETENTION: i64 = 3 * 86_400;

/// Where Twilio posts the receipts of connection `connection`'s texts. The issuer ends
/// with `/`.
pub fn callback_url(issuer: &str, connection: &str) -> String {
    format!("{issuer}delivery/twilio/status/{connection}")
}

/// Whether this provider's texts ask for receipts: a Twilio account's, when the connection
/// says so (`status_callback`), and by default when the issuer is https (Twilio cannot
/// reach a plain-http or private issuer, and would be asked to in vain).
pub fn wanted(provider: &ProviderSettings, issuer: &str) -> bool {
    provider.provider == SmsProvider::Twilio
        && provider
            .status_callback
            .unwrap_or_else(|| issuer.starts_with("https://"))
}

/// Twilio's signature of a request to `url` with form `params`: HMAC-SHA1, keyed by the
/// account's auth token, over the URL followed by each parameter's name and value, sorted
/// by name; base64.
pub fn twilio_signature(token: &str, url: &str, params: &[(String, String)]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, token.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(hmac::sign(&key, &signed_data(url, params)))
}

fn signed_data(url: &str, params: &[(String, String)]) -> Vec<u8> {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut data = url.as_bytes().to_vec();
    for (name, value) in sorted {
        data.extend_from_slice(name.as_bytes());
        data.extend_from_slice(value.as_bytes());
    }
    data
}

/// Whether `given` is Twilio's signature of the request under `token`, compared in
/// constant time.
pub fn signature_matches(token: &str, url: &str, params: &[(String, String)], given: &str) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(given.trim()) else {
        return false;
    };
    let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, token.as_bytes());
    hmac::verify(&key, &signed_data(url, params), &given).is_ok()
}

/// Where a status stands: later statuses replace earlier ones; `None` for one not known.
fn rank(status: &str) -> Option<u8> {
    Some(match status {
        "accepted" | "scheduled" | "queued" => 0,
        "sending" => 1,
        "sent" => 2,
        "delivered" => 3,
        "read" => 4,
        "undelivered" | "failed" | "canceled" => 5,
        _ => return None,
    })
}

/// A status saying the message did not reach the phone, and never will.
pub fn is_failure(status: &str) -> bool {
    matches!(status, "undelivered" | "failed" | "canceled")
}

/// The rule on one receipt: the change it makes to `before`, if any. `undelivered` is the
/// counter a failed text adds one to (its country's, for SMS; `None` for WhatsApp or with
/// pumping protection off).
pub fn receipt_change(
    before: &DeliveryRecord,
    reported: &str,
    error_code: Option<i64>,
    undelivered: Option<CounterCell>,
) -> Option<DeliveryChange> {
    let new = rank(reported)?;
    let old = rank(&before.status).unwrap_or(0);
    // Final statuses stay; out-of-order receipts (Twilio does not promise order) do not
    // move a status back.
    if old == 5 || new <= old {
        return None;
    }
    let failed = is_failure(reported);
    Some(DeliveryChange {
        status: reported.to_string(),
        error_code: error_code.filter(|_| failed),
        count: undelivered.filter(|_| failed && !before.whatsapp),
    })
}

/// The route of one attempt: a Twilio route that wants receipts carries their URL.
pub fn with_callback(
    core: &Core,
    provider: &ProviderSettings,
    mut route: SmsRoute,
    context: DeliveryContext<'_>,
) -> SmsRoute {
    let issuer = core.tokens.issuer();
    if let SmsRoute::Twilio(t) = &mut route
        && context.otp_id.is_some()
        && wanted(provider, issuer)
    {
        t.status_callback = Some(callback_url(issuer, context.connection));
    }
    route
}

/// Records a text that will get receipts, with the code it carried. A WhatsApp message
/// keeps its text's SMS fallback, sealed. A failure here costs only the receipts: the text
/// went out, so the login goes on.
pub async fn record_sent(
    core: &Core,
    provider: &ProviderSettings,
    route: &SmsRoute,
    message: &SmsMessage,
    sent: &Sent,
    context: DeliveryContext<'_>,
) {
    let (SmsRoute::Twilio(t), Some(message_id), Some(otp_id)) =
        (route, &sent.message_id, context.otp_id)
    else {
        return;
    };
    if t.status_callback.is_none() {
        return;
    }
    let whatsapp = provider.whatsapp.is_some();
    let fallback_text = if whatsapp {
        match core
            .keys
            .seal(&fallback_context(message_id), message.body.as_bytes())
        {
            Ok(sealed) => Some(sealed),
            Err(e) => {
                tracing::error!(error = %e, "cannot seal a WhatsApp message's SMS fallback");
                None
            }
        }
    } else {
        None
    };
    let now = core.clock.now();
    let record = DeliveryRecord {
        message_id: message_id.clone(),
        connection: context.connection.to_string(),
        provider: provider.name.clone(),
        otp_id: otp_id.to_string(),
        recipient: message.to.clone(),
        whatsapp,
        status: "queued".into(),
        error_code: None,
        fallback_text,
        created_at: now,
        updated_at: now,
    };
    if let Err(e) = core.store.insert_delivery(&record).await {
        tracing::error!(error = %e, "cannot record a sent text for its receipts");
    }
}

/// The sealing context of a WhatsApp message's SMS fallback.
pub fn fallback_context(message_id: &str) -> String {
    format!("delivery:{message_id}:fallback_text")
}

/// The Twilio providers of a connection whose receipts are signed with `account_sid`'s
/// token: its own (which WhatsApp uses too) and its failover providers.
pub fn twilio_accounts(options: &SmsOptions, account_sid: &str) -> Vec<ProviderSettings> {
    std::iter::once(options.primary())
        .chain(options.failover.iter().cloned())
        .filter(|p| {
            p.provider == SmsProvider::Twilio && p.twilio_sid.as_deref() == Some(account_sid)
        })
        .collect()
}

/// Whether a record's code is still the one waiting for its recipient at `now`.
pub fn still_waiting(
    record: &DeliveryRecord,
    waiting: Option<&crate::domain::model::OtpRecord>,
    now: UnixTime,
) -> bool {
    waiting.is_some_and(|otp| otp.id == record.otp_id && otp.expires_at > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(status: &str, whatsapp: bool) -> DeliveryRecord {
        DeliveryRecord {
            message_id: "SM1".into(),
            connection: "sms".into(),
            provider: "twilio".into(),
            otp_id: "otp".into(),
            recipient: "+14155550100".into(),
            whatsapp,
            status: status.into(),
            error_code: None,
            fallback_text: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn cell() -> CounterCell {
        CounterCell {
            bucket: "pump:undelivered".into(),
            key: "sms:1".into(),
            window_start: 0,
            expires_at: 3600,
        }
    }

    #[test]
    fn statuses_move_forward_and_a_failure_is_final_and_counted_once() {
        let sent = receipt_change(&record("queued", false), "sent", None, Some(cell())).unwrap();
        assert_eq!((sent.status.as_str(), sent.count), ("sent", None));
        assert_eq!(
            receipt_change(&record("delivered", false), "sent", None, None),
            None
        );
        assert_eq!(
            receipt_change(&record("sent", false), "sent", None, None),
            None
        );
        assert_eq!(
            receipt_change(&record("sent", false), "bogus", None, None),
            None
        );
        let failed = receipt_change(
            &record("sent", false),
            "undelivered",
            Some(30003),
            Some(cell()),
        )
        .unwrap();
        assert_eq!(failed.error_code, Some(30003));
        assert_eq!(failed.count, Some(cell()));
        assert_eq!(
            receipt_change(&record("undelivered", false), "failed", None, Some(cell())),
            None,
            "a repeated failure is not counted again"
        );
        let wa =
            receipt_change(&record("sent", true), "failed", Some(63003), Some(cell())).unwrap();
        assert_eq!(
            wa.count, None,
            "a WhatsApp message is not a text of the country's"
        );
        let delivered = receipt_change(&record("sent", false), "delivered", Some(1), None).unwrap();
        assert_eq!(delivered.error_code, None);
    }

    #[test]
    fn the_signature_is_twilios_and_names_url_and_every_parameter() {
        // Checked against Python's hmac module over the same URL, parameters and token.
        let params: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let signature = twilio_signature("12345", url, &params);
        assert_eq!(signature, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assert!(signature_matches("12345", url, &params, &signature));
        assert!(!signature_matches("54321", url, &params, &signature));
        assert!(!signature_matches(
            "12345",
            "https://mycompany.com/other",
            &params,
            &signature
        ));
        let mut changed = params.clone();
        changed[2].1 = "4321".into();
        assert!(!signature_matches("12345", url, &changed, &signature));
        assert!(!signature_matches("12345", url, &params, "not base64!"));
    }
}
