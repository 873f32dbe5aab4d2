//! Latchkey's integration tests: one binary (one link), the app started in-process on
//! 127.0.0.1:0 for each test and driven over real HTTP.

// Test code may unwrap: a panic here is a failed test, not a crashed server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod auth0js_browser;
mod authorize;
mod backup;
mod binary;
mod browser;
mod client_grants;
mod cors;
mod cors_browser;
mod cross_origin_login;
mod dashboard;
mod dashboard_admins;
mod delivery;
mod delivery_receipts;
mod delivery_vonage;
mod deploy_cli;
mod device_keys;
mod email_login;
mod email_tls;
mod errors;
mod hosted_login;
mod hosted_messages;
mod instances;
mod jobs_api;
mod layout;
mod limits;
mod link_pages;
mod lock_browser;
mod management;
mod management_shapes;
mod metrics;
mod migration;
mod oidc_client_browser;
mod operations;
mod passkeys;
mod passkeys_browser;
mod pumping;
mod rbac;
mod sdk;
mod security_delivery;
mod security_limits;
mod security_ops;
mod security_support;
mod security_tokens;
mod signing_algs;
mod sms_login;
mod store_conformance;
mod store_conformance_dashboard;
mod store_conformance_deliveries;
mod store_conformance_grants;
mod store_conformance_jobs;
mod store_conformance_rbac;
mod store_conformance_shapes;
mod tenant_settings;
mod tls;
mod tokens;
mod tracing;
mod users_api;
mod web_message;
mod web_message_browser;

mod dashboard_sms_browser;
mod delivery_messagebird;
mod sdk_providers;
// Twilio Verify
mod dashboard_overview;
mod delivery_verify;
mod i18n_browser;
mod i18n_pages;
mod store_conformance_overview;
mod store_conformance_verify;
