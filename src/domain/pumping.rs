//! SMS pumping (toll fraud) protection, per SMS connection: which countries and kinds of
//! number get texts, caps per number range and per country, and a throttle that closes a
//! country for the rest of the hour when too few of the codes sent there are used (the
//! signal Stytch uses).
//!
//! The throttle judges a country by its *sources*, not its volume: a text joins the
//! country's sample only when neither its client address nor its number range has joined it
//! this hour. One address (or one /64) therefore weighs one text however much it sends, and
//! its own per-address budget stops it long before; closing a country takes `min_sample`
//! different addresses sending to as many different ranges, with too few codes used.
//! The README's "SMS pumping" section sets this next to the published designs.
//!
//! Delivery receipts feed both rules: a text its provider reports undelivered or failed
//! counts once more against its country's cap, and once more in its country's sample (as
//! a text no code can come back from), but never more than the sample already holds, so
//! one address still weighs little there (see [`PumpingProtection::decide`]).
//!
//! Also the test numbers app-store reviewers log in with, which never get a text.
//!
//! Over 400 lines only with its unit tests (the last ~150).

use serde::{Deserialize, Serialize};

use super::limits::{self, LimitKind, Limited, Rule};
use super::measures;
use super::model::CounterCell;
use super::phone::{self, NUMBER_TYPES};
use super::ports::Store;
use super::validation::{FieldError, in_range};
use super::{DomainError, UnixTime};

const HOUR: i64 = 3600;
/// The counter of a country's texts reported undelivered, per hour.
const UNDELIVERED_BUCKET: &str = "pump:undelivered";

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
    /// Texts per country per hour, from whatever address; 0 means no cap. Unlike the
    /// throttle below, this counts volume, so one address can fill it.
    pub max_per_country_per_hour: i64,
    /// Once the country's sample reaches `min_sample`, a share of used codes below this
    /// closes the country to new texts until the hour ends.
    pub min_conversion_rate: f64,
    /// Sources (texts from an address and to a number range new to the country this hour)
    /// before the conversion rate is judged.
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

/// A text pumping protection refused: the limit, the option that refused it (the metrics'
/// `rule` label), and the reason for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub limited: Limited,
    pub rule: &'static str,
    pub reason: &'static str,
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
        in_range(
            "pumping_protection.prefix_digits",
            self.prefix_digits,
            1..=15,
            "",
        )?;
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

    /// The refusals that need no counter: numbers that cannot exist, countries and kinds of
    /// number not accepted. `None` when protection is off; else the counters the text is
    /// judged on (see [`PumpingProtection::decide`]), for a text from `source` (the client's
    /// [`limits::address_key`], or `None` if unknown).
    pub fn screen(
        &self,
        connection: &str,
        e164: &str,
        source: Option<&str>,
        now: UnixTime,
    ) -> Result<Option<Vec<CounterCell>>, DomainError> {
        if !self.enabled {
            return Ok(None);
        }
        let number = phone::classify(e164);
        if self.refuse_unassignable && !number.assignable {
            tracing::warn!(%connection, reason = "unassignable number", "text refused by pumping protection");
            measures::pumping_refused("refuse_unassignable");
            return Err(phone::unassignable(e164));
        }
        let (country, kind) = (number.country, number.kind);
        let refuse = |rule: &'static str, reason: &str| {
            tracing::warn!(%connection, country, kind, reason, "text refused by pumping protection");
            measures::pumping_refused(rule);
        };
        if !self.allowed_countries.is_empty() && !self.allowed_countries.contains(&country) {
            refuse("allowed_countries", "country not allowed");
            return Err(DomainError::bad_start(
                "bad.phone_number",
                format!("Phone numbers with country code +{country} are not accepted"),
            ));
        }
        if self.refused_number_types.iter().any(|t| t == kind) {
            refuse("refused_number_types", "number type refused");
            return Err(DomainError::bad_start(
                "bad.phone_number",
                format!("This kind of phone number ({kind}) is not accepted"),
            ));
        }
        let digits = e164.strip_prefix('+').unwrap_or(e164);
        let prefix = digits.get(..self.prefix_digits).unwrap_or(digits);
        let hour = Rule {
            limit: 1,
            window: HOUR,
        };
        let country_key = format!("{connection}:{country}");
        let cell = |bucket: &str, key: &str| limits::window_cell(bucket, key, hour, now);
        Ok(Some(vec![
            cell("pump:prefix", &format!("{connection}:{prefix}")),
            cell("pump:country", &country_key),
            cell("pump:sample", &country_key),
            cell("pump:verified", &country_key),
            cell(
                "pump:source",
                &format!("{country_key}:{}", source.unwrap_or("unknown")),
            ),
            cell(UNDELIVERED_BUCKET, &country_key),
        ]))
    }

    /// The counter a text to `e164` sent at `sent_at` adds one to when its provider reports
    /// it undelivered (the country's, in the hour it was sent); `None` with protection off.
    pub fn undelivered_cell(
        &self,
        connection: &str,
        e164: &str,
        sent_at: UnixTime,
    ) -> Option<CounterCell> {
        self.enabled.then(|| {
            let country = phone::classify(e164).country;
            limits::window_cell(
                UNDELIVERED_BUCKET,
                &format!("{connection}:{country}"),
                self.hourly(1),
                sent_at,
            )
        })
    }

    /// The rule on the counters of [`PumpingProtection::screen`] (texts to the number range,
    /// texts to the country, the country's sample, its used codes, texts from this source to
    /// the country, its texts reported undelivered, all this hour): their values with this
    /// text, or the refusal and why.
    ///
    /// An undelivered text weighs against the country twice: in the cap, where it counts as
    /// one more text, and in the conversion rate, where it adds to the sample, up to the size
    /// of the sample itself. The bound keeps the sample a count of sources: one address that
    /// sends to dead numbers adds at most one more, so closing a country still takes many.
    pub fn decide(&self, counts: &[i64], now: UnixTime) -> Result<Vec<i64>, Refusal> {
        // The refusal names an hourly rule whose limit is `limit`.
        let refuse = |limit: i64, rule: &'static str, reason: &'static str| Refusal {
            limited: limits::refusal(LimitKind::Requests, self.hourly(limit), now),
            rule,
            reason,
        };
        let &[prefix, country, sample, verified, source, undelivered] = counts else {
            return Err(refuse(0, "counters_missing", "pumping counters missing"));
        };
        if prefix >= self.max_per_prefix_per_hour {
            return Err(refuse(
                self.max_per_prefix_per_hour,
                "max_per_prefix_per_hour",
                "number range over its hourly cap",
            ));
        }
        let weighed = sample + undelivered.clamp(0, sample);
        let low_conversion = weighed >= self.min_sample
            && (verified as f64) < self.min_conversion_rate * weighed as f64;
        if low_conversion {
            return Err(refuse(
                weighed,
                "min_conversion_rate",
                "country closed: too few codes used this hour",
            ));
        }
        if self.max_per_country_per_hour > 0
            && country + undelivered >= self.max_per_country_per_hour
        {
            return Err(refuse(
                self.max_per_country_per_hour,
                "max_per_country_per_hour",
                "country over its hourly cap",
            ));
        }
        // A new address sending to a new number range is one more source of the sample.
        let joins = i64::from(prefix == 0 && source == 0);
        Ok(vec![
            prefix + 1,
            country + 1,
            sample + joins,
            verified,
            source + 1,
            undelivered,
        ])
    }

    fn hourly(&self, limit: i64) -> Rule {
        Rule {
            limit,
            window: HOUR,
        }
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

    /// Replays texts through `decide` as the store would: `(source, prefix)` pairs, each
    /// with its own counters, the country's shared. The statuses, and the country's sample.
    fn replay(p: &PumpingProtection, texts: &[(u32, u32)], verified: i64) -> (Vec<bool>, i64) {
        use std::collections::HashMap;
        let (mut prefixes, mut sources) = (HashMap::new(), HashMap::new());
        let (mut country, mut sample) = (0, 0);
        let mut sent = Vec::new();
        for (source, prefix) in texts {
            let before = [
                *prefixes.get(prefix).unwrap_or(&0),
                country,
                sample,
                verified,
                *sources.get(source).unwrap_or(&0),
                0,
            ];
            match p.decide(&before, 1_800_000_000) {
                Ok(after) => {
                    prefixes.insert(*prefix, after[0]);
                    country = after[1];
                    sample = after[2];
                    assert_eq!(after[3], verified, "used codes are not counted here");
                    sources.insert(*source, after[4]);
                    sent.push(true);
                }
                Err(_) => sent.push(false),
            }
        }
        (sent, sample)
    }

    #[test]
    fn one_source_weighs_one_text_in_the_country() {
        let p = PumpingProtection::default(); // min_sample 50, conversion 0.2
        // one address, 200 texts to 200 ranges: never closes the country
        let one: Vec<_> = (0..200).map(|i| (7, i)).collect();
        let (sent, sample) = replay(&p, &one, 0);
        assert!(sent.iter().all(|s| *s));
        assert_eq!(sample, 1);
        // 200 addresses, all to one range: the range's cap stops them, the country stays open
        let one_range: Vec<_> = (0..200).map(|i| (i, 7)).collect();
        let (sent, sample) = replay(&p, &one_range, 0);
        assert_eq!(sent.iter().filter(|s| **s).count(), 30);
        assert_eq!(sample, 1);
        // 60 addresses to 60 ranges, no code used: closed after the 50th
        let spread: Vec<_> = (0..60).map(|i| (i, i)).collect();
        let (sent, sample) = replay(&p, &spread, 0);
        assert_eq!(sent.iter().filter(|s| **s).count(), 50);
        assert!(!sent[50]);
        assert_eq!(sample, 50);
        // the same with enough codes used stays open
        let (sent, _) = replay(&p, &spread, 12);
        assert!(sent.iter().all(|s| *s));
    }

    #[test]
    fn the_country_cap_counts_volume_and_refusals_say_why() {
        let p = PumpingProtection {
            max_per_country_per_hour: 3,
            ..Default::default()
        };
        let texts: Vec<_> = (0..5).map(|i| (1, i)).collect();
        assert_eq!(replay(&p, &texts, 0).0, [true, true, true, false, false]);
        let refused = p.decide(&[0, 3, 1, 0, 3, 0], 1_800_000_100).unwrap_err();
        assert_eq!(refused.reason, "country over its hourly cap");
        assert_eq!(refused.limited.limit, 3);
        assert_eq!(refused.limited.retry_after, 3500);
        let refused = p.decide(&[30, 0, 0, 0, 0, 0], 1_800_000_000).unwrap_err();
        assert_eq!(refused.reason, "number range over its hourly cap");
        assert!(p.decide(&[0, 0], 0).is_err(), "missing counters refuse");
    }

    #[test]
    fn screening_names_the_counters() {
        let p = PumpingProtection::default();
        let cells = p
            .screen("sms", "+14155550100", Some("203.0.113.9"), 1_800_000_100)
            .unwrap()
            .unwrap();
        let keys: Vec<_> = cells
            .iter()
            .map(|c| (c.bucket.as_str(), c.key.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("pump:prefix", "sms:1415555"),
                ("pump:country", "sms:1"),
                ("pump:sample", "sms:1"),
                ("pump:verified", "sms:1"),
                ("pump:source", "sms:1:203.0.113.9"),
                ("pump:undelivered", "sms:1"),
            ]
        );
        assert!(cells.iter().all(|c| c.window_start == 1_800_000_000));
        let off = PumpingProtection {
            enabled: false,
            ..Default::default()
        };
        assert_eq!(off.screen("sms", "+14155550100", None, 0).unwrap(), None);
    }

    #[test]
    fn undelivered_texts_count_against_the_cap_and_the_sample_within_its_size() {
        let now = 1_800_000_000;
        let capped = PumpingProtection {
            max_per_country_per_hour: 3,
            ..Default::default()
        };
        // two texts sent, one reported undelivered: the third is over the cap
        assert!(capped.decide(&[0, 2, 2, 0, 0, 0], now).is_ok());
        let refused = capped.decide(&[0, 2, 2, 0, 0, 1], now).unwrap_err();
        assert_eq!(refused.reason, "country over its hourly cap");
        let p = PumpingProtection::default(); // min_sample 50, conversion 0.2
        // 30 sources, 20 of them undelivered, 8 codes used: 50 weighed, 8 < 10 closes
        let refused = p.decide(&[0, 30, 30, 8, 0, 20], now).unwrap_err();
        assert_eq!(
            refused.reason,
            "country closed: too few codes used this hour"
        );
        assert!(
            p.decide(&[0, 30, 30, 8, 0, 0], now).is_ok(),
            "below min_sample without them"
        );
        // one source sending to dead numbers: weighs two, however many fail
        assert!(p.decide(&[0, 200, 1, 0, 0, 200], now).is_ok());
        let after = p.decide(&[0, 5, 5, 1, 0, 2], now).unwrap();
        assert_eq!(
            after[5], 2,
            "the rule does not change the undelivered count"
        );
        let cell = p
            .undelivered_cell("sms", "+14155550100", now + 100)
            .unwrap();
        assert_eq!((cell.key.as_str(), cell.window_start), ("sms:1", now));
        let off = PumpingProtection {
            enabled: false,
            ..Default::default()
        };
        assert_eq!(off.undelivered_cell("sms", "+14155550100", now), None);
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
