//! The real `chain-svc` binary as a child process: killed with SIGKILL mid-batch and restarted,
//! or stopped with SIGTERM mid-run and restarted. Every grant ends paid exactly once on the dev
//! chain (which runs in this test process) with at least one completed result; none is lost.

use crate::common::{Harness, requests};
use shared::grant::{GrantRequest, Outcome};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Service {
    child: Child,
    port: u16,
}

impl Service {
    fn spawn(h: &Harness, run: &str, extra: &[(&str, &str)]) -> Self {
        let port = shared::testkit::free_port();
        let log_dir = shared::testkit::repo_root().join("target").join("testkit");
        std::fs::create_dir_all(&log_dir).unwrap();
        let log = std::fs::File::create(
            log_dir.join(format!("chain-svc-{}-{run}.log", h.topics.requests_topic)),
        )
        .unwrap();
        let mut env = h.env(extra);
        env.retain(|(k, _)| k != "PORT");
        env.push(("PORT".into(), port.to_string()));
        let child = Command::new(env!("CARGO_BIN_EXE_chain-svc"))
            .env_clear()
            .envs(env)
            .env("RUST_LOG", "info")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("spawn chain-svc");
        Self { child, port }
    }

    async fn stats(&self) -> Option<serde_json::Value> {
        reqwest::Client::new()
            .get(format!("http://127.0.0.1:{}/stats", self.port))
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()
    }

    /// Waits until `/stats` satisfies `check`.
    async fn wait_stats(&self, what: &str, check: impl Fn(&serde_json::Value) -> bool) {
        let start = std::time::Instant::now();
        loop {
            if self.stats().await.is_some_and(|s| check(&s)) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "timed out waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every grant paid exactly once on the chain, with ≥ 1 completed result naming that payment.
async fn assert_each_paid_exactly_once(h: &Harness, grants: &[GrantRequest]) {
    for g in grants {
        let results = h.results_for(&g.request_id);
        assert!(!results.is_empty(), "grant {} lost", g.request_id);
        let paid = h
            .payment_of(&g.request_id)
            .await
            .unwrap_or_else(|| panic!("{} not paid: {results:?}", g.request_id));
        assert_eq!(
            h.devnet()
                .jobs_balance(devnet::Address(g.wallet_address.to_bytes())),
            g.token_amount,
            "{} paid more than once",
            g.request_id
        );
        for r in &results {
            assert_ne!(r.outcome, Outcome::Failed, "{r:?}");
            assert_eq!(
                r.transaction_hash.as_deref(),
                Some(paid.tx_hash.as_str()),
                "{r:?}"
            );
            assert_eq!(r.ledger_version, Some(paid.version), "{r:?}");
        }
    }
}

/// The first run holds at most this many requests unacked (Pub/Sub flow control), which bounds
/// what must be redelivered after it stops.
const FIRST_RUN_IN_FLIGHT: &str = "300";

fn first_run_settings() -> Vec<(&'static str, &'static str)> {
    vec![
        ("BATCH_MAX_GRANTS", "100"),
        ("MAX_IN_FLIGHT_GRANTS", FIRST_RUN_IN_FLIGHT),
        ("PUBSUB_STREAMS", "1"),
    ]
}

/// The restarted run reads the requests through a second subscription on the same topic,
/// created before anything is published, so it sees every request again — a superset of what
/// Pub/Sub redelivers (at-least-once allows redelivering acked messages too). Why not the first
/// subscription: the emulator, once a streaming-pull client on a subscription dies, stops
/// delivering on that subscription (its stream-close handler fails with `NoSuchMethodError` in
/// `ServerImpl.closedInternal`, see the emulator log), which real Pub/Sub does not. What this
/// test is about is the chain side: the dead run's transactions still in flight, the new run's
/// sequence numbers over them, and every grant paid once with a completed result.
async fn restart_subscription(h: &Harness) -> String {
    let sub = format!("{}-restart", h.topics.requests_subscription);
    let pipe = shared::pubsub::Pipe::named(
        &h.topics.requests_topic,
        &sub,
        &h.topics.requests_dead_letter_topic,
    );
    h.bus.provision(&pipe).await.unwrap();
    sub
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_mid_batch_and_restarted_every_grant_is_paid_exactly_once() {
    let h = Harness::start("crash", 2, |c| c.block_time_ms = 200).await;
    let grants = requests(1200, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    let restart = restart_subscription(&h).await;
    let mut first = Service::spawn(&h, "first", &first_run_settings());
    h.publish(&grants).await;
    // Mid-batch: transactions in flight and some results already out.
    first
        .wait_stats("transactions in flight after some results", |s| {
            s["transactions_in_flight"].as_u64() > Some(0) && s["completed"].as_u64() > Some(0)
        })
        .await;
    first.child.kill().unwrap(); // SIGKILL
    first.child.wait().unwrap();
    let before = h.results.lock().unwrap().len();
    assert!(before < grants.len(), "killed too late to test anything");

    let _second = Service::spawn(
        &h,
        "second",
        &[
            ("BATCH_MAX_GRANTS", "100"),
            ("REQUESTS_SUBSCRIPTION", &restart),
        ],
    );
    h.wait_for_results(&ids, Duration::from_secs(180)).await;
    assert_each_paid_exactly_once(&h, &grants).await;
    let already = h
        .results
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.outcome == Outcome::AlreadyPaid)
        .count();
    eprintln!(
        "{before} results before the kill; {already} grants completed as already paid after it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_drains_in_flight_work_and_a_restart_finishes_the_rest() {
    let h = Harness::start("sigterm", 1, |c| c.block_time_ms = 200).await;
    let grants = requests(1200, 10);
    let ids: Vec<_> = grants.iter().map(|g| g.request_id).collect();
    let restart = restart_subscription(&h).await;
    let mut first = Service::spawn(&h, "first", &first_run_settings());
    h.publish(&grants).await;
    first
        .wait_stats("transactions in flight", |s| {
            s["transactions_in_flight"].as_u64() > Some(0)
        })
        .await;
    let status = Command::new("kill")
        .args(["-TERM", &first.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exited = tokio::task::spawn_blocking(move || {
        let status = first.child.wait().unwrap();
        (status, first)
    });
    let (status, first) = tokio::time::timeout(Duration::from_secs(60), exited)
        .await
        .expect("chain-svc exits within its grace period")
        .unwrap();
    assert!(status.success(), "{status:?}");
    drop(first);
    // What the first run published is final: each of those grants is paid on the chain.
    let published: Vec<_> = h.results.lock().unwrap().clone();
    for r in &published {
        assert_ne!(r.outcome, Outcome::Failed, "{r:?}");
        let paid = h.payment_of(&r.request_id).await.expect("paid");
        assert_eq!(r.transaction_hash.as_deref(), Some(paid.tx_hash.as_str()));
        assert_eq!(r.ledger_version, Some(paid.version));
    }

    let _second = Service::spawn(
        &h,
        "second",
        &[
            ("BATCH_MAX_GRANTS", "100"),
            ("REQUESTS_SUBSCRIPTION", &restart),
        ],
    );
    h.wait_for_results(&ids, Duration::from_secs(180)).await;
    assert_each_paid_exactly_once(&h, &grants).await;
}
