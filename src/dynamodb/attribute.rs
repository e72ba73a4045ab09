//! DynamoDB attribute values in DynamoDB JSON (`{"S": "a"}`, `{"N": "1"}`, `{"M": {…}}` …): read
//! with DynamoDB's own validation messages, compared, sized and written back.
//!
//! Numbers are kept normalized (DynamoDB trims leading and trailing zeros, so `1.0` and `1` are
//! the same number); binary values as their raw bytes (base64 in JSON). Item sizes follow the
//! developer guide's "Item sizes and formats" (see docs/SEMANTICS.md, "DynamoDB Streams").

use crate::diagnostic::AwsError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// An item: attribute names to values, sorted by name (a map has no order in DynamoDB). A sorted
/// vector rather than a `BTreeMap`: items have a few attributes, and a simulation keeps up to
/// 100,000 changes with their images, so a map's node per item would cost several times more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item(Vec<(String, AttributeValue)>);

impl Item {
    pub fn new() -> Item {
        Item(Vec::new())
    }

    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&AttributeValue> {
        self.position(name).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Sets an attribute; its previous value, if any.
    pub fn insert(&mut self, name: String, value: AttributeValue) -> Option<AttributeValue> {
        match self.position(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<AttributeValue> {
        self.position(name).ok().map(|i| self.0.remove(i).1)
    }

    /// The attributes in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &AttributeValue)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, AttributeValue)> for Item {
    /// Later values of a repeated name win, as in a map.
    fn from_iter<I: IntoIterator<Item = (String, AttributeValue)>>(iter: I) -> Item {
        let mut item = Item::new();
        for (name, value) in iter {
            item.insert(name, value);
        }
        item
    }
}

impl std::ops::Index<&str> for Item {
    type Output = AttributeValue;

    fn index(&self, name: &str) -> &AttributeValue {
        self.get(name).expect("the item has the attribute")
    }
}

impl Serialize for Item {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The largest item DynamoDB stores: 400 KB.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;
/// The most significant digits of a Number.
pub const MAX_NUMBER_DIGITS: usize = 38;

/// A DynamoDB Number: normalized decimal text (no exponent, no superfluous zeros).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number(String);

impl Number {
    /// Parses DynamoDB's number text (`-12.50`, `1e3`), normalized; DynamoDB's messages when it is
    /// not a number or out of range.
    pub fn parse(text: &str) -> Result<Number, AwsError> {
        let not_a_number = || validation("A value provided cannot be converted into a number");
        let text = text.trim();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => {
                let exponent: i64 = rest[at + 1..].parse().map_err(|_| not_a_number())?;
                (&rest[..at], exponent)
            }
            None => (rest, 0),
        };
        let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if integer.is_empty() && fraction.is_empty()
            || !integer
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(not_a_number());
        }
        // All digits, and the power of ten of the last one.
        let digits = format!("{integer}{fraction}");
        let mut last_power = exponent.saturating_sub(fraction.len() as i64);
        let digits = digits.trim_start_matches('0');
        let trimmed = digits.trim_end_matches('0');
        last_power = last_power.saturating_add((digits.len() - trimmed.len()) as i64);
        if trimmed.is_empty() {
            return Ok(Number("0".into()));
        }
        if trimmed.len() > MAX_NUMBER_DIGITS {
            return Err(validation(
                "Attempting to store more than 38 significant digits in a Number",
            ));
        }
        // The power of ten of the first digit: DynamoDB takes magnitudes 1E-130 to 9.99…E+125.
        let first_power = last_power.saturating_add(trimmed.len() as i64 - 1);
        if first_power > 125 {
            return Err(validation("Number overflow. Attempting to store a number with magnitude larger than supported range"));
        }
        if first_power < -130 {
            return Err(validation("Number underflow. Attempting to store a number with magnitude smaller than supported range"));
        }
        let sign = if negative { "-" } else { "" };
        let text = if last_power >= 0 {
            format!("{sign}{trimmed}{}", "0".repeat(last_power as usize))
        } else {
            let point = trimmed.len() as i64 + last_power;
            if point > 0 {
                let (int, frac) = trimmed.split_at(point as usize);
                format!("{sign}{int}.{frac}")
            } else {
                format!("{sign}0.{}{trimmed}", "0".repeat((-point) as usize))
            }
        };
        Ok(Number(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as a float (for arithmetic on small values and TTL seconds).
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(0.0)
    }

    /// Significant digits: leading and trailing zeros trimmed.
    fn significant_digits(&self) -> usize {
        let digits: String = self.0.chars().filter(char::is_ascii_digit).collect();
        digits.trim_matches('0').len().max(1)
    }

    /// DOC: "approximately 1 byte per two significant digits + 1 byte"; MODEL: rounded up, one
    /// more byte when negative.
    fn size(&self) -> usize {
        self.significant_digits().div_ceil(2) + 1 + usize::from(self.0.starts_with('-'))
    }

    /// `self + other` (or `self - other`), exact for the decimals DynamoDB holds.
    pub fn add(&self, other: &Number, subtract: bool) -> Result<Number, AwsError> {
        let overflow = || {
            validation("the playground adds numbers of up to 38 digits in all (integer and fraction digits together)")
        };
        let (a, a_scale) = self.scaled().ok_or_else(overflow)?;
        let (b, b_scale) = other.scaled().ok_or_else(overflow)?;
        let scale = a_scale.max(b_scale);
        let widen = |v: i128, s: u32| v.checked_mul(10i128.checked_pow(scale - s)?);
        let (a, b) = (
            widen(a, a_scale).ok_or_else(overflow)?,
            widen(b, b_scale).ok_or_else(overflow)?,
        );
        let sum = if subtract {
            a.checked_sub(b)
        } else {
            a.checked_add(b)
        }
        .ok_or_else(overflow)?;
        Number::parse(&format!("{sum}e-{scale}"))
    }

    /// The number as an integer and a power-of-ten scale (`12.5` → (125, 1)); None past i128.
    fn scaled(&self) -> Option<(i128, u32)> {
        let (int, frac) = self.0.split_once('.').unwrap_or((&self.0, ""));
        let joined = format!("{int}{frac}");
        Some((joined.parse().ok()?, frac.len() as u32))
    }
}

/// One attribute value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeValue {
    S(String),
    N(Number),
    B(Vec<u8>),
    Bool(bool),
    Null,
    Ss(Vec<String>),
    Ns(Vec<Number>),
    Bs(Vec<Vec<u8>>),
    L(Vec<AttributeValue>),
    M(Item),
}

fn validation(message: impl Into<String>) -> AwsError {
    AwsError {
        code: "ValidationException",
        message: message.into(),
    }
}

fn serialization(message: impl Into<String>) -> AwsError {
    AwsError {
        code: "SerializationException",
        message: message.into(),
    }
}

const EMPTY: &str =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";

impl AttributeValue {
    /// Reads one value of DynamoDB JSON.
    pub fn from_json(value: &Value) -> Result<AttributeValue, AwsError> {
        let Some(object) = value.as_object() else {
            return Err(serialization(
                "an attribute value must be a JSON object such as {\"S\": \"text\"}",
            ));
        };
        let known: Vec<(&String, &Value)> = object
            .iter()
            .filter(|(k, _)| {
                matches!(
                    k.as_str(),
                    "S" | "N" | "B" | "BOOL" | "NULL" | "SS" | "NS" | "BS" | "L" | "M"
                )
            })
            .collect();
        let (kind, inner) = match known.as_slice() {
            [] => return Err(validation(EMPTY)),
            [one] => *one,
            _ => return Err(validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")),
        };
        let string = |v: &Value| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| serialization(format!("{kind} must be a JSON string")))
        };
        let number = |v: &Value| match v {
            Value::String(text) => Number::parse(text),
            _ => Err(serialization(format!(
                "{kind} must hold numbers as JSON strings"
            ))),
        };
        let binary = |v: &Value| {
            let text = v
                .as_str()
                .ok_or_else(|| serialization(format!("{kind} must be base64 text")))?;
            STANDARD
                .decode(text)
                .map_err(|e| serialization(format!("{kind} is not valid base64: {e}")))
        };
        fn as_list<'v>(v: &'v Value, kind: &str) -> Result<&'v Vec<Value>, AwsError> {
            v.as_array()
                .ok_or_else(|| serialization(format!("{kind} must be a JSON array")))
        }
        let list = |v| as_list(v, kind);
        Ok(match kind.as_str() {
            "S" => AttributeValue::S(string(inner)?),
            "N" => AttributeValue::N(number(inner)?),
            "B" => AttributeValue::B(binary(inner)?),
            "BOOL" => AttributeValue::Bool(
                inner
                    .as_bool()
                    .ok_or_else(|| serialization("BOOL must be true or false"))?,
            ),
            "NULL" => match inner {
                Value::Bool(true) => AttributeValue::Null,
                _ => {
                    return Err(validation(
                        "One or more parameter values were invalid: Null attribute value types must have the value of true",
                    ))
                }
            },
            "SS" => AttributeValue::Ss(set(list(inner)?, string, "string")?),
            "NS" => AttributeValue::Ns(set(list(inner)?, number, "number")?),
            "BS" => AttributeValue::Bs(set(list(inner)?, binary, "binary")?),
            "L" => AttributeValue::L(
                list(inner)?
                    .iter()
                    .map(AttributeValue::from_json)
                    .collect::<Result<_, _>>()?,
            ),
            _ => AttributeValue::M(item_from_json(inner)?),
        })
    }

    /// The type descriptor: `S`, `N`, `B`, `BOOL`, `NULL`, `SS`, `NS`, `BS`, `L` or `M`.
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null => "NULL",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
            AttributeValue::Bs(_) => "BS",
            AttributeValue::L(_) => "L",
            AttributeValue::M(_) => "M",
        }
    }

    /// Its size in bytes as DynamoDB counts it (without the attribute's name).
    pub fn size(&self) -> usize {
        match self {
            AttributeValue::S(s) => s.len(),
            AttributeValue::N(n) => n.size(),
            AttributeValue::B(b) => b.len(),
            AttributeValue::Bool(_) | AttributeValue::Null => 1,
            AttributeValue::Ss(v) => v.iter().map(String::len).sum(),
            AttributeValue::Ns(v) => v.iter().map(Number::size).sum(),
            AttributeValue::Bs(v) => v.iter().map(Vec::len).sum(),
            AttributeValue::L(v) => 3 + v.iter().map(|e| 1 + e.size()).sum::<usize>(),
            AttributeValue::M(m) => {
                3 + m.iter().map(|(k, e)| 1 + k.len() + e.size()).sum::<usize>()
            }
        }
    }
}

/// A set's members: never empty, never duplicated (DynamoDB's messages).
fn set<T: PartialEq>(
    values: &[Value],
    read: impl Fn(&Value) -> Result<T, AwsError>,
    kind: &str,
) -> Result<Vec<T>, AwsError> {
    if values.is_empty() {
        return Err(validation(format!(
            "One or more parameter values were invalid: An {kind} set  may not be empty"
        )));
    }
    let mut members: Vec<T> = Vec::with_capacity(values.len());
    for value in values {
        let member = read(value)?;
        if members.contains(&member) {
            return Err(validation(format!(
                "One or more parameter values were invalid: Input collection contains duplicates: {value}"
            )));
        }
        members.push(member);
    }
    Ok(members)
}

/// Reads a map of attribute names to DynamoDB JSON values (an `Item`, a `Key`, `M`).
pub fn item_from_json(value: &Value) -> Result<Item, AwsError> {
    let Some(object) = value.as_object() else {
        return Err(serialization(
            "an item must be a JSON object of attribute names to values",
        ));
    };
    object
        .iter()
        .map(|(name, value)| Ok((name.clone(), AttributeValue::from_json(value)?)))
        .collect()
}

/// An item's size: the UTF-8 bytes of every attribute name plus its value's size.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| name.len() + value.size())
        .sum()
}

/// Writes a value as DynamoDB JSON (numbers as strings, binary as base64).
impl Serialize for AttributeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            AttributeValue::S(s) => map.serialize_entry("S", s)?,
            AttributeValue::N(n) => map.serialize_entry("N", n.as_str())?,
            AttributeValue::B(b) => map.serialize_entry("B", &STANDARD.encode(b))?,
            AttributeValue::Bool(b) => map.serialize_entry("BOOL", b)?,
            AttributeValue::Null => map.serialize_entry("NULL", &true)?,
            AttributeValue::Ss(v) => map.serialize_entry("SS", v)?,
            AttributeValue::Ns(v) => {
                map.serialize_entry("NS", &v.iter().map(Number::as_str).collect::<Vec<_>>())?
            }
            AttributeValue::Bs(v) => map.serialize_entry(
                "BS",
                &v.iter().map(|b| STANDARD.encode(b)).collect::<Vec<_>>(),
            )?,
            AttributeValue::L(v) => map.serialize_entry("L", v)?,
            AttributeValue::M(m) => map.serialize_entry("M", m)?,
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(text: &str) -> String {
        Number::parse(text).unwrap().0
    }

    #[test]
    fn numbers_are_normalized_as_dynamodb_returns_them() {
        assert_eq!(n("1.0"), "1");
        assert_eq!(n("0010.500"), "10.5");
        assert_eq!(n("-0.00"), "0");
        assert_eq!(n("1e3"), "1000");
        assert_eq!(n("-12.5E-3"), "-0.0125");
        assert_eq!(n("101"), "101");
        for bad in ["", "abc", "1.2.3", "--1", "1e", "."] {
            assert_eq!(
                Number::parse(bad).unwrap_err().message,
                "A value provided cannot be converted into a number",
                "{bad:?}"
            );
        }
        assert!(Number::parse(&"1".repeat(39))
            .unwrap_err()
            .message
            .contains("38 significant digits"));
        assert!(Number::parse("1e126")
            .unwrap_err()
            .message
            .starts_with("Number overflow"));
        assert!(Number::parse("1e-131")
            .unwrap_err()
            .message
            .starts_with("Number underflow"));
    }

    #[test]
    fn arithmetic_is_exact_in_decimal() {
        let sum = Number::parse("0.1")
            .unwrap()
            .add(&Number::parse("0.2").unwrap(), false)
            .unwrap();
        assert_eq!(sum.as_str(), "0.3");
        let diff = Number::parse("5")
            .unwrap()
            .add(&Number::parse("7.25").unwrap(), true)
            .unwrap();
        assert_eq!(diff.as_str(), "-2.25");
        let huge = Number::parse("1e100").unwrap();
        assert!(huge.add(&Number::parse("1").unwrap(), false).is_err());
    }

    #[test]
    fn sizes_match_the_developer_guide_and_aws_sample_events() {
        // AWS's sample: Keys {Id: N 101} + NewImage {Message: "New item!", Id: N 101} = 26 bytes.
        let keys = item_from_json(&json!({"Id": {"N": "101"}})).unwrap();
        let new =
            item_from_json(&json!({"Message": {"S": "New item!"}, "Id": {"N": "101"}})).unwrap();
        assert_eq!(item_size(&keys) + item_size(&new), 26);
        let list = AttributeValue::from_json(&json!({"L": [{"S": "ab"}, {"BOOL": true}]})).unwrap();
        assert_eq!(list.size(), 3 + (1 + 2) + (1 + 1));
        let map = AttributeValue::from_json(&json!({"M": {"k": {"NULL": true}}})).unwrap();
        assert_eq!(map.size(), 3 + 1 + 1 + 1);
        assert_eq!(
            AttributeValue::from_json(&json!({"B": "AAEC"}))
                .unwrap()
                .size(),
            3
        );
        assert_eq!(Number::parse("-1").unwrap().size(), 3);
    }

    #[test]
    fn bad_values_get_dynamodb_messages() {
        let message = |v: Value| AttributeValue::from_json(&v).unwrap_err().message;
        assert_eq!(message(json!({})), EMPTY);
        assert!(message(json!({"S": "a", "N": "1"})).contains("more than one datatypes"));
        assert!(message(json!({"NULL": false})).contains("must have the value of true"));
        assert!(message(json!({"SS": []})).contains("An string set  may not be empty"));
        assert!(message(json!({"NS": ["1", "1.0"]})).contains("duplicates"));
        assert_eq!(
            AttributeValue::from_json(&json!({"S": 1}))
                .unwrap_err()
                .code,
            "SerializationException"
        );
    }

    #[test]
    fn values_round_trip_through_dynamodb_json() {
        let value = json!({"M": {"a": {"NS": ["1", "2.5"]}, "b": {"B": "AAEC"}, "c": {"L": [{"NULL": true}]}}});
        let parsed = AttributeValue::from_json(&value).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    }
}
