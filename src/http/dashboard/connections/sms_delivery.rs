//! The delivery half of an SMS connection's page: the connection's own provider and each
//! failover provider, every one with the fields of each provider kind (Twilio, SMS gateway,
//! Vonage, MessageBird), the country routes and WhatsApp. One table of fields ([`SPECS`])
//! reads a provider's stored settings for the page, reads the form back into Auth0's option
//! names, and names the inputs, so every provider entry is the same code.
//!
//! The form's rules: a field the post carries replaces the stored value (empty removes it), a
//! field it does not carry keeps it; a secret is never written into the page and, left
//! empty, keeps the sealed one (where the domain allows: only while it goes where it was
//! entered). Failover providers are kept in the order of their "position" fields, one is
//! dropped by its "remove" box, and the blank entry after them adds one; country routes
//! likewise. The failover list the domain checks is the one the page shows again after a
//! refusal, in that order, so a refusal's `failover[i].…` lands at its field.

use serde_json::{Map, Value};

use crate::http::dashboard::field_error::FieldError;
use crate::http::dashboard::form::Fields;

/// How a field is typed in and read back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Url,
    Number,
    /// Write-only: never shown; left empty, the stored one is kept.
    Secret,
    /// A checkbox, sent after a hidden `off` so that an unticked box is sent too.
    Check,
    /// Twilio's receipts: default, on or off.
    Receipts,
}

/// One field of a provider's settings: its key in Auth0's option shape (`a.b` is `b`
/// within `a`), its label, and the provider kind it belongs to (`""`: every kind).
struct Spec {
    key: &'static str,
    label: &'static str,
    kind: Kind,
    kind_of: &'static str,
    hint: &'static str,
}

const fn spec(key: &'static str, label: &'static str, kind: Kind, of: &'static str) -> Spec {
    Spec {
        key,
        label,
        kind,
        kind_of: of,
        hint: "",
    }
}

const SPECS: &[Spec] = &[
    spec("from", "From (phone number or sender name)", Kind::Text, ""),
    spec(
        "connect_timeout_ms",
        "Connect timeout (ms)",
        Kind::Number,
        "",
    ),
    spec("timeout_ms", "Request timeout (ms)", Kind::Number, ""),
    spec("twilio_sid", "Twilio Account SID", Kind::Text, "twilio"),
    spec("twilio_token", "Twilio Auth Token", Kind::Secret, "twilio"),
    spec(
        "messaging_service_sid",
        "or Messaging Service SID",
        Kind::Text,
        "twilio",
    ),
    Spec {
        hint: "Change it only for a Twilio edge location (e.g. https://api.dublin.ie1.twilio.com).",
        ..spec("twilio_api_url", "Twilio API URL", Kind::Url, "twilio")
    },
    spec(
        "status_callback",
        "Delivery receipts",
        Kind::Receipts,
        "twilio",
    ),
    spec("gateway_url", "Gateway URL", Kind::Url, "sms_gateway"),
    spec(
        "gateway_authentication.subject",
        "Bearer token subject (sub)",
        Kind::Text,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.audience",
        "Bearer token audience (aud)",
        Kind::Text,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.secret",
        "Bearer token signing secret",
        Kind::Secret,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.secret_base64_encoded",
        "The secret is base64-encoded",
        Kind::Check,
        "sms_gateway",
    ),
    spec(
        "forward_req_info",
        "Send the user's IP address and browser with each text",
        Kind::Check,
        "sms_gateway",
    ),
    spec("vonage_api_key", "Vonage API key", Kind::Text, "vonage"),
    spec(
        "vonage_api_secret",
        "Vonage API secret",
        Kind::Secret,
        "vonage",
    ),
    spec("vonage_api_url", "Vonage API URL", Kind::Url, "vonage"),
    spec(
        "messagebird.access_key",
        "MessageBird access key",
        Kind::Secret,
        "messagebird",
    ),
    spec(
        "messagebird.api_url",
        "MessageBird API URL",
        Kind::Url,
        "messagebird",
    ),
];

/// A choice of a select.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The provider kinds, in the select's order, each with the legend of its fields.
const KINDS: &[Choice] = &[
    Choice {
        value: "twilio",
        label: "Twilio",
    },
    Choice {
        value: "sms_gateway",
        label: "SMS gateway (Auth0's custom gateway contract)",
    },
    Choice {
        value: "vonage",
        label: "Vonage",
    },
    Choice {
        value: "messagebird",
        label: "MessageBird",
    },
    Choice {
        value: "log",
        label: "Development: write texts to the server log",
    },
];

/// The most failover providers and country routes the form reads.
const MOST: usize = 50;

/// One input as the page shows it.
pub(super) struct Input {
    pub name: String,
    pub id: String,
    pub label: &'static str,
    /// `text`, `url`, `number`, `password`, `checkbox`, `receipts` or `tel`.
    pub kind: &'static str,
    /// Never a secret's value.
    pub value: String,
    /// A secret that is stored (and kept when left empty).
    pub saved: bool,
    pub hint: &'static str,
    pub error: Option<String>,
}

/// A provider kind's fields in one entry.
pub(super) struct Group {
    pub legend: &'static str,
    pub inputs: Vec<Input>,
}

/// One provider entry: the connection's own, a failover one, or the blank one that adds.
pub(super) struct ProviderView {
    pub legend: String,
    /// Form names start with it (`failover[0].`), ids with `id` (`failover-0-`).
    pub prefix: String,
    pub id: String,
    pub provider: String,
    pub kinds: &'static [Choice],
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

/// A form name as an element id: `failover[0].twilio_sid` is `failover-0-twilio_sid`.
fn id_of(name: &str) -> String {
    name.replace("].", "-").replace(['[', ']', '.'], "-")
}

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// Sets (or, with `None`, removes) `path` in `map`, making the objects on the way.
fn put(map: &mut Map<String, Value>, path: &str, value: Option<Value>) {
    match (path.split_once('.'), value) {
        (None, Some(v)) => {
            map.insert(path.into(), v);
        }
        (None, None) => {
            map.remove(path);
        }
        (Some((outer, inner)), value) => {
            if value.is_none() && !map.contains_key(outer) {
                return;
            }
            let entry = map
                .entry(outer)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(o) = entry.as_object_mut() {
                put(o, inner, value);
            }
        }
    }
}

/// A stored value as its field shows it.
fn shown(value: Option<&Value>, kind: Kind) -> String {
    match (value, kind) {
        (_, Kind::Secret) | (None | Some(Value::Null), _) => String::new(),
        (Some(Value::Bool(b)), Kind::Receipts) => if *b { "on" } else { "off" }.into(),
        (Some(Value::Bool(b)), _) => if *b { "on" } else { "" }.into(),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(other), _) => other.to_string(),
    }
}

/// What the post says of field `name`: `None` when it does not carry it (keep), else the
/// value to set (`Some(None)`: remove).
fn typed(fields: &Fields, name: &str, kind: Kind) -> Result<Option<Option<Value>>, FieldError> {
    if !fields.has(name) {
        return Ok(None);
    }
    let text = fields.opt(name);
    Ok(Some(match kind {
        Kind::Text | Kind::Url | Kind::Secret => text.map(Value::String),
        Kind::Number => match text {
            None => None,
            Some(t) => Some(Value::from(t.parse::<u64>().map_err(|_| {
                FieldError::at(name, format!("{name} must be a whole number"))
            })?)),
        },
        Kind::Check => fields.checked(name).then_some(Value::Bool(true)),
        Kind::Receipts => match text.as_deref() {
            Some("on") => Some(Value::Bool(true)),
            Some("off") => Some(Value::Bool(false)),
            _ => None,
        },
    }))
}

/// The post's changes to one provider's settings `map` (its keys at the top of `map`),
/// from the fields named `prefix` + key.
fn apply(map: &mut Map<String, Value>, fields: &Fields, prefix: &str) -> Result<(), FieldError> {
    if let Some(p) = fields.opt(&format!("{prefix}provider")) {
        map.insert("provider".into(), Value::String(p));
    }
    for spec in SPECS {
        if spec.kind == Kind::Secret {
            // Only a typed secret is sent: left out, the domain keeps the sealed one where
            // it still goes where it was entered.
            put(map, spec.key, None);
        }
        if let Some(value) = typed(fields, &format!("{prefix}{}", spec.key), spec.kind)? {
            put(map, spec.key, value);
        }
    }
    let has = |m: &Map<String, Value>, k: &str| m.get(k).is_some_and(|v| v != "");
    if let Some(auth) = map
        .get_mut("gateway_authentication")
        .and_then(Value::as_object_mut)
    {
        if !has(auth, "subject") && !has(auth, "audience") && !has(auth, "secret") {
            map.remove("gateway_authentication");
        } else {
            // Auth0 knows one method; a missing claim is left empty for the domain to refuse
            // at its field.
            auth.insert("method".into(), "bearer".into());
            for claim in ["subject", "audience"] {
                auth.entry(claim).or_insert_with(|| "".into());
            }
        }
    }
    if map.get("provider").and_then(Value::as_str) == Some("messagebird") {
        // Where the stored access key is kept, even when nothing else is set.
        map.entry("messagebird")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(())
}

/// The index in `failover[i].` of a field name.
fn index_in(field: &str, list: &str) -> Option<usize> {
    let rest = field.strip_prefix(list)?.strip_prefix('[')?;
    rest[..rest.find(']')?].parse().ok()
}

/// The same refusal at entry `to` of `list` instead of entry `from`.
fn moved(mut e: FieldError, list: &str, from: usize, to: usize) -> FieldError {
    if index_in(&e.field, list) == Some(from) {
        let old = format!("{list}[{from}]");
        e.field = e.field.replacen(&old, &format!("{list}[{to}]"), 1);
        e.message = e.message.replacen(&old, &format!("{list}[{to}]"), 1);
    }
    e
}

/// Whether every text field of entry `prefix` is empty (the blank entry left blank).
fn blank(fields: &Fields, prefix: &str, keys: impl IntoIterator<Item = &'static str>) -> bool {
    keys.into_iter()
        .all(|k| fields.opt(&format!("{prefix}{k}")).is_none())
}

/// The failover entries the post keeps, as form indices, in their new order.
fn failover_order(fields: &Fields) -> Vec<usize> {
    let mut kept: Vec<(i64, usize)> = (0..MOST)
        .take_while(|i| fields.has(&format!("failover[{i}].name")))
        .filter(|i| {
            let prefix = format!("failover[{i}].");
            let text_keys = SPECS
                .iter()
                .filter(|s| !matches!(s.kind, Kind::Check | Kind::Receipts))
                .map(|s| s.key);
            !fields.checked(&format!("{prefix}remove"))
                && !blank(fields, &prefix, std::iter::once("name").chain(text_keys))
        })
        .map(|i| {
            let position = fields.text(&format!("failover[{i}].position")).parse();
            (position.unwrap_or(i as i64 + 1), i)
        })
        .collect();
    kept.sort();
    kept.into_iter().map(|(_, i)| i).collect()
}

/// The country-route rows the post keeps, as form indices.
fn route_rows(fields: &Fields) -> Vec<usize> {
    (0..MOST)
        .take_while(|i| fields.has(&format!("country_routes[{i}].countries")))
        .filter(|i| {
            let prefix = format!("country_routes[{i}].");
            !fields.checked(&format!("{prefix}remove"))
                && !blank(fields, &prefix, ["countries", "providers"])
        })
        .collect()
}

/// A list typed as words, commas or spaces between them.
fn words(text: &str) -> Vec<Value> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| Value::String(w.to_string()))
        .collect()
}

/// The post's changes to the delivery options in `map` (the stored options): the own
/// provider's fields, and the failover list, the routes and WhatsApp when the post carries
/// them.
pub(super) fn merge(map: &mut Map<String, Value>, fields: &Fields) -> Result<(), FieldError> {
    apply(map, fields, "")?;
    if fields.has("failover[0].name") {
        let stored = map.remove("failover").unwrap_or_default();
        let mut list = Vec::new();
        for (k, i) in failover_order(fields).into_iter().enumerate() {
            let prefix = format!("failover[{i}].");
            let name = fields.text(&format!("{prefix}name"));
            let mut entry = stored
                .as_array()
                .and_then(|l| l.iter().find(|p| p["name"] == name.as_str()))
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            entry.insert("name".into(), Value::String(name));
            apply(&mut entry, fields, &prefix).map_err(|e| moved(e, "failover", i, k))?;
            list.push(Value::Object(entry));
        }
        put(
            map,
            "failover",
            Some(list).filter(|l| !l.is_empty()).map(Value::Array),
        );
    }
    if fields.has("country_routes[0].countries") {
        let routes: Vec<Value> = route_rows(fields)
            .into_iter()
            .map(|i| {
                let field = |k: &str| fields.text(&format!("country_routes[{i}].{k}"));
                let countries = words(&field("countries").to_uppercase());
                serde_json::json!({"countries": countries, "providers": words(&field("providers"))})
            })
            .collect();
        put(
            map,
            "country_routes",
            Some(routes).filter(|r| !r.is_empty()).map(Value::Array),
        );
    }
    if fields.has("whatsapp.from") {
        let field = |k: &str| fields.text(&format!("whatsapp.{k}"));
        let whatsapp = (!blank(fields, "whatsapp.", ["from", "content_sid"])).then(|| {
            let variable = Some(field("code_variable")).filter(|v| !v.is_empty());
            serde_json::json!({"from": field("from"), "content_sid": field("content_sid"),
                               "code_variable": variable.unwrap_or_else(|| "1".into())})
        });
        put(map, "whatsapp", whatsapp);
    }
    Ok(())
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

/// The page's view of the delivery options, with `error` at its field.
pub(super) struct Views<'a> {
    /// The stored options (secrets sealed or opened: only whether one is set is read).
    pub stored: &'a Value,
    pub error: Option<&'a FieldError>,
}

impl Views<'_> {
    fn input(&self, name: String, label: &'static str, kind: &'static str, value: String) -> Input {
        let error = self
            .error
            .filter(|e| e.field == name)
            .map(|e| e.message.clone());
        Input {
            id: id_of(&name),
            name,
            label,
            kind,
            value,
            saved: false,
            hint: "",
            error,
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
                hint: spec.hint,
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
                legend: k.label,
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
            kinds: KINDS,
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
            "Add a failover provider".to_string()
        } else {
            format!("Failover provider {}: {name}", k + 1)
        };
        let mut view = self.provider(legend, (prefix.clone(), &read), stored, source);
        view.head = vec![
            self.input(
                format!("{prefix}name"),
                "Name (for the log and the routes)",
                "text",
                name,
            ),
            Input {
                hint: "Lower numbers are tried first.",
                ..self.input(
                    format!("{prefix}position"),
                    "Position",
                    "number",
                    (k + 1).to_string(),
                )
            },
        ];
        if !adding {
            view.head.push(self.input(
                format!("{prefix}remove"),
                "Remove this provider",
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
                hint: "ISO region codes, e.g. IN, LK.",
                ..self.input(format!("{prefix}countries"), "Countries", "text", countries)
            },
            Input {
                hint: "Provider names in the order they are tried; the connection's own provider is named by its kind (e.g. twilio).",
                ..self.input(format!("{prefix}providers"), "Providers", "text", providers)
            },
        ];
        if !adding {
            inputs.push(self.input(
                format!("{prefix}remove"),
                "Remove this route",
                "remove",
                String::new(),
            ));
        }
        RouteView {
            legend: if adding {
                "Add a country route".into()
            } else {
                format!("Country route {}", k + 1)
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
            ("from", "WhatsApp sender (E.164)", "tel"),
            (
                "content_sid",
                "Approved template (Content SID, HX…)",
                "text",
            ),
            (
                "code_variable",
                "Template variable that holds the code",
                "text",
            ),
        ]
        .into_iter()
        .map(|(key, label, kind)| {
            let name = format!("whatsapp.{key}");
            let value = source.value(&name, at(self.stored, &name), Kind::Text);
            self.input(name, label, kind, value)
        })
        .collect();
        DeliveryView {
            primary: self.provider("Provider".into(), (String::new(), ""), self.stored, source),
            failover,
            routes,
            whatsapp,
        }
    }
}

/// Whether `field` is one of this half's form names.
pub(super) fn is_field(field: &str) -> bool {
    let key = match field
        .strip_prefix("failover[")
        .and_then(|r| r.split_once("]."))
    {
        Some((_, "name" | "position")) => return true,
        Some((_, key)) => key,
        None => field,
    };
    key == "provider"
        || field.starts_with("country_routes[")
        || field.starts_with("whatsapp.")
        || SPECS.iter().any(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn merged(stored: Value, form: &str) -> Result<Value, FieldError> {
        let mut map = stored.as_object().cloned().unwrap_or_default();
        merge(&mut map, &Fields::parse(form.as_bytes()))?;
        Ok(Value::Object(map))
    }

    #[test]
    fn a_field_the_post_leaves_out_is_kept_and_a_secret_only_typed() {
        let stored = json!({"provider": "vonage", "vonage_api_key": "abcd1234",
                            "vonage_api_secret": "sealed", "from": "Acme",
                            "failover": [{"name": "b", "provider": "log"}]});
        let o = merged(stored, "provider=vonage&from=Acme2").unwrap();
        assert_eq!(o["vonage_api_key"], "abcd1234");
        assert_eq!(o["from"], "Acme2");
        assert!(o.get("vonage_api_secret").is_none(), "the domain keeps it");
        assert_eq!(o["failover"][0]["name"], "b", "no failover fields: kept");
    }

    #[test]
    fn failover_entries_are_ordered_removed_and_added_and_errors_follow_them() {
        let stored = json!({"provider": "log", "failover": [
            {"name": "a", "provider": "log"}, {"name": "b", "provider": "log", "timeout_ms": 900}]});
        let form = "provider=log\
            &failover[0].name=a&failover[0].provider=log&failover[0].position=2\
            &failover[1].name=b&failover[1].provider=log&failover[1].position=1\
            &failover[2].name=&failover[2].provider=twilio&failover[2].position=3";
        let o = merged(stored.clone(), form).unwrap();
        assert_eq!(o["failover"][0]["name"], "b");
        assert_eq!(
            o["failover"][0]["timeout_ms"], 900,
            "kept from the stored entry"
        );
        assert_eq!(o["failover"][1]["name"], "a");
        assert_eq!(
            o["failover"].as_array().map(Vec::len),
            Some(2),
            "the blank entry adds none"
        );
        let removed = merged(stored.clone(), &format!("{form}&failover[1].remove=on")).unwrap();
        assert_eq!(
            removed["failover"],
            json!([{"name": "a", "provider": "log"}])
        );
        let added = merged(
            stored.clone(),
            &form.replace(
                "failover[2].name=",
                "failover[2].name=tw&failover[2].twilio_sid=AC1",
            ),
        )
        .unwrap();
        assert_eq!(added["failover"][2]["name"], "tw");
        assert_eq!(added["failover"][2]["provider"], "twilio");
        // Entry 1 of the form is entry 0 of the list: its refusal is shown there.
        let refused = merged(stored, &format!("{form}&failover[1].timeout_ms=soon")).err();
        assert_eq!(
            refused.map(|e| e.field),
            Some("failover[0].timeout_ms".into())
        );
    }

    #[test]
    fn routes_whatsapp_and_a_gateways_bearer_read_as_auth0s_options() {
        let form = "provider=sms_gateway&gateway_url=https://gw.example/sms\
            &gateway_authentication.subject=urn:a&gateway_authentication.audience=urn:b\
            &gateway_authentication.secret=&gateway_authentication.secret_base64_encoded=off\
            &forward_req_info=off&forward_req_info=on\
            &country_routes[0].countries=in,+lk&country_routes[0].providers=backup+sms_gateway\
            &country_routes[1].countries=&country_routes[1].providers=\
            &whatsapp.from=&whatsapp.content_sid=&whatsapp.code_variable=";
        let o = merged(json!({"whatsapp": {"from": "+1"}}), form).unwrap();
        assert_eq!(
            o["gateway_authentication"],
            json!({"method": "bearer", "subject": "urn:a", "audience": "urn:b"})
        );
        assert_eq!(o["forward_req_info"], true);
        assert_eq!(
            o["country_routes"],
            json!([{"countries": ["IN", "LK"], "providers": ["backup", "sms_gateway"]}])
        );
        assert!(o.get("whatsapp").is_none(), "emptied: removed");
        let cleared = merged(
            o,
            "gateway_authentication.subject=&gateway_authentication.audience=",
        )
        .unwrap();
        assert!(cleared.get("gateway_authentication").is_none());
    }

    #[test]
    fn the_page_never_shows_a_secret_and_says_which_are_saved() {
        let stored = json!({"provider": "twilio", "twilio_token": "tok-en-value",
                            "messagebird": {"access_key": "mb-key-value"}});
        let views = Views {
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
        assert!(is_field("failover[3].twilio_sid") && is_field("country_routes[0].providers"));
        assert!(!is_field("pumping_protection.prefix_digits"));
    }
}
