//! Any bytes as a spec file: loading and lowering return a value or diagnostics, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = codegen::loader::load_bytes("fuzz.yaml", data.to_vec()) {
        let _ = codegen::lower::lower(&document);
    }
});
