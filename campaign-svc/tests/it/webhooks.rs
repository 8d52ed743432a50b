//! Webhooks (issue 17 item 3) against a real HTTP receiver started by each test, real Postgres
//! and the real emulator; every signature is verified with the maintained Standard Webhooks
//! library (`standardwebhooks`), not with code of ours.

use crate::common::{TestApp, eventually, spawn_app_with, wallet};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use base64::Engine;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// One request the receiver got.
#[derive(Clone, Debug)]
struct Receipt {
    headers: HeaderMap,
    body: Vec<u8>,
    at: Instant,
}

impl Receipt {
    fn id(&self) -> String {
        self.headers["webhook-id"].to_str().unwrap().to_string()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    /// Whether `secret` verifies this request, by the Standard Webhooks library.
    fn verifies_with(&self, secret: &str) -> bool {
        standardwebhooks::Webhook::new(secret)
            .unwrap()
            .verify(&self.body, &self.headers)
            .is_ok()
    }
}

#[derive(Clone)]
struct Receiver {
    receipts: Arc<Mutex<Vec<Receipt>>>,
    /// The `webhook-id` of every request as it arrives, answered or not.
    arrivals: Arc<Mutex<Vec<String>>>,
    /// The status it answers with.
    status: Arc<AtomicU16>,
    /// How long it takes to answer, in milliseconds.
    delay_ms: Arc<AtomicU64>,
    /// Requests being answered now, and the most there ever were at once.
    open: Arc<AtomicU64>,
    peak: Arc<AtomicU64>,
    url: String,
}

impl Receiver {
    async fn start() -> Self {
        let receiver = Receiver {
            receipts: Arc::default(),
            arrivals: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            delay_ms: Arc::new(AtomicU64::new(0)),
            open: Arc::default(),
            peak: Arc::default(),
            url: String::new(),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .route("/hook", post(receive))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { url, ..receiver }
    }

    fn receipts(&self) -> Vec<Receipt> {
        self.receipts.lock().unwrap().clone()
    }

    fn answer(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }
}

async fn receive(
    State(r): State<Receiver>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, String) {
    if let Some(id) = headers.get("webhook-id") {
        r.arrivals
            .lock()
            .unwrap()
            .push(id.to_str().unwrap_or_default().to_string());
    }
    let open = r.open.fetch_add(1, Ordering::SeqCst) + 1;
    r.peak.fetch_max(open, Ordering::SeqCst);
    let delay = r.delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    r.open.fetch_sub(1, Ordering::SeqCst);
    r.receipts.lock().unwrap().push(Receipt {
        headers,
        body: body.to_vec(),
        at: Instant::now(),
    });
    let status = StatusCode::from_u16(r.status.load(Ordering::SeqCst)).unwrap();
    (status, format!("receiver says {}", status.as_u16()))
}

fn secrets_key() -> String {
    base64::engine::general_purpose::STANDARD.encode([42u8; 32])
}

async fn app_with_webhooks(adjust: impl FnOnce(&mut campaign_svc::config::Config)) -> TestApp {
    spawn_app_with(|c| {
        c.webhooks.webhook_secrets_key = Some(secrets_key());
        adjust(c);
    })
    .await
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.http.request(method, app.url(path));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Registers `url` for `types`: (endpoint id, secret).
async fn register(app: &TestApp, url: &str, types: &[&str]) -> (String, String) {
    let (status, body) = send(
        app,
        reqwest::Method::POST,
        "/admin/webhooks",
        Some(json!({ "url": url, "event_types": types, "description": "game backend" })),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let secret = body["secret"].as_str().unwrap().to_string();
    assert!(secret.starts_with("whsec_"), "{secret}");
    (body["id"].as_str().unwrap().to_string(), secret)
}

/// Campaign grants to `n` new users `u0`, `u1`, ... (each with its own wallet), recorded and not
/// settled: their ids, in order.
async fn grants(app: &TestApp, n: u8) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        let user = format!("u{i}");
        app.add_user(&user, Some(&wallet(i + 1)), 0).await;
        ids.push(app.post_grant(&user, "launch").await);
    }
    ids
}

async fn settle(app: &TestApp, id: Uuid, paid: bool) {
    settle_in(&app.db, id, paid).await
}

/// Applies chain-svc's result for grant `id` (paid or failed) as the results consumer does.
async fn settle_in(db: &sqlx::PgPool, id: Uuid, paid: bool) {
    let result = result_for(db, id, paid).await;
    let checked = campaign_svc::results::CheckedResult::check(result).unwrap();
    campaign_svc::results::apply_result(db, &checked)
        .await
        .unwrap();
}

/// Chain-svc's result for grant `id`, paid or failed.
async fn result_for(db: &sqlx::PgPool, id: Uuid, paid: bool) -> shared::grant::GrantResult {
    let (user_id, campaign_id, wallet_address, token_amount): (String, String, String, i64) =
        sqlx::query_as(
            "SELECT user_id, campaign_id, wallet_address, token_amount FROM grants WHERE request_id = $1",
        )
        .bind(id)
        .fetch_one(db)
        .await
        .unwrap();
    shared::grant::GrantResult {
        event_type: if paid {
            shared::grant::EVENT_GRANT_COMPLETED
        } else {
            shared::grant::EVENT_GRANT_FAILED
        }
        .into(),
        request_id: id,
        user_id,
        campaign_id,
        wallet_address: shared::grant::WalletAddress::parse(&wallet_address).unwrap(),
        transaction_hash: paid.then(|| format!("0x{}", "cd".repeat(32))),
        error_message: (!paid).then(|| "E_INVALID_RECIPIENT".to_string()),
        timestamp: chrono::Utc::now(),
        processed_at: chrono::Utc::now(),
        outcome: if paid {
            shared::grant::Outcome::Paid
        } else {
            shared::grant::Outcome::Failed
        },
        error_class: (!paid).then_some(shared::grant::ErrorClass::Permanent),
        job_id: Some(1),
        ledger_version: paid.then_some(99),
        token_amount: token_amount as u64,
    }
}

#[tokio::test]
async fn every_settled_grant_reaches_a_subscribed_endpoint_once_per_event_signed() {
    let app = app_with_webhooks(|_| {}).await;
    let receiver = Receiver::start().await;
    let (id, secret) = register(&app, &receiver.url, &["grant.completed", "grant.failed"]).await;
    // The secret is shown once: never again.
    let (_, shown) = send(
        &app,
        reqwest::Method::GET,
        &format!("/admin/webhooks/{id}"),
        None,
    )
    .await;
    assert!(shown.get("secret").is_none(), "{shown}");
    assert!(!shown.to_string().contains(&secret[6..]));
    let (_, all) = send(&app, reqwest::Method::GET, "/admin/webhooks", None).await;
    assert_eq!(all["webhooks"].as_array().unwrap().len(), 1);
    let stored: Vec<u8> = sqlx::query_scalar("SELECT secret_sealed FROM webhook_endpoints")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let raw = base64::engine::general_purpose::STANDARD
        .decode(&secret[6..])
        .unwrap();
    assert!(
        !stored.windows(raw.len()).any(|w| w == raw.as_slice()),
        "the dump shows the secret"
    );

    app.add_user("paid", Some(&wallet(1)), 0).await;
    app.add_user("unpaid", Some(&wallet(2)), 0).await;
    let paid = app.post_grant("paid", "launch").await;
    let unpaid = app.post_grant("unpaid", "launch").await;
    settle(&app, paid, true).await;
    settle(&app, unpaid, false).await;
    app.run_ledger().await; // ledger_run.finished: not subscribed
    eventually(
        "both outcomes delivered",
        Duration::from_secs(20),
        || async { receiver.receipts().len() >= 2 },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let receipts = receiver.receipts();
    assert_eq!(
        receipts.len(),
        2,
        "one request per event, none for unsubscribed types"
    );
    let recorded: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT event_id, event_type FROM notification_events WHERE request_id IS NOT NULL",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    for r in &receipts {
        assert!(r.verifies_with(&secret), "signature does not verify");
        let body = r.json();
        assert_eq!(body["id"], r.id(), "webhook-id is the event id");
        assert!(recorded.iter().any(|(e, _)| e.to_string() == r.id()));
        assert_eq!(r.headers["content-type"], "application/json");
    }
    let completed = receipts
        .iter()
        .map(Receipt::json)
        .find(|b| b["type"] == "grant.completed")
        .unwrap();
    assert_eq!(completed["data"]["request_id"], paid.to_string());
    assert_eq!(
        completed["data"]["transaction_hash"],
        format!("0x{}", "cd".repeat(32))
    );
    let failed = receipts
        .iter()
        .map(Receipt::json)
        .find(|b| b["type"] == "grant.failed")
        .unwrap();
    assert_eq!(failed["data"]["reason"], "E_INVALID_RECIPIENT");
    assert!(!receipts[0].verifies_with(&format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode([1u8; 32])
    )));
    // Every recorded event is counted by type, subscribed to or not.
    let metrics = app.metrics().await;
    for line in [
        "# HELP notification_events_recorded_total",
        "notification_events_recorded_total{event_type=\"grant.completed\"}",
        "notification_events_recorded_total{event_type=\"grant.failed\"}",
        "notification_events_recorded_total{event_type=\"ledger_run.finished\"}",
        "webhook_delivery_latency_seconds_bucket",
        "webhook_attempts_total{result=\"2xx\"}",
        "webhook_deliveries_total{outcome=\"delivered\"}",
    ] {
        assert!(metrics.contains(line), "{line} missing from /metrics");
    }
    app.stop().await;
}

async fn deliveries(app: &TestApp, id: &str) -> Vec<Value> {
    let (status, body) = send(
        app,
        reqwest::Method::GET,
        &format!("/admin/webhooks/{id}/deliveries"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["deliveries"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_receiver_answering_500_is_retried_until_it_recovers_and_every_attempt_is_kept() {
    let app = app_with_webhooks(|_| {}).await;
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let (id, secret) = register(&app, &receiver.url, &["grant.completed"]).await;
    let (status, test) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/test"),
        None,
    )
    .await;
    assert_eq!(status, 202, "{test}");
    eventually("three failed attempts", Duration::from_secs(20), || async {
        receiver.receipts().len() >= 3
    })
    .await;
    receiver.answer(204);
    eventually(
        "delivered after recovery",
        Duration::from_secs(30),
        || async { deliveries(&app, &id).await[0]["status"] == "delivered" },
    )
    .await;
    let receipts = receiver.receipts();
    let event_id = test["event_id"].as_str().unwrap();
    assert!(
        receipts.iter().all(|r| r.id() == event_id),
        "every retry carries the original id"
    );
    assert!(receipts.iter().all(|r| r.verifies_with(&secret)));
    assert_eq!(receipts[0].json()["type"], "webhook.test");
    // Backoff: the gaps grow.
    let gaps: Vec<Duration> = receipts.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert!(gaps[1] > gaps[0], "{gaps:?}");
    let delivery = &deliveries(&app, &id).await[0];
    let log = delivery["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), receipts.len());
    assert_eq!(delivery["attempts"], log.len());
    assert!(log[..log.len() - 1].iter().all(|a| a["status_code"] == 500));
    assert_eq!(log.last().unwrap()["status_code"], 204);
    assert_eq!(log[0]["response_snippet"], "receiver says 500");
    assert!(log[0]["latency_ms"].is_number());
    app.stop().await;
}

#[tokio::test]
async fn an_endpoint_that_failed_every_attempt_for_the_period_is_disabled_and_can_be_enabled() {
    let app = app_with_webhooks(|c| c.webhooks.webhook_disable_after_secs = 1).await;
    let receiver = Receiver::start().await;
    receiver.answer(500);
    let (id, _) = register(&app, &receiver.url, &["grant.completed"]).await;
    send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/test"),
        None,
    )
    .await;
    let path = format!("/admin/webhooks/{id}");
    eventually(
        "the endpoint is disabled",
        Duration::from_secs(20),
        || async { send(&app, reqwest::Method::GET, &path, None).await.1["enabled"] == false },
    )
    .await;
    let (_, endpoint) = send(&app, reqwest::Method::GET, &path, None).await;
    assert!(endpoint["disabled_at"].is_string());
    assert!(
        endpoint["disabled_reason"]
            .as_str()
            .unwrap()
            .contains("every attempt failed"),
        "{endpoint}"
    );
    // Nothing is attempted while disabled.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = receiver.receipts().len();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(receiver.receipts().len(), before);
    receiver.answer(200);
    let (status, enabled) = send(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(json!({ "enabled": true })),
    )
    .await;
    assert_eq!(status, 200, "{enabled}");
    assert_eq!(enabled["enabled"], true);
    assert_eq!(enabled["disabled_at"], Value::Null);
    // The delivery still pending goes out after re-enabling (nothing lost).
    eventually(
        "delivered after re-enabling",
        Duration::from_secs(30),
        || async { deliveries(&app, &id).await[0]["status"] == "delivered" },
    )
    .await;
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("webhook_endpoints_disabled_total"),
        "metric missing"
    );
    app.stop().await;
}

#[tokio::test]
async fn during_a_rotations_grace_period_both_secrets_verify_and_after_it_only_the_new_one() {
    let app = app_with_webhooks(|_| {}).await;
    let receiver = Receiver::start().await;
    let (id, old) = register(&app, &receiver.url, &["grant.completed"]).await;
    let (status, rotated) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/rotate-secret"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let new = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert!(rotated["previous_secret_expires_at"].is_string());
    send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/test"),
        None,
    )
    .await;
    eventually("the test event", Duration::from_secs(20), || async {
        receiver.receipts().len() == 1
    })
    .await;
    let during = &receiver.receipts()[0];
    assert!(during.verifies_with(&old), "old secret during grace");
    assert!(during.verifies_with(&new), "new secret during grace");
    // A rotation without grace: only the newest secret signs.
    let (_, rotated) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/rotate-secret"),
        Some(json!({ "grace_secs": 0 })),
    )
    .await;
    let newest = rotated["secret"].as_str().unwrap().to_string();
    send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/test"),
        None,
    )
    .await;
    eventually("the second test event", Duration::from_secs(20), || async {
        receiver.receipts().len() == 2
    })
    .await;
    let after = &receiver.receipts()[1];
    assert!(after.verifies_with(&newest));
    assert!(!after.verifies_with(&new));
    assert!(!after.verifies_with(&old));
    app.stop().await;
}

#[tokio::test]
async fn a_replayed_delivery_arrives_again_with_its_original_event_id() {
    let app = app_with_webhooks(|_| {}).await;
    let receiver = Receiver::start().await;
    let (id, secret) = register(&app, &receiver.url, &["grant.completed"]).await;
    let (_, test) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/test"),
        None,
    )
    .await;
    eventually("delivered", Duration::from_secs(20), || async {
        deliveries(&app, &id).await[0]["status"] == "delivered"
    })
    .await;
    let delivery_id = test["delivery_id"].as_str().unwrap();
    let (status, replayed) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/deliveries/{delivery_id}/replay"),
        None,
    )
    .await;
    assert_eq!(status, 202, "{replayed}");
    eventually("the replay", Duration::from_secs(20), || async {
        receiver.receipts().len() == 2
    })
    .await;
    let receipts = receiver.receipts();
    assert_eq!(receipts[0].id(), receipts[1].id());
    assert_eq!(receipts[1].id(), test["event_id"].as_str().unwrap());
    assert!(receipts[1].verifies_with(&secret));
    let (status, _) = send(
        &app,
        reqwest::Method::POST,
        &format!("/admin/webhooks/{id}/deliveries/{}/replay", Uuid::new_v4()),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/admin/webhooks/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = send(
        &app,
        reqwest::Method::GET,
        &format!("/admin/webhooks/{id}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    app.stop().await;
}

#[tokio::test]
async fn a_slow_receiver_does_not_delay_another_endpoints_deliveries() {
    let app = app_with_webhooks(|c| c.webhooks.webhook_endpoint_concurrency = 2).await;
    let slow = Receiver::start().await;
    slow.delay_ms.store(3000, Ordering::SeqCst);
    let fast = Receiver::start().await;
    register(&app, &slow.url, &["grant.failed"]).await;
    register(&app, &fast.url, &["grant.failed"]).await;
    for id in grants(&app, 8).await {
        settle(&app, id, false).await;
    }
    // From the last event on: sharing the slow endpoint's slots, the fast one would wait
    // 3 s per round of 2 (about 12 s for 8); isolated, it is served at once. Timing the
    // set-up as well only measured how loaded the machine was.
    let started = Instant::now();
    eventually(
        "the fast receiver has every event",
        Duration::from_secs(10),
        || async { fast.receipts().len() >= 8 },
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the fast endpoint waited for the slow one: {:?}",
        started.elapsed()
    );
    assert!(slow.receipts().len() < 8);
    app.stop().await;
}

#[tokio::test]
async fn deliveries_leased_ahead_keep_an_endpoint_at_its_bound_and_each_event_arrives_once() {
    // Leasing ahead takes up to twice the bound; no more than the bound may be in flight.
    let app = app_with_webhooks(|c| c.webhooks.webhook_endpoint_concurrency = 3).await;
    let receiver = Receiver::start().await;
    receiver.delay_ms.store(150, Ordering::SeqCst);
    register(&app, &receiver.url, &["grant.failed"]).await;
    let ids = grants(&app, 24).await;
    for id in &ids {
        settle(&app, *id, false).await;
    }
    eventually("every event delivered", Duration::from_secs(60), || async {
        receiver.receipts().len() >= 24
    })
    .await;
    assert_eq!(
        receiver.peak.load(Ordering::SeqCst),
        3,
        "in flight at once to one endpoint"
    );
    let mut arrived = receiver.arrivals.lock().unwrap().clone();
    arrived.sort();
    arrived.dedup();
    assert_eq!(arrived.len(), 24);
    assert_eq!(
        receiver.arrivals.lock().unwrap().len(),
        24,
        "an event attempted twice"
    );
    app.stop().await;
}

#[tokio::test]
async fn on_shutdown_deliveries_leased_ahead_and_not_attempted_are_handed_back() {
    let app = app_with_webhooks(|c| c.webhooks.webhook_endpoint_concurrency = 1).await;
    let receiver = Receiver::start().await;
    receiver.delay_ms.store(1500, Ordering::SeqCst);
    register(&app, &receiver.url, &["grant.failed"]).await;
    for id in grants(&app, 4).await {
        settle(&app, id, false).await;
    }
    let db = app.db.clone();
    let leased = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' \
             AND leased_until > now()",
        )
        .fetch_one(&db)
        .await
        .unwrap()
    };
    let fanned_out = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM webhook_deliveries")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    // Every event fanned out; one in flight, one more leased ahead, waiting for the slot.
    eventually(
        "an attempt in flight and one leased ahead",
        Duration::from_secs(20),
        || async {
            fanned_out().await == 4
                && receiver.arrivals.lock().unwrap().len() == 1
                && leased().await == 2
        },
    )
    .await;
    app.stop().await;
    // The attempt in flight ended and was recorded; the waiting one is due again at once, not
    // when its lease (two timeouts + 20 s) would have run out.
    assert_eq!(receiver.receipts().len(), 1);
    assert_eq!(leased().await, 0);
    let due: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending' \
         AND next_attempt_at <= now() AND leased_until IS NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(due, 3);
}

#[tokio::test]
async fn a_result_from_the_bus_is_delivered_at_once_not_at_the_next_poll() {
    // Polls far apart: only the results consumer's wake-up can bring the event out sooner.
    let app = app_with_webhooks(|c| c.webhooks.webhook_poll_ms = 60_000).await;
    let receiver = Receiver::start().await;
    register(&app, &receiver.url, &["grant.completed"]).await;
    app.add_user("alice", Some(&wallet(1)), 0).await;
    let id = app.post_grant("alice", "launch").await;
    let result = result_for(&app.db, id, true).await;
    let published = Instant::now();
    app.publish_results(&[result]).await;
    eventually(
        "the completion delivered",
        Duration::from_secs(30),
        || async { !receiver.receipts().is_empty() },
    )
    .await;
    assert!(
        published.elapsed() < Duration::from_secs(15),
        "delivered {:?} after the result was published",
        published.elapsed()
    );
    assert_eq!(
        receiver.receipts()[0].json()["data"]["request_id"],
        id.to_string()
    );
    app.stop().await;
}

#[tokio::test]
async fn bad_registrations_are_refused_naming_the_field() {
    let app = app_with_webhooks(|c| c.webhooks.webhook_allow_insecure_urls = false).await;
    let cases = [
        (
            json!({ "url": "not a url", "event_types": ["grant.completed"] }),
            400,
            "url",
        ),
        (json!({ "event_types": ["grant.completed"] }), 400, "url"),
        (
            json!({ "url": "https://example.com/h", "event_types": ["grant.paid"] }),
            422,
            "event_types",
        ),
        (
            json!({ "url": "https://example.com/h", "event_types": [] }),
            400,
            "event_types",
        ),
        (
            json!({ "url": "https://example.com/h" }),
            400,
            "event_types",
        ),
        (
            json!({ "url": "http://127.0.0.1:9/h", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://127.0.0.1:9/h", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://169.254.169.254/computeMetadata/v1/", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://[::1]/h", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://localhost/h", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
        (
            json!({ "url": "https://10.1.2.3/h", "event_types": ["grant.completed"], "description": 5 }),
            400,
            "description",
        ),
        (
            json!({ "url": "https://10.1.2.3/h", "event_types": ["grant.completed"] }),
            422,
            "url",
        ),
    ];
    for (body, want, field) in cases {
        let (status, answer) = send(
            &app,
            reqwest::Method::POST,
            "/admin/webhooks",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, want, "{body} → {answer}");
        assert_eq!(answer["error"]["field"], field, "{body} → {answer}");
    }
    let (status, answer) = send(&app, reqwest::Method::GET, "/admin/webhooks/nope", None).await;
    assert_eq!(
        (status, answer["error"]["field"].clone()),
        (400, json!("endpoint_id"))
    );
    app.stop().await;

    let unconfigured = spawn_app_with(|_| {}).await;
    let (status, answer) = send(
        &unconfigured,
        reqwest::Method::POST,
        "/admin/webhooks",
        Some(json!({ "url": "http://127.0.0.1:9/h", "event_types": ["grant.completed"] })),
    )
    .await;
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["error"]["code"], "webhooks_not_configured");
    unconfigured.stop().await;
}

/// The real service without `TestApp`'s graceful stop: its task can be aborted mid-work, as a
/// crash would end it (no drain, no record of the attempts in flight).
struct Crashable {
    config: campaign_svc::config::Config,
    base: String,
    db: sqlx::PgPool,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
    shutdown: shared::shutdown::Shutdown,
}

impl Crashable {
    async fn start(config: campaign_svc::config::Config) -> Self {
        let app = campaign_svc::startup::Application::build(config.clone())
            .await
            .expect("the app starts");
        let base = format!("http://{}", app.local_addr());
        let db = app.db().clone();
        let shutdown = shared::shutdown::Shutdown::new();
        let handle = tokio::spawn(app.run(shutdown.clone()));
        Self {
            config,
            base,
            db,
            handle,
            shutdown,
        }
    }

    /// Ends the service at once: its task and every task it spawned are dropped where they are.
    async fn crash(self) -> campaign_svc::config::Config {
        self.handle.abort();
        assert!(self.handle.await.unwrap_err().is_cancelled());
        self.config
    }
}

#[tokio::test]
async fn a_delivery_in_flight_when_the_service_dies_is_retried_after_restart_with_its_event_id() {
    let mut config = campaign_svc::config::Config::for_tests(
        shared::testkit::fresh_database(),
        shared::testkit::pubsub_config(),
        shared::pubsub::TopicNames::unique_for_test("campaign"),
    );
    config.signing = shared::testkit::signing_config();
    config.webhooks.webhook_secrets_key = Some(secrets_key());
    // The service dies well within an attempt's timeout; a dead replica's attempt is retried
    // when its lease (the timeout + 20 s) runs out.
    config.webhooks.webhook_timeout_secs = 5;
    let app = Crashable::start(config).await;
    sqlx::query(campaign_svc::demo::USERS_TABLE)
        .execute(&app.db)
        .await
        .unwrap();
    let receiver = Receiver::start().await;
    // The receiver holds every request open: the attempts are in flight when the service dies.
    receiver.delay_ms.store(60_000, Ordering::SeqCst);
    let http = reqwest::Client::new();
    let registered: Value = http
        .post(format!("{}/admin/webhooks", app.base))
        .json(&json!({ "url": receiver.url, "event_types": ["grant.completed", "grant.failed"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = registered["secret"].as_str().unwrap().to_string();
    let grants = ["alice", "bob", "carol"];
    let mut ids = Vec::new();
    for (n, user) in grants.iter().enumerate() {
        sqlx::query("INSERT INTO users (user_id, wallet_address, balance) VALUES ($1, $2, 0)")
            .bind(user)
            .bind(wallet(n as u8 + 1))
            .execute(&app.db)
            .await
            .unwrap();
        let answer: Value = http
            .post(format!(
                "{}/token-request?user_id={user}&campaign_id=launch",
                app.base
            ))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(
            answer["request_id"]
                .as_str()
                .unwrap()
                .parse::<Uuid>()
                .unwrap(),
        );
    }
    let db = app.db.clone();
    for (n, id) in ids.iter().enumerate() {
        settle_in(&db, *id, n != 1).await;
    }
    // Sent, not answered: the receiver holds each request, the service waits for the answer.
    eventually(
        "three attempts in flight",
        Duration::from_secs(20),
        || async { receiver.arrivals.lock().unwrap().len() == 3 },
    )
    .await;
    let held: Vec<String> = receiver.arrivals.lock().unwrap().clone();
    let config = app.crash().await;
    let attempts: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_attempts")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(attempts, 0, "the dead service recorded nothing");

    receiver.delay_ms.store(0, Ordering::SeqCst);
    let restarted = Crashable::start(config).await;
    eventually(
        "every event delivered after the restart",
        Duration::from_secs(60),
        || async {
            let delivered: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'",
            )
            .fetch_one(&db)
            .await
            .unwrap();
            delivered == 3
        },
    )
    .await;
    let recorded: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "SELECT event_id, request_id, event_type FROM notification_events ORDER BY request_id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(recorded.len(), 3);
    let receipts = receiver.receipts();
    for (event_id, request_id, event_type) in &recorded {
        let arrived: Vec<&Receipt> = receipts
            .iter()
            .filter(|r| r.id() == event_id.to_string())
            .collect();
        assert!(
            !arrived.is_empty(),
            "{event_type} of {request_id} never arrived"
        );
        for r in &arrived {
            assert!(r.verifies_with(&secret));
            assert_eq!(r.json()["data"]["request_id"], request_id.to_string());
            assert_eq!(r.json()["type"], event_type.as_str());
        }
    }
    assert!(
        receipts
            .iter()
            .all(|r| recorded.iter().any(|(e, _, _)| r.id() == e.to_string())),
        "only recorded events arrive"
    );
    // What arrived after the restart is what was in flight at the crash, under the same ids.
    let mut before = held.clone();
    before.sort();
    let mut after: Vec<String> = receipts.iter().map(Receipt::id).collect();
    after.sort();
    assert_eq!(before, after);
    // Each delivery's one recorded attempt is the restarted service's, answered 200.
    let log: Vec<(Option<i32>,)> = sqlx::query_as("SELECT status_code FROM webhook_attempts")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|(s,)| *s == Some(200)), "{log:?}");
    restarted.shutdown.trigger();
    restarted.handle.await.unwrap().unwrap();
}

#[tokio::test]
async fn a_fast_receiver_gets_an_endpoints_deliveries_back_to_back_not_a_few_per_poll() {
    // A long idle poll: only the wake-up of a finished attempt can keep the endpoint busy.
    let app = app_with_webhooks(|c| {
        c.webhooks.webhook_poll_ms = 2000;
        c.webhooks.webhook_endpoint_concurrency = 2;
    })
    .await;
    let receiver = Receiver::start().await;
    register(&app, &receiver.url, &["grant.failed"]).await;
    let ids = grants(&app, 30).await;
    // Every event recorded at once; two attempts at a time may be in flight.
    let settled = Instant::now();
    for id in ids {
        settle(&app, id, false).await;
    }
    eventually("every event delivered", Duration::from_secs(60), || async {
        receiver.receipts().len() >= 30
    })
    .await;
    // Two per 2 s poll would take 30 s.
    assert!(
        settled.elapsed() < Duration::from_secs(8),
        "30 deliveries took {:?}",
        settled.elapsed()
    );
    app.stop().await;
}

#[tokio::test]
async fn a_delivery_the_fan_out_had_room_for_is_leased_when_created_and_updated_once_when_delivered()
 {
    let app = app_with_webhooks(|c| c.webhooks.webhook_endpoint_concurrency = 8).await;
    // Every change to a delivery, as it happens (a trigger of this test's database only).
    sqlx::raw_sql(
        "CREATE TABLE delivery_changes (delivery_id uuid, was_leased bool, status text); \
         CREATE FUNCTION log_delivery_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           INSERT INTO delivery_changes \
           VALUES (NEW.delivery_id, OLD.leased_until IS NOT NULL, NEW.status); \
           RETURN NULL; END $$; \
         CREATE TRIGGER log_delivery_change AFTER UPDATE ON webhook_deliveries \
           FOR EACH ROW EXECUTE FUNCTION log_delivery_change();",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let receiver = Receiver::start().await;
    register(&app, &receiver.url, &["grant.failed"]).await;
    // 12 events, a window of 16 (twice the bound): each fits in the fan-out pass that takes it.
    let ids = grants(&app, 12).await;
    for id in ids {
        settle(&app, id, false).await;
    }
    eventually("every event delivered", Duration::from_secs(30), || async {
        let delivered: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        delivered == 12
    })
    .await;
    // One change each: from leased (as the fan-out created it) to delivered. No lease statement
    // touched them.
    let changes: Vec<(Uuid, bool, String)> =
        sqlx::query_as("SELECT delivery_id, was_leased, status FROM delivery_changes")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(changes.len(), 12, "{changes:?}");
    assert!(
        changes
            .iter()
            .all(|(_, leased, status)| *leased && status == "delivered"),
        "{changes:?}"
    );
    assert_eq!(receiver.receipts().len(), 12);
    app.stop().await;
}
