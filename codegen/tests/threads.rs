//! The output does not depend on how many threads emit it: every fixture and the SuperOffice
//! spec give byte-identical crates on one thread and on several, and the two-phase path
//! (all tokens, then all printing) that the benchmarks time gives the same files as well.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::emit::{emit_crate_on, emit_tokens, print_files};

fn assert_thread_count_does_not_matter(spec: &Path, options: &codegen::CrateOptions) {
    let document = codegen::loader::load_file(spec, &options.spec_name)
        .unwrap_or_else(|errors| panic!("{} loads: {errors}", spec.display()));
    let lowered = codegen::lower::lower(&document)
        .unwrap_or_else(|errors| panic!("{} lowers: {errors}", spec.display()));
    let one = emit_crate_on(&lowered.model, options, 1).expect("emits on one thread");
    for threads in [2, 3, 8] {
        let many = emit_crate_on(&lowered.model, options, threads).expect("emits");
        assert!(
            one == many,
            "{}: {threads} threads give other files than one",
            spec.display()
        );
    }
    let (tokens, header) = emit_tokens(&lowered.model, options);
    let printed: BTreeMap<PathBuf, String> = print_files(tokens, &header).expect("prints");
    for (path, text) in &printed {
        assert_eq!(
            one.get(path),
            Some(text),
            "{}: {} differs between the phases and the pipeline",
            spec.display(),
            path.display()
        );
    }
}

#[test]
fn every_fixture_is_byte_identical_on_any_number_of_threads() {
    for file in common::fixtures() {
        let name = common::stem(&file);
        assert_thread_count_does_not_matter(
            &common::fixtures_dir().join(&file),
            &common::options(name),
        );
    }
}

#[test]
fn the_superoffice_spec_is_byte_identical_on_any_number_of_threads() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/superoffice.yaml");
    let options = codegen::CrateOptions::new("superoffice-webapi", "spec/superoffice.yaml");
    assert_thread_count_does_not_matter(&spec, &options);
}
