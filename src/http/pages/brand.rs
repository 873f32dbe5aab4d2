//! An app's look, as its hosted login page and the pages its magic links lead to show it:
//! its colour (the brand stylesheet `/assets/brand/<client_id>.css`, whose derived text
//! colours read at 4.5:1), its logo (else the tenant's `picture_url`), the tenant's
//! `friendly_name` and the app's name.

use crate::domain::model::{Client, TenantSettings};
use crate::http::AppState;

/// What a page shows of an app; [`Brand::NONE`] for a page that knows no app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(in crate::http) struct Brand {
    /// The brand stylesheet's path, when the app has a colour.
    pub(in crate::http) css: Option<String>,
    pub(in crate::http) logo: Option<String>,
    pub(in crate::http) tenant: Option<String>,
    /// The app's name, for the pages whose title does not already say it.
    pub(in crate::http) app: Option<String>,
}

impl Brand {
    pub(in crate::http) const NONE: Brand = Brand {
        css: None,
        logo: None,
        tenant: None,
        app: None,
    };

    /// `client`'s look, with the tenant's name and logo.
    pub(in crate::http) fn with_tenant(client: &Client, tenant: &TenantSettings) -> Self {
        Self {
            css: stylesheet(client),
            logo: logo(client, tenant),
            tenant: tenant.friendly_name().map(str::to_string),
            app: Some(client.name.clone()),
        }
    }

    /// `client`'s look. The tenant's settings are read through the core's short memory; if
    /// they cannot be read the page still shows, with the app's own look only.
    pub(in crate::http) async fn of(state: &AppState, client: &Client) -> Self {
        match crate::domain::management::tenant_settings::tenant(&state.core).await {
            Ok(tenant) => Self::with_tenant(client, &tenant),
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the tenant settings for a page's look");
                Self::with_tenant(client, &TenantSettings::default())
            }
        }
    }
}

/// The brand stylesheet of `client`, when it has a colour.
pub(in crate::http) fn stylesheet(client: &Client) -> Option<String> {
    client
        .branding
        .primary_color
        .as_ref()
        .map(|_| format!("/assets/brand/{}.css", urlencode(&client.client_id)))
}

/// The app's logo, else the tenant's `picture_url`.
pub(in crate::http) fn logo(client: &Client, tenant: &TenantSettings) -> Option<String> {
    client
        .branding
        .logo_uri
        .clone()
        .or_else(|| tenant.picture_url().map(str::to_string))
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|e| e.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::ClientBranding;

    #[test]
    fn urlencode_escapes_what_a_path_segment_cannot_hold() {
        assert_eq!(urlencode("abc123"), "abc123");
        assert_eq!(urlencode("a b/c?d"), "a+b%2Fc%3Fd");
    }

    #[test]
    fn an_app_shows_its_colour_and_logo_else_the_tenants_logo() {
        let mut client = Client::sample();
        client.client_id = "my app".into();
        let plain = TenantSettings::default();
        let brand = Brand::with_tenant(&client, &plain);
        assert_eq!(brand.css, None, "no colour, no stylesheet");
        assert_eq!(brand.logo, None);
        assert_eq!(brand.app.as_deref(), Some(client.name.as_str()));
        client.branding = ClientBranding {
            logo_uri: Some("https://cdn.example/logo.png".into()),
            primary_color: Some("#0f766e".into()),
        };
        let brand = Brand::with_tenant(&client, &plain);
        assert_eq!(brand.css.as_deref(), Some("/assets/brand/my+app.css"));
        assert_eq!(brand.logo.as_deref(), Some("https://cdn.example/logo.png"));
        assert_eq!(Brand::default(), Brand::NONE);
    }
}
