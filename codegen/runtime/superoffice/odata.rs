//! Archive queries (SuperOffice's OData dialect): a typed `$filter` builder with SuperOffice's
//! operators and correctly quoted literals, and paging as a `Stream`.
//!
//! Each REST list operation (`client.contact().get_all()`, …) takes `$select`, `$filter`,
//! `$orderBy`, `$top`, `$skip` and `$mode` as setters; this module writes their values.
//! SuperOffice's operators are its own, by the column's type: `eq`, `ne`, `lt`, `gt`, `set`,
//! `equals`, `greater`, `less`, `unequals` and `between` for numbers; `begins`, `contains`, `is`,
//! `notBegins`, `notContains`, `isNot` for text; `before`, `date`, `after`, `dateBetween` for
//! dates; `dateTime`, `beforeTime`, `afterTime` for date-times; `oneOf`, `notOneOf` for list
//! ids; `associateIsOneOf`, `associateIsNotOneOf` for associates; and unary ones (`today`,
//! `thisWeek`, `lastMonth`, `currentAssociate`, …). Text literals are single-quoted with a quote
//! doubled (`'O''Brien'`), so a value can never end the literal and inject an operator.
//!
//! ```
//! use superoffice_webapi::odata::{Filter, Op};
//!
//! let filter = Filter::cmp("name", Op::Begins, "O'Brien")
//!     .and(Filter::list("category", Op::OneOf, [3, 4]))
//!     .and(Filter::unary("registered", "thisYear"));
//! assert_eq!(
//!     filter.to_string(),
//!     "name begins 'O''Brien' and category oneOf (3,4) and registered thisYear"
//! );
//! ```
//!
//! Paging costs SuperOffice a rescan per page (O(N²) overall): order by the primary key, give a
//! filter, and read pages of `$top` rows with `$skip` (`pages`), stopping at the first short
//! page rather than trusting `odata.nextLink`, which SuperOffice leaves `null`.

use ::std::fmt;
use ::std::future::Future;

/// A comparison operator of SuperOffice's `$filter` dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Op {
    /// `eq` (numbers, ids).
    Eq,
    /// `ne`.
    Ne,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `set`: the column has a value.
    Set,
    /// `equals`.
    Equals,
    /// `greater`.
    Greater,
    /// `less`.
    Less,
    /// `unequals`.
    Unequals,
    /// `between` (two values, with [`Filter::list`]).
    Between,
    /// `begins` (text).
    Begins,
    /// `contains` (text).
    Contains,
    /// `is` (text).
    Is,
    /// `notBegins` (text).
    NotBegins,
    /// `notContains` (text).
    NotContains,
    /// `isNot` (text).
    IsNot,
    /// `before` (dates).
    Before,
    /// `date` (dates).
    Date,
    /// `after` (dates).
    After,
    /// `dateBetween` (two dates, with [`Filter::list`]).
    DateBetween,
    /// `dateTime` (date-times).
    DateTime,
    /// `beforeTime` (date-times).
    BeforeTime,
    /// `afterTime` (date-times).
    AfterTime,
    /// `oneOf` (list ids, with [`Filter::list`]).
    OneOf,
    /// `notOneOf` (list ids, with [`Filter::list`]).
    NotOneOf,
    /// `associateIsOneOf` (associate ids, with [`Filter::list`]).
    AssociateIsOneOf,
    /// `associateIsNotOneOf` (associate ids, with [`Filter::list`]).
    AssociateIsNotOneOf,
}

impl Op {
    /// The operator as written in `$filter`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "eq",
            Self::Ne => "ne",
            Self::Lt => "lt",
            Self::Le => "le",
            Self::Gt => "gt",
            Self::Ge => "ge",
            Self::Set => "set",
            Self::Equals => "equals",
            Self::Greater => "greater",
            Self::Less => "less",
            Self::Unequals => "unequals",
            Self::Between => "between",
            Self::Begins => "begins",
            Self::Contains => "contains",
            Self::Is => "is",
            Self::NotBegins => "notBegins",
            Self::NotContains => "notContains",
            Self::IsNot => "isNot",
            Self::Before => "before",
            Self::Date => "date",
            Self::After => "after",
            Self::DateBetween => "dateBetween",
            Self::DateTime => "dateTime",
            Self::BeforeTime => "beforeTime",
            Self::AfterTime => "afterTime",
            Self::OneOf => "oneOf",
            Self::NotOneOf => "notOneOf",
            Self::AssociateIsOneOf => "associateIsOneOf",
            Self::AssociateIsNotOneOf => "associateIsNotOneOf",
        }
    }
}

/// A literal in a `$filter`: numbers as written, text (and dates, as `YYYY-MM-DD`) quoted.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    Int(i64),
    /// A number.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// Text, quoted with `'` doubled.
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(value) => write!(f, "{value}"),
            Self::Number(value) => write!(f, "{value}"),
            Self::Bool(value) => write!(f, "{value}"),
            Self::Text(text) => write!(f, "'{}'", text.replace('\'', "''")),
        }
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Self::Int(value)
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Self::Int(value.into())
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Self::Number(value)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<::chrono::NaiveDate> for Value {
    fn from(value: ::chrono::NaiveDate) -> Self {
        Self::Text(value.format("%Y-%m-%d").to_string())
    }
}

/// A `$filter` expression; `to_string()` is the parameter's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter(Expr);

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Cmp(String, Op, Value),
    List(String, Op, Vec<Value>),
    Unary(String, String),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Filter {
    /// `column op value`: `name begins 'A'`, `number eq 7`.
    pub fn cmp(column: impl Into<String>, op: Op, value: impl Into<Value>) -> Self {
        Self(Expr::Cmp(column.into(), op, value.into()))
    }

    /// `column op (v1,v2,…)`: `category oneOf (3,4)`, `number between (1,9)`.
    pub fn list<V: Into<Value>>(
        column: impl Into<String>,
        op: Op,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let values = values.into_iter().map(Into::into).collect();
        Self(Expr::List(column.into(), op, values))
    }

    /// `column op` for a unary operator: `registered today`, `associateId currentAssociate`.
    pub fn unary(column: impl Into<String>, op: impl Into<String>) -> Self {
        Self(Expr::Unary(column.into(), op.into()))
    }

    /// Both this and `other`.
    pub fn and(self, other: Filter) -> Self {
        Self(match self.0 {
            Expr::And(mut all) => {
                all.push(other.0);
                Expr::And(all)
            }
            first => Expr::And(vec![first, other.0]),
        })
    }

    /// This or `other`.
    pub fn or(self, other: Filter) -> Self {
        Self(match self.0 {
            Expr::Or(mut any) => {
                any.push(other.0);
                Expr::Or(any)
            }
            first => Expr::Or(vec![first, other.0]),
        })
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_expr(&self.0, f, false)
    }
}

/// Writes `expr`; `nested` expressions of `and`/`or` are parenthesised.
fn write_expr(expr: &Expr, f: &mut fmt::Formatter<'_>, nested: bool) -> fmt::Result {
    match expr {
        Expr::Cmp(column, op, value) => write!(f, "{column} {} {value}", op.as_str()),
        Expr::List(column, op, values) => {
            write!(f, "{column} {} (", op.as_str())?;
            for (index, value) in values.iter().enumerate() {
                if index > 0 {
                    f.write_str(",")?;
                }
                write!(f, "{value}")?;
            }
            f.write_str(")")
        }
        Expr::Unary(column, op) => write!(f, "{column} {op}"),
        Expr::And(parts) | Expr::Or(parts) => {
            let joiner = if matches!(expr, Expr::And(_)) {
                " and "
            } else {
                " or "
            };
            if nested {
                f.write_str("(")?;
            }
            for (index, part) in parts.iter().enumerate() {
                if index > 0 {
                    f.write_str(joiner)?;
                }
                let parenthesise = matches!(
                    (expr, part),
                    (Expr::And(_), Expr::Or(_)) | (Expr::Or(_), Expr::And(_))
                );
                write_expr(part, f, parenthesise)?;
            }
            if nested {
                f.write_str(")")?;
            }
            Ok(())
        }
    }
}

/// Reads an archive page by page as a stream of rows: `fetch(top, skip)` reads one page of at
/// most `page_size` rows starting at row `skip` (give the query an `$orderBy` on the primary
/// key, so pages do not shift). The stream ends after the first page shorter than
/// `page_size`, or after yielding the first error. A `page_size` of 0 is read as 1.
pub fn pages<T, E, F, Fut>(
    page_size: u32,
    fetch: F,
) -> impl ::futures_util::Stream<Item = Result<T, E>>
where
    F: FnMut(u32, u32) -> Fut,
    Fut: Future<Output = Result<Vec<T>, E>>,
{
    let page_size = page_size.max(1);
    let start = (fetch, 0u32, false, ::std::collections::VecDeque::new());
    ::futures_util::stream::unfold(
        start,
        move |(mut fetch, skip, done, mut buffer)| async move {
            if let Some(row) = buffer.pop_front() {
                return Some((Ok(row), (fetch, skip, done, buffer)));
            }
            if done {
                return None;
            }
            match fetch(page_size, skip).await {
                Ok(rows) => {
                    let count = u32::try_from(rows.len()).unwrap_or(u32::MAX);
                    // A short page is the last; an empty one ends the stream at once.
                    let done = count < page_size;
                    buffer.extend(rows);
                    let row = buffer.pop_front()?;
                    Some((Ok(row), (fetch, skip.saturating_add(count), done, buffer)))
                }
                // An error ends the stream after it is yielded.
                Err(error) => Some((Err(error), (fetch, skip, true, buffer))),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_quoted_so_no_value_ends_them() {
        let filter = Filter::cmp("name", Op::Is, "x' or 1 eq 1 or name is 'y");
        assert_eq!(filter.to_string(), "name is 'x'' or 1 eq 1 or name is ''y'");
        let date = ::chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(
            Filter::cmp("registered", Op::After, date).to_string(),
            "registered after '2024-02-29'"
        );
    }

    #[test]
    fn and_or_group_as_written() {
        let a = Filter::cmp("a", Op::Eq, 1);
        let b = Filter::cmp("b", Op::Eq, 2);
        let c = Filter::unary("c", "today");
        assert_eq!(
            a.clone().or(b.clone()).and(c.clone()).to_string(),
            "(a eq 1 or b eq 2) and c today"
        );
        assert_eq!(a.and(b).or(c).to_string(), "(a eq 1 and b eq 2) or c today");
        assert_eq!(
            Filter::list("number", Op::Between, [1, 9]).to_string(),
            "number between (1,9)"
        );
    }
}
