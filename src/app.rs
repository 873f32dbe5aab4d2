//! Putting the server together: data folder and server secret, store, configuration applied
//! to the database, signing keys, the HTTP router, and the run loop with graceful shutdown.
//! `main` and the integration tests both start the server through [`App::build`].

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::delivery::SmsGateway;
use crate::delivery::email::EmailGateway;
use crate::domain::connections::{ConnectionOptions, EmailOptions, SmsOptions, SmsProvider};
use crate::domain::core::Core;
use crate::domain::crypto::{ServerKeys, sha256};
use crate::domain::management::resource_servers;
use crate::domain::model::{Client, SigningAlg};
use crate::domain::ports::{EmailSender, SmsSender, Store};
use crate::domain::tokens;
use crate::domain::tokens::TokenIssuer;
use crate::domain::tokens::keys::KeyRing;
use crate::domain::{Clock, OsRandom, Random, SystemClock, random_hex};
use crate::http::{self, AppState};
use crate::tls::Tls;

/// What the environment provides; tests swap in their own clock.
#[derive(Clone)]
pub struct Deps {
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    /// Whether this instance works background jobs (tests hold the runner back to show a
    /// job outliving the instance it was submitted to).
    pub run_jobs: bool,
}

impl Default for Deps {
    fn default() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            random: Arc::new(OsRandom),
            run_jobs: true,
        }
    }
}

pub struct App {
    listener: TcpListener,
    router: axum::Router,
    core: Arc<Core>,
    /// HTTPS, when the configuration names a certificate.
    tls: Option<Arc<Tls>>,
    /// The plain-HTTP listener that only redirects to the issuer (`http_redirect_listen`).
    redirect: Option<TcpListener>,
    /// Held shared while serving a SQLite file, so `latchkey restore` cannot replace it.
    _serving: Option<std::fs::File>,
    /// Raised when shutdown begins (readiness turns 503), `shutdown_delay` before the drain.
    draining: Arc<std::sync::atomic::AtomicBool>,
    shutdown_delay: Duration,
    metrics: http::prometheus::Exporter,
    run_jobs: bool,
    /// Clients as they stand after start-up, for the start-up banner.
    pub clients: Vec<Client>,
}

/// The name of the application a first run creates.
pub const DEFAULT_APP_NAME: &str = "Default App";
/// How often a running server looks for a key rotated by `latchkey keys rotate`.
const KEY_RELOAD_INTERVAL: Duration = Duration::from_secs(30);
/// The event log keeps 30 days (Auth0 keeps 2 to 30 days by plan).
const LOG_RETENTION: i64 = 30 * 86_400;
/// Expired codes are kept this long (for nothing but a clear "expired" answer), then purged.
const OTP_RETENTION: i64 = 24 * 3600;

/// Creates the data folder, readable by its owner only.
pub fn ensure_data_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    }
    Ok(())
}

fn read_secret(path: &Path) -> anyhow::Result<Vec<u8>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        tracing::warn!(path = %path.display(), "the server secret is readable by others; chmod 600 it");
    }
    let hex = text.trim();
    if hex.is_empty() || hex.len() % 2 != 0 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        anyhow::bail!("{} must hold the secret as hex", path.display());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<Vec<u8>, _>>()
        .with_context(|| format!("{} is not hex", path.display()))
}

/// Reads the server secret, creating none.
pub fn load_server_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    read_secret(&settings.secret_path())
}

/// Reads the server secret: from the configured file (several instances share one), or from
/// the data folder, where the first run creates it (mode 0600).
///
/// Two processes starting together on a fresh folder agree on one secret: each writes its
/// candidate to a file of its own, then links it into place, which succeeds for one only
/// (create-new, with the content already there: nobody can read a half-written secret);
/// the other drops its candidate and reads the winner's.
pub fn load_or_create_server_secret(
    settings: &Settings,
    random: &dyn Random,
) -> anyhow::Result<Vec<u8>> {
    if let Some(path) = &settings.server_secret_file {
        return read_secret(path);
    }
    let path = settings.data_dir.join("server-secret");
    if !path.exists() {
        let candidate = settings
            .data_dir
            .join(format!(".server-secret.{}", random_hex(random, 8)));
        let written = write_candidate(&candidate, &random_hex(random, 32));
        let linked = written.and_then(|()| std::fs::hard_link(&candidate, &path));
        let _ = std::fs::remove_file(&candidate);
        match linked {
            Ok(()) => {
                if let Ok(dir) = std::fs::File::open(&settings.data_dir) {
                    let _ = dir.sync_all();
                }
                tracing::info!(path = %path.display(), "created a new server secret");
            }
            // Another process created it first: its secret is the one.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
    }
    read_secret(&path)
}

/// Writes a secret to a new file only its owner may read, and syncs it.
fn write_candidate(path: &Path, secret: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    writeln!(f, "{secret}")?;
    f.sync_all()
}

/// Opens the store and derives the server keys: what both `serve` and `keys rotate` need.
pub async fn open_store(
    settings: &Settings,
    random: &dyn Random,
) -> anyhow::Result<(Arc<dyn Store>, Arc<ServerKeys>)> {
    ensure_data_dir(&settings.data_dir)?;
    // The SQLite file and its -wal and -shm companions are made 0600 by the store itself.
    let store = crate::store::connect(&settings.database_url).await?;
    // A database restored without its secret must not get a new one: the new secret could
    // open none of the sealed data, and the server would fail later and less clearly.
    let sealed = store.signing_keys().await?;
    let default_secret = settings.secret_path();
    if !sealed.is_empty() && settings.server_secret_file.is_none() && !default_secret.exists() {
        anyhow::bail!(
            "the database holds data sealed with a server secret, but {} is missing: restore \
             the server-secret file backed up with this database (or give its path with \
             --server-secret-file). No new secret was created, since it could not open that data.",
            default_secret.display()
        );
    }
    let secret = load_or_create_server_secret(settings, random)?;
    let keys = Arc::new(ServerKeys::derive(&secret)?);
    if !tokens::keys::sealed_with(&sealed, &keys) {
        anyhow::bail!(
            "the server secret in {} is not the one this database's data was sealed with: use \
             the secret that belongs to this database",
            default_secret.display()
        );
    }
    Ok((store, keys))
}

/// Whether the issuer names a host (a WebAuthn relying party id cannot be an IP address).
fn issuer_has_host_name(issuer: &str) -> bool {
    let Ok(url) = webauthn_rs::prelude::Url::parse(issuer) else {
        return false;
    };
    url.host_str().is_some_and(|host| {
        host.trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_err()
    })
}

/// The public client the dashboard signs its administrators in with, through the hosted
/// login as an app would; its one callback follows the issuer.
pub(crate) async fn ensure_dashboard_client(
    store: &dyn Store,
    settings: &Settings,
    now: i64,
) -> anyhow::Result<()> {
    let dashboard = Client {
        callbacks: vec![format!("{}admin/callback", settings.issuer)],
        ..Client::named(
            crate::http::dashboard::DASHBOARD_CLIENT,
            "Latchkey dashboard",
            vec![crate::domain::model::GRANT_AUTHORIZATION_CODE.into()],
        )
    };
    store.upsert_client(&dashboard, now).await?;
    Ok(())
}

async fn apply_configuration(
    settings: &Settings,
    store: &dyn Store,
    keys: &ServerKeys,
    deps: &Deps,
) -> anyhow::Result<()> {
    let now = deps.clock.now();
    for c in &settings.clients {
        let client = Client {
            client_id: c.client_id.clone(),
            name: c.name.clone(),
            secret_hash: c.client_secret.as_ref().map(|s| sha256(s.as_bytes())),
            sealed_secret: c
                .client_secret
                .as_ref()
                .map(|s| crate::domain::management::clients::seal_secret(keys, &c.client_id, s))
                .transpose()?,
            callbacks: c.callbacks.clone(),
            grant_types: c.grant_types.clone().unwrap_or_else(Client::default_grants),
            refresh_token: c.refresh_token.clone(),
            mobile: c.mobile.clone(),
            allowed_logout_urls: c.allowed_logout_urls.clone(),
            branding: c.branding.clone(),
            cross_origin: c.cross_origin().checked()?,
            jwt_configuration: c.jwt_configuration,
        };
        store.upsert_client(&client, now).await?;
    }
    for c in &settings.connections {
        let record = c.options.to_record(&c.name, keys)?;
        store.upsert_connection(&record, now).await?;
    }
    let management = resource_servers::management_api(&settings.issuer).identifier;
    for a in &settings.apis {
        anyhow::ensure!(
            a.identifier != management,
            "apis: {management} is the Management API, which is built in"
        );
        let id =
            a.id.clone()
                .unwrap_or_else(|| random_hex(deps.random.as_ref(), 12));
        let api = a
            .resource_server(id)
            .map_err(|e| anyhow::anyhow!("apis: {e}"))?;
        resource_servers::upsert(store, api, now).await?;
    }
    for g in &settings.client_grants {
        let grant = crate::domain::model::ClientGrant {
            id: format!("cgr_{}", random_hex(deps.random.as_ref(), 8)),
            client_id: g.client_id.clone(),
            audience: g.audience.clone(),
            scope: g.scope.clone(),
        };
        store.upsert_client_grant(&grant, now).await?;
    }
    // First run with nothing declared: a public app and a development SMS connection, so
    // a newcomer can log in with curl straight away.
    let first_run = store
        .clients()
        .await?
        .iter()
        .all(|c| c.client_id == crate::http::dashboard::DASHBOARD_CLIENT);
    if first_run {
        let client = Client::named(
            random_hex(deps.random.as_ref(), 16),
            DEFAULT_APP_NAME,
            Client::default_grants(),
        );
        store.upsert_client(&client, now).await?;
        tracing::info!(client_id = %client.client_id, "created the default application");
    }
    if store.connections().await?.is_empty() {
        store
            .upsert_connection(&SmsOptions::development().to_record("sms", keys)?, now)
            .await?;
        store
            .upsert_connection(&EmailOptions::first_start().to_record("email")?, now)
            .await?;
        tracing::warn!(
            "created the development \"sms\" connection: codes go to this log, not to phones"
        );
        tracing::info!("created the \"email\" connection with the built-in templates");
    }
    let stored_admins = crate::domain::management::admins::stored_admins(store).await?;
    if !settings.admin_emails.is_empty() || !stored_admins.is_empty() {
        ensure_dashboard_client(store, settings, now).await?;
    }
    // RS256 always (Auth0's default, and API tokens'), and each algorithm a client uses.
    let mut algs = vec![SigningAlg::Rs256];
    algs.extend(
        store
            .clients()
            .await?
            .iter()
            .map(|c| c.jwt_configuration.alg),
    );
    let apis = store.resource_servers().await?;
    algs.extend(apis.iter().map(|a| a.settings.signing_alg));
    tokens::key_reload::ensure_keys(store, keys, deps.random.as_ref(), now, &algs).await?;
    Ok(())
}

/// At every start, not only when they are made: SMS connections whose codes go to the log,
/// and a server reachable from elsewhere whose every URL names this machine's loopback.
async fn warn_of_development_setups(
    settings: &Settings,
    store: &dyn Store,
    keys: &ServerKeys,
) -> anyhow::Result<()> {
    for record in store.connections().await? {
        if let ConnectionOptions::Sms(options) = ConnectionOptions::from_record(&record, keys)?
            && options.provider == SmsProvider::Log
        {
            tracing::warn!(
                connection = %record.name,
                "SMS connection {:?} uses the development \"log\" provider: its codes are written to this log, not sent to phones",
                record.name
            );
        }
    }
    let loopback_issuer = webauthn_rs::prelude::Url::parse(&settings.issuer)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| {
            // An IPv6 host comes bracketed: `[::1]`.
            h == "localhost"
                || h.trim_matches(['[', ']'])
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        });
    if !settings.listen.ip().is_loopback() && loopback_issuer {
        tracing::warn!(
            listen = %settings.listen,
            issuer = %settings.issuer,
            "the server listens beyond this machine but its issuer is a loopback URL: tokens, links and callbacks will name {}; set issuer to the public URL",
            settings.issuer
        );
    }
    Ok(())
}

/// The WebAuthn relying party: its id is the issuer's host, its origin the issuer's.
fn relying_party(settings: &Settings) -> anyhow::Result<webauthn_rs::Webauthn> {
    use webauthn_rs::prelude::Url;
    let origin = Url::parse(settings.issuer.trim_end_matches('/'))
        .with_context(|| format!("issuer {} is not a URL", settings.issuer))?;
    let rp_id = origin
        .host_str()
        .context("the issuer has no host")?
        .to_string();
    let mut builder = webauthn_rs::WebauthnBuilder::new(&rp_id, &origin)
        .context("cannot build the WebAuthn relying party")?
        .rp_name("Latchkey");
    let extra: Vec<Url> = settings
        .passkeys
        .extra_origins
        .iter()
        .map(|o| Url::parse(o).with_context(|| format!("passkeys.extra_origins: {o} is not a URL")))
        .collect::<anyhow::Result<_>>()?;
    for o in &extra {
        builder = builder.append_allowed_origin(o);
    }
    builder
        .build()
        .context("cannot build the WebAuthn relying party")
}

impl App {
    /// Prepares everything and binds the listener; nothing is served until [`App::run`].
    pub async fn build(mut settings: Settings, deps: Deps) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        // `--listen 127.0.0.1:0` picks a free port: an issuer derived from the address must
        // name that port, or every URL the server makes (callbacks, links) points nowhere.
        if settings.listen.port() == 0 && settings.issuer.ends_with(":0/") {
            let port = listener.local_addr()?.port();
            settings.issuer = format!("{}:{port}/", settings.issuer.trim_end_matches(":0/"));
        }
        Self::build_on(listener, settings, deps).await
    }

    /// Like [`App::build`] on a listener bound beforehand (tests bind port 0 first so the
    /// issuer URL can carry the real port).
    pub async fn build_on(
        listener: TcpListener,
        settings: Settings,
        deps: Deps,
    ) -> anyhow::Result<Self> {
        let tls = match &settings.tls {
            Some(files) => Some(Arc::new(Tls::load(files).await?)),
            None => None,
        };
        let sms: Arc<dyn SmsSender> = Arc::new(SmsGateway::new()?);
        let email: Arc<dyn EmailSender> = Arc::new(EmailGateway::default());
        if settings.email_provider == crate::domain::ports::EmailRoute::Log {
            tracing::warn!(
                "no email_provider configured: emails go to this log, not to mailboxes (unless set through the Management API)"
            );
        }
        let serving = match crate::store::sql::sqlite_file::path_of(&settings.database_url) {
            Some(db) => {
                ensure_data_dir(&settings.data_dir)?;
                let lock = crate::backup::serving_lock(&db)?;
                lock.try_lock_shared()
                    .map_err(|_| anyhow::anyhow!("a restore is under way on {}", db.display()))?;
                Some(lock)
            }
            None => None,
        };
        let redirect = match settings.http_redirect_listen {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} (http_redirect_listen)"))?,
            ),
            None => None,
        };
        let (store, keys) = open_store(&settings, deps.random.as_ref()).await?;
        crate::commands::remember_issuer(store.as_ref(), &settings.issuer, deps.clock.now())
            .await?;
        apply_configuration(&settings, store.as_ref(), &keys, &deps).await?;
        warn_of_development_setups(&settings, store.as_ref(), &keys).await?;
        let metrics = http::prometheus::Exporter::start(&settings.metrics, store.clone()).await?;
        let ring = KeyRing::load(&store.signing_keys().await?, &keys)?;
        let tokens = Arc::new(TokenIssuer::new(
            settings.issuer.clone(),
            ring,
            keys.access_token_key(),
        )?);
        // The relying party is made whenever the issuer allows one, so the dashboard can
        // switch passkeys on without a restart; the configuration decides the default.
        let passkeys = if settings.passkeys.enabled {
            Some(Arc::new(relying_party(&settings)?))
        } else if issuer_has_host_name(&settings.issuer) {
            relying_party(&settings).ok().map(Arc::new)
        } else {
            None
        };
        let (events, event_writer) = crate::domain::audit::EventLog::new(
            store.clone(),
            deps.clock.clone(),
            deps.random.clone(),
        );
        tokio::spawn(event_writer);
        let core = Arc::new(Core {
            events,
            passkeys,
            passkeys_default: settings.passkeys.enabled,
            store: store.clone(),
            sms,
            email,
            email_default: settings.email_provider.clone(),
            keys,
            tokens,
            clock: deps.clock.clone(),
            random: deps.random.clone(),
            limits: settings.rate_limits.clone(),
            // Always an audience: users get tokens for it to manage their own account
            // (device credentials, passkeys), with current_user scopes only.
            management_api: Arc::new(resource_servers::management_api(&settings.issuer)),
            recent_apis: Default::default(),
            recent_clients: Default::default(),
            recent_client_list: Default::default(),
            recent_connections: Default::default(),
            breakers: Default::default(),
            recent_tenant: Default::default(),
        });
        let draining = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let router = http::router(AppState {
            draining: draining.clone(),
            core: core.clone(),
            trusted_proxies: Arc::new(settings.rate_limits.proxies()),
            admin_emails: Arc::new(settings.admin_emails.clone()),
            metrics: metrics.main_endpoint(),
        });
        let clients = store.clients().await?;
        Ok(Self {
            listener,
            router,
            core,
            tls,
            redirect,
            _serving: serving,
            draining,
            shutdown_delay: Duration::from_secs(settings.shutdown_delay_seconds),
            metrics,
            run_jobs: deps.run_jobs,
            clients,
        })
    }

    /// The issuer every token and URL names.
    pub fn issuer(&self) -> &str {
        self.core.tokens.issuer()
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where plain HTTP is redirected to the issuer, when it is.
    pub fn redirect_addr(&self) -> Option<SocketAddr> {
        self.redirect.as_ref().and_then(|l| l.local_addr().ok())
    }

    /// `https` when serving TLS, else `http`.
    pub fn scheme(&self) -> &'static str {
        if self.tls.is_some() { "https" } else { "http" }
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let maintenance = tokio::spawn(maintenance(self.core.clone(), self.tls.clone()));
        let jobs = self.run_jobs.then(|| {
            tokio::spawn(crate::domain::management::jobs::runner::run(
                self.core.clone(),
            ))
        });
        let redirect = self.redirect.map(|listener| {
            let router = crate::tls::redirect_router(self.core.tokens.issuer());
            tokio::spawn(async move { axum::serve(listener, router).await })
        });
        let metrics = tokio::spawn(self.metrics.serve());
        // Readiness fails first; requests keep being served for `shutdown_delay`, so a load
        // balancer has time to stop sending before the server stops accepting.
        let (draining, delay) = (self.draining.clone(), self.shutdown_delay);
        let shutdown = async move {
            shutdown.await;
            draining.store(true, std::sync::atomic::Ordering::SeqCst);
            if !delay.is_zero() {
                tracing::info!("not ready any more; draining in {delay:?}");
                tokio::time::sleep(delay).await;
            }
        };
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = match self.tls {
            None => {
                axum::serve(self.listener, service)
                    .with_graceful_shutdown(shutdown)
                    .await
            }
            Some(tls) => {
                let handle = axum_server::Handle::new();
                let stopper = handle.clone();
                tokio::spawn(async move {
                    shutdown.await;
                    stopper.graceful_shutdown(None);
                });
                let renewals = tokio::spawn(reload_on_hangup(tls.clone()));
                let served =
                    axum_server::from_tcp_rustls(self.listener.into_std()?, tls.config.clone())?
                        .handle(handle)
                        .serve(service)
                        .await;
                renewals.abort();
                served
            }
        };
        maintenance.abort();
        if let Some(jobs) = jobs {
            jobs.abort();
        }
        if let Some(redirect) = redirect {
            redirect.abort();
        }
        metrics.abort();
        result
    }
}

/// Reloads the certificate on each SIGHUP (what a renewal hook sends).
async fn reload_on_hangup(tls: Arc<Tls>) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::warn!(
            "cannot listen for SIGHUP: the TLS certificate reloads only when its files change"
        );
        return;
    };
    while hangups.recv().await.is_some() {
        tls.reload_or_warn().await;
    }
}

/// Background upkeep: picks up rotated signing keys and renewed certificates, and purges
/// long-expired codes.
async fn maintenance(core: Arc<Core>, tls: Option<Arc<Tls>>) {
    let mut tick = tokio::time::interval(KEY_RELOAD_INTERVAL);
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = tokens::key_reload::reload(&core).await {
            tracing::error!(error = %e, "cannot reload signing keys");
        }
        if let Some(tls) = &tls {
            tls.reload_if_changed().await;
        }
        let (now, store) = (core.clock.now(), &core.store);
        let purges = [
            (
                "expired codes",
                store.purge_expired_otps(now - OTP_RETENTION).await,
            ),
            (
                "expired authorization codes",
                store.purge_authorization_codes(now - OTP_RETENTION).await,
            ),
            ("expired sessions", store.purge_sessions(now).await),
            (
                "expired login tickets",
                store.purge_login_tickets(now).await,
            ),
            ("used device assertions", store.purge_assertions(now).await),
            (
                "old log entries",
                store.purge_events(now - LOG_RETENTION).await,
            ),
            (
                "expired passkey ceremonies",
                store.purge_ceremonies(now).await,
            ),
            ("rate-limit counters", store.purge_counters(now).await),
            (
                "old delivery records",
                store
                    .purge_deliveries(now - crate::domain::channels::receipts::RETENTION)
                    .await,
            ),
        ];
        for (what, result) in purges {
            if let Err(e) = result {
                tracing::error!(error = %e, "cannot purge {what}");
            }
        }
    }
}
