//! `latchkey dev-cert`: a local certificate authority and a `localhost` certificate it signs,
//! and a configuration that serves HTTPS with them, so SDKs that only speak https can be
//! tried on a laptop. The CA's key stays in the folder (0600); nothing is trusted until the
//! developer installs `ca.pem`.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};

/// What `dev-cert` wrote.
pub struct DevCert {
    pub ca: PathBuf,
    pub config: PathBuf,
}

fn write(path: &Path, text: &str, mode: u32) -> anyhow::Result<()> {
    let mut f = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Makes the CA, the certificate for `localhost`, `127.0.0.1` and `::1`, and a
/// `latchkey.toml` serving them on `127.0.0.1:<port>` with issuer `https://localhost:<port>/`
/// (port 0: the port the server binds). `dir` must not exist: a CA someone may have trusted
/// is never overwritten.
pub fn make(dir: &Path, port: u16) -> anyhow::Result<DevCert> {
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create {} (it must not exist yet)", dir.display()))?;
    let dir = dir
        .canonicalize()
        .with_context(|| format!("cannot resolve {}", dir.display()))?;

    let mut ca = CertificateParams::new(Vec::<String>::new())?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.distinguished_name
        .push(DnType::CommonName, "Latchkey development CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate()?;
    let ca_key_pem = ca_key.serialize_pem();
    let issuer = CertifiedIssuer::self_signed(ca, ca_key)?;

    let mut leaf = CertificateParams::new(vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ])?;
    leaf.distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    let leaf_key = KeyPair::generate()?;
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer)?;

    let paths = |name: &str| dir.join(name);
    write(&paths("ca.pem"), &issuer.pem(), 0o644)?;
    write(&paths("ca-key.pem"), &ca_key_pem, 0o600)?;
    write(&paths("localhost.pem"), &leaf_cert.pem(), 0o644)?;
    write(
        &paths("localhost-key.pem"),
        &leaf_key.serialize_pem(),
        0o600,
    )?;
    let config = paths("latchkey.toml");
    write(
        &config,
        &format!(
            "# Made by `latchkey dev-cert`: HTTPS on this machine with a local CA.\n\
             issuer = \"https://localhost:{port}/\"\n\
             listen = \"127.0.0.1:{port}\"\n\
             tls_cert_file = {:?}\n\
             tls_key_file = {:?}\n",
            paths("localhost.pem").display().to_string(),
            paths("localhost-key.pem").display().to_string(),
        ),
        0o644,
    )?;
    Ok(DevCert {
        ca: paths("ca.pem"),
        config,
    })
}

/// How to trust the CA and start the server, for the command's output.
pub fn instructions(made: &DevCert) -> String {
    let ca = made.ca.display();
    format!(
        "Made a local CA and a certificate for localhost.\n\
         Start the server:  latchkey serve --config {}\n\
         Trust the CA (once):\n\
         \x20 Debian/Ubuntu:  sudo cp {ca} /usr/local/share/ca-certificates/latchkey-dev.crt && sudo update-ca-certificates\n\
         \x20 macOS:          sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {ca}\n\
         \x20 Node:           NODE_EXTRA_CA_CERTS={ca}\n\
         \x20 Python:         REQUESTS_CA_BUNDLE={ca} (requests), SSL_CERT_FILE={ca}\n\
         \x20 iOS Simulator:  xcrun simctl keychain booted add-root-cert {ca}\n\
         Its key (ca-key.pem) can sign a certificate for any name: keep it on this machine.",
        made.config.display()
    )
}
