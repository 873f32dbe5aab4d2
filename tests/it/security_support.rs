//! For the security tests: the real `latchkey` executable with the environment a test
//! chooses (log level, protocol logging), every line it writes to stdout and stderr kept, so
//! a test can wait for one line, notice the process ending, and grep all it said.

use std::path::Path;
use std::process::{Child, Command};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub struct Spawned {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    /// Every line read so far (stdout and stderr, each in its own order).
    pub said: Vec<String>,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `latchkey <args>` in `dir` with no LATCHKEY_* from the test's environment, then
/// the variables in `env`.
pub fn spawn(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Spawned {
    let mut command = Command::new(env!("CARGO_BIN_EXE_latchkey"));
    command.args(args).current_dir(dir);
    for (name, _) in std::env::vars() {
        if name.starts_with("LATCHKEY_") {
            command.env_remove(name);
        }
    }
    command.env("LATCHKEY_LOG", "info");
    for (k, v) in env {
        command.env(k, v);
    }
    let (child, rx) = crate::support::process::spawn_with_lines(&mut command);
    Spawned {
        child,
        lines: rx,
        said: Vec::new(),
    }
}

impl Spawned {
    /// The next line containing `needle`, waiting up to `limit`; `Err` with everything the
    /// process said when it ends (both streams closed) or the time runs out first.
    pub fn wait_for(&mut self, needle: &str, limit: Duration) -> Result<String, String> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.said.push(line.clone());
                    if line.contains(needle) {
                        return Ok(line);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "no line containing {needle:?} within {limit:?}; it said:\n{}",
                        self.said.join("\n")
                    ));
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().ok();
                    return Err(format!(
                        "it ended ({status:?}) before a line containing {needle:?}; it said:\n{}",
                        self.said.join("\n")
                    ));
                }
            }
        }
    }

    /// Reads what has been written until nothing more comes for `quiet`.
    pub fn drain(&mut self, quiet: Duration) {
        while let Ok(line) = self.lines.recv_timeout(quiet) {
            self.said.push(line);
        }
    }

    /// Stops it (SIGKILL) and keeps every line it wrote.
    pub fn kill_and_collect(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.said.push(line);
        }
        self.said.join("\n")
    }

    /// The base URL of its banner, `Latchkey listening on <url> …`.
    pub fn base_url(&mut self) -> String {
        let line = self
            .wait_for("Latchkey listening on ", Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{e}"));
        crate::support::process::after(&line, "listening on ").to_string()
    }
}

/// A port that was free a moment ago (bind, note it, close it).
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}
