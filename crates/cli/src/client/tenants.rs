//! One tenant or many: `--all-profiles` and `--profiles a,b,c` run a command once per profile
//! (each profile is one sign-in, so one tenant), one after the other, and print a report per
//! tenant and a summary. The exit code is the worst of the tenants' (see `exit::worst`).
//!
//! A command that can run this way produces a [`Section`] (its result in every output format)
//! instead of printing: printed alone for one tenant, gathered into the report for many.
//!
//! The tenants run one at a time on purpose: a profile whose token needs renewing takes the
//! token cache's lock, and the same process must not wait on a lock it holds in another task.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mscommerce_client::ClientError;
use mscommerce_client::endpoint::DEFAULT_TENANT;

use super::context::Ctx;
use super::errors::{Failure, explain_client};
use super::exit::{self, Exit};
use super::{emit, note};
use crate::client::args::{OutputFormat, TenantsArgs};
use crate::render;
use crate::render::Section;
use crate::render::json::{indent, json_array, json_str};
use crate::text::t;

/// A command that runs against one tenant (the context's profile).
pub(crate) trait Job {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure>;
}

/// One profile of a many-tenant run.
#[derive(Debug, Clone)]
pub(crate) struct Tenant {
    pub(crate) profile: String,
    /// The tenant as the profile knows it (its domain), or `?` for a profile that does not exist.
    pub(crate) label: String,
}

/// What one tenant gave.
pub(crate) struct Outcome {
    pub(crate) tenant: Tenant,
    pub(crate) result: Result<Section, Failure>,
}

impl Outcome {
    pub(crate) fn exit(&self) -> Option<Exit> {
        match &self.result {
            Ok(s) => s.exit,
            Err(f) => Some(f.exit),
        }
    }
}

/// The profiles a many-tenant run goes through, in the order given (`--all-profiles`: by name).
pub(crate) fn tenants(ctx: &Ctx, args: &TenantsArgs) -> Result<Vec<Tenant>, Failure> {
    let l = &ctx.l;
    if ctx.global.token.is_some() {
        return Err(Failure::local(
            Exit::Usage,
            l,
            "error-profiles-with-token",
            &[],
        ));
    }
    // `--profile` conflicts; a default profile from the environment does not.
    let from_env = std::env::var("MSCOMMERCE_PROFILE").ok();
    if ctx.global.profile.is_some() && ctx.global.profile != from_env {
        return Err(Failure::local(
            Exit::Usage,
            l,
            "error-profiles-with-profile",
            &[],
        ));
    }
    let cache = ctx.cache()?;
    let data = cache
        .load()
        .map_err(|e| explain_client(ctx, ClientError::Cache(e), None))?;
    let names: Vec<String> = if args.all_profiles {
        data.profiles.keys().cloned().collect()
    } else {
        let mut seen = std::collections::BTreeSet::new();
        args.profiles
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty() && seen.insert(p.clone()))
            .collect()
    };
    if names.is_empty() {
        return Err(explain_client(
            ctx,
            ClientError::NotConnected {
                profile: mscommerce_client::cache::DEFAULT_PROFILE.to_owned(),
                known: Vec::new(),
            },
            None,
        ));
    }
    Ok(names
        .into_iter()
        .map(|profile| {
            let label = data.profiles.get(&profile).map_or_else(
                || "?".to_owned(),
                |p| {
                    if p.tenant == DEFAULT_TENANT {
                        p.tenant_id.clone().unwrap_or_else(|| p.tenant.clone())
                    } else {
                        p.tenant.clone()
                    }
                },
            );
            Tenant { profile, label }
        })
        .collect())
}

/// A progress bar on stderr for people watching a many-tenant run: only on a terminal, only for
/// table output, and only for more than one tenant.
pub(crate) fn progress(ctx: &Ctx, len: usize, prefix: &str) -> ProgressBar {
    let show = ctx.output() == OutputFormat::Table && len > 1 && std::io::stderr().is_terminal();
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(prefix.to_owned());
    bar
}

/// Runs `job` against each tenant, with a progress bar.
pub(crate) async fn each<J: Job>(
    ctx: &Ctx,
    list: &[Tenant],
    job: &J,
    prefix: &str,
) -> Vec<Outcome> {
    let bar = progress(ctx, list.len(), prefix);
    let mut outcomes = Vec::new();
    for tenant in list {
        bar.set_message(tenant.profile.clone());
        let result = job.run(&ctx.with_profile(&tenant.profile)).await;
        outcomes.push(Outcome {
            tenant: tenant.clone(),
            result,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    outcomes
}

/// Runs a command against the profile (printing its result), or against many (printing the
/// report); the outcome to exit with.
pub(crate) async fn run<J: Job>(
    ctx: &Ctx,
    args: &TenantsArgs,
    job: &J,
) -> Result<Option<Exit>, Failure> {
    if !args.many() {
        let section = job.run(ctx).await?;
        emit(&section.render(ctx.output()));
        return Ok(section.exit);
    }
    let list = tenants(ctx, args)?;
    let outcomes = each(ctx, &list, job, &ctx.l.t("progress-reading")).await;
    emit(&report(ctx, &outcomes, ctx.output()));
    Ok(exit::worst(outcomes.iter().map(Outcome::exit)))
}

/// A change planned for every tenant before any is sent (`apply`, `update-product-policy --all`
/// over many profiles): all are read and planned, the plans shown, one question asked, then
/// each tenant changed in its own transaction.
pub(crate) trait Change {
    type Planned;
    /// Reads the tenant and plans the change; sends nothing.
    async fn prepare(&self, ctx: &Ctx) -> Result<Self::Planned, Failure>;
    /// How many items the plan changes.
    fn count(&self, planned: &Self::Planned) -> usize;
    /// The plan as a tenant's section: for `--what-if` (`what_if`), or a tenant left as it is.
    fn planned(&self, planned: &Self::Planned, what_if: bool) -> Section;
    /// The plan as shown before the question.
    fn proposed(&self, planned: &Self::Planned) -> Section;
    /// The one question: `changes` items in `tenants` tenants.
    fn question(&self, changes: usize, tenants: usize) -> String;
    /// Sends the plan.
    async fn commit(&self, ctx: &Ctx, planned: Self::Planned) -> Result<Section, Failure>;
}

/// Runs a [`Change`] over the listed profiles (see the trait); the worst exit code.
pub(crate) async fn change_each<C: Change>(
    ctx: &Ctx,
    args: &TenantsArgs,
    change: &C,
    what_if: bool,
    yes: bool,
) -> Result<Option<Exit>, Failure> {
    let l = &ctx.l;
    let list = tenants(ctx, args)?;
    let bar = progress(ctx, list.len(), &l.t("progress-reading"));
    let mut prepared = Vec::new();
    for tenant in list {
        bar.set_message(tenant.profile.clone());
        let tenant_ctx = ctx.with_profile(&tenant.profile);
        let planned = change.prepare(&tenant_ctx).await;
        prepared.push((tenant, tenant_ctx, planned));
        bar.inc(1);
    }
    bar.finish_and_clear();
    let outcomes = |show: &dyn Fn(&C::Planned) -> Section| {
        prepared
            .iter()
            .map(|(tenant, _, p)| Outcome {
                tenant: tenant.clone(),
                result: p.as_ref().map(show).map_err(Clone::clone),
            })
            .collect::<Vec<_>>()
    };
    let ok = || prepared.iter().filter_map(|(_, _, p)| p.as_ref().ok());
    let changes: usize = ok().map(|p| change.count(p)).sum();
    let tenants_to_change = ok().filter(|p| change.count(p) > 0).count();
    if what_if || changes == 0 {
        let outcomes = outcomes(&|p| change.planned(p, what_if));
        emit(&report(ctx, &outcomes, ctx.output()));
        return Ok(exit::worst(outcomes.iter().map(Outcome::exit)));
    }
    if !yes {
        let outcomes = outcomes(&|p| change.proposed(p));
        note(&report(ctx, &outcomes, OutputFormat::Table));
        if !crate::commands::policies::ask(
            l,
            &change.question(changes, tenants_to_change),
            "--yes",
        )? {
            note(&l.t("confirm-cancelled"));
            return Ok(exit::worst(outcomes.iter().map(Outcome::exit)));
        }
    }
    let bar = progress(ctx, tenants_to_change, &l.t("progress-applying"));
    let mut outcomes = Vec::new();
    for (tenant, tenant_ctx, p) in prepared {
        let result = match p {
            Err(f) => Err(f),
            Ok(p) if change.count(&p) == 0 => Ok(change.planned(&p, false)),
            Ok(p) => {
                bar.set_message(tenant.profile.clone());
                let r = change.commit(&tenant_ctx, p).await;
                bar.inc(1);
                r
            }
        };
        outcomes.push(Outcome { tenant, result });
    }
    bar.finish_and_clear();
    emit(&report(ctx, &outcomes, ctx.output()));
    Ok(exit::worst(outcomes.iter().map(Outcome::exit)))
}

/// A failure as JSON: `{"message","details","exitCode","correlationId","requestId"}`.
pub(crate) fn failure_json(f: &Failure) -> String {
    let value = serde_json::json!({
        "message": f.headline,
        "details": f.details,
        "exitCode": f.exit as u8,
        "correlationId": f.ids.as_ref().map(|(c, _)| c.clone()),
        "requestId": f.ids.as_ref().and_then(|(_, r)| r.clone()),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// One tenant's envelope in a many-tenant JSON report.
pub(crate) fn envelope(
    tenant: &Tenant,
    exit: Option<Exit>,
    result: Option<&str>,
    error: Option<&str>,
) -> String {
    format!(
        "{{\n  \"profile\": {},\n  \"tenant\": {},\n  \"exitCode\": {},\n  \"result\": {},\n  \"error\": {}\n}}",
        json_str(&tenant.profile),
        json_str(&tenant.label),
        exit.map_or(0, |e| e as u8),
        result.map_or_else(|| "null".to_owned(), |r| indent(r, 2)),
        error.map_or_else(|| "null".to_owned(), |e| indent(e, 2)),
    )
}

/// The heading of a tenant's part of a table report.
pub(crate) fn heading(ctx: &Ctx, tenant: &Tenant) -> String {
    t(
        &ctx.l,
        "tenant-heading",
        &[
            ("profile", tenant.profile.clone()),
            ("tenant", tenant.label.clone()),
        ],
    )
}

/// The last table of a many-tenant report: one line per tenant.
pub(crate) fn summary_table(ctx: &Ctx, rows: Vec<(&Tenant, Option<Exit>, String)>) -> String {
    let l = &ctx.l;
    render::table(
        vec![
            l.t("column-profile"),
            l.t("column-tenant"),
            l.t("column-result"),
            l.t("column-exit-code"),
        ],
        rows.into_iter()
            .map(|(tenant, exit, text)| {
                vec![
                    tenant.profile.clone(),
                    tenant.label.clone(),
                    text,
                    exit.map_or(0, |e| e as u8).to_string(),
                ]
            })
            .collect(),
    )
}

/// What kind of failure an exit code stands for, in a word or two.
pub(crate) fn exit_name(l: &mscommerce_i18n::Localizer, e: Exit) -> String {
    l.t(match e {
        Exit::Usage => "exit-name-usage",
        Exit::SignIn => "exit-name-sign-in",
        Exit::Forbidden => "exit-name-forbidden",
        Exit::NotFound => "exit-name-not-found",
        Exit::Invalid => "exit-name-invalid",
        Exit::Service => "exit-name-service",
        Exit::Drift => "exit-name-drift",
        Exit::Conflict => "exit-name-conflict",
        Exit::Unknown => "exit-name-unknown",
        Exit::Interrupted => "exit-name-interrupted",
    })
}

/// The report of a many-tenant run in `format`.
pub(crate) fn report(ctx: &Ctx, outcomes: &[Outcome], format: OutputFormat) -> String {
    let l = &ctx.l;
    match format {
        OutputFormat::Table => {
            let mut out = String::new();
            for o in outcomes {
                out.push_str(&heading(ctx, &o.tenant));
                out.push('\n');
                match &o.result {
                    Ok(s) => out.push_str(&s.table),
                    Err(f) => out.push_str(&f.render(l)),
                }
                out.push_str("\n\n");
            }
            let rows = outcomes
                .iter()
                .map(|o| {
                    let text = match &o.result {
                        Ok(s) => s.summary.clone(),
                        Err(f) => t(l, "summary-failed", &[("reason", exit_name(l, f.exit))]),
                    };
                    (&o.tenant, o.exit(), text)
                })
                .collect();
            out.push_str(&summary_table(ctx, rows));
            out
        }
        OutputFormat::Json => {
            let items: Vec<String> = outcomes
                .iter()
                .map(|o| match &o.result {
                    Ok(s) => envelope(&o.tenant, o.exit(), Some(&s.json), None),
                    Err(f) => envelope(&o.tenant, o.exit(), None, Some(&failure_json(f))),
                })
                .collect();
            json_array(&items)
        }
        OutputFormat::Csv => {
            // One table with the profile first; failures go to stderr (CSV has no room for them).
            let mut headers: Vec<String> = Vec::new();
            let mut rows: Vec<Vec<String>> = Vec::new();
            for o in outcomes {
                match &o.result {
                    Ok(s) => {
                        if headers.is_empty() {
                            headers.push("Profile".to_owned());
                            headers.extend(s.csv_headers.iter().cloned());
                        }
                        for r in &s.csv_rows {
                            let mut row = vec![o.tenant.profile.clone()];
                            row.extend(r.iter().cloned());
                            rows.push(row);
                        }
                    }
                    Err(f) => {
                        super::note(&heading(ctx, &o.tenant));
                        super::note(&f.render(l));
                    }
                }
            }
            if headers.is_empty() {
                return String::new();
            }
            let h: Vec<&str> = headers.iter().map(String::as_str).collect();
            render::csv(&h, &rows)
        }
    }
}
