//! Where the service keeps its data, for `serve` and every `admin` command: the configuration
//! (file, `MSCOMMERCE_*` variables, flags) and the opened, migrated store.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use mscommerce_i18n::Localizer;
use mscommerce_server::config::{FileConfig, Overrides, ServeConfig};
use mscommerce_store::Store;

use crate::text::t;

#[derive(Debug, Args)]
pub(crate) struct StoreArgs {
    /// TOML configuration file (flags win over MSCOMMERCE_* variables, which win over the file).
    #[arg(long, env = "MSCOMMERCE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Where the SQLite database and the signing keys live [default: the platform's data dir].
    #[arg(long, env = "MSCOMMERCE_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Use PostgreSQL (postgres://...) instead of SQLite in the data directory.
    #[arg(
        long,
        env = "MSCOMMERCE_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
}

fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("mscommerce"))
        .unwrap_or_else(|| PathBuf::from("mscommerce-data"))
}

/// The configuration: the file, then the environment, then these flags and `overrides`.
pub(crate) fn resolve(store: &StoreArgs, overrides: Overrides) -> anyhow::Result<ServeConfig> {
    let file = match &store.config {
        Some(path) => FileConfig::load(path)?,
        None => FileConfig::default(),
    };
    let overrides = Overrides {
        data_dir: store.data_dir.clone(),
        database_url: store.database_url.clone(),
        ..overrides
    };
    Ok(ServeConfig::resolve(file, overrides, default_data_dir())?)
}

/// The store, migrated and with the built-in catalog in place, as `serve` would see it.
pub(crate) async fn open_store(
    args: &StoreArgs,
    l: &Localizer,
) -> anyhow::Result<(ServeConfig, Arc<dyn Store>)> {
    let config = resolve(args, Overrides::default())?;
    // The same owner-only data directory as `serve` makes; an operator is told what changed.
    let tightened =
        mscommerce_server::data_dir::make_private(&config.data_dir).with_context(|| {
            t(
                l,
                "admin-cannot-create-dir",
                &[("dir", config.data_dir.display().to_string())],
            )
        })?;
    for path in tightened {
        let path = path.display().to_string();
        eprintln!("{}", t(l, "admin-data-dir-restricted", &[("path", path)]));
    }
    let url = match &config.database_url {
        Some(u) => u.clone(),
        None => config
            .data_dir
            .join("mscommerce.db")
            .to_string_lossy()
            .into_owned(),
    };
    let store = mscommerce_store::open(&url, &config.store).await?;
    store.migrate().await?;
    store
        .sync_catalog(&mscommerce_domain::Catalog::builtin()?)
        .await?;
    Ok((config, store))
}
