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
    /// Running servers notice within seconds.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
        /// How long the old key stays published and accepted: 65m by default (the tokens it
        /// signed stay valid); 0s retires it at once (a leaked key: every token it signed is
        /// refused from then on). Forms: 30s, 15m, 2h, 1d.
        #[arg(long, value_name = "AGE")]
        retire_after: Option<String>,
    },
}

pub(crate) fn run(cmd: KeysCommand, l: &Localizer) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::Rotate {
            store,
            retire_after,
        } => rotate(&store, retire_after.as_deref(), l),
    }
}

fn rotate(store: &StoreArgs, retire_after: Option<&str>, l: &Localizer) -> anyhow::Result<()> {
    let retire_after = match retire_after {
        None => mscommerce_identity::KeyRing::DEFAULT_RETIRE_AFTER,
        Some(text) => crate::duration::parse_duration(text).ok_or_else(|| {
            anyhow::anyhow!(t(l, "admin-not-a-duration", &[("value", text.to_owned())]))
        })?,
    };
    let config = resolve(store, Overrides::default())?;
    mscommerce_identity::install_crypto_provider();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let keys = mscommerce_identity::KeyRing::open(config.data_dir.join("keys"), clock)
        .map_err(|e| refused(l, "admin-cannot-open-keys", &[], e))?;
    let kid = keys
        .rotate_with(retire_after)
        .map_err(|e| refused(l, "admin-cannot-rotate-key", &[], e))?;
    outln!("{}", t(l, "admin-keys-rotated", &[("kid", kid)]));
    Ok(())
}
