//! Maps JSON pointers to line and column in a YAML or JSON text (yaml-rust2 stays behind this module).
//!
//! Built only when a diagnostic needs a position, so the fast path never pays for it. JSON
//! texts (the big ones: GitHub's spec is 13 MB) are scanned by a small structural scanner here,
//! YAML by yaml-rust2's event parser. A build can be limited to the pointers some diagnostics
//! name, so that a large document is not indexed node by node.

use std::collections::{HashMap, HashSet};

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
    /// Indexes every node of `text`; a text the event parser rejects yields an index that knows
    /// what came before the error (at least the root).
    pub fn build(text: &str) -> Self {
        Self::build_with(text, None)
    }

    /// Indexes only the nodes `pointers` name and their ancestors (for the nearest-ancestor
    /// fallback), in one pass.
    pub fn build_for(text: &str, pointers: &[&JsonPointer]) -> Self {
        let mut wanted: HashSet<Vec<String>> = HashSet::new();
        for pointer in pointers {
            let tokens = pointer.tokens();
            for len in 0..=tokens.len() {
                wanted.insert(tokens[..len].to_vec());
            }
        }
        Self::build_with(text, Some(wanted))
    }

    fn build_with(text: &str, wanted: Option<HashSet<Vec<String>>>) -> Self {
        let mut builder = Builder {
            wanted,
            ..Builder::default()
        };
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        if body.trim_start().starts_with('{') {
            json::scan(body, &mut builder);
        } else {
            let mut parser = Parser::new_from_str(text);
            // A scan error leaves what was indexed up to it, which is still useful.
            let _ = parser.load(&mut builder, false);
        }
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
    /// Only these paths are recorded (all when `None`).
    wanted: Option<HashSet<Vec<String>>>,
}

fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// Records where the node at the current path starts, when it is wanted.
    fn record(&mut self, at: Location) {
        let wanted = self
            .wanted
            .as_ref()
            .is_none_or(|wanted| wanted.contains(&self.path));
        if wanted {
            self.positions.insert(self.path.clone(), at);
        }
    }

    /// Called when a node starts at `at`; returns false when the node is a mapping key
    /// (handled here).
    fn begin_node(&mut self, at: Location, scalar: Option<&str>, is_container: bool) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Mapping { key }) if key.is_none() => {
                match scalar {
                    Some(text) => *key = Some((text.to_owned(), at)),
                    // A non-scalar key: skip the whole key node.
                    None => {
                        *key = Some((String::new(), at));
                        if is_container {
                            self.skipping += 1;
                        }
                    }
                }
                // yaml-rust2 marks a block mapping's start at the `:` of its first key; a
                // mapping starts no later than any of its keys (matters for the root and for
                // sequence items, whose position is their own mark rather than a key's).
                if let Some(own) = self.positions.get_mut(&self.path) {
                    *own = (*own).min(at);
                }
                false
            }
            Some(Frame::Mapping { key }) => {
                let (name, key_at) = key.take().unwrap_or((String::new(), at));
                self.path.push(name);
                // Containers are reported at their key (the line a reader looks for), scalars at the value.
                self.record(if is_container { key_at } else { at });
                true
            }
            Some(Frame::Sequence { next }) => {
                self.path.push(next.to_string());
                *next += 1;
                self.record(at);
                true
            }
            None => {
                self.record(at);
                true
            }
        }
    }

    fn scalar(&mut self, at: Location, text: &str) {
        let pushed = self.begin_node(at, Some(text), false);
        self.end_node(pushed && !self.stack.is_empty());
    }

    /// Opens a container; false when nothing in it is wanted, and then it is already closed:
    /// the caller skips its contents without reporting them (a YAML caller may report them
    /// anyway: they are ignored).
    fn start_container(&mut self, at: Location, frame: Frame) -> bool {
        if self.skipping > 0 {
            self.skipping += 1;
            return true;
        }
        if !self.begin_node(at, None, true) {
            // A complex key, skipped through `skipping`.
            return true;
        }
        let wanted_inside = self
            .wanted
            .as_ref()
            .is_none_or(|wanted| wanted.contains(&self.path));
        self.stack.push(frame);
        wanted_inside
    }

    fn end_container(&mut self) {
        if self.skipping > 0 {
            self.skipping -= 1;
            return;
        }
        self.stack.pop();
        let pushed = !self.stack.is_empty();
        self.end_node(pushed);
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
        let at = location(mark);
        match event {
            Event::Scalar(..) | Event::Alias(_) if self.skipping > 0 => {}
            Event::Scalar(text, ..) => self.scalar(at, &text),
            Event::Alias(_) => self.scalar(at, ""),
            Event::MappingStart(..) => {
                self.start_container(at, Frame::Mapping { key: None });
            }
            Event::SequenceStart(..) => {
                self.start_container(at, Frame::Sequence { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => self.end_container(),
            _ => {}
        }
    }
}

/// A structural JSON scanner that feeds a [`Builder`]: much faster than the YAML parser on
/// large JSON specs. The loader parsed the text already, so it is valid JSON; the scanner
/// still stops quietly at anything unexpected.
mod json {
    use super::{Builder, Frame};
    use crate::diagnostic::Location;

    /// Bytes with the 1-based line and column (in characters) of the next one.
    struct Cursor<'t> {
        bytes: &'t [u8],
        pos: usize,
        line: usize,
        column: usize,
    }

    impl Cursor<'_> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn next(&mut self) -> Option<u8> {
            let byte = self.peek()?;
            self.pos += 1;
            if byte == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if byte & 0xC0 != 0x80 {
                // The first byte of a character (continuation bytes are not columns).
                self.column += 1;
            }
            Some(byte)
        }

        fn at(&self) -> Location {
            Location {
                line: self.line,
                column: self.column,
            }
        }

        fn skip_space(&mut self) {
            while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.next();
            }
        }

        /// A string's decoded text, the cursor after its opening quote.
        fn string(&mut self) -> Option<String> {
            let mut out: Vec<u8> = Vec::new();
            loop {
                match self.next()? {
                    b'"' => return String::from_utf8(out).ok(),
                    b'\\' => {
                        let decoded = match self.next()? {
                            b'n' => '\n',
                            b't' => '\t',
                            b'r' => '\r',
                            b'b' => '\u{8}',
                            b'f' => '\u{c}',
                            b'u' => {
                                let unit = self.hex4()?;
                                let code = if (0xD800..0xDC00).contains(&unit) {
                                    // A surrogate pair: `\uD83D\uDE00`.
                                    if self.next()? != b'\\' || self.next()? != b'u' {
                                        return None;
                                    }
                                    let low = self.hex4()?;
                                    0x10000
                                        + ((unit - 0xD800) << 10)
                                        + (low.wrapping_sub(0xDC00) & 0x3FF)
                                } else {
                                    unit
                                };
                                char::from_u32(code).unwrap_or('\u{fffd}')
                            }
                            other => char::from(other),
                        };
                        let mut buffer = [0; 4];
                        out.extend_from_slice(decoded.encode_utf8(&mut buffer).as_bytes());
                    }
                    other => out.push(other),
                }
            }
        }

        /// Moves past a string, the cursor after its opening quote, without decoding it.
        fn skip_string(&mut self) -> Option<()> {
            loop {
                match self.next()? {
                    b'"' => return Some(()),
                    b'\\' => {
                        self.next()?;
                    }
                    _ => {}
                }
            }
        }

        /// Moves past a container, the cursor after its opening bracket.
        fn skip_container(&mut self) -> Option<()> {
            let mut depth = 1usize;
            while depth > 0 {
                match self.next()? {
                    b'"' => self.skip_string()?,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth -= 1,
                    _ => {}
                }
            }
            Some(())
        }

        fn hex4(&mut self) -> Option<u32> {
            (0..4).try_fold(0, |acc, _| {
                Some(acc * 16 + char::from(self.next()?).to_digit(16)?)
            })
        }
    }

    /// Feeds every node of the JSON `text` to `builder`; containers the builder does not
    /// want are skipped without decoding anything in them.
    pub(super) fn scan(text: &str, builder: &mut Builder) {
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            pos: 0,
            line: 1,
            column: 1,
        };
        // A bounded loop: each step consumes at least one byte or stops.
        loop {
            cursor.skip_space();
            let at = cursor.at();
            let Some(byte) = cursor.peek() else {
                return;
            };
            match byte {
                b'{' | b'[' => {
                    cursor.next();
                    let frame = if byte == b'{' {
                        Frame::Mapping { key: None }
                    } else {
                        Frame::Sequence { next: 0 }
                    };
                    if !builder.start_container(at, frame) {
                        if cursor.skip_container().is_none() {
                            return;
                        }
                        builder.end_container();
                    }
                }
                b'}' | b']' => {
                    cursor.next();
                    builder.end_container();
                }
                b',' | b':' => {
                    cursor.next();
                }
                b'"' => {
                    cursor.next();
                    let Some(text) = cursor.string() else {
                        return;
                    };
                    if builder.skipping == 0 {
                        builder.scalar(at, &text);
                    }
                }
                _ => {
                    // A number, `true`, `false` or `null`.
                    let mut any = false;
                    while cursor.peek().is_some_and(|b| {
                        !b.is_ascii_whitespace() && !matches!(b, b',' | b']' | b'}')
                    }) {
                        cursor.next();
                        any = true;
                    }
                    if !any {
                        return;
                    }
                    if builder.skipping == 0 {
                        builder.scalar(at, "");
                    }
                }
            }
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
    fn a_limited_index_knows_the_wanted_nodes_and_their_ancestors() {
        let text = "{\n  \"a\": {\n    \"b\": [1, {\"c\": true}],\n    \"d\": 2\n  }\n}\n";
        let wanted = JsonPointer::parse_fragment("#/a/b/1/c").unwrap_or_default();
        let index = PositionIndex::build_for(text, &[&wanted]);
        assert_eq!(at(&index, "#/a/b/1/c"), (3, 20));
        assert_eq!(index.positions.len(), 5, "the node and its four ancestors");
        assert_eq!(
            at(&index, "#/a/d"),
            (2, 3),
            "not indexed: the nearest ancestor"
        );
        let full = PositionIndex::build(text);
        assert_eq!(at(&full, "#/a/d"), (4, 10));
    }

    #[test]
    fn skipped_containers_keep_lines_and_columns_right() {
        // The skipped subtree holds brackets and an escaped quote inside strings, a
        // multi-byte character and a line break; positions after it must not drift.
        let text = "{\"skip\": {\"x\": \"]}\\\"{\", \"é\": [1, {\"y\": \"ü\"}]\n},\n \"é\": {\"want\": 1}}";
        let wanted = JsonPointer::parse_fragment("#/é/want").unwrap_or_default();
        let limited = PositionIndex::build_for(text, &[&wanted]);
        let full = PositionIndex::build(text);
        assert_eq!(at(&limited, "#/é/want"), at(&full, "#/é/want"));
        assert_eq!(at(&full, "#/é/want"), (3, 16));
        assert!(
            !limited
                .positions
                .keys()
                .any(|path| path.first().is_some_and(|t| t == "skip")),
            "nothing inside an unwanted container is indexed"
        );
    }

    #[test]
    fn json_escapes_in_keys_are_decoded() {
        let text = "{\"a\\/b\": {\"\\u00e9\\ud83d\\ude00\": 1}}";
        let index = PositionIndex::build(text);
        let pointer = JsonPointer::root().push("a/b").push("é😀");
        assert_eq!(
            index.locate(&pointer).column,
            33,
            "found by its decoded key"
        );
    }

    #[test]
    fn locates_json_nodes() {
        let text = "{\n  \"a\": {\n    \"b\": [1, {\"c\": true}]\n  }\n}\n";
        let index = PositionIndex::build(text);
        assert_eq!(at(&index, "#/a/b/1/c"), (3, 20));
        assert_eq!(at(&index, "#/a/b"), (3, 5));
    }
}
