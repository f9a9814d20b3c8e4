//! Mints access tokens for benchmark tenants the way the built-in identity provider would: user
//! tokens of each tenant's Global Administrator, signed with the service's own key ring
//! (`DATA_DIR/keys`). One token per line on stdout (or `--out FILE`). Tenants need no set-up: a
//! tenant the store has never seen reads as the catalog at the default.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Parser;
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_identity::KeyRing;

#[derive(Debug, Parser)]
#[command(about = "Mint benchmark access tokens with a data directory's signing keys")]
struct Args {
    /// The service's data directory (its keys are in DATA_DIR/keys).
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// The service's public URL (`serve --public-url`): the issuer is {URL}/{tid}/v2.0.
    #[arg(long, value_name = "URL")]
    public_url: String,
    /// How many tenants (one token each).
    #[arg(long, default_value_t = 10_000)]
    tenants: u64,
    /// Index of the first tenant.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Distance between consecutive tenant indexes (to spread tokens over a large store).
    #[arg(long, default_value_t = 1)]
    stride: u64,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 7200)]
    lifetime_secs: i64,
    /// Write here instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    mscommerce_identity::install_crypto_provider();
    let args = Args::parse();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let keys_dir = args.data_dir.join("keys");
    let keys = KeyRing::open(&keys_dir, clock.clone())
        .with_context(|| format!("cannot open the key ring in {}", keys_dir.display()))?;
    let now = clock.now();
    let lifetime = time::Duration::seconds(args.lifetime_secs);
    let mut out: Box<dyn std::io::Write> = match &args.out {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    for n in 0..args.tenants {
        let index = n
            .checked_mul(args.stride)
            .and_then(|o| o.checked_add(args.first))
            .context("tenant index overflows")?;
        let claims = mscommerce_bench::admin_claims(&args.public_url, index, now, lifetime)?;
        let token = keys.sign(&claims)?;
        writeln!(out, "{token}")?;
    }
    out.flush()?;
    Ok(())
}
