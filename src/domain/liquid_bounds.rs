//! Liquid with bounded work: the subset of Liquid a message template may use, checked before
//! a template is saved and again before it is rendered, and rendering into a capped buffer.
//!
//! Liquid itself has no step or size limit: `{% for i in (1..5000000) %}` builds its five
//! million values before the first turn, and `{% assign %}`, `replace` or `split`/`join`
//! chains grow a value geometrically without writing a byte. So a template may use:
//!
//! - outputs (`{{ code }}`) with the filters in [`FILTERS`], none of which makes a value more
//!   than a bounded amount longer than its input;
//! - the tags in [`TAGS`]: conditions, comments, `raw`, and `for` over a literal range, where
//!   the product of every loop's length (as if all were nested) is at most [`MAX_LOOP_TURNS`].
//!
//! What a template writes is capped as well (see [`render`]): one that runs past its channel's
//! limit fails instead of producing a huge message.

use std::io::Write;

/// Every loop's turns multiplied together may not exceed this.
pub const MAX_LOOP_TURNS: i64 = 1_000;

/// Tags a template may use.
pub const TAGS: &[&str] = &[
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
    "for",
    "endfor",
    "break",
    "continue",
    "comment",
    "endcomment",
    "raw",
    "endraw",
];

/// Filters a template may use: each shortens its input, or lengthens it by a bounded factor
/// that does not compound (`escape` and `url_encode` turn one character into one entity,
/// and an entity into a longer one only by its first character), or adds its argument once.
pub const FILTERS: &[&str] = &[
    "upcase",
    "downcase",
    "capitalize",
    "strip",
    "lstrip",
    "rstrip",
    "strip_newlines",
    "strip_html",
    "truncate",
    "truncatewords",
    "remove",
    "remove_first",
    "slice",
    "append",
    "prepend",
    "default",
    "size",
    "escape",
    "escape_once",
    "url_encode",
    "url_decode",
    "plus",
    "minus",
    "times",
    "divided_by",
    "modulo",
    "abs",
    "ceil",
    "floor",
    "round",
    "at_least",
    "at_most",
];

/// A piece of markup: `{{ … }}` or `{% … %}`, its inside without the `-` trim marks.
enum Markup<'a> {
    Output(&'a str),
    Tag(&'a str),
}

/// The markup of `template` in order, quotes respected (a `}}` inside a string does not end
/// an output); `Err` for markup that is never closed.
fn markup(template: &str) -> Result<Vec<Markup<'_>>, String> {
    let bytes = template.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        let open = &bytes[i..i + 2];
        let close: &[u8] = match open {
            b"{{" => b"}}",
            b"{%" => b"%}",
            _ => {
                i += 1;
                continue;
            }
        };
        let start = i + 2;
        let mut j = start;
        let mut quote = None;
        let end = loop {
            if j + 1 >= bytes.len() {
                return Err("a {{ or {% is never closed".into());
            }
            match (quote, bytes[j]) {
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (Some(q), c) if c == q => quote = None,
                (None, _) if &bytes[j..j + 2] == close => break j,
                _ => {}
            }
            j += 1;
        };
        let inside = template[start..end].trim_matches('-').trim();
        found.push(if open == b"{{" {
            Markup::Output(inside)
        } else {
            Markup::Tag(inside)
        });
        i = end + 2;
    }
    Ok(found)
}

/// `text` split at each `|` outside quotes.
fn pipes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote = None;
    let mut from = 0;
    for (at, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '|') => {
                parts.push(&text[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[from..]);
    parts
}

/// How many turns `for VAR in (A..B) …` makes, or why the loop is refused.
fn loop_turns(tag: &str) -> Result<i64, String> {
    let refused = || {
        format!(
            "{{% {tag} %}}: a loop may only run over a literal range such as (1..3), of at \
             most {MAX_LOOP_TURNS} turns"
        )
    };
    let range = tag
        .split_once(" in ")
        .map(|(_, r)| r.trim_start())
        .and_then(|r| r.strip_prefix('('))
        .and_then(|r| r.split_once(')'))
        .map(|(r, _)| r)
        .ok_or_else(refused)?;
    let (from, to) = range.split_once("..").ok_or_else(refused)?;
    let from: i64 = from.trim().parse().map_err(|_| refused())?;
    let to: i64 = to.trim().parse().map_err(|_| refused())?;
    Ok(to.saturating_sub(from).saturating_add(1).max(0))
}

/// Whether `template` keeps to the bounded subset; the error says what is refused.
pub fn check(template: &str) -> Result<(), String> {
    let mut turns: i64 = 1;
    for piece in markup(template)? {
        match piece {
            Markup::Output(inside) => {
                for filter in pipes(inside).into_iter().skip(1) {
                    let name = filter
                        .trim()
                        .split(|c: char| c == ':' || c.is_whitespace())
                        .next()
                        .unwrap_or("");
                    if !FILTERS.contains(&name) {
                        return Err(format!(
                            "the filter {name:?} is not allowed in a message template \
                             (allowed: {})",
                            FILTERS.join(", ")
                        ));
                    }
                }
            }
            Markup::Tag(inside) => {
                let name = inside.split_whitespace().next().unwrap_or("");
                if !TAGS.contains(&name) {
                    return Err(format!(
                        "the tag {{% {name} %}} is not allowed in a message template \
                         (allowed: {})",
                        TAGS.join(", ")
                    ));
                }
                if name == "for" {
                    turns = turns.saturating_mul(loop_turns(inside)?.max(1));
                    if turns > MAX_LOOP_TURNS {
                        return Err(format!(
                            "the template's loops make more than {MAX_LOOP_TURNS} turns"
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

/// A buffer that refuses to grow past `max` bytes.
struct Capped {
    out: Vec<u8>,
    max: usize,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > self.max {
            self.overflowed = true;
            return Err(std::io::Error::other("the rendered message is too long"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Why a bounded render failed.
#[derive(Debug, PartialEq, Eq)]
pub enum RenderError {
    /// Outside the bounded subset, or not Liquid at all: a broken template.
    Template(String),
    /// It wrote more than `max` bytes.
    TooLong { max: usize },
}

/// Checks `template`, parses it (no partials, no filesystem: it reaches only `globals`) and
/// renders it into at most `max` bytes.
pub fn render(template: &str, globals: &liquid::Object, max: usize) -> Result<String, RenderError> {
    check(template).map_err(RenderError::Template)?;
    let parsed = liquid::ParserBuilder::with_stdlib()
        .build()
        .and_then(|p| p.parse(template))
        .map_err(|e| RenderError::Template(format!("the template does not parse: {e}")))?;
    let mut out = Capped {
        out: Vec::new(),
        max,
        overflowed: false,
    };
    let rendered = parsed.render_to(&mut out, globals);
    if out.overflowed {
        return Err(RenderError::TooLong { max });
    }
    rendered.map_err(|e| RenderError::Template(format!("the template does not render: {e}")))?;
    String::from_utf8(out.out)
        .map_err(|_| RenderError::Template("the template renders invalid text".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globals() -> liquid::Object {
        liquid::object!({"code": "123456", "phone_number": "+14155550100"})
    }

    #[test]
    fn ordinary_templates_pass() {
        for t in [
            "Your code is {{ code }}",
            "{% if request_language contains 'fr' %}Code : {{ code }}{% else %}Code: {{ code }}{% endif %}",
            "{{ application.name | upcase | truncate: 20 }}: {{ code }}",
            "{%- for i in (1..3) -%}*{%- endfor -%} {{ code }}",
            "{{ \"a|b}}\" | append: code }}",
        ] {
            assert_eq!(check(t), Ok(()), "{t}");
        }
    }

    #[test]
    fn unbounded_constructs_are_refused() {
        for t in [
            "{% for i in (1..5000000) %}{% endfor %}{{ code }}",
            "{% for i in (1..100) %}{% for j in (1..100) %}x{% endfor %}{% endfor %}",
            "{% for i in (1..code) %}x{% endfor %}",
            "{% for c in phone_number %}x{% endfor %}",
            "{% assign a = code | append: code %}{{ a }}",
            "{% capture a %}{{ code }}{% endcapture %}",
            "{{ code | replace: '1', code }}",
            "{{ code | split: '' | join: code }}",
            "{% tablerow i in (1..3) %}x{% endtablerow %}",
            "{% include 'x' %}",
            "{{ code ",
            "{{ \"}}\" | replace: 'a', 'aa' }}",
        ] {
            assert!(check(t).is_err(), "{t}");
        }
    }

    #[test]
    fn output_is_capped() {
        let t = "{% for i in (1..1000) %}xxxxxxxxxx{% endfor %}{{ code }}";
        assert_eq!(
            render(t, &globals(), 1600),
            Err(RenderError::TooLong { max: 1600 })
        );
        let ok = render(
            "{% for i in (1..3) %}x{% endfor %} {{ code }}",
            &globals(),
            1600,
        );
        assert_eq!(ok, Ok("xxx 123456".into()));
    }
}
