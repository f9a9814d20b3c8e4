//! `If-Match` (`IfMatch::parse`) and the ids taken from paths and tokens (`ProductId`,
//! `OfferType`, `TenantId`, `DomainName`, `PolicyId`, `PolicyValue`): no panic on any input, and
//! what parses is well-formed and parses again to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mscommerce_domain::{
    DomainName, ETag, IfMatch, OfferType, PolicyId, PolicyValue, ProductId, TenantId,
};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match IfMatch::parse(s) {
        Ok(IfMatch::Any) => assert_eq!(s.trim(), "*"),
        Ok(IfMatch::Tags(tags)) => {
            assert!(!tags.is_empty());
            let printed = tags
                .iter()
                .map(|t| format!("{}\"{}\"", if t.weak { "W/" } else { "" }, t.opaque))
                .collect::<Vec<_>>()
                .join(", ");
            assert_eq!(IfMatch::parse(&printed), Ok(IfMatch::Tags(tags.clone())));
            for t in &tags {
                assert!(
                    t.opaque
                        .bytes()
                        .all(|b| b == 0x21 || (0x23..=0x7e).contains(&b))
                );
                // A strong tag matches the ETag it names; a weak one never does.
                let etag_matches = IfMatch::Tags(vec![t.clone()]);
                let derived = ETag::derive(&[&t.opaque], 1);
                if !t.weak && t.opaque == derived.opaque() {
                    assert!(etag_matches.matches(&derived));
                }
            }
        }
        Err(_) => {}
    }
    if let Ok(p) = s.parse::<ProductId>() {
        assert!((1..=64).contains(&p.as_str().len()));
        assert_eq!(p.as_str(), p.as_str().to_ascii_uppercase());
        assert_eq!(p.as_str().parse::<ProductId>().as_ref(), Ok(&p));
    }
    if let Ok(o) = s.parse::<OfferType>() {
        assert_eq!(o.as_str(), s);
        assert_eq!(o.as_str().parse::<OfferType>().as_ref(), Ok(&o));
    }
    if let Ok(t) = s.parse::<TenantId>() {
        assert_eq!(t.to_string().parse::<TenantId>(), Ok(t));
        assert_eq!(t.to_string(), s.to_ascii_lowercase());
    }
    if let Ok(d) = s.parse::<DomainName>() {
        assert!(d.as_str().len() <= 253 && d.as_str().contains('.'));
        assert_eq!(d.as_str(), s.to_ascii_lowercase());
        assert_eq!(d.as_str().parse::<DomainName>().as_ref(), Ok(&d));
    }
    if let Some(p) = PolicyId::parse(s) {
        assert!(p.as_str().eq_ignore_ascii_case(s));
    }
    if let Ok(v) = s.parse::<PolicyValue>() {
        assert_eq!(v.as_str().parse::<PolicyValue>(), Ok(v));
        assert!(v.as_str().eq_ignore_ascii_case(s.trim()));
    }
});
