//! OAuth 2.0 and OIDC mechanics shared by the login flows: scopes, clients and how they
//! authenticate, redirect-based requests and their answers, PKCE, and the authorization
//! codes a redirect-based login ends with.

pub mod authorization_code;
pub mod client;
pub mod pkce;
pub mod redirect;
pub mod scope;
