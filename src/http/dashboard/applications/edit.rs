//! An application's page: the form with its settings as stored or as typed, a secret just
//! made, rotating the secret and deleting the application.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::{GRANTS, editable};
use crate::domain::model::{Client, ExpirationType, RotationType, SigningAlg};
use crate::domain::validation;
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, done, internal, not_found, show};
use crate::http::dashboard::field_error::{CONFIRM, FieldError, not_confirmed};
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage, Fields};

pub(super) struct GrantBox {
    index: usize,
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
        ("name", "name", "Name"),
        ("callbacks", "callbacks", "Allowed callback URLs"),
        (
            "allowed_logout_urls",
            "allowed_logout_urls",
            "Allowed logout URLs",
        ),
        ("grant_types", "grant-0", "Grant types"),
        ("branding.logo_uri", "logo_uri", "Logo URL"),
        ("branding.primary_color", "primary_color", "Button colour"),
        ("refresh_token.token_lifetime", "token_lifetime", "Lifetime"),
        (
            "refresh_token.idle_token_lifetime",
            "idle_token_lifetime",
            "Idle lifetime",
        ),
        ("refresh_token.leeway", "leeway", "Reuse leeway"),
        ("mobile.ios.team_id", "ios_team_id", "iOS Team ID"),
        (
            "mobile.ios.app_bundle_identifier",
            "ios_bundle",
            "iOS bundle identifier",
        ),
        (
            "mobile.android.app_package_name",
            "android_package",
            "Android package name",
        ),
        (
            "mobile.android.sha256_cert_fingerprints",
            "android_fingerprints",
            "Android signing-certificate fingerprints",
        ),
        ("web_origins", "web_origins", "Allowed web origins"),
        (
            "allowed_origins",
            "allowed_origins",
            "Allowed origins (CORS)",
        ),
        (
            "cross_origin_loc",
            "cross_origin_loc",
            "Cross-origin verification fallback URL",
        ),
        ("jwt_configuration.alg", "signing_alg", "Signing algorithm"),
        (CONFIRM, "confirm-delete", "Application's name"),
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
        let notice = "A public application has no secret";
        return Ok(done(&format!("/admin/applications/{id}"), notice));
    }
    let rotated = crate::domain::management::clients::rotate_client_secret(&state.core, &id).await;
    let (client, secret) = rotated
        .map_err(internal)?
        .ok_or_else(|| not_found("application"))?;
    form.record(&state, &format!("Rotate the secret of {id}"))
        .await;
    let form = form.with_notice("New secret made; the old one no longer works");
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
        let error = not_confirmed(&client.name, "the application");
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
    Ok(done("/admin/applications", "Application deleted"))
}
