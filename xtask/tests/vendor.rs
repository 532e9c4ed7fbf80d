//! The vendored SuperOffice API documents (`spec/vendor/superoffice-api/`) are exactly what
//! `MANIFEST.tsv` lists: every listed file present with its SHA-256, no file unlisted. They are
//! the import's inputs and are never edited (PROVENANCE.md says how to update them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn vendor_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/vendor/superoffice-api")
}

/// `path → sha256` as the manifest lists them.
fn manifest() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(vendor_dir().join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut listed = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let (path, hash) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("MANIFEST.tsv:{}: expected `path<TAB>sha256`", index + 1));
        assert!(
            listed.insert(path.to_owned(), hash.to_owned()).is_none(),
            "MANIFEST.tsv:{}: {path} is listed twice",
            index + 1
        );
    }
    listed
}

/// Every file under the vendor directory except the manifest and the provenance note,
/// relative and `/`-separated.
fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files(&path, base, out);
        } else {
            let relative = path.strip_prefix(base).expect("under the base");
            let relative = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            if relative != "MANIFEST.tsv" && relative != "PROVENANCE.md" {
                out.push(relative);
            }
        }
    }
}

#[test]
fn vendored_files_are_exactly_the_manifest() {
    let listed = manifest();
    let mut present = Vec::new();
    files(&vendor_dir(), &vendor_dir(), &mut present);
    present.sort();
    let listed_paths: Vec<&String> = listed.keys().collect();
    assert_eq!(
        present.iter().collect::<Vec<_>>(),
        listed_paths,
        "files present vs MANIFEST.tsv"
    );
    for (path, hash) in &listed {
        let bytes = std::fs::read(vendor_dir().join(path)).expect("listed file is readable");
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(
            &actual, hash,
            "{path} differs from MANIFEST.tsv: vendored files are never edited (see PROVENANCE.md)"
        );
    }
    let documents = listed.keys().filter(|p| p.ends_with(".json")).count();
    assert_eq!(documents, 111, "54 REST resources and 57 agents");
    assert!(
        listed.contains_key("LICENSE"),
        "the licence travels with the files"
    );
}
