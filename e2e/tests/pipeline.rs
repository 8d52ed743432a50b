//! The whole pipeline: HTTP and ledger grants go through the outbox, Pub/Sub, chain-svc and the
//! Jobs contract, and come back as completed grants whose hashes and amounts the chain confirms.
//! Each test runs on the dev chain and on Movement's real local chain; wallets are random per
//! test, as the local chain is shared by the whole run.

use e2e::{ChainKind, System};
use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};

async fn wait_for<F, Fut>(what: &str, deadline: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !check().await {
        assert!(start.elapsed() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// 32 random hex digits: half a wallet address no other test uses.
fn wallet_prefix() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[tokio::test]
async fn a_token_request_ends_completed_with_a_hash_the_dev_chain_confirms() {
    a_token_request_ends_completed_with_a_hash_the_chain_confirms(ChainKind::Devnet).await;
}

#[tokio::test]
async fn a_token_request_ends_completed_with_a_hash_the_real_local_chain_confirms() {
    a_token_request_ends_completed_with_a_hash_the_chain_confirms(ChainKind::Localnet).await;
}

async fn a_token_request_ends_completed_with_a_hash_the_chain_confirms(kind: ChainKind) {
    let system = System::start(kind, |_| {}).await;
    let wallet = format!("0x{}{}", wallet_prefix(), "a1".repeat(16));
    sqlx::query("INSERT INTO users (user_id, wallet_address, balance) VALUES ('alice', $1, 0)")
        .bind(&wallet)
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
    let grant: Value = res.json().await.unwrap();
    let request_id = grant["request_id"].as_str().unwrap().to_string();

    wait_for("the grant to complete", Duration::from_secs(60), || {
        let http = system.http.clone();
        let url = system.url("/status?user_id=alice");
        async move {
            let status: Value = http.get(url).send().await.unwrap().json().await.unwrap();
            status["grants"][0]["status"] == "completed"
        }
    })
    .await;
    let status: Value = system
        .http
        .get(system.url("/status?user_id=alice"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["paid"], 100);
    let hash = status["grants"][0]["transaction_hash"]
        .as_str()
        .unwrap()
        .to_string();

    // The chain confirms: committed, successful, and its events pay exactly this grant.
    let tx = system.node.transaction(&system.http, &hash).await;
    assert_eq!(tx["type"], "user_transaction");
    assert_eq!(tx["success"], true);
    let grant_hex = format!("0x{}", request_id.replace('-', ""));
    let paid: Vec<&Value> = tx["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"].as_str().unwrap().ends_with("::jobs::GrantPaid"))
        .filter(|e| e["data"]["grant_id"] == grant_hex.as_str())
        .collect();
    assert_eq!(paid.len(), 1, "{tx}");
    assert_eq!(paid[0]["data"]["amount"], "100");
    assert_eq!(system.node.jobs_balance(&system.http, &wallet).await, 100);
    system.stop().await;
}

#[tokio::test]
async fn ledger_runs_pay_each_user_exactly_their_delta_on_the_dev_chain() {
    ledger_runs_pay_each_user_exactly_their_delta_on_chain(ChainKind::Devnet).await;
}

#[tokio::test]
async fn ledger_runs_pay_each_user_exactly_their_delta_on_the_real_local_chain() {
    ledger_runs_pay_each_user_exactly_their_delta_on_chain(ChainKind::Localnet).await;
}

async fn ledger_runs_pay_each_user_exactly_their_delta_on_chain(kind: ChainKind) {
    let system = System::start(kind, |c| c.coin_token_rate = 10).await;
    sqlx::query(
        "INSERT INTO users (user_id, wallet_address, balance) \
         SELECT 'p' || i, '0x' || $1 || lpad(to_hex(1000 + i), 32, '0'), \
                CASE WHEN i % 10 = 0 THEN 0 ELSE i * 3 END \
         FROM generate_series(1, 300) AS i",
    )
    .bind(wallet_prefix())
    .execute(&system.db)
    .await
    .unwrap();

    for round in 0..2 {
        if round == 1 {
            // Play continues: some balances grow, the rest stay.
            sqlx::query("UPDATE users SET balance = balance + 7 WHERE user_id LIKE 'p%' AND (substr(user_id, 2)::int) % 2 = 0")
                .execute(&system.db)
                .await
                .unwrap();
        }
        let run: Value = system
            .http
            .post(system.url("/admin/ledger-runs"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(run["outcome"], "completed", "{run}");
        wait_for("every grant settled", Duration::from_secs(120), || {
            let db = system.db.clone();
            async move {
                let open: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM grants WHERE status NOT IN ('completed', 'failed')",
                )
                .fetch_one(&db)
                .await
                .unwrap();
                open == 0
            }
        })
        .await;
        let failed: i64 = sqlx::query_scalar("SELECT count(*) FROM grants WHERE status = 'failed'")
            .fetch_one(&system.db)
            .await
            .unwrap();
        assert_eq!(failed, 0);

        // Each user was paid exactly balance × rate, and the chain agrees with the ledger.
        let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT u.user_id, u.wallet_address, u.balance, \
                    coalesce(sum(g.token_amount) FILTER (WHERE g.status = 'completed'), 0)::bigint \
             FROM users u LEFT JOIN grants g ON g.user_id = u.user_id \
             WHERE u.user_id LIKE 'p%' GROUP BY u.user_id, u.wallet_address, u.balance",
        )
        .fetch_all(&system.db)
        .await
        .unwrap();
        assert_eq!(rows.len(), 300);
        let mut by_wallet: HashMap<String, i64> = HashMap::new();
        for (user, wallet, balance, paid) in &rows {
            assert_eq!(*paid, balance * 10, "user {user} (round {round})");
            *by_wallet.entry(wallet.clone()).or_default() += paid;
        }
        for (wallet, paid) in by_wallet {
            assert_eq!(
                system.node.jobs_balance(&system.http, &wallet).await as i64,
                paid,
                "on-chain balance of {wallet} (round {round})"
            );
        }
    }
    let stats: Value = system
        .http
        .get(format!("{}/stats", system.chain))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(stats.is_object());
    system.stop().await;
}
