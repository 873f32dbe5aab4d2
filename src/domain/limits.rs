//! Rate limits: fixed-window counters kept in the store, so every instance on one database
//! counts together. A limit is counted and judged in one store operation (an atomic hit, or a
//! tally over locked counters), never read first and counted later. Also the trusted-proxy
//! ranges that decide which address a request really comes from, and the address a limit is
//! keyed on.
//!
//! Over 400 lines only with its unit tests (the last ~150).

use std::net::{IpAddr, Ipv6Addr};

use serde::Deserialize;

pub use super::error::{LimitKind, Limited};
use super::model::CounterCell;
use super::ports::Store;
use super::validation::{FieldError, in_range};
use super::{DomainError, UnixTime};

/// The counters of codes sent to one recipient (`start_per_recipient`, `start_min_gap`).
pub const RECIPIENT_BUCKET: &str = "start:recipient";

/// At most `limit` events per `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub limit: i64,
    pub window: i64,
}

/// Server-wide limits, on by default (`[rate_limits]` in the configuration).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    pub enabled: bool,
    /// Proxies whose `X-Forwarded-For` is believed (CIDR ranges or single addresses).
    pub trusted_proxies: Vec<String>,
    /// `/passwordless/start` per client IP (Auth0: 50 an hour).
    pub start_per_ip: Rule,
    /// Codes sent to one phone number per window.
    pub start_per_recipient: Rule,
    /// Seconds that must pass between two codes to one phone number.
    pub start_min_gap: i64,
    /// `/passwordless/start` per application.
    pub start_per_client: Rule,
    /// Wrong codes for one recipient, across codes, before logins are locked for the window.
    pub wrong_codes_per_recipient: Rule,
    /// `/oauth/token` and `/oauth/ro` per client IP.
    pub token_per_ip: Rule,
    /// Passkey sign-in starts (`/passkey/challenge`, the login page's) per client IP.
    pub passkey_per_ip: Rule,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            enabled: true,
            trusted_proxies: Vec::new(),
            start_per_ip: Rule {
                limit: 50,
                window: 3600,
            },
            start_per_recipient: Rule {
                limit: 5,
                window: 900,
            },
            start_min_gap: 30,
            start_per_client: Rule {
                limit: 10_000,
                window: 3600,
            },
            wrong_codes_per_recipient: Rule {
                limit: 10,
                window: 3600,
            },
            token_per_ip: Rule {
                limit: 300,
                window: 60,
            },
            passkey_per_ip: Rule {
                limit: 100,
                window: 60,
            },
        }
    }
}

impl RateLimits {
    /// Checks every value; the error names the key.
    pub fn validate(&self) -> Result<(), FieldError> {
        for (name, rule) in [
            ("start_per_ip", self.start_per_ip),
            ("start_per_recipient", self.start_per_recipient),
            ("start_per_client", self.start_per_client),
            ("wrong_codes_per_recipient", self.wrong_codes_per_recipient),
            ("token_per_ip", self.token_per_ip),
            ("passkey_per_ip", self.passkey_per_ip),
        ] {
            if rule.limit < 1 || !(1..=86_400).contains(&rule.window) {
                return Err(FieldError::labelled(
                    name,
                    "limit must be at least 1 and window 1 to 86400 seconds",
                ));
            }
        }
        in_range("start_min_gap", self.start_min_gap, 0..=3600, "seconds")?;
        for (i, p) in self.trusted_proxies.iter().enumerate() {
            Cidr::parse(p).ok_or_else(|| {
                FieldError::labelled(
                    format!("trusted_proxies[{i}]"),
                    format!("{p:?} is not an address or CIDR range"),
                )
            })?;
        }
        Ok(())
    }

    pub fn proxies(&self) -> Vec<Cidr> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| Cidr::parse(p))
            .collect()
    }
}

fn window_start(rule: Rule, now: UnixTime) -> UnixTime {
    now - now.rem_euclid(rule.window)
}

/// The refusal of an event over `rule` at `now`: when its window resets.
pub fn refusal(kind: LimitKind, rule: Rule, now: UnixTime) -> Limited {
    let reset_at = window_start(rule, now) + rule.window;
    Limited {
        kind,
        limit: rule.limit,
        reset_at,
        retry_after: (reset_at - now).max(1),
    }
}

/// The counter of `(bucket, key)` in the window of `rule` that holds `now`.
pub fn window_cell(bucket: &str, key: &str, rule: Rule, now: UnixTime) -> CounterCell {
    let start = window_start(rule, now);
    CounterCell {
        bucket: bucket.into(),
        key: key.into(),
        window_start: start,
        expires_at: start + rule.window,
    }
}

/// A fixed-window rule on a counter that holds `count` events: the count with this event,
/// or the refusal.
pub fn count_in_window(
    kind: LimitKind,
    rule: Rule,
    count: i64,
    now: UnixTime,
) -> Result<i64, Limited> {
    if count >= rule.limit {
        return Err(refusal(kind, rule, now));
    }
    Ok(count + 1)
}

/// The cell that holds the time of the last event of `(bucket, key)`, for a minimum gap of
/// `gap` seconds between two events (kept as long as it can refuse one).
pub fn gap_cell(bucket: &str, key: &str, gap: i64, now: UnixTime) -> CounterCell {
    CounterCell {
        bucket: bucket.into(),
        key: key.into(),
        window_start: 0,
        expires_at: now + gap,
    }
}

/// A minimum gap between two events, the last of which was at `last` (0: none yet): the
/// new last time, or the refusal until the gap has passed.
pub fn after_gap(gap: i64, last: UnixTime, now: UnixTime) -> Result<UnixTime, Limited> {
    if last > 0 && now - last < gap {
        return Err(Limited {
            kind: LimitKind::Requests,
            limit: 1,
            reset_at: last + gap,
            retry_after: (last + gap - now).max(1),
        });
    }
    Ok(now)
}

/// One fixed-window counter: which limit it is, where it is kept (`bucket` and `key`), and
/// its rule.
#[derive(Debug, Clone, Copy)]
pub struct Counter<'a> {
    pub kind: LimitKind,
    pub bucket: &'a str,
    pub key: &'a str,
    pub rule: Rule,
}

impl Counter<'_> {
    /// Counts one event and refuses it when the window is full: the store's increment is
    /// atomic and returns the new count, so racing events each see their own.
    pub async fn hit(&self, store: &dyn Store, now: UnixTime) -> Result<(), DomainError> {
        let start = window_start(self.rule, now);
        let count = store
            .hit_counter(self.bucket, self.key, start, start + self.rule.window)
            .await?;
        if count > self.rule.limit {
            super::measures::rate_limited(self.bucket);
            return Err(DomainError::RateLimited(refusal(self.kind, self.rule, now)));
        }
        Ok(())
    }
}

/// The key a per-address limit counts under: the address itself for IPv4 (an IPv4-mapped
/// IPv6 address is its IPv4 address), and the /64 network for IPv6, since one subscriber is
/// normally given a whole /64 and can pick any address in it.
pub fn address_key(ip: IpAddr) -> String {
    match ip.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1));
            format!("{network}/64")
        }
    }
}

/// An address range such as `10.0.0.0/8`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self {
            network: addr,
            prefix,
        })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        fn masked(bits: u128, width: u32, prefix: u8) -> u128 {
            if prefix == 0 {
                0
            } else {
                bits >> (width - u32::from(prefix))
            }
        }
        match (self.network, ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                masked(u128::from(u32::from(n)), 32, self.prefix)
                    == masked(u128::from(u32::from(i)), 32, self.prefix)
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                masked(u128::from(n), 128, self.prefix) == masked(u128::from(i), 128, self.prefix)
            }
            (IpAddr::V6(n), IpAddr::V4(i)) => n.to_ipv4_mapped() == Some(i) && self.prefix == 128,
            (IpAddr::V4(_), IpAddr::V6(i)) => i
                .to_ipv4_mapped()
                .is_some_and(|v4| self.contains(IpAddr::V4(v4))),
        }
    }
}

/// The address a request comes from: the socket's, unless that is a trusted proxy; then the
/// rightmost `X-Forwarded-For` entry that is not a trusted proxy (entries left of it could
/// have been written by the client). `forwarded_for` is every `X-Forwarded-For` header line
/// in the order received: they are one list (RFC 9110 §5.3), and a proxy may append its own
/// line after one the client sent. An IPv4-mapped IPv6 address is taken as its IPv4 address.
pub fn client_ip(socket: IpAddr, forwarded_for: &[&[u8]], trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    let socket = socket.to_canonical();
    if !is_trusted(socket) {
        return socket;
    }
    let mut last = socket;
    for line in forwarded_for.iter().rev() {
        // A line that is not text is a garbled hop: trust nothing further left.
        let Ok(line) = std::str::from_utf8(line) else {
            return last;
        };
        for entry in line.rsplit(',') {
            let Ok(ip) = entry.trim().parse::<IpAddr>() else {
                return last;
            };
            let ip = ip.to_canonical();
            if !is_trusted(ip) {
                return ip;
            }
            last = ip;
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn cidr_ranges_match() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains(ip("10.1.2.3")));
        assert!(!c.contains(ip("11.0.0.1")));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains(ip("8.8.8.8")));
        assert!(Cidr::parse("127.0.0.1").unwrap().contains(ip("127.0.0.1")));
        assert!(!Cidr::parse("127.0.0.1").unwrap().contains(ip("127.0.0.2")));
        assert!(Cidr::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(
            Cidr::parse("10.0.0.0/8")
                .unwrap()
                .contains(ip("::ffff:10.0.0.1"))
        );
        for bad in ["10.0.0.0/33", "nope", "10.0.0.0/", "::/129"] {
            assert!(Cidr::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_rightmost_untrusted_forwarded_address_wins() {
        let proxies = [Cidr::parse("10.0.0.0/8").unwrap()];
        let cases: [(&str, Option<&str>, &str); 7] = [
            // (socket, X-Forwarded-For, expected)
            ("203.0.113.7", Some("1.2.3.4"), "203.0.113.7"), // not from a proxy: header ignored
            ("10.0.0.1", None, "10.0.0.1"),
            ("10.0.0.1", Some("1.2.3.4"), "1.2.3.4"),
            ("10.0.0.1", Some("6.6.6.6, 1.2.3.4"), "1.2.3.4"), // the client wrote 6.6.6.6
            ("10.0.0.1", Some("1.2.3.4, 10.0.0.9"), "1.2.3.4"), // two proxies
            ("10.0.0.1", Some("10.0.0.8, 10.0.0.9"), "10.0.0.8"), // all proxies: the leftmost
            ("10.0.0.1", Some("1.2.3.4, garbage"), "10.0.0.1"),
        ];
        for (socket, xff, want) in cases {
            let lines: Vec<&[u8]> = xff.iter().map(|l: &&str| l.as_bytes()).collect();
            assert_eq!(
                client_ip(ip(socket), &lines, &proxies),
                ip(want),
                "{socket} {xff:?}"
            );
        }
        assert_eq!(
            client_ip(ip("10.0.0.1"), &[b"1.2.3.4"], &[]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn every_forwarded_for_line_counts_in_order() {
        let proxies = [Cidr::parse("10.0.0.0/8").unwrap()];
        let from = |lines: &[&[u8]]| client_ip(ip("10.0.0.1"), lines, &proxies);
        // the client wrote the first line, the proxy appended the second
        assert_eq!(from(&[b"6.6.6.6", b"1.2.3.4"]), ip("1.2.3.4"));
        assert_eq!(from(&[b"6.6.6.6", b"1.2.3.4, 10.0.0.9"]), ip("1.2.3.4"));
        // a second proxy's own line: the entry before it is the client
        assert_eq!(from(&[b"6.6.6.6, 1.2.3.4", b"10.0.0.9"]), ip("1.2.3.4"));
        // a line that is not text stops the walk, as a garbled entry does
        assert_eq!(from(&[b"1.2.3.4", b"\xff"]), ip("10.0.0.1"));
        assert_eq!(from(&[]), ip("10.0.0.1"));
    }

    #[test]
    fn mapped_addresses_are_their_ipv4_address() {
        let proxies = [Cidr::parse("10.0.0.0/8").unwrap()];
        assert_eq!(
            client_ip(ip("::ffff:203.0.113.9"), &[], &proxies),
            ip("203.0.113.9")
        );
        assert_eq!(
            client_ip(ip("::ffff:10.0.0.1"), &[b"::ffff:1.2.3.4"], &proxies),
            ip("1.2.3.4")
        );
    }

    #[test]
    fn limits_key_on_the_ipv4_address_or_the_ipv6_64() {
        assert_eq!(address_key(ip("203.0.113.9")), "203.0.113.9");
        assert_eq!(address_key(ip("::ffff:203.0.113.9")), "203.0.113.9");
        assert_eq!(address_key(ip("2001:db8:1:2:3:4:5:6")), "2001:db8:1:2::/64");
        assert_eq!(address_key(ip("2001:db8:1:2::")), "2001:db8:1:2::/64");
        assert_ne!(address_key(ip("2001:db8:1:3::1")), "2001:db8:1:2::/64");
        assert_eq!(address_key(ip("::1")), "::/64");
    }

    #[test]
    fn window_and_gap_rules() {
        let rule = Rule {
            limit: 2,
            window: 60,
        };
        assert_eq!(count_in_window(LimitKind::Requests, rule, 0, 125), Ok(1));
        assert_eq!(count_in_window(LimitKind::Requests, rule, 1, 125), Ok(2));
        let refused = count_in_window(LimitKind::Attempts, rule, 2, 125).unwrap_err();
        assert_eq!(
            refused,
            Limited {
                kind: LimitKind::Attempts,
                limit: 2,
                reset_at: 180,
                retry_after: 55
            }
        );
        let cell = window_cell("b", "k", rule, 125);
        assert_eq!((cell.window_start, cell.expires_at), (120, 180));
        // the gap: nothing before, a send 29 s ago, one 30 s ago
        assert_eq!(after_gap(30, 0, 1000), Ok(1000));
        let refused = after_gap(30, 971, 1000).unwrap_err();
        assert_eq!((refused.reset_at, refused.retry_after), (1001, 1));
        assert_eq!(after_gap(30, 970, 1000), Ok(1000));
        assert_eq!(after_gap(0, 1000, 1000), Ok(1000));
        assert_eq!(gap_cell("g", "k", 30, 1000).expires_at, 1030);
    }

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_key() {
        assert!(RateLimits::default().validate().is_ok());
        let cases = [
            (
                RateLimits {
                    start_per_ip: Rule {
                        limit: 0,
                        window: 60,
                    },
                    ..Default::default()
                },
                "start_per_ip",
            ),
            (
                RateLimits {
                    trusted_proxies: vec!["x".into()],
                    ..Default::default()
                },
                "trusted_proxies[0]",
            ),
        ];
        for (bad, key) in cases {
            let error = bad.validate().unwrap_err().to_string();
            assert!(error.starts_with(key), "{key}: {error}");
        }
    }
}
