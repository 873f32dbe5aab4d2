//! Administrators: who may use the dashboard. Those named in the configuration file are
//! listed and stay; those added here or with `latchkey admins add` can be removed, but the
//! last administrator cannot remove themself (checked in the store's transaction).

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};

use super::chrome::{Answer, Chrome, Page, done, internal, page, show};
use super::field_error::FieldError;
use super::form::{Admin, AdminForm, AdminPage};
use crate::domain::DomainError;
use crate::domain::management::admins::{self, Removal};
use crate::http::AppState;

const PATH: &str = "/admin/administrators";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(list).post(add))
        .route("/admin/administrators/remove", post(remove))
}

struct Row {
    email: String,
    /// Named in the configuration file: not removable here.
    configured: bool,
    you: bool,
}

#[derive(Template)]
#[template(path = "admin/administrators.html")]
struct ListPage {
    chrome: Chrome,
    admins: Vec<Row>,
    new_email: String,
    error: Option<FieldError>,
}

page!(
    ListPage,
    fields: &["email"],
    labels: &[("email", "new-email", "dash-admins-email")]
);

async fn list_page(
    state: &AppState,
    admin: Admin,
    new_email: String,
    error: Option<FieldError>,
) -> Answer {
    let stored = admins::stored_admins(state.core.store.as_ref())
        .await
        .map_err(internal)?;
    let me = admin.who.email.clone();
    let configured = state.admin_emails.iter().map(|e| (e.clone(), true));
    let mut rows: Vec<Row> = configured
        .chain(
            stored
                .into_iter()
                .filter(|e| !state.admin_emails.contains(e))
                .map(|e| (e, false)),
        )
        .map(|(email, configured)| Row {
            you: email == me,
            email,
            configured,
        })
        .collect();
    rows.sort_by(|a, b| a.email.cmp(&b.email));
    let body = ListPage {
        chrome: admin.chrome("administrators"),
        admins: rows,
        new_email,
        error,
    };
    Ok(show(state, admin.jar, &body))
}

/// `GET /admin/administrators`.
async fn list(State(state): State<AppState>, AdminPage(admin): AdminPage) -> Answer {
    list_page(&state, admin, String::new(), None).await
}

/// `POST /admin/administrators` `{email}`: they may sign in at once.
async fn add(State(state): State<AppState>, AdminForm(form): AdminForm) -> Answer {
    let email = form.fields.text("email");
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    match admins::add_admin(state.core.store.as_ref(), &email, now).await {
        Ok(added) => {
            if added {
                form.record(&state, &format!("Add the administrator {email}"))
                    .await;
            }
            let notice = if added {
                form.t.with("dash-admins-added", "email", &email)
            } else {
                form.t.with("dash-admins-already", "email", &email)
            };
            Ok(done(PATH, &notice))
        }
        Err(DomainError::InvalidRequest(_)) => {
            let error = FieldError::at("email", form.t.text("dash-admins-not-an-email"));
            list_page(&state, form, email, Some(error)).await
        }
        Err(e) => Err(internal(e)),
    }
}

/// `POST /admin/administrators/remove` `{email}`.
async fn remove(State(state): State<AppState>, AdminForm(form): AdminForm) -> Answer {
    let email = form.fields.text("email");
    let now = crate::domain::Clock::now(state.core.clock.as_ref());
    let removal = admins::remove_admin_keeping_one(
        state.core.store.as_ref(),
        &email,
        &state.admin_emails,
        now,
    )
    .await
    .map_err(internal)?;
    let notice = match removal {
        Removal::Removed => {
            form.record(&state, &format!("Remove the administrator {email}"))
                .await;
            form.t.with("dash-admins-removed", "email", &email)
        }
        Removal::NotAdded => form.t.with("dash-admins-not-added", "email", &email),
        Removal::Last => form.t.text("dash-admins-last"),
    };
    Ok(done(PATH, &notice))
}
