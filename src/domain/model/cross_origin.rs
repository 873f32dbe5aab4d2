//! A client's browser settings in Auth0's names (`web_origins`, `allowed_origins`,
//! `cross_origin_authentication`, `cross_origin_loc`), what an origin may be when saved, and
//! whether a browser's `Origin` matches one (exactly, or by Auth0's one-label wildcard).

use serde::{Deserialize, Serialize};

use super::client::{Client, callback_problem};
use crate::domain::validation::FieldError;

/// Auth0's limit on the URLs of one list.
pub const MAX_ORIGINS: usize = 100;
const MAX_ORIGIN_LEN: usize = 2000;

/// The settings a browser app needs; stored together (one JSON column).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrossOrigin {
    /// Allowed Web Origins: may call the Authentication API and receive `web_message`
    /// answers.
    pub web_origins: Vec<String>,
    /// Allowed Origins (CORS): may call the Authentication API from scripts.
    pub allowed_origins: Vec<String>,
    /// Whether the app may log in with `/co/authenticate` (Auth0's default: off).
    pub cross_origin_authentication: bool,
    /// The app's own page for the cross-origin verification fallback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_origin_loc: Option<String>,
}

impl CrossOrigin {
    /// The settings as they are stored: each origin checked and without its trailing `/`,
    /// `cross_origin_loc` an http(s) URL. The refusal names the list and quotes the value.
    pub fn checked(mut self) -> Result<Self, FieldError> {
        self.web_origins = checked_origins("web_origins", &self.web_origins)?;
        self.allowed_origins = checked_origins("allowed_origins", &self.allowed_origins)?;
        self.cross_origin_loc = self.cross_origin_loc.filter(|l| !l.is_empty());
        if let Some(loc) = &self.cross_origin_loc
            && let Some(why) = location_problem(loc)
        {
            return Err(FieldError::labelled(
                "cross_origin_loc",
                format!("{loc:?} is not an allowed URL: it {why}"),
            ));
        }
        Ok(self)
    }
}

/// Why `loc` cannot be `cross_origin_loc`: it must be a page a browser loads.
pub fn location_problem(loc: &str) -> Option<&'static str> {
    let web = loc
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
        || loc
            .get(..7)
            .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    if !web {
        return Some("must be an https:// URL (http:// only on loopback)");
    }
    callback_problem(loc)
}

fn checked_origins(field: &str, origins: &[String]) -> Result<Vec<String>, FieldError> {
    if origins.len() > MAX_ORIGINS {
        return Err(FieldError::labelled(
            field,
            format!("at most {MAX_ORIGINS} origins"),
        ));
    }
    origins
        .iter()
        .map(|o| {
            normalize_origin(o).map_err(|why| {
                FieldError::labelled(field, format!("{o:?} is not an allowed origin: it {why}"))
            })
        })
        .collect()
}

/// An origin as it is saved (without a trailing `/`), or why it cannot be one: `http` or
/// `https`, a host and an optional port; no path, query, fragment or user info. A `*` may
/// stand in the left-most label of a host name (with a prefix or suffix in that label) when
/// two labels follow it: `https://*.example.com`, never `https://*.com`.
pub fn normalize_origin(origin: &str) -> Result<String, &'static str> {
    let trimmed = origin.strip_suffix('/').unwrap_or(origin);
    parse(trimmed, true)?;
    Ok(trimmed.to_string())
}

/// Whether the browser's `origin` is `pattern` (a saved origin): the same scheme, host and
/// port, scheme and host compared case-insensitively and default ports implied; a `*` in
/// the pattern's first label stands for one label's worth of letters, digits or `-`.
pub fn origin_matches(pattern: &str, origin: &str) -> bool {
    let (Ok(p), Ok(o)) = (parse(pattern, true), parse(origin, false)) else {
        return false;
    };
    if p.scheme != o.scheme || p.port != o.port || p.labels.len() != o.labels.len() {
        return false;
    }
    p.labels.iter().zip(&o.labels).all(|(pl, ol)| {
        match pl.split_once('*') {
            None => pl == ol,
            // The `*` stands for at least one character, so `a-*` is not `a-`.
            Some((prefix, suffix)) => {
                ol.len() > prefix.len() + suffix.len()
                    && ol.starts_with(prefix)
                    && ol.ends_with(suffix)
            }
        }
    })
}

/// The origin of an http(s) URL (a callback's), or `None` for an app's own scheme.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let origin = format!("{scheme}://{authority}");
    parse(&origin, false).ok().map(|_| origin)
}

impl Client {
    /// Whether a browser page on `origin` may call the Authentication API as this client:
    /// its Allowed Origins, its Allowed Web Origins, or the origin of one of its callbacks
    /// (Auth0 allows callback origins without their being listed).
    pub fn allows_origin(&self, origin: &str) -> bool {
        let listed = self
            .cross_origin
            .allowed_origins
            .iter()
            .chain(&self.cross_origin.web_origins)
            .any(|p| origin_matches(p, origin));
        listed
            || self
                .callbacks
                .iter()
                .filter_map(|c| origin_of(c))
                .any(|c| origin_matches(&c, origin))
    }
}

/// An origin taken apart: lower-case scheme and host labels, the port with the scheme's
/// default filled in.
#[derive(Debug, PartialEq)]
struct Parts {
    scheme: String,
    labels: Vec<String>,
    port: u16,
}

fn parse(origin: &str, wildcards: bool) -> Result<Parts, &'static str> {
    if origin.len() > MAX_ORIGIN_LEN {
        return Err("is longer than 2000 characters");
    }
    if origin.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("contains whitespace or control characters");
    }
    let (scheme, rest) = origin
        .split_once("://")
        .ok_or("is not an origin like https://app.example.com")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err("must start with https:// or http://"),
    };
    if rest.contains('@') {
        return Err("must not carry user info");
    }
    if rest.contains(['/', '?', '#']) {
        return Err("must have no path, query or fragment (only scheme, host and port)");
    }
    let (host, port) = if let Some(v6) = rest.strip_prefix('[') {
        let (addr, after) = v6.split_once(']').ok_or("has a malformed IPv6 address")?;
        if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return Err("has a malformed IPv6 address");
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("has a malformed port")?),
        };
        (format!("[{}]", addr.to_ascii_lowercase()), port)
    } else {
        match rest.split_once(':') {
            Some((h, p)) => (h.to_ascii_lowercase(), Some(p)),
            None => (rest.to_ascii_lowercase(), None),
        }
    };
    let port = match port {
        None => default_port,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or("has a port out of range")?,
        Some(_) => return Err("has a malformed port"),
    };
    if host.starts_with('[') {
        return Ok(Parts {
            scheme,
            labels: vec![host],
            port,
        });
    }
    let labels: Vec<String> = host.split('.').map(str::to_string).collect();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if host.is_empty() {
        return Err("has no host");
    }
    let Some((first, after)) = labels.split_first() else {
        return Err("has no host");
    };
    if let Some((prefix, suffix)) = first.split_once('*') {
        if !wildcards {
            return Err("has a malformed host");
        }
        if suffix.contains('*') || after.iter().any(|l| l.contains('*')) {
            return Err("may have one * only, in the left-most label of its host");
        }
        if (!prefix.is_empty() && !label_ok(prefix)) || (!suffix.is_empty() && !label_ok(suffix)) {
            return Err("has a malformed host");
        }
        // `*.com` would be every site under a top-level domain; a numeric last label is an
        // IP address, which has no subdomains.
        let named = after
            .last()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()));
        if after.len() < 2 || !named {
            return Err("may use * only with two labels after it, like https://*.example.com");
        }
    } else if !label_ok(first) {
        return Err("has a malformed host");
    }
    if after.iter().any(|l| !label_ok(l)) {
        return Err("has a malformed host");
    }
    Ok(Parts {
        scheme,
        labels,
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port() {
        for (typed, saved) in [
            ("https://app.example.com", "https://app.example.com"),
            ("https://app.example.com/", "https://app.example.com"),
            ("http://localhost:3000", "http://localhost:3000"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("https://[::1]:8443", "https://[::1]:8443"),
            ("HTTPS://App.Example.com", "HTTPS://App.Example.com"),
            ("https://*.example.com", "https://*.example.com"),
            (
                "https://prefix-*-suffix.example.com:8443",
                "https://prefix-*-suffix.example.com:8443",
            ),
            ("https://pr-*.example.co.uk", "https://pr-*.example.co.uk"),
        ] {
            assert_eq!(normalize_origin(typed).as_deref(), Ok(saved), "{typed}");
        }
    }

    #[test]
    fn paths_queries_user_info_other_schemes_and_wide_wildcards_are_refused() {
        for bad in [
            "https://app.example.com/callback",
            "https://app.example.com//",
            "https://app.example.com?x=1",
            "https://app.example.com#top",
            "https://user:pw@app.example.com",
            "https://user@app.example.com",
            "ftp://app.example.com",
            "javascript://app.example.com",
            "app.example.com",
            "https://",
            "https://:443",
            "https://app.example.com:",
            "https://app.example.com:0",
            "https://app.example.com:65536",
            "https://app.example.com:80a",
            "https://app..example.com",
            "https://app.example.com.",
            "https://*",
            "https://*.com",
            "https://*.localhost",
            "https://*.0.0.1",
            "https://*.*.example.com",
            "https://sub.*.example.com",
            "https://a*b*.example.com",
            "https://app.*",
            "https://app.example.com/*",
            "https://ap p.example.com",
            "null",
            "",
        ] {
            assert!(normalize_origin(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn an_origin_matches_itself_case_insensitively_with_default_ports_implied() {
        assert!(origin_matches(
            "https://app.example.com",
            "https://app.example.com"
        ));
        assert!(origin_matches(
            "HTTPS://App.Example.COM",
            "https://app.example.com"
        ));
        assert!(origin_matches(
            "https://app.example.com:443",
            "https://app.example.com"
        ));
        assert!(origin_matches(
            "http://localhost:3000",
            "http://localhost:3000"
        ));
        assert!(origin_matches("https://[::1]:8443", "https://[::1]:8443"));
    }

    #[test]
    fn look_alikes_other_schemes_and_ports_do_not_match() {
        let p = "https://example.com";
        for other in [
            "https://example.com.evil.test",
            "https://evilexample.com",
            "https://evil-example.com",
            "https://sub.example.com",
            "http://example.com",
            "https://example.com:8443",
            "https://example.co",
            "null",
            "",
            "https://example.com/",
            "https://user@example.com",
        ] {
            assert!(!origin_matches(p, other), "{other:?} matched {p}");
        }
        assert!(!origin_matches(
            "http://localhost:3000",
            "http://localhost:3001"
        ));
        assert!(!origin_matches("http://localhost:3000", "http://localhost"));
    }

    #[test]
    fn a_wildcard_stands_for_exactly_one_label() {
        let p = "https://*.example.com";
        assert!(origin_matches(p, "https://a.example.com"));
        assert!(origin_matches(p, "https://A-1.Example.com"));
        for other in [
            "https://example.com",
            "https://a.b.example.com",
            "https://a.example.com.evil.test",
            "https://a.evilexample.com",
            "http://a.example.com",
            "https://a.example.com:8443",
            "https://*.example.com",
            "null",
        ] {
            assert!(!origin_matches(p, other), "{other:?} matched {p}");
        }
        let affixed = "https://pr-*-x.example.com";
        assert!(origin_matches(affixed, "https://pr-42-x.example.com"));
        assert!(!origin_matches(affixed, "https://pr--x.example.com"));
        assert!(!origin_matches(affixed, "https://pr-42.example.com"));
        assert!(!origin_matches(affixed, "https://xpr-42-x.example.com"));
    }

    #[test]
    fn a_client_allows_its_lists_and_its_callbacks_origins() {
        let mut client = Client::sample();
        client.cross_origin.allowed_origins = vec!["https://*.spa.example".into()];
        client.cross_origin.web_origins = vec!["http://localhost:3000".into()];
        assert!(client.allows_origin("https://app.example"));
        assert!(client.allows_origin("https://a.spa.example"));
        assert!(client.allows_origin("http://localhost:3000"));
        assert!(!client.allows_origin("https://app.example.evil.test"));
        assert!(!client.allows_origin("http://app.example"));
        assert!(!client.allows_origin("com.example.app://cb"));
        assert!(!client.allows_origin("null"));
        assert_eq!(
            origin_of("https://App.example:8443/cb?x#y").as_deref(),
            Some("https://App.example:8443")
        );
        assert_eq!(origin_of("com.example.app://cb"), None);
    }

    #[test]
    fn saving_strips_slashes_and_names_the_refused_list() {
        let saved = CrossOrigin {
            web_origins: vec!["https://a.example/".into()],
            cross_origin_loc: Some(String::new()),
            ..Default::default()
        }
        .checked();
        assert_eq!(
            saved.map(|s| (s.web_origins, s.cross_origin_loc)),
            Ok((vec!["https://a.example".to_string()], None))
        );
        let refused = CrossOrigin {
            allowed_origins: vec!["https://a.example".into(), "https://*.com".into()],
            ..Default::default()
        }
        .checked()
        .unwrap_err();
        assert_eq!(refused.field, "allowed_origins");
        assert!(
            refused
                .to_string()
                .starts_with("allowed_origins: \"https://*.com\""),
            "{refused}"
        );
        let loc = CrossOrigin {
            cross_origin_loc: Some("com.example.app://x".into()),
            ..Default::default()
        }
        .checked()
        .unwrap_err();
        assert_eq!(loc.field, "cross_origin_loc");
    }
}
