#[test_only]
/// Set-up shared by the jobs unit tests: the published module, operators, grant ids, the payout token.
///
/// Every account that signs is given an `Account` first, as on chain: `submit_job` reads the
/// operator's sequence number.
module jobs_addr::fixtures {
    use std::bcs;
    use std::signer;
    use std::vector;
    use aptos_framework::account;
    use aptos_framework::fungible_asset::Metadata;
    use aptos_framework::object::{Self, Object};
    use jobs_addr::jobs;

    /// Publishes the module as `publisher` (which must be `@jobs_addr`) would: runs `init_module`.
    public fun publish(publisher: &signer) {
        account::create_account_for_test(signer::address_of(publisher));
        jobs::init_for_test(publisher);
    }

    /// Publishes the module and registers `operator`.
    public fun publish_with_operator(publisher: &signer, operator: &signer) {
        publish(publisher);
        register(publisher, operator);
    }

    /// Gives `operator` an account and registers it (the publisher is the admin).
    public fun register(publisher: &signer, operator: &signer) {
        let addr = signer::address_of(operator);
        account::create_account_for_test(addr);
        jobs::add_operator(publisher, addr);
    }

    /// A well-formed grant id: 8 fixed bytes, then `n` as 8 little-endian bytes (16 in all).
    public fun grant_id(n: u64): vector<u8> {
        let id = x"6a6f627367726e74";
        vector::append(&mut id, bcs::to_bytes(&n));
        id
    }

    /// `len` bytes of 0x01: a malformed grant id unless `len` is 16.
    public fun bytes(len: u64): vector<u8> {
        let out = vector[];
        while (vector::length(&out) < len) vector::push_back(&mut out, 1u8);
        out
    }

    /// A job of `n` grants with ids `grant_id(first_id)`, `grant_id(first_id + 1)`, ..., each
    /// paying `amount` to `recipient`.
    public fun uniform_job(
        n: u64,
        first_id: u64,
        recipient: address,
        amount: u64,
    ): (vector<address>, vector<u64>, vector<vector<u8>>) {
        let recipients = vector[];
        let amounts = vector[];
        let grant_ids = vector[];
        let i = 0;
        while (i < n) {
            vector::push_back(&mut recipients, recipient);
            vector::push_back(&mut amounts, amount);
            vector::push_back(&mut grant_ids, grant_id(first_id + i));
            i = i + 1;
        };
        (recipients, amounts, grant_ids)
    }

    /// Whether the `paid_grant` view answers exactly (found, job_id, operator, sequence_number).
    public fun paid_grant_is(
        grant_id: vector<u8>,
        found: bool,
        job_id: u64,
        operator: address,
        sequence_number: u64,
    ): bool {
        let (actual_found, actual_job_id, actual_operator, actual_sequence_number) = jobs::paid_grant(grant_id);
        actual_found == found && actual_job_id == job_id && actual_operator == operator
            && actual_sequence_number == sequence_number
    }

    /// The payout token: the named object `JOBS_TOKEN` under the publisher.
    public fun token(): Object<Metadata> {
        object::address_to_object<Metadata>(object::create_object_address(&@jobs_addr, b"JOBS_TOKEN"))
    }
}
