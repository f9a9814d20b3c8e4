//! License requests: `request-license` (a user asks), `get-license-requests` (one's own, or the
//! tenant's for those who decide them), `approve-license-request` and `deny-license-request`.

use mscommerce_client::api::LicenseRequestQuery;
use mscommerce_i18n::Localizer;
use mscommerce_proto::license::LicenseRequest;

use crate::client::args::{DecideArgs, LicenseRequestsArgs};
use crate::client::context::Ctx;
use crate::client::errors::{Failure, Op};
use crate::client::exit::Exit;
use crate::client::tenants::{self, Job};
use crate::client::{emit, note};
use crate::commands::audit::{short_time, time_arg};
use crate::render::{self, Section, json};
use crate::text::t;

const CSV_HEADERS: [&str; 11] = [
    "Id",
    "Created",
    "RequesterUserPrincipalName",
    "RequesterObjectId",
    "ProductId",
    "ProductName",
    "Status",
    "Message",
    "Decided",
    "DecidedBy",
    "DecisionMessage",
];

fn section(l: &Localizer, requests: &[LicenseRequest]) -> Section {
    let who = |p: &mscommerce_proto::license::RequestParty| {
        p.user_principal_name
            .clone()
            .unwrap_or_else(|| p.object_id.clone())
    };
    let rows: Vec<Vec<String>> = requests
        .iter()
        .map(|r| {
            vec![
                short_time(&r.created_date_time),
                who(&r.requester),
                format!("{} ({})", r.product_name, r.product_id),
                l.t(&format!("request-status-{}", r.status.as_str())),
                r.decided_by.as_ref().map_or_else(|| "-".to_owned(), who),
                r.id.clone(),
            ]
        })
        .collect();
    let table = render::policies::empty_or_table(
        l,
        render::policies::columns(
            l,
            &[
                "column-time",
                "column-requester",
                "column-product",
                "column-status",
                "column-decided-by",
                "column-id",
            ],
        ),
        rows,
    );
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    Section {
        table,
        json: json(requests),
        csv_headers: CSV_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        csv_rows: requests
            .iter()
            .map(|r| {
                vec![
                    r.id.clone(),
                    r.created_date_time.clone(),
                    opt(&r.requester.user_principal_name),
                    r.requester.object_id.clone(),
                    r.product_id.clone(),
                    r.product_name.clone(),
                    r.status.as_str().to_owned(),
                    opt(&r.message),
                    opt(&r.decided_date_time),
                    r.decided_by.as_ref().map(&who).unwrap_or_default(),
                    opt(&r.decision_message),
                ]
            })
            .collect(),
        summary: render::policies::count_summary(l, requests.len()),
        exit: None,
    }
}

pub(crate) async fn request_license(
    ctx: &Ctx,
    product_id: &str,
    message: Option<&str>,
) -> Result<(), Failure> {
    let mut api = ctx.api().await?;
    let filed = api
        .call(ctx, &Op::self_explained(true), async |c| {
            c.file_license_request(product_id, message).await
        })
        .await?;
    note(&t(
        &ctx.l,
        "license-request-filed",
        &[
            (
                "product",
                format!("{} ({})", filed.product_name, filed.product_id),
            ),
            ("id", filed.id.clone()),
        ],
    ));
    emit(&section(&ctx.l, &[filed]).render(ctx.output()));
    Ok(())
}

pub(crate) async fn decide(ctx: &Ctx, args: &DecideArgs, approve: bool) -> Result<(), Failure> {
    let mut api = ctx.api().await?;
    let decided = api
        .call(ctx, &Op::self_explained(true), async |c| {
            c.decide_license_request(args.id.trim(), approve, args.message.as_deref())
                .await
        })
        .await?;
    let requester = decided
        .requester
        .user_principal_name
        .clone()
        .unwrap_or_else(|| decided.requester.object_id.clone());
    note(&t(
        &ctx.l,
        if approve {
            "license-request-approved"
        } else {
            "license-request-denied"
        },
        &[
            ("requester", requester),
            (
                "product",
                format!("{} ({})", decided.product_name, decided.product_id),
            ),
        ],
    ));
    emit(&section(&ctx.l, &[decided]).render(ctx.output()));
    Ok(())
}

struct RequestsJob {
    query: LicenseRequestQuery,
    limit: Option<usize>,
}

impl Job for RequestsJob {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let mut api = ctx.api().await?;
        let requests = api
            .call(ctx, &Op::self_explained(false), async |c| {
                c.license_requests(&self.query, self.limit).await
            })
            .await?;
        Ok(section(&ctx.l, &requests))
    }
}

pub(crate) async fn list(ctx: &Ctx, args: &LicenseRequestsArgs) -> Result<Option<Exit>, Failure> {
    let now = ctx.clock.now();
    let job = RequestsJob {
        query: LicenseRequestQuery {
            status: args.status.map(|s| s.as_str().to_owned()),
            product_id: args.product_id.clone(),
            requester: args.requester.clone(),
            since: time_arg(&ctx.l, now, "--since", &args.list.since)?,
            until: time_arg(&ctx.l, now, "--until", &args.list.until)?,
        },
        limit: args.list.limit(),
    };
    tenants::run(ctx, &args.tenants, &job).await
}
