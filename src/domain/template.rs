//! SMS message templates in Auth0's two syntaxes: `md_with_macros` (`@@password@@`) and
//! Liquid (`{{ code }}`, `{% if request_language contains 'fr' %}`). A template is checked
//! when its connection is saved, so a broken one never meets a user waiting for a code.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::channels::message::{Outgoing, SendMode};
use super::liquid_bounds::{self, RenderError};
use super::validation::FieldError;

/// Templates longer than this are refused: a text message is at most 1600 characters anyway.
pub const MAX_TEMPLATE_LEN: usize = 4096;
/// A text is at most this many characters: Twilio's limit for one message's `Body`.
pub const MAX_SMS_CHARS: usize = 1600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Syntax {
    #[default]
    MdWithMacros,
    Liquid,
}

/// Renders `template`, which may refer to the code, the recipient's number, the application's
/// name and the request's language of `ctx`, into at most [`MAX_SMS_CHARS`] characters. An error means the template
/// is broken, outside the bounded Liquid subset ([`liquid_bounds`]), or renders too long; it
/// is the connection's fault, so it is a provider error (400), never a 500.
pub fn render(syntax: Syntax, template: &str, ctx: &Outgoing<'_>) -> Result<String, DomainError> {
    let refused = |why: String| DomainError::DeliveryFailed(format!("the SMS template {why}"));
    if template.len() > MAX_TEMPLATE_LEN {
        return Err(refused(format!("is longer than {MAX_TEMPLATE_LEN} bytes")));
    }
    let text = match syntax {
        Syntax::MdWithMacros => template
            .replace("@@password@@", ctx.code)
            .replace("@@code@@", ctx.code)
            .replace("@@application.name@@", ctx.application_name)
            .replace("@@phone_number@@", ctx.recipient),
        Syntax::Liquid => render_liquid(template, ctx).map_err(|e| match e {
            RenderError::Template(why) => refused(why),
            RenderError::TooLong { .. } => too_long(),
        })?,
    };
    if text.chars().count() > MAX_SMS_CHARS {
        return Err(too_long());
    }
    Ok(text)
}

/// A text over Twilio's limit: never sent.
pub fn too_long() -> DomainError {
    DomainError::DeliveryFailed(format!(
        "the text would be longer than {MAX_SMS_CHARS} characters"
    ))
}

fn render_liquid(template: &str, ctx: &Outgoing<'_>) -> Result<String, RenderError> {
    let globals = liquid::object!({
        "code": ctx.code,
        "password": ctx.code,
        "phone_number": ctx.recipient,
        "application": { "name": ctx.application_name },
        "request_language": ctx.request_language.unwrap_or(""),
        "friendly_name": ctx.tenant.friendly_name,
        "support_email": ctx.tenant.support_email,
        "support_url": ctx.tenant.support_url,
    });
    // A character is at most 4 bytes: the cap stops a runaway render early, and the
    // character count is checked on what comes back.
    liquid_bounds::render(template, &globals, MAX_SMS_CHARS * 4)
}

/// Checks that `template` renders with sample values and still shows the code.
pub fn validate(syntax: Syntax, template: &str) -> Result<(), FieldError> {
    let sample = Outgoing {
        recipient: "+14155550100",
        code: "918273",
        application_name: "Sample App",
        request_language: Some("en-US"),
        send: SendMode::Code,
        link: "",
        request: crate::domain::ports::RequestInfo::default(),
        tenant: Default::default(),
    };
    let fr = Outgoing {
        request_language: Some("fr-FR"),
        ..sample.clone()
    };
    for ctx in [&sample, &fr] {
        let text = render(syntax, template, ctx).map_err(|e| FieldError::general(e.to_string()))?;
        if !text.contains(ctx.code) {
            return Err(FieldError::general(
                "the message never shows the code (use @@password@@, or {{ code }} with syntax = \"liquid\")",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ctx(lang: Option<&'static str>) -> Outgoing<'static> {
        Outgoing {
            recipient: "+14155550100",
            code: "123456",
            application_name: "Acme",
            request_language: lang,
            send: SendMode::Code,
            link: "",
            request: crate::domain::ports::RequestInfo::default(),
            tenant: Default::default(),
        }
    }

    #[test]
    fn macros_are_replaced() {
        let out = render(
            Syntax::MdWithMacros,
            "@@application.name@@: your code is @@password@@",
            &ctx(None),
        )
        .unwrap();
        assert_eq!(out, "Acme: your code is 123456");
    }

    #[test]
    fn auth0s_liquid_sample_branches_on_language() {
        let t = "{% if request_language contains 'fr-FR' %}Ceci est votre code: {{ password }}{% else %}Here is your code: {{ code }}{% endif %} - {{ application.name }}";
        assert_eq!(
            render(Syntax::Liquid, t, &ctx(Some("fr-FR,fr;q=0.9"))).unwrap(),
            "Ceci est votre code: 123456 - Acme"
        );
        assert_eq!(
            render(Syntax::Liquid, t, &ctx(Some("en-US"))).unwrap(),
            "Here is your code: 123456 - Acme"
        );
        assert_eq!(
            render(Syntax::Liquid, t, &ctx(None)).unwrap(),
            "Here is your code: 123456 - Acme"
        );
    }

    #[test]
    fn broken_or_codeless_templates_fail_validation() {
        assert!(validate(Syntax::Liquid, "{% if %}{{ code }}").is_err());
        assert!(validate(Syntax::Liquid, "{{ code | nosuchfilter }}").is_err());
        assert!(validate(Syntax::MdWithMacros, "Hello there").is_err());
        assert!(validate(Syntax::Liquid, "Your code: {{ code }}").is_ok());
        assert!(validate(Syntax::MdWithMacros, "Your code: @@password@@").is_ok());
        assert!(validate(Syntax::Liquid, &"x".repeat(MAX_TEMPLATE_LEN + 1)).is_err());
        assert!(
            validate(
                Syntax::MdWithMacros,
                &format!("{} @@password@@", "x".repeat(1600))
            )
            .is_err()
        );
        assert!(
            validate(
                Syntax::Liquid,
                "{% for i in (1..5000000) %}{% endfor %}{{ code }}"
            )
            .is_err()
        );
    }

    proptest! {
        #[test]
        fn liquid_never_panics_on_hostile_templates(t in "[{}%a-z |'\"0-9]{0,64}") {
            let _ = render(Syntax::Liquid, &t, &ctx(Some("en")));
            let _ = validate(Syntax::Liquid, &t);
        }

        #[test]
        fn macros_always_show_the_code(prefix in "[^@]{0,40}", suffix in "[^@]{0,40}") {
            let t = format!("{prefix}@@password@@{suffix}");
            let out = render(Syntax::MdWithMacros, &t, &ctx(None)).unwrap();
            prop_assert_eq!(out, format!("{prefix}123456{suffix}"));
        }
    }
}
