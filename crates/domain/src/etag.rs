//! Entity tags for optimistic concurrency (RFC 9110 §8.8.3, §13.1.1).
//!
//! A tag is derived from what identifies a representation and its version, so it is opaque to
//! clients and differs across tenants. `If-Match` uses strong comparison: a weak tag never matches.

use std::fmt;

use aws_lc_rs::digest;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ETag(String);

impl ETag {
    /// The tag of version `version` of the thing named by `parts` (tenant, scope, id, ...).
    pub fn derive(parts: &[&str], version: i64) -> ETag {
        let mut ctx = digest::Context::new(&digest::SHA256);
        for p in parts {
            ctx.update(p.as_bytes());
            ctx.update(&[0]);
        }
        ctx.update(&version.to_be_bytes());
        let d = ctx.finish();
        ETag(crate::audit::hex(d.as_ref().get(..12).unwrap_or_default()))
    }

    /// The opaque part, without quotes.
    pub fn opaque(&self) -> &str {
        &self.0
    }

    /// The header form, with quotes.
    pub fn header_value(&self) -> String {
        format!("\"{}\"", self.0)
    }
}

impl fmt::Display for ETag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

/// A parsed `If-Match` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    /// `*`: matches any current representation.
    Any,
    /// A list of tags; `weak` ones are kept only to fail strong comparison.
    Tags(Vec<EntityTag>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityTag {
    pub weak: bool,
    pub opaque: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("If-Match must be \"*\" or a list of quoted entity tags such as \"a1b2c3\"")]
pub struct BadIfMatch;

impl IfMatch {
    pub fn parse(header: &str) -> Result<IfMatch, BadIfMatch> {
        let h = header.trim();
        if h == "*" {
            return Ok(IfMatch::Any);
        }
        if h.is_empty() || h.len() > 4096 {
            return Err(BadIfMatch);
        }
        let mut tags = Vec::new();
        let mut rest = h;
        loop {
            rest = rest.trim_start();
            let (weak, r) = match rest.strip_prefix("W/") {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let r = r.strip_prefix('"').ok_or(BadIfMatch)?;
            let end = r.find('"').ok_or(BadIfMatch)?;
            let opaque = &r[..end];
            // etagc = %x21 / %x23-7E / obs-text; we accept visible ASCII only.
            if !opaque
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b))
            {
                return Err(BadIfMatch);
            }
            tags.push(EntityTag {
                weak,
                opaque: opaque.to_owned(),
            });
            rest = r[end + 1..].trim_start();
            if rest.is_empty() {
                break;
            }
            rest = rest.strip_prefix(',').ok_or(BadIfMatch)?;
        }
        Ok(IfMatch::Tags(tags))
    }

    /// Strong comparison against the current tag.
    pub fn matches(&self, current: &ETag) -> bool {
        match self {
            IfMatch::Any => true,
            IfMatch::Tags(tags) => tags.iter().any(|t| !t.weak && t.opaque == current.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strong_comparison() {
        let t = ETag::derive(&["t", "p"], 3);
        assert!(IfMatch::parse(&t.header_value()).unwrap().matches(&t));
        assert!(IfMatch::parse("*").unwrap().matches(&t));
        let weak = format!("W/{}", t.header_value());
        assert!(!IfMatch::parse(&weak).unwrap().matches(&t));
        let list = format!("\"x\", {}", t.header_value());
        assert!(IfMatch::parse(&list).unwrap().matches(&t));
        assert_ne!(t, ETag::derive(&["t", "p"], 4));
    }

    #[test]
    fn garbage_is_an_error() {
        for bad in [
            "",
            "abc",
            "\"abc",
            "\"a\" \"b\"",
            "\"a\",",
            "W/abc",
            "\"a b\"",
        ] {
            assert_eq!(IfMatch::parse(bad), Err(BadIfMatch), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,200}") {
            let _ = IfMatch::parse(&s);
        }

        #[test]
        fn every_derived_tag_round_trips(v in any::<i64>(), a in "[a-z]{0,8}") {
            let t = ETag::derive(&[&a], v);
            prop_assert!(IfMatch::parse(&t.header_value()).unwrap().matches(&t));
        }
    }
}
