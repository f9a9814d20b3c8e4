//! The client commands: the MSCommerce module's cmdlets as subcommands, with sign-in that works
//! unattended and errors that say what to do. The arguments are declared here; the work is in
//! `client/`.
//!
//! Help texts are replaced at run time from the Fluent catalogs (see `help`); the doc
//! comments below are the developer's reference and match en-US.

use std::path::PathBuf;

use clap::{ArgAction, Args, Subcommand, ValueEnum};
use mscommerce_client::SecretString;
use mscommerce_proto::{ALLOW_SELF_SERVICE_PURCHASE, PolicyValue};

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

/// Options every client command takes. They are added to each client subcommand (not to the root),
/// so `serve --help` and `admin --help` list only their own options: see `main::command`.
#[derive(Debug, Clone, Args)]
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
    /// Show each request (method, URL, status, ids) on stderr; never tokens or secrets.
    #[arg(long, short = 'v', global = true, action = ArgAction::SetTrue)]
    pub(crate) verbose: bool,
    /// Tables: every column, every cell whole, however wide (by default they fit the terminal).
    #[arg(long, global = true, action = ArgAction::SetTrue)]
    pub(crate) wide: bool,
    /// Give up on the whole command after this long (30s, 2m, ...) [default: no limit].
    #[arg(long, global = true, value_name = "AGE")]
    pub(crate) timeout: Option<String>,
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

/// Which tenants a command runs against: each profile is one sign-in (one tenant).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct TenantsArgs {
    /// Run against every signed-in profile, one after the other, with a report per tenant.
    #[arg(long, conflicts_with = "profiles")]
    pub(crate) all_profiles: bool,
    /// Run against these profiles (comma-separated), with a report per tenant.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub(crate) profiles: Vec<String>,
}

impl TenantsArgs {
    /// Whether the command runs against a list of profiles rather than one.
    pub(crate) fn many(&self) -> bool {
        self.all_profiles || !self.profiles.is_empty()
    }
}

/// `--format` of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FileFormatArg {
    Toml,
    Json,
}

/// A desired-state file (`-f FILE`; `-` is stdin).
#[derive(Debug, Clone, Args)]
pub(crate) struct FileArg {
    /// The desired-state file (TOML or JSON; "-" reads stdin).
    #[arg(long, short = 'f', value_name = "FILE")]
    pub(crate) file: PathBuf,
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
    /// Sign in in this machine's browser (authorization code with PKCE, answer on a loopback port).
    #[arg(long, conflicts_with_all = ["device_code", "username", "client_id"])]
    pub(crate) browser: bool,
    /// Sign in as this user with a password: asked for on the terminal (not shown as typed), or
    /// read from stdin with --password-stdin (like -AdminAccount; not with MFA).
    #[arg(long, value_name = "UPN", conflicts_with = "client_id")]
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
pub(crate) enum ProfileAction {
    /// Every profile: tenant, account, service, and which one is current.
    List,
    /// Make this profile the one commands use without --profile.
    Use {
        /// The profile's name (see profile list).
        name: String,
    },
    /// One profile's details (the current one unless named); never its tokens.
    Show {
        /// The profile's name [default: the current one].
        name: Option<String>,
    },
}

impl Command {
    /// Whether the command sends changes: stopped midway, its outcome is unknown.
    pub(crate) fn writes(&self) -> bool {
        matches!(
            self,
            Command::UpdateProductPolicy { .. }
                | Command::UpdatePolicy { .. }
                | Command::Apply { .. }
                | Command::RequestLicense { .. }
                | Command::ApproveLicenseRequest(_)
                | Command::DenyLicenseRequest(_)
                | Command::Webhook {
                    action: WebhookAction::Add { .. }
                        | WebhookAction::Remove { .. }
                        | WebhookAction::Replay { .. }
                }
        )
    }
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
    /// The sign-ins kept side by side: list them, pick the one commands use, show one.
    Profile {
        #[command(subcommand)]
        action: ProfileAction,
    },
    /// List the policies (Get-MSCommercePolicies).
    GetPolicies {
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// Show one policy (Get-MSCommercePolicy).
    GetPolicy {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        #[command(flatten)]
        tenants: TenantsArgs,
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
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// Show the policy of one product or offer type (Get-MSCommerceProductPolicy).
    GetProductPolicy {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        #[command(flatten)]
        target: TargetArgs,
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// Change the policy of one product or offer type, or of all at once (Update-MSCommerceProductPolicy).
    UpdateProductPolicy(UpdateArgs),
    /// Change the tenant's default for products added to the catalog later.
    UpdatePolicy {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        /// The default for new products.
        #[arg(long, value_enum, ignore_case = true, value_name = "VALUE")]
        default_value: ValueArg,
        /// Show what would change, and change nothing.
        #[arg(long)]
        what_if: bool,
    },
    /// Write the tenant's policy as a desired-state file: the default and every product and offer type.
    Export {
        /// The policy.
        #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
        policy_id: String,
        /// Where to write [default: stdout]; "-" is stdout.
        #[arg(long, short = 'f', value_name = "FILE")]
        file: Option<PathBuf>,
        /// TOML (for people) or JSON [default: from the file's extension, else JSON with
        /// --output json, else TOML].
        #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
        format: Option<FileFormatArg>,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Show what applying a desired-state file would change (current → desired).
    Plan {
        #[command(flatten)]
        file: FileArg,
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// Make the tenant match a desired-state file: one atomic change, checked with If-Match.
    Apply {
        #[command(flatten)]
        file: FileArg,
        /// Apply without asking.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Show what would change, and change nothing.
        #[arg(long)]
        what_if: bool,
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// Check that the tenant still matches a desired-state file; exit code 8 when it drifted.
    Diff {
        #[command(flatten)]
        file: FileArg,
        #[command(flatten)]
        tenants: TenantsArgs,
    },
    /// List the audit journal: who changed what, when (newest first).
    Audit(AuditArgs),
    /// List the purchases and trials storefronts recorded (newest first).
    GetSelfServicePurchases(PurchasesArgs),
    /// Ask the tenant's admins for a license for a product.
    RequestLicense {
        /// The product (e.g. CFQ7TTC0H9MP).
        #[arg(long, value_name = "ID")]
        product_id: String,
        /// Why you need it (the admins see it).
        #[arg(long, value_name = "TEXT")]
        message: Option<String>,
    },
    /// List license requests: yours, or the tenant's if you decide them.
    GetLicenseRequests(LicenseRequestsArgs),
    /// Approve a pending license request.
    ApproveLicenseRequest(DecideArgs),
    /// Deny a pending license request.
    DenyLicenseRequest(DecideArgs),
    /// Webhooks: tell a system of yours what happened (policy changed, trial started, purchase
    /// made, license request filed or decided).
    Webhook {
        #[command(subcommand)]
        action: WebhookAction,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum WebhookAction {
    /// Register an https endpoint; its signing secret is shown once.
    Add {
        /// Where deliveries are POSTed (https, a public address).
        #[arg(long, value_name = "URL")]
        url: String,
        /// Only these events (comma-separated) [default: all].
        #[arg(long, value_name = "EVENTS", value_delimiter = ',')]
        events: Vec<String>,
        /// Read the signing secret (whsec_...) from stdin instead of having one generated.
        #[arg(long)]
        secret_stdin: bool,
    },
    /// The tenant's endpoints.
    List,
    /// Remove an endpoint (its pending deliveries go with it).
    Remove {
        /// The endpoint's id (see webhook list).
        #[arg(long, value_name = "ID")]
        id: String,
    },
    /// An endpoint's deliveries, newest first, with their outcome.
    Deliveries {
        /// The endpoint's id (see webhook list).
        #[arg(long, value_name = "ID")]
        id: String,
        /// At most this many.
        #[arg(long, value_name = "N", default_value_t = 20,
              value_parser = clap::value_parser!(u32).range(1..=1000))]
        top: u32,
    },
    /// Send a delivery again.
    Replay {
        /// The endpoint's id.
        #[arg(long, value_name = "ID")]
        id: String,
        /// The delivery's id (see webhook deliveries).
        #[arg(long, value_name = "ID")]
        delivery: String,
    },
}

/// Where a license request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RequestStatusArg {
    Pending,
    Approved,
    Denied,
    Expired,
}

impl RequestStatusArg {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RequestStatusArg::Pending => "pending",
            RequestStatusArg::Approved => "approved",
            RequestStatusArg::Denied => "denied",
            RequestStatusArg::Expired => "expired",
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct LicenseRequestsArgs {
    /// Only requests in this state.
    #[arg(long, value_enum, ignore_case = true, value_name = "STATUS")]
    pub(crate) status: Option<RequestStatusArg>,
    /// Only requests for this product.
    #[arg(long, value_name = "ID")]
    pub(crate) product_id: Option<String>,
    /// Only this user's requests: sign-in name or object id.
    #[arg(long, value_name = "WHO")]
    pub(crate) requester: Option<String>,
    #[command(flatten)]
    pub(crate) list: ListArgs,
    #[command(flatten)]
    pub(crate) tenants: TenantsArgs,
}

#[derive(Debug, Args)]
pub(crate) struct DecideArgs {
    /// The request's id, as get-license-requests shows it.
    #[arg(long, value_name = "ID")]
    pub(crate) id: String,
    /// A message for the requester.
    #[arg(long, value_name = "TEXT")]
    pub(crate) message: Option<String>,
}

/// What a storefront recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PurchaseKindArg {
    #[value(name = "trialStarted")]
    TrialStarted,
    #[value(name = "purchaseMade")]
    PurchaseMade,
    #[value(name = "trialConverted")]
    TrialConverted,
    #[value(name = "subscriptionCancelled")]
    SubscriptionCancelled,
}

impl PurchaseKindArg {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PurchaseKindArg::TrialStarted => "trialStarted",
            PurchaseKindArg::PurchaseMade => "purchaseMade",
            PurchaseKindArg::TrialConverted => "trialConverted",
            PurchaseKindArg::SubscriptionCancelled => "subscriptionCancelled",
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct PurchasesArgs {
    /// Only records of this product (a legacy id finds its product's).
    #[arg(long, value_name = "ID")]
    pub(crate) product_id: Option<String>,
    /// Only this user's records: sign-in name or object id.
    #[arg(long, value_name = "WHO")]
    pub(crate) user: Option<String>,
    /// Only records of this kind.
    #[arg(long, value_enum, ignore_case = true, value_name = "KIND")]
    pub(crate) kind: Option<PurchaseKindArg>,
    #[command(flatten)]
    pub(crate) list: ListArgs,
    #[command(flatten)]
    pub(crate) tenants: TenantsArgs,
}

/// The time window and the amount of a list read (`audit`, `get-self-service-purchases`).
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Only items from this time on: RFC 3339, a date (UTC), or an age such as 30m, 24h, 7d.
    #[arg(long, value_name = "TIME")]
    pub(crate) since: Option<String>,
    /// Only items before this time (same forms as --since).
    #[arg(long, value_name = "TIME")]
    pub(crate) until: Option<String>,
    /// At most this many items, newest first.
    #[arg(long, value_name = "N", default_value_t = 100, conflicts_with = "all",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub(crate) top: u32,
    /// Every item (follows the pages to the end).
    #[arg(long)]
    pub(crate) all: bool,
}

impl ListArgs {
    /// How many items to read: `None` for all of them.
    pub(crate) fn limit(&self) -> Option<usize> {
        (!self.all).then_some(self.top as usize)
    }
}

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// The policy.
    #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
    pub(crate) policy_id: String,
    /// Only entries about this product.
    #[arg(long, value_name = "ID", conflicts_with = "offer_type")]
    pub(crate) product_id: Option<String>,
    /// Only entries about this offer type.
    #[arg(long, value_name = "TYPE")]
    pub(crate) offer_type: Option<String>,
    /// Only entries by this user (sign-in name or object id) or app (app id).
    #[arg(long, value_name = "WHO")]
    pub(crate) actor: Option<String>,
    #[command(flatten)]
    pub(crate) list: ListArgs,
    #[command(flatten)]
    pub(crate) tenants: TenantsArgs,
}

#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// The policy.
    #[arg(long, value_name = "ID", default_value = ALLOW_SELF_SERVICE_PURCHASE)]
    pub(crate) policy_id: String,
    /// The product id (e.g. CFQ7TTC0H9MP); a legacy id acts on the current product.
    #[arg(long, value_name = "ID", conflicts_with_all = ["offer_type", "all", "all_offer_types"])]
    pub(crate) product_id: Option<String>,
    /// The offer type (e.g. SaaS).
    #[arg(long, value_name = "TYPE", conflicts_with_all = ["all", "all_offer_types"])]
    pub(crate) offer_type: Option<String>,
    /// Every product, in one request and one transaction.
    #[arg(long)]
    pub(crate) all: bool,
    /// Every offer type (with --all: products and offer types in the same transaction).
    #[arg(long)]
    pub(crate) all_offer_types: bool,
    /// With --all or --all-offer-types: leave these products or offer types as they are (comma-separated).
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub(crate) except: Vec<String>,
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
    /// The answer to the question that --confirm and --all ask is yes (for scripts, which have no terminal to answer on).
    #[arg(long)]
    pub(crate) yes: bool,
    #[command(flatten)]
    pub(crate) tenants: TenantsArgs,
}

impl UpdateArgs {
    /// `--all` or `--all-offer-types`.
    pub(crate) fn bulk(&self) -> bool {
        self.all || self.all_offer_types
    }
}

/// The names of the client subcommands, which take [`GlobalArgs`].
pub(crate) fn names() -> Vec<String> {
    use clap::Subcommand as _;
    Command::augment_subcommands(clap::Command::new("client"))
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}
