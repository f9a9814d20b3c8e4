//! `--output table|json|csv`.
//!
//! - table: the module's columns, headers in the user's language, for people;
//! - json: the service's objects as they came (camelCase), a list as an array: stable for scripts;
//! - csv: a header row of the module's property names (what `Export-Csv` wrote), then the rows.
//!
//! Policy values, ids and product names are never translated: they are data.

use comfy_table::{ContentArrangement, ContentLineStyle, Table, TableStyle};
use mscommerce_i18n::Localizer;
use mscommerce_proto::{OfferTypePolicy, Policy, ProductPolicy};
use serde::Serialize;

use super::tenants::Section;
use crate::client_cmd::OutputFormat;

pub(crate) use crate::table::table;

/// Key/value lines for one record (whoami).
pub(crate) fn key_values(rows: Vec<(String, String)>) -> String {
    let mut t = Table::new();
    t.load_style(TableStyle::new().content_lines(ContentLineStyle::none().junction(' ')))
        .set_content_arrangement(ContentArrangement::Disabled)
        .add_rows(rows.into_iter().map(|(k, v)| vec![k, v]));
    for column in t.column_iter_mut() {
        column.set_padding((0, 1));
    }
    t.trim_fmt()
}

/// RFC 4180 CSV with the `csv` crate: a field is quoted when it holds a comma, a quote or a line
/// break; lines end with `\n`, the last one without.
pub(crate) fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let written = w
        .write_record(headers)
        .and_then(|()| rows.iter().try_for_each(|r| w.write_record(r)));
    // Writing to memory cannot fail, and every field is UTF-8 already.
    match (written, w.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8_lossy(&bytes)
            .trim_end_matches('\n')
            .to_owned(),
        _ => String::new(),
    }
}

pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn columns(l: &Localizer, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| l.t(id)).collect()
}

fn empty_or_table(l: &Localizer, headers: Vec<String>, rows: Vec<Vec<String>>) -> String {
    if rows.is_empty() {
        l.t("list-empty")
    } else {
        table(headers, rows)
    }
}

fn strings(headers: &[&str]) -> Vec<String> {
    headers.iter().map(|h| (*h).to_owned()).collect()
}

/// The JSON of a read: one object, or the list.
fn items_json<T: Serialize>(items: &[T], single: bool) -> String {
    if single {
        items.first().map(json).unwrap_or_default()
    } else {
        json(items)
    }
}

/// "25 items" for the summary of a many-tenant read.
pub(crate) fn count_summary(l: &Localizer, count: usize) -> String {
    super::text::t_count(l, "summary-items", count, &[])
}

/// `get-policies` / `get-policy`.
pub(crate) fn policies_section(l: &Localizer, items: &[Policy], single: bool) -> Section {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            vec![
                p.id.clone(),
                p.description.clone(),
                p.default_value.to_string(),
            ]
        })
        .collect();
    Section {
        table: empty_or_table(
            l,
            columns(
                l,
                &[
                    "column-policy-id",
                    "column-description",
                    "column-default-value",
                ],
            ),
            rows.clone(),
        ),
        json: items_json(items, single),
        csv_headers: strings(&["PolicyId", "Description", "DefaultValue"]),
        csv_rows: rows,
        summary: match (single, items.first()) {
            (true, Some(p)) => super::text::t(
                l,
                "summary-default",
                &[("value", p.default_value.to_string())],
            ),
            _ => count_summary(l, items.len()),
        },
        exit: None,
    }
}

pub(crate) fn policies(
    l: &Localizer,
    format: OutputFormat,
    items: &[Policy],
    single: bool,
) -> String {
    policies_section(l, items, single).render(format)
}

/// `get-product-policies` / `get-product-policy` / `update-product-policy` for products.
pub(crate) fn product_policies_section(
    l: &Localizer,
    items: &[ProductPolicy],
    single: bool,
) -> Section {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            vec![
                p.policy_id.clone(),
                p.product_name.clone(),
                p.product_id.clone(),
                p.policy_value.to_string(),
            ]
        })
        .collect();
    Section {
        table: empty_or_table(
            l,
            columns(
                l,
                &[
                    "column-policy-id",
                    "column-product-name",
                    "column-product-id",
                    "column-policy-value",
                ],
            ),
            rows.clone(),
        ),
        json: items_json(items, single),
        csv_headers: strings(&["PolicyId", "ProductName", "ProductId", "PolicyValue"]),
        csv_rows: rows,
        summary: match (single, items.first()) {
            (true, Some(p)) => p.policy_value.to_string(),
            _ => count_summary(l, items.len()),
        },
        exit: None,
    }
}

pub(crate) fn product_policies(
    l: &Localizer,
    format: OutputFormat,
    items: &[ProductPolicy],
    single: bool,
) -> String {
    product_policies_section(l, items, single).render(format)
}

/// The same for offer types.
pub(crate) fn offer_type_policies_section(
    l: &Localizer,
    items: &[OfferTypePolicy],
    single: bool,
) -> Section {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            vec![
                p.policy_id.clone(),
                p.scope_id.clone(),
                p.scope_value.clone(),
                p.policy_value.to_string(),
            ]
        })
        .collect();
    Section {
        table: empty_or_table(
            l,
            columns(
                l,
                &[
                    "column-policy-id",
                    "column-offer-type",
                    "column-description",
                    "column-policy-value",
                ],
            ),
            rows.clone(),
        ),
        json: items_json(items, single),
        csv_headers: strings(&["PolicyId", "ScopeId", "ScopeValue", "PolicyValue"]),
        csv_rows: rows,
        summary: match (single, items.first()) {
            (true, Some(p)) => p.policy_value.to_string(),
            _ => count_summary(l, items.len()),
        },
        exit: None,
    }
}

pub(crate) fn offer_type_policies(
    l: &Localizer,
    format: OutputFormat,
    items: &[OfferTypePolicy],
    single: bool,
) -> String {
    offer_type_policies_section(l, items, single).render(format)
}

/// What `--what-if` (and `--confirm`) describe.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlannedChange {
    pub(crate) what_if: bool,
    pub(crate) policy_id: String,
    /// `product` or `OfferType`, as the service names scopes.
    pub(crate) scope: String,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) current_value: String,
    pub(crate) new_value: String,
    pub(crate) would_change: bool,
}

impl PlannedChange {
    /// "Power BI Pro (CFQ7TTC0H9MP)" or "the offer type SaaS (…)", in the user's language.
    pub(crate) fn target(&self, l: &Localizer) -> String {
        let id = if self.scope == mscommerce_proto::SCOPE_PRODUCT {
            "target-product"
        } else if self.scope == "default" {
            return l.t("target-default");
        } else {
            "target-offer-type"
        };
        super::text::t(
            l,
            id,
            &[("id", self.id.clone()), ("name", self.name.clone())],
        )
    }

    /// The sentence of `--what-if`.
    pub(crate) fn sentence(&self, l: &Localizer) -> String {
        let mut a = vec![
            ("policy", self.policy_id.clone()),
            ("target", self.target(l)),
            ("from", self.current_value.clone()),
            ("to", self.new_value.clone()),
        ];
        if self.would_change {
            super::text::t(l, "what-if-change", &a)
        } else {
            a.truncate(3);
            super::text::t(l, "what-if-no-change", &a)
        }
    }
}

pub(crate) fn planned_change(l: &Localizer, format: OutputFormat, c: &PlannedChange) -> String {
    match format {
        OutputFormat::Table => c.sentence(l),
        OutputFormat::Json => json(c),
        OutputFormat::Csv => csv(
            &[
                "PolicyId",
                "Scope",
                "Id",
                "Name",
                "CurrentValue",
                "NewValue",
                "WouldChange",
            ],
            &[vec![
                c.policy_id.clone(),
                c.scope.clone(),
                c.id.clone(),
                c.name.clone(),
                c.current_value.clone(),
                c.new_value.clone(),
                c.would_change.to_string(),
            ]],
        ),
    }
}

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
}

pub(crate) fn whoami(l: &Localizer, format: OutputFormat, w: &WhoAmI) -> String {
    let dash = || "-".to_owned();
    let role_names = |localized: bool| -> Vec<String> {
        w.roles
            .iter()
            .map(|r| {
                if localized {
                    super::text::role_name(l, &r.id, &r.name)
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
                    super::text::list_or_none(l, &w.permissions),
                ));
            } else {
                rows.push((
                    l.t("whoami-roles"),
                    super::text::list_or_none(l, &role_names(true)),
                ));
            }
            let expires = match &w.expires_at {
                Some(at) if w.expired => format!("{at} ({})", l.t("whoami-expired")),
                Some(at) => at.clone(),
                None => dash(),
            };
            rows.push((l.t("whoami-expires"), expires));
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
            ]],
        ),
    }
}

#[cfg(test)]
mod tests {
    use mscommerce_proto::PolicyValue;

    use super::*;

    fn items() -> Vec<ProductPolicy> {
        vec![
            ProductPolicy {
                policy_id: "AllowSelfServicePurchase".into(),
                policy_value: PolicyValue::Enabled,
                scope: Some("product".into()),
                product_name: "Power BI Pro".into(),
                product_id: "CFQ7TTC0H9MP".into(),
            },
            ProductPolicy {
                policy_id: "AllowSelfServicePurchase".into(),
                policy_value: PolicyValue::OnlyTrialsWithoutPaymentMethod,
                scope: Some("product".into()),
                product_name: "Visio Plan 1, \"trial\"".into(),
                product_id: "CFQ7TTC0HD33".into(),
            },
        ]
    }

    #[test]
    fn table_looks_like_format_table() {
        let l = Localizer::new("en-US");
        let text = product_policies(&l, OutputFormat::Table, &items(), false);
        let expected = "\
PolicyId                 ProductName           ProductId    PolicyValue
------------------------ --------------------- ------------ ------------------------------
AllowSelfServicePurchase Power BI Pro          CFQ7TTC0H9MP Enabled
AllowSelfServicePurchase Visio Plan 1, \"trial\" CFQ7TTC0HD33 OnlyTrialsWithoutPaymentMethod";
        assert_eq!(text, expected);
    }

    /// Display width: the CJK characters of the zh-TW headers take two columns.
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| {
                if ('\u{2E80}'..='\u{FFEF}').contains(&c) {
                    2
                } else {
                    1
                }
            })
            .sum()
    }

    #[test]
    fn wide_characters_keep_columns_aligned() {
        let l = Localizer::new("zh-TW");
        let text = product_policies(&l, OutputFormat::Table, &items()[..1], false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        // The dashes under each header are as wide as the column; the product id starts where
        // the dashes of the third column start.
        let dashes: Vec<usize> = lines[1].split(' ').map(str::len).collect();
        let start = lines[2].find("CFQ7TTC0H9MP").unwrap();
        assert_eq!(
            width(&lines[2][..start]),
            dashes[0] + dashes[1] + 2,
            "{text}"
        );
        assert!(
            width(lines[0]) <= dashes.iter().sum::<usize>() + 3,
            "{text}"
        );
    }

    #[test]
    fn csv_quotes_what_it_must_and_json_is_the_wire_shape() {
        let l = Localizer::new("fr-FR");
        let text = product_policies(&l, OutputFormat::Csv, &items(), false);
        assert_eq!(
            text,
            "PolicyId,ProductName,ProductId,PolicyValue\n\
             AllowSelfServicePurchase,Power BI Pro,CFQ7TTC0H9MP,Enabled\n\
             AllowSelfServicePurchase,\"Visio Plan 1, \"\"trial\"\"\",CFQ7TTC0HD33,OnlyTrialsWithoutPaymentMethod"
        );
        let json: serde_json::Value =
            serde_json::from_str(&product_policies(&l, OutputFormat::Json, &items(), false))
                .unwrap();
        assert_eq!(json[0]["productId"], "CFQ7TTC0H9MP");
        assert_eq!(json[0]["policyValue"], "Enabled");
        let one: serde_json::Value = serde_json::from_str(&product_policies(
            &l,
            OutputFormat::Json,
            &items()[..1],
            true,
        ))
        .unwrap();
        assert_eq!(one["productName"], "Power BI Pro");
    }

    #[test]
    fn an_empty_list_says_so_in_a_table_and_stays_parsable_otherwise() {
        let l = Localizer::new("en-US");
        assert_eq!(
            product_policies(&l, OutputFormat::Table, &[], false),
            l.t("list-empty")
        );
        assert_eq!(product_policies(&l, OutputFormat::Json, &[], false), "[]");
        assert_eq!(
            product_policies(&l, OutputFormat::Csv, &[], false),
            "PolicyId,ProductName,ProductId,PolicyValue"
        );
    }
}
