//! The dashboard's part of the store, on SQLite and PostgreSQL: the overview's aggregate
//! queries (logins a day and connection without the dashboard's own, texts, logins and
//! pumping refusals a country, failures a reason, receipts a provider), and removing an
//! administrator, which never leaves none, even when two remove each other at once.

use std::sync::Arc;

use latchkey::domain::management::admins::{
    Removal, add_admin, remove_admin_keeping_one, stored_admins,
};
use latchkey::domain::model::*;
use latchkey::domain::ports::Store;

use crate::store_conformance::conformance;

const DAY: i64 = 86_400;
/// Noon, so an entry an hour either side stays on its day.
const NOW: i64 = 20_000 * DAY + DAY / 2;

fn entry(id: &str, at: i64, kind: &str, connection: &str) -> LogEvent {
    LogEvent {
        id: id.into(),
        date: at,
        kind: kind.into(),
        description: format!("{kind} entry"),
        client_id: Some("app".into()),
        connection: Some(connection.into()),
        ..Default::default()
    }
}

fn sms(mut e: LogEvent, country: &str) -> LogEvent {
    e.country = Some(country.into());
    e
}

fn because(mut e: LogEvent, reason: &str) -> LogEvent {
    e.reason = Some(reason.into());
    e
}

fn receipt(id: &str, provider: &str, status: &str, at: i64, took: i64) -> DeliveryRecord {
    DeliveryRecord {
        message_id: id.into(),
        connection: "sms".into(),
        provider: provider.into(),
        otp_id: id.into(),
        recipient: "+33612345678".into(),
        whatsapp: false,
        status: status.into(),
        error_code: None,
        fallback_text: None,
        created_at: at,
        updated_at: at + took,
    }
}

async fn the_overview_counts_what_the_log_and_the_receipts_hold(store: Arc<dyn Store>) {
    let since = NOW - DAY / 2 - DAY;
    let mut dashboard = entry("l01", NOW, "s", "email");
    dashboard.client_id = Some("latchkey-dashboard".into());
    let entries = vec![
        // Before the window: counted nowhere.
        sms(entry("l00", since - 1, "cs", "sms"), "FR"),
        sms(entry("l02", NOW - DAY, "s", "sms"), "FR"),
        sms(entry("l03", NOW - DAY, "cs", "sms"), "FR"),
        sms(entry("l04", NOW, "cs", "sms"), "FR"),
        sms(entry("l05", NOW, "cs", "sms"), "FR"),
        sms(entry("l06", NOW, "cs", "sms"), "NG"),
        because(sms(entry("l07", NOW, "fn", "sms"), "NG"), "pumping"),
        because(sms(entry("l08", NOW, "fn", "sms"), "NG"), "pumping"),
        because(entry("l09", NOW, "fn", "sms"), "twilio"),
        entry("l10", NOW, "s", "email"),
        entry("l11", NOW + 60, "s", "email"),
        dashboard,
        because(sms(entry("l12", NOW, "f", "sms"), "FR"), "wrong_code"),
        because(entry("l13", NOW, "f", "email"), "wrong_code"),
        because(entry("l14", NOW, "f", "email"), "code_expired"),
        // A failure logged without a reason is counted by its description.
        entry("l15", NOW, "f", "email"),
        entry("l16", NOW, "sapi", "sms"),
    ];
    store.record_events(&entries).await.unwrap();
    for r in [
        receipt("SM1", "twilio", "delivered", NOW, 4),
        receipt("SM2", "twilio", "delivered", NOW, 2),
        receipt("SM3", "twilio", "undelivered", NOW, 9),
        receipt("SM4", "vonage", "sent", NOW, 0),
        receipt("SM0", "twilio", "delivered", since - 10, 1),
    ] {
        store.insert_delivery(&r).await.unwrap();
    }
    let o = store.overview(since, "latchkey-dashboard").await.unwrap();
    assert_eq!(o.since, since);
    let logins: Vec<(i64, &str, i64)> = o
        .logins
        .iter()
        .map(|l| (l.day, l.connection.as_str(), l.count))
        .collect();
    assert_eq!(
        logins,
        vec![(20_000 - 1, "sms", 1), (20_000, "email", 2)],
        "the dashboard's own sign-in is not counted"
    );
    let countries: Vec<(&str, i64, i64, i64)> = o
        .countries
        .iter()
        .map(|c| (c.country.as_str(), c.sent, c.logins, c.refused))
        .collect();
    assert_eq!(countries, vec![("FR", 3, 1, 0), ("NG", 1, 0, 2)]);
    let failures: Vec<(&str, i64)> = o
        .failures
        .iter()
        .map(|f| (f.reason.as_str(), f.count))
        .collect();
    assert_eq!(
        failures,
        vec![("wrong_code", 2), ("code_expired", 1), ("f entry", 1)]
    );
    let send_errors: Vec<(&str, i64)> = o
        .send_errors
        .iter()
        .map(|f| (f.reason.as_str(), f.count))
        .collect();
    assert_eq!(
        send_errors,
        vec![("twilio", 1)],
        "pumping is not a provider"
    );
    let twilio = &o.deliveries[0];
    assert_eq!(
        (
            twilio.provider.as_str(),
            twilio.sent,
            twilio.failed,
            twilio.delivered,
            twilio.total_latency,
            twilio.max_latency
        ),
        ("twilio", 3, 1, 2, 6, Some(4))
    );
    let vonage = &o.deliveries[1];
    assert_eq!(
        (vonage.sent, vonage.delivered, vonage.max_latency),
        (1, 0, None)
    );
    // An empty window has nothing, not an error.
    let later = store
        .overview(NOW + 10 * DAY, "latchkey-dashboard")
        .await
        .unwrap();
    assert!(later.logins.is_empty() && later.countries.is_empty() && later.deliveries.is_empty());
    // The log's own listing still reads every entry, with the new fields.
    let (page, _) = store
        .events(&LogQuery {
            id: Some("l07".into()),
            slice: Slice {
                offset: 0,
                limit: 5,
            },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (page[0].country.as_deref(), page[0].reason.as_deref()),
        (Some("NG"), Some("pumping"))
    );
}

async fn the_last_administrator_cannot_remove_themself(store: Arc<dyn Store>) {
    let s = store.as_ref();
    assert!(add_admin(s, "a@ops.example", NOW).await.unwrap());
    assert!(add_admin(s, "b@ops.example", NOW).await.unwrap());
    assert_eq!(
        remove_admin_keeping_one(s, "nobody@ops.example", &[], NOW)
            .await
            .unwrap(),
        Removal::NotAdded
    );
    assert_eq!(
        remove_admin_keeping_one(s, "B@ops.example", &[], NOW)
            .await
            .unwrap(),
        Removal::Removed
    );
    assert_eq!(
        remove_admin_keeping_one(s, "a@ops.example", &[], NOW)
            .await
            .unwrap(),
        Removal::Last
    );
    assert_eq!(stored_admins(s).await.unwrap(), ["a@ops.example"]);
    // With one named in the configuration file, the last added one may go.
    let configured = ["c@ops.example".to_string()];
    assert_eq!(
        remove_admin_keeping_one(s, "a@ops.example", &configured, NOW)
            .await
            .unwrap(),
        Removal::Removed
    );
    assert!(stored_admins(s).await.unwrap().is_empty());

    // Two administrators removing each other (or themselves) at once: one wins, one
    // administrator stays, every time.
    for round in 0..8 {
        let (a, b) = (
            format!("a{round}@ops.example"),
            format!("b{round}@ops.example"),
        );
        assert!(add_admin(s, &a, NOW).await.unwrap());
        assert!(add_admin(s, &b, NOW).await.unwrap());
        let (first, second) = (store.clone(), store.clone());
        let (ra, rb) = (a.clone(), b.clone());
        let one = tokio::spawn(async move {
            remove_admin_keeping_one(first.as_ref(), &ra, &[], NOW)
                .await
                .unwrap()
        });
        let two = tokio::spawn(async move {
            remove_admin_keeping_one(second.as_ref(), &rb, &[], NOW)
                .await
                .unwrap()
        });
        let mut outcomes = [one.await.unwrap(), two.await.unwrap()];
        outcomes.sort_by_key(|o| *o == Removal::Last);
        assert_eq!(outcomes, [Removal::Removed, Removal::Last], "round {round}");
        let left = stored_admins(s).await.unwrap();
        assert_eq!(left.len(), 1, "round {round}: {left:?}");
        // Clean up for the next round (with a configured one, the last may go).
        let last = left[0].clone();
        remove_admin_keeping_one(s, &last, &configured, NOW)
            .await
            .unwrap();
    }
}

conformance!(
    the_overview_counts_what_the_log_and_the_receipts_hold,
    the_last_administrator_cannot_remove_themself,
);
