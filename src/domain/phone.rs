//! Phone numbers as Auth0 accepts them (`+` and 1 to 15 digits, E.164), and what
//! libphonenumber's metadata says about them: whether they can exist, their country and the
//! kind of line (used by the pumping protection).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use super::DomainError;

/// What libphonenumber said about a number string: its E.164 form (`None`: it does not parse)
/// and its ISO region. A login reads its number five to eight times (the start's check, the
/// route, the metrics, the log entries, the code's use), and placing a number in its region
/// tries the patterns of every region of a shared calling code (+1 has 25): re-parsing was a
/// tenth of a login's CPU. So the answers for the numbers seen lately are kept; they depend on
/// nothing but the string and the compiled-in metadata.
struct Known {
    e164: Option<String>,
    region: Option<String>,
}

/// Numbers kept at most; the memo starts over when full (a burst of new numbers costs a
/// parse each, as it did without the memo).
const KNOWN_MAX: usize = 4096;

/// The longest string kept: `+` and 15 digits, with room for what [`region_of`] is given.
const KNOWN_LONGEST: usize = 24;

static KNOWN: LazyLock<Mutex<HashMap<String, Arc<Known>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn known(input: &str) -> Arc<Known> {
    if input.len() > KNOWN_LONGEST {
        return Arc::new(look_up(input));
    }
    if let Some(known) = KNOWN
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(input)
    {
        return known.clone();
    }
    let known = Arc::new(look_up(input));
    let mut memo = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    if memo.len() >= KNOWN_MAX {
        memo.clear();
    }
    memo.insert(input.to_string(), known.clone());
    known
}

fn look_up(input: &str) -> Known {
    match phonenumber::parse(None, input) {
        Ok(number) => Known {
            e164: Some(number.format().mode(phonenumber::Mode::E164).to_string()),
            region: number.country().id().map(|id| id.as_ref().to_string()),
        },
        Err(_) => Known {
            e164: None,
            region: None,
        },
    }
}

/// The ISO region (`US`, `CA`, `FR`) libphonenumber places `e164` in, if any.
pub fn region_of(e164: &str) -> Option<String> {
    known(e164).region.clone()
}

/// The pattern Auth0 names in its error text.
pub const E164_PATTERN: &str = r"^\+[0-9]{1,15}$";

/// Checks `input` and returns it in E.164 form.
pub fn parse_e164(input: &str) -> Result<String, DomainError> {
    let digits = input.strip_prefix('+').unwrap_or("");
    let shaped = input.starts_with('+')
        && (1..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit());
    if !shaped {
        return Err(DomainError::bad_start(
            "bad.phone_number",
            format!("String does not match pattern: {E164_PATTERN}"),
        ));
    }
    known(input).e164.clone().ok_or_else(|| unassignable(input))
}

/// A number typed on the login page: international (`+…`) as it is, or national with the
/// chosen country (ISO region such as `FR`), in E.164. `None` if it cannot be read.
pub fn from_national(region: &str, input: &str) -> Option<String> {
    let input = input.trim();
    if input.starts_with('+') {
        let compact: String = input
            .chars()
            .filter(|c| *c == '+' || c.is_ascii_digit())
            .collect();
        return parse_e164(&compact).ok();
    }
    let id = region.parse::<phonenumber::country::Id>().ok()?;
    let parsed = phonenumber::parse(Some(id), input).ok()?;
    Some(parsed.format().mode(phonenumber::Mode::E164).to_string())
}

/// A country a login page offers: ISO region, calling code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingCode {
    pub region: String,
    pub code: u16,
}

/// Every country libphonenumber knows, by region code.
pub fn calling_codes() -> &'static [CallingCode] {
    static LIST: std::sync::OnceLock<Vec<CallingCode>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut list: Vec<CallingCode> = phonenumber::metadata::DATABASE
            .iter()
            .filter(|m| m.id().len() == 2 && m.id().bytes().all(|b| b.is_ascii_uppercase()))
            .map(|m| CallingCode {
                region: m.id().to_string(),
                code: m.country_code(),
            })
            .collect();
        list.sort_by(|a, b| a.region.cmp(&b.region));
        list.dedup_by(|a, b| a.region == b.region);
        list
    })
}

/// The answer for a number that cannot exist.
pub fn unassignable(number: &str) -> DomainError {
    DomainError::bad_start(
        "bad.phone_number",
        format!("The phone number {number} is not a valid phone number"),
    )
}

/// What kind of line a number is, in the names the configuration uses.
pub fn number_type_name(t: phonenumber::Type) -> &'static str {
    use phonenumber::Type::*;
    match t {
        FixedLine => "fixed_line",
        Mobile => "mobile",
        FixedLineOrMobile => "fixed_line_or_mobile",
        TollFree => "toll_free",
        PremiumRate => "premium_rate",
        SharedCost => "shared_cost",
        PersonalNumber => "personal_number",
        Voip => "voip",
        Pager => "pager",
        Uan => "uan",
        Emergency => "emergency",
        Voicemail => "voicemail",
        ShortCode => "short_code",
        StandardRate => "standard_rate",
        Carrier => "carrier",
        NoInternational => "no_international",
        Unknown => "unknown",
    }
}

/// Every name [`number_type_name`] can return.
pub const NUMBER_TYPES: &[&str] = &[
    "fixed_line",
    "mobile",
    "fixed_line_or_mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "emergency",
    "voicemail",
    "short_code",
    "standard_rate",
    "carrier",
    "no_international",
    "unknown",
];

/// What libphonenumber's metadata says about an E.164 number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    /// The country calling code (1, 44, …); 0 when the number does not parse.
    pub country: u16,
    /// The kind of line, as [`number_type_name`] names it.
    pub kind: &'static str,
    /// Whether the number can exist: its country code and range are assigned.
    pub assignable: bool,
}

/// Parses the number once and says all of the above.
pub fn classify(e164: &str) -> Classification {
    match phonenumber::parse(None, e164) {
        Ok(n) => Classification {
            country: n.code().value(),
            kind: number_type_name(n.number_type(&phonenumber::metadata::DATABASE)),
            assignable: phonenumber::is_valid(&n),
        },
        Err(_) => Classification {
            country: 0,
            kind: "unknown",
            assignable: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_become_e164() {
        assert_eq!(
            from_national("US", "(415) 555-2671").as_deref(),
            Some("+14155552671")
        );
        assert_eq!(
            from_national("FR", "06 12 34 56 78").as_deref(),
            Some("+33612345678")
        );
        assert_eq!(
            from_national("FR", "+1 415 555 2671").as_deref(),
            Some("+14155552671")
        );
        assert_eq!(from_national("ZZ", "0612345678"), None);
        assert_eq!(from_national("US", "hello"), None);
        let codes = calling_codes();
        assert!(codes.len() > 200, "{}", codes.len());
        assert!(codes.contains(&CallingCode {
            region: "FR".into(),
            code: 33
        }));
    }

    /// The memo's answers are libphonenumber's, asked again or not, and it stays bounded.
    #[test]
    fn the_memo_answers_as_libphonenumber_does() {
        assert_eq!(region_of("+16135550123").as_deref(), Some("CA"));
        assert_eq!(region_of("+14155552671").as_deref(), Some("US"));
        for number in [
            "+14155552671",
            "+16135550123",
            "+33612345678",
            "+442071838750",
            "+999123",
            "nope",
            "+1234567890123456789012345",
        ] {
            for _ in 0..2 {
                let fresh = look_up(number);
                assert_eq!(region_of(number), fresh.region, "{number}");
                assert_eq!(known(number).e164, fresh.e164, "{number}");
            }
        }
        for i in 0..KNOWN_MAX + 10 {
            let number = format!("+3361234{i:04}");
            assert_eq!(known(&number).e164, look_up(&number).e164);
        }
        let kept = KNOWN.lock().unwrap_or_else(PoisonError::into_inner).len();
        assert!(kept <= KNOWN_MAX, "{kept}");
    }

    use proptest::prelude::*;

    fn code_of(e: DomainError) -> (&'static str, String) {
        match e {
            DomainError::BadStartRequest { code, description } => (code, description),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn accepts_real_numbers() {
        assert_eq!(parse_e164("+14155552671").unwrap(), "+14155552671");
        assert_eq!(parse_e164("+447400123456").unwrap(), "+447400123456");
        assert_eq!(parse_e164("+33612345678").unwrap(), "+33612345678");
    }

    #[test]
    fn refuses_what_auth0_refuses_with_its_text() {
        for bad in [
            "",
            "14155552671",
            "+",
            "+1 415 555 2671",
            "+1415555267123456",
            "+1415abc",
        ] {
            let (code, text) = code_of(parse_e164(bad).unwrap_err());
            assert_eq!(code, "bad.phone_number");
            assert_eq!(text, r"String does not match pattern: ^\+[0-9]{1,15}$");
        }
    }

    #[test]
    fn knows_which_numbers_cannot_exist() {
        assert_eq!(parse_e164("+10005550100").unwrap(), "+10005550100");
        assert!(!classify("+10005550100").assignable);
        assert!(classify("+14155552671").assignable);
        let (code, text) = code_of(parse_e164("+999123").unwrap_err());
        assert_eq!(code, "bad.phone_number");
        assert!(text.contains("not a valid phone number"));
    }

    #[test]
    fn numbers_are_classified() {
        let us = classify("+14155552671");
        assert_eq!((us.country, us.kind), (1, "fixed_line_or_mobile"));
        let uk = classify("+447400123456");
        assert_eq!((uk.country, uk.kind), (44, "mobile"));
        assert_eq!(classify("+19005550100").kind, "premium_rate");
        assert!(!classify("+999").assignable);
    }

    proptest! {
        #[test]
        fn never_panics_and_valid_output_is_e164(s in "\\PC{0,24}") {
            if let Ok(n) = parse_e164(&s) {
                prop_assert!(n.starts_with('+'));
                prop_assert!(n[1..].bytes().all(|b| b.is_ascii_digit()));
            }
        }

        #[test]
        fn us_numbers_round_trip(area in 201u32..=989, line in 0u32..10_000) {
            let input = format!("+1{area}555{line:04}");
            if let Ok(n) = parse_e164(&input) {
                prop_assert_eq!(n, input);
            }
        }
    }
}
