//! The state of one comparison, and recording a change (with its places on both sides) in it.

use super::report::{Change, ChangeKind, Impact, Semver, Subject};
use super::side::Side;
use crate::pointer::JsonPointer;

/// State while comparing: both sides and the changes found.
pub(super) struct Differ<'s> {
    pub(super) base: &'s Side,
    pub(super) head: &'s Side,
    pub(super) base_types: crate::emit::RustTypes<'s>,
    pub(super) head_types: crate::emit::RustTypes<'s>,
    pub(super) changes: Vec<Change>,
}

/// Where a changed item is on each side.
pub(super) struct Places<'p> {
    pub(super) base: Option<&'p JsonPointer>,
    pub(super) head: Option<&'p JsonPointer>,
}

impl<'p> Places<'p> {
    pub(super) fn base(pointer: &'p JsonPointer) -> Self {
        Self {
            base: Some(pointer),
            head: None,
        }
    }

    pub(super) fn head(pointer: &'p JsonPointer) -> Self {
        Self {
            base: None,
            head: Some(pointer),
        }
    }

    pub(super) fn both(base: &'p JsonPointer, head: &'p JsonPointer) -> Self {
        Self {
            base: Some(base),
            head: Some(head),
        }
    }
}

impl Differ<'_> {
    #[allow(clippy::too_many_arguments)] // One change has this many facts.
    pub(super) fn push(
        &mut self,
        kind: ChangeKind,
        subject: Subject,
        item: String,
        rust_item: String,
        detail: Option<String>,
        impact: Impact,
        places: Places<'_>,
    ) {
        let base = places.base.map(|p| self.base.place(p));
        let head = places.head.map(|p| self.head.place(p));
        self.changes.push(Change {
            kind,
            subject,
            item,
            rust_item,
            detail,
            impact,
            base,
            head,
        });
    }

    /// A description change (info only), if the texts differ.
    pub(super) fn description(
        &mut self,
        subject: &Subject,
        item: &str,
        rust_item: &str,
        old: Option<&str>,
        new: Option<&str>,
        places: Places<'_>,
    ) {
        if old.map(str::trim) != new.map(str::trim) {
            self.push(
                ChangeKind::DescriptionChanged,
                subject.clone(),
                item.to_owned(),
                rust_item.to_owned(),
                None,
                Impact::compatible(Semver::Patch, "documentation only"),
                places,
            );
        }
    }

    /// A `default` change (compatible), if the raw defaults differ.
    pub(super) fn default(
        &mut self,
        subject: &Subject,
        item: &str,
        rust_item: &str,
        pointers: (&JsonPointer, &JsonPointer),
    ) {
        let old = self
            .base
            .node(pointers.0)
            .and_then(|n| n.get("default"))
            .cloned();
        let new = self
            .head
            .node(pointers.1)
            .and_then(|n| n.get("default"))
            .cloned();
        if old != new {
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map_or_else(|| "none".to_owned(), |v| v.to_string())
            };
            self.push(
                ChangeKind::DefaultChanged,
                subject.clone(),
                item.to_owned(),
                rust_item.to_owned(),
                Some(format!("{} → {}", show(&old), show(&new))),
                Impact::compatible(
                    Semver::Patch,
                    "the server's behaviour for an absent value changes; the Rust API does not",
                ),
                Places::both(pointers.0, pointers.1),
            );
        }
    }
}
