//! Ledger runs: the right grants, once, even with two replicas running at the same time.

use crate::common::{TestApp, spawn_app, spawn_app_with, wallet};
use campaign_svc::game::GameSource;
use campaign_svc::ledger::{LedgerRules, LedgerRunOutcome, run_ledger};
use std::collections::HashMap;

fn rules(min: i64, rate: i64, max: i64) -> LedgerRules {
    LedgerRules {
        min_payout_coins: min,
        coin_token_rate: rate,
        max_grant_amount: max,
        token_type: "GRANT".into(),
        workers: 3,
    }
}

fn game(app: &TestApp) -> GameSource {
    GameSource::new(
        app.db.clone(),
        "SELECT user_id, wallet_address, balance FROM users",
        true,
    )
}

async fn ledger_grants(app: &TestApp) -> HashMap<String, (i64, i64)> {
    sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT user_id, coins, token_amount FROM grants WHERE source = 'ledger'",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .into_iter()
    .map(|(u, c, t)| (u, (c, t)))
    .collect()
}

async fn credit(app: &TestApp, user: &str, coins: i64) {
    sqlx::query("INSERT INTO user_ledger (user_id, credited) VALUES ($1, $2)")
        .bind(user)
        .bind(coins)
        .execute(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_ledger_run_creates_exactly_the_right_grants_and_a_second_run_none() {
    let app = spawn_app().await;
    app.add_user("new", Some(&wallet(1)), 500).await;
    app.add_user("paid-up", Some(&wallet(2)), 300).await;
    credit(&app, "paid-up", 300).await;
    app.add_user("spent", Some(&wallet(3)), 100).await;
    credit(&app, "spent", 400).await;
    app.add_user("partly", Some(&wallet(4)), 1000).await;
    credit(&app, "partly", 250).await;
    app.add_user("no-wallet", None, 900).await;
    app.add_user("bad-wallet", Some("0xnope"), 900).await;
    app.add_user("zero-wallet", Some("0x0"), 900).await;
    app.add_user("tiny", Some(&wallet(5)), 9).await;
    app.add_user("whale", Some("0xABC"), 5_000).await;
    app.add_user("zero", Some(&wallet(6)), 0).await;

    let outcome = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    let LedgerRunOutcome::Completed {
        users_scanned,
        users_skipped_no_wallet,
        grants_created,
        coins_credited,
        ..
    } = outcome
    else {
        panic!("the run was skipped");
    };
    assert_eq!(users_scanned, 10);
    assert_eq!(users_skipped_no_wallet, 3);
    assert_eq!(grants_created, 3);
    let grants = ledger_grants(&app).await;
    assert_eq!(grants.len(), 3, "{grants:?}");
    assert_eq!(grants["new"], (500, 1500));
    assert_eq!(grants["partly"], (750, 2250));
    // 5000 coins × 3 exceeds MAX_GRANT_AMOUNT 3000: one run pays 1000 coins.
    assert_eq!(grants["whale"], (1000, 3000));
    assert_eq!(coins_credited, 2250);
    let whale_wallet: String =
        sqlx::query_scalar("SELECT wallet_address FROM grants WHERE user_id = 'whale'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(whale_wallet, format!("0x{}abc", "0".repeat(61)));

    // Nothing changed in the game: nothing new, except the whale's remainder.
    let second = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    let LedgerRunOutcome::Completed { grants_created, .. } = second else {
        panic!()
    };
    assert_eq!(grants_created, 1, "only the whale's next 1000 coins");
    for _ in 0..3 {
        run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
            .await
            .unwrap();
    }
    let after: LedgerRunOutcome = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    assert!(matches!(
        after,
        LedgerRunOutcome::Completed {
            grants_created: 0,
            ..
        }
    ));
    let whale_total: i64 =
        sqlx::query_scalar("SELECT sum(coins)::bigint FROM grants WHERE user_id = 'whale'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(whale_total, 5_000);

    // Play continues: only the new coins are granted.
    app.add_user("new", Some(&wallet(1)), 520).await;
    app.add_user("tiny", Some(&wallet(5)), 12).await;
    let third = run_ledger(&app.db, &game(&app), &rules(10, 3, 3_000), "test")
        .await
        .unwrap();
    assert!(
        matches!(
            third,
            LedgerRunOutcome::Completed {
                grants_created: 2,
                coins_credited: 32,
                ..
            }
        ),
        "{third:?}"
    );
}

#[tokio::test]
async fn two_instances_running_the_ledger_at_once_create_no_duplicates() {
    let app = spawn_app().await;
    sqlx::query(
        "INSERT INTO users (user_id, wallet_address, balance) \
         SELECT 'u' || i, '0x' || md5(i::text) || md5(i::text), 10 + i FROM generate_series(1, 20000) i",
    )
    .execute(&app.db)
    .await
    .unwrap();
    // A second "replica": its own pool on the same database.
    let other = sqlx::PgPool::connect(&app.config.database_url)
        .await
        .unwrap();
    let other_game = GameSource::new(
        other.clone(),
        "SELECT user_id, wallet_address, balance FROM users",
        true,
    );
    let mine = game(&app);
    let r = rules(1, 1, 1_000_000);
    let mut runs = Vec::new();
    for i in 0..6 {
        let (db, g, r) = if i % 2 == 0 {
            (app.db.clone(), mine.clone(), r.clone())
        } else {
            (other.clone(), other_game.clone(), r.clone())
        };
        runs.push(tokio::spawn(async move {
            run_ledger(&db, &g, &r, "race").await.unwrap()
        }));
    }
    let mut created = 0;
    for run in runs {
        if let LedgerRunOutcome::Completed { grants_created, .. } = run.await.unwrap() {
            created += grants_created;
        }
    }
    assert_eq!(created, 20_000);
    let (grants, users): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT user_id) FROM grants")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((grants, users), (20_000, 20_000));
}

#[tokio::test]
async fn a_game_table_in_another_database_is_read_by_copy() {
    let game_url = shared::testkit::fresh_database();
    let game_pool = sqlx::PgPool::connect(&game_url).await.unwrap();
    sqlx::query("CREATE TABLE players (id INT PRIMARY KEY, wallet TEXT, coins NUMERIC)")
        .execute(&game_pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO players VALUES (1, '0x01', 10), (2, NULL, 5), (3, '0x03', 7)")
        .execute(&game_pool)
        .await
        .unwrap();
    let app = spawn_app_with(|c| {
        c.game_database_url = Some(game_url.clone());
        c.game_users_query =
            "SELECT id AS user_id, wallet AS wallet_address, coins AS balance FROM players".into();
    })
    .await;
    let run = app.run_ledger().await;
    assert_eq!(run["outcome"], "completed", "{run}");
    assert_eq!(run["users_scanned"], 3);
    assert_eq!(run["grants_created"], 2);
    let grants = ledger_grants(&app).await;
    assert_eq!(grants["1"], (10, 10));
    assert_eq!(grants["3"], (7, 7));
    // The API reads the same external game table.
    let status = app.get_json("/status?user_id=3").await;
    assert_eq!(status["earned"], 7);
    assert_eq!(status["credited"], 7);
    assert_eq!(status["pending"], 7);
}

/// The millisecond timestamp a version-7 id carries.
fn v7_millis(id: uuid::Uuid) -> u64 {
    assert_eq!(id.get_version_num(), 7, "{id} is not a version-7 id");
    assert_eq!(id.get_variant(), uuid::Variant::RFC4122, "{id}");
    let (secs, nanos) = id.get_timestamp().unwrap().to_unix();
    secs * 1000 + u64::from(nanos) / 1_000_000
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

#[tokio::test]
async fn request_ids_are_time_ordered_so_new_grants_land_at_the_end_of_the_index() {
    let app = spawn_app_with(|c| c.outbox_workers = 0).await;
    for i in 0..40 {
        app.add_user(&format!("v{i:02}"), Some(&wallet(i + 1)), 100)
            .await;
    }
    let ids_of_run = |run: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, uuid::Uuid>("SELECT request_id FROM grants WHERE run_id = $1")
                .bind(run)
                .fetch_all(&db)
                .await
                .unwrap()
        }
    };
    let run = || async {
        match run_ledger(&app.db, &game(&app), &rules(1, 1, 1_000_000), "test")
            .await
            .unwrap()
        {
            LedgerRunOutcome::Completed { run_id, .. } => run_id,
            other => panic!("the run did not complete: {other:?}"),
        }
    };
    // The database's clock and ours are the same machine's: allow a little slack either side.
    let before = now_millis() - 5;
    let first = run().await;
    let between = now_millis() + 5;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    sqlx::query("UPDATE users SET balance = balance + 50")
        .execute(&app.db)
        .await
        .unwrap();
    let second = run().await;
    let after = now_millis() + 5;

    let first_ids = ids_of_run(first).await;
    let second_ids = ids_of_run(second).await;
    assert_eq!((first_ids.len(), second_ids.len()), (40, 40));
    for id in &first_ids {
        assert!((before..=between).contains(&v7_millis(*id)), "{id}");
    }
    for id in &second_ids {
        assert!((between - 10..=after).contains(&v7_millis(*id)), "{id}");
    }
    // Every id of the later run sorts after every id of the earlier one (as the index sees them).
    assert!(first_ids.iter().max() < second_ids.iter().min());
    let distinct: std::collections::HashSet<_> = first_ids.iter().chain(&second_ids).collect();
    assert_eq!(distinct.len(), 80);

    // Grants made over HTTP carry the same kind of id.
    let api_id = app.post_grant("v00", "ids").await;
    assert!(v7_millis(api_id) >= after - 10);
    assert!(api_id > *second_ids.iter().max().unwrap());
}
