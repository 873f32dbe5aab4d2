//! Backups of the SQLite database: `latchkey backup`, a consistent copy taken while the
//! server runs, and `latchkey restore`, which puts one back with no server running on it.
//! Neither copies the server secret: a backup holds data sealed with it, so the secret is
//! named and checked, never written beside the data.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::app::{load_server_secret, open_store};
use crate::config::Settings;
use crate::domain::crypto::ServerKeys;
use crate::domain::{Random, random_hex};
use crate::store::sql::sqlite_file;

/// The lock every `serve` holds shared on a SQLite database while it runs; `restore` takes
/// it exclusively, so it never replaces a database under a running server.
pub fn serving_lock(db: &Path) -> anyhow::Result<File> {
    let mut name = db.as_os_str().to_owned();
    name.push(".serving");
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(PathBuf::from(&name))
        .with_context(|| format!("cannot open {}", PathBuf::from(name).display()))
}

/// Writes the copy to `file` (which must not exist), mode 0600.
pub async fn backup(
    settings: &Settings,
    random: &dyn Random,
    file: &Path,
) -> anyhow::Result<String> {
    let (store, _) = open_store(settings, random).await?;
    // An empty private file first: VACUUM INTO fills it, so the copy is never readable by others.
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .with_context(|| format!("cannot create {} (it must not exist yet)", file.display()))?;
    if let Err(e) = store.backup_into(file).await {
        let _ = std::fs::remove_file(file);
        return Err(e.into());
    }
    Ok(format!(
        "backed up to {}. Keep {} with it: the backup holds data sealed with that secret, not the secret.",
        file.display(),
        settings.secret_path().display()
    ))
}

/// Replaces the database with the backup `file`, once no server runs on it and the server
/// secret in place is the one the backup's data was sealed with.
pub async fn restore(
    settings: &Settings,
    random: &dyn Random,
    file: &Path,
) -> anyhow::Result<String> {
    let db = sqlite_file::path_of(&settings.database_url)
        .context("restore works on a SQLite file; for PostgreSQL use pg_restore")?;
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::app::ensure_data_dir(dir)?;
    }
    let lock = serving_lock(&db)?;
    if lock.try_lock().is_err() {
        anyhow::bail!(
            "a server is running on {}: stop it before restoring",
            db.display()
        );
    }
    let keys = ServerKeys::derive(&load_server_secret(settings).with_context(|| {
        format!(
            "restore needs the server secret the backup was made with, at {}",
            settings.secret_path().display()
        )
    })?)?;
    let staged = db.with_file_name(format!(".restore-{}.sqlite", random_hex(random, 8)));
    let checked = check_backup(file, &staged, &keys).await;
    remove_with_companions(&staged);
    checked?;
    // The backup itself, untouched by the check, goes in place; `serve` migrates it.
    let incoming = db.with_file_name(format!(".incoming-{}.sqlite", random_hex(random, 8)));
    copy_private(file, &incoming)?;
    for companion in ["-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(companion);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    std::fs::rename(&incoming, &db)
        .with_context(|| format!("cannot move the backup to {}", db.display()))?;
    if let Some(dir) = db.parent().and_then(|d| File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    drop(lock);
    Ok(format!("restored {} from {}", db.display(), file.display()))
}

/// Opens a copy of the backup (migrating the copy, not the backup) and checks that it holds
/// Latchkey's schema and that `keys` open its sealed signing keys.
async fn check_backup(file: &Path, staged: &Path, keys: &ServerKeys) -> anyhow::Result<()> {
    copy_private(file, staged)?;
    let url = format!("sqlite://{}", staged.display());
    let store = crate::store::connect(&url)
        .await
        .with_context(|| format!("{} is not a Latchkey database", file.display()))?;
    let sealed = store.signing_keys().await?;
    if sealed.is_empty() {
        anyhow::bail!(
            "{} holds no signing key: it is not a Latchkey backup",
            file.display()
        );
    }
    if !crate::domain::tokens::keys::sealed_with(&sealed, keys) {
        anyhow::bail!(
            "{} was sealed with another server secret: put the secret saved with it in place first",
            file.display()
        );
    }
    Ok(())
}

fn copy_private(from: &Path, to: &Path) -> anyhow::Result<()> {
    let mut source = File::open(from).with_context(|| format!("cannot read {}", from.display()))?;
    let mut target = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    std::io::copy(&mut source, &mut target)
        .and_then(|_| target.sync_all())
        .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))
}

fn remove_with_companions(db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal", ".lock"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}
