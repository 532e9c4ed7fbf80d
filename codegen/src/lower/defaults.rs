//! A schema's `default` against its declared type: kept when it fits, converted when the
//! conversion loses nothing (`"1"` for an integer → `1`), else ignored; a warning either way.
//!
//! Defaults only reach the generated docs (`Default: …`), so a misfit default is a defect the
//! generator can go around, never a reason to refuse the document.

use serde_json::{Map, Number, Value};

use super::context::Context;
use super::node::kind_of;
use super::schema::keywords::{allows_null, declared_types};
use crate::diagnostic::Cause;
use crate::pointer::JsonPointer;

/// What becomes of a schema's `default`.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum DefaultFit<'v> {
    /// The schema has no `default`.
    Absent,
    /// The default fits the declared type as written.
    Fits(&'v Value),
    /// The default is converted, without loss, to a value of the declared type.
    Converted {
        /// The default as written.
        written: &'v Value,
        /// What it is taken as.
        value: Value,
    },
    /// The default fits no declared type and cannot be converted; it is left out.
    Ignored {
        /// The default as written.
        written: &'v Value,
        /// Why it does not fit.
        problem: String,
    },
}

impl DefaultFit<'_> {
    /// The default the generated docs show, if any.
    pub(super) fn value(&self) -> Option<&Value> {
        match self {
            DefaultFit::Fits(value) => Some(value),
            DefaultFit::Converted { value, .. } => Some(value),
            DefaultFit::Absent | DefaultFit::Ignored { .. } => None,
        }
    }
}

/// Decides what `map`'s `default` becomes, from the types the schema declares.
pub(super) fn fit_default(map: &Map<String, Value>) -> DefaultFit<'_> {
    let Some(written) = map.get("default") else {
        return DefaultFit::Absent;
    };
    let types = declared_types(map);
    if written.is_null() {
        return if types.is_empty() || allows_null(map) {
            DefaultFit::Fits(written)
        } else {
            DefaultFit::Ignored {
                written,
                problem:
                    "the schema does not allow null; add `null` to `type` or remove the default"
                        .to_owned(),
            }
        };
    }
    if types.is_empty() || types.iter().any(|t| fits(t, map, written)) {
        return DefaultFit::Fits(written);
    }
    if let Some(value) = types.iter().find_map(|t| convert(t, map, written)) {
        return DefaultFit::Converted { written, value };
    }
    let expected: Vec<String> = types.iter().map(|t| expected(t, map)).collect();
    DefaultFit::Ignored {
        written,
        problem: format!(
            "expected {}, found {}; fix the default or the type",
            expected.join(" or "),
            kind_of(written)
        ),
    }
}

/// The inclusive range of an integer `format` (int64 when none or unknown).
fn integer_range(map: &Map<String, Value>) -> (i128, i128) {
    match map.get("format").and_then(Value::as_str).unwrap_or("") {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" => (i32::MIN.into(), i32::MAX.into()),
        "uint8" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint64" => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

/// The integer `value` holds exactly, if it holds one.
fn as_integer(value: &Value) -> Option<i128> {
    value
        .as_i64()
        .map(i128::from)
        .or_else(|| value.as_u64().map(i128::from))
}

/// Whether `value` is a value of JSON Schema type `type_name` (with the schema's format).
fn fits(type_name: &str, map: &Map<String, Value>, value: &Value) -> bool {
    match type_name {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "number" => value.is_number(),
        "integer" => {
            let (min, max) = integer_range(map);
            as_integer(value).is_some_and(|v| (min..=max).contains(&v))
        }
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    }
}

/// `value` as a value of `type_name`, when the conversion loses nothing.
fn convert(type_name: &str, map: &Map<String, Value>, value: &Value) -> Option<Value> {
    let converted = match (type_name, value) {
        ("string", Value::Number(n)) => Value::String(n.to_string()),
        ("string", Value::Bool(b)) => Value::String(b.to_string()),
        ("boolean", Value::String(text)) => match text.trim() {
            t if t.eq_ignore_ascii_case("true") => Value::Bool(true),
            t if t.eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => return None,
        },
        ("integer", Value::String(text)) => whole_number(text.trim())?,
        ("integer", Value::Number(n)) => whole_number(&n.to_string())?,
        ("number", Value::String(text)) => number(text.trim())?,
        // A single item where a list is expected: the list of that one item.
        ("array", item) if !item.is_array() => {
            let items = map.get("items").and_then(Value::as_object);
            let item_types = items.map(declared_types).unwrap_or_default();
            let fits_items = match items {
                None => true,
                Some(items) => {
                    item_types.is_empty() || item_types.iter().any(|t| fits(t, items, item))
                }
            };
            if !fits_items || item.is_null() {
                return None;
            }
            Value::Array(vec![item.clone()])
        }
        _ => return None,
    };
    fits(type_name, map, &converted).then_some(converted)
}

/// `"12"`, `"12.0"` or `12.0` as the integer 12; `None` when there is a fraction or no number.
fn whole_number(text: &str) -> Option<Value> {
    if let Ok(integer) = text.parse::<i64>() {
        return Some(Value::from(integer));
    }
    if let Ok(integer) = text.parse::<u64>() {
        return Some(Value::from(integer));
    }
    let float: f64 = text.parse().ok()?;
    // Only whole numbers that f64 holds exactly (|x| ≤ 2^53) convert without loss.
    let exact = float.is_finite() && float.fract() == 0.0 && float.abs() <= 9_007_199_254_740_992.0;
    #[allow(clippy::cast_possible_truncation)] // checked just above: whole and within range
    exact.then(|| Value::from(float as i64))
}

/// `"3000000000.0"` as the number 3000000000.0; `None` for text that is no finite number.
fn number(text: &str) -> Option<Value> {
    if let Some(integer) = whole_number(text).filter(|_| !text.contains(['.', 'e', 'E'])) {
        return Some(integer);
    }
    let float: f64 = text.parse().ok()?;
    Number::from_f64(float).map(Value::Number)
}

/// How a message names what `type_name` expects.
fn expected(type_name: &str, map: &Map<String, Value>) -> String {
    match type_name {
        "string" => "a string".to_owned(),
        "boolean" => "a boolean".to_owned(),
        "number" => "a number".to_owned(),
        "integer" => match map.get("format").and_then(Value::as_str) {
            Some(format) if format.starts_with("int") || format.starts_with("uint") => {
                format!("an integer that fits {format}")
            }
            _ => "an integer".to_owned(),
        },
        "array" => "a list".to_owned(),
        "object" => "a mapping".to_owned(),
        other => format!("a value of type `{other}`"),
    }
}

impl Context<'_> {
    /// Warns about a `default` that does not fit its schema: converted, or ignored.
    pub(super) fn check_default(&mut self, map: &Map<String, Value>, pointer: &JsonPointer) {
        let at = pointer.push("default");
        match fit_default(map) {
            DefaultFit::Absent | DefaultFit::Fits(_) => {}
            DefaultFit::Converted { written, value } => self.warn_once_of(
                Cause::MisfitDefault,
                &at,
                format!("default {written} does not fit the schema's type; taken as {value}, which means the same: write it as {value}"),
            ),
            DefaultFit::Ignored { written, problem } => self.warn_once_of(
                Cause::MisfitDefault,
                &at,
                format!("default {written} does not fit the schema and is ignored: {problem}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn fit(schema: Value) -> (Option<Value>, &'static str) {
        let map = schema.as_object().cloned().unwrap_or_default();
        let fit = fit_default(&map);
        let kind = match &fit {
            DefaultFit::Absent => "absent",
            DefaultFit::Fits(_) => "fits",
            DefaultFit::Converted { .. } => "converted",
            DefaultFit::Ignored { .. } => "ignored",
        };
        (fit.value().cloned(), kind)
    }

    #[test]
    fn defaults_that_fit_are_kept_as_written() {
        assert_eq!(
            fit(json!({"type": "integer", "default": 3})),
            (Some(json!(3)), "fits")
        );
        assert_eq!(
            fit(json!({"type": "string", "default": "a"})),
            (Some(json!("a")), "fits")
        );
        assert_eq!(fit(json!({"default": [1]})), (Some(json!([1])), "fits"));
        assert_eq!(
            fit(json!({"type": ["string", "null"], "default": null})),
            (Some(Value::Null), "fits")
        );
        assert_eq!(
            fit(json!({"type": "number", "default": 2})),
            (Some(json!(2)), "fits")
        );
        assert_eq!(fit(json!({"type": "string"})), (None, "absent"));
    }

    #[test]
    fn lossless_conversions_are_taken() {
        assert_eq!(
            fit(json!({"type": "integer", "default": "1"})),
            (Some(json!(1)), "converted")
        );
        assert_eq!(
            fit(json!({"type": "integer", "default": 5.0})),
            (Some(json!(5)), "converted")
        );
        assert_eq!(
            fit(json!({"type": "string", "default": 4})),
            (Some(json!("4")), "converted")
        );
        assert_eq!(
            fit(json!({"type": "string", "default": true})),
            (Some(json!("true")), "converted")
        );
        assert_eq!(
            fit(json!({"type": "boolean", "default": "False"})),
            (Some(json!(false)), "converted")
        );
        assert_eq!(
            fit(json!({"type": "number", "default": "3000000000.0"})),
            (Some(json!(3_000_000_000.0)), "converted")
        );
        assert_eq!(
            fit(json!({"type": "number", "default": "100"})),
            (Some(json!(100)), "converted")
        );
        assert_eq!(
            fit(json!({"type": "array", "items": {"type": "string"}, "default": "a"})),
            (Some(json!(["a"])), "converted")
        );
    }

    #[test]
    fn what_cannot_convert_without_loss_is_ignored() {
        assert_eq!(
            fit(json!({"type": "integer", "default": "inf"})).1,
            "ignored"
        );
        assert_eq!(fit(json!({"type": "integer", "default": 1.5})).1, "ignored");
        assert_eq!(
            fit(json!({"type": "integer", "format": "int32", "default": "3000000000"})).1,
            "ignored"
        );
        assert_eq!(
            fit(json!({"type": "boolean", "default": "false - DELETE"})).1,
            "ignored"
        );
        assert_eq!(
            fit(json!({"type": "number", "default": "NaN"})).1,
            "ignored"
        );
        assert_eq!(fit(json!({"type": "string", "default": null})).1, "ignored");
        assert_eq!(fit(json!({"type": "object", "default": "x"})).1, "ignored");
        assert_eq!(
            fit(json!({"type": "array", "items": {"type": "integer"}, "default": "x"})).1,
            "ignored"
        );
    }
}
