//! Generators run alternately (A B A B …) on one spec, so that drifting machine load hits
//! each alike; every run writes into a new directory and is measured by `measure`.

use std::path::{Path, PathBuf};

use super::measure::{self, Sample};
use super::tools::Generator;

/// Runs each of `generators` `runs` times on `spec`, alternating, each run into a new
/// directory under `work` (see `output_dir`): one list of samples per generator, in order.
/// Progress lines on stderr start with `who` (the command's name). Stops at the first
/// failed run, naming its log.
pub fn alternate(
    who: &str,
    generators: &[Generator],
    spec: &Path,
    work: &Path,
    runs: usize,
) -> Result<Vec<Vec<Sample>>, String> {
    let mut samples = vec![Vec::new(); generators.len()];
    for run in 1..=runs {
        for (generator, samples) in generators.iter().zip(&mut samples) {
            let sample = generate(generator, spec, work, run)?;
            eprintln!(
                "{who}: run {run}/{runs}: {:<18} {:>7.2} s {:>6.0} MB",
                generator.key,
                sample.seconds,
                sample.peak_kib as f64 * 1024.0 / 1e6
            );
            samples.push(sample);
        }
    }
    Ok(samples)
}

/// Where `generator` writes in `run` (the last run's output is the one checked).
///
/// Each run gets a new directory and none is deleted before the end: deleting thousands of
/// files just before writing as many makes ext4 search for free inodes slowly (a fresh write
/// then takes up to ten times as long), which is not what a user's run meets.
pub fn output_dir(work: &Path, generator: &Generator, run: usize) -> PathBuf {
    work.join(format!("out-{}-{run}", generator.key))
}

/// One run of `generator` on `spec` into a new output directory.
pub fn generate(
    generator: &Generator,
    spec: &Path,
    work: &Path,
    run: usize,
) -> Result<Sample, String> {
    let out = output_dir(work, generator, run);
    settle();
    let log = work.join(format!("{}-{run}.log", generator.key));
    measure::run(&generator.program, &generator.args_for(spec, &out), &log)
}

/// Lets the machine settle before a run: the previous run's written files are flushed and
/// the memory it freed (OpenAPI Generator's server run peaks at 5 GB) is given back first,
/// so that no run pays for the one before it.
fn settle() {
    let _ = std::process::Command::new("sync").status();
    std::thread::sleep(std::time::Duration::from_secs(2));
}
