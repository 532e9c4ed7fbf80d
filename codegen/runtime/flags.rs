//! .NET `[Flags]` enums as the SuperOffice API sends them: one string of member names joined by `", "`, unknown names kept.
//!
//! The API writes a flag set as a single JSON string such as
//! `"Update, UIHintMandatory"`, `"Delete"`, `"FULL"` (a composite member) or
//! `"None"` (the zero member: no flags). A client built from an older
//! specification may meet names it does not know; [`FlagSet`] keeps them and
//! writes them back unchanged, so a value read from the server is sent back as
//! the same text.

/// Implemented by generated flag enums: lists every member with its wire name
/// and numeric value.
pub trait FlagEnum: Copy + Eq + ::std::fmt::Debug + ::std::hash::Hash + 'static {
    /// Every member: (member, wire name, numeric value), in declaration order.
    /// Aliases and composites included.
    ///
    /// Every variant must be listed; a variant missing here has no name and
    /// the value 0.
    const MEMBERS: &'static [(Self, &'static str, u64)];
}

/// The first entry of [`FlagEnum::MEMBERS`] for `flag`.
fn member<F: FlagEnum>(flag: F) -> Option<&'static (F, &'static str, u64)> {
    F::MEMBERS.iter().find(|(member, _, _)| *member == flag)
}

/// The numeric value of `flag` (0 when it is not listed).
fn value_of<F: FlagEnum>(flag: F) -> u64 {
    member(flag).map_or(0, |&(_, _, value)| value)
}

/// The wire name of the first member with value 0, if there is one.
fn zero_name<F: FlagEnum>() -> Option<&'static str> {
    F::MEMBERS
        .iter()
        .find(|(_, _, value)| *value == 0)
        .map(|&(_, name, _)| name)
}

/// The member named `name`: an exact match first, then one that differs only
/// in ASCII case.
fn lookup<F: FlagEnum>(name: &str) -> Option<F> {
    F::MEMBERS
        .iter()
        .find(|(_, member_name, _)| *member_name == name)
        .or_else(|| {
            F::MEMBERS
                .iter()
                .find(|(_, member_name, _)| member_name.eq_ignore_ascii_case(name))
        })
        .map(|&(member, _, _)| member)
}

/// One name in a flag set.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Flag<F> {
    /// A member of the enum.
    Known(F),
    /// A name (or, from an integer bitmask, a decimal number) the enum does not
    /// have, kept as written.
    Unknown(String),
}

impl<F: FlagEnum> Flag<F> {
    /// The name written on the wire: the member's wire name, or the unknown
    /// text as kept.
    pub fn name(&self) -> &str {
        match self {
            Flag::Known(flag) => member(*flag).map_or("", |&(_, name, _)| name),
            Flag::Unknown(name) => name,
        }
    }

    /// The member's numeric value, or `None` for an unknown name.
    pub fn value(&self) -> Option<u64> {
        match self {
            Flag::Known(flag) => Some(value_of(*flag)),
            Flag::Unknown(_) => None,
        }
    }
}

/// A set of flags, as written on the wire: the names in their order, unknown
/// ones kept.
///
/// [`FlagSet::parse`] and [`Display`](::std::fmt::Display) read and write the
/// wire text; serde reads and writes it as a JSON string (and also reads an
/// integer bitmask, see [`FlagSet::from_bits`]). A set parsed from canonical
/// text (names joined by `", "`, each spelled as the member is) is written back
/// as the exact same text, names in the same order, repeats and unknown names
/// included. Other spacing and other letter case are normalised:
/// `"Read,Write"` and `"read ,  write"` are both written `"Read, Write"`.
///
/// `==` and [`Hash`] compare the names as written, in order: `"Read, Write"`
/// and `"Write, Read"` differ although their [`bits`](FlagSet::bits) are equal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FlagSet<F: FlagEnum> {
    /// The names in wire order.
    flags: Vec<Flag<F>>,
}

impl<F: FlagEnum> FlagSet<F> {
    /// An empty set. It is written as the name of the enum's first member with
    /// value 0, or as `""` when the enum has no such member.
    pub fn new() -> Self {
        Self { flags: Vec::new() }
    }

    /// A set holding `flags`, added one by one with [`FlagSet::insert`].
    pub fn from_flags(flags: impl IntoIterator<Item = F>) -> Self {
        let mut set = Self::new();
        for flag in flags {
            set.insert(flag);
        }
        set
    }

    /// A set from an integer bitmask, as the old SOAP API sent it.
    ///
    /// Each set bit becomes the first declared member whose value is exactly
    /// that bit (composites are not used), in declaration order; bits no such
    /// member covers become one [`Flag::Unknown`] entry holding their decimal
    /// value, last. `0` gives the empty set. The result is written as names:
    /// `51` on an enum with `Read = 1, Write = 2, Unused3 = 16, Nullable = 32`
    /// is written `"Read, Write, Unused3, Nullable"`, and leftover bits as in
    /// `"Read, 1024"` (which .NET's `Enum.Parse` also reads).
    pub fn from_bits(bits: u64) -> Self {
        let mut flags = Vec::new();
        let mut left = bits;
        for &(member, _, value) in F::MEMBERS {
            if value.is_power_of_two() && left & value != 0 {
                flags.push(Flag::Known(member));
                left &= !value;
            }
        }
        if left != 0 {
            flags.push(Flag::Unknown(left.to_string()));
        }
        Self { flags }
    }

    /// Adds `flag` at the end unless an equal entry is already there; returns
    /// whether the set changed.
    ///
    /// A zero-valued member ("no flags") is only added to an empty set; adding
    /// a non-zero member drops any zero-valued entries, so inserting `Read`
    /// into `"None"` gives `"Read"`. Entries are compared by member only:
    /// inserting `Read` into `"Update"` (`Update = Read | Write`) gives
    /// `"Update, Read"`.
    pub fn insert(&mut self, flag: F) -> bool {
        if value_of(flag) == 0 {
            if self.flags.is_empty() {
                self.flags.push(Flag::Known(flag));
                return true;
            }
            return false;
        }
        if self.flags.contains(&Flag::Known(flag)) {
            return false;
        }
        self.flags
            .retain(|entry| !matches!(entry, Flag::Known(known) if value_of(*known) == 0));
        self.flags.push(Flag::Known(flag));
        true
    }

    /// Removes every entry equal to `flag`; returns whether the set changed.
    ///
    /// Only entries naming `flag` itself go: removing `Read` from `"Update"`
    /// (`Update = Read | Write`) leaves `"Update"`.
    pub fn remove(&mut self, flag: F) -> bool {
        let before = self.flags.len();
        self.flags.retain(|entry| *entry != Flag::Known(flag));
        self.flags.len() != before
    }

    /// The entries in wire order.
    pub fn flags(&self) -> &[Flag<F>] {
        &self.flags
    }

    /// The known members, in wire order.
    pub fn known(&self) -> impl Iterator<Item = F> + '_ {
        self.flags.iter().filter_map(|entry| match entry {
            Flag::Known(flag) => Some(*flag),
            Flag::Unknown(_) => None,
        })
    }

    /// The names the enum does not know, in wire order.
    pub fn unknown(&self) -> impl Iterator<Item = &str> + '_ {
        self.flags.iter().filter_map(|entry| match entry {
            Flag::Known(_) => None,
            Flag::Unknown(name) => Some(name.as_str()),
        })
    }

    /// The OR of the known members' values (unknown names add nothing).
    pub fn bits(&self) -> u64 {
        self.known().fold(0, |bits, flag| bits | value_of(flag))
    }

    /// True when every bit of `flag` is in [`FlagSet::bits`]: `"Update"`
    /// contains `Read` and `Write`. A zero-valued `flag` is contained only when
    /// [`FlagSet::bits`] is 0.
    pub fn contains(&self, flag: F) -> bool {
        let value = value_of(flag);
        let bits = self.bits();
        if value == 0 {
            bits == 0
        } else {
            bits & value == value
        }
    }

    /// True when no bit is set and no unknown name is kept (a set holding only
    /// the zero member is empty).
    pub fn is_empty(&self) -> bool {
        self.bits() == 0 && self.unknown().next().is_none()
    }

    /// Reads wire text; never fails.
    ///
    /// The text is split on `,`, each piece is trimmed of ASCII whitespace and
    /// empty pieces are skipped. A piece names the member with exactly that
    /// wire name, else the first member whose name differs only in ASCII case,
    /// else it is kept as [`Flag::Unknown`]. `""` gives the empty set.
    pub fn parse(s: &str) -> Self {
        let flags = s
            .split(',')
            .map(|piece| piece.trim_matches(|c: char| c.is_ascii_whitespace()))
            .filter(|name| !name.is_empty())
            .map(|name| lookup(name).map_or_else(|| Flag::Unknown(name.to_owned()), Flag::Known))
            .collect();
        Self { flags }
    }
}

impl<F: FlagEnum> Default for FlagSet<F> {
    /// The empty set, as [`FlagSet::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl<F: FlagEnum> From<F> for FlagSet<F> {
    /// A set holding just `flag`.
    fn from(flag: F) -> Self {
        Self::from_flags([flag])
    }
}

impl<F: FlagEnum> FromIterator<F> for FlagSet<F> {
    /// Same as [`FlagSet::from_flags`].
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> Self {
        Self::from_flags(iter)
    }
}

impl<F: FlagEnum> ::std::fmt::Display for FlagSet<F> {
    /// Writes the names joined by `", "`; an empty set writes the zero member's
    /// name if the enum has one, else nothing.
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.flags.is_empty() {
            return f.write_str(zero_name::<F>().unwrap_or(""));
        }
        for (index, entry) in self.flags.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(entry.name())?;
        }
        Ok(())
    }
}

impl<F: FlagEnum> ::std::str::FromStr for FlagSet<F> {
    type Err = ::std::convert::Infallible;

    /// Same as [`FlagSet::parse`]; never fails.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

impl<F: FlagEnum> ::serde::Serialize for FlagSet<F> {
    /// Serializes as the wire string (see [`Display`](::std::fmt::Display)).
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, F: FlagEnum> ::serde::Deserialize<'de> for FlagSet<F> {
    /// Deserializes from a string (see [`FlagSet::parse`]) or from an integer
    /// bitmask (see [`FlagSet::from_bits`]; it is written back as names). A
    /// negative integer is kept whole as one [`Flag::Unknown`] entry holding
    /// its decimal text.
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FlagSetVisitor(::std::marker::PhantomData))
    }
}

/// The serde visitor reading a [`FlagSet`] from a string or an integer.
struct FlagSetVisitor<F>(::std::marker::PhantomData<F>);

impl<F: FlagEnum> ::serde::de::Visitor<'_> for FlagSetVisitor<F> {
    type Value = FlagSet<F>;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string of flag names separated by commas, or an integer bitmask")
    }

    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<FlagSet<F>, E> {
        Ok(FlagSet::parse(v))
    }

    fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<FlagSet<F>, E> {
        Ok(FlagSet::from_bits(v))
    }

    fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<FlagSet<F>, E> {
        match u64::try_from(v) {
            Ok(bits) => Ok(FlagSet::from_bits(bits)),
            Err(_) => Ok(FlagSet {
                flags: vec![Flag::Unknown(v.to_string())],
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mirrors SuperOffice's `EFieldRight`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    enum EFieldRight {
        None,
        Read,
        Write,
        Update,
        Unused1,
        Unused2,
        Unused3,
        Nullable,
        Unused4,
        UIHintMandatory,
        UIHintReadOnly,
        UIHints,
        UndefinedValue256,
    }

    impl FlagEnum for EFieldRight {
        const MEMBERS: &'static [(Self, &'static str, u64)] = &[
            (Self::None, "None", 0),
            (Self::Read, "Read", 1),
            (Self::Write, "Write", 2),
            (Self::Update, "Update", 3),
            (Self::Unused1, "Unused1", 4),
            (Self::Unused2, "Unused2", 8),
            (Self::Unused3, "Unused3", 16),
            (Self::Nullable, "Nullable", 32),
            (Self::Unused4, "Unused4", 32),
            (Self::UIHintMandatory, "UIHintMandatory", 64),
            (Self::UIHintReadOnly, "UIHintReadOnly", 128),
            (Self::UIHints, "UIHints", 192),
            (Self::UndefinedValue256, "UndefinedValue256", 256),
        ];
    }

    /// Mirrors SuperOffice's `ETableRight`, whose wire names are not all valid
    /// Rust variant names.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    enum ETableRight {
        None,
        Select,
        Update,
        Insert,
        Delete,
        Filtering,
        RestrictedUpdate,
        Unused1,
        Uninitialized,
        R,
        Ur,
        Uri,
        Udr,
        Full,
        F,
        Rf,
        Fi,
        Ri,
    }

    impl FlagEnum for ETableRight {
        const MEMBERS: &'static [(Self, &'static str, u64)] = &[
            (Self::None, "None", 0),
            (Self::Select, "Select", 1),
            (Self::Update, "Update", 2),
            (Self::Insert, "Insert", 4),
            (Self::Delete, "Delete", 8),
            (Self::Filtering, "Filtering", 16),
            (Self::RestrictedUpdate, "RestrictedUpdate", 32),
            (Self::Unused1, "Unused1", 64),
            (Self::Uninitialized, "Uninitialized", 128),
            (Self::R, "R", 1),
            (Self::Ur, "UR", 3),
            (Self::Uri, "URI", 7),
            (Self::Udr, "UDR", 11),
            (Self::Full, "FULL", 15),
            (Self::F, "F", 16),
            (Self::Rf, "RF", 17),
            (Self::Fi, "FI", 20),
            (Self::Ri, "RI", 5),
        ];
    }

    /// An enum without a zero member, and with names differing only in case.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    enum Cased {
        Abc,
        AbcUpper,
        Other,
    }

    impl FlagEnum for Cased {
        const MEMBERS: &'static [(Self, &'static str, u64)] = &[
            (Self::Abc, "Abc", 1),
            (Self::AbcUpper, "ABC", 2),
            (Self::Other, "Other", 4),
        ];
    }

    /// A chat flag enum whose zero member is not called `None`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    enum ChatFlags {
        CustomerIsTyping,
        AgentIsTyping,
    }

    impl FlagEnum for ChatFlags {
        const MEMBERS: &'static [(Self, &'static str, u64)] = &[
            (Self::CustomerIsTyping, "CustomerIsTyping", 0),
            (Self::AgentIsTyping, "AgentIsTyping", 1),
        ];
    }

    fn json_round_trip<F: FlagEnum>(s: &str) -> FlagSet<F> {
        let json = serde_json::to_string(s).expect("serialize str");
        let set: FlagSet<F> = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(serde_json::to_string(&set).expect("serialize"), json);
        assert_eq!(set.to_string(), s);
        set
    }

    #[test]
    fn wire_examples_round_trip_byte_exactly() {
        json_round_trip::<EFieldRight>("Update, UIHintMandatory");
        json_round_trip::<ETableRight>("Delete");
        json_round_trip::<ETableRight>("FULL");
        json_round_trip::<ChatFlags>("CustomerIsTyping");
        json_round_trip::<ETableRight>("Foo, Delete");
        json_round_trip::<EFieldRight>("None");
        json_round_trip::<EFieldRight>("Read, None");
        json_round_trip::<EFieldRight>("Read, Read");
        json_round_trip::<EFieldRight>("UIHintReadOnly, Read, Nullable, Unused4");
        json_round_trip::<ETableRight>("R, Select, F, RF, FI, RI, UR, URI, UDR");
        json_round_trip::<Cased>("Other, ABC, Abc");
        json_round_trip::<Cased>("");
    }

    #[test]
    fn bits_and_contains() {
        let set = FlagSet::<EFieldRight>::parse("Update, UIHintMandatory");
        assert_eq!(set.bits(), 67);
        assert!(set.contains(EFieldRight::Read));
        assert!(set.contains(EFieldRight::Write));
        assert!(set.contains(EFieldRight::Update));
        assert!(set.contains(EFieldRight::UIHintMandatory));
        assert!(!set.contains(EFieldRight::UIHintReadOnly));
        assert!(!set.contains(EFieldRight::UIHints));
        assert!(!set.contains(EFieldRight::Nullable));
        assert!(!set.contains(EFieldRight::None));
        assert!(!set.is_empty());
        assert_eq!(
            set.known().collect::<Vec<_>>(),
            [EFieldRight::Update, EFieldRight::UIHintMandatory]
        );

        let full = FlagSet::<ETableRight>::parse("FULL");
        assert_eq!(full.bits(), 15);
        for flag in [
            ETableRight::Select,
            ETableRight::Update,
            ETableRight::Insert,
            ETableRight::Delete,
            ETableRight::R,
            ETableRight::Ur,
            ETableRight::Uri,
            ETableRight::Udr,
            ETableRight::Ri,
            ETableRight::Full,
        ] {
            assert!(full.contains(flag), "FULL contains {flag:?}");
        }
        for flag in [
            ETableRight::Filtering,
            ETableRight::Rf,
            ETableRight::RestrictedUpdate,
            ETableRight::None,
        ] {
            assert!(!full.contains(flag), "FULL does not contain {flag:?}");
        }
        assert_eq!(full.flags(), [Flag::Known(ETableRight::Full)]);
        assert_eq!(full.flags()[0].name(), "FULL");
        assert_eq!(full.flags()[0].value(), Some(15));
    }

    #[test]
    fn unknown_names_are_kept() {
        let set = FlagSet::<ETableRight>::parse("Foo, Delete, Bar Baz");
        assert_eq!(set.to_string(), "Foo, Delete, Bar Baz");
        assert_eq!(set.unknown().collect::<Vec<_>>(), ["Foo", "Bar Baz"]);
        assert_eq!(set.bits(), 8);
        assert!(set.contains(ETableRight::Delete));
        assert!(!set.is_empty());
        assert_eq!(
            set.flags(),
            [
                Flag::Unknown("Foo".to_owned()),
                Flag::Known(ETableRight::Delete),
                Flag::Unknown("Bar Baz".to_owned()),
            ]
        );
        assert_eq!(set.flags()[0].name(), "Foo");
        assert_eq!(set.flags()[0].value(), None);

        let only_unknown = FlagSet::<EFieldRight>::parse("Brand New");
        assert_eq!(only_unknown.bits(), 0);
        assert!(!only_unknown.is_empty());
        assert!(only_unknown.contains(EFieldRight::None));
        assert_eq!(only_unknown.to_string(), "Brand New");
    }

    #[test]
    fn zero_member() {
        let none = FlagSet::<EFieldRight>::parse("None");
        assert!(none.is_empty());
        assert_eq!(none.bits(), 0);
        assert!(none.contains(EFieldRight::None));
        assert!(!none.contains(EFieldRight::Read));
        assert_eq!(none.flags(), [Flag::Known(EFieldRight::None)]);

        let typing = FlagSet::<ChatFlags>::parse("CustomerIsTyping");
        assert!(typing.is_empty());
        assert!(typing.contains(ChatFlags::CustomerIsTyping));

        assert_eq!(FlagSet::<EFieldRight>::new().to_string(), "None");
        assert_eq!(
            FlagSet::<ChatFlags>::default().to_string(),
            "CustomerIsTyping"
        );
        assert_eq!(FlagSet::<Cased>::new().to_string(), "");
        assert_eq!(
            serde_json::to_string(&FlagSet::<EFieldRight>::new()).expect("serialize"),
            "\"None\""
        );
        assert!(FlagSet::<EFieldRight>::new().contains(EFieldRight::None));
    }

    #[test]
    fn empty_string() {
        let set = FlagSet::<EFieldRight>::parse("");
        assert!(set.is_empty());
        assert!(set.flags().is_empty());
        assert_eq!(set, FlagSet::new());
        // The empty set is written as the zero member's name.
        assert_eq!(set.to_string(), "None");
        let set: FlagSet<EFieldRight> = serde_json::from_str("\"\"").expect("deserialize");
        assert!(set.flags().is_empty());
        let set = FlagSet::<EFieldRight>::parse(" , ,, ");
        assert!(set.flags().is_empty());
        let set = FlagSet::<Cased>::parse("");
        assert_eq!(serde_json::to_string(&set).expect("serialize"), "\"\"");
    }

    #[test]
    fn integer_input() {
        let set: FlagSet<EFieldRight> = serde_json::from_str("51").expect("deserialize");
        assert_eq!(set.bits(), 51);
        assert_eq!(set.to_string(), "Read, Write, Unused3, Nullable");
        assert_eq!(
            serde_json::to_string(&set).expect("serialize"),
            "\"Read, Write, Unused3, Nullable\""
        );
        assert!(set.contains(EFieldRight::Update));
        assert_eq!(set.unknown().count(), 0);

        let set: FlagSet<ETableRight> = serde_json::from_str("51").expect("deserialize");
        assert_eq!(
            set.to_string(),
            "Select, Update, Filtering, RestrictedUpdate"
        );

        let set: FlagSet<EFieldRight> = serde_json::from_str("1075").expect("deserialize");
        assert_eq!(set.to_string(), "Read, Write, Unused3, Nullable, 1024");
        assert_eq!(set.unknown().collect::<Vec<_>>(), ["1024"]);
        assert_eq!(set.bits(), 51);
        // The names written for an integer read back as the same set.
        assert_eq!(FlagSet::parse(&set.to_string()), set);

        let set: FlagSet<EFieldRight> = serde_json::from_str("0").expect("deserialize");
        assert!(set.flags().is_empty());
        assert_eq!(set.to_string(), "None");

        let set: FlagSet<Cased> = serde_json::from_str("18446744073709551615").expect("max");
        assert_eq!(set.to_string(), "Abc, ABC, Other, 18446744073709551608");

        let set: FlagSet<EFieldRight> = serde_json::from_str("-1").expect("negative");
        assert_eq!(set.to_string(), "-1");
        assert_eq!(set.bits(), 0);

        assert_eq!(
            FlagSet::<ETableRight>::from_bits(15).to_string(),
            "Select, Update, Insert, Delete"
        );
    }

    #[test]
    fn other_json_types_are_errors() {
        for json in ["1.5", "true", "[\"Read\"]", "{}", "null"] {
            assert!(
                serde_json::from_str::<FlagSet<EFieldRight>>(json).is_err(),
                "{json}"
            );
        }
        let none: Option<FlagSet<EFieldRight>> = serde_json::from_str("null").expect("option");
        assert_eq!(none, None);
    }

    #[test]
    fn spacing_and_case_are_normalised() {
        let set = FlagSet::<EFieldRight>::parse("Read,Write");
        assert_eq!(
            set.flags(),
            [
                Flag::Known(EFieldRight::Read),
                Flag::Known(EFieldRight::Write)
            ]
        );
        assert_eq!(set.to_string(), "Read, Write");
        for text in [
            "  Read ,\tWrite\n",
            "Read,,Write,",
            "read, WRITE",
            ",Read , Write",
        ] {
            let set = FlagSet::<EFieldRight>::parse(text);
            assert_eq!(set.to_string(), "Read, Write", "{text:?}");
        }
        let full = FlagSet::<ETableRight>::parse("full, f");
        assert_eq!(full.to_string(), "FULL, F");
        // Non-ASCII whitespace is part of the name.
        let odd = FlagSet::<EFieldRight>::parse("\u{a0}Read");
        assert_eq!(odd.unknown().collect::<Vec<_>>(), ["\u{a0}Read"]);
    }

    #[test]
    fn exact_case_wins_over_case_insensitive_match() {
        let set = FlagSet::<Cased>::parse("ABC, Abc, abc, aBC");
        assert_eq!(
            set.known().collect::<Vec<_>>(),
            [Cased::AbcUpper, Cased::Abc, Cased::Abc, Cased::Abc]
        );
        assert_eq!(set.to_string(), "ABC, Abc, Abc, Abc");
    }

    #[test]
    fn insert_and_remove() {
        let mut set = FlagSet::<EFieldRight>::new();
        assert!(set.insert(EFieldRight::None));
        assert_eq!(set.to_string(), "None");
        assert!(set.insert(EFieldRight::Read));
        assert_eq!(set.to_string(), "Read");
        assert!(!set.insert(EFieldRight::Read));
        assert!(!set.insert(EFieldRight::None));
        assert!(set.insert(EFieldRight::UIHintMandatory));
        assert_eq!(set.to_string(), "Read, UIHintMandatory");
        assert!(set.remove(EFieldRight::Read));
        assert!(!set.remove(EFieldRight::Read));
        assert_eq!(set.to_string(), "UIHintMandatory");
        assert!(set.remove(EFieldRight::UIHintMandatory));
        assert!(set.is_empty());
        assert_eq!(set.to_string(), "None");

        let mut update = FlagSet::from(EFieldRight::Update);
        assert!(!update.remove(EFieldRight::Read), "only equal entries go");
        assert!(update.insert(EFieldRight::Read));
        assert_eq!(update.to_string(), "Update, Read");

        let mut typing = FlagSet::<ChatFlags>::parse("CustomerIsTyping");
        typing.insert(ChatFlags::AgentIsTyping);
        assert_eq!(typing.to_string(), "AgentIsTyping");

        let mut with_unknown = FlagSet::<ETableRight>::parse("Foo");
        assert!(!with_unknown.insert(ETableRight::None));
        assert!(with_unknown.insert(ETableRight::Delete));
        assert_eq!(with_unknown.to_string(), "Foo, Delete");
    }

    #[test]
    fn from_flags_and_collect() {
        let set = FlagSet::from_flags([EFieldRight::Update, EFieldRight::UIHintMandatory]);
        assert_eq!(set.to_string(), "Update, UIHintMandatory");
        assert_eq!(set, FlagSet::parse("Update, UIHintMandatory"));
        let collected: FlagSet<ETableRight> = [ETableRight::Delete, ETableRight::Delete]
            .into_iter()
            .collect();
        assert_eq!(collected.to_string(), "Delete");
        let parsed: FlagSet<ETableRight> = "Delete".parse().unwrap_or_default();
        assert_eq!(parsed, collected);
    }

    #[test]
    fn equality_is_by_representation() {
        let a = FlagSet::<EFieldRight>::parse("Read, Write");
        let b = FlagSet::<EFieldRight>::parse("Write, Read");
        assert_ne!(a, b);
        assert_eq!(a.bits(), b.bits());
        let mut hashes = ::std::collections::HashSet::new();
        hashes.insert(a.clone());
        hashes.insert(b);
        hashes.insert(a);
        assert_eq!(hashes.len(), 2);
    }

    #[test]
    fn writing_is_stable_for_any_text() {
        let pieces = [
            "", ",", " ", "Read", "read", "WRITE", "None", "Foo", "\u{e9}", "\t", "Update", "12",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b},{c}");
                    let once = FlagSet::<EFieldRight>::parse(&text).to_string();
                    let twice = FlagSet::<EFieldRight>::parse(&once).to_string();
                    assert_eq!(once, twice, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn works_inside_structs() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct FieldInfo {
            rights: FlagSet<EFieldRight>,
            table: Option<FlagSet<ETableRight>>,
        }
        let json = r#"{"rights":"Update, UIHintMandatory","table":"FULL"}"#;
        let info: FieldInfo = serde_json::from_str(json).expect("deserialize");
        assert_eq!(serde_json::to_string(&info).expect("serialize"), json);
        let old = r#"{"rights":67,"table":null}"#;
        let info: FieldInfo = serde_json::from_str(old).expect("deserialize");
        assert_eq!(
            serde_json::to_string(&info).expect("serialize"),
            r#"{"rights":"Read, Write, UIHintMandatory","table":null}"#
        );
    }
}
