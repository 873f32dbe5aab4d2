//! One-time codes as stored, the verdict on a presented one, and the login transaction a
//! right code leads to.

use super::counter::Lockout;
use super::grant::RefreshTokenRecord;
use super::user::{NewUser, User};
use crate::domain::UnixTime;

/// A one-time code waiting to be used. There is at most one per connection and
/// recipient: a new one replaces the old.
#[derive(Debug, Clone, PartialEq)]
pub struct OtpRecord {
    pub id: String,
    pub connection: String,
    pub recipient: String,
    /// HMAC-SHA256 of the code under the server's OTP key; the code itself is never stored.
    pub code_hash: Vec<u8>,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
    /// Wrong tries so far.
    pub attempts: i64,
    /// Ours: the Twilio Verify provider (its name in the connection's options) that sent the
    /// code, which is then Twilio's: `code_hash` matches nothing and the code is checked by
    /// Twilio's VerificationCheck. `None`: Latchkey's own code.
    pub verify_provider: Option<String>,
}

/// What a store should do with a code that was just tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpVerdict {
    /// Right code, alive: delete it and log the user in.
    Accept,
    /// Wrong code: count the try. `tries_left`: how many more tries may still be judged,
    /// at this code and under the recipient's lockout, once this one is counted (0: this
    /// was the last; the page says so rather than just "not right").
    Wrong { tries_left: i64 },
    /// Expired, or used up by wrong tries: leave it as it is.
    Dead(DeadCode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadCode {
    Expired,
    Exhausted,
}

/// One try at the code waiting for a recipient, and the limits it is judged under: the
/// part a check and a login share.
#[derive(Debug, Clone)]
pub struct OtpTry {
    pub connection: String,
    pub recipient: String,
    /// Tries a code allows (Auth0: 3); the store counts them atomically.
    pub max_attempts: i64,
    /// The per-recipient wrong-code lockout, checked and counted in the same transaction
    /// (none when rate limits are off).
    pub lockout: Option<Lockout>,
}

/// The login part of a code exchange: what to write when the code is right.
#[derive(Debug, Clone)]
pub struct OtpLogin {
    pub code: OtpTry,
    pub now: UnixTime,
    /// Whether a login may create the user.
    pub allow_signup: bool,
    pub new_user: NewUser,
    pub refresh_token: Option<RefreshTokenRecord>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OtpLoginOutcome {
    LoggedIn {
        user: User,
        created: bool,
    },
    /// No code is waiting for this recipient.
    NoCode,
    /// The recipient had too many wrong codes this window: no code was judged.
    LockedOut,
    Rejected(OtpVerdict),
    SignupDisabled,
    /// The code was right but the user is blocked; nothing was changed.
    Blocked,
}

/// What checking a code without using it found (the legacy `/passwordless/verify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpCheck {
    /// No code is waiting for this recipient.
    NoCode,
    /// The recipient had too many wrong codes this window: no code was judged.
    LockedOut,
    Judged(OtpVerdict),
}

/// What reserving a try at a Twilio Verify code found (before Twilio is asked).
#[derive(Debug, Clone, PartialEq)]
pub enum VerifyTry {
    /// A try was counted, at the code and (until the answer) in the lockout; the code as it
    /// is now.
    Reserved(OtpRecord),
    /// The recipient had too many wrong codes this window: no try was counted.
    LockedOut,
    /// The code is dead (expired, or killed by wrong tries): no try was counted.
    Dead(DeadCode),
    /// No such code is waiting (used, replaced by a newer one, or never sent by Verify).
    NoCode,
}
