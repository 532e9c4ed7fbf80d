//! Imports flow one way: no module of `codegen/src` or `xtask/src` uses a module that uses
//! it back, directly or through others.
//!
//! Every path a module names (in `use` items and in code) is resolved to the module it
//! points into; a child naming its parent's items counts like any other import. Test code
//! (`#[cfg(test)]` items) is left out: tests may look anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module path from the crate root (`["lower", "schema"]`; the root is empty).
type ModulePath = Vec<String>;

/// One source file's module and the modules its non-test code names.
struct SourceModule {
    imports: BTreeSet<ModulePath>,
    /// `pub use` names: what `crate::Name` means when `Name` is only re-exported here.
    reexports: BTreeMap<String, ModulePath>,
}

/// Every module of the crate whose root is `src/lib.rs` or `src/main.rs` under `src`, by path.
fn modules_of(src: &Path) -> BTreeMap<ModulePath, SourceModule> {
    let mut files = Vec::new();
    collect_rust_files(src, &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src");
        let mut path: ModulePath = relative
            .iter()
            .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
            .collect();
        if matches!(
            path.last().map(String::as_str),
            Some("mod" | "lib" | "main")
        ) {
            path.pop();
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let syntax = syn::parse_file(&text)
            .unwrap_or_else(|error| panic!("{}: does not parse: {error}", file.display()));
        let mut collector = PathCollector::default();
        collector.visit_file(&syntax);
        let imports = collector
            .paths
            .into_iter()
            .filter_map(|(inline, named)| {
                absolute(&within(&path, &inline), &collector.children, named)
            })
            .collect();
        let reexports = collector
            .reexports
            .into_iter()
            .filter_map(|(inline, name, named)| {
                Some((
                    name,
                    absolute(&within(&path, &inline), &collector.children, named)?,
                ))
            })
            .collect();
        modules.insert(path, SourceModule { imports, reexports });
    }
    modules
}

/// The module path of an inline module (`mod json { … }`) inside the file module `file`.
fn within(file: &ModulePath, inline: &[String]) -> ModulePath {
    file.iter().chain(inline).cloned().collect()
}

fn collect_rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable directory")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

/// `named` (relative to module `here`) as a path from the crate root, when it points into
/// this crate: `crate::…`, `super::…`, `self::…` or a child module's name.
fn absolute(
    here: &ModulePath,
    children: &BTreeSet<String>,
    named: Vec<String>,
) -> Option<ModulePath> {
    let mut segments = named.into_iter().peekable();
    let mut path = match segments.peek().map(String::as_str) {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("self") => {
            segments.next();
            here.clone()
        }
        Some("super") => {
            let mut path = here.clone();
            while segments.peek().map(String::as_str) == Some("super") {
                segments.next();
                path.pop();
            }
            path
        }
        Some(first) if children.contains(first) => here.clone(),
        _ => return None,
    };
    path.extend(segments);
    Some(path)
}

/// The paths named by non-test items, as segment lists (`use` trees flattened).
#[derive(Default)]
struct PathCollector {
    /// Each named path, with the inline modules (`mod json { … }`) it is named inside.
    paths: Vec<(Vec<String>, Vec<String>)>,
    /// The inline modules the visitor is inside now.
    inline: Vec<String>,
    /// Modules declared in this file (`mod schema;`), which code may name without `self::`.
    children: BTreeSet<String>,
    /// Names this file re-exports (`pub use diagnostic::Diagnostic;`) and what they name.
    reexports: Vec<(Vec<String>, String, Vec<String>)>,
}

impl PathCollector {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.leaf(prefix, &name.ident),
            syn::UseTree::Rename(rename) => self.leaf(prefix, &rename.ident),
            syn::UseTree::Glob(_) => self.paths.push((self.inline.clone(), prefix.clone())),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], ident: &syn::Ident) {
        let mut path = prefix.to_vec();
        if ident != "self" {
            path.push(ident.to_string());
        }
        self.paths.push((self.inline.clone(), path));
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

impl<'ast> Visit<'ast> for PathCollector {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(module) => &module.attrs,
            syn::Item::Fn(function) => &function.attrs,
            syn::Item::Impl(block) => &block.attrs,
            syn::Item::Use(import) => &import.attrs,
            _ => &Vec::new(),
        };
        if is_test_only(attrs) {
            return;
        }
        if let syn::Item::Mod(module) = item {
            if module.content.is_some() {
                self.inline.push(module.ident.to_string());
                syn::visit::visit_item(self, item);
                self.inline.pop();
                return;
            }
            if self.inline.is_empty() {
                self.children.insert(module.ident.to_string());
            }
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, import: &'ast syn::ItemUse) {
        let before = self.paths.len();
        self.use_tree(&mut Vec::new(), &import.tree);
        if matches!(import.vis, syn::Visibility::Public(_)) {
            // A re-export is not an import of its own: it names what the users import.
            for (inline, path) in self.paths.drain(before..) {
                if let Some(name) = path.last() {
                    self.reexports.push((inline, name.clone(), path));
                }
            }
        }
    }

    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {
        // `pub(crate)` names a scope, not an import.
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if path.leading_colon.is_none() {
            let segments = path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            self.paths.push((self.inline.clone(), segments));
        }
        syn::visit::visit_path(self, path);
    }
}

/// The import graph between modules: a named path points into the longest module that
/// prefixes it; naming yourself is not an edge.
fn import_graph(
    modules: &BTreeMap<ModulePath, SourceModule>,
) -> BTreeMap<&ModulePath, BTreeSet<&ModulePath>> {
    modules
        .iter()
        .map(|(here, module)| {
            let targets = module
                .imports
                .iter()
                .filter_map(|named| target_module(modules, named.clone()))
                .filter(|target| *target != here)
                .collect();
            (here, targets)
        })
        .collect()
}

/// The module `named` points into: the longest module prefix, following re-exports (a bounded
/// number of times, so a re-export loop cannot hang the test).
fn target_module(
    modules: &BTreeMap<ModulePath, SourceModule>,
    mut named: ModulePath,
) -> Option<&ModulePath> {
    for _ in 0..8 {
        let (module, rest) = (0..=named.len())
            .rev()
            .find_map(|len| {
                modules
                    .get_key_value(&named[..len])
                    .map(|(key, module)| (key, (module, len)))
            })
            .map(|(key, (module, len))| (key, (module, named[len..].to_vec())))?;
        let (source, rest) = rest;
        match rest.first().and_then(|name| source.reexports.get(name)) {
            Some(target) => {
                let mut next = target.clone();
                next.extend(rest.into_iter().skip(1));
                named = next;
            }
            None => return Some(module),
        }
    }
    None
}

/// Every cycle's modules, as `a → b → a` lines (one per strongly connected component).
fn cycles(graph: &BTreeMap<&ModulePath, BTreeSet<&ModulePath>>) -> Vec<String> {
    let mut found = Vec::new();
    let mut reported: BTreeSet<&ModulePath> = BTreeSet::new();
    for &start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        if let Some(cycle) = path_back(graph, start) {
            reported.extend(cycle.iter().copied());
            let names: Vec<String> = cycle.iter().map(|module| display(module)).collect();
            found.push(format!("{} → {}", names.join(" → "), display(start)));
        }
    }
    found
}

/// The shortest import chain from `start` back to itself, breadth first.
fn path_back<'a>(
    graph: &BTreeMap<&'a ModulePath, BTreeSet<&'a ModulePath>>,
    start: &'a ModulePath,
) -> Option<Vec<&'a ModulePath>> {
    let mut came_from: BTreeMap<&ModulePath, &ModulePath> = BTreeMap::new();
    let mut frontier = vec![start];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for module in frontier {
            for &target in graph.get(module).into_iter().flatten() {
                if target == start {
                    let mut chain = vec![module];
                    while let Some(&previous) = chain.last().and_then(|last| came_from.get(last)) {
                        chain.push(previous);
                    }
                    chain.reverse();
                    return Some(chain);
                }
                if !came_from.contains_key(target) {
                    came_from.insert(target, module);
                    next.push(target);
                }
            }
        }
        frontier = next;
    }
    None
}

fn display(module: &ModulePath) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

/// Every import cycle among the modules of the crate whose sources are under `src`.
fn cycles_under(src: &Path) -> Vec<String> {
    let modules = modules_of(src);
    let graph = import_graph(&modules);
    if std::env::var_os("IMPORTS_DEBUG").is_some() {
        for (from, to) in &graph {
            eprintln!(
                "{} -> {:?}",
                display(from),
                to.iter().map(|m| display(m)).collect::<Vec<_>>()
            );
        }
    }
    cycles(&graph)
}

fn assert_acyclic(crate_dir: &str) {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir)
        .join("src");
    let cycles = cycles_under(&src);
    assert!(
        cycles.is_empty(),
        "{crate_dir}/src has import cycles (a module uses one that uses it back; \
         move what both need into a module below them):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn codegen_imports_flow_one_way() {
    assert_acyclic("codegen");
}

#[test]
fn xtask_imports_flow_one_way() {
    assert_acyclic("xtask");
}

/// The check itself: a parent using its child's function while the child uses the parent's
/// type is a cycle; the same two files with the type moved below both are not.
#[test]
fn a_child_using_its_parents_items_is_a_cycle() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path();
    std::fs::create_dir_all(src.join("lower")).expect("create a fixture directory");
    std::fs::write(src.join("lib.rs"), "mod lower;\nmod model;\n").expect("write a fixture file");
    std::fs::write(src.join("model.rs"), "pub struct Model;\n").expect("write a fixture file");
    std::fs::write(
        src.join("lower/mod.rs"),
        "mod schema;\npub struct Context;\npub fn run() { schema::lower(); }\n",
    )
    .expect("write a fixture file");
    std::fs::write(
        src.join("lower/schema.rs"),
        "use super::Context;\nuse crate::model::Model;\npub fn lower() {}\n\
         #[cfg(test)]\nmod tests { use crate::lower::run; }\n",
    )
    .expect("write a fixture file");
    assert_eq!(cycles_under(src), ["lower → lower::schema → lower"]);

    std::fs::write(
        src.join("lower/mod.rs"),
        "mod context;\nmod schema;\npub fn run() { schema::lower(); }\n",
    )
    .expect("write a fixture file");
    std::fs::write(src.join("lower/context.rs"), "pub struct Context;\n")
        .expect("write a fixture file");
    std::fs::write(
        src.join("lower/schema.rs"),
        "use super::context::Context;\nuse crate::model::Model;\npub fn lower() {}\n",
    )
    .expect("write a fixture file");
    assert_eq!(cycles_under(src), Vec::<String>::new());
}
