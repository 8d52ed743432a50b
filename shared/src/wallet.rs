//! The wallet rule: how a wallet address, as a game stores it or a caller sends it, becomes the
//! address a grant pays, or is refused. One rule for every path that applies it: the HTTP API
//! (through [`WalletAddress::from_game`] and [`WalletAddress::parse`]), the ledger run's SQL (which
//! trims [`TRIMMED`] and checks the same shape in one set-based statement) and both services'
//! message decoding.
//!
//! The rule:
//! * Only ASCII space, tab, carriage return and line feed ([`TRIMMED`]) are trimmed from either
//!   end: what a form field or a CSV export adds. Any other character, Unicode whitespace included
//!   (vertical tab, form feed, no-break space, ...), is part of the value and makes it invalid.
//! * Nothing left (or no value at all) means the user has no wallet.
//! * What is left is `0x`/`0X`-prefixed or bare hex, 1 to 64 digits, any case, not all zeros (a
//!   payout to the zero address burns the tokens). It is normalised the way Aptos normalises
//!   short addresses: `0x` + 64 lower-case digits, left-padded with zeros.
//!
//! [`cases`] (with the `testkit` feature) is the one table of examples every path is tested
//! against.

use crate::grant::InvalidField;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The characters trimmed from either end of a wallet address, and nothing else. The ledger's
/// SQL passes exactly this string to `btrim`.
pub const TRIMMED: &str = " \t\r\n";

/// Why a user's stored wallet cannot be paid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalletProblem {
    /// No value, or only [`TRIMMED`] characters.
    #[error("no wallet address")]
    Missing,
    /// A value that is not an address.
    #[error("{0}")]
    Invalid(InvalidField),
}

impl WalletProblem {
    /// A short, stable label for metrics and reports: `no_wallet` or `invalid_wallet`.
    pub fn label(&self) -> &'static str {
        match self {
            WalletProblem::Missing => "no_wallet",
            WalletProblem::Invalid(_) => "invalid_wallet",
        }
    }
}

/// An account address on Movement/Aptos, always stored as `0x` + 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct WalletAddress(String);

impl WalletAddress {
    /// A game's stored wallet (`None` for SQL `NULL`): the address it pays, or why there is none.
    pub fn from_game(raw: Option<&str>) -> Result<Self, WalletProblem> {
        let trimmed = raw.map(trim).unwrap_or_default();
        if trimmed.is_empty() {
            return Err(WalletProblem::Missing);
        }
        Self::parse_trimmed(trimmed).map_err(WalletProblem::Invalid)
    }

    /// Parses `0x`-prefixed (or bare) hex of 1..=64 digits, after trimming [`TRIMMED`], and
    /// left-pads it to 64 digits, the way Aptos normalises short addresses such as `0x1`. The
    /// zero address is refused: a payout to it would burn the tokens.
    pub fn parse(raw: &str) -> Result<Self, InvalidField> {
        Self::parse_trimmed(trim(raw))
    }

    fn parse_trimmed(trimmed: &str) -> Result<Self, InvalidField> {
        let hex = trimmed
            .strip_prefix("0x")
            .or_else(|| trimmed.strip_prefix("0X"))
            .unwrap_or(trimmed);
        if hex.is_empty() || hex.len() > 64 {
            return Err(InvalidField::new(
                "wallet_address",
                "must be 0x followed by 1 to 64 hex digits",
            ));
        }
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(InvalidField::new(
                "wallet_address",
                "contains a character that is not a hex digit",
            ));
        }
        if hex.bytes().all(|b| b == b'0') {
            return Err(InvalidField::new(
                "wallet_address",
                "the zero address cannot receive payouts",
            ));
        }
        Ok(Self(format!("0x{:0>64}", hex.to_ascii_lowercase())))
    }

    /// The normalised `0x` + 64 hex form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 32 raw address bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        hex::decode_to_slice(&self.0[2..], &mut out).expect("normalised at parse time");
        out
    }
}

/// `raw` without [`TRIMMED`] characters at either end.
fn trim(raw: &str) -> &str {
    raw.trim_matches(|c| TRIMMED.contains(c))
}

impl fmt::Display for WalletAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for WalletAddress {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        WalletAddress::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// The table of wallet cases every path is tested against (the API, the ledger's SQL, this
/// module): each stored value with what the rule makes of it.
#[cfg(any(test, feature = "testkit"))]
pub mod cases {
    /// What the rule makes of a stored wallet.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Expected {
        /// Paid to this normalised address.
        Pays(String),
        /// The user has no wallet.
        NoWallet,
        /// The value is not an address.
        Invalid,
    }

    /// One stored wallet (`None` is SQL `NULL`) and what the rule makes of it.
    #[derive(Debug, Clone)]
    pub struct WalletCase {
        /// As the game stores it.
        pub stored: Option<String>,
        /// The verdict.
        pub expected: Expected,
    }

    /// Every case.
    pub fn all() -> Vec<WalletCase> {
        let hex64 = "ab".repeat(32);
        let full = format!("0x{hex64}");
        let padded = |digits: &str| format!("0x{digits:0>64}");
        let pays = |stored: String, to: String| WalletCase {
            stored: Some(stored),
            expected: Expected::Pays(to),
        };
        let no_wallet = |stored: Option<&str>| WalletCase {
            stored: stored.map(str::to_string),
            expected: Expected::NoWallet,
        };
        let invalid = |stored: String| WalletCase {
            stored: Some(stored),
            expected: Expected::Invalid,
        };
        vec![
            // Valid, and how they are normalised.
            pays(full.clone(), full.clone()),
            pays(format!("0X{}", hex64.to_uppercase()), full.clone()),
            pays(hex64.clone(), full.clone()),
            pays(
                format!("0x00{}", "cd".repeat(31)),
                format!("0x00{}", "cd".repeat(31)),
            ),
            pays("0xabc".into(), padded("abc")),
            pays("ABC".into(), padded("abc")),
            pays("0x0001".into(), padded("1")),
            // Only ASCII space, tab, CR and LF are trimmed.
            pays("  0x1\t".into(), padded("1")),
            pays("\n0001\r".into(), padded("1")),
            pays(format!(" \t\r\n{full}\n\r\t "), full.clone()),
            // No wallet: nothing, or nothing but trimmed characters.
            no_wallet(None),
            no_wallet(Some("")),
            no_wallet(Some(" ")),
            no_wallet(Some(" \t\r\n")),
            // Other whitespace is part of the value: invalid, never trimmed.
            invalid(format!("{full}\u{0b}")),
            invalid(format!("{full}\u{0c}")),
            invalid(format!("{full}\u{a0}")),
            invalid(format!("\u{a0}{full}")),
            invalid(format!("{full}\u{85}")),
            invalid(format!("{full}\u{2003}")),
            invalid(format!("{full}\u{3000}")),
            invalid(format!("\u{feff}{full}")),
            invalid(format!("{full}\u{200b}")),
            invalid("\u{0b}".into()),
            invalid("\u{a0}".into()),
            // Not an address.
            invalid(format!("{hex64}ab")),
            invalid(format!("0x{hex64}ab")),
            invalid("0x0".into()),
            invalid(format!("0x{}", "0".repeat(64))),
            invalid("000".into()),
            invalid("0".into()),
            invalid("0x00".into()),
            invalid("0x".into()),
            invalid("x".into()),
            invalid("x12".into()),
            invalid("0xg1".into()),
            invalid("0x0x12".into()),
            invalid("0x 12".into()),
            invalid("0xx1".into()),
            invalid("1x1".into()),
            invalid("not-a-wallet".into()),
            // Non-ASCII: as many bytes as a valid address, fewer characters.
            invalid("0x\u{e9}1".into()),
            invalid(format!("0x{}\u{e9}", "a".repeat(62))),
            invalid(format!("{}\u{e9}", "a".repeat(64))),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::cases::{Expected, all};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_rule_gives_every_case_of_the_shared_table_its_verdict() {
        for case in all() {
            let got = match WalletAddress::from_game(case.stored.as_deref()) {
                Ok(w) => Expected::Pays(w.as_str().to_string()),
                Err(WalletProblem::Missing) => Expected::NoWallet,
                Err(WalletProblem::Invalid(_)) => Expected::Invalid,
            };
            assert_eq!(got, case.expected, "stored wallet {:?}", case.stored);
            if let (Some(stored), Expected::Pays(to)) = (&case.stored, &case.expected) {
                assert_eq!(WalletAddress::parse(stored).unwrap().as_str(), to);
            }
        }
    }

    #[test]
    fn short_wallet_is_left_padded_and_lowercased() {
        let w = WalletAddress::parse("0xAbC").unwrap();
        assert_eq!(w.as_str(), format!("0x{}abc", "0".repeat(61)));
        assert_eq!(w.to_bytes()[31], 0xbc);
    }

    #[test]
    fn problems_have_stable_labels() {
        assert_eq!(WalletProblem::Missing.label(), "no_wallet");
        let invalid = WalletAddress::from_game(Some("0xzz")).unwrap_err();
        assert_eq!(invalid.label(), "invalid_wallet");
    }

    proptest! {
        #[test]
        fn any_valid_hex_wallet_normalises_to_66_chars(hex in "[0-9a-fA-F]{1,64}") {
            prop_assume!(!hex.bytes().all(|b| b == b'0'));
            let w = WalletAddress::parse(&format!("0x{hex}")).unwrap();
            prop_assert_eq!(w.as_str().len(), 66);
            prop_assert_eq!(WalletAddress::parse(w.as_str()).unwrap(), w.clone());
        }

        #[test]
        fn only_the_four_trimmed_characters_are_ever_trimmed(c in any::<char>()) {
            let raw = format!("0x1{c}");
            let accepted = WalletAddress::parse(&raw).is_ok();
            prop_assert_eq!(accepted, TRIMMED.contains(c) || c.is_ascii_hexdigit());
        }
    }
}
