//! The rules of a refresh-token family, as pure functions: what presenting a stored refresh
//! token means (accept, rotate, extend its idle life, refuse, or revoke the family as
//! reused), and what presenting an authorization code means (its replay revokes the family
//! its first use started). The store calls them inside the transaction that applies their
//! answer, the way it calls an [`OtpJudge`](crate::domain::ports::OtpJudge), and keeps only
//! the conditional writes that settle races.

use super::UnixTime;
use super::model::{AuthorizationCodeRecord, RefreshTokenRecord};

/// How the client's refresh-token policy wants this use handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshAttempt {
    pub now: UnixTime,
    /// Seconds during which a rotated token is still accepted (a client retrying an answer
    /// it lost); 0 for none.
    pub leeway: i64,
    /// Whether this use issues a replacement (rotating clients).
    pub rotating: bool,
    /// Where the token's idle expiry moves (expiring clients).
    pub new_idle_expiry: Option<UnixTime>,
}

/// What to do with a presented refresh token. Every "accept" below still depends on a
/// conditional write in the store: a concurrent use may have rotated or revoked the token
/// since it was read, and then this use loses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshDecision {
    /// Revoked, or past its family or idle expiry: refuse and change nothing.
    Refuse,
    /// A rotated token came back after its leeway: it may have been stolen, so the whole
    /// family is revoked.
    RevokeFamily,
    /// Spend the token (mark it rotated, unless another use already did) and store the
    /// replacement.
    Rotate,
    /// The token was rotated less than the leeway ago: store another replacement, if the
    /// token is still not revoked.
    RotateAgain,
    /// Accept and move the idle expiry here, if the token is still not revoked.
    ExtendIdle(UnixTime),
    /// Accept; nothing to write.
    Accept,
}

/// Whether a token can still be used at `now`: not revoked, and neither its family's nor
/// its own idle lifetime is over.
pub fn alive(token: &RefreshTokenRecord, now: UnixTime) -> bool {
    token.revoked_at.is_none()
        && token.family_expires_at.is_none_or(|e| now < e)
        && token.idle_expires_at.is_none_or(|e| now < e)
}

/// Decides what presenting `token` means under `attempt`.
pub fn decide(token: &RefreshTokenRecord, attempt: &RefreshAttempt) -> RefreshDecision {
    if !alive(token, attempt.now) {
        return RefreshDecision::Refuse;
    }
    match (token.rotated_at, attempt.rotating, attempt.new_idle_expiry) {
        // Outside the leeway (all of the time when it is 0) a rotated token is a replay.
        (Some(rotated_at), _, _) if attempt.now - rotated_at >= attempt.leeway => {
            RefreshDecision::RevokeFamily
        }
        (None, true, _) => RefreshDecision::Rotate,
        (Some(_), true, _) => RefreshDecision::RotateAgain,
        (_, false, Some(idle)) => RefreshDecision::ExtendIdle(idle),
        (_, false, None) => RefreshDecision::Accept,
    }
}

/// What presenting an authorization code means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeDecision {
    /// Unused and alive: spend it.
    Redeem,
    /// Spent before: refuse, and revoke the refresh-token family its first use started
    /// (RFC 6749 §4.1.2: a code used twice may have been stolen).
    Replayed,
    /// Expired: refuse and change nothing.
    Refuse,
}

/// Decides what presenting `code` at `now` means, judged as it was before this use.
pub fn judge_code(code: &AuthorizationCodeRecord, now: UnixTime) -> CodeDecision {
    if code.used_at.is_some() {
        CodeDecision::Replayed
    } else if now < code.expires_at {
        CodeDecision::Redeem
    } else {
        CodeDecision::Refuse
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: UnixTime = 1_000;

    fn token() -> RefreshTokenRecord {
        RefreshTokenRecord {
            id: "t".into(),
            token_hash: vec![1],
            family_id: "f".into(),
            client_id: "app".into(),
            user_id: "sms|1".into(),
            scope: "openid offline_access".into(),
            audience: None,
            device: None,
            created_at: NOW - 100,
            family_expires_at: None,
            idle_expires_at: None,
            rotated_at: None,
            revoked_at: None,
        }
    }

    fn attempt(rotating: bool, leeway: i64, new_idle_expiry: Option<UnixTime>) -> RefreshAttempt {
        RefreshAttempt {
            now: NOW,
            leeway,
            rotating,
            new_idle_expiry,
        }
    }

    #[test]
    fn a_revoked_token_is_refused_even_with_leeway() {
        let t = RefreshTokenRecord {
            revoked_at: Some(NOW - 1),
            rotated_at: Some(NOW - 1),
            ..token()
        };
        assert_eq!(
            decide(&t, &attempt(true, 60, None)),
            RefreshDecision::Refuse
        );
    }

    #[test]
    fn expiry_of_the_family_or_of_idleness_refuses_from_that_second_on() {
        for t in [
            RefreshTokenRecord {
                family_expires_at: Some(NOW),
                ..token()
            },
            RefreshTokenRecord {
                idle_expires_at: Some(NOW),
                ..token()
            },
        ] {
            assert!(!alive(&t, NOW));
            assert!(alive(&t, NOW - 1));
            assert_eq!(
                decide(&t, &attempt(false, 0, None)),
                RefreshDecision::Refuse
            );
            // an expired token is not a replay, even when rotated long ago
            let rotated = RefreshTokenRecord {
                rotated_at: Some(NOW - 500),
                ..t
            };
            assert_eq!(
                decide(&rotated, &attempt(true, 0, None)),
                RefreshDecision::Refuse
            );
        }
    }

    #[test]
    fn a_live_unrotated_token_rotates_when_the_client_rotates() {
        let idle = Some(NOW + 50);
        assert_eq!(
            decide(&token(), &attempt(true, 0, None)),
            RefreshDecision::Rotate
        );
        // the replacement carries the new idle expiry; the spent token needs none
        assert_eq!(
            decide(&token(), &attempt(true, 0, idle)),
            RefreshDecision::Rotate
        );
    }

    #[test]
    fn a_rotated_token_is_a_replay_once_the_leeway_is_over() {
        let t = RefreshTokenRecord {
            rotated_at: Some(NOW - 10),
            ..token()
        };
        assert_eq!(
            decide(&t, &attempt(true, 10, None)),
            RefreshDecision::RevokeFamily
        );
        assert_eq!(
            decide(&t, &attempt(false, 5, None)),
            RefreshDecision::RevokeFamily
        );
        // without leeway, even the same second is a replay
        let now = RefreshTokenRecord {
            rotated_at: Some(NOW),
            ..token()
        };
        assert_eq!(
            decide(&now, &attempt(true, 0, None)),
            RefreshDecision::RevokeFamily
        );
    }

    #[test]
    fn inside_the_leeway_a_rotated_token_rotates_again() {
        let t = RefreshTokenRecord {
            rotated_at: Some(NOW - 9),
            ..token()
        };
        assert_eq!(
            decide(&t, &attempt(true, 10, None)),
            RefreshDecision::RotateAgain
        );
    }

    #[test]
    fn without_rotation_an_expiring_token_moves_its_idle_expiry() {
        let idle = NOW + 50;
        assert_eq!(
            decide(&token(), &attempt(false, 0, Some(idle))),
            RefreshDecision::ExtendIdle(idle)
        );
        let within_leeway = RefreshTokenRecord {
            rotated_at: Some(NOW - 1),
            ..token()
        };
        assert_eq!(
            decide(&within_leeway, &attempt(false, 10, Some(idle))),
            RefreshDecision::ExtendIdle(idle)
        );
    }

    #[test]
    fn without_rotation_or_expiry_a_live_token_is_simply_accepted() {
        assert_eq!(
            decide(&token(), &attempt(false, 0, None)),
            RefreshDecision::Accept
        );
        let within_leeway = RefreshTokenRecord {
            rotated_at: Some(NOW - 1),
            ..token()
        };
        assert_eq!(
            decide(&within_leeway, &attempt(false, 10, None)),
            RefreshDecision::Accept
        );
    }

    fn code(expires_at: UnixTime, used_at: Option<UnixTime>) -> AuthorizationCodeRecord {
        AuthorizationCodeRecord {
            code_hash: vec![2],
            client_id: "app".into(),
            user_id: "email|1".into(),
            redirect_uri: "https://app.example/cb".into(),
            scope: "openid".into(),
            audience: None,
            nonce: None,
            code_challenge: None,
            code_challenge_method: None,
            auth_time: NOW - 10,
            expires_at,
            used_at,
            refresh_family_id: None,
        }
    }

    #[test]
    fn an_unused_code_is_redeemed_until_it_expires() {
        assert_eq!(judge_code(&code(NOW + 1, None), NOW), CodeDecision::Redeem);
        assert_eq!(judge_code(&code(NOW, None), NOW), CodeDecision::Refuse);
    }

    #[test]
    fn a_used_code_is_a_replay_expired_or_not() {
        assert_eq!(
            judge_code(&code(NOW + 60, Some(NOW - 1)), NOW),
            CodeDecision::Replayed
        );
        assert_eq!(
            judge_code(&code(NOW - 1, Some(NOW - 5)), NOW),
            CodeDecision::Replayed
        );
    }
}
