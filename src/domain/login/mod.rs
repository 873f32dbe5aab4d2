//! Logins (this part: device keys and passkeys; the code and link logins are beside them).

pub mod device_key;
pub mod device_key_jwt;
pub mod passkey;
pub mod proven;
