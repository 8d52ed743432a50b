//! An operator ends a stuck grant (`POST /admin/grants/{id}/fail`): campaign-svc asks chain-svc,
//! which asks the Jobs contract's `paid_grant`, and refuses when the grant was paid (showing the
//! real payment), fails or releases it otherwise, with an audit entry. On the dev chain and on
//! Movement's real local chain.

use e2e::{ChainKind, System};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// 32 random hex digits: half a wallet address no other test uses.
fn wallet_prefix() -> String {
    Uuid::new_v4().simple().to_string()
}

async fn fail(system: &System, id: &str, body: Value) -> (u16, Value) {
    let res = system
        .http
        .post(system.url(&format!("/admin/grants/{id}/fail")))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

/// A grant as the ledger recorded it: handed to the bus a moment ago (so the outbox leaves it
/// alone for RESEND_AFTER_SECS) and created `age_secs` ago.
async fn stuck_ledger_grant(system: &System, user: &str, wallet: &str, age_secs: i64) -> String {
    sqlx::query("INSERT INTO user_ledger (user_id, credited) VALUES ($1, 5)")
        .bind(user)
        .execute(&system.db)
        .await
        .unwrap();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, coins, \
                             token_amount, token_type, status, published_at, created_at) \
         VALUES (grant_request_id(), 'ledger', $1, 'ledger', $2, 5, 5, 'GRANT', 'submitted', \
                 now(), now() - make_interval(secs => $3)) RETURNING request_id",
    )
    .bind(user)
    .bind(wallet)
    .bind(age_secs as f64)
    .fetch_one(&system.db)
    .await
    .unwrap();
    id.to_string()
}

async fn credited(system: &System, user: &str) -> i64 {
    sqlx::query_scalar("SELECT credited FROM user_ledger WHERE user_id = $1")
        .bind(user)
        .fetch_one(&system.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_stuck_grant_is_failed_only_after_the_contract_says_unpaid_on_the_dev_chain() {
    a_stuck_grant_is_failed_only_after_the_contract_says_unpaid(ChainKind::Devnet).await;
}

#[tokio::test]
async fn a_stuck_grant_is_failed_only_after_the_contract_says_unpaid_on_the_real_local_chain() {
    a_stuck_grant_is_failed_only_after_the_contract_says_unpaid(ChainKind::Localnet).await;
}

async fn a_stuck_grant_is_failed_only_after_the_contract_says_unpaid(kind: ChainKind) {
    let system = System::start(kind, |c| c.resend_after_secs = 3600).await;
    let prefix = wallet_prefix();
    let wallet = |n: u8| format!("0x{prefix}{}", format!("{n:02x}").repeat(16));

    // A grant that was paid, but whose result never arrived (forced back to `submitted`).
    sqlx::query("INSERT INTO users (user_id, wallet_address, balance) VALUES ('alice', $1, 0)")
        .bind(wallet(1))
        .execute(&system.db)
        .await
        .unwrap();
    let res = system
        .http
        .post(system.url("/token-request?user_id=alice&campaign_id=summer"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let paid_id = res.json::<Value>().await.unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    let start = Instant::now();
    let hash = loop {
        let hash: Option<String> = sqlx::query_scalar(
            "SELECT transaction_hash FROM grants WHERE request_id = $1::uuid AND status = 'completed'",
        )
        .bind(&paid_id)
        .fetch_optional(&system.db)
        .await
        .unwrap()
        .flatten();
        if let Some(h) = hash {
            break h;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the grant never completed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    sqlx::query(
        "UPDATE grants SET status = 'submitted', transaction_hash = NULL, ledger_version = NULL, \
         settled_at = NULL, published_at = now(), created_at = now() - interval '2 hours' \
         WHERE request_id = $1::uuid",
    )
    .bind(&paid_id)
    .execute(&system.db)
    .await
    .unwrap();
    let (status, body) = fail(&system, &paid_id, json!({"reason": "no result for hours"})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "grant_paid", "{body}");
    assert_eq!(body["error"]["chain"]["paid"], true, "{body}");
    assert_eq!(
        body["error"]["chain"]["payment"]["transaction_hash"],
        hash.as_str(),
        "the real payment is shown: {body}"
    );
    let still: String =
        sqlx::query_scalar("SELECT status::text FROM grants WHERE request_id = $1::uuid")
            .bind(&paid_id)
            .fetch_one(&system.db)
            .await
            .unwrap();
    assert_eq!(still, "submitted", "a paid grant is never failed");

    // A grant chain-svc never paid (nor saw): released, its coins back to the next run.
    let unpaid = stuck_ledger_grant(&system, "bob", &wallet(2), 7200).await;
    let (status, body) = fail(&system, &unpaid, json!({})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"]["field"], "reason", "{body}");
    let (status, body) = fail(
        &system,
        &unpaid,
        json!({"reason": "user id refused by an old chain-svc", "release": true}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "failed", "{body}");
    assert_eq!(body["released"], true, "{body}");
    assert_eq!(
        body["error_message"],
        "released by an operator: user id refused by an old chain-svc"
    );
    assert_eq!(
        credited(&system, "bob").await,
        0,
        "released to the next run"
    );
    let (action, actor, reason): (String, String, String) = sqlx::query_as(
        "SELECT action, actor, reason FROM admin_actions WHERE request_id = $1::uuid",
    )
    .bind(&unpaid)
    .fetch_one(&system.db)
    .await
    .unwrap();
    assert_eq!(action, "release");
    assert_eq!(actor, "open");
    assert_eq!(reason, "user id refused by an old chain-svc");
    let events: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM grant_events WHERE request_id = $1::uuid AND to_status = 'failed'",
    )
    .bind(&unpaid)
    .fetch_one(&system.db)
    .await
    .unwrap();
    assert_eq!(events, 1);
    // Once ended, it is not stuck any more.
    let (status, body) = fail(&system, &unpaid, json!({"reason": "again"})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_stuck", "{body}");

    // Failed without release: the coins stay credited (nothing is paid again by itself).
    let kept = stuck_ledger_grant(&system, "carol", &wallet(3), 7200).await;
    let (status, body) = fail(&system, &kept, json!({"reason": "written off"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "failed", "{body}");
    assert_eq!(body["released"], false, "{body}");
    assert_eq!(credited(&system, "carol").await, 5);

    // Younger than RESEND_AFTER_SECS: not stuck yet.
    let young = stuck_ledger_grant(&system, "dave", &wallet(4), 60).await;
    let (status, body) = fail(&system, &young, json!({"reason": "impatient"})).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "not_stuck", "{body}");
    assert_eq!(body["error"]["min_age_secs"], 3600, "{body}");
    system.stop().await;
}

#[tokio::test]
async fn a_legacy_grant_for_a_user_id_chain_svc_refuses_ends_failed_on_the_dev_chain() {
    a_legacy_grant_for_a_user_id_chain_svc_refuses_ends_failed(ChainKind::Devnet).await;
}

#[tokio::test]
async fn a_legacy_grant_for_a_user_id_chain_svc_refuses_ends_failed_on_the_real_local_chain() {
    a_legacy_grant_for_a_user_id_chain_svc_refuses_ends_failed(ChainKind::Localnet).await;
}

/// A grant recorded before the ledger held user ids to the identifier rule (here: an id with a
/// line feed) is no longer re-sent forever: chain-svc answers it with a permanent `failed`
/// result, the ledger applies it (releasing the coins), and nothing is paid.
async fn a_legacy_grant_for_a_user_id_chain_svc_refuses_ends_failed(kind: ChainKind) {
    let system = System::start(kind, |_| {}).await;
    let wallet = format!("0x{}{}", wallet_prefix(), "b2".repeat(16));
    let user = "legacy\nuser";
    sqlx::query("INSERT INTO user_ledger (user_id, credited) VALUES ($1, 7)")
        .bind(user)
        .execute(&system.db)
        .await
        .unwrap();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, coins, \
                             token_amount, token_type) \
         VALUES (grant_request_id(), 'ledger', $1, 'ledger', $2, 7, 7, 'GRANT') RETURNING request_id",
    )
    .bind(user)
    .bind(&wallet)
    .fetch_one(&system.db)
    .await
    .unwrap();
    let start = Instant::now();
    let (status, message, class): (String, Option<String>, Option<String>) = loop {
        let row: (String, Option<String>, Option<String>) = sqlx::query_as(
            "SELECT status::text, error_message, error_class FROM grants WHERE request_id = $1",
        )
        .bind(id)
        .fetch_one(&system.db)
        .await
        .unwrap();
        if row.0 == "failed" || row.0 == "completed" {
            break row;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no result: {row:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(status, "failed");
    assert_eq!(class.as_deref(), Some("permanent"));
    assert!(
        message
            .as_deref()
            .unwrap_or_default()
            .starts_with("refused by chain-svc: user_id:"),
        "{message:?}"
    );
    assert_eq!(credited(&system, user).await, 0, "the coins were released");
    assert_eq!(system.node.jobs_balance(&system.http, &wallet).await, 0);
    system.stop().await;
}
