//! What every channel sends: the parts of a message ([`Outgoing`], what templates of either
//! channel may refer to), what the start asked for ([`SendMode`]) and the rendered message in
//! its channel's shape ([`Message`]).

use crate::domain::ports::{EmailMessage, RequestInfo, SmsMessage};

/// What a message tells its recipient, whatever the channel.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// In stored form (see [`Channel::recipient`]).
    pub recipient: &'a str,
    pub code: &'a str,
    pub application_name: &'a str,
    pub request_language: Option<&'a str>,
    /// What the start asked for; texts always carry a code.
    pub send: SendMode,
    /// The magic link, or empty when a code was asked for.
    pub link: &'a str,
    /// The end user's request, for an SMS gateway that is sent it.
    pub request: RequestInfo,
    /// What templates know of the tenant.
    pub tenant: TenantVars<'a>,
}

/// The tenant's settings Auth0's templates may show: `friendly_name`, `support_email` and
/// `support_url` (empty when not set); and the languages its built-in texts may speak.
#[derive(Debug, Clone, Copy, Default)]
pub struct TenantVars<'a> {
    pub friendly_name: &'a str,
    pub support_email: &'a str,
    pub support_url: &'a str,
    /// The tenant's `enabled_locales`, as its pages speak them; empty: every shipped one.
    pub enabled_locales: &'a [String],
}

impl<'a> TenantVars<'a> {
    pub fn of(
        settings: &'a crate::domain::model::TenantSettings,
        enabled_locales: &'a [String],
    ) -> Self {
        Self {
            friendly_name: settings.friendly_name().unwrap_or(""),
            support_email: settings.support_email().unwrap_or(""),
            support_url: settings.support_url().unwrap_or(""),
            enabled_locales,
        }
    }
}

impl Outgoing<'_> {
    /// The language of the built-in texts: the request's, among the tenant's enabled
    /// languages (as the pages choose), so an email never speaks a language the tenant
    /// turned off.
    pub fn language(&self) -> &'static crate::domain::i18n::Lang {
        let enabled = self.tenant.enabled_locales;
        if enabled.is_empty() {
            crate::domain::i18n::for_message(self.request_language)
        } else {
            crate::domain::i18n::pick_enabled(None, self.request_language, enabled)
        }
    }
}

impl Outgoing<'static> {
    /// A code message to `recipient` from "My App", as the dashboard previews a template.
    pub fn sample(recipient: &'static str, code: &'static str) -> Self {
        Self {
            recipient,
            code,
            application_name: "My App",
            request_language: Some("en"),
            send: SendMode::Code,
            link: "",
            request: RequestInfo::default(),
            tenant: TenantVars::default(),
        }
    }
}

/// A rendered message, ready for its channel's provider.
#[derive(Debug, Clone)]
pub enum Message {
    Sms(SmsMessage),
    Email(EmailMessage),
}

/// What a start asked to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendMode {
    Code,
    Link,
    LinkIos,
    LinkAndroid,
}

impl SendMode {
    /// `send` as the start call gives it; absent means a link, as with Auth0.
    pub fn parse(value: Option<&str>) -> Option<Self> {
        match value {
            None | Some("link") => Some(Self::Link),
            Some("code") => Some(Self::Code),
            Some("link_ios") => Some(Self::LinkIos),
            Some("link_android") => Some(Self::LinkAndroid),
            Some(_) => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Link => "link",
            Self::LinkIos => "link_ios",
            Self::LinkAndroid => "link_android",
        }
    }
}
