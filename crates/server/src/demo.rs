//! The fixed demo directory of `serve --demo`: the same tenants, users, apps and ids on every
//! machine, so the README and the tests can name them.

use mscommerce_domain::{Clock, DomainName, TenantId};
use mscommerce_proto::roles;
use mscommerce_store::{AppRecord, Store, StoreError, TenantRecord, UserRecord};
use uuid::Uuid;

pub const PASSWORD: &str = "demo-password";
pub const SECRET: &str = "demo-secret";

pub struct DemoTenant {
    pub id: Uuid,
    pub domain: &'static str,
    pub name: &'static str,
}

pub const CONTOSO: DemoTenant = DemoTenant {
    id: Uuid::from_u128(0x5d1a7b8e_0c1f_4b6e_9a51_7c0e3b2f4a01),
    domain: "contoso.example",
    name: "Contoso (demo)",
};
pub const FABRIKAM: DemoTenant = DemoTenant {
    id: Uuid::from_u128(0x8f3c2d14_6b7a_4e59_8d21_3a9f0b5c6e02),
    domain: "fabrikam.example",
    name: "Fabrikam (demo)",
};

/// (tenant, upn, display name, directory roles, oid)
pub const USERS: [(&DemoTenant, &str, &str, &[&str], u128); 7] = [
    (
        &CONTOSO,
        "admin@contoso.example",
        "Contoso Admin",
        &[roles::GLOBAL_ADMINISTRATOR],
        0x0a000001_0000_4000_8000_000000000001,
    ),
    (
        &CONTOSO,
        "billing@contoso.example",
        "Contoso Billing",
        &[roles::BILLING_ADMINISTRATOR],
        0x0a000001_0000_4000_8000_000000000002,
    ),
    (
        &CONTOSO,
        "reader@contoso.example",
        "Contoso Reader",
        &[roles::GLOBAL_READER],
        0x0a000001_0000_4000_8000_000000000003,
    ),
    (
        &CONTOSO,
        "user@contoso.example",
        "Contoso User",
        &[],
        0x0a000001_0000_4000_8000_000000000004,
    ),
    (
        &CONTOSO,
        "licenses@contoso.example",
        "Contoso License Admin",
        &[roles::LICENSE_ADMINISTRATOR],
        0x0a000001_0000_4000_8000_000000000005,
    ),
    (
        &CONTOSO,
        "user2@contoso.example",
        "Contoso User 2",
        &[],
        0x0a000001_0000_4000_8000_000000000006,
    ),
    (
        &FABRIKAM,
        "admin@fabrikam.example",
        "Fabrikam Admin",
        &[roles::GLOBAL_ADMINISTRATOR],
        0x0b000001_0000_4000_8000_000000000001,
    ),
];

/// (tenant, client id, display name, app permissions, oid)
pub const APPS: [(&DemoTenant, &str, &str, &[&str], u128); 3] = [
    (
        &CONTOSO,
        "contoso-automation",
        "Contoso automation",
        &[roles::POLICY_READ_WRITE],
        0x0a000002_0000_4000_8000_000000000001,
    ),
    (
        &CONTOSO,
        "contoso-reporting",
        "Contoso reporting",
        &[roles::POLICY_READ],
        0x0a000002_0000_4000_8000_000000000002,
    ),
    // The operator's storefront, asking for purchase decisions for every tenant. Registered in
    // Contoso's directory because the demo has no operator tenant of its own.
    (
        &CONTOSO,
        "storefront",
        "Storefront",
        &[roles::EVALUATE],
        0x0a000002_0000_4000_8000_000000000003,
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Other(String),
}

/// Seeds the demo directory. Whatever exists already is left as it is, so restarting with
/// `--demo` keeps the changes made since.
pub async fn seed(store: &dyn Store, clock: &dyn Clock) -> Result<(), DemoError> {
    let now = clock.now();
    for t in [&CONTOSO, &FABRIKAM] {
        if store.find_tenant(t.domain).await?.is_some() {
            continue;
        }
        let domain: DomainName = t
            .domain
            .parse()
            .map_err(|e| DemoError::Other(format!("{e}")))?;
        store
            .create_tenant(&TenantRecord {
                id: TenantId::new(t.id),
                domain: Some(domain),
                display_name: t.name.into(),
                created_at: now,
            })
            .await?;
    }
    let password_hash = hash(PASSWORD)?;
    for (t, upn, name, roles, oid) in USERS {
        if store.find_user(upn).await?.is_some() {
            continue;
        }
        store
            .create_user(&UserRecord {
                tenant: TenantId::new(t.id),
                oid: Uuid::from_u128(oid),
                upn: upn.into(),
                display_name: name.into(),
                password_hash: password_hash.clone(),
                roles: roles.iter().map(|r| (*r).to_owned()).collect(),
                enabled: true,
                created_at: now,
            })
            .await?;
    }
    let secret_hash = hash(SECRET)?;
    for (t, client_id, name, permissions, oid) in APPS {
        let tenant = TenantId::new(t.id);
        if store.find_app(tenant, client_id).await?.is_some() {
            continue;
        }
        store
            .create_app(&AppRecord {
                tenant,
                client_id: client_id.into(),
                oid: Uuid::from_u128(oid),
                display_name: name.into(),
                secret_hash: Some(secret_hash.clone()),
                certificate_pem: None,
                permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
                redirect_uris: vec![],
                created_at: now,
            })
            .await?;
    }
    Ok(())
}

fn hash(secret: &str) -> Result<String, DemoError> {
    mscommerce_identity::hash_secret(secret).map_err(|e| DemoError::Other(e.to_string()))
}
