//! The operators' side, Auth0's Management API: machine tokens by `client_credentials` for
//! clients granted an API's scopes, and the operations those tokens authorise on clients,
//! users and signing keys.

use super::core::Core;
use super::crypto::sha256;
use super::model::{
    Client, ClientGrant, DEFAULT_GRANT_TYPES, GRANT_CLIENT_CREDENTIALS, MobileApps, NewUser,
    RefreshTokenPolicy, User, UserQuery,
};
use super::oauth::scope::Scope;
use super::tokens::IssuedTokens;
use super::{DomainError, random_hex, random_token};

/// Every scope of the Management API that Latchkey serves.
pub const MANAGEMENT_SCOPES: &[&str] = &[
    "read:clients",
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:users",
    "create:users",
    "update:users",
    "delete:users",
    "read:connections",
    "create:connections",
    "update:connections",
    "delete:connections",
    "read:signing_keys",
    "create:signing_keys",
    "update:signing_keys",
    "read:logs",
    "read:device_credentials",
    "delete:device_credentials",
    "read:email_provider",
    "create:email_provider",
    "update:email_provider",
];

/// What a new or changed client may set (Auth0's names).
#[derive(Debug, Clone, Default)]
pub struct ClientChanges {
    pub name: Option<String>,
    pub callbacks: Option<Vec<String>>,
    pub allowed_logout_urls: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
    pub logo_uri: Option<String>,
    /// `#rrggbb` for the hosted login's buttons; empty clears it.
    pub primary_color: Option<String>,
    /// The native apps (Auth0's `mobile`), for universal links, app links and passkeys.
    pub mobile: Option<MobileApps>,
    /// Auth0's `refresh_token`: rotation, expiry, lifetimes.
    pub refresh_token: Option<RefreshTokenPolicy>,
    /// `none` makes a public client (no secret).
    pub token_endpoint_auth_method: Option<String>,
    pub app_type: Option<String>,
}

fn bad(msg: impl Into<String>) -> DomainError {
    DomainError::InvalidRequest(msg.into())
}

impl Core {
    /// The `client_credentials` grant: a confidential client gets a token for an API it was
    /// granted, with the requested scopes it was granted (all of them if none are asked).
    pub async fn client_credentials(
        &self,
        client: &Client,
        audience: Option<&str>,
        requested: Option<&str>,
    ) -> Result<IssuedTokens, DomainError> {
        if client.secret_hash.is_none() {
            return Err(DomainError::AccessDenied(
                "client_credentials needs a confidential client".into(),
            ));
        }
        let audience = audience.ok_or_else(|| {
            DomainError::AccessDenied(
                "No audience parameter was provided, and no default audience has been configured"
                    .into(),
            )
        })?;
        let grant = self
            .store
            .client_grants(&client.client_id)
            .await?
            .into_iter()
            .find(|g| g.audience == audience)
            .ok_or_else(|| {
                DomainError::AccessDenied(format!(
                    "Client \"{}\" is not authorized to access \"{audience}\".",
                    client.client_id
                ))
            })?;
        let scope = match requested.map(Scope::parse).filter(|s| !s.is_empty()) {
            Some(asked) => Scope::parse(
                &grant
                    .scope
                    .iter()
                    .filter(|s| asked.has(s))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            None => Scope::parse(&grant.scope.join(" ")),
        };
        self.tokens
            .issue_machine(&client.client_id, audience, &scope, self.clock.now())
    }

    /// Creates a client; returns it and its secret (shown once, stored as a hash).
    pub async fn create_client(
        &self,
        changes: ClientChanges,
    ) -> Result<(Client, Option<String>), DomainError> {
        let name = changes
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .ok_or_else(|| bad("Payload validation error: Missing required property: name"))?;
        let public = changes.token_endpoint_auth_method.as_deref() == Some("none")
            || matches!(changes.app_type.as_deref(), Some("native" | "spa"));
        let secret = (!public).then(|| random_token(self.random.as_ref(), 48));
        let mut client = Client {
            client_id: random_hex(self.random.as_ref(), 16),
            name,
            secret_hash: secret.as_ref().map(|s| sha256(s.as_bytes())),
            callbacks: vec![],
            grant_types: DEFAULT_GRANT_TYPES.iter().map(|g| g.to_string()).collect(),
            refresh_token: RefreshTokenPolicy::default(),
            mobile: MobileApps::default(),
            allowed_logout_urls: vec![],
            branding: Default::default(),
        };
        if changes.app_type.as_deref() == Some("non_interactive") {
            client.grant_types = vec![GRANT_CLIENT_CREDENTIALS.to_string()];
        }
        apply(&mut client, changes)?;
        self.store.upsert_client(&client, self.clock.now()).await?;
        Ok((client, secret))
    }

    pub async fn update_client(
        &self,
        client_id: &str,
        changes: ClientChanges,
    ) -> Result<Option<Client>, DomainError> {
        let Some(mut client) = self.store.client(client_id).await? else {
            return Ok(None);
        };
        apply(&mut client, changes)?;
        self.store.upsert_client(&client, self.clock.now()).await?;
        self.recent_clients.forget(client_id);
        Ok(Some(client))
    }

    /// A new secret; the old one stops working at once.
    pub async fn rotate_client_secret(
        &self,
        client_id: &str,
    ) -> Result<Option<(Client, String)>, DomainError> {
        let Some(mut client) = self.store.client(client_id).await? else {
            return Ok(None);
        };
        let secret = random_token(self.random.as_ref(), 48);
        client.secret_hash = Some(sha256(secret.as_bytes()));
        self.store.upsert_client(&client, self.clock.now()).await?;
        // Other instances drop the old secret within their 2-second memory of clients.
        self.recent_clients.forget(client_id);
        Ok(Some((client, secret)))
    }

    /// Grants a client an API's scopes (Auth0's client grant).
    pub async fn grant_client(
        &self,
        client_id: &str,
        audience: &str,
        scope: &[&str],
    ) -> Result<ClientGrant, DomainError> {
        let grant = ClientGrant {
            id: format!("cgr_{}", random_hex(self.random.as_ref(), 8)),
            client_id: client_id.into(),
            audience: audience.into(),
            scope: scope.iter().map(|s| s.to_string()).collect(),
        };
        self.store
            .upsert_client_grant(&grant, self.clock.now())
            .await?;
        Ok(grant)
    }

    /// Creates a user in an SMS or email connection before their first login.
    pub async fn create_user(
        &self,
        connection: &str,
        phone_number: Option<&str>,
        email: Option<&str>,
    ) -> Result<User, DomainError> {
        let options = self
            .connection_options(connection)
            .await?
            .ok_or_else(|| bad(format!("The connection does not exist: {connection}")))?;
        let login = phone_number
            .or(email)
            .ok_or_else(|| bad("Payload validation error: phone_number or email is required"))?;
        let (strategy, recipient) = options
            .strategy_and_recipient(login)
            .ok_or_else(|| bad(format!("{login:?} is not valid for this connection")))?;
        let new = NewUser {
            user_id: format!(
                "{}|{}",
                strategy.as_str(),
                random_hex(self.random.as_ref(), 12)
            ),
            connection: connection.into(),
            strategy,
            recipient: recipient.clone(),
            name: recipient,
        };
        if !self.store.insert_user(&new, self.clock.now()).await? {
            return Err(DomainError::Conflict("The user already exists.".into()));
        }
        self.store
            .user(&new.user_id)
            .await?
            .ok_or_else(|| DomainError::internal("a created user is missing"))
    }

    /// A page of users, and the total.
    pub async fn find_users(&self, query: UserQuery) -> Result<(Vec<User>, i64), DomainError> {
        let query = UserQuery {
            recipient: match (&query.connection, &query.recipient) {
                // Stored forms: E.164 and lower-case addresses.
                (Some(c), Some(r)) => match self.connection_options(c).await? {
                    Some(o) => o.strategy_and_recipient(r).map(|(_, r)| r),
                    None => Some(r.clone()),
                },
                (None, Some(r)) if r.contains('@') => Some(r.to_lowercase()),
                (None, Some(r)) => Some(r.replace([' ', '-', '(', ')'], "")),
                (_, None) => None,
            },
            recipient_contains: query.recipient_contains.as_deref().map(login_part),
            recipient_prefix: query.recipient_prefix.as_deref().map(login_part),
            ..query
        };
        Ok(self.store.users(&query).await?)
    }
}

/// A piece of a login as stored: addresses lower-case, numbers without spacing.
fn login_part(part: &str) -> String {
    if part.contains('@') {
        part.trim().to_lowercase()
    } else {
        part.replace([' ', '-', '(', ')'], "")
    }
}

fn apply(client: &mut Client, c: ClientChanges) -> Result<(), DomainError> {
    if let Some(name) = c.name {
        if name.trim().is_empty() || name.len() > 200 {
            return Err(bad("name must be 1 to 200 characters"));
        }
        client.name = name;
    }
    if let Some(callbacks) = c.callbacks {
        Client::check_callbacks("callbacks", &callbacks).map_err(|e| bad(e.to_string()))?;
        client.callbacks = callbacks;
    }
    if let Some(urls) = c.allowed_logout_urls {
        Client::check_callbacks("allowed_logout_urls", &urls).map_err(|e| bad(e.to_string()))?;
        client.allowed_logout_urls = urls;
    }
    if let Some(grants) = c.grant_types {
        for g in &grants {
            if !DEFAULT_GRANT_TYPES.contains(&g.as_str()) && g != GRANT_CLIENT_CREDENTIALS {
                return Err(bad(format!("grant_types: unknown grant {g:?}")));
            }
        }
        client.grant_types = grants;
    }
    if let Some(logo) = c.logo_uri {
        client.branding.logo_uri = Some(logo).filter(|l| !l.is_empty());
        client.branding.validate().map_err(|e| bad(e.to_string()))?;
    }
    if let Some(policy) = c.refresh_token {
        policy.validate().map_err(|e| bad(e.to_string()))?;
        client.refresh_token = policy;
    }
    if let Some(mobile) = c.mobile {
        mobile.validate().map_err(|e| bad(e.to_string()))?;
        client.mobile = mobile;
    }
    if let Some(color) = c.primary_color {
        client.branding.primary_color = Some(color).filter(|c| !c.is_empty());
        client.branding.validate().map_err(|e| bad(e.to_string()))?;
    }
    Ok(())
}

impl Core {
    /// Publishes a new signing key and signs with it at once; the previous one stays in the
    /// JWKS, the one before is retired.
    pub async fn rotate_signing_key(&self) -> Result<String, DomainError> {
        let key = super::tokens::keys::generate_signing_key(
            &self.keys,
            self.random.as_ref(),
            self.clock.now(),
        )?;
        self.store.add_signing_key(&key, true).await?;
        crate::domain::tokens::key_reload::reload(self).await?;
        Ok(key.kid)
    }

    /// Revokes the previous signing key: it leaves the JWKS, so tokens it signed stop
    /// verifying. `false` if `kid` is not the previous key.
    pub async fn revoke_signing_key(&self, kid: &str) -> Result<bool, DomainError> {
        let revoked = self.store.revoke_signing_key(kid).await?;
        if revoked {
            crate::domain::tokens::key_reload::reload(self).await?;
        }
        Ok(revoked)
    }
}

impl Core {
    /// Deletes a connection with its users (as Auth0 does); `false` if there was none.
    pub async fn delete_connection(&self, name: &str) -> Result<bool, DomainError> {
        let deleted = self.store.delete_connection(name).await?;
        self.recent_connections.forget(name);
        Ok(deleted)
    }

    /// Deletes a client with its grants, refresh tokens, device keys and codes.
    pub async fn delete_client(&self, client_id: &str) -> Result<bool, DomainError> {
        let deleted = self.store.delete_client(client_id).await?;
        self.recent_clients.forget(client_id);
        Ok(deleted)
    }
}

impl Core {
    /// Creates (`create`) or replaces the options of a connection, in Auth0's option names.
    /// A Twilio token left out of an update keeps the stored one (secrets are write-only, so
    /// a client that read the connection never had it to send back). `None` when updating a
    /// connection that does not exist.
    pub async fn save_connection(
        &self,
        name: &str,
        strategy: Option<super::model::Strategy>,
        options: serde_json::Value,
        create: bool,
    ) -> Result<Option<super::model::ConnectionRecord>, DomainError> {
        use super::connections::EmailOptions;
        use super::connections::SmsOptions;
        use super::model::Strategy;
        if name.trim().is_empty()
            || name.len() > 128
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(bad("name must be 1 to 128 letters, digits, - or _"));
        }
        let existing = self.store.connection(name).await?;
        let strategy = match (&existing, strategy, create) {
            (Some(_), _, true) => {
                return Err(DomainError::Conflict(format!(
                    "A connection with the same name \"{name}\" already exists"
                )));
            }
            (None, _, false) => return Ok(None),
            (Some(old), Some(s), false) if old.strategy != s => {
                return Err(bad("the strategy of a connection cannot change"));
            }
            (Some(old), _, false) => old.strategy,
            (None, Some(s), true) => s,
            (None, None, true) => {
                return Err(bad(
                    "Payload validation error: Missing required property: strategy",
                ));
            }
        };
        let record = match strategy {
            Strategy::Sms => {
                let mut opts: SmsOptions =
                    serde_json::from_value(options).map_err(|e| bad(format!("options: {e}")))?;
                if opts.twilio_token.is_none()
                    && let Some(old) = &existing
                {
                    opts.twilio_token = old
                        .options
                        .get("twilio_token")
                        .and_then(|t| t.as_str())
                        .map(str::to_string);
                }
                opts.to_record(name, &self.keys)?
            }
            Strategy::Email => {
                let opts: EmailOptions =
                    serde_json::from_value(options).map_err(|e| bad(format!("options: {e}")))?;
                opts.to_record(name)?
            }
        };
        self.store
            .upsert_connection(&record, self.clock.now())
            .await?;
        self.recent_connections.forget(name);
        Ok(Some(record))
    }
}
