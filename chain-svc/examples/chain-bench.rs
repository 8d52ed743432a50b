//! Throughput benchmark (not a test): a backlog of grant requests on the Pub/Sub emulator, the
//! dev chain in this process, chain-svc in this process; prints grants/s and grants per
//! transaction at saturation, then the same as one JSON line (last on stdout, for
//! `scripts/bench.py`). Run through `scripts/bench-chain.sh`.
//!
//! `cargo run --release -p chain-svc --example chain-bench -- [signers] [grants]`

use chain_svc::config::Config;
use chrono::Utc;
use shared::grant::{EVENT_GRANT_REQUESTED, GrantRequest, GrantResult, WalletAddress};
use shared::pubsub::{PubSub, SubscriberOptions, TopicNames, run_subscriber};
use shared::shutdown::Shutdown;
use shared::signing::MessageKind;
use shared::testkit;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    shared::telemetry::install_crypto_provider();
    if std::env::var("RUST_LOG").is_ok() {
        shared::telemetry::init_tracing(shared::telemetry::LogFormat::Pretty);
    }
    let mut args = std::env::args().skip(1);
    let signers: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let grants: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(20_000);

    let block_time_ms = 250;
    let mut chain = devnet::DevnetConfig::for_tests();
    chain.generated_operators = signers;
    chain.block_time_ms = block_time_ms;
    let devnet = devnet::Devnet::start(chain).await?;
    let bus = PubSub::connect(&testkit::pubsub_config(), 4).await?;
    let topics = TopicNames::unique_for_test("bench");
    bus.provision(&topics.requests()).await?;
    bus.provision(&topics.results()).await?;

    // The backlog.
    let publisher = bus
        .publisher(&topics.requests_topic, Duration::from_secs(60))
        .await?;
    let started = Instant::now();
    let requests: Vec<GrantRequest> = (0..grants)
        .map(|i| GrantRequest {
            event_type: EVENT_GRANT_REQUESTED.into(),
            request_id: Uuid::new_v4(),
            user_id: format!("bench-{i}"),
            campaign_id: "bench".into(),
            wallet_address: WalletAddress::parse(&format!("0x{}", Uuid::new_v4().simple()))
                .unwrap(),
            token_amount: 1 + (i as u64 % 1000),
            token_type: "GRANT".into(),
            timestamp: Utc::now(),
            retry_count: 0,
        })
        .collect();
    // Signed as campaign-svc signs them: chain-svc pays nothing else.
    let keyring = testkit::keyring();
    for chunk in requests.chunks(5_000) {
        let messages = chunk
            .iter()
            .map(|r| {
                let data = r.encode();
                let mut attributes = HashMap::new();
                keyring.sign(MessageKind::GrantRequest, &data, &mut attributes);
                (data, attributes)
            })
            .collect();
        let out = publisher.publish_all(messages).await;
        anyhow::ensure!(
            out.iter().all(Result::is_ok),
            "publishing the backlog failed"
        );
    }
    eprintln!(
        "backlog of {grants} requests published in {:.1?}",
        started.elapsed()
    );

    // Results reader.
    let seen = Arc::new(Mutex::new(HashSet::new()));
    let readers = Shutdown::new();
    {
        let seen = seen.clone();
        let sub = bus.subscriber().clone();
        let options = SubscriberOptions {
            subscription: bus.subscription_path(&topics.results_subscription),
            streams: 4,
            max_in_flight: 20_000,
        };
        let readers = readers.clone();
        tokio::spawn(async move {
            run_subscriber(&sub, options, readers, move |m, h| {
                let seen = seen.clone();
                async move {
                    if let Ok(r) = GrantResult::decode(&m.data) {
                        seen.lock().unwrap().insert(r.request_id);
                    }
                    h.ack();
                }
            })
            .await
        });
    }

    let env = [
        ("port", "0".to_string()),
        ("node-url", devnet.url()),
        ("signer-keys", devnet.operator_keys().join(",")),
        (
            "pubsub-emulator-host",
            testkit::pubsub_emulator_host().to_string(),
        ),
        ("requests-topic", topics.requests_topic.clone()),
        (
            "requests-subscription",
            topics.requests_subscription.clone(),
        ),
        (
            "requests-dead-letter-topic",
            topics.requests_dead_letter_topic.clone(),
        ),
        ("results-topic", topics.results_topic.clone()),
        ("pubsub-streams", "4".to_string()),
        ("node-poll-ms", "100".to_string()),
        ("log-format", "pretty".to_string()),
        (
            "message-signing-keys-file",
            testkit::signing_config()
                .message_signing_keys_file
                .expect("the test keyring has a file")
                .display()
                .to_string(),
        ),
    ];
    let config = Config::from_settings(env)?;
    // The default batch size: the largest the gas model fits in the Move VM's limits.
    let batch_max_grants = config.batch_max_grants();
    let start = Instant::now();
    let app = chain_svc::startup::Application::build(config).await?;
    let service_stats = app.stats();
    let stop_service = Shutdown::new();
    let service = tokio::spawn(app.run(stop_service.clone()));
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let done = seen.lock().unwrap().len();
        if done >= grants {
            break;
        }
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(600),
            "only {done} results after 10 minutes"
        );
    }
    let elapsed = start.elapsed();
    let stats = service_stats.snapshot();
    println!(
        "signers={signers} grants={grants} elapsed={:.2}s grants_per_sec={:.0} transactions={} grants_per_tx_avg={:.1} grants_per_tx_last={} completed={} already_paid={} failed={}",
        elapsed.as_secs_f64(),
        grants as f64 / elapsed.as_secs_f64(),
        stats.batches,
        stats.grants_per_batch.avg,
        stats.grants_per_batch.last,
        stats.completed,
        stats.already_paid,
        stats.failed,
    );
    stop_service.trigger();
    service.await?;
    readers.trigger();
    devnet.shutdown().await?;
    // The same figures as one JSON line, last on stdout, for scripts/bench.py.
    println!(
        "{}",
        serde_json::json!({
            "signers": signers,
            "grants": grants,
            "elapsed_secs": elapsed.as_secs_f64(),
            "grants_per_sec": grants as f64 / elapsed.as_secs_f64(),
            "transactions": stats.batches,
            "grants_per_tx_avg": stats.grants_per_batch.avg,
            "grants_per_tx_last": stats.grants_per_batch.last,
            "block_time_ms": block_time_ms,
            "batch_max_grants": batch_max_grants,
            "stats": stats,
        })
    );
    Ok(())
}
