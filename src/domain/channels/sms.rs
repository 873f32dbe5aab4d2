//! Texts: rendering one from the connection's template (with the origin-bound last line
//! that lets phones offer the code on the login page), test numbers that get no text, and
//! delivery through the connection's providers (in order, with [`super::failover`]).

use super::context::DeliveryContext;
use super::failover;
use super::message::Outgoing;
use crate::domain::DomainError;
use crate::domain::UnixTime;
use crate::domain::connections::sms::DEFAULT_SMS_TEMPLATE;
use crate::domain::connections::{SmsOptions, SmsProvider};
use crate::domain::core::Core;
use crate::domain::i18n::Arg;
use crate::domain::ports::SmsMessage;
use crate::domain::pumping::TestNumber;
use crate::domain::template;

/// The text for `out`: the connection's template, or the built-in one in the request's
/// language while the template is the default. The origin-bound line is on when the
/// connection asks for it, and by default for the `log` provider only, where it costs nothing.
pub fn render(
    options: &SmsOptions,
    issuer: &str,
    out: &Outgoing<'_>,
) -> Result<SmsMessage, DomainError> {
    let built_in = options.template == DEFAULT_SMS_TEMPLATE
        && options.syntax == template::Syntax::MdWithMacros;
    let mut body = if built_in {
        out.language()
            .format("sms-code", &[("code", Arg::Text(out.code))])
    } else {
        template::render(options.syntax, &options.template, out)?
    };
    if options
        .origin_bound_code
        .unwrap_or(options.provider == SmsProvider::Log)
    {
        // The WebOTP / iOS format: the last line names the site the code is for.
        let host = issuer
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split(['/', ':']).next())
            .unwrap_or_default();
        body = format!("{body}\n\n@{host} #{}", out.code);
        if body.chars().count() > template::MAX_SMS_CHARS {
            return Err(template::too_long());
        }
    }
    Ok(SmsMessage {
        to: out.recipient.to_string(),
        body,
        code: out.code.to_string(),
        request: out.request.clone(),
        language: out.request_language.map(str::to_string),
    })
}

/// The connection's test number `e164` is, while it is active: it gets a fixed code and no
/// text (for app-store review).
pub fn test_number<'o>(
    options: &'o SmsOptions,
    e164: &str,
    now: UnixTime,
) -> Option<&'o TestNumber> {
    options
        .test_numbers
        .iter()
        .find(|t| t.phone_number == e164 && t.active(now))
}

/// Sends `message` through the providers its number is routed to; the one that took it.
pub async fn deliver(
    core: &Core,
    options: &SmsOptions,
    message: &SmsMessage,
    context: DeliveryContext<'_>,
) -> Result<String, DomainError> {
    let providers = options.providers_for(&message.to, context.whatsapp);
    failover::send(core, &providers, message, context).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::connections::email::SendMode;

    fn outgoing() -> Outgoing<'static> {
        Outgoing {
            recipient: "+14155550100",
            code: "123456",
            application_name: "App",
            request_language: None,
            send: SendMode::Code,
            link: "",
            request: Default::default(),
            tenant: Default::default(),
        }
    }

    fn options(provider: SmsProvider, origin_bound_code: Option<bool>) -> SmsOptions {
        SmsOptions {
            provider,
            origin_bound_code,
            ..SmsOptions::development()
        }
    }

    #[test]
    fn the_origin_bound_line_names_the_issuer_host() {
        let text = render(
            &options(SmsProvider::Log, None),
            "https://auth.example.com:8443/tenant/",
            &outgoing(),
        )
        .unwrap();
        assert_eq!(text.to, "+14155550100");
        assert_eq!(
            text.body,
            "Your verification code is: 123456\n\n@auth.example.com #123456"
        );
    }

    #[test]
    fn the_origin_bound_line_is_on_by_default_only_where_texts_are_free() {
        let issuer = "https://auth.example.com/";
        let body = |provider, setting| {
            render(&options(provider, setting), issuer, &outgoing())
                .unwrap()
                .body
        };
        assert!(body(SmsProvider::Log, None).ends_with("#123456"));
        assert_eq!(
            body(SmsProvider::Twilio, None),
            "Your verification code is: 123456"
        );
        assert!(body(SmsProvider::Twilio, Some(true)).ends_with("@auth.example.com #123456"));
        assert!(!body(SmsProvider::Log, Some(false)).contains('#'));
    }

    #[test]
    fn the_built_in_text_speaks_the_requests_language_and_a_template_of_its_own_wins() {
        let issuer = "https://auth.example.com/";
        let in_lang = |lang, template: &str| {
            let mut o = options(SmsProvider::Twilio, None);
            o.template = template.into();
            let out = Outgoing {
                request_language: lang,
                ..outgoing()
            };
            render(&o, issuer, &out).unwrap().body
        };
        let default = crate::domain::connections::sms::DEFAULT_SMS_TEMPLATE;
        assert_eq!(
            in_lang(Some("fr-FR"), default),
            "Votre code de vérification : 123456"
        );
        assert_eq!(in_lang(Some("ja"), default), "確認コード: 123456");
        assert_eq!(
            in_lang(Some("sw"), default),
            "Your verification code is: 123456"
        );
        assert_eq!(in_lang(Some("fr"), "Code @@password@@"), "Code 123456");
    }

    #[test]
    fn the_built_in_text_speaks_only_a_language_the_tenant_enabled() {
        let o = options(SmsProvider::Twilio, None);
        let enabled = ["en".to_string(), "ja".to_string()];
        let in_lang = |lang| {
            let out = Outgoing {
                request_language: lang,
                tenant: crate::domain::channels::message::TenantVars {
                    enabled_locales: &enabled,
                    ..Default::default()
                },
                ..outgoing()
            };
            render(&o, "https://auth.example.com/", &out).unwrap().body
        };
        // French is shipped but not enabled: the first enabled language speaks instead
        assert_eq!(in_lang(Some("fr-FR")), "Your verification code is: 123456");
        assert_eq!(in_lang(Some("fr-FR, ja;q=0.5")), "確認コード: 123456");
        assert_eq!(in_lang(Some("ja")), "確認コード: 123456");
    }

    #[test]
    fn only_an_active_test_number_counts() {
        let mut o = SmsOptions::development();
        o.test_numbers = vec![TestNumber {
            phone_number: "+14155550100".into(),
            code: "0000".into(),
            expires: "2030-01-01".into(),
        }];
        assert!(test_number(&o, "+14155550100", 0).is_some());
        assert!(test_number(&o, "+14155550101", 0).is_none());
        assert!(test_number(&o, "+14155550100", 1_893_456_000 + 86_400).is_none());
    }
}
