//! The 128-bit hash key that decides a record's shard.
//!
//! Kinesis hashes the partition key's UTF-8 bytes with MD5 and reads the digest as an unsigned
//! big-endian 128-bit integer; an `ExplicitHashKey`, when given, replaces that hash. Rust's `u128`
//! holds the whole space `[0, 2^128-1]`, so no big-integer library is needed. Parsing an
//! `ExplicitHashKey` follows AWS's two checks in AWS's order: the pattern `0|([1-9]\d{0,38})` first
//! (a `ValidationException`), then the range (an `InvalidArgumentException`, which in `PutRecords`
//! rejects the whole request).

use md5::{Digest, Md5};
use std::fmt;

/// A position in the Kinesis hash space `[0, 2^128-1]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct HashKey(pub u128);

impl HashKey {
    /// The largest hash key, `2^128 - 1`.
    pub const MAX: HashKey = HashKey(u128::MAX);

    /// The MD5 of the key's UTF-8 bytes, big-endian, exactly as Kinesis computes it.
    pub fn from_partition_key(partition_key: &str) -> HashKey {
        HashKey(u128::from_be_bytes(Self::md5(partition_key)))
    }

    /// The hash key of each partition key, hashed several at a time with SIMD
    /// ([`crate::multi_md5`]); the same values as [`HashKey::from_partition_key`] one by one.
    pub fn from_partition_keys<K: AsRef<str>>(partition_keys: &[K]) -> Vec<HashKey> {
        Self::from_partition_keys_by(partition_keys.len(), |i| partition_keys[i].as_ref())
    }

    /// The hash key of `partition_key(i)` for each `i` in `0..count` (see
    /// [`HashKey::from_partition_keys`]).
    pub fn from_partition_keys_by<'a>(
        count: usize,
        partition_key: impl Fn(usize) -> &'a str,
    ) -> Vec<HashKey> {
        crate::multi_md5::digests_by(count, |i| partition_key(i).as_bytes())
            .into_iter()
            .map(|digest| HashKey(u128::from_be_bytes(digest)))
            .collect()
    }

    /// The raw MD5 digest of the partition key (shown in the explain pane).
    pub fn md5(partition_key: &str) -> [u8; 16] {
        Md5::digest(partition_key.as_bytes()).into()
    }

    /// Parses an `ExplicitHashKey` string with AWS's validation.
    pub fn parse_explicit(text: &str) -> Result<HashKey, ExplicitHashKeyError> {
        if !matches_explicit_hash_key_pattern(text) {
            return Err(ExplicitHashKeyError::Pattern {
                value: text.to_owned(),
            });
        }
        text.parse::<u128>()
            .map(HashKey)
            .map_err(|_| ExplicitHashKeyError::OutOfRange {
                value: text.to_owned(),
            })
    }

    /// The 32-digit lower-case hexadecimal rendering (the MD5 hex for a partition key's hash).
    pub fn to_hex(self) -> String {
        format!("{:032x}", self.0)
    }

    /// This key's position in the hash space as a fraction of `2^128` (for drawing only).
    pub fn fraction(self) -> f64 {
        self.0 as f64 / 2f64.powi(128)
    }
}

impl fmt::Display for HashKey {
    /// The decimal rendering that AWS uses in `HashKeyRange` and `ExplicitHashKey`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// AWS's pattern for `ExplicitHashKey`: `0|([1-9]\d{0,38})`.
fn matches_explicit_hash_key_pattern(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.len() <= 38 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// Why AWS refuses an `ExplicitHashKey`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExplicitHashKeyError {
    /// The text does not match `0|([1-9]\d{0,38})`.
    Pattern { value: String },
    /// The text matches the pattern but is 2^128 or more.
    OutOfRange { value: String },
}

impl ExplicitHashKeyError {
    /// The AWS exception name this error is reported as.
    pub fn aws_code(&self) -> &'static str {
        match self {
            ExplicitHashKeyError::Pattern { .. } => "ValidationException",
            ExplicitHashKeyError::OutOfRange { .. } => "InvalidArgumentException",
        }
    }
}

impl fmt::Display for ExplicitHashKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExplicitHashKeyError::Pattern { value } => write!(
                f,
                "1 validation error detected: Value '{value}' at 'explicitHashKey' failed to satisfy \
                 constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{{0,38}})"
            ),
            ExplicitHashKeyError::OutOfRange { .. } => {
                write!(f, "ExplicitHashKey must be in the range: [0, 2^128-1]")
            }
        }
    }
}

impl std::error::Error for ExplicitHashKeyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_is_read_big_endian() {
        let key = HashKey::from_partition_key("a");
        assert_eq!(key.to_hex(), "0cc175b9c0f1b6a831c399e269772661");
        assert_eq!(key.to_string(), "16955237001963240173058271559858726497");
    }

    #[test]
    fn explicit_hash_key_pattern_comes_before_range() {
        assert_eq!(HashKey::parse_explicit("0"), Ok(HashKey(0)));
        assert_eq!(
            HashKey::parse_explicit(&u128::MAX.to_string()),
            Ok(HashKey::MAX)
        );
        for bad in ["", "-1", "01", "1.5", " 1", "1 ", "+1", "1e3"] {
            let error = HashKey::parse_explicit(bad).unwrap_err();
            assert_eq!(error.aws_code(), "ValidationException", "{bad:?}");
        }
        let too_big =
            HashKey::parse_explicit("340282366920938463463374607431768211456").unwrap_err();
        assert_eq!(too_big.aws_code(), "InvalidArgumentException");
        let forty_digits = HashKey::parse_explicit(&"1".repeat(40)).unwrap_err();
        assert_eq!(forty_digits.aws_code(), "ValidationException");
        let thirty_nine_nines = HashKey::parse_explicit(&"9".repeat(39)).unwrap_err();
        assert_eq!(thirty_nine_nines.aws_code(), "InvalidArgumentException");
    }
}
