//! The phone picker's countries in a page's language: every region libphonenumber knows,
//! named from CLDR (ICU4X's display names) and sorted by that language's collation (ICU4X's
//! collator), each with its calling code. Built once per language, on first use.

use std::sync::OnceLock;

use icu_collator::Collator;
use icu_collator::options::CollatorOptions;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;

use super::{LANGS, Lang};
use crate::domain::phone;

/// One country of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 region code (`FR`), what the form posts.
    pub region: String,
    /// The calling code (`33`).
    pub code: u16,
    /// CLDR's name in the page's language (`France`, `フランス`), else the region code.
    pub name: String,
}

/// The countries in `lang`'s words and order.
pub fn countries(lang: &Lang) -> &'static [Country] {
    static BY_LANG: OnceLock<Vec<OnceLock<Vec<Country>>>> = OnceLock::new();
    let all = BY_LANG.get_or_init(|| LANGS.iter().map(|_| OnceLock::new()).collect());
    match all.get(lang.index) {
        Some(cell) => cell.get_or_init(|| build(lang.tag)),
        None => &[],
    }
}

fn build(tag: &str) -> Vec<Country> {
    let locale: Option<Locale> = tag.parse().ok();
    let names = locale.as_ref().and_then(|l| {
        RegionDisplayNames::try_new(l.into(), DisplayNamesOptions::default())
            .map_err(|e| tracing::error!(language = tag, error = %e, "no country names"))
            .ok()
    });
    let collator = locale.as_ref().and_then(|l| {
        Collator::try_new(l.into(), CollatorOptions::default())
            .map_err(|e| tracing::error!(language = tag, error = %e, "no collation"))
            .ok()
    });
    let mut list: Vec<Country> = phone::calling_codes()
        .iter()
        .map(|c| {
            let name = Region::try_from_str(&c.region)
                .ok()
                .and_then(|r| names.as_ref().and_then(|n| n.of(r)))
                .map(str::to_string)
                .unwrap_or_else(|| c.region.clone());
            Country {
                region: c.region.clone(),
                code: c.code,
                name,
            }
        })
        .collect();
    list.sort_by(|a, b| {
        let by_name = match &collator {
            Some(c) => c.compare(&a.name, &b.name),
            None => a.name.cmp(&b.name),
        };
        by_name.then_with(|| a.region.cmp(&b.region))
    });
    list
}

/// Whether `list` is in `lang`'s collation order (for the tests).
#[cfg(test)]
pub(super) fn in_order(tag: &str, list: &[Country]) -> bool {
    let Some(locale) = tag.parse::<Locale>().ok() else {
        return false;
    };
    let Ok(c) = Collator::try_new((&locale).into(), CollatorOptions::default()) else {
        return false;
    };
    list.windows(2)
        .all(|w| c.compare(&w[0].name, &w[1].name) != std::cmp::Ordering::Greater)
}
