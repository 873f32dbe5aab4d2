//! Who may call a Management endpoint, as extractors: [`Caller`] (any Management API token),
//! [`Scoped`] (a token holding one of a scope set), [`Operator`] (a machine token,
//! `client_credentials`, holding it) and [`OwnAccount`] (a user-bound token acting on the
//! `{user_id}` of its own path). Scope sets are marker types, so a handler's signature says
//! what it needs.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use super::error::MgmtError;
use super::input::MgmtQuery;
use super::paging::Paging;
use crate::domain::core::Core;
use crate::domain::management::caller::{self, ApiCaller};
use crate::http::AppState;
use crate::http::extract::bearer_token;

/// A set of scopes, any one of which lets the call through.
pub trait Scopes: Send + Sync + 'static {
    const ANY_OF: &'static [&'static str];
}

/// Declares scope-set markers, and (for the unit tests) `$list`, every scope they name.
macro_rules! scopes {
    ($list:ident; $($(#[$doc:meta])* $name:ident = [$($scope:expr),+ $(,)?];)+) => {
        $(
            $(#[$doc])*
            pub struct $name;
            impl Scopes for $name {
                const ANY_OF: &'static [&'static str] = &[$($scope),+];
            }
        )+
        #[cfg(test)]
        const $list: &[&str] = &[$($($scope),+),+];
    };
}

// The operators' scopes: the same as `MANAGEMENT_SCOPES`, which a test checks.
scopes! {
    OPERATOR_SCOPES;
    /// Reading clients; Auth0's `read:client_keys` also shows their secrets.
    ReadClients = ["read:clients", "read:client_keys"];
    CreateClients = ["create:clients"];
    UpdateClients = ["update:clients"];
    DeleteClients = ["delete:clients"];
    ReadUsers = ["read:users"];
    CreateUsers = ["create:users"];
    UpdateUsers = ["update:users"];
    DeleteUsers = ["delete:users"];
    ReadConnections = ["read:connections"];
    CreateConnections = ["create:connections"];
    UpdateConnections = ["update:connections"];
    DeleteConnections = ["delete:connections"];
    ReadSigningKeys = ["read:signing_keys"];
    CreateSigningKeys = ["create:signing_keys"];
    UpdateSigningKeys = ["update:signing_keys"];
    ReadLogs = ["read:logs"];
    /// A user's own log entries (`/users/{id}/logs`): Auth0's `read:logs_users`, or all logs.
    ReadUserLogs = ["read:logs_users", "read:logs"];
    ReadDeviceCredentials = ["read:device_credentials"];
    DeleteDeviceCredentials = ["delete:device_credentials"];
    ReadEmailProvider = ["read:email_provider"];
    CreateEmailProvider = ["create:email_provider"];
    UpdateEmailProvider = ["update:email_provider"];
    DeleteEmailProvider = ["delete:email_provider"];
    ReadClientGrants = ["read:client_grants"];
    CreateClientGrants = ["create:client_grants"];
    UpdateClientGrants = ["update:client_grants"];
    DeleteClientGrants = ["delete:client_grants"];
    ReadTenantSettings = ["read:tenant_settings"];
    UpdateTenantSettings = ["update:tenant_settings"];
    /// A new client secret: Auth0's `update:client_keys` (or `update:clients`).
    UpdateClientKeys = ["update:client_keys", "update:clients"];
    ReadResourceServers = ["read:resource_servers"];
    CreateResourceServers = ["create:resource_servers"];
    UpdateResourceServers = ["update:resource_servers"];
    DeleteResourceServers = ["delete:resource_servers"];
    ReadRoles = ["read:roles"];
    CreateRoles = ["create:roles"];
    UpdateRoles = ["update:roles"];
    DeleteRoles = ["delete:roles"];
    /// A role's users, or a user's roles: any of Auth0's three.
    ReadRoleMembers = ["read:users", "read:roles", "read:role_members"];
    /// Giving a role to users (`POST /roles/{id}/users`).
    AddRoleMembers = ["update:roles", "create:role_members"];
    /// Giving a user roles (`POST /users/{id}/roles`).
    AssignUserRoles = ["update:users", "create:role_members"];
    /// Taking roles from a user (`DELETE /users/{id}/roles`).
    RemoveUserRoles = ["update:users", "delete:role_members"];
    /// A job's status and errors: Auth0 lets either users scope read them.
    JobReaders = ["create:users", "read:users"];
}

// What a user-bound token may hold to act on its own account.
scopes! {
    USER_SCOPES;
    /// A user adding a device key.
    CreateOwnDevices = [caller::SCOPE_CREATE];
    /// A user reading their device keys: any of the device-credential scopes will do.
    ReadOwnDevices = [caller::SCOPE_READ, caller::SCOPE_CREATE, caller::SCOPE_DELETE];
    DeleteOwnDevices = [caller::SCOPE_DELETE];
    /// Auth0's `read:current_user` family and its My Account API name.
    ReadOwnAccount = ["read:current_user", "read:me:authentication_methods"];
    DeleteOwnMethods = [
        "delete:me:authentication_methods",
        "delete:current_user_device_credentials",
    ];
}

/// Any token of the Management API's audience, user-bound or machine.
pub struct Caller(pub ApiCaller);

impl Caller {
    /// A machine token holding one of `S`.
    pub fn operator<S: Scopes>(self) -> Result<ApiCaller, MgmtError> {
        if !self.0.machine {
            return Err(MgmtError::forbidden(
                "This endpoint needs a client_credentials token",
            ));
        }
        self.scoped::<S>()
    }

    /// Any token holding one of `S`.
    pub fn scoped<S: Scopes>(self) -> Result<ApiCaller, MgmtError> {
        self.0.require(S::ANY_OF)?;
        Ok(self.0)
    }

    /// A token holding one of `S`, acting on its own user.
    pub fn own<S: Scopes>(self, user_id: &str) -> Result<ApiCaller, MgmtError> {
        let who = self.scoped::<S>()?;
        if who.user_id != user_id {
            return Err(MgmtError::forbidden(
                "A user-bound token may only act on its own user",
            ));
        }
        Ok(who)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = MgmtError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, MgmtError> {
        let token = bearer_token(&parts.headers).ok_or_else(MgmtError::missing_token)?;
        Ok(Self(caller::api_caller(&state.core, token)?))
    }
}

/// Declares an extractor that reads the [`Caller`], passes it through one of its checks and
/// keeps the app the call goes into, so a handler needs nothing else to act on it.
macro_rules! checked_caller {
    ($($(#[$doc:meta])* $name:ident = $check:ident;)+) => {
        $(
            $(#[$doc])*
            pub struct $name<S> {
                pub state: AppState,
                pub who: ApiCaller,
                scopes: PhantomData<S>,
            }

            impl<S> $name<S> {
                pub fn core(&self) -> &Core {
                    &self.state.core
                }
            }

            impl<S: Scopes> FromRequestParts<AppState> for $name<S> {
                type Rejection = MgmtError;

                async fn from_request_parts(
                    parts: &mut Parts,
                    state: &AppState,
                ) -> Result<Self, MgmtError> {
                    let who = Caller::from_request_parts(parts, state).await?;
                    Ok(Self {
                        who: who.$check::<S>()?,
                        state: state.clone(),
                        scopes: PhantomData,
                    })
                }
            }
        )+
    };
}

checked_caller! {
    /// A machine token holding one of `S`.
    Operator = operator;
    /// Any token holding one of `S`.
    Scoped = scoped;
}

impl<S> Operator<S> {
    /// Records the operator's change in the event log (Auth0's `sapi`).
    pub async fn changed(&self, what: &str) {
        super::changed(&self.state, &self.who, what).await;
    }

    /// A change's record, or `missing` when there was nothing to change; only a change
    /// made is recorded (as `what`).
    pub async fn made<T>(
        &self,
        made: Option<T>,
        missing: fn() -> MgmtError,
        what: &str,
    ) -> Result<T, MgmtError> {
        let made = made.ok_or_else(missing)?;
        self.changed(what).await;
        Ok(made)
    }

    /// A deletion: `missing` when there was nothing to delete, else recorded as `what`.
    pub async fn deleted(
        &self,
        found: bool,
        missing: fn() -> MgmtError,
        what: &str,
    ) -> Result<(), MgmtError> {
        self.made(found.then_some(()), missing, what).await
    }
}

/// A list endpoint's call: its query string, then a machine token holding one of `S`, then
/// the page window checked (the order in which they are refused).
pub struct Listing<S> {
    pub paging: Paging,
    pub op: Operator<S>,
}

impl<S: Scopes> FromRequestParts<AppState> for Listing<S> {
    type Rejection = MgmtError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, MgmtError> {
        let MgmtQuery(paging) = MgmtQuery::<Paging>::from_request_parts(parts, state).await?;
        let op = Operator::<S>::from_request_parts(parts, state).await?;
        paging.window()?;
        Ok(Self { paging, op })
    }
}

/// A token holding one of `S` whose user is the path's `{user_id}`.
pub struct OwnAccount<S>(PhantomData<S>);

impl<S: Scopes> FromRequestParts<AppState> for OwnAccount<S> {
    type Rejection = MgmtError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, MgmtError> {
        let who = Caller::from_request_parts(parts, state).await?;
        // The route has matched, so its `{user_id}` is there; the handler's own `Path`
        // reads it again for the rest of the path.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| MgmtError::bad_query(e.body_text()))?;
        let user_id = params
            .iter()
            .find(|(k, _)| *k == "user_id")
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        who.own::<S>(&user_id)?;
        Ok(Self(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::management::MANAGEMENT_SCOPES;
    use crate::domain::oauth::scope::Scope;
    use std::collections::BTreeSet;

    /// The endpoints' scope markers and the domain's list (what a configured operator app is
    /// granted) are written apart: they must agree.
    #[test]
    fn the_operator_markers_name_exactly_the_management_scopes() {
        let marked: BTreeSet<&str> = OPERATOR_SCOPES.iter().copied().collect();
        let listed: BTreeSet<&str> = MANAGEMENT_SCOPES.iter().copied().collect();
        assert_eq!(
            listed.len(),
            MANAGEMENT_SCOPES.len(),
            "a scope listed twice"
        );
        assert_eq!(marked, listed);
        let user: BTreeSet<&str> = USER_SCOPES.iter().copied().collect();
        assert!(
            user.is_disjoint(&listed),
            "{:?}",
            user.intersection(&listed)
        );
    }

    fn caller(machine: bool, scope: &str) -> Caller {
        Caller(ApiCaller {
            machine,
            user_id: if machine { "ops@clients" } else { "sms|1" }.into(),
            client_id: "ops".into(),
            scope: Scope::parse(scope),
        })
    }

    #[test]
    fn each_check_lets_through_or_refuses_in_the_api_words() {
        let scope = "403 insufficient_scope Insufficient scope, expected any of:";
        let cases: [(Result<ApiCaller, MgmtError>, Option<String>); 7] = [
            (caller(true, "read:clients").operator::<ReadClients>(), None),
            (
                caller(true, "read:users").operator::<ReadClients>(),
                Some(format!("{scope} read:clients,read:client_keys")),
            ),
            (
                caller(false, "read:clients").operator::<ReadClients>(),
                Some(
                    "403 insufficient_scope This endpoint needs a client_credentials token".into(),
                ),
            ),
            // any scope of a set will do
            (
                caller(false, "delete:current_user_device_credentials").scoped::<ReadOwnDevices>(),
                None,
            ),
            (
                caller(false, "openid").scoped::<DeleteOwnDevices>(),
                Some(format!("{scope} delete:current_user_device_credentials")),
            ),
            (
                caller(false, "read:current_user").own::<ReadOwnAccount>("sms|1"),
                None,
            ),
            (
                caller(false, "read:current_user").own::<ReadOwnAccount>("sms|2"),
                Some(
                    "403 insufficient_scope A user-bound token may only act on its own user".into(),
                ),
            ),
        ];
        for (i, (result, refusal)) in cases.into_iter().enumerate() {
            assert_eq!(result.err().map(|e| e.to_string()), refusal, "case {i}");
        }
    }
}
