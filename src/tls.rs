//! HTTPS from the certificate and key files the configuration names (rustls, through
//! axum-server, with HTTP/2 and HTTP/1.1 offered by ALPN), and renewed files picked up
//! without a restart: on SIGHUP, and when either file's modification time changes. Also the
//! optional plain-HTTP listener that only redirects to the https issuer.

use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

use anyhow::Context;
use axum_server::tls_rustls::RustlsConfig;

use crate::config::TlsFiles;

/// The plain-HTTP listener's whole service: every request is sent to the same path and
/// query at the issuer's origin. The target comes from the issuer, never from the request's
/// `Host`, so the redirect cannot be pointed at another site. 308 keeps the method, so a
/// misconfigured client's POST fails loudly at the https end rather than turning into a GET.
pub fn redirect_router(issuer: &str) -> axum::Router {
    // The issuer may carry a path, which the requests already hold.
    let origin = crate::domain::model::origin_of(issuer)
        .unwrap_or_else(|| issuer.trim_end_matches('/').to_string());
    axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let target = format!(
            "{origin}{}",
            uri.path_and_query().map_or("/", |p| p.as_str())
        );
        async move {
            (
                axum::http::StatusCode::PERMANENT_REDIRECT,
                [(axum::http::header::LOCATION, target)],
            )
        }
    })
}

/// The certificate being served and the files it came from.
pub struct Tls {
    pub config: RustlsConfig,
    files: TlsFiles,
    /// The files' modification times when last loaded.
    loaded: Mutex<Stamp>,
}

type Stamp = (Option<SystemTime>, Option<SystemTime>);

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn stamp(files: &TlsFiles) -> Stamp {
    (modified(&files.cert_file), modified(&files.key_file))
}

impl Tls {
    /// Reads and checks both files; the error names them.
    pub async fn load(files: &TlsFiles) -> anyhow::Result<Self> {
        let loaded = stamp(files);
        let config = RustlsConfig::from_pem_file(&files.cert_file, &files.key_file)
            .await
            .with_context(|| describe(files))?;
        Ok(Self {
            config,
            files: files.clone(),
            loaded: Mutex::new(loaded),
        })
    }

    /// Loads the files again; on failure the certificate in use stays.
    pub async fn reload(&self) -> anyhow::Result<()> {
        let loaded = stamp(&self.files);
        self.config
            .reload_from_pem_file(&self.files.cert_file, &self.files.key_file)
            .await
            .with_context(|| describe(&self.files))?;
        if let Ok(mut last) = self.loaded.lock() {
            *last = loaded;
        }
        tracing::info!(cert_file = %self.files.cert_file.display(), "reloaded the TLS certificate");
        Ok(())
    }

    /// Reloads when either file changed since it was last loaded.
    pub async fn reload_if_changed(&self) {
        let now = stamp(&self.files);
        if !self.loaded.lock().is_ok_and(|last| *last == now) {
            self.reload_or_warn().await;
        }
    }

    /// [`Tls::reload`], its failure logged.
    pub async fn reload_or_warn(&self) {
        if let Err(e) = self.reload().await {
            tracing::error!(error = %format!("{e:#}"), "kept the TLS certificate in use");
        }
    }
}

fn describe(files: &TlsFiles) -> String {
    format!(
        "cannot use tls_cert_file {} with tls_key_file {} (PEM: the certificate chain, and its private key)",
        files.cert_file.display(),
        files.key_file.display()
    )
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_redirect_goes_to_the_issuer_origin() {
        assert_eq!(
            crate::domain::model::origin_of("https://auth.example.com/").as_deref(),
            Some("https://auth.example.com")
        );
        assert_eq!(
            crate::domain::model::origin_of("https://example.com:8443/auth/").as_deref(),
            Some("https://example.com:8443")
        );
        assert_eq!(
            crate::domain::model::origin_of("https://example.com").as_deref(),
            Some("https://example.com")
        );
    }

    fn write_certificate(files: &TlsFiles) {
        let made = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
        std::fs::write(&files.cert_file, made.cert.pem()).unwrap();
        std::fs::write(&files.key_file, made.signing_key.serialize_pem()).unwrap();
    }

    /// The maintenance tick's check: unchanged files are not loaded again, renewed ones are,
    /// and a renewal that does not load leaves the certificate in use.
    #[tokio::test]
    async fn changed_files_are_reloaded_and_broken_ones_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let files = TlsFiles {
            cert_file: dir.path().join("cert.pem"),
            key_file: dir.path().join("key.pem"),
        };
        write_certificate(&files);
        let tls = Tls::load(&files).await.unwrap();
        let first = tls.config.get_inner();

        tls.reload_if_changed().await;
        assert!(
            Arc::ptr_eq(&first, &tls.config.get_inner()),
            "reloaded unchanged files"
        );

        // A different modification time, whatever the file system's clock resolution.
        write_certificate(&files);
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        for path in [&files.cert_file, &files.key_file] {
            std::fs::File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(later)
                .unwrap();
        }
        tls.reload_if_changed().await;
        let renewed = tls.config.get_inner();
        assert!(
            !Arc::ptr_eq(&first, &renewed),
            "renewed files were not loaded"
        );

        std::fs::write(&files.key_file, "not a key").unwrap();
        assert!(tls.reload().await.is_err());
        assert!(Arc::ptr_eq(&renewed, &tls.config.get_inner()));
    }
}
