//! What list endpoints share: the query string (`page`, `per_page`, `include_totals`, `q`,
//! `sort`, filters), Auth0's two list answers (a bare array, or a page with totals) and the
//! `field:value AND …` terms of `q`.

use axum::Json;
use serde::Deserialize;

use super::error::MgmtError;
use crate::domain::model::Slice;

/// A list endpoint's query string. The window's three parameters are described here, once
/// for every list; the others mean something different on each resource, whose route
/// describes the ones it reads.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page, from 0
    pub page: Option<i64>,
    /// 1 to 100, default 50
    pub per_page: Option<i64>,
    /// Answer {start, limit, length, total, items} instead of an array
    pub include_totals: Option<bool>,
    #[param(ignore)]
    pub q: Option<String>,
    #[param(ignore)]
    pub connection: Option<String>,
    #[param(ignore)]
    pub strategy: Option<String>,
    /// Auth0's `field:1` (ascending) or `field:-1` (descending).
    #[param(ignore)]
    pub sort: Option<String>,
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

    /// The window as the store's part of a listing.
    pub fn slice(&self) -> Result<Slice, MgmtError> {
        let (page, per_page) = self.window()?;
        Ok(Slice::page(page, per_page))
    }

    /// Auth0's two answers: a bare array, or `{start, limit, length, total, <key>: [...]}`.
    pub fn answer<L: Listed>(&self, items: Vec<L::Item>, total: i64) -> Result<Json<L>, MgmtError> {
        let slice = self.slice()?;
        Ok(Json(if self.include_totals.unwrap_or(false) {
            L::page(slice.offset, slice.limit, total, items)
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
        let slice = self.slice()?;
        let items = all
            .iter()
            .skip(usize::try_from(slice.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(slice.limit).unwrap_or(0))
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
        assert_eq!(
            paging(Some(2), Some(10)).slice().ok(),
            Some(Slice::page(2, 10))
        );
        assert!(paging(Some(-1), None).window().is_err());
        assert!(paging(None, Some(0)).window().is_err());
        assert!(paging(None, Some(101)).window().is_err());
    }
}
