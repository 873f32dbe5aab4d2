//! Saving an application's page: the form read into the changes the Management API takes
//! (`ClientChanges`); a refused value comes back next to its field with the rest as typed.

use axum::extract::{Path, State};

use super::edit::{EditPage, render, typed};
use super::{GRANTS, editable};
use crate::domain::i18n::Lang;
use crate::domain::management::clients::ClientChanges;
use crate::domain::model::{
    AndroidApp, ExpirationType, IosApp, JwtConfiguration, MobileApps, RefreshTokenPolicy,
    RotationType, SigningAlg,
};
use crate::http::AppState;
use crate::http::dashboard::chrome::{Answer, done, not_found};
use crate::http::dashboard::field_error::{FieldError, outcome};
use crate::http::dashboard::form::{AdminForm, Fields};

/// A list field: one entry a line (or comma-separated), blanks dropped.
fn lines(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The refresh-token policy as typed, or the field whose number does not read (named by
/// its label, in `t`).
fn refresh_policy(fields: &Fields, t: &Lang) -> Result<RefreshTokenPolicy, FieldError> {
    let number = |key: &str, label: &str| {
        let name = format!("refresh_token.{key}");
        fields.text(&name).parse::<i64>().map_err(|_| {
            let message = t.with("dash-app-whole-seconds", "field", &t.text(label));
            FieldError::at(&name, message)
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
        token_lifetime: number("token_lifetime", "dash-app-lifetime")?,
        idle_token_lifetime: number("idle_token_lifetime", "dash-app-idle-lifetime")?,
        leeway: number("leeway", "dash-app-leeway")?,
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

/// The signing algorithm as chosen, the rest of `current` kept (the page shows only the
/// algorithm); none when the form did not send the field.
fn jwt_configuration(
    fields: &Fields,
    current: JwtConfiguration,
    t: &Lang,
) -> Result<Option<JwtConfiguration>, FieldError> {
    let name = fields.text("jwt_configuration.alg");
    if name.is_empty() {
        return Ok(None);
    }
    let alg = SigningAlg::parse(&name).ok_or_else(|| {
        FieldError::at(
            "jwt_configuration.alg",
            t.with("dash-app-alg-unknown", "value", &format!("{name:?}")),
        )
    })?;
    Ok(Some(JwtConfiguration { alg, ..current }))
}

/// The form as the changes to make, or the value that does not read (said in `t`).
fn changes(
    fields: &Fields,
    current: JwtConfiguration,
    t: &Lang,
) -> Result<ClientChanges, FieldError> {
    let grants = GRANTS
        .iter()
        .enumerate()
        .filter(|(i, _)| fields.checked(&format!("grant-{i}")))
        .map(|(_, (g, _))| g.to_string())
        .collect();
    Ok(ClientChanges {
        name: Some(fields.text("name")),
        refresh_token: Some(refresh_policy(fields, t)?),
        callbacks: Some(lines(&fields.raw("callbacks"))),
        allowed_logout_urls: Some(lines(&fields.raw("allowed_logout_urls"))),
        grant_types: Some(grants),
        logo_uri: Some(fields.text("branding.logo_uri")),
        primary_color: Some(fields.text("branding.primary_color")),
        mobile: Some(mobile_apps(fields)),
        web_origins: Some(lines(&fields.raw("web_origins"))),
        allowed_origins: Some(lines(&fields.raw("allowed_origins"))),
        cross_origin_authentication: Some(fields.checked("cross_origin_authentication")),
        cross_origin_loc: Some(Some(fields.text("cross_origin_loc"))),
        jwt_configuration: jwt_configuration(fields, current, t)?,
        ..Default::default()
    })
}

/// `POST /admin/applications/{id}`.
pub(super) async fn save(
    State(state): State<AppState>,
    Path(id): Path<String>,
    AdminForm(form): AdminForm,
) -> Answer {
    let client = editable(&state, &id).await?;
    let saved = match changes(&form.fields, client.jwt_configuration, form.t) {
        Ok(changes) => outcome::<EditPage, _>(
            crate::domain::management::clients::update_client(&state.core, &id, changes).await,
        )?,
        Err(refused) => Err(refused),
    };
    match saved {
        Ok(Some(_)) => {}
        Ok(None) => return Err(not_found("application")),
        Err(error) => {
            let typed = typed(&form.fields);
            return Ok(render(&state, form, &client, typed, None, Some(error)));
        }
    }
    form.record(&state, &format!("Update the application {id}"))
        .await;
    let notice = form.t.text("dash-app-saved");
    Ok(done(&format!("/admin/applications/{id}"), &notice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_one_a_line_or_comma_separated() {
        assert_eq!(
            lines("https://a.test/cb\r\n, https://b.test/cb,\n\n"),
            ["https://a.test/cb", "https://b.test/cb"]
        );
    }

    #[test]
    fn a_lifetime_that_does_not_read_names_its_field() {
        let fields = Fields::parse(b"refresh_token.token_lifetime=100&refresh_token.idle_token_lifetime=ten&refresh_token.leeway=0");
        let refused = refresh_policy(&fields, crate::domain::i18n::english()).err();
        assert_eq!(
            refused,
            Some(FieldError::at(
                "refresh_token.idle_token_lifetime",
                "Idle lifetime must be a whole number of seconds"
            ))
        );
    }

    #[test]
    fn native_apps_are_there_only_when_named() {
        let none = mobile_apps(&Fields::parse(
            b"mobile.ios.team_id=&mobile.android.sha256_cert_fingerprints=AB",
        ));
        assert!(none.ios.is_none() && none.android.is_none());
        let both = mobile_apps(&Fields::parse(b"mobile.ios.app_bundle_identifier=com.x&mobile.android.app_package_name=com.x&mobile.android.sha256_cert_fingerprints=AB%0ACD"));
        assert_eq!(
            both.ios.map(|i| i.app_bundle_identifier).as_deref(),
            Some("com.x")
        );
        assert_eq!(
            both.android.map(|a| a.sha256_cert_fingerprints.len()),
            Some(2)
        );
    }

    #[test]
    fn a_list_refusal_lands_on_its_field() {
        use crate::domain::DomainError;
        use crate::domain::validation;
        use crate::http::dashboard::field_error::refusal;
        let refused = validation::FieldError::labelled("callbacks", "\"x\" is not a URL");
        let e = refusal::<EditPage>(DomainError::from(refused)).ok();
        assert_eq!(
            e.as_ref().map(|e| (e.field.as_str(), e.message.as_str())),
            Some(("callbacks", "callbacks \"x\" is not a URL"))
        );
    }
}
