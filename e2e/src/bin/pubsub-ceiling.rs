//! The emulator's own ceiling: publish `count` request-sized messages to a fresh topic, then pull
//! them with `streams` streaming-pull connections, and print the publish and pull rates as one
//! JSON line. `scripts/bench.py` sets it beside the pipeline measure; not a test.

use clap::Parser;
use shared::pubsub::{Pipe, PubSub, PubSubConfig, SubscriberOptions, run_subscriber};
use shared::shutdown::Shutdown;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// Messages to publish and pull.
    #[arg(long, default_value_t = 100_000)]
    count: u64,
    /// Streaming-pull connections.
    #[arg(long, default_value_t = 4)]
    streams: usize,
    #[command(flatten)]
    pubsub: PubSubConfig,
}

#[tokio::main]
async fn main() {
    shared::telemetry::install_crypto_provider();
    let args = Args::parse();
    let bus = PubSub::connect(&args.pubsub, args.streams)
        .await
        .expect("Pub/Sub");
    let topic = format!(
        "ceiling-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    );
    let pipe = Pipe::named(&topic, &format!("{topic}-sub"), &format!("{topic}-dlq"));
    bus.provision(&pipe).await.expect("provision");
    let publisher = bus
        .publisher(&topic, Duration::from_secs(60))
        .await
        .expect("publisher");
    // A request-sized body (a real grant request is ~330 bytes of JSON).
    let body = vec![b'x'; 330];
    let start = Instant::now();
    for chunk in (0..args.count).collect::<Vec<_>>().chunks(5_000) {
        let results = publisher
            .publish_all(
                chunk
                    .iter()
                    .map(|_| (body.clone(), HashMap::new()))
                    .collect(),
            )
            .await;
        assert!(results.iter().all(Result::is_ok), "publish failed");
    }
    let publish_secs = start.elapsed().as_secs_f64();

    let received = Arc::new(AtomicU64::new(0));
    let shutdown = Shutdown::new();
    let counter = received.clone();
    let stop = shutdown.clone();
    let subscriber = bus.subscriber().clone();
    let options = SubscriberOptions {
        subscription: bus.subscription_path(&pipe.subscription),
        streams: args.streams,
        max_in_flight: 20_000,
    };
    let start = Instant::now();
    let reader = tokio::spawn(async move {
        run_subscriber(&subscriber, options, stop, move |_m, h| {
            let counter = counter.clone();
            async move {
                h.ack();
                counter.fetch_add(1, Ordering::Relaxed);
            }
        })
        .await
    });
    while received.load(Ordering::Relaxed) < args.count {
        assert!(start.elapsed() < Duration::from_secs(600), "pull stalled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pull_secs = start.elapsed().as_secs_f64();
    shutdown.trigger();
    let _ = reader.await;
    println!(
        "{}",
        serde_json::json!({
            "count": args.count,
            "streams": args.streams,
            "publish_per_sec": args.count as f64 / publish_secs,
            "pull_per_sec": args.count as f64 / pull_secs,
        })
    );
}
