//! What both steps of the hosted login begin with: the posted form, its CSRF check, the
//! sealed transaction opened, the request checked again, and the connection it names.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use std::collections::BTreeMap;

use super::page::PageContext;
use super::{accept_language, check};
use crate::domain::connections::ConnectionOptions;
use crate::domain::i18n;
use crate::domain::login::hosted::LoginTransaction;
use crate::domain::model::Strategy;
use crate::http::AppState;
use crate::http::pages::{
    CSRF_FIELD, Checked, LinkParams, csrf_ok, csrf_token, internal_in, request_error, start_again,
    visitor_texts,
};

/// A step's form: its fields, its CSRF check and its transaction.
pub(super) struct Step {
    fields: BTreeMap<String, String>,
    pub(super) tx: LoginTransaction,
    sealed: String,
}

fn read_step(
    state: &AppState,
    jar: &CookieJar,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Step, Response> {
    let t = visitor_texts(headers);
    let fields = LinkParams::from_form(body, t)?.0;
    if !csrf_ok(
        state,
        jar,
        headers,
        fields.get(CSRF_FIELD).map(String::as_str),
    ) {
        return Err(start_again(t, StatusCode::FORBIDDEN));
    }
    let sealed = fields.get("tx").cloned().unwrap_or_default();
    let tx = crate::domain::login::hosted::open_transaction(&state.core, &sealed)
        .map_err(|_| start_again(t, StatusCode::BAD_REQUEST))?;
    Ok(Step { fields, tx, sealed })
}

impl Step {
    pub(super) fn get(&self, key: &str) -> String {
        self.fields
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }
}

/// A step's form, its request checked again, and the connection it names.
pub struct StepParts {
    pub(super) step: Step,
    pub(super) checked: Checked,
    pub(super) connection: String,
    pub(super) strategy: Strategy,
    pub(super) accept_language: Option<String>,
    pub(super) jar: CookieJar,
    pub(super) headers: HeaderMap,
    /// The tenant's settings, for the page's name, logo and languages.
    pub(super) tenant: std::sync::Arc<crate::domain::model::TenantSettings>,
}

/// A step's handler gets its form read and checked, or answers with why it was not.
impl FromRequest<AppState> for StepParts {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (parts, body) = req.into_parts();
        let jar = CookieJar::from_headers(&parts.headers);
        let headers = parts.headers.clone();
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        begin_step(state, jar, headers, &body).await
    }
}

async fn begin_step(
    state: &AppState,
    jar: CookieJar,
    headers: HeaderMap,
    body: &Bytes,
) -> Result<StepParts, Response> {
    let step = read_step(state, &jar, &headers, body)?;
    let tenant = crate::domain::management::tenant_settings::tenant(&state.core)
        .await
        .map_err(|e| internal_in(visitor_texts(&headers), e))?;
    let t = language(&step.tx, accept_language(&headers).as_deref(), &tenant);
    let checked = check(state, &step.tx.params, t).await?;
    let (connection, options) = step_connection(state, &step, t).await?;
    Ok(StepParts {
        tenant,
        strategy: options.strategy(),
        step,
        checked,
        connection,
        accept_language: accept_language(&headers),
        jar,
        headers,
    })
}

impl StepParts {
    pub(super) fn page<'a>(&'a self, state: &'a AppState) -> PageContext<'a> {
        let jar = &self.jar;
        PageContext {
            state,
            jar,
            t: language(&self.step.tx, self.accept_language.as_deref(), &self.tenant),
            tenant: self.tenant.clone(),
            checked: &self.checked,
            tx: &self.step.tx,
            sealed: self.step.sealed.clone(),
            csrf: csrf_token(state, jar),
            accept_language: self.accept_language.clone(),
        }
    }
}

/// A step's pages' language: the request's `ui_locales`, then the browser's, among the
/// tenant's enabled languages.
fn language(
    tx: &LoginTransaction,
    accept_language: Option<&str>,
    tenant: &crate::domain::model::TenantSettings,
) -> &'static i18n::Lang {
    i18n::pick_enabled(
        tx.ui_locales.as_deref(),
        accept_language,
        &tenant.enabled_locales(),
    )
}

/// The connection a step names, if the transaction allows it. Another is a form no page of
/// ours made.
async fn step_connection(
    state: &AppState,
    step: &Step,
    t: &'static i18n::Lang,
) -> Result<(String, ConnectionOptions), Response> {
    let name = step.get("connection");
    if step
        .tx
        .connection
        .as_ref()
        .is_some_and(|only| *only != name)
    {
        return Err(request_error(
            t,
            StatusCode::BAD_REQUEST,
            "This connection was not offered.",
        ));
    }
    match state.core.connection_options(&name).await {
        Ok(Some(o)) => Ok((name, o)),
        Ok(None) => Err(request_error(
            t,
            StatusCode::BAD_REQUEST,
            "This connection does not exist.",
        )),
        Err(e) => Err(internal_in(t, e)),
    }
}
