//! From a committed transaction to one fate per grant it carried.
//!
//! A successful job emits exactly one of `GrantPaid`, `GrantSkipped` or `GrantFailed` per
//! grant. `GrantPaid` → completed (this hash); `GrantSkipped` → already paid, by the payment the
//! contract recorded (job, operator, sequence number), whose real hash is resolved next
//! ([`crate::payment`]); `GrantFailed` → failed, permanent, for that grant only. Other events
//! (`JobSubmitted`, `JobCompleted`, the framework's `0x1::transaction_fee::FeeStatement` that
//! ends every committed transaction) say nothing about one grant and are passed over. A job
//! that aborted paid nothing: all its grants ride again, or are split when the transaction hit a
//! VM limit. A grant the events do not mention (which the contract never does) rides again too;
//! it is never assumed failed.

use crate::classify::{self, VmLimit};
use crate::grant::{Grant, Settlement, event_id};
use crate::node::{CommittedTransaction, PaidRecord, is_jobs_event, json_u64};
use crate::payload;
use aptos_sdk::AccountAddress;
use serde_json::Value;
use shared::grant::ErrorClass;
use std::collections::HashMap;

/// What happens to one grant after a transaction that carried it was committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fate {
    /// It is settled.
    Settled(Settlement),
    /// It was paid before, by the payment the contract recorded; settled once that payment's
    /// transaction is resolved.
    AlreadyPaid(PaidRecord),
    /// It was not paid by this transaction; it rides again (why).
    RideAgain(String),
}

/// The fates of a committed transaction's grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// One fate per grant, in the batch's order.
    pub(crate) fates: Vec<Fate>,
    /// Set when the job aborted: the abort label.
    pub(crate) aborted: Option<String>,
    /// Set when the transaction hit a per-transaction VM limit (nothing paid; split the batch).
    pub(crate) limit: Option<VmLimit>,
    /// The signer should be sidelined (it is not an operator).
    pub(crate) sideline_signer: bool,
}

/// Reads the fates of `grants` (the batch, in order) from the committed `tx` of job `job_id`.
pub(crate) fn judge(
    tx: &CommittedTransaction,
    job_id: u64,
    grants: &[Grant],
    jobs: &AccountAddress,
) -> Verdict {
    if !tx.success {
        let verdict = classify::job_abort(&tx.vm_status);
        let why = format!("job aborted: {}", tx.vm_status);
        return Verdict {
            fates: grants
                .iter()
                .map(|_| Fate::RideAgain(why.clone()))
                .collect(),
            aborted: Some(verdict.label),
            limit: verdict.limit,
            sideline_signer: verdict.sideline_signer,
        };
    }
    let tx_hash = tx.hash.to_hex();
    let mut by_id: HashMap<String, Fate> = HashMap::new();
    for event in &tx.events {
        let Some(kind) = event.get("type").and_then(Value::as_str) else {
            continue;
        };
        let data = event.get("data").cloned().unwrap_or(Value::Null);
        let Some(grant_id) = data
            .get("grant_id")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
        else {
            continue;
        };
        let event_job = data.get("job_id").and_then(json_u64);
        if event_job != Some(job_id) {
            continue;
        }
        let fate = if is_jobs_event(kind, jobs, "GrantPaid") {
            Fate::Settled(Settlement::Paid {
                tx_hash: tx_hash.clone(),
                job_id,
                version: tx.version,
            })
        } else if is_jobs_event(kind, jobs, "GrantSkipped") {
            match skipped_record(&data) {
                Some(record) => Fate::AlreadyPaid(record),
                // Paid before, but the event does not say where: the next carrier (or the
                // final check's view) tells.
                None => Fate::RideAgain("GrantSkipped without the original payment".into()),
            }
        } else if is_jobs_event(kind, jobs, "GrantFailed") {
            let reason_name = data
                .get("reason_name")
                .and_then(Value::as_str)
                .unwrap_or("unknown");
            let reason = data
                .get("reason")
                .and_then(json_u64)
                .map(|r| r.to_string())
                .unwrap_or_default();
            Fate::Settled(Settlement::Failed {
                message: classify::grant_failure_message(reason_name, &reason),
                class: ErrorClass::Permanent,
                job_id: Some(job_id),
            })
        } else {
            continue;
        };
        // A grant id appears once per job; if it ever appeared twice, a payment wins over a
        // failure (never report failed for a grant that was paid).
        match (by_id.get(&grant_id), &fate) {
            (
                Some(
                    Fate::Settled(Settlement::Paid { .. } | Settlement::AlreadyPaid { .. })
                    | Fate::AlreadyPaid(_),
                ),
                _,
            ) => {}
            _ => {
                by_id.insert(grant_id, fate);
            }
        }
    }
    Verdict {
        fates: grants
            .iter()
            .map(|g| {
                by_id.get(&event_id(g)).cloned().unwrap_or_else(|| {
                    Fate::RideAgain("no event for the grant in its committed job".into())
                })
            })
            .collect(),
        aborted: None,
        limit: None,
        sideline_signer: false,
    }
}

/// The original payment a `GrantSkipped` event names (`paid_job_id`, `paid_operator`,
/// `paid_sequence_number`).
fn skipped_record(data: &Value) -> Option<PaidRecord> {
    Some(PaidRecord {
        job_id: data.get("paid_job_id").and_then(json_u64)?,
        operator: data
            .get("paid_operator")
            .and_then(Value::as_str)
            .and_then(payload::parse_address)?,
        sequence_number: data.get("paid_sequence_number").and_then(json_u64)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::parse_address;
    use serde_json::json;

    fn grant() -> Grant {
        crate::grant::fixtures::grant("0xbeef", 5)
    }

    fn tx(success: bool, events: Vec<Value>) -> CommittedTransaction {
        committed(
            if success {
                "Executed successfully"
            } else {
                "Move abort in 0x4a6f6273::jobs: E_PAUSED(0x30002): job submission is paused"
            },
            events,
        )
    }

    fn committed(vm_status: &str, events: Vec<Value>) -> CommittedTransaction {
        CommittedTransaction {
            hash: format!("0x{}", "11".repeat(32)).parse().unwrap(),
            sender: parse_address("0x7"),
            sequence_number: Some(3),
            version: 77,
            success: vm_status == "Executed successfully",
            vm_status: vm_status.into(),
            gas_used: 1,
            events,
        }
    }

    /// The event every committed user transaction ends with, as a real node renders it.
    fn fee_statement() -> Value {
        json!({"guid": {"creation_number": "0", "account_address": "0x0"}, "sequence_number": "0",
               "type": "0x1::transaction_fee::FeeStatement",
               "data": {"execution_gas_units": "7", "io_gas_units": "2", "storage_fee_octas": "0",
                        "storage_fee_refund_octas": "0", "total_charge_gas_units": "9"}})
    }

    fn event(name: &str, job: u64, g: &Grant, extra: Value) -> Value {
        let mut data = json!({"job_id": job.to_string(), "grant_id": event_id(g), "recipient": "0xbeef", "amount": "5"});
        data.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"type": format!("0x4a6f6273::jobs::{name}"), "data": data, "sequence_number": "0",
               "guid": {"creation_number": "0", "account_address": "0x0"}})
    }

    #[test]
    fn paid_skipped_and_failed_grants_each_get_their_own_fate() {
        let jobs = parse_address("0x4a6f6273").unwrap();
        let (a, b, c, d) = (grant(), grant(), grant(), grant());
        let operator = format!("0x{}", "22".repeat(32));
        let events = vec![
            json!({"type": "0x4a6f6273::jobs::JobSubmitted", "data": {"job_id": "9"}}),
            event("GrantPaid", 9, &a, json!({})),
            event(
                "GrantSkipped",
                9,
                &b,
                json!({"paid_job_id": "3", "paid_operator": operator, "paid_sequence_number": "41"}),
            ),
            event(
                "GrantFailed",
                9,
                &c,
                json!({"reason": "5", "reason_name": "R_AMOUNT_OVER_CAP"}),
            ),
            // An event of another job (a stale transaction) is ignored.
            event("GrantPaid", 8, &d, json!({})),
            json!({"type": "0x4a6f6273::jobs::JobCompleted", "data": {"job_id": "9", "paid": "1"}}),
            fee_statement(),
        ];
        let v = judge(&tx(true, events), 9, &[a, b, c, d], &jobs);
        assert_eq!(v.aborted, None);
        assert_eq!(
            v.fates[0],
            Fate::Settled(Settlement::Paid {
                tx_hash: format!("0x{}", "11".repeat(32)),
                job_id: 9,
                version: 77
            })
        );
        assert_eq!(
            v.fates[1],
            Fate::AlreadyPaid(PaidRecord {
                job_id: 3,
                operator: parse_address(&operator).unwrap(),
                sequence_number: 41,
            })
        );
        assert!(matches!(
            &v.fates[2],
            Fate::Settled(Settlement::Failed { class: ErrorClass::Permanent, message, .. }) if message.contains("R_AMOUNT_OVER_CAP")
        ));
        assert!(matches!(v.fates[3], Fate::RideAgain(_)));
    }

    #[test]
    fn an_aborted_job_pays_nothing_and_every_grant_rides_again() {
        let jobs = parse_address("0x4a6f6273").unwrap();
        let (a, b) = (grant(), grant());
        let v = judge(&tx(false, vec![]), 1, &[a, b], &jobs);
        assert_eq!(v.aborted.as_deref(), Some("E_PAUSED"));
        assert_eq!(v.limit, None);
        assert!(v.fates.iter().all(|f| matches!(f, Fate::RideAgain(_))));
    }

    #[test]
    fn a_transaction_over_a_vm_limit_paid_nothing_and_says_which_limit() {
        let jobs = parse_address("0x4a6f6273").unwrap();
        // As the real VM commits a 400-grant job: no Jobs events, only the fee statement.
        let over = committed("EXECUTION_LIMIT_REACHED", vec![fee_statement()]);
        let v = judge(&over, 1, &[grant(), grant()], &jobs);
        assert_eq!(v.limit, Some(VmLimit::Execution));
        assert_eq!(v.aborted.as_deref(), Some("EXECUTION_LIMIT_REACHED"));
        assert!(v.fates.iter().all(|f| matches!(f, Fate::RideAgain(_))));
        let v = judge(&committed("Out of gas", vec![]), 1, &[grant()], &jobs);
        assert_eq!(v.limit, Some(VmLimit::OutOfGas));
    }

    #[test]
    fn a_skip_without_a_complete_record_rides_again_instead_of_guessing() {
        let jobs = parse_address("0x4a6f6273").unwrap();
        let a = grant();
        let events = vec![
            event(
                "GrantSkipped",
                1,
                &a,
                json!({"paid_job_id": "3", "paid_operator": "0x7"}),
            ),
            fee_statement(),
        ];
        let v = judge(&tx(true, events), 1, &[a], &jobs);
        assert!(matches!(v.fates[0], Fate::RideAgain(_)));
    }

    #[test]
    fn a_payment_is_never_overridden_by_a_failure_for_the_same_id() {
        let jobs = parse_address("0x4a6f6273").unwrap();
        let a = grant();
        let events = vec![
            event("GrantPaid", 1, &a, json!({})),
            event(
                "GrantFailed",
                1,
                &a,
                json!({"reason": "4", "reason_name": "R_DUPLICATE_IN_JOB"}),
            ),
        ];
        let v = judge(&tx(true, events), 1, &[a], &jobs);
        assert!(matches!(v.fates[0], Fate::Settled(Settlement::Paid { .. })));
    }
}
