//! Two versions of a spec → what changed for the people who use the generated crate: every
//! change to operations, parameters, bodies, responses and schemas, the Rust item it touches,
//! whom it breaks (clients, server implementers) and the semver verdict for the crate.
//!
//! Both sides are lowered into [`Model`](crate::model::Model)s, so `$ref`s are resolved and Rust names decided
//! exactly as the generator decides them; lines come from each side's own source file.

mod differ;
mod operations;
mod render;
mod report;
mod rust;
mod schemas;
mod side;

use differ::Differ;
pub use render::Format;
pub use report::{Change, ChangeKind, Impact, Place, Report, Semver, Subject};
pub use side::Side;

/// Compares `base` with `head`; the names say what each side is in the report.
pub fn diff(base: &Side, head: &Side, base_name: &str, head_name: &str) -> Report {
    let mut differ = Differ {
        base,
        head,
        base_types: crate::emit::RustTypes::new(&base.model),
        head_types: crate::emit::RustTypes::new(&head.model),
        changes: Vec::new(),
    };
    operations::compare(&mut differ);
    schemas::compare(&mut differ);
    let mut changes = differ.changes;
    // Grouped by subject (operations first), then in file order within a subject.
    changes.sort_by(|a, b| {
        let line = |c: &Change| {
            c.head
                .as_ref()
                .or(c.base.as_ref())
                .map_or(0, |place| place.line)
        };
        (&a.subject, line(a), a.kind).cmp(&(&b.subject, line(b), b.kind))
    });
    Report {
        base: base_name.to_owned(),
        head: head_name.to_owned(),
        changes,
    }
}
