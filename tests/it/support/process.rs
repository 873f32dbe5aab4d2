//! The real `latchkey` executable as a child process, with its output read line by line.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

pub struct Server {
    pub child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// The next output line (stdout or stderr) that contains `needle`.
    pub fn wait_for(&self, needle: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no line containing {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }
}

/// Starts `latchkey serve --listen 127.0.0.1:0 <extra>` in `dir`, with no LATCHKEY_* from
/// the test's environment.
pub fn start_in(dir: &std::path::Path, extra: &[&str]) -> Server {
    start_listening_in(dir, "127.0.0.1:0", extra)
}

/// [`start_in`] on another listen address.
pub fn start_listening_in(dir: &std::path::Path, listen: &str, extra: &[&str]) -> Server {
    let mut command = latchkey_in(dir);
    command.args(["serve", "--listen", listen]).args(extra);
    let (child, lines) = spawn_with_lines(&mut command);
    Server { child, lines }
}

/// The `latchkey` executable run in `dir`, with none of the test's LATCHKEY_* settings and
/// logging at info.
fn latchkey_in(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_latchkey"));
    // Every configuration key has a variable, so none of the test's may leak in.
    for (var, _) in std::env::vars() {
        if var.starts_with("LATCHKEY_") {
            command.env_remove(var);
        }
    }
    command.current_dir(dir).env("LATCHKEY_LOG", "info");
    command
}

/// What a `latchkey` command that ran to its end said, and whether it exited 0.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    /// Both streams, for assertions and failure messages.
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Fails the test unless the command exited 0.
    pub fn succeeded(self) -> Self {
        assert!(self.ok, "{}", self.said());
        self
    }
}

/// Runs `latchkey <args>` in `dir` to its end (see [`latchkey_in`] for its environment).
pub fn cli(dir: &std::path::Path, args: &[&str]) -> Ran {
    cli_with_env(dir, args, &[])
}

/// [`cli`] with these variables set.
pub fn cli_with_env(dir: &std::path::Path, args: &[&str], vars: &[(&str, &str)]) -> Ran {
    let mut command = latchkey_in(dir);
    command.envs(vars.iter().copied());
    let out = command.args(args).output().unwrap();
    Ran {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Starts `command` with its stdout and stderr read line by line, both into one channel.
pub fn spawn_with_lines(command: &mut Command) -> (Child, mpsc::Receiver<String>) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
    }
    (child, rx)
}

pub fn after<'a>(line: &'a str, marker: &str) -> &'a str {
    let rest = &line[line.find(marker).unwrap() + marker.len()..];
    rest.split_whitespace().next().unwrap()
}

impl Server {
    /// Every output line before the start-up banner, and the banner last.
    pub fn lines_until_banner(&self) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = self.wait_for("");
            let banner = line.contains("Latchkey listening on ");
            lines.push(line);
            if banner {
                return lines;
            }
        }
    }

    /// The base URL the server printed in its banner.
    pub fn base_url(&self) -> String {
        after(&self.wait_for("Latchkey listening on "), "listening on ").to_string()
    }
}
