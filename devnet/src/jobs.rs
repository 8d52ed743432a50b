//! The Jobs contract, natively: the same rules, events and abort codes as `move/jobs/sources/jobs.move`.
//!
//! A job pays a list of grants. Each grant is checked in input order and ends as exactly one of
//! `GrantPaid`, `GrantSkipped` (its grant id was paid before, by any job: never pay twice) or
//! `GrantFailed` (a per-grant reason). The payout token is a fungible asset the module mints to the
//! recipient on pay. Job ids may be reused: double payment is prevented by the grant-id table, not
//! by the job id.
//!
//! A paid grant is remembered as [`PaidGrant`]: the job id and the paying transaction's sender
//! and sequence number, as the Move module records them once per paying transaction (Move cannot
//! read the hash a node reports; `GET /v1/accounts/{operator}/transactions?start={sequence_number}&limit=1`
//! returns the transaction with its real hash and version). The module keeps paid ids in a trie
//! of shared leaves keyed by the id's leading bits; [`PaidIndex`] holds what its shape and cost
//! follow from (every paid id as a big-endian `u128` with its payment's number), for
//! [`crate::gas::job`]. A job naming one payable grant id twice aborts whole
//! ([`JobsAbort::DuplicateGrantId`]).
//!
//! Execution is split in two: [`JobsState::submit_job`] (and the admin functions) read state and
//! return events plus [`JobsEffect`]s; [`JobsState::apply`] writes the effects. Simulation runs the
//! first half only. A job also reports each grant's [`GrantOutcome`], which is what its gas
//! depends on ([`crate::gas::job`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha3::{Digest, Sha3_256};

use crate::address::{Address, hex_bytes};
use crate::vm_status::category::{
    INVALID_ARGUMENT, INVALID_STATE, OUT_OF_RANGE, PERMISSION_DENIED, UNAVAILABLE, canonical,
};

/// The module name.
pub(crate) const MODULE_NAME: &str = "jobs";
/// Most grants in one job.
pub(crate) const MAX_GRANTS_PER_JOB: usize = 1000;
/// A grant id is a UUID: 16 raw bytes.
pub(crate) const GRANT_ID_LEN: usize = 16;
/// Seed of the payout token's named object (`TOKEN_SEED` in the Move source).
pub(crate) const TOKEN_SEED: &[u8] = b"JOBS_TOKEN";

/// The payout token's metadata object, which `init_module` creates as a named object of the
/// module's publisher: `sha3_256(publisher ‖ TOKEN_SEED ‖ 0xFE)`.
pub(crate) fn token_metadata_address(module: Address) -> Address {
    derived_address(module, TOKEN_SEED, 0xFE)
}

/// A recipient's primary store for the token (`primary_fungible_store::primary_store_address`):
/// the object `sha3_256(owner ‖ metadata ‖ 0xFC)`.
pub(crate) fn primary_store_address(owner: Address, metadata: Address) -> Address {
    derived_address(owner, &metadata.0, 0xFC)
}

fn derived_address(source: Address, seed: &[u8], scheme: u8) -> Address {
    let mut hasher = Sha3_256::new();
    hasher.update(source.0);
    hasher.update(seed);
    hasher.update([scheme]);
    Address(hasher.finalize().into())
}

/// Job-level aborts: the whole transaction fails and nothing is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobsAbort {
    /// The signer is not a registered operator.
    NotOperator,
    /// The module is paused by the admin.
    Paused,
    /// `recipients`, `amounts` and `grant_ids` differ in length.
    LengthMismatch,
    /// The job has no grants.
    EmptyJob,
    /// More than [`MAX_GRANTS_PER_JOB`] grants.
    TooManyGrants,
    /// The signer is not the admin.
    NotAdmin,
    /// A grant id to be paid appears twice in the job (the module finds it when it merges the
    /// job's paid ids into their leaves, so nothing is paid).
    DuplicateGrantId,
    /// Dev chain only: the injected "job abort" fault. Never raised by the Move module.
    InjectedUnavailable,
}

impl JobsAbort {
    /// The abort code, Aptos-canonical (`category << 16 | reason`).
    pub(crate) fn code(self) -> u64 {
        match self {
            Self::NotOperator => canonical(PERMISSION_DENIED, 1),
            Self::Paused => canonical(INVALID_STATE, 2),
            Self::LengthMismatch => canonical(INVALID_ARGUMENT, 3),
            Self::EmptyJob => canonical(INVALID_ARGUMENT, 4),
            Self::TooManyGrants => canonical(OUT_OF_RANGE, 5),
            Self::NotAdmin => canonical(PERMISSION_DENIED, 6),
            Self::DuplicateGrantId => canonical(INVALID_ARGUMENT, 7),
            Self::InjectedUnavailable => canonical(UNAVAILABLE, 99),
        }
    }

    /// The constant's name in the Move source.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::NotOperator => "E_NOT_OPERATOR",
            Self::Paused => "E_PAUSED",
            Self::LengthMismatch => "E_LENGTH_MISMATCH",
            Self::EmptyJob => "E_EMPTY_JOB",
            Self::TooManyGrants => "E_TOO_MANY_GRANTS",
            Self::NotAdmin => "E_NOT_ADMIN",
            Self::DuplicateGrantId => "E_DUPLICATE_GRANT_ID",
            Self::InjectedUnavailable => "E_UNAVAILABLE",
        }
    }

    /// The doc comment of the constant (what a real node prints after the code).
    pub(crate) fn description(self) -> &'static str {
        match self {
            Self::NotOperator => "caller is not an operator",
            Self::Paused => "job submission is paused",
            Self::LengthMismatch => "recipients, amounts and grant_ids differ in length",
            Self::EmptyJob => "a job needs at least one grant",
            Self::TooManyGrants => "a job carries at most 1000 grants",
            Self::NotAdmin => "caller is not the admin",
            Self::DuplicateGrantId => "a grant id to be paid appears twice in the job",
            Self::InjectedUnavailable => {
                "dev chain injected fault: job aborted as temporarily unavailable, retry later"
            }
        }
    }
}

/// Per-grant failures: the grant is reported failed, the rest of the job goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum GrantFailure {
    /// The amount is zero.
    ZeroAmount,
    /// The recipient is `0x0`.
    ReservedRecipient,
    /// The grant id is not 16 bytes.
    BadGrantId,
    /// `R_DUPLICATE_IN_JOB`: no longer given (a job naming one payable id twice aborts with
    /// [`JobsAbort::DuplicateGrantId`]); kept so histories recorded by the earlier contract load.
    DuplicateInJob,
    /// The amount is above the per-grant cap.
    AmountOverCap,
}

impl GrantFailure {
    /// The `reason` field of `GrantFailed`.
    pub(crate) fn reason(self) -> u64 {
        match self {
            Self::ZeroAmount => 1,
            Self::ReservedRecipient => 2,
            Self::BadGrantId => 3,
            Self::DuplicateInJob => 4,
            Self::AmountOverCap => 5,
        }
    }

    /// The `reason_name` field of `GrantFailed`.
    pub(crate) fn reason_name(self) -> &'static str {
        match self {
            Self::ZeroAmount => "R_ZERO_AMOUNT",
            Self::ReservedRecipient => "R_RESERVED_RECIPIENT",
            Self::BadGrantId => "R_BAD_GRANT_ID",
            Self::DuplicateInJob => "R_DUPLICATE_IN_JOB",
            Self::AmountOverCap => "R_AMOUNT_OVER_CAP",
        }
    }
}

/// Events the module emits (module events: zero guid, typed by struct name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event")]
pub(crate) enum JobsEvent {
    /// First event of every job.
    JobSubmitted {
        /// Operator-chosen job id.
        job_id: u64,
        /// The signer.
        operator: Address,
        /// Number of grants in the job.
        grant_count: u64,
    },
    /// The grant was paid in this transaction.
    GrantPaid {
        /// Job id.
        job_id: u64,
        /// Grant id bytes.
        #[serde(with = "hex_bytes")]
        grant_id: Vec<u8>,
        /// Recipient.
        recipient: Address,
        /// Amount minted.
        amount: u64,
    },
    /// The grant id was paid earlier; nothing paid now.
    GrantSkipped {
        /// Job id.
        job_id: u64,
        /// Grant id bytes.
        #[serde(with = "hex_bytes")]
        grant_id: Vec<u8>,
        /// Recipient in this job.
        recipient: Address,
        /// Amount in this job.
        amount: u64,
        /// Job that paid it.
        paid_job_id: u64,
        /// Sender of the transaction that paid it.
        paid_operator: Address,
        /// Sequence number of the transaction that paid it.
        paid_sequence_number: u64,
    },
    /// The grant was not paid, for `reason`.
    GrantFailed {
        /// Job id.
        job_id: u64,
        /// Grant id bytes as given.
        #[serde(with = "hex_bytes")]
        grant_id: Vec<u8>,
        /// Recipient.
        recipient: Address,
        /// Amount.
        amount: u64,
        /// Why.
        reason: GrantFailure,
    },
    /// Last event of every job.
    JobCompleted {
        /// Job id.
        job_id: u64,
        /// Grants paid.
        paid: u64,
        /// Grants skipped as already paid.
        skipped: u64,
        /// Grants failed.
        failed: u64,
        /// Sum of paid amounts.
        total_amount: u64,
    },
    /// Admin added an operator.
    OperatorAdded {
        /// The operator.
        operator: Address,
    },
    /// Admin removed an operator.
    OperatorRemoved {
        /// The operator.
        operator: Address,
    },
    /// Admin paused or unpaused.
    PausedChanged {
        /// New state.
        paused: bool,
    },
    /// The token was deposited into a recipient's primary store: the framework's
    /// `0x1::fungible_asset::Deposit`, emitted just before each `GrantPaid`.
    Deposit {
        /// The recipient's primary store.
        store: Address,
        /// Amount.
        amount: u64,
    },
}

impl JobsEvent {
    /// Struct name, the last segment of the event type.
    pub(crate) fn struct_name(&self) -> &'static str {
        match self {
            Self::JobSubmitted { .. } => "JobSubmitted",
            Self::GrantPaid { .. } => "GrantPaid",
            Self::GrantSkipped { .. } => "GrantSkipped",
            Self::GrantFailed { .. } => "GrantFailed",
            Self::JobCompleted { .. } => "JobCompleted",
            Self::OperatorAdded { .. } => "OperatorAdded",
            Self::OperatorRemoved { .. } => "OperatorRemoved",
            Self::PausedChanged { .. } => "PausedChanged",
            Self::Deposit { .. } => "Deposit",
        }
    }

    /// The event's type as the API renders it: `<module address>::jobs::<name>`, or
    /// `0x1::fungible_asset::Deposit` (addresses as hex literals).
    pub(crate) fn type_tag(&self, jobs_address: Address) -> String {
        match self {
            Self::Deposit { .. } => "0x1::fungible_asset::Deposit".to_string(),
            other => format!(
                "{}::{MODULE_NAME}::{}",
                jobs_address.to_hex_literal(),
                other.struct_name()
            ),
        }
    }

    /// The event's `data` as the API renders Move values: u64 as strings, bytes as `0x` hex,
    /// addresses as hex literals (leading zeros trimmed: `0x0`, `0x559453…`), as a real node does.
    pub(crate) fn data_json(&self) -> Value {
        fn bytes(b: &[u8]) -> String {
            format!("0x{}", hex::encode(b))
        }
        match self {
            Self::JobSubmitted {
                job_id,
                operator,
                grant_count,
            } => json!({
                "job_id": job_id.to_string(),
                "operator": operator.to_hex_literal(),
                "grant_count": grant_count.to_string(),
            }),
            Self::GrantPaid {
                job_id,
                grant_id,
                recipient,
                amount,
            } => json!({
                "job_id": job_id.to_string(),
                "grant_id": bytes(grant_id),
                "recipient": recipient.to_hex_literal(),
                "amount": amount.to_string(),
            }),
            Self::GrantSkipped {
                job_id,
                grant_id,
                recipient,
                amount,
                paid_job_id,
                paid_operator,
                paid_sequence_number,
            } => json!({
                "job_id": job_id.to_string(),
                "grant_id": bytes(grant_id),
                "recipient": recipient.to_hex_literal(),
                "amount": amount.to_string(),
                "paid_job_id": paid_job_id.to_string(),
                "paid_operator": paid_operator.to_hex_literal(),
                "paid_sequence_number": paid_sequence_number.to_string(),
            }),
            Self::GrantFailed {
                job_id,
                grant_id,
                recipient,
                amount,
                reason,
            } => json!({
                "job_id": job_id.to_string(),
                "grant_id": bytes(grant_id),
                "recipient": recipient.to_hex_literal(),
                "amount": amount.to_string(),
                "reason": reason.reason().to_string(),
                "reason_name": reason.reason_name(),
            }),
            Self::JobCompleted {
                job_id,
                paid,
                skipped,
                failed,
                total_amount,
            } => json!({
                "job_id": job_id.to_string(),
                "paid": paid.to_string(),
                "skipped": skipped.to_string(),
                "failed": failed.to_string(),
                "total_amount": total_amount.to_string(),
            }),
            Self::OperatorAdded { operator } | Self::OperatorRemoved { operator } => {
                json!({ "operator": operator.to_hex_literal() })
            }
            Self::PausedChanged { paused } => json!({ "paused": paused }),
            Self::Deposit { store, amount } => json!({
                "store": store.to_hex_literal(),
                "amount": amount.to_string(),
            }),
        }
    }
}

/// A write the module makes; applied after the transaction is known to commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobsEffect {
    /// Mint `amount` of the payout token to `to`.
    Mint {
        /// Recipient.
        to: Address,
        /// Amount.
        amount: u64,
    },
    /// Record the grant id as paid by this job and transaction.
    MarkPaid {
        /// Grant id.
        grant_id: [u8; GRANT_ID_LEN],
        /// The job and the paying transaction.
        paid: PaidGrant,
    },
    /// Add or remove an operator.
    SetOperator {
        /// Operator.
        operator: Address,
        /// True to add.
        enabled: bool,
    },
    /// Pause or unpause.
    SetPaused(bool),
}

/// Where a grant id was paid: the job, and the paying transaction by its sender and sequence
/// number (`jobs::PaidGrant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct PaidGrant {
    /// Job that paid it.
    pub(crate) job_id: u64,
    /// Sender of the paying transaction (the operator).
    pub(crate) operator: Address,
    /// Sequence number of the paying transaction.
    pub(crate) sequence_number: u64,
}

/// How one grant of a job ended, in the detail its gas depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantOutcome {
    /// Paid; the recipient's primary store for the token was created, found, or already
    /// touched earlier in this job.
    Paid(RecipientStore),
    /// Paid before: `GrantSkipped`.
    Skipped,
    /// Not paid: `GrantFailed`.
    Failed(GrantFailure),
}

/// The recipient's primary store when a grant pays it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecipientStore {
    /// The recipient held no token: the deposit creates its store (a new state slot).
    Created,
    /// The recipient held the token before this job.
    Existing,
    /// An earlier grant of this job already paid the recipient.
    TouchedInThisJob,
}

/// A job's arguments, decoded.
#[derive(Debug, Clone)]
pub(crate) struct JobInput {
    /// Operator-chosen id.
    pub(crate) job_id: u64,
    /// One per grant.
    pub(crate) recipients: Vec<Address>,
    /// One per grant.
    pub(crate) amounts: Vec<u64>,
    /// One per grant; 16 bytes each when valid.
    pub(crate) grant_ids: Vec<Vec<u8>>,
}

/// The module's on-chain state.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct JobsState {
    /// Accounts allowed to submit jobs.
    pub(crate) operators: BTreeSet<Address>,
    /// Accounts allowed to call admin functions (the module address and configured admins).
    pub(crate) admins: BTreeSet<Address>,
    /// When true, `submit_job` aborts with `E_PAUSED`.
    pub(crate) paused: bool,
    /// Largest amount one grant may carry.
    pub(crate) per_grant_cap: u64,
    /// Every grant id ever paid (hex key), with the paying job and transaction.
    pub(crate) paid: HashMap<String, PaidGrant>,
    /// Every paying transaction in order: the module's `payments` records, by payment number
    /// (`next_payment` is their count). State files from before it are rebuilt by [`Self::reindex`].
    #[serde(default)]
    pub(crate) payments: Vec<PaidGrant>,
    /// The paid ids as the module's trie holds them (rebuilt from `paid` and `payments` on load).
    #[serde(skip)]
    pub(crate) index: PaidIndex,
    /// Payout-token balances.
    pub(crate) balances: HashMap<Address, u64>,
    /// The payout token's metadata object ([`token_metadata_address`] of the module address).
    #[serde(default)]
    pub(crate) metadata: Address,
    /// Total minted.
    pub(crate) supply: u128,
}

/// The paid ids as `jobs::Jobs.paid` (a trie of leaves keyed by the ids' leading bits) holds them:
/// each id read as a big-endian `u128`, with the number of the payment that paid it. The trie's
/// shape follows from the ids alone (a node splits once more than 1,024 ids fall under it, and
/// ids are never removed), so this is all [`crate::gas::job`] needs to replay what a job reads
/// and writes.
#[derive(Debug, Clone, Default)]
pub(crate) struct PaidIndex {
    /// Paid id → payment number.
    pub(crate) ids: BTreeMap<u128, u64>,
    /// Paying transaction → payment number.
    numbers: HashMap<PaidGrant, u64>,
}

impl PaidIndex {
    /// A 16-byte grant id as the module's trie key (big-endian).
    pub(crate) fn key(grant_id: &[u8; GRANT_ID_LEN]) -> u128 {
        u128::from_be_bytes(*grant_id)
    }
}

/// What a job would do: events in order and the writes to make.
#[derive(Debug, Clone)]
pub(crate) struct JobRun {
    /// Events, `JobSubmitted` first and `JobCompleted` last.
    pub(crate) events: Vec<JobsEvent>,
    /// Writes.
    pub(crate) effects: Vec<JobsEffect>,
    /// Each grant's outcome, in input order (empty for admin functions).
    pub(crate) outcomes: Vec<GrantOutcome>,
}

impl JobsState {
    /// Looks up a paid grant id.
    pub(crate) fn paid_grant(&self, grant_id: &[u8]) -> Option<PaidGrant> {
        self.paid.get(&hex::encode(grant_id)).copied()
    }

    /// The payout-token balance of `owner`.
    pub(crate) fn balance(&self, owner: &Address) -> u64 {
        self.balances.get(owner).copied().unwrap_or(0)
    }

    /// `jobs::submit_job` sent by `operator` in its transaction `sequence_number`: job-level
    /// checks, then each grant in input order.
    pub(crate) fn submit_job(
        &self,
        operator: Address,
        sequence_number: u64,
        input: &JobInput,
    ) -> Result<JobRun, JobsAbort> {
        if !self.operators.contains(&operator) {
            return Err(JobsAbort::NotOperator);
        }
        if self.paused {
            return Err(JobsAbort::Paused);
        }
        let n = input.recipients.len();
        if input.amounts.len() != n || input.grant_ids.len() != n {
            return Err(JobsAbort::LengthMismatch);
        }
        if n == 0 {
            return Err(JobsAbort::EmptyJob);
        }
        if n > MAX_GRANTS_PER_JOB {
            return Err(JobsAbort::TooManyGrants);
        }
        let job_id = input.job_id;
        let mut events = Vec::with_capacity(n + 2);
        let mut effects = Vec::with_capacity(2 * n);
        let mut outcomes = Vec::with_capacity(n);
        let mut touched: HashSet<Address> = HashSet::new();
        let paying = PaidGrant {
            job_id,
            operator,
            sequence_number,
        };
        events.push(JobsEvent::JobSubmitted {
            job_id,
            operator,
            grant_count: n as u64,
        });
        let (mut paid, mut skipped, mut failed, mut total) = (0u64, 0u64, 0u64, 0u64);
        // Ids this job pays: one named twice aborts the job (the module finds it on merging).
        let mut payable: HashSet<[u8; GRANT_ID_LEN]> = HashSet::with_capacity(n);
        for ((recipient, amount), grant_id) in input
            .recipients
            .iter()
            .zip(&input.amounts)
            .zip(&input.grant_ids)
        {
            let (recipient, amount) = (*recipient, *amount);
            let outcome = self.judge_grant(grant_id, recipient, amount);
            match outcome {
                Ok(id) => {
                    if !payable.insert(id) {
                        return Err(JobsAbort::DuplicateGrantId);
                    }
                    let store = if !touched.insert(recipient) {
                        RecipientStore::TouchedInThisJob
                    } else if self.balances.contains_key(&recipient) {
                        RecipientStore::Existing
                    } else {
                        RecipientStore::Created
                    };
                    outcomes.push(GrantOutcome::Paid(store));
                    paid += 1;
                    total = total.saturating_add(amount);
                    effects.push(JobsEffect::Mint {
                        to: recipient,
                        amount,
                    });
                    effects.push(JobsEffect::MarkPaid {
                        grant_id: id,
                        paid: paying,
                    });
                    events.push(JobsEvent::Deposit {
                        store: primary_store_address(recipient, self.metadata),
                        amount,
                    });
                    events.push(JobsEvent::GrantPaid {
                        job_id,
                        grant_id: grant_id.clone(),
                        recipient,
                        amount,
                    });
                }
                Err(GrantVerdict::AlreadyPaid(original)) => {
                    outcomes.push(GrantOutcome::Skipped);
                    skipped += 1;
                    events.push(JobsEvent::GrantSkipped {
                        job_id,
                        grant_id: grant_id.clone(),
                        recipient,
                        amount,
                        paid_job_id: original.job_id,
                        paid_operator: original.operator,
                        paid_sequence_number: original.sequence_number,
                    });
                }
                Err(GrantVerdict::Failed(reason)) => {
                    outcomes.push(GrantOutcome::Failed(reason));
                    failed += 1;
                    events.push(JobsEvent::GrantFailed {
                        job_id,
                        grant_id: grant_id.clone(),
                        recipient,
                        amount,
                        reason,
                    });
                }
            }
        }
        events.push(JobsEvent::JobCompleted {
            job_id,
            paid,
            skipped,
            failed,
            total_amount: total,
        });
        Ok(JobRun {
            events,
            effects,
            outcomes,
        })
    }

    /// One grant's verdict. Order: id shape, already paid, recipient, amount, cap. (A payable id
    /// named twice in the job aborts it: [`JobsState::submit_job`].)
    fn judge_grant(
        &self,
        grant_id: &[u8],
        recipient: Address,
        amount: u64,
    ) -> Result<[u8; GRANT_ID_LEN], GrantVerdict> {
        let id: [u8; GRANT_ID_LEN] = grant_id
            .try_into()
            .map_err(|_| GrantVerdict::Failed(GrantFailure::BadGrantId))?;
        if let Some(original) = self.paid_grant(grant_id) {
            return Err(GrantVerdict::AlreadyPaid(original));
        }
        if recipient == Address::ZERO {
            return Err(GrantVerdict::Failed(GrantFailure::ReservedRecipient));
        }
        if amount == 0 {
            return Err(GrantVerdict::Failed(GrantFailure::ZeroAmount));
        }
        if amount > self.per_grant_cap {
            return Err(GrantVerdict::Failed(GrantFailure::AmountOverCap));
        }
        Ok(id)
    }

    /// `jobs::add_operator` / `jobs::remove_operator` (idempotent).
    pub(crate) fn set_operator(
        &self,
        admin: Address,
        operator: Address,
        enabled: bool,
    ) -> Result<JobRun, JobsAbort> {
        self.require_admin(admin)?;
        let event = if enabled {
            JobsEvent::OperatorAdded { operator }
        } else {
            JobsEvent::OperatorRemoved { operator }
        };
        Ok(JobRun {
            events: vec![event],
            effects: vec![JobsEffect::SetOperator { operator, enabled }],
            outcomes: Vec::new(),
        })
    }

    /// `jobs::set_paused`.
    pub(crate) fn set_paused(&self, admin: Address, paused: bool) -> Result<JobRun, JobsAbort> {
        self.require_admin(admin)?;
        Ok(JobRun {
            events: vec![JobsEvent::PausedChanged { paused }],
            effects: vec![JobsEffect::SetPaused(paused)],
            outcomes: Vec::new(),
        })
    }

    fn require_admin(&self, signer: Address) -> Result<(), JobsAbort> {
        if self.admins.contains(&signer) {
            Ok(())
        } else {
            Err(JobsAbort::NotAdmin)
        }
    }

    /// The number of the paying transaction `paid`, recording it as the next payment if new.
    fn payment_number(&mut self, paid: PaidGrant) -> u64 {
        if let Some(number) = self.index.numbers.get(&paid) {
            return *number;
        }
        let number = self.payments.len() as u64;
        self.payments.push(paid);
        self.index.numbers.insert(paid, number);
        number
    }

    /// The module's `next_payment`: how many transactions paid anything.
    pub(crate) fn next_payment(&self) -> u64 {
        self.payments.len() as u64
    }

    /// Rebuilds [`Self::index`] after loading a state file. A file written before payments were
    /// numbered gets them numbered by (operator, sequence number): the order of each operator's
    /// transactions, which is all the index's cost replay can tell apart.
    pub(crate) fn reindex(&mut self) {
        if self.payments.is_empty() && !self.paid.is_empty() {
            let distinct: BTreeSet<(Address, u64, u64)> = self
                .paid
                .values()
                .map(|p| (p.operator, p.sequence_number, p.job_id))
                .collect();
            self.payments = distinct
                .into_iter()
                .map(|(operator, sequence_number, job_id)| PaidGrant {
                    job_id,
                    operator,
                    sequence_number,
                })
                .collect();
        }
        self.index = PaidIndex::default();
        for (number, paid) in self.payments.iter().enumerate() {
            self.index.numbers.insert(*paid, number as u64);
        }
        for (hex_id, paid) in &self.paid {
            let Some(id) = hex::decode(hex_id)
                .ok()
                .and_then(|b| <[u8; GRANT_ID_LEN]>::try_from(b).ok())
            else {
                continue;
            };
            let number = self.index.numbers.get(paid).copied().unwrap_or(0);
            self.index.ids.insert(PaidIndex::key(&id), number);
        }
    }

    /// Writes a committed transaction's effects.
    pub(crate) fn apply(&mut self, effects: &[JobsEffect]) {
        for effect in effects {
            match effect {
                JobsEffect::Mint { to, amount } => {
                    let balance = self.balances.entry(*to).or_insert(0);
                    *balance = balance.saturating_add(*amount);
                    self.supply += u128::from(*amount);
                }
                JobsEffect::MarkPaid { grant_id, paid } => {
                    self.paid.insert(hex::encode(grant_id), *paid);
                    let number = self.payment_number(*paid);
                    self.index.ids.insert(PaidIndex::key(grant_id), number);
                }
                JobsEffect::SetOperator { operator, enabled } => {
                    if *enabled {
                        self.operators.insert(*operator);
                    } else {
                        self.operators.remove(operator);
                    }
                }
                JobsEffect::SetPaused(paused) => self.paused = *paused,
            }
        }
    }
}

/// Why a grant is not paid.
enum GrantVerdict {
    AlreadyPaid(PaidGrant),
    Failed(GrantFailure),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(n: u8) -> Address {
        let mut b = [0u8; 32];
        b[0] = n;
        Address(b)
    }

    fn state() -> JobsState {
        JobsState {
            operators: [addr(1)].into(),
            admins: [addr(9)].into(),
            per_grant_cap: 1_000,
            ..JobsState::default()
        }
    }

    fn job(job_id: u64, grants: &[(Address, u64, Vec<u8>)]) -> JobInput {
        JobInput {
            job_id,
            recipients: grants.iter().map(|g| g.0).collect(),
            amounts: grants.iter().map(|g| g.1).collect(),
            grant_ids: grants.iter().map(|g| g.2.clone()).collect(),
        }
    }

    #[test]
    fn each_per_grant_failure_is_reported_and_the_rest_paid() {
        let s = state();
        let id = |n: u8| vec![n; 16];
        let run = s
            .submit_job(
                addr(1),
                0,
                &job(
                    7,
                    &[
                        (addr(2), 10, id(1)),
                        (addr(2), 0, id(2)),
                        (Address::ZERO, 10, id(3)),
                        (addr(2), 10, vec![1, 2, 3]),
                        (addr(2), 1_001, id(4)),
                    ],
                ),
            )
            .unwrap();
        // A Deposit (the framework's) comes just before the GrantPaid.
        assert_eq!(
            run.events[1],
            JobsEvent::Deposit {
                store: primary_store_address(addr(2), s.metadata),
                amount: 10
            }
        );
        let reasons: Vec<Option<GrantFailure>> = run.events[2..run.events.len() - 1]
            .iter()
            .map(|e| match e {
                JobsEvent::GrantFailed { reason, .. } => Some(*reason),
                _ => None,
            })
            .collect();
        assert_eq!(
            reasons,
            vec![
                None,
                Some(GrantFailure::ZeroAmount),
                Some(GrantFailure::ReservedRecipient),
                Some(GrantFailure::BadGrantId),
                Some(GrantFailure::AmountOverCap),
            ]
        );
        assert_eq!(
            run.events.last(),
            Some(&JobsEvent::JobCompleted {
                job_id: 7,
                paid: 1,
                skipped: 0,
                failed: 4,
                total_amount: 10
            })
        );
        assert_eq!(run.outcomes[0], GrantOutcome::Paid(RecipientStore::Created));
        assert_eq!(
            run.outcomes[3],
            GrantOutcome::Failed(GrantFailure::BadGrantId)
        );
    }

    #[test]
    fn a_payable_id_named_twice_aborts_the_job_and_one_that_failed_first_is_judged_alone() {
        let s = state();
        let twice = job(1, &[(addr(2), 10, vec![1; 16]), (addr(3), 10, vec![1; 16])]);
        assert_eq!(
            s.submit_job(addr(1), 0, &twice).unwrap_err(),
            JobsAbort::DuplicateGrantId
        );
        assert_eq!(JobsAbort::DuplicateGrantId.code(), 0x10007);
        // The first copy fails (amount 0), so the second is the only one paid.
        let failed_first = job(2, &[(addr(2), 0, vec![1; 16]), (addr(3), 10, vec![1; 16])]);
        let run = s.submit_job(addr(1), 0, &failed_first).unwrap();
        assert_eq!(
            run.outcomes,
            vec![
                GrantOutcome::Failed(GrantFailure::ZeroAmount),
                GrantOutcome::Paid(RecipientStore::Created)
            ]
        );
    }

    #[test]
    fn payments_are_numbered_once_per_paying_transaction_and_survive_a_reload() {
        let mut s = state();
        for (seq, ids) in [(5u64, [1u8, 2]), (6, [3, 4])] {
            let grants: Vec<_> = ids.iter().map(|i| (addr(2), 1, vec![*i; 16])).collect();
            let run = s.submit_job(addr(1), seq, &job(seq, &grants)).unwrap();
            s.apply(&run.effects);
        }
        assert_eq!(s.next_payment(), 2);
        assert_eq!(s.index.ids.get(&PaidIndex::key(&[3; 16])), Some(&1));
        let mut reloaded: JobsState =
            serde_json::from_value(serde_json::to_value(&s).unwrap()).unwrap();
        reloaded.reindex();
        assert_eq!(reloaded.index.ids, s.index.ids);
        // A state file from before payments were numbered gets them by operator and sequence.
        let mut old = s.clone();
        old.payments.clear();
        old.reindex();
        assert_eq!(old.payments, s.payments);
        assert_eq!(old.index.ids, s.index.ids);
    }

    #[test]
    fn a_paid_grant_is_skipped_with_its_original_job_sender_and_sequence_number() {
        let mut s = state();
        let first = s
            .submit_job(addr(1), 41, &job(1, &[(addr(2), 5, vec![7; 16])]))
            .unwrap();
        s.apply(&first.effects);
        assert_eq!(s.balance(&addr(2)), 5);
        assert_eq!(
            s.paid_grant(&[7; 16]),
            Some(PaidGrant {
                job_id: 1,
                operator: addr(1),
                sequence_number: 41
            })
        );
        let second = s
            .submit_job(addr(1), 42, &job(2, &[(addr(2), 5, vec![7; 16])]))
            .unwrap();
        assert_eq!(
            second.events[1],
            JobsEvent::GrantSkipped {
                job_id: 2,
                grant_id: vec![7; 16],
                recipient: addr(2),
                amount: 5,
                paid_job_id: 1,
                paid_operator: addr(1),
                paid_sequence_number: 41,
            }
        );
        assert_eq!(second.outcomes, vec![GrantOutcome::Skipped]);
        assert!(second.effects.is_empty());
    }

    #[test]
    fn a_recipient_gets_a_store_once_and_then_counts_as_existing() {
        let mut s = state();
        let first = s
            .submit_job(
                addr(1),
                0,
                &job(1, &[(addr(2), 5, vec![1; 16]), (addr(2), 5, vec![2; 16])]),
            )
            .unwrap();
        assert_eq!(
            first.outcomes,
            vec![
                GrantOutcome::Paid(RecipientStore::Created),
                GrantOutcome::Paid(RecipientStore::TouchedInThisJob)
            ]
        );
        s.apply(&first.effects);
        let second = s
            .submit_job(addr(1), 1, &job(2, &[(addr(2), 5, vec![3; 16])]))
            .unwrap();
        assert_eq!(
            second.outcomes,
            vec![GrantOutcome::Paid(RecipientStore::Existing)]
        );
    }

    #[test]
    fn event_addresses_render_as_hex_literals_like_a_node() {
        let mut recipient = [0u8; 32];
        recipient[1] = 0x55;
        let skipped = JobsEvent::GrantSkipped {
            job_id: 2,
            grant_id: vec![0xab; 2],
            recipient: Address(recipient),
            amount: 5,
            paid_job_id: 1,
            paid_operator: Address::ZERO,
            paid_sequence_number: 7,
        };
        assert_eq!(
            skipped.data_json(),
            json!({
                "job_id": "2",
                "grant_id": "0xabab",
                "recipient": format!("0x55{}", "00".repeat(30)),
                "amount": "5",
                "paid_job_id": "1",
                "paid_operator": "0x0",
                "paid_sequence_number": "7",
            })
        );
    }

    #[test]
    fn job_level_checks_abort_in_documented_order() {
        let mut s = state();
        let one = job(1, &[(addr(2), 5, vec![7; 16])]);
        assert_eq!(
            s.submit_job(addr(5), 0, &one).unwrap_err(),
            JobsAbort::NotOperator
        );
        let mut bad = one.clone();
        bad.amounts.push(1);
        assert_eq!(
            s.submit_job(addr(1), 0, &bad).unwrap_err(),
            JobsAbort::LengthMismatch
        );
        assert_eq!(
            s.submit_job(addr(1), 0, &job(1, &[])).unwrap_err(),
            JobsAbort::EmptyJob
        );
        let many: Vec<_> = (0..1001u32)
            .map(|i| (addr(2), 1, i.to_le_bytes().repeat(4)))
            .collect();
        assert_eq!(
            s.submit_job(addr(1), 0, &job(1, &many)).unwrap_err(),
            JobsAbort::TooManyGrants
        );
        s.paused = true;
        assert_eq!(
            s.submit_job(addr(1), 0, &one).unwrap_err(),
            JobsAbort::Paused
        );
        assert_eq!(
            s.set_paused(addr(1), false).unwrap_err(),
            JobsAbort::NotAdmin
        );
        assert_eq!(JobsAbort::NotOperator.code(), 0x50001);
    }
}
