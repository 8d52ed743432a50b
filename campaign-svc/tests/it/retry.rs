//! Retrying a failed campaign grant rides its own grant id, so a campaign slot is paid at most
//! once whatever order a (wrong) failure, the operator's retry and a late completion arrive in.
//! The chain is modelled by the one rule that matters here, the Jobs contract's: a grant id is
//! paid at most once, and a repeat is answered "already paid" with the original payment.

use crate::common::{Collector, TestApp, spawn_app, spawn_app_with, wallet};
use chrono::Utc;
use serde_json::Value;
use shared::grant::{
    EVENT_GRANT_COMPLETED, EVENT_GRANT_FAILED, ErrorClass, GrantRequest, GrantResult, Outcome,
};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The transaction that paid grant `id` (made up, well formed).
fn payment_hash(id: Uuid) -> String {
    format!("0x{:0>64}", id.simple().to_string())
}

/// The result chain-svc publishes for `request`, as `chain-svc/src/grant.rs` builds it.
fn result_for(request: &GrantRequest, outcome: Outcome) -> GrantResult {
    let failed = outcome == Outcome::Failed;
    GrantResult {
        event_type: if failed {
            EVENT_GRANT_FAILED
        } else {
            EVENT_GRANT_COMPLETED
        }
        .into(),
        request_id: request.request_id,
        user_id: request.user_id.clone(),
        campaign_id: request.campaign_id.clone(),
        wallet_address: request.wallet_address.clone(),
        transaction_hash: (!failed).then(|| payment_hash(request.request_id)),
        error_message: failed.then(|| "every transaction expired uncommitted".into()),
        timestamp: request.timestamp,
        processed_at: Utc::now(),
        outcome,
        error_class: failed.then_some(ErrorClass::Transient),
        job_id: Some(1),
        ledger_version: Some(100),
        token_amount: request.token_amount,
    }
}

/// The requests campaign-svc publishes, paid by the contract's rule; the results it answers.
struct PaidOnceChain {
    requests: Collector,
    seen: usize,
    /// Grant id → the request it was paid for (the contract's paid table).
    paid: HashMap<Uuid, GrantRequest>,
    /// The first request of these ids is paid but answered late, by the test.
    withheld: HashSet<Uuid>,
    /// The first request of every grant id, as published.
    first: HashMap<Uuid, GrantRequest>,
    /// Results published so far (by this chain and by the test).
    results_published: usize,
}

impl PaidOnceChain {
    fn start(app: &TestApp) -> Self {
        PaidOnceChain {
            requests: Collector::start(&app.bus, &app.config.topics.requests_subscription),
            seen: 0,
            paid: HashMap::new(),
            withheld: HashSet::new(),
            first: HashMap::new(),
            results_published: 0,
        }
    }

    /// Handles every request published since the last call.
    async fn step(&mut self, app: &TestApp) {
        let messages = self.requests.json();
        for message in &messages[self.seen..] {
            let request: GrantRequest = serde_json::from_value(message.clone()).unwrap();
            let id = request.request_id;
            self.first.entry(id).or_insert_with(|| request.clone());
            let outcome = match self.paid.entry(id) {
                Entry::Occupied(_) => Outcome::AlreadyPaid,
                Entry::Vacant(slot) => {
                    slot.insert(request.clone());
                    if self.withheld.remove(&id) {
                        continue;
                    }
                    Outcome::Paid
                }
            };
            self.publish(app, result_for(&request, outcome)).await;
        }
        self.seen = messages.len();
    }

    async fn publish(&mut self, app: &TestApp, result: GrantResult) {
        app.publish_results(&[result]).await;
        self.results_published += 1;
    }

    /// Runs until nothing moves: every queued grant published and answered, every result applied.
    async fn settle(&mut self, app: &TestApp) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut quiet_since: Option<Instant> = None;
        loop {
            self.step(app).await;
            let queued: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM grants WHERE status IN ('pending', 'submitted') \
                 AND published_at IS NULL",
            )
            .fetch_one(&app.db)
            .await
            .unwrap();
            let consumed = results_consumed(app).await;
            let quiet = queued == 0
                && self.seen == self.requests.len()
                && consumed >= self.results_published;
            match (quiet, quiet_since) {
                (true, Some(since)) if since.elapsed() > Duration::from_millis(300) => return,
                (true, None) => quiet_since = Some(Instant::now()),
                (false, _) => quiet_since = None,
                _ => {}
            }
            assert!(
                Instant::now() < deadline,
                "never settled: queued {queued}, requests {} seen {}, results {} consumed {consumed}",
                self.requests.len(),
                self.seen,
                self.results_published
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The grant ids the chain paid for (user, campaign).
    fn payments(&self, user: &str, campaign: &str) -> Vec<Uuid> {
        self.paid
            .values()
            .filter(|r| r.user_id == user && r.campaign_id == campaign)
            .map(|r| r.request_id)
            .collect()
    }
}

/// Results campaign-svc has taken off the bus (applied or dead-lettered).
async fn results_consumed(app: &TestApp) -> usize {
    let metrics = app.metrics().await;
    metrics
        .lines()
        .filter(|l| {
            l.starts_with("grant_results_applied_total{")
                || l.starts_with("grant_results_dead_lettered_total{")
        })
        .filter_map(|l| l.split_whitespace().last()?.parse::<f64>().ok())
        .sum::<f64>() as usize
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Event {
    /// chain-svc reports the grant failed (wrongly: the contract paid it).
    Failed,
    /// The operator retries it.
    Retry,
    /// The original payment's result arrives, late.
    LateCompleted,
}

fn orders() -> Vec<[Event; 3]> {
    use Event::*;
    vec![
        [Failed, Retry, LateCompleted],
        [Failed, LateCompleted, Retry],
        [Retry, Failed, LateCompleted],
        [Retry, LateCompleted, Failed],
        [LateCompleted, Failed, Retry],
        [LateCompleted, Retry, Failed],
    ]
}

async fn post_status(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.http.post(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn every_order_of_failure_retry_and_late_completion_pays_the_slot_once() {
    let app = spawn_app_with(|c| c.outbox_poll_ms = 10).await;
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let mut chain = PaidOnceChain::start(&app);
    for order in orders() {
        let campaign = format!("{order:?}")
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_lowercase();
        // The grant is published and paid; its result does not come back (yet).
        let id = app.post_grant("alice", &campaign).await;
        chain.withheld.insert(id);
        chain.settle(&app).await;
        assert!(
            chain.paid.contains_key(&id),
            "{order:?}: the chain never saw {id}"
        );
        let request = chain.first[&id].clone();
        for event in order {
            match event {
                Event::Failed => {
                    chain
                        .publish(&app, result_for(&request, Outcome::Failed))
                        .await;
                }
                Event::Retry => {
                    let (status, body) =
                        post_status(&app, &format!("/admin/grants/{id}/retry")).await;
                    // 202 when the grant is failed at that moment, 409 otherwise; which grant
                    // it answers with is checked by what the chain paid, below.
                    assert!(matches!(status, 202 | 409), "{order:?}: {status} {body}");
                }
                Event::LateCompleted => {
                    chain
                        .publish(&app, result_for(&request, Outcome::Paid))
                        .await;
                }
            }
            chain.settle(&app).await;
        }

        let payments = chain.payments("alice", &campaign);
        assert_eq!(
            payments,
            vec![id],
            "{order:?}: the slot was paid {payments:?}"
        );
        let grants: Vec<(Uuid, String, Option<String>)> = sqlx::query_as(
            "SELECT request_id, status::text, transaction_hash FROM grants \
             WHERE user_id = 'alice' AND campaign_id = $1",
        )
        .bind(&campaign)
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert_eq!(
            grants,
            vec![(id, "completed".to_string(), Some(payment_hash(id)))],
            "{order:?}"
        );
        let (status, body) = post_status(
            &app,
            &format!("/token-request?user_id=alice&campaign_id={campaign}"),
        )
        .await;
        assert_eq!(status, 409, "{order:?}: {body}");
    }
}

#[tokio::test]
async fn a_failed_campaign_grant_keeps_its_slot_and_is_retried_under_its_own_id() {
    let app = spawn_app().await;
    app.add_user("carol", Some(&wallet(0xc0)), 500).await;
    let mut chain = PaidOnceChain::start(&app);
    let id = app.post_grant("carol", "once").await;
    chain.withheld.insert(id);
    chain.settle(&app).await;
    let request = chain.first[&id].clone();
    chain
        .publish(&app, result_for(&request, Outcome::Failed))
        .await;
    chain.settle(&app).await;

    // The failed grant still holds the slot: a new request cannot start a second payment.
    let (status, body) = post_status(&app, "/token-request?user_id=carol&campaign_id=once").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["request_id"], id.to_string(), "{body}");

    let (status, body) = post_status(&app, &format!("/admin/grants/{id}/retry")).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["request_id"], id.to_string());
    assert_eq!(body["status"], "pending");
    assert_eq!(body["released"], false);
    assert_eq!(body["error_message"], Value::Null);
    // Open again: a second retry has nothing to do.
    let (status, _) = post_status(&app, &format!("/admin/grants/{id}/retry")).await;
    assert_eq!(status, 409);

    // The same request went out again, retry_count 1, and the chain answered "already paid".
    chain.settle(&app).await;
    let requests = chain.requests.json();
    let published: Vec<(String, u64)> = requests
        .iter()
        .map(|r| {
            (
                r["request_id"].as_str().unwrap().to_string(),
                r["retry_count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(published, [(id.to_string(), 0), (id.to_string(), 1)]);
    let shown = app.get_json(&format!("/grants/{id}")).await;
    assert_eq!(shown["status"], "completed", "{shown}");
    assert_eq!(shown["already_paid"], true, "{shown}");
    assert_eq!(shown["transaction_hash"], payment_hash(id));
    let trail: Vec<&str> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to_status"].as_str().unwrap())
        .collect();
    assert_eq!(
        trail,
        ["submitted", "failed", "pending", "submitted", "completed"]
    );
}
