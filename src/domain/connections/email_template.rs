//! Email messages: Auth0's `options.email` templates (Liquid), and rendering one message
//! ([`Outgoing`]) with them or with the built-in templates (English and French, chosen by
//! the request's language), with a plain-text part that always shows the code or
//! the link.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::domain::channels::message::{Outgoing, SendMode};
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
        let lang = builtin_language(out.request_language);
        let subject_template = t.subject.as_deref().unwrap_or(lang.subject);
        let subject = render_liquid(subject_template, out, expires_in_minutes)?;
        // A header cannot hold a line break.
        let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
        let (html, text) = match &t.body {
            None => (
                render_liquid(lang.html, out, expires_in_minutes)?,
                render_liquid(lang.text, out, expires_in_minutes)?,
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
const FRENCH: BuiltinTemplates = BuiltinTemplates {
    subject: include_str!("email_templates/fr/subject.liquid"),
    html: include_str!("email_templates/fr/body.html.liquid"),
    text: include_str!("email_templates/fr/body.txt.liquid"),
};

/// The first language of `x-request-language` / `accept-language` we have templates for;
/// English otherwise.
fn builtin_language(request_language: Option<&str>) -> &'static BuiltinTemplates {
    let tags = request_language.unwrap_or("").split(',').map(|part| {
        part.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    });
    for tag in tags {
        match tag.as_str() {
            "en" => return &ENGLISH,
            "fr" => return &FRENCH,
            _ => {}
        }
    }
    &ENGLISH
}

/// What one rendered part of an email (subject, HTML or text body) may weigh.
pub const MAX_EMAIL_PART_BYTES: usize = 100 * 1024;

fn render_liquid(
    template: &str,
    out: &Outgoing<'_>,
    expires_in_minutes: i64,
) -> Result<String, DomainError> {
    // No partials and no filesystem: a template can only reach the values given here, and
    // only through the bounded subset of Liquid (see `liquid_bounds`).
    let globals = liquid::object!({
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
    });
    liquid_bounds::render(template, &globals, MAX_EMAIL_PART_BYTES).map_err(|e| {
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
