#[test_only]
/// The views (`is_paid`, `paid_grant`, `balance`, `is_operator`, `is_paused`) and the payout token
/// `init_module` creates.
module jobs_addr::view_tests {
    use std::option;
    use std::signer;
    use std::string;
    use aptos_framework::fungible_asset;
    use aptos_framework::object;
    use aptos_framework::primary_fungible_store;
    use jobs_addr::fixtures::{Self, bytes, grant_id};
    use jobs_addr::jobs;

    const ALICE: address = @0xA11CE;
    const BOB: address = @0xB0B;

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun is_paid_turns_true_only_for_paid_grants(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        assert!(!jobs::is_paid(grant_id(1)), 1);
        jobs::submit_job(operator, 1, vector[ALICE, ALICE], vector[1, 0], vector[grant_id(1), grant_id(2)]);

        assert!(jobs::is_paid(grant_id(1)), 2);
        assert!(!jobs::is_paid(grant_id(2)), 3);
        assert!(!jobs::is_paid(grant_id(3)), 4);
        assert!(!jobs::is_paid(bytes(3)), 5);
    }

    #[test(publisher = @jobs_addr)]
    fun paid_grant_of_an_unpaid_id_is_not_found(publisher: &signer) {
        fixtures::publish(publisher);
        assert!(fixtures::paid_grant_is(grant_id(1), false, 0, @0x0, 0), 1);
        assert!(fixtures::paid_grant_is(vector[], false, 0, @0x0, 0), 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Found: the paying job, the paying transaction's sender and its sequence number.
    fun paid_grant_names_the_paying_job_and_transaction(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        aptos_framework::account::increment_sequence_number_for_test(op);
        jobs::submit_job(operator, 77, vector[ALICE], vector[1], vector[grant_id(1)]);
        aptos_framework::account::increment_sequence_number_for_test(op);
        jobs::submit_job(operator, 78, vector[ALICE, BOB], vector[1, 2], vector[grant_id(1), grant_id(2)]);

        assert!(fixtures::paid_grant_is(grant_id(1), true, 77, op, 1), 1);
        assert!(fixtures::paid_grant_is(grant_id(2), true, 78, op, 2), 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Zero for an address that never received the token; the sum of its paid grants after.
    fun balance_sums_paid_grants(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        assert!(jobs::balance(ALICE) == 0, 1);
        jobs::submit_job(operator, 1, vector[ALICE, BOB, ALICE], vector[10, 20, 30], vector[grant_id(1), grant_id(2), grant_id(3)]);
        jobs::submit_job(operator, 2, vector[ALICE, ALICE], vector[40, 50], vector[grant_id(3), grant_id(4)]);

        assert!(jobs::balance(ALICE) == 90, 2);
        assert!(jobs::balance(BOB) == 20, 3);
        assert!(jobs::balance(signer::address_of(operator)) == 0, 4);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun is_operator_follows_add_and_remove(publisher: &signer, operator: &signer) {
        fixtures::publish(publisher);
        let op = signer::address_of(operator);
        assert!(!jobs::is_operator(op), 1);
        fixtures::register(publisher, operator);
        assert!(jobs::is_operator(op), 2);
        assert!(!jobs::is_operator(signer::address_of(publisher)), 3);
        jobs::remove_operator(publisher, op);
        assert!(!jobs::is_operator(op), 4);
    }

    #[test(publisher = @jobs_addr)]
    fun is_paused_follows_set_paused(publisher: &signer) {
        fixtures::publish(publisher);
        assert!(!jobs::is_paused(), 1);
        jobs::set_paused(publisher, true);
        assert!(jobs::is_paused(), 2);
        jobs::set_paused(publisher, false);
        assert!(!jobs::is_paused(), 3);
    }

    #[test(publisher = @jobs_addr)]
    /// "Jobs Token", JOB, 8 decimals, unlimited supply, owned by the publisher, at the named
    /// object `JOBS_TOKEN`.
    fun init_module_creates_the_payout_token(publisher: &signer) {
        fixtures::publish(publisher);
        let token = fixtures::token();

        assert!(fungible_asset::name(token) == string::utf8(b"Jobs Token"), 1);
        assert!(fungible_asset::symbol(token) == string::utf8(b"JOB"), 2);
        assert!(fungible_asset::decimals(token) == 8, 3);
        assert!(fungible_asset::maximum(token) == option::none(), 4);
        assert!(fungible_asset::supply(token) == option::some(0), 5);
        assert!(object::owner(token) == @jobs_addr, 6);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Tokens are minted on payment into the recipient's primary store: supply is the sum of paid
    /// amounts, and `balance` is that store's balance.
    fun supply_equals_the_sum_of_paid_amounts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE, BOB, @0x0], vector[10, 20, 5], vector[grant_id(1), grant_id(2), grant_id(3)]);
        jobs::submit_job(operator, 2, vector[ALICE, BOB], vector[10, 7], vector[grant_id(1), grant_id(4)]);

        let token = fixtures::token();
        assert!(fungible_asset::supply(token) == option::some(37), 1);
        assert!(primary_fungible_store::balance(ALICE, token) == jobs::balance(ALICE), 2);
        assert!(primary_fungible_store::balance(BOB, token) == 27, 3);
    }
}
