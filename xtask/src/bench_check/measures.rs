//! What one `bench-check` run measured: a value per row of the targets table, or why it is
//! missing (a part skipped by a flag, or a step that failed).

use std::fmt;

use crate::bench::check::Timed;

/// A measured value, or why there is none.
pub type Measured<T> = Result<T, Missing>;

/// Why a value was not measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A flag skipped it (the flag).
    Skipped(&'static str),
    /// A step failed (what failed, and where its log is).
    Failed(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Skipped(flag) => write!(f, "skipped ({flag})"),
            Missing::Failed(message) => write!(f, "failed: {message}"),
        }
    }
}

/// A generated crate's `src/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Files under `src/`.
    pub files: usize,
    /// Their bytes.
    pub bytes: u64,
}

/// Everything one run measured, row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Measures {
    /// GitHub's crate, all features, crate only.
    pub github_all: Measured<Timed>,
    /// OpenAPI Generator's `rust` client crate of GitHub's spec, default features, crate only.
    pub openapi_client: Measured<Timed>,
    /// GitHub's crate, one tag (`issues`) with `client` and `server`, crate only.
    pub github_tag: Measured<Timed>,
    /// SuperOffice's merged document's crate, all features, crate only.
    pub superoffice_all: Measured<Timed>,
    /// SuperOffice's crate, one resource (`Contact`) with `client` and `server`, crate only.
    pub superoffice_resource: Measured<Timed>,
    /// GitHub's generated `src/`.
    pub github_size: Measured<Size>,
    /// SuperOffice's generated `src/`.
    pub superoffice_size: Measured<Size>,
    /// `xtask codegen` on GitHub's spec into a new directory: median wall time, seconds.
    pub codegen_ours: Measured<f64>,
    /// OpenAPI Generator `rust` on the same spec, alternating with ours: median, seconds.
    pub codegen_openapi: Measured<f64>,
}

impl Measures {
    /// Every value missing for `why` (tests start from it).
    #[cfg(test)]
    pub fn missing(why: &Missing) -> Self {
        Self {
            github_all: Err(why.clone()),
            openapi_client: Err(why.clone()),
            github_tag: Err(why.clone()),
            superoffice_all: Err(why.clone()),
            superoffice_resource: Err(why.clone()),
            github_size: Err(why.clone()),
            superoffice_size: Err(why.clone()),
            codegen_ours: Err(why.clone()),
            codegen_openapi: Err(why.clone()),
        }
    }

    /// The failures, in row order (each once: several rows may share one).
    pub fn failures(&self) -> Vec<&str> {
        let all = [
            self.github_all.as_ref().err(),
            self.openapi_client.as_ref().err(),
            self.github_tag.as_ref().err(),
            self.superoffice_all.as_ref().err(),
            self.superoffice_resource.as_ref().err(),
            self.github_size.as_ref().err(),
            self.superoffice_size.as_ref().err(),
            self.codegen_ours.as_ref().err(),
            self.codegen_openapi.as_ref().err(),
        ];
        let mut failures: Vec<&str> = Vec::new();
        for missing in all.into_iter().flatten() {
            if let Missing::Failed(message) = missing {
                if !failures.contains(&message.as_str()) {
                    failures.push(message);
                }
            }
        }
        failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_listed_once_and_skips_not_at_all() {
        let mut measures = Measures::missing(&Missing::Skipped("--no-check"));
        assert!(measures.failures().is_empty());
        let broken = Missing::Failed("merge.py failed; see /w/merge.log".to_owned());
        measures.superoffice_all = Err(broken.clone());
        measures.superoffice_size = Err(broken);
        assert_eq!(measures.failures(), ["merge.py failed; see /w/merge.log"]);
        assert_eq!(
            Missing::Skipped("--no-superoffice").to_string(),
            "skipped (--no-superoffice)"
        );
    }
}
