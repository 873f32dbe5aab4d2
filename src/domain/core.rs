//! The server's dependencies in one place: [`Core`]. It holds no use cases; every flow
//! (login, tokens, management) is a function in its own module that takes a `&Core`. Core
//! itself only reads through its own caches (clients, connections) and counts requests
//! against its limits, which every flow needs alike.

use std::net::IpAddr;
use std::sync::Arc;

use super::DomainError;
use super::audit::EventLog;
use super::connections::ConnectionOptions;
use super::crypto::ServerKeys;
use super::limits::{self, LimitKind, RateLimits};
use super::model::{Client, ResourceServer};
use super::ports::{EmailRoute, EmailSender, SmsSender, Store};
use super::tokens::issuer::TokenIssuer;
use super::{Clock, Random, UnixTime};

/// How long a client or connection read from the store is reused: edits made through
/// another instance (or the database) show within this many seconds.
const RECENT_TTL: i64 = 2;

/// A short memory of records that rarely change (clients, connections), so a login does not
/// read them from the database on every request.
pub struct Recent<T> {
    entries: std::sync::Mutex<std::collections::HashMap<String, (UnixTime, T)>>,
}

impl<T> Default for Recent<T> {
    fn default() -> Self {
        Self {
            entries: std::sync::Mutex::default(),
        }
    }
}

impl<T: Clone> Recent<T> {
    pub(crate) fn get(&self, key: &str, now: UnixTime) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        let (at, value) = entries.get(key)?;
        (now >= *at && now - at < RECENT_TTL).then(|| value.clone())
    }

    /// Drops one entry: this instance changed the record and must not answer from the old.
    pub fn forget(&self, key: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }

    pub(crate) fn put(&self, key: &str, now: UnixTime, value: T) {
        if let Ok(mut entries) = self.entries.lock() {
            // Keys are client ids, connection names and API identifiers the store knows: a
            // handful. The cap only matters if that ever stops being true.
            if entries.len() >= 1024 {
                entries.clear();
            }
            entries.insert(key.to_string(), (now, value));
        }
    }
}

/// What every flow needs: the store, the senders, the clock, randomness, keys, the token
/// issuer, the event log, the limits and the short-lived caches. One per server, shared by
/// every request; flows are functions that take it, so it holds dependencies, not use cases.
pub struct Core {
    pub store: Arc<dyn Store>,
    pub sms: Arc<dyn SmsSender>,
    pub email: Arc<dyn EmailSender>,
    /// The configuration file's email provider; one set through the Management API wins.
    pub email_default: EmailRoute,
    pub keys: Arc<ServerKeys>,
    pub tokens: Arc<TokenIssuer>,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub limits: RateLimits,
    /// The built-in Management API (`{issuer}api/v2/`), an audience besides the stored APIs.
    pub management_api: Arc<ResourceServer>,
    /// The stored APIs, by identifier, as tokens are issued for them.
    pub recent_apis: Recent<Arc<ResourceServer>>,
    pub recent_clients: Recent<Client>,
    /// Every client, for the checks that name none (a CORS preflight has no body).
    pub recent_client_list: Recent<Arc<Vec<Client>>>,
    pub recent_connections: Recent<ConnectionOptions>,
    /// The WebAuthn relying party (from the issuer), when the issuer can be one (a host
    /// name, not an IP address); whether passkeys are on is `passkeys_enabled`.
    pub passkeys: Option<Arc<webauthn_rs::Webauthn>>,
    /// Passkeys on or off until an operator switches them in the dashboard.
    pub passkeys_default: bool,
    /// The event log's writer.
    pub events: EventLog,
    /// Each SMS provider's circuit breaker, in this process.
    pub breakers: crate::domain::channels::breaker::Breakers,
    /// The tenant's settings (see `management::tenant_settings::tenant`).
    pub recent_tenant: Recent<Arc<super::model::TenantSettings>>,
}

impl Core {
    /// The client named `client_id`, if it exists (kept for a moment, see [`Recent`]).
    pub async fn client(&self, client_id: &str) -> Result<Option<Client>, DomainError> {
        let now = self.clock.now();
        if let Some(client) = self.recent_clients.get(client_id, now) {
            return Ok(Some(client));
        }
        let client = self.store.client(client_id).await?;
        if let Some(c) = &client {
            // Switched on another instance to an algorithm whose key this one has not
            // loaded yet (it reloads keys every 30 s): load it now, before it must sign.
            if self.tokens.ring().signer(c.jwt_configuration.alg).is_err() {
                self.tokens.reload(self.store.as_ref(), &self.keys).await?;
            }
            self.recent_clients.put(client_id, now, c.clone());
        }
        Ok(client)
    }

    /// Every client (kept for a moment, see [`Recent`]).
    pub async fn clients(&self) -> Result<Arc<Vec<Client>>, DomainError> {
        let now = self.clock.now();
        if let Some(all) = self.recent_client_list.get("", now) {
            return Ok(all);
        }
        let all = Arc::new(self.store.clients().await?);
        self.recent_client_list.put("", now, all.clone());
        Ok(all)
    }

    /// Drops what this instance remembers of `client_id` after changing it.
    pub fn forget_client(&self, client_id: &str) {
        self.recent_clients.forget(client_id);
        self.recent_client_list.forget("");
    }

    /// The API whose identifier is `audience` (the Management API, or a stored one kept for a
    /// moment, see [`Recent`]); `None` if there is none.
    pub async fn resource_server(
        &self,
        audience: &str,
    ) -> Result<Option<Arc<ResourceServer>>, DomainError> {
        if audience == self.management_api.identifier {
            return Ok(Some(self.management_api.clone()));
        }
        let now = self.clock.now();
        if let Some(api) = self.recent_apis.get(audience, now) {
            return Ok(Some(api));
        }
        let Some(api) = self
            .store
            .resource_server(audience)
            .await?
            .filter(|a| a.identifier == audience)
        else {
            return Ok(None);
        };
        // Set on another instance to an algorithm this one has not loaded a key for yet.
        if self.tokens.ring().signer(api.settings.signing_alg).is_err() {
            self.tokens.reload(self.store.as_ref(), &self.keys).await?;
        }
        let api = Arc::new(api);
        self.recent_apis.put(audience, now, api.clone());
        Ok(Some(api))
    }

    /// A connection's options, typed by strategy (kept for a moment, see [`Recent`]).
    pub async fn connection_options(
        &self,
        name: &str,
    ) -> Result<Option<ConnectionOptions>, DomainError> {
        let now = self.clock.now();
        if let Some(options) = self.recent_connections.get(name, now) {
            return Ok(Some(options));
        }
        let Some(record) = self.store.connection(name).await? else {
            return Ok(None);
        };
        let options = ConnectionOptions::from_record(&record, &self.keys)?;
        self.recent_connections.put(name, now, options.clone());
        Ok(Some(options))
    }

    /// Counts a request against `rule`, unless rate limiting is off.
    pub async fn limit(
        &self,
        kind: LimitKind,
        bucket: &str,
        key: &str,
        rule: limits::Rule,
    ) -> Result<(), DomainError> {
        if !self.limits.enabled {
            return Ok(());
        }
        let counter = limits::Counter {
            kind,
            bucket,
            key,
            rule,
        };
        counter.hit(self.store.as_ref(), self.clock.now()).await
    }

    /// The per-IP limit of the token endpoints.
    pub async fn limit_token_request(&self, ip: IpAddr) -> Result<(), DomainError> {
        self.limit(
            LimitKind::Requests,
            "token:ip",
            &limits::address_key(ip),
            self.limits.token_per_ip,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_records_are_forgotten_after_the_ttl() {
        let recent: Recent<u32> = Recent::default();
        assert_eq!(recent.get("app", 100), None);
        recent.put("app", 100, 7);
        assert_eq!(recent.get("app", 100), Some(7));
        assert_eq!(recent.get("app", 100 + RECENT_TTL - 1), Some(7));
        assert_eq!(recent.get("app", 100 + RECENT_TTL), None);
        // a clock that went back does not make an entry live forever
        assert_eq!(recent.get("app", 99), None);
        assert_eq!(recent.get("other", 100), None);
    }
}
