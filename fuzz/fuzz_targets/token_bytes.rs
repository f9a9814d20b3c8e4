//! Arbitrary bytes as a bearer token: `Verifier::verify` (split, base64url, JSON, header and
//! claim checks) must refuse them without panicking. Bytes that are not UTF-8 never reach it
//! (an HTTP header value that is not ASCII is refused before), so they are made text lossily.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let f = mscommerce_fuzz::fixture();
    let token = String::from_utf8_lossy(data);
    // Anything that verifies must at least have the shape of a signed JWT.
    if let Ok(p) = f.verify(&token) {
        assert_eq!(
            token.split('.').count(),
            3,
            "accepted a non-JWT: {token:?} as {p:?}"
        );
    }
});
