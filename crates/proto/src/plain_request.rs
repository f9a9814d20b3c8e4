//! The decision request in the plain form storefronts send, read without serde.
//!
//! A decision is the service's hottest request, and serde read its body in about an eighth of
//! the instructions the whole request took (bench/profile: 2,800 of 21,000, for some 110
//! bytes): the derive's field matching, nine strings each scanned for escapes, a `String` per id
//! and a UTF-8 pass. Storefronts send one shape: `productId`, no escapes, ASCII. This reads that
//! shape in one pass and gives up (`None`) at the first thing it does not know, leaving the body
//! to serde, which reads everything else and says what is wrong with what it cannot read. So it
//! never decides what is valid: whatever it accepts, serde accepts as the same request (the
//! property test below holds it to that).

use std::str::FromStr;

use uuid::Uuid;

use crate::ids::{ProductId, TenantId};
use crate::purchase::{EvaluateRequest, PurchaseKind};

impl EvaluateRequest {
    /// The request, when `body` is a JSON object with `tenantId`, `productId`, `kind` and
    /// `hasPaymentMethod` (and optionally `userId`), each once, in any order, with strings
    /// without escapes; `None` for anything else, valid or not (read it with serde then).
    pub fn from_plain_json(body: &[u8]) -> Option<EvaluateRequest> {
        let mut s = Scan { body, at: 0 };
        s.expect(b'{')?;
        let (mut tenant, mut user, mut product, mut kind, mut payment) =
            (None, None, None, None, None);
        loop {
            let key = s.string()?;
            s.expect(b':')?;
            // A key seen before is serde's to refuse.
            match key {
                b"tenantId" if tenant.is_none() => tenant = Some(s.uuid()?),
                b"userId" if user.is_none() => user = Some(s.uuid()?),
                b"productId" if product.is_none() => {
                    let id = std::str::from_utf8(s.string()?).ok()?;
                    product = Some(ProductId::from_str(id).ok()?);
                }
                b"kind" if kind.is_none() => {
                    kind = Some(match s.string()? {
                        b"purchase" => PurchaseKind::Purchase,
                        b"trial" => PurchaseKind::Trial,
                        _ => return None,
                    });
                }
                b"hasPaymentMethod" if payment.is_none() => payment = Some(s.boolean()?),
                _ => return None,
            }
            match s.next()? {
                b',' => {}
                b'}' => break,
                _ => return None,
            }
        }
        s.skip_whitespace();
        if s.at != body.len() {
            return None;
        }
        Some(EvaluateRequest {
            tenant_id: TenantId::new(tenant?),
            user_id: user,
            product_id: Some(product?),
            product_ids: None,
            kind: kind?,
            has_payment_method: payment?,
        })
    }
}

struct Scan<'a> {
    body: &'a [u8],
    at: usize,
}

impl<'a> Scan<'a> {
    /// JSON's whitespace (RFC 8259), nothing wider.
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.body.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace.
    fn next(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let byte = *self.body.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// A string's bytes as written, up to the next quote. Not checked here: every string the
    /// reader keeps is then matched against a literal or read by a parser (the UUID's, the
    /// product id's) that admits no backslash, control character or byte beyond ASCII, so an
    /// escaped or broken string never passes for another.
    fn string(&mut self) -> Option<&'a [u8]> {
        self.expect(b'"')?;
        let rest = self.body.get(self.at..)?;
        let len = memchr::memchr(b'"', rest)?;
        self.at += len + 1;
        Some(&rest[..len])
    }

    /// A UUID, read as serde reads one (the same parser as `Uuid::from_str`).
    fn uuid(&mut self) -> Option<Uuid> {
        Uuid::try_parse_ascii(self.string()?).ok()
    }

    fn boolean(&mut self) -> Option<bool> {
        self.skip_whitespace();
        let rest = self.body.get(self.at..)?;
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.at += len;
        Some(value)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn serde(body: &str) -> Result<EvaluateRequest, serde_json::Error> {
        serde_json::from_str(body)
    }

    /// What storefronts send, and `bench/run` too.
    #[test]
    fn the_plain_form_is_read() {
        let body = r#"{"tenantId":"b0000000-0000-4000-8000-000000000001","productId":"cfq7ttc0h9mp","kind":"purchase","hasPaymentMethod":true}"#;
        let plain = EvaluateRequest::from_plain_json(body.as_bytes()).unwrap();
        assert_eq!(plain, serde(body).unwrap());
        assert_eq!(plain.product_id.unwrap().as_str(), "CFQ7TTC0H9MP");
    }

    /// Valid JSON outside the plain form goes to serde, which reads it.
    #[test]
    fn other_valid_forms_are_left_to_serde() {
        for body in [
            r#"{"tenantId":"b0000000-0000-4000-8000-000000000001","productIds":["CFQ7TTC0H9MP"],"kind":"trial","hasPaymentMethod":false}"#,
            r#"{"tenant\u0049d":"b0000000-0000-4000-8000-000000000001","productId":"CFQ7TTC0H9MP","kind":"trial","hasPaymentMethod":false}"#,
            r#"{"tenantId":"b0000000-0000-4000-8000-000000000001","userId":null,"productId":"CFQ7TTC0H9MP","kind":"trial","hasPaymentMethod":false}"#,
        ] {
            assert_eq!(
                EvaluateRequest::from_plain_json(body.as_bytes()),
                None,
                "{body}"
            );
            assert!(serde(body).is_ok(), "{body}");
        }
    }

    fn quoted(values: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
        prop::sample::select(values).prop_map(|v| format!("\"{v}\""))
    }

    fn uuids() -> impl Strategy<Value = String> + Clone {
        prop_oneof![
            4 => Just("\"b0000000-0000-4000-8000-000000000001\"".to_owned()),
            1 => quoted(&[
                "B0000000-0000-4000-8000-00000000000A",
                "{b0000000-0000-4000-8000-000000000001}",
                "b00000000000400080000000000000001",
                "b0000000-0000-4000-8000-00000000000",
                "not a guid",
                "",
            ]),
            1 => Just("null".to_owned()),
        ]
    }

    fn products() -> impl Strategy<Value = String> + Clone {
        prop_oneof![
            4 => Just("\"CFQ7TTC0H9MP\"".to_owned()),
            1 => quoted(&["cfq7ttc0hdb1", "CFQ7TTC0H9MP/", "a b", "", "é", "C\\u0046Q"]),
            1 => Just(format!("\"{}\"", "x".repeat(65))),
            1 => Just("[\"CFQ7TTC0H9MP\"]".to_owned()),
        ]
    }

    fn kinds() -> impl Strategy<Value = String> + Clone {
        prop_oneof![
            4 => quoted(&["purchase", "trial"]),
            1 => quoted(&["Trial", "PURCHASE", "tri\\u0061l", "trial ", ""]),
            1 => Just("1".to_owned()),
        ]
    }

    fn booleans() -> impl Strategy<Value = String> + Clone {
        prop_oneof![
            4 => prop::sample::select(&["true", "false"][..]).prop_map(str::to_owned),
            1 => prop::sample::select(&["\"true\"", "True", "tru", "trUe", "fals", "null", "1"][..])
                .prop_map(str::to_owned),
        ]
    }

    /// Any one field, right or wrong, known or not.
    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            uuids().prop_map(|v| format!("\"tenantId\":{v}")),
            uuids().prop_map(|v| format!("\"userId\":{v}")),
            products().prop_map(|v| format!("\"productId\":{v}")),
            products().prop_map(|v| format!("\"productIds\":[{v}]")),
            kinds().prop_map(|v| format!("\"kind\":{v}")),
            booleans().prop_map(|v| format!("\"hasPaymentMethod\":{v}")),
            Just("\"other\":1".to_owned()),
            Just("\"tenant\\u0049d\":\"b0000000-0000-4000-8000-000000000001\"".to_owned()),
        ]
    }

    /// A request's fields, each mostly right, in any order, with or without a user.
    fn request() -> impl Strategy<Value = Vec<String>> {
        (
            uuids(),
            prop::option::of(uuids()),
            products(),
            kinds(),
            booleans(),
        )
            .prop_map(|(tenant, user, product, kind, payment)| {
                let mut fields = vec![
                    format!("\"tenantId\":{tenant}"),
                    format!("\"productId\":{product}"),
                    format!("\"kind\":{kind}"),
                    format!("\"hasPaymentMethod\":{payment}"),
                ];
                fields.extend(user.map(|u| format!("\"userId\":{u}")));
                fields
            })
            .prop_shuffle()
    }

    /// A complete plain request with its fields in any order, with or without a user.
    fn plain() -> impl Strategy<Value = Vec<String>> {
        (any::<bool>(), Just(()))
            .prop_map(|(user, ())| {
                let mut fields = vec![
                    "\"tenantId\":\"b0000000-0000-4000-8000-000000000001\"".to_owned(),
                    "\"productId\":\"cfq7ttc0h9mp\"".to_owned(),
                    "\"kind\":\"trial\"".to_owned(),
                    "\"hasPaymentMethod\":false".to_owned(),
                ];
                if user {
                    fields.push("\"userId\":\"b0000000-0000-4000-8000-000000000002\"".to_owned());
                }
                fields
            })
            .prop_shuffle()
    }

    /// A request with up to two fields left out or added: mostly bodies the reader nearly
    /// accepts, where it and serde could part.
    fn near_plain() -> impl Strategy<Value = Vec<String>> {
        let edit = (field(), any::<prop::sample::Index>(), any::<bool>());
        (request(), prop::collection::vec(edit, 0..3)).prop_map(|(mut fields, edits)| {
            for (field, at, remove) in edits {
                let i = at.index(fields.len() + 1);
                if remove && i < fields.len() {
                    fields.remove(i);
                } else {
                    fields.insert(i, field);
                }
            }
            fields
        })
    }

    /// JSON's whitespace and a few bytes that are not.
    fn space() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            12 => Just(""),
            2 => Just(" "),
            1 => Just("\n\t "),
            1 => Just("\r\n"),
            1 => Just("\u{a0}"),
            1 => Just("x"),
        ]
    }

    fn body(fields: &[String], spaces: Vec<&'static str>, tail: &str) -> String {
        let mut spaces = spaces.into_iter().cycle();
        let mut body = format!("{}{{", spaces.next().unwrap_or(""));
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(spaces.next().unwrap_or(""));
            body.push_str(&f.replacen(':', &format!("{}:", spaces.next().unwrap_or("")), 1));
            body.push_str(spaces.next().unwrap_or(""));
        }
        body.push_str(tail);
        body
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whatever the plain reader accepts, serde accepts as the same request.
        #[test]
        fn what_it_reads_serde_reads_alike(
            fields in near_plain(),
            spaces in prop::collection::vec(space(), 1..8),
            tail in prop_oneof![4 => Just("}"), 1 => Just("} \n"), 1 => Just(""), 1 => Just("}x"),
                                1 => Just("}}"), 1 => Just(",}"), 1 => Just(","), 1 => Just("} {}")],
        ) {
            let body = body(&fields, spaces, tail);
            if let Some(plain) = EvaluateRequest::from_plain_json(body.as_bytes()) {
                prop_assert_eq!(Some(plain), serde(&body).ok(), "{}", body);
            }
        }

        /// And it reads every plain request, in any order, with JSON's whitespace anywhere.
        #[test]
        fn it_reads_every_plain_request(
            fields in plain(),
            spaces in prop::collection::vec(prop_oneof![Just(""), Just(" "), Just("\n\t\r ")], 1..8),
        ) {
            let body = body(&fields, spaces, "}\r\n");
            let plain = EvaluateRequest::from_plain_json(body.as_bytes());
            prop_assert!(plain.is_some(), "{}", body);
            prop_assert_eq!(plain, serde(&body).ok(), "{}", body);
        }
    }
}
