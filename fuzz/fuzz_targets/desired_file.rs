//! Desired-state files as `plan`, `apply` and `diff` read them (`mscommerce_client::desired`):
//! no panic on any input in either syntax; an error's line exists in the input; and whatever
//! parses is written back (TOML and JSON) to a file that parses to the same state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mscommerce_client::desired::{FileFormat, Names, parse, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [FileFormat::Toml, FileFormat::Json] {
        match parse(text, format) {
            Ok(state) => {
                for out in [FileFormat::Toml, FileFormat::Json] {
                    let written = render(&state, &Names::default(), &["fuzz".to_owned()], out);
                    let again = parse(&written, out).expect("a written file parses");
                    assert_eq!(again, state, "{written}");
                }
            }
            Err(e) => {
                if let Some(line) = e.line {
                    assert!(line >= 1 && line <= text.lines().count() + 1, "{e}");
                }
            }
        }
    }
});
