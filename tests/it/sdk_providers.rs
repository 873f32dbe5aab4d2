//! Issue 18's "an auth0-python SMS login works unchanged over each provider": the same
//! auth0-python passwordless flow (tests/sdk/auth0_python_flow.py: start, a wrong code, the
//! code, id_token checks, refresh, userinfo, revoke) against the real server, once per SMS
//! provider, each with its contract-checking fake, the script reading the code from it.

use crate::sdk::{run_flow_on, skipped_without_auth0_python};
use crate::support::gateway::{self, FakeGateway};
use crate::support::messagebird::{self, FakeMessageBird};
use crate::support::vonage::{self, FakeVonage};
use crate::support::{NATIVE_APP, TestApp, log_check, spawn_app, spawn_app_with_sms};

/// The `sms` connection with this provider's `options`.
fn sms(options: &str) -> String {
    format!(
        "\n[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\n{options}"
    )
}

/// Runs the flow against `app`, whose texts the fake at `fake_url` takes.
async fn flow(app: &TestApp, fake_url: &str) {
    run_flow_on(app, fake_url, NATIVE_APP, "").await;
}

#[tokio::test]
async fn auth0_python_logs_in_unchanged_over_every_sms_provider() {
    if skipped_without_auth0_python() {
        return;
    }
    // Twilio, the default connection's provider.
    let app = spawn_app().await;
    flow(&app, &app.twilio.url.clone()).await;
    assert!(
        app.twilio.violations().is_empty(),
        "{:?}",
        app.twilio.violations()
    );
    assert!(!app.twilio.sent().is_empty(), "twilio sent the texts");

    // Auth0's custom SMS gateway contract, with a JWT bearer.
    let gw = FakeGateway::with_bearer(false).await;
    let app = spawn_app_with_sms(
        &sms(&format!(
            "provider = \"sms_gateway\"\ngateway_url = \"{}\"\nfrom = \"Acme\"\n\
             [connections.options.gateway_authentication]\nmethod = \"bearer\"\n\
             subject = \"{}\"\naudience = \"{}\"\nsecret = \"{}\"\n",
            gw.url,
            gateway::SUBJECT,
            gateway::AUDIENCE,
            gateway::SECRET
        )),
        "",
    )
    .await;
    flow(&app, &gw.base).await;
    assert!(gw.violations().is_empty(), "{:?}", gw.violations());
    assert!(!gw.sent().is_empty(), "the gateway sent the texts");
    assert_eq!(app.twilio.requests(), 0);

    // Vonage's SMS API.
    let fake = FakeVonage::start().await;
    log_check::secret("the Vonage API secret", vonage::API_SECRET);
    let app = spawn_app_with_sms(
        &sms(&format!(
            "provider = \"vonage\"\nvonage_api_key = \"{}\"\nvonage_api_secret = \"{}\"\n\
             vonage_api_url = \"{}\"\nfrom = \"{}\"\n",
            vonage::API_KEY,
            vonage::API_SECRET,
            fake.url,
            vonage::FROM
        )),
        "",
    )
    .await;
    flow(&app, &fake.url).await;
    assert!(fake.violations().is_empty(), "{:?}", fake.violations());
    assert!(!fake.sent().is_empty(), "vonage sent the texts");
    assert_eq!(app.twilio.requests(), 0);

    // MessageBird's SMS API.
    let bird = FakeMessageBird::start().await;
    log_check::secret("the MessageBird access key", messagebird::ACCESS_KEY);
    let app = spawn_app_with_sms(
        &sms(&format!(
            "provider = \"messagebird\"\nfrom = \"{}\"\n\
             [connections.options.messagebird]\naccess_key = \"{}\"\napi_url = \"{}\"\n",
            messagebird::ORIGINATOR,
            messagebird::ACCESS_KEY,
            bird.url
        )),
        "",
    )
    .await;
    flow(&app, &bird.url).await;
    assert!(bird.violations().is_empty(), "{:?}", bird.violations());
    assert!(!bird.sent().is_empty(), "messagebird sent the texts");
    assert_eq!(app.twilio.requests(), 0);
}
