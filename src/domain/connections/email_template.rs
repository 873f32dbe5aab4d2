//! Email messages: Auth0's `options.email` templates (Liquid), and rendering one message
//! ([`Outgoing`]) with them or with the built-in one (one layout, its words from
//! [`i18n`](crate::domain::i18n) in the request's language), with a plain-text part that
//! always shows the code or the link.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::domain::channels::message::{Outgoing, SendMode};
use crate::domain::i18n::{Arg, Lang};
use crate::domain::liquid_bounds::{self, RenderError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EmailSyntax {
    /// Auth0's only syntax for emails.
    #[default]
    Liquid,
}

/// Auth0's `options.email`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct EmailTemplate {
    /// Sender, e.g. `{{ application.name }} <login@example.com>`; absent: the provider's
    /// `default_from_address`.
    pub from: Option<String>,
    pub subject: Option<String>,
    /// HTML with Liquid; absent: the built-in templates.
    pub body: Option<String>,
    /// The plain-text alternative (ours); absent: derived from `body`.
    pub text_body: Option<String>,
    pub syntax: EmailSyntax,
}

impl EmailTemplate {
    /// The built-in (English) templates written out, as Auth0 stores its default email
    /// connection: an export then carries a body that shows the code, and re-imports.
    pub fn built_in() -> Self {
        Self {
            from: None,
            subject: Some(ENGLISH.subject.to_string()),
            body: Some(ENGLISH.html.to_string()),
            text_body: Some(ENGLISH.text.to_string()),
            syntax: EmailSyntax::Liquid,
        }
    }

    /// Whether this is [`built_in`](Self::built_in)'s text, unchanged: it then renders in
    /// the request's language, as absent templates do.
    fn is_built_in(&self) -> bool {
        self.subject.as_deref() == Some(ENGLISH.subject)
            && self.body.as_deref() == Some(ENGLISH.html)
            && self.text_body.as_deref() == Some(ENGLISH.text)
    }

    /// The subject, bodies and sender for one message, which the templates may refer to
    /// (with the code's lifetime, `expires_in_minutes`).
    pub fn render(
        &self,
        out: &Outgoing<'_>,
        expires_in_minutes: i64,
    ) -> Result<RenderedEmail, DomainError> {
        let languages = Self {
            from: self.from.clone(),
            ..Self::default()
        };
        let t = if self.is_built_in() { &languages } else { self };
        let lang = out.language();
        let words = builtin_words(lang, out, expires_in_minutes);
        let subject = match &t.subject {
            Some(template) => render_liquid(template, out, expires_in_minutes)?,
            None => words.subject.clone(),
        };
        // A header cannot hold a line break.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let (html, text) = match &t.body {
            None => (
                render_builtin(BUILTIN_HTML, lang, &words, out, expires_in_minutes)?,
                render_builtin(BUILTIN_TEXT, lang, &words, out, expires_in_minutes)?,
            ),
            Some(body) => {
                let html = render_liquid(body, out, expires_in_minutes)?;
                let text = match &t.text_body {
                    Some(text) => render_liquid(text, out, expires_in_minutes)?,
                    None => text_from_html(&html),
                };
                (html, text)
            }
        };
        let text = ensure_shown(text, out);
        let from = t
            .from
            .as_deref()
            .map(|f| render_liquid(f, out, expires_in_minutes))
            .transpose()?
            .map(|f| f.trim().to_string())
            .filter(|f| !f.is_empty());
        Ok(RenderedEmail {
            from,
            subject,
            html,
            text,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RenderedEmail {
    pub from: Option<String>,
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// The English templates written out in Liquid, as Auth0 stores a default email connection
/// (see [`EmailTemplate::built_in`]); what is sent renders from the layouts below instead.
struct BuiltinTemplates {
    subject: &'static str,
    html: &'static str,
    text: &'static str,
}

const ENGLISH: BuiltinTemplates = BuiltinTemplates {
    subject: include_str!("email_templates/en/subject.liquid"),
    html: include_str!("email_templates/en/body.html.liquid"),
    text: include_str!("email_templates/en/body.txt.liquid"),
};

/// The built-in email's layouts: no words of their own, only the `t` object's.
const BUILTIN_HTML: &str = include_str!("email_templates/builtin.html.liquid");
const BUILTIN_TEXT: &str = include_str!("email_templates/builtin.txt.liquid");

/// The built-in email's words for one message, in `lang`.
struct BuiltinWords {
    subject: String,
    fields: Vec<(&'static str, String)>,
}

fn builtin_words(lang: &Lang, out: &Outgoing<'_>, minutes: i64) -> BuiltinWords {
    let app = Arg::Text(out.application_name);
    let email = Arg::Text(out.recipient);
    let f = |key: &str, args: &[(&str, Arg<'_>)]| lang.format(key, args);
    let mins = [("minutes", Arg::Number(minutes))];
    let (subject, fields) = if out.send == SendMode::Code {
        (
            f("email-code-subject", &[("app", app)]),
            vec![
                ("heading", f("email-code-heading", &[])),
                (
                    "intro",
                    f(
                        "email-code-intro",
                        &[("app", Arg::Text(out.application_name))],
                    ),
                ),
                (
                    "text_intro",
                    f(
                        "email-code-text",
                        &[("app", Arg::Text(out.application_name))],
                    ),
                ),
                ("expires", f("email-code-expires", &mins)),
                ("ignore", f("email-code-ignore", &[])),
            ],
        )
    } else {
        let heading = f("email-link-subject", &[("app", app)]);
        let with_both = [
            ("app", Arg::Text(out.application_name)),
            ("email", Arg::Text(out.recipient)),
        ];
        let place = if out.send == SendMode::Link {
            f("email-link-any-device", &[])
        } else {
            f(
                "email-link-on-phone",
                &[("app", Arg::Text(out.application_name))],
            )
        };
        (
            heading.clone(),
            vec![
                ("heading", heading),
                ("intro", f("email-link-intro", &[("email", email)])),
                ("text_intro", f("email-link-text", &with_both)),
                ("button", f("email-link-button", &[])),
                ("expires", f("email-link-expires", &mins)),
                ("where", place),
                ("or_code", f("email-link-or-code", &[])),
                ("copy", f("email-link-copy", &[])),
                ("ignore", f("email-link-ignore", &[])),
            ],
        )
    };
    let mut fields = fields;
    fields.push(("subject", subject.clone()));
    fields.push((
        "footer",
        f(
            "email-footer",
            &[
                ("app", Arg::Text(out.application_name)),
                ("email", Arg::Text(out.recipient)),
            ],
        ),
    ));
    BuiltinWords { subject, fields }
}

/// One of the built-in layouts, with `words` as its `t` and the page direction of `lang`.
fn render_builtin(
    layout: &str,
    lang: &Lang,
    words: &BuiltinWords,
    out: &Outgoing<'_>,
    expires_in_minutes: i64,
) -> Result<String, DomainError> {
    let mut t = liquid::Object::new();
    for (name, value) in &words.fields {
        t.insert((*name).into(), liquid::model::Value::scalar(value.clone()));
    }
    let (dir, start) = if lang.rtl() {
        ("rtl", "right")
    } else {
        ("ltr", "left")
    };
    let extra = liquid::object!({
        "lang": lang.tag,
        "dir": dir,
        "start": start,
    });
    let mut globals = globals(out, expires_in_minutes);
    globals.extend(extra);
    globals.insert("t".into(), liquid::model::Value::Object(t));
    render_with(layout, &globals)
}

/// What one rendered part of an email (subject, HTML or text body) may weigh.
pub const MAX_EMAIL_PART_BYTES: usize = 100 * 1024;

fn render_liquid(
    template: &str,
    out: &Outgoing<'_>,
    expires_in_minutes: i64,
) -> Result<String, DomainError> {
    render_with(template, &globals(out, expires_in_minutes))
}

/// What a template may refer to.
fn globals(out: &Outgoing<'_>, expires_in_minutes: i64) -> liquid::Object {
    // No partials and no filesystem: a template can only reach the values given here, and
    // only through the bounded subset of Liquid (see `liquid_bounds`).
    liquid::object!({
        "code": out.code,
        "password": out.code,
        "link": out.link,
        "send": out.send.as_str(),
        "email": out.recipient,
        "application": { "name": out.application_name },
        "request_language": out.request_language.unwrap_or(""),
        "operation": liquid::model::Value::Nil,
        "expires_in_minutes": expires_in_minutes,
        "friendly_name": out.tenant.friendly_name,
        "support_email": out.tenant.support_email,
        "support_url": out.tenant.support_url,
    })
}

fn render_with(template: &str, globals: &liquid::Object) -> Result<String, DomainError> {
    liquid_bounds::render(template, globals, MAX_EMAIL_PART_BYTES).map_err(|e| {
        DomainError::EmailDeliveryFailed(match e {
            RenderError::Template(why) => format!("the email template is unusable: {why}"),
            RenderError::TooLong { max } => {
                format!("the email template renders more than {max} bytes")
            }
        })
    })
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A readable plain-text version of an HTML body: tags dropped, block ends turned into
/// line breaks, common entities decoded. Only for custom bodies without `text_body`; the
/// built-in templates carry their own text.
fn text_from_html(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let body_start = lower.find("<body").unwrap_or(0);
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = &html[body_start..];
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "br" | "p" | "div" | "tr" | "h1" | "h2" | "h3" | "li" | "table"
        ) {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let mut lines: Vec<&str> = Vec::new();
    for line in decoded.lines().map(str::trim) {
        if !(line.is_empty() && lines.last().is_none_or(|l| l.is_empty())) {
            lines.push(line);
        }
    }
    lines.join("\n").trim().to_string()
}

/// Makes sure the text part shows what the user needs even if the HTML only had it in an
/// attribute (a link's `href`).
fn ensure_shown(mut text: String, out: &Outgoing<'_>) -> String {
    let needed = match out.send {
        SendMode::Code => out.code,
        _ => out.link,
    };
    if !needed.is_empty() && !text.contains(needed) {
        text.push_str("\n\n");
        text.push_str(needed);
        text.push('\n');
    }
    text
}
