//! The applications page: every application but the dashboard's own, with its kind, and
//! creating one (a confidential one's secret is shown once, on the page that answers).

use askama::Template;
use axum::extract::State;

use super::edit;
use crate::domain::DomainError;
use crate::domain::management::clients::ClientChanges;
use crate::domain::model::{Client, GRANT_CLIENT_CREDENTIALS};
use crate::http::AppState;
use crate::http::dashboard::DASHBOARD_CLIENT;
use crate::http::dashboard::chrome::{Answer, Chrome, Page, internal, page, show};
use crate::http::dashboard::field_error::{FieldError, NewName};
use crate::http::dashboard::form::{Admin, AdminForm, AdminPage};

struct AppRow {
    client_id: String,
    name: String,
    /// The message key of its kind.
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

page!(ListPage, fields: &["name"], labels: &[("name", "name", "dash-app-name")]);

/// The message key of the application's kind.
fn kind(c: &Client) -> &'static str {
    if c.secret_hash.is_none() {
        "dash-app-kind-public"
    } else if c.grant_types.iter().all(|g| g == GRANT_CLIENT_CREDENTIALS) {
        "dash-app-kind-m2m"
    } else {
        "dash-app-kind-confidential"
    }
}

async fn list_page(state: &AppState, admin: Admin, new: NewName) -> Answer {
    let clients = state.core.store.clients().await.map_err(internal)?;
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
        chrome: admin.chrome("applications"),
        apps,
        new_name: new.name,
        error: new.error,
    };
    Ok(show(state, admin.jar, &body))
}

/// `GET /admin/applications`.
pub(super) async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Answer {
    list_page(&state, admin, NewName::default()).await
}

/// `POST /admin/applications`: creates one; a confidential app's secret is shown once.
pub(super) async fn create(State(state): State<AppState>, AdminForm(form): AdminForm) -> Answer {
    let app_type = form.fields.text("app_type");
    let changes = ClientChanges {
        name: Some(form.fields.text("name")),
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
            let what = format!("Create the application {}", client.client_id);
            form.record(&state, &what).await;
            let notice = form.t.text("dash-app-created");
            let form = form.with_notice(&notice);
            Ok(edit::render(
                &state,
                form,
                &client,
                edit::stored(&client),
                secret,
                None,
            ))
        }
        Err(e @ (DomainError::InvalidRequest(_) | DomainError::InvalidField { .. })) => {
            let message = e.to_string().replace(
                "Payload validation error: Missing required property: name",
                &form.t.text("dash-app-name-required"),
            );
            let new = NewName::refused(form.fields.text("name"), message);
            list_page(&state, form, new).await
        }
        Err(e) => Err(internal(e)),
    }
}
