//! OAuth 2.0 and OIDC mechanics shared by the login flows: scopes (and which of them a user
//! may hold for an API, [`api_scope`]), clients and how they
//! authenticate, redirect-based requests and their answers, PKCE, and the authorization
//! codes a redirect-based login ends with, and the `web_message` answer's rules.

pub mod api_scope;
pub mod authorization_code;
pub mod client;
pub mod pkce;
pub mod redirect;
pub mod scope;
pub mod web_message;
