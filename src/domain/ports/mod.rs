//! The ports through which the domain reaches storage ([`store`]) and message delivery
//! ([`delivery`]). Adapters live in `crate::store` and `crate::delivery`; the domain sees
//! only these traits.

mod delivery;
mod jobs;
mod store;

pub use delivery::*;
pub use jobs::*;
pub use store::*;
