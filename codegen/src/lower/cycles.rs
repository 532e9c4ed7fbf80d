//! Cycles: aliases that only lead back to themselves are errors; a union alternative that is
//! the union itself is left out; structs and unions that contain themselves get a `Box` on
//! exactly the fields and variants that close the cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::context::Context;
use crate::model::{TypeDef, TypeKind, TypeRef};

/// Reports every alias that reaches itself through aliases only (`A: {$ref: B}`,
/// `B: {$ref: A}` or `A: {items: {$ref: A}}`): such a type has no object to stand on. Then
/// leaves out, with a warning, every union alternative that is the union itself (through
/// aliases and other unions only): it adds no value, and reading it would never end.
pub(super) fn reject_alias_cycles(cx: &mut Context<'_>) {
    reject_pure_alias_cycles(cx);
    drop_self_alternatives(cx);
}

fn reject_pure_alias_cycles(cx: &mut Context<'_>) {
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

fn drop_self_alternatives(cx: &mut Context<'_>) {
    let unions: Vec<String> = cx
        .types
        .values()
        .filter(|def| matches!(def.kind, TypeKind::Union(_)))
        .map(|def| def.name.clone())
        .collect();
    for name in unions {
        let Some(TypeKind::Union(union)) = cx.types.get(&name).map(|def| &def.kind) else {
            continue;
        };
        let dropped: Vec<(usize, crate::pointer::JsonPointer)> = union
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| reaches_union(&cx.types, &v.ty, &name, &mut BTreeSet::new()))
            .map(|(index, v)| (index, v.origin.clone()))
            .collect();
        for (_, origin) in &dropped {
            cx.warn(
                origin,
                format!("this alternative is `{name}` itself (through `$ref`s), which adds nothing; it is left out"),
            );
        }
        if let Some(TypeKind::Union(union)) = cx.types.get_mut(&name).map(|def| &mut def.kind) {
            for (index, _) in dropped.iter().rev() {
                union.variants.remove(*index);
            }
        }
    }
}

/// Whether a value of `ty` may be a `target` union without any object or list in between.
fn reaches_union(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    target: &str,
    seen: &mut BTreeSet<String>,
) -> bool {
    match ty {
        TypeRef::Nullable(inner) => reaches_union(types, inner, target, seen),
        TypeRef::Named(name) if name == target => true,
        TypeRef::Named(name) => {
            if !seen.insert(name.clone()) {
                return false;
            }
            match types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(inner)) => reaches_union(types, inner, target, seen),
                Some(TypeKind::Union(union)) => union
                    .variants
                    .iter()
                    .any(|v| reaches_union(types, &v.ty, target, seen)),
                _ => false,
            }
        }
        _ => false,
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
        TypeRef::Primitive(_)
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid
        | TypeRef::Base64
        | TypeRef::Any
        | TypeRef::Bytes => {}
    }
}

/// The struct or union a field or variant stores inline (not behind a `Vec` or map), seen
/// through aliases.
fn inline_struct<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &TypeRef) -> Option<&'t str> {
    let mut ty = ty;
    // Bounded: alias chains are acyclic once `reject_alias_cycles` passed, and finite.
    for _ in 0..=types.len() {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(name) => match types.get(name).map(|def| (&def.name, &def.kind)) {
                Some((_, TypeKind::Alias(target))) => ty = target,
                Some((name, TypeKind::Struct(_) | TypeKind::Union(_))) => return Some(name),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Marks `boxed` on every field (and union variant) whose inline struct or union is in the
/// same strongly connected component as its owner (Tarjan's algorithm over the "stores
/// inline" graph).
pub(super) fn box_containment_cycles(types: &mut BTreeMap<String, TypeDef>) {
    // Per struct (union), per field (variant): what it stores inline, if anything.
    let inline = |ty: &TypeRef| inline_struct(types, ty).map(str::to_owned);
    let targets: BTreeMap<String, Vec<Option<String>>> = types
        .values()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => Some((
                def.name.clone(),
                s.fields.iter().map(|f| inline(&f.ty)).collect(),
            )),
            TypeKind::Union(u) => Some((
                def.name.clone(),
                u.variants.iter().map(|v| inline(&v.ty)).collect(),
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
        let Some(member_targets) = targets.get(&def.name) else {
            continue;
        };
        let own = component.get(def.name.as_str());
        let closes_cycle = |target: &Option<String>| {
            target
                .as_deref()
                .is_some_and(|t| own.is_some() && component.get(t) == own)
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (field, target) in s.fields.iter_mut().zip(member_targets) {
                    field.boxed = closes_cycle(target);
                }
            }
            TypeKind::Union(u) => {
                for (variant, target) in u.variants.iter_mut().zip(member_targets) {
                    variant.boxed = closes_cycle(target);
                }
            }
            _ => {}
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
