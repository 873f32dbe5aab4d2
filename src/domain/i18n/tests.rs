use std::collections::BTreeSet;

use fluent_syntax::ast;

use super::*;

/// Each message's variables, by key, from its source.
fn messages(source: &str) -> Vec<(String, BTreeSet<String>)> {
    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &p.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_vars(expression, out);
            }
        }
    }
    fn inline_vars(e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, out),
            _ => {}
        }
    }
    fn expression_vars(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Inline(i) => inline_vars(i, out),
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
        }
    }
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((_, errors)) => panic!("does not parse: {errors:?}"),
    };
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(value) = &m.value {
                    pattern_vars(value, &mut vars);
                }
                Some((m.id.name.to_string(), vars))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_language_has_exactly_the_english_messages_with_no_new_variables() {
    let (_, english_sources) = SOURCES[0];
    for (tag, sources) in SOURCES {
        assert_eq!(sources.len(), english_sources.len(), "{tag}: files");
        for (source, english_source) in sources.iter().zip(english_sources.iter()) {
            let english = messages(english_source);
            let keys: Vec<&String> = english.iter().map(|(k, _)| k).collect();
            let these = messages(source);
            let their_keys: Vec<&String> = these.iter().map(|(k, _)| k).collect();
            assert_eq!(
                their_keys, keys,
                "{tag}: keys differ from English (or their order)"
            );
            for ((key, vars), (_, english_vars)) in these.iter().zip(&english) {
                assert!(
                    vars.is_subset(english_vars),
                    "{tag} {key}: uses {vars:?}, English gives {english_vars:?}"
                );
            }
        }
    }
}

/// Every English message, from all of its files: a key two files both define would clash.
/// The dashboard's keys, and only they, begin `dash-` (that is how a lookup finds their
/// bundle).
fn english_messages() -> Vec<(String, BTreeSet<String>)> {
    let (_, sources) = SOURCES[0];
    let mut seen = BTreeSet::new();
    let mut all = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        for (key, vars) in messages(source) {
            assert_eq!(
                key.starts_with(DASHBOARD_KEYS),
                index > 0,
                "{key}: the dashboard's keys begin {DASHBOARD_KEYS}"
            );
            assert!(seen.insert(key.clone()), "{key} is defined twice");
            all.push((key, vars));
        }
    }
    all
}

#[test]
fn every_message_formats_without_errors_for_any_count() {
    let english = english_messages();
    assert_eq!(LANGS.len(), SOURCES.len());
    for lang in LANGS.iter() {
        for (key, vars) in &english {
            for n in [0, 1, 2, 3, 5, 11, 21, 100, 1000] {
                let mut args = FluentArgs::new();
                for v in vars {
                    match v.as_str() {
                        "seconds" | "minutes" | "count" => args.set(v.as_str(), n),
                        other => args.set(other, format!("<{other}>")),
                    }
                }
                let bundle = lang.bundle_for(key);
                let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
                    panic!("{}: {key} is missing", lang.tag);
                };
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{} {key}: {errors:?}", lang.tag);
                assert!(
                    !text.contains('{') && !text.trim().is_empty(),
                    "{} {key}: {text}",
                    lang.tag
                );
                for v in vars {
                    if !matches!(v.as_str(), "seconds" | "minutes" | "count") {
                        assert!(
                            text.contains(&format!("<{v}>")),
                            "{} {key} drops ${v}",
                            lang.tag
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_tenants_languages_are_the_shipped_ones() {
    let shipped: Vec<&str> = shipped().collect();
    assert_eq!(crate::domain::model::PAGE_LOCALES, shipped.as_slice());
    for tag in shipped {
        assert_eq!(by_tag(tag).map(|l| l.tag), Some(tag));
    }
}

#[test]
fn ui_locales_win_over_the_header_and_regions_match_their_language() {
    assert_eq!(pick(Some("fr-CA en"), Some("en-US")).tag, "fr");
    assert_eq!(pick(Some("sw"), Some("fr-FR,en;q=0.5")).tag, "fr");
    assert_eq!(pick(None, Some("ja")).tag, "ja");
    assert_eq!(pick(None, Some("pt-PT,pt;q=0.9")).tag, "pt-BR");
    assert_eq!(pick(None, Some("zh-Hans-CN")).tag, "zh-CN");
    assert_eq!(pick(None, Some("ar-EG")).tag, "ar");
    assert_eq!(pick(None, Some("de;q=0.5, nl;q=0.9")).tag, "nl");
    assert_eq!(pick(None, Some("sw, *")).tag, "en");
    assert_eq!(pick(None, None).tag, "en");
    assert!(pick(None, Some("ar")).rtl() && !pick(None, Some("he")).rtl());
}

#[test]
fn only_enabled_languages_are_picked_and_the_first_is_the_default() {
    let fr_only = vec!["fr".to_string()];
    assert_eq!(pick_enabled(None, Some("en-US"), &fr_only).tag, "fr");
    let both = vec!["en".to_string(), "fr".to_string()];
    assert_eq!(pick_enabled(Some("fr"), Some("en"), &both).tag, "fr");
    assert_eq!(pick_enabled(None, Some("ja"), &both).tag, "en");
    let fr_first = vec!["fr".to_string(), "en".to_string()];
    assert_eq!(pick_enabled(None, None, &fr_first).tag, "fr");
    let many = vec!["en".to_string(), "ja".to_string(), "pt-BR".to_string()];
    assert_eq!(pick_enabled(Some("de pt"), Some("ja"), &many).tag, "pt-BR");
}

#[test]
fn the_phone_field_starts_on_the_browsers_country() {
    assert_eq!(default_region(Some("en-GB,en;q=0.8")), "GB");
    assert_eq!(default_region(Some("fr")), "FR");
    assert_eq!(default_region(Some("ja")), "JP");
    assert_eq!(default_region(None), "US");
}

#[test]
fn plurals_follow_each_languages_rules() {
    let en = english();
    let wait = |l: &Lang, n| l.format("rate-limited", &[("seconds", Arg::Number(n))]);
    assert!(wait(en, 1).contains("one second"), "{}", wait(en, 1));
    assert!(wait(en, 30).contains("30 seconds"), "{}", wait(en, 30));
    let fr = by_tag("fr").unwrap();
    assert!(wait(fr, 1).contains("une seconde"), "{}", wait(fr, 1));
    let ar = by_tag("ar").unwrap();
    assert!(wait(ar, 2).contains("ثانيتين"), "{}", wait(ar, 2));
    assert!(wait(ar, 5).contains("5 ثوانٍ"), "{}", wait(ar, 5));
}

#[test]
fn a_message_splits_around_its_variable() {
    let ja = by_tag("ja").unwrap();
    let (before, after) = ja.around("sent-by-sms", "recipient", "+33612345678");
    assert_eq!(before, "");
    assert!(after.contains("SMS"), "{after}");
    let (before, after) = english().around("continue-as", "email", "a@example.com");
    assert_eq!((before.as_str(), after.as_str()), ("Continue as ", ""));
}

#[test]
fn a_missing_message_falls_back_to_english_then_to_its_key() {
    let de = by_tag("de").unwrap();
    assert_eq!(de.text("no-such-message"), "no-such-message");
}

#[test]
fn countries_are_named_from_cldr_in_the_pages_language_and_sorted_in_it() {
    let name_of = |tag: &str, region: &str| {
        let lang = by_tag(tag).unwrap();
        countries(lang)
            .iter()
            .find(|c| c.region == region)
            .map(|c| (c.name.clone(), c.code))
    };
    assert_eq!(name_of("en", "FR"), Some(("France".into(), 33)));
    assert_eq!(name_of("de", "FR"), Some(("Frankreich".into(), 33)));
    assert_eq!(name_of("ja", "FR"), Some(("フランス".into(), 33)));
    assert_eq!(name_of("ar", "FR"), Some(("فرنسا".into(), 33)));
    assert_eq!(name_of("en", "GB").map(|c| c.1), Some(44));
    for lang in LANGS.iter() {
        let list = countries(lang);
        assert_eq!(
            list.len(),
            crate::domain::phone::calling_codes().len(),
            "{}",
            lang.tag
        );
        assert!(
            countries::in_order(lang.tag, list),
            "{} is not in order",
            lang.tag
        );
        // Every region has a name of its own, not its code.
        let unnamed: Vec<&str> = list
            .iter()
            .filter(|c| c.name == c.region)
            .map(|c| c.region.as_str())
            .collect();
        assert!(unnamed.is_empty(), "{}: no name for {unnamed:?}", lang.tag);
    }
    assert_eq!(countries(english())[0].name, "Afghanistan");
}

#[test]
fn accept_language_is_read_by_weight_and_a_zero_weight_refuses() {
    assert_eq!(pick(None, Some("fr;q=0, de;q=0.2")).tag, "de");
    assert_eq!(pick(None, Some("it;q=0.8, ja")).tag, "ja");
    assert_eq!(pick(None, Some("not a tag!!, nl")).tag, "nl");
}

#[test]
fn the_dashboards_messages_are_parsed_only_when_one_is_asked_for() {
    let id = LanguageIdentifier::from_str("en").unwrap();
    let lang = Lang {
        tag: "en",
        bundle: bundle_of("en", &id, &SOURCES[0].1[..1]),
        dashboard: OnceLock::new(),
        id,
        index: 0,
    };
    assert_eq!(lang.text("not-found-title"), "Page not found");
    assert!(lang.dashboard.get().is_none(), "an end user's words alone");
    assert_eq!(lang.text("dash-nav-keys"), "Keys");
    assert!(lang.dashboard.get().is_some());
}
