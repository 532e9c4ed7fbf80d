//! A spec's JSON value tree as the loading steps share it: the node at a pointer, and the key
//! the files external `$ref`s bring in are put under.

use serde_json::Value;

use crate::pointer::JsonPointer;

/// The root key the external files are put under.
pub const EXTERNAL_KEY: &str = "x-external";

/// The node at `pointer` of `tree`, if there is one.
pub fn value_at<'v>(tree: &'v Value, pointer: &JsonPointer) -> Option<&'v Value> {
    pointer
        .tokens()
        .iter()
        .try_fold(tree, |node, token| match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

/// The node at `pointer` of `tree`, to change in place, if there is one.
pub fn value_at_mut<'v>(tree: &'v mut Value, pointer: &JsonPointer) -> Option<&'v mut Value> {
    pointer
        .tokens()
        .iter()
        .try_fold(tree, |node, token| match node {
            Value::Object(map) => map.get_mut(token),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(move |i| items.get_mut(i)),
            _ => None,
        })
}
