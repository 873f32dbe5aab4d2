//! The Prometheus endpoint (`[metrics]`): the process's one recorder, `/metrics` on a
//! listener of its own (`listen`) and/or on the main listener behind a bearer token
//! (`bearer_token_file`), and the request-latency histogram the access log feeds. With
//! neither set nothing is recorded and `/metrics` is a 404. What is measured is declared in
//! [`crate::domain::measures`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use serde::Deserialize;
use subtle::ConstantTimeEq;
use tokio::net::TcpListener;

use super::AppState;
use super::error::ApiError;
use crate::config::ConfigError;
use crate::domain::crypto::sha256;
use crate::domain::measures;
use crate::domain::ports::Store;

/// Upper bounds of the seconds-valued histograms: a millisecond to the 30 s request timeout.
const SECONDS_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Upper bounds of SQLite's commit groups, up to the writer's most (64).
const GROUP_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0];
/// How often histogram samples are folded in, so memory stays flat between scrapes.
const UPKEEP: Duration = Duration::from_secs(5);
/// A token shorter than this is guessable enough to refuse.
const MIN_TOKEN_CHARS: usize = 16;

/// `[metrics]` as written in the configuration file.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// A separate plain-HTTP address that serves only `GET /metrics`.
    pub listen: Option<String>,
    /// A file holding a bearer token: `/metrics` is then served on the main listener too,
    /// to requests that present it.
    pub bearer_token_file: Option<PathBuf>,
}

/// `[metrics]` checked, the token read.
#[derive(Clone, Default)]
pub struct MetricsSettings {
    pub listen: Option<SocketAddr>,
    /// The token's SHA-256: compared in constant time whatever its length.
    token_hash: Option<Vec<u8>>,
}

impl std::fmt::Debug for MetricsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsSettings")
            .field("listen", &self.listen)
            .field("bearer_token", &self.token_hash.as_ref().map(|_| "…"))
            .finish()
    }
}

impl MetricsSettings {
    fn enabled(&self) -> bool {
        self.listen.is_some() || self.token_hash.is_some()
    }
}

impl MetricsConfig {
    pub fn resolve(self) -> Result<MetricsSettings, ConfigError> {
        let listen = match self.listen {
            None => None,
            Some(text) => Some(text.parse::<SocketAddr>().map_err(|_| {
                ConfigError(format!(
                    "metrics.listen: {text:?} is not an address like 127.0.0.1:9464"
                ))
            })?),
        };
        let token_hash = match self.bearer_token_file {
            None => None,
            Some(path) => {
                let key = "metrics.bearer_token_file";
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    ConfigError(format!("{key}: cannot read {}: {e}", path.display()))
                })?;
                let token = text.trim();
                if token.chars().count() < MIN_TOKEN_CHARS {
                    return Err(ConfigError(format!(
                        "{key}: the token in {} must be at least {MIN_TOKEN_CHARS} characters",
                        path.display()
                    )));
                }
                Some(sha256(token.as_bytes()))
            }
        };
        Ok(MetricsSettings { listen, token_hash })
    }
}

/// The process's recorder, installed on first use. In-process test servers share one
/// process, hence one recorder for all of them.
fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS_BUCKETS)
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full(measures::SQLITE_COMMIT_GROUP.into()),
                    GROUP_BUCKETS,
                )
            })
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics will be empty");
        }
        measures::describe();
        handle
    })
}

/// What a scrape reads: the recorder, and the store whose pools are sampled then.
struct Scrape {
    handle: &'static PrometheusHandle,
    store: Arc<dyn Store>,
}

impl Scrape {
    fn response(&self) -> Response {
        measures::pool_use(&self.store.pool_use());
        (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            self.handle.render(),
        )
            .into_response()
    }
}

/// `/metrics` on the main listener: the scrape and the token it wants.
pub struct MainEndpoint {
    scrape: Arc<Scrape>,
    token_hash: Vec<u8>,
}

/// The metrics side of a server, made by [`Exporter::start`] and run by [`Exporter::serve`].
#[derive(Default)]
pub struct Exporter {
    scrape: Option<Arc<Scrape>>,
    listener: Option<TcpListener>,
    main: Option<Arc<MainEndpoint>>,
}

impl Exporter {
    /// Installs the recorder and binds `metrics.listen`, when `[metrics]` asks for either.
    pub async fn start(settings: &MetricsSettings, store: Arc<dyn Store>) -> anyhow::Result<Self> {
        if !settings.enabled() {
            return Ok(Self::default());
        }
        let scrape = Arc::new(Scrape {
            handle: recorder(),
            store,
        });
        let listener = match settings.listen {
            None => None,
            Some(addr) => {
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("metrics.listen: cannot listen on {addr}"))?;
                let bound = listener.local_addr()?;
                tracing::info!(address = %bound, "metrics listening on http://{bound}/metrics");
                Some(listener)
            }
        };
        let main = settings.token_hash.clone().map(|token_hash| {
            Arc::new(MainEndpoint {
                scrape: scrape.clone(),
                token_hash,
            })
        });
        Ok(Self {
            scrape: Some(scrape),
            listener,
            main,
        })
    }

    /// What the main router's `/metrics` serves (`None`: a 404).
    pub fn main_endpoint(&self) -> Option<Arc<MainEndpoint>> {
        self.main.clone()
    }

    /// Serves the metrics listener, if any, and folds histogram samples in; runs until
    /// the server stops it.
    pub async fn serve(self) {
        let Some(scrape) = self.scrape else {
            return;
        };
        let upkeep = async {
            let mut tick = tokio::time::interval(UPKEEP);
            loop {
                tick.tick().await;
                scrape.handle.run_upkeep();
            }
        };
        let Some(listener) = self.listener else {
            return upkeep.await;
        };
        let router = Router::new()
            .route("/metrics", get(scrape_alone))
            .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found") })
            .with_state(scrape.clone());
        tokio::select! {
            served = axum::serve(listener, router) => {
                if let Err(e) = served {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            }
            () = upkeep => {}
        }
    }
}

async fn scrape_alone(State(scrape): State<Arc<Scrape>>) -> Response {
    scrape.response()
}

/// `GET /metrics` on the main listener: only with `Authorization: Bearer <token>`.
pub async fn scrape_with_token(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(endpoint) = &state.metrics else {
        return ApiError::new(StatusCode::NOT_FOUND, "not_found", "Not found").into_response();
    };
    let presented = super::extract::bearer_token(&headers).map(|t| sha256(t.as_bytes()));
    let allowed = presented.is_some_and(|p| bool::from(p.ct_eq(&endpoint.token_hash)));
    if !allowed {
        let mut refused = ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "The metrics need the bearer token of metrics.bearer_token_file",
        );
        refused.headers.push(("www-authenticate", "Bearer".into()));
        return refused.into_response();
    }
    endpoint.scrape.response()
}

/// One request's latency, by method, route template and status (a no-op with no recorder).
pub fn observe_request(method: &Method, route: &str, status: StatusCode, took: Duration) {
    // Only the standard methods by name: anything else a client makes up is one series.
    let method = match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    metrics::histogram!(
        measures::HTTP_DURATION,
        "method" => method,
        "route" => route.to_string(),
        "status" => status.as_str().to_string()
    )
    .record(took.as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(toml: &str) -> Result<MetricsSettings, ConfigError> {
        toml::from_str::<MetricsConfig>(toml)
            .map_err(|e| ConfigError(e.to_string()))?
            .resolve()
    }

    #[test]
    fn the_listen_address_and_the_token_file_are_checked_with_the_key_named() {
        assert!(!resolve("").unwrap().enabled());
        let s = resolve("listen = \"127.0.0.1:9464\"").unwrap();
        assert_eq!(s.listen.map(|a| a.port()), Some(9464));
        assert!(
            resolve("listen = \"localhost\"")
                .unwrap_err()
                .0
                .contains("metrics.listen")
        );
        assert!(resolve("lisen = \"x\"").is_err());

        let dir = tempfile::tempdir().unwrap();
        let short = dir.path().join("short");
        std::fs::write(&short, "0123456789\n").unwrap();
        let e = resolve(&format!("bearer_token_file = {:?}", short))
            .unwrap_err()
            .0;
        assert!(
            e.contains("metrics.bearer_token_file") && e.contains("16"),
            "{e}"
        );
        let missing = dir.path().join("missing");
        let e = resolve(&format!("bearer_token_file = {:?}", missing))
            .unwrap_err()
            .0;
        assert!(e.contains("metrics.bearer_token_file"), "{e}");

        let good = dir.path().join("token");
        std::fs::write(&good, "a-scrape-token-0123456789\n").unwrap();
        let s = resolve(&format!("bearer_token_file = {:?}", good)).unwrap();
        assert!(s.enabled() && s.listen.is_none());
        // the trailing newline is not part of the token, and Debug never shows it
        assert_eq!(s.token_hash, Some(sha256(b"a-scrape-token-0123456789")));
        assert!(!format!("{s:?}").contains("a-scrape-token"));
    }
}
