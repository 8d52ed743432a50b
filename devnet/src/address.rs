//! Account addresses and 32-byte hashes as the Aptos REST API spells them.
//!
//! Addresses are 32 bytes. The API renders them in the AIP-40 "standard" form: special addresses
//! (`0x0`..`0xf`) short, every other address as `0x` + 64 hex digits. Abort locations in
//! `vm_status` use the shorter "hex literal" form (leading zeros trimmed), as real nodes do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not an address or a hash.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseHexError {
    /// More hex digits than fit in 32 bytes.
    #[error("too long: {0} hex digits, at most 64")]
    TooLong(usize),
    /// No hex digits at all.
    #[error("empty hex string")]
    Empty,
    /// A character that is not a hex digit.
    #[error("not hex: {0}")]
    NotHex(String),
}

/// Parses `0x`-prefixed (or bare) hex of at most 64 digits into 32 bytes, left-padding with zeros.
fn parse_32(s: &str) -> Result<[u8; 32], ParseHexError> {
    let digits = s.strip_prefix("0x").unwrap_or(s);
    if digits.is_empty() {
        return Err(ParseHexError::Empty);
    }
    if digits.len() > 64 {
        return Err(ParseHexError::TooLong(digits.len()));
    }
    let padded = format!("{digits:0>64}");
    let mut out = [0u8; 32];
    hex::decode_to_slice(&padded, &mut out).map_err(|_| ParseHexError::NotHex(s.to_string()))?;
    Ok(out)
}

/// A 32-byte account address.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Address(pub [u8; 32]);

impl Address {
    /// The zero address `0x0`, never a valid grant recipient.
    pub(crate) const ZERO: Address = Address([0u8; 32]);

    /// The framework address `0x1`.
    pub(crate) fn one() -> Self {
        let mut bytes = [0u8; 32];
        bytes[31] = 1;
        Address(bytes)
    }

    /// True for `0x0`..=`0xf`, the addresses AIP-40 writes in short form.
    pub(crate) fn is_special(&self) -> bool {
        self.0[..31].iter().all(|b| *b == 0) && self.0[31] < 0x10
    }

    /// `0x` + 64 hex digits.
    pub fn to_long_string(&self) -> String {
        format!("0x{}", hex::encode(self.0))
    }

    /// AIP-40 form: short for special addresses, long otherwise.
    pub(crate) fn to_standard_string(self) -> String {
        if self.is_special() {
            format!("0x{:x}", self.0[31])
        } else {
            self.to_long_string()
        }
    }

    /// `0x` + hex with leading zeros trimmed, as `AccountAddress::to_hex_literal` writes it.
    pub fn to_hex_literal(&self) -> String {
        let full = hex::encode(self.0);
        let trimmed = full.trim_start_matches('0');
        if trimmed.is_empty() {
            "0x0".to_string()
        } else {
            format!("0x{trimmed}")
        }
    }
}

impl FromStr for Address {
    type Err = ParseHexError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_32(s).map(Address)
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_standard_string())
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({})", self.to_standard_string())
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_long_string())
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A 32-byte hash (transaction hash), rendered `0x` + 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct HashValue(pub [u8; 32]);

impl HashValue {
    /// `0x` + 64 hex digits.
    pub(crate) fn to_hex(self) -> String {
        format!("0x{}", hex::encode(self.0))
    }
}

impl FromStr for HashValue {
    type Err = ParseHexError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix("0x").unwrap_or(s);
        if digits.len() != 64 {
            return Err(ParseHexError::NotHex(s.to_string()));
        }
        parse_32(s).map(HashValue)
    }
}

impl fmt::Display for HashValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for HashValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HashValue({})", self.to_hex())
    }
}

impl Serialize for HashValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for HashValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Serde helper: `Vec<u8>` as a `0x` hex string.
pub(crate) mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `0x` + hex.
    pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{}", hex::encode(bytes)))
    }

    /// Reads `0x` + hex (or bare hex).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        hex::decode(s.strip_prefix("0x").unwrap_or(&s)).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_parse_to_the_same_address() {
        let short: Address = "0x4a6f6273".parse().unwrap();
        let long: Address = "0x000000000000000000000000000000000000000000000000000000004a6f6273"
            .parse()
            .unwrap();
        assert_eq!(short, long);
        assert_eq!(short.to_hex_literal(), "0x4a6f6273");
        assert_eq!(short.to_standard_string(), long.to_long_string());
        assert_eq!(Address::one().to_standard_string(), "0x1");
        assert_eq!(Address::ZERO.to_hex_literal(), "0x0");
    }

    #[test]
    fn rejects_garbage_and_overlong_hex() {
        assert!("0xzz".parse::<Address>().is_err());
        assert!(format!("0x{}", "1".repeat(65)).parse::<Address>().is_err());
        assert!("0x".parse::<Address>().is_err());
        assert!("0x12".parse::<HashValue>().is_err());
    }
}
