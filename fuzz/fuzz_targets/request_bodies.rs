//! Request bodies of the licensing API as the server parses them (`serde_json::from_slice` into
//! the wire types): no panic on any input, and whatever parses survives a round trip unchanged
//! (values come back canonical, so parsing what we print gives the same value).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mscommerce_proto::{PolicyBatch, PolicyDefaultUpdate, PolicyUpdate};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<T>(data) {
        let printed = serde_json::to_vec(&v).expect("a parsed body prints");
        let again: T = serde_json::from_slice(&printed).expect("a printed body parses");
        assert_eq!(again, v);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<PolicyUpdate>(data);
    round_trip::<PolicyDefaultUpdate>(data);
    round_trip::<PolicyBatch>(data);
});
