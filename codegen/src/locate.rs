//! Maps JSON pointers to line and column in a YAML or JSON text (yaml-rust2 stays behind this module).
//!
//! Built only when a diagnostic needs a position, so the fast path never pays for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::Location;
use crate::pointer::JsonPointer;

/// Where each node of a document starts.
#[derive(Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<Vec<String>, Location>,
}

impl PositionIndex {
    /// Indexes `text`; a text the event parser rejects yields an index that knows only the root.
    pub fn build(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        // A scan error leaves what was indexed up to it, which is still useful.
        let _ = parser.load(&mut builder, false);
        Self {
            positions: builder.positions,
        }
    }

    /// The position of `pointer`, or of its nearest indexed ancestor, or 1:1.
    pub fn locate(&self, pointer: &JsonPointer) -> Location {
        let tokens = pointer.tokens();
        (0..=tokens.len())
            .rev()
            .find_map(|len| self.positions.get(&tokens[..len]).copied())
            .unwrap_or(Location { line: 1, column: 1 })
    }
}

/// What the builder expects next inside one open container.
#[derive(Debug)]
enum Frame {
    /// Inside a mapping: the next scalar is a key when `key` is `None`.
    Mapping { key: Option<(String, Location)> },
    /// Inside a sequence: the index of the next item.
    Sequence { next: usize },
}

#[derive(Debug, Default)]
struct Builder {
    path: Vec<String>,
    stack: Vec<Frame>,
    positions: HashMap<Vec<String>, Location>,
    /// Nesting of complex mapping keys being skipped (they cannot appear in a JSON pointer).
    skipping: usize,
}

fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// Called when a node starts; returns false when the node is a mapping key (handled here).
    fn begin_node(&mut self, mark: Marker, scalar: Option<&str>, is_container: bool) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) if key.is_none() => {
                // yaml-rust2 marks a block mapping's start at the `:` of its first key; a
                // mapping starts no later than any of its keys (matters for the root and for
                // sequence items, whose position is their own mark rather than a key's).
                let at = location(mark);
                if let Some(own) = self.positions.get_mut(&self.path) {
                    *own = (*own).min(at);
                }
                match scalar {
                    Some(text) => *key = Some((text.to_owned(), location(mark))),
                    // A non-scalar key: skip the whole key node.
                    None => {
                        *key = Some((String::new(), location(mark)));
                        if is_container {
                            self.skipping += 1;
                        }
                    }
                }
                false
            }
            Some(Frame::Mapping { key }) => {
                let (name, key_at) = key.take().unwrap_or((String::new(), location(mark)));
                self.path.push(name);
                // Containers are reported at their key (the line a reader looks for), scalars at the value.
                let at = if is_container { key_at } else { location(mark) };
                self.positions.insert(self.path.clone(), at);
                true
            }
            Some(Frame::Sequence { next }) => {
                self.path.push(next.to_string());
                *next += 1;
                self.positions.insert(self.path.clone(), location(mark));
                true
            }
            None => {
                self.positions.insert(Vec::new(), location(mark));
                true
            }
        }
    }

    /// Called after a node ends: pops its path token (the root has none).
    fn end_node(&mut self, pushed: bool) {
        if pushed {
            self.path.pop();
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.skipping > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => self.skipping += 1,
                Event::MappingEnd | Event::SequenceEnd => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Scalar(text, ..) => {
                let pushed = self.begin_node(mark, Some(&text), false);
                self.end_node(pushed && !self.stack.is_empty());
            }
            Event::Alias(_) => {
                let pushed = self.begin_node(mark, Some(""), false);
                self.end_node(pushed && !self.stack.is_empty());
            }
            Event::MappingStart(..) => {
                let value = self.begin_node(mark, None, true);
                if value {
                    self.stack.push(Frame::Mapping { key: None });
                }
            }
            Event::SequenceStart(..) => {
                let value = self.begin_node(mark, None, true);
                if value {
                    self.stack.push(Frame::Sequence { next: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                let pushed = !self.stack.is_empty();
                self.end_node(pushed);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &PositionIndex, pointer: &str) -> (usize, usize) {
        let pointer = JsonPointer::parse_fragment(pointer).unwrap_or_default();
        let location = index.locate(&pointer);
        (location.line, location.column)
    }

    #[test]
    fn locates_yaml_nodes() {
        let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    Foo:\n      type: strnig\n      enum: [a, b]\n";
        let index = PositionIndex::build(text);
        assert_eq!(at(&index, "#/components/schemas/Foo"), (4, 5));
        assert_eq!(at(&index, "#/components/schemas/Foo/type"), (5, 13));
        assert_eq!(at(&index, "#/components/schemas/Foo/enum/1"), (6, 17));
        // Unknown pointers fall back to the nearest ancestor.
        assert_eq!(at(&index, "#/components/schemas/Foo/type/x"), (5, 13));
    }

    #[test]
    fn locates_json_nodes() {
        let text = "{\n  \"a\": {\n    \"b\": [1, {\"c\": true}]\n  }\n}\n";
        let index = PositionIndex::build(text);
        assert_eq!(at(&index, "#/a/b/1/c"), (3, 20));
        assert_eq!(at(&index, "#/a/b"), (3, 5));
    }
}
