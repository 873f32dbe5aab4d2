//! Logging in: starting one (a code or a magic link sent), using a code, using a magic link,
//! and the hosted login page's transactions and browser sessions.

pub mod code;
pub mod hosted;
pub mod link;
pub mod start;
