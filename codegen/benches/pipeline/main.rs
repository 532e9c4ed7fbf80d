//! `cargo bench -p codegen`: every pipeline phase (load, resolve, lower, emit, print, write)
//! and end-to-end generation, timed separately with divan on our spec, Stripe's, GitHub's and
//! a doubled GitHub spec (to show that cost grows linearly), then a summary table with the
//! medians and each spec's peak memory.
//!
//! GitHub's and Stripe's specs are fetched from npm (`benches/fetch-specs.sh`) into
//! `target/bench-specs/` when absent; without npm only our spec is benched. Under
//! `cargo test --benches` (divan's test mode) each bench runs once, on our spec only.
//!
//! Divan's options apply: `cargo bench -p codegen -- --sample-count 3 github`.

mod doubled;
mod peak;
mod phases;
mod record;
mod specs;
mod summary;

// The allocator `cargo xtask codegen` uses, so that the phases are timed as users run them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Samples per bench (each one call) unless `--sample-count` / `DIVAN_SAMPLE_COUNT` says.
const SAMPLE_COUNT: u32 = 5;

fn main() {
    if let Some(code) = peak::child_main() {
        std::process::exit(code);
    }
    let benching = is_bench_run();
    let mut rows = Vec::new();
    let mut usable = Vec::new();
    for spec in specs::discover(benching) {
        match phases::prepare(&spec) {
            Ok(prepared) => {
                rows.push((
                    prepared.model.operations.len(),
                    prepared.generated.files.len(),
                ));
                usable.push(spec);
            }
            Err(message) => eprintln!("bench: skipping {}: {message}", spec.name),
        }
    }
    report_doubling(&usable, &rows);
    specs::install(usable);

    divan::Divan::default()
        .sample_count(SAMPLE_COUNT)
        .sample_size(1)
        .config_with_args()
        .main();
    phases::discard_written();

    if benching {
        let rows: Vec<summary::Row<'_>> = specs::all()
            .iter()
            .zip(rows)
            .filter(|(spec, _)| record::has_samples(spec.name))
            .map(|(spec, (operations, files))| {
                eprintln!(
                    "bench: peak memory of {} (one end-to-end run in a child)",
                    spec.name
                );
                summary::Row {
                    spec,
                    operations,
                    files,
                    peak: peak::measure(spec),
                }
            })
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        println!("\n{}", summary::render(&rows, threads));
    }
}

/// `cargo bench` passes `--bench`; `cargo test --benches` does not (divan's test mode), and
/// neither do `--list` or `--test`.
fn is_bench_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|arg| arg == "--bench")
        && !args.iter().any(|arg| arg == "--test" || arg == "--list")
}

/// Says so when the doubled spec does not have twice GitHub's operations (the doubling missed
/// something, and the ratios would mislead).
fn report_doubling(specs: &[specs::Spec], rows: &[(usize, usize)]) {
    let find = |name: &str| {
        specs
            .iter()
            .position(|spec| spec.name == name)
            .and_then(|index| rows.get(index))
    };
    if let (Some((single, _)), Some((doubled, _))) = (find("github"), find("github×2")) {
        if *doubled != 2 * single {
            eprintln!(
                "bench: note: the doubled GitHub spec has {doubled} operations, not 2 × {single}"
            );
        }
    }
}
