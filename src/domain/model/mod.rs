//! The records Latchkey keeps, one file per aggregate: clients, connections, users, one-time
//! codes, refresh tokens and authorization codes, signing keys, sessions, credentials and the
//! event log. Field names follow Auth0's where Auth0 has one. Everything is re-exported here,
//! so `crate::domain::model::X` names any record.

mod client;
mod client_grant;
mod connection;
mod counter;
mod credential;
mod cross_origin;
mod delivery;
mod grant;
mod job;
mod listing;
mod log;
mod otp;
mod profile;
mod resource_server;
mod role;
mod session;
mod signing_key;
mod tenant;
mod user;
mod user_search;

mod overview;
pub use overview::*;

pub use client::*;
pub use client_grant::*;
pub use connection::*;
pub use counter::*;
pub use credential::*;
pub use cross_origin::*;
pub use delivery::*;
pub use grant::*;
pub use job::*;
pub use listing::*;
pub use log::*;
pub use otp::*;
pub use profile::*;
pub use resource_server::*;
pub use role::*;
pub use session::*;
pub use signing_key::*;
pub use tenant::*;
pub use user::*;
pub use user_search::*;
