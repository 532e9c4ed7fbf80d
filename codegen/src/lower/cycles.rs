//! Cycles: aliases that only lead back to themselves are errors; structs that contain
//! themselves get a `Box` on exactly the fields that close the cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Context;
use crate::model::{TypeDef, TypeKind, TypeRef};

/// Reports every alias that reaches itself through aliases only (`A: {$ref: B}`,
/// `B: {$ref: A}` or `A: {items: {$ref: A}}`): such a type has no object to stand on.
pub(super) fn reject_alias_cycles(cx: &mut Context<'_>) {
    let mut reported = BTreeSet::new();
    let cyclic: Vec<(String, Vec<String>)> = cx
        .types
        .values()
        .filter(|def| matches!(def.kind, TypeKind::Alias(_)))
        .filter_map(|def| alias_cycle(&cx.types, &def.name).map(|path| (def.name.clone(), path)))
        .collect();
    for (name, path) in cyclic {
        let members: BTreeSet<String> = path.iter().cloned().collect();
        if !reported.insert(members) {
            continue;
        }
        if let Some(origin) = cx.types.get(&name).map(|def| def.origin.clone()) {
            cx.error(
                &origin,
                format!("`$ref` cycle with no object in it: {}; an object (or a property) must break the cycle", path.join(" → ")),
            );
        }
    }
}

/// The alias path from `start` back to itself, if any.
fn alias_cycle(types: &BTreeMap<String, TypeDef>, start: &str) -> Option<Vec<String>> {
    let mut path = vec![start.to_owned()];
    let mut seen = BTreeSet::new();
    find_alias_path(types, start, start, &mut path, &mut seen).then_some(path)
}

fn find_alias_path(
    types: &BTreeMap<String, TypeDef>,
    start: &str,
    current: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> bool {
    let Some(TypeKind::Alias(target)) = types.get(current).map(|def| &def.kind) else {
        return false;
    };
    let mut names = Vec::new();
    named_in(target, &mut names);
    for next in names {
        path.push(next.clone());
        if next == start {
            return true;
        }
        if seen.insert(next.clone()) && find_alias_path(types, start, &next, path, seen) {
            return true;
        }
        path.pop();
    }
    false
}

/// Every named type mentioned in `ty`.
fn named_in(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            named_in(inner, out)
        }
        TypeRef::Primitive(_) | TypeRef::DateTime | TypeRef::Any | TypeRef::Bytes => {}
    }
}

/// The struct a field stores inline (not behind a `Vec` or map), seen through aliases.
fn inline_struct<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'t str> {
    let mut ty = ty;
    // Bounded: alias chains are acyclic once `reject_alias_cycles` passed, and finite.
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(name) => match types.get(name).map(|def| (&def.name, &def.kind)) {
                Some((_, TypeKind::Alias(target))) => ty = target,
                Some((name, TypeKind::Struct(_))) => return Some(name),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Marks `boxed` on every field whose inline struct is in the same strongly connected
/// component as its owner (Tarjan's algorithm over the "stores inline" graph).
pub(super) fn box_containment_cycles(types: &mut BTreeMap<String, TypeDef>) {
    // Per struct, per field: the struct the field stores inline, if any.
    let targets: BTreeMap<String, Vec<Option<String>>> = types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some((
                def.name.clone(),
                s.fields
                    .iter()
                    .map(|f| inline_struct(types, &f.ty).map(str::to_owned))
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let edges: BTreeMap<&str, Vec<&str>> = targets
        .iter()
        .map(|(owner, fields)| {
            let next = fields.iter().flatten().map(String::as_str).collect();
            (owner.as_str(), next)
        })
        .collect();
    let component = strongly_connected(&edges);
    for def in types.values_mut() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let Some(field_targets) = targets.get(&def.name) else {
            continue;
        };
        let own = component.get(def.name.as_str());
        for (field, target) in s.fields.iter_mut().zip(field_targets) {
            field.boxed = target
                .as_deref()
                .is_some_and(|t| own.is_some() && component.get(t) == own);
        }
    }
}

/// The strongly connected component index of every node (iterative Tarjan, so deep
/// graphs cannot overflow the stack).
fn strongly_connected<'n>(edges: &BTreeMap<&'n str, Vec<&'n str>>) -> HashMap<&'n str, usize> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: BTreeSet<&str> = BTreeSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut component: HashMap<&str, usize> = HashMap::new();
    let mut next_index = 0;
    let mut next_component = 0;
    let no_edges = Vec::new();
    for &root in edges.keys() {
        if index.contains_key(root) {
            continue;
        }
        // (node, position of the next edge to visit)
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut position)) = work.last_mut() {
            if *position == 0 && !index.contains_key(node) {
                index.insert(node, next_index);
                low.insert(node, next_index);
                next_index += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let successors = edges.get(node).unwrap_or(&no_edges);
            if let Some(&next) = successors.get(*position) {
                *position += 1;
                if !index.contains_key(next) {
                    work.push((next, 0));
                } else if on_stack.contains(next) {
                    let candidate = index[next].min(low[node]);
                    low.insert(node, candidate);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let candidate = low[node].min(low[parent]);
                low.insert(parent, candidate);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack.remove(member);
                    component.insert(member, next_component);
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}
