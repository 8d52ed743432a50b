//! The outbox: the exact request reaches the bus; a crash between publish and mark re-publishes
//! without creating a second grant.

use crate::common::{Collector, eventually, spawn_app_with, wallet};
use campaign_svc::outbox::{claim_and_publish, relay_once, requeue_stale};
use serde_json::Value;
use shared::signing::{KEY_ID_ATTRIBUTE, MessageKind};
use shared::testkit;
use std::time::Duration;

#[tokio::test]
async fn the_subscription_receives_the_exact_request_json() {
    let app = spawn_app_with(|_| {}).await;
    let chain = Collector::start(&app.bus, &app.config.topics.requests_subscription);
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=alice&campaign_id=summer"))
        .header(
            "traceparent",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .send()
        .await
        .unwrap();
    let grant: Value = res.json().await.unwrap();
    eventually(
        "the request on the bus",
        Duration::from_secs(20),
        || async { !chain.is_empty() },
    )
    .await;
    let (data, attrs) = chain.messages.lock().unwrap()[0].clone();
    let msg: Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(msg["event_type"], "token.grant.requested");
    assert_eq!(msg["request_id"], grant["request_id"]);
    assert_eq!(msg["user_id"], "alice");
    assert_eq!(msg["campaign_id"], "summer");
    assert_eq!(msg["wallet_address"], wallet(0xa1));
    assert_eq!(msg["token_amount"], 100);
    assert_eq!(msg["token_type"], "GRANT");
    assert_eq!(msg["retry_count"], 0);
    let sent: chrono::DateTime<chrono::Utc> = msg["timestamp"].as_str().unwrap().parse().unwrap();
    let recorded: chrono::DateTime<chrono::Utc> =
        grant["created_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(sent, recorded);
    assert_eq!(attrs["event_type"], "token.grant.requested");
    assert_eq!(attrs["request_id"], grant["request_id"].as_str().unwrap());
    assert!(
        attrs["traceparent"].starts_with("00-0af7651916cd43dd8448eb211c80319c-"),
        "the caller's trace continues: {attrs:?}"
    );
    // Signed over the exact bytes with the service's key, as a request (issue 15 item 5).
    assert_eq!(attrs[KEY_ID_ATTRIBUTE], testkit::TEST_SIGNING_KEY_ID);
    testkit::keyring()
        .verify(MessageKind::GrantRequest, &data, &attrs)
        .expect("the request is signed");
    assert!(
        testkit::keyring()
            .verify(MessageKind::GrantResult, &data, &attrs)
            .is_err(),
        "a request's signature never passes as a result's"
    );
    // The relay marked it handed over.
    eventually("status submitted", Duration::from_secs(10), || async {
        let s: String = sqlx::query_scalar("SELECT status::text FROM grants")
            .fetch_one(&app.db)
            .await
            .unwrap();
        s == "submitted"
    })
    .await;
}

#[tokio::test]
async fn a_grant_published_long_ago_without_a_result_is_published_again_until_it_settles() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let chain = Collector::start(&app.bus, &app.config.topics.requests_subscription);
    app.add_user("dora", Some(&wallet(0xd0)), 0).await;
    app.http
        .post(app.url("/token-request?user_id=dora&campaign_id=lost"))
        .send()
        .await
        .unwrap();
    let publisher = app
        .bus
        .publisher(&app.config.topics.requests_topic, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        relay_once(&app.db, &publisher, &testkit::keyring(), 100)
            .await
            .unwrap()
            .published,
        1
    );
    // Not stale yet: nothing to do.
    assert_eq!(
        requeue_stale(&app.db, Duration::from_secs(60), 100)
            .await
            .unwrap(),
        0
    );
    // Ages every grant past the 60 s threshold, then runs one requeue pass.
    let age_and_requeue = || async {
        sqlx::query("UPDATE grants SET updated_at = now() - interval '2 minutes'")
            .execute(&app.db)
            .await
            .unwrap();
        requeue_stale(&app.db, Duration::from_secs(60), 100)
            .await
            .unwrap()
    };
    assert_eq!(age_and_requeue().await, 1);
    assert_eq!(
        relay_once(&app.db, &publisher, &testkit::keyring(), 100)
            .await
            .unwrap()
            .published,
        1
    );
    eventually("both copies", Duration::from_secs(20), || async {
        chain.len() >= 2
    })
    .await;
    let ids: Vec<Value> = chain
        .json()
        .iter()
        .map(|m| m["request_id"].clone())
        .collect();
    assert_eq!(ids[0], ids[1]);
    // Queued again, then settled before the relay gets to it (the first copy's result arrives
    // late): the grant leaves the queue instead of being published a third time.
    assert_eq!(age_and_requeue().await, 1);
    sqlx::query("UPDATE grants SET status = 'completed', settled_at = now()")
        .execute(&app.db)
        .await
        .unwrap();
    let pass = relay_once(&app.db, &publisher, &testkit::keyring(), 100)
        .await
        .unwrap();
    assert_eq!(pass.claimed, 0, "a settled grant leaves the queue");
    // A settled grant handed to the bus long ago is never requeued.
    sqlx::query(
        "UPDATE grants SET status = 'completed', published_at = now() - interval '2 minutes', \
         updated_at = now() - interval '2 minutes'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(
        requeue_stale(&app.db, Duration::from_secs(60), 100)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_crash_between_publish_and_mark_republishes_the_same_grant() {
    // No relay workers of its own: the test drives the relay by hand.
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let chain = Collector::start(&app.bus, &app.config.topics.requests_subscription);
    app.add_user("bob", Some(&wallet(0xb0)), 0).await;
    let res = app
        .http
        .post(app.url("/token-request?user_id=bob&campaign_id=crash"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let publisher = app
        .bus
        .publisher(&app.config.topics.requests_topic, Duration::from_secs(10))
        .await
        .unwrap();

    // Publish, then "crash": the transaction that would mark the row is dropped uncommitted.
    let mut tx = app.db.begin().await.unwrap();
    let (claimed, published) = claim_and_publish(&mut tx, &publisher, &testkit::keyring(), 100)
        .await
        .unwrap();
    assert_eq!((claimed, published.len()), (1, 1));
    tx.rollback().await.unwrap();

    let pass = relay_once(&app.db, &publisher, &testkit::keyring(), 100)
        .await
        .unwrap();
    assert_eq!(pass.published, 1, "the unmarked row is published again");
    let pass = relay_once(&app.db, &publisher, &testkit::keyring(), 100)
        .await
        .unwrap();
    assert_eq!(
        pass.claimed, 0,
        "once marked, it is not published a third time"
    );

    eventually("both copies", Duration::from_secs(20), || async {
        chain.len() >= 2
    })
    .await;
    let ids: Vec<Value> = chain
        .json()
        .iter()
        .map(|m| m["request_id"].clone())
        .collect();
    assert_eq!(ids[0], ids[1], "the same grant id both times");
    let grants: i64 = sqlx::query_scalar("SELECT count(*) FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(grants, 1);
}

/// The relay's claim and the requeue run all the time, and the stuck-grants view on demand, over
/// a table that can hold millions of open grants after a ledger run: each must read
/// grants_open_idx in order instead of sorting every open grant. With sequential scans and sorts
/// priced out, a plan without an index path that yields the order still has to sort.
#[tokio::test]
async fn the_queue_the_requeue_and_the_stuck_view_read_the_open_grants_index_in_order() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    sqlx::query(
        "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, \
         token_amount, token_type, status, published_at, updated_at) \
         SELECT grant_request_id(), 'campaign', 'user-' || i, 'c', \
                '0x' || lpad(to_hex(i), 64, '0'), 1, 'GRANT', \
                (ARRAY['pending', 'submitted', 'completed', 'failed'])[i % 4 + 1]::grant_status, \
                CASE WHEN i % 4 = 0 THEN NULL ELSE now() END, \
                now() - make_interval(secs => i) \
         FROM generate_series(1, 2000) AS i",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query("ANALYZE grants")
        .execute(&app.db)
        .await
        .unwrap();
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("SET LOCAL enable_sort = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    let stuck = campaign_svc::grants::STUCK_SQL;
    let queries: [(&str, &str, f64, i64); 3] = [
        ("claim", campaign_svc::outbox::CLAIM_SQL, 0.0, 500),
        ("requeue", campaign_svc::outbox::REQUEUE_SQL, 60.0, 10_000),
        ("stuck", stuck, 300.0, 100),
    ];
    for (name, sql, secs, limit) in queries {
        let explain = format!("EXPLAIN (COSTS OFF) {sql}");
        let q = sqlx::query_scalar::<_, String>(&explain);
        // The claim takes only the limit; the other two take an age and a limit.
        let q = if name == "claim" {
            q.bind(limit)
        } else {
            q.bind(secs).bind(limit)
        };
        let plan = q.fetch_all(&mut *tx).await.unwrap().join("\n");
        assert!(plan.contains("grants_open_idx"), "{name}:\n{plan}");
        let sorts = plan
            .lines()
            .map(|l| l.trim_start().trim_start_matches("->  "))
            .any(|node| node == "Sort" || node.starts_with("Incremental Sort"));
        assert!(!sorts, "{name} sorts:\n{plan}");
    }
}
