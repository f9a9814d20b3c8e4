//! `webhook add|list|remove|deliveries|replay`: the tenant's endpoints and what was sent to
//! them.

use std::io::BufRead as _;

use mscommerce_i18n::Localizer;
use mscommerce_proto::webhook::{NewWebhook, Webhook, WebhookDelivery};

use crate::client::args::WebhookAction;
use crate::client::context::Ctx;
use crate::client::errors::{Failure, Op};
use crate::client::exit::Exit;
use crate::client::{emit, note};
use crate::commands::audit::short_time;
use crate::render::policies::{columns, count_summary, empty_or_table};
use crate::render::{Section, json};
use crate::text::t;

fn hooks(l: &Localizer, hooks: &[Webhook]) -> Section {
    let rows = hooks
        .iter()
        .map(|w| {
            vec![
                w.id.clone(),
                w.url.clone(),
                w.events.join(", "),
                short_time(&w.created_date_time),
            ]
        })
        .collect();
    Section {
        table: empty_or_table(
            l,
            columns(
                l,
                &["column-id", "column-url", "column-events", "column-time"],
            ),
            rows,
        ),
        json: json(hooks),
        csv_headers: ["Id", "Url", "Events", "Created", "CreatedBy"]
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        csv_rows: hooks
            .iter()
            .map(|w| {
                vec![
                    w.id.clone(),
                    w.url.clone(),
                    w.events.join(" "),
                    w.created_date_time.clone(),
                    w.created_by.clone(),
                ]
            })
            .collect(),
        summary: count_summary(l, hooks.len()),
        exit: None,
    }
}

fn deliveries(l: &Localizer, list: &[WebhookDelivery]) -> Section {
    let rows = list
        .iter()
        .map(|d| {
            let outcome = match (&d.last_status, &d.last_error) {
                (Some(s), _) => s.to_string(),
                (None, Some(e)) => e.clone(),
                (None, None) => "-".to_owned(),
            };
            vec![
                short_time(&d.created_date_time),
                d.event.clone(),
                d.status.clone(),
                d.attempts.to_string(),
                outcome,
                d.id.clone(),
            ]
        })
        .collect();
    Section {
        table: empty_or_table(
            l,
            columns(
                l,
                &[
                    "column-time",
                    "column-event",
                    "column-status",
                    "column-attempts",
                    "column-last-answer",
                    "column-id",
                ],
            ),
            rows,
        ),
        json: json(list),
        csv_headers: [
            "Id",
            "Event",
            "Status",
            "Attempts",
            "Created",
            "NextAttempt",
            "LastStatus",
            "LastError",
            "Delivered",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect(),
        csv_rows: list
            .iter()
            .map(|d| {
                vec![
                    d.id.clone(),
                    d.event.clone(),
                    d.status.clone(),
                    d.attempts.to_string(),
                    d.created_date_time.clone(),
                    d.next_attempt_date_time.clone(),
                    d.last_status.map(|s| s.to_string()).unwrap_or_default(),
                    d.last_error.clone().unwrap_or_default(),
                    d.delivered_date_time.clone().unwrap_or_default(),
                ]
            })
            .collect(),
        summary: count_summary(l, list.len()),
        exit: None,
    }
}

pub(crate) async fn run(ctx: &Ctx, action: &WebhookAction) -> Result<(), Failure> {
    let l = &ctx.l;
    let mut api = ctx.api().await?;
    match action {
        WebhookAction::Add {
            url,
            events,
            secret_stdin,
        } => {
            let secret = if *secret_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).ok();
                Some(line.trim().to_owned()).filter(|s| !s.is_empty())
            } else {
                None
            };
            if *secret_stdin && secret.is_none() {
                return Err(Failure::local(Exit::Usage, l, "webhook-no-secret", &[]));
            }
            let new = NewWebhook {
                url: url.clone(),
                events: (!events.is_empty()).then(|| events.clone()),
                secret,
            };
            let created = api
                .call(ctx, &Op::self_explained(true), async |c| {
                    c.add_webhook(&new).await
                })
                .await?;
            note(&t(
                l,
                "webhook-added",
                &[
                    ("url", created.url.clone()),
                    ("events", created.events.join(", ")),
                ],
            ));
            emit(&hooks(l, std::slice::from_ref(&created)).render(ctx.output()));
            if let Some(secret) = &created.secret
                && ctx.output() == crate::client::args::OutputFormat::Table
            {
                emit(&t(l, "webhook-secret", &[("secret", secret.clone())]));
            }
        }
        WebhookAction::List => {
            let list = api
                .call(ctx, &Op::self_explained(false), async |c| {
                    c.webhooks().await
                })
                .await?;
            emit(&hooks(l, &list).render(ctx.output()));
        }
        WebhookAction::Remove { id } => {
            api.call(ctx, &Op::self_explained(true), async |c| {
                c.remove_webhook(id.trim()).await
            })
            .await?;
            note(&t(l, "webhook-removed", &[("id", id.trim().to_owned())]));
        }
        WebhookAction::Deliveries { id, top } => {
            let list = api
                .call(ctx, &Op::self_explained(false), async |c| {
                    c.webhook_deliveries(id.trim(), *top).await
                })
                .await?;
            emit(&deliveries(l, &list).render(ctx.output()));
        }
        WebhookAction::Replay { id, delivery } => {
            let replayed = api
                .call(ctx, &Op::self_explained(true), async |c| {
                    c.replay_delivery(id.trim(), delivery.trim()).await
                })
                .await?;
            note(&t(l, "webhook-replayed", &[("id", replayed.id.clone())]));
            emit(&deliveries(l, std::slice::from_ref(&replayed)).render(ctx.output()));
        }
    }
    Ok(())
}
