#[test_only]
/// `submit_job` at job level: who may call it, the abort codes and the order of the checks, and
/// the events that open and close every job (`JobSubmitted`, `JobCompleted`).
module jobs_addr::submit_job_tests {
    use std::signer;
    use std::vector;
    use aptos_framework::event;
    use jobs_addr::fixtures::{Self, grant_id};
    use jobs_addr::jobs;

    const ALICE: address = @0xA11CE;
    const BOB: address = @0xB0B;

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    fun job_opens_with_job_submitted_and_closes_with_job_completed(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 7, vector[ALICE, BOB], vector[100, 250], vector[grant_id(1), grant_id(2)]);

        let op = signer::address_of(operator);
        assert!(event::emitted_events<jobs::JobSubmitted>() == vector[jobs::job_submitted_event(7, op, 2)], 1);
        assert!(event::emitted_events<jobs::JobCompleted>() == vector[jobs::job_completed_event(7, 2, 0, 0, 350)], 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// grant_count counts every grant of the job; paid/skipped/failed split it; total_amount sums
    /// only what was paid.
    fun job_completed_counts_each_outcome_and_totals_only_paid_amounts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[40], vector[grant_id(1)]);
        jobs::submit_job(
            operator,
            2,
            vector[ALICE, BOB, @0x0, BOB, ALICE],
            vector[500, 30, 10, 0, 20],
            vector[grant_id(1), grant_id(2), grant_id(3), grant_id(4), grant_id(5)],
        );

        let op = signer::address_of(operator);
        assert!(
            event::emitted_events<jobs::JobSubmitted>()
                == vector[jobs::job_submitted_event(1, op, 1), jobs::job_submitted_event(2, op, 5)],
            1
        );
        assert!(
            event::emitted_events<jobs::JobCompleted>()
                == vector[jobs::job_completed_event(1, 1, 0, 0, 40), jobs::job_completed_event(2, 2, 1, 2, 50)],
            2
        );
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Job ids are the operator's to choose and may repeat: double payment is prevented by grant id.
    fun job_id_may_be_reused(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 3, vector[ALICE], vector[5], vector[grant_id(1)]);
        jobs::submit_job(operator, 3, vector[ALICE, BOB], vector[5, 6], vector[grant_id(1), grant_id(2)]);

        assert!(
            event::emitted_events<jobs::JobCompleted>()
                == vector[jobs::job_completed_event(3, 1, 0, 0, 5), jobs::job_completed_event(3, 1, 1, 0, 6)],
            1
        );
        assert!(jobs::balance(ALICE) == 5 && jobs::balance(BOB) == 6, 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// 1000 grants is the limit, not past it. (All malformed ids: the cheapest grants to judge.)
    fun job_of_exactly_1000_grants_is_accepted(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let (recipients, amounts, _) = fixtures::uniform_job(1000, 0, ALICE, 1);
        let grant_ids = vector[];
        while (vector::length(&grant_ids) < 1000) vector::push_back(&mut grant_ids, vector[]);
        jobs::submit_job(operator, 9, recipients, amounts, grant_ids);

        assert!(event::emitted_events<jobs::JobCompleted>() == vector[jobs::job_completed_event(9, 0, 0, 1000, 0)], 1);
        assert!(vector::length(&event::emitted_events<jobs::GrantFailed>()) == 1000, 2);
    }

    // ---- Abort codes: std::error category << 16 | reason ----

    #[test(publisher = @jobs_addr, stranger = @0x57A2)]
    #[expected_failure(abort_code = 0x50001, location = jobs_addr::jobs)]
    fun non_operator_cannot_submit(publisher: &signer, stranger: &signer) {
        fixtures::publish(publisher);
        jobs::submit_job(stranger, 1, vector[ALICE], vector[1], vector[grant_id(1)]);
    }

    #[test(publisher = @jobs_addr)]
    #[expected_failure(abort_code = 0x50001, location = jobs_addr::jobs)]
    /// Being admin does not make the publisher an operator.
    fun admin_is_not_an_operator_until_added(publisher: &signer) {
        fixtures::publish(publisher);
        jobs::submit_job(publisher, 1, vector[ALICE], vector[1], vector[grant_id(1)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x30002, location = jobs_addr::jobs)]
    fun submit_while_paused_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::set_paused(publisher, true);
        jobs::submit_job(operator, 1, vector[ALICE], vector[1], vector[grant_id(1)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10003, location = jobs_addr::jobs)]
    fun fewer_amounts_than_recipients_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE, BOB], vector[1], vector[grant_id(1), grant_id(2)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10003, location = jobs_addr::jobs)]
    fun fewer_grant_ids_than_recipients_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE, BOB], vector[1, 2], vector[grant_id(1)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10003, location = jobs_addr::jobs)]
    fun more_grant_ids_than_recipients_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[1], vector[grant_id(1), grant_id(2)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10004, location = jobs_addr::jobs)]
    fun empty_job_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[], vector[], vector[]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x20005, location = jobs_addr::jobs)]
    fun job_of_1001_grants_aborts(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let (recipients, amounts, grant_ids) = fixtures::uniform_job(1001, 0, ALICE, 1);
        jobs::submit_job(operator, 1, recipients, amounts, grant_ids);
    }

    // ---- Check order: operator, paused, lengths, empty, too many ----

    #[test(publisher = @jobs_addr, stranger = @0x57A2)]
    #[expected_failure(abort_code = 0x50001, location = jobs_addr::jobs)]
    /// A stranger's malformed job while paused: not being an operator is reported first.
    fun operator_is_checked_before_pause_and_shape(publisher: &signer, stranger: &signer) {
        fixtures::publish(publisher);
        jobs::set_paused(publisher, true);
        jobs::submit_job(stranger, 1, vector[], vector[1], vector[]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x30002, location = jobs_addr::jobs)]
    fun pause_is_checked_before_lengths(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::set_paused(publisher, true);
        jobs::submit_job(operator, 1, vector[ALICE], vector[], vector[]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x30002, location = jobs_addr::jobs)]
    fun pause_is_checked_before_empty(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::set_paused(publisher, true);
        jobs::submit_job(operator, 1, vector[], vector[], vector[]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10003, location = jobs_addr::jobs)]
    /// No recipients but one amount and one id: a length mismatch, not an empty job.
    fun lengths_are_checked_before_empty(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[], vector[1], vector[grant_id(1)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x10003, location = jobs_addr::jobs)]
    /// 1001 recipients and ids but 1000 amounts: a length mismatch, not too many grants.
    fun lengths_are_checked_before_too_many(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let (recipients, amounts, grant_ids) = fixtures::uniform_job(1001, 0, ALICE, 1);
        vector::pop_back(&mut amounts);
        jobs::submit_job(operator, 1, recipients, amounts, grant_ids);
    }
}
