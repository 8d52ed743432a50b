//! Results back from chain-svc: completed, duplicates, out of order, failures releasing the
//! amount, and malformed messages to the dead-letter topic.

use crate::common::{
    Collector, TestApp, eventually, signed_as_result, spawn_app, spawn_app_with, wallet,
};
use chrono::Utc;
use serde_json::Value;
use shared::grant::{
    EVENT_GRANT_COMPLETED, EVENT_GRANT_FAILED, ErrorClass, GrantResult, Outcome, WalletAddress,
};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

fn hash(n: u8) -> String {
    format!("0x{}", format!("{n:02x}").repeat(32))
}

/// A grant as chain-svc sees it: what its results copy from the request.
#[derive(Debug, Clone, sqlx::FromRow)]
struct GrantRef {
    request_id: Uuid,
    user_id: String,
    campaign_id: String,
    wallet_address: String,
    token_amount: i64,
}

impl GrantRef {
    /// One made up for a grant the ledger does not have.
    fn unknown(user: &str) -> Self {
        GrantRef {
            request_id: Uuid::new_v4(),
            user_id: user.into(),
            campaign_id: "nowhere".into(),
            wallet_address: wallet(0x01),
            token_amount: 1,
        }
    }

    /// A `completed` result as chain-svc sends it: paid by transaction `tx`.
    fn completed(&self, tx: &str) -> GrantResult {
        GrantResult {
            event_type: EVENT_GRANT_COMPLETED.into(),
            request_id: self.request_id,
            user_id: self.user_id.clone(),
            campaign_id: self.campaign_id.clone(),
            wallet_address: WalletAddress::parse(&self.wallet_address).unwrap(),
            transaction_hash: Some(tx.into()),
            error_message: None,
            timestamp: Utc::now(),
            processed_at: Utc::now(),
            outcome: Outcome::Paid,
            error_class: None,
            job_id: Some(9),
            ledger_version: Some(1234),
            token_amount: self.token_amount as u64,
        }
    }

    /// A `failed` result as chain-svc sends it.
    fn failed(&self) -> GrantResult {
        GrantResult {
            event_type: EVENT_GRANT_FAILED.into(),
            transaction_hash: None,
            error_message: Some("E_INVALID_RECIPIENT".into()),
            outcome: Outcome::Failed,
            error_class: Some(ErrorClass::Permanent),
            ..self.completed("")
        }
    }
}

/// Grant `id` as recorded.
async fn grant_ref(app: &TestApp, id: Uuid) -> GrantRef {
    sqlx::query_as(
        "SELECT request_id, user_id, campaign_id, wallet_address, token_amount FROM grants \
         WHERE request_id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// What the consumer makes of decoded results before applying them.
fn checked(results: &[GrantResult]) -> Vec<campaign_svc::results::CheckedResult> {
    results
        .iter()
        .cloned()
        .map(|r| campaign_svc::results::CheckedResult::check(r).unwrap())
        .collect()
}

async fn publish(app: &TestApp, results: &[GrantResult]) {
    app.publish_results(results).await
}

async fn status_of(app: &TestApp, id: Uuid) -> Value {
    app.get_json(&format!("/grants/{id}")).await
}

async fn wait_status(app: &TestApp, id: Uuid, want: &str) {
    eventually(
        &format!("grant {id} {want}"),
        Duration::from_secs(20),
        || async { status_of(app, id).await["status"] == want },
    )
    .await;
}

#[tokio::test]
async fn a_completed_result_shows_in_status_with_its_hash() {
    let app = spawn_app().await;
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let id = app.post_grant("alice", "summer").await;
    let grant = grant_ref(&app, id).await;
    publish(&app, &[grant.completed(&hash(0xee))]).await;
    wait_status(&app, id, "completed").await;
    let status = app.get_json("/status?user_id=alice").await;
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
    let id = app.post_grant("alice", "dup").await;
    let grant = grant_ref(&app, id).await;
    // completed, then the same again and a late failure: stays completed with one transition.
    publish(&app, &[grant.completed(&hash(1))]).await;
    wait_status(&app, id, "completed").await;
    publish(&app, &[grant.completed(&hash(1)), grant.failed()]).await;
    // A marker result after them proves the earlier ones were all consumed.
    let marker = app.post_grant("alice", "marker").await;
    publish(&app, &[grant_ref(&app, marker).await.completed(&hash(2))]).await;
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
    let run = app.run_ledger().await;
    assert_eq!(run["grants_created"], 1);
    let first: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let grant = grant_ref(&app, first).await;
    publish(&app, &[grant.failed()]).await;
    wait_status(&app, first, "failed").await;
    let shown = status_of(&app, first).await;
    assert_eq!(shown["released"], true);
    assert_eq!(shown["error_class"], "permanent");
    let credited = app.credited("bob").await;
    assert_eq!(credited, 0);
    // A duplicate failure does not release twice.
    publish(&app, &[grant.failed()]).await;
    let run = app.run_ledger().await;
    assert_eq!(run["grants_created"], 1);
    assert_eq!(run["coins_credited"], 400);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let credited = app.credited("bob").await;
    assert_eq!(
        credited, 400,
        "released exactly once, re-credited exactly once"
    );
    let status = app.get_json("/status?user_id=bob").await;
    assert_eq!(status["failed"], 400);
    assert_eq!(status["pending"], 400);
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
    // Signed, so they get as far as decoding.
    publisher
        .publish(
            b"{not json".to_vec(),
            signed_as_result(b"{not json", HashMap::new()),
        )
        .await
        .unwrap();
    let mut wrong_type = serde_json::to_value(GrantRef::unknown("x").completed(&hash(3))).unwrap();
    wrong_type["event_type"] = "token.grant.exploded".into();
    let wrong_type = wrong_type.to_string().into_bytes();
    publisher
        .publish(
            wrong_type.clone(),
            signed_as_result(&wrong_type, HashMap::new()),
        )
        .await
        .unwrap();
    publish(&app, &[GrantRef::unknown("ghost").completed(&hash(4))]).await;
    eventually("three dead letters", Duration::from_secs(20), || async {
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
    // The one dead-letter schema both services write (shared::dead_letter): the same attribute
    // names chain-svc's requests pipe uses, with the error text and the original message id.
    for (_, attrs) in dead.messages.lock().unwrap().iter() {
        assert!(!attrs[shared::dead_letter::ERROR].is_empty(), "{attrs:?}");
        assert!(!attrs["original_message_id"].is_empty(), "{attrs:?}");
        assert!(!attrs.contains_key("reason"), "{attrs:?}");
    }
    let metrics = app.metrics().await;
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
    app.run_ledger().await;
    let id: Uuid = sqlx::query_scalar("SELECT request_id FROM grants")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let grant = grant_ref(&app, id).await;
    publish(&app, &[grant.failed()]).await;
    wait_status(&app, id, "failed").await;
    publish(&app, &[grant.completed(&hash(7))]).await;
    wait_status(&app, id, "completed").await;
    let shown = status_of(&app, id).await;
    assert_eq!(shown["released"], false);
    assert_eq!(shown["transaction_hash"], hash(7));
    let credited = app.credited("erin").await;
    assert_eq!(
        credited, 70,
        "the paid coins count as credited again, so no run pays them twice"
    );
    let run = app.run_ledger().await;
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

async fn ledger_grants(app: &TestApp, users: usize) -> Vec<GrantRef> {
    for i in 0..users {
        app.add_user(&format!("u{i:04}"), Some(&wallet((i % 200) as u8 + 1)), 10)
            .await;
    }
    let run = app.run_ledger().await;
    assert_eq!(run["grants_created"], users);
    sqlx::query_as(
        "SELECT request_id, user_id, campaign_id, wallet_address, token_amount FROM grants \
         ORDER BY user_id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
}

async fn events_to(app: &TestApp, id: Uuid) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT to_status::text FROM grant_events WHERE request_id = $1 \
         AND to_status IN ('completed', 'failed') ORDER BY event_id",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn one_batch_applies_each_result_exactly_as_if_alone() {
    use campaign_svc::results::{Applied, apply_batch};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 6).await;
    let (a, b, c, d, e) = (&grants[0], &grants[1], &grants[2], &grants[3], &grants[4]);
    let ghost = GrantRef::unknown("ghost");
    let batch = vec![
        a.completed(&hash(1)),
        a.completed(&hash(1)), // duplicate in the same batch
        b.failed(),
        b.completed(&hash(2)), // a completion after the released failure
        c.completed(&hash(3)),
        c.failed(), // late failure after completion: ignored
        d.failed(),
        d.failed(), // duplicate failure: released once
        ghost.completed(&hash(4)),
        e.completed(&hash(5)),
    ];
    let batch = checked(&batch);
    let applied = apply_batch(&app.db, &batch).await.unwrap();
    assert_eq!(
        applied,
        vec![
            Applied::Completed,
            Applied::Duplicate,
            Applied::Failed,
            Applied::PaidAfterRelease,
            Applied::Completed,
            Applied::LateFailureIgnored,
            Applied::Failed,
            Applied::Duplicate,
            Applied::UnknownGrant,
            Applied::Completed,
        ]
    );
    let credited: Vec<(String, i64)> =
        sqlx::query_as("SELECT user_id, credited FROM user_ledger ORDER BY user_id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let expect: Vec<(String, i64)> = grants
        .iter()
        .map(|g| {
            let credited = if g.user_id == d.user_id { 0 } else { 10 };
            (g.user_id.clone(), credited)
        })
        .collect();
    assert_eq!(credited, expect, "only d's coins are released, once");
    assert_eq!(events_to(&app, a.request_id).await, ["completed"]);
    assert_eq!(events_to(&app, b.request_id).await, ["failed", "completed"]);
    assert_eq!(events_to(&app, c.request_id).await, ["completed"]);
    assert_eq!(events_to(&app, d.request_id).await, ["failed"]);
    assert_eq!(events_to(&app, e.request_id).await, ["completed"]);
    let (hash_b, released_b): (Option<String>, bool) =
        sqlx::query_as("SELECT transaction_hash, released FROM grants WHERE request_id = $1")
            .bind(b.request_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(hash_b.as_deref(), Some(hash(2).as_str()));
    assert!(!released_b);
    // Applying the whole batch again changes nothing.
    let again = apply_batch(&app.db, &batch).await.unwrap();
    assert!(
        again.iter().all(|a| matches!(
            a,
            Applied::Duplicate | Applied::LateFailureIgnored | Applied::UnknownGrant
        )),
        "{again:?}"
    );
    assert_eq!(events_to(&app, b.request_id).await, ["failed", "completed"]);
}

#[tokio::test]
async fn concurrent_batches_over_the_same_grants_neither_deadlock_nor_double_release() {
    use campaign_svc::results::{CheckedResult, apply_batch};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 200).await;
    let forward = checked(&grants.iter().map(GrantRef::failed).collect::<Vec<_>>());
    let backward: Vec<CheckedResult> = forward.iter().rev().cloned().collect();
    let runs = (0..4).map(|i| {
        let db = app.db.clone();
        let batch = if i % 2 == 0 {
            forward.clone()
        } else {
            backward.clone()
        };
        tokio::spawn(async move { apply_batch(&db, &batch).await })
    });
    for r in futures::future::join_all(runs).await {
        r.unwrap().unwrap();
    }
    let (total, events): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT sum(credited) FROM user_ledger)::int8, \
                (SELECT count(*) FROM grant_events WHERE to_status = 'failed')",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(total, 0, "every grant released exactly once");
    assert_eq!(events, 200);
}

#[tokio::test]
async fn results_arriving_together_are_applied_in_batches() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 1500).await;
    let results: Vec<GrantResult> = grants.iter().map(|g| g.completed(&hash(9))).collect();
    publish_all(&app, &results).await;
    eventually("all completed", Duration::from_secs(60), || async {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM grants WHERE status = 'completed'")
            .fetch_one(&app.db)
            .await
            .unwrap();
        n == 1500
    })
    .await;
    let metrics = app.metrics().await;
    let value = |name: &str| -> f64 {
        metrics
            .lines()
            .find(|l| l.starts_with(name) && !l.contains('{'))
            .and_then(|l| l.split_whitespace().last())
            .map(|v| v.parse().unwrap())
            .unwrap_or_else(|| panic!("{name} missing from\n{metrics}"))
    };
    let batches = value("grant_results_batch_size_count");
    let applied = value("grant_results_batch_size_sum");
    assert!(applied >= 1500.0, "{applied}");
    assert!(
        applied / batches > 2.0,
        "{applied} results in {batches} transactions"
    );
}

async fn publish_all(app: &TestApp, results: &[GrantResult]) {
    let publisher = app
        .bus
        .publisher(&app.config.topics.results_topic, Duration::from_secs(10))
        .await
        .unwrap();
    let messages = results
        .iter()
        .map(|r| {
            let data = r.encode();
            let attrs = signed_as_result(
                &data,
                HashMap::from([("request_id".to_string(), r.request_id.to_string())]),
            );
            (data, attrs)
        })
        .collect();
    for r in publisher.publish_all(messages).await {
        r.unwrap();
    }
}

#[tokio::test]
async fn a_failure_message_with_a_nul_byte_is_stored_cleaned_and_holds_back_nothing() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 40).await;
    let poison = grants[17].request_id;
    let mut nul = grants[17].failed();
    nul.error_message = Some("E_ABORTED\0at 0x1\0".into());
    let results: Vec<GrantResult> = grants
        .iter()
        .map(|g| {
            if g.request_id == poison {
                nul.clone()
            } else {
                g.completed(&hash(5))
            }
        })
        .collect();
    publish_all(&app, &results).await;
    eventually("every result applied", Duration::from_secs(30), || async {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM grants WHERE status NOT IN ('completed', 'failed')",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        open == 0
    })
    .await;
    let shown = status_of(&app, poison).await;
    assert_eq!(shown["status"], "failed", "{shown}");
    assert_eq!(
        shown["error_message"], "E_ABORTED\u{fffd}at 0x1\u{fffd}",
        "{shown}"
    );
    let metrics = app.metrics().await;
    assert!(
        !metrics.contains("grant_results_errors_total"),
        "no result was nacked:\n{metrics}"
    );
}

#[tokio::test]
async fn a_batch_the_database_refuses_is_applied_one_result_at_a_time() {
    use campaign_svc::results::{Applied, apply_isolating};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 10).await;
    let poison = grants[4].request_id;
    // Whatever the reason, the database refuses to settle this one grant.
    sqlx::raw_sql(&format!(
        "CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.request_id = '{poison}' THEN RAISE EXCEPTION 'poison'; END IF; RETURN NEW; \
         END $$; \
         CREATE TRIGGER refuse_poison BEFORE UPDATE ON grants FOR EACH ROW \
           EXECUTE FUNCTION refuse_poison();"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    let batch = checked(
        &grants
            .iter()
            .map(|g| g.completed(&hash(6)))
            .collect::<Vec<_>>(),
    );
    let verdicts = apply_isolating(&app.db, &batch).await;
    for (grant, verdict) in grants.iter().zip(&verdicts) {
        if grant.request_id == poison {
            assert!(verdict.is_err(), "{verdict:?}");
        } else {
            assert_eq!(verdict.as_ref().unwrap(), &Applied::Completed, "{grant:?}");
        }
    }
    let completed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM grants WHERE status = 'completed'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(completed, 9);
}

#[tokio::test]
async fn a_result_that_does_not_match_its_grant_is_dead_lettered_and_the_grant_left_untouched() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let dead = Collector::start(
        &app.bus,
        &format!("{}-sub", app.config.topics.results_dead_letter_topic),
    );
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    app.add_user("mallory", Some(&wallet(0x66)), 0).await;
    let id = app.post_grant("alice", "summer").await;
    let grant = grant_ref(&app, id).await;
    let genuine = grant.completed(&hash(0xee));
    let variants: Vec<(&str, GrantResult)> = vec![
        (
            "mismatched_user_id",
            GrantResult {
                user_id: "mallory".into(),
                ..genuine.clone()
            },
        ),
        (
            "mismatched_campaign_id",
            GrantResult {
                campaign_id: "winter".into(),
                ..genuine.clone()
            },
        ),
        (
            "mismatched_token_amount",
            GrantResult {
                token_amount: 1_000_000,
                ..genuine.clone()
            },
        ),
        (
            "mismatched_token_amount",
            GrantResult {
                token_amount: u64::MAX,
                ..genuine.clone()
            },
        ),
        (
            "mismatched_user_id",
            GrantResult {
                user_id: "mallory".into(),
                ..grant.failed()
            },
        ),
        (
            // Paid to another wallet than the grant's (issue 15 item 4).
            "mismatched_wallet_address",
            GrantResult {
                wallet_address: WalletAddress::parse(&wallet(0x66)).unwrap(),
                ..genuine.clone()
            },
        ),
        (
            "mismatched_wallet_address",
            GrantResult {
                wallet_address: WalletAddress::parse(&wallet(0x66)).unwrap(),
                ..grant.failed()
            },
        ),
        (
            // Decoding refuses it (shared::grant::check_tx_hash), as it does a short hash.
            "invalid_field",
            GrantResult {
                transaction_hash: Some(hash(0xee).to_uppercase().replace("0X", "0x")),
                ..genuine.clone()
            },
        ),
        (
            "invalid_field",
            GrantResult {
                transaction_hash: Some(format!("0x{}", "e".repeat(63))),
                ..genuine.clone()
            },
        ),
        (
            "ledger_version_out_of_range",
            GrantResult {
                ledger_version: Some(u64::MAX),
                ..genuine.clone()
            },
        ),
        (
            "job_id_out_of_range",
            GrantResult {
                job_id: Some(1 << 63),
                ..genuine.clone()
            },
        ),
        (
            "job_id_out_of_range",
            GrantResult {
                job_id: Some(1 << 63),
                ..grant.failed()
            },
        ),
    ];
    let forged: Vec<GrantResult> = variants.iter().map(|(_, r)| r.clone()).collect();
    publish(&app, &forged).await;
    eventually(
        "every forged result dead-lettered",
        Duration::from_secs(20),
        || async { dead.len() >= variants.len() },
    )
    .await;
    let mut reasons: Vec<String> = dead
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|(_, a)| a["dead_letter_reason"].clone())
        .collect();
    reasons.sort();
    let mut expected: Vec<String> = variants.iter().map(|(r, _)| r.to_string()).collect();
    expected.sort();
    assert_eq!(reasons, expected);

    // Untouched: no transition, no hash, nothing released.
    let shown = status_of(&app, id).await;
    assert_eq!(shown["status"], "pending", "{shown}");
    assert_eq!(shown["transaction_hash"], Value::Null, "{shown}");
    assert_eq!(shown["released"], false, "{shown}");
    assert_eq!(shown["events"].as_array().unwrap().len(), 0, "{shown}");
    let metrics = app.metrics().await;
    assert!(
        metrics.contains("grant_results_dead_lettered_total{reason=\"mismatched_user_id\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics
            .contains("grant_results_dead_lettered_total{reason=\"mismatched_wallet_address\"} 2"),
        "{metrics}"
    );

    // The genuine result still applies.
    publish(&app, &[genuine]).await;
    wait_status(&app, id, "completed").await;
    assert_eq!(status_of(&app, id).await["transaction_hash"], hash(0xee));
}

#[tokio::test]
async fn a_refused_result_in_a_batch_changes_nothing_and_the_next_result_for_the_grant_applies() {
    use campaign_svc::results::{Applied, Refusal, apply_batch};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let grants = ledger_grants(&app, 2).await;
    let (a, b) = (&grants[0], &grants[1]);
    let batch = checked(&[
        // b's failure, claimed for a's user: would release the wrong user's coins.
        GrantResult {
            user_id: a.user_id.clone(),
            ..b.failed()
        },
        a.completed(&hash(1)),
        b.completed(&hash(2)),
    ]);
    let applied = apply_batch(&app.db, &batch).await.unwrap();
    assert_eq!(
        applied,
        vec![
            Applied::Refused(Refusal::UserId),
            Applied::Completed,
            Applied::Completed
        ]
    );
    assert_eq!(events_to(&app, b.request_id).await, ["completed"]);
    assert_eq!(app.credited(&a.user_id).await, 10);
    assert_eq!(app.credited(&b.user_id).await, 10);
}

#[tokio::test]
async fn an_unsigned_badly_signed_or_unknown_key_result_is_dead_lettered_and_the_grant_left_untouched()
 {
    use shared::signing::{KEY_ID_ATTRIBUTE, Keyring, MessageKind, SIGNATURE_ATTRIBUTE};
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    let dead = Collector::start(
        &app.bus,
        &format!("{}-sub", app.config.topics.results_dead_letter_topic),
    );
    app.add_user("alice", Some(&wallet(0xa1)), 0).await;
    let id = app.post_grant("alice", "summer").await;
    let grant = grant_ref(&app, id).await;
    let genuine = grant.completed(&hash(0xee));
    let data = genuine.encode();
    let base = HashMap::from([("request_id".to_string(), id.to_string())]);
    let keyring = shared::testkit::keyring();

    let unsigned = base.clone();
    // The genuine signature on other bytes: a result forged to complete the grant with another hash.
    let forged = grant.completed(&hash(0x66)).encode();
    let stolen = signed_as_result(&data, base.clone());
    // Signed with a key campaign-svc does not hold.
    let stranger = Keyring::parse(
        &shared::signing::generate_key_line("stranger").unwrap(),
        None,
    )
    .unwrap();
    let mut unknown = base.clone();
    stranger.sign(MessageKind::GrantResult, &data, &mut unknown);
    // Signed with the right key, but as a request.
    let mut as_request = base.clone();
    keyring.sign(MessageKind::GrantRequest, &data, &mut as_request);
    // The right signature moved to another key id.
    let mut moved = signed_as_result(&data, base.clone());
    moved.insert(KEY_ID_ATTRIBUTE.into(), "stranger".into());
    assert!(stolen.contains_key(SIGNATURE_ATTRIBUTE));

    let publisher = app
        .bus
        .publisher(&app.config.topics.results_topic, Duration::from_secs(10))
        .await
        .unwrap();
    let messages = vec![
        ("unsigned", data.clone(), unsigned),
        ("bad_signature", forged, stolen),
        ("unknown_signing_key", data.clone(), unknown),
        ("bad_signature", data.clone(), as_request),
        ("unknown_signing_key", data.clone(), moved),
    ];
    for (_, data, attrs) in &messages {
        publisher
            .publish(data.clone(), attrs.clone())
            .await
            .unwrap();
    }
    eventually(
        "every unauthenticated result dead-lettered",
        Duration::from_secs(20),
        || async { dead.len() >= messages.len() },
    )
    .await;
    let mut reasons: Vec<String> = dead
        .messages
        .lock()
        .unwrap()
        .iter()
        .map(|(_, a)| a["dead_letter_reason"].clone())
        .collect();
    reasons.sort();
    let mut expected: Vec<String> = messages.iter().map(|(r, _, _)| r.to_string()).collect();
    expected.sort();
    assert_eq!(reasons, expected);

    // Never applied: no transition, no hash.
    let shown = status_of(&app, id).await;
    assert_eq!(shown["status"], "pending", "{shown}");
    assert_eq!(shown["transaction_hash"], Value::Null, "{shown}");
    assert_eq!(shown["events"].as_array().unwrap().len(), 0, "{shown}");
    let metrics = app.metrics().await;
    for (reason, n) in [
        ("unsigned", 1),
        ("bad_signature", 2),
        ("unknown_signing_key", 2),
    ] {
        let line = format!("grant_results_dead_lettered_total{{reason=\"{reason}\"}} {n}");
        assert!(metrics.contains(&line), "{line} in {metrics}");
    }

    // The genuine, signed result still applies.
    publish(&app, &[genuine]).await;
    wait_status(&app, id, "completed").await;
    assert_eq!(status_of(&app, id).await["transaction_hash"], hash(0xee));
}

#[tokio::test]
async fn the_service_refuses_to_start_without_its_signing_keys() {
    let config = campaign_svc::config::Config::for_tests(
        "postgres://127.0.0.1:1/never-reached".into(),
        shared::testkit::pubsub_config(),
        shared::pubsub::TopicNames::unique_for_test("nokeys"),
    );
    let err = campaign_svc::startup::Application::build(config)
        .await
        .err()
        .expect("no signing keys: no start");
    assert!(
        err.to_string().contains("MESSAGE_SIGNING_KEYS_FILE"),
        "{err}"
    );
}
