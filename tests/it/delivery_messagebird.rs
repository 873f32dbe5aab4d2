//! MessageBird's SMS API as a provider, through the real server against a fake that holds
//! each request to MessageBird's contract: a login, failover after an answer that sent
//! nothing, none after a refused number or a request left unanswered, a country route,
//! and the access key sealed, write-only and bound to its URL.

use reqwest::StatusCode;
use serde_json::json;

use crate::delivery_vonage::{events, failover_twilio, log_in, start};
use crate::support::messagebird::{self, Failure, FakeMessageBird};
use crate::support::{OPS, log_check, operators, phone, spawn_app_with};

/// A connection whose own provider is the fake MessageBird, with more `options` after it
/// (and `[connections.options.messagebird]` last, so they stay top-level options).
pub(crate) fn messagebird_connection(name: &str, fake: &FakeMessageBird, options: &str) -> String {
    log_check::secret("the MessageBird access key", messagebird::ACCESS_KEY);
    format!(
        "\n[[connections]]\nname = \"{name}\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"messagebird\"\nfrom = \"{}\"\ntimeout_ms = 1000\n{options}\n\
         [connections.options.messagebird]\naccess_key = \"{}\"\napi_url = \"{}\"\n",
        messagebird::ORIGINATOR,
        messagebird::ACCESS_KEY,
        fake.url,
    )
}

#[tokio::test]
async fn a_login_over_messagebird_follows_its_contract() {
    let fake = FakeMessageBird::start().await;
    let config = messagebird_connection("sms-mb", &fake, "") + &operators();
    let app = spawn_app_with(&config).await;
    let number = phone();
    let (status, body) = start(&app, "sms-mb", &number).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    let sent = fake.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].recipient, number.trim_start_matches('+'));
    assert_eq!(sent[0].originator, messagebird::ORIGINATOR);
    assert_eq!(sent[0].datacoding.as_deref(), Some("auto"));
    let code = fake.last_code(&number).unwrap();
    let (status, body) = log_in(&app, "sms-mb", &number, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.requests(), 0);
    assert_eq!(
        events(&app, "cs").await,
        ["Code sent by text message through messagebird"]
    );
}

#[tokio::test]
async fn messagebird_trouble_that_sent_nothing_fails_over_to_one_text_from_the_next() {
    let fake = FakeMessageBird::start().await;
    let config =
        messagebird_connection("sms-mb", &fake, &failover_twilio("twilio-backup")) + &operators();
    let app = spawn_app_with(&config).await;
    for (failure, said) in [
        (
            Failure::Error(401, 2, "access_key"),
            "failure 2 (MessageBird code 2)",
        ),
        (
            Failure::Error(422, 25, ""),
            "failure 25 (MessageBird code 25)",
        ),
        (
            Failure::Error(503, 99, ""),
            "failure 99 (MessageBird code 99)",
        ),
    ] {
        fake.fail_next(failure);
        let number = phone();
        let (answer, body) = start(&app, "sms-mb", &number).await;
        assert_eq!(answer, StatusCode::OK, "{body}");
        let to_number = app.twilio.sent().into_iter().filter(|m| m.to == number);
        assert_eq!(to_number.count(), 1, "exactly one text, from the second");
        assert!(fake.sent().is_empty());
        let code = app.code_for(&number);
        let (s, body) = log_in(&app, "sms-mb", &number, &code).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let failed = events(&app, "fn").await;
        assert_eq!(
            failed.last().map(String::as_str),
            Some(
                format!(
                    "SMS provider messagebird did not send the text ({said}); trying twilio-backup"
                )
                .as_str()
            )
        );
    }
    assert_eq!(fake.requests(), 3);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn a_refused_number_or_an_unanswered_request_tries_no_second_provider() {
    let fake = FakeMessageBird::start().await;
    let config =
        messagebird_connection("sms-mb", &fake, &failover_twilio("twilio-backup")) + &operators();
    let app = spawn_app_with(&config).await;
    fake.fail_next(Failure::Error(422, 10, "recipients"));
    let (status, body) = start(&app, "sms-mb", &phone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "sms_provider_error");
    assert_eq!(body["error_description"], "failure 10 (Code: 10)");
    // Sent, perhaps: MessageBird got the request and said nothing in time.
    fake.fail_next(Failure::Hang);
    let (status, body) = start(&app, "sms-mb", &phone()).await;
    assert_ne!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["error_description"],
        "Timeout while calling the SMS provider"
    );
    assert_eq!(fake.requests(), 2, "one attempt each");
    assert_eq!(app.twilio.requests(), 0, "never a second provider");
    let failed = events(&app, "fn").await;
    assert_eq!(
        failed,
        [
            "SMS provider messagebird refused the text (failure 10 (Code: 10)); no other provider is tried",
            "SMS provider messagebird may have sent the text (Timeout while calling the SMS provider); no other provider is tried, so the user cannot get two texts",
        ]
    );
}

/// Twilio is the connection's own provider; Dutch numbers go through MessageBird only.
#[tokio::test]
async fn a_country_route_sends_through_messagebird() {
    let fake = FakeMessageBird::start().await;
    let config = format!(
        "\n[[connections]]\nname = \"sms-routed\"\nstrategy = \"sms\"\n[connections.options]\n\
         provider = \"twilio\"\ntwilio_sid = \"{}\"\ntwilio_token = \"{}\"\n\
         twilio_api_url = \"{{twilio}}\"\nfrom = \"+15005550006\"\n\
         [[connections.options.failover]]\nname = \"bird\"\nprovider = \"messagebird\"\n\
         from = \"{}\"\nmessagebird = {{ access_key = \"{}\", api_url = \"{}\" }}\n\
         [[connections.options.country_routes]]\ncountries = [\"NL\"]\nproviders = [\"bird\"]\n",
        crate::support::twilio::ACCOUNT_SID,
        crate::support::twilio::AUTH_TOKEN,
        messagebird::ORIGINATOR,
        messagebird::ACCESS_KEY,
        fake.url
    ) + &operators();
    let app = spawn_app_with(&config).await;
    let dutch = "+31612345678";
    let (status, body) = start(&app, "sms-routed", dutch).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(fake.sent().len(), 1);
    assert_eq!(fake.sent()[0].recipient, "31612345678");
    let us = phone();
    let (status, body) = start(&app, "sms-routed", &us).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(app.twilio.sent().len(), 1, "the rest goes through Twilio");
    assert_eq!(fake.sent().len(), 1);
    assert_eq!(
        events(&app, "cs").await,
        [
            "Code sent by text message through bird",
            "Code sent by text message through twilio"
        ]
    );
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
}

#[tokio::test]
async fn the_messagebird_key_is_sealed_write_only_and_bound_to_its_url() {
    log_check::secret("the MessageBird access key", messagebird::ACCESS_KEY);
    let fake = FakeMessageBird::start().await;
    let app = spawn_app_with(&operators()).await;
    let t = app.machine_token(&OPS).await;
    let options = |url: &str, key: bool| {
        let mut bird = json!({"api_url": url});
        if key {
            bird["access_key"] = json!(messagebird::ACCESS_KEY);
        }
        json!({"provider": "messagebird", "from": messagebird::ORIGINATOR, "messagebird": bird})
    };
    let (status, created) = app
        .post_as(
            &t,
            "/api/v2/connections",
            json!({"name": "sms-mb", "strategy": "sms", "options": options(&fake.url, true)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert!(
        !created.to_string().contains(messagebird::ACCESS_KEY),
        "{created}"
    );
    let (_, read) = app.get_as(&t, "/api/v2/connections/con_sms-mb").await;
    assert_eq!(read["options"]["messagebird"], json!({"api_url": fake.url}));
    // Sent elsewhere without the key: refused, at the key's field.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-mb",
            json!({"options": options("https://rogue.example", false)}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let text = answer.to_string();
    assert!(
        text.contains("messagebird.access_key must be entered again")
            && text.contains("messagebird.api_url"),
        "{answer}"
    );
    // Left out with the URL unchanged: kept, and texts go out with it.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-mb",
            json!({"options": options(&fake.url, false)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(!answer.to_string().contains(messagebird::ACCESS_KEY));
    let (status, body) = start(&app, "sms-mb", &phone()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(fake.sent().len(), 1);
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    // An originator MessageBird would refuse is refused when it is entered.
    let (status, answer) = app
        .patch_as(
            &t,
            "/api/v2/connections/con_sms-mb",
            json!({"options": {"provider": "messagebird", "from": "AcmeIncorporated",
                               "messagebird": {"api_url": fake.url}}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    let url = format!(
        "sqlite://{}",
        app.data_dir.path().join("latchkey.sqlite").display()
    );
    let store = latchkey::store::connect(&url).await.unwrap();
    let stored = store.connection("sms-mb").await.unwrap().unwrap().options;
    assert!(
        !stored.to_string().contains(messagebird::ACCESS_KEY),
        "{stored}"
    );
    assert!(stored["messagebird"]["access_key"].is_string());
}
