//! The `latchkey` command: run the server, or manage its signing keys.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use latchkey::app::{self, App, Deps};
use latchkey::commands;
use latchkey::config::{FileConfig, LogFormat, Overrides, Settings};
use latchkey::domain::management::admins;
use latchkey::logging;
use latchkey::telemetry::{self, TracingSettings};

/// Self-hosted passwordless authentication (one-time codes by SMS or email, email magic
/// links) speaking Auth0's Authentication API.
#[derive(Parser)]
#[command(name = "latchkey", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    ///
    /// With no configuration at all it creates ./latchkey-data (SQLite database, server
    /// secret, signing key), a default application (its client_id is printed), a
    /// development "sms" connection whose codes are written to the log instead of sent, and
    /// an "email" connection (its messages also go to the log until [email_provider] is set).
    /// The dashboard is at <issuer>admin once an administrator is added (`latchkey admins
    /// add`); it sets up Twilio, SMTP and applications. Flags and LATCHKEY_* variables
    /// override the configuration file. The log filter is set with LATCHKEY_LOG (e.g.
    /// "info", "debug", "debug,latchkey=trace"; default "info"). Third-party protocol logging
    /// (lettre's SMTP dialogue, sqlx's statements, hyper, reqwest, rustls…) stays at "info" or
    /// above whatever LATCHKEY_LOG says, because below it carries passwords and codes;
    /// LATCHKEY_LOG_PROTOCOL=1 lifts that cap for debugging a provider, with a warning at
    /// start. SIGTERM or Ctrl-C stops the server after the requests in flight.
    Serve(ServeArgs),
    /// Ask a running server whether it is ready, for container probes.
    ///
    /// Exits 0 when its /healthz/ready answers 200 (database and schema there, a signing key
    /// current, no shutdown under way), 1 otherwise. Give it the same --config / --listen as
    /// `serve`; it connects to the listen address (loopback for 0.0.0.0).
    Healthcheck(ServeArgs),
    /// Work with the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// See or apply the database's schema migrations.
    ///
    /// `serve` applies pending migrations itself at start; `migrate apply` does it ahead of
    /// time (before starting several new instances on one PostgreSQL, say). A database
    /// migrated by a newer Latchkey is refused, by both, and left untouched.
    Migrate {
        #[command(subcommand)]
        command: MigrateCommand,
    },
    /// Write a consistent copy of the SQLite database, while the server runs.
    ///
    /// SQLite's VACUUM INTO, into FILE (which must not exist), mode 0600. The copy does not
    /// hold the server secret: keep <data-dir>/server-secret (or --server-secret-file) with
    /// it, or its sealed data cannot be opened. On PostgreSQL, use pg_dump.
    Backup(BackupArgs),
    /// Put a backup in place of the SQLite database; no server may be running on it.
    ///
    /// The server secret must already be in place, and must be the one the backup was made
    /// with (checked before anything is replaced). The next `serve` migrates the database.
    Restore(BackupArgs),
    /// Make a local CA and a localhost certificate, and a configuration serving HTTPS.
    ///
    /// Writes ca.pem, ca-key.pem, localhost.pem, localhost-key.pem and latchkey.toml (issuer
    /// https://localhost:PORT/) into DIR, which must not exist, then prints how to trust the
    /// CA. For development only: the CA's key can sign for any name.
    DevCert {
        /// Folder to create.
        #[arg(long, default_value = "latchkey-dev-tls")]
        dir: PathBuf,
        /// Port the configuration listens on (0: any free one).
        #[arg(long, default_value_t = 8443)]
        port: u16,
    },
    /// Manage token signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Manage who may use the dashboard (/admin).
    Admins {
        #[command(subcommand)]
        command: AdminsCommand,
    },
    /// Manage applications.
    Clients {
        #[command(subcommand)]
        command: ClientsCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Check the configuration and print it as the server would run it, secrets masked.
    ///
    /// Reads the file, the LATCHKEY_* variables and the flags as `serve` does (every
    /// variable is listed in the README), and exits 1 with the key named when something is
    /// wrong. Touches no database.
    Check(ServeArgs),
}

#[derive(Subcommand)]
enum MigrateCommand {
    /// Print which migrations the database has and which are pending; changes nothing.
    Status(ConfigArgs),
    /// Apply the pending migrations (creating the SQLite database if there is none).
    Apply(ConfigArgs),
}

#[derive(Subcommand)]
enum ClientsCommand {
    /// Create a machine client for the Management API and print its id and secret.
    ///
    /// The client may use the client_credentials grant for the audience
    /// <issuer>api/v2/ with every Management API scope Latchkey serves. The secret is
    /// shown once and stored only as a hash. Give it the same --config / --data-dir /
    /// --database-url as `serve`; <issuer> is the one the server stored (or --issuer).
    CreateMachine {
        /// The application's name.
        #[arg(long, default_value = "Management API client")]
        name: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
}

#[derive(Subcommand)]
enum AdminsCommand {
    /// Let an email address sign in to the dashboard at <issuer>admin.
    ///
    /// Administrators sign in with a code sent to this address through the "email"
    /// connection; until an email provider is set up, the code is written to the server's
    /// log. Give it the same --config / --data-dir / --database-url as `serve`; it acts for
    /// the issuer the server stored (or --issuer).
    Add {
        /// The administrator's email address.
        email: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Stop an address added with `admins add` from using the dashboard.
    ///
    /// Its dashboard sessions stop working at their next request. Addresses named in the
    /// configuration ([admin] emails) are removed by editing it.
    Remove {
        email: String,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// List who may use the dashboard.
    List(ConfigArgs),
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Publish a new signing key for each algorithm in use and sign with them from now on.
    ///
    /// The previous keys stay in the JWKS so tokens they signed keep verifying (the ones
    /// before them are retired); a running server picks the new keys up within 30 seconds.
    /// Give it the same --config / --data-dir / --database-url as `serve`.
    Rotate(ConfigArgs),
}

/// A backup file and the server whose database it is for.
#[derive(Args, Clone)]
struct BackupArgs {
    /// The backup file.
    file: PathBuf,
    #[command(flatten)]
    config: ConfigArgs,
}

/// What a command that listens (or asks a listener) takes: the address, and the rest.
#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "LATCHKEY_LISTEN")]
    listen: Option<String>,
    #[command(flatten)]
    config: ConfigArgs,
}

impl ServeArgs {
    fn settings(&self) -> anyhow::Result<Settings> {
        let mut config = self.config.clone();
        config.overrides.listen = self.listen.clone();
        config.settings()
    }
}

#[derive(Args, Clone)]
struct ConfigArgs {
    /// TOML configuration file (see README for every key).
    #[arg(long, env = "LATCHKEY_CONFIG")]
    config: Option<PathBuf>,
    #[command(flatten)]
    overrides: Overrides,
}

impl ConfigArgs {
    fn settings(&self) -> anyhow::Result<Settings> {
        let vars = |var: &str| std::env::var(var).ok();
        let resolved = FileConfig::read(self.config.as_deref(), &vars)
            .and_then(|file| Settings::resolve(file, self.overrides.clone()));
        if resolved.is_err() {
            // The error is reported in the log format asked for, though the configuration
            // that asks for it did not resolve.
            let _ = LOG_FORMAT.set(log_format_hint(self.config.as_deref(), &vars));
        }
        Ok(resolved?)
    }
}

/// `log_format` as the variable or the file says it, read leniently: for reporting a
/// configuration that did not resolve.
fn log_format_hint(
    path: Option<&std::path::Path>,
    vars: &dyn Fn(&str) -> Option<String>,
) -> LogFormat {
    let from_file = || {
        let text = std::fs::read_to_string(path?).ok()?;
        let table: toml::Table = text.parse().ok()?;
        table.get("log_format")?.as_str().map(str::to_string)
    };
    match vars("LATCHKEY_LOG_FORMAT").or_else(from_file).as_deref() {
        Some("json") => LogFormat::Json,
        _ => LogFormat::Text,
    }
}

/// What a one-off command works on: the settings (with logging set up from them), the
/// dependencies, and the opened store with the server keys.
struct Opened {
    settings: Settings,
    deps: Deps,
    store: std::sync::Arc<dyn latchkey::domain::ports::Store>,
    keys: std::sync::Arc<latchkey::domain::crypto::ServerKeys>,
}

impl ConfigArgs {
    async fn open(&self) -> anyhow::Result<Opened> {
        let mut settings = self.settings()?;
        init_logging(settings.log_format, None)?;
        if !settings.issuer_configured
            && latchkey::store::sql::schema::status(&settings.database_url)
                .await?
                .is_none()
        {
            // Refused before the data folder, the secret and the database are made for it.
            anyhow::bail!(
                "no database at {}, so no issuer known: start the server once (it stores its \
                 issuer), or give the issuer it will use with --issuer, LATCHKEY_ISSUER or \
                 `issuer` in the configuration file",
                latchkey::config::describe::mask_url_password(&settings.database_url)
            );
        }
        let deps = Deps::default();
        let (store, keys) = app::open_store(&settings, deps.random.as_ref()).await?;
        commands::issuer_for_command(&mut settings, store.as_ref()).await?;
        println!("Latchkey server {}", settings.issuer);
        Ok(Opened {
            settings,
            deps,
            store,
            keys,
        })
    }
}

/// The log format once logging is set up: a fatal error is then written in it.
static LOG_FORMAT: std::sync::OnceLock<LogFormat> = std::sync::OnceLock::new();

/// Sets up the log and, when `tracing` names a collector, the trace exporter (whose handle
/// must be shut down before exit, to send what is queued).
fn init_logging(
    format: LogFormat,
    tracing: Option<&TracingSettings>,
) -> anyhow::Result<Option<telemetry::Tracing>> {
    use tracing_subscriber::prelude::*;
    let _ = LOG_FORMAT.set(format);
    let spec = std::env::var(logging::LOG_VAR).ok();
    let protocol = logging::protocol_opted_in(std::env::var(logging::PROTOCOL_VAR).ok().as_deref());
    let filter = logging::filter(spec.as_deref(), protocol);
    // Logs go to stderr (stdout carries the start-up banner), coloured only for a terminal.
    let log = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let log = match format {
        LogFormat::Json => log.json().boxed(),
        LogFormat::Text => log.boxed(),
    };
    // `try_init`: a fatal error after a failed configuration sets logging up late.
    // Each layer has its own filter: LATCHKEY_LOG chooses what is logged, not what is exported.
    let (export, exporting) = match tracing.map(telemetry::layer).transpose() {
        Ok(Some((layer, handle))) => (Some(layer), Ok(Some(handle))),
        Ok(None) => (None, Ok(None)),
        Err(e) => (None, Err(e.context("cannot set up the trace exporter"))),
    };
    tracing_subscriber::registry()
        .with(log.with_filter(filter))
        .with(export)
        .try_init()
        .ok();
    if let (Some(settings), Ok(Some(_))) = (tracing, &exporting) {
        tracing::info!(url = %settings.traces_url, "exporting traces over OTLP/HTTP");
    }
    if protocol {
        tracing::warn!(
            "LATCHKEY_LOG_PROTOCOL=1: third-party protocol logging is on; at debug and trace \
             this log carries SMTP passwords, whole emails with their codes and links, and SQL \
             statements. Turn it off once the provider works, and delete this log."
        );
    }
    exporting
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(args).await,
        Command::Backup(BackupArgs { file, config }) => {
            let settings = config.settings()?;
            let done = latchkey::backup::backup(&settings, &latchkey::domain::OsRandom, &file);
            println!("{}", done.await?);
            Ok(())
        }
        Command::Restore(BackupArgs { file, config }) => {
            let settings = config.settings()?;
            let done = latchkey::backup::restore(&settings, &latchkey::domain::OsRandom, &file);
            println!("{}", done.await?);
            Ok(())
        }
        Command::DevCert { dir, port } => {
            let made = latchkey::dev_cert::make(&dir, port)?;
            println!("{}", latchkey::dev_cert::instructions(&made));
            Ok(())
        }
        Command::Config {
            command: ConfigCommand::Check(args),
        } => {
            let settings = args.settings()?;
            if let Some(tls) = &settings.tls {
                latchkey::tls::Tls::load(tls).await?;
            }
            print!("{}", latchkey::config::describe::describe(&settings));
            println!("# the configuration is valid");
            Ok(())
        }
        Command::Migrate { command } => migrate_command(command).await,
        Command::Healthcheck(args) => {
            println!("{}", latchkey::healthcheck::probe(&args.settings()?).await?);
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::Rotate(args),
        } => {
            let opened = args.open().await?;
            let kids =
                commands::rotate_signing_key(opened.store.as_ref(), &opened.keys, &opened.deps)
                    .await?;
            match kids.as_slice() {
                [(_, kid)] => {
                    println!("New signing key {kid} is current; the previous key stays published.")
                }
                _ => {
                    let named: Vec<String> = kids
                        .iter()
                        .map(|(alg, kid)| format!("{kid} ({alg})"))
                        .collect();
                    println!(
                        "New signing keys {} are current, one per algorithm in use; the previous keys stay published.",
                        named.join(", ")
                    );
                }
            }
            Ok(())
        }
        Command::Admins { command } => admins_command(command).await,
        Command::Clients {
            command: ClientsCommand::CreateMachine { name, config },
        } => {
            let opened = config.open().await?;
            let (client_id, secret) = commands::create_management_client(
                opened.store.as_ref(),
                &opened.settings,
                &opened.deps,
                &name,
            )
            .await?;
            println!("client_id     = {client_id}");
            println!("client_secret = {secret}");
            println!("audience      = {}api/v2/", opened.settings.issuer);
            println!("The secret is shown only now.");
            Ok(())
        }
    }
}

async fn migrate_command(command: MigrateCommand) -> anyhow::Result<()> {
    use latchkey::store::sql::schema;
    let (config, apply) = match command {
        MigrateCommand::Status(config) => (config, false),
        MigrateCommand::Apply(config) => (config, true),
    };
    let settings = config.settings()?;
    init_logging(settings.log_format, None)?;
    let shown = latchkey::config::describe::mask_url_password(&settings.database_url);
    if apply {
        // Opening the store migrates it, under the same locks `serve` takes.
        app::open_store(&settings, &latchkey::domain::OsRandom).await?;
    }
    let Some(status) = schema::status(&settings.database_url).await? else {
        println!("{shown}: no database yet (`latchkey migrate apply` or `serve` creates it)");
        return Ok(());
    };
    if let Some(refusal) = status.newer_than_binary() {
        anyhow::bail!("{shown}: {refusal}");
    }
    println!("{shown}:");
    for step in &status.applied {
        println!("  applied  {:04} {}", step.version, step.description);
    }
    for step in &status.pending {
        println!("  pending  {:04} {}", step.version, step.description);
    }
    if status.pending.is_empty() {
        println!("The schema is up to date.");
    } else {
        println!(
            "{} migration(s) pending: `latchkey migrate apply` (or the next `serve`) runs them.",
            status.pending.len()
        );
    }
    Ok(())
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.settings()?;
    let exporting = init_logging(settings.log_format, settings.tracing.as_ref())?;
    let app = App::build(settings, Deps::default()).await?;
    let addr = app.local_addr()?;
    println!(
        "Latchkey listening on {}://{addr} (issuer {})",
        app.scheme(),
        app.issuer()
    );
    if let Some(redirect) = app.redirect_addr() {
        println!("Redirecting http://{redirect} to {}", app.issuer());
    }
    println!("Applications:");
    for c in &app.clients {
        let kind = if c.secret_hash.is_some() {
            "confidential"
        } else {
            "public"
        };
        println!("  {:<20} client_id={}  ({kind})", c.name, c.client_id);
    }
    let served = app.run(shutdown_signal()).await;
    if let Some(exporting) = exporting {
        // After the drain, so the last requests' spans are among those sent.
        tokio::task::spawn_blocking(move || exporting.shutdown()).await?;
    }
    Ok(served?)
}

async fn admins_command(command: AdminsCommand) -> anyhow::Result<()> {
    match command {
        AdminsCommand::Add { email, config } => {
            let opened = config.open().await?;
            let issuer = opened.settings.issuer.clone();
            if commands::add_admin(
                opened.store.as_ref(),
                &opened.settings,
                &opened.deps,
                &email,
            )
            .await?
            {
                println!("{email} may now sign in at {issuer}admin");
            } else {
                println!("{email} was already an administrator; sign in at {issuer}admin");
            }
        }
        AdminsCommand::Remove { email, config } => {
            let opened = config.open().await?;
            let now = latchkey::domain::Clock::now(opened.deps.clock.as_ref());
            if admins::remove_admin(opened.store.as_ref(), &email, now).await? {
                println!("{email} may no longer use the dashboard");
            } else {
                println!("{email} was not added with `latchkey admins add`; nothing changed");
            }
            if opened
                .settings
                .admin_emails
                .contains(&email.trim().to_lowercase())
            {
                println!("{email} is still named in the configuration's [admin] emails");
            }
        }
        AdminsCommand::List(config) => {
            let opened = config.open().await?;
            for email in &opened.settings.admin_emails {
                println!("{email}  (configuration)");
            }
            for email in admins::stored_admins(opened.store.as_ref()).await? {
                println!("{email}  (latchkey admins add)");
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("latchkey: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // With JSON logs, the last line is JSON too, for the log collector that reads them.
            if LOG_FORMAT.get() == Some(&LogFormat::Json) {
                let _ = init_logging(LogFormat::Json, None);
                tracing::error!(error = %format!("{e:#}"), "latchkey stopped");
            } else {
                eprintln!("latchkey: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}
