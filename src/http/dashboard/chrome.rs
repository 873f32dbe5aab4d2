//! What every dashboard page shares: the frame around its content (`Chrome`), the `Page`
//! trait its templates see (`self.error("field")`, `self.general()`), rendering with the
//! CSRF cookie its forms need, and the few answers every handler gives (back with a notice,
//! not found, something went wrong).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::field_error::FieldError;
use crate::domain::DomainError;
use crate::domain::i18n::Lang;
use crate::domain::validation;
use crate::http::AppState;
use crate::http::pages::{csrf_cookie, error_page, html};

/// What every dashboard page shows around its content.
pub(super) struct Chrome {
    /// The page's language: the browser's `Accept-Language` among every shipped one.
    pub t: &'static Lang,
    pub admin: String,
    pub section: &'static str,
    pub notice: Option<String>,
    pub csrf: String,
}

impl Chrome {
    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }
}

/// A dashboard page: its frame and, on a page with a form, the value it refused.
pub(super) trait Page: Template {
    /// The form's field names a refusal can be shown next to.
    const FIELDS: &'static [&'static str] = &[];

    fn chrome(&self) -> &Chrome;

    fn refusal(&self) -> Option<&FieldError> {
        None
    }

    /// How a domain refusal shows on this page: in the domain's words, at the field it
    /// names, or above the form when the form has no such field (see `field_error::refusal`).
    fn refused(e: validation::FieldError) -> FieldError
    where
        Self: Sized,
    {
        FieldError::from(e).on(Self::FIELDS)
    }

    /// Each field's form name, the id of its input and its label's message key, for the
    /// messages and the error summary; a field not listed is named by its form name.
    const LABELS: &'static [(&'static str, &'static str, &'static str)] = &[];

    /// The message to show next to `field`, if it was the one refused, naming the field by
    /// its label (never by its option key).
    fn error(&self, field: &str) -> Option<String> {
        self.refusal()
            .filter(|e| e.field == field)
            .map(|e| self.labelled(e))
    }

    /// Field `field`'s label in the page's language, from [`Page::LABELS`]; a page whose
    /// fields are not all known in advance (the SMS page's failover entries) finds its own.
    fn label_of(&self, field: &str) -> Option<String> {
        Self::LABELS
            .iter()
            .find(|(name, _, _)| *name == field)
            .map(|(_, _, key)| self.chrome().t.text(key))
    }

    /// The id of field `field`'s input, from [`Page::LABELS`], else the field's name.
    fn input_id(&self, field: &str) -> String {
        Self::LABELS
            .iter()
            .find(|(name, _, _)| *name == field)
            .map_or(field, |(_, id, _)| id)
            .to_string()
    }

    /// The refusal's message, naming its field by the field's label.
    fn labelled(&self, e: &FieldError) -> String {
        match self.label_of(&e.field) {
            Some(label) => relabel(&e.message, &e.field, &label),
            None => e.message.clone(),
        }
    }

    /// The refusal as the summary at the top of the page shows it: the message, with a
    /// link to the field's input when it is at a field.
    fn summary(&self) -> Option<Summary> {
        let e = self.refusal()?;
        let href = (!e.field.is_empty()).then(|| format!("#{}", self.input_id(&e.field)));
        Some(Summary {
            href,
            message: self.labelled(e),
        })
    }

    /// A refusal that names no field of the form, shown above it.
    fn general(&self) -> Option<&str> {
        self.refusal()
            .filter(|e| e.field.is_empty())
            .map(|e| e.message.as_str())
    }

    /// 400 when a value was refused, else 200.
    fn status(&self) -> StatusCode {
        if self.refusal().is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        }
    }
}

/// The error summary at the top of a refused form.
pub(super) struct Summary {
    /// The refused field's input (`#id`); none for a refusal above the form.
    pub href: Option<String>,
    pub message: String,
}

/// A refusal's message with the field's option key at its start (`branding.primary_color
/// must …`, `template: …`) replaced by the field's label.
#[cfg(test)]
fn labelled(labels: &[(&str, &str, &str)], e: &FieldError) -> String {
    match labels.iter().find(|(name, _, _)| *name == e.field) {
        Some((name, _, label)) => relabel(&e.message, name, label),
        None => e.message.clone(),
    }
}

/// `message` with field `name` at its start replaced by `label`; as it is otherwise.
pub(super) fn relabel(message: &str, name: &str, label: &str) -> String {
    match message.strip_prefix(name) {
        Some(rest) if rest.starts_with([' ', ':']) => format!("{label}{rest}"),
        _ => message.to_string(),
    }
}

/// A handler's answer when a step on the way may end it early (`?`): a missing thing, a
/// failure, the way to sign in.
pub(super) type Answer = Result<Response, Response>;

/// Renders a dashboard page and keeps the CSRF cookie its forms need.
pub(super) fn show(state: &AppState, jar: CookieJar, page: &impl Page) -> Response {
    let cookie = csrf_cookie(state, page.chrome().csrf.clone());
    (jar.add(cookie), html(page.status(), page.render(), None)).into_response()
}

pub(super) fn redirect_to(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Back to a page after a change, with a line saying what happened.
pub(super) fn done(path: &str, notice: &str) -> Response {
    let query = serde_urlencoded::to_string([("notice", notice)]).unwrap_or_default();
    let sep = if path.contains('?') { '&' } else { '?' };
    redirect_to(&format!("{path}{sep}{query}"))
}

pub(super) fn internal(e: impl Into<DomainError>) -> Response {
    let e: DomainError = e.into();
    tracing::error!(error = %e, "dashboard page failed");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Please try again in a moment.",
    )
}

pub(super) fn not_found(what: &str) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        "Not found",
        format!("No such {what}."),
    )
}

/// A Unix time as the dashboard shows it (UTC, to the second).
pub(super) fn when(t: i64) -> String {
    crate::domain::iso8601(t)
        .replace('T', " ")
        .replace(".000Z", " UTC")
        .replace('Z', " UTC")
}

/// `Page` for a page type with a `chrome` field; with `fields`, a page with a form whose
/// refused value sits in its `error` field.
macro_rules! page {
    ($page:ty) => {
        impl $crate::http::dashboard::chrome::Page for $page {
            fn chrome(&self) -> &$crate::http::dashboard::chrome::Chrome {
                &self.chrome
            }
        }
    };
    ($page:ty, fields: $fields:expr) => {
        $crate::http::dashboard::chrome::page!($page, fields: $fields, labels: &[]);
    };
    ($page:ty, fields: $fields:expr, labels: $labels:expr) => {
        impl $crate::http::dashboard::chrome::Page for $page {
            const FIELDS: &'static [&'static str] = $fields;
            const LABELS: &'static [(&'static str, &'static str, &'static str)] = $labels;
            fn chrome(&self) -> &$crate::http::dashboard::chrome::Chrome {
                &self.chrome
            }
            fn refusal(&self) -> Option<&$crate::http::dashboard::field_error::FieldError> {
                self.error.as_ref()
            }
        }
    };
}
pub(super) use page;

#[cfg(test)]
mod tests {
    use super::{FieldError, labelled};

    const LABELS: &[(&str, &str, &str)] = &[
        ("branding.primary_color", "primary_color", "Button colour"),
        ("template", "template", "Message"),
    ];

    #[test]
    fn a_message_names_the_field_by_its_label() {
        let shown = |field: &str, message: &str| labelled(LABELS, &FieldError::at(field, message));
        assert_eq!(
            shown(
                "branding.primary_color",
                "branding.primary_color must look like #1a73e8"
            ),
            "Button colour must look like #1a73e8"
        );
        assert_eq!(
            shown("template", "template: unknown variable"),
            "Message: unknown variable"
        );
        // Only the key as a word at the start is replaced; an unlisted field keeps its text.
        assert_eq!(shown("template", "templates differ"), "templates differ");
        assert_eq!(shown("other", "other is wrong"), "other is wrong");
    }
}
