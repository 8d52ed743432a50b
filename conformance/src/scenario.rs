//! What a scenario is: a named async check run against one [`Chain`], which may also return
//! measurements that must agree with the reference chain's (gas, batch limits, the module ABI).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::chain::Chain;
use crate::failure::Checked;

/// A scenario's future.
pub type ScenarioFuture = Pin<Box<dyn Future<Output = Checked<Vec<Measurement>>> + Send>>;

/// One scenario of the suite.
#[derive(Clone, Copy)]
pub struct Scenario {
    /// Stable name, printed in every report line.
    pub name: &'static str,
    /// What it asserts, in one line (`conformance --list`).
    pub about: &'static str,
    /// Runs it against one chain.
    pub run: fn(Arc<Chain>) -> ScenarioFuture,
    /// Longest it may take on one chain.
    pub timeout: Duration,
}

/// A value a scenario measured on one chain, compared across chains after all have run.
#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    /// What was measured (`gas_used n=10 new`); the same key on every chain.
    pub key: String,
    /// The value.
    pub value: Value,
    /// How close another chain's value must be to the reference chain's.
    pub agreement: Agreement,
}

/// How two chains' measurements must agree.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub enum Agreement {
    /// Identical JSON.
    Exact,
    /// Numbers within `percent` of the reference, or within `units` of it, whichever allows more
    /// (small figures like the execution gas of one grant round to whole units).
    Within {
        /// Relative tolerance, percent of the reference value.
        percent: f64,
        /// Absolute tolerance.
        units: u64,
    },
}

impl Agreement {
    /// Whether `value` agrees with `reference`; `Err` says by how much it does not.
    pub fn check(&self, reference: &Value, value: &Value) -> Result<(), String> {
        match self {
            Agreement::Exact if reference == value => Ok(()),
            Agreement::Exact => Err(format!("{value} (reference {reference})")),
            Agreement::Within { percent, units } => {
                let (Some(r), Some(v)) = (reference.as_u64(), value.as_u64()) else {
                    return Err(format!("{value} vs {reference}: not both numbers"));
                };
                let allowed = ((r as f64) * percent / 100.0).max(*units as f64);
                let off = r.abs_diff(v) as f64;
                if off <= allowed {
                    Ok(())
                } else {
                    let rel = if r == 0 {
                        f64::INFINITY
                    } else {
                        off * 100.0 / r as f64
                    };
                    Err(format!(
                        "{v} (reference {r}, off by {rel:.1}%, allowed {percent}% or {units})"
                    ))
                }
            }
        }
    }
}

impl Measurement {
    /// A number compared within a tolerance.
    pub fn within(key: impl Into<String>, value: u64, percent: f64, units: u64) -> Self {
        Measurement {
            key: key.into(),
            value: Value::from(value),
            agreement: Agreement::Within { percent, units },
        }
    }

    /// A value that must be identical on every chain.
    pub fn exact(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Measurement {
            key: key.into(),
            value: value.into(),
            agreement: Agreement::Exact,
        }
    }
}

/// Declares a [`Scenario`] from an `async fn(Arc<Chain>) -> Checked<Vec<Measurement>>`.
#[macro_export]
macro_rules! scenario {
    ($f:path, $about:expr) => {
        $crate::scenario!($f, $about, 120)
    };
    ($f:path, $about:expr, $timeout_secs:expr) => {
        $crate::scenario::Scenario {
            name: $crate::scenario::last_segment(stringify!($f)),
            about: $about,
            run: |chain| Box::pin($f(chain)),
            timeout: std::time::Duration::from_secs($timeout_secs),
        }
    };
}

/// `a::b::c` → `c` (scenario names are their function names).
pub const fn last_segment(path: &'static str) -> &'static str {
    let bytes = path.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        if bytes[i - 1] == b':' || bytes[i - 1] == b' ' {
            break;
        }
        i -= 1;
    }
    let (_, tail) = bytes.split_at(i);
    match std::str::from_utf8(tail) {
        Ok(s) => s,
        Err(_) => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn within_allows_the_larger_of_percent_and_units() {
        let a = Agreement::Within {
            percent: 5.0,
            units: 2,
        };
        assert!(a.check(&json!(1000), &json!(1050)).is_ok());
        assert!(a.check(&json!(1000), &json!(1051)).is_err());
        assert!(a.check(&json!(8), &json!(10)).is_ok());
        assert!(a.check(&json!(8), &json!(11)).is_err());
        assert!(a.check(&json!(0), &json!(3)).is_err());
        assert!(a.check(&json!("8"), &json!(8)).is_err());
    }

    #[test]
    fn exact_compares_whole_json() {
        assert!(
            Agreement::Exact
                .check(&json!({"a": [1]}), &json!({"a": [1]}))
                .is_ok()
        );
        assert!(Agreement::Exact.check(&json!(350), &json!(349)).is_err());
    }

    #[test]
    fn names_are_the_function_names() {
        assert_eq!(last_segment("ledger :: ledger_info"), "ledger_info");
        assert_eq!(last_segment("ledger_info"), "ledger_info");
    }
}
