//! Retention of notification events and webhook deliveries (`NOTIFICATIONS_RETENTION_DAYS`):
//! what is done with goes after the period, what a subscriber has not had stays however old.

use crate::common::spawn_app_with;
use campaign_svc::notifications::retention::{Pruned, prune};
use std::time::Duration;
use uuid::Uuid;

const DAY: Duration = Duration::from_secs(86_400);

/// An event recorded `age_days` ago, handed to the topic unless `unpublished`, fanned out.
async fn event(db: &sqlx::PgPool, age_days: i32, unpublished: bool) -> Uuid {
    sqlx::query_scalar(
        "INSERT INTO notification_events (event_type, payload, created_at, published_at, \
         fanned_out_at) VALUES ('webhook.test', '{}', now() - make_interval(days => $1), \
         CASE WHEN $2 THEN NULL ELSE now() END, now()) RETURNING event_id",
    )
    .bind(age_days)
    .bind(unpublished)
    .fetch_one(db)
    .await
    .unwrap()
}

/// A delivery of `event` to `endpoint` as old as the event, in `status`, with one attempt.
async fn delivery(db: &sqlx::PgPool, endpoint: Uuid, event: Uuid, status: &str) -> Uuid {
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (endpoint_id, event_id, status, attempts, created_at) \
         SELECT $1, $2, $3, 1, created_at FROM notification_events WHERE event_id = $2 \
         RETURNING delivery_id",
    )
    .bind(endpoint)
    .bind(event)
    .bind(status)
    .fetch_one(db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, status_code, latency_ms) VALUES ($1, 200, 3)",
    )
    .bind(id)
    .execute(db)
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn retention_deletes_only_events_and_deliveries_done_with_and_older_than_the_period() {
    // Nothing in the background: no relay, no delivery worker, no pruning pass.
    let app = spawn_app_with(|c| {
        c.notifications.notifications_workers = 0;
        c.notifications.notifications_retention_days = 0;
        c.webhooks.webhook_workers = 0;
    })
    .await;
    let db = &app.db;
    let endpoint: Uuid = sqlx::query_scalar(
        "INSERT INTO webhook_endpoints (url, event_types, secret_sealed) \
         VALUES ('http://127.0.0.1:9/h', '{webhook.test}', '\\x00') RETURNING endpoint_id",
    )
    .fetch_one(db)
    .await
    .unwrap();
    let delivered_old = event(db, 40, false).await;
    delivery(db, endpoint, delivered_old, "delivered").await;
    let given_up_old = event(db, 40, false).await;
    delivery(db, endpoint, given_up_old, "failed").await;
    let pending_old = event(db, 40, false).await;
    let pending_delivery = delivery(db, endpoint, pending_old, "pending").await;
    let unpublished_old = event(db, 40, true).await;
    let delivered_recent = event(db, 1, false).await;
    let recent_delivery = delivery(db, endpoint, delivered_recent, "delivered").await;
    let unsubscribed_old = event(db, 40, false).await;

    let pruned = prune(db, 30 * DAY).await.unwrap();
    assert_eq!(
        pruned,
        Pruned {
            deliveries: 2,
            events: 3
        }
    );
    let mut events: Vec<Uuid> = sqlx::query_scalar("SELECT event_id FROM notification_events")
        .fetch_all(db)
        .await
        .unwrap();
    events.sort();
    let mut kept = vec![pending_old, unpublished_old, delivered_recent];
    kept.sort();
    assert_eq!(
        events, kept,
        "the pending, the unpublished and the recent stay"
    );
    for gone in [delivered_old, given_up_old, unsubscribed_old] {
        assert!(!events.contains(&gone));
    }
    let mut deliveries: Vec<Uuid> =
        sqlx::query_scalar("SELECT delivery_id FROM webhook_deliveries")
            .fetch_all(db)
            .await
            .unwrap();
    deliveries.sort();
    let mut kept = vec![pending_delivery, recent_delivery];
    kept.sort();
    assert_eq!(deliveries, kept);
    let attempts: i64 = sqlx::query_scalar("SELECT count(*) FROM webhook_attempts")
        .fetch_one(db)
        .await
        .unwrap();
    assert_eq!(attempts, 2, "a pruned delivery's attempts go with it");
    assert_eq!(prune(db, 30 * DAY).await.unwrap(), Pruned::default());
    app.stop().await;
}
