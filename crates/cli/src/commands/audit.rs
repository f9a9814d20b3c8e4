//! `audit`: the tenant's journal (`GET /v1.0/auditLog`), newest first, with its filters, in a
//! table, JSON (the service's entries as they come) or CSV; pages followed up to `--top` or to
//! the end with `--all`.

use std::collections::BTreeMap;

use mscommerce_client::api::AuditQuery;
use mscommerce_i18n::Localizer;
use mscommerce_proto::AuditLogEntry;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::client::args::{AuditArgs, OutputFormat};
use crate::client::context::Ctx;
use crate::client::errors::{Failure, Op, Target, target_words};
use crate::client::exit::Exit;
use crate::client::tenants::{self, Job};
use crate::render::Section;
use crate::render::{self, json};
use crate::text::t;

/// A time as `--since` and `--until` take it: RFC 3339, a date (midnight UTC), or an age
/// (`30m`, `24h`, `7d`, `2w`) before `now`. `None` when it is none of these.
pub(crate) fn parse_time(text: &str, now: OffsetDateTime) -> Option<OffsetDateTime> {
    let s = text.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(t);
    }
    if let Ok(d) = Date::parse(s, format_description!("[year]-[month]-[day]")) {
        return Some(d.midnight().assume_utc());
    }
    // An age: "0d" would be now, which no one means.
    let age = crate::duration::parse_duration(s).filter(|d| d.is_positive())?;
    now.checked_sub(age)
}

/// RFC 3339 in UTC, whole seconds.
fn utc(t: OffsetDateTime) -> String {
    t.to_offset(UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(t)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A journal time for people: to the second.
pub(crate) fn short_time(s: &str) -> String {
    OffsetDateTime::parse(s, &Rfc3339).map_or_else(|_| s.to_owned(), utc)
}

fn actor_words(l: &Localizer, e: &AuditLogEntry) -> String {
    match (
        &e.actor.user_principal_name,
        &e.actor.app_id,
        &e.actor.object_id,
    ) {
        (Some(upn), _, _) => upn.clone(),
        (None, Some(app), _) => t(l, "audit-actor-app", &[("id", app.clone())]),
        (None, None, Some(oid)) => oid.clone(),
        (None, None, None) => "?".to_owned(),
    }
}

fn entries_section(
    l: &Localizer,
    entries: &[AuditLogEntry],
    names: &BTreeMap<String, String>,
) -> Section {
    let dash = || "-".to_owned();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let target = match (e.target.kind.as_str(), e.target.id.as_deref()) {
                ("product", Some(id)) => match names.get(&id.to_ascii_uppercase()) {
                    Some(name) => format!("{name} ({id})"),
                    None => id.to_owned(),
                },
                (kind, id) => target_words(l, kind, id),
            };
            let change = match (e.old_value, e.new_value) {
                // One token, never cut when the table is fitted to the terminal.
                (Some(a), Some(b)) => format!("{a}→{b}"),
                (None, Some(b)) => format!("→{b}"),
                (Some(a), None) => a.to_string(),
                (None, None) => dash(),
            };
            let result = match (e.result.as_str(), &e.reason) {
                // A license request's decision: approved or denied.
                ("Succeeded", Some(decision)) if e.target.kind == "licenseRequest" => {
                    l.t(&format!("request-status-{}", decision.to_ascii_lowercase()))
                }
                ("Succeeded", _) => l.t("audit-result-succeeded"),
                (_, Some(reason)) => t(l, "audit-result-refused", &[("reason", reason.clone())]),
                (other, None) => other.to_owned(),
            };
            vec![
                short_time(&e.time),
                actor_words(l, e),
                target,
                change,
                result,
            ]
        })
        .collect();
    let table = render::policies::empty_or_table(
        l,
        render::policies::columns(
            l,
            &[
                "column-time",
                "column-actor",
                "column-target",
                "column-change",
                "column-result",
            ],
        ),
        rows,
    );
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    Section {
        table,
        json: json(entries),
        csv_headers: [
            "Time",
            "ActorType",
            "UserPrincipalName",
            "ObjectId",
            "AppId",
            "PolicyId",
            "TargetType",
            "TargetId",
            "OldValue",
            "NewValue",
            "Result",
            "Reason",
            "RequestId",
            "CorrelationId",
            "Sequence",
            "ClientAddress",
            "UserAgent",
        ]
        .iter()
        .map(|h| (*h).to_owned())
        .collect(),
        csv_rows: entries
            .iter()
            .map(|e| {
                vec![
                    e.time.clone(),
                    e.actor.kind.clone(),
                    opt(&e.actor.user_principal_name),
                    opt(&e.actor.object_id),
                    opt(&e.actor.app_id),
                    e.policy_id.clone(),
                    e.target.kind.clone(),
                    opt(&e.target.id),
                    e.old_value.map(|v| v.to_string()).unwrap_or_default(),
                    e.new_value.map(|v| v.to_string()).unwrap_or_default(),
                    e.result.clone(),
                    opt(&e.reason),
                    e.request_id.clone(),
                    opt(&e.correlation_id),
                    e.sequence.to_string(),
                    opt(&e.client_address),
                    opt(&e.user_agent),
                ]
            })
            .collect(),
        summary: render::policies::count_summary(l, entries.len()),
        exit: None,
    }
}

struct AuditJob {
    policy_id: String,
    query: AuditQuery,
    limit: Option<usize>,
}

impl Job for AuditJob {
    async fn run(&self, ctx: &Ctx) -> Result<Section, Failure> {
        let policy_id = self.policy_id.as_str();
        let mut api = ctx.api().await?;
        let op = Op {
            write: false,
            policy_id,
            target: Target::Policy,
            value: None,
        };
        let entries = api
            .call(ctx, &op, async |c| {
                c.audit_entries(&self.query, self.limit).await
            })
            .await?;
        // Product names make the table readable; a list that cannot be read leaves the ids.
        let mut names = BTreeMap::new();
        if ctx.output() == OutputFormat::Table
            && entries.iter().any(|e| e.target.kind == "product")
            && let Ok(list) = api.client().product_policies(policy_id).await
        {
            for p in list {
                names.insert(p.product_id.to_ascii_uppercase(), p.product_name);
            }
        }
        Ok(entries_section(&ctx.l, &entries, &names))
    }
}

/// `--since` / `--until` as the service takes them (RFC 3339, UTC), or a usage error.
pub(crate) fn time_arg(
    l: &Localizer,
    now: OffsetDateTime,
    arg: &str,
    value: &Option<String>,
) -> Result<Option<String>, Failure> {
    match value {
        None => Ok(None),
        Some(v) => parse_time(v, now).map(|t| Some(utc(t))).ok_or_else(|| {
            Failure::local(
                Exit::Usage,
                l,
                "error-time",
                &[("arg", arg.to_owned()), ("value", v.clone())],
            )
        }),
    }
}

pub(crate) async fn audit(ctx: &Ctx, args: &AuditArgs) -> Result<Option<Exit>, Failure> {
    let now = ctx.clock.now();
    let query = AuditQuery {
        policy_id: Some(args.policy_id.clone()),
        product_id: args.product_id.clone(),
        offer_type: args.offer_type.clone(),
        actor: args.actor.clone(),
        since: time_arg(&ctx.l, now, "--since", &args.list.since)?,
        until: time_arg(&ctx.l, now, "--until", &args.list.until)?,
        top: None,
    };
    let job = AuditJob {
        policy_id: args.policy_id.clone(),
        query,
        limit: args.list.limit(),
    };
    tenants::run(ctx, &args.tenants, &job).await
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn times_are_rfc3339_dates_or_ages() {
        let now = datetime!(2026-11-20 10:00:00 UTC);
        assert_eq!(
            parse_time("2026-11-20T09:00:00+01:00", now),
            Some(datetime!(2026-11-20 08:00:00 UTC))
        );
        assert_eq!(
            parse_time("2026-11-19", now),
            Some(datetime!(2026-11-19 00:00:00 UTC))
        );
        assert_eq!(
            parse_time("24h", now),
            Some(datetime!(2026-11-19 10:00:00 UTC))
        );
        assert_eq!(
            parse_time("7d", now),
            Some(datetime!(2026-11-13 10:00:00 UTC))
        );
        assert_eq!(
            parse_time("30m", now),
            Some(datetime!(2026-11-20 09:30:00 UTC))
        );
        for bad in [
            "",
            "yesterday",
            "0d",
            "-1d",
            "5x",
            "d",
            "99999999999d",
            "2026-13-01",
        ] {
            assert_eq!(parse_time(bad, now), None, "{bad}");
        }
        assert_eq!(
            utc(datetime!(2026-11-20 09:00:00.5 +01:00)),
            "2026-11-20T08:00:00Z"
        );
    }
}
