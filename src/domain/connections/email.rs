//! Email connections: Auth0's options for them (templates, code length and lifetime, magic
//! link parameters, sign-up), their checks (each template must render and show the code or
//! the link), and the stored form. Rendering is [`super::email_template`]'s.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::domain::crypto::ServerKeys;
use crate::domain::email_address::parse_address;
use crate::domain::model::{ConnectionRecord, Strategy};
use crate::domain::otp::Totp;
use crate::domain::validation::FieldError;

use super::email_template::html_escape;
pub use super::email_template::{EmailSyntax, EmailTemplate, RenderedEmail};
use crate::domain::channels::message::Outgoing;
pub use crate::domain::channels::message::SendMode;

/// Email codes and links live five minutes by default (the value in every Auth0 example);
/// three minutes, Auth0's SMS default, is short for a trip through a mail client.
pub const DEFAULT_EMAIL_TIME_STEP: i64 = 300;
/// A template longer than this is refused when the connection is saved.
pub const MAX_EMAIL_TEMPLATE_LEN: usize = 65_536;

/// The parameters a magic link may carry to `verify_redirect` (what auth0.js puts there).
pub const LINK_PARAMS: &[&str] = &[
    "response_type",
    "response_mode",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "audience",
    "code_challenge",
    "code_challenge_method",
    "protocol",
];

/// Auth0 stores `authParams` as a JSON string; a table is accepted too.
#[derive(Deserialize)]
#[serde(untagged)]
enum AuthParamsInput {
    Text(String),
    Map(BTreeMap<String, serde_json::Value>),
}

fn auth_params_from<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let map = match AuthParamsInput::deserialize(d)? {
        AuthParamsInput::Map(m) => m,
        AuthParamsInput::Text(t) if t.trim().is_empty() => BTreeMap::new(),
        AuthParamsInput::Text(t) => serde_json::from_str(&t).map_err(|e| {
            serde::de::Error::custom(format!("authParams must be a JSON object: {e}"))
        })?,
    };
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            serde_json::Value::Number(n) => Ok((k, n.to_string())),
            serde_json::Value::Bool(b) => Ok((k, b.to_string())),
            _ => Err(serde::de::Error::custom(format!(
                "authParams.{k} must be a string"
            ))),
        })
        .collect()
}

/// An email connection's options, with Auth0's names (plus `confirm_magic_link`). Absent
/// keys take [`EmailOptions::default`]'s values.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EmailOptions {
    pub email: EmailTemplate,
    pub totp: Totp,
    pub disable_signup: bool,
    pub brute_force_protection: bool,
    /// Default parameters of magic links; the start call's `authParams` win.
    #[serde(
        rename = "authParams",
        default,
        deserialize_with = "auth_params_from",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub auth_params: BTreeMap<String, String>,
    /// Opening a magic link shows a page whose button logs in, so a mail scanner that
    /// fetches the link does not use it up (ours; on by default). `false` restores Auth0's
    /// behaviour: the first GET logs in.
    pub confirm_magic_link: bool,
    /// Auth0 repeats the connection name inside its options; accepted and ignored.
    pub name: Option<String>,
}

impl Default for EmailOptions {
    fn default() -> Self {
        Self {
            email: EmailTemplate::default(),
            totp: Totp {
                length: 6,
                time_step: DEFAULT_EMAIL_TIME_STEP,
            },
            disable_signup: false,
            brute_force_protection: true,
            auth_params: BTreeMap::new(),
            confirm_magic_link: true,
            name: None,
        }
    }
}

impl EmailOptions {
    /// The `email` connection made at first start: the defaults with the built-in
    /// templates written out, as Auth0 stores its own, so an export (auth0-deploy-cli's)
    /// re-imports with a body that shows the code.
    pub fn first_start() -> Self {
        Self {
            email: EmailTemplate::built_in(),
            ..Self::default()
        }
    }

    /// Checks every option; the error names the offending key.
    pub fn validate(&self) -> Result<(), FieldError> {
        self.totp.validate()?;
        for key in self.auth_params.keys() {
            if !LINK_PARAMS.contains(&key.as_str()) {
                return Err(FieldError::new(
                    format!("authParams.{key}"),
                    format!(
                        "is not a link parameter (known: {})",
                        LINK_PARAMS.join(", ")
                    ),
                ));
            }
        }
        let t = &self.email;
        for (key, value) in [
            ("email.from", &t.from),
            ("email.subject", &t.subject),
            ("email.body", &t.body),
            ("email.text_body", &t.text_body),
        ] {
            if value
                .as_ref()
                .is_some_and(|v| v.len() > MAX_EMAIL_TEMPLATE_LEN)
            {
                return Err(FieldError::new(
                    key,
                    format!("is longer than {MAX_EMAIL_TEMPLATE_LEN} bytes"),
                ));
            }
        }
        for send in [SendMode::Code, SendMode::Link] {
            for lang in ["en-US", "fr-FR"] {
                let ctx = Outgoing {
                    recipient: "someone@example.com",
                    code: "918273",
                    application_name: "Sample App",
                    request_language: Some(lang),
                    send,
                    link: "https://auth.example.com/passwordless/verify_redirect?verification_code=918273&a=b",
                    request: crate::domain::ports::RequestInfo::default(),
                    tenant: Default::default(),
                };
                let message = self
                    .render(&ctx)
                    .map_err(|e| FieldError::general(e.to_string()))?;
                let shown = match send {
                    SendMode::Code => ctx.code.to_string(),
                    _ => ctx.link.to_string(),
                };
                if !message.html.contains(&shown) && !message.html.contains(&html_escape(&shown)) {
                    let shown_as = if send == SendMode::Code {
                        "code"
                    } else {
                        "link"
                    };
                    return Err(FieldError::new(
                        "email.body",
                        format!(
                            "never shows the {shown_as} when send is {:?} (use {{{{ {shown_as} }}}})",
                            send.as_str(),
                        ),
                    ));
                }
                if let Some(from) = &message.from {
                    check_sender(from)?;
                }
            }
        }
        Ok(())
    }

    pub fn to_record(&self, name: &str) -> Result<ConnectionRecord, DomainError> {
        self.validate()
            .map_err(|e| DomainError::invalid_field_of(format!("connection {name}"), e))?;
        Ok(ConnectionRecord {
            name: name.into(),
            strategy: Strategy::Email,
            options: serde_json::to_value(self).map_err(DomainError::internal)?,
        })
    }

    /// Email options hold no secrets (the SMTP password is the provider's), so `_keys` is
    /// unused; it keeps the signature the same as the SMS connection's.
    pub fn from_record(record: &ConnectionRecord, _keys: &ServerKeys) -> Result<Self, DomainError> {
        serde_json::from_value(record.options.clone())
            .map_err(|e| DomainError::Internal(format!("connection {}: {e}", record.name)))
    }

    /// The subject, bodies and sender for one start; the lifetime it announces is the
    /// code's, rounded up to minutes.
    pub fn render(&self, out: &Outgoing<'_>) -> Result<RenderedEmail, DomainError> {
        self.email.render(out, (self.totp.time_step + 59) / 60)
    }
}

/// A sender: `address` or `Name <address>`.
fn check_sender(from: &str) -> Result<(), FieldError> {
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(open), Some(close)) if open < close => &from[open + 1..close],
        _ => from,
    };
    parse_address(address).map(|_| ()).map_err(|_| {
        FieldError::labelled(
            "email.from",
            format!("{from:?} is not an address like Name <login@example.com>"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(send: SendMode, lang: Option<&'static str>) -> Outgoing<'static> {
        Outgoing {
            recipient: "ana@example.com",
            code: "042917",
            application_name: "Acme <Notes>",
            request_language: lang,
            send,
            link: "https://auth.example.com/passwordless/verify_redirect?verification_code=042917&email=a%40b.co",
            request: crate::domain::ports::RequestInfo::default(),
            tenant: Default::default(),
        }
    }

    #[test]
    fn the_first_start_connection_keeps_the_built_in_templates_and_their_languages() {
        let stored = EmailOptions::first_start();
        stored.validate().unwrap();
        let json = serde_json::to_value(&stored).unwrap();
        assert!(json["email"]["body"].as_str().unwrap().contains("{{ code"));
        // exported and imported again, it is the same connection
        let back: EmailOptions = serde_json::from_value(json).unwrap();
        back.validate().unwrap();
        assert_eq!(back, stored);
        for lang in [None, Some("fr-FR")] {
            let built_in = EmailOptions::default()
                .render(&ctx(SendMode::Code, lang))
                .unwrap();
            assert_eq!(stored.render(&ctx(SendMode::Code, lang)).unwrap(), built_in);
        }
        let french = stored.render(&ctx(SendMode::Code, Some("fr-FR"))).unwrap();
        let english = stored.render(&ctx(SendMode::Code, None)).unwrap();
        assert_ne!(french.subject, english.subject);
        // an edited body is the operator's own, in every language
        let mut edited = EmailOptions::first_start();
        edited.email.body = Some("<p>{{ code }}</p>".into());
        let m = edited.render(&ctx(SendMode::Code, Some("fr-FR"))).unwrap();
        assert_eq!(m.html, "<p>042917</p>");
    }

    #[test]
    fn builtin_templates_show_the_code_or_the_link_in_both_parts() {
        let options = EmailOptions::default();
        options.validate().unwrap();
        for lang in [None, Some("fr-CA,fr;q=0.9"), Some("de-DE, en;q=0.5")] {
            let m = options.render(&ctx(SendMode::Code, lang)).unwrap();
            assert!(
                m.html.contains("042917") && m.text.contains("042917"),
                "{m:?}"
            );
            assert!(!m.html.contains("verify_redirect"), "{}", m.html);
            let m = options.render(&ctx(SendMode::Link, lang)).unwrap();
            assert!(
                m.text.contains(ctx(SendMode::Link, lang).link),
                "{}",
                m.text
            );
            assert!(
                m.html
                    .contains(&html_escape(ctx(SendMode::Link, lang).link)),
                "{}",
                m.html
            );
            // the application name is escaped in HTML
            assert!(m.html.contains("Acme &lt;Notes&gt;"), "{}", m.html);
            assert!(!m.subject.contains('\n'));
        }
    }

    #[test]
    fn the_language_picks_the_builtin_template() {
        let options = EmailOptions::default();
        let en = options.render(&ctx(SendMode::Code, Some("en-GB"))).unwrap();
        let fr = options
            .render(&ctx(SendMode::Code, Some("fr-FR,en;q=0.8")))
            .unwrap();
        let other = options.render(&ctx(SendMode::Code, Some("sw-KE"))).unwrap();
        assert_ne!(en.subject, fr.subject);
        assert_eq!(en.subject, other.subject);
        assert!(fr.html.contains("lang=\"fr\""), "{}", fr.html);
    }

    #[test]
    fn the_built_in_email_speaks_every_language_with_its_counts_and_direction() {
        let options = EmailOptions::default();
        let ja = options.render(&ctx(SendMode::Code, Some("ja"))).unwrap();
        assert_eq!(ja.subject, "Acme <Notes> の確認コード");
        assert!(ja.html.contains("lang=\"ja\" dir=\"ltr\""), "{}", ja.html);
        assert!(
            ja.text.contains("042917") && ja.text.contains("分"),
            "{}",
            ja.text
        );
        let ar = options.render(&ctx(SendMode::Link, Some("ar-EG"))).unwrap();
        assert!(ar.html.contains("lang=\"ar\" dir=\"rtl\""), "{}", ar.html);
        assert!(ar.text.contains("ana@example.com"), "{}", ar.text);
        // The words are escaped in HTML once: the app's name, not markup.
        assert!(ar.html.contains("Acme &lt;Notes&gt;") && !ar.html.contains("<Notes>"));
        let de = options.render(&ctx(SendMode::LinkIos, Some("de"))).unwrap();
        assert!(
            de.text.contains("App Acme <Notes> installiert"),
            "{}",
            de.text
        );
        for lang in crate::domain::model::PAGE_LOCALES {
            for send in [SendMode::Code, SendMode::Link, SendMode::LinkAndroid] {
                let m = options.render(&ctx(send, Some(lang))).unwrap();
                assert!(
                    !m.html.contains('{') && !m.text.contains('{'),
                    "{lang}: {}",
                    m.text
                );
                assert!(m.html.contains(&format!("lang=\"{lang}\"")), "{lang}");
            }
        }
    }

    #[test]
    fn a_custom_body_gets_a_text_part_that_shows_the_link() {
        let options = EmailOptions {
            email: EmailTemplate {
                from: Some("{{ application.name }} <login@example.com>".into()),
                subject: Some("Sign in to {{ application.name }}".into()),
                body: Some("<html><body><p>Hello {{ email }}</p>{% if send == 'code' %}<p>Code: <b>{{ code }}</b></p>{% else %}<a href=\"{{ link }}\">Log in</a>{% endif %}</body></html>".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        options.validate().unwrap();
        let m = options.render(&ctx(SendMode::Link, None)).unwrap();
        assert!(m.text.starts_with("Hello ana@example.com"), "{}", m.text);
        assert!(
            m.text.contains(ctx(SendMode::Link, None).link),
            "{}",
            m.text
        );
        assert_eq!(m.from.as_deref(), Some("Acme <Notes> <login@example.com>"));
        let m = options.render(&ctx(SendMode::Code, None)).unwrap();
        assert!(m.text.contains("Code: 042917"), "{}", m.text);
    }

    fn refusal(options: &EmailOptions) -> String {
        options.validate().unwrap_err().to_string()
    }

    #[test]
    fn broken_or_useless_templates_are_refused() {
        let mut options = EmailOptions::default();
        options.email.body = Some("{% if %}".into());
        assert!(refusal(&options).contains("parse"));
        options.email.body = Some("<p>Welcome!</p>".into());
        assert!(refusal(&options).contains("never shows"));
        options.email.body = None;
        options.email.from = Some("not an address".into());
        assert!(refusal(&options).contains("email.from"));
        options.email.from = None;
        options
            .auth_params
            .insert("client_secret".into(), "x".into());
        assert!(refusal(&options).contains("authParams.client_secret"));
    }

    #[test]
    fn auth_params_may_be_a_json_string_as_auth0_stores_it() {
        let o: EmailOptions = serde_json::from_value(serde_json::json!({
            "authParams": "{\"scope\":\"openid email\",\"response_type\":\"code\"}"
        }))
        .unwrap();
        assert_eq!(o.auth_params["scope"], "openid email");
        let o: EmailOptions =
            serde_json::from_value(serde_json::json!({"authParams": {"scope": "openid"}})).unwrap();
        assert_eq!(o.auth_params["scope"], "openid");
        assert!(
            serde_json::from_value::<EmailOptions>(serde_json::json!({"authParams": "[1]"}))
                .is_err()
        );
    }
}
