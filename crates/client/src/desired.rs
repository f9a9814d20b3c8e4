//! Desired-state files: what `export` writes and `plan`, `apply` and `diff` read.
//!
//! One schema in two syntaxes, TOML (for people; product names as comments) and JSON (for
//! programs; names as fields). Everything but `products` and `offer_types` is optional:
//!
//! ```toml
//! version = 1                          # the file format; only 1 exists
//! policy = "AllowSelfServicePurchase"  # the default
//! default_value = "Disabled"           # the tenant's default for products added later
//! default_for_unlisted = "Disabled"    # products and offer types not listed must have this value
//!
//! [products]
//! CFQ7TTC0H9MP = "Disabled"            # Power BI Pro
//! CFQ7TTC0HD33 = { value = "OnlyTrialsWithoutPaymentMethod", name = "Visio Plan 1" }
//!
//! [offer_types]
//! SaaS = "Enabled"
//! ```
//!
//! - Keys are exact: an unknown key is an error with its line and column, so a misspelt
//!   `defualt_value` never passes silently.
//! - Product ids are case-insensitive (stored upper-case), offer types too (kept as written);
//!   naming the same product twice is an error.
//! - Values are case-insensitive and checked: offer types and `default_for_unlisted` take only
//!   `Enabled` or `Disabled`.
//! - `name` (and the JSON `comment`) are for people and are ignored: the plan shows the names the
//!   service knows.
//!
//! [`parse`] is total: any input gives a [`DesiredState`] or a [`DesiredError`], never a panic
//! (a property test and the `desired_file` fuzz target hold it to that).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use mscommerce_domain::PolicyId;
use mscommerce_proto::ids::{OfferType, ProductId};
use mscommerce_proto::{ALLOW_SELF_SERVICE_PURCHASE, PolicyValue};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// The one file format version.
pub const FORMAT_VERSION: u64 = 1;

/// The top-level keys, in the order files are written.
pub const TOP_KEYS: [&str; 7] = [
    "version",
    "policy",
    "comment",
    "default_value",
    "default_for_unlisted",
    "products",
    "offer_types",
];
/// The keys of an entry written as a table.
pub const ENTRY_KEYS: [&str; 2] = ["value", "name"];

/// TOML or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileFormat {
    Toml,
    Json,
}

impl FileFormat {
    /// By extension: `.json` is JSON, `.toml` TOML; anything else is not known.
    pub fn from_path(path: &std::path::Path) -> Option<FileFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "toml" => Some(FileFormat::Toml),
            "json" => Some(FileFormat::Json),
            _ => None,
        }
    }

    /// A guess from the content: JSON starts with `{`.
    pub fn sniff(text: &str) -> FileFormat {
        if strip_bom(text).trim_start().starts_with('{') {
            FileFormat::Json
        } else {
            FileFormat::Toml
        }
    }
}

/// An offer type as a map key: compared without regard to case, kept as written.
#[derive(Debug, Clone)]
pub struct OfferKey(pub OfferType);

impl OfferKey {
    fn folded(&self) -> String {
        self.0.as_str().to_ascii_lowercase()
    }
}

impl PartialEq for OfferKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_str().eq_ignore_ascii_case(other.0.as_str())
    }
}

impl Eq for OfferKey {}

impl PartialOrd for OfferKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OfferKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.folded().cmp(&other.folded())
    }
}

impl fmt::Display for OfferKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

/// What a desired-state file asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredState {
    /// The policy, canonical (`AllowSelfServicePurchase`).
    pub policy_id: String,
    /// The tenant's default for products added to the catalog later; `None`: leave it.
    pub default_value: Option<PolicyValue>,
    /// The value products and offer types not listed must have; `None`: leave them as they are.
    pub default_for_unlisted: Option<PolicyValue>,
    pub products: BTreeMap<ProductId, PolicyValue>,
    pub offer_types: BTreeMap<OfferKey, PolicyValue>,
}

impl Default for DesiredState {
    fn default() -> Self {
        DesiredState {
            policy_id: ALLOW_SELF_SERVICE_PURCHASE.to_owned(),
            default_value: None,
            default_for_unlisted: None,
            products: BTreeMap::new(),
            offer_types: BTreeMap::new(),
        }
    }
}

/// What kind of value a key needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expected {
    /// An integer (`version`).
    Integer,
    /// A string.
    String,
    /// A table (TOML) or object (JSON).
    Table,
    /// A value string, or a table with `value` (and `name`).
    Entry,
    /// A string or a list of strings (`comment`).
    Comment,
}

/// What is wrong with a file. The CLI words each kind in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Not TOML (or JSON) at all; the parser's own message.
    Syntax { message: String },
    /// A key the format does not have; `allowed` are the ones it has there.
    UnknownKey { key: String, allowed: Vec<String> },
    /// A key with the wrong kind of value.
    WrongType { key: String, expected: Expected },
    /// Not one of the values allowed there.
    BadValue {
        key: String,
        value: String,
        allowed: Vec<PolicyValue>,
    },
    /// A key of `[products]` that cannot be a product id.
    BadProductId { id: String },
    /// A key of `[offer_types]` that cannot be an offer type.
    BadOfferType { id: String },
    /// The same key (or product, or offer type, in another case) twice.
    Duplicate { key: String },
    /// A `version` this program does not know.
    Version { found: String },
    /// A `policy` the service does not have.
    UnknownPolicy { policy: String },
    /// A table entry without its `value`.
    MissingValue { key: String },
}

/// A file that cannot be used: where (1-based line and column, when known) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub problem: Problem,
}

impl fmt::Display for DesiredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "line {l}, column {c}: ")?;
        }
        match &self.problem {
            Problem::Syntax { message } => write!(f, "{message}"),
            Problem::UnknownKey { key, allowed } => {
                write!(f, "unknown key {key}; allowed: {}", allowed.join(", "))
            }
            Problem::WrongType { key, expected } => write!(f, "{key} must be a {expected:?}"),
            Problem::BadValue {
                key,
                value,
                allowed,
            } => write!(
                f,
                "{key}: '{value}' is not one of {}",
                PolicyValue::list(allowed)
            ),
            Problem::BadProductId { id } => write!(f, "'{id}' is not a product id"),
            Problem::BadOfferType { id } => write!(f, "'{id}' is not an offer type"),
            Problem::Duplicate { key } => write!(f, "{key} is given twice"),
            Problem::Version { found } => write!(f, "version {found} is not known (only 1)"),
            Problem::UnknownPolicy { policy } => write!(f, "no policy '{policy}'"),
            Problem::MissingValue { key } => write!(f, "{key} has no value"),
        }
    }
}

impl std::error::Error for DesiredError {}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses a desired-state file. Total: never panics, whatever the input.
pub fn parse(text: &str, format: FileFormat) -> Result<DesiredState, DesiredError> {
    let text = strip_bom(text);
    match format {
        FileFormat::Toml => toml::from_str::<RawFile>(text).map(|f| f.0).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_column(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            DesiredError {
                line,
                column,
                problem: decode(e.message()),
            }
        }),
        FileFormat::Json => serde_json::from_str::<RawFile>(text)
            .map(|f| f.0)
            .map_err(|e| {
                let (line, column) = (e.line(), e.column());
                let text = e.to_string();
                let suffix = format!(" at line {line} column {column}");
                let message = text.strip_suffix(&suffix).unwrap_or(&text);
                DesiredError {
                    line: (line > 0).then_some(line),
                    column: (column > 0).then_some(column),
                    problem: decode(message),
                }
            }),
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Our problems travel through serde's error as a marked JSON string.
const MARKER: &str = "\u{1}mscommerce-desired:";

fn problem<E: de::Error>(p: &Problem) -> E {
    E::custom(format!(
        "{MARKER}{}",
        serde_json::to_string(p).unwrap_or_default()
    ))
}

fn decode(message: &str) -> Problem {
    if let Some(i) = message.find(MARKER) {
        let rest = &message[i + MARKER.len()..];
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Problem>();
        if let Some(Ok(p)) = stream.next() {
            return p;
        }
    }
    // The syntax's own message (TOML's carry a source excerpt after a blank line).
    let first = message.trim().lines().next().unwrap_or_default().trim();
    Problem::Syntax {
        message: first.to_owned(),
    }
}

struct RawFile(DesiredState);

impl<'de> Deserialize<'de> for RawFile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FileVisitor).map(RawFile)
    }
}

/// Why a value of some kind was not wanted here.
fn wrong<E: de::Error>(key: &str, expected: Expected) -> E {
    problem(&Problem::WrongType {
        key: key.to_owned(),
        expected,
    })
}

/// The error a visitor gives for a value of the wrong kind.
trait Refuse {
    fn fail<E: de::Error>(&self) -> E;
}

/// Implements the listed `visit_*` methods as the visitor's [`Refuse::fail`].
macro_rules! refuse {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, _v: $ty) -> Result<Self::Value, E> {
                Err(Refuse::fail(&self))
            }
        )*
    };
}

macro_rules! refuse_unit {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(Refuse::fail(&self))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Err(Refuse::fail(&self))
        }
    };
}

macro_rules! refuse_seq {
    () => {
        fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
            Err(Refuse::fail(&self))
        }
    };
}

macro_rules! refuse_map {
    () => {
        fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
            Err(Refuse::fail(&self))
        }
    };
}

/// A map key, checked while it is read: TOML then points at the key itself.
struct KeySeed<F>(F);

impl<'de, T, F: FnOnce(String) -> Result<T, Problem>> DeserializeSeed<'de> for KeySeed<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        let key = String::deserialize(d)?;
        (self.0)(key).map_err(|p| problem(&p))
    }
}

struct FileVisitor;

impl Refuse for FileVisitor {
    fn fail<E: de::Error>(&self) -> E {
        wrong("(file)", Expected::Table)
    }
}

impl<'de> Visitor<'de> for FileVisitor {
    type Value = DesiredState;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a desired-state table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DesiredState, A::Error> {
        let mut state = DesiredState::default();
        let mut seen = BTreeSet::new();
        while let Some(key) = map.next_key_seed(KeySeed(|key: String| {
            if !TOP_KEYS.contains(&key.as_str()) {
                Err(Problem::UnknownKey {
                    key,
                    allowed: TOP_KEYS.iter().map(|k| (*k).to_owned()).collect(),
                })
            } else if seen.contains(&key) {
                Err(Problem::Duplicate { key })
            } else {
                Ok(key)
            }
        }))? {
            seen.insert(key.clone());
            match key.as_str() {
                "version" => {
                    let v = map.next_value_seed(VersionSeed)?;
                    if v != FORMAT_VERSION {
                        return Err(problem(&Problem::Version {
                            found: v.to_string(),
                        }));
                    }
                }
                "policy" => {
                    let p = map.next_value_seed(StringSeed { key: "policy" })?;
                    match PolicyId::parse(p.trim()) {
                        Some(id) => id.as_str().clone_into(&mut state.policy_id),
                        None => return Err(problem(&Problem::UnknownPolicy { policy: p })),
                    }
                }
                "comment" => map.next_value_seed(CommentSeed)?,
                "default_value" => {
                    state.default_value = Some(map.next_value_seed(ValueSeed {
                        key: "default_value".into(),
                        allowed: &PolicyValue::ALL,
                        table: false,
                    })?);
                }
                "default_for_unlisted" => {
                    state.default_for_unlisted = Some(map.next_value_seed(ValueSeed {
                        key: "default_for_unlisted".into(),
                        allowed: &PolicyValue::FOR_OFFER_TYPES,
                        table: false,
                    })?);
                }
                "products" => state.products = map.next_value_seed(ProductsSeed)?,
                _ => state.offer_types = map.next_value_seed(OfferTypesSeed)?,
            }
        }
        Ok(state)
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str)
    );
    refuse_unit!();

    refuse_seq!();
}

struct VersionSeed;

impl<'de> DeserializeSeed<'de> for VersionSeed {
    type Value = u64;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for VersionSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong("version", Expected::Integer)
    }
}

impl<'de> Visitor<'de> for VersionSeed {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| {
            problem(&Problem::Version {
                found: v.to_string(),
            })
        })
    }

    refuse!(visit_bool(bool), visit_f64(f64), visit_str(&str));
    refuse_unit!();

    refuse_seq!();

    refuse_map!();
}

struct StringSeed {
    key: &'static str,
}

impl<'de> DeserializeSeed<'de> for StringSeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for StringSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong(self.key, Expected::String)
    }
}

impl<'de> Visitor<'de> for StringSeed {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64)
    );
    refuse_unit!();

    refuse_seq!();

    refuse_map!();
}

/// `comment`: a string or a list of strings, for people only.
struct CommentSeed;

impl<'de> DeserializeSeed<'de> for CommentSeed {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for CommentSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong("comment", Expected::Comment)
    }
}

impl<'de> Visitor<'de> for CommentSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_str<E: de::Error>(self, _v: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(StringSeed { key: "comment" })?
            .is_some()
        {}
        Ok(())
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64)
    );
    refuse_unit!();

    refuse_map!();
}

/// A policy value (`"Disabled"`), or with `table`, also `{ value = "Disabled", name = "..." }`.
struct ValueSeed {
    key: String,
    allowed: &'static [PolicyValue],
    table: bool,
}

impl ValueSeed {
    fn expected(&self) -> Expected {
        if self.table {
            Expected::Entry
        } else {
            Expected::String
        }
    }

    fn check<E: de::Error>(&self, v: &str) -> Result<PolicyValue, E> {
        match v.parse::<PolicyValue>() {
            Ok(p) if self.allowed.contains(&p) => Ok(p),
            _ => Err(problem(&Problem::BadValue {
                key: self.key.clone(),
                value: v.chars().take(80).collect(),
                allowed: self.allowed.to_vec(),
            })),
        }
    }
}

impl Refuse for ValueSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong(&self.key, self.expected())
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = PolicyValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<PolicyValue, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed {
    type Value = PolicyValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a policy value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PolicyValue, E> {
        self.check(v)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyValue, A::Error> {
        if !self.table {
            return Err(wrong(&self.key, Expected::String));
        }
        let mut value: Option<PolicyValue> = None;
        let mut seen = BTreeSet::new();
        while let Some(k) = map.next_key_seed(KeySeed(|k: String| {
            let full = format!("{}.{k}", self.key);
            if !ENTRY_KEYS.contains(&k.as_str()) {
                Err(Problem::UnknownKey {
                    key: full,
                    allowed: ENTRY_KEYS.iter().map(|k| (*k).to_owned()).collect(),
                })
            } else if seen.contains(&k) {
                Err(Problem::Duplicate { key: full })
            } else {
                Ok(k)
            }
        }))? {
            seen.insert(k.clone());
            let full = format!("{}.{k}", self.key);
            if k == "value" {
                value = Some(map.next_value_seed(ValueSeed {
                    key: full,
                    allowed: self.allowed,
                    table: false,
                })?);
            } else {
                map.next_value_seed(NameSeed { key: full })?;
            }
        }
        value.ok_or_else(|| problem(&Problem::MissingValue { key: self.key }))
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64)
    );
    refuse_unit!();
    refuse_seq!();
}

/// `name` of an entry: any string, ignored.
struct NameSeed {
    key: String,
}

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for NameSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong(&self.key, Expected::String)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, _v: &str) -> Result<(), E> {
        Ok(())
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64)
    );
    refuse_unit!();

    refuse_seq!();

    refuse_map!();
}

struct ProductsSeed;

impl<'de> DeserializeSeed<'de> for ProductsSeed {
    type Value = BTreeMap<ProductId, PolicyValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for ProductsSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong("products", Expected::Table)
    }
}

impl<'de> Visitor<'de> for ProductsSeed {
    type Value = BTreeMap<ProductId, PolicyValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of products")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((key, id)) = map.next_key_seed(KeySeed(|key: String| {
            let Ok(id) = key.parse::<ProductId>() else {
                return Err(Problem::BadProductId {
                    id: key.chars().take(80).collect(),
                });
            };
            if out.contains_key(&id) {
                return Err(Problem::Duplicate {
                    key: format!("products.{id}"),
                });
            }
            Ok((key, id))
        }))? {
            let value = map.next_value_seed(ValueSeed {
                key: format!("products.{key}"),
                allowed: &PolicyValue::ALL,
                table: true,
            })?;
            out.insert(id, value);
        }
        Ok(out)
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str)
    );
    refuse_unit!();

    refuse_seq!();
}

struct OfferTypesSeed;

impl<'de> DeserializeSeed<'de> for OfferTypesSeed {
    type Value = BTreeMap<OfferKey, PolicyValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Refuse for OfferTypesSeed {
    fn fail<E: de::Error>(&self) -> E {
        wrong("offer_types", Expected::Table)
    }
}

impl<'de> Visitor<'de> for OfferTypesSeed {
    type Value = BTreeMap<OfferKey, PolicyValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of offer types")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((key, id)) = map.next_key_seed(KeySeed(|key: String| {
            let Ok(id) = key.parse::<OfferType>() else {
                return Err(Problem::BadOfferType {
                    id: key.chars().take(80).collect(),
                });
            };
            let id = OfferKey(id);
            if out.contains_key(&id) {
                return Err(Problem::Duplicate {
                    key: format!("offer_types.{key}"),
                });
            }
            Ok((key, id))
        }))? {
            let value = map.next_value_seed(ValueSeed {
                key: format!("offer_types.{key}"),
                allowed: &PolicyValue::FOR_OFFER_TYPES,
                table: true,
            })?;
            out.insert(id, value);
        }
        Ok(out)
    }

    refuse!(
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str)
    );
    refuse_unit!();

    refuse_seq!();
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The names to write next to ids (comments in TOML, `name` fields in JSON): data from the
/// service, never translated.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub products: BTreeMap<ProductId, String>,
    pub offer_types: BTreeMap<OfferKey, String>,
}

/// A comment line cannot hold a line break or other control characters.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Products ordered as people look for them: by name, then id (unnamed ones last, by id).
fn product_order<'a>(
    state: &'a DesiredState,
    names: &'a Names,
) -> Vec<(&'a ProductId, PolicyValue, Option<&'a str>)> {
    let mut v: Vec<_> = state
        .products
        .iter()
        .map(|(id, value)| (id, *value, names.products.get(id).map(String::as_str)))
        .collect();
    v.sort_by(|a, b| {
        let key = |x: &(&ProductId, PolicyValue, Option<&str>)| {
            (
                x.2.is_none(),
                x.2.map(str::to_lowercase).unwrap_or_default(),
                x.0.as_str().to_owned(),
            )
        };
        key(a).cmp(&key(b))
    });
    v
}

/// Writes `state` as a file that [`parse`] reads back to the same state. `header` lines become
/// comments (TOML) or the `comment` list (JSON).
pub fn render(
    state: &DesiredState,
    names: &Names,
    header: &[String],
    format: FileFormat,
) -> String {
    match format {
        FileFormat::Toml => render_toml(state, names, header),
        FileFormat::Json => render_json(state, names, header),
    }
}

fn toml_entries<'a>(rows: impl Iterator<Item = (String, PolicyValue, Option<&'a str>)>) -> String {
    let rows: Vec<(String, Option<&str>)> = rows
        .map(|(k, v, name)| (format!("{k} = \"{v}\""), name))
        .collect();
    let width = rows
        .iter()
        .filter(|(_, n)| n.is_some())
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (line, name) in rows {
        match name.map(one_line).filter(|n| !n.is_empty()) {
            Some(n) => out.push_str(&format!("{line:<width$}  # {n}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

fn render_toml(state: &DesiredState, names: &Names, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        let line = one_line(line);
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
    if !header.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("version = {FORMAT_VERSION}\n"));
    out.push_str(&format!("policy = {}\n", json_string(&state.policy_id)));
    if let Some(v) = state.default_value {
        out.push_str(&format!("default_value = \"{v}\"\n"));
    }
    if let Some(v) = state.default_for_unlisted {
        out.push_str(&format!("default_for_unlisted = \"{v}\"\n"));
    }
    out.push_str("\n[products]\n");
    out.push_str(&toml_entries(
        product_order(state, names)
            .into_iter()
            .map(|(id, v, n)| (id.to_string(), v, n)),
    ));
    out.push_str("\n[offer_types]\n");
    out.push_str(&toml_entries(state.offer_types.iter().map(|(k, v)| {
        (
            k.to_string(),
            *v,
            names.offer_types.get(k).map(String::as_str),
        )
    })));
    out
}

fn json_entry(key: &str, value: PolicyValue, name: Option<&str>) -> String {
    match name {
        Some(n) => format!(
            "    {}: {{ \"value\": \"{value}\", \"name\": {} }}",
            json_string(key),
            json_string(n)
        ),
        None => format!("    {}: \"{value}\"", json_string(key)),
    }
}

fn render_json(state: &DesiredState, names: &Names, header: &[String]) -> String {
    let mut fields: Vec<String> = vec![
        format!("  \"version\": {FORMAT_VERSION}"),
        format!("  \"policy\": {}", json_string(&state.policy_id)),
    ];
    if !header.is_empty() {
        let lines: Vec<String> = header
            .iter()
            .map(|l| format!("    {}", json_string(l)))
            .collect();
        fields.push(format!("  \"comment\": [\n{}\n  ]", lines.join(",\n")));
    }
    if let Some(v) = state.default_value {
        fields.push(format!("  \"default_value\": \"{v}\""));
    }
    if let Some(v) = state.default_for_unlisted {
        fields.push(format!("  \"default_for_unlisted\": \"{v}\""));
    }
    let products: Vec<String> = product_order(state, names)
        .into_iter()
        .map(|(id, v, n)| json_entry(id.as_str(), v, n))
        .collect();
    let offer_types: Vec<String> = state
        .offer_types
        .iter()
        .map(|(k, v)| {
            json_entry(
                k.0.as_str(),
                *v,
                names.offer_types.get(k).map(String::as_str),
            )
        })
        .collect();
    for (key, entries) in [("products", products), ("offer_types", offer_types)] {
        if entries.is_empty() {
            fields.push(format!("  \"{key}\": {{}}"));
        } else {
            fields.push(format!("  \"{key}\": {{\n{}\n  }}", entries.join(",\n")));
        }
    }
    format!("{{\n{}\n}}\n", fields.join(",\n"))
}

#[cfg(test)]
mod tests;
