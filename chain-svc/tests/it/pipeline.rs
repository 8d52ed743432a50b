//! chain-svc end to end, in process: requests on the real Pub/Sub emulator, transactions on the
//! dev chain, results read back from the results topic and checked against the chain.

use crate::common::{Harness, request, requests, wait_until};
use shared::grant::{ErrorClass, GrantRequest, Outcome};
use std::collections::HashSet;
use std::time::Duration;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_are_paid_in_batches_with_one_completed_result_per_grant() {
    paid_in_batches(Harness::start("batches", 2, |_| {}).await).await;
}

/// The same with the default (full) batches on the real Move VM: they commit.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_full_default_batches_commit_with_one_completed_result_per_grant() {
    paid_in_batches(Harness::start_on_localnet("batches-ln", 2).await).await;
}

async fn paid_in_batches(h: Harness) {
    let service = h.start_service(&[("BATCH_MAX_WAIT_MS", "300")]).await;
    let grants = requests(600, 1_000);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    h.publish(&grants).await;
    h.wait_for_results(&ids, Duration::from_secs(90)).await;

    let paid = h.assert_each_paid_once(&grants).await;
    for (g, r) in grants.iter().zip(&paid.results) {
        assert_eq!(r.token_amount, g.token_amount);
        assert_eq!(r.user_id, g.user_id);
        assert!(r.ledger_version.is_some() && r.job_id.is_some());
    }
    let largest_batch = paid.largest_batch;
    assert!(
        paid.transactions.len() < grants.len() / 2,
        "{} transactions for {} grants: not batched",
        paid.transactions.len(),
        grants.len()
    );
    assert!(largest_batch > 1);
    // Never more than the model fits for new recipients (each of these wallets is new).
    let new_max = chain_svc::gas::GasModel::MEASURED.largest_batch();
    assert!(largest_batch <= new_max, "{largest_batch} > {new_max}");

    let stats = service.stats.snapshot();
    assert_eq!(stats.completed, 600);
    assert_eq!(stats.failed, 0);
    // A full batch leaves room for an ordinary leaf split (46-90 units), not for one that
    // cascades (up to ~390: ids made hundreds to a millisecond, as here, fill a leaf's children
    // unevenly); such a batch is split and resent, at most once here.
    assert!(stats.splits <= 1, "{stats:?}");
    assert!(stats.grants_per_batch.avg > 1.0, "{stats:?}");

    // /stats and /metrics answer.
    let base = format!("http://{}", service.http_addr);
    let body: serde_json::Value = reqwest::get(format!("{base}/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["completed"], 600);
    assert_eq!(body["signers"].as_array().unwrap().len(), 2);
    assert!(body["signers"][0]["sequence_number"].as_u64().is_some());
    let metrics = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("chain_grants_submitted_total"),
        "{metrics}"
    );
    let ready = reqwest::get(format!("{base}/ready")).await.unwrap();
    let status = ready.status();
    let text = ready.text().await.unwrap();
    assert_eq!(status, 200, "{text}");

    service.shutdown.trigger();
    service.wait().await;
}

/// Grants to wallets chain-svc paid before are priced as a known holder's: a batch carries more
/// of them than of new recipients. The model prices a new recipient at 3 execution units (at
/// most 264 a batch) and a holder at the measured 0.98 (809): 300 grants to new wallets go in
/// batches of at most 264, then 400 more to the same wallets in one batch. Both sizes commit on
/// the real VM even when a leaf split cascades in them.
async fn holders_ride_in_larger_batches(h: Harness) {
    let service = h
        .start_service(&[
            ("GAS_EXECUTION_PER_GRANT", "3"),
            ("BATCH_MAX_WAIT_MS", "2000"),
        ])
        .await;
    let new_max = 264;
    let first = requests(300, 10);
    h.publish(&first).await;
    let ids: Vec<_> = first.iter().map(|g| g.request_id).collect();
    h.wait_for_results(&ids, Duration::from_secs(90)).await;
    let largest = h.assert_each_paid_once(&first).await.largest_batch;
    assert!(largest <= new_max, "{largest} new recipients in one batch");

    let again: Vec<GrantRequest> = first
        .iter()
        .chain(first.iter().take(100))
        .map(|g| GrantRequest {
            request_id: Uuid::new_v4(),
            ..g.clone()
        })
        .collect();
    h.publish(&again).await;
    let ids: Vec<_> = again.iter().map(|g| g.request_id).collect();
    h.wait_for_results(&ids, Duration::from_secs(90)).await;
    let largest_again = h.assert_each_paid_once(&again).await.largest_batch;
    assert!(
        largest_again > new_max,
        "known holders rode in batches of at most {largest_again}, no more than new recipients' {new_max}"
    );
    let stats = service.stats.snapshot();
    assert_eq!(
        (stats.completed, stats.failed, stats.splits),
        (700, 0, 0),
        "{stats:?}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn grants_to_wallets_paid_before_ride_in_larger_batches() {
    holders_ride_in_larger_batches(Harness::start("holders", 1, |_| {}).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_the_real_vm_grants_to_wallets_paid_before_ride_in_larger_batches() {
    holders_ride_in_larger_batches(Harness::start_on_localnet("holders-ln", 1).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redelivered_request_is_not_paid_twice_and_a_paid_grant_completes_as_already_paid() {
    let h = Harness::start("redeliver", 1, |_| {}).await;
    let service = h.start_service(&[]).await;
    let grant = request(777);
    let wallet = devnet::Address(grant.wallet_address.to_bytes());
    // The same request twice at once: the second delivery attaches to the first.
    h.publish(&[grant.clone(), grant.clone()]).await;
    h.wait_for_results(&[grant.request_id], Duration::from_secs(60))
        .await;
    let first = h.results_for(&grant.request_id);
    let original = first[0].transaction_hash.clone().unwrap();
    let version = first[0].ledger_version;
    assert_eq!(first[0].outcome, Outcome::Paid);
    h.assert_paid_by(&grant.request_id, &original).await;

    // Later, the ledger sends it again: completed, already paid, with the original hash.
    h.publish(std::slice::from_ref(&grant)).await;
    wait_until("the already-paid result", Duration::from_secs(60), || {
        h.results_for(&grant.request_id)
            .iter()
            .any(|r| r.outcome == Outcome::AlreadyPaid)
    })
    .await;
    // Every result is a completion carrying the one paying transaction (its hash and version
    // as the node reports them, resolved from the contract's operator and sequence number),
    // and the wallet got the amount once.
    for r in h.results_for(&grant.request_id) {
        assert_ne!(r.outcome, Outcome::Failed);
        assert_eq!(
            r.transaction_hash.as_deref(),
            Some(original.as_str()),
            "{r:?}"
        );
        assert_eq!(r.ledger_version, version, "{r:?}");
        assert_eq!(r.job_id, first[0].job_id, "{r:?}");
    }
    assert_eq!(h.devnet().jobs_balance(wallet), 777);
    // Both copies of the first publish were acked (nothing redelivered later).
    let stats = service.stats.snapshot();
    assert_eq!(stats.received, 3, "{stats:?}");
    service.shutdown.trigger();
    service.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn malformed_requests_land_on_the_dead_letter_topic_and_the_service_keeps_running() {
    let h = Harness::start("dlq", 1, |_| {}).await;
    let service = h.start_service(&[("MAX_GRANT_AMOUNT", "1000000")]).await;
    h.publish_raw(b"{not json").await;
    let mut unknown = serde_json::to_value(request(5)).unwrap();
    unknown["event_type"] = "token.grant.deleted".into();
    h.publish_raw(unknown.to_string().as_bytes()).await;
    let mut no_uuid = serde_json::to_value(request(5)).unwrap();
    no_uuid["request_id"] = "not-a-uuid".into();
    h.publish_raw(no_uuid.to_string().as_bytes()).await;
    let good = request(5);
    h.publish(std::slice::from_ref(&good)).await;

    wait_until("three dead letters", Duration::from_secs(60), || {
        h.dead_letters.lock().unwrap().len() >= 3
    })
    .await;
    h.wait_for_results(&[good.request_id], Duration::from_secs(60))
        .await;
    assert_eq!(h.results_for(&good.request_id)[0].outcome, Outcome::Paid);
    let reasons: HashSet<String> = h
        .dead_letters
        .lock()
        .unwrap()
        .iter()
        .map(|(_, attrs)| attrs[shared::dead_letter::REASON].clone())
        .collect();
    assert_eq!(
        reasons,
        HashSet::from(["malformed".into(), "unknown_event_type".into()])
    );
    // The one dead-letter schema both services write (shared::dead_letter): the same attribute
    // names campaign-svc's results pipe uses, with the error text and the original message id.
    for (_, attrs) in h.dead_letters.lock().unwrap().iter() {
        assert!(!attrs["dead_letter_error"].is_empty(), "{attrs:?}");
        assert!(!attrs["original_message_id"].is_empty(), "{attrs:?}");
        assert!(!attrs.contains_key("reason"), "{attrs:?}");
    }
    assert_eq!(service.stats.snapshot().dead_lettered, 3);
    let metrics = shared::telemetry::metrics_handle().render();
    assert!(
        metrics.contains("grant_requests_dead_lettered_total"),
        "{metrics}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

/// A request chain-svc can decode but refuses (an id the shared identifier rule refuses, an
/// amount above `MAX_GRANT_AMOUNT`) is answered with one permanent `failed` result, so the
/// ledger releases it, instead of being dead-lettered and re-sent by the outbox forever; it is
/// never paid, and the valid request beside it is.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_that_decode_but_break_a_rule_are_answered_failed_and_never_paid() {
    let h = Harness::start("refused", 1, |_| {}).await;
    let service = h.start_service(&[("MAX_GRANT_AMOUNT", "1000000")]).await;
    let mut refused = Vec::new();
    for user in [
        "bad\nuser",
        " padded",
        "",
        &"x".repeat(129),
        "rtl\u{202E}gnp",
    ] {
        let mut r = request(5);
        r.user_id = user.to_string();
        refused.push((r, "user_id"));
    }
    let mut campaign = request(5);
    campaign.campaign_id = "\u{FEFF}summer".into();
    refused.push((campaign, "campaign_id"));
    refused.push((request(1_000_001), "token_amount"));
    let good = request(5);
    let mut all: Vec<GrantRequest> = refused.iter().map(|(r, _)| r.clone()).collect();
    all.push(good.clone());
    h.publish(&all).await;

    let ids: Vec<Uuid> = all.iter().map(|r| r.request_id).collect();
    h.wait_for_results(&ids, Duration::from_secs(60)).await;
    for (r, field) in &refused {
        let results = h.results_for(&r.request_id);
        assert_eq!(results.len(), 1, "{results:?}");
        let result = &results[0];
        assert_eq!(result.outcome, Outcome::Failed, "{result:?}");
        assert_eq!(
            result.error_class,
            Some(ErrorClass::Permanent),
            "{result:?}"
        );
        let message = result.error_message.as_deref().unwrap_or_default();
        assert!(
            message.starts_with(&format!("refused by chain-svc: {field}:")),
            "{message}"
        );
        // Copied as sent, so the ledger can match it to its grant.
        assert_eq!(result.user_id, r.user_id);
        assert_eq!(result.token_amount, r.token_amount);
        assert!(
            h.payment_of(&r.request_id).await.is_none(),
            "{r:?} was paid"
        );
    }
    assert_eq!(h.results_for(&good.request_id)[0].outcome, Outcome::Paid);
    let stats = service.stats.snapshot();
    assert_eq!(stats.dead_lettered, 0, "{stats:?}");
    assert_eq!(stats.requests_refused, refused.len() as u64, "{stats:?}");
    let metrics = shared::telemetry::metrics_handle().render();
    assert!(
        metrics.contains("chain_requests_refused_total{field=\"user_id\"}"),
        "{metrics}"
    );
    service.shutdown.trigger();
    service.wait().await;
}

/// A refused request is failed only when the contract says it is unpaid: a grant an earlier run
/// paid under a higher `MAX_GRANT_AMOUNT` is answered completed, already paid, with the original
/// payment's hash, never `failed` (which would release it to be paid again).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_request_the_contract_already_paid_is_answered_completed_not_failed() {
    let h = Harness::start("refused-paid", 1, |_| {}).await;
    let grant = request(500);
    let first = h.start_service(&[("MAX_GRANT_AMOUNT", "1000000")]).await;
    h.publish(std::slice::from_ref(&grant)).await;
    h.wait_for_results(&[grant.request_id], Duration::from_secs(60))
        .await;
    let paid = h.results_for(&grant.request_id)[0].clone();
    assert_eq!(paid.outcome, Outcome::Paid);
    first.shutdown.trigger();
    first.wait().await;

    let second = h.start_next_service(&[("MAX_GRANT_AMOUNT", "100")]).await;
    h.publish(std::slice::from_ref(&grant)).await;
    wait_until("the second result", Duration::from_secs(60), || {
        h.results_for(&grant.request_id).len() >= 2
    })
    .await;
    let again = h.results_for(&grant.request_id)[1].clone();
    assert_eq!(again.outcome, Outcome::AlreadyPaid, "{again:?}");
    assert_eq!(again.transaction_hash, paid.transaction_hash);
    assert_eq!(again.ledger_version, paid.ledger_version);
    assert_eq!(second.stats.snapshot().requests_refused, 1);
    h.assert_paid_by(&grant.request_id, paid.transaction_hash.as_deref().unwrap())
        .await;
    second.shutdown.trigger();
    second.wait().await;
}

/// Polls `url` until its body satisfies `check`; returns (status, body).
async fn poll_http(url: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let start = std::time::Instant::now();
    loop {
        if let Ok(r) = reqwest::get(url).await {
            let status = r.status().as_u16();
            let body = r.text().await.unwrap_or_default();
            if check(status, &body) {
                return (status, body);
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn readiness_needs_a_funded_signer_and_a_low_balance_is_a_warning_metric() {
    let h = Harness::start("ready", 1, |_| {}).await;
    // The dev chain's operator holds less than this threshold: ready, but flagged low.
    let low = h
        .start_service(&[("LOW_BALANCE_OCTAS", "1000000000000000000")])
        .await;
    let base = format!("http://{}", low.http_addr);
    poll_http(&format!("{base}/ready"), "readiness", |s, _| s == 200).await;
    let (_, metrics) = poll_http(
        &format!("{base}/metrics"),
        "the low-balance gauge",
        |_, b| {
            b.lines()
                .any(|l| l.starts_with("chain_signer_low_balance{") && l.ends_with(" 1"))
        },
    )
    .await;
    assert!(metrics.contains("chain_signer_balance_octas{"), "{metrics}");
    let stats: serde_json::Value = serde_json::from_str(
        &poll_http(&format!("{base}/stats"), "stats", |s, _| s == 200)
            .await
            .1,
    )
    .unwrap();
    assert!(stats["signers"][0]["balance_octas"].as_u64().unwrap() > 0);
    low.shutdown.trigger();
    low.wait().await;

    // A signer that does not exist on the chain: alive, not ready, and the key never shows.
    let stranger = "0x7777777777777777777777777777777777777777777777777777777777777777";
    let unfunded = h.start_service(&[("SIGNER_KEYS", stranger)]).await;
    let base = format!("http://{}", unfunded.http_addr);
    let (status, _) = poll_http(&format!("{base}/health"), "health", |s, _| s == 200).await;
    assert_eq!(status, 200);
    let (status, body) = poll_http(&format!("{base}/ready"), "readiness", |_, _| true).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"signers\":{\"ok\":false"), "{body}");
    let (_, stats) = poll_http(&format!("{base}/stats"), "stats", |s, _| s == 200).await;
    assert!(!stats.contains(&stranger[2..]), "{stats}");
    unfunded.shutdown.trigger();
    unfunded.wait().await;
}
