//! Third-party Node clients against the real binary: `latchkey serve` over its own TLS with a
//! machine client granted the Management API (the Node SDK builds `https://<domain>/` URLs
//! only), and a script under tests/node run against it, its last output line read as JSON.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::process::{Server, start_listening_in};

/// Whether node and `tests/node/node_modules/<package>` are there; when not, skips (or, in
/// CI, fails) with the reason and says `false`.
pub fn has_package(package: &str) -> bool {
    let modules = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/node/node_modules")
        .join(package);
    let node = Command::new("node").arg("--version").output();
    if node.is_ok_and(|o| o.status.success()) && modules.exists() {
        return true;
    }
    super::skip_or_fail(&format!(
        "node or the {package} package is missing (npm ci --prefix tests/node)"
    ));
    false
}

/// `latchkey serve` over https on a port chosen first (the client grant names the
/// Management API by the issuer), with a fresh data folder.
pub struct TlsServer {
    pub issuer: String,
    /// The self-signed certificate it serves, for `NODE_EXTRA_CA_CERTS`.
    pub cert: PathBuf,
    _server: Server,
    _dir: tempfile::TempDir,
}

impl TlsServer {
    /// Serves `extra` configuration besides the machine client `ops_id` / `ops_secret`,
    /// granted every Management API scope.
    pub fn start(ops_id: &str, ops_secret: &str, extra: &str) -> Self {
        super::log_check::secret("a node test's ops secret", ops_secret);
        let dir = tempfile::tempdir().unwrap();
        let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        let (cert, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
        std::fs::write(&cert, made.cert.pem()).unwrap();
        std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let issuer = format!("https://localhost:{port}/");
        let config = dir.path().join("latchkey.toml");
        std::fs::write(
            &config,
            format!(
                "issuer = \"{issuer}\"\ntls_cert_file = {:?}\ntls_key_file = {:?}\n{extra}\n{}",
                cert.display().to_string(),
                key.display().to_string(),
                super::management_client(ops_id, ops_secret, &[]).replace("{issuer}", &issuer),
            ),
        )
        .unwrap();
        let server = start_listening_in(
            dir.path(),
            &format!("127.0.0.1:{port}"),
            &["--config", config.to_str().unwrap()],
        );
        let banner = server.wait_for("Latchkey listening on ");
        assert!(banner.contains(&issuer), "{banner}");
        Self {
            issuer,
            cert,
            _server: server,
            _dir: dir,
        }
    }

    /// The `domain` Auth0's SDKs take: `localhost:<port>`.
    pub fn domain(&self) -> &str {
        self.issuer
            .trim_start_matches("https://")
            .trim_end_matches('/')
    }

    /// Runs `tests/node/<script>` against this server with `env` (and `LATCHKEY_DOMAIN`,
    /// trusting its certificate); asserts it succeeded and returns its last line as JSON.
    pub fn run(&self, script: &str, env: &[(&str, &str)]) -> Value {
        let done = Command::new("node")
            .arg(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/node")
                    .join(script),
            )
            .env("LATCHKEY_DOMAIN", self.domain())
            .env("NODE_EXTRA_CA_CERTS", &self.cert)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&done.stdout);
        assert!(
            done.status.success(),
            "{script}: {said}{}",
            String::from_utf8_lossy(&done.stderr)
        );
        serde_json::from_str(said.lines().last().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{script} printed no JSON last ({e}): {said}"))
    }
}
