/// Jobs: operators pay batches of grants ("jobs") in a module-minted fungible asset.
///
/// Guarantees:
/// - A grant id (16 bytes, a UUID) is paid at most once, ever. A repeat, in any later job, is
///   reported as `GrantSkipped` with the original payment's job id and transaction (sender and
///   sequence number, which a node resolves to the real hash and version).
/// - Each grant ends as exactly one of `GrantPaid`, `GrantSkipped`, `GrantFailed`, in input order,
///   between `JobSubmitted` (first) and `JobCompleted` (last).
/// - Job-level problems (caller, pause, malformed vectors) abort the whole transaction.
///
/// The dev chain (`devnet/`) implements this module natively; `move/jobs/README.md` maps every
/// function, event, view and abort code to its Rust counterpart. Keep the two in step.
module jobs_addr::jobs {
    use std::error;
    use std::option;
    use std::signer;
    use std::string::{Self, String};
    use std::vector;
    use aptos_std::table::{Self, Table};
    use aptos_framework::account;
    use aptos_framework::event;
    use aptos_framework::fungible_asset::{Self, Metadata, MintRef};
    use aptos_framework::object::{Self, Object};
    use aptos_framework::primary_fungible_store;

    // ---- Job-level abort reasons (raised with std::error categories) ----

    /// caller is not an operator
    const E_NOT_OPERATOR: u64 = 1;
    /// job submission is paused
    const E_PAUSED: u64 = 2;
    /// recipients, amounts and grant_ids differ in length
    const E_LENGTH_MISMATCH: u64 = 3;
    /// a job needs at least one grant
    const E_EMPTY_JOB: u64 = 4;
    /// a job carries at most 1000 grants
    const E_TOO_MANY_GRANTS: u64 = 5;
    /// caller is not the admin
    const E_NOT_ADMIN: u64 = 6;

    // ---- Per-grant failure reasons (GrantFailed.reason) ----

    /// The amount is zero.
    const R_ZERO_AMOUNT: u64 = 1;
    /// The recipient is the reserved address 0x0.
    const R_RESERVED_RECIPIENT: u64 = 2;
    /// The grant id is not 16 bytes.
    const R_BAD_GRANT_ID: u64 = 3;
    /// The grant id appeared earlier in the same job.
    const R_DUPLICATE_IN_JOB: u64 = 4;
    /// The amount is above the per-grant cap.
    const R_AMOUNT_OVER_CAP: u64 = 5;

    const MAX_GRANTS_PER_JOB: u64 = 1000;
    const GRANT_ID_LENGTH: u64 = 16;
    const DEFAULT_PER_GRANT_CAP: u64 = 1000000000000000;
    const TOKEN_SEED: vector<u8> = b"JOBS_TOKEN";

    /// Where a grant id was paid: the job, and the paying transaction as the chain names it, by its
    /// sender and sequence number (`GET /v1/accounts/{operator}/transactions?start={sequence_number}&limit=1`
    /// returns it with its real hash and version). Move cannot read the transaction hash a node
    /// reports (`transaction_context::get_transaction_hash` is a session hash on this VM), but the
    /// sender's sequence number during execution is exactly the transaction's.
    struct PaidGrant has copy, drop, store {
        job_id: u64,
        operator: address,
        sequence_number: u64,
    }

    /// Module state, stored at the publisher's address.
    struct Jobs has key {
        /// Accounts allowed to call admin functions (the publisher).
        admins: vector<address>,
        /// Accounts allowed to submit jobs.
        operators: Table<address, bool>,
        /// When true, `submit_job` aborts with E_PAUSED.
        paused: bool,
        /// Largest amount one grant may carry.
        per_grant_cap: u64,
        /// Every grant id ever paid.
        paid: Table<vector<u8>, PaidGrant>,
        /// Mints the payout token.
        mint_ref: MintRef,
        /// The payout token.
        metadata: Object<Metadata>,
    }

    #[event]
    struct JobSubmitted has drop, store { job_id: u64, operator: address, grant_count: u64 }

    #[event]
    struct GrantPaid has drop, store { job_id: u64, grant_id: vector<u8>, recipient: address, amount: u64 }

    #[event]
    struct GrantSkipped has drop, store {
        job_id: u64,
        grant_id: vector<u8>,
        recipient: address,
        amount: u64,
        paid_job_id: u64,
        paid_operator: address,
        paid_sequence_number: u64,
    }

    #[event]
    struct GrantFailed has drop, store {
        job_id: u64,
        grant_id: vector<u8>,
        recipient: address,
        amount: u64,
        reason: u64,
        reason_name: String,
    }

    #[event]
    struct JobCompleted has drop, store { job_id: u64, paid: u64, skipped: u64, failed: u64, total_amount: u64 }

    #[event]
    struct OperatorAdded has drop, store { operator: address }

    #[event]
    struct OperatorRemoved has drop, store { operator: address }

    #[event]
    struct PausedChanged has drop, store { paused: bool }

    /// Creates the payout token ("Jobs Token", JOB, 8 decimals, unlimited supply) as a named
    /// object owned by the publisher, keeps its mint ref, and makes the publisher the admin.
    fun init_module(publisher: &signer) {
        let constructor_ref = &object::create_named_object(publisher, TOKEN_SEED);
        primary_fungible_store::create_primary_store_enabled_fungible_asset(
            constructor_ref,
            option::none(),
            string::utf8(b"Jobs Token"),
            string::utf8(b"JOB"),
            8,
            string::utf8(b""),
            string::utf8(b""),
        );
        let mint_ref = fungible_asset::generate_mint_ref(constructor_ref);
        let metadata = object::object_from_constructor_ref<Metadata>(constructor_ref);
        move_to(publisher, Jobs {
            admins: vector[signer::address_of(publisher)],
            operators: table::new(),
            paused: false,
            per_grant_cap: DEFAULT_PER_GRANT_CAP,
            paid: table::new(),
            mint_ref,
            metadata,
        });
    }

    /// Pays a job: `recipients[i]` gets `amounts[i]` for grant `grant_ids[i]`, unless that grant id
    /// was paid before (skipped) or the grant is invalid (failed). Only operators may call it.
    public entry fun submit_job(
        operator: &signer,
        job_id: u64,
        recipients: vector<address>,
        amounts: vector<u64>,
        grant_ids: vector<vector<u8>>,
    ) acquires Jobs {
        let operator_addr = signer::address_of(operator);
        let jobs = borrow_global_mut<Jobs>(@jobs_addr);
        assert!(table::contains(&jobs.operators, operator_addr), error::permission_denied(E_NOT_OPERATOR));
        assert!(!jobs.paused, error::invalid_state(E_PAUSED));
        let n = vector::length(&recipients);
        assert!(
            vector::length(&amounts) == n && vector::length(&grant_ids) == n,
            error::invalid_argument(E_LENGTH_MISMATCH)
        );
        assert!(n > 0, error::invalid_argument(E_EMPTY_JOB));
        assert!(n <= MAX_GRANTS_PER_JOB, error::out_of_range(E_TOO_MANY_GRANTS));

        let sequence_number = account::get_sequence_number(operator_addr);
        event::emit(JobSubmitted { job_id, operator: operator_addr, grant_count: n });

        let paid = 0;
        let skipped = 0;
        let failed = 0;
        let total_amount = 0;
        let i = 0;
        while (i < n) {
            let recipient = *vector::borrow(&recipients, i);
            let amount = *vector::borrow(&amounts, i);
            let grant_id = *vector::borrow(&grant_ids, i);
            // Order: id shape, duplicate in job, already paid, recipient, amount, cap.
            let reason = 0;
            if (vector::length(&grant_id) != GRANT_ID_LENGTH) {
                reason = R_BAD_GRANT_ID;
            } else {
                if (table::contains(&jobs.paid, grant_id)) {
                    let original = *table::borrow(&jobs.paid, grant_id);
                    // Paid by this very transaction: a repeat inside the job.
                    if (original.operator == operator_addr && original.sequence_number == sequence_number) {
                        event::emit(GrantFailed {
                            job_id, grant_id, recipient, amount,
                            reason: R_DUPLICATE_IN_JOB, reason_name: reason_name(R_DUPLICATE_IN_JOB),
                        });
                        failed = failed + 1;
                        i = i + 1;
                        continue
                    };
                    event::emit(GrantSkipped {
                        job_id,
                        grant_id,
                        recipient,
                        amount,
                        paid_job_id: original.job_id,
                        paid_operator: original.operator,
                        paid_sequence_number: original.sequence_number,
                    });
                    skipped = skipped + 1;
                    i = i + 1;
                    continue
                };
                if (recipient == @0x0) {
                    reason = R_RESERVED_RECIPIENT;
                } else if (amount == 0) {
                    reason = R_ZERO_AMOUNT;
                } else if (amount > jobs.per_grant_cap) {
                    reason = R_AMOUNT_OVER_CAP;
                };
            };
            if (reason == 0) {
                let fa = fungible_asset::mint(&jobs.mint_ref, amount);
                primary_fungible_store::deposit(recipient, fa);
                table::add(&mut jobs.paid, grant_id, PaidGrant { job_id, operator: operator_addr, sequence_number });
                event::emit(GrantPaid { job_id, grant_id, recipient, amount });
                paid = paid + 1;
                total_amount = total_amount + amount;
            } else {
                event::emit(GrantFailed {
                    job_id,
                    grant_id,
                    recipient,
                    amount,
                    reason,
                    reason_name: reason_name(reason),
                });
                failed = failed + 1;
            };
            i = i + 1;
        };
        event::emit(JobCompleted { job_id, paid, skipped, failed, total_amount });
    }

    /// Registers an operator (idempotent).
    public entry fun add_operator(admin: &signer, operator: address) acquires Jobs {
        let jobs = borrow_global_mut<Jobs>(@jobs_addr);
        assert_admin(jobs, admin);
        if (!table::contains(&jobs.operators, operator)) {
            table::add(&mut jobs.operators, operator, true);
        };
        event::emit(OperatorAdded { operator });
    }

    /// Removes an operator (idempotent).
    public entry fun remove_operator(admin: &signer, operator: address) acquires Jobs {
        let jobs = borrow_global_mut<Jobs>(@jobs_addr);
        assert_admin(jobs, admin);
        if (table::contains(&jobs.operators, operator)) {
            table::remove(&mut jobs.operators, operator);
        };
        event::emit(OperatorRemoved { operator });
    }

    /// Pauses or resumes job submission.
    public entry fun set_paused(admin: &signer, paused: bool) acquires Jobs {
        let jobs = borrow_global_mut<Jobs>(@jobs_addr);
        assert_admin(jobs, admin);
        jobs.paused = paused;
        event::emit(PausedChanged { paused });
    }

    #[view]
    /// Whether the grant id was ever paid.
    public fun is_paid(grant_id: vector<u8>): bool acquires Jobs {
        table::contains(&borrow_global<Jobs>(@jobs_addr).paid, grant_id)
    }

    #[view]
    /// (found, paying job id, paying transaction's sender, its sequence number);
    /// (false, 0, @0x0, 0) when never paid.
    public fun paid_grant(grant_id: vector<u8>): (bool, u64, address, u64) acquires Jobs {
        let jobs = borrow_global<Jobs>(@jobs_addr);
        if (table::contains(&jobs.paid, grant_id)) {
            let record = table::borrow(&jobs.paid, grant_id);
            (true, record.job_id, record.operator, record.sequence_number)
        } else {
            (false, 0, @0x0, 0)
        }
    }

    #[view]
    /// Payout-token balance of `owner`.
    public fun balance(owner: address): u64 acquires Jobs {
        primary_fungible_store::balance(owner, borrow_global<Jobs>(@jobs_addr).metadata)
    }

    #[view]
    /// Whether `account` may submit jobs.
    public fun is_operator(account: address): bool acquires Jobs {
        table::contains(&borrow_global<Jobs>(@jobs_addr).operators, account)
    }

    #[view]
    /// Whether job submission is paused.
    public fun is_paused(): bool acquires Jobs {
        borrow_global<Jobs>(@jobs_addr).paused
    }

    /// Aborts with E_NOT_ADMIN unless `admin` is one of `jobs.admins`.
    fun assert_admin(jobs: &Jobs, admin: &signer) {
        assert!(vector::contains(&jobs.admins, &signer::address_of(admin)), error::permission_denied(E_NOT_ADMIN));
    }

    fun reason_name(reason: u64): String {
        if (reason == R_ZERO_AMOUNT) string::utf8(b"R_ZERO_AMOUNT")
        else if (reason == R_RESERVED_RECIPIENT) string::utf8(b"R_RESERVED_RECIPIENT")
        else if (reason == R_BAD_GRANT_ID) string::utf8(b"R_BAD_GRANT_ID")
        else if (reason == R_DUPLICATE_IN_JOB) string::utf8(b"R_DUPLICATE_IN_JOB")
        else string::utf8(b"R_AMOUNT_OVER_CAP")
    }

    // ---- Test-only: the unit tests in `tests/` live in other modules, which can neither run
    // `init_module` nor build or read this module's structs. These add no behaviour. ----

    #[test_only]
    /// Runs `init_module` as publishing the package would.
    public fun init_for_test(publisher: &signer) {
        init_module(publisher);
    }

    #[test_only]
    public fun job_submitted_event(job_id: u64, operator: address, grant_count: u64): JobSubmitted {
        JobSubmitted { job_id, operator, grant_count }
    }

    #[test_only]
    public fun grant_paid_event(job_id: u64, grant_id: vector<u8>, recipient: address, amount: u64): GrantPaid {
        GrantPaid { job_id, grant_id, recipient, amount }
    }

    #[test_only]
    public fun grant_skipped_event(
        job_id: u64,
        grant_id: vector<u8>,
        recipient: address,
        amount: u64,
        paid_job_id: u64,
        paid_operator: address,
        paid_sequence_number: u64,
    ): GrantSkipped {
        GrantSkipped { job_id, grant_id, recipient, amount, paid_job_id, paid_operator, paid_sequence_number }
    }

    #[test_only]
    /// `reason_name` is taken as given (not derived from `reason`), so a test states both.
    public fun grant_failed_event(
        job_id: u64,
        grant_id: vector<u8>,
        recipient: address,
        amount: u64,
        reason: u64,
        reason_name: vector<u8>,
    ): GrantFailed {
        GrantFailed { job_id, grant_id, recipient, amount, reason, reason_name: string::utf8(reason_name) }
    }

    #[test_only]
    public fun job_completed_event(
        job_id: u64,
        paid: u64,
        skipped: u64,
        failed: u64,
        total_amount: u64,
    ): JobCompleted {
        JobCompleted { job_id, paid, skipped, failed, total_amount }
    }

    #[test_only]
    public fun operator_added_event(operator: address): OperatorAdded {
        OperatorAdded { operator }
    }

    #[test_only]
    public fun operator_removed_event(operator: address): OperatorRemoved {
        OperatorRemoved { operator }
    }

    #[test_only]
    public fun paused_changed_event(paused: bool): PausedChanged {
        PausedChanged { paused }
    }
}
