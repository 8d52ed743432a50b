//! Retry: grants a decided transaction did not pay ride again after a backoff, until the
//! attempt rule ([`next_attempt`], pure) sends them to the final check; a batch over a VM limit
//! is split ([`crate::sizing`]); a request chain-svc refuses goes straight to the final check.

use super::final_check::{Unpaid, final_check};
use super::{Engine, backoff};
use crate::batcher::Feed;
use crate::classify::VmLimit;
use crate::grant::Grant;
use crate::sizing::{self, Split};
use shared::grant::ErrorClass;
use std::time::Duration;

impl Engine {
    /// The grants of a transaction that committed over a VM limit (it paid nothing): the cap
    /// drops, and the batch goes back as two formed halves at once, or, alone, to the final
    /// check as a permanent failure. Not an attempt: each cut halves the batch, which bounds it.
    pub(super) fn split(&self, mut grants: Vec<Grant>, limit: VmLimit, vm_status: &str) {
        let size = grants.len();
        self.stats.split(limit.label());
        self.cap.limit_hit(size, limit.label());
        let why = format!("transaction of {size} grant(s) hit the VM limit {vm_status}");
        for g in &mut grants {
            g.last_error = Some(why.clone());
        }
        match sizing::split(grants) {
            Some(Split::Halves(first, second)) => {
                tracing::info!(
                    first = first.len(),
                    second = second.len(),
                    "batch split in two"
                );
                let _ = self.feed.send(Feed::Formed(first));
                let _ = self.feed.send(Feed::Formed(second));
            }
            Some(Split::Alone(grant)) => {
                let message = format!(
                    "a transaction carrying only this grant hit the VM limit {} ({vm_status}); jobs::submit_job cannot pay it within the configured gas model",
                    limit.label()
                );
                tracing::warn!(request_id = %grant.id(), %message, "grant cannot be paid alone");
                self.final_check(grant, message, ErrorClass::Permanent);
            }
            None => {}
        }
    }

    /// Answers a request chain-svc decoded but refuses to pay (a field breaks
    /// `GrantRequest::check`: an id the identifier rule refuses, an amount above
    /// `MAX_GRANT_AMOUNT`): it never rides, and after the same final check as any grant that will
    /// not ride again — the contract's record decides, after every transaction this service
    /// could have signed for it has expired — it ends as a permanent failure (or, should an
    /// earlier run have paid it under other settings, as already paid with the real hash). So the
    /// sender gets one result and releases the grant, instead of re-sending it forever.
    pub(crate) fn refuse(&self, grant: Grant, why: &shared::grant::InvalidField) {
        metrics::counter!("chain_requests_refused_total", "field" => why.field).increment(1);
        tracing::warn!(request_id = %grant.id(), field = why.field, reason = %why.reason, "grant request refused; answering it as failed once the contract confirms it is unpaid");
        self.final_check(
            grant,
            format!("refused by chain-svc: {why}"),
            ErrorClass::Permanent,
        );
    }

    /// Starts the final check of `grant` (see [`final_check`]); unpaid, it fails with `message`
    /// and `class`.
    pub(super) fn final_check(&self, grant: Grant, message: String, class: ErrorClass) {
        let not_before = self.started_unix_secs + self.settings.tx_expiration_secs + 1;
        tokio::spawn(final_check(
            self.node.clone(),
            grant,
            not_before,
            Unpaid { message, class },
            self.settled.clone(),
            self.stats.clone(),
            self.stop.clone(),
        ));
    }

    /// Grants a settled transaction did not pay: back to the batcher after a backoff, or, after
    /// `MAX_SUBMIT_ATTEMPTS`, to the final check.
    pub(super) fn ride_again(&self, grants: Vec<Grant>, reason: String) {
        self.ride_again_counted(grants, reason, true)
    }

    /// [`Engine::ride_again`]; `counts` is false for a transaction that only died behind an
    /// earlier dead one of the same signer (not this grant's attempt; bounded by the earlier).
    pub(super) fn ride_again_counted(&self, grants: Vec<Grant>, reason: String, counts: bool) {
        let mut again = Vec::new();
        for mut grant in grants {
            let outcome = next_attempt(
                &mut grant.attempts,
                grant.carried_by.len(),
                counts,
                self.settings.max_attempts,
            );
            grant.last_error = Some(reason.clone());
            match outcome {
                AttemptOutcome::FinalCheck => {
                    let message = format!(
                        "not paid after {} transaction(s); last: {}",
                        grant.attempts,
                        grant.last_error.as_deref().unwrap_or("unknown")
                    );
                    self.final_check(grant, message, ErrorClass::Transient);
                }
                AttemptOutcome::RideAgain => {
                    self.stats.retried();
                    again.push(grant);
                }
            }
        }
        if again.is_empty() {
            return;
        }
        let attempt = again[0].attempts.max(1);
        let delay = backoff(
            Duration::from_millis(100),
            attempt.saturating_sub(1),
            Duration::from_secs(5),
        );
        let feed = self.feed.clone();
        let stop = self.stop.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = stop.wait() => {}
                _ = tokio::time::sleep(delay) => {
                    for g in again {
                        let _ = feed.send(Feed::Again(g));
                    }
                }
            }
        });
    }
}

/// Where a grant goes after a decided transaction that did not pay it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttemptOutcome {
    /// Back to the batcher, after a backoff.
    RideAgain,
    /// It has used its attempts: the contract's record decides ([`super::final_check`]).
    FinalCheck,
}

/// The attempt rule. A transaction that did not pay a grant counts as one of its attempts
/// (`counts`), except one that only died behind an earlier dead transaction of the same signer
/// (collateral: bounded by the earlier one). A grant that keeps dying behind others still ends:
/// once it has ridden in `3 × max_attempts` transactions, every further one counts. A grant
/// whose counted attempts reach `max_attempts` goes to the final check.
pub(crate) fn next_attempt(
    attempts: &mut u32,
    carriers: usize,
    counts: bool,
    max_attempts: u32,
) -> AttemptOutcome {
    let hard_cap = max_attempts.saturating_mul(3) as usize;
    if counts || carriers >= hard_cap {
        *attempts += 1;
    }
    if *attempts >= max_attempts {
        AttemptOutcome::FinalCheck
    } else {
        AttemptOutcome::RideAgain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counted_attempt_rides_again_until_the_last_one() {
        let mut attempts = 0;
        for n in 1..5 {
            assert_eq!(
                next_attempt(&mut attempts, n, true, 5),
                AttemptOutcome::RideAgain
            );
            assert_eq!(attempts, n as u32);
        }
        assert_eq!(
            next_attempt(&mut attempts, 5, true, 5),
            AttemptOutcome::FinalCheck
        );
        assert_eq!(attempts, 5);
    }

    #[test]
    fn collateral_deaths_do_not_count_until_the_hard_cap() {
        let mut attempts = 1;
        for carriers in 2..15 {
            assert_eq!(
                next_attempt(&mut attempts, carriers, false, 5),
                AttemptOutcome::RideAgain
            );
            assert_eq!(attempts, 1, "carrier {carriers} was collateral");
        }
        // From 3 × 5 = 15 carriers on, every transaction counts.
        let mut outcome = AttemptOutcome::RideAgain;
        let mut carriers = 15;
        while outcome == AttemptOutcome::RideAgain {
            outcome = next_attempt(&mut attempts, carriers, false, 5);
            carriers += 1;
        }
        assert_eq!((attempts, carriers), (5, 19));
    }

    #[test]
    fn one_attempt_allowed_goes_straight_to_the_final_check() {
        let mut attempts = 0;
        assert_eq!(
            next_attempt(&mut attempts, 1, true, 1),
            AttemptOutcome::FinalCheck
        );
    }
}
