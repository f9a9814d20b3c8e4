//! The client commands: the MSCommerce module's cmdlets as subcommands, with sign-in that works
//! unattended and errors that say what to do. The arguments are declared here; the work is in
//! `client/`.
//!
//! Help texts are replaced at run time from the Fluent catalogs (see `client::help`); the doc
//! comments below are the developer's reference and match en-US.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Subcommand, ValueEnum};
use mscommerce_client::SecretString;
use mscommerce_i18n::Localizer;
use mscommerce_proto::{ALLOW_SELF_SERVICE_PURCHASE, PolicyValue};

use crate::client;

/// How reads print their result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    // (Plain comments: a doc comment here would become English help text.)
    // Columns for people: the module's columns, headers in the user's language.
    Table,
    // The service's JSON objects (camelCase), stable for scripts.
    Json,
    // A header row of the module's property names, then one row per item.
    Csv,
}

/// A token given on the command line or in `MSCOMMERCE_TOKEN`; never shown by `Debug`.
#[derive(Clone)]
pub(crate) struct TokenArg(pub(crate) SecretString);

impl std::fmt::Debug for TokenArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenArg([REDACTED])")
    }
}

fn parse_token(s: &str) -> Result<TokenArg, String> {
    Ok(TokenArg(SecretString::from(s.trim())))
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// The licensing service [default: https://licensing.m365.microsoft.com].
    #[arg(long, global = true, env = "MSCOMMERCE_ENDPOINT", value_name = "URL")]
    pub(crate) endpoint: Option<String>,
    /// Use this access token instead of the signed-in profile (like -Token); `-` reads it from stdin.
    #[arg(
        long,
        global = true,
        env = "MSCOMMERCE_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        value_parser = parse_token
    )]
    pub(crate) token: Option<TokenArg>,
    /// The sign-in to use (several can live side by side) [default: the current one].
    #[arg(long, global = true, env = "MSCOMMERCE_PROFILE", value_name = "NAME")]
    pub(crate) profile: Option<String>,
    /// Output of reads.
    #[arg(
        long,
        global = true,
        env = "MSCOMMERCE_OUTPUT",
        value_enum,
        ignore_case = true,
        default_value_t = OutputFormat::Table,
        value_name = "FORMAT"
    )]
    pub(crate) output: OutputFormat,
    /// Language of messages (en-US, zh-TW, fr-FR, nl-NL, de-DE) [default: MSCOMMERCE_LANG, LC_ALL, LC_MESSAGES, LANG].
    #[arg(long, global = true, value_name = "LANG")]
    pub(crate) lang: Option<String>,
    /// Show each request (method, URL, status, ids) on stderr; never tokens or secrets.
    #[arg(long, short = 'v', global = true, action = ArgAction::SetTrue)]
    pub(crate) verbose: bool,
}

/// `--scope` of `get-product-policies`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScopeArg {
    Product,
    // Offer types (SaaS, Power BI visuals, ...).
    #[value(name = "offer-type", alias = "offertype", alias = "OfferType")]
    OfferType,
}

/// A policy value as typed (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ValueArg {
    #[value(name = "Enabled")]
    Enabled,
    #[value(name = "Disabled")]
    Disabled,
    #[value(name = "OnlyTrialsWithoutPaymentMethod")]
    OnlyTrialsWithoutPaymentMethod,
}

impl From<ValueArg> for PolicyValue {
    fn from(v: ValueArg) -> Self {
        match v {
            ValueArg::Enabled => PolicyValue::Enabled,
            ValueArg::Disabled => PolicyValue::Disabled,
            ValueArg::OnlyTrialsWithoutPaymentMethod => PolicyValue::OnlyTrialsWithoutPaymentMethod,
        }
    }
}

/// A product or an offer type (exactly one).
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct TargetArgs {
    /// The product id (e.g. CFQ7TTC0H9MP); a legacy id acts on the current product.
    #[arg(long, value_name = "ID")]
    pub(crate) product_id: Option<String>,
    /// The offer type (e.g. SaaS).
    #[arg(long, value_name = "TYPE")]
    pub(crate) offer_type: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    /// Tenant: a domain name or tenant id [default: organizations; required for apps].
    #[arg(long, value_name = "TENANT")]
    pub(crate) tenant: Option<String>,
    /// The identity provider [default: login.microsoftonline.com for the Microsoft service, else the endpoint's origin].
    #[arg(long, value_name = "URL")]
    pub(crate) authority: Option<String>,
    /// Sign in with a device code (the default): open the URL shown, enter the code.
    #[arg(long, conflicts_with_all = ["username", "client_id"])]
    pub(crate) device_code: bool,
    /// Sign in as this user with a password read from stdin (like -AdminAccount; not with MFA).
    #[arg(
        long,
        value_name = "UPN",
        requires = "password_stdin",
        conflicts_with = "client_id"
    )]
    pub(crate) username: Option<String>,
    /// Read the password from the first line of stdin.
    #[arg(long, requires = "username")]
    pub(crate) password_stdin: bool,
    /// Sign in as an app (client credentials): its client id; the secret comes from MSCOMMERCE_CLIENT_SECRET, --client-secret-file or --certificate.
    #[arg(long, value_name = "APP-ID")]
    pub(crate) client_id: Option<String>,
    /// A file whose first line is the app's client secret.
    #[arg(
        long,
        value_name = "FILE",
        requires = "client_id",
        conflicts_with = "certificate"
    )]
    pub(crate) client_secret_file: Option<PathBuf>,
    /// A PEM file with the app's certificate (and its private key, unless --certificate-key).
    #[arg(long, value_name = "PEM", requires = "client_id")]
    pub(crate) certificate: Option<PathBuf>,
    /// The certificate's private key (PEM), when it is not in the --certificate file.
    #[arg(long, value_name = "PEM", requires = "certificate")]
    pub(crate) certificate_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Sign in and keep the tokens in the profile (like Connect-MSCommerce).
    Connect(ConnectArgs),
    /// Forget the profile's tokens.
    Disconnect {
        /// Forget every profile.
        #[arg(long)]
        all: bool,
    },
    /// Who is signed in: account or app, tenant, roles or permissions, expiry.
    Whoami,
    /// List the policies (Get-MSCommercePolicies).
    GetPolicies,
    /// Show one policy (Get-MSCommercePolicy).
    GetPolicy {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
    },
    /// List the policy of every product or offer type (Get-MSCommerceProductPolicies).
    GetProductPolicies {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        /// Products or offer types.
        #[arg(long, value_enum, ignore_case = true, default_value_t = ScopeArg::Product)]
        scope: ScopeArg,
        /// Only those with this value.
        #[arg(long, value_enum, ignore_case = true, value_name = "VALUE")]
        value: Option<ValueArg>,
        /// Only those whose name or id contains this text (case-insensitive).
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
    },
    /// Show the policy of one product or offer type (Get-MSCommerceProductPolicy).
    GetProductPolicy {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// Change the policy of one product or offer type (Update-MSCommerceProductPolicy).
    UpdateProductPolicy(UpdateArgs),
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// The policy.
    #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
    pub(crate) policy_id: String,
    #[command(flatten)]
    pub(crate) target: TargetArgs,
    /// true = Enabled, false = Disabled.
    #[arg(
        long,
        value_name = "true|false",
        value_parser = clap::builder::BoolValueParser::new(),
        conflicts_with = "value",
        required_unless_present = "value"
    )]
    pub(crate) enabled: Option<bool>,
    /// The new value.
    #[arg(long, value_enum, ignore_case = true, value_name = "VALUE")]
    pub(crate) value: Option<ValueArg>,
    /// Show what would change, and change nothing.
    #[arg(long)]
    pub(crate) what_if: bool,
    /// Ask before changing.
    #[arg(long)]
    pub(crate) confirm: bool,
}

/// Runs a client command; the exit code says how it went (see `client::exit`).
pub(crate) fn run(global: GlobalArgs, cmd: Command, l: Localizer) -> ExitCode {
    client::run(global, cmd, l)
}
