//! What list endpoints share: the query string (`page`, `per_page`, `include_totals`, `q`,
//! `sort`, filters), Auth0's two list answers (a bare array, or a page with totals), the
//! `field:value AND …` terms of `q`, and the request body reader.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use serde::Deserialize;
use serde_json::Value;

use super::error::MgmtError;
use crate::http::extract::Params;

#[derive(Debug, Default, Deserialize)]
pub struct Paging {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    pub include_totals: Option<bool>,
    pub q: Option<String>,
    pub connection: Option<String>,
    pub strategy: Option<String>,
    /// Auth0's `field:1` (ascending) or `field:-1` (descending).
    pub sort: Option<String>,
}

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

impl Body {
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

/// A list answer: the items alone, or a page of them with totals.
pub trait Listed: Sized {
    type Item;
    fn items(items: Vec<Self::Item>) -> Self;
    fn page(start: i64, limit: i64, total: i64, items: Vec<Self::Item>) -> Self;
}

/// Declares a resource's list answer: `$list` is `[$item]` or `$page` (`{start, limit,
/// length, total, $key: [$item]}`), as Auth0 answers with `include_totals=true`.
macro_rules! list_answer {
    ($list:ident, $page:ident, $item:ty, $key:ident) => {
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub struct $page {
            pub start: i64,
            pub limit: i64,
            pub length: i64,
            pub total: i64,
            pub $key: Vec<$item>,
        }

        /// An array, or a page with totals when `include_totals=true`.
        #[derive(serde::Serialize, utoipa::ToSchema)]
        #[serde(untagged)]
        pub enum $list {
            Items(Vec<$item>),
            Page($page),
        }

        impl $crate::http::management::paging::Listed for $list {
            type Item = $item;
            fn items(items: Vec<$item>) -> Self {
                Self::Items(items)
            }
            fn page(start: i64, limit: i64, total: i64, items: Vec<$item>) -> Self {
                Self::Page($page {
                    start,
                    limit,
                    length: items.len() as i64,
                    total,
                    $key: items,
                })
            }
        }
    };
}
pub(crate) use list_answer;

impl Paging {
    /// `(page, per_page)`, checked.
    pub fn window(&self) -> Result<(i64, i64), MgmtError> {
        let page = self.page.unwrap_or(0);
        let per_page = self.per_page.unwrap_or(50);
        if page < 0 || !(1..=100).contains(&per_page) {
            return Err(MgmtError::bad_query(
                "page must be 0 or more and per_page 1 to 100",
            ));
        }
        Ok((page, per_page))
    }

    /// The offset of the window's first item.
    pub fn offset(&self) -> Result<i64, MgmtError> {
        let (page, per_page) = self.window()?;
        Ok(page.saturating_mul(per_page))
    }

    /// Auth0's two answers: a bare array, or `{start, limit, length, total, <key>: [...]}`.
    pub fn answer<L: Listed>(&self, items: Vec<L::Item>, total: i64) -> Result<Json<L>, MgmtError> {
        let (page, per_page) = self.window()?;
        Ok(Json(if self.include_totals.unwrap_or(false) {
            L::page(page.saturating_mul(per_page), per_page, total, items)
        } else {
            L::items(items)
        }))
    }

    /// The window's part of a whole list held in memory, answered.
    pub fn answer_slice<T, L: Listed>(
        &self,
        all: &[T],
        view: impl Fn(&T) -> L::Item,
    ) -> Result<Json<L>, MgmtError> {
        let (_, per_page) = self.window()?;
        let skip = usize::try_from(self.offset()?).unwrap_or(usize::MAX);
        let items = all
            .iter()
            .skip(skip)
            .take(usize::try_from(per_page).unwrap_or(0))
            .map(view)
            .collect();
        self.answer(items, all.len() as i64)
    }
}

/// The `field:value` terms of Auth0's Lucene-like `q`, joined by `AND`; quotes around a
/// value are dropped.
pub fn terms(q: &str) -> Result<Vec<(&str, &str)>, MgmtError> {
    q.split(" AND ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (field, value) = part
                .split_once(':')
                .ok_or_else(|| MgmtError::bad_query(format!("cannot read {part:?}")))?;
            Ok((field.trim(), value.trim().trim_matches('"')))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_split_on_and_with_quotes_dropped() {
        let t = terms(r#"email:"a@b.example" AND  identities.connection:email "#);
        assert_eq!(
            t.ok(),
            Some(vec![
                ("email", "a@b.example"),
                ("identities.connection", "email")
            ])
        );
        assert_eq!(terms("").ok(), Some(vec![]));
        assert_eq!(
            terms("nonsense").err().map(|e| e.to_string()),
            Some(r#"400 invalid_query_string cannot read "nonsense""#.into())
        );
    }

    #[test]
    fn the_window_is_checked() {
        let paging = |page, per_page| Paging {
            page,
            per_page,
            ..Default::default()
        };
        assert_eq!(paging(None, None).window().ok(), Some((0, 50)));
        assert_eq!(paging(Some(2), Some(10)).offset().ok(), Some(20));
        assert!(paging(Some(-1), None).window().is_err());
        assert!(paging(None, Some(0)).window().is_err());
        assert!(paging(None, Some(101)).window().is_err());
    }
}
