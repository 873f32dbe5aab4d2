//! A real SMTP server for the email tests: `tests/smtp/sink.py` (aiosmtpd) as a child process
//! on 127.0.0.1:0. It reports every message it accepts as one JSON line on stdout, so a test
//! checks what Latchkey actually put on the wire (envelope, AUTH identity, MIME structure,
//! decoded bodies) through a real SMTP client, not what a stub was handed.
//!
//! "Nothing was sent" is asked of the sink itself ([`SmtpSink::assert_no_message`]): it
//! reports each message before it answers 250, so once the server's HTTP answer is in, every
//! message it sent is already in the report, ahead of the sink's answer to a sync request.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, Command};
use tokio::sync::mpsc;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/sink.py");
/// How long a report (and startup) may take: generous, since a miss fails the test anyway.
const WAIT: Duration = Duration::from_secs(10);

/// One message as the sink accepted it.
// A record of the sink's report: each test reads the fields it checks, and clippy's
// `-D warnings` (in .ci/run) must not fail on a field no test has needed yet.
#[allow(dead_code)]
#[derive(Debug, Clone, Deserialize)]
pub struct ReceivedEmail {
    /// The envelope sender (MAIL FROM), which may differ from the `From` header.
    pub mail_from: String,
    /// The envelope recipients the sink accepted (refused ones are not here).
    pub rcpt_tos: Vec<String>,
    /// The user the client authenticated as, if it did.
    pub auth_user: Option<String>,
    /// Whether the message came over a STARTTLS-upgraded connection.
    pub tls: bool,
    /// Lower-cased header name to every value, RFC 2047 encoded-words decoded.
    pub headers: HashMap<String, Vec<String>>,
    /// The text/plain body, transfer- and charset-decoded, with `\n` line ends.
    pub text: Option<String>,
    /// The text/html body, decoded as `text` is.
    pub html: Option<String>,
    /// Every part's content type, walking the MIME tree from the top.
    pub content_types: Vec<String>,
    /// The whole message as received (CRLF line ends, encodings intact).
    pub raw: String,
}

impl ReceivedEmail {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|values| values.first())
            .map(String::as_str)
    }

    /// The six-digit code in the text part.
    pub fn code(&self) -> String {
        let text = self.text.clone().unwrap_or_default();
        text.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 6)
            .unwrap_or_else(|| panic!("no code in {text}"))
            .to_string()
    }

    /// The first URL in the text part that starts with `prefix`.
    pub fn url_under(&self, prefix: &str) -> String {
        let text = self.text.clone().unwrap_or_default();
        let at = text
            .find(prefix)
            .unwrap_or_else(|| panic!("no {prefix} link in {text}"));
        text[at..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    }
}

/// One line of the sink's report, as the reader task hands it over.
enum Line {
    /// The answer to a sync request: how many messages the sink had accepted by then.
    Synced {
        synced: usize,
    },
    Message(Box<ReceivedEmail>),
}

impl Line {
    fn parse(line: &str) -> Result<Line, String> {
        #[derive(Deserialize)]
        struct Synced {
            synced: usize,
        }
        if let Ok(Synced { synced }) = serde_json::from_str::<Synced>(line) {
            return Ok(Line::Synced { synced });
        }
        serde_json::from_str::<ReceivedEmail>(line)
            .map(|email| {
                for part in [&email.text, &email.html].into_iter().flatten() {
                    super::log_check::message("a code or link the SMTP sink received", part);
                }
                Line::Message(Box::new(email))
            })
            .map_err(|e| {
                format!("the SMTP sink printed a line that is not a message ({e}): {line}")
            })
    }
}

/// What the reader task hands over: a line, or why the sink's output stopped making sense
/// (reported by the test that asks, since a panic on the reader task would be lost).
type Report = Result<Line, String>;

pub struct SmtpSink {
    pub port: u16,
    messages: mpsc::UnboundedReceiver<Report>,
    /// How many messages the test has been handed.
    received: usize,
    /// Where sync requests go. The sink also exits when its stdin closes, so it goes away
    /// with the test process even when that dies by a signal and `kill_on_drop` never runs.
    stdin: ChildStdin,
    _child: Child,
}

impl SmtpSink {
    /// Starts a sink; with `auth` it offers AUTH PLAIN/LOGIN and requires those credentials.
    /// None (after `skip_or_fail`) when python3 or aiosmtpd is missing.
    pub async fn start(auth: Option<(&str, &str)>) -> Option<SmtpSink> {
        Self::start_with_tls(auth, None).await
    }

    /// Like [`SmtpSink::start`], also offering STARTTLS with this certificate and key (PEM).
    pub async fn start_with_tls(
        auth: Option<(&str, &str)>,
        tls: Option<(&std::path::Path, &std::path::Path)>,
    ) -> Option<SmtpSink> {
        if !aiosmtpd_available().await {
            super::skip_or_fail(
                "python3 with aiosmtpd is not installed (pip install -r tests/sdk/requirements.txt)",
            );
            return None;
        }
        let mut command = Command::new("python3");
        command
            .arg(SCRIPT)
            // The sink's own settings come from this call alone, not the test's environment.
            .env_remove("SMTP_SINK_USER")
            .env_remove("SMTP_SINK_PASS")
            .env_remove("SMTP_SINK_TLS_CERT")
            .env_remove("SMTP_SINK_TLS_KEY")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Python tracebacks land next to the test's own output.
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if let Some((user, pass)) = auth {
            command
                .env("SMTP_SINK_USER", user)
                .env("SMTP_SINK_PASS", pass);
        }
        if let Some((cert, key)) = tls {
            command
                .env("SMTP_SINK_TLS_CERT", cert)
                .env("SMTP_SINK_TLS_KEY", key);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 {SCRIPT}: {e}"));
        let stdin = child.stdin.take().expect("the sink's stdin is piped");
        let stdout = child.stdout.take().expect("the sink's stdout is piped");
        let mut lines = BufReader::new(stdout).lines();

        let first = tokio::time::timeout(WAIT, lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("the SMTP sink did not report its port within {WAIT:?}"))
            .unwrap_or_else(|e| panic!("cannot read the SMTP sink's stdout: {e}"))
            .unwrap_or_else(|| {
                panic!("the SMTP sink exited before reporting its port (its stderr is above)")
            });
        #[derive(Deserialize)]
        struct Ready {
            port: u16,
        }
        let port = serde_json::from_str::<Ready>(&first)
            .unwrap_or_else(|e| {
                panic!("the SMTP sink's first line is not {{\"port\": N}} ({e}): {first}")
            })
            .port;

        // Unbounded, so the reader never stops draining the pipe: a full pipe would block the
        // sink's print, and with it the 250 that Latchkey is waiting for.
        let (tx, messages) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                let report = match lines.next_line().await {
                    Ok(Some(line)) => Line::parse(&line),
                    // The sink exited; dropping `tx` tells the receiver so.
                    Ok(None) => return,
                    Err(e) => Err(format!("cannot read the SMTP sink's stdout: {e}")),
                };
                let stop = report.is_err();
                if tx.send(report).is_err() || stop {
                    return;
                }
            }
        });

        Some(SmtpSink {
            port,
            messages,
            received: 0,
            stdin,
            _child: child,
        })
    }

    /// The next message the sink accepts; panics if none arrives within 10 s.
    pub async fn next_message(&mut self) -> ReceivedEmail {
        match self.next_line().await {
            Line::Message(email) => {
                self.received += 1;
                *email
            }
            Line::Synced { synced } => panic!("a sync answer ({synced}) nobody asked for"),
        }
    }

    /// Asserts that no message reached the sink beyond those already read: for "nothing was
    /// sent" once the request that might have sent one has been answered. It waits for the
    /// sink's answer to a sync request, never for time to pass: a message the server sent
    /// was reported before its 250, so it would come ahead of that answer.
    pub async fn assert_no_message(&mut self) {
        self.stdin
            .write_all(b"sync\n")
            .await
            .unwrap_or_else(|e| panic!("cannot write to the SMTP sink's stdin: {e}"));
        self.stdin.flush().await.unwrap();
        match self.next_line().await {
            Line::Synced { synced } => assert_eq!(
                synced, self.received,
                "the sink counts {synced} messages, the test was handed {}",
                self.received
            ),
            Line::Message(email) => panic!(
                "a message reached the SMTP sink: to {:?}, subject {:?}",
                email.rcpt_tos,
                email.header("subject")
            ),
        }
    }

    /// The sink's next report line; panics if none comes within 10 s. Lines are never lost
    /// to the time limit (`recv` is cancel-safe).
    async fn next_line(&mut self) -> Line {
        match tokio::time::timeout(WAIT, self.messages.recv()).await {
            Ok(Some(Ok(line))) => line,
            Ok(Some(Err(reason))) => panic!("{reason}"),
            // A dead sink cannot receive anything, so no line here would pass a "nothing was
            // sent" check for the wrong reason.
            Ok(None) => panic!("the SMTP sink exited (its stderr is above)"),
            Err(_elapsed) => panic!("the SMTP sink reported nothing within {WAIT:?}"),
        }
    }
}

/// Whether `python3` exists and can import aiosmtpd.
async fn aiosmtpd_available() -> bool {
    Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .is_ok_and(|status| status.success())
}
