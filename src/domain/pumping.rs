//! SMS pumping (toll fraud) protection, per SMS connection: which countries and kinds of
//! number get texts, caps per number range and per country, and a throttle that closes a
//! country for the rest of the hour when too few of the codes sent there are used (the
//! signal Stytch uses).
//! Also the test numbers app-store reviewers log in with, which never get a text.

use serde::{Deserialize, Serialize};

use super::limits::{self, LimitKind, Rule};
use super::phone::{self, NUMBER_TYPES};
use super::ports::Store;
use super::validation::FieldError;
use super::{DomainError, UnixTime};

const HOUR: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PumpingProtection {
    pub enabled: bool,
    /// Refuse numbers libphonenumber says cannot exist (unassigned ranges), instead of
    /// paying Twilio to find out.
    pub refuse_unassignable: bool,
    /// Country calling codes that may get texts (e.g. `[1, 44]`); empty means all.
    pub allowed_countries: Vec<u16>,
    /// Kinds of number that never get texts.
    pub refused_number_types: Vec<String>,
    /// How many leading digits make a number range (`1415555` for +1 415 555 …).
    pub prefix_digits: usize,
    /// Texts per number range per hour; pumping walks through adjacent numbers.
    pub max_per_prefix_per_hour: i64,
    /// Texts per country per hour; 0 means no cap.
    pub max_per_country_per_hour: i64,
    /// Once `min_sample` texts went to a country this hour, a share of used codes below this
    /// closes the country to new texts until the hour ends.
    pub min_conversion_rate: f64,
    /// Texts to a country in the hour before the conversion rate is judged.
    pub min_sample: i64,
}

impl Default for PumpingProtection {
    fn default() -> Self {
        Self {
            enabled: true,
            refuse_unassignable: true,
            allowed_countries: Vec::new(),
            refused_number_types: ["premium_rate", "shared_cost", "uan", "pager", "voicemail"]
                .map(String::from)
                .to_vec(),
            prefix_digits: 7,
            max_per_prefix_per_hour: 30,
            max_per_country_per_hour: 0,
            min_conversion_rate: 0.2,
            min_sample: 50,
        }
    }
}

/// A number that logs in with a fixed code and never gets a text, until `expires`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestNumber {
    pub phone_number: String,
    pub code: String,
    /// Last day of use, `YYYY-MM-DD` (UTC); the number is an ordinary one after that day.
    pub expires: String,
}

fn day_end(date: &str) -> Option<UnixTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(date, &format).ok()?;
    Some(d.midnight().assume_utc().unix_timestamp() + 86_400)
}

impl TestNumber {
    pub fn active(&self, now: UnixTime) -> bool {
        day_end(&self.expires).is_some_and(|end| now < end)
    }
}

impl PumpingProtection {
    pub fn validate(&self) -> Result<(), FieldError> {
        for (i, t) in self.refused_number_types.iter().enumerate() {
            if !NUMBER_TYPES.contains(&t.as_str()) {
                return Err(FieldError::labelled(
                    format!("pumping_protection.refused_number_types[{i}]"),
                    format!("unknown type {t:?} (known: {})", NUMBER_TYPES.join(", ")),
                ));
            }
        }
        if !(1..=15).contains(&self.prefix_digits) {
            return Err(FieldError::labelled(
                "pumping_protection.prefix_digits",
                "must be 1 to 15",
            ));
        }
        if self.max_per_prefix_per_hour < 1
            || self.max_per_country_per_hour < 0
            || self.min_sample < 1
        {
            return Err(FieldError::labelled(
                "pumping_protection",
                "caps must be positive (max_per_country_per_hour may be 0 for none)",
            ));
        }
        if !(0.0..=1.0).contains(&self.min_conversion_rate) {
            return Err(FieldError::labelled(
                "pumping_protection.min_conversion_rate",
                "must be between 0 and 1",
            ));
        }
        Ok(())
    }

    /// Decides whether a text may go to `e164`, counting it if so. Refusals are logged with
    /// their reason.
    pub async fn admit(
        &self,
        store: &dyn Store,
        connection: &str,
        e164: &str,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        if !self.enabled {
            return Ok(());
        }
        let number = phone::classify(e164);
        if self.refuse_unassignable && !number.assignable {
            tracing::warn!(%connection, reason = "unassignable number", "text refused by pumping protection");
            return Err(phone::unassignable(e164));
        }
        let (country, kind) = (number.country, number.kind);
        let refuse = |reason: &str| {
            tracing::warn!(%connection, country, kind, reason, "text refused by pumping protection");
        };
        if !self.allowed_countries.is_empty() && !self.allowed_countries.contains(&country) {
            refuse("country not allowed");
            return Err(DomainError::bad_start(
                "bad.phone_number",
                format!("Phone numbers with country code +{country} are not accepted"),
            ));
        }
        if self.refused_number_types.iter().any(|t| t == kind) {
            refuse("number type refused");
            return Err(DomainError::bad_start(
                "bad.phone_number",
                format!("This kind of phone number ({kind}) is not accepted"),
            ));
        }
        let digits = &e164[1..];
        let prefix = &digits[..self.prefix_digits.min(digits.len())];
        let rule = |limit| Rule {
            limit,
            window: HOUR,
        };
        let prefix_counter = limits::Counter {
            kind: LimitKind::Requests,
            bucket: "pump:prefix",
            key: &format!("{connection}:{prefix}"),
            rule: rule(self.max_per_prefix_per_hour),
        };
        if let Err(e) = prefix_counter.hit(store, now).await {
            refuse("number range over its hourly cap");
            return Err(e);
        }
        let country_key = format!("{connection}:{country}");
        let start = now - now.rem_euclid(HOUR);
        let sent = store.counter("pump:country", &country_key, start).await?;
        let verified = store.counter("pump:verified", &country_key, start).await?;
        let low_conversion =
            sent >= self.min_sample && (verified as f64) < self.min_conversion_rate * sent as f64;
        let over_cap = self.max_per_country_per_hour > 0 && sent >= self.max_per_country_per_hour;
        if low_conversion || over_cap {
            refuse(if low_conversion {
                "country closed: too few codes used this hour"
            } else {
                "country over its hourly cap"
            });
            return Err(DomainError::RateLimited(limits::Limited {
                kind: LimitKind::Requests,
                limit: if over_cap {
                    self.max_per_country_per_hour
                } else {
                    sent
                },
                reset_at: start + HOUR,
                retry_after: start + HOUR - now,
            }));
        }
        store
            .hit_counter("pump:country", &country_key, start, start + HOUR)
            .await?;
        Ok(())
    }

    /// Counts a used code towards its country's conversion rate.
    pub async fn record_verified(
        &self,
        store: &dyn Store,
        connection: &str,
        e164: &str,
        now: UnixTime,
    ) -> Result<(), DomainError> {
        if !self.enabled {
            return Ok(());
        }
        let country = phone::classify(e164).country;
        let start = now - now.rem_euclid(HOUR);
        store
            .hit_counter(
                "pump:verified",
                &format!("{connection}:{country}"),
                start,
                start + HOUR,
            )
            .await?;
        Ok(())
    }
}

/// Checks the configured test numbers; the error names the key.
pub fn validate_test_numbers(numbers: &[TestNumber]) -> Result<(), FieldError> {
    for (i, t) in numbers.iter().enumerate() {
        phone::parse_e164(&t.phone_number).map_err(|_| {
            FieldError::labelled(
                format!("test_numbers[{i}].phone_number"),
                format!("{:?} is not a valid E.164 number", t.phone_number),
            )
        })?;
        if !(4..=10).contains(&t.code.len()) || !t.code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::labelled(
                format!("test_numbers[{i}].code"),
                "must be 4 to 10 digits",
            ));
        }
        if day_end(&t.expires).is_none() {
            return Err(FieldError::labelled(
                format!("test_numbers[{i}].expires"),
                "must be a date like 2027-06-30",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_numbers_expire_at_the_end_of_their_day() {
        let t = TestNumber {
            phone_number: "+14155550100".into(),
            code: "123456".into(),
            expires: "2027-06-30".into(),
        };
        let end = day_end("2027-07-01").unwrap() - 86_400;
        assert!(t.active(end - 1));
        assert!(!t.active(end));
        assert!(validate_test_numbers(std::slice::from_ref(&t)).is_ok());
        let bad = TestNumber {
            expires: "30/06/2027".into(),
            ..t.clone()
        };
        assert!(
            validate_test_numbers(&[bad])
                .unwrap_err()
                .to_string()
                .contains("expires")
        );
        let bad = TestNumber {
            code: "12ab".into(),
            ..t
        };
        assert!(
            validate_test_numbers(&[bad])
                .unwrap_err()
                .to_string()
                .contains("code")
        );
    }

    #[test]
    fn defaults_validate_and_unknown_types_are_named() {
        assert!(PumpingProtection::default().validate().is_ok());
        let bad = PumpingProtection {
            refused_number_types: vec!["premium".into()],
            ..Default::default()
        };
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .contains("refused_number_types[0]")
        );
    }
}
