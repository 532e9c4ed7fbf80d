//! The lean-code targets of issue 13 and whether a run's measures meet them: one `Row` per
//! line of the issue's table, its measured text with the raw numbers each ratio comes from.

use super::measures::{Measured, Measures, Missing, Size};
use crate::bench::check::Timed;

/// What a value is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Wall time.
    Seconds,
    /// Peak memory, decimal gigabytes.
    Gigabytes,
    /// Bytes on disk, decimal megabytes.
    Megabytes,
    /// A plain ratio.
    Ratio,
    /// How many times faster.
    Times,
}

impl Unit {
    /// A measured value: `33.4 s`, `2.31 s`, `3.60 GB`, `20.1 MB`, `0.28`, `6.9×`.
    pub fn value(self, value: f64) -> String {
        match self {
            Unit::Seconds if value < 10.0 => format!("{value:.2} s"),
            Unit::Seconds => format!("{value:.1} s"),
            Unit::Gigabytes => format!("{value:.2} GB"),
            Unit::Megabytes => format!("{value:.1} MB"),
            Unit::Ratio => format!("{value:.2}"),
            Unit::Times => format!("{value:.1}×"),
        }
    }

    /// A limit as the issue writes it: `40 s`, `2.5 GB`, `0.35`, `15×`.
    fn limit(self, limit: f64) -> String {
        match self {
            Unit::Seconds => format!("{limit} s"),
            Unit::Gigabytes => format!("{limit} GB"),
            Unit::Megabytes => format!("{limit} MB"),
            Unit::Ratio => format!("{limit}"),
            Unit::Times => format!("{limit}×"),
        }
    }
}

/// One target: a value at most (or at least) `bound`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limit {
    /// The bound.
    pub bound: f64,
    /// What it is measured in.
    pub unit: Unit,
    /// Whether the value must reach the bound (a speed-up) rather than stay under it.
    pub at_least: bool,
}

impl Limit {
    /// A value that must stay at or under `bound`.
    const fn at_most(bound: f64, unit: Unit) -> Self {
        Self {
            bound,
            unit,
            at_least: false,
        }
    }

    /// `≤ 40 s`, `≥ 15× faster`.
    fn shown(self) -> String {
        if self.at_least {
            format!("≥ {} faster", self.unit.limit(self.bound))
        } else {
            format!("≤ {}", self.unit.limit(self.bound))
        }
    }

    /// Whether `value` meets this limit.
    fn met_by(self, value: f64) -> bool {
        if self.at_least {
            value >= self.bound
        } else {
            value <= self.bound
        }
    }

    /// Why `value` misses this limit: `3.60 GB > 2.5 GB`, `6.9× < 15×`.
    fn missed_by(self, value: f64) -> String {
        let relation = if self.at_least { "<" } else { ">" };
        format!(
            "{} {relation} {}",
            self.unit.value(value),
            self.unit.limit(self.bound)
        )
    }
}

/// GitHub, all features, crate only: time and memory.
const GITHUB_ALL: [Limit; 2] = [
    Limit::at_most(40.0, Unit::Seconds),
    Limit::at_most(2.5, Unit::Gigabytes),
];
/// The same as a ratio to OpenAPI Generator's client crate.
const GITHUB_RATIO: Limit = Limit::at_most(0.35, Unit::Ratio);
/// GitHub, one tag with client and server.
const GITHUB_TAG: Limit = Limit::at_most(3.0, Unit::Seconds);
/// SuperOffice's merged document, all features: time and memory.
const SUPEROFFICE_ALL: [Limit; 2] = [
    Limit::at_most(70.0, Unit::Seconds),
    Limit::at_most(4.0, Unit::Gigabytes),
];
/// SuperOffice, one resource with client and server.
const SUPEROFFICE_RESOURCE: Limit = Limit::at_most(2.0, Unit::Seconds);
/// Generated `src/`, GitHub and SuperOffice.
const SIZES: [Limit; 2] = [
    Limit::at_most(7.0, Unit::Megabytes),
    Limit::at_most(22.0, Unit::Megabytes),
];
/// `xtask codegen` on GitHub's spec, end to end, on disk.
const CODEGEN: Limit = Limit::at_most(0.7, Unit::Seconds);
/// The same against OpenAPI Generator `rust`.
const SPEEDUP: Limit = Limit {
    bound: 15.0,
    unit: Unit::Times,
    at_least: true,
};

/// Whether a row meets its targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Met {
    /// Every target met.
    Yes,
    /// Some missed: why, e.g. `3.60 GB > 2.5 GB`.
    No(String),
    /// A value is missing and none measured misses.
    Unknown,
}

/// One line of the targets table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// What is measured (the wording).
    pub measure: &'static str,
    /// The measured values, with the raw numbers a ratio comes from.
    pub measured: String,
    /// The targets.
    pub target: String,
    /// Whether they are met.
    pub met: Met,
}

/// The rows of the targets table, in the order.
pub fn rows(measures: &Measures) -> Vec<Row> {
    vec![
        check_row(
            "GitHub, all features, `cargo check` (crate only)",
            &measures.github_all,
            &GITHUB_ALL,
        ),
        ratio_row(&measures.github_all, &measures.openapi_client),
        check_row(
            "GitHub, one tag (`issues`) + client + server",
            &measures.github_tag,
            &[GITHUB_TAG],
        ),
        check_row(
            "SuperOffice whole API (`merge.py` document), all features, `cargo check`",
            &measures.superoffice_all,
            &SUPEROFFICE_ALL,
        ),
        check_row(
            "SuperOffice one resource (`Contact`) + client + server",
            &measures.superoffice_resource,
            &[SUPEROFFICE_RESOURCE],
        ),
        size_row(&measures.github_size, &measures.superoffice_size),
        codegen_row(&measures.codegen_ours),
        speedup_row(&measures.codegen_ours, &measures.codegen_openapi),
    ]
}

/// Decimal gigabytes from KiB.
fn gigabytes(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e9
}

/// A row of one crate-only check: seconds, then (with a second limit) peak memory; the
/// memory is shown even without a target.
fn check_row(measure: &'static str, checked: &Measured<Timed>, limits: &[Limit]) -> Row {
    let values = checked
        .as_ref()
        .map(|timed| [timed.seconds, gigabytes(timed.peak_kib)]);
    let measured = match &values {
        Ok([seconds, gb]) => format!(
            "{}, {}",
            Unit::Seconds.value(*seconds),
            Unit::Gigabytes.value(*gb)
        ),
        Err(missing) => not_measured(missing),
    };
    let values: Vec<Option<f64>> = limits
        .iter()
        .enumerate()
        .map(|(i, _)| values.as_ref().ok().map(|v| v[i]))
        .collect();
    row(measure, measured, limits, &values)
}

/// GitHub's all-feature check as a ratio to OpenAPI Generator's client crate.
fn ratio_row(ours: &Measured<Timed>, theirs: &Measured<Timed>) -> Row {
    let (measured, value) = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            let ratio = ours.seconds / theirs.seconds;
            (
                format!(
                    "{} ({} / {}; memory {} / {})",
                    Unit::Ratio.value(ratio),
                    Unit::Seconds.value(ours.seconds),
                    Unit::Seconds.value(theirs.seconds),
                    Unit::Gigabytes.value(gigabytes(ours.peak_kib)),
                    Unit::Gigabytes.value(gigabytes(theirs.peak_kib)),
                ),
                Some(ratio),
            )
        }
        (Err(missing), _) | (_, Err(missing)) => (not_measured(missing), None),
    };
    row(
        "the same as a ratio to OpenAPI Generator's client crate, checked in the same run",
        measured,
        &[GITHUB_RATIO],
        &[value],
    )
}

/// Generated `src/` sizes, GitHub / SuperOffice.
fn size_row(github: &Measured<Size>, superoffice: &Measured<Size>) -> Row {
    let part = |size: &Measured<Size>| match size {
        Ok(size) => (
            format!(
                "{} ({} files)",
                Unit::Megabytes.value(size.bytes as f64 / 1e6),
                size.files
            ),
            Some(size.bytes as f64 / 1e6),
        ),
        Err(missing) => (not_measured(missing), None),
    };
    let (github_text, github) = part(github);
    let (superoffice_text, superoffice) = part(superoffice);
    let target = format!("{} / {}", SIZES[0].shown(), SIZES[1].shown());
    Row {
        target,
        ..row(
            "generated size (`src/`), GitHub / SuperOffice whole API",
            format!("{github_text} / {superoffice_text}"),
            &SIZES,
            &[github, superoffice],
        )
    }
}

/// Our generator end to end on GitHub's spec.
fn codegen_row(ours: &Measured<f64>) -> Row {
    let (measured, value) = match ours {
        Ok(seconds) => (
            format!("{} (median)", Unit::Seconds.value(*seconds)),
            Some(*seconds),
        ),
        Err(missing) => (not_measured(missing), None),
    };
    row(
        "`cargo xtask codegen` on GitHub's spec into a new directory, end to end (on disk)",
        measured,
        &[CODEGEN],
        &[value],
    )
}

/// How many times faster ours is than OpenAPI Generator `rust`.
fn speedup_row(ours: &Measured<f64>, theirs: &Measured<f64>) -> Row {
    let (measured, value) = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            let times = theirs / ours;
            (
                format!(
                    "{} faster ({} vs {})",
                    Unit::Times.value(times),
                    Unit::Seconds.value(*theirs),
                    Unit::Seconds.value(*ours)
                ),
                Some(times),
            )
        }
        (Err(missing), _) | (_, Err(missing)) => (not_measured(missing), None),
    };
    row(
        "the same against OpenAPI Generator `rust`, alternating runs",
        measured,
        &[SPEEDUP],
        &[value],
    )
}

/// A row whose `values` (one per limit; `None` when missing) are judged against `limits`.
fn row(measure: &'static str, measured: String, limits: &[Limit], values: &[Option<f64>]) -> Row {
    let target = limits
        .iter()
        .map(|limit| limit.shown())
        .collect::<Vec<_>>()
        .join(", ");
    Row {
        measure,
        measured,
        target,
        met: judge(limits, values),
    }
}

/// Every limit met → yes; any missed → no, naming each miss; else (a value missing) unknown.
fn judge(limits: &[Limit], values: &[Option<f64>]) -> Met {
    let misses: Vec<String> = limits
        .iter()
        .zip(values)
        .filter_map(|(limit, value)| {
            value
                .filter(|value| !limit.met_by(*value))
                .map(|value| limit.missed_by(value))
        })
        .collect();
    if !misses.is_empty() {
        Met::No(misses.join(", "))
    } else if values.iter().any(Option::is_none) {
        Met::Unknown
    } else {
        Met::Yes
    }
}

/// The measured cell of a missing value (a failure's message is listed below the table).
fn not_measured(missing: &Missing) -> String {
    match missing {
        Missing::Skipped(flag) => format!("not measured ({flag})"),
        Missing::Failed(_) => "failed (see below)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timed(seconds: f64, gb: f64) -> Measured<Timed> {
        Ok(Timed {
            seconds,
            peak_kib: (gb * 1e9 / 1024.0).round() as u64,
            passed: true,
        })
    }

    /// The "today" column.
    fn today() -> Measures {
        Measures {
            github_all: timed(117.0, 6.2),
            openapi_client: timed(119.9, 6.7),
            github_tag: timed(6.7, 0.6),
            superoffice_all: timed(212.0, 11.4),
            superoffice_resource: timed(3.1, 0.3),
            github_size: Ok(Size {
                files: 5358,
                bytes: 18_000_000,
            }),
            superoffice_size: Ok(Size {
                files: 9566,
                bytes: 69_000_000,
            }),
            codegen_ours: Ok(1.4),
            codegen_openapi: Ok(9.5),
        }
    }

    #[test]
    fn todays_numbers_meet_no_target() {
        let rows = rows(&today());
        assert_eq!(rows.len(), 8);
        for row in &rows {
            assert!(matches!(row.met, Met::No(_)), "{row:?}");
        }
        assert_eq!(rows[0].measured, "117.0 s, 6.20 GB");
        assert_eq!(rows[0].target, "≤ 40 s, ≤ 2.5 GB");
        assert_eq!(
            rows[0].met,
            Met::No("117.0 s > 40 s, 6.20 GB > 2.5 GB".to_owned())
        );
        assert_eq!(
            rows[1].measured,
            "0.98 (117.0 s / 119.9 s; memory 6.20 GB / 6.70 GB)"
        );
        assert_eq!(rows[2].target, "≤ 3 s");
        assert_eq!(
            rows[5].measured,
            "18.0 MB (5358 files) / 69.0 MB (9566 files)"
        );
        assert_eq!(rows[5].target, "≤ 7 MB / ≤ 22 MB");
        assert_eq!(rows[6].measured, "1.40 s (median)");
        assert_eq!(rows[7].measured, "6.8× faster (9.50 s vs 1.40 s)");
        assert_eq!(rows[7].target, "≥ 15× faster");
        assert_eq!(rows[7].met, Met::No("6.8× < 15×".to_owned()));
    }

    #[test]
    fn the_targets_themselves_are_met() {
        let measures = Measures {
            github_all: timed(40.0, 2.5),
            openapi_client: timed(120.0, 6.7),
            github_tag: timed(3.0, 0.4),
            superoffice_all: timed(70.0, 4.0),
            superoffice_resource: timed(2.0, 0.3),
            github_size: Ok(Size {
                files: 1,
                bytes: 7_000_000,
            }),
            superoffice_size: Ok(Size {
                files: 1,
                bytes: 22_000_000,
            }),
            codegen_ours: Ok(0.7),
            codegen_openapi: Ok(10.5),
        };
        for row in rows(&measures) {
            assert_eq!(row.met, Met::Yes, "{row:?}");
        }
    }

    #[test]
    fn one_missed_limit_of_two_is_named() {
        let measures = Measures {
            github_all: timed(33.4, 3.6),
            ..today()
        };
        assert_eq!(
            rows(&measures)[0].met,
            Met::No("3.60 GB > 2.5 GB".to_owned())
        );
    }

    #[test]
    fn missing_values_are_unknown_unless_another_misses() {
        let mut measures = Measures::missing(&Missing::Skipped("--no-superoffice"));
        measures.github_size = Ok(Size {
            files: 10,
            bytes: 5_000_000,
        });
        let rows = rows(&measures);
        assert_eq!(rows[3].measured, "not measured (--no-superoffice)");
        assert_eq!(rows[3].met, Met::Unknown);
        assert_eq!(
            rows[5].measured,
            "5.0 MB (10 files) / not measured (--no-superoffice)"
        );
        assert_eq!(rows[5].met, Met::Unknown);

        measures.github_size = Ok(Size {
            files: 10,
            bytes: 8_000_000,
        });
        measures.openapi_client = Err(Missing::Failed("boom; see x.log".to_owned()));
        let rows = super::rows(&measures);
        assert_eq!(rows[5].met, Met::No("8.0 MB > 7 MB".to_owned()));
        assert_eq!(rows[1].measured, "not measured (--no-superoffice)");
        measures.github_all = timed(30.0, 2.0);
        assert_eq!(super::rows(&measures)[1].measured, "failed (see below)");
    }
}
