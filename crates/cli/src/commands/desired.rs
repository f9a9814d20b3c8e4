//! Desired state: `export` writes the tenant's policy as a file; `plan` shows what `apply` would
//! change; `apply` changes it in one transaction, each value checked with the `ETag` it was
//! planned from; `diff` reports drift (exit code 8). The file format is in
//! `mscommerce_client::desired`, the comparisons in `mscommerce_client::plan`.
//!
//! `apply` reads the tenant, plans, asks, then sends one `PATCH` carrying every value the file
//! governs (the default included) with the `ETag` read: if anyone changed one of them since,
//! the service refuses the whole batch (412, exit code 9) and nothing is changed.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use mscommerce_client::ClientError;
use mscommerce_client::desired::{self as file, DesiredState, Expected, FileFormat, Problem};
use mscommerce_client::plan::{self, Change, Drift, DriftKind, Plan, Scope, TenantState};
use mscommerce_i18n::Localizer;
use mscommerce_proto::ids::ProductId;
use mscommerce_proto::{PolicyBatchResult, PolicyValue};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::policies::ask;
use crate::client::args::{FileFormatArg, TenantsArgs};
use crate::client::context::{Api, Ctx};
use crate::client::errors::{Failure, Op, Target};
use crate::client::exit::Exit;
use crate::client::tenants::{self, Job};
use crate::client::{emit, note};
use crate::render::Section;
use crate::render::{self, json};
use crate::text::shell_word;
use crate::text::{join, t, t_count};

/// The file as the user named it, for messages.
fn shown(path: &Path) -> String {
    if path == Path::new("-") {
        "-".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A problem of a desired-state file, in words.
pub(crate) fn problem_words(l: &Localizer, p: &Problem) -> String {
    match p {
        Problem::Syntax { message } => t(l, "desired-syntax", &[("message", message.clone())]),
        Problem::UnknownKey { key, allowed } => t(
            l,
            "desired-unknown-key",
            &[("key", key.clone()), ("allowed", join(l, allowed))],
        ),
        Problem::WrongType { key, expected } => {
            let expected = l.t(match expected {
                Expected::Integer => "desired-expected-integer",
                Expected::String => "desired-expected-string",
                Expected::Table => "desired-expected-table",
                Expected::Entry => "desired-expected-entry",
                Expected::Comment => "desired-expected-comment",
            });
            t(
                l,
                "desired-wrong-type",
                &[("key", key.clone()), ("expected", expected)],
            )
        }
        Problem::BadValue {
            key,
            value,
            allowed,
        } => t(
            l,
            "desired-bad-value",
            &[
                ("key", key.clone()),
                ("value", value.clone()),
                ("allowed", PolicyValue::list(allowed)),
            ],
        ),
        Problem::BadProductId { id } => t(l, "desired-bad-product-id", &[("id", id.clone())]),
        Problem::BadOfferType { id } => t(l, "desired-bad-offer-type", &[("id", id.clone())]),
        Problem::Duplicate { key } => t(l, "desired-duplicate", &[("key", key.clone())]),
        Problem::Version { found } => t(l, "desired-version", &[("found", found.clone())]),
        Problem::UnknownPolicy { policy } => {
            t(l, "desired-unknown-policy", &[("policy", policy.clone())])
        }
        Problem::MissingValue { key } => t(l, "desired-missing-value", &[("key", key.clone())]),
    }
}

/// Reads and parses a desired-state file (`-`: stdin). Any problem is a usage error (exit 2)
/// that says where.
pub(crate) fn read_file(ctx: &Ctx, path: &Path) -> Result<DesiredState, Failure> {
    let l = &ctx.l;
    let read_error = |e: std::io::Error| {
        Failure::local(
            Exit::Usage,
            l,
            "error-file-read",
            &[("path", shown(path)), ("message", e.to_string())],
        )
    };
    let text = if path == Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .lock()
            .read_to_string(&mut s)
            .map_err(read_error)?;
        s
    } else {
        std::fs::read_to_string(path).map_err(read_error)?
    };
    // The extension says JSON, or the content does (no TOML document starts with `{`).
    let format = match FileFormat::from_path(path) {
        Some(FileFormat::Json) => FileFormat::Json,
        _ => FileFormat::sniff(&text),
    };
    file::parse(&text, format).map_err(|e| {
        let headline = match (e.line, e.column) {
            (Some(line), Some(column)) => t(
                l,
                "error-file-invalid-at",
                &[
                    ("path", shown(path)),
                    ("line", line.to_string()),
                    ("column", column.to_string()),
                ],
            ),
            _ => t(l, "error-file-invalid", &[("path", shown(path))]),
        };
        Failure::new(Exit::Usage, headline).detail(problem_words(l, &e.problem))
    })
}

/// Reads the tenant (with every `ETag`) and resolves the file's legacy product ids the way the
/// service would act on them.
async fn read_tenant(
    ctx: &Ctx,
    desired: &DesiredState,
) -> Result<(Api, TenantState, DesiredState), Failure> {
    let policy_id = desired.policy_id.as_str();
    let mut api = ctx.api().await?;
    let read = Op {
        write: false,
        policy_id,
        target: Target::Products,
        value: None,
    };
    let state = api
        .call(ctx, &read, async |c| c.tenant_state(policy_id).await)
        .await?;
    let mut aliases: BTreeMap<ProductId, ProductId> = BTreeMap::new();
    for id in state.unlisted_ids(desired) {
        // A legacy id answers with its current product; a retired or unknown one is left out.
        match api.client().product_policy(policy_id, id.as_str()).await {
            Ok(p) => {
                if let Ok(current) = p.product_id.parse::<ProductId>()
                    && current != id
                    && state.products.iter().any(|x| x.id == p.product_id)
                {
                    aliases.insert(id, current);
                }
            }
            Err(ClientError::Api(f)) if f.status == 404 => {}
            Err(e) => {
                let op = Op {
                    write: false,
                    policy_id,
                    target: Target::Product(id.as_str()),
                    value: None,
                };
                return Err(crate::client::errors::explain(ctx, &api, e, &op).await);
            }
        }
    }
    let resolved = plan::resolve_aliases(desired, &aliases).map_err(|e| {
        Failure::local(
            Exit::Usage,
            &ctx.l,
            "error-file-alias-conflict",
            &[
                ("legacy", e.legacy.to_string()),
                ("current", e.current.to_string()),
            ],
        )
    })?;
    Ok((api, state, resolved))
}

// ---------------------------------------------------------------------------------------------
// export

pub(crate) async fn export(
    ctx: &Ctx,
    policy_id: &str,
    path: Option<&Path>,
    format: Option<FileFormatArg>,
    force: bool,
) -> Result<(), Failure> {
    let l = &ctx.l;
    let to_stdout = path.is_none_or(|p| p == Path::new("-"));
    let format = match (format, path.and_then(FileFormat::from_path)) {
        (Some(FileFormatArg::Json), _) => FileFormat::Json,
        (Some(FileFormatArg::Toml), _) => FileFormat::Toml,
        (None, Some(f)) => f,
        // `--output json`, the option every other command takes for JSON, means JSON here too.
        (None, None) if ctx.output() == crate::client::args::OutputFormat::Json => FileFormat::Json,
        (None, None) => FileFormat::Toml,
    };
    let mut api = ctx.api().await?;
    let read = Op {
        write: false,
        policy_id,
        target: Target::Products,
        value: None,
    };
    let state = api
        .call(ctx, &read, async |c| c.tenant_state(policy_id).await)
        .await?;
    let desired = state.to_desired();
    let now = ctx
        .clock
        .now()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| ctx.clock.now())
        .format(&Rfc3339)
        .unwrap_or_default();
    let tenant = api.tenant_display().unwrap_or_else(|| "?".to_owned());
    let account = api
        .claims()
        .and_then(|c| c.account().or_else(|| c.app_id()).map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    let header = vec![
        t(
            l,
            "export-header-title",
            &[("policy", state.policy_id.clone())],
        ),
        t(
            l,
            "export-header-tenant",
            &[
                ("tenant", tenant.clone()),
                ("time", now),
                ("account", account),
            ],
        ),
        String::new(),
        l.t("export-header-edit"),
        l.t("export-header-values"),
        l.t("export-header-default"),
        l.t("export-header-unlisted"),
    ];
    let text = file::render(&desired, &state.names(), &header, format);
    if to_stdout {
        crate::out::write(&text);
        return Ok(());
    }
    let path = path.unwrap_or(Path::new("-"));
    write_file(path, &text, force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::local(
                Exit::Usage,
                l,
                "error-file-exists",
                &[("path", shown(path))],
            )
        } else {
            Failure::local(
                Exit::Usage,
                l,
                "error-file-write",
                &[("path", shown(path)), ("message", e.to_string())],
            )
        }
    })?;
    note(&t_count(
        l,
        "export-done",
        state.products.len(),
        &[
            ("offerTypes", state.offer_types.len().to_string()),
            ("tenant", tenant),
            ("path", shown(path)),
        ],
    ));
    Ok(())
}

/// Writes a new file (or replaces one with `force`) through a temporary file renamed into place,
/// so a reader never sees half a file.
fn write_file(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    if !force && path.exists() {
        return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4().simple()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if !force && path.exists() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// ---------------------------------------------------------------------------------------------
// Plan rendering (plan, apply, update --all)

/// An item left alone or missing, for JSON.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemRef {
    scope: Scope,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_value: Option<PolicyValue>,
}

/// The JSON of a plan, before or after applying it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanJson<'a> {
    policy_id: &'a str,
    file: &'a str,
    what_if: bool,
    applied: bool,
    changes: &'a [Change],
    /// How many governed values were already right.
    in_place: usize,
    left_alone: Vec<ItemRef>,
    not_in_tenant: Vec<ItemRef>,
}

/// What a change is about, for a table: the product's name, "the offer type X (…)", or the
/// default.
pub(crate) fn change_name(l: &Localizer, c: &Change) -> String {
    match c.scope {
        Scope::Default => l.t("plan-default-name"),
        Scope::Product => c.name.clone(),
        Scope::OfferType => t(l, "plan-offer-type-name", &[("name", c.name.clone())]),
    }
}

/// Rows `Name, Id, Current, Desired` of the changes.
pub(crate) fn change_rows(l: &Localizer, changes: &[Change]) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                change_name(l, c),
                c.id.clone(),
                c.current_value.to_string(),
                c.desired_value.to_string(),
            ]
        })
        .collect()
}

pub(crate) fn change_table(l: &Localizer, changes: &[Change]) -> String {
    render::table(
        vec![
            l.t("column-name"),
            l.t("column-id"),
            l.t("column-current"),
            l.t("column-desired"),
        ],
        change_rows(l, changes),
    )
}

pub(crate) const CHANGE_CSV: [&str; 7] = [
    "PolicyId",
    "Scope",
    "Id",
    "Name",
    "CurrentValue",
    "DesiredValue",
    "Unlisted",
];

pub(crate) fn change_csv_rows(changes: &[Change], policy_id: &str) -> Vec<Vec<String>> {
    changes
        .iter()
        .map(|c| {
            vec![
                policy_id.to_owned(),
                c.scope.as_str().to_owned(),
                c.id.clone(),
                c.name.clone(),
                c.current_value.to_string(),
                c.desired_value.to_string(),
                c.unlisted.to_string(),
            ]
        })
        .collect()
}

/// `plan`, `apply --what-if` (`applied: false`) and `apply` (`applied: true`).
/// The `apply` command that carries out a plan, on the same target as the command that made it:
/// the file and the `--endpoint`, `--profile`, `--profiles` or `--all-profiles` it was given, so
/// following the hint never acts on another tenant.
fn apply_command(ctx: &Ctx, file: &str, tenants: &TenantsArgs) -> String {
    let mut cmd = format!("mscommerce apply -f {}", shell_word(file));
    if let Some(e) = &ctx.global.endpoint {
        cmd.push_str(&format!(" --endpoint {}", shell_word(e)));
    }
    if let Some(p) = &ctx.global.profile {
        cmd.push_str(&format!(" --profile {}", shell_word(p)));
    }
    if tenants.all_profiles {
        cmd.push_str(" --all-profiles");
    } else if !tenants.profiles.is_empty() {
        cmd.push_str(&format!(
            " --profiles {}",
            shell_word(&tenants.profiles.join(","))
        ));
    }
    cmd
}

fn plan_section(
    l: &Localizer,
    p: &Plan,
    file: &str,
    command: &str,
    what_if: bool,
    applied: bool,
) -> Section {
    let mut table = String::new();
    if p.is_empty() {
        table.push_str(&t(l, "plan-no-changes", &[("file", file.to_owned())]));
    } else {
        table.push_str(&change_table(l, &p.changes));
        table.push('\n');
        let id = if applied {
            "apply-done"
        } else if what_if {
            "plan-what-if"
        } else {
            "plan-summary"
        };
        table.push_str(&t_count(
            l,
            id,
            p.changes.len(),
            &[
                ("inPlace", p.in_place.len().to_string()),
                ("file", file.to_owned()),
                ("command", command.to_owned()),
            ],
        ));
    }
    if !p.left_alone.is_empty() {
        table.push('\n');
        table.push_str(&t_count(
            l,
            "plan-left-alone",
            p.left_alone.len(),
            &[(
                "items",
                join(
                    l,
                    &p.left_alone
                        .iter()
                        .map(|(_, i)| format!("{} ({})", i.name, i.id))
                        .collect::<Vec<_>>(),
                ),
            )],
        ));
    }
    if !p.not_in_tenant.is_empty() {
        table.push('\n');
        table.push_str(&t_count(
            l,
            "plan-not-in-tenant",
            p.not_in_tenant.len(),
            &[(
                "items",
                join(
                    l,
                    &p.not_in_tenant
                        .iter()
                        .map(|(_, id)| id.clone())
                        .collect::<Vec<_>>(),
                ),
            )],
        ));
    }
    let body = PlanJson {
        policy_id: &p.policy_id,
        file,
        what_if,
        applied,
        changes: &p.changes,
        in_place: p.in_place.len(),
        left_alone: p
            .left_alone
            .iter()
            .map(|(scope, i)| ItemRef {
                scope: *scope,
                id: i.id.clone(),
                name: Some(i.name.clone()),
                policy_value: Some(i.value),
            })
            .collect(),
        not_in_tenant: p
            .not_in_tenant
            .iter()
            .map(|(scope, id)| ItemRef {
                scope: *scope,
                id: id.clone(),
                name: None,
                policy_value: None,
            })
            .collect(),
    };
    let summary = if p.is_empty() {
        l.t("summary-no-changes")
    } else if applied {
        t_count(l, "summary-applied", p.changes.len(), &[])
    } else {
        t_count(l, "summary-to-change", p.changes.len(), &[])
    };
    Section {
        table,
        json: json(&body),
        csv_headers: CHANGE_CSV.iter().map(|h| (*h).to_owned()).collect(),
        csv_rows: change_csv_rows(&p.changes, &p.policy_id),
        summary,
        exit: None,
    }
}

// ---------------------------------------------------------------------------------------------
// plan

struct PlanJob {
    desired: DesiredState,
    file: String,
    /// The `apply` command of the plan's hint.
    command: String,
}

impl Job for PlanJob {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let (_, state, desired) = read_tenant(ctx, &self.desired).await?;
        let p = plan::plan(&desired, &state);
        Ok(plan_section(
            &ctx.l,
            &p,
            &self.file,
            &self.command,
            false,
            false,
        ))
    }
}

pub(crate) async fn plan(
    ctx: &Ctx,
    path: &Path,
    tenants: &TenantsArgs,
) -> Result<Option<Exit>, Failure> {
    let desired = read_file(ctx, path)?;
    let file = shown(path);
    let job = PlanJob {
        desired,
        command: apply_command(ctx, &file, tenants),
        file,
    };
    tenants::run(ctx, tenants, &job).await
}

// ---------------------------------------------------------------------------------------------
// diff

/// Drift in words, for a table.
fn drift_kind_words(l: &Localizer, kind: DriftKind) -> String {
    l.t(match kind {
        DriftKind::Default => "drift-kind-default",
        DriftKind::Changed => "drift-kind-changed",
        DriftKind::Unlisted => "drift-kind-unlisted",
        DriftKind::Missing => "drift-kind-missing",
    })
}

fn drift_name(l: &Localizer, d: &Drift) -> String {
    match d.scope {
        Scope::Default => l.t("plan-default-name"),
        Scope::Product => d.name.clone(),
        Scope::OfferType if d.name.is_empty() => l.t("plan-offer-type"),
        Scope::OfferType => t(l, "plan-offer-type-name", &[("name", d.name.clone())]),
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DiffJson<'a> {
    policy_id: &'a str,
    file: &'a str,
    in_sync: bool,
    drift: &'a [Drift],
}

fn diff_section(l: &Localizer, drift: &[Drift], policy_id: &str, file: &str) -> Section {
    let value = |v: Option<PolicyValue>| v.map_or_else(|| "-".to_owned(), |v| v.to_string());
    let table = if drift.is_empty() {
        t(l, "diff-in-sync", &[("file", file.to_owned())])
    } else {
        let rows: Vec<Vec<String>> = drift
            .iter()
            .map(|d| {
                vec![
                    drift_kind_words(l, d.kind),
                    drift_name(l, d),
                    d.id.clone(),
                    value(d.tenant_value),
                    value(d.file_value),
                ]
            })
            .collect();
        format!(
            "{}\n{}",
            render::table(
                vec![
                    l.t("column-drift"),
                    l.t("column-name"),
                    l.t("column-id"),
                    l.t("column-tenant-value"),
                    l.t("column-file-value"),
                ],
                rows,
            ),
            t_count(l, "diff-drifted", drift.len(), &[("file", file.to_owned())])
        )
    };
    let kind = |k: DriftKind| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    Section {
        table,
        json: json(&DiffJson {
            policy_id,
            file,
            in_sync: drift.is_empty(),
            drift,
        }),
        csv_headers: [
            "PolicyId",
            "Kind",
            "Scope",
            "Id",
            "Name",
            "TenantValue",
            "FileValue",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect(),
        csv_rows: drift
            .iter()
            .map(|d| {
                vec![
                    policy_id.to_owned(),
                    kind(d.kind),
                    d.scope.as_str().to_owned(),
                    d.id.clone(),
                    d.name.clone(),
                    d.tenant_value.map(|v| v.to_string()).unwrap_or_default(),
                    d.file_value.map(|v| v.to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
        summary: if drift.is_empty() {
            l.t("summary-in-sync")
        } else {
            t_count(l, "summary-drift", drift.len(), &[])
        },
        exit: (!drift.is_empty()).then_some(Exit::Drift),
    }
}

struct DiffJob {
    desired: DesiredState,
    file: String,
}

impl Job for DiffJob {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let (_, state, desired) = read_tenant(ctx, &self.desired).await?;
        let d = plan::drift(&desired, &state);
        Ok(diff_section(&ctx.l, &d, &state.policy_id, &self.file))
    }
}

pub(crate) async fn diff(
    ctx: &Ctx,
    path: &Path,
    tenants: &TenantsArgs,
) -> Result<Option<Exit>, Failure> {
    let desired = read_file(ctx, path)?;
    let job = DiffJob {
        desired,
        file: shown(path),
    };
    tenants::run(ctx, tenants, &job).await
}

// ---------------------------------------------------------------------------------------------
// apply

/// Reads a tenant and plans; the client is kept for the change.
async fn prepare(ctx: &Ctx, desired: &DesiredState) -> Result<(Api, Plan), Failure> {
    let (api, state, desired) = read_tenant(ctx, desired).await?;
    Ok((api, plan::plan(&desired, &state)))
}

/// Sends the plan's one batch. Nothing to change: no request.
async fn commit(
    ctx: &Ctx,
    mut api: Api,
    plan: &Plan,
) -> Result<Option<PolicyBatchResult>, Failure> {
    let batch = match plan.batch() {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(None),
        Err(e) => {
            return Err(Failure::local(
                Exit::Usage,
                &ctx.l,
                "error-batch-too-large",
                &[
                    ("changes", e.changes.to_string()),
                    ("max", e.max.to_string()),
                ],
            ));
        }
    };
    let policy_id = plan.policy_id.as_str();
    let op = Op {
        write: true,
        policy_id,
        target: Target::Batch,
        value: None,
    };
    let result = api
        .call(ctx, &op, async |c| {
            c.patch_product_policies(policy_id, &batch).await
        })
        .await?;
    Ok(Some(result))
}

/// `apply` as one tenant's part of a many-tenant change.
struct ApplyChange<'a> {
    desired: &'a DesiredState,
    file: &'a str,
    command: &'a str,
    l: &'a Localizer,
}

impl tenants::Change for ApplyChange<'_> {
    type Planned = (Api, Plan);

    async fn prepare(&self, ctx: &Ctx) -> Result<(Api, Plan), Failure> {
        prepare(ctx, self.desired).await
    }

    fn count(&self, (_, plan): &(Api, Plan)) -> usize {
        plan.changes.len()
    }

    fn planned(&self, (_, plan): &(Api, Plan), what_if: bool) -> Section {
        plan_section(self.l, plan, self.file, self.command, what_if, false)
    }

    fn proposed(&self, planned: &(Api, Plan)) -> Section {
        self.planned(planned, false)
    }

    fn question(&self, changes: usize, tenants: usize) -> String {
        t_count(
            self.l,
            "apply-confirm-tenants",
            changes,
            &[("tenants", tenants.to_string())],
        )
    }

    async fn commit(&self, ctx: &Ctx, (api, plan): (Api, Plan)) -> Result<Section, Failure> {
        commit(ctx, api, &plan).await?;
        Ok(plan_section(
            self.l,
            &plan,
            self.file,
            self.command,
            false,
            true,
        ))
    }
}

pub(crate) async fn apply(
    ctx: &Ctx,
    path: &Path,
    yes: bool,
    what_if: bool,
    tenants_args: &TenantsArgs,
) -> Result<Option<Exit>, Failure> {
    let l = &ctx.l;
    let desired = read_file(ctx, path)?;
    let file = shown(path);
    let command = apply_command(ctx, &file, tenants_args);
    if path == Path::new("-") && !yes && !what_if {
        // The answer would be read from the file's own stream.
        return Err(Failure::local(
            Exit::Usage,
            l,
            "error-apply-stdin-needs-yes",
            &[],
        ));
    }

    // One tenant: the plan, the question, the change.
    if !tenants_args.many() {
        let (api, plan) = prepare(ctx, &desired).await?;
        if what_if || plan.is_empty() {
            let s = plan_section(l, &plan, &file, &command, what_if, false);
            emit(&s.render(ctx.output()));
            return Ok(None);
        }
        if !yes {
            note(&plan_section(l, &plan, &file, &command, false, false).table);
            let question = t_count(
                l,
                "apply-confirm",
                plan.changes.len(),
                &[("where", api.target(l))],
            );
            if !ask(l, &question, "--yes")? {
                note(&l.t("confirm-cancelled"));
                return Ok(None);
            }
        }
        commit(ctx, api, &plan).await?;
        let s = plan_section(l, &plan, &file, &command, false, true);
        emit(&s.render(ctx.output()));
        return Ok(None);
    }

    // Many tenants: read and plan them all, show the plans, ask once, apply one by one.
    let change = ApplyChange {
        desired: &desired,
        file: &file,
        command: &command,
        l,
    };
    tenants::change_each(ctx, tenants_args, &change, what_if, yes).await
}
