//! Offers `POST /token-request` at a fixed rate (an open-loop load: a slow server does not slow the
//! offered rate down, so queueing shows up in the latencies) and prints one JSON line with what
//! happened. Used by `scripts/bench.py`; not a test.
//!
//! `loadgen --url http://127.0.0.1:8080 --rate 1000 --duration-secs 60 --users 100000 --run r1`

use clap::Parser;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[derive(Parser, Debug)]
struct Args {
    /// campaign-svc base URL.
    #[arg(long)]
    url: String,
    /// Requests per second offered.
    #[arg(long)]
    rate: u64,
    /// How long to offer load.
    #[arg(long)]
    duration_secs: u64,
    /// Users `user-1` ... `user-N` exist in the game table.
    #[arg(long)]
    users: u64,
    /// A tag making campaign ids unique to this run.
    #[arg(long)]
    run: String,
    /// Campaign ids are `<prefix>-<run>-<n>`.
    #[arg(long, default_value = "load")]
    campaign_prefix: String,
    /// Most requests outstanding at once.
    #[arg(long, default_value_t = 512)]
    max_outstanding: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.max_outstanding)
        .build()
        .expect("an HTTP client");
    let latencies = Arc::new(Mutex::new(Vec::<f64>::with_capacity(
        (args.rate * args.duration_secs) as usize,
    )));
    let accepted = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let rejected = Arc::new(AtomicU64::new(0));
    let slots = Arc::new(tokio::sync::Semaphore::new(args.max_outstanding));
    let interval = Duration::from_secs_f64(1.0 / args.rate as f64);
    let total = args.rate * args.duration_secs;
    let start = Instant::now();
    let mut dropped = 0u64;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..total {
        let due = start + interval.mul_f64(n as f64);
        tokio::time::sleep_until(due.into()).await;
        let Ok(permit) = slots.clone().try_acquire_owned() else {
            dropped += 1;
            continue;
        };
        let user = (n * 7919) % args.users + 1;
        let url = format!(
            "{}/token-request?user_id=user-{user}&campaign_id={}-{}-{n}",
            args.url, args.campaign_prefix, args.run
        );
        let (client, latencies, accepted, errors, rejected) = (
            client.clone(),
            latencies.clone(),
            accepted.clone(),
            errors.clone(),
            rejected.clone(),
        );
        tasks.spawn(async move {
            let sent = Instant::now();
            match client.post(url).send().await {
                Ok(r) if r.status() == 202 => {
                    accepted.fetch_add(1, Ordering::Relaxed);
                }
                // A correct refusal (e.g. 422 for a user without a wallet), not a failure.
                Ok(r) if r.status().is_client_error() && r.status() != 429 => {
                    rejected.fetch_add(1, Ordering::Relaxed);
                }
                _ => {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
                .lock()
                .await
                .push(sent.elapsed().as_secs_f64() * 1000.0);
            drop(permit);
        });
        while tasks.try_join_next().is_some() {}
    }
    while tasks.join_next().await.is_some() {}
    let elapsed = start.elapsed().as_secs_f64();
    let mut lat = latencies.lock().await.clone();
    lat.sort_by(|a, b| a.partial_cmp(b).expect("latencies are numbers"));
    println!(
        "{}",
        serde_json::json!({
            "offered_rate": args.rate,
            "sent": lat.len(),
            "not_sent_outstanding_limit": dropped,
            "accepted": accepted.load(Ordering::Relaxed),
            "rejected_4xx": rejected.load(Ordering::Relaxed),
            "errors": errors.load(Ordering::Relaxed),
            "elapsed_secs": elapsed,
            "achieved_rate": lat.len() as f64 / elapsed,
            "p50_ms": percentile(&lat, 0.50),
            "p99_ms": percentile(&lat, 0.99),
            "max_ms": lat.last().copied().unwrap_or(f64::NAN),
        })
    );
}
