//! Running the suite: every scenario against every target (targets side by side, the scenarios of
//! one target one after another, since some change shared state such as the pause flag), then the
//! cross-chain comparison of measurements, the verdict lines and the summary line.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::chain::Chain;
use crate::failure::Failure;
use crate::scenario::{Measurement, Scenario};

/// What one scenario did on one target, before comparison.
#[derive(Debug)]
pub struct Outcome {
    /// The scenario's name.
    pub scenario: &'static str,
    /// The target's label.
    pub target: String,
    /// Its measurements, or why it failed.
    pub result: Result<Vec<Measurement>, Failure>,
    /// How long it took.
    pub elapsed: Duration,
}

/// Runs `scenarios` one after another on one chain; `progress` sees each outcome as it ends.
pub async fn run_target(
    chain: Arc<Chain>,
    scenarios: &[Scenario],
    progress: impl Fn(&Outcome),
) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        let started = Instant::now();
        let task = tokio::spawn(tokio::time::timeout(s.timeout, (s.run)(chain.clone())));
        let result = match task.await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(Failure::Timeout {
                what: format!("scenario {}", s.name),
                secs: s.timeout.as_secs(),
            }),
            Err(e) => Err(Failure::Crashed(e.to_string())),
        };
        let outcome = Outcome {
            scenario: s.name,
            target: chain.label().to_string(),
            result,
            elapsed: started.elapsed(),
        };
        progress(&outcome);
        outcomes.push(outcome);
    }
    outcomes
}

/// The final word on one scenario on one target.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The scenario.
    pub scenario: String,
    /// The target.
    pub target: String,
    /// Passed its own checks and agreed with the reference.
    pub passed: bool,
    /// Why it failed.
    pub reason: Option<String>,
    /// What a pass does not cover (e.g. no reference to compare with).
    pub note: Option<String>,
    /// Seconds it took.
    pub seconds: f64,
    /// What it measured.
    pub measurements: Vec<Measurement>,
}

/// Turns outcomes into verdicts. A target other than `reference` fails a scenario whose
/// measurements differ from the reference's beyond their [`crate::scenario::Agreement`], or
/// which the reference could not measure.
pub fn judge(outcomes: &[Outcome], reference: Option<&str>) -> Vec<Verdict> {
    let reference_of = |scenario: &str| {
        outcomes
            .iter()
            .find(|o| Some(o.target.as_str()) == reference && o.scenario == scenario)
    };
    outcomes
        .iter()
        .map(|o| {
            let mut v = Verdict {
                scenario: o.scenario.to_string(),
                target: o.target.clone(),
                passed: false,
                reason: None,
                note: None,
                seconds: o.elapsed.as_secs_f64(),
                measurements: Vec::new(),
            };
            let measurements = match &o.result {
                Err(e) => {
                    v.reason = Some(e.to_string());
                    return v;
                }
                Ok(m) => m,
            };
            v.measurements = measurements.clone();
            if measurements.is_empty() || Some(o.target.as_str()) == reference {
                v.passed = true;
                return v;
            }
            let Some(reference_label) = reference else {
                v.passed = true;
                v.note = Some("measured, not compared: no reference chain in this run".into());
                return v;
            };
            match reference_of(o.scenario) {
                None => {
                    v.passed = true;
                    v.note = Some(format!("measured, not compared: {reference_label} did not run it"));
                }
                Some(r) => match &r.result {
                    Err(_) => {
                        v.reason = Some(
                            Failure::Disagrees {
                                reference: reference_label.into(),
                                detail: "the reference failed this scenario, so nothing to compare with".into(),
                            }
                            .to_string(),
                        );
                    }
                    Ok(reference_measurements) => {
                        let differences = compare(measurements, reference_measurements);
                        if differences.is_empty() {
                            v.passed = true;
                        } else {
                            v.reason = Some(
                                Failure::Disagrees {
                                    reference: reference_label.into(),
                                    detail: differences.join("; "),
                                }
                                .to_string(),
                            );
                        }
                    }
                },
            }
            v
        })
        .collect()
}

/// Every measurement of `ours` that the reference lacks or that disagrees with it.
fn compare(ours: &[Measurement], reference: &[Measurement]) -> Vec<String> {
    let mut differences = Vec::new();
    for m in ours {
        match reference.iter().find(|r| r.key == m.key) {
            None => differences.push(format!("{}: not measured on the reference", m.key)),
            Some(r) => {
                if let Err(d) = r.agreement.check(&r.value, &m.value) {
                    differences.push(format!("{} = {d}", m.key));
                }
            }
        }
    }
    for r in reference {
        if !ours.iter().any(|m| m.key == r.key) {
            differences.push(format!("{}: measured on the reference only", r.key));
        }
    }
    differences
}

/// One report line: `label  scenario  pass` or `label  scenario  FAIL: reason`.
pub fn line(v: &Verdict) -> String {
    let status = match (&v.reason, &v.note) {
        (Some(reason), _) => format!("FAIL: {reason}"),
        (None, Some(note)) => format!("pass ({note})"),
        (None, None) => "pass".to_string(),
    };
    format!("{:<9} {:<34} {status}", v.target, v.scenario)
}

/// `conformance: devnet N passed, localnet N passed, F failed`, labels in `labels` order.
pub fn summary(verdicts: &[Verdict], labels: &[String]) -> String {
    let mut parts: Vec<String> = labels
        .iter()
        .map(|l| {
            let passed = verdicts
                .iter()
                .filter(|v| &v.target == l && v.passed)
                .count();
            format!("{l} {passed} passed")
        })
        .collect();
    let failed = verdicts.iter().filter(|v| !v.passed).count();
    parts.push(format!("{failed} failed"));
    format!("conformance: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(
        target: &str,
        scenario: &'static str,
        result: Result<Vec<Measurement>, Failure>,
    ) -> Outcome {
        Outcome {
            scenario,
            target: target.into(),
            result,
            elapsed: Duration::from_millis(5),
        }
    }

    #[test]
    fn measurements_that_disagree_with_the_reference_fail_the_other_chain_only() {
        let outcomes = vec![
            outcome(
                "devnet",
                "gas",
                Ok(vec![Measurement::within("gas n=1", 500, 5.0, 2)]),
            ),
            outcome(
                "localnet",
                "gas",
                Ok(vec![Measurement::within("gas n=1", 983, 5.0, 2)]),
            ),
            outcome(
                "devnet",
                "limit",
                Ok(vec![Measurement::exact("largest", 349)]),
            ),
            outcome(
                "localnet",
                "limit",
                Ok(vec![Measurement::exact("largest", 349)]),
            ),
        ];
        let v = judge(&outcomes, Some("localnet"));
        assert!(!v[0].passed, "{:?}", v[0]);
        assert!(
            v[0].reason
                .as_deref()
                .unwrap()
                .contains("gas n=1 = 500 (reference 983")
        );
        assert!(v[1].passed && v[2].passed && v[3].passed);
        let labels = vec!["devnet".to_string(), "localnet".to_string()];
        assert_eq!(
            summary(&v, &labels),
            "conformance: devnet 1 passed, localnet 2 passed, 1 failed"
        );
    }

    #[test]
    fn a_failed_reference_or_a_missing_key_is_a_failure_not_a_silent_pass() {
        let outcomes = vec![
            outcome(
                "devnet",
                "gas",
                Ok(vec![Measurement::within("a", 1, 5.0, 0)]),
            ),
            outcome("localnet", "gas", Err(Failure::Crashed("boom".into()))),
            outcome("devnet", "abi", Ok(vec![Measurement::exact("x", 1)])),
            outcome("localnet", "abi", Ok(vec![Measurement::exact("y", 1)])),
        ];
        let v = judge(&outcomes, Some("localnet"));
        assert!(!v[0].passed && !v[1].passed && !v[2].passed);
        assert!(
            v[2].reason
                .as_deref()
                .unwrap()
                .contains("x: not measured on the reference")
        );
        assert!(
            v[2].reason
                .as_deref()
                .unwrap()
                .contains("y: measured on the reference only")
        );
    }

    #[test]
    fn without_a_reference_measurements_pass_with_a_note() {
        let v = judge(
            &[outcome(
                "devnet",
                "gas",
                Ok(vec![Measurement::exact("a", 1)]),
            )],
            None,
        );
        assert!(v[0].passed);
        assert!(line(&v[0]).contains("not compared"));
        assert_eq!(
            summary(&v, &["devnet".into()]),
            "conformance: devnet 1 passed, 0 failed"
        );
    }
}
