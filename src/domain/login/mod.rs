//! Logging in, one file per way in: starting one (a code or a magic link sent), using a
//! code, using a magic link, a device key (the Touch ID model) and a passkey; the hosted
//! login page's transactions and browser sessions; the tokens every proven login gets; and
//! the dashboard's sign-in, which proves an administrator's address and makes no user.

pub mod code;
pub mod cross_origin;
pub mod dashboard;
pub mod dashboard_identity;
pub mod device_key;
pub mod device_key_jwt;
pub mod hosted;
pub mod link;
pub mod passkey;
pub mod proven;
pub mod start;
// Twilio Verify
pub mod verify_code;
