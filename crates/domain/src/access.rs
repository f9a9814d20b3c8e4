//! The access table of licensing-api.md, as a pure function.
//!
//! | Caller                                   | Read | Change |
//! |------------------------------------------|------|--------|
//! | Global Administrator, Billing Administrator (user token, `wids`) | yes | yes |
//! | Global Reader (user token, `wids`)       | yes  | no     |
//! | app-only token with `Policy.Read...`     | yes  | no     |
//! | app-only token with `Policy.ReadWrite...`| yes  | yes    |
//! | anyone else                              | no   | no     |
//!
//! App permissions count only on app-only tokens and directory roles only on user tokens, so a
//! delegated token that carries `roles` or an app token that carries `wids` gains nothing.

use mscommerce_proto::roles;
use mscommerce_proto::{CallerInfo, NamedId, Requirement};
use uuid::Uuid;

use crate::TenantId;

/// A caller whose token the identity layer has verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub tenant: TenantId,
    pub kind: PrincipalKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrincipalKind {
    /// A delegated token: `scp` present, roles from `wids` template ids.
    User {
        oid: Uuid,
        upn: Option<String>,
        wids: Vec<String>,
        scopes: Vec<String>,
    },
    /// An app-only token (`idtyp=app`): permissions from `roles`.
    App {
        app_id: String,
        oid: Option<Uuid>,
        roles: Vec<String>,
    },
}

/// Who did something, for the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub tenant: TenantId,
    pub kind: ActorKind,
    pub oid: Option<Uuid>,
    pub upn: Option<String>,
    pub app_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    User,
    App,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::User => "user",
            ActorKind::App => "app",
        }
    }
}

/// Read access to one tenant's policies. Only [`Principal::read`] makes one.
#[derive(Debug, Clone)]
pub struct ReadGrant {
    tenant: TenantId,
    actor: Actor,
}

/// Write access to one tenant's policies. Only [`Principal::write`] makes one.
#[derive(Debug, Clone)]
pub struct WriteGrant {
    read: ReadGrant,
}

/// A storefront's right to record purchases and trials of `tenant`'s users. Only
/// [`Principal::record_purchases`] makes one.
#[derive(Debug, Clone)]
pub struct PurchaseGrant {
    read: ReadGrant,
}

impl PurchaseGrant {
    pub fn tenant(&self) -> TenantId {
        self.read.tenant
    }
    /// The storefront application.
    pub fn actor(&self) -> &Actor {
        &self.read.actor
    }
}

impl ReadGrant {
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

impl WriteGrant {
    pub fn tenant(&self) -> TenantId {
        self.read.tenant
    }
    pub fn actor(&self) -> &Actor {
        &self.read.actor
    }
    /// Whoever may write may read.
    pub fn as_read(&self) -> &ReadGrant {
        &self.read
    }
}

/// A user's right to ask their own tenant's admins for a license. Only
/// [`Principal::request_license`] makes one.
#[derive(Debug, Clone)]
pub struct RequesterGrant {
    actor: Actor,
    oid: Uuid,
}

impl RequesterGrant {
    pub fn tenant(&self) -> TenantId {
        self.actor.tenant
    }
    pub fn oid(&self) -> Uuid {
        self.oid
    }
    pub fn upn(&self) -> Option<&str> {
        self.actor.upn.as_deref()
    }
}

/// Which license requests a caller reads: the tenant's (those who decide them), or their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestReader {
    All(TenantId),
    Own { tenant: TenantId, oid: Uuid },
}

impl RequestReader {
    pub fn tenant(&self) -> TenantId {
        match self {
            RequestReader::All(t) | RequestReader::Own { tenant: t, .. } => *t,
        }
    }
}

/// The right to approve and deny a tenant's license requests. Only
/// [`Principal::decide_license_requests`] makes one.
#[derive(Debug, Clone)]
pub struct DeciderGrant {
    actor: Actor,
}

impl DeciderGrant {
    pub fn tenant(&self) -> TenantId {
        self.actor.tenant
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// A refused call: what it needed and who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub access: Access,
    pub caller: Actor,
    pub requirement: Requirement,
    pub caller_info: CallerInfo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    /// A storefront's purchase decisions, for any tenant.
    Evaluate,
    /// Asking for a license: people, not apps.
    RequestLicense,
    /// Approving or denying license requests.
    DecideRequests,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
            Access::Evaluate => "evaluate",
            Access::RequestLicense => "requestLicense",
            Access::DecideRequests => "decideLicenseRequests",
        }
    }
}

const WRITE_ROLES: [&str; 2] = [roles::GLOBAL_ADMINISTRATOR, roles::BILLING_ADMINISTRATOR];
const READ_ROLES: [&str; 3] = [
    roles::GLOBAL_ADMINISTRATOR,
    roles::BILLING_ADMINISTRATOR,
    roles::GLOBAL_READER,
];
const WRITE_PERMISSIONS: [&str; 1] = [roles::POLICY_READ_WRITE];
const READ_PERMISSIONS: [&str; 2] = [roles::POLICY_READ, roles::POLICY_READ_WRITE];
/// Who decides license requests (Microsoft 365: Global, Billing, License or User Administrator).
const DECIDE_ROLES: [&str; 4] = [
    roles::GLOBAL_ADMINISTRATOR,
    roles::BILLING_ADMINISTRATOR,
    roles::LICENSE_ADMINISTRATOR,
    roles::USER_ADMINISTRATOR,
];
/// No directory role: decisions are for storefront applications only.
const EVALUATE_PERMISSIONS: [&str; 1] = [roles::EVALUATE];

impl Principal {
    pub fn actor(&self) -> Actor {
        match &self.kind {
            PrincipalKind::User { oid, upn, .. } => Actor {
                tenant: self.tenant,
                kind: ActorKind::User,
                oid: Some(*oid),
                upn: upn.clone(),
                app_id: None,
            },
            PrincipalKind::App { app_id, oid, .. } => Actor {
                tenant: self.tenant,
                kind: ActorKind::App,
                oid: *oid,
                upn: None,
                app_id: Some(app_id.clone()),
            },
        }
    }

    fn holds(&self, role_ids: &[&str], permissions: &[&str]) -> bool {
        match &self.kind {
            PrincipalKind::User { wids, .. } => wids
                .iter()
                .any(|w| role_ids.iter().any(|r| r.eq_ignore_ascii_case(w))),
            PrincipalKind::App { roles, .. } => {
                roles.iter().any(|r| permissions.iter().any(|p| p == r))
            }
        }
    }

    pub fn read(&self) -> Result<ReadGrant, Box<Denied>> {
        if self.holds(&READ_ROLES, &READ_PERMISSIONS) {
            Ok(ReadGrant {
                tenant: self.tenant,
                actor: self.actor(),
            })
        } else {
            Err(Box::new(self.denied(Access::Read)))
        }
    }

    /// Read access to `tenant`'s policies for a storefront application (our own permission,
    /// [`roles::EVALUATE`]), whatever tenant the application itself lives in: storefronts sell
    /// to every organization. Nobody else gets a grant for a tenant other than their own.
    pub fn evaluate(&self, tenant: TenantId) -> Result<ReadGrant, Box<Denied>> {
        if self.holds(&[], &EVALUATE_PERMISSIONS) {
            Ok(ReadGrant {
                tenant,
                actor: self.actor(),
            })
        } else {
            Err(Box::new(self.denied(Access::Evaluate)))
        }
    }

    /// Recording what `tenant`'s users bought or started: storefront applications only, as
    /// for [`Principal::evaluate`].
    pub fn record_purchases(&self, tenant: TenantId) -> Result<PurchaseGrant, Box<Denied>> {
        Ok(PurchaseGrant {
            read: self.evaluate(tenant)?,
        })
    }

    /// Asking for a license in one's own tenant: any signed-in user; an app has nobody to
    /// license.
    pub fn request_license(&self) -> Result<RequesterGrant, Box<Denied>> {
        match &self.kind {
            PrincipalKind::User { oid, .. } => Ok(RequesterGrant {
                actor: self.actor(),
                oid: *oid,
            }),
            PrincipalKind::App { .. } => Err(Box::new(self.denied(Access::RequestLicense))),
        }
    }

    /// Reading license requests: those who decide them read the tenant's, any other user
    /// their own; apps none.
    pub fn read_license_requests(&self) -> Result<RequestReader, Box<Denied>> {
        match &self.kind {
            PrincipalKind::User { .. } if self.holds(&DECIDE_ROLES, &[]) => {
                Ok(RequestReader::All(self.tenant))
            }
            PrincipalKind::User { oid, .. } => Ok(RequestReader::Own {
                tenant: self.tenant,
                oid: *oid,
            }),
            PrincipalKind::App { .. } => Err(Box::new(self.denied(Access::RequestLicense))),
        }
    }

    pub fn decide_license_requests(&self) -> Result<DeciderGrant, Box<Denied>> {
        if matches!(self.kind, PrincipalKind::User { .. }) && self.holds(&DECIDE_ROLES, &[]) {
            Ok(DeciderGrant {
                actor: self.actor(),
            })
        } else {
            Err(Box::new(self.denied(Access::DecideRequests)))
        }
    }

    pub fn write(&self) -> Result<WriteGrant, Box<Denied>> {
        if self.holds(&WRITE_ROLES, &WRITE_PERMISSIONS) {
            Ok(WriteGrant {
                read: ReadGrant {
                    tenant: self.tenant,
                    actor: self.actor(),
                },
            })
        } else {
            Err(Box::new(self.denied(Access::Write)))
        }
    }

    /// Whether this caller may read policies: what [`Principal::read`] checks, without making
    /// a grant (the hot read path needs only the answer).
    pub fn can_read(&self) -> bool {
        self.holds(&READ_ROLES, &READ_PERMISSIONS)
    }

    /// Whether this caller could change policies; used by clients to explain themselves.
    pub fn can_write(&self) -> bool {
        self.holds(&WRITE_ROLES, &WRITE_PERMISSIONS)
    }

    pub fn caller_info(&self) -> CallerInfo {
        match &self.kind {
            PrincipalKind::User { oid, upn, wids, .. } => CallerInfo {
                kind: "user".into(),
                tenant_id: self.tenant.to_string(),
                object_id: Some(oid.to_string()),
                user_principal_name: upn.clone(),
                app_id: None,
                roles: wids.iter().map(|w| roles::named_role(w)).collect(),
            },
            PrincipalKind::App { app_id, oid, roles } => CallerInfo {
                kind: "app".into(),
                tenant_id: self.tenant.to_string(),
                object_id: oid.map(|o| o.to_string()),
                user_principal_name: None,
                app_id: Some(app_id.clone()),
                roles: roles.iter().map(|r| roles::named_permission(r)).collect(),
            },
        }
    }

    fn denied(&self, access: Access) -> Denied {
        let (role_ids, permissions): (&[&str], &[&str]) = match access {
            Access::Read => (&READ_ROLES, &READ_PERMISSIONS),
            Access::Write => (&WRITE_ROLES, &WRITE_PERMISSIONS),
            Access::Evaluate => (&[], &EVALUATE_PERMISSIONS),
            Access::RequestLicense => (&[], &[]),
            Access::DecideRequests => (&DECIDE_ROLES, &[]),
        };
        let named = |ids: &[&str], f: fn(&str) -> NamedId| ids.iter().map(|i| f(i)).collect();
        Denied {
            access,
            caller: self.actor(),
            requirement: Requirement {
                access: access.as_str().into(),
                directory_roles: named(role_ids, roles::named_role),
                app_permissions: named(permissions, roles::named_permission),
            },
            caller_info: self.caller_info(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant() -> TenantId {
        TenantId::new(Uuid::from_u128(1))
    }

    fn user(wids: &[&str]) -> Principal {
        Principal {
            tenant: tenant(),
            kind: PrincipalKind::User {
                oid: Uuid::from_u128(2),
                upn: Some("someone@contoso.example".into()),
                wids: wids.iter().map(|s| s.to_string()).collect(),
                scopes: vec![mscommerce_proto::SCOPE_ACCESS_AS_USER.into()],
            },
        }
    }

    fn app(perms: &[&str]) -> Principal {
        Principal {
            tenant: tenant(),
            kind: PrincipalKind::App {
                app_id: "app".into(),
                oid: None,
                roles: perms.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    #[test]
    fn the_access_table() {
        // (caller, read, write, evaluate)
        let cases: [(Principal, bool, bool, bool); 13] = [
            (user(&[roles::GLOBAL_ADMINISTRATOR]), true, true, false),
            (user(&[roles::BILLING_ADMINISTRATOR]), true, true, false),
            (user(&[roles::GLOBAL_READER]), true, false, false),
            (user(&[roles::USER]), false, false, false),
            (user(&[]), false, false, false),
            // License Administrator gets nothing.
            (
                user(&["4d6ac14f-3453-41d0-bef9-a3e0c569773a"]),
                false,
                false,
                false,
            ),
            // App permissions on a delegated token count for nothing.
            (user(&[roles::POLICY_READ_WRITE]), false, false, false),
            (user(&[roles::EVALUATE]), false, false, false),
            (app(&[roles::POLICY_READ]), true, false, false),
            (app(&[roles::POLICY_READ_WRITE]), true, true, false),
            // A storefront decides for every tenant, and reads or writes none of its own.
            (app(&[roles::EVALUATE]), false, false, true),
            (app(&[]), false, false, false),
            // Directory role ids on an app token count for nothing.
            (app(&[roles::GLOBAL_ADMINISTRATOR]), false, false, false),
        ];
        let elsewhere = TenantId::new(Uuid::from_u128(99));
        for (p, read, write, evaluate) in cases {
            assert_eq!(p.read().is_ok(), read, "{p:?}");
            assert_eq!(p.can_read(), read, "{p:?}");
            assert_eq!(p.write().is_ok(), write, "{p:?}");
            assert_eq!(p.can_write(), write, "{p:?}");
            match p.evaluate(elsewhere) {
                Ok(grant) => {
                    assert!(evaluate, "{p:?}");
                    assert_eq!(grant.tenant(), elsewhere);
                }
                Err(denied) => {
                    assert!(!evaluate, "{p:?}");
                    assert_eq!(denied.access, Access::Evaluate);
                }
            }
        }
    }

    #[test]
    fn a_refusal_names_the_roles_needed_and_the_caller() {
        let d = user(&[roles::GLOBAL_READER]).write().unwrap_err();
        let names: Vec<_> = d
            .requirement
            .directory_roles
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["Global Administrator", "Billing Administrator"]);
        assert_eq!(d.caller_info.roles[0].name, "Global Reader");
        assert_eq!(
            d.caller_info.user_principal_name.as_deref(),
            Some("someone@contoso.example")
        );
    }
}
