//! The directory's statements, written once for both databases. Reads run on any connection,
//! writes inside the backend's write transaction.

use mscommerce_domain::{DomainName, TenantId};
use time::OffsetDateTime;
use uuid::Uuid;

use mscommerce_domain::lockout::{self, FailureCounter, LockoutPolicy};
use mscommerce_domain::rotation;

use super::{
    AppRecord, DeviceCodeRecord, DevicePoll, RefreshRedemption, RefreshTokenRecord, SignInFailures,
    TenantRecord, UserRecord,
};
use crate::common::{self, PollRow, truncate_micros as us};
use crate::policies::materialize;
use crate::sql::{Conn, Dialect, Row, params};
use crate::{Result, StoreError};

/// Expired device codes are kept this long (so a late poll still hears `expired_token`), then
/// purged when a new code is made.
const DEVICE_CODE_GRACE: time::Duration = time::Duration::hours(1);

fn tenant_row(r: &Row) -> Result<TenantRecord> {
    Ok(TenantRecord {
        id: r.tenant("id")?,
        domain: r
            .opt_text("domain")?
            .map(|d| {
                d.parse::<DomainName>()
                    .map_err(|e| StoreError::Internal(format!("stored domain: {e}")))
            })
            .transpose()?,
        display_name: r.text("display_name")?,
        created_at: r.time("created_at")?,
    })
}

fn user_row(r: &Row) -> Result<UserRecord> {
    Ok(UserRecord {
        tenant: r.tenant("tenant")?,
        oid: r.uuid("oid")?,
        upn: r.text("upn")?,
        display_name: r.text("display_name")?,
        password_hash: r.text("password_hash")?,
        roles: common::list_from_json(&r.text("roles")?)?,
        enabled: r.bool("enabled")?,
        created_at: r.time("created_at")?,
    })
}

fn app_row(r: &Row) -> Result<AppRecord> {
    Ok(AppRecord {
        tenant: r.tenant("tenant")?,
        client_id: r.text("client_id")?,
        oid: r.uuid("oid")?,
        display_name: r.text("display_name")?,
        secret_hash: r.opt_text("secret_hash")?,
        certificate_pem: r.opt_text("certificate_pem")?,
        permissions: common::list_from_json(&r.text("permissions")?)?,
        redirect_uris: common::list_from_json(&r.text("redirect_uris")?)?,
        created_at: r.time("created_at")?,
    })
}

fn device_code_row(r: &Row) -> Result<DeviceCodeRecord> {
    Ok(DeviceCodeRecord {
        device_code_hash: r.text("device_code_hash")?,
        user_code: r.text("user_code")?,
        tenant: r.tenant("tenant")?,
        client_id: r.text("client_id")?,
        scope: r.text("scope")?,
        created_at: r.time("created_at")?,
        expires_at: r.time("expires_at")?,
        interval: r.i64("interval_secs")?,
        last_poll_at: r.opt_time("last_poll_at")?,
        state: common::parse_state(&r.text("state")?)?,
        user_oid: r.opt_uuid("user_oid")?,
        failed_attempts: r.i64("failed_attempts")?,
    })
}

fn refresh_token_row(r: &Row) -> Result<RefreshTokenRecord> {
    Ok(RefreshTokenRecord {
        token_hash: r.text("token_hash")?,
        tenant: r.tenant("tenant")?,
        user_oid: r.uuid("user_oid")?,
        client_id: r.text("client_id")?,
        scope: r.text("scope")?,
        issued_at: r.time("issued_at")?,
        expires_at: r.time("expires_at")?,
        family: r.opt_uuid("family")?,
    })
}

/// `NotFound` when an update changed no row.
fn found(n: u64) -> Result<()> {
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

async fn tenant_exists(c: &mut impl Conn, tenant: TenantId) -> Result<bool> {
    Ok(c.query_opt(
        "SELECT 1 AS one FROM tenants WHERE id = $1",
        params![tenant],
    )
    .await?
    .is_some())
}

pub(crate) async fn create_tenant(c: &mut impl Conn, tenant: &TenantRecord) -> Result<()> {
    if let Some(d) = &tenant.domain {
        let taken = c
            .query_opt(
                "SELECT 1 AS one FROM tenants WHERE domain = $1",
                params![d.as_str()],
            )
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict(format!(
                "a tenant with the domain {d} exists"
            )));
        }
    }
    let domain = tenant.domain.as_ref().map(DomainName::as_str);
    let created = materialize(
        c,
        tenant.id,
        domain,
        &tenant.display_name,
        tenant.created_at,
    )
    .await?;
    if !created {
        return Err(StoreError::Conflict(format!("tenant {} exists", tenant.id)));
    }
    Ok(())
}

pub(crate) async fn find_tenant(
    c: &mut impl Conn,
    domain_or_id: &str,
) -> Result<Option<TenantRecord>> {
    let s = domain_or_id.trim();
    let row = match s.parse::<TenantId>() {
        Ok(id) => {
            c.query_opt("SELECT * FROM tenants WHERE id = $1", params![id])
                .await?
        }
        Err(_) => {
            c.query_opt(
                "SELECT * FROM tenants WHERE domain = $1",
                params![s.to_ascii_lowercase()],
            )
            .await?
        }
    };
    row.as_ref().map(tenant_row).transpose()
}

pub(crate) async fn list_tenants(c: &mut impl Conn) -> Result<Vec<TenantRecord>> {
    let mut list = c
        .query("SELECT * FROM tenants", vec![])
        .await?
        .iter()
        .map(tenant_row)
        .collect::<Result<Vec<_>>>()?;
    list.sort_by_key(|t| (t.created_at, *t.id.as_uuid()));
    Ok(list)
}

pub(crate) async fn create_user(c: &mut impl Conn, user: &UserRecord) -> Result<()> {
    let upn = user.upn.to_lowercase();
    if !tenant_exists(c, user.tenant).await? {
        return Err(StoreError::NotFound);
    }
    let taken = c
        .query_opt(
            "SELECT upn FROM users WHERE upn = $1 OR oid = $2",
            params![upn.as_str(), user.oid],
        )
        .await?;
    if let Some(r) = taken {
        return Err(StoreError::Conflict(if r.text("upn")? == upn {
            format!("a user with the UPN {upn} exists")
        } else {
            format!("a user with the object id {} exists", user.oid)
        }));
    }
    // A concurrent twin that passed the check above fails on the unique indexes (Conflict).
    c.execute(
        "INSERT INTO users (oid, tenant, upn, display_name, password_hash, roles, enabled, \
             created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        params![
            user.oid,
            user.tenant,
            upn,
            user.display_name.as_str(),
            user.password_hash.as_str(),
            common::list_to_json(&user.roles)?,
            user.enabled,
            us(user.created_at)?
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn find_user(c: &mut impl Conn, upn: &str) -> Result<Option<UserRecord>> {
    c.query_opt(
        "SELECT * FROM users WHERE upn = $1",
        params![upn.trim().to_lowercase()],
    )
    .await?
    .as_ref()
    .map(user_row)
    .transpose()
}

pub(crate) async fn find_user_by_oid(
    c: &mut impl Conn,
    tenant: TenantId,
    oid: Uuid,
) -> Result<Option<UserRecord>> {
    c.query_opt(
        "SELECT * FROM users WHERE tenant = $1 AND oid = $2",
        params![tenant, oid],
    )
    .await?
    .as_ref()
    .map(user_row)
    .transpose()
}

/// `SELECT * FROM table`, of one tenant when given.
async fn of_tenant(
    c: &mut impl Conn,
    all: &'static str,
    one: &'static str,
    tenant: Option<TenantId>,
) -> Result<Vec<Row>> {
    match tenant {
        Some(t) => c.query(one, params![t]).await,
        None => c.query(all, vec![]).await,
    }
}

pub(crate) async fn list_users(
    c: &mut impl Conn,
    tenant: Option<TenantId>,
) -> Result<Vec<UserRecord>> {
    let rows = of_tenant(
        c,
        "SELECT * FROM users",
        "SELECT * FROM users WHERE tenant = $1",
        tenant,
    )
    .await?;
    let mut list = rows.iter().map(user_row).collect::<Result<Vec<_>>>()?;
    list.sort_by(|a, b| a.upn.as_bytes().cmp(b.upn.as_bytes()));
    Ok(list)
}

pub(crate) async fn set_user_password(c: &mut impl Conn, upn: &str, hash: &str) -> Result<()> {
    let n = c
        .execute(
            "UPDATE users SET password_hash = $1 WHERE upn = $2",
            params![hash, upn.trim().to_lowercase()],
        )
        .await?;
    found(n)
}

pub(crate) async fn set_user_roles(c: &mut impl Conn, upn: &str, roles: &[String]) -> Result<()> {
    let n = c
        .execute(
            "UPDATE users SET roles = $1 WHERE upn = $2",
            params![common::list_to_json(roles)?, upn.trim().to_lowercase()],
        )
        .await?;
    found(n)
}

pub(crate) async fn create_app(c: &mut impl Conn, app: &AppRecord) -> Result<()> {
    if !tenant_exists(c, app.tenant).await? {
        return Err(StoreError::NotFound);
    }
    if find_app(c, app.tenant, &app.client_id).await?.is_some() {
        return Err(StoreError::Conflict(format!(
            "the tenant has an app with the client id {}",
            app.client_id
        )));
    }
    c.execute(
        "INSERT INTO apps (tenant, client_id, oid, display_name, secret_hash, certificate_pem, \
             permissions, redirect_uris, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        params![
            app.tenant,
            app.client_id.as_str(),
            app.oid,
            app.display_name.as_str(),
            app.secret_hash.as_deref(),
            app.certificate_pem.as_deref(),
            common::list_to_json(&app.permissions)?,
            common::list_to_json(&app.redirect_uris)?,
            us(app.created_at)?
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn find_app(
    c: &mut impl Conn,
    tenant: TenantId,
    client_id: &str,
) -> Result<Option<AppRecord>> {
    c.query_opt(
        "SELECT * FROM apps WHERE tenant = $1 AND client_id = $2",
        params![tenant, client_id],
    )
    .await?
    .as_ref()
    .map(app_row)
    .transpose()
}

pub(crate) async fn list_apps(
    c: &mut impl Conn,
    tenant: Option<TenantId>,
) -> Result<Vec<AppRecord>> {
    let rows = of_tenant(
        c,
        "SELECT * FROM apps",
        "SELECT * FROM apps WHERE tenant = $1",
        tenant,
    )
    .await?;
    let mut list = rows.iter().map(app_row).collect::<Result<Vec<_>>>()?;
    list.sort_by(|a, b| {
        (a.tenant.to_string(), a.client_id.as_bytes())
            .cmp(&(b.tenant.to_string(), b.client_id.as_bytes()))
    });
    Ok(list)
}

pub(crate) async fn set_app_secret(
    c: &mut impl Conn,
    tenant: TenantId,
    client_id: &str,
    hash: &str,
) -> Result<()> {
    let n = c
        .execute(
            "UPDATE apps SET secret_hash = $1 WHERE tenant = $2 AND client_id = $3",
            params![hash, tenant, client_id],
        )
        .await?;
    found(n)
}

pub(crate) async fn create_device_code(c: &mut impl Conn, record: &DeviceCodeRecord) -> Result<()> {
    let now = us(record.created_at)?;
    // Purge codes long expired, and an expired code holding this user code.
    c.execute(
        "DELETE FROM device_codes \
         WHERE expires_at <= $1 OR (upper(user_code) = $2 AND expires_at <= $3)",
        params![
            now - DEVICE_CODE_GRACE,
            common::user_code_key(&record.user_code),
            now
        ],
    )
    .await?;
    c.execute(
        "INSERT INTO device_codes (device_code_hash, user_code, tenant, client_id, scope, \
             created_at, expires_at, interval_secs, last_poll_at, state, user_oid, \
             failed_attempts) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        params![
            record.device_code_hash.as_str(),
            record.user_code.as_str(),
            record.tenant,
            record.client_id.as_str(),
            record.scope.as_str(),
            now,
            us(record.expires_at)?,
            record.interval,
            record.last_poll_at.map(us).transpose()?,
            record.state.as_str(),
            record.user_oid,
            record.failed_attempts
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn find_pending_device_code(
    c: &mut impl Conn,
    user_code: &str,
    now: OffsetDateTime,
) -> Result<Option<DeviceCodeRecord>> {
    c.query_opt(
        "SELECT * FROM device_codes \
         WHERE upper(user_code) = $1 AND state = 'Pending' AND expires_at > $2",
        params![common::user_code_key(user_code), us(now)?],
    )
    .await?
    .as_ref()
    .map(device_code_row)
    .transpose()
}

pub(crate) async fn decide_device_code(
    c: &mut impl Conn,
    user_code: &str,
    approve: Option<Uuid>,
    now: OffsetDateTime,
) -> Result<bool> {
    let state = match approve {
        Some(_) => super::DeviceCodeState::Approved,
        None => super::DeviceCodeState::Declined,
    };
    let n = c
        .execute(
            // An approval also fixes the tenant: a code started at `organizations` or `common`
            // belongs to whoever completes it (a tenant's own code was checked to match).
            "UPDATE device_codes SET state = $1, user_oid = $2, \
                 tenant = COALESCE((SELECT tenant FROM users WHERE oid = $2), tenant) \
             WHERE upper(user_code) = $3 AND state = 'Pending' AND expires_at > $4",
            params![
                state.as_str(),
                approve,
                common::user_code_key(user_code),
                us(now)?
            ],
        )
        .await?;
    Ok(n == 1)
}

pub(crate) async fn count_device_code_failure(c: &mut impl Conn, user_code: &str) -> Result<i64> {
    c.query_opt(
        "UPDATE device_codes SET failed_attempts = failed_attempts + 1 \
         WHERE upper(user_code) = $1 RETURNING failed_attempts",
        params![common::user_code_key(user_code)],
    )
    .await?
    .ok_or(StoreError::NotFound)?
    .i64("failed_attempts")
}

pub(crate) async fn poll_device_code(
    c: &mut impl Conn,
    device_code_hash: &str,
    now: OffsetDateTime,
) -> Result<DevicePoll> {
    // The row is read and updated in one transaction; on PostgreSQL under its row lock (two
    // replicas polling at once decide one after the other), on SQLite under the one writer.
    let sql = match c.dialect() {
        Dialect::Postgres => "SELECT * FROM device_codes WHERE device_code_hash = $1 FOR UPDATE",
        Dialect::Sqlite => "SELECT * FROM device_codes WHERE device_code_hash = $1",
    };
    let Some(r) = c.query_opt(sql, params![device_code_hash]).await? else {
        return Ok(DevicePoll::Unknown);
    };
    let record = device_code_row(&r)?;
    let outcome = common::poll(
        &PollRow {
            state: record.state,
            expires_at: record.expires_at,
            interval: record.interval,
            last_poll_at: record.last_poll_at,
            user_oid: record.user_oid,
            scope: record.scope,
            tenant: record.tenant,
        },
        now,
    )?;
    c.execute(
        "UPDATE device_codes SET state = $1, interval_secs = $2, last_poll_at = $3 \
         WHERE device_code_hash = $4",
        params![
            outcome.state.as_str(),
            outcome.interval,
            us(now)?,
            device_code_hash
        ],
    )
    .await?;
    Ok(outcome.answer)
}

pub(crate) async fn store_refresh_token(
    c: &mut impl Conn,
    record: &RefreshTokenRecord,
) -> Result<()> {
    // Expired tokens can never be redeemed: drop them (and what is remembered of spent ones and
    // revoked families) as new ones arrive.
    for table in [
        "DELETE FROM refresh_tokens WHERE expires_at <= $1",
        "DELETE FROM spent_refresh_tokens WHERE expires_at <= $1",
        "DELETE FROM revoked_refresh_families WHERE expires_at <= $1",
    ] {
        c.execute(table, params![us(record.issued_at)?]).await?;
    }
    c.execute(
        "INSERT INTO refresh_tokens (token_hash, tenant, user_oid, client_id, scope, issued_at, \
             expires_at, family) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        params![
            record.token_hash.as_str(),
            record.tenant,
            record.user_oid,
            record.client_id.as_str(),
            record.scope.as_str(),
            us(record.issued_at)?,
            us(record.expires_at)?,
            record.family
        ],
    )
    .await?;
    Ok(())
}

/// The upsert alone decides (a row expired at `now` is taken over, a live one is a replay), so
/// of two processes seeing one assertion exactly one gets `true`; the delete before it only
/// keeps the table small.
pub(crate) async fn remember_assertion(
    c: &mut impl Conn,
    jti_key: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<bool> {
    let (expires_at, now) = (us(expires_at)?, us(now)?);
    c.execute(
        "DELETE FROM used_assertions WHERE expires_at < $1",
        params![now],
    )
    .await?;
    let n = c
        .execute(
            "INSERT INTO used_assertions (jti_key, expires_at) VALUES ($1, $2) \
             ON CONFLICT (jti_key) DO UPDATE SET expires_at = excluded.expires_at \
             WHERE used_assertions.expires_at < $3",
            params![jti_key, expires_at, now],
        )
        .await?;
    Ok(n == 1)
}

/// The delete alone decides (of two concurrent redemptions exactly one gets the row); the spent
/// token is remembered with its family. A token that is not live is looked up among the spent:
/// a replay revokes its family (every live token of it, and any stored later), RFC 9700
/// §4.14.2.
pub(crate) async fn take_refresh_token(
    c: &mut impl Conn,
    token_hash: &str,
    now: OffsetDateTime,
    grace: time::Duration,
) -> Result<RefreshRedemption> {
    let row = c
        .query_opt(
            "DELETE FROM refresh_tokens WHERE token_hash = $1 AND NOT EXISTS \
                 (SELECT 1 FROM revoked_refresh_families r WHERE r.family = refresh_tokens.family) \
             RETURNING *",
            params![token_hash],
        )
        .await?;
    if let Some(r) = row {
        let record = refresh_token_row(&r)?;
        if record.expires_at <= now {
            return Ok(RefreshRedemption::Unknown);
        }
        if let Some(family) = record.family {
            c.execute(
                "INSERT INTO spent_refresh_tokens \
                     (token_hash, family, tenant, user_oid, client_id, expires_at, spent_at, scope) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                params![
                    token_hash,
                    family,
                    record.tenant,
                    record.user_oid,
                    record.client_id.as_str(),
                    us(record.expires_at)?,
                    us(now)?,
                    record.scope.as_str()
                ],
            )
            .await?;
        }
        return Ok(RefreshRedemption::Redeemed(record));
    }
    let Some(spent) = c
        .query_opt(
            "SELECT family, tenant, user_oid, client_id, expires_at, spent_at, scope \
             FROM spent_refresh_tokens WHERE token_hash = $1 AND expires_at > $2",
            params![token_hash, us(now)?],
        )
        .await?
    else {
        return Ok(RefreshRedemption::Unknown);
    };
    let family = spent.uuid("family")?;
    let spent_at = spent.opt_time("spent_at")?;
    if rotation::spent_use(spent_at, now, grace) == rotation::SpentUse::Honour {
        let revoked = c
            .query_opt(
                "SELECT 1 AS one FROM revoked_refresh_families WHERE family = $1",
                params![family],
            )
            .await?
            .is_some();
        if let (false, Some(spent_at), Some(scope)) = (revoked, spent_at, spent.opt_text("scope")?)
        {
            return Ok(RefreshRedemption::Redeemed(RefreshTokenRecord {
                token_hash: token_hash.to_owned(),
                tenant: spent.tenant("tenant")?,
                user_oid: spent.uuid("user_oid")?,
                client_id: spent.text("client_id")?,
                scope,
                issued_at: spent_at,
                expires_at: spent.time("expires_at")?,
                family: Some(family),
            }));
        }
        if revoked {
            return Ok(RefreshRedemption::Unknown);
        }
    }
    // The marker outlives the family's last token (a day more, for a rotation racing this).
    let spent_expiry = spent.time("expires_at")?;
    let latest = c
        .query_opt(
            "SELECT MAX(expires_at) AS latest FROM refresh_tokens WHERE family = $1",
            params![family],
        )
        .await?
        .map(|r| r.opt_time("latest"))
        .transpose()?
        .flatten()
        .map_or(spent_expiry, |t| t.max(spent_expiry));
    let until = latest + time::Duration::days(1);
    let revoked = c
        .execute(
            "DELETE FROM refresh_tokens WHERE family = $1",
            params![family],
        )
        .await?;
    c.execute(
        "INSERT INTO revoked_refresh_families (family, expires_at) VALUES ($1, $2) \
         ON CONFLICT (family) DO NOTHING",
        params![family, us(until)?],
    )
    .await?;
    Ok(RefreshRedemption::Replayed {
        family,
        tenant: spent.tenant("tenant")?,
        user_oid: spent.uuid("user_oid")?,
        client_id: spent.text("client_id")?,
        revoked,
    })
}

/// The source of an account's own counter (all its sources together).
const ALL_SOURCES: &str = "";

fn failure_counter(r: &Row) -> Result<FailureCounter> {
    Ok(FailureCounter {
        failures: r.i64("failures")?,
        last_failure_at: r.time("last_failure_at")?,
        locked_until: r.opt_time("locked_until")?,
    })
}

async fn failure_counters(
    c: &mut impl Conn,
    account: &str,
    source: &str,
    for_update: bool,
) -> Result<SignInFailures> {
    let sql = match (c.dialect(), for_update) {
        (Dialect::Postgres, true) => {
            "SELECT * FROM sign_in_failures WHERE account = $1 AND source IN ($2, $3) FOR UPDATE"
        }
        _ => "SELECT * FROM sign_in_failures WHERE account = $1 AND source IN ($2, $3)",
    };
    let mut found = SignInFailures::default();
    for r in c.query(sql, params![account, ALL_SOURCES, source]).await? {
        let counter = failure_counter(&r)?;
        if r.text("source")? == ALL_SOURCES {
            found.account = Some(counter);
        } else {
            found.source = Some(counter);
        }
    }
    Ok(found)
}

pub(crate) async fn sign_in_failures(
    c: &mut impl Conn,
    account: &str,
    source: &str,
) -> Result<SignInFailures> {
    failure_counters(c, account, source, false).await
}

pub(crate) async fn record_sign_in_failure(
    c: &mut impl Conn,
    account: &str,
    source: &str,
    now: OffsetDateTime,
    policy: &LockoutPolicy,
) -> Result<SignInFailures> {
    let now = us(now)?;
    c.execute(
        "DELETE FROM sign_in_failures WHERE keep_until <= $1",
        params![now],
    )
    .await?;
    // Both rows exist before they are locked, so that two replicas counting the first failure
    // at once serialize on the row lock instead of both inserting.
    for s in [ALL_SOURCES, source] {
        c.execute(
            "INSERT INTO sign_in_failures \
                 (account, source, failures, last_failure_at, locked_until, keep_until) \
             VALUES ($1, $2, 0, $3, NULL, $3) ON CONFLICT (account, source) DO NOTHING",
            params![account, s, now],
        )
        .await?;
    }
    let before = failure_counters(c, account, source, true).await?;
    let after = SignInFailures {
        account: Some(lockout::after_failure(before.account, now, policy)),
        source: Some(lockout::after_failure(before.source, now, policy)),
    };
    for (s, counter) in [(ALL_SOURCES, after.account), (source, after.source)] {
        let Some(counter) = counter else { continue };
        c.execute(
            "UPDATE sign_in_failures SET failures = $1, last_failure_at = $2, locked_until = $3, \
                 keep_until = $4 \
             WHERE account = $5 AND source = $6",
            params![
                counter.failures,
                us(counter.last_failure_at)?,
                counter.locked_until.map(us).transpose()?,
                us(counter.keep_until(policy))?,
                account,
                s
            ],
        )
        .await?;
    }
    Ok(after)
}

pub(crate) async fn clear_sign_in_failures(
    c: &mut impl Conn,
    account: &str,
    source: &str,
    now: OffsetDateTime,
    policy: &LockoutPolicy,
) -> Result<()> {
    let found = failure_counters(c, account, source, true).await?;
    if found.source.is_some() {
        c.execute(
            "DELETE FROM sign_in_failures WHERE account = $1 AND source = $2",
            params![account, source],
        )
        .await?;
    }
    if found.account.is_some() && lockout::locked_until(found.account, now, policy).is_none() {
        c.execute(
            "DELETE FROM sign_in_failures WHERE account = $1 AND source = $2",
            params![account, ALL_SOURCES],
        )
        .await?;
    }
    Ok(())
}

pub(crate) async fn put_short_lived(
    c: &mut impl Conn,
    kind: &str,
    key: &str,
    value: &str,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<()> {
    c.execute(
        "DELETE FROM short_lived WHERE kind = $1 AND expires_at <= $2",
        params![kind, us(now)?],
    )
    .await?;
    c.execute(
        "INSERT INTO short_lived (kind, key, value, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (kind, key) DO UPDATE SET value = excluded.value, \
         expires_at = excluded.expires_at",
        params![kind, key, value, us(expires_at)?],
    )
    .await?;
    Ok(())
}

pub(crate) async fn short_lived(
    c: &mut impl Conn,
    kind: &str,
    key: &str,
    now: OffsetDateTime,
) -> Result<Option<String>> {
    c.query_opt(
        "SELECT value FROM short_lived WHERE kind = $1 AND key = $2 AND expires_at > $3",
        params![kind, key, us(now)?],
    )
    .await?
    .map(|r| r.text("value"))
    .transpose()
}

/// The delete alone decides: of two concurrent takers exactly one gets the row.
pub(crate) async fn take_short_lived(
    c: &mut impl Conn,
    kind: &str,
    key: &str,
    now: OffsetDateTime,
) -> Result<Option<String>> {
    let Some(row) = c
        .query_opt(
            "DELETE FROM short_lived WHERE kind = $1 AND key = $2 RETURNING value, expires_at",
            params![kind, key],
        )
        .await?
    else {
        return Ok(None);
    };
    if row.time("expires_at")? <= now {
        return Ok(None);
    }
    row.text("value").map(Some)
}
