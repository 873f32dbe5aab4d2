//! Applications: list and create; per application its callbacks, logout URLs, grant
//! types and branding; secret rotation (the secret is shown once, on the page that made
//! it, never in a URL); deletion.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum_extra::extract::CookieJar;

use super::{
    Chrome, DASHBOARD_CLIENT, FieldError, Fields, FormPage, done, form, internal, not_found, page,
    query_fields, record, show,
};
use crate::domain::DomainError;
use crate::domain::management::clients::ClientChanges;
use crate::domain::model::{
    AndroidApp, Client, ExpirationType, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS,
    GRANT_IMPLICIT, GRANT_JWT_BEARER, GRANT_LEGACY_RO, GRANT_LEGACY_RO_JWT_BEARER,
    GRANT_PASSWORDLESS_OTP, GRANT_REFRESH_TOKEN, GRANT_WEBAUTHN, IosApp, MobileApps,
    RefreshTokenPolicy, RotationType,
};
use crate::http::AppState;

/// The grants an application may be given, as the form names them.
const GRANTS: &[(&str, &str)] = &[
    (GRANT_PASSWORDLESS_OTP, "Passwordless code (/oauth/token)"),
    (GRANT_REFRESH_TOKEN, "Refresh token"),
    (
        GRANT_AUTHORIZATION_CODE,
        "Authorization code (hosted login, magic links)",
    ),
    (GRANT_IMPLICIT, "Implicit (tokens in the URL fragment)"),
    (GRANT_JWT_BEARER, "Touch ID device key (jwt-bearer)"),
    (GRANT_WEBAUTHN, "Passkey (webauthn)"),
    (GRANT_LEGACY_RO, "Legacy /oauth/ro"),
    (
        GRANT_LEGACY_RO_JWT_BEARER,
        "Legacy /oauth/ro with a device key",
    ),
    (
        GRANT_CLIENT_CREDENTIALS,
        "Client credentials (machine to machine)",
    ),
];

const FIELDS: &[&str] = &[
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
];

struct AppRow {
    client_id: String,
    name: String,
    kind: &'static str,
    callbacks: usize,
}

#[derive(Template)]
#[template(path = "admin/applications.html")]
struct ListPage {
    chrome: Chrome,
    apps: Vec<AppRow>,
    new_name: String,
    error: Option<FieldError>,
}

impl FormPage for ListPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

struct GrantBox {
    index: usize,
    label: &'static str,
    checked: bool,
}

struct AppForm {
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
}

#[derive(Template)]
#[template(path = "admin/application.html")]
struct EditPage {
    chrome: Chrome,
    client_id: String,
    confidential: bool,
    /// A secret just made: shown on this page only.
    secret: Option<String>,
    form: AppForm,
    error: Option<FieldError>,
}

impl FormPage for EditPage {
    fn refusal(&self) -> &Option<FieldError> {
        &self.error
    }
}

fn kind(c: &Client) -> &'static str {
    if c.secret_hash.is_none() {
        "Public (native or single-page)"
    } else if c.grant_types.iter().all(|g| g == GRANT_CLIENT_CREDENTIALS) {
        "Machine to machine"
    } else {
        "Confidential (server-side)"
    }
}

fn app_form(c: &Client) -> AppForm {
    AppForm {
        name: c.name.clone(),
        callbacks: c.callbacks.join("\n"),
        allowed_logout_urls: c.allowed_logout_urls.join("\n"),
        grants: GRANTS
            .iter()
            .enumerate()
            .map(|(index, (grant, label))| GrantBox {
                index,
                label,
                checked: c.allows_grant(grant),
            })
            .collect(),
        logo_uri: c.branding.logo_uri.clone().unwrap_or_default(),
        primary_color: c.branding.primary_color.clone().unwrap_or_default(),
        rotating: c.refresh_token.rotation_type == RotationType::Rotating,
        expiring: c.refresh_token.expiration_type == ExpirationType::Expiring,
        token_lifetime: c.refresh_token.token_lifetime.to_string(),
        idle_token_lifetime: c.refresh_token.idle_token_lifetime.to_string(),
        leeway: c.refresh_token.leeway.to_string(),
        ios_team_id: c
            .mobile
            .ios
            .as_ref()
            .map(|i| i.team_id.clone())
            .unwrap_or_default(),
        ios_bundle: c
            .mobile
            .ios
            .as_ref()
            .map(|i| i.app_bundle_identifier.clone())
            .unwrap_or_default(),
        android_package: c
            .mobile
            .android
            .as_ref()
            .map(|a| a.app_package_name.clone())
            .unwrap_or_default(),
        android_fingerprints: c
            .mobile
            .android
            .as_ref()
            .map(|a| a.sha256_cert_fingerprints.join("\n"))
            .unwrap_or_default(),
    }
}

fn lines(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn typed_form(fields: &Fields) -> AppForm {
    AppForm {
        name: fields.text("name"),
        callbacks: fields.raw("callbacks"),
        allowed_logout_urls: fields.raw("allowed_logout_urls"),
        grants: GRANTS
            .iter()
            .enumerate()
            .map(|(index, (_, label))| GrantBox {
                index,
                label,
                checked: fields.checked(&format!("grant-{index}")),
            })
            .collect(),
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
    }
}

/// The refresh-token policy as typed, or the field whose number does not read.
fn refresh_policy(fields: &Fields) -> Result<RefreshTokenPolicy, FieldError> {
    let number = |key: &str| {
        let name = format!("refresh_token.{key}");
        fields.text(&name).parse::<i64>().map_err(|_| FieldError {
            message: format!("{name} must be a whole number of seconds"),
            field: name,
        })
    };
    Ok(RefreshTokenPolicy {
        rotation_type: if fields.text("refresh_token.rotation_type") == "rotating" {
            RotationType::Rotating
        } else {
            RotationType::NonRotating
        },
        expiration_type: if fields.text("refresh_token.expiration_type") == "expiring" {
            ExpirationType::Expiring
        } else {
            ExpirationType::NonExpiring
        },
        token_lifetime: number("token_lifetime")?,
        idle_token_lifetime: number("idle_token_lifetime")?,
        leeway: number("leeway")?,
    })
}

/// The native apps as typed: an iOS app when either of its fields is filled, an Android
/// app when its package is.
fn mobile_apps(fields: &Fields) -> MobileApps {
    let (team, bundle) = (
        fields.text("mobile.ios.team_id"),
        fields.text("mobile.ios.app_bundle_identifier"),
    );
    let package = fields.text("mobile.android.app_package_name");
    MobileApps {
        ios: (!team.is_empty() || !bundle.is_empty()).then_some(IosApp {
            team_id: team,
            app_bundle_identifier: bundle,
        }),
        android: (!package.is_empty()).then(|| AndroidApp {
            app_package_name: package,
            sha256_cert_fingerprints: lines(&fields.raw("mobile.android.sha256_cert_fingerprints")),
        }),
    }
}

/// Places a domain message ("branding.logo_uri must …", "callbacks: … is not a URL").
fn place(message: &str) -> FieldError {
    FieldError::place(&message.replacen(": ", " ", 1), FIELDS)
}

#[allow(clippy::too_many_arguments)]
fn render_edit(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    client: &Client,
    form: AppForm,
    secret: Option<String>,
    error: Option<FieldError>,
) -> Response {
    let body = EditPage {
        chrome,
        client_id: client.client_id.clone(),
        confidential: client.secret_hash.is_some(),
        secret,
        form,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

async fn list_page(
    state: &AppState,
    jar: CookieJar,
    chrome: Chrome,
    new_name: String,
    error: Option<FieldError>,
) -> Response {
    let clients = match state.core.store.clients().await {
        Ok(c) => c,
        Err(e) => return internal(e.into()),
    };
    let apps = clients
        .iter()
        .filter(|c| c.client_id != DASHBOARD_CLIENT)
        .map(|c| AppRow {
            client_id: c.client_id.clone(),
            name: c.name.clone(),
            kind: kind(c),
            callbacks: c.callbacks.len(),
        })
        .collect();
    let body = ListPage {
        chrome,
        apps,
        new_name,
        error,
    };
    let rendered = body.render();
    show(state, jar, &body.chrome, body.status(), rendered)
}

/// `GET /admin/applications`.
pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "applications", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    list_page(&state, jar, chrome, String::new(), None).await
}

fn chrome_for(who: &crate::domain::model::User, fields: &Fields, notice: Option<&str>) -> Chrome {
    Chrome {
        admin: who.recipient.clone(),
        section: "applications",
        notice: notice.map(str::to_string),
        csrf: fields.text("csrf"),
    }
}

/// `POST /admin/applications`: creates one; a confidential app's secret is shown once.
pub async fn create(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let app_type = fields.text("app_type");
    let changes = ClientChanges {
        name: Some(fields.text("name")),
        app_type: Some(app_type).filter(|t| {
            matches!(
                t.as_str(),
                "native" | "spa" | "regular_web" | "non_interactive"
            )
        }),
        ..Default::default()
    };
    match crate::domain::management::clients::create_client(&state.core, changes).await {
        Ok((client, secret)) => {
            record(
                &state,
                &who,
                &format!("Create the application {}", client.client_id),
            )
            .await;
            let chrome = chrome_for(&who, &fields, Some("Application created"));
            let form = app_form(&client);
            render_edit(&state, jar, chrome, &client, form, secret, None)
        }
        Err(DomainError::InvalidRequest(m)) => {
            let chrome = chrome_for(&who, &fields, None);
            let error = FieldError {
                field: "name".into(),
                message: m.replace(
                    "Payload validation error: Missing required property: name",
                    "A name is required",
                ),
            };
            list_page(&state, jar, chrome, fields.text("name"), Some(error)).await
        }
        Err(e) => internal(e),
    }
}

async fn editable(state: &AppState, id: &str) -> Result<Client, Response> {
    if id == DASHBOARD_CLIENT {
        return Err(not_found("application"));
    }
    match state.core.store.client(id).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(not_found("application")),
        Err(e) => Err(internal(e.into())),
    }
}

/// `GET /admin/applications/{id}`.
pub async fn edit(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let chrome = match page(&state, &jar, "applications", &query_fields(&query)).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let client = match editable(&state, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let form = app_form(&client);
    render_edit(&state, jar, chrome, &client, form, None, None)
}

/// `POST /admin/applications/{id}`.
pub async fn save(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let client = match editable(&state, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let grants: Vec<String> = GRANTS
        .iter()
        .enumerate()
        .filter(|(i, _)| fields.checked(&format!("grant-{i}")))
        .map(|(_, (g, _))| g.to_string())
        .collect();
    let policy = match refresh_policy(&fields) {
        Ok(p) => p,
        Err(error) => {
            let chrome = chrome_for(&who, &fields, None);
            let typed = typed_form(&fields);
            return render_edit(&state, jar, chrome, &client, typed, None, Some(error));
        }
    };
    let changes = ClientChanges {
        name: Some(fields.text("name")),
        refresh_token: Some(policy),
        callbacks: Some(lines(&fields.raw("callbacks"))),
        allowed_logout_urls: Some(lines(&fields.raw("allowed_logout_urls"))),
        grant_types: Some(grants),
        logo_uri: Some(fields.text("branding.logo_uri")),
        primary_color: Some(fields.text("branding.primary_color")),
        mobile: Some(mobile_apps(&fields)),
        ..Default::default()
    };
    match crate::domain::management::clients::update_client(&state.core, &id, changes).await {
        Ok(Some(_)) => {
            record(&state, &who, &format!("Update the application {id}")).await;
            done(&format!("/admin/applications/{id}"), "Saved")
        }
        Ok(None) => not_found("application"),
        Err(DomainError::InvalidRequest(m)) => {
            let chrome = chrome_for(&who, &fields, None);
            render_edit(
                &state,
                jar,
                chrome,
                &client,
                typed_form(&fields),
                None,
                Some(place(&m)),
            )
        }
        Err(e) => internal(e),
    }
}

/// `POST /admin/applications/{id}/rotate-secret`: the new secret is shown on the answer.
pub async fn rotate_secret(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, fields) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let client = match editable(&state, &id).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    if client.secret_hash.is_none() {
        return done(
            &format!("/admin/applications/{id}"),
            "A public application has no secret",
        );
    }
    match crate::domain::management::clients::rotate_client_secret(&state.core, &id).await {
        Ok(Some((client, secret))) => {
            record(&state, &who, &format!("Rotate the secret of {id}")).await;
            let chrome = chrome_for(
                &who,
                &fields,
                Some("New secret made; the old one no longer works"),
            );
            let form = app_form(&client);
            render_edit(&state, jar, chrome, &client, form, Some(secret), None)
        }
        Ok(None) => not_found("application"),
        Err(e) => internal(e),
    }
}

/// `POST /admin/applications/{id}/delete`.
pub async fn delete(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let (who, _) = match form(&state, &jar, &headers, &body).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if let Err(r) = editable(&state, &id).await {
        return r;
    }
    match crate::domain::management::clients::delete_client(&state.core, &id).await {
        Ok(_) => {
            record(&state, &who, &format!("Delete the application {id}")).await;
            done("/admin/applications", "Application deleted")
        }
        Err(e) => internal(e),
    }
}
