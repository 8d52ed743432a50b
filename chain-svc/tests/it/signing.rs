//! The second wall behind Pub/Sub IAM (issue 15 item 5): chain-svc pays only requests signed by
//! campaign-svc's key, and never lets a request ride an in-flight grant id with other terms.
//! On the dev chain, with the real Pub/Sub emulator.

use crate::common::{Harness, request, signed_as_request, wait_until};
use shared::grant::{Outcome, WalletAddress};
use shared::signing::{KEY_ID_ATTRIBUTE, Keyring, MessageKind};
use shared::testkit;
use std::collections::HashMap;
use std::time::Duration;

/// The dead-letter reasons seen so far, sorted.
fn reasons(h: &Harness) -> Vec<String> {
    let mut reasons: Vec<String> = h
        .dead_letters
        .lock()
        .unwrap()
        .iter()
        .map(|(_, a)| a["dead_letter_reason"].clone())
        .collect();
    reasons.sort();
    reasons
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unsigned_or_forged_request_is_dead_lettered_with_its_reason_and_never_paid() {
    let h = Harness::start("unsigned", 1, |_| {}).await;
    let service = h.start_service(&[("BATCH_MAX_WAIT_MS", "50")]).await;
    let keyring = testkit::keyring();
    let stranger = Keyring::parse(
        &shared::signing::generate_key_line("stranger").unwrap(),
        None,
    )
    .unwrap();

    // A hand-made request with a new id and no signature: what minted on the dev chain before.
    let unsigned = request(1_000);
    // Signed with a key that is not ours.
    let unknown = request(1_000);
    let mut unknown_attrs = HashMap::new();
    stranger.sign(
        MessageKind::GrantRequest,
        &unknown.encode(),
        &mut unknown_attrs,
    );
    // A genuine signature of one request on the bytes of another (a larger amount).
    let genuine = request(1_000);
    let stolen_attrs = signed_as_request(&genuine.encode(), HashMap::new());
    let mut inflated = request(1_000);
    inflated.token_amount = 999_999;
    // Signed with our key, but as a result.
    let as_result = request(1_000);
    let mut as_result_attrs = HashMap::new();
    keyring.sign(
        MessageKind::GrantResult,
        &as_result.encode(),
        &mut as_result_attrs,
    );
    // Our signature under another key id.
    let moved = request(1_000);
    let mut moved_attrs = signed_as_request(&moved.encode(), HashMap::new());
    moved_attrs.insert(KEY_ID_ATTRIBUTE.into(), "stranger".into());

    let forged = [
        (&unsigned, HashMap::new()),
        (&unknown, unknown_attrs),
        (&inflated, stolen_attrs),
        (&as_result, as_result_attrs),
        (&moved, moved_attrs),
    ];
    for (req, attrs) in &forged {
        h.publish_with(&req.encode(), attrs.clone()).await;
    }
    wait_until(
        "every forged request dead-lettered",
        Duration::from_secs(30),
        || h.dead_letters.lock().unwrap().len() >= forged.len(),
    )
    .await;
    assert_eq!(
        reasons(&h),
        [
            "bad_signature",
            "bad_signature",
            "unknown_signing_key",
            "unknown_signing_key",
            "unsigned"
        ]
    );
    // The dead letter keeps the message as sent, for the operator to inspect.
    for (data, attrs) in h.dead_letters.lock().unwrap().iter() {
        assert!(!data.is_empty());
        assert!(!attrs["dead_letter_error"].is_empty(), "{attrs:?}");
    }

    // A genuine request after them is paid: everything before it was handled.
    h.publish(std::slice::from_ref(&genuine)).await;
    h.wait_for_results(&[genuine.request_id], Duration::from_secs(60))
        .await;
    assert_eq!(h.results_for(&genuine.request_id)[0].outcome, Outcome::Paid);
    for (req, _) in &forged {
        assert!(h.results_for(&req.request_id).is_empty(), "{req:?}");
        assert!(
            h.payment_of(&req.request_id).await.is_none(),
            "a forged request was paid: {req:?}"
        );
    }
    let stats = service.stats.snapshot();
    assert_eq!(stats.dead_lettered, forged.len() as u64, "{stats:?}");
    assert_eq!(stats.completed, 1, "{stats:?}");
    let metrics = reqwest::get(format!("http://{}/metrics", service.http_addr))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("grant_requests_dead_lettered_total{reason=\"unsigned\"} 1"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_request_reusing_an_in_flight_id_with_other_terms_is_refused_not_attached() {
    let h = Harness::start("conflict", 1, |_| {}).await;
    // Grants wait 4 s for batch-mates: the first stays in flight while the second arrives.
    let service = h.start_service(&[("BATCH_MAX_WAIT_MS", "4000")]).await;
    let first = request(1_000);
    h.publish(std::slice::from_ref(&first)).await;
    wait_until(
        "the first request in flight",
        Duration::from_secs(10),
        || service.stats.snapshot().received >= 1,
    )
    .await;
    // Same id, another wallet and amount, properly signed (a compromised or buggy publisher).
    let mut second = first.clone();
    second.wallet_address =
        WalletAddress::parse(&format!("0x{}", uuid::Uuid::new_v4().simple())).unwrap();
    second.token_amount = 5_000;
    h.publish(std::slice::from_ref(&second)).await;
    wait_until(
        "the conflicting request dead-lettered",
        Duration::from_secs(10),
        || !h.dead_letters.lock().unwrap().is_empty(),
    )
    .await;
    assert_eq!(reasons(&h), ["conflicting_request"]);
    assert!(
        h.results_for(&first.request_id).is_empty(),
        "refused while the first was still in flight"
    );

    // The first is paid as first requested, once.
    h.wait_for_results(&[first.request_id], Duration::from_secs(60))
        .await;
    let results = h.results_for(&first.request_id);
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0].outcome, Outcome::Paid);
    assert_eq!(results[0].token_amount, 1_000);
    assert_eq!(results[0].wallet_address, first.wallet_address);
    let paid = h.payment_of(&first.request_id).await.expect("paid");
    h.assert_paid_by(&first.request_id, &paid.tx_hash).await;
    let stats = service.stats.snapshot();
    assert_eq!(stats.dead_lettered, 1, "{stats:?}");
    assert_eq!(stats.completed, 1, "{stats:?}");
}

#[tokio::test]
async fn chain_svc_refuses_to_start_without_its_signing_keys() {
    let h = Harness::start("nokeys", 1, |_| {}).await;
    let mut config = h.config(&[]);
    config.signing = shared::signing::SigningConfig::default();
    let Err(err) = chain_svc::startup::Application::build(config).await else {
        panic!("no signing keys: no start");
    };
    assert!(
        err.to_string().contains("MESSAGE_SIGNING_KEYS_FILE"),
        "{err}"
    );
    assert!(!err.is_transient());
}
