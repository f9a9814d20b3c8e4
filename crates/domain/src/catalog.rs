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
    /// The catalog shipped in the binary.
    pub fn builtin() -> Catalog {
        // The embedded files are checked by a unit test, so this cannot fail at run time.
        match Catalog::parse(PRODUCTS_CSV, OFFER_TYPES_CSV) {
            Ok(c) => c,
            Err(_) => Catalog {
                products: Vec::new(),
                offer_types: Vec::new(),
            },
        }
    }

    pub fn parse(products_csv: &str, offer_types_csv: &str) -> Result<Catalog, CatalogError> {
        let mut products = Vec::new();
        for (n, line) in data_lines(products_csv) {
            let err = |problem: String| CatalogError { line: n, problem };
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
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
                name: (*name).to_owned(),
                legacy_ids,
                trial_without_payment_method: match *trial {
                    "true" => true,
                    "false" => false,
                    other => return Err(err(format!("'{other}' is not true or false"))),
                },
            });
        }
        let mut offer_types = Vec::new();
        for (n, line) in data_lines(offer_types_csv) {
            let (id, description) = line.split_once(',').ok_or_else(|| CatalogError {
                line: n,
                problem: "expected 2 columns".into(),
            })?;
            offer_types.push(CatalogOfferType {
                id: id.trim().parse().map_err(|e| CatalogError {
                    line: n,
                    problem: format!("{e}"),
                })?,
                description: description.trim().to_owned(),
            });
        }
        Ok(Catalog {
            products,
            offer_types,
        })
    }
}

/// Non-empty lines after the header, numbered from 1 as an editor would.
fn data_lines(csv: &str) -> impl Iterator<Item = (usize, &str)> {
    csv.lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
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
        assert_eq!(Catalog::builtin(), c);
    }

    #[test]
    fn bad_lines_say_where() {
        let e = Catalog::parse("h\nA,B,,maybe\n", "h\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
