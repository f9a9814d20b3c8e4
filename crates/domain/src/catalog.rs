//! The product catalog every tenant starts with (from licensing-api.md's catalog.csv and
//! offer-types.csv, embedded so the binary needs no files).

use crate::{OfferType, ProductId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProduct {
    pub id: ProductId,
    pub name: String,
    pub legacy_ids: Vec<ProductId>,
    /// Whether the product offers a trial without a payment method, which is what
    /// `OnlyTrialsWithoutPaymentMethod` lets through.
    pub trial_without_payment_method: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogOfferType {
    pub id: OfferType,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub products: Vec<CatalogProduct>,
    pub offer_types: Vec<CatalogOfferType>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("catalog line {line}: {problem}")]
pub struct CatalogError {
    pub line: usize,
    pub problem: String,
}

const PRODUCTS_CSV: &str = include_str!("../catalog/catalog.csv");
const OFFER_TYPES_CSV: &str = include_str!("../catalog/offer-types.csv");

impl Catalog {
    /// The catalog shipped in the binary. A unit test parses the embedded files, but a binary
    /// built from a bad edit of them must not start with an empty catalog (every tenant's list
    /// would silently be empty): the error names the file and line, and `serve` stops on it.
    pub fn builtin() -> Result<Catalog, CatalogError> {
        Catalog::parse(PRODUCTS_CSV, OFFER_TYPES_CSV).map_err(|e| CatalogError {
            line: e.line,
            problem: format!(
                "the product catalog built into this binary is invalid (crates/domain/catalog/): \
                 {}; fix the file and rebuild",
                e.problem
            ),
        })
    }

    pub fn parse(products_csv: &str, offer_types_csv: &str) -> Result<Catalog, CatalogError> {
        let mut products = Vec::new();
        for row in records(products_csv) {
            let (n, cols) = row?;
            let err = |problem: String| CatalogError { line: n, problem };
            let [id, name, legacy, trial] = cols.as_slice() else {
                return Err(err(format!("expected 4 columns, found {}", cols.len())));
            };
            let legacy_ids = legacy
                .split([';', ' ', '|'])
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|e| err(format!("{e}"))))
                .collect::<Result<Vec<ProductId>, _>>()?;
            products.push(CatalogProduct {
                id: id.parse().map_err(|e| err(format!("{e}")))?,
                name: name.clone(),
                legacy_ids,
                trial_without_payment_method: match trial.as_str() {
                    "true" => true,
                    "false" => false,
                    other => return Err(err(format!("'{other}' is not true or false"))),
                },
            });
        }
        let mut offer_types = Vec::new();
        for row in records(offer_types_csv) {
            let (n, cols) = row?;
            let [id, description] = cols.as_slice() else {
                return Err(CatalogError {
                    line: n,
                    problem: format!("expected 2 columns, found {}", cols.len()),
                });
            };
            offer_types.push(CatalogOfferType {
                id: id.parse().map_err(|e| CatalogError {
                    line: n,
                    problem: format!("{e}"),
                })?,
                description: description.clone(),
            });
        }
        Ok(Catalog {
            products,
            offer_types,
        })
    }
}

/// The rows after the header, trimmed, each with its line number as an editor shows it (the
/// `csv` crate, so a quoted name may hold a comma).
fn records(csv: &str) -> impl Iterator<Item = Result<(usize, Vec<String>), CatalogError>> + '_ {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(csv.as_bytes())
        .into_records()
        .filter_map(|r| match r {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line() as usize);
                let cols: Vec<String> = rec.iter().map(str::to_owned).collect();
                (!cols.iter().all(String::is_empty)).then_some(Ok((line, cols)))
            }
            Err(e) => Some(Err(CatalogError {
                line: e.position().map_or(0, |p| p.line() as usize),
                problem: e.to_string(),
            })),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_catalog_parses() {
        let c = Catalog::parse(PRODUCTS_CSV, OFFER_TYPES_CSV).unwrap();
        assert!(c.products.len() >= 25);
        assert_eq!(c.offer_types.len(), 4);
        let bi = c
            .products
            .iter()
            .find(|p| p.id.as_str() == "CFQ7TTC0H9MP")
            .unwrap();
        assert_eq!(bi.name, "Power BI Pro");
        assert_eq!(bi.legacy_ids[0].as_str(), "CFQ7TTC0L3PB");
        assert_eq!(Catalog::builtin().unwrap(), c);
    }

    #[test]
    fn quoted_names_may_hold_commas_and_blank_lines_are_skipped() {
        let c = Catalog::parse(
            "h\n\nAAA1,\"Dynamics 365, Sales\",,true\n",
            "h\nSaaS, Software, as a service\n",
        );
        assert!(c.is_err(), "an unquoted comma is a column too many: {c:?}");
        let c = Catalog::parse(
            "h\n\nAAA1,\"Dynamics 365, Sales\",,true\n",
            "h\nSaaS,\"Software, as a service\"\n",
        )
        .unwrap();
        assert_eq!(c.products[0].name, "Dynamics 365, Sales");
        assert_eq!(c.offer_types[0].description, "Software, as a service");
    }

    #[test]
    fn bad_lines_say_where() {
        let e = Catalog::parse("h\nA,B,,maybe\n", "h\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
