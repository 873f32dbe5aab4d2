//! What list endpoints share: the query string (`page`, `per_page`, `include_totals`, `q`,
//! `sort`, `fields`, filters), Auth0's two list answers (a bare array, or a page with
//! totals) and its checkpoint answer (`from` / `take`: `{<key>: [...], next}`).

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
    /// `q`'s newer name on `/logs` (what node `auth0` v7 sends).
    #[param(ignore)]
    pub search: Option<String>,
    #[param(ignore)]
    pub fields: Option<String>,
    #[param(ignore)]
    pub include_fields: Option<bool>,
    /// Checkpoint paging: where the page starts (a `next` from the page before).
    #[param(ignore)]
    pub from: Option<String>,
    /// Checkpoint paging: how many, 1 to 100 (default 50).
    #[param(ignore)]
    pub take: Option<i64>,
}

/// Checkpoint paging's two parameters, as the lists that offer it describe them (their
/// description only: [`Paging`] reads them).
#[allow(dead_code)]
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CheckpointParams {
    /// Where the page starts: a `next` from the page before (omit it for the first page)
    pub from: Option<String>,
    /// How many, 1 to 100 (default 50); answers {<items>, next} instead of a page
    #[param(minimum = 1, maximum = 100)]
    pub take: Option<i64>,
}

/// Declares a resource's answer when it also offers checkpoint paging: `$answer` is the
/// `$list` answer or `$checkpoint` (`{$key: [$item], next}`, `next` absent on the last page).
macro_rules! checkpoint_answer {
    ($answer:ident, $list:ident, $checkpoint:ident, $item:ty, $key:ident) => {
        // No other property: a page with totals is never mistaken for one.
        #[derive(serde::Serialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $checkpoint {
            pub $key: Vec<$item>,
            /// The next page's `from`; absent on the last page.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub next: Option<String>,
        }

        /// A list or page as without checkpoint paging, or a checkpoint page.
        #[derive(serde::Serialize, utoipa::ToSchema)]
        #[serde(untagged)]
        pub enum $answer {
            Listed($list),
            Checkpoint($checkpoint),
        }

        impl $answer {
            fn checkpoint((items, next): (Vec<$item>, Option<String>)) -> Self {
                Self::Checkpoint($checkpoint { $key: items, next })
            }
        }
    };
}
pub(crate) use checkpoint_answer;

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
    /// The `fields` / `include_fields` filter of this call.
    pub fn fields(&self) -> super::fields::Fields {
        super::fields::Fields {
            fields: self.fields.clone(),
            include_fields: self.include_fields,
        }
    }

    /// The number `take` asks for, when the call pages by checkpoint (`from` or `take`
    /// given; Auth0 then ignores `page`, `per_page` and `include_totals`).
    pub fn checkpoint(&self) -> Result<Option<i64>, MgmtError> {
        if self.from.is_none() && self.take.is_none() {
            return Ok(None);
        }
        let take = self.take.unwrap_or(50);
        if !(1..=100).contains(&take) {
            return Err(MgmtError::bad_query("take must be 1 to 100"));
        }
        Ok(Some(take))
    }

    /// A checkpoint page of a whole list held in memory: the items from `from` on (by
    /// `id`, in the order of ids, so a page is not moved by items added or deleted before
    /// it), `take` of them, and the next page's `from` when there are more.
    pub fn checkpoint_slice<T, I>(
        &self,
        take: i64,
        all: &[T],
        id: impl Fn(&T) -> String,
        view: impl Fn(&T) -> I,
    ) -> (Vec<I>, Option<String>) {
        let mut ordered: Vec<(String, &T)> = all.iter().map(|t| (id(t), t)).collect();
        ordered.sort_by(|a, b| a.0.cmp(&b.0));
        let start = self.from.as_deref().map_or(0, |from| {
            ordered.partition_point(|(id, _)| id.as_str() < from)
        });
        let take = usize::try_from(take).unwrap_or(50);
        let rest = ordered.get(start..).unwrap_or_default();
        let items = rest.iter().take(take).map(|(_, t)| view(t)).collect();
        let next = rest.get(take).map(|(id, _)| id.clone());
        (items, next)
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_page_by_id_from_the_given_one() {
        let all = ["c", "a", "e", "b", "d"];
        let paging = |from: Option<&str>, take| Paging {
            from: from.map(str::to_string),
            take,
            ..Default::default()
        };
        let slice = |p: &Paging| {
            let take = p.checkpoint().ok().flatten().unwrap_or(0);
            p.checkpoint_slice(take, &all, |s| s.to_string(), |s| s.to_string())
        };
        assert_eq!(Paging::default().checkpoint().ok(), Some(None));
        let first = slice(&paging(None, Some(2)));
        assert_eq!(first, (vec!["a".into(), "b".into()], Some("c".into())));
        let second = slice(&paging(first.1.as_deref(), Some(2)));
        assert_eq!(second, (vec!["c".into(), "d".into()], Some("e".into())));
        // the last page has no next; an id that is gone starts at the one after it
        assert_eq!(slice(&paging(Some("e"), Some(2))), (vec!["e".into()], None));
        assert_eq!(slice(&paging(Some("bb"), None)).0, vec!["c", "d", "e"]);
        assert_eq!(slice(&paging(Some("z"), None)), (vec![], None));
        assert!(paging(None, Some(0)).checkpoint().is_err());
        assert!(paging(None, Some(101)).checkpoint().is_err());
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
