//! Identifiers that cannot hold a bad value (parse, don't validate).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("'{0}' is not a tenant id (a GUID)")]
    TenantId(String),
    #[error("'{0}' is not a product id: use 1 to 64 letters, digits, '-' or '_'")]
    ProductId(String),
    #[error("'{0}' is not an offer type: use 1 to 64 letters, digits, '-' or '_'")]
    OfferType(String),
    #[error("'{0}' is not a domain name")]
    Domain(String),
}

/// A directory tenant (the token's `tid`). Always a GUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantId(Uuid);

impl TenantId {
    pub const fn new(id: Uuid) -> Self {
        TenantId(id)
    }
    pub fn as_uuid(&self) -> &Uuid {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl FromStr for TenantId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Only the hyphenated form, as Entra writes it: no braces, no URN, no simple form.
        if s.len() != 36 {
            return Err(IdError::TenantId(s.to_owned()));
        }
        Uuid::parse_str(s)
            .map(TenantId)
            .map_err(|_| IdError::TenantId(s.to_owned()))
    }
}

fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A product id (`CFQ7TTC0H9MP`). Stored upper-case; parsing is case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ProductId(String);

impl ProductId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ProductId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProductId::try_from(s.to_owned())
    }
}

impl TryFrom<String> for ProductId {
    type Error = IdError;
    /// Upper-cased in place: a request's product id is parsed on every decision.
    fn try_from(mut s: String) -> Result<Self, Self::Error> {
        if is_code(&s) {
            s.make_ascii_uppercase();
            Ok(ProductId(s))
        } else {
            Err(IdError::ProductId(truncate(&s)))
        }
    }
}

impl<'de> Deserialize<'de> for ProductId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ProductId::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An offer type (`SaaS`). Kept as written; compared case-insensitively by the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OfferType(String);

impl OfferType {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OfferType {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_code(s) {
            Ok(OfferType(s.to_owned()))
        } else {
            Err(IdError::OfferType(truncate(s)))
        }
    }
}

impl<'de> Deserialize<'de> for OfferType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for OfferType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tenant's verified domain name (`contoso.example`), lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DomainName(String);

impl DomainName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for DomainName {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s.len() <= 253
            && s.contains('.')
            && s.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if ok {
            Ok(DomainName(s.to_ascii_lowercase()))
        } else {
            Err(IdError::Domain(truncate(s)))
        }
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Error messages quote at most 80 characters of what a client sent.
fn truncate(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tenant_id_only_takes_hyphenated_guids() {
        assert!(
            "7f2b1a52-3c1d-4e5f-8a9b-0c1d2e3f4a5b"
                .parse::<TenantId>()
                .is_ok()
        );
        assert!(
            "{7f2b1a52-3c1d-4e5f-8a9b-0c1d2e3f4a5b}"
                .parse::<TenantId>()
                .is_err()
        );
        assert!("contoso.example".parse::<TenantId>().is_err());
    }

    #[test]
    fn domain_names() {
        assert_eq!(
            "Contoso.Example".parse::<DomainName>().unwrap().as_str(),
            "contoso.example"
        );
        for bad in ["contoso", "-a.b", "a..b", "a b.c", "a/b.c"] {
            assert!(bad.parse::<DomainName>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn product_id_parse_never_panics_and_round_trips(s in ".{0,100}") {
            if let Ok(id) = s.parse::<ProductId>() {
                prop_assert_eq!(&id.as_str().parse::<ProductId>().unwrap(), &id);
                prop_assert!(id.as_str().len() <= 64);
            }
        }
    }
}
