//! Rate limits: fixed-window counters kept in the store, so every instance on one database
//! counts together. Also the trusted-proxy ranges that decide which address a request
//! really comes from.

use std::net::IpAddr;

use serde::Deserialize;

pub use super::error::{LimitKind, Limited};
use super::ports::Store;
use super::validation::FieldError;
use super::{DomainError, UnixTime};

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
        if !(0..=3600).contains(&self.start_min_gap) {
            return Err(FieldError::labelled(
                "start_min_gap",
                "must be 0 to 3600 seconds",
            ));
        }
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

fn limited(kind: LimitKind, rule: Rule, now: UnixTime) -> DomainError {
    let reset_at = window_start(rule, now) + rule.window;
    DomainError::RateLimited(Limited {
        kind,
        limit: rule.limit,
        reset_at,
        retry_after: (reset_at - now).max(1),
    })
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
    /// Counts one event and refuses it when the window is full.
    pub async fn hit(&self, store: &dyn Store, now: UnixTime) -> Result<(), DomainError> {
        let start = window_start(self.rule, now);
        let count = store
            .hit_counter(self.bucket, self.key, start, start + self.rule.window)
            .await?;
        if count > self.rule.limit {
            return Err(limited(self.kind, self.rule, now));
        }
        Ok(())
    }

    /// Refuses when the window is already full, without counting.
    pub async fn check(&self, store: &dyn Store, now: UnixTime) -> Result<(), DomainError> {
        let start = window_start(self.rule, now);
        if store.counter(self.bucket, self.key, start).await? >= self.rule.limit {
            return Err(limited(self.kind, self.rule, now));
        }
        Ok(())
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
/// have been written by the client).
pub fn client_ip(socket: IpAddr, forwarded_for: Option<&str>, trusted: &[Cidr]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|c| c.contains(ip));
    if !is_trusted(socket) {
        return socket;
    }
    let mut last = socket;
    for entry in forwarded_for.unwrap_or("").rsplit(',') {
        let Ok(ip) = entry.trim().parse::<IpAddr>() else {
            // A garbled hop: trust nothing further left.
            return last;
        };
        if !is_trusted(ip) {
            return ip;
        }
        last = ip;
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
        let cases = [
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
            assert_eq!(
                client_ip(ip(socket), xff, &proxies),
                ip(want),
                "{socket} {xff:?}"
            );
        }
        assert_eq!(
            client_ip(ip("10.0.0.1"), Some("1.2.3.4"), &[]),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn defaults_are_valid_and_bad_values_name_their_key() {
        assert!(RateLimits::default().validate().is_ok());
        let bad = RateLimits {
            start_per_ip: Rule {
                limit: 0,
                window: 60,
            },
            ..Default::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .starts_with("start_per_ip")
        );
        let bad = RateLimits {
            trusted_proxies: vec!["x".into()],
            ..Default::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .starts_with("trusted_proxies[0]")
        );
    }
}
