//! Builders for the setups most tests begin with: a user signed in by SMS with their tokens
//! and verified id_token claims, an operator's machine token, and the id_token check itself
//! (jsonwebtoken against the published JWKS, not the server's own code).

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{NATIVE_APP, OTP_GRANT, TestApp, phone, read, verify_signed};

/// A user signed in through the OTP grant.
#[derive(Debug, Clone)]
pub struct User {
    /// The phone number they signed in with.
    pub phone: String,
    /// `sub` of the verified id_token.
    pub user_id: String,
    pub access_token: String,
    pub id_token: String,
    /// Present when `offline_access` was asked (it is by default).
    pub refresh_token: Option<String>,
    /// The id_token's claims, verified against the JWKS for the client that signed in.
    pub claims: Value,
    /// The token endpoint's whole answer.
    pub tokens: Value,
}

/// A sign-in by SMS, run when awaited: `app.sms_user().await`, or with a few settings changed
/// first (`.scope("openid")`, `.client(ROTATING_APP)`, `.phone(&number)`, `.audience(…)`,
/// `.management_api()`).
/// It waits out the minimum gap between codes first (on the test clock), so the same number
/// can sign in again; it asserts the start and the exchange succeed.
#[must_use = "a sign-in happens when it is awaited"]
pub struct SmsLogin<'a> {
    app: &'a TestApp,
    client_id: &'a str,
    phone: Option<String>,
    scope: &'a str,
    audience: Option<String>,
}

impl<'a> SmsLogin<'a> {
    /// Signs in with this number instead of a fresh one.
    pub fn phone(mut self, number: &str) -> Self {
        self.phone = Some(number.to_string());
        self
    }

    /// Another public client than the native app.
    pub fn client(mut self, client_id: &'a str) -> Self {
        self.client_id = client_id;
        self
    }

    /// Another scope than `openid offline_access`; it must include `openid`.
    pub fn scope(mut self, scope: &'a str) -> Self {
        self.scope = scope;
        self
    }

    /// A JWT access token for this API (`audience`).
    pub fn audience(mut self, audience: &str) -> Self {
        self.audience = Some(audience.to_string());
        self
    }

    /// An access token for this server's Management API (`audience` `{issuer}api/v2/`).
    pub fn management_api(self) -> Self {
        let audience = format!("{}api/v2/", self.app.issuer);
        self.audience(&audience)
    }

    async fn run(self) -> User {
        let app = self.app;
        let number = self.phone.unwrap_or_else(phone);
        app.clock.advance(super::MIN_GAP);
        let (status, started) = app.start_sms(&number).await;
        assert_eq!(status, StatusCode::OK, "{started}");
        let mut body = json!({"grant_type": OTP_GRANT, "client_id": self.client_id,
                              "username": number, "otp": app.code_for(&number),
                              "realm": "sms", "scope": self.scope});
        if let Some(audience) = self.audience {
            body["audience"] = audience.into();
        }
        let (status, tokens) = app.post_json("/oauth/token", body).await;
        assert_eq!(status, StatusCode::OK, "{tokens}");
        let claims = app.verified_claims(&tokens, self.client_id).await;
        User {
            phone: number,
            user_id: claims["sub"].as_str().expect("a sub").to_string(),
            access_token: tokens["access_token"]
                .as_str()
                .expect("an access_token")
                .into(),
            id_token: tokens.jwt().to_string(),
            refresh_token: tokens["refresh_token"].as_str().map(str::to_string),
            claims,
            tokens,
        }
    }
}

impl<'a> IntoFuture for SmsLogin<'a> {
    type Output = User;
    type IntoFuture = Pin<Box<dyn Future<Output = User> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// A signed token to verify: a JWT itself, or the token endpoint's answer (its `id_token`).
pub trait Jwt {
    fn jwt(&self) -> &str;
}

impl Jwt for Value {
    fn jwt(&self) -> &str {
        self["id_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no id_token in {self}"))
    }
}

impl Jwt for str {
    fn jwt(&self) -> &str {
        self
    }
}

impl Jwt for String {
    fn jwt(&self) -> &str {
        self
    }
}

/// A machine client of the Management API, as [`super::management_client`] configures it.
pub struct Machine {
    pub client_id: &'static str,
    pub secret: &'static str,
}

/// Granted every Management API scope by [`operators`].
pub const OPS: Machine = Machine {
    client_id: "ops-client",
    secret: "ops-secret-0123456789abcdef",
};

/// Granted `read:users` alone by [`operators`].
pub const READER: Machine = Machine {
    client_id: "reader",
    secret: "reader-secret-0123456789",
};

/// Configuration for the two machine clients [`OPS`] and [`READER`].
pub fn operators() -> String {
    super::management_client(OPS.client_id, OPS.secret, &[])
        + &super::management_client(READER.client_id, READER.secret, &["read:users"])
}

impl TestApp {
    /// A sign-in by SMS with the native app, a fresh number and `openid offline_access`;
    /// see [`SmsLogin`] for what can be changed before it is awaited.
    pub fn sms_user(&self) -> SmsLogin<'_> {
        SmsLogin {
            app: self,
            client_id: NATIVE_APP,
            phone: None,
            scope: "openid offline_access",
            audience: None,
        }
    }

    /// The claims of a token for `audience` (a client id for an id_token), verified with
    /// jsonwebtoken against this server's JWKS as it is now: signature, alg (the one its key
    /// is published with), kid, iss, aud, exp.
    pub async fn verified_claims(&self, token: &(impl Jwt + ?Sized), audience: &str) -> Value {
        verify_signed(token.jwt(), &self.jwks().await, &self.issuer, audience)
            .unwrap_or_else(|e| panic!("the token does not verify: {e}"))
    }

    /// A `client_credentials` token for this server's Management API.
    pub async fn machine_token(&self, machine: &Machine) -> String {
        let (status, body) = self
            .post_json(
                "/oauth/token",
                json!({"grant_type": "client_credentials", "client_id": machine.client_id,
                       "client_secret": machine.secret,
                       "audience": format!("{}api/v2/", self.issuer)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"].as_str().unwrap().to_string()
    }

    /// A request with `Authorization: Bearer {token}` and, when given, a JSON body.
    pub async fn send_as(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        super::log_check::secret("a bearer token", token);
        let mut request = self.http.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            super::log_check::json(&body);
            request = request.json(&body);
        }
        read(request.send().await.unwrap()).await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.send_as(token, Method::GET, path, None).await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send_as(token, Method::POST, path, Some(body)).await
    }

    pub async fn patch_as(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.send_as(token, Method::PATCH, path, Some(body)).await
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.send_as(token, Method::DELETE, path, None).await
    }

    /// The log's failed logins (`f`) for `recipient` on `connection`, newest first, read
    /// with [`OPS`]' token (the app must be configured with [`operators`]).
    pub async fn failed_logins(&self, connection: &str, recipient: &str) -> Vec<Value> {
        let token = self.machine_token(&OPS).await;
        let (status, logs) = self.get_as(&token, "/api/v2/logs?per_page=100").await;
        assert_eq!(status, StatusCode::OK, "{logs}");
        let user_id = format!("{connection}:{recipient}");
        logs.as_array()
            .unwrap()
            .iter()
            .filter(|l| l["type"] == "f" && l["user_id"] == user_id)
            .cloned()
            .collect()
    }
}
