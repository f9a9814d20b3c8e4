//! Directory role template ids and app permissions that the licensing API knows.
//! Values from Microsoft's permissions reference; never from community scripts.

use crate::NamedId;

pub const GLOBAL_ADMINISTRATOR: &str = "62e90394-69f5-4237-9190-012177145e10";
pub const BILLING_ADMINISTRATOR: &str = "b0f54661-2d74-4c50-afa3-1ec803f12efe";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
/// May decide license requests (with User Administrator, Global and Billing Administrator).
pub const LICENSE_ADMINISTRATOR: &str = "4d6ac14f-3453-41d0-bef9-a3e0c569773a";
pub const USER_ADMINISTRATOR: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";
/// The default role of ordinary members; it never grants anything here.
pub const USER: &str = "b79fbf4d-3ef9-4689-8143-76b194e85509";

/// App permission (app role) values as they appear in an app-only token's `roles`.
pub const POLICY_READ: &str = "Policy.Read.AllowSelfServicePurchase";
pub const POLICY_READ_WRITE: &str = "Policy.ReadWrite.AllowSelfServicePurchase";
pub const POLICY_READ_ID: &str = "5803e913-b904-44a0-9928-864642a45960";
pub const POLICY_READ_WRITE_ID: &str = "78ff4d1f-611d-4a41-9989-698762b46a0e";

/// Our own permission, not Microsoft's: a storefront application's, valid for every tenant, to
/// ask for purchase and trial decisions (`POST /v1.0/policies/{policyId}/evaluate`). The id is
/// ours too (a fixed random GUID).
pub const EVALUATE: &str = "SelfServicePurchase.Evaluate.All";
pub const EVALUATE_ID: &str = "4c7a3e5d-9b21-4f6e-8d0a-6e2f1b9c7a34";

/// Directory roles known by name (template id, display name, short alias for the admin CLI).
pub const DIRECTORY_ROLES: [(&str, &str, &str); 6] = [
    (GLOBAL_ADMINISTRATOR, "Global Administrator", "global-admin"),
    (
        BILLING_ADMINISTRATOR,
        "Billing Administrator",
        "billing-admin",
    ),
    (GLOBAL_READER, "Global Reader", "global-reader"),
    (
        LICENSE_ADMINISTRATOR,
        "License Administrator",
        "license-admin",
    ),
    (USER_ADMINISTRATOR, "User Administrator", "user-admin"),
    (USER, "User", "user"),
];

/// App permissions known by name (value, app role id).
pub const APP_PERMISSIONS: [(&str, &str); 3] = [
    (POLICY_READ, POLICY_READ_ID),
    (POLICY_READ_WRITE, POLICY_READ_WRITE_ID),
    (EVALUATE, EVALUATE_ID),
];

/// The display name of a role template id, or the id itself for roles we do not know.
pub fn directory_role_name(template_id: &str) -> &str {
    DIRECTORY_ROLES
        .iter()
        .find(|(id, _, _)| id.eq_ignore_ascii_case(template_id))
        .map(|(_, name, _)| *name)
        .unwrap_or(template_id)
}

/// Resolves `global-admin`, `Global Administrator` or a template id to the template id.
pub fn parse_directory_role(s: &str) -> Option<&'static str> {
    let s = s.trim();
    DIRECTORY_ROLES
        .iter()
        .find(|(id, name, alias)| {
            id.eq_ignore_ascii_case(s)
                || name.eq_ignore_ascii_case(s)
                || alias.eq_ignore_ascii_case(s)
        })
        .map(|(id, _, _)| *id)
}

/// Resolves a permission value or its app role id to the value.
pub fn parse_app_permission(s: &str) -> Option<&'static str> {
    let s = s.trim();
    APP_PERMISSIONS
        .iter()
        .find(|(value, id)| value.eq_ignore_ascii_case(s) || id.eq_ignore_ascii_case(s))
        .map(|(value, _)| *value)
}

pub fn named_role(template_id: &str) -> NamedId {
    NamedId {
        id: template_id.to_owned(),
        name: directory_role_name(template_id).to_owned(),
    }
}

pub fn named_permission(value: &str) -> NamedId {
    let id = APP_PERMISSIONS
        .iter()
        .find(|(v, _)| *v == value)
        .map(|(_, id)| *id)
        .unwrap_or(value);
    NamedId {
        id: id.to_owned(),
        name: value.to_owned(),
    }
}
