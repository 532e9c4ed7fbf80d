//! Any bytes as a spec: the whole pipeline in memory (loading, lowering, emitting, printing)
//! returns a crate or diagnostics, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = codegen::CrateOptions {
        crate_name: "fuzzed".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_name: "fuzz.yaml".to_owned(),
        command: "cargo fuzz".to_owned(),
        standalone: true,
    };
    if let Ok(document) = codegen::loader::load_bytes("fuzz.yaml", data.to_vec()) {
        let _ = codegen::generate_document(&document, &options);
    }
});
