//! The suite checks its own log. With `LATCHKEY_LOG` set (CI sets `trace`), the first app a
//! test starts installs one global subscriber, filtered as production filters
//! (`latchkey::logging::filter`, protocol crates capped), that writes into memory and not to
//! the console. Every code, token and secret the tests see is registered here: codes the
//! fake Twilio and the SMTP sink receive (and links' `verification_code`s), tokens and codes
//! in the bodies the support helpers send and read, cookies the browser keeps, and the
//! secrets of the configurations the support starts apps with. Whenever a `TestApp` is
//! dropped, every registered secret is looked up in everything logged so far, and the test
//! fails with the line that carries one. All tests share this process, so the last tests to
//! finish check the whole suite's in-process traffic.
//!
//! Each logged line is indexed as it is written, so a check costs one lookup per secret
//! whatever the log's size: runs of 4 to 10 digits (a code only counts where it does not
//! touch other digits or letters, see [`digit_runs`]; a request id's or a duration's value
//! is left out, see [`NOISE`]) and words of `[A-Za-z0-9_-]` (tokens, secrets). A secret is found
//! when its longest such word is (a JWT's signature; a whole client secret). The raw text is
//! kept, up to [`KEEP`] bytes, only to quote the line.

use std::collections::HashSet;
use std::io::Write;
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde_json::Value;

/// How much raw log text is kept for quoting a leaking line.
const KEEP: usize = 200 * 1024 * 1024;
/// Words shorter than this are too common to call a secret (`1234` is a code, not a word).
const MIN_WORD: usize = 8;

#[derive(Default)]
struct Log {
    digits: HashSet<Box<str>>,
    words: HashSet<Box<str>>,
    text: Vec<u8>,
    dropped: usize,
}

#[derive(Default)]
struct Secrets {
    /// What, and how to find it: a digit run, or a word.
    list: Vec<(String, Needle)>,
    seen: HashSet<String>,
    reported: HashSet<usize>,
}

#[derive(Clone)]
enum Needle {
    Code(String),
    Word(String),
}

static ON: OnceLock<bool> = OnceLock::new();
static LOG: OnceLock<Mutex<Log>> = OnceLock::new();
static SECRETS: OnceLock<Mutex<Secrets>> = OnceLock::new();

fn lock<T: Default>(cell: &'static OnceLock<Mutex<T>>) -> MutexGuard<'static, T> {
    let m = cell.get_or_init(Mutex::default);
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Installs the in-memory subscriber once, when `LATCHKEY_LOG` is set; whether it is on.
pub fn install() -> bool {
    *ON.get_or_init(|| {
        let Ok(spec) = std::env::var(latchkey::logging::LOG_VAR) else {
            return false;
        };
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(latchkey::logging::filter(Some(&spec), false))
            .with_ansi(false)
            // No timestamps: their microseconds would look like six-digit codes.
            .without_time()
            .with_writer(|| EventWriter(Vec::new()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).is_ok()
    })
}

/// One event's bytes, indexed into the log when the formatter is done with it.
struct EventWriter(Vec<u8>);

impl Write for EventWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for EventWriter {
    fn drop(&mut self) {
        let bytes = std::mem::take(&mut self.0);
        let mut log = lock(&LOG);
        for run in digit_runs(&without_noise(&bytes)) {
            if (4..=10).contains(&run.len()) && !log.digits.contains(as_str(run)) {
                log.digits.insert(as_str(run).into());
            }
        }
        for word in bytes.split(|b| !is_word(*b)) {
            if word.len() >= MIN_WORD && !log.words.contains(as_str(word)) {
                log.words.insert(as_str(word).into());
            }
        }
        if log.text.len() + bytes.len() <= KEEP {
            log.text.extend_from_slice(&bytes);
        } else {
            log.dropped += bytes.len();
        }
    }
}

/// Fields whose values are random or measured, never a code, but hold digit runs that a
/// code may happen to equal (a request id's `…028162…`, a duration's `2937.0`).
const NOISE: &[&[u8]] = &[b"request_id=", b"duration_ms="];

/// The line with [`NOISE`] fields' values blanked, for the digit index only.
fn without_noise(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for field in NOISE {
        let mut from = 0;
        while let Some(at) = out[from..].windows(field.len()).position(|w| w == *field) {
            let start = from + at + field.len();
            let end = out[start..]
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .map_or(out.len(), |n| start + n);
            out[start..end].fill(b' ');
            from = end;
        }
    }
    out
}

/// The runs of digits that stand alone as a code would: not inside a word of letters and
/// digits (a hex id's `…5d5371a…`), though right after a percent-escape (`%3D123456`).
fn digit_runs(bytes: &[u8]) -> Vec<&[u8]> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let open = start == 0
            || !bytes[start - 1].is_ascii_alphanumeric()
            || (start >= 3 && bytes[start - 3] == b'%');
        let closed = i == bytes.len() || !bytes[i].is_ascii_alphanumeric();
        if open && closed {
            runs.push(&bytes[start..i]);
        }
    }
    runs
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn as_str(ascii: &[u8]) -> &str {
    // Only ever called on ASCII runs.
    std::str::from_utf8(ascii).unwrap_or_default()
}

/// Registers a code (4 to 10 digits); anything else is ignored.
pub fn code(what: &str, code: &str) {
    if (4..=10).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        add(what, Needle::Code(code.to_string()));
    }
}

/// Registers a token or secret by its longest word (a JWT: its signature).
pub fn secret(what: &str, value: &str) {
    if let Some(word) = value
        .split(|c: char| !c.is_ascii() || !is_word(c as u8))
        .max_by_key(|w| w.len())
        .filter(|w| w.len() >= MIN_WORD)
    {
        add(what, Needle::Word(word.to_string()));
    }
}

fn add(what: &str, needle: Needle) {
    if ON.get() != Some(&true) {
        return;
    }
    let key = match &needle {
        Needle::Code(c) | Needle::Word(c) => c.clone(),
    };
    let mut secrets = lock(&SECRETS);
    if secrets.seen.insert(key) {
        secrets.list.push((what.to_string(), needle));
    }
}

/// Fields whose string values are codes, tokens or secrets, in request and response bodies.
const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "id_token",
    "refresh_token",
    "code",
    "otp",
    "code_verifier",
    "login_ticket",
    "co_verifier",
    "verifier",
    "client_secret",
    "device_code",
    "twilio_token",
    "smtp_pass",
    "api_key",
    "password",
];

/// Registers every code and token in a JSON body, at any depth.
pub fn json(body: &Value) {
    match body {
        Value::Object(map) => {
            for (k, v) in map {
                match v.as_str() {
                    Some(s) if SECRET_FIELDS.contains(&k.as_str()) => field(k, s),
                    _ => json(v),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(json),
        _ => {}
    }
}

/// Registers a form's codes and tokens.
pub fn form(fields: &[(&str, &str)]) {
    for (k, v) in fields {
        if SECRET_FIELDS.contains(k) {
            field(k, v);
        }
    }
}

fn field(name: &str, value: &str) {
    if value.bytes().all(|b| b.is_ascii_digit()) {
        code(name, value);
    } else if value.len() >= 12 && !value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        // Not an error identifier such as `invalid_grant`.
        secret(name, value);
    }
}

/// Registers the code in a text (its first run of 4 to 10 digits) and the values of every
/// `code=`, `verification_code=` and `token=` parameter in its links.
pub fn message(what: &str, text: &str) {
    // A URL's host and port are no code (a port is the first run of digits in a link), nor
    // are digits inside a word: an address's `user2937@`, a random `state`'s `…Xb2937q…`
    // (taken for a code once, they matched an unrelated number in the log).
    let text_only = without_authorities(text);
    let standalone = digit_runs(text_only.as_bytes())
        .into_iter()
        .find(|run| (4..=10).contains(&run.len()));
    if let Some(c) = standalone {
        code(what, as_str(c));
    }
    for marker in ["code=", "token="] {
        for (at, _) in text.match_indices(marker) {
            let value: String = text[at + marker.len()..]
                .chars()
                .take_while(|c| c.is_ascii() && is_word(*c as u8))
                .collect();
            field(marker, &value);
        }
    }
}

/// `text` with each URL's `//host:port` left out.
fn without_authorities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        let end = rest
            .find(|c: char| {
                c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"' || c == '<'
            })
            .unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Registers the codes and tokens a redirect's `Location` carries in its query or fragment
/// (`code=`, `id_token=`…). Only those: a first run of digits would be the port, which
/// other tests' servers may log innocently.
pub fn location(url: &str) {
    let pairs = url
        .split(['?', '#'])
        .skip(1)
        .flat_map(|part| part.split('&'));
    for pair in pairs {
        if let Some((k, v)) = pair.split_once('=')
            && SECRET_FIELDS.contains(&k)
        {
            field(k, v);
        }
    }
}

/// Registers the secrets of a TOML configuration (`client_secret`, `twilio_token`,
/// `smtp_pass`… lines).
pub fn config(toml: &str) {
    for line in toml.lines() {
        if let Some((k, v)) = line.split_once('=') {
            let k = k.trim();
            if SECRET_FIELDS.contains(&k) || k.ends_with("secret") || k.ends_with("token") {
                secret(k, v.trim().trim_matches('"'));
            }
        }
    }
}

/// Fails the test when any registered secret is in the log so far (each secret is reported
/// once, by the first test that finds it).
pub fn check() {
    if ON.get() != Some(&true) || std::thread::panicking() {
        return;
    }
    let found: Vec<(String, Needle)> = {
        let log = lock(&LOG);
        let mut secrets = lock(&SECRETS);
        let hits: Vec<usize> = secrets
            .list
            .iter()
            .enumerate()
            .filter(|(i, (_, needle))| {
                !secrets.reported.contains(i)
                    && match needle {
                        Needle::Code(c) => log.digits.contains(c.as_str()),
                        Needle::Word(w) => log.words.contains(w.as_str()),
                    }
            })
            .map(|(i, _)| i)
            .collect();
        secrets.reported.extend(hits.iter().copied());
        hits.into_iter().map(|i| secrets.list[i].clone()).collect()
    };
    if found.is_empty() {
        return;
    }
    let log = lock(&LOG);
    let text = String::from_utf8_lossy(&log.text);
    let report: Vec<String> = found
        .iter()
        .map(|(what, needle)| {
            let (value, line) = match needle {
                Needle::Code(c) => (
                    c,
                    text.lines().find(|l| {
                        l.split(|ch: char| !ch.is_ascii_digit())
                            .any(|run| run == c.as_str())
                    }),
                ),
                Needle::Word(w) => (
                    w,
                    text.lines().find(|l| {
                        l.split(|ch: char| !ch.is_ascii() || !is_word(ch as u8))
                            .any(|word| word == w.as_str())
                    }),
                ),
            };
            let line = line.map_or_else(
                || format!("(past the {KEEP} bytes kept; {} more)", log.dropped),
                |l| l.chars().take(600).collect(),
            );
            format!("{what} {value:?} is in the log at LATCHKEY_LOG:\n  {line}")
        })
        .collect();
    drop(log);
    panic!("secrets reached the log:\n{}", report.join("\n"));
}
