//! The words people read: the hosted pages, the link pages, the built-in email and the
//! built-in text message, and the dashboard, in every language Latchkey ships, through
//! Project Fluent. One `.ftl` file a language for the end user's words (`locales/`) and one
//! a dashboard group (`locales/dashboard/<tag>/`), built into the binary and parsed once, on
//! first use; English is the reference every other file matches key for key (a unit test
//! checks).
//!
//! Which language a request gets: `ui_locales` first, then `Accept-Language`, each tag in
//! turn, among the tenant's `enabled_locales` ([`pick_enabled`]); messages follow the
//! request's `x-request-language` or `Accept-Language`, among the same enabled languages
//! (`channels::message::Outgoing::language`, [`for_message`]). The dashboard follows its
//! administrator's `Accept-Language` among every shipped language ([`pick`]). [`countries`]
//! names the phone picker's countries from CLDR.

mod countries;

use std::str::FromStr;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

pub use countries::{Country, countries};

/// The groups of dashboard messages, one file each under `locales/dashboard/<tag>/`: the
/// frame and administrators, the overview with logs and users, applications, connections.
macro_rules! language {
    ($tag:literal) => {
        (
            $tag,
            &[
                include_str!(concat!("locales/", $tag, ".ftl")),
                include_str!(concat!("locales/dashboard/", $tag, "/frame.ftl")),
                include_str!(concat!("locales/dashboard/", $tag, "/overview.ftl")),
                include_str!(concat!("locales/dashboard/", $tag, "/applications.ftl")),
                include_str!(concat!("locales/dashboard/", $tag, "/connections.ftl")),
            ],
        )
    };
}

/// Each shipped language's tag (as Auth0's `enabled_locales` spells it) and its messages:
/// the end user's (pages, emails, texts) first, then the dashboard's.
const SOURCES: &[(&str, &[&str])] = &[
    language!("en"),
    language!("fr"),
    language!("es"),
    language!("de"),
    language!("pt-BR"),
    language!("it"),
    language!("nl"),
    language!("ja"),
    language!("zh-CN"),
    language!("ar"),
];

/// Languages written right to left.
const RTL: &[&str] = &["ar"];

/// One language: its tag and its messages.
pub struct Lang {
    /// The BCP 47 tag, for `<html lang>` and the email's `lang`.
    pub tag: &'static str,
    id: LanguageIdentifier,
    /// The end user's messages (pages, emails, texts).
    bundle: FluentBundle<FluentResource>,
    /// The dashboard's messages (keys `dash-…`), parsed on the dashboard's first use: a
    /// server whose dashboard nobody opens never holds them.
    dashboard: OnceLock<FluentBundle<FluentResource>>,
    /// Where this language sits in [`SOURCES`] (the countries' cache is by it).
    index: usize,
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lang").field("tag", &self.tag).finish()
    }
}

/// The prefix of every dashboard message's key.
const DASHBOARD_KEYS: &str = "dash-";

/// A bundle of `sources` in language `id`. A file that does not parse is a build mistake
/// the unit tests catch; at run time its messages fall back to English.
fn bundle_of(tag: &str, id: &LanguageIdentifier, sources: &[&str]) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
    // Fluent wraps each placeable in bidi isolation marks; a text message and an email
    // subject would carry them as noise. The pages isolate with `<bdi>`.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource =
            FluentResource::try_new((*source).to_string()).unwrap_or_else(|(partial, errors)| {
                tracing::error!(language = tag, ?errors, "messages do not parse");
                partial
            });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(language = tag, ?errors, "messages clash");
        }
    }
    bundle
}

/// Every shipped language, its end user's messages parsed once.
static LANGS: LazyLock<Vec<Lang>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .enumerate()
        .map(|(index, (tag, sources))| {
            let id = LanguageIdentifier::from_str(tag).unwrap_or_default();
            Lang {
                tag,
                bundle: bundle_of(tag, &id, &sources[..1]),
                dashboard: OnceLock::new(),
                id,
                index,
            }
        })
        .collect()
});

/// English: the default, and where a missing message is looked up.
pub fn english() -> &'static Lang {
    &LANGS[0]
}

/// The shipped language with this exact tag.
pub fn by_tag(tag: &str) -> Option<&'static Lang> {
    LANGS.iter().find(|l| l.tag.eq_ignore_ascii_case(tag))
}

/// A variable's value for a message: a number (which picks the plural form) or a text.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Number(i64),
    Text(&'a str),
}

impl Lang {
    /// Whether the language is written right to left (the page then says `dir="rtl"`).
    pub fn rtl(&self) -> bool {
        RTL.contains(&self.tag)
    }

    /// The bundle that holds `key`: the dashboard's (built on first use) or the end user's.
    fn bundle_for(&self, key: &str) -> &FluentBundle<FluentResource> {
        if !key.starts_with(DASHBOARD_KEYS) {
            return &self.bundle;
        }
        self.dashboard.get_or_init(|| {
            let sources = SOURCES.get(self.index).map_or(&[][..], |(_, s)| &s[1..]);
            bundle_of(self.tag, &self.id, sources)
        })
    }

    /// A message without variables.
    pub fn text(&self, key: &str) -> String {
        self.format(key, &[])
    }

    /// A message with its variables; English if this language lacks it, the key itself if
    /// English does too (both a mistake the unit tests catch).
    pub fn format(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::from(*s),
            };
            fluent_args.set(*name, value);
        }
        for lang in [self, english()] {
            let bundle = lang.bundle_for(key);
            let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if !errors.is_empty() {
                tracing::error!(
                    language = lang.tag,
                    key,
                    ?errors,
                    "a message did not format"
                );
            }
            return text.into_owned();
        }
        tracing::error!(language = self.tag, key, "no such message");
        key.to_string()
    }

    /// A message with one text variable (a template's `t.with("key", "email", x)`).
    pub fn with(&self, key: &str, name: &str, value: &str) -> String {
        self.format(key, &[(name, Arg::Text(value))])
    }

    /// A message with one number, `$count`, which picks the plural form (a number or, as a
    /// template hands it over, a reference to one).
    pub fn count(&self, key: &str, count: impl std::borrow::Borrow<i64>) -> String {
        self.format(key, &[("count", Arg::Number(*count.borrow()))])
    }

    /// A message split around one text variable, so a page can set it apart (in `<bdi>`,
    /// `<strong>`): the text before and after `value`.
    pub fn around(&self, key: &str, name: &str, value: &str) -> (String, String) {
        self.around_with(key, &[], name, value)
    }

    /// [`around`](Self::around) for a message with other variables too (`args`).
    pub fn around_with(
        &self,
        key: &str,
        args: &[(&str, Arg<'_>)],
        name: &str,
        value: &str,
    ) -> (String, String) {
        const MARK: &str = "\u{E000}";
        let mut all = args.to_vec();
        all.push((name, Arg::Text(MARK)));
        let whole = self.format(key, &all);
        match whole.split_once(MARK) {
            Some((before, after)) => (before.to_string(), after.to_string()),
            None => (whole.replace(MARK, value), String::new()),
        }
    }
}

/// The language tags of `ui_locales` (space-separated), then of an `Accept-Language` value
/// (by its weights), in the order a request prefers them.
fn requested(ui_locales: Option<&str>, accept_language: Option<&str>) -> Vec<LanguageIdentifier> {
    let mut tags: Vec<LanguageIdentifier> = ui_locales
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|t| LanguageIdentifier::from_str(t).ok())
        .collect();
    // By weight, the header's order among equals; `q=0` means "not this one".
    let mut weighted: Vec<(f32, LanguageIdentifier)> = accept_language
        .unwrap_or("")
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = LanguageIdentifier::from_str(pieces.next()?.trim()).ok()?;
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some((q, tag))
        })
        .collect();
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
    tags.extend(weighted.into_iter().map(|(_, tag)| tag));
    tags
}

/// The first of `wanted` that one of `among` serves (`pt` → `pt-BR`, `fr-CA` → `fr`), each
/// wanted tag in turn, so an earlier preference wins over a closer match of a later one.
fn first_served(wanted: &[LanguageIdentifier], among: &[&'static Lang]) -> Option<&'static Lang> {
    let available: Vec<LanguageIdentifier> = among.iter().map(|l| l.id.clone()).collect();
    wanted.iter().find_map(|w| {
        let found = negotiate_languages(
            std::slice::from_ref(w),
            &available,
            None,
            NegotiationStrategy::Filtering,
        );
        let id = found.first()?;
        among.iter().copied().find(|l| &l.id == *id)
    })
}

/// A page's language among every shipped one: `ui_locales`, then `Accept-Language`;
/// English otherwise.
pub fn pick(ui_locales: Option<&str>, accept_language: Option<&str>) -> &'static Lang {
    let all: Vec<&'static Lang> = LANGS.iter().collect();
    first_served(&requested(ui_locales, accept_language), &all).unwrap_or_else(english)
}

/// As [`pick`], among the tenant's `enabled_locales` only (a shipped language that is not
/// enabled is passed over); the first enabled language otherwise.
pub fn pick_enabled(
    ui_locales: Option<&str>,
    accept_language: Option<&str>,
    enabled: &[String],
) -> &'static Lang {
    let among: Vec<&'static Lang> = enabled.iter().filter_map(|t| by_tag(t)).collect();
    first_served(&requested(ui_locales, accept_language), &among)
        .or_else(|| among.first().copied())
        .unwrap_or_else(english)
}

/// The language of a message (email or text): the request's `x-request-language` or
/// `Accept-Language` value, a list of tags; English otherwise.
pub fn for_message(request_language: Option<&str>) -> &'static Lang {
    pick(None, request_language)
}

/// The tags `model::PAGE_LOCALES` must equal: the languages that have a file.
pub fn shipped() -> impl Iterator<Item = &'static str> {
    SOURCES.iter().map(|(tag, _)| *tag)
}

/// The country a phone field starts on: the region of the first `Accept-Language` tag that
/// names one (`en-GB` → `GB`), else a language's usual country, else the US.
pub fn default_region(accept_language: Option<&str>) -> String {
    for tag in accept_language.unwrap_or("").split(',') {
        let tag = tag.split(';').next().unwrap_or("").trim();
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next().unwrap_or("").to_ascii_lowercase();
        if let Some(region) =
            parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return region.to_ascii_uppercase();
        }
        let usual = match lang.as_str() {
            "fr" => "FR",
            "es" => "ES",
            "de" => "DE",
            "pt" => "BR",
            "it" => "IT",
            "nl" => "NL",
            "ja" => "JP",
            "zh" => "CN",
            _ => "",
        };
        if !usual.is_empty() {
            return usual.into();
        }
    }
    "US".into()
}

#[cfg(test)]
mod tests;
