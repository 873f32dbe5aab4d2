//! The page's view of an SMS connection's delivery options (see [`super::sms_delivery`]):
//! the own provider, each failover provider and the blank entry that adds one, the country
//! routes and WhatsApp, every input labelled and named as the post is read back, shown from
//! the stored options or, after a refusal, from the post over them, in the page's language.
//! A secret's value is never put in a view: only whether one is stored.

use serde_json::Value;

use super::sms_delivery::{KINDS, Kind, SPECS, Spec, at, failover_order, id_of, route_rows, shown};
use crate::domain::i18n::{Arg, Lang};
use crate::http::dashboard::chrome::relabel;
use crate::http::dashboard::field_error::FieldError;
use crate::http::dashboard::form::Fields;

/// One input as the page shows it.
pub(super) struct Input {
    pub name: String,
    pub id: String,
    pub label: String,
    /// `text`, `url`, `number`, `password`, `checkbox`, `receipts` or `tel`.
    pub kind: &'static str,
    /// Never a secret's value.
    pub value: String,
    /// A secret that is stored (and kept when left empty).
    pub saved: bool,
    pub hint: String,
    pub error: Option<String>,
}

/// A provider kind's fields in one entry.
pub(super) struct Group {
    pub legend: String,
    pub inputs: Vec<Input>,
}

/// A provider kind as the select offers it.
pub(super) struct KindChoice {
    pub value: &'static str,
    pub label: String,
}

/// One provider entry: the connection's own, a failover one, or the blank one that adds.
pub(super) struct ProviderView {
    pub legend: String,
    /// Form names start with it (`failover[0].`), ids with `id` (`failover-0-`).
    pub prefix: String,
    pub id: String,
    pub provider: String,
    pub kinds: Vec<KindChoice>,
    /// Name, position and the remove box, for a failover entry.
    pub head: Vec<Input>,
    /// `from` and the timeouts.
    pub common: Vec<Input>,
    pub groups: Vec<Group>,
}

/// A country route's row.
pub(super) struct RouteView {
    pub legend: String,
    pub inputs: Vec<Input>,
}

/// Everything on the delivery half of the page.
pub(super) struct DeliveryView {
    pub primary: ProviderView,
    pub failover: Vec<ProviderView>,
    pub routes: Vec<RouteView>,
    pub whatsapp: Vec<Input>,
}

/// Where the page's values come from: the stored settings, or the post over them.
#[derive(Clone, Copy)]
enum Source<'a> {
    Stored,
    Typed(&'a Fields),
}

impl Source<'_> {
    /// Field `name`'s value: as typed when the post carried it, else `stored`'s.
    fn value(self, name: &str, stored: Option<&Value>, kind: Kind) -> String {
        match self {
            Source::Typed(fields) if fields.has(name) && kind != Kind::Secret => match kind {
                Kind::Check => if fields.checked(name) { "on" } else { "" }.into(),
                _ => fields.text(name),
            },
            _ => shown(stored, kind),
        }
    }
}

/// The page's view of the delivery options, in `t`'s words, with `error` at its field.
pub(super) struct Views<'a> {
    pub t: &'static Lang,
    /// The stored options (secrets sealed or opened: only whether one is set is read).
    pub stored: &'a Value,
    pub error: Option<&'a FieldError>,
}

impl Views<'_> {
    /// An input labelled by message `label`.
    fn input(&self, name: String, label: &str, kind: &'static str, value: String) -> Input {
        let label = self.t.text(label);
        // The message names the field by its label, as every dashboard message does.
        let error = self
            .error
            .filter(|e| e.field == name)
            .map(|e| relabel(&e.message, &name, &label));
        Input {
            id: id_of(&name),
            name,
            label,
            kind,
            value,
            saved: false,
            hint: String::new(),
            error,
        }
    }

    /// Message `key`, or nothing for no key.
    fn hint(&self, key: &str) -> String {
        if key.is_empty() {
            String::new()
        } else {
            self.t.text(key)
        }
    }

    /// One provider entry from `stored` (its settings) and `source`: its inputs are named
    /// `prefix` + key, and a post's values are read from `read` + key (the place the entry
    /// had on the form that was posted).
    fn provider(
        &self,
        legend: String,
        (prefix, read): (String, &str),
        stored: &Value,
        source: Source,
    ) -> ProviderView {
        let field = |spec: &Spec| {
            let value = source.value(
                &format!("{read}{}", spec.key),
                at(stored, spec.key),
                spec.kind,
            );
            let kind = match spec.kind {
                Kind::Text => "text",
                Kind::Url => "url",
                Kind::Number => "number",
                Kind::Secret => "password",
                Kind::Check => "checkbox",
                Kind::Receipts => "receipts",
            };
            Input {
                saved: spec.kind == Kind::Secret && at(stored, spec.key).is_some(),
                hint: self.hint(spec.hint),
                ..self.input(format!("{prefix}{}", spec.key), spec.label, kind, value)
            }
        };
        let provider = source.value(
            &format!("{read}provider"),
            stored.get("provider"),
            Kind::Text,
        );
        let groups = KINDS
            .iter()
            .filter(|k| SPECS.iter().any(|s| s.kind_of == k.value))
            .map(|k| Group {
                legend: self.t.text(k.label),
                inputs: SPECS
                    .iter()
                    .filter(|s| s.kind_of == k.value)
                    .map(field)
                    .collect(),
            })
            .collect();
        ProviderView {
            legend,
            id: id_of(&prefix),
            provider: Some(provider)
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "twilio".into()),
            kinds: KINDS
                .iter()
                .map(|k| KindChoice {
                    value: k.value,
                    label: self.t.text(k.label),
                })
                .collect(),
            head: Vec::new(),
            common: SPECS
                .iter()
                .filter(|s| s.kind_of.is_empty())
                .map(field)
                .collect(),
            groups,
            prefix,
        }
    }

    /// Failover entry `k`: the provider's fields after its name, position and remove box;
    /// from a post, its values are those of the post's entry `posted`.
    fn failover_entry(
        &self,
        k: usize,
        stored: &Value,
        source: Source,
        posted: usize,
    ) -> ProviderView {
        let read = format!("failover[{posted}].");
        let prefix = format!("failover[{k}].");
        let name = source.value(&format!("{read}name"), stored.get("name"), Kind::Text);
        let adding = name.is_empty() && matches!(source, Source::Stored);
        let legend = if adding {
            self.t.text("dash-conn-failover-add")
        } else {
            let position = (k + 1).to_string();
            let args = [
                ("position", Arg::Text(&position)),
                ("name", Arg::Text(&name)),
            ];
            self.t.format("dash-conn-failover-legend", &args)
        };
        let mut view = self.provider(legend, (prefix.clone(), &read), stored, source);
        view.head = vec![
            self.input(
                format!("{prefix}name"),
                "dash-conn-failover-name",
                "text",
                name,
            ),
            Input {
                hint: self.t.text("dash-conn-failover-position-hint"),
                ..self.input(
                    format!("{prefix}position"),
                    "dash-conn-failover-position",
                    "number",
                    (k + 1).to_string(),
                )
            },
        ];
        if !adding {
            view.head.push(self.input(
                format!("{prefix}remove"),
                "dash-conn-failover-remove",
                "remove",
                String::new(),
            ));
        }
        view
    }

    fn route(&self, k: usize, countries: String, providers: String, adding: bool) -> RouteView {
        let prefix = format!("country_routes[{k}].");
        let mut inputs = vec![
            Input {
                hint: self.t.text("dash-conn-route-countries-hint"),
                ..self.input(
                    format!("{prefix}countries"),
                    "dash-conn-route-countries",
                    "text",
                    countries,
                )
            },
            Input {
                hint: self.t.text("dash-conn-route-providers-hint"),
                ..self.input(
                    format!("{prefix}providers"),
                    "dash-conn-route-providers",
                    "text",
                    providers,
                )
            },
        ];
        if !adding {
            inputs.push(self.input(
                format!("{prefix}remove"),
                "dash-conn-route-remove",
                "remove",
                String::new(),
            ));
        }
        RouteView {
            legend: if adding {
                self.t.text("dash-conn-route-add")
            } else {
                let position = (k + 1).to_string();
                self.t.with("dash-conn-route-legend", "position", &position)
            },
            inputs,
        }
    }

    /// The view of everything, from the stored options or from a refused post over them.
    pub fn build(&self, typed: Option<&Fields>) -> DeliveryView {
        let source = typed.map_or(Source::Stored, Source::Typed);
        let stored_failover = self.stored["failover"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let named = |name: &str| {
            stored_failover
                .iter()
                .find(|p| p["name"] == name)
                .cloned()
                .unwrap_or(Value::Null)
        };
        let mut failover: Vec<ProviderView> = match typed {
            Some(f) if f.has("failover[0].name") => failover_order(f)
                .into_iter()
                .enumerate()
                .map(|(k, i)| {
                    let stored = named(&f.text(&format!("failover[{i}].name")));
                    self.failover_entry(k, &stored, source, i)
                })
                .collect(),
            _ => stored_failover
                .iter()
                .enumerate()
                .map(|(k, p)| self.failover_entry(k, p, Source::Stored, k))
                .collect(),
        };
        failover.push(self.failover_entry(failover.len(), &Value::Null, Source::Stored, 0));
        let joined = |v: &Value| {
            v.as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        };
        let mut routes: Vec<RouteView> = match typed {
            Some(f) if f.has("country_routes[0].countries") => route_rows(f)
                .into_iter()
                .enumerate()
                .map(|(k, i)| {
                    let field = |key: &str| f.text(&format!("country_routes[{i}].{key}"));
                    self.route(k, field("countries"), field("providers"), false)
                })
                .collect(),
            _ => self.stored["country_routes"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(k, r)| {
                    self.route(k, joined(&r["countries"]), joined(&r["providers"]), false)
                })
                .collect(),
        };
        routes.push(self.route(routes.len(), String::new(), String::new(), true));
        let whatsapp = [
            ("from", "dash-conn-whatsapp-from", "tel"),
            ("content_sid", "dash-conn-whatsapp-template", "text"),
            ("code_variable", "dash-conn-whatsapp-variable", "text"),
        ]
        .into_iter()
        .map(|(key, label, kind)| {
            let name = format!("whatsapp.{key}");
            let value = source.value(&name, at(self.stored, &name), Kind::Text);
            self.input(name, label, kind, value)
        })
        .collect();
        DeliveryView {
            primary: self.provider(
                self.t.text("dash-conn-provider"),
                (String::new(), ""),
                self.stored,
                source,
            ),
            failover,
            routes,
            whatsapp,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_page_never_shows_a_secret_and_says_which_are_saved() {
        let stored = json!({"provider": "twilio", "twilio_token": "tok-en-value",
                            "messagebird": {"access_key": "mb-key-value"}});
        let views = Views {
            t: crate::domain::i18n::english(),
            stored: &stored,
            error: None,
        };
        let view = views.build(None);
        let inputs = view
            .primary
            .groups
            .iter()
            .flat_map(|g| &g.inputs)
            .chain(&view.primary.common);
        for i in inputs {
            assert!(!i.value.contains("value"), "{}", i.name);
            if ["twilio_token", "messagebird.access_key"].contains(&i.name.as_str()) {
                assert!(i.saved, "{}", i.name);
            }
        }
        assert_eq!(view.failover.len(), 1, "the blank entry");
        assert_eq!(view.failover[0].head[0].id, "failover-0-name");
    }
}
