#[test_only]
/// The paid-id trie: ids share leaves, full leaves split, and every id paid stays paid (and found
/// with where it was paid) across splits, jobs and orders.
module jobs_addr::paid_leaves_tests {
    use std::bcs;
    use std::signer;
    use std::vector;
    use aptos_framework::event;
    use jobs_addr::fixtures;
    use jobs_addr::jobs;

    const ALICE: address = @0xA11CE;

    /// A UUID v7-shaped id: 6 bytes of `ms` (big-endian), then `n` spread over the rest, so ids of
    /// one millisecond differ in their low, "random" bits as campaign-svc's do.
    fun v7(ms: u64, n: u64): vector<u8> {
        let id = vector[];
        let ms_bytes = bcs::to_bytes(&ms); // little-endian
        let i = 6;
        while (i > 0) { i = i - 1; vector::push_back(&mut id, *vector::borrow(&ms_bytes, i)); };
        vector::push_back(&mut id, 0x70);
        vector::push_back(&mut id, 0x00);
        // A multiplicative scramble: ids of one millisecond are not made in sorted order.
        let r = bcs::to_bytes(&((((n as u128) * 0x9E3779B97F4A7C15) % 18446744073709551557) as u64));
        vector::append(&mut id, r);
        id
    }

    /// `count` grants to ALICE with ids `v7(ms, first..first+count)`.
    fun job_of(ms: u64, first: u64, count: u64): (vector<address>, vector<u64>, vector<vector<u8>>) {
        let recipients = vector[];
        let amounts = vector[];
        let ids = vector[];
        let n = first;
        while (n < first + count) {
            vector::push_back(&mut recipients, ALICE);
            vector::push_back(&mut amounts, 1);
            vector::push_back(&mut ids, v7(ms, n));
            n = n + 1;
        };
        (recipients, amounts, ids)
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// 1000 ids of one millisecond (four leaves' worth, so leaves split) are paid, then all
    /// skipped when sent again, each with the first job's payment.
    fun ids_of_split_leaves_stay_paid(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        let (recipients, amounts, ids) = job_of(1_700_000_000_000, 0, 1000);
        jobs::submit_job(operator, 1, recipients, amounts, ids);
        jobs::submit_job(operator, 2, recipients, amounts, ids);

        assert!(vector::length(&event::emitted_events<jobs::GrantPaid>()) == 1000, 1);
        let skipped = event::emitted_events<jobs::GrantSkipped>();
        assert!(vector::length(&skipped) == 1000, 2);
        assert!(vector::borrow(&skipped, 999) == &jobs::grant_skipped_event(2, v7(1_700_000_000_000, 999), ALICE, 1, 1, op, 0), 3);
        assert!(jobs::balance(ALICE) == 1000, 4);
        let n = 0;
        while (n < 1000) {
            assert!(fixtures::paid_grant_is(v7(1_700_000_000_000, n), true, 1, op, 0), 5);
            n = n + 1;
        };
        assert!(!jobs::is_paid(v7(1_700_000_000_000, 1000)), 6);
        assert!(!jobs::is_paid(v7(1_700_000_000_001, 0)), 7);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Jobs over many milliseconds, some ids paid in one job and repeated in a later one mixed
    /// with new ids: each id is paid once, the repeats name the job and transaction that paid them.
    fun repeats_across_jobs_name_their_own_payment(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        let ms = 1_700_000_000_000;
        let job = 1;
        while (job <= 6) {
            // Job j pays ids (ms + j, 0..300) and repeats (ms + j - 1, 0..50).
            let (recipients, amounts, ids) = job_of(ms + job, 0, 300);
            if (job > 1) {
                let (r2, a2, i2) = job_of(ms + job - 1, 0, 50);
                vector::append(&mut recipients, r2);
                vector::append(&mut amounts, a2);
                vector::append(&mut ids, i2);
            };
            jobs::submit_job(operator, job, recipients, amounts, ids);
            job = job + 1;
        };
        assert!(vector::length(&event::emitted_events<jobs::GrantPaid>()) == 1800, 1);
        assert!(vector::length(&event::emitted_events<jobs::GrantSkipped>()) == 250, 2);
        assert!(jobs::balance(ALICE) == 1800, 3);
        // Ids paid by job j were paid by the operator's j-th transaction (sequence numbers from 0
        // in tests: the test harness does not advance them, so every job reads 0).
        assert!(fixtures::paid_grant_is(v7(ms + 3, 7), true, 3, op, 0), 4);
        assert!(fixtures::paid_grant_is(v7(ms + 6, 299), true, 6, op, 0), 5);
        assert!(vector::borrow(&event::emitted_events<jobs::GrantSkipped>(), 0)
            == &jobs::grant_skipped_event(2, v7(ms + 1, 0), ALICE, 1, 1, op, 0), 6);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Ids that are not time-ordered (any 16 bytes) are remembered just the same.
    fun arbitrary_ids_are_remembered(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let (recipients, amounts, ids) = fixtures::uniform_job(400, 10_000, ALICE, 2);
        jobs::submit_job(operator, 1, recipients, amounts, ids);
        jobs::submit_job(operator, 2, recipients, amounts, ids);
        assert!(vector::length(&event::emitted_events<jobs::GrantSkipped>()) == 400, 1);
        assert!(jobs::balance(ALICE) == 800, 2);
    }

    #[test(publisher = @jobs_addr, operator = @0x0BE7A7)]
    /// Payment records share slots 64 at a time: records on both sides of a slot boundary are
    /// found by the view and named by skips.
    fun payments_across_record_slots_are_found(publisher: &signer, operator: &signer) {
        fixtures::publish_with_operator(publisher, operator);
        let op = signer::address_of(operator);
        let ms = 1_700_000_000_000;
        let job = 1;
        while (job <= 130) {
            jobs::submit_job(operator, job, vector[ALICE], vector[1], vector[v7(ms + job, 0)]);
            job = job + 1;
        };
        // A job that pays nothing records no payment: the numbering does not skip.
        jobs::submit_job(operator, 500, vector[ALICE], vector[0], vector[v7(ms, 9)]);
        jobs::submit_job(operator, 501, vector[ALICE], vector[1], vector[v7(ms, 10)]);
        assert!(fixtures::paid_grant_is(v7(ms + 1, 0), true, 1, op, 0), 1);
        assert!(fixtures::paid_grant_is(v7(ms + 64, 0), true, 64, op, 0), 2);
        assert!(fixtures::paid_grant_is(v7(ms + 65, 0), true, 65, op, 0), 3);
        assert!(fixtures::paid_grant_is(v7(ms + 129, 0), true, 129, op, 0), 4);
        assert!(fixtures::paid_grant_is(v7(ms, 10), true, 501, op, 0), 5);
        jobs::submit_job(operator, 600, vector[ALICE, ALICE], vector[1, 1], vector[v7(ms + 66, 0), v7(ms + 128, 0)]);
        assert!(
            vector::borrow(&event::emitted_events<jobs::GrantSkipped>(), 1)
                == &jobs::grant_skipped_event(600, v7(ms + 128, 0), ALICE, 1, 128, op, 0),
            6
        );
        assert!(jobs::balance(ALICE) == 131, 7);
    }
}
