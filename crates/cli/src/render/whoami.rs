//! How `whoami` looks.

use mscommerce_i18n::Localizer;
use serde::Serialize;

use super::json::json;
use super::{csv, key_values};
use crate::client::args::OutputFormat;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct NamedRole {
    pub(crate) id: String,
    pub(crate) name: String,
}

/// `whoami`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WhoAmI {
    /// `None` for `--token`.
    pub(crate) profile: Option<String>,
    pub(crate) endpoint: String,
    /// `user` or `app`.
    pub(crate) kind: String,
    pub(crate) sign_in: Option<String>,
    pub(crate) account: Option<String>,
    pub(crate) app_id: Option<String>,
    pub(crate) tenant: Option<String>,
    pub(crate) tenant_id: Option<String>,
    /// Directory roles (users).
    pub(crate) roles: Vec<NamedRole>,
    /// App permissions (apps).
    pub(crate) permissions: Vec<String>,
    pub(crate) expires_at: Option<String>,
    pub(crate) expired: bool,
    /// Where the profile's tokens are kept (`None` with `--token`).
    pub(crate) token_cache: Option<String>,
}

pub(crate) fn whoami(l: &Localizer, format: OutputFormat, w: &WhoAmI) -> String {
    let dash = || "-".to_owned();
    let role_names = |localized: bool| -> Vec<String> {
        w.roles
            .iter()
            .map(|r| {
                if localized {
                    crate::text::role_name(l, &r.id, &r.name)
                } else {
                    r.name.clone()
                }
            })
            .collect()
    };
    match format {
        OutputFormat::Table => {
            let mut rows = vec![
                (
                    l.t("whoami-profile"),
                    w.profile
                        .clone()
                        .unwrap_or_else(|| l.t("whoami-token-given")),
                ),
                (l.t("whoami-endpoint"), w.endpoint.clone()),
            ];
            if w.kind == "app" {
                rows.push((l.t("whoami-kind"), l.t("whoami-kind-app")));
                rows.push((l.t("whoami-app"), w.app_id.clone().unwrap_or_else(dash)));
            } else {
                rows.push((l.t("whoami-kind"), l.t("whoami-kind-user")));
                rows.push((
                    l.t("whoami-account"),
                    w.account.clone().unwrap_or_else(dash),
                ));
            }
            let tenant = match (&w.tenant, &w.tenant_id) {
                (Some(t), Some(id)) if t != id => format!("{t} ({id})"),
                (Some(t), _) => t.clone(),
                (None, Some(id)) => id.clone(),
                (None, None) => dash(),
            };
            rows.push((l.t("whoami-tenant"), tenant));
            if w.kind == "app" {
                rows.push((
                    l.t("whoami-permissions"),
                    crate::text::list_or_none(l, &w.permissions),
                ));
            } else {
                rows.push((
                    l.t("whoami-roles"),
                    crate::text::list_or_none(l, &role_names(true)),
                ));
            }
            let expires = match &w.expires_at {
                Some(at) if w.expired => format!("{at} ({})", l.t("whoami-expired")),
                Some(at) => at.clone(),
                None => dash(),
            };
            rows.push((l.t("whoami-expires"), expires));
            if let Some(path) = &w.token_cache {
                rows.push((l.t("whoami-token-cache"), path.clone()));
            }
            key_values(rows)
        }
        OutputFormat::Json => json(w),
        OutputFormat::Csv => csv(
            &[
                "Profile",
                "Endpoint",
                "Kind",
                "Account",
                "AppId",
                "Tenant",
                "TenantId",
                "Roles",
                "Permissions",
                "ExpiresAt",
                "Expired",
                "TokenCache",
            ],
            &[vec![
                w.profile.clone().unwrap_or_default(),
                w.endpoint.clone(),
                w.kind.clone(),
                w.account.clone().unwrap_or_default(),
                w.app_id.clone().unwrap_or_default(),
                w.tenant.clone().unwrap_or_default(),
                w.tenant_id.clone().unwrap_or_default(),
                role_names(false).join(";"),
                w.permissions.join(";"),
                w.expires_at.clone().unwrap_or_default(),
                w.expired.to_string(),
                w.token_cache.clone().unwrap_or_default(),
            ]],
        ),
    }
}
