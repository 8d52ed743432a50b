//! Why a scenario failed on a target, in one line a reader can act on, and the small assertion
//! helpers every scenario uses to produce those lines.

use std::fmt::Debug;

use serde_json::Value;

/// A scenario's failure. `Display` is the one-line reason the report prints.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The chain answered, but not as the reference chain does.
    #[error("{what}: expected {expected}, got {actual}")]
    Mismatch {
        /// What was checked.
        what: String,
        /// What the real chain answers.
        expected: String,
        /// What this target answered.
        actual: String,
    },
    /// An HTTP request could not be made or its body not read.
    #[error("{what}: {source}")]
    Http {
        /// The request.
        what: String,
        /// The transport error.
        source: reqwest::Error,
    },
    /// aptos-sdk refused or failed an operation the scenario relies on.
    #[error("{what}: {source}")]
    Sdk {
        /// The operation.
        what: String,
        /// The SDK's error.
        source: aptos_sdk::AptosError,
    },
    /// Something did not happen in time.
    #[error("{what}: no result after {secs} s")]
    Timeout {
        /// What was awaited.
        what: String,
        /// How long.
        secs: u64,
    },
    /// The cross-chain comparison found a difference or could not be made.
    #[error("differs from {reference}: {detail}")]
    Disagrees {
        /// The reference target's label.
        reference: String,
        /// Which measurements differ, and by how much.
        detail: String,
    },
    /// The scenario task itself broke (a panic): a bug in the suite, reported, not hidden.
    #[error("scenario crashed: {0}")]
    Crashed(String),
}

/// Result of one check.
pub type Checked<T = ()> = Result<T, Failure>;

impl Failure {
    /// A mismatch between what the real chain does and what this target did.
    pub fn mismatch(what: impl Into<String>, expected: impl Debug, actual: impl Debug) -> Self {
        Failure::Mismatch {
            what: what.into(),
            expected: short(&format!("{expected:?}")),
            actual: short(&format!("{actual:?}")),
        }
    }

    /// A wrapper for aptos-sdk errors.
    pub fn sdk(what: impl Into<String>) -> impl FnOnce(aptos_sdk::AptosError) -> Self {
        let what = what.into();
        move |source| Failure::Sdk { what, source }
    }

    /// A wrapper for reqwest errors.
    pub fn http(what: impl Into<String>) -> impl FnOnce(reqwest::Error) -> Self {
        let what = what.into();
        move |source| Failure::Http { what, source }
    }
}

/// Keeps report lines readable: long bodies are cut in the middle.
fn short(s: &str) -> String {
    const MAX: usize = 300;
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX * 2 / 3).collect();
    let tail: String = s
        .chars()
        .rev()
        .take(MAX / 3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{head}…{tail}")
}

/// `expected == actual`, or a mismatch naming `what`; for lists and objects, the mismatch names
/// the first place they differ (`what[2].data.recipient`).
pub fn eq<T: PartialEq + Debug + serde::Serialize>(
    what: impl Into<String>,
    expected: T,
    actual: T,
) -> Checked {
    if expected == actual {
        return Ok(());
    }
    let what = what.into();
    if let (Ok(e), Ok(a)) = (
        serde_json::to_value(&expected),
        serde_json::to_value(&actual),
    ) && (e.is_array() || e.is_object())
        && let Some((path, e, a)) = first_difference(&e, &a)
    {
        return Err(Failure::mismatch(format!("{what}{path}"), e, a));
    }
    Err(Failure::mismatch(what, expected, actual))
}

/// JSON equality that reports where the two differ (`what[2].data.recipient: expected …, got …`)
/// instead of two long bodies.
pub fn eq_json(
    what: impl Into<String>,
    expected: impl serde::Serialize,
    actual: impl serde::Serialize,
) -> Checked {
    let what = what.into();
    let (expected, actual) = match (serde_json::to_value(expected), serde_json::to_value(actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (e, a) => {
            return Err(Failure::mismatch(
                what,
                Lit("values that encode as JSON"),
                (e.is_ok(), a.is_ok()),
            ));
        }
    };
    match first_difference(&expected, &actual) {
        None => Ok(()),
        Some((path, e, a)) => Err(Failure::mismatch(format!("{what}{path}"), e, a)),
    }
}

/// The path to the first place two JSON values differ, and what each holds there.
pub fn first_difference(expected: &Value, actual: &Value) -> Option<(String, Value, Value)> {
    const ABSENT: &str = "<absent>";
    match (expected, actual) {
        (Value::Array(e), Value::Array(a)) => {
            for i in 0..e.len().max(a.len()) {
                match (e.get(i), a.get(i)) {
                    (Some(x), Some(y)) => {
                        if let Some((p, x, y)) = first_difference(x, y) {
                            return Some((format!("[{i}]{p}"), x, y));
                        }
                    }
                    (x, y) => {
                        let side =
                            |v: Option<&Value>| v.cloned().unwrap_or_else(|| Value::from(ABSENT));
                        return Some((format!("[{i}]"), side(x), side(y)));
                    }
                }
            }
            None
        }
        (Value::Object(e), Value::Object(a)) => {
            let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                match (e.get(k), a.get(k)) {
                    (Some(x), Some(y)) => {
                        if let Some((p, x, y)) = first_difference(x, y) {
                            return Some((format!(".{k}{p}"), x, y));
                        }
                    }
                    (x, y) => {
                        let side =
                            |v: Option<&Value>| v.cloned().unwrap_or_else(|| Value::from(ABSENT));
                        return Some((format!(".{k}"), side(x), side(y)));
                    }
                }
            }
            None
        }
        (e, a) if e == a => None,
        (e, a) => Some((String::new(), e.clone(), a.clone())),
    }
}

/// `cond`, or a mismatch naming `what` with the expectation and the value seen.
pub fn ensure(cond: bool, what: impl Into<String>, expected: &str, actual: impl Debug) -> Checked {
    if cond {
        Ok(())
    } else {
        Err(Failure::mismatch(what, Lit(expected), actual))
    }
}

/// A `Debug` that prints its text without quotes (for descriptions of an expectation).
pub struct Lit<'a>(pub &'a str);

impl Debug for Lit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A field of a JSON object, or a mismatch saying it is missing.
pub fn field<'a>(what: &str, value: &'a Value, name: &str) -> Checked<&'a Value> {
    value
        .get(name)
        .ok_or_else(|| Failure::mismatch(format!("{what}.{name}"), Lit("present"), value))
}

/// A string field.
pub fn str_field<'a>(what: &str, value: &'a Value, name: &str) -> Checked<&'a str> {
    let v = field(what, value, name)?;
    v.as_str()
        .ok_or_else(|| Failure::mismatch(format!("{what}.{name}"), Lit("a string"), v))
}

/// A u64 field in the API's encoding: a decimal string.
pub fn u64_field(what: &str, value: &Value, name: &str) -> Checked<u64> {
    let v = field(what, value, name)?;
    v.as_str()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(|| {
            Failure::mismatch(
                format!("{what}.{name}"),
                Lit("a u64 as a decimal string"),
                v,
            )
        })
}

/// A field that the API encodes as a JSON number (e.g. `chain_id`, gas estimates).
pub fn number_field(what: &str, value: &Value, name: &str) -> Checked<u64> {
    let v = field(what, value, name)?;
    v.as_u64()
        .ok_or_else(|| Failure::mismatch(format!("{what}.{name}"), Lit("a JSON number"), v))
}

/// A boolean field.
pub fn bool_field(what: &str, value: &Value, name: &str) -> Checked<bool> {
    let v = field(what, value, name)?;
    v.as_bool()
        .ok_or_else(|| Failure::mismatch(format!("{what}.{name}"), Lit("a boolean"), v))
}

/// An array field.
pub fn array_field<'a>(what: &str, value: &'a Value, name: &str) -> Checked<&'a Vec<Value>> {
    let v = field(what, value, name)?;
    v.as_array()
        .ok_or_else(|| Failure::mismatch(format!("{what}.{name}"), Lit("an array"), v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn u64_fields_must_be_decimal_strings() {
        let v = json!({"a": "12", "b": 12, "c": "x"});
        assert_eq!(u64_field("v", &v, "a").unwrap(), 12);
        assert!(u64_field("v", &v, "b").is_err());
        assert!(u64_field("v", &v, "c").is_err());
        assert!(u64_field("v", &v, "d").is_err());
        assert_eq!(number_field("v", &v, "b").unwrap(), 12);
        assert!(number_field("v", &v, "a").is_err());
    }

    #[test]
    fn json_differences_are_reported_at_their_path() {
        let e = json!([{"name": "GrantPaid", "data": {"recipient": "0x1", "amount": "5"}}]);
        let a = json!([{"name": "GrantPaid", "data": {"recipient": "0x01", "amount": "5"}}]);
        let msg = eq_json("events", &e, &a).unwrap_err().to_string();
        assert_eq!(
            msg,
            r#"events[0].data.recipient: expected String("0x1"), got String("0x01")"#
        );
        let msg = eq_json("list", json!([1, 2]), json!([1]))
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("list[1]: expected Number(2), got String(\"<absent>\")"),
            "{msg}"
        );
        assert!(
            eq_json(
                "same",
                json!({"a": [1, {"b": 2}]}),
                json!({"a": [1, {"b": 2}]})
            )
            .is_ok()
        );
    }

    #[test]
    fn a_mismatch_names_what_was_checked_and_cuts_long_bodies() {
        let e = eq("ledger.chain_id", 4, 5).unwrap_err().to_string();
        assert_eq!(e, "ledger.chain_id: expected 4, got 5");
        let long = "x".repeat(2_000);
        let e = eq("body", "y".to_string(), long).unwrap_err().to_string();
        assert!(e.len() < 400, "{}", e.len());
        assert!(e.contains('…'));
    }
}
