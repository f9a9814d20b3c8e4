//! `serve` and the operator's admin commands, which work on the data directory (or database)
//! directly, with no token: whoever can read the data directory owns the service anyway.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use mscommerce_domain::{CatalogProduct, Clock, DomainName, ProductId, SystemClock, TenantId};
use mscommerce_i18n::Localizer;
use mscommerce_proto::roles;
use mscommerce_server::config::{self, FileConfig, Overrides, ServeConfig};
use mscommerce_store::{AppRecord, ChainCheck, Store, StoreError, TenantRecord, UserRecord};
use uuid::Uuid;

use crate::out::outln;
use crate::render::table;
use crate::text::t;

/// Column headings of the operator's lists, in the user's language.
fn headers(l: &Localizer, ids: &[&str]) -> Vec<String> {
    ids.iter()
        .map(|id| l.t(&format!("admin-column-{id}")))
        .collect()
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the policy service (licensing API, built-in identity provider, health).
    Serve(ServeArgs),
    /// Operator commands on the data directory or database: tenants, users, apps, keys, the
    /// catalog, the audit journal.
    #[command(subcommand)]
    Admin(AdminCommand),
}

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

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address to listen on [default: 127.0.0.1:8080]; port 0 picks a free port.
    #[arg(long, env = "MSCOMMERCE_LISTEN", value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// The URL clients use to reach this service (issuer of its tokens) [default: http://ADDR].
    #[arg(long, env = "MSCOMMERCE_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
    /// Seed the fixed demo directory (contoso.example, fabrikam.example); loopback only.
    #[arg(long)]
    demo: bool,
    /// Log JSON lines instead of text (to stderr).
    #[arg(long, env = "MSCOMMERCE_LOG_JSON")]
    log_json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Tenants of the built-in directory.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Users of the built-in directory.
    #[command(subcommand)]
    User(UserCommand),
    /// Apps (client credentials) of the built-in directory.
    #[command(subcommand)]
    App(AppCommand),
    /// The identity provider's signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The product catalog all tenants share.
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// The tenants' audit journals.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// Add a product; every tenant gets it at its own default for new products.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Its product id, e.g. CFQ7TTC0ABCD (1 to 64 letters, digits, '-' or '_').
        #[arg(long)]
        product_id: String,
        /// Its name as lists show it.
        #[arg(long)]
        name: String,
        /// It offers a trial without a payment method (so OnlyTrialsWithoutPaymentMethod applies).
        #[arg(long)]
        trial_without_payment_method: bool,
        /// An older id that should act on this product, repeatable.
        #[arg(long = "legacy-id", value_name = "ID")]
        legacy_ids: Vec<String>,
    },
    /// Rename a product, in every tenant.
    Rename {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        product_id: String,
        #[arg(long)]
        name: String,
    },
    /// Retire a product: left out of lists, its policy frozen; reading it by id still works.
    Retire {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        product_id: String,
    },
    /// Make requests naming an old id (or a retired product's id) act on a current product.
    MapLegacy {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        legacy_id: String,
        #[arg(long)]
        product_id: String,
    },
    /// List every product, retired ones included.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Check every tenant's hash chain (or one tenant's) and report the first broken link of
    /// each; exits 1 when a chain is broken. Prints each chain's head hash: keep it elsewhere to
    /// detect later a journal rewritten from the start or cut at the end.
    Verify {
        #[command(flatten)]
        store: StoreArgs,
        /// Tenant domain or id [default: every tenant].
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum TenantCommand {
    /// Add a tenant.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Its domain name, e.g. contoso.com.
        #[arg(long)]
        domain: String,
        /// Display name [default: the domain].
        #[arg(long)]
        name: Option<String>,
        /// Tenant id (a GUID) [default: a new one]; use the Entra ID tenant id to mirror a tenant.
        #[arg(long)]
        id: Option<Uuid>,
    },
    /// List tenants.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Add a user; the password is read from stdin with --password-stdin, else generated and
    /// printed once.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// User principal name; its domain names the tenant unless --tenant is given.
        #[arg(long)]
        upn: String,
        #[arg(long)]
        name: Option<String>,
        /// Tenant domain or id [default: the UPN's domain].
        #[arg(long)]
        tenant: Option<String>,
        /// Directory role, repeatable: global-admin, billing-admin, global-reader (or a template id).
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password (from stdin with --password-stdin, else generated and printed once).
    ResetPassword {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        upn: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Replace a user's directory roles.
    SetRoles {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        upn: String,
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// List users.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AppCommand {
    /// Add an app; it gets a generated secret (printed once) unless --certificate is given.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Tenant domain or id.
        #[arg(long)]
        tenant: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Client id [default: a new GUID].
        #[arg(long)]
        client_id: Option<String>,
        /// App permission, repeatable: Policy.Read.AllowSelfServicePurchase or
        /// Policy.ReadWrite.AllowSelfServicePurchase (or their app role ids).
        #[arg(long = "permission", value_name = "PERMISSION")]
        permissions: Vec<String>,
        /// PEM certificate (or public key) whose signed client assertions the app may use.
        #[arg(long, value_name = "PEM")]
        certificate: Option<PathBuf>,
        /// Read the secret from stdin instead of generating one.
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Give an app a new generated secret (printed once).
    ResetSecret {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        client_id: String,
    },
    /// List apps.
    List {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        tenant: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Make a new signing key active; the old one stays published until its tokens expire.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
    },
}

pub(crate) fn run(cmd: Command, language: &str) -> ExitCode {
    let l = Localizer::new(language);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(7);
        }
    };
    let result = runtime.block_on(async {
        match cmd {
            Command::Serve(args) => serve(args).await.map(|()| ExitCode::SUCCESS),
            Command::Admin(cmd) => admin(cmd, &l).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .map(|d| d.join("mscommerce"))
        .unwrap_or_else(|| PathBuf::from("mscommerce-data"))
}

fn resolve(store: &StoreArgs, overrides: Overrides) -> anyhow::Result<ServeConfig> {
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

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MSCOMMERCE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let config = resolve(
        &args.store,
        Overrides {
            listen: args.listen,
            public_url: args.public_url.clone(),
            log_json: args.log_json.then_some(true),
            demo: args.demo,
            ..Overrides::default()
        },
    )?;
    init_logging(config.log_json);
    let env_names: Vec<String> = std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .collect();
    for name in config::unknown_env(env_names.iter().map(String::as_str)) {
        tracing::warn!("ignoring unknown environment variable {name} (is it misspelt?)");
    }
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let local = listener.local_addr()?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let demo = config.demo;
    let storage = match &config.database_url {
        Some(_) => "PostgreSQL".to_owned(),
        None => format!("SQLite in {}", config.data_dir.display()),
    };
    let server = mscommerce_server::Server::build(config, clock, local).await?;
    let url = server.public_url().to_owned();
    outln!(
        "mscommerce {} is serving the licensing API",
        env!("CARGO_PKG_VERSION")
    );
    outln!("Listening on http://{local}");
    outln!("Data: {storage}");
    if demo {
        outln!(
            "Demo directory: tenants contoso.example and fabrikam.example, password demo-password for"
        );
        for (_, upn, _, role_ids, _) in mscommerce_server::demo::USERS {
            let names: Vec<&str> = role_ids
                .iter()
                .map(|r| roles::directory_role_name(r))
                .collect();
            let names = if names.is_empty() {
                "no role".to_owned()
            } else {
                names.join(", ")
            };
            outln!("  {upn} ({names})");
        }
        outln!(
            "  apps contoso-automation (read-write) and contoso-reporting (read), secret demo-secret"
        );
        outln!("Sign in: mscommerce connect --endpoint {url} --tenant contoso.example");
    } else {
        outln!("Sign in: mscommerce connect --endpoint {url} --tenant YOUR-DOMAIN");
    }
    outln!("Stop with Ctrl+C.");
    server.serve(listener, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl+C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn open_store(args: &StoreArgs) -> anyhow::Result<(ServeConfig, Arc<dyn Store>)> {
    let config = resolve(args, Overrides::default())?;
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create {}", config.data_dir.display()))?;
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

async fn tenant_of(store: &dyn Store, key: &str) -> anyhow::Result<TenantRecord> {
    store.find_tenant(key).await?.ok_or_else(|| {
        anyhow!("there is no tenant '{key}'; list them with `mscommerce admin tenant list`")
    })
}

fn read_secret_line(what: &str) -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .with_context(|| format!("cannot read the {what} from stdin"))?;
    let s = line.trim_end_matches(['\r', '\n']).to_owned();
    if s.is_empty() {
        bail!("the {what} on stdin is empty");
    }
    Ok(s)
}

/// 24 random bytes, base64url: ~143 bits, printable, no ambiguity when copied.
fn generate_secret() -> anyhow::Result<String> {
    use base64::Engine;
    let mut bytes = [0u8; 24];
    aws_lc_rs::rand::fill(&mut bytes).map_err(|_| anyhow!("no randomness available"))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

fn parse_roles(roles: &[String]) -> anyhow::Result<Vec<String>> {
    roles
        .iter()
        .map(|r| {
            roles::parse_directory_role(r).map(str::to_owned).ok_or_else(|| {
                anyhow!("'{r}' is not a directory role; use global-admin, billing-admin, global-reader or user")
            })
        })
        .collect()
}

fn hash(secret: &str) -> anyhow::Result<String> {
    mscommerce_identity::hash_secret(secret).map_err(|e| anyhow!("cannot hash the secret: {e}"))
}

fn product_id(s: &str) -> anyhow::Result<ProductId> {
    Ok(s.parse()?)
}

fn product_name(s: &str) -> anyhow::Result<String> {
    let name = s.trim();
    if name.is_empty() || name.chars().count() > 256 || name.chars().any(char::is_control) {
        bail!("a product name is 1 to 256 characters, without control characters");
    }
    Ok(name.to_owned())
}

/// What a catalog change answers when the store refuses it.
fn catalog_error(what: &str, e: StoreError) -> anyhow::Error {
    match e {
        StoreError::NotFound => anyhow!(
            "cannot {what}: there is no such product; list them with `mscommerce admin catalog list`"
        ),
        StoreError::Conflict(why) => anyhow!("cannot {what}: {why}"),
        other => anyhow!("cannot {what}: {other}"),
    }
}

/// Writes `text` to stdout; a reader that went away (`| head`) is not an error.
fn print_all(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow!("cannot write to stdout: {e}"))
        }
        _ => Ok(()),
    }
}

/// Entries read per query while verifying a chain.
const VERIFY_PAGE: u32 = 1000;

/// Verifies one tenant's chain: `Ok(Ok((count, head)))` when intact, `Ok(Err(report))` at the
/// first broken link (or an entry that cannot even be read back).
async fn verify_tenant(
    store: &dyn Store,
    tenant: TenantId,
) -> anyhow::Result<Result<(i64, String), String>> {
    let mut check = ChainCheck::new();
    let mut after = 0;
    loop {
        let page = match store.journal_after(tenant, after, VERIFY_PAGE).await {
            Ok(p) => p,
            Err(StoreError::Internal(why)) => {
                return Ok(Err(format!(
                    "an entry after entry {after} cannot be read back ({why}): it was altered"
                )));
            }
            Err(e) => return Err(e.into()),
        };
        let Some(last) = page.last() else {
            return Ok(Ok((check.count(), check.head().to_owned())));
        };
        after = last.seq;
        for r in &page {
            if let Err(broken) = check.push(r) {
                return Ok(Err(broken.to_string()));
            }
        }
    }
}

async fn admin(cmd: AdminCommand, l: &Localizer) -> anyhow::Result<ExitCode> {
    let now = SystemClock.now();
    match cmd {
        AdminCommand::Audit(AuditCommand::Verify { store, tenant }) => {
            let (_, store) = open_store(&store).await?;
            let tenants = match tenant {
                Some(t) => vec![tenant_of(store.as_ref(), &t).await?],
                None => store.list_tenants().await?,
            };
            let mut broken = 0;
            for t in &tenants {
                let name = t
                    .domain
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default();
                match verify_tenant(store.as_ref(), t.id).await? {
                    Ok((count, head)) => {
                        outln!(
                            "tenant {}{name}: {count} entries, chain intact, head {head}",
                            t.id
                        );
                    }
                    Err(report) => {
                        broken += 1;
                        outln!("tenant {}{name}: BROKEN: {report}", t.id);
                    }
                }
            }
            if broken > 0 {
                eprintln!(
                    "error: {broken} of {} tenant journals are broken: they were changed outside the service",
                    tenants.len()
                );
                return Ok(ExitCode::FAILURE);
            }
            outln!("Verified {} tenant journals: all intact.", tenants.len());
        }
        AdminCommand::Catalog(CatalogCommand::Add {
            store,
            product_id: id,
            name,
            trial_without_payment_method,
            legacy_ids,
        }) => {
            let product = CatalogProduct {
                id: product_id(&id)?,
                name: product_name(&name)?,
                legacy_ids: legacy_ids
                    .iter()
                    .map(|l| product_id(l))
                    .collect::<anyhow::Result<_>>()?,
                trial_without_payment_method,
            };
            let (_, store) = open_store(&store).await?;
            store
                .catalog_add(&product)
                .await
                .map_err(|e| catalog_error(&format!("add {}", product.id), e))?;
            outln!(
                "Added {} ({}) to the catalog; every tenant has it at its own default for new products.",
                product.id,
                product.name
            );
        }
        AdminCommand::Catalog(CatalogCommand::Rename {
            store,
            product_id: id,
            name,
        }) => {
            let (id, name) = (product_id(&id)?, product_name(&name)?);
            let (_, store) = open_store(&store).await?;
            store
                .catalog_rename(&id, &name)
                .await
                .map_err(|e| catalog_error(&format!("rename {id}"), e))?;
            outln!("Renamed {id} to {name}");
        }
        AdminCommand::Catalog(CatalogCommand::Retire {
            store,
            product_id: id,
        }) => {
            let id = product_id(&id)?;
            let (_, store) = open_store(&store).await?;
            let changed = store
                .catalog_retire(&id)
                .await
                .map_err(|e| catalog_error(&format!("retire {id}"), e))?;
            if changed {
                outln!(
                    "Retired {id}: lists leave it out and its policy no longer changes; reading it by id still works."
                );
            } else {
                outln!("{id} was retired already");
            }
        }
        AdminCommand::Catalog(CatalogCommand::MapLegacy {
            store,
            legacy_id,
            product_id: id,
        }) => {
            let (legacy, id) = (product_id(&legacy_id)?, product_id(&id)?);
            let (_, store) = open_store(&store).await?;
            store
                .catalog_map_legacy(&legacy, &id)
                .await
                .map_err(|e| catalog_error(&format!("map {legacy} to {id}"), e))?;
            outln!("Requests naming {legacy} now act on {id}");
        }
        AdminCommand::Catalog(CatalogCommand::List { store }) => {
            let (_, store) = open_store(&store).await?;
            let mut out = format!(
                "{:<16}  {:<5}  {:<7}  {:<40}  LEGACY IDS\n",
                "PRODUCT ID", "TRIAL", "RETIRED", "NAME"
            );
            for r in store.catalog_products().await? {
                let legacy: Vec<&str> =
                    r.product.legacy_ids.iter().map(ProductId::as_str).collect();
                let yes_no = |b: bool| if b { "yes" } else { "no" };
                out.push_str(&format!(
                    "{:<16}  {:<5}  {:<7}  {:<40}  {}\n",
                    r.product.id.as_str(),
                    yes_no(r.product.trial_without_payment_method),
                    yes_no(r.retired),
                    r.product.name,
                    legacy.join(" ")
                ));
            }
            print_all(&out)?;
        }

        AdminCommand::Tenant(TenantCommand::Add {
            store,
            domain,
            name,
            id,
        }) => {
            let (_, store) = open_store(&store).await?;
            let domain: DomainName = domain.parse()?;
            let id = TenantId::new(id.unwrap_or_else(Uuid::new_v4));
            store
                .create_tenant(&TenantRecord {
                    id,
                    domain: Some(domain.clone()),
                    display_name: name.unwrap_or_else(|| domain.to_string()),
                    created_at: now,
                })
                .await
                .map_err(|e| anyhow!("cannot add tenant {domain}: {e}"))?;
            outln!(
                "{}",
                t(
                    l,
                    "admin-tenant-added",
                    &[("domain", domain.to_string()), ("id", id.to_string())]
                )
            );
        }
        AdminCommand::Tenant(TenantCommand::List { store }) => {
            let (_, store) = open_store(&store).await?;
            let rows = store
                .list_tenants()
                .await?
                .into_iter()
                .map(|t| {
                    let domain = t.domain.map_or_else(|| "-".into(), |d| d.to_string());
                    vec![t.id.to_string(), domain, t.display_name]
                })
                .collect();
            outln!(
                "{}",
                table(headers(l, &["tenant-id", "domain", "name"]), rows)
            );
        }
        AdminCommand::User(UserCommand::Add {
            store,
            upn,
            name,
            tenant,
            roles,
            password_stdin,
        }) => {
            let (_, store) = open_store(&store).await?;
            let upn = upn.to_ascii_lowercase();
            let domain = upn
                .split_once('@')
                .map(|(_, d)| d.to_owned())
                .ok_or_else(|| anyhow!("'{upn}' is not a user principal name (name@domain)"))?;
            let tenant = tenant_of(store.as_ref(), tenant.as_deref().unwrap_or(&domain)).await?;
            let roles = parse_roles(&roles)?;
            let (password, generated) = if password_stdin {
                (read_secret_line("password")?, false)
            } else {
                (generate_secret()?, true)
            };
            store
                .create_user(&UserRecord {
                    tenant: tenant.id,
                    oid: Uuid::new_v4(),
                    upn: upn.clone(),
                    display_name: name.unwrap_or_else(|| upn.clone()),
                    password_hash: hash(&password)?,
                    roles,
                    enabled: true,
                    created_at: now,
                })
                .await
                .map_err(|e| anyhow!("cannot add user {upn}: {e}"))?;
            outln!(
                "{}",
                t(
                    l,
                    "admin-user-added",
                    &[("upn", upn.clone()), ("tenant", tenant.id.to_string())]
                )
            );
            if generated {
                outln!("{}", t(l, "admin-password-once", &[("password", password)]));
            }
        }
        AdminCommand::User(UserCommand::ResetPassword {
            store,
            upn,
            password_stdin,
        }) => {
            let (_, store) = open_store(&store).await?;
            let (password, generated) = if password_stdin {
                (read_secret_line("password")?, false)
            } else {
                (generate_secret()?, true)
            };
            store
                .set_user_password(&upn.to_ascii_lowercase(), &hash(&password)?)
                .await
                .map_err(|e| anyhow!("cannot reset the password of {upn}: {e}"))?;
            outln!("{}", t(l, "admin-password-reset", &[("upn", upn)]));
            if generated {
                outln!("{}", t(l, "admin-password-once", &[("password", password)]));
            }
        }
        AdminCommand::User(UserCommand::SetRoles { store, upn, roles }) => {
            let (_, store) = open_store(&store).await?;
            let roles = parse_roles(&roles)?;
            store
                .set_user_roles(&upn.to_ascii_lowercase(), &roles)
                .await
                .map_err(|e| anyhow!("cannot set the roles of {upn}: {e}"))?;
            outln!("{}", t(l, "admin-roles-set", &[("upn", upn)]));
        }
        AdminCommand::User(UserCommand::List { store, tenant }) => {
            let (_, store) = open_store(&store).await?;
            let tenant = match tenant {
                Some(t) => Some(tenant_of(store.as_ref(), &t).await?.id),
                None => None,
            };
            let rows = store
                .list_users(tenant)
                .await?
                .into_iter()
                .map(|u| {
                    let names: Vec<&str> = u
                        .roles
                        .iter()
                        .map(|r| roles::directory_role_name(r))
                        .collect();
                    vec![u.upn, u.oid.to_string(), names.join(", ")]
                })
                .collect();
            outln!(
                "{}",
                table(headers(l, &["upn", "object-id", "roles"]), rows)
            );
        }
        AdminCommand::App(AppCommand::Add {
            store,
            tenant,
            name,
            client_id,
            permissions,
            certificate,
            secret_stdin,
        }) => {
            let (_, store) = open_store(&store).await?;
            let tenant = tenant_of(store.as_ref(), &tenant).await?;
            let permissions = permissions
                .iter()
                .map(|p| {
                    roles::parse_app_permission(p)
                        .map(str::to_owned)
                        .ok_or_else(|| {
                            anyhow!(
                                "'{p}' is not an app permission; use {} or {}",
                                roles::POLICY_READ,
                                roles::POLICY_READ_WRITE
                            )
                        })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let certificate_pem = match &certificate {
                Some(path) => Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read {}", path.display()))?,
                ),
                None => None,
            };
            let secret = if secret_stdin {
                Some(read_secret_line("secret")?)
            } else if certificate_pem.is_none() {
                Some(generate_secret()?)
            } else {
                None
            };
            let client_id = client_id.unwrap_or_else(|| Uuid::new_v4().to_string());
            store
                .create_app(&AppRecord {
                    tenant: tenant.id,
                    client_id: client_id.clone(),
                    oid: Uuid::new_v4(),
                    display_name: name,
                    secret_hash: secret.as_deref().map(hash).transpose()?,
                    certificate_pem,
                    permissions,
                    created_at: now,
                })
                .await
                .map_err(|e| anyhow!("cannot add app {client_id}: {e}"))?;
            outln!(
                "{}",
                t(
                    l,
                    "admin-app-added",
                    &[
                        ("client", client_id.clone()),
                        ("tenant", tenant.id.to_string())
                    ]
                )
            );
            if let (Some(s), false) = (&secret, secret_stdin) {
                outln!("{}", t(l, "admin-secret-once", &[("secret", s.clone())]));
            }
        }
        AdminCommand::App(AppCommand::ResetSecret {
            store,
            tenant,
            client_id,
        }) => {
            let (_, store) = open_store(&store).await?;
            let tenant = tenant_of(store.as_ref(), &tenant).await?;
            let secret = generate_secret()?;
            store
                .set_app_secret(tenant.id, &client_id, &hash(&secret)?)
                .await
                .map_err(|e| anyhow!("cannot reset the secret of {client_id}: {e}"))?;
            outln!(
                "{}",
                t(
                    l,
                    "admin-secret-reset",
                    &[("client", client_id), ("secret", secret)]
                )
            );
        }
        AdminCommand::App(AppCommand::List { store, tenant }) => {
            let (_, store) = open_store(&store).await?;
            let tenant = match tenant {
                Some(t) => Some(tenant_of(store.as_ref(), &t).await?.id),
                None => None,
            };
            let rows = store
                .list_apps(tenant)
                .await?
                .into_iter()
                .map(|a| vec![a.client_id, a.display_name, a.permissions.join(", ")])
                .collect();
            outln!(
                "{}",
                table(headers(l, &["client-id", "name", "permissions"]), rows)
            );
        }
        AdminCommand::Keys(KeysCommand::Rotate { store }) => {
            let config = resolve(&store, Overrides::default())?;
            mscommerce_identity::install_crypto_provider();
            let clock: Arc<dyn Clock> = Arc::new(SystemClock);
            let keys = mscommerce_identity::KeyRing::open(config.data_dir.join("keys"), clock)
                .map_err(|e| anyhow!("cannot open the signing keys: {e}"))?;
            let kid = keys
                .rotate()
                .map_err(|e| anyhow!("cannot rotate the signing key: {e}"))?;
            outln!(
                "New signing key {kid} is active; running servers pick it up on their own. The old key stays published until the tokens it signed have expired."
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
