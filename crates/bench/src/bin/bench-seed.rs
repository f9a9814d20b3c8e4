//! Materializes benchmark tenants directly in a SQLite data directory, with bulk SQL (a few
//! large transactions), for the scale benchmark: 1,000,000 tenants are 25 M product rows.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use mscommerce_domain::{Clock, SystemClock};

#[derive(Debug, Parser)]
#[command(about = "Seed benchmark tenants into a SQLite data directory (the service stopped)")]
struct Args {
    /// The service's data directory (mscommerce.db inside).
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// How many tenants.
    #[arg(long)]
    tenants: u64,
    /// Index of the first tenant.
    #[arg(long, default_value_t = 0)]
    first: u64,
    /// Tenants per transaction.
    #[arg(long, default_value_t = 50_000)]
    batch: u64,
    /// Do not create or migrate the schema (it must exist: `mscommerce serve` ran on the dir).
    #[arg(long)]
    no_migrate: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = args.data_dir.join("mscommerce.db");
    let started = Instant::now();
    if !args.no_migrate {
        std::fs::create_dir_all(&args.data_dir)?;
        mscommerce_bench::prepare(&db).await?;
    }
    let seeded =
        mscommerce_bench::seed(&db, args.first, args.tenants, args.batch, SystemClock.now())
            .await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "seeded tenants {}..{} in {secs:.1} s: {} tenants, {} product rows in {}",
        args.first,
        args.first + args.tenants,
        seeded.tenants,
        seeded.product_rows,
        db.display()
    );
    Ok(())
}
