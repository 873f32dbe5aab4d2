//! `latchkey healthcheck`: asks the server a configuration describes whether it is ready
//! (`/healthz/ready`), for container probes. It connects to the listen address (loopback when
//! the server listens on every address); over TLS it names the issuer's host and trusts the
//! configured certificate chain as well as the system's roots.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context;

use crate::config::Settings;

/// How long the probe waits for an answer.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the server listens, as this machine reaches it.
fn reachable(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// `Ok` with the answer when the server is ready; an error saying why not otherwise.
pub async fn probe(settings: &Settings) -> anyhow::Result<String> {
    let addr = reachable(settings.listen);
    let mut client = reqwest::Client::builder().timeout(PROBE_TIMEOUT);
    let url = match &settings.tls {
        None => format!("http://{addr}/healthz/ready"),
        Some(tls) => {
            let host = reqwest::Url::parse(&settings.issuer)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .context("the issuer names no host to check the certificate against")?;
            let chain = std::fs::read(&tls.cert_file)
                .with_context(|| format!("cannot read {}", tls.cert_file.display()))?;
            for cert in reqwest::Certificate::from_pem_bundle(&chain)
                .with_context(|| format!("{} is not a PEM chain", tls.cert_file.display()))?
            {
                client = client.add_root_certificate(cert);
            }
            client = client.resolve(&host, addr);
            format!("https://{host}:{}/healthz/ready", addr.port())
        }
    };
    let answer = client
        .build()?
        .get(&url)
        .send()
        .await
        .with_context(|| format!("{url} does not answer"))?;
    let status = answer.status();
    let body = answer.text().await.unwrap_or_default();
    if status.is_success() {
        Ok(format!("ready: {url}"))
    } else {
        anyhow::bail!("not ready: {url} answered {status}: {body}")
    }
}
