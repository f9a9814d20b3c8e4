//! Many values at once: `update-product-policy --all | --all-offer-types [--except ...]` (one
//! `PATCH`, one transaction, every item checked with the `ETag` it was read with) and
//! `update-policy --default-value` (the tenant's default for products added later).

use std::collections::BTreeSet;

use mscommerce_client::ClientError;
use mscommerce_client::desired::{DesiredState, OfferKey};
use mscommerce_client::plan::{self, Change, CurrentItem, Plan, Scope, TenantState};
use mscommerce_i18n::Localizer;
use mscommerce_proto::ids::{OfferType, ProductId};
use mscommerce_proto::{PolicyBatchResult, PolicyValue};
use serde::Serialize;

use super::desired::{CHANGE_CSV, change_csv_rows, change_table};
use super::policies::{ask, value_of};
use crate::client::args::UpdateArgs;
use crate::client::context::Ctx;
use crate::client::errors::{self, Failure, Op, Target};
use crate::client::exit::Exit;
use crate::client::tenants;
use crate::client::{emit, note};
use crate::render::Section;
use crate::render::policies::PlannedChange;
use crate::render::{self, json};
use crate::text::{join, t, t_count};

/// Something `--except` names, found in the tenant.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Excepted {
    scope: Scope,
    id: String,
    name: String,
    policy_value: PolicyValue,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct BulkJson<'a> {
    what_if: bool,
    policy_id: &'a str,
    policy_value: PolicyValue,
    /// Changed (or, with `whatIf`, would change).
    changes: &'a [Change],
    /// Already at the value.
    unchanged: usize,
    excepted: &'a [Excepted],
}

fn bulk_section(
    l: &Localizer,
    policy_id: &str,
    value: PolicyValue,
    changes: &[Change],
    unchanged: usize,
    excepted: &[Excepted],
    what_if: bool,
) -> Section {
    let mut table = String::new();
    if !changes.is_empty() {
        table.push_str(&change_table(l, changes));
        table.push('\n');
    }
    let pairs = [
        ("value", value.to_string()),
        ("unchanged", unchanged.to_string()),
        ("excepted", excepted.len().to_string()),
    ];
    let id = if what_if { "bulk-what-if" } else { "bulk-done" };
    table.push_str(&t_count(l, id, changes.len(), &pairs));
    if !excepted.is_empty() {
        table.push('\n');
        let names: Vec<String> = excepted
            .iter()
            .map(|e| format!("{} ({}): {}", e.name, e.id, e.policy_value))
            .collect();
        table.push_str(&t(l, "bulk-excepted", &[("items", join(l, &names))]));
    }
    Section {
        table,
        json: json(&BulkJson {
            what_if,
            policy_id,
            policy_value: value,
            changes,
            unchanged,
            excepted,
        }),
        csv_headers: CHANGE_CSV.iter().map(|h| (*h).to_owned()).collect(),
        csv_rows: change_csv_rows(changes, policy_id),
        summary: t_count(l, "summary-applied", changes.len(), &[]),
        exit: None,
    }
}

/// Finds what each `--except` names: a product or offer type of the tenant (any case), or a
/// legacy product id (asked of the service). Anything else is a 404 with the closest names.
async fn resolve_except(
    ctx: &Ctx,
    api: &crate::client::context::Api,
    policy_id: &str,
    state: &TenantState,
    except: &[String],
) -> Result<Vec<Excepted>, Failure> {
    let l = &ctx.l;
    let mut out: Vec<Excepted> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |scope: Scope, i: &CurrentItem, out: &mut Vec<Excepted>| {
        if seen.insert((scope, i.id.clone())) {
            out.push(Excepted {
                scope,
                id: i.id.clone(),
                name: i.name.clone(),
                policy_value: i.value,
            });
        }
    };
    for wanted in except.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
        if let Some(p) = state
            .products
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(wanted))
        {
            add(Scope::Product, p, &mut out);
            continue;
        }
        if let Some(o) = state
            .offer_types
            .iter()
            .find(|o| o.id.eq_ignore_ascii_case(wanted))
        {
            add(Scope::OfferType, o, &mut out);
            continue;
        }
        // A legacy id of a listed product?
        if !state.products.is_empty() && wanted.parse::<ProductId>().is_ok() {
            match api.client().product_policy(policy_id, wanted).await {
                Ok(p) => {
                    if let Some(i) = state.products.iter().find(|x| x.id == p.product_id) {
                        add(Scope::Product, i, &mut out);
                        continue;
                    }
                }
                Err(ClientError::Api(f)) if f.status == 404 => {}
                Err(e) => {
                    let op = Op {
                        write: false,
                        policy_id,
                        target: Target::Product(wanted),
                        value: None,
                    };
                    return Err(errors::explain(ctx, api, e, &op).await);
                }
            }
        }
        let candidates: Vec<(String, String)> = state
            .products
            .iter()
            .chain(state.offer_types.iter())
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect();
        let failure = Failure::local(
            Exit::NotFound,
            l,
            "error-except-unknown",
            &[("id", wanted.to_owned())],
        );
        return Err(errors::with_suggestions(
            l,
            failure,
            wanted,
            &candidates,
            "mscommerce get-product-policies",
        ));
    }
    Ok(out)
}

/// One tenant's bulk change, read and planned, not yet sent.
struct Prepared {
    api: crate::client::context::Api,
    plan: Plan,
    excepted: Vec<Excepted>,
}

/// Reads the tenant's products (and offer types) with their ETags and plans the change.
async fn prepare(ctx: &Ctx, args: &UpdateArgs, value: PolicyValue) -> Result<Prepared, Failure> {
    let policy_id = args.policy_id.as_str();
    let mut api = ctx.api().await?;
    let read = Op {
        write: false,
        policy_id,
        target: Target::Products,
        value: None,
    };
    let products = if args.all {
        let items = api
            .call(ctx, &read, async |c| {
                c.product_policies_tagged(policy_id).await
            })
            .await?;
        items
            .into_iter()
            .map(|t| CurrentItem {
                id: t.item.product_id,
                name: t.item.product_name,
                value: t.item.policy_value,
                etag: t.etag,
            })
            .collect()
    } else {
        Vec::new()
    };
    let offer_types = if args.all_offer_types {
        let items = api
            .call(ctx, &read, async |c| {
                c.offer_type_policies_tagged(policy_id).await
            })
            .await?;
        items
            .into_iter()
            .map(|t| CurrentItem {
                id: t.item.scope_id,
                name: t.item.scope_value,
                value: t.item.policy_value,
                etag: t.etag,
            })
            .collect()
    } else {
        Vec::new()
    };
    let state = TenantState {
        policy_id: policy_id.to_owned(),
        default_value: PolicyValue::Enabled,
        default_etag: String::new(),
        products,
        offer_types,
    };
    let excepted = resolve_except(ctx, &api, policy_id, &state, &args.except).await?;
    let is_excepted =
        |scope: Scope, id: &str| excepted.iter().any(|e| e.scope == scope && e.id == id);
    let desired = DesiredState {
        policy_id: policy_id.to_owned(),
        default_value: None,
        default_for_unlisted: None,
        products: state
            .products
            .iter()
            .filter(|p| !is_excepted(Scope::Product, &p.id))
            .filter_map(|p| Some((p.id.parse::<ProductId>().ok()?, value)))
            .collect(),
        offer_types: state
            .offer_types
            .iter()
            .filter(|o| !is_excepted(Scope::OfferType, &o.id))
            .filter_map(|o| Some((OfferKey(o.id.parse::<OfferType>().ok()?), value)))
            .collect(),
    };
    let plan: Plan = plan::plan(&desired, &state);
    Ok(Prepared {
        api,
        plan,
        excepted,
    })
}

/// Sends one tenant's planned change (one `PATCH`, one transaction) and describes what the
/// service says changed.
async fn commit(
    ctx: &Ctx,
    prepared: Prepared,
    policy_id: &str,
    value: PolicyValue,
) -> Result<Section, Failure> {
    let l = &ctx.l;
    let Prepared {
        mut api,
        plan,
        excepted,
    } = prepared;
    let batch = match plan.batch() {
        Ok(Some(b)) => b,
        Ok(None) => {
            let unchanged = plan.in_place.len();
            return Ok(bulk_section(
                l,
                policy_id,
                value,
                &[],
                unchanged,
                &excepted,
                false,
            ));
        }
        Err(e) => {
            return Err(Failure::local(
                Exit::Usage,
                l,
                "error-batch-too-large",
                &[
                    ("changes", e.changes.to_string()),
                    ("max", e.max.to_string()),
                ],
            ));
        }
    };
    let write = Op {
        write: true,
        policy_id,
        target: Target::Batch,
        value: Some(value),
    };
    let result: PolicyBatchResult = api
        .call(ctx, &write, async |c| {
            c.patch_product_policies(policy_id, &batch).await
        })
        .await?;
    // What the service says changed (each item carries `changed`), with the values read before.
    let changed: Vec<Change> = result
        .items
        .iter()
        .filter(|i| i.changed)
        .filter_map(|i| {
            let (scope, id) = match (&i.product_id, &i.scope_id) {
                (Some(p), _) => (Scope::Product, p),
                (None, Some(o)) => (Scope::OfferType, o),
                (None, None) => return None,
            };
            plan.changes
                .iter()
                .chain(plan.in_place.iter())
                .find(|c| c.scope == scope && &c.id == id)
                .cloned()
        })
        .collect();
    let unchanged = result.items.len() - changed.len();
    Ok(bulk_section(
        l, policy_id, value, &changed, unchanged, &excepted, false,
    ))
}

/// `update-product-policy --all | --all-offer-types`, for the profile or, with `--profiles` /
/// `--all-profiles`, for many tenants: all are read and planned first, the plans shown, one
/// question asked, then each tenant changed in its own transaction (as `apply` does).
pub(crate) async fn update_all(ctx: &Ctx, args: &UpdateArgs) -> Result<Option<Exit>, Failure> {
    let l = &ctx.l;
    let value = value_of(l, args)?;
    if args.all_offer_types && !PolicyValue::FOR_OFFER_TYPES.contains(&value) {
        return Err(Failure::local(
            Exit::Usage,
            l,
            "error-offer-type-value",
            &[("value", value.to_string())],
        ));
    }
    let policy_id = args.policy_id.as_str();
    let planned = |p: &Prepared, what_if: bool| planned_section(l, policy_id, value, p, what_if);
    if !args.tenants.many() {
        let prepared = prepare(ctx, args, value).await?;
        if args.what_if || prepared.plan.is_empty() {
            emit(&planned(&prepared, args.what_if).render(ctx.output()));
            return Ok(None);
        }
        // A change to every product asks first, as `apply` does: one keystroke too many in a
        // shell's history should not rewrite a tenant.
        if !args.yes {
            note(&change_table(l, &prepared.plan.changes));
            let question = t_count(
                l,
                "bulk-confirm",
                prepared.plan.changes.len(),
                &[
                    ("value", value.to_string()),
                    ("where", prepared.api.target(l)),
                ],
            );
            if !ask(l, &question, "--yes")? {
                note(&l.t("confirm-cancelled"));
                return Ok(None);
            }
        }
        let section = commit(ctx, prepared, policy_id, value).await?;
        emit(&section.render(ctx.output()));
        return Ok(None);
    }

    let change = AllChange { args, value, l };
    tenants::change_each(ctx, &args.tenants, &change, args.what_if, args.yes).await
}

/// `--all` as one tenant's part of a many-tenant change.
struct AllChange<'a> {
    args: &'a UpdateArgs,
    value: PolicyValue,
    l: &'a Localizer,
}

impl tenants::Change for AllChange<'_> {
    type Planned = Prepared;

    async fn prepare(&self, ctx: &Ctx) -> Result<Prepared, Failure> {
        prepare(ctx, self.args, self.value).await
    }

    fn count(&self, p: &Prepared) -> usize {
        p.plan.changes.len()
    }

    fn planned(&self, p: &Prepared, what_if: bool) -> Section {
        planned_section(self.l, &self.args.policy_id, self.value, p, what_if)
    }

    fn proposed(&self, p: &Prepared) -> Section {
        self.planned(p, true)
    }

    fn question(&self, changes: usize, tenants: usize) -> String {
        t_count(
            self.l,
            "bulk-confirm-tenants",
            changes,
            &[
                ("value", self.value.to_string()),
                ("tenants", tenants.to_string()),
            ],
        )
    }

    async fn commit(&self, ctx: &Ctx, p: Prepared) -> Result<Section, Failure> {
        commit(ctx, p, &self.args.policy_id, self.value).await
    }
}

/// The plan of `--all` as a section (`what_if`: what would change).
fn planned_section(
    l: &Localizer,
    policy_id: &str,
    value: PolicyValue,
    p: &Prepared,
    what_if: bool,
) -> Section {
    bulk_section(
        l,
        policy_id,
        value,
        &p.plan.changes,
        p.plan.in_place.len(),
        &p.excepted,
        what_if,
    )
}

/// `update-policy --default-value V`: the default for products added to the catalog later.
pub(crate) async fn update_policy(
    ctx: &Ctx,
    policy_id: &str,
    value: PolicyValue,
    what_if: bool,
) -> Result<(), Failure> {
    let l = &ctx.l;
    let mut api = ctx.api().await?;
    let read = Op {
        write: false,
        policy_id,
        target: Target::Policy,
        value: None,
    };
    let policy = api
        .call(ctx, &read, async |c| c.policy(policy_id).await)
        .await?;
    if what_if {
        let plan = PlannedChange {
            what_if: true,
            policy_id: policy.id.clone(),
            scope: "default".to_owned(),
            id: String::new(),
            name: String::new(),
            current_value: policy.default_value.to_string(),
            new_value: value.to_string(),
            would_change: policy.default_value != value,
        };
        emit(&render::policies::planned_change(l, ctx.output(), &plan));
        return Ok(());
    }
    let write = Op {
        write: true,
        policy_id,
        target: Target::Policy,
        value: Some(value),
    };
    let updated = api
        .call(ctx, &write, async |c| {
            c.update_policy_default(policy_id, value).await
        })
        .await?;
    note(&t(
        l,
        "update-default-done",
        &[
            ("policy", updated.id.clone()),
            ("value", updated.default_value.to_string()),
        ],
    ));
    emit(&render::policies::policies(
        l,
        ctx.output(),
        &[updated],
        true,
    ));
    Ok(())
}
