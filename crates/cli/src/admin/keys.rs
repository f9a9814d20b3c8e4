//! `admin keys`: the identity provider's signing keys (the identity crate's key ring).

use std::sync::Arc;

use clap::Subcommand;
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_i18n::Localizer;
use mscommerce_server::config::Overrides;

use super::refused;
use crate::out::outln;
use crate::server::store::{StoreArgs, resolve};
use crate::text::t;

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Make a new signing key active; the old one stays published until its tokens expire.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
    },
}

pub(crate) fn run(cmd: KeysCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::Rotate { store } => rotate(&store, l),
    }
}

fn rotate(store: &StoreArgs, l: &Localizer) -> anyhow::Result<()> {
    let config = resolve(store, Overrides::default())?;
    mscommerce_identity::install_crypto_provider();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let keys = mscommerce_identity::KeyRing::open(config.data_dir.join("keys"), clock)
        .map_err(|e| refused(l, "admin-cannot-open-keys", &[], e))?;
    let kid = keys
        .rotate()
        .map_err(|e| refused(l, "admin-cannot-rotate-key", &[], e))?;
    outln!("{}", t(l, "admin-keys-rotated", &[("kid", kid)]));
    Ok(())
}
