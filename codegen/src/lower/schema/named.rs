//! Named types: component schemas get their names before any schema is lowered, then their
//! definitions; a nominal type (struct, enum, flags, union) is named and registered here.

use serde_json::{Map, Value};

use super::notes::notes_of;
use super::shape::Naming;
use crate::lower::context::Context;
use crate::lower::node::{docs_of, is_deprecated};
use crate::model::{TypeDef, TypeKind};
use crate::pointer::JsonPointer;

impl<'a> Context<'a> {
    /// Gives every component schema its type name (from its `x-rust-name`, else its key),
    /// before any schema is lowered.
    pub(in crate::lower) fn reserve_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.expect_object(&at, "`components.schemas`") else {
            return;
        };
        for (key, schema) in schemas {
            let pointer = at.push(key.as_str());
            let source = match schema.as_object() {
                Some(map) => self.rust_name(map, &pointer).unwrap_or(key),
                None => key,
            };
            let name = self.claim_type_name(source);
            self.named.insert(pointer, name);
        }
    }

    /// Defines the named type of every component schema.
    pub(in crate::lower) fn define_component_schemas(&mut self) {
        let at = JsonPointer::root().push("components").push("schemas");
        let Some(schemas) = self.object_at(&at) else {
            return;
        };
        for (key, schema) in schemas {
            let pointer = at.push(key.as_str());
            if let Some(name) = self.named.get(&pointer).cloned() {
                self.define_named(&name, schema, &pointer);
            }
        }
    }

    /// Defines the named type `name` from the schema at `pointer`.
    pub(super) fn define_named(&mut self, name: &str, schema: &'a Value, pointer: &JsonPointer) {
        let shape = self.lower_schema(schema, pointer, Naming::Fixed(name));
        if self.types.contains_key(name) {
            return;
        }
        // Not a nominal type: the name becomes an alias of the type expression.
        let map = schema.as_object();
        let notes = map.map(notes_of).unwrap_or_default();
        self.insert_type(
            name,
            pointer,
            map,
            notes,
            TypeKind::Alias(shape.into_type_ref()),
        );
    }

    /// Names the nominal type of the schema `map` at `pointer` under `naming` and defines it;
    /// its name.
    pub(super) fn insert_nominal(
        &mut self,
        naming: Naming<'_>,
        pointer: &JsonPointer,
        map: &Map<String, Value>,
        notes: Vec<String>,
        kind: TypeKind,
    ) -> String {
        let name = self.nominal_name(naming, pointer);
        self.insert_type(&name, pointer, Some(map), notes, kind);
        name
    }

    pub(super) fn insert_type(
        &mut self,
        name: &str,
        pointer: &JsonPointer,
        node: Option<&Map<String, Value>>,
        notes: Vec<String>,
        kind: TypeKind,
    ) {
        let module = self.claim_module_name(name);
        let def = TypeDef {
            name: name.to_owned(),
            module,
            origin: pointer.clone(),
            docs: node.map(docs_of).unwrap_or_default(),
            deprecated: node.is_some_and(is_deprecated),
            notes,
            kind,
        };
        self.types.insert(name.to_owned(), def);
    }

    /// The name a nominal type gets under `naming`.
    pub(super) fn nominal_name(&mut self, naming: Naming<'_>, pointer: &JsonPointer) -> String {
        let name = match naming {
            Naming::Fixed(name) => name.to_owned(),
            Naming::Hint(hint) => self.claim_type_name(hint),
        };
        self.named.insert(pointer.clone(), name.clone());
        name
    }
}
