//! Latchkey: a self-hosted passwordless authentication server that speaks Auth0's
//! Authentication API, so apps built on Auth0's SDKs work when pointed at it.
//!
//! Layout: [`domain`] holds the rules and knows nothing of HTTP or SQL; [`store`] and
//! [`delivery`] implement its ports; [`http`] is the wire; [`app`] wires it all together, [`tls`] serves it over HTTPS,
//! [`telemetry`] exports traces; [`commands`] and [`config`] serve the command line.

pub mod app;
pub mod backup;
pub mod commands;
pub mod config;
pub mod delivery;
pub mod dev_cert;
pub mod domain;
pub mod healthcheck;
pub mod http;
pub mod logging;
pub mod store;
pub mod telemetry;
pub mod tls;
