//! The store's traits, implemented once over any [`Backend`]: each method hands its work (the
//! statements of `policies`, `catalog` and `directory::statements`) to the backend's read or
//! write path. Work must own what it uses (the SQLite backend runs it on its writer thread), so
//! the arguments are cloned into it.

use async_trait::async_trait;
use mscommerce_domain::{
    AuditEntry, Catalog, CatalogProduct, IfMatch, OfferType, PolicyId, PolicyValue, ProductId,
    ReadGrant, TenantId, WriteGrant,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::directory::statements as dir;
use crate::policies::{self, Change};
use crate::sql::{Backend, Conn, work};
use crate::{
    AppRecord, AuditQuery, Batch, BatchResult, CatalogRecord, ChangeNotice, DeviceCodeRecord,
    DevicePoll, DirectoryStore, JournalRecord, LockoutPolicy, OfferTypePolicyRecord, PolicyStore,
    ProductPolicyRecord, RefreshRedemption, RefreshTokenRecord, Result, SignInFailures, Store,
    TenantPolicyRecord, TenantRecord, UserRecord, WriteContext, catalog,
};

/// A store on a database: what [`crate::sqlite::SqliteStore`] and
/// [`crate::postgres::PostgresStore`] are.
#[derive(Debug, Clone)]
pub struct SqlStore<B> {
    pub(crate) backend: B,
}

/// `self.read(|c| policies::x(c, a, b))`: runs a statement function on a read connection, the
/// arguments moved in.
macro_rules! on {
    ($self:ident . $path:ident, |$c:ident| $body:expr) => {
        $self
            .backend
            .$path(work(move |$c: &mut B::Conn| Box::pin(async move { $body })))
            .await
    };
}

#[async_trait]
impl<B: Backend> crate::PurchaseStore for SqlStore<B> {
    async fn record_purchase(
        &self,
        grant: &mscommerce_domain::PurchaseGrant,
        policy: PolicyId,
        purchase: &crate::NewPurchase,
    ) -> Result<crate::PurchaseRecord> {
        let actor = grant.actor();
        // A storefront is an application: its app id names it (its object id otherwise).
        let by = actor
            .app_id
            .clone()
            .or_else(|| actor.oid.map(|o| o.to_string()))
            .unwrap_or_default();
        let tenant = grant.tenant();
        let purchase = purchase.clone();
        on!(self.write, |c| crate::purchases::record(
            c, tenant, &by, policy, &purchase
        )
        .await)
    }

    async fn purchases(
        &self,
        grant: &ReadGrant,
        query: &crate::PurchaseQuery,
    ) -> Result<Vec<crate::PurchaseRecord>> {
        let (tenant, query) = (grant.tenant(), query.clone());
        on!(self.read, |c| crate::purchases::list(c, tenant, &query)
            .await)
    }
}

#[async_trait]
impl<B: Backend> crate::WebhookStore for SqlStore<B> {
    async fn create_webhook(
        &self,
        grant: &WriteGrant,
        webhook: &crate::WebhookRecord,
    ) -> Result<()> {
        let mut webhook = webhook.clone();
        webhook.tenant = grant.tenant();
        on!(self.write_first, |c| crate::webhooks::create(c, &webhook)
            .await)
    }

    async fn webhooks(&self, grant: &ReadGrant) -> Result<Vec<crate::WebhookRecord>> {
        let tenant = grant.tenant();
        on!(self.read, |c| crate::webhooks::list(c, tenant).await)
    }

    async fn delete_webhook(&self, grant: &WriteGrant, id: Uuid) -> Result<()> {
        let tenant = grant.tenant();
        on!(self.write_first, |c| crate::webhooks::delete(c, tenant, id)
            .await)
    }

    async fn deliveries(
        &self,
        grant: &ReadGrant,
        webhook: Uuid,
        limit: u32,
    ) -> Result<Vec<crate::DeliveryRecord>> {
        let tenant = grant.tenant();
        on!(self.read, |c| crate::webhooks::deliveries(
            c, tenant, webhook, limit
        )
        .await)
    }

    async fn replay_delivery(
        &self,
        grant: &WriteGrant,
        webhook: Uuid,
        delivery: Uuid,
        now: OffsetDateTime,
    ) -> Result<crate::DeliveryRecord> {
        let tenant = grant.tenant();
        on!(self.write_first, |c| crate::webhooks::replay(
            c, tenant, webhook, delivery, now
        )
        .await)
    }

    async fn due_deliveries(
        &self,
        now: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<crate::DueDelivery>> {
        on!(self.read, |c| crate::webhooks::due(c, now, limit).await)
    }

    async fn claim_delivery(
        &self,
        id: Uuid,
        now: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<bool> {
        on!(self.write_first, |c| crate::webhooks::claim(
            c, id, now, until
        )
        .await)
    }

    async fn finish_delivery(
        &self,
        id: Uuid,
        at: OffsetDateTime,
        attempt: &crate::Attempt,
    ) -> Result<()> {
        let attempt = attempt.clone();
        on!(self.write_first, |c| crate::webhooks::finish(
            c, id, at, &attempt
        )
        .await)
    }
}

#[async_trait]
impl<B: Backend> crate::LicenseRequestStore for SqlStore<B> {
    async fn file_license_request(
        &self,
        grant: &mscommerce_domain::RequesterGrant,
        policy: PolicyId,
        request: &crate::NewLicenseRequest,
    ) -> Result<crate::LicenseRequestRecord> {
        let tenant = grant.tenant();
        let requester = (grant.oid(), grant.upn().map(str::to_owned));
        let request = request.clone();
        on!(self.write, |c| crate::license_requests::file(
            c, tenant, requester, policy, &request
        )
        .await)
    }

    async fn license_requests(
        &self,
        reader: &mscommerce_domain::RequestReader,
        query: &crate::LicenseRequestQuery,
        now: OffsetDateTime,
    ) -> Result<Vec<crate::LicenseRequestRecord>> {
        let (reader, query) = (reader.clone(), query.clone());
        on!(self.read, |c| crate::license_requests::list(
            c, &reader, &query, now
        )
        .await)
    }

    async fn license_request(
        &self,
        reader: &mscommerce_domain::RequestReader,
        id: Uuid,
    ) -> Result<Option<crate::LicenseRequestRecord>> {
        let reader = reader.clone();
        on!(self.read, |c| crate::license_requests::one(c, &reader, id)
            .await)
    }

    async fn decide_license_request(
        &self,
        grant: &mscommerce_domain::DeciderGrant,
        id: Uuid,
        decision: mscommerce_domain::license_request::RequestDecision,
        message: Option<String>,
        ctx: &WriteContext,
    ) -> Result<crate::LicenseRequestRecord> {
        let (grant, ctx) = (grant.clone(), ctx.clone());
        on!(self.write, |c| crate::license_requests::decide(
            c, &grant, id, decision, message, &ctx
        )
        .await)
    }

    async fn license_request_settings(
        &self,
        tenant: TenantId,
    ) -> Result<Option<mscommerce_proto::license::LicenseRequestSettings>> {
        on!(self.read, |c| crate::license_requests::settings(c, tenant)
            .await)
    }

    async fn set_license_request_settings(
        &self,
        grant: &WriteGrant,
        settings: &mscommerce_proto::license::LicenseRequestSettings,
        at: OffsetDateTime,
    ) -> Result<()> {
        let (tenant, settings) = (grant.tenant(), settings.clone());
        on!(self.write, |c| crate::license_requests::set_settings(
            c, tenant, &settings, at
        )
        .await)
    }
}

#[async_trait]
impl<B: Backend> PolicyStore for SqlStore<B> {
    async fn policy(&self, grant: &ReadGrant, policy: PolicyId) -> Result<TenantPolicyRecord> {
        let tenant = grant.tenant();
        on!(self.read, |c| policies::policy(c, tenant, policy).await)
    }

    async fn product_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<ProductPolicyRecord>> {
        let tenant = grant.tenant();
        on!(self.read, |c| policies::products(c, tenant, policy).await)
    }

    async fn product_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        product: &ProductId,
    ) -> Result<ProductPolicyRecord> {
        let (tenant, product) = (grant.tenant(), product.clone());
        on!(self.read, |c| policies::product(
            c, tenant, policy, &product
        )
        .await?
        .ok_or(crate::StoreError::NotFound))
    }

    async fn offer_type_policies(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
    ) -> Result<Vec<OfferTypePolicyRecord>> {
        let tenant = grant.tenant();
        on!(self.read, |c| policies::offer_types(c, tenant, policy)
            .await)
    }

    async fn offer_type_policy(
        &self,
        grant: &ReadGrant,
        policy: PolicyId,
        offer_type: &OfferType,
    ) -> Result<OfferTypePolicyRecord> {
        let (tenant, o) = (grant.tenant(), offer_type.clone());
        on!(self.read, |c| policies::offer_type(c, tenant, policy, &o)
            .await?
            .ok_or(crate::StoreError::NotFound))
    }

    async fn set_product_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        product: &ProductId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<ProductPolicyRecord> {
        let (grant, product, if_match, ctx) = (
            grant.clone(),
            product.clone(),
            if_match.cloned(),
            ctx.clone(),
        );
        on!(self.write, |c| {
            let ch = change(&grant, policy, value, if_match.as_ref(), &ctx);
            policies::set_product(c, ch, &product).await
        })?
    }

    async fn set_offer_type_policy(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        offer_type: &OfferType,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<OfferTypePolicyRecord> {
        let (grant, o, if_match, ctx) = (
            grant.clone(),
            offer_type.clone(),
            if_match.cloned(),
            ctx.clone(),
        );
        on!(self.write, |c| {
            let ch = change(&grant, policy, value, if_match.as_ref(), &ctx);
            policies::set_offer_type(c, ch, &o).await
        })?
    }

    async fn set_default_value(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        value: PolicyValue,
        if_match: Option<&IfMatch>,
        ctx: &WriteContext,
    ) -> Result<TenantPolicyRecord> {
        let (grant, if_match, ctx) = (grant.clone(), if_match.cloned(), ctx.clone());
        on!(self.write, |c| {
            let ch = change(&grant, policy, value, if_match.as_ref(), &ctx);
            policies::set_default(c, ch).await
        })?
    }

    async fn apply_batch(
        &self,
        grant: &WriteGrant,
        policy: PolicyId,
        batch: &Batch,
        ctx: &WriteContext,
    ) -> Result<BatchResult> {
        let (grant, batch, ctx) = (grant.clone(), batch.clone(), ctx.clone());
        on!(self.write, |c| policies::apply_batch(
            c, &grant, policy, &batch, &ctx
        )
        .await)?
    }

    async fn journal_refusal(&self, entry: &AuditEntry) -> Result<()> {
        self.journal_refusals(std::slice::from_ref(entry)).await
    }

    async fn journal_refusals(&self, entries: &[AuditEntry]) -> Result<()> {
        policies::check_refusals(entries)?;
        if entries.is_empty() {
            return Ok(());
        }
        let entries = entries.to_vec();
        on!(self.write, |c| policies::journal_refusals(c, &entries)
            .await)
    }

    async fn journal_head(&self, tenant: TenantId) -> Result<Option<(i64, String)>> {
        on!(self.read, |c| policies::journal_head(c, tenant).await)
    }

    async fn journal_after(
        &self,
        tenant: TenantId,
        after: i64,
        limit: u32,
    ) -> Result<Vec<JournalRecord>> {
        on!(self.read, |c| policies::journal_after(
            c, tenant, after, limit
        )
        .await)
    }

    async fn audit_log(&self, grant: &ReadGrant, query: &AuditQuery) -> Result<Vec<JournalRecord>> {
        let (tenant, query) = (grant.tenant(), query.clone());
        on!(self.read, |c| policies::audit_log(c, tenant, &query).await)
    }
}

fn change<'a>(
    grant: &'a WriteGrant,
    policy: PolicyId,
    value: PolicyValue,
    if_match: Option<&'a IfMatch>,
    ctx: &'a WriteContext,
) -> Change<'a> {
    Change {
        grant,
        policy,
        value,
        if_match,
        ctx,
    }
}

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    fn changes(&self) -> tokio::sync::broadcast::Receiver<ChangeNotice> {
        self.backend.changes()
    }

    fn commit_groups(&self) -> Option<(u64, u64)> {
        self.backend.commit_groups()
    }

    async fn migrate(&self) -> Result<()> {
        self.backend.migrate().await
    }

    async fn sync_catalog(&self, catalog: &Catalog) -> Result<()> {
        let catalog = catalog.clone();
        on!(self.write_first, |c| catalog::sync(c, &catalog).await)
    }

    async fn ping(&self) -> Result<()> {
        on!(self.read, |c| c
            .query("SELECT 1 AS one", vec![])
            .await
            .map(drop))
    }

    async fn catalog_products(&self) -> Result<Vec<CatalogRecord>> {
        on!(self.read, |c| catalog::products(c).await)
    }

    async fn catalog_add(&self, product: &CatalogProduct) -> Result<()> {
        let product = product.clone();
        on!(self.write_first, |c| catalog::add(c, &product).await)
    }

    async fn catalog_rename(&self, product: &ProductId, name: &str) -> Result<()> {
        let (product, name) = (product.clone(), name.to_owned());
        on!(self.write_first, |c| catalog::rename(c, &product, &name)
            .await)
    }

    async fn catalog_retire(&self, product: &ProductId) -> Result<bool> {
        let product = product.clone();
        on!(self.write_first, |c| catalog::retire(c, &product).await)
    }

    async fn catalog_map_legacy(&self, legacy: &ProductId, product: &ProductId) -> Result<()> {
        let (legacy, product) = (legacy.clone(), product.clone());
        on!(self.write_first, |c| catalog::map_legacy(
            c, &legacy, &product
        )
        .await)
    }
}

#[async_trait]
impl<B: Backend> DirectoryStore for SqlStore<B> {
    async fn create_tenant(&self, tenant: &TenantRecord) -> Result<()> {
        let tenant = tenant.clone();
        on!(self.write_first, |c| dir::create_tenant(c, &tenant).await)
    }

    async fn find_tenant(&self, domain_or_id: &str) -> Result<Option<TenantRecord>> {
        let key = domain_or_id.to_owned();
        on!(self.read, |c| dir::find_tenant(c, &key).await)
    }

    async fn list_tenants(&self) -> Result<Vec<TenantRecord>> {
        on!(self.read, |c| dir::list_tenants(c).await)
    }

    async fn create_user(&self, user: &UserRecord) -> Result<()> {
        let user = user.clone();
        on!(self.write_first, |c| dir::create_user(c, &user).await)
    }

    async fn find_user(&self, upn: &str) -> Result<Option<UserRecord>> {
        let upn = upn.to_owned();
        on!(self.read, |c| dir::find_user(c, &upn).await)
    }

    async fn find_user_by_oid(&self, tenant: TenantId, oid: Uuid) -> Result<Option<UserRecord>> {
        on!(self.read, |c| dir::find_user_by_oid(c, tenant, oid).await)
    }

    async fn list_users(&self, tenant: Option<TenantId>) -> Result<Vec<UserRecord>> {
        on!(self.read, |c| dir::list_users(c, tenant).await)
    }

    async fn set_user_password(&self, upn: &str, password_hash: &str) -> Result<()> {
        let (upn, hash) = (upn.to_owned(), password_hash.to_owned());
        on!(self.write_first, |c| dir::set_user_password(c, &upn, &hash)
            .await)
    }

    async fn set_user_roles(&self, upn: &str, roles: &[String]) -> Result<()> {
        let (upn, roles) = (upn.to_owned(), roles.to_vec());
        on!(self.write_first, |c| dir::set_user_roles(c, &upn, &roles)
            .await)
    }

    async fn create_app(&self, app: &AppRecord) -> Result<()> {
        let app = app.clone();
        on!(self.write_first, |c| dir::create_app(c, &app).await)
    }

    async fn find_app(&self, tenant: TenantId, client_id: &str) -> Result<Option<AppRecord>> {
        let client_id = client_id.to_owned();
        on!(self.read, |c| dir::find_app(c, tenant, &client_id).await)
    }

    async fn list_apps(&self, tenant: Option<TenantId>) -> Result<Vec<AppRecord>> {
        on!(self.read, |c| dir::list_apps(c, tenant).await)
    }

    async fn set_app_secret(
        &self,
        tenant: TenantId,
        client_id: &str,
        secret_hash: &str,
    ) -> Result<()> {
        let (client_id, hash) = (client_id.to_owned(), secret_hash.to_owned());
        on!(self.write_first, |c| dir::set_app_secret(
            c, tenant, &client_id, &hash
        )
        .await)
    }

    async fn create_device_code(&self, record: &DeviceCodeRecord) -> Result<()> {
        let record = record.clone();
        on!(self.write_first, |c| dir::create_device_code(c, &record)
            .await)
    }

    async fn find_pending_device_code(
        &self,
        user_code: &str,
        now: OffsetDateTime,
    ) -> Result<Option<DeviceCodeRecord>> {
        let user_code = user_code.to_owned();
        on!(self.read, |c| dir::find_pending_device_code(
            c, &user_code, now
        )
        .await)
    }

    async fn decide_device_code(
        &self,
        user_code: &str,
        approve: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let user_code = user_code.to_owned();
        on!(self.write_first, |c| dir::decide_device_code(
            c, &user_code, approve, now
        )
        .await)
    }

    async fn count_device_code_failure(&self, user_code: &str) -> Result<i64> {
        let user_code = user_code.to_owned();
        on!(self.write_first, |c| dir::count_device_code_failure(
            c, &user_code
        )
        .await)
    }

    async fn poll_device_code(
        &self,
        device_code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<DevicePoll> {
        let hash = device_code_hash.to_owned();
        on!(self.write_first, |c| dir::poll_device_code(c, &hash, now)
            .await)
    }

    async fn store_refresh_token(&self, record: &RefreshTokenRecord) -> Result<()> {
        let record = record.clone();
        on!(self.write_first, |c| dir::store_refresh_token(c, &record)
            .await)
    }

    async fn remember_assertion(
        &self,
        jti_key: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<bool> {
        let key = jti_key.to_owned();
        on!(self.write_first, |c| dir::remember_assertion(
            c, &key, expires_at, now
        )
        .await)
    }

    async fn take_refresh_token(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
        grace: time::Duration,
    ) -> Result<RefreshRedemption> {
        let hash = token_hash.to_owned();
        on!(self.write_first, |c| dir::take_refresh_token(
            c, &hash, now, grace
        )
        .await)
    }

    async fn put_short_lived(
        &self,
        kind: &str,
        key: &str,
        value: &str,
        expires_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<()> {
        let (kind, key, value) = (kind.to_owned(), key.to_owned(), value.to_owned());
        on!(self.write_first, |c| dir::put_short_lived(
            c, &kind, &key, &value, expires_at, now
        )
        .await)
    }

    async fn short_lived(
        &self,
        kind: &str,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>> {
        let (kind, key) = (kind.to_owned(), key.to_owned());
        on!(self.read, |c| dir::short_lived(c, &kind, &key, now).await)
    }

    async fn take_short_lived(
        &self,
        kind: &str,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>> {
        let (kind, key) = (kind.to_owned(), key.to_owned());
        on!(self.write_first, |c| dir::take_short_lived(
            c, &kind, &key, now
        )
        .await)
    }

    async fn sign_in_failures(&self, account: &str, source: &str) -> Result<SignInFailures> {
        let (account, source) = (account.to_owned(), source.to_owned());
        on!(self.read, |c| dir::sign_in_failures(c, &account, &source)
            .await)
    }

    async fn record_sign_in_failure(
        &self,
        account: &str,
        source: &str,
        now: OffsetDateTime,
        policy: &LockoutPolicy,
    ) -> Result<SignInFailures> {
        let (account, source, policy) = (account.to_owned(), source.to_owned(), *policy);
        on!(self.write_first, |c| dir::record_sign_in_failure(
            c, &account, &source, now, &policy
        )
        .await)
    }

    async fn clear_sign_in_failures(
        &self,
        account: &str,
        source: &str,
        now: OffsetDateTime,
        policy: &LockoutPolicy,
    ) -> Result<()> {
        let (account, source, policy) = (account.to_owned(), source.to_owned(), *policy);
        on!(self.write_first, |c| dir::clear_sign_in_failures(
            c, &account, &source, now, &policy
        )
        .await)
    }
}
