//! A grant on its way through chain-svc, and how it ends.
//!
//! A [`Grant`] is created once per grant id when its first request message arrives, rides in
//! one transaction at a time (never two unsettled ones), and ends in exactly one [`Settlement`],
//! which becomes the one [`GrantResult`] published for it.

use crate::payload::{self, JobGrant};
use chrono::Utc;
use shared::grant::{
    EVENT_GRANT_COMPLETED, EVENT_GRANT_FAILED, ErrorClass, GrantRequest, GrantResult, Outcome,
};
use shared::telemetry::TraceContext;
use std::time::Instant;
use uuid::Uuid;

/// A grant being paid.
#[derive(Debug, Clone)]
pub struct Grant {
    /// The validated request (the first delivery's copy).
    pub(crate) request: GrantRequest,
    /// The trace this grant continues (from the request's `traceparent`).
    pub(crate) trace: TraceContext,
    /// Transactions that carried it and did not pay it.
    pub(crate) attempts: u32,
    /// Why the last attempt did not pay it.
    pub(crate) last_error: Option<String>,
    /// Hashes of every transaction that carried it, oldest first.
    pub(crate) carried_by: Vec<String>,
    /// When the first request message arrived.
    pub(crate) received_at: Instant,
}

impl Grant {
    /// A new grant from its request.
    pub fn new(request: GrantRequest, trace: TraceContext) -> Self {
        Self {
            request,
            trace,
            attempts: 0,
            last_error: None,
            carried_by: Vec::new(),
            received_at: Instant::now(),
        }
    }

    /// The grant id.
    pub fn id(&self) -> Uuid {
        self.request.request_id
    }

    /// The recipient's address bytes.
    pub(crate) fn recipient_bytes(&self) -> [u8; 32] {
        self.request.wallet_address.to_bytes()
    }

    /// The contract's view of it.
    pub(crate) fn job_grant(&self) -> JobGrant {
        JobGrant {
            grant_id: self.request.request_id,
            recipient: aptos_sdk::AccountAddress::new(self.request.wallet_address.to_bytes()),
            amount: self.request.token_amount,
        }
    }
}

/// How a grant ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// Paid by the transaction `tx_hash` (job `job_id`, ledger `version`).
    Paid {
        /// Paying transaction.
        tx_hash: String,
        /// Job id.
        job_id: u64,
        /// Ledger version.
        version: u64,
    },
    /// Paid before, by the transaction `tx_hash` (job `job_id`, ledger `version`), as the node
    /// reports it.
    AlreadyPaid {
        /// The original payment.
        tx_hash: String,
        /// The job that paid it.
        job_id: u64,
        /// The original payment's ledger version.
        version: u64,
    },
    /// Definitely not paid.
    Failed {
        /// Why.
        message: String,
        /// Permanent (the grant itself) or transient (the chain kept failing).
        class: ErrorClass,
        /// The job whose transaction reported the failure, when one did.
        job_id: Option<u64>,
    },
}

impl Settlement {
    /// The outcome on the bus.
    pub(crate) fn outcome(&self) -> Outcome {
        match self {
            Settlement::Paid { .. } => Outcome::Paid,
            Settlement::AlreadyPaid { .. } => Outcome::AlreadyPaid,
            Settlement::Failed { .. } => Outcome::Failed,
        }
    }

    /// The result message for `request`.
    pub(crate) fn result_for(&self, request: &GrantRequest) -> GrantResult {
        let (event_type, transaction_hash, error_message, error_class, job_id, ledger_version) =
            match self {
                Settlement::Paid {
                    tx_hash,
                    job_id,
                    version,
                } => (
                    EVENT_GRANT_COMPLETED,
                    Some(tx_hash.clone()),
                    None,
                    None,
                    Some(*job_id),
                    Some(*version),
                ),
                Settlement::AlreadyPaid {
                    tx_hash,
                    job_id,
                    version,
                } => (
                    EVENT_GRANT_COMPLETED,
                    Some(tx_hash.clone()),
                    None,
                    None,
                    Some(*job_id),
                    Some(*version),
                ),
                Settlement::Failed {
                    message,
                    class,
                    job_id,
                } => (
                    EVENT_GRANT_FAILED,
                    None,
                    Some(message.clone()),
                    Some(*class),
                    *job_id,
                    None,
                ),
            };
        GrantResult {
            event_type: event_type.to_string(),
            request_id: request.request_id,
            user_id: request.user_id.clone(),
            campaign_id: request.campaign_id.clone(),
            wallet_address: request.wallet_address.clone(),
            transaction_hash,
            error_message,
            timestamp: request.timestamp,
            processed_at: Utc::now(),
            outcome: self.outcome(),
            error_class,
            job_id,
            ledger_version,
            token_amount: request.token_amount,
        }
    }
}

/// The hex grant id as it appears in events and views.
pub(crate) fn event_id(grant: &Grant) -> String {
    payload::grant_id_hex(&grant.id())
}

/// Grants for the unit tests of the modules a grant passes through.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use shared::grant::{EVENT_GRANT_REQUESTED, WalletAddress};

    /// A request with a fresh id for `amount` tokens to `wallet`.
    pub(crate) fn request(wallet: &str, amount: u64) -> GrantRequest {
        GrantRequest {
            event_type: EVENT_GRANT_REQUESTED.into(),
            request_id: Uuid::new_v4(),
            user_id: "u".into(),
            campaign_id: "c".into(),
            wallet_address: WalletAddress::parse(wallet).unwrap(),
            token_amount: amount,
            token_type: "GRANT".into(),
            timestamp: Utc::now(),
            retry_count: 0,
        }
    }

    /// A new grant (fresh id, a root trace) for `amount` tokens to `wallet`.
    pub(crate) fn grant(wallet: &str, amount: u64) -> Grant {
        Grant::new(request(wallet, amount), TraceContext::new_root())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_settlement_makes_a_result_the_ledger_accepts() {
        let req = fixtures::request("0xabc", 42);
        let hash = format!("0x{}", "cd".repeat(32));
        for s in [
            Settlement::Paid {
                tx_hash: hash.clone(),
                job_id: 1,
                version: 9,
            },
            Settlement::AlreadyPaid {
                tx_hash: hash.clone(),
                job_id: 1,
                version: 5,
            },
            Settlement::Failed {
                message: "no".into(),
                class: ErrorClass::Permanent,
                job_id: Some(3),
            },
        ] {
            let result = s.result_for(&req);
            let decoded = GrantResult::decode(&result.encode()).unwrap();
            assert_eq!(decoded.request_id, req.request_id);
            assert_eq!(decoded.outcome, s.outcome());
            assert_eq!(decoded.token_amount, 42);
            assert_eq!(decoded.wallet_address, req.wallet_address);
            if s.outcome() != shared::grant::Outcome::Failed {
                assert!(decoded.ledger_version.is_some(), "{s:?}");
            }
        }
    }

    #[test]
    fn the_contract_sees_the_uuid_bytes_and_the_wallet() {
        let g = fixtures::grant("0xabc", 42);
        let jg = g.job_grant();
        assert_eq!(jg.grant_id, g.id());
        assert_eq!(jg.recipient.to_bytes(), g.request.wallet_address.to_bytes());
        assert_eq!(event_id(&g).len(), 34);
    }
}
