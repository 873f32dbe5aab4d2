//! Passkeys through the native API (Auth0's `/passkey/register`, `/passkey/challenge` and the
//! `urn:okta:params:oauth:grant-type:webauthn` grant) with a software authenticator in Rust
//! (webauthn-authenticator-rs's SoftPasskey), including a second instance finishing a
//! ceremony the first began. The browser flows are in `passkeys_browser.rs`.

use reqwest::StatusCode;
use serde_json::{Value, json};
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

use crate::support::{NATIVE_APP, TestApp, WEB_APP, phone, read, spawn_app, spawn_passkey_app};

const WEBAUTHN: &str = "urn:okta:params:oauth:grant-type:webauthn";

fn origin(app: &TestApp) -> Url {
    Url::parse(app.issuer.trim_end_matches('/')).unwrap()
}

async fn register(
    app: &TestApp,
    authenticator: &mut SoftPasskey,
    access: &str,
) -> (StatusCode, Value) {
    register_from(app, authenticator, access, origin(app)).await
}

/// [`register`], the authenticator told the ceremony runs on a page at `page`.
async fn register_from(
    app: &TestApp,
    authenticator: &mut SoftPasskey,
    access: &str,
    page: Url,
) -> (StatusCode, Value) {
    let (status, started) = app
        .post_as(
            access,
            "/passkey/register",
            json!({"client_id": NATIVE_APP}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let options: CreationChallengeResponse =
        serde_json::from_value(json!({"publicKey": started["authn_params_public_key"]})).unwrap();
    let response = authenticator.do_registration(page, options).unwrap();
    app.post_json(
        "/oauth/token",
        json!({"grant_type": WEBAUTHN, "client_id": NATIVE_APP, "scope": "openid offline_access",
               "auth_session": started["auth_session"], "authn_response": response}),
    )
    .await
}

/// A challenge for `number`'s passkeys on `app`, answered by `authenticator`: (session, response).
async fn answer_challenge(
    app: &TestApp,
    authenticator: &mut SoftPasskey,
    number: &str,
) -> (String, Value) {
    let (status, challenge) = app
        .post_json(
            "/passkey/challenge",
            json!({"client_id": NATIVE_APP, "username": number, "realm": "sms"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{challenge}");
    let options: RequestChallengeResponse =
        serde_json::from_value(json!({"publicKey": challenge["authn_params_public_key"]})).unwrap();
    let response = authenticator
        .do_authentication(origin(app), options)
        .unwrap();
    (
        challenge["auth_session"].as_str().unwrap().to_string(),
        serde_json::to_value(response).unwrap(),
    )
}

#[tokio::test]
async fn a_native_app_registers_a_passkey_and_signs_in_on_another_instance() {
    let app = spawn_passkey_app("").await;
    let user = app.sms_user().scope("openid").await;
    let mut authenticator = SoftPasskey::new(true);
    let (status, tokens) = register(&app, &mut authenticator, &user.access_token).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app.verified_claims(&tokens, NATIVE_APP).await;
    assert_eq!(claims["sub"], user.user_id.as_str());

    // the ceremony begins on one instance and ends on the other
    let twin = app.twin().await;
    let (session, response) = answer_challenge(&app, &mut authenticator, &user.phone).await;
    let (status, tokens) = twin
        .post_json(
            "/oauth/token",
            json!({"grant_type": WEBAUTHN, "client_id": NATIVE_APP, "scope": "openid offline_access",
                   "auth_session": session, "authn_response": response}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = twin.verified_claims(&tokens, NATIVE_APP).await;
    assert_eq!(claims["sub"], user.user_id.as_str());
    assert!(tokens["refresh_token"].is_string());

    // a ceremony ends once, wherever it is presented again
    for server in [&app, &twin] {
        let (status, body) = server
            .post_json(
                "/oauth/token",
                json!({"grant_type": WEBAUTHN, "client_id": NATIVE_APP, "auth_session": session,
                       "authn_response": response}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["error"], "invalid_grant");
    }
}

#[tokio::test]
async fn passkey_answers_must_match_their_ceremony() {
    let app = spawn_passkey_app("").await;
    let user = app.sms_user().scope("openid").await;
    let number = user.phone;
    let mut authenticator = SoftPasskey::new(true);
    let (status, _) = register(&app, &mut authenticator, &user.access_token).await;
    assert_eq!(status, StatusCode::OK);

    // an answer to one challenge does not finish another
    let (_, first_response) = answer_challenge(&app, &mut authenticator, &number).await;
    let (second_session, _) = answer_challenge(&app, &mut authenticator, &number).await;
    let (status, body) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": WEBAUTHN, "client_id": NATIVE_APP, "auth_session": second_session,
                   "authn_response": first_response}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    // another application cannot finish this one's ceremony
    let (session, response) = answer_challenge(&app, &mut authenticator, &number).await;
    let (status, body) = read(
        app.http
            .post(app.url("/oauth/token"))
            .basic_auth(WEB_APP, Some(crate::support::WEB_SECRET))
            .json(&json!({"grant_type": WEBAUTHN, "auth_session": session, "authn_response": response}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    // an unknown user, and a user without passkeys, get no challenge
    let (status, _) = app
        .post_json(
            "/passkey/challenge",
            json!({"client_id": NATIVE_APP, "username": phone(), "realm": "sms"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // registering needs a token
    let (status, _) = app
        .post_json("/passkey/register", json!({"client_id": NATIVE_APP}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn passkeys_are_off_unless_configured() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_json("/passkey/challenge", json!({"client_id": NATIVE_APP}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(body["error"], "access_denied");
}

#[tokio::test]
async fn users_list_and_remove_their_passkeys() {
    let app = spawn_passkey_app("").await;
    let signed_in = app
        .sms_user()
        .scope("openid read:current_user delete:me:authentication_methods")
        .management_api()
        .await;
    let (number, access, user) = (
        signed_in.phone,
        signed_in.access_token.as_str(),
        signed_in.user_id,
    );
    let mut authenticator = SoftPasskey::new(true);
    let (status, _) = register(&app, &mut authenticator, access).await;
    assert_eq!(status, StatusCode::OK);
    let path = format!(
        "/api/v2/users/{}/authentication-methods",
        user.replace('|', "%7C")
    );
    let (status, list) = app.get_as(access, &path).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["type"], "passkey");
    // another user's list is not this token's to read
    let (status, _) = app
        .get_as(access, "/api/v2/users/sms%7Cother/authentication-methods")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // the profile shows the whole account: identity and passkey
    let (status, profile) = app
        .get_as(
            access,
            &format!("/api/v2/users/{}", user.replace('|', "%7C")),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    assert_eq!(profile["phone_number"], number.as_str());
    assert_eq!(profile["logins_count"], 1, "the code login: {profile}");
    // A passkey sign-in counts as a login too.
    let (session, response) = answer_challenge(&app, &mut authenticator, &number).await;
    let (status, signed_in) = app
        .post_json(
            "/oauth/token",
            json!({"grant_type": WEBAUTHN, "client_id": NATIVE_APP, "scope": "openid",
                   "auth_session": session, "authn_response": response}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed_in}");
    let (_, profile) = app
        .get_as(
            access,
            &format!("/api/v2/users/{}", user.replace('|', "%7C")),
        )
        .await;
    assert_eq!(profile["logins_count"], 2, "{profile}");
    assert_eq!(profile["identities"][0]["provider"], "sms");
    assert_eq!(
        profile["passkeys"].as_array().unwrap().len(),
        1,
        "{profile}"
    );
    let id = list[0]["id"].as_str().unwrap();
    let (status, _) = app.delete_as(access, &format!("{path}/{id}")).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // gone: no challenge for this user any more
    let (status, _) = app
        .post_json(
            "/passkey/challenge",
            json!({"client_id": NATIVE_APP, "username": number, "realm": "sms"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Issue 12 item 8: a page on another origin of the relying party's host (an app on another
/// port) may use passkeys when `[passkeys] extra_origins` lists it, under WebAuthn's rules
/// as webauthn-rs applies them; an origin it does not list (a port more) is refused.
#[tokio::test]
async fn passkeys_work_from_the_extra_origins_listed_and_no_other() {
    let app = spawn_passkey_app("extra_origins = [\"http://localhost:4444\"]").await;
    let user = app.sms_user().scope("openid").await;
    let mut authenticator = SoftPasskey::new(true);
    let listed = Url::parse("http://localhost:4444").unwrap();
    let (status, tokens) =
        register_from(&app, &mut authenticator, &user.access_token, listed).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let claims = app.verified_claims(&tokens, NATIVE_APP).await;
    assert_eq!(claims["sub"], user.user_id.as_str());

    let other = app.sms_user().scope("openid").await;
    let mut authenticator = SoftPasskey::new(true);
    let unlisted = Url::parse("http://localhost:4445").unwrap();
    let (status, body) =
        register_from(&app, &mut authenticator, &other.access_token, unlisted).await;
    assert!(status.is_client_error(), "{status} {body}");
    assert!(body.get("id_token").is_none(), "{body}");
}
