//! The domain: passwordless login rules, codes, users and tokens.
//!
//! Nothing in here knows about HTTP, SQL or outbound HTTP clients. The outside world is
//! reached through the ports in [`ports`]; time and randomness come in through
//! [`Clock`] and [`Random`] so tests can drive expiry and rotation without sleeping. The
//! dependencies every flow needs are one [`core::Core`]; each flow is a function in its
//! feature's folder (`login`, `tokens`, `oauth`, `channels`, `management`) that takes it.

pub mod audit;
pub mod channels;
pub mod clock;
pub mod connections;
pub mod core;
pub mod crypto;
pub mod email_address;
pub mod error;
pub mod i18n;
pub mod limits;
pub mod liquid_bounds;
pub mod login;
pub mod management;
pub mod measures;
pub mod model;
pub mod oauth;
pub mod otp;
pub mod phone;
pub mod ports;
pub mod pumping;
pub mod random;
pub mod template;
pub mod tokens;
pub mod validation;

pub use clock::{Clock, ManualClock, SystemClock, UnixTime, iso8601};
pub use error::DomainError;
pub use random::{OsRandom, Random, random_hex, random_token};
