//! How policies look: `get-policies`, `get-product-policies` and friends, and what `--what-if`
//! describes. Policy values, ids and product names are never translated: they are data.

use mscommerce_i18n::Localizer;
use mscommerce_proto::{OfferTypePolicy, Policy, ProductPolicy};
use serde::Serialize;

use super::json::{items_json, json};
use super::{Section, csv, table};
use crate::client::args::OutputFormat;

/// Column headers from their message ids.
pub(crate) fn columns(l: &Localizer, ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| l.t(id)).collect()
}

/// A table, or the sentence that says nothing matches.
pub(crate) fn empty_or_table(
    l: &Localizer,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
) -> String {
    if rows.is_empty() {
        l.t("list-empty")
    } else {
        table(headers, rows)
    }
}

/// A table of one policy's rows: the policy id column, the same on every row while there is one
/// policy, is left out (see [`super::table::without_constant_column`]).
fn policy_table(l: &Localizer, ids: &[&str], mut rows: Vec<Vec<String>>) -> String {
    let mut headers = columns(l, ids);
    super::table::without_constant_column(0, &mut headers, &mut rows);
    empty_or_table(l, headers, rows)
}

fn strings(headers: &[&str]) -> Vec<String> {
    headers.iter().map(|h| (*h).to_owned()).collect()
}

/// "25 items" for the summary of a many-tenant read.
pub(crate) fn count_summary(l: &Localizer, count: usize) -> String {
    crate::text::t_count(l, "summary-items", count, &[])
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
            (true, Some(p)) => crate::text::t(
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
        table: policy_table(
            l,
            &[
                "column-policy-id",
                "column-product-name",
                "column-product-id",
                "column-policy-value",
            ],
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
        table: policy_table(
            l,
            &[
                "column-policy-id",
                "column-offer-type",
                "column-description",
                "column-policy-value",
            ],
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
        crate::text::t(
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
            crate::text::t(l, "what-if-change", &a)
        } else {
            a.truncate(3);
            crate::text::t(l, "what-if-no-change", &a)
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
ProductName           ProductId    PolicyValue
--------------------- ------------ ------------------------------
Power BI Pro          CFQ7TTC0H9MP Enabled
Visio Plan 1, \"trial\" CFQ7TTC0HD33 OnlyTrialsWithoutPaymentMethod";
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
        // the dashes of the second column start (the constant policy id column is left out).
        let dashes: Vec<usize> = lines[1].split(' ').map(str::len).collect();
        let start = lines[2].find("CFQ7TTC0H9MP").unwrap();
        assert_eq!(width(&lines[2][..start]), dashes[0] + 1, "{text}");
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
