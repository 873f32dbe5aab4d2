//! OAuth scopes: parsing (order kept, duplicates dropped) and narrowing, as a refresh
//! token's or a client grant's scope limits what a request may ask for.

/// A space-separated OAuth scope, order kept, duplicates dropped.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scope(Vec<String>);

impl Scope {
    pub fn parse(s: &str) -> Self {
        let mut v: Vec<String> = Vec::new();
        for part in s.split_whitespace() {
            if !v.iter().any(|p| p == part) {
                v.push(part.to_string());
            }
        }
        Self(v)
    }
    pub fn has(&self, s: &str) -> bool {
        self.0.iter().any(|p| p == s)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn is_subset_of(&self, other: &Scope) -> bool {
        self.0.iter().all(|s| other.has(s))
    }

    /// The scopes `keep` accepts, order kept.
    pub fn filter(&self, keep: impl Fn(&str) -> bool) -> Scope {
        Self(self.0.iter().filter(|s| keep(s)).cloned().collect())
    }

    /// What a request for `requested` gets from this granted scope: all of it when the
    /// request names none, the request itself when it asks for no more, else `None` (a
    /// request can narrow a grant, never widen it).
    pub fn narrow(&self, requested: Option<&str>) -> Option<Scope> {
        match requested.map(Scope::parse) {
            Some(s) if !s.is_empty() => s.is_subset_of(self).then_some(s),
            _ => Some(self.clone()),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_parse_and_compare() {
        let s = Scope::parse("openid  profile openid offline_access");
        assert_eq!(s.to_string(), "openid profile offline_access");
        assert!(Scope::parse("openid").is_subset_of(&s));
        assert!(!Scope::parse("openid email").is_subset_of(&s));
        assert!(Scope::parse("").is_empty());
    }

    #[test]
    fn a_request_narrows_a_grant_and_never_widens_it() {
        let granted = Scope::parse("openid profile offline_access");
        assert_eq!(granted.narrow(None), Some(granted.clone()));
        assert_eq!(granted.narrow(Some("")), Some(granted.clone()));
        assert_eq!(granted.narrow(Some("  ")), Some(granted.clone()));
        // order and repeats do not matter; what is returned is what was asked for
        assert_eq!(
            granted.narrow(Some("profile openid profile")),
            Some(Scope::parse("profile openid"))
        );
        assert_eq!(granted.narrow(Some("openid email")), None);
        assert_eq!(
            granted.narrow(Some("OPENID")),
            None,
            "scopes are case-sensitive"
        );
        assert_eq!(Scope::parse("").narrow(Some("openid")), None);
    }
}
