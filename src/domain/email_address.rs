//! Email addresses as login identifiers: the syntax accepted, the stored (lower-cased) form,
//! and the local part Auth0 uses as an email user's nickname.

use super::DomainError;

/// RFC 5321's limit on a forward path, less the angle brackets.
const MAX_ADDRESS_LEN: usize = 254;

/// Checks and normalises an email address: syntax per RFC 5322 (without display names or
/// IP literals), a dotted domain, lower-cased as Auth0 stores it.
pub fn parse_address(input: &str) -> Result<String, DomainError> {
    let bad = || DomainError::bad_start("bad.email", "The email address is not valid");
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(DomainError::bad_start(
            "bad.email",
            "Missing required property: email",
        ));
    }
    if trimmed.len() > MAX_ADDRESS_LEN {
        return Err(bad());
    }
    let options = email_address::Options::default()
        .with_required_tld()
        .without_display_text()
        .without_domain_literal();
    email_address::EmailAddress::parse_with_options(trimmed, options).map_err(|_| bad())?;
    Ok(trimmed.to_lowercase())
}

/// The local part of an address, Auth0's `nickname` for an email user.
pub fn local_part(address: &str) -> &str {
    address.split_once('@').map(|(l, _)| l).unwrap_or(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_lower_cased() {
        assert_eq!(
            parse_address(" Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@localhost",
            "Ana <ana@example.com>",
            "ana@[127.0.0.1]",
            "a b@example.com",
        ] {
            assert!(parse_address(bad).is_err(), "{bad}");
        }
        assert!(parse_address(&format!("{}@example.com", "a".repeat(250))).is_err());
        assert_eq!(local_part("ana.lopez@example.com"), "ana.lopez");
    }
}
