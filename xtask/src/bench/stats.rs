//! Medians, memory in megabytes or gigabytes, and the size of a directory.

use std::path::Path;

/// The median (the mean of the middle two for an even count); 0 when empty.
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[middle],
        _ => (values[middle - 1] + values[middle]) / 2.0,
    }
}

/// `206 MB`, `1.63 GB` from KiB.
pub fn megabytes(kib: f64) -> String {
    let mb = kib * 1024.0 / 1e6;
    if mb >= 1000.0 {
        format!("{:.2} GB", mb / 1000.0)
    } else {
        format!("{mb:.0} MB")
    }
}

/// Files and bytes under `dir`.
pub fn size_of(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.metadata() {
                Ok(metadata) if metadata.is_dir() => pending.push(entry.path()),
                Ok(metadata) => {
                    files += 1;
                    bytes += metadata.len();
                }
                Err(_) => {}
            }
        }
    }
    (files, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(Vec::new()), 0.0);
    }

    #[test]
    fn sizes_in_megabytes_and_gigabytes() {
        assert_eq!(megabytes(200_000.0), "205 MB");
        assert_eq!(megabytes(1_600_000.0), "1.64 GB");
    }

    #[test]
    fn counts_files_and_bytes() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir(dir.path().join("src")).expect("src");
        std::fs::write(dir.path().join("src/lib.rs"), "abc").expect("lib.rs");
        std::fs::write(dir.path().join("Cargo.toml"), "ab").expect("Cargo.toml");
        assert_eq!(size_of(dir.path()), (2, 5));
    }
}
