//! `get-self-service-purchases`: what storefronts recorded for the tenant
//! (`GET /v1.0/selfServicePurchases`), newest first, with its filters, in a table, JSON or CSV;
//! pages followed up to `--top` or to the end with `--all`.

use mscommerce_client::api::PurchaseQuery;
use mscommerce_i18n::Localizer;
use mscommerce_proto::purchase::SelfServicePurchase;

use crate::client::args::PurchasesArgs;
use crate::client::context::Ctx;
use crate::client::errors::{Failure, Op, Target};
use crate::client::exit::Exit;
use crate::client::tenants::{self, Job};
use crate::commands::audit::{short_time, time_arg};
use crate::render::{self, Section, json};

fn section(l: &Localizer, records: &[SelfServicePurchase]) -> Section {
    let rows: Vec<Vec<String>> = records
        .iter()
        .map(|p| {
            vec![
                short_time(&p.time),
                p.user_principal_name
                    .clone()
                    .unwrap_or_else(|| p.user_id.clone()),
                format!("{} ({})", p.product_name, p.product_id),
                p.kind.as_str().to_owned(),
                p.quantity.to_string(),
            ]
        })
        .collect();
    let table = render::policies::empty_or_table(
        l,
        render::policies::columns(
            l,
            &[
                "column-time",
                "column-user",
                "column-product",
                "column-kind",
                "column-quantity",
            ],
        ),
        rows,
    );
    Section {
        table,
        json: json(records),
        csv_headers: SelfServicePurchase::CSV_HEADERS
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        csv_rows: records.iter().map(|p| p.csv_row().to_vec()).collect(),
        summary: render::policies::count_summary(l, records.len()),
        exit: None,
    }
}

struct PurchasesJob {
    query: PurchaseQuery,
    limit: Option<usize>,
}

impl Job for PurchasesJob {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let mut api = ctx.api().await?;
        let op = Op {
            write: false,
            policy_id: mscommerce_proto::ALLOW_SELF_SERVICE_PURCHASE,
            target: Target::Policy,
            value: None,
        };
        let records = api
            .call(ctx, &op, async |c| {
                c.purchases(&self.query, self.limit).await
            })
            .await?;
        Ok(section(&ctx.l, &records))
    }
}

pub(crate) async fn purchases(ctx: &Ctx, args: &PurchasesArgs) -> Result<Option<Exit>, Failure> {
    let now = ctx.clock.now();
    let query = PurchaseQuery {
        product_id: args.product_id.clone(),
        user: args.user.clone(),
        kind: args.kind.map(|k| k.as_str().to_owned()),
        since: time_arg(&ctx.l, now, "--since", &args.list.since)?,
        until: time_arg(&ctx.l, now, "--until", &args.list.until)?,
    };
    let job = PurchasesJob {
        query,
        limit: args.list.limit(),
    };
    tenants::run(ctx, &args.tenants, &job).await
}
