//! A SuperOffice wire date-time that reads every form the API sends and writes each back unchanged.
//!
//! The API writes date-times with no offset (`2018-12-24T12:34:45`, the server's
//! local time), in UTC (`2019-09-23T12:34:45Z`), with a colon-less offset
//! (`2018-12-24T07:34:45-0500`) or with .NET's seven fraction digits and a
//! colon offset (`2001-09-08T18:25:50.1896249+02:00`). [`DateTime`] keeps the
//! local date-time together with how it was written, so a value read from the
//! server is sent back byte for byte.
//!
//! [`Date`] (`format: date`, `YYYY-MM-DD`) follows the same rule: a valid date is parsed, any
//! other text is kept as sent, and either is written back exactly as received. chrono lives
//! here.

use ::chrono::{Datelike, Timelike};

/// Nanoseconds in one second.
const NANOS_PER_SEC: u32 = 1_000_000_000;

/// How long a quoted input may be inside a [`ParseDateTimeError`] message.
const MAX_QUOTED_CHARS: usize = 64;

/// The forms [`DateTime::parse`] accepts, quoted in its error messages.
const ACCEPTED_FORMS: &str = "expected YYYY-MM-DDThh:mm:ss with 0 to 9 fraction digits \
     (.f) and an optional offset Z, +hh:mm, +hhmm or +hh \
     (e.g. 2018-12-24T12:34:45, 2019-09-23T12:34:45Z, 2018-12-24T07:34:45-0500, \
     2001-09-08T18:25:50.1896249+02:00)";

/// How the UTC offset of a [`DateTime`] is written on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OffsetStyle {
    /// `Z`: UTC (read from `Z` or `z`, always written as `Z`).
    Z,
    /// `+hh:mm` or `-hh:mm`, e.g. `+02:00`.
    Colon,
    /// `+hhmm` or `-hhmm`, e.g. `-0500`.
    Compact,
    /// `+hh` or `-hh`, e.g. `+02`; the offset is a whole number of hours.
    Hours,
}

/// An offset as written: its value, its style, and whether a zero offset was written `-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct WrittenOffset {
    /// The offset's value; a whole number of minutes, less than 24 hours either way.
    offset: ::chrono::FixedOffset,
    /// How the offset is written.
    style: OffsetStyle,
    /// True for `-00:00` (and `-0000`, `-00`), which RFC 3339 gives a meaning of its own.
    negative_zero: bool,
}

/// A date-time as the SuperOffice API writes it: a local date-time, the number
/// of fraction digits it was written with, and an optional UTC offset with the
/// style it was written in.
///
/// Parse it with [`DateTime::parse`] (or [`str::parse`]) and write it with
/// [`Display`](::std::fmt::Display); serde reads and writes it as a JSON
/// string. Every canonical input (see [`DateTime::parse`]) is written back as
/// the exact same text.
///
/// `==` and [`Hash`] compare the representation: two values are equal exactly
/// when they are written as the same text, so `12:34:45Z` and `12:34:45+00:00`
/// differ. Use [`DateTime::instant_eq`] to compare points in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The date-time as written, before applying any offset.
    naive: ::chrono::NaiveDateTime,
    /// The number of fraction digits written, 0 to 9; the nanoseconds always fit in them.
    fraction_digits: u8,
    /// The offset as written, if any.
    offset: Option<WrittenOffset>,
}

impl DateTime {
    /// Parses a wire date-time.
    ///
    /// The accepted form is `YYYY-MM-DDThh:mm:ss`, then optionally `.` and 1 to 9
    /// fraction digits, then optionally an offset: `Z`, `±hh:mm`, `±hhmm` or `±hh`
    /// (hours up to 23, minutes up to 59). Lower-case `t` and `z` are also read.
    /// A leap second is read as second `60`. Nothing else is accepted: no spaces,
    /// no date without a time, no other text before or after.
    ///
    /// An input is *canonical* when it uses `T`, has no `.` without digits and
    /// uses `Z` rather than `z`; a canonical input is written back by
    /// [`Display`](::std::fmt::Display) as the exact same text, keeping the number
    /// of fraction digits (trailing zeros too) and the offset style.
    ///
    /// # Errors
    ///
    /// Returns a [`ParseDateTimeError`] when the text is not of the form above or
    /// names a date or time that does not exist (such as month 13).
    pub fn parse(s: &str) -> Result<Self, ParseDateTimeError> {
        parse_wire(s.as_bytes()).map_err(|reason| ParseDateTimeError::new(s, reason))
    }

    /// The local date-time as written, without applying the offset.
    pub fn naive_local(&self) -> ::chrono::NaiveDateTime {
        self.naive
    }

    /// The UTC offset as written, or `None` when the value has no offset.
    pub fn offset(&self) -> Option<::chrono::FixedOffset> {
        self.offset.map(|o| o.offset)
    }

    /// True when the value was written with a UTC offset (including `Z`).
    pub fn has_offset(&self) -> bool {
        self.offset.is_some()
    }

    /// How the offset is written, or `None` when the value has no offset.
    pub fn offset_style(&self) -> Option<OffsetStyle> {
        self.offset.map(|o| o.style)
    }

    /// The number of fraction digits written after the seconds, 0 to 9.
    pub fn fraction_digits(&self) -> u8 {
        self.fraction_digits
    }

    /// The value as a point in time at its own offset, or `None` when it has no
    /// offset.
    pub fn to_fixed_offset(&self) -> Option<::chrono::DateTime<::chrono::FixedOffset>> {
        let offset = self.offset()?;
        let utc = self.naive.checked_sub_offset(offset)?;
        Some(::chrono::DateTime::from_naive_utc_and_offset(utc, offset))
    }

    /// The value as a point in time in UTC, using its own offset when it has
    /// one and `assumed` (typically the server's offset) when it has none.
    ///
    /// A result beyond chrono's range (possible only for a value without offset
    /// made from a [`NaiveDateTime`](::chrono::NaiveDateTime) at the very edge of
    /// it) is clamped to [`chrono::DateTime::<Utc>::MIN_UTC`]
    /// or [`chrono::DateTime::<Utc>::MAX_UTC`].
    ///
    /// [`chrono::DateTime::<Utc>::MIN_UTC`]: ::chrono::DateTime::MIN_UTC
    /// [`chrono::DateTime::<Utc>::MAX_UTC`]: ::chrono::DateTime::MAX_UTC
    pub fn to_utc_assuming(
        &self,
        assumed: ::chrono::FixedOffset,
    ) -> ::chrono::DateTime<::chrono::Utc> {
        let offset = self.offset().unwrap_or(assumed);
        match self.naive.checked_sub_offset(offset) {
            Some(utc) => utc.and_utc(),
            None if offset.local_minus_utc() > 0 => ::chrono::DateTime::<::chrono::Utc>::MIN_UTC,
            None => ::chrono::DateTime::<::chrono::Utc>::MAX_UTC,
        }
    }

    /// True when both values denote the same moment: both have offsets and are
    /// the same instant (`2018-12-24T07:34:45-0500` and `2018-12-24T12:34:45Z`),
    /// or both lack offsets and have the same local date-time (`12:34:45.5` and
    /// `12:34:45.50`). A value with an offset never equals one without.
    pub fn instant_eq(&self, other: &Self) -> bool {
        match (self.has_offset(), other.has_offset()) {
            (true, true) => match (self.to_fixed_offset(), other.to_fixed_offset()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
            (false, false) => self.naive == other.naive,
            _ => false,
        }
    }
}

/// The zero offset of UTC.
fn utc_offset() -> ::chrono::FixedOffset {
    ::chrono::Offset::fix(&::chrono::Utc)
}

/// The number of fraction digits used for a value made with `From`: 0 for
/// whole seconds, 7 when the value fits in .NET's 100 ns ticks, else 9.
fn digits_for(nanos: u32) -> u8 {
    let nanos = nanos % NANOS_PER_SEC;
    if nanos == 0 {
        0
    } else if nanos.is_multiple_of(100) {
        7
    } else {
        9
    }
}

impl From<::chrono::NaiveDateTime> for DateTime {
    /// A value without offset, with 0, 7 or 9 fraction digits (0 for whole
    /// seconds, 7 when the value fits in .NET's 100 ns ticks, else 9).
    fn from(naive: ::chrono::NaiveDateTime) -> Self {
        Self {
            naive,
            fraction_digits: digits_for(naive.nanosecond()),
            offset: None,
        }
    }
}

impl From<::chrono::DateTime<::chrono::FixedOffset>> for DateTime {
    /// A value with a `+hh:mm` offset, with fraction digits chosen as for
    /// [`NaiveDateTime`](::chrono::NaiveDateTime). An offset that is not a whole
    /// number of minutes cannot be written, so such a value is converted to UTC
    /// and written with `Z` (same instant); so is a value whose local time is
    /// beyond chrono's range.
    fn from(value: ::chrono::DateTime<::chrono::FixedOffset>) -> Self {
        let offset = *value.offset();
        let local = value.naive_utc().checked_add_offset(offset);
        match local {
            Some(naive) if offset.local_minus_utc() % 60 == 0 => Self {
                naive,
                fraction_digits: digits_for(naive.nanosecond()),
                offset: Some(WrittenOffset {
                    offset,
                    style: OffsetStyle::Colon,
                    negative_zero: false,
                }),
            },
            _ => Self::from(value.to_utc()),
        }
    }
}

impl From<::chrono::DateTime<::chrono::Utc>> for DateTime {
    /// A value written with `Z`, with fraction digits chosen as for
    /// [`NaiveDateTime`](::chrono::NaiveDateTime).
    fn from(value: ::chrono::DateTime<::chrono::Utc>) -> Self {
        let naive = value.naive_utc();
        Self {
            naive,
            fraction_digits: digits_for(naive.nanosecond()),
            offset: Some(WrittenOffset {
                offset: utc_offset(),
                style: OffsetStyle::Z,
                negative_zero: false,
            }),
        }
    }
}

impl ::std::str::FromStr for DateTime {
    type Err = ParseDateTimeError;

    /// Same as [`DateTime::parse`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl ::std::fmt::Display for DateTime {
    /// Writes the wire form: `YYYY-MM-DDThh:mm:ss`, the fraction digits, then
    /// the offset in its style. Years outside 0000 to 9999 (only possible for
    /// values made with `From`) are written with a sign, which
    /// [`DateTime::parse`] does not read back.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let date = self.naive.date();
        let time = self.naive.time();
        write_date(f, date)?;
        let (second, nanos) = if time.nanosecond() >= NANOS_PER_SEC {
            (60, time.nanosecond() - NANOS_PER_SEC)
        } else {
            (time.second(), time.nanosecond())
        };
        write!(f, "T{:02}:{:02}:{:02}", time.hour(), time.minute(), second)?;
        if self.fraction_digits > 0 {
            let width = usize::from(self.fraction_digits);
            let divisor = 10u32.pow(9u32.saturating_sub(u32::from(self.fraction_digits)));
            write!(f, ".{:0width$}", nanos / divisor)?;
        }
        if let Some(written) = self.offset {
            let seconds = written.offset.local_minus_utc();
            let sign = if seconds < 0 || written.negative_zero {
                '-'
            } else {
                '+'
            };
            let minutes = seconds.unsigned_abs() / 60;
            let (hh, mm) = (minutes / 60, minutes % 60);
            match written.style {
                OffsetStyle::Z => f.write_str("Z")?,
                OffsetStyle::Colon => write!(f, "{sign}{hh:02}:{mm:02}")?,
                OffsetStyle::Compact => write!(f, "{sign}{hh:02}{mm:02}")?,
                OffsetStyle::Hours => write!(f, "{sign}{hh:02}")?,
            }
        }
        Ok(())
    }
}

impl ::serde::Serialize for DateTime {
    /// Serializes as the wire string (see [`Display`](::std::fmt::Display)).
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> ::serde::Deserialize<'de> for DateTime {
    /// Deserializes from a string in any form [`DateTime::parse`] accepts.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

/// The serde visitor reading a [`DateTime`] from a string.
struct DateTimeVisitor;

impl ::serde::de::Visitor<'_> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a date-time string such as 2018-12-24T12:34:45 or 2019-09-23T12:34:45Z")
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse(v).map_err(E::custom)
    }
}

/// A calendar date as the API writes it (`format: date`, `YYYY-MM-DD`), parsed when it is
/// one and kept as the text sent when it is not.
///
/// Reading never fails: `2018-12-24` becomes a [`NaiveDate`](::chrono::NaiveDate), while a
/// text that is not exactly `YYYY-MM-DD` naming a day that exists (`2018-02-30`,
/// `24.12.2018`, a date-time) is kept as it is. Either way [`Display`](::std::fmt::Display)
/// and serde write back exactly the text received, so a value read from the server is sent
/// back byte for byte.
///
/// `==` and [`Hash`] compare that text.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Date(DateRepr);

/// What a [`Date`] holds.
#[derive(Clone, PartialEq, Eq, Hash)]
enum DateRepr {
    /// A valid `YYYY-MM-DD` (written back in that form).
    Valid(::chrono::NaiveDate),
    /// Any other text, as received.
    Other(String),
}

impl Date {
    /// Reads `text`: parsed when it is a valid `YYYY-MM-DD`, else kept as it is.
    pub fn from_wire(text: impl AsRef<str> + Into<String>) -> Self {
        match parse_date(text.as_ref().as_bytes()) {
            Some(date) => Self(DateRepr::Valid(date)),
            None => Self(DateRepr::Other(text.into())),
        }
    }

    /// The date, or `None` when the text received is not a valid `YYYY-MM-DD`.
    pub fn as_naive(&self) -> Option<::chrono::NaiveDate> {
        match &self.0 {
            DateRepr::Valid(date) => Some(*date),
            DateRepr::Other(_) => None,
        }
    }

    /// True when the text received is a valid `YYYY-MM-DD`.
    pub fn is_valid(&self) -> bool {
        matches!(self.0, DateRepr::Valid(_))
    }

    /// Whether `text` is a valid `YYYY-MM-DD`: how the server router tells a `format: date`
    /// path parameter from plain text when their routes share a shape.
    pub fn is_date(text: &str) -> bool {
        parse_date(text.as_bytes()).is_some()
    }

    /// The text received, when it is not a valid date (and so was kept as it is).
    pub fn unparsed(&self) -> Option<&str> {
        match &self.0 {
            DateRepr::Valid(_) => None,
            DateRepr::Other(text) => Some(text),
        }
    }
}

impl ::std::fmt::Debug for Date {
    /// `Date(2018-12-24)` for a date, `Date("24.12.2018")` for kept text.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match &self.0 {
            DateRepr::Valid(date) => f.debug_tuple("Date").field(date).finish(),
            DateRepr::Other(text) => f.debug_tuple("Date").field(text).finish(),
        }
    }
}

impl From<::chrono::NaiveDate> for Date {
    /// The date, written `YYYY-MM-DD` (years outside 0000 to 9999 get a sign, which
    /// [`Date::from_wire`] keeps as text).
    fn from(date: ::chrono::NaiveDate) -> Self {
        Self(DateRepr::Valid(date))
    }
}

impl ::std::str::FromStr for Date {
    type Err = ::std::convert::Infallible;

    /// Same as [`Date::from_wire`]: never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_wire(s))
    }
}

impl ::std::fmt::Display for Date {
    /// Writes the text received (`YYYY-MM-DD` for a date).
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match &self.0 {
            DateRepr::Valid(date) => write_date(f, *date),
            DateRepr::Other(text) => f.write_str(text),
        }
    }
}

impl ::serde::Serialize for Date {
    /// Serializes as the text received (see [`Display`](::std::fmt::Display)).
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            DateRepr::Valid(_) => serializer.collect_str(self),
            DateRepr::Other(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> ::serde::Deserialize<'de> for Date {
    /// Deserializes from any string (see [`Date::from_wire`]).
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }
}

/// The serde visitor reading a [`Date`] from a string.
struct DateVisitor;

impl ::serde::de::Visitor<'_> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a date string such as 2018-12-24")
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Date, E> {
        Ok(Date::from_wire(v))
    }

    fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<Date, E> {
        Ok(Date::from_wire(v))
    }
}

/// The error returned when a text is not a wire date-time; its message quotes
/// the text and lists the accepted forms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDateTimeError {
    /// The rejected text, cut to [`MAX_QUOTED_CHARS`] characters.
    input: String,
    /// True when `input` was cut.
    truncated: bool,
    /// What is wrong with the text.
    reason: &'static str,
}

impl ParseDateTimeError {
    /// Builds the error for `input`, keeping at most [`MAX_QUOTED_CHARS`] of it.
    fn new(input: &str, reason: &'static str) -> Self {
        let kept: String = input.chars().take(MAX_QUOTED_CHARS).collect();
        Self {
            truncated: kept.len() < input.len(),
            input: kept,
            reason,
        }
    }

    /// The rejected text (at most its first 64 characters).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// A short description of what is wrong with the text.
    pub fn reason(&self) -> &str {
        self.reason
    }
}

impl ::std::fmt::Display for ParseDateTimeError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let ellipsis = if self.truncated { "..." } else { "" };
        write!(
            f,
            "invalid date-time {:?}{ellipsis}: {}; {ACCEPTED_FORMS}",
            self.input, self.reason
        )
    }
}

impl ::std::error::Error for ParseDateTimeError {}

/// Reads exactly `len` ASCII digits at `at` as a number.
fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    let field = b.get(at..at.checked_add(len)?)?;
    field.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Checks that the byte at `at` is one of `allowed`.
fn expect(b: &[u8], at: usize, allowed: &[u8], reason: &'static str) -> Result<(), &'static str> {
    match b.get(at) {
        Some(c) if allowed.contains(c) => Ok(()),
        _ => Err(reason),
    }
}

/// Writes the date part `YYYY-MM-DD`; years outside 0000 to 9999 get a sign.
fn write_date(f: &mut ::std::fmt::Formatter<'_>, date: ::chrono::NaiveDate) -> ::std::fmt::Result {
    let year = date.year();
    if (0..=9999).contains(&year) {
        write!(f, "{year:04}")?;
    } else {
        write!(f, "{year:+05}")?;
    }
    write!(f, "-{:02}-{:02}", date.month(), date.day())
}

/// Reads `YYYY-MM-DD` at the start of `b` as (year, month, day), not yet checked to exist.
fn date_fields(b: &[u8]) -> Result<(u32, u32, u32), &'static str> {
    let year = digits(b, 0, 4).ok_or("the year must be 4 digits")?;
    expect(b, 4, b"-", "expected '-' after the year")?;
    let month = digits(b, 5, 2).ok_or("the month must be 2 digits")?;
    expect(b, 7, b"-", "expected '-' after the month")?;
    let day = digits(b, 8, 2).ok_or("the day must be 2 digits")?;
    Ok((year, month, day))
}

/// The date `date_fields` read, when it exists.
fn naive_date((year, month, day): (u32, u32, u32)) -> Result<::chrono::NaiveDate, &'static str> {
    // `year` is at most 9999, so it fits in i32.
    let year = i32::try_from(year).map_err(|_| "invalid year")?;
    ::chrono::NaiveDate::from_ymd_opt(year, month, day)
        .ok_or("the date does not exist (check month and day)")
}

/// A wire date: exactly `YYYY-MM-DD`, naming a day that exists.
fn parse_date(b: &[u8]) -> Option<::chrono::NaiveDate> {
    if b.len() != 10 {
        return None;
    }
    date_fields(b).and_then(naive_date).ok()
}

/// Parses the whole wire text, or says what is wrong with it.
fn parse_wire(b: &[u8]) -> Result<DateTime, &'static str> {
    if b.is_empty() {
        return Err("empty text");
    }
    let fields = date_fields(b)?;
    if b.len() == 10 {
        return Err("a time is required");
    }
    expect(b, 10, b"Tt", "expected 'T' between date and time")?;
    let hour = digits(b, 11, 2).ok_or("the hour must be 2 digits")?;
    expect(b, 13, b":", "expected ':' after the hour")?;
    let minute = digits(b, 14, 2).ok_or("the minute must be 2 digits")?;
    expect(b, 16, b":", "expected ':' after the minute")?;
    let second = digits(b, 17, 2).ok_or("the second must be 2 digits")?;

    let mut at = 19;
    let mut fraction_digits = 0u8;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let count = b
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if count == 0 {
            return Err("expected digits after '.'");
        }
        if count > 9 {
            return Err("at most 9 fraction digits are allowed");
        }
        let fraction = digits(b, at, count).ok_or("invalid fraction")?;
        // `count` is 1..=9 here, so both conversions are exact.
        fraction_digits = u8::try_from(count).map_err(|_| "invalid fraction")?;
        nanos = fraction * 10u32.pow(9 - u32::from(fraction_digits));
        at += count;
    }

    let offset = match b.get(at) {
        None => None,
        Some(b'Z' | b'z') => {
            at += 1;
            Some(WrittenOffset {
                offset: utc_offset(),
                style: OffsetStyle::Z,
                negative_zero: false,
            })
        }
        Some(&sign @ (b'+' | b'-')) => {
            let hh = digits(b, at + 1, 2).ok_or("the offset hours must be 2 digits")?;
            at += 3;
            let (style, mm) = match b.get(at) {
                None => (OffsetStyle::Hours, 0),
                Some(b':') => {
                    let mm = digits(b, at + 1, 2).ok_or("the offset minutes must be 2 digits")?;
                    at += 3;
                    (OffsetStyle::Colon, mm)
                }
                Some(_) => {
                    let mm = digits(b, at, 2).ok_or("the offset minutes must be 2 digits")?;
                    at += 2;
                    (OffsetStyle::Compact, mm)
                }
            };
            if hh > 23 || mm > 59 {
                return Err("the offset is out of range (at most 23:59)");
            }
            // hh <= 23 and mm <= 59, so this fits in i32 easily.
            let magnitude = i32::try_from(hh * 3600 + mm * 60).map_err(|_| "invalid offset")?;
            let seconds = if sign == b'-' { -magnitude } else { magnitude };
            Some(WrittenOffset {
                offset: ::chrono::FixedOffset::east_opt(seconds)
                    .ok_or("the offset is out of range (at most 23:59)")?,
                style,
                negative_zero: sign == b'-' && magnitude == 0,
            })
        }
        Some(_) => return Err("unexpected text after the seconds"),
    };
    if at != b.len() {
        return Err("unexpected text after the date-time");
    }

    let date = naive_date(fields)?;
    let time = match second {
        60 => ::chrono::NaiveTime::from_hms_nano_opt(hour, minute, 59, NANOS_PER_SEC + nanos),
        _ => ::chrono::NaiveTime::from_hms_nano_opt(hour, minute, second, nanos),
    }
    .ok_or("the time does not exist (hour 00-23, minute 00-59, second 00-60)")?;
    Ok(DateTime {
        naive: ::chrono::NaiveDateTime::new(date, time),
        fraction_digits,
        offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::chrono::{FixedOffset, NaiveDate, TimeZone, Utc};

    fn dt(s: &str) -> DateTime {
        match DateTime::parse(s) {
            Ok(v) => v,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn json_round_trip(s: &str) -> String {
        let json = format!("\"{s}\"");
        let value: DateTime = serde_json::from_str(&json).expect("deserialize");
        let back = serde_json::to_string(&value).expect("serialize");
        assert_eq!(back, json, "serde round trip of {s}");
        assert_eq!(value.to_string(), s, "Display of {s}");
        back
    }

    fn east(seconds: i32) -> FixedOffset {
        FixedOffset::east_opt(seconds).expect("valid offset")
    }

    #[test]
    fn the_four_wire_forms_round_trip_byte_exactly() {
        for s in [
            "2018-12-24T12:34:45",
            "2019-09-23T12:34:45Z",
            "2018-12-24T07:34:45-0500",
            "2001-09-08T18:25:50.1896249+02:00",
        ] {
            json_round_trip(s);
        }
    }

    #[test]
    fn other_canonical_forms_round_trip() {
        for s in [
            "2018-12-24T12:34:45+02",
            "2018-12-24T12:34:45-03",
            "2018-12-24T12:34:45+0530",
            "2018-12-24T12:34:45-00:00",
            "2018-12-24T12:34:45+00:00",
            "2018-12-24T12:34:45-0000",
            "2018-12-24T12:34:45.123456789Z",
            "2018-12-24T12:34:45.000000000",
            "2018-12-24T12:34:45.0",
            "2016-12-31T23:59:60Z",
            "2016-12-31T23:59:60.5Z",
            "0000-01-01T00:00:00",
            "9999-12-31T23:59:59.9999999+23:59",
            "2024-02-29T00:00:00-23:59",
        ] {
            json_round_trip(s);
        }
    }

    #[test]
    fn colonless_offset_keeps_no_colon() {
        let v = dt("2018-12-24T07:34:45-0500");
        assert_eq!(v.to_string(), "2018-12-24T07:34:45-0500");
        assert_eq!(v.offset(), Some(east(-5 * 3600)));
        assert_eq!(v.offset_style(), Some(OffsetStyle::Compact));
        assert!(v.has_offset());
    }

    #[test]
    fn fraction_digits_are_kept() {
        let v = dt("2001-09-08T18:25:50.1896249+02:00");
        assert_eq!(v.fraction_digits(), 7);
        assert_eq!(v.naive_local().nanosecond(), 189_624_900);
        assert_eq!(v.offset_style(), Some(OffsetStyle::Colon));

        let v = dt("2018-12-24T12:34:45.1000000");
        assert_eq!(v.fraction_digits(), 7);
        assert_eq!(v.to_string(), "2018-12-24T12:34:45.1000000");
        json_round_trip("2018-12-24T12:34:45.1000000");

        let v = dt("2018-12-24T12:34:45.5");
        assert_eq!(v.fraction_digits(), 1);
        assert_eq!(v.naive_local().nanosecond(), 500_000_000);
        json_round_trip("2018-12-24T12:34:45.5");
    }

    #[test]
    fn lower_case_t_and_z_are_read_and_written_upper_case() {
        let v = dt("2019-09-23t12:34:45.25z");
        assert_eq!(v, dt("2019-09-23T12:34:45.25Z"));
        assert_eq!(v.to_string(), "2019-09-23T12:34:45.25Z");
    }

    #[test]
    fn accessors() {
        let v = dt("2018-12-24T12:34:45");
        let naive = NaiveDate::from_ymd_opt(2018, 12, 24)
            .and_then(|d| d.and_hms_opt(12, 34, 45))
            .expect("valid");
        assert_eq!(v.naive_local(), naive);
        assert_eq!(v.offset(), None);
        assert_eq!(v.offset_style(), None);
        assert!(!v.has_offset());
        assert_eq!(v.fraction_digits(), 0);
        assert_eq!(v.to_fixed_offset(), None);

        let z = dt("2019-09-23T12:34:45Z");
        assert_eq!(z.offset(), Some(east(0)));
        assert_eq!(z.offset_style(), Some(OffsetStyle::Z));
        assert_eq!(
            z.to_fixed_offset(),
            Some(
                east(0)
                    .with_ymd_and_hms(2019, 9, 23, 12, 34, 45)
                    .single()
                    .expect("valid")
            )
        );
        assert_eq!(
            dt("2018-12-24T12:34:45+02").offset_style(),
            Some(OffsetStyle::Hours)
        );
    }

    #[test]
    fn instant_comparisons() {
        let a = dt("2018-12-24T07:34:45-0500");
        let b = dt("2018-12-24T12:34:45Z");
        let c = dt("2018-12-24T13:34:45+01:00");
        let local = dt("2018-12-24T12:34:45");
        assert_ne!(a, b, "== compares the text");
        assert!(a.instant_eq(&b));
        assert!(b.instant_eq(&a));
        assert!(a.instant_eq(&c));
        assert!(!a.instant_eq(&local));
        assert!(!local.instant_eq(&b));
        assert!(!a.instant_eq(&dt("2018-12-24T07:34:46-0500")));
        assert!(dt("2018-12-24T12:34:45.5").instant_eq(&dt("2018-12-24T12:34:45.50")));
        assert_ne!(dt("2018-12-24T12:34:45.5"), dt("2018-12-24T12:34:45.50"));
        assert!(!local.instant_eq(&dt("2018-12-24T12:34:45.1")));
        assert!(dt("2018-12-24T12:34:45-00:00").instant_eq(&dt("2018-12-24T12:34:45Z")));
        assert_ne!(
            dt("2018-12-24T12:34:45-00:00"),
            dt("2018-12-24T12:34:45+00:00")
        );
    }

    #[test]
    fn to_utc_assuming_uses_own_offset_first() {
        let expected = Utc
            .with_ymd_and_hms(2018, 12, 24, 12, 34, 45)
            .single()
            .expect("valid");
        assert_eq!(
            dt("2018-12-24T07:34:45-0500").to_utc_assuming(east(3600)),
            expected
        );
        assert_eq!(
            dt("2018-12-24T13:34:45").to_utc_assuming(east(3600)),
            expected
        );
        assert_eq!(dt("2018-12-24T12:34:45").to_utc_assuming(east(0)), expected);
    }

    #[test]
    fn to_utc_assuming_clamps_instead_of_panicking() {
        let min = DateTime::from(::chrono::NaiveDateTime::MIN);
        let max = DateTime::from(::chrono::NaiveDateTime::MAX);
        assert_eq!(
            min.to_utc_assuming(east(3600)),
            ::chrono::DateTime::<Utc>::MIN_UTC
        );
        assert_eq!(
            max.to_utc_assuming(east(-3600)),
            ::chrono::DateTime::<Utc>::MAX_UTC
        );
        let min_fixed =
            DateTime::from(::chrono::DateTime::<Utc>::MIN_UTC.with_timezone(&east(-3600)));
        // Its local time is below chrono's range, so it is kept in UTC.
        assert_eq!(min_fixed.offset_style(), Some(OffsetStyle::Z));
        assert_eq!(
            min_fixed.to_utc_assuming(east(0)),
            ::chrono::DateTime::<Utc>::MIN_UTC
        );
        assert!(min_fixed.to_fixed_offset().is_some());
        assert!(!min.instant_eq(&max));
        // Formatting out-of-range years must not panic either.
        assert!(min.to_string().starts_with('-'));
        assert!(max.to_string().starts_with('+'));
    }

    #[test]
    fn invalid_inputs_are_errors() {
        for s in [
            "",
            "2018-13-01T00:00:00",
            "2018-02-30T00:00:00",
            "2018-12-24",
            "2018-12-24T",
            "2018-12-24T12:34",
            "2018-12-24 12:34:45",
            "2018-12-24T12:34:45+25:00",
            "2018-12-24T12:34:45+24:00",
            "2018-12-24T12:34:45+02:60",
            "2018-12-24T12:34:45+2",
            "2018-12-24T12:34:45+02:0",
            "2018-12-24T12:34:45+02:",
            "2018-12-24T12:34:45+020",
            "2018-12-24T12:34:45+02000",
            "2018-12-24T12:34:45.1234567890",
            "2018-12-24T12:34:45.",
            "2018-12-24T12:34:45.Z",
            "2018-12-24T12:34:45Zx",
            "2018-12-24T12:34:45 ",
            " 2018-12-24T12:34:45",
            "2018-12-24T12:34:45garbage",
            "2018-12-24T24:00:00",
            "2018-12-24T12:60:00",
            "2018-12-24T12:34:61",
            "2018-12-24T12:34:45é",
            "２018-12-24T12:34:45",
            "2018-12-24T12:34:4５",
            "18-12-24T12:34:45",
            "+2018-12-24T12:34:45",
            "2018/12/24T12:34:45",
            "abcd",
            "2018-12-24T12:34:45+",
            "2018-12-24T12:34:45-",
        ] {
            match DateTime::parse(s) {
                Ok(v) => panic!("{s:?} should be rejected, got {v}"),
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.contains("invalid date-time"), "{message}");
                    assert!(message.contains("YYYY-MM-DDThh:mm:ss"), "{message}");
                    assert!(!e.reason().is_empty());
                }
            }
            assert!(s.parse::<DateTime>().is_err());
            let json = serde_json::to_string(s).expect("serialize str");
            assert!(serde_json::from_str::<DateTime>(&json).is_err());
        }
    }

    #[test]
    fn error_message_quotes_the_input() {
        let e = DateTime::parse("2018-12-24").expect_err("date only");
        assert_eq!(e.input(), "2018-12-24");
        let message = e.to_string();
        assert!(message.contains("\"2018-12-24\""), "{message}");
        assert!(message.contains("+hhmm"), "{message}");

        let long = "x".repeat(1000);
        let e = DateTime::parse(&long).expect_err("garbage");
        assert_eq!(e.input().len(), MAX_QUOTED_CHARS);
        assert!(e.to_string().contains("...:"), "{e}");

        let e = serde_json::from_str::<DateTime>("\"2018-12-24T12:34:45+25:00\"")
            .expect_err("offset out of range");
        let message = e.to_string();
        assert!(message.contains("2018-12-24T12:34:45+25:00"), "{message}");
        assert!(message.contains("offset"), "{message}");
    }

    #[test]
    fn non_strings_are_rejected_by_serde() {
        assert!(serde_json::from_str::<DateTime>("12345").is_err());
        assert!(serde_json::from_str::<DateTime>("null").is_err());
        assert!(serde_json::from_str::<DateTime>("{}").is_err());
        let none: Option<DateTime> = serde_json::from_str("null").expect("option");
        assert_eq!(none, None);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let base = "2001-09-08T18:25:50.1896249+02:00";
        for i in 0..base.len() {
            let _ = DateTime::parse(&base[..i]);
            for replacement in ["", "0", "9", "-", ":", ".", "T", "+", "é", "Z"] {
                let s = format!("{}{}{}", &base[..i], replacement, &base[i + 1..]);
                if let Ok(v) = DateTime::parse(&s) {
                    // Whatever parses must print back as something that parses to the same value.
                    assert_eq!(DateTime::parse(&v.to_string()), Ok(v), "{s}");
                }
            }
        }
    }

    #[test]
    fn from_naive_date_time() {
        let d = NaiveDate::from_ymd_opt(2018, 12, 24).expect("valid");
        let whole = d.and_hms_opt(12, 34, 45).expect("valid");
        assert_eq!(DateTime::from(whole).to_string(), "2018-12-24T12:34:45");
        let ticks = d.and_hms_nano_opt(12, 34, 45, 189_624_900).expect("valid");
        assert_eq!(
            DateTime::from(ticks).to_string(),
            "2018-12-24T12:34:45.1896249"
        );
        let tenth = d.and_hms_nano_opt(12, 34, 45, 100_000_000).expect("valid");
        assert_eq!(
            DateTime::from(tenth).to_string(),
            "2018-12-24T12:34:45.1000000"
        );
        let nanos = d.and_hms_nano_opt(12, 34, 45, 123_456_789).expect("valid");
        let v = DateTime::from(nanos);
        assert_eq!(v.to_string(), "2018-12-24T12:34:45.123456789");
        assert_eq!(v.naive_local(), nanos);
        assert!(!v.has_offset());
        let leap = d
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .expect("valid");
        let v = DateTime::from(leap);
        assert_eq!(v.to_string(), "2018-12-24T23:59:60.5000000");
        assert_eq!(DateTime::parse(&v.to_string()), Ok(v));
    }

    #[test]
    fn from_fixed_offset_and_utc() {
        let fixed = east(-5 * 3600)
            .with_ymd_and_hms(2018, 12, 24, 7, 34, 45)
            .single()
            .expect("valid");
        let v = DateTime::from(fixed);
        assert_eq!(v.to_string(), "2018-12-24T07:34:45-05:00");
        assert_eq!(v.to_fixed_offset(), Some(fixed));

        let utc = Utc
            .with_ymd_and_hms(2018, 12, 24, 12, 34, 45)
            .single()
            .expect("valid");
        let v = DateTime::from(utc);
        assert_eq!(v.to_string(), "2018-12-24T12:34:45Z");
        assert_eq!(v.to_utc_assuming(east(3600)), utc);
        assert!(v.instant_eq(&DateTime::from(fixed)));

        let precise = utc + ::chrono::Duration::nanoseconds(1_000);
        assert_eq!(
            DateTime::from(precise).to_string(),
            "2018-12-24T12:34:45.0000010Z"
        );
        let finer = utc + ::chrono::Duration::nanoseconds(1);
        assert_eq!(
            DateTime::from(finer).to_string(),
            "2018-12-24T12:34:45.000000001Z"
        );

        // An offset with seconds cannot be written: the same instant in UTC is.
        let odd = east(3600 + 30)
            .with_ymd_and_hms(2018, 12, 24, 13, 35, 15)
            .single()
            .expect("valid");
        let v = DateTime::from(odd);
        assert_eq!(v.to_string(), "2018-12-24T12:34:45Z");
        assert_eq!(v.to_fixed_offset(), Some(odd));
    }

    #[test]
    fn values_are_copy_and_hashable() {
        let a = dt("2018-12-24T12:34:45Z");
        let b = a;
        let mut set = ::std::collections::HashSet::new();
        set.insert(a);
        set.insert(b);
        set.insert(dt("2018-12-24T12:34:45+00:00"));
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn works_inside_structs() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Entity {
            updated: DateTime,
            #[serde(default)]
            registered: Option<DateTime>,
        }
        let json = r#"{"updated":"2018-12-24T07:34:45-0500","registered":"2001-09-08T18:25:50.1896249+02:00"}"#;
        let entity: Entity = serde_json::from_str(json).expect("deserialize");
        assert_eq!(serde_json::to_string(&entity).expect("serialize"), json);
        let bad = r#"{"updated":"2018-12-24"}"#;
        let message = serde_json::from_str::<Entity>(bad)
            .expect_err("date only")
            .to_string();
        assert!(message.contains("\"2018-12-24\""), "{message}");
    }

    #[test]
    fn valid_dates_are_parsed_and_round_trip_exactly() {
        for text in ["2018-12-24", "2024-02-29", "0000-01-01", "9999-12-31"] {
            let json = format!("\"{text}\"");
            let date: Date = serde_json::from_str(&json).expect("any string is read");
            assert!(date.is_valid(), "{text}");
            assert!(Date::is_date(text), "{text}");
            assert_eq!(date.unparsed(), None);
            assert_eq!(serde_json::to_string(&date).expect("serialize"), json);
            assert_eq!(date.to_string(), text);
            assert_eq!(text.parse::<Date>(), Ok(date));
        }
        let date = Date::from_wire("2018-12-24");
        assert_eq!(
            date.as_naive(),
            Some(NaiveDate::from_ymd_opt(2018, 12, 24).expect("valid"))
        );
        assert_eq!(format!("{date:?}"), "Date(2018-12-24)");
    }

    #[test]
    fn other_text_is_kept_and_written_back_as_received() {
        for text in [
            "",
            "2018-02-30",
            "2018-13-01",
            "2018-1-5",
            "24.12.2018",
            "2018-12-24T12:34:45",
            "2018-12-24 ",
            "+10000-01-01",
            "tomorrow",
        ] {
            let json = serde_json::to_string(text).expect("a JSON string");
            let date: Date = serde_json::from_str(&json).expect("any string is read");
            assert!(!date.is_valid(), "{text}");
            assert!(!Date::is_date(text), "{text}");
            assert_eq!(date.as_naive(), None);
            assert_eq!(date.unparsed(), Some(text));
            assert_eq!(serde_json::to_string(&date).expect("serialize"), json);
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(format!("{:?}", Date::from_wire("x")), "Date(\"x\")");
        assert!(serde_json::from_str::<Date>("20181224").is_err());
    }

    #[test]
    fn dates_from_chrono() {
        let day = NaiveDate::from_ymd_opt(2018, 12, 24).expect("valid");
        let date = Date::from(day);
        assert_eq!(date.to_string(), "2018-12-24");
        assert_eq!(date, Date::from_wire("2018-12-24"));
        assert_ne!(date, Date::from_wire("2018-12-25"));
        let far = NaiveDate::from_ymd_opt(12_345, 1, 1).expect("valid");
        assert_eq!(Date::from(far).to_string(), "+12345-01-01");
    }

    #[test]
    fn dates_work_inside_structs() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Entity {
            born: Date,
            #[serde(default)]
            died: Option<Date>,
        }
        let json = r#"{"born":"1815-12-10","died":"0000-00-00"}"#;
        let entity: Entity = serde_json::from_str(json).expect("deserialize");
        assert!(entity.born.is_valid());
        assert_eq!(
            entity.died.as_ref().and_then(Date::unparsed),
            Some("0000-00-00")
        );
        assert_eq!(serde_json::to_string(&entity).expect("serialize"), json);
    }
}
