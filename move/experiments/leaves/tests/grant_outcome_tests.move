#[test_only]
/// One grant, one outcome: `GrantPaid`, `GrantSkipped` (paid before, in any job, by any operator)
/// or `GrantFailed` with its reason, judged in the order bad id, duplicate in job, already paid,
/// recipient, amount, cap; events in input order.
module jobs_addr::grant_outcome_tests {
    use std::signer;
    use aptos_framework::account;
    use aptos_framework::event;
    use jobs_addr::fixtures::{Self, bytes, grant_id};
    use jobs_addr::jobs;

    const ALICE: address = @0xA11CE;
    const BOB: address = @0xB0B;
    const CAROL: address = @0xCA201;
    /// The default per-grant cap, 10^15.
    const CAP: u64 = 1000000000000000;

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun valid_grant_is_paid_and_minted_to_the_recipient(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[123], vector[grant_id(1)]);

        assert!(event::emitted_events<jobs::GrantPaid>() == vector[jobs::grant_paid_event(1, grant_id(1), ALICE, 123)], 1);
        assert!(event::emitted_events<jobs::GrantSkipped>() == vector[], 2);
        assert!(event::emitted_events<jobs::GrantFailed>() == vector[], 3);
        assert!(jobs::balance(ALICE) == 123, 4);
        assert!(jobs::is_paid(grant_id(1)), 5);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Each outcome's events come in the order of the grants in the job.
    fun events_follow_input_order(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        jobs::submit_job(operator, 1, vector[CAROL, ALICE], vector[9, 8], vector[grant_id(90), grant_id(80)]);
        jobs::submit_job(
            operator,
            2,
            vector[BOB, ALICE, CAROL, BOB, ALICE, CAROL],
            vector[3, 0, 7, 1, 2, 0],
            vector[grant_id(3), grant_id(80), grant_id(1), bytes(2), grant_id(90), grant_id(6)],
        );

        assert!(
            event::emitted_events<jobs::GrantPaid>() == vector[
                jobs::grant_paid_event(1, grant_id(90), CAROL, 9),
                jobs::grant_paid_event(1, grant_id(80), ALICE, 8),
                jobs::grant_paid_event(2, grant_id(3), BOB, 3),
                jobs::grant_paid_event(2, grant_id(1), CAROL, 7),
            ],
            1
        );
        assert!(
            event::emitted_events<jobs::GrantSkipped>() == vector[
                jobs::grant_skipped_event(2, grant_id(80), ALICE, 0, 1, op, 0),
                jobs::grant_skipped_event(2, grant_id(90), ALICE, 2, 1, op, 0),
            ],
            2
        );
        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(2, bytes(2), BOB, 1, 3, b"R_BAD_GRANT_ID"),
                jobs::grant_failed_event(2, grant_id(6), CAROL, 0, 1, b"R_ZERO_AMOUNT"),
            ],
            3
        );
    }

    // ---- Failure reasons ----

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun zero_amount_fails_with_r_zero_amount(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[0], vector[grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantFailed>()
                == vector[jobs::grant_failed_event(1, grant_id(1), ALICE, 0, 1, b"R_ZERO_AMOUNT")],
            1
        );
        assert!(!jobs::is_paid(grant_id(1)), 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun zero_recipient_fails_with_r_reserved_recipient(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[@0x0], vector[5], vector[grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantFailed>()
                == vector[jobs::grant_failed_event(1, grant_id(1), @0x0, 5, 2, b"R_RESERVED_RECIPIENT")],
            1
        );
        assert!(!jobs::is_paid(grant_id(1)), 2);
        assert!(jobs::balance(@0x0) == 0, 3);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Any length but 16 bytes is malformed: 0, 15, 17 and 32.
    fun grant_id_not_16_bytes_fails_with_r_bad_grant_id(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(
            operator,
            1,
            vector[ALICE, ALICE, ALICE, ALICE, ALICE],
            vector[1, 2, 3, 4, 5],
            vector[bytes(0), bytes(15), bytes(17), bytes(32), bytes(16)],
        );

        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(1, bytes(0), ALICE, 1, 3, b"R_BAD_GRANT_ID"),
                jobs::grant_failed_event(1, bytes(15), ALICE, 2, 3, b"R_BAD_GRANT_ID"),
                jobs::grant_failed_event(1, bytes(17), ALICE, 3, 3, b"R_BAD_GRANT_ID"),
                jobs::grant_failed_event(1, bytes(32), ALICE, 4, 3, b"R_BAD_GRANT_ID"),
            ],
            1
        );
        assert!(event::emitted_events<jobs::GrantPaid>() == vector[jobs::grant_paid_event(1, bytes(16), ALICE, 5)], 2);
        assert!(!jobs::is_paid(bytes(15)) && !jobs::is_paid(bytes(17)), 3);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10007, location = jobs_addr::jobs)]
    /// A job naming one payable grant id twice aborts whole (E_DUPLICATE_GRANT_ID): nothing is paid.
    fun payable_grant_id_twice_in_one_job_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(
            operator,
            1,
            vector[ALICE, BOB, CAROL],
            vector[10, 20, 30],
            vector[grant_id(1), grant_id(2), grant_id(1)],
        );
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10007, location = jobs_addr::jobs)]
    /// Two payable copies of one id far apart in a big job (in different leaves' worth of ids) abort too.
    fun payable_grant_id_twice_in_a_big_job_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let (recipients, amounts, ids) = fixtures::uniform_job(900, 0, ALICE, 1);
        *std::vector::borrow_mut(&mut ids, 899) = grant_id(3);
        jobs::submit_job(operator, 1, recipients, amounts, ids);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// The cap is inclusive: exactly the cap is paid, one more fails.
    fun amount_above_cap_fails_with_r_amount_over_cap(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(
            operator,
            1,
            vector[ALICE, BOB, CAROL],
            vector[CAP, CAP + 1, 18446744073709551615],
            vector[grant_id(1), grant_id(2), grant_id(3)],
        );

        assert!(event::emitted_events<jobs::GrantPaid>() == vector[jobs::grant_paid_event(1, grant_id(1), ALICE, CAP)], 1);
        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(1, grant_id(2), BOB, CAP + 1, 5, b"R_AMOUNT_OVER_CAP"),
                jobs::grant_failed_event(1, grant_id(3), CAROL, 18446744073709551615, 5, b"R_AMOUNT_OVER_CAP"),
            ],
            2
        );
        assert!(jobs::balance(BOB) == 0 && !jobs::is_paid(grant_id(2)), 3);
    }

    // ---- Per-grant check order: bad id, duplicate in job, already paid, recipient, amount, cap ----

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// A malformed id repeated in a job is malformed each time, never a duplicate.
    fun bad_id_is_judged_before_duplicate(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE, ALICE], vector[1, 1], vector[bytes(15), bytes(15)]);

        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(1, bytes(15), ALICE, 1, 3, b"R_BAD_GRANT_ID"),
                jobs::grant_failed_event(1, bytes(15), ALICE, 1, 3, b"R_BAD_GRANT_ID"),
            ],
            1
        );
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// A paid id twice in a later job: skipped both times (with where it was paid), paid once ever.
    fun paid_id_twice_in_a_later_job_is_skipped_twice(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[5], vector[grant_id(1)]);
        jobs::submit_job(operator, 2, vector[ALICE, ALICE], vector[5, 5], vector[grant_id(1), grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantSkipped>() == vector[
                jobs::grant_skipped_event(2, grant_id(1), ALICE, 5, 1, op, 0),
                jobs::grant_skipped_event(2, grant_id(1), ALICE, 5, 1, op, 0),
            ],
            1
        );
        assert!(event::emitted_events<jobs::GrantFailed>() == vector[], 2);
        assert!(jobs::balance(ALICE) == 5, 3);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// A repeat of a grant that failed earlier in the same job is judged on its own: nothing was
    /// paid under that id.
    fun repeat_of_a_failed_grant_is_judged_on_its_own(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[@0x0, ALICE], vector[5, 5], vector[grant_id(1), grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(1, grant_id(1), @0x0, 5, 2, b"R_RESERVED_RECIPIENT"),
            ],
            1
        );
        assert!(event::emitted_events<jobs::GrantPaid>() == vector[jobs::grant_paid_event(1, grant_id(1), ALICE, 5)], 2);
        assert!(jobs::is_paid(grant_id(1)) && jobs::balance(ALICE) == 5, 3);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// A paid id comes back skipped whatever its recipient and amount now are.
    fun already_paid_is_judged_before_recipient_amount_and_cap(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        jobs::submit_job(operator, 1, vector[ALICE, BOB], vector[5, 6], vector[grant_id(1), grant_id(2)]);
        jobs::submit_job(operator, 2, vector[@0x0, BOB], vector[0, CAP + 1], vector[grant_id(1), grant_id(2)]);

        assert!(
            event::emitted_events<jobs::GrantSkipped>() == vector[
                jobs::grant_skipped_event(2, grant_id(1), @0x0, 0, 1, op, 0),
                jobs::grant_skipped_event(2, grant_id(2), BOB, CAP + 1, 1, op, 0),
            ],
            1
        );
        assert!(event::emitted_events<jobs::GrantFailed>() == vector[], 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun recipient_is_judged_before_amount(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[@0x0, @0x0], vector[0, CAP + 1], vector[grant_id(1), grant_id(2)]);

        assert!(
            event::emitted_events<jobs::GrantFailed>() == vector[
                jobs::grant_failed_event(1, grant_id(1), @0x0, 0, 2, b"R_RESERVED_RECIPIENT"),
                jobs::grant_failed_event(1, grant_id(2), @0x0, CAP + 1, 2, b"R_RESERVED_RECIPIENT"),
            ],
            1
        );
    }

    // ---- Paid once, ever ----

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// The skip names the original payment: its job and its transaction (sender, sequence number).
    fun grant_paid_in_an_earlier_job_is_skipped_with_the_original_payment(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        // The operator has sent 41 transactions; the paying one is its 42nd (sequence number 41).
        let i = 0;
        while (i < 41) {
            account::increment_sequence_number_for_test(op);
            i = i + 1;
        };
        jobs::submit_job(operator, 11, vector[ALICE], vector[70], vector[grant_id(1)]);
        account::increment_sequence_number_for_test(op);
        jobs::submit_job(operator, 12, vector[BOB], vector[80], vector[grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantSkipped>() == vector[jobs::grant_skipped_event(12, grant_id(1), BOB, 80, 11, op, 41)],
            1
        );
        assert!(fixtures::paid_grant_is(grant_id(1), true, 11, op, 41), 2);
        assert!(jobs::balance(ALICE) == 70 && jobs::balance(BOB) == 0, 3);
        assert!(event::emitted_events<jobs::JobCompleted>() == vector[
            jobs::job_completed_event(11, 1, 0, 0, 70),
            jobs::job_completed_event(12, 0, 1, 0, 0),
        ], 4);
    }

    #[test(publisher = @jobs_addr, first = @0x0BE7A7, second = @0x5EC0D)]
    /// Another operator repaying the grant gets the first operator's payment back.
    fun grant_paid_by_another_operator_is_skipped(publisher: &signer, first: &signer, second: &signer) {
        fixtures::publish_with_operator(publisher, first);
        fixtures::register(publisher, second);
        let first_addr = signer::address_of(first);
        account::increment_sequence_number_for_test(first_addr);
        account::increment_sequence_number_for_test(first_addr);
        jobs::submit_job(first, 1, vector[ALICE], vector[70], vector[grant_id(1)]);
        jobs::submit_job(second, 2, vector[ALICE], vector[70], vector[grant_id(1)]);

        assert!(
            event::emitted_events<jobs::GrantSkipped>()
                == vector[jobs::grant_skipped_event(2, grant_id(1), ALICE, 70, 1, first_addr, 2)],
            1
        );
        assert!(jobs::balance(ALICE) == 70, 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Skipped any number of times, always against the first payment.
    fun grant_stays_paid_once_across_many_jobs(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[10], vector[grant_id(1)]);
        let job = 2;
        while (job <= 5) {
            account::increment_sequence_number_for_test(op);
            jobs::submit_job(operator, job, vector[ALICE], vector[10], vector[grant_id(1)]);
            job = job + 1;
        };

        assert!(jobs::balance(ALICE) == 10, 1);
        assert!(
            event::emitted_events<jobs::GrantSkipped>() == vector[
                jobs::grant_skipped_event(2, grant_id(1), ALICE, 10, 1, op, 0),
                jobs::grant_skipped_event(3, grant_id(1), ALICE, 10, 1, op, 0),
                jobs::grant_skipped_event(4, grant_id(1), ALICE, 10, 1, op, 0),
                jobs::grant_skipped_event(5, grant_id(1), ALICE, 10, 1, op, 0),
            ],
            2
        );
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// A failed grant is not remembered: sent again, well-formed, it is paid.
    fun failed_grant_can_be_paid_by_a_later_job(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[@0x0], vector[10], vector[grant_id(1)]);
        jobs::submit_job(operator, 2, vector[ALICE], vector[10], vector[grant_id(1)]);

        assert!(event::emitted_events<jobs::GrantPaid>() == vector[jobs::grant_paid_event(2, grant_id(1), ALICE, 10)], 1);
        assert!(fixtures::paid_grant_is(grant_id(1), true, 2, signer::address_of(operator), 0), 2);
    }
}
