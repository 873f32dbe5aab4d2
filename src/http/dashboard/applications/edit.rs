//! An application's page: the form with its settings as stored or as typed, a secret just
//! made, rotating the secret and deleting the application.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{GRANTS, editable};
use crate::domain::connections::email_template::html_escape;
use crate::domain::i18n::{Arg, Lang};
use crate::domain::model::{Client, ExpirationType, RotationType, SigningAlg};
use crate::domain::validation;
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, not_found, show};
use crate::http::dashboard::field_error::{CONFIRM, FieldError};
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage, Fields};

pub(super) struct GrantBox {
    index: usize,
    /// The message key of its label.
    label: &'static str,
    checked: bool,
}

/// One choice of the signing algorithm.
pub(super) struct AlgChoice {
    name: &'static str,
    selected: bool,
}

/// The signing algorithms, `chosen` selected.
fn alg_choices(chosen: &str) -> Vec<AlgChoice> {
    SigningAlg::ALL
        .iter()
        .map(|a| AlgChoice {
            name: a.as_str(),
            selected: a.as_str() == chosen,
        })
        .collect()
}

/// The form's values: as stored, or as the administrator typed them.
pub(super) struct AppForm {
    name: String,
    callbacks: String,
    allowed_logout_urls: String,
    grants: Vec<GrantBox>,
    logo_uri: String,
    primary_color: String,
    rotating: bool,
    expiring: bool,
    token_lifetime: String,
    idle_token_lifetime: String,
    leeway: String,
    ios_team_id: String,
    ios_bundle: String,
    android_package: String,
    android_fingerprints: String,
    web_origins: String,
    allowed_origins: String,
    cross_origin_authentication: bool,
    cross_origin_loc: String,
    signing_algs: Vec<AlgChoice>,
}

#[derive(Template)]
#[template(path = "admin/application.html")]
pub(super) struct EditPage {
    chrome: Chrome,
    client_id: String,
    confidential: bool,
    /// A secret just made: shown on this page only.
    secret: Option<String>,
    form: AppForm,
    error: Option<FieldError>,
}

impl Page for EditPage {
    const FIELDS: &'static [&'static str] = &[
        "name",
        "callbacks",
        "allowed_logout_urls",
        "grant_types",
        "branding.logo_uri",
        "branding.primary_color",
        "refresh_token.token_lifetime",
        "refresh_token.idle_token_lifetime",
        "refresh_token.leeway",
        "mobile.ios.team_id",
        "mobile.ios.app_bundle_identifier",
        "mobile.android.app_package_name",
        "mobile.android.sha256_cert_fingerprints",
        "web_origins",
        "allowed_origins",
        "cross_origin_loc",
        "jwt_configuration.alg",
        CONFIRM,
    ];

    const LABELS: &'static [(&'static str, &'static str, &'static str)] = &[
        ("name", "name", "dash-app-name"),
        ("callbacks", "callbacks", "dash-app-callbacks"),
        (
            "allowed_logout_urls",
            "allowed_logout_urls",
            "dash-app-logout-urls",
        ),
        ("grant_types", "grant-0", "dash-app-grant-types"),
        ("branding.logo_uri", "logo_uri", "dash-app-logo"),
        (
            "branding.primary_color",
            "primary_color",
            "dash-app-primary-color",
        ),
        (
            "refresh_token.token_lifetime",
            "token_lifetime",
            "dash-app-lifetime",
        ),
        (
            "refresh_token.idle_token_lifetime",
            "idle_token_lifetime",
            "dash-app-idle-lifetime",
        ),
        ("refresh_token.leeway", "leeway", "dash-app-leeway"),
        ("mobile.ios.team_id", "ios_team_id", "dash-app-ios-team-id"),
        (
            "mobile.ios.app_bundle_identifier",
            "ios_bundle",
            "dash-app-ios-bundle",
        ),
        (
            "mobile.android.app_package_name",
            "android_package",
            "dash-app-android-package",
        ),
        (
            "mobile.android.sha256_cert_fingerprints",
            "android_fingerprints",
            "dash-app-android-fingerprints",
        ),
        ("web_origins", "web_origins", "dash-app-web-origins"),
        (
            "allowed_origins",
            "allowed_origins",
            "dash-app-allowed-origins",
        ),
        (
            "cross_origin_loc",
            "cross_origin_loc",
            "dash-app-cross-origin-loc",
        ),
        (
            "jwt_configuration.alg",
            "signing_alg",
            "dash-app-signing-alg",
        ),
        (CONFIRM, "confirm-delete", "dash-app-confirm-label"),
    ];

    fn chrome(&self) -> &Chrome {
        &self.chrome
    }

    fn refusal(&self) -> Option<&FieldError> {
        self.error.as_ref()
    }

    /// The client checks word a list's refusal "callbacks: … is not a URL"; next to its
    /// field it reads "callbacks … is not a URL".
    fn refused(e: validation::FieldError) -> FieldError {
        FieldError::unlabelled(e).on(Self::FIELDS)
    }
}

impl EditPage {
    /// "Client secret, shown only now: …", the secret's name in bold.
    fn secret_intro(&self) -> String {
        let t = self.chrome.t;
        let name = format!(
            "<strong>{}</strong>",
            html_escape(&t.text("dash-app-client-secret"))
        );
        rich(t, "dash-app-secret-shown", &[("secret", &name)])
    }

    /// What the native apps are for, linking the two files that list them.
    fn native_hint(&self) -> String {
        let aasa =
            "<a href=\"/.well-known/apple-app-site-association\">apple-app-site-association</a>";
        let assetlinks = "<a href=\"/.well-known/assetlinks.json\">assetlinks.json</a>";
        let parts = [("aasa", aasa), ("assetlinks", assetlinks)];
        rich(self.chrome.t, "dash-app-native-hint", &parts)
    }

    /// How a fingerprint is written.
    fn fingerprints_hint(&self) -> String {
        let format = "<code>AB:CD:…</code>";
        rich(
            self.chrome.t,
            "dash-app-fingerprints-hint",
            &[("format", format)],
        )
    }

    /// What an origin is, with two examples.
    fn origins_hint(&self) -> String {
        let parts = [
            ("example", "<code>https://app.example.com</code>"),
            ("wildcard", "<code>https://*.example.com</code>"),
        ];
        rich(self.chrome.t, "dash-app-origins-hint", &parts)
    }

    /// "Type <name> to delete the application.", the name in bold.
    fn delete_hint(&self) -> String {
        let name = format!("<strong>{}</strong>", html_escape(&self.form.name));
        rich(self.chrome.t, "dash-app-delete-hint", &[("name", &name)])
    }
}

/// Message `key` in `t` as HTML: its words escaped, each `(variable, html)` put where the
/// message places the variable (a link, a code sample, a name in bold).
fn rich(t: &Lang, key: &str, parts: &[(&str, &str)]) -> String {
    let marks: Vec<String> = (0..parts.len())
        .map(|i| format!("\u{E000}{i}\u{E001}"))
        .collect();
    let args: Vec<(&str, Arg<'_>)> = parts
        .iter()
        .zip(&marks)
        .map(|((name, _), mark)| (*name, Arg::Text(mark)))
        .collect();
    let mut html = html_escape(&t.format(key, &args));
    for ((_, part), mark) in parts.iter().zip(&marks) {
        html = html.replace(mark.as_str(), part);
    }
    html
}

/// The grant boxes, each checked as `checked` says of its grant and its index.
fn grants(checked: impl Fn(usize, &str) -> bool) -> Vec<GrantBox> {
    GRANTS
        .iter()
        .enumerate()
        .map(|(index, (grant, label))| GrantBox {
            index,
            label,
            checked: checked(index, grant),
        })
        .collect()
}

/// The form as stored.
pub(super) fn stored(c: &Client) -> AppForm {
    let ios = c.mobile.ios.as_ref();
    let android = c.mobile.android.as_ref();
    AppForm {
        name: c.name.clone(),
        callbacks: c.callbacks.join("\n"),
        allowed_logout_urls: c.allowed_logout_urls.join("\n"),
        grants: grants(|_, grant| c.allows_grant(grant)),
        logo_uri: c.branding.logo_uri.clone().unwrap_or_default(),
        primary_color: c.branding.primary_color.clone().unwrap_or_default(),
        rotating: c.refresh_token.rotation_type == RotationType::Rotating,
        expiring: c.refresh_token.expiration_type == ExpirationType::Expiring,
        token_lifetime: c.refresh_token.token_lifetime.to_string(),
        idle_token_lifetime: c.refresh_token.idle_token_lifetime.to_string(),
        leeway: c.refresh_token.leeway.to_string(),
        ios_team_id: ios.map(|i| i.team_id.clone()).unwrap_or_default(),
        ios_bundle: ios
            .map(|i| i.app_bundle_identifier.clone())
            .unwrap_or_default(),
        android_package: android
            .map(|a| a.app_package_name.clone())
            .unwrap_or_default(),
        android_fingerprints: android
            .map(|a| a.sha256_cert_fingerprints.join("\n"))
            .unwrap_or_default(),
        web_origins: c.cross_origin.web_origins.join("\n"),
        allowed_origins: c.cross_origin.allowed_origins.join("\n"),
        cross_origin_authentication: c.cross_origin.cross_origin_authentication,
        cross_origin_loc: c.cross_origin.cross_origin_loc.clone().unwrap_or_default(),
        signing_algs: alg_choices(c.jwt_configuration.alg.as_str()),
    }
}

/// The form as typed.
pub(super) fn typed(fields: &Fields) -> AppForm {
    AppForm {
        name: fields.text("name"),
        callbacks: fields.raw("callbacks"),
        allowed_logout_urls: fields.raw("allowed_logout_urls"),
        grants: grants(|index, _| fields.checked(&format!("grant-{index}"))),
        logo_uri: fields.text("branding.logo_uri"),
        primary_color: fields.text("branding.primary_color"),
        rotating: fields.text("refresh_token.rotation_type") == "rotating",
        expiring: fields.text("refresh_token.expiration_type") == "expiring",
        token_lifetime: fields.text("refresh_token.token_lifetime"),
        idle_token_lifetime: fields.text("refresh_token.idle_token_lifetime"),
        leeway: fields.text("refresh_token.leeway"),
        ios_team_id: fields.text("mobile.ios.team_id"),
        ios_bundle: fields.text("mobile.ios.app_bundle_identifier"),
        android_package: fields.text("mobile.android.app_package_name"),
        android_fingerprints: fields.raw("mobile.android.sha256_cert_fingerprints"),
        web_origins: fields.raw("web_origins"),
        allowed_origins: fields.raw("allowed_origins"),
        cross_origin_authentication: fields.checked("cross_origin_authentication"),
        cross_origin_loc: fields.text("cross_origin_loc"),
        signing_algs: alg_choices(&fields.text("jwt_configuration.alg")),
    }
}

pub(super) fn render(
    state: &AppState,
    admin: Admin,
    client: &Client,
    form: AppForm,
    secret: Option<String>,
    error: Option<FieldError>,
) -> Response {
    let body = EditPage {
        chrome: admin.chrome("applications"),
        client_id: client.client_id.clone(),
        confidential: client.secret_hash.is_some(),
        secret,
        form,
        error,
    };
    show(state, admin.jar, &body)
}

/// `GET /admin/applications/{id}`.
pub(super) async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminPage(admin): AdminPage,
) -> Answer {
    let client = editable(&state, &id).await?;
    Ok(render(&state, admin, &client, stored(&client), None, None))
}

/// `POST /admin/applications/{id}/rotate-secret`: the new secret is shown on the answer.
pub(super) async fn rotate_secret(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Answer {
    if editable(&state, &id).await?.secret_hash.is_none() {
        let notice = form.t.text("dash-app-no-secret");
        return Ok(done(&format!("/admin/applications/{id}"), &notice));
    }
    let rotated = crate::domain::management::clients::rotate_client_secret(&state.core, &id).await;
    let (client, secret) = rotated
        .map_err(internal)?
        .ok_or_else(|| not_found("application"))?;
    form.record(&state, &format!("Rotate the secret of {id}"))
        .await;
    let notice = form.t.text("dash-app-secret-rotated");
    let form = form.with_notice(&notice);
    Ok(render(
        &state,
        form,
        &client,
        stored(&client),
        Some(secret),
        None,
    ))
}

/// `POST /admin/applications/{id}/delete`.
pub(super) async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Answer {
    let client = editable(&state, &id).await?;
    if form.fields.text(CONFIRM) != client.name {
        let message = form
            .t
            .with("dash-app-confirm-mismatch", "name", &client.name);
        let error = FieldError::at(CONFIRM, message);
        return Ok(render(
            &state,
            form,
            &client,
            stored(&client),
            None,
            Some(error),
        ));
    }
    crate::domain::management::clients::delete_client(&state.core, &id)
        .await
        .map_err(internal)?;
    form.record(&state, &format!("Delete the application {id}"))
        .await;
    let notice = form.t.text("dash-app-deleted");
    Ok(done("/admin/applications", &notice))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::by_tag;

    fn page(t: &'static Lang) -> String {
        let fields = Fields::parse(b"name=Acme+%3CNotes%3E&grant-1=on&jwt_configuration.alg=RS256");
        let error = FieldError::at(
            CONFIRM,
            t.with("dash-app-confirm-mismatch", "name", "Acme <Notes>"),
        );
        let page = EditPage {
            chrome: Chrome {
                t,
                admin: "ops@example.com".into(),
                section: "applications",
                notice: None,
                csrf: "x".into(),
            },
            client_id: "abc".into(),
            confidential: true,
            secret: Some("s3cret".into()),
            form: typed(&fields),
            error: Some(error),
        };
        page.render().unwrap_or_default()
    }

    #[test]
    fn the_page_reads_as_before_in_english() {
        let html = page(crate::domain::i18n::english());
        for expected in [
            "<p><strong>Client secret</strong>, shown only now: copy it to your app's server.</p>",
            "Type <strong>Acme &lt;Notes&gt;</strong> to delete the application.",
            "Latchkey lists them in <a href=\"/.well-known/apple-app-site-association\">apple-app-site-association</a> and <a href=\"/.well-known/assetlinks.json\">assetlinks.json</a>.",
            "One per line, <code>AB:CD:…</code> (32 pairs).",
            "no path: <code>https://app.example.com</code>, or <code>https://*.example.com</code> for one subdomain level.",
            "> Refresh token</label>",
            "RS256 (Auth0&#39;s default)</option>",
            "<label for=\"confirm-delete\">Application&#39;s name</label>",
            "Application&#39;s name does not match: type Acme &#60;Notes&#62; to delete the application",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
    }

    #[test]
    fn every_language_has_every_word_of_the_page() {
        for tag in ["fr", "es", "de", "pt-BR", "it", "nl", "ja", "zh-CN", "ar"] {
            let Some(t) = by_tag(tag) else {
                panic!("no {tag}");
            };
            let html = page(t);
            assert!(!html.contains("dash-app-"), "{tag}: a raw key in {html}");
            assert!(!html.contains('\u{E000}'), "{tag}: a mark left in {html}");
            assert!(
                html.contains("<strong>Acme &lt;Notes&gt;</strong>"),
                "{tag}"
            );
            assert!(html.contains("assetlinks.json</a>"), "{tag}");
            assert!(!html.contains("Refresh tokens"), "{tag}: English left");
        }
    }
}
