//! The one rule for identifiers (`user_id`, `campaign_id`): what the HTTP API accepts, what
//! chain-svc pays and what a ledger run credits.
//!
//! An identifier is 1 to [`MAX_BYTES`] bytes of UTF-8 that
//! * contains no character of [`FORBIDDEN`] anywhere: control characters (Unicode `Cc`), the
//!   invisible formatting characters (`Cf`: bidirectional overrides such as U+202E, zero-width
//!   characters, the byte-order mark U+FEFF), the line and paragraph separators and the
//!   noncharacters, none of which can be told apart on a screen or in a log;
//! * neither starts nor ends with Unicode whitespace ([`WHITESPACE`], the `White_Space`
//!   property, exactly what `str::trim` removes), so `"alice"` and `"alice "` are never two users.
//!
//! Rust code calls [`check`]. The ledger applies the same rule inside Postgres, set-based, with
//! [`SQL_INVALID_PATTERN`] (built from the same two tables, tested against the same cases), so a
//! game row whose id the API or chain-svc would refuse is skipped by a run instead of being
//! credited and then never paid.

use crate::grant::InvalidField;

/// Longest identifier, in UTF-8 bytes.
pub const MAX_BYTES: usize = 128;

/// Characters an identifier must not contain anywhere (inclusive ranges).
pub const FORBIDDEN: &[(char, char)] = &[
    // Cc: C0 controls, DEL and C1 controls.
    ('\u{0000}', '\u{001F}'),
    ('\u{007F}', '\u{009F}'),
    // Cf: format characters (soft hyphen, Arabic number signs, bidi marks and overrides,
    // zero-width space/joiners, word joiner and invisible operators, bidi isolates, the BOM,
    // interlinear annotations, and the format characters of the supplementary planes).
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    // Zl and Zp: line and paragraph separators.
    ('\u{2028}', '\u{2029}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    // Noncharacters of the Arabic presentation block.
    ('\u{FDD0}', '\u{FDEF}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    // Noncharacters at the end of the Basic Multilingual Plane.
    ('\u{FFFE}', '\u{FFFF}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// Unicode `White_Space` (what `char::is_whitespace` and `str::trim` use): an identifier must
/// not start or end with one of these (inclusive ranges).
pub const WHITESPACE: &[(char, char)] = &[
    ('\u{0009}', '\u{000D}'),
    ('\u{0020}', '\u{0020}'),
    ('\u{0085}', '\u{0085}'),
    ('\u{00A0}', '\u{00A0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200A}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202F}', '\u{202F}'),
    ('\u{205F}', '\u{205F}'),
    ('\u{3000}', '\u{3000}'),
];

/// A Postgres regular expression (ARE) that matches a text value the rule refuses for its
/// characters: a forbidden character anywhere, or whitespace at either end. Emptiness and
/// length are checked beside it (`user_id = ''`, `octet_length(user_id) > 128`). Postgres text
/// cannot hold U+0000, so the class starts at U+0001.
pub static SQL_INVALID_PATTERN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let forbidden = sql_class(FORBIDDEN);
    let space = sql_class(WHITESPACE);
    format!("^{space}|{space}$|{forbidden}")
});

fn sql_escape(c: char) -> String {
    let c = if c == '\0' { '\u{1}' } else { c };
    let n = c as u32;
    if n <= 0xFFFF {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

fn sql_class(ranges: &[(char, char)]) -> String {
    let mut class = String::from("[");
    for &(lo, hi) in ranges {
        class.push_str(&sql_escape(lo));
        if hi != lo {
            class.push('-');
            class.push_str(&sql_escape(hi));
        }
    }
    class.push(']');
    class
}

fn in_ranges(ranges: &[(char, char)], c: char) -> bool {
    ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

/// Checks `value` against the identifier rule; the error names `field`.
pub fn check(field: &'static str, value: &str) -> Result<(), InvalidField> {
    if value.is_empty() {
        return Err(InvalidField::new(field, "must not be empty"));
    }
    if value.len() > MAX_BYTES {
        return Err(InvalidField::new(
            field,
            format!("must be at most {MAX_BYTES} bytes"),
        ));
    }
    if let Some(c) = value.chars().find(|&c| in_ranges(FORBIDDEN, c)) {
        return Err(InvalidField::new(
            field,
            format!(
                "must not contain control or invisible formatting characters (found U+{:04X})",
                c as u32
            ),
        ));
    }
    let first = value.chars().next().expect("not empty");
    let last = value.chars().next_back().expect("not empty");
    if in_ranges(WHITESPACE, first) || in_ranges(WHITESPACE, last) {
        return Err(InvalidField::new(
            field,
            "must not start or end with whitespace",
        ));
    }
    Ok(())
}

/// The table of cases every implementation of the rule is tested against (Rust here, the
/// ledger's SQL in campaign-svc's tests, the HTTP API in its tests).
pub mod cases {
    /// One identifier and whether the rule accepts it.
    #[derive(Debug, Clone)]
    pub struct IdentifierCase {
        /// The value.
        pub value: String,
        /// Whether it is a valid identifier.
        pub valid: bool,
        /// What the case is about.
        pub about: &'static str,
    }

    fn case(value: impl Into<String>, valid: bool, about: &'static str) -> IdentifierCase {
        IdentifierCase {
            value: value.into(),
            valid,
            about,
        }
    }

    /// Every case. Values containing U+0000 are left out: Postgres text cannot hold them (the
    /// Rust rule refuses them, tested separately).
    pub fn all() -> Vec<IdentifierCase> {
        vec![
            case("alice", true, "plain"),
            case("user-42_x.y@game", true, "punctuation"),
            case(
                "Zoë 🎮 プレイヤー",
                true,
                "non-ASCII letters, an emoji and an inner space",
            ),
            case("a", true, "one character"),
            case("a".repeat(128), true, "128 bytes"),
            case("é".repeat(64), true, "128 bytes of two-byte characters"),
            case("a".repeat(129), false, "129 bytes"),
            case(
                format!("{}a", "é".repeat(64)),
                false,
                "129 bytes with multibyte characters",
            ),
            case("", false, "empty"),
            case(" alice", false, "leading space"),
            case("alice ", false, "trailing space"),
            case("alice\t", false, "trailing tab"),
            case("\u{00A0}alice", false, "leading no-break space"),
            case("alice\u{3000}", false, "trailing ideographic space"),
            case("alice\u{2003}", false, "trailing em space"),
            case("ali ce", true, "inner space"),
            case("ali\u{00A0}ce", true, "inner no-break space"),
            case("ali\nce", false, "inner line feed"),
            case("alice\n", false, "trailing line feed"),
            case("ali\u{0001}ce", false, "SOH"),
            case("ali\u{007F}ce", false, "DEL"),
            case("ali\u{0085}ce", false, "next line (C1)"),
            case("ali\u{009F}ce", false, "last C1 control"),
            case("ali\u{00AD}ce", false, "soft hyphen"),
            case("ali\u{200B}ce", false, "zero-width space"),
            case("ali\u{200D}ce", false, "zero-width joiner"),
            case("ali\u{202E}ce", false, "right-to-left override"),
            case("ali\u{2066}ce", false, "left-to-right isolate"),
            case("\u{FEFF}alice", false, "byte-order mark"),
            case("ali\u{2028}ce", false, "line separator"),
            case("ali\u{FFFE}ce", false, "noncharacter U+FFFE"),
            case("ali\u{E0041}ce", false, "tag character"),
            case("ali\u{1D173}ce", false, "musical format character"),
            case(
                "ali\u{00A1}ce",
                true,
                "inverted exclamation mark (after the C1 block)",
            ),
            case(
                "ali\u{2030}ce",
                true,
                "per mille sign (after the bidi overrides)",
            ),
            case("ali\u{1F600}ce", true, "emoji"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_case_is_decided_as_the_table_says() {
        for c in cases::all() {
            assert_eq!(
                check("user_id", &c.value).is_ok(),
                c.valid,
                "{} ({:?})",
                c.about,
                c.value
            );
        }
        assert!(check("user_id", "a\0b").is_err(), "NUL");
    }

    #[test]
    fn the_whitespace_table_is_unicode_white_space() {
        for n in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(in_ranges(WHITESPACE, c), c.is_whitespace(), "U+{n:04X}");
            }
        }
    }

    #[test]
    fn every_control_character_is_forbidden() {
        for n in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(n)
                && c.is_control()
            {
                assert!(in_ranges(FORBIDDEN, c), "U+{n:04X}");
            }
        }
    }

    #[test]
    fn errors_name_the_field() {
        let e = check("campaign_id", "x\u{202E}").unwrap_err();
        assert_eq!(e.field, "campaign_id");
        assert!(e.reason.contains("U+202E"), "{}", e.reason);
    }

    #[test]
    fn the_sql_pattern_escapes_every_range() {
        let p = SQL_INVALID_PATTERN.as_str();
        assert!(p.starts_with("^[\\u0009-\\u000d"), "{p}");
        assert!(p.contains("\\u0001-\\u001f"), "{p}");
        assert!(p.contains("\\U000e0020-\\U000e007f"), "{p}");
    }

    proptest! {
        #[test]
        fn accepted_identifiers_are_trimmed_and_printable(s in "\\PC{0,40}") {
            if check("user_id", &s).is_ok() {
                prop_assert_eq!(s.trim(), s.as_str());
                prop_assert!(!s.chars().any(char::is_control));
                prop_assert!(!s.is_empty() && s.len() <= MAX_BYTES);
            }
        }
    }
}
