//! Fresh databases for tests: a SQLite file in a temporary folder, or a new database on the
//! PostgreSQL server (`LATCHKEY_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432`),
//! dropped when the test ends.

use std::sync::Arc;

use latchkey::domain::ports::Store;
use sqlx::Executor;

pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    drop_pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("test.sqlite").display());
        Self {
            url,
            _dir: Some(dir),
            drop_pg: None,
        }
    }

    /// A new, empty PostgreSQL database; `None` (after `skip_or_fail`) when no server answers.
    pub async fn postgres() -> Option<Self> {
        sqlx::any::install_default_drivers();
        let server =
            std::env::var("LATCHKEY_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
        let admin = format!("{server}/postgres");
        let mut conn = match <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await {
            Ok(c) => c,
            Err(e) => {
                super::skip_or_fail(&format!("no PostgreSQL at {server}: {e}"));
                return None;
            }
        };
        let name = format!(
            "latchkey_test_{}",
            latchkey::domain::random_hex(&latchkey::domain::OsRandom, 8)
        );
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .await
            .unwrap();
        Some(Self {
            url: format!("{server}/{name}"),
            _dir: None,
            drop_pg: Some((admin, name)),
        })
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        latchkey::store::connect(&self.url).await.unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.drop_pg.take() {
            // Dropping needs async I/O, and Drop is synchronous: do it on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(mut conn) =
                        <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await
                    {
                        let _ = conn
                            .execute(sqlx::AssertSqlSafe(format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            )))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}
