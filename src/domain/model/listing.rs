//! How much of a listing a query asks for: the part of one page.

/// `limit` items from `offset` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slice {
    pub offset: i64,
    pub limit: i64,
}

impl Slice {
    /// Page `page` (from 0) of pages of `per_page`.
    pub fn page(page: i64, per_page: i64) -> Self {
        Self {
            offset: page.saturating_mul(per_page),
            limit: per_page,
        }
    }

    /// The first item only.
    pub fn first() -> Self {
        Self::page(0, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_starts_after_the_pages_before_it() {
        assert_eq!(
            Slice::page(2, 10),
            Slice {
                offset: 20,
                limit: 10
            }
        );
        assert_eq!(Slice::page(i64::MAX, 2).offset, i64::MAX);
    }
}
