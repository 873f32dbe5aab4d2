//! The delivery half of an SMS connection's page: the connection's own provider and each
//! failover provider, every one with the fields of each provider kind (Twilio, Twilio
//! Verify, SMS gateway, Vonage, MessageBird), the country routes and WhatsApp: reading the post back into the
//! stored options here, the page's view of them in [`super::sms_delivery_view`]. One table
//! of fields ([`SPECS`])
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

use crate::domain::i18n::Lang;
use crate::http::dashboard::field_error::FieldError;
use crate::http::dashboard::form::Fields;

/// How a field is typed in and read back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
/// within `a`), its label's message key, the provider kind it belongs to (`""`: every
/// kind), and its hint's message key (`""`: none).
pub(super) struct Spec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub kind_of: &'static str,
    pub hint: &'static str,
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

pub(super) const SPECS: &[Spec] = &[
    spec("from", "dash-conn-field-from", Kind::Text, ""),
    spec(
        "connect_timeout_ms",
        "dash-conn-field-connect-timeout",
        Kind::Number,
        "",
    ),
    spec("timeout_ms", "dash-conn-field-timeout", Kind::Number, ""),
    spec(
        "twilio_sid",
        "dash-conn-field-twilio-sid",
        Kind::Text,
        "twilio",
    ),
    spec(
        "twilio_token",
        "dash-conn-field-twilio-token",
        Kind::Secret,
        "twilio",
    ),
    spec(
        "messaging_service_sid",
        "dash-conn-field-messaging-service",
        Kind::Text,
        "twilio",
    ),
    Spec {
        hint: "dash-conn-field-twilio-url-hint",
        ..spec(
            "twilio_api_url",
            "dash-conn-field-twilio-url",
            Kind::Url,
            "twilio",
        )
    },
    spec(
        "status_callback",
        "dash-conn-field-receipts",
        Kind::Receipts,
        "twilio",
    ),
    Spec {
        hint: "dash-conn-field-verify-sid-hint",
        ..spec(
            "verify_service_sid",
            "dash-conn-field-verify-sid",
            Kind::Text,
            "twilio_verify",
        )
    },
    spec(
        "twilio_verify_api_url",
        "dash-conn-field-verify-url",
        Kind::Url,
        "twilio_verify",
    ),
    spec(
        "gateway_url",
        "dash-conn-field-gateway-url",
        Kind::Url,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.subject",
        "dash-conn-field-gateway-sub",
        Kind::Text,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.audience",
        "dash-conn-field-gateway-aud",
        Kind::Text,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.secret",
        "dash-conn-field-gateway-secret",
        Kind::Secret,
        "sms_gateway",
    ),
    spec(
        "gateway_authentication.secret_base64_encoded",
        "dash-conn-field-gateway-base64",
        Kind::Check,
        "sms_gateway",
    ),
    spec(
        "forward_req_info",
        "dash-conn-field-forward-info",
        Kind::Check,
        "sms_gateway",
    ),
    spec(
        "vonage_api_key",
        "dash-conn-field-vonage-key",
        Kind::Text,
        "vonage",
    ),
    spec(
        "vonage_api_secret",
        "dash-conn-field-vonage-secret",
        Kind::Secret,
        "vonage",
    ),
    spec(
        "vonage_api_url",
        "dash-conn-field-vonage-url",
        Kind::Url,
        "vonage",
    ),
    spec(
        "messagebird.access_key",
        "dash-conn-field-messagebird-key",
        Kind::Secret,
        "messagebird",
    ),
    spec(
        "messagebird.api_url",
        "dash-conn-field-messagebird-url",
        Kind::Url,
        "messagebird",
    ),
];

/// A choice of a select: its value and its label's message key.
pub(super) struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// The provider kinds, in the select's order, each with the legend of its fields.
pub(super) const KINDS: &[Choice] = &[
    Choice {
        value: "twilio",
        label: "dash-conn-kind-twilio",
    },
    Choice {
        value: "twilio_verify",
        label: "dash-conn-kind-twilio-verify",
    },
    Choice {
        value: "sms_gateway",
        label: "dash-conn-kind-gateway",
    },
    Choice {
        value: "vonage",
        label: "dash-conn-kind-vonage",
    },
    Choice {
        value: "messagebird",
        label: "dash-conn-kind-messagebird",
    },
    Choice {
        value: "log",
        label: "dash-conn-kind-log",
    },
];

/// The most failover providers and country routes the form reads.
const MOST: usize = 50;

/// A form name as an element id: `failover[0].twilio_sid` is `failover-0-twilio_sid`.
pub(super) fn id_of(name: &str) -> String {
    name.replace("].", "-").replace(['[', ']', '.'], "-")
}

pub(super) fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
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
pub(super) fn shown(value: Option<&Value>, kind: Kind) -> String {
    match (value, kind) {
        (_, Kind::Secret) | (None | Some(Value::Null), _) => String::new(),
        (Some(Value::Bool(b)), Kind::Receipts) => if *b { "on" } else { "off" }.into(),
        (Some(Value::Bool(b)), _) => if *b { "on" } else { "" }.into(),
        (Some(Value::String(s)), _) => s.clone(),
        (Some(other), _) => other.to_string(),
    }
}

/// What the post says of field `name` (of `spec`): `None` when it does not carry it
/// (keep), else the value to set (`Some(None)`: remove); a number that does not read is
/// refused in `t`'s words.
fn typed(
    fields: &Fields,
    name: &str,
    spec: &Spec,
    t: &Lang,
) -> Result<Option<Option<Value>>, FieldError> {
    if !fields.has(name) {
        return Ok(None);
    }
    let text = fields.opt(name);
    Ok(Some(match spec.kind {
        Kind::Text | Kind::Url | Kind::Secret => text.map(Value::String),
        Kind::Number => match text {
            None => None,
            Some(n) => Some(Value::from(n.parse::<u64>().map_err(|_| {
                let label = t.text(spec.label);
                FieldError::at(name, t.with("dash-conn-whole-number", "field", &label))
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
fn apply(
    map: &mut Map<String, Value>,
    fields: &Fields,
    prefix: &str,
    t: &Lang,
) -> Result<(), FieldError> {
    if let Some(p) = fields.opt(&format!("{prefix}provider")) {
        map.insert("provider".into(), Value::String(p));
    }
    for spec in SPECS {
        if spec.kind == Kind::Secret {
            // Only a typed secret is sent: left out, the domain keeps the sealed one where
            // it still goes where it was entered.
            put(map, spec.key, None);
        }
        if let Some(value) = typed(fields, &format!("{prefix}{}", spec.key), spec, t)? {
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
pub(super) fn failover_order(fields: &Fields) -> Vec<usize> {
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
pub(super) fn route_rows(fields: &Fields) -> Vec<usize> {
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
/// them. A value the form cannot read is refused in `t`'s words.
pub(super) fn merge(
    map: &mut Map<String, Value>,
    fields: &Fields,
    t: &Lang,
) -> Result<(), FieldError> {
    apply(map, fields, "", t)?;
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
            apply(&mut entry, fields, &prefix, t).map_err(|e| moved(e, "failover", i, k))?;
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

/// The message key of a delivery field's label (`failover[1].twilio_sid`'s is the one of
/// "Twilio Account SID").
pub(super) fn label_of(field: &str) -> Option<&'static str> {
    let key = field
        .strip_prefix("failover[")
        .and_then(|r| r.split_once("]."))
        .map_or(field, |(_, key)| key);
    SPECS.iter().find(|s| s.key == key).map(|s| s.label)
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
        merge(
            &mut map,
            &Fields::parse(form.as_bytes()),
            crate::domain::i18n::english(),
        )?;
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
    fn delivery_refusals_are_shown_at_their_fields() {
        assert!(is_field("failover[3].twilio_sid") && is_field("country_routes[0].providers"));
        assert!(is_field("failover[0].position") && is_field("whatsapp.content_sid"));
        assert!(!is_field("pumping_protection.prefix_digits"));
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
}
