//! `serve`: the licensing API, the built-in identity provider and health, until SIGTERM or
//! Ctrl+C; its start lines say where it listens and how to sign in, in the user's language.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use mscommerce_domain::{Clock, SystemClock};
use mscommerce_i18n::Localizer;
use mscommerce_server::config::{self, Overrides};

use super::store::{StoreArgs, resolve};
use crate::out::outln;
use crate::text::{join, role_name, t};

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
    /// Serve HTTPS with this certificate (PEM, then its chain); reloaded when the file changes.
    #[arg(
        long,
        env = "MSCOMMERCE_TLS_CERT",
        value_name = "PEM",
        requires = "tls_key"
    )]
    tls_cert: Option<std::path::PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(
        long,
        env = "MSCOMMERCE_TLS_KEY",
        value_name = "PEM",
        requires = "tls_cert"
    )]
    tls_key: Option<std::path::PathBuf>,
    /// Serve Prometheus metrics at http://ADDR/metrics, a listener of their own [default: none].
    #[arg(long, env = "MSCOMMERCE_METRICS_LISTEN", value_name = "ADDR")]
    metrics_listen: Option<SocketAddr>,
    /// A proxy (address or network) whose X-Forwarded-For names the client, for smart lockout,
    /// the sign-in throttles and the journal; repeat or separate with commas [default: none].
    #[arg(
        long = "trusted-proxy",
        env = "MSCOMMERCE_TRUSTED_PROXIES",
        value_name = "CIDR",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
    /// Let webhooks go to plain http and to loopback, private and link-local addresses (labs
    /// and tests; never on a shared network).
    #[arg(long, env = "MSCOMMERCE_ALLOW_PRIVATE_WEBHOOKS")]
    allow_private_webhooks: bool,
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MSCOMMERCE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(crate::out::colour_on_stderr())
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

pub(crate) async fn serve(args: ServeArgs, l: &Localizer) -> anyhow::Result<()> {
    let config = resolve(
        &args.store,
        Overrides {
            listen: args.listen,
            public_url: args.public_url.clone(),
            log_json: args.log_json.then_some(true),
            demo: args.demo,
            tls_cert: args.tls_cert.clone(),
            tls_key: args.tls_key.clone(),
            metrics_listen: args.metrics_listen,
            trusted_proxies: (!args.trusted_proxies.is_empty())
                .then(|| args.trusted_proxies.clone()),
            allow_private_webhooks: args.allow_private_webhooks,
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
        .with_context(|| {
            t(
                l,
                "serve-cannot-listen",
                &[("addr", config.listen.to_string())],
            )
        })?;
    let local = listener.local_addr()?;
    let metrics = match config.metrics_listen {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| t(l, "serve-cannot-listen", &[("addr", addr.to_string())]))?,
        ),
        None => None,
    };
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let demo = config.demo;
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let storage = match &config.database_url {
        Some(_) => l.t("serve-data-postgres"),
        None => t(
            l,
            "serve-data-sqlite",
            &[("dir", config.data_dir.display().to_string())],
        ),
    };
    let server = mscommerce_server::Server::build(config, clock, local).await?;
    let url = server.public_url().to_owned();
    outln!(
        "{}",
        t(
            l,
            "serve-started",
            &[("version", env!("CARGO_PKG_VERSION").to_owned())]
        )
    );
    outln!(
        "{}",
        t(
            l,
            "serve-listening",
            &[("url", format!("{scheme}://{local}"))]
        )
    );
    outln!("{storage}");
    if let Some(metrics) = metrics {
        let url = format!("http://{}/metrics", metrics.local_addr()?);
        outln!("{}", t(l, "serve-metrics", &[("url", url)]));
        let serving = server.serve_metrics(metrics);
        tokio::spawn(async move {
            if let Err(e) = serving.await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let tenant = if demo {
        print_demo_directory(l);
        "contoso.example".to_owned()
    } else {
        l.t("serve-your-domain")
    };
    outln!(
        "{}",
        t(l, "serve-sign-in", &[("url", url), ("tenant", tenant)])
    );
    outln!("{}", l.t("serve-stop"));
    server.serve(listener, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Who can sign in to the demo directory, and with what.
fn print_demo_directory(l: &Localizer) {
    outln!("{}", l.t("serve-demo-directory"));
    for (_, upn, _, role_ids, _) in mscommerce_server::demo::USERS {
        let names: Vec<String> = role_ids
            .iter()
            .map(|r| role_name(l, r, mscommerce_proto::roles::directory_role_name(r)))
            .collect();
        let names = if names.is_empty() {
            l.t("serve-demo-no-role")
        } else {
            join(l, &names)
        };
        outln!("  {upn} ({names})");
    }
    outln!("  {}", l.t("serve-demo-apps"));
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
