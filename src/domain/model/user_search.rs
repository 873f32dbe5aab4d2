//! Auth0's user search (`GET /api/v2/users?q=…`, its Lucene-like syntax v3) as far as
//! Latchkey's users need it, parsed into a tree the store turns into one SQL condition:
//! `field:value` terms, quoted (`name:"Ann Lee"`) or bare with `\` escapes
//! (`phone_number:\+14155550100`), a trailing `*` for a prefix (three characters or more, as
//! Auth0 asks), joined by `AND`, `OR` (or a space, which Auth0 reads as `AND`) and grouped
//! with parentheses. Fields: `name`, `email`, `phone_number`, `user_id`,
//! `identities.connection` (or `connection`) and `app_metadata.<key>` (equality only). What
//! it cannot read is refused with the reason, never answered with a silent `[]`.

/// A field a term can search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchField {
    Name,
    Email,
    PhoneNumber,
    UserId,
    Connection,
    /// A top-level key of `app_metadata`.
    AppMetadata(String),
}

/// One `field:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTerm {
    pub field: SearchField,
    pub value: String,
    /// `value*`: the value is the start.
    pub prefix: bool,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserSearch {
    Term(SearchTerm),
    All(Vec<UserSearch>),
    Any(Vec<UserSearch>),
}

/// The shortest start a `*` may follow (Auth0's rule for prefix searches).
pub const PREFIX_MIN: usize = 3;
/// How many terms one query may hold.
pub const TERMS_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A field name and its value, unquoted and unescaped.
    Term(String, String),
    And,
    Or,
    Open,
    Close,
}

/// Reads `q` into a search; `None` for an empty query.
pub fn parse_user_search(q: &str) -> Result<Option<UserSearch>, String> {
    let tokens = tokenize(q)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    if tokens
        .iter()
        .filter(|t| matches!(t, Token::Term(..)))
        .count()
        > TERMS_MAX
    {
        return Err(format!("a query may hold at most {TERMS_MAX} terms"));
    }
    let mut parser = Parser { tokens, at: 0 };
    let search = parser.any()?;
    match parser.tokens.get(parser.at) {
        None => Ok(Some(search)),
        Some(Token::Close) => Err("a ) without its (".into()),
        Some(t) => Err(format!("cannot read the query from {t:?} on")),
    }
}

fn tokenize(q: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == ':' {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                match (word.as_str(), chars.peek()) {
                    ("AND", _) => tokens.push(Token::And),
                    ("OR", _) => tokens.push(Token::Or),
                    (_, Some(':')) => {
                        chars.next();
                        let value = value(&mut chars)?;
                        tokens.push(Token::Term(word, value));
                    }
                    ("NOT", _) => return Err("NOT is not supported".into()),
                    _ => {
                        return Err(format!(
                            "{word:?} is not a field:value term (free-text search is not supported)"
                        ));
                    }
                }
            }
        }
    }
    Ok(tokens)
}

/// A term's value after its `:`: a quoted string (`\"` and `\\` inside), or a bare word
/// whose `\x` stands for `x`.
fn value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut out = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        loop {
            match chars.next() {
                None => return Err("a quoted value is not closed".into()),
                Some('"') => return Ok(out),
                Some('\\') => out.push(chars.next().ok_or("a \\ at the end of the query")?),
                Some(c) => out.push(c),
            }
        }
    }
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || c == '(' || c == ')' {
            break;
        }
        chars.next();
        if c == '\\' {
            out.push(chars.next().ok_or("a \\ at the end of the query")?);
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err("a term has no value".into());
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    /// `all (OR all)*`
    fn any(&mut self) -> Result<UserSearch, String> {
        let mut parts = vec![self.all()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            parts.push(self.all()?);
        }
        Ok(one_or(parts, UserSearch::Any))
    }

    /// `unit ((AND)? unit)*`: Auth0 reads terms side by side as all of them.
    fn all(&mut self) -> Result<UserSearch, String> {
        let mut parts = vec![self.unit()?];
        loop {
            match self.peek() {
                Some(Token::And) => {
                    self.at += 1;
                    parts.push(self.unit()?);
                }
                Some(Token::Term(..) | Token::Open) => parts.push(self.unit()?),
                _ => break,
            }
        }
        Ok(one_or(parts, UserSearch::All))
    }

    /// `term | ( any )`
    fn unit(&mut self) -> Result<UserSearch, String> {
        let token = self.peek().cloned();
        self.at += 1;
        match token {
            Some(Token::Term(field, value)) => term(&field, value).map(UserSearch::Term),
            Some(Token::Open) => {
                let inner = self.any()?;
                if self.peek() != Some(&Token::Close) {
                    return Err("a ( is not closed".into());
                }
                self.at += 1;
                Ok(inner)
            }
            Some(Token::And | Token::Or) => Err("AND or OR needs a term on each side".into()),
            Some(Token::Close) => Err("a ) without its (".into()),
            None => Err("the query ends where a term should be".into()),
        }
    }
}

fn one_or(mut parts: Vec<UserSearch>, many: fn(Vec<UserSearch>) -> UserSearch) -> UserSearch {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        many(parts)
    }
}

fn term(field: &str, value: String) -> Result<SearchTerm, String> {
    let field = match field {
        "name" => SearchField::Name,
        "email" => SearchField::Email,
        "phone_number" => SearchField::PhoneNumber,
        "user_id" => SearchField::UserId,
        "identities.connection" | "connection" => SearchField::Connection,
        other => match other.strip_prefix("app_metadata.") {
            Some(key) if is_metadata_key(key) => SearchField::AppMetadata(key.to_string()),
            Some(key) => {
                return Err(format!(
                    "app_metadata.{key}: only a top-level key of letters, digits, - and _ can be searched"
                ));
            }
            None => {
                return Err(format!(
                    "searching by {other} is not supported (name, email, phone_number, user_id, identities.connection, app_metadata.<key>)"
                ));
            }
        },
    };
    // Auth0 reads a closing `*` as a prefix, quoted ("ann*") or not.
    let (value, prefix) = match value.strip_suffix('*') {
        Some(start) => (start.to_string(), true),
        None => (value, false),
    };
    if value.contains('*') || value.contains('?') {
        return Err("a * may only end a value (a prefix)".into());
    }
    if prefix {
        if matches!(field, SearchField::AppMetadata(_) | SearchField::Connection) {
            return Err("app_metadata and connection terms match whole values only".into());
        }
        if value.chars().count() < PREFIX_MIN {
            return Err(format!(
                "a prefix search needs at least {PREFIX_MIN} characters before the *"
            ));
        }
    }
    Ok(SearchTerm {
        field,
        value,
        prefix,
    })
}

fn is_metadata_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(field: SearchField, value: &str, prefix: bool) -> UserSearch {
        UserSearch::Term(SearchTerm {
            field,
            value: value.into(),
            prefix,
        })
    }

    #[test]
    fn quoted_bare_and_escaped_terms_are_read() {
        assert_eq!(
            parse_user_search(r#"email:"mary-jane*""#),
            Ok(Some(t(SearchField::Email, "mary-jane", true)))
        );
        assert_eq!(
            parse_user_search(r"phone_number:\+14155550100"),
            Ok(Some(t(SearchField::PhoneNumber, "+14155550100", false)))
        );
        assert_eq!(
            parse_user_search(r#"name:"Ann \"A\" Lee""#),
            Ok(Some(t(SearchField::Name, "Ann \"A\" Lee", false)))
        );
        assert_eq!(parse_user_search("   "), Ok(None));
    }

    #[test]
    fn and_binds_tighter_than_or_and_parentheses_group() {
        let q = r#"identities.connection:"sms" AND name:ann* OR app_metadata.plan:gold"#;
        assert_eq!(
            parse_user_search(q),
            Ok(Some(UserSearch::Any(vec![
                UserSearch::All(vec![
                    t(SearchField::Connection, "sms", false),
                    t(SearchField::Name, "ann", true),
                ]),
                t(SearchField::AppMetadata("plan".into()), "gold", false),
            ])))
        );
        let q = "connection:email (user_id:email|abc OR user_id:email|def)";
        assert_eq!(
            parse_user_search(q),
            Ok(Some(UserSearch::All(vec![
                t(SearchField::Connection, "email", false),
                UserSearch::Any(vec![
                    t(SearchField::UserId, "email|abc", false),
                    t(SearchField::UserId, "email|def", false),
                ]),
            ])))
        );
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_the_reason() {
        for (q, why) in [
            ("ann", "free-text"),
            ("logins_count:3", "not supported"),
            ("email:a*", "at least 3"),
            ("email:*@example.com", "only end"),
            ("app_metadata.plan:go*", "whole values"),
            ("app_metadata.a.b:1", "top-level"),
            ("(email:ann@x.example", "not closed"),
            ("email:ann@x.example)", "without its ("),
            ("email:\"open", "not closed"),
            ("email:", "no value"),
            ("email:a@b.c AND", "ends"),
            ("OR email:a@b.c", "each side"),
            ("NOT email:a@b.c", "NOT"),
        ] {
            let got = parse_user_search(q);
            assert!(got.as_ref().is_err_and(|e| e.contains(why)), "{q}: {got:?}");
        }
        let many = vec!["name:abc"; TERMS_MAX + 1].join(" OR ");
        assert!(parse_user_search(&many).is_err());
    }
}
