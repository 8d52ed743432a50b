//! Results back from chain-svc: completed, duplicates, out of order, failures releasing the
//! amount, and malformed messages to the dead-letter topic.

use crate::common::{Collector, TestApp, spawn_app, wait_until, wallet};
use chrono::Utc;
use serde_json::Value;
use shared::grant::{EVENT_GRANT_COMPLETED, EVENT_GRANT_FAILED, ErrorClass, GrantResult, Outcome};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

fn hash(n: u8) -> String {
    format!("0x{}", format!("{n:02x}").repeat(32))
}

fn completed(id: Uuid, user: &str, tx: &str) -> GrantResult {
    GrantResult {
        event_type: EVENT_GRANT_COMPLETED.into(),
        request_id: id,
        user_id: user.into(),
        campaign_id: "c".into(),
        transaction_hash: Some(tx.into()),
        error_message: None,
        timestamp: Utc::now(),
        processed_at: Utc::now(),
        outcome: Outcome::Paid,
        error_class: None,
        job_id: Some(9),
        ledger_version: Some(1234),
        token_amount: 1,
    }
}

fn failed(id: Uuid, user: &str) -> GrantResult {
    GrantResult {
        event_type: EVENT_GRANT_FAILED.into(),
        transaction_hash: None,
        error_message: Some("E_INVALID_RECIPIENT".into()),
        outcome: Outcome::Failed,
        error_class: Some(ErrorClass::Permanent),
        ..completed(id, user, "")
    }
}

async fn publish(app: &TestApp, results: &[GrantResult]) {
    let publisher = app
        .bus
        .publisher(&app.config.topics.results_topic, Duration::from_secs(10))
        .await
        .unwrap();
    for r in results {
        let attrs = HashMap::from([("request_id".to_string(), r.request_id.to_string())]);
        publisher.publish(r.encode(), attrs).await.unwrap();
    }
}

async fn status_of(app: &TestApp, id: Uuid) -> Value {
    app.http
        .get(app.url(&format!("/grants/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn wait_status(app: &TestApp, id: Uuid, want: &str) {
    wait_until(
        &format!("grant {id} {want}"),
        Duration::from_secs(20),
        || async { status_of(app, id).await["status"] == want },
    )
    .await;
}

async fn post_grant(app: &TestApp, user: &str, campaign: &str) -> Uuid {
    let body: Value = app
        .http
        .post(app.url(&format!(
            "/token-request?user_id={user}&campaign_id={campaign}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["request_id"].as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_completed_result_shows_in_status_with_its_hash() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let id = post_grant(&app, "alice", "summer").await;
    publish(&app, &[completed(id, "alice", &hash(0xee))]).await;
    wait_status(&app, id, "completed").await;
    let status: Value = app
        .http
        .get(app.url("/status?user_id=alice"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["paid"], 100);
    assert_eq!(status["pending"], 0);
    assert_eq!(status["grants"][0]["status"], "completed");
    assert_eq!(status["grants"][0]["transaction_hash"], hash(0xee));
    assert_eq!(status["grants"][0]["ledger_version"], 1234);
}

#[tokio::test]
async fn duplicate_and_out_of_order_results_leave_the_state_correct() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let id = post_grant(&app, "alice", "dup").await;
    // completed, then the same again and a late failure: stays completed with one transition.
    publish(&app, &[completed(id, "alice", &hash(1))]).await;
    wait_status(&app, id, "completed").await;
    publish(
        &app,
        &[completed(id, "alice", &hash(1)), failed(id, "alice")],
    )
    .await;
    // A marker result after them proves the earlier ones were all consumed.
    let marker = post_grant(&app, "alice", "marker").await;
    publish(&app, &[completed(marker, "alice", &hash(2))]).await;
    wait_status(&app, marker, "completed").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shown = status_of(&app, id).await;
    assert_eq!(shown["status"], "completed");
    assert_eq!(shown["transaction_hash"], hash(1));
    assert_eq!(shown["released"], false);
    let to_completed = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to_status"] == "completed")
        .count();
    assert_eq!(to_completed, 1, "{shown}");
    assert!(
        shown["events"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["to_status"] != "failed")
    );
}

#[tokio::test]
async fn a_failed_ledger_grant_releases_its_coins_to_the_next_run() {
    let app = spawn_app().await;
    app.add_user("bob", Some(&wallet(0xb0)), 400).await;
    let run: Value = app
        .http
        .post(app.url("/admin/ledger-runs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["grants_created"], 1);
    let first: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    publish(&app, &[failed(first, "bob")]).await;
    wait_status(&app, first, "failed").await;
    let shown = status_of(&app, first).await;
    assert_eq!(shown["released"], true);
    assert_eq!(shown["error_class"], "permanent");
    let credited: i64 =
        sqlx::query_scalar("SELECT credited FROM user_ledger WHERE user_id = 'bob'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(credited, 0);
    // A duplicate failure does not release twice.
    publish(&app, &[failed(first, "bob")]).await;
    let run: Value = app
        .http
        .post(app.url("/admin/ledger-runs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["grants_created"], 1);
    assert_eq!(run["coins_credited"], 400);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let credited: i64 =
        sqlx::query_scalar("SELECT credited FROM user_ledger WHERE user_id = 'bob'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        credited, 400,
        "released exactly once, re-credited exactly once"
    );
    let status: Value = app
        .http
        .get(app.url("/status?user_id=bob"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["failed"], 400);
    assert_eq!(status["pending"], 400);
}

#[tokio::test]
async fn a_failed_campaign_grant_frees_the_slot_and_can_be_retried_once() {
    let app = spawn_app().await;
    app.add_user("carol", Some(&wallet(0xc0)), 0).await;
    let id = post_grant(&app, "carol", "once").await;
    publish(&app, &[failed(id, "carol")]).await;
    wait_status(&app, id, "failed").await;
    let retry = app
        .http
        .post(app.url(&format!("/admin/grants/{id}/retry")))
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), 202);
    let retried: Value = retry.json().await.unwrap();
    assert_eq!(retried["retry_of"], id.to_string());
    let again = app
        .http
        .post(app.url(&format!("/admin/grants/{id}/retry")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    let dup = app
        .http
        .post(app.url("/token-request?user_id=carol&campaign_id=once"))
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), 409, "the retry holds the campaign slot");
}

#[tokio::test]
async fn malformed_and_unknown_results_go_to_the_dead_letter_topic() {
    let app = spawn_app().await;
    let dead = Collector::start(
        &app.bus,
        &format!("{}-sub", app.config.topics.results_dead_letter_topic),
    );
    let publisher = app
        .bus
        .publisher(&app.config.topics.results_topic, Duration::from_secs(10))
        .await
        .unwrap();
    publisher
        .publish(b"{not json".to_vec(), HashMap::new())
        .await
        .unwrap();
    let mut wrong_type = serde_json::to_value(completed(Uuid::new_v4(), "x", &hash(3))).unwrap();
    wrong_type["event_type"] = "token.grant.exploded".into();
    publisher
        .publish(wrong_type.to_string().into_bytes(), HashMap::new())
        .await
        .unwrap();
    publish(&app, &[completed(Uuid::new_v4(), "ghost", &hash(4))]).await;
    wait_until("three dead letters", Duration::from_secs(20), || async {
        dead.len() >= 3
    })
    .await;
    let reasons: Vec<String> = dead
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|(_, a)| a["dead_letter_reason"].clone())
        .collect();
    for want in ["malformed", "unknown_event_type", "unknown_grant"] {
        assert!(reasons.iter().any(|r| r == want), "{reasons:?}");
    }
    let metrics = app
        .http
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("grant_results_dead_lettered_total"));
    assert_eq!(
        app.http
            .get(app.url("/health"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn a_completion_arriving_after_a_released_failure_wins_and_restores_the_credit() {
    let app = spawn_app().await;
    app.add_user("erin", Some(&wallet(0xe0)), 70).await;
    app.http
        .post(app.url("/admin/ledger-runs"))
        .send()
        .await
        .unwrap();
    let id: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    publish(&app, &[failed(id, "erin")]).await;
    wait_status(&app, id, "failed").await;
    publish(&app, &[completed(id, "erin", &hash(7))]).await;
    wait_status(&app, id, "completed").await;
    let shown = status_of(&app, id).await;
    assert_eq!(shown["released"], false);
    assert_eq!(shown["transaction_hash"], hash(7));
    let credited: i64 =
        sqlx::query_scalar("SELECT credited FROM user_ledger WHERE user_id = 'erin'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        credited, 70,
        "the paid coins count as credited again, so no run pays them twice"
    );
    let run: Value = app
        .http
        .post(app.url("/admin/ledger-runs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["grants_created"], 0);
    let trail: Vec<String> = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["to_status"].as_str().unwrap().to_string())
        .collect();
    assert!(
        trail.ends_with(&["failed".to_string(), "completed".to_string()]),
        "{trail:?}"
    );
}
