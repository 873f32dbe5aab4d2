//! Auth0's log search syntax (`q` / `search` on `/api/v2/logs`), as far as our entries can
//! be searched: `type`, `user_id`, `client_id` and `log_id` (exact; quoted or bare), and
//! `date` (a day, `2026-12-01`, or a range `[2026-12-01 TO 2026-12-31]`, `{… TO …}` without
//! its ends, `*` for an open end; days or RFC 3339 times), joined by spaces or `AND`. What
//! Auth0 reads but this cannot (other fields, `OR`, `NOT`, wildcards, free text) is refused
//! with the reason, never answered with a wrong list.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

use crate::domain::UnixTime;
use crate::domain::model::LogQuery;

/// The fields that can be searched.
const SEARCHABLE: &str = "type, user_id, client_id, log_id, date";

/// Reads `search` into `query`'s filters; the refusal says why.
pub fn read(search: &str, query: &mut LogQuery) -> Result<(), String> {
    for term in split(search)? {
        if matches!(term, "OR" | "NOT" | "||" | "&&") || term.starts_with(['-', '!', '(']) {
            return Err(format!(
                "searching logs with {term:?} is not supported: terms are joined by AND"
            ));
        }
        if term == "AND" {
            continue;
        }
        let (field, value) = term.split_once(':').ok_or_else(|| {
            format!("cannot read {term:?}: search logs by field:value ({SEARCHABLE})")
        })?;
        if field == "date" {
            if query.since.is_some() || query.until.is_some() {
                return Err("date is given twice".into());
            }
            (query.since, query.until) = dates(value)?;
            continue;
        }
        let slot = match field {
            "type" => &mut query.kind,
            "user_id" => &mut query.user_id,
            "client_id" => &mut query.client_id,
            "log_id" => &mut query.id,
            other => {
                return Err(format!(
                    "searching logs by {other} is not supported ({SEARCHABLE})"
                ));
            }
        };
        if slot.is_some() {
            return Err(format!("{field} is given twice"));
        }
        *slot = Some(exact(value)?);
    }
    Ok(())
}

/// The terms: split on spaces outside quotes and range brackets.
fn split(search: &str) -> Result<Vec<&str>, String> {
    let mut terms = Vec::new();
    // What closes the open quote or range (a range may end with either bracket).
    let (mut start, mut closing) = (None, None::<&[char]>);
    for (i, c) in search.char_indices() {
        match (closing, c) {
            (Some(ends), c) if ends.contains(&c) => closing = None,
            (Some(_), _) => {}
            (None, '"') => closing = Some(&['"']),
            (None, '[' | '{') => closing = Some(&[']', '}']),
            (None, c) if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    terms.push(&search[s..i]);
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(ends) = closing {
        return Err(format!("the search has an unclosed {:?}", ends[0]));
    }
    if let Some(s) = start {
        terms.push(&search[s..]);
    }
    Ok(terms)
}

/// A value compared whole: quoted, or bare without wildcards.
fn exact(value: &str) -> Result<String, String> {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Ok(inner.to_string());
    }
    if value.is_empty() || value.contains(['*', '?', '"', '[', ']', '{', '}']) {
        return Err(format!(
            "cannot read the value {value:?}: wildcards and ranges are not supported here"
        ));
    }
    Ok(value.to_string())
}

/// A day or a range of times as `[since, until)`.
fn dates(value: &str) -> Result<(Option<UnixTime>, Option<UnixTime>), String> {
    let value = value.trim_matches('"');
    let low_inclusive = match value.chars().next() {
        Some('[') => true,
        Some('{') => false,
        _ => {
            let (from, to) = moment(value)?;
            return Ok((Some(from), Some(to)));
        }
    };
    // `[` and `]` take their end in, `{` and `}` leave it out.
    let high_inclusive = value.ends_with(']');
    let inner = value.get(1..value.len().saturating_sub(1)).unwrap_or("");
    let (low, high) = inner
        .split_once(" TO ")
        .ok_or_else(|| format!("cannot read the date range {value:?}: [from TO to]"))?;
    let bound = |b: &str| -> Result<Option<(UnixTime, UnixTime)>, String> {
        match b.trim() {
            "*" => Ok(None),
            b => moment(b).map(Some),
        }
    };
    // A day stands for all its seconds: an inclusive range takes the whole of its ends, an
    // exclusive one neither.
    let since = bound(low)?.map(|(from, to)| if low_inclusive { from } else { to });
    let until = bound(high)?.map(|(from, to)| if high_inclusive { to } else { from });
    Ok((since, until))
}

/// A day (`2026-12-01`) or a time (RFC 3339) as the seconds it covers, `[from, to)`.
fn moment(text: &str) -> Result<(UnixTime, UnixTime), String> {
    if let Ok(day) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        let from = day.midnight().assume_utc().unix_timestamp();
        return Ok((from, from + 86_400));
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| (t.unix_timestamp(), t.unix_timestamp() + 1))
        .map_err(|_| format!("cannot read the date {text:?}: YYYY-MM-DD or an RFC 3339 time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_ok(search: &str) -> LogQuery {
        let mut q = LogQuery::default();
        read(search, &mut q).unwrap();
        q
    }

    fn refused(search: &str) -> String {
        read(search, &mut LogQuery::default()).unwrap_err()
    }

    const DEC_1: i64 = 1_796_083_200; // 2026-12-01T00:00:00Z

    #[test]
    fn fields_are_read_quoted_or_bare_joined_by_spaces_or_and() {
        let q = read_ok(r#"type:"s" AND user_id:"sms|1"  client_id:abc"#);
        assert_eq!(q.kind.as_deref(), Some("s"));
        assert_eq!(q.user_id.as_deref(), Some("sms|1"));
        assert_eq!(q.client_id.as_deref(), Some("abc"));
        assert_eq!(read_ok("log_id:log_1").id.as_deref(), Some("log_1"));
        assert_eq!(
            read_ok(r#"user_id:"email|a b""#).user_id.as_deref(),
            Some("email|a b")
        );
        let none = read_ok("  ");
        assert!(none.kind.is_none() && none.since.is_none());
    }

    #[test]
    fn dates_are_days_or_ranges() {
        let day = read_ok("date:2026-12-01");
        assert_eq!((day.since, day.until), (Some(DEC_1), Some(DEC_1 + 86_400)));
        let range = read_ok("type:s date:[2026-12-01 TO 2026-12-02]");
        assert_eq!(
            (range.since, range.until),
            (Some(DEC_1), Some(DEC_1 + 2 * 86_400))
        );
        let open = read_ok("date:{2026-12-01 TO *}");
        assert_eq!((open.since, open.until), (Some(DEC_1 + 86_400), None));
        let times = read_ok("date:[2026-12-01T00:00:10Z TO 2026-12-01T00:00:20Z}");
        assert_eq!(
            (times.since, times.until),
            (Some(DEC_1 + 10), Some(DEC_1 + 20))
        );
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_the_reason() {
        assert!(refused("ip:1.2.3.4").contains("searching logs by ip is not supported"));
        assert!(refused("type:s OR type:f").contains("\"OR\""));
        assert!(refused("NOT type:s").contains("\"NOT\""));
        assert!(refused("-type:s").contains("\"-type:s\""));
        assert!(refused("alice").contains("field:value"));
        assert!(refused("user_name:ali*").contains("user_name"));
        assert!(refused("type:s*").contains("wildcards"));
        assert!(refused("type:s type:f").contains("twice"));
        assert!(refused(r#"type:"s"#).contains("unclosed"));
        assert!(refused("date:[2026-12-01 TO").contains("unclosed"));
        assert!(refused("date:yesterday").contains("YYYY-MM-DD"));
        assert!(refused("date:[2026-12-01]").contains("[from TO to]"));
        assert!(refused("date:2026-12-01 date:2026-12-02").contains("twice"));
    }
}
