#[test_only]
/// The admin's functions: adding and removing operators (idempotent, an event each call) and
/// pausing and resuming job submission. Only the publisher is admin.
module jobs_addr::admin_tests {
    use std::signer;
    use aptos_framework::event;
    use jobs_addr::fixtures::{Self, grant_id};
    use jobs_addr::jobs;

    const ALICE: address = @0xA11CE;
    const OPERATOR: address = @0x0BE7A7;

    #[test(publisher = @jobs_addr)]
    fun added_operator_is_an_operator(publisher: &signer) {
        fixtures::publish(publisher);
        assert!(!jobs::is_operator(OPERATOR), 1);
        jobs::add_operator(publisher, OPERATOR);

        assert!(jobs::is_operator(OPERATOR), 2);
        assert!(event::emitted_events<jobs::OperatorAdded>() == vector[jobs::operator_added_event(OPERATOR)], 3);
    }

    #[test(publisher = @jobs_addr)]
    /// Adding twice neither aborts nor undoes anything; each call emits its event.
    fun adding_an_operator_twice_is_idempotent(publisher: &signer) {
        fixtures::publish(publisher);
        jobs::add_operator(publisher, OPERATOR);
        jobs::add_operator(publisher, OPERATOR);

        assert!(jobs::is_operator(OPERATOR), 1);
        assert!(
            event::emitted_events<jobs::OperatorAdded>()
                == vector[jobs::operator_added_event(OPERATOR), jobs::operator_added_event(OPERATOR)],
            2
        );
        jobs::remove_operator(publisher, OPERATOR);
        assert!(!jobs::is_operator(OPERATOR), 3);
    }

    #[test(publisher = @jobs_addr)]
    fun removed_operator_is_no_operator(publisher: &signer) {
        fixtures::publish(publisher);
        jobs::add_operator(publisher, OPERATOR);
        jobs::remove_operator(publisher, OPERATOR);

        assert!(!jobs::is_operator(OPERATOR), 1);
        assert!(event::emitted_events<jobs::OperatorRemoved>() == vector[jobs::operator_removed_event(OPERATOR)], 2);
    }

    #[test(publisher = @jobs_addr)]
    /// Removing twice, or removing an account that never was an operator, neither aborts; each
    /// call emits its event.
    fun removing_an_operator_twice_is_idempotent(publisher: &signer) {
        fixtures::publish(publisher);
        jobs::remove_operator(publisher, ALICE);
        jobs::add_operator(publisher, OPERATOR);
        jobs::remove_operator(publisher, OPERATOR);
        jobs::remove_operator(publisher, OPERATOR);

        assert!(!jobs::is_operator(OPERATOR) && !jobs::is_operator(ALICE), 1);
        assert!(
            event::emitted_events<jobs::OperatorRemoved>() == vector[
                jobs::operator_removed_event(ALICE),
                jobs::operator_removed_event(OPERATOR),
                jobs::operator_removed_event(OPERATOR),
            ],
            2
        );
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x50001, location = jobs_addr::jobs)]
    fun removed_operator_cannot_submit(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::submit_job(operator, 1, vector[ALICE], vector[1], vector[grant_id(1)]);
        jobs::remove_operator(publisher, signer::address_of(operator));
        jobs::submit_job(operator, 2, vector[ALICE], vector[1], vector[grant_id(2)]);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Removed and added again, an operator submits as before.
    fun re_added_operator_can_submit_again(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::remove_operator(publisher, OPERATOR);
        jobs::add_operator(publisher, OPERATOR);
        jobs::submit_job(operator, 1, vector[ALICE], vector[1], vector[grant_id(1)]);

        assert!(jobs::balance(ALICE) == 1, 1);
    }

    #[test(publisher = @jobs_addr)]
    fun new_module_is_not_paused(publisher: &signer) {
        fixtures::publish(publisher);
        assert!(!jobs::is_paused(), 1);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Pause stops submissions (checked by `submit_job_tests`); resume lets them through again.
    fun pause_then_resume_allows_submission_again(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::set_paused(publisher, true);
        assert!(jobs::is_paused(), 1);
        jobs::set_paused(publisher, false);
        assert!(!jobs::is_paused(), 2);
        jobs::submit_job(operator, 1, vector[ALICE], vector[3], vector[grant_id(1)]);

        assert!(jobs::balance(ALICE) == 3, 3);
        assert!(
            event::emitted_events<jobs::PausedChanged>()
                == vector[jobs::paused_changed_event(true), jobs::paused_changed_event(false)],
            4
        );
    }

    #[test(publisher = @jobs_addr)]
    /// Setting the state it already has is allowed and still emits the event.
    fun set_paused_is_idempotent(publisher: &signer) {
        fixtures::publish(publisher);
        jobs::set_paused(publisher, true);
        jobs::set_paused(publisher, true);
        jobs::set_paused(publisher, false);
        jobs::set_paused(publisher, false);

        assert!(!jobs::is_paused(), 1);
        assert!(
            event::emitted_events<jobs::PausedChanged>() == vector[
                jobs::paused_changed_event(true),
                jobs::paused_changed_event(true),
                jobs::paused_changed_event(false),
                jobs::paused_changed_event(false),
            ],
            2
        );
    }

    // ---- E_NOT_ADMIN (0x50006): only the publisher is admin, operators included ----

    #[test(publisher = @jobs_addr, stranger = @0x57A2)]
    #[expected_failure(abort_code = 0x50006, location = jobs_addr::jobs)]
    fun non_admin_cannot_add_an_operator(publisher: &signer, stranger: &signer) {
        fixtures::publish(publisher);
        jobs::add_operator(stranger, signer::address_of(stranger));
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x50006, location = jobs_addr::jobs)]
    fun operator_cannot_remove_an_operator(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::remove_operator(operator, OPERATOR);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    #[expected_failure(abort_code = 0x50006, location = jobs_addr::jobs)]
    fun operator_cannot_pause(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        jobs::set_paused(operator, true);
    }

    #[test(publisher = @jobs_addr, stranger = @0x57A2)]
    #[expected_failure(abort_code = 0x50006, location = jobs_addr::jobs)]
    fun non_admin_cannot_resume(publisher: &signer, stranger: &signer) {
        fixtures::publish(publisher);
        jobs::set_paused(publisher, true);
        jobs::set_paused(stranger, false);
    }
}
