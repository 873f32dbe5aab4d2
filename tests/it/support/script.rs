//! A helper program (a playwright script under node, an SDK program under python3) driven
//! over its standard streams: it prints one JSON object a line, and each line that asks for
//! something (`{"need": …}`) is answered with one JSON line on its stdin.

use std::collections::HashMap;
use std::process::Stdio;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

/// Runs `command` to its end, answering each `{"need": …}` line with what `answer` returns
/// for it; asserts it exits 0 (its stderr in the failure) and returns every line it printed.
pub async fn converse(
    mut command: Command,
    mut answer: impl AsyncFnMut(&Value) -> Value,
) -> Vec<Value> {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut said = Vec::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        let msg: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line}"));
        if msg.get("need").is_some() {
            let reply = answer(&msg).await.to_string() + "\n";
            stdin.write_all(reply.as_bytes()).await.unwrap();
        }
        said.push(msg);
    }
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    assert!(
        output.status.success(),
        "{:?} failed: {}",
        command.as_std().get_args().collect::<Vec<_>>(),
        String::from_utf8_lossy(&output.stderr)
    );
    said
}

/// Where each `{"event": "callback", "flow": …, "url": …}` line says a flow ended.
pub fn callbacks(said: &[Value]) -> HashMap<String, String> {
    said.iter()
        .filter(|msg| msg["event"] == "callback")
        .map(|msg| {
            (
                msg["flow"].as_str().unwrap().into(),
                msg["url"].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// The first line with `"event": event`, if it printed one.
pub fn event<'a>(said: &'a [Value], event: &str) -> Option<&'a Value> {
    said.iter().find(|msg| msg["event"] == event)
}
