//! Twilio's delivery receipts through the real server: each text asks for them with a
//! `StatusCallback` on Latchkey, the fake Twilio posts them signed as Twilio does, and only
//! a request signed by the connection's account for the connection's own URL is taken. A
//! text reported undelivered counts against its country; a WhatsApp message reported failed
//! is followed by one text with the same code.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::twilio::{self, Report};
use crate::support::{
    NATIVE_APP, OTP_GRANT, TestApp, operators, phone, sms_connection, spawn_app_with,
};

fn receipts_connection(name: &str, extra: &str) -> String {
    sms_connection(
        name,
        "{twilio}",
        &format!("status_callback = true\n{extra}"),
    )
}

async fn start(
    app: &TestApp,
    connection: &str,
    number: &str,
    send: Option<&str>,
) -> (StatusCode, Value) {
    let mut body =
        json!({"client_id": NATIVE_APP, "connection": connection, "phone_number": number});
    if let Some(send) = send {
        body["send"] = json!(send);
    }
    app.post_json("/passwordless/start", body).await
}

/// The stored record of message `sid`, read straight from the database.
async fn stored(app: &TestApp, sid: &str) -> latchkey::domain::model::DeliveryRecord {
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    store
        .delivery(sid)
        .await
        .unwrap()
        .expect("the text was recorded")
}

fn last_sent(app: &TestApp) -> twilio::SentMessage {
    app.twilio.sent().pop().expect("a message was sent")
}

#[tokio::test]
async fn a_signed_receipt_is_stored_and_statuses_only_move_forward() {
    let app = spawn_app_with(&(receipts_connection("sms-rc", "") + &operators())).await;
    let number = phone();
    let (status, body) = start(&app, "sms-rc", &number, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sent = last_sent(&app);
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );
    assert_eq!(
        sent.status_callback.as_deref(),
        Some(format!("{}delivery/twilio/status/sms-rc", app.issuer).as_str())
    );
    let record = stored(&app, &sent.sid).await;
    assert_eq!(
        (record.status.as_str(), record.recipient.as_str()),
        ("queued", number.as_str())
    );
    assert_eq!(record.provider, "twilio");
    assert_eq!(
        app.twilio.report(&sent.sid, Report::status("sent")).await,
        204
    );
    assert_eq!(
        app.twilio
            .report(&sent.sid, Report::status("delivered"))
            .await,
        204
    );
    // Twilio does not promise order: a late "sent" does not move it back.
    assert_eq!(
        app.twilio.report(&sent.sid, Report::status("sent")).await,
        204
    );
    assert_eq!(stored(&app, &sent.sid).await.status, "delivered");
    // Without status_callback, an http issuer asks for none (Twilio could not reach it).
    let (status, _) = start(&app, "sms", &phone(), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(last_sent(&app).status_callback, None);
}

#[tokio::test]
async fn a_forged_receipt_is_refused_and_changes_nothing() {
    let config =
        receipts_connection("sms-rc", "") + &receipts_connection("sms-other", "") + &operators();
    let app = spawn_app_with(&config).await;
    let (status, body) = start(&app, "sms-rc", &phone(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sid = last_sent(&app).sid;
    let other_url = format!("{}delivery/twilio/status/sms-other", app.issuer);
    // A genuine signature, for sms-rc's URL, replayed to sms-other's.
    let own_url = format!("{}delivery/twilio/status/sms-rc", app.issuer);
    let params: Vec<(String, String)> = [
        ("AccountSid", twilio::ACCOUNT_SID),
        ("MessageSid", sid.as_str()),
        ("MessageStatus", "undelivered"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let genuine = twilio::sign(twilio::AUTH_TOKEN, &own_url, &params);
    let replayed = reqwest::Client::new()
        .post(&other_url)
        .header("X-Twilio-Signature", &genuine)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::FORBIDDEN);
    let refused = [
        Report {
            signature: Some("bm90IGEgc2lnbmF0dXJl"),
            ..Report::status("undelivered")
        },
        Report {
            token: "another-accounts-auth-token",
            ..Report::status("undelivered")
        },
    ];
    for report in refused {
        assert_eq!(app.twilio.report(&sid, report).await, 403);
    }
    // No signature at all.
    let unsigned = reqwest::Client::new()
        .post(&own_url)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::FORBIDDEN);
    let (status, body) = crate::support::read(unsigned).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"], "access_denied");
    // An unknown connection answers the same.
    let unknown = reqwest::Client::new()
        .post(format!("{}delivery/twilio/status/nope", app.issuer))
        .header("X-Twilio-Signature", &genuine)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::FORBIDDEN);
    let record = stored(&app, &sid).await;
    assert_eq!(record.status, "queued", "nothing changed");
    assert_eq!(record.error_code, None);
}

#[tokio::test]
async fn an_undelivered_text_counts_against_its_countrys_budget() {
    let cap = "[connections.options.pumping_protection]\nmax_per_country_per_hour = 3\n";
    let config =
        receipts_connection("sms-rc", cap) + &receipts_connection("sms-ctl", cap) + &operators();
    let app = spawn_app_with(&config).await;
    // Without receipts, three texts fit the cap.
    for _ in 0..3 {
        let (status, body) = start(&app, "sms-ctl", &phone(), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // With one of them reported undelivered, the third is over it.
    let (status, body) = start(&app, "sms-rc", &phone(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let sid = last_sent(&app).sid;
    let undelivered = Report {
        error_code: Some(30003),
        ..Report::status("undelivered")
    };
    assert_eq!(app.twilio.report(&sid, undelivered.clone()).await, 204);
    // Reported twice, it counts once.
    assert_eq!(app.twilio.report(&sid, undelivered).await, 204);
    let record = stored(&app, &sid).await;
    assert_eq!(
        (record.status.as_str(), record.error_code),
        ("undelivered", Some(30003))
    );
    let (status, body) = start(&app, "sms-rc", &phone(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = start(&app, "sms-rc", &phone(), None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

const CONTENT_SID: &str = "HX0123456789abcdef0123456789abcdef";

#[tokio::test]
async fn a_whatsapp_message_reported_failed_is_followed_by_one_text_with_the_same_code() {
    let whatsapp = format!(
        "[connections.options.whatsapp]\nfrom = \"+15005550007\"\ncontent_sid = \"{CONTENT_SID}\"\n"
    );
    let app = spawn_app_with(&(receipts_connection("sms-wa", &whatsapp) + &operators())).await;
    let number = phone();
    let (status, body) = start(&app, "sms-wa", &number, Some("whatsapp")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let message = last_sent(&app);
    assert!(message.whatsapp);
    let code: Value = serde_json::from_str(&message.body).unwrap();
    let code = code["1"].as_str().unwrap().to_string();
    let record = stored(&app, &message.sid).await;
    assert!(record.whatsapp && record.fallback_text.is_some());
    assert!(
        !record.fallback_text.as_deref().unwrap().contains(&code),
        "sealed"
    );
    // Not on WhatsApp (Twilio reports 63003 later): one text, with the same code.
    let failed = Report {
        error_code: Some(63003),
        ..Report::status("failed")
    };
    assert_eq!(app.twilio.report(&message.sid, failed.clone()).await, 204);
    let sent = app.twilio.sent();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(!sent[1].whatsapp && sent[1].to == number);
    assert_eq!(
        twilio::extract_code(&sent[1].body).as_deref(),
        Some(code.as_str())
    );
    assert_eq!(stored(&app, &message.sid).await.fallback_text, None);
    // Reported again: no second text.
    assert_eq!(app.twilio.report(&message.sid, failed).await, 204);
    assert_eq!(app.twilio.sent().len(), 2);
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": OTP_GRANT, "client_id": NATIVE_APP, "username": number,
                   "otp": code, "realm": "sms-wa", "scope": "openid"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A WhatsApp message that was delivered gets no text, and one whose code was used
    // neither.
    let other = phone();
    let (status, _) = start(&app, "sms-wa", &other, Some("whatsapp")).await;
    assert_eq!(status, StatusCode::OK);
    let delivered = last_sent(&app).sid;
    assert_eq!(
        app.twilio
            .report(&delivered, Report::status("delivered"))
            .await,
        204
    );
    assert_eq!(
        app.twilio
            .report(&delivered, Report::status("failed"))
            .await,
        204
    );
    assert_eq!(
        app.twilio.sent().len(),
        3,
        "no text after a delivered message"
    );
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );
}
