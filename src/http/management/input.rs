//! Reading a Management request: its query string and its body (JSON or form), refused in
//! the Management API's error shape rather than axum's plain text.

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde_json::Value;

use super::error::MgmtError;
use crate::http::extract::Params;

/// A query string read into `T`, refused in the Management API's shape (not axum's text).
pub struct MgmtQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for MgmtQuery<T> {
    type Rejection = MgmtError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, MgmtError> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| Self(t))
            .map_err(|e: QueryRejection| MgmtError::bad_query(e.body_text()))
    }
}

/// A request body (JSON or form), refused in the Management API's shape.
pub struct Body(pub Params);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = MgmtError;

    async fn from_request(req: Request, state: &S) -> Result<Self, MgmtError> {
        Params::from_request(req, state)
            .await
            .map(Self)
            .map_err(|r| MgmtError::new(r.0, "invalid_body", r.1))
    }
}

/// A JSON value read into `T`, refused as Auth0 refuses a payload.
pub fn payload<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, MgmtError> {
    serde_json::from_value(value)
        .map_err(|e| MgmtError::bad_body(format!("Payload validation error: {e}")))
}

impl Body {
    /// The whole body read into `T`.
    pub fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, MgmtError> {
        payload(Value::Object(self.0.0))
    }

    /// A required string property.
    pub fn text(&self, key: &str) -> Result<String, MgmtError> {
        self.optional(key)?.ok_or_else(|| {
            MgmtError::bad_body(format!(
                "Payload validation error: Missing required property: {key}"
            ))
        })
    }

    pub fn optional(&self, key: &str) -> Result<Option<String>, MgmtError> {
        self.0.str(key).map_err(MgmtError::bad_body)
    }

    /// An optional array of strings.
    pub fn strings(&self, key: &str) -> Result<Option<Vec<String>>, MgmtError> {
        let refused = || MgmtError::bad_body(format!("{key} must be an array of strings"));
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(refused))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(refused()),
        }
    }

    /// An optional boolean property.
    pub fn flag(&self, key: &str) -> Result<Option<bool>, MgmtError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(MgmtError::bad_body(format!("{key} must be a boolean"))),
        }
    }

    /// An optional object read into `T`; its errors name `key`.
    pub fn object<T: serde::de::DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<T>, MgmtError> {
        match self.0.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v.clone())
                .map(Some)
                .map_err(|e| MgmtError::bad_body(format!("{key}: {e}"))),
        }
    }
}
