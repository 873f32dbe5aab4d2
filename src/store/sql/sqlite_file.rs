//! The SQLite file on disk: private modes for the database and its companions, and the lock
//! that lets only one process at a time prepare (create, switch to WAL, migrate) a database.

use std::fs::{File, OpenOptions, Permissions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::domain::ports::StoreError;

/// How long a process waits for another to finish preparing the database.
const LOCK_WAIT: Duration = Duration::from_secs(60);
const LOCK_POLL: Duration = Duration::from_millis(25);

/// The file a `sqlite:` URL names, or `None` for an in-memory database.
pub fn path_of(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let memory =
        path.is_empty() || path == ":memory:" || query.split('&').any(|kv| kv == "mode=memory");
    (!memory).then(|| PathBuf::from(path))
}

fn with_suffix(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> StoreError {
    StoreError::Database(format!("{what} {}: {e}", path.display()).into())
}

/// Creates the database file 0600 if it is missing (SQLite gives its `-wal` and `-shm` the
/// database file's mode, so they are born 0600 too), and brings an existing database and
/// companions that are more open back to 0600.
pub fn make_private(db: &Path) -> Result<(), StoreError> {
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(db)
        .map_err(|e| io_error("cannot create", db, e))?;
    for path in [
        db.to_path_buf(),
        with_suffix(db, "-wal"),
        with_suffix(db, "-shm"),
        with_suffix(db, "-journal"),
    ] {
        match std::fs::metadata(&path) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&path, Permissions::from_mode(0o600))
                    .map_err(|e| io_error("cannot make private", &path, e))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Takes the preparation lock of `db` (an exclusive lock on `<db>.lock`, released when the
/// returned file is dropped or the process ends, however it ends). SQLite's migrations take
/// no lock of their own: two processes migrating one fresh file both see it empty, and the
/// second fails on `table … already exists`.
pub async fn lock(db: &Path) -> Result<File, StoreError> {
    let path = with_suffix(db, ".lock");
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(|e| io_error("cannot open the lock file", &path, e))?;
    let deadline = tokio::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(LOCK_POLL).await;
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Database(
                    format!(
                        "another process has held {} for {LOCK_WAIT:?} while preparing the database",
                        path.display()
                    )
                    .into(),
                ));
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(io_error("cannot lock", &path, e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_file() {
        assert_eq!(
            path_of("sqlite://data/l.sqlite"),
            Some(PathBuf::from("data/l.sqlite"))
        );
        assert_eq!(
            path_of("sqlite:///var/l.sqlite?mode=rwc"),
            Some(PathBuf::from("/var/l.sqlite"))
        );
        assert_eq!(path_of("sqlite::memory:"), None);
        assert_eq!(path_of("sqlite://x?mode=memory"), None);
        assert_eq!(path_of("postgres://h/db"), None);
    }

    #[tokio::test]
    async fn the_lock_is_held_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("l.sqlite");
        let held = lock(&db).await.unwrap();
        let other = File::options()
            .write(true)
            .open(with_suffix(&db, ".lock"))
            .unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(held);
        assert!(other.try_lock().is_ok());
    }

    #[test]
    fn the_database_is_created_private() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("l.sqlite");
        make_private(&db).unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&db, Permissions::from_mode(0o644)).unwrap();
        make_private(&db).unwrap();
        let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
