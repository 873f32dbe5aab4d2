//! The rules of a refresh-token family, as pure functions: what presenting a stored refresh
//! token means (accept, rotate, extend its idle life, refuse, or revoke the family as
//! reused), and what presenting an authorization code means (its replay revokes the family
//! its first use started). The store calls them inside the transaction that applies their
//! answer, the way it calls an [`OtpJudge`](crate::domain::ports::OtpJudge), and keeps only
//! the conditional writes that settle races.
//!
//! Retries. A client that sends one request twice at once (a double submit, two tabs, an
//! HTTP stack retrying a request it wrongly thinks failed) must not lose the session the
//! first copy won. As in Auth0, a rotated refresh token presented again within the client's
//! `leeway` is accepted and rotated again, without reuse detection. Whatever the leeway
//! (Auth0's default is 0), a token or code presented again less than [`DUPLICATE_WINDOW`]
//! seconds after its first use is taken for such a duplicate: it is refused, and nothing is
//! revoked. Later than that, a rotated token revokes its family and a used code revokes the
//! family its first use started (RFC 6749 §4.1.2, §10.4; RFC 9700 §4.14.2).

use crate::domain::UnixTime;
use crate::domain::model::{AuthorizationCodeRecord, RefreshTokenRecord};

/// Seconds after a refresh token's rotation or a code's first use during which the same
/// token or code presented again is a duplicate of that request, not a sign of theft: it is
/// refused, but what the first use handed out stays valid. Two seconds covers requests sent
/// together (times are whole seconds, so a pair can straddle one tick); a client that
/// retries later never received the first answer, so revoking it costs that client nothing.
pub const DUPLICATE_WINDOW: i64 = 2;

/// One use of a refresh token, as the client's policy wants it handled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshAttempt<'a> {
    pub now: UnixTime,
    /// Seconds during which a rotated token is still accepted (a client retrying an answer
    /// it lost); 0 for none.
    pub leeway: i64,
    /// The token that replaces the presented one (rotating clients); `None` keeps it.
    pub replacement: Option<&'a RefreshTokenRecord>,
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
    /// A rotated token came back after its leeway but within [`DUPLICATE_WINDOW`] of its
    /// rotation: a duplicate of the request that rotated it. Refuse, and revoke nothing.
    RefuseDuplicate,
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
    let rotating = attempt.replacement.is_some();
    // A clock that went back (another instance's) never makes a rotation younger than now.
    let since_rotation = token.rotated_at.map(|at| (attempt.now - at).max(0));
    match (since_rotation, rotating, attempt.new_idle_expiry) {
        // Outside the leeway (all of the time when it is 0) a rotated token is a replay,
        // unless it comes back at once, with the request that rotated it.
        (Some(since), _, _) if since >= attempt.leeway && since < DUPLICATE_WINDOW => {
            RefreshDecision::RefuseDuplicate
        }
        (Some(since), _, _) if since >= attempt.leeway => RefreshDecision::RevokeFamily,
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
    /// Spent less than [`DUPLICATE_WINDOW`] ago: a duplicate of the request that spent it.
    /// Refuse, and revoke nothing.
    Duplicate,
    /// Expired: refuse and change nothing.
    Refuse,
}

/// Decides what presenting `code` at `now` means, judged as it was before this use.
pub fn judge_code(code: &AuthorizationCodeRecord, now: UnixTime) -> CodeDecision {
    match code.used_at {
        Some(used_at) if (now - used_at).max(0) < DUPLICATE_WINDOW => CodeDecision::Duplicate,
        Some(_) => CodeDecision::Replayed,
        None if now < code.expires_at => CodeDecision::Redeem,
        None => CodeDecision::Refuse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RefreshDecision::*;

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

    fn rotated(seconds_ago: i64) -> RefreshTokenRecord {
        RefreshTokenRecord {
            rotated_at: Some(NOW - seconds_ago),
            ..token()
        }
    }

    /// The decision for `t` under a policy that rotates (or not), with this leeway and, for
    /// expiring clients, this new idle expiry.
    fn decision(
        t: &RefreshTokenRecord,
        rotate: bool,
        leeway: i64,
        idle: Option<i64>,
    ) -> RefreshDecision {
        let next = token();
        let attempt = RefreshAttempt {
            now: NOW,
            leeway,
            replacement: rotate.then_some(&next),
            new_idle_expiry: idle,
        };
        decide(t, &attempt)
    }

    #[test]
    fn a_revoked_token_is_refused_even_inside_the_leeway() {
        let t = RefreshTokenRecord {
            revoked_at: Some(NOW - 1),
            ..rotated(1)
        };
        assert_eq!(decision(&t, true, 60, None), Refuse);
    }

    #[test]
    fn expiry_of_the_family_or_of_idleness_refuses_from_that_second_on() {
        let family = RefreshTokenRecord {
            family_expires_at: Some(NOW),
            ..token()
        };
        let idle = RefreshTokenRecord {
            idle_expires_at: Some(NOW),
            ..rotated(500)
        };
        for t in [family, idle] {
            assert!(!alive(&t, NOW) && alive(&t, NOW - 1));
            // expired is not a replay, even for a token rotated long ago
            assert_eq!(decision(&t, true, 0, None), Refuse);
        }
    }

    #[test]
    fn a_live_unrotated_token_rotates_when_the_client_rotates() {
        assert_eq!(decision(&token(), true, 0, None), Rotate);
        // the replacement carries the new idle expiry; the spent token needs none
        assert_eq!(decision(&token(), true, 0, Some(NOW + 50)), Rotate);
    }

    #[test]
    fn a_rotated_token_is_a_replay_once_the_leeway_is_over() {
        assert_eq!(decision(&rotated(10), true, 10, None), RevokeFamily);
        assert_eq!(
            decision(&rotated(10), false, 5, Some(NOW + 50)),
            RevokeFamily
        );
        // without leeway, a replay from the end of the duplicate window on
        assert_eq!(
            decision(&rotated(DUPLICATE_WINDOW), true, 0, None),
            RevokeFamily
        );
        assert_eq!(decision(&rotated(500), true, 0, None), RevokeFamily);
        // inside it, the client's retry gets another replacement
        assert_eq!(decision(&rotated(9), true, 10, None), RotateAgain);
        assert_eq!(decision(&rotated(0), true, 10, None), RotateAgain);
    }

    #[test]
    fn a_duplicate_of_the_rotating_request_is_refused_without_revoking() {
        // Auth0's default leeway of 0: the same token sent twice at once
        for since in 0..DUPLICATE_WINDOW {
            assert_eq!(decision(&rotated(since), true, 0, None), RefuseDuplicate);
            assert_eq!(decision(&rotated(since), false, 0, None), RefuseDuplicate);
        }
        // a leeway shorter than the window: accepted inside it, a duplicate after
        assert_eq!(decision(&rotated(0), true, 1, None), RotateAgain);
        assert_eq!(decision(&rotated(1), true, 1, None), RefuseDuplicate);
        // a rotation "in the future" (another instance's clock ahead) is not old
        assert_eq!(decision(&rotated(-30), true, 0, None), RefuseDuplicate);
        // revoked stays refused
        let revoked = RefreshTokenRecord {
            revoked_at: Some(NOW),
            ..rotated(0)
        };
        assert_eq!(decision(&revoked, true, 0, None), Refuse);
    }

    #[test]
    fn without_rotation_a_live_token_is_accepted_and_an_expiring_one_extended() {
        let idle = Some(NOW + 50);
        assert_eq!(decision(&token(), false, 0, idle), ExtendIdle(NOW + 50));
        assert_eq!(decision(&rotated(1), false, 10, idle), ExtendIdle(NOW + 50));
        assert_eq!(decision(&token(), false, 0, None), Accept);
        assert_eq!(decision(&rotated(1), false, 10, None), Accept);
    }

    #[test]
    fn a_code_is_redeemed_once_until_it_expires_and_replayed_after() {
        let code = |expires_at, used_at| AuthorizationCodeRecord {
            code_hash: vec![2],
            client_id: "app".into(),
            user_id: "email|1".into(),
            redirect_uri: "https://app.example/cb".into(),
            scope: "openid".into(),
            audience: None,
            nonce: None,
            code_challenge: None,
            auth_time: NOW - 10,
            expires_at,
            used_at,
            refresh_family_id: None,
        };
        assert_eq!(judge_code(&code(NOW + 1, None), NOW), CodeDecision::Redeem);
        assert_eq!(judge_code(&code(NOW, None), NOW), CodeDecision::Refuse);
        // used, expired or not
        assert_eq!(
            judge_code(&code(NOW + 60, Some(NOW - DUPLICATE_WINDOW)), NOW),
            CodeDecision::Replayed
        );
        assert_eq!(
            judge_code(&code(NOW - 1, Some(NOW - 5)), NOW),
            CodeDecision::Replayed
        );
        // used just now: a duplicate of the request that used it
        for since in 0..DUPLICATE_WINDOW {
            assert_eq!(
                judge_code(&code(NOW + 60, Some(NOW - since)), NOW),
                CodeDecision::Duplicate
            );
        }
        assert_eq!(
            judge_code(&code(NOW + 60, Some(NOW + 5)), NOW),
            CodeDecision::Duplicate,
            "a use stamped by a clock ahead of ours is recent, not old"
        );
    }
}
