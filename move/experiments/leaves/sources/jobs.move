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
    use aptos_std::from_bcs;
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
    /// a grant id to be paid appears twice in the job
    const E_DUPLICATE_GRANT_ID: u64 = 7;

    // ---- Per-grant failure reasons (GrantFailed.reason) ----

    /// The amount is zero.
    const R_ZERO_AMOUNT: u64 = 1;
    /// The recipient is the reserved address 0x0.
    const R_RESERVED_RECIPIENT: u64 = 2;
    /// The grant id is not 16 bytes.
    const R_BAD_GRANT_ID: u64 = 3;
    /// No longer given to a grant: a job naming one payable id twice aborts (E_DUPLICATE_GRANT_ID).
    const R_DUPLICATE_IN_JOB: u64 = 4;
    /// The amount is above the per-grant cap.
    const R_AMOUNT_OVER_CAP: u64 = 5;

    const MAX_GRANTS_PER_JOB: u64 = 1000;
    const MAX_U64: u64 = 18446744073709551615;
    const GRANT_ID_LENGTH: u64 = 16;
    const DEFAULT_PER_GRANT_CAP: u64 = 1000000000000000;
    const TOKEN_SEED: vector<u8> = b"JOBS_TOKEN";
    /// Bits added per trie level (a split node has up to 2^STRIDE children).
    const STRIDE: u8 = 4;
    /// Ids a leaf holds before it splits (24 bytes each: about 24 KiB per leaf slot).
    const LEAF_CAPACITY: u64 = 1024;
    /// Payment records per state slot.
    const PAYMENTS_PER_SLOT: u64 = 64;
    /// Set in the table key of a split node's marker, so a leaf that splits is deleted (its
    /// storage deposit refunded) rather than rewritten as an empty node under the same key.
    const SPLIT_MARK: u128 = 0x80000000000000000000000000000000;

    /// Where grants were paid: one record per paying transaction (not per grant), named by its
    /// sender and sequence number (`GET /v1/accounts/{operator}/transactions?start={sequence_number}&limit=1`
    /// returns it with its real hash and version). Move cannot read the transaction hash a node
    /// reports (`transaction_context::get_transaction_hash` is a session hash on this VM), but the
    /// sender's sequence number during execution is exactly the transaction's.
    struct Payment has copy, drop, store {
        job_id: u64,
        operator: address,
        sequence_number: u64,
    }

    /// A node of the paid-id trie. Grant ids are read as big-endian `u128`s, so the time-ordered
    /// UUID v7 ids campaign-svc makes share their leading bits with the ids made about the same
    /// time. A node at depth `d` (bits) holds the ids whose top `d` bits are its prefix: a leaf
    /// (key `node_key(d, prefix)`) keeps them sorted, with the number of the payment that paid
    /// each; a split node (key `node_key(d, prefix) | SPLIT_MARK`, `split` true, no ids) says they
    /// live in its children at depth `d + STRIDE`. A node that is neither is an empty leaf. Many
    /// ids share one state slot (one 40,000-octa slot fee per leaf, not per grant), and the ids a
    /// job pays, made together, land in one or a few leaves. A leaf above `LEAF_CAPACITY` ids
    /// splits (and is deleted, its deposit refunded), so no slot grows unbounded, whatever the rate
    /// at which ids are made.
    struct PaidNode has drop, store {
        split: bool,
        ids: vector<u128>,
        payments: vector<u64>,
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
        /// Every grant id ever paid: the trie's nodes by `node_key(depth, id)`.
        paid: Table<u128, PaidNode>,
        /// Every paying transaction, by payment number: `PAYMENTS_PER_SLOT` to a slot (slot
        /// `number / PAYMENTS_PER_SLOT`, position `number % PAYMENTS_PER_SLOT`), so a job does not
        /// pay a whole slot fee for its one record.
        payments: Table<u64, vector<Payment>>,
        /// The number the next paying transaction gets.
        next_payment: u64,
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
            payments: table::new(),
            next_payment: 0,
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

        // This transaction's payment number: recorded once, at the end, if it paid anything.
        let this_payment = jobs.next_payment;
        // The leaves this job touches, taken out of the table (and put back, split if full, at the
        // end), so each costs one table read and one write per job, not two table calls per grant;
        // ids made in the same millisecond come in random order across a few sibling leaves.
        let held = vector<PaidNode>[];
        let held_depth = vector<u8>[];
        let held_prefix = vector<u128>[];
        // Per held leaf, the ids this job pays in it, in input order (sorted and merged in at the
        // end, where a repeated one aborts the job: cheaper than keeping the leaf sorted per grant).
        let held_fresh = vector<vector<u128>>[];
        // The split node above the last leaf looked up: the next walk starts there when it can.
        let parent_depth: u8 = 0;
        let parent_prefix: u128 = 0;
        // The last payment looked up for a skip: a retried job's grants were mostly paid together.
        let known_payment = MAX_U64;
        let known = Payment { job_id: 0, operator: @0x0, sequence_number: 0 };
        let paid = 0;
        let skipped = 0;
        let failed = 0;
        let total_amount = 0;
        let i = 0;
        while (i < n) {
            let recipient = *vector::borrow(&recipients, i);
            let amount = *vector::borrow(&amounts, i);
            let grant_id = *vector::borrow(&grant_ids, i);
            // Order: id shape, already paid (in this job: duplicate; before: skipped), recipient,
            // amount, cap.
            let reason = 0;
            if (vector::length(&grant_id) != GRANT_ID_LENGTH) {
                reason = R_BAD_GRANT_ID;
            } else {
                let id = id_key(grant_id);
                let h = vector::length(&held);
                let k = h;
                while (k > 0 && prefix(id, *vector::borrow(&held_depth, k - 1)) != *vector::borrow(&held_prefix, k - 1)) {
                    k = k - 1;
                };
                if (k == 0) {
                    let start = if (parent_depth > 0 && prefix(id, parent_depth) == parent_prefix) parent_depth + STRIDE else 0;
                    let depth = leaf_depth_from(&jobs.paid, id, start);
                    let key = node_key(depth, prefix(id, depth));
                    vector::push_back(&mut held, if (table::contains(&jobs.paid, key)) {
                        table::remove(&mut jobs.paid, key)
                    } else {
                        PaidNode { split: false, ids: vector[], payments: vector[] }
                    });
                    vector::push_back(&mut held_depth, depth);
                    vector::push_back(&mut held_prefix, prefix(id, depth));
                    vector::push_back(&mut held_fresh, vector[]);
                    if (depth >= STRIDE) {
                        parent_depth = depth - STRIDE;
                        parent_prefix = prefix(id, parent_depth);
                    };
                    k = h + 1;
                };
                let leaf = vector::borrow_mut(&mut held, k - 1);
                let (found, at) = search(&leaf.ids, id);
                if (found) {
                    let number = *vector::borrow(&leaf.payments, at);
                    if (number != known_payment) {
                        known = payment(&jobs.payments, number);
                        known_payment = number;
                    };
                    event::emit(GrantSkipped {
                        job_id,
                        grant_id,
                        recipient,
                        amount,
                        paid_job_id: known.job_id,
                        paid_operator: known.operator,
                        paid_sequence_number: known.sequence_number,
                    });
                    skipped = skipped + 1;
                    i = i + 1;
                    continue
                } else if (recipient == @0x0) {
                    reason = R_RESERVED_RECIPIENT;
                } else if (amount == 0) {
                    reason = R_ZERO_AMOUNT;
                } else if (amount > jobs.per_grant_cap) {
                    reason = R_AMOUNT_OVER_CAP;
                } else {
                    vector::push_back(vector::borrow_mut(&mut held_fresh, k - 1), id);
                };
            };
            if (reason == 0) {
                let fa = fungible_asset::mint(&jobs.mint_ref, amount);
                primary_fungible_store::deposit(recipient, fa);
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
        while (!vector::is_empty(&held)) {
            let leaf = vector::pop_back(&mut held);
            merge_fresh(&mut leaf, sort(vector::pop_back(&mut held_fresh)), this_payment);
            put_leaf(&mut jobs.paid, vector::pop_back(&mut held_depth), vector::pop_back(&mut held_prefix), leaf);
        };
        vector::destroy_empty(held);
        if (paid > 0) {
            let record = Payment { job_id, operator: operator_addr, sequence_number };
            let slot = this_payment / PAYMENTS_PER_SLOT;
            if (this_payment % PAYMENTS_PER_SLOT == 0) {
                table::add(&mut jobs.payments, slot, vector[record]);
            } else {
                vector::push_back(table::borrow_mut(&mut jobs.payments, slot), record);
            };
            jobs.next_payment = this_payment + 1;
        };
        event::emit(JobCompleted { job_id, paid, skipped, failed, total_amount });
    }

    /// A 16-byte grant id as a big-endian `u128` (`from_bcs` reads little-endian; the bytes are
    /// swapped back so the id's leading, time-ordered bytes are the number's high bits).
    fun id_key(grant_id: vector<u8>): u128 {
        let x = from_bcs::to_u128(grant_id);
        x = ((x & 0x00ff00ff00ff00ff00ff00ff00ff00ff) << 8) | ((x >> 8) & 0x00ff00ff00ff00ff00ff00ff00ff00ff);
        x = ((x & 0x0000ffff0000ffff0000ffff0000ffff) << 16) | ((x >> 16) & 0x0000ffff0000ffff0000ffff0000ffff);
        x = ((x & 0x00000000ffffffff00000000ffffffff) << 32) | ((x >> 32) & 0x00000000ffffffff00000000ffffffff);
        (x << 64) | (x >> 64)
    }

    /// The top `depth` bits of `id` (0 for depth 0).
    fun prefix(id: u128, depth: u8): u128 {
        if (depth == 0) 0 else id >> (128 - depth)
    }

    /// The table key of the node at `depth` with `prefix`: a 1 bit above the prefix, so nodes of
    /// different depths never share a key (depth is at most 124).
    fun node_key(depth: u8, prefix: u128): u128 {
        (1u128 << depth) | prefix
    }

    /// Depth of the leaf that holds (or would hold) `id`: the first node on its path that is not
    /// split. A missing node is an empty leaf.
    fun leaf_depth_of(nodes: &Table<u128, PaidNode>, id: u128): u8 {
        leaf_depth_from(nodes, id, 0)
    }

    /// As `leaf_depth_of`, from `depth`, a depth at which `id`'s path has a node or a split parent.
    fun leaf_depth_from(nodes: &Table<u128, PaidNode>, id: u128, depth: u8): u8 {
        loop {
            let key = node_key(depth, prefix(id, depth));
            if (table::contains(nodes, key) || !table::contains(nodes, key | SPLIT_MARK)) return depth;
            depth = depth + STRIDE;
        }
    }

    /// Position of `id` in the sorted `ids`: (true, index) when there, else (false, where to insert).
    fun search(ids: &vector<u128>, id: u128): (bool, u64) {
        let lo = 0;
        let hi = vector::length(ids);
        // Ids arrive mostly in time order: try the end first.
        if (hi > 0 && *vector::borrow(ids, hi - 1) < id) return (false, hi);
        while (lo < hi) {
            let mid = (lo + hi) / 2;
            let at = *vector::borrow(ids, mid);
            if (at == id) return (true, mid);
            if (at < id) lo = mid + 1 else hi = mid;
        };
        (false, lo)
    }

    /// The payment record numbered `number`.
    fun payment(payments: &Table<u64, vector<Payment>>, number: u64): Payment {
        *vector::borrow(table::borrow(payments, number / PAYMENTS_PER_SLOT), number % PAYMENTS_PER_SLOT)
    }

    /// `ids` sorted ascending (bottom-up merge sort: a job's ids are mostly in time order, but
    /// those of one millisecond are not).
    fun sort(ids: vector<u128>): vector<u128> {
        let n = vector::length(&ids);
        let width = 1;
        while (width < n) {
            let out = vector[];
            let lo = 0;
            while (lo < n) {
                let mid = if (lo + width < n) lo + width else n;
                let hi = if (mid + width < n) mid + width else n;
                let i = lo;
                let j = mid;
                // Runs already in order (the common case) are copied without comparing each id.
                if (mid < hi && *vector::borrow(&ids, mid - 1) <= *vector::borrow(&ids, mid)) {
                    j = hi;
                    while (i < hi) { vector::push_back(&mut out, *vector::borrow(&ids, i)); i = i + 1; };
                    i = mid;
                } else {
                    while (i < mid && j < hi) {
                        let a = *vector::borrow(&ids, i);
                        let b = *vector::borrow(&ids, j);
                        if (a <= b) { vector::push_back(&mut out, a); i = i + 1; }
                        else { vector::push_back(&mut out, b); j = j + 1; };
                    };
                };
                while (i < mid) { vector::push_back(&mut out, *vector::borrow(&ids, i)); i = i + 1; };
                while (j < hi) { vector::push_back(&mut out, *vector::borrow(&ids, j)); j = j + 1; };
                lo = hi;
            };
            ids = out;
            width = width * 2;
        };
        ids
    }

    /// Merges the sorted ids this job paid into the leaf, all under `payment`. Aborts with
    /// E_DUPLICATE_GRANT_ID when one appears twice: the job would otherwise have paid it twice.
    fun merge_fresh(leaf: &mut PaidNode, fresh: vector<u128>, payment: u64) {
        let m = vector::length(&fresh);
        if (m == 0) return;
        let k = 1;
        while (k < m) {
            assert!(*vector::borrow(&fresh, k - 1) != *vector::borrow(&fresh, k), error::invalid_argument(E_DUPLICATE_GRANT_ID));
            k = k + 1;
        };
        let n = vector::length(&leaf.ids);
        // Time-ordered ids usually all come after the leaf's: append.
        if (n == 0 || *vector::borrow(&leaf.ids, n - 1) < *vector::borrow(&fresh, 0)) {
            vector::append(&mut leaf.ids, fresh);
            let j = 0;
            while (j < m) { vector::push_back(&mut leaf.payments, payment); j = j + 1; };
            return
        };
        let ids = vector[];
        let payments = vector[];
        let i = 0;
        let j = 0;
        while (i < n || j < m) {
            if (j == m || (i < n && *vector::borrow(&leaf.ids, i) < *vector::borrow(&fresh, j))) {
                vector::push_back(&mut ids, *vector::borrow(&leaf.ids, i));
                vector::push_back(&mut payments, *vector::borrow(&leaf.payments, i));
                i = i + 1;
            } else {
                vector::push_back(&mut ids, *vector::borrow(&fresh, j));
                vector::push_back(&mut payments, payment);
                j = j + 1;
            };
        };
        leaf.ids = ids;
        leaf.payments = payments;
    }

    /// Stores a leaf back; one above `LEAF_CAPACITY` becomes a split node, its ids moved to
    /// children one level down (recursively, until every leaf fits). An empty leaf is not stored.
    fun put_leaf(nodes: &mut Table<u128, PaidNode>, depth: u8, prefix: u128, leaf: PaidNode) {
        let count = vector::length(&leaf.ids);
        if (count == 0) return;
        if (count <= LEAF_CAPACITY || depth + STRIDE > 124) {
            table::add(nodes, node_key(depth, prefix), leaf);
            return
        };
        let PaidNode { split: _, ids, payments } = leaf;
        // The leaf's own key stays deleted (it was taken out of the table), which refunds its
        // deposit; the marker says its ids now live one level down.
        table::add(nodes, node_key(depth, prefix) | SPLIT_MARK, PaidNode { split: true, ids: vector[], payments: vector[] });
        let child_depth = depth + STRIDE;
        // The ids are sorted, so each child's ids are one run.
        let i = 0;
        while (i < count) {
            let child = prefix(*vector::borrow(&ids, i), child_depth);
            let child_ids = vector[];
            let child_payments = vector[];
            while (i < count && prefix(*vector::borrow(&ids, i), child_depth) == child) {
                vector::push_back(&mut child_ids, *vector::borrow(&ids, i));
                vector::push_back(&mut child_payments, *vector::borrow(&payments, i));
                i = i + 1;
            };
            put_leaf(nodes, child_depth, child, PaidNode { split: false, ids: child_ids, payments: child_payments });
        };
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
        let (found, _, _, _) = paid_grant(grant_id);
        found
    }

    #[view]
    /// (found, paying job id, paying transaction's sender, its sequence number);
    /// (false, 0, @0x0, 0) when never paid.
    public fun paid_grant(grant_id: vector<u8>): (bool, u64, address, u64) acquires Jobs {
        let jobs = borrow_global<Jobs>(@jobs_addr);
        if (vector::length(&grant_id) != GRANT_ID_LENGTH) return (false, 0, @0x0, 0);
        let id = id_key(grant_id);
        let depth = leaf_depth_of(&jobs.paid, id);
        let key = node_key(depth, prefix(id, depth));
        if (!table::contains(&jobs.paid, key)) return (false, 0, @0x0, 0);
        let leaf = table::borrow(&jobs.paid, key);
        let (found, at) = search(&leaf.ids, id);
        if (!found) return (false, 0, @0x0, 0);
        let record = payment(&jobs.payments, *vector::borrow(&leaf.payments, at));
        (true, record.job_id, record.operator, record.sequence_number)
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
