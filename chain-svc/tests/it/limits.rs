//! chain-svc against the Move VM's per-transaction limits. A transaction that commits over a
//! limit (out of gas, `EXECUTION_LIMIT_REACHED`) paid nothing: its batch is split and the halves
//! are sent again until they commit, and the batch cap drops; a grant that is alone over a
//! limit fails `permanent` and unpaid; a grant paid before still reports its first payment's
//! real hash and version. Every grant gets exactly one result.
//!
//! The gas model is calibrated against the chain under test by simulation (what an operator
//! does), so the scenarios hold whatever gas that chain charges: each runs on the dev chain, and
//! again on the run's real Movement local chain (`shared::testkit::localnet`), with operators of
//! its own.

use crate::common::{Harness, Service, requests};
use shared::grant::{ErrorClass, Outcome};
use std::time::Duration;

/// Gas model settings whose `max_gas_amount` (at gas price 100) is `a + b × grants` units.
fn linear_max_gas(a: u64, b: u64) -> Vec<(&'static str, String)> {
    let execution = a.min(900);
    vec![
        ("GAS_MARGIN_PERCENT", "0".into()),
        ("GAS_EXECUTION_BASE", execution.to_string()),
        ("GAS_IO_BASE", (a - execution).to_string()),
        ("GAS_EXECUTION_PER_GRANT", "0".into()),
        ("GAS_EXECUTION_PER_HOLDER", "0".into()),
        ("GAS_IO_PER_GRANT", "0".into()),
        ("GAS_IO_PER_HOLDER", "0".into()),
        // Storage octas count as octas / price units: b units per grant at price 100, to a
        // holder or not.
        ("GAS_STORAGE_OCTAS_BASE", "0".into()),
        ("GAS_STORAGE_OCTAS_PER_GRANT", (b * 100).to_string()),
        ("GAS_STORAGE_OCTAS_PER_HOLDER", (b * 100).to_string()),
        ("GAS_UNIT_PRICE_CAP", "100".into()),
    ]
}

/// What a job may cost beyond the simulated one-grant job besides its grant: a new payment slot
/// (every 64th paying transaction: 43,560 octas instead of 1,920) or a new leaf of paid ids
/// (42,040 octas), at gas price 100.
const JOB_OVERHEAD: u64 = 425;

/// Pays one grant straight through the node, so the chain's paid-id trie and payment records
/// exist (a deployment's first job also creates them: ~850 units more). Not through a chain-svc
/// stopped before the test's own starts (see [`Harness::start_next_service`]).
async fn warm_up(h: &Harness) {
    h.pay_job(1).await;
}

/// How far the same job's gas moves with where its ids land in the leaves it meets (the leaf's
/// size, the binary search, the merge): on a local chain other tests paid thousands of ids on,
/// a two-grant job simulated at 1,144 units committed at 1,134, and one-grant jobs at 586-589.
const JOB_SPREAD: u64 = 40;

/// Storage fee of each grant to a new recipient (its store and the id's 24 bytes) and of the job's
/// payment record, octas: a job's storage fee beyond these opened a slot once (a payment slot, a
/// leaf of paid ids), which the next job does not pay again.
const GRANT_OCTAS: u64 = 54_200;
const PAYMENT_OCTAS: u64 = 1_920;

/// The simulated gas (at gas price 100) of a job of `grants` grants to new recipients, without
/// the slots it happens to open once: on a chain other tests pay on meanwhile, the next job may
/// or may not open them, so a model must not depend on it.
async fn base_job_gas(h: &Harness, grants: usize) -> u64 {
    let simulated = h.simulate_job(grants).await;
    let storage: u64 = simulated.raw()["events"]
        .as_array()
        .and_then(|events| events.last())
        .and_then(|fee| fee["data"]["storage_fee_octas"].as_str())
        .and_then(|octas| octas.parse().ok())
        .expect("the simulation's FeeStatement");
    let one_off = storage.saturating_sub(GRANT_OCTAS * grants as u64 + PAYMENT_OCTAS);
    simulated.gas_used() - one_off / 100
}

/// A model under which one grant to a fresh recipient fits its `max_gas_amount` and no batch of
/// two or more does: `max_gas(1) = c1 + JOB_OVERHEAD`, `max_gas(2) = c2 - JOB_SPREAD`, linear in between,
/// where `c1` and `c2` are the simulated gas of one- and two-grant jobs on a warmed-up chain,
/// without one-off slots ([`base_job_gas`]; `JOB_OVERHEAD` covers one of them in a single-grant
/// job; a grant to a new recipient adds its store, 542 units, so every larger batch runs out of
/// gas).
async fn only_single_grants_fit(h: &Harness) -> Vec<(&'static str, String)> {
    warm_up(h).await;
    let (c1, c2) = (base_job_gas(h, 1).await, base_job_gas(h, 2).await);
    assert!(
        c2 > c1 + JOB_OVERHEAD + JOB_SPREAD + 10,
        "a grant costs more than a job's overhead: {c1} then {c2}"
    );
    let b = c2 - c1 - JOB_OVERHEAD - JOB_SPREAD;
    linear_max_gas(c1 + JOB_OVERHEAD - b, b)
}

fn with<'a>(
    mut settings: Vec<(&'a str, String)>,
    extra: &[(&'a str, &str)],
) -> Vec<(&'a str, String)> {
    settings.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
    settings
}

async fn start(h: &Harness, settings: &[(&str, String)]) -> Service {
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.start_service(&settings).await
}

/// [`start`] after another service stopped ([`Harness::start_next_service`]).
async fn start_next(h: &Harness, settings: &[(&str, String)]) -> Service {
    let settings: Vec<(&str, &str)> = settings.iter().map(|(k, v)| (*k, v.as_str())).collect();
    h.start_next_service(&settings).await
}

async fn stats_body(service: &Service) -> serde_json::Value {
    reqwest::get(format!("http://{}/stats", service.http_addr))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn split_until_the_halves_commit(h: Harness) {
    let model = only_single_grants_fit(&h).await;
    let service = start(
        &h,
        &with(
            model,
            &[("BATCH_MAX_GRANTS", "8"), ("BATCH_MAX_WAIT_MS", "3000")],
        ),
    )
    .await;
    let grants = requests(8, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    h.publish(&grants).await;
    h.wait_for_results(&ids, Duration::from_secs(180)).await;

    let paid = h.assert_each_paid_once(&grants).await;
    // Only single grants fit: each was paid by a transaction of its own.
    assert_eq!(paid.largest_batch, 1);
    for (g, r) in grants.iter().zip(&paid.results) {
        let payment = h.payment_of(&g.request_id).await.unwrap();
        assert_eq!(r.ledger_version, Some(payment.version));
    }
    let stats = service.stats.snapshot();
    assert_eq!((stats.completed, stats.failed), (8, 0), "{stats:?}");
    // Every transaction of two or more grants ran out of gas and was split; no split counted
    // as a retry (each halves the batch, which bounds it instead).
    assert!(stats.splits >= 1, "{stats:?}");
    assert_eq!(stats.transactions_aborted, stats.splits, "{stats:?}");
    assert_eq!(stats.transactions_committed, 8, "{stats:?}");
    assert_eq!(stats.retried, 0, "{stats:?}");
    // The cap came down to what committed.
    assert_eq!(stats_body(&service).await["batch_cap"], 1);
    let metrics = shared::telemetry::metrics_handle().render();
    assert!(
        metrics.contains("chain_batch_splits_total{limit=\"OUT_OF_GAS\"}"),
        "{metrics}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_batch_over_its_gas_is_split_until_its_halves_commit_and_each_grant_is_paid_once() {
    split_until_the_halves_commit(Harness::start("split", 1, |_| {}).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_a_batch_over_its_gas_is_split_until_its_halves_commit() {
    split_until_the_halves_commit(Harness::start_on_localnet("split-ln", 1).await).await;
}

/// Below what any one-grant job to a new wallet costs: its primary store alone is 53,240 octas of
/// storage (532 units at gas price 100). Not "the simulated one-grant job less one": a job's cost
/// moves with the paid-id leaves and payment slot it meets (up to `JOB_OVERHEAD` each), and jobs
/// of other tests on the same contract can create the leaf a simulated job would have paid for.
const UNDER_ONE_NEW_GRANT: u64 = 500;

async fn a_single_grant_over_its_gas_fails_unpaid(h: Harness) {
    let c1 = h.simulated_job_gas(1).await;
    assert!(
        c1 > UNDER_ONE_NEW_GRANT,
        "one grant simulated at {c1} units"
    );
    let service = start(
        &h,
        &with(
            linear_max_gas(UNDER_ONE_NEW_GRANT, 0),
            &[("BATCH_MAX_GRANTS", "2"), ("BATCH_MAX_WAIT_MS", "2000")],
        ),
    )
    .await;
    let grants = requests(2, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    h.publish(&grants).await;
    h.wait_for_results(&ids, Duration::from_secs(120)).await;
    for g in &grants {
        let results = h.results_for(&g.request_id);
        assert_eq!(results.len(), 1, "{results:?}");
        let r = &results[0];
        assert_eq!(r.outcome, Outcome::Failed, "{r:?}");
        assert_eq!(r.error_class, Some(ErrorClass::Permanent), "{r:?}");
        let message = r.error_message.as_deref().unwrap();
        assert!(
            message.contains("only this grant") && message.contains("OUT_OF_GAS"),
            "{message}"
        );
        assert!(h.payment_of(&g.request_id).await.is_none(), "not paid");
    }
    let stats = service.stats.snapshot();
    assert_eq!((stats.failed, stats.completed), (2, 0), "{stats:?}");
    // Each grant ended alone over the limit (and the pair, if batched together, was split).
    assert!(stats.splits >= 2, "{stats:?}");
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_single_grant_over_its_gas_fails_permanently_and_unpaid() {
    a_single_grant_over_its_gas_fails_unpaid(Harness::start("alone", 1, |_| {}).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_a_single_grant_over_its_gas_fails_permanently_and_unpaid() {
    a_single_grant_over_its_gas_fails_unpaid(Harness::start_on_localnet("alone-ln", 1).await).await;
}

async fn paid_twice_reports_the_first_payment(h: Harness) {
    let grant = requests(1, 321).remove(0);
    let first = h.start_service(&[]).await;
    h.publish(std::slice::from_ref(&grant)).await;
    h.wait_for_results(&[grant.request_id], Duration::from_secs(60))
        .await;
    first.shutdown.trigger();
    first.wait().await;
    let paid = h.results_for(&grant.request_id).remove(0);
    assert_eq!(paid.outcome, Outcome::Paid, "{paid:?}");
    let hash = paid.transaction_hash.clone().unwrap();
    h.assert_paid_by(&grant.request_id, &hash).await;
    let payment = h.payment_of(&grant.request_id).await.unwrap();
    assert_eq!(paid.ledger_version, Some(payment.version));

    // Sent again to a service whose transactions cannot pay a grant (max gas one unit below a
    // payment): the new transaction either runs out of gas (then the final check finds the
    // contract's record) or commits a skip (a skip costs less than a payment). Either way the
    // result is the first payment, its real hash and version.
    let c1 = h.simulated_job_gas(1).await;
    let second = start_next(&h, &linear_max_gas(c1 - 1, 0)).await;
    h.publish(std::slice::from_ref(&grant)).await;
    crate::common::wait_until("the second result", Duration::from_secs(120), || {
        h.results_for(&grant.request_id).len() >= 2
    })
    .await;
    let again = h.results_for(&grant.request_id).remove(1);
    assert_eq!(again.outcome, Outcome::AlreadyPaid, "{again:?}");
    assert_eq!(again.transaction_hash.as_deref(), Some(hash.as_str()));
    assert_eq!(again.ledger_version, Some(payment.version));
    assert_eq!(again.job_id, paid.job_id);
    second.shutdown.trigger();
    second.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_grant_paid_before_reports_the_first_payments_hash_and_version() {
    paid_twice_reports_the_first_payment(Harness::start("twice", 1, |_| {}).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_a_grant_paid_before_reports_the_first_payments_hash_and_version() {
    paid_twice_reports_the_first_payment(Harness::start_on_localnet("twice-ln", 1).await).await;
}

/// 750 grants to new recipients in one batch (a model that underestimates execution lets the
/// configuration through): the VM stops it with `EXECUTION_LIMIT_REACHED` (measured: 624-707 new
/// recipients already do; their store reads, 1.21 IO units each, stay under the IO limit), the
/// halves of 375 commit (or, when the deployment's first leaf split cascades in one, are cut
/// again).
async fn over_the_execution_limit_the_halves_commit(h: Harness) {
    let service = h
        .start_service(&[
            ("GAS_EXECUTION_BASE", "0"),
            ("GAS_EXECUTION_PER_GRANT", "0.5"),
            ("GAS_EXECUTION_PER_HOLDER", "0.5"),
            ("GAS_IO_PER_GRANT", "0.5"),
            ("GAS_IO_PER_HOLDER", "0.5"),
            ("BATCH_MAX_GRANTS", "750"),
            ("BATCH_MAX_WAIT_MS", "5000"),
        ])
        .await;
    let grants = requests(750, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    h.publish(&grants).await;
    h.wait_for_results(&ids, Duration::from_secs(240)).await;
    let largest = h.assert_each_paid_once(&grants).await.largest_batch;
    assert!(
        largest <= 375,
        "a paying transaction carried {largest} grants"
    );
    let stats = service.stats.snapshot();
    assert!(stats.splits >= 1, "{stats:?}");
    assert_eq!(stats.failed, 0, "{stats:?}");
    assert!(stats_body(&service).await["batch_cap"].as_u64().unwrap() <= 375);
    let metrics = shared::telemetry::metrics_handle().render();
    assert!(
        metrics.contains("chain_batch_splits_total{limit=\"EXECUTION_LIMIT_REACHED\"}"),
        "{metrics}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_batch_over_the_execution_limit_is_split_and_its_halves_commit() {
    over_the_execution_limit_the_halves_commit(Harness::start("exec-limit", 1, |_| {}).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_a_batch_over_the_execution_limit_is_split_and_its_halves_commit() {
    over_the_execution_limit_the_halves_commit(
        Harness::start_on_localnet("exec-limit-ln", 1).await,
    )
    .await;
}
