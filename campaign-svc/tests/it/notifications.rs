//! Notification events (issue 17): recorded in the same transaction as the change they report,
//! and handed to the notifications topic.

use crate::common::{Collector, TestApp, eventually, spawn_app, spawn_app_with, wallet};
use campaign_svc::results::{Applied, CheckedResult, apply_batch, apply_in};
use chrono::Utc;
use serde_json::Value;
use shared::grant::{
    EVENT_GRANT_COMPLETED, EVENT_GRANT_FAILED, ErrorClass, GrantResult, Outcome, WalletAddress,
};
use shared::pubsub::Pipe;
use std::time::Duration;
use uuid::Uuid;

const HASH: &str = "0xabababababababababababababababababababababababababababababababab";

/// A result for grant `id` as chain-svc would send it: paid when `paid`, else a permanent failure.
async fn result_for(app: &TestApp, id: Uuid, paid: bool) -> CheckedResult {
    let (user_id, campaign_id, wallet_address, token_amount): (String, String, String, i64) =
        sqlx::query_as(
            "SELECT user_id, campaign_id, wallet_address, token_amount FROM grants \
             WHERE request_id = $1",
        )
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    let result = GrantResult {
        event_type: if paid {
            EVENT_GRANT_COMPLETED
        } else {
            EVENT_GRANT_FAILED
        }
        .into(),
        request_id: id,
        user_id,
        campaign_id,
        wallet_address: WalletAddress::parse(&wallet_address).unwrap(),
        transaction_hash: paid.then(|| HASH.to_string()),
        error_message: (!paid).then(|| "E_INVALID_RECIPIENT".to_string()),
        timestamp: Utc::now(),
        processed_at: Utc::now(),
        outcome: if paid { Outcome::Paid } else { Outcome::Failed },
        error_class: (!paid).then_some(ErrorClass::Permanent),
        job_id: Some(7),
        ledger_version: paid.then_some(4242),
        token_amount: token_amount as u64,
    };
    CheckedResult::check(result).unwrap()
}

/// Every event recorded about grant `id`: (type, payload), oldest first.
async fn events_of(app: &TestApp, id: Uuid) -> Vec<(String, Value)> {
    sqlx::query_as(
        "SELECT event_type, payload FROM notification_events WHERE request_id = $1 \
         ORDER BY created_at, event_id",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

async fn event_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM notification_events")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_settled_grant_has_exactly_one_event_with_its_outcome() {
    let app = spawn_app().await;
    app.add_user("paid", Some(&wallet(1)), 0).await;
    app.add_user("unpaid", Some(&wallet(2)), 0).await;
    let paid = app.post_grant("paid", "launch").await;
    let unpaid = app.post_grant("unpaid", "launch").await;
    // Recording a grant is no event unless NOTIFY_GRANT_CREATED is on.
    assert_eq!(event_count(&app).await, 0);

    let results = vec![
        result_for(&app, paid, true).await,
        result_for(&app, unpaid, false).await,
    ];
    let applied = apply_batch(&app.db, &results).await.unwrap();
    assert_eq!(applied, vec![Applied::Completed, Applied::Failed]);
    // The same results again are duplicates: no second event.
    let again = apply_batch(&app.db, &results).await.unwrap();
    assert_eq!(again, vec![Applied::Duplicate, Applied::Duplicate]);

    let completed = events_of(&app, paid).await;
    assert_eq!(completed.len(), 1, "{completed:?}");
    let (kind, payload) = &completed[0];
    assert_eq!(kind, "grant.completed");
    assert_eq!(payload["type"], "grant.completed");
    let id: Uuid = payload["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(id.get_version_num(), 7, "event ids are UUID v7");
    assert!(payload["timestamp"].is_string());
    let data = &payload["data"];
    assert_eq!(data["request_id"], paid.to_string());
    assert_eq!(data["user_id"], "paid");
    assert_eq!(data["campaign_id"], "launch");
    assert_eq!(data["status"], "completed");
    assert_eq!(data["transaction_hash"], HASH);
    assert_eq!(data["ledger_version"], 4242);
    assert_eq!(data["wallet_address"], wallet(1));
    assert_eq!(data["token_amount"], 100);

    let failed = events_of(&app, unpaid).await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    let (kind, payload) = &failed[0];
    assert_eq!(kind, "grant.failed");
    assert_eq!(payload["data"]["status"], "failed");
    assert_eq!(payload["data"]["reason"], "E_INVALID_RECIPIENT");
    assert_eq!(payload["data"]["class"], "permanent");
    assert_eq!(payload["data"]["transaction_hash"], Value::Null);
    app.stop().await;
}

#[tokio::test]
async fn a_status_change_that_rolls_back_leaves_no_event() {
    let app = spawn_app().await;
    app.add_user("u", Some(&wallet(1)), 0).await;
    let id = app.post_grant("u", "launch").await;
    let result = result_for(&app, id, true).await;
    let mut tx = app.db.begin().await.unwrap();
    let applied = apply_in(&mut tx, std::slice::from_ref(&result))
        .await
        .unwrap();
    assert_eq!(applied, vec![Applied::Completed]);
    let inside: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notification_events WHERE request_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    assert_eq!(
        inside, 1,
        "the event is written in the change's transaction"
    );
    tx.rollback().await.unwrap();
    assert!(events_of(&app, id).await.is_empty());
    let status: String =
        sqlx::query_scalar("SELECT status::text FROM grants WHERE request_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_ne!(status, "completed");
    app.stop().await;
}

#[tokio::test]
async fn a_status_change_by_any_statement_records_its_event() {
    // The operator's "fail" (crate::stuck) changes the status with its own UPDATE, not through
    // the results state machine: the trigger records its event all the same.
    let app = spawn_app().await;
    app.add_user("u", Some(&wallet(1)), 0).await;
    let id = app.post_grant("u", "launch").await;
    sqlx::query(
        "UPDATE grants SET status = 'failed', error_message = 'failed by an operator: stuck', \
         error_class = 'permanent', released = false, settled_at = now(), updated_at = now() \
         WHERE request_id = $1",
    )
    .bind(id)
    .execute(&app.db)
    .await
    .unwrap();
    let events = events_of(&app, id).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "grant.failed");
    assert_eq!(
        events[0].1["data"]["reason"],
        "failed by an operator: stuck"
    );
    // pending → submitted (the outbox) is no outcome: no event.
    let other = {
        app.add_user("v", Some(&wallet(2)), 0).await;
        app.post_grant("v", "launch").await
    };
    eventually(
        "the outbox hands the grant over",
        Duration::from_secs(20),
        || async {
            let s: String =
                sqlx::query_scalar("SELECT status::text FROM grants WHERE request_id = $1")
                    .bind(other)
                    .fetch_one(&app.db)
                    .await
                    .unwrap();
            s == "submitted"
        },
    )
    .await;
    assert!(events_of(&app, other).await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_ledger_run_records_its_report_as_an_event() {
    let app = spawn_app().await;
    app.add_user("a", Some(&wallet(1)), 10).await;
    app.add_user("b", Some(&wallet(2)), 20).await;
    app.add_user("nowallet", None, 30).await;
    let run = app.run_ledger().await;
    let run_id = run["run_id"].as_i64().unwrap();
    let events: Vec<Value> = sqlx::query_scalar(
        "SELECT payload FROM notification_events WHERE event_type = 'ledger_run.finished'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let data = &events[0]["data"];
    assert_eq!(data["run_id"], run_id);
    assert_eq!(data["status"], "completed");
    assert_eq!(data["users_scanned"], 3);
    assert_eq!(data["grants_created"], 2);
    assert_eq!(data["coins_credited"], 30);
    assert_eq!(data["skipped"]["no_wallet"], 1);
    // No grant.created events without the setting.
    assert_eq!(event_count(&app).await, 1);
    app.stop().await;
}

#[tokio::test]
async fn grant_created_events_are_recorded_only_when_turned_on() {
    let app = spawn_app_with(|c| c.notifications.notify_grant_created = true).await;
    app.add_user("a", Some(&wallet(1)), 10).await;
    app.add_user("b", Some(&wallet(2)), 0).await;
    app.run_ledger().await;
    let campaign = app.post_grant("b", "launch").await;
    let created: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, payload->'data'->>'source' FROM notification_events \
         WHERE event_type = 'grant.created' ORDER BY user_id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        created,
        vec![
            ("a".to_string(), "ledger".to_string()),
            ("b".to_string(), "campaign".to_string())
        ]
    );
    assert_eq!(
        events_of(&app, campaign).await[0].1["data"]["status"],
        "pending"
    );
    app.stop().await;
}

#[tokio::test]
async fn every_event_reaches_the_notifications_topic_with_its_attributes() {
    let app = spawn_app().await;
    let topic = app.config.topics.notifications_topic.clone();
    let pipe = Pipe::named(
        &topic,
        &format!("{topic}-game"),
        &format!("{topic}-game-dlq"),
    );
    app.bus.provision(&pipe).await.unwrap();
    let collector = Collector::start(&app.bus, &pipe.subscription);
    app.add_user("u", Some(&wallet(1)), 5).await;
    app.run_ledger().await;
    let id: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    apply_batch(&app.db, &[result_for(&app, id, true).await])
        .await
        .unwrap();
    eventually(
        "both events on the topic",
        Duration::from_secs(30),
        || async { collector.len() >= 2 },
    )
    .await;
    eventually(
        "both events marked published",
        Duration::from_secs(10),
        || async {
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM notification_events WHERE published_at IS NULL",
            )
            .fetch_one(&app.db)
            .await
            .unwrap();
            n == 0
        },
    )
    .await;
    let messages = collector.messages.lock().unwrap().clone();
    let recorded: Vec<Uuid> = sqlx::query_scalar("SELECT event_id FROM notification_events")
        .fetch_all(&app.db)
        .await
        .unwrap();
    for event_id in &recorded {
        assert!(
            messages
                .iter()
                .any(|(_, a)| a["event_id"] == event_id.to_string()),
            "event {event_id} never reached the topic"
        );
    }
    let (data, attributes) = messages
        .iter()
        .find(|(_, a)| a["event_type"] == "grant.completed")
        .expect("the completion is on the topic");
    assert_eq!(attributes["user_id"], "u");
    assert_eq!(attributes["campaign_id"], "ledger");
    let body: Value = serde_json::from_slice(data).unwrap();
    assert_eq!(body["id"], attributes["event_id"].as_str());
    assert_eq!(body["data"]["request_id"], id.to_string());
    let (_, run) = messages
        .iter()
        .find(|(_, a)| a["event_type"] == "ledger_run.finished")
        .expect("the run's report is on the topic");
    assert!(!run.contains_key("user_id"));
    app.stop().await;
}

/// `(published_at, fanned_out_at, created_at)` of every event.
async fn relay_times(
    app: &TestApp,
) -> Vec<(
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
    chrono::DateTime<chrono::Utc>,
)> {
    sqlx::query_as("SELECT published_at, fanned_out_at, created_at FROM notification_events")
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_topic_relay_publishes_an_event_only_after_the_webhook_fan_out_took_it() {
    let app = spawn_app().await;
    app.add_user("u", Some(&wallet(1)), 5).await;
    app.run_ledger().await;
    let id: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    apply_batch(&app.db, &[result_for(&app, id, true).await])
        .await
        .unwrap();
    eventually("every event published", Duration::from_secs(30), || async {
        relay_times(&app).await.iter().all(|(p, _, _)| p.is_some())
    })
    .await;
    for (published, fanned_out, _) in relay_times(&app).await {
        let fanned_out = fanned_out.expect("fanned out before it was published");
        assert!(published.unwrap() >= fanned_out);
    }
    app.stop().await;
}

#[tokio::test]
async fn with_no_fan_out_running_events_still_reach_the_topic_after_the_grace() {
    // No replica fans out: the relay must not wait for it forever.
    let app = spawn_app_with(|c| c.webhooks.webhook_workers = 0).await;
    app.add_user("u", Some(&wallet(1)), 5).await;
    app.run_ledger().await;
    eventually(
        "the run's event published",
        Duration::from_secs(30),
        || async {
            let times = relay_times(&app).await;
            !times.is_empty() && times.iter().all(|(p, _, _)| p.is_some())
        },
    )
    .await;
    let grace =
        chrono::Duration::from_std(campaign_svc::notifications::topic::FAN_OUT_FIRST_FOR).unwrap();
    for (published, fanned_out, created) in relay_times(&app).await {
        assert_eq!(fanned_out, None);
        assert!(
            published.unwrap() >= created + grace,
            "published {:?} after it was recorded",
            published.unwrap() - created
        );
    }
    app.stop().await;
}
